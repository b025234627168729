"""So sánh: several variants solved in parallel (the sweep engine on Dask), results as they finish,
a stop button, then side by side: KPIs, maps, expected remaining backlog over time."""

from __future__ import annotations

import hashlib
from collections.abc import Callable

import streamlit as st

from app.charts import lines_over_time, show_chart
from app.deck_downloads import compare_deck_button
from app.i18n import lang, t
from app.jobs import PANEL_EVERY_S
from app.runner import SweepJob, start_sweep
from app.state import (
    OWNER,
    RESULTS,
    SWEEP_JOB,
    SWEEP_SEEN,
    VARIANT_ERROR,
    VARIANT_TIME,
    VARIANTS,
    Work,
    current_work,
    scenario_key,
)
from app.ui import cached, guarded, map_page, show_map
from planning.domain import Scenario
from planning.errors import InputError
from planning.report.maps import plan_map
from planning.report.plan_views import remaining_frame, variant_kpis
from planning.solver import SolveResult
from planning.variants import Variant, apply_variant
from planning.wording import status_name

#: 20 rather than 20.00 (and 22.5 as it is): a rate is read as a plain number.
RATE_FORMAT = "%g"


def _add_variant(scenario: Scenario) -> None:
    """The form's submit (runs before the page): add the variant as typed, then offer the next
    default name. Done here because the name box keeps what the planner typed only while it
    keeps its key: a default that changed with the count made a new box and lost the name."""
    name = str(st.session_state.get("variant_name", "")).strip()
    if not name or any(v.name == name for v in VARIANTS.get()):
        VARIANT_ERROR.set(t("variant_name_taken"))
        return
    weekends = st.session_state.get("variant_weekends", "keep")
    spec = Variant(
        name,
        int(st.session_state.get("variant_teams", len(scenario.teams))),
        None if weekends == "keep" else weekends == "on",
        st.session_state.get("variant_deadline", scenario.calendar.deadline),
        float(st.session_state.get("variant_rate", 20.0)),
    )
    VARIANTS.get().append(spec)
    st.session_state["variant_name"] = f"{t('variant')} {len(VARIANTS.get()) + 1}"


def add_variant_form(work: Work) -> None:
    """A form that adds a variant (changes left empty keep the scenario's values)."""
    scenario = work.scenario
    if "variant_name" not in st.session_state:
        st.session_state["variant_name"] = f"{t('variant')} {len(VARIANTS.get()) + 1}"
    with st.form("variant_form", clear_on_submit=False):
        cols = st.columns(5)
        cols[0].text_input(t("variant_name"), key="variant_name")
        cols[1].number_input(t("teams"), 1, 30, len(scenario.teams), key="variant_teams")
        cols[2].selectbox(
            t("weekends"), ["keep", "on", "off"], format_func=t, key="variant_weekends"
        )
        cols[3].date_input(
            t("deadline"),
            scenario.calendar.deadline,
            format="DD/MM/YYYY",
            min_value=scenario.calendar.start,
            key="variant_deadline",
        )
        cols[4].number_input(
            t("rate"),
            1.0,
            200.0,
            float(scenario.teams[0].apps_per_hour) if scenario.teams else 20.0,
            step=1.0,
            format=RATE_FORMAT,
            key="variant_rate",
        )
        st.form_submit_button(t("add_variant"), on_click=_add_variant, args=(scenario,))
    error = VARIANT_ERROR.pop()
    if error:
        st.error(error)


def variant_scenarios(work: Work) -> dict[str, Scenario]:
    """Each variant's scenario, by variant name (the first of a repeated name wins)."""
    out: dict[str, Scenario] = {}
    for spec in VARIANTS.get():
        out.setdefault(spec.name, apply_variant(work.scenario, spec))
    return out


def collect(job: SweepJob | None) -> None:
    """Move the solved variants of the sweep into the session's results, as they arrive."""
    if job is None:
        return
    outcomes = job.outcomes()
    results = RESULTS.get()
    for outcome in outcomes:
        if outcome.solved and outcome.result is not None:
            results.setdefault(scenario_key(outcome.scenario), outcome.result)
    SWEEP_SEEN.set(len(outcomes))


@st.fragment(run_every=PANEL_EVERY_S)
def sweep_panel() -> None:
    """Progress of the variants under way and a stop button; the page reruns as each finishes."""
    job = SWEEP_JOB.get()
    if job is None:
        return
    done = len(job.outcomes())
    if job.done.is_set() or done != SWEEP_SEEN.get():
        st.rerun(scope="app")
    where = job.where or t("dask_starting")
    text = t("variants_progress").format(done=done, total=job.total, where=where)
    st.progress(min(1.0, done / max(job.total, 1)), text=text)
    if job.stop_requested.is_set():
        st.caption(t("stopping"))
    elif st.button(t("stop"), key="stop_variants", icon=":material/stop:"):
        job.stop()


def run_controls(work: Work, scenarios: dict[str, Scenario], seconds: int) -> None:
    """The run button for the variants not solved yet, or the panel of the run under way."""
    job = SWEEP_JOB.get()
    if job is not None and not job.done.is_set():
        sweep_panel()
        return
    results = RESULTS.get()
    first = {spec.name: spec for spec in reversed(VARIANTS.get())}  # the first of a name wins
    pending = [
        spec for spec in first.values() if scenario_key(scenarios[spec.name]) not in results
    ][::-1]
    if pending and st.button(
        t("run_variants").format(n=len(pending)), key="run_variants", type="primary"
    ):
        key = scenario_key(work.scenario)
        SWEEP_JOB.set(start_sweep(work.scenario, pending, key, float(seconds), OWNER.get()))
        SWEEP_SEEN.set(0)
        st.rerun()


def show_notes(job: SweepJob | None) -> None:
    """How the last run ran (fallback without Dask) and its variants without a result."""
    if job is None:
        return
    if job.stop_requested.is_set() and job.done.is_set():
        outcomes = job.outcomes()
        kept = sum(1 for o in outcomes if o.solved)
        st.info(t("variants_stopped").format(kept=kept, cancelled=len(outcomes) - kept))
    if job.fallback:
        st.warning(t("dask_fallback").format(reason=job.fallback))
    elif job.where and job.done.is_set():
        st.caption(t("dask_where").format(where=job.where))
    if job.error is not None:
        st.error(f"{type(job.error).__name__}: {job.error}")
    for outcome in job.outcomes():
        if not outcome.solved:
            why = f": {outcome.error}" if outcome.error else ""
            st.warning(f"{outcome.variant.name} — {status_name(outcome.state, lang())}{why}")


def map_builder(work: Work, scenario: Scenario, result: SolveResult) -> Callable[[], str]:
    """A function that draws one variant's plan map (for the cache)."""
    return lambda: map_page(plan_map(scenario, work.features, result.plan, lang()))


def side_by_side(work: Work, solved: dict[str, tuple[Scenario, SolveResult]]) -> None:
    """KPIs, remaining backlog over time and two maps of the solved variants."""
    st.dataframe(variant_kpis(solved, lang()))
    compare_deck_button(work, solved)
    st.subheader(t("remaining_over_time"))
    wide = remaining_frame(solved)
    long = (
        wide.rename_axis("date")
        .reset_index()
        .melt(id_vars="date", var_name="variant", value_name="remaining")
    )
    chart = lines_over_time(
        long.dropna(),
        value="remaining",
        series="variant",
        date_title=t("date"),
        value_title=t("remaining"),
        series_title=t("variant"),
        language=lang(),
    )
    show_chart(chart)
    if work.features is None:
        return
    st.subheader(t("maps_side_by_side"))
    names = list(solved)
    # Keyed by the variants shown: a new one solved gives the two boxes new defaults (the first
    # and the second variant), never both the same.
    shown = hashlib.sha1("|".join(names).encode()).hexdigest()[:8]
    for i, col in enumerate(st.columns(2)):
        pick = col.selectbox(
            t("map_of_variant").format(n=i + 1),
            names,
            index=min(i, len(names) - 1),
            key=f"cmp_map_{i}_{shown}",
        )
        scenario, result = solved[pick]
        key = f"cmpmap|{scenario_key(scenario)}|{id(result)}|{lang()}"
        with col:
            show_map(str(cached(key, map_builder(work, scenario, result))), height=420)


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
    job = SWEEP_JOB.get()
    collect(job)
    running = job is not None and not job.done.is_set()
    cols = st.columns([3, 1])
    cols[0].markdown(", ".join(v.name for v in variants))
    if cols[1].button(t("clear_variants"), key="clear_variants", disabled=running):
        VARIANTS.set([])
        SWEEP_JOB.set(None)
        st.rerun()
    seconds = st.slider(t("variant_time"), 2, 60, 5, key=VARIANT_TIME.name, disabled=running)
    scenarios = variant_scenarios(work)
    run_controls(work, scenarios, seconds)
    show_notes(job)
    results = RESULTS.get()
    solved = {
        name: (scenario, results[scenario_key(scenario)])
        for name, scenario in scenarios.items()
        if scenario_key(scenario) in results
    }
    if solved:
        side_by_side(work, solved)


with guarded():
    body()
