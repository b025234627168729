"""Neighbourhoods cut out of an overnight chain (planning/solver/lns.py): the freed days meet the
fixed plan across a night away (``Instance.nights_before`` / ``nights_after``), start and end
where the fixed plan sleeps, and the chain stays joined."""

from __future__ import annotations

from dataclasses import replace
from types import MappingProxyType

from planning.results import SolverOptions, StageStatus
from planning.solver.assignment import assignment_collected, assignment_problems
from planning.solver.clock import Clock
from planning.solver.instance import build_instance
from planning.solver.lns import Neighbourhood, PlanState, improve, restrict
from planning.solver.objective import stages_of
from planning.solver.routes import all_team_routes, make_route
from planning.solver.tours import tour_assignment
from tests.builders import day, row_of_far_communes


def test_a_day_joined_to_fixed_nights_starts_and_ends_there() -> None:
    sc = row_of_far_communes()
    inst = build_instance(sc)
    key = (0, day(2))
    joined = replace(
        inst,
        nights_before=MappingProxyType({key: "B"}),
        nights_after=MappingProxyType({key: "C"}),
    )
    free = {key}
    t1 = inst.teams[0]
    from_b_to_c = make_route(inst, t1, ("B", "C"), start="B", home=False)
    move_to_c = make_route(inst, t1, ("C",), start="B", home=False)
    from_base = make_route(inst, t1, ("C",), home=False)
    to_d = make_route(inst, t1, ("B", "D"), start="B", home=False)
    home = make_route(inst, t1, ("B",), start="B", home=True)
    assert joined.route_allowed(t1, day(2), from_b_to_c, free)
    assert joined.route_allowed(t1, day(2), move_to_c, free)
    for wrong in (from_base, to_d, home):
        assert not joined.route_allowed(t1, day(2), wrong, free)
    # Without the joined nights, neither neighbour day is free: no day away at all.
    assert not inst.route_allowed(t1, day(2), from_b_to_c, free)


def test_a_neighbourhood_inside_a_chain_keeps_the_chain_joined() -> None:
    sc = row_of_far_communes()
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    state = PlanState(inst, routes, tour_assignment(inst, routes))
    before = assignment_collected(state.assignment)
    middle = frozenset({(0, day(2)), (0, day(3))})
    nb = Neighbourhood(middle, frozenset(inst.communes), "window")
    sub, _ = restrict(state, nb)
    slept = {d: state.route((0, d)) for d in (day(1), day(4))}
    assert dict(sub.nights_before) == {(0, day(2)): slept[day(1)].last}  # type: ignore[union-attr]
    assert dict(sub.nights_after) == {(0, day(3)): slept[day(4)].slept_at}  # type: ignore[union-attr]
    outcome = improve(state, nb, stages_of(inst), 0, SolverOptions(time_limit_s=10), Clock(10), 5.0)
    assert outcome.status in (StageStatus.OPTIMAL, StageStatus.FEASIBLE)
    assert assignment_problems(inst, state.routes, state.assignment) == []
    assert assignment_collected(state.assignment) >= before


def test_a_joined_day_left_idle_is_a_problem() -> None:
    sc = row_of_far_communes()
    inst = build_instance(sc)
    joined = replace(inst, nights_before=MappingProxyType({(0, day(2)): "B"}))
    routes = all_team_routes(joined)
    assert any("leads nowhere" in p for p in assignment_problems(joined, routes, {}))
