"""Kế hoạch: run the scheduler (progress, stop), the verdict, what it would take, the tables."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import lang, t
from app.jobs import collect_finished_job, job_running, progress_panel
from app.runner import JobKind, solve_queue, start_job
from app.state import (
    JOB,
    JOB_ERROR,
    OWNER,
    PLAN_TAB,
    RESULTS,
    TIME_LIMIT,
    WHATS,
    Work,
    current_work,
    scenario_key,
)
from app.ui import guarded, show_flash, show_table
from planning.campaign.workspace import announced_plan_file, publish_plan
from planning.errors import InputError
from planning.formatting import fmt_int
from planning.report.plan_views import (
    TEXT_GRID_MAX_TEAMS,
    calendar_grid,
    calendar_headers,
    calendar_heat,
    calendar_heat_names,
    heat_styler,
    plan_commune_table,
    stop_table,
    team_groups,
    team_summary_table,
    week_calendar,
)
from planning.solver import SolveResult
from planning.wording import unreachable_lines, verdict_sentence, what_it_takes_lines


def run_controls(work: Work, key: str) -> None:
    """Time limit and the buttons that start a solve or the what-if analysis."""
    busy = job_running()
    cols = st.columns([2, 1, 1])
    TIME_LIMIT.set(
        cols[0].slider(t("time_limit"), 3, 120, int(TIME_LIMIT.get()), help=t("time_limit_help"))
    )
    limit = float(TIME_LIMIT.get())
    if cols[1].button(t("run_plan"), type="primary", disabled=busy, key="run_plan"):
        JOB.set(start_job(JobKind.SOLVE, work.scenario, key, limit, OWNER.get()))
        st.rerun()
    if cols[2].button(t("run_what"), disabled=busy or key not in RESULTS.get(), key="run_what"):
        current = RESULTS.get().get(key)
        JOB.set(start_job(JobKind.WHAT, work.scenario, key, limit, OWNER.get(), current=current))
        st.rerun()


def show_verdict(work: Work, result: SolveResult) -> None:
    """The verdict sentence and the key figures."""
    lg = lang()
    sentence = verdict_sentence(result, work.scenario, lg)
    (st.success if result.meets else st.warning)(sentence)
    cols = st.columns(4)
    cols[0].metric(t("collectable"), fmt_int(result.collectable_backlog, lg))
    cols[1].metric(t("planned"), fmt_int(result.collected_by_deadline, lg))
    cols[2].metric(t("remaining"), fmt_int(result.remaining_by_deadline, lg))
    trivial = result.bound_proves_nothing
    cols[3].metric(
        t("bound"),
        fmt_int(result.upper_bound_by_deadline, lg),
        help=t("bound_trivial_help" if trivial else "bound_help"),
    )
    if result.time_limited:
        st.caption(t("time_limited"))
    for line in unreachable_lines(result, work.scenario, lg):
        st.warning(line)


def team_filter(work: Work) -> tuple[str, ...] | None:
    """The teams the tables and calendar show (all, the teams of a base, or one team)."""
    groups = team_groups(work.scenario, lang())
    if len(groups) <= 2:  # one team: nothing to choose
        return None
    chosen = st.selectbox(
        t("show_teams"), list(groups), key="plan_team_group", help=t("show_teams_help")
    )
    return groups.get(chosen) if chosen is not None else None


def show_calendar(work: Work, result: SolveResult, team_ids: tuple[str, ...] | None) -> None:
    """One team: its weeks; a few teams: the communes of each day; many: the heat grid."""
    lg, scenario = lang(), work.scenario
    count = len(scenario.teams) if team_ids is None else len(team_ids)
    if team_ids is not None and len(team_ids) == 1:
        st.dataframe(week_calendar(result.plan, scenario, team_ids[0], lg))
    elif count <= TEXT_GRID_MAX_TEAMS:
        dates, grid = calendar_grid(result.plan, scenario, lg, team_ids)
        st.dataframe(pd.DataFrame(grid, columns=calendar_headers(dates, lg)), hide_index=True)
    else:
        heat = calendar_heat(result.plan, scenario, lg, team_ids)
        names = calendar_heat_names(result.plan, scenario, team_ids)
        st.dataframe(heat_styler(heat, lg, names))
        st.caption(t("heat_hint"))


def show_tables(work: Work, result: SolveResult) -> None:
    """The teams, the calendar, the team-days and the communes, filtered by team or base."""
    lg, scenario = lang(), work.scenario
    team_ids = team_filter(work)
    # Only the open tab runs (a tab change reruns the page): one table is built and sent, not
    # four, each time the page is shown.
    sections = {
        "tab_by_team": lambda: show_table(team_summary_table(result, scenario, lg)),
        "tab_calendar": lambda: show_calendar(work, result, team_ids),
        "tab_days": lambda: team_days(work, result, team_ids),
        "tab_communes": lambda: commune_list(work, result, team_ids),
    }
    tabs = st.tabs([t(k) for k in sections], key=PLAN_TAB.name, on_change="rerun")
    for tab, show in zip(tabs, sections.values(), strict=True):
        if tab.open:
            with tab:
                show()


def team_days(work: Work, result: SolveResult, team_ids: tuple[str, ...] | None) -> None:
    """Each team's days: date, stop, commune, times, applications, travel."""
    columns = ["date", "stop_no", "name", "arrive", "depart", "applications", "travel_min"]
    if team_ids is None or len(team_ids) > 1:
        columns.insert(0, "team")
    table = stop_table(result.plan, work.scenario, lang(), team_ids=team_ids)
    show_table(table.select(*columns))


def commune_list(work: Work, result: SolveResult, team_ids: tuple[str, ...] | None) -> None:
    """Per commune: visits and what is left, optionally only the unfinished ones."""
    unfinished = st.checkbox(t("unfinished_only"), key="plan_unfinished_only")
    table = plan_commune_table(result, work.scenario, lang(), team_ids, unfinished)
    st.caption(t("rows_shown").format(n=len(table.rows)))
    show_table(table)


def publish_controls(work: Work, result: SolveResult) -> None:
    """ "Công bố kế hoạch": the plan becomes the announced plan that re-planning keeps."""
    if work.path is None:
        st.caption(t("publish_needs_save"))
        return
    target = announced_plan_file(work.path)
    cols = st.columns([1, 3])
    clicked = cols[0].button(t("publish"), key="publish_plan", icon=":material/campaign:")
    cols[1].caption(t("publish_help") + (" " + t("publish_replaces") if target.exists() else ""))
    if work.edited:
        cols[1].caption(t("publish_edited"))
    if clicked:
        path = publish_plan(work.path, result.plan, work.scenario)
        st.success(t("published").format(path=path))


def body() -> None:
    """The Plan page."""
    collect_finished_job()
    work = current_work()
    if isinstance(work, InputError):
        raise work
    st.header(t("plan") + " — " + work.scenario.name)
    solve_queue().warm_up()  # the cluster starts while the planner reads the page
    failure = JOB_ERROR.pop()
    if failure is not None:
        st.error(t("solve_failed") + " " + failure)
    show_flash()
    key = scenario_key(work.scenario)
    run_controls(work, key)
    progress_panel()
    result = RESULTS.get().get(key)
    if result is None:
        if not job_running():
            st.info(t("no_plan_yet"))
        return
    show_verdict(work, result)
    publish_controls(work, result)
    what = WHATS.get().get(key)
    if what is not None:
        with st.container(border=True):
            st.markdown(f"**{t('what_title')}**")
            for line in what_it_takes_lines(what, work.scenario, lang()):
                st.markdown("- " + line)
    show_tables(work, result)


with guarded():
    body()
