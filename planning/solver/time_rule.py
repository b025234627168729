"""How the time limit is divided between the lexicographic stages (issue 17).

The planner values the applications collected first. So, **while the plan misses the deadline and
the volume stage is neither proven optimal nor stalled, the later stages (earliness, travel,
balance) get only the time volume no longer uses**: volume may use all the time left, and hands
over the rest as soon as it is proven, meets the deadline, or stalls. A plan that meets (every
collectable application planned) keeps the usual shares of the stages.

*Stalled* means no gain for a while: at least :data:`STALL_MIN_S` seconds and
:data:`STALL_SHARE` of the time the stage has run, over at least :data:`STALL_MIN_TRIES` tries
(neighbourhoods of the search; solutions are what CP-SAT reports) — a search that found nothing
in its last quarter is unlikely to find much in the next one, and the time buys earliness and
travel instead.

The result says how the time was spent (:class:`~planning.results.TimeUse`: the rule applied,
how volume ended, the seconds of volume and of the later stages; summary.json ``time_use``).
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from planning.results import PhaseRecord, TimeUse, VolumeEnd
from planning.solver.assignment import Assignment, assignment_collected
from planning.solver.instance import Instance

#: Least idle seconds, share of the stage's running time, and tries without a gain that make a
#: stall.
STALL_MIN_S, STALL_SHARE, STALL_MIN_TRIES = 2.0, 0.3, 8


def plan_misses(inst: Instance, assignment: Assignment) -> bool:
    """True while the plan leaves collectable applications unplanned (pinned ones aside)."""
    return assignment_collected(assignment) < sum(inst.backlog.values())


@dataclass
class StallWatch:
    """Whether a running stage has stalled (module docstring)."""

    started: float = field(default_factory=time.monotonic)
    last_gain: float = -1.0
    tries_since_gain: int = 0
    #: Set when the watch ended the stage.
    fired: bool = False

    def __post_init__(self) -> None:
        if self.last_gain < 0:
            self.last_gain = self.started

    def gained(self) -> None:
        """The stage just improved."""
        self.last_gain = time.monotonic()
        self.tries_since_gain = 0

    def tried(self) -> None:
        """One more try (neighbourhood, or solution report) without a gain."""
        self.tries_since_gain += 1

    def idle_s(self) -> float:
        """Seconds since the last gain (or the start)."""
        return time.monotonic() - self.last_gain

    def stalled(self, min_tries: int = STALL_MIN_TRIES) -> bool:
        """True when the stage has gone without a gain for long enough (module docstring)."""
        now = time.monotonic()
        window = max(STALL_MIN_S, STALL_SHARE * (now - self.started))
        return now - self.last_gain >= window and self.tries_since_gain >= min_tries


#: Phase names of the search stages: ``stage_<name>`` (whole model), ``lns_<name>`` (provinces).
STAGE_PHASE_PREFIXES = ("stage_", "lns_")


def time_use(volume_first: bool, volume_end: VolumeEnd, phases: list[PhaseRecord]) -> TimeUse:
    """The record of how the search stages used the time (wall seconds of their phases)."""
    volume_s = later_s = 0.0
    for phase in phases:
        prefix = next((p for p in STAGE_PHASE_PREFIXES if phase.name.startswith(p)), None)
        if prefix is None:
            continue
        if phase.name[len(prefix) :] == "volume":
            volume_s += phase.seconds
        else:
            later_s += phase.seconds
    return TimeUse(volume_first, volume_end, volume_s, later_s)
