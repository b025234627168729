"""The chain LP (planning/solver/overnight_bound.py) is a valid bound with overnight stays:
on generated tiny instances it is never below the exact optimum over every plan the rules and
the checker allow (tests/exact_tiny.py), and it proves misses the other bounds cannot.

Every product plan made here goes through the independent checker (``checked``), and is never
above the exact optimum (which checks the exact solver in turn).
"""

from __future__ import annotations

import itertools
import math
import random
from pathlib import Path

import pytest

from planning.domain import Rules, Scenario
from planning.results import SolverOptions
from planning.solver.bounds import best_bound, capacity_bound, radius_lp_bound, route_lp_bound
from planning.solver.clock import Clock
from planning.solver.instance import build_instance
from planning.solver.overnight_bound import chain_lp_bound, longest_run
from tests.builders import checked, commune, day, scenario, team
from tests.exact_tiny import exact_optimum


def _closed(minutes: dict[tuple[str, str], int], labels: list[str]) -> dict[tuple[str, str], int]:
    """The matrix closed under shortest paths (Floyd–Warshall): it obeys the triangle
    inequality, as the exact solver assumes."""
    dist = {(a, b): (0 if a == b else minutes[(a, b)]) for a in labels for b in labels}
    for k, a, b in itertools.product(labels, labels, labels):
        dist[(a, b)] = min(dist[(a, b)], dist[(a, k)] + dist[(k, b)])
    return {key: value for key, value in dist.items() if key[0] < key[1]}


def generated(seed: int, overnight: bool = True) -> Scenario:
    """A tiny random scenario with overnight stays (or day trips only) where travel binds:
    2–4 communes up to ~3 hours from the bases, 1–2 teams, 3–4 days."""
    rng = random.Random(seed)
    n = rng.choice([2, 3, 3, 4])
    teams = 1 if n == 4 else rng.choice([1, 2])
    days = rng.choice([3, 4]) if teams == 1 else 3
    codes = [chr(ord("A") + i) for i in range(n)]
    bases = [f"BASE_T{i + 1}" for i in range(teams)]
    points = {code: (rng.uniform(0, 10), rng.uniform(0, 10)) for code in codes}
    points |= {base: (rng.uniform(0, 2), rng.uniform(0, 2)) for base in bases}
    labels = [*bases, *codes]
    raw = {
        (a, b): max(1, round(18 * math.dist(points[a], points[b])))
        for a in labels
        for b in labels
        if a != b
    }
    legs = _closed(raw, labels)
    late = rng.choice([None, *codes])  # a commune open from the second day only
    communes = [
        commune(
            code,
            rng.randint(80, 420),
            daily_cap=rng.choice([None, None, 150]),
            earliest_date=day(1) if code == late else None,
        )
        for code in codes
    ]
    rules = Rules(
        allow_overnight=overnight,
        overnight_min_one_way_min=rng.choice([40, 60, 90]),
        max_stops_per_day=2 if n == 4 else rng.choice([2, 3]),
        min_apps_per_stop=20,
        max_teams_per_commune_day=rng.choice([1, None]),
    )
    # Sometimes the first team rests on the second day (D0 is a Monday): its runs are shorter.
    rest = rng.random() < 0.3
    team_list = [
        team(f"T{i + 1}", working_weekdays=frozenset({0, 2, 3, 4, 5, 6}) if rest and i == 0
             else frozenset(range(7)))
        for i in range(teams)
    ]  # fmt: skip
    return scenario(communes, team_list, days, legs, rules=rules)


#: Seeds of the default run, and more in the slow run (``make test-all``).
SEEDS = range(8)
MORE_SEEDS = range(8, 30)
SHORT = SolverOptions(time_limit_s=2)


@pytest.mark.parametrize(
    "seed", [*SEEDS, *(pytest.param(s, marks=pytest.mark.slow) for s in MORE_SEEDS)]
)
def test_bounds_are_never_below_the_exact_optimum(seed: int, tmp_path: Path) -> None:
    sc = generated(seed)
    best = exact_optimum(sc)
    inst = build_instance(sc)
    chain = chain_lp_bound(inst, 30)
    assert chain is not None and chain >= best, (chain, best)
    assert capacity_bound(inst) >= best
    for other in (radius_lp_bound(inst, 30), route_lp_bound(inst, 30)):
        assert other is None or other >= best
    bound, _ = best_bound(inst, Clock(60))
    assert bound >= best
    result = checked(sc, tmp_path, SHORT)  # the product's plan, through the checker
    assert result.collected_by_deadline <= best <= result.upper_bound_by_deadline


@pytest.mark.parametrize("seed", range(4))
def test_without_stays_the_chain_lp_is_valid_too(seed: int) -> None:
    sc = generated(seed, overnight=False)
    best = exact_optimum(sc)
    inst = build_instance(sc)
    chain = chain_lp_bound(inst, 30)
    assert chain is not None and chain >= best, (chain, best)
    assert best_bound(inst, Clock(60))[0] >= best


def test_the_chain_lp_proves_misses_the_other_bounds_cannot() -> None:
    """On the generated instances where travel binds, the chain LP is often the only bound
    below the backlog: it charges each stay's trip out and back once and each visit its
    arrival, where the per-day bounds let a day that starts away drive nothing."""
    tighter = 0
    for seed in SEEDS:
        inst = build_instance(generated(seed))
        chain = chain_lp_bound(inst, 30)
        others = [capacity_bound(inst), radius_lp_bound(inst, 30), route_lp_bound(inst, 30)]
        assert chain is not None
        if chain < min(b for b in others if b is not None):
            tighter += 1
    assert tighter >= 3


def test_a_stay_pays_its_trip_out_and_back_once() -> None:
    # F 90 min away, 3 days, stays allowed: out (480-90-30 = 360 → 120), a day at F
    # (450 → 150), back (360 → 120): 390, the optimum (test_solver_bounds). The chain LP
    # charges the chain 180 min of driving once: (3 × 480 − 180 − 3 × 30) / 3 = 390.
    rules = Rules(allow_overnight=True, overnight_min_one_way_min=60)
    sc = scenario([commune("F", 1000)], [team()], 3, {("BASE_T1", "F"): 90}, rules=rules)
    assert exact_optimum(sc) == 390
    assert 390 <= chain_lp_bound(build_instance(sc), 10) <= 391  # type: ignore[operator]


def test_without_stays_every_day_pays_its_round_trip() -> None:
    # The same without stays: each day 480 − 180 − 30 = 270 min → 90: 270 in all.
    sc = scenario([commune("F", 1000)], [team()], 3, {("BASE_T1", "F"): 90}, rules=Rules())
    assert exact_optimum(sc) == 270
    assert chain_lp_bound(build_instance(sc), 10) == 270


def test_longest_run_of_working_dates() -> None:
    import datetime as dt

    d = dt.date(2025, 9, 1)
    dates = [d, d + dt.timedelta(1), d + dt.timedelta(2), d + dt.timedelta(4)]
    assert longest_run(dates) == 3
    assert longest_run([]) == 0
