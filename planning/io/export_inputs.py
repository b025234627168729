"""Write a scenario's solver inputs as plain CSV, for other tools and the independent plan checker.

Files (formats are an interface: keep names and columns):
- ``communes.csv``: code,name,lat,lon,collectable_backlog,daily_cap,earliest_date,blackout_dates
- ``teams.csv``: team_id,name,base_lat,base_lon,apps_per_hour,setup_min,shift_min
- ``calendar.csv``: team_id,date — every working date of each team up to the deadline
- ``travel_min.csv``: driving-minute matrix; first column and header are the labels
"""

from __future__ import annotations

from pathlib import Path

from planning.domain import Scenario
from planning.io.files import atomic_write_text, csv_text
from planning.travel import build_travel_matrix

EXPORTED_FILES = ("communes.csv", "teams.csv", "calendar.csv", "travel_min.csv")


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
        cap = scenario.daily_cap(c)
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


def export_inputs(scenario: Scenario, out_dir: Path) -> list[Path]:
    """Write the four CSV files into ``out_dir`` (created if needed); return their paths."""
    out_dir.mkdir(parents=True, exist_ok=True)
    builders = (communes_rows, teams_rows, calendar_rows, travel_rows)
    paths = []
    for name, build in zip(EXPORTED_FILES, builders, strict=True):
        path = out_dir / name
        atomic_write_text(path, csv_text(build(scenario)))
        paths.append(path)
    return paths
