"""PyVRP peer: a prize-collecting vehicle-routing plan, solved one working day at a time.

The peer a planner would reach for (issue 9): PyVRP 0.14 (``requirements-bench.txt``), the
exported inputs, the same wall-clock limit as the product, split evenly over the working days.

Model of one day (``day_problem``): each team working that day is a vehicle starting and ending
at its own base (a depot), route duration at most its shift, at most ``max_stops_per_day`` stops
(a load dimension: every stop weighs 1). Each commune that may be visited that day (earliest date
reached, not a blackout date, backlog left) offers a mutually exclusive group of optional clients
at its venue: a day-sized chunk (what one team can take there in a one-stop day, within the daily
cap and the backlog) and its half and third, for multi-stop days; prize = applications (× 100, so
volume always wins over driving), distance = driving minutes. With ``max_teams_per_commune_day``
= k > 1 the commune's budget is split into k groups. Service times use the slowest rate and the
longest setup of the day's teams, so every route PyVRP returns fits every team's shift.

After each day (``book_route``): consecutive chunks at one commune are merged into one stop, the
route is checked against the exact rules (shift, stops, cap, teams per commune-day, minimum stop;
stops are dropped, smallest first, if PyVRP returned an infeasible route) and then each stop is
topped up with the slack left by the team's true (faster) rate. The next day starts from what
is left. Days are solved greedily in date order: the peer does not plan across days.

Limitations: no overnight stays (every route ends at base), days are planned one at a time.

Usage: ``python -m bench.peers.pyvrp_peer INPUTS_DIR --out plan.csv --time-limit 60
[--min-apps-per-stop 20] [--max-teams-per-commune-day N] [--max-stops-per-day 3]``
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from dataclasses import dataclass
from typing import Any

import numpy as np
from pyvrp import Client, ClientGroup, Depot, Location, ProblemData, VehicleType, solve
from pyvrp.stop import MaxRuntime

from bench.peers.common import (
    Inputs,
    Ledger,
    PeerRules,
    Plan,
    TeamIn,
    book_route,
    no_crumbs,
    peer_main,
)

#: Objective weight of one application, in driving minutes.
PRIZE_PER_APP = 100
#: Seconds kept back for writing the plan.
RESERVE_S = 0.5
MIN_SLICE_S = 0.05


@dataclass(frozen=True)
class DayProblem:
    """One day's PyVRP data and what each client and vehicle type stands for."""

    data: ProblemData
    chunks: list[tuple[str, int]]
    teams: list[TeamIn]


def _chunk_sizes(top: int, minimum: int) -> list[int]:
    """A day-sized chunk and its half and third, those of at least ``minimum``."""
    return sorted({s for s in (top, top // 2, top // 3) if s >= minimum}, reverse=True)


def day_problem(inputs: Inputs, ledger: Ledger, day: dt.date, teams: list[TeamIn]) -> DayProblem:
    """The prize-collecting VRP of ``day`` for ``teams`` (see the module docstring)."""
    slow = TeamIn("", min(t.apps_per_hour for t in teams), max(t.setup_min for t in teams), 0)
    limit = ledger.rules.max_teams_per_commune_day
    groups_max = len(teams) if limit is None else min(limit, len(teams))
    labels = [t.base for t in teams]
    locations = [Location(t.lon, t.lat, name=t.base) for t in teams]
    clients: list[Client] = []
    groups: list[ClientGroup] = []
    chunks: list[tuple[str, int]] = []
    for code, commune in inputs.communes.items():
        budget = ledger.room(code, day)
        minimum = ledger.rules.min_stop(commune)
        reach = max(
            t.shift_min - inputs.minutes(t.base, code) - inputs.minutes(code, t.base) for t in teams
        )
        top_day = slow.apps_in(reach - slow.setup_min)
        if min(budget, top_day) < minimum:
            continue
        labels.append(code)
        locations.append(Location(commune.lon, commune.lat, name=code))
        count = max(1, min(groups_max, budget // minimum))
        for share in _shares(budget, count):
            group = ClientGroup(required=False)
            top = no_crumbs(min(share, top_day), ledger.remaining[code], minimum)
            for size in _chunk_sizes(top, minimum):
                group.add_client(len(clients))
                clients.append(
                    Client(
                        location=len(labels) - 1,
                        delivery=[1],
                        service_duration=math.ceil(slow.service_min(size)),
                        prize=size * PRIZE_PER_APP,
                        required=False,
                        group=len(groups),
                    )
                )
                chunks.append((code, size))
            groups.append(group)
    minutes = np.array([[inputs.minutes(a, b) for b in labels] for a in labels], dtype=np.int64)
    vehicles = [
        VehicleType(
            num_available=1,
            capacity=[ledger.rules.max_stops_per_day],
            start_depot=i,
            end_depot=i,
            shift_duration=t.shift_min,
            name=t.team_id,
        )
        for i, t in enumerate(teams)
    ]
    depots = [Depot(location=i) for i in range(len(teams))]
    matrices: list[Any] = [minutes]  # the stubs say ndarray[int]
    data = ProblemData(locations, clients, depots, vehicles, matrices, matrices, groups)
    return DayProblem(data, chunks, teams)


def _shares(total: int, count: int) -> list[int]:
    """``total`` split into ``count`` near-equal parts, larger first."""
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def plan_pyvrp(inputs: Inputs, rules: PeerRules, deadline: float) -> tuple[Plan, str]:
    """Solve every working day in date order within the wall-clock ``deadline`` (monotonic)."""
    ledger = Ledger(inputs, rules)
    plan: Plan = {}
    days = [d for d, ids in inputs.working.items() if ids]
    infeasible = 0
    for i, day in enumerate(days):
        teams = [inputs.teams[t] for t in inputs.working[day]]
        problem = day_problem(inputs, ledger, day, teams)
        if not problem.chunks:
            continue
        left = deadline - time.monotonic() - RESERVE_S
        seconds = max(MIN_SLICE_S, left / (len(days) - i))
        best = solve(
            problem.data, MaxRuntime(seconds), seed=i, collect_stats=False, display=False
        ).best
        infeasible += not best.is_feasible()
        for route in best.routes():
            team = problem.teams[route.vehicle_type()]
            visits = [problem.chunks[a.idx] for a in route.schedule() if a.is_client()]
            if stops := book_route(inputs, ledger, team, day, visits):
                plan[(day, team.team_id)] = stops
    status = "pyvrp day by day" + (f", {infeasible} infeasible days repaired" if infeasible else "")
    return plan, status


def main() -> int:
    """Command line: see the module docstring."""
    return peer_main(__doc__.split("\n")[0], plan_pyvrp)


if __name__ == "__main__":
    sys.exit(main())
