"""What changed between two plans, commune by commune, so communes can be told.

A commune-day is a (commune, date) pair with the teams visiting. Between the previous and the new
plan (from a given date on) a commune's visit dates can have **moved** (some dates dropped and
others added), **appeared** (only added), **disappeared** (only dropped), kept their dates
with another team (**team changed**), or kept dates and teams at another of the commune's intake
points (**point changed**: the notice of that point must change).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from enum import StrEnum

from planning.domain import Plan


class ChangeKind(StrEnum):
    """How a commune's visits changed (worded by :data:`planning.wording.CHANGE_KINDS`)."""

    #: Dates dropped and others added.
    MOVED = "moved"
    #: Dates added only.
    APPEARED = "appeared"
    #: Dates dropped only.
    DISAPPEARED = "disappeared"
    #: The same dates, other teams.
    TEAM_CHANGED = "team_changed"
    #: The same dates and teams, other intake points.
    POINT_CHANGED = "point_changed"


@dataclass(frozen=True)
class CommuneChange:
    """How one commune's visits changed."""

    commune_code: str
    kind: ChangeKind
    old_dates: tuple[dt.date, ...]
    new_dates: tuple[dt.date, ...]
    dropped: tuple[dt.date, ...]
    added: tuple[dt.date, ...]
    #: Dates kept with other teams: (date, teams before, teams after).
    team_changes: tuple[tuple[dt.date, tuple[str, ...], tuple[str, ...]], ...] = ()


def commune_days(plan: Plan, since: dt.date | None = None) -> dict[str, dict[dt.date, set[str]]]:
    """commune → date → teams visiting, for dates from ``since`` on."""
    out: dict[str, dict[dt.date, set[str]]] = {}
    for visit in plan.visits():
        if since is None or visit.date >= since:
            out.setdefault(visit.commune_code, {}).setdefault(visit.date, set()).add(visit.team_id)
    return out


def diff_plans(old: Plan, new: Plan, since: dt.date | None = None) -> list[CommuneChange]:
    """Every commune whose visit dates (or teams) differ between ``old`` and ``new``."""
    before, after = commune_days(old, since), commune_days(new, since)
    changes = []
    for code in sorted(set(before) | set(after)):
        old_days, new_days = before.get(code, {}), after.get(code, {})
        dropped = tuple(sorted(set(old_days) - set(new_days)))
        added = tuple(sorted(set(new_days) - set(old_days)))
        if dropped and added:
            kind = ChangeKind.MOVED
        elif added:
            kind = ChangeKind.APPEARED
        elif dropped:
            kind = ChangeKind.DISAPPEARED
        elif any(old_days[d] != new_days[d] for d in old_days):
            kind = ChangeKind.TEAM_CHANGED
        elif _points(old, code, since) != _points(new, code, since):
            kind = ChangeKind.POINT_CHANGED
        else:
            continue
        teams = tuple(
            (d, tuple(sorted(old_days[d])), tuple(sorted(new_days[d])))
            for d in sorted(set(old_days) & set(new_days))
            if old_days[d] != new_days[d]
        )
        changes.append(
            CommuneChange(
                code, kind, tuple(sorted(old_days)), tuple(sorted(new_days)), dropped, added, teams
            )
        )
    return changes


def _points(plan: Plan, code: str, since: dt.date | None) -> set[tuple[dt.date, str]]:
    """(date, intake point) of the commune's visits from ``since`` on."""
    return {
        (v.date, v.point)
        for v in plan.visits()
        if v.commune_code == code and (since is None or v.date >= since)
    }
