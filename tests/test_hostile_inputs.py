"""Hostile-but-realistic inputs (issue 11): huge or endless files, absurd figures, injected
formulas, duplicated reports, dates before the start, bad time limits."""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from pathlib import Path

import pytest

from planning.domain import Plan, Stop, TeamDay
from planning.io.plan import read_plan_csv, write_plan_csv
from planning.io.scenario import load_scenario

HOSTILE_NAMES = ["=HYPERLINK(\"http://x\",\"bấm\")", "+1+2", "-3+4", "@SUM(A1)", "\tTab"]


@pytest.mark.parametrize("hostile", HOSTILE_NAMES)
def test_plan_csv_never_starts_a_cell_with_a_formula(scenario_copy, tmp_path, hostile) -> None:
    scenario = load_scenario(scenario_copy())
    first = replace(scenario.communes[0], name=hostile)
    scenario = replace(scenario, communes=(first, *scenario.communes[1:]))
    day = scenario.calendar.start
    stop = Stop(first.code, 420, 600, 30, 10)
    plan = Plan((TeamDay("T1", day, (stop, Stop("BASE", 600, 640, 0, 40))),))
    out = tmp_path / "plan.csv"
    write_plan_csv(plan, scenario, out)
    rows = list(csv.reader(io.StringIO(out.read_text("utf-8"))))
    cells = [cell for row in rows[1:] for cell in row]
    assert not [c for c in cells if c[:1] in ("=", "+", "@", "\t")], cells
    assert [r[4] for r in rows[1:]][0] == "'" + hostile
    assert read_plan_csv(out) == plan  # our own reader undoes the apostrophe


def test_spreadsheet_safe_leaves_ordinary_texts_and_numbers() -> None:
    from planning.formatting import from_spreadsheet_safe, spreadsheet_safe

    assert spreadsheet_safe("Xã Cao Chương") == "Xã Cao Chương"
    assert spreadsheet_safe(-5) == -5
    assert from_spreadsheet_safe(str(spreadsheet_safe("=1+1"))) == "=1+1"
    assert from_spreadsheet_safe("'quoted") == "'quoted"


def test_export_inputs_neutralises_formulas(scenario_copy, tmp_path: Path) -> None:
    from planning.io.export_inputs import export_inputs

    scenario = load_scenario(scenario_copy())
    first = replace(scenario.communes[0], name="=cmd|' /C calc'!A0")
    scenario = replace(scenario, communes=(first, *scenario.communes[1:]))
    export_inputs(scenario, tmp_path / "out")
    text = (tmp_path / "out" / "communes.csv").read_text("utf-8")
    assert ",'=cmd|" in text
