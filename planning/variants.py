"""Scenario variants for "what would it take" and the CLI (--teams, --weekends, --deadline)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from planning.calendar import with_deadline as calendar_with_deadline
from planning.domain import Scenario, Team

WEEKEND = frozenset({5, 6})


def extra_team(first: Team, k: int) -> Team:
    """The k-th extra team: a copy of ``first`` with a new id."""
    return replace(first, team_id=f"{first.team_id}_them{k}", name=f"{first.name} (thêm {k})")


def with_team_count(scenario: Scenario, n: int) -> Scenario:
    """Keep the first ``n`` teams, or add copies of the first team up to ``n``.

    Pinned visits of dropped teams are dropped with them.
    """
    if n < 1 or not scenario.teams:
        raise ValueError("at least one team is needed")
    teams = list(scenario.teams[:n])
    k = 1
    while len(teams) < n:
        candidate = extra_team(scenario.teams[0], k)
        k += 1
        if all(t.team_id != candidate.team_id for t in teams):
            teams.append(candidate)
    ids = {t.team_id for t in teams}
    pinned = tuple(v for v in scenario.pinned if v.team_id in ids)
    return replace(scenario, teams=tuple(teams), pinned=pinned)


def with_weekends(scenario: Scenario, working: bool) -> Scenario:
    """Every team works Saturday and Sunday (``working``) or has them off."""
    teams = []
    for team in scenario.teams:
        days = team.working_weekdays | WEEKEND if working else team.working_weekdays - WEEKEND
        teams.append(replace(team, working_weekdays=days or team.working_weekdays))
    return replace(scenario, teams=tuple(teams))


def with_deadline(scenario: Scenario, deadline: dt.date) -> Scenario:
    """The same scenario with another (inclusive) deadline; pinned visits after it are dropped."""
    calendar = calendar_with_deadline(scenario.calendar, deadline)
    pinned = tuple(v for v in scenario.pinned if v.date <= deadline)
    return replace(scenario, calendar=calendar, pinned=pinned)


def weekends_all_on(scenario: Scenario) -> bool:
    """True when every team already works both weekend days."""
    return all(t.working_weekdays >= WEEKEND for t in scenario.teams)
