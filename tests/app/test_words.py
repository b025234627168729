"""What a planner reads, in the app: the Compare page keeps typed names and says weekends and
rates, its charts and the burn-down speak Vietnamese, the team table has words for headers and
no "None", pickers and maps say nothing in English or in miles, the what-if lines have words, a
six-team calendar names the communes, the weekly review follows "today" (issue 19, items 2, 3,
5–7)."""

from __future__ import annotations

import datetime as dt
import json
import time

import pytest
from streamlit.testing.v1 import AppTest

from planning.io.scenario import DEFAULT_SCENARIO, load_scenario, open_scenario
from planning.results import WhatItTakes
from planning.variants import Variant, with_team_count
from planning.wording import what_it_takes_lines
from tests.app.harness import new_app, no_exception, open_tab
from tests.conftest import SHARED_GEODATA


def test_typed_variant_names_are_kept_and_the_next_one_is_offered() -> None:
    at = new_app("app/pages/compare.py")
    for name in ("3 tổ, làm cuối tuần", "1 tổ"):
        at.text_input(key="variant_name").set_value(name)
        at.button(key="FormSubmitter:variant_form-Thêm phương án").click().run()
        no_exception(at)
    assert [v.name for v in at.session_state["variants"]] == ["3 tổ, làm cuối tuần", "1 tổ"]
    assert at.text_input(key="variant_name").value == "Phương án 3"
    # A name taken is refused, said so, and nothing is added.
    at.text_input(key="variant_name").set_value("1 tổ")
    at.button(key="FormSubmitter:variant_form-Thêm phương án").click().run()
    assert any("đã có" in e.value for e in at.error)
    assert len(at.session_state["variants"]) == 2


def test_an_added_team_is_numbered_like_the_others() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    names = [t.name for t in with_team_count(scenario, 4).teams]
    assert names == ["Tổ lưu động 1", "Tổ lưu động 2", "Tổ lưu động 3", "Tổ lưu động 4"]
    assert "(thêm" not in " ".join(names)


def test_compare_table_chart_and_maps_in_words(monkeypatch: pytest.MonkeyPatch) -> None:
    """Solved variants: a weekends row tells weekends on/off apart, the chart's axes are
    Vietnamese (dates day/month, 16.000), the two maps start on two different variants."""
    at = new_app()
    at.session_state["variant_time"] = 2
    at.session_state["variants"] = [
        Variant("Làm cuối tuần", weekends=True),
        Variant("Nghỉ cuối tuần", weekends=False),
    ]
    at.switch_page("app/pages/compare.py").run()
    at.button(key="run_variants").click().run()
    deadline = time.monotonic() + 120
    while not at.dataframe or len(at.dataframe[0].value.columns) < 2:
        assert time.monotonic() < deadline, "the variants were not solved"
        time.sleep(0.5)
        at.run()
    no_exception(at)
    table = at.dataframe[0].value
    assert list(table.loc["Làm cuối tuần"]) == ["có", "không"]
    assert "Hồ sơ/giờ" in table.index
    spec = " ".join(c.proto.spec for c in at.get("vega_lite_chart"))
    assert "regexp(',', 'g'), '.'" in spec and '"%d/%m"' in spec
    picks = [s for s in at.selectbox if str(s.key).startswith("cmp_map_")]
    assert [s.label for s in picks] == ["Bản đồ 1: phương án", "Bản đồ 2: phương án"]
    assert picks[0].value != picks[1].value


def test_stopping_short_variants_says_what_was_kept() -> None:
    at = new_app()
    at.session_state["variant_time"] = 2
    at.session_state["variants"] = [Variant("2 tổ"), Variant("1 tổ", teams=1)]
    at.switch_page("app/pages/compare.py").run()
    at.button(key="run_variants").click().run()
    job = at.session_state["sweep_job"]
    job.stop()
    deadline = time.monotonic() + 60
    while not job.done.is_set():
        assert time.monotonic() < deadline
        time.sleep(0.2)
    at.run()
    no_exception(at)
    assert any(i.value.startswith("Đã dừng:") for i in at.info), [i.value for i in at.info]


def test_the_team_table_has_words_for_headers_and_no_none() -> None:
    from app.editing import teams_frame

    scenario = load_scenario(DEFAULT_SCENARIO)
    frame = teams_frame(scenario)
    assert "None" not in frame.astype(str).to_numpy().ravel().tolist()
    assert not frame.isna().any().any()
    at = open_tab(new_app(), "Tổ và lịch")
    editor = next(e for e in at.get("data_editor") if "base_commune" in e.proto.columns)
    assert editor.proto.placeholder == ""
    columns = json.loads(editor.proto.columns)
    assert columns["base_commune"]["label"] == "Trụ sở: mã xã"
    assert columns["days_off"]["label"] == "Ngày nghỉ riêng"
    assert "dd/mm/yyyy" in columns["days_off"]["help"]
    help_text = " ".join(c.value for c in at.caption)
    assert "YYYY-MM-DD" not in help_text and "dd/mm/yyyy" in help_text


def test_pickers_and_maps_say_nothing_in_english_or_miles() -> None:
    from streamlit_folium import generate_leaflet_string

    from planning.report.area_views import area_picker_map, province_features
    from planning.report.data_views import base_picker_map

    loaded = open_scenario(DEFAULT_SCENARIO)
    maps = [base_picker_map(loaded.scenario, loaded.boundaries.features, "T1")]
    if (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists():
        maps.append(area_picker_map(province_features("04"), []))
    for fmap in maps:
        fmap.render()
        script = generate_leaflet_string(fmap)  # what st_folium runs in the browser
        assert "setPrefix('Leaflet')" in script and "imperial: false" in script


def test_the_what_if_weekend_line_has_words() -> None:
    what = WhatItTakes(
        min_teams_for_deadline=2,
        min_teams_proven=True,
        earliest_finish_current_teams=dt.date(2022, 12, 19),
        earliest_finish_proven=True,
        weekends_variant="off",
        weekends_collected=2990,
        weekends_delta=0,
        weekends_meets=True,
        weekends_proven=True,
        apps_per_extra_team_day=150.0,
        marginal_proven=False,
        sub_solves=(),
        seconds=1.0,
    )
    scenario = load_scenario(DEFAULT_SCENARIO)
    line = what_it_takes_lines(what, scenario)[2]
    assert line == (
        "Nếu nghỉ thứ Bảy, Chủ nhật: thu nhận 2.990 hồ sơ đến hạn chót, bằng kế hoạch hiện nay "
        "(đã chứng minh)."
    )
    fewer = what_it_takes_lines(replace_what(what, -120), scenario, "en")[2]
    assert "120 fewer than the current plan" in fewer and "(0;" not in fewer


def replace_what(what: WhatItTakes, delta: int) -> WhatItTakes:
    from dataclasses import replace

    return replace(what, weekends_delta=delta, weekends_collected=2990 + delta)


def test_a_six_team_calendar_names_the_communes() -> None:
    from planning.report.plan_views import TEXT_GRID_MAX_TEAMS, calendar_heat_names
    from planning.solver import SolverOptions, solve

    scenario = with_team_count(load_scenario(DEFAULT_SCENARIO), 6)
    assert TEXT_GRID_MAX_TEAMS >= 6  # six teams: the grid with commune names
    result = solve(scenario, SolverOptions(time_limit_s=2, stages=1))
    names = calendar_heat_names(result.plan, scenario)
    assert names.shape[0] == 6
    from planning.report.plan_views import short_name

    shorts = {short_name(c.name) for c in scenario.communes}
    cells = [c for c in names.to_numpy().ravel() if c]
    assert cells and all(c.split(" +")[0] in shorts for c in cells)


def test_the_weekly_review_follows_today(monkeypatch: pytest.MonkeyPatch, tmp_path) -> None:
    monkeypatch.setenv("CCCD_WORKSPACE", str(tmp_path))
    at = AppTest.from_file(str(new_app.__globals__["APP"]), default_timeout=60)
    at.run()
    at.switch_page("app/pages/progress.py").run()
    at.date_input(key="progress_today").set_value(dt.date(2022, 12, 9)).run()
    week = [d for d in at.date_input if str(d.key).startswith("week_end")]
    assert week[0].value == dt.date(2022, 12, 4)
    at.date_input(key="progress_today").set_value(dt.date(2022, 12, 16)).run()
    week = [d for d in at.date_input if str(d.key).startswith("week_end")]
    assert week[0].value == dt.date(2022, 12, 11)
    assert any("11/12/2022" in c.value for c in at.caption)
    # The burn-down legend names its lines and its axis writes 2.000.


def test_no_plan_yet_is_not_said_while_the_plan_is_being_made() -> None:
    at = new_app("app/pages/plan.py")
    assert any("Chưa có kế hoạch" in i.value for i in at.info)
    at.button(key="run_plan").click().run()
    no_exception(at)
    assert at.session_state["job"] is not None
    assert not any("Chưa có kế hoạch" in i.value for i in at.info)
    assert at.get("progress"), "the queue place or the progress is shown instead"
    deadline = time.monotonic() + 60
    while at.session_state["job"] is not None:
        assert time.monotonic() < deadline
        time.sleep(0.5)
        at.run()
    assert any(s.value.startswith("KỊP HẠN") for s in at.success)


def test_maps_in_the_app_load_the_apps_own_leaflet() -> None:
    """In the app a map loads Leaflet from the app's static copy (compiled once by the browser,
    150 kB lighter a map); downloads keep it inlined. Neither asks anything off the machine."""
    from planning.report.maps import coverage_map
    from planning.report.offline import external_references, offline_html, served_html

    loaded = open_scenario(DEFAULT_SCENARIO)
    served = served_html(coverage_map(loaded.scenario, loaded.boundaries.features))
    inline = offline_html(coverage_map(loaded.scenario, loaded.boundaries.features))
    assert (
        '/app/static/leaflet/leaflet.js"' in served and "/app/static/leaflet/leaflet.css" in served
    )
    assert len(served) < len(inline) - 100_000
    assert external_references(served) == [] and external_references(inline) == []
