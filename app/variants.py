"""Variants of the working scenario for the Compare page (teams, weekends, deadline, rate)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from planning.domain import Scenario
from planning.variants import with_deadline, with_team_count, with_weekends


@dataclass(frozen=True)
class VariantSpec:
    """What a variant changes; ``None`` keeps the scenario's own value."""

    name: str
    teams: int | None = None
    weekends: bool | None = None
    deadline: dt.date | None = None
    apps_per_hour: float | None = None


def apply_variant(scenario: Scenario, spec: VariantSpec) -> Scenario:
    """The scenario with the variant's changes applied."""
    if spec.teams is not None:
        scenario = with_team_count(scenario, spec.teams)
    if spec.weekends is not None:
        scenario = with_weekends(scenario, spec.weekends)
    if spec.deadline is not None:
        scenario = with_deadline(scenario, spec.deadline)
    if spec.apps_per_hour is not None:
        teams = tuple(replace(t, apps_per_hour=spec.apps_per_hour) for t in scenario.teams)
        scenario = replace(scenario, teams=teams)
    return replace(scenario, name=f"{scenario.name} — {spec.name}")
