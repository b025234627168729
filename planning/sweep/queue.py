"""Solves of several planners on one server, queued fairly on the Dask cluster.

The app's solves, what-if analyses, re-plans and the Compare page's variants all go through one
:class:`FairQueue` per server process: a task waits in its owner's line (an owner is a browser
session) and a free slot of the cluster (a worker thread: one solve at a time each) goes to the
owner served least recently (an owner never served first; among equals, the task asked first) —
so one planner's ten variants never hold back another planner's single solve, and a planner's own
tasks start in the order asked. Each task runs under
its own time limit from the moment it starts on a worker (waiting does not eat into it), and
:meth:`FairQueue.place` tells its owner how many tasks start before it.

The cluster is :func:`planning.sweep.cluster.connect`'s (the local cluster of worker processes,
or the scheduler of ``CCCD_DASK_SCHEDULER``), opened once, on the queue's own thread, the first
time it is needed (or :meth:`FairQueue.warm_up`). When Dask cannot start, tasks run one at a time
in threads of this process (:attr:`FairQueue.fallback` says why) — the engine's fallback, never a
pool of our own.

A task is ``function(task, stop=None, progress=None)``, a module-level function of
:mod:`planning.sweep.work`; its data is made when it starts (``make_task(connection)``: the
connection's fair share of cores per solve is only known then). ``stop_event`` names the Dask
``Event`` the running task watches; ``progress_name`` names the task in the progress events it
posts (:data:`planning.sweep.work.PROGRESS_TOPIC`), which the queue's subscription copies to
:attr:`Ticket.progress` as they come (so a page reads a plain attribute, never the network).
"""

from __future__ import annotations

import contextlib
import itertools
import threading
import time
import uuid
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from planning.errors import InputError
from planning.results import ProgressInfo
from planning.sweep.cluster import DaskConnection
from planning.sweep.work import PROGRESS_TOPIC

#: Times Dask re-runs a task that raised outside the solve (a lost worker is handled apart).
TASK_RETRIES = 2
#: Seconds between two looks of the queue's thread when nothing wakes it.
IDLE_WAKE_S = 5.0
#: Tasks run at once in this process when Dask cannot start.
FALLBACK_SLOTS = 1

WorkerFunction = Callable[..., Any]


@dataclass(eq=False)
class Ticket:
    """One queued task: whose, what, and how it ended (``reply`` or ``error``, or cancelled)."""

    owner: str
    name: str
    function: WorkerFunction
    make_task: Callable[[DaskConnection | None], Any]
    time_limit_s: float
    on_done: Callable[[Ticket], None] | None = None
    stop_event: str = ""
    progress_name: str = ""
    submitted: float = field(default_factory=time.monotonic)
    started: float | None = None
    finished: float | None = None
    reply: Any = None
    error: str = ""
    cancelled: bool = False
    where: str = ""
    progress: Any = None
    done: threading.Event = field(default_factory=threading.Event)
    stop_requested: threading.Event = field(default_factory=threading.Event)
    future: Any = None
    number: int = 0

    @property
    def running(self) -> bool:
        """Started and not finished."""
        return self.started is not None and not self.done.is_set()

    @property
    def waiting(self) -> bool:
        """Not started yet (and not cancelled)."""
        return self.started is None and not self.done.is_set()

    def elapsed_s(self) -> float:
        """Seconds since the task started (0 while it waits)."""
        if self.started is None:
            return 0.0
        return (self.finished or time.monotonic()) - self.started

    def report(self, info: Any) -> None:
        """Progress of a task run in this process."""
        self.progress = info


class FairQueue:
    """Tasks of several owners on one Dask connection, a free slot to each owner in turn.

    ``connection_factory`` opens the connection (raises :class:`InputError` when Dask cannot
    start); ``slots`` caps the tasks run at once (default: the workers' threads).
    """

    def __init__(
        self,
        connection_factory: Callable[[], DaskConnection],
        slots: int | None = None,
    ) -> None:
        self._factory = connection_factory
        self._slots = slots
        self._lock = threading.Condition()
        self._waiting: dict[str, deque[Ticket]] = {}
        #: Owner → number of the last start it got (the dispatch order).
        self._served: dict[str, int] = {}
        self._starts = itertools.count(1)
        self._running: list[Ticket] = []
        self._numbers = itertools.count(1)
        self._thread: threading.Thread | None = None
        #: Running tickets by progress name, read without the lock by the progress handler
        #: (which runs on the Dask client's event loop and must never wait).
        self._by_progress: dict[str, Ticket] = {}
        #: The cluster's slots as last asked (asking takes a round trip to the scheduler, never
        #: done with the lock held: the client's event loop may be waiting for the lock).
        self._slot_count = FALLBACK_SLOTS
        self._closed = False
        self._connecting = False
        self.connection: DaskConnection | None = None
        #: Why tasks run in this process instead of on Dask ("" when on Dask).
        self.fallback = ""
        self.ready = threading.Event()

    # --- asking --------------------------------------------------------------------------------

    def submit(
        self,
        owner: str,
        name: str,
        function: WorkerFunction,
        make_task: Callable[[DaskConnection | None], Any],
        time_limit_s: float,
        on_done: Callable[[Ticket], None] | None = None,
        stop_event: str = "",
        progress_name: str = "",
    ) -> Ticket:
        """Queue a task for ``owner``; it starts when a slot is free and it is the owner's turn."""
        ticket = Ticket(
            owner,
            name,
            function,
            make_task,
            time_limit_s,
            on_done,
            stop_event or f"cccd-stop-{uuid.uuid4().hex}",
            progress_name or f"cccd-progress-{uuid.uuid4().hex}",
        )
        with self._lock:
            ticket.number = next(self._numbers)
            self._waiting.setdefault(owner, deque()).append(ticket)
            self._start_thread()
            self._lock.notify_all()
        return ticket

    def warm_up(self) -> None:
        """Open the connection now, in the background (the first solve then waits less)."""
        with self._lock:
            self._start_thread()
            self._lock.notify_all()

    def stop(self, ticket: Ticket) -> None:
        """A waiting task leaves the queue (cancelled); a running one is told to stop and
        returns its best plan so far."""
        with self._lock:
            line = self._waiting.get(ticket.owner)
            if line is not None and ticket in line:
                line.remove(ticket)
                ticket.cancelled = True
                self._finish(ticket)
                return
        ticket.stop_requested.set()
        connection = self.connection
        if connection is not None and ticket.running:
            from distributed import Event

            # The cluster may be gone: the task then ends by its time limit.
            with contextlib.suppress(Exception):
                Event(ticket.stop_event, client=connection.client).set()

    # --- where things stand --------------------------------------------------------------------

    def order(self) -> list[Ticket]:
        """The waiting tasks in the order they will start."""
        with self._lock:
            return self._order_locked()

    def _order_locked(self) -> list[Ticket]:
        """Repeatedly: the owner served least recently (never served first; ties to the task
        asked first) gives its next task."""
        lines = {owner: list(line) for owner, line in self._waiting.items() if line}
        served = dict(self._served)
        out: list[Ticket] = []
        turn = max(served.values(), default=0)
        while lines:
            owner = min(lines, key=lambda o: (served.get(o, 0), lines[o][0].number))
            out.append(lines[owner].pop(0))
            turn += 1
            served[owner] = turn
            if not lines[owner]:
                del lines[owner]
        return out

    def place(self, ticket: Ticket) -> int:
        """0 while the task runs (or has ended); else how many tasks start before it, plus one."""
        order = self.order()
        return order.index(ticket) + 1 if ticket in order else 0

    def running(self) -> list[Ticket]:
        """The tasks running now."""
        with self._lock:
            return list(self._running)

    def slots(self) -> int:
        """Tasks that run at once now."""
        return self._slots if self._slots is not None else self._slot_count

    def _refresh_slots(self) -> None:
        """Ask the cluster how many tasks it runs at once (outside the lock)."""
        connection = self.connection
        if connection is None:
            self._slot_count = FALLBACK_SLOTS
            return
        with contextlib.suppress(Exception):  # the scheduler is busy or gone: keep the count
            self._slot_count = max(1, connection.slots())

    def wait_estimate_s(self, ticket: Ticket) -> float:
        """Seconds until the task starts if every task ahead uses its whole time limit."""
        ahead = self.order()
        if ticket not in ahead:
            return 0.0
        before = ahead[: ahead.index(ticket)]
        now = time.monotonic()
        ends = sorted(
            max(0.0, (t.started or now) + t.time_limit_s - now) for t in self.running()
        ) or [0.0]
        slots = [*ends, *([0.0] * max(0, self.slots() - len(ends)))][: max(1, self.slots())]
        for task in before:
            slots.sort()
            slots[0] += task.time_limit_s
        return min(slots)

    # --- the queue's thread --------------------------------------------------------------------

    def _start_thread(self) -> None:
        if self._thread is None and not self._closed:
            self._thread = threading.Thread(target=self._run, daemon=True, name="cccd-queue")
            self._thread.start()

    def _connect(self) -> None:
        try:
            self.connection = self._factory()
        except InputError as exc:
            self.fallback = exc.problems[0].render("vi") if exc.problems else str(exc)
        except Exception as exc:  # Dask could not start at all: run here
            self.fallback = f"{type(exc).__name__}: {exc}"
        if self.connection is not None:
            with contextlib.suppress(Exception):  # without it, no live progress: that is all
                self.connection.client.subscribe_topic(PROGRESS_TOPIC, self._on_progress)
        self.ready.set()

    def _run(self) -> None:
        self._connect()
        while True:
            self._refresh_slots()
            with self._lock:
                if self._closed:
                    return
                self._dispatch_locked()
                self._lock.wait(timeout=IDLE_WAKE_S)

    def _dispatch_locked(self) -> None:
        while len(self._running) < self.slots():
            order = self._order_locked()
            if not order:
                return
            ticket = order[0]
            self._waiting[ticket.owner].remove(ticket)
            self._served[ticket.owner] = next(self._starts)
            ticket.started = time.monotonic()
            self._running.append(ticket)
            self._by_progress[ticket.progress_name] = ticket
            self._launch(ticket)

    def _launch(self, ticket: Ticket) -> None:
        connection = self.connection
        try:
            task = ticket.make_task(connection)
        except Exception as exc:
            ticket.error = f"{type(exc).__name__}: {exc}"
            self._running.remove(ticket)
            self._by_progress.pop(ticket.progress_name, None)
            self._finish(ticket)
            return
        if connection is None:
            thread = threading.Thread(
                target=self._run_here, args=(ticket, task), daemon=True, name="cccd-solve"
            )
            ticket.future = thread
            ticket.where = "local"
            thread.start()
            return
        ticket.where = connection.address
        future = connection.client.submit(
            ticket.function,
            task,
            retries=TASK_RETRIES,
            pure=False,
            key=f"cccd-app-{ticket.name}-{uuid.uuid4().hex[:8]}",
        )
        ticket.future = future
        future.add_done_callback(lambda f: self._ended_on_dask(ticket, f))

    def _run_here(self, ticket: Ticket, task: Any) -> None:
        try:
            ticket.reply = ticket.function(task, stop=ticket.stop_requested, progress=ticket.report)
        except Exception as exc:
            ticket.error = f"{type(exc).__name__}: {exc}"
        self._ended(ticket)

    def _ended_on_dask(self, ticket: Ticket, future: Any) -> None:
        try:
            ticket.reply = future.result()
        except Exception as exc:
            if future.cancelled() or ticket.stop_requested.is_set():
                ticket.cancelled = True
            ticket.error = f"{type(exc).__name__}: {exc}"
        self._ended(ticket)

    def _ended(self, ticket: Ticket) -> None:
        with self._lock:
            self._by_progress.pop(ticket.progress_name, None)
            if ticket in self._running:
                self._running.remove(ticket)
            self._finish(ticket)
            self._lock.notify_all()

    def _finish(self, ticket: Ticket) -> None:
        """Mark the ticket done and tell its owner (called with the lock held)."""
        ticket.finished = time.monotonic()
        ticket.future = None
        ticket.done.set()
        if ticket.on_done is not None:
            threading.Thread(
                target=ticket.on_done, args=(ticket,), daemon=True, name="cccd-done"
            ).start()

    def _on_progress(self, event: Any) -> None:
        """A running task's progress event (on the client's thread): keep it on its ticket."""
        _, message = event
        name = message.get("task") if isinstance(message, dict) else None
        ticket = self._by_progress.get(str(name))
        if ticket is not None:
            ticket.progress = ProgressInfo(
                str(message["stage"]),
                float(message["elapsed_s"]),
                float(message["objective"]),
                float(message["bound"]),
                int(message["collected"]),
            )

    def close(self) -> None:
        """Stop the queue's thread and close the connection (tests, server shutdown)."""
        with self._lock:
            self._closed = True
            self._lock.notify_all()
        connection, self.connection = self.connection, None
        if connection is not None:
            connection.close()
