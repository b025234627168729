"""The sweep engine: solve the variants of a scenario in parallel on Dask, results as they finish.

:class:`Sweep` submits one task per variant with ``retries``: a task that raises (an error
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
"""

from __future__ import annotations

import queue
import threading
import uuid
from collections.abc import Iterator, Sequence
from typing import Any

from planning.domain import Scenario
from planning.outcomes import OutcomeState, VariantOutcome
from planning.results import SolveStatus
from planning.sweep.cluster import DaskConnection, machine_cores
from planning.sweep.work import SolveTask, TaskReply, run_task
from planning.variants import Variant, apply_variant

#: Times Dask re-runs a task that raised outside the solve (a lost worker is handled apart).
TASK_RETRIES = 2
_END = object()


def _outcome(variant: Variant, scenario: Scenario, reply: TaskReply) -> VariantOutcome:
    result = reply.result
    if result is None:
        return VariantOutcome(
            variant, scenario, OutcomeState.FAILED, None, reply.error, reply.worker, reply.detail
        )
    if result.status == SolveStatus.INVALID:
        return VariantOutcome(
            variant, scenario, OutcomeState.FAILED, None, result.status_reason, reply.worker
        )
    return VariantOutcome(variant, scenario, OutcomeState.SOLVED, result, worker=reply.worker)


class Sweep:
    """The variants of ``scenario`` being solved (started by :meth:`start`).

    ``time_limit_s`` is each solve's limit. On a Dask connection, each solve gets the fair share
    of its host's cores (``connection.cores_per_solve``); in this process, all the cores.
    """

    def __init__(
        self,
        scenario: Scenario,
        variants: Sequence[Variant],
        time_limit_s: float,
        connection: DaskConnection | None,
        seed: int = 0,
    ) -> None:
        names = [v.name for v in variants]
        if len(set(names)) != len(names):
            raise ValueError("variant names must be unique")
        self.variants = list(variants)
        self.scenarios = {v.name: apply_variant(scenario, v) for v in variants}
        self.time_limit_s = time_limit_s
        self.connection = connection
        self.seed = seed
        self.finished: list[VariantOutcome] = []
        self.done = threading.Event()
        self._queue: queue.Queue[Any] = queue.Queue()
        self._stop = threading.Event()
        self._lock = threading.Lock()
        self._delivered: set[str] = set()
        self._futures: dict[str, Any] = {}
        self._event_name = f"cccd-sweep-stop-{uuid.uuid4().hex}"
        self._thread: threading.Thread | None = None
        self._ended = False

    @property
    def total(self) -> int:
        """Number of variants."""
        return len(self.variants)

    @property
    def stopped(self) -> bool:
        """True once :meth:`stop` was called."""
        return self._stop.is_set()

    def task(self, variant: Variant) -> SolveTask:
        """The task that solves ``variant``."""
        shares = self.connection.cores_per_solve if self.connection else {}
        return SolveTask(
            variant=variant.name,
            scenario=self.scenarios[variant.name],
            time_limit_s=self.time_limit_s,
            seed=self.seed,
            cores_per_solve=shares,
            default_cores=1 if self.connection else machine_cores(),
            stop_event=self._event_name if self.connection else "",
        )

    def start(self) -> Sweep:
        """Submit every variant and start collecting; returns ``self`` (nothing is submitted
        once stopped)."""
        if self._thread is not None or self._stop.is_set():
            return self
        if self.connection is not None:
            client = self.connection.client
            for variant in self.variants:
                self._futures[variant.name] = client.submit(
                    run_task,
                    self.task(variant),
                    retries=TASK_RETRIES,
                    pure=False,
                    key=f"cccd-variant-{variant.name}-{uuid.uuid4().hex[:8]}",
                )
            target = self._collect_dask
        else:
            target = self._collect_in_process
        self._thread = threading.Thread(target=target, daemon=True, name="cccd-sweep")
        self._thread.start()
        return self

    def _deliver(self, outcome: VariantOutcome) -> None:
        with self._lock:
            if outcome.variant.name in self._delivered:
                return
            if self._stop.is_set() and outcome.state != OutcomeState.CANCELLED:
                outcome = VariantOutcome(
                    outcome.variant, outcome.scenario, OutcomeState.CANCELLED, worker=""
                )
            self._delivered.add(outcome.variant.name)
            self.finished.append(outcome)
        self._queue.put(outcome)

    def _cancel_rest(self) -> None:
        for variant in self.variants:
            self._deliver(
                VariantOutcome(variant, self.scenarios[variant.name], OutcomeState.CANCELLED)
            )

    def _finish(self) -> None:
        """Every variant delivered (the rest as cancelled): mark the end, once."""
        self._cancel_rest()  # nothing left after a normal end; the rest after a stop
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
                variant = next(v for v in self.variants if v.name == name)
                reply = self._reply(name, future)
                with self._lock:  # its result is here now: let Dask forget it
                    self._futures.pop(name, None)
                self._deliver(_outcome(variant, self.scenarios[name], reply))
        finally:
            self._finish()

    def _reply(self, name: str, future: Any) -> TaskReply:
        """The task's reply, or its error (a worker lost too often, code missing on a worker)."""
        try:
            reply = future.result()
        except Exception as exc:
            return TaskReply(name, None, f"{type(exc).__name__}: {exc}")
        assert isinstance(reply, TaskReply)
        return reply

    def _collect_in_process(self) -> None:
        try:
            for variant in self.variants:
                if self._stop.is_set():
                    break
                reply = run_task(self.task(variant), stop=self._stop)
                self._deliver(_outcome(variant, self.scenarios[variant.name], reply))
        finally:
            self._finish()

    def stop(self) -> None:
        """Cancel what has not finished (queued tasks cancelled, running solves told to stop);
        what has finished is kept. Returns at once; :attr:`done` is set soon after."""
        if self._stop.is_set():
            return
        self._stop.set()
        if self.connection is not None:
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

    def next_outcome(self, timeout_s: float | None = None) -> VariantOutcome | None:
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
        assert isinstance(item, VariantOutcome)
        return item

    def outcomes(self) -> Iterator[VariantOutcome]:
        """Each variant's outcome as it arrives (completion order), until all are handed out."""
        while (outcome := self.next_outcome()) is not None:
            yield outcome

    def wait(self) -> list[VariantOutcome]:
        """Every outcome, in the order the variants were given (waits for the end)."""
        for _ in self.outcomes():
            pass
        return self.in_order()

    def in_order(self) -> list[VariantOutcome]:
        """The outcomes delivered so far, in the order the variants were given."""
        rank = {v.name: i for i, v in enumerate(self.variants)}
        with self._lock:
            return sorted(self.finished, key=lambda o: rank[o.variant.name])
