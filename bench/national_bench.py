"""National bench: the national what-if on the ILLUSTRATIVE national table, on the local Dask
cluster, with a written estimate for a cluster of N machines; writes ``bench/NATIONAL.md``.

Usage::

    python -m bench.national_bench                     # all 34 provinces, T = 60 s each
    python -m bench.national_bench --time-limit 30 --provinces 04,12   # a short trial
    python -m bench.national_bench --recheck 25,44     # and those again with 10 × T

1. ``python -m bench.make_national_table`` writes the illustrative table (every 2025 commune,
   backlog estimated from population, "Số tổ" per province: NOT REAL DATA) into ``bench/out``.
2. ``python -m planning national`` runs on it as a user would (a subprocess, ``--workers 2`` on
   this 2-core machine), start 01/9/2025, deadline 05/10/2025 (the Cao Bằng 2025 window). The wall
   time is the whole process; its phases are timed from the progress lines on standard error
   (reading the table and building the 34 scenarios; starting Dask; the provinces; writing the
   files), each province's own time is ``solve_seconds`` of national.csv.
3. Estimate for N machines like this one (2 worker processes each, one CP-SAT worker per solve,
   as here), from the measured **task** times of ``tasks.csv``: each province's search is a
   sequence of rounds, a round's probes run in parallel and the next round starts when it ends
   (plus the province's own bookkeeping between rounds, measured as its wall time less its
   rounds); the provinces are started largest first, as many at once as there are slots, as
   the run does, and the rounds are list-scheduled onto 2N slots. It keeps the rounds as they
   were here (a larger cluster would probe more counts per round and need fewer rounds), so it
   is pessimistic in that respect; it assumes a task takes as long there as here.
4. ``--recheck CODES``: those provinces again with 10 × T, to check that no U reported above is
   larger than the smallest count a much longer run finds a meeting plan with.
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
        "out": str(out),
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


def task_rounds(out: Path) -> dict[str, list[list[float]]]:
    """tasks.csv as each province's rounds of task seconds."""
    rounds: dict[str, dict[int, list[float]]] = {}
    path = out / "tasks.csv"
    if not path.exists():
        return {}
    with path.open(encoding="utf-8", newline="") as handle:
        for r in csv.DictReader(handle):
            by_round = rounds.setdefault(r["province_code"], {})
            by_round.setdefault(int(r["round"]), []).append(float(r["seconds"]))
    return {code: [by[k] for k in sorted(by)] for code, by in rounds.items()}


def simulate(provinces: Sequence[tuple[list[list[float]], float]], slots: int) -> float:
    """When the last province ends: provinces (rounds of task seconds, bookkeeping seconds) in
    the given order, at most ``slots`` at once; each round's tasks on the earliest free slots,
    the next round when it ends plus its share of the bookkeeping (list scheduling in the order
    rounds become ready)."""
    free_at = [0.0] * slots
    heapq.heapify(free_at)
    ready: list[tuple[float, int, int]] = []  # (ready time, province, round)
    waiting = list(range(len(provinces)))
    for _ in range(min(slots, len(provinces))):
        heapq.heappush(ready, (0.0, waiting.pop(0), 0))
    end = 0.0
    while ready:
        now, i, k = heapq.heappop(ready)
        rounds, bookkeeping = provinces[i]
        finish = now
        for seconds in sorted(rounds[k] if k < len(rounds) else [], reverse=True):
            slot = max(heapq.heappop(free_at), now)
            heapq.heappush(free_at, slot + seconds)
            finish = max(finish, slot + seconds)
        finish += bookkeeping / max(1, len(rounds))
        if k + 1 < len(rounds):
            heapq.heappush(ready, (finish, i, k + 1))
            continue
        end = max(end, finish)
        if waiting:
            heapq.heappush(ready, (finish, waiting.pop(0), 0))
    return end


def section(args: argparse.Namespace, run: dict[str, Any], rows: list[dict[str, str]]) -> str:
    """The NATIONAL.md section of this run."""
    times = [float(r["solve_seconds"] or 0) for r in rows]
    rounds = task_rounds(Path(run["out"]))
    order = sorted(
        rows, key=lambda r: int(r["communes"]) * int(r["teams_given"] or 1), reverse=True
    )
    provinces = []
    for r in order:
        mine = rounds.get(r["province_code"], [])
        busy = sum(max(t) for t in mine if t)
        provinces.append((mine, max(0.0, float(r["solve_seconds"] or 0) - busy)))
    task_total = sum(s for mine, _ in provinces for t in mine for s in t)
    parts = phases(run["stamps"], run["wall_s"])
    fixed = parts["reading"] + parts["dask"] + parts["writing"]
    statuses: dict[str, int] = {}
    for r in rows:
        statuses[r["status"]] = statuses.get(r["status"], 0) + 1
    found = [r for r in rows if r["min_teams"]]
    proven = sum(r["min_teams_proven"] == "true" for r in found)
    intervals = [r for r in rows if r["min_teams_low"] or r["min_teams_high"]]
    tight = sum(
        1
        for r in rows
        if r["min_teams_high"] and int(r["min_teams_high"]) - int(r["min_teams_low"] or 1) <= 1
    )
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
        + f"; an interval of teams for {len(intervals)} of {len(rows)} provinces, a meeting plan "
        f"(U) for {len(found)}, proven (L = U) for {proven}; U − L ≤ 1 for {tight}. "
        f"{sum(len(t) for m, _ in provinces for t in m)} probe tasks, {task_total:.0f} s of "
        "task time.",
        "",
        "| province | communes | backlog | teams given | fewest teams L–U (proven) "
        "| earliest finish low–high, teams given | status | s | tasks |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for r in rows:
        low, high = r["min_teams_low"], r["min_teams_high"]
        teams = f"{low or '?'}–{high or '—'} ({r['min_teams_proven']})" if low or high else "—"
        finish = (
            f"{r['earliest_finish_low'] or '?'} – {r['earliest_finish_high'] or '—'}"
            if r["earliest_finish_low"] or r["earliest_finish_high"]
            else "—"
        )
        count = sum(len(t) for t in rounds.get(r["province_code"], []))
        lines.append(
            f"| {r['province_code']} {r['province']} | {r['communes']} | {int(r['backlog']):,} "
            f"| {r['teams_given'] or '—'} | {teams} | {finish} | {r['status']} "
            f"| {r['solve_seconds']} | {count} |"
        )
    lines += [
        "",
        "### Estimate for a cluster of N machines",
        "",
        "From the measured task times (`tasks.csv`; method in the module docstring): the "
        "provinces' rounds list-scheduled onto 2 worker processes per machine, plus the fixed "
        f"phases measured here ({fixed:.1f} s: reading, Dask start, writing).",
        "",
        "| machines (2 cores each) | worker processes | estimated wall s | estimated min |",
        "|---|---|---|---|",
    ]
    for n in MACHINES:
        span = simulate(provinces, 2 * n) + fixed
        lines.append(f"| {n} | {2 * n} | {span:.0f} | {span / 60:.1f} |")
    here = simulate(provinces, args.workers) + fixed
    lines += [
        "",
        f"Check of the model on this run: it predicts {here:.0f} s for this machine "
        f"({args.workers} processes); measured {run['wall_s']:.0f} s.",
        "",
    ]
    return "\n".join(lines)


def recheck_lines(args: argparse.Namespace, rows: list[dict[str, str]]) -> list[str]:
    """The --recheck provinces again with 10 × T: their U against the long run's."""
    if not args.recheck:
        return []
    out = OUT / "recheck"
    again = argparse.Namespace(**{**vars(args), "time_limit": 10 * args.time_limit})
    again.provinces = args.recheck
    run = run_national(again, out)
    long_rows = {r["province_code"]: r for r in rows_of(out)}
    lines = [
        "",
        f"### Recheck with 10 × T ({10 * args.time_limit:g} s per province)",
        "",
        f"Command: `{run['command']}`",
        "",
        "| province | L–U (T) | L–U (10 × T) | U ≤ the long run's smallest meeting count? |",
        "|---|---|---|---|",
    ]
    for r in rows:
        long = long_rows.get(r["province_code"])
        if long is None:
            continue
        short_u, long_u = r["min_teams_high"], long["min_teams_high"]
        ok = (
            "—"
            if not short_u or not long_u
            else ("yes" if int(short_u) <= int(long_u) else "**no**")
        )
        short = f"{r['min_teams_low'] or '?'}–{short_u or '—'}"
        longer = f"{long['min_teams_low'] or '?'}–{long_u or '—'}"
        lines.append(f"| {r['province_code']} {r['province']} | {short} | {longer} | {ok} |")
    return [*lines, ""]


def main(argv: Sequence[str] | None = None) -> int:
    """Generate the table, run the national what-if, write bench/NATIONAL.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time-limit", type=float, default=60.0, help="seconds per province")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--teams-max", type=int, default=60)
    parser.add_argument("--start", default="2025-09-01")
    parser.add_argument("--deadline", default="2025-10-05")
    parser.add_argument("--provinces", default="", help="only these (a trial; default all)")
    parser.add_argument("--label", default="Latest run")
    parser.add_argument("--recheck", default="", help="these provinces again with 10 × T")
    parser.add_argument("--no-report", action="store_true", help="do not write NATIONAL.md")
    args = parser.parse_args(argv)
    OUT.mkdir(parents=True, exist_ok=True)
    text, _ = make_national_table.national_table_text()
    atomic_write_text(TABLE, text)
    out = OUT / "run"
    run = run_national(args, out)
    rows = rows_of(out)
    report = section(args, run, rows) + "\n".join(recheck_lines(args, rows))
    print(report)
    if not args.no_report:
        write_results(args.label, report, REPORT)
    return 0


if __name__ == "__main__":
    sys.exit(main())
