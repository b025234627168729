"""The applications of a plan's stops re-divided, its routes kept: a max-flow at least cost.

With every team-day's route fixed, how many applications each stop takes is a network flow:
source → commune (its backlog) → commune-day (the venue cap) → stop → team-day (what its service
time allows at its rate) → sink, each stop taking at least the fewest per stop. The flow is
integral and its maximum is the most those routes can collect, so it is never below the
assignment it starts from. A search under a short time limit can leave a few people of a
commune whose stops are full while another stop of the same day has room: a plan one person
short misses the deadline, and this pass is what takes them. Among maximum flows the one with
the earliest applications is kept (unit cost = days after the start).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Hashable

from ortools.graph.python import min_cost_flow

from planning.solver.assignment import Assignment, assignment_collected
from planning.solver.instance import Instance, TeamDayKey
from planning.solver.routes import Route


class _Network:
    """Nodes by key and the arcs of the stops, on one OR-Tools min-cost-flow."""

    def __init__(self) -> None:
        self.flow = min_cost_flow.SimpleMinCostFlow()
        self.ids: dict[Hashable, int] = {}

    def node(self, key: Hashable) -> int:
        return self.ids.setdefault(key, len(self.ids))

    def arc(self, tail: Hashable, head: Hashable, capacity: int, cost: int = 0) -> int:
        return self.flow.add_arc_with_capacity_and_unit_cost(
            self.node(tail), self.node(head), max(0, capacity), cost
        )


def most_applications(
    inst: Instance, routes: dict[str, list[Route]], assignment: Assignment
) -> Assignment:
    """The assignment with each stop's applications chosen to collect the most by the deadline
    on the same routes (earliest first among equals); the assignment itself when it already
    takes every application or nothing more can be taken. Stops after the deadline keep theirs.
    """
    deadline = inst.scenario.calendar.deadline
    # Stops after the deadline, and the stops of a route with opening hours (its rows are not a
    # flow), keep their applications.
    kept = {
        key
        for key, (r, _) in assignment.items()
        if key[1] > deadline or routes[inst.teams[key[0]].team_id][r].windows
    }
    low = {
        (key, code): (n if key in kept else inst.min_stop(code))
        for key, (_, apps) in assignment.items()
        for code, n in apps.items()
    }
    backlog_left = dict(inst.backlog)
    cap_used: dict[tuple[str, dt.date], int] = {}
    room_used: dict[TeamDayKey, int] = {}
    for (key, code), n in low.items():
        backlog_left[code] -= n
        cap_used[(code, key[1])] = cap_used.get((code, key[1]), 0) + n
        room_used[key] = room_used.get(key, 0) + n
    if assignment_collected(assignment) >= sum(inst.backlog.values()):
        return assignment
    net = _Network()
    big = sum(inst.backlog.values())
    start = inst.scenario.calendar.start
    stop_arcs: dict[tuple[TeamDayKey, str], int] = {}
    for code in {code for _, code in low}:
        net.arc("source", ("commune", code), backlog_left[code])
    for code, day in cap_used:
        cap = inst.residual_cap(code, day)
        room = big if cap is None else cap - cap_used[(code, day)]
        net.arc(("commune", code), ("commune-day", code, day), room)
    for key, (r, _) in assignment.items():
        team = inst.teams[key[0]]
        route = routes[team.team_id][r]
        if key in kept:
            continue
        rate = team.rate
        most = rate.numerator * route.service_min // (60 * rate.denominator)
        net.arc(("team-day", key), "sink", most - room_used.get(key, 0))
        for code in route.communes:
            cost = (key[1] - start).days
            stop_arcs[(key, code)] = net.arc(
                ("commune-day", code, key[1]), ("team-day", key), big, cost
            )
    # The most the source could send and the sink take: the solver finds the maximum flow
    # (at least cost) within them, not a flow of exactly this size.
    net.flow.set_node_supply(net.node("source"), big)
    net.flow.set_node_supply(net.node("sink"), -big)
    if net.flow.solve_max_flow_with_min_cost() != net.flow.OPTIMAL:
        return assignment
    found: Assignment = {
        key: (r, {code: low[(key, code)] for code in apps}) for key, (r, apps) in assignment.items()
    }
    for (key, code), arc in stop_arcs.items():
        found[key][1][code] += net.flow.flow(arc)
    return found if assignment_collected(found) > assignment_collected(assignment) else assignment
