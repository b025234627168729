"""Fewest teams and earliest finish as honest intervals (planning/solver/what_it_takes.py):
"at least L (proven by a valid bound), a plan meets with U".

- the search never reports a U above a count whose plan met, never a L above a count whose plan
  met, and L rises only on a valid bound below the backlog;
- it starts from the capacity estimate and, when the shortfall is smaller than one team's
  output, tries one more team — never jumping past an untried count;
- warm starts: each count is solved from the plan of the count next to it;
- real solves on hand-solvable scenarios (every plan through the checker elsewhere: the
  sub-solves are ``solve`` itself).
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
import random
from collections.abc import Sequence
from dataclasses import replace

import pytest

from planning.domain import Plan, Scenario, Stop, TeamDay
from planning.results import (
    Answer,
    BoundKind,
    SolveResult,
    SolverOptions,
    SolveStatus,
    Verdict,
)
from planning.solver import what_it_takes
from planning.solver.what_it_takes import Interval, Probe, ProbeReply, _finish_with_own_met
from tests.builders import commune, day, scenario, team

TEAMS, FINISH = frozenset({Answer.TEAMS}), frozenset({Answer.FINISH})


def _result(collected: int, backlog: int, bound: int) -> SolveResult:
    meets = collected >= backlog
    return SolveResult(
        status=SolveStatus.FEASIBLE,
        status_reason="",
        plan=Plan(()),
        collected_by_deadline=collected,
        collectable_backlog=backlog,
        remaining_by_deadline=backlog - collected,
        remaining_by_commune={},
        upper_bound_by_deadline=bound,
        bound_kind=BoundKind.CAPACITY_TRAVEL,
        verdict=Verdict.MEETS if meets else Verdict.MISSES,
        finish_date=None,
        solve_seconds=0.01,
        gap=0.0,
    )


def _one_commune(backlog: int, teams: int, days: int) -> Scenario:
    """One commune of ``backlog`` people 5 minutes from the base, ``teams`` teams, ``days``
    days (the fakes below decide what each count collects)."""
    return scenario(
        [commune("A", backlog)],
        [team(f"T{i + 1}") for i in range(teams)],
        days,
        {("BASE_T1", "A"): 5},
    )


class FakeProvince:
    """Team counts k: the true fewest is ``need``; a plan with k teams collects what k teams
    can (each team takes ``per_team``), sometimes a little less (a heuristic falling short);
    the valid bound proves a miss only up to ``proven_below`` teams."""

    def __init__(
        self, need: int, proven_below: int, seed: int, per_team: int = 100, band: int = 10**6
    ) -> None:
        self.need, self.proven_below, self.band = need, proven_below, band
        self.rng = random.Random(seed)
        self.per_team = per_team
        self.backlog = need * per_team
        self.probed: list[tuple[int, SolveResult]] = []

    def executor(self, probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
        replies = []
        for probe in probes:
            k = len(probe.scenario.teams)
            if probe.bound_only:
                bound = self.backlog - 1 if k < self.proven_below else 10 * self.backlog
                replies.append(ProbeReply(probe.label, bound=bound))
                continue
            ideal = min(self.backlog, k * self.per_team)
            short = self.rng.choice([0, 0, 3, 40]) if self.need <= k < self.need + self.band else 0
            collected = max(0, ideal - short)
            bound = ideal if k < self.proven_below else 10 * self.backlog
            result = _result(collected, self.backlog, bound)
            self.probed.append((k, result))
            replies.append(ProbeReply(probe.label, result=result))
        return replies


@pytest.mark.parametrize("seed", range(12))
@pytest.mark.parametrize("width", [1, 3])
def test_the_interval_never_reports_u_above_a_count_whose_plan_met(seed: int, width: int) -> None:
    rng = random.Random(seed)
    need = rng.randint(2, 14)
    proven_below = rng.randint(1, need)
    given = rng.randint(1, 16)
    fake = FakeProvince(need, proven_below, seed)
    sc = _one_commune(fake.backlog, given, 60)
    what = what_it_takes(
        sc,
        SolverOptions(time_limit_s=600),
        answers=TEAMS,
        max_teams=30,
        executor=fake.executor,
        width=lambda: width,
    )
    met = [k for k, r in fake.probed if r.meets]
    high, low = what.min_teams_for_deadline, what.min_teams_low
    assert high is not None and low is not None
    assert high == min(met)  # never above a count whose plan met
    assert low <= need <= high  # the proven low end is never above the truth
    assert low >= min(proven_below, need)  # every count the bound proves short is below L
    assert what.min_teams_proven == (low == high)


@pytest.mark.parametrize("seed", range(8))
def test_a_small_shortfall_tries_the_next_count_first(seed: int) -> None:
    """From a miss smaller than one team's output, the next count tried is one more team —
    a count is never jumped past untried when the plan was that close."""
    fake = FakeProvince(need=9, proven_below=1, seed=seed)
    sc = _one_commune(fake.backlog, 3, 60)
    what_it_takes(
        sc,
        SolverOptions(time_limit_s=600),
        answers=TEAMS,
        executor=fake.executor,
    )
    order = [k for k, _ in fake.probed]
    # 3 teams take 300 of 900: far short → the capacity estimate 3 × 900 / 300 = 9 next.
    assert order[:2] == [3, 9]
    climbing = []  # the probes until a count first meets (then the search goes down)
    for k, result in fake.probed:
        climbing.append((k, result))
        if result.meets:
            break
    for (k, result), (nxt, _) in itertools.pairwise(climbing):
        shortfall = result.collectable_backlog - result.collected_by_deadline
        if not result.meets and 0 < shortfall <= result.collected_by_deadline / k:
            assert nxt == k + 1, order
        if not result.meets and shortfall > result.collected_by_deadline / k:
            estimate = math.ceil(k * result.collectable_backlog / result.collected_by_deadline)
            assert nxt in (estimate, k + 1) or nxt < k, order


def test_two_teams_are_proven_fewest_by_a_real_solve() -> None:
    # Base–A 15 min: a team takes 140 a day; 500 in 3 days needs 2 teams (one takes 420,
    # the valid bound says so): the interval is [2, 2].
    sc = scenario([commune("A", 500)], [team()], 3, {("BASE_T1", "A"): 15})
    what = what_it_takes(sc, SolverOptions(time_limit_s=8), answers=TEAMS)
    assert (what.min_teams_low, what.min_teams_high) == (2, 2)
    assert what.min_teams_proven and what.min_teams_for_deadline == 2
    assert what.fewest_teams_plan is not None and what.fewest_teams_plan.meets


def test_more_teams_than_needed_search_downwards_from_a_warm_start() -> None:
    # Four teams given, 500 in 3 days at 140 a team-day: two suffice, one is proven short.
    sc = scenario(
        [commune("A", 500)],
        [team(f"T{i}") for i in range(1, 5)],
        3,
        {("BASE_T1", "A"): 15, ("BASE_T2", "A"): 15, ("BASE_T3", "A"): 15, ("BASE_T4", "A"): 15},
        rules=None,
    )
    what = what_it_takes(sc, SolverOptions(time_limit_s=12), answers=TEAMS)
    assert (what.min_teams_low, what.min_teams_high) == (2, 2)
    labels = [s.label for s in what.sub_solves]
    assert labels[0] == "current" and "teams=3" in labels and "teams=2" in labels


def test_earliest_finish_is_an_interval_with_a_proven_low_end() -> None:
    # One team, 500 at 140 a day: 4 days are needed (420 in 3, proven by the bound); the
    # deadline is day 2 (3 days): the earliest finish is day 3, proven.
    sc = scenario([commune("A", 500)], [team()], 3, {("BASE_T1", "A"): 15})
    what = what_it_takes(sc, SolverOptions(time_limit_s=10), answers=FINISH)
    assert what.earliest_finish_low == day(3)
    assert what.earliest_finish_current_teams == day(3)
    assert what.earliest_finish_proven


def test_a_search_cut_short_keeps_the_smallest_count_known_to_meet() -> None:
    """When the budget runs out mid-search, the answer is the interval found so far: the
    smallest count a plan met with (not proven) — never "nothing found" when a plan met."""
    import threading

    fake = FakeProvince(need=3, proven_below=1, seed=1)
    stop = threading.Event()

    def cut_after_two(probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
        replies = fake.executor(probes, options)
        if len(fake.probed) >= 2:
            stop.set()  # the budget is used up from here on
        return replies

    sc = _one_commune(fake.backlog, 8, 60)
    what = what_it_takes(
        sc, SolverOptions(time_limit_s=600, stop_event=stop), answers=TEAMS, executor=cut_after_two
    )
    assert [k for k, _ in fake.probed] == [8, 7]
    assert what.min_teams_high == 7 and what.min_teams_low == 1
    assert not what.min_teams_proven and what.time_limited


class BusyProvince(FakeProvince):
    """A fake province whose met plans are as busy as the work needs: with k teams each team
    works ``need / k`` of every shift (so the busy share points at the truth); a plan falls
    short only within two counts of the truth."""

    def __init__(self, need: int, seed: int, days: int) -> None:
        super().__init__(need, proven_below=1, seed=seed, band=2)
        self.days = days

    def executor(self, probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
        replies = super().executor(probes, options)
        for i, (probe, reply) in enumerate(zip(probes, replies, strict=True)):
            if reply.result is None or not reply.result.meets:
                continue
            k = len(probe.scenario.teams)
            end = 420 + round(480 * min(1.0, self.need / k))
            days = tuple(
                TeamDay(
                    t.team_id, day(d), (Stop("A", 420, end, 1, 0), Stop("BASE", end, end, 0, 0))
                )
                for t in probe.scenario.teams
                for d in range(self.days)
            )
            plan = Plan(days)
            replies[i] = replace(reply, result=replace(reply.result, plan=plan))
        return replies


@pytest.mark.parametrize("seed", range(6))
def test_far_too_many_teams_are_not_stepped_down_one_by_one(seed: int) -> None:
    """40 teams given, 9 needed: the search goes down by the met plans' busy share and
    halving, not 31 single steps; U is still the smallest count whose plan met."""
    fake = BusyProvince(need=9, seed=seed, days=5)
    sc = _one_commune(fake.backlog, 40, 5)
    what = what_it_takes(
        sc, SolverOptions(time_limit_s=600), answers=TEAMS, max_teams=60, executor=fake.executor
    )
    met = [k for k, r in fake.probed if r.meets]
    assert what.min_teams_for_deadline == min(met)
    assert 9 <= min(met) <= 11  # the threshold (plans may fall short within two counts of it)
    # At most 10 for the search, and the last tries of the count just below U (the budget is
    # far from used up: it goes there).
    assert len(fake.probed) <= 12, [k for k, _ in fake.probed]


class CloseProvince(FakeProvince):
    """Counts from ``need`` meet; one team fewer misses by a few people in a sub-solve's time
    and meets only when a solve gets more than ``long_s`` seconds (a longer search closes it)."""

    def __init__(self, need: int, long_s: float, short: int = 3) -> None:
        super().__init__(need, proven_below=1, seed=0, band=0)
        self.long_s, self.short = long_s, short
        self.starts: list[tuple[str, float, bool]] = []

    def executor(self, probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
        replies = super().executor(probes, options)
        for i, probe in enumerate(probes):
            k = len(probe.scenario.teams)
            self.starts.append((probe.label, probe.seconds, probe.start_plan is not None))
            if replies[i].result is None or k != self.need - 1:
                continue
            collected = self.backlog if probe.seconds > self.long_s else self.backlog - self.short
            result = _result(collected, self.backlog, 10 * self.backlog)
            self.probed[-len(probes) + i] = (k, result)
            replies[i] = replace(replies[i], result=result)
        return replies


def test_the_time_left_goes_to_the_count_just_below_u() -> None:
    """A count that missed by 3 people in its share is solved once more with the time the other
    answers left, from its best plan so far, with half the time left (the earliest finish,
    looked for next, gets the rest): it meets, so U is that count."""
    fake = CloseProvince(need=5, long_s=100)
    sc = _one_commune(fake.backlog, 6, 60)
    what = what_it_takes(
        sc,
        SolverOptions(time_limit_s=600),
        answers=TEAMS | FINISH,
        executor=fake.executor,
    )
    assert what.min_teams_for_deadline == 4
    assert not what.min_teams_proven  # nothing proves 3 teams short
    assert what.earliest_finish_current_teams is not None
    again = [s for s in fake.starts if "again" in s[0]]
    assert again and again[0][0] == "teams=4 again" and 100 < again[0][1] <= 300 and again[0][2]
    labels = [s[0] for s in fake.starts]
    assert labels.index("teams=4 again") < min(
        i for i, label in enumerate(labels) if label.startswith("deadline=")
    )
    assert what.fewest_teams_plan is not None and what.fewest_teams_plan.meets


class FarMissProvince(FakeProvince):
    """Counts below ``need`` miss by whole teams' output and their solves prove nothing; only a
    bound-only probe proves them short."""

    def __init__(self, need: int) -> None:
        super().__init__(need, proven_below=1, seed=0, band=0)
        self.labels: list[str] = []

    def executor(self, probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
        self.labels += [p.label for p in probes]
        replies = super().executor(probes, options)
        for i, probe in enumerate(probes):
            if probe.bound_only and len(probe.scenario.teams) < self.need:
                replies[i] = ProbeReply(probe.label, bound=self.backlog - 1)
        return replies


def test_a_large_miss_goes_to_the_bound_not_to_a_retry() -> None:
    """One team fewer misses by a whole team's output: it is not solved again (a retry from the
    plan that met, or with the time left); a bound probe proves it short instead."""
    fake = FarMissProvince(need=5)
    sc = _one_commune(fake.backlog, 6, 60)
    what = what_it_takes(sc, SolverOptions(time_limit_s=600), answers=TEAMS, executor=fake.executor)
    assert "teams=4" in fake.labels  # solved once
    assert not any("from" in label or "again" in label for label in fake.labels), fake.labels
    assert "bound teams=4" in fake.labels
    assert what.min_teams_low == what.min_teams_for_deadline == 5 and what.min_teams_proven


def test_the_budget_left_at_the_end_goes_to_the_count_just_below_u() -> None:
    """One team fewer misses by a whole team's output: no narrow-miss try before the earliest
    finish, but what the budget holds after it goes to that count, from the plan that met."""
    fake = CloseProvince(need=5, long_s=100, short=100)
    sc = _one_commune(fake.backlog, 6, 60)
    what = what_it_takes(
        sc, SolverOptions(time_limit_s=600), answers=TEAMS | FINISH, executor=fake.executor
    )
    labels = [s[0] for s in fake.starts]
    assert not any("again" in label for label in labels), labels
    last = labels.index("teams=4 last from 5")
    assert last > max(i for i, label in enumerate(labels) if label.startswith("deadline="))
    assert what.min_teams_for_deadline == 4 and not what.min_teams_proven


class OwnCountProvince(FakeProvince):
    """``need`` teams are given and meet; only their first solve (the scenario's own, label
    "current") falls a few people short — a later solve of the same count meets."""

    def executor(self, probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
        replies = super().executor(probes, options)
        for i, probe in enumerate(probes):
            if probe.label == "current" and replies[i].result is not None:
                result = _result(self.backlog - 3, self.backlog, 10 * self.backlog)
                replies[i] = replace(replies[i], result=result)
        return replies


def test_the_earliest_finish_agrees_when_the_given_count_meets_on_a_later_solve() -> None:
    """The scenario's own solve misses by 3; a retry of the same count meets. The answers must
    not contradict each other ("the given teams meet the deadline" and "their earliest finish
    is after it"): the finish is searched from the solve that met, so it is by the deadline."""
    fake = OwnCountProvince(need=5, proven_below=1, seed=0, band=0)
    sc = _one_commune(fake.backlog, 5, 60)
    what = what_it_takes(
        sc, SolverOptions(time_limit_s=600), answers=TEAMS | FINISH, executor=fake.executor
    )
    assert what.sub_solves[0].label == "current" and not what.sub_solves[0].meets
    assert what.min_teams_for_deadline == 5
    assert what.earliest_finish_current_teams is not None
    # Searched from the solve that met (in this fake every deadline meets): before the deadline.
    assert what.earliest_finish_current_teams < sc.calendar.deadline


def test_a_finish_searched_before_the_given_count_met_is_made_consistent() -> None:
    """The count met only in the analysis's last use of its budget, after the finish was
    searched: the finish becomes the deadline (a plan of the scenario's own teams meets it)."""
    sc = _one_commune(100, 5, 60)
    deadline = sc.calendar.deadline
    late = deadline + dt.timedelta(days=3)
    met = Interval(3, 5)
    assert _finish_with_own_met((deadline, late), met, sc) == (deadline, deadline)
    assert _finish_with_own_met((None, None), met, sc) == (deadline, deadline)
    early = deadline - dt.timedelta(days=4)
    assert _finish_with_own_met((early, late), met, sc) == (early, deadline)
    # Nothing to mend: the finish is already by the deadline, or another count is U.
    assert _finish_with_own_met((early, early), met, sc) == (early, early)
    assert _finish_with_own_met((deadline, late), Interval(3, 6), sc) == (deadline, late)
