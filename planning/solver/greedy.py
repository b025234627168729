"""Greedy constructions of an :data:`~planning.solver.assignment.Assignment`, without search.

- :func:`greedy_assignment`, the bench baseline: each working team-day serves the nearest commune
  with backlog left (one commune per day, nearest round trip from the team's base first, as many
  applications as the shift, the venue cap and the backlog allow);
- :func:`fill_greedy_assignment`: each team-day takes the day route that collects most — the first
  hint of the CP-SAT model and the fallback plan if the solver finds nothing in time;
- :func:`chain_greedy_assignment`: the same with overnight chains (out, stay…, back).

Which team-days, communes and routes may be used comes from the
:class:`~planning.solver.instance.Instance` predicates, as in the model.
"""

from __future__ import annotations

import datetime as dt

from planning.solver.assignment import Assignment
from planning.solver.instance import Instance, TeamDayKey
from planning.solver.routes import Route, RouteKind


def greedy_assignment(inst: Instance, routes: dict[str, list[Route]]) -> Assignment:
    """Nearest-commune-first, one commune per team-day, day by day."""
    left = dict(inst.backlog)
    used_cap: dict[tuple[str, dt.date], int] = {}
    teams_at: dict[tuple[str, dt.date], int] = dict(inst.pinned_teams)
    limit = inst.scenario.rules.max_teams_per_commune_day
    result: Assignment = {}
    for t, day in sorted(inst.free_team_days(), key=lambda k: (k[1], k[0])):
        team = inst.teams[t]
        singles = [
            (route.travel_min, r, route)
            for r, route in enumerate(routes[team.team_id])
            if route.kind == RouteKind.DAY and len(route.communes) == 1
        ]
        for _, r, route in sorted(singles, key=lambda s: (s[0], s[1])):
            code = route.communes[0]
            if left.get(code, 0) <= 0 or not inst.commune_open(code, day):
                continue
            if limit is not None and teams_at.get((code, day), 0) >= limit:
                continue
            cap = inst.residual_cap(code, day)
            room = (
                left[code] if cap is None else min(left[code], cap - used_cap.get((code, day), 0))
            )
            apps = viable_take(inst, code, left[code], min(room, team.max_apps(route.service_min)))
            if apps <= 0:
                continue
            result[(t, day)] = (r, {code: apps})
            left[code] -= apps
            used_cap[(code, day)] = used_cap.get((code, day), 0) + apps
            teams_at[(code, day)] = teams_at.get((code, day), 0) + 1
            break
    return result


def viable_take(inst: Instance, code: str, left: int, wanted: int) -> int:
    """Applications to take at a stop: at least the minimum per stop, and never leaving a
    remainder too small for a later stop (0 = no viable stop)."""
    least = inst.min_stop(code)
    take = wanted
    if 0 < left - take < least:
        take = left - least
    return take if take >= least else 0


class _Ledger:
    """Backlog, venue cap and teams-per-day left while a greedy plan is built."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.left = dict(inst.backlog)
        self.used_cap: dict[tuple[str, dt.date], int] = {}
        self.teams_at: dict[tuple[str, dt.date], int] = dict(inst.pinned_teams)
        self.limit = inst.scenario.rules.max_teams_per_commune_day

    def room(self, code: str, day: dt.date) -> int:
        """Applications still possible at ``code`` on ``day``."""
        if self.left.get(code, 0) <= 0 or not self.inst.commune_open(code, day):
            return 0
        if self.limit is not None and self.teams_at.get((code, day), 0) >= self.limit:
            return 0
        cap = self.inst.residual_cap(code, day)
        if cap is None:
            return self.left[code]
        return min(self.left[code], cap - self.used_cap.get((code, day), 0))

    def fill(self, route: Route, day: dt.date, capacity: int) -> dict[str, int] | None:
        """Applications per stop when filling ``route`` greedily (None if a stop would be too
        small: see :func:`viable_take`)."""
        apps: dict[str, int] = {}
        for i, code in enumerate(route.communes):
            reserve = sum(self.inst.min_stop(c) for c in route.communes[i + 1 :])
            wanted = min(self.room(code, day), capacity - reserve)
            take = viable_take(self.inst, code, self.left.get(code, 0), wanted)
            if take <= 0:
                return None
            apps[code] = take
            capacity -= take
        return apps

    def book(self, day: dt.date, apps: dict[str, int]) -> None:
        """Record a chosen team-day."""
        for code, n in apps.items():
            self.left[code] -= n
            self.used_cap[(code, day)] = self.used_cap.get((code, day), 0) + n
            self.teams_at[(code, day)] = self.teams_at.get((code, day), 0) + 1


def fill_greedy_assignment(inst: Instance, routes: dict[str, list[Route]]) -> Assignment:
    """Day by day, each team takes the day route that collects most (ties: least driving).

    Used as the first hint of the CP-SAT model: it finishes early and often uses multi-stop days.
    Overnight routes are not used (a day route is always a valid choice).
    """
    ledger = _Ledger(inst)
    result: Assignment = {}
    for t, day in sorted(inst.free_team_days(), key=lambda k: (k[1], k[0])):
        team = inst.teams[t]
        best: tuple[int, int, int, dict[str, int]] | None = None
        for r, route in enumerate(routes[team.team_id]):
            if route.kind != RouteKind.DAY:
                continue
            apps = ledger.fill(route, day, team.max_apps(route.service_min))
            if apps is None:
                continue
            score = (sum(apps.values()), -route.travel_min)
            if best is None or score > (best[0], best[1]):
                best = (score[0], score[1], r, apps)
        if best is not None:
            result[(t, day)] = (best[2], best[3])
            ledger.book(day, best[3])
    return result


def chain_greedy_assignment(inst: Instance, routes: dict[str, list[Route]]) -> Assignment:
    """Like :func:`fill_greedy_assignment`, with overnight chains (out, stay…, back).

    Used as the first hint only (the plain greedy stays the fallback plan): a team away at F
    stays while F has backlog left and the next day allows it, else drives back; an *out* route
    is scored by the average a day of its whole chain would collect, so a far commune with a large
    backlog wins once the near ones run low.
    """
    ledger = _Ledger(inst)
    free = set(inst.free_team_days())
    result: Assignment = {}
    away: dict[int, str] = {}
    reserved: set[tuple[str, dt.date]] = set()
    for t, day in sorted(free, key=lambda k: (k[1], k[0])):
        team = inst.teams[t]
        options = list(enumerate(routes[team.team_id]))
        if t in away:
            here = away.pop(t)
            if (here, day) in reserved:
                reserved.discard((here, day))
                ledger.teams_at[(here, day)] -= 1
            chosen = _away_day(inst, ledger, t, day, here, options, free)
        else:
            chosen = _home_day(inst, ledger, t, day, options, free)
        if chosen is None:
            continue
        r, apps = chosen
        route = routes[team.team_id][r]
        result[(t, day)] = (r, apps)
        ledger.book(day, apps)
        if route.ends_away:
            nxt = day + dt.timedelta(days=1)
            away[t] = route.last
            reserved.add((route.last, nxt))
            ledger.teams_at[(route.last, nxt)] = ledger.teams_at.get((route.last, nxt), 0) + 1
    return result


def _away_day(
    inst: Instance,
    ledger: _Ledger,
    t: int,
    day: dt.date,
    here: str,
    options: list[tuple[int, Route]],
    free: set[TeamDayKey],
) -> tuple[int, dict[str, int]] | None:
    """Stay at ``here`` while it has backlog for another day, else drive back."""
    team = inst.teams[t]
    for kind in (RouteKind.STAY, RouteKind.BACK):
        for r, route in options:
            if (
                route.kind != kind
                or route.last != here
                or not inst.route_allowed(team, day, route, free)
            ):
                continue
            apps = ledger.fill(route, day, team.max_apps(route.service_min))
            if apps is None:
                continue
            if kind == RouteKind.STAY and ledger.left[here] - apps[here] <= 0:
                continue
            return r, apps
    return None


def _home_day(
    inst: Instance,
    ledger: _Ledger,
    t: int,
    day: dt.date,
    options: list[tuple[int, Route]],
    free: set[TeamDayKey],
) -> tuple[int, dict[str, int]] | None:
    """The day or *out* route with the best (chain-average) score."""
    team = inst.teams[t]
    stay_apps = {
        route.last: team.max_apps(route.service_min)
        for _, route in options
        if route.kind == RouteKind.STAY
    }
    best: tuple[float, int, int, dict[str, int]] | None = None
    for r, route in options:
        if route.kind not in (RouteKind.DAY, RouteKind.OUT) or not inst.route_allowed(
            team, day, route, free
        ):
            continue
        apps = ledger.fill(route, day, team.max_apps(route.service_min))
        if apps is None:
            continue
        score = float(sum(apps.values()))
        if route.kind == RouteKind.OUT:
            far = route.last
            rest = ledger.left[far] - apps[far]
            per_day = min(stay_apps.get(far, 0), inst.residual_cap(far, day) or rest)
            if rest <= 0 or per_day <= 0:
                continue
            days = 1 + max(1, -(-rest // per_day))
            score = (score + rest) / days
        if best is None or (score, -route.travel_min) > (best[0], best[1]):
            best = (score, -route.travel_min, r, apps)
    return None if best is None else (best[2], best[3])
