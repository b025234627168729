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
from tests.conftest import DEFAULT_DIR, THREE_DIR


def test_shipped_scenarios_write_into_the_workspace(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("CCCD_WORKSPACE", str(tmp_path / "ws"))
    toml = DEFAULT_DIR / "scenario.toml"
    assert is_shipped(toml)
    assert campaign_dir(toml) == tmp_path / "ws" / "trung_khanh_2022-12"
    assert actuals_file(toml).parent == campaign_dir(toml)


def test_user_scenarios_keep_records_beside_them(scenario_copy) -> None:
    toml = scenario_copy(THREE_DIR)
    assert not is_shipped(toml)
    assert campaign_dir(toml) == toml.parent


def test_publishing_keeps_the_previous_plan(scenario_copy) -> None:
    toml = scenario_copy(THREE_DIR)
    scenario = load_scenario(toml)
    day = dt.date(2026, 3, 4)
    first = Plan(
        (TeamDay("T1", day, (Stop("99001", 420, 600, 10, 0), Stop("BASE", 600, 600, 0, 0))),)
    )
    second = Plan(
        (TeamDay("T2", day, (Stop("99001", 420, 600, 12, 0), Stop("BASE", 600, 600, 0, 0))),)
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


def test_two_publications_at_once_lose_no_plan(scenario_copy) -> None:
    """Two processes publish at the same moment: one is announced, every other one is kept."""
    import os

    toml = scenario_copy(THREE_DIR)
    scenario = load_scenario(toml)
    day = dt.date(2026, 3, 4)

    def plan(applications: int) -> Plan:
        stop = Stop("99001", 420, 600, applications, 0)
        return Plan((TeamDay("T1", day, (stop, Stop("BASE", 600, 600, 0, 0))),))

    publish_plan(toml, plan(1), scenario)
    published = [1]
    for trial in range(8):
        gate_read, gate_write = os.pipe()
        children = []
        for offset in (1, 2):
            applications = 10 * (trial + 1) + offset
            published.append(applications)
            pid = os.fork()
            if pid == 0:  # pragma: no cover - the child
                try:
                    os.read(gate_read, 1)
                    publish_plan(toml, plan(applications), scenario)
                finally:
                    os._exit(0)
            children.append(pid)
        os.close(gate_read)
        os.write(gate_write, b"GO")
        os.close(gate_write)
        for pid in children:
            assert os.waitstatus_to_exitcode(os.waitpid(pid, 0)[1]) == 0
    history = sorted((announced_plan_file(toml).parent / ".plans").iterdir())
    kept = [read_announced_plan_from(p) for p in history]
    current = read_announced_plan(toml)
    assert current is not None
    seen = sorted([*kept, current.team_days[0].stops[0].applications])
    assert seen == sorted(published)


def read_announced_plan_from(path: Path) -> int:
    from planning.io.plan import read_plan_csv

    return read_plan_csv(path).team_days[0].stops[0].applications
