"""Campaign progress: actual intake log, re-planning with announced days frozen, plan changes."""

from __future__ import annotations

import csv
import datetime as dt
import json
import subprocess
import sys
from pathlib import Path

import pytest

from planning.campaign.actuals import (
    ActualsChangedError,
    DuplicateActualsError,
    correct_entry,
    import_actuals,
    record_actuals,
)
from planning.campaign.plan_diff import diff_plans
from planning.campaign.progress import burn_down, standing
from planning.campaign.replan import build_replanning, freeze_window
from planning.domain import Plan, Stop, TeamDay, Visit
from planning.errors import InputError
from planning.io.actuals_files import (
    ACTUALS_FILE,
    log_fingerprint,
    parse_actuals_file,
    read_actuals_log,
)
from planning.io.export_inputs import export_inputs
from planning.io.plan import read_plan_csv, write_plan_csv
from planning.io.scenario import load_scenario
from planning.solver import SolverOptions, solve
from tests.conftest import DEFAULT_DIR, REPO
from tests.plan_checker import Options, check_plan, read_pinned

TODAY = dt.date(2022, 12, 15)


@pytest.fixture(scope="module")
def default_scenario(tk_scenario):
    return tk_scenario


@pytest.fixture(scope="module")
def first_plan(default_scenario, tmp_path_factory) -> tuple[Plan, Path]:
    result = solve(default_scenario, SolverOptions(time_limit_s=4, stages=2))
    assert result.status in ("optimal", "feasible")
    path = tmp_path_factory.mktemp("plan") / "plan.csv"
    write_plan_csv(result.plan, default_scenario, path)
    return result.plan, path


def week_of_actuals(plan: Plan) -> list[Visit]:
    """What the teams really took in the first week: 80% of the plan, rounded down."""
    return [
        Visit(v.team_id, v.date, v.commune_code, v.applications * 4 // 5)
        for v in plan.visits()
        if v.date < TODAY
    ]


def write_actuals_csv(path: Path, visits: list[Visit]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["date", "team_id", "commune_code", "applications"])
        for v in visits:
            writer.writerow([v.date.isoformat(), v.team_id, v.commune_code, v.applications])
    return path


def plan_rows(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8") as handle:
        return list(csv.reader(handle))[1:]


# --- re-planning --------------------------------------------------------------------------------


def test_week_of_actuals_replans_with_frozen_days_unchanged(
    default_scenario, first_plan, tmp_path: Path
) -> None:
    previous, previous_csv = first_plan
    actuals = week_of_actuals(previous)
    assert actuals, "the first plan has visits before the re-plan date"
    replanning = build_replanning(default_scenario, previous, actuals, TODAY, freeze_days=3)
    assert replanning.frozen_dates == (
        dt.date(2022, 12, 15),
        dt.date(2022, 12, 16),
        dt.date(2022, 12, 17),
    )
    result = solve(replanning.scenario, SolverOptions(time_limit_s=4, stages=2))
    new_csv = tmp_path / "plan.csv"
    write_plan_csv(result.plan, replanning.scenario, new_csv)

    # Frozen days: exactly the rows of the previous plan (times, order, applications).
    frozen = {d.isoformat() for d in replanning.frozen_dates}
    old_rows = [r for r in plan_rows(previous_csv) if r[1] in frozen]
    new_rows = [r for r in plan_rows(new_csv) if r[1] in frozen]
    assert old_rows and new_rows == old_rows

    # The independent checker accepts the new plan against the re-planning inputs.
    inputs = tmp_path / "inputs"
    export_inputs(replanning.scenario, inputs)
    pinned = [r for r in read_pinned(previous_csv) if r.date in frozen]
    rules = default_scenario.rules
    assert (
        check_plan(
            inputs,
            new_csv,
            Options(max_teams_per_commune_day=rules.max_teams_per_commune_day, pinned_rows=pinned),
        )
        == []
    )

    # Remaining backlog is right to the application.
    taken = sum(v.applications for v in actuals)
    assert replanning.scenario.collectable_backlog == 2990 - taken
    assert result.collectable_backlog == 2990 - taken
    by_commune: dict[str, int] = {}
    for v in actuals:
        by_commune[v.commune_code] = by_commune.get(v.commune_code, 0) + v.applications
    planned = result.plan.collected_by_commune()
    for commune in default_scenario.communes:
        left = commune.collectable_backlog - by_commune.get(commune.code, 0)
        assert replanning.scenario.commune(commune.code).collectable_backlog == left
        assert result.remaining_by_commune[commune.code] == left - planned.get(commune.code, 0)
    # Nothing planned before the re-plan date, and no new visit inside the freeze window.
    assert all(d.date >= TODAY for d in result.plan.team_days)
    assert {(d.team_id, d.date) for d in result.plan.team_days if d.date.isoformat() in frozen} == {
        (d.team_id, d.date) for d in previous.team_days if d.date.isoformat() in frozen
    }


def test_replan_cli_writes_plan_and_summary(first_plan, tmp_path: Path) -> None:
    previous, previous_csv = first_plan
    actuals = write_actuals_csv(tmp_path / "thuc_te.csv", week_of_actuals(previous))
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planning",
            "replan",
            str(DEFAULT_DIR / "scenario.toml"),
            "--previous",
            str(previous_csv),
            "--actuals",
            str(actuals),
            "--today",
            "2022-12-15",
            "--out",
            str(out),
            "--time-limit",
            "3",
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Giữ nguyên các ngày đã thông báo: 15/12/2022, 16/12/2022, 17/12/2022" in result.stdout
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    taken = sum(v.applications for v in week_of_actuals(previous))
    assert summary["actual_to_date"] == taken
    assert summary["collectable_backlog"] == 2990 - taken
    assert summary["frozen_dates"] == ["2022-12-15", "2022-12-16", "2022-12-17"]
    assert summary["verdict"] in ("meets", "misses")
    assert read_plan_csv(out / "plan.csv").team_days


def test_replan_cli_rejects_actuals_on_or_after_today(first_plan, tmp_path: Path) -> None:
    _, previous_csv = first_plan
    actuals = write_actuals_csv(tmp_path / "a.csv", [Visit("T1", TODAY, "01477", 10)])
    out = tmp_path / "out"
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "planning",
            "replan",
            str(DEFAULT_DIR),
            "--previous",
            str(previous_csv),
            "--actuals",
            str(actuals),
            "--today",
            "2022-12-15",
            "--out",
            str(out),
        ],
        cwd=REPO,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert result.returncode == 1
    assert "không trước ngày lập lại kế hoạch" in result.stderr
    assert not out.exists()


def test_freeze_window_counts_working_days_only(default_scenario) -> None:
    from dataclasses import replace

    weekdays_only = replace(
        default_scenario,
        teams=tuple(
            replace(t, working_weekdays=frozenset(range(5))) for t in default_scenario.teams
        ),
    )
    # 16/12/2022 is a Friday: the next three working days are Fri, Mon, Tue.
    assert freeze_window(weekdays_only, dt.date(2022, 12, 16), 3) == (
        dt.date(2022, 12, 16),
        dt.date(2022, 12, 19),
        dt.date(2022, 12, 20),
    )
    assert freeze_window(default_scenario, dt.date(2022, 12, 16), 0) == ()


# --- the actuals log ----------------------------------------------------------------------------


def test_log_is_append_only_with_corrections(default_scenario, tmp_path: Path) -> None:
    path = tmp_path / ACTUALS_FILE
    day = dt.date(2022, 12, 8)
    log = record_actuals(path, default_scenario, [Visit("T1", day, "01477", 150)], TODAY)
    first_line = path.read_text("utf-8").splitlines()[1]
    with pytest.raises(DuplicateActualsError) as info:
        record_actuals(path, default_scenario, [Visit("T1", day, "01477", 160)], TODAY)
    assert "08/12/2022 T1 01477" in str(info.value)
    log = record_actuals(
        path, default_scenario, [Visit("T1", day, "01477", 160)], TODAY, on_duplicate="replace"
    )
    assert log.totals_by_commune() == {"01477": 160}
    log = record_actuals(
        path, default_scenario, [Visit("T1", day, "01477", 5)], TODAY, on_duplicate="add"
    )
    assert log.totals_by_commune() == {"01477": 165}
    log = correct_entry(path, default_scenario, 3, 7, TODAY)
    assert log.totals_by_commune() == {"01477": 167}
    assert [e.entry for e in log.entries] == [1, 2, 3, 4]
    assert [e.replaces for e in log.entries] == [None, 1, None, 3]
    assert path.read_text("utf-8").splitlines()[1] == first_line  # history untouched
    assert read_actuals_log(path) == log


def test_two_planners_recording_at_once_lose_nothing(default_scenario, tmp_path: Path) -> None:
    path = tmp_path / "actuals.csv"
    seen_by_both = log_fingerprint(path)
    record_actuals(
        path,
        default_scenario,
        [Visit("T1", dt.date(2022, 12, 8), "01477", 10)],
        TODAY,
        expected_fingerprint=seen_by_both,
    )
    before = path.read_bytes()
    with pytest.raises(ActualsChangedError):
        record_actuals(
            path,
            default_scenario,
            [Visit("T2", dt.date(2022, 12, 8), "01522", 20)],
            TODAY,
            expected_fingerprint=seen_by_both,
        )
    assert path.read_bytes() == before


BAD_ACTUALS = [
    ("unknown commune", "2022-12-08,T1,99999,10", 2, "commune_code", "không có xã mã"),
    ("unknown team", "2022-12-08,T9,01477,10", 2, "team_id", "không có tổ"),
    ("future date", "2022-12-20,T1,01477,10", 2, "date", "ở tương lai"),
    ("text in number", "2022-12-08,T1,01477,mười", 2, "applications", "không phải số hồ sơ"),
    ("bad date", "8 tháng 12,T1,01477,10", 2, "date", "không phải ngày"),
    ("above outstanding", "2022-12-08,T1,01477,300", None, "applications", "vượt số chưa cấp"),
]


@pytest.mark.parametrize(
    ("case", "line", "row", "field", "fragment"), BAD_ACTUALS, ids=[c[0] for c in BAD_ACTUALS]
)
def test_bad_actuals_get_clear_messages_and_change_nothing(
    default_scenario, tmp_path: Path, case, line, row, field, fragment
) -> None:
    source = tmp_path / "bao_cao.csv"
    source.write_text(f"date,team_id,commune_code,applications\n{line}\n", "utf-8")
    log = tmp_path / "actuals.csv"
    record_actuals(log, default_scenario, [Visit("T2", dt.date(2022, 12, 9), "01522", 1)], TODAY)
    before = log.read_bytes()
    with pytest.raises(InputError) as info:
        import_actuals(source, log, default_scenario, TODAY)
    problems = [p for p in info.value.errors if p.field == field and p.row == row]
    assert problems and any(fragment in p.vi for p in problems), info.value.render()
    assert log.read_bytes() == before


def test_bad_actual_files(tmp_path: Path) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_text("", "utf-8")
    with pytest.raises(InputError, match="empty"):
        parse_actuals_file(empty)
    wrong = tmp_path / "wrong.csv"
    wrong.write_text("ngay,to,xa,so\n", "utf-8")
    with pytest.raises(InputError) as info:
        parse_actuals_file(wrong)
    assert "thiếu cột" in info.value.render()
    doc = tmp_path / "a.docx"
    doc.write_bytes(b"PK")
    with pytest.raises(InputError, match="unsupported"):
        parse_actuals_file(doc)


def test_duplicate_rows_in_one_file_are_refused(default_scenario, tmp_path: Path) -> None:
    source = tmp_path / "a.csv"
    source.write_text(
        "date,team_id,commune_code,applications\n2022-12-08,T1,01477,10\n2022-12-08,T1,01477,12\n",
        "utf-8",
    )
    with pytest.raises(InputError) as info:
        import_actuals(source, tmp_path / "log.csv", default_scenario, TODAY)
    assert "cùng ngày, tổ và xã" in info.value.render()


def test_excel_actuals_with_vietnamese_dates(default_scenario, tmp_path: Path) -> None:
    from openpyxl import Workbook

    book = Workbook()
    sheet = book.active
    sheet.append(["date", "team_id", "commune_code", "applications"])
    sheet.append([dt.datetime(2022, 12, 8), "T1", "01477", 150])
    sheet.append(["09/12/2022", "T2", "01522", "120"])
    path = tmp_path / "a.xlsx"
    book.save(path)
    visits, rows = parse_actuals_file(path)
    assert visits == [
        Visit("T1", dt.date(2022, 12, 8), "01477", 150),
        Visit("T2", dt.date(2022, 12, 9), "01522", 120),
    ]
    assert rows == [2, 3]
    log = import_actuals(path, tmp_path / "log.csv", default_scenario, TODAY)
    assert log.totals_by_commune() == {"01477": 150, "01522": 120}


# --- where we stand, plan changes, burn-down ----------------------------------------------------


def _day(team: str, day: int, *codes: str) -> TeamDay:
    stops = (*tuple(Stop(c, 420, 600, 10, 5) for c in codes), Stop("BASE", 610, 610, 0, 5))
    return TeamDay(team, dt.date(2022, 12, day), stops)


def test_diff_plans_names_moved_appeared_disappeared_and_team_changes() -> None:
    old = Plan((_day("T1", 15, "A"), _day("T1", 16, "B"), _day("T2", 16, "C"), _day("T1", 17, "D")))
    new = Plan((_day("T1", 15, "A"), _day("T1", 18, "B"), _day("T1", 16, "C"), _day("T2", 17, "E")))
    changes = {c.commune_code: c for c in diff_plans(old, new, since=dt.date(2022, 12, 15))}
    assert changes["B"].kind == "moved" and changes["B"].dropped == (dt.date(2022, 12, 16),)
    assert changes["B"].added == (dt.date(2022, 12, 18),)
    assert changes["C"].kind == "team_changed"
    assert changes["D"].kind == "disappeared"
    assert changes["E"].kind == "appeared"
    assert "A" not in changes


def test_standing_and_burn_down(default_scenario, first_plan) -> None:
    previous, _ = first_plan
    actuals = week_of_actuals(previous)
    rows = {
        r.code: r for r in standing(default_scenario, previous, actuals, TODAY - dt.timedelta(1))
    }
    taken = sum(v.applications for v in actuals)
    assert sum(r.actual_to_date for r in rows.values()) == taken
    assert sum(r.remaining for r in rows.values()) == 2990 - taken
    assert (
        sum(r.behind_plan for r in rows.values())
        == sum(v.applications for v in previous.visits() if v.date < TODAY) - taken
    )
    chart = burn_down(default_scenario, previous, actuals, previous, TODAY)
    assert chart.planned[0][0] == default_scenario.calendar.start
    assert chart.actual[-1] == (TODAY, 2990 - taken)
    assert chart.forecast[0][0] == TODAY
    assert all(a >= b for (_, a), (_, b) in zip(chart.planned, chart.planned[1:], strict=False))


def test_weekly_review_figures(default_scenario, first_plan) -> None:
    from planning.campaign.weekly import weekly_review

    previous, _ = first_plan
    actuals = week_of_actuals(previous)
    review = weekly_review(default_scenario, actuals, previous, TODAY - dt.timedelta(days=1))
    assert review.week_start == dt.date(2022, 12, 8) and review.week_end == dt.date(2022, 12, 14)
    taken = sum(v.applications for v in actuals)
    assert review.collected_week == review.collected_total == taken
    assert review.remaining == 2990 - taken
    town = next(r for r in review.rows if r.code == "01477")
    town_taken = sum(v.applications for v in actuals if v.commune_code == "01477")
    assert town.issued == 4571 + town_taken
    assert town.pct_issued == pytest.approx(100 * (4571 + town_taken) / 4846)
    next_week = {(d, t) for r in review.rows for d, t, _ in r.next_week}
    assert next_week == {
        (v.date, v.team_id)
        for v in previous.visits()
        if TODAY <= v.date <= TODAY + dt.timedelta(days=6)
    }


def test_explicit_frozen_dates_merge_and_projection(default_scenario, first_plan) -> None:
    from planning.campaign.progress import projected_shortfall
    from planning.campaign.replan import merge_plans

    plan, _ = first_plan
    chosen = sorted({d.date for d in plan.team_days if d.date >= TODAY})[1:2]
    replanning = build_replanning(default_scenario, plan, [], TODAY, frozen_dates=chosen)
    assert replanning.frozen_dates == tuple(chosen)
    assert {d.date for d in replanning.frozen_days} == set(chosen)
    merged = merge_plans(plan, Plan(replanning.frozen_days), TODAY)
    assert [d for d in merged.team_days if d.date < TODAY] == [
        d for d in plan.team_days if d.date < TODAY
    ]
    assert {d.date for d in merged.team_days if d.date >= TODAY} == set(chosen)
    assert projected_shortfall(default_scenario, plan, [], default_scenario.calendar.start) == (
        default_scenario.collectable_backlog - plan.applications
    )


def test_hand_picked_frozen_dates_keep_the_invitation_lead_time(
    default_scenario, first_plan
) -> None:
    previous, _ = first_plan
    frozen = (dt.date(2022, 12, 16),)
    replanning = build_replanning(
        default_scenario, previous, week_of_actuals(previous), TODAY, frozen_dates=frozen
    )
    lead_end = TODAY + dt.timedelta(days=default_scenario.calendar.invitation_lead_days)
    announced = {v.commune_code for d in replanning.frozen_days for v in d.visits()}
    for commune in replanning.scenario.communes:
        if commune.code in announced:
            assert commune.earliest_date <= dt.date(2022, 12, 16)
        else:
            assert commune.earliest_date >= lead_end


def test_replanning_keeps_the_announced_commune_days_where_it_can(
    default_scenario, first_plan
) -> None:
    """With the previous plan given, the re-plan keeps at least as many of its commune-days
    (fewer communes to tell) and collects just as much."""
    previous, _ = first_plan
    replanning = build_replanning(default_scenario, previous, week_of_actuals(previous), TODAY)
    options = SolverOptions(time_limit_s=4, stages=2)
    stable = solve(replanning.scenario, options, previous=previous)
    free = solve(replanning.scenario, options)
    assert [s.name for s in stable.stages][:2] == ["volume", "stability"]

    def kept(plan: Plan) -> int:
        old = {(v.commune_code, v.date) for v in previous.visits() if v.date >= TODAY}
        return len(old & {(v.commune_code, v.date) for v in plan.visits()})

    assert stable.collected_by_deadline == free.collected_by_deadline
    assert kept(stable.plan) >= kept(free.plan)
    assert len(diff_plans(previous, stable.plan, TODAY)) <= len(
        diff_plans(previous, free.plan, TODAY)
    )


def test_recording_above_the_collectable_backlog_warns(tmp_path: Path) -> None:
    from dataclasses import replace

    from planning.domain import NonCollectableReason

    scenario = load_scenario(DEFAULT_DIR)
    town = scenario.commune("01477")
    with_dead = replace(town, non_collectable={NonCollectableReason.DEAD: 100})
    scenario = replace(
        scenario, communes=tuple(with_dead if c.code == "01477" else c for c in scenario.communes)
    )
    log = record_actuals(
        tmp_path / "a.csv", scenario, [Visit("T1", dt.date(2022, 12, 8), "01477", 200)], TODAY
    )
    assert [p.field for p in log.warnings] == ["applications"]
    assert "vượt số cần thu nhận 175" in log.warnings[0].vi
    assert read_actuals_log(tmp_path / "a.csv") == log  # warnings are not stored


# --- repeated rows and a re-plan date before the start (issue 11) -------------------------------


def _replan_args(previous_csv: Path, actuals: Path, out: Path, today: str, *extra: str) -> list:
    return [
        "replan",
        str(DEFAULT_DIR / "scenario.toml"),
        "--previous",
        str(previous_csv),
        "--actuals",
        str(actuals),
        "--today",
        today,
        "--out",
        str(out),
        "--time-limit",
        "2",
        *extra,
    ]


def test_replan_refuses_a_report_pasted_twice_unless_told(first_plan, tmp_path, capsys) -> None:
    from planning.cli.main import main

    previous, previous_csv = first_plan
    week = week_of_actuals(previous)
    actuals = write_actuals_csv(tmp_path / "thuc_te.csv", [*week, week[0]])  # row pasted twice
    out = tmp_path / "out"
    assert main(_replan_args(previous_csv, actuals, out, "2022-12-15")) == 1
    err = capsys.readouterr().err
    assert f"dòng 2, {len(week) + 2}" in err and "--duplicates" in err
    assert not out.exists()
    assert (
        main(_replan_args(previous_csv, actuals, out, "2022-12-15", "--duplicates", "replace")) == 0
    )
    summary = json.loads((out / "summary.json").read_text("utf-8"))
    assert summary["actual_to_date"] == sum(v.applications for v in week)


def test_repeated_rows_replace_keeps_the_later_and_add_keeps_both() -> None:
    from planning.campaign.actuals import resolve_repeated_rows

    day = dt.date(2022, 12, 8)
    visits = [Visit("T1", day, "01477", 100), Visit("T2", day, "01471", 5)]
    visits.append(Visit("T1", day, "01477", 90))
    kept, rows = resolve_repeated_rows(visits, [2, 3, 4], "replace", "f.csv")
    assert (kept, rows) == ([visits[1], visits[2]], [3, 4])
    assert resolve_repeated_rows(visits, [2, 3, 4], "add", "f.csv")[0] == visits


def test_replan_from_before_the_scenario_start_is_refused(first_plan, tmp_path, capsys) -> None:
    from planning.cli.main import main

    _, previous_csv = first_plan
    actuals = write_actuals_csv(tmp_path / "thuc_te.csv", [])
    out = tmp_path / "out"
    assert main(_replan_args(previous_csv, actuals, out, "2022-12-01")) == 1
    err = capsys.readouterr().err
    assert "trước ngày bắt đầu của kịch bản 06/12/2022" in err
    assert not out.exists()
    with pytest.raises(InputError):
        build_replanning(load_scenario(DEFAULT_DIR), first_plan[0], [], dt.date(2022, 12, 1))
