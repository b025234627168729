"""Vietnam's public holidays for a planning window, lunar Tết included (``holidays`` package).

The package follows the Labour Code and the yearly government decisions (Tết days, compensatory
days off "nghỉ bù"), which hand-written rules would get wrong in some years.
"""

from __future__ import annotations

import datetime as dt

import holidays


def public_holidays(start: dt.date, end: dt.date, language: str = "vi") -> dict[dt.date, str]:
    """Public holidays of Vietnam between ``start`` and ``end`` inclusive, with their names."""
    years = list(range(start.year, end.year + 1))
    calendar = holidays.country_holidays("VN", years=years, language=language)
    return {day: str(name) for day, name in sorted(calendar.items()) if start <= day <= end}
