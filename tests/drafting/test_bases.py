"""Default bases and overnight stays of a drafted area, on hand-made communes along a road
(longitude steps of 0.1° at the equator ≈ 11.1 km great-circle; at 30 km/h × 1.4 ≈ 31 min).

The p-median is checked against brute force on small cases; the overnight rule against the
communes' minutes to the nearest base."""

from __future__ import annotations

import datetime as dt
import itertools

import numpy as np
import pytest

from planning.domain import Calendar, Commune, GeoPoint, Scenario, TravelSettings
from planning.drafting.bases import (
    COMMUNES_PER_BASE,
    beyond_day_trip,
    p_median,
    spread_bases,
)
from planning.drafting.defaults import NEW_SCENARIO
from planning.drafting.teams import teams_at
from planning.variants import with_team_count

TRAVEL = TravelSettings()


def along(backlogs: list[int]) -> list[Commune]:
    """Communes C0, C1, … on a line, 0.1° of longitude apart, with these backlogs."""
    return [
        Commune(f"C{i}", f"Xã {i}", n, venue=GeoPoint(0.0, 100.0 + 0.1 * i))
        for i, n in enumerate(backlogs)
    ]


def test_the_p_median_matches_brute_force() -> None:
    rng = np.random.default_rng(7)
    for _ in range(5):
        n, p = 9, 3
        points = rng.uniform(0, 100, size=(n, 2))
        minutes = np.linalg.norm(points[:, None] - points[None, :], axis=2)
        weights = rng.integers(1, 50, size=n).astype(float)

        def cost(
            sites: tuple[int, ...] | list[int], w: np.ndarray = weights, m: np.ndarray = minutes
        ) -> float:
            return float(w @ m[list(sites)].min(axis=0))

        best = min(cost(c) for c in itertools.combinations(range(n), p))
        found = p_median(minutes, weights, p)
        assert len(set(found)) == p
        assert cost(found) == pytest.approx(best, rel=0.05)
        # Nested: the first site alone is the best single site among those chosen.
        assert cost(found[:1]) == min(cost([s]) for s in found)


def test_teams_are_spread_over_bases_weighted_by_backlog() -> None:
    # Two clusters of 5 communes 2° apart: the heavy one (west) gets more of the 5 teams.
    west = along([400, 500, 600, 500, 400])
    east = [
        Commune(f"E{i}", f"Xã E{i}", 100, venue=GeoPoint(0.0, 102.0 + 0.1 * i)) for i in range(5)
    ]
    spread = spread_bases([*west, *east], 5, TRAVEL)
    bases = {c.code: n for c, n in spread.bases}
    assert len(bases) == 2 == -(-10 // COMMUNES_PER_BASE)
    assert bases == {"C2": 4, "E2": 1}
    # One team at each base before a second anywhere: fewer teams keep the spread.
    assert [c.code for c in spread.team_bases][:2] == ["C2", "E2"]
    assert "5 tổ ở 2 trụ sở" in spread.note() and "Xã 2 (C2) — 4 tổ" in spread.note()
    teams = teams_at(spread.team_bases, spread.note(), NEW_SCENARIO)
    assert [t.base_commune for t in teams] == ["C2", "E2", "C2", "C2", "C2"]
    assert all(t.notes["base"] == spread.note() for t in teams)


def test_extra_teams_copy_the_teams_in_turn() -> None:
    communes = along([100, 100])
    teams = teams_at([communes[0], communes[1]], "", NEW_SCENARIO)
    calendar = Calendar(dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    scenario = Scenario("s", tuple(communes), teams, calendar)
    more = with_team_count(scenario, 5)
    assert [t.team_id for t in more.teams] == ["T1", "T2", "T1_them1", "T2_them1", "T1_them2"]
    assert [t.base_commune for t in more.teams] == ["C0", "C1", "C0", "C1", "C0"]
    assert [t.team_id for t in with_team_count(scenario, 1).teams] == ["T1"]


def test_extra_teams_go_where_the_backlog_per_team_is_largest() -> None:
    """C0–C1 are nearest to T1's base (100 + 100), C3–C4 to T2's (600 + 300); C2 (50) is as near
    to both and counts for the first. Per team: T1 250, T2 900 → T2; 250 vs 450 → T2; 250 vs
    300 → T2; 250 vs 225 → T1."""
    communes = along([100, 100, 50, 600, 300])
    teams = teams_at([communes[0], communes[4]], "", NEW_SCENARIO)
    calendar = Calendar(dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    scenario = Scenario("s", tuple(communes), teams, calendar)
    more = with_team_count(scenario, 6)
    assert [t.team_id for t in more.teams] == [
        "T1",
        "T2",
        "T2_them1",
        "T2_them2",
        "T2_them3",
        "T1_them1",
    ]
    assert [t.base_commune for t in more.teams] == ["C0", "C4", "C4", "C4", "C4", "C0"]
    # A scenario saved with an extra team already keeps its ids unique.
    saved = with_team_count(scenario, 3)
    again = with_team_count(saved, 5)
    assert [t.team_id for t in again.teams] == ["T1", "T2", "T2_them1", "T2_them2", "T2_them3"]


def test_overnight_stays_only_where_a_commune_is_beyond_a_day_trip_from_every_base() -> None:
    near = along([50, 60, 70])  # within 62 min of C0
    rules, note = NEW_SCENARIO.area_rules(near, [GeoPoint(0.0, 100.0)])
    assert not rules.allow_overnight and "không cần" in note
    assert rules.notes["allow_overnight"] == note
    far = along([50, 0, 0, 0, 0, 80])  # C5 ≈ 156 min from C0; C1–C4 have no backlog
    home, there = GeoPoint(0.0, 100.0), GeoPoint(0.0, 100.5)
    assert [(c.code, m) for c, m in beyond_day_trip(far, [home], TRAVEL, 90)] == [("C5", 156)]
    rules, note = NEW_SCENARIO.area_rules(far, [home])
    assert rules.allow_overnight and rules.overnight_min_one_way_min == 90
    assert "1 xã cách mọi trụ sở hơn 90 phút" in note and "Xã 5 156 phút" in note
    # A second base near C5: every commune is a day trip again.
    rules, _ = NEW_SCENARIO.area_rules(far, [home, there])
    assert not rules.allow_overnight


def test_extra_teams_follow_the_scenario_travel_matrix() -> None:
    """T1 is based at C0 (100 applicants), T2 at C1 (700). By the estimate each commune is its
    own base's: extra teams go to T2 while 700 / its teams > 100 (the 3rd to 8th teams), and the
    9th ties (100 each) and goes to T1. The user's matrix puts both communes 10 minutes from
    T2's base and 200 from T1's: all 800 are T2's, and every extra team copies T2."""
    communes = along([100, 700])
    teams = teams_at([communes[0], communes[1]], "", NEW_SCENARIO)
    calendar = Calendar(dt.date(2026, 3, 2), dt.date(2026, 3, 6))
    legs = {("BASE_T1", "C0"): 200, ("BASE_T2", "C0"): 10, ("BASE_T1", "C1"): 200}
    legs |= {("BASE_T2", "C1"): 10}
    travel = TravelSettings(matrix_min={**legs, **{(b, a): m for (a, b), m in legs.items()}})
    given = Scenario("s", tuple(communes), teams, calendar, travel=travel)
    estimated = Scenario("s", tuple(communes), teams, calendar)
    assert [t.team_id for t in with_team_count(estimated, 9).teams][2:] == [
        *(f"T2_them{i}" for i in range(1, 7)),
        "T1_them1",
    ]
    assert [t.team_id for t in with_team_count(given, 9).teams][2:] == [
        f"T2_them{i}" for i in range(1, 8)
    ]
