"""Shared test fixtures: where the repository, the shared data and the embedded scenarios are."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SHARED_GEODATA = SHARED / "geodata"
TK_TABLE = SHARED / "data" / "trung_khanh_2022-12-05_chua_cap_cccd.tsv"
TK_BOUNDARIES = SHARED_GEODATA / "trung_khanh_2020-2025_21units.geojson"
DEFAULT_DIR = REPO / "scenarios" / "trung_khanh_2022-12"
DAK_DOA_DIR = REPO / "scenarios" / "dak_doa_2022-08"


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


@pytest.fixture(scope="session", autouse=True)
def close_the_solve_queue():
    """The app's queue of solves opens a local Dask cluster once per process: close it at the
    end of the test session (when a test used it)."""
    yield
    import sys

    runner = sys.modules.get("app.runner")
    if runner is not None:
        runner.close_queue()
