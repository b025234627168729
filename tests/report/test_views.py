"""Tables and sentences built once in planning/report and shown on screen, in Excel and on paper."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from planning.campaign.actuals import ActualEntry, ActualsLog
from planning.campaign.plan_diff import diff_plans
from planning.campaign.progress import burn_down, standing
from planning.campaign.replan import default_replan_date
from planning.campaign.weekly import default_week_end, weekly_review
from planning.domain import Plan, Stop, TeamDay, Visit
from planning.report.data_views import base_picker_map, commune_table
from planning.report.progress_views import (
    actuals_log_table,
    burn_down_frame,
    change_lines,
    change_table,
    per_day_table,
    standing_table,
    weekly_summary_lines,
    weekly_table,
    weekly_total,
)
from planning.report.tables import Table
from planning.report.weekly_report import weekly_workbook

WEEK_END = dt.date(2022, 12, 11)


@pytest.fixture(scope="module")
def loaded(tk_loaded):
    return tk_loaded


def day(team: str, date: int, *codes: str) -> TeamDay:
    stops = (*(Stop(c, 480, 600, 40, 10) for c in codes), Stop("BASE", 620, 620, 0, 10))
    return TeamDay(team, dt.date(2022, 12, date), stops)


def test_table_texts_values_and_columns() -> None:
    table = Table.build(
        [("name", "text"), ("collectable", "int"), ("pct_issued", "pct"), ("date", "date")],
        [("Xã A", 2990, 98.8965, dt.date(2022, 12, 25)), ("Xã B", None, None, None)],
    )
    assert table.labels() == ["Đơn vị", "Cần thu nhận", "% đã cấp", "Ngày"]
    assert table.texts() == [["Xã A", "2.990", "98,90%", "25/12/2022"], ["Xã B", "—", "—", "—"]]
    assert table.values()[0] == ["Xã A", 2990, 98.9, dt.date(2022, 12, 25)]
    english = Table(table.columns, table.rows, "en")
    assert english.texts()[0][1:3] == ["2,990", "98.90%"]
    assert table.select("date", "name").texts()[0] == ["25/12/2022", "Xã A"]


def test_change_lines_are_one_wording_for_app_and_cli() -> None:
    old = Plan((day("T1", 15, "01447"), day("T1", 16, "01477")))
    new = Plan((day("T1", 15, "01447"), day("T1", 18, "01477"), day("T2", 17, "01471")))
    changes = diff_plans(old, new, since=dt.date(2022, 12, 15))
    names = {"01477": "Xã Đàm Thủy", "01471": "Xã Cao Chương"}
    assert change_lines(changes, names) == [
        "Xã Cao Chương: thêm lịch — thêm 17/12/2022",
        "Xã Đàm Thủy: đổi ngày — bỏ 16/12/2022, thêm 18/12/2022",
    ]
    assert change_lines(changes, names, "en")[1] == (
        "Xã Đàm Thủy: moved — dropped 16/12/2022, added 18/12/2022"
    )
    table = change_table(changes, names)
    assert table.labels() == ["Xã", "Thay đổi", "Bỏ ngày", "Thêm ngày", "Đổi tổ"]
    assert table.texts()[1] == ["Xã Đàm Thủy", "đổi ngày", "16/12/2022", "18/12/2022", "—"]


def test_a_team_change_says_which_date_and_which_teams() -> None:
    """Not "đổi tổ (bỏ —; thêm —)": the date kept and the teams before and after."""
    old = Plan((day("T1", 15, "01447"),))
    new = Plan((day("T2", 15, "01447"),))
    changes = diff_plans(old, new, since=dt.date(2022, 12, 15))
    teams = {"T1": "Tổ lưu động 1", "T2": "Tổ lưu động 2"}
    assert change_lines(changes, {"01447": "Xã Tân Uyên"}, "vi", teams) == [
        "Xã Tân Uyên: đổi tổ 15/12/2022: Tổ lưu động 1 → Tổ lưu động 2"
    ]
    assert "—; thêm —" not in change_lines(changes, {}, "vi")[0]
    row = change_table(changes, {}, "en", teams).texts()[0]
    assert row[1:] == ["team changed", "—", "—", "15/12/2022: Tổ lưu động 1 → Tổ lưu động 2"]


def test_weekly_table_is_the_workbook_table(loaded) -> None:
    scenario = loaded.scenario
    actuals = [Visit("T1", dt.date(2022, 12, 8), "01447", 100)]
    plan = Plan((day("T1", 13, "01519"),))
    review = weekly_review(scenario, actuals, plan, WEEK_END)
    table = weekly_table(review, scenario)
    book = openpyxl.load_workbook(io.BytesIO(weekly_workbook(review, scenario)))
    sheet = book["Theo xã"]
    assert [c.value for c in sheet[1]] == table.labels()
    assert [[c.value for c in row] for row in sheet.iter_rows(min_row=2)] == table.values()
    codes = table.column("code")
    row = dict(zip(table.keys, table.texts()[codes.index("01447")], strict=True))
    assert row["collected_week"] == "100" and row["cumulative"] == "100"
    visited = table.texts()[codes.index("01519")]
    assert visited[-1].startswith("13/12/2022 ") and visited[-1].endswith(" (40)")
    total = weekly_total(review)
    assert total.column("collected_week") == [100]
    assert total.column("of_age") == [sum(r.of_age or 0 for r in review.rows)]
    assert "100 hồ sơ" in weekly_summary_lines(review)[0]


def test_standing_per_day_and_log_tables(loaded) -> None:
    scenario = loaded.scenario
    plan = Plan((day("T1", 8, "01447"),))
    actuals = [Visit("T1", dt.date(2022, 12, 8), "01447", 60)]
    rows = standing(scenario, plan, actuals, dt.date(2022, 12, 9))
    table = standing_table(rows)
    line = table.texts()[table.column("code").index("01447")]
    assert dict(zip(table.labels(), line, strict=True))["Thực tế đến nay"] == "60"
    per_day = per_day_table(plan, actuals, dt.date(2022, 12, 9))
    assert per_day.texts() == [["08/12/2022", "40", "60", "20"]]
    log = ActualsLog(
        (
            ActualEntry(1, "2022-12-09T08:00:00", dt.date(2022, 12, 8), "T1", "01447", 50),
            ActualEntry(2, "2022-12-09T09:00:00", dt.date(2022, 12, 8), "T1", "01447", 60, 1),
        )
    )
    texts = actuals_log_table(log, {"01447": "Thị trấn Trà Lĩnh"}).texts()
    assert [r[-1] for r in texts] == ["đã được sửa", "đang dùng"]
    assert texts[1][1] == "2022-12-09 09:00:00" and texts[1][6] == "1"


def test_burn_down_frame_has_a_label_per_curve(loaded) -> None:
    plan = Plan((day("T1", 8, "01447"),))
    bd = burn_down(loaded.scenario, plan, [], plan, dt.date(2022, 12, 9))
    frame = burn_down_frame(bd, "en")
    assert set(frame["series"]) == {"Announced plan", "Actual", "Re-planned forecast"}
    assert list(frame.columns) == ["date", "series", "remaining"]


def test_data_page_views(loaded) -> None:
    scenario = loaded.scenario
    table = commune_table(scenario)
    assert table.labels()[:3] == ["Mã", "Đơn vị", "Chưa cấp"]
    assert len(table.rows) == len(scenario.communes)
    fmap = base_picker_map(scenario, loaded.boundaries.features, scenario.teams[1].team_id)
    html = fmap.get_root().render()
    assert f"team-base-{scenario.teams[1].team_id} team-base-chosen" in html
    assert html.count("team-base-chosen") == 1


def test_default_dates() -> None:
    assert default_week_end(dt.date(2022, 12, 14)) == dt.date(2022, 12, 11)  # Wednesday
    assert default_week_end(dt.date(2022, 12, 11)) == dt.date(2022, 12, 11)  # Sunday
    today = dt.date(2022, 12, 9)
    assert default_replan_date([], today) == today
    assert default_replan_date([dt.date(2022, 12, 5), dt.date(2022, 12, 7)], today) == dt.date(
        2022, 12, 8
    )


def test_app_texts_do_not_shadow_shared_labels() -> None:
    from app.i18n import TEXTS
    from planning.wording import LABELS

    assert not set(TEXTS) & set(LABELS)


def test_plan_tables_are_the_workbook_tables(loaded) -> None:
    from planning.reasons import RecordedReason
    from planning.report.excel import plan_workbook
    from planning.report.plan_views import map_periods, plan_commune_table, stop_table
    from planning.results import SolveResult

    scenario = loaded.scenario
    plan = Plan((day("T1", 8, "01447", "01477"), day("T2", 9, "01471")))
    result = SolveResult(
        status="feasible",
        status_reason=RecordedReason("", ""),
        plan=plan,
        collected_by_deadline=120,
        collectable_backlog=2990,
        remaining_by_deadline=2870,
        remaining_by_commune={},
        upper_bound_by_deadline=2990,
        bound_kind="backlog",
        verdict="misses",
        finish_date=None,
        solve_seconds=0.0,
        gap=0.0,
    )
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(scenario, result)))
    for sheet, table in (
        ("Theo xã", plan_commune_table(result, scenario)),
        ("Theo tổ - ngày", stop_table(plan, scenario)),
    ):
        rows = [[c.value for c in row] for row in book[sheet].iter_rows()]
        assert rows[0] == table.labels()
        cells = [[v.date() if isinstance(v, dt.datetime) else v for v in r] for r in rows[1:]]
        assert cells == table.values()
    assert len(stop_table(plan, scenario, team_id="T2").rows) == 2  # the stop and the way back
    periods = map_periods([dt.date(2022, 12, d) for d in (11, 12, 13)])
    assert list(periods)[:3] == [
        "Toàn bộ kế hoạch",
        "Tuần 1: 11/12/2022 – 11/12/2022",
        "Tuần 2: 12/12/2022 – 13/12/2022",
    ]
    assert periods["Ngày 12/12/2022"] == [dt.date(2022, 12, 12)]
