"""The documents of a plan at intake points: the plan grid, stop list, team sheets, printed plan
and workbook name the point; the commune's notice lists its points, each point has its own; the
maps draw the points inside the outlines and the routes between them."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

import openpyxl
import pytest

from planning.domain import Plan, Scenario, Stop, TeamDay
from planning.io.points import scenario_with_points_file
from planning.io.scenario import open_scenario
from planning.report.documents import write_documents
from planning.report.excel import plan_workbook
from planning.report.maps import plan_map, point_markers, route_lines
from planning.report.notice import notice_text, point_notice_text, visited_points
from planning.report.plan_views import calendar_grid, point_table, stop_table
from planning.results import BoundKind, SolveResult
from planning.solver.api import summarise
from planning.solver.clock import Clock
from planning.solver.instance import build_instance
from planning.solver.routes import Route
from tests.conftest import THREE_DIR

POINTS = """xã,tên điểm,loại,vĩ độ,kinh độ,số người,giờ mở,chỉ dẫn
99001,Trường THCS Thử Nhất,trường,22.801,106.501,60,07:30-11:00,cổng chính đường 4A
"""
DAY = dt.date(2026, 3, 4)  # a Wednesday


@pytest.fixture(scope="module")
def with_points(tmp_path_factory: pytest.TempPathFactory) -> tuple[Scenario, object, Plan]:
    folder = tmp_path_factory.mktemp("three") / "sc"
    shutil.copytree(THREE_DIR, folder)
    loaded = open_scenario(folder)
    path = folder.parent / "diem.csv"
    path.write_text(POINTS, encoding="utf-8")
    scenario, _ = scenario_with_points_file(loaded.scenario, path)
    plan = Plan(
        (
            TeamDay(
                "T1",
                DAY,
                (
                    Stop("99001", 440, 660, 60, 20, point_id="99001-2"),
                    Stop("99001", 680, 900, 70, 20, point_id="99001-1"),
                    Stop("BASE", 930, 930, 0, 30),
                ),
            ),
        )
    )
    return scenario, loaded.boundaries.features, plan


def _result(scenario: Scenario, plan: Plan) -> SolveResult:
    """The plan summarised as the solver does (bound: the backlog)."""
    inst = build_instance(scenario)
    routes: dict[str, list[Route]] = {t.team_id: [] for t in inst.teams}
    return summarise(inst, plan, [], None, Clock(5), routes, (540, BoundKind.BACKLOG))


def test_tables_name_the_point(with_points) -> None:
    scenario, _, plan = with_points
    _, grid = calendar_grid(plan, scenario)
    cell = grid[0][3]  # the third date of the window
    assert "Thử Nhất · Trường THCS Thử Nhất (60)" in cell
    assert "Thử Nhất · Trụ sở UBND Xã Thử Nhất (70)" in cell
    names = stop_table(plan, scenario).column("name")
    assert names[0] == "Xã Thử Nhất — Trường THCS Thử Nhất"
    table = point_table(_result(scenario, plan), scenario)
    rows = {r[2]: r for r in table.rows}
    assert rows["99001-2"][3] == "Trường THCS Thử Nhất"
    assert rows["99001-2"][8] == 60 and rows["99001-1"][8] == 120  # backlogs: 60, the rest
    assert rows["99001-2"][11] == "07:30–11:00"
    assert rows["99001-2"][13] == 60 and rows["99001-2"][14] == 0


def test_notices_per_commune_and_per_point(with_points) -> None:
    scenario, _, plan = with_points
    text = notice_text(scenario, plan, "99001")
    assert "- Tại Trụ sở UBND Xã Thử Nhất:" in text
    assert "- Tại Trường THCS Thử Nhất (cổng chính đường 4A):" in text
    assert visited_points(scenario, plan, "99001") == ["99001-1", "99001-2"]
    school = point_notice_text(scenario, plan, "99001-2")
    assert "tại Trường THCS Thử Nhất, Xã Thử Nhất" in school
    assert "- Chỉ dẫn: cổng chính đường 4A" in school
    # Service starts after the opening (07:30) and setup: 08:00, not at arrival (07:20) + 30.
    assert "từ 08:00 đến 11:00" in school


def test_workbook_has_a_points_sheet(with_points) -> None:
    scenario, _, plan = with_points
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(scenario, _result(scenario, plan))))
    assert "Điểm tiếp nhận" in book.sheetnames
    sheet = book["Điểm tiếp nhận"]
    assert [c.value for c in sheet[1]][:4] == ["Mã xã", "Xã", "Mã điểm", "Điểm tiếp nhận"]
    assert sheet.max_row == 1 + len(scenario.points)


def test_maps_draw_points_and_routes_between_them(with_points) -> None:
    scenario, features, plan = with_points
    markers = point_markers(scenario, "vi")
    assert [m[5] for m in markers] == ["99001-1", "99001-2"]  # listed points only
    assert "Trường THCS Thử Nhất" in markers[1][2]
    (line,) = route_lines(scenario, plan, plan.team_days)
    school = scenario.point("99001-2").location
    assert (round(school.lat, 5), round(school.lon, 5)) == line.points[1]
    html = plan_map(scenario, features, plan).get_root().render()
    assert "intake-point" in html and "Trường THCS Thử Nhất" in html


def test_documents_written_for_each_point(with_points, tmp_path: Path) -> None:
    scenario, features, plan = with_points
    written = write_documents(scenario, _result(scenario, plan), None, features, tmp_path)
    names = {p.name for p in written}
    assert "thong-bao-xa-thu-nhat-truong-thcs-thu-nhat.pdf" in names
    assert "thong-bao-xa-thu-nhat-truong-thcs-thu-nhat.txt" in names
    assert "thong-bao-xa-thu-nhat.txt" in names
