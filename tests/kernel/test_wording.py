"""One wording for the verdict, the solver's stages and statuses, used by every output."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from planning.domain import Plan
from planning.io.plan import format_summary_vi
from planning.io.scenario import load_scenario
from planning.reasons import (
    CapShortfall,
    FlawKind,
    RecordedReason,
    ScenarioFlaw,
    StatusKind,
    StatusReason,
    Unreachable,
    UnreachableKind,
)
from planning.results import SolveResult, status_reason_of
from planning.wording import (
    STAGE_NAMES,
    STATUS_NAMES,
    bound_text,
    limit_reason_text,
    recorded_limit_reason,
    recorded_reason,
    say,
    stage_name,
    status_reason_text,
    unreachable_text,
    verdict_brief,
    verdict_label,
    verdict_sentence,
    verdict_word,
)
from tests.conftest import THREE_DIR


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
    scenario = load_scenario(THREE_DIR)
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


# --- the solver's reasons, worded once ------------------------------------------------------------


def test_a_venue_shortfall_is_stated_as_summary_json_always_had_it() -> None:
    short = CapShortfall("Xã A", 300, 3, 500)
    assert limit_reason_text(short) == (
        "Xã A: tối đa 300 hồ sơ đến hạn (3 ngày tiếp nhận) < 500 chưa cấp / at most 300 "
        "applications by the deadline (3 intake days) < backlog 500"
    )
    assert limit_reason_text(short, "vi").startswith("tối đa 300")  # the line names the commune


def test_recorded_words_come_back_in_each_language_even_with_a_slash_in_a_name() -> None:
    """summary.json keeps "vi / en"; a name holding " / " does not cut the words apart wrongly
    (the English half is always the tool's own words)."""
    name = "Xã Hòa / Bình"
    short = CapShortfall(name, 1200, 4, 5000)
    back = recorded_limit_reason(limit_reason_text(short), name)
    assert back == RecordedReason(limit_reason_text(short, "vi"), limit_reason_text(short, "en"))
    far = Unreachable(UnreachableKind.TOO_FAR, "T-1", 600, 30, 480, overnight_allowed=True)
    again = recorded_reason(unreachable_text(far))
    assert (again.vi, again.en) == (unreachable_text(far, "vi"), unreachable_text(far, "en"))
    assert unreachable_text(again, "en") == unreachable_text(far, "en")


def test_status_reasons_in_each_language() -> None:
    stopped = StatusReason(StatusKind.ALL_COLLECTED, 2990, 2990, None, ("earliness", "travel"))
    assert status_reason_text(stopped, "vi") == (
        "Kế hoạch thu đủ 2.990 hồ sơ trước hạn (các tiêu chí phụ thu sớm, quãng đường dừng do "
        "hết thời gian)"
    )
    timed = StatusReason(StatusKind.TIME_LIMIT, 2500, 2600, 2550)
    assert status_reason_text(timed, "en") == (
        "time limit reached; best plan found so far (2,500), proven bound 2,600; at most 2,550 "
        "within the candidate routes"
    )
    invalid = StatusReason(
        StatusKind.INVALID_SCENARIO,
        flaws=(ScenarioFlaw(FlawKind.NO_TEAM), ScenarioFlaw(FlawKind.NO_VENUE, commune="X")),
    )
    assert status_reason_text(invalid) == (
        "Kịch bản không hợp lệ / invalid scenario: no team / không có tổ nào; commune X has no "
        "venue point: it cannot be planned"
    )
    assert "xã X không có điểm tiếp nhận" in status_reason_text(invalid, "vi")


def test_the_status_reason_of_a_result_read_back_is_the_solvers() -> None:
    stages = [("volume", "optimal"), ("earliness", "feasible"), ("travel", "optimal")]
    reason = status_reason_of("optimal", 2990, 2990, 2990, 2990, stages)
    assert reason == StatusReason(
        StatusKind.ALL_COLLECTED, 2990, 2990, 2990, ("earliness",), backlog=2990
    )
    assert status_reason_of("feasible", 10, 20, 15, None, stages).kind == StatusKind.TIME_LIMIT
    assert status_reason_of("optimal", 10, 20, 10, None, stages).kind == StatusKind.MOST_POSSIBLE
    assert status_reason_of("no_plan", 0, 20, 0, None, []).kind == StatusKind.NO_TEAM_DAY


def test_one_lookup_for_every_vocabulary() -> None:
    assert say(STAGE_NAMES, "travel", "en") == "travel"
    assert say(STAGE_NAMES, "unknown", strict=False) == "unknown"
    with pytest.raises(KeyError):
        say(STAGE_NAMES, "unknown")


def test_a_bound_equal_to_the_backlog_is_said_to_prove_nothing() -> None:
    """A plan 490 short whose only valid bound is the backlog (2,990): no miss is proven, and
    every reader says so — the verdict (app, PDF, workbook, deck), the status reason (CLI,
    summary.json), the bound figure (CLI, workbook, comparison), Vietnamese first."""
    scenario = load_scenario(THREE_DIR)
    trivial = replace(
        result(False), status="feasible", upper_bound_by_deadline=2990, time_limited=True
    )
    assert trivial.bound_proves_nothing and not result(False).bound_proves_nothing
    assert not result(True).bound_proves_nothing
    vi, en = verdict_sentence(trivial, scenario, "vi"), verdict_sentence(trivial, scenario, "en")
    assert "không chứng minh được gì" in vi and "cận trên đã chứng minh" not in vi
    assert "thu thêm tới 490 hồ sơ" in vi
    assert "proves nothing" in en and "proven bound" not in en and "up to 490 more" in en
    proven = verdict_sentence(result(False), scenario, "vi")
    assert "không thể vượt quá 2.600 hồ sơ (cận trên đã chứng minh)" in proven
    assert bound_text(trivial, "vi") == "2.990 (bằng số hồ sơ có thể thu: không chứng minh được gì)"
    assert bound_text(trivial, "en") == "2,990 (the backlog itself: proves nothing)"
    assert bound_text(result(False), "vi") == "2.600"
    reason = status_reason_of("feasible", 2500, 2990, 2990, None, [("volume", "feasible")])
    assert reason.bound_proves_nothing
    assert status_reason_text(reason, "vi") == (
        "Hết thời gian giải; đây là kế hoạch tốt nhất tìm được (2.500); cận trên duy nhất là "
        "chính số hồ sơ có thể thu (2.990), không chứng minh được gì"
    )
    assert "proves nothing" in status_reason_text(reason, "en")
    summary = format_summary_vi(replace(trivial, status_reason=reason), scenario, None)
    assert "Cận trên hợp lệ: 2.990 (bằng số hồ sơ có thể thu: không chứng minh được gì)" in summary
    assert "khoảng cách" not in summary and "đã chứng minh" not in summary
