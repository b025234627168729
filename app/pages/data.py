"""Dữ liệu: open, create from uploads, edit figures, teams and calendar, and save a scenario."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from typing import Any

import pandas as pd
import streamlit as st

from app.editing import (
    TEAM_TEXT_COLUMNS,
    communes_frame,
    communes_from_frame,
    days_off_text,
    parse_days_off,
    points_frame,
    points_from_frame,
    teams_frame,
    teams_from_frame,
    with_added_team,
    with_calendar,
    with_overnight,
    with_picked_base,
)
from app.i18n import lang, t
from app.state import (
    ALIASES,
    BASE_PICK_CLICK,
    BASE_PICK_MAP,
    BASE_PICKED,
    DATA_TAB,
    DRAFT,
    DRAFT_USED,
    OPEN_CHOICE,
    PENDING_OPEN,
    POINT_PICK_CLICK,
    POINT_PICK_MAP,
    POINT_PLACED,
    SAVE_FOLDER,
    SAVE_PROPOSED_FOR,
    SCENARIO_PATH,
    TILE_URL,
    UPLOAD_ID,
    WORK,
    Work,
    current_work,
    open_work,
    scenario_choices,
    scenario_picker_titles,
    set_scenario,
)
from app.ui import flash, guarded, show_flash, show_table
from app.uploads import (
    MAX_BOUNDARY_BYTES,
    MAX_TABLE_BYTES,
    UPLOAD_ROOT,
    save_upload,
    upload_limit_mb,
)
from planning.domain import Scenario
from planning.drafting.defaults import NEW_SCENARIO
from planning.drafting.request import NewScenarioOutcome, NewScenarioRequest
from planning.errors import InputError
from planning.formatting import fmt_date, fmt_int
from planning.io.scenario import (
    SCENARIOS_DIR,
    ScenarioChangedError,
    ScenarioExistsError,
    is_shipped,
    list_versions,
    save_merging,
    save_scenario,
)
from planning.io.scenario_store import proposed_save_folder, save_target
from planning.report.data_views import commune_table


def _picked() -> None:
    """The picker changed: open that scenario on this run (or say it waits for "Mở")."""
    PENDING_OPEN.set(OPEN_CHOICE.get())


def _open(path: str) -> None:
    PENDING_OPEN.pop()
    open_work(path)
    st.rerun()


def open_section(work: Work | None) -> None:
    """Pick a scenario by its name (it opens at once), or give a path and press "Mở".

    With unsaved edits a pick does not discard them silently: the page says which scenario
    will open when "Mở" is pressed.
    """
    paths = [str(path) for path in scenario_choices().values()]
    titles = scenario_picker_titles(paths)
    current = SCENARIO_PATH.get()
    if PENDING_OPEN.get() is None or OPEN_CHOICE.get() not in paths:
        # The picker shows the open scenario (the first one when a typed path is open).
        OPEN_CHOICE.set(current if current in paths else paths[0])
    cols = st.columns([3, 3, 1])
    chosen = cols[0].selectbox(
        t("scenario"),
        paths,
        key=OPEN_CHOICE.name,
        format_func=lambda path: titles.get(path, path),
        on_change=_picked,
    )
    typed = cols[1].text_input(
        t("open_path"), "", key="open_path", placeholder="scenarios/cua_toi/scenario.toml"
    )
    if cols[2].button(t("open"), key="open_btn"):
        _open(typed.strip() or chosen)
    pending = PENDING_OPEN.get()
    if pending == current:
        PENDING_OPEN.pop()
    elif pending is not None:
        if isinstance(work, Work) and work.edited:
            st.warning(t("pending_open").format(name=titles.get(pending, pending)))
        else:
            _open(pending)


def summary(work: Work) -> None:
    """Key figures and the per-commune table of the working scenario."""
    scenario, lg = work.scenario, lang()
    st.subheader(scenario.name)
    if scenario.description:
        st.caption(scenario.description)
    of_age = [c.of_age for c in scenario.communes if c.of_age is not None]
    cols = st.columns(5)
    cols[0].metric(t("citizens_of_age"), fmt_int(sum(of_age) if of_age else None, lg))
    cols[1].metric(t("not_issued"), fmt_int(scenario.not_issued, lg))
    cols[2].metric(t("collectable"), fmt_int(scenario.collectable_backlog, lg))
    cols[3].metric(t("teams"), fmt_int(len(scenario.teams), lg))
    cols[4].metric(t("deadline"), fmt_date(scenario.calendar.deadline, lg))
    for problem in work.warnings:
        st.warning(problem.render(lg))
    with st.expander(t("communes"), expanded=False):
        show_table(commune_table(scenario, lg))
        if any(c.estimated_fields for c in scenario.communes):
            st.caption(t("estimated_note"))
    if scenario.facts:
        with st.expander(t("facts")):
            for key, value in scenario.facts.items():
                st.markdown(f"**{key}**: {value}", unsafe_allow_html=False)


def upload_section() -> None:
    """New scenario from a backlog table and a boundary file, with name matching."""
    cols = st.columns(2)
    table = cols[0].file_uploader(
        t("upload_table"),
        type=["csv", "tsv", "txt", "xlsx", "xls", "ods"],
        key="up_table",
        help=t("upload_table_help"),
        max_upload_size=upload_limit_mb(MAX_TABLE_BYTES),
    )
    bounds = cols[1].file_uploader(
        t("upload_bounds"),
        type=["geojson", "json", "zip", "gpkg", "kml"],
        key="up_bounds",
        help=t("upload_bounds_help"),
        max_upload_size=upload_limit_mb(MAX_BOUNDARY_BYTES),
    )
    row = st.columns(4)
    name = row[0].text_input(t("scenario_name"), "", key="up_name")
    start = row[1].date_input(t("start"), dt.date.today(), key="up_start", format="DD/MM/YYYY")
    deadline = row[2].date_input(
        t("deadline"),
        dt.date.today() + dt.timedelta(days=NEW_SCENARIO.window_days),
        key="up_deadline",
        format="DD/MM/YYYY",
    )
    teams = row[3].number_input(t("teams"), 1, 30, NEW_SCENARIO.teams, key="up_teams")
    draft = DRAFT.get()
    if (table is None or bounds is None) and draft is not None and draft[0].boundaries:
        DRAFT.pop()  # a file was removed: its report no longer applies
    if st.button(t("match_names"), disabled=table is None or bounds is None, key="up_match"):
        from planning.drafting.new_scenario import draft_scenario

        sid = UPLOAD_ID.get()
        request = NewScenarioRequest(
            out_dir=SCENARIOS_DIR / "_moi",
            table=save_upload(table, MAX_TABLE_BYTES, sid),
            boundaries=save_upload(bounds, MAX_BOUNDARY_BYTES, sid),
            name=name,
            start=start,
            deadline=deadline,
            teams=int(teams),
            aliases=dict(ALIASES.get()),
        )
        DRAFT.set((request, *draft_scenario(request)))
    draft = DRAFT.get()
    if draft is not None and draft[0].boundaries is not None:
        show_draft(*draft)


def show_draft(
    request: NewScenarioRequest, outcome: NewScenarioOutcome, scenario: Scenario | None
) -> None:
    """The matching report, choices for unmatched names, and the button to use the draft."""
    lines = [line for line in outcome.report_lines(lang()) if line != outcome.base_note]
    # Counts first ("Đã khớp: 20 · Không khớp: 1"), every name and its match on request.
    st.markdown(" · ".join(line for line in lines if not line.startswith(" ") and line[-1:] != ":"))
    with st.expander(t("match_details")):
        st.text("\n".join(lines))
    pending = {**outcome.ambiguous, **outcome.unmatched}
    if pending:
        st.warning(t("unmatched_help" if request.boundaries is not None else "pending_help"))
        choices: dict[str, str | None] = {}
        for table_name, candidates in pending.items():
            options = [""] + [c.code for c in candidates]
            labels = {c.code: f"{c.name} ({c.code})" for c in candidates} | {"": "—"}
            choices[table_name] = st.selectbox(
                table_name, options, format_func=labels.__getitem__, key=f"alias_{table_name}"
            )
        if st.button(t("apply_choices"), key="apply_aliases"):
            aliases = dict(ALIASES.get())
            aliases.update({k: v for k, v in choices.items() if v})
            ALIASES.set(aliases)
            from planning.drafting.new_scenario import draft_scenario

            new_request = replace(request, aliases=aliases)
            DRAFT.set((new_request, *draft_scenario(new_request)))
            st.rerun()
    for problem in outcome.warnings:
        (st.error if problem.is_error else st.warning)(problem.render(lang()))
    if scenario is None:
        return
    st.success(
        t("draft_ready").format(
            communes=len(scenario.communes), backlog=fmt_int(scenario.not_issued, lang())
        )
    )
    if st.button(t("use_draft"), type="primary", key="use_draft"):
        set_scenario(scenario, draft_features(outcome), keep_source=False)
        DRAFT.pop()
        DRAFT_USED.set(scenario.name)
        st.rerun()


def draft_features(outcome: NewScenarioOutcome) -> Any:
    """Display boundaries of the draft's communes (read with the draft, keyed like it: codes,
    X001... where a boundary file has no code)."""
    from planning.io.boundaries import simplify_for_display

    return simplify_for_display(outcome.features)


def communes_section(work: Work) -> None:
    """Edit per-commune figures; validated by the same rules as a saved communes.csv."""
    st.caption(t("edit_communes_help"))
    edited = st.data_editor(
        communes_frame(work.scenario),
        hide_index=True,
        key="communes_editor",
        disabled=["code"],
        placeholder="",
        num_rows="fixed",
    )
    if st.button(t("apply"), key="apply_communes"):
        communes = communes_from_frame(edited, work.scenario)
        set_scenario(replace(work.scenario, communes=tuple(communes)))
        st.success(t("applied"))


def teams_section(work: Work) -> None:
    """Edit teams (base by commune code or coordinates) and the calendar."""
    st.caption(t("edit_teams_help"))
    edited = st.data_editor(
        teams_frame(work.scenario),
        hide_index=True,
        key="teams_editor",
        num_rows="dynamic",
        placeholder="",  # an empty cell reads empty, not "None"
        column_config=team_columns(),
    )
    base_picker(work, edited)
    overnight = overnight_inputs(work.scenario)
    cal = work.scenario.calendar
    cols = st.columns(4)
    start = cols[0].date_input(t("start"), cal.start, key="cal_start", format="DD/MM/YYYY")
    deadline = cols[1].date_input(
        t("deadline"), cal.deadline, key="cal_deadline", format="DD/MM/YYYY"
    )
    lead = cols[2].number_input(t("lead_days"), 0, 30, cal.invitation_lead_days, key="cal_lead")
    observe = cols[3].checkbox(t("observe_holidays"), cal.observe_public_holidays, key="cal_hol")
    days_off = st.text_input(
        t("extra_days_off"),
        days_off_text(cal.extra_holidays),
        key="cal_extra",
        help=t("extra_days_off_help"),
    )
    if st.button(t("apply"), key="apply_teams"):
        teams = teams_from_frame(edited, work.scenario)
        scenario = with_calendar(
            replace(work.scenario, teams=teams),
            start,
            deadline,
            int(lead),
            observe,
            parse_days_off(days_off),
        )
        set_scenario(with_overnight(scenario, *overnight))
        st.success(t("applied"))


def overnight_inputs(scenario: Scenario) -> tuple[bool, int]:
    """Whether teams may stay overnight, and from how many minutes one way (applied with the
    teams); the scenario's reason for its current setting is shown."""
    rules = scenario.rules
    cols = st.columns([2, 1])
    allowed = cols[0].checkbox(t("allow_overnight"), rules.allow_overnight, key="overnight")
    minutes = cols[1].number_input(
        t("overnight_from"),
        min_value=0,
        max_value=600,
        value=rules.overnight_min_one_way_min,
        step=15,
        key="overnight_min",
        disabled=not allowed,
    )
    if rules.notes.get("allow_overnight"):
        cols[0].caption(rules.notes["allow_overnight"])
    return bool(allowed), int(minutes)


def _remember_click() -> None:
    """st_folium's on_change: keep the new click until the page has applied it (once)."""
    BASE_PICK_CLICK.set((BASE_PICK_MAP.get() or {}).get("last_clicked"))


def base_picker(work: Work, edited: pd.DataFrame) -> None:
    """Pick a team's base by clicking a small map; applied through the team table's checks."""
    from planning.report.offline import local_assets_available

    st.markdown(f"**{t('pick_base')}**")
    if not (local_assets_available() and st.get_option("server.enableStaticServing")):
        st.caption(t("pick_unavailable"))
        return
    ids = [
        str(v).strip()
        for v in edited["id"]
        if v is not None and str(v).strip() not in ("", "nan", "None")
    ]
    if not ids:
        return
    cols = st.columns([1, 2])
    team_id = cols[0].selectbox(
        t("pick_team"),
        [*ids, NEW_TEAM],
        key="base_pick_team",
        format_func=lambda v: t("new_team_on_map") if v == NEW_TEAM else v,
    )
    click = BASE_PICK_CLICK.pop()
    if click and team_id:
        lat, lon = float(click["lat"]), float(click["lng"])
        if team_id == NEW_TEAM:
            frame, team_id = with_added_team(edited, lat, lon)
        else:
            frame = with_picked_base(edited, team_id, lat, lon)
        teams = teams_from_frame(frame, work.scenario)
        set_scenario(replace(work.scenario, teams=teams))
        picked = next(x for x in teams if x.team_id == team_id)
        BASE_PICKED.set((team_id, picked.base.lat, picked.base.lon))
        st.rerun()
    cols[0].caption(t("pick_base_help"))
    team = next((x for x in work.scenario.teams if x.team_id == team_id), None)
    if team is not None:
        where = t("base_now").format(
            team=team.team_id, lat=f"{team.base.lat:.6f}", lon=f"{team.base.lon:.6f}"
        )
        if team.base_commune:
            where += " " + t("base_now_commune").format(code=team.base_commune)
        cols[0].markdown(where)
    done = BASE_PICKED.pop()
    if done is not None:
        cols[0].success(
            t("base_picked").format(team=done[0], lat=f"{done[1]:.6f}", lon=f"{done[2]:.6f}")
        )
    from streamlit_folium import st_folium

    from planning.report.data_views import base_picker_map

    with cols[1]:
        st_folium(
            base_picker_map(work.scenario, work.features, team_id, TILE_URL.get().strip()),
            key=BASE_PICK_MAP.name,
            height=360,
            use_container_width=True,
            returned_objects=["last_clicked"],
            on_change=_remember_click,
        )


def points_section(work: Work) -> None:
    """The intake points: add a points file, place or move points on the map, edit the table;
    every change checked by the rules of a points file (nothing applied when a row is wrong)."""
    from planning.io.points import MAX_POINTS_FILE_BYTES, scenario_with_points_file

    st.caption(t("points_help"))
    cols = st.columns([3, 1])
    upload = cols[0].file_uploader(
        t("upload_points"),
        type=["csv", "tsv", "txt", "xlsx"],
        key="up_points",
        help=t("upload_points_help"),
        max_upload_size=upload_limit_mb(MAX_POINTS_FILE_BYTES),
    )
    if cols[1].button(t("add_points_file"), disabled=upload is None, key="add_points_file"):
        path = save_upload(upload, MAX_POINTS_FILE_BYTES, UPLOAD_ID.get())
        scenario, rows = scenario_with_points_file(work.scenario, path)
        work = set_scenario(scenario)
        st.success(t("points_added").format(n=rows))
    point_picker(work)
    st.markdown(f"**{t('points_table')}**")
    frame = points_frame(work.scenario)
    if frame.empty:
        st.caption(t("points_none"))
    edited = st.data_editor(
        frame,
        hide_index=True,
        key=f"points_editor_{len(frame)}",
        disabled=["point_id"],
        num_rows="dynamic",
    )
    if st.button(t("apply"), key="apply_points"):
        set_scenario(points_from_frame(edited, work.scenario))
        st.success(t("applied"))


def _remember_point_click() -> None:
    """st_folium's on_change: keep the click until the page has applied it (once)."""
    POINT_PICK_CLICK.set((POINT_PICK_MAP.get() or {}).get("last_clicked"))


def point_picker(work: Work) -> None:
    """Add a point where the map is clicked (in the commune under the click) or move the chosen
    point there."""
    from planning.domain import GeoPoint
    from planning.io.points import scenario_with_point_at
    from planning.report.data_views import commune_at, points_picker_map
    from planning.report.offline import local_assets_available

    st.markdown(f"**{t('pick_point')}**")
    if not (local_assets_available() and st.get_option("server.enableStaticServing")):
        st.caption(t("pick_unavailable"))
        return
    listed = [p.point_id for p in work.scenario.points if not p.implicit]
    names = {p.point_id: f"{p.name} ({p.point_id})" for p in work.scenario.points}
    cols = st.columns([1, 2])
    chosen = cols[0].selectbox(
        t("pick_point_which"),
        ["", *listed],
        format_func=lambda pid: names.get(pid, t("pick_point_new")),
        key="point_pick_which",
    )
    cols[0].caption(t("pick_point_help"))
    click = POINT_PICK_CLICK.pop()
    if click:
        lat, lon = float(click["lat"]), float(click["lng"])
        code = commune_at(work.features, lat, lon)
        own = work.scenario.point(chosen).commune_code if chosen else code
        if code is None or code != own:
            cols[0].warning(t("point_outside") if code is None else t("point_other_commune"))
        else:
            where = GeoPoint(round(lat, 6), round(lon, 6))
            scenario = scenario_with_point_at(work.scenario, code, where, chosen)
            set_scenario(scenario)
            placed = chosen or next(
                p.point_id for p in reversed(scenario.commune(code).points) if p.location == where
            )
            POINT_PLACED.set((placed, where.lat, where.lon))
            st.rerun()
    done = POINT_PLACED.pop()
    if done is not None and done[0] in names:
        cols[0].success(
            t("point_placed").format(
                name=names[done[0]], lat=f"{done[1]:.6f}", lon=f"{done[2]:.6f}"
            )
        )
    from streamlit_folium import st_folium

    with cols[1]:
        st_folium(
            points_picker_map(work.scenario, work.features, chosen, TILE_URL.get().strip()),
            key=POINT_PICK_MAP.name,
            height=420,
            use_container_width=True,
            returned_objects=["last_clicked"],
            on_change=_remember_point_click,
        )


#: The base picker's choice that adds a team where the map is clicked.
NEW_TEAM = "+"

#: The team table's columns: header (i18n key) and help of each field.
TEAM_COLUMN_TEXTS = {
    "id": "col_team_id",
    "name": "col_team_name",
    "base_commune": "col_base_commune",
    "base_lat": "col_base_lat",
    "base_lon": "col_base_lon",
    "base_name": "col_base_name",
    "apps_per_hour": "col_apps_per_hour",
    "setup_min": "col_setup_min",
    "shift_hours": "col_shift_hours",
    "start_time": "col_start_time",
    "working_weekdays": "col_working_weekdays",
    "days_off": "col_days_off",
}


def team_columns() -> dict[str, Any]:
    """Column headers in the reader's language; numbers plain (20, 22.5, 8, not 20.0000);
    text cells empty by default (never "None")."""
    out: dict[str, Any] = {}
    for name, key in TEAM_COLUMN_TEXTS.items():
        label, help_text = t(key), t(key + "_help")
        if name in TEAM_TEXT_COLUMNS:
            out[name] = st.column_config.TextColumn(label, help=help_text, default="")
        else:
            out[name] = st.column_config.NumberColumn(label, help=help_text, format="plain")
    return out


def _adopt_uploaded_boundaries(work: Work) -> tuple[Work, dict[str, bytes]]:
    """A boundary file from the upload folder, to be saved with the scenario (same save)."""
    source = Path(work.scenario.boundaries.path)
    if not source.is_absolute() or UPLOAD_ROOT.resolve() not in source.resolve().parents:
        return work, {}
    bounds = replace(work.scenario.boundaries, path=source.name)
    work = replace(work, scenario=replace(work.scenario, boundaries=bounds))
    return work, {source.name: source.read_bytes()}


def save_section(work: Work) -> None:
    """Save to a folder: versions kept, nothing overwritten silently, shipped ones protected;
    a save over a scenario someone else saved meanwhile merges what does not overlap."""
    proposal = proposed_save_folder(work.scenario.name, work.path, work.shipped, SCENARIOS_DIR)
    identity = f"{work.path}|{work.scenario.name}"
    # Another scenario, or the box was dropped (Streamlit forgets a widget's value when a page
    # without it runs): propose the scenario's own folder.
    if SAVE_PROPOSED_FOR.get() != identity or not SAVE_FOLDER.present():
        SAVE_FOLDER.set(proposal)
        SAVE_PROPOSED_FOR.set(identity)
    if work.shipped:
        st.info(t("embedded_save_as"))
    folder = st.text_input(t("save_folder"), key=SAVE_FOLDER.name)
    if not st.button(t("save"), type="primary", key="save_btn"):
        return
    if not folder.strip():
        st.error(t("save_folder_empty"))
        return
    target = save_target(folder, SCENARIOS_DIR)
    same = work.path is not None and target.resolve() == work.path.resolve()
    if is_shipped(target):
        st.error(t("embedded_refused"))
        return
    if target.exists() and not same:
        st.error(t("exists_refused").format(path=target))
        return
    work, extra_files = _adopt_uploaded_boundaries(work)
    try:
        if same:
            outcome = save_merging(
                work.scenario,
                target,
                base=work.base,
                expected_fingerprint=work.fingerprint,
                extra_files=extra_files,
            )
            saved, merged = outcome.path, outcome.merged
        else:
            saved = save_scenario(work.scenario, target, must_be_new=True, extra_files=extra_files)
            merged = ()
    except ScenarioChangedError as exc:
        st.error(t("changed_by_other"))
        if exc.conflicts:
            st.error(t("save_conflicts").format(items=", ".join(exc.conflicts)))
        return
    except ScenarioExistsError:
        st.error(t("exists_refused").format(path=target))
        return
    open_work(saved)
    versions = len(list_versions(saved))
    flash(
        "success",
        t("saved").format(path=saved, versions=versions)
        if versions
        else t("saved_new").format(path=saved),
    )
    if merged:
        flash("info", t("save_merged").format(items=", ".join(merged)))
    # No rerun: the notices above the tabs are drawn after this and read the saved scenario.


def province_tab() -> None:
    """The "new from a province" tab (folium and the 2025 layer are loaded when it opens)."""
    from app.area_picker import province_section

    province_section(show_draft)


def body() -> None:
    """The Data page."""
    work = current_work()
    if isinstance(work, InputError):
        open_section(None)
        raise work
    open_section(work)
    # Notices that come and go live in one container that is always there, so the tabs below
    # keep their place on the page and the browser keeps the tab the planner is on. It is
    # filled last, once the tabs have run (a save clears "unsaved changes" in the same run).
    notices = st.container()
    # Only the open tab runs (a tab change reruns the page): the first page of a session does
    # not build the editors, the base-picking map nor the province picker it does not show.
    sections = {
        "tab_summary": lambda: summary(work),
        "tab_upload": upload_section,
        "tab_province": province_tab,
        "tab_communes_edit": lambda: communes_section(work),
        "tab_teams": lambda: teams_section(work),
        "tab_points": lambda: points_section(work),
        "tab_save": lambda: save_section(work),
    }
    tabs = st.tabs([t(k) for k in sections], key=DATA_TAB.name, on_change="rerun")
    for tab, show in zip(tabs, sections.values(), strict=True):
        if tab.open:
            with tab, guarded():
                show()
    with notices:
        final = WORK.get()
        if isinstance(final, Work):
            # What is open now (after this run's opening, use of a draft or save): the picker
            # above chooses what to open.
            where = str(final.path) if final.path is not None else t("not_saved_yet")
            st.caption(t("working_on").format(name=final.scenario.name, where=where))
        show_flash()
        used = DRAFT_USED.pop()
        if used is not None:
            st.success(t("draft_used").format(name=used))
        final = WORK.get()
        if isinstance(final, Work) and final.edited:
            st.caption(t("unsaved_edits"))


with guarded():
    body()
