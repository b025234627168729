"""Hostile-but-realistic inputs (issue 11): huge or endless files, absurd figures, injected
formulas, duplicated reports, dates before the start, bad time limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest

from planning.domain import Plan, Stop, TeamDay
from planning.io.plan import read_plan_csv, write_plan_csv
from planning.io.scenario import load_scenario
from tests.conftest import THREE_DIR

HOSTILE_NAMES = ['=HYPERLINK("http://x","bấm")', "+1+2", "-3+4", "@SUM(A1)", "\tTab"]


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_plan_csv_never_starts_a_cell_with_a_formula(scenario_copy, tmp_path, hostile) -> None:
    scenario = load_scenario(scenario_copy(THREE_DIR))
    first = replace(scenario.communes[0], name=hostile)
    scenario = replace(scenario, communes=(first, *scenario.communes[1:]))
    day = scenario.calendar.start
    stop = Stop(first.code, 420, 600, 30, 10)
    plan = Plan((TeamDay("T1", day, (stop, Stop("BASE", 600, 640, 0, 40))),))
    out = tmp_path / "plan.csv"
    write_plan_csv(plan, scenario, out)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t")], cells
    assert rows[1][4] == "'" + hostile
    assert read_plan_csv(out) == plan  # our own reader undoes the apostrophe


def test_spreadsheet_safe_leaves_ordinary_texts_and_numbers() -> None:
    from planning.formatting import from_spreadsheet_safe, spreadsheet_safe

    assert spreadsheet_safe("Xã Cao Chương") == "Xã Cao Chương"
    assert spreadsheet_safe(-5) == -5
    assert from_spreadsheet_safe(str(spreadsheet_safe("=1+1"))) == "=1+1"
    assert from_spreadsheet_safe("'quoted") == "'quoted"


def test_export_inputs_neutralises_formulas(scenario_copy, tmp_path: Path) -> None:
    from planning.io.export_inputs import export_inputs

    scenario = load_scenario(scenario_copy(THREE_DIR))
    first = replace(scenario.communes[0], name="=cmd|' /C calc'!A0")
    scenario = replace(scenario, communes=(first, *scenario.communes[1:]))
    export_inputs(scenario, tmp_path / "out")
    text = (tmp_path / "out" / "communes.csv").read_text("utf-8")
    assert ",'=cmd|" in text


def _workbook_with_a_long_row(path: Path, cells: int) -> Path:
    """A small .xlsx (a few hundred kB) whose first sheet has one row of ``cells`` cells."""
    import zipfile

    import openpyxl

    book = openpyxl.Workbook()
    book.active["A1"] = "Tên xã"
    plain = path.with_suffix(".plain.xlsx")
    book.save(plain)
    row = "".join('<c t="inlineStr"><is><t>x</t></is></c>' for _ in range(cells))
    sheet = (
        '<?xml version="1.0" encoding="UTF-8"?><worksheet '
        'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        f'<row r="1">{row}</row></sheetData></worksheet>'
    )
    with zipfile.ZipFile(plain) as src, zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as out:
        for info in src.infolist():
            data = src.read(info.filename)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = sheet.encode()
            out.writestr(info.filename, data)
    return path


def test_a_small_workbook_with_millions_of_cells_is_refused_before_it_is_built(tmp_path) -> None:
    """Bounded by cells read, not only by file size (a 353 kB file once took 7.6 GB)."""
    from planning.errors import InputError
    from planning.io.table import MAX_BYTES, MAX_CELLS, read_backlog_table

    path = _workbook_with_a_long_row(tmp_path / "bang.xlsx", MAX_CELLS + 50_000)
    assert path.stat().st_size < MAX_BYTES
    with pytest.raises(InputError) as caught:
        read_backlog_table(path)
    assert "quá nhiều ô" in caught.value.render("vi")
    assert "too many cells" in caught.value.render("en")


def test_an_actuals_workbook_with_too_many_cells_is_refused(tmp_path) -> None:
    from planning.errors import InputError
    from planning.io.actuals_files import parse_actuals_file
    from planning.io.table import MAX_CELLS

    path = _workbook_with_a_long_row(tmp_path / "thuc_te.xlsx", MAX_CELLS + 50_000)
    with pytest.raises(InputError) as caught:
        parse_actuals_file(path)
    assert "quá nhiều ô" in caught.value.render("vi")


def _point_at(toml: Path, key: str, target: str) -> None:
    import tomllib

    import tomli_w

    data = tomllib.loads(toml.read_text("utf-8"))
    section = data["scenario"] if key == "communes" else data["travel"]
    section[key] = target
    toml.write_text(tomli_w.dumps(data), "utf-8")


@pytest.mark.parametrize("key", ["communes", "matrix"])
def test_endless_and_huge_files_are_refused_not_read(scenario_copy, key: str) -> None:
    """``/dev/zero`` and a 3 GB (sparse) file named by a scenario: a message, no MemoryError."""
    from planning.io.scenario import check_scenario, fingerprint

    toml = scenario_copy(THREE_DIR)
    huge = toml.parent / "huge.csv"
    with huge.open("wb") as handle:
        handle.truncate(3_000_000_000)  # sparse: no disk used
    for target, words in (("/dev/zero", "không phải là một tệp"), (str(huge), "quá lớn")):
        _point_at(toml, key, target)
        loaded, problems = check_scenario(toml)
        assert loaded is None
        assert any(words in p.render("vi") for p in problems), [p.render() for p in problems]
        assert len(fingerprint(toml)) == 16


def test_read_input_bytes_stops_at_the_limit(tmp_path: Path) -> None:
    from planning.errors import InputError
    from planning.io.files import read_input_bytes

    path = tmp_path / "a.csv"
    path.write_bytes(b"x" * 101)
    assert read_input_bytes(path, 101) == b"x" * 101
    with pytest.raises(InputError, match="too large"):
        read_input_bytes(path, 100)


# --- magnitudes (a not_issued of 10^20 once crashed the solver) ---------------------------------


def test_an_absurd_head_count_is_refused_when_the_scenario_is_checked(scenario_copy) -> None:
    from planning.io.scenario import check_scenario

    toml = scenario_copy(THREE_DIR)
    csv_path = toml.parent / "communes.csv"
    lines = csv_path.read_text("utf-8").splitlines()
    cells = lines[1].split(",")
    cells[5] = "100000000000000000000"  # not_issued = 10^20
    lines[1] = ",".join(cells)
    csv_path.write_text("\n".join(lines) + "\n", "utf-8")
    loaded, problems = check_scenario(toml)
    assert loaded is None
    [problem] = [p for p in problems if p.is_error]
    assert (problem.row, problem.field) == (2, "not_issued")
    assert "quá lớn" in problem.vi and "10.000.000" in problem.vi


def test_an_absurd_pinned_visit_or_daily_cap_is_refused(scenario_copy) -> None:
    from planning.io.scenario import check_scenario

    toml = scenario_copy(THREE_DIR)
    text = toml.read_text("utf-8")
    assert "default_daily_cap = 250\n" in text
    toml.write_text(text.replace("default_daily_cap = 250\n", "default_daily_cap = 99999999999\n"))
    loaded, problems = check_scenario(toml)
    assert loaded is None and any("default_daily_cap" in p.field for p in problems)
    pinned = (
        '\n[[pinned]]\nteam = "T1"\ndate = 2026-03-04\ncommune = "99001"\n'
        "applications = 100000000000\n"
    )
    toml.write_text(text + pinned)
    loaded, problems = check_scenario(toml)
    assert loaded is None and any("applications" in p.field for p in problems)


def test_an_absurd_figure_in_a_backlog_table_names_the_cell(tmp_path: Path) -> None:
    from planning.errors import InputError
    from planning.io.table import read_backlog_table

    path = tmp_path / "bang.csv"
    path.write_text("Tên xã,Chưa cấp\nXã A,100000000000000000000\nXã B,12\n", "utf-8")
    with pytest.raises(InputError) as caught:
        read_backlog_table(path)
    problem = caught.value.errors[0]
    assert "quá lớn" in problem.vi and (problem.row, problem.field) == (2, "Chưa cấp")


def test_the_domain_refuses_an_absurd_count() -> None:
    from planning.domain import MAX_HEAD_COUNT, Commune

    Commune("01", "Xã A", MAX_HEAD_COUNT)
    with pytest.raises(ValueError, match="above"):
        Commune("01", "Xã A", MAX_HEAD_COUNT + 1)


# --- command options and warnings ---------------------------------------------------------------


@pytest.mark.parametrize(
    "command", ["solve", "replan", "solve --what-if-time-limit", "solve --time-limit"]
)
@pytest.mark.parametrize("value", ["nan", "-5", "0", "inf", "dix", "1e9"])
def test_a_bad_time_limit_is_a_usage_error(command: str, value: str, capsys) -> None:
    from planning.cli.main import main

    command, _, option = command.partition(" ")
    args = [command, "scenario.toml", "--out", "out", f"{option or '--time-limit'}={value}"]
    if command == "replan":
        args += ["--previous", "p.csv", "--actuals", "a.csv", "--today", "2022-12-15"]
    with pytest.raises(SystemExit) as caught:
        main(args)
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert "cần số giây lớn hơn 0" in err and "needs seconds above 0" in err


def test_a_good_time_limit_is_accepted() -> None:
    from planning.cli.options import time_limit_seconds

    assert time_limit_seconds("2,5") == 2.5
    assert time_limit_seconds("10") == 10.0


def test_solve_shows_the_warnings_check_shows(scenario_copy, tmp_path, capsys) -> None:
    """A team with no working date: ``check`` warns, and so must ``solve``."""
    import tomllib

    import tomli_w

    from planning.cli.main import main

    toml = scenario_copy(THREE_DIR)
    data = tomllib.loads(toml.read_text("utf-8"))
    start, deadline = data["calendar"]["start"], data["calendar"]["deadline"]
    days = [start + dt.timedelta(days=i) for i in range((deadline - start).days + 1)]
    data["teams"].append({**data["teams"][0], "id": "T2", "days_off": days})
    toml.write_text(tomli_w.dumps(data), "utf-8")
    assert main(["check", str(toml)]) == 0
    check_err = capsys.readouterr().err
    assert check_err.strip(), "the scenario should give a warning"
    code = main(["solve", str(toml), "--out", str(tmp_path / "out"), "--time-limit", "2"])
    assert code == 0
    solve_err = capsys.readouterr().err
    for line in check_err.strip().splitlines():
        assert line in solve_err
