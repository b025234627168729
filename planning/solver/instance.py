"""Pre-processed solver input: integer data derived from a :class:`~planning.domain.Scenario`.

Everything the model needs is computed here once (working dates, residual backlog and caps after
pinned visits, exact rational service rates, travel minutes) so that the model modules stay small.
The rules that say which team-days, communes and routes may be used on a date live here too, as
methods of :class:`Instance`, so that the model, the greedy plans and the bounds share one home
for each. An instance is built once by :func:`build_instance` and never changed afterwards.

**Nodes are intake points.** The solver's stops are the scenario's intake points
(:attr:`planning.domain.Scenario.points`): a commune that lists none has one, whose id is the
commune's code, so such a scenario gives exactly the instance of before. Backlog, venue cap,
priority, the fewest applications per stop and the dates a stop may be made are per point (the
point's opening rule and its commune's dates); the teams-per-commune-day limit counts the teams
at any point of a commune (:meth:`Instance.commune_of`, :attr:`Instance.pinned_teams` by
commune); opening hours are rows on a route's service time (:meth:`Instance.window_rows`).
Everything reported stays by commune too: a plan's stops name both the commune and the point.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from fractions import Fraction
from functools import cached_property
from types import MappingProxyType
from typing import TYPE_CHECKING

from planning.domain import Plan, Scenario, Team, Visit
from planning.reasons import FlawKind, ScenarioFlaw
from planning.travel import TravelMatrix, base_label, build_travel_matrix

if TYPE_CHECKING:
    from planning.solver.routes import Route

#: A team-day: (team index, date).
TeamDayKey = tuple[int, dt.date]


def rate_fraction(apps_per_hour: float) -> Fraction:
    """A small exact fraction p/q, never above ``apps_per_hour`` (capacity never overstated)."""
    approx = Fraction(apps_per_hour).limit_denominator(1000)
    if approx > Fraction(apps_per_hour):
        approx = Fraction(int(apps_per_hour * 1000), 1000)
    return approx


@dataclass(frozen=True)
class TeamData:
    """Integer data of one team."""

    team: Team
    index: int
    label: str
    rate: Fraction
    working_dates: tuple[dt.date, ...]

    @property
    def team_id(self) -> str:
        """The team's id."""
        return self.team.team_id

    def max_apps(self, service_min: int) -> int:
        """Most applications that fit in ``service_min`` minutes of service."""
        if service_min <= 0:
            return 0
        # Integer arithmetic: called for every route on every team-day by the greedy plans.
        return service_min * self.rate.numerator // (60 * self.rate.denominator)


@dataclass(frozen=True)
class Instance:
    """Everything the model needs, in integers, with the pinned visits taken out.

    Frozen: the fields are set once by :func:`build_instance`; the mappings are read-only.
    """

    scenario: Scenario
    matrix: TravelMatrix
    teams: tuple[TeamData, ...]
    dates: tuple[dt.date, ...]
    communes: tuple[str, ...]
    backlog: Mapping[str, int]
    cap: Mapping[str, int | None]
    priority: Mapping[str, int]
    pinned_days: Mapping[tuple[str, dt.date], tuple[Visit, ...]]
    #: Applications already taken per (node, date) by pinned (or fixed) team-days.
    pinned_apps: Mapping[tuple[str, dt.date], int] = field(default_factory=dict)
    #: Teams already at each (commune, date) by pinned (or fixed) team-days.
    pinned_teams: Mapping[tuple[str, dt.date], int] = field(default_factory=dict)
    problems: tuple[ScenarioFlaw, ...] = ()
    #: (commune, date) pairs of the previous plan, kept where possible when re-planning.
    preferred: frozenset[tuple[str, dt.date]] = frozenset()
    #: (commune, date, team id) of the previous plan: keeping the team too is better still.
    preferred_team: frozenset[tuple[str, dt.date, str]] = frozenset()
    #: Fewest applications per stop at each commune (see :meth:`min_stop`).
    min_stop_apps: Mapping[str, int] = field(default_factory=dict)
    #: The commune of each node (intake point); a node missing here is its own commune.
    node_commune: Mapping[str, str] = field(default_factory=dict)
    #: Opening and closing minutes of the nodes that have hours (see :meth:`window_rows`).
    hours: Mapping[str, tuple[int | None, int | None]] = field(default_factory=dict)
    #: Nights outside the planned days that join them (a neighbourhood of the search cut out of
    #: an overnight chain): the team slept at this commune before this team-day, so the day
    #: starts there ...
    nights_before: Mapping[TeamDayKey, str] = field(default_factory=dict)
    #: ... or sleeps at this commune after it, so the day ends there (see :meth:`route_allowed`).
    nights_after: Mapping[TeamDayKey, str] = field(default_factory=dict)

    def travel(self, origin: str, destination: str) -> int:
        """Driving minutes between two labels (commune codes or ``BASE_<team>``)."""
        return self.matrix.travel_min(origin, destination)

    def round_trip_min(self, team: TeamData, code: str) -> int:
        """Driving minutes from the team's base to ``code`` and back."""
        return self.travel(team.label, code) + self.travel(code, team.label)

    def commune_of(self, node: str) -> str:
        """The commune of a node (an intake point's id, or a commune's code)."""
        return self.node_commune.get(node, node)

    @cached_property
    def _availability(self) -> dict[str, frozenset[dt.date]]:
        """The dates of the window each point may be served on (its and its commune's rule)."""
        dates = self.scenario.calendar.dates()
        return {
            p.point_id: frozenset(d for d in dates if self.scenario.point_open_on(p, d))
            for p in self.scenario.points
        }

    def available(self, code: str, day: dt.date) -> bool:
        """True when node ``code`` may be visited on ``day`` (earliest date, blackouts, and a
        point's weekdays and dates)."""
        return day in self._availability[code]

    def teams_left(self, node: str, day: dt.date) -> int | None:
        """Teams that may still come to the node's commune on ``day`` after pinned (or fixed)
        team-days (``None``: no limit)."""
        limit = self.scenario.rules.max_teams_per_commune_day
        if limit is None:
            return None
        return limit - self.pinned_teams.get((self.commune_of(node), day), 0)

    def window_rows(
        self, team: TeamData, order: tuple[str, ...], legs_min: tuple[int, ...]
    ) -> tuple[tuple[int, int, int], ...]:
        """The opening hours of a route's stops as rows ``(i, j, minutes)``: the service minutes
        of stops i..j (positions in ``order``) together are at most ``minutes``.

        The team leaves at its start time and waits where a point is not open yet; stop j must
        end by its closing time, the day (and the drive home, when ``legs_min`` has it) within
        the shift. With A_i the earliest stop i can begin (start + drive for the first stop, or
        its opening time; a later stop's opening time), the end of stop j is the largest of
        A_i + Σ_{m=i..j}(setup + service_m) + Σ_{m=i+1..j} drive_m over i ≤ j, so every bound
        on it is one row per i. Rows implied by the route's own service time (no point opens
        after the team could arrive, none closes) are left out: a route without hours has none.
        """
        if not any(node in self.hours for node in order):
            return ()
        start = team.team.start_min
        setup, k = team.team.setup_min, len(order)
        home = legs_min[k] if len(legs_min) > k else 0
        begins: dict[int, int] = {}
        for i, node in enumerate(order):
            opens = self.hours.get(node, (None, None))[0]
            if i == 0:
                begins[0] = max(start + legs_min[0], opens if opens is not None else -(10**6))
            elif opens is not None:
                begins[i] = opens
        rows: set[tuple[int, int, int]] = set()
        ends = [
            (j, c)
            for j, node in enumerate(order)
            if (c := self.hours.get(node, (None, None))[1]) is not None
        ]
        for i, begin in begins.items():
            drive = 0
            for j in range(i, k):
                drive += legs_min[j] if j > i else 0
                limits = [c for jj, c in ends if jj == j]
                if j == k - 1:
                    limits.append(start + team.team.shift_min - home)
                for limit in limits:
                    minutes = limit - begin - (j - i + 1) * setup - drive
                    if (
                        (i, j) == (0, k - 1)
                        and begin == start + legs_min[0]
                        and limit == limits[-1]
                    ):
                        continue  # the route's own service time
                    rows.add((i, j, minutes))
        return tuple(sorted(rows))

    def min_stop(self, code: str) -> int:
        """Fewest applications a stop at ``code`` may take: the rule, or the whole backlog left
        (of the whole instance: a neighbourhood's reduced backlog does not lower it)."""
        return self.min_stop_apps.get(code, 1)

    def residual_cap(self, code: str, day: dt.date) -> int | None:
        """Venue cap left on ``day`` after pinned visits (``None`` = no cap)."""
        cap = self.cap[code]
        if cap is None:
            return None
        return max(0, cap - self.pinned_apps.get((code, day), 0))

    def days_left(self, day: dt.date) -> int:
        """Dates from ``day`` to the deadline inclusive (weight of taking one application then)."""
        return (self.scenario.calendar.deadline - day).days + 1

    @cached_property
    def pinned_collected(self) -> int:
        """Applications of pinned visits dated up to the deadline."""
        deadline = self.scenario.calendar.deadline
        return sum(v.applications for v in self.scenario.pinned if v.date <= deadline)

    def free_team_days(self) -> list[TeamDayKey]:
        """Working team-days that are not pinned: the ones the solver plans."""
        return [
            (team.index, day)
            for team in self.teams
            for day in team.working_dates
            if (team.team_id, day) not in self.pinned_days
        ]

    def commune_open(self, code: str, day: dt.date) -> bool:
        """True when a (further) team may serve node ``code`` on ``day``: the point is available,
        its venue cap is not used up by pinned visits, nor its commune's teams-per-day limit."""
        if not self.available(code, day):
            return False
        cap = self.residual_cap(code, day)
        if cap is not None and cap <= 0:
            return False
        left = self.teams_left(code, day)
        return left is None or left > 0

    def is_far(self, team: TeamData, code: str) -> bool:
        """True when ``team`` may sleep at ``code``: overnight stays are allowed and the commune
        is at least ``overnight_min_one_way_min`` from the team's base."""
        rules = self.scenario.rules
        return (
            rules.allow_overnight
            and self.travel(team.label, code) >= rules.overnight_min_one_way_min
        )

    def route_allowed(
        self, team: TeamData, day: dt.date, route: Route, free: set[TeamDayKey]
    ) -> bool:
        """True when ``team`` may follow ``route`` on ``day``: every commune of it is open, and a
        route that starts (ends) away from the base has a free team-day before (after) it. A
        route that sleeps at F also needs F open the next day: a day that starts away serves the
        commune slept at first, so a night before a closed day would lead nowhere.

        A night outside the planned days (``nights_before`` / ``nights_after``) fixes where the
        day starts / ends: only routes from / to that commune are allowed then."""
        if not all(self.commune_open(c, day) for c in route.communes):
            return False
        one = dt.timedelta(days=1)
        key = (team.index, day)
        before = self.nights_before.get(key)
        if before is not None:
            if route.slept_at != before:
                return False
        elif route.starts_away and (team.index, day - one) not in free:
            return False
        after = self.nights_after.get(key)
        if after is not None:
            return route.ends_away and route.last == after
        if route.ends_away:
            return (team.index, day + one) in free and self.commune_open(route.last, day + one)
        return True


def build_instance(scenario: Scenario, previous: Plan | None = None) -> Instance:
    """Derive the solver instance; ``problems`` lists why the scenario cannot be planned (as
    :class:`~planning.reasons.ScenarioFlaw`: the wording is :mod:`planning.wording`'s).

    ``previous`` (re-planning): the plan announced before; its commune-days from the scenario's
    start on become the instance's ``preferred`` (and ``preferred_team``) commune-days.
    """
    matrix = build_travel_matrix(scenario)
    labels = set(matrix.labels)
    problems: list[ScenarioFlaw] = []
    teams = [
        TeamData(
            team=t,
            index=i,
            label=base_label(t.team_id),
            rate=rate_fraction(t.apps_per_hour),
            working_dates=tuple(scenario.team_working_dates(t)),
        )
        for i, t in enumerate(scenario.teams)
    ]
    pinned_days: dict[tuple[str, dt.date], list[Visit]] = {}
    pinned_by_commune: dict[str, int] = {}
    pinned_apps: dict[tuple[str, dt.date], int] = {}
    teams_at: dict[tuple[str, dt.date], set[str]] = {}
    node_commune = {p.point_id: p.commune_code for p in scenario.points}
    team_ids = {t.team_id for t in scenario.teams}
    for visit in scenario.pinned:
        if visit.team_id not in team_ids or node_commune.get(visit.point) != visit.commune_code:
            problems.append(
                ScenarioFlaw(FlawKind.PINNED_UNKNOWN, visit.team_id, visit.commune_code, visit.date)
            )
            continue
        pinned_days.setdefault((visit.team_id, visit.date), []).append(visit)
        pinned_by_commune[visit.point] = pinned_by_commune.get(visit.point, 0) + visit.applications
        key = (visit.point, visit.date)
        pinned_apps[key] = pinned_apps.get(key, 0) + visit.applications
        teams_at.setdefault((visit.commune_code, visit.date), set()).add(visit.team_id)
    pinned_teams = {key: len(teams) for key, teams in teams_at.items()}
    backlog: dict[str, int] = {}
    cap: dict[str, int | None] = {}
    hours: dict[str, tuple[int | None, int | None]] = {}
    point_backlogs = scenario.point_backlogs
    for point in scenario.points:
        code = point.point_id
        left = point_backlogs[code] - pinned_by_commune.get(code, 0)
        if left < 0:
            problems.append(ScenarioFlaw(FlawKind.PINNED_OVER_BACKLOG, commune=code))
        if code not in labels and point_backlogs[code] > 0:
            problems.append(ScenarioFlaw(FlawKind.NO_VENUE, commune=code))
            left = 0
        backlog[code] = max(0, left)
        cap[code] = scenario.point_daily_cap(point)
        if point.has_hours:
            hours[code] = (point.open_from_min, point.open_until_min)
    for (code, day), apps in pinned_apps.items():
        limit = cap[code]
        if limit is not None and apps > limit:
            problems.append(ScenarioFlaw(FlawKind.PINNED_OVER_CAP, commune=code, date=day))
    since = scenario.calendar.start
    kept = [v for v in previous.visits() if v.date >= since] if previous is not None else []
    return Instance(
        scenario=scenario,
        matrix=matrix,
        teams=tuple(teams),
        dates=tuple(scenario.calendar.dates()),
        communes=tuple(p.point_id for p in scenario.points if backlog[p.point_id] > 0),
        backlog=MappingProxyType(backlog),
        cap=MappingProxyType(cap),
        priority=MappingProxyType(
            {p.point_id: scenario.commune(p.commune_code).priority for p in scenario.points}
        ),
        pinned_days=MappingProxyType({k: tuple(v) for k, v in pinned_days.items()}),
        pinned_apps=MappingProxyType(pinned_apps),
        pinned_teams=MappingProxyType(pinned_teams),
        problems=tuple(problems),
        preferred=frozenset((v.point, v.date) for v in kept),
        preferred_team=frozenset((v.point, v.date, v.team_id) for v in kept),
        min_stop_apps=MappingProxyType(
            {c: max(1, min(scenario.rules.min_apps_per_stop, n)) for c, n in backlog.items()}
        ),
        node_commune=MappingProxyType({k: v for k, v in node_commune.items() if k != v}),
        hours=MappingProxyType(hours),
    )
