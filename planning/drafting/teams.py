"""A drafted scenario's teams: ``count`` teams with the defaults at one base, or a teams file.

Both go through the team rules of :mod:`planning.io.teams` like typed teams (a base outside
Vietnam is refused here, not when the written scenario is opened).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from planning.domain import WEEKDAY_CODES_VI, Commune, Team
from planning.drafting.defaults import DraftDefaults
from planning.errors import InputError, error
from planning.io.teams import (
    RecordPlace,
    read_teams_file,
    resolve_team_bases,
    teams_from_records,
)

#: The base name of teams based at coordinates given by the planner.
GIVEN_BASE_NAME = "Trụ sở (toạ độ nhập)"


def default_teams(
    count: int,
    base: tuple[float, float] | None,
    town: Commune,
    note: str,
    defaults: DraftDefaults,
) -> tuple[Team, ...]:
    """``count`` teams with the ``defaults``, at ``base`` (lat, lon) or else at ``town``'s venue;
    ``note`` (the sentence stating the base) goes into every team's notes."""
    _check_count(count)
    if base is None:
        return teams_at([town] * count, note, defaults)
    return _teams([{"base": base, "base_name": GIVEN_BASE_NAME}] * count, {}, note, defaults)


def teams_at(bases: Sequence[Commune], note: str, defaults: DraftDefaults) -> tuple[Team, ...]:
    """A team with the ``defaults`` at each commune's venue of ``bases`` (T1 at the first…);
    ``note`` (the sentence stating the bases) goes into every team's notes."""
    _check_count(len(bases))
    where: list[dict[str, object]] = [{"base_commune": c.code, "base_name": c.name} for c in bases]
    venues = {c.code: c.venue for c in bases if c.venue is not None}
    return _teams(where, venues, note, defaults)


def _check_count(count: int) -> None:
    if count < 1:
        raise InputError(
            [
                error(
                    "số tổ phải ≥ 1",
                    "--teams must be at least 1",
                    field="--teams",
                    fix_vi="ví dụ --teams 2",
                    fix_en="e.g. --teams 2",
                )
            ]
        )


def _teams(
    where: Sequence[dict[str, object]],
    venues: dict[str, Any],
    note: str,
    defaults: DraftDefaults,
) -> tuple[Team, ...]:
    """Teams T1… with the defaults' figures at the given places, through the team rules."""
    team = defaults.team
    records = [
        (
            {
                "id": f"T{i}",
                "name": f"Tổ lưu động {i}",
                **place,
                "apps_per_hour": team.apps_per_hour,
                "setup_min": team.setup_min,
                "shift_hours": team.shift_hours,
                "start_time": team.start_time,
                "working_weekdays": [WEEKDAY_CODES_VI[d] for d in sorted(team.working_weekdays)],
                "notes": defaults.team_notes(),
            },
            RecordPlace("--base"),
        )
        for i, place in enumerate(where, 1)
    ]
    teams = teams_from_records(records, venues, "--teams")
    return tuple(replace(t, notes={**t.notes, "base": note}) for t in teams)


def teams_from_file(
    path: Path,
    communes: Sequence[Commune],
    nearby: Sequence[tuple[str, str]] = (),
    venue_of: Callable[[str], Any] | None = None,
) -> tuple[Team, ...]:
    """The teams of a teams file; a base names a scenario commune, a commune of ``nearby``
    (its venue via ``venue_of``) or coordinates. :class:`InputError` naming every bad row."""
    records = read_teams_file(path)
    named = [(c.code, c.name) for c in communes]
    aliases = {alias: c.code for c in communes for alias in c.aliases}
    records = resolve_team_bases(records, named, aliases, list(nearby), venue_of)
    venues = {c.code: c.venue for c in communes if c.venue is not None}
    return teams_from_records(records, venues, path.name)
