"""The volume stage's tie-break on day trips (planning/solver/lns.py, ``pressure_weights``):
while a plan misses by at most 1 % of the backlog and its idle team-days cannot reach the people
left, a neighbourhood that takes as many applications but moves work away from the teams nearest
to the shortfall is kept, so their time frees up where it is needed. Worked out by hand below."""

from __future__ import annotations

from planning.domain import Rules, Scenario
from planning.results import SolverOptions
from planning.solver.assignment import assignment_collected, assignment_problems
from planning.solver.clock import Clock
from planning.solver.instance import Instance, build_instance
from planning.solver.lns import (
    Neighbourhood,
    PlanState,
    idle_days_out_of_reach,
    improve,
    pressure_value,
    pressure_weights,
    restrict,
)
from planning.solver.objective import stages_of
from planning.solver.routes import all_team_routes, make_route
from tests.builders import commune, day, scenario, team


def _west_and_east(rules: Rules | None = None, west_to_s_min: int = 250) -> Scenario:
    """T1 based in the west, T2 in the east. M (50 people) lies 60 minutes from T1's base and
    10 from T2's; S (100 people) 10 minutes from T2's base and ``west_to_s_min`` from T1's
    (250: out of a day trip's reach, 2 × 250 > the 480-minute shift)."""
    legs = {
        ("BASE_T1", "M"): 60,
        ("BASE_T2", "M"): 10,
        ("BASE_T2", "S"): 10,
        ("BASE_T1", "S"): west_to_s_min,
        ("M", "S"): 20,
        ("BASE_T1", "BASE_T2"): 70,
    }
    every_day = frozenset(range(7))
    teams = [team("T1", working_weekdays=every_day), team("T2", working_weekdays=every_day)]
    return scenario([commune("M", 50), commune("S", 100)], teams, 2, legs, rules=rules)


def _t2_does_everything(inst: Instance, s_taken: int) -> PlanState:
    """T2 serves all of M on the first day and ``s_taken`` of S on the second; T1 is idle."""
    state = PlanState(inst, all_team_routes(inst), {})
    t2 = inst.teams[1]
    for d, code, n in ((0, "M", 50), (1, "S", s_taken)):
        route = make_route(inst, t2, (code,))
        state.assignment[(1, day(d))] = (state.route_index(t2.team_id, route), {code: n})
    return state


def _first_day_at_m(state: PlanState) -> Neighbourhood:
    return Neighbourhood(frozenset({(0, day(0)), (1, day(0))}), frozenset({"M"}), "window")


def test_the_team_nearest_to_the_shortfall_weighs_most() -> None:
    """S is short (1 of 150 left): T2, 10 minutes from it, weighs 1 + 2³ = 9; T1 1 + 1³ = 2."""
    inst = build_instance(_west_and_east())
    state = _t2_does_everything(inst, 99)
    assert state.left_short() == {"S": 1}
    assert pressure_weights(state, [0, 1]) == [2, 9]
    assert pressure_weights(state, [1]) == [9]


def test_the_tie_break_applies_only_to_a_narrow_miss_on_day_trips() -> None:
    # 50 of 150 left: more than 1 % — volume has more to gain than the tie-break.
    inst = build_instance(_west_and_east())
    assert pressure_weights(_t2_does_everything(inst, 50), [0, 1]) is None
    # Nothing left: the plan meets.
    assert pressure_weights(_t2_does_everything(inst, 100), [0, 1]) is None
    # With overnight stays a team's base says little about where its time is free.
    stays = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    inst = build_instance(_west_and_east(stays))
    assert pressure_weights(_t2_does_everything(inst, 99), [0, 1]) is None


def test_the_tie_break_waits_while_an_idle_day_can_reach_the_shortfall() -> None:
    """T1 idle and S 200 minutes from its base: 400 minutes of driving, a setup and one
    application fit its 480-minute shift, so the short-commune neighbourhoods can send it."""
    inst = build_instance(_west_and_east(west_to_s_min=200))
    state = _t2_does_everything(inst, 99)
    assert not idle_days_out_of_reach(state, state.left_short())
    assert pressure_weights(state, [0, 1]) is None
    far = _t2_does_everything(build_instance(_west_and_east()), 99)
    assert idle_days_out_of_reach(far, far.left_short())


def test_work_moves_away_from_the_shortfall_at_the_same_volume() -> None:
    """The first day freed for both teams, M the only commune: either team can take all 50.
    T2 doing it costs 9 × (10 + 10 drive + 30 setup + 150 service) = 1,800; T1 doing it
    2 × (60 + 60 + 30 + 150) = 600. The part is kept (same volume, less pressure), not counted
    as an improvement of the volume, and the plan stays valid."""
    inst = build_instance(_west_and_east())
    state = _t2_does_everything(inst, 99)
    before = assignment_collected(state.assignment)
    nb = _first_day_at_m(state)
    sub, team_ids = restrict(state, nb)
    weights = pressure_weights(state, team_ids)
    assert weights == [2, 9]
    current = {(1, day(0)): state.assignment[(1, day(0))]}
    assert pressure_value(sub, state.routes, current, weights) == 1_800
    outcome = improve(state, nb, stages_of(inst), 0, SolverOptions(time_limit_s=10), Clock(10), 5.0)
    assert not outcome.improved
    assert (1, day(0)) not in state.assignment
    route, apps = state.assignment[(0, day(0))]
    assert apps == {"M": 50} and state.routes["T1"][route].communes == ("M",)
    moved = {(0, day(0)): state.assignment[(0, day(0))]}
    assert pressure_value(sub, state.routes, moved, weights) == 600
    assert assignment_collected(state.assignment) == before
    assert assignment_problems(inst, state.routes, state.assignment) == []


def test_without_a_narrow_miss_an_equal_part_is_not_kept() -> None:
    """Same neighbourhood with overnight stays allowed: no tie-break, the volume is equal, so
    the plan is left as it was."""
    stays = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    inst = build_instance(_west_and_east(stays))
    state = _t2_does_everything(inst, 99)
    kept = dict(state.assignment)
    nb = _first_day_at_m(state)
    outcome = improve(state, nb, stages_of(inst), 0, SolverOptions(time_limit_s=10), Clock(10), 5.0)
    assert not outcome.improved
    assert state.assignment == kept
