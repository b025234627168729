"""Where the campaign stands: remaining backlog, planned against actual, and the burn-down.

Remaining backlog of a commune = its collectable backlog − what was actually taken there. The
burn-down gives, for each date, the backlog left at the end of that day: as first planned, as
actually happened (up to today), and as re-planned from today.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planning.domain import Plan, Scenario, Visit


@dataclass(frozen=True)
class CommuneStanding:
    """One commune's position: planned and actual so far, and what is left."""

    code: str
    name: str
    collectable_backlog: int
    planned_to_date: int
    actual_to_date: int
    remaining: int

    @property
    def behind_plan(self) -> int:
        """Applications behind the plan so far (negative when ahead)."""
        return self.planned_to_date - self.actual_to_date


def _sum_by(visits: Sequence[Visit], until: dt.date | None = None) -> dict[str, int]:
    totals: dict[str, int] = {}
    for v in visits:
        if until is None or v.date <= until:
            totals[v.commune_code] = totals.get(v.commune_code, 0) + v.applications
    return totals


def standing(
    scenario: Scenario, plan: Plan | None, actuals: Sequence[Visit], today: dt.date
) -> list[CommuneStanding]:
    """Per commune: planned and actual up to ``today`` and the remaining backlog."""
    planned = _sum_by(plan.visits(), today) if plan is not None else {}
    actual = _sum_by(actuals, today)
    return [
        CommuneStanding(
            c.code,
            c.name,
            c.collectable_backlog,
            planned.get(c.code, 0),
            actual.get(c.code, 0),
            max(0, c.collectable_backlog - actual.get(c.code, 0)),
        )
        for c in scenario.communes
    ]


def daily_totals(visits: Sequence[Visit]) -> dict[dt.date, int]:
    """Applications per date."""
    totals: dict[dt.date, int] = {}
    for v in visits:
        totals[v.date] = totals.get(v.date, 0) + v.applications
    return totals


def remaining_series(
    start_backlog: int, visits: Sequence[Visit], first: dt.date, last: dt.date
) -> list[tuple[dt.date, int]]:
    """Backlog left at the end of each date from ``first`` to ``last``."""
    per_day = daily_totals(visits)
    left = start_backlog - sum(n for d, n in per_day.items() if d < first)
    series = []
    day = first
    while day <= last:
        left -= per_day.get(day, 0)
        series.append((day, max(0, left)))
        day += dt.timedelta(days=1)
    return series


@dataclass(frozen=True)
class BurnDown:
    """Remaining backlog over time: planned, actual and re-planned forecast."""

    deadline: dt.date
    planned: list[tuple[dt.date, int]]
    actual: list[tuple[dt.date, int]]
    forecast: list[tuple[dt.date, int]]


def burn_down(
    scenario: Scenario,
    previous: Plan | None,
    actuals: Sequence[Visit],
    replanned: Plan | None,
    today: dt.date,
) -> BurnDown:
    """The three curves of the burn-down chart, over the planning window."""
    total = scenario.collectable_backlog
    start, deadline = scenario.calendar.start, scenario.calendar.deadline
    last = max(deadline, *(v.date for v in replanned.visits()), deadline) if replanned else deadline
    planned = remaining_series(total, previous.visits(), start, last) if previous else []
    actual = remaining_series(total, actuals, start, min(today, last))
    forecast: list[tuple[dt.date, int]] = []
    if replanned is not None:
        taken = sum(v.applications for v in actuals if v.date < today)
        future = [v for v in replanned.visits() if v.date >= today]
        forecast = remaining_series(total - taken, future, today, last)
    return BurnDown(deadline, planned, actual, forecast)


def projected_shortfall(
    scenario: Scenario, plan: Plan | None, actuals: Sequence[Visit], today: dt.date
) -> int:
    """Applications still missing at the deadline if ``plan`` runs as is after ``today``.

    Per commune: collectable backlog − actuals up to ``today`` − planned visits after ``today``
    (up to the deadline), never below zero.
    """
    deadline = scenario.calendar.deadline
    actual = _sum_by(actuals, today)
    ahead: dict[str, int] = {}
    for v in plan.visits() if plan is not None else []:
        if today < v.date <= deadline:
            ahead[v.commune_code] = ahead.get(v.commune_code, 0) + v.applications
    return sum(
        max(0, c.collectable_backlog - actual.get(c.code, 0) - ahead.get(c.code, 0))
        for c in scenario.communes
    )
