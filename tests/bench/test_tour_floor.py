"""The driving floor yardstick of the bench (``bench/tour_floor.py``)."""

from __future__ import annotations

import itertools
from pathlib import Path

import numpy as np
import pytest

from bench.tour_floor import best_tour_min, held_karp_min, metric_closure, plan_minutes
from planning.solver.instance import build_instance
from tests.builders import commune, scenario, team


def shortest_tour(minutes: np.ndarray) -> float:
    """Exhaustive: the shortest closed walk from node 0 visiting every node once."""
    n = len(minutes)
    return min(
        sum(minutes[a, b] for a, b in zip((0, *order), (*order, 0), strict=True))
        for order in itertools.permutations(range(1, n))
    )


@pytest.mark.parametrize("seed", range(6))
def test_held_karp_never_exceeds_the_shortest_tour(seed: int) -> None:
    rng = np.random.default_rng(seed)
    points = rng.uniform(0, 100, size=(7, 2))
    apart = np.sqrt(((points[:, None, :] - points[None, :, :]) ** 2).sum(axis=2))
    minutes = metric_closure(np.round(apart))
    exact = shortest_tour(minutes)
    floor = held_karp_min(minutes, target=exact)
    assert floor <= exact + 1e-6
    # Far above the tree it starts from on points in a plane (typically within a few %).
    assert floor >= 0.8 * exact
    assert best_tour_min(minutes, 0.5) == pytest.approx(exact)


def test_held_karp_is_exact_on_a_ring() -> None:
    # Six nodes on a ring, 10 min apart: the tour drives 60, and so does the bound.
    ring = np.array([[10 * min(abs(i - j), 6 - abs(i - j)) for j in range(6)] for i in range(6)])
    assert held_karp_min(ring.astype(float), target=60) == pytest.approx(60)


def test_plan_minutes_at_each_team_s_own_figures(tmp_path: Path) -> None:
    # One team (480-min shift, 30-min setup, 20 an hour = 3 min each): a day of two stops
    # (40 + 20 people, 15 + 10 + 25 min driving) = 180 service, 60 setups, 50 driving, 190 idle.
    sc = scenario([commune("A", 100), commune("B", 100)], [team()], 3, {})
    plan = tmp_path / "plan.csv"
    plan.write_text(
        "team_id,date,stop,commune_code,commune_name,arrive,depart,applications,travel_min\n"
        f"T1,{sc.calendar.start},1,A,A,07:15,09:45,40,15\n"
        f"T1,{sc.calendar.start},2,B,B,09:55,11:25,20,10\n"
        f"T1,{sc.calendar.start},3,BASE,,11:50,11:50,0,25\n",
        encoding="utf-8",
    )
    used = plan_minutes(plan, build_instance(sc))
    assert (used.applications, used.stops, used.days) == (60, 2, 1)
    assert (used.service, used.setups, used.driving, used.idle) == (180, 60, 50, 190)
    assert used.unused_days == 2
