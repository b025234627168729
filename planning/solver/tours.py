"""Tour start: each team walks one long tour of the province, day by day (issue 17).

Why: with overnight stays a team's driving is paid per *chain* (its trip out and back) and per
*arrival* at a commune. The chain greedy (:mod:`planning.solver.greedy`) decides one day at a time
and so goes home and out again many times (province_190: 17 chains for 6 teams, 7,300 of its
12,800 minutes of driving spent on trips out and back). A planner with a map does the opposite:
each team takes one region and works through it commune by commune, sleeping where it finishes,
and comes home when the region is done or the calendar says so.

1. **Regions and order** (:func:`team_sequences`): a vehicle routing problem solved by OR-Tools'
   routing library — one vehicle per team from its base and back, each commune an optional visit
   (a disjunction whose penalty is its applications, so volume comes first), arc cost the driving
   minutes, and a *work* dimension (driving + the commune's setups and service at that team's
   rate) up to the team's shifts over its free days. A commune where some teams may sleep and
   others may not is offered only to the teams that may sleep there (:func:`roaming_teams`).
   Its answer is an ordered list of communes per team.
2. **The walk** (:func:`walk_team`): day by day along its list the team serves the next open
   commune (from where it slept, or from the base), finishes it if the day allows and drives on to
   the next, and ends the day sleeping at the last commune served when the rules allow it (a far
   commune, a working day after it, the commune open then), else at home. A day before a day off
   ends at home. Every day is a route made by :func:`~planning.solver.routes.make_route` and
   appended to the team's list (:class:`~planning.solver.routes.RouteIndex`).
2b. **Leftovers** (:func:`walk_leftovers`): teams with free days left walk the communes still
   short, nearest first from their base, the same way — a team whose region is done drives once
   to where people are left and stays there.
3. The team-days the walks leave free are completed by cheapest insertion
   (:func:`~planning.solver.insertion.insertion_assignment`), and the caller keeps the plan only
   when :func:`~planning.solver.assignment.assignment_problems` finds nothing.

Everything is read through the :class:`~planning.solver.instance.Instance` node arrays and
predicates (``communes``, ``travel``, ``is_far``, ``commune_open``, ``min_stop``).
"""

from __future__ import annotations

import datetime as dt
import math
import time

from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from planning.solver.assignment import Assignment
from planning.solver.greedy import Ledger, viable_take
from planning.solver.insertion import insertion_assignment
from planning.solver.instance import Instance, TeamData, TeamDayKey
from planning.solver.routes import Route, RouteIndex, make_route

ONE_DAY = dt.timedelta(days=1)
#: Objective weight of one application, in driving minutes (volume first).
PRIZE_PER_APP = 100
#: Share of a team's shift minutes the routing model may fill (the walk loses some to days that
#: do not end where a commune does).
WORK_SHARE = 0.97
#: Setups counted per commune in the routing model beyond one per day of service (a commune
#: started late in a day is set up again the next morning).
EXTRA_SETUPS = 1
#: Fewest minutes of service worth starting a commune late in a day (it costs a setup the next
#: morning).
MIN_LATE_START_MIN = 45
#: Fewest minutes of service of a partial stop on a day that ends at home (the rest of the
#: commune needs another arrival).
PARTIAL_MIN = 90
#: Seconds of routing search per commune (and share of the start's time, at most): the search
#: is still improving the tours at that point on the province instances, but the walk and the
#: neighbourhood search use the time better.
ROUTING_S_PER_COMMUNE, ROUTING_SHARE = 0.05, 0.6
#: Communes looked ahead along a team's list for one open on the day.
LOOKAHEAD = 4


def roaming_teams(inst: Instance, teams: list[TeamData], code: str) -> list[int]:
    """Positions in ``teams`` of the teams the tour model offers ``code`` to: the teams that may
    sleep there (:meth:`~planning.solver.instance.Instance.is_far`), or every team when none or
    all of them may.

    Why: a team works a commune where it may sleep night after night and pays one arrival; a
    commune it may not sleep at costs it a drive home and back every day. The routing search
    charges that drive (:func:`_returns_min`) but, from its first solution, hardly ever trades
    one team's home region for another's, so teams kept the communes round their own bases and
    drove home every night (tour start alone, routing search 6 s: Lâm Đồng with 11 teams 60,108
    of 64,677, 151 of 362 days away; offered only where they may sleep, 62,475 and 344 of 363;
    An Giang with 12 teams 65,967 → every one of 67,710; Thanh Hoá with 9 teams 48,891 →
    51,240; province_120 39,864 → 40,631; the 200 × 12 × 60 instance 115,744 → every one of
    118,584). The communes the teams that may sleep there cannot fit are left out of the model,
    and the walk of the leftovers and cheapest insertion serve them by day trips."""
    allowed = [v for v, team in enumerate(teams) if inst.is_far(team, code)]
    return allowed if 0 < len(allowed) < len(teams) else list(range(len(teams)))


def team_sequences(
    inst: Instance, teams: list[TeamData], days: dict[int, list[dt.date]], seconds: float
) -> dict[int, list[str]]:
    """Each team's communes in the order of its tour (step 1 of the module docstring)."""
    codes = list(inst.communes)
    labels = [t.label for t in teams] + codes
    n_teams = len(teams)
    manager = pywrapcp.RoutingIndexManager(
        len(labels), n_teams, list(range(n_teams)), list(range(n_teams))
    )
    routing = pywrapcp.RoutingModel(manager)
    # Matrices, not Python callbacks: the search evaluates arcs in C++ (ten times the moves).
    minutes = [[inst.travel(a, b) for b in labels] for a in labels]
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(minutes))
    callbacks = []
    trips: dict[str, dict[str, int]] = {}  # per base: the rule depends on nothing else
    for team in teams:
        trip = trips.setdefault(team.label, work_trips(inst, team))
        work = [0] * n_teams + [_work_min(inst, team, c, trip.get(c, 0)) for c in codes]
        matrix = [[work[i] + row[j] for j in range(len(labels))] for i, row in enumerate(minutes)]
        callbacks.append(routing.RegisterTransitMatrix(matrix))
    capacity = [int(WORK_SHARE * t.team.shift_min * len(days[t.index])) for t in teams]
    routing.AddDimensionWithVehicleTransitAndCapacity(
        callbacks, max(capacity), capacity, True, "work"
    )
    work_dim = routing.GetDimensionOrDie("work")
    for node, code in enumerate(codes, start=n_teams):
        # A commune that opens late is reached after the work of the days before it opens.
        opens = min(_days_before_open(inst, code, days[t.index]) * t.team.shift_min for t in teams)
        if opens > 0:
            work_dim.CumulVar(manager.NodeToIndex(node)).SetMin(int(WORK_SHARE * opens))
    for node, code in enumerate(codes, start=n_teams):
        index = manager.NodeToIndex(node)
        routing.AddDisjunction([index], PRIZE_PER_APP * inst.backlog[code])
        allowed = roaming_teams(inst, teams, code)
        if len(allowed) < n_teams:
            routing.VehicleVar(index).SetValues([-1, *allowed])  # -1: left out
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = (
        routing_enums_pb2.FirstSolutionStrategy.PARALLEL_CHEAPEST_INSERTION
    )
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(max(100, int(seconds * 1000)))
    solution = routing.SolveWithParameters(params)
    result: dict[int, list[str]] = {t.index: [] for t in teams}
    if solution is None:
        return result
    for v, team in enumerate(teams):
        index = solution.Value(routing.NextVar(routing.Start(v)))
        while not routing.IsEnd(index):
            result[team.index].append(labels[manager.IndexToNode(index)])
            index = solution.Value(routing.NextVar(index))
    return result


def _days_before_open(inst: Instance, code: str, dates: list[dt.date]) -> int:
    """Working days of a team before ``code`` first opens (all of them if it never does)."""
    for i, day in enumerate(dates):
        if inst.commune_open(code, day):
            return i
    return len(dates)


def work_trips(inst: Instance, team: TeamData) -> dict[str, int]:
    """Driving per shift of work at each commune where ``team`` may not sleep: its round trip
    from the base or, when shorter, the drive in from the nearest commune where the team may
    sleep and out to the nearest one (a day away can pass through it: from the commune slept
    at to the one slept at next).

    Why: charged the round trip from the base only, the communes just short of the overnight
    distance (province_190: 14 of its 33 such communes are 60–89 minutes from the base and
    17–55 from a commune 90+ minutes away) were left to day trips of 120–174 minutes' driving
    each; charged this way the routing puts the small ones between communes where the team
    sleeps and the walk serves them on its way (tour start on province_190: 27,749 →
    27,836–27,901 applications, 8,366 → 7,683–7,722 minutes of driving; unchanged where each
    commune is offered only to teams that may sleep there, :func:`roaming_teams`)."""
    far = [c for c in inst.communes if inst.is_far(team, c)]
    trips = {}
    for code in set(inst.communes).difference(far):
        trip = inst.round_trip_min(team, code)
        if far:
            into = min(inst.travel(f, code) for f in far)
            out = min(inst.travel(code, f) for f in far)
            trip = min(trip, into + out)
        trips[code] = trip
    return trips


def _work_min(inst: Instance, team: TeamData, code: str, trip_min: int) -> int:
    """Minutes of work at a commune: its service at the team's rate and its setups, and the
    driving it costs per shift of it, ``trip_min`` (:func:`_returns_min`)."""
    backlog = inst.backlog[code]
    day_apps = max(1, team.max_apps(team.team.shift_min - team.team.setup_min))
    cap = inst.cap[code]
    if cap is not None:
        day_apps = min(day_apps, cap)
    setups = math.ceil(backlog / day_apps) + EXTRA_SETUPS
    work = math.ceil(backlog * 60 / team.team.apps_per_hour + setups * team.team.setup_min)
    return work + _returns_min(team, work, trip_min)


def _returns_min(team: TeamData, work_min: int, trip_min: int) -> int:
    """Driving the tour does not show: a commune where the team may not sleep is worked from
    the base or from the communes where it sleeps around it (:func:`work_trips`), so its work
    drives ``trip_min`` once per shift of it (pro rata: a commune of half a day shares its day
    with another); 0 where the team may sleep.

    Why: the routing model charges a tour's driving once, as if the team slept wherever it
    stops. Without this charge each team took the region around its own base, where it may not
    sleep, and drove home every night (Thanh Hoá with 10 teams: 24,069 minutes driven, 126 people
    short after 60 s); with it, teams also take regions 90+ minutes from their base and work
    through them night after night, as the rules allow (every applicant planned in 10 s). A
    whole round trip per started day instead of pro rata cost province_120 about 450 of
    40,586 applications in 60 s; pro rata, 40,748."""
    return math.ceil(work_min * trip_min / team.team.shift_min)


class _Walk:
    """One team walking its list (step 2 of the module docstring)."""

    def __init__(
        self, inst: Instance, ledger: Ledger, team: TeamData, free: set[TeamDayKey]
    ) -> None:
        self.inst, self.ledger, self.team, self.free = inst, ledger, team, free
        self.per_app = 60 / team.team.apps_per_hour

    def can_sleep(self, code: str, day: dt.date) -> bool:
        """True when the team may end ``day`` at ``code`` and start the next day there."""
        return (
            self.inst.is_far(self.team, code)
            and (self.team.index, day + ONE_DAY) in self.free
            and self.inst.commune_open(code, day + ONE_DAY)
        )

    def candidates(self, pending: list[str], day: dt.date, taken: set[str]) -> list[str]:
        """The next communes of the list with room on ``day`` (a few, in list order)."""
        found = []
        for code in pending:
            if code in taken or self.ledger.left[code] <= 0:
                continue
            if self.ledger.room(code, day) >= self.inst.min_stop(code):
                found.append(code)
                if len(found) >= LOOKAHEAD:
                    break
        return found

    def day(
        self, start: str, pending: list[str], day: dt.date, home_tonight: bool
    ) -> tuple[list[tuple[str, int]], bool]:
        """Stops of one day from ``start`` (the base label or the commune slept at), and whether
        the team sleeps at the last one. Nothing is booked."""
        inst, team = self.inst, self.team
        base = team.label
        stops: list[tuple[str, int]] = []
        used, here = 0.0, start
        taken: set[str] = set()
        left = dict(self.ledger.left)
        while len(stops) < inst.scenario.rules.max_stops_per_day:
            choice = self._next_stop(here, pending, day, taken, used, home_tonight, bool(stops))
            if choice is None:
                break
            code, apps, drive = choice
            stops.append((code, apps))
            taken.add(code)
            used += drive + team.team.setup_min + apps * self.per_app
            left[code] -= apps
            here = code
            if left[code] > 0:
                break
        if not stops:
            return stops, False
        last = stops[-1][0]
        sleeps = not home_tonight and self.can_sleep(last, day)
        if sleeps and left[last] < inst.min_stop(last):
            sleeps = self._onward(last, pending, day + ONE_DAY, taken)
        if not sleeps and used + inst.travel(last, base) > team.team.shift_min:
            return self._trimmed(start, stops, day), False
        return stops, sleeps

    def _next_stop(
        self,
        here: str,
        pending: list[str],
        day: dt.date,
        taken: set[str],
        used: float,
        home_tonight: bool,
        started: bool,
    ) -> tuple[str, int, int] | None:
        """(commune, applications, drive) of the next stop, or None when the day is done."""
        inst, team = self.inst, self.team
        shift, setup = team.team.shift_min, team.team.setup_min
        for code in self.candidates(pending, day, taken):
            drive = 0 if code == here else inst.travel(here, code)
            sleeps = not home_tonight and self.can_sleep(code, day)
            home = 0 if sleeps else inst.travel(code, team.label)
            service = shift - used - drive - setup - home
            if started and service < MIN_LATE_START_MIN:
                continue
            room = self.ledger.room(code, day)
            most = team.max_apps(int(service))
            apps = viable_take(inst, code, self.ledger.left[code], min(room, most))
            if apps <= 0:
                continue
            if apps < self.ledger.left[code] and not sleeps and apps * self.per_app < PARTIAL_MIN:
                continue  # a crumb of a stop on the way home: leave it for a day of its own
            return code, apps, drive
        return None

    def _onward(self, code: str, pending: list[str], day: dt.date, taken: set[str]) -> bool:
        """True when, after sleeping at a finished ``code``, the next day has a commune to go
        on to."""
        return bool(self.candidates([c for c in pending if c != code], day, taken))

    def _trimmed(
        self, start: str, stops: list[tuple[str, int]], day: dt.date
    ) -> list[tuple[str, int]]:
        """The stops cut so that the day still drives home within the shift."""
        team, inst = self.team, self.inst
        while stops:
            order = tuple(code for code, _ in stops)
            route = make_route(inst, team, order, "" if start == team.label else start)
            spare = team.max_apps(route.service_min) - sum(n for _, n in stops)
            if spare >= 0:
                return stops
            code, apps = stops[-1]
            less = viable_take(inst, code, self.ledger.left[code], apps + spare)
            if less > 0:
                return [*stops[:-1], (code, less)]
            stops = stops[:-1]
        return stops


def walk_team(
    inst: Instance,
    ledger: Ledger,
    team: TeamData,
    dates: list[dt.date],
    sequence: list[str],
    free: set[TeamDayKey],
    index: RouteIndex,
) -> Assignment:
    """The team's days along its list (step 2 of the module docstring), booked in ``ledger``."""
    walk = _Walk(inst, ledger, team, free)
    result: Assignment = {}
    pending = list(sequence)
    here = team.label
    for day in dates:
        pending = [c for c in pending if ledger.left[c] > 0]
        if not pending and here == team.label:
            break
        home_tonight = (team.index, day + ONE_DAY) not in free or not pending
        stops, sleeps = walk.day(here, pending, day, home_tonight)
        if not stops:
            if here != team.label:
                return _cut_chain(result, ledger, index, team, day)
            continue
        start = "" if here == team.label else here
        route = make_route(inst, team, tuple(c for c, _ in stops), start, home=not sleeps)
        apps = dict(stops)
        result[(team.index, day)] = (index.index(team.team_id, route), apps)
        ledger.book(day, apps)
        here = route.last if sleeps else team.label
    return result


def _cut_chain(
    result: Assignment, ledger: Ledger, index: RouteIndex, team: TeamData, day: dt.date
) -> Assignment:
    """The walk stranded the team away: its last night is dropped by ending the previous day
    at home (its stops shortened to fit the drive), and the walk of this team stops there."""
    key = (team.index, day - ONE_DAY)
    r, apps = result.pop(key)
    route = index.routes[team.team_id][r]
    ledger.unbook(key[1], apps)
    inst = ledger.inst
    start = route.slept_at
    walk = _Walk(inst, ledger, team, set())
    stops = walk._trimmed(start or team.label, list(apps.items()), key[1])
    if stops:
        home = make_route(inst, team, tuple(c for c, _ in stops), start, home=True)
        result[key] = (index.index(team.team_id, home), dict(stops))
        ledger.book(key[1], dict(stops))
    elif start:
        # Without a stop the day cannot start away: the chain is cut back one more day.
        return _cut_chain(result, ledger, index, team, key[1])
    return result


def top_up(inst: Instance, ledger: Ledger, index: RouteIndex, assignment: Assignment) -> Assignment:
    """Each day with spare shift takes one more stop where it fits best (any commune with room,
    at any place in its route that keeps where the day starts and ends), while that adds
    applications: the walk leaves time at the end of a region and on days a commune finishes
    early."""
    result = dict(assignment)
    for key in sorted(result, key=lambda k: (k[1], k[0])):
        while (found := _best_extra(inst, ledger, index, key, result[key])) is not None:
            result[key] = found
    return result


def _best_extra(
    inst: Instance,
    ledger: Ledger,
    index: RouteIndex,
    key: TeamDayKey,
    chosen: tuple[int, dict[str, int]],
) -> tuple[int, dict[str, int]] | None:
    """The day with the one extra stop that adds most, booked; None when none fits."""
    t, day = key
    team = inst.teams[t]
    route = index.routes[team.team_id][chosen[0]]
    apps = chosen[1]
    if len(route.communes) >= inst.scenario.rules.max_stops_per_day:
        return None
    taken = sum(apps.values())
    if team.max_apps(route.service_min) - taken < min(inst.min_stop(c) for c in inst.communes):
        return None
    start = route.slept_at
    home = not route.ends_away
    places = len(route.communes) + (1 if home else 0)
    best: tuple[int, Route, str] | None = None
    for code in inst.communes:
        if code in apps or ledger.room(code, day) < inst.min_stop(code):
            continue
        for pos in range(places):
            order = (*route.communes[:pos], code, *route.communes[pos:])
            new = make_route(inst, team, order, start, home)
            room = team.max_apps(new.service_min) - taken
            gained = viable_take(inst, code, ledger.left[code], min(room, ledger.room(code, day)))
            if gained > 0 and (best is None or gained > best[0]):
                best = (gained, new, code)
    if best is None:
        return None
    gained, new, code = best
    ledger.book(day, {code: gained})
    return index.index(team.team_id, new), {**apps, code: gained}


def tour_assignment(
    inst: Instance, routes: dict[str, list[Route]], until: float | None = None
) -> Assignment:
    """The tour start (module docstring); empty without overnight stays or time."""
    if not inst.scenario.rules.allow_overnight or not inst.communes:
        return {}
    free = set(inst.free_team_days())
    days: dict[int, list[dt.date]] = {}
    for t, day in sorted(free, key=lambda k: k[1]):
        days.setdefault(t, []).append(day)
    teams = [t for t in inst.teams if t.index in days]
    seconds = ROUTING_S_PER_COMMUNE * len(inst.communes) + 0.5
    if until is not None:
        seconds = min(seconds, ROUTING_SHARE * (until - time.monotonic()))
    if not teams or seconds < 0.2:
        return {}
    sequences = team_sequences(inst, teams, days, seconds)
    ledger = Ledger(inst)
    index = RouteIndex(routes)
    walked: Assignment = {}
    for team in teams:
        walked |= walk_team(
            inst, ledger, team, days[team.index], sequences[team.index], free, index
        )
    walked = top_up(inst, ledger, index, walked)
    walked = walk_leftovers(inst, ledger, index, walked, teams, days)
    return insertion_assignment(inst, routes, until, start=walked)


def walk_leftovers(
    inst: Instance,
    ledger: Ledger,
    index: RouteIndex,
    walked: Assignment,
    teams: list[TeamData],
    days: dict[int, list[dt.date]],
) -> Assignment:
    """Step 2b: the teams with free days left (most first) walk the communes still short,
    nearest first from their base, sleeping away where the rules allow. A team whose region is
    done may be a day's drive from the communes left (Quảng Ngãi with 8 teams: one idle for 18
    days 400–600 min from 210 people left at 13 communes): cheapest insertion, one day trip at
    a time, never sends it; a walk drives there once and stays."""
    result = dict(walked)
    for team in sorted(teams, key=lambda t: (-_unused(result, t, days), t.index)):
        short = [c for c in inst.communes if ledger.left[c] > 0]
        if not short:
            break
        dates = [d for d in days[team.index] if (team.index, d) not in result]
        if not dates:
            continue
        free = {(team.index, d) for d in dates}
        order = _nearest_first(inst, team.label, short)
        result |= walk_team(inst, ledger, team, dates, order, free, index)
    return top_up(inst, ledger, index, result)


def _unused(assignment: Assignment, team: TeamData, days: dict[int, list[dt.date]]) -> int:
    return sum(1 for d in days[team.index] if (team.index, d) not in assignment)


def _nearest_first(inst: Instance, start: str, codes: list[str]) -> list[str]:
    """``codes`` in nearest-neighbour order from ``start``."""
    order: list[str] = []
    here, todo = start, set(codes)
    while todo:
        here = min(todo, key=lambda c: (inst.travel(here, c), c))
        order.append(here)
        todo.discard(here)
    return order
