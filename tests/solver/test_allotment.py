"""The day allotment start (planning/solver/allotment.py): whole days per team and commune,
decided for the whole period at once.

Tiny scenarios worked out by hand (rate 20 an hour: 3 minutes an application, setup 30, shift
480). Every plan of a solve goes through the independent checker.
"""

from __future__ import annotations

import time
from pathlib import Path

from planning.domain import Rules, Scenario
from planning.solver.allotment import allot_days, allotment_assignment, single_day_trips
from planning.solver.assignment import assignment_collected, assignment_problems
from planning.solver.insertion import insertion_assignment
from planning.solver.instance import build_instance
from planning.solver.routes import all_team_routes
from tests.builders import checked, commune, scenario, team

ONE_TEAM_A_DAY = Rules(max_stops_per_day=3, max_teams_per_commune_day=1)


def _two_teams_one_shared_commune() -> Scenario:
    """T1's base is 30 minutes from D and 20 from E; T2's is 30 from E and 80 from D; D–E 50.
    260 applications each, two working days, one team per commune a day.

    A day trip of T1 takes 136 at E (480 − 40 − 30 = 410 minutes of service) or 130 at D (390);
    T2 takes 130 at E or 96 at D (480 − 160 − 30 = 290). Day by day, T1 takes the better day
    for itself, E (136 per 478 minutes against 130 per 480), and T2, shut out of E, drives to
    D: 136 + 124 at E and 96 + 96 at D = 452. Whole days decided at once: T1 at D and T2 at E
    on both days, 130 × 2 + 130 × 2 = 520, every applicant."""
    legs = {
        ("BASE_T1", "D"): 30,
        ("BASE_T1", "E"): 20,
        ("BASE_T2", "E"): 30,
        ("BASE_T2", "D"): 80,
        ("D", "E"): 50,
        ("BASE_T1", "BASE_T2"): 50,
    }
    return scenario(
        [commune("D", 260), commune("E", 260)],
        [team("T1"), team("T2")],
        2,
        legs,
        rules=ONE_TEAM_A_DAY,
    )


def test_day_by_day_insertion_shuts_a_team_out() -> None:
    sc = _two_teams_one_shared_commune()
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    insertion = insertion_assignment(inst, routes)
    assert assignment_collected(insertion) == 452


def test_the_allotment_sends_each_team_where_only_it_does_well() -> None:
    sc = _two_teams_one_shared_commune()
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    trips = single_day_trips(inst)
    assert {key: most for key, (most, _) in trips.items()} == {
        (0, "D"): 130,
        (0, "E"): 136,
        (1, "D"): 96,
        (1, "E"): 130,
    }
    assert allot_days(inst, trips, 5.0) == {(0, "D"): 2, (1, "E"): 2}
    allotted = allotment_assignment(inst, routes, time.monotonic() + 5.0)
    assert assignment_problems(inst, routes, allotted) == []
    assert assignment_collected(allotted) == 520
    served = {
        (inst.teams[t].team_id, code) for (t, _), (_, apps) in allotted.items() for code in apps
    }
    assert served == {("T1", "D"), ("T2", "E")}


def test_a_solve_plans_every_applicant(tmp_path: Path) -> None:
    result = checked(_two_teams_one_shared_commune(), tmp_path)
    assert result.collected_by_deadline == 520


def test_the_allotment_keeps_the_venue_cap_and_one_team_a_day(tmp_path: Path) -> None:
    """One commune, 500 applicants, a hall for 100 a day, two teams 30 and 40 minutes away,
    three days, one team a day: 3 × 100 = 300 at most — the second team gets no day there."""
    sc = scenario(
        [commune("D", 500, daily_cap=100)],
        [team("T1"), team("T2")],
        3,
        {("BASE_T1", "D"): 30, ("BASE_T2", "D"): 40, ("BASE_T1", "BASE_T2"): 10},
        rules=ONE_TEAM_A_DAY,
    )
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    trips = single_day_trips(inst)
    days = allot_days(inst, trips, 5.0)
    assert sum(days.values()) == 3
    allotted = allotment_assignment(inst, routes, time.monotonic() + 5.0)
    assert assignment_problems(inst, routes, allotted) == []
    assert assignment_collected(allotted) == 300
    assert checked(sc, tmp_path).collected_by_deadline == 300


def test_no_allotment_when_every_team_has_the_same_base() -> None:
    """With one base (the same minutes to every commune), which team serves which commune is
    not a choice between bases: the allotment is not run (its time goes to the search and the
    bound)."""
    sc = scenario(
        [commune("D", 260), commune("E", 260)],
        [team("T1"), team("T2")],
        2,
        {("BASE_T1", "D"): 30, ("BASE_T1", "E"): 20, ("BASE_T2", "D"): 30, ("BASE_T2", "E"): 20},
        rules=ONE_TEAM_A_DAY,
    )
    inst = build_instance(sc)
    assert allotment_assignment(inst, all_team_routes(inst), time.monotonic() + 5.0) == {}
