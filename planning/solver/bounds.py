"""Valid upper bounds on the applications any plan can collect by the deadline.

The communes of these bounds are the solver's nodes, the intake points
(:mod:`planning.solver.instance`); the teams-per-commune-day rows are written per point with its
commune's limit, which every plan meets (a team at a point is a team at its commune), and the
points' opening hours are left out (they only remove plans): both keep every bound valid.

Every bound here holds for **every** plan the rules (and the independent checker) allow — any
route, order, split of a day, repeated stop, and any chain of overnight stays — not only for the
solver's candidate routes; :func:`best_bound` reports the smallest. Driving minutes are shortest
paths over the travel matrix (Floyd–Warshall), so they hold even when the matrix breaks the
triangle inequality (a real walk is never shorter than the shortest path).

*Where a day may start and end* (:class:`_Reach`). A day starts at the base or — with overnight
stays — at the commune the team slept at, which is at least ``overnight_min_one_way_min`` from the
base ("far") and needs a team-day on the previous calendar date; it ends at the base or at a far
commune, and then the checker requires a team-day on the next calendar date. So on the first
working day of a run the day starts at the base, on the last it ends there. A day that serves c
drives at least ``min_start sp(start, c) + min_end sp(c, end)``: the round trip base → c → base
without stays, 0 for a far commune in the middle of a stay (a team may stay several nights).

*Max-flow bound* (``bound_kind = "capacity_travel"``, :func:`capacity_bound`)

    source → team-day (most applications that team can take that day)
           → (commune, date) (most that team can take there: its shift minus the least driving of
             a day serving it, minus one setup)
           → (commune, date) venue cap → commune (collectable backlog left) → sink,

plus the pinned applications. It lets a day split its capacity over communes without paying
driving or setup for each, and ignores the teams-per-commune limit.

*Route LP bound* (``bound_kind = "lp_routes"``, :func:`route_lp_bound`), GLOP, used when the LP is
small (districts). For each free team-day td and each *set* S of at most ``max_stops_per_day``
communes: λ[td,S] ∈ [0, 1] with Σ_S λ ≤ 1, and x[td,S,c] ≥ 0 for c ∈ S:

- the least driving of S, drive(S) = min over orders of (least drive from a possible start to the
  first) + Σ sp(consecutive) + (least drive from the last to a possible end) — any walk that
  visits every commune of S is at least that;
- Σ_c x[td,S,c]·60/rate ≤ (shift − drive(S) − setup·|S|)·λ[td,S] (time, at the true rate);
- x[td,S,c] ≤ min(backlog left, venue cap left)·λ[td,S];
- Σ x over td, S ∋ c ≤ backlog left of c; Σ x over teams at (c, d) ≤ venue cap left;
  Σ λ over teams and S ∋ c on d ≤ teams-per-commune-day left; only working, unpinned dates on
  which every commune of S is open (earliest date, blackouts), as in the model.

A plan gives a feasible point: for each team-day λ = 1 on the set S of communes it stops at
(|S| ≤ its stops ≤ max_stops; a repeated stop only costs more time), x = what it takes there; its
driving is ≥ drive(S) and its setups ≥ setup·|S|. So the LP optimum bounds every plan.

*Radius LP bound* (``bound_kind = "lp_radius"``, :func:`radius_lp_bound`) for large instances
(provinces). A day's driving is at least the round trip rt(c) = least drive from where the day may
start to c plus from c to where it may end, for each commune c it serves — so at least rt of its
*farthest* stop. Days are grouped by the level ℓ = [lo, lo + step) in which that farthest round trip
lies: u[g,ℓ] ≥ 0 days of group g (identical team-days, see below) are of level ℓ, Σ_ℓ u ≤ |g|;
x[g,ℓ,c], y[g,ℓ,c] ≥ 0 for communes with rt(c) < lo + step:

- Σ_c x·60/rate + setup·Σ_c y ≤ (shift − lo)·u (time left after driving at least lo);
- x ≤ M·y with M = min(backlog left, venue cap left, most a day driving max(rt(c), lo) allows);
  y ≤ u; Σ_c y ≤ max_stops_per_day·u; Σ over c with rt(c) in ℓ of y ≥ u (the farthest stop);
- backlog per commune; venue caps and teams per commune-day summed over the dates of each
  date group (a sum of valid rows is valid).

*Aggregation* (exact for the LP, and in any case a relaxation): free team-days with the same team
data (base, rate, setup, shift), the same start/end possibilities and the same open communes and
caps on their date are one group; its rows are the sums of its members' rows. Without it the LP of
a province (200 communes × 12 teams × 60 days) has millions of columns; with it, a few thousand.

A plan gives a feasible point: each team-day adds 1 to u of its group and level, 1 to y of each of
its stops and its applications to x.

The LP values are rounded down after adding ``LP_MARGIN`` (GLOP works in floating point) — an
integer plan total never exceeds the exact LP optimum — and the pinned applications are added.
"""

from __future__ import annotations

import bisect
import datetime as dt
import itertools
import math
import threading
import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import max_flow
from ortools.linear_solver import pywraplp

from planning.results import BoundKind
from planning.solver.clock import Clock
from planning.solver.instance import Instance, TeamData
from planning.solver.lp_parts import (
    LP_MARGIN,
    apps_in,
    apps_vector,
    far_communes,
    shortest_paths,
    solved,
)
from planning.solver.overnight_bound import CHAIN_LP_MAX_COLUMNS, chain_lp_bound, chain_lp_size
from planning.solver.routes import Route, RouteKind


def capacity_bound(inst: Instance) -> int:
    """The capacity/travel-aware upper bound on applications collected by the deadline."""
    sp = shortest_paths(inst)
    flow = max_flow.SimpleMaxFlow()
    node_ids: dict[object, int] = {}

    def node(key: object) -> int:
        return node_ids.setdefault(key, len(node_ids))

    source, sink = node("source"), node("sink")
    reach = _Reach(inst, sp)
    codes = list(inst.communes)
    open_on: dict[dt.date, np.ndarray] = {}
    tails: list[np.ndarray] = []
    heads: list[np.ndarray] = []
    caps: list[np.ndarray] = []
    for t, day in inst.free_team_days():
        team = inst.teams[t]
        if day not in open_on:
            open_on[day] = np.array([inst.commune_open(c, day) for c in codes], dtype=bool)
        service = team.team.shift_min - team.team.setup_min - reach.travel_vector(t, day)
        most = apps_vector(team, service)
        keep = np.flatnonzero(open_on[day] & (most > 0))
        if not len(keep):
            continue
        day_node = node(("td", t, day))
        flow.add_arc_with_capacity(source, day_node, int(most[keep].max()))
        targets = np.array([node(("cd", codes[i], day)) for i in keep], dtype=np.int32)
        tails.append(np.full(len(keep), day_node, dtype=np.int32))
        heads.append(targets)
        caps.append(most[keep].astype(np.int64))
    if tails:
        flow.add_arcs_with_capacity(
            np.concatenate(tails), np.concatenate(heads), np.concatenate(caps)
        )
    _commune_arcs(inst, flow, node_ids, sink)
    flow.solve(source, sink)
    return flow.optimal_flow() + inst.pinned_collected


class _Reach:
    """Least drive into / out of each commune on a team-day, by where the day may start and end.

    A day may start away from the base only when the team worked the calendar day before (it
    slept at a far commune after it), and end away only when the team works the next calendar day
    (the checker requires the next team-day): the first and last working day of a run, e.g. the
    first day of the window, pay the drive from / to the base.
    """

    def __init__(self, inst: Instance, sp: dict[tuple[str, str], int]) -> None:
        self.inst = inst
        self.first: dict[tuple[int, bool], dict[str, int]] = {}
        self.last: dict[tuple[int, bool], dict[str, int]] = {}
        #: The same, as arrays over ``inst.communes`` (the max-flow bound's vectors).
        self.first_array: dict[tuple[int, bool], np.ndarray] = {}
        self.last_array: dict[tuple[int, bool], np.ndarray] = {}
        self.working = {t.index: set(t.working_dates) for t in inst.teams}
        labels = inst.matrix.labels
        index = {label: i for i, label in enumerate(labels)}
        dist = np.array([[sp[(a, b)] for b in labels] for a in labels], dtype=np.int64)
        nodes = np.array([index[c] for c in inst.communes], dtype=np.int64)
        for team in inst.teams:
            far = far_communes(inst, team)
            for away in (False, True):
                ends = np.array(
                    [index[e] for e in ([team.label, *far] if away else [team.label])],
                    dtype=np.int64,
                )
                into = dist[np.ix_(ends, nodes)].min(axis=0) if len(nodes) else nodes
                out_of = dist[np.ix_(nodes, ends)].min(axis=1) if len(nodes) else nodes
                key = (team.index, away)
                self.first_array[key], self.last_array[key] = into, out_of
                self.first[key] = dict(zip(inst.communes, into.tolist(), strict=True))
                self.last[key] = dict(zip(inst.communes, out_of.tolist(), strict=True))

    def ends(self, t: int, day: dt.date) -> tuple[bool, bool]:
        """(may start away from the base, may end away from the base) on this team-day."""
        if not self.inst.scenario.rules.allow_overnight:
            return False, False
        one = dt.timedelta(days=1)
        return day - one in self.working[t], day + one in self.working[t]

    def into(self, t: int, day: dt.date) -> dict[str, int]:
        """Least drive from where the day may start to each commune."""
        return self.first[(t, self.ends(t, day)[0])]

    def out_of(self, t: int, day: dt.date) -> dict[str, int]:
        """Least drive from each commune to where the day may end."""
        return self.last[(t, self.ends(t, day)[1])]

    def travel(self, t: int, day: dt.date, code: str) -> int:
        """Least driving of a day of team t on ``day`` that serves ``code``."""
        return self.into(t, day)[code] + self.out_of(t, day)[code]

    def travel_vector(self, t: int, day: dt.date) -> np.ndarray:
        """:meth:`travel` for every commune of ``inst.communes``, as an array."""
        start, end = self.ends(t, day)
        return self.first_array[(t, start)] + self.last_array[(t, end)]


def radius_lp_bound(
    inst: Instance, seconds: float, stop_event: threading.Event | None = None
) -> int | None:
    """The radius LP bound (module docstring); ``None`` if GLOP does not prove its optimum
    within ``seconds`` — building the LP included: a large LP whose rows cannot all be written
    in time is dropped (an unfinished LP proves nothing)."""
    until = time.monotonic() + seconds
    sp = shortest_paths(inst)
    reach = _Reach(inst, sp)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    rows = _LpRows(inst, solver)
    groups = _date_groups(inst, reach)
    trips = {(id(dg), g.team): _round_trips(reach, dg, g) for dg in groups for g in dg.team_groups}
    step = _level_step(list(trips.values()))
    for date_group in groups:
        if time.monotonic() > until or (stop_event is not None and stop_event.is_set()):
            return None
        for group in date_group.team_groups:
            trip = trips[(id(date_group), group.team)]
            _radius_columns(inst, solver, rows, trip, step, date_group, group)
        rows.close_date_group(date_group)
    rows.close()
    left = until - time.monotonic()
    if left <= 0 or not solved(solver, left, stop_event):
        return None
    return math.floor(solver.Objective().Value() + LP_MARGIN) + inst.pinned_collected


@dataclass(frozen=True)
class _TeamGroup:
    """Identical free team-days of one date group: a representative (team, date) and a count."""

    team: int
    day: dt.date
    count: int


@dataclass
class _DateGroup:
    """Dates on which the same communes are open with the same caps and the same teams work."""

    days: list[dt.date]
    open_communes: tuple[tuple[str, int | None, int], ...]
    team_groups: list[_TeamGroup]


def _date_groups(inst: Instance, reach: _Reach) -> list[_DateGroup]:
    """The free team-days, grouped by date signature and then by team signature."""
    by_day: dict[dt.date, dict[tuple[object, ...], list[int]]] = {}
    for t, day in inst.free_team_days():
        team = inst.teams[t]
        signature = (
            tuple(reach.into(t, day).values()),
            tuple(reach.out_of(t, day).values()),
            team.team.apps_per_hour,
            team.team.setup_min,
            team.team.shift_min,
        )
        by_day.setdefault(day, {}).setdefault(signature, []).append(t)
    groups: dict[tuple[object, ...], _DateGroup] = {}
    for day, by_team in sorted(by_day.items()):
        open_communes = tuple(
            (c, inst.residual_cap(c, day), inst.pinned_teams.get((inst.commune_of(c), day), 0))
            for c in inst.communes
            if inst.commune_open(c, day)
        )
        key = (open_communes, tuple(sorted((sig, len(ts)) for sig, ts in by_team.items())))
        group = groups.get(key)
        if group is None:
            teams = [_TeamGroup(ts[0], day, 0) for ts in by_team.values()]
            group = groups[key] = _DateGroup([], open_communes, teams)
        group.days.append(day)
        sizes = [len(ts) for ts in by_team.values()]
        group.team_groups = [
            _TeamGroup(g.team, g.day, g.count + n)
            for g, n in zip(group.team_groups, sizes, strict=True)
        ]
    return list(groups.values())


class _LpRows:
    """Rows shared by the LP's groups: backlog per commune, caps and teams per date group."""

    def __init__(self, inst: Instance, solver: pywraplp.Solver) -> None:
        self.inst, self.solver = inst, solver
        self.by_commune: dict[str, list[pywraplp.Variable]] = {}
        self.cap_terms: dict[str, list[pywraplp.Variable]] = {}
        self.team_terms: dict[str, list[pywraplp.Variable]] = {}

    def add(self, code: str, x: pywraplp.Variable, y: pywraplp.Variable) -> None:
        """Register the applications ``x`` and stops ``y`` at ``code``."""
        self.solver.Objective().SetCoefficient(x, 1)
        self.by_commune.setdefault(code, []).append(x)
        self.cap_terms.setdefault(code, []).append(x)
        self.team_terms.setdefault(code, []).append(y)

    def close_date_group(self, group: _DateGroup) -> None:
        """Venue caps and teams per commune-day, summed over the group's dates."""
        limit = self.inst.scenario.rules.max_teams_per_commune_day
        n_days = len(group.days)
        for code, cap, pinned_teams in group.open_communes:
            if cap is not None and code in self.cap_terms:
                _sum_at_most(self.solver, self.cap_terms[code], cap * n_days)
            if limit is not None and code in self.team_terms:
                _sum_at_most(self.solver, self.team_terms[code], (limit - pinned_teams) * n_days)
        self.cap_terms, self.team_terms = {}, {}

    def close(self) -> None:
        """Backlog per commune; maximise the applications."""
        for code, xs in self.by_commune.items():
            _sum_at_most(self.solver, xs, self.inst.backlog[code])
        self.solver.Objective().SetMaximization()


#: Most (level, commune) column pairs in the whole radius LP; the level width grows until the LP
#: fits (wider levels give a weaker but equally valid bound).
RADIUS_LP_MAX_PAIRS = 40_000
#: Level widths tried, in minutes of driving, narrowest first.
RADIUS_STEPS_MIN = (1, 2, 3, 5, 10, 15, 20, 30, 45, 60)


def _round_trips(reach: _Reach, date_group: _DateGroup, group: _TeamGroup) -> dict[str, int]:
    """Least driving of a day of ``group`` that serves each open commune (start → c → end)."""
    into, out_of = reach.into(group.team, group.day), reach.out_of(group.team, group.day)
    return {code: into[code] + out_of[code] for code, _, _ in date_group.open_communes}


def _level_step(all_trips: list[dict[str, int]]) -> int:
    """The narrowest level width whose (level, commune) pairs over all groups fit the LP."""
    ordered = [sorted(trips.values()) for trips in all_trips]
    for step in RADIUS_STEPS_MIN:
        pairs = 0
        for trips in ordered:
            levels = sorted({(r // step) * step for r in trips})
            pairs += sum(bisect.bisect_left(trips, lo + step) for lo in levels)
        if pairs <= RADIUS_LP_MAX_PAIRS:
            return step
    return RADIUS_STEPS_MIN[-1]


def _radius_columns(
    inst: Instance,
    solver: pywraplp.Solver,
    rows: _LpRows,
    trip: dict[str, int],
    step: int,
    date_group: _DateGroup,
    group: _TeamGroup,
) -> None:
    """The columns and rows of one team group (module docstring)."""
    team = inst.teams[group.team]
    per_app = 60.0 / team.team.apps_per_hour
    setup, shift = team.team.setup_min, team.team.shift_min
    stops = inst.scenario.rules.max_stops_per_day
    infinity = solver.infinity()
    if not trip:
        return
    count_row = solver.Constraint(-infinity, group.count)
    for lo in sorted({(r // step) * step for r in trip.values()}):
        u = solver.NumVar(0, group.count, "")
        count_row.SetCoefficient(u, 1)
        time_row = solver.Constraint(-infinity, 0)
        time_row.SetCoefficient(u, -(shift - lo))
        stops_row = solver.Constraint(-infinity, 0)
        stops_row.SetCoefficient(u, -stops)
        farthest_row = solver.Constraint(0, infinity)
        farthest_row.SetCoefficient(u, -1)
        for code, cap, _ in date_group.open_communes:
            if trip[code] >= lo + step:
                continue
            most = apps_in(team, shift - setup - max(trip[code], lo))
            backlog = inst.backlog[code]
            most = min(most, backlog, backlog if cap is None else cap)
            if most <= 0:
                continue
            x, y = solver.NumVar(0, infinity, ""), solver.NumVar(0, infinity, "")
            _row(solver, -infinity, 0, ((x, 1), (y, -most)))
            _row(solver, -infinity, 0, ((y, 1), (u, -1)))
            time_row.SetCoefficient(x, per_app)
            time_row.SetCoefficient(y, setup)
            stops_row.SetCoefficient(y, 1)
            if trip[code] >= lo:
                farthest_row.SetCoefficient(y, 1)
            rows.add(code, x, y)


def _row(
    solver: pywraplp.Solver,
    low: float,
    high: float,
    terms: tuple[tuple[pywraplp.Variable, float], ...],
) -> None:
    row = solver.Constraint(low, high)
    for var, coefficient in terms:
        row.SetCoefficient(var, coefficient)


def _sum_at_most(solver: pywraplp.Solver, variables: list, limit: float) -> None:
    row = solver.Constraint(-solver.infinity(), limit)
    for var in variables:
        row.SetCoefficient(var, 1)


def day_sets(
    inst: Instance,
    team: TeamData,
    sp: dict[tuple[str, str], int],
    first: dict[str, int],
    last: dict[str, int],
) -> list[Route]:
    """Every set of at most ``max_stops_per_day`` communes a day of ``team`` could serve.

    Each comes with its least driving (best order, from the best start to the best end, over
    shortest paths) and its setups; sets that cannot take one application per stop are dropped.
    """
    per_app = 60.0 / team.team.apps_per_hour
    setup, shift = team.team.setup_min, team.team.shift_min
    result = []
    for k in range(1, inst.scenario.rules.max_stops_per_day + 1):
        for members in itertools.combinations(inst.communes, k):
            drive = min(
                first[o[0]] + sum(sp[pair] for pair in itertools.pairwise(o)) + last[o[-1]]
                for o in itertools.permutations(members)
            )
            if drive + k * (setup + per_app) <= shift:
                result.append(
                    Route(RouteKind.SET, members, (drive,), k * setup, shift - drive - k * setup)
                )
    return result


def route_lp_size(inst: Instance) -> int:
    """Columns the route LP would have at most (sets per team × its free days)."""
    k = inst.scenario.rules.max_stops_per_day
    n = len(inst.communes)
    sets = sum(math.comb(n, i) for i in range(1, k + 1))
    return sets * len(inst.free_team_days())


def route_lp_bound(
    inst: Instance, seconds: float = 60.0, stop_event: threading.Event | None = None
) -> int | None:
    """The route LP bound (module docstring); ``None`` if GLOP does not prove an optimum."""
    sp = shortest_paths(inst)
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    infinity = solver.infinity()
    objective = solver.Objective()
    by_commune: dict[str, list] = {}
    cap_rows: dict[tuple[str, dt.date], list] = {}
    team_rows: dict[tuple[str, dt.date], dict[int, list]] = {}
    reach = _Reach(inst, sp)
    sets: dict[tuple[int, bool, bool], list[Route]] = {}
    for t, day in inst.free_team_days():
        team = inst.teams[t]
        ends = reach.ends(t, day)
        if (t, *ends) not in sets:
            sets[(t, *ends)] = day_sets(inst, team, sp, reach.into(t, day), reach.out_of(t, day))
        per_app = 60.0 / team.team.apps_per_hour
        open_codes = {c for c in inst.communes if inst.commune_open(c, day)}
        one_row = solver.Constraint(-infinity, 1)
        for route in sets[(t, *ends)]:
            if not open_codes.issuperset(route.communes):
                continue
            lam = solver.NumVar(0, 1, "")
            one_row.SetCoefficient(lam, 1)
            # Applications of this route ≤ its service time / per_app, scaled by λ.
            time_row = solver.Constraint(-infinity, 0)
            time_row.SetCoefficient(lam, -route.service_min)
            for code in route.communes:
                cap = inst.residual_cap(code, day)
                most = min(inst.backlog[code], inst.backlog[code] if cap is None else cap)
                x = solver.NumVar(0, infinity, "")
                link = solver.Constraint(-infinity, 0)
                link.SetCoefficient(x, 1)
                link.SetCoefficient(lam, -most)
                time_row.SetCoefficient(x, per_app)
                objective.SetCoefficient(x, 1)
                by_commune.setdefault(code, []).append(x)
                cap_rows.setdefault((code, day), []).append(x)
                team_rows.setdefault((code, day), {}).setdefault(t, []).append(lam)
    _common_rows(inst, solver, by_commune, cap_rows, team_rows)
    objective.SetMaximization()
    if not solved(solver, seconds, stop_event):
        return None
    return math.floor(objective.Value() + LP_MARGIN) + inst.pinned_collected


def _common_rows(
    inst: Instance,
    solver: pywraplp.Solver,
    by_commune: dict[str, list],
    cap_rows: dict[tuple[str, dt.date], list],
    team_rows: dict[tuple[str, dt.date], dict[int, list]],
) -> None:
    """Backlog per commune, venue cap per (commune, date), teams per (commune, date)."""
    for code, xs in by_commune.items():
        _sum_at_most(solver, xs, inst.backlog[code])
    for (code, day), xs in cap_rows.items():
        cap = inst.residual_cap(code, day)
        if cap is not None and len(xs) > 1:
            _sum_at_most(solver, xs, cap)
    limit = inst.scenario.rules.max_teams_per_commune_day
    if limit is not None:
        for (code, day), per_team in team_rows.items():
            left = limit - inst.pinned_teams.get((inst.commune_of(code), day), 0)
            if len(per_team) > left:
                _sum_at_most(solver, [v for vs in per_team.values() for v in vs], left)


#: Largest route LP (columns) solved; bigger instances get the compact LP.
ROUTE_LP_MAX_COLUMNS = 20_000


def bound_alone(inst: Instance, clock: Clock) -> tuple[int, BoundKind]:
    """The valid bound of a bound-only probe (the what-if's proof that a team count or a
    deadline falls short), with the whole clock: max-flow — enough when it is below the
    backlog, the miss is proven —, else the one LP that suits — the
    chain LP with overnight stays, else the route LP on a district or the radius LP. Given
    only :data:`BOUND_SHARE` of the time (as in a solve) neither LP finished at Hà Nội's size,
    and on day trips the chain LP is both slower and weaker there (20 teams: radius LP 120,871
    in 7.7 s, below the backlog of 122,758; chain LP 122,758 in 18 s)."""
    with clock.phase("bound_flow"):
        best, kind = capacity_bound(inst), BoundKind.CAPACITY_TRAVEL
    if best < inst.scenario.collectable_backlog:
        return best, kind
    if inst.scenario.rules.allow_overnight:
        best, kind, _ = _chain_bound(inst, clock, best, kind, ALONE_SHARE, None)
        return best, kind
    small = route_lp_size(inst) <= ROUTE_LP_MAX_COLUMNS
    return _day_lp_bound(inst, clock, clock.share(ALONE_SHARE), small, best, kind)


#: Share of a bound-only probe's time its LP may use (the rest: building it, max-flow).
ALONE_SHARE = 0.95


def best_bound(inst: Instance, clock: Clock, reached: int | None = None) -> tuple[int, BoundKind]:
    """The tightest of the valid bounds computed in the time the clock gives, with its kind.

    Max-flow always runs (it is fast); the LPs run only when max-flow does not already prove
    ``reached`` (applications of a plan at hand), each with at most :data:`BOUND_SHARE` of the
    time left: with overnight stays, or on a province, the chain LP
    (:mod:`planning.solver.overnight_bound`: the others cannot charge the drive of a stay; on a
    province of day trips it is quick, so a bound is there even when the radius LP is cut
    short), then the route LP on districts, else the radius LP — not after a finished chain LP
    with overnight stays, which supersedes it there (with stays the radius LP lets every day
    that starts away drive nothing). An LP that does not finish is dropped (the phase is
    recorded as cut short).
    """
    with clock.phase("bound_flow"):
        best, kind = capacity_bound(inst), BoundKind.CAPACITY_TRAVEL
    if reached is not None and reached >= min(best, inst.scenario.collectable_backlog):
        clock.skip("bound_lp", "max-flow proves the start plan")
        return best, kind
    small = route_lp_size(inst) <= ROUTE_LP_MAX_COLUMNS
    overnight = inst.scenario.rules.allow_overnight
    if overnight or not small:
        best, kind, chained = _chain_bound(inst, clock, best, kind)
        if reached is not None and reached >= min(best, inst.scenario.collectable_backlog):
            clock.skip("bound_lp", "the chain LP proves the start plan")
            return best, kind
        if chained and overnight and not small:
            clock.skip("bound_lp", "the chain LP supersedes the radius LP with overnight stays")
            return best, kind
    seconds = clock.share(BOUND_SHARE, BOUND_MAX_S)
    if seconds < 0.05:
        clock.skip("bound_lp", "no time left")
        return best, kind
    return _day_lp_bound(inst, clock, seconds, small, best, kind)


def _day_lp_bound(
    inst: Instance, clock: Clock, seconds: float, small: bool, best: int, kind: BoundKind
) -> tuple[int, BoundKind]:
    """The route LP on a district (at most 3 stops a day), else the radius LP, within
    ``seconds``; ``best`` kept when it is tighter or the LP does not finish."""
    with clock.phase("bound_lp") as timer:
        if inst.scenario.rules.max_stops_per_day <= 3 and small:
            lp, lp_kind = route_lp_bound(inst, seconds, clock.stop_event), BoundKind.LP_ROUTES
        else:
            lp, lp_kind = radius_lp_bound(inst, seconds, clock.stop_event), BoundKind.LP_RADIUS
        if lp is None:
            timer.cut_short(f"{lp_kind} not proven in {seconds:.1f} s")
    if lp is not None and lp < best:
        return lp, lp_kind
    return best, kind


#: Share of the time left (and most seconds) each LP bound may use.
BOUND_SHARE, BOUND_MAX_S = 0.2, 30.0


def _chain_bound(
    inst: Instance,
    clock: Clock,
    best: int,
    kind: BoundKind,
    share: float = BOUND_SHARE,
    at_most: float | None = BOUND_MAX_S,
) -> tuple[int, BoundKind, bool]:
    """The chain LP (overnight stays), with ``share`` of the time left (at most ``at_most``
    seconds), when it is tighter than ``best``, and whether it finished."""
    size = chain_lp_size(inst)
    if size > CHAIN_LP_MAX_COLUMNS:
        clock.skip("bound_chains", f"{size} columns: too large to solve in time")
        return best, kind, False

    seconds = clock.share(share, at_most)
    if seconds < 0.05:
        clock.skip("bound_chains", "no time left")
        return best, kind, False
    with clock.phase("bound_chains") as timer:
        lp = chain_lp_bound(inst, seconds, clock.stop_event)
        if lp is None:
            timer.cut_short(f"{BoundKind.LP_CHAINS} not proven in {seconds:.1f} s")
    if lp is not None and lp < best:
        return lp, BoundKind.LP_CHAINS, True
    return best, kind, lp is not None


def _commune_arcs(
    inst: Instance, flow: max_flow.SimpleMaxFlow, node_ids: dict[object, int], sink: int
) -> None:
    """Venue caps per (commune, date) and backlog per commune."""
    for key, cd_node in list(node_ids.items()):
        if not (isinstance(key, tuple) and key[0] == "cd"):
            continue
        _, code, day = key
        cap = inst.residual_cap(code, day)
        commune_node = node_ids.setdefault(("c", code), len(node_ids))
        flow.add_arc_with_capacity(
            cd_node, commune_node, inst.backlog[code] if cap is None else cap
        )
    for key, c_node in list(node_ids.items()):
        if isinstance(key, tuple) and key[0] == "c":
            flow.add_arc_with_capacity(c_node, sink, inst.backlog[key[1]])
