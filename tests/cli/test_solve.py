"""`python -m planning solve` contract: files, columns, exit codes."""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import pytest

from planning.cli.solve import add_solve_parser
from planning.io.export_inputs import export_inputs
from planning.io.scenario import load_scenario
from tests.plan_checker import Options, check_plan

TK = Path(__file__).resolve().parents[2] / "scenarios/trung_khanh_2022-12/scenario.toml"


def _run(*argv: str) -> int:
    parser = argparse.ArgumentParser()
    add_solve_parser(parser.add_subparsers())
    args = parser.parse_args(["solve", *argv])
    return int(args.func(args))


@pytest.mark.skipif(not TK.exists(), reason="Trùng Khánh scenario not present")
def test_cli_writes_plan_and_summary(tmp_path: Path) -> None:
    code = _run(str(TK), "--out", str(tmp_path), "--time-limit", "4", "--no-what-if")
    assert code == 0
    summary = json.loads((tmp_path / "summary.json").read_text(encoding="utf-8"))
    for key in (
        "deadline",
        "teams",
        "collectable_backlog",
        "collected_by_deadline",
        "remaining_by_deadline",
        "upper_bound_by_deadline",
        "verdict",
        "finish_date",
        "solver_status",
        "solve_seconds",
        "remaining_by_commune",
        "what_it_takes",
    ):
        assert key in summary
    scenario = load_scenario(TK)
    export_inputs(scenario, tmp_path / "inputs")
    rules = scenario.rules
    assert (
        check_plan(
            tmp_path / "inputs",
            tmp_path / "plan.csv",
            Options(max_teams_per_commune_day=rules.max_teams_per_commune_day),
        )
        == []
    )


def test_cli_invalid_scenario_exits_2(tmp_path: Path) -> None:
    bad = tmp_path / "scenario.toml"
    bad.write_text("[scenario]\nname = 1\n", encoding="utf-8")
    assert _run(str(bad), "--out", str(tmp_path / "out")) == 2
