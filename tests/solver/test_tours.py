"""The tour start (planning/solver/tours.py): each team works its region in one long chain.

Tiny scenarios worked out by hand: a team based 100+ minutes from a row of far communes 20 minutes
apart, overnight stays allowed from 90 minutes. Every plan goes through the independent checker.
"""

from __future__ import annotations

from pathlib import Path

from planning.domain import Rules
from planning.solver.assignment import assignment_collected, assignment_problems
from planning.solver.greedy import Ledger, chain_greedy_assignment
from planning.solver.insertion import insertion_assignment
from planning.solver.instance import build_instance
from planning.solver.routes import RouteIndex, RouteKind, all_team_routes
from planning.solver.tours import tour_assignment, walk_leftovers
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


def test_a_team_with_free_days_walks_to_the_communes_still_short(tmp_path: Path) -> None:
    """Step 2b: a commune 230 minutes from the only team's base (more than half a 480-minute
    shift, so no day trip serves it) is reached by one walk: out on day 1 (230 driving, a setup,
    220 minutes of service: 73), a day at it (450: 150), back on day 3 (73) — while cheapest
    insertion, a day trip at a time, serves none of it."""
    rules = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    every_day = team(working_weekdays=frozenset(range(7)))
    sc = scenario([commune("N", 400)], [every_day], 3, {("BASE_T1", "N"): 230}, rules=rules)
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    assert assignment_collected(insertion_assignment(inst, routes, None, start={})) == 0
    days = {0: list(inst.dates)}
    walked = walk_leftovers(inst, Ledger(inst), RouteIndex(routes), {}, list(inst.teams), days)
    assert assignment_problems(inst, routes, walked) == []
    kinds = [routes["T1"][walked[key][0]].kind for key in sorted(walked)]
    assert kinds == [RouteKind.OUT, RouteKind.STAY, RouteKind.BACK]
    assert assignment_collected(walked) == 73 + 150 + 73
    assert checked(sc, tmp_path).collected_by_deadline == 296
