"""The sweep without a cluster: what travels to workers pickles, variants and their names, the
sweep and export commands' options and files, stop in the in-process engine."""

from __future__ import annotations

import datetime as dt
import json
import pickle
from pathlib import Path

import openpyxl
import pytest

from planning.cli.main import main
from planning.domain import Scenario
from planning.frozen_map import FrozenMap
from planning.io.sweep_files import SWEEP_HEADER, sweep_csv_text, variant_dict, variant_from_dict
from planning.outcomes import OutcomeState, VariantOutcome
from planning.report.sweep_report import progress_line, sweep_chart_png, sweep_workbook
from planning.results import SolveResult
from planning.solver import SolverOptions, solve
from planning.sweep import Sweep, variant_grid
from planning.sweep.work import SolveTask, run_task
from planning.variants import Variant, apply_variant, common_apps_per_hour, weekends_setting

REPO = Path(__file__).resolve().parents[2]
TK = REPO / "scenarios" / "trung_khanh_2022-12"
PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture(scope="module")
def tk(tk_scenario: Scenario) -> Scenario:
    return tk_scenario


@pytest.fixture(scope="module")
def tk_result(tk: Scenario) -> SolveResult:
    return solve(tk, SolverOptions(time_limit_s=2))


# --- what travels to the workers ----------------------------------------------------------------


def test_frozen_map_is_read_only_equal_hashable_and_picklable() -> None:
    m = FrozenMap({"a": 1, "b": 2})
    assert m == {"a": 1, "b": 2} and m == {"b": 2, "a": 1} and m != {"a": 1}
    assert list(m) == ["a", "b"] and len(m) == 2 and "a" in m and m["b"] == 2
    assert hash(m) == hash(FrozenMap({"b": 2, "a": 1}))
    with pytest.raises(TypeError):
        m["c"] = 3  # type: ignore[index]
    with pytest.raises(AttributeError):
        m._items = {}  # type: ignore[misc]
    again = pickle.loads(pickle.dumps(m))
    assert again == m and isinstance(again, FrozenMap)


def test_a_scenario_and_a_solve_result_round_trip_through_pickle(
    tk: Scenario, tk_result: SolveResult
) -> None:
    variant = apply_variant(tk, Variant("v", teams=3, weekends=True, apps_per_hour=22))
    for scenario in (tk, variant):
        again = pickle.loads(pickle.dumps(scenario))
        assert again == scenario
        assert again.commune(scenario.communes[0].code) == scenario.communes[0]
        assert dict(again.calendar.holidays) == dict(scenario.calendar.holidays)
    result = pickle.loads(pickle.dumps(tk_result))
    # StageOutcome may hold NaN (a stage not run), which is never equal to itself: compare reprs.
    assert repr(result) == repr(tk_result)
    assert result.plan == tk_result.plan
    assert isinstance(result.remaining_by_commune, FrozenMap)


def test_the_worker_function_reports_a_failing_solve_instead_of_raising(tk: Scenario) -> None:
    broken = SolveTask("broken", None, time_limit_s=2)  # type: ignore[arg-type]
    reply = run_task(broken)
    assert reply.result is None and reply.error.startswith("AttributeError")
    assert "Traceback" in reply.detail and reply.worker == "local"
    ok = run_task(SolveTask("ok", tk, time_limit_s=2))
    assert ok.result is not None and ok.error == "" and ok.worker == "local"


# --- variants -----------------------------------------------------------------------------------


def test_variant_grid_names_and_order() -> None:
    grid = variant_grid([2, 3, 2], [True, False], [dt.date(2022, 12, 31)], [18, 22.5])
    assert len(grid) == 2 * 2 * 1 * 2
    assert grid[0].name == "teams2_weekends-on_deadline2022-12-31_rate18"
    assert grid[-1].name == "teams3_weekends-off_deadline2022-12-31_rate22.5"
    assert [v.name for v in variant_grid([1, 2])] == ["teams1", "teams2"]
    assert [v.name for v in variant_grid()] == ["base"]
    assert len({v.name for v in grid}) == len(grid)


def test_apply_variant_changes_teams_weekends_deadline_and_rate(tk: Scenario) -> None:
    v = Variant("v", teams=4, weekends=False, deadline=dt.date(2022, 12, 31), apps_per_hour=30)
    s = apply_variant(tk, v)
    assert len(s.teams) == 4 and s.name.endswith("— v")
    assert weekends_setting(s) == "off" and common_apps_per_hour(s) == 30
    assert s.calendar.deadline == dt.date(2022, 12, 31)
    assert apply_variant(tk, Variant("x"), rename=False) == tk
    assert variant_from_dict(variant_dict(v), "summary.json") == v


def test_a_variant_in_summary_json_is_checked() -> None:
    from planning.errors import InputError

    for bad in ({"teams": 0}, {"weekends": "yes"}, {"deadline": "31/12"}, {"apps_per_hour": -1}):
        with pytest.raises(InputError) as caught:
            variant_from_dict(bad, "x/summary.json")
        assert caught.value.problems[0].file == "x/summary.json"


# --- the in-process engine: streaming and stop ----------------------------------------------------


def test_in_process_sweep_streams_and_stop_cancels_the_rest(tk: Scenario) -> None:
    variants = variant_grid([2, 1, 3])
    sweep = Sweep(tk, variants, 2, connection=None).start()
    first = next(sweep.outcomes())
    sweep.stop()
    rest = list(sweep.outcomes())
    assert first.state == OutcomeState.SOLVED and first.worker == "local"
    assert first.variant.name == "teams2"
    assert {o.state for o in rest} == {OutcomeState.CANCELLED}
    assert [o.variant.name for o in sweep.in_order()] == ["teams2", "teams1", "teams3"]
    assert sweep.done.wait(30)


def test_duplicate_variant_names_are_refused(tk: Scenario) -> None:
    with pytest.raises(ValueError):
        Sweep(tk, [Variant("a"), Variant("a", teams=1)], 2, None)


# --- files, workbook, chart, progress -------------------------------------------------------------


def _outcomes(tk: Scenario, tk_result: SolveResult) -> list[VariantOutcome]:
    hostile = Variant('=HYPERLINK("http://x")', teams=2)
    return [
        VariantOutcome(Variant("teams2", teams=2), tk, OutcomeState.SOLVED, tk_result, worker="w1"),
        VariantOutcome(hostile, tk, OutcomeState.FAILED, error="@SUM(A1) boom", worker="w2"),
        VariantOutcome(Variant("teams5", teams=5), tk, OutcomeState.CANCELLED),
    ]


def test_sweep_csv_rows(tk: Scenario, tk_result: SolveResult) -> None:
    lines = sweep_csv_text(_outcomes(tk, tk_result)).splitlines()
    assert lines[0] == ",".join(SWEEP_HEADER)
    solved = lines[1].split(",")
    assert solved[:5] == ["teams2", "2", "on", "2022-12-25", "20"]  # TK's teams work weekends
    assert solved[9] in ("optimal", "feasible") and solved[-1] == "w1"
    assert lines[2].endswith(",,,,,error,,w2") and lines[3].endswith(",,,,,cancelled,,")


def test_sweep_workbook_keeps_user_text_inert(tk: Scenario, tk_result: SolveResult) -> None:
    outcomes = _outcomes(tk, tk_result)
    data = sweep_workbook(outcomes, "=cmd|' /C calc'!A0", "vi", sweep_chart_png(outcomes))
    path = Path(pytest.importorskip("tempfile").mkdtemp()) / "sweep.xlsx"
    path.write_bytes(data)
    book = openpyxl.load_workbook(path)
    sheet = book.worksheets[0]
    cells = [c for row in sheet.iter_rows() for c in row if c.value is not None]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = {c.value for c in cells}
    assert "=cmd|' /C calc'!A0" in texts and '=HYPERLINK("http://x")' in texts
    assert "@SUM(A1) boom" in texts and "Phương án" in texts
    assert len(book.worksheets) == 2  # the chart's sheet


def test_chart_and_progress_lines(tk: Scenario, tk_result: SolveResult) -> None:
    outcomes = _outcomes(tk, tk_result)
    assert sweep_chart_png(outcomes, tk.name).startswith(PNG)
    assert sweep_chart_png([]).startswith(PNG)
    line = progress_line(outcomes[0], 1, 3)
    vi, en = line.split(" / ", 1)
    assert vi.startswith("[1/3] teams2: KỊP HẠN") and "2.990/2.990 hồ sơ" in vi and "máy w1" in vi
    assert "MEETS THE DEADLINE" in en and "2,990/2,990 applications" in en
    assert progress_line(outcomes[1], 2, 3).endswith("LỖI — @SUM(A1) boom / ERROR")
    assert "ĐÃ HỦY / CANCELLED" in progress_line(outcomes[2], 3, 3)


# --- the sweep command's options ----------------------------------------------------------


@pytest.mark.parametrize(
    ("option", "value", "says"),
    [
        ("--teams", "2,0", "--teams"),
        ("--teams", "2,,3", "--teams"),
        ("--teams", "two", "--teams"),
        ("--weekends", "on,maybe", "--weekends"),
        ("--deadline", "2022-13-01", "YYYY-MM-DD"),
        ("--deadline", "31/12/2022", "YYYY-MM-DD"),
        ("--apps-per-hour", "0", "--apps-per-hour"),
        ("--apps-per-hour", "inf", "--apps-per-hour"),
        ("--time-limit", "0", "--time-limit"),
        ("--time-limit", "-5", "--time-limit"),
        ("--time-limit", "nan", "--time-limit"),
        ("--time-limit", "inf", "--time-limit"),
        ("--workers", "0", "--workers"),
    ],
)
def test_sweep_rejects_bad_options(
    option: str, value: str, says: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    with pytest.raises(SystemExit) as caught:
        main(["sweep", str(TK), "--out", str(out), option, value])
    assert caught.value.code == 2
    err = capsys.readouterr().err
    assert says in err and "/" in err  # Vietnamese / English
    assert not out.exists()


def test_sweep_rejects_workers_with_a_scheduler(tmp_path: Path) -> None:
    with pytest.raises(SystemExit) as caught:
        main(["sweep", str(TK), "--out", str(tmp_path / "o"), "--workers", "2", "--scheduler", "x"])
    assert caught.value.code == 2


def test_sweep_deadline_before_start_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "out"
    code = main(["sweep", str(TK), "--out", str(out), "--deadline", "2022-12-31,2022-11-01"])
    assert code == 1
    err = capsys.readouterr().err
    assert "2022-11-01" in err and "--deadline" in err
    assert not out.exists()


def test_sweep_with_an_unreachable_scheduler_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    import socket

    monkeypatch.setattr("planning.sweep.cluster.CONNECT_TIMEOUT_S", 2.0)

    with socket.socket() as sock:  # a port nobody listens on
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    out = tmp_path / "out"
    code = main(
        [
            "sweep",
            str(TK),
            "--out",
            str(out),
            "--teams",
            "2",
            "--scheduler",
            f"tcp://127.0.0.1:{port}",
        ]
    )
    assert code == 1
    err = capsys.readouterr().err
    assert "không kết nối được bộ điều phối Dask" in err and "--scheduler" in err
    assert not out.exists()


# --- export -------------------------------------------------------------------------------


def test_export_writes_the_export_page_documents(tmp_path: Path) -> None:
    plan_dir, out = tmp_path / "plan", tmp_path / "docs"
    assert (
        main(
            [
                "solve",
                str(TK),
                "--out",
                str(plan_dir),
                "--time-limit",
                "2",
                "--no-what-if",
                "--teams",
                "3",
            ]
        )
        == 0
    )
    summary = json.loads((plan_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["variant"]["teams"] == 3
    assert (
        main(["export", str(TK), "--plan", str(plan_dir), "--out", str(out), "--lang", "en"]) == 0
    )
    names = sorted(p.name for p in out.iterdir())
    assert any(n.endswith(".xlsx") for n in names) and "thong-bao-cac-xa.pdf" in names
    pdfs = list(out.glob("*.pdf"))
    assert all(p.read_bytes().startswith(b"%PDF") for p in pdfs) and len(pdfs) == 2
    html = next(out.glob("ban-do-*.html")).read_text(encoding="utf-8")
    assert "L.map" in html or "leaflet" in html.lower()
    assert next(out.glob("ban-do-*.png")).read_bytes().startswith(PNG)
    notices = list((out / "thong-bao").glob("*.pdf"))
    assert notices and len(notices) == len(list((out / "thong-bao").glob("*.txt")))
    book = openpyxl.load_workbook(next(out.glob("*.xlsx")))
    assert book.sheetnames[0] == "Summary"  # --lang en


def test_export_refuses_a_plan_of_another_scenario(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    plan_dir, out = tmp_path / "plan", tmp_path / "docs"
    assert (
        main(["solve", str(TK), "--out", str(plan_dir), "--time-limit", "2", "--no-what-if"]) == 0
    )
    other = REPO / "scenarios" / "dak_doa_2022-08"
    assert main(["export", str(other), "--plan", str(plan_dir), "--out", str(out)]) == 1
    err = capsys.readouterr().err
    assert "plan.csv" in err and "không thuộc kịch bản" in err
    assert not out.exists()
    assert main(["export", str(TK), "--plan", str(tmp_path), "--out", str(out)]) == 1
    assert not out.exists()


def test_the_scheduler_comes_from_the_option_else_the_environment(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    from planning.sweep import SCHEDULER_ENV, scheduler_address

    monkeypatch.setenv(SCHEDULER_ENV, " tcp://scheduler.example:8786 ")
    assert scheduler_address("tcp://127.0.0.1:1") == "tcp://127.0.0.1:1"
    assert scheduler_address(None) == "tcp://scheduler.example:8786"
    monkeypatch.setenv(SCHEDULER_ENV, "")
    assert scheduler_address(None) is None
    # The command uses the environment's scheduler when --scheduler is not given.
    import socket

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    monkeypatch.setenv(SCHEDULER_ENV, f"tcp://127.0.0.1:{port}")
    monkeypatch.setattr("planning.sweep.cluster.CONNECT_TIMEOUT_S", 2.0)
    out = tmp_path / "out"
    assert main(["sweep", str(TK), "--out", str(out), "--teams", "2"]) == 1
    assert f"tcp://127.0.0.1:{port}" in capsys.readouterr().err
    assert not out.exists()
