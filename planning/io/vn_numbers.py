"""Numbers as Vietnamese offices write them: 59.041 and 59 041 (thousands), 5,06 (decimal), 5,06%,
"-" for none; read from table cells and written back the same way.

Used by the backlog-table reader (:mod:`planning.io.table`) and the actuals import
(:mod:`planning.campaign.actuals`); display formatting for the interface is
:mod:`planning.formatting` (babel).
"""

from __future__ import annotations

import re
from decimal import Decimal
from typing import Literal

from planning.domain import MAX_HEAD_COUNT

#: A spreadsheet or text cell as read: text, a number, or empty.
Cell = str | int | float | None
_DASHES = ("-", "–", "—", "−")


class NumberFormatError(ValueError):
    """A cell that is not a number ("text") or not a whole number where a count is due."""

    def __init__(
        self, text: str, kind: Literal["text", "fraction", "negative", "too_large"]
    ) -> None:
        super().__init__(f"{kind}: {text!r}")
        self.kind = kind


def _number_text(text: str) -> str:
    """Trim a number cell: non-breaking and thin spaces become spaces, outer spaces go."""
    for space in ("\u00a0", "\u202f", "\u2009"):
        text = text.replace(space, " ")
    return text.strip()


def parse_number(text: str, *, decimal_first: bool = False) -> Decimal:
    """Parse a Vietnamese-formatted number: 59.041, 59 041, 1,216, 5,06, 59041, -3.

    A lone separator followed by exactly three digits is a thousands separator (1.216 and 1,216
    are 1216) unless ``decimal_first`` (used for percentages, where 5,060 means 5.06).
    Raises :class:`NumberFormatError` for anything else.
    """
    t = _number_text(text)
    sign = -1 if t[:1] in _DASHES and len(t) > 1 else 1
    body = t[1:].strip() if sign < 0 else t
    single = re.fullmatch(r"(\d+)[.,](\d+)", body)
    if decimal_first and single:
        return sign * Decimal(f"{single[1]}.{single[2]}")
    if m := re.fullmatch(r"(\d{1,3}(?:[. ]\d{3})+)(?:,(\d+))?", body):
        return sign * Decimal(re.sub(r"[. ]", "", m[1]) + (f".{m[2]}" if m[2] else ""))
    if m := re.fullmatch(r"(\d{1,3}(?:[, ]\d{3})+)(?:\.(\d+))?", body):
        return sign * Decimal(re.sub(r"[, ]", "", m[1]) + (f".{m[2]}" if m[2] else ""))
    if m := re.fullmatch(r"(\d+)(?:[.,](\d+))?", body):
        return sign * Decimal(m[1] + (f".{m[2]}" if m[2] else ""))
    raise NumberFormatError(text, "text")


def parse_count(value: Cell) -> int | None:
    """A head count from a cell: None when empty, 0 for a dash, else a whole non-negative number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        number = Decimal(str(value))
    else:
        t = _number_text(value)
        if not t:
            return None
        if t in _DASHES:
            return 0
        number = parse_number(t)
    if number != number.to_integral_value():
        raise NumberFormatError(str(value), "fraction")
    if number < 0:
        raise NumberFormatError(str(value), "negative")
    if number > MAX_HEAD_COUNT:
        raise NumberFormatError(str(value), "too_large")
    return int(number)


def parse_percent(value: Cell) -> float | None:
    """A percentage from a cell: "5,06%", "5,06", "5.06" → 5.06; None when empty or a dash."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, int | float):
        return float(value)
    t = _number_text(value).rstrip("%").strip()
    if not t or t in _DASHES:
        return None
    try:
        return float(parse_number(t, decimal_first=True))
    except NumberFormatError:
        raise NumberFormatError(value, "text") from None


def format_vn(number: int) -> str:
    """59041 → "59.041" (Vietnamese thousands separator)."""
    return f"{number:,}".replace(",", ".")


def format_pct_vn(value: float) -> str:
    """5.06 → "5,06%"."""
    return f"{value:.2f}%".replace(".", ",")
