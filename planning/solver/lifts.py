"""What lifts "unreachable": changes that let teams reach communes no team can reach now, each
with the figure a plan reaches with it.

A commune is unreachable when no team's day — there and back, or out and back over a night
where overnight stays are allowed — leaves time to serve it
(:func:`~planning.solver.reachability.unreachable_communes`). No number of copied teams helps;
two changes do (:func:`propose_lifts`):

* **overnight stays** (when the scenario does not allow them): teams may sleep at communes at
  least the scenario's ``overnight_min_one_way_min`` from their base;
* **a base near them**: one more team, like the first, based at the venue of the commune nearest
  the unreachable ones (least Σ backlog × minutes); if some stay unreachable, a next base for
  those, up to :data:`MAX_BASES`.

Whether a change lifts a commune is decided as the solver decides it (the variant's routes);
the figure is the variant's plan, solved within the analysis's time (collected by the deadline,
whether that meets it and whether it is proven). Reasons only, no sentences:
:mod:`planning.wording` words them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from planning.domain import Scenario, Team
from planning.reasons import Unreachable, UnreachableKind
from planning.results import (
    BindingLimit,
    Lift,
    LiftKind,
    LimitKind,
    SolverOptions,
    SolveStatus,
)
from planning.solver.api import solve
from planning.solver.clock import Clock
from planning.solver.instance import build_instance
from planning.solver.reachability import unreachable_communes
from planning.solver.routes import all_team_routes

#: Most bases a "base near them" proposal adds.
MAX_BASES = 3
#: A lift's plan gets at most this many seconds (and a share of what the analysis has left).
LIFT_SOLVE_MAX_S = 20.0
#: A lift's plan is not started with less than this left: its figure is then not found.
LIFT_SOLVE_MIN_S = 1.0


def too_far(limits: Sequence[BindingLimit]) -> list[BindingLimit]:
    """The limits that are communes too far for any team (not those never open)."""
    return [
        lim
        for lim in limits
        if lim.kind == LimitKind.UNREACHABLE
        and isinstance(lim.reason, Unreachable)
        and lim.reason.kind == UnreachableKind.TOO_FAR
    ]


def still_unreachable(scenario: Scenario) -> dict[str, Unreachable]:
    """The scenario's communes no team can reach (as the solver's routes decide)."""
    inst = build_instance(scenario)
    return unreachable_communes(inst, all_team_routes(inst))


def with_overnight(scenario: Scenario) -> Scenario:
    """The scenario with overnight stays allowed (its own one-way threshold)."""
    return replace(scenario, rules=replace(scenario.rules, allow_overnight=True))


def with_base_at(scenario: Scenario, code: str, k: int) -> Scenario:
    """The scenario with one more team, like the first, based at commune ``code``'s venue."""
    commune = scenario.commune(code)
    assert commune.venue is not None
    first = scenario.teams[0]
    ids = {t.team_id for t in scenario.teams}
    team_id = f"{first.team_id}_tram{k + 1}"
    while team_id in ids:
        team_id += "x"
    team: Team = replace(
        first,
        team_id=team_id,
        name=f"Tổ đặt tại {commune.name}",
        base=commune.venue,
        base_commune=code,
        base_name=commune.name,
        notes={},
    )
    return replace(scenario, teams=(*scenario.teams, team))


def nearest_venue(scenario: Scenario, codes: Sequence[str]) -> str:
    """The commune whose venue is nearest the communes ``codes`` (least Σ backlog × minutes
    there and back; ties by code)."""
    inst = build_instance(scenario)
    weight = {c: max(1, inst.backlog.get(c, 0)) for c in codes}
    candidates = [c.code for c in scenario.communes if c.venue is not None]
    return min(
        candidates,
        key=lambda x: (
            sum(weight[c] * (inst.travel(x, c) + inst.travel(c, x)) for c in codes),
            x,
        ),
    )


def _figure(
    kind: LiftKind,
    variant: Scenario,
    unreachable: Sequence[str],
    options: SolverOptions,
    clock: Clock,
    share: float,
) -> Lift:
    """The lift with the variant's plan (solved within ``share`` of the time left), or its
    reachability alone when no time is left for a plan."""
    seconds = min(LIFT_SOLVE_MAX_S, clock.left() * share)
    backlog = variant.collectable_backlog
    if seconds < LIFT_SOLVE_MIN_S or clock.stopped():
        left = still_unreachable(variant)
        lifted = tuple(c for c in unreachable if c not in left)
        still = tuple(c for c in unreachable if c in left)
        return Lift(kind, lifted, still, None, backlog)
    result = solve(variant, replace(options, time_limit_s=seconds, stages=1, progress=None))
    lifted = tuple(c for c in unreachable if c not in result.unreachable)
    still = tuple(c for c in unreachable if c in result.unreachable)
    proven = result.meets or result.status == SolveStatus.OPTIMAL
    return Lift(
        kind,
        lifted,
        still,
        result.collected_by_deadline,
        backlog,
        result.meets,
        proven,
    )


def propose_lifts(
    scenario: Scenario, limits: Sequence[BindingLimit], options: SolverOptions, clock: Clock
) -> tuple[Lift, ...]:
    """What would make the unreachable communes of ``limits`` reachable (module docstring),
    each with its plan's figure; none when no commune is too far for every team."""
    far = [lim.commune_code for lim in too_far(limits)]
    if not far or not scenario.teams:
        return ()
    lifts: list[Lift] = []
    if not scenario.rules.allow_overnight:
        lift = _figure(LiftKind.OVERNIGHT, with_overnight(scenario), far, options, clock, 0.25)
        minutes = scenario.rules.overnight_min_one_way_min
        lifts.append(replace(lift, overnight_min_one_way_min=minutes))
    variant, left = scenario, list(far)
    bases: list[str] = []
    while left and len(bases) < MAX_BASES and not clock.stopped():
        code = nearest_venue(variant, left)
        if code in bases:
            break
        variant = with_base_at(variant, code, len(bases))
        bases.append(code)
        remaining = still_unreachable(variant)
        left = [c for c in far if c in remaining]
    if bases:
        names = tuple(scenario.commune(c).name for c in bases)
        lift = _figure(LiftKind.BASE, variant, far, options, clock, 0.33)
        lifts.append(replace(lift, base_codes=tuple(bases), base_names=names))
    return tuple(lifts)
