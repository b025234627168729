"""Options and results of a solve and of the "what would it take" analysis.

Plain frozen dataclasses, no OR-Tools objects inside: readers, reports and the app use them
without importing the solver.
"""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field

from planning.domain import Plan

#: Statuses of a solve.
OPTIMAL, FEASIBLE, NO_PLAN, INVALID = "optimal", "feasible", "no_plan", "invalid"


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
    status: str
    value: float
    bound: float
    seconds: float


@dataclass(frozen=True)
class SolveResult:
    """The outcome of :func:`planning.solver.solve`.

    ``upper_bound_by_deadline`` is valid for every plan (see ``bound_kind``); ``model_bound`` is
    CP-SAT's proven bound on collected applications within the candidate routes (``None`` when
    priorities differ, because the solver bounds the priority-weighted total instead).
    ``finish_date`` is the date of the last planned application when the whole collectable backlog
    is planned by the deadline, else ``None``.
    """

    status: str
    status_reason: str
    plan: Plan
    collected_by_deadline: int
    collectable_backlog: int
    remaining_by_deadline: int
    remaining_by_commune: Mapping[str, int]
    upper_bound_by_deadline: int
    bound_kind: str
    verdict: str
    finish_date: dt.date | None
    solve_seconds: float
    gap: float
    model_bound: int | None = None
    stages: tuple[StageOutcome, ...] = ()
    travel_min: int = 0
    time_limited: bool = False
    notes: tuple[str, ...] = field(default_factory=tuple)

    @property
    def meets(self) -> bool:
        """True when the whole collectable backlog is planned by the deadline."""
        return self.verdict == "meets"


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


@dataclass(frozen=True)
class WhatItTakes:
    """Answers, each with whether it is proven or limited by the sub-solve time limit."""

    min_teams_for_deadline: int | None
    min_teams_proven: bool
    earliest_finish_current_teams: dt.date | None
    earliest_finish_proven: bool
    weekends_variant: str
    weekends_collected: int
    weekends_delta: int
    weekends_meets: bool
    weekends_proven: bool
    apps_per_extra_team_day: float
    marginal_proven: bool
    sub_solves: tuple[SubSolve, ...]
    seconds: float
