"""A simple greedy baseline: each working team-day serves the nearest commune with backlog left.

One commune per day, nearest round trip from the team's base first, as many applications as the
shift, the venue cap and the backlog allow. Used as the bench baseline, as the first solution hint
of the CP-SAT model and as a fallback plan if the solver finds nothing in time.
"""

from __future__ import annotations

import datetime as dt

from planning.solver.instance import Instance
from planning.solver.routes import Route
from planning.solver.variables import commune_open, free_team_days

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
            apps = min(room, team.max_apps(route.service_min))
            if apps <= 0:
                continue
            result[(t, day)] = (r, {code: apps})
            left[code] -= apps
            used_cap[(code, day)] = used_cap.get((code, day), 0) + apps
            teams_at[(code, day)] = teams_at.get((code, day), 0) + 1
            break
    return result


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
        """Applications per stop when filling ``route`` greedily (None if a stop would be empty)."""
        apps: dict[str, int] = {}
        for i, code in enumerate(route.communes):
            reserve = len(route.communes) - i - 1
            take = min(self.room(code, day), capacity - reserve)
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
