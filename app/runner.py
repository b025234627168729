"""Solving in a background thread so the page stays responsive, shows progress and can stop.

The thread calls :mod:`planning.solver` only (never Streamlit); the page polls the job object
kept in ``st.session_state``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from typing import Any

from planning.domain import Plan, Scenario
from planning.solver import ProgressInfo, SolverOptions, solve, what_it_takes


@dataclass
class SolveJob:
    """A solve (``kind='solve'``) or a what-would-it-take analysis (``kind='what'``) under way."""

    kind: str
    key: str
    time_limit_s: float
    stop_event: threading.Event = field(default_factory=threading.Event)
    started: float = field(default_factory=time.monotonic)
    progress: ProgressInfo | None = None
    result: Any = None
    error: BaseException | None = None
    done: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    @property
    def elapsed(self) -> float:
        """Seconds since the job started."""
        return time.monotonic() - self.started

    def stop(self) -> None:
        """Ask the solver to stop and return the best plan found so far."""
        self.stop_event.set()

    def _report(self, info: ProgressInfo) -> None:
        self.progress = info

    def _run(self, scenario: Scenario, previous: Plan | None = None, current: Any = None) -> None:
        options = SolverOptions(
            time_limit_s=self.time_limit_s, progress=self._report, stop_event=self.stop_event
        )
        try:
            if self.kind == "solve":
                self.result = solve(scenario, options, previous=previous)
            else:
                self.result = what_it_takes(scenario, options, current=current)
        except Exception as exc:  # shown to the user as a plain message
            self.error = exc
        finally:
            self.done.set()


def start_job(
    kind: str,
    scenario: Scenario,
    key: str,
    time_limit_s: float,
    previous: Plan | None = None,
    current: Any = None,
) -> SolveJob:
    """Start a solve or what-if job in a daemon thread and return it (``previous``: the plan
    announced before, kept where possible when re-planning; ``current``: for a what-if job, the
    scenario's solve result, which it then does not repeat)."""
    job = SolveJob(kind, key, time_limit_s)
    job.thread = threading.Thread(
        target=job._run,
        args=(scenario, previous, current),
        daemon=True,
        name=f"cccd-{kind}-{key}",
    )
    job.thread.start()
    return job


def solve_now(scenario: Scenario, time_limit_s: float) -> Any:
    """Solve in the calling thread (the Compare page's short variant solves)."""
    return solve(scenario, SolverOptions(time_limit_s=time_limit_s))
