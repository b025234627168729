"""The words the tool says about a plan, in one place: the CLI, the app, Excel and PDF use them.

Vietnamese first, English second. Here live the verdict (a plan is *kịp hạn* or *không kịp hạn*),
the names of the solver's lexicographic stages and statuses, the solver's status text, the names of
the ways a commune's visits change between two plans, the column labels of every table the
reports build (so a column is called the same on the screen, in the workbook and on paper), and
the card's name by the law in force on a plan's dates (:func:`card_terms`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from planning.domain import Scenario
from planning.formatting import fmt_date, fmt_int, fmt_num
from planning.reasons import (
    CapShortfall,
    FlawKind,
    LimitReason,
    RecordedReason,
    ScenarioFlaw,
    StatusKind,
    StatusReason,
    Unreachable,
    UnreachableKind,
)
from planning.results import Lift, LiftKind, SolveResult, TimeUse, WhatItTakes


def tr(lang: str, vi: str, en: str) -> str:
    """Pick the Vietnamese or the English text."""
    return vi if lang == "vi" else en


#: A vocabulary: key → (Vietnamese, English). Every list of words the tool says is one, looked up
#: the one way, :func:`say`.
Vocabulary = Mapping[str, tuple[str, str]]


def say(words: Vocabulary, key: str, lang: str = "vi", *, strict: bool = True) -> str:
    """``key`` of the vocabulary ``words`` in ``lang``; a key not listed is a ``KeyError``
    (``strict``) or shown as it is."""
    if key not in words and not strict:
        return key
    vi, en = words[key]
    return tr(lang, vi, en)


# --- the verdict --------------------------------------------------------------------------------

#: A plan meets the deadline when the whole collectable backlog is planned by it.
VERDICT_WORDS = {
    "meets": ("kịp hạn", "meets the deadline"),
    "misses": ("không kịp hạn", "misses the deadline"),
}


def verdict_word(meets: bool, lang: str = "vi") -> str:
    """The verdict as a headline: 'KỊP HẠN' / 'KHÔNG KỊP HẠN' ('MEETS THE DEADLINE' ...)."""
    return say(VERDICT_WORDS, "meets" if meets else "misses", lang).upper()


def verdict_label(meets: bool, lang: str = "vi") -> str:
    """The verdict as a table cell: 'Kịp hạn' / 'Không kịp hạn'."""
    text = say(VERDICT_WORDS, "meets" if meets else "misses", lang)
    return text[:1].upper() + text[1:]


def verdict_brief(result: SolveResult, lang: str = "vi") -> str:
    """'KỊP HẠN, xong ngày 19/12/2022' or 'KHÔNG KỊP HẠN: còn thiếu 4.836 hồ sơ'."""
    word = verdict_word(result.meets, lang)
    if result.meets:
        if result.finish_date is None:
            return word
        finish = fmt_date(result.finish_date, lang)
        return word + tr(lang, f", xong ngày {finish}", f", finishing on {finish}")
    short = fmt_int(result.remaining_by_deadline, lang)
    return word + tr(lang, f": còn thiếu {short} hồ sơ", f": {short} applications short")


def verdict_sentence(result: SolveResult, scenario: Scenario, lang: str = "vi") -> str:
    """The plan's verdict in one sentence, with its numbers and the proven bound — or, when the
    only bound is the backlog itself, that no miss is proven."""
    deadline = fmt_date(scenario.calendar.deadline, lang)
    got = fmt_int(result.collected_by_deadline, lang)
    need = fmt_int(result.collectable_backlog, lang)
    word = verdict_word(result.meets, lang)
    if result.meets:
        finish = fmt_date(result.finish_date, lang)
        return word + tr(
            lang,
            f": kế hoạch thu nhận đủ {got}/{need} hồ sơ có thể thu nhận, xong ngày {finish}"
            f" (hạn chót {deadline}).",
            f": the plan takes all {got}/{need} collectable applications, "
            f"finishing on {finish} (deadline {deadline}).",
        )
    short = fmt_int(result.remaining_by_deadline, lang)
    bound = fmt_int(result.upper_bound_by_deadline, lang)
    limited = (
        tr(lang, " (kết quả trong giới hạn thời gian giải)", " (within the solver time limit)")
        if result.time_limited
        else ""
    )
    if result.bound_proves_nothing:
        return word + tr(
            lang,
            f": đến {deadline} dự kiến thu nhận {got}/{need} hồ sơ, còn thiếu {short}"
            f"{limited}; chưa chứng minh được là thiếu: cận trên duy nhất tìm được bằng "
            f"chính số hồ sơ có thể thu ({bound}), không chứng minh được gì — một kế hoạch "
            f"tốt hơn có thể thu thêm tới {short} hồ sơ.",
            f": by {deadline} the plan takes {got}/{need} applications, {short} short"
            f"{limited}; the miss is not proven: the only upper bound found is the "
            f"collectable backlog itself ({bound}), which proves nothing — a better plan "
            f"might take up to {short} more.",
        )
    return (
        word
        + tr(
            lang,
            f": đến {deadline} dự kiến thu nhận {got}/{need} hồ sơ, còn thiếu {short}; "
            f"với nguồn lực hiện có không thể vượt quá {bound} hồ sơ (cận trên đã chứng minh)",
            f": by {deadline} the plan takes {got}/{need} applications, {short} "
            f"short; with these resources no plan can exceed {bound} (proven bound)",
        )
        + limited
        + "."
    )


def bound_text(result: SolveResult, lang: str = "vi") -> str:
    """The valid bound as a figure to show: the number, and when it is the backlog itself (the
    plan misses) that it proves nothing."""
    bound = fmt_int(result.upper_bound_by_deadline, lang)
    if not result.bound_proves_nothing:
        return bound
    return bound + tr(
        lang,
        " (bằng số hồ sơ có thể thu: không chứng minh được gì)",
        " (the backlog itself: proves nothing)",
    )


# --- the solver: stages and statuses ------------------------------------------------------------

#: The lexicographic stages of the solver (ids as in :mod:`planning.solver.objective`).
STAGE_NAMES = {
    "volume": ("số hồ sơ", "applications collected"),
    "stability": ("giữ lịch đã công bố", "keeping announced days"),
    "earliness": ("thu sớm", "collecting early"),
    "travel": ("quãng đường", "travel"),
    "balance": ("cân bằng giữa các tổ", "balance between teams"),
}

#: What a solver status means (statuses of :mod:`planning.results`).
STATUS_NAMES = {
    "optimal": ("tối ưu (đã chứng minh)", "optimal (proven)"),
    "feasible": ("khả thi, chưa chứng minh tối ưu", "feasible, not proven optimal"),
    "no_plan": ("không có kế hoạch", "no plan"),
    "invalid": ("kịch bản không hợp lệ", "invalid scenario"),
}
#: What became of a variant of a sweep that has no result (planning.outcomes.OutcomeState).
OUTCOME_NAMES = {
    "error": ("lỗi", "error"),
    "cancelled": ("đã hủy", "cancelled"),
}

#: What the national what-if found for a province (planning.outcomes.NationalAnswer).
NATIONAL_ANSWER_NAMES = {
    "found": ("tìm được số tổ tối thiểu", "fewest teams found"),
    "limits": (
        "không số tổ nào kịp hạn (giới hạn đã chứng minh)",
        "no team count meets the deadline (proven limits)",
    ),
    "over_cap": ("cần hơn số tổ tối đa đã thử", "more than the most teams tried"),
    "time_limited": ("chưa tìm được trong thời gian phân tích", "not found within the time budget"),
    "error": ("lỗi", "error"),
    "cancelled": ("đã hủy", "cancelled"),
}


def national_answer_name(answer: str, lang: str = "vi") -> str:
    """What a province's ``status`` in national.csv means ('over_cap' → 'cần hơn …')."""
    return say(NATIONAL_ANSWER_NAMES, answer, lang, strict=False)


#: Whether the teams of a variant work weekends (planning.variants.weekends_setting).
WEEKEND_SETTINGS = {
    "on": ("có", "yes"),
    "off": ("không", "no"),
    "mixed": ("tùy tổ", "varies by team"),
}


def stage_name(stage: str, lang: str = "vi") -> str:
    """The name of a solver stage ('volume' → 'số hồ sơ'); an unknown id is shown as it is."""
    return say(STAGE_NAMES, stage, lang, strict=False)


def status_name(status: str, lang: str = "vi") -> str:
    """What a solver status means ('feasible' → 'khả thi, chưa chứng minh tối ưu'), or a sweep
    variant's without a result ('cancelled' → 'đã hủy')."""
    names = STATUS_NAMES if status in STATUS_NAMES else OUTCOME_NAMES
    return say(names, status, lang, strict=False)


def weekends_word(setting: str, lang: str = "vi") -> str:
    """'on' → 'có' / 'yes' (whether the teams work weekends)."""
    return say(WEEKEND_SETTINGS, setting, lang, strict=False)


# --- why a solve ended as it did (planning.reasons) ----------------------------------------------


def bilingual(vi: str, en: str) -> str:
    """How summary.json and the terminal state a reason: "Vietnamese / English". The English half
    is always this module's own words (figures, dates, team ids — never a commune's name), so
    :func:`recorded_reason` can take it apart again at the last " / "."""
    return f"{vi} / {en}"


def recorded_reason(text: str) -> RecordedReason:
    """A reason as :func:`bilingual` wrote it into a summary.json, in its two languages."""
    vi, sep, en = text.rpartition(" / ")
    return RecordedReason(vi, en) if sep else RecordedReason(text, text)


def _stopped(stages: Sequence[str], lang: str) -> str:
    """' (các tiêu chí phụ thu sớm, quãng đường dừng do hết thời gian)' or ''."""
    if not stages:
        return ""
    if lang == "vi":
        names = ", ".join(say(STAGE_NAMES, name, "vi", strict=False) for name in stages)
        return f" (các tiêu chí phụ {names} dừng do hết thời gian)"
    return f" (secondary stages {', '.join(stages)} stopped at the time limit)"


#: What makes a scenario impossible to solve (planning.reasons.FlawKind).
FLAW_WORDS: Vocabulary = {
    FlawKind.NO_TEAM: ("không có tổ nào", "no team"),
    FlawKind.PINNED_UNKNOWN: (
        "lịch cố định {team} {date} {commune}: không có tổ hoặc xã này",
        "pinned visit {team} {date} {commune}: unknown team or commune",
    ),
    FlawKind.PINNED_OUTSIDE_WINDOW: (
        "lịch cố định {team} {date} nằm ngoài khoảng lập kế hoạch",
        "pinned visit {team} {date} is outside the planning window",
    ),
    FlawKind.PINNED_OVER_BACKLOG: (
        "lịch cố định vượt số cần thu nhận của {commune}",
        "pinned visits exceed the collectable backlog of {commune}",
    ),
    FlawKind.PINNED_OVER_CAP: (
        "lịch cố định vượt sức chứa của {commune} ngày {date}",
        "pinned visits exceed the daily cap of {commune} on {date}",
    ),
    FlawKind.NO_VENUE: (
        "xã {commune} không có điểm tiếp nhận: không lập kế hoạch được",
        "commune {commune} has no venue point: it cannot be planned",
    ),
}


def flaw_text(flaw: ScenarioFlaw, lang: str = "vi") -> str:
    """One reason a scenario cannot be solved."""
    date = "" if flaw.date is None else flaw.date.isoformat()
    return say(FLAW_WORDS, flaw.kind, lang).format(team=flaw.team, commune=flaw.commune, date=date)


def _flaws_stated(flaws: Sequence[ScenarioFlaw]) -> str:
    """The flaws as summary.json states them: "no team / không có tổ nào", the others in
    English (as the solver has always written them)."""
    return "; ".join(
        bilingual(flaw_text(f, "en"), flaw_text(f, "vi"))
        if f.kind == FlawKind.NO_TEAM
        else flaw_text(f, "en")
        for f in flaws
    )


def status_reason_text(reason: StatusReason | RecordedReason, lang: str | None = None) -> str:
    """Why the solve's status is what it is, in ``lang``, or both languages as summary.json and
    the terminal state it (``lang=None``). Never blames resources for a time-out."""
    if isinstance(reason, RecordedReason):
        return bilingual(reason.vi, reason.en) if lang is None else tr(lang, reason.vi, reason.en)
    if lang is None:
        if reason.kind == StatusKind.INVALID_SCENARIO:
            return "Kịch bản không hợp lệ / invalid scenario: " + _flaws_stated(reason.flaws)
        return bilingual(status_reason_text(reason, "vi"), status_reason_text(reason, "en"))
    got, bound = fmt_int(reason.collected, lang), fmt_int(reason.valid_bound, lang)
    tail = _stopped(reason.stages_stopped, lang)
    if reason.kind == StatusKind.INVALID_SCENARIO:
        flaws = "; ".join(flaw_text(f, lang) for f in reason.flaws)
        return tr(lang, "Kịch bản không hợp lệ: ", "invalid scenario: ") + flaws
    if reason.kind == StatusKind.NO_TEAM_DAY:
        return tr(
            lang,
            "Không có ngày làm việc nào có thể phục vụ xã nào",
            "no working team-day can serve any commune (check calendar, earliest dates, "
            "blackouts and travel times)",
        )
    if reason.kind == StatusKind.ALL_COLLECTED:
        return tr(
            lang,
            f"Kế hoạch thu đủ {got} hồ sơ trước hạn{tail}",
            f"plan collects all {got} applications by the deadline{tail}",
        )
    if reason.kind == StatusKind.MOST_POSSIBLE:
        return tr(
            lang,
            f"Tối ưu: tối đa {got} hồ sơ trước hạn với nguồn lực hiện có{tail}",
            f"optimal: at most {got} applications by the deadline with these resources "
            f"(within the candidate routes; valid bound {bound}){tail}",
        )
    extra = ""
    if reason.model_bound is not None and reason.model_bound < reason.valid_bound:
        model = fmt_int(reason.model_bound, lang)
        extra = tr(
            lang,
            f"; trong các tuyến ứng viên tối đa {model}",
            f"; at most {model} within the candidate routes",
        )
    if reason.bound_proves_nothing:
        return tr(
            lang,
            f"Hết thời gian giải; đây là kế hoạch tốt nhất tìm được ({got}); cận trên duy nhất "
            f"là chính số hồ sơ có thể thu ({bound}), không chứng minh được gì{extra}",
            f"time limit reached; best plan found so far ({got}); the only upper bound is the "
            f"collectable backlog itself ({bound}), which proves nothing{extra}",
        )
    return tr(
        lang,
        f"Hết thời gian giải; đây là kế hoạch tốt nhất tìm được ({got}), cận trên đã chứng minh "
        f"{bound}{extra}",
        f"time limit reached; best plan found so far ({got}), proven bound {bound}{extra}",
    )


def _overnight(allowed: bool, lang: str) -> str:
    if allowed:
        return tr(
            lang,
            "nghỉ lại qua đêm đang được phép nhưng vẫn không đủ thời gian",
            "overnight stays are allowed but still leave no time",
        )
    return tr(
        lang,
        "kịch bản không cho tổ nghỉ lại qua đêm",
        "the scenario does not allow overnight stays",
    )


def unreachable_text(why: Unreachable | RecordedReason, lang: str | None = None) -> str:
    """Why no team can serve a commune, in ``lang`` (both languages with ``lang=None``)."""
    if lang is None:
        return bilingual(unreachable_text(why, "vi"), unreachable_text(why, "en"))
    if isinstance(why, RecordedReason):
        return tr(lang, why.vi, why.en)
    if why.kind == UnreachableKind.TOO_FAR:
        trip, shift = fmt_int(why.trip_min, lang), fmt_int(why.shift_min, lang)
        return (
            tr(
                lang,
                f"tổ gần nhất ({why.team}) đi về mất {trip} phút, cộng {why.setup_min} phút lắp "
                f"đặt thì vượt ca {shift} phút",
                f"the nearest team ({why.team}) needs {trip} min there and back plus "
                f"{why.setup_min} min setup, over its {shift}-min shift",
            )
            + f"; {_overnight(why.overnight_allowed, lang)}"
        )
    earliest, last = fmt_date(why.earliest, lang), fmt_date(why.last_working_day, lang)
    return tr(
        lang,
        f"không mở vào ngày làm việc nào của các tổ đến được (sớm nhất {earliest}, ngày làm việc "
        f"cuối {last}, {why.blackout_dates} ngày không tiếp nhận)",
        f"not open on any working day of the teams that can reach it (earliest {earliest}, "
        f"last working day {last}, {why.blackout_dates} blackout dates)",
    )


def limit_reason_text(reason: LimitReason, lang: str | None = None) -> str:
    """Why a commune's limit holds, in ``lang``; both languages (``lang=None``) as summary.json
    states it, where a venue's shortfall starts with the commune's name."""
    if isinstance(reason, CapShortfall):
        if lang is None:
            vi, en = limit_reason_text(reason, "vi"), limit_reason_text(reason, "en")
            return bilingual(f"{reason.commune_name}: {vi}", en)
        most, backlog = fmt_int(reason.most_by_deadline, lang), fmt_int(reason.backlog, lang)
        return tr(
            lang,
            f"tối đa {most} hồ sơ đến hạn ({reason.intake_days} ngày tiếp nhận) < {backlog} "
            "chưa cấp",
            f"at most {most} applications by the deadline ({reason.intake_days} intake days) "
            f"< backlog {backlog}",
        )
    return unreachable_text(reason, lang)


def recorded_limit_reason(text: str, commune_name: str) -> RecordedReason:
    """A limit's reason read back from summary.json (the name :func:`limit_reason_text` put
    before a venue's shortfall is taken off: the lines name the commune themselves)."""
    recorded = recorded_reason(text)
    return RecordedReason(recorded.vi.removeprefix(f"{commune_name}: "), recorded.en)


# --- what changed between two plans -------------------------------------------------------------

#: How a commune's visits changed (kinds of :class:`planning.campaign.plan_diff.CommuneChange`).
CHANGE_KINDS = {
    "moved": ("đổi ngày", "moved"),
    "appeared": ("thêm lịch", "appeared"),
    "disappeared": ("bỏ lịch", "disappeared"),
    "team_changed": ("đổi tổ", "team changed"),
    "point_changed": ("đổi điểm tiếp nhận", "intake point changed"),
}


def change_kind_name(kind: str, lang: str = "vi") -> str:
    """'moved' → 'đổi ngày'."""
    return say(CHANGE_KINDS, kind, lang)


# --- column labels ------------------------------------------------------------------------------

#: Column labels of the tables the reports build, shared by the screen, Excel and PDF.
LABELS: dict[str, tuple[str, str]] = {
    "code": ("Mã", "Code"),
    "commune_code": ("Mã xã", "Code"),
    "name": ("Đơn vị", "Unit"),
    "commune": ("Xã", "Commune"),
    "team": ("Tổ", "Team"),
    "date": ("Ngày", "Date"),
    "start": ("Ngày bắt đầu", "Start"),
    "deadline": ("Hạn chót", "Deadline"),
    "of_age": ("Trong độ tuổi", "Citizens of ID age"),
    "issued": ("Đã cấp", "Issued"),
    "not_issued": ("Chưa cấp", "Not yet issued"),
    "pct": ("% chưa cấp", "% not issued"),
    "non_collectable": ("Không thu được", "Not collectable"),
    "total": ("Tổng cộng", "Total"),
    "collectable": ("Cần thu nhận", "Collectable backlog"),
    "earliest": ("Sớm nhất được đến", "Earliest visit"),
    "applications": ("Hồ sơ dự kiến", "Applications"),
    "visit_dates": ("Ngày tổ đến", "Visit dates"),
    "planned": ("Dự kiến thu nhận đến hạn", "Planned by the deadline"),
    "remaining": ("Còn lại đến hạn", "Remaining at the deadline"),
    "stop_no": ("Điểm thứ", "Stop"),
    "point_id": ("Mã điểm", "Point id"),
    "point": ("Điểm tiếp nhận", "Intake point"),
    "point_kind": ("Loại điểm", "Kind"),
    "landmark": ("Chỉ dẫn", "Landmark"),
    "lat": ("Vĩ độ", "Latitude"),
    "lon": ("Kinh độ", "Longitude"),
    "daily_cap": ("Tối đa/ngày", "Daily cap"),
    "days_open": ("Ngày mở", "Days open"),
    "hours_open": ("Giờ mở", "Hours open"),
    "arrive": ("Đến", "Arrive"),
    "depart": ("Rời", "Leave"),
    "travel_min": ("Di chuyển (phút)", "Travel (min)"),
    "teams": ("Số tổ", "Teams"),
    "verdict": ("Kết luận", "Verdict"),
    "bound": ("Cận trên đã chứng minh", "Proven upper bound"),
    "finish": ("Ngày xong", "Finish date"),
    "travel_h": ("Giờ di chuyển", "Travel hours"),
    "base": ("Trụ sở", "Base"),
    "working_days": ("Ngày làm việc", "Working days"),
    "visit_days": ("Ngày có lịch", "Days with visits"),
    "communes_count": ("Số xã", "Communes"),
    "applications_taken": ("Hồ sơ đã thu nhận", "Applications taken"),
    "collected_week": ("Thu nhận trong tuần", "Collected this week"),
    "cumulative": ("Lũy kế", "Cumulative"),
    "pct_issued": ("% đã cấp", "% issued"),
    "remaining_now": ("Còn lại", "Remaining"),
    "next_week": ("Lịch tuần tới", "Next week's schedule"),
    "planned_to_date": ("Dự kiến đến nay", "Planned to date"),
    "actual_to_date": ("Thực tế đến nay", "Actual to date"),
    "behind_plan": ("Chậm so với kế hoạch", "Behind plan"),
    "planned_day": ("Dự kiến", "Planned"),
    "actual_day": ("Thực tế", "Actual"),
    "difference": ("Chênh lệch", "Difference"),
    "entry_no": ("Mục số", "Entry"),
    "recorded_at": ("Ghi lúc", "Recorded at"),
    "replaces": ("Sửa cho mục", "Corrects entry"),
    "note": ("Ghi chú", "Note"),
    "status": ("Hiệu lực", "Status"),
    "change": ("Thay đổi", "Change"),
    "dropped": ("Bỏ ngày", "Dates dropped"),
    "added": ("Thêm ngày", "Dates added"),
    "team_change": ("Đổi tổ", "Team changed"),
    "gain_people": ("Thêm được (người, đến hạn)", "People gained (by the deadline)"),
    "proposed": ("Đề xuất", "Proposed"),
    "bd_planned": ("Kế hoạch đã công bố", "Announced plan"),
    "bd_actual": ("Thực tế", "Actual"),
    "bd_forecast": ("Dự báo sau lập lại", "Re-planned forecast"),
    "variant": ("Phương án", "Variant"),
    "weekends_worked": ("Làm cuối tuần", "Weekends worked"),
    "apps_per_hour": ("Hồ sơ/giờ", "Applications per hour"),
    "solver_status": ("Trạng thái bộ giải", "Solver status"),
    "solve_seconds": ("Thời gian giải (giây)", "Solve time (s)"),
    "worker": ("Máy giải", "Worker"),
    "error": ("Lỗi", "Error"),
    "province_code": ("Mã tỉnh", "Province code"),
    "province": ("Tỉnh, thành phố", "Province"),
    "teams_given": ("Số tổ hiện có", "Teams given"),
    "min_teams": ("Số tổ tối thiểu để kịp hạn", "Fewest teams to meet the deadline"),
    "min_teams_low": (
        "Ít nhất (đã chứng minh: ít hơn thì không kịp)",
        "At least (proven: fewer cannot meet it)",
    ),
    "min_teams_high": ("Có kế hoạch kịp hạn với (số tổ)", "A plan meets it with (teams)"),
    "min_teams_proven": ("Số tổ tối thiểu đã chứng minh", "Fewest teams proven"),
    "earliest_finish": ("Sớm nhất xong (với số tổ hiện có)", "Earliest finish (teams given)"),
    "earliest_finish_proven": ("Ngày xong đã chứng minh", "Earliest finish proven"),
    "national_status": ("Kết quả", "Outcome"),
    "binding_limits": ("Giới hạn không số tổ nào gỡ được", "Limits no team count lifts"),
    "analysis_seconds": ("Thời gian phân tích (giây)", "Analysis time (s)"),
}


#: The scenario settings by their file keys (``[calendar]``, ``[travel]``, ``[rules]``,
#: ``[[teams]]``), as documents name them: "Quy tắc, số hồ sơ tối thiểu mỗi điểm = 20", not
#: "min_apps_per_stop = 20".
SETTING_LABELS: dict[str, tuple[str, str]] = {
    "start": ("ngày bắt đầu", "start date"),
    "deadline": ("hạn chót", "deadline"),
    "invitation_lead_days": ("số ngày báo trước để gửi giấy mời", "invitation lead days"),
    "observe_public_holidays": ("nghỉ ngày lễ, Tết", "rest on public holidays"),
    "extra_holidays": ("ngày nghỉ thêm", "extra days off"),
    "speed_kmh": ("tốc độ đi đường (km/giờ)", "driving speed (km/h)"),
    "detour_factor": ("hệ số đường vòng", "detour factor"),
    "matrix": ("bảng thời gian di chuyển", "travel time table"),
    "max_teams_per_commune_day": (
        "số tổ tối đa tại một xã trong một ngày",
        "most teams at one commune in one day",
    ),
    "max_stops_per_day": ("số điểm tối đa của một tổ trong một ngày", "most stops per team-day"),
    "min_apps_per_stop": ("số hồ sơ tối thiểu mỗi điểm", "fewest applications per stop"),
    "allow_overnight": ("cho phép nghỉ lại qua đêm tại xã", "overnight stays allowed"),
    "overnight_min_one_way_min": (
        "nghỉ lại khi đường đi một chiều từ (phút)",
        "overnight when one way takes at least (min)",
    ),
    "default_daily_cap": (
        "số người tối đa một điểm tiếp nhận trong ngày",
        "most people a venue takes per day",
    ),
    "id": ("mã tổ", "team id"),
    "name": ("tên", "name"),
    "base": ("trụ sở", "base"),
    "base_commune": ("trụ sở", "base"),
    "base_name": ("tên trụ sở", "base name"),
    "apps_per_hour": ("số hồ sơ mỗi giờ", "applications per hour"),
    "setup_min": ("thời gian triển khai mỗi điểm (phút)", "setup per stop (min)"),
    "shift_hours": ("số giờ làm việc mỗi ngày", "working hours per day"),
    "start_time": ("giờ bắt đầu", "start time"),
    "working_weekdays": ("ngày làm việc trong tuần", "working weekdays"),
    "days_off": ("ngày nghỉ của tổ", "team's days off"),
}


def setting_label(key: str, lang: str = "vi") -> str:
    """The name of a scenario setting in ``lang`` (an unknown key is shown as it is)."""
    return say(SETTING_LABELS, key, lang, strict=False)


def yes_no(value: bool, lang: str = "vi") -> str:
    """'có' / 'không' (yes / no)."""
    return tr(lang, "có", "yes") if value else tr(lang, "không", "no")


#: Shorter labels for narrow columns (the terminal's table of ``python -m planning check``).
SHORT_LABELS = {
    "of_age": ("Trong độ tuổi", "Of ID age"),
    "not_issued": ("Chưa cấp", "Not yet"),
    "pct": ("%", "%"),
    "collectable": ("Cần thu nhận", "Collectable"),
    "earliest": ("Sớm nhất", "Earliest"),
}


def label(key: str, lang: str = "vi", short: bool = False) -> str:
    """The column label ``key`` in ``lang`` (``short``: its narrow form, where it has one)."""
    return say(SHORT_LABELS if short and key in SHORT_LABELS else LABELS, key, lang)


# --- the card, by the law in force on the dates ---------------------------------------------------

#: The Law on Identification 2023 (Luật Căn cước, 26/2023/QH15) takes effect on this day: the card
#: is then the "thẻ căn cước" (no longer "Căn cước công dân", CCCD), and citizens under 14 may
#: apply too (through a parent or guardian); from 14 on, applying stays an obligation.
IDENTIFICATION_LAW_2023_FROM = dt.date(2024, 7, 1)


@dataclass(frozen=True)
class CardTerms:
    """How documents name the card and whom a visit serves, under one law.

    ``card_*``: the card as a title names it ("Căn cước công dân" / "thẻ căn cước");
    ``short_*``: in running text and headings ("CCCD" / "căn cước"); ``who_*``: the citizens a
    notice calls; ``minors_*``: the line about young citizens (with whom they come).
    """

    card_vi: str
    card_en: str
    short_vi: str
    short_en: str
    who_vi: str
    who_en: str
    minors_vi: tuple[str, ...]
    minors_en: tuple[str, ...]

    def card(self, lang: str = "vi") -> str:
        """The card's name as a title gives it."""
        return tr(lang, self.card_vi, self.card_en)

    def short(self, lang: str = "vi") -> str:
        """The card's short name (CCCD before 1/7/2024, căn cước from then)."""
        return tr(lang, self.short_vi, self.short_en)


_CITIZEN_ID_CARD = CardTerms(
    card_vi="Căn cước công dân",
    card_en="citizen ID card",
    short_vi="CCCD",
    short_en="ID card",
    who_vi="công dân từ đủ 14 tuổi trở lên chưa được cấp thẻ Căn cước công dân",
    who_en="citizens aged 14 and over who do not yet have a citizen ID card",
    minors_vi=("Công dân từ đủ 14 tuổi đến dưới 18 tuổi đi cùng cha, mẹ hoặc người giám hộ.",),
    minors_en=("Citizens aged 14 to 17 come with a parent or guardian.",),
)
_IDENTITY_CARD = CardTerms(
    card_vi="thẻ căn cước",
    card_en="identity card",
    short_vi="căn cước",
    short_en="identity card",
    who_vi="công dân từ đủ 14 tuổi trở lên chưa được cấp thẻ căn cước (và công dân dưới "
    "14 tuổi có nhu cầu)",
    who_en="citizens aged 14 and over who do not yet have an identity card (and citizens "
    "under 14 who wish to have one)",
    minors_vi=(
        "Công dân từ đủ 14 tuổi đến dưới 18 tuổi đi cùng cha, mẹ hoặc người giám hộ.",
        "Công dân dưới 14 tuổi có nhu cầu cấp thẻ căn cước: cha, mẹ hoặc người giám hộ đưa "
        "đến và làm thủ tục thay (trẻ dưới 6 tuổi không phải thu nhận vân tay, mống mắt).",
    ),
    minors_en=(
        "Citizens aged 14 to 17 come with a parent or guardian.",
        "Children under 14 who wish to have an identity card come with a parent or guardian, "
        "who applies for them (no fingerprints or iris are taken under age 6).",
    ),
)


def card_terms(first_day: dt.date, last_day: dt.date | None = None) -> CardTerms:
    """The card's name and whom visits serve, by the law in force from ``first_day`` to
    ``last_day`` (a plan's dates; one day for a notice).

    Dates wholly before 1/7/2024: the Law on Citizen Identification 2014 ("Căn cước công
    dân", from 14 years). Dates from 1/7/2024: the Law on Identification 2023 ("thẻ căn
    cước", under-14s may apply). A plan that spans the change is named by its last day: the
    documents are read, and the cards delivered, under the new law.
    """
    day = last_day or first_day
    return _IDENTITY_CARD if day >= IDENTIFICATION_LAW_2023_FROM else _CITIZEN_ID_CARD


# --- what it would take ---------------------------------------------------------------------


def _proven(flag: bool, lang: str) -> str:
    return (
        tr(lang, "đã chứng minh", "proven")
        if flag
        else tr(lang, "chưa chứng minh: giới hạn thời gian giải", "not proven: solver time limit")
    )


def _not_found(what: WhatItTakes, lang: str) -> str:
    seconds = fmt_num(what.budget_s, 0, lang)
    return tr(
        lang,
        f"chưa tìm được trong {seconds} giây dành cho phân tích",
        f"not found within the analysis's {seconds} seconds",
    )


def limit_lines(what: WhatItTakes, lang: str = "vi") -> list[str]:
    """Each limit no number of teams lifts, with what would lift it."""
    lines = []
    for limit in what.limits:
        fixes = []
        if limit.cap_needed_per_day is not None:
            fixes.append(
                tr(lang, "nâng sức chứa lên ", "raise its cap to ")
                + fmt_int(limit.cap_needed_per_day, lang)
                + tr(lang, " người/ngày", " a day")
            )
        if limit.deadline_needed is not None:
            fixes.append(
                tr(lang, "hoặc lùi hạn đến ", "or a deadline of ")
                + fmt_date(limit.deadline_needed, lang)
                if fixes
                else tr(lang, "lùi hạn đến ", "a deadline of ")
                + fmt_date(limit.deadline_needed, lang)
            )
        reason = limit_reason_text(limit.reason, lang)
        fix = tr(lang, "; cách gỡ: ", "; what would lift it: ") + " ".join(fixes) if fixes else ""
        lines.append(f"{limit.commune_name}: {reason}{fix}.")
    names = {limit.commune_code: limit.commune_name for limit in what.limits}
    return lines + [lift_text(lift, names, lang) for lift in what.lifts]


def lift_text(lift: Lift, names: Mapping[str, str], lang: str = "vi") -> str:
    """'Cách gỡ «không đến được»: cho phép nghỉ lại qua đêm … → đến được cả 3 xã; kế hoạch thu
    12.345/13.000 hồ sơ trước hạn (kịp hạn, đã chứng minh).'"""
    count = len(lift.lifted) + len(lift.still_unreachable)
    if lift.kind == LiftKind.OVERNIGHT:
        minutes = fmt_int(lift.overnight_min_one_way_min, lang)
        change = tr(
            lang,
            f"cho phép nghỉ lại qua đêm (tại xã cách trụ sở của tổ từ {minutes} phút)",
            f"allow overnight stays (at communes {minutes}+ min from the team's base)",
        )
    else:
        where = ", ".join(
            f"{name} ({code})" for code, name in zip(lift.base_codes, lift.base_names, strict=True)
        )
        n = len(lift.base_codes)
        change = tr(
            lang,
            f"thêm {'một' if n == 1 else n} tổ đặt trụ sở tại {where}",
            f"{'one more team' if n == 1 else f'{n} more teams'} based at {where}",
        )
    if not lift.still_unreachable:
        reach = tr(lang, f"đến được cả {count} xã", f"all {count} communes reachable")
    else:
        left = ", ".join(names.get(c, c) for c in lift.still_unreachable)
        reach = tr(
            lang,
            f"đến được {len(lift.lifted)}/{count} xã (còn {left})",
            f"{len(lift.lifted)} of {count} communes reachable (not {left})",
        )
    if lift.collected is None:
        figure = tr(
            lang,
            "kế hoạch: chưa lập được trong thời gian dành cho phân tích",
            "its plan: not made within the analysis's time",
        )
    else:
        got, backlog = fmt_int(lift.collected, lang), fmt_int(lift.backlog, lang)
        verdict = (
            tr(lang, "kịp hạn", "meets the deadline")
            if lift.meets
            else tr(lang, "chưa kịp hạn", "misses the deadline")
        )
        figure = tr(
            lang,
            f"kế hoạch thu {got}/{backlog} hồ sơ trước hạn ({verdict}; "
            f"{_proven(lift.proven, lang)})",
            f"a plan collects {got} of {backlog} by the deadline ({verdict}; "
            f"{_proven(lift.proven, lang)})",
        )
    head = tr(lang, "Cách gỡ «không đến được»: ", "To lift “unreachable”: ")
    return f"{head}{change} → {reach}; {figure}."


def leaves_out_text(what: WhatItTakes, lang: str = "vi") -> str:
    """'Ở các xã còn lại (không tính 1 xã không đến được):' — what the fewest teams cover when
    the limits are unreachable communes."""
    n = len(what.min_teams_leaves_out)
    return tr(
        lang,
        f"Ở các xã còn lại (không tính {n} xã không đến được ở trên):",
        f"At the other communes (leaving out the {n} unreachable above):",
    )


def teams_interval_text(what: WhatItTakes, lang: str = "vi") -> str:
    """The fewest teams as the interval it is: proven ("ít nhất L": with fewer teams a valid
    upper bound — or the teams' capacity — is below the backlog), and met ("U": a plan meets
    the deadline with U teams). One number when they meet; else what each end means."""
    low, high = what.min_teams_low, what.min_teams_for_deadline
    if high is not None and (what.min_teams_proven or (low is not None and low >= high)):
        return tr(
            lang,
            f"Số tổ tối thiểu để kịp hạn: {high} (đã chứng minh: có kế hoạch kịp hạn với {high} "
            f"tổ, và với ít hơn thì cận trên hợp lệ thấp hơn số hồ sơ).",
            f"Fewest teams to meet the deadline: {high} (proven: a plan meets it with {high}, "
            "and with fewer a valid upper bound is below the backlog).",
        )
    proof_vi = proof_en = ""
    if low is not None and low > 1:
        proof_vi = (
            f"ít nhất {low} tổ (đã chứng minh: với ít hơn {low} tổ cận trên hợp lệ thấp hơn số "
            "hồ sơ)"
        )
        proof_en = f"at least {low} (proven: with fewer, a valid upper bound is below the backlog)"
    if high is not None:
        if not proof_vi:
            return tr(
                lang,
                f"Số tổ để kịp hạn: có kế hoạch kịp hạn với {high} tổ; chưa chứng minh được ít "
                f"hơn {high} tổ là không đủ ({_time_ran_out(what, 'vi')}).",
                f"Teams to meet the deadline: a plan meets it with {high}; that fewer cannot is "
                f"not proven ({_time_ran_out(what, 'en')}).",
            )
        return tr(
            lang,
            f"Số tổ cần để kịp hạn: từ {low} đến {high} — {proof_vi}; có kế hoạch kịp hạn với "
            f"{high} tổ; với {low}–{high - 1} tổ chưa biết ({_time_ran_out(what, 'vi')}).",
            f"Teams needed to meet the deadline: {low} to {high} — {proof_en}; a plan meets it "
            f"with {high}; {low}–{high - 1} not settled ({_time_ran_out(what, 'en')}).",
        )
    if what.time_limited:
        found_vi, found_en = _not_found(what, "vi"), _not_found(what, "en")
    else:
        found_vi = f"không có kế hoạch nào kịp hạn với tối đa {what.max_teams} tổ đã thử"
        found_en = f"no plan met it with up to {what.max_teams} teams tried"
    if proof_vi:
        return tr(
            lang,
            f"Số tổ tối thiểu: {proof_vi}; kế hoạch kịp hạn: {found_vi}.",
            f"Fewest teams: {proof_en}; a plan that meets it: {found_en}.",
        )
    return tr(lang, f"Số tổ tối thiểu: {found_vi}.", f"Fewest teams: {found_en}.")


def finish_interval_text(what: WhatItTakes, teams: int, lang: str = "vi") -> str:
    """The earliest finish with the teams given, as the interval it is: no plan can finish
    before the low date (proven by valid bounds), a plan finishes by the high date."""
    low, high = what.earliest_finish_low, what.earliest_finish_current_teams
    head = tr(
        lang,
        f"Với {teams} tổ hiện có, sớm nhất xong ngày ",
        f"With the current {teams} teams the earliest finish is ",
    )
    if high is None:
        tail = tr(lang, "; không kế hoạch nào xong trước ", "; no plan can finish before ")
        proven = tr(lang, " (đã chứng minh)", " (proven)")
        known = tail + fmt_date(low, lang) + proven if low else ""
        return head + "— " + _not_found(what, lang) + known + "."
    if what.earliest_finish_proven or (low is not None and low >= high):
        return head + fmt_date(high, lang) + tr(lang, " (đã chứng minh).", " (proven).")
    if low is None:
        return head + fmt_date(high, lang) + f" ({_proven(False, lang)})."
    return tr(
        lang,
        f"Với {teams} tổ hiện có, xong trong khoảng {fmt_date(low)} – {fmt_date(high)}: không "
        f"kế hoạch nào xong trước {fmt_date(low)} (đã chứng minh), có kế hoạch xong ngày "
        f"{fmt_date(high)} ({_time_ran_out(what, 'vi')}).",
        f"With the current {teams} teams the earliest finish is between "
        f"{fmt_date(low, 'en')} and {fmt_date(high, 'en')}: no plan can finish before "
        f"{fmt_date(low, 'en')} (proven), a plan finishes by {fmt_date(high, 'en')} "
        f"({_time_ran_out(what, 'en')}).",
    )


def _time_ran_out(what: WhatItTakes, lang: str) -> str:
    seconds = fmt_num(what.budget_s, 0, lang)
    return tr(
        lang,
        f"hết {seconds} giây dành cho phân tích",
        f"the analysis's {seconds} seconds ran out",
    )


def _weekends_effect(what: WhatItTakes, lang: str) -> str:
    """'thu nhận 2.990 hồ sơ đến hạn, bằng kế hoạch hiện nay (đã chứng minh)' — the figure with
    words, never a bare '(0; …)'."""
    collected = fmt_int(what.weekends_collected, lang)
    delta = what.weekends_delta or 0
    if delta > 0:
        change = tr(
            lang,
            f"nhiều hơn kế hoạch hiện nay {fmt_int(delta, lang)} hồ sơ",
            f"{fmt_int(delta, lang)} more than the current plan",
        )
    elif delta < 0:
        change = tr(
            lang,
            f"ít hơn kế hoạch hiện nay {fmt_int(-delta, lang)} hồ sơ",
            f"{fmt_int(-delta, lang)} fewer than the current plan",
        )
    else:
        change = tr(lang, "bằng kế hoạch hiện nay", "the same as the current plan")
    return (
        tr(
            lang,
            f"thu nhận {collected} hồ sơ đến hạn chót, {change}",
            f"{collected} applications by the deadline, {change}",
        )
        + f" ({_proven(what.weekends_proven, lang)})"
    )


def what_it_takes_lines(what: WhatItTakes, scenario: Scenario, lang: str = "vi") -> list[str]:
    """'What would it take' as sentences, each saying whether it is proven (or not found within
    the analysis's time budget)."""
    lines = []
    if what.limits:
        lines.append(
            tr(
                lang,
                "Không số tổ nào kịp hạn (đã chứng minh) vì các giới hạn sau:",
                "No number of teams meets the deadline (proven), because of these limits:",
            )
        )
        lines += ["  " + line for line in limit_lines(what, lang)]
        if what.min_teams_leaves_out:
            lines.append(leaves_out_text(what, lang) + " " + teams_interval_text(what, lang))
    else:
        lines.append(teams_interval_text(what, lang))
    if not what.limits or what.earliest_finish_current_teams is not None:
        lines.append(finish_interval_text(what, len(scenario.teams), lang))
    else:
        head = tr(
            lang,
            f"Với {len(scenario.teams)} tổ hiện có, sớm nhất xong ngày ",
            f"With the current {len(scenario.teams)} teams the earliest finish is ",
        )
        if what.earliest_finish_proven:
            lines.append(
                head + tr(lang, "— không có (xem giới hạn trên).", "— none (see the limits above).")
            )
        else:
            lines.append(head + "— " + _not_found(what, lang) + ".")
    if what.weekends_variant == "on":
        head = tr(lang, "Nếu làm cả thứ Bảy, Chủ nhật", "Working weekends")
    else:
        head = tr(lang, "Nếu nghỉ thứ Bảy, Chủ nhật", "With weekends off")
    if what.weekends_collected is None or what.weekends_delta is None:
        lines.append(f"{head}: {_not_found(what, lang)}.")
    else:
        lines.append(f"{head}: {_weekends_effect(what, lang)}.")
    if what.apps_per_extra_team_day is None:
        lines.append(
            tr(lang, "Giá trị một ngày-tổ thêm: ", "Value of an extra team-day: ")
            + _not_found(what, lang)
            + "."
        )
    else:
        lines.append(
            tr(lang, "Mỗi ngày-tổ thêm thu nhận thêm khoảng ", "Each extra team-day adds about ")
            + fmt_num(what.apps_per_extra_team_day, 0, lang)
            + tr(lang, " hồ sơ", " applications")
            + f" ({_proven(what.marginal_proven, lang)})."
        )
    return lines


def unreachable_lines(result: SolveResult, scenario: Scenario, lang: str = "vi") -> list[str]:
    """The communes (intake points) no team can serve at all, each with the reason (never
    dropped silently)."""
    names = {p.point_id: scenario.point_label(p.point_id) for p in scenario.points}
    lines = []
    for code, why in result.unreachable.items():
        text = unreachable_text(why, lang)
        lines.append(
            tr(lang, "Không đến được ", "Cannot be reached: ")
            + f"{names.get(code, code)} ({code}): {text}."
        )
    return lines


# --- the slide deck -----------------------------------------------------------------------------

#: The slides' titles and fixed words (the People's Committee meeting deck, ``report/deck.py``).
DECK_WORDS: dict[str, tuple[str, str]] = {
    "plan_title": ("KẾ HOẠCH CẤP {card} LƯU ĐỘNG", "MOBILE {card} INTAKE PLAN"),
    "compare_title": ("SO SÁNH PHƯƠNG ÁN", "SCENARIO COMPARISON"),
    "area": (
        "Địa bàn: {communes} đơn vị cấp xã · {teams} tổ lưu động",
        "Area: {communes} communes · {teams} mobile teams",
    ),
    "window": ("Từ ngày {start} đến ngày {deadline}", "From {start} to {deadline}"),
    "verdict": ("Kết quả dự kiến", "Expected result"),
    "what_it_takes": ("Cần gì để kịp hạn", "What it would take"),
    "what_not_run": (
        "Chưa chạy phân tích “cần gì để kịp hạn” cho kế hoạch này (trang Kế hoạch hoặc lệnh "
        "solve --what-it-takes).",
        "The “what would it take” analysis was not run for this plan (Plan page or solve "
        "--what-it-takes).",
    ),
    "coverage_map": ("Tỷ lệ chưa được cấp thẻ theo xã", "Share without a card, by commune"),
    "plan_map": ("Bản đồ phân công: tuyến và ngày tổ đến", "Plan map: routes and visit dates"),
    "schedule": ("Lịch tuần {week}: {first} – {last}", "Week {week} schedule: {first} – {last}"),
    "ranked": (
        "Các xã theo số còn phải thu nhận",
        "Communes by remaining backlog",
    ),
    "rank": ("TT", "No."),
    "burn_down": ("Tiến độ: số còn phải thu nhận", "Progress: backlog remaining"),
    "last_week": ("Kết quả tuần {first} – {last} theo xã", "Week {first} – {last} by commune"),
    "assumptions": ("Giả định của kế hoạch", "Assumptions of the plan"),
    "reasons": ("Căn cứ và giả định", "Grounds and assumptions"),
    "sources": ("Nguồn số liệu", "Data sources"),
    "continued": ("(tiếp)", "(cont.)"),
    "no_map": (
        "Không có tệp ranh giới xã: không vẽ được bản đồ.",
        "No commune boundary file: no map.",
    ),
    "no_visits": ("Không có lịch", "No visit"),
    "off": ("nghỉ", "off"),
    "team_base": ("Trụ sở tổ", "Team base"),
    "north": ("B", "N"),
    "setting": ("Thiết lập", "Setting"),
    "value": ("Giá trị", "Value"),
    "section": ("Mục", "Section"),
    "reason": ("Lý do / nguồn", "Reason / source"),
    "teams_line": ("Số tổ lưu động", "Mobile teams"),
    "bases_line": ("Trụ sở", "Bases"),
    "rate_line": ("Số hồ sơ mỗi giờ (một tổ)", "Applications per hour (one team)"),
    "shift_line": ("Số giờ làm việc mỗi ngày", "Working hours per day"),
    "weekdays_line": ("Ngày làm việc", "Working days"),
    "holidays_line": ("Ngày nghỉ lễ trong đợt", "Public holidays in the window"),
    "none": ("không có", "none"),
    "description": ("Mô tả", "Description"),
    "boundaries": ("Ranh giới xã", "Commune boundaries"),
    "made_on": ("Lập ngày", "Made on"),
    "solver": ("Bộ giải", "Solver"),
    "total": ("Tổng cộng", "Total"),
    "variants_of": ("Các phương án của “{name}”", "Variants of “{name}”"),
    "sweep_chart": ("Thu nhận đến hạn theo số tổ", "Collected by the deadline vs teams"),
    "no_result": ("không có kết quả", "no result"),
}


def deck_word(key: str, lang: str = "vi", **values: object) -> str:
    """A title or fixed text of the slide deck in ``lang``, ``{name}`` fields filled in."""
    vi, en = DECK_WORDS[key]
    text = tr(lang, vi, en)
    return text.format(**values) if values else text


def taken_text(collected: int, backlog: int, lang: str = "vi") -> str:
    """'2.990/2.990' (taken by the deadline out of the collectable backlog)."""
    return f"{fmt_int(collected, lang)}/{fmt_int(backlog, lang)}"


# --- how a solve spent its time -----------------------------------------------------------------

#: How the volume stage ended (planning.results.VolumeEnd), as the sentence's reason.
VOLUME_ENDS = {
    "met": ("kế hoạch đã thu đủ mọi hồ sơ", "the plan took every application"),
    "proven": ("đã chứng minh là nhiều nhất", "it was proven the most possible"),
    "stalled": ("không còn cải thiện", "it stopped improving"),
    "time_limit": ("vẫn đang cải thiện khi hết giờ", "it was still improving at the time limit"),
    "share": ("", ""),
}


def time_use_text(use: TimeUse, lang: str = "vi") -> str:
    """How the solve divided its time between collecting the most and the later stages
    (earliness, travel, balance): the rule of :mod:`planning.solver.time_rule`."""
    volume = fmt_num(use.volume_s, 1, lang)
    later = fmt_num(use.later_s, 1, lang)
    if not use.volume_first:
        return tr(
            lang,
            f"Chia thời gian thường lệ: {volume} giây cho số hồ sơ, {later} giây cho các tiêu "
            "chí sau (thu sớm, quãng đường, cân bằng).",
            f"Usual division of the time: {volume} s for the applications collected, {later} s "
            "for the later stages (earliness, travel, balance).",
        )
    vi, en = VOLUME_ENDS[use.volume_end]
    return tr(
        lang,
        f"Kế hoạch chưa kịp hạn nên ưu tiên số hồ sơ: {volume} giây cho số hồ sơ (dừng vì {vi}), "
        f"các tiêu chí sau chỉ dùng phần còn lại: {later} giây.",
        f"The plan missed the deadline, so the applications collected came first: {volume} s "
        f"for them (ended because {en}); the later stages got only what was left: {later} s.",
    )


# --- names of new scenarios -----------------------------------------------------------------------

_PLACE_PREFIXES = ("Thành phố ", "Tỉnh ", "Thị trấn ", "Phường ", "Xã ", "TP. ", "TT ")


def default_scenario_name(place: str, start: dt.date, communes: int | None = None) -> str:
    """The name a new scenario gets when the planner gives none: its place and month, as the
    office would title it — 'Lai Châu, 12/2026', 'Cao Bằng (7 xã), 12/2026' for part of a
    province — never a file name (it titles every document)."""
    for prefix in _PLACE_PREFIXES:
        if place.startswith(prefix):
            place = place[len(prefix) :]
            break
    part = f" ({communes} xã)" if communes else ""
    return f"{place}{part}, {start:%m/%Y}"
