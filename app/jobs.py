"""The background job shared by the Plan and Progress pages: collecting it, showing its place in
the server's queue and its progress.

One job at a time per session (:data:`app.state.JOB`); its result lands in
:data:`app.state.RESULTS` (solves, re-plans) or :data:`app.state.WHATS` (what-if analyses) under
the job's key. The panel reruns itself every :data:`PANEL_EVERY_S` seconds only while a job is
waiting or running (a fragment that is not drawn has no timer); when the job ends, the page is
rerun from the queue (:mod:`app.runner`), so the verdict shows even if the panel's timer is late.
"""

from __future__ import annotations

import streamlit as st

from app.i18n import lang, t
from app.runner import JobKind
from app.state import FLASH, JOB, JOB_ERROR, REPLANS, RESULTS, WHATS
from planning.formatting import fmt_int
from planning.wording import stage_name

#: Seconds between two looks of the panel at a waiting or running job (the page is also rerun
#: the moment the job ends, so the verdict does not wait for this).
PANEL_EVERY_S = 2.0


def collect_finished_job() -> None:
    """Move a finished background job's result into the session's caches."""
    job = JOB.get()
    if job is None or not job.done.is_set():
        return
    JOB.set(None)
    if job.cancelled:
        FLASH.get().append(("info", t("left_queue")))
        return
    if job.error is not None:
        JOB_ERROR.set(job.error)
        return
    if job.result is None:
        return
    if job.kind == JobKind.WHAT:
        WHATS.get()[job.key] = job.result
    elif job.kind == JobKind.REPLAN:
        REPLANS.get()[job.key] = job.result
    else:
        RESULTS.get()[job.key] = job.result


def job_running() -> bool:
    """True while this session's job waits or runs."""
    job = JOB.get()
    return job is not None and not job.done.is_set()


def progress_panel() -> None:
    """While a job waits or runs: its place in the queue or its progress, and a stop button."""
    if job_running():
        _live_panel()


@st.fragment(run_every=PANEL_EVERY_S)
def _live_panel() -> None:
    job = JOB.get()
    if job is None:
        return
    if job.done.is_set():
        st.rerun(scope="app")
    lg = lang()
    if job.queue.fallback:
        st.caption(t("solve_here").format(reason=job.queue.fallback))
    if not job.started:
        place = job.place
        text = t("queued").format(
            place=fmt_int(place, lg), wait=fmt_int(max(1, round(job.wait_s())), lg)
        )
        st.progress(0.0, text=text)
        if st.button(t("leave_queue"), key="stop_job", icon=":material/close:"):
            job.stop()
        return
    share = min(1.0, job.elapsed / max(job.time_limit_s, 0.1))
    info = job.progress
    text = t("solving") if job.kind != JobKind.WHAT else t("what_running")
    collected = getattr(info, "collected", None)
    if collected is not None and job.kind != JobKind.WHAT:
        text += " — " + t("progress_fmt").format(
            collected=fmt_int(collected, lg), stage=stage_name(info.stage, lg)
        )
    st.progress(share, text=text)
    if st.button(t("stop"), key="stop_job", icon=":material/stop:"):
        job.stop()
