"""Driving times between team bases and intake venues.

No road network is available offline, so the default estimate is the great-circle distance times a
detour factor, over a speed suited to the terrain. A user-supplied matrix (from a road-network
tool, or from the drivers' own experience) overrides the estimate for every pair it covers.

Labels: an intake point's id (a commune's code for its venue when the commune lists no points),
``BASE_<team_id>`` for a team's base.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cached_property

from planning.domain import GeoPoint, Scenario, TravelSettings

EARTH_RADIUS_KM = 6371.0088


def base_label(team_id: str) -> str:
    """Matrix label of a team's base."""
    return f"BASE_{team_id}"


def great_circle_km(a: GeoPoint, b: GeoPoint) -> float:
    """Haversine distance in kilometres."""
    lat1, lon1, lat2, lon2 = map(math.radians, (a.lat, a.lon, b.lat, b.lon))
    h = (
        math.sin((lat2 - lat1) / 2) ** 2
        + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    )
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(min(1.0, h)))


def estimated_travel_min(a: GeoPoint, b: GeoPoint, settings: TravelSettings) -> int:
    """Estimated driving minutes between two points, rounded to the nearest minute."""
    km = great_circle_km(a, b) * settings.detour_factor
    return round(km / settings.speed_kmh * 60.0)


@dataclass(frozen=True)
class TravelMatrix:
    """Driving minutes between every pair of labelled points (bases and venues)."""

    labels: tuple[str, ...]
    minutes: tuple[tuple[int, ...], ...]

    @cached_property
    def _index(self) -> dict[str, int]:
        # The solver asks for millions of legs on a province: a dict, not labels.index().
        return {label: i for i, label in enumerate(self.labels)}

    def index(self, label: str) -> int:
        """Row/column of ``label``."""
        return self._index[label]

    def travel_min(self, origin: str, destination: str) -> int:
        """Driving minutes from ``origin`` to ``destination``."""
        index = self._index
        return self.minutes[index[origin]][index[destination]]


def scenario_points(scenario: Scenario) -> dict[str, GeoPoint]:
    """Every labelled point of a scenario: team bases first, then the intake points (by point
    id: a commune's code for a commune that lists no points, whose point is its venue).

    Points without a location are left out; :func:`planning.io.scenario.load_scenario` gives
    every commune a venue (from its boundary when the file names none) and every listed point
    without coordinates its commune's venue.
    """
    points: dict[str, GeoPoint] = {base_label(t.team_id): t.base for t in scenario.teams}
    for point in scenario.points:
        if point.location is not None:
            points[point.point_id] = point.location
    return points


def build_travel_matrix(scenario: Scenario) -> TravelMatrix:
    """The travel-time matrix of a scenario: user-supplied minutes where given, else estimates."""
    points = scenario_points(scenario)
    labels = tuple(points)
    rows = [tuple(leg_min(scenario, points, a, b) for b in labels) for a in labels]
    return TravelMatrix(labels, tuple(rows))


def leg_min(scenario: Scenario, points: dict[str, GeoPoint], origin: str, destination: str) -> int:
    """Driving minutes of one leg between labelled points (:func:`scenario_points`): the
    user's minutes where given, else the estimate."""
    if origin == destination:
        return 0
    given = scenario.travel.matrix_min.get((origin, destination))
    if given is not None:
        return round(given)
    return estimated_travel_min(points[origin], points[destination], scenario.travel)
