"""A plan of a neighbouring scenario as a start: how the fewest-teams search warm-starts a team
count from the plan of the count next to it (issue 17).

The plan's team-days are matched to this instance's teams by team id (a team the instance does
not have is dropped with its days: "drop one team's days"), kept only on the instance's free
working dates up to its deadline, and turned into routes (:func:`~planning.solver.routes.
make_route`, appended to the team's list). A chain of nights away is kept whole or not at all:
a chain cut by the window (or by a dropped date) would leave a night with no day after it. What
is left is re-checked against every rule (:func:`~planning.solver.assignment.assignment_problems`)
and discarded if anything fails; the caller completes it (the new team's days, the backlog the
dropped team took) with :func:`~planning.solver.insertion.insertion_assignment`.
"""

from __future__ import annotations

from planning.domain import Plan, TeamDay
from planning.solver.assignment import Assignment, assignment_problems
from planning.solver.instance import Instance
from planning.solver.routes import Route, RouteIndex, make_route


def assignment_of_plan(inst: Instance, routes: dict[str, list[Route]], plan: Plan) -> Assignment:
    """The plan's team-days as an assignment of ``inst`` (module docstring); empty when what is
    left breaks a rule."""
    teams = {t.team_id: t for t in inst.teams}
    free = set(inst.free_team_days())
    index = RouteIndex(routes)
    by_team: dict[str, list[TeamDay]] = {}
    for team_day in plan.team_days:
        if not team_day.pinned and team_day.team_id in teams:
            by_team.setdefault(team_day.team_id, []).append(team_day)
    result: Assignment = {}
    for team_id, days in by_team.items():
        team = teams[team_id]
        for chain in _chains(sorted(days, key=lambda d: d.date)):
            if not all((team.index, d.date) in free for d in chain):
                continue
            entries = []
            slept = ""
            for team_day in chain:
                order = tuple(s.commune_code for s in team_day.stops if not s.is_base)
                apps = {s.commune_code: s.applications for s in team_day.stops if not s.is_base}
                if not order or len(apps) != len(order):
                    break
                route = make_route(inst, team, order, slept, home=not team_day.overnight_at)
                entries.append(((team.index, team_day.date), route, apps))
                slept = team_day.overnight_at
            else:
                for key, route, apps in entries:
                    result[key] = (index.index(team_id, route), apps)
    return {} if assignment_problems(inst, routes, result) else result


def _chains(days: list[TeamDay]) -> list[list[TeamDay]]:
    """A team's days (in date order) grouped into chains joined by nights away."""
    chains: list[list[TeamDay]] = []
    for team_day in days:
        previous = chains[-1][-1] if chains else None
        joined = (
            previous is not None
            and previous.overnight_at
            and (team_day.date - previous.date).days == 1
        )
        if joined:
            chains[-1].append(team_day)
        else:
            chains.append([team_day])
    return [c for c in chains if not c[-1].overnight_at]
