"""Benchmark the solver against the valid bound and a greedy baseline.

Usage: ``PYTHONPATH=. .venv/bin/python -m bench.run [--time-limit S] [--province-time-limit S]``
Prints a Markdown table (paste into bench/RESULTS.md).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

from planning.domain import Scenario
from planning.io.scenario import load_scenario
from planning.solver import SolverOptions, solve
from planning.solver.extract import to_plan
from planning.solver.greedy import greedy_assignment
from planning.solver.instance import build_instance
from planning.solver.routes import all_team_routes

INSTANCES = (
    ("Trùng Khánh 12/2022", "scenarios/trung_khanh_2022-12/scenario.toml", "district"),
    ("Đak Đoa 08/2022", "scenarios/dak_doa_2022-08/scenario.toml", "district"),
    ("Cao Bằng 2025", "scenarios/cao_bang_2025/scenario.toml", "province"),
)


def baseline(scenario: Scenario) -> dict[str, object]:
    """Nearest commune first, one commune per team-day (its gap is against the solver's bound)."""
    t0 = time.monotonic()
    inst = build_instance(scenario)
    routes = all_team_routes(inst)
    plan = to_plan(inst, routes, greedy_assignment(inst, routes))
    collected = sum(v.applications for v in plan.visits())
    meets = collected >= scenario.collectable_backlog
    last = max((v.date for v in plan.visits()), default=None)
    return {
        "seconds": time.monotonic() - t0,
        "collected": collected,
        "finish": last if meets else None,
        "travel": plan.travel_min,
    }


def _date(day: dt.date | None) -> str:
    return day.isoformat() if day else "—"


def main() -> None:
    """Run every instance that exists and print the table."""
    parser = argparse.ArgumentParser()
    parser.add_argument("--time-limit", type=float, default=10.0)
    parser.add_argument("--province-time-limit", type=float, default=60.0)
    args = parser.parse_args()
    print(
        f"machine: {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
        f"{platform.python_version()}, date {dt.date.today()}"
    )
    print(
        "| instance | communes/teams/backlog | limit s | solve s | status | collected | "
        "valid bound | bound kind | gap | finish | travel min | greedy collected | greedy gap | "
        "greedy finish | greedy travel |"
    )
    print("|" + "---|" * 15)
    for name, path, kind in INSTANCES:
        if not Path(path).exists():
            print(f"| {name} | skipped: {path} not found |" + " |" * 13)
            continue
        scenario = load_scenario(path)
        limit = args.province_time_limit if kind == "province" else args.time_limit
        result = solve(scenario, SolverOptions(time_limit_s=limit))
        base = baseline(scenario)
        bound = result.upper_bound_by_deadline
        greedy_gap = (bound - int(base["collected"])) / bound if bound else 0.0  # type: ignore[call-overload]
        print(
            f"| {name} | {len(scenario.communes)}/{len(scenario.teams)}/"
            f"{scenario.collectable_backlog} | {limit:g} | {result.solve_seconds:.1f} | "
            f"{result.status} | {result.collected_by_deadline} | {bound} | {result.bound_kind} | "
            f"{100 * result.gap:.2f}% | "
            f"{_date(result.finish_date)} | {result.travel_min} | {base['collected']} | "
            f"{100 * greedy_gap:.2f}% | {_date(base['finish'])} | {base['travel']} |"  # type: ignore[arg-type]
        )


if __name__ == "__main__":
    main()
