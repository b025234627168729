"""The stage time rule (planning/solver/time_rule.py): while the plan misses and the volume
stage is neither proven nor stalled, the later stages get only the time volume no longer uses;
the result says how the time was spent. A plan that meets keeps the usual shares.

Scenarios reuse the helpers of ``test_solver_rules`` (rate 20 apps/h, setup 30, shift 480).
"""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from planning.io.plan import summary_dict
from planning.results import SolverOptions, StageStatus, VolumeEnd
from planning.solver import lns, time_rule
from planning.solver.clock import Clock
from planning.solver.greedy import fill_greedy_assignment
from planning.solver.instance import build_instance
from planning.solver.lns import PlanState, SubOutcome, lns_stages
from planning.solver.objective import stages_of
from planning.solver.routes import all_team_routes
from tests.builders import checked, commune, scenario, team


def _missing():
    """Base–A 15 min: 140 a day; 500 over 3 days: 420, 80 missed (bound 420)."""
    return scenario([commune("A", 500)], [team()], 3, {("BASE_T1", "A"): 15})


def _meeting():
    """The same over 4 days: all 500 (140 + 140 + 140 + 80)."""
    return scenario([commune("A", 500)], [team()], 4, {("BASE_T1", "A"): 15})


def test_a_missing_plan_gives_volume_first_and_says_so(tmp_path: Path) -> None:
    result = checked(_missing(), tmp_path)
    assert result.collected_by_deadline == 420
    use = result.time_use
    assert use is not None and use.volume_first
    assert use.volume_end == VolumeEnd.PROVEN  # CP-SAT proves 420 at once
    summary = summary_dict(result, _missing(), None)["time_use"]
    assert summary["rule"] == "volume_first" and summary["volume_end"] == "proven"
    assert summary["text"].startswith("Kế hoạch chưa kịp hạn nên ưu tiên số hồ sơ")
    assert "/ The plan missed the deadline" in summary["text"]


def test_a_meeting_plan_keeps_the_usual_shares(tmp_path: Path) -> None:
    result = checked(_meeting(), tmp_path)
    assert result.verdict == "meets"
    use = result.time_use
    assert use is not None and not use.volume_first
    assert use.volume_end == VolumeEnd.SHARE
    assert summary_dict(result, _meeting(), None)["time_use"]["rule"] == "shares"


def _lns_state(sc):
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    return PlanState(inst, routes, fill_greedy_assignment(inst, routes))


def _fake_improve(gains: bool, eases: bool = False):
    """A neighbourhood solve that takes 20 ms and always (or never) improves — or, with
    ``eases``, keeps a part of equal volume for the tie-break towards the shortfall."""

    def improve(state, nb, chosen, level, options, clock, seconds):
        time.sleep(0.02)
        return SubOutcome(gains, StageStatus.FEASIBLE, 0.02, 10, eased=eases and level == 0)

    return improve


def _run(sc, monkeypatch: pytest.MonkeyPatch, gains: bool, limit_s: float, eases: bool = False):
    monkeypatch.setattr(lns, "improve", _fake_improve(gains, eases))
    monkeypatch.setattr(time_rule, "STALL_MIN_S", 0.3)
    state = _lns_state(sc)
    clock = Clock(limit_s)
    chosen = [s for s in stages_of(state.inst) if s.name != "balance"]
    outcomes, end = lns_stages(state, chosen, SolverOptions(time_limit_s=limit_s), clock, None)
    spent = {p.name: p.seconds for p in clock.phases}
    return outcomes, end, spent, clock


def test_while_volume_keeps_improving_the_later_stages_get_no_time(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcomes, end, spent, clock = _run(_missing(), monkeypatch, gains=True, limit_s=2.0)
    assert end == VolumeEnd.TIME_LIMIT
    assert spent["lns_volume"] >= 0.8 * (clock.end - clock.started)
    assert [o.name for o in outcomes] == ["volume", "earliness", "travel"]
    # At most the scrap shorter than one neighbourhood's slice is left to them.
    later = spent.get("lns_earliness", 0.0) + spent.get("lns_travel", 0.0)
    assert later <= lns.MIN_SLICE_S


def test_a_stalled_volume_stage_hands_the_rest_to_the_later_stages(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    outcomes, end, spent, _ = _run(_missing(), monkeypatch, gains=False, limit_s=3.0)
    assert end == VolumeEnd.STALLED
    # Stalled after max(0.3 s, a quarter of its time) without a gain: well before the end.
    assert spent["lns_volume"] < 1.0
    assert spent["lns_earliness"] + spent["lns_travel"] > 1.0
    assert outcomes[0].status == StageStatus.FEASIBLE


def test_a_met_plan_ends_the_volume_stage_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    outcomes, end, spent, _ = _run(_meeting(), monkeypatch, gains=True, limit_s=2.0)
    assert end == VolumeEnd.SHARE  # the start already meets: the usual shares
    assert outcomes[0].status == StageStatus.OPTIMAL
    assert spent["lns_volume"] < 0.1
    # Usual shares: earliness gets half of what is left, travel the rest.
    assert spent["lns_earliness"] == pytest.approx(spent["lns_travel"], rel=0.3)


def test_parts_kept_for_the_tie_break_are_not_a_stall(monkeypatch: pytest.MonkeyPatch) -> None:
    """A volume stage that only moves work away from the shortfall (equal volume) is making way
    for volume: it keeps the time, as one that improves does."""
    _, end, spent, clock = _run(_missing(), monkeypatch, gains=False, limit_s=2.0, eases=True)
    assert end == VolumeEnd.TIME_LIMIT
    assert spent["lns_volume"] >= 0.8 * (clock.end - clock.started)
    detail = next(p.detail for p in clock.phases if p.name == "lns_volume")
    assert "kept for the tie-break towards the shortfall" in detail
