"""Cheapest insertion: the constructive plan a practitioner writes, as a start for the search.

Day by day, team by team, a team-day's route starts empty (base → base) and repeatedly takes the
insertion — a commune and a position in the route — that adds the most **applications per
minute of shift it uses**: the driving it adds plus the stop's setup and service. Only communes
open that day with room left (:class:`~planning.solver.greedy.Ledger`: backlog, venue cap,
teams per commune-day, minimum per stop without leaving a remainder too small for a later stop)
and at most ``max_stops_per_day`` stops; the applications fit the shift at the team's exact rate.
When nothing more fits, each stop is topped up with the shift time still spare. Day trips only:
every route is a *day* route (the chain greedy of :mod:`planning.solver.greedy` plans overnight
stays).

Unlike the candidate routes of :mod:`planning.solver.routes` (pairs and triples of near
neighbours, one order each), an insertion route may combine any communes in any order; each new
route is appended to its team's route list (:class:`~planning.solver.routes.RouteIndex`), so the
search can keep it.

The same construction completes a partial plan (``start``): its team-days are kept and the free
ones filled — how the fewest-teams search warm-starts a team count from its neighbour's plan.
A commune the partial plan leaves with fewer applications than a stop may take (13 left where a
stop takes at least 20) could never be finished by a new stop: its largest stops give back what
lets one more stop take the minimum (:func:`unstranded`), so that an added team can finish it.
Everything is read through the :class:`~planning.solver.instance.Instance` node arrays and
predicates, so that nodes other than communes (several intake points per commune) need no change
here.
"""

from __future__ import annotations

import datetime as dt
import itertools
import time

from planning.solver.assignment import Assignment
from planning.solver.greedy import Ledger, viable_take
from planning.solver.instance import Instance, TeamData
from planning.solver.routes import Route, RouteIndex, make_route

#: A route being built: (commune, applications) in the order driven.
Stops = list[tuple[str, int]]


def insertion_assignment(
    inst: Instance,
    routes: dict[str, list[Route]],
    until: float | None = None,
    start: Assignment | None = None,
) -> Assignment:
    """The cheapest-insertion plan (module docstring), completing ``start`` when given.

    New routes are appended to ``routes``. With ``until`` (a ``time.monotonic()`` instant) the
    construction stops there and returns the team-days planned so far (a valid plan: every
    route is a day trip).
    """
    ledger = Ledger(inst)
    index = RouteIndex(routes)
    result: Assignment = {}
    for key, (r, apps) in unstranded(inst, start or {}).items():
        result[key] = (r, dict(apps))
        ledger.book(key[1], apps)
    for t, day in sorted(inst.free_team_days(), key=lambda k: (k[1], k[0])):
        if (t, day) in result:
            continue
        if until is not None and time.monotonic() > until:
            break
        team = inst.teams[t]
        stops = plan_team_day(inst, ledger, team, day)
        if not stops:
            continue
        route = make_route(inst, team, tuple(code for code, _ in stops))
        fitted = within_hours(inst, team, route, dict(stops))
        if fitted is None:
            continue
        result[(t, day)] = (index.index(team.team_id, route), fitted)
        ledger.book(day, fitted)
    return result


def within_hours(
    inst: Instance, team: TeamData, route: Route, apps: dict[str, int]
) -> dict[str, int] | None:
    """``apps`` cut so the route's stops fit their points' opening hours (later stops first,
    never below the fewest per stop); None when they cannot."""
    if not route.windows:
        return apps
    apps = dict(apps)
    for stops, most in route.window_limits(team):
        over = sum(apps[route.communes[i]] for i in stops) - most
        for i in reversed(stops):
            code = route.communes[i]
            cut = max(0, min(over, apps[code] - inst.min_stop(code)))
            apps[code] -= cut
            over -= cut
        if over > 0:
            return None
    return apps


def unstranded(inst: Instance, assignment: Assignment) -> Assignment:
    """The assignment with no commune left with 1..(minimum per stop − 1) applications where
    its stops can give some back: the largest stops there take less (never below the minimum
    per stop), so that one more stop can take the minimum. Communes where that is not possible
    are left as they are."""
    taken: dict[str, int] = {}
    for _, apps in assignment.values():
        for code, n in apps.items():
            taken[code] = taken.get(code, 0) + n
    result = {key: (r, dict(apps)) for key, (r, apps) in assignment.items()}
    for code, n in taken.items():
        least = inst.min_stop(code)
        need = least - (inst.backlog[code] - n)
        if not 0 < need < least:
            continue
        stops = sorted(
            ((apps[code], key) for key, (_, apps) in result.items() if code in apps), reverse=True
        )
        if sum(max(0, apps - least) for apps, _ in stops) < need:
            continue
        for _, key in stops:
            apps = result[key][1]
            back = min(need, apps[code] - least)
            if back > 0:
                apps[code] -= back
                need -= back
    return result


def plan_team_day(inst: Instance, ledger: Ledger, team: TeamData, day: dt.date) -> Stops:
    """One team-day by cheapest insertion, then topped up (nothing is booked)."""
    stops: Stops = []
    while (found := best_insertion(inst, ledger, team, day, stops)) is not None:
        pos, code, apps = found
        stops.insert(pos, (code, apps))
    return topped_up(inst, ledger, team, day, stops)


def _points(team: TeamData, stops: Stops) -> list[str]:
    return [team.label, *(code for code, _ in stops), team.label]


def _drive(inst: Instance, points: list[str]) -> int:
    return sum(inst.travel(a, b) for a, b in itertools.pairwise(points))


def best_insertion(
    inst: Instance, ledger: Ledger, team: TeamData, day: dt.date, stops: Stops
) -> tuple[int, str, int] | None:
    """(position, commune, applications) of the insertion with the most applications per minute
    of shift it uses, or None when nothing more fits."""
    if len(stops) >= inst.scenario.rules.max_stops_per_day:
        return None
    points = _points(team, stops)
    drive = _drive(inst, points)
    taken = sum(n for _, n in stops)
    setup = team.team.setup_min
    per_app = 60 / team.team.apps_per_hour
    shift_left = team.team.shift_min - drive - setup * (len(stops) + 1)
    on_route = {code for code, _ in stops}
    travel = inst.travel
    best: tuple[float, int, str, int] | None = None
    for code in inst.communes:
        if code in on_route:
            continue
        room = ledger.room(code, day)
        if room < inst.min_stop(code):
            continue
        for pos in range(len(points) - 1):
            before, after = points[pos], points[pos + 1]
            added = travel(before, code) + travel(code, after) - travel(before, after)
            most = team.max_apps(shift_left - added) - taken
            if most <= 0:
                continue
            apps = viable_take(inst, code, ledger.left[code], min(room, most))
            if apps <= 0:
                continue
            score = apps / (added + setup + apps * per_app)
            if best is None or score > best[0]:
                best = (score, pos, code, apps)
    return None if best is None else best[1:]


def topped_up(inst: Instance, ledger: Ledger, team: TeamData, day: dt.date, stops: Stops) -> Stops:
    """Each stop takes more while the shift has time to spare (never leaving a remainder below
    the minimum per stop at its commune)."""
    if not stops:
        return stops
    service = team.team.shift_min - _drive(inst, _points(team, stops))
    service -= team.team.setup_min * len(stops)
    spare = team.max_apps(service) - sum(n for _, n in stops)
    out: Stops = []
    for code, apps in stops:
        extra = min(spare, ledger.room(code, day) - apps)
        left = ledger.left[code] - apps - extra
        if 0 < left < inst.min_stop(code):
            extra -= inst.min_stop(code) - left
        extra = max(0, extra)
        spare -= extra
        out.append((code, apps + extra))
    return out
