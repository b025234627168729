"""The independent checker catches each kind of violation on a deliberately broken plan."""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Callable
from pathlib import Path

import pytest

from planning.domain import PointKind, Scenario
from planning.io.export_inputs import export_inputs
from planning.io.plan import read_plan_csv, write_plan_csv
from planning.solver import solve
from tests.builders import FAST, commune, day, point, scenario, team
from tests.plan_checker import Options, check_plan

Rows = list[list[str]]


def _scenario() -> Scenario:
    # 7 days Mon..Sun, team works Mon-Fri; A earliest day 1, blackout day 3, cap 100.
    t = team(working_weekdays=frozenset(range(5)))
    return scenario(
        [
            commune(
                "A", 150, daily_cap=100, earliest_date=day(1), blackout_dates=frozenset({day(3)})
            ),
            commune("B", 60),
        ],
        [t],
        7,
        {("BASE_T1", "A"): 20, ("BASE_T1", "B"): 30, ("A", "B"): 15},
    )


@pytest.fixture()
def valid(tmp_path: Path) -> tuple[Path, Rows]:
    sc = _scenario()
    result = solve(sc, FAST)
    export_inputs(sc, tmp_path / "inputs")
    write_plan_csv(result.plan, sc, tmp_path / "plan.csv")
    assert check_plan(tmp_path / "inputs", tmp_path / "plan.csv") == []
    with (tmp_path / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    return tmp_path, rows


def _broken(
    tmp_path: Path, rows: Rows, change: Callable[[Rows], None], opts: Options | None = None
) -> list[str]:
    rows = [list(r) for r in rows]
    change(rows)
    with (tmp_path / "broken.csv").open("w", encoding="utf-8", newline="") as handle:
        csv.writer(handle, lineterminator="\n").writerows(rows)
    return check_plan(tmp_path / "inputs", tmp_path / "broken.csv", opts)


def _first_stop(rows: Rows, code: str) -> list[str]:
    return next(r for r in rows[1:] if r[3] == code)


def _set(rows: Rows, code: str, column: int, value: str) -> None:
    for r in rows[1:]:
        if r[3] == code:
            r[column] = value


CASES: list[tuple[str, Callable[[Rows], None]]] = [
    (
        "not a working date",
        lambda rows: [r.__setitem__(1, day(5).isoformat()) for r in rows[1:] if r[1] == rows[1][1]],
    ),
    (
        "before its earliest date",
        lambda rows: [
            r.__setitem__(1, day(0).isoformat())
            for r in rows[1:]
            if r[1] == _first_stop(rows, "A")[1]
        ],
    ),
    (
        "blackout",
        lambda rows: [
            r.__setitem__(1, day(3).isoformat())
            for r in rows[1:]
            if r[1] == _first_stop(rows, "A")[1]
        ],
    ),
    ("travel_min", lambda rows: _first_stop(rows, "A").__setitem__(8, "3")),
    ("arrive is not previous depart", lambda rows: rows[-1].__setitem__(5, "23:00")),
    ("stop lasts", lambda rows: _first_stop(rows, "A").__setitem__(6, _first_stop(rows, "A")[5])),
    ("shift", lambda rows: _first_stop(rows, "A").__setitem__(7, "400")),
    ("backlog", lambda rows: _first_stop(rows, "B").__setitem__(7, "61")),
    ("daily cap", lambda rows: _first_stop(rows, "A").__setitem__(7, "101")),
    ("does not return", lambda rows: rows.remove(next(r for r in rows[1:] if r[3] == "BASE"))),
    ("header", lambda rows: rows[0].__setitem__(0, "team")),
]


@pytest.mark.parametrize(("needle", "change"), CASES, ids=[c[0] for c in CASES])
def test_checker_catches(
    valid: tuple[Path, Rows], needle: str, change: Callable[[Rows], None]
) -> None:
    tmp_path, rows = valid
    problems = _broken(tmp_path, rows, change)
    assert any(needle in p for p in problems), problems


def test_checker_catches_changed_pinned_visit(valid: tuple[Path, Rows]) -> None:
    tmp_path, rows = valid
    from tests.plan_checker import read_pinned

    pinned = read_pinned(tmp_path / "plan.csv")
    problems = _broken(tmp_path, rows, lambda r: _set(r, "B", 7, "59"), Options(pinned_rows=pinned))
    assert any("pinned" in p for p in problems), problems


def test_checker_catches_teams_per_day(valid: tuple[Path, Rows]) -> None:
    tmp_path, rows = valid

    def second_team(r: Rows) -> None:
        extra = [list(x) for x in r[1:] if x[1] == _first_stop(r, "A")[1]]
        for x in extra:
            x[0] = "T1"  # same team twice does not count twice: use a copy with another id
        r.extend(extra)

    problems = _broken(tmp_path, rows, second_team, Options(max_teams_per_commune_day=1))
    assert problems  # duplicated stops break numbering/backlog at least


def test_plan_csv_round_trip(valid: tuple[Path, Rows]) -> None:
    tmp_path, _ = valid
    plan = read_plan_csv(tmp_path / "plan.csv")
    sc = _scenario()
    write_plan_csv(plan, sc, tmp_path / "again.csv")
    assert (tmp_path / "again.csv").read_text() == (tmp_path / "plan.csv").read_text()


# --- intake points ------------------------------------------------------------------------------


def _points_scenario() -> Scenario:
    """X: a hall (X-1, the rest), a school X-2 (60, open 07:30–11:00 on weekdays, cap 40); Y
    without listed points. 7 days Monday..Sunday, one team every day."""
    x = commune(
        "X",
        300,
        points=(
            point("X-1", "X"),
            point(
                "X-2",
                "X",
                kind=PointKind.SCHOOL,
                weekdays=None,
                backlog=60,
                daily_cap=40,
                open_from=dt.time(7, 30),
                open_until=dt.time(11, 0),
            ),
        ),
    )
    legs = {
        ("BASE_T1", "X-1"): 20,
        ("BASE_T1", "X-2"): 10,
        ("BASE_T1", "Y"): 30,
        ("X-1", "X-2"): 15,
        ("X-1", "Y"): 25,
        ("X-2", "Y"): 25,
    }
    return scenario([x, commune("Y", 80)], [team()], 7, legs)


@pytest.fixture()
def valid_points(tmp_path: Path) -> tuple[Path, Rows]:
    sc = _points_scenario()
    result = solve(sc, FAST)
    export_inputs(sc, tmp_path / "inputs")
    write_plan_csv(result.plan, sc, tmp_path / "plan.csv")
    assert check_plan(tmp_path / "inputs", tmp_path / "plan.csv") == []
    with (tmp_path / "plan.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    assert any(r[9] == "X-2" for r in rows[1:])  # the school is visited
    return tmp_path, rows


def _at(rows: Rows, point_id: str) -> list[str]:
    return next(r for r in rows[1:] if r[9] == point_id)


POINT_CASES: list[tuple[str, Callable[[Rows], None]]] = [
    ("not an intake point of", lambda rows: _at(rows, "X-2").__setitem__(3, "Y")),
    ("the point's backlog", lambda rows: _at(rows, "X-2").__setitem__(7, "61")),
    ("the point's daily cap", lambda rows: _at(rows, "X-2").__setitem__(7, "41")),
    ("closes at", lambda rows: _at(rows, "X-2").__setitem__(6, "11:30")),
    ("opens at", lambda rows: _at(rows, "X-2").__setitem__(6, "07:45")),
    (
        "is not open on",  # a Saturday
        lambda rows: [
            r.__setitem__(1, day(5).isoformat()) for r in rows[1:] if r[1] == _at(rows, "X-2")[1]
        ],
    ),
    ("travel_min", lambda rows: _at(rows, "X-2").__setitem__(9, "X-1")),
]


@pytest.mark.parametrize(("needle", "change"), POINT_CASES, ids=[c[0] for c in POINT_CASES])
def test_checker_catches_point_violations(
    valid_points: tuple[Path, Rows], needle: str, change: Callable[[Rows], None]
) -> None:
    tmp_path, rows = valid_points
    problems = _broken(tmp_path, rows, change)
    assert any(needle in p for p in problems), problems


def test_checker_counts_a_team_once_at_a_commune(valid_points: tuple[Path, Rows]) -> None:
    # A day at both X points is one team at X; a second team there breaks a limit of one.
    tmp_path, rows = valid_points
    both = [
        r[1]
        for r in rows[1:]
        if r[9] == "X-1" and any(o[1] == r[1] and o[9] == "X-2" for o in rows)
    ]
    opts = Options(max_teams_per_commune_day=1)
    if both:
        assert _broken(tmp_path, rows, lambda r: None, opts) == []

    def second_team(r: Rows) -> None:
        r.extend([["T2", *x[1:]] for x in r[1:] if x[0] == "T1" and x[1] == _at(r, "X-2")[1]])

    problems = _broken(tmp_path, rows, second_team, opts)
    assert any("2 teams, at most 1" in p for p in problems), problems
