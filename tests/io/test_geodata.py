"""Finding boundary files: search order, environment variable, the not-found message."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from planning.errors import InputError
from planning.io.geodata import (
    GEODATA_ENV_VAR,
    geodata_search_path,
    repo_root,
    resolve_boundary_file,
)

SHARED = Path(__file__).resolve().parents[2].parent / "shared" / "geodata"
TK = "trung_khanh_2020-2025_21units.geojson"


def test_repo_root_holds_the_package() -> None:
    assert (repo_root() / "planning" / "io" / "geodata.py").is_file()


def test_search_path_order(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    env_a, env_b = tmp_path / "a", tmp_path / "b"
    monkeypatch.setenv(GEODATA_ENV_VAR, f"{env_a}{os.pathsep}{env_b}")
    scenario = tmp_path / "scen"
    assert geodata_search_path(scenario) == [
        scenario,
        env_a,
        env_b,
        repo_root() / "geodata",
        repo_root().parent / "shared" / "geodata",
    ]


def test_search_path_without_scenario_or_env(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GEODATA_ENV_VAR, raising=False)
    assert geodata_search_path() == [
        repo_root() / "geodata",
        repo_root().parent / "shared" / "geodata",
    ]


def test_first_folder_wins(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    scenario, env = tmp_path / "scen", tmp_path / "env"
    for folder in (scenario, env):
        folder.mkdir()
        (folder / "x.geojson").write_text("{}")
    monkeypatch.setenv(GEODATA_ENV_VAR, str(env))
    assert resolve_boundary_file("x.geojson", scenario) == (scenario / "x.geojson").resolve()
    assert resolve_boundary_file("x.geojson") == (env / "x.geojson").resolve()


def test_relative_subfolder_and_absolute_path(tmp_path: Path) -> None:
    (tmp_path / "tinh").mkdir()
    target = tmp_path / "tinh" / "xa.geojson"
    target.write_text("{}")
    assert resolve_boundary_file("tinh/xa.geojson", tmp_path) == target.resolve()
    assert resolve_boundary_file(str(target)) == target


@pytest.mark.skipif(not (SHARED / TK).is_file(), reason="shared geodata not present")
def test_shared_geodata_is_found(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv(GEODATA_ENV_VAR, raising=False)
    found = resolve_boundary_file(TK)
    assert found.is_absolute() and found.samefile(SHARED / TK)


def test_not_found_names_file_folders_and_fixes(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    env = tmp_path / "env"
    monkeypatch.setenv(GEODATA_ENV_VAR, str(env))
    with pytest.raises(InputError) as info:
        resolve_boundary_file("khong_co.geojson", tmp_path)
    (problem,) = info.value.problems
    assert 'Không tìm thấy tệp ranh giới "khong_co.geojson"' in problem.vi
    for folder in (tmp_path, env, repo_root() / "geodata"):
        assert str(folder) in problem.vi and str(folder) in problem.en
    assert "CCCD_GEODATA=" in problem.fix_vi and "CCCD_GEODATA=" in problem.fix_en
    assert "geodata" in problem.fix_vi and "[scenario]" in problem.fix_en
    assert problem.field == "boundaries"


def test_missing_absolute_path_and_empty_name(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        resolve_boundary_file(str(tmp_path / "nope.gpkg"))
    with pytest.raises(InputError) as info:
        resolve_boundary_file("  ")
    assert "chưa ghi tên tệp ranh giới" in info.value.problems[0].vi
