"""AppTest of each page's main flow (the solver runs on the default scenario with a short limit)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.harness import new_app, no_exception, open_tab, solve_default


@pytest.fixture(scope="module")
def solved() -> AppTest:
    at = solve_default(new_app())
    no_exception(at)
    return at


def test_data_page_shows_default_scenario() -> None:
    at = new_app()
    no_exception(at)
    assert any("Trùng Khánh" in h.value for h in at.subheader)
    assert [m.value for m in at.metric][:3] == ["59.042", "2.990", "2.990"]


def test_plan_page_verdict(solved: AppTest) -> None:
    texts = [s.value for s in solved.success] + [w.value for w in solved.warning]
    assert any(v.startswith("KỊP HẠN") and "2.990/2.990" in v for v in texts), texts
    assert len(solved.dataframe) >= 1  # the open table; the others run when their tab opens
    for tab in ("Lịch theo tổ × ngày", "Lịch từng tổ", "Theo xã"):
        solved.session_state["plan_tab"] = tab
        solved.run()
        no_exception(solved)
        assert solved.dataframe, tab
    solved.session_state["plan_tab"] = "Theo tổ"
    solved.run()


def test_language_switch_to_english(solved: AppTest) -> None:
    solved.sidebar.radio[0].set_value("en").run()
    no_exception(solved)
    assert any("MEETS THE DEADLINE" in s.value for s in solved.success)
    solved.sidebar.radio[0].set_value("vi").run()


def test_map_page_plan_view(solved: AppTest) -> None:
    solved.switch_page("app/pages/map.py").run()
    no_exception(solved)
    solved.radio(key="map_view").set_value("plan").run()
    no_exception(solved)
    solved.selectbox(key="map_period").select_index(1).run()
    no_exception(solved)


def test_export_page_has_downloads(solved: AppTest) -> None:
    solved.switch_page("app/pages/export.py").run()
    no_exception(solved)
    keys = {b.proto.id for b in solved.get("download_button")}
    assert len(keys) >= 5
    assert any("THÔNG BÁO" in a.value for a in solved.text_area)


def test_compare_page_two_variants() -> None:
    """The variants are solved by the sweep engine (Dask) after "Giải … song song"."""
    from planning.variants import Variant

    at = new_app()
    at.session_state["variant_time"] = 2
    at.session_state["variants"] = [Variant("2 tổ"), Variant("1 tổ", teams=1)]
    at.switch_page("app/pages/compare.py").run()
    no_exception(at)
    at.button(key="run_variants").click().run()
    deadline = time.monotonic() + 120
    while not at.dataframe or len(at.dataframe[0].value.columns) < 2:
        assert time.monotonic() < deadline, "the variants were not solved"
        time.sleep(0.5)
        at.run()
    no_exception(at)
    table = at.dataframe[0].value
    assert list(table.columns) == ["2 tổ", "1 tổ"]


def test_commune_edits_are_validated_like_the_csv() -> None:
    from app.editing import communes_frame, communes_from_frame
    from planning.errors import InputError
    from planning.io.scenario import DEFAULT_SCENARIO, load_scenario

    scenario = load_scenario(DEFAULT_SCENARIO)
    frame = communes_frame(scenario)
    frame.loc[2, "not_issued"] = "-5"
    with pytest.raises(InputError) as caught:
        communes_from_frame(frame, scenario)
    assert caught.value.problems[0].row == 4
    frame.loc[2, "not_issued"] = "80"
    edited = communes_from_frame(frame, scenario)
    assert edited[2].not_issued == 80 and edited[2].venue == scenario.communes[2].venue


def test_team_edits_are_validated() -> None:
    from app.editing import teams_frame, teams_from_frame
    from planning.errors import InputError
    from planning.io.scenario import DEFAULT_SCENARIO, load_scenario

    scenario = load_scenario(DEFAULT_SCENARIO)
    frame = teams_frame(scenario)
    frame.loc[0, "working_weekdays"] = "T2,XX"
    frame.loc[1, "base_commune"] = "99999"
    with pytest.raises(InputError) as caught:
        teams_from_frame(frame, scenario)
    assert {p.field for p in caught.value.problems} == {"working_weekdays", "base_commune"}


def test_data_page_apply_edits() -> None:
    at = open_tab(new_app(), "Số liệu xã")
    at.button(key="apply_communes").click().run()
    no_exception(at)
    assert any("Đã áp dụng" in s.value for s in at.success)


def test_embedded_scenario_is_not_overwritten() -> None:
    at = open_tab(new_app(), "Lưu")
    at.text_input(key="save_folder").set_value("scenarios/trung_khanh_2022-12").run()
    at.button(key="save_btn").click().run()
    no_exception(at)
    assert any("Không ghi đè" in e.value for e in at.error)


def test_save_keeps_versions_and_refuses_a_stale_save(scenario_copy) -> None:
    from dataclasses import replace

    toml = scenario_copy()
    at = new_app()
    at.text_input(key="open_path").set_value(str(toml)).run()
    at.button(key="open_btn").click().run()
    no_exception(at)
    open_tab(at, "Số liệu xã").button(key="apply_communes").click().run()
    open_tab(at, "Lưu").text_input(key="save_folder").set_value(str(toml.parent)).run()
    at.button(key="save_btn").click().run()
    no_exception(at)
    assert any("Đã lưu" in s.value for s in at.success), [e.value for e in at.error]
    assert list((toml.parent / ".versions").iterdir())
    toml.write_text(
        toml.read_text("utf-8").replace("Trùng Khánh, 12/2022", "Đổi bởi người khác"), "utf-8"
    )
    at.button(key="save_btn").click().run()
    # The other planner's edit (the name) does not overlap this one's: merged, both kept.
    assert any("đã được gộp" in i.value and "name" in i.value for i in at.info)
    assert "Đổi bởi người khác" in toml.read_text("utf-8")
    # Changed again behind the page's back, the same field the page changes: refused.
    work = at.session_state["work"]
    at.session_state["work"] = replace(
        work, scenario=replace(work.scenario, name="Tên của tôi"), edited=True
    )
    toml.write_text(toml.read_text("utf-8").replace("Đổi bởi người khác", "Tên khác"), "utf-8")
    at.button(key="save_btn").click().run()
    assert any("CHƯA" in e.value for e in at.error)
    assert any("name" in e.value for e in at.error)
    assert "Tên khác" in toml.read_text("utf-8")


def test_extra_days_off_are_edited_and_validated() -> None:
    import datetime as dt

    from app.editing import days_off_text, parse_days_off, with_calendar
    from planning.errors import InputError
    from planning.io.scenario import DEFAULT_SCENARIO, load_scenario

    scenario = load_scenario(DEFAULT_SCENARIO)
    days = parse_days_off("20/12/2022; 2022-12-21")
    assert set(days) == {dt.date(2022, 12, 20), dt.date(2022, 12, 21)}
    assert days_off_text(days) == "20/12/2022; 21/12/2022"
    cal = scenario.calendar
    changed = with_calendar(scenario, cal.start, cal.deadline, 2, True, days)
    assert changed.calendar.is_holiday(dt.date(2022, 12, 20))
    assert dt.date(2022, 12, 20) not in changed.team_working_dates(changed.teams[0])
    with pytest.raises(InputError) as caught:
        parse_days_off("20/12/2022; 32/12/2022")
    assert caught.value.problems[0].field == "calendar.extra_holidays"
    at = open_tab(new_app(), "Tổ và lịch")
    at.text_input(key="cal_extra").set_value("20/12/2022").run()
    at.button(key="apply_teams").click().run()
    no_exception(at)
    assert any("Đã áp dụng" in s.value for s in at.success)


def test_numbers_and_uploaders_read_as_vietnamese() -> None:
    """No "20.00" rate, uploaders limited to what the reader accepts, Vietnamese chrome."""
    from app.ui import chrome_css
    from app.uploads import upload_limit_mb
    from planning.io.table import MAX_BYTES

    at = new_app("app/pages/compare.py")
    no_exception(at)
    rate = next(n for n in at.number_input if n.label == "Hồ sơ/giờ mỗi tổ")
    assert rate.proto.format == "%g"
    at.switch_page("app/pages/data.py").run()
    open_tab(at, "Tạo từ bảng tải lên")
    no_exception(at)
    limits = {u.proto.label: u.proto.max_upload_size_mb for u in at.get("file_uploader")}
    # The backlog table and the boundary file; the intake points file (10 MB) on its own tab.
    assert sorted(limits.values()) == [upload_limit_mb(MAX_BYTES), 200]
    open_tab(at, "Điểm tiếp nhận")
    no_exception(at)
    assert [u.proto.max_upload_size_mb for u in at.get("file_uploader")] == [10]
    assert upload_limit_mb(MAX_BYTES) == 5
    css = chrome_css("vi")
    assert "stFileUploaderDropzoneInstructions" in css and '"Chọn tệp"' in css
    assert chrome_css("en") == ""


def test_the_scenario_picker_shows_names_and_opens_on_selection() -> None:
    from dataclasses import replace

    from planning.io.scenario import available_scenarios

    at = new_app()
    no_exception(at)
    picker = at.selectbox(key="open_choice")
    assert "Trùng Khánh, 12/2022" in picker.options
    assert "trung_khanh_2022-12" not in picker.options
    dak_doa = str(available_scenarios()["dak_doa_2022-08"])
    picker.set_value(dak_doa).run()
    no_exception(at)
    assert at.session_state["work"].path == Path(dak_doa)
    assert at.session_state["scenario_path"] == dak_doa
    # Unsaved edits are never dropped silently: the pick waits, and the page says so.
    at.session_state["work"] = replace(at.session_state["work"], edited=True)
    default = str(available_scenarios()["trung_khanh_2022-12"])
    at.selectbox(key="open_choice").set_value(default).run()
    no_exception(at)
    assert at.session_state["work"].path == Path(dak_doa)
    assert any("chưa mở" in w.value for w in at.warning)
    at.button(key="open_btn").click().run()
    assert at.session_state["work"].path == Path(default)
    assert not any("chưa mở" in w.value for w in at.warning)
