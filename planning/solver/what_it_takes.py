""" "What would it take": answers computed by solving variants of the scenario, not by formula.

Every sub-solve runs the volume stage only, with a short time limit. A sub-result "meets" is
proven by its plan; "misses" is proven only when the solve was optimal within the candidate routes
or the valid capacity bound is below the backlog. Each answer says whether it is proven. The
figures reported (collected with and without weekends, applications per extra team-day) always
come from plans, never from the bound.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace

from planning.domain import Scenario
from planning.results import SolveResult, SolverOptions, SubSolve, WhatItTakes
from planning.solver.api import solve
from planning.solver.bounds import capacity_bound
from planning.solver.instance import build_instance
from planning.variants import weekends_all_on, with_deadline, with_team_count, with_weekends

#: Furthest the earliest-finish search looks past the deadline, in days.
MAX_EXTENSION_DAYS = 120
#: Most teams the fewest-teams search tries.
MAX_TEAMS = 30


class _Runner:
    """Memoised volume-only sub-solves with a per-solve time limit."""

    def __init__(self, options: SolverOptions) -> None:
        per_solve = min(10.0, max(1.0, options.time_limit_s / 6))
        self.options = replace(options, time_limit_s=per_solve, stages=1, progress=None)
        self.log: list[SubSolve] = []
        self._memo: dict[str, SubSolve] = {}

    def run(self, label: str, scenario: Scenario, need_plan: bool = False) -> SubSolve:
        """Solve and record the outcome. Without ``need_plan`` a miss may be proven by the
        capacity bound alone (no plan); figures that are reported need a plan."""
        known = self._memo.get(label)
        if known is not None and (not need_plan or not known.by_bound):
            return known
        t0 = time.monotonic()
        backlog = scenario.collectable_backlog
        bound = capacity_bound(build_instance(scenario)) if scenario.teams else 0
        if bound < backlog and not need_plan:
            sub = SubSolve(label, bound, backlog, False, True, time.monotonic() - t0, True)
        else:
            result: SolveResult = solve(scenario, self.options)
            proven = result.meets or result.status == "optimal"
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


def fewest_teams(runner: _Runner, scenario: Scenario) -> tuple[int | None, bool]:
    """Fewest teams (extra ones copy the first) that meet the deadline, and whether proven."""
    n = len(scenario.teams)
    current = runner.log[0] if runner.log else runner.run(f"teams={n}", scenario)
    if current.meets:
        best, proven = n, True
        while n > 1:
            sub = runner.run(f"teams={n - 1}", with_team_count(scenario, n - 1))
            if not sub.meets:
                return best, proven and sub.proven
            n -= 1
            best = n
        return best, proven
    while n < MAX_TEAMS:
        n += 1
        sub = runner.run(f"teams={n}", with_team_count(scenario, n))
        if sub.meets:
            return n, all(s.proven for s in runner.log if s.label.startswith("teams="))
    return None, False


def earliest_finish(runner: _Runner, scenario: Scenario) -> tuple[dt.date | None, bool]:
    """Earliest deadline the current teams meet (search over deadlines), and whether proven."""
    start, deadline = scenario.calendar.start, scenario.calendar.deadline
    hi, step = deadline, 7
    sub = runner.log[0] if runner.log else runner.run(f"deadline={hi}", scenario)
    while not sub.meets:
        if (hi - deadline).days >= MAX_EXTENSION_DAYS:
            return None, False
        hi = hi + dt.timedelta(days=step)
        step *= 2
        sub = runner.run(f"deadline={hi}", with_deadline(scenario, hi))
    lo = start - dt.timedelta(days=1)  # misses by convention
    proven = True
    while (hi - lo).days > 1:
        mid = lo + dt.timedelta(days=(hi - lo).days // 2)
        sub = runner.run(f"deadline={mid}", with_deadline(scenario, mid))
        if sub.meets:
            hi = mid
        else:
            lo = mid
            proven = proven and sub.proven
    return hi, proven


def weekend_effect(runner: _Runner, scenario: Scenario, base: SubSolve) -> tuple[str, SubSolve]:
    """Solve with weekends worked if any team has them off, else with weekends off."""
    variant = "off" if weekends_all_on(scenario) else "on"
    sub = runner.run(
        f"weekends={variant}", with_weekends(scenario, variant == "on"), need_plan=True
    )
    return variant, sub


def marginal_team_day(runner: _Runner, scenario: Scenario, base: SubSolve) -> tuple[float, bool]:
    """Applications one extra team-day buys: one more team (copy of the first) over its days."""
    if base.meets:
        return 0.0, True
    more = with_team_count(scenario, len(scenario.teams) + 1)
    sub = runner.run(f"teams={len(more.teams)}", more, need_plan=True)
    days = len(more.team_working_dates(more.teams[-1]))
    if days == 0:
        return 0.0, True
    return (sub.collected - base.collected) / days, sub.proven and base.proven


def what_it_takes(scenario: Scenario, options: SolverOptions | None = None) -> WhatItTakes:
    """Fewest teams, earliest finish, weekend effect and marginal team-day value, by solving."""
    options = options or SolverOptions()
    t0 = time.monotonic()
    runner = _Runner(options)
    if not scenario.teams:
        return WhatItTakes(None, False, None, False, "on", 0, 0, False, False, 0.0, False, (), 0.0)
    base = runner.run("current", scenario, need_plan=True)
    teams, teams_proven = fewest_teams(runner, scenario)
    finish, finish_proven = earliest_finish(runner, scenario)
    variant, weekend = weekend_effect(runner, scenario, base)
    marginal, marginal_proven = marginal_team_day(runner, scenario, base)
    return WhatItTakes(
        min_teams_for_deadline=teams,
        min_teams_proven=teams_proven,
        earliest_finish_current_teams=finish,
        earliest_finish_proven=finish_proven,
        weekends_variant=variant,
        weekends_collected=weekend.collected,
        weekends_delta=weekend.collected - base.collected,
        weekends_meets=weekend.meets,
        weekends_proven=weekend.proven and base.proven,
        apps_per_extra_team_day=marginal,
        marginal_proven=marginal_proven,
        sub_solves=tuple(runner.log),
        seconds=time.monotonic() - t0,
    )
