"""Where the overnight gap lies: the least driving through every commune, against a plan's minutes.

Issue 17 asks for a valid bound below the backlog on every bench province with overnight stays
whose best plan misses; the chain LP (:mod:`planning.solver.overnight_bound`) gives the backlog
there (RESULTS.md, stops 30–31). A relaxation of chains can still learn two counts: the driving
of the plan's chains, and its setups (the LP already rounds every commune's stops up to whole
ones, ``_rounding``). This measures how much the first can add, and puts both next to how the
product's latest bench plan spends its team-days (a yardstick, not a bound of the product):

- ``Held–Karp``: a lower bound on any closed walk from the base through every node with backlog
  (the 1-tree bound with subgradient steps, on the matrix's shortest paths made symmetric by
  the shorter direction; several bases are merged into one node at the nearest base's
  distance). A plan that serves every node drives at least this: its chains, joined at the
  base(s), form one closed walk through every node. It is valid whatever the step sizes.
- ``tour``: the shortest such closed walk OR-Tools' routing finds in ``--tour-seconds`` (one
  vehicle, guided local search). ``tour − Held–Karp`` is how far the floor may still rise.
- the plan (``bench/out/run/<instance>/product/plan.csv``): its applications at its teams' own
  rates (service), its stops × the team's setup, its driving, and the idle rest of its
  team-days' shifts; free team-days without a stop are counted apart.

Usage::

    python -m bench.tour_floor [--only NAME ...] [--scaled-points 200,3,12,60] [--label ...]
"""

from __future__ import annotations

import argparse
import csv
import time
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from ortools.constraint_solver import pywrapcp, routing_enums_pb2

from bench.run import Instance as BenchInstance
from bench.run import overnight_table, run_folder
from planning.domain import Scenario
from planning.solver.instance import Instance, build_instance

#: Subgradient iterations of the Held–Karp bound (every iteration's value is a valid bound).
HK_ITERATIONS = 1500


def metric_closure(minutes: np.ndarray) -> np.ndarray:
    """Shortest-path minutes between every pair (Floyd–Warshall)."""
    closed = minutes.astype(float).copy()
    for k in range(len(closed)):
        closed = np.minimum(closed, closed[:, k : k + 1] + closed[k : k + 1, :])
    return closed


def node_minutes(inst: Instance) -> np.ndarray:
    """Driving minutes between the bases (merged into node 0) and every node with backlog,
    closed over shortest paths and made symmetric by the shorter direction."""
    bases = sorted({team.label for team in inst.teams})
    nodes = [c for c in inst.communes if inst.backlog[c] > 0]
    raw = np.array(
        [[inst.travel(a, b) if a != b else 0 for b in bases + nodes] for a in bases + nodes],
        dtype=float,
    )
    closed = metric_closure(raw)
    k = len(bases)
    merged = np.zeros((len(nodes) + 1, len(nodes) + 1))
    merged[1:, 1:] = closed[k:, k:]
    merged[0, 1:] = closed[:k, k:].min(axis=0)
    merged[1:, 0] = closed[k:, :k].min(axis=1)
    # Each leg at its shorter direction never lengthens a walk; closing over shortest paths
    # again (merged bases open paths through node 0, and the shorter directions may break the
    # triangle inequality) keeps "a closed walk is at least the shortest tour" true.
    return metric_closure(np.minimum(merged, merged.T))


def one_tree(weights: np.ndarray) -> tuple[float, np.ndarray]:
    """The least 1-tree (a spanning tree of nodes 1.. plus node 0's two cheapest edges): its
    weight and every node's degree in it."""
    n = len(weights)
    degree = np.zeros(n)
    in_tree = np.zeros(n - 1, dtype=bool)
    in_tree[0] = True  # the tree grows from node 1
    best = weights[1, 1:].copy()
    parent = np.zeros(n - 1, dtype=int)
    total = 0.0
    for _ in range(n - 2):
        u = int(np.argmin(np.where(in_tree, np.inf, best)))
        in_tree[u] = True
        total += best[u]
        degree[u + 1] += 1
        degree[parent[u] + 1] += 1
        closer = ~in_tree & (weights[u + 1, 1:] < best)
        best[closer] = weights[u + 1, 1:][closer]
        parent[closer] = u
    cheapest = np.argsort(weights[0, 1:])[:2]
    total += float(weights[0, 1:][cheapest].sum())
    degree[0] += 2
    degree[cheapest + 1] += 1
    return total, degree


def held_karp_min(minutes: np.ndarray, target: float, iterations: int = HK_ITERATIONS) -> float:
    """A lower bound on the shortest closed walk through every node of the symmetric metric
    ``minutes`` (at least 3 nodes): the best 1-tree bound over subgradient steps aimed at
    ``target`` (a known tour's length; any value keeps the bound valid)."""
    penalty = np.zeros(len(minutes))
    best, scale = 0.0, 2.0
    for iteration in range(iterations):
        weight, degree = one_tree(minutes + penalty[:, None] + penalty[None, :])
        value = weight - 2 * penalty.sum()
        best = max(best, value)
        excess = degree - 2
        if not excess.any():
            break  # the 1-tree is a tour: the bound is exact
        penalty += scale * max(target - value, 1.0) / float(excess @ excess) * excess
        if iteration % 100 == 99:
            scale *= 0.7
    return best


def best_tour_min(minutes: np.ndarray, seconds: float) -> int:
    """The shortest closed walk from node 0 through every node OR-Tools' routing finds."""
    size = len(minutes)
    manager = pywrapcp.RoutingIndexManager(size, 1, 0)
    routing = pywrapcp.RoutingModel(manager)
    matrix = [[int(v) for v in row] for row in minutes]  # sums of whole minutes
    routing.SetArcCostEvaluatorOfAllVehicles(routing.RegisterTransitMatrix(matrix))
    params = pywrapcp.DefaultRoutingSearchParameters()
    params.first_solution_strategy = routing_enums_pb2.FirstSolutionStrategy.PATH_CHEAPEST_ARC
    params.local_search_metaheuristic = (
        routing_enums_pb2.LocalSearchMetaheuristic.GUIDED_LOCAL_SEARCH
    )
    params.time_limit.FromMilliseconds(int(seconds * 1000))
    solution = routing.SolveWithParameters(params)
    return int(solution.ObjectiveValue())


@dataclass(frozen=True)
class PlanMinutes:
    """How a plan spends its team-days' shifts, in minutes."""

    applications: int
    stops: int
    days: int
    service: float
    setups: int
    driving: int
    idle: float
    unused_days: int


def plan_minutes(plan_csv: Path, inst: Instance) -> PlanMinutes:
    """The plan's minutes at each team's own rate, setup and shift (module docstring)."""
    teams = {team.team_id: team for team in inst.scenario.teams}
    days: dict[tuple[str, str], list[dict[str, str]]] = {}
    with plan_csv.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            days.setdefault((row["team_id"], row["date"]), []).append(row)
    apps = stops = setups = driving = 0
    service = idle = 0.0
    for (team_id, _), rows in days.items():
        team = teams[team_id]
        served = [r for r in rows if r["commune_code"] != "BASE"]
        day_apps = sum(int(r["applications"]) for r in served)
        day_drive = sum(int(r["travel_min"]) for r in rows)
        day_service = day_apps * 60 / team.apps_per_hour
        apps += day_apps
        stops += len(served)
        setups += len(served) * team.setup_min
        driving += day_drive
        service += day_service
        idle += team.shift_min - day_drive - len(served) * team.setup_min - day_service
    free = len(inst.free_team_days())
    return PlanMinutes(apps, stops, len(days), service, setups, driving, idle, free - len(days))


def measure(name: str, toml: Path, scenario: Scenario, tour_seconds: float) -> str:
    """One table row."""
    started = time.monotonic()
    inst = build_instance(scenario)
    minutes = node_minutes(inst)
    tour = best_tour_min(minutes, tour_seconds)
    floor = held_karp_min(minutes, tour)
    plan_csv = run_folder(toml) / "product" / "plan.csv"
    cells = ["no bench plan here"] * 2
    if plan_csv.exists():
        used = plan_minutes(plan_csv, inst)
        cells = [
            f"{used.applications:,} ({used.stops} stops, {used.days} days"
            f"{f', {used.unused_days} unused' if used.unused_days else ''})",
            f"{used.service:,.0f} / {used.setups:,} / {used.driving:,} / {used.idle:,.0f}",
        ]
    return (
        f"| {name} | {len(minutes) - 1} | {floor:,.0f} | {tour:,} | {cells[0]} | {cells[1]} | "
        f"{time.monotonic() - started:.0f} |"
    )


#: The table's header rows.
TABLE_HEADER = [
    "| instance | nodes | Held–Karp floor (min) | best tour found (min) | latest plan: "
    "applications | its service / setups / driving / idle (min) | s |",
    "|---|---|---|---|---|---|---|",
]


def _arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--tour-seconds", type=float, default=30.0, help="routing search")
    parser.add_argument("--label", default="Driving floor", help="RESULTS.md section")


def _row(item: BenchInstance, scenario: Scenario, args: argparse.Namespace) -> str:
    return measure(item.name, item.toml, scenario, args.tour_seconds)


def main(argv: Sequence[str] | None = None) -> int:
    """Measure every overnight bench instance, print the table, write bench/RESULTS.md."""
    return overnight_table(argv, "bench.tour_floor", TABLE_HEADER, _arguments, _row)


if __name__ == "__main__":
    raise SystemExit(main())
