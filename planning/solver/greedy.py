"""A simple greedy baseline: each working team-day serves the nearest commune with backlog left.

One commune per day, nearest round trip from the team's base first, as many applications as the
shift, the venue cap and the backlog allow. Used as the bench baseline, as the first solution hint
of the CP-SAT model and as a fallback plan if the solver finds nothing in time.
"""

from __future__ import annotations

import datetime as dt

from planning.solver.instance import Instance
from planning.solver.routes import Route
from planning.solver.variables import commune_open, free_team_days, route_allowed

#: (team index, date) → (route index, applications per commune).
Assignment = dict[tuple[int, dt.date], tuple[int, dict[str, int]]]


def greedy_assignment(inst: Instance, routes: dict[str, list[Route]]) -> Assignment:
    """Nearest-commune-first, one commune per team-day, day by day."""
    left = dict(inst.backlog)
    used_cap: dict[tuple[str, dt.date], int] = {}
    teams_at: dict[tuple[str, dt.date], int] = dict(inst.pinned_teams)
    limit = inst.scenario.rules.max_teams_per_commune_day
    result: Assignment = {}
    for t, day in sorted(free_team_days(inst), key=lambda k: (k[1], k[0])):
        team = inst.teams[t]
        singles = [
            (route.travel_min, r, route)
            for r, route in enumerate(routes[team.team_id])
            if route.kind == "day" and len(route.communes) == 1
        ]
        for _, r, route in sorted(singles, key=lambda s: (s[0], s[1])):
            code = route.communes[0]
            if left.get(code, 0) <= 0 or not commune_open(inst, code, day):
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
        if self.left.get(code, 0) <= 0 or not commune_open(self.inst, code, day):
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
    for t, day in sorted(free_team_days(inst), key=lambda k: (k[1], k[0])):
        team = inst.teams[t]
        best: tuple[int, int, int, dict[str, int]] | None = None
        for r, route in enumerate(routes[team.team_id]):
            if route.kind != "day":
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


def _allowed(inst: Instance, t: int, day: dt.date, route: Route, free: set) -> bool:
    """``route_allowed`` by team index."""
    return route_allowed(inst, inst.teams[t], day, route, free)


def chain_greedy_assignment(inst: Instance, routes: dict[str, list[Route]]) -> Assignment:
    """Like :func:`fill_greedy_assignment`, with overnight chains (out, stay…, back).

    Used as the first hint only (the plain greedy stays the fallback plan): a team away at F
    stays while F has backlog left and the next day allows it, else drives back; an *out* route
    is scored by the average a day of its whole chain would collect, so a far commune with a large
    backlog wins once the near ones run low.
    """
    ledger = _Ledger(inst)
    free = set(free_team_days(inst))
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
        if route.kind in ("out", "stay"):
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
    free: set,
) -> tuple[int, dict[str, int]] | None:
    """Stay at ``here`` while it has backlog for another day, else drive back."""
    team = inst.teams[t]
    for kind in ("stay", "back"):
        for r, route in options:
            if route.kind != kind or route.last != here or not _allowed(inst, t, day, route, free):
                continue
            apps = ledger.fill(route, day, team.max_apps(route.service_min))
            if apps is None:
                continue
            if kind == "stay" and ledger.left[here] - apps[here] <= 0:
                continue
            return r, apps
    return None


def _home_day(
    inst: Instance,
    ledger: _Ledger,
    t: int,
    day: dt.date,
    options: list[tuple[int, Route]],
    free: set,
) -> tuple[int, dict[str, int]] | None:
    """The day or *out* route with the best (chain-average) score."""
    team = inst.teams[t]
    stay_apps = {
        route.last: team.max_apps(route.service_min) for _, route in options if route.kind == "stay"
    }
    best: tuple[float, int, int, dict[str, int]] | None = None
    for r, route in options:
        if route.kind not in ("day", "out") or not _allowed(inst, t, day, route, free):
            continue
        apps = ledger.fill(route, day, team.max_apps(route.service_min))
        if apps is None:
            continue
        score = float(sum(apps.values()))
        if route.kind == "out":
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


def assignment_problems(
    inst: Instance, routes: dict[str, list[Route]], assignment: Assignment
) -> list[str]:
    """Every rule of the model an assignment breaks (empty = a valid plan of the model).

    Checks what :mod:`planning.solver.constraints` posts: allowed routes, 1..bound applications
    per stop, service time at the exact rate, backlog, venue caps, teams per commune-day and
    the overnight chains (every night away is followed by a day starting there, and back).
    """
    free = set(free_team_days(inst))
    problems: list[str] = []
    by_commune: dict[str, int] = {}
    by_day: dict[tuple[str, dt.date], int] = {}
    teams_at: dict[tuple[str, dt.date], int] = dict(inst.pinned_teams)
    for (t, day), (r, apps) in assignment.items():
        team = inst.teams[t]
        route = routes[team.team_id][r]
        if (t, day) not in free or not _allowed(inst, t, day, route, free):
            problems.append(f"{team.team_id} {day}: route not allowed")
        if set(apps) != set(route.communes) or any(
            n < inst.min_stop(code) for code, n in apps.items()
        ):
            problems.append(f"{team.team_id} {day}: stops below the minimum per stop")
        rate = team.rate
        if 60 * rate.denominator * sum(apps.values()) > rate.numerator * route.service_min:
            problems.append(f"{team.team_id} {day}: service time exceeds the shift")
        for code, n in apps.items():
            by_commune[code] = by_commune.get(code, 0) + n
            by_day[(code, day)] = by_day.get((code, day), 0) + n
            teams_at[(code, day)] = teams_at.get((code, day), 0) + 1
        one = dt.timedelta(days=1)
        if route.kind in ("out", "stay"):
            nxt = assignment.get((t, day + one))
            if (
                nxt is None
                or routes[team.team_id][nxt[0]].kind not in ("back", "stay")
                or (routes[team.team_id][nxt[0]].last != route.last)
            ):
                problems.append(f"{team.team_id} {day}: night away not followed by its day")
        if route.kind in ("back", "stay"):
            prev = assignment.get((t, day - one))
            if (
                prev is None
                or routes[team.team_id][prev[0]].kind not in ("out", "stay")
                or (routes[team.team_id][prev[0]].last != route.last)
            ):
                problems.append(f"{team.team_id} {day}: day starts away without a night there")
    for code, n in by_commune.items():
        if n > inst.backlog.get(code, 0):
            problems.append(f"{code}: backlog exceeded")
    for (code, day), n in by_day.items():
        cap = inst.residual_cap(code, day)
        if cap is not None and n > cap:
            problems.append(f"{code} {day}: venue cap exceeded")
    limit = inst.scenario.rules.max_teams_per_commune_day
    for (code, day), n in teams_at.items():
        if limit is not None and n > limit:
            problems.append(f"{code} {day}: too many teams")
    return problems
