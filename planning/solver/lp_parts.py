"""Pieces shared by the LP bounds (:mod:`planning.solver.bounds`,
:mod:`planning.solver.overnight_bound`): shortest driving times, the communes a team may sleep
at, GLOP solved within a time and a stop button, and the rounding that keeps an LP bound valid."""

from __future__ import annotations

import math
import threading

import numpy as np
from ortools.linear_solver import pywraplp

from planning.solver.instance import Instance, TeamData


def shortest_path_matrix(inst: Instance) -> np.ndarray:
    """All-pairs shortest driving minutes over the matrix, in the matrix's label order
    (Floyd–Warshall, vectorised)."""
    labels = list(inst.matrix.labels)
    dist = np.array(inst.matrix.minutes, dtype=np.int64).reshape(len(labels), len(labels))
    for k in range(len(labels)):
        dist = np.minimum(dist, dist[:, k, None] + dist[None, k, :])
    return dist


def shortest_paths(inst: Instance) -> dict[tuple[str, str], int]:
    """All-pairs shortest driving minutes over the matrix, by label pair."""
    labels = list(inst.matrix.labels)
    rows = shortest_path_matrix(inst).tolist()
    return {(a, b): rows[i][j] for i, a in enumerate(labels) for j, b in enumerate(labels)}


def far_communes(inst: Instance, team: TeamData) -> list[str]:
    """Nodes (intake points) where ``team`` may sleep (none without overnight stays): see
    ``Instance.is_far``."""
    labels = set(inst.matrix.labels)
    return [
        p.point_id
        for p in inst.scenario.points
        if p.point_id in labels and inst.is_far(team, p.point_id)
    ]


def solved(solver: pywraplp.Solver, seconds: float, stop_event: threading.Event | None) -> bool:
    """Solve the LP within ``seconds``, interrupted as soon as ``stop_event`` is set (GLOP
    releases the interpreter while it solves); True when its optimum is proven."""
    solver.SetTimeLimit(max(1, int(seconds * 1000)))
    done = threading.Event()

    def watch() -> None:
        while not done.wait(0.05):
            if stop_event is not None and stop_event.is_set():
                solver.InterruptSolve()
                return

    watcher = threading.Thread(target=watch, daemon=True) if stop_event is not None else None
    if watcher is not None:
        watcher.start()
    try:
        return bool(solver.Solve() == pywraplp.Solver.OPTIMAL)
    finally:
        done.set()
        if watcher is not None:
            watcher.join()


#: Added to GLOP's optimum before rounding down (floating-point safety, far above its tolerances).
LP_MARGIN = 1e-3


def apps_in(team: TeamData, minutes: float) -> int:
    """Most applications in ``minutes`` of service at the team's true rate (never understated)."""
    if minutes <= 0:
        return 0
    return math.floor(minutes * team.team.apps_per_hour / 60 + 1e-9)


def apps_vector(team: TeamData, minutes: np.ndarray) -> np.ndarray:
    """:func:`apps_in` of every element of ``minutes`` (0 where there is no time)."""
    most = np.floor(minutes * team.team.apps_per_hour / 60 + 1e-9).astype(np.int64)
    return np.where(minutes > 0, most, 0)
