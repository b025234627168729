"""An assignment: the route and applications chosen for each planned team-day.

It is what the greedy constructions produce, what hints the CP-SAT model, what is read back from
its solution, and what :func:`planning.solver.extract.to_plan` turns into a plan.
:func:`assignment_problems` re-checks an assignment against every rule the model posts, so that a
greedy plan is used as the fallback only when it is valid.
"""

from __future__ import annotations

import datetime as dt

from ortools.sat.python import cp_model

from planning.solver.instance import Instance, TeamDayKey
from planning.solver.routes import Route
from planning.solver.variables import ModelVars

#: (team index, date) → (route index, applications per commune).
Assignment = dict[TeamDayKey, tuple[int, dict[str, int]]]


def assignment_collected(assignment: Assignment) -> int:
    """Applications an assignment takes (pinned visits excluded)."""
    return sum(n for _, apps in assignment.values() for n in apps.values())


def read_assignment(mv: ModelVars, solver: cp_model.CpSolver) -> Assignment:
    """The chosen route and applications of every team-day in the solver's solution."""
    result: Assignment = {}
    for (t, day), routes in mv.routes_of_day.items():
        for r in routes:
            if solver.boolean_value(mv.x[(t, day, r)]):
                route = mv.route(t, r)
                result[(t, day)] = (
                    r,
                    {c: solver.value(mv.apps[(t, day, c)]) for c in route.communes},
                )
                break
    return result


def hint_model(mv: ModelVars, assignment: Assignment) -> None:
    """Hint the model with an assignment (every route and application variable)."""
    mv.model.clear_hints()
    for key, var in mv.x.items():
        t, day, r = key
        mv.model.add_hint(var, assignment.get((t, day), (-1, {}))[0] == r)
    for (t, day, code), var in mv.apps.items():
        apps = assignment.get((t, day), (-1, {}))[1]
        mv.model.add_hint(var, apps.get(code, 0))
        mv.model.add_hint(mv.visit[(t, day, code)], code in apps)


def assignment_problems(
    inst: Instance, routes: dict[str, list[Route]], assignment: Assignment
) -> list[str]:
    """Every rule of the model an assignment breaks (empty = a valid plan of the model).

    Checks what :mod:`planning.solver.constraints` posts: allowed routes, 1..bound applications
    per stop, service time at the exact rate and within opening hours, backlog, venue caps, teams
    per commune-day (a team once at a commune, whichever of its points) and the overnight chains
    (every night away is followed by a day starting there, and back).
    """
    free = set(inst.free_team_days())
    problems: list[str] = []
    by_commune: dict[str, int] = {}
    by_day: dict[tuple[str, dt.date], int] = {}
    teams_at: dict[tuple[str, dt.date], int] = dict(inst.pinned_teams)
    for (t, day), (r, apps) in assignment.items():
        team = inst.teams[t]
        route = routes[team.team_id][r]
        if (t, day) not in free or not inst.route_allowed(team, day, route, free):
            problems.append(f"{team.team_id} {day}: route not allowed")
        if set(apps) != set(route.communes) or any(
            n < inst.min_stop(code) for code, n in apps.items()
        ):
            problems.append(f"{team.team_id} {day}: stops below the minimum per stop")
        rate = team.rate
        if 60 * rate.denominator * sum(apps.values()) > rate.numerator * route.service_min:
            problems.append(f"{team.team_id} {day}: service time exceeds the shift")
        for stops, most in route.window_limits(team):
            if sum(apps.get(route.communes[i], 0) for i in stops) > most:
                problems.append(f"{team.team_id} {day}: outside a point's opening hours")
        for code, n in apps.items():
            by_commune[code] = by_commune.get(code, 0) + n
            by_day[(code, day)] = by_day.get((code, day), 0) + n
        for commune in {inst.commune_of(code) for code in apps}:
            teams_at[(commune, day)] = teams_at.get((commune, day), 0) + 1
        problems += _chain_problems(inst, routes, assignment, t, day, route)
    for key in {*inst.nights_before, *inst.nights_after}:
        if key not in assignment:
            problems.append(f"{inst.teams[key[0]].team_id} {key[1]}: a night away leads nowhere")
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


def _chain_problems(
    inst: Instance,
    routes: dict[str, list[Route]],
    assignment: Assignment,
    t: int,
    day: dt.date,
    route: Route,
) -> list[str]:
    """A night away must be followed by a day starting there, and such a day preceded by one
    (or by / with a night outside the planned days, which ``route_allowed`` checks)."""
    team_id = inst.teams[t].team_id
    one = dt.timedelta(days=1)
    problems = []
    if route.ends_away and (t, day) not in inst.nights_after:
        nxt = assignment.get((t, day + one))
        after = None if nxt is None else routes[team_id][nxt[0]]
        if after is None or not after.starts_away or after.slept_at != route.last:
            problems.append(f"{team_id} {day}: night away not followed by its day")
    if route.starts_away and (t, day) not in inst.nights_before:
        prev = assignment.get((t, day - one))
        before = None if prev is None else routes[team_id][prev[0]]
        if before is None or not before.ends_away or before.last != route.slept_at:
            problems.append(f"{team_id} {day}: day starts away without a night there")
    return problems
