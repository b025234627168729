"""The weekly review (báo cáo kết quả tuần): per commune, where it stands this week.

Communes report every Monday and commune chairs answer weekly for their figures, so the review
covers a week ending on a given date: per commune the citizens of age, issued (office figure plus
what the teams took since), collected this week, collected since the plan start, % issued,
remaining collectable backlog, and next week's schedule from the current plan.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass

from planning.domain import Plan, Scenario, Visit


@dataclass(frozen=True)
class WeeklyRow:
    """One commune's line in the weekly review."""

    code: str
    name: str
    of_age: int | None
    issued: int | None
    collected_week: int
    collected_total: int
    pct_issued: float | None
    remaining: int
    next_week: tuple[tuple[dt.date, str, int], ...]  # (date, team, expected applications)
    estimated: bool


@dataclass(frozen=True)
class WeeklyReview:
    """The review of the week ``week_start`` .. ``week_end``."""

    scenario_name: str
    week_start: dt.date
    week_end: dt.date
    deadline: dt.date
    rows: tuple[WeeklyRow, ...]

    @property
    def collected_week(self) -> int:
        """Applications taken during the week, all communes."""
        return sum(r.collected_week for r in self.rows)

    @property
    def collected_total(self) -> int:
        """Applications taken since the plan start, all communes."""
        return sum(r.collected_total for r in self.rows)

    @property
    def remaining(self) -> int:
        """Collectable backlog still to take, all communes."""
        return sum(r.remaining for r in self.rows)


def week_bounds(week_end: dt.date) -> tuple[dt.date, dt.date]:
    """The seven days ending on ``week_end`` (inclusive)."""
    return week_end - dt.timedelta(days=6), week_end


def default_week_end(day: dt.date) -> dt.date:
    """The Sunday on or before ``day``: the last whole week (communes report on Mondays)."""
    return day - dt.timedelta(days=(day.weekday() + 1) % 7)


def weekly_review(
    scenario: Scenario, actuals: Sequence[Visit], plan: Plan | None, week_end: dt.date
) -> WeeklyReview:
    """Build the review of the week ending on ``week_end``; next week comes from ``plan``."""
    start, end = week_bounds(week_end)
    next_end = end + dt.timedelta(days=7)
    rows = []
    for c in scenario.communes:
        mine = [v for v in actuals if v.commune_code == c.code and v.date <= end]
        week = sum(v.applications for v in mine if v.date >= start)
        total = sum(v.applications for v in mine)
        issued = None if c.issued is None else c.issued + total
        pct = 100.0 * issued / c.of_age if issued is not None and c.of_age else None
        upcoming = tuple(
            sorted(
                (v.date, v.team_id, v.applications)
                for v in (plan.visits() if plan else [])
                if v.commune_code == c.code and end < v.date <= next_end
            )
        )
        rows.append(
            WeeklyRow(
                c.code,
                c.name,
                c.of_age,
                issued,
                week,
                total,
                pct,
                max(0, c.collectable_backlog - total),
                upcoming,
                bool(c.estimated_fields),
            )
        )
    return WeeklyReview(scenario.name, start, end, scenario.calendar.deadline, tuple(rows))
