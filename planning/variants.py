"""Scenario variants: "what would it take", the CLI (--teams, --weekends, --deadline,
--apps-per-hour), the sweep and the Compare page."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass, replace

from planning.calendar import with_deadline as calendar_with_deadline
from planning.domain import Scenario, Team
from planning.travel import base_label, leg_min, scenario_points

WEEKEND = frozenset({5, 6})


_NUMBERED = re.compile(r"^(.*?)(\d+)$")


def extra_team(first: Team, k: int, teams: Sequence[Team] = (), nth: int | None = None) -> Team:
    """The k-th extra copy of ``first`` (a new id), named as the office numbers its teams —
    "Tổ lưu động 3" after "Tổ lưu động 1" and "2" — or "Tổ thêm n" when they are not numbered;
    ``nth``: which extra team of the scenario it is (default ``k``)."""
    n = k if nth is None else nth
    found = [_NUMBERED.match(t.name) for t in (teams or [first])]
    prefixes = {m.group(1) for m in found if m is not None}
    if len(prefixes) == 1 and all(found):
        top = max(int(m.group(2)) for m in found if m is not None)
        name = f"{prefixes.pop()}{top + n}"
    else:
        name = f"Tổ thêm {n}"
    return replace(first, team_id=f"{first.team_id}_them{k}", name=name)


def with_team_count(scenario: Scenario, n: int) -> Scenario:
    """Keep the first ``n`` teams, or add copies of the teams up to ``n``, each at the base with
    the most collectable backlog per team (:func:`neediest_teams`): a drafted province keeps its
    bases in the order that makes the first k a good k-median (:mod:`planning.drafting.bases`),
    and an extra team goes where the work is. A scenario with one team (or teams at one base)
    gets copies of it as before.

    Pinned visits of dropped teams are dropped with them.
    """
    if n < 1 or not scenario.teams:
        raise ValueError("at least one team is needed")
    teams = list(scenario.teams[:n])
    copies: dict[str, int] = {}
    taken = {t.team_id for t in scenario.teams}
    for turn, source in enumerate(neediest_teams(scenario, n - len(teams)), start=1):
        k = copies.get(source.team_id, 0) + 1
        while extra_team(source, k).team_id in taken:  # a saved variant may hold the id already
            k += 1
        copies[source.team_id] = k
        teams.append(extra_team(source, k, scenario.teams, turn))
        taken.add(teams[-1].team_id)
    ids = {t.team_id for t in teams}
    pinned = tuple(v for v in scenario.pinned if v.team_id in ids)
    return replace(scenario, teams=tuple(teams), pinned=pinned)


def neediest_teams(scenario: Scenario, extra: int) -> list[Team]:
    """The teams of ``scenario`` to copy for ``extra`` more teams, in order: each time the first
    team at the base whose communes (those nearest to it, by the scenario's driving minutes to
    their intake points: the travel matrix where given, else the estimate) have the most
    collectable backlog per team there, counting the copies already made (the largest-average
    rule, ties to the earlier team; with equal backlogs: the first base, the second, …, then the
    first again).

    Why: copies made in turn put the 15th team of Đồng Tháp (14 given) at the first team's base,
    while the people left were next to two other bases: 500–670 people short in three solves of
    20 s. At the base with most backlog per team: 0 and 2 short in two such solves (seeds 1, 2),
    and Phú Thọ's 13th team (12 given; 13–14 in the national bench) met in both."""
    if extra <= 0:
        return []
    at: dict[tuple[float, float], int] = {}  # base point → its index in ``firsts``
    firsts: list[Team] = []
    count: list[int] = []
    for team in scenario.teams:
        i = at.setdefault((team.base.lat, team.base.lon), len(firsts))
        if i == len(firsts):
            firsts.append(team)
            count.append(0)
        count[i] += 1
    if len(firsts) == 1:
        return [firsts[0]] * extra
    load = [0] * len(firsts)
    points = scenario_points(scenario)
    labels = [base_label(team.team_id) for team in firsts]
    for commune in scenario.communes:
        # Its intake points with a location (a commune without listed points: its venue).
        own = [p.point_id for p in commune.intake_points if p.point_id in points]
        if not own:
            continue
        nearest = min(
            range(len(firsts)),
            key=lambda i: (min(leg_min(scenario, points, labels[i], p) for p in own), i),
        )
        load[nearest] += commune.collectable_backlog
    if not any(load):
        load = [1] * len(firsts)
    chosen = []
    for _ in range(extra):
        i = max(range(len(firsts)), key=lambda j: (load[j] / count[j], -j))
        chosen.append(firsts[i])
        count[i] += 1
    return chosen


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


def without_communes(scenario: Scenario, codes: frozenset[str]) -> Scenario:
    """The same scenario without the communes of ``codes`` (and their pinned visits)."""
    communes = tuple(c for c in scenario.communes if c.code not in codes)
    pinned = tuple(v for v in scenario.pinned if v.commune_code not in codes)
    return replace(scenario, communes=communes, pinned=pinned)


def weekends_all_on(scenario: Scenario) -> bool:
    """True when every team already works both weekend days."""
    return all(t.working_weekdays >= WEEKEND for t in scenario.teams)


def with_apps_per_hour(scenario: Scenario, apps_per_hour: float) -> Scenario:
    """Every team takes ``apps_per_hour`` applications an hour (a faster or slower rate)."""
    if not apps_per_hour > 0:
        raise ValueError("apps_per_hour must be positive")
    teams = tuple(replace(t, apps_per_hour=apps_per_hour) for t in scenario.teams)
    return replace(scenario, teams=teams)


@dataclass(frozen=True)
class Variant:
    """A variant of a scenario: what it changes (``None`` keeps the scenario's own value).

    The Compare page, the sweep command and the sweep engine build scenarios from these with
    :func:`apply_variant`, so a variant means the same everywhere.
    """

    name: str
    teams: int | None = None
    weekends: bool | None = None
    deadline: dt.date | None = None
    apps_per_hour: float | None = None


def apply_variant(scenario: Scenario, variant: Variant, *, rename: bool = True) -> Scenario:
    """The scenario with the variant's changes (teams first: added teams take the other changes).

    ``rename`` appends the variant's name to the scenario's (``"Trùng Khánh — 3 tổ"``).
    """
    if variant.teams is not None:
        scenario = with_team_count(scenario, variant.teams)
    if variant.weekends is not None:
        scenario = with_weekends(scenario, variant.weekends)
    if variant.deadline is not None:
        scenario = with_deadline(scenario, variant.deadline)
    if variant.apps_per_hour is not None:
        scenario = with_apps_per_hour(scenario, variant.apps_per_hour)
    return replace(scenario, name=f"{scenario.name} — {variant.name}") if rename else scenario


def weekends_setting(scenario: Scenario) -> str:
    """'on' when every team works both weekend days, 'off' when none works either, else 'mixed'."""
    if weekends_all_on(scenario):
        return "on"
    if all(not (t.working_weekdays & WEEKEND) for t in scenario.teams):
        return "off"
    return "mixed"


def common_apps_per_hour(scenario: Scenario) -> float | None:
    """The teams' rate when they all share one, else ``None``."""
    rates = {t.apps_per_hour for t in scenario.teams}
    return rates.pop() if len(rates) == 1 else None
