"""Province set-up bench (issue 18): a mountainous province set up as a planner would, with no
teams file, and what its plan reaches — against the default it replaces.

Usage::

    python -m bench.province_setup                       # Lai Châu and Sơn La, T = 60 s
    python -m bench.province_setup --time-limit 20 --cases lai_chau_2

Cases (ILLUSTRATIVE backlogs, real units):

- ``lai_chau_N``: Lai Châu's 108 FORMER communes (``bench.make_former_table``: the 2009 layer's
  names and districts, a title dated before 1/7/2025, district subtotals), mapped with
  ``new --province "Lai Châu" --teams N`` and the seven choices its open rows need (names of
  units merged or renamed between 2009 and 2024: five former units, one commune, one row left
  out), window 02/3–31/3/2026;
- ``son_la_N``: Sơn La's 75 communes of 2025 (``bench.make_national_table``, province 14),
  ``new --province "Sơn La" --teams N``, same window.

For each case, two scenarios are solved with ``python -m planning solve --time-limit T
--no-what-if`` (a subprocess, as a user runs it) and checked by ``tests/plan_checker.py``:

- **new default**: the scenario ``new`` writes — teams spread over bases chosen for the area,
  overnight stays allowed when a commune is beyond a day trip from every base;
- **old default**: the same communes and teams, every team at the area's most populous ward
  (``planning.drafting.bases.base_on_layer2025``), no overnight stays — what ``new`` drafted
  before.

Figures: collected by the deadline out of the collectable backlog, communes with backlog visited
by the deadline, communes no team can reach (``unreachable_communes`` of summary.json), the
solve's wall time. With ``--what-if`` the old default's what-if runs too (its budget
``--time-limit``) and its proposals for unreachable communes are listed. Writes
``bench/PROVINCE_SETUP.md`` (a section per run label) and the folders under the git-ignored
``bench/out/province_setup``.
"""

from __future__ import annotations

import argparse
import csv
import json
import os
import platform
import subprocess
import sys
import time
from collections.abc import Sequence
from dataclasses import replace
from pathlib import Path
from typing import Any

from bench import make_former_table, make_national_table
from bench.run import write_results

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out" / "province_setup"
REPORT = REPO / "bench" / "PROVINCE_SETUP.md"
START, DEADLINE = "2026-03-02", "2026-03-31"
#: What Lai Châu's open rows are (see the module docstring).
LAI_CHAU_CHOICES = (
    ("--assign-former", "Xã Can Hồ=03469"),
    ("--assign-former", "Xã Tung Qua Lìn=03565"),
    ("--assign-former", "Xã Lản Nhì Thàng=03391"),
    ("--assign-former", "Xã Sin Súi Hồ=03592"),
    ("--assign-former", "Xã Xà Dề Phìn=03514"),
    ("--assign", "Xã Nậm Loỏng=03408"),
    ("--leave-out", "Xã Ma Li Chải"),
)


def load() -> str:
    """The load average now."""
    return "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())


def planning(*args: str) -> tuple[int, str, float]:
    """``python -m planning ARGS`` as a subprocess: exit code, output, wall seconds."""
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "planning", *args], cwd=REPO, capture_output=True, text=True
    )
    return done.returncode, done.stdout + done.stderr, time.monotonic() - started


def table_of(case: str, folder: Path) -> tuple[Path, list[str]]:
    """The case's table and the extra ``new`` options it needs."""
    folder.mkdir(parents=True, exist_ok=True)
    if case.startswith("lai_chau"):
        path = folder / "lai_chau_xa_cu.tsv"
        rows = make_former_table.former_rows("Lai Châu")
        path.write_text(make_former_table.table_text("Lai Châu", rows), encoding="utf-8")
        return path, ["--province", "Lai Châu", *(x for pair in LAI_CHAU_CHOICES for x in pair)]
    text, _ = make_national_table.national_table_text(["14"])
    path = folder / "son_la_2025.csv"
    path.write_text(text, encoding="utf-8")
    return path, ["--province", "Sơn La"]


def old_default(toml: Path, folder: Path) -> Path:
    """The scenario with every team at the area's most populous ward, no overnight stays."""
    from planning.drafting.bases import base_on_layer2025
    from planning.io import layer2025
    from planning.io.scenario import load_scenario, save_scenario

    scenario = load_scenario(toml)
    features = layer2025.read_communes(codes=[c.code for c in scenario.communes])
    ward, note = base_on_layer2025(scenario.communes, features)
    assert ward.venue is not None
    teams = tuple(
        replace(t, base=ward.venue, base_commune=ward.code, base_name=ward.name, notes={})
        for t in scenario.teams
    )
    rules = replace(scenario.rules, allow_overnight=False, notes={})
    old = replace(scenario, teams=teams, rules=rules, facts={"Trụ sở các tổ": note})
    return save_scenario(old, folder / "scenario.toml")


def checked(toml: Path, plan_dir: Path) -> str:
    """The independent checker's verdict on a plan ("valid" or the first problem)."""
    from planning.io.export_inputs import export_inputs
    from planning.io.scenario import load_scenario
    from tests.plan_checker import Options, check_plan

    scenario = load_scenario(toml)
    export_inputs(scenario, plan_dir / "inputs")
    options = Options(
        allow_overnight=scenario.rules.allow_overnight,
        overnight_min_one_way_min=scenario.rules.overnight_min_one_way_min,
        max_teams_per_commune_day=scenario.rules.max_teams_per_commune_day,
    )
    problems = check_plan(plan_dir / "inputs", plan_dir / "plan.csv", options)
    return "valid" if not problems else f"INVALID: {problems[0]}"


def solve_case(toml: Path, out: Path, limit: int, what_if: bool) -> dict[str, Any]:
    """Solve and read the figures of one scenario."""
    from planning.io.scenario import load_scenario

    args = ["solve", str(toml), "--out", str(out), "--time-limit", str(limit)]
    args += ["--what-if-time-limit", str(limit)] if what_if else ["--no-what-if"]
    code, text, wall = planning(*args)
    if code != 0:
        raise RuntimeError(f"solve failed ({code}): {text[-2000:]}")
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    scenario = load_scenario(toml)
    with (out / "plan.csv").open(encoding="utf-8") as handle:
        visited = {
            r["commune_code"]
            for r in csv.DictReader(handle)
            if r["commune_code"] != "BASE" and int(r["applications"]) > 0
            and r["date"] <= scenario.calendar.deadline.isoformat()
        }  # fmt: skip
    wanted = {c.code for c in scenario.communes if c.collectable_backlog > 0}
    bases = {t.base_commune or f"{t.base.lat:.4f},{t.base.lon:.4f}" for t in scenario.teams}
    lifts = [
        line
        for line in text.splitlines()
        if "Cách gỡ «không đến được»" in line or "To lift" in line
    ]
    return {
        "teams": len(scenario.teams),
        "bases": len(bases),
        "overnight": scenario.rules.allow_overnight,
        "communes": len(scenario.communes),
        "backlog": summary["collectable_backlog"],
        "collected": summary["collected_by_deadline"],
        "bound": summary["upper_bound_by_deadline"],
        "visited": len(visited & wanted),
        "wanted": len(wanted),
        "unreachable": len(summary.get("unreachable_communes", {})),
        "status": summary["solver_status"],
        "wall": wall,
        "solve_s": summary.get("solve_seconds"),
        "plan": checked(toml, out),
        "lifts": lifts,
        "far_note": scenario.rules.notes.get("allow_overnight", ""),
        "what_if": what_if,
        "base_note": scenario.facts.get("Trụ sở các tổ", ""),
    }


def run_case(case: str, limit: int, what_if: bool) -> dict[str, Any]:
    """Draft the case with ``new`` and solve the new and the old default."""
    folder = OUT / case
    teams = case.rsplit("_", 1)[1]
    table, extra = table_of(case, folder)
    for stale in ("new", "old"):
        if (folder / stale).exists():
            import shutil

            shutil.rmtree(folder / stale)
    code, text, new_wall = planning(
        "new", str(folder / "new"), "--table", str(table), *extra, "--teams", teams,
        "--start", START, "--deadline", DEADLINE,
    )  # fmt: skip
    if code != 0:
        raise RuntimeError(f"new failed: {text[-3000:]}")
    new = solve_case(folder / "new" / "scenario.toml", folder / "new_plan", limit, False)
    old_toml = old_default(folder / "new" / "scenario.toml", folder / "old")
    old = solve_case(old_toml, folder / "old_plan", limit, what_if)
    command = f"python -m planning new OUT --table {table.name} " + " ".join(extra[:2])
    return {"case": case, "new": new, "old": old, "new_wall": new_wall, "command": command}


def _row(label: str, r: dict[str, Any], limit: int) -> str:
    """One table row; the wall time is judged against T + 5 s (T + T + 5 s with the what-if,
    which has its own budget)."""
    share = 100 * r["collected"] / r["backlog"] if r["backlog"] else 100.0
    budget = limit * (2 if r["what_if"] else 1) + 5
    return (
        f"| {label} | {r['teams']} / {r['bases']} | {'yes' if r['overnight'] else 'no'} | "
        f"{r['collected']:,} of {r['backlog']:,} ({share:.1f} %) | {r['bound']:,} | "
        f"{r['visited']} of {r['wanted']} | {r['unreachable']} | {r['status']} | "
        f"{r['wall']:.1f} (solve {r['solve_s']:.1f}"
        + ("; with the what-if" if r["what_if"] else "")
        + f"; ≤ {budget} s: {'yes' if r['wall'] <= budget else 'NO'}) | {r['plan']} |"
    )


def section(
    results: Sequence[dict[str, Any]], limit: int, label: str, before: str, what_if: bool
) -> str:
    """The Markdown section of one run."""
    lines = [
        f"## {label}",
        "",
        f"Measured {time.strftime('%Y-%m-%d %H:%M')} (machine clock) on {platform.node()} "
        f"({platform.machine()}, {os.cpu_count()} cores, shared with other work: timings are "
        f"noisy); load average before / after: {before} / {load()}. T = {limit} s, window "
        f"{START} – {DEADLINE}.",
        f"Command: `python -m bench.province_setup --time-limit {limit} --cases "
        f"{','.join(r['case'] for r in results)}" + (" --what-if`" if what_if else "`"),
        "",
        "| case, default | teams / bases | overnight | collected by the deadline | valid bound "
        "| communes with backlog visited | unreachable | status | wall s | plan |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for r in results:
        lines.append(_row(f"{r['case']}, new", r["new"], limit))
        lines.append(_row(f"{r['case']}, old", r["old"], limit))
    lines.append("")
    for r in results:
        lines.append(f"- `{r['case']}` (`{r['command']} --teams …`, {r['new_wall']:.1f} s):")
        lines.append(f"  - bases: {r['new']['base_note']}")
        lines.append(f"  - {r['new']['far_note']}")
        for lift in r["old"]["lifts"]:
            lines.append(f"  - old default's what-if: {lift.strip()}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Run the cases and write their section into ``bench/PROVINCE_SETUP.md``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--time-limit", type=int, default=60)
    parser.add_argument("--cases", default="lai_chau_2,lai_chau_4,son_la_5,son_la_8")
    parser.add_argument("--what-if", action="store_true", help="run the old default's what-if")
    parser.add_argument("--label", default="Latest run")
    args = parser.parse_args(argv)
    before = load()
    results = []
    for case in args.cases.split(","):
        result = run_case(case.strip(), args.time_limit, args.what_if)
        results.append(result)
        print(_row(f"{case}, new", result["new"], args.time_limit), flush=True)
        print(_row(f"{case}, old", result["old"], args.time_limit), flush=True)
    write_results(
        args.label, section(results, args.time_limit, args.label, before, args.what_if), REPORT
    )
    print(f"written: {REPORT}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
