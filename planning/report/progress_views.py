"""Tables, sentences and chart data of a running campaign, shared by the app, the CLI and exports.

The Progress page shows them, the weekly workbook and PDF print the weekly tables, and the
``replan`` command prints the lines that tell communes what changed. Column labels come from
:data:`planning.wording.LABELS` through :class:`planning.report.tables.Table`.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

import pandas as pd

from planning.campaign.actuals import FORM_NOTE
from planning.campaign.plan_diff import CommuneChange
from planning.campaign.progress import BurnDown, CommuneStanding, daily_totals
from planning.campaign.replan import ChangeGroup, PromiseReplan
from planning.campaign.weekly import WeeklyReview, WeeklyRow
from planning.domain import Plan, Scenario, Visit
from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.io.actuals_files import ActualEntry, ActualsLog
from planning.report.tables import Kind, Table
from planning.wording import change_kind_name, label, tr

# --- where the campaign stands ------------------------------------------------------------------


def standing_figures(rows: Sequence[CommuneStanding], lang: str = "vi") -> list[tuple[str, str]]:
    """(label, figure) of the whole area: collectable, planned and actual so far, remaining."""
    totals = (
        ("collectable", sum(r.collectable_backlog for r in rows)),
        ("planned_to_date", sum(r.planned_to_date for r in rows)),
        ("actual_to_date", sum(r.actual_to_date for r in rows)),
        ("remaining_now", sum(r.remaining for r in rows)),
    )
    return [(label(key, lang), fmt_int(value, lang)) for key, value in totals]


def standing_table(rows: Sequence[CommuneStanding], lang: str = "vi") -> Table:
    """Per commune: collectable, planned and actual so far, remaining, behind plan."""
    return Table.build(
        [
            ("code", "text"),
            ("name", "text"),
            ("collectable", "int"),
            ("planned_to_date", "int"),
            ("actual_to_date", "int"),
            ("remaining_now", "int"),
            ("behind_plan", "int"),
        ],
        [
            (
                r.code,
                r.name,
                r.collectable_backlog,
                r.planned_to_date,
                r.actual_to_date,
                r.remaining,
                r.behind_plan,
            )
            for r in rows
        ],
        lang,
    )


def projection_sentence(short: int, deadline: dt.date, lang: str = "vi") -> str:
    """Whether the announced plan, run as is after the actuals, clears the backlog in time."""
    day = fmt_date(deadline, lang)
    if short == 0:
        return tr(
            lang,
            f"Theo kế hoạch đã công bố và số thực tế, dự kiến thu nhận hết trước hạn chót {day}.",
            "With the announced plan and the actuals, the backlog is expected to be cleared by "
            f"the deadline {day}.",
        )
    missing = fmt_int(short, lang)
    return tr(
        lang,
        f"Theo kế hoạch đã công bố và số thực tế, đến hạn chót {day} dự kiến còn thiếu "
        f"{missing} hồ sơ: nên lập lại kế hoạch.",
        f"With the announced plan and the actuals, {missing} applications would still be "
        f"missing at the deadline {day}: re-plan.",
    )


def per_day_table(
    plan: Plan | None, actuals: Sequence[Visit], today: dt.date, lang: str = "vi"
) -> Table:
    """Per date up to ``today``: planned and actual applications and the difference."""
    planned = daily_totals(plan.visits()) if plan is not None else {}
    actual = daily_totals(actuals)
    dates = sorted(d for d in set(planned) | set(actual) if d <= today)
    return Table.build(
        [("date", "date"), ("planned_day", "int"), ("actual_day", "int"), ("difference", "int")],
        [
            (d, planned.get(d, 0), actual.get(d, 0), actual.get(d, 0) - planned.get(d, 0))
            for d in dates
        ],
        lang,
    )


# --- the intake log -----------------------------------------------------------------------------


def note_text(note: str, lang: str = "vi") -> str:
    """A log note in the reader's language (the log keeps the Vietnamese words the tool wrote:
    an entry typed in the app, a file imported, a correction; a planner's own note as it is)."""
    if lang != "en":
        return note
    if note == FORM_NOTE:
        return "entered in the app"
    for vi, en in (("nhập từ ", "imported from "), ("sửa mục ", "correction of entry ")):
        if note.startswith(vi):
            return en + note[len(vi) :]
    return note


def actuals_log_table(log: ActualsLog, names: Mapping[str, str], lang: str = "vi") -> Table:
    """Every entry of the log, corrections included, each saying whether it still counts."""
    current = {e.entry for e in log.effective()}
    return Table.build(
        [
            ("entry_no", "text"),
            ("recorded_at", "text"),
            ("date", "date"),
            ("team", "text"),
            ("commune", "text"),
            ("applications_taken", "int"),
            ("replaces", "text"),
            ("note", "text"),
            ("status", "text"),
        ],
        [
            (
                e.entry,
                e.recorded_at.replace("T", " "),
                e.date,
                e.team_id,
                names.get(e.commune_code, e.commune_code),
                e.applications,
                e.replaces,
                note_text(e.note, lang),
                tr(lang, "đang dùng", "current")
                if e.entry in current
                else tr(lang, "đã được sửa", "corrected"),
            )
            for e in log.entries
        ],
        lang,
    )


def entry_text(entry: ActualEntry, names: Mapping[str, str], lang: str = "vi") -> str:
    """'#3 — 08/12/2022, T1, Xã Cao Chương: 60' (an entry to pick for a correction)."""
    name = names.get(entry.commune_code, entry.commune_code)
    return (
        f"#{entry.entry} — {fmt_date(entry.date, lang)}, {entry.team_id}, {name}: "
        f"{fmt_int(entry.applications, lang)}"
    )


def duplicate_lines(
    pairs: Sequence[tuple[Visit, ActualEntry]], names: Mapping[str, str], lang: str = "vi"
) -> list[str]:
    """'- 08/12/2022, T1, Xã Cao Chương: 60' per new record that repeats a recorded one
    (the figure is the one already recorded)."""
    return [
        f"- {fmt_date(v.date, lang)}, {v.team_id}, {names.get(v.commune_code, v.commune_code)}: "
        f"{fmt_int(old.applications, lang)}"
        for v, old in pairs
    ]


# --- what changed between the announced and the new plan ----------------------------------------


def _dates(days: Sequence[dt.date], lang: str) -> str:
    return ", ".join(fmt_date(d, lang) for d in days) or "—"


def _team_text(change: CommuneChange, team_names: Mapping[str, str] | None, lang: str) -> str:
    """'16/12/2022: Tổ 1 → Tổ 2' for each date kept with other teams ("—" when none)."""
    names = team_names or {}

    def teams(ids: tuple[str, ...]) -> str:
        return ", ".join(names.get(i, i) for i in ids)

    return (
        "; ".join(
            f"{fmt_date(day, lang)}: {teams(old)} → {teams(new)}"
            for day, old, new in change.team_changes
        )
        or "—"
    )


def change_table(
    changes: Sequence[CommuneChange],
    names: Mapping[str, str],
    lang: str = "vi",
    team_names: Mapping[str, str] | None = None,
) -> Table:
    """Per changed commune: the kind of change, the dates dropped and added, the teams changed."""
    return Table.build(
        [
            ("commune", "text"),
            ("change", "text"),
            ("dropped", "text"),
            ("added", "text"),
            ("team_change", "text"),
        ],
        [
            (
                names.get(c.commune_code, c.commune_code),
                change_kind_name(c.kind, lang),
                _dates(c.dropped, lang),
                _dates(c.added, lang),
                _team_text(c, team_names, lang),
            )
            for c in changes
        ],
        lang,
    )


def change_line(
    change: CommuneChange,
    names: Mapping[str, str],
    lang: str = "vi",
    team_names: Mapping[str, str] | None = None,
) -> str:
    """What to tell one commune: 'Xã Đàm Thủy: đổi ngày — bỏ 16/12/2022, thêm 18/12/2022'."""
    name = names.get(change.commune_code, change.commune_code)
    if change.kind == "team_changed":
        return (
            f"{name}: {change_kind_name(change.kind, lang)} {_team_text(change, team_names, lang)}"
        )
    parts = []
    if change.dropped:
        parts.append(tr(lang, "bỏ ", "dropped ") + _dates(change.dropped, lang))
    if change.added:
        parts.append(tr(lang, "thêm ", "added ") + _dates(change.added, lang))
    if change.team_changes:
        parts.append(tr(lang, "đổi tổ ", "team changed ") + _team_text(change, team_names, lang))
    return f"{name}: {change_kind_name(change.kind, lang)} — " + ", ".join(parts)


def change_lines(
    changes: Sequence[CommuneChange],
    names: Mapping[str, str],
    lang: str = "vi",
    team_names: Mapping[str, str] | None = None,
) -> list[str]:
    """One :func:`change_line` per changed commune: the text the communes are sent."""
    return [change_line(c, names, lang, team_names) for c in changes]


def change_group_table(
    groups: Sequence[ChangeGroup],
    names: Mapping[str, str],
    lang: str = "vi",
    team_names: Mapping[str, str] | None = None,
) -> Table:
    """What each change of the free re-plan buys and whether it is proposed: per group of
    changes sharing team-days, its communes' changes and the people gained by the deadline."""
    return Table.build(
        [("change", "text"), ("gain_people", "int"), ("proposed", "text")],
        [
            (
                "; ".join(change_line(c, names, lang, team_names) for c in g.changes),
                g.gain,
                tr(lang, "đề xuất", "proposed")
                if g.proposed
                else tr(lang, "không — giữ ngày đã thông báo", "no — announced dates kept"),
            )
            for g in groups
        ],
        lang,
    )


def emptied_sentence(
    outcome: PromiseReplan, names: Mapping[str, str], lang: str = "vi"
) -> str | None:
    """The announced visits given up because the commune has nobody left to take (or None)."""
    if not outcome.emptied:
        return None
    items = "; ".join(
        f"{names.get(code, code)} {fmt_date(day, lang)}" for code, day in outcome.emptied
    )
    return tr(
        lang,
        f"Bỏ các lịch đã báo ở nơi không còn ai cần thu nhận (số thực tế đã đủ): {items}.",
        f"Announced visits given up where nobody is left to take (the actual intake took "
        f"them all): {items}.",
    )


def promise_sentence(outcome: PromiseReplan, lang: str = "vi") -> str:
    """How the re-plan treated the announced dates: kept, or changed for how many people."""
    n = fmt_int(outcome.min_gain, lang)
    kept = fmt_int(outcome.kept.collected_by_deadline, lang)
    if outcome.proposal == "kept":
        if outcome.free is None:
            return tr(
                lang,
                f"Giữ mọi ngày đã thông báo: dự kiến thu nhận {kept} hồ sơ đến hạn chót.",
                f"Every announced date kept: {kept} applications expected by the deadline.",
            )
        extra = fmt_int(
            max(0, outcome.free.collected_by_deadline - outcome.kept.collected_by_deadline), lang
        )
        return tr(
            lang,
            f"Giữ mọi ngày đã thông báo: dự kiến thu nhận {kept} hồ sơ đến hạn chót. Lập lại tự "
            f"do chỉ thêm được {extra} hồ sơ; không thay đổi nào thêm được từ {n} người trở lên "
            "nên không đổi ngày nào đã báo cho các xã.",
            f"Every announced date kept: {kept} applications expected by the deadline. A free "
            f"re-plan would add only {extra}; no change gains {n} people or more, so no date "
            "told to a commune moves.",
        )
    gain = fmt_int(outcome.gain, lang)
    count = sum(1 for g in outcome.groups if g.proposed)
    return tr(
        lang,
        f"Đề xuất {count} thay đổi ngày đã thông báo: thêm {gain} hồ sơ đến hạn chót so với giữ "
        f"mọi ngày đã thông báo ({kept} hồ sơ). Chỉ đổi khi thêm được từ {n} người trở lên; các "
        "thay đổi khác giữ nguyên ngày đã báo.",
        f"{count} changes of announced dates proposed: {gain} more applications by the deadline "
        f"than keeping every announced date ({kept}). A date moves only for {n} people or more; "
        "the other changes keep the announced dates.",
    )


def frozen_caption(frozen: Sequence[dt.date], since: dt.date, lang: str = "vi") -> str:
    """Which announced dates a re-plan kept."""
    start, dates = fmt_date(since, lang), _dates(frozen, lang)
    return tr(
        lang,
        f"Lập lại từ {start}; giữ nguyên các ngày đã thông báo: {dates}.",
        f"Re-planned from {start}; announced days kept: {dates}.",
    )


# --- the burn-down ------------------------------------------------------------------------------

BURN_DOWN_SERIES = ("bd_planned", "bd_actual", "bd_forecast")
BURN_DOWN_COLOURS = ("#1f77b4", "#2ca02c", "#ff7f0e")


def burn_down_frame(bd: BurnDown, lang: str = "vi") -> pd.DataFrame:
    """Long table of the burn-down curves: ``date``, ``series`` (its label), ``remaining``."""
    curves = dict(zip(BURN_DOWN_SERIES, (bd.planned, bd.actual, bd.forecast), strict=True))
    records = [
        {"date": pd.Timestamp(d), "series": label(key, lang), "remaining": n}
        for key, series in curves.items()
        for d, n in series
    ]
    return pd.DataFrame(records, columns=["date", "series", "remaining"])


def burn_down_deadline(bd: BurnDown, lang: str = "vi") -> pd.DataFrame:
    """The deadline marker of the burn-down: its date and label."""
    text = label("deadline", lang) + " " + fmt_date(bd.deadline, lang)
    return pd.DataFrame([{"date": pd.Timestamp(bd.deadline), "label": text}])


# --- the weekly review --------------------------------------------------------------------------


def _team_names(scenario: Scenario) -> dict[str, str]:
    return {t.team_id: t.name for t in scenario.teams}


def _schedule_text(row: WeeklyRow, team_names: Mapping[str, str], lang: str) -> str:
    return "; ".join(
        f"{fmt_date(day, lang)} {team_names.get(team, team)} ({fmt_int(n, lang)})"
        for day, team, n in row.next_week
    )


WEEKLY_COLUMNS: tuple[tuple[str, Kind], ...] = (
    ("code", "text"),
    ("name", "text"),
    ("of_age", "int"),
    ("issued", "int"),
    ("collected_week", "int"),
    ("cumulative", "int"),
    ("pct_issued", "pct"),
    ("remaining_now", "int"),
    ("next_week", "text"),
)


def weekly_table(review: WeeklyReview, scenario: Scenario, lang: str = "vi") -> Table:
    """Per commune: of age, issued, this week, cumulative, % issued, remaining, next week.

    Estimated figures are starred after the commune's name.
    """
    teams = _team_names(scenario)
    return Table.build(
        WEEKLY_COLUMNS,
        [
            (
                r.code,
                r.name + ("*" if r.estimated else ""),
                r.of_age,
                r.issued,
                r.collected_week,
                r.collected_total,
                r.pct_issued,
                r.remaining,
                _schedule_text(r, teams, lang),
            )
            for r in review.rows
        ],
        lang,
    )


def weekly_total(review: WeeklyReview, lang: str = "vi") -> Table:
    """The whole area's line of the weekly table."""
    of_age = sum(r.of_age or 0 for r in review.rows)
    issued = sum(r.issued or 0 for r in review.rows)
    pct = 100.0 * issued / of_age if of_age else None
    return Table.build(
        WEEKLY_COLUMNS,
        [
            (
                "",
                tr(lang, "Tổng cộng", "Total"),
                of_age,
                issued,
                review.collected_week,
                review.collected_total,
                pct,
                review.remaining,
                "",
            )
        ],
        lang,
    )


def next_week_table(review: WeeklyReview, scenario: Scenario, lang: str = "vi") -> Table:
    """Next week's visits from the current plan, by date."""
    teams = _team_names(scenario)
    visits = sorted(
        (day, teams.get(team, team), r.code, r.name, n)
        for r in review.rows
        for day, team, n in r.next_week
    )
    return Table.build(
        [
            ("date", "date"),
            ("team", "text"),
            ("commune_code", "text"),
            ("name", "text"),
            ("applications", "int"),
        ],
        visits,
        lang,
    )


def weekly_summary_lines(review: WeeklyReview, lang: str = "vi") -> list[str]:
    """The review's headline figures as sentences."""
    start, end = fmt_date(review.week_start, lang), fmt_date(review.week_end, lang)
    deadline = fmt_date(review.deadline, lang)
    total = weekly_total(review, lang)
    of_age, issued, pct = (total.column(k)[0] for k in ("of_age", "issued", "pct_issued"))
    week, cumulative = fmt_int(review.collected_week, lang), fmt_int(review.collected_total, lang)
    remaining = fmt_int(review.remaining, lang)
    return [
        tr(
            lang,
            f"Trong tuần từ {start} đến {end}, các tổ lưu động thu nhận {week} hồ sơ; lũy kế từ "
            f"đầu đợt {cumulative} hồ sơ.",
            f"In the week {start} to {end} the mobile teams took {week} applications; "
            f"{cumulative} since the campaign began.",
        ),
        tr(
            lang,
            f"Đã cấp {fmt_int(issued, lang)}/{fmt_int(of_age, lang)} công dân trong độ tuổi "
            f"({fmt_pct(pct, 2, lang)}); còn {remaining} hồ sơ cần thu nhận trước hạn chót "
            f"{deadline}.",
            f"Issued {fmt_int(issued, lang)}/{fmt_int(of_age, lang)} citizens of age "
            f"({fmt_pct(pct, 2, lang)}); {remaining} applications still to take before the "
            f"deadline {deadline}.",
        ),
    ]
