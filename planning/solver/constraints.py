"""The rules of the plan, one small function each, over the variables of :mod:`.variables`."""

from __future__ import annotations

import datetime as dt

from planning.solver.variables import ModelVars


def one_route_per_team_day(mv: ModelVars) -> None:
    """A team follows at most one route a day (none = a day without a visit)."""
    for (t, day), routes in mv.routes_of_day.items():
        mv.model.add_at_most_one(mv.x[(t, day, r)] for r in routes)


def visit_means_route_through(mv: ModelVars) -> None:
    """A stop at a commune is exactly a chosen route through it."""
    for (t, day, code), visit in mv.visit.items():
        mv.model.add(visit == sum(mv.serve_vars(t, day, code)))


def apps_only_where_visited(mv: ModelVars) -> None:
    """Applications at a commune need a stop there; a stop takes at least the minimum per stop
    (``Rules.min_apps_per_stop``, or the commune's whole backlog when that is smaller)."""
    for key, var in mv.apps.items():
        visit = mv.visit[key]
        mv.model.add(var <= mv.apps_ub[key] * visit)
        mv.model.add(var >= mv.inst.min_stop(key[2]) * visit)


def service_time_fits_shift(mv: ModelVars) -> None:
    """Service minutes (apps × 60 / rate) fit in what the route leaves of the shift.

    With rate = p/q: Σ apps × 60q ≤ p × Σ x_r × service_min_r — exact, in integers.
    """
    for (t, day), routes in mv.routes_of_day.items():
        team = mv.team(t)
        p, q = team.rate.numerator, team.rate.denominator
        codes = {c for r in routes for c in mv.route(t, r).communes}
        served = sum(mv.apps[(t, day, c)] for c in codes)
        minutes = sum(mv.x[(t, day, r)] * mv.route(t, r).service_min for r in routes)
        mv.model.add(60 * q * served <= p * minutes)


def backlog_never_exceeded(mv: ModelVars) -> None:
    """Each commune's collectable backlog (after pinned visits) bounds what is planned there."""
    by_commune: dict[str, list] = {}
    for (_, _, code), var in mv.apps.items():
        by_commune.setdefault(code, []).append(var)
    for code, variables in by_commune.items():
        mv.model.add(sum(variables) <= mv.inst.backlog[code])


def venue_daily_cap(mv: ModelVars) -> None:
    """A venue takes at most its people-per-day cap (pinned visits included)."""
    by_day: dict[tuple[str, dt.date], list] = {}
    for (_, day, code), var in mv.apps.items():
        by_day.setdefault((code, day), []).append(var)
    for (code, day), variables in by_day.items():
        cap = mv.inst.residual_cap(code, day)
        if cap is not None and len(variables) > 1:
            mv.model.add(sum(variables) <= cap)


def teams_per_commune_day(mv: ModelVars) -> None:
    """At most ``max_teams_per_commune_day`` teams at one commune on one date (pinned included).

    A team counts once at a commune whichever of its points it serves: where the commune has one
    point that is the stop, else the team-day's routes through any of its points (at most one
    route a day, so the sum is 0 or 1)."""
    if mv.inst.scenario.rules.max_teams_per_commune_day is None:
        return
    inst = mv.inst
    by_day: dict[tuple[str, dt.date], list] = {}
    several: set[str] = set(inst.node_commune.values())
    for t, day, code in mv.apps:
        if inst.commune_of(code) not in several:
            by_day.setdefault((code, day), []).append(mv.visit[(t, day, code)])
    for (t, day), routes in mv.routes_of_day.items():
        through: dict[str, list] = {}
        for r in routes:
            for commune in {inst.commune_of(c) for c in mv.route(t, r).communes} & several:
                through.setdefault(commune, []).append(mv.x[(t, day, r)])
        for commune, chosen in through.items():
            by_day.setdefault((commune, day), []).append(sum(chosen))
    for (code, day), serve in by_day.items():
        left = inst.teams_left(code, day)
        if left is not None and len(serve) > left:
            mv.model.add(sum(serve) <= left)


def service_fits_opening_hours(mv: ModelVars) -> None:
    """On the route a team-day follows, each stop is served within its point's opening hours
    (the team waits for a point to open; see
    :meth:`~planning.solver.instance.Instance.window_rows`)."""
    for (t, day), routes in mv.routes_of_day.items():
        team = mv.team(t)
        for r in routes:
            route = mv.route(t, r)
            for stops, most in route.window_limits(team):
                served = sum(mv.apps[(t, day, route.communes[i])] for i in stops)
                mv.model.add(served <= most).only_enforce_if(mv.x[(t, day, r)])


def overnight_out_and_back(mv: ModelVars) -> None:
    """A team sleeps at commune F before date d exactly when its day d starts at F.

    Nights at F before d: *out* or *stay* routes ending at F on d − 1; days starting at F: *back*
    or *stay* routes that start at F on d — serving it first, or moving on from it (a stay day
    needs a night before it and gives one after it). Keys are sorted so that the model is the
    same in every run. A night outside the model (``Instance.nights_before`` /
    ``nights_after``) joins its day to a fixed one instead (:func:`days_joined_to_fixed_nights`).
    """
    outs: dict[tuple[int, dt.date, str], list] = {}
    backs: dict[tuple[int, dt.date, str], list] = {}
    inst = mv.inst
    for (t, day), routes in mv.routes_of_day.items():
        for r in routes:
            route = mv.route(t, r)
            if route.ends_away and (t, day) not in inst.nights_after:
                outs.setdefault((t, day + dt.timedelta(days=1), route.last), []).append(
                    mv.x[(t, day, r)]
                )
            if route.starts_away and (t, day) not in inst.nights_before:
                backs.setdefault((t, day, route.slept_at), []).append(mv.x[(t, day, r)])
    for key in sorted(set(outs) | set(backs)):
        mv.model.add(sum(outs.get(key, [])) == sum(backs.get(key, [])))


def days_joined_to_fixed_nights(mv: ModelVars) -> None:
    """A team-day joined to a night outside the model (``Instance.nights_before`` /
    ``nights_after``: a neighbourhood cut out of an overnight chain) is worked; which routes
    it may follow (from / to that commune) is :meth:`Instance.route_allowed`'s."""
    for key in sorted({*mv.inst.nights_before, *mv.inst.nights_after}):
        routes = mv.routes_of_day.get(key, [])
        mv.model.add(sum(mv.x[(*key, r)] for r in routes) == 1)


ALL_RULES = (
    one_route_per_team_day,
    visit_means_route_through,
    apps_only_where_visited,
    service_time_fits_shift,
    backlog_never_exceeded,
    venue_daily_cap,
    teams_per_commune_day,
    service_fits_opening_hours,
    overnight_out_and_back,
    days_joined_to_fixed_nights,
)


def add_all_rules(mv: ModelVars) -> None:
    """Post every rule."""
    for rule in ALL_RULES:
        rule(mv)
