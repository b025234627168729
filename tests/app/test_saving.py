"""Saving in the app: the folder proposed comes from the scenario itself, the header says
"saved" once it is, a new scenario is named after its place (never the uploaded file), and two
planners saving the same scenario lose nothing: edits that do not overlap are merged, edits that
do are refused and named."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from planning.io.scenario import SCENARIOS_DIR, load_scenario, open_scenario, save_scenario
from planning.io.scenario_store import merge_scenarios, proposed_save_folder
from tests.app.harness import APP
from tests.conftest import SHARED_GEODATA, TK_TABLE

needs_2025 = pytest.mark.skipif(
    not (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists(),
    reason="national 2025 layer not available",
)


def data_page(tab: str = "Tổng quan") -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    return open_tab(at, tab)


def open_tab(at: AppTest, label: str) -> AppTest:
    """Open a tab of the Data page (only the open tab runs)."""
    at.session_state["data_tab"] = label
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def no_exception(at: AppTest) -> None:
    assert not at.exception, [e.value for e in at.exception]


def captions(at: AppTest) -> list[str]:
    return [c.value for c in at.caption]


def test_the_folder_proposed_is_the_scenarios_own(tmp_path: Path) -> None:
    shipped = SCENARIOS_DIR / "trung_khanh_2022-12" / "scenario.toml"
    assert proposed_save_folder("Trùng Khánh, 12/2022", shipped, True, SCENARIOS_DIR) == (
        "scenarios/trung_khanh_ban_sao"
    )
    assert proposed_save_folder("Lai Châu, 12/2026", None, False, SCENARIOS_DIR) == (
        "scenarios/lai_chau"
    )
    own = tmp_path / "cua_toi" / "scenario.toml"
    assert proposed_save_folder("Lai Châu, 12/2026", own, False, SCENARIOS_DIR) == str(own.parent)
    # A name taken by another saved scenario is not proposed again.
    taken = tmp_path / "scenarios"
    (taken / "lai_chau").mkdir(parents=True)
    (taken / "lai_chau" / "scenario.toml").write_text("", "utf-8")
    assert proposed_save_folder("Lai Châu, 12/2026", None, False, taken) == "scenarios/lai_chau_2"


@needs_2025
def test_a_province_draft_is_named_after_its_place_and_saved_where_proposed(
    tmp_path: Path,
) -> None:
    """The Trùng Khánh table on Cao Bằng's 2025 communes: named "Cao Bằng (7 xã), MM/YYYY", the
    Save tab proposes scenarios/cao_bang_7_xa (not the shipped scenario's copy), and after saving
    the header no longer says "chưa lưu"."""
    at = data_page("Tạo theo tỉnh (xã 2025)")
    at.selectbox(key="area_province").set_value("04").run()
    at.text_input(key="area_table_path").set_value(str(TK_TABLE)).run()
    at.button(key="area_match").click().run()
    at.button(key="use_draft").click().run()
    no_exception(at)
    work = at.session_state["work"]
    start = at.date_input(key="area_start").value
    assert work.scenario.name == f"Cao Bằng (7 xã), {start:%m/%Y}"
    assert "chua_cap_cccd" not in work.scenario.name
    open_tab(at, "Lưu")
    folder = at.text_input(key="save_folder").value
    assert folder == "scenarios/cao_bang_7_xa", folder
    assert any("chưa lưu" in c for c in captions(at))
    target = tmp_path / "moi"
    at.text_input(key="save_folder").set_value(str(target)).run()
    at.button(key="save_btn").click().run()
    no_exception(at)
    assert any("Đã lưu" in s.value for s in at.success), [e.value for e in at.error]
    header = [c for c in captions(at) if c.startswith("Đang làm việc với")]
    assert header and str(target / "scenario.toml") in header[0] and "chưa lưu" not in header[0]
    assert load_scenario(target / "scenario.toml").name == work.scenario.name


def test_two_planners_edits_that_do_not_overlap_are_merged(scenario_copy) -> None:
    """Both opened the same version; B saved a commune's figure, A (later) a team's rate: A's
    save merges B's edit and keeps both. Both then change the same field: refused, named."""
    toml = scenario_copy()
    base = open_scenario(toml)
    first = base.scenario.communes[0]
    theirs = replace(
        base.scenario,
        communes=(replace(first, not_issued=first.not_issued + 5), *base.scenario.communes[1:]),
    )
    save_scenario(theirs, toml, expected_fingerprint=base.fingerprint)

    at = data_page()
    at.text_input(key="open_path").set_value(str(toml)).run()
    at.button(key="open_btn").click().run()
    no_exception(at)
    # A's session opened the old version: give it that base and A's own edit of a team.
    work = at.session_state["work"]
    team = base.scenario.teams[0]
    mine = replace(
        base.scenario, teams=(replace(team, apps_per_hour=25.0), *base.scenario.teams[1:])
    )
    at.session_state["work"] = replace(
        work, scenario=mine, base=base.scenario, fingerprint=base.fingerprint, edited=True
    )
    open_tab(at, "Lưu").text_input(key="save_folder").set_value(str(toml.parent)).run()
    at.button(key="save_btn").click().run()
    no_exception(at)
    assert any("Đã lưu" in s.value for s in at.success), [e.value for e in at.error]
    assert any("đã được gộp" in i.value and "commune 01447" in i.value for i in at.info), [
        i.value for i in at.info
    ]
    saved = load_scenario(toml)
    assert saved.communes[0].not_issued == first.not_issued + 5  # B's edit kept
    assert saved.teams[0].apps_per_hour == 25.0  # A's edit saved

    # Now both change the same commune field differently: refused, nothing written.
    now = open_scenario(toml)
    c0 = now.scenario.communes[0]
    theirs2 = replace(
        now.scenario, communes=(replace(c0, not_issued=1), *now.scenario.communes[1:])
    )
    save_scenario(theirs2, toml, expected_fingerprint=now.fingerprint)
    before = toml.parent.joinpath("communes.csv").read_bytes()
    mine2 = replace(now.scenario, communes=(replace(c0, not_issued=2), *now.scenario.communes[1:]))
    at.session_state["work"] = replace(
        at.session_state["work"], scenario=mine2, base=now.scenario, fingerprint=now.fingerprint
    )
    at.button(key="save_btn").click().run()
    no_exception(at)
    errors = " ".join(e.value for e in at.error)
    assert "CHƯA" in errors and "commune 01447.not_issued" in errors
    assert toml.parent.joinpath("communes.csv").read_bytes() == before


def test_merge_rules_on_records() -> None:
    scenario = load_scenario(SCENARIOS_DIR / "trung_khanh_2022-12" / "scenario.toml")
    a, b = scenario.communes[0], scenario.communes[1]
    mine = replace(scenario, communes=(replace(a, priority=2), *scenario.communes[1:]))
    theirs = replace(
        scenario,
        communes=(a, replace(b, daily_cap=80), *scenario.communes[2:]),
        calendar=replace(scenario.calendar, invitation_lead_days=4),
    )
    merge = merge_scenarios(scenario, mine, theirs)
    assert merge.conflicts == ()
    assert merge.scenario.communes[0].priority == 2 and merge.scenario.communes[1].daily_cap == 80
    assert merge.scenario.calendar.invitation_lead_days == 4
    assert set(merge.taken) == {f"commune {b.code}.daily_cap", "calendar.invitation_lead_days"}
    # A commune removed by one planner and changed by the other is a conflict.
    removed = replace(scenario, communes=scenario.communes[1:])
    changed = replace(scenario, communes=(replace(a, priority=3), *scenario.communes[1:]))
    assert merge_scenarios(scenario, removed, changed).conflicts == (f"commune {a.code}",)
