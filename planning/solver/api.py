"""``solve(scenario, options) -> SolveResult``: build, start, bound, search, extract.

A district (the whole model fits CP-SAT: :data:`WHOLE_MODEL_MAX_ROUTE_VARS`) is solved as one
model in lexicographic stages (:mod:`planning.solver.stages`); a province by neighbourhood search
from the greedy start (:mod:`planning.solver.lns`). Both run under one clock
(:mod:`planning.solver.clock`): the time limit is a contract. See
:mod:`planning.solver.objective` for why the objectives are sequenced in stages, and
:mod:`planning.solver.bounds` for the valid upper bound reported with every result.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import replace

from planning.domain import Plan, Scenario
from planning.reasons import FlawKind, ScenarioFlaw, StatusKind, StatusReason
from planning.results import (
    FEASIBLE,
    INVALID,
    NO_PLAN,
    OPTIMAL,
    BoundKind,
    SolveResult,
    SolverOptions,
    StageOutcome,
    StageStatus,
    Verdict,
    VolumeEnd,
    status_reason_of,
)
from planning.solver.allotment import allotment_assignment
from planning.solver.amounts import most_applications
from planning.solver.assignment import (
    Assignment,
    assignment_collected,
    assignment_problems,
)
from planning.solver.bounds import best_bound
from planning.solver.clock import Clock
from planning.solver.constraints import add_all_rules
from planning.solver.extract import to_plan
from planning.solver.greedy import chain_greedy_assignment, fill_greedy_assignment
from planning.solver.insertion import insertion_assignment
from planning.solver.instance import Instance, build_instance
from planning.solver.lns import PlanState, lns_stages
from planning.solver.objective import Stage, stages_of
from planning.solver.reachability import unreachable_communes
from planning.solver.routes import Route, all_team_routes
from planning.solver.stages import run_stages
from planning.solver.time_rule import plan_misses, time_use
from planning.solver.tours import tour_assignment
from planning.solver.variables import build_variables
from planning.solver.warm_start import assignment_of_plan


def _better(first: Assignment, second: Assignment) -> Assignment:
    """The assignment that collects more (the first on ties)."""
    return second if assignment_collected(second) > assignment_collected(first) else first


def _collected(plan: Plan, deadline: dt.date) -> dict[str, int]:
    totals: dict[str, int] = {}
    for visit in plan.visits():
        if visit.date <= deadline:
            totals[visit.commune_code] = totals.get(visit.commune_code, 0) + visit.applications
    return totals


def _invalid(scenario: Scenario, flaws: list[ScenarioFlaw], t0: float) -> SolveResult:
    """The result of a scenario that cannot be solved at all (a status, not an exception)."""
    backlog = scenario.collectable_backlog
    return SolveResult(
        status=INVALID,
        status_reason=StatusReason(StatusKind.INVALID_SCENARIO, flaws=tuple(flaws)),
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
    )


def validate(scenario: Scenario, inst: Instance) -> list[ScenarioFlaw]:
    """Why the scenario cannot be solved at all (empty when it can)."""
    flaws = list(inst.problems)
    if not scenario.teams:
        flaws.append(ScenarioFlaw(FlawKind.NO_TEAM))
    cal = scenario.calendar
    for v in scenario.pinned:
        if not cal.start <= v.date <= cal.deadline:
            flaws.append(ScenarioFlaw(FlawKind.PINNED_OUTSIDE_WINDOW, v.team_id, date=v.date))
    return flaws


def solve(
    scenario: Scenario,
    options: SolverOptions | None = None,
    previous: Plan | None = None,
    *,
    start_plan: Plan | None = None,
) -> SolveResult:
    """Plan the scenario: most applications by the deadline, earlier, less driving, balanced.

    Returns within ``options.time_limit_s`` (see :mod:`planning.solver.clock`): every phase
    counts against it, and the result lists each phase and how it ended. ``previous``
    (re-planning): the plan announced before; its commune-days from the scenario's start on are
    kept where that costs no applications (the ``stability`` stage). ``start_plan``: a plan of a
    neighbouring scenario (one team more or less) to start from, completed by cheapest insertion
    (:mod:`planning.solver.warm_start`); used when it collects more than the greedy starts.
    """
    options = options or SolverOptions()
    clock = Clock(options.time_limit_s, options.stop_event)
    with clock.phase("instance"):
        inst = build_instance(scenario, previous)
    reasons = validate(scenario, inst)
    if reasons:
        return _invalid(scenario, reasons, clock.started)
    with clock.phase("routes"):
        routes = all_team_routes(inst)
    start = _start(inst, routes, clock)
    if start_plan is not None:
        start = _warm_start(inst, routes, clock, start, start_plan)
    # The valid bound is computed before the search so that its time counts against the limit;
    # the LPs are skipped when max-flow already proves the start optimal.
    bound = best_bound(inst, clock, assignment_collected(start) + inst.pinned_collected)
    chosen = stages_of(inst)[: max(1, options.stages)]
    size = model_size(inst, routes)
    if size <= WHOLE_MODEL_MAX_ROUTE_VARS:
        with clock.phase("model"):
            mv = build_variables(inst, routes)
            add_all_rules(mv)
        assignment, outcomes, volume_bound, volume_end = run_stages(
            mv, chosen, options, clock, start
        )
    else:
        clock.skip("model", f"{size} route variables: neighbourhood search instead")
        assignment, outcomes, volume_end = _neighbourhood_search(
            inst, routes, start, chosen, options, clock, bound[0]
        )
        volume_bound = None
    assignment = _with_most_applications(inst, routes, assignment)
    plan = to_plan(inst, routes, assignment)
    result = summarise(inst, plan, outcomes, volume_bound, clock, routes, bound)
    used = time_use(plan_misses(inst, start) and len(chosen) > 1, volume_end, clock.phases)
    return replace(result, time_use=used)


def _with_most_applications(
    inst: Instance, routes: dict[str, list[Route]], assignment: Assignment
) -> Assignment:
    """The searched assignment with its stops' applications re-divided to collect the most
    (:func:`~planning.solver.amounts.most_applications`), kept only when it breaks no rule (it
    cannot: the re-check guards the plan against a mistake there)."""
    found = most_applications(inst, routes, assignment)
    if found is assignment or assignment_problems(inst, routes, found):
        return assignment
    return found


#: Largest whole CP-SAT model (route variables over all team-days) solved in one piece; larger
#: instances (provinces) are planned by neighbourhood search (:mod:`planning.solver.lns`).
WHOLE_MODEL_MAX_ROUTE_VARS = 60_000
#: Share of the time left (and most seconds) a constructive plan of the start may use, and the
#: least it gets while the clock has that much left (the day-trip greedy always runs to its end:
#: the start is the plan returned when nothing better is found in time).
START_SHARE, START_MAX_S, START_MIN_S = 0.25, 20.0, 2.0
#: Share of the time left the chain greedy may use (the larger: see :func:`_start`).
CHAIN_SHARE = 0.5
#: Share of the time left the day allotment may use (its integer programme stops at the time
#: given, and is good by 1.5 s at 100 communes × 14 teams).
ALLOT_SHARE = 0.1
#: Share of the time left the tour start may use (overnight stays only; its routing search
#: takes most of it).
TOUR_SHARE = 0.3


def model_size(inst: Instance, routes: dict[str, list[Route]]) -> int:
    """Route variables a whole model would have at most (routes × free days, per team)."""
    days: dict[int, int] = {}
    for t, _ in inst.free_team_days():
        days[t] = days.get(t, 0) + 1
    return sum(len(routes[team.team_id]) * days.get(team.index, 0) for team in inst.teams)


def _start(inst: Instance, routes: dict[str, list[Route]], clock: Clock) -> Assignment:
    """The best of the greedy plans (each used only when the model's rules hold for it): a
    valid plan to start from and to fall back on.

    The day-trip greedy always runs to its end (under a second at the contract size): a plan cut
    off after some days would be the fallback of a slow, loaded machine and miss most of the
    backlog. The tour start (:mod:`planning.solver.tours`: overnight stays only), the chain
    greedy, cheapest insertion (:mod:`planning.solver.insertion`) and the day allotment
    (:mod:`planning.solver.allotment`) share the start's time; cut short, each is kept only if
    it still collects more; once a plan takes every applicant the rest are not run. The
    phase's detail says what each collected.
    """
    with clock.phase("start") as timer:
        start = fill_greedy_assignment(inst, routes)
        made = [f"fill_greedy_assignment {assignment_collected(start)}"]
        # Each constructive plan gets its own share: with overnight stays the tours (one long
        # chain per team: on a province the plan to beat) and the chain greedy first, then
        # cheapest insertion (day trips), then the day allotment (day trips decided for the
        # whole period at once). Without stays the tour start returns at once.
        shares = (
            (tour_assignment, TOUR_SHARE),
            (chain_greedy_assignment, CHAIN_SHARE),
            (insertion_assignment, START_SHARE),
            (allotment_assignment, ALLOT_SHARE),
        )
        for build, share in shares:
            if not plan_misses(inst, start):
                made.append(f"{build.__name__} not needed (the start plans every applicant)")
                continue
            seconds = _build_seconds(clock, share)
            if seconds < MIN_BUILD_S:
                made.append(f"{build.__name__} not run (no time left)")
                continue
            until = time.monotonic() + seconds
            found = build(inst, routes, until)
            valid = not assignment_problems(inst, routes, found)
            if valid:
                start = _better(start, found)
            made.append(f"{build.__name__} {assignment_collected(found) if valid else 'invalid'}")
            if time.monotonic() > until:
                timer.cut_short(f"{build.__name__} stopped at its time share")
        # Which constructions ran and what each collected (summary.json's phases).
        timer.detail = "; ".join([timer.detail, *made] if timer.detail else made)
    return start


def _build_seconds(clock: Clock, share: float) -> float:
    """Seconds one constructive plan may use: ``share`` of the time left (at most
    :data:`START_MAX_S`), at least :data:`START_MIN_S` — but never more than the time left: a
    what-if probe started near the end of its budget must still end within it."""
    return min(max(START_MIN_S, clock.share(share, START_MAX_S)), clock.left())


#: Least seconds worth starting a constructive plan with.
MIN_BUILD_S = 0.05


def _warm_start(
    inst: Instance, routes: dict[str, list[Route]], clock: Clock, start: Assignment, plan: Plan
) -> Assignment:
    """The neighbour's plan completed by cheapest insertion, when it beats ``start``."""
    with clock.phase("warm_start") as timer:
        kept = assignment_of_plan(inst, routes, plan)
        if not kept:
            timer.cut_short("the neighbouring plan does not fit this scenario")
            return start
        until = time.monotonic() + _build_seconds(clock, START_SHARE)
        completed = insertion_assignment(inst, routes, until, start=kept)
        if assignment_problems(inst, routes, completed):
            return start
        return _better(start, completed)


def _neighbourhood_search(
    inst: Instance,
    routes: dict[str, list[Route]],
    start: Assignment,
    chosen: list[Stage],
    options: SolverOptions,
    clock: Clock,
    bound: int,
) -> tuple[Assignment, list[StageOutcome], VolumeEnd]:
    """Improve the start by neighbourhood search; the balance stage needs the whole plan and is
    not run at this size (recorded as skipped)."""
    state = PlanState(inst, routes, dict(start))
    unweighted = all(p == 1 for p in inst.priority.values())
    proven_volume = bound - inst.pinned_collected if unweighted else None
    searched = [s for s in chosen if s.name != "balance"]
    outcomes, volume_end = lns_stages(state, searched, options, clock, proven_volume)
    if len(searched) < len(chosen):
        clock.skip("lns_balance", "not run by the neighbourhood search")
        nan = float("nan")
        outcomes.append(StageOutcome("balance", StageStatus.UNKNOWN, nan, nan, 0.0))
    return state.assignment, outcomes, volume_end


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
    clock: Clock,
    routes: dict[str, list[Route]],
    bound: tuple[int, BoundKind],
) -> SolveResult:
    """Figures, verdict, bound, phases, unreachable communes and the reason for the status of a
    solved plan."""
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
    if model_bound is not None and volume_optimal:
        model_bound = collected
    meets = collected >= backlog
    proven = meets or collected >= valid_bound or volume_optimal
    finish = (
        max((v.date for v in plan.visits() if v.applications > 0), default=None) if meets else None
    )
    gap = 0.0 if valid_bound <= 0 else max(0.0, (valid_bound - collected) / valid_bound)
    status = OPTIMAL if proven else FEASIBLE
    unreachable = unreachable_communes(inst, routes)
    if not plan.team_days and backlog > 0 and len(unreachable) == len(inst.communes):
        status = NO_PLAN
    stages = [(o.name, o.status) for o in outcomes]
    reason = status_reason_of(status, collected, backlog, valid_bound, model_bound, stages)
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
        solve_seconds=clock.elapsed(),
        gap=gap,
        model_bound=model_bound,
        stages=tuple(outcomes),
        travel_min=plan.travel_min,
        time_limited=not proven,
        phases=tuple(clock.phases),
        unreachable=unreachable,
    )
