"""The neighbourhood search frees the work around a commune left short (planning/solver/lns.py,
``Neighbourhoods._around_short``): every third neighbourhood while communes are short, half as
often after each one that failed to improve the plan, none once the plan finishes every commune."""

from __future__ import annotations

from planning.domain import Scenario
from planning.solver.instance import Instance, build_instance
from planning.solver.lns import Neighbourhoods, PlanState
from planning.solver.routes import all_team_routes, make_route
from tests.builders import commune, day, scenario, team

DAYS = 4


def _two_bases(backlog_a: int) -> Scenario:
    """T1 next to A, T2 next to B, 200 minutes between the two ends; every day a working day."""
    legs = {
        ("BASE_T1", "A"): 10,
        ("BASE_T1", "B"): 200,
        ("BASE_T2", "A"): 200,
        ("BASE_T2", "B"): 10,
        ("A", "B"): 200,
        ("BASE_T1", "BASE_T2"): 200,
    }
    every_day = frozenset(range(7))
    teams = [team("T1", working_weekdays=every_day), team("T2", working_weekdays=every_day)]
    communes = [commune("B", 50)]
    if backlog_a:
        communes.insert(0, commune("A", backlog_a))
    return scenario(communes, teams, DAYS, legs)


def _b_served(inst: Instance) -> PlanState:
    """T2 serves all of B on the first day; nothing else is planned."""
    state = PlanState(inst, all_team_routes(inst), {})
    t2 = inst.teams[1]
    route = make_route(inst, t2, ("B",))
    state.assignment[(1, day(0))] = (state.route_index(t2.team_id, route), {"B": 50})
    return state


def test_every_third_neighbourhood_is_around_a_commune_left_short() -> None:
    inst = build_instance(_two_bases(500))
    state = _b_served(inst)
    assert state.left_short() == {"A": 500}
    hood = Neighbourhoods(state, seed=1)
    hoods = [hood.next() for _ in range(6)]
    assert [i for i, nb in enumerate(hoods) if nb.kind == "short"] == [2, 5]
    short = [nb for nb in hoods if nb.kind == "short"]
    for nb in short:
        assert "A" in nb.communes
        # The idle days of the team based next to A come with it: they can take the work.
        assert {(0, day(i)) for i in range(DAYS)} <= nb.free


def test_no_neighbourhood_around_short_communes_once_every_commune_is_finished() -> None:
    inst = build_instance(_two_bases(0))
    state = _b_served(inst)
    assert state.left_short() == {}
    hood = Neighbourhoods(state, seed=1)
    assert all(hood.next().kind != "short" for _ in range(9))


def test_neighbourhoods_around_short_communes_come_less_often_while_they_fail() -> None:
    inst = build_instance(_two_bases(500))
    hood = Neighbourhoods(_b_served(inst), seed=1)

    def turns_to_next_short(improved: bool | None) -> int:
        for turn in range(1, 100):
            nb = hood.next()
            if nb.kind == "short":
                if improved is not None:
                    hood.tell(nb, improved)
                return turn
        raise AssertionError("no neighbourhood around the short commune")

    assert turns_to_next_short(False) == 3
    assert [turns_to_next_short(False) for _ in range(5)] == [6, 12, 24, 48, 48]
    assert turns_to_next_short(True) == 48
    assert turns_to_next_short(None) == 3
