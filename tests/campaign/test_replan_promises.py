"""A re-plan keeps the announced dates unless a change gains at least ``min_gain`` people by the
deadline, and says what each change buys (planning.campaign.replan.keep_promises)."""

from __future__ import annotations

import datetime as dt
import time

import pytest

from planning.campaign.plan_diff import diff_plans
from planning.campaign.replan import (
    DEFAULT_MIN_GAIN,
    ReplanRequest,
    change_groups,
    gain_of,
    keep_promises,
)
from planning.domain import Plan, Stop, TeamDay, Visit
from planning.io.scenario import DEFAULT_SCENARIO, load_scenario
from planning.solver import SolverOptions, solve

SINCE = dt.date(2022, 12, 10)
SHORT_DAY = dt.date(2022, 12, 9)


@pytest.fixture(scope="module")
def scenario():
    return load_scenario(DEFAULT_SCENARIO)


@pytest.fixture(scope="module")
def announced(scenario) -> Plan:
    return solve(scenario, SolverOptions(time_limit_s=4)).plan


def short_days(plan: Plan) -> tuple[Visit, ...]:
    """The teams took what was planned, except one short day: a third of it on 09/12/2022."""
    return tuple(
        Visit(
            v.team_id,
            v.date,
            v.commune_code,
            v.applications // 3 if v.date == SHORT_DAY else v.applications,
        )
        for v in plan.visits()
        if v.date < SINCE
    )


def replan(scenario, announced: Plan, min_gain: int, seconds: float = 6):
    request = ReplanRequest(scenario, announced, short_days(announced), SINCE, 3, None, min_gain)
    return keep_promises(request, SolverOptions(time_limit_s=seconds), solve)


def test_the_default_threshold_is_stated() -> None:
    assert DEFAULT_MIN_GAIN == 100


def test_no_announced_date_moves_when_no_change_gains_enough(scenario, announced) -> None:
    outcome = replan(scenario, announced, min_gain=10**6)
    assert outcome.proposal == "kept"
    assert outcome.result is outcome.kept
    for change in diff_plans(announced, outcome.result.plan, since=SINCE):
        # Only visits added on team-days nobody was told of (or dropped where nobody is left).
        assert change.kind in ("appeared", "moved", "disappeared")
        for day in change.dropped:
            left = scenario.commune(change.commune_code).collectable_backlog
            assert any(v.commune_code == change.commune_code for v in announced.visits())
            assert left >= 0 and day >= SINCE
        assert change.kind != "team_changed"
    kept_days = {(v.team_id, v.date, v.commune_code) for v in announced.visits() if v.date >= SINCE}
    new_days = {(v.team_id, v.date, v.commune_code) for v in outcome.result.plan.visits()}
    lost = kept_days - new_days
    # An announced visit disappears only where nothing is left to collect.
    assert all(
        v[2] in {c.commune_code for c in diff_plans(announced, outcome.result.plan, SINCE)}
        for v in lost
    )
    # What the free re-plan's changes would have bought is still shown, none proposed.
    assert all(not g.proposed for g in outcome.groups)


def test_changes_that_gain_enough_are_proposed_with_what_they_buy(scenario, announced) -> None:
    started = time.monotonic()
    outcome = replan(scenario, announced, min_gain=0)
    assert time.monotonic() - started <= 6 + 5  # the re-plan's time limit is its whole budget
    assert outcome.free is not None
    assert outcome.proposal in ("free", "kept")
    for group in outcome.groups:
        codes = set(group.communes)
        assert group.gain == gain_of(
            outcome.free.plan, outcome.kept.plan, scenario.calendar.deadline, codes
        )
    if outcome.proposal == "free":
        assert outcome.result is outcome.free
        assert all(g.proposed and g.gain >= 0 for g in outcome.groups)
        assert outcome.gain == gain_of(
            outcome.free.plan, outcome.kept.plan, scenario.calendar.deadline
        )


def test_a_proposal_with_changes_always_gains_the_threshold(scenario, announced) -> None:
    outcome = replan(scenario, announced, min_gain=50)
    if outcome.proposal == "kept":
        assert outcome.gain == 0
    else:
        assert outcome.gain >= 50
        assert all(g.gain >= 50 for g in outcome.groups if g.proposed)
    # Every date of a group that is not proposed stays as announced.
    keep = {c for g in outcome.groups if not g.proposed for c in g.communes}
    after = diff_plans(announced, outcome.result.plan, since=SINCE)
    moved = {c.commune_code for c in after if c.dropped}
    assert not (moved & keep) or outcome.proposal == "partial"


def day(team: str, date: dt.date, *visits: tuple[str, int]) -> TeamDay:
    stops = [Stop(code, 480, 600, apps, 10) for code, apps in visits]
    return TeamDay(team, date, (*stops, Stop(Stop.BASE, 610, 620, 0, 10)))


D1, D2, D3, D4 = (dt.date(2022, 12, d) for d in (12, 13, 14, 15))


def test_changes_are_grouped_by_shared_team_days_and_priced_by_hand() -> None:
    """Announced: T1 serves A on D1 and B on D2; T2 serves C on D1. The new plan gives D1 of T1
    to D (never announced) and moves A to D3 (A then takes 90 instead of 100); C moves to D4
    (same people). Kept plan: as announced, D finds no free day. A and D share T1's D1: one
    change, worth (90 - 100) + 120 = 110 people; C's move buys nothing."""
    previous = Plan((day("T1", D1, ("A", 100)), day("T1", D2, ("B", 80)), day("T2", D1, ("C", 50))))
    new = Plan(
        (
            day("T1", D1, ("D", 120)),
            day("T1", D2, ("B", 80)),
            day("T1", D3, ("A", 90)),
            day("T2", D4, ("C", 50)),
        )
    )
    groups = change_groups(previous, new, D1, previous, D4)
    assert [(sorted(c.commune_code for c in changes), gain) for changes, gain in groups] == [
        (["A", "D"], 110),
        (["C"], 0),
    ]
    assert gain_of(new, previous, D4) == 110
    # A deadline before D3: A's move loses its 100 people, the change gains only 20.
    assert {
        tuple(sorted(c.commune_code for c in ch)): g
        for ch, g in change_groups(previous, new, D1, previous, D2)
    }[("A", "D")] == 20


def test_a_visit_where_nobody_is_left_is_given_up_and_said(scenario, announced) -> None:
    """Intake recorded for more than the announced visits will take there: the later announced
    visit there is given up (nobody to invite), and the outcome names it."""
    code = next(v.commune_code for v in announced.visits() if v.date >= SINCE + dt.timedelta(3))
    backlog = scenario.commune(code).collectable_backlog
    actuals = (Visit("T1", SHORT_DAY, code, backlog),)
    request = ReplanRequest(scenario, announced, actuals, SINCE, 3, None, 100)
    outcome = keep_promises(request, SolverOptions(time_limit_s=4), solve)
    later = {v.date for v in announced.visits() if v.commune_code == code and v.date >= SINCE}
    window = set(outcome.replanning.frozen_dates)
    assert {(code, d) for d in later - window} <= set(outcome.emptied)
    from planning.report.progress_views import emptied_sentence

    text = emptied_sentence(outcome, {code: "Xã X"}) or ""
    assert "không còn ai cần thu nhận" in text and "Xã X" in text
