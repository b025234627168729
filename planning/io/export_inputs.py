"""Write a scenario's solver inputs as plain CSV, for other tools and the independent plan checker.

Files (formats are an interface: keep names and columns):
- ``communes.csv``: code,name,lat,lon,collectable_backlog,daily_cap,earliest_date,blackout_dates
- ``teams.csv``: team_id,name,base_lat,base_lon,apps_per_hour,setup_min,shift_min
- ``calendar.csv``: team_id,date — every working date of each team up to the deadline
- ``travel_min.csv``: driving-minute matrix; first column and header are the labels (intake
  point ids — a commune's code where it lists no points — and ``BASE_<team id>``)

Where some commune lists its intake points, also:

- ``points.csv``: point_id,commune_code,name,kind,lat,lon,collectable_backlog,daily_cap,
  earliest_date,blackout_dates,open_dates — every point (a commune listing none: one point, id
  = its code); ``open_dates`` lists the dates of the window the point opens on when it does not
  open every date (its weekdays, its own dates), empty when it opens every date; the
  blackout dates are the point's and its commune's; ``daily_cap`` is the point's (its own,
  else its commune's, else the default), and ``communes.csv`` then leaves the commune's
  empty for a commune with listed points (the caps hold per point);
- ``point_hours.csv``: point_id,open_from,open_until — only for points with opening hours, and
  only when some point has them.

Without listed points the files are exactly those of a scenario before intake points existed.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from planning.domain import ALL_WEEKDAYS, IntakePoint, Scenario
from planning.io.files import atomic_write_text, csv_text
from planning.travel import build_travel_matrix

EXPORTED_FILES = ("communes.csv", "teams.csv", "calendar.csv", "travel_min.csv")
#: The columns of ``points.csv`` (an interface: keep names and order).
POINTS_HEADER = (
    "point_id",
    "commune_code",
    "name",
    "kind",
    "lat",
    "lon",
    "collectable_backlog",
    "daily_cap",
    "earliest_date",
    "blackout_dates",
    "open_dates",
)


def communes_rows(scenario: Scenario) -> list[list[object]]:
    """Rows of ``communes.csv`` (header first)."""
    rows: list[list[object]] = [
        [
            "code",
            "name",
            "lat",
            "lon",
            "collectable_backlog",
            "daily_cap",
            "earliest_date",
            "blackout_dates",
        ]
    ]
    for c in scenario.communes:
        cap = None if c.points else scenario.daily_cap(c)
        rows.append(
            [
                c.code,
                c.name,
                f"{c.venue.lat:.6f}" if c.venue else "",
                f"{c.venue.lon:.6f}" if c.venue else "",
                c.collectable_backlog,
                "" if cap is None else cap,
                scenario.earliest_date(c).isoformat(),
                ";".join(d.isoformat() for d in sorted(c.blackout_dates)),
            ]
        )
    return rows


def teams_rows(scenario: Scenario) -> list[list[object]]:
    """Rows of ``teams.csv`` (header first)."""
    rows: list[list[object]] = [
        ["team_id", "name", "base_lat", "base_lon", "apps_per_hour", "setup_min", "shift_min"]
    ]
    for t in scenario.teams:
        rows.append(
            [
                t.team_id,
                t.name,
                f"{t.base.lat:.6f}",
                f"{t.base.lon:.6f}",
                f"{t.apps_per_hour:g}",
                t.setup_min,
                t.shift_min,
            ]
        )
    return rows


def calendar_rows(scenario: Scenario) -> list[list[object]]:
    """Rows of ``calendar.csv`` (header first)."""
    rows: list[list[object]] = [["team_id", "date"]]
    for t in scenario.teams:
        rows.extend([t.team_id, day.isoformat()] for day in scenario.team_working_dates(t))
    return rows


def travel_rows(scenario: Scenario) -> list[list[object]]:
    """Rows of ``travel_min.csv``: header of labels, then one row per origin label."""
    matrix = build_travel_matrix(scenario)
    rows: list[list[object]] = [["from", *matrix.labels]]
    for label, minutes in zip(matrix.labels, matrix.minutes, strict=True):
        rows.append([label, *minutes])
    return rows


def _open_dates(scenario: Scenario, point: IntakePoint) -> str:
    """The window's dates the point opens on by its weekdays and dates; empty: every date."""
    if point.open_weekdays == ALL_WEEKDAYS and not point.open_dates:
        return ""
    days = [
        d
        for d in scenario.calendar.dates()
        if d.weekday() in point.open_weekdays and (not point.open_dates or d in point.open_dates)
    ]
    return ";".join(d.isoformat() for d in days)


def points_rows(scenario: Scenario) -> list[list[object]]:
    """Rows of ``points.csv`` (header first)."""
    rows: list[list[object]] = [list(POINTS_HEADER)]
    backlogs = scenario.point_backlogs
    for point in scenario.points:
        commune = scenario.commune(point.commune_code)
        cap = scenario.point_daily_cap(point)
        where = point.location
        blackout = commune.blackout_dates | point.blackout_dates
        rows.append(
            [
                point.point_id,
                point.commune_code,
                point.name,
                point.kind.value,
                f"{where.lat:.6f}" if where else "",
                f"{where.lon:.6f}" if where else "",
                backlogs[point.point_id],
                "" if cap is None else cap,
                scenario.point_earliest_date(point).isoformat(),
                ";".join(d.isoformat() for d in sorted(blackout)),
                _open_dates(scenario, point),
            ]
        )
    return rows


def point_hours_rows(scenario: Scenario) -> list[list[object]]:
    """Rows of ``point_hours.csv`` (header first): the points with opening hours."""
    rows: list[list[object]] = [["point_id", "open_from", "open_until"]]
    for point in scenario.points:
        if point.has_hours:
            opens, closes = point.open_from, point.open_until
            rows.append(
                [
                    point.point_id,
                    opens.strftime("%H:%M") if opens else "",
                    closes.strftime("%H:%M") if closes else "",
                ]
            )
    return rows


def export_inputs(scenario: Scenario, out_dir: Path) -> list[Path]:
    """Write the CSV files into ``out_dir`` (created if needed); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    files: list[tuple[str, Callable[[Scenario], list[list[object]]]]] = list(
        zip(EXPORTED_FILES, (communes_rows, teams_rows, calendar_rows, travel_rows), strict=True)
    )
    if scenario.has_listed_points:
        files.append(("points.csv", points_rows))
        if any(p.has_hours for p in scenario.points):
            files.append(("point_hours.csv", point_hours_rows))
    paths = []
    for name, build in files:
        path = out_dir / name
        atomic_write_text(path, csv_text(build(scenario)))
        paths.append(path)
    return paths
