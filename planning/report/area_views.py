"""What the Data page shows to choose an area on the 2025 commune layer: the provinces,
a province's communes as a list and as a map to click, which commune a click falls in, and the
open rows of a mapped table with what each may be (:func:`open_row_options`).

Built here so the page only renders. The map loads Leaflet from the app itself (never from the
internet); every commune shape carries the class ``area-commune`` (``area-selected`` when it is
in the area) and ``data-code``, so tests can count them.
"""

from __future__ import annotations

import html
import json
from collections.abc import Collection, Sequence
from typing import Any

import folium
import shapely
from branca.element import Element
from folium.utilities import JsCode

from planning.domain import ChoiceKind, RowChoice
from planning.drafting.open_rows import PendingRow
from planning.drafting.unit_mapping import UnitMapping
from planning.formatting import fmt_int
from planning.io import layer2025
from planning.io.boundaries import simplify_for_display
from planning.report.maps import blank_map, view_of_bounds
from planning.wording import tr

#: Outlines of a province are simplified to this for the picking map (the layer's own
#: simplification is about 50 m; a click needs far less).
PICK_TOLERANCE_M = 100.0
#: The picking map's size on the page, as its opening view assumes it (the page's width less
#: the sidebar; a smaller guess only shows a little more around the province).
PICK_MAP_PX = (640, 480)
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
    it (the page applies the click through :func:`commune_at` and :func:`toggled`). The map
    opens on the province (its centre and zoom are set, not fitted: the tab holding it may be
    hidden when it is drawn)."""
    from planning.report.offline import use_local_assets

    chosen = set(selected)
    collection = json.loads(features[["code", "name", "geometry"]].to_json())
    for feature in collection["features"]:
        props = feature["properties"]
        props["chosen"] = props["code"] in chosen
        props["label"] = html.escape(f"{props['name']} ({props['code']})")
    minx, miny, maxx, maxy = (float(v) for v in features.total_bounds)
    fmap = blank_map(tile_url, view=view_of_bounds(miny, minx, maxy, maxx, *PICK_MAP_PX))
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


# --- open rows of a mapped table ----------------------------------------------------------------

#: The option that leaves an open row out.
LEAVE_OUT = "leave_out"


def open_row_heading(row: PendingRow, lang: str = "vi") -> str:
    """'Dòng 36 · Xã Can Hồ · Huyện Mường Tè · 46 người' (what the table says of the row)."""
    parts = [tr(lang, f"Dòng {row.row}", f"Row {row.row}"), row.name]
    if row.district:
        parts.append(row.district)
    if row.not_issued is not None:
        parts.append(
            tr(
                lang,
                f"{fmt_int(row.not_issued, lang)} người",
                f"{fmt_int(row.not_issued, lang)} people",
            )
        )
    return " · ".join(parts)


def open_row_options(row: PendingRow, mapping: UnitMapping, lang: str = "vi") -> dict[str, str]:
    """An open row's choices, key → label, in order: nothing yet; the offers (former units that
    nearly match, with their 2025 commune and district; 2025 communes that nearly match); every
    other commune of the province by name (the list is searchable); leave the row out."""
    units = mapping.new_units
    options = {"": tr(lang, "— chọn —", "— choose —")}
    for offer in row.offers:
        kind = (
            tr(lang, "Đơn vị cũ: ", "Former unit: ")
            if offer.kind == ChoiceKind.FORMER
            else tr(lang, "Xã 2025: ", "2025 commune: ")
        )
        options[f"{offer.kind.value}:{offer.code}"] = kind + offer.label(units, lang)
    others = sorted(
        (c for c in mapping.province_communes if c in units), key=lambda c: units[c].name
    )
    for code in others:
        key = f"{ChoiceKind.COMMUNE.value}:{code}"
        options.setdefault(
            key,
            tr(lang, "Xã của tỉnh: ", "Commune of the province: ") + f"{units[code].name} ({code})",
        )
    options[LEAVE_OUT] = tr(
        lang,
        "Bỏ dòng này ra (không đưa vào kịch bản; ghi rõ trong tổng)",
        "Leave this row out (not in the scenario; stated in the totals)",
    )
    return options


def choice_of(row: PendingRow, key: str) -> RowChoice | None:
    """The planner's choice for ``row`` from an option key of :func:`open_row_options`
    (``None`` for "nothing yet")."""
    if not key:
        return None
    if key == LEAVE_OUT:
        return row.choice(None)
    kind, _, code = key.partition(":")
    return RowChoice(row.name, ChoiceKind(kind), code, row.district)


def merged_choices(*groups: Sequence[RowChoice]) -> tuple[RowChoice, ...]:
    """Choices of several origins (a kept scenario's, this session's), a later one for the same
    row (name and district) replacing an earlier one."""
    out: dict[tuple[str, str], RowChoice] = {}
    for group in groups:
        for choice in group:
            out.pop((choice.name, choice.district), None)
            out[(choice.name, choice.district)] = choice
    return tuple(out.values())
