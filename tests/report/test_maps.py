"""Maps: names are escaped, shapes are tagged for counting, the day filter limits the routes."""

from __future__ import annotations

import math
from dataclasses import replace

import pytest

from planning.io.boundaries import simplify_for_display
from planning.io.scenario import DEFAULT_SCENARIO, open_scenario
from planning.report.maps import coverage_map, plan_map, route_lines
from planning.report.offline import external_references, offline_html
from tests.province_case import needs_national


@pytest.fixture(scope="module")
def solved(tk_solved):
    return tk_solved


def _both_maps(loaded, result, name: str) -> list[str]:
    """The coverage and plan maps' pages with the first commune renamed ``name``."""
    renamed = replace(loaded.scenario.communes[0], name=name)
    scenario = replace(loaded.scenario, communes=(renamed, *loaded.scenario.communes[1:]))
    features = loaded.boundaries.features
    return [
        offline_html(coverage_map(scenario, features)),
        offline_html(plan_map(scenario, features, result.plan)),
    ]


def test_commune_names_are_escaped_in_both_maps(solved) -> None:
    for html in _both_maps(*solved, "<script>alert(1)</script>"):
        assert "<script>alert(1)" not in html
        escaped = ("&lt;script&gt;alert(1)", "\\u0026lt;script\\u0026gt;alert(1)")
        assert any(form in html for form in escaped)
    # Braces are not template syntax: the name is shown as written, never evaluated.
    for html in _both_maps(*solved, "Xã {{ 7*7 }} {% raw %}"):
        assert "Xã {{ 7*7 }} {% raw %}" in html and "Xã 49" not in html


def test_day_filter_limits_routes(solved) -> None:
    loaded, result = solved
    day = result.plan.team_days[0].date
    html = offline_html(
        plan_map(loaded.scenario, loaded.boundaries.features, result.plan, days=[day])
    )
    shown = [d for d in result.plan.team_days if d.date == day and d.applications]
    lines = route_lines(loaded.scenario, result.plan, shown)
    assert len(lines) == len(shown) and {line.dates for line in lines} == {(day,)}
    assert html.count("[[[" + str(round(lines[0].points[0][0], 5))) >= 1  # drawn from base
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


# --- labels and province scale --------------------------------------------------------------------


def test_label_zooms_by_hand() -> None:
    """Two 20 × 10 px labels 10 px apart horizontally at zoom 0 clear from zoom 1 (20 px
    apart); one at the very same point never shows; one 1000 px away clears from zoom
    log2(10 / 1000) (its 10 px height)."""
    from planning.report.labels import keep_clear, min_zooms

    zooms = min_zooms([(0, 0), (10, 0), (0, 0), (1000, 1000)], [(20, 10)] * 4)
    assert zooms[0] == -math.inf and zooms[1] == pytest.approx(1.0)
    assert zooms[2] == math.inf and zooms[3] == pytest.approx(math.log2(10 / 1000))
    boxes = [(0, 0, 20, 10), (10, 0, 30, 10), (20, 0, 40, 10), (0, 20, 5, 25)]
    assert keep_clear(boxes) == [0, 2, 3]


def _boxes_at(labels, zoom: float) -> list[tuple[float, float, float, float]]:
    from planning.report.labels import mercator_px, text_box_px

    out = []
    for lab in labels:
        x, y = mercator_px(lab.lat, lab.lon)
        w, h = text_box_px(lab.text)
        x, y = x * 2**zoom, y * 2**zoom
        out.append((x - w / 2, y - h / 2, x + w / 2, y + h / 2))
    return out


@pytest.fixture(scope="module")
def province(tmp_path_factory):
    from tests.province_case import build_province

    toml, result = build_province(tmp_path_factory.mktemp("province"))
    loaded = open_scenario(toml)
    return loaded, simplify_for_display(loaded.boundaries.features), result


@needs_national
def test_province_labels_do_not_collide(province) -> None:
    """200 communes: at the zoom a 1200 × 560 map opens at, a readable share of the names is
    shown (most backlog first), none overlapping at that zoom or any zoom in; every name appears
    by street level."""
    from planning.report.labels import commune_labels, fit_zoom, keep_clear, shown_at

    loaded, features, _ = province
    labels = commune_labels(loaded.scenario)
    assert len(labels) == 200
    backlog = {c.code: c.collectable_backlog for c in loaded.scenario.communes}
    assert [backlog[lab.code] for lab in labels] == sorted(backlog.values(), reverse=True)
    start = fit_zoom(tuple(features.total_bounds), 1200, 560)
    opening = shown_at(labels, start)
    assert 20 <= len(opening) <= 80, len(opening)
    assert opening[0] == labels[0]  # the largest backlog is always named
    for step in range(0, 21):
        zoom = start + step * 0.25
        shown = shown_at(labels, zoom)
        assert len(keep_clear(_boxes_at(shown, zoom))) == len(shown), zoom
    assert len(shown_at(labels, 15)) == 200


@needs_national
def test_province_maps_are_offline_with_legend_and_few_labels(province) -> None:
    loaded, features, result = province
    first_week = loaded.scenario.calendar.dates()[:7]
    for fmap in (
        coverage_map(loaded.scenario, features),
        plan_map(loaded.scenario, features, result.plan),
        plan_map(loaded.scenario, features, result.plan, days=first_week, team_ids={"T3"}),
    ):
        html = offline_html(fmap)
        assert external_references(html) == []
        assert "class='map-legend'" in html
        assert html.count('"type":"Feature"') == 200
        assert html.count("folium.Marker") == 0 and html.count("L.marker(") == 1  # one script
        assert len(html.encode()) < 1_500_000
    legend = html.split("class='map-legend'")[1].split("</details>")[0]
    assert "Tổ lưu động số 3" in legend and "Tổ lưu động số 4" not in legend


@needs_national
def test_whole_plan_draws_each_repeated_route_once(province) -> None:
    loaded, _, result = province
    days = [d for d in result.plan.team_days if d.applications]
    lines = route_lines(loaded.scenario, result.plan, days)
    assert sum(len(line.dates) for line in lines) == len(days)
    assert len(lines) < len(days)


@needs_national
def test_printed_province_map_labels_do_not_overlap(province) -> None:
    import matplotlib.pyplot as plt

    from planning.report.labels import keep_clear
    from planning.report.static_map import draw_labels, plan_map_png, venue_labels

    loaded, features, result = province
    fig, ax = plt.subplots(figsize=(6.5, 5.2), dpi=150)
    try:
        features.plot(ax=ax)
        ax.set_axis_off()
        drawn = draw_labels(fig, ax, venue_labels(loaded.scenario))
        renderer = fig.canvas.get_renderer()
        boxes = [t.get_window_extent(renderer) for t in ax.texts]
        assert len(boxes) == drawn and 30 <= drawn < 200, drawn
        assert len(keep_clear([(b.x0, b.y0, b.x1, b.y1) for b in boxes])) == drawn
    finally:
        plt.close(fig)
    assert plan_map_png(loaded.scenario, features, result.plan).startswith(b"\x89PNG")


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


def test_the_base_picker_map_shows_braces_in_names_as_written(solved) -> None:
    from planning.report.data_views import base_picker_map

    loaded, _ = solved
    features = loaded.boundaries.features.copy()
    features.loc[features.index[0], "name"] = "Xã {{ 7*7 }} {% raw %}"
    fmap = base_picker_map(loaded.scenario, features, loaded.scenario.teams[0].team_id)
    html = offline_html(fmap)
    assert "Xã 49" not in html
    assert "7*7" in html and "raw" in html


def test_every_map_credits_leaflet_plainly(solved) -> None:
    # Leaflet 1.9 puts a national flag before its credit; the tool's maps show the name only.
    from planning.report.data_views import base_picker_map

    loaded, result = solved
    features = loaded.boundaries.features
    maps = [
        coverage_map(loaded.scenario, features),
        plan_map(loaded.scenario, features, result.plan),
        base_picker_map(loaded.scenario, features, loaded.scenario.teams[0].team_id),
    ]
    for fmap in maps:
        assert "attributionControl.setPrefix('Leaflet')" in offline_html(fmap)
