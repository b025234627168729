"""The four objectives and how they are sequenced.

Order of importance (issue text): (1) most collectable applications by the deadline, weighted by
commune priority; (2) taken earlier; (3) less driving; (4) balanced load between teams.

They are solved **lexicographically**: stage k optimises objective k with objectives 1..k-1 held at
least as good as the values reached (``add`` of a bound), hinted with the previous stage's plan.
Scaled weights would need coefficients around backlog × days × travel (10^9 and more on the
province), which ruin CP-SAT's LP bound and make proofs slow; stages keep every objective small and
let stage 1 (what matters) get the largest share of the time and a clean, provable bound.

- stage 1 ``volume``: Σ priority_c × apps — maximise;
- when re-planning, stage 1b ``stability``: stops on the previous plan's commune-days — maximise
  (every commune-day kept is a commune that need not be told of a change; it ranks above
  earliness because announcements cost more than a day's delay);
- stage 2 ``earliness``: Σ priority_c × apps × days_left(d) — maximise; days_left counts the date
  itself up to the deadline, so this equals a constant minus the priority-weighted backlog carried
  over each day (the "less backlog carried day by day" of the issue);
- stage 3 ``travel``: Σ route minutes — minimise;
- stage 4 ``balance``: busiest team's working minutes minus the least busy one's — minimise.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planning.solver.assignment import Assignment
from planning.solver.instance import Instance, TeamData
from planning.solver.routes import Route
from planning.solver.variables import ModelVars

#: Candidate routes per team id.
RouteLists = dict[str, list[Route]]

#: Working minutes in the balance objective are whole minutes: finer units multiplied the
#: domains of the max/min variables and CP-SAT's presolve then ran for a minute on 2,000-variable
#: models, ignoring the time limit.
BALANCE_SCALE = 1


#: A way to score an assignment outside CP-SAT (same value as the stage's expression).
Evaluate = Callable[[Instance, RouteLists, Assignment], int]


@dataclass(frozen=True)
class Stage:
    """One lexicographic stage: its name, how to build its expression, its sense, and the same
    objective evaluated on an assignment (the neighbourhood search compares plans with it).

    The expression is built when the stage runs, so that a stage's helper constraints (the
    max/min of the balance stage) are not in the model of the earlier stages.
    """

    name: str
    build: Callable[[ModelVars], cp_model.LinearExprT]
    maximize: bool
    evaluate: Evaluate

    def better(self, new: int, old: int) -> bool:
        """True when ``new`` is strictly better than ``old`` for this stage."""
        return new > old if self.maximize else new < old


def _stops(
    inst: Instance, routes: RouteLists, assignment: Assignment
) -> Iterator[tuple[TeamData, dt.date, Route, str, int]]:
    """Every stop of an assignment: (team, date, route, commune, applications)."""
    for (t, day), (r, apps) in assignment.items():
        team = inst.teams[t]
        for code, n in apps.items():
            yield team, day, routes[team.team_id][r], code, n


def volume_value(inst: Instance, routes: RouteLists, assignment: Assignment) -> int:
    """:func:`volume_expr` of an assignment."""
    return sum(inst.priority[c] * n for _, _, _, c, n in _stops(inst, routes, assignment))


def stability_value(inst: Instance, routes: RouteLists, assignment: Assignment) -> int:
    """:func:`stability_expr` of an assignment."""
    return sum(
        _kept_weight(inst, c, day, team.team_id)
        for team, day, _, c, _ in _stops(inst, routes, assignment)
    )


def _kept_weight(inst: Instance, code: str, day: dt.date, team_id: str) -> int:
    """2 for a stop on a previous commune-day with the same team, 1 with another, else 0."""
    if (code, day) not in inst.preferred:
        return 0
    return 2 if (code, day, team_id) in inst.preferred_team else 1


def earliness_value(inst: Instance, routes: RouteLists, assignment: Assignment) -> int:
    """:func:`earliness_expr` of an assignment."""
    return sum(
        inst.priority[c] * inst.days_left(day) * n
        for _, day, _, c, n in _stops(inst, routes, assignment)
    )


def travel_value(inst: Instance, routes: RouteLists, assignment: Assignment) -> int:
    """:func:`travel_expr` of an assignment."""
    return sum(routes[inst.teams[t].team_id][r].travel_min for (t, _), (r, _) in assignment.items())


def team_loads(inst: Instance, routes: RouteLists, assignment: Assignment) -> dict[int, int]:
    """:func:`team_load_exprs` of an assignment: working minutes of each team."""
    loads = {t.index: 0 for t in inst.teams}
    for (t, _), (r, apps) in assignment.items():
        team = inst.teams[t]
        route = routes[team.team_id][r]
        per_app = round(BALANCE_SCALE * 60 / team.team.apps_per_hour)
        loads[t] += BALANCE_SCALE * (route.travel_min + route.setup_total_min)
        loads[t] += per_app * sum(apps.values())
    return loads


def balance_value(inst: Instance, routes: RouteLists, assignment: Assignment) -> int:
    """:func:`balance_expr` of an assignment."""
    loads = team_loads(inst, routes, assignment)
    return max(loads.values()) - min(loads.values()) if len(loads) > 1 else 0


def volume_expr(mv: ModelVars) -> cp_model.LinearExprT:
    """Priority-weighted applications (stage 1)."""
    return sum(mv.inst.priority[c] * var for (_, _, c), var in mv.apps.items())


def collected_expr(mv: ModelVars) -> cp_model.LinearExprT:
    """Unweighted applications planned by the solver (pinned ones excluded)."""
    return sum(mv.apps.values())


def stability_expr(mv: ModelVars) -> cp_model.LinearExprT:
    """Stops on commune-days of the previous plan (re-planning): each kept commune-day is one
    commune that need not be told of a change; 2 points with the same team, 1 with another."""
    return sum(
        _kept_weight(mv.inst, code, day, mv.inst.teams[t].team_id) * var
        for (t, day, code), var in mv.visit.items()
        if (code, day) in mv.inst.preferred
    )


def earliness_expr(mv: ModelVars) -> cp_model.LinearExprT:
    """Priority-weighted applications × dates left to the deadline (stage 2)."""
    return sum(
        mv.inst.priority[c] * mv.inst.days_left(day) * var for (_, day, c), var in mv.apps.items()
    )


def travel_expr(mv: ModelVars) -> cp_model.LinearExprT:
    """Minutes driven by all teams (stage 3)."""
    return sum(var * mv.route(t, r).travel_min for (t, _, r), var in mv.x.items())


def team_load_exprs(mv: ModelVars) -> dict[int, cp_model.LinearExprT]:
    """Working minutes (×100) of each team: driving, setups and service."""
    loads: dict[int, list] = {t.index: [] for t in mv.inst.teams}
    for (t, _, r), var in mv.x.items():
        route = mv.route(t, r)
        loads[t].append(var * BALANCE_SCALE * (route.travel_min + route.setup_total_min))
    for (t, _, _), var in mv.apps.items():
        per_app = round(BALANCE_SCALE * 60 / mv.team(t).team.apps_per_hour)
        loads[t].append(var * per_app)
    return {t: sum(terms) for t, terms in loads.items()}


def balance_expr(mv: ModelVars) -> cp_model.LinearExprT:
    """Busiest minus least busy team (stage 4); 0 with a single team."""
    loads = team_load_exprs(mv)
    if len(loads) < 2:
        return 0
    top = max(BALANCE_SCALE * t.team.shift_min * len(t.working_dates) for t in mv.inst.teams)
    hi = mv.model.new_int_var(0, top, "load_max")
    lo = mv.model.new_int_var(0, top, "load_min")
    mv.model.add_max_equality(hi, list(loads.values()))
    mv.model.add_min_equality(lo, list(loads.values()))
    return hi - lo


def stages(mv: ModelVars) -> list[Stage]:
    """The lexicographic stages in order of importance."""
    return stages_of(mv.inst)


def stages_of(inst: Instance) -> list[Stage]:
    """The lexicographic stages of an instance, in order of importance."""
    result = [Stage("volume", volume_expr, True, volume_value)]
    if inst.preferred:
        result.append(Stage("stability", stability_expr, True, stability_value))
    result += [
        Stage("earliness", earliness_expr, True, earliness_value),
        Stage("travel", travel_expr, False, travel_value),
    ]
    if len(inst.teams) > 1:
        result.append(Stage("balance", balance_expr, False, balance_value))
    return result
