"""The national what-if on Dask: one task per province, on the sweep engine.

Each task is one province's what-if analysis (:func:`planning.solver.what_it_takes`, asked for
the fewest teams and, when the province's teams are given, their earliest finish) under its own
time budget. One task per province, not per province × team count: the fewest-teams search is a
sequence of solves each chosen from the last (doubling, then bisection, counts far below the answer
proven short by the capacity bound without solving), so splitting it by team count would solve
every count blindly and re-implement the proofs outside the solver. With up to 34 tasks a cluster
of up to 34 worker threads is fully used; the longest province then bounds the wall time.

The engine (:class:`~planning.sweep.engine.TaskStream`) gives the sweep's behaviour: retries, a
lost worker's task re-run, outcomes as they finish, a stop that cancels the rest. The task carries
the province's scenario, so workers read no file. :class:`NationalWriter` writes national.csv as
provinces finish, then the workbook and the maps.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planning.domain import Scenario
from planning.drafting.national import NationalInput, ProvinceScenario
from planning.io.files import atomic_write_bytes, atomic_write_text
from planning.io.national_files import (
    fewest_teams_scenario,
    write_national_csv,
    write_province_folder,
)
from planning.outcomes import OutcomeState, ProvinceOutcome
from planning.results import Answer, SolverOptions, WhatItTakes
from planning.solver import what_it_takes
from planning.sweep.cluster import DaskConnection, machine_cores
from planning.sweep.engine import TaskStream
from planning.sweep.work import IN_PROCESS, error_text, stop_watch, this_worker

NATIONAL_CSV = "national.csv"
NATIONAL_XLSX = "national.xlsx"
NATIONAL_HTML = "national_map.html"
NATIONAL_PNG = "national_map.png"
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


def run_province(task: ProvinceTask, stop: threading.Event | None = None) -> ProvinceReply:
    """Analyse one province (on a Dask worker or in this process); an error of the analysis
    comes back in the reply."""
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
            )
        except Exception as exc:
            seconds = time.monotonic() - started
            return ProvinceReply(task.code, None, *error_text(exc), address, seconds)
    return ProvinceReply(task.code, what, worker=address, seconds=time.monotonic() - started)


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

    def finish(self, outlines: Any) -> list[Path]:
        """national.csv, national.xlsx, national_map.html and national_map.png; the paths.

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
        return [out / name for name in (NATIONAL_CSV, NATIONAL_XLSX, NATIONAL_HTML, NATIONAL_PNG)]
