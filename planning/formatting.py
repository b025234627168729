"""Numbers and dates as Vietnamese (59.041; 5,06%; 25/12/2022; Thứ Hai) or English readers expect.

Formatting goes through babel's CLDR data rather than hand-written separators, so the English
interface gets 59,041 and 12/25/2022-style output from the same calls.
"""

from __future__ import annotations

import datetime as dt
from functools import cache

from babel import Locale
from babel.dates import format_date
from babel.numbers import format_decimal

LOCALES = {"vi": "vi_VN", "en": "en_GB"}


@cache
def _locale(lang: str) -> Locale:
    """The babel locale of ``lang``, parsed once (parsing it on every call made a province map's
    thousands of numbers slow)."""
    return Locale.parse(LOCALES.get(lang, "vi_VN"))


def fmt_int(value: int | float | None, lang: str = "vi") -> str:
    """59041 → '59.041' (vi) or '59,041' (en); None → '—'."""
    if value is None:
        return "—"
    return format_decimal(round(value), format="#,##0", locale=_locale(lang))


def fmt_num(value: float | None, decimals: int = 1, lang: str = "vi") -> str:
    """A decimal number: 1.5 → '1,5' (vi)."""
    if value is None:
        return "—"
    pattern = "#,##0." + "0" * decimals if decimals else "#,##0"
    return format_decimal(value, format=pattern, locale=_locale(lang))


def fmt_pct(value: float | None, decimals: int = 2, lang: str = "vi") -> str:
    """A percentage given in percent units: 5.0612 → '5,06%' (vi)."""
    if value is None:
        return "—"
    return fmt_num(value, decimals, lang) + "%"


def fmt_date(day: dt.date | None, lang: str = "vi") -> str:
    """25/12/2022 in both languages (day first, as Vietnamese documents and British English)."""
    if day is None:
        return "—"
    return format_date(day, "dd/MM/yyyy", locale=_locale(lang))


def fmt_weekday(day: dt.date, lang: str = "vi") -> str:
    """'Thứ Hai' / 'Monday'."""
    return format_date(day, "EEEE", locale=_locale(lang))


def fmt_weekday_short(day: dt.date, lang: str = "vi") -> str:
    """'T2' … 'CN' / 'Mon' … 'Sun' (for crowded column heads)."""
    return format_date(day, "EEEEEE" if lang == "vi" else "EEE", locale=_locale(lang))


def fmt_day_long(day: dt.date, lang: str = "vi") -> str:
    """'Thứ Hai, 26/12/2022'."""
    return f"{fmt_weekday(day, lang)}, {fmt_date(day, lang)}"


def fmt_hhmm(minutes: int) -> str:
    """Minutes after midnight → 'HH:MM'."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


#: First characters that make a spreadsheet (Excel, LibreOffice) read a cell as a formula.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(value: object) -> object:
    """A CSV cell that a spreadsheet shows as text, never runs (CSV injection).

    Text starting with ``= + - @`` (or a tab / carriage return) gets a leading apostrophe, as
    OWASP recommends; numbers and other texts are returned unchanged. Readers of our own CSV
    files undo it with :func:`from_spreadsheet_safe`.
    """
    if isinstance(value, str) and value.startswith(FORMULA_START):
        return "'" + value
    return value


def from_spreadsheet_safe(text: str) -> str:
    """Undo :func:`spreadsheet_safe` on a cell read back from one of our CSV files."""
    if text.startswith("'") and text[1:].startswith(FORMULA_START):
        return text[1:]
    return text
