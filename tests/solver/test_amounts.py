"""The final pass of every solve: with the routes fixed, the stops' applications re-divided by a
max-flow (planning.solver.amounts). A tiny case worked out by hand."""

from __future__ import annotations

from planning.domain import Rules
from planning.solver.amounts import most_applications
from planning.solver.assignment import Assignment, assignment_collected, assignment_problems
from planning.solver.instance import build_instance
from planning.solver.routes import RouteKind, all_team_routes
from tests.builders import commune, day, scenario, team


def _case() -> tuple[object, dict, Assignment]:
    # One team, two days, 3 min an application, 30 min setup a stop, 480 min shifts.
    # Day 0: base → A → B → base, 30 min legs: 480 − 90 − 60 = 330 min = 110 applications.
    # Day 1: base → B → base: 480 − 60 − 30 = 390 min = 130 applications.
    legs = {("BASE_T1", "A"): 30, ("A", "B"): 30, ("BASE_T1", "B"): 30}
    s = scenario(
        [commune("A", 100), commune("B", 100)],
        [team()],
        2,
        legs,
        rules=Rules(max_stops_per_day=3, min_apps_per_stop=20),
    )
    inst = build_instance(s)
    routes = all_team_routes(inst)
    index = {(r.kind, r.communes): i for i, r in enumerate(routes["T1"]) if r.kind == RouteKind.DAY}
    both, only_b = index[(RouteKind.DAY, ("A", "B"))], index[(RouteKind.DAY, ("B",))]
    # A poor division: A 20, B 70 on day 0, B 20 on day 1 → 110 of 200.
    start: Assignment = {(0, day(0)): (both, {"A": 20, "B": 70}), (0, day(1)): (only_b, {"B": 20})}
    return inst, routes, start


def test_the_stops_take_the_most_the_routes_allow() -> None:
    inst, routes, start = _case()
    assert assignment_problems(inst, routes, start) == []  # type: ignore[arg-type]
    assert assignment_collected(start) == 110
    found = most_applications(inst, routes, start)  # type: ignore[arg-type]
    # A can only be served on day 0, where B keeps its 20 a stop: A 90; B 20 + 80 = 100.
    assert assignment_collected(found) == 190
    assert found[(0, day(0))][1] == {"A": 90, "B": 20}
    assert found[(0, day(1))][1] == {"B": 80}
    assert assignment_problems(inst, routes, found) == []  # type: ignore[arg-type]
    assert [r for r, _ in found.values()] == [r for r, _ in start.values()]  # same routes


def test_a_full_assignment_is_left_as_it_is() -> None:
    inst, routes, start = _case()
    full = most_applications(inst, routes, most_applications(inst, routes, start))  # type: ignore[arg-type]
    again = most_applications(inst, routes, full)  # type: ignore[arg-type]
    assert again is full  # nothing more to take: the same object back
