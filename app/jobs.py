"""The background job shared by the Plan and Progress pages: collecting it, showing its progress.

One job runs at a time per session (:data:`app.state.JOB`); its result lands in
:data:`app.state.RESULTS` (solves) or :data:`app.state.WHATS` (what-if analyses) under the job's
key.
"""

from __future__ import annotations

import streamlit as st

from app.i18n import lang, t
from app.runner import JobKind
from app.state import JOB, JOB_ERROR, RESULTS, WHATS
from planning.formatting import fmt_int
from planning.wording import stage_name


def collect_finished_job() -> None:
    """Move a finished background job's result into the session's caches."""
    job = JOB.get()
    if job is None or not job.done.is_set():
        return
    JOB.set(None)
    if job.error is not None:
        JOB_ERROR.set(f"{type(job.error).__name__}: {job.error}")
        return
    if job.kind == JobKind.SOLVE:
        RESULTS.get()[job.key] = job.result
    else:
        WHATS.get()[job.key] = job.result


@st.fragment(run_every=0.5)
def progress_panel() -> None:
    """Progress bar, best plan so far and a stop button while a job runs."""
    job = JOB.get()
    if job is None:
        return
    if job.done.is_set():
        st.rerun(scope="app")
    share = min(1.0, job.elapsed / max(job.time_limit_s, 0.1))
    info = job.progress
    text = t("solving") if job.kind == JobKind.SOLVE else t("what_running")
    if info is not None and job.kind == JobKind.SOLVE:
        text += " — " + t("progress_fmt").format(
            collected=fmt_int(info.collected, lang()), stage=stage_name(info.stage, lang())
        )
    st.progress(share, text=text)
    if st.button(t("stop"), key="stop_job", icon=":material/stop:"):
        job.stop()
