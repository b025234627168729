"""Slow bench checks: the PyVRP peer passes the checker; the province instances as specified."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from bench import make_province
from bench.peers.common import Inputs, PeerRules, read_inputs, write_plan
from bench.peers.greedy import plan_greedy
from bench.run import rule_violations
from planning.domain import Scenario
from planning.io.export_inputs import export_inputs
from planning.io.scenario import load_scenario
from tests.bench.test_province import NATIONAL, needs_national
from tests.conftest import DEFAULT_DIR, tree_snapshot
from tests.plan_checker import Options, check_plan

pytestmark = pytest.mark.slow


def _exported(toml: Path, folder: Path) -> tuple[Scenario, Inputs, PeerRules]:
    scenario = load_scenario(toml)
    export_inputs(scenario, folder)
    r = scenario.rules
    return (
        scenario,
        read_inputs(folder),
        PeerRules(r.min_apps_per_stop, r.max_teams_per_commune_day, r.max_stops_per_day),
    )


def _collected_if_valid(
    plan: dict, inputs: Inputs, folder: Path, scenario: Scenario, name: str
) -> int:
    write_plan(inputs, plan, folder / name)
    opts = Options(max_teams_per_commune_day=scenario.rules.max_teams_per_commune_day)
    assert check_plan(folder, folder / name, opts) == []
    assert rule_violations(folder / name, scenario) == []
    return sum(a for stops in plan.values() for _, a in stops)


@pytest.mark.parametrize("instance", ["trung_khanh", "scaled"])
def test_pyvrp_peer_plan_passes_the_checker(instance: str, tmp_path: Path) -> None:
    pytest.importorskip("pyvrp", reason="pyvrp comes with requirements-bench.txt (make bench)")
    from bench.peers.pyvrp_peer import plan_pyvrp

    if instance == "scaled":
        if not (NATIONAL / "communes_2009_national.gpkg").is_file():
            pytest.skip("national geodata not present")
        toml = make_province.scaled(tmp_path / "inst", 30, 4, 10)
    else:
        toml = DEFAULT_DIR / "scenario.toml"
    scenario, inputs, rules = _exported(toml, tmp_path)
    limit = 8.0
    t0 = time.monotonic()
    plan, status = plan_pyvrp(inputs, rules, t0 + limit)
    assert time.monotonic() - t0 < limit + 2, status
    pyvrp = _collected_if_valid(plan, inputs, tmp_path, scenario, "pyvrp.csv")
    greedy = _collected_if_valid(plan_greedy(inputs, rules)[0], inputs, tmp_path, scenario, "g.csv")
    assert pyvrp >= greedy > 0
    assert all(len(stops) <= rules.max_stops_per_day for stops in plan.values())


@needs_national
def test_province_instances_as_specified(tmp_path: Path) -> None:
    p120 = make_province.province_120(tmp_path / "a")
    p190 = make_province.province_190(tmp_path / "a")
    again = make_province.province_120(tmp_path / "b")
    assert tree_snapshot(p120.parent) == tree_snapshot(again.parent)

    s120, s190 = load_scenario(p120), load_scenario(p190)
    assert len(s120.communes) == 124 and len(s120.teams) == 8
    assert len({t.base_commune for t in s120.teams}) == 4
    assert len(s190.communes) == 195 and len(s190.teams) == 6
    assert len({t.base_commune for t in s190.teams}) == 1
    assert {len(s190.team_working_dates(t)) for t in s190.teams} == {30}
    for scenario in (s120, s190):
        assert scenario.rules.allow_overnight
        capacity = make_province.nominal_capacity(scenario)
        assert scenario.collectable_backlog == round(make_province.BACKLOG_FACTOR * capacity)
