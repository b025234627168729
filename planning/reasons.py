"""Why a solve ended as it did, as data: the solver returns it, :mod:`planning.wording` words it.

The solver never writes sentences (``tests/test_layers.py`` forbids it to import the wording): it
says what happened with a kind and the figures that matter (teams, minutes, limits, dates), and
every reader — summary.json, the terminal, the app, Excel, PDF, national.csv — gets the same words
from :mod:`planning.wording`, in the language it needs.

A result read back from an earlier summary.json (``python -m planning export``) has only the words
written then: its reasons are :class:`RecordedReason`.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum


class StatusKind(StrEnum):
    """Why the solve's status is what it is."""

    #: The plan collects the whole collectable backlog by the deadline.
    ALL_COLLECTED = "all_collected"
    #: Proven: no plan collects more with these resources (less than the backlog).
    MOST_POSSIBLE = "most_possible"
    #: The time limit came first: the best plan found, with the proven bound.
    TIME_LIMIT = "time_limit"
    #: No working team-day can serve any commune.
    NO_TEAM_DAY = "no_team_day"
    #: The scenario cannot be solved at all (see :attr:`StatusReason.flaws`).
    INVALID_SCENARIO = "invalid_scenario"


class FlawKind(StrEnum):
    """What makes a scenario impossible to solve."""

    NO_TEAM = "no_team"
    #: A pinned visit names a team or commune the scenario does not have.
    PINNED_UNKNOWN = "pinned_unknown"
    #: A pinned visit lies outside the planning window.
    PINNED_OUTSIDE_WINDOW = "pinned_outside_window"
    #: Pinned visits take more than the commune's collectable backlog.
    PINNED_OVER_BACKLOG = "pinned_over_backlog"
    #: Pinned visits take more than the venue's cap on a date.
    PINNED_OVER_CAP = "pinned_over_cap"
    #: A commune with backlog has no venue point.
    NO_VENUE = "no_venue"


@dataclass(frozen=True)
class ScenarioFlaw:
    """One reason a scenario cannot be solved, with the team, commune and date it concerns."""

    kind: FlawKind
    team: str = ""
    commune: str = ""
    date: dt.date | None = None


@dataclass(frozen=True)
class StatusReason:
    """Why the solve ended with its status, with the figures that say it.

    ``collected``: applications the plan takes by the deadline; ``valid_bound``: the valid upper
    bound; ``model_bound``: CP-SAT's bound within the candidate routes (``None`` when not
    comparable); ``stages_stopped``: the secondary stages (names, see
    :func:`planning.solver.objective.stages_of`) the time limit stopped; ``flaws``: why an invalid
    scenario cannot be solved; ``backlog``: the collectable backlog (0 = not known), so that a
    bound equal to it is said to prove nothing.
    """

    kind: StatusKind
    collected: int = 0
    valid_bound: int = 0
    model_bound: int | None = None
    stages_stopped: tuple[str, ...] = ()
    flaws: tuple[ScenarioFlaw, ...] = ()
    backlog: int = 0

    @property
    def bound_proves_nothing(self) -> bool:
        """True when the plan misses and the only bound is the backlog itself: it proves no
        miss (a better plan may take up to the whole backlog)."""
        return 0 < self.backlog <= self.valid_bound and self.collected < self.backlog


class UnreachableKind(StrEnum):
    """Why no team can serve a commune on any working day."""

    #: The nearest team's round trip plus setup leaves no time in its shift.
    TOO_FAR = "too_far"
    #: The commune is not open on any working day of the teams that can reach it.
    CLOSED = "closed"


@dataclass(frozen=True)
class Unreachable:
    """Why a commune with backlog cannot be served at all.

    :attr:`UnreachableKind.TOO_FAR`: the nearest ``team``'s round trip ``trip_min``, its
    ``setup_min`` and ``shift_min``, whether overnight stays are allowed.
    :attr:`UnreachableKind.CLOSED`: the ``earliest`` date the commune may be visited, the teams'
    ``last_working_day``, the commune's number of ``blackout_dates``.
    """

    kind: UnreachableKind
    team: str = ""
    trip_min: int = 0
    setup_min: int = 0
    shift_min: int = 0
    overnight_allowed: bool = False
    earliest: dt.date | None = None
    last_working_day: dt.date | None = None
    blackout_dates: int = 0


@dataclass(frozen=True)
class CapShortfall:
    """A venue's cap over the days the commune is open takes less than its backlog by the
    deadline (however many teams come)."""

    commune_name: str
    most_by_deadline: int
    intake_days: int
    backlog: int


@dataclass(frozen=True)
class RecordedReason:
    """A reason as an earlier summary.json wrote it, in both languages (a result read back from
    files has no figures behind its words)."""

    vi: str
    en: str


#: Why a commune is limited: a reason the solver found, or one read back from a file.
LimitReason = Unreachable | CapShortfall | RecordedReason
