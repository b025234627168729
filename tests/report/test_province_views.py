"""The pages and documents at province scale: 200 communes × 12 teams × 60 days (issue 9, 10).

The tables are grouped and filtered by team or base, the calendar is a compact heat grid (a
week-by-week calendar for one team), the workbook has a sheet per team, the printed schedule is
grouped by team; the Plan and Map pages work on such a scenario (AppTest).
"""

from __future__ import annotations

import io
import math
from pathlib import Path

import openpyxl
import pytest

from planning.domain import Scenario
from planning.io.scenario import load_scenario
from planning.report.excel import SHEET_NAME_MAX, plan_workbook, team_sheet_names
from planning.report.pdf import plan_pdf
from planning.report.plan_views import (
    calendar_heat,
    heat_styler,
    plan_commune_table,
    stop_table,
    team_groups,
    team_summary_table,
    week_calendar,
)
from planning.results import SolveResult
from tests.province_case import TEAMS, build_province, needs_national

pytestmark = needs_national
REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Scenario, SolveResult]:
    toml, result = build_province(tmp_path_factory.mktemp("province"))
    return toml, load_scenario(toml), result


def test_team_groups_are_all_each_base_and_each_team(province) -> None:
    _, scenario, _ = province
    groups = team_groups(scenario)
    values = list(groups.values())
    assert values[0] is None and next(iter(groups)) == "Tất cả các tổ (12)"
    bases = [v for v in values[1:] if v is not None and len(v) > 1]
    assert len(bases) == 4 and sorted(sum(bases, ())) == sorted(t.team_id for t in scenario.teams)
    assert [v for v in values if v is not None and len(v) == 1] == [
        (t.team_id,) for t in scenario.teams
    ]
    assert not any(label.startswith("Trụ sở Trụ sở") for label in groups)


def test_heat_grid_and_week_calendar(province) -> None:
    _, scenario, result = province
    heat = calendar_heat(result.plan, scenario)
    assert heat.shape == (TEAMS, len(scenario.calendar.dates()))
    assert heat.sum().sum() == result.plan.applications
    assert heat.columns[0] == "T2 01/09"  # short weekday and date heads
    off_days = heat.isna().sum(axis=1)
    first = scenario.teams[0]
    assert off_days.iloc[0] == len(scenario.calendar.dates()) - len(
        scenario.team_working_dates(first)
    )
    shown = heat_styler(heat).data  # what the page shows: numbers as written, days off named
    assert (shown == "nghỉ").sum().sum() == heat.isna().sum().sum()
    assert "nan" not in set(shown.to_numpy().ravel())
    three = calendar_heat(result.plan, scenario, team_ids=("T1", "T5", "T9"))
    assert list(three.index) == [i for i in heat.index if i.split(" — ")[0] in {"T1", "T5", "T9"}]
    weeks = week_calendar(result.plan, scenario, "T1")
    assert weeks.shape[1] == 7 and weeks.shape[0] <= math.ceil(len(heat.columns) / 7) + 1
    assert next(iter(weeks.columns)) == "Thứ Hai"
    visits = [d for d in result.plan.team_days if d.team_id == "T1" and d.applications]
    cells = [c for row in weeks.to_numpy() for c in row if "(" in c]
    assert len(cells) == len(visits)


def test_tables_filter_by_team(province) -> None:
    _, scenario, result = province
    one = stop_table(result.plan, scenario, team_ids=("T3",))
    assert set(one.column("team")) == {scenario.team("T3").name}
    base = stop_table(result.plan, scenario, team_ids=("T1", "T5", "T9"))
    assert len(base.rows) == sum(
        len(stop_table(result.plan, scenario, team_id=t).rows) for t in ("T1", "T5", "T9")
    )
    visited_by_t3 = {v.commune_code for v in result.plan.visits() if v.team_id == "T3"}
    communes = plan_commune_table(result, scenario, team_ids=("T3",))
    assert set(communes.column("code")) == {
        c
        for c in visited_by_t3
        if any(v.applications for v in result.plan.visits() if v.commune_code == c)
    }
    unfinished = plan_commune_table(result, scenario, unfinished_only=True)
    assert all(r > 0 for r in unfinished.column("remaining"))
    summary = team_summary_table(result, scenario)
    assert len(summary.rows) == TEAMS
    assert sum(summary.column("applications")) == result.plan.applications


def test_workbook_has_a_sheet_per_team_and_pdf_groups_by_team(province) -> None:
    _, scenario, result = province
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(scenario, result)))
    names = team_sheet_names(scenario)
    assert book.sheetnames[-TEAMS:] == list(names.values())
    total = 0
    for team_id, name in names.items():
        sheet = book[name]
        assert sheet["A1"].value.startswith(scenario.team(team_id).name)
        total += sum(sheet.cell(r, 7).value or 0 for r in range(4, sheet.max_row + 1))
    assert total == result.plan.applications

    pypdf = pytest.importorskip("pypdf")
    reader = pypdf.PdfReader(io.BytesIO(plan_pdf(scenario, result)))
    text = "\n".join(p.extract_text() for p in reader.pages)
    heads = [text.find(f"{i}. {t.name} (trụ sở") for i, t in enumerate(scenario.teams, start=1)]
    assert all(h >= 0 for h in heads) and heads == sorted(heads)


def test_team_sheet_names_are_valid_and_unique() -> None:
    from dataclasses import replace

    from planning.io.scenario import DEFAULT_SCENARIO

    scenario = load_scenario(DEFAULT_SCENARIO)
    long = "Tổ [lưu động]: số 1/2 * rất dài, dài hơn ba mươi mốt ký tự"
    # Two ids that read the same once Excel's forbidden characters are replaced.
    teams = tuple(
        replace(t, team_id=i, name=long)
        for t, i in zip(scenario.teams, ("T:1", "T/1"), strict=True)
    )
    names = list(team_sheet_names(replace(scenario, teams=teams)).values())
    assert len(set(names)) == 2 and all(len(n) <= SHEET_NAME_MAX for n in names)
    assert not any(ch in n for n in names for ch in "[]:*?/\\")


# --- the app on a province ---------------------------------------------------------------------


def test_plan_and_map_pages_on_a_province(province) -> None:
    """AppTest: the province opened, its plan put in the session (the pages are tested, not the
    solver); the Plan page filters by base and by team, the Map page draws the plan by team."""
    from streamlit.testing.v1 import AppTest

    from app.state import scenario_key

    toml, scenario, result = province
    at = AppTest.from_file(str(REPO / "streamlit_app.py"), default_timeout=120)
    at.session_state["scenario_path"] = str(toml)
    at.session_state["results"] = {scenario_key(scenario): result}
    at.run()
    at.switch_page("app/pages/plan.py").run()
    assert not at.exception, [e.value for e in at.exception]
    choice = at.selectbox(key="plan_team_group")
    assert len(choice.options) == 1 + 4 + TEAMS

    def table(tab: str):  # only the open tab of the Plan page runs
        at.session_state["plan_tab"] = tab
        at.run()
        assert not at.exception, [e.value for e in at.exception]
        return at.dataframe[0].value

    heat = table("Lịch theo tổ × ngày")
    assert heat.shape == (TEAMS, len(scenario.calendar.dates()))
    days = table("Lịch từng tổ")
    assert len(days) == len(stop_table(result.plan, scenario).rows)
    choice.set_value(choice.options[1]).run()  # the teams of one base
    assert table("Lịch theo tổ × ngày").shape[0] == 3
    choice.set_value(choice.options[-1]).run()  # one team: its weeks
    assert next(iter(table("Lịch theo tổ × ngày").columns)) == "Thứ Hai"
    assert len(table("Lịch từng tổ")) == len(stop_table(result.plan, scenario, team_id="T12").rows)
    table("Theo xã")
    at.checkbox(key="plan_unfinished_only").check().run()
    assert not at.exception

    at.switch_page("app/pages/map.py").run()
    at.radio(key="map_view").set_value("plan").run()
    at.selectbox(key="map_team_group").select_index(2).run()
    at.selectbox(key="map_period").select_index(1).run()
    assert not at.exception, [e.value for e in at.exception]
