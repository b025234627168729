"""The background job shared by the Plan and Progress pages: collecting it, showing its progress.

One job runs at a time per session (``st.session_state["job"]``); its result lands in
``st.session_state["results"]`` (solves) or ``["whats"]`` (what-if analyses) under the job's key.
"""

from __future__ import annotations

import streamlit as st

from app.i18n import lang, t
from app.runner import SolveJob
from planning.formatting import fmt_int
from planning.wording import stage_name


def collect_finished_job() -> None:
    """Move a finished background job's result into the session's caches."""
    job: SolveJob | None = st.session_state.get("job")
    if job is None or not job.done.is_set():
        return
    st.session_state["job"] = None
    if job.error is not None:
        st.session_state["job_error"] = f"{type(job.error).__name__}: {job.error}"
        return
    target = "results" if job.kind == "solve" else "whats"
    st.session_state[target][job.key] = job.result


@st.fragment(run_every=0.5)
def progress_panel() -> None:
    """Progress bar, best plan so far and a stop button while a job runs."""
    job: SolveJob | None = st.session_state.get("job")
    if job is None:
        return
    if job.done.is_set():
        st.rerun(scope="app")
    share = min(1.0, job.elapsed / max(job.time_limit_s, 0.1))
    info = job.progress
    text = t("solving") if job.kind == "solve" else t("what_running")
    if info is not None and job.kind == "solve":
        text += " — " + t("progress_fmt").format(
            collected=fmt_int(info.collected, lang()), stage=stage_name(info.stage, lang())
        )
    st.progress(share, text=text)
    if st.button(t("stop"), key="stop_job", icon=":material/stop:"):
        job.stop()
