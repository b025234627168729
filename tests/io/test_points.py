"""Intake points: the backlog rule by hand, the points file (good, Excel, bad rows refused row by
row with nothing written), the scenario's points.csv saved and loaded, and the files other tools
read — exactly today's without listed points, point ids where points exist."""

from __future__ import annotations

import csv
import datetime as dt
import shutil
from pathlib import Path

import openpyxl
import pytest

from planning.cli.main import main
from planning.domain import (
    BacklogMismatchKind,
    IntakePoint,
    Plan,
    PointKind,
    Stop,
    TeamDay,
    resolve_point_backlogs,
)
from planning.errors import InputError
from planning.io.export_inputs import POINTS_HEADER, export_inputs
from planning.io.plan import read_plan_csv, write_plan_csv
from planning.io.points import parse_weekdays, scenario_with_points_file
from planning.io.scenario import load_scenario, save_scenario
from tests.conftest import THREE_DIR as THREE_COMMUNES_DIR

BEFORE = THREE_COMMUNES_DIR.parent / "three_communes_before_points"
POINTS_VI = """xã,tên điểm,loại,vĩ độ,kinh độ,số người,công suất,ngày mở,giờ mở,chỉ dẫn
Thử Nhất,Trường THCS Thử Nhất,trường THCS,22.801,106.501,60,,,07:30-11:00,cổng chính
99001,Công ty May Thử,doanh nghiệp,,,25%,80,,,
TT Thử Ba,Nhà văn hoá thôn Một,nhà văn hoá,22.85,106.55,,,T7-CN,,
"""


def _point(pid: str, backlog: int | None = None, share: float | None = None) -> IntakePoint:
    return IntakePoint(pid, "X", pid, backlog=backlog, backlog_share_pct=share)


def test_backlog_rule_by_hand() -> None:
    # 180 people: A has 60 of its own, B a quarter (45), C and D share the other 75: 38 + 37.
    points = [_point("A", 60), _point("B", share=25), _point("C"), _point("D")]
    assert resolve_point_backlogs(180, points) == ({"A": 60, "B": 45, "C": 38, "D": 37}, None)
    # Shares of 100 % between two points (33.3 % and 66.7 % of 100 → 33 + 67).
    shared = [_point("A", share=33.3), _point("B", share=66.7)]
    assert resolve_point_backlogs(100, shared)[0] == {"A": 33, "B": 67}
    # Own figures above the commune's backlog, or leaving people to no point: refused.
    over = resolve_point_backlogs(100, [_point("A", 80), _point("B", 30)])[1]
    assert over is not None and (over.kind, over.stated) == (BacklogMismatchKind.OVER, 110)
    under = resolve_point_backlogs(100, [_point("A", 80)])[1]
    assert under is not None and under.kind == BacklogMismatchKind.UNDER
    too_much = resolve_point_backlogs(100, [_point("A", share=70), _point("B", share=40)])[1]
    assert too_much is not None and too_much.kind == BacklogMismatchKind.SHARES_OVER_100


def test_weekday_words() -> None:
    assert parse_weekdays("T2-T6") == frozenset(range(5))
    assert parse_weekdays("T2, T4,T6") == frozenset({0, 2, 4})
    assert parse_weekdays("Thứ Bảy - Chủ nhật") == frozenset({5, 6})
    assert parse_weekdays("hằng ngày") == frozenset(range(7))
    assert parse_weekdays("T6-T2") is None
    assert parse_weekdays("weekends") is None


def _hand_plan() -> Plan:
    d = dt.date(2026, 3, 4)
    return Plan(
        (
            TeamDay(
                "T1",
                d,
                (
                    Stop("99001", 440, 700, 230, 20),
                    Stop("99002", 715, 800, 60, 15),
                    Stop("BASE", 830, 830, 0, 30),
                ),
            ),
            TeamDay(
                "T1",
                d + dt.timedelta(days=1),
                (Stop("99003", 425, 640, 250, 5), Stop("BASE", 645, 645, 0, 5)),
            ),
        )
    )


def test_without_points_the_files_are_exactly_todays(tmp_path: Path) -> None:
    # before_points/ was written by the code before intake points existed (same scenario, same
    # plan): export-inputs and plan.csv must not change by a byte.
    scenario = load_scenario(THREE_COMMUNES_DIR)
    written = export_inputs(scenario, tmp_path / "inputs")
    assert sorted(p.name for p in written) == sorted(
        ["communes.csv", "teams.csv", "calendar.csv", "travel_min.csv"]
    )
    for path in written:
        assert path.read_bytes() == (BEFORE / path.name).read_bytes(), path.name
    write_plan_csv(_hand_plan(), scenario, tmp_path / "plan.csv")
    assert (tmp_path / "plan.csv").read_bytes() == (BEFORE / "plan.csv").read_bytes()
    assert read_plan_csv(tmp_path / "plan.csv") == _hand_plan()


@pytest.fixture()
def folder(tmp_path: Path) -> Path:
    """A copy of the three-commune scenario (its boundary file beside it)."""
    out = tmp_path / "sc"
    shutil.copytree(THREE_COMMUNES_DIR, out)
    return out


def _points_file(tmp_path: Path, text: str = POINTS_VI, name: str = "diem.csv") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_points_file_adds_points_and_keeps_the_hall(folder: Path, tmp_path: Path) -> None:
    scenario, rows = scenario_with_points_file(load_scenario(folder), _points_file(tmp_path))
    assert rows == 3
    first = scenario.commune("99001")
    # The hall stays point 1 and takes what the others leave: 180 − 60 − 45 (25 %) = 75.
    assert [p.point_id for p in first.points] == ["99001-1", "99001-2", "99001-3"]
    assert [p.kind for p in first.points] == [
        PointKind.COMMUNE_HALL,
        PointKind.SCHOOL,
        PointKind.AGENCY,
    ]
    assert first.point_backlogs() == {"99001-1": 75, "99001-2": 60, "99001-3": 45}
    school = first.points[1]
    assert school.open_from == dt.time(7, 30) and school.open_until == dt.time(11, 0)
    assert school.open_weekdays == frozenset(range(5))  # a school's days when none are given
    assert school.landmark == "cổng chính"
    agency = first.points[2]
    assert agency.location == first.venue and agency.location_is_default
    assert agency.daily_cap == 80
    third = scenario.commune("99003")
    assert [p.name for p in third.points] == ["Trụ sở UBND Thị trấn Thử Ba", "Nhà văn hoá thôn Một"]
    assert third.points[1].open_weekdays == frozenset({5, 6})
    assert third.point_backlogs() == {"99003-1": 135, "99003-2": 135}
    # The commune without points keeps its one implicit point (id = its code).
    assert [p.point_id for p in scenario.commune("99002").intake_points] == ["99002"]
    assert sum(scenario.point_backlogs.values()) == scenario.collectable_backlog == 540


def test_points_saved_and_loaded_and_exported(folder: Path, tmp_path: Path) -> None:
    scenario, _ = scenario_with_points_file(load_scenario(folder), _points_file(tmp_path))
    save_scenario(scenario, folder)
    assert 'points = "points.csv"' in (folder / "scenario.toml").read_text(encoding="utf-8")
    again = load_scenario(folder)
    assert again.communes == scenario.communes
    export_inputs(again, tmp_path / "inputs")
    with (tmp_path / "inputs" / "points.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert tuple(rows[0]) == POINTS_HEADER
    assert [r[0] for r in rows[1:]] == [
        "99001-1",
        "99001-2",
        "99001-3",
        "99002",
        "99003-1",
        "99003-2",
    ]
    backlog = {r[0]: int(r[6]) for r in rows[1:]}
    assert backlog == {
        "99001-1": 75,
        "99001-2": 60,
        "99001-3": 45,
        "99002": 90,
        "99003-1": 135,
        "99003-2": 135,
    }
    school = next(r for r in rows if r[0] == "99001-2")
    # Open on the window's weekdays only (2–13/03/2026: ten of them), cap = the default 250.
    assert len(school[10].split(";")) == 10 and school[7] == "250"
    hours = (tmp_path / "inputs" / "point_hours.csv").read_text(encoding="utf-8")
    assert hours.splitlines() == ["point_id,open_from,open_until", "99001-2,07:30,11:00"]
    labels = (tmp_path / "inputs" / "travel_min.csv").read_text(encoding="utf-8").splitlines()[0]
    assert labels == "from,BASE_T1,99001-1,99001-2,99001-3,99002,99003-1,99003-2"
    # The commune's cap is per point where a commune lists points.
    communes = (tmp_path / "inputs" / "communes.csv").read_text(encoding="utf-8").splitlines()
    assert communes[1].split(",")[5] == "" and communes[2].split(",")[5] == "250"


def test_plan_csv_gains_point_columns(folder: Path, tmp_path: Path) -> None:
    scenario, _ = scenario_with_points_file(load_scenario(folder), _points_file(tmp_path))
    day = dt.date(2026, 3, 4)
    plan = Plan(
        (
            TeamDay(
                "T1",
                day,
                (
                    Stop("99001", 440, 600, 60, 20, point_id="99001-2"),
                    Stop("99001", 610, 700, 40, 10, point_id="99001-3"),
                    Stop("BASE", 730, 730, 0, 30),
                ),
            ),
        )
    )
    write_plan_csv(plan, scenario, tmp_path / "plan.csv")
    lines = (tmp_path / "plan.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",travel_min,point_id,point_name")
    assert lines[1].endswith(",99001-2,Trường THCS Thử Nhất")
    assert lines[3].endswith(",0,30,,")
    assert read_plan_csv(tmp_path / "plan.csv") == plan
    assert plan.collected_by_commune() == {"99001": 100}
    assert plan.collected_by_point() == {"99001-2": 60, "99001-3": 40}


BAD_POINTS = """commune,name,kind,lat,lon,backlog,daily_cap,days,hours
99001,Trường A,trường,22.8,106.5,60,,T2-T6,07:30-11:00
Xã Không Có,Điểm B,khác,,,,,,
99002,,khác,,,,,,
99002,Điểm D,chợ phiên,,,,,,
99003,Điểm E,khác,48.8,2.3,,,,
99003,Điểm F,khác,,,12%x,0,T9,25:00-26:00
99001,Trường G,trường,,,500,,,
"""


def test_bad_rows_refused_row_by_row(folder: Path, tmp_path: Path) -> None:
    path = _points_file(tmp_path, BAD_POINTS)
    with pytest.raises(InputError) as caught:
        scenario_with_points_file(load_scenario(folder), path)
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found >= {
        (3, "commune"),  # no such commune (the closest are named)
        (4, "name"),
        (5, "kind"),
        (6, "lat/lon"),  # Paris
        (7, "backlog"),
        (7, "daily_cap"),
        (7, "days"),
        (7, "hours"),
    }
    assert all(p.file == "diem.csv" and p.fix_vi and p.fix_en for p in caught.value.problems)
    assert (2, "backlog") not in found and (8, "backlog") not in found
    unknown = next(p for p in caught.value.problems if p.row == 3)
    assert "Xã Thử Nhất" in unknown.render("vi") or "Thử" in unknown.render("vi")
    # Rows 2 and 8 are fine one by one, but together give Xã Thử Nhất 560 of its 180.
    only_sums = _points_file(
        tmp_path,
        BAD_POINTS.splitlines()[0]
        + "\n"
        + "\n".join(BAD_POINTS.splitlines()[i] for i in (1, 7))
        + "\n",
        "tong.csv",
    )
    with pytest.raises(InputError) as caught:
        scenario_with_points_file(load_scenario(folder), only_sums)
    (problem,) = caught.value.problems
    assert (problem.row, problem.field) == (2, "backlog")
    assert "560" in problem.render("vi") and "180" in problem.render("vi")


def test_add_points_command_writes_nothing_on_a_bad_row(
    folder: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    before = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    before.pop(".scenario.lock", None)
    status = main(["add-points", str(folder), str(_points_file(tmp_path, BAD_POINTS))])
    assert status == 1
    assert "Không ghi tệp nào" in capsys.readouterr().out
    after = {p.name: p.read_bytes() for p in folder.iterdir() if p.is_file()}
    assert {k: v for k, v in after.items() if k != ".scenario.lock"} == before
    assert not (folder / "points.csv").exists()
    # A good file: saved, then the scenario lists its points.
    assert main(["add-points", str(folder), str(_points_file(tmp_path))]) == 0
    assert len(load_scenario(folder).points) == 6


def test_points_file_from_excel(folder: Path, tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    for line in csv.reader(POINTS_VI.splitlines()):
        sheet.append(
            [float(c) if c.replace(".", "").isdigit() and "." in c else c or None for c in line]
        )
    sheet["F2"] = 60  # a number cell, as Excel keeps it
    book.save(tmp_path / "diem.xlsx")
    scenario, rows = scenario_with_points_file(load_scenario(folder), tmp_path / "diem.xlsx")
    assert rows == 3
    assert scenario.commune("99001").point_backlogs()["99001-2"] == 60
    assert scenario.commune("99001").points[1].location is not None


def test_new_with_a_bad_points_file_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "new"
    status = main(
        [
            "new",
            str(out),
            "--table",
            str(THREE_COMMUNES_DIR / "bang_thu_3_xa.tsv"),
            "--boundaries",
            str(THREE_COMMUNES_DIR / "ba_xa_thu.geojson"),
            "--points",
            str(_points_file(tmp_path, BAD_POINTS)),
        ]
    )
    assert status == 1 and not out.exists()
    status = main(
        [
            "new",
            str(out),
            "--table",
            str(THREE_COMMUNES_DIR / "bang_thu_3_xa.tsv"),
            "--boundaries",
            str(THREE_COMMUNES_DIR / "ba_xa_thu.geojson"),
            "--points",
            str(_points_file(tmp_path)),
        ]
    )
    assert status == 0
    assert len(load_scenario(out).points) == 6
