"""National bench: the national what-if on the ILLUSTRATIVE national table, on the local Dask
cluster, with a written estimate for a cluster of N machines; writes ``bench/NATIONAL.md``.

Usage::

    python -m bench.national_bench                     # all 34 provinces, T = 120 s each
    python -m bench.national_bench --time-limit 30 --provinces 04,12   # a short trial

1. ``python -m bench.make_national_table`` writes the illustrative table (every 2025 commune,
   backlog estimated from population, "Số tổ" per province: NOT REAL DATA) into ``bench/out``.
2. ``python -m planning national`` runs on it as a user would (a subprocess, ``--workers 2`` on
   this 2-core machine), start 01/9/2025, deadline 05/10/2025 (the Cao Bằng 2025 window). The wall
   time is the whole process; its phases are timed from the progress lines on standard error
   (reading the table and building the 34 scenarios; starting Dask; the provinces; writing the
   files), each province's own time is ``solve_seconds`` of national.csv.
3. Estimate for N machines like this one (2 worker processes each, one CP-SAT worker per solve,
   as here): the measured province times scheduled longest-first onto 2N slots (each province is
   one task, so no schedule beats the longest province), plus the measured fixed phases. It
   assumes a province takes as long there as here: true for the provinces that used their whole
   budget (most of the time of the big ones), pessimistic for the others on machines not shared
   with other work.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import heapq
import os
import platform
import re
import shlex
import subprocess
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench import make_national_table
from bench.run import write_results
from planning.io.files import atomic_write_text

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "national"
REPORT = REPO / "bench" / "NATIONAL.md"
TABLE = OUT / "bang_minh_hoa_toan_quoc.csv"
MACHINES = (1, 2, 4, 8, 17)


def load() -> str:
    """The load average now."""
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def run_national(args: argparse.Namespace, out: Path) -> dict[str, Any]:
    """The national command as a subprocess: wall time, phase times, its stderr lines."""
    command = [
        sys.executable,
        "-m",
        "planning",
        "national",
        "--table",
        str(TABLE),
        "--start",
        args.start,
        "--deadline",
        args.deadline,
        "--out",
        str(out),
        "--time-limit",
        f"{args.time_limit:g}",
        "--teams-max",
        str(args.teams_max),
        "--workers",
        str(args.workers),
    ]
    if args.provinces:
        command += ["--provinces", args.provinces]
    env = {k: v for k, v in os.environ.items() if k != "CCCD_DASK_SCHEDULER"}
    before = load()
    started = time.monotonic()
    stamps: list[tuple[float, str]] = []
    proc = subprocess.Popen(
        command, cwd=REPO, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    assert proc.stderr is not None
    for line in proc.stderr:
        stamps.append((time.monotonic() - started, line.rstrip("\n")))
        print(line, end="", file=sys.stderr, flush=True)
    proc.wait()
    wall = time.monotonic() - started
    if proc.returncode != 0:
        raise SystemExit(f"national exited with {proc.returncode}")
    return {
        "command": "python -m planning national " + shlex.join(command[4:]),
        "wall_s": wall,
        "stamps": stamps,
        "load": (before, load()),
    }


def phases(stamps: list[tuple[float, str]], wall: float) -> dict[str, float]:
    """Seconds spent reading (to 'starting Dask'), starting Dask (to the line announcing the
    provinces), on the provinces (to the last progress line) and writing the files (the rest)."""
    dask = next(t for t, line in stamps if "starting Dask" in line)
    ready = next(t for t, line in stamps if "Dask threads" in line)
    last = max(t for t, line in stamps if re.match(r"\[\d+/\d+\]", line))
    return {
        "reading": dask,
        "dask": ready - dask,
        "provinces": last - ready,
        "writing": wall - last,
    }


def rows_of(out: Path) -> list[dict[str, str]]:
    """national.csv."""
    with (out / "national.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def makespan(seconds: Sequence[float], slots: int) -> float:
    """Longest-first schedule of the tasks onto ``slots`` equal workers: when the last ends."""
    loads = [0.0] * slots
    heapq.heapify(loads)
    for s in sorted(seconds, reverse=True):
        heapq.heappush(loads, heapq.heappop(loads) + s)
    return max(loads)


def section(args: argparse.Namespace, run: dict[str, Any], rows: list[dict[str, str]]) -> str:
    """The NATIONAL.md section of this run."""
    times = [float(r["solve_seconds"] or 0) for r in rows]
    parts = phases(run["stamps"], run["wall_s"])
    fixed = parts["reading"] + parts["dask"] + parts["writing"]
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    found = [r for r in rows if r["min_teams"]]
    proven = sum(r["min_teams_proven"] == "true" for r in found)
    cpu = platform.processor() or platform.machine()
    lines = [
        f"## {args.label}",
        "",
        f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} (machine clock) on {platform.node()} "
        f"({cpu}, {os.cpu_count()} cores, Python {platform.python_version()}); load average "
        f"(1, 5, 15 min) before / after: {run['load'][0]} / {run['load'][1]}. The machine is "
        "shared with other work.",
        f"Command: `{run['command']}`",
        "",
        f"**Wall time: {run['wall_s']:.1f} s** for {len(rows)} provinces "
        f"(T = {args.time_limit:g} s each, {args.workers} local worker processes): reading the "
        f"table and building the scenarios {parts['reading']:.1f} s, starting Dask "
        f"{parts['dask']:.1f} s, the provinces {parts['provinces']:.1f} s, writing the files "
        f"{parts['writing']:.1f} s. Sum of the province times {sum(times):.1f} s; longest "
        f"{max(times):.1f} s; mean {sum(times) / len(times):.1f} s.",
        "",
        "Outcomes: "
        + ", ".join(f"{k} {v}" for k, v in sorted(statuses.items()))
        + f"; fewest teams found for {len(found)} provinces, proven for {proven}.",
        "",
        "| province | communes | backlog | teams given | fewest teams (proven) "
        "| earliest finish, teams given (proven) | status | s | worker |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        teams = f"{r['min_teams']} ({r['min_teams_proven']})" if r["min_teams"] else "—"
        finish = (
            f"{r['earliest_finish']} ({r['earliest_finish_proven']})"
            if r["earliest_finish"]
            else "—"
        )
        lines.append(
            f"| {r['province_code']} {r['province']} | {r['communes']} | {int(r['backlog']):,} "
            f"| {r['teams_given'] or '—'} | {teams} | {finish} | {r['status']} "
            f"| {r['solve_seconds']} | {r['worker'].rsplit(':', 1)[-1]} |"
        )
    lines += [
        "",
        "### Estimate for a cluster of N machines",
        "",
        f"From the measured province times above: longest-first onto 2 worker processes per "
        f"machine, plus the fixed phases measured here ({fixed:.1f} s: reading, Dask start, "
        "writing). Each province is one task, so no cluster finishes sooner than the longest "
        f"province ({max(times):.1f} s) plus those phases.",
        "",
        "| machines (2 cores each) | worker processes | estimated wall s | estimated min |",
        "|---|---|---|---|",
    ]
    for n in MACHINES:
        span = makespan(times, 2 * n) + fixed
        lines.append(f"| {n} | {2 * n} | {span:.0f} | {span / 60:.1f} |")
    here = makespan(times, args.workers) + fixed
    lines += [
        "",
        f"Check of the model on this run: it predicts {here:.0f} s for this machine "
        f"({args.workers} processes); measured {run['wall_s']:.0f} s (the difference is the "
        "order in which Dask hands out tasks, which is not longest-first).",
        "",
    ]
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the table, run the national what-if, write bench/NATIONAL.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time-limit", type=float, default=120.0, help="seconds per province")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--teams-max", type=int, default=60)
    parser.add_argument("--start", default="2025-09-01")
    parser.add_argument("--deadline", default="2025-10-05")
    parser.add_argument("--provinces", default="", help="only these (a trial; default all)")
    parser.add_argument("--label", default="Latest run")
    parser.add_argument("--no-report", action="store_true", help="do not write NATIONAL.md")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    text, _ = make_national_table.national_table_text()
    atomic_write_text(TABLE, text)
    out = OUT / "run"
    run = run_national(args, out)
    rows = rows_of(out)
    report = section(args, run, rows)
    print(report)
    if not args.no_report:
        write_results(args.label, report, REPORT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
