"""Tổng quan: the loaded scenario's figures and its coverage map."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from app.i18n import lang, t
from app.state import coverage_html, current_scenario, embedded_choices
from planning.errors import InputError
from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.scenario_io import fingerprint

choices = embedded_choices()
paths = [str(p) for p in choices.values()]
current = st.session_state["scenario_path"]
st.session_state["scenario_path"] = st.selectbox(
    t("scenario"), paths, index=paths.index(current) if current in paths else 0,
    format_func=lambda p: p.split("/")[-2],
)
loaded = current_scenario()
if isinstance(loaded, InputError):
    st.error(t("load_failed") + "\n\n" + loaded.render(lang()))
    st.stop()

scenario = loaded.scenario
L = lang()
st.header(scenario.name)
if scenario.description:
    st.caption(scenario.description)

of_age = [c.of_age for c in scenario.communes if c.of_age is not None]
cols = st.columns(5)
cols[0].metric(t("of_age"), fmt_int(sum(of_age) if of_age else None, L))
cols[1].metric(t("not_issued"), fmt_int(scenario.not_issued, L))
cols[2].metric(t("collectable"), fmt_int(scenario.collectable_backlog, L))
cols[3].metric(t("teams"), fmt_int(len(scenario.teams), L))
cols[4].metric(t("deadline"), fmt_date(scenario.calendar.deadline, L))

for problem in loaded.warnings:
    st.warning(problem.render(L))

metric = st.radio(t("colour_by"), ["pct_not_issued", "collectable_backlog"], format_func=t,
                  horizontal=True)
if loaded.boundaries is None:
    st.info(t("no_map"))
else:
    st.iframe(coverage_html(str(loaded.path), fingerprint(loaded.path), metric, L),
                    height=560)


def star(value: int | None, estimated: bool) -> str:
    return fmt_int(value, L) + ("*" if estimated else "")


rows = [
    {
        t("code"): c.code,
        t("name"): c.name,
        t("of_age"): star(c.of_age, c.is_estimated("of_age")),
        t("issued"): star(c.issued, c.is_estimated("issued")),
        t("not_issued"): star(c.not_issued, c.is_estimated("not_issued")),
        t("pct"): fmt_pct(c.pct_not_issued, 2, L),
        t("collectable"): star(c.collectable_backlog, bool(c.estimated_fields)),
        t("earliest"): fmt_date(scenario.earliest_date(c), L),
    }
    for c in scenario.communes
]
st.subheader(t("communes"))
st.dataframe(pd.DataFrame(rows), hide_index=True, width="stretch")
if any(c.estimated_fields for c in scenario.communes):
    st.caption(t("estimated_note"))
if scenario.facts:
    with st.expander(t("facts")):
        for key, value in scenario.facts.items():
            st.markdown(f"**{key}**: {value}")
