"""The Data page's Teams tab: the overnight control (with the scenario's reason shown) and a
team added where the base map is clicked; both go through the team rules like typed rows."""

from __future__ import annotations

import pytest

from app.editing import PICKED_BASE_NAME, teams_frame, teams_from_frame, with_added_team
from app.editing import with_overnight as set_overnight
from planning.errors import InputError
from planning.io.scenario import DEFAULT_SCENARIO, load_scenario
from tests.app.harness import new_app, no_exception, open_tab


def test_overnight_stays_are_set_with_the_teams() -> None:
    at = open_tab(new_app(), "Tổ và lịch")
    box = at.checkbox(key="overnight")
    assert box.value is False
    assert at.number_input(key="overnight_min").disabled
    box.check().run()
    at.number_input(key="overnight_min").set_value(120).run()
    at.button(key="apply_teams").click().run()
    no_exception(at)
    rules = at.session_state["work"].scenario.rules
    assert rules.allow_overnight and rules.overnight_min_one_way_min == 120
    assert "từ 120 phút" in rules.notes["allow_overnight"]
    at.run()
    assert any("từ 120 phút" in c.value for c in at.caption)  # the reason, shown
    scenario = load_scenario(DEFAULT_SCENARIO)
    assert set_overnight(scenario, False, scenario.rules.overnight_min_one_way_min) is scenario


def test_a_team_is_added_where_the_map_is_clicked() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    frame, team_id = with_added_team(teams_frame(scenario), 22.75, 106.45)
    assert team_id == f"T{len(scenario.teams) + 1}"
    teams = teams_from_frame(frame, scenario)
    added = teams[-1]
    assert (added.team_id, added.base.lat, added.base.lon) == (team_id, 22.75, 106.45)
    assert added.base_name == PICKED_BASE_NAME and not added.base_commune
    assert added.apps_per_hour == scenario.teams[-1].apps_per_hour
    with pytest.raises(InputError):  # a point outside Vietnam is refused as when typed
        teams_from_frame(with_added_team(teams_frame(scenario), 48.8, 2.3)[0], scenario)
    at = open_tab(new_app(), "Tổ và lịch")
    options = at.selectbox(key="base_pick_team").options
    assert options[-1].startswith("+ thêm tổ mới")
