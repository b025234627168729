"""The day allotment start: which team spends how many whole days at which commune, decided for
the whole province at once, then dated and filled.

Why: the day-by-day constructions (:mod:`planning.solver.greedy`, cheapest insertion) let each
team take what is best near it *that day*. On a province of day trips whose backlog is uneven
over its bases, the teams near a dense area finish their own communes first and the dense area
is reached too late, while teams far away sit idle: Đồng Tháp with 14 teams (day trips, one team
per commune a day) — cheapest insertion 63,184 of 65,030, and the neighbourhood search does not
undo it (63,373 after 20 s). The allotment sees the whole period at once.

1. **Allot** (a small integer programme, CP-SAT): ``d[t, c]`` whole days team ``t`` spends at
   node ``c`` on single-stop day trips, ``x[t, c]`` applications it takes there:
   ``x ≤ most(t, c) · d`` (``most``: what one such day can take — the shift less the round trip
   and one setup, at the team's rate, within the venue cap and the point's opening hours),
   ``Σ_c d[t, c] ≤`` the team's free days, ``Σ_t x[t, c] ≤`` the backlog left, and per commune
   ``Σ d ≤`` teams per commune-day × the dates it is open. Maximise ``Σ x``, then fewer days
   (so that days not needed stay free for the fill). This is a start, not a bound: it only
   knows single-stop days.
2. **Date** the allotted days: date by date, the teams with the most allotted days left per
   free day first, each at its allotted commune with the most days left that still has room
   that day (:class:`~planning.solver.greedy.Ledger`: backlog, venue cap, teams per
   commune-day, opening dates).
3. **Fill**: each dated day takes more stops by cheapest insertion while its shift has room (a
   commune's last short day gets a second commune), then cheapest insertion plans the free
   team-days left (:func:`~planning.solver.insertion.insertion_assignment`).

Measured against cheapest insertion (1.5 s for the programme, on a machine running a bench):
Đồng Tháp 14 teams 63,184 → 64,858, 13 teams 62,315 → 64,336; Tây Ninh 10 teams 47,987 →
47,960 and Hà Nội 21 teams 121,284 → 109,747 (there cheapest insertion stays the start: the best
of the starts is kept).
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable
from typing import Any

from ortools.linear_solver import pywraplp
from ortools.sat.python import cp_model

from planning.solver.assignment import Assignment
from planning.solver.greedy import Ledger, viable_take
from planning.solver.insertion import (
    Stops,
    best_insertion,
    insertion_assignment,
    topped_up,
    within_hours,
)
from planning.solver.instance import Instance
from planning.solver.routes import Route, RouteIndex, make_route

#: Share of the start's time the integer programme may use (the rest: dating and filling).
PROGRAMME_SHARE = 0.7
#: Weight of one application against one allotted day in the objective (more applications
#: first; a day is never worth an application).
APPS_WEIGHT = 1_000

#: (team index, node) → (most applications one single-stop day takes there, its route).
DayTrips = dict[tuple[int, str], tuple[int, Route]]
#: (team index, node) → whole days allotted.
Allotment = dict[tuple[int, str], int]


def allotment_assignment(
    inst: Instance, routes: dict[str, list[Route]], until: float | None = None
) -> Assignment:
    """The day allotment plan (module docstring); new routes are appended to ``routes``. Empty
    when every team has the same base — which team serves which commune is then not a choice
    of bases, and cheapest insertion did better (province_190: 15,648 against the tours'
    27,749; province_199, day trips: 18,342 against 18,724) while the programme's seconds cost
    the radius LP its finish (20,933 → 21,725) — or when the programme finds no solution in
    time (the other starts are kept)."""
    if len({tuple(inst.travel(t.label, c) for c in inst.communes) for t in inst.teams}) <= 1:
        return {}
    seconds = 1.0 if until is None else max(0.05, (until - time.monotonic()) * PROGRAMME_SHARE)
    trips = single_day_trips(inst)
    days = allot_days(inst, trips, seconds)
    if not days:
        return {}
    dated = date_days(inst, routes, trips, days)
    return insertion_assignment(inst, routes, until, start=extended_days(inst, routes, dated))


def single_day_trips(inst: Instance) -> DayTrips:
    """Every (team, node) a single-stop day trip can serve, with the most it takes."""
    trips: DayTrips = {}
    for team in inst.teams:
        for code in inst.communes:
            route = make_route(inst, team, (code,))
            most = min(team.max_apps(route.service_min), inst.backlog[code])
            for _, limit in route.window_limits(team):
                most = min(most, limit)
            cap = inst.cap[code]
            if cap is not None:
                most = min(most, cap)
            if most > 0 and most >= inst.min_stop(code):
                trips[(team.index, code)] = (most, route)
    return trips


def allot_days(inst: Instance, trips: DayTrips, seconds: float) -> Allotment:
    """Whole days per (team, node) from the integer programme of the module docstring, solved
    for at most ``seconds``: its linear relaxation first (GLOP, a hundredth of a second at a
    province), rounded down — a solution, and CP-SAT's hint (at Hồ Chí Minh's 4,700 pairs CP-SAT
    alone finds none in 1.5 s) —, then CP-SAT's best solution when it is better."""
    started = time.monotonic()
    rounded = _rounded_relaxation(inst, trips)
    left = seconds - (time.monotonic() - started)
    if left < MIN_CPSAT_S:
        return rounded
    found = _integer_days(inst, trips, rounded, left)
    if found is None or _allotted_apps(trips, found) < _allotted_apps(trips, rounded):
        return rounded
    return found


#: Least time worth giving CP-SAT after the relaxation.
MIN_CPSAT_S = 0.1


def _allotted_apps(trips: DayTrips, days: Allotment) -> int:
    """What the allotted days can take at most (each node's backlog aside): a comparison only."""
    return sum(trips[key][0] * n for key, n in days.items())


def _rounded_relaxation(inst: Instance, trips: DayTrips) -> Allotment:
    """The linear relaxation's days, rounded down (every row still holds: all are ≤ rows with
    non-negative coefficients of the days, and the applications follow the days)."""
    solver = pywraplp.Solver.CreateSolver("GLOP")
    days, apps = _programme(inst, trips, lambda most: solver.NumVar(0, most, ""), solver.Add)
    solver.Maximize(APPS_WEIGHT * sum(apps.values()) - sum(days.values()))
    if solver.Solve() != pywraplp.Solver.OPTIMAL:
        return {}
    floored = {key: math.floor(v.solution_value() + 1e-6) for key, v in days.items()}
    return {key: n for key, n in floored.items() if n > 0}


def _integer_days(
    inst: Instance, trips: DayTrips, hint: Allotment, seconds: float
) -> Allotment | None:
    """The integer programme by CP-SAT from ``hint``, for at most ``seconds``."""
    model = cp_model.CpModel()
    days, apps = _programme(inst, trips, lambda most: model.new_int_var(0, most, ""), model.add)
    for key, var in days.items():
        model.add_hint(var, hint.get(key, 0))
    model.maximize(APPS_WEIGHT * sum(apps.values()) - sum(days.values()))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 1
    if solver.solve(model) not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
        return None
    return {key: solver.value(v) for key, v in days.items() if solver.value(v) > 0}


def _programme(
    inst: Instance,
    trips: DayTrips,
    new_var: Callable[[int], Any],
    add: Callable[[Any], Any],
) -> tuple[dict[tuple[int, str], Any], dict[tuple[int, str], Any]]:
    """The variables and rows both programmes share (``new_var(most)``: a variable from 0 to
    ``most``, real or integer): days and applications per (team, node), what a day there takes,
    a team's days within its free days, no node above its backlog left, a commune's days within
    teams per commune-day × the working dates it is open."""
    free = _free_days(inst)
    days: dict[tuple[int, str], Any] = {}
    apps: dict[tuple[int, str], Any] = {}
    for key, (most, _) in trips.items():
        t, code = key
        if free.get(t, 0) == 0:
            continue
        days[key] = new_var(free[t])
        apps[key] = new_var(inst.backlog[code])
        add(apps[key] <= most * days[key])
    by_team: dict[int, list[Any]] = {}
    for (t, _), v in days.items():
        by_team.setdefault(t, []).append(v)
    for t, vs in by_team.items():
        add(sum(vs) <= free[t])
    by_node: dict[str, list[Any]] = {}
    for (_, code), v in apps.items():
        by_node.setdefault(code, []).append(v)
    for code, vs in by_node.items():
        add(sum(vs) <= inst.backlog[code])
    _teams_per_commune_rows(inst, add, days)
    return days, apps


def _teams_per_commune_rows(
    inst: Instance, add: Callable[[Any], Any], days: dict[tuple[int, str], Any]
) -> None:
    """A commune's days (over its points) within teams per commune-day × its open dates."""
    limit = inst.scenario.rules.max_teams_per_commune_day
    if limit is None:
        return
    dates = sorted({day for _, day in inst.free_team_days()})
    by_commune: dict[str, list[tuple[str, Any]]] = {}
    for (_, code), v in days.items():
        by_commune.setdefault(inst.commune_of(code), []).append((code, v))
    for pairs in by_commune.values():
        nodes = {code for code, _ in pairs}
        opened = sum(1 for day in dates if any(inst.commune_open(c, day) for c in nodes))
        add(sum(v for _, v in pairs) <= limit * opened)


def _free_days(inst: Instance) -> dict[int, int]:
    free: dict[int, int] = {}
    for t, _ in inst.free_team_days():
        free[t] = free.get(t, 0) + 1
    return free


def date_days(
    inst: Instance, routes: dict[str, list[Route]], trips: DayTrips, days: Allotment
) -> Assignment:
    """The allotted days put on dates (module docstring, step 2); days that find no date with
    room are dropped (the fill plans those team-days)."""
    ledger, index = Ledger(inst), RouteIndex(routes)
    left = dict(days)
    nodes_of: dict[int, list[str]] = {}
    for t, code in days:
        nodes_of.setdefault(t, []).append(code)
    teams_on: dict[dt.date, list[int]] = {}
    free = _free_days(inst)
    for t, day in inst.free_team_days():
        teams_on.setdefault(day, []).append(t)
    result: Assignment = {}

    def pressure(t: int) -> float:
        """Minus the allotted days a team has left per free day left (most pressed first)."""
        return -sum(left[(t, c)] for c in nodes_of.get(t, [])) / max(1, free[t])

    for day in sorted(teams_on):
        for t in sorted(teams_on[day], key=pressure):
            free[t] -= 1
            open_nodes = [
                c
                for c in nodes_of.get(t, [])
                if left[(t, c)] > 0 and ledger.room(c, day) >= inst.min_stop(c)
            ]
            if not open_nodes:
                continue
            code = max(open_nodes, key=lambda c: left[(t, c)])
            most, route = trips[(t, code)]
            take = viable_take(inst, code, ledger.left[code], min(ledger.room(code, day), most))
            fitted = within_hours(inst, inst.teams[t], route, {code: take}) if take else None
            if fitted is None:
                continue
            result[(t, day)] = (index.index(inst.teams[t].team_id, route), fitted)
            ledger.book(day, fitted)
            left[(t, code)] -= 1
    return result


def extended_days(inst: Instance, routes: dict[str, list[Route]], dated: Assignment) -> Assignment:
    """Each dated day takes more stops by cheapest insertion while its shift has room, and
    its stops are topped up; a day keeps its single stop when the longer day would collect
    less (a point's opening hours can cut it)."""
    ledger, index = Ledger(inst), RouteIndex(routes)
    for (_, day), (_, apps) in dated.items():
        ledger.book(day, apps)
    result: Assignment = {}
    for (t, day), (r, apps) in sorted(dated.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        team = inst.teams[t]
        ledger.unbook(day, apps)
        stops: Stops = list(apps.items())
        while (found := best_insertion(inst, ledger, team, day, stops)) is not None:
            pos, code, n = found
            stops.insert(pos, (code, n))
        stops = topped_up(inst, ledger, team, day, stops)
        route = make_route(inst, team, tuple(code for code, _ in stops))
        fitted = within_hours(inst, team, route, dict(stops))
        if fitted is None or sum(fitted.values()) < sum(apps.values()):
            result[(t, day)] = (r, apps)
            ledger.book(day, apps)
            continue
        result[(t, day)] = (index.index(team.team_id, route), fitted)
        ledger.book(day, fitted)
    return result
