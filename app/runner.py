"""Every solve of the app runs on the server's one queue of the sweep engine (Dask), never in a
page's thread: a plan, a what-if analysis, a re-plan, the Compare page's variants.

:func:`solve_queue` is the server's :class:`~planning.sweep.queue.FairQueue`: the local Dask
cluster of worker processes (one per core), or the scheduler of ``CCCD_DASK_SCHEDULER``, opened
once by the first page that needs it and shared by every session. Each session's tasks wait in
its own line and sessions take turns for the cluster's slots; a task's time limit counts from
the moment it starts. Solves run at a lower CPU priority (:data:`APP_NICENESS`) so that the pages
of planners who are not solving stay quick. When a task ends, its session's page is rerun
(:mod:`app.wake`), so the verdict shows without the planner touching anything. Without Dask the
tasks run one at a time in this process (the queue's fallback, said on the page).
"""

from __future__ import annotations

import threading
import uuid
from dataclasses import dataclass, field
from enum import StrEnum
from typing import Any

from app.wake import session_waker
from planning.domain import Plan, Scenario
from planning.outcomes import VariantOutcome
from planning.sweep import DaskConnection, Sweep, connect, scheduler_address
from planning.sweep.queue import FairQueue, Ticket
from planning.sweep.work import AppReply, AppTask, run_app_task
from planning.variants import Variant

#: CPU priority of the app's solves (0 = as the pages; 19 = lowest). The pages stay quick while
#: solves use the rest of the machine: the solve threads run at this niceness, and a local
#: cluster's workers in a CPU group of their own at it (``connect(background=…)``), so that they
#: yield to the planners' browsers too, not only to the server's threads.
APP_NICENESS = 10
#: CP-SAT workers of a solve run in this process (Dask could not start).
IN_PROCESS_CORES = 2

_QUEUE_LOCK = threading.Lock()
_QUEUE: list[FairQueue] = []


def _connect() -> DaskConnection:
    return connect(scheduler_address(), background=APP_NICENESS)


def solve_queue() -> FairQueue:
    """The server's queue of solves (created on first use; its Dask connection opens on the
    queue's own thread, so no page waits for it)."""
    with _QUEUE_LOCK:
        if not _QUEUE:
            _QUEUE.append(FairQueue(_connect))
        return _QUEUE[0]


def close_queue() -> None:
    """Close the server's queue and its connection (tests; the next use opens a new one)."""
    with _QUEUE_LOCK:
        while _QUEUE:
            _QUEUE.pop().close()


def new_owner() -> str:
    """A session's name in the queue."""
    return uuid.uuid4().hex[:12]


class JobKind(StrEnum):
    """What a :class:`SolveJob` runs."""

    #: A solve of the scenario.
    SOLVE = "solve"
    #: A what-would-it-take analysis.
    WHAT = "what"
    #: A re-plan after recorded intake (keeping announced dates unless a change gains enough).
    REPLAN = "replan"


@dataclass
class SolveJob:
    """A solve, what-if or re-plan (:class:`JobKind`) asked for by this session: waiting for its
    turn, running, or ended."""

    kind: JobKind
    key: str
    time_limit_s: float
    ticket: Ticket
    queue: FairQueue

    @property
    def done(self) -> threading.Event:
        """Set once the task has ended (solved, failed or stopped while waiting)."""
        return self.ticket.done

    @property
    def started(self) -> bool:
        """True once the task runs on a worker."""
        return self.ticket.started is not None

    @property
    def elapsed(self) -> float:
        """Seconds since the task started (0 while it waits)."""
        return self.ticket.elapsed_s()

    @property
    def place(self) -> int:
        """0 while running; else how many tasks start before this one, plus one."""
        return self.queue.place(self.ticket)

    def wait_s(self) -> float:
        """Seconds until it starts if the tasks ahead use their whole time limits."""
        return self.queue.wait_estimate_s(self.ticket)

    @property
    def progress(self) -> Any:
        """The solver's last progress report (or None)."""
        return self.ticket.progress

    @property
    def cancelled(self) -> bool:
        """Stopped before it started."""
        return self.ticket.cancelled and self.ticket.reply is None

    @property
    def result(self) -> Any:
        """The result (None while running, after an error or when stopped while waiting)."""
        reply = self.ticket.reply
        return reply.result if isinstance(reply, AppReply) else None

    @property
    def error(self) -> str | None:
        """Why the task failed, in one line (None when it did not)."""
        reply = self.ticket.reply
        if isinstance(reply, AppReply) and reply.error:
            return reply.error
        if self.ticket.error and not self.ticket.cancelled:
            return self.ticket.error
        return None

    def stop(self) -> None:
        """Leave the queue, or ask the solver to stop and return the best plan found so far."""
        self.queue.stop(self.ticket)


def start_job(
    kind: JobKind,
    scenario: Scenario,
    key: str,
    time_limit_s: float,
    owner: str,
    previous: Plan | None = None,
    current: Any = None,
    replan: Any = None,
) -> SolveJob:
    """Queue a solve, what-if or re-plan for the session ``owner`` and return the job
    (``previous``: the announced plan a solve keeps where possible; ``current``: for a what-if,
    the scenario's solve result, which it does not repeat; ``replan``: the re-plan's request).
    The session's page is rerun when it ends."""
    queue = solve_queue()
    stop_event = f"cccd-stop-{uuid.uuid4().hex}"
    progress_name = f"cccd-progress-{uuid.uuid4().hex}"
    wake = session_waker()

    def make_task(connection: DaskConnection | None) -> AppTask:
        shares = connection.cores_per_solve if connection is not None else {}
        return AppTask(
            kind=kind,
            scenario=scenario,
            time_limit_s=time_limit_s,
            previous=previous,
            current=current,
            replan=replan,
            cores_per_solve=shares,
            default_cores=1 if connection is not None else IN_PROCESS_CORES,
            stop_event=stop_event if connection is not None else "",
            progress_name=progress_name,
            niceness=APP_NICENESS if connection is not None else 0,
        )

    ticket = queue.submit(
        owner,
        f"{kind}-{key}",
        run_app_task,
        make_task,
        time_limit_s,
        on_done=lambda _: wake(),
        stop_event=stop_event,
        progress_name=progress_name,
    )
    return SolveJob(kind, key, time_limit_s, ticket, queue)


# --- the Compare page's variants: the same queue ----------------------------------------------


@dataclass
class SweepJob:
    """The Compare page's variants, queued on the server's queue like the other solves."""

    key: str
    total: int
    time_limit_s: float
    sweep: Sweep
    queue: FairQueue
    error: BaseException | None = None
    stop_requested: threading.Event = field(default_factory=threading.Event)

    @property
    def done(self) -> threading.Event:
        """Set once every variant has an outcome."""
        return self.sweep.done

    @property
    def where(self) -> str:
        """The scheduler's address ("" until connected, or without Dask)."""
        connection = self.queue.connection
        return connection.address if connection is not None else ""

    @property
    def fallback(self) -> str:
        """Why the variants run in this process instead of on Dask ("" on Dask)."""
        return self.queue.fallback

    def outcomes(self) -> list[VariantOutcome]:
        """The variants finished so far, in the order they were given."""
        return self.sweep.in_order()

    def stop(self) -> None:
        """Cancel what has not finished; what has finished is kept."""
        self.stop_requested.set()
        self.sweep.stop()


def start_sweep(
    scenario: Scenario, variants: list[Variant], key: str, time_limit_s: float, owner: str
) -> SweepJob:
    """Queue the variants of ``scenario`` for the session ``owner`` and return the job."""
    queue = solve_queue()
    sweep = Sweep(
        scenario, list(variants), time_limit_s, None, gate=queue, owner=owner, niceness=APP_NICENESS
    )
    sweep.start()
    return SweepJob(key, len(variants), time_limit_s, sweep, queue)
