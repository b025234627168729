"""Tiến độ: record actual intake, where the campaign stands, re-plan with announced days fixed,
burn-down, weekly review (Excel, PDF).

The actuals log is saved with ``expected_fingerprint`` = the log as this page last showed it, so
a planner who saves after someone else recorded intake is told to reload and nothing is lost.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

from app.i18n import lang, t
from app.jobs import collect_finished_job, progress_panel
from app.runner import start_job
from app.state import Work, current_work, scenario_key
from app.ui import cached, guarded
from app.uploads import save_upload
from planning.campaign.actuals import (
    MAX_IMPORT_BYTES,
    ActualsChangedError,
    ActualsLog,
    DuplicateActualsError,
    correct_entry,
    import_actuals,
    log_fingerprint,
    read_actuals_log,
    record_actuals,
)
from planning.campaign.plan_diff import KIND_EN, KIND_VI, CommuneChange, diff_plans
from planning.campaign.progress import burn_down, daily_totals, projected_shortfall, standing
from planning.campaign.replan import Replanning, build_replanning, freeze_window, merge_plans
from planning.campaign.weekly import weekly_review
from planning.campaign.workspace import (
    actuals_file,
    announced_plan_file,
    publish_plan,
    read_announced_plan,
)
from planning.domain import Plan, Visit
from planning.errors import InputError, Problem, error
from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.report.plan_views import verdict_sentence
from planning.report.weekly_report import weekly_pdf, weekly_workbook

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DEFAULT_FREEZE_DAYS = 3


@dataclass(frozen=True)
class ReplanRun:
    """A re-plan started from this page: what it was built from and where its result lands."""

    work_key: str
    since: dt.date
    replanning: Replanning
    previous: Plan
    key: str


# --- small helpers ------------------------------------------------------------------------------


def flash(kind: str, text: str) -> None:
    """Keep a message for the next run (shown at the top of the page after st.rerun)."""
    st.session_state.setdefault("progress_flash", []).append((kind, text))


def show_flash() -> None:
    for kind, text in st.session_state.pop("progress_flash", []):
        {"success": st.success, "warning": st.warning, "info": st.info}.get(kind, st.error)(text)


def flash_problems(problems: tuple[Problem, ...]) -> None:
    for p in problems:
        flash("error" if p.is_error else "warning", p.render(lang()))


def today_input() -> dt.date:
    """ "Hôm nay": the real date by default, settable (the shipped scenario is in 2022)."""
    if "progress_today" not in st.session_state:
        st.session_state["progress_today"] = st.session_state.get("today_value", dt.date.today())
    day = st.date_input(t("today"), key="progress_today", format="DD/MM/YYYY", help=t("today_help"))
    value = day if isinstance(day, dt.date) else dt.date.today()
    st.session_state["today_value"] = value
    return value


def seen_fingerprint(log_path: Path) -> str:
    """The log's fingerprint as this page last showed it (now, on the first visit)."""
    seen: dict[str, str] = st.session_state.setdefault("actuals_seen", {})
    return seen.get(str(log_path)) or log_fingerprint(log_path)


def mark_seen(log_path: Path) -> None:
    st.session_state.setdefault("actuals_seen", {})[str(log_path)] = log_fingerprint(log_path)


def read_plan_or_none(work: Work) -> Plan | None:
    assert work.path is not None
    try:
        return read_announced_plan(work.path)
    except (OSError, ValueError) as exc:
        raise InputError(
            [
                error(
                    f"không đọc được kế hoạch đã công bố: {exc}",
                    f"cannot read the announced plan: {exc}",
                    file=str(announced_plan_file(work.path)),
                    fix_vi="công bố lại kế hoạch ở trang Kế hoạch",
                    fix_en="publish the plan again on the Plan page",
                )
            ]
        ) from None


def names_of(work: Work) -> dict[str, str]:
    return {c.code: c.name for c in work.scenario.communes}


# --- (a) recording ------------------------------------------------------------------------------


def attempt(work: Work, log_path: Path, action: dict[str, Any], on_duplicate: str) -> None:
    """Save a form entry or an imported file; every outcome becomes a message for the next run."""
    before = len(read_actuals_log(log_path).entries)
    try:
        if action["kind"] == "import":
            log = import_actuals(
                Path(action["file"]),
                log_path,
                work.scenario,
                action["today"],
                on_duplicate,  # type: ignore[arg-type]
                expected_fingerprint=action["fp"],
                display_name=action["name"],
            )
        else:
            log = record_actuals(
                log_path,
                work.scenario,
                action["visits"],
                action["today"],
                on_duplicate=on_duplicate,  # type: ignore[arg-type]
                note=t("note_form"),
                expected_fingerprint=action["fp"],
            )
    except DuplicateActualsError as exc:
        names = names_of(work)
        action["pairs"] = [
            (v.date, v.team_id, names.get(v.commune_code, v.commune_code), old.applications)
            for v, old in exc.pairs
        ]
        st.session_state["actuals_pending"] = action
        return
    except ActualsChangedError:
        st.session_state.pop("actuals_pending", None)
        flash("error", t("actuals_changed"))
        return
    except InputError as exc:
        st.session_state.pop("actuals_pending", None)
        flash("error", t("nothing_recorded"))
        flash_problems(exc.problems)
        return
    st.session_state.pop("actuals_pending", None)
    mark_seen(log_path)
    flash("success", t("recorded").format(n=len(log.entries) - before, path=log_path))
    flash_problems(log.warnings)


def pending_choice(work: Work, log_path: Path) -> None:
    """Ask "Thay thế" or "Cộng thêm" for records that repeat recorded (date, team, commune)."""
    action = st.session_state.get("actuals_pending")
    if not action:
        return
    lg = lang()
    lines = "\n".join(
        f"- {fmt_date(day, lg)}, {team}, {name}: {fmt_int(old, lg)}"
        for day, team, name, old in action["pairs"]
    )
    with st.container(border=True):
        st.warning(t("duplicate_found") + "\n\n" + lines)
        cols = st.columns(3)
        if cols[0].button(t("dup_replace"), key="dup_replace", type="primary"):
            attempt(work, log_path, action, "replace")
            st.rerun()
        if cols[1].button(t("dup_add"), key="dup_add"):
            attempt(work, log_path, action, "add")
            st.rerun()
        if cols[2].button(t("dup_cancel"), key="dup_cancel"):
            st.session_state.pop("actuals_pending", None)
            flash("info", t("nothing_recorded"))
            st.rerun()


def record_form(work: Work, log_path: Path, today: dt.date, seen: str) -> None:
    scenario = work.scenario
    teams = {tm.team_id: tm.name for tm in scenario.teams}
    names = names_of(work)
    with st.form("intake_form", clear_on_submit=False):
        cols = st.columns([1, 1, 2, 1])
        day = cols[0].date_input(
            t("intake_date"),
            value=today,
            max_value=today,
            format="DD/MM/YYYY",
            key=f"intake_date_{today.isoformat()}",
        )
        team = cols[1].selectbox(
            t("team"), list(teams), format_func=teams.__getitem__, key="intake_team"
        )
        code = cols[2].selectbox(
            t("commune"), list(names), format_func=names.__getitem__, key="intake_commune"
        )
        count = cols[3].number_input(
            t("applications_taken"), min_value=0, step=1, value=0, key="intake_apps"
        )
        submitted = st.form_submit_button(t("record"), type="primary", key="intake_submit")
    if submitted and isinstance(day, dt.date):
        action = {
            "kind": "form",
            "visits": [Visit(str(team), day, str(code), int(count))],
            "today": today,
            "fp": seen,
        }
        attempt(work, log_path, action, "ask")
        st.rerun()


def import_box(work: Work, log_path: Path, today: dt.date, seen: str) -> None:
    upload = st.file_uploader(
        t("import_file"),
        type=["csv", "tsv", "txt", "xlsx"],
        key="actuals_upload",
        help=t("import_help"),
    )
    if st.button(t("import_btn"), key="import_btn", disabled=upload is None) and upload:
        try:
            sid = st.session_state.setdefault(
                "upload_id", dt.datetime.now().strftime("%Y%m%d%H%M%S%f")
            )
            path = save_upload(upload, MAX_IMPORT_BYTES, sid)
        except InputError as exc:
            flash("error", t("nothing_recorded"))
            flash_problems(exc.problems)
            st.rerun()
        action = {
            "kind": "import",
            "file": str(path),
            "name": upload.name,
            "today": today,
            "fp": seen,
        }
        attempt(work, log_path, action, "ask")
        st.rerun()


def log_table(work: Work, log: ActualsLog) -> None:
    lg, names = lang(), names_of(work)
    if not log.entries:
        st.info(t("log_empty"))
        return
    current = {e.entry for e in log.effective()}
    frame = pd.DataFrame(
        [
            {
                t("entry_no"): e.entry,
                t("recorded_at"): e.recorded_at.replace("T", " "),
                t("date"): fmt_date(e.date, lg),
                t("team"): e.team_id,
                t("commune"): names.get(e.commune_code, e.commune_code),
                t("applications_taken"): fmt_int(e.applications, lg),
                t("replaces"): "" if e.replaces is None else str(e.replaces),
                t("note"): e.note,
                t("status"): t("current") if e.entry in current else t("corrected"),
            }
            for e in log.entries
        ]
    )
    st.dataframe(frame, hide_index=True, key="actuals_log_table")


def correction_box(work: Work, log_path: Path, log: ActualsLog, today: dt.date, seen: str) -> None:
    effective = log.effective()
    if not effective:
        return
    lg, names = lang(), names_of(work)
    by_no = {e.entry: e for e in effective}
    with st.expander(t("correct_title")):
        cols = st.columns([3, 1, 2])
        number = cols[0].selectbox(
            t("entry_no"),
            list(by_no),
            format_func=lambda n: (
                f"#{n} — {fmt_date(by_no[n].date, lg)}, {by_no[n].team_id}, "
                f"{names.get(by_no[n].commune_code, by_no[n].commune_code)}: "
                f"{fmt_int(by_no[n].applications, lg)}"
            ),
            key="correct_entry",
        )
        value = cols[1].number_input(
            t("correct_value"), min_value=0, step=1, value=0, key="correct_value"
        )
        note = cols[2].text_input(t("note"), key="correct_note")
        if st.button(t("correct_btn"), key="correct_btn") and number is not None:
            try:
                correct_entry(
                    log_path,
                    work.scenario,
                    int(number),
                    int(value),
                    today,
                    note,
                    expected_fingerprint=seen,
                )
                mark_seen(log_path)
                flash("success", t("corrected_ok").format(n=number))
            except ActualsChangedError:
                flash("error", t("actuals_changed"))
            except InputError as exc:
                flash("error", t("nothing_recorded"))
                flash_problems(exc.problems)
            st.rerun()


# --- (b) where we stand -------------------------------------------------------------------------


def standing_section(work: Work, plan: Plan | None, log: ActualsLog, today: dt.date) -> None:
    lg, scenario = lang(), work.scenario
    actuals = log.visits()
    rows = standing(scenario, plan, actuals, today)
    cols = st.columns(4)
    cols[0].metric(t("collectable"), fmt_int(sum(r.collectable_backlog for r in rows), lg))
    cols[1].metric(t("planned_to_date"), fmt_int(sum(r.planned_to_date for r in rows), lg))
    cols[2].metric(t("actual_to_date"), fmt_int(sum(r.actual_to_date for r in rows), lg))
    cols[3].metric(t("remaining_now"), fmt_int(sum(r.remaining for r in rows), lg))
    if plan is not None:
        short = projected_shortfall(scenario, plan, actuals, today)
        deadline = fmt_date(scenario.calendar.deadline, lg)
        if short == 0:
            st.success(t("projection_meets").format(deadline=deadline))
        else:
            st.warning(t("projection_short").format(deadline=deadline, short=fmt_int(short, lg)))
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("code"): r.code,
                    t("name"): r.name,
                    t("collectable"): fmt_int(r.collectable_backlog, lg),
                    t("planned_to_date"): fmt_int(r.planned_to_date, lg),
                    t("actual_to_date"): fmt_int(r.actual_to_date, lg),
                    t("remaining_now"): fmt_int(r.remaining, lg),
                    t("behind_plan"): fmt_int(r.behind_plan, lg),
                }
                for r in rows
            ]
        ),
        hide_index=True,
        key="standing_table",
    )
    planned = daily_totals(plan.visits()) if plan is not None else {}
    actual = daily_totals(actuals)
    dates = sorted(d for d in set(planned) | set(actual) if d <= today)
    if dates:
        st.markdown(f"**{t('per_day')}**")
        st.dataframe(
            pd.DataFrame(
                [
                    {
                        t("date"): fmt_date(d, lg),
                        t("planned_day"): fmt_int(planned.get(d, 0), lg),
                        t("actual_day"): fmt_int(actual.get(d, 0), lg),
                        t("difference"): fmt_int(actual.get(d, 0) - planned.get(d, 0), lg),
                    }
                    for d in dates
                ]
            ),
            hide_index=True,
            key="per_day_table",
        )


# --- (c) re-plan --------------------------------------------------------------------------------


def replan_default(log: ActualsLog, today: dt.date) -> dt.date:
    """The day after the last recorded intake (today's date when nothing is recorded)."""
    last = max((e.date for e in log.effective()), default=None)
    return last + dt.timedelta(days=1) if last is not None else today


def replan_controls(work: Work, plan: Plan, log: ActualsLog, today: dt.date) -> None:
    lg, scenario = lang(), work.scenario
    default = replan_default(log, today)
    cols = st.columns([1, 1, 1, 1])
    since = cols[0].date_input(
        t("replan_from"),
        value=default,
        format="DD/MM/YYYY",
        key=f"replan_from_{default.isoformat()}",
        help=t("replan_from_help"),
    )
    if not isinstance(since, dt.date):
        return
    pick_dates = cols[1].toggle(
        t("freeze_mode_dates"), key="freeze_pick_dates", help=t("freeze_mode_help")
    )
    frozen: list[dt.date] | None = None
    freeze_days = DEFAULT_FREEZE_DAYS
    if not pick_dates:
        freeze_days = int(
            cols[2].number_input(
                t("freeze_days"),
                min_value=0,
                max_value=14,
                value=DEFAULT_FREEZE_DAYS,
                step=1,
                key="freeze_days",
                help=t("freeze_days_help"),
            )
        )
    else:
        announced = sorted({d.date for d in plan.team_days if d.date >= since})
        window = [d for d in freeze_window(scenario, since, DEFAULT_FREEZE_DAYS) if d in announced]
        chosen = cols[2].multiselect(
            t("frozen_dates"),
            announced,
            default=window,
            format_func=lambda d: fmt_date(d, lg),
            key=f"frozen_dates_{since.isoformat()}",
        )
        frozen = list(chosen)
    limit = cols[3].number_input(
        t("time_limit"), min_value=3, max_value=120, value=10, step=1, key="replan_time"
    )
    busy = st.session_state.get("job") is not None
    if st.button(t("replan_btn"), type="primary", disabled=busy, key="replan_btn"):
        try:
            replanning = build_replanning(scenario, plan, log.visits(), since, freeze_days, frozen)
        except InputError as exc:  # intake recorded on or after the re-plan date
            flash_problems(exc.problems)
            st.rerun()
        digest = hashlib.sha256(
            repr(
                (since, replanning.frozen_dates, sorted(replanning.actual_by_commune.items()))
            ).encode()
        ).hexdigest()[:8]
        key = f"replan-{scenario_key(replanning.scenario)}-{digest}"
        st.session_state["replan"] = ReplanRun(scenario_key(scenario), since, replanning, plan, key)
        st.session_state["job"] = start_job(
            "solve", replanning.scenario, key, float(limit), previous=plan
        )
        st.rerun()


def current_replan(work: Work) -> tuple[ReplanRun, Any] | None:
    run: ReplanRun | None = st.session_state.get("replan")
    if run is None or run.work_key != scenario_key(work.scenario):
        return None
    result = st.session_state["results"].get(run.key)
    return (run, result) if result is not None else None


def changes_frame(changes: list[CommuneChange], names: dict[str, str]) -> pd.DataFrame:
    lg = lang()
    kinds = KIND_VI if lg == "vi" else KIND_EN
    return pd.DataFrame(
        [
            {
                t("commune"): names.get(c.commune_code, c.commune_code),
                t("change"): kinds[c.kind],
                t("dropped"): ", ".join(fmt_date(d, lg) for d in c.dropped) or "—",
                t("added"): ", ".join(fmt_date(d, lg) for d in c.added) or "—",
            }
            for c in changes
        ]
    )


def replan_result(work: Work) -> None:
    found = current_replan(work)
    if found is None:
        return
    run, result = found
    lg, names = lang(), names_of(work)
    for p in run.replanning.warnings:
        st.warning(p.render(lg))
    frozen = ", ".join(fmt_date(d, lg) for d in run.replanning.frozen_dates) or "—"
    st.caption(t("frozen_caption").format(dates=frozen, since=fmt_date(run.since, lg)))
    sentence = verdict_sentence(result, run.replanning.scenario, lg)
    (st.success if result.meets else st.warning)(t("replan_verdict") + " " + sentence)
    changes = diff_plans(run.previous, result.plan, since=run.since)
    if not changes:
        st.info(t("no_changes"))
    else:
        st.markdown(f"**{t('changes_title').format(n=len(changes))}**")
        st.dataframe(changes_frame(changes, names), hide_index=True, key="changes_table")
        lines = []
        for c in changes:
            dropped = ", ".join(fmt_date(d, lg) for d in c.dropped) or "—"
            added = ", ".join(fmt_date(d, lg) for d in c.added) or "—"
            kinds = KIND_VI if lg == "vi" else KIND_EN
            lines.append(
                t("change_line").format(
                    name=names.get(c.commune_code, c.commune_code),
                    kind=kinds[c.kind],
                    dropped=dropped,
                    added=added,
                )
            )
        st.text_area(t("changes_text"), "\n".join(lines), height=160, key="changes_text")
    if st.button(t("publish_new"), key="publish_replan", icon=":material/campaign:"):
        assert work.path is not None
        merged = merge_plans(run.previous, result.plan, run.since)
        path = publish_plan(work.path, merged, work.scenario)
        flash("success", t("published").format(path=path))
        st.session_state.pop("replan", None)
        st.rerun()


# --- (d) burn-down ------------------------------------------------------------------------------


def burn_down_chart(work: Work, plan: Plan | None, log: ActualsLog, today: dt.date) -> None:
    found = current_replan(work)
    replanned, since = None, today
    if found is not None:
        run, result = found
        replanned, since = merge_plans(run.previous, result.plan, run.since), run.since
    bd = burn_down(work.scenario, plan, log.visits(), replanned, since)
    records = [
        {"date": pd.Timestamp(d), "series": t(name), "remaining": n}
        for name, series in (
            ("bd_planned", bd.planned),
            ("bd_actual", bd.actual),
            ("bd_forecast", bd.forecast),
        )
        for d, n in series
    ]
    if not records:
        return
    frame = pd.DataFrame(records)
    colours = alt.Scale(
        domain=[t("bd_planned"), t("bd_actual"), t("bd_forecast")],
        range=["#1f77b4", "#2ca02c", "#ff7f0e"],
    )
    lines = (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", title=t("date"), axis=alt.Axis(format="%d/%m")),
            y=alt.Y("remaining:Q", title=t("remaining_now")),
            color=alt.Color("series:N", scale=colours, title=None),
            strokeDash=alt.StrokeDash("series:N", legend=None),
            tooltip=[
                alt.Tooltip("date:T", format="%d/%m/%Y", title=t("date")),
                alt.Tooltip("series:N", title=" "),
                alt.Tooltip("remaining:Q", title=t("remaining_now")),
            ],
        )
    )
    deadline = pd.DataFrame(
        [{"date": pd.Timestamp(bd.deadline), "label": t("deadline") + " " + fmt_date(bd.deadline)}]
    )
    rule = alt.Chart(deadline).mark_rule(color="#d62728", strokeDash=[6, 4]).encode(x="date:T")
    text = (
        alt.Chart(deadline)
        .mark_text(align="right", dx=-4, dy=-6, color="#d62728")
        .encode(x="date:T", y=alt.value(10), text="label:N")
    )
    st.altair_chart(lines + rule + text, width="stretch")


# --- (e) weekly review --------------------------------------------------------------------------


def last_sunday(day: dt.date) -> dt.date:
    """The Sunday on or before ``day``."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def weekly_section(
    work: Work, plan: Plan | None, log: ActualsLog, today: dt.date, log_path: Path
) -> None:
    lg, scenario = lang(), work.scenario
    default = last_sunday(today)
    week_end = st.date_input(
        t("week_end"), value=default, format="DD/MM/YYYY", key=f"week_end_{default.isoformat()}"
    )
    if not isinstance(week_end, dt.date):
        return
    review = weekly_review(scenario, log.visits(), plan, week_end)
    st.caption(
        t("week_caption").format(
            start=fmt_date(review.week_start, lg),
            end=fmt_date(review.week_end, lg),
            week=fmt_int(review.collected_week, lg),
            total=fmt_int(review.collected_total, lg),
            remaining=fmt_int(review.remaining, lg),
        )
    )
    st.dataframe(
        pd.DataFrame(
            [
                {
                    t("name"): r.name + ("*" if r.estimated else ""),
                    t("of_age"): fmt_int(r.of_age, lg),
                    t("issued"): fmt_int(r.issued, lg),
                    t("collected_week"): fmt_int(r.collected_week, lg),
                    t("cumulative"): fmt_int(r.collected_total, lg),
                    t("pct_issued"): fmt_pct(r.pct_issued, 2, lg),
                    t("remaining_now"): fmt_int(r.remaining, lg),
                    t("next_week"): "; ".join(
                        f"{fmt_date(d, lg)} {team}" for d, team, _ in r.next_week
                    ),
                }
                for r in review.rows
            ]
        ),
        hide_index=True,
        key="weekly_table",
    )
    plan_fp = log_fingerprint(announced_plan_file(work.path)) if work.path else ""
    base = f"{scenario_key(scenario)}|{log_fingerprint(log_path)}|{plan_fp}|{week_end}"
    xlsx = cached(f"weekly-xlsx|{base}|{lg}", lambda: weekly_workbook(review, scenario, lg))

    def build_pdf() -> bytes:
        png = None
        if work.features is not None:
            from planning.report.weekly_report import coverage_png

            png = coverage_png(scenario, work.features, {r.code: r.pct_issued for r in review.rows})
        return weekly_pdf(review, scenario, None, png)

    cols = st.columns(2)
    cols[0].download_button(
        t("dl_weekly_excel"),
        bytes(xlsx),
        f"bao-cao-tuan-{week_end.isoformat()}.xlsx",
        XLSX,
        key="dl_weekly_excel",
        icon=":material/table_view:",
    )
    cols[1].download_button(
        t("dl_weekly_pdf"),
        bytes(cached(f"weekly-pdf|{base}", build_pdf)),
        f"bao-cao-tuan-{week_end.isoformat()}.pdf",
        "application/pdf",
        key="dl_weekly_pdf",
        icon=":material/description:",
    )


# --- the page -----------------------------------------------------------------------------------


def body() -> None:
    """The Progress page."""
    collect_finished_job()
    work = current_work()
    if isinstance(work, InputError):
        raise work
    st.header(t("progress") + " — " + work.scenario.name)
    if work.path is None:
        st.info(t("progress_needs_save"))
        return
    log_path = actuals_file(work.path)
    seen = seen_fingerprint(log_path)
    if "job_error" in st.session_state:
        st.error(t("solve_failed") + " " + st.session_state.pop("job_error"))
    show_flash()
    today = today_input()
    plan = read_plan_or_none(work)

    st.subheader(t("record_title"))
    pending_choice(work, log_path)
    record_form(work, log_path, today, seen)
    import_box(work, log_path, today, seen)
    log = read_actuals_log(log_path)
    log_table(work, log)
    correction_box(work, log_path, log, today, seen)
    mark_seen(log_path)

    st.subheader(t("standing_title"))
    if plan is None:
        st.info(t("no_announced_plan"))
    standing_section(work, plan, log, today)

    st.subheader(t("replan_title"))
    if plan is None:
        st.info(t("no_announced_plan"))
    else:
        replan_controls(work, plan, log, today)
        progress_panel()
        replan_result(work)

    st.subheader(t("burn_down_title"))
    burn_down_chart(work, plan, log, today)

    st.subheader(t("weekly_title"))
    weekly_section(work, plan, log, today, log_path)


with guarded():
    body()
