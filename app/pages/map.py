"""Bản đồ: coverage (by % not issued or collectable backlog) and the plan (teams, routes, dates).

The map is a static offline HTML page built once per scenario, plan, period, language and tile
setting; clicking a commune opens a Leaflet popup inside the page, so it never re-runs the solver.
"""

from __future__ import annotations

import datetime as dt

import streamlit as st

from app.i18n import lang, t
from app.state import RESULTS, TILE_URL, Work, current_work, scenario_key
from app.ui import cached, guarded, map_page, show_map
from planning.errors import InputError
from planning.report.maps import coverage_map, plan_map
from planning.report.plan_views import (
    default_map_period,
    map_periods,
    team_groups,
    visit_dates_by_commune,
)


def coverage_html(work: Work, metric: str, tile_url: str) -> str:
    """Offline HTML of the coverage map (with plan visit dates in popups when solved)."""
    key = scenario_key(work.scenario)
    result = RESULTS.get().get(key)
    visits = visit_dates_by_commune(result.plan) if result is not None else {}
    cache_key = f"coverage|{key}|{metric}|{lang()}|{tile_url}|{result is not None}"
    return str(
        cached(
            cache_key,
            lambda: map_page(
                coverage_map(work.scenario, work.features, metric, lang(), tile_url, visits=visits)
            ),
        )
    )


def plan_html(
    work: Work,
    label: str,
    days: list[dt.date] | None,
    tile_url: str,
    team_ids: tuple[str, ...] | None = None,
) -> str:
    """Offline HTML of the plan map for the chosen period and teams."""
    key = scenario_key(work.scenario)
    result = RESULTS.get()[key]
    cache_key = f"plan|{key}|{id(result)}|{label}|{team_ids}|{lang()}|{tile_url}"
    return str(
        cached(
            cache_key,
            lambda: map_page(
                plan_map(
                    work.scenario,
                    work.features,
                    result.plan,
                    lang(),
                    tile_url,
                    days,
                    team_ids=team_ids,
                )
            ),
        )
    )


def body() -> None:
    """The Map page."""
    work = current_work()
    if isinstance(work, InputError):
        raise work
    st.header(t("map") + " — " + work.scenario.name)
    if work.features is None:
        st.info(t("no_map"))
        return
    tile_url = TILE_URL.get()
    solved = scenario_key(work.scenario) in RESULTS.get()
    views = ["coverage", "plan"] if solved else ["coverage"]
    view = st.radio(t("map_view"), views, format_func=t, horizontal=True, key="map_view")
    if view == "coverage":
        metric = st.radio(
            t("colour_by"),
            ["pct_not_issued", "collectable_backlog"],
            format_func=t,
            horizontal=True,
            key="map_metric",
        )
        show_map(coverage_html(work, metric, tile_url))
    else:
        options = map_periods(work.scenario.calendar.dates(), lang())
        groups = team_groups(work.scenario, lang())
        cols = st.columns(2)
        label = cols[0].selectbox(
            t("period"),
            list(options),
            index=min(default_map_period(work.scenario), len(options) - 1),
            key="map_period",
            help=t("period_help"),
        )
        group = cols[1].selectbox(
            t("show_teams"), list(groups), key="map_team_group", help=t("show_teams_help")
        )
        show_map(plan_html(work, label, options[label], tile_url, groups[group]))
    if not solved:
        st.caption(t("map_plan_hint"))
    st.caption(t("map_click_hint"))


with guarded():
    body()
