"""What became of one variant of a sweep, or one province of the national what-if: done (with its
result), failed (with its error), or cancelled by a stop before it finished. Plain data: the
engine makes these; the sweep and national files, workbooks, charts and maps, and the Compare page
read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from planning.domain import Scenario
from planning.results import SolveResult, WhatItTakes
from planning.variants import Variant, common_apps_per_hour, weekends_setting


class OutcomeState(StrEnum):
    """How a variant of a sweep ended (``solver_status`` of sweep.csv when it has no result)."""

    SOLVED = "solved"
    #: The solve raised an error (or its worker was lost more often than Dask allows).
    FAILED = "error"
    #: Stopped before it finished: nothing kept.
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class VariantOutcome:
    """One variant of a sweep and what became of it.

    ``scenario`` is the variant's scenario (the base with the variant applied); ``worker`` is the
    address of the Dask worker that solved it (``"local"`` for a solve in the calling process).
    """

    variant: Variant
    scenario: Scenario
    state: OutcomeState
    result: SolveResult | None = None
    error: str = ""
    worker: str = ""
    #: The error's traceback, for error.txt.
    detail: str = ""

    @property
    def solved(self) -> bool:
        """True when the variant has a result."""
        return self.state == OutcomeState.SOLVED and self.result is not None

    @property
    def teams(self) -> int:
        """Teams of the variant's scenario."""
        return len(self.scenario.teams)

    @property
    def weekends(self) -> str:
        """'on', 'off' or 'mixed' (see :func:`planning.variants.weekends_setting`)."""
        return weekends_setting(self.scenario)

    @property
    def deadline(self) -> dt.date:
        """The variant's (inclusive) deadline."""
        return self.scenario.calendar.deadline

    @property
    def apps_per_hour(self) -> float | None:
        """The teams' common rate, ``None`` when they differ."""
        return common_apps_per_hour(self.scenario)


class NationalAnswer(StrEnum):
    """What the national what-if found for a province (``status`` of national.csv)."""

    #: The fewest teams that meet the deadline (proven or not: ``min_teams_proven``).
    FOUND = "found"
    #: No number of teams meets the deadline: limits no team lifts (proven by them).
    LIMITS = "limits"
    #: Even the most teams tried (``--teams-max``) miss the deadline.
    OVER_CAP = "over_cap"
    #: Not found within the province's time budget.
    TIME_LIMITED = "time_limited"
    #: The analysis raised an error (or its worker was lost more often than Dask allows).
    ERROR = "error"
    #: Stopped before it finished.
    CANCELLED = "cancelled"


@dataclass(frozen=True)
class ProvinceOutcome:
    """One province of the national what-if and what became of it.

    ``what`` is the province's what-if analysis (fewest teams; earliest finish when its teams
    were given); ``worker`` the Dask worker that ran it; ``seconds`` its wall time there.
    """

    code: str
    name: str
    communes: int
    backlog: int
    teams_given: int | None
    state: OutcomeState
    what: WhatItTakes | None = None
    error: str = ""
    worker: str = ""
    seconds: float = 0.0
    #: The error's traceback.
    detail: str = ""

    @property
    def answer(self) -> NationalAnswer:
        """What was found (see :class:`NationalAnswer`)."""
        if self.state == OutcomeState.CANCELLED:
            return NationalAnswer.CANCELLED
        what = self.what
        if self.state == OutcomeState.FAILED or what is None:
            return NationalAnswer.ERROR
        if what.limits and not what.min_teams_leaves_out:
            return NationalAnswer.LIMITS
        if what.min_teams_for_deadline is not None:
            return NationalAnswer.FOUND
        return NationalAnswer.TIME_LIMITED if what.time_limited else NationalAnswer.OVER_CAP
