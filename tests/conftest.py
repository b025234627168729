"""Shared test fixtures: where the repository, the shared data and the embedded scenarios are, and
the scenarios several test modules use, loaded (and solved) once per session.

``tests/data/three_communes/`` is a committed, made-up area (three rectangles, a printed table,
the scenario ``new`` drafted from them): tests of the mechanics use it and run without
``../shared``; tests of the real cases (Trùng Khánh, Đak Đoa, the 2025 layer) need ``../shared``.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from planning.domain import Scenario
from planning.io.scenario import LoadedScenario, load_scenario, open_scenario
from planning.results import SolveResult
from planning.solver import SolverOptions, solve

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_GEODATA = SHARED / "geodata"
TK_TABLE = SHARED / "data" / "trung_khanh_2022-12-05_chua_cap_cccd.tsv"
TK_BOUNDARIES = SHARED_GEODATA / "trung_khanh_2020-2025_21units.geojson"
DEFAULT_DIR = REPO / "scenarios" / "trung_khanh_2022-12"
DAK_DOA_DIR = REPO / "scenarios" / "dak_doa_2022-08"
#: The committed made-up area: its folder, printed table and boundary file.
THREE_DIR = REPO / "tests" / "data" / "three_communes"
THREE_TABLE = THREE_DIR / "bang_thu_3_xa.tsv"
THREE_BOUNDARIES = THREE_DIR / "ba_xa_thu.geojson"


@pytest.fixture
def scenario_copy(tmp_path: Path):
    """Copy an embedded scenario folder into tmp_path and return its scenario.toml."""

    def copy(folder: Path = DEFAULT_DIR) -> Path:
        target = tmp_path / folder.name
        shutil.copytree(folder, target, ignore=shutil.ignore_patterns(".versions", "*.py"))
        return target / "scenario.toml"

    return copy


def tree_snapshot(folder: Path) -> dict[str, bytes]:
    """Every file below ``folder`` with its bytes, to prove that nothing was written."""
    return {
        str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()
    }


# --- loaded once per session (read-only: frozen scenarios; do not modify the features) ---------


@pytest.fixture(scope="session")
def three_loaded() -> LoadedScenario:
    """The made-up three-commune scenario with its boundaries."""
    return open_scenario(THREE_DIR)


@pytest.fixture(scope="session")
def tk_scenario() -> Scenario:
    """The default scenario (Trùng Khánh, 12/2022), without its boundaries."""
    return load_scenario(DEFAULT_DIR)


@pytest.fixture(scope="session")
def tk_loaded() -> LoadedScenario:
    """The default scenario with its boundaries (from ../shared/geodata)."""
    return open_scenario(DEFAULT_DIR)


@pytest.fixture(scope="session")
def tk_solved(tk_loaded: LoadedScenario) -> tuple[LoadedScenario, SolveResult]:
    """The default scenario and a plan of it (3-second solve)."""
    return tk_loaded, solve(tk_loaded.scenario, SolverOptions(time_limit_s=3))


@pytest.fixture(scope="session", autouse=True)
def close_the_solve_queue():
    """The app's queue of solves opens a local Dask cluster once per process: close it at the
    end of the test session (when a test used it)."""
    yield
    import sys

    runner = sys.modules.get("app.runner")
    if runner is not None:
        runner.close_queue()
