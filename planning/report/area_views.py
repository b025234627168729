"""What the Data page shows to choose an area on the 2025 commune layer: the provinces,
a province's communes as a list and as a map to click, and which commune a click falls in.

Built here so the page only renders. The map loads Leaflet from the app itself (never from the
internet); every commune shape carries the class ``area-commune`` (``area-selected`` when it is
in the area) and ``data-code``, so tests can count them.
"""

from __future__ import annotations

import html
import json
from collections.abc import Collection
from typing import Any

import folium
import shapely
from branca.element import Element
from folium.utilities import JsCode

from planning.formatting import fmt_int
from planning.io import layer2025
from planning.io.boundaries import simplify_for_display
from planning.report.maps import blank_map
from planning.wording import tr

#: Outlines of a province are simplified to this for the picking map (the layer's own
#: simplification is about 50 m; a click needs far less).
PICK_TOLERANCE_M = 100.0
CHOSEN_FILL, OTHER_FILL = "#fd8d3c", "#9ecae1"


def province_options() -> dict[str, str]:
    """Province code → 'Tỉnh Gia Lai (52)', by name."""
    listed = sorted(layer2025.provinces(), key=lambda p: p.short_name)
    return {p.code: f"{p.name} ({p.code})" for p in listed}


def province_features(code: str) -> Any:
    """The 2025 communes of a province for the picking map: ``code``, ``name``, ``unit_type``,
    ``population``, ``geometry`` (EPSG:4326, simplified)."""
    frame = layer2025.read_communes([code])
    frame = frame[["code", "name", "unit_type", "population", "geometry"]]
    return simplify_for_display(frame.reset_index(drop=True), PICK_TOLERANCE_M)


def commune_options(features: Any) -> dict[str, str]:
    """Commune code → 'Xã Đak Đoa (23677)', by name, for the list."""
    pairs = sorted(zip(features["code"], features["name"], strict=True), key=lambda p: p[1])
    return {str(code): f"{name} ({code})" for code, name in pairs}


def commune_at(features: Any, lat: float, lon: float) -> str | None:
    """The code of the commune holding the point, or ``None`` outside every commune."""
    inside = shapely.contains_xy(features.geometry.to_numpy(), lon, lat)
    hits = [str(c) for c, hit in zip(features["code"], inside, strict=True) if hit]
    return hits[0] if hits else None


def toggled(selected: Collection[str], code: str | None) -> list[str]:
    """The area after a click on ``code``: added when it was out, removed when it was in."""
    chosen = list(selected)
    if code is None:
        return chosen
    return [c for c in chosen if c != code] if code in chosen else [*chosen, code]


_ON_EACH = JsCode(
    """
function(feature, layer) {
  layer.bindTooltip(feature.properties.label, {sticky: true});
  layer.on('add', function() {
    var el = layer.getElement && layer.getElement();
    if (el) {
      el.classList.add('area-commune');
      if (feature.properties.chosen) { el.classList.add('area-selected'); }
      el.setAttribute('data-code', feature.properties.code);
    }
  });
}
"""
)


def area_picker_map(
    features: Any, selected: Collection[str], lang: str = "vi", tile_url: str = ""
) -> folium.Map:
    """The province's communes; those in the area filled. A click on a commune adds or removes
    it (the page applies the click through :func:`commune_at` and :func:`toggled`)."""
    from planning.report.offline import use_local_assets

    chosen = set(selected)
    collection = json.loads(features[["code", "name", "geometry"]].to_json())
    for feature in collection["features"]:
        props = feature["properties"]
        props["chosen"] = props["code"] in chosen
        props["label"] = html.escape(f"{props['name']} ({props['code']})")
    fmap = blank_map(tile_url)
    folium.GeoJson(
        collection,
        name="communes",
        style_function=lambda f: {
            "color": "#555",
            "weight": 1,
            "fillColor": CHOSEN_FILL if f["properties"]["chosen"] else OTHER_FILL,
            "fillOpacity": 0.65 if f["properties"]["chosen"] else 0.15,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#000"},
        on_each_feature=_ON_EACH,
    ).add_to(fmap)
    minx, miny, maxx, maxy = (float(v) for v in features.total_bounds)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    legend = tr(
        lang,
        f"Đã chọn {fmt_int(len(chosen), lang)} xã — bấm vào xã để thêm/bỏ",
        f"{fmt_int(len(chosen), lang)} communes chosen — click a commune to add/remove it",
    )
    fmap.get_root().html.add_child(  # type: ignore[attr-defined]
        Element(
            "<div class='area-legend' style='position:absolute;top:10px;right:10px;"
            "z-index:1000;background:rgba(255,255,255,.92);padding:6px 9px;border:1px solid "
            f"#999;font:12px/1.5 sans-serif'>{html.escape(legend)}</div>"
        )
    )
    return use_local_assets(fmap)
