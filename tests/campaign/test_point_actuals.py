"""Actual intake at intake points: a commune figure spread over its points by the stated rule,
figures recorded per point, and re-planning from what is left at each point."""

from __future__ import annotations

from pathlib import Path

import pytest

from planning.campaign.actuals import record_actuals
from planning.campaign.plan_diff import ChangeKind, diff_plans
from planning.campaign.point_actuals import actuals_by_point, spread_visit
from planning.campaign.replan import build_replanning
from planning.domain import Plan, Stop, TeamDay, Visit
from planning.errors import InputError
from planning.io.actuals_files import LOG_HEADER, read_actuals_log
from planning.wording import change_kind_name
from tests.builders import checked, commune, day, point, scenario, team


def _scenario():
    # X: hall X-1 (rest: 240) and school X-2 (60 of its own); Y without points (100).
    x = commune("X", 300, points=(point("X-1", "X"), point("X-2", "X", backlog=60)))
    legs = {
        ("BASE_T1", "X-1"): 15,
        ("BASE_T1", "X-2"): 20,
        ("BASE_T1", "Y"): 30,
        ("X-1", "X-2"): 10,
        ("X-1", "Y"): 30,
        ("X-2", "Y"): 30,
        ("BASE_T2", "BASE_T1"): 0,
        ("BASE_T2", "X-1"): 15,
        ("BASE_T2", "X-2"): 20,
        ("BASE_T2", "Y"): 30,
    }
    return scenario([x, commune("Y", 100)], [team("T1"), team("T2")], 5, legs)


def _plan() -> Plan:
    stops = (
        Stop("X", 435, 600, 60, 15, point_id="X-1"),
        Stop("X", 610, 700, 40, 10, point_id="X-2"),
        Stop("BASE", 720, 720, 0, 20),
    )
    return Plan((TeamDay("T1", day(0), stops),))


def test_a_commune_figure_is_spread_by_the_stated_rule() -> None:
    sc = _scenario()
    # T1 was planned at X-1 (60) and X-2 (40) on day 0: its 50 go 30 / 20.
    spread = spread_visit(sc, Visit("T1", day(0), "X", 50), _plan())
    assert [(v.point, v.applications) for v in spread] == [("X-1", 30), ("X-2", 20)]
    # T2 had no stop at X that day: the points any team was planned at, likewise.
    spread = spread_visit(sc, Visit("T2", day(0), "X", 11), _plan())
    assert [(v.point, v.applications) for v in spread] == [("X-1", 7), ("X-2", 4)]
    # No plan at X that day: in proportion to the points' backlogs (240 : 60).
    spread = spread_visit(sc, Visit("T1", day(1), "X", 50), _plan())
    assert [(v.point, v.applications) for v in spread] == [("X-1", 40), ("X-2", 10)]
    # A figure for a point, or for a commune without points, is kept as it is.
    assert spread_visit(sc, Visit("T1", day(0), "X", 5, "X-2"), _plan())[0].point == "X-2"
    assert spread_visit(sc, Visit("T1", day(0), "Y", 5), _plan())[0].point == "Y"
    totals = actuals_by_point(
        sc, [Visit("T1", day(0), "X", 50), Visit("T1", day(0), "X", 5, "X-2")], _plan()
    )
    assert totals == {"X-1": 30, "X-2": 25}


def test_replanning_from_what_is_left_at_each_point(tmp_path: Path) -> None:
    sc = _scenario()
    actuals = [Visit("T1", day(0), "X", 50), Visit("T2", day(0), "X", 30, "X-2")]
    replanning = build_replanning(sc, _plan(), actuals, day(1), freeze_days=0)
    x = replanning.scenario.commune("X")
    # 240 − 30 = 210; X-2: 60 − 20 − 30 = 10. The commune: 220 left.
    assert x.point_backlogs() == {"X-1": 210, "X-2": 10}
    assert x.collectable_backlog == 220
    result = checked(replanning.scenario, tmp_path)
    assert result.collected_by_deadline == 320  # 220 + Y's 100 in four days of two teams
    assert result.plan.collected_by_point().get("X-2") == 10


def test_figures_recorded_per_point_in_the_log(tmp_path: Path) -> None:
    sc = _scenario()
    log = tmp_path / "actuals.csv"
    record_actuals(log, sc, [Visit("T1", day(0), "Y", 20)], day(2))
    assert log.read_text(encoding="utf-8").splitlines()[0] == ",".join(LOG_HEADER)
    # Two figures of one team and day at two points of X are not duplicates.
    records = [Visit("T1", day(0), "X", 30, "X-1"), Visit("T1", day(0), "X", 20, "X-2")]
    record_actuals(log, sc, records, day(2))
    lines = log.read_text(encoding="utf-8").splitlines()
    assert lines[0] == ",".join(LOG_HEADER) + ",point_id"
    again = read_actuals_log(log)
    assert [v.point for v in again.visits()] == ["Y", "X-1", "X-2"]
    assert again.totals_by_commune() == {"Y": 20, "X": 50}
    with pytest.raises(InputError) as caught:
        record_actuals(log, sc, [Visit("T1", day(0), "X", 5, "Y")], day(2))
    assert [p.field for p in caught.value.problems] == ["point_id"]
    assert len(read_actuals_log(log).entries) == 3  # nothing recorded


def test_a_visit_moved_to_another_point_is_a_change_to_announce() -> None:
    # Same commune, date and team, another intake point: the point's notice changes.
    old = _plan()
    stops = (
        Stop("X", 435, 600, 60, 15, point_id="X-1"),
        Stop("X", 610, 700, 40, 10, point_id="X-1"),
        Stop("BASE", 720, 720, 0, 20),
    )
    new = Plan((TeamDay("T1", day(0), stops),))
    (change,) = diff_plans(old, new)
    assert (change.commune_code, change.kind) == ("X", ChangeKind.POINT_CHANGED)
    assert change_kind_name(change.kind) == "đổi điểm tiếp nhận"
    assert diff_plans(old, old) == []
