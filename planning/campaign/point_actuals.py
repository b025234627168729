"""Actual intake at intake points: a figure recorded for a whole commune that lists its points is
spread over them by a stated rule, so that what is left at each point is known.

The rule (:func:`actuals_by_point`): a figure recorded for a point is that point's. A figure
recorded for a commune (no point, or the commune's code) goes to the points the plan had *that
team* at in that commune on that date, in proportion to the applications planned there; if that
team had none, to the points any team was planned at there that day, likewise; if none, to all
the commune's points in proportion to their backlogs. Shares are whole people, by largest
remainders (:func:`planning.domain.apportion`): they add up to the figure recorded.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from planning.domain import Plan, Scenario, Visit, apportion


def _planned(plan: Plan | None, commune: str) -> dict[tuple[str, str, object], dict[str, int]]:
    """(team, commune, date) and ('', commune, date) → planned applications per point."""
    out: dict[tuple[str, str, object], dict[str, int]] = {}
    if plan is None:
        return out
    for visit in plan.visits():
        if visit.commune_code != commune:
            continue
        for team in (visit.team_id, ""):
            shares = out.setdefault((team, commune, visit.date), {})
            shares[visit.point] = shares.get(visit.point, 0) + visit.applications
    return out


def spread_visit(scenario: Scenario, visit: Visit, plan: Plan | None = None) -> list[Visit]:
    """The visit as visits at its commune's points (itself when it names one, or when its
    commune lists no points)."""
    commune = scenario.commune(visit.commune_code)
    points = [p.point_id for p in commune.intake_points]
    if visit.point in points:
        return [visit]
    planned = _planned(plan, commune.code)
    weights = planned.get((visit.team_id, commune.code, visit.date)) or planned.get(
        ("", commune.code, visit.date)
    )
    if not weights:
        backlogs = commune.point_backlogs()
        weights = {p: backlogs[p] for p in points}
    ids = [p for p in points if p in weights]
    parts = apportion(visit.applications, [weights[p] for p in ids])
    return [
        Visit(visit.team_id, visit.date, visit.commune_code, n, point)
        for point, n in zip(ids, parts, strict=True)
        if n > 0
    ]


def spread_over_points(
    scenario: Scenario, actuals: Iterable[Visit], plan: Plan | None = None
) -> list[Visit]:
    """Every actual as visits at points (:func:`spread_visit`); unknown communes kept as they
    are (validation reports them)."""
    codes = {c.code for c in scenario.communes}
    out: list[Visit] = []
    for visit in actuals:
        out += spread_visit(scenario, visit, plan) if visit.commune_code in codes else [visit]
    return out


def actuals_by_point(
    scenario: Scenario, actuals: Sequence[Visit], plan: Plan | None = None
) -> dict[str, int]:
    """Applications actually taken per intake point (commune figures spread by the rule)."""
    totals: dict[str, int] = {}
    for visit in spread_over_points(scenario, actuals, plan):
        totals[visit.point] = totals.get(visit.point, 0) + visit.applications
    return totals
