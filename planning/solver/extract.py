"""Turn a solver assignment (route + applications per team-day) into a domain :class:`Plan`.

Times are minutes after midnight, from the team's ``start_time``. Departures are the ceiling of the
exact cumulative time (travel + setup + applications × 60 / rate), and each arrival is the previous
departure plus the leg's minutes, so ``next arrive = previous depart + travel`` holds exactly, the
day never ends after ``start + shift_min`` and each stop's duration is within one minute of
setup + service time.
"""

from __future__ import annotations

import datetime as dt
import itertools
import math
from collections.abc import Sequence
from fractions import Fraction

from planning.domain import Plan, Stop, TeamDay, Visit
from planning.solver.assignment import Assignment
from planning.solver.instance import Instance, TeamData
from planning.solver.routes import Route


def start_minute(team: TeamData) -> int:
    """The team's start time in minutes after midnight."""
    return team.team.start_min


def build_stops(
    team: TeamData,
    order: tuple[str, ...],
    legs_min: tuple[int, ...],
    apps: dict[str, int],
    inst: Instance | None = None,
) -> tuple[Stop, ...]:
    """Ordered stops of a team-day; a BASE row is added when ``legs_min`` has a return leg.

    ``order`` holds nodes (intake points); with ``inst`` each stop names its commune and waits
    for its point to open (the wait is part of the stop: it departs when setup and service are
    done after the opening time)."""
    per_app = Fraction(60) / Fraction(team.team.apps_per_hour)
    exact = Fraction(start_minute(team))
    depart = start_minute(team)
    stops = []
    for i, code in enumerate(order):
        arrive = depart + legs_min[i]
        exact += legs_min[i]
        opens = inst.hours.get(code, (None, None))[0] if inst is not None else None
        if opens is not None and exact < opens:
            exact = Fraction(opens)
        exact += team.team.setup_min + apps[code] * per_app
        depart = max(arrive, math.ceil(exact))
        commune = inst.commune_of(code) if inst is not None else code
        stops.append(Stop(commune, arrive, depart, apps[code], legs_min[i], point_id=code))
    if len(legs_min) > len(order):
        home = depart + legs_min[-1]
        stops.append(Stop(Stop.BASE, home, home, 0, legs_min[-1]))
    return tuple(stops)


def route_team_day(
    team: TeamData, day: dt.date, route: Route, apps: dict[str, int], inst: Instance | None = None
) -> TeamDay:
    """The team-day of a chosen candidate route."""
    stops = build_stops(team, route.communes, route.legs_min, apps, inst)
    overnight = route.last if route.ends_away else ""
    return TeamDay(team.team_id, day, stops, overnight_at=overnight)


def pinned_team_day(
    inst: Instance, team: TeamData, day: dt.date, visits: Sequence[Visit]
) -> TeamDay:
    """A pinned team-day: its visits in the given order, from the base and back."""
    order = tuple(v.point for v in visits)
    points = [team.label, *order, team.label]
    legs = tuple(inst.travel(a, b) for a, b in itertools.pairwise(points))
    apps: dict[str, int] = {}
    for v in visits:
        apps[v.point] = apps.get(v.point, 0) + v.applications
    return TeamDay(team.team_id, day, build_stops(team, order, legs, apps, inst), pinned=True)


def to_plan(inst: Instance, routes: dict[str, list[Route]], assignment: Assignment) -> Plan:
    """The plan of an assignment, pinned team-days included, in date then team order."""
    days: list[tuple[dt.date, int, TeamDay]] = []
    for (t, day), (r, apps) in assignment.items():
        team = inst.teams[t]
        days.append((day, t, route_team_day(team, day, routes[team.team_id][r], apps, inst)))
    index = {team.team_id: team for team in inst.teams}
    for (team_id, day), visits in inst.pinned_days.items():
        team = index[team_id]
        days.append((day, team.index, pinned_team_day(inst, team, day, visits)))
    days.sort(key=lambda item: (item[0], item[1]))
    return Plan(tuple(td for _, _, td in days))
