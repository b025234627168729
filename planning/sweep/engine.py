"""The sweep engine: solve the variants of a scenario in parallel on Dask, results as they finish.

:class:`TaskStream` is the engine itself, for any set of named tasks (the variants of a sweep, the
provinces of the national what-if: :mod:`planning.sweep.national`); :class:`Sweep` is its use
for variants. It submits one task per name with ``retries``: a task that raises (an error
outside the solve, e.g. a worker that cannot load it) is run again; a task whose worker is lost
mid-solve is re-run on another worker by the scheduler itself (up to its ``allowed-failures``).
An error of the solve itself comes back in the task's reply and is reported, not retried. A
collector thread follows the tasks with ``as_completed`` and hands each
:class:`~planning.outcomes.VariantOutcome` over as it arrives: :meth:`Sweep.outcomes` yields
them, :attr:`Sweep.finished` lists them.

:meth:`Sweep.stop` cancels what has not finished and keeps what has: it cancels the queued tasks,
sets the sweep's Dask ``Event`` (running solves see it within half a second and end at the
solver's next look at its stop event, see :mod:`planning.sweep.work`) and reports every variant
not yet delivered as cancelled.

Without a Dask connection (``connection=None``) the same sweep runs in this process, one variant
after the other (the app's fallback when Dask cannot start; never a pool of our own).

With a :class:`~planning.sweep.queue.FairQueue` (``gate=``, the app's), the tasks are not
submitted at once but queued under their ``owner`` (a planner's session), so that the variants of
one planner take turns with the solves of the others; the outcomes arrive the same way.
"""

from __future__ import annotations

import functools
import queue
import threading
import uuid
from collections.abc import Callable, Iterator, Sequence
from typing import TYPE_CHECKING, Any, Generic, TypeVar

from planning.domain import Scenario
from planning.outcomes import OutcomeState, VariantOutcome
from planning.results import SolveStatus
from planning.sweep.cluster import DaskConnection, machine_cores
from planning.sweep.work import SolveTask, TaskReply, run_task
from planning.variants import Variant, apply_variant
from planning.wording import status_reason_text

if TYPE_CHECKING:
    from planning.sweep.queue import FairQueue, Ticket

#: Times Dask re-runs a task that raised outside the solve (a lost worker is handled apart).
TASK_RETRIES = 2
_END = object()
OutcomeT = TypeVar("OutcomeT")


def _outcome(variant: Variant, scenario: Scenario, reply: TaskReply) -> VariantOutcome:
    result = reply.result
    if result is None:
        return VariantOutcome(
            variant, scenario, OutcomeState.FAILED, None, reply.error, reply.worker, reply.detail
        )
    if result.status == SolveStatus.INVALID:
        stated = status_reason_text(result.status_reason)
        return VariantOutcome(variant, scenario, OutcomeState.FAILED, None, stated, reply.worker)
    return VariantOutcome(variant, scenario, OutcomeState.SOLVED, result, worker=reply.worker)


class TaskStream(Generic[OutcomeT]):
    """Named tasks run on Dask (or one after the other in this process), each outcome handed over
    as it arrives; a stop cancels what has not finished and keeps what has.

    A use of it says what a task is and what its outcomes are: :meth:`task` (the task's data,
    pickled to the worker), :meth:`worker_function` (the module-level function a worker runs on
    it, ``function(task, stop=None) -> reply``, never raising for an error of its own work),
    :meth:`outcome` (from a reply), :meth:`failed` (the task raised, or its worker was lost too
    often), :meth:`cancelled` and :meth:`name_of`.
    """

    #: Dask keys of the tasks start with this.
    key_prefix = "cccd-task"

    def __init__(
        self,
        names: Sequence[str],
        connection: DaskConnection | None,
        gate: FairQueue | None = None,
        owner: str = "",
    ) -> None:
        if len(set(names)) != len(names):
            raise ValueError("task names must be unique")
        self.names = list(names)
        self.connection = connection
        self.gate = gate
        self.owner = owner
        self._tickets: dict[str, Ticket] = {}
        self.finished: list[OutcomeT] = []
        self.done = threading.Event()
        self._queue: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._delivered: set[str] = set()
        self._futures: dict[str, Any] = {}
        self._event_name = f"cccd-stop-{uuid.uuid4().hex}"
        self._thread: threading.Thread | None = None
        self._ended = False

    # --- what a use of the engine says -------------------------------------------------------

    def task(self, name: str) -> Any:
        """The data of task ``name`` (with :attr:`stop_event_name` when on Dask)."""
        raise NotImplementedError

    def worker_function(self) -> Callable[..., Any]:
        """The module-level function that runs a task (on a worker or in this process)."""
        raise NotImplementedError

    def outcome(self, name: str, reply: Any) -> OutcomeT:
        """The outcome of task ``name`` from its reply."""
        raise NotImplementedError

    def failed(self, name: str, error: str) -> OutcomeT:
        """The outcome of a task that raised (or whose worker was lost too often)."""
        raise NotImplementedError

    def cancelled(self, name: str) -> OutcomeT:
        """The outcome of a task stopped before it finished."""
        raise NotImplementedError

    def name_of(self, outcome: OutcomeT) -> str:
        """The task name of an outcome."""
        raise NotImplementedError

    def is_cancelled(self, outcome: OutcomeT) -> bool:
        """True for the outcome of a cancelled task."""
        raise NotImplementedError

    # --- the engine --------------------------------------------------------------------------

    @property
    def stop_event_name(self) -> str:
        """Name of the run's Dask ``Event`` a task watches ("" in this process)."""
        return self._event_name if self.connection else ""

    @property
    def total(self) -> int:
        """Number of tasks."""
        return len(self.names)

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._stop.is_set()

    def start(self) -> TaskStream[OutcomeT]:
        """Submit every task and start collecting; returns ``self`` (nothing is submitted
        once stopped)."""
        if self._thread is not None or self._stop.is_set() or self._tickets:
            return self
        if self.gate is not None:
            self._queue_all(self.gate)
            return self
        if self.connection is not None:
            client = self.connection.client
            for name in self.names:
                self._futures[name] = client.submit(
                    self.worker_function(),
                    self.task(name),
                    retries=TASK_RETRIES,
                    pure=False,
                    key=f"{self.key_prefix}-{name}-{uuid.uuid4().hex[:8]}",
                )
            target = self._collect_dask
        else:
            target = self._collect_in_process
        self._thread = threading.Thread(target=target, daemon=True, name=self.key_prefix)
        self._thread.start()
        return self

    def _queue_all(self, gate: FairQueue) -> None:
        """Queue every task under :attr:`owner`; each outcome is delivered when its task ends."""
        limit = float(getattr(self, "time_limit_s", 0.0))
        for name in self.names:
            self._tickets[name] = gate.submit(
                self.owner,
                f"{self.key_prefix}-{name}",
                self.worker_function(),
                functools.partial(self._task_on, name),
                limit,
                on_done=functools.partial(self._ticket_ended, name),
                stop_event=self._event_name,
            )

    def _task_on(self, name: str, connection: DaskConnection | None) -> Any:
        """The task's data once the queue knows where it runs."""
        self.connection = connection
        return self.task(name)

    def _ticket_ended(self, name: str, ticket: Ticket) -> None:
        if ticket.cancelled or (self._stop.is_set() and ticket.reply is None):
            outcome = self.cancelled(name)
        elif ticket.error:
            outcome = self.failed(name, ticket.error)
        else:
            outcome = self.outcome(name, ticket.reply)
        self._deliver(outcome)
        with self._lock:
            everything = len(self._delivered) == len(self.names)
        if everything:
            self._finish()

    def _deliver(self, outcome: OutcomeT) -> None:
        name = self.name_of(outcome)
        with self._lock:
            if name in self._delivered:
                return
            if self._stop.is_set() and not self.is_cancelled(outcome):
                outcome = self.cancelled(name)
            self._delivered.add(name)
            self.finished.append(outcome)
        self._queue.put(outcome)

    def _finish(self) -> None:
        """Every task delivered (the rest as cancelled): mark the end, once."""
        for name in self.names:  # nothing left after a normal end; the rest after a stop
            self._deliver(self.cancelled(name))
        with self._lock:
            if self.done.is_set():
                return
            self.done.set()
        self._queue.put(_END)

    def _collect_dask(self) -> None:
        from distributed import as_completed

        by_key = {f.key: name for name, f in self._futures.items()}
        try:
            for future in as_completed(list(self._futures.values())):
                if self._stop.is_set():
                    break
                name = by_key[future.key]
                outcome = self._outcome_of(name, future)
                with self._lock:  # its result is here now: let Dask forget it
                    self._futures.pop(name, None)
                self._deliver(outcome)
        finally:
            self._finish()

    def _outcome_of(self, name: str, future: Any) -> OutcomeT:
        """The task's outcome, or its error (a worker lost too often, code missing on a
        worker)."""
        try:
            reply = future.result()
        except Exception as exc:
            return self.failed(name, f"{type(exc).__name__}: {exc}")
        return self.outcome(name, reply)

    def _collect_in_process(self) -> None:
        try:
            for name in self.names:
                if self._stop.is_set():
                    break
                reply = self.worker_function()(self.task(name), stop=self._stop)
                self._deliver(self.outcome(name, reply))
        finally:
            self._finish()

    def stop(self) -> None:
        """Cancel what has not finished (queued tasks cancelled, running ones told to stop);
        what has finished is kept. Returns at once; :attr:`done` is set soon after."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self.gate is not None:
            for ticket in self._tickets.values():
                self.gate.stop(ticket)
        elif self.connection is not None:
            from distributed import Event

            client = self.connection.client
            with self._lock:
                pending = [f for f in self._futures.values() if not f.done()]
            try:
                Event(self._event_name, client=client).set()
                client.cancel(pending)
            except Exception:  # the cluster is gone: nothing left to cancel there
                pass
        # The collector may be waiting on a running task (or on a scheduler that is gone): report
        # the rest as cancelled and end the stream now; the collector ends on its own.
        self._finish()

    @property
    def ended(self) -> bool:
        """True once every outcome has been handed out by :meth:`next_outcome`/:meth:`outcomes`."""
        return self._ended

    def next_outcome(self, timeout_s: float | None = None) -> OutcomeT | None:
        """The next outcome to arrive; ``None`` when none came within ``timeout_s`` or when all
        were handed out (then :attr:`ended` is true)."""
        if self._ended:
            return None
        try:
            item = self._queue.get(timeout=timeout_s)
        except queue.Empty:
            return None
        if item is _END:
            self._ended = True
            return None
        outcome: OutcomeT = item
        return outcome

    def outcomes(self) -> Iterator[OutcomeT]:
        """Each task's outcome as it arrives (completion order), until all are handed out."""
        while (outcome := self.next_outcome()) is not None:
            yield outcome

    def wait(self) -> list[OutcomeT]:
        """Every outcome, in the order the tasks were given (waits for the end)."""
        for _ in self.outcomes():
            pass
        return self.in_order()

    def in_order(self) -> list[OutcomeT]:
        """The outcomes delivered so far, in the order the tasks were given."""
        rank = {name: i for i, name in enumerate(self.names)}
        with self._lock:
            return sorted(self.finished, key=lambda o: rank[self.name_of(o)])


class Sweep(TaskStream[VariantOutcome]):
    """The variants of ``scenario`` being solved (started by :meth:`start`).

    ``time_limit_s`` is each solve's limit. On a Dask connection, each solve gets the fair share
    of its host's cores (``connection.cores_per_solve``); in this process, all the cores.
    """

    key_prefix = "cccd-variant"

    def __init__(
        self,
        scenario: Scenario,
        variants: Sequence[Variant],
        time_limit_s: float,
        connection: DaskConnection | None,
        seed: int = 0,
        *,
        gate: FairQueue | None = None,
        owner: str = "",
        niceness: int = 0,
    ) -> None:
        names = [v.name for v in variants]
        if len(set(names)) != len(names):
            raise ValueError("variant names must be unique")
        super().__init__(names, connection, gate, owner)
        self.niceness = niceness
        self.variants = list(variants)
        self._by_name = {v.name: v for v in variants}
        self.scenarios = {v.name: apply_variant(scenario, v) for v in variants}
        self.time_limit_s = time_limit_s
        self.seed = seed

    def task(self, name: str) -> SolveTask:
        """The task that solves variant ``name``."""
        shares = self.connection.cores_per_solve if self.connection else {}
        return SolveTask(
            variant=name,
            scenario=self.scenarios[name],
            time_limit_s=self.time_limit_s,
            seed=self.seed,
            cores_per_solve=shares,
            default_cores=1 if self.connection else machine_cores(),
            stop_event=self.stop_event_name,
            niceness=self.niceness,
        )

    def worker_function(self) -> Callable[..., TaskReply]:
        """:func:`planning.sweep.work.run_task`."""
        return run_task

    def outcome(self, name: str, reply: Any) -> VariantOutcome:
        """The variant's outcome from its solve's reply."""
        assert isinstance(reply, TaskReply)
        return _outcome(self._by_name[name], self.scenarios[name], reply)

    def failed(self, name: str, error: str) -> VariantOutcome:
        """A variant whose task raised."""
        return self.outcome(name, TaskReply(name, None, error))

    def cancelled(self, name: str) -> VariantOutcome:
        """A variant stopped before it finished."""
        return VariantOutcome(self._by_name[name], self.scenarios[name], OutcomeState.CANCELLED)

    def name_of(self, outcome: VariantOutcome) -> str:
        """The variant's name."""
        return outcome.variant.name

    def is_cancelled(self, outcome: VariantOutcome) -> bool:
        """True for a cancelled variant."""
        return outcome.state == OutcomeState.CANCELLED
