"""The variants of a sweep: every combination of the values asked for, each with a stable name.

A variant's name is its folder name and its ``variant`` value in sweep.csv: the swept settings
in a fixed order, ``teams3_weekends-on_deadline2022-12-31_rate18`` (only the settings that were
swept; ``base`` when none was). Names are ASCII, so they are safe folder names everywhere.
"""

from __future__ import annotations

import datetime as dt
import itertools
from collections.abc import Sequence
from typing import TypeVar

from planning.io.sweep_files import number_text
from planning.variants import Variant

T = TypeVar("T")


def variant_name(
    teams: int | None,
    weekends: bool | None,
    deadline: dt.date | None,
    apps_per_hour: float | None,
) -> str:
    """The name of the variant with these settings (``None`` = not swept)."""
    parts = []
    if teams is not None:
        parts.append(f"teams{teams}")
    if weekends is not None:
        parts.append("weekends-on" if weekends else "weekends-off")
    if deadline is not None:
        parts.append(f"deadline{deadline.isoformat()}")
    if apps_per_hour is not None:
        parts.append(f"rate{number_text(apps_per_hour)}")
    return "_".join(parts) or "base"


def _unique(values: Sequence[T]) -> list[T]:
    return list(dict.fromkeys(values))


def variant_grid(
    teams: Sequence[int] = (),
    weekends: Sequence[bool] = (),
    deadlines: Sequence[dt.date] = (),
    apps_per_hour: Sequence[float] = (),
) -> list[Variant]:
    """Every combination of the given values (an empty list keeps the scenario's own value), in
    the order teams, weekends, deadline, rate; repeated values are asked for once."""
    axes: tuple[list[int | None], list[bool | None], list[dt.date | None], list[float | None]] = (
        list(_unique(teams)) or [None],
        list(_unique(weekends)) or [None],
        list(_unique(deadlines)) or [None],
        list(_unique([float(r) for r in apps_per_hour])) or [None],
    )
    return [
        Variant(variant_name(t, w, d, r), teams=t, weekends=w, deadline=d, apps_per_hour=r)
        for t, w, d, r in itertools.product(*axes)
    ]
