"""A province-sized scenario for the app and map tests: 200 communes × 12 teams × 60 days.

Built by ``bench/make_province.py`` from ``../shared/geodata/national`` (skipped when that is not
present) into a temporary folder, with the greedy peer's plan (made in about a second; the pages
are tested, not the solver).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from bench import make_province
from bench.map_timings import greedy_plan, result_of_plan
from planning.io.scenario import load_scenario
from planning.results import SolveResult
from tests.conftest import SHARED_GEODATA

NATIONAL = SHARED_GEODATA / "national"
needs_national = pytest.mark.skipif(
    not (NATIONAL / "communes_2009_national.gpkg").is_file(), reason="national geodata not present"
)
COMMUNES, TEAMS, DAYS = 200, 12, 60


def build_province(folder: Path) -> tuple[Path, SolveResult]:
    """The scenario file and a solved-like result of its greedy plan."""
    toml = make_province.scaled(folder, COMMUNES, TEAMS, DAYS)
    scenario = load_scenario(toml)
    plan = greedy_plan(scenario, folder / "greedy")
    return toml, result_of_plan(scenario, plan)
