"""The scheduler: the only package that imports OR-Tools.

``solve(scenario, options) -> SolveResult`` plans team-days; ``what_it_takes(scenario, options)``
answers "what would it take" by solving variants of the scenario.
"""

from planning.results import ProgressInfo, SolveResult, SolverOptions, StageOutcome, WhatItTakes
from planning.solver.api import solve
from planning.solver.what_it_takes import what_it_takes

__all__ = [
    "ProgressInfo",
    "SolveResult",
    "SolverOptions",
    "StageOutcome",
    "WhatItTakes",
    "solve",
    "what_it_takes",
]
