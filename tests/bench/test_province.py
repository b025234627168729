"""The bench's instance generator, its greedy peer and its runner's bookkeeping."""

from __future__ import annotations

import datetime as dt
import sys
from pathlib import Path

import pytest

from bench import make_province
from bench.peers.common import Ledger, PeerRules, no_crumbs, read_inputs, write_plan
from bench.peers.greedy import plan_greedy
from bench.run import measure, rule_violations, write_results
from planning.cli.main import main as planning_main
from planning.io.export_inputs import export_inputs
from planning.io.scenario import load_scenario
from tests.conftest import DEFAULT_DIR, SHARED_GEODATA, tree_snapshot
from tests.plan_checker import Options, check_plan

NATIONAL = SHARED_GEODATA / "national"
needs_national = pytest.mark.skipif(
    not (NATIONAL / "communes_2009_national.gpkg").is_file(), reason="national geodata not present"
)


@needs_national
def test_scaled_instance_is_deterministic_and_valid(tmp_path: Path) -> None:
    first = make_province.scaled(tmp_path / "a", 30, 4, 10)
    second = make_province.scaled(tmp_path / "b", 30, 4, 10)
    assert tree_snapshot(first.parent) == tree_snapshot(second.parent)
    assert sorted(p.name for p in first.parent.iterdir()) == [
        "boundaries.geojson",
        "communes.csv",
        "scenario.toml",
    ]
    assert planning_main(["check", str(first)]) == 0

    scenario = load_scenario(first)
    assert len(scenario.communes) == 30
    assert len(scenario.teams) == 4
    assert len({t.base_commune for t in scenario.teams}) == 2  # ceil(4 / 3) bases
    assert all(len(scenario.team_working_dates(t)) == 10 for t in scenario.teams)
    capacity = make_province.nominal_capacity(scenario)
    assert scenario.collectable_backlog == round(make_province.BACKLOG_FACTOR * capacity)
    assert all(c.venue is not None and not c.venue_is_default for c in scenario.communes)
    assert all(c.is_estimated("not_issued") for c in scenario.communes)


def test_apportion_is_exact_and_proportional() -> None:
    assert make_province.apportion(10, [1.0, 1.0, 1.0]) == [4, 3, 3]
    shares = make_province.apportion(1000, [3.0, 1.0])
    assert shares == [750, 250]
    assert sum(make_province.apportion(29_646, [0.7, 2.3, 1.1, 5.9])) == 29_646


def test_spread_bases_start_at_the_capital_and_go_far() -> None:
    from shapely.geometry import Point

    def unit(code: str, lon: float) -> make_province.Unit:
        return make_province.Unit(code, code, Point(lon, 22), Point(lon, 22), 1, "", False)

    units = [unit("A", 105.0), unit("B", 105.1), unit("C", 106.0), unit("D", 104.0)]
    assert make_province.spread_bases(units, "B", 3) == ["B", "D", "C"]  # D is 1.1°, C 0.9°


@pytest.fixture(scope="module")
def tk_inputs(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("tk_inputs")
    export_inputs(load_scenario(DEFAULT_DIR / "scenario.toml"), folder)
    return folder


def test_greedy_plan_on_trung_khanh_passes_the_checker(tk_inputs: Path, tmp_path: Path) -> None:
    scenario = load_scenario(DEFAULT_DIR / "scenario.toml")
    rules = scenario.rules
    inputs = read_inputs(tk_inputs)
    peer_rules = PeerRules(
        rules.min_apps_per_stop, rules.max_teams_per_commune_day, rules.max_stops_per_day
    )
    plan, _ = plan_greedy(inputs, peer_rules)
    write_plan(inputs, plan, tmp_path / "plan.csv")
    opts = Options(max_teams_per_commune_day=rules.max_teams_per_commune_day)
    assert check_plan(tk_inputs, tmp_path / "plan.csv", opts) == []
    assert rule_violations(tmp_path / "plan.csv", scenario) == []
    collected = sum(a for stops in plan.values() for _, a in stops)
    assert 0 < collected <= scenario.collectable_backlog
    assert all(len(stops) == 1 for stops in plan.values())  # one commune per team-day


def test_ledger_never_leaves_a_remainder_below_the_minimum(tk_inputs: Path) -> None:
    inputs = read_inputs(tk_inputs)
    commune = next(c for c in inputs.communes.values() if 60 <= c.backlog <= (c.cap or 10**9))
    ledger = Ledger(inputs, PeerRules(min_apps_per_stop=20))
    # Taking all but 5 would strand 5 applications that no stop may take: leave 20 instead.
    take = ledger.portion(commune.code, commune.earliest, "T1", commune.backlog - 5)
    assert take == commune.backlog - 20
    assert no_crumbs(95, 100, 20) == 80
    assert no_crumbs(10, 100, 20, stop=0) == 10  # cannot shrink below the minimum: unchanged
    assert no_crumbs(10, 15, 20, stop=200) == 0  # a top-up gives back what it would strand
    assert no_crumbs(100, 100, 20) == 100


def test_rule_violations_sees_stops_per_day_and_minimum_stop(tmp_path: Path) -> None:
    scenario = load_scenario(DEFAULT_DIR / "scenario.toml")
    codes = [c.code for c in scenario.communes if c.collectable_backlog >= 20][:4]
    day = dt.date(2022, 12, 10).isoformat()
    rows = ["team_id,date,stop,commune_code,commune_name,arrive,depart,applications,travel_min"]
    rows += [
        f"T1,{day},{i},{c},x,08:00,09:00,{5 if i == 1 else 30},0" for i, c in enumerate(codes, 1)
    ]
    (tmp_path / "plan.csv").write_text("\n".join(rows) + "\n", encoding="utf-8")
    problems = rule_violations(tmp_path / "plan.csv", scenario)
    assert any("5 applications, minimum 20" in p for p in problems)
    assert any("4 stops, at most 3" in p for p in problems)


def test_measure_kills_a_process_past_its_limit() -> None:
    run = measure([sys.executable, "-c", "import time; time.sleep(30)"], 0.5, 16.0)
    assert run.killed.startswith("killed after")
    assert run.seconds < 10


def test_measure_reports_the_child_peak_not_the_bench(tmp_path: Path) -> None:
    grow = "b = bytearray(200 * 1024 * 1024); b[::4096] = b'x' * len(b[::4096])"
    run = measure([sys.executable, "-c", grow], 60, 16.0)
    assert run.returncode == 0 and not run.killed
    assert 200 <= run.peak_rss_mb < 400


def test_write_results_replaces_only_its_own_section(tmp_path: Path) -> None:
    path = tmp_path / "RESULTS.md"
    path.write_text("# Bench\n\n<!-- bench:sections -->\n\nOlder notes.\n", encoding="utf-8")
    write_results("Pre-rewrite baseline", "## Pre-rewrite baseline\n\nA\n", path)
    write_results("Latest run", "## Latest run\n\nB\n", path)
    write_results("Latest run", "## Latest run\n\nC\n", path)
    text = path.read_text(encoding="utf-8")
    assert "A\n" in text and "C\n" in text and "B\n" not in text
    assert text.index("Latest run") < text.index("Pre-rewrite baseline") < text.index("Older")


@needs_national
def test_points_instance_and_the_greedy_peer_on_points(tmp_path: Path) -> None:
    """30 communes × 3 intake points: the same files twice, the peer's nodes are the points
    (read from points.csv), its plan names them and passes the checker."""
    first = make_province.scaled_points(tmp_path / "a", 30, 3, 4, 10)
    second = make_province.scaled_points(tmp_path / "b", 30, 3, 4, 10)
    assert tree_snapshot(first.parent) == tree_snapshot(second.parent)
    scenario = load_scenario(first)
    assert len(scenario.points) == 90 and scenario.has_listed_points
    assert sum(scenario.point_backlogs.values()) == scenario.collectable_backlog
    inputs_dir = tmp_path / "inputs"
    export_inputs(scenario, inputs_dir)
    inputs = read_inputs(inputs_dir)
    assert inputs.points and len(inputs.communes) == 90
    rules = scenario.rules
    peer_rules = PeerRules(
        rules.min_apps_per_stop, rules.max_teams_per_commune_day, rules.max_stops_per_day
    )
    plan, _ = plan_greedy(inputs, peer_rules)
    write_plan(inputs, plan, tmp_path / "plan.csv")
    opts = Options(max_teams_per_commune_day=rules.max_teams_per_commune_day)
    assert check_plan(inputs_dir, tmp_path / "plan.csv", opts) == []
    assert rule_violations(tmp_path / "plan.csv", scenario) == []
    header = (tmp_path / "plan.csv").read_text(encoding="utf-8").splitlines()[0]
    assert header.endswith(",point_id,point_name")
    assert 0 < sum(a for stops in plan.values() for _, a in stops) <= scenario.collectable_backlog


@needs_national
def test_tuyen_quang_by_former_communes(tmp_path: Path) -> None:
    """The bench's points instance: the province's 330 former communes drafted with
    --former-points (the product's own path), 12 teams at 4 bases, 60 days."""
    toml = make_province.province_points(tmp_path, days=60)
    scenario = load_scenario(toml)
    assert len(scenario.communes) == 124
    assert len(scenario.teams) == 12 and len({t.base_commune for t in scenario.teams}) == 4
    assert 300 <= len(scenario.points) <= 340
    assert sum(scenario.point_backlogs.values()) == scenario.collectable_backlog
    assert scenario.rules.max_teams_per_commune_day == 1 and scenario.rules.allow_overnight
    assert (toml.parent / "points.csv").exists()
