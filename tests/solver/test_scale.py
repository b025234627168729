"""Province scale: the time limit as a contract, the neighbourhood search, overnight routes that
serve nearby communes, the radius LP bound, unreachable communes and the limits no team count
lifts. Small scenarios are worked out by hand (helpers of ``test_solver_rules``); the province
instances come from ``bench/make_province.py`` (national layer in ../shared/geodata)."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench.make_province import scaled, scaled_points
from planning.domain import Rules
from planning.io.scenario import load_scenario
from planning.reasons import Unreachable, UnreachableKind
from planning.results import BoundKind, LimitKind, PhaseOutcome
from planning.solver import SolverOptions, what_it_takes
from planning.solver import api as solver_api
from planning.solver.bounds import radius_lp_bound, route_lp_bound
from planning.solver.instance import build_instance
from planning.wording import unreachable_text
from tests.builders import checked, commune, day, scenario, team

#: Seconds a solve may run past its limit (the contract: T + 5 s).
TOLERANCE_S = 5.0


def test_a_day_from_the_far_commune_serves_a_commune_on_the_way_home(tmp_path: Path) -> None:
    # Base–N 60, N–F 60, base–F 120 (N on the way); F is far (≥ 90), N is not. Two days,
    # backlogs 100 each, rate 20/h (3 min), setup 30, shift 480.
    # Day 1 out base→N→F: 120 min driving, 2 setups → 300 min → 100 (N 80, F 20).
    # Day 2 back F→N→base: 120 min, 2 setups → 300 min → 100 (F 80, N 20): all 200.
    # Without back routes that stop on the way, the best is 180 (the N remainder is left).
    rules = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    sc = scenario(
        [commune("N", 100), commune("F", 100)],
        [team()],
        2,
        {("BASE_T1", "N"): 60, ("N", "F"): 60, ("BASE_T1", "F"): 120},
        rules=rules,
    )
    result = checked(sc, tmp_path)
    assert result.collected_by_deadline == 200
    assert result.meets
    assert [td.overnight_at for td in result.plan.team_days] == ["F", ""]
    # Day 2 drives home through N and serves it (serving F again first, or moving on from F:
    # both take all 200).
    assert [s.commune_code for s in result.plan.team_days[1].stops][-2:] == ["N", "BASE"]


def test_radius_lp_is_valid_and_at_most_the_backlog() -> None:
    # Two days of one team, communes at 60 and 120 min (round trips 120/240): a day at A takes
    # (480-120-30)/3 = 110, at B (480-240-30)/3 = 70. Backlogs 500: optimum 2 × 110 = 220.
    sc = scenario(
        [commune("A", 500), commune("B", 500)],
        [team()],
        2,
        {("BASE_T1", "A"): 60, ("BASE_T1", "B"): 120, ("A", "B"): 60},
    )
    inst = build_instance(sc)
    radius = radius_lp_bound(inst, 10)
    routes = route_lp_bound(inst)
    assert radius is not None and routes is not None
    assert radius == 220  # the farthest stop's round trip is charged exactly
    assert radius >= routes >= 220


def test_an_unreachable_commune_is_listed_with_its_reason(tmp_path: Path) -> None:
    # X is 300 min away: 600 min there and back > the 480-min shift, no overnight stays.
    sc = scenario(
        [commune("A", 50), commune("X", 80)],
        [team()],
        2,
        {("BASE_T1", "A"): 30, ("BASE_T1", "X"): 300, ("A", "X"): 290},
    )
    result = checked(sc, tmp_path)
    assert result.collected_by_deadline == 50
    assert set(result.unreachable) == {"X"}
    why = result.unreachable["X"]
    assert why == Unreachable(UnreachableKind.TOO_FAR, "T1", 600, 30, 480, overnight_allowed=False)
    assert "nghỉ lại qua đêm" in unreachable_text(why, "vi")
    assert "overnight" in unreachable_text(why, "en")
    from planning.io.plan import format_summary_vi

    assert "Không đến được Xã X (X): tổ gần nhất (T1) đi về mất 600 phút" in format_summary_vi(
        result, sc, None
    )
    what = what_it_takes(sc, SolverOptions(time_limit_s=5))
    assert [(lim.commune_code, lim.kind) for lim in what.limits] == [("X", LimitKind.UNREACHABLE)]
    # The fewest teams are then those for A alone: one, proven.
    assert what.min_teams_leaves_out == ("X",)
    assert what.min_teams_for_deadline == 1 and what.min_teams_proven


def test_a_venue_cap_no_team_count_lifts_names_the_cap_and_the_deadline() -> None:
    # A takes at most 100 a day (venue cap), open 3 days (D0..D0+2), backlog 500: no number of
    # teams finishes by the deadline. Lifting it: a cap of ceil(500/3) = 167 a day, or a
    # deadline 5 days from D0 (5 × 100 = 500), i.e. D0 + 4.
    sc = scenario(
        [commune("A", 500, daily_cap=100)],
        [team()],
        3,
        {("BASE_T1", "A"): 10},
        rules=Rules(max_teams_per_commune_day=2),
    )
    what = what_it_takes(sc, SolverOptions(time_limit_s=5))
    assert what.min_teams_for_deadline is None and what.min_teams_proven
    (limit,) = what.limits
    assert limit.kind == LimitKind.VENUE_CAP
    assert (limit.backlog, limit.most_by_deadline) == (500, 300)
    assert limit.cap_needed_per_day == 167
    assert limit.deadline_needed == day(4)
    assert what.earliest_finish_current_teams is not None
    assert what.earliest_finish_current_teams >= day(4)


def test_what_if_keeps_its_own_budget() -> None:
    # A budget too small for any sub-solve: every answer is reported as not found, at once.
    sc = scenario(
        [commune("A", 5000)],
        [team()],
        5,
        {("BASE_T1", "A"): 30},
    )
    started = time.monotonic()
    what = what_it_takes(sc, SolverOptions(time_limit_s=5), budget_s=0.1)
    assert time.monotonic() - started < 0.1 + TOLERANCE_S
    assert what.time_limited
    assert what.min_teams_for_deadline is None and not what.min_teams_proven


@pytest.fixture(scope="module")
def province(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A 60-commune, 4-team, 14-day slice of a mountain province (illustrative backlogs)."""
    folder = tmp_path_factory.mktemp("province")
    return scaled(folder / "p60", communes=60, teams=4, days=14, bases=2)


def test_neighbourhood_search_plans_a_province_within_the_limit(
    province: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Force the neighbourhood search (the whole model would fit at this size).
    monkeypatch.setattr(solver_api, "WHOLE_MODEL_MAX_ROUTE_VARS", 0)
    sc = load_scenario(province)
    limit = 8.0
    started = time.monotonic()
    result = checked(sc, tmp_path, options=SolverOptions(time_limit_s=limit))
    assert time.monotonic() - started <= limit + TOLERANCE_S
    names = [p.name for p in result.phases]
    assert "lns_volume" in names and "model" in names
    assert next(p for p in result.phases if p.name == "model").outcome == PhaseOutcome.SKIPPED
    assert result.collected_by_deadline > 0
    assert result.bound_kind in set(BoundKind)


def test_a_short_limit_cuts_the_start_constructions(province: Path) -> None:
    # A what-if probe started near the end of its budget gets well under a second. The start's
    # constructions each had at least 2 s whatever the limit (4.5 s for a 0.5-s solve at 100
    # communes); now none runs past the time left. The phases are the solver's own record.
    sc = load_scenario(province)
    limit = 0.5
    result = solver_api.solve(sc, SolverOptions(time_limit_s=limit))
    start = next(p for p in result.phases if p.name == "start")
    # The day-trip greedy always runs to its end (the fallback plan): a tenth of a second here.
    assert start.seconds <= limit
    assert result.plan.team_days


@pytest.mark.slow
def test_the_time_limit_holds_at_the_contract_size(tmp_path: Path) -> None:
    # 200 communes × 12 teams × 60 working days (the contract), T = 20 s, S = 15 s.
    folder = scaled(tmp_path / "p200", communes=200, teams=12, days=60, bases=4)
    sc = load_scenario(folder)
    started = time.monotonic()
    result = checked(sc, tmp_path / "plan", options=SolverOptions(time_limit_s=20))
    assert time.monotonic() - started <= 20 + TOLERANCE_S
    assert result.plan.team_days
    started = time.monotonic()
    what_it_takes(sc, SolverOptions(time_limit_s=20), budget_s=15)
    assert time.monotonic() - started <= 15 + TOLERANCE_S


@pytest.mark.slow
def test_the_time_limit_holds_at_600_intake_points(tmp_path: Path) -> None:
    # 200 communes × 3 intake points × 12 teams × 60 working days (issue 20), T = 20 s.
    folder = scaled_points(tmp_path / "p600", communes=200, points=3, teams=12, days=60, bases=4)
    sc = load_scenario(folder)
    assert len(sc.points) == 600
    started = time.monotonic()
    result = checked(sc, tmp_path / "plan", options=SolverOptions(time_limit_s=20))
    assert time.monotonic() - started <= 20 + TOLERANCE_S
    assert result.plan.team_days
    assert result.upper_bound_by_deadline >= result.collected_by_deadline


def test_no_night_away_before_a_day_the_commune_is_closed(tmp_path: Path) -> None:
    # F is far (120 min) and closed on day 1 (blackout): a night at F after day 0 would lead
    # nowhere (a day that starts away serves the commune slept at first). The greedy start must
    # stay valid, and the plan drives home on day 0 instead.
    from planning.solver.assignment import assignment_problems
    from planning.solver.greedy import chain_greedy_assignment
    from planning.solver.routes import all_team_routes

    rules = Rules(max_stops_per_day=3, allow_overnight=True, overnight_min_one_way_min=90)
    sc = scenario(
        [commune("F", 1000, blackout_dates=frozenset({day(1)})), commune("G", 1000)],
        [team()],
        3,
        {("BASE_T1", "F"): 120, ("BASE_T1", "G"): 120, ("F", "G"): 20},
        rules=rules,
    )
    inst = build_instance(sc)
    routes = all_team_routes(inst)
    assert assignment_problems(inst, routes, chain_greedy_assignment(inst, routes)) == []
    result = checked(sc, tmp_path)
    first = result.plan.team_days[0]
    assert first.date == day(0) and first.overnight_at != "F"
