"""The words the tool says about a plan, in one place: the CLI, the app, Excel and PDF use them.

Vietnamese first, English second. Here live the verdict (a plan is *kịp hạn* or *không kịp hạn*),
the names of the solver's lexicographic stages and statuses, the solver's status text, the names of
the ways a commune's visits change between two plans, the column labels of every table the
reports build (so a column is called the same on the screen, in the workbook and on paper), and
the card's name by the law in force on a plan's dates (:func:`card_terms`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planning.domain import Scenario
from planning.formatting import fmt_date, fmt_int, fmt_num
from planning.results import NO_PLAN, SolveResult, StageOutcome, WhatItTakes


def tr(lang: str, vi: str, en: str) -> str:
    """Pick the Vietnamese or the English text."""
    return vi if lang == "vi" else en


# --- the verdict --------------------------------------------------------------------------------

#: A plan meets the deadline when the whole collectable backlog is planned by it.
VERDICT_WORDS = {
    "meets": ("kịp hạn", "meets the deadline"),
    "misses": ("không kịp hạn", "misses the deadline"),
}


def verdict_word(meets: bool, lang: str = "vi") -> str:
    """The verdict as a headline: 'KỊP HẠN' / 'KHÔNG KỊP HẠN' ('MEETS THE DEADLINE' ...)."""
    vi, en = VERDICT_WORDS["meets" if meets else "misses"]
    return tr(lang, vi, en).upper()


def verdict_label(meets: bool, lang: str = "vi") -> str:
    """The verdict as a table cell: 'Kịp hạn' / 'Không kịp hạn'."""
    vi, en = VERDICT_WORDS["meets" if meets else "misses"]
    text = tr(lang, vi, en)
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
    """The plan's verdict in one sentence, with its numbers and the proven bound."""
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


# --- the solver: stages and statuses ------------------------------------------------------------

#: The lexicographic stages of the solver (ids as in :mod:`planning.solver.objective`).
STAGE_NAMES = {
    "volume": ("số hồ sơ", "applications collected"),
    "stability": ("giữ lịch đã công bố", "keeping announced days"),
    "earliness": ("thu sớm", "collecting early"),
    "travel": ("quãng đường", "travel"),
    "balance": ("cân bằng giữa các tổ", "balance between teams"),
}
#: Vietnamese names of the stages, for status texts.
STAGE_NAMES_VI = {key: vi for key, (vi, _) in STAGE_NAMES.items()}

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
    vi, en = NATIONAL_ANSWER_NAMES.get(answer, (answer, answer))
    return tr(lang, vi, en)


#: Whether the teams of a variant work weekends (planning.variants.weekends_setting).
WEEKEND_SETTINGS = {
    "on": ("có", "yes"),
    "off": ("không", "no"),
    "mixed": ("tùy tổ", "varies by team"),
}


def stage_name(stage: str, lang: str = "vi") -> str:
    """The name of a solver stage ('volume' → 'số hồ sơ'); an unknown id is shown as it is."""
    vi, en = STAGE_NAMES.get(stage, (stage, stage))
    return tr(lang, vi, en)


def status_name(status: str, lang: str = "vi") -> str:
    """What a solver status means ('feasible' → 'khả thi, chưa chứng minh tối ưu'), or a sweep
    variant's without a result ('cancelled' → 'đã hủy')."""
    vi, en = STATUS_NAMES.get(status) or OUTCOME_NAMES.get(status, (status, status))
    return tr(lang, vi, en)


def weekends_word(setting: str, lang: str = "vi") -> str:
    """'on' → 'có' / 'yes' (whether the teams work weekends)."""
    vi, en = WEEKEND_SETTINGS.get(setting, (setting, setting))
    return tr(lang, vi, en)


def status_text(
    status: str,
    proven: bool,
    outcomes: Sequence[StageOutcome],
    valid_bound: int,
    model_bound: int | None,
    collected: int,
    backlog: int,
) -> str:
    """Vietnamese + English explanation of the status (never blames resources for a time-out)."""
    if status == NO_PLAN:
        return (
            "Không có ngày làm việc nào có thể phục vụ xã nào / no working team-day can serve any "
            "commune (check calendar, earliest dates, blackouts and travel times)"
        )
    later = [o.name for o in outcomes[1:] if o.status != "optimal"]
    later_vi = ", ".join(STAGE_NAMES_VI.get(name, name) for name in later)
    tail_vi = f" (các tiêu chí phụ {later_vi} dừng do hết thời gian)" if later else ""
    tail_en = f" (secondary stages {', '.join(later)} stopped at the time limit)" if later else ""
    got_vi, got_en = fmt_int(collected), fmt_int(collected, "en")
    bound_vi, bound_en = fmt_int(valid_bound), fmt_int(valid_bound, "en")
    if proven and collected >= backlog:
        return (
            f"Kế hoạch thu đủ {got_vi} hồ sơ trước hạn{tail_vi} / "
            f"plan collects all {got_en} applications by the deadline{tail_en}"
        )
    if proven:
        return (
            f"Tối ưu: tối đa {got_vi} hồ sơ trước hạn với nguồn lực hiện có{tail_vi} / "
            f"optimal: at most {got_en} applications by the deadline with these resources "
            f"(within the candidate routes; valid bound {bound_en}){tail_en}"
        )
    extra_vi = extra_en = ""
    if model_bound is not None and model_bound < valid_bound:
        extra_vi = f"; trong các tuyến ứng viên tối đa {fmt_int(model_bound)}"
        extra_en = f"; at most {fmt_int(model_bound, 'en')} within the candidate routes"
    return (
        f"Hết thời gian giải; đây là kế hoạch tốt nhất tìm được ({got_vi}), cận trên đã chứng "
        f"minh {bound_vi}{extra_vi} / time limit reached; best plan found so far "
        f"({got_en}), proven bound {bound_en}{extra_en}"
    )


# --- what changed between two plans -------------------------------------------------------------

#: How a commune's visits changed (kinds of :class:`planning.campaign.plan_diff.CommuneChange`).
CHANGE_KINDS = {
    "moved": ("đổi ngày", "moved"),
    "appeared": ("thêm lịch", "appeared"),
    "disappeared": ("bỏ lịch", "disappeared"),
    "team_changed": ("đổi tổ", "team changed"),
}


def change_kind_name(kind: str, lang: str = "vi") -> str:
    """'moved' → 'đổi ngày'."""
    vi, en = CHANGE_KINDS[kind]
    return tr(lang, vi, en)


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
    "collectable": ("Cần thu nhận", "Collectable backlog"),
    "earliest": ("Sớm nhất được đến", "Earliest visit"),
    "applications": ("Hồ sơ dự kiến", "Applications"),
    "visit_dates": ("Ngày tổ đến", "Visit dates"),
    "planned": ("Dự kiến thu nhận đến hạn", "Planned by the deadline"),
    "remaining": ("Còn lại đến hạn", "Remaining at the deadline"),
    "stop_no": ("Điểm thứ", "Stop"),
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
    vi, en = SETTING_LABELS.get(key, (key, key))
    return tr(lang, vi, en)


def yes_no(value: bool, lang: str = "vi") -> str:
    """'có' / 'không' (yes / no)."""
    return tr(lang, "có", "yes") if value else tr(lang, "không", "no")


def label(key: str, lang: str = "vi") -> str:
    """The column label ``key`` in ``lang``."""
    vi, en = LABELS[key]
    return tr(lang, vi, en)


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
        reason = limit.reason.split(" / ")[0 if lang == "vi" else -1]
        fix = tr(lang, "; cách gỡ: ", "; what would lift it: ") + " ".join(fixes) if fixes else ""
        lines.append(f"{limit.commune_name}: {reason}{fix}.")
    return lines


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
    teams = what.min_teams_for_deadline
    if what.limits:
        lines.append(
            tr(
                lang,
                "Không số tổ nào kịp hạn (đã chứng minh) vì các giới hạn sau:",
                "No number of teams meets the deadline (proven), because of these limits:",
            )
        )
        lines += ["  " + line for line in limit_lines(what, lang)]
    elif teams is not None:
        lines.append(
            tr(
                lang,
                f"Số tổ tối thiểu để kịp hạn: {teams}",
                f"Fewest teams to meet the deadline: {teams}",
            )
            + f" ({_proven(what.min_teams_proven, lang)})."
        )
    elif what.time_limited:
        lines.append(tr(lang, "Số tổ tối thiểu: ", "Fewest teams: ") + _not_found(what, lang) + ".")
    else:
        lines.append(
            tr(
                lang,
                f"Không tìm được số tổ đủ để kịp hạn (đã thử đến {what.max_teams} tổ).",
                f"No team count up to {what.max_teams} meets the deadline.",
            )
        )
    finish = what.earliest_finish_current_teams
    head = tr(
        lang,
        f"Với {len(scenario.teams)} tổ hiện có, sớm nhất xong ngày ",
        f"With the current {len(scenario.teams)} teams the earliest finish is ",
    )
    if finish is not None:
        lines.append(
            head + fmt_date(finish, lang) + f" ({_proven(what.earliest_finish_proven, lang)})."
        )
    elif what.limits and what.earliest_finish_proven:
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
    """The communes no team can serve at all, each with the reason (never dropped silently)."""
    names = {c.code: c.name for c in scenario.communes}
    lines = []
    for code, reason in result.unreachable.items():
        text = reason.split(" / ")[0 if lang == "vi" else -1]
        lines.append(
            tr(lang, "Không đến được ", "Cannot be reached: ")
            + f"{names.get(code, code)} ({code}): {text}."
        )
    return lines


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
