"""An exact solver for tiny scenarios, over every plan the rules and the checker allow: the
optimum the bounds are compared with (tests/test_overnight_bound.py).

Independent of ``planning.solver`` (it reads only the scenario's figures and its own travel
matrix, and calls CP-SAT directly). It enumerates every way a team can spend a day:

- where the day starts: the base, or — when the team worked the calendar day before and slept
  there — any commune where it may sleep (one way from the base at least
  ``overnight_min_one_way_min``);
- the stops in order: 1..``max_stops_per_day`` distinct communes (or none, for a day that only
  drives home after a night away);
- where it ends: the base, or its last stop when the team may sleep there (then the team must
  work the next calendar day, starting there).

Repeated stops at a commune within a day are left out: on a matrix that obeys the triangle
inequality (the generator closes it under shortest paths) merging them never costs more time
and takes the same applications, so the optimum is unchanged. Applications per stop are integers
of at least the minimum per stop; a day's driving, setups and service fit its shift at the exact
rate; backlog, venue caps per date and teams per commune-day hold; only open dates.
"""

from __future__ import annotations

import datetime as dt
import itertools
from dataclasses import dataclass

from ortools.sat.python import cp_model

from planning.domain import Scenario


@dataclass(frozen=True)
class DayRoute:
    """One way to spend a team-day."""

    start: str
    stops: tuple[str, ...]
    end: str
    drive: int


def _minutes(scenario: Scenario) -> dict[tuple[str, str], int]:
    matrix = scenario.travel.matrix_min
    assert matrix is not None, "the exact solver needs an explicit matrix"
    return {key: round(value) for key, value in matrix.items()}


def day_routes(scenario: Scenario, team_index: int, far: set[str]) -> list[DayRoute]:
    """Every day route of a team (module docstring)."""
    team = scenario.teams[team_index]
    base = f"BASE_{team.team_id}"
    minutes = _minutes(scenario)

    def leg(a: str, b: str) -> int:
        return 0 if a == b else minutes[(a, b)]

    codes = [c.code for c in scenario.communes if c.collectable_backlog > 0]
    routes = []
    for start in [base, *sorted(far)]:
        if start != base:
            routes.append(DayRoute(start, (), base, leg(start, base)))
        for k in range(1, scenario.rules.max_stops_per_day + 1):
            for stops in itertools.permutations(codes, k):
                path = [start, *stops]
                drive = sum(leg(a, b) for a, b in itertools.pairwise(path))
                for end in (base, stops[-1]):
                    if end != base and end not in far:
                        continue
                    routes.append(DayRoute(start, stops, end, drive + leg(stops[-1], end)))
    return routes


def exact_optimum(scenario: Scenario, seconds: float = 180.0) -> int:
    """The most applications any valid plan takes by the deadline (CP-SAT, proven optimal)."""
    model = cp_model.CpModel()
    minutes = _minutes(scenario)
    rules = scenario.rules
    communes = {c.code: c for c in scenario.communes if c.collectable_backlog > 0}
    apps_at: dict[tuple[str, dt.date], list[cp_model.IntVar]] = {}
    teams_at: dict[tuple[str, dt.date], list[cp_model.IntVar]] = {}
    objective = []
    for t, team in enumerate(scenario.teams):
        base = f"BASE_{team.team_id}"
        far = {
            code
            for code in communes
            if rules.allow_overnight and minutes[(base, code)] >= rules.overnight_min_one_way_min
        }
        routes = day_routes(scenario, t, far)
        dates = [d for d in scenario.team_working_dates(team) if d <= scenario.calendar.deadline]
        ends: dict[tuple[dt.date, str], list[cp_model.IntVar]] = {}
        starts: dict[tuple[dt.date, str], list[cp_model.IntVar]] = {}
        for day in dates:
            chosen = []
            visits: dict[str, list[cp_model.IntVar]] = {}
            for r, route in enumerate(routes):
                if not all(_open(scenario, communes[c], day) for c in route.stops):
                    continue
                x = model.new_bool_var(f"r{t}_{day}_{r}")
                chosen.append(x)
                if route.start != base:
                    starts.setdefault((day, route.start), []).append(x)
                if route.end != base:
                    ends.setdefault((day, route.end), []).append(x)
                left = team.shift_min - route.drive - team.setup_min * len(route.stops)
                p, q = _rational(team.apps_per_hour)  # rate = p / q, exactly
                fits = p * left // (60 * q) if left >= 0 else -1
                service = []
                for code in route.stops:
                    most = min(communes[code].collectable_backlog, max(0, fits))
                    n = model.new_int_var(0, most, "")
                    least = max(1, min(rules.min_apps_per_stop, communes[code].collectable_backlog))
                    model.add(n >= least * x)
                    model.add(n <= most * x)
                    service.append(n)
                    apps_at.setdefault((code, day), []).append(n)
                    visits.setdefault(code, []).append(x)
                    objective.append(n)
                if left < 0:
                    model.add(x == 0)
                    continue
                # Σ n × 60 / rate ≤ left when the route is chosen (n = 0 otherwise).
                model.add(60 * q * sum(service) <= p * left * x)
            model.add_at_most_one(chosen)
            for code, xs in visits.items():
                visit = model.new_bool_var("")
                model.add(sum(xs) == visit)
                teams_at.setdefault((code, day), []).append(visit)
        one = dt.timedelta(days=1)
        for day in dates:
            for code in far:
                model.add(sum(ends.get((day, code), [])) == sum(starts.get((day + one, code), [])))
                if day - one not in dates:
                    for x in starts.get((day, code), []):
                        model.add(x == 0)
    for code, commune in communes.items():
        model.add(
            sum(n for (c, _), ns in apps_at.items() if c == code for n in ns)
            <= commune.collectable_backlog
        )
    for (code, _day), ns in apps_at.items():
        cap = scenario.daily_cap(communes[code])
        if cap is not None:
            model.add(sum(ns) <= cap)
    if rules.max_teams_per_commune_day is not None:
        for visits_of_day in teams_at.values():
            model.add(sum(visits_of_day) <= rules.max_teams_per_commune_day)
    model.maximize(sum(objective))
    solver = cp_model.CpSolver()
    solver.parameters.max_time_in_seconds = seconds
    solver.parameters.num_workers = 2
    status = solver.solve(model)
    assert status == cp_model.OPTIMAL, solver.status_name(status)
    return round(solver.objective_value)


def _open(scenario: Scenario, commune, day: dt.date) -> bool:  # type: ignore[no-untyped-def]
    return day >= scenario.earliest_date(commune) and day not in commune.blackout_dates


def _rational(rate: float) -> tuple[int, int]:
    from fractions import Fraction

    fraction = Fraction(rate).limit_denominator(1000)
    assert float(fraction) == rate, "use a rate with a small exact fraction in tests"
    return fraction.numerator, fraction.denominator
