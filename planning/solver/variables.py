"""Decision variables: a Boolean per (team-day, route), an integer per (team-day, commune).

- ``x[(t, d, r)]`` — team ``t`` follows route ``r`` (index into its candidate list) on date ``d``;
- ``apps[(t, d, c)]`` — applications team ``t`` takes at commune ``c`` on date ``d``;
- ``visit[(t, d, c)]`` — team ``t`` stops at ``c`` on ``d`` (= Σ of the route Booleans through c).

Only the team-days that are working dates and not pinned get variables
(:meth:`~planning.solver.instance.Instance.free_team_days`); a route only exists on a date when
:meth:`~planning.solver.instance.Instance.route_allowed` says so (every commune of it may be
visited then, and for overnight routes the neighbouring date fits).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from ortools.sat.python import cp_model

from planning.solver.instance import Instance, TeamData, TeamDayKey
from planning.solver.routes import Route, all_team_routes

RouteKey = tuple[int, dt.date, int]
AppsKey = tuple[int, dt.date, str]


@dataclass
class ModelVars:
    """The CP-SAT model with its variables and the candidate routes they refer to."""

    inst: Instance
    model: cp_model.CpModel
    routes: dict[str, list[Route]]
    x: dict[RouteKey, cp_model.IntVar] = field(default_factory=dict)
    apps: dict[AppsKey, cp_model.IntVar] = field(default_factory=dict)
    apps_ub: dict[AppsKey, int] = field(default_factory=dict)
    visit: dict[AppsKey, cp_model.IntVar] = field(default_factory=dict)
    routes_of_day: dict[TeamDayKey, list[int]] = field(default_factory=dict)
    #: Route indices of a team-day whose route visits a commune (filled with the variables).
    serving: dict[AppsKey, list[int]] = field(default_factory=dict)

    def team(self, t: int) -> TeamData:
        """Team data by index."""
        return self.inst.teams[t]

    def route(self, t: int, r: int) -> Route:
        """Candidate route ``r`` of team ``t``."""
        return self.routes[self.inst.teams[t].team_id][r]

    def serve_vars(self, t: int, day: dt.date, code: str) -> list[cp_model.IntVar]:
        """Route Booleans of a team-day whose route visits ``code``."""
        return [self.x[(t, day, r)] for r in self.serving.get((t, day, code), [])]


def apps_upper_bound(
    inst: Instance, team: TeamData, day: dt.date, code: str, routes: list[Route]
) -> int:
    """Most applications a team can take at ``code`` on ``day`` over the given routes."""
    best = max(team.max_apps(r.service_min) for r in routes)
    cap = inst.residual_cap(code, day)
    bound = min(best, inst.backlog[code])
    return bound if cap is None else min(bound, cap)


def build_variables(inst: Instance, routes: dict[str, list[Route]] | None = None) -> ModelVars:
    """Create the model and its variables over ``routes`` (default: every candidate route)."""
    mv = ModelVars(inst, cp_model.CpModel(), all_team_routes(inst) if routes is None else routes)
    free = set(inst.free_team_days())
    for t, day in sorted(free, key=lambda k: (k[1], k[0])):
        team = inst.teams[t]
        candidates = mv.routes[team.team_id]
        allowed = [
            r for r, route in enumerate(candidates) if inst.route_allowed(team, day, route, free)
        ]
        if not allowed:
            continue
        mv.routes_of_day[(t, day)] = allowed
        for r in allowed:
            mv.x[(t, day, r)] = mv.model.new_bool_var(f"x_{t}_{day:%m%d}_{r}")
        by_commune: dict[str, list[int]] = {}
        for r in allowed:
            for code in candidates[r].communes:
                by_commune.setdefault(code, []).append(r)
        for code, through in by_commune.items():
            mv.serving[(t, day, code)] = through
            ub = max(0, apps_upper_bound(inst, team, day, code, [candidates[r] for r in through]))
            mv.apps_ub[(t, day, code)] = ub
            key = (t, day, code)
            mv.apps[key] = mv.model.new_int_var(0, ub, f"a_{t}_{day:%m%d}_{code}")
            mv.visit[key] = mv.model.new_bool_var(f"v_{t}_{day:%m%d}_{code}")
    return mv
