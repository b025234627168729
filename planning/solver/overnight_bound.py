"""The chain LP: a valid upper bound that stays below the backlog when overnight stays are
allowed and travel binds (``bound_kind = "lp_chains"``).

Why the other bounds fail there (:mod:`planning.solver.bounds`): they look at one day at a time,
and a day that starts and ends at far communes may drive nothing at all — so with stays every day
is free of travel and no bound proves a miss. A plan's driving is paid per *chain* and per
*visit*, and this LP charges it there.

Words. A team's **chain** is a maximal run of its team-days joined by nights away: it leaves the
base on its first day and is back on its last (the checker requires a team-day on the calendar day
after every night away, and the window's last day cannot end away). Its length is at most ``K``,
the longest run of consecutive calendar dates among the team's free working days. An **episode**
is a maximal run of consecutive stops at one commune by one team (across a night when the team
sleeps there and starts the next day with it). Every episode begins with an arrival from another
place — the base or another commune — so it drives at least ``a(c)``, the least shortest-path
minutes into c from any other place a team may be (its base, another commune with backlog). The
**level** of a chain is the band ``[lo, lo + step)`` holding the largest round trip
``rt(c) = sp(base, c) + sp(c, base)`` among the communes it serves. A **single-stop day** has
exactly one stop; every other day with stops has at least two.

What every plan the rules and the checker allow satisfies (so a plan gives a feasible point and
the LP optimum bounds every plan), per group g of identical teams (same base, shift, setup, rate,
free days and K; rows summed over the group's teams) and level ℓ, with ``n`` chains, ``w`` days,
``D`` minutes driven, and per commune c with ``rt(c) < lo + step``: ``x1`` applications on
single-stop days and ``y1`` such days, ``x2`` applications at stops of multi-stop days and ``s2``
such stops, ``e`` episodes:

- days: Σ_ℓ w ≤ the group's free team-days; n ≤ w ≤ K·n; a chain of length ≥ 2 sleeps at a
  commune where the team may sleep (``Instance.is_far``), which it serves: levels below the
  smallest round trip of such a commune have chains of one day (w ≤ n);
- w ≥ Σ_c y1 + y2 with y2 the multi-stop days: 2·y2 ≤ Σ_c s2 ≤ max_stops·y2;
- time: shift·w ≥ D + setup·(Σ y1 + Σ s2) + (60 / rate)·Σ (x1 + x2) (true rate);
- driving: D ≥ lo·n (a chain drives out to its farthest commune and back, over shortest paths),
  and D ≥ Σ_c a(c)·e + h·n (every episode arrives from elsewhere, every chain ends with a leg
  home of at least h = the least drive from a commune to the base);
- x1 ≤ min(M_c, b_c)·y1 and x2 ≤ M_c·s2, where b_c is the backlog left and M_c the most a stop
  can take (venue cap left, backlog, a shift less one setup); an episode takes at most b_c, and
  at a commune where the team cannot sleep at most M'_c (one day: the shift less one setup and
  the arrival): x1 + x2 ≤ (b_c or M'_c)·e; e ≤ y1 + s2 (an episode has a stop);
- farthest: Σ over communes with rt(c) in level ℓ of e ≥ n;
- per commune over all groups and levels: Σ (x1 + x2) ≤ b_c and ≤ Σ over its open dates of the
  venue cap left.

Maximise Σ (x1 + x2); GLOP's optimum plus ``LP_MARGIN``, rounded down, plus the pinned
applications. Driving minutes are shortest paths over the matrix, so the bound holds when the
matrix breaks the triangle inequality. What it does not see (dates, caps per date, teams per
commune-day) only makes it larger, never invalid. ``tests/test_overnight_bound.py`` compares it
with the exact optimum of generated tiny instances.
"""

from __future__ import annotations

import datetime as dt
import math
import threading
from dataclasses import dataclass

from ortools.linear_solver import pywraplp

from planning.solver.instance import Instance, TeamData
from planning.solver.lp_parts import LP_MARGIN, apps_in, far_communes, shortest_paths, solved

#: Most (level, commune) pairs over the whole LP; the level width grows until it fits.
CHAIN_LP_MAX_PAIRS = 2_000
#: Largest chain LP solved (columns); larger ones are not built (GLOP would take most of a
#: province's minute: 12 teams of different figures at 200 communes make ~50,000).
CHAIN_LP_MAX_COLUMNS = 40_000
#: Level widths tried, in minutes of driving, narrowest first.
CHAIN_STEPS_MIN = (1, 2, 5, 10, 15, 20, 30, 45, 60, 90, 120)


@dataclass(frozen=True)
class TeamGroup:
    """Identical teams (one representative, how many) and their free days."""

    team: TeamData
    count: int
    days: int
    longest_run: int


def longest_run(dates: list[dt.date]) -> int:
    """The longest run of consecutive calendar dates in ``dates``."""
    best = run = 0
    previous: dt.date | None = None
    for day in sorted(dates):
        run = run + 1 if previous is not None and (day - previous).days == 1 else 1
        best = max(best, run)
        previous = day
    return best


def team_groups(inst: Instance) -> list[TeamGroup]:
    """The teams grouped by base, figures, free days and longest run of days."""
    free: dict[int, list[dt.date]] = {}
    for t, day in inst.free_team_days():
        free.setdefault(t, []).append(day)
    groups: dict[tuple[object, ...], list[TeamData]] = {}
    labels = inst.matrix.labels
    for team in inst.teams:
        dates = free.get(team.index, [])
        if not dates:
            continue
        key = (
            tuple(inst.travel(team.label, x) for x in labels),
            tuple(inst.travel(x, team.label) for x in labels),
            team.team.shift_min,
            team.team.setup_min,
            team.team.apps_per_hour,
            len(dates),
            longest_run(dates),
        )
        groups.setdefault(key, []).append(team)
    return [
        TeamGroup(members[0], len(members), int(key[5]), int(key[6]))  # type: ignore[call-overload]
        for key, members in groups.items()
    ]


#: (applications, stops) variable pairs.
_Pairs = list[tuple[pywraplp.Variable, pywraplp.Variable]]


class _Rows:
    """Rows shared by all groups: backlog and venue capacity per commune, and the rounding of
    its stops (``_rounding``)."""

    def __init__(self, inst: Instance, solver: pywraplp.Solver) -> None:
        self.inst, self.solver = inst, solver
        self.apps: dict[str, list[pywraplp.Variable]] = {}
        #: Per (commune, team group or None for all teams): (applications, stops) of
        #: single-stop days, and of every stop; the most one stop of those teams takes there.
        self.single: dict[tuple[str, int | None], _Pairs] = {}
        self.stops: dict[tuple[str, int | None], _Pairs] = {}
        self.most: dict[tuple[str, int | None], int] = {}

    def add(self, code: str, x: pywraplp.Variable) -> None:
        self.solver.Objective().SetCoefficient(x, 1)
        self.apps.setdefault(code, []).append(x)

    def add_stops(
        self, code: str, group: int, most: int,
        single: tuple[pywraplp.Variable, pywraplp.Variable],
        multi: tuple[pywraplp.Variable, pywraplp.Variable],
    ) -> None:  # fmt: skip
        """Single-stop days (applications, days) and multi-day stops (applications, stops) of
        a team group at a commune."""
        for key in ((code, group), (code, None)):
            self.most[key] = max(self.most.get(key, 0), most)
            self.single.setdefault(key, []).append(single)
            self.stops.setdefault(key, []).extend((single, multi))

    def close(self) -> None:
        inst = self.inst
        for key, most in self.most.items():
            backlog = inst.backlog[key[0]]
            _rounding(self.solver, self.single[key], most, backlog)
            _rounding(self.solver, self.stops[key], most, backlog)
        for code, xs in self.apps.items():
            limit = float(inst.backlog[code])
            caps = [inst.residual_cap(code, d) for d in inst.dates if inst.commune_open(code, d)]
            if all(cap is not None for cap in caps):
                limit = min(limit, float(sum(cap or 0 for cap in caps)))
            row = self.solver.Constraint(-self.solver.infinity(), limit)
            for x in xs:
                row.SetCoefficient(x, 1)
        self.solver.Objective().SetMaximization()


def chain_lp_bound(
    inst: Instance, seconds: float, stop_event: threading.Event | None = None
) -> int | None:
    """The chain LP bound (module docstring); ``None`` if GLOP does not prove its optimum
    within ``seconds`` (an unfinished LP proves nothing), and ``None`` when re-planning with
    overnight stays (a frozen day may continue a chain, which this LP does not follow)."""
    if inst.pinned_days and inst.scenario.rules.allow_overnight:
        return None
    solver = pywraplp.Solver.CreateSolver("GLOP")
    if solver is None:
        return None
    sp = shortest_paths(inst)
    rows = _Rows(inst, solver)
    groups = team_groups(inst)
    trips = {g.team.index: _round_trips(inst, sp, g.team) for g in groups}
    step = _level_step(list(trips.values()))
    arrival = {g.team.index: _arrivals(inst, sp, g.team) for g in groups}
    for group in groups:
        _group_columns(inst, solver, rows, group, trips[group.team.index], arrival, step, sp)
    rows.close()
    if not solved(solver, seconds, stop_event):
        return None
    return math.floor(solver.Objective().Value() + LP_MARGIN) + inst.pinned_collected


def chain_lp_size(inst: Instance) -> int:
    """Columns the chain LP would have (six per group, level and commune it may serve)."""
    sp = shortest_paths(inst)
    trips = [_round_trips(inst, sp, g.team) for g in team_groups(inst)]
    step = _level_step(trips)
    pairs = 0
    for trip in trips:
        values = sorted(trip.values())
        for lo in {(r // step) * step for r in values}:
            pairs += sum(1 for r in values if r < lo + step)
    return 6 * pairs


def _round_trips(inst: Instance, sp: dict[tuple[str, str], int], team: TeamData) -> dict[str, int]:
    """rt(c): least driving from the base to c and back."""
    return {c: sp[(team.label, c)] + sp[(c, team.label)] for c in inst.communes}


def _arrivals(inst: Instance, sp: dict[tuple[str, str], int], team: TeamData) -> dict[str, int]:
    """a(c): least driving into c from any other place the team may be (base, other commune)."""
    places = [team.label, *inst.communes]
    return {c: min(sp[(p, c)] for p in places if p != c) for c in inst.communes}


def _level_step(all_trips: list[dict[str, int]]) -> int:
    """The narrowest level width whose (level, commune) pairs over all groups fit the LP."""
    ordered = [sorted(trips.values()) for trips in all_trips]
    for step in CHAIN_STEPS_MIN:
        pairs = 0
        for trips in ordered:
            levels = {(r // step) * step for r in trips}
            pairs += sum(sum(1 for r in trips if r < lo + step) for lo in levels)
        if pairs <= CHAIN_LP_MAX_PAIRS:
            return step
    return CHAIN_STEPS_MIN[-1]


def _group_columns(
    inst: Instance,
    solver: pywraplp.Solver,
    rows: _Rows,
    group: TeamGroup,
    trip: dict[str, int],
    arrival: dict[int, dict[str, int]],
    step: int,
    sp: dict[tuple[str, str], int],
) -> None:
    """The columns and rows of one team group (module docstring)."""
    team = group.team
    inf = solver.infinity()
    shift, setup = team.team.shift_min, team.team.setup_min
    per_app = 60.0 / team.team.apps_per_hour
    stops_max = inst.scenario.rules.max_stops_per_day
    far = set(far_communes(inst, team))
    sleep_trip = min((trip[c] for c in inst.communes if c in far), default=math.inf)
    into = arrival[team.index]
    home = min((sp[(c, team.label)] for c in inst.communes), default=0)
    stop_most = {c: _stop_most(inst, team, c) for c in inst.communes}
    days_row = solver.Constraint(-inf, group.count * group.days)
    for lo in sorted({(r // step) * step for r in trip.values()}):
        hi = lo + step
        served = [c for c in inst.communes if trip[c] < hi and stop_most[c] > 0]
        if not served:
            continue
        n, w, y2, y0, single_drive, multi_drive, other_drive = (
            solver.NumVar(0, inf, "") for _ in range(7)
        )
        days_row.SetCoefficient(w, 1)
        _le(solver, [(n, 1), (w, -1)], 0)  # every chain has a day
        length = 1 if hi <= sleep_trip else group.longest_run
        _le(solver, [(w, 1), (n, -length)], 0)
        # A chain drives out to its farthest commune and back, over its single-stop, multi-stop
        # and empty days; each kind of day has its own time (a single-stop day's spare time
        # cannot serve another stop).
        drives = [(single_drive, -1.0), (multi_drive, -1.0), (other_drive, -1.0)]
        _le(solver, [(n, lo), *drives], 0)
        _le(solver, [(y0, -float(shift)), (other_drive, 1)], 0)
        single_row: list[tuple[pywraplp.Variable, float]] = [(single_drive, 1.0)]
        multi_row = [(multi_drive, 1.0), (y2, -float(shift))]
        single_arrivals: list[tuple[pywraplp.Variable, float]] = [(single_drive, -1.0)]
        multi_arrivals: list[tuple[pywraplp.Variable, float]] = [(multi_drive, -1.0)]
        chain_row = [(n, float(home)), *drives]
        days_used = [(y2, 1.0), (y0, 1.0), (w, -1.0)]
        stops_low, stops_high = [(y2, 2.0)], [(y2, -float(stops_max))]
        # A multi-stop day's stops after its first each arrive from another commune.
        multi_episodes: list[tuple[pywraplp.Variable, float]] = [(y2, -1.0)]
        farthest = [(n, 1.0)]
        for code in served:
            x1, y1, x2, s2, e1, e2 = (solver.NumVar(0, inf, "") for _ in range(6))
            most = stop_most[code]
            backlog = inst.backlog[code]
            _le(solver, [(x1, 1), (y1, -min(most, backlog))], 0)
            _le(solver, [(x2, 1), (s2, -most)], 0)
            episode = backlog if code in far else min(most, _day_most(team, into[code]))
            _le(solver, [(x1, 1), (x2, 1), (e1, -max(1, episode)), (e2, -max(1, episode))], 0)
            _le(solver, [(e1, 1), (y1, -1)], 0)
            _le(solver, [(e2, 1), (s2, -1)], 0)
            single_row += [(y1, float(setup - shift)), (x1, per_app)]
            multi_row += [(s2, float(setup)), (x2, per_app)]
            single_arrivals.append((e1, float(into[code])))
            multi_arrivals.append((e2, float(into[code])))
            chain_row += [(e1, float(into[code])), (e2, float(into[code]))]
            days_used.append((y1, 1.0))
            stops_low.append((s2, -1.0))
            stops_high.append((s2, 1.0))
            multi_episodes += [(s2, 1.0), (e2, -1.0)]
            if trip[code] >= lo:
                farthest += [(e1, -1.0), (e2, -1.0)]
            rows.add(code, x1)
            rows.add(code, x2)
            rows.add_stops(code, team.index, most, (x1, y1), (x2, s2))
        rows_le = (single_row, multi_row, single_arrivals, multi_arrivals, chain_row)
        for terms in (*rows_le, stops_low, stops_high, multi_episodes, farthest):
            _le(solver, terms, 0)
        _le(solver, days_used, 0)
        _le(solver, [(v, -c) for v, c in days_used], 0)  # w = Σ y1 + y2 + y0


def _rounding(
    solver: pywraplp.Solver,
    pairs: list[tuple[pywraplp.Variable, pywraplp.Variable]],
    most: int,
    backlog: int,
) -> None:
    """A commune's stops are whole: with X applications over Y stops, each at most ``most``,
    X ≤ backlog, and q = ⌈backlog / most⌉, r = backlog − (q − 1)·most, every integer Y gives
    X ≤ r·Y + (most − r)·(q − 1) (Y ≤ q − 1: X ≤ most·Y; Y ≥ q: X ≤ backlog). The LP's
    fractional stops (e.g. 1.3 days for 1.3 days' worth) are cut off."""
    if most <= 0 or backlog <= most:
        return
    q = -(-backlog // most)
    r = backlog - (q - 1) * most
    row = solver.Constraint(-solver.infinity(), float((most - r) * (q - 1)))
    for x, y in pairs:
        row.SetCoefficient(x, row.GetCoefficient(x) + 1)
        row.SetCoefficient(y, row.GetCoefficient(y) - r)


def _stop_most(inst: Instance, team: TeamData, code: str) -> int:
    """Most applications one stop of ``team`` can take at ``code`` (venue cap left on its best
    open date, backlog left, a shift less one setup)."""
    caps = [inst.residual_cap(code, d) for d in inst.dates if inst.commune_open(code, d)]
    if not caps:
        return 0
    most = min(inst.backlog[code], apps_in(team, team.team.shift_min - team.team.setup_min))
    if all(cap is not None for cap in caps):
        most = min(most, max(cap or 0 for cap in caps))
    return most


def _day_most(team: TeamData, arrive_min: int) -> int:
    """Most applications of one day that arrives at a commune driving ``arrive_min``."""
    return apps_in(team, team.team.shift_min - team.team.setup_min - arrive_min)


def _le(solver: pywraplp.Solver, terms: list[tuple[pywraplp.Variable, float]], high: float) -> None:
    """Σ coefficient × variable ≤ ``high`` (a variable listed twice gets the sum)."""
    row = solver.Constraint(-solver.infinity(), high)
    for var, coefficient in terms:
        row.SetCoefficient(var, row.GetCoefficient(var) + coefficient)
