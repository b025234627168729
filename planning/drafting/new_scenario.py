"""Drafting a new scenario (``python -m planning new``, the Data page's "new" tabs): the one
entry point.

:func:`draft_scenario` builds the scenario in memory, from a boundary file
(:mod:`planning.drafting.from_boundaries`) or on the 2025 commune layer
(:mod:`planning.drafting.on_layer2025`); :func:`build_new_scenario` also saves it. Nothing is
written unless every row is settled; the planner's choices (``aliases``: table name → code) are
saved with the scenario as aliases of the commune.
"""

from __future__ import annotations

from dataclasses import replace

from planning.domain import Scenario
from planning.drafting.from_boundaries import draft_from_boundaries
from planning.drafting.on_layer2025 import draft_on_layer2025
from planning.drafting.request import NewScenarioOutcome, NewScenarioRequest
from planning.errors import InputError, Problem, error
from planning.io.points import scenario_with_points_file
from planning.io.scenario import ScenarioExistsError, save_scenario


def draft_scenario(request: NewScenarioRequest) -> tuple[NewScenarioOutcome, Scenario | None]:
    """Match the table to the boundaries (or map it onto the 2025 layer when no boundary file is
    given) and build the scenario in memory (nothing is written).

    Returns the matching report and the scenario, or ``None`` while any row is unsettled. Raises
    :class:`InputError` when an input file (or the province/area, or a row of the points file
    ``request.points``) is unusable.
    """
    if request.boundaries is None:
        outcome, scenario = draft_on_layer2025(request)
    elif request.province or request.area or request.split_rule:
        raise InputError([_layer_options_problem()])
    else:
        outcome, scenario = draft_from_boundaries(request, request.boundaries)
    if scenario is not None and request.points is not None:
        scenario, _ = scenario_with_points_file(scenario, request.points)
    return outcome, scenario


def _layer_options_problem() -> Problem:
    """--province/--area/--split-rule belong to the 2025 layer, not to a boundary file."""
    return error(
        "--province, --area và --split-rule dùng lớp xã toàn quốc 2025, không dùng cùng "
        "--boundaries (tệp ranh giới riêng).",
        "--province, --area and --split-rule use the national 2025 layer; they do not go with "
        "--boundaries (your own boundary file).",
        field="--boundaries",
        fix_vi="bỏ --boundaries để dùng lớp toàn quốc, hoặc bỏ --province/--area/--split-rule",
        fix_en="drop --boundaries to use the national layer, or drop --province/--area/"
        "--split-rule",
    )


def build_new_scenario(request: NewScenarioRequest) -> NewScenarioOutcome:
    """Draft the scenario and, if every name matched, save it into ``request.out_dir``."""
    outcome, scenario = draft_scenario(request)
    if scenario is None:
        return outcome
    try:
        toml_path = save_scenario(scenario, request.out_dir / "scenario.toml", must_be_new=True)
    except ScenarioExistsError:
        raise InputError(
            [
                error(
                    "thư mục này đã có một kịch bản; không ghi đè",
                    "this folder already holds a scenario; it is not overwritten",
                    file=str(request.out_dir),
                    fix_vi="chọn một thư mục mới, hoặc mở kịch bản cũ trong ứng dụng để sửa",
                    fix_en="choose a new folder, or open the existing scenario in the app",
                )
            ]
        ) from None
    return replace(outcome, toml_path=toml_path)
