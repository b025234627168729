"""The one home of "actuals dated on or after the re-plan date are an error":
planning.campaign.replan.check_actual_dates, called by build_replanning, the CLI and the app."""

from __future__ import annotations

import datetime as dt

import pytest

from planning.campaign.replan import build_replanning, check_actual_dates
from planning.domain import Plan, Visit
from planning.errors import InputError
from planning.io.scenario import DEFAULT_SCENARIO, load_scenario

TODAY = dt.date(2022, 12, 15)
BEFORE = Visit("T1", dt.date(2022, 12, 14), "01477", 10)
ON = Visit("T1", TODAY, "01477", 10)
AFTER = Visit("T2", dt.date(2022, 12, 16), "01447", 5)


def test_actuals_before_the_date_pass() -> None:
    check_actual_dates([BEFORE], TODAY)
    check_actual_dates([], TODAY)


def test_file_rows_are_named_one_error_each() -> None:
    with pytest.raises(InputError) as caught:
        check_actual_dates([BEFORE, ON, AFTER], TODAY, "a.csv", [2, 3, 4])
    problems = caught.value.problems
    assert [(p.file, p.row, p.field) for p in problems] == [
        ("a.csv", 3, "date"),
        ("a.csv", 4, "date"),
    ]
    assert "ngày 15/12/2022 không trước ngày lập lại kế hoạch 15/12/2022" in problems[0].vi
    assert "16/12/2022" in problems[0].fix_vi  # the last recorded intake


def test_without_rows_one_error_per_date() -> None:
    with pytest.raises(InputError) as caught:
        check_actual_dates([ON, AFTER, Visit("T2", TODAY, "01447", 3)], TODAY)
    assert [p.row for p in caught.value.problems] == [None, None]


def test_build_replanning_refuses_late_actuals_instead_of_dropping_them() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    with pytest.raises(InputError, match="not before the re-plan date"):
        build_replanning(scenario, Plan(()), [BEFORE, AFTER], TODAY)
    replanning = build_replanning(scenario, Plan(()), [BEFORE], TODAY)
    assert replanning.actual_by_commune == {"01477": 10}
