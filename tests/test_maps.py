"""Maps: names are escaped, shapes are tagged for counting, the day filter limits the routes."""

from __future__ import annotations

from dataclasses import replace

import pytest

from planning.io.scenario import DEFAULT_SCENARIO, open_scenario
from planning.report.maps import coverage_map, plan_map
from planning.report.offline import external_references, offline_html
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


def test_local_assets_link_leaflet_from_the_app(solved) -> None:
    """For st_folium: Leaflet from /app/static/leaflet/, folium's CDN extras gone."""
    from planning.report.offline import use_local_assets

    loaded, result = solved
    for fmap in (
        coverage_map(loaded.scenario, loaded.boundaries.features),
        plan_map(loaded.scenario, loaded.boundaries.features, result.plan),
    ):
        use_local_assets(fmap)
        assert fmap.default_js == [("leaflet", "/app/static/leaflet/leaflet.js")]
        assert fmap.default_css == [("leaflet_css", "/app/static/leaflet/leaflet.css")]
        html = fmap.get_root().render()
        assert external_references(html) == []
        assert '<script src="/app/static/leaflet/leaflet.js">' in html


def test_local_assets_refuse_what_is_not_served() -> None:
    import branca.colormap
    import folium.plugins

    from planning.report.offline import use_local_assets

    with_plugin = folium.Map(tiles=None)
    folium.plugins.MarkerCluster().add_to(with_plugin)
    with pytest.raises(ValueError, match="not available offline"):
        use_local_assets(with_plugin)
    with_colormap = folium.Map(tiles=None)
    branca.colormap.LinearColormap(["#ffffff", "#000000"]).add_to(with_colormap)
    with pytest.raises(ValueError, match="d3"):
        use_local_assets(with_colormap)


def test_picked_base_goes_through_the_team_checks(tmp_path) -> None:
    """A point picked on the Data page's map: coordinates, no commune code, checked like typed,
    and saved like typed coordinates."""
    from app.editing import PICKED_BASE_NAME, teams_frame, teams_from_frame, with_picked_base
    from planning.errors import InputError
    from planning.io.scenario import load_scenario, save_scenario

    scenario = open_scenario(DEFAULT_SCENARIO).scenario
    frame = with_picked_base(teams_frame(scenario), "T2", 22.80894812, 106.41126)
    teams = {t.team_id: t for t in teams_from_frame(frame, scenario)}
    assert (teams["T2"].base.lat, teams["T2"].base.lon) == (22.808948, 106.41126)
    assert teams["T2"].base_commune == "" and teams["T2"].base_name == PICKED_BASE_NAME
    assert teams["T1"].base_commune == "01477"
    saved = save_scenario(
        replace(scenario, teams=tuple(teams.values())), tmp_path / "s" / "scenario.toml"
    )
    again = {t.team_id: t for t in load_scenario(saved).teams}
    assert (again["T2"].base.lat, again["T2"].base.lon, again["T2"].base_commune) == (
        22.808948,
        106.41126,
        "",
    )
    # Moved again: a team on its own point keeps the name the planner gave it.
    frame = with_picked_base(frame.assign(base_name=["A", "Đồn X"]), "T2", 22.7, 106.5)
    assert teams_from_frame(frame, scenario)[1].base_name == "Đồn X"
    with pytest.raises(InputError):  # outside Vietnam: refused like typed coordinates
        teams_from_frame(with_picked_base(teams_frame(scenario), "T2", 48.8, 2.3), scenario)
    with pytest.raises(InputError):
        with_picked_base(teams_frame(scenario), "T9", 22.7, 106.5)


def test_without_leaflet_the_map_says_what_is_missing_and_the_command(tmp_path, monkeypatch):
    """No FileNotFoundError traceback: the file that is missing and `make setup`."""
    import shutil

    import pytest

    from planning.errors import InputError
    from planning.report import offline

    partial = tmp_path / "dist"
    partial.mkdir()
    shutil.copy(offline.LEAFLET_DIST / "leaflet.js", partial / "leaflet.js")  # no leaflet.css
    monkeypatch.setattr(offline, "LEAFLET_DIST", partial)
    offline._leaflet_js.cache_clear()
    offline._leaflet_css.cache_clear()
    try:
        import folium

        with pytest.raises(InputError) as caught:
            offline.offline_html(folium.Map(location=[22.8, 106.5], tiles=None))
        text = caught.value.render("vi")
        assert "leaflet.css" in text and "make setup" in text
        assert "make setup" in caught.value.render("en")
    finally:
        offline._leaflet_js.cache_clear()
        offline._leaflet_css.cache_clear()
