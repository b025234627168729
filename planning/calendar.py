"""The planning calendar: Vietnam's public holidays for a window, and the one way a
:class:`~planning.domain.Calendar` is built from its settings.

Public holidays come from the ``holidays`` package (lunar Tết included). The package follows the
Labour Code and the yearly government decisions (Tết days, compensatory days off "nghỉ bù"),
which hand-written rules would get wrong in some years.

The scenario loader, the app's calendar settings and the deadline variants all build their
calendar here, so "which days nobody works" has one definition.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import replace

import holidays

from planning.domain import Calendar
from planning.errors import InputError, error


def public_holidays(start: dt.date, end: dt.date, language: str = "vi") -> dict[dt.date, str]:
    """Public holidays of Vietnam between ``start`` and ``end`` inclusive, with their names."""
    years = list(range(start.year, end.year + 1))
    calendar = holidays.country_holidays("VN", years=years, language=language)
    return {day: str(name) for day, name in sorted(calendar.items()) if start <= day <= end}


def days_off_for_everyone(
    start: dt.date,
    end: dt.date,
    observe_public_holidays: bool,
    extra_holidays: Mapping[dt.date, str],
) -> dict[dt.date, str]:
    """The days nobody works: public holidays from ``start`` to ``end`` (when observed) plus every
    extra day off the user added (a user's name for a day wins over the public one)."""
    days = public_holidays(start, end) if observe_public_holidays else {}
    return {**days, **extra_holidays}


def build_calendar(
    start: dt.date,
    deadline: dt.date,
    *,
    observe_public_holidays: bool = True,
    extra_holidays: Mapping[dt.date, str] | None = None,
    invitation_lead_days: int = 2,
    notes: Mapping[str, str] | None = None,
) -> Calendar:
    """The calendar of a planning window, its holidays computed; raises :class:`InputError`
    when the deadline is before the start."""
    if deadline < start:
        raise InputError(
            [
                error(
                    "hạn chót trước ngày bắt đầu",
                    "the deadline is before the start",
                    field="calendar.deadline",
                    fix_vi="đặt hạn chót bằng hoặc sau ngày bắt đầu",
                    fix_en="set the deadline on or after the start",
                )
            ]
        )
    extra = dict(extra_holidays or {})
    return Calendar(
        start=start,
        deadline=deadline,
        holidays=days_off_for_everyone(start, deadline, observe_public_holidays, extra),
        observe_public_holidays=observe_public_holidays,
        extra_holidays=extra,
        invitation_lead_days=invitation_lead_days,
        notes=dict(notes or {}),
    )


def with_deadline(calendar: Calendar, deadline: dt.date) -> Calendar:
    """The calendar with another (inclusive) deadline.

    The holidays already known are kept as they are (a hand-made calendar keeps its own days);
    a later deadline adds the days off for everyone of the added dates.
    """
    holidays_now = dict(calendar.holidays)
    if deadline > calendar.deadline:
        later = {d: n for d, n in calendar.extra_holidays.items() if d > calendar.deadline}
        first_added = calendar.deadline + dt.timedelta(days=1)
        holidays_now.update(
            days_off_for_everyone(first_added, deadline, calendar.observe_public_holidays, later)
        )
    return replace(calendar, deadline=deadline, holidays=holidays_now)
