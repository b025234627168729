""" "What would it take": answers computed by solving variants of the scenario, not by formula.

The analysis has its own time budget (``budget_s``, by default the solve's time limit) and keeps
to it: every sub-solve gets a share of what is left, and when the budget runs out the answers not
found yet are reported as not found (``None``), never guessed.

Before any solving, :func:`~planning.solver.reachability.binding_limits` looks for limits no
number of teams lifts — a venue whose cap over the days it is open is below its backlog, a commune
no team can reach. When there are some, "fewest teams" is proven impossible by them, and each says
what would lift it (a cap of N a day, or a deadline of D).

Every sub-solve runs the volume stage only. A sub-result "meets" is proven by its plan; "misses"
is proven when the valid bound of that variant is below its backlog or the solve was optimal.
The searches over team counts and deadlines are binary searches whose answers are proven when
both neighbours are. The figures reported (collected with and without weekends, applications
per extra team-day) always come from plans, never from a bound.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import replace

from planning.domain import Scenario
from planning.results import (
    ALL_ANSWERS,
    DEFAULT_MAX_TEAMS,
    Answer,
    SolveResult,
    SolverOptions,
    SolveStatus,
    SubSolve,
    WhatItTakes,
)
from planning.solver.api import solve
from planning.solver.bounds import capacity_bound
from planning.solver.clock import Clock
from planning.solver.instance import build_instance
from planning.solver.lifts import propose_lifts
from planning.solver.reachability import binding_limits
from planning.solver.routes import all_team_routes
from planning.variants import weekends_all_on, with_deadline, with_team_count, with_weekends

#: Furthest the earliest-finish search looks past the deadline, in days.
MAX_EXTENSION_DAYS = 120
#: Most teams the fewest-teams search tries (unless told otherwise).
MAX_TEAMS = DEFAULT_MAX_TEAMS
#: A sub-solve gets this share of the budget (within the bounds below), in seconds.
SUB_SHARE, SUB_MIN_S, SUB_MAX_S = 1 / 6, 1.0, 20.0
#: A sub-solve is not started with less than this left in the budget.
SUB_START_MIN_S = 0.5
#: The phases of a solve that do not shrink with its time limit.
FIXED_PHASES = frozenset({"instance", "routes", "start", "bound_flow"})


class _Runner:
    """Memoised volume-only sub-solves under the analysis's clock."""

    def __init__(self, options: SolverOptions, clock: Clock) -> None:
        self.options = replace(options, stages=1, progress=None)
        self.clock = clock
        self.per_solve = min(SUB_MAX_S, max(SUB_MIN_S, clock.limit_s * SUB_SHARE))
        self.log: list[SubSolve] = []
        self._memo: dict[str, SubSolve] = {}
        #: The solves that made a plan, by label (the national what-if hands out the plan of the
        #: fewest teams).
        self.results: dict[str, SolveResult] = {}
        #: True once a sub-solve was not run because the budget was used up.
        self.ran_out = False
        #: Longest a sub-solve took before its search (instance, routes, start): a solve cannot
        #: be shorter, so none is started with less time left than that.
        self.overhead_s = 0.0

    def known(self, label: str, result: SolveResult) -> SubSolve:
        """Record a solve made elsewhere (the scenario's own plan) as a sub-solve."""
        proven = result.meets or result.status == SolveStatus.OPTIMAL
        sub = SubSolve(
            label,
            result.collected_by_deadline,
            result.collectable_backlog,
            result.meets,
            proven,
            result.solve_seconds,
        )
        self.log.append(sub)
        self._memo[label] = sub
        self.results[label] = result
        return sub

    def run(self, label: str, scenario: Scenario, need_plan: bool = False) -> SubSolve | None:
        """Solve and record the outcome, or ``None`` when the budget is used up. Without
        ``need_plan`` a miss may be proven by the capacity bound alone (no plan); figures that
        are reported need a plan."""
        known = self._memo.get(label)
        if known is not None and (not need_plan or not known.by_bound):
            return known
        if self.clock.stopped() or self.clock.left() < max(SUB_START_MIN_S, 1.5 * self.overhead_s):
            self.ran_out = True
            return None
        started = self.clock.elapsed()
        backlog = scenario.collectable_backlog
        bound = capacity_bound(build_instance(scenario)) if scenario.teams else 0
        if bound < backlog and not need_plan:
            sub = SubSolve(label, bound, backlog, False, True, self.clock.elapsed() - started, True)
        else:
            seconds = min(self.per_solve, self.clock.left())
            result = solve(scenario, replace(self.options, time_limit_s=seconds))
            self.results[label] = result
            fixed = sum(p.seconds for p in result.phases if p.name in FIXED_PHASES)
            self.overhead_s = max(self.overhead_s, fixed)
            proven = result.meets or result.status == SolveStatus.OPTIMAL
            sub = SubSolve(
                label,
                result.collected_by_deadline,
                backlog,
                result.meets,
                proven,
                result.solve_seconds,
            )
        self.log.append(sub)
        self._memo[label] = sub
        return sub


def _search(
    lo: int, hi: int, probe: Callable[[int], SubSolve | None], lo_proven: bool
) -> tuple[int | None, bool]:
    """Smallest value in (lo, hi] that meets, knowing ``lo`` misses and ``hi`` meets (binary
    search); proven when the miss just below it is proven. When the budget runs out the
    smallest value known to meet is the answer, not proven (a plan meets with it)."""
    proven_below = lo_proven
    while hi - lo > 1:
        mid = (lo + hi) // 2
        sub = probe(mid)
        if sub is None:
            return hi, False
        if sub.meets:
            hi = mid
        else:
            lo, proven_below = mid, sub.proven
    return hi, proven_below


def fewest_teams(
    runner: _Runner, scenario: Scenario, base: SubSolve, max_teams: int = MAX_TEAMS
) -> tuple[int | None, bool]:
    """Fewest teams (extra ones copy the first) that meet the deadline, and whether proven;
    ``None`` when even ``max_teams`` teams miss (or the budget ran out before a count met)."""
    if scenario.collectable_backlog == 0:
        return 0, True
    n = len(scenario.teams)

    def probe(k: int) -> SubSolve | None:
        return base if k == n else runner.run(f"teams={k}", with_team_count(scenario, k))

    if base.meets:
        # 0 teams miss by definition (there is backlog: base would otherwise be trivially met).
        return _search(0, n, probe, True) if n > 1 else (n, True)
    lo, lo_proven, hi = n, base.proven, n
    while hi < max_teams:
        hi = min(max_teams, hi * 2)
        sub = probe(hi)
        if sub is None:
            return None, False
        if sub.meets:
            return _search(lo, hi, probe, lo_proven)
        lo, lo_proven = hi, sub.proven
    return None, False


def earliest_finish(
    runner: _Runner, scenario: Scenario, base: SubSolve, not_before: dt.date | None
) -> tuple[dt.date | None, bool]:
    """Earliest deadline the current teams meet (search over deadlines), and whether proven.

    ``not_before`` (from the binding limits) is a deadline below which nothing can meet.
    """
    start, deadline = scenario.calendar.start, scenario.calendar.deadline
    origin = start - dt.timedelta(days=1)  # no plan meets before the start

    def day(k: int) -> dt.date:
        return origin + dt.timedelta(days=k)

    def probe(k: int) -> SubSolve | None:
        if day(k) == deadline:
            return base
        return runner.run(f"deadline={day(k)}", with_deadline(scenario, day(k)))

    lo = max(0, ((not_before or start) - origin).days - 1)  # proven to miss (limits)
    lo_proven = True
    hi, step = (deadline - origin).days, 7
    if base.meets:
        lo = min(lo, hi - 1)
    else:
        if hi >= lo:
            lo, lo_proven = hi, base.proven
        while True:
            hi = max(hi, lo) + step
            step *= 2
            if (day(hi) - deadline).days > MAX_EXTENSION_DAYS:
                return None, False
            sub = probe(hi)
            if sub is None:
                return None, False
            if sub.meets:
                break
            lo, lo_proven = hi, sub.proven
    found, proven = _search(lo, hi, probe, lo_proven)
    return (None, False) if found is None else (day(found), proven)


def what_it_takes(
    scenario: Scenario,
    options: SolverOptions | None = None,
    budget_s: float | None = None,
    current: SolveResult | None = None,
    *,
    answers: frozenset[Answer] = ALL_ANSWERS,
    max_teams: int = MAX_TEAMS,
) -> WhatItTakes:
    """Fewest teams, earliest finish, weekend effect and marginal team-day value, by solving,
    within ``budget_s`` seconds (default: the options' time limit). ``current``: the scenario's
    own solve, when it was just made, so that it is not solved again.

    ``answers`` limits what is looked for (the others stay ``None`` and use no time: the national
    what-if asks only for the fewest teams and, when a province's teams are given, the earliest
    finish); the fewest-teams search tries up to ``max_teams`` teams. If the scenario already
    has more teams than that, the search starts from its own count."""
    options = options or SolverOptions()
    budget = options.time_limit_s if budget_s is None else budget_s
    clock = Clock(budget, options.stop_event)
    runner = _Runner(options, clock)
    empty = WhatItTakes(None, False, None, False, "on", None, None, None, False, None, False, (), 0)
    empty = replace(empty, max_teams=max_teams)
    if not scenario.teams:
        return replace(empty, seconds=clock.elapsed(), budget_s=budget)
    inst = build_instance(scenario)
    limits = tuple(binding_limits(inst, all_team_routes(inst)))
    base = runner.known("current", current) if current is not None else None
    base = base or runner.run("current", scenario, need_plan=True)
    if base is None:
        return replace(
            empty, limits=limits, time_limited=True, seconds=clock.elapsed(), budget_s=budget
        )
    teams: int | None = None
    teams_proven = False
    lifts = propose_lifts(scenario, limits, options, clock) if limits else ()
    if limits:
        teams, teams_proven = None, True
    elif Answer.TEAMS in answers:
        teams, teams_proven = fewest_teams(runner, scenario, base, max_teams)
    reachable = all(limit.deadline_needed is not None for limit in limits)
    not_before = max((lim.deadline_needed for lim in limits if lim.deadline_needed), default=None)
    finish: dt.date | None = None
    finish_proven = False
    if Answer.FINISH in answers:
        finish, finish_proven = (
            earliest_finish(runner, scenario, base, not_before) if reachable else (None, True)
        )
    variant = "off" if weekends_all_on(scenario) else "on"
    weekend = None
    if Answer.WEEKENDS in answers:
        weekend = runner.run(
            f"weekends={variant}", with_weekends(scenario, variant == "on"), need_plan=True
        )
    marginal, marginal_proven = (
        _marginal(runner, scenario, base) if Answer.MARGINAL in answers else (None, False)
    )
    return WhatItTakes(
        min_teams_for_deadline=teams,
        min_teams_proven=teams_proven,
        earliest_finish_current_teams=finish,
        earliest_finish_proven=finish_proven,
        weekends_variant=variant,
        weekends_collected=None if weekend is None else weekend.collected,
        weekends_delta=None if weekend is None else weekend.collected - base.collected,
        weekends_meets=None if weekend is None else weekend.meets,
        weekends_proven=weekend is not None and weekend.proven and base.proven,
        apps_per_extra_team_day=marginal,
        marginal_proven=marginal_proven,
        sub_solves=tuple(runner.log),
        seconds=clock.elapsed(),
        limits=limits,
        time_limited=runner.ran_out,
        budget_s=budget,
        max_teams=max_teams,
        fewest_teams_plan=_fewest_teams_plan(runner, scenario, teams),
        lifts=lifts,
    )


def _fewest_teams_plan(
    runner: _Runner, scenario: Scenario, teams: int | None
) -> SolveResult | None:
    """The plan that met the deadline with the fewest teams (its scenario:
    ``with_team_count(scenario, teams)``), ``None`` when none was found."""
    if not teams:
        return None
    label = "current" if teams == len(scenario.teams) else f"teams={teams}"
    result = runner.results.get(label)
    return result if result is not None and result.meets else None


def _marginal(runner: _Runner, scenario: Scenario, base: SubSolve) -> tuple[float | None, bool]:
    """Applications one extra team-day buys: one more team (copy of the first) over its days."""
    if base.meets:
        return 0.0, True
    more = with_team_count(scenario, len(scenario.teams) + 1)
    sub = runner.run(f"teams={len(more.teams)}", more, need_plan=True)
    if sub is None:
        return None, False
    days = len(more.team_working_dates(more.teams[-1]))
    if days == 0:
        return 0.0, True
    return (sub.collected - base.collected) / days, sub.proven and base.proven
