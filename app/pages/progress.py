"""Tiến độ: record actual intake, where the campaign stands, re-plan with announced days fixed,
burn-down, weekly review (Excel, PDF).

The actuals log is saved with ``expected_fingerprint`` = the log as this page last showed it, so
a planner who saves after someone else recorded intake is told to reload and nothing is lost.
Tables, sentences and chart data come from :mod:`planning.report.progress_views`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Sequence
from pathlib import Path
from typing import Any

import altair as alt
import pandas as pd
import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app.charts import chart_spec, lines_over_time, show_spec
from app.downloads import document_button, download_notes
from app.i18n import lang, t
from app.jobs import collect_finished_job, job_running, progress_panel
from app.runner import JobKind, start_job
from app.state import (
    ACTUALS_PENDING,
    ACTUALS_SEEN,
    JOB,
    JOB_ERROR,
    OWNER,
    REPLAN,
    REPLANS,
    TODAY,
    TODAY_WIDGET,
    UPLOAD_ID,
    IntakeAction,
    ReplanRun,
    Work,
    current_work,
    scenario_key,
)
from app.ui import flash, guarded, show_flash, show_table
from app.uploads import save_upload, upload_limit_mb
from planning.campaign.actuals import (
    FORM_NOTE,
    ActualsChangedError,
    DuplicateActualsError,
    OnDuplicate,
    correct_entry,
    import_actuals,
    record_actuals,
)
from planning.campaign.plan_diff import diff_plans
from planning.campaign.progress import burn_down, projected_shortfall, standing
from planning.campaign.replan import (
    DEFAULT_MIN_GAIN,
    FREEZE_DAYS_DEFAULT,
    PromiseReplan,
    ReplanRequest,
    build_replanning,
    default_replan_date,
    freeze_window,
    merge_plans,
)
from planning.campaign.weekly import default_week_end, weekly_review
from planning.campaign.workspace import (
    actuals_file,
    announced_plan_file,
    publish_plan,
    read_announced_plan,
)
from planning.domain import Plan, Visit
from planning.errors import InputError, Problem
from planning.formatting import fmt_date
from planning.io.actuals_files import (
    MAX_IMPORT_BYTES,
    ActualsLog,
    log_fingerprint,
    read_actuals_log,
)
from planning.report.plan_views import names_by_code
from planning.report.progress_views import (
    BURN_DOWN_COLOURS,
    BURN_DOWN_SERIES,
    actuals_log_table,
    burn_down_deadline,
    burn_down_frame,
    change_group_table,
    change_lines,
    change_table,
    duplicate_lines,
    emptied_sentence,
    entry_text,
    frozen_caption,
    per_day_table,
    projection_sentence,
    promise_sentence,
    standing_figures,
    standing_table,
    weekly_summary_lines,
    weekly_table,
)
from planning.report.weekly_report import review_documents
from planning.wording import verdict_sentence

# --- small helpers ------------------------------------------------------------------------------


def flash_problems(problems: tuple[Problem, ...]) -> None:
    for p in problems:
        flash("error" if p.is_error else "warning", p.render(lang()))


def today_input() -> dt.date:
    """ "Hôm nay": the real date by default, settable (the shipped scenario is in 2022)."""
    if not TODAY_WIDGET.present():
        TODAY_WIDGET.set(TODAY.get())
    day = st.date_input(
        t("today"), key=TODAY_WIDGET.name, format="DD/MM/YYYY", help=t("today_help")
    )
    value = day if isinstance(day, dt.date) else dt.date.today()
    TODAY.set(value)
    return value


def seen_log(log_path: Path) -> tuple[str, int]:
    """The log as this page last showed it: its fingerprint and how many entries it had (the
    log now, on the first visit). A recording made from it merges with what others recorded
    since, unless they recorded the same date, team and commune."""
    seen = ACTUALS_SEEN.get().get(str(log_path))
    if seen is None:
        return log_fingerprint(log_path), len(read_actuals_log(log_path).entries)
    return seen


def mark_seen(log_path: Path) -> None:
    fingerprint = log_fingerprint(log_path)
    ACTUALS_SEEN.get()[str(log_path)] = (fingerprint, len(read_actuals_log(log_path).entries))


def merged_note(log: ActualsLog) -> None:
    """Say that the recording was merged with entries someone else made meanwhile."""
    if log.merged:
        flash("info", t("actuals_merged").format(n=len(log.merged)))


def changed_by_other(exc: ActualsChangedError, work: Work) -> None:
    """Nothing recorded: someone else recorded the same date, team and commune meanwhile."""
    flash("error", t("actuals_changed"))
    if exc.overlaps:
        lines = ["- " + entry_text(e, names_by_code(work.scenario), lang()) for e in exc.overlaps]
        flash("warning", t("actuals_overlap") + "\n\n" + "\n".join(lines))


# --- (a) recording ------------------------------------------------------------------------------


def save_action(
    work: Work, log_path: Path, action: IntakeAction, on_duplicate: OnDuplicate
) -> ActualsLog:
    """Record the form entry or import the file of ``action``; the log after it."""
    if action.kind == "import":
        return import_actuals(
            Path(action.file),
            log_path,
            work.scenario,
            action.today,
            on_duplicate,
            expected_fingerprint=action.fingerprint,
            display_name=action.display_name,
            seen_entries=action.seen_entries,
        )
    return record_actuals(
        log_path,
        work.scenario,
        list(action.visits),
        action.today,
        on_duplicate=on_duplicate,
        note=FORM_NOTE,
        expected_fingerprint=action.fingerprint,
        seen_entries=action.seen_entries,
    )


def attempt(work: Work, log_path: Path, action: IntakeAction, on_duplicate: OnDuplicate) -> None:
    """Save a form entry or an imported file; every outcome becomes a message for the next run."""
    before = len(read_actuals_log(log_path).entries)
    try:
        log = save_action(work, log_path, action, on_duplicate)
    except DuplicateActualsError as exc:
        action.repeats = exc.pairs
        ACTUALS_PENDING.set(action)
        return
    except ActualsChangedError as exc:
        ACTUALS_PENDING.pop()
        changed_by_other(exc, work)
        return
    except InputError as exc:
        ACTUALS_PENDING.pop()
        flash("error", t("nothing_recorded"))
        flash_problems(exc.problems)
        return
    ACTUALS_PENDING.pop()
    mark_seen(log_path)
    flash("success", t("recorded").format(n=len(log.entries) - before, path=log_path))
    merged_note(log)
    flash_problems(log.warnings)


def pending_choice(work: Work, log_path: Path) -> None:
    """Ask "Thay thế" or "Cộng thêm" for records that repeat recorded (date, team, commune)."""
    action = ACTUALS_PENDING.get()
    if action is None:
        return
    lines = duplicate_lines(action.repeats, names_by_code(work.scenario), lang())
    with st.container(border=True):
        st.warning(t("duplicate_found") + "\n\n" + "\n".join(lines))
        cols = st.columns(3)
        if cols[0].button(t("dup_replace"), key="dup_replace", type="primary"):
            attempt(work, log_path, action, "replace")
            st.rerun()
        if cols[1].button(t("dup_add"), key="dup_add"):
            attempt(work, log_path, action, "add")
            st.rerun()
        if cols[2].button(t("dup_cancel"), key="dup_cancel"):
            ACTUALS_PENDING.pop()
            flash("info", t("nothing_recorded"))
            st.rerun()


def record_form(work: Work, log_path: Path, today: dt.date, seen: tuple[str, int]) -> None:
    scenario = work.scenario
    teams = {tm.team_id: tm.name for tm in scenario.teams}
    names = names_by_code(scenario)
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
        visit = Visit(str(team), day, str(code), int(count))
        action = IntakeAction("form", today, seen[0], visits=(visit,), seen_entries=seen[1])
        attempt(work, log_path, action, "ask")
        if ACTUALS_PENDING.present() and ACTUALS_PENDING.get() is not None:
            st.rerun()  # the question about repeated records is asked above the form
        # Otherwise no rerun: the messages and the tables below, drawn after this, show the
        # new log (a second run of the whole page cost several planners' pages their time).


def import_box(work: Work, log_path: Path, today: dt.date, seen: tuple[str, int]) -> None:
    upload = st.file_uploader(
        t("import_file"),
        type=["csv", "tsv", "txt", "xlsx"],
        key="actuals_upload",
        help=t("import_help"),
        max_upload_size=upload_limit_mb(MAX_IMPORT_BYTES),
    )
    if st.button(t("import_btn"), key="import_btn", disabled=upload is None) and upload:
        try:
            path = save_upload(upload, MAX_IMPORT_BYTES, UPLOAD_ID.get())
        except InputError as exc:
            flash("error", t("nothing_recorded"))
            flash_problems(exc.problems)
            st.rerun()
        action = IntakeAction(
            "import",
            today,
            seen[0],
            file=str(path),
            display_name=upload.name,
            seen_entries=seen[1],
        )
        attempt(work, log_path, action, "ask")
        st.rerun()


def log_table(work: Work, log: ActualsLog) -> None:
    if not log.entries:
        st.info(t("log_empty"))
        return
    table = actuals_log_table(log, names_by_code(work.scenario), lang())
    show_table(table, key="actuals_log_table")


def correction_box(
    work: Work, log_path: Path, log: ActualsLog, today: dt.date, seen: tuple[str, int]
) -> None:
    effective = log.effective()
    if not effective:
        return
    lg, names = lang(), names_by_code(work.scenario)
    by_no = {e.entry: e for e in effective}
    with st.expander(t("correct_title")):
        cols = st.columns([3, 1, 2])
        number = cols[0].selectbox(
            t("entry_no"),
            list(by_no),
            format_func=lambda n: entry_text(by_no[n], names, lg),
            key="correct_entry",
        )
        value = cols[1].number_input(
            t("correct_value"), min_value=0, step=1, value=0, key="correct_value"
        )
        note = cols[2].text_input(t("note"), key="correct_note")
        if st.button(t("correct_btn"), key="correct_btn") and number is not None:
            try:
                corrected = correct_entry(
                    log_path,
                    work.scenario,
                    int(number),
                    int(value),
                    today,
                    note,
                    expected_fingerprint=seen[0],
                    seen_entries=seen[1],
                )
                mark_seen(log_path)
                flash("success", t("corrected_ok").format(n=number))
                merged_note(corrected)
            except ActualsChangedError as exc:
                changed_by_other(exc, work)
            except InputError as exc:
                flash("error", t("nothing_recorded"))
                flash_problems(exc.problems)
            st.rerun()


# --- (b) where we stand -------------------------------------------------------------------------


def standing_section(work: Work, plan: Plan | None, log: ActualsLog, today: dt.date) -> None:
    lg, scenario = lang(), work.scenario
    actuals = log.visits()
    rows = standing(scenario, plan, actuals, today)
    for col, (name, figure) in zip(st.columns(4), standing_figures(rows, lg), strict=True):
        col.metric(name, figure)
    if plan is not None:
        short = projected_shortfall(scenario, plan, actuals, today)
        sentence = projection_sentence(short, scenario.calendar.deadline, lg)
        (st.success if short == 0 else st.warning)(sentence)
    show_table(standing_table(rows, lg), key="standing_table")
    per_day = per_day_table(plan, actuals, today, lg)
    if per_day.rows:
        st.markdown(f"**{t('per_day')}**")
        show_table(per_day, key="per_day_table")


# --- (c) re-plan --------------------------------------------------------------------------------


def freeze_choice(
    work: Work, plan: Plan, since: dt.date, cols: Sequence[DeltaGenerator]
) -> tuple[int, list[dt.date] | None]:
    """How many working days to keep, or (when the planner picks them) which dates."""
    pick_dates = cols[1].toggle(
        t("freeze_mode_dates"), key="freeze_pick_dates", help=t("freeze_mode_help")
    )
    if not pick_dates:
        days = cols[2].number_input(
            t("freeze_days"),
            min_value=0,
            max_value=14,
            value=FREEZE_DAYS_DEFAULT,
            step=1,
            key="freeze_days",
            help=t("freeze_days_help"),
        )
        return int(days), None
    announced = sorted({d.date for d in plan.team_days if d.date >= since})
    window = [d for d in freeze_window(work.scenario, since, FREEZE_DAYS_DEFAULT) if d in announced]
    chosen = cols[2].multiselect(
        t("frozen_dates"),
        announced,
        default=window,
        format_func=lambda d: fmt_date(d, lang()),
        key=f"frozen_dates_{since.isoformat()}",
        placeholder=t("choose_dates"),
    )
    return FREEZE_DAYS_DEFAULT, list(chosen)


def replan_controls(work: Work, plan: Plan, log: ActualsLog, today: dt.date) -> None:
    scenario = work.scenario
    default = default_replan_date((e.date for e in log.effective()), today)
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
    freeze_days, frozen = freeze_choice(work, plan, since, cols)
    limit = cols[3].number_input(
        t("time_limit"), min_value=3, max_value=120, value=10, step=1, key="replan_time"
    )
    min_gain = st.number_input(
        t("min_gain"),
        min_value=0,
        max_value=100_000,
        value=DEFAULT_MIN_GAIN,
        step=10,
        key="replan_min_gain",
        help=t("min_gain_help"),
    )
    if st.button(t("replan_btn"), type="primary", disabled=job_running(), key="replan_btn"):
        request = ReplanRequest(
            scenario,
            plan,
            tuple(log.visits()),
            since,
            freeze_days,
            None if frozen is None else tuple(frozen),
            int(min_gain),
        )
        try:  # the checks of the re-plan, at once (intake recorded on or after the date…)
            build_replanning(scenario, plan, request.actuals, since, freeze_days, frozen)
        except InputError as exc:
            flash_problems(exc.problems)
            st.rerun()
        digest = hashlib.sha256(repr(request).encode()).hexdigest()[:12]
        key = f"replan-{scenario_key(scenario)}-{digest}"
        REPLAN.set(ReplanRun(scenario_key(scenario), since, plan, key))
        job = start_job(JobKind.REPLAN, scenario, key, float(limit), OWNER.get(), replan=request)
        JOB.set(job)
        st.rerun()


def current_replan(work: Work) -> tuple[ReplanRun, PromiseReplan] | None:
    run = REPLAN.get()
    if run is None or run.work_key != scenario_key(work.scenario):
        return None
    outcome = REPLANS.get().get(run.key)
    return (run, outcome) if outcome is not None else None


def replan_result(work: Work) -> None:
    found = current_replan(work)
    if found is None:
        return
    run, outcome = found
    result = outcome.result
    lg, names = lang(), names_by_code(work.scenario)
    teams = {tm.team_id: tm.name for tm in work.scenario.teams}
    for p in outcome.replanning.warnings:
        st.warning(p.render(lg))
    st.caption(frozen_caption(outcome.replanning.frozen_dates, run.since, lg))
    sentence = verdict_sentence(result, outcome.replanning.scenario, lg)
    (st.success if result.meets else st.warning)(t("replan_verdict") + " " + sentence)
    st.info(promise_sentence(outcome, lg))
    emptied = emptied_sentence(outcome, names, lg)
    if emptied:
        st.caption(emptied)
    if outcome.groups:
        with st.expander(t("what_changes_buy").format(n=len(outcome.groups))):
            show_table(change_group_table(outcome.groups, names, lg, teams), key="groups_table")
    changes = diff_plans(run.previous, result.plan, since=run.since)
    if not changes:
        st.info(t("no_changes"))
    else:
        st.markdown(f"**{t('changes_title').format(n=len(changes))}**")
        show_table(change_table(changes, names, lg, teams), key="changes_table")
        text = "\n".join(change_lines(changes, names, lg, teams))
        st.text_area(t("changes_text"), text, height=160, key=f"changes_text_{run.key}_{lg}")
    if st.button(t("publish_new"), key="publish_replan", icon=":material/campaign:"):
        assert work.path is not None
        merged = merge_plans(run.previous, result.plan, run.since)
        path = publish_plan(work.path, merged, work.scenario)
        flash("success", t("published").format(path=path))
        REPLAN.pop()
        st.rerun()


# --- (d) burn-down ------------------------------------------------------------------------------


def burn_down_chart(work: Work, plan: Plan | None, log: ActualsLog, today: dt.date) -> None:
    lg = lang()
    found = current_replan(work)
    replanned, since = None, today
    if found is not None:
        run, outcome = found
        replanned, since = merge_plans(run.previous, outcome.result.plan, run.since), run.since
    bd = burn_down(work.scenario, plan, log.visits(), replanned, since)
    frame = burn_down_frame(bd, lg)
    if frame.empty:
        return
    labels = (tuple(t(k) for k in BURN_DOWN_SERIES), t("date"), t("remaining_now"))
    show_spec(burn_down_spec(frame, burn_down_deadline(bd, lg), lg, labels))


@st.cache_data(show_spinner=False, max_entries=64)
def burn_down_spec(
    frame: pd.DataFrame,
    deadline: pd.DataFrame,
    lg: str,
    labels: tuple[tuple[str, ...], str, str],
) -> dict[str, Any]:
    """The chart's Vega-Lite spec, built once per content of the figures (Altair takes tens of
    milliseconds to build and convert it, on every run of the page; the tables are small)."""
    series, date_title, value_title = labels
    colours = alt.Scale(domain=list(series), range=list(BURN_DOWN_COLOURS))
    lines = lines_over_time(
        frame,
        value="remaining",
        series="series",
        date_title=date_title,
        value_title=value_title,
        series_title="",
        language=lg,
        colours=colours,
    )  # no strokeDash with legend=None: Vega-Lite merges it with the colour legend and hides both
    rule = alt.Chart(deadline).mark_rule(color="#d62728", strokeDash=[6, 4]).encode(x="date:T")
    text = (
        alt.Chart(deadline)
        .mark_text(align="right", dx=-4, dy=-6, color="#d62728")
        .encode(x="date:T", y=alt.value(10), text="label:N")
    )
    return chart_spec(lines + rule + text)


# --- (e) weekly review --------------------------------------------------------------------------


def weekly_section(
    work: Work, plan: Plan | None, log: ActualsLog, today: dt.date, log_path: Path
) -> None:
    lg, scenario = lang(), work.scenario
    default = default_week_end(today)
    week_end = st.date_input(
        t("week_end"), value=default, format="DD/MM/YYYY", key=f"week_end_{default.isoformat()}"
    )
    if not isinstance(week_end, dt.date):
        return
    review = weekly_review(scenario, log.visits(), plan, week_end)
    st.caption(" ".join(weekly_summary_lines(review, lg)))
    show_table(weekly_table(review, scenario, lg), key="weekly_table")
    plan_fp = log_fingerprint(announced_plan_file(work.path)) if work.path else ""
    base = f"{scenario_key(scenario)}|{log_fingerprint(log_path)}|{plan_fp}|{week_end}|{lg}"
    documents = review_documents(review, scenario, work.features, lg)
    for col, document in zip(st.columns(2), documents, strict=True):
        document_button(col, document, base)


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
    seen = seen_log(log_path)
    failure = JOB_ERROR.pop()
    if failure is not None:
        st.error(t("solve_failed") + " " + failure)
    show_flash()
    today = today_input()
    plan = read_announced_plan(work.path)

    st.subheader(t("record_title"))
    messages = st.container()  # what a recording made on this run says, above the form
    pending_choice(work, log_path)
    record_form(work, log_path, today, seen)
    with messages:
        show_flash()
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
    download_notes()


with guarded():
    body()
