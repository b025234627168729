"""The time limit as a contract: one clock for every phase of a solve.

``solve(..., time_limit_s=T)`` must return a valid plan within T seconds (plus the small, bounded
work of turning it into a result). Every phase — route enumeration, the greedy start, the bounds,
model building and each search stage — asks the clock how long it may run and checks it while it
runs; a phase that runs out is cut short and keeps what it has, a phase with no time left is
skipped. Each phase is recorded (:class:`~planning.results.PhaseRecord`) so that the result says
which were cut short or skipped.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from planning.results import PhaseOutcome, PhaseRecord

#: Seconds (and share of the limit) kept free at the end for extracting and summarising the plan.
FINISH_RESERVE_S, FINISH_RESERVE_SHARE = 0.5, 0.1


@dataclass
class Clock:
    """Seconds left before the limit, and the record of each phase."""

    limit_s: float
    stop_event: threading.Event | None = None
    started: float = field(default_factory=time.monotonic)
    phases: list[PhaseRecord] = field(default_factory=list)

    @property
    def end(self) -> float:
        """The monotonic time by which the search must have stopped."""
        reserve = min(FINISH_RESERVE_S, FINISH_RESERVE_SHARE * self.limit_s)
        return self.started + max(0.0, self.limit_s - reserve)

    def elapsed(self) -> float:
        """Seconds since the solve started."""
        return time.monotonic() - self.started

    def left(self) -> float:
        """Seconds left for work before the limit (0 when past it)."""
        return max(0.0, self.end - time.monotonic())

    def stopped(self) -> bool:
        """True when the limit is reached or the planner pressed stop."""
        if self.stop_event is not None and self.stop_event.is_set():
            return True
        return time.monotonic() >= self.end

    def share(self, fraction: float, at_most: float | None = None) -> float:
        """Seconds a phase may use: ``fraction`` of what is left, at most ``at_most``."""
        seconds = self.left() * fraction
        return seconds if at_most is None else min(seconds, at_most)

    def deadline_after(self, seconds: float) -> float:
        """The monotonic time ``seconds`` from now, never past the clock's end."""
        return min(self.end, time.monotonic() + seconds)

    def skip(self, name: str, detail: str = "") -> None:
        """Record a phase that was not run."""
        self.phases.append(PhaseRecord(name, PhaseOutcome.SKIPPED, 0.0, detail))

    @contextmanager
    def phase(self, name: str) -> Iterator[PhaseTimer]:
        """Time a phase; it reports ``timer.cut_short()`` when it stopped early."""
        timer = PhaseTimer()
        begun = time.monotonic()
        try:
            yield timer
        finally:
            outcome = PhaseOutcome.CUT_SHORT if timer.was_cut else PhaseOutcome.DONE
            self.phases.append(PhaseRecord(name, outcome, time.monotonic() - begun, timer.detail))


@dataclass
class PhaseTimer:
    """What a running phase tells its clock about how it ended."""

    was_cut: bool = False
    detail: str = ""

    def cut_short(self, detail: str = "") -> None:
        """The phase stopped before its end (time limit or stop button)."""
        self.was_cut = True
        if detail:
            self.detail = detail
