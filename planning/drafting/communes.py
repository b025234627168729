"""A drafted scenario's communes: the backlog table read, its rows as communes, their venues.

The two ways of drafting share this: from a boundary file a row becomes a commune of the file
(:func:`commune_from_row`); on the 2025 layer the rows mapped to a 2025 commune become one commune
(:func:`commune_from_merged`). Either way every commune's intake point (venue) comes from
:func:`with_default_venues`: where a commune's intake points come from is decided there.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from planning.domain import Commune, GeoPoint, NonCollectableReason
from planning.drafting.unit_mapping import MergedCommune
from planning.errors import InputError, error
from planning.formatting import fmt_int
from planning.io.table import BacklogTable, TableRow, read_backlog_table

#: The note of a commune of the chosen area that the table does not list.
NOT_IN_TABLE_NOTE = "Không có trong bảng số liệu"


def read_table(path: Path, national: bool = False) -> BacklogTable:
    """The backlog table read from ``path`` (:class:`InputError` when unreadable or empty);
    ``national``: a table across provinces (see :func:`planning.io.table.read_backlog_table`)."""
    table = read_backlog_table(path, national=national)
    if not table.rows:
        raise InputError(
            [
                error(
                    "bảng không có dòng số liệu nào",
                    "the table has no data rows",
                    file=table.source,
                    fix_vi="kiểm tra tệp bảng",
                    fix_en="check the table file",
                )
            ]
        )
    return table


def row_not_issued(row: TableRow) -> int | None:
    """The row's "not yet issued": as given, else of age − issued when both are given."""
    if row.not_issued is None and row.of_age is not None and row.issued is not None:
        return row.of_age - row.issued
    return row.not_issued


def commune_from_row(row: TableRow, code: str, official_name: str) -> Commune:
    """A table row matched to the boundary feature ``code`` named ``official_name`` (the table's
    spelling is kept as an alias)."""
    aliases = (row.name,) if row.name != official_name else ()
    return Commune(
        code=code,
        name=official_name,
        not_issued=int(row_not_issued(row) or 0),
        of_age=row.of_age,
        issued=row.issued,
        non_collectable=dict(row.non_collectable),
        aliases=aliases,
        priority=row.priority or 1,
    )


def commune_from_merged(merged: MergedCommune) -> Commune:
    """A 2025 commune with the figures of the table rows mapped onto it (a note says which)."""
    counts = merged.counts
    reasons = {r: n for r in NonCollectableReason if (n := counts.get(r.value))}
    sources = ", ".join(f"{name} {fmt_int(n)}" for name, n in merged.parts)
    note = f"Từ bảng: {sources}" + (" (chia ước tính)" if merged.estimated else "")
    return Commune(
        code=merged.code,
        name=merged.name,
        not_issued=counts.get("not_issued") or 0,
        of_age=counts.get("of_age"),
        issued=counts.get("issued"),
        non_collectable=reasons,
        aliases=merged.aliases,
        priority=merged.priority or 1,
        estimated_fields=merged.estimated,
        note=note,
    )


def commune_not_in_table(code: str, name: str) -> Commune:
    """A commune of the chosen area that no table row names: no one to enrol, noted as such."""
    return Commune(code, name, 0, note=NOT_IN_TABLE_NOTE)


def default_venues(features: Any) -> dict[str, GeoPoint]:
    """Each feature's default intake point by code: a point surely inside its outline."""
    from planning.io.boundaries import venue_points

    return venue_points(features)


def with_default_venues(communes: Sequence[Commune], features: Any) -> list[Commune]:
    """Every commune with its default intake point (:func:`default_venues` of ``features``, keyed
    by code), marked as a default the planner may move."""
    inside = default_venues(features)
    return [replace(c, venue=inside[c.code], venue_is_default=True) for c in communes]
