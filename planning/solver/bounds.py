"""A valid upper bound on the applications any plan can collect by the deadline.

*Capacity/travel-aware bound* (``bound_kind = "capacity_travel"``): a max-flow relaxation

    source → team-day (most applications that team can take that day)
           → (commune, date) (most that team can take there: its shift minus the shortest possible
             drive to and from the venue, minus one setup)
           → (commune, date) venue cap → commune (collectable backlog left) → sink,

plus the pinned applications. Driving minutes are shortest paths over the travel matrix
(Floyd–Warshall), so the bound holds for every route and order, even when the matrix breaks the
triangle inequality; with overnight stays allowed a day only has to pay one way. It ignores
route pruning, teams-per-commune limits and setups beyond the first, so no plan can beat it.
"""

from __future__ import annotations

import datetime as dt

from ortools.graph.python import max_flow

from planning.solver.instance import Instance, TeamData
from planning.solver.variables import commune_open, free_team_days


def shortest_paths(inst: Instance) -> dict[tuple[str, str], int]:
    """All-pairs shortest driving minutes over the matrix (Floyd–Warshall)."""
    labels = list(inst.matrix.labels)
    dist = [list(row) for row in inst.matrix.minutes]
    n = len(labels)
    for k in range(n):
        dk = dist[k]
        for i in range(n):
            dik = dist[i][k]
            di = dist[i]
            for j in range(n):
                if dik + dk[j] < di[j]:
                    di[j] = dik + dk[j]
    return {(labels[i], labels[j]): dist[i][j] for i in range(n) for j in range(n)}


def min_day_travel(
    inst: Instance, sp: dict[tuple[str, str], int], team: TeamData, code: str
) -> int:
    """Least driving of any team-day that serves ``code`` (one way only with overnight stays)."""
    there, back = sp[(team.label, code)], sp[(code, team.label)]
    if inst.scenario.rules.allow_overnight:
        return min(there, back)
    return there + back


def capacity_bound(inst: Instance) -> int:
    """The capacity/travel-aware upper bound on applications collected by the deadline."""
    sp = shortest_paths(inst)
    flow = max_flow.SimpleMaxFlow()
    node_ids: dict[object, int] = {}

    def node(key: object) -> int:
        return node_ids.setdefault(key, len(node_ids))

    source, sink = node("source"), node("sink")
    for t, day in free_team_days(inst):
        team = inst.teams[t]
        edges = []
        for code in inst.communes:
            if not commune_open(inst, code, day):
                continue
            service = (
                team.team.shift_min - team.team.setup_min - min_day_travel(inst, sp, team, code)
            )
            most = team.max_apps(service)
            if most > 0:
                edges.append((code, most))
        if not edges:
            continue
        day_node = node(("td", t, day))
        flow.add_arc_with_capacity(source, day_node, max(m for _, m in edges))
        for code, most in edges:
            flow.add_arc_with_capacity(day_node, node(("cd", code, day)), most)
    _commune_arcs(inst, flow, node_ids, sink)
    flow.solve(source, sink)
    return flow.optimal_flow() + pinned_collected(inst)


def _commune_arcs(
    inst: Instance, flow: max_flow.SimpleMaxFlow, node_ids: dict[object, int], sink: int
) -> None:
    """Venue caps per (commune, date) and backlog per commune."""
    for key, cd_node in list(node_ids.items()):
        if not (isinstance(key, tuple) and key[0] == "cd"):
            continue
        _, code, day = key
        cap = inst.residual_cap(code, day)
        commune_node = node_ids.setdefault(("c", code), len(node_ids))
        flow.add_arc_with_capacity(
            cd_node, commune_node, inst.backlog[code] if cap is None else cap
        )
    for key, c_node in list(node_ids.items()):
        if isinstance(key, tuple) and key[0] == "c":
            flow.add_arc_with_capacity(c_node, sink, inst.backlog[key[1]])


def pinned_collected(inst: Instance) -> int:
    """Applications of pinned visits dated up to the deadline."""
    deadline: dt.date = inst.scenario.calendar.deadline
    return sum(v.applications for v in inst.scenario.pinned if v.date <= deadline)
