"""Intake points in the scheduler, one tiny case per rule, worked out by hand; every plan goes
through the independent checker (:mod:`tests.plan_checker`, extended to points).

Travel minutes are given as a matrix between point ids and bases. Unless said otherwise: rate
20 apps/h (3 min each), setup 30 min, shift 480 min, team start 07:00 (:mod:`tests.builders`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from planning.domain import PointKind, Rules, Visit
from planning.io.plan import write_plan_csv
from planning.solver import solve
from planning.solver.greedy import Ledger
from planning.solver.instance import build_instance
from tests.builders import FAST, checked, commune, day, point, scenario, team
from tests.plan_checker import Options, read_pinned


def test_without_listed_points_the_instance_is_todays() -> None:
    sc = scenario([commune("A", 50), commune("B", 60)], [team()], 2, {("BASE_T1", "A"): 15})
    inst = build_instance(sc)
    assert inst.communes == ("A", "B")
    assert dict(inst.backlog) == {"A": 50, "B": 60}
    assert not inst.node_commune and not inst.hours
    assert inst.matrix.labels == ("BASE_T1", "A", "B")


def test_one_team_serves_two_points_of_a_commune_and_drives_between_them(tmp_path: Path) -> None:
    # Commune X: P1 (10 min from base) and P2 (45 min from base), 40 min apart, 100 each.
    # P1 alone: 480 − 20 − 30 = 430 min → 143, but P1 has 100 → 100.
    # P1 + P2: drive 10 + 40 + 45 = 95, two setups 60 → 325 min → 108, the optimum: one team
    # at two points of one commune on one day, the 40 minutes between them counted.
    x = commune("X", 200, points=(point("X-1", "X"), point("X-2", "X")))
    legs = {("BASE_T1", "X-1"): 10, ("BASE_T1", "X-2"): 45, ("X-1", "X-2"): 40}
    result = checked(scenario([x], [team()], 1, legs), tmp_path)
    assert result.collected_by_deadline == 108
    (td,) = result.plan.team_days
    assert [(s.commune_code, s.point_id) for s in td.stops[:2]] in (
        [("X", "X-1"), ("X", "X-2")],
        [("X", "X-2"), ("X", "X-1")],
    )
    assert td.travel_min == 95
    assert result.remaining_by_commune == {"X": 92}  # reported by commune: 200 − 108
    assert sum(result.plan.collected_by_point().values()) == 108


def test_a_points_backlog_holds(tmp_path: Path) -> None:
    # X = 300: the school X-2 has 40 of its own, the hall X-1 the other 260. Only X-2 is near
    # (base 10 min; X-1 200 min: one day there leaves 480 − 400 − 30 = 50 min → 16).
    # Two days, one stop a day at X-2 each: 40 in all (its backlog), not 2 × 140.
    x = commune("X", 300, points=(point("X-1", "X"), point("X-2", "X", backlog=40)))
    legs = {("BASE_T1", "X-1"): 200, ("BASE_T1", "X-2"): 10, ("X-1", "X-2"): 200}
    sc = scenario([x], [team()], 2, legs, rules=Rules(max_stops_per_day=1, min_apps_per_stop=1))
    result = checked(sc, tmp_path)
    by_point = result.plan.collected_by_point()
    assert by_point.get("X-2") == 40
    assert result.collected_by_deadline == 40 + 16  # the second day goes to X-1


def test_a_share_of_the_commune_by_the_stated_rule(tmp_path: Path) -> None:
    # X = 200: X-1 25 % = 50, X-2 the rest = 150; both 15 min from base, 400 min apart (never
    # both in a day). One day at X-1: 50 (its share), so the best single day is X-2: 140.
    x = commune("X", 200, points=(point("X-1", "X", backlog_share_pct=25.0), point("X-2", "X")))
    assert x.point_backlogs() == {"X-1": 50, "X-2": 150}
    legs = {("BASE_T1", "X-1"): 15, ("BASE_T1", "X-2"): 15, ("X-1", "X-2"): 400}
    result = checked(scenario([x], [team()], 1, legs), tmp_path)
    assert result.plan.collected_by_point() == {"X-2": 140}
    result = checked(scenario([x], [team()], 2, legs), tmp_path / "two")
    assert result.plan.collected_by_point() == {"X-1": 50, "X-2": 140}


def test_a_points_daily_cap(tmp_path: Path) -> None:
    # X-1 takes 30 people a day (its own cap; the commune's 100 holds at X-2): 3 days at X-1
    # (the only point near) → 90.
    x = commune(
        "X",
        500,
        daily_cap=100,
        points=(point("X-1", "X", backlog=200, daily_cap=30), point("X-2", "X")),
    )
    legs = {("BASE_T1", "X-1"): 15, ("BASE_T1", "X-2"): 300, ("X-1", "X-2"): 300}
    result = checked(scenario([x], [team()], 3, legs), tmp_path)
    assert result.plan.collected_by_point() == {"X-1": 90}


def test_a_school_opens_on_school_days_only(tmp_path: Path) -> None:
    # D0 is a Monday; 7 days. The school (kind's days: Monday–Friday) has 1,000: 5 days × 140.
    x = commune("X", 1000, points=(point("X-1", "X", kind=PointKind.SCHOOL, weekdays=None),))
    result = checked(scenario([x], [team()], 7, {("BASE_T1", "X-1"): 15}), tmp_path)
    assert result.collected_by_deadline == 5 * 140
    assert {td.date.weekday() for td in result.plan.team_days} == set(range(5))


def test_an_enterprise_on_the_dates_it_gives(tmp_path: Path) -> None:
    # The enterprise gives days 1 and 3 of 4; the point's earliest date (day 2) leaves day 3.
    x = commune(
        "X",
        1000,
        points=(
            point(
                "X-1",
                "X",
                kind=PointKind.AGENCY,
                open_dates=frozenset({day(1), day(3)}),
                earliest_date=day(2),
            ),
        ),
    )
    result = checked(scenario([x], [team()], 4, {("BASE_T1", "X-1"): 15}), tmp_path)
    assert [td.date for td in result.plan.team_days] == [day(3)]
    assert result.collected_by_deadline == 140


def test_opening_hours_hold_and_the_team_waits(tmp_path: Path) -> None:
    # The school X-1 is open 07:30–09:00 (100 pupils), 10 min from base; the team starts 07:00,
    # arrives 07:10, waits to 07:30, sets up until 08:00 and serves until 09:00: 60 min → 20.
    # The hall X-2 (100 min from X-1, 15 min from base) takes the rest of the day:
    # 09:00 + 100 drive + 30 setup = 11:10, home by 15:00 − 15 → 210 min → 70.
    x = commune(
        "X",
        300,
        points=(
            point("X-1", "X", backlog=100, open_from=dt.time(7, 30), open_until=dt.time(9, 0)),
            point("X-2", "X"),
        ),
    )
    legs = {("BASE_T1", "X-1"): 10, ("BASE_T1", "X-2"): 15, ("X-1", "X-2"): 100}
    sc = scenario([x], [team()], 1, legs, rules=Rules(max_stops_per_day=2, min_apps_per_stop=1))
    result = checked(sc, tmp_path)
    (td,) = result.plan.team_days
    first = td.stops[0]
    if first.point_id == "X-1":
        assert first.applications == 20
        assert first.depart_min == 9 * 60
    # One stop at X-2 alone: 480 − 30 − 30 = 420 min → 140: better than X-1 then X-2 (90).
    assert result.collected_by_deadline == 140
    assert result.plan.collected_by_point() == {"X-2": 140}
    # Without alone gives its 20 in its hours.
    only = replace(x, points=(replace(x.points[0], backlog=None),))
    result = checked(scenario([only], [team()], 1, {("BASE_T1", "X-1"): 10}), tmp_path / "one")
    assert result.collected_by_deadline == 20
    stop = result.plan.team_days[0].stops[0]
    assert (stop.arrive_min, stop.depart_min) == (7 * 60 + 10, 9 * 60)


def test_teams_per_commune_day_counts_a_commune_once(tmp_path: Path) -> None:
    # One team a day at X (rule). Two teams, X-1 and X-2 100 min apart, 15 min from each base,
    # 200 each; one day. Without the rule each team takes 140 at its own point (280); with it,
    # only one team may be at X: one point 140 (both points: 130 drive, 60 setup → 96).
    x = commune("X", 400, points=(point("X-1", "X"), point("X-2", "X")))
    legs = {
        ("BASE_T1", "X-1"): 15,
        ("BASE_T1", "X-2"): 15,
        ("BASE_T2", "X-1"): 15,
        ("BASE_T2", "X-2"): 15,
        ("X-1", "X-2"): 100,
        ("BASE_T1", "BASE_T2"): 0,
    }
    teams = [team("T1"), team("T2")]
    free = checked(scenario([x], teams, 1, legs), tmp_path / "free")
    assert free.collected_by_deadline == 280
    ruled = scenario([x], teams, 1, legs, rules=Rules(max_teams_per_commune_day=1))
    result = checked(ruled, tmp_path)
    assert result.collected_by_deadline == 140
    assert len(result.plan.team_days) == 1


def test_a_pinned_visit_at_a_point(tmp_path: Path) -> None:
    # 50 pinned at X-2 on day 0 (nothing else that day); day 1 takes 140 at X-1 (the near one).
    x = commune("X", 500, points=(point("X-1", "X"), point("X-2", "X", backlog=60)))
    legs = {("BASE_T1", "X-1"): 15, ("BASE_T1", "X-2"): 15, ("X-1", "X-2"): 400}
    sc = scenario([x], [team()], 2, legs)
    sc = replace(sc, pinned=(Visit("T1", day(0), "X", 50, "X-2"),))
    folder = tmp_path / "pinned"
    folder.mkdir()
    result = solve(sc, FAST)
    write_plan_csv(result.plan, sc, folder / "plan.csv")
    rows = [r for r in read_pinned(folder / "plan.csv") if r.date == day(0).isoformat()]
    assert [r.point for r in rows if r.code != "BASE"] == ["X-2"]
    result = checked(sc, tmp_path, opts=Options(pinned_rows=rows))
    assert result.plan.collected_by_point() == {"X-2": 50, "X-1": 140}


def test_the_greedy_ledger_unbooks_a_day_at_two_points_of_one_commune() -> None:
    """Booking counts one team at the commune for a day at two of its points; undoing it (the
    tour start's cut chain) must count it off the commune, not per point (a KeyError on the
    points bench before)."""
    x = commune("X", 200, points=(point("X-1", "X"), point("X-2", "X")))
    legs = {("BASE_T1", "X-1"): 10, ("BASE_T1", "X-2"): 45, ("X-1", "X-2"): 40}
    inst = build_instance(
        scenario([x], [team()], 1, legs, rules=Rules(max_teams_per_commune_day=1))
    )
    ledger = Ledger(inst)
    first = inst.dates[0]
    before = (dict(ledger.left), ledger.room("X-1", first))
    ledger.book(first, {"X-1": 50, "X-2": 30})
    assert ledger.teams_at[("X", first)] == 1
    assert ledger.room("X-1", first) == 0  # one team a commune-day: the commune is taken
    ledger.unbook(first, {"X-1": 50, "X-2": 30})
    assert ledger.teams_at[("X", first)] == 0
    assert (dict(ledger.left), ledger.room("X-1", first)) == before
