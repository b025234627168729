"""Candidate routes of a team-day: which communes, in which order, how much service time is left.

A *day* route leaves the base, serves 1..``max_stops_per_day`` communes in the order that drives
least (brute force over at most 3! orders) and returns. With ``Rules.allow_overnight`` three more
kinds exist for communes at least ``overnight_min_one_way_min`` from the base
(:meth:`~planning.solver.instance.Instance.is_far`):

- *out*: the same as a day route but the day ends at the last (far) commune, without the return;
- *back*: the next calendar day (a working day of the team) starts at that commune F, serves it
  again (setup again: the venue is packed away overnight), may serve up to two nearby communes
  on the way, and drives home;
- *stay*: the day starts at F and ends at a far commune for another night: a whole day at F, or
  F and nearby communes ending at another far commune F′ (the team moves on without going home);
- *moves* (issue 17): a *back* or *stay* day that starts by driving from F to a nearby commune
  G without serving F again (F is finished, or not worth a second setup): G is served, then the
  team drives home or sleeps at G. Its ``origin`` is F (the commune slept at).

The model links the nights: a team sleeps at F before day d (an *out* or *stay* route ending at F
on d − 1) exactly when day d starts at F (a *back* or *stay* route whose first stop is F on d).
Stays let a team work a remote area for several days (out, stay, …, stay, back).

Pruning (keeps the province instance compact): a multi-stop route only combines communes that are
among each other's ``k`` nearest neighbours (k adapts to the instance size), must leave at least
``MIN_MULTI_SERVICE_MIN`` minutes of service, and with many teams a team only gets communes for
which its base is among the closest bases. Pruning restricts the model, not the valid upper bound
of :mod:`planning.solver.bounds`, which holds for every plan.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from enum import StrEnum

from planning.solver.instance import Instance, TeamData

#: A multi-stop route must leave at least this many minutes of service time.
MIN_MULTI_SERVICE_MIN = 30
#: With more teams than this, a team only gets the communes its base is reasonably close to.
TEAM_RELEVANCE_MIN_TEAMS = 3
#: A team keeps communes whose round trip is within this many minutes of the best team's.
TEAM_RELEVANCE_SLACK_MIN = 60


class RouteKind(StrEnum):
    """Kinds of route (module docstring); ``SET`` is a set of communes of the route LP bound."""

    DAY = "day"
    OUT = "out"
    BACK = "back"
    STAY = "stay"
    SET = "set"


@dataclass(frozen=True)
class Route:
    """One way to spend a team-day.

    ``legs_min[i]`` is the drive to stop i (from the base, or from the overnight commune for
    *back* and *stay* routes); for *day* and *back* routes the last element is the drive home.
    """

    kind: RouteKind
    communes: tuple[str, ...]
    legs_min: tuple[int, ...]
    setup_total_min: int
    service_min: int
    #: Where a *back* or *stay* day starts when that is not its first stop (a *move*); "" = its
    #: first stop.
    origin: str = ""
    #: Opening hours of its stops: (i, j, minutes) = stops i..j serve at most that many minutes
    #: together (:meth:`planning.solver.instance.Instance.window_rows`; none without hours).
    windows: tuple[tuple[int, int, int], ...] = ()

    def window_limits(self, team: TeamData) -> list[tuple[range, int]]:
        """Each opening-hours row as (stop positions, most applications there at the team's
        rate)."""
        return [(range(i, j + 1), team.max_apps(m)) for i, j, m in self.windows]

    @property
    def travel_min(self) -> int:
        """Minutes driven over the day."""
        return sum(self.legs_min)

    @property
    def last(self) -> str:
        """The last commune served (where an *out* or *stay* route sleeps)."""
        return self.communes[-1]

    @property
    def first(self) -> str:
        """The first commune served (where a *back* or *stay* route starts: the team slept
        there)."""
        return self.communes[0]

    @property
    def slept_at(self) -> str:
        """The commune slept at before a day that starts away ("" for a day from the base)."""
        if not self.starts_away:
            return ""
        return self.origin or self.communes[0]

    @property
    def starts_away(self) -> bool:
        """True when the day starts at the commune slept at (*back*, *stay*): the team works the
        calendar day before and spends the night there."""
        return self.kind in (RouteKind.BACK, RouteKind.STAY)

    @property
    def ends_away(self) -> bool:
        """True when the team sleeps at the last commune (*out*, *stay*): the team works the
        next calendar day, starting there."""
        return self.kind in (RouteKind.OUT, RouteKind.STAY)


def neighbour_counts(n_communes: int) -> tuple[int, int]:
    """``(k_pairs, k_triples)``: how many nearest neighbours may share a day, by instance size."""
    if n_communes <= 12:
        return n_communes - 1, 4
    if n_communes <= 30:
        return 6, 4
    return 5, 3


def nearest_neighbours(inst: Instance, codes: list[str], k: int) -> dict[str, list[str]]:
    """The ``k`` nearest other communes of each commune (symmetric-ised driving minutes)."""
    result = {}
    for a in codes:
        others = sorted(
            (b for b in codes if b != a),
            key=lambda b: min(inst.travel(a, b), inst.travel(b, a)),
        )
        result[a] = others[:k]
    return result


def candidate_sets(inst: Instance, codes: list[str], max_stops: int) -> set[tuple[str, ...]]:
    """Sets of communes (sorted tuples) that may share a day."""
    k_pairs, k_triples = neighbour_counts(len(codes))
    sets: set[tuple[str, ...]] = {(c,) for c in codes}
    if max_stops >= 2:
        near = nearest_neighbours(inst, codes, k_pairs)
        for a in codes:
            for b in near[a]:
                sets.add(tuple(sorted((a, b))))
    if max_stops >= 3:
        near3 = nearest_neighbours(inst, codes, k_triples)
        for a in codes:
            for b, c in itertools.combinations(near3[a], 2):
                sets.add(tuple(sorted((a, b, c))))
    return sets


def relevant_communes(inst: Instance, team: TeamData) -> list[str]:
    """Communes this team may serve: all, or with many teams only those near its base."""
    if len(inst.teams) <= TEAM_RELEVANCE_MIN_TEAMS:
        return list(inst.communes)
    keep = []
    for code in inst.communes:
        trips = sorted(inst.round_trip_min(t, code) for t in inst.teams)
        mine = inst.round_trip_min(team, code)
        if mine <= trips[min(2, len(trips) - 1)] or mine <= trips[0] + TEAM_RELEVANCE_SLACK_MIN:
            keep.append(code)
    return keep


def _legs(inst: Instance, start: str, order: tuple[str, ...], home: str | None) -> tuple[int, ...]:
    """Driving minutes of each leg from ``start`` through ``order`` (and home if given)."""
    stops = [start, *order] + ([home] if home else [])
    return tuple(inst.travel(a, b) for a, b in itertools.pairwise(stops))


def _make(
    inst: Instance,
    team: TeamData,
    kind: RouteKind,
    order: tuple[str, ...],
    legs: tuple[int, ...],
    origin: str = "",
) -> Route:
    setup = team.team.setup_min * len(order)
    windows = inst.window_rows(team, order, legs)
    service = team.team.shift_min - sum(legs) - setup
    return Route(kind, order, legs, setup, service, origin=origin, windows=windows)


def make_route(
    inst: Instance, team: TeamData, order: tuple[str, ...], start: str = "", home: bool = True
) -> Route:
    """The route serving ``order`` from ``start`` (the commune slept at; "" = the base), back to
    the base (``home``) or sleeping at its last commune: a *day*, *out*, *back* or *stay* route.
    Used for routes that are not candidates (an insertion greedy's, a neighbour plan's). A day
    that starts away and does not serve the commune slept at first is a *move*."""
    away = bool(start)
    kind = {
        (False, True): RouteKind.DAY,
        (False, False): RouteKind.OUT,
        (True, True): RouteKind.BACK,
        (True, False): RouteKind.STAY,
    }[(away, home)]
    legs = _legs(inst, start or team.label, order, team.label if home else None)
    origin = start if away and order[0] != start else ""
    return _make(inst, team, kind, order, legs, origin)


def _usable(team: TeamData, route: Route) -> bool:
    """Enough service time for one application per stop (and a real stint for multi-stop days),
    within the stops' opening hours."""
    if team.max_apps(route.service_min) < len(route.communes):
        return False
    if any(most < len(stops) for stops, most in route.window_limits(team)):
        return False
    return len(route.communes) == 1 or route.service_min >= MIN_MULTI_SERVICE_MIN


def team_routes(inst: Instance, team: TeamData, codes: list[str] | None = None) -> list[Route]:
    """Every candidate route of one team over ``codes`` (default: the communes it may serve):
    day routes, and out/back/stay routes when overnight stays are allowed."""
    codes = relevant_communes(inst, team) if codes is None else codes
    max_stops = inst.scenario.rules.max_stops_per_day
    routes: list[Route] = []
    for members in sorted(candidate_sets(inst, codes, max_stops)):
        orders = list(itertools.permutations(members))
        day = _least_driving(inst, team, RouteKind.DAY, orders, team.label)
        if day is not None:
            routes.append(day)
        far_orders = [o for o in orders if inst.is_far(team, o[-1])]
        if far_orders:
            out = _least_driving(inst, team, RouteKind.OUT, far_orders, None)
            if out is not None:
                routes.append(out)
        routes.extend(_away_routes(inst, team, orders))
    routes.extend(_move_routes(inst, team, codes))
    return reachable_by_nights(inst, routes)


def reachable_by_nights(inst: Instance, routes: list[Route]) -> list[Route]:
    """The routes less those that start away at a commune no chain of nights can bring the team
    to: a night at F needs an *out* day ending at F, or a *stay* day ending at F that starts at
    a commune reached so (or a pinned visit there: a re-plan continues the days as they went).
    Without this an island 21 hours' drive away counted as served by *stay* days that no day
    could ever begin (Đặc khu Trường Sa), so it was never reported unreachable."""
    if not inst.scenario.rules.allow_overnight:
        return routes
    reached = {r.last for r in routes if r.kind is RouteKind.OUT}
    for visits in inst.pinned_days.values():
        reached.update(code for v in visits for code in (v.point_id, v.commune_code))
    onward: dict[str, set[str]] = {}
    for route in routes:
        if route.kind is RouteKind.STAY:
            onward.setdefault(route.slept_at, set()).add(route.last)
    todo = list(reached)
    while todo:
        for code in onward.get(todo.pop(), ()):
            if code not in reached:
                reached.add(code)
                todo.append(code)
    return [r for r in routes if not r.starts_away or r.slept_at in reached]


def _move_routes(inst: Instance, team: TeamData, codes: list[str]) -> list[Route]:
    """*Moves*: from a far commune F the team slept at, drive to one of F's nearest communes G
    and serve it alone, then home (*back*) or sleep at G when it is far (*stay*)."""
    if not inst.scenario.rules.allow_overnight:
        return []
    k_pairs, _ = neighbour_counts(len(codes))
    near = nearest_neighbours(inst, codes, k_pairs)
    routes: list[Route] = []
    for origin in codes:
        if not inst.is_far(team, origin):
            continue
        for target in near[origin]:
            drive = inst.travel(origin, target)
            back = _make(
                inst,
                team,
                RouteKind.BACK,
                (target,),
                (drive, inst.travel(target, team.label)),
                origin,
            )
            candidates = [back]
            if inst.is_far(team, target):
                candidates.append(_make(inst, team, RouteKind.STAY, (target,), (drive,), origin))
            routes.extend(r for r in candidates if _usable(team, r))
    return routes


def _least_driving(
    inst: Instance,
    team: TeamData,
    kind: RouteKind,
    orders: list[tuple[str, ...]],
    home: str | None,
) -> Route | None:
    """The usable route of ``kind`` from the base over the order that drives least (with
    opening hours, the least-driving order whose hours allow it)."""
    ranked = sorted(orders, key=lambda o: sum(_legs(inst, team.label, o, home)))
    for order in ranked if any(n in inst.hours for n in ranked[0]) else ranked[:1]:
        route = _make(inst, team, kind, order, _legs(inst, team.label, order, home))
        if _usable(team, route):
            return route
    return None


#: Communes near the commune a joined night is spent at that its day's routes may serve.
JOIN_NEIGHBOURS = 5


def joining_routes(
    inst: Instance, team: TeamData, codes: list[str], start: str = "", end: str = ""
) -> list[Route]:
    """Routes of a day joined to a night outside the planned days (a neighbourhood cut out of an
    overnight chain): from ``start``, the commune slept at ("" = the base), and / or to ``end``,
    the commune slept at after it (served last; "" = home, or a night at a far last stop). They
    serve ``start`` first if at all, and up to ``max_stops_per_day`` of the communes of
    ``codes`` nearest to where the night is spent."""
    anchor = start or end
    near = sorted(
        (c for c in codes if c not in (start, end)),
        key=lambda c: inst.travel(anchor, c) + inst.travel(c, anchor),
    )[:JOIN_NEIGHBOURS]
    pool = [*near, *(c for c in (start, end) if c and c in codes)]
    routes: list[Route] = []
    for k in range(1, inst.scenario.rules.max_stops_per_day + 1):
        for order in itertools.permutations(dict.fromkeys(pool), k):
            if (end and order[-1] != end) or (start in order and order[0] != start):
                continue
            homes = (False,) if end else (True, False) if inst.is_far(team, order[-1]) else (True,)
            for home in homes:
                route = make_route(inst, team, order, start, home)
                if _usable(team, route):
                    routes.append(route)
    return routes


def _away_routes(inst: Instance, team: TeamData, orders: list[tuple[str, ...]]) -> list[Route]:
    """Routes of a day that starts at a far commune F the team slept at (F is served first):
    *back* (then home) and *stay* (sleep again at a far commune: F itself, or move on to
    another far commune served last)."""
    routes: list[Route] = []
    for start in sorted({o[0] for o in orders if inst.is_far(team, o[0])}):
        mine = [o for o in orders if o[0] == start]
        back_order = min(mine, key=lambda o: sum(_legs(inst, start, o[1:], team.label)))
        back_legs = (0, *_legs(inst, start, back_order[1:], team.label))
        stays = [o for o in mine if inst.is_far(team, o[-1]) and (len(o) == 1 or o[-1] != start)]
        candidates = [_make(inst, team, RouteKind.BACK, back_order, back_legs)]
        if stays:
            stay_order = min(stays, key=lambda o: sum(_legs(inst, start, o[1:], None)))
            stay_legs = (0, *_legs(inst, start, stay_order[1:], None))
            candidates.append(_make(inst, team, RouteKind.STAY, stay_order, stay_legs))
        routes.extend(r for r in candidates if _usable(team, r))
    return routes


def route_signature(inst: Instance, team: TeamData, codes: list[str]) -> tuple[object, ...]:
    """What a team's candidate routes depend on: the communes it may serve, its driving times to
    and from every point, and its shift, setup, rate and start time (opening hours). Teams with
    the same signature (e.g. two teams at one base) have the same routes, which are then
    enumerated once."""
    labels = inst.matrix.labels
    return (
        tuple(codes),
        tuple(inst.travel(team.label, x) for x in labels),
        tuple(inst.travel(x, team.label) for x in labels),
        team.team.shift_min,
        team.team.setup_min,
        team.rate,
        team.team.start_time,
    )


def all_team_routes(inst: Instance) -> dict[str, list[Route]]:
    """Candidate routes of every team, keyed by team id (each team gets its own list: a search
    may add routes to one team's list)."""
    known: dict[tuple[object, ...], list[Route]] = {}
    result: dict[str, list[Route]] = {}
    for team in inst.teams:
        codes = relevant_communes(inst, team)
        signature = route_signature(inst, team, codes)
        if signature not in known:
            known[signature] = team_routes(inst, team, codes)
        result[team.team_id] = list(known[signature])
    return result


def route_key(route: Route) -> tuple[object, ...]:
    """What makes two routes the same: kind, communes in order, legs, where it starts."""
    return (route.kind, route.communes, route.legs_min, route.origin)


class RouteIndex:
    """The index of a route in its team's list, appending it when it is not there yet (a search
    or a constructive plan may use routes that are not candidates)."""

    def __init__(self, routes: dict[str, list[Route]]) -> None:
        self.routes = routes
        self._known: dict[str, dict[tuple[object, ...], int]] = {}

    def index(self, team_id: str, route: Route) -> int:
        """Where ``route`` is in ``routes[team_id]`` (added at the end if new)."""
        known = self._known.get(team_id)
        if known is None:
            known = {route_key(r): i for i, r in enumerate(self.routes[team_id])}
            self._known[team_id] = known
        key = route_key(route)
        if key not in known:
            known[key] = len(self.routes[team_id])
            self.routes[team_id].append(route)
        return known[key]
