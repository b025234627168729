"""Benchmark: the product against its valid bound and two peers, on every instance, in one run.

For each instance (the shipped scenarios + the province instances of ``bench/make_province.py``,
among them ``province_points``: Tuyên Quang planned by its former communes as intake points, and
with ``--scaled-points 200,3,12,60`` the issue's 600 points × 12 teams × 60 working days):

1. ``python -m planning export-inputs`` writes the inputs every planner shares;
2. the product, ``python -m planning solve SCENARIO --out DIR --time-limit T --no-what-if``, runs as
   a subprocess: wall time (process start to exit, so start-up and writing files are included),
   peak RSS (``getrusage`` in a small launcher process), and collected /
   upper_bound_by_deadline / bound_kind / gap / solve_seconds from its summary.json;
3. the peers plan from the same inputs, with the same limit T: ``bench/peers/greedy.py`` (nearest
   commune), ``bench/peers/insertion.py`` (the practitioner's cheapest insertion),
   ``bench/peers/pyvrp_peer.py`` (skipped, and said so, when pyvrp is not installed: ``make
   bench`` installs requirements-bench.txt) and ``bench/peers/ortools_routing.py`` (OR-Tools'
   routing library, a prize-collecting VRP per day);
4. every plan.csv is verified by the independent checker ``tests/plan_checker.py`` (with the
   scenario's overnight and teams-per-commune-day rules), plus the two rules it does not check
   (stops per day, minimum applications per stop). Violations are reported, never hidden.

A process still running at ``--kill-after`` seconds (default 4T + 60) or above ``--max-rss-gb``
is killed and reported as such. The Markdown table is printed and written into bench/RESULTS.md
as the section named by ``--label`` (other sections are kept).

Usage::

    python -m bench.run [--time-limit 10] [--province-time-limit 60] [--only NAME ...]
        [--scaled 200,12,60] [--scaled-points 200,3,12,60] [--label "Latest run"] [--no-results]

The peers read the points as their nodes where the inputs have points.csv
(``bench/peers/common.py``).
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import importlib.metadata
import importlib.util
import json
import os
import platform
import re
import shlex
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

from bench import make_province
from planning.domain import Scenario
from planning.io.scenario import load_scenario

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
RESULTS = REPO / "bench" / "RESULTS.md"
#: Allowed overrun of the time limit (issue 9: a valid plan within T + 5 s).
TOLERANCE_S = 5.0
SHIPPED = (
    ("Trùng Khánh 12/2022", REPO / "scenarios/trung_khanh_2022-12/scenario.toml", "district"),
    ("Đak Đoa 08/2022", REPO / "scenarios/dak_doa_2022-08/scenario.toml", "district"),
    ("Cao Bằng 2025", REPO / "scenarios/cao_bang_2025/scenario.toml", "province"),
)


@dataclass
class Measured:
    """One subprocess: wall seconds, peak RSS, exit, and why it was killed (if it was)."""

    seconds: float
    peak_rss_mb: float
    returncode: int | None
    killed: str = ""
    stderr_tail: str = ""


@dataclass
class Outcome:
    """One planner on one instance."""

    planner: str
    run: Measured | None = None
    collected: int | None = None
    violations: list[str] = field(default_factory=list)
    summary: dict[str, Any] = field(default_factory=dict)
    note: str = ""


def _tree_rss_mb(pid: int) -> float:
    """Resident set size of a running process and its children, MB (0 when it is gone)."""
    total = 0.0
    for task in [pid, *_children(pid)]:
        try:
            text = Path(f"/proc/{task}/status").read_text()
        except OSError:
            continue
        match = re.search(r"VmRSS:\s+(\d+)", text)
        total += int(match.group(1)) / 1024 if match else 0.0
    return total


def _children(pid: int) -> list[int]:
    try:
        text = Path(f"/proc/{pid}/task/{pid}/children").read_text()
    except OSError:
        return []
    return [int(c) for c in text.split()]


#: Runs argv[2:] and writes its peak RSS (KB) to argv[1]. A small process of its own: a child
#: spawned straight from the bench would inherit the bench's own high-water RSS at exec.
LAUNCHER = (
    "import resource,subprocess,sys;r=subprocess.run(sys.argv[2:]).returncode;"
    "open(sys.argv[1],'w').write(str(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss));"
    "sys.exit(r)"
)


def measure(cmd: Sequence[str], kill_after: float, max_rss_gb: float) -> Measured:
    """Run ``cmd``, return wall time and peak RSS (via :data:`LAUNCHER`); kill past the limits."""
    rss_file = OUT / "run" / f".rss-{os.getpid()}"
    rss_file.parent.mkdir(parents=True, exist_ok=True)
    rss_file.unlink(missing_ok=True)
    t0 = time.monotonic()
    with subprocess.Popen(
        [sys.executable, "-I", "-c", LAUNCHER, str(rss_file), *cmd],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,
    ) as proc:
        killed = ""
        stderr = b""
        assert proc.stderr is not None
        os.set_blocking(proc.stderr.fileno(), False)
        while True:
            pid, status, _ = os.wait4(proc.pid, os.WNOHANG)
            stderr += proc.stderr.read() or b""
            if pid:
                break
            elapsed = time.monotonic() - t0
            if not killed and elapsed > kill_after:
                killed = f"killed after {elapsed:.0f} s"
            elif not killed and _tree_rss_mb(proc.pid) > max_rss_gb * 1024:
                killed = f"killed above {max_rss_gb:g} GB RSS"
            if killed:
                os.killpg(proc.pid, signal.SIGKILL)
            time.sleep(0.05)
        proc.returncode = os.waitstatus_to_exitcode(status)
        seconds = time.monotonic() - t0
    tail = stderr.decode("utf-8", "replace").strip().splitlines()[-3:]
    peak = int(rss_file.read_text()) / 1024 if rss_file.exists() else float("nan")
    rss_file.unlink(missing_ok=True)
    return Measured(seconds, peak, proc.returncode, killed, " / ".join(tail))


def load_checker() -> ModuleType:
    """tests/plan_checker.py, the independent checker, as a module."""
    spec = importlib.util.spec_from_file_location("plan_checker", REPO / "tests/plan_checker.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["plan_checker"] = module
    spec.loader.exec_module(module)
    return module


def plan_collected(plan_csv: Path) -> int:
    """Applications in a plan.csv."""
    with plan_csv.open(encoding="utf-8", newline="") as handle:
        return sum(int(r["applications"]) for r in csv.DictReader(handle))


def rule_violations(plan_csv: Path, scenario: Scenario) -> list[str]:
    """The two rules the checker does not see: stops per team-day, minimum per stop (of the
    stop's intake point's backlog where the plan names points)."""
    backlog = dict(scenario.point_backlogs)
    rules = scenario.rules
    out: list[str] = []
    stops: dict[tuple[str, str], int] = {}
    with plan_csv.open(encoding="utf-8", newline="") as handle:
        for line, row in enumerate(csv.DictReader(handle), start=2):
            if row["commune_code"] == "BASE":
                continue
            key = (row["team_id"], row["date"])
            stops[key] = stops.get(key, 0) + 1
            place = row.get("point_id") or row["commune_code"]
            least = max(1, min(rules.min_apps_per_stop, backlog.get(place, 0)))
            if int(row["applications"]) < least:
                out.append(f"line {line}: {row['applications']} applications, minimum {least}")
    out += [
        f"{team} {day}: {n} stops, at most {rules.max_stops_per_day}"
        for (team, day), n in stops.items()
        if n > rules.max_stops_per_day
    ]
    return out


def verify(plan_csv: Path, inputs: Path, scenario: Scenario, checker: ModuleType) -> list[str]:
    """Every violation the independent checker and :func:`rule_violations` find."""
    rules = scenario.rules
    opts = checker.Options(
        allow_overnight=rules.allow_overnight,
        overnight_min_one_way_min=rules.overnight_min_one_way_min,
        max_teams_per_commune_day=rules.max_teams_per_commune_day,
    )
    return list(checker.check_plan(inputs, plan_csv, opts)) + rule_violations(plan_csv, scenario)


@dataclass(frozen=True)
class Instance:
    """A scenario to bench and its time limit."""

    name: str
    toml: Path
    limit_s: float


def run_product(inst: Instance, folder: Path, args: argparse.Namespace) -> Outcome:
    """The product's solve as a subprocess; its summary.json."""
    out = folder / "product"
    cmd = [sys.executable, "-m", "planning", "solve", str(inst.toml), "--out", str(out)]
    cmd += ["--time-limit", f"{inst.limit_s:g}", "--no-what-if"]
    result = Outcome("product", measure(cmd, _kill_after(inst, args), args.max_rss_gb))
    if (out / "summary.json").exists() and (out / "plan.csv").exists() and not result.run.killed:  # type: ignore[union-attr]
        result.summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    return result


#: The peers, by name, and their modules (columns of the table in this order).
PEERS = {
    "greedy": "bench.peers.greedy",
    "insertion": "bench.peers.insertion",
    "pyvrp": "bench.peers.pyvrp_peer",
    "ortools": "bench.peers.ortools_routing",
}
PEER_TITLES = {
    "greedy": "greedy",
    "insertion": "insertion",
    "pyvrp": "PyVRP",
    "ortools": "OR-Tools routing",
}


def run_peer(
    name: str, inst: Instance, folder: Path, scenario: Scenario, args: argparse.Namespace
) -> Outcome:
    """One peer as a subprocess on the exported inputs, with the scenario's rules."""
    if name == "pyvrp" and importlib.util.find_spec("pyvrp") is None:
        return Outcome(name, note="pyvrp not installed (make bench installs it)")
    module = PEERS[name]
    rules = scenario.rules
    cmd = [sys.executable, "-m", module, str(folder / "inputs"), "--out"]
    cmd += [str(folder / name / "plan.csv"), "--time-limit", f"{inst.limit_s:g}"]
    cmd += ["--min-apps-per-stop", str(rules.min_apps_per_stop)]
    cmd += ["--max-stops-per-day", str(rules.max_stops_per_day)]
    if rules.max_teams_per_commune_day is not None:
        cmd += ["--max-teams-per-commune-day", str(rules.max_teams_per_commune_day)]
    return Outcome(name, measure(cmd, _kill_after(inst, args), args.max_rss_gb))


def _kill_after(inst: Instance, args: argparse.Namespace) -> float:
    return float(args.kill_after) if args.kill_after else 4 * inst.limit_s + 60


def bench_instance(inst: Instance, args: argparse.Namespace, checker: ModuleType) -> dict[str, Any]:
    """Export, run the product and the peers, verify every plan; the row's data."""
    folder = run_folder(inst.toml)
    scenario = load_scenario(inst.toml)
    subprocess.run(
        [sys.executable, "-m", "planning", "export-inputs", str(inst.toml), "--out",
         str(folder / "inputs")],
        cwd=REPO, check=True, capture_output=True,
    )  # fmt: skip
    outcomes = [run_product(inst, folder, args)]
    outcomes += [run_peer(p, inst, folder, scenario, args) for p in PEERS]
    for o in outcomes:
        plan = folder / o.planner / "plan.csv"
        if o.run is not None and not o.run.killed and o.run.returncode == 0 and plan.exists():
            o.collected = plan_collected(plan)
            o.violations = verify(plan, folder / "inputs", scenario, checker)
        print(f"  {inst.name} {o.planner}: {o.collected} {o.run} {o.note}", flush=True)
    return {"inst": inst, "scenario": scenario, "outcomes": outcomes}


# --- the table ---------------------------------------------------------------------------------


def _size(scenario: Scenario) -> str:
    days = [len(scenario.team_working_dates(t)) for t in scenario.teams]
    bases = len({(t.base.lat, t.base.lon) for t in scenario.teams})
    span = f"{min(days)}" if min(days) == max(days) else f"{min(days)}–{max(days)}"
    points = f" ({len(scenario.points)})" if scenario.has_listed_points else ""
    return (
        f"{len(scenario.communes)}{points} / {len(scenario.teams)} / {bases} / {span} / "
        f"{scenario.collectable_backlog:,}"
    )


def _pct(value: int | None, bound: int | None) -> str:
    return f"{100 * value / bound:.1f}%" if value is not None and bound else "—"


def _checked(o: Outcome) -> str:
    if o.collected is None:
        if o.note:
            return o.note
        run = o.run
        assert run is not None
        return run.killed or f"failed (exit {run.returncode}): {run.stderr_tail[:120]}"
    if not o.violations:
        return "valid"
    return f"**{len(o.violations)} violations**: {o.violations[0]}"


def _peer_cell(o: Outcome, bound: int | None) -> str:
    if o.collected is None:
        return _checked(o)
    wall = f", {o.run.seconds:.0f} s" if o.run else ""
    return f"{o.collected:,} ({_pct(o.collected, bound)}{wall}; {_checked(o)})"


def table_rows(rows: list[dict[str, Any]]) -> list[str]:
    """The Markdown table."""
    head = (
        "| instance | communes (points) / teams / bases / working days / backlog | T s | "
        "product wall s "
        "(its solve_seconds; wall ≤ T+5?) | peak RSS MB | status | collected | valid bound "
        "(kind) | % of bound | gap | product plan | "
        + " | ".join(PEER_TITLES[p] for p in PEERS)
        + " | ≥ peers? |"
    )
    lines = [head, "|" + "---|" * (12 + len(PEERS))]
    for row in rows:
        inst, scenario = row["inst"], row["scenario"]
        prod, *peer_outcomes = row["outcomes"]
        s = prod.summary
        bound = s.get("upper_bound_by_deadline")
        run = prod.run
        within = "yes" if run.seconds <= inst.limit_s + TOLERANCE_S else "**no**"
        peers = [p.collected for p in peer_outcomes if p.collected is not None]
        beats = (
            "—"
            if prod.collected is None
            else ("yes" if all(prod.collected >= p for p in peers) else "**no**")
        )
        gap = f"{100 * s['gap']:.1f}%" if "gap" in s else "—"
        solve = f"solve {s['solve_seconds']:.1f}; " if "solve_seconds" in s else ""
        lines.append(
            f"| {inst.name} | {_size(scenario)} | {inst.limit_s:g} | {run.seconds:.1f} "
            f"({solve}{within}) "
            f"| {run.peak_rss_mb:,.0f} | {s.get('solver_status', '—')} | "
            f"{'—' if prod.collected is None else f'{prod.collected:,}'} | "
            f"{'—' if bound is None else f'{bound:,}'} ({s.get('bound_kind', '—')}) | "
            f"{_pct(prod.collected, bound)} | {gap} | {_checked(prod)} | "
            + " | ".join(_peer_cell(p, bound) for p in peer_outcomes)
            + f" | {beats} |"
        )
    return lines


def _version(package: str) -> str:
    try:
        return importlib.metadata.version(package)
    except importlib.metadata.PackageNotFoundError:
        return "not installed"


def section(label: str, lines: list[str], command: str, load: tuple[str, str]) -> str:
    """The RESULTS.md section of this run."""
    cpu = platform.processor() or platform.machine()
    return "\n".join(
        [
            f"## {label}",
            "",
            f"Measured {dt.datetime.now():%Y-%m-%d %H:%M} (machine clock) on {platform.node()} "
            f"({cpu}, {os.cpu_count()} cores, Python {platform.python_version()}, OR-Tools "
            f"{_version('ortools')}, PyVRP {_version('pyvrp')}); load average before / after "
            f"the run: {load[0]} / {load[1]}.",
            f"Command: `{command}`",
            "",
            *lines,
            "",
        ]
    )


def load_average() -> str:
    """The machine's load average now (1, 5, 15 min), as the sections print it."""
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def run_folder(toml: Path) -> Path:
    """Where the bench writes an instance's inputs and plans."""
    return OUT / "run" / re.sub(r"\W+", "_", toml.parent.name)


def write_results(label: str, text: str, path: Path = RESULTS) -> None:
    """Put ``text`` into ``path`` between this label's markers (replacing an earlier run)."""
    slug = re.sub(r"\W+", "-", label.lower()).strip("-")
    start, end = f"<!-- bench:{slug}:start -->", f"<!-- bench:{slug}:end -->"
    block = f"{start}\n{text}{end}"
    old = path.read_text(encoding="utf-8") if path.exists() else ""
    marker = "<!-- bench:sections -->"
    if start in old and end in old:
        before, rest = old.split(start, 1)
        new = before + block + rest.split(end, 1)[1]
    elif marker in old:
        new = old.replace(marker, f"{marker}\n\n{block}", 1)
    else:
        new = f"{old}\n{block}\n"
    path.write_text(new, encoding="utf-8")


def instances(args: argparse.Namespace) -> list[Instance]:
    """The shipped scenarios and the generated province (and scaled) instances."""
    out = OUT / "instances"
    items = [Instance(n, p, args.time_limit if k == "district" else args.province_time_limit)
             for n, p, k in SHIPPED]  # fmt: skip
    items.append(
        Instance("province_120", make_province.province_120(out), args.province_time_limit)
    )
    items.append(
        Instance("province_190", make_province.province_190(out), args.province_time_limit)
    )
    items.append(
        Instance(
            "province_199_day_trips",
            make_province.province_199_day_trips(out),
            args.province_time_limit,
        )
    )
    items.append(
        Instance("province_points", make_province.province_points(out), args.province_time_limit)
    )
    for spec in args.scaled:
        n, k, d = (int(x) for x in spec.split(","))
        path = make_province.scaled(out, n, k, d)
        items.append(Instance(path.parent.name, path, args.province_time_limit))
    for spec in args.scaled_points:
        n, p, k, d = (int(x) for x in spec.split(","))
        path = make_province.scaled_points(out, n, p, k, d)
        items.append(Instance(path.parent.name, path, args.province_time_limit))
    if args.only:
        items = [i for i in items if i.name in args.only or i.toml.parent.name in args.only]
    return items


def overnight_table(
    argv: Sequence[str] | None,
    tool: str,
    header: list[str],
    add_arguments: Callable[[argparse.ArgumentParser], None],
    row: Callable[[Instance, Scenario, argparse.Namespace], str],
) -> int:
    """The ``main`` of a yardstick over the bench instances with overnight stays: the instance
    options of this bench, the tool's own (``add_arguments``, which also sets ``--label``'s
    default), one ``row`` per instance printed as it comes, the table into RESULTS.md."""
    parser = argparse.ArgumentParser(prog=f"python -m {tool}")
    parser.add_argument("--only", nargs="*", default=[], help="instance names")
    parser.add_argument("--scaled", action="append", default=[], help="N,K,D")
    parser.add_argument("--scaled-points", action="append", default=[], help="N,P,K,D")
    parser.add_argument("--no-results", action="store_true")
    add_arguments(parser)
    args = parser.parse_args(argv)
    args.time_limit = args.province_time_limit = 0.0  # what instances() reads
    command = f"python -m {tool} " + shlex.join(argv if argv is not None else sys.argv[1:])
    load_before = load_average()
    lines = list(header)
    for item in instances(args):
        scenario = load_scenario(item.toml)
        if not scenario.rules.allow_overnight:
            continue
        lines.append(row(item, scenario, args))
        print(lines[-1], flush=True)
    load_after = load_average()
    if not args.no_results:
        write_results(args.label, section(args.label, lines, command, (load_before, load_after)))
    return 0


def main(argv: Sequence[str] | None = None) -> int:
    """Run the bench, print the table, write bench/RESULTS.md."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--time-limit", type=float, default=10.0, help="district instances")
    parser.add_argument("--province-time-limit", type=float, default=60.0)
    parser.add_argument("--only", nargs="*", default=[], help="instance names or folder names")
    parser.add_argument("--scaled", action="append", default=[], help="N,K,D: add a scaled one")
    parser.add_argument(
        "--scaled-points",
        action="append",
        default=[],
        help="N,P,K,D: N communes × P intake points each, K teams, D working days",
    )
    parser.add_argument("--kill-after", type=float, default=None, help="default 4T + 60 s")
    parser.add_argument("--max-rss-gb", type=float, default=16.0)
    parser.add_argument("--label", default="Latest run", help="RESULTS.md section")
    parser.add_argument("--no-results", action="store_true", help="do not write RESULTS.md")
    args = parser.parse_args(argv)
    command = "python -m bench.run " + shlex.join(argv if argv is not None else sys.argv[1:])
    load_before = load_average()
    checker = load_checker()
    rows = [bench_instance(inst, args, checker) for inst in instances(args)]
    load_after = load_average()
    lines = table_rows(rows)
    print("\n".join(lines))
    if not args.no_results:
        write_results(
            args.label, section(args.label, lines, command.strip(), (load_before, load_after))
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
