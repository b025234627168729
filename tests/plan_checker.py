"""Independent plan checker: reads the exported input CSVs and a plan.csv, lists every violation.

Deliberately self-contained (csv + datetime only): it shares no code with ``planning.solver`` or
``planning.travel``, so a bug there cannot hide itself here.

Inputs (``planning.io.export_inputs``): communes.csv, teams.csv, calendar.csv, travel_min.csv,
and where communes list intake points points.csv (and point_hours.csv). Plan: plan.csv with
``team_id,date,stop,commune_code,commune_name,arrive,depart,applications,travel_min`` (and
``point_id,point_name`` with points). Overnight stays (when allowed): a team-day without a BASE
row ends at its last stop; the team's next team-day must be the next calendar date and its first
``travel_min`` is measured from there.

With intake points, each stop is at a point of its commune: travel is between points, a point's
backlog, daily cap, earliest date, blackout dates, open dates and hours hold, its commune's
backlog (the sum of its points') holds too, and the teams-per-commune-day limit counts a team
once at a commune whichever of its points it serves. A stop at a point with hours must have its
setup and service between opening and closing (the team may arrive early and wait: the wait is
part of the stop).
"""

from __future__ import annotations

import csv
import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

PLAN_HEADER = [
    "team_id",
    "date",
    "stop",
    "commune_code",
    "commune_name",
    "arrive",
    "depart",
    "applications",
    "travel_min",
]
POINT_HEADER = ["point_id", "point_name"]
#: Rounding tolerance, in minutes, per stop.
TOLERANCE_MIN = 1.0


@dataclass
class Inputs:
    """The four exported CSVs, parsed."""

    communes: dict[str, dict[str, str]]
    teams: dict[str, dict[str, str]]
    calendar: set[tuple[str, str]]
    travel: dict[tuple[str, str], int]
    #: points.csv rows by point id (empty: no listed points; each commune is its own point).
    points: dict[str, dict[str, str]] = field(default_factory=dict)
    #: point id → (open minute or None, close minute or None).
    hours: dict[str, tuple[int | None, int | None]] = field(default_factory=dict)


@dataclass
class Row:
    """One plan.csv row."""

    line: int
    team_id: str
    date: str
    stop: int
    code: str
    arrive: int
    depart: int
    apps: int
    travel: int
    point: str = ""

    @property
    def place(self) -> str:
        """Where the stop is: its point, else its commune (a commune without listed points)."""
        return self.point or self.code


@dataclass
class Options:
    """Rules the CSVs do not carry."""

    allow_overnight: bool = False
    overnight_min_one_way_min: int | None = None
    max_teams_per_commune_day: int | None = None
    pinned_rows: list[Row] = field(default_factory=list)


def _read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def read_inputs(folder: Path) -> Inputs:
    """Parse communes.csv, teams.csv, calendar.csv and travel_min.csv from ``folder``."""
    communes = {r["code"]: r for r in _read(folder / "communes.csv")}
    teams = {r["team_id"]: r for r in _read(folder / "teams.csv")}
    calendar = {(r["team_id"], r["date"]) for r in _read(folder / "calendar.csv")}
    travel: dict[tuple[str, str], int] = {}
    with (folder / "travel_min.csv").open(encoding="utf-8", newline="") as handle:
        rows = list(csv.reader(handle))
    labels = rows[0][1:]
    for row in rows[1:]:
        for label, value in zip(labels, row[1:], strict=True):
            travel[(row[0], label)] = int(float(value))
    points: dict[str, dict[str, str]] = {}
    if (folder / "points.csv").exists():
        points = {r["point_id"]: r for r in _read(folder / "points.csv")}
    hours: dict[str, tuple[int | None, int | None]] = {}
    if (folder / "point_hours.csv").exists():
        for r in _read(folder / "point_hours.csv"):
            opens, closes = r["open_from"], r["open_until"]
            hours[r["point_id"]] = (
                _minutes(opens) if opens else None,
                _minutes(closes) if closes else None,
            )
    return Inputs(communes, teams, calendar, travel, points, hours)


def _minutes(text: str) -> int:
    hours, minutes = text.split(":")
    return int(hours) * 60 + int(minutes)


def read_plan_rows(path: Path) -> tuple[list[Row], list[str]]:
    """Parse plan.csv; returns rows and format violations."""
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        header = next(reader, [])
        if header not in (PLAN_HEADER, PLAN_HEADER + POINT_HEADER):
            problems.append(f"plan header is {header}, expected {PLAN_HEADER}")
            return [], problems
        rows = []
        for line, rec in enumerate(reader, start=2):
            try:
                dt.date.fromisoformat(rec[1])
                rows.append(
                    Row(
                        line,
                        rec[0],
                        rec[1],
                        int(rec[2]),
                        rec[3],
                        _minutes(rec[5]),
                        _minutes(rec[6]),
                        int(rec[7]),
                        int(rec[8]),
                        rec[9] if len(header) > len(PLAN_HEADER) else "",
                    )
                )
            except (ValueError, IndexError) as exc:
                problems.append(f"line {line}: unreadable row {rec}: {exc}")
    return rows, problems


def _group(rows: list[Row]) -> dict[tuple[str, str], list[Row]]:
    days: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        days.setdefault((row.team_id, row.date), []).append(row)
    return days


def check_team_day(
    key: tuple[str, str], rows: list[Row], inp: Inputs, prev_end: str | None
) -> list[str]:
    """Calendar, commune dates, travel, timing and shift length of one team-day."""
    team_id, date = key
    out: list[str] = []
    team = inp.teams.get(team_id)
    if team is None:
        return [f"{team_id} {date}: unknown team"]
    if key not in inp.calendar:
        out.append(f"{team_id} {date}: not a working date of the team")
    if [r.stop for r in rows] != list(range(1, len(rows) + 1)):
        out.append(f"{team_id} {date}: stops not numbered 1..n")
    rate = float(team["apps_per_hour"])
    setup = int(team["setup_min"])
    here = prev_end or f"BASE_{team_id}"
    exact_total = 0.0
    for i, row in enumerate(rows):
        is_base = row.code == "BASE"
        dest = f"BASE_{team_id}" if is_base else row.place
        expected = inp.travel.get((here, dest))
        if expected is None:
            out.append(f"line {row.line}: no travel time {here} -> {dest}")
        elif row.travel != expected:
            out.append(f"line {row.line}: travel_min {row.travel} but matrix says {expected}")
        if i > 0 and row.arrive != rows[i - 1].depart + row.travel:
            out.append(f"line {row.line}: arrive is not previous depart + travel")
        exact_total += row.travel
        if is_base:
            if row.apps != 0:
                out.append(f"line {row.line}: BASE row with applications")
            if i != len(rows) - 1:
                out.append(f"line {row.line}: BASE row is not the last stop")
            continue
        out.extend(_check_stop(row, inp, date, setup, rate))
        exact_total += setup + row.apps * 60.0 / rate
        here = row.place
    shift = int(team["shift_min"])
    span = rows[-1].arrive if rows[-1].code == "BASE" else rows[-1].depart
    start = rows[0].arrive - rows[0].travel
    if exact_total > shift + 1e-6 or span - start > shift + TOLERANCE_MIN * len(rows):
        out.append(f"{team_id} {date}: day needs {exact_total:.1f} min, shift is {shift}")
    return out


def _check_stop(row: Row, inp: Inputs, date: str, setup: int, rate: float) -> list[str]:
    out = []
    commune = inp.communes.get(row.code)
    if commune is None:
        return [f"line {row.line}: unknown commune {row.code}"]
    where = commune
    if inp.points:
        where = inp.points.get(row.place, {})
        if where.get("commune_code") != row.code:
            return [f"line {row.line}: {row.place} is not an intake point of {row.code}"]
        opens = where["open_dates"]
        if opens and date not in opens.split(";"):
            out.append(f"line {row.line}: {row.place} is not open on {date}")
    if row.apps <= 0:
        out.append(f"line {row.line}: a stop without applications")
    if date < where["earliest_date"]:
        out.append(f"line {row.line}: {row.place} visited before its earliest date")
    if date in set(filter(None, where["blackout_dates"].split(";"))):
        out.append(f"line {row.line}: {row.place} visited on a blackout date")
    need = setup + row.apps * 60.0 / rate
    if row.depart - row.arrive < need - TOLERANCE_MIN:
        out.append(f"line {row.line}: stop lasts {row.depart - row.arrive} min, needs {need:.1f}")
    opening, closing = inp.hours.get(row.place, (None, None))
    if closing is not None and row.depart > closing:
        out.append(f"line {row.line}: {row.place} closes at {closing}, stop ends at {row.depart}")
    if opening is not None and row.depart - need < opening - TOLERANCE_MIN:
        out.append(f"line {row.line}: {row.place} opens at {opening}, service began before it")
    return out


def check_totals(rows: list[Row], inp: Inputs, opts: Options) -> list[str]:
    """Backlog per commune, daily caps and teams per commune-day."""
    out: list[str] = []
    by_commune: dict[str, int] = {}
    by_point: dict[str, int] = {}
    by_day: dict[tuple[str, str], int] = {}
    by_point_day: dict[tuple[str, str], int] = {}
    teams_day: dict[tuple[str, str], set[str]] = {}
    for r in rows:
        if r.code == "BASE":
            continue
        by_commune[r.code] = by_commune.get(r.code, 0) + r.apps
        by_point[r.place] = by_point.get(r.place, 0) + r.apps
        by_day[(r.code, r.date)] = by_day.get((r.code, r.date), 0) + r.apps
        by_point_day[(r.place, r.date)] = by_point_day.get((r.place, r.date), 0) + r.apps
        teams_day.setdefault((r.code, r.date), set()).add(r.team_id)
    for code, total in by_commune.items():
        if code in inp.communes and total > int(inp.communes[code]["collectable_backlog"]):
            out.append(
                f"{code}: {total} planned, backlog is {inp.communes[code]['collectable_backlog']}"
            )
    for (code, date), total in by_day.items():
        cap = inp.communes.get(code, {}).get("daily_cap", "")
        if cap and total > int(cap):
            out.append(f"{code} {date}: {total} planned, daily cap is {cap}")
    out += _point_totals(inp, by_point, by_point_day)
    limit = opts.max_teams_per_commune_day
    for (code, date), teams in teams_day.items():
        if limit is not None and len(teams) > limit:
            out.append(f"{code} {date}: {len(teams)} teams, at most {limit} allowed")
    return out


def _point_totals(
    inp: Inputs, by_point: dict[str, int], by_point_day: dict[tuple[str, str], int]
) -> list[str]:
    """Each point's backlog and daily cap; the points' backlogs add up to their commune's."""
    out: list[str] = []
    if not inp.points:
        return out
    for point, total in by_point.items():
        backlog = inp.points.get(point, {}).get("collectable_backlog", "0")
        if total > int(backlog):
            out.append(f"{point}: {total} planned, the point's backlog is {backlog}")
    for (point, date), total in by_point_day.items():
        cap = inp.points.get(point, {}).get("daily_cap", "")
        if cap and total > int(cap):
            out.append(f"{point} {date}: {total} planned, the point's daily cap is {cap}")
    sums: dict[str, int] = {}
    for row in inp.points.values():
        sums[row["commune_code"]] = sums.get(row["commune_code"], 0) + int(
            row["collectable_backlog"]
        )
    for code, commune in inp.communes.items():
        if sums.get(code, 0) != int(commune["collectable_backlog"]):
            out.append(f"{code}: its points' backlogs add up to {sums.get(code, 0)}")
    return out


def check_pinned(rows: list[Row], opts: Options) -> list[str]:
    """Every pinned visit is in the plan unchanged, and pinned team-days hold nothing else."""
    out = []
    plan_days = _group([r for r in rows if r.code != "BASE"])
    pinned_days = _group([r for r in opts.pinned_rows if r.code != "BASE"])
    for key, pinned in pinned_days.items():
        got = [(r.code, r.place, r.apps) for r in plan_days.get(key, [])]
        want = [(r.code, r.place, r.apps) for r in pinned]
        if got != want:
            out.append(f"pinned team-day {key} changed: {want} became {got}")
    return out


def check_overnight(
    days: dict[tuple[str, str], list[Row]], inp: Inputs, opts: Options
) -> tuple[list[str], dict[tuple[str, str], str]]:
    """Team-days without a BASE row: allowed? far enough? followed by the next calendar date?"""
    out: list[str] = []
    starts: dict[tuple[str, str], str] = {}
    for (team_id, date), rows in days.items():
        if rows[-1].code == "BASE":
            continue
        if not opts.allow_overnight:
            out.append(f"{team_id} {date}: does not return to base")
            continue
        last = rows[-1].place
        one_way = inp.travel.get((f"BASE_{team_id}", last), 0)
        if opts.overnight_min_one_way_min is not None and one_way < opts.overnight_min_one_way_min:
            out.append(f"{team_id} {date}: overnight at {last}, only {one_way} min from base")
        nxt = (dt.date.fromisoformat(date) + dt.timedelta(days=1)).isoformat()
        if (team_id, nxt) not in days:
            out.append(f"{team_id} {date}: overnight at {last} but no team-day on {nxt}")
        starts[(team_id, nxt)] = last
    return out, starts


def check_plan(inputs_dir: Path, plan_csv: Path, opts: Options | None = None) -> list[str]:
    """Every violation of the plan against the exported inputs (empty list = valid plan)."""
    opts = opts or Options()
    inp = read_inputs(inputs_dir)
    rows, problems = read_plan_rows(plan_csv)
    days = _group(rows)
    overnight, starts = check_overnight(days, inp, opts)
    problems.extend(overnight)
    for key, day_rows in days.items():
        problems.extend(check_team_day(key, day_rows, inp, starts.get(key)))
    problems.extend(check_totals(rows, inp, opts))
    problems.extend(check_pinned(rows, opts))
    return problems


def read_pinned(plan_csv: Path) -> list[Row]:
    """Rows of a pinned plan.csv, for :class:`Options`."""
    rows, problems = read_plan_rows(plan_csv)
    if problems:
        raise ValueError("; ".join(problems))
    return rows
