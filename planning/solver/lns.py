"""Large-neighbourhood search: how provinces are planned within the time limit.

One CP-SAT model over every route of every team-day does not scale: a province of 200 communes
with 12 teams over 60 days has more than a million route variables, more than CP-SAT can even be
given in a minute. So the search starts from a valid plan (the greedy start) and repeatedly frees
a *neighbourhood* — a few teams over a window of dates, or the team-days around a cluster of
communes — together with the communes near it, keeps everything else fixed, and re-optimises the
neighbourhood with CP-SAT for a short time slice.

The fixed rest of the plan enters the sub-model the way pinned visits do: as backlog already
taken, venue capacity already used and teams already present on a commune-day. A neighbourhood
may cut an overnight chain (a team away for a month is one chain): where a freed day meets a
fixed one across a night away, the sub-instance carries that night (``Instance.nights_before``
/ ``nights_after``), so the freed day starts / ends at that commune (its routes:
:func:`~planning.solver.routes.joining_routes`) and the fixed days stay joined. Every
sub-solution combined with
the fixed part is therefore a valid plan of the whole model. It replaces the old part only when it
is strictly better for the current stage and no worse for the earlier ones (they are posted as
constraints), so the stages stay lexicographic and the plan only improves.
"""

from __future__ import annotations

import datetime as dt
import random
import time
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from types import MappingProxyType

from ortools.sat.python import cp_model

from planning.results import ProgressInfo, SolverOptions, StageOutcome, StageStatus, VolumeEnd
from planning.solver.assignment import Assignment, assignment_collected, hint_model, read_assignment
from planning.solver.clock import Clock
from planning.solver.constraints import add_all_rules
from planning.solver.cpsat import STATUS_NAMES, found_solution, run_cpsat
from planning.solver.instance import Instance, TeamDayKey
from planning.solver.objective import (
    BALANCE_SCALE,
    RouteLists,
    Stage,
    team_load_exprs,
    team_loads,
)
from planning.solver.routes import Route, all_team_routes, joining_routes, route_key
from planning.solver.time_rule import StallWatch, plan_misses
from planning.solver.variables import build_variables

ONE_DAY = dt.timedelta(days=1)
#: Share of the search time each stage may use (the last stage run takes what is left; while
#: the plan misses, volume may take all of it: :mod:`planning.solver.time_rule`).
LNS_STAGE_SHARES = {"volume": 0.6, "stability": 0.3, "earliness": 0.5, "travel": 1.0}
#: Largest neighbourhood model (route variables, at most): larger ones are not built, and the
#: neighbourhoods shrink.
SUB_MAX_ROUTE_VARS = 12_000
#: Every this many neighbourhoods, one is around a commune left short (while there are any)...
SHORT_EVERY = 3
#: ...and twice as seldom after each such neighbourhood that did not improve the plan, up to
#: one in this many (back to :data:`SHORT_EVERY` after one that did). When the communes left
#: short cannot be reached with the work around them (Tây Ninh with 10 teams: 20–50 people at
#: two communes next to one fully used base), a fixed share of such neighbourhoods only took time
#: from the other kinds: measured 19–24 → 54–58 people short in 30 s.
MAX_SHORT_EVERY = 48
#: Sub-solve time slice, in seconds: start, smallest, largest.
SLICE_S, MIN_SLICE_S, MAX_SLICE_S = 1.0, 0.3, 4.0


@dataclass
class PlanState:
    """The plan being improved: a valid assignment over the global route lists."""

    inst: Instance
    routes: RouteLists
    assignment: Assignment
    _known: dict[str, dict[tuple[object, ...], int]] = field(default_factory=dict)

    def route(self, key: TeamDayKey) -> Route | None:
        """The route a team-day follows (None when the team does not go out)."""
        chosen = self.assignment.get(key)
        if chosen is None:
            return None
        return self.routes[self.inst.teams[key[0]].team_id][chosen[0]]

    def route_index(self, team_id: str, route: Route) -> int:
        """The index of ``route`` in the team's list, adding it when it is new."""
        known = self._known.get(team_id)
        if known is None:
            known = {_route_key(r): i for i, r in enumerate(self.routes[team_id])}
            self._known[team_id] = known
        key = _route_key(route)
        if key not in known:
            known[key] = len(self.routes[team_id])
            self.routes[team_id].append(route)
        return known[key]

    def collected_by_commune(self) -> dict[str, int]:
        """Applications per commune over the plan."""
        totals: dict[str, int] = {}
        for _, apps in self.assignment.values():
            for code, n in apps.items():
                totals[code] = totals.get(code, 0) + n
        return totals

    def left_short(self) -> dict[str, int]:
        """Applications the plan leaves at each commune it does not finish."""
        taken = self.collected_by_commune()
        left = {c: self.inst.backlog[c] - taken.get(c, 0) for c in self.inst.communes}
        return {c: n for c, n in left.items() if n > 0}

    def unfinished(self) -> list[str]:
        """Communes with collectable backlog the plan does not take yet."""
        return list(self.left_short())


def _route_key(route: Route) -> tuple[object, ...]:
    return route_key(route)


@dataclass(frozen=True)
class Neighbourhood:
    """Team-days to re-plan and the communes they may serve."""

    free: frozenset[TeamDayKey]
    communes: frozenset[str]
    kind: str


def joined_nights(
    state: PlanState, free: frozenset[TeamDayKey]
) -> tuple[dict[TeamDayKey, str], dict[TeamDayKey, str]]:
    """Where the freed team-days meet the fixed plan across a night away: (freed day → the
    commune slept at before it, freed day → the commune slept at after it)."""
    before: dict[TeamDayKey, str] = {}
    after: dict[TeamDayKey, str] = {}
    for t, day in free:
        previous, following = (t, day - ONE_DAY), (t, day + ONE_DAY)
        route = None if previous in free else state.route(previous)
        if route is not None and route.ends_away:
            before[(t, day)] = route.last
        route = None if following in free else state.route(following)
        if route is not None and route.starts_away:
            after[(t, day)] = route.slept_at
    return before, after


def restrict(state: PlanState, nb: Neighbourhood) -> tuple[Instance, list[int]]:
    """The sub-instance of a neighbourhood and, for each of its teams, the global team index.

    The fixed rest of the plan is taken out of the backlog, the venue caps and the teams per
    commune-day, as pinned visits are; the minimum per stop stays the whole instance's.
    """
    inst = state.inst
    pinned_apps = dict(inst.pinned_apps)
    pinned_teams = dict(inst.pinned_teams)
    taken: dict[str, int] = {}
    for key, (_, apps) in state.assignment.items():
        if key in nb.free:
            continue
        for code, n in apps.items():
            taken[code] = taken.get(code, 0) + n
            pinned_apps[(code, key[1])] = pinned_apps.get((code, key[1]), 0) + n
        for commune in {inst.commune_of(code) for code in apps}:
            pinned_teams[(commune, key[1])] = pinned_teams.get((commune, key[1]), 0) + 1
    backlog = {c: n - taken.get(c, 0) for c, n in inst.backlog.items()}
    team_ids = sorted({t for t, _ in nb.free})
    local = {t: i for i, t in enumerate(team_ids)}
    before, after = joined_nights(state, nb.free)
    teams = tuple(
        replace(
            inst.teams[t],
            index=i,
            working_dates=tuple(sorted(d for u, d in nb.free if u == t)),
        )
        for i, t in enumerate(team_ids)
    )
    sub = replace(
        inst,
        teams=teams,
        communes=tuple(c for c in inst.communes if c in nb.communes and backlog[c] > 0),
        backlog=MappingProxyType(backlog),
        pinned_days=MappingProxyType({}),
        pinned_apps=MappingProxyType(pinned_apps),
        pinned_teams=MappingProxyType(pinned_teams),
        nights_before=MappingProxyType({(local[t], d): c for (t, d), c in before.items()}),
        nights_after=MappingProxyType({(local[t], d): c for (t, d), c in after.items()}),
    )
    return sub, team_ids


def _sub_routes(
    state: PlanState, sub: Instance, team_ids: list[int], nb: Neighbourhood
) -> tuple[RouteLists, Assignment]:
    """Candidate routes of the sub-instance, including the routes the plan follows now, and
    the current plan of the neighbourhood in the sub-instance's terms (its hint)."""
    routes = all_team_routes(sub)
    codes = list(sub.communes)
    for i, day in sorted({*sub.nights_before, *sub.nights_after}, key=lambda k: (k[1], k[0])):
        team = sub.teams[i]
        start, end = sub.nights_before.get((i, day), ""), sub.nights_after.get((i, day), "")
        routes[team.team_id] = [
            *routes[team.team_id],
            *joining_routes(sub, team, codes, start, end),
        ]
    current: Assignment = {}
    for i, t in enumerate(team_ids):
        team_id = state.inst.teams[t].team_id
        index = {_route_key(r): j for j, r in enumerate(routes[team_id])}
        for day in sub.teams[i].working_dates:
            chosen = state.assignment.get((t, day))
            if chosen is None:
                continue
            route = state.routes[team_id][chosen[0]]
            key = _route_key(route)
            if key not in index:
                index[key] = len(routes[team_id])
                routes[team_id].append(route)
            current[(i, day)] = (index[key], chosen[1])
    return routes, current


@dataclass
class SubOutcome:
    """What one neighbourhood solve did: ``improved`` the stage's value, or, with ``eased``, kept
    a part of equal value for the volume stage's tie-break (:func:`pressure_weights`)."""

    improved: bool
    status: StageStatus
    seconds: float
    size: int
    eased: bool = False


def improve(
    state: PlanState,
    nb: Neighbourhood,
    chosen: list[Stage],
    level: int,
    options: SolverOptions,
    clock: Clock,
    seconds: float,
) -> SubOutcome:
    """Re-optimise one neighbourhood for stage ``chosen[level]``, the earlier stages held."""
    sub, team_ids = restrict(state, nb)
    routes, current = _sub_routes(state, sub, team_ids, nb)
    size = sum(len(routes[t.team_id]) * len(t.working_dates) for t in sub.teams)
    if size > SUB_MAX_ROUTE_VARS:
        return SubOutcome(False, StageStatus.UNKNOWN, 0.0, size)
    mv = build_variables(sub, routes)
    if not mv.x:
        return SubOutcome(False, StageStatus.OPTIMAL, 0.0, 0)
    add_all_rules(mv)
    for earlier in chosen[:level]:
        value = earlier.evaluate(sub, routes, current)
        expr = earlier.build(mv)
        mv.model.add(expr >= value if earlier.maximize else expr <= value)
    stage = chosen[level]
    expr = stage.build(mv)
    weights = pressure_weights(state, team_ids) if level == 0 and stage.name == "volume" else None
    if weights is not None:
        # One application outweighs every minute the tie-break can count: volume stays first.
        loads = team_load_exprs(mv)
        heaviest = sum(
            weights[i] * BALANCE_SCALE * t.team.shift_min * len(t.working_dates)
            for i, t in enumerate(sub.teams)
        )
        pressure = cp_model.LinearExpr.weighted_sum(
            [loads[i] for i in range(len(weights))], weights
        )
        mv.model.maximize(cp_model.LinearExpr.weighted_sum([expr, pressure], [1 + heaviest, -1]))
    elif stage.maximize:
        mv.model.maximize(expr)
    else:
        mv.model.minimize(expr)
    hint_model(mv, current)
    solver, status, used = run_cpsat(mv, stage.name, seconds, options, clock)
    name = STATUS_NAMES.get(status, StageStatus.UNKNOWN)
    if not found_solution(status):
        return SubOutcome(False, name, used, len(mv.x))
    new = read_assignment(mv, solver)
    value, old = stage.evaluate(sub, routes, new), stage.evaluate(sub, routes, current)
    improved = stage.better(value, old)
    eased = (
        weights is not None
        and value == old
        and pressure_value(sub, routes, new, weights)
        < pressure_value(sub, routes, current, weights)
    )
    if not (improved or eased):
        return SubOutcome(False, name, used, len(mv.x))
    for key in nb.free:
        state.assignment.pop(key, None)
    for (i, day), (r, apps) in new.items():
        t = team_ids[i]
        team_id = state.inst.teams[t].team_id
        state.assignment[(t, day)] = (state.route_index(team_id, routes[team_id][r]), apps)
    return SubOutcome(improved, name, used, len(mv.x), eased=not improved)


def pressure_weights(state: PlanState, team_ids: list[int]) -> list[int] | None:
    """Weights of the volume stage's tie-break for the teams ``team_ids`` (global indices), or
    ``None`` when it does not apply: with overnight stays, when the plan meets, when it misses
    by more than :data:`PRESSURE_MAX_SHORT_SHARE` of the backlog, or when no idle team-day is
    stranded out of reach of the people left (:func:`idle_days_out_of_reach`).

    Why: on day trips a team works only within reach of its base. When the plan misses by a
    few dozen people next to fully used teams while teams far away have days to spare (Tây Ninh
    with 10 teams: 25–70 people at two communes next to one base, five free days of a team 400
    minutes away), no single neighbourhood can raise the volume: the spare days are several
    teams away. With the tie-break, a part that takes as many applications but moves work from
    teams near the shortfall to teams farther out is kept, so the spare time travels towards
    the shortfall one neighbour at a time until a neighbourhood can use it. The nearest team
    weighs 1 + n³, the farthest 2 (n teams, ranked by the drive from their base to the nearest
    commune left short): steeper weights did better (Tây Ninh, 10 teams, six seeds of 40 s,
    before the condition of :func:`idle_days_out_of_reach`; people short on average: none 42,
    n¹ 24, n² 30, n³ 10, n⁴ 16; met 0, 1, 1, 2, 2 times).
    With overnight stays a team works far from its base, so its base says little about where
    its time is free (Lâm Đồng, 12 teams: 19 people short on average without, 31 with n³)."""
    inst = state.inst
    if inst.scenario.rules.allow_overnight:
        return None
    short = state.left_short()
    if not short or sum(short.values()) > PRESSURE_MAX_SHORT_SHARE * sum(inst.backlog.values()):
        return None
    if not idle_days_out_of_reach(state, short):
        return None
    reach = {t.index: min(inst.travel(t.label, c) for c in short) for t in inst.teams}
    ranked = sorted(reach, key=lambda t: (reach[t], t))
    weight = {t: 1 + (len(ranked) - i) ** PRESSURE_POWER for i, t in enumerate(ranked)}
    return [weight[t] for t in team_ids]


def idle_days_out_of_reach(state: PlanState, short: dict[str, int]) -> bool:
    """True when the plan leaves some team-days idle and none of them could serve a commune left
    short by a day trip (there and back, one setup and the smallest stop within the shift).

    Why: an idle day that can reach the shortfall is the short-commune neighbourhoods' job, and
    there the tie-break only slowed the search. Hưng Yên with 10 teams, eight seeds of 30 s
    (idle days 83 minutes from the people left): plans that met without the tie-break 5, with it
    3, with it and this condition 6. Tây Ninh with 10 teams, the same seeds: people short on
    average 56 without the tie-break (none met), 40 with it and this condition (one met)."""
    inst = state.inst
    idle = [key for key in inst.free_team_days() if key not in state.assignment]
    for t, day in idle:
        team = inst.teams[t]
        per_app = 60 / team.team.apps_per_hour
        for code, left in short.items():
            if not inst.commune_open(code, day):
                continue
            stop_min = team.team.setup_min + per_app * min(left, inst.min_stop(code))
            if inst.round_trip_min(team, code) + stop_min <= team.team.shift_min:
                return False
    return bool(idle)


#: The tie-break applies while the plan misses by at most this share of the backlog: a larger
#: miss has volume to gain in most neighbourhoods.
PRESSURE_MAX_SHORT_SHARE = 0.01
#: Power of a team's rank in its weight (:func:`pressure_weights`).
PRESSURE_POWER = 3


def pressure_value(
    sub: Instance, routes: RouteLists, assignment: Assignment, weights: list[int]
) -> int:
    """Σ weight × working minutes (driving, setups, service) of the teams of an assignment of
    ``sub``: the value the tie-break's expression has."""
    loads = team_loads(sub, routes, assignment)
    return sum(weights[i] * load for i, load in loads.items())


class Neighbourhoods:
    """Chooses the next neighbourhood; its size adapts to how sub-solves go.

    Two kinds alternate: a few teams (the anchor and the teams based nearest it) over a window
    of consecutive dates, and the team-days around a cluster of nearby communes over the whole
    horizon. Both add the unfinished communes nearest to the freed work, so backlog the plan does
    not reach yet can come in.
    """

    def __init__(self, state: PlanState, seed: int) -> None:
        self.state = state
        self.rng = random.Random(seed)
        self.scale = 1.0
        inst = state.inst
        self.dates = sorted({d for _, d in inst.free_team_days()})
        self.by_team: dict[int, list[dt.date]] = {}
        for t, day in inst.free_team_days():
            self.by_team.setdefault(t, []).append(day)
        self.turn = 0
        self.short_every = SHORT_EVERY
        self.since_short = 0

    def tell(self, nb: Neighbourhood, improved: bool) -> None:
        """How a neighbourhood went: those around short communes come less often while they
        fail."""
        if nb.kind == "short":
            self.short_every = (
                SHORT_EVERY if improved else min(MAX_SHORT_EVERY, 2 * self.short_every)
            )

    def grow(self) -> None:
        """Sub-solves finish quickly: try larger neighbourhoods."""
        self.scale = min(3.0, self.scale * 1.25)

    def shrink(self) -> None:
        """Sub-solves run out of time: try smaller neighbourhoods."""
        self.scale = max(0.4, self.scale / 1.25)

    def next(self) -> Neighbourhood:
        """The next neighbourhood (alternating kinds; while communes are left short, every
        :data:`SHORT_EVERY`-th one is around one of them, less often while those fail)."""
        self.turn += 1
        self.since_short += 1
        if self.since_short >= self.short_every and self.state.assignment:
            short = self.state.left_short()
            if short:
                self.since_short = 0
                return self._around_short(short)
        if self.turn % 2 and self.state.assignment:
            return self._cluster()
        return self._window()

    def _partners(self, anchor: int, count: int) -> list[int]:
        """The anchor and the teams whose bases are nearest to its base."""
        inst = self.state.inst
        label = inst.teams[anchor].label
        others = sorted(
            (t.index for t in inst.teams if t.index != anchor and t.index in self.by_team),
            key=lambda u: (inst.travel(label, inst.teams[u].label), self.rng.random()),
        )
        return [anchor, *others[: max(0, count - 1)]]

    def _window(self) -> Neighbourhood:
        inst = self.state.inst
        anchor = self.rng.choice(sorted(self.by_team))
        teams = self._partners(anchor, max(1, round(2 * self.scale)))
        days = self.by_team[anchor]
        width = max(2, round(4 * self.scale))
        first = self.rng.randrange(max(1, len(days) - width + 1))
        window = set(days[first : first + width])
        free = {(t, d) for t in teams for d in self.by_team[t] if d in window}
        return self._with_communes(free, inst.teams[anchor].label, "window")

    def _cluster(self) -> Neighbourhood:
        visited = [(key, c) for key, (_, apps) in self.state.assignment.items() for c in apps]
        seed_key, seed = self.rng.choice(visited)
        cluster, touching = self._around(seed)
        touching.sort(key=lambda key: (abs((key[1] - seed_key[1]).days), self.rng.random()))
        free = set(touching[: max(4, round(12 * self.scale))])
        return self._with_communes(free, seed, "cluster", cluster)

    def _around_short(self, short: dict[str, int]) -> Neighbourhood:
        """Around a commune left short (drawn by the applications left): the team-days that
        serve the communes nearest to it, and the idle days of the teams based nearest to it.

        Why: the other kinds start from a random team or a visited commune, so when a plan
        misses by a few communes (Tây Ninh with 10 teams: 50 people at two communes 30–40 min
        from one base) the search seldom frees the work next to them together with days that
        could take it over."""
        inst = self.state.inst
        codes = sorted(short)
        seed = self.rng.choices(codes, weights=[short[c] for c in codes])[0]
        cluster, touching = self._around(seed)
        free = set(touching[: max(4, round(12 * self.scale))])
        near = sorted(self.by_team, key=lambda t: (inst.travel(inst.teams[t].label, seed), t))
        for t in near[: max(2, round(3 * self.scale))]:
            free.update((t, d) for d in self.by_team[t] if (t, d) not in self.state.assignment)
        return self._with_communes(free, seed, "short", cluster)

    def _around(self, seed: str) -> tuple[set[str], list[TeamDayKey]]:
        """The communes nearest to ``seed`` (as many as the scale says) and the planned
        team-days that serve any of them."""
        inst = self.state.inst
        cluster = set(_nearest(inst, seed, inst.communes, max(3, round(6 * self.scale))))
        touching = [key for key, (_, apps) in self.state.assignment.items() if cluster & set(apps)]
        return cluster, touching

    def _with_communes(
        self, free: set[TeamDayKey], centre: str, kind: str, extra: Iterable[str] = ()
    ) -> Neighbourhood:
        """The freed team-days with the communes they visit, ``extra``, and the unfinished
        communes nearest to ``centre``."""
        inst = self.state.inst
        communes = set(extra)
        for key in free:
            chosen = self.state.assignment.get(key)
            if chosen is not None:
                communes.update(chosen[1])
        unfinished = self.state.unfinished()
        communes.update(_nearest(inst, centre, unfinished, max(4, round(12 * self.scale))))
        return Neighbourhood(frozenset(free), frozenset(communes), kind)


def _nearest(inst: Instance, centre: str, codes: Iterable[str], k: int) -> list[str]:
    """The ``k`` communes of ``codes`` nearest to ``centre`` (a commune or a base label)."""
    return sorted(codes, key=lambda c: inst.travel(centre, c) + inst.travel(c, centre))[:k]


def lns_stages(
    state: PlanState,
    chosen: list[Stage],
    options: SolverOptions,
    clock: Clock,
    proven_volume: int | None,
) -> tuple[list[StageOutcome], VolumeEnd]:
    """Run the neighbourhood search stage by stage; returns one outcome per stage and how the
    volume stage ended.

    ``proven_volume`` (the valid bound on the volume objective, when known) ends the volume
    stage early once the plan reaches it. While the plan misses, the volume stage may use all
    the time and ends when it stalls (:mod:`planning.solver.time_rule`).
    """
    outcomes: list[StageOutcome] = []
    hood = Neighbourhoods(state, options.seed)
    volume_first = plan_misses(state.inst, state.assignment) and len(chosen) > 1
    volume_end = VolumeEnd.SHARE
    for level, stage in enumerate(chosen):
        if clock.stopped():
            clock.skip(f"lns_{stage.name}", "no time left")
            nan = float("nan")
            outcomes.append(StageOutcome(stage.name, StageStatus.UNKNOWN, nan, nan, 0.0))
            continue
        last = level == len(chosen) - 1
        first = level == 0 and volume_first
        share = 1.0 if last or first else LNS_STAGE_SHARES.get(stage.name, 0.5)
        budget = clock.left() * share
        with clock.phase(f"lns_{stage.name}") as timer:
            run = _search(
                state, chosen, level, hood, options, clock, budget, proven_volume, stall=first
            )
            timer.detail = f"{run.tried} neighbourhoods, {run.improved} improved"
            if run.eased:
                timer.detail += f", {run.eased} kept for the tie-break towards the shortfall"
            if run.stalled:
                timer.detail += ", stalled"
            if not run.proven:
                timer.cut_short(timer.detail)
        if first:
            volume_end = _volume_end(run)
        value = stage.evaluate(state.inst, state.routes, state.assignment)
        status = StageStatus.OPTIMAL if run.proven else StageStatus.FEASIBLE
        outcomes.append(StageOutcome(stage.name, status, value, float("nan"), run.seconds))
        _report(state, stage, value, options, clock)
    return outcomes, volume_end


def _volume_end(run: SearchRun) -> VolumeEnd:
    """How a volume stage given all the time ended."""
    if run.met:
        return VolumeEnd.MET
    if run.proven:
        return VolumeEnd.PROVEN
    return VolumeEnd.STALLED if run.stalled else VolumeEnd.TIME_LIMIT


@dataclass
class SearchRun:
    """How one stage of the neighbourhood search went."""

    #: True when the stage reached a proven value (volume at the valid bound, or every
    #: collectable application planned).
    proven: bool = False
    #: True when the plan took every collectable application (volume stage).
    met: bool = False
    #: True when the stage ended because it stalled (:mod:`planning.solver.time_rule`).
    stalled: bool = False
    tried: int = 0
    improved: int = 0
    #: Neighbourhoods kept for the volume stage's tie-break alone (equal volume).
    eased: int = 0
    #: Seconds spent in CP-SAT.
    seconds: float = 0.0


def _search(
    state: PlanState,
    chosen: list[Stage],
    level: int,
    hood: Neighbourhoods,
    options: SolverOptions,
    clock: Clock,
    budget: float,
    proven_volume: int | None,
    stall: bool = False,
) -> SearchRun:
    """Neighbourhoods until the stage's budget is used, its value is proven or (with
    ``stall``) it stalls."""
    stage = chosen[level]
    until = clock.deadline_after(budget)
    slice_s, run = SLICE_S, SearchRun()
    watch = StallWatch()
    while not clock.stopped():
        if level == 0 and not plan_misses(state.inst, state.assignment):
            run.proven = run.met = True
            return run
        if (
            level == 0
            and proven_volume is not None
            and stage.evaluate(state.inst, state.routes, state.assignment) >= proven_volume
        ):
            run.proven = True
            return run
        if stall and watch.stalled():
            run.stalled = True
            return run
        seconds = min(slice_s, until - time.monotonic(), clock.left())
        if seconds < MIN_SLICE_S / 2:
            break
        nb = hood.next()
        outcome = improve(state, nb, chosen, level, options, clock, seconds)
        hood.tell(nb, outcome.improved)
        run.tried += 1
        run.seconds += outcome.seconds
        if outcome.improved:
            run.improved += 1
            watch.gained()
            _report(state, stage, None, options, clock)
        elif outcome.eased:
            # Work moved away from the shortfall is progress towards volume: no stall.
            run.eased += 1
            watch.gained()
        else:
            watch.tried()
        if outcome.size > SUB_MAX_ROUTE_VARS:
            hood.shrink()
        elif outcome.status == StageStatus.OPTIMAL and outcome.seconds < 0.5 * seconds:
            hood.grow()
        elif outcome.status not in (StageStatus.OPTIMAL, StageStatus.FEASIBLE):
            hood.shrink()
            slice_s = min(MAX_SLICE_S, slice_s * 1.5)
    return run


def _report(
    state: PlanState, stage: Stage, value: float | None, options: SolverOptions, clock: Clock
) -> None:
    if options.progress is None:
        return
    if value is None:
        value = stage.evaluate(state.inst, state.routes, state.assignment)
    collected = assignment_collected(state.assignment) + state.inst.pinned_collected
    options.progress(ProgressInfo(stage.name, clock.elapsed(), value, float("nan"), collected))
