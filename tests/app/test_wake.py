"""Waking a planner's page from another thread (app/wake.py): the rerun waits until the page is
not running, then uses the page the planner is on — never the one they just left."""

from __future__ import annotations

import threading
import time

from app import wake


class FakeSession:
    """The parts of Streamlit's AppSession the waker reads: the script runner (None when the
    page is idle), the client state of the last run, the event loop's call-soon."""

    def __init__(self) -> None:
        self._scriptrunner: object | None = object()  # a run of the Map page under way
        self._client_state = "plan page"
        self.reruns: list[object] = []
        self.lock = threading.Lock()

    def _call_soon_on_event_loop(self, callback: object) -> None:
        with self.lock:
            callback()  # type: ignore[operator]

    def request_rerun(self, state: object) -> None:
        self.reruns.append(state)


def test_a_wake_during_a_page_run_reruns_the_page_the_planner_moved_to() -> None:
    session = FakeSession()
    wake.rerun_when_idle(session)
    assert session.reruns == []  # nothing folded into the click's run
    time.sleep(0.25)
    with session.lock:  # the Map run ends: its state is the planner's page now
        session._client_state = "map page"
        session._scriptrunner = None
    deadline = time.monotonic() + 2
    while not session.reruns and time.monotonic() < deadline:
        time.sleep(0.02)
    assert session.reruns == ["map page"]


def test_an_idle_page_is_rerun_at_once() -> None:
    session = FakeSession()
    session._scriptrunner = None
    wake.rerun_when_idle(session)
    assert session.reruns == ["plan page"]


def test_a_page_that_never_stops_running_is_still_rerun() -> None:
    session = FakeSession()
    wake.rerun_when_idle(session, polls_left=2)
    deadline = time.monotonic() + 2
    while not session.reruns and time.monotonic() < deadline:
        time.sleep(0.02)
    assert session.reruns == ["plan page"]
