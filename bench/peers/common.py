"""What the peer planners share: the exported inputs, the rules, a ledger, plan.csv rows.

The peers are deliberately independent of ``planning`` (csv and datetime only, like the checker in
``tests/plan_checker.py``): they read the four CSVs of ``python -m planning export-inputs`` and
write a plan.csv in the solve format. The rules the CSVs do not carry (minimum applications per
stop, teams per commune-day, stops per day) come as command-line options; the bench passes the
scenario's values. Teams start at :data:`START_MIN` (07:00): only relative times matter.

A stop takes at least ``min(min_apps_per_stop, the commune's whole backlog)`` applications, as
in the product (``planning/solver/instance.py``); a remainder below that is left uncollected.

**Intake points.** Where the inputs have ``points.csv`` (communes that list their intake points),
the peers' nodes are the points, read from it: each with its own backlog, daily cap, earliest
date, blackout dates and open dates, the travel matrix labelled by point ids; a team counts once
at a commune (teams per commune-day) whichever of its points it serves, and plan.csv gets the
``point_id,point_name`` columns. A point with opening hours (``point_hours.csv``) is left out by
the peers (they do not time stops within hours).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import io
import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

PLAN_HEADER = (
    "team_id",
    "date",
    "stop",
    "commune_code",
    "commune_name",
    "arrive",
    "depart",
    "applications",
    "travel_min",
)
START_MIN = 7 * 60
#: Float slack for "fits in the shift" tests (the checker allows 1e-6).
EPS = 1e-9


@dataclass(frozen=True)
class CommuneIn:
    """One row of communes.csv."""

    code: str
    name: str
    lat: float
    lon: float
    backlog: int
    cap: int | None
    earliest: dt.date
    blackout: frozenset[dt.date]
    #: With intake points: the point's commune (code, name) and the dates it opens (None: all).
    commune: str = ""
    commune_name: str = ""
    open_dates: frozenset[dt.date] | None = None

    @property
    def group(self) -> str:
        """The commune this node belongs to (itself without intake points)."""
        return self.commune or self.code

    def open_on(self, day: dt.date) -> bool:
        """May the node be served on ``day``?"""
        if day < self.earliest or day in self.blackout:
            return False
        return self.open_dates is None or day in self.open_dates


@dataclass(frozen=True)
class TeamIn:
    """One row of teams.csv."""

    team_id: str
    apps_per_hour: float
    setup_min: int
    shift_min: int
    lat: float = 0.0
    lon: float = 0.0

    @property
    def base(self) -> str:
        """Travel-matrix label of the team's base."""
        return f"BASE_{self.team_id}"

    def service_min(self, apps: int) -> float:
        """Minutes one stop of ``apps`` applications takes (setup included)."""
        return self.setup_min + apps * 60.0 / self.apps_per_hour

    def apps_in(self, minutes: float) -> int:
        """Applications that fit in ``minutes`` of pure service (no setup)."""
        return max(0, math.floor(minutes * self.apps_per_hour / 60.0 + EPS))


@dataclass(frozen=True)
class Inputs:
    """The exported inputs: communes and teams in file order, working dates, travel minutes."""

    communes: dict[str, CommuneIn]
    teams: dict[str, TeamIn]
    working: dict[dt.date, list[str]]
    travel: dict[str, dict[str, int]]
    #: True when the nodes are intake points (``points.csv``).
    points: bool = False

    def minutes(self, origin: str, destination: str) -> int:
        """Driving minutes between two labels (commune codes or BASE_<team>)."""
        return self.travel[origin][destination]


@dataclass(frozen=True)
class PeerRules:
    """Rules of the scenario that the exported CSVs do not carry."""

    min_apps_per_stop: int = 20
    max_teams_per_commune_day: int | None = None
    max_stops_per_day: int = 3

    def min_stop(self, commune: CommuneIn) -> int:
        """Fewest applications one stop may take at ``commune``."""
        return max(1, min(self.min_apps_per_stop, commune.backlog))


def _rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _dates(text: str) -> frozenset[dt.date]:
    return frozenset(dt.date.fromisoformat(d) for d in text.split(";") if d)


def read_points(folder: Path) -> dict[str, CommuneIn]:
    """The intake points of points.csv as the nodes (those with opening hours left out)."""
    names = {r["code"]: r["name"] for r in _rows(folder / "communes.csv")}
    hours = folder / "point_hours.csv"
    timed = {r["point_id"] for r in _rows(hours)} if hours.exists() else set()
    return {
        r["point_id"]: CommuneIn(
            code=r["point_id"],
            name=r["name"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            backlog=int(r["collectable_backlog"]),
            cap=int(r["daily_cap"]) if r["daily_cap"] else None,
            earliest=dt.date.fromisoformat(r["earliest_date"]),
            blackout=_dates(r["blackout_dates"]),
            commune=r["commune_code"],
            commune_name=names.get(r["commune_code"], ""),
            open_dates=_dates(r["open_dates"]) if r["open_dates"] else None,
        )
        for r in _rows(folder / "points.csv")
        if r["point_id"] not in timed
    }


def read_inputs(folder: Path) -> Inputs:
    """Parse communes.csv (or points.csv), teams.csv, calendar.csv and travel_min.csv."""
    communes = {
        r["code"]: CommuneIn(
            code=r["code"],
            name=r["name"],
            lat=float(r["lat"]),
            lon=float(r["lon"]),
            backlog=int(r["collectable_backlog"]),
            cap=int(r["daily_cap"]) if r["daily_cap"] else None,
            earliest=dt.date.fromisoformat(r["earliest_date"]),
            blackout=frozenset(
                dt.date.fromisoformat(d) for d in r["blackout_dates"].split(";") if d
            ),
        )
        for r in _rows(folder / "communes.csv")
    }
    teams = {
        r["team_id"]: TeamIn(
            r["team_id"],
            float(r["apps_per_hour"]),
            int(r["setup_min"]),
            int(r["shift_min"]),
            float(r["base_lat"]),
            float(r["base_lon"]),
        )
        for r in _rows(folder / "teams.csv")
    }
    working: dict[dt.date, list[str]] = {}
    for r in _rows(folder / "calendar.csv"):
        working.setdefault(dt.date.fromisoformat(r["date"]), []).append(r["team_id"])
    order = list(teams)
    working = {d: sorted(ids, key=order.index) for d, ids in sorted(working.items())}
    with (folder / "travel_min.csv").open(encoding="utf-8", newline="") as handle:
        table = list(csv.reader(handle))
    labels = table[0][1:]
    travel = {
        row[0]: {lab: int(float(v)) for lab, v in zip(labels, row[1:], strict=True)}
        for row in table[1:]
    }
    if (folder / "points.csv").exists():
        return Inputs(read_points(folder), teams, working, travel, points=True)
    return Inputs(communes, teams, working, travel)


def no_crumbs(take: int, remaining: int, minimum: int, stop: int = 0) -> int:
    """``take`` from ``remaining``, less if that would leave 1..``minimum``-1 behind.

    Only when the stop (``stop`` + what is taken) stays at least ``minimum`` itself.
    """
    short = minimum - (remaining - take)
    if remaining > take and short > 0 and stop + take - short >= minimum:
        take -= short
    return max(0, take)


@dataclass
class Ledger:
    """What is still to collect, and who took what where on which date."""

    inputs: Inputs
    rules: PeerRules
    remaining: dict[str, int] = field(default_factory=dict)
    taken: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    teams_at: dict[tuple[str, dt.date], set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.remaining = {c.code: c.backlog for c in self.inputs.communes.values()}

    def room(self, code: str, day: dt.date, team_id: str = "") -> int:
        """Most applications one more stop at ``code`` on ``day`` may take (0 = closed)."""
        commune = self.inputs.communes[code]
        if not commune.open_on(day):
            return 0
        teams = self.teams_at.get((commune.group, day), set())
        limit = self.rules.max_teams_per_commune_day
        if limit is not None and team_id not in teams and len(teams) >= limit:
            return 0
        room = self.remaining[code]
        if commune.cap is not None:
            room = min(room, commune.cap - self.taken.get((code, day), 0))
        return max(0, room)

    def portion(self, code: str, day: dt.date, team_id: str, most: int, stop: int = 0) -> int:
        """Up to ``most`` more applications at ``code`` for a stop that already has ``stop``.

        A remainder below the minimum stop could never be collected: take a little less, so that
        a later stop can take it, when the stop stays large enough itself.
        """
        minimum = self.rules.min_stop(self.inputs.communes[code])
        take = min(self.room(code, day, team_id), most)
        return no_crumbs(take, self.remaining[code], minimum, stop)

    def allowed(self, code: str, apps: int) -> bool:
        """Is a stop of ``apps`` applications at ``code`` large enough?"""
        return apps >= self.rules.min_stop(self.inputs.communes[code])

    def take(self, team_id: str, code: str, day: dt.date, apps: int) -> None:
        """Book ``apps`` applications at ``code`` on ``day`` for ``team_id``."""
        self.remaining[code] -= apps
        self.taken[(code, day)] = self.taken.get((code, day), 0) + apps
        group = self.inputs.communes[code].group
        self.teams_at.setdefault((group, day), set()).add(team_id)

    @property
    def collected(self) -> int:
        """Applications booked so far."""
        return sum(self.inputs.communes[c].backlog - r for c, r in self.remaining.items())


def day_minutes(inputs: Inputs, team: TeamIn, stops: Sequence[tuple[str, int]]) -> float:
    """Exact minutes of a team-day from base through ``stops`` back to base."""
    here, total = team.base, 0.0
    for code, apps in stops:
        total += inputs.minutes(here, code) + team.service_min(apps)
        here = code
    return total + inputs.minutes(here, team.base)


def merged_stops(visits: Sequence[tuple[str, int]]) -> list[tuple[str, int]]:
    """Consecutive chunks at one commune as one stop."""
    out: list[tuple[str, int]] = []
    for code, apps in visits:
        if out and out[-1][0] == code:
            out[-1] = (code, out[-1][1] + apps)
        else:
            out.append((code, apps))
    return out


def admissible(
    inputs: Inputs, ledger: Ledger, team: TeamIn, day: dt.date, stops: list[tuple[str, int]]
) -> list[tuple[str, int]]:
    """``stops`` cut to the ledger's room and the minimum stop size (nothing booked)."""
    out: list[tuple[str, int]] = []
    for code, apps in stops:
        already = sum(a for c, a in out if c == code)
        take = min(apps, ledger.room(code, day, team.team_id) - already)
        minimum = ledger.rules.min_stop(inputs.communes[code])
        take = no_crumbs(take, ledger.remaining[code] - already, minimum)
        if ledger.allowed(code, take):
            out.append((code, take))
    return out


def book_route(
    inputs: Inputs, ledger: Ledger, team: TeamIn, day: dt.date, visits: Sequence[tuple[str, int]]
) -> list[tuple[str, int]]:
    """Check, repair, book and top up one route; returns the stops booked."""
    stops = admissible(inputs, ledger, team, day, merged_stops(visits))
    limit = ledger.rules.max_stops_per_day
    while stops and (
        len(stops) > limit or day_minutes(inputs, team, stops) > team.shift_min + 1e-6
    ):
        smallest = min(range(len(stops)), key=lambda i: stops[i][1])
        kept = stops[:smallest] + stops[smallest + 1 :]
        stops = admissible(inputs, ledger, team, day, merged_stops(kept))
    for code, apps in stops:
        ledger.take(team.team_id, code, day, apps)
    slack = team.shift_min - day_minutes(inputs, team, stops)
    for i, (code, apps) in enumerate(stops):
        extra = ledger.portion(code, day, team.team_id, team.apps_in(slack), apps)
        if extra > 0:
            ledger.take(team.team_id, code, day, extra)
            stops[i] = (code, apps + extra)
            slack -= extra * 60.0 / team.apps_per_hour
    return stops


def _hhmm(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def day_rows(
    inputs: Inputs, team: TeamIn, day: dt.date, stops: Sequence[tuple[str, int]]
) -> list[list[object]]:
    """plan.csv rows of one team-day: the stops in order, then the BASE row."""
    rows: list[list[object]] = []
    here, clock = team.base, START_MIN
    for i, (code, apps) in enumerate(stops, start=1):
        drive = inputs.minutes(here, code)
        arrive = clock + drive
        clock = arrive + math.ceil(team.service_min(apps) - EPS)
        node = inputs.communes[code]
        commune, name = (node.commune, node.commune_name) if inputs.points else (code, node.name)
        rows.append([team.team_id, day.isoformat(), i, commune, name, _hhmm(arrive), _hhmm(clock)])
        rows[-1] += [apps, drive] + ([code, node.name] if inputs.points else [])
        here = code
    drive = inputs.minutes(here, team.base)
    home = _hhmm(clock + drive)
    rows.append([team.team_id, day.isoformat(), len(stops) + 1, "BASE", "Về trụ sở", home, home])
    rows[-1] += [0, drive] + (["", ""] if inputs.points else [])
    return rows


Plan = dict[tuple[dt.date, str], list[tuple[str, int]]]


def write_plan(inputs: Inputs, plan: Plan, path: Path) -> None:
    """Write plan.csv (date, then team order); team-days without a stop are left out."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(PLAN_HEADER + (("point_id", "point_name") if inputs.points else ()))
    order = list(inputs.teams)
    for day, team_id in sorted(plan, key=lambda key: (key[0], order.index(key[1]))):
        if stops := plan[(day, team_id)]:
            writer.writerows(day_rows(inputs, inputs.teams[team_id], day, stops))
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(buffer.getvalue(), encoding="utf-8")


def peer_main(
    description: str,
    planner: Callable[[Inputs, PeerRules, float], tuple[Plan, str]],
    argv: Sequence[str] | None = None,
) -> int:
    """Command line shared by the peers: read inputs, plan, write plan.csv, print a JSON line."""
    parser = argparse.ArgumentParser(description=description)
    parser.add_argument("inputs", type=Path, help="folder written by planning export-inputs")
    parser.add_argument("--out", type=Path, required=True, help="plan.csv to write")
    parser.add_argument("--time-limit", type=float, default=10.0, help="seconds in all")
    parser.add_argument("--min-apps-per-stop", type=int, default=20)
    parser.add_argument("--max-teams-per-commune-day", type=int, default=None)
    parser.add_argument("--max-stops-per-day", type=int, default=3)
    args = parser.parse_args(argv)
    t0 = time.monotonic()
    inputs = read_inputs(args.inputs)
    rules = PeerRules(
        args.min_apps_per_stop, args.max_teams_per_commune_day, args.max_stops_per_day
    )
    plan, status = planner(inputs, rules, t0 + args.time_limit)
    write_plan(inputs, plan, args.out)
    collected = sum(a for stops in plan.values() for _, a in stops)
    summary = {"collected": collected, "seconds": round(time.monotonic() - t0, 2)}
    print(json.dumps(summary | {"status": status}))
    return 0
