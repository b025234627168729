"""One wording for the verdict, the solver's stages and statuses, used by every output."""

from __future__ import annotations

import datetime as dt

from planning.domain import Plan
from planning.io.plan import format_summary_vi
from planning.io.scenario import DEFAULT_SCENARIO, load_scenario
from planning.reasons import RecordedReason
from planning.results import SolveResult
from planning.wording import (
    STAGE_NAMES,
    STATUS_NAMES,
    stage_name,
    verdict_brief,
    verdict_label,
    verdict_sentence,
    verdict_word,
)


def result(meets: bool) -> SolveResult:
    return SolveResult(
        status="optimal",
        status_reason=RecordedReason("", ""),
        plan=Plan(()),
        collected_by_deadline=2990 if meets else 2500,
        collectable_backlog=2990,
        remaining_by_deadline=0 if meets else 490,
        remaining_by_commune={},
        upper_bound_by_deadline=2990 if meets else 2600,
        bound_kind="capacity",
        verdict="meets" if meets else "misses",
        finish_date=dt.date(2022, 12, 19) if meets else None,
        solve_seconds=1.0,
        gap=0.0,
    )


def test_one_verdict_word_in_every_form() -> None:
    scenario = load_scenario(DEFAULT_SCENARIO)
    for meets, vi, en in (
        (True, "KỊP HẠN", "MEETS THE DEADLINE"),
        (False, "KHÔNG KỊP HẠN", "MISSES THE DEADLINE"),
    ):
        r = result(meets)
        assert verdict_word(meets) == vi and verdict_word(meets, "en") == en
        assert verdict_label(meets).upper() == vi
        assert verdict_sentence(r, scenario).startswith(vi + ":")
        assert verdict_sentence(r, scenario, "en").startswith(en + ":")
        assert verdict_brief(r).startswith(vi)
        assert f"Kết luận: {vi}" in format_summary_vi(r, scenario, None)
    assert verdict_brief(result(True)) == "KỊP HẠN, xong ngày 19/12/2022"
    assert verdict_brief(result(False)) == "KHÔNG KỊP HẠN: còn thiếu 490 hồ sơ"
    assert verdict_brief(result(False), "en") == "MISSES THE DEADLINE: 490 applications short"


def test_every_solver_stage_and_status_has_a_name() -> None:
    from planning.results import FEASIBLE, INVALID, NO_PLAN, OPTIMAL
    from planning.solver.stages import STAGE_SHARES

    assert set(STAGE_SHARES) == set(STAGE_NAMES)
    assert stage_name("volume") == "số hồ sơ" and stage_name("volume", "en") != "số hồ sơ"
    assert {OPTIMAL, FEASIBLE, NO_PLAN, INVALID} == set(STATUS_NAMES)
