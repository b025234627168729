"""A table built once and shown three ways: on the screen, in a workbook and on paper.

A :class:`Table` holds typed cells (ints, percentages, dates, texts) under column keys whose labels
come from :data:`planning.wording.LABELS`, so a column reads the same wherever it is shown. The
screen and the PDF take :meth:`Table.texts` (Vietnamese or English number and date formats); the
workbook takes :meth:`Table.values` and types each cell itself.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Literal

from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.wording import label

Kind = Literal["text", "int", "pct", "date"]


@dataclass(frozen=True)
class Column:
    """A column: its label key (see :data:`planning.wording.LABELS`) and the kind of its cells."""

    key: str
    kind: Kind = "text"


@dataclass(frozen=True)
class Table:
    """Rows of typed cells under labelled columns, in one language."""

    columns: tuple[Column, ...]
    rows: tuple[tuple[Any, ...], ...]
    lang: str = "vi"

    @classmethod
    def build(
        cls, columns: Sequence[tuple[str, Kind]], rows: Sequence[Sequence[Any]], lang: str = "vi"
    ) -> Table:
        """A table from ``(key, kind)`` pairs and rows of cells in the same order."""
        return cls(
            tuple(Column(k, kind) for k, kind in columns), tuple(tuple(r) for r in rows), lang
        )

    @property
    def keys(self) -> list[str]:
        """The column keys, in order."""
        return [c.key for c in self.columns]

    def labels(self, short: bool = False) -> list[str]:
        """The column labels in the table's language (``short``: narrow forms)."""
        return [label(c.key, self.lang, short) for c in self.columns]

    def select(self, *keys: str) -> Table:
        """The same table with only the columns ``keys`` (in that order)."""
        index = [self.keys.index(k) for k in keys]
        return Table(
            tuple(self.columns[i] for i in index),
            tuple(tuple(row[i] for i in index) for row in self.rows),
            self.lang,
        )

    def column(self, key: str) -> list[Any]:
        """The cells of one column."""
        i = self.keys.index(key)
        return [row[i] for row in self.rows]

    def texts(self) -> list[list[str]]:
        """Every cell as the reader expects it: 2.990, 98,90%, 25/12/2022 (or English)."""
        return [
            [cell_text(v, c.kind, self.lang) for v, c in zip(row, self.columns, strict=True)]
            for row in self.rows
        ]

    def values(self) -> list[list[Any]]:
        """Every cell typed for a workbook: numbers, dates, texts; percentages to 2 decimals."""
        return [
            [
                round(v, 2) if c.kind == "pct" and v is not None else v
                for v, c in zip(row, self.columns, strict=True)
            ]
            for row in self.rows
        ]


def cell_text(value: Any, kind: Kind, lang: str = "vi") -> str:
    """One cell as text: numbers and dates through :mod:`planning.formatting`."""
    if kind == "int":
        return fmt_int(value, lang)
    if kind == "pct":
        return fmt_pct(value, 2, lang)
    if kind == "date":
        return fmt_date(value, lang)
    return "" if value is None else str(value)
