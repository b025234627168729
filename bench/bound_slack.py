"""How far the overnight bound is from proving a miss: the chain LP's slack per team-day.

Issue 17 asks for a valid bound below the backlog on every bench province with overnight stays
whose best plan misses. The chain LP (:mod:`planning.solver.overnight_bound`) gives the backlog
on those instances. This measures by how much: every team's shift is shortened by δ minutes
(nothing else changes) and the chain LP solved again; the largest δ at which it still gives the
backlog is the overhead per team-day the relaxation would have to see before it proves any miss,
and the smallest δ at which it falls to ``collected ÷ 0.97`` (the product's latest bench plan,
``bench/out/run/…/product/summary.json``) is what issue 17's "collected ≥ 97 % of the bound"
would need (or, when that is above the backlog, a bound of backlog − 1). Both are found by
bisection to ``--resolution`` minutes; the teams' setup minutes are shown next to them (one
more setup per team-day is the packing effect a plan pays and the LP's fractional days do not
see: RESULTS.md, stops 30 and 31).

Shortening the shift is only a yardstick: it says how much unseen overhead per team-day would
close the gap, not that such a bound exists. A chain LP that GLOP does not finish within
``--seconds`` counts as proving nothing (as in the product), so a slow solve can only make δ
larger. The bisection assumes the bound does not rise as the shifts shorten: every plan with
the shorter shifts is one with the longer shifts, but the LP's rounding rows change with a
day's most applications, so this is not proven for the LP itself.

Usage::

    python -m bench.bound_slack [--only NAME ...] [--scaled-points 200,3,12,60] [--label ...]
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import time
from collections.abc import Callable, Sequence
from pathlib import Path

from bench.run import Instance as BenchInstance
from bench.run import overnight_table, run_folder
from planning.domain import Scenario
from planning.solver.instance import build_instance
from planning.solver.overnight_bound import chain_lp_bound

#: Share of the backlog issue 17's target wants collected of the bound.
TARGET_SHARE = 0.97
#: Largest δ searched, in setups per team-day.
HIGH_SETUPS = 4


def shortened(scenario: Scenario, delta_min: int) -> Scenario:
    """``scenario`` with every team's shift ``delta_min`` minutes shorter."""
    teams = tuple(
        dataclasses.replace(team, shift_min=team.shift_min - delta_min) for team in scenario.teams
    )
    return dataclasses.replace(scenario, teams=teams)


def chain_bound(scenario: Scenario, seconds: float) -> int | None:
    """The chain LP bound of ``scenario`` (None: GLOP did not finish in ``seconds``)."""
    return chain_lp_bound(build_instance(scenario), seconds)


def largest_delta(holds: Callable[[int], bool], high: int, resolution: int) -> tuple[int, int]:
    """(lo, hi): ``holds(lo)`` and not ``holds(hi)`` with hi − lo ≤ ``resolution``, for a
    ``holds`` that is true at 0 and stays false once false; (high, high) when true at ``high``."""
    if holds(high):
        return high, high
    lo, hi = 0, high
    while hi - lo > resolution:
        mid = (lo + hi) // 2
        lo, hi = (mid, hi) if holds(mid) else (lo, mid)
    return lo, hi


def latest_collected(toml: Path) -> int | None:
    """What the product's latest bench plan of ``toml`` collected (None: no run here)."""
    path = run_folder(toml) / "product" / "summary.json"
    if not path.exists():
        return None
    return int(json.loads(path.read_text(encoding="utf-8"))["collected_by_deadline"])


def measure(name: str, toml: Path, scenario: Scenario, seconds: float, resolution: int) -> str:
    """One table row (``scenario``: loaded from ``toml``)."""
    started = time.monotonic()
    backlog = scenario.collectable_backlog
    bound = chain_bound(scenario, seconds)
    setups = sorted({team.setup_min for team in scenario.teams})
    # Four setups a team-day is far beyond any overhead the bound could miss; larger δ only
    # slows GLOP (province_points: unfinished in 240 s at half a shift).
    high = min(min(team.shift_min for team in scenario.teams) // 2, HIGH_SETUPS * max(setups))

    solved: dict[int, int | None] = {0: bound}

    def bound_at(delta: int) -> int | None:
        # Both bisections ask for the same δ when the target is "below the backlog".
        if delta not in solved:
            solved[delta] = chain_bound(shortened(scenario, delta), seconds)
        return solved[delta]

    def at_backlog(delta: int) -> bool:
        found = bound_at(delta)
        return found is None or found >= backlog

    slack = largest_delta(at_backlog, high, resolution)
    collected = latest_collected(toml)
    target = "no bench plan here"
    if collected is not None and collected >= backlog:
        target = f"{collected:,}: the plan takes every applicant, nothing to prove"
    elif collected is not None:
        # Below the backlog, and collected ≥ 97 % of it: the stricter of the two.
        wanted = min(backlog - 1, collected / TARGET_SHARE)

        def above_target(delta: int) -> bool:
            found = bound_at(delta)
            return found is None or found > wanted

        lo, hi = largest_delta(above_target, high, resolution)
        target = f"{collected:,} → bound ≤ {wanted:,.0f}: δ {lo}–{hi}"
    unfinished = sorted(d for d, found in solved.items() if found is None)
    if unfinished:
        # Counted as "still the backlog": δ may be too large; the row says so.
        target += f" (LP unfinished in {seconds:.0f} s at δ = {', '.join(map(str, unfinished))})"
    return (
        f"| {name} | {backlog:,} | {bound if bound is not None else 'not solved'} | "
        f"{slack[0]}–{slack[1]} | {target} | {', '.join(map(str, setups))} | "
        f"{time.monotonic() - started:.0f} |"
    )


#: The table's header rows.
TABLE_HEADER = [
    "| instance | backlog | chain LP | δ with bound = backlog (min/team-day) | "
    "latest plan → target: δ needed | setup min | s |",
    "|---|---|---|---|---|---|---|",
]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--seconds", type=float, default=300.0, help="per chain LP")
    parser.add_argument("--resolution", type=int, default=2, help="minutes")
    parser.add_argument("--label", default="Chain LP slack", help="RESULTS.md section")


def _row(item: BenchInstance, scenario: Scenario, args: argparse.Namespace) -> str:
    return measure(item.name, item.toml, scenario, args.seconds, args.resolution)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every overnight bench instance, print the table, write bench/RESULTS.md."""
    return overnight_table(argv, "bench.bound_slack", TABLE_HEADER, _arguments, _row)


if __name__ == "__main__":
    raise SystemExit(main())
