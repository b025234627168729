"""The valid upper bounds (planning/solver/bounds.py): at least every plan, tighter than max-flow.

Scenarios reuse the helpers of ``test_solver_rules`` (rate 20 apps/h = 3 min each, setup 30 min,
shift 480 min unless said otherwise).
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path

from planning.domain import Rules
from planning.solver.bounds import (
    best_bound,
    bound_alone,
    capacity_bound,
    radius_lp_bound,
    route_lp_bound,
)
from planning.solver.clock import Clock
from planning.solver.instance import build_instance
from tests.builders import checked, commune, point, scenario, team


def two_teams_one_capped_base_commune(cap: int = 200):
    """Like Đak Đoa: both teams based in commune H (0 min), H's venue takes ``cap`` a day,
    F is 60 min away. One day.

    One team at H alone: 480 − 30 = 450 min → 150. The other at F alone: 480 − 120 − 30 = 330 →
    110. Splitting the second team between H (50 left under the cap) and F costs two setups and
    the trip: 3·(50 + f) + 60 + 120 ≤ 480 → 100 in all. Optimum 150 + 110 = 260. Max-flow lets the
    second team take 50 at H and 100 at F without the second setup and trip: 300. The LPs charge
    setups and driving but may still split the second day (1/3 at H, 2/3 at F): 150 + 50 + 73 = 273.
    """
    return scenario(
        [commune("H", 1000, daily_cap=cap), commune("F", 1000)],
        [team("T1"), team("T2")],
        1,
        {
            ("BASE_T1", "H"): 0,
            ("BASE_T2", "H"): 0,
            ("BASE_T1", "BASE_T2"): 0,
            ("BASE_T1", "F"): 60,
            ("BASE_T2", "F"): 60,
            ("H", "F"): 60,
        },
        rules=Rules(max_teams_per_commune_day=2, max_stops_per_day=2),
    )


def test_lp_bounds_tighter_than_max_flow_and_still_valid(tmp_path: Path) -> None:
    sc = two_teams_one_capped_base_commune()
    inst = build_instance(sc)
    assert capacity_bound(inst) == 300
    radius, routes = radius_lp_bound(inst, 10), route_lp_bound(inst)
    assert radius is not None and routes is not None
    result = checked(sc, tmp_path)
    assert result.collected_by_deadline == 260
    assert 260 <= routes <= radius < 300
    assert routes == 273
    assert result.upper_bound_by_deadline == 273
    assert result.bound_kind == "lp_routes"


def test_a_bound_only_probe_proves_a_miss_max_flow_cannot() -> None:
    # As above with 200 at H and 100 at F: max-flow says all 300, a plan takes 250 (150 at H,
    # 100 at F); the route LP proves the miss.
    sc = two_teams_one_capped_base_commune()
    sc = replace(sc, communes=(replace(sc.communes[0], not_issued=200),
                               replace(sc.communes[1], not_issued=100)))  # fmt: skip
    inst = build_instance(sc)
    assert capacity_bound(inst) == 300
    bound, kind = bound_alone(inst, Clock(10))
    assert 250 <= bound < 300 and kind == "lp_routes"


def test_bounds_at_least_the_optimum_on_the_rule_scenarios(tmp_path: Path) -> None:
    # Two small communes in one day (test_solver_rules): optimum 48.
    sc = scenario(
        [commune("A", 40), commune("B", 40)],
        [team(apps_per_hour=10)],
        1,
        {("BASE_T1", "A"): 60, ("BASE_T1", "B"): 60, ("A", "B"): 10},
    )
    inst = build_instance(sc)
    result = checked(sc, tmp_path)
    assert result.collected_by_deadline == 48
    for bound in (capacity_bound(inst), radius_lp_bound(inst, 10), route_lp_bound(inst)):
        assert bound is not None and bound >= 48
    assert best_bound(inst, Clock(60)) == (
        48,
        "lp_routes",
    )  # exact: the A+B day is the only way to 48
    # A bound-only probe of the what-if stops at max-flow when it proves the miss already.
    assert bound_alone(inst, Clock(10)) == (55, "capacity_travel")


def test_bounds_hold_for_several_nights_in_a_row() -> None:
    # F 90 min away, 3 days, stays allowed. A plan the checker accepts: out (480-90-30 = 360 →
    # 120), a day that starts and ends at F (480-30 = 450 → 150), back (360 → 120): 390.
    # Charging one way per day (the old max-flow) would give 3 × 120 = 360: not valid.
    rules = Rules(allow_overnight=True, overnight_min_one_way_min=60)
    sc = scenario([commune("F", 1000)], [team()], 3, {("BASE_T1", "F"): 90}, rules=rules)
    inst = build_instance(sc)
    for bound in (capacity_bound(inst), radius_lp_bound(inst, 10), route_lp_bound(inst)):
        assert bound is not None and bound >= 390
    assert bound_alone(inst, Clock(10))[0] >= 390


def test_several_nights_in_a_row_are_planned_and_proven(tmp_path: Path) -> None:
    # The chain above is the optimum (out 120, stay 150, back 120); the bound proves it.
    rules = Rules(allow_overnight=True, overnight_min_one_way_min=60)
    sc = scenario([commune("F", 1000)], [team()], 3, {("BASE_T1", "F"): 90}, rules=rules)
    result = checked(sc, tmp_path)
    assert result.collected_by_deadline == 390
    assert [td.overnight_at for td in result.plan.team_days] == ["F", "F", ""]
    assert result.upper_bound_by_deadline == 390
    assert result.status == "optimal"


def test_bounds_hold_at_intake_points() -> None:
    # The nights above at a listed point F-1 of commune F (the far point is a point id, not the
    # commune's code): 390 is a plan, every bound at least that.
    rules = Rules(allow_overnight=True, overnight_min_one_way_min=60)
    far = commune("F", 1000, points=(point("F-1", "F"),))
    sc = scenario([far], [team()], 3, {("BASE_T1", "F-1"): 90}, rules=rules)
    inst = build_instance(sc)
    for bound in (capacity_bound(inst), radius_lp_bound(inst, 10), route_lp_bound(inst)):
        assert bound is not None and bound >= 390
    # One team a day at X, which it serves at both of its points (108: test_point_rules):
    # the limit counts the commune once, so no bound may drop below 108.
    x = commune("X", 200, points=(point("X-1", "X"), point("X-2", "X")))
    legs = {("BASE_T1", "X-1"): 10, ("BASE_T1", "X-2"): 45, ("X-1", "X-2"): 40}
    one = scenario([x], [team()], 1, legs, rules=Rules(max_teams_per_commune_day=1))
    inst = build_instance(one)
    for bound in (capacity_bound(inst), radius_lp_bound(inst, 10), route_lp_bound(inst)):
        assert bound is not None and bound >= 108
