"""Scenario files: the embedded scenarios, validation messages, round trips and safe saving."""

from __future__ import annotations

import datetime as dt
import os
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shapely.geometry import Point

from planning.domain import (
    Calendar,
    Commune,
    GeoPoint,
    NonCollectableReason,
    Rules,
    Scenario,
    Team,
    TravelSettings,
    Visit,
)
from planning.errors import InputError
from planning.io.scenario import (
    DEFAULT_SCENARIO,
    ScenarioChangedError,
    available_scenarios,
    fingerprint,
    list_versions,
    load_scenario,
    open_scenario,
    save_scenario,
    scenario_to_toml,
)
from tests.conftest import (
    DAK_DOA_DIR,
    DEFAULT_DIR,
    THREE_BOUNDARIES,
    THREE_DIR,
    tree_snapshot,
)

# --- the embedded scenarios ---------------------------------------------------------------------


def test_default_scenario_is_trung_khanh_with_the_real_figures() -> None:
    loaded = open_scenario(DEFAULT_SCENARIO)
    s = loaded.scenario
    assert s.name == "Trùng Khánh, 12/2022"
    assert len(s.communes) == 21
    assert s.not_issued == 2990
    assert sum(c.issued or 0 for c in s.communes) == 56052  # rows as printed (total row: 56.051)
    assert s.calendar.start == dt.date(2022, 12, 6)
    assert s.calendar.deadline == dt.date(2022, 12, 25)
    assert [t.team_id for t in s.teams] == ["T1", "T2"]
    assert all(t.working_weekdays == frozenset(range(7)) for t in s.teams)
    assert loaded.warnings == ()
    # Teams are based at the district police in Thị trấn Trùng Khánh.
    town = s.commune("01477")
    assert all(t.base == town.venue and t.base_commune == "01477" for t in s.teams)
    # Every value of the teams carries its reason.
    assert set(s.teams[0].notes) >= {"apps_per_hour", "setup_min", "shift_hours"}


def test_default_venues_are_inside_their_communes() -> None:
    loaded = open_scenario(DEFAULT_SCENARIO)
    shapes = dict(
        zip(loaded.boundaries.features["code"], loaded.boundaries.features.geometry, strict=True)
    )
    for commune in loaded.scenario.communes:
        assert commune.venue_is_default
        assert shapes[commune.code].contains(Point(commune.venue.lon, commune.venue.lat))


def test_dak_doa_keeps_published_facts_and_flags_estimates() -> None:
    s = load_scenario(DAK_DOA_DIR)
    assert len(s.communes) == 17
    assert s.not_issued == 17_941 - 6_022
    by_name = {c.name: c for c in s.communes}
    published = {"Thị trấn Đăk Đoa": 2405, "Xã K' Dang": 987, "Xã Ia Băng": 960}
    for name, figure in published.items():
        assert by_name[name].not_issued == figure
        assert not by_name[name].is_estimated("not_issued")
    others = [c for c in s.communes if c.name not in published]
    assert all(c.is_estimated("not_issued") for c in others)
    totals = {r: sum(c.non_collectable.get(r, 0) for c in s.communes) for r in NonCollectableReason}
    assert totals == {
        NonCollectableReason.DEAD: 1321,
        NonCollectableReason.PRISON: 44,
        NonCollectableReason.MILITARY: 45,
        NonCollectableReason.UNKNOWN_WHEREABOUTS: 555,
        NonCollectableReason.OTHER_PROVINCE: 993,
        NonCollectableReason.ABROAD: 134,
    }
    assert s.collectable_backlog == 11_919 - 3_092
    assert "17.941" in s.facts["Chỉ tiêu"]


def test_embedded_scenarios_list_the_default_first() -> None:
    names = list(available_scenarios())
    assert names[0] == "trung_khanh_2022-12"
    assert "dak_doa_2022-08" in names


@pytest.mark.parametrize("folder", [DEFAULT_DIR, DAK_DOA_DIR])
def test_embedded_files_are_canonical(folder: Path) -> None:
    """Saving an embedded scenario reproduces its files byte for byte."""
    scenario = load_scenario(folder)
    assert scenario_to_toml(scenario) == (folder / "scenario.toml").read_text("utf-8")
    from planning.io.communes_csv import communes_csv_text

    assert communes_csv_text(scenario.communes) == (folder / "communes.csv").read_text("utf-8")


# --- saving -------------------------------------------------------------------------------------


def test_save_round_trips_and_keeps_the_earlier_version(scenario_copy) -> None:
    path = scenario_copy(THREE_DIR)
    loaded = open_scenario(path)
    changed = replace(
        loaded.scenario,
        name="Ba xã thử, phương án 2 tổ",
        teams=(*loaded.scenario.teams, replace(loaded.scenario.teams[0], team_id="T3")),
    )
    save_scenario(changed, path, expected_fingerprint=loaded.fingerprint)
    assert load_scenario(path) == changed
    versions = list_versions(path)
    assert len(versions) == 1
    assert (versions[0] / "scenario.toml").read_text("utf-8") == (
        THREE_DIR / "scenario.toml"
    ).read_text("utf-8")


def test_second_planner_is_told_the_scenario_changed(scenario_copy) -> None:
    path = scenario_copy(THREE_DIR)
    first, second = open_scenario(path), open_scenario(path)
    save_scenario(replace(first.scenario, name="A"), path, expected_fingerprint=first.fingerprint)
    before = tree_snapshot(path.parent)
    with pytest.raises(ScenarioChangedError):
        save_scenario(
            replace(second.scenario, name="B"), path, expected_fingerprint=second.fingerprint
        )
    assert tree_snapshot(path.parent) == before
    assert load_scenario(path).name == "A"


def test_a_crash_while_saving_leaves_the_old_files(scenario_copy, monkeypatch) -> None:
    path = scenario_copy(THREE_DIR)
    scenario = load_scenario(path)
    original = path.read_bytes(), (path.parent / "communes.csv").read_bytes()

    def crash(source: object, target: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(os, "replace", crash)
    with pytest.raises(OSError):
        save_scenario(replace(scenario, name="never written"), path)
    monkeypatch.undo()
    assert (path.read_bytes(), (path.parent / "communes.csv").read_bytes()) == original
    assert not [p for p in path.parent.iterdir() if p.name.endswith(".tmp")]
    assert load_scenario(path) == scenario
    assert sorted(p.name for p in path.parent.iterdir()) == [
        ".scenario.lock",
        ".versions",
        "README.md",
        "ba_xa_thu.geojson",
        "bang_thu_3_xa.tsv",
        "communes.csv",
        "scenario.toml",
    ]


# --- validation messages ------------------------------------------------------------------------


def _break(path: Path, old: str, new: str, file: str = "scenario.toml") -> None:
    target = path.parent / file
    text = target.read_text("utf-8")
    assert old in text, old
    target.write_text(text.replace(old, new, 1), "utf-8")


BAD_TOML = [
    (
        "unknown key",
        "apps_per_hour = 20\n",
        "apps_per_hour = 20\nspeed = 3\n",
        "teams[1].speed",
        "khóa không hợp lệ",
    ),
    ("missing field", "deadline = 2026-03-13\n", "", "calendar.deadline", "thiếu khóa bắt buộc"),
    (
        "deadline before start",
        "deadline = 2026-03-13",
        "deadline = 2026-03-01",
        "calendar",
        "hạn chót (deadline) sớm hơn ngày bắt đầu",
    ),
    (
        "no working day",
        'working_weekdays = [\n    "T2",\n    "T3",\n    "T4",\n    "T5",\n'
        '    "T6",\n    "T7",\n    "CN",\n]',
        "working_weekdays = []",
        "teams[1].working_weekdays",
        "không có ngày làm việc",
    ),
    (
        "bad weekday",
        '"CN",\n]',
        '"Sunday",\n]',
        "teams[1].working_weekdays",
        "ngày trong tuần không hợp lệ",
    ),
    (
        "negative rate",
        "apps_per_hour = 20",
        "apps_per_hour = -5",
        "teams[1].apps_per_hour",
        "giá trị phải lớn hơn 0",
    ),
    (
        "unknown base commune",
        'base_commune = "99003"',
        'base_commune = "99999"',
        "teams[1].base_commune",
        "không có xã mã “99999”",
    ),
    (
        "base outside Vietnam",
        'base_commune = "99003"',
        "base = [48.85, 2.35]",
        "teams[1].base",
        "không nằm ở Việt Nam",
    ),
    (
        "text for a date",
        "start = 2026-03-02",
        'start = "mùng 6"',
        "calendar.start",
        "không phải ngày",
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "field", "fragment"), BAD_TOML, ids=[c[0] for c in BAD_TOML]
)
def test_bad_scenario_file_is_reported_with_key_and_fix(
    scenario_copy, case, old, new, field, fragment
) -> None:
    path = scenario_copy(THREE_DIR)
    _break(path, old, new)
    before = tree_snapshot(path.parent)
    with pytest.raises(InputError) as info:
        load_scenario(path)
    problems = [p for p in info.value.errors if p.field == field]
    assert problems, info.value.render()
    assert any(fragment in p.vi for p in problems), info.value.render()
    assert all(p.file == str(path) for p in problems)
    assert tree_snapshot(path.parent) == before


def test_toml_syntax_error_names_the_line(scenario_copy) -> None:
    path = scenario_copy(THREE_DIR)
    _break(path, 'name = "Tổ lưu động 1"', "name = Tổ lưu động 1")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    (problem,) = info.value.problems
    assert "cú pháp TOML sai" in problem.vi and problem.row is not None


BAD_CSV = [
    (
        "issued above of age",
        "01447,Thị trấn Trà Lĩnh,,3987,3843,144",
        "01447,Thị trấn Trà Lĩnh,,3987,4843,144",
        2,
        "issued",
        "lớn hơn số trong độ tuổi",
    ),
    (
        "negative count",
        "01477,Thị trấn Trùng Khánh,,4846,4571,275",
        "01477,Thị trấn Trùng Khánh,,4846,4571,-275",
        3,
        "not_issued",
        "số âm",
    ),
    (
        "text in a number cell",
        "01471,Xã Cao Chương,,2569,2495,74",
        "01471,Xã Cao Chương,,2569,2495,bảy mươi tư",
        4,
        "not_issued",
        "không phải số nguyên",
    ),
    (
        "Vietnamese thousands in the data file",
        "01519,Xã Cao Thăng,,2730,",
        "01519,Xã Cao Thăng,,2.730,",
        5,
        "of_age",
        "không phải số nguyên",
    ),
    ("duplicate code", "01501,Xã Chí Viễn", "01519,Xã Chí Viễn", 6, "code", "bị trùng"),
    (
        "bad blackout date",
        "01495,Xã Đàm Thủy,,4338,4242,96,,,,,,,,,,",
        "01495,Xã Đàm Thủy,,4338,4242,96,,,,,,,,,,2022-13-01",
        7,
        "blackout_dates",
        "không phải ngày",
    ),
]


@pytest.mark.parametrize(
    ("case", "old", "new", "row", "field", "fragment"), BAD_CSV, ids=[c[0] for c in BAD_CSV]
)
def test_bad_communes_csv_is_reported_with_row_and_column(
    scenario_copy, case, old, new, row, field, fragment
) -> None:
    path = scenario_copy()
    _break(path, old, new, "communes.csv")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    problems = [p for p in info.value.errors if p.row == row and p.field == field]
    assert problems, info.value.render()
    assert any(fragment in p.vi for p in problems), info.value.render()
    assert problems[0].file.endswith("communes.csv")
    assert problems[0].fix_vi


def test_unknown_column_and_empty_csv(scenario_copy) -> None:
    path = scenario_copy(THREE_DIR)
    _break(path, "code,name,", "ma,name,", "communes.csv")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert "cột không hợp lệ: ma" in info.value.render()
    (path.parent / "communes.csv").write_text("", "utf-8")
    with pytest.raises(InputError) as info:
        load_scenario(path)
    assert "tệp rỗng" in info.value.render()


def test_missing_boundary_file_says_where_it_looked_and_what_to_do(scenario_copy) -> None:
    path = scenario_copy(THREE_DIR)
    _break(
        path,
        'boundaries = "ba_xa_thu.geojson"',
        'boundaries = "khong_co.geojson"',
    )
    with pytest.raises(InputError) as info:
        load_scenario(path)
    text = info.value.render()
    assert "khong_co.geojson" in text
    assert "CCCD_GEODATA" in text and "geodata" in text


def test_geodata_env_var_is_searched(scenario_copy, tmp_path, monkeypatch) -> None:
    path = scenario_copy(THREE_DIR)
    own = tmp_path / "my_geodata"
    own.mkdir()
    (own / "ranh_gioi_cua_toi.geojson").write_bytes(THREE_BOUNDARIES.read_bytes())
    _break(
        path,
        'boundaries = "ba_xa_thu.geojson"',
        'boundaries = "ranh_gioi_cua_toi.geojson"',
    )
    monkeypatch.setenv("CCCD_GEODATA", str(own))
    loaded = open_scenario(path)
    assert loaded.boundaries.path == own / "ranh_gioi_cua_toi.geojson"


# --- properties ---------------------------------------------------------------------------------

_names = (
    st.text(alphabet="abcdeghiklmnopqrstuvxyĐđăâêôơưàảãáạầẩẫấậằẳẵắặ ", min_size=1, max_size=20)
    .map(str.strip)
    .filter(bool)
)


@st.composite
def communes(draw: st.DrawFn) -> Commune:
    code = draw(st.from_regex(r"[0-9]{5}", fullmatch=True))
    of_age = draw(st.integers(0, 100_000))
    issued = draw(st.integers(0, of_age))
    not_issued = of_age - issued
    reasons = draw(
        st.dictionaries(st.sampled_from(list(NonCollectableReason)), st.integers(1, 50), max_size=3)
    )
    if sum(reasons.values()) > not_issued:
        reasons = {}
    venue = GeoPoint(draw(st.floats(8.5, 23.3)), draw(st.floats(102.2, 109.4)))
    return Commune(
        code=code,
        name=draw(_names),
        not_issued=not_issued,
        of_age=of_age,
        issued=issued,
        non_collectable=reasons,
        aliases=tuple(draw(st.lists(_names, max_size=2, unique=True))),
        venue=venue,
        priority=draw(st.integers(1, 5)),
        earliest_date=draw(st.none() | st.dates(dt.date(2022, 1, 1), dt.date(2022, 1, 20))),
        blackout_dates=frozenset(
            draw(st.lists(st.dates(dt.date(2022, 1, 1), dt.date(2022, 1, 31)), max_size=3))
        ),
        daily_cap=draw(st.none() | st.integers(1, 500)),
        note=draw(
            st.text(alphabet=st.characters(blacklist_categories=("Cs", "Cc")), max_size=30).map(
                str.strip
            )
        ),
    )


@st.composite
def scenarios(draw: st.DrawFn) -> Scenario:
    items = draw(st.lists(communes(), min_size=1, max_size=6, unique_by=lambda c: c.code))
    teams = tuple(
        Team(
            team_id=f"T{i}",
            name=draw(_names),
            base=GeoPoint(draw(st.floats(8.5, 23.3)), draw(st.floats(102.2, 109.4))),
            apps_per_hour=draw(st.sampled_from([12, 15.5, 20, 22.25])),
            setup_min=draw(st.integers(0, 60)),
            shift_min=draw(st.sampled_from([480, 510, 600])),
            start_time=dt.time(draw(st.integers(5, 9)), draw(st.sampled_from([0, 15, 30]))),
            working_weekdays=frozenset(draw(st.sets(st.integers(0, 6), min_size=1))),
            days_off=frozenset(
                draw(st.lists(st.dates(dt.date(2022, 1, 1), dt.date(2022, 1, 31)), max_size=2))
            ),
        )
        for i in range(1, draw(st.integers(1, 3)) + 1)
    )
    start = dt.date(2022, 1, 3)
    deadline = start + dt.timedelta(days=draw(st.integers(0, 40)))
    from planning.calendar import public_holidays

    return Scenario(
        name=draw(_names),
        communes=tuple(items),
        teams=teams,
        calendar=Calendar(
            start,
            deadline,
            holidays=public_holidays(start, deadline),
            invitation_lead_days=draw(st.integers(0, 5)),
        ),
        travel=TravelSettings(
            speed_kmh=draw(st.sampled_from([25.0, 30.0, 42.5])),
            detour_factor=draw(st.sampled_from([1.0, 1.4, 1.6])),
        ),
        rules=Rules(
            max_teams_per_commune_day=draw(st.none() | st.integers(1, 3)),
            default_daily_cap=draw(st.none() | st.integers(50, 400)),
        ),
        pinned=tuple(
            Visit(teams[0].team_id, start, items[0].code, draw(st.integers(0, 99)))
            for _ in range(draw(st.integers(0, 1)))
        ),
    )


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(scenario=scenarios())
def test_any_valid_scenario_survives_save_and_load(tmp_path_factory, scenario: Scenario) -> None:
    folder = tmp_path_factory.mktemp("rt")
    path = save_scenario(scenario, folder / "scenario.toml")
    assert load_scenario(path) == scenario
    first = (path.read_bytes(), (folder / "communes.csv").read_bytes())
    save_scenario(load_scenario(path), path, expected_fingerprint=fingerprint(path))
    assert (path.read_bytes(), (folder / "communes.csv").read_bytes()) == first
