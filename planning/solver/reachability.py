"""Which communes no team can serve at all, or no number of teams can finish by the deadline, and
why: a province's far communes are never dropped silently (results list them with the reason)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from planning.calendar import with_deadline
from planning.reasons import CapShortfall, Unreachable, UnreachableKind
from planning.results import BindingLimit, LimitKind
from planning.solver.instance import Instance
from planning.solver.routes import Route


def unreachable_communes(inst: Instance, routes: dict[str, list[Route]]) -> dict[str, Unreachable]:
    """Commune code → why no team-day can serve it, for every commune with backlog that none can."""
    free = set(inst.free_team_days())
    days_of: dict[int, list] = {}
    for t, day in sorted(free, key=lambda k: k[1]):
        days_of.setdefault(t, []).append(day)
    through: dict[str, list[tuple[int, Route]]] = {}
    for team in inst.teams:
        for route in routes[team.team_id]:
            for code in route.communes:
                through.setdefault(code, []).append((team.index, route))
    result = {}
    for code in inst.communes:
        options = through.get(code, [])
        if not options:
            result[code] = _too_far(inst, code)
            continue
        if not any(
            inst.route_allowed(inst.teams[t], day, route, free)
            for t, route in options
            for day in days_of.get(t, [])
        ):
            result[code] = _closed(inst, code, sorted({t for t, _ in options}), days_of)
    return result


def _too_far(inst: Instance, code: str) -> Unreachable:
    """Why no route reaches ``code``: the nearest team's round trip leaves no service time."""
    best = min(
        inst.teams,
        key=lambda t: inst.round_trip_min(t, code),
    )
    return Unreachable(
        UnreachableKind.TOO_FAR,
        team=best.team_id,
        trip_min=inst.round_trip_min(best, code),
        setup_min=best.team.setup_min,
        shift_min=best.team.shift_min,
        overnight_allowed=inst.scenario.rules.allow_overnight,
    )


def _closed(inst: Instance, code: str, teams: list[int], days_of: dict[int, list]) -> Unreachable:
    """Why routes through ``code`` are never allowed: the commune is not open on any working
    day of the teams that could reach it (earliest date, blackouts, caps used by pinned visits)."""
    scenario = inst.scenario
    point = scenario.point(code)
    blackout = scenario.commune(point.commune_code).blackout_dates | point.blackout_dates
    return Unreachable(
        UnreachableKind.CLOSED,
        earliest=scenario.point_earliest_date(point),
        last_working_day=max((d for t in teams for d in days_of.get(t, [])), default=None),
        blackout_dates=len(blackout),
    )


#: Furthest past the deadline a limit's "deadline needed" is looked for, in days.
LIMIT_EXTENSION_DAYS = 366


def binding_limits(inst: Instance, routes: dict[str, list[Route]]) -> list[BindingLimit]:
    """Communes whose backlog no number of teams can collect by the deadline, and why.

    Extra teams copy existing ones, so at a commune the most any plan can take on a date is its
    venue cap (or, without a cap, the teams-per-commune limit × the most one team-day takes
    there), summed over the dates it is open and some team works. Below the backlog, adding teams
    cannot help: the answer is a bigger cap or a later deadline, which this computes. A commune
    no team can reach at all is a limit too.
    """
    limits = []
    unreachable = unreachable_communes(inst, routes)
    for code in inst.communes:
        name = inst.scenario.point_label(code)
        backlog = inst.backlog[code]
        if code in unreachable:
            limits.append(
                BindingLimit(
                    code,
                    name,
                    LimitKind.UNREACHABLE,
                    backlog,
                    0,
                    None,
                    None,
                    unreachable[code],
                )
            )
            continue
        limit = _venue_limit(inst, code)
        if limit is not None:
            limits.append(limit)
    return limits


def _team_day_most(inst: Instance, code: str) -> int:
    """Most applications one team-day can take at ``code`` (no driving on a stay day)."""
    best = 0
    for team in inst.teams:
        stay = inst.is_far(team, code)
        drive = 0 if stay else inst.round_trip_min(team, code)
        best = max(best, team.max_apps(team.team.shift_min - team.team.setup_min - drive))
    return best


def _venue_limit(inst: Instance, code: str) -> BindingLimit | None:
    """The cap-over-open-days limit at ``code`` when it is below the backlog."""
    scenario = inst.scenario
    teams_per_day = scenario.rules.max_teams_per_commune_day
    per_team = _team_day_most(inst, code)
    working = {d for t in inst.teams for d in t.working_dates}
    weekdays = frozenset().union(*(t.team.working_weekdays for t in inst.teams))

    def most_on(day: dt.date) -> int | None:
        cap = inst.residual_cap(code, day)
        by_teams = None if teams_per_day is None else teams_per_day * per_team
        options = [v for v in (cap, by_teams) if v is not None]
        return min(options) if options else None

    backlog = inst.backlog[code]
    open_days = [d for d in sorted(working) if inst.available(code, d)]
    per_day = [most_on(d) for d in open_days]
    if any(v is None for v in per_day):
        return None
    most = sum(v for v in per_day if v is not None)
    if most >= backlog:
        return None
    cap = inst.cap[code]
    cap_needed = None
    if cap is not None and open_days and teams_per_day is not None:
        needed = -(-backlog // len(open_days))
        cap_needed = needed if needed <= teams_per_day * per_team else None
    deadline = _deadline_needed(inst, code, most, weekdays, most_on)
    name = scenario.point_label(code)
    reason = CapShortfall(name, most, len(open_days), backlog)
    return BindingLimit(
        code, name, LimitKind.VENUE_CAP, backlog, most, cap_needed, deadline, reason
    )


def _deadline_needed(
    inst: Instance,
    code: str,
    most: int,
    weekdays: frozenset[int],
    most_on: Callable[[dt.date], int | None],
) -> dt.date | None:
    """The first date by which the commune's open days could take its whole backlog."""
    calendar = inst.scenario.calendar
    later = with_deadline(calendar, calendar.deadline + dt.timedelta(days=LIMIT_EXTENSION_DAYS))
    point = inst.scenario.point(code)
    day, total = calendar.deadline, most
    while total < inst.backlog[code]:
        day += dt.timedelta(days=1)
        if day > later.deadline:
            return None
        if day.weekday() in weekdays and not later.is_holiday(day):
            if not inst.scenario.point_open_on(point, day):
                continue
            gained = most_on(day)
            if gained is None:
                return None
            total += gained
    return day
