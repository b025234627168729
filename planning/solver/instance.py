"""Pre-processed solver input: integer data derived from a :class:`~planning.domain.Scenario`.

Everything the model needs is computed here once (working dates, residual backlog and caps after
pinned visits, exact rational service rates, travel minutes) so that the model modules stay small.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from fractions import Fraction

from planning.domain import Scenario, Team, Visit
from planning.travel import TravelMatrix, base_label, build_travel_matrix


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
        return int(Fraction(service_min) * self.rate / 60)


@dataclass
class Instance:
    """Everything the model needs, in integers, with the pinned visits taken out."""

    scenario: Scenario
    matrix: TravelMatrix
    teams: list[TeamData]
    dates: list[dt.date]
    communes: list[str]
    backlog: dict[str, int]
    cap: dict[str, int | None]
    priority: dict[str, int]
    pinned_days: dict[tuple[str, dt.date], list[Visit]]
    pinned_apps: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    pinned_teams: dict[tuple[str, dt.date], int] = field(default_factory=dict)
    problems: list[str] = field(default_factory=list)
    #: (commune, date) pairs of the previous plan, kept where possible when re-planning.
    preferred: set[tuple[str, dt.date]] = field(default_factory=set)
    #: (commune, date, team id) of the previous plan: keeping the team too is better still.
    preferred_team: set[tuple[str, dt.date, str]] = field(default_factory=set)

    def travel(self, origin: str, destination: str) -> int:
        """Driving minutes between two labels (commune codes or ``BASE_<team>``)."""
        return self.matrix.travel_min(origin, destination)

    def available(self, code: str, day: dt.date) -> bool:
        """True when commune ``code`` may be visited on ``day`` (earliest date and blackouts)."""
        commune = self.scenario.commune(code)
        return day >= self.scenario.earliest_date(commune) and day not in commune.blackout_dates

    def min_stop(self, code: str) -> int:
        """Fewest applications a stop at ``code`` may take: the rule, or the whole backlog left."""
        return max(1, min(self.scenario.rules.min_apps_per_stop, self.backlog.get(code, 0)))

    def residual_cap(self, code: str, day: dt.date) -> int | None:
        """Venue cap left on ``day`` after pinned visits (``None`` = no cap)."""
        cap = self.cap[code]
        if cap is None:
            return None
        return max(0, cap - self.pinned_apps.get((code, day), 0))

    def days_left(self, day: dt.date) -> int:
        """Dates from ``day`` to the deadline inclusive (weight of taking one application then)."""
        return (self.scenario.calendar.deadline - day).days + 1


def build_instance(scenario: Scenario) -> Instance:
    """Derive the solver instance; ``problems`` lists why the scenario cannot be planned."""
    matrix = build_travel_matrix(scenario)
    labels = set(matrix.labels)
    problems: list[str] = []
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
    pinned_teams: dict[tuple[str, dt.date], int] = {}
    codes = {c.code for c in scenario.communes}
    team_ids = {t.team_id for t in scenario.teams}
    for visit in scenario.pinned:
        if visit.team_id not in team_ids or visit.commune_code not in codes:
            problems.append(
                f"pinned visit {visit.team_id} {visit.date} {visit.commune_code}: "
                "unknown team or commune"
            )
            continue
        pinned_days.setdefault((visit.team_id, visit.date), []).append(visit)
        pinned_by_commune[visit.commune_code] = (
            pinned_by_commune.get(visit.commune_code, 0) + visit.applications
        )
        key = (visit.commune_code, visit.date)
        pinned_apps[key] = pinned_apps.get(key, 0) + visit.applications
        pinned_teams[key] = pinned_teams.get(key, 0) + 1
    backlog: dict[str, int] = {}
    cap: dict[str, int | None] = {}
    for commune in scenario.communes:
        left = commune.collectable_backlog - pinned_by_commune.get(commune.code, 0)
        if left < 0:
            problems.append(f"pinned visits exceed the collectable backlog of {commune.code}")
        if commune.code not in labels and commune.collectable_backlog > 0:
            problems.append(f"commune {commune.code} has no venue point: it cannot be planned")
            left = 0
        backlog[commune.code] = max(0, left)
        cap[commune.code] = scenario.daily_cap(commune)
    for (code, day), apps in pinned_apps.items():
        limit = cap[code]
        if limit is not None and apps > limit:
            problems.append(f"pinned visits exceed the daily cap of {code} on {day}")
    return Instance(
        scenario=scenario,
        matrix=matrix,
        teams=teams,
        dates=scenario.calendar.dates(),
        communes=[c.code for c in scenario.communes if backlog[c.code] > 0],
        backlog=backlog,
        cap=cap,
        priority={c.code: c.priority for c in scenario.communes},
        pinned_days=pinned_days,
        pinned_apps=pinned_apps,
        pinned_teams=pinned_teams,
        problems=problems,
    )
