"""The tour start (planning/solver/tours.py): each team works its region in one long chain.

Tiny scenarios worked out by hand: a team based 100+ minutes from a row of far communes 20 minutes
apart, overnight stays allowed from 90 minutes. Every plan goes through the independent checker.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

import pytest

from planning.domain import Rules, Scenario
from planning.solver import tours
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


def _two_bases_far_apart() -> Scenario:
    """W1, W2 40 minutes from T1's base, E1, E2 40 minutes from T2's, 100 minutes between the
    two sides, 20 within one; 440 applications each; 7 working days; stays from 90 minutes.

    By hand: working its own side by day trips a team drives 80 minutes a day, so at most
    7 × (480 − 30 − 80) / 3 = 863 applications, short of its side's 880. Working the other side,
    where it may sleep, it drives out once (100), 20 between the communes and back once (100):
    7 × (480 − 30) − 220 − a second setup = 2,900 minutes of service, 966 applications."""
    legs = {("BASE_T1", "BASE_T2"): 100, ("W1", "W2"): 20, ("E1", "E2"): 20}
    for w in ("W1", "W2"):
        legs |= {("BASE_T1", w): 40, ("BASE_T2", w): 100}
        legs |= {(w, e): 100 for e in ("E1", "E2")}
    for e in ("E1", "E2"):
        legs |= {("BASE_T2", e): 40, ("BASE_T1", e): 100}
    rules = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    every_day = frozenset(range(7))
    teams = [team("T1", working_weekdays=every_day), team("T2", working_weekdays=every_day)]
    communes = [commune(c, 440) for c in ("W1", "W2", "E1", "E2")]
    return scenario(communes, teams, 7, legs, rules=rules)


def test_the_tour_charges_the_drives_home_from_where_a_team_may_not_sleep(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    sc = _two_bases_far_apart()
    inst = build_instance(sc)
    t1 = inst.teams[0]
    # W1 is 40 minutes from T1's base: 1,320 minutes of service and 4 setups, three shifts of
    # work, each driven there and back; E1 is where T1 may sleep: no drive home charged.
    # W1 is 100 minutes from E1 and E2: its round trip from the base (80) is the cheaper.
    trips = tours.work_trips(inst, t1)
    assert trips == {"W1": 80, "W2": 80}
    assert tours._work_min(inst, t1, "W1", trips["W1"]) == 1320 + 4 * 30 + 3 * 80
    assert tours._work_min(inst, t1, "E1", 0) == 1320 + 4 * 30
    routes = all_team_routes(inst)
    tour = tour_assignment(inst, routes)
    assert assignment_problems(inst, routes, tour) == []
    # Each team works the other side, sleeping there: every applicant is planned.
    assert assignment_collected(tour) == 4 * 440
    for t, side in ((0, {"E1", "E2"}), (1, {"W1", "W2"})):
        served = {c for (u, _), (_, apps) in tour.items() if u == t for c in apps}
        assert served == side
    assert checked(sc, tmp_path).collected_by_deadline == 4 * 440
    # Without the charge and without offering each commune only to the team that may sleep
    # there (:func:`tours.roaming_teams`), each team keeps its own side and drives home every
    # night.
    monkeypatch.setattr(tours, "_returns_min", lambda *args: 0)
    monkeypatch.setattr(tours, "roaming_teams", lambda inst, teams, code: [0, 1])
    assert assignment_collected(tour_assignment(inst, all_team_routes(inst))) < 4 * 440


def test_a_commune_is_offered_only_to_the_teams_that_may_sleep_there(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    sc = _two_bases_far_apart()
    inst = build_instance(sc)
    teams = list(inst.teams)
    # W1 is 40 minutes from T1's base and 100 from T2's: only T2 may sleep there.
    assert tours.roaming_teams(inst, teams, "W1") == [1]
    assert tours.roaming_teams(inst, teams, "E2") == [0]
    # Offered to one team only, the sides swap even when the drives home are not charged.
    monkeypatch.setattr(tours, "_returns_min", lambda *args: 0)
    routes = all_team_routes(inst)
    tour = tour_assignment(inst, routes)
    assert assignment_problems(inst, routes, tour) == []
    assert assignment_collected(tour) == 4 * 440


def test_a_commune_no_team_or_every_team_may_sleep_at_is_offered_to_all() -> None:
    """With one base every team may sleep at the same communes: nothing is restricted."""
    sc = row_of_far_communes()
    inst = build_instance(sc)
    teams = list(inst.teams)
    assert all(tours.roaming_teams(inst, teams, c) == [0] for c in inst.communes)
    sc = _two_bases_far_apart()
    inst = build_instance(sc)
    near_both = replace(inst.scenario.rules, overnight_min_one_way_min=200)
    inst = build_instance(replace(sc, rules=near_both))
    assert tours.roaming_teams(inst, list(inst.teams), "W1") == [0, 1]


def _ring_commune_between_far_ones() -> Scenario:
    """N is 80 minutes from the base (stays only from 90) but 20 from F1 and F2, which are 100
    from the base and 30 apart; one team, 6 days, 20 an hour."""
    legs = {("BASE_T1", "N"): 80, ("BASE_T1", "F1"): 100, ("BASE_T1", "F2"): 100}
    legs |= {("N", "F1"): 20, ("N", "F2"): 20, ("F1", "F2"): 30}
    rules = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    every_day = frozenset(range(7))
    communes = [commune("F1", 300), commune("N", 60), commune("F2", 300)]
    return scenario(communes, [team("T1", working_weekdays=every_day)], 6, legs, rules=rules)


def test_a_commune_short_of_the_overnight_distance_is_charged_from_the_far_ones_around_it(
    tmp_path: Path,
) -> None:
    sc = _ring_commune_between_far_ones()
    inst = build_instance(sc)
    # Its round trip from the base is 160; from F1 or F2 and on to one of them, 20 + 20: its
    # 180 minutes of service, 2 setups (one + EXTRA_SETUPS) and 240 × 40 / 480 of driving.
    assert tours.work_trips(inst, inst.teams[0]) == {"N": 40}
    assert tours._work_min(inst, inst.teams[0], "N", 40) == 180 + 2 * 30 + 20
    routes = all_team_routes(inst)
    tour = tour_assignment(inst, routes)
    assert assignment_problems(inst, routes, tour) == []
    # N is served on a day away (from a far commune, or on to one): no day trip of 160 min.
    n_days = [routes["T1"][r] for r, apps in tour.values() if "N" in apps]
    assert n_days and all(r.starts_away or r.ends_away for r in n_days)
    assert checked(sc, tmp_path).collected_by_deadline >= assignment_collected(tour)
