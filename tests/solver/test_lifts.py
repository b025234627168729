"""What lifts "unreachable" (planning.solver.lifts): on communes along a line east of the base
(0.1° of longitude at the equator ≈ 11.1 km; at 30 km/h × 1.4 ≈ 31 min), a 480-minute shift:

- A, 0.1° east: 31 min — a day trip;
- N, 1.0° east: 311 min one way, F, 1.1° east: 342 min — no day trip leaves time (622 and 684
  minutes there and back), so both are unreachable without overnight stays.

Overnight stays (from 60 min one way) lift both; so does a base near them (at N or F). Each
proposal comes with the figure of its plan, and the words name no settings key."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

from planning.domain import Calendar, Commune, GeoPoint, Rules, Scenario, Team
from planning.io.plan import lift_dict
from planning.io.solve_folder import lift_from_dict
from planning.results import LiftKind, LimitKind, SolverOptions
from planning.solver import what_it_takes
from planning.wording import limit_lines, unreachable_text, what_it_takes_lines

D0 = dt.date(2022, 12, 5)


def place(code: str, backlog: int, east: float) -> Commune:
    return Commune(code, f"Xã {code}", backlog, venue=GeoPoint(0.0, 100.0 + east))


def line_scenario(allow_overnight: bool = False) -> Scenario:
    team = Team("T1", "Tổ 1", GeoPoint(0.0, 100.0), 20, 30, 480)
    communes = (place("A", 100, 0.1), place("N", 60, 1.0), place("F", 40, 1.1))
    rules = Rules(allow_overnight=allow_overnight, overnight_min_one_way_min=60)
    calendar = Calendar(D0, D0 + dt.timedelta(days=5), invitation_lead_days=0)
    return Scenario("line", communes, (team,), calendar, rules=rules)


def test_unreachable_communes_come_with_what_lifts_them() -> None:
    what = what_it_takes(line_scenario(), SolverOptions(time_limit_s=20))
    unreachable = {lim.commune_code for lim in what.limits if lim.kind == LimitKind.UNREACHABLE}
    assert unreachable == {"N", "F"}
    overnight, base = what.lifts
    assert overnight.kind == LiftKind.OVERNIGHT and overnight.overnight_min_one_way_min == 60
    assert set(overnight.lifted) == {"N", "F"} and overnight.still_unreachable == ()
    assert base.kind == LiftKind.BASE and base.base_codes in (("N",), ("F",))
    assert set(base.lifted) == {"N", "F"}
    for lift in (overnight, base):
        # The figure is a plan's: the whole backlog of 200 over six days is within reach.
        assert lift.backlog == 200 and lift.collected == 200 and lift.meets and lift.proven
    lines = limit_lines(what, "vi")
    assert any("cho phép nghỉ lại qua đêm" in line and "đến được cả 2 xã" in line for line in lines)
    assert any("thêm một tổ đặt trụ sở tại Xã" in line and "200/200" in line for line in lines)
    english = "\n".join(what_it_takes_lines(what, line_scenario(), "en"))
    assert "allow overnight stays (at communes 60+ min from the team's base)" in english
    for text in (*lines, english, *(unreachable_text(lim.reason, "vi") for lim in what.limits)):
        assert "allow_overnight" not in text and "overnight_min_one_way_min" not in text
    # Kept in summary.json and read back as they were.
    assert tuple(lift_from_dict(lift_dict(lift)) for lift in what.lifts) == what.lifts


def test_with_overnight_stays_allowed_only_a_base_is_proposed() -> None:
    # Overnight stays allowed but only from 400 min one way: N and F stay out of reach.
    sc = line_scenario(allow_overnight=True)
    sc = replace(sc, rules=replace(sc.rules, overnight_min_one_way_min=400))
    what = what_it_takes(sc, SolverOptions(time_limit_s=15))
    assert [lift.kind for lift in what.lifts] == [LiftKind.BASE]


def test_nothing_unreachable_nothing_proposed() -> None:
    what = what_it_takes(line_scenario(allow_overnight=True), SolverOptions(time_limit_s=10))
    assert what.lifts == ()


def test_an_island_beyond_any_days_drive_is_unreachable_even_with_overnight_stays() -> None:
    """I, 5° east: 1,555 min one way — more than a shift, so no day can end there and no chain
    of nights begins there, however many nights are allowed (the Trường Sa case: the days
    that start at I used to make it look reachable, and the fewest-teams search ran on)."""
    sc = line_scenario(allow_overnight=True)
    sc = replace(sc, communes=(*sc.communes, place("I", 2, 5.0)))
    what = what_it_takes(sc, SolverOptions(time_limit_s=15))
    assert [(lim.commune_code, lim.kind) for lim in what.limits] == [("I", LimitKind.UNREACHABLE)]
    # The fewest teams are then those for the other communes (A, N, F: one team, proven),
    # said with what they leave out, and kept in summary.json.
    assert what.min_teams_leaves_out == ("I",)
    assert (what.min_teams_low, what.min_teams_for_deadline) == (1, 1) and what.min_teams_proven
    plan = what.fewest_teams_plan
    assert plan is not None and plan.meets and plan.collectable_backlog == 200
    assert "reachable: current" in [sub.label for sub in what.sub_solves]
    lines = what_it_takes_lines(what, sc, "vi")
    assert any("Ở các xã còn lại (không tính 1 xã không đến được ở trên):" in x for x in lines)
    assert "leaving out the 1 unreachable" in "\n".join(what_it_takes_lines(what, sc, "en"))
    assert lift_from_dict(lift_dict(what.lifts[0])) == what.lifts[0]
