"""What runs on a worker: one variant's solve.

A :class:`SolveTask` carries the variant's whole scenario (a few hundred kilobytes at most, pickled
with the task), so a worker reads no file: neither the scenario nor any boundary file. What comes
back is a :class:`TaskReply`: the result, or the error the solve raised (caught here, so a variant
that fails deterministically is reported once and not retried), and the worker's address.

Stop: while the solve runs, a watcher thread polls the sweep's Dask ``Event``; once it is set
the solver's own stop event is set and the solve returns at its next look at it (CP-SAT and the
neighbourhood search look all the time; a phase such as the LP bound only between phases).
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planning.campaign.replan import keep_promises
from planning.domain import Scenario
from planning.results import SolveResult, SolverOptions
from planning.solver import solve, what_it_takes

#: Seconds between two looks at the sweep's stop event.
STOP_POLL_S = 0.5
#: The worker name of a solve run in the calling process (no Dask).
IN_PROCESS = "local"


@dataclass(frozen=True)
class SolveTask:
    """One variant to solve: its scenario and how long, and the solver's share of cores."""

    variant: str
    scenario: Scenario
    time_limit_s: float
    seed: int = 0
    #: CP-SAT workers per solve, by worker host; ``default_cores`` for a host not listed.
    cores_per_solve: Mapping[str, int] = field(default_factory=dict)
    default_cores: int = 1
    #: Name of the sweep's Dask ``Event`` that stops it ("" = none).
    stop_event: str = ""
    #: Lower CPU priority of the solve (see :func:`lower_priority`; the app's variants use it).
    niceness: int = 0


@dataclass(frozen=True)
class TaskReply:
    """What a worker sends back: the result, or the error (one line, then the traceback)."""

    variant: str
    result: SolveResult | None
    error: str = ""
    detail: str = ""
    worker: str = IN_PROCESS


def this_worker() -> tuple[str, str]:
    """(address, host) of the Dask worker running this task, or the in-process name."""
    try:
        from distributed import get_worker

        worker = get_worker()
    except (ImportError, ValueError):
        return IN_PROCESS, ""
    from distributed.comm import get_address_host

    return str(worker.address), str(get_address_host(worker.address))


def _watch(event: Any, stop: threading.Event, done: threading.Event) -> None:
    """Set ``stop`` when the sweep's Dask ``event`` is set (until ``done``)."""
    while not done.is_set():
        try:
            if event.is_set():
                stop.set()
                return
        except Exception:  # the scheduler is going away: the solve ends by its time limit
            return
        done.wait(STOP_POLL_S)


@contextlib.contextmanager
def stop_watch(
    stop_event: str, address: str, stop: threading.Event | None = None
) -> Iterator[threading.Event]:
    """The solver's stop event for a task: set once the run's Dask ``Event`` named
    ``stop_event`` is (on a Dask worker; in this process ``stop`` is used as it is)."""
    stop = stop or threading.Event()
    done = threading.Event()
    if stop_event and address != IN_PROCESS:
        from distributed import Event, get_client

        # Bound here, in the task's thread, to the worker's client: the watcher thread has no
        # worker context of its own to find one.
        event = Event(stop_event, client=get_client())
        threading.Thread(
            target=_watch, args=(event, stop, done), daemon=True, name="cccd-stop"
        ).start()
    try:
        yield stop
    finally:
        done.set()


def error_text(exc: Exception) -> tuple[str, str]:
    """An error as one line and its traceback (for a reply: what failed, and where)."""
    return f"{type(exc).__name__}: {exc}", traceback.format_exc()


def run_task(
    task: SolveTask,
    stop: threading.Event | None = None,
    progress: Callable[[Any], None] | None = None,
) -> TaskReply:
    """Solve the task's scenario (on a Dask worker or in this process); never raises for an error
    of the solve itself, which comes back in the reply."""
    address, host = this_worker()
    lower_priority(task.niceness)
    with stop_watch(task.stop_event, address, stop) as solver_stop:
        options = SolverOptions(
            time_limit_s=task.time_limit_s,
            seed=task.seed,
            workers=task.cores_per_solve.get(host, task.default_cores),
            stop_event=solver_stop,
            progress=progress,
        )
        try:
            result = solve(task.scenario, options)
        except Exception as exc:
            return TaskReply(task.variant, None, *error_text(exc), address)
    return TaskReply(task.variant, result, worker=address)


# --- the app's solves: a plan, a what-if analysis, a re-plan -------------------------------------

#: Seconds between two progress posts of a task on a worker.
PROGRESS_POST_S = 0.5


@dataclass(frozen=True)
class AppTask:
    """A solve asked for in the app, run on a Dask worker (or in this process).

    ``kind``: ``"solve"`` (``previous``: the announced plan a re-plan keeps where it can),
    ``"what"`` (what it would take; ``current``: the scenario's own solve) or ``"replan"`` (the
    re-plan that keeps announced dates unless a change gains enough: ``replan``).
    ``niceness``: the solve runs at this lower CPU priority, so that the pages of a server shared
    by several planners stay quick while solves use the rest of the machine.
    """

    kind: str
    scenario: Scenario
    time_limit_s: float
    previous: Any = None
    current: Any = None
    replan: Any = None
    cores_per_solve: Mapping[str, int] = field(default_factory=dict)
    default_cores: int = 1
    stop_event: str = ""
    progress_name: str = ""
    niceness: int = 0


@dataclass(frozen=True)
class AppReply:
    """What an app task sends back: its result (a solve, a what-if, a re-plan) or its error."""

    result: Any
    error: str = ""
    detail: str = ""
    worker: str = IN_PROCESS


def lower_priority(niceness: int) -> None:
    """Run the calling thread (and the solver threads it starts) at ``niceness`` (Linux sets
    priorities per thread; raising one needs no privilege)."""
    if niceness <= 0 or not hasattr(os, "setpriority"):
        return
    try:
        tid = threading.get_native_id()
        current = os.getpriority(os.PRIO_PROCESS, tid)
        if current < niceness:
            os.setpriority(os.PRIO_PROCESS, tid, niceness)
    except OSError:  # not allowed here: the solve runs at the usual priority
        pass


def own_cpu_group(niceness: int) -> bool:
    """Put this process in a CPU group of its own at ``niceness`` (Linux; ``False`` where that
    is not possible, and nothing changes).

    Linux shares the CPU between *autogroups* (one per session) before it looks at a thread's
    nice value, so the nice value of a solve only ranks it against the threads of its own
    session — the app server's —, not against the planners' browsers or other programs on the
    machine. A worker process that starts a session of its own and gives that session's group
    the nice value yields the CPU to all of them. Safe for a local cluster's worker: it exits
    when its nanny does (``distributed`` watches the parent), whatever its session."""
    if not sys.platform.startswith("linux"):
        return False
    try:
        if os.getsid(0) != os.getpid():
            os.setsid()
        Path("/proc/self/autogroup").write_text(f"{niceness}\n")
    except OSError:
        return False
    return True


def cpu_group() -> str:
    """This process's autogroup line (``/autogroup-N nice K``; empty where there is none)."""
    try:
        return Path("/proc/self/autogroup").read_text().strip()
    except OSError:
        return ""


#: The Dask event topic where running app tasks post their progress (see
#: :class:`planning.sweep.queue.FairQueue`, which subscribes to it).
PROGRESS_TOPIC = "cccd-progress"


def progress_message(name: str, info: Any) -> dict[str, Any]:
    """A progress report as the event a worker posts (plain values: msgpack)."""
    return {
        "task": name,
        "stage": str(getattr(info, "stage", "")),
        "elapsed_s": float(getattr(info, "elapsed_s", 0.0)),
        "objective": float(getattr(info, "objective", 0.0)),
        "bound": float(getattr(info, "bound", 0.0)),
        "collected": int(getattr(info, "collected", 0)),
    }


def _poster(name: str, address: str) -> Callable[[Any], None] | None:
    """Post progress as an event of :data:`PROGRESS_TOPIC` at most every
    :data:`PROGRESS_POST_S` (the solver's callback runs in its own threads: the worker sends the
    event from its event loop)."""
    if not name or address == IN_PROCESS:
        return None
    from distributed import get_worker

    worker = get_worker()
    last = [0.0]

    def post(info: Any) -> None:
        now = time.monotonic()
        if now - last[0] < PROGRESS_POST_S:
            return
        last[0] = now
        with contextlib.suppress(Exception):  # progress is a courtesy: the solve goes on
            worker.log_event(PROGRESS_TOPIC, progress_message(name, info))

    return post


def run_app_task(
    task: AppTask,
    stop: threading.Event | None = None,
    progress: Callable[[Any], None] | None = None,
) -> AppReply:
    """Run an app task (on a Dask worker or in this process); an error of the work itself
    comes back in the reply."""
    address, host = this_worker()
    lower_priority(task.niceness)
    report = progress or _poster(task.progress_name, address)
    with stop_watch(task.stop_event, address, stop) as solver_stop:
        options = SolverOptions(
            time_limit_s=task.time_limit_s,
            workers=task.cores_per_solve.get(host, task.default_cores),
            stop_event=solver_stop,
            progress=report,
        )
        try:
            result = _run_kind(task, options)
        except Exception as exc:
            return AppReply(None, *error_text(exc), address)
    return AppReply(result, worker=address)


def _run_kind(task: AppTask, options: SolverOptions) -> Any:
    if task.kind == "solve":
        return solve(task.scenario, options, previous=task.previous)
    if task.kind == "what":
        return what_it_takes(task.scenario, options, current=task.current)
    if task.kind == "replan":
        return keep_promises(task.replan, options, solve)
    raise ValueError(f"unknown task kind {task.kind!r}")
