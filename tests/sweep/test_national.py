"""The national what-if (`python -m planning national`): a table of 2025 communes across provinces
→ a scenario per province → one Dask task per province → national.csv, the workbook and the map.

Small tables of real 2025 communes (Lai Châu, Điện Biên, taken from the national layer at run
time) keep the solves short; one province has a commune whose backlog no venue can take by the
deadline, so its answer is a binding limit. The command runs on a real local Dask cluster of two
worker processes. Bad input is a clear message and writes nothing.
"""

from __future__ import annotations

import csv
import datetime as dt
import re
from pathlib import Path

import openpyxl
import pytest

from bench import make_national_table
from planning.cli import main
from planning.drafting.defaults import NATIONAL_WHATIF
from planning.drafting.national import read_national_input
from planning.errors import InputError
from planning.io import layer2025
from planning.io.national_files import NATIONAL_HEADER
from planning.io.table import parse_backlog_text
from planning.outcomes import NationalAnswer, OutcomeState
from planning.report.offline import LEAFLET_DIST, external_references
from planning.results import Answer, SolverOptions
from planning.solver import what_it_takes
from planning.sweep.national import NationalRun
from planning.variants import with_team_count
from tests.conftest import SHARED_GEODATA
from tests.plan_checker import Options, check_plan

RULES = NATIONAL_WHATIF.rules
pytestmark = pytest.mark.skipif(
    not (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists(),
    reason="national 2025 layer not available",
)
START, DEADLINE = dt.date(2025, 9, 1), dt.date(2025, 9, 20)
LAI_CHAU, DIEN_BIEN = "12", "11"
HEADER = "Mã xã,Tên đơn vị,Tỉnh,Chưa cấp,Số tổ"
URL = re.compile(r"https?://[^\s\"'<>)\\]+")


def communes_of(province: str, count: int) -> list[tuple[str, str]]:
    """(code, name) of the first ``count`` 2025 communes of a province, by code."""
    units = [u for u in layer2025.units().values() if u.province_code == province]
    return [(u.code, u.name) for u in sorted(units, key=lambda u: u.code)[:count]]


def small_table(folder: Path, huge: int = 30_000) -> Path:
    """Lai Châu: 3 communes, 1 team given (one row by name and province only); Điện Biên: 2
    communes, no teams given, one with ``huge`` people to enrol."""
    lai_chau, dien_bien = communes_of(LAI_CHAU, 3), communes_of(DIEN_BIEN, 2)
    lines = ["BẢNG THỬ (không phải số liệu thật)", HEADER]
    lines.append(f"{lai_chau[0][0]},{lai_chau[0][1]},,600,1")
    lines.append(f",{lai_chau[1][1]},Lai Châu,800,")
    lines.append(f"{lai_chau[2][0]},{lai_chau[2][1]},Tỉnh Lai Châu,400,1")
    lines.append(f"{dien_bien[0][0]},{dien_bien[0][1]},11,{huge},")
    lines.append(f"{dien_bien[1][0]},{dien_bien[1][1]},,500,")
    path = folder / "bang_thu.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def run(args: list[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(args)
    captured = capsys.readouterr()
    return code, captured.out + captured.err


# --- the table -----------------------------------------------------------------------------------


def test_a_national_table_becomes_a_scenario_per_province(tmp_path: Path) -> None:
    inputs = read_national_input(small_table(tmp_path), START, DEADLINE)
    assert [p.province.code for p in inputs.provinces] == [DIEN_BIEN, LAI_CHAU]
    dien_bien, lai_chau = inputs.provinces
    assert (lai_chau.communes, lai_chau.backlog, lai_chau.teams_given) == (3, 1800, 1)
    assert len(lai_chau.scenario.teams) == 1
    assert (dien_bien.communes, dien_bien.backlog, dien_bien.teams_given) == (2, 30_500, None)
    # No teams given: the search starts from the teams whose capacity covers the backlog.
    assert len(dien_bien.scenario.teams) > 1
    rules = lai_chau.scenario.rules
    assert rules.allow_overnight and rules.default_daily_cap == 250
    assert lai_chau.scenario.calendar.deadline == DEADLINE
    base = lai_chau.scenario.teams[0].base_commune
    assert base in {c.code for c in lai_chau.scenario.communes}
    assert "phường" in lai_chau.base_note or "xã" in lai_chau.base_note


def test_names_repeat_across_provinces_not_within_one() -> None:
    text = "Tên đơn vị\tTỉnh\tChưa cấp\nXã Tân Lập\tPhú Thọ\t5\nXã Tân Lập\tThái Nguyên\t6\n"
    with pytest.raises(InputError):
        parse_backlog_text(text)  # a district table: the same unit twice
    from planning.io.table import _table_from_text

    table = _table_from_text(text, "t.tsv", "utf-8", national=True)
    assert [(r.name, r.province) for r in table.rows] == [
        ("Xã Tân Lập", "Phú Thọ"),
        ("Xã Tân Lập", "Thái Nguyên"),
    ]
    twice = text + "Xã Tân Lập\tPhú Thọ\t7\n"
    with pytest.raises(InputError) as info:
        _table_from_text(twice, "t.tsv", "utf-8", national=True)
    assert [p.row for p in info.value.errors] == [4]


def test_a_whole_province_of_the_generated_table_maps_by_code(tmp_path: Path) -> None:
    """Hà Nội's 126 communes: names that are also old units (Phường Phú Thượng, an old ward split
    three ways that kept its code) and names narrowed by the other rows' districts (Xã Hoà Phú)
    are settled by their 2025 code."""
    text, totals = make_national_table.national_table_text(["01"])
    path = tmp_path / "ha_noi.csv"
    path.write_text(text, encoding="utf-8")
    inputs = read_national_input(path, START, DEADLINE)
    (ha_noi,) = inputs.provinces
    assert ha_noi.communes == totals["communes"] == 126
    assert ha_noi.backlog == totals["not_issued"]
    codes = {c.code: c.name for c in ha_noi.scenario.communes}
    assert codes["00091"] == "Phường Phú Thượng" and codes["10096"] == "Xã Hoà Phú"


def test_the_illustrative_table_is_labelled_and_deterministic(tmp_path: Path) -> None:
    first, totals = make_national_table.national_table_text(["04", "12"])
    again, _ = make_national_table.national_table_text(["04", "12"])
    assert first == again
    title = first.splitlines()[0]
    assert "MINH HỌA" in title and "NOT REAL DATA" in title
    assert totals["provinces"] == 2 and totals["communes"] == 56 + 38
    rows = list(csv.reader(first.splitlines()[1:]))
    assert tuple(rows[0]) == make_national_table.HEADER
    for row in rows[1:]:
        of_age, issued, not_issued = (int(x) for x in row[3:6])
        assert of_age == issued + not_issued
        assert 0.009 <= not_issued / of_age <= 0.031  # 1-3 % (rounding aside)
    out = tmp_path / "t.csv"
    assert make_national_table.main(["--out", str(out), "--provinces", "4,12"]) == 0
    assert out.read_text(encoding="utf-8") == first


@pytest.mark.parametrize(
    ("row", "said"),
    [
        (",Xã Không Có Thật,Lai Châu,10,", "Không tìm thấy"),
        (",Xã Mường Tè,Tỉnh Đâu Đó,10,", "Không có tỉnh"),
        ("99999,Xã Mường Tè,,10,", "không biết"),
        ("{code},{name},Điện Biên,10,", "thuộc Tỉnh Lai Châu"),
    ],
)
def test_a_row_that_matches_no_commune_is_an_error_naming_it(
    tmp_path: Path, row: str, said: str
) -> None:
    code, name = communes_of(LAI_CHAU, 1)[0]
    path = tmp_path / "t.csv"
    path.write_text(f"{HEADER}\n{row.format(code=code, name=name)}\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_national_input(path, START, DEADLINE)
    (problem,) = info.value.errors
    assert said in problem.vi and problem.row == 2 and problem.file == "t.csv"


def test_a_province_with_two_team_counts_is_an_error(tmp_path: Path) -> None:
    (a, b) = communes_of(LAI_CHAU, 2)
    path = tmp_path / "t.csv"
    path.write_text(f"{HEADER}\n{a[0]},{a[1]},,10,2\n{b[0]},{b[1]},,10,3\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_national_input(path, START, DEADLINE)
    (problem,) = info.value.errors
    assert "số tổ khác nhau" in problem.vi and problem.field == "Số tổ"


# --- the analysis asked for less, up to a cap --------------------------------------------------


def test_what_it_takes_answers_only_what_is_asked_up_to_the_cap(tmp_path: Path) -> None:
    inputs = read_national_input(small_table(tmp_path, huge=3000), START, DEADLINE)
    dien_bien = inputs.provinces[0].scenario
    one = with_team_count(dien_bien, 1)
    options = SolverOptions(time_limit_s=5, workers=1)
    what = what_it_takes(one, options, 5, answers=frozenset({Answer.TEAMS}), max_teams=1)
    assert what.min_teams_for_deadline is None and not what.time_limited  # 1 team misses
    assert what.max_teams == 1
    assert what.earliest_finish_current_teams is None and what.weekends_collected is None
    assert what.apps_per_extra_team_day is None
    assert [s.label for s in what.sub_solves] == ["current"]


def test_in_process_run_and_stop(tmp_path: Path) -> None:
    inputs = read_national_input(small_table(tmp_path, huge=900), START, DEADLINE)
    done = NationalRun(inputs, 4, 10, None).start().wait()
    assert [o.code for o in done] == [DIEN_BIEN, LAI_CHAU]
    assert all(o.state == OutcomeState.SOLVED and o.worker == "local" for o in done)
    assert all(o.answer == NationalAnswer.FOUND for o in done)
    stopped = NationalRun(inputs, 30, 10, None).start()
    stopped.stop()
    outcomes = stopped.wait()
    assert len(outcomes) == 2 and all(o.answer == NationalAnswer.CANCELLED for o in outcomes)


# --- the command ------------------------------------------------------------------------------


def _leaflet_urls() -> set[str]:
    text = (LEAFLET_DIST / "leaflet.js").read_text("utf-8")
    return set(URL.findall(text + (LEAFLET_DIST / "leaflet.css").read_text("utf-8")))


def test_the_command_on_a_local_dask_cluster(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "national"
    args = ["national", "--table", str(small_table(tmp_path)), "--start", START.isoformat()]
    args += ["--deadline", DEADLINE.isoformat(), "--out", str(out), "--time-limit", "4"]
    args += ["--workers", "2", "--provinces", f"{LAI_CHAU},{DIEN_BIEN}", "--documents"]
    code, said = run(args, capsys)
    assert code == 0, said
    with (out / "national.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == NATIONAL_HEADER
        rows = {r["province_code"]: r for r in reader}
    assert list(rows) == [LAI_CHAU, DIEN_BIEN]  # the order asked for
    lai_chau, dien_bien = rows[LAI_CHAU], rows[DIEN_BIEN]
    assert (lai_chau["communes"], lai_chau["backlog"], lai_chau["teams_given"]) == (
        "3",
        "1800",
        "1",
    )
    assert lai_chau["status"] == "found" and lai_chau["min_teams"] == "1"
    assert lai_chau["min_teams_proven"] == "true"  # one team meets: nothing below it
    assert dt.date.fromisoformat(lai_chau["earliest_finish"]) <= DEADLINE
    assert lai_chau["earliest_finish_proven"] in ("true", "false")
    assert lai_chau["binding_limits"] == ""
    # Điện Biên: 30,000 at one venue of 250 a day: no number of teams meets the deadline.
    assert dien_bien["status"] == "limits" and dien_bien["min_teams"] == ""
    assert dien_bien["min_teams_proven"] == "true"
    assert dien_bien["teams_given"] == "" and dien_bien["earliest_finish"] == ""
    name = communes_of(DIEN_BIEN, 1)[0][1]
    assert name in dien_bien["binding_limits"] and "a deadline of" in dien_bien["binding_limits"]
    assert "lùi hạn đến" in dien_bien["binding_limits"]
    workers = {w for r in rows.values() for w in r["worker"].split()}
    assert workers and all(w.startswith("tcp://127.0.0.1:") for w in workers)
    assert all(float(r["solve_seconds"]) <= 4 + 3 for r in rows.values())
    progress = [line for line in said.splitlines() if line.startswith("[")]
    assert len(progress) == 2 and all(" / " in line for line in progress)
    # The workbook: the provinces as data, no formula anywhere.
    book = openpyxl.load_workbook(out / "national.xlsx")
    assert book.sheetnames == ["Các tỉnh", "Tóm tắt", "Bản đồ"]
    cells = [c for ws in book.worksheets for row in ws.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {str(c.value) for c in cells if c.value is not None}
    assert "Tỉnh Lai Châu" in texts and "Tỉnh Điện Biên" in texts
    assert any("bang_thu.csv" in t for t in texts)
    # The maps: offline HTML (Leaflet inlined, no URL but Leaflet's own), PNG.
    page = (out / "national_map.html").read_text(encoding="utf-8")
    assert external_references(page) == []
    assert set(URL.findall(page)) <= _leaflet_urls()
    assert "Tỉnh Lai Châu" in page and "Số tổ tối thiểu" in page and "Fewest teams" in page
    assert (out / "national_map.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert sorted(p.name for p in out.iterdir()) == [
        LAI_CHAU,  # its plan; Điện Biên has none (no team count meets the deadline)
        "national.csv",
        "national.xlsx",
        "national_map.html",
        "national_map.png",
        "tasks.csv",  # every probe task of the provinces' searches, with its time and worker
    ]
    with (out / "tasks.csv").open(encoding="utf-8", newline="") as handle:
        tasks = list(csv.DictReader(handle))
    assert {t["province_code"] for t in tasks} == {LAI_CHAU, DIEN_BIEN}
    assert all(
        t["worker"].startswith("tcp://127.0.0.1:") and float(t["seconds"]) >= 0 for t in tasks
    )
    assert {t["label"] for t in tasks if t["province_code"] == DIEN_BIEN} == {"current"}
    _check_province_folder(out / LAI_CHAU, int(lai_chau["min_teams"]))


def _check_province_folder(folder: Path, teams: int) -> None:
    """The fewest-teams plan of a province: the solve formats, its inputs, the independent
    checker's approval, the documents."""
    from planning.io.solve_folder import read_plan_folder

    found = read_plan_folder(folder)
    assert found.summary["teams"] == teams and found.summary["remaining_by_deadline"] == 0
    assert found.summary["province_code"] == LAI_CHAU
    with (folder / "inputs" / "teams.csv").open(encoding="utf-8", newline="") as handle:
        assert len(list(csv.DictReader(handle))) == teams
    rules = Options(
        allow_overnight=RULES.allow_overnight,
        overnight_min_one_way_min=RULES.overnight_min_one_way_min,
        max_teams_per_commune_day=RULES.max_teams_per_commune_day,
    )
    assert check_plan(folder / "inputs", folder / "plan.csv", rules) == []
    documents = [p for p in (folder / "documents").iterdir() if p.is_file()]
    assert {".xlsx", ".pdf", ".html", ".png"} <= {p.suffix for p in documents}
    notices = list((folder / "documents").glob("*/*.pdf"))
    assert notices, "one notice per visited commune"


@pytest.mark.parametrize(
    ("extra", "said"),
    [
        (["--provinces", "99"], "--provinces"),
        (["--deadline", "2025-08-01"], "trước ngày bắt đầu"),
    ],
)
def test_bad_input_is_a_clear_message_and_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], extra: list[str], said: str
) -> None:
    out = tmp_path / "national"
    args = ["national", "--table", str(small_table(tmp_path)), "--start", START.isoformat()]
    args += ["--deadline", DEADLINE.isoformat(), "--out", str(out), *extra]
    code, text = run(args, capsys)
    assert code == 1 and said in text and "Traceback" not in text
    assert not out.exists()


def test_a_table_row_matching_no_commune_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "t.csv"
    table.write_text(f"{HEADER}\n,Xã Không Có Thật,Lai Châu,10,\n", encoding="utf-8")
    out = tmp_path / "national"
    args = ["national", "--table", str(table), "--deadline", "2099-01-01", "--out", str(out)]
    code, text = run(args, capsys)
    assert code == 1 and "t.csv, dòng 2" in text and "Xã Không Có Thật" in text
    assert not out.exists()


@pytest.mark.parametrize(
    ("option", "value"),
    [("--deadline", "2025-13-01"), ("--teams-max", "0"), ("--time-limit", "-3")],
)
def test_a_bad_option_is_a_usage_error(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], option: str, value: str
) -> None:
    out = tmp_path / "national"
    args = ["national", "--table", "t.csv", "--deadline", "2025-10-01", "--out", str(out)]
    with pytest.raises(SystemExit) as exit_info:
        main([*args, option, value])
    assert exit_info.value.code == 2
    assert option in capsys.readouterr().err
    assert not out.exists()
