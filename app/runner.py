"""Solving in a background thread so the page stays responsive, shows progress and can stop.

The thread calls :mod:`planning.solver` or the sweep engine (:mod:`planning.sweep`) only (never
Streamlit); the page polls the job object kept in ``st.session_state``.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from planning.domain import Plan, Scenario
from planning.errors import InputError
from planning.outcomes import VariantOutcome
from planning.solver import ProgressInfo, SolverOptions, solve, what_it_takes
from planning.sweep import DaskConnection, Sweep, connect, scheduler_address
from planning.variants import Variant


class JobKind(StrEnum):
    """What a :class:`SolveJob` runs."""

    #: A solve of the scenario.
    SOLVE = "solve"
    #: A what-would-it-take analysis.
    WHAT = "what"


@dataclass
class SolveJob:
    """A solve or a what-would-it-take analysis under way."""

    kind: JobKind
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
            if self.kind == JobKind.SOLVE:
                self.result = solve(scenario, options, previous=previous)
            else:
                self.result = what_it_takes(scenario, options, current=current)
        except Exception as exc:  # shown to the user as a plain message
            self.error = exc
        finally:
            self.done.set()


def start_job(
    kind: JobKind,
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


# --- the Compare page's variants: the sweep engine ------------------------------------------------

_CONNECTION_LOCK = threading.Lock()
_CONNECTION: list[DaskConnection] = []


def shared_connection() -> DaskConnection:
    """The app's Dask connection, opened once per server process and shared by its sessions:
    the scheduler of ``CCCD_DASK_SCHEDULER`` when set, else a local cluster of worker processes
    (one per core). Raises :class:`InputError` when Dask cannot start."""
    with _CONNECTION_LOCK:
        if _CONNECTION and _CONNECTION[0].client.status == "running":
            return _CONNECTION[0]
        if _CONNECTION:
            stale = _CONNECTION.pop()
            threading.Thread(target=stale.close, daemon=True).start()
        connection = connect(scheduler_address())
        _CONNECTION.append(connection)
        return connection


@dataclass
class SweepJob:
    """The Compare page's variants being solved (in parallel on Dask, or one after the other in
    this process when Dask cannot start: ``fallback`` then says why)."""

    key: str
    total: int
    time_limit_s: float
    started: float = field(default_factory=time.monotonic)
    sweep: Sweep | None = None
    where: str = ""
    fallback: str = ""
    error: BaseException | None = None
    stop_requested: threading.Event = field(default_factory=threading.Event)
    done: threading.Event = field(default_factory=threading.Event)
    thread: threading.Thread | None = None

    @property
    def elapsed(self) -> float:
        """Seconds since the job started."""
        return time.monotonic() - self.started

    def outcomes(self) -> list[VariantOutcome]:
        """The variants finished so far, in the order they were given."""
        return self.sweep.in_order() if self.sweep is not None else []

    def stop(self) -> None:
        """Cancel what has not finished; what has finished is kept."""
        self.stop_requested.set()
        if self.sweep is not None:
            self.sweep.stop()

    def _run(self, scenario: Scenario, variants: list[Variant]) -> None:
        try:
            try:
                connection: DaskConnection | None = shared_connection()
            except InputError as exc:
                connection = None
                self.fallback = exc.problems[0].render("vi") if exc.problems else str(exc)
            if connection is not None:
                self.where = connection.address
            sweep = Sweep(scenario, variants, self.time_limit_s, connection)
            self.sweep = sweep
            if self.stop_requested.is_set():
                sweep.stop()
            sweep.start()
            sweep.wait()
        except Exception as exc:  # shown to the user as a plain message
            self.error = exc
        finally:
            self.done.set()


def start_sweep(
    scenario: Scenario, variants: list[Variant], key: str, time_limit_s: float
) -> SweepJob:
    """Solve ``variants`` of ``scenario`` in a daemon thread (connecting to Dask there, so the
    page never waits for it) and return the job."""
    job = SweepJob(key, len(variants), time_limit_s)
    job.thread = threading.Thread(
        target=job._run, args=(scenario, list(variants)), daemon=True, name=f"cccd-sweep-{key}"
    )
    job.thread.start()
    return job
