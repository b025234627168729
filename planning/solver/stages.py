"""The lexicographic stages on one whole CP-SAT model (districts and other small instances).

See :mod:`planning.solver.objective` for why the objectives are sequenced in stages. Stage k
optimises objective k with objectives 1..k−1 held at least as good as the values reached, hinted
with the previous stage's plan. Each stage gets a share of the time the clock has left — except
that while the start plan misses the deadline the volume stage may use all of it, until it is
proven or stalls (:mod:`planning.solver.time_rule`).
"""

from __future__ import annotations

import math

from ortools.sat.python import cp_model

from planning.results import ProgressInfo, SolverOptions, StageOutcome, StageStatus, VolumeEnd
from planning.solver.assignment import (
    Assignment,
    assignment_collected,
    hint_model,
    read_assignment,
)
from planning.solver.clock import Clock
from planning.solver.cpsat import STATUS_NAMES, found_solution, run_cpsat
from planning.solver.objective import Stage
from planning.solver.time_rule import StallWatch, plan_misses
from planning.solver.variables import ModelVars

#: Share of the time left that each stage may use (the last stage takes all that is left).
STAGE_SHARES = {"volume": 0.55, "stability": 0.4, "earliness": 0.5, "travel": 0.6, "balance": 1.0}
#: Share of the time left (at most 2 s) the last stage leaves free: CP-SAT overshoots its limit by
#: a second or two under load.
OVERSHOOT_SHARE, OVERSHOOT_MAX_S = 0.05, 2.0


def _fix_stage(mv: ModelVars, stage: Stage, expr: cp_model.LinearExprT, value: float) -> None:
    """Keep a finished stage's objective at least as good as the value reached."""
    target = round(value)
    if stage.maximize:
        mv.model.add(expr >= target)
    else:
        mv.model.add(expr <= target)


def _report(
    mv: ModelVars,
    stage: Stage,
    solver: cp_model.CpSolver,
    assignment: Assignment,
    options: SolverOptions,
    clock: Clock,
) -> None:
    """Progress report at the end of a stage (CP-SAT may solve small models in presolve)."""
    if options.progress is None:
        return
    options.progress(
        ProgressInfo(
            stage.name,
            clock.elapsed(),
            solver.objective_value,
            solver.best_objective_bound,
            assignment_collected(assignment) + mv.inst.pinned_collected,
        )
    )


def run_stages(
    mv: ModelVars,
    chosen: list[Stage],
    options: SolverOptions,
    clock: Clock,
    start: Assignment,
) -> tuple[Assignment, list[StageOutcome], float | None, VolumeEnd]:
    """Lexicographic stages with hints; returns the best assignment, outcomes, the volume
    stage's bound and how the volume stage ended. ``start`` (a valid plan) hints the first stage
    and is returned if no stage finds a solution."""
    assignment = start
    outcomes: list[StageOutcome] = []
    volume_bound: float | None = None
    volume_first = plan_misses(mv.inst, start) and len(chosen) > 1
    volume_end = VolumeEnd.SHARE
    for i, stage in enumerate(chosen):
        if not mv.x or (i > 0 and clock.stopped()):
            clock.skip(f"stage_{stage.name}", "no time left" if mv.x else "nothing to plan")
            if mv.x:
                outcomes.append(
                    StageOutcome(stage.name, StageStatus.UNKNOWN, math.nan, math.nan, 0.0)
                )
            continue
        hint_model(mv, assignment)
        last = i == len(chosen) - 1
        first = i == 0 and volume_first
        seconds = clock.left()
        if last or first:  # may run to the end of the time limit
            seconds -= min(OVERSHOOT_MAX_S, OVERSHOOT_SHARE * seconds)
        expr = stage.build(mv)
        if stage.maximize:
            mv.model.maximize(expr)
        else:
            mv.model.minimize(expr)
        stall = StallWatch() if first else None
        with clock.phase(f"stage_{stage.name}") as timer:
            solver, status, used = run_cpsat(
                mv,
                stage.name,
                seconds * (1.0 if last or first else STAGE_SHARES[stage.name]),
                options,
                clock,
                report_offset=mv.inst.pinned_collected,
                stall=stall,
            )
            name = STATUS_NAMES.get(status, StageStatus.UNKNOWN)
            if name != StageStatus.OPTIMAL:
                timer.cut_short(str(name) + (", stalled" if stall and stall.fired else ""))
        if first:
            volume_end = _volume_end(name, stall)
        if not found_solution(status):
            outcomes.append(StageOutcome(stage.name, name, math.nan, math.nan, used))
            break
        assignment = read_assignment(mv, solver)
        if first and not plan_misses(mv.inst, assignment):
            volume_end = VolumeEnd.MET
        outcomes.append(
            StageOutcome(
                stage.name, name, solver.objective_value, solver.best_objective_bound, used
            )
        )
        if i == 0:
            volume_bound = solver.best_objective_bound
        _report(mv, stage, solver, assignment, options, clock)
        _fix_stage(mv, stage, expr, solver.objective_value)
    return assignment, outcomes, volume_bound, volume_end


def _volume_end(status: StageStatus, stall: StallWatch | None) -> VolumeEnd:
    """How a volume stage given all the time ended."""
    if status == StageStatus.OPTIMAL:
        return VolumeEnd.PROVEN
    return VolumeEnd.STALLED if stall is not None and stall.fired else VolumeEnd.TIME_LIMIT
