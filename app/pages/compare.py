"""So sánh: several variants side by side (KPIs, maps, expected remaining backlog over time)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from app.i18n import lang, t
from app.runner import solve_now
from app.state import RESULTS, VARIANT_TIME, VARIANTS, Work, current_work, scenario_key
from app.ui import cached, guarded, show_map
from app.variants import VariantSpec, apply_variant
from planning.domain import Scenario
from planning.errors import InputError
from planning.report.maps import plan_map
from planning.report.offline import offline_html
from planning.report.plan_views import remaining_frame, variant_kpis
from planning.solver import SolveResult

#: 20 rather than 20.00 (and 22.5 as it is): a rate is read as a plain number.
RATE_FORMAT = "%g"


def add_variant_form(work: Work) -> None:
    """A form that adds a variant (changes left empty keep the scenario's values)."""
    scenario = work.scenario
    with st.form("variant_form", clear_on_submit=False):
        cols = st.columns(5)
        name = cols[0].text_input(t("variant_name"), f"{t('variant')} {len(VARIANTS.get()) + 1}")
        teams = cols[1].number_input(t("teams"), 1, 30, len(scenario.teams))
        weekends = cols[2].selectbox(t("weekends"), ["keep", "on", "off"], format_func=t)
        deadline = cols[3].date_input(
            t("deadline"),
            scenario.calendar.deadline,
            format="DD/MM/YYYY",
            min_value=scenario.calendar.start,
        )
        rate = cols[4].number_input(
            t("rate"),
            1.0,
            200.0,
            float(scenario.teams[0].apps_per_hour) if scenario.teams else 20.0,
            step=1.0,
            format=RATE_FORMAT,
        )
        if st.form_submit_button(t("add_variant")):
            spec = VariantSpec(
                name,
                int(teams),
                None if weekends == "keep" else weekends == "on",
                deadline,
                float(rate),
            )
            VARIANTS.get().append(spec)


def solve_variants(work: Work, seconds: float) -> dict[str, tuple[Scenario, SolveResult]]:
    """Solve every variant not yet solved (short time limit); name → (scenario, result)."""
    out: dict[str, tuple[Scenario, SolveResult]] = {}
    results = RESULTS.get()
    for spec in VARIANTS.get():
        scenario = apply_variant(work.scenario, spec)
        key = scenario_key(scenario)
        if key not in results:
            with st.spinner(t("solving") + f": {spec.name}"):
                results[key] = solve_now(scenario, seconds)
        out[spec.name] = (scenario, results[key])
    return out


def map_builder(work: Work, scenario: Scenario, result: SolveResult) -> Callable[[], str]:
    """A function that draws one variant's plan map (for the cache)."""
    return lambda: offline_html(plan_map(scenario, work.features, result.plan, lang()))


def body() -> None:
    """The Compare page."""
    work = current_work()
    if isinstance(work, InputError):
        raise work
    st.header(t("compare") + " — " + work.scenario.name)
    st.caption(t("compare_help"))
    add_variant_form(work)
    variants = VARIANTS.get()
    if not variants:
        st.info(t("no_variants"))
        return
    cols = st.columns([3, 1])
    cols[0].markdown(", ".join(v.name for v in variants))
    if cols[1].button(t("clear_variants"), key="clear_variants"):
        VARIANTS.set([])
        st.rerun()
    seconds = st.slider(t("variant_time"), 2, 60, 5, key=VARIANT_TIME.name)
    solved = solve_variants(work, float(seconds))
    st.dataframe(variant_kpis(solved, lang()))
    st.subheader(t("remaining_over_time"))
    st.line_chart(remaining_frame(solved), x_label=t("date"), y_label=t("remaining"))
    if work.features is not None:
        st.subheader(t("maps_side_by_side"))
        names = list(solved)
        for i, col in enumerate(st.columns(2)):
            pick = col.selectbox(
                t("variant"), names, index=min(i, len(names) - 1), key=f"cmp_map_{i}"
            )
            scenario, result = solved[pick]
            key = f"cmpmap|{scenario_key(scenario)}|{id(result)}|{lang()}"
            with col:
                show_map(str(cached(key, map_builder(work, scenario, result))), height=420)


with guarded():
    body()
