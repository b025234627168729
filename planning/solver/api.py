"""``solve(scenario, options) -> SolveResult``: build, run the lexicographic stages, extract.

See :mod:`planning.solver.objective` for why the objectives are sequenced in stages, and
:mod:`planning.solver.bounds` for the valid upper bound reported with every result.
"""

from __future__ import annotations

import datetime as dt
import threading
import time
from typing import Any

from ortools.sat.python import cp_model

from planning.domain import Plan, Scenario
from planning.results import (
    FEASIBLE,
    INVALID,
    NO_PLAN,
    OPTIMAL,
    BoundKind,
    ProgressInfo,
    SolveResult,
    SolverOptions,
    StageOutcome,
    StageStatus,
    Verdict,
)
from planning.solver.assignment import (
    Assignment,
    assignment_collected,
    assignment_problems,
    hint_model,
    read_assignment,
)
from planning.solver.bounds import best_bound
from planning.solver.constraints import add_all_rules
from planning.solver.extract import to_plan
from planning.solver.greedy import chain_greedy_assignment, fill_greedy_assignment
from planning.solver.instance import Instance, build_instance
from planning.solver.objective import Stage, stages
from planning.solver.variables import ModelVars, build_variables
from planning.wording import status_text

#: Share of the time left that each stage may use (the last stage takes all that is left).
STAGE_SHARES = {"volume": 0.55, "stability": 0.4, "earliness": 0.5, "travel": 0.6, "balance": 1.0}
#: Share of the whole limit (at most 2 s) kept free at the end for CP-SAT's overshoot.
FINISH_RESERVE = 0.05
_STATUS_NAMES: dict[Any, StageStatus] = {
    cp_model.OPTIMAL: StageStatus.OPTIMAL,
    cp_model.FEASIBLE: StageStatus.FEASIBLE,
    cp_model.INFEASIBLE: StageStatus.INFEASIBLE,
    cp_model.UNKNOWN: StageStatus.UNKNOWN,
    cp_model.MODEL_INVALID: StageStatus.MODEL_INVALID,
}


class _Progress(cp_model.CpSolverSolutionCallback):
    """Reports improving solutions to the UI and honours the stop event."""

    def __init__(self, mv: ModelVars, stage: str, options: SolverOptions, t0: float) -> None:
        super().__init__()
        self._mv, self._stage, self._options, self._t0 = mv, stage, options, t0

    def on_solution_callback(self) -> None:
        """Called by CP-SAT on each improving solution."""
        if self._options.stop_event is not None and self._options.stop_event.is_set():
            self.stop_search()
        if self._options.progress is None:
            return
        collected = sum(self.value(v) for v in self._mv.apps.values())
        info = ProgressInfo(
            self._stage,
            time.monotonic() - self._t0,
            self.objective_value,
            self.best_objective_bound,
            collected + self._mv.inst.pinned_collected,
        )
        self._options.progress(info)


def _watch_stop(solver: cp_model.CpSolver, event: threading.Event, done: threading.Event) -> None:
    """Stop the search as soon as the UI sets ``event`` (even between solutions)."""
    while not done.wait(0.05):
        if event.is_set():
            solver.stop_search()
            return


def _run_stage(
    mv: ModelVars,
    stage: Stage,
    expr: cp_model.LinearExprT,
    seconds: float,
    options: SolverOptions,
    t0: float,
) -> tuple[cp_model.CpSolver, Any, float]:
    """Solve one stage; returns the solver, its status and the wall seconds used."""
    if stage.maximize:
        mv.model.maximize(expr)
    else:
        mv.model.minimize(expr)
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = max(0.1, seconds)
    solver.parameters.num_workers = max(1, options.workers)
    solver.parameters.random_seed = options.seed
    solver.parameters.cp_model_probing_level = 0  # probing dominates presolve time here
    done = threading.Event()
    watcher = None
    if options.stop_event is not None:
        watcher = threading.Thread(target=_watch_stop, args=(solver, options.stop_event, done))
        watcher.start()
    started = time.monotonic()
    try:
        status = solver.solve(mv.model, _Progress(mv, stage.name, options, t0))
    finally:
        done.set()
        if watcher is not None:
            watcher.join()
    return solver, status, time.monotonic() - started


def _report_stage(
    mv: ModelVars,
    stage: Stage,
    solver: cp_model.CpSolver,
    assignment: Assignment,
    options: SolverOptions,
    t0: float,
) -> None:
    """Progress report at the end of a stage (CP-SAT may solve small models in presolve)."""
    if options.progress is None:
        return
    options.progress(
        ProgressInfo(
            stage.name,
            time.monotonic() - t0,
            solver.objective_value,
            solver.best_objective_bound,
            assignment_collected(assignment) + mv.inst.pinned_collected,
        )
    )


def _fix_stage(mv: ModelVars, stage: Stage, expr: cp_model.LinearExprT, value: float) -> None:
    """Keep a finished stage's objective at least as good as the value reached."""
    target = round(value)
    if stage.maximize:
        mv.model.add(expr >= target)
    else:
        mv.model.add(expr <= target)


def _stopped(options: SolverOptions) -> bool:
    return options.stop_event is not None and options.stop_event.is_set()


def run_stages(
    mv: ModelVars,
    options: SolverOptions,
    t0: float,
    start: Assignment | None = None,
) -> tuple[Assignment, list[StageOutcome], float | None]:
    """Lexicographic stages with hints; returns the best assignment, outcomes and volume bound.

    ``start`` (a valid plan, default the greedy one) hints the first stage and is returned if no
    stage finds a solution.
    """
    assignment = fill_greedy_assignment(mv.inst, mv.routes) if start is None else start
    outcomes: list[StageOutcome] = []
    volume_bound: float | None = None
    chosen = stages(mv)[: max(1, options.stages)]
    for i, stage in enumerate(chosen):
        left = options.time_limit_s - (time.monotonic() - t0)
        if (i > 0 and (left <= 0.05 or _stopped(options))) or not mv.x:
            break
        hint_model(mv, assignment)
        last = i == len(chosen) - 1
        # The last stage stops a little early: CP-SAT overshoots its limit by 1–2 s under load.
        seconds = left - min(2.0, FINISH_RESERVE * options.time_limit_s) if last else left
        share = 1.0 if last else STAGE_SHARES[stage.name]
        expr = stage.build(mv)
        solver, status, used = _run_stage(mv, stage, expr, seconds * share, options, t0)
        name = _STATUS_NAMES.get(status, StageStatus.UNKNOWN)
        if status not in (cp_model.OPTIMAL, cp_model.FEASIBLE):
            outcomes.append(StageOutcome(stage.name, name, float("nan"), float("nan"), used))
            break
        assignment = read_assignment(mv, solver)
        outcomes.append(
            StageOutcome(
                stage.name, name, solver.objective_value, solver.best_objective_bound, used
            )
        )
        if i == 0:
            volume_bound = solver.best_objective_bound
        _report_stage(mv, stage, solver, assignment, options, t0)
        _fix_stage(mv, stage, expr, solver.objective_value)
    return assignment, outcomes, volume_bound


def _better(first: Assignment, second: Assignment) -> Assignment:
    """The assignment that collects more (the first on ties)."""
    return second if assignment_collected(second) > assignment_collected(first) else first


def _collected(plan: Plan, deadline: dt.date) -> dict[str, int]:
    totals: dict[str, int] = {}
    for visit in plan.visits():
        if visit.date <= deadline:
            totals[visit.commune_code] = totals.get(visit.commune_code, 0) + visit.applications
    return totals


def _invalid(scenario: Scenario, reasons: list[str], t0: float) -> SolveResult:
    text = "; ".join(reasons)
    backlog = scenario.collectable_backlog
    return SolveResult(
        status=INVALID,
        status_reason=f"Kịch bản không hợp lệ / invalid scenario: {text}",
        plan=Plan(()),
        collected_by_deadline=0,
        collectable_backlog=backlog,
        remaining_by_deadline=backlog,
        remaining_by_commune={c.code: c.collectable_backlog for c in scenario.communes},
        upper_bound_by_deadline=backlog,
        bound_kind=BoundKind.NONE,
        verdict=Verdict.MISSES if backlog > 0 else Verdict.MEETS,
        finish_date=None,
        solve_seconds=time.monotonic() - t0,
        gap=1.0 if backlog else 0.0,
        notes=tuple(reasons),
    )


def validate(scenario: Scenario, inst: Instance) -> list[str]:
    """Reasons the scenario cannot be solved at all (empty when it can)."""
    reasons = list(inst.problems)
    if not scenario.teams:
        reasons.append("no team / không có tổ nào")
    cal = scenario.calendar
    for v in scenario.pinned:
        if not cal.start <= v.date <= cal.deadline:
            reasons.append(f"pinned visit {v.team_id} {v.date} is outside the planning window")
    return reasons


def solve(
    scenario: Scenario, options: SolverOptions | None = None, previous: Plan | None = None
) -> SolveResult:
    """Plan the scenario: most applications by the deadline, earlier, less driving, balanced.

    ``previous`` (re-planning): the plan announced before; its commune-days from the scenario's
    start on are kept where that costs no applications (the ``stability`` stage).
    """
    options = options or SolverOptions()
    t0 = time.monotonic()
    inst = build_instance(scenario, previous)
    reasons = validate(scenario, inst)
    if reasons:
        return _invalid(scenario, reasons, t0)
    mv = build_variables(inst)
    add_all_rules(mv)
    # Start from the better greedy plan; the chain greedy (overnight stays) is used only when the
    # model's rules hold for it, so the fallback plan is always valid.
    start = fill_greedy_assignment(inst, mv.routes)
    chain = chain_greedy_assignment(inst, mv.routes)
    if not assignment_problems(inst, mv.routes, chain):
        start = _better(start, chain)
    # The valid bound is computed before the search so that its time counts against the limit;
    # the LPs are skipped when max-flow already proves the greedy start optimal.
    reached = assignment_collected(start) + inst.pinned_collected
    bound = best_bound(inst, reached)
    assignment, outcomes, volume_bound = run_stages(mv, options, t0, start)
    plan = to_plan(inst, mv.routes, assignment)
    return summarise(inst, plan, outcomes, volume_bound, time.monotonic() - t0, mv, bound)


def _model_bound(inst: Instance, volume_bound: float | None) -> int | None:
    """CP-SAT's bound on collected applications, when the stage-1 objective is unweighted."""
    if volume_bound is None or any(p != 1 for p in inst.priority.values()):
        return None
    return int(volume_bound + 1e-6) + inst.pinned_collected


def summarise(
    inst: Instance,
    plan: Plan,
    outcomes: list[StageOutcome],
    volume_bound: float | None,
    seconds: float,
    mv: ModelVars,
    bound: tuple[int, BoundKind],
) -> SolveResult:
    """Figures, verdict, bound and the bilingual status text of a solved plan."""
    scenario = inst.scenario
    deadline = scenario.calendar.deadline
    by_commune = _collected(plan, deadline)
    collected = sum(by_commune.values())
    backlog = scenario.collectable_backlog
    remaining = {
        c.code: c.collectable_backlog - by_commune.get(c.code, 0) for c in scenario.communes
    }
    valid_bound = min(backlog, bound[0])
    model_bound = _model_bound(inst, volume_bound)
    volume_optimal = bool(outcomes and outcomes[0].status == StageStatus.OPTIMAL)
    if model_bound is not None and mv.x and volume_optimal:
        model_bound = collected
    meets = collected >= backlog
    proven = meets or collected >= valid_bound or volume_optimal
    finish = (
        max((v.date for v in plan.visits() if v.applications > 0), default=None) if meets else None
    )
    gap = 0.0 if valid_bound <= 0 else max(0.0, (valid_bound - collected) / valid_bound)
    status = OPTIMAL if proven else FEASIBLE
    if not mv.x and not plan.team_days:
        status = NO_PLAN if backlog > 0 else OPTIMAL
    reason = status_text(status, proven, outcomes, valid_bound, model_bound, collected, backlog)
    return SolveResult(
        status=status,
        status_reason=reason,
        plan=plan,
        collected_by_deadline=collected,
        collectable_backlog=backlog,
        remaining_by_deadline=backlog - collected,
        remaining_by_commune=remaining,
        upper_bound_by_deadline=valid_bound,
        bound_kind=bound[1] if bound[0] <= backlog else BoundKind.BACKLOG,
        verdict=Verdict.MEETS if meets else Verdict.MISSES,
        finish_date=finish,
        solve_seconds=seconds,
        gap=gap,
        model_bound=model_bound,
        stages=tuple(outcomes),
        travel_min=plan.travel_min,
        time_limited=not proven,
    )
