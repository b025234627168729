"""AppTest of the Progress page: record intake, duplicates, bad imports, no lost update, re-plan.

Campaign records go to a temporary CCCD_WORKSPACE, never into the repository.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planning.campaign.actuals import record_actuals
from planning.campaign.plan_diff import diff_plans
from planning.campaign.workspace import actuals_file, announced_plan_file
from planning.domain import Visit
from planning.io.actuals_files import read_actuals_log
from planning.io.scenario import DEFAULT_SCENARIO, load_scenario
from tests.app.harness import APP, no_exception

PAGE = "app/pages/progress.py"
TODAY = dt.date(2022, 12, 9)
INTAKE_DAY = dt.date(2022, 12, 8)


def texts(at: AppTest, kind: str) -> list[str]:
    return [e.value for e in getattr(at, kind)]


def wait_for_job(at: AppTest, seconds: float = 40) -> None:
    deadline = time.monotonic() + seconds
    while at.session_state["job"] is not None and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    assert at.session_state["job"] is None, "the solve did not finish"


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    folder = tmp_path_factory.mktemp("workspace")
    old = os.environ.get("CCCD_WORKSPACE")
    os.environ["CCCD_WORKSPACE"] = str(folder)
    yield folder
    if old is None:
        os.environ.pop("CCCD_WORKSPACE", None)
    else:
        os.environ["CCCD_WORKSPACE"] = old


@pytest.fixture(scope="module")
def log_path(workspace: Path) -> Path:
    path = actuals_file(DEFAULT_SCENARIO)
    assert workspace in path.parents
    return path


@pytest.fixture(scope="module")
def at(workspace: Path) -> AppTest:
    """The default scenario planned (3 s), published, and the Progress page open on 09/12/2022."""
    app = AppTest.from_file(APP, default_timeout=60)
    app.session_state["time_limit"] = 3
    app.run()
    app.switch_page("app/pages/plan.py").run()
    app.button(key="run_plan").click().run()
    wait_for_job(app)
    app.button(key="publish_plan").click().run()
    no_exception(app)
    assert any("Đã công bố" in s for s in texts(app, "success"))
    assert announced_plan_file(DEFAULT_SCENARIO).exists()
    app.switch_page(PAGE).run()
    app.date_input(key="progress_today").set_value(TODAY).run()
    no_exception(app)
    return app


def frame_with(at: AppTest, column: str):
    """The first table that has ``column`` (AppTest does not expose dataframe keys)."""
    for df in at.dataframe:
        if column in df.value.columns:
            return df.value
    raise AssertionError(f"no table with column {column!r}")


def record(at: AppTest, commune: str, applications: int) -> None:
    at.date_input(key=f"intake_date_{TODAY.isoformat()}").set_value(INTAKE_DAY)
    at.selectbox(key="intake_team").set_value("T1")
    at.selectbox(key="intake_commune").set_value(commune)
    at.number_input(key="intake_apps").set_value(applications)
    at.button(key="intake_submit").click().run()


def test_page_opens_with_sections(at: AppTest) -> None:
    heads = [h.value for h in at.subheader]
    assert "Ghi số liệu thu nhận thực tế" in heads and "Báo cáo kết quả tuần" in heads
    assert any("Chưa có số liệu thu nhận" in i for i in texts(at, "info"))


def test_record_an_entry(at: AppTest, log_path: Path) -> None:
    record(at, "01447", 60)
    no_exception(at)
    assert any("Đã ghi 1 mục" in s for s in texts(at, "success")), texts(at, "error")
    log = read_actuals_log(log_path)
    assert [(e.date, e.team_id, e.commune_code, e.applications) for e in log.entries] == [
        (INTAKE_DAY, "T1", "01447", 60)
    ]
    standing = frame_with(at, "Thực tế đến nay")
    row = standing[standing["Mã"] == "01447"].iloc[0]
    assert row["Thực tế đến nay"] == "60" and row["Còn lại"] == "84"


def test_duplicate_asks_then_replaces(at: AppTest, log_path: Path) -> None:
    record(at, "01447", 70)
    no_exception(at)
    assert any("Đã có số liệu cho cùng ngày" in w for w in texts(at, "warning"))
    assert len(read_actuals_log(log_path).entries) == 1  # nothing written while asking
    at.button(key="dup_replace").click().run()
    no_exception(at)
    log = read_actuals_log(log_path)
    assert len(log.entries) == 2 and log.entries[1].replaces == 1
    assert log.totals_by_commune() == {"01447": 70}
    table = frame_with(at, "Hiệu lực")
    assert list(table["Hiệu lực"]) == ["đã được sửa", "đang dùng"]


def test_future_date_and_too_many_are_refused(at: AppTest, log_path: Path) -> None:
    before = log_path.read_bytes()
    record(at, "01471", 5000)
    no_exception(at)
    errors = texts(at, "error")
    assert any("vượt số chưa cấp 74" in e for e in errors), errors
    assert log_path.read_bytes() == before


def test_bad_import_file_gives_messages_and_changes_nothing(at: AppTest, log_path: Path) -> None:
    before = log_path.read_bytes()
    bad = (
        "date,team_id,commune_code,applications\n2022-12-08,T9,01447,10\nngày mai,T1,99999,mười\n"
    ).encode()
    at.file_uploader(key="actuals_upload").set_value(("bao_cao_to.csv", bad, "text/csv")).run()
    at.button(key="import_btn").click().run()
    no_exception(at)
    errors = texts(at, "error")
    assert any("Không có số liệu nào được ghi" in e for e in errors)
    assert any("bao_cao_to.csv, dòng 3" in e and "không phải số hồ sơ" in e for e in errors)
    assert any("dòng 3" in e and "ngày" in e for e in errors), errors
    assert log_path.read_bytes() == before


def test_good_import_file(at: AppTest, log_path: Path) -> None:
    good = b"date,team_id,commune_code,applications\n08/12/2022,T2,01477,40\n"
    at.file_uploader(key="actuals_upload").set_value(("to2.csv", good, "text/csv")).run()
    at.button(key="import_btn").click().run()
    no_exception(at)
    assert read_actuals_log(log_path).totals_by_commune() == {"01447": 70, "01477": 40}


def test_concurrent_recordings_lose_nothing_and_merge_when_apart(
    at: AppTest, log_path: Path
) -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    # Another planner records intake after this page showed the log, for another commune:
    # this page's entry is merged after it.
    record_actuals(log_path, scenario, [Visit("T2", INTAKE_DAY, "01471", 30)], TODAY)
    record(at, "01519", 25)
    no_exception(at)
    assert any("Đã ghi 1 mục" in s for s in texts(at, "success")), texts(at, "error")
    assert any("người khác đã ghi 1 mục" in i for i in texts(at, "info")), texts(at, "info")
    totals = read_actuals_log(log_path).totals_by_commune()
    assert totals == {"01447": 70, "01477": 40, "01471": 30, "01519": 25}
    # The same date, team and commune recorded meanwhile by the other planner: refused, named.
    record_actuals(log_path, scenario, [Visit("T1", INTAKE_DAY, "01522", 11)], TODAY)
    record(at, "01522", 12)
    no_exception(at)
    assert any("Người khác đã ghi số liệu" in e for e in texts(at, "error"))
    assert any("cùng ngày, tổ và xã" in w and ": 11" in w for w in texts(at, "warning"))
    totals = read_actuals_log(log_path).totals_by_commune()
    assert totals["01522"] == 11
    # The page now shows the latest log: recording again asks about the repeat, as usual.
    at.button(key="intake_submit").click().run()
    no_exception(at)
    assert any("Đã có số liệu cho cùng ngày" in w for w in texts(at, "warning"))
    at.button(key="dup_cancel").click().run()
    assert read_actuals_log(log_path).totals_by_commune()["01522"] == 11


def test_replan_from_a_day_with_recorded_intake_is_refused(at: AppTest) -> None:
    since = next(d for d in at.date_input if str(d.key).startswith("replan_from_"))
    default = since.value
    since.set_value(INTAKE_DAY).run()
    at.button(key="replan_btn").click().run()
    no_exception(at)
    assert at.session_state["job"] is None
    errors = texts(at, "error")
    assert any("không trước ngày lập lại kế hoạch 08/12/2022" in e for e in errors), errors
    since.set_value(default).run()


def test_replan_keeps_announced_dates_lists_changes_and_publishes(at: AppTest) -> None:
    """The re-plan runs on the server's queue; with the default threshold no announced date
    moves for fewer than 100 people, and the page says so and what the changes would buy."""
    assert at.number_input(key="replan_min_gain").value == 100
    at.number_input(key="replan_time").set_value(3).run()
    at.button(key="replan_btn").click().run()
    wait_for_job(at)
    no_exception(at)
    verdicts = [v for v in texts(at, "success") + texts(at, "warning") if "Kế hoạch lập lại" in v]
    assert verdicts and ("KỊP HẠN" in verdicts[0] or "KHÔNG KỊP HẠN" in verdicts[0])
    captions = [c.value for c in at.caption]
    assert any(
        "giữ nguyên các ngày đã thông báo: 09/12/2022, 10/12/2022, 11/12/2022" in c
        for c in captions
    ), captions
    promise = [i for i in texts(at, "info") if "ngày đã thông báo" in i]
    assert promise and ("Giữ mọi ngày đã thông báo" in promise[0] or "Đề xuất" in promise[0])
    outcome = next(iter(at.session_state["replans"].values()))
    if outcome.proposal == "kept":
        changes = diff_plans(outcome.kept.plan, outcome.result.plan)
        assert not changes
    try:
        changes_table = frame_with(at, "Bỏ ngày")
    except AssertionError:
        assert any("Không có thay đổi" in i for i in texts(at, "info"))
    else:
        assert list(changes_table.columns) == ["Xã", "Thay đổi", "Bỏ ngày", "Thêm ngày", "Đổi tổ"]
        assert set(changes_table["Thay đổi"]) <= {"đổi ngày", "thêm lịch", "bỏ lịch", "đổi tổ"}
        text = next(t.value for t in at.text_area if str(t.key).startswith("changes_text_"))
        assert "—; thêm —" not in text
        # The text for the communes follows the interface language.
        at.sidebar.radio[0].set_value("en").run()
        english = next(t.value for t in at.text_area if str(t.key).startswith("changes_text_"))
        assert english != text and "thêm lịch" not in english and "đổi ngày" not in english
        at.sidebar.radio[0].set_value("vi").run()
    before = announced_plan_file(DEFAULT_SCENARIO).read_bytes()
    at.button(key="publish_replan").click().run()
    no_exception(at)
    assert announced_plan_file(DEFAULT_SCENARIO).read_bytes() != before
    assert any("Đã công bố" in s for s in texts(at, "success"))


def test_burn_down_names_its_lines_and_writes_vietnamese_numbers(at: AppTest) -> None:
    import json

    charts = [json.loads(c.proto.spec) for c in at.get("vega_lite_chart")]
    burn = next(c for c in charts if "layer" in c)
    lines = burn["layer"][0]["encoding"]
    assert lines["color"]["legend"]["orient"] == "bottom"  # the three lines are named
    assert "strokeDash" not in lines  # (with legend=None it hid the colour legend too)
    assert "regexp(',', 'g'), '.'" in lines["y"]["axis"]["labelExpr"]
    assert lines["x"]["axis"]["format"] == "%d/%m"


def test_weekly_review_downloads_and_english(at: AppTest) -> None:
    keys = {b.proto.id for b in at.get("download_button")}
    assert len(keys) == 2
    at.sidebar.radio[0].set_value("en").run()
    no_exception(at)
    assert "Weekly review" in [h.value for h in at.subheader]
    notes = set(frame_with(at, "Note")["Note"])
    assert "entered in the app" in notes and "nhập trên ứng dụng" not in notes

    at.sidebar.radio[0].set_value("vi").run()
