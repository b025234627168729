"""Maps: names are escaped, shapes are tagged for counting, the day filter limits the routes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planning.report.maps import coverage_map, plan_map
from planning.report.offline import external_references, offline_html
from planning.scenario_io import DEFAULT_SCENARIO, open_scenario
from planning.solver import SolverOptions, solve


@pytest.fixture(scope="module")
def solved():
    loaded = open_scenario(DEFAULT_SCENARIO)
    return loaded, solve(loaded.scenario, SolverOptions(time_limit_s=3))


def test_commune_names_are_escaped_in_both_maps(solved) -> None:
    loaded, result = solved
    evil = replace(loaded.scenario.communes[0], name="<script>alert(1)</script>")
    scenario = replace(loaded.scenario, communes=(evil, *loaded.scenario.communes[1:]))
    for fmap in (
        coverage_map(scenario, loaded.boundaries.features),
        plan_map(scenario, loaded.boundaries.features, result.plan),
    ):
        html = offline_html(fmap)
        assert "<script>alert(1)" not in html
        escaped = ("&lt;script&gt;alert(1)", "\\u0026lt;script\\u0026gt;alert(1)")
        assert any(form in html for form in escaped)


def test_day_filter_limits_routes(solved) -> None:
    loaded, result = solved
    day = result.plan.team_days[0].date
    html = offline_html(
        plan_map(loaded.scenario, loaded.boundaries.features, result.plan, days=[day])
    )
    expected = sum(1 for d in result.plan.team_days if d.date == day and d.applications)
    assert html.count("route-line") == expected
    assert "commune-shape" in html
    assert external_references(html) == []


def test_tile_url_is_used_only_when_given(solved) -> None:
    loaded, result = solved
    plain = offline_html(plan_map(loaded.scenario, loaded.boundaries.features, result.plan))
    assert "L.tileLayer(" not in plain
    tiled = offline_html(
        plan_map(
            loaded.scenario,
            loaded.boundaries.features,
            result.plan,
            tile_url="http://10.0.0.5/tiles/{z}/{x}/{y}.png",
        )
    )
    assert "10.0.0.5/tiles" in tiled
