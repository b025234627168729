"""Campaign records of shipped scenarios go to a git-ignored workspace, never into the repo."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from planning.campaign.workspace import (
    actuals_file,
    announced_plan_file,
    campaign_dir,
    publish_plan,
    read_announced_plan,
)
from planning.domain import Plan, Stop, TeamDay
from planning.io.scenario import is_shipped, load_scenario
from tests.conftest import DEFAULT_DIR


def test_shipped_scenarios_write_into_the_workspace(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CCCD_WORKSPACE", str(tmp_path / "ws"))
    toml = DEFAULT_DIR / "scenario.toml"
    assert is_shipped(toml)
    assert campaign_dir(toml) == tmp_path / "ws" / "trung_khanh_2022-12"
    assert actuals_file(toml).parent == campaign_dir(toml)


def test_user_scenarios_keep_records_beside_them(scenario_copy) -> None:
    toml = scenario_copy()
    assert not is_shipped(toml)
    assert campaign_dir(toml) == toml.parent


def test_publishing_keeps_the_previous_plan(scenario_copy) -> None:
    toml = scenario_copy()
    scenario = load_scenario(toml)
    day = dt.date(2022, 12, 8)
    first = Plan(
        (TeamDay("T1", day, (Stop("01477", 420, 600, 10, 0), Stop("BASE", 600, 600, 0, 0))),)
    )
    second = Plan(
        (TeamDay("T2", day, (Stop("01477", 420, 600, 12, 0), Stop("BASE", 600, 600, 0, 0))),)
    )
    assert read_announced_plan(toml) is None
    publish_plan(toml, first, scenario)
    publish_plan(toml, second, scenario)
    assert read_announced_plan(toml) == second
    history = list((announced_plan_file(toml).parent / ".plans").iterdir())
    assert len(history) == 1


def test_a_user_scenario_saved_in_scenarios_is_not_shipped(tmp_path: Path, monkeypatch) -> None:
    from planning.io import scenario as scenario_io

    monkeypatch.setattr(scenario_io, "SCENARIOS_DIR", tmp_path)
    (tmp_path / "cua_toi").mkdir()
    (tmp_path / "trung_khanh_2022-12").mkdir()
    assert not scenario_io.is_shipped(tmp_path / "cua_toi" / "scenario.toml")
    assert scenario_io.is_shipped(tmp_path / "trung_khanh_2022-12" / "scenario.toml")
