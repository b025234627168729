"""The one home of "is this point in Vietnam" for typed coordinates: planning.domain.VIETNAM_BOUNDS,
used by team bases, commune venues and the boundary reader's degree check."""

from __future__ import annotations

import pytest

from planning.domain import VIETNAM_BOUNDS, GeoPoint


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [
        (22.83, 106.52, True),  # Trùng Khánh
        (10.78, 106.70, True),  # Hồ Chí Minh City
        (6.0, 100.0, True),  # the corner belongs to the box
        (48.85, 2.35, False),  # Paris
        (22.83, -106.52, False),  # wrong sign: Mexico
        (21.0, 113.0, False),
    ],
)
def test_points(lat: float, lon: float, inside: bool) -> None:
    assert VIETNAM_BOUNDS.contains(lat, lon) is inside
    assert GeoPoint(lat, lon).in_vietnam() is inside


def test_extents_are_gis_ordered_and_messages_state_the_box() -> None:
    assert VIETNAM_BOUNDS.contains_extent(106.2, 22.6, 106.7, 23.0)
    assert not VIETNAM_BOUNDS.contains_extent(22.6, 106.2, 23.0, 106.7)
    assert VIETNAM_BOUNDS.ranges_vi() == "vĩ độ 6–25, kinh độ 100–112"
    assert VIETNAM_BOUNDS.ranges_en() == "latitude 6–25, longitude 100–112"


def test_every_reader_refuses_the_same_point(tmp_path) -> None:
    from planning.errors import InputError
    from planning.io.communes_csv import parse_communes_csv
    from planning.io.teams import RecordPlace, team_from_record

    with pytest.raises(InputError) as caught:
        parse_communes_csv("code,name,not_issued,venue_lat,venue_lon\n1,A,5,48.85,2.35\n", "c")
    assert "vĩ độ 6–25, kinh độ 100–112" in caught.value.problems[0].fix_vi
    _, problems = team_from_record(
        {"id": "T1", "base": (48.85, 2.35), "apps_per_hour": 20}, {}, RecordPlace("t")
    )
    assert "vĩ độ 6–25, kinh độ 100–112" in problems[0].fix_vi
