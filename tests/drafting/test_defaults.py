"""The drafting layer's defaults: one object, read by every way of drafting a scenario."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from planning.domain import TEAM_DEFAULTS, Commune, GeoPoint
from planning.drafting.defaults import NATIONAL_WHATIF, NEW_SCENARIO, settings_text
from planning.drafting.national import SETTINGS
from planning.drafting.teams import default_teams
from planning.io.teams import RecordPlace, team_from_record

TOWN = Commune("01477", "Thị trấn Trùng Khánh", 275, venue=GeoPoint(22.83, 106.52))


def test_a_drafted_team_and_a_record_leaving_fields_out_get_the_same_values() -> None:
    drafted = default_teams(1, None, TOWN, "Trụ sở", NEW_SCENARIO)[0]
    typed, problems = team_from_record(
        {"id": "T1", "base_commune": TOWN.code, "apps_per_hour": 20},
        {TOWN.code: GeoPoint(22.83, 106.52)},
        RecordPlace("teams.csv", row=2),
    )
    assert problems == [] and typed is not None
    for team in (drafted, typed):
        assert (team.setup_min, team.shift_min, team.start_time, team.working_weekdays) == (
            TEAM_DEFAULTS.setup_min,
            TEAM_DEFAULTS.shift_min,
            TEAM_DEFAULTS.start_time,
            TEAM_DEFAULTS.working_weekdays,
        )
    assert drafted.apps_per_hour == TEAM_DEFAULTS.apps_per_hour
    assert drafted.base_commune == TOWN.code and drafted.notes["base"] == "Trụ sở"


def test_the_words_follow_the_values() -> None:
    """The notes of a drafted team and the national what-if's stated assumptions are worded
    from the defaults, so a changed default cannot leave a sentence behind."""
    assert NEW_SCENARIO.team_notes()["shift_hours"] == (
        "Mặc định: ca 10 giờ (07:00–17:00) tính cả di chuyển."
    )
    nine = replace(NEW_SCENARIO, team=replace(TEAM_DEFAULTS, shift_min=570))
    assert "ca 9,5 giờ (07:00–16:30)" in nine.team_notes()["shift_hours"]
    assert settings_text(NATIONAL_WHATIF) == SETTINGS
    assert "ca 10 giờ từ 07:00" in SETTINGS[0][0] and "new --province" in SETTINGS[0][1]
    assert "over 90 min one way from every base" in SETTINGS[1][1]
    sixty = replace(NATIONAL_WHATIF, day_trip_one_way_min=60)
    assert "hơn 60 phút một chiều" in settings_text(sixty)[1][0]


def test_the_planning_window_defaults() -> None:
    start = dt.date(2026, 3, 2)
    calendar = NEW_SCENARIO.calendar(start, None)
    assert (calendar.start, calendar.deadline) == (start, start + dt.timedelta(days=28))
    assert calendar.invitation_lead_days == NEW_SCENARIO.invitation_lead_days
    # One set of defaults for every way of drafting: the national what-if is new's.
    assert NATIONAL_WHATIF is NEW_SCENARIO
