"""The chain LP slack yardstick of the bench (``bench/bound_slack.py``)."""

from __future__ import annotations

from bench.bound_slack import chain_bound, largest_delta, shortened
from planning.domain import Rules
from tests.builders import commune, scenario, team
from tests.exact_tiny import exact_optimum


def test_largest_delta_brackets_the_last_true_value() -> None:
    calls: list[int] = []

    def holds(delta: int) -> bool:
        calls.append(delta)
        return delta <= 17

    lo, hi = largest_delta(holds, 100, 2)
    assert holds(lo) and not holds(hi) and hi - lo <= 2
    assert len(calls) < 15  # a bisection, not a scan
    assert largest_delta(lambda _: True, 100, 2) == (100, 100)


def test_a_shorter_shift_lowers_the_chain_bound_by_hand() -> None:
    # F 90 min away, 3 days, stays allowed (tests/solver/test_overnight_bound.py): the chain
    # drives 180 min once, so (3 × 480 − 180 − 3 × 30) min at 3 min each = 390. With shifts
    # 30 min shorter: (3 × 450 − 180 − 90) / 3 = 360, the exact optimum; the LP gives 362.
    rules = Rules(allow_overnight=True, overnight_min_one_way_min=60)
    sc = scenario([commune("F", 1000)], [team()], 3, {("BASE_T1", "F"): 90}, rules=rules)
    shorter = shortened(sc, 30)
    assert [t.shift_min for t in shorter.teams] == [450]
    assert 390 <= chain_bound(sc, 10) <= 391  # type: ignore[operator]
    assert exact_optimum(shorter) == 360
    assert 360 <= chain_bound(shorter, 10) <= 362  # type: ignore[operator]
