"""Builders of tiny scenarios solvable by hand, shared by the solver's, the reports' and the
campaign's tests, and the solve-then-check helper every rule test uses.

Travel minutes are given as a matrix (``TravelSettings.matrix_min``) so the arithmetic is exact.
Unless said otherwise: rate 20 apps/h (3 min each), setup 30 min, shift 480 min.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planning.domain import (
    Calendar,
    Commune,
    GeoPoint,
    IntakePoint,
    Rules,
    Scenario,
    Team,
    TravelSettings,
)
from planning.io.export_inputs import export_inputs
from planning.io.plan import write_plan_csv
from planning.solver import SolveResult, SolverOptions, solve
from tests.plan_checker import Options, check_plan

D0 = dt.date(2022, 12, 5)  # a Monday
FAST = SolverOptions(time_limit_s=5)


def day(i: int) -> dt.date:
    """The i-th date of the window (0 = D0)."""
    return D0 + dt.timedelta(days=i)


def commune(code: str, backlog: int, **kw: object) -> Commune:
    """A commune with a venue point (the matrix overrides the estimate anyway)."""
    return Commune(code, f"Xã {code}", not_issued=backlog, venue=GeoPoint(22.0, 106.0), **kw)  # type: ignore[arg-type]


def point(point_id: str, commune_code: str, **kw: object) -> IntakePoint:
    """An intake point of ``commune_code`` named after its id, open every day unless said."""
    args: dict[str, object] = {"location": GeoPoint(22.0, 106.0), "weekdays": frozenset(range(7))}
    args.update(kw)
    return IntakePoint(point_id, commune_code, f"Điểm {point_id}", **args)  # type: ignore[arg-type]


def team(team_id: str = "T1", **kw: object) -> Team:
    """A team with the default figures of this module."""
    args: dict[str, object] = {"apps_per_hour": 20, "setup_min": 30, "shift_min": 480}
    args.update(kw)
    return Team(team_id, f"Tổ {team_id}", GeoPoint(22.0, 106.0), **args)  # type: ignore[arg-type]


def matrix(legs: dict[tuple[str, str], int]) -> TravelSettings:
    """Symmetric travel matrix from one direction of each pair."""
    full: dict[tuple[str, str], float] = {}
    for (a, b), minutes in legs.items():
        full[(a, b)] = minutes
        full[(b, a)] = minutes
    return TravelSettings(matrix_min=full)


def scenario(
    communes: list[Commune],
    teams: list[Team],
    days: int,
    legs: dict[tuple[str, str], int],
    rules: Rules | None = None,
    **cal: object,
) -> Scenario:
    """A scenario from D0 over ``days`` dates, communes open from D0."""
    calendar = Calendar(D0, day(days - 1), invitation_lead_days=0, **cal)  # type: ignore[arg-type]
    return Scenario(
        "test",
        tuple(communes),
        tuple(teams),
        calendar,
        travel=matrix(legs),
        rules=rules or Rules(max_stops_per_day=3),
    )


def row_of_far_communes(days: int = 6) -> Scenario:
    """A, B, C, D 100–130 minutes from the base in a row, 20 minutes apart, 150 applications
    each; one team working every day; overnight stays allowed from 90 minutes."""
    codes = "ABCD"
    legs = {("BASE_T1", c): 100 + 10 * i for i, c in enumerate(codes)}
    for i, a in enumerate(codes):
        for j, b in enumerate(codes[i + 1 :], start=i + 1):
            legs[(a, b)] = 20 * (j - i)
    rules = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    every_day = team(working_weekdays=frozenset(range(7)))
    return scenario([commune(c, 150) for c in codes], [every_day], days, legs, rules=rules)


def checked(
    sc: Scenario, tmp_path: Path, options: SolverOptions = FAST, opts: Options | None = None
) -> SolveResult:
    """Solve, write plan.csv and the inputs, and assert the independent checker finds nothing."""
    result = solve(sc, options)
    export_inputs(sc, tmp_path / "inputs")
    write_plan_csv(result.plan, sc, tmp_path / "plan.csv")
    opts = opts or Options(
        allow_overnight=sc.rules.allow_overnight,
        overnight_min_one_way_min=sc.rules.overnight_min_one_way_min,
        max_teams_per_commune_day=sc.rules.max_teams_per_commune_day,
    )
    problems = check_plan(tmp_path / "inputs", tmp_path / "plan.csv", opts)
    assert problems == [], problems
    assert result.upper_bound_by_deadline >= result.collected_by_deadline
    return result
