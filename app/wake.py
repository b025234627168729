"""Rerun a planner's page from another thread: a background solve ended, a download failed.

Streamlit reruns a page when its browser asks (a widget, a fragment's timer). Work that ends
outside a page run — a solve on the Dask cluster, a document built in Streamlit's download
thread — has no browser request to answer, so the page would keep showing the old state until
the planner touches something. :func:`session_waker`, called during a page run, returns a
function that any thread may call to rerun that session's page once, with the widgets as the
planner left them: the same request Streamlit makes itself when a source file changes and
"run on save" is on (``AppSession.request_rerun`` with the session's last client state,
scheduled on the server's event loop). Outside ``streamlit run`` (AppTest, bare mode) the
function does nothing: AppTest reruns the page itself.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable
from typing import Any

_LOGGER = logging.getLogger(__name__)


def _nothing() -> None:
    return None


def session_waker() -> Callable[[], None]:
    """A function that reruns the calling session's page (call it from any thread)."""
    from streamlit.runtime import Runtime
    from streamlit.runtime.scriptrunner import get_script_run_ctx

    ctx = get_script_run_ctx(suppress_warning=True)
    if ctx is None or not Runtime.exists():
        return _nothing
    session_id = ctx.session_id

    def wake() -> None:
        try:
            if not Runtime.exists():
                return
            session = Runtime.instance().get_app_session(session_id)
            if session is None:  # the planner closed the page
                return
            rerun_when_idle(session)
        except Exception:  # a page that cannot be woken still shows the result when touched
            _LOGGER.warning("could not rerun session %s", session_id, exc_info=True)

    return wake


#: Seconds between looks at a session that is running its page, and the most looks before the
#: rerun is requested anyway.
IDLE_POLL_S, IDLE_POLLS = 0.1, 100


def rerun_when_idle(session: Any, polls_left: int = IDLE_POLLS) -> None:
    """Rerun ``session``'s page, on the server's event loop, once no run of it is under way or
    asked for, with the state its last run ended with (the page the planner is on).

    Why wait: Streamlit folds a rerun request into one already pending and keeps the newer
    request's page. A wake that read the client state just before the planner clicked another
    page would, folded into that click's rerun, send the planner back to the page they left
    (seen once in the five-planner browser test: the map never came). A run under way or asked
    for started after the result was stored, or is followed by this one.
    """
    schedule = getattr(session, "_call_soon_on_event_loop", None)
    if schedule is None:  # pragma: no cover - another Streamlit version
        session.request_rerun(getattr(session, "_client_state", None))
        return

    def on_loop() -> None:
        busy = getattr(session, "_scriptrunner", None) is not None
        if busy and polls_left > 0:
            later = threading.Timer(IDLE_POLL_S, rerun_when_idle, (session, polls_left - 1))
            later.daemon = True
            later.start()
            return
        # Private but stable: the state the page last ran with, as the file watcher uses.
        session.request_rerun(getattr(session, "_client_state", None))

    schedule(on_loop)
