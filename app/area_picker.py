"""The Data page's "new from a province" tab: pick a province, see its 2025 communes on a map,
choose the area by clicking or from a list, give the backlog table (old, new or mixed names) and
optionally a teams file, then map the table onto the 2025 communes.

Everything shown is built in planning (:mod:`planning.report.area_views`,
:mod:`planning.io.national_scenario`); the matching report and the choices for unsettled rows are
the Data page's own (``show_draft``), shared with the boundary-file upload.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path
from typing import Any

import streamlit as st

from app.i18n import lang, t
from app.state import (
    ALIASES,
    AREA_CODES,
    AREA_MAP,
    AREA_PROVINCE,
    DRAFT,
    TILE_URL,
    UPLOAD_ID,
)
from app.ui import cached
from app.uploads import MAX_TABLE_BYTES, save_upload
from planning.io.new_scenario import NewScenarioRequest
from planning.io.scenario import SCENARIOS_DIR
from planning.io.teams import MAX_TEAMS_FILE_BYTES
from planning.report.area_views import (
    area_picker_map,
    commune_at,
    commune_options,
    province_features,
    province_options,
    toggled,
)

SPLIT_CHOICES = {"": "split_none", "population": "split_population", "area": "split_area"}


def _features(code: str) -> Any:
    return cached(f"province-features:{code}", lambda: province_features(code))


def _province_changed() -> None:
    """A new province: its area starts empty and the old draft no longer applies."""
    AREA_CODES.set([])
    ALIASES.set({})
    DRAFT.pop()


def _apply_area_click() -> None:
    """st_folium's on_change: the clicked commune joins the area, or leaves it."""
    click = (AREA_MAP.get() or {}).get("last_clicked")
    code = AREA_PROVINCE.get()
    if not click or not code:
        return
    hit = commune_at(_features(code), float(click["lat"]), float(click["lng"]))
    AREA_CODES.set(toggled(AREA_CODES.get(), hit))


def _picking_map(features: Any, selected: list[str]) -> None:
    from planning.report.offline import local_assets_available

    if not (local_assets_available() and st.get_option("server.enableStaticServing")):
        st.caption(t("area_map_unavailable"))
        return
    from streamlit_folium import st_folium

    st_folium(
        area_picker_map(features, selected, lang(), TILE_URL.get().strip()),
        key=AREA_MAP.name,
        height=480,
        use_container_width=True,
        returned_objects=["last_clicked"],
        on_change=_apply_area_click,
    )


def _table_path(upload: Any, typed: str) -> Path | None:
    if upload is not None:
        return save_upload(upload, MAX_TABLE_BYTES, UPLOAD_ID.get())
    return Path(typed.strip()).expanduser() if typed.strip() else None


def province_section(show_draft: Callable[..., None]) -> None:
    """The tab: province, area (list and map), table, teams file, split rule, then the draft."""
    options = province_options()
    code = st.selectbox(
        t("province_2025"),
        ["", *options],
        format_func=lambda c: options.get(c, t("choose_province")),
        key=AREA_PROVINCE.name,
        on_change=_province_changed,
    )
    if not code:
        st.caption(t("province_help"))
        return
    features = _features(code)
    communes = commune_options(features)
    selected = st.multiselect(
        t("area_communes"),
        list(communes),
        format_func=lambda c: communes.get(c, c),
        key=AREA_CODES.name,
        help=t("area_help"),
        placeholder=t("choose_communes"),
    )
    _picking_map(features, selected)
    request = _request_inputs(code, selected)
    draft = DRAFT.get()
    if request is None and draft is not None and draft[0].boundaries is None:
        DRAFT.pop()  # the table was removed: its report no longer applies
    if st.button(t("map_to_2025"), disabled=request is None, key="area_match", type="primary"):
        from planning.io.new_scenario import draft_scenario

        assert request is not None
        DRAFT.set((request, *draft_scenario(request)))
    draft = DRAFT.get()
    if draft is not None and draft[0].boundaries is None:
        show_draft(*draft)


def _request_inputs(province: str, area: list[str]) -> NewScenarioRequest | None:
    """The table, teams file, split rule, name and dates; ``None`` until a table is given."""
    cols = st.columns(2)
    upload = cols[0].file_uploader(
        t("upload_table"), type=["csv", "tsv", "txt", "xlsx"], key="area_table"
    )
    typed = cols[0].text_input(t("table_path"), "", key="area_table_path")
    teams = cols[1].file_uploader(
        t("upload_teams"),
        type=["csv", "xlsx"],
        key="area_teams",
        help=t("upload_teams_help"),
    )
    rule = cols[1].radio(
        t("split_rule"),
        list(SPLIT_CHOICES),
        format_func=lambda r: t(SPLIT_CHOICES[r]),
        key="area_split",
    )
    row = st.columns(4)
    name = row[0].text_input(t("scenario_name"), "", key="area_name")
    start = row[1].date_input(t("start"), dt.date.today(), key="area_start", format="DD/MM/YYYY")
    deadline = row[2].date_input(
        t("deadline"), start + dt.timedelta(days=28), key="area_deadline", format="DD/MM/YYYY"
    )
    count = row[3].number_input(t("teams"), 1, 30, 2, key="area_teams_count")
    table = _table_path(upload, typed)
    if table is None:
        return None
    teams_file = save_upload(teams, MAX_TEAMS_FILE_BYTES, UPLOAD_ID.get()) if teams else None
    return NewScenarioRequest(
        out_dir=SCENARIOS_DIR / "_moi",
        table=table,
        name=name,
        start=start,
        deadline=deadline,
        teams=int(count),
        aliases=dict(ALIASES.get()),
        province=province,
        area=tuple(area),
        teams_file=teams_file,
        split_rule=rule,
    )
