"""Sweep bench: a 12-variant sweep of a province on 1 vs 2 local Dask workers, and a district sweep
checked against single ``solve`` runs; writes ``bench/SWEEP.md``.

Usage::

    python -m bench.sweep_bench              # province_190 at T = 20 s, Trùng Khánh at 10 s
    python -m bench.sweep_bench --time-limit 30 --province province_120

1. **Province, 1 vs 2 workers.** The same 12 variants (teams 4, 6, 8 × weekends on/off × two
   deadlines) of a generated province instance (``bench.make_province``, ILLUSTRATIVE data) are
   solved by :class:`planning.sweep.Sweep` on a local cluster of 1 worker process (each solve gets
   both cores: CP-SAT workers = 2) and then of 2 worker processes (one core each). Wall time is
   from the first submit to the last result (the cluster's start-up is timed apart). Every plan is
   verified by the independent checker ``tests/plan_checker.py``.
2. **District, sweep = solve.** 12 variants of a district scenario (teams 1-3 × weekends on/off
   × two deadlines) on 2 workers, then each variant alone with ``python -m planning solve
   --teams --weekends --deadline --no-what-if`` (in this process, through the CLI's ``main``);
   where both are proven optimal the collected applications must be equal.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import platform
import shlex
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import make_province
from bench.run import load_checker, verify, write_results
from planning.domain import Scenario
from planning.formatting import fmt_int
from planning.io.export_inputs import export_inputs
from planning.io.scenario import load_scenario
from planning.outcomes import VariantOutcome
from planning.sweep import Sweep, connect, variant_grid
from planning.sweep.output import SweepWriter
from planning.variants import Variant

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "sweep"
REPORT = REPO / "bench" / "SWEEP.md"
DISTRICT = REPO / "scenarios" / "trung_khanh_2022-12" / "scenario.toml"


def load() -> str:
    """The load average now."""
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def province_variants(scenario: Scenario) -> list[Variant]:
    """Teams 4, 6, 8 × weekends on/off × the deadline and one a week earlier (12 variants)."""
    deadline = scenario.calendar.deadline
    return variant_grid([4, 6, 8], [True, False], [deadline - dt.timedelta(days=7), deadline])


def district_variants(scenario: Scenario) -> list[Variant]:
    """Teams 1-3 × weekends on/off × the deadline and five days earlier (12 variants)."""
    deadline = scenario.calendar.deadline
    return variant_grid([1, 2, 3], [True, False], [deadline - dt.timedelta(days=5), deadline])


def run_sweep(
    scenario: Scenario, variants: list[Variant], limit: float, n_workers: int, out: Path
) -> dict[str, Any]:
    """One sweep on a fresh local cluster of ``n_workers``: timings and outcomes."""
    loads = [load()]
    started = time.monotonic()
    with connect(None, n_workers) as connection:
        up = time.monotonic() - started
        shares = dict(connection.cores_per_solve)
        writer = SweepWriter(out, scenario, variants)
        t0 = time.monotonic()
        sweep = Sweep(scenario, variants, limit, connection).start()
        for outcome in sweep.outcomes():
            writer.add(outcome)
        wall = time.monotonic() - t0
    writer.finish()
    loads.append(load())
    return {
        "workers": n_workers,
        "cores_per_solve": shares,
        "startup_s": up,
        "wall_s": wall,
        "outcomes": writer.in_order(),
        "load": loads,
    }


def check_plans(checker: Any, outcomes: Sequence[VariantOutcome], out: Path) -> list[str]:
    """The first violation of each variant whose plan is not valid (the independent checker with
    the scenario's overnight and teams-per-commune rules, plus stops per day and minimum per
    stop: ``bench.run.verify``), or why it has no plan."""
    found = []
    for o in outcomes:
        if not o.solved:
            found.append(f"{o.variant.name}: {o.state}")
            continue
        inputs = out / o.variant.name / "inputs"
        export_inputs(o.scenario, inputs)
        problems = verify(out / o.variant.name / "plan.csv", inputs, o.scenario, checker)
        if problems:
            found.append(f"{o.variant.name}: {problems[0]}")
    return found


def single_solve(toml: Path, variant: Variant, limit: float, out: Path) -> dict[str, Any]:
    """``python -m planning solve`` of one variant (through the CLI's main): its summary."""
    from planning.cli.main import main

    argv = ["solve", str(toml), "--out", str(out), "--time-limit", str(limit), "--no-what-if"]
    if variant.teams is not None:
        argv += ["--teams", str(variant.teams)]
    if variant.weekends is not None:
        argv += ["--weekends", "on" if variant.weekends else "off"]
    if variant.deadline is not None:
        argv += ["--deadline", variant.deadline.isoformat()]
    code = main(argv)
    if code != 0:
        raise RuntimeError(f"solve exited {code} for {variant.name}")
    summary: dict[str, Any] = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return summary


def province_section(
    name: str, limit: float, runs: list[dict[str, Any]], bad: list[str]
) -> list[str]:
    one, two = runs
    lines = [
        f"### Province: {name}, 12 variants, T = {limit:g} s per variant",
        "",
        "| local workers | CP-SAT workers per solve | cluster start-up s | sweep wall s "
        "| variants solved | load before / after |",
        "|---|---|---|---|---|---|",
    ]
    for run in runs:
        solved = sum(o.solved for o in run["outcomes"])
        lines.append(
            f"| {run['workers']} | {', '.join(str(v) for v in run['cores_per_solve'].values())} "
            f"| {run['startup_s']:.1f} | {run['wall_s']:.1f} | {solved}/12 "
            f"| {run['load'][0]} / {run['load'][1]} |"
        )
    lines += [
        "",
        f"**Ratio (same run): 1 worker {one['wall_s']:.1f} s ÷ 2 workers {two['wall_s']:.1f} s "
        f"= {one['wall_s'] / two['wall_s']:.2f}×.**",
        "",
        "| variant | teams | weekends | deadline | collected, 1 worker (status, solve s) "
        "| collected, 2 workers (status, solve s) | valid bound |",
        "|---|---|---|---|---|---|---|",
    ]
    by_name = {o.variant.name: o for o in two["outcomes"]}
    for a in one["outcomes"]:
        b = by_name[a.variant.name]
        cells = []
        for o in (a, b):
            r = o.result
            cells.append(
                "—"
                if r is None
                else f"{fmt_int(r.collected_by_deadline, 'en')} ({r.status}, {r.solve_seconds:.1f})"
            )
        bound = a.result.upper_bound_by_deadline if a.result else None
        lines.append(
            f"| {a.variant.name} | {a.teams} | {a.weekends} | {a.deadline.isoformat()} "
            f"| {cells[0]} | {cells[1]} | {fmt_int(bound, 'en')} |"
        )
    lines += ["", f"Checker on all 24 plans: {'every plan valid' if not bad else '; '.join(bad)}."]
    return lines


def district_section(
    name: str, limit: float, run: dict[str, Any], singles: dict[str, dict[str, Any]]
) -> list[str]:
    lines = [
        f"### District: {name}, 12 variants on 2 workers vs 12 single `solve` runs, "
        f"T = {limit:g} s",
        "",
        f"Sweep wall {run['wall_s']:.1f} s (start-up {run['startup_s']:.1f} s), load "
        f"{run['load'][0]} / {run['load'][1]}.",
        "",
        "| variant | sweep: collected (status) | solve: collected (status) | both optimal "
        "| equal |",
        "|---|---|---|---|---|",
    ]
    compared = equal = 0
    for o in run["outcomes"]:
        s = singles[o.variant.name]
        r = o.result
        both = r is not None and r.status == "optimal" and s["solver_status"] == "optimal"
        same = r is not None and r.collected_by_deadline == s["collected_by_deadline"]
        compared += both
        equal += both and same
        lines.append(
            f"| {o.variant.name} | {fmt_int(r.collected_by_deadline if r else None, 'en')} "
            f"({r.status if r else o.state}) | {fmt_int(s['collected_by_deadline'], 'en')} "
            f"({s['solver_status']}) | {'yes' if both else 'no'} | "
            f"{('yes' if same else 'NO') if both else '—'} |"
        )
    lines += ["", f"**Proven optimal in both: {compared}; equal: {equal}/{compared}.**"]
    return lines


def main(argv: Sequence[str] | None = None) -> int:
    """Run both parts and write bench/SWEEP.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument(
        "--province", default="province_190", choices=("province_120", "province_190")
    )
    parser.add_argument("--time-limit", type=float, default=20.0, help="province, per variant")
    parser.add_argument("--district", type=Path, default=DISTRICT)
    parser.add_argument("--district-time-limit", type=float, default=10.0)
    parser.add_argument("--no-report", action="store_true", help="do not write bench/SWEEP.md")
    args = parser.parse_args(argv)
    command = "python -m bench.sweep_bench " + shlex.join(
        argv if argv is not None else sys.argv[1:]
    )
    instances = REPO / "bench" / "out" / "instances"
    build = (
        make_province.province_190
        if args.province == "province_190"
        else make_province.province_120
    )
    toml = build(instances)
    checker = load_checker()
    province = load_scenario(toml)
    variants = province_variants(province)
    runs = []
    for n in (1, 2):
        out = OUT / f"{args.province}_w{n}"
        runs.append(run_sweep(province, variants, args.time_limit, n, out))
        print(f"{args.province}, {n} worker(s): {runs[-1]['wall_s']:.1f} s", flush=True)
    bad = [
        f"w{r['workers']} {p}"
        for r in runs
        for p in check_plans(checker, r["outcomes"], OUT / f"{args.province}_w{r['workers']}")
    ]
    district = load_scenario(args.district)
    dvariants = district_variants(district)
    drun = run_sweep(district, dvariants, args.district_time_limit, 2, OUT / "district_w2")
    singles = {
        v.name: single_solve(
            args.district, v, args.district_time_limit, OUT / "district_solve" / v.name
        )
        for v in dvariants
    }
    cpu = platform.processor() or platform.machine()
    text = [
        "## Latest run",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} (machine clock) on {platform.node()} "
        f"({cpu}, {os.cpu_count()} cores, 24 GiB, Python {platform.python_version()}). The "
        "machine is shared with other work: the load averages (1, 5, 15 min) before and after "
        "each sweep are in the tables.",
        f"Command: `{command}`",
        "",
        *province_section(args.province, args.time_limit, runs, bad),
        "",
        *district_section(args.district.parent.name, args.district_time_limit, drun, singles),
        "",
    ]
    print("\n".join(text))
    if not args.no_report:
        write_results("Latest run", "\n".join(text), REPORT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
