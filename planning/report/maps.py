"""Folium maps of the planning area: coverage (who is still without a card) and, later, the plan.

No tile layer by default (offline); an office that has a tile server passes ``tile_url``. Every
text that comes from data (commune names, notes) is HTML-escaped before it reaches the page.
Each commune shape carries the class ``commune-shape`` and ``data-code`` so tests can count them.
"""

from __future__ import annotations

import html
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
from branca.element import Element
from folium.utilities import JsCode

from planning import wording
from planning.domain import Commune, Scenario
from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.wording import tr

#: ColorBrewer YlOrRd, five classes: light = little left to do, dark = much.
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA = "#d9d9d9"
METRICS = ("pct_not_issued", "collectable_backlog")

_LABELS = {
    "pct_not_issued": ("% chưa được cấp thẻ", "% without a card yet"),
    "collectable_backlog": ("Số cần thu nhận", "Collectable backlog"),
    "non_collectable": ("Không thể thu nhận", "Cannot be served by a visit"),
    "estimated": ("* số ước tính", "* estimated figure"),
    "no_data": ("Không có số liệu", "No data"),
}


def _root(fmap: folium.Map) -> Any:
    """The map's page (a branca Figure, typed loosely by branca)."""
    return fmap.get_root()


def label(key: str, lang: str) -> str:
    """A map label in the interface language (a column label shared with the tables, else one
    of the map's own)."""
    if key in _LABELS:
        vi, en = _LABELS[key]
        return tr(lang, vi, en)
    return wording.label(key, lang)


@dataclass(frozen=True)
class Classes:
    """Class breaks of a choropleth: ``breaks[i]`` is the upper bound of class ``i``."""

    breaks: tuple[float, ...]

    def colour(self, value: float | None) -> str:
        """The fill colour of a value."""
        if value is None:
            return NO_DATA
        for i, upper in enumerate(self.breaks):
            if value <= upper:
                return PALETTE[i]
        return PALETTE[-1]


def quantile_classes(values: Sequence[float], n: int = len(PALETTE)) -> Classes:
    """Equal-count class breaks (rounded so the legend reads well)."""
    ordered = sorted(values)
    if not ordered:
        return Classes((0.0,))
    breaks = []
    for i in range(1, n + 1):
        index = min(len(ordered) - 1, round(i * len(ordered) / n) - 1)
        breaks.append(float(ordered[max(index, 0)]))
    return Classes(tuple(sorted(set(breaks))))


def metric_value(commune: Commune, metric: str) -> float | None:
    """The value a commune is coloured by."""
    if metric == "pct_not_issued":
        return commune.pct_not_issued
    if metric == "collectable_backlog":
        return float(commune.collectable_backlog)
    raise ValueError(f"unknown metric {metric!r}")


def _figure(commune: Commune, field: str, value: int | None, lang: str) -> str:
    star = "*" if commune.is_estimated(field) else ""
    return fmt_int(value, lang) + star


def commune_popup_html(commune: Commune, lang: str = "vi", visit_dates: Sequence[Any] = ()) -> str:
    """The popup of a commune: its figures (estimated ones starred) and visit dates."""
    rows = [
        (label("of_age", lang), _figure(commune, "of_age", commune.of_age, lang)),
        (label("issued", lang), _figure(commune, "issued", commune.issued, lang)),
        (label("not_issued", lang), _figure(commune, "not_issued", commune.not_issued, lang)),
        (label("pct_not_issued", lang), fmt_pct(commune.pct_not_issued, 2, lang)),
        (label("non_collectable", lang), fmt_int(commune.non_collectable_total, lang)),
        (label("collectable_backlog", lang), fmt_int(commune.collectable_backlog, lang)),
    ]
    if visit_dates:
        rows.append((label("visit_dates", lang), ", ".join(fmt_date(d, lang) for d in visit_dates)))
    cells = "".join(
        f"<tr><td>{html.escape(k)}</td>"
        f"<td style='text-align:right'><b>{html.escape(v)}</b></td></tr>"
        for k, v in rows
    )
    note = ""
    if commune.estimated_fields:
        note = f"<div style='color:#a00'>{html.escape(label('estimated', lang))}</div>"
    return (
        f"<div class='commune-popup'><b>{html.escape(commune.name)}</b> "
        f"({html.escape(commune.code)})<table>{cells}</table>{note}</div>"
    )


def _feature_collection(
    features: Any,
    scenario: Scenario,
    metric: str,
    classes: Classes,
    lang: str,
    visits: Mapping[str, Sequence[Any]],
) -> dict[str, Any]:
    by_code = {c.code: c for c in scenario.communes}
    collection = json.loads(features[["code", "name", "geometry"]].to_json())
    kept = []
    for feature in collection["features"]:
        commune = by_code.get(feature["properties"]["code"])
        if commune is None:
            continue
        value = metric_value(commune, metric)
        feature["properties"] |= {
            "fill": classes.colour(value),
            "label": html.escape(commune.name),
            "popup": commune_popup_html(commune, lang, visits.get(commune.code, ())),
        }
        kept.append(feature)
    collection["features"] = kept
    return collection


_ON_EACH_FEATURE = JsCode(
    """
function(feature, layer) {
  layer.bindPopup(feature.properties.popup, {maxWidth: 320});
  layer.bindTooltip(feature.properties.label, {sticky: true});
  layer.on('add', function() {
    var el = layer.getElement && layer.getElement();
    if (el) {
      el.classList.add('commune-shape');
      el.setAttribute('data-code', feature.properties.code);
    }
  });
}
"""
)


def _legend_box(title: str, items: list[str]) -> str:
    """The legend box (top right) and the label style shared by every map of the tool."""
    return (
        "<div class='map-legend' style='position:absolute;top:10px;right:10px;z-index:1000;"
        "background:rgba(255,255,255,.92);padding:6px 9px;border:1px solid #999;"
        "font:12px/1.5 sans-serif'>"
        f"<b>{html.escape(title)}</b>{''.join(items)}</div>"
        "<style>.map-legend i{display:inline-block;width:14px;height:12px;margin-right:6px;"
        "border:1px solid #777;vertical-align:middle}"
        ".commune-label{font:11px sans-serif;color:#222;text-shadow:0 0 3px #fff,0 0 3px #fff;"
        "white-space:nowrap;pointer-events:none;transform:translate(-50%,-50%);display:inline-block}"
        "</style>"
    )


def _legend_html(title: str, classes: Classes, metric: str, lang: str) -> str:
    lows = (0.0, *classes.breaks[:-1])
    items = []
    for low, high, colour in zip(lows, classes.breaks, PALETTE, strict=False):
        if metric == "pct_not_issued":
            text = f"{fmt_pct(low, 1, lang)} – {fmt_pct(high, 1, lang)}"
        else:
            text = f"{fmt_int(low, lang)} – {fmt_int(high, lang)}"
        items.append(f"<div><i style='background:{colour}'></i>{html.escape(text)}</div>")
    items.append(
        f"<div><i style='background:{NO_DATA}'></i>{html.escape(label('no_data', lang))}</div>"
    )
    return _legend_box(title, items)


def _add_labels(fmap: folium.Map, scenario: Scenario) -> None:
    group = folium.FeatureGroup(name="labels", control=False)
    for commune in scenario.communes:
        if commune.venue is None:
            continue
        short = commune.name
        for prefix in ("Thị trấn ", "Xã ", "Phường "):
            short = short.removeprefix(prefix)
        folium.Marker(
            [commune.venue.lat, commune.venue.lon],
            icon=folium.DivIcon(
                html=f"<div class='commune-label'>{html.escape(short)}</div>",
                icon_size=(1, 1),
                icon_anchor=(0, 0),
            ),
        ).add_to(group)
    group.add_to(fmap)


def base_map(features: Any, tile_url: str = "", attribution: str = "") -> folium.Map:
    """An empty map fitted to the features; no tiles unless a tile URL is given."""
    minx, miny, maxx, maxy = (float(v) for v in features.total_bounds)
    fmap = folium.Map(tiles=None, control_scale=True, prefer_canvas=False, zoom_snap=0.25)
    if tile_url:
        folium.TileLayer(tile_url, attr=attribution or "tiles", name="tiles").add_to(fmap)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]])
    return fmap


def coverage_map(
    scenario: Scenario,
    features: Any,
    metric: str = "pct_not_issued",
    lang: str = "vi",
    tile_url: str = "",
    show_labels: bool = True,
    visits: Mapping[str, Sequence[Any]] | None = None,
) -> folium.Map:
    """Communes coloured by % not yet issued or by collectable backlog, with legend and labels.

    ``features`` is a GeoDataFrame in WGS84 with ``code``, ``name`` and ``geometry`` (simplify
    it for display first); ``visits`` maps commune codes to their visit dates for the popups.
    """
    values = [v for c in scenario.communes if (v := metric_value(c, metric)) is not None]
    classes = quantile_classes(values)
    fmap = base_map(features, tile_url)
    collection = _feature_collection(features, scenario, metric, classes, lang, visits or {})
    folium.GeoJson(
        collection,
        name=label(metric, lang),
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#555",
            "weight": 1,
            "fillOpacity": 0.8,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#000"},
        on_each_feature=_ON_EACH_FEATURE,
    ).add_to(fmap)
    if show_labels:
        _add_labels(fmap, scenario)
    _root(fmap).html.add_child(Element(_legend_html(label(metric, lang), classes, metric, lang)))
    return fmap


# --- the plan on the map ------------------------------------------------------------------------


def _plan_popup(
    commune: Commune, lang: str, visits: Sequence[Any], team_names: Mapping[str, str]
) -> str:
    """The commune popup plus one line per planned visit (date, team, applications)."""
    base = commune_popup_html(commune, lang, sorted({v.date for v in visits}))
    if not visits:
        return base
    lines = "".join(
        f"<li>{html.escape(fmt_date(v.date, lang))}: "
        f"{html.escape(team_names.get(v.team_id, v.team_id))}"
        f" — {html.escape(fmt_int(v.applications, lang))}</li>"
        for v in sorted(visits, key=lambda v: (v.date, v.team_id))
    )
    return base + f"<ul class='visit-list' style='margin:4px 0 0 14px;padding:0'>{lines}</ul>"


def _route_points(scenario: Scenario, day: Any, start: Any) -> list[list[float]]:
    """Base (or last night's commune) → each stop's venue → base, as [lat, lon] pairs."""
    points = [[start.lat, start.lon]]
    team = scenario.team(day.team_id)
    for stop in day.stops:
        if stop.is_base:
            points.append([team.base.lat, team.base.lon])
            continue
        venue = scenario.commune(stop.commune_code).venue
        if venue is not None:
            points.append([venue.lat, venue.lon])
    return points


def _add_routes(
    fmap: folium.Map,
    scenario: Scenario,
    team_days: Sequence[Any],
    colours: Mapping[str, str],
    lang: str,
) -> None:
    """One polyline per team-day (from base and back) and a marker per team base."""
    from planning.report.plan_views import day_summary

    group = folium.FeatureGroup(name="routes", control=False)
    last_night: dict[str, Any] = {}
    for day in sorted(team_days, key=lambda d: (d.team_id, d.date)):
        team = scenario.team(day.team_id)
        start = last_night.pop(day.team_id, team.base)
        if day.overnight_at:
            last_night[day.team_id] = scenario.commune(day.overnight_at).venue or team.base
        tip = f"{fmt_date(day.date, lang)} — {team.name}: {day_summary(day, scenario)}"
        folium.PolyLine(
            _route_points(scenario, day, start),
            color=colours[day.team_id],
            weight=3,
            opacity=0.85,
            tooltip=html.escape(tip),
            class_name="route-line",
        ).add_to(group)
    for team in scenario.teams:
        folium.CircleMarker(
            [team.base.lat, team.base.lon],
            radius=7,
            color="#000",
            weight=2,
            fill=True,
            fill_color=colours[team.team_id],
            fill_opacity=1,
            tooltip=html.escape(team.base_name or team.name),
        ).add_to(group)
    group.add_to(fmap)


def _plan_legend(scenario: Scenario, colours: Mapping[str, str], lang: str, title: str) -> str:
    items = [
        f"<div><i style='background:{colours[t.team_id]}'></i>{html.escape(t.name)}</div>"
        for t in scenario.teams
    ]
    none = "Không có lịch trong thời gian chọn" if lang == "vi" else "No visit in this period"
    items.append(f"<div><i style='background:{NO_DATA}'></i>{html.escape(none)}</div>")
    return _legend_box(title, items)


def plan_map(
    scenario: Scenario,
    features: Any,
    plan: Any,
    lang: str = "vi",
    tile_url: str = "",
    days: Sequence[Any] | None = None,
    title: str = "",
) -> folium.Map:
    """The plan on the map: communes coloured by the team that visits them, routes from base.

    ``days`` limits the team-days shown (a day or a week); ``None`` shows the whole plan. Popups
    list every planned visit of the commune (date, team, applications) whatever the filter.
    """
    from planning.report.plan_views import team_colour

    colours = {t.team_id: team_colour(i) for i, t in enumerate(scenario.teams)}
    team_names = {t.team_id: t.name for t in scenario.teams}
    wanted = set(days) if days is not None else None
    shown = [
        d for d in plan.team_days if d.applications > 0 and (wanted is None or d.date in wanted)
    ]
    first_team: dict[str, str] = {}
    for day in sorted(shown, key=lambda d: d.date):
        for visit in day.visits():
            first_team.setdefault(visit.commune_code, day.team_id)
    all_visits: dict[str, list[Any]] = {}
    for visit in plan.visits():
        if visit.applications > 0:
            all_visits.setdefault(visit.commune_code, []).append(visit)
    by_code = {c.code: c for c in scenario.communes}
    collection = json.loads(features[["code", "name", "geometry"]].to_json())
    collection["features"] = [
        f for f in collection["features"] if f["properties"]["code"] in by_code
    ]
    for feature in collection["features"]:
        commune = by_code[feature["properties"]["code"]]
        team = first_team.get(commune.code)
        feature["properties"] |= {
            "fill": colours[team] if team else NO_DATA,
            "label": html.escape(commune.name),
            "popup": _plan_popup(commune, lang, all_visits.get(commune.code, []), team_names),
        }
    fmap = base_map(features, tile_url)
    folium.GeoJson(
        collection,
        name="plan",
        style_function=lambda f: {
            "fillColor": f["properties"]["fill"],
            "color": "#555",
            "weight": 1,
            "fillOpacity": 0.55,
        },
        highlight_function=lambda f: {"weight": 3, "color": "#000"},
        on_each_feature=_ON_EACH_FEATURE,
    ).add_to(fmap)
    _add_routes(fmap, scenario, shown, colours, lang)
    _add_labels(fmap, scenario)
    legend_title = title or ("Tổ phụ trách" if lang == "vi" else "Team")
    _root(fmap).html.add_child(Element(_plan_legend(scenario, colours, lang, legend_title)))
    return fmap
