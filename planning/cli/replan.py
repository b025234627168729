"""``python -m planning replan SCENARIO --previous PLAN_CSV --actuals FILE --today YYYY-MM-DD
[--freeze-days N] --out DIR``: re-plan the rest of the campaign with announced days fixed.

Writes ``plan.csv`` and ``summary.json`` with the writers ``solve`` uses (the summary adds
``replan_from``, ``frozen_dates``, ``actual_to_date``, ``actual_by_commune`` and ``changes``),
and prints what changed for the communes.
Exit 0 when a plan was produced, 1 when an input is invalid (nothing is written then).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from pathlib import Path
from typing import Any

from planning.campaign.actuals import REPEATED_ROWS_CHOICES
from planning.campaign.replan import FREEZE_DAYS_DEFAULT
from planning.cli.options import time_limit_seconds
from planning.errors import InputError, error
from planning.formatting import fmt_date
from planning.results import SolveStatus
from planning.wording import status_reason_text


def add_replan_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg,unused-ignore]
    """Register the ``replan`` sub-command."""
    parser = subparsers.add_parser(
        "replan", help="lập lại kế hoạch từ một ngày / re-plan from a date"
    )
    parser.add_argument("scenario", type=Path)
    parser.add_argument("--previous", type=Path, required=True, help="plan.csv đã công bố")
    parser.add_argument(
        "--actuals",
        type=Path,
        required=True,
        help="CSV/Excel: date,team_id,commune_code,applications",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        required=True,
        help="ngày đầu tiên của kế hoạch mới (YYYY-MM-DD)",
    )
    parser.add_argument(
        "--freeze-days",
        type=int,
        default=FREEZE_DAYS_DEFAULT,
        help=f"số ngày làm việc giữ nguyên từ --today (mặc định {FREEZE_DAYS_DEFAULT})",
    )
    parser.add_argument(
        "--duplicates",
        choices=REPEATED_ROWS_CHOICES,
        default="error",
        help="dòng trùng ngày, tổ, xã trong --actuals: error (báo lỗi, mặc định), replace (giữ "
        "dòng sau), add (cộng cả hai) / rows repeating a date, team and commune",
    )
    parser.add_argument(
        "--min-gain",
        type=int,
        default=100,
        help="chỉ đổi ngày đã thông báo khi thêm được ít nhất ngần này người đến hạn (mặc định "
        "100) / move an announced date only to gain at least this many people by the deadline",
    )
    parser.add_argument("--out", type=Path, required=True)
    parser.add_argument("--time-limit", type=time_limit_seconds, default=10.0)
    parser.set_defaults(func=run_replan)
    return parser


def _read_previous(path: Path) -> Any:
    from planning.io.plan import read_plan_file

    return read_plan_file(
        path,
        "kế hoạch trước",
        "the previous plan",
        fix_vi="dùng plan.csv do lệnh solve/replan ghi ra",
        fix_en="use a plan.csv written by solve/replan",
    )


def run_replan(args: argparse.Namespace) -> int:
    """Run the ``replan`` sub-command; returns the exit code."""
    from planning.campaign.actuals import resolve_repeated_rows, validate_actuals
    from planning.campaign.plan_diff import diff_plans
    from planning.campaign.replan import (
        ReplanRequest,
        check_actual_dates,
        check_replan_date,
        keep_promises,
    )
    from planning.io.actuals_files import ActualsLog, parse_actuals_file
    from planning.io.plan import format_summary_vi, write_plan_csv, write_summary_json
    from planning.io.scenario import open_scenario
    from planning.report.progress_views import (
        change_group_table,
        change_lines,
        emptied_sentence,
        promise_sentence,
    )
    from planning.solver import SolverOptions, solve

    if args.freeze_days < 0:
        raise InputError(
            [
                error(
                    "--freeze-days phải ≥ 0",
                    "--freeze-days must be ≥ 0",
                    field="--freeze-days",
                    fix_vi="ví dụ 3",
                    fix_en="e.g. 3",
                )
            ]
        )
    loaded = open_scenario(args.scenario)
    scenario = loaded.scenario
    previous = _read_previous(args.previous)
    visits, rows = parse_actuals_file(args.actuals)
    visits, rows = resolve_repeated_rows(visits, rows, args.duplicates, str(args.actuals))
    problems = validate_actuals(visits, scenario, args.today, ActualsLog(), str(args.actuals), rows)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    check_replan_date(scenario, args.today, "--today")
    check_actual_dates(visits, args.today, str(args.actuals), rows)
    request = ReplanRequest(
        scenario, previous, tuple(visits), args.today, args.freeze_days, None, max(0, args.min_gain)
    )
    outcome = keep_promises(request, SolverOptions(time_limit_s=args.time_limit), solve)
    replanning, result = outcome.replanning, outcome.result
    for problem in (*loaded.warnings, *problems, *replanning.warnings):
        sys.stderr.write(problem.render("vi") + "\n")
    if result.status == SolveStatus.INVALID:
        stated = status_reason_text(result.status_reason)
        raise InputError([error(stated, stated, file=str(args.scenario))])
    changes = diff_plans(previous, result.plan, since=args.today)
    replanned = {
        "replan_from": args.today.isoformat(),
        "frozen_dates": [d.isoformat() for d in replanning.frozen_dates],
        "actual_to_date": sum(replanning.actual_by_commune.values()),
        "actual_by_commune": replanning.actual_by_commune,
        "min_gain": outcome.min_gain,
        "proposal": outcome.proposal,
        "gain_over_kept_dates": outcome.gain,
        "changes": [
            {
                "commune_code": c.commune_code,
                "kind": c.kind,
                "dropped": [d.isoformat() for d in c.dropped],
                "added": [d.isoformat() for d in c.added],
            }
            for c in changes
        ],
    }
    args.out.mkdir(parents=True, exist_ok=True)
    write_plan_csv(result.plan, replanning.scenario, args.out / "plan.csv")
    write_summary_json(
        result, replanning.scenario, None, args.out / "summary.json", extra=replanned
    )
    print(format_summary_vi(result, replanning.scenario, None))
    frozen = ", ".join(fmt_date(d) for d in replanning.frozen_dates) or "không có"
    print(f"Giữ nguyên các ngày đã thông báo: {frozen}")
    names = {c.code: c.name for c in scenario.communes}
    teams = {t.team_id: t.name for t in scenario.teams}
    print(promise_sentence(outcome, "vi"))
    emptied = emptied_sentence(outcome, names, "vi")
    if emptied:
        print(emptied)
    if outcome.groups:
        print("Các thay đổi của lập lại tự do và số người mỗi thay đổi thêm được:")
        table = change_group_table(outcome.groups, names, "vi", teams)
        for change, gain, proposed in table.texts():
            print(f"  [{proposed}] +{gain}: {change}")
    print(f"Thay đổi so với kế hoạch trước: {len(changes)} xã")
    for line in change_lines(changes, names, "vi", teams):
        print("  " + line)
    return 0
