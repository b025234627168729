"""The one home of the team rules (planning.io.teams): the scenario TOML, the Data page, new."""

from __future__ import annotations

import datetime as dt

import pytest

from planning.domain import ALL_WEEKDAYS, TEAM_DEFAULTS, GeoPoint
from planning.errors import InputError
from planning.io.teams import (
    DEFAULT_SETUP_MIN,
    RecordPlace,
    parse_day_text,
    team_from_record,
    teams_from_records,
)
from tests.conftest import THREE_DIR

VENUES = {"01477": GeoPoint(22.83, 106.52)}
TABLE = RecordPlace("teams.csv", row=3)
TOML = RecordPlace("scenario.toml", key="teams[2]")


def record(**fields: object) -> dict[str, object]:
    return {"id": "T1", "base_commune": "01477", "apps_per_hour": 20, **fields}


def test_a_typed_row_becomes_a_team() -> None:
    team, problems = team_from_record(
        record(
            name="Tổ 1",
            apps_per_hour="7,5",
            setup_min="20",
            shift_hours="9,5",
            start_time="07:00",
            working_weekdays="t2; T3,CN",
            days_off="20/12/2022; 2022-12-21",
        ),
        VENUES,
        TABLE,
    )
    assert problems == [] and team is not None
    assert (team.apps_per_hour, team.setup_min, team.shift_min) == (7.5, 20, 570)
    assert team.start_time == dt.time(7, 0) and team.working_weekdays == {0, 1, 6}
    assert team.days_off == {dt.date(2022, 12, 20), dt.date(2022, 12, 21)}
    assert team.base == VENUES["01477"] and team.base_commune == "01477"


def test_left_out_fields_take_the_one_set_of_team_defaults() -> None:
    """A record leaving fields out gets what a drafted team gets: a 10-hour shift from 07:00,
    every day (planning.domain.TEAM_DEFAULTS)."""
    team, _ = team_from_record(record(), VENUES, TOML)
    assert team is not None
    assert (team.name, team.setup_min, team.shift_min) == ("T1", DEFAULT_SETUP_MIN, 600)
    assert team.start_time == dt.time(7, 0) and team.working_weekdays == ALL_WEEKDAYS
    assert (team.setup_min, team.shift_min, team.start_time) == (
        TEAM_DEFAULTS.setup_min,
        TEAM_DEFAULTS.shift_min,
        TEAM_DEFAULTS.start_time,
    )


@pytest.mark.parametrize(
    ("base", "expected", "commune"),
    [
        ({"base": (22.7, 106.4)}, GeoPoint(22.7, 106.4), ""),
        ({"base": "22.7,106.4"}, GeoPoint(22.7, 106.4), ""),
        ({"base": "22,7; 106,4"}, GeoPoint(22.7, 106.4), ""),
        ({"base": "01477"}, VENUES["01477"], "01477"),
        ({"base": "Thị trấn Trùng Khánh"}, VENUES["01477"], "01477"),
        ({"base_lat": 22.7, "base_lon": "106,4"}, GeoPoint(22.7, 106.4), ""),
    ],
    ids=["pair", "text", "comma decimals", "code", "name", "lat/lon columns"],
)
def test_base_forms(base: dict[str, object], expected: GeoPoint, commune: str) -> None:
    fields = {"id": "T1", "apps_per_hour": 20, **base}
    aliases = {"Thị trấn Trùng Khánh": "01477"}
    team, problems = team_from_record(fields, VENUES, TABLE, aliases)
    assert problems == [] and team is not None
    assert (team.base, team.base_commune) == (expected, commune)


def test_problems_name_file_row_or_key_field_and_fix() -> None:
    _, problems = team_from_record(
        record(
            id="Tổ 1",
            base_commune="",
            base=(48.85, 2.35),
            apps_per_hour=500,
            working_weekdays="T2,XX",
            days_off="32/12/2022",
            start_time="bảy giờ",
        ),
        VENUES,
        TOML,
    )
    fields = {p.field for p in problems}
    assert fields == {
        "teams[2].id",
        "teams[2].base",
        "teams[2].apps_per_hour",
        "teams[2].working_weekdays",
        "teams[2].days_off",
        "teams[2].start_time",
    }
    assert all(p.is_error and p.file == "scenario.toml" and p.fix_vi for p in problems)
    base = next(p for p in problems if p.field == "teams[2].base")
    assert "không nằm ở Việt Nam" in base.vi and "vĩ độ 6–25, kinh độ 100–112" in base.fix_vi


def test_table_rows_name_their_row() -> None:
    _, problems = team_from_record(record(base_commune="99999", apps_per_hour=""), VENUES, TABLE)
    assert {(p.row, p.field) for p in problems} == {(3, "base_commune"), (3, "apps_per_hour")}
    assert any("không có xã mã “99999”" in p.vi for p in problems)


def test_a_base_is_needed() -> None:
    _, problems = team_from_record({"id": "T1", "apps_per_hour": 20}, VENUES, TABLE)
    assert [p.field for p in problems] == ["base_lat/base_lon"]


def test_teams_from_records_lists_every_problem_and_repeated_ids() -> None:
    rows = [record(), record(name="again"), record(id="T2", apps_per_hour="x")]
    with pytest.raises(InputError) as caught:
        teams_from_records(
            [(r, RecordPlace("teams.csv", row=i)) for i, r in enumerate(rows, 2)], VENUES, "f"
        )
    found = {(p.row, p.field) for p in caught.value.problems}
    assert found == {(3, "id"), (4, "apps_per_hour")}
    with pytest.raises(InputError, match="at least one team"):
        teams_from_records([], VENUES, "teams.csv")


def test_parse_day_text() -> None:
    assert parse_day_text("20/12/2022") == parse_day_text("2022-12-20") == dt.date(2022, 12, 20)
    assert parse_day_text("32/12/2022") is None and parse_day_text("mai") is None


def test_the_scenario_file_and_the_data_page_share_the_rules(scenario_copy) -> None:
    """The same wrong base gives the same message from the TOML and from the team table."""
    from app.editing import teams_frame, teams_from_frame
    from planning.io.scenario import load_scenario

    path = scenario_copy(THREE_DIR)
    scenario = load_scenario(path)
    frame = teams_frame(scenario)
    frame.loc[0, "base_commune"] = "99999"
    with pytest.raises(InputError) as from_app:
        teams_from_frame(frame, scenario)
    text = path.read_text("utf-8").replace('base_commune = "99003"', 'base_commune = "99999"', 1)
    path.write_text(text, "utf-8")
    with pytest.raises(InputError) as from_file:
        load_scenario(path)
    app_problem, file_problem = from_app.value.problems[0], from_file.value.problems[0]
    assert (app_problem.vi, app_problem.fix_vi) == (file_problem.vi, file_problem.fix_vi)
    assert (app_problem.field, file_problem.field) == ("base_commune", "teams[1].base_commune")


def test_new_scenario_teams_go_through_the_rules(tmp_path) -> None:
    """`new --base` outside Vietnam is refused before anything is written."""
    from planning.drafting.new_scenario import build_new_scenario
    from planning.drafting.request import NewScenarioRequest
    from tests.conftest import THREE_BOUNDARIES, THREE_TABLE

    out = tmp_path / "moi"
    request = NewScenarioRequest(out, THREE_TABLE, THREE_BOUNDARIES, base=(48.85, 2.35))
    with pytest.raises(InputError) as caught:
        build_new_scenario(request)
    assert caught.value.problems[0].file == "--base"
    assert "không nằm ở Việt Nam" in caught.value.problems[0].vi
    assert not out.exists()


def test_the_team_table_takes_a_commune_name_as_base(scenario_copy) -> None:
    """The Data page's team table: a base typed as the commune's name is that commune's venue."""
    from app.editing import teams_frame, teams_from_frame
    from planning.io.scenario import load_scenario

    scenario = load_scenario(scenario_copy(THREE_DIR))
    frame = teams_frame(scenario)
    frame.loc[0, "base_commune"] = "Xã Thử Nhất"
    team = teams_from_frame(frame, scenario)[0]
    assert team.base_commune == "99001"
    assert team.base == scenario.commune("99001").venue
