"""AppTest: the Compare page offers the comparison slides once variants are solved, and the
Export page the meeting's slides (the Export download itself is driven in Chromium by
tests/app/test_browser_documents.py)."""

from __future__ import annotations

from app.state import scenario_key
from planning.io.scenario import DEFAULT_SCENARIO, open_scenario
from planning.solver import SolverOptions, solve
from planning.variants import Variant, apply_variant
from tests.app.harness import new_app, no_exception


def test_compare_and_export_pages_offer_the_slides() -> None:
    scenario = open_scenario(DEFAULT_SCENARIO).scenario
    result = solve(scenario, SolverOptions(time_limit_s=2))
    variants = [Variant("2 tổ"), Variant("3 tổ", teams=3)]
    at = new_app()
    at.session_state["variants"] = variants
    at.session_state["results"] = {
        scenario_key(apply_variant(scenario, v)): result for v in variants
    } | {scenario_key(scenario): result}
    at.switch_page("app/pages/compare.py").run()
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải trình chiếu so sánh (PPTX)" in labels
    at.switch_page("app/pages/export.py").run()
    no_exception(at)
    labels = [b.proto.label for b in at.get("download_button")]
    assert "Tải trình chiếu cuộc họp (PPTX)" in labels
