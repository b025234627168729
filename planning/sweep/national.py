"""The national what-if on Dask: each province's search splits into tasks (issue 17).

A province's what-if (:func:`planning.solver.what_it_takes`: the fewest teams and, when the
province's teams are given, their earliest finish) is a search whose steps depend on each other
(a count is chosen from the last one's shortfall, warm-started from its neighbour's plan). Its
*coordinator* — a thread in this process doing only that bookkeeping — hands each step's
**probes** (solve this team count; bound that one) to Dask as tasks (:func:`run_probe_task`,
the scenario inside: workers read no file) and may ask for several at once: as many as there are
worker threads per province still running (``width``). So at first every thread serves one
province (the largest first); as provinces finish, the remaining ones probe several team counts
in parallel, and more workers shorten the longest province, not only the queue.

The engine (:class:`~planning.sweep.engine.TaskStream`) gives the sweep's behaviour: outcomes as
provinces finish, a stop that cancels the probes queued and stops the running ones (the run's Dask
``Event``), every probe with ``retries`` (a lost worker's probe re-run). Without a Dask
connection each province runs in this process, its probes one after the other. Each probe's time
and worker is kept (:attr:`NationalRun.task_log`; ``tasks.csv``) so that a larger cluster can be
estimated from measured task times. :class:`NationalWriter` writes national.csv as provinces
finish, then the workbook and the maps.
"""

from __future__ import annotations

import queue
import threading
import time
import uuid
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planning.domain import Scenario
from planning.drafting.national import NationalInput, ProvinceScenario
from planning.io.files import atomic_write_bytes, atomic_write_text
from planning.io.national_files import (
    TaskRecord,
    fewest_teams_scenario,
    write_national_csv,
    write_province_folder,
    write_tasks_csv,
)
from planning.outcomes import OutcomeState, ProvinceOutcome
from planning.results import Answer, SolverOptions, WhatItTakes
from planning.solver import what_it_takes
from planning.solver.what_it_takes import Probe, ProbeExecutor, ProbeReply, run_probe
from planning.sweep.cluster import DaskConnection, machine_cores
from planning.sweep.engine import TASK_RETRIES, TaskStream
from planning.sweep.work import IN_PROCESS, error_text, stop_watch, this_worker

NATIONAL_CSV = "national.csv"
NATIONAL_XLSX = "national.xlsx"
NATIONAL_HTML = "national_map.html"
NATIONAL_PNG = "national_map.png"
NATIONAL_TASKS = "tasks.csv"
DOCUMENTS_DIR = "documents"


@dataclass(frozen=True)
class ProvinceTask:
    """One province's analysis: its scenario, the budget, the team cap, the answers wanted."""

    code: str
    scenario: Scenario
    budget_s: float
    max_teams: int
    #: The province's teams were given: look for their earliest finish too.
    finish: bool
    seed: int = 0
    #: CP-SAT workers per solve, by worker host; ``default_cores`` for a host not listed.
    cores_per_solve: Mapping[str, int] = field(default_factory=dict)
    default_cores: int = 1
    #: Name of the run's Dask ``Event`` that stops it ("" = none).
    stop_event: str = ""


@dataclass(frozen=True)
class ProvinceReply:
    """What a worker sends back: the analysis, or the error; the worker and its wall seconds."""

    code: str
    what: WhatItTakes | None
    error: str = ""
    detail: str = ""
    worker: str = IN_PROCESS
    seconds: float = 0.0


def run_province(
    task: ProvinceTask,
    stop: threading.Event | None = None,
    executor: ProbeExecutor | None = None,
    width: Callable[[], int] | None = None,
) -> ProvinceReply:
    """Analyse one province (its probes run by ``executor``: Dask tasks, or by default in this
    process); an error of the analysis comes back in the reply. ``worker``: the workers that
    ran its probes."""
    address, host = this_worker()
    started = time.monotonic()
    answers = frozenset({Answer.TEAMS, *([Answer.FINISH] if task.finish else [])})
    with stop_watch(task.stop_event, address, stop) as solver_stop:
        options = SolverOptions(
            time_limit_s=task.budget_s,
            seed=task.seed,
            workers=task.cores_per_solve.get(host, task.default_cores),
            stop_event=solver_stop,
        )
        try:
            what = what_it_takes(
                task.scenario,
                options,
                task.budget_s,
                answers=answers,
                max_teams=task.max_teams,
                executor=executor,
                width=width,
            )
        except Exception as exc:
            seconds = time.monotonic() - started
            return ProvinceReply(task.code, None, *error_text(exc), address, seconds)
    workers = getattr(executor, "workers", None) or {address}
    return ProvinceReply(
        task.code, what, worker=" ".join(sorted(workers)), seconds=time.monotonic() - started
    )


@dataclass(frozen=True)
class ProbeTask:
    """One probe of a province's search, as a Dask task: the probe (its scenario inside) and
    the solver's share of cores on the worker's host."""

    code: str
    probe: Probe
    seed: int = 0
    cores_per_solve: Mapping[str, int] = field(default_factory=dict)
    default_cores: int = 1
    stop_event: str = ""


def run_probe_task(task: ProbeTask, stop: threading.Event | None = None) -> ProbeReply:
    """What a worker runs for a probe; an error comes back in the reply (never raised)."""
    address, host = this_worker()
    with stop_watch(task.stop_event, address, stop) as solver_stop:
        options = SolverOptions(
            time_limit_s=task.probe.seconds,
            seed=task.seed,
            workers=task.cores_per_solve.get(host, task.default_cores),
            stop_event=solver_stop,
        )
        try:
            reply = run_probe(task.probe, options)
        except Exception as exc:
            return ProbeReply(task.probe.label, error=error_text(exc)[0], worker=address)
    return replace(reply, worker=address)


class DaskProbes:
    """A province's probes as Dask tasks (called from its coordinator thread): submits one
    round, waits for it, records each task's time and worker."""

    def __init__(self, run: NationalRun, code: str) -> None:
        self.run, self.code = run, code
        self.rounds = 0
        self.workers: set[str] = set()

    def __call__(self, probes: Sequence[Probe], options: SolverOptions) -> list[ProbeReply]:
        """Run ``probes`` in parallel on the cluster; their replies in the same order."""
        self.rounds += 1
        futures = [self.run.submit_probe(self.code, probe) for probe in probes]
        replies = []
        for probe, (key, future) in zip(probes, futures, strict=True):
            try:
                reply = future.result()
            except Exception as exc:  # cancelled, or its worker lost too often
                reply = ProbeReply(probe.label, error=f"{type(exc).__name__}: {exc}")
            self.run.forget(key)
            replies.append(reply)
            if reply.worker:
                self.workers.add(reply.worker)
            kind = "bound" if probe.bound_only else "solve"
            self.run.log_task(
                TaskRecord(self.code, self.rounds, probe.label, kind, reply.seconds, reply.worker)
            )
        return replies


class NationalRun(TaskStream[ProvinceOutcome]):
    """The provinces of ``inputs`` being analysed (started by :meth:`start`), each within
    ``budget_s`` seconds, trying up to ``max_teams`` teams."""

    key_prefix = "cccd-province"

    def __init__(
        self,
        inputs: NationalInput,
        budget_s: float,
        max_teams: int,
        connection: DaskConnection | None,
        seed: int = 0,
    ) -> None:
        super().__init__([p.province.code for p in inputs.provinces], connection)
        self.inputs = inputs
        self.provinces = {p.province.code: p for p in inputs.provinces}
        self.budget_s = budget_s
        self.max_teams = max_teams
        self.seed = seed
        #: Every probe task run so far (province, round, label, kind, seconds, worker).
        self.task_log: list[TaskRecord] = []
        self._active: set[str] = set()

    # --- the provinces' coordinators (on a Dask connection) ------------------------------------

    def start(self) -> NationalRun:
        """Start the coordinators (on Dask) or the in-process run; returns ``self``."""
        if self.connection is None or self._thread is not None or self._stop.is_set():
            super().start()
            return self
        self._thread = threading.Thread(target=self._drive, daemon=True, name=self.key_prefix)
        self._thread.start()
        return self

    def slots(self) -> int:
        """Worker threads of the cluster (1 without one)."""
        return self.connection.slots() if self.connection is not None else 1

    def width(self) -> int:
        """How many probes one province may run at once: the threads per running province."""
        with self._lock:
            running = max(1, len(self._active))
        return max(1, self.slots() // running)

    def _drive(self) -> None:
        """Run the provinces, largest first, as many at once as there are worker threads."""
        finished: queue.Queue[ProvinceOutcome] = queue.Queue()
        pending = sorted(self.names, key=self._size, reverse=True)
        try:
            while (pending or self._active) and not self._stop.is_set():
                while pending and len(self._active) < self.slots():
                    code = pending.pop(0)
                    with self._lock:
                        self._active.add(code)
                    threading.Thread(
                        target=self._coordinate, args=(code, finished), daemon=True
                    ).start()
                try:
                    outcome = finished.get(timeout=0.5)
                except queue.Empty:
                    continue
                with self._lock:
                    self._active.discard(outcome.code)
                self._deliver(outcome)
        finally:
            self._finish()

    def _size(self, code: str) -> tuple[int, int]:
        p = self.provinces[code]
        return (p.communes * max(1, len(p.scenario.teams)), p.backlog)

    def _coordinate(self, code: str, finished: queue.Queue[ProvinceOutcome]) -> None:
        """One province's search in this process, its probes on Dask."""
        try:
            reply = run_province(self.task(code), self._stop, DaskProbes(self, code), self.width)
            outcome = self.outcome(code, reply)
        except Exception as exc:  # a bug of the coordinator: reported, the others go on
            outcome = self.failed(code, error_text(exc)[0])
        finished.put(outcome)

    def submit_probe(self, code: str, probe: Probe) -> tuple[str, Any]:
        """Submit one probe of province ``code``; (its key, its future)."""
        assert self.connection is not None
        key = f"cccd-probe-{code}-{uuid.uuid4().hex[:12]}"
        task = ProbeTask(
            code,
            probe,
            self.seed,
            self.connection.cores_per_solve,
            1,
            self.stop_event_name,
        )
        future = self.connection.client.submit(
            run_probe_task, task, retries=TASK_RETRIES, pure=False, key=key
        )
        with self._lock:
            self._futures[key] = future
        return key, future

    def forget(self, key: str) -> None:
        """A probe's result is here: let Dask forget it."""
        with self._lock:
            self._futures.pop(key, None)

    def log_task(self, record: TaskRecord) -> None:
        """Keep a probe task's time and worker."""
        with self._lock:
            self.task_log.append(record)

    def task(self, name: str) -> ProvinceTask:
        """The task of province ``name`` (its code)."""
        province = self.provinces[name]
        return ProvinceTask(
            code=name,
            scenario=province.scenario,
            budget_s=self.budget_s,
            max_teams=max(self.max_teams, len(province.scenario.teams)),
            finish=province.teams_given is not None,
            seed=self.seed,
            cores_per_solve=self.connection.cores_per_solve if self.connection else {},
            default_cores=1 if self.connection else machine_cores(),
            stop_event=self.stop_event_name,
        )

    def worker_function(self) -> Callable[..., ProvinceReply]:
        """:func:`run_province`."""
        return run_province

    def _base(self, name: str, state: OutcomeState) -> ProvinceOutcome:
        p: ProvinceScenario = self.provinces[name]
        return ProvinceOutcome(
            p.province.code, p.province.name, p.communes, p.backlog, p.teams_given, state
        )

    def outcome(self, name: str, reply: Any) -> ProvinceOutcome:
        """The province's outcome from its reply."""
        assert isinstance(reply, ProvinceReply)
        base = self._base(name, OutcomeState.SOLVED if reply.what else OutcomeState.FAILED)
        return ProvinceOutcome(
            base.code,
            base.name,
            base.communes,
            base.backlog,
            base.teams_given,
            base.state,
            reply.what,
            reply.error,
            reply.worker,
            reply.seconds,
            reply.detail,
        )

    def failed(self, name: str, error: str) -> ProvinceOutcome:
        """A province whose task raised."""
        return self.outcome(name, ProvinceReply(name, None, error, worker=""))

    def cancelled(self, name: str) -> ProvinceOutcome:
        """A province stopped before it finished."""
        return self._base(name, OutcomeState.CANCELLED)

    def name_of(self, outcome: ProvinceOutcome) -> str:
        """The province's code."""
        return outcome.code

    def is_cancelled(self, outcome: ProvinceOutcome) -> bool:
        """True for a cancelled province."""
        return outcome.state == OutcomeState.CANCELLED


@dataclass
class NationalWriter:
    """Writes the national what-if's files into ``out_dir`` while it runs: each province's
    folder (``<code>/``: the plan of its fewest teams, and with ``documents`` the Export page's
    documents of that plan) and national.csv after every province (atomically, in province
    order), then the workbook and the maps."""

    out_dir: Path
    inputs: NationalInput
    budget_s: float
    max_teams: int
    lang: str = "vi"
    documents: bool = False
    outcomes: dict[str, ProvinceOutcome] = field(default_factory=dict)

    def in_order(self) -> list[ProvinceOutcome]:
        """The outcomes so far, in province order."""
        codes = [p.province.code for p in self.inputs.provinces]
        return [self.outcomes[c] for c in codes if c in self.outcomes]

    def add(self, outcome: ProvinceOutcome) -> None:
        """Write one finished province's folder, then the updated national.csv: a province is
        in national.csv once its folder is complete."""
        scenario = next(
            p.scenario for p in self.inputs.provinces if p.province.code == outcome.code
        )
        folder = Path(self.out_dir) / outcome.code
        if write_province_folder(outcome, scenario, folder) and self.documents:
            self._documents(outcome, scenario, folder / DOCUMENTS_DIR)
        self.outcomes[outcome.code] = outcome
        write_national_csv(self.in_order(), Path(self.out_dir) / NATIONAL_CSV)

    def _documents(self, outcome: ProvinceOutcome, scenario: Scenario, folder: Path) -> None:
        """The Export page's documents of the province's fewest-teams plan."""
        from planning.io.boundaries import simplify_for_display
        from planning.io.layer2025 import commune_features
        from planning.report.documents import write_documents

        planned = fewest_teams_scenario(outcome, scenario)
        assert planned is not None and outcome.what and outcome.what.fewest_teams_plan
        features = simplify_for_display(commune_features([c.code for c in planned.communes]))
        write_documents(planned, outcome.what.fewest_teams_plan, None, features, folder, self.lang)

    def finish(self, outlines: Any, tasks: Sequence[TaskRecord] = ()) -> list[Path]:
        """national.csv, national.xlsx, national_map.html and national_map.png (and tasks.csv
        when ``tasks``, the probe tasks run on Dask, are given); the paths.

        ``outlines``: the provinces' outlines (``code``, ``name``, geometry), for the maps."""
        from planning.report.national_report import (
            NationalFacts,
            national_map_html,
            national_map_png,
            national_workbook,
        )

        out = Path(self.out_dir)
        outcomes = self.in_order()
        facts = NationalFacts.of(self.inputs, self.budget_s, self.max_teams)
        write_national_csv(outcomes, out / NATIONAL_CSV)
        png = national_map_png(outcomes, outlines, facts)
        atomic_write_bytes(out / NATIONAL_PNG, png)
        atomic_write_text(out / NATIONAL_HTML, national_map_html(outcomes, outlines, facts))
        atomic_write_bytes(out / NATIONAL_XLSX, national_workbook(outcomes, facts, self.lang, png))
        names = [NATIONAL_CSV, NATIONAL_XLSX, NATIONAL_HTML, NATIONAL_PNG]
        if tasks:
            write_tasks_csv(tasks, out / NATIONAL_TASKS)
            names.append(NATIONAL_TASKS)
        return [out / name for name in names]
