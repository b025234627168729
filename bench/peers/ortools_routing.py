"""OR-Tools routing peer: a prize-collecting VRP per working day, with disjunction penalties.

What a user of this stack tries first (issue 17): OR-Tools' own routing library
(``ortools.constraint_solver``), the exported inputs, the same wall-clock limit as the product
split evenly over the working days, solved one day at a time in date order.

Model of one day (:func:`day_model`): each team working that day is a vehicle starting and ending
at its own base; a *time* dimension (driving minutes + each stop's setup and service at that
team's rate) up to its shift; a *stops* dimension up to ``max_stops_per_day``. Each commune that
may be visited that day (earliest date reached, not a blackout date, backlog left, cap left)
offers optional nodes: a day-sized chunk (what one team can take there in a one-stop day at the
slowest rate, within the cap and the backlog) and its half and third (for multi-stop days), at
most one of them visited (a constraint on their active variables). Each node is an optional
visit: a disjunction whose penalty is its applications × :data:`PRIZE_PER_APP`, so volume wins
over driving; the arc cost is driving minutes. With ``max_teams_per_commune_day`` = k > 1 the
commune's room is split into k such groups. First solution by parallel cheapest insertion,
then guided local search until the day's time slice ends.

After each day the routes are booked as in the PyVRP peer (``common.book_route``: merge, check
every rule, repair, top up each stop with the team's spare shift). The next day starts from what
is left. Limitations: no overnight stays, days planned one at a time.

Usage: ``python -m bench.peers.ortools_routing INPUTS_DIR --out plan.csv --time-limit 60
[--min-apps-per-stop 20] [--max-teams-per-commune-day N] [--max-stops-per-day 3]``
"""

from __future__ import annotations

import datetime as dt
import math
import sys
import time
from dataclasses import dataclass

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

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
MIN_SLICE_MS = 50


@dataclass(frozen=True)
class DayModel:
    """One day's routing model: labels of the nodes (bases first), the chunk of each commune
    node, the vehicles' teams."""

    labels: list[str]
    chunks: list[tuple[str, int] | None]
    groups: list[list[int]]
    teams: list[TeamIn]
    max_stops: int


def _chunk_sizes(top: int, minimum: int) -> list[int]:
    """A day-sized chunk and its half and third, those of at least ``minimum``."""
    return sorted({s for s in (top, top // 2, top // 3) if s >= minimum}, reverse=True)


def _shares(total: int, count: int) -> list[int]:
    """``total`` split into ``count`` near-equal parts, larger first."""
    return [total // count + (1 if i < total % count else 0) for i in range(count)]


def day_model(inputs: Inputs, ledger: Ledger, day: dt.date, teams: list[TeamIn]) -> DayModel:
    """Nodes of ``day``: one base per team, then the communes' optional chunks."""
    slow = TeamIn("", min(t.apps_per_hour for t in teams), max(t.setup_min for t in teams), 0)
    limit = ledger.rules.max_teams_per_commune_day
    groups_max = len(teams) if limit is None else min(limit, len(teams))
    labels: list[str] = [t.base for t in teams]
    chunks: list[tuple[str, int] | None] = [None] * len(teams)
    groups: list[list[int]] = []
    for code, commune in inputs.communes.items():
        budget = ledger.room(code, day)
        minimum = ledger.rules.min_stop(commune)
        reach = max(
            t.shift_min - inputs.minutes(t.base, code) - inputs.minutes(code, t.base) for t in teams
        )
        top_day = slow.apps_in(reach - slow.setup_min)
        if min(budget, top_day) < minimum:
            continue
        count = max(1, min(groups_max, budget // minimum))
        for share in _shares(budget, count):
            top = no_crumbs(min(share, top_day), ledger.remaining[code], minimum)
            group = []
            for size in _chunk_sizes(top, minimum):
                group.append(len(labels))
                labels.append(code)
                chunks.append((code, size))
            if group:
                groups.append(group)
    return DayModel(labels, chunks, groups, teams, ledger.rules.max_stops_per_day)


def solve_day(inputs: Inputs, model: DayModel, seconds: float) -> list[list[tuple[str, int]]]:
    """The routes of one day (per vehicle, its chunks in order) within ``seconds``."""
    n_vehicles = len(model.teams)
    starts = list(range(n_vehicles))
    manager = pywrapcp.RoutingIndexManager(len(model.labels), n_vehicles, starts, starts)
    routing = pywrapcp.RoutingModel(manager)
    labels, chunks = model.labels, model.chunks

    def drive(i: int, j: int) -> int:
        a, b = manager.IndexToNode(i), manager.IndexToNode(j)
        return inputs.minutes(labels[a], labels[b])

    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitCallback(drive))
    time_callbacks = []
    for team in model.teams:

        def minutes(i: int, j: int, team: TeamIn = team) -> int:
            chunk = chunks[manager.IndexToNode(i)]
            service = 0 if chunk is None else math.ceil(team.service_min(chunk[1]))
            return service + drive(i, j)

        time_callbacks.append(routing.RegisterTransitCallback(minutes))
    routing.AddDimensionWithVehicleTransits(
        time_callbacks, 0, max(t.shift_min for t in model.teams), True, "time"
    )
    span = routing.GetDimensionOrDie("time")
    for v, team in enumerate(model.teams):
        span.CumulVar(routing.End(v)).SetMax(team.shift_min)

    def one_stop(i: int) -> int:
        return 0 if chunks[manager.IndexToNode(i)] is None else 1

    routing.AddDimension(
        routing.RegisterUnaryTransitCallback(one_stop),
        0,
        model.max_stops,
        True,
        "stops",
    )
    for group in model.groups:
        indices = [manager.NodeToIndex(node) for node in group]
        for index, node in zip(indices, group, strict=True):
            chunk = chunks[node]
            assert chunk is not None
            routing.AddDisjunction([index], chunk[1] * PRIZE_PER_APP)
        if len(indices) > 1:
            routing.solver().Add(routing.solver().Sum([routing.ActiveVar(i) for i in indices]) <= 1)
    params = pywrapcp.DefaultRoutingSearchParameters()
    # The cheapest arc closes every route at once (base → base costs nothing) and leaves local
    # search to insert 400+ optional nodes from scratch: it ran out of a day's slice with no
    # visit at all on the province instances. Parallel cheapest insertion starts with routes.
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(MIN_SLICE_MS, int(seconds * 1000)))
    solution = routing.SolveWithParameters(params)
    routes: list[list[tuple[str, int]]] = [[] for _ in range(n_vehicles)]
    if solution is None:
        return routes
    for v in range(n_vehicles):
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            chunk = chunks[manager.IndexToNode(index)]
            if chunk is not None:
                routes[v].append(chunk)
            index = solution.Value(routing.NextVar(index))
    return routes


def plan_routing(inputs: Inputs, rules: PeerRules, deadline: float) -> tuple[Plan, str]:
    """Solve every working day in date order within the wall-clock ``deadline`` (monotonic)."""
    ledger = Ledger(inputs, rules)
    plan: Plan = {}
    days = [d for d, ids in inputs.working.items() if ids]
    unsolved = 0
    for i, day in enumerate(days):
        teams = [inputs.teams[t] for t in inputs.working[day]]
        model = day_model(inputs, ledger, day, teams)
        if not model.groups:
            continue
        left = deadline - time.monotonic() - RESERVE_S
        routes = solve_day(inputs, model, max(0.0, left / (len(days) - i)))
        unsolved += not any(routes)
        for team, visits in zip(model.teams, routes, strict=True):
            if stops := book_route(inputs, ledger, team, day, visits):
                plan[(day, team.team_id)] = stops
    status = "ortools routing day by day"
    if unsolved:
        status += f", {unsolved} days without routes"
    return plan, status


def main() -> int:
    """Command line: see the module docstring."""
    return peer_main(__doc__.split("\n")[0], plan_routing)


if __name__ == "__main__":
    sys.exit(main())
