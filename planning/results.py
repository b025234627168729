"""Options and results of a solve: plain frozen dataclasses, no OR-Tools objects inside.

Reports, the CLI and the app read these without loading OR-Tools. The vocabularies (status,
verdict, bound kind) are :class:`~enum.StrEnum`: each member *is* its string value, so summary.json,
f-strings and comparisons with plain strings see exactly the words they always did.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

from planning.domain import Plan
from planning.frozen_map import frozen_map
from planning.reasons import LimitReason, RecordedReason, StatusKind, StatusReason, Unreachable


class SolveStatus(StrEnum):
    """How a solve ended (``solver_status`` in summary.json)."""

    #: The plan collects the most any plan can (proven by the plan, the bound or CP-SAT).
    OPTIMAL = "optimal"
    #: A valid plan, not proven best within the time limit.
    FEASIBLE = "feasible"
    #: No working team-day can serve any commune with backlog.
    NO_PLAN = "no_plan"
    #: The scenario cannot be solved at all (see ``status_reason``).
    INVALID = "invalid"


#: The statuses under their short names.
OPTIMAL, FEASIBLE, NO_PLAN, INVALID = (
    SolveStatus.OPTIMAL,
    SolveStatus.FEASIBLE,
    SolveStatus.NO_PLAN,
    SolveStatus.INVALID,
)


class StageStatus(StrEnum):
    """How CP-SAT ended one lexicographic stage."""

    OPTIMAL = "optimal"
    FEASIBLE = "feasible"
    INFEASIBLE = "infeasible"
    UNKNOWN = "unknown"
    MODEL_INVALID = "model_invalid"


class Verdict(StrEnum):
    """Whether the plan collects the whole collectable backlog by the deadline."""

    MEETS = "meets"
    MISSES = "misses"


class BoundKind(StrEnum):
    """Which valid bound ``upper_bound_by_deadline`` is (see :mod:`planning.solver.bounds`)."""

    #: Max-flow over team-days, commune-days and communes, with least driving and one setup.
    CAPACITY_TRAVEL = "capacity_travel"
    #: LP over the sets of communes a day may serve (districts).
    LP_ROUTES = "lp_routes"
    #: LP over days grouped by their farthest stop, identical team-days aggregated (provinces).
    LP_RADIUS = "lp_radius"
    #: LP over chains of days joined by nights away, and visits (overnight stays allowed).
    LP_CHAINS = "lp_chains"
    #: The collectable backlog itself (every other bound was larger).
    BACKLOG = "backlog"
    #: No bound computed (invalid scenario: the backlog is reported).
    NONE = "none"


class PhaseOutcome(StrEnum):
    """How one phase of a solve ended against the time limit."""

    #: Ran to its end.
    DONE = "done"
    #: Stopped early by the time limit (or the stop button); what it had so far is used.
    CUT_SHORT = "cut_short"
    #: Not run: no time was left for it, or it was not needed.
    SKIPPED = "skipped"


@dataclass(frozen=True)
class PhaseRecord:
    """One phase of a solve (routes, start, bound, search...) and the wall seconds it used."""

    name: str
    outcome: PhaseOutcome
    seconds: float
    detail: str = ""


@dataclass(frozen=True)
class ProgressInfo:
    """What the progress callback receives on each improving solution (and at each stage end)."""

    stage: str
    elapsed_s: float
    objective: float
    bound: float
    collected: int


@dataclass(frozen=True)
class SolverOptions:
    """How long and how to solve.

    ``stages`` limits the lexicographic stages run (1 = volume only, used by the what-if
    sub-solves); ``stop_event`` lets a UI stop the search and still receive the best plan.
    """

    time_limit_s: float = 10
    seed: int = 0
    workers: int = 2
    progress: Callable[[ProgressInfo], None] | None = None
    stop_event: threading.Event | None = None
    stages: int = 4


@dataclass(frozen=True)
class StageOutcome:
    """How one lexicographic stage ended."""

    name: str
    status: StageStatus
    value: float
    bound: float
    seconds: float


class VolumeEnd(StrEnum):
    """How the volume stage (most applications) ended: what decided the time of the later
    stages (see :mod:`planning.solver.time_rule`)."""

    #: The plan takes every collectable application: nothing more to collect.
    MET = "met"
    #: Proven the most possible (by the valid bound, or CP-SAT on the whole model).
    PROVEN = "proven"
    #: No gain for a while: the time left went to the later stages.
    STALLED = "stalled"
    #: Still improving when the time ran out: the later stages got no time.
    TIME_LIMIT = "time_limit"
    #: The usual shares of the time limit (the plan met the deadline from the start, or only
    #: the volume stage was asked for).
    SHARE = "share"


@dataclass(frozen=True)
class TimeUse:
    """How a solve spent its time between the volume stage and the later ones."""

    #: True when the plan missed the deadline when the search began: volume could use all the
    #: time, the later stages only what it no longer used.
    volume_first: bool
    volume_end: VolumeEnd
    #: Wall seconds of the volume stage and of all later stages together.
    volume_s: float
    later_s: float


@dataclass(frozen=True)
class SolveResult:
    """The outcome of :func:`planning.solver.solve`.

    ``upper_bound_by_deadline`` is valid for every plan (see ``bound_kind``); ``model_bound`` is
    CP-SAT's proven bound on collected applications within the candidate routes (``None`` when
    priorities differ, because the solver bounds the priority-weighted total instead).
    ``finish_date`` is the date of the last planned application when the whole collectable backlog
    is planned by the deadline, else ``None``.
    """

    status: SolveStatus
    status_reason: StatusReason | RecordedReason
    plan: Plan
    collected_by_deadline: int
    collectable_backlog: int
    remaining_by_deadline: int
    remaining_by_commune: Mapping[str, int]
    upper_bound_by_deadline: int
    bound_kind: BoundKind
    verdict: Verdict
    finish_date: dt.date | None
    solve_seconds: float
    gap: float
    model_bound: int | None = None
    stages: tuple[StageOutcome, ...] = ()
    travel_min: int = 0
    time_limited: bool = False
    #: Every phase of the solve, in order, with how it ended against the time limit.
    phases: tuple[PhaseRecord, ...] = ()
    #: Communes with backlog that no team can reach on any working day, with the reason
    #: (commune code → why; :func:`planning.wording.unreachable_text` words it).
    unreachable: Mapping[str, Unreachable | RecordedReason] = field(default_factory=dict)
    #: How the time went to the stages (``None`` when no search ran).
    time_use: TimeUse | None = None

    def __post_init__(self) -> None:
        # Read-only and picklable: results come back from the workers of a sweep.
        object.__setattr__(self, "remaining_by_commune", frozen_map(self.remaining_by_commune))
        object.__setattr__(self, "unreachable", frozen_map(self.unreachable))

    @property
    def meets(self) -> bool:
        """True when the whole collectable backlog is planned by the deadline."""
        return self.verdict == Verdict.MEETS

    @property
    def bound_proves_nothing(self) -> bool:
        """True when the plan misses and the valid bound is the backlog itself: no miss is
        proven (every reader says so: :mod:`planning.wording`)."""
        return not self.meets and self.upper_bound_by_deadline >= self.collectable_backlog


def status_reason_of(
    status: str,
    collected: int,
    backlog: int,
    valid_bound: int,
    model_bound: int | None,
    stages: Sequence[tuple[str, str]],
) -> StatusReason:
    """Why a solve with these figures ended with ``status``: the one rule, used by the solver
    and when a result is read back from summary.json. ``stages``: (name, status) of each
    lexicographic stage in order; the secondary ones not optimal were stopped by the time limit.
    """
    stopped = tuple(name for name, stage_status in stages[1:] if stage_status != "optimal")
    if status == SolveStatus.NO_PLAN:
        kind = StatusKind.NO_TEAM_DAY
    elif status == SolveStatus.OPTIMAL:
        kind = StatusKind.ALL_COLLECTED if collected >= backlog else StatusKind.MOST_POSSIBLE
    else:
        kind = StatusKind.TIME_LIMIT
    return StatusReason(kind, collected, valid_bound, model_bound, stopped, backlog=backlog)


@dataclass(frozen=True)
class SubSolve:
    """One sub-solve of the what-if analysis."""

    label: str
    collected: int
    backlog: int
    meets: bool
    proven: bool
    seconds: float
    #: True when no plan was made: the capacity bound alone proved the miss, and ``collected``
    #: is that bound (an upper limit), not what a plan collects.
    by_bound: bool = False


class LimitKind(StrEnum):
    """Why no number of teams meets the deadline at a commune."""

    #: The venue's cap per day over the days it is open is below its backlog.
    VENUE_CAP = "venue_cap"
    #: No team can serve it on any working day (too far, or never open).
    UNREACHABLE = "unreachable"


@dataclass(frozen=True)
class BindingLimit:
    """A limit no number of teams lifts, and what would lift it.

    ``most_by_deadline`` is the most any plan can take at the commune by the deadline; lifting
    the limit means a cap of ``cap_needed_per_day`` a day or a deadline of ``deadline_needed``
    (``None`` when that does not help, e.g. an unreachable commune).
    """

    commune_code: str
    commune_name: str
    kind: LimitKind
    backlog: int
    most_by_deadline: int
    cap_needed_per_day: int | None
    deadline_needed: dt.date | None
    #: Why (:func:`planning.wording.limit_reason_text` words it).
    reason: LimitReason


class LiftKind(StrEnum):
    """A change that makes unreachable communes reachable (:mod:`planning.solver.lifts`)."""

    #: Allow overnight stays (at communes a day trip or more from the team's base).
    OVERNIGHT = "overnight"
    #: One more team (or a few) based at a commune's venue near the unreachable communes.
    BASE = "base"


@dataclass(frozen=True)
class Lift:
    """What would lift "unreachable": the change, which unreachable communes it makes
    reachable (and which stay so), and the plan made with it — collected by the deadline out of
    the backlog, whether that meets it, and whether that figure is proven the most possible."""

    kind: LiftKind
    lifted: tuple[str, ...]
    still_unreachable: tuple[str, ...]
    collected: int | None
    backlog: int
    meets: bool = False
    proven: bool = False
    #: For :attr:`LiftKind.BASE`: the communes whose venues the added teams are based at.
    base_codes: tuple[str, ...] = ()
    base_names: tuple[str, ...] = ()
    #: For :attr:`LiftKind.OVERNIGHT`: the one-way minutes from which a team may stay.
    overnight_min_one_way_min: int | None = None


#: Most teams the fewest-teams search tries unless told otherwise.
DEFAULT_MAX_TEAMS = 30


class Answer(StrEnum):
    """The answers :func:`planning.solver.what_it_takes` can be asked for."""

    #: Fewest teams (extra teams where the backlog per team is largest) that meet the deadline.
    TEAMS = "teams"
    #: Earliest deadline the scenario's own teams meet.
    FINISH = "finish"
    #: What working (or not working) weekends changes.
    WEEKENDS = "weekends"
    #: Applications one extra team-day buys.
    MARGINAL = "marginal"


ALL_ANSWERS = frozenset(Answer)


@dataclass(frozen=True)
class WhatItTakes:
    """The outcome of :func:`planning.solver.what_it_takes`.

    Answers, each with whether it is proven. An answer that is ``None`` (or a figure that is
    ``None``) was not found within the analysis's own time budget (``time_limited``); when
    ``limits`` is not empty no number of teams meets the deadline — proven by those limits,
    which say what would lift them.

    The fewest teams and the earliest finish are **intervals**: at least ``min_teams_low``
    teams (every smaller count is proven to miss by a valid bound or the capacity), and a plan
    meets with ``min_teams_high``; the answer is proven when both are equal.
    ``min_teams_for_deadline`` is the high end (what a plan achieves). The same for the
    earliest finish with the teams given: no plan can finish before ``earliest_finish_low``, a
    plan finishes by ``earliest_finish_high`` (= ``earliest_finish_current_teams``).
    """

    min_teams_for_deadline: int | None
    min_teams_proven: bool
    earliest_finish_current_teams: dt.date | None
    earliest_finish_proven: bool
    weekends_variant: str
    weekends_collected: int | None
    weekends_delta: int | None
    weekends_meets: bool | None
    weekends_proven: bool
    apps_per_extra_team_day: float | None
    marginal_proven: bool
    sub_solves: tuple[SubSolve, ...]
    seconds: float
    limits: tuple[BindingLimit, ...] = ()
    time_limited: bool = False
    budget_s: float = 0.0
    #: Most teams the fewest-teams search tried.
    max_teams: int = DEFAULT_MAX_TEAMS
    #: The solve that met the deadline with ``min_teams_for_deadline`` teams (copies of the
    #: first), when it was made in this analysis; not stored in summary.json.
    fewest_teams_plan: SolveResult | None = None
    #: When communes are unreachable: what would make them reachable, with the figure a plan
    #: reaches with it (:mod:`planning.solver.lifts`).
    lifts: tuple[Lift, ...] = ()
    #: The proven low end of the fewest teams (``None`` when not looked for).
    min_teams_low: int | None = None
    #: Communes the fewest teams leave out: every limit is an unreachable commune, so the
    #: fewest teams (``min_teams_low`` – ``min_teams_for_deadline``) are those that meet the
    #: deadline at all the other communes (empty: the fewest teams are for every commune).
    min_teams_leaves_out: tuple[str, ...] = ()
    #: The proven low end of the earliest finish (``None`` when not looked for).
    earliest_finish_low: dt.date | None = None

    @property
    def min_teams_high(self) -> int | None:
        """The fewest teams a plan met the deadline with (the interval's high end)."""
        return self.min_teams_for_deadline

    @property
    def earliest_finish_high(self) -> dt.date | None:
        """The earliest deadline a plan met with the teams given (the interval's high end)."""
        return self.earliest_finish_current_teams
