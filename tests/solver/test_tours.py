"""The tour start (planning/solver/tours.py): each team works its region in one long chain.

Tiny scenarios worked out by hand: a team based 100+ minutes from a row of far communes 20 minutes
apart, overnight stays allowed from 90 minutes. Every plan goes through the independent checker.
"""

from __future__ import annotations

from pathlib import Path

from planning.solver.assignment import assignment_collected, assignment_problems
from planning.solver.greedy import chain_greedy_assignment
from planning.solver.instance import build_instance
from planning.solver.routes import RouteKind, all_team_routes
from planning.solver.tours import tour_assignment
from tests.builders import checked, commune, row_of_far_communes, scenario, team


def test_the_tour_start_works_the_row_in_one_chain(tmp_path: Path) -> None:
    sc = row_of_far_communes()
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    tour = tour_assignment(inst, routes)
    assert assignment_problems(inst, routes, tour) == []
    kinds = [routes["T1"][tour[key][0]].kind for key in sorted(tour)]
    # Out on the first day, home on the last, away in between: one trip out and back (the
    # whole row is done on the fifth day).
    assert kinds[0] == RouteKind.OUT and kinds[-1] == RouteKind.BACK
    assert all(k == RouteKind.STAY for k in kinds[1:-1])
    greedy = chain_greedy_assignment(inst, routes)
    assert assignment_collected(tour) >= assignment_collected(greedy)
    # 6 × 480 min less 100 out, 130 back, 3 × 20 between communes and a setup a day at least:
    # at most (2880 − 290 − 180) / 3 = 803 applications; the whole 600 fit.
    assert assignment_collected(tour) == 600
    assert checked(sc, tmp_path).collected_by_deadline == 600


def test_no_tour_without_overnight_stays() -> None:
    sc = scenario([commune("A", 100)], [team()], 2, {("BASE_T1", "A"): 30})
    inst = build_instance(sc)
    assert tour_assignment(inst, all_team_routes(inst)) == {}
