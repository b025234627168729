"""The one home of the planning calendar: planning.calendar.build_calendar / with_deadline."""

from __future__ import annotations

import datetime as dt

import pytest

from planning.calendar import build_calendar, public_holidays, with_deadline
from planning.domain import Calendar
from planning.errors import InputError

START, DEADLINE = dt.date(2023, 1, 2), dt.date(2023, 2, 28)
MEETING = {dt.date(2023, 1, 10): "Họp"}


def test_public_holidays_include_tet() -> None:
    days = public_holidays(START, DEADLINE)
    assert dt.date(2023, 1, 22) in days  # Tết Quý Mão, mùng 1


def test_build_calendar_adds_public_and_extra_days_off() -> None:
    cal = build_calendar(START, DEADLINE, extra_holidays=MEETING, invitation_lead_days=3)
    assert set(cal.holidays) == set(public_holidays(START, DEADLINE)) | set(MEETING)
    assert cal.extra_holidays == MEETING and cal.invitation_lead_days == 3
    assert not cal.is_holiday(dt.date(2023, 1, 9))


def test_build_calendar_without_public_holidays_keeps_the_extra_days() -> None:
    cal = build_calendar(START, DEADLINE, observe_public_holidays=False, extra_holidays=MEETING)
    assert dict(cal.holidays) == MEETING and not cal.observe_public_holidays


def test_build_calendar_refuses_a_deadline_before_the_start() -> None:
    with pytest.raises(InputError) as caught:
        build_calendar(DEADLINE, START)
    assert caught.value.problems[0].field == "calendar.deadline"
    assert "hạn chót trước ngày bắt đầu" in caught.value.problems[0].vi


def test_a_later_deadline_adds_the_new_days_off_and_keeps_known_ones() -> None:
    short = build_calendar(START, dt.date(2023, 1, 15), extra_holidays={dt.date(2023, 2, 1): "X"})
    longer = with_deadline(short, DEADLINE)
    assert (
        longer.holidays
        == build_calendar(START, DEADLINE, extra_holidays={dt.date(2023, 2, 1): "X"}).holidays
    )
    # A hand-made calendar keeps its own days off.
    own = Calendar(START, dt.date(2023, 1, 15), holidays={dt.date(2023, 1, 5): "Lễ"})
    assert with_deadline(own, DEADLINE).is_holiday(dt.date(2023, 1, 5))
    assert with_deadline(own, dt.date(2023, 1, 10)).deadline == dt.date(2023, 1, 10)
