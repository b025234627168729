"""Greedy constructions of an :data:`~planning.solver.assignment.Assignment`, without search.

- :func:`fill_greedy_assignment`: each team-day takes the day route that collects most — the first
  hint of the CP-SAT model and the fallback plan if the solver finds nothing in time;
- :func:`chain_greedy_assignment`: the same with overnight chains (out, stay…, back).

Which team-days, communes and routes may be used comes from the
:class:`~planning.solver.instance.Instance` predicates, as in the model.
"""

from __future__ import annotations

import datetime as dt
import time

from planning.solver.assignment import Assignment
from planning.solver.instance import Instance, TeamData, TeamDayKey
from planning.solver.routes import Route, RouteKind


def viable_take(inst: Instance, code: str, left: int, wanted: int) -> int:
    """Applications to take at a stop: at least the minimum per stop, and never leaving a
    remainder too small for a later stop (0 = no viable stop)."""
    least = inst.min_stop(code)
    take = wanted
    if 0 < left - take < least:
        take = left - least
    return take if take >= least else 0


class Ledger:
    """Backlog, venue cap and teams-per-day left while a greedy plan is built."""

    def __init__(self, inst: Instance) -> None:
        self.inst = inst
        self.left = dict(inst.backlog)
        self.used_cap: dict[tuple[str, dt.date], int] = {}
        self.teams_at: dict[tuple[str, dt.date], int] = dict(inst.pinned_teams)
        self.limit = inst.scenario.rules.max_teams_per_commune_day
        #: Applications held back at a commune on a date for a team that sleeps there the night
        #: before: its next day must be able to serve it, whatever other teams do that day.
        self.held: dict[tuple[str, dt.date], int] = {}

    def room(self, code: str, day: dt.date, here: bool = False) -> int:
        """Applications still possible at node ``code`` on ``day`` (holds excluded); ``here``:
        the team is already at the node's commune that day (another of its points)."""
        if self.left.get(code, 0) <= 0 or not self.inst.commune_open(code, day):
            return 0
        commune = self.inst.commune_of(code)
        if (
            self.limit is not None
            and not here
            and self.teams_at.get((commune, day), 0) >= self.limit
        ):
            return 0
        held = sum(n for (c, _), n in self.held.items() if c == code)
        left = self.left[code] - held
        cap = self.inst.residual_cap(code, day)
        if cap is None:
            return left
        return min(left, cap - self.used_cap.get((code, day), 0) - self.held.get((code, day), 0))

    def hold(self, code: str, day: dt.date) -> None:
        """Keep the least viable stop at ``code`` on ``day`` for the team sleeping there."""
        self.held[(code, day)] = self.held.get((code, day), 0) + self.inst.min_stop(code)

    def release(self, code: str, day: dt.date) -> None:
        """The team the hold was for is now planning its day."""
        left = self.held.get((code, day), 0) - self.inst.min_stop(code)
        if left > 0:
            self.held[(code, day)] = left
        else:
            self.held.pop((code, day), None)

    def fill(
        self, route: Route, day: dt.date, capacity: int, team: TeamData | None = None
    ) -> dict[str, int] | None:
        """Applications per stop when filling ``route`` greedily (None if a stop would be too
        small: see :func:`viable_take`); ``team`` gives the rate for opening hours."""
        apps: dict[str, int] = {}
        windows = route.window_limits(team) if team is not None and route.windows else []
        for i, code in enumerate(route.communes):
            reserve = sum(self.inst.min_stop(c) for c in route.communes[i + 1 :])
            here = self.inst.commune_of(code) in {self.inst.commune_of(c) for c in apps}
            wanted = min(self.room(code, day, here), capacity - reserve)
            for stops, most in windows:
                if i in stops:
                    taken = sum(apps[route.communes[m]] for m in stops if m < i)
                    later = sum(self.inst.min_stop(route.communes[m]) for m in stops if m > i)
                    wanted = min(wanted, most - taken - later)
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
        for commune in {self.inst.commune_of(code) for code in apps}:
            self.teams_at[(commune, day)] = self.teams_at.get((commune, day), 0) + 1

    def unbook(self, day: dt.date, apps: dict[str, int]) -> None:
        """Undo :meth:`book` of the same team-day (teams per day are counted per commune, as
        there: a day at two points of one commune is one team there)."""
        for code, n in apps.items():
            self.left[code] += n
            self.used_cap[(code, day)] -= n
        for commune in {self.inst.commune_of(code) for code in apps}:
            self.teams_at[(commune, day)] -= 1


def _by_capacity(
    inst: Instance, routes: dict[str, list[Route]], kinds: tuple[RouteKind, ...]
) -> dict[str, list[tuple[int, int, Route]]]:
    """Each team's routes of ``kinds`` as (capacity, index, route), most capacity first: a
    route cannot collect more than its capacity, so a scan can stop once it falls below the best
    found (the result is the same as scanning every route)."""
    result = {}
    for team in inst.teams:
        ranked = [
            (team.max_apps(route.service_min), r, route)
            for r, route in enumerate(routes[team.team_id])
            if route.kind in kinds
        ]
        ranked.sort(key=lambda item: (-item[0], item[2].travel_min, item[1]))
        result[team.team_id] = ranked
    return result


def _past(until: float | None) -> bool:
    return until is not None and time.monotonic() > until


def fill_greedy_assignment(
    inst: Instance, routes: dict[str, list[Route]], until: float | None = None
) -> Assignment:
    """Day by day, each team takes the day route that collects most (ties: least driving).

    Used as the first hint of the CP-SAT model: it finishes early and often uses multi-stop days.
    Overnight routes are not used (a day route is always a valid choice). With ``until`` (a
    ``time.monotonic()`` instant) it stops there and returns the team-days planned so far.
    """
    ledger = Ledger(inst)
    ranked = _by_capacity(inst, routes, (RouteKind.DAY,))
    result: Assignment = {}
    for t, day in sorted(inst.free_team_days(), key=lambda k: (k[1], k[0])):
        if _past(until):
            break
        team = inst.teams[t]
        best: tuple[int, int, int, dict[str, int]] | None = None
        for capacity, r, route in ranked[team.team_id]:
            if best is not None and capacity < best[0]:
                break
            apps = ledger.fill(route, day, capacity, team)
            if apps is None:
                continue
            score = (sum(apps.values()), -route.travel_min)
            if best is None or score > (best[0], best[1]):
                best = (score[0], score[1], r, apps)
        if best is not None:
            result[(t, day)] = (best[2], best[3])
            ledger.book(day, best[3])
    return result


def chain_greedy_assignment(
    inst: Instance, routes: dict[str, list[Route]], until: float | None = None
) -> Assignment:
    """Like :func:`fill_greedy_assignment`, with overnight chains (out, stay…, back).

    A team away at F stays while F has backlog left and the next day allows it, else drives back;
    an *out* route is scored by the average a day of its whole chain would collect, so a far
    commune with a large backlog wins once the near ones run low. With ``until`` it stops there;
    a chain cut by the stop is cut back so that the plan stays valid (see
    :func:`planning.solver.assignment.assignment_problems`, which the caller checks).
    """
    ledger = Ledger(inst)
    free = set(inst.free_team_days())
    home = _home_options(inst, routes)
    away_options = _away_options(inst, routes)
    result: Assignment = {}
    away: dict[int, str] = {}
    reserved: set[tuple[str, dt.date]] = set()
    for t, day in sorted(free, key=lambda k: (k[1], k[0])):
        if _past(until) and t not in away:
            continue
        team = inst.teams[t]
        if t in away:
            here = away.pop(t)
            if (here, day) in reserved:
                reserved.discard((here, day))
                ledger.teams_at[(inst.commune_of(here), day)] -= 1
                ledger.release(here, day)
            options = away_options[team.team_id].get(here, [])
            if _past(until):  # out of time: drive home instead of staying on
                options = [(r, route) for r, route in options if route.kind == RouteKind.BACK]
            chosen = _away_day(inst, ledger, t, day, options, free)
        else:
            chosen = _home_day(inst, ledger, t, day, home[team.team_id], free)
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
            slept = (inst.commune_of(route.last), nxt)
            ledger.teams_at[slept] = ledger.teams_at.get(slept, 0) + 1
            ledger.hold(route.last, nxt)
    return result


#: (score bound, index, route, stay capacity at the route's last commune).
_HomeOption = tuple[int, int, Route, int]


def _home_options(inst: Instance, routes: dict[str, list[Route]]) -> dict[str, list[_HomeOption]]:
    """Each team's day and *out* routes, highest possible score first (see :func:`_home_day`)."""
    result = {}
    for team in inst.teams:
        own = routes[team.team_id]
        stay = {
            r.last: team.max_apps(r.service_min)
            for r in own
            if r.kind == RouteKind.STAY and len(r.communes) == 1
        }
        options = []
        for i, route in enumerate(own):
            if route.kind not in (RouteKind.DAY, RouteKind.OUT):
                continue
            capacity = team.max_apps(route.service_min)
            per_stay = stay.get(route.last, 0) if route.kind == RouteKind.OUT else 0
            # A chain's day average lies between its first day and its stay days.
            options.append((max(capacity, per_stay), i, route, per_stay))
        options.sort(key=lambda o: (-o[0], o[2].travel_min, o[1]))
        result[team.team_id] = options
    return result


def _away_options(
    inst: Instance, routes: dict[str, list[Route]]
) -> dict[str, dict[str, list[tuple[int, Route]]]]:
    """Each team's *stay* and *back* routes, by the far commune they start at."""
    result: dict[str, dict[str, list[tuple[int, Route]]]] = {}
    for team in inst.teams:
        by_far: dict[str, list[tuple[int, Route]]] = {}
        for i, route in enumerate(routes[team.team_id]):
            if route.starts_away:
                by_far.setdefault(route.slept_at, []).append((i, route))
        result[team.team_id] = by_far
    return result


def _away_day(
    inst: Instance,
    ledger: Ledger,
    t: int,
    day: dt.date,
    options: list[tuple[int, Route]],
    free: set[TeamDayKey],
) -> tuple[int, dict[str, int]] | None:
    """Stay away (at this far commune or the next) while the commune slept at next has backlog
    for another day: the *stay* route that collects most; else the *back* route that does."""
    team = inst.teams[t]
    best: dict[bool, tuple[int, int, int, dict[str, int]]] = {}
    for r, route in options:
        if not inst.route_allowed(team, day, route, free):
            continue
        apps = ledger.fill(route, day, team.max_apps(route.service_min), team)
        if apps is None:
            continue
        stays = route.kind == RouteKind.STAY
        if stays and ledger.left[route.last] - apps[route.last] <= 0:
            continue
        score = (sum(apps.values()), -route.travel_min, r, apps)
        if stays not in best or score[:2] > best[stays][:2]:
            best[stays] = score
    chosen = best.get(True) or best.get(False)
    return None if chosen is None else (chosen[2], chosen[3])


def _home_day(
    inst: Instance,
    ledger: Ledger,
    t: int,
    day: dt.date,
    options: list[_HomeOption],
    free: set[TeamDayKey],
) -> tuple[int, dict[str, int]] | None:
    """The day or *out* route with the best (chain-average) score."""
    team = inst.teams[t]
    best: tuple[float, int, int, dict[str, int]] | None = None
    for bound, r, route, per_stay in options:
        if best is not None and bound < best[0]:
            break
        if not inst.route_allowed(team, day, route, free):
            continue
        apps = ledger.fill(route, day, team.max_apps(route.service_min), team)
        if apps is None:
            continue
        score = float(sum(apps.values()))
        if route.kind == RouteKind.OUT:
            far = route.last
            rest = ledger.left[far] - apps[far]
            per_day = min(per_stay, inst.residual_cap(far, day) or rest)
            if rest <= 0 or per_day <= 0:
                continue
            days = 1 + max(1, -(-rest // per_day))
            score = (score + rest) / days
        if best is None or (score, -route.travel_min) > (best[0], best[1]):
            best = (score, -route.travel_min, r, apps)
    return None if best is None else (best[2], best[3])
