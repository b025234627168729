"""What became of one variant of a sweep: solved (with its result), failed (with its error), or
cancelled by a stop before it finished. Plain data: the sweep engine makes these, the sweep files,
the sweep workbook and chart, and the Compare page read them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from planning.domain import Scenario
from planning.results import SolveResult
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
