"""What the fewest-teams and earliest-finish intervals say (Vietnamese first) and where they
are written: summary.json ``what_it_takes.min_teams_low/min_teams_high`` (``min_teams`` = high),
``earliest_finish_low/high``, national.csv ``min_teams_low,min_teams_high``, the sentences the
CLI, the app, the workbook and the printed plan show (``what_it_takes_lines``)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from planning.io.national_files import NATIONAL_HEADER, national_row
from planning.io.plan import _what_dict
from planning.io.solve_folder import what_from_summary
from planning.outcomes import NationalAnswer, OutcomeState, ProvinceOutcome
from planning.reasons import Unreachable, UnreachableKind
from planning.report.national_report import progress_line
from planning.results import BindingLimit, LimitKind, WhatItTakes
from planning.wording import finish_interval_text, teams_interval_text, what_it_takes_lines
from tests.builders import commune, scenario, team

BASE = WhatItTakes(None, False, None, False, "on", None, None, None, False, None, False, (), 1.0)
SC = scenario([commune("A", 500)], [team(), team("T2")], 3, {("BASE_T1", "A"): 15})


def _what(low: int | None, high: int | None, **kw: object) -> WhatItTakes:
    return replace(
        BASE,
        min_teams_low=low,
        min_teams_for_deadline=high,
        min_teams_proven=high is not None and low == high,
        budget_s=60,
        **kw,  # type: ignore[arg-type]
    )


def test_an_interval_says_what_each_end_means_vietnamese_first() -> None:
    what = _what(11, 13, time_limited=True)
    vi, en = teams_interval_text(what, "vi"), teams_interval_text(what, "en")
    assert vi.startswith("Số tổ cần để kịp hạn: từ 11 đến 13 — ít nhất 11 tổ (đã chứng minh")
    assert "có kế hoạch kịp hạn với 13 tổ" in vi and "với 11–12 tổ chưa biết" in vi
    assert en.startswith("Teams needed to meet the deadline: 11 to 13 — at least 11 (proven")
    assert "a plan meets it with 13" in en


def test_a_closed_interval_is_a_proven_number() -> None:
    text = teams_interval_text(_what(12, 12), "vi")
    assert text.startswith("Số tổ tối thiểu để kịp hạn: 12 (đã chứng minh")
    assert "Fewest teams to meet the deadline: 12 (proven" in teams_interval_text(
        _what(12, 12), "en"
    )


def test_no_plan_found_keeps_the_proven_low_end() -> None:
    what = _what(9, None, time_limited=True)
    assert teams_interval_text(what, "vi").startswith(
        "Số tổ tối thiểu: ít nhất 9 tổ (đã chứng minh"
    )
    assert "chưa tìm được trong 60 giây" in teams_interval_text(what, "vi")


def test_earliest_finish_interval() -> None:
    low, high = dt.date(2025, 10, 1), dt.date(2025, 10, 8)
    what = replace(_what(2, 2), earliest_finish_low=low, earliest_finish_current_teams=high)
    vi = finish_interval_text(what, 2, "vi")
    assert "xong trong khoảng 01/10/2025 – 08/10/2025" in vi
    assert "không kế hoạch nào xong trước 01/10/2025 (đã chứng minh)" in vi
    lines = what_it_takes_lines(what, SC, "vi")
    assert lines[0].startswith("Số tổ tối thiểu để kịp hạn: 2") and vi in lines


def test_summary_json_and_national_csv_carry_both_ends() -> None:
    low, high = dt.date(2025, 10, 1), dt.date(2025, 10, 8)
    what = replace(_what(11, 13), earliest_finish_low=low, earliest_finish_current_teams=high)
    data = _what_dict(what)
    assert data is not None
    assert (data["min_teams_low"], data["min_teams_high"], data["min_teams"]) == (11, 13, 13)
    assert (data["earliest_finish_low"], data["earliest_finish_high"]) == (
        "2025-10-01",
        "2025-10-08",
    )
    back = what_from_summary(data, SC)
    assert back is not None and (back.min_teams_low, back.min_teams_high) == (11, 13)
    assert back.earliest_finish_low == low
    outcome = ProvinceOutcome("25", "Tỉnh Phú Thọ", 148, 62_895, 12, OutcomeState.SOLVED, what)
    row = dict(zip(NATIONAL_HEADER, national_row(outcome), strict=True))
    assert (row["min_teams_low"], row["min_teams_high"], row["min_teams"]) == ("11", "13", "13")
    assert (row["earliest_finish_low"], row["earliest_finish_high"]) == ("2025-10-01", "2025-10-08")
    assert row["min_teams_proven"] == "false"


def test_the_fewest_teams_beside_unreachable_communes_are_an_answer_that_says_so() -> None:
    """Khánh Hoà: Đặc khu Trường Sa cannot be reached; the other communes need 6–7 teams. The
    national table shows the interval with what it leaves out, the limit in its column."""

    reason = Unreachable(UnreachableKind.TOO_FAR, team="T1", trip_min=2562, setup_min=30,
                         shift_min=600, overnight_allowed=True)  # fmt: skip
    limit = BindingLimit("22736", "Đặc khu Trường Sa", LimitKind.UNREACHABLE, 2, 0, None, None,
                         reason)  # fmt: skip
    what = _what(6, 7, limits=(limit,), min_teams_leaves_out=("22736",))
    outcome = ProvinceOutcome("56", "Tỉnh Khánh Hoà", 65, 25_031, 7, OutcomeState.SOLVED, what)
    assert outcome.answer == NationalAnswer.FOUND
    row = dict(zip(NATIONAL_HEADER, national_row(outcome), strict=True))
    assert (row["min_teams_low"], row["min_teams_high"]) == ("6", "7")
    assert "Trường Sa" in row["binding_limits"]
    line = progress_line(outcome, 1, 34)
    assert "6–7 tổ" in line and "không tính 1 xã không đến được" in line
    assert "leaving out 1 unreachable" in line
    data = _what_dict(what)
    assert data is not None and data["min_teams_leaves_out"] == ["22736"]
    back = what_from_summary(data, SC)
    assert back is not None and back.min_teams_leaves_out == ("22736",)
    # Without the rest's answer the limits are the answer.
    assert replace(outcome, what=replace(what, min_teams_leaves_out=())).answer == (
        NationalAnswer.LIMITS
    )
