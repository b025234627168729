"""Running CP-SAT on one model under the clock: parameters, the stop button, progress reports.

Every CP-SAT call of the scheduler (the whole-model stages of a district, the neighbourhood
sub-models of a province) goes through :func:`run_cpsat`, so the time limit, the stop button and
the solver parameters have one home.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from typing import Any

from ortools.sat.python import cp_model

from planning.results import ProgressInfo, SolverOptions, StageStatus
from planning.solver.clock import Clock
from planning.solver.time_rule import StallWatch
from planning.solver.variables import ModelVars

STATUS_NAMES: dict[Any, StageStatus] = {
    cp_model.OPTIMAL: StageStatus.OPTIMAL,
    cp_model.FEASIBLE: StageStatus.FEASIBLE,
    cp_model.INFEASIBLE: StageStatus.INFEASIBLE,
    cp_model.UNKNOWN: StageStatus.UNKNOWN,
    cp_model.MODEL_INVALID: StageStatus.MODEL_INVALID,
}
#: Shortest time worth giving CP-SAT at all.
MIN_SOLVE_S = 0.05


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports improving solutions to the UI, honours the stop button and tells the stall
    watch (if any) of each gain."""

    def __init__(
        self,
        mv: ModelVars,
        stage: str,
        options: SolverOptions,
        clock: Clock,
        offset: int | None,
        stall: StallWatch | None,
    ) -> None:
        super().__init__()
        self._mv, self._stage, self._options, self._clock = mv, stage, options, clock
        self._offset, self._stall = offset, stall

    def on_solution_callback(self) -> None:
        """Called by CP-SAT on each improving solution."""
        if self._stall is not None:
            self._stall.gained()
        if self._clock.stop_event is not None and self._clock.stop_event.is_set():
            self.stop_search()
        if self._options.progress is None or self._offset is None:
            return
        collected = sum(self.value(v) for v in self._mv.apps.values())
        self._options.progress(
            ProgressInfo(
                self._stage,
                self._clock.elapsed(),
                self.objective_value,
                self.best_objective_bound,
                collected + self._offset,
            )
        )


def _watch_stop(
    solver: cp_model.CpSolver,
    event: threading.Event | None,
    stall: StallWatch | None,
    done: threading.Event,
) -> None:
    """Stop the search as soon as the UI sets ``event`` (even between solutions), or when the
    stall watch says the stage has stalled."""
    while not done.wait(0.05):
        if event is not None and event.is_set():
            solver.stop_search()
            return
        if stall is not None and stall.stalled(min_tries=0):
            stall.fired = True
            solver.stop_search()
            return


def run_cpsat(
    mv: ModelVars,
    stage: str,
    seconds: float,
    options: SolverOptions,
    clock: Clock,
    *,
    report_offset: int | None = None,
    tune: Callable[[cp_model.CpSolver], None] | None = None,
    stall: StallWatch | None = None,
) -> tuple[cp_model.CpSolver, Any, float]:
    """Solve ``mv.model`` (objective already set) for at most ``seconds``, never past the clock.

    ``report_offset`` (applications outside this model: pinned visits, the fixed rest of a plan)
    turns on the progress callback; ``stall`` stops the search once it has stalled
    (:mod:`planning.solver.time_rule`; ``stall.fired`` then says so). Returns the solver, its
    status and the wall seconds used.
    """
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(MIN_SOLVE_S, min(seconds, clock.left()))
    solver.parameters.num_workers = max(1, options.workers)
    solver.parameters.random_seed = options.seed
    solver.parameters.cp_model_probing_level = 0  # probing dominates presolve time here
    if tune is not None:
        tune(solver)
    done = threading.Event()
    watcher = None
    if clock.stop_event is not None or stall is not None:
        watcher = threading.Thread(target=_watch_stop, args=(solver, clock.stop_event, stall, done))
        watcher.start()
    callback = (
        _Progress(mv, stage, options, clock, report_offset, stall)
        if report_offset is not None or stall is not None
        else None
    )
    started = time.monotonic()
    try:
        status = solver.solve(mv.model, callback)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    return solver, status, time.monotonic() - started


def found_solution(status: Any) -> bool:
    """True when CP-SAT returned a solution (optimal or feasible)."""
    return status in (cp_model.OPTIMAL, cp_model.FEASIBLE)
