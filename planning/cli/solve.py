"""``python -m planning solve SCENARIO --out DIR ...``: plan, write plan.csv and summary.json.

Exit codes: 0 when a plan was produced (even one that misses the deadline), 2 when the scenario or
an option is invalid.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path

from planning.cli.options import time_limit_seconds
from planning.errors import InputError
from planning.io.plan import format_summary_vi, read_plan_csv, write_plan_csv, write_summary_json
from planning.results import SolveStatus
from planning.wording import status_reason_text

EXIT_OK, EXIT_INVALID = 0, 2


def add_solve_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:
    """Register the ``solve`` sub-command."""
    parser = subparsers.add_parser("solve", help="Lập kế hoạch / plan the team-days")
    parser.add_argument("scenario", type=Path, help="scenario.toml")
    parser.add_argument("--out", type=Path, required=True, help="output folder")
    parser.add_argument(
        "--time-limit", type=time_limit_seconds, default=10.0, help="seconds for the main solve"
    )
    parser.add_argument("--teams", type=int, default=None, help="use N teams")
    parser.add_argument("--deadline", type=str, default=None, help="YYYY-MM-DD (inclusive)")
    parser.add_argument("--weekends", choices=("on", "off"), default=None)
    parser.add_argument("--pinned", type=Path, default=None, help="plan.csv whose visits stay")
    parser.add_argument("--no-what-if", action="store_true", help="skip 'what would it take'")
    parser.add_argument(
        "--what-if-time-limit",
        type=time_limit_seconds,
        default=None,
        help="giây cho phân tích 'cần gì để kịp hạn' (mặc định bằng --time-limit) / "
        "seconds for the what-if analysis (default: --time-limit)",
    )
    parser.set_defaults(func=run_solve)
    return parser


def _fail(vi: str, en: str) -> int:
    print(f"Lỗi: {vi} / Error: {en}", file=sys.stderr)
    return EXIT_INVALID


def _apply_options(scenario, args: argparse.Namespace):  # type: ignore[no-untyped-def]
    """The scenario with --teams, --deadline, --weekends and --pinned applied."""
    from planning.variants import with_deadline, with_team_count, with_weekends

    if args.teams is not None:
        scenario = with_team_count(scenario, args.teams)
    if args.deadline is not None:
        deadline = dt.date.fromisoformat(args.deadline)
        if deadline < scenario.calendar.start:
            raise ValueError(f"deadline {deadline} is before the plan start")
        scenario = with_deadline(scenario, deadline)
    if args.weekends is not None:
        scenario = with_weekends(scenario, args.weekends == "on")
    if args.pinned is not None:
        pinned = read_plan_csv(args.pinned)
        scenario = replace(scenario, pinned=(*scenario.pinned, *pinned.visits()))
    return scenario


def _variant_extra(args: argparse.Namespace) -> dict[str, object]:
    """summary.json's ``variant`` when --teams/--weekends/--deadline changed the scenario (so
    ``export`` rebuilds the same scenario from the files)."""
    from planning.io.sweep_files import variant_dict
    from planning.sweep.grid import variant_name
    from planning.variants import Variant

    weekends = None if args.weekends is None else args.weekends == "on"
    deadline = None if args.deadline is None else dt.date.fromisoformat(args.deadline)
    if args.teams is None and weekends is None and deadline is None:
        return {}
    name = variant_name(args.teams, weekends, deadline, None)
    variant = Variant(name, args.teams, weekends, deadline)
    return {"variant": variant_dict(variant)}


def run_solve(args: argparse.Namespace) -> int:
    """Run the ``solve`` sub-command; returns the exit code."""
    from planning.io.scenario import open_scenario
    from planning.solver import SolverOptions, solve, what_it_takes

    lang = getattr(args, "lang", "vi")
    try:
        loaded = open_scenario(args.scenario)
    except InputError as err:
        print(err.render(lang), file=sys.stderr)
        return EXIT_INVALID
    except OSError as err:
        return _fail(
            f"không đọc được {args.scenario}: {err}", f"cannot read {args.scenario}: {err}"
        )
    for problem in loaded.warnings:  # the same warnings `check` shows
        print(problem.render(lang), file=sys.stderr)
    scenario = loaded.scenario
    if args.teams is not None and args.teams < 1:
        return _fail("--teams phải ≥ 1", "--teams must be at least 1")
    try:
        scenario = _apply_options(scenario, args)
    except (ValueError, OSError) as err:
        return _fail(f"tham số không hợp lệ: {err}", f"invalid option: {err}")
    options = SolverOptions(time_limit_s=args.time_limit)
    result = solve(scenario, options)
    if result.status == SolveStatus.INVALID:
        stated = status_reason_text(result.status_reason)
        return _fail(stated, stated)
    budget = args.time_limit if args.what_if_time_limit is None else args.what_if_time_limit
    what = None if args.no_what_if else what_it_takes(scenario, options, budget, result)
    args.out.mkdir(parents=True, exist_ok=True)
    write_plan_csv(result.plan, scenario, args.out / "plan.csv")
    write_summary_json(result, scenario, what, args.out / "summary.json", _variant_extra(args))
    print(format_summary_vi(result, scenario, what))
    return EXIT_OK
