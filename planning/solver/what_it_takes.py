""" "What would it take": answers computed by solving variants of the scenario, not by formula.

The analysis has its own time budget (``budget_s``, by default the solve's time limit) and keeps
to it: every sub-solve gets a share of what is left, and when the budget runs out the answers not
found yet are reported as not found (``None``), never guessed.

Before any solving, :func:`~planning.solver.reachability.binding_limits` looks for limits no
number of teams lifts — a venue whose cap over the days it is open is below its backlog, a commune
no team can reach. When there are some, "fewest teams" is proven impossible by them, and each says
what would lift it (a cap of N a day, or a deadline of D).

**Fewest teams and earliest finish are intervals** (issue 17): "at least L — every smaller count
(earlier date) is proven to miss by a valid bound (:mod:`planning.solver.bounds`: the capacity
max-flow, the LPs) — and a plan meets with U". A miss is proven only by a valid bound below the
backlog, never by a heuristic plan falling short. The search between them:

- L starts from the capacity bound (bisection over counts: the bound only grows with teams) and
  rises whenever a probe's valid bound is below the backlog; when the counts below U have all
  been tried, bound-only probes (more time for the LPs) try to prove the count just below U;
- U: when the scenario's own plan misses, the next count is the capacity estimate
  ``teams × backlog ÷ collected`` (rounded up) — or simply one more team when the shortfall is
  smaller than one team's output over the period (``collected ÷ teams``): a count is never
  jumped past untried when the plan was that close. Once a count meets, the counts below it are
  tried downwards, each warm-started from the plan of the count next to it (one team's days
  dropped, or added and filled by cheapest insertion: :mod:`planning.solver.warm_start`).
  When the search is done with budget left (:func:`closer_high`), the count just below U is
  solved once more from its best plan when it missed narrowly, sharing what is left with the
  answers still to come; whatever the budget holds after them goes to that count again.

The work is done by *probes* (a solve of a variant, or its bound alone), run by a
:data:`ProbeExecutor`: here one after the other; the national what-if hands them to Dask
(:mod:`planning.sweep.national`), several at once — ``width`` says how many the search may ask
for in one round, so more workers shorten a province's search, not only the queue.

Every sub-solve runs the volume stage only. The figures reported (collected with and without
weekends, applications per extra team-day) always come from plans, never from a bound.
"""

from __future__ import annotations

import datetime as dt
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

from planning.domain import Plan, Scenario
from planning.results import (
    ALL_ANSWERS,
    DEFAULT_MAX_TEAMS,
    Answer,
    BindingLimit,
    LimitKind,
    SolveResult,
    SolverOptions,
    SubSolve,
    WhatItTakes,
)
from planning.solver.api import solve
from planning.solver.bounds import bound_alone, capacity_bound
from planning.solver.clock import Clock
from planning.solver.instance import build_instance
from planning.solver.lifts import propose_lifts
from planning.solver.reachability import binding_limits
from planning.solver.routes import all_team_routes
from planning.variants import (
    weekends_all_on,
    with_deadline,
    with_team_count,
    with_weekends,
    without_communes,
)

#: Furthest the earliest-finish search looks past the deadline, in days.
MAX_EXTENSION_DAYS = 120
#: Most teams the fewest-teams search tries (unless told otherwise).
MAX_TEAMS = DEFAULT_MAX_TEAMS
#: A sub-solve gets this share of the budget (within the bounds below), in seconds.
SUB_SHARE, SUB_MIN_S, SUB_MAX_S = 1 / 6, 1.0, 20.0
#: Sub-solves' shares of time for the retry of the count just below the one that met, and
#: for a bound-only probe (Đồng Nai's chain LP at 10 teams proves the miss in 12.7 s on a free
#: core and did not finish in 1.5 shares' 14.3 s with the other worker busy; 2 of the national
#: run's 76 bound probes used their whole time).
RETRY_SHARES, BOUND_SHARES = 2.0, 2.0
#: A count that missed by at most this share of one team's output is solved again from the plan
#: that met (:func:`_near_miss`); a larger miss is left to the bounds.
NEAR_MISS_SHARE = 0.25
#: Answers looked for after the fewest teams (besides the earliest finish), each by a solve.
LATER_ANSWERS = frozenset({Answer.WEEKENDS, Answer.MARGINAL})
#: A sub-solve is not started with less than this left in the budget.
SUB_START_MIN_S = 0.5
#: Largest communes × teams × days whose capacity bounds are computed in this process (one
#: takes 0.15 s at Hồ Chí Minh's 168 communes × 30 teams × 35 days = 176,400, measured).
SMALL_CAPACITY_CELLS = 500_000
#: The phases of a solve that do not shrink with its time limit.
FIXED_PHASES = frozenset({"instance", "routes", "start", "bound_flow"})


@dataclass(frozen=True)
class Probe:
    """One piece of the analysis's work: solve a variant (volume stage only) within
    ``seconds``, from ``start_plan`` when given — or, with ``bound_only``, compute its valid
    bound alone."""

    label: str
    scenario: Scenario
    seconds: float
    start_plan: Plan | None = None
    bound_only: bool = False


@dataclass(frozen=True)
class ProbeReply:
    """What a probe found: the solve's result, or the bound; the seconds it took."""

    label: str
    result: SolveResult | None = None
    bound: int | None = None
    seconds: float = 0.0
    error: str = ""
    worker: str = ""


def run_probe(probe: Probe, options: SolverOptions) -> ProbeReply:
    """Run one probe (in this process, or on a worker of the national what-if)."""
    started = time.monotonic()
    seconds = max(0.05, probe.seconds)
    if probe.bound_only:
        # The clock starts before the instance is built: building it is part of the probe's time.
        clock = Clock(seconds, options.stop_event)
        inst = build_instance(probe.scenario)
        bound, _ = bound_alone(inst, clock)
        return ProbeReply(probe.label, bound=bound, seconds=time.monotonic() - started)
    sub_options = replace(options, time_limit_s=seconds, stages=1, progress=None)
    result = solve(probe.scenario, sub_options, start_plan=probe.start_plan)
    return ProbeReply(probe.label, result=result, seconds=time.monotonic() - started)


#: Runs probes (several at once where it can) and returns their replies in the same order.
ProbeExecutor = Callable[[Sequence[Probe], SolverOptions], list[ProbeReply]]


def run_in_process(probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
    """The executor without Dask: one probe after the other."""
    return [run_probe(p, options) for p in probes]


@dataclass(frozen=True)
class Request:
    """A sub-solve the search asks for (``need_plan``: a miss proven by the capacity bound alone
    is not enough, the figures or the plan are reported)."""

    label: str
    scenario: Scenario
    need_plan: bool = True
    start_plan: Plan | None = None
    #: Seconds for this solve (``None``: a sub-solve's share).
    seconds: float | None = None


class _Runner:
    """Memoised volume-only sub-solves under the analysis's clock, run by the executor."""

    def __init__(
        self,
        options: SolverOptions,
        clock: Clock,
        executor: ProbeExecutor,
        width: Callable[[], int],
    ) -> None:
        self.options = replace(options, stages=1, progress=None)
        self.clock = clock
        self.executor = executor
        self.width = width
        self.per_solve = min(SUB_MAX_S, max(SUB_MIN_S, clock.limit_s * SUB_SHARE))
        self.log: list[SubSolve] = []
        self._memo: dict[str, SubSolve] = {}
        #: The solves that made a plan, by label.
        self.results: dict[str, SolveResult] = {}
        #: Valid bounds found by bound-only probes, by label.
        self.bounds: dict[str, int] = {}
        #: True once a sub-solve was not run because the budget was used up.
        self.ran_out = False
        #: Longest a sub-solve took before its search (instance, routes, start): a solve cannot
        #: be shorter, so none is started with less time left than that.
        self.overhead_s = 0.0

    def known(self, label: str, result: SolveResult) -> SubSolve:
        """Record a solve made elsewhere (the scenario's own plan) as a sub-solve."""
        sub = _sub_of(label, result, result.solve_seconds)
        self.log.append(sub)
        self._memo[label] = sub
        self.results[label] = result
        return sub

    def recorded(self, label: str) -> SubSolve | None:
        """The sub-solve recorded under ``label``, if any."""
        return self._memo.get(label)

    def has_time(self) -> bool:
        """True when a further sub-solve fits the budget (else notes that it ran out)."""
        if self.clock.stopped() or self.clock.left() < max(SUB_START_MIN_S, 1.5 * self.overhead_s):
            self.ran_out = True
            return False
        return True

    def run(self, request: Request) -> SubSolve | None:
        """One sub-solve (see :meth:`run_many`)."""
        return self.run_many([request])[0]

    def run_many(self, requests: Sequence[Request]) -> list[SubSolve | None]:
        """Solve the requests (in one batch of the executor) and record the outcomes; ``None``
        for those the budget did not allow. Without ``need_plan`` a miss may be proven by the
        capacity bound alone (no plan)."""
        out: dict[int, SubSolve | None] = {}
        probes: list[tuple[int, Request]] = []
        for i, request in enumerate(requests):
            known = self._memo.get(request.label)
            if known is not None and (not request.need_plan or not known.by_bound):
                out[i] = known
                continue
            if not self.has_time():
                out[i] = None
                continue
            if not request.need_plan and (sub := self._short_by_capacity(request)) is not None:
                out[i] = self._record(sub)
                continue
            probes.append((i, request))
        if probes:
            batch = [
                Probe(r.label, r.scenario, self._seconds(r.seconds), r.start_plan)
                for _, r in probes
            ]
            for (i, request), reply in zip(probes, self.executor(batch, self.options), strict=True):
                out[i] = self._recorded_reply(request, reply)
        return [out[i] for i in range(len(requests))]

    def _seconds(self, wanted: float | None) -> float:
        """A probe's time limit: what it wants (a sub-solve's share by default), within the
        time left less the longest fixed phases seen (a solve's instance, routes and start come
        on top of its search and must end within the budget too)."""
        left = self.clock.left() - self.overhead_s
        return max(SUB_START_MIN_S, min(wanted or self.per_solve, left))

    def _short_by_capacity(self, request: Request) -> SubSolve | None:
        """The miss the capacity bound proves without solving (``None`` when it does not)."""
        scenario = request.scenario
        backlog = scenario.collectable_backlog
        started = self.clock.elapsed()
        bound = capacity_bound(build_instance(scenario)) if scenario.teams else 0
        if bound >= backlog:
            return None
        seconds = self.clock.elapsed() - started
        return SubSolve(request.label, bound, backlog, False, True, seconds, True)

    def bound_many(self, labelled: Sequence[tuple[str, Scenario]]) -> list[int | None]:
        """Valid bounds of variants (bound-only probes with :data:`BOUND_SHARES` sub-solves'
        time each: Hà Nội's radius LP at 20 teams takes 7.7 s to prove 120,871 < 122,758)."""
        todo = [(label, sc) for label, sc in labelled if label not in self.bounds]
        if todo and self.has_time():
            seconds = self._seconds(BOUND_SHARES * self.per_solve)
            batch = [Probe(label, sc, seconds, bound_only=True) for label, sc in todo]
            for (label, _), reply in zip(todo, self.executor(batch, self.options), strict=True):
                if reply.bound is not None:
                    self.bounds[label] = reply.bound
        return [self.bounds.get(label) for label, _ in labelled]

    def _recorded_reply(self, request: Request, reply: ProbeReply) -> SubSolve | None:
        result = reply.result
        if result is None:
            return None
        self.results[request.label] = result
        fixed = sum(p.seconds for p in result.phases if p.name in FIXED_PHASES)
        self.overhead_s = max(self.overhead_s, fixed)
        return self._record(_sub_of(request.label, result, reply.seconds))

    def _record(self, sub: SubSolve) -> SubSolve:
        self.log.append(sub)
        self._memo[sub.label] = sub
        return sub


def _sub_of(label: str, result: SolveResult, seconds: float) -> SubSolve:
    """A sub-solve's record: a miss is proven only by a valid bound below the backlog."""
    proven = result.meets or result.upper_bound_by_deadline < result.collectable_backlog
    return SubSolve(
        label,
        result.collected_by_deadline,
        result.collectable_backlog,
        result.meets,
        proven,
        seconds,
    )


def _plan_of(runner: _Runner, label: str) -> Plan | None:
    result = runner.results.get(label)
    return None if result is None else result.plan


# --- fewest teams -------------------------------------------------------------------------------


@dataclass
class Interval:
    """A searched answer: ``low`` proven (every value below it misses), ``high`` met by a plan
    (``None``: no plan met)."""

    low: int
    high: int | None

    @property
    def proven(self) -> bool:
        """True when the interval is one value."""
        return self.high is not None and self.low >= self.high


def least_not_short(lo: int, hi: int, short: Callable[[int], bool]) -> int:
    """The smallest value in [lo, hi] that ``short`` (monotone: true up to a point) does not
    prove short, by bisection; ``hi + 1`` when all are."""
    while lo <= hi:
        mid = (lo + hi) // 2
        if short(mid):
            lo = mid + 1
        else:
            hi = mid - 1
    return lo


def _teams_label(scenario: Scenario, k: int) -> str:
    return "current" if k == len(scenario.teams) else f"teams={k}"


def fewest_teams(
    runner: _Runner, scenario: Scenario, base: SubSolve, max_teams: int = MAX_TEAMS
) -> Interval:
    """The fewest teams (extra ones copy the first) that meet the deadline, as an interval
    (module docstring). ``high`` is ``None`` when no count up to ``max_teams`` met in time."""
    backlog = scenario.collectable_backlog
    if backlog == 0:
        return Interval(0, 0)
    n = len(scenario.teams)
    low = 1
    if n > 1 and _small(scenario):

        def capacity_short(k: int) -> bool:
            inst = build_instance(with_team_count(scenario, k))
            return capacity_bound(inst) < backlog

        low = least_not_short(1, n - 1, capacity_short)
    tried: dict[int, SubSolve] = {n: base}
    if base.proven and not base.meets:
        low = max(low, n + 1)
    high = n if base.meets else None
    checked: set[int] = set()
    retried: set[int] = set()
    while runner.has_time() and (high is None or low < high):
        guess = _busy_guess(runner, scenario, high)
        counts = _next_counts(tried, low, high, max_teams, max(1, runner.width()), guess)
        if counts:
            requests = [
                Request(
                    _teams_label(scenario, k),
                    with_team_count(scenario, k),
                    start_plan=_neighbour_plan(runner, scenario, tried, k),
                )
                for k in counts
            ]
            for k, sub in zip(counts, runner.run_many(requests), strict=True):
                if sub is None:
                    continue
                tried[k] = sub
                if sub.meets:
                    high = k if high is None else min(high, k)
                elif sub.proven:
                    low = max(low, k + 1)
            continue
        if high is None:
            break  # max_teams tried and missed
        below = high - 1
        if (
            below >= low
            and below not in retried
            and not tried[below].proven
            and _near_miss(tried[below], tried[high], high)
        ):
            # It missed from another start: try it once from the plan that met, one team's days
            # dropped (its crumbs given back: planning.solver.insertion.unstranded).
            retried.add(below)
            if (sub := _retry(runner, scenario, below, high)) is not None:
                tried[below] = sub
                if sub.meets:
                    high = below
                elif sub.proven:
                    low = max(low, below + 1)
            continue
        # Every count below the one that met is tried (and missed): prove what a bound can.
        # The bound grows with the teams, so the counts it proves short are those below a
        # threshold: search it (a w-ary bisection, w = the probes allowed at once).
        top = min([high - 1, *(k - 1 for k in checked if k >= low)])
        if top < low:
            break
        picks = _spread(low, top, max(1, runner.width()))
        checked.update(picks)
        bounds = runner.bound_many(
            [(f"bound teams={k}", with_team_count(scenario, k)) for k in picks]
        )
        for k, bound in zip(picks, bounds, strict=True):
            if bound is not None and bound < backlog:
                low = max(low, k + 1)
    return Interval(min(low, high) if high is not None else low, high)


def closer_high(
    runner: _Runner,
    scenario: Scenario,
    teams: Interval,
    share: float,
    tag: str = "again",
    near_only: bool = True,
) -> Interval:
    """With the time the search left: the count just below U solved once more with ``share`` of
    what is left, continuing from its best plan so far (and, when two probes may run at once,
    also from the plan that met); when it meets, the count below it likewise. Wide intervals
    often end on a count that missed by a handful of people in a sub-solve's share while the
    budget was not used up (Đắk Lắk: 10 teams 26 short of 50,231 with 26 s of the minute left;
    they meet in 4.6 s more). With ``near_only`` a count that missed by more than
    :data:`NEAR_MISS_SHARE` of a team's output is left alone; without it (the analysis's last
    use of its budget) it is solved from the plan that met first. ``tag`` names the solves."""
    tried: set[int] = set()
    while teams.high is not None and not teams.proven and runner.has_time():
        k, met = teams.high - 1, teams.high
        if k in tried:
            break
        tried.add(k)
        best = _best_miss(runner, scenario, k)
        met_sub = runner.recorded(_teams_label(scenario, met))
        near = best is None or met_sub is None or _near_miss(best, met_sub, met)
        if near_only and not near:
            break  # a large miss: more time on it is unlikely to meet
        starts = _starts_for(runner, scenario, k, met, best, tag)
        starts = (starts if near else starts[::-1])[: max(1, runner.width())]
        variant = with_team_count(scenario, k)
        requests = [
            Request(label, variant, start_plan=plan, seconds=share * runner.clock.left())
            for label, plan in starts
        ]
        subs = runner.run_many(requests)
        met_by = [r.label for r, sub in zip(requests, subs, strict=True) if sub and sub.meets]
        if met_by:
            runner.results[_teams_label(scenario, k)] = runner.results[met_by[0]]
            teams = Interval(teams.low, k)
        elif any(sub is not None and sub.proven for sub in subs):
            teams = Interval(max(teams.low, met), met)
        else:
            break
    return teams


def _best_miss(runner: _Runner, scenario: Scenario, k: int) -> SubSolve | None:
    """The solve of ``k`` teams (its own, a retry, a last try) that collected the most,
    ``None`` when none made a plan."""
    own = _teams_label(scenario, k)
    subs = [
        s
        for s in runner.log
        if (s.label == own or s.label.startswith(f"teams={k} ")) and s.label in runner.results
    ]
    return max(subs, key=lambda s: s.collected) if subs else None


def _starts_for(
    runner: _Runner, scenario: Scenario, k: int, met: int, best: SubSolve | None, tag: str
) -> list[tuple[str, Plan]]:
    """Labels and start plans for solving ``k`` teams again: from its ``best`` plan so far,
    then from the plan that met with ``met`` teams."""
    starts: list[tuple[str, Plan]] = []
    if best is not None:
        starts.append((f"teams={k} {tag}", runner.results[best.label].plan))
    plan = _plan_of(runner, _teams_label(scenario, met))
    if plan is not None:
        starts.append((f"teams={k} {tag} from {met}", plan))
    return starts


def _near_miss(missed: SubSolve, met: SubSolve, met_teams: int) -> bool:
    """True when ``missed`` fell short by at most :data:`NEAR_MISS_SHARE` of one team's output
    in the plan that met: worth solving again. A larger miss is left to the bound probes, which
    can prove it (Đồng Nai: 11 teams 3,442 short of 62,592 — two thirds of a team's 5,216 — got
    a 19.5 s retry that left no time for the bound that proves 10 teams short)."""
    per_team = met.collected / met_teams if met_teams else 0.0
    return missed.backlog - missed.collected <= NEAR_MISS_SHARE * per_team


def _spread(lo: int, hi: int, count: int) -> list[int]:
    """``count`` values spread evenly over [lo, hi] (the middle one when ``count`` is 1)."""
    if hi - lo + 1 <= count:
        return list(range(lo, hi + 1))
    return sorted({lo + round((hi - lo) * (i + 1) / (count + 1)) for i in range(count)})


def _retry(runner: _Runner, scenario: Scenario, k: int, met: int) -> SubSolve | None:
    """Count ``k`` solved again from the plan that met with ``met`` teams, with
    :data:`RETRY_SHARES` sub-solves' time (it decides the high end: Hồ Chí Minh's 36 teams
    missed by 16 people of 162,820 in one share); its result becomes the count's own when it
    meets (it is the one reported and warm-started from)."""
    plan = _plan_of(runner, _teams_label(scenario, met))
    if plan is None:
        return None
    label = f"teams={k} from {met}"
    seconds = RETRY_SHARES * runner.per_solve
    request = Request(label, with_team_count(scenario, k), start_plan=plan, seconds=seconds)
    (sub,) = runner.run_many([request])
    if sub is not None and sub.meets:
        runner.results[_teams_label(scenario, k)] = runner.results[label]
    return sub


def _next_counts(
    tried: dict[int, SubSolve],
    low: int,
    high: int | None,
    max_teams: int,
    width: int,
    guess: int | None = None,
) -> list[int]:
    """The team counts to try next (at most ``width``; empty when none is worth trying).

    Upwards (no count met yet) see the module docstring. Downwards from the count that met,
    between it and the highest count that missed (or ``low``): all of them when they fit in
    ``width``; else first halfway between the met count and ``guess`` — the count the met
    plan's busy share suggests (:func:`_busy_guess`), which packs the days perfectly and so is
    too few — or, when the guess is no help, the middle; the rest of the width spread over the
    counts left. Stepping down one count at a time from a count far too
    large spent a province's whole budget on plans that met easily (Hồ Chí Minh: 46 → 37)."""
    if high is None:
        k = max(tried)
        if k >= max_teams:
            return []
        sub = tried[k]
        shortfall = sub.backlog - sub.collected
        per_team = sub.collected / k if k else 0.0
        if sub.collected <= 0:
            start = max(k + 1, 2 * k)
        elif shortfall <= per_team:
            start = k + 1  # close: never jump past an untried count
        else:
            start = max(k + 1, math.ceil(k * sub.backlog / sub.collected))
        start = min(max(start, low), max_teams)
        return [c for c in range(start, min(max_teams, start + width - 1) + 1) if c not in tried]
    missed = [k for k, sub in tried.items() if not sub.meets and k < high]
    floor = max([low - 1, *missed])
    untried = [c for c in range(high - 1, floor, -1) if c not in tried]
    if len(untried) <= width:
        return untried
    if guess is None or guess >= high - 1:
        target = high - 1
    elif guess <= floor:
        target = (floor + high) // 2
    else:
        target = (guess + high) // 2  # the guess packs days perfectly: halfway back to the met
    picks = [target, *(c for c in _spread(floor + 1, high - 1, width) if c != target)]
    return sorted(set(picks[:width]), reverse=True)


def _busy_guess(runner: _Runner, scenario: Scenario, k: int | None) -> int | None:
    """Teams the plan that met with ``k`` teams suggests: ``k`` × the share of the teams'
    shift-minutes up to the deadline that the plan's days use (start to the end of the last
    stop or the return), rounded up. Only a first guess where to look: every count is
    still solved, and a count is never reported from it."""
    if k is None:
        return None
    plan = _plan_of(runner, _teams_label(scenario, k))
    if plan is None:
        return None
    variant = with_team_count(scenario, k)
    teams = {t.team_id: t for t in variant.teams}
    available = sum(t.shift_min * len(variant.team_working_dates(t)) for t in teams.values())
    used = 0
    for day in plan.team_days:
        team = teams.get(day.team_id)
        if team is None or day.date > variant.calendar.deadline or not day.stops:
            continue
        used += max(0, max(stop.depart_min for stop in day.stops) - team.start_min)
    if available <= 0 or used <= 0:
        return None
    return max(1, math.ceil(k * min(1.0, used / available)))


def _neighbour_plan(
    runner: _Runner, scenario: Scenario, tried: dict[int, SubSolve], k: int
) -> Plan | None:
    """The plan of the tried count nearest to ``k`` (one team's days more or fewer)."""
    near = sorted(tried, key=lambda c: (abs(c - k), -c))
    for c in near:
        plan = _plan_of(runner, _teams_label(scenario, c))
        if plan is not None:
            return plan
    return None


# --- earliest finish ----------------------------------------------------------------------------


def earliest_finish(
    runner: _Runner, scenario: Scenario, base: SubSolve, not_before: dt.date | None
) -> tuple[dt.date | None, dt.date | None]:
    """Earliest deadline the current teams meet, as (low, high): no plan meets a deadline before
    ``low`` (valid bounds, the capacity, the binding limits' ``not_before``); a plan meets
    ``high`` (``None``: none found in time, or not within :data:`MAX_EXTENSION_DAYS`)."""
    start, deadline = scenario.calendar.start, scenario.calendar.deadline
    backlog = scenario.collectable_backlog
    origin = start - dt.timedelta(days=1)  # no plan meets before the start

    def day(k: int) -> dt.date:
        return origin + dt.timedelta(days=k)

    def label(k: int) -> str:
        return "current" if day(k) == deadline else f"deadline={day(k)}"

    last = (deadline - origin).days + MAX_EXTENSION_DAYS
    low = max(1, ((not_before or start) - origin).days)
    if base.meets and _small(scenario):

        def capacity_short(k: int) -> bool:
            return capacity_bound(build_instance(with_deadline(scenario, day(k)))) < backlog

        low = least_not_short(low, (deadline - origin).days - 1, capacity_short)
    tried: dict[int, SubSolve] = {(deadline - origin).days: base}
    if base.proven and not base.meets:
        low = max(low, (deadline - origin).days + 1)
    high = (deadline - origin).days if base.meets else None
    step = 7
    while runner.has_time() and (high is None or low < high):
        counts = _next_days(tried, low, high, last, step, max(1, runner.width()))
        if not counts:
            if high is not None:
                low = _bound_bisection(runner, scenario, low, high, day)
            break
        step *= 2
        requests = [
            Request(
                label(k),
                with_deadline(scenario, day(k)),
                start_plan=_nearest_plan(runner, tried, label, k),
            )
            for k in counts
        ]
        for k, sub in zip(counts, runner.run_many(requests), strict=True):
            if sub is None:
                continue
            tried[k] = sub
            if sub.meets:
                high = k if high is None else min(high, k)
            elif sub.proven:
                low = max(low, k + 1)
    return day(min(low, high) if high is not None else low), None if high is None else day(high)


def _bound_bisection(
    runner: _Runner, scenario: Scenario, low: int, high: int, day: Callable[[int], dt.date]
) -> int:
    """Raise ``low`` by bound-only probes (the bound grows with the deadline: bisection)."""
    backlog = scenario.collectable_backlog
    hi = high - 1
    while low <= hi and runner.has_time():
        mid = (low + hi) // 2
        (bound,) = runner.bound_many(
            [(f"bound deadline={day(mid)}", with_deadline(scenario, day(mid)))]
        )
        if bound is not None and bound < backlog:
            low = mid + 1
        else:
            hi = mid - 1
    return low


def _small(scenario: Scenario) -> bool:
    """True when a capacity bound of the scenario is quick to compute here (a district, not a
    province: its variants are bounded in this process rather than as probes)."""
    days = (scenario.calendar.deadline - scenario.calendar.start).days + 1
    return len(scenario.communes) * len(scenario.teams) * days <= SMALL_CAPACITY_CELLS


def _next_days(
    tried: dict[int, SubSolve], low: int, high: int | None, last: int, step: int, width: int
) -> list[int]:
    """The deadlines (days after the start's eve) to try next: further out while none meets,
    then bisection between the last miss and the first meet."""
    missed = [k for k, sub in tried.items() if not sub.meets]
    floor = max([low - 1, *missed])
    if high is None:
        k = max(tried)
        ahead = [k + step * (i + 1) for i in range(width)]
        return [c for c in ahead if c <= last and c not in tried]
    if high - floor <= 1:
        return []
    gap = high - floor
    picks = sorted({floor + max(1, round(gap * (i + 1) / (width + 1))) for i in range(width)})
    return [c for c in picks if floor < c < high and c not in tried]


def _nearest_plan(
    runner: _Runner, tried: dict[int, SubSolve], label: Callable[[int], str], k: int
) -> Plan | None:
    for c in sorted(tried, key=lambda c: (abs(c - k), -c)):
        plan = _plan_of(runner, label(c))
        if plan is not None:
            return plan
    return None


def _own_met(runner: _Runner, scenario: Scenario, teams: Interval | None) -> SubSolve | None:
    """The solve of the scenario's own teams that met the deadline after its first solve
    missed (a retry of the fewest-teams search), ``None`` when there is none."""
    n = len(scenario.teams)
    if teams is None or teams.high != n:
        return None
    best = _best_miss(runner, scenario, n)
    return best if best is not None and best.meets else None


def _finish_with_own_met(
    finish: tuple[dt.date | None, dt.date | None], teams: Interval, scenario: Scenario
) -> tuple[dt.date | None, dt.date | None]:
    """The earliest finish made consistent with the fewest teams: when the scenario's own
    count met the deadline (a plan of it, found after the finish was searched), the deadline
    is met. Without it the answers contradicted each other (Tây Ninh with its 10 teams: "10
    teams meet the deadline" and "with 10 teams the earliest finish is 06/10/2025")."""
    deadline = scenario.calendar.deadline
    if teams.high != len(scenario.teams) or (finish[1] is not None and finish[1] <= deadline):
        return finish
    low = deadline if finish[0] is None else min(finish[0], deadline)
    return low, deadline


# --- the analysis -------------------------------------------------------------------------------


def what_it_takes(
    scenario: Scenario,
    options: SolverOptions | None = None,
    budget_s: float | None = None,
    current: SolveResult | None = None,
    *,
    answers: frozenset[Answer] = ALL_ANSWERS,
    max_teams: int = MAX_TEAMS,
    executor: ProbeExecutor | None = None,
    width: Callable[[], int] | None = None,
) -> WhatItTakes:
    """Fewest teams, earliest finish, weekend effect and marginal team-day value, by solving,
    within ``budget_s`` seconds (default: the options' time limit). ``current``: the scenario's
    own solve, when it was just made, so that it is not solved again.

    ``answers`` limits what is looked for (the others stay ``None`` and use no time: the national
    what-if asks only for the fewest teams and, when a province's teams are given, the earliest
    finish); the fewest-teams search tries up to ``max_teams`` teams. If the scenario already
    has more teams than that, the search starts from its own count. ``executor`` runs the
    probes (default: in this process, one after the other); ``width()`` says how many the
    search may ask for at once (default 1)."""
    options = options or SolverOptions()
    budget = options.time_limit_s if budget_s is None else budget_s
    clock = Clock(budget, options.stop_event)
    runner = _Runner(options, clock, executor or run_in_process, width or (lambda: 1))
    empty = WhatItTakes(None, False, None, False, "on", None, None, None, False, None, False, (), 0)
    empty = replace(empty, max_teams=max_teams)
    if not scenario.teams:
        return replace(empty, seconds=clock.elapsed(), budget_s=budget)
    inst = build_instance(scenario)
    limits = tuple(binding_limits(inst, all_team_routes(inst)))
    base = runner.known("current", current) if current is not None else None
    base = base or runner.run(Request("current", scenario))
    if base is None:
        return replace(
            empty, limits=limits, time_limited=True, seconds=clock.elapsed(), budget_s=budget
        )
    teams: Interval | None = None
    lifts = propose_lifts(scenario, limits, options, clock) if limits else ()
    left_out = _unreachable_only(scenario, limits)
    teams_runner, rest = runner, scenario
    if not limits and Answer.TEAMS in answers:
        teams = fewest_teams(runner, scenario, base, max_teams)
    elif left_out and Answer.TEAMS in answers:
        teams_runner = _Runner(options, clock, runner.executor, runner.width)
        rest = without_communes(scenario, left_out)
        teams = _fewest_teams_of_rest(teams_runner, rest, max_teams)
    reachable = all(limit.deadline_needed is not None for limit in limits)
    if teams is not None:
        # The answers still to come each get as much of the time left as this try.
        later = (Answer.FINISH in answers and reachable) + len(answers & LATER_ANSWERS)
        teams = closer_high(teams_runner, rest, teams, 1 / (1 + later))
    not_before = max((lim.deadline_needed for lim in limits if lim.deadline_needed), default=None)
    finish: tuple[dt.date | None, dt.date | None] = (None, None)
    asks_finish = Answer.FINISH in answers and reachable
    if asks_finish:
        own = _own_met(runner, scenario, teams) if teams_runner is runner else None
        finish = earliest_finish(runner, scenario, own or base, not_before)
    variant = "off" if weekends_all_on(scenario) else "on"
    weekend = None
    if Answer.WEEKENDS in answers:
        weekend = runner.run(
            Request(f"weekends={variant}", with_weekends(scenario, variant == "on"))
        )
    marginal, marginal_proven = (
        _marginal(runner, scenario, base) if Answer.MARGINAL in answers else (None, False)
    )
    if teams is not None:
        # Whatever the budget still holds goes to the count just below U, near miss or not.
        teams = closer_high(teams_runner, rest, teams, 1.0, tag="last", near_only=False)
        if asks_finish and teams_runner is runner:
            finish = _finish_with_own_met(finish, teams, scenario)
    return WhatItTakes(
        min_teams_for_deadline=None if teams is None else teams.high,
        min_teams_proven=(bool(limits) and teams is None) or (teams is not None and teams.proven),
        earliest_finish_current_teams=finish[1],
        earliest_finish_proven=(
            (bool(limits) and not reachable) or (finish[1] is not None and finish[0] == finish[1])
        ),
        weekends_variant=variant,
        weekends_collected=None if weekend is None else weekend.collected,
        weekends_delta=None if weekend is None else weekend.collected - base.collected,
        weekends_meets=None if weekend is None else weekend.meets,
        weekends_proven=weekend is not None and weekend.proven and base.proven,
        apps_per_extra_team_day=marginal,
        marginal_proven=marginal_proven,
        sub_solves=(*runner.log, *_relabelled(teams_runner, runner)),
        seconds=clock.elapsed(),
        limits=limits,
        time_limited=runner.ran_out or teams_runner.ran_out,
        budget_s=budget,
        max_teams=max_teams,
        # The rest of the province has the same teams, so the same labels of team counts.
        fewest_teams_plan=_fewest_teams_plan(
            teams_runner, scenario, None if teams is None else teams.high
        ),
        min_teams_low=None if teams is None else teams.low,
        min_teams_leaves_out=tuple(sorted(left_out)) if teams is not None else (),
        earliest_finish_low=finish[0],
        lifts=lifts,
    )


#: Label prefix of the sub-solves of the fewest teams at the communes the limits leave.
REST_LABEL = "reachable: "


def _unreachable_only(scenario: Scenario, limits: Sequence[BindingLimit]) -> frozenset[str]:
    """The communes to leave out of the fewest-teams search: the unreachable ones, when every
    limit is an unreachable commune (not one point of several) and some commune is left; else
    none (the limits are the whole answer)."""
    codes = frozenset(lim.commune_code for lim in limits)
    whole = {c.code for c in scenario.communes if not c.points}
    if (
        not limits
        or any(lim.kind != LimitKind.UNREACHABLE for lim in limits)
        or not codes <= whole
        or len(codes) >= len(scenario.communes)
    ):
        return frozenset()
    return codes


def _fewest_teams_of_rest(runner: _Runner, rest: Scenario, max_teams: int) -> Interval | None:
    """The fewest teams meeting the deadline in ``rest``, the scenario without its unreachable
    communes (its own runner: its labels are those of another scenario)."""
    base = runner.run(Request("current", rest))
    return None if base is None else fewest_teams(runner, rest, base, max_teams)


def _relabelled(teams_runner: _Runner, runner: _Runner) -> list[SubSolve]:
    """The sub-solves of the rest-of-the-province search, labelled as such."""
    if teams_runner is runner:
        return []
    return [replace(sub, label=REST_LABEL + sub.label) for sub in teams_runner.log]


def _fewest_teams_plan(
    runner: _Runner, scenario: Scenario, teams: int | None
) -> SolveResult | None:
    """The plan that met the deadline with the fewest teams (its scenario:
    ``with_team_count(scenario, teams)``), ``None`` when none was found."""
    if not teams:
        return None
    result = runner.results.get(_teams_label(scenario, teams))
    return result if result is not None and result.meets else None


def _marginal(runner: _Runner, scenario: Scenario, base: SubSolve) -> tuple[float | None, bool]:
    """Applications one extra team-day buys: one more team (``with_team_count``) over its days."""
    if base.meets:
        return 0.0, True
    more = with_team_count(scenario, len(scenario.teams) + 1)
    sub = runner.run(Request(f"teams={len(more.teams)}", more))
    if sub is None:
        return None, False
    days = len(more.team_working_dates(more.teams[-1]))
    if days == 0:
        return 0.0, True
    return (sub.collected - base.collected) / days, sub.proven and base.proven
