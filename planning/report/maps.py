"""Folium maps of the planning area: coverage (who is still without a card) and the plan.

No tile layer by default (offline); an office that has a tile server passes ``tile_url``. Every
text that comes from data (commune names, notes) is HTML-escaped before it reaches the page.
Each commune shape carries the class ``commune-shape`` and ``data-code`` so tests can count them;
route lines carry ``route-line``, team bases ``team-base``, shown labels ``commune-label``.

Sized for a province (200 communes, 12 teams, 60 days): the outlines go in as one GeoJSON layer
with coordinates rounded to 5 decimals (about 1 m), the labels, routes and bases as compact data
arrays drawn by a few lines of script (not one folium element each), labels are decluttered by
:mod:`planning.report.labels`, and a route driven on several days is drawn once.
"""

from __future__ import annotations

import html
import json
import math
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import folium
import numpy as np
import shapely
from branca.element import Element, MacroElement
from folium.template import Template

from planning import wording
from planning.domain import Commune, Plan, Scenario, Team, TeamDay
from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.report.labels import FONT_PX, LINE_PX, commune_labels
from planning.report.plan_views import bases_of, day_summary, short_name, stop_place, team_colour
from planning.wording import say, tr

#: ColorBrewer YlOrRd, five classes: light = little left to do, dark = much.
PALETTE = ("#ffffb2", "#fecc5c", "#fd8d3c", "#f03b20", "#bd0026")
NO_DATA = "#d9d9d9"
#: Decimals kept in outline coordinates (5: about 1 m, far below a screen pixel at any zoom the
#: outlines are simplified for).
COORD_DECIMALS = 5

_LABELS = {
    "pct_not_issued": ("% chưa được cấp thẻ", "% without a card yet"),
    "collectable_backlog": ("Số cần thu nhận", "Collectable backlog"),
    "non_collectable": ("Không thể thu nhận", "Cannot be served by a visit"),
    "estimated": ("* số ước tính", "* estimated figure"),
    "no_data": ("Không có số liệu", "No data"),
    "base": ("Trụ sở tổ", "Team base"),
    "labels_note": (
        "Phóng to để thấy thêm tên xã",
        "Zoom in to see more commune names",
    ),
}


def _root(fmap: folium.Map) -> Any:
    """The map's page (a branca Figure, typed loosely by branca)."""
    return fmap.get_root()


def label(key: str, lang: str) -> str:
    """A map label in the interface language (a column label shared with the tables, else one
    of the map's own)."""
    if key in _LABELS:
        return say(_LABELS, key, lang)
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


def outlines_geojson(features: Any, properties: Mapping[str, Mapping[str, Any]]) -> str:
    """GeoJSON text of the outlines whose code has ``properties`` (merged with ``code``),
    coordinates rounded; written by GEOS, not parsed and re-dumped (a province is 1 MB)."""
    frame = features.loc[features["code"].isin(set(properties)), ["code", "geometry"]]
    rounded = shapely.transform(frame.geometry.to_numpy(), lambda xy: np.round(xy, COORD_DECIMALS))
    shapes = shapely.to_geojson(rounded)
    parts = [
        f'{{"type":"Feature","geometry":{shape},'
        f'"properties":{_script_json({"code": code, **properties[code]})}}}'
        for code, shape in zip(frame["code"], shapes, strict=True)
    ]
    return '{"type":"FeatureCollection","features":[' + ",".join(parts) + "]}"


def _script_json(value: Any) -> str:
    """JSON to embed in a <script> (no '</' that would end it early)."""
    return json.dumps(value, ensure_ascii=False, separators=(",", ":")).replace("</", "<\\/")


class _Raw(Element):
    """Text put into the page as it is. Branca reads what an element renders as a template once
    more, so names holding '{{' would be evaluated by Jinja, and the outlines' hundreds of kB
    would be parsed on every map: this element's template only inserts the text."""

    _template = Template("{{ this.text }}")

    def __init__(self, text: str) -> None:
        super().__init__()
        self._name = "Raw"
        self.text = text


class _DataScript(MacroElement):
    """A few lines of script run with the map and one data array (labels, routes, bases)."""

    def __init__(self, code: str, data: Any = None, data_json: str = "") -> None:
        super().__init__()
        self._name = "DataScript"
        self.code = code
        self.data = data_json or _script_json(data)

    def render(self, **kwargs: Any) -> str:
        """Add the script to the page (as raw text, see :class:`_Raw`)."""
        parent: Any = self._parent
        root: Any = self.get_root()
        call = f"({self.code})({parent.get_name()}, {self.data});"
        root.script.add_child(_Raw(call), name=self.get_name())
        return ""


#: The commune outlines: filled by ``fill``, tooltip and popup bound, outlined on hover, tagged
#: ``commune-shape`` with ``data-code`` once drawn.
_OUTLINES_JS = """
function (map, data) {
  var layer = L.geoJSON(data.shapes, {
    style: function (f) {
      return {fillColor: f.properties.fill, color: '#555', weight: 1, fillOpacity: data.opacity};
    },
    onEachFeature: function (f, l) {
      l.bindPopup(f.properties.popup, {maxWidth: 320});
      l.bindTooltip(f.properties.tip, {sticky: true});
      l.on('mouseover', function () { l.setStyle({weight: 3, color: '#000'}); l.bringToFront(); });
      l.on('mouseout', function () { layer.resetStyle(l); });
      l.on('add', function () {
        var el = l.getElement && l.getElement();
        if (el) {
          el.classList.add('commune-shape');
          el.setAttribute('data-code', f.properties.code);
        }
      });
    }
  }).addTo(map);
}
"""


def _add_outlines(
    fmap: folium.Map, features: Any, properties: Mapping[str, Mapping[str, Any]], opacity: float
) -> None:
    """The commune outlines, per code its ``fill``, ``tip`` and ``popup``."""
    shapes = outlines_geojson(features, properties)
    data = f'{{"shapes":{shapes},"opacity":{opacity}}}'
    _DataScript(_OUTLINES_JS, data_json=data).add_to(fmap)


#: Labels in their own pane (above the outlines, never catching the mouse), each shown from its
#: zoom level on (``d[3]``; null: never).
_LABEL_JS = """
function (map, labels) {
  var pane = map.createPane('commune-labels');
  pane.style.zIndex = 450;
  pane.style.pointerEvents = 'none';
  var markers = labels.map(function (d) {
    return L.marker([d[0], d[1]], {
      pane: 'commune-labels', interactive: false, keyboard: false,
      icon: L.divIcon({className: 'commune-label-anchor', iconSize: null,
        html: '<div class="commune-label" data-code="' + d[4] + '">' + d[2] + '</div>'})
    });
  });
  function update() {
    var zoom = map.getZoom();
    markers.forEach(function (marker, i) {
      var show = labels[i][3] !== null && labels[i][3] <= zoom + 1e-6;
      if (show && !map.hasLayer(marker)) { marker.addTo(map); }
      if (!show && map.hasLayer(marker)) { map.removeLayer(marker); }
    });
  }
  map.on('zoomend', update);
  map.whenReady(update);
}
"""

#: Route lines ([points, colour, weight, tooltip]) and team bases ([lat, lon, colour, tooltip]).
_PLAN_JS = """
function (map, data) {
  data.routes.forEach(function (r) {
    L.polyline(r[0], {color: r[1], weight: r[2], opacity: 0.75, className: 'route-line'})
      .bindTooltip(r[3], {sticky: true}).addTo(map);
  });
  data.bases.forEach(function (b) {
    L.circleMarker([b[0], b[1]], {radius: 7, color: '#000', weight: 2, fillColor: b[2],
      fillOpacity: 1, className: 'team-base'}).bindTooltip(b[3]).addTo(map);
  });
}
"""


#: Intake points ([lat, lon, tooltip, popup, visited, point id]): small markers above the
#: outlines, tagged ``intake-point`` with ``data-point``.
_POINTS_JS = """
function (map, points) {
  var pane = map.createPane('intake-points');
  pane.style.zIndex = 460;
  points.forEach(function (p) {
    var m = L.circleMarker([p[0], p[1]], {pane: 'intake-points', radius: 5, color: '#222',
      weight: 1.5, fillColor: p[4] ? '#ffd400' : '#ffffff', fillOpacity: 1,
      className: 'intake-point'}).bindTooltip(p[2]).bindPopup(p[3], {maxWidth: 320});
    m.on('add', function () {
      var el = m.getElement && m.getElement();
      if (el) { el.setAttribute('data-point', p[5]); }
    });
    m.addTo(map);
  });
}
"""


def point_markers(
    scenario: Scenario, lang: str = "vi", visits: Mapping[str, Sequence[Any]] | None = None
) -> list[list[Any]]:
    """The listed intake points as marker data (none when no commune lists points): where, the
    name, a popup (commune, kind, landmark, backlog, visit dates), visited or not, the id."""
    if not scenario.has_listed_points:
        return []
    backlogs = scenario.point_backlogs
    out: list[list[Any]] = []
    for point in scenario.points:
        if point.location is None or point.implicit:
            continue
        commune = scenario.commune(point.commune_code)
        dates = sorted({v.date for v in (visits or {}).get(point.point_id, ())})
        lines = [
            f"<b>{html.escape(point.name)}</b>",
            html.escape(commune.name),
            html.escape(point.kind.label_vi if lang == "vi" else point.kind.label_en),
        ]
        if point.landmark:
            lines.append(html.escape(point.landmark))
        lines.append(
            html.escape(f"{label('collectable', lang)}: {fmt_int(backlogs[point.point_id], lang)}")
        )
        if dates:
            days = ", ".join(fmt_date(d, lang) for d in dates)
            lines.append(html.escape(f"{label('visit_dates', lang)}: {days}"))
        tip = html.escape(f"{point.name} ({short_name(commune.name)})")
        where = point.location
        out.append([where.lat, where.lon, tip, "<br>".join(lines), bool(dates), point.point_id])
    return out


def _add_points(
    fmap: folium.Map,
    scenario: Scenario,
    lang: str,
    visits: Mapping[str, Sequence[Any]] | None = None,
) -> None:
    """The intake points as markers inside the commune outlines (nothing without listed
    points)."""
    data = point_markers(scenario, lang, visits)
    if data:
        _DataScript(_POINTS_JS, data).add_to(fmap)


def _add_labels(fmap: folium.Map, scenario: Scenario) -> None:
    """Commune short names that do not collide (see :mod:`planning.report.labels`)."""
    data = [
        [
            lab.lat,
            lab.lon,
            html.escape(lab.text),
            None if lab.min_zoom == math.inf else round(max(lab.min_zoom, -1.0), 3),
            html.escape(lab.code),
        ]
        for lab in commune_labels(scenario)
    ]
    _DataScript(_LABEL_JS, data).add_to(fmap)


def _legend_box(title: str, items: list[str], note: str = "") -> str:
    """The legend box (top right) and the label style shared by every map of the tool."""
    foot = f"<div style='color:#555;font-size:11px'>{html.escape(note)}</div>" if note else ""
    return (
        "<details open class='map-legend' style='position:absolute;top:10px;right:10px;"
        "z-index:1000;background:rgba(255,255,255,.92);padding:6px 9px;border:1px solid #999;"
        "font:12px/1.5 sans-serif;max-height:calc(100% - 40px);overflow-y:auto'>"
        f"<summary style='cursor:pointer'><b>{html.escape(title)}</b></summary>"
        f"{''.join(items)}{foot}</details>"
        "<style>.map-legend i{display:inline-block;width:14px;height:12px;margin-right:6px;"
        "border:1px solid #777;vertical-align:middle}"
        ".map-legend i.dot{border-radius:50%;border:2px solid #000;width:10px;height:10px}"
        ".commune-label-anchor{background:none;border:none}"
        f".commune-label{{font:{FONT_PX}px/{LINE_PX}px sans-serif;color:#222;"
        "text-shadow:0 0 3px #fff,0 0 3px #fff;padding:0 1px;"
        "white-space:nowrap;pointer-events:none;transform:translate(-50%,-50%);display:inline-block}"
        "</style>"
    )


def add_shapes(
    fmap: folium.Map,
    features: Any,
    properties: Mapping[str, Mapping[str, Any]],
    opacity: float = 0.8,
) -> None:
    """Outlines of other maps (the national map's provinces): per ``code`` of ``features`` its
    ``fill`` colour, ``tip`` and ``popup`` (HTML, escaped by the caller), as the communes are
    drawn here."""
    _add_outlines(fmap, features, properties, opacity)


def add_point_labels(fmap: folium.Map, labels: Sequence[tuple[float, float, str, str]]) -> None:
    """Labels (lat, lon, text, code) shown at every zoom, styled like the commune names."""
    data = [
        [lat, lon, html.escape(text), -1.0, html.escape(code)] for lat, lon, text, code in labels
    ]
    _DataScript(_LABEL_JS, data).add_to(fmap)


def add_legend(
    fmap: folium.Map, title: str, items: Sequence[tuple[str, str]], note: str = ""
) -> None:
    """The legend box of the tool's maps with (colour, text) items."""
    rows = [
        f"<div><i style='background:{colour}'></i>{html.escape(text)}</div>"
        for colour, text in items
    ]
    _root(fmap).html.add_child(_Raw(_legend_box(title, rows, note)))


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
    return _legend_box(title, items, label("labels_note", lang))


def legend_width_px(texts: Sequence[str]) -> int:
    """About how wide the legend box is (to keep the area clear of it when the map opens)."""
    longest = max((len(t) for t in texts), default=0)
    return min(280, 40 + 7 * longest)


def base_map(
    features: Any, tile_url: str = "", attribution: str = "", legend_px: int = 0
) -> folium.Map:
    """An empty map fitted to the features, leaving ``legend_px`` free on the right for the
    legend (which the reader can also fold away); no tiles unless a tile URL is given."""
    minx, miny, maxx, maxy = (float(v) for v in features.total_bounds)
    fmap = blank_map(tile_url, attribution)
    fmap.fit_bounds([[miny, minx], [maxy, maxx]], padding_bottom_right=(legend_px, 0))
    return fmap


class _MapSetup(MacroElement):
    """The map's scale in metres and kilometres only (Leaflet adds miles by default) and the
    plain "Leaflet" credit (Leaflet 1.9 puts a national flag in it, out of place on a document
    for a People's Committee). A template macro, so that the maps drawn by ``st_folium`` (the
    picking maps), which run only such macros, get it too."""

    _template = Template(
        """{% macro script(this, kwargs) %}
        {{ this._parent.get_name() }}.attributionControl.setPrefix('Leaflet');
        L.control.scale({imperial: false}).addTo({{ this._parent.get_name() }});
        {% endmacro %}"""
    )

    def __init__(self) -> None:
        super().__init__()
        self._name = "MapSetup"


def blank_map(
    tile_url: str = "",
    attribution: str = "",
    view: tuple[tuple[float, float], float] | None = None,
) -> folium.Map:
    """The one way every map of the tool starts: no tiles unless a tile URL is given, a metric
    scale, and a plain "Leaflet" credit (:class:`_MapSetup`). ``view``: the centre (lat, lon)
    and zoom it opens at (:func:`view_of_bounds`) — a map drawn in a hidden tab has no size, so
    fitting its bounds there would show the whole world."""
    fmap = folium.Map(
        location=list(view[0]) if view else None,
        # folium types it int; Leaflet takes fractions (zoomSnap 0.25).
        zoom_start=view[1] if view else 1,  # type: ignore[arg-type]
        tiles=None,
        control_scale=False,
        prefer_canvas=False,
        zoom_snap=0.25,
    )
    if tile_url:
        folium.TileLayer(tile_url, attr=attribution or "tiles", name="tiles").add_to(fmap)
    _MapSetup().add_to(fmap)
    return fmap


def view_of_bounds(
    south: float, west: float, north: float, east: float, width_px: int, height_px: int
) -> tuple[tuple[float, float], float]:
    """The centre and the zoom (a multiple of 0.25, at most 16) at which the box fits a map of
    ``width_px`` × ``height_px`` pixels with a margin (Web Mercator, 256-pixel tiles)."""
    margin = 24

    def mercator_y(lat: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(max(-85.0, min(85.0, lat))) / 2))

    lon_share = max(east - west, 1e-6) / 360.0
    lat_share = max(mercator_y(north) - mercator_y(south), 1e-6) / (2 * math.pi)
    fit_x = math.log2(max(width_px - 2 * margin, 64) / 256.0 / lon_share)
    fit_y = math.log2(max(height_px - 2 * margin, 64) / 256.0 / lat_share)
    zoom = max(1.0, min(16.0, math.floor(min(fit_x, fit_y) * 4) / 4))
    return ((south + north) / 2, (west + east) / 2), zoom


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
    fmap = base_map(features, tile_url, legend_px=legend_width_px([label("labels_note", lang)]))
    properties = {
        c.code: {
            "fill": classes.colour(metric_value(c, metric)),
            "tip": html.escape(c.name),
            "popup": commune_popup_html(c, lang, (visits or {}).get(c.code, ())),
        }
        for c in scenario.communes
    }
    _add_outlines(fmap, features, properties, 0.8)
    _add_points(fmap, scenario, lang)
    if show_labels:
        _add_labels(fmap, scenario)
    _root(fmap).html.add_child(_Raw(_legend_html(label(metric, lang), classes, metric, lang)))
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


def stop_location(scenario: Scenario, point_id: str, commune_code: str = "") -> Any:
    """Where a stop is: its intake point's location, else its commune's venue (or None)."""
    try:
        return scenario.point(point_id).location
    except KeyError:
        pass
    try:
        return scenario.commune(commune_code or point_id).venue
    except KeyError:
        return None


def _route_points(scenario: Scenario, day: TeamDay, start: Any) -> list[list[float]]:
    """Base (or where the team slept) → each stop's intake point → base, as [lat, lon] pairs."""
    points = [[start.lat, start.lon]]
    team = scenario.team(day.team_id)
    for stop in day.stops:
        if stop.is_base:
            points.append([team.base.lat, team.base.lon])
            continue
        venue = stop_location(scenario, stop.point, stop.commune_code)
        if venue is not None:
            points.append([venue.lat, venue.lon])
    return points


@dataclass(frozen=True)
class RouteLine:
    """One line on the plan map: a team's route, driven on one or more dates."""

    team_id: str
    points: tuple[tuple[float, float], ...]
    dates: tuple[Any, ...]
    days: tuple[TeamDay, ...]


def route_lines(scenario: Scenario, plan: Plan, shown: Sequence[TeamDay]) -> list[RouteLine]:
    """The routes of the team-days ``shown``; a team's route driven on several dates is one
    line (the whole plan of a province repeats many routes). Starts where the team slept."""
    last_night: dict[str, Any] = {}
    wanted = {(d.team_id, d.date) for d in shown}
    grouped: dict[tuple[str, tuple[tuple[float, float], ...]], list[TeamDay]] = {}
    for day in sorted(plan.team_days, key=lambda d: (d.team_id, d.date)):
        team = scenario.team(day.team_id)
        start = last_night.pop(day.team_id, team.base)
        if day.overnight_at:
            last_night[day.team_id] = stop_location(scenario, day.overnight_at) or team.base
        if (day.team_id, day.date) not in wanted:
            continue
        points = tuple(
            (round(lat, COORD_DECIMALS), round(lon, COORD_DECIMALS))
            for lat, lon in _route_points(scenario, day, start)
        )
        grouped.setdefault((day.team_id, points), []).append(day)
    return [
        RouteLine(team_id, points, tuple(d.date for d in days), tuple(days))
        for (team_id, points), days in grouped.items()
    ]


def route_weight(dates: int) -> float:
    """Line width of a route driven on ``dates`` dates: thin (1.5 px, so a province's many
    routes from one base stay apart), a little wider the more often it is driven (at most 4)."""
    return min(4.0, 1.5 + 0.5 * math.log2(max(1, dates)))


def _route_tip(line: RouteLine, scenario: Scenario, lang: str) -> str:
    """'12/09/2025 — Tổ 1: Cao Chương (120) → Đàm Thủy (80)', or for a route driven on several
    dates its stops, how many dates and which."""
    team = scenario.team(line.team_id)
    if len(line.days) == 1:
        day = line.days[0]
        return f"{fmt_date(day.date, lang)} — {team.name}: {day_summary(day, scenario)}"
    names = " → ".join(
        stop_place(scenario, s, short=True) for s in line.days[0].stops if not s.is_base
    )
    dates = ", ".join(fmt_date(d, lang)[:5] for d in line.dates[:6])
    more = ", …" if len(line.dates) > 6 else ""
    count = tr(lang, f"{len(line.dates)} ngày", f"{len(line.dates)} days")
    return f"{team.name}: {names} — {count} ({dates}{more})"


def _plan_overlay(
    scenario: Scenario,
    plan: Plan,
    shown: Sequence[TeamDay],
    teams: Sequence[Team],
    colours: Mapping[str, str],
    lang: str,
) -> dict[str, Any]:
    """The data of the route lines and base dots."""
    routes = [
        [
            [list(p) for p in line.points],
            colours[line.team_id],
            route_weight(len(line.dates)),
            html.escape(_route_tip(line, scenario, lang)),
        ]
        for line in route_lines(scenario, plan, shown)
    ]
    bases = []
    for (lat, lon), members in bases_of(teams).items():
        place = members[0].base_name or members[0].name
        names = ", ".join(t.name for t in members)
        bases.append([lat, lon, colours[members[0].team_id], html.escape(f"{place}: {names}")])
    return {"routes": routes, "bases": bases}


def _plan_legend(teams: Sequence[Team], colours: Mapping[str, str], lang: str, title: str) -> str:
    items = [
        f"<div><i style='background:{colours[t.team_id]}'></i>{html.escape(t.name)}</div>"
        for t in teams
    ]
    none = tr(lang, "Không có lịch trong thời gian chọn", "No visit in this period")
    items.append(f"<div><i style='background:{NO_DATA}'></i>{html.escape(none)}</div>")
    items.append(f"<div><i class='dot' style='background:#fff'></i>{label('base', lang)}</div>")
    return _legend_box(title, items, label("labels_note", lang))


def team_colours(scenario: Scenario) -> dict[str, str]:
    """Each team's colour on the maps (in scenario order)."""
    return {t.team_id: team_colour(i) for i, t in enumerate(scenario.teams)}


def plan_map(
    scenario: Scenario,
    features: Any,
    plan: Any,
    lang: str = "vi",
    tile_url: str = "",
    days: Sequence[Any] | None = None,
    title: str = "",
    team_ids: Collection[str] | None = None,
) -> folium.Map:
    """The plan on the map: communes coloured by the team that visits them, routes from base.

    ``days`` limits the team-days shown (a day or a week), ``team_ids`` the teams; ``None`` shows
    all. Popups list every planned visit of the commune (date, team, applications) whatever the
    filter.
    """
    colours = team_colours(scenario)
    team_names = {t.team_id: t.name for t in scenario.teams}
    wanted = set(days) if days is not None else None
    teams = [t for t in scenario.teams if team_ids is None or t.team_id in team_ids]
    shown_teams = {t.team_id for t in teams}
    shown = [
        d
        for d in plan.team_days
        if d.applications > 0 and (wanted is None or d.date in wanted) and d.team_id in shown_teams
    ]
    first_team: dict[str, str] = {}
    for day in sorted(shown, key=lambda d: d.date):
        for visit in day.visits():
            first_team.setdefault(visit.commune_code, day.team_id)
    all_visits: dict[str, list[Any]] = {}
    for visit in plan.visits():
        if visit.applications > 0:
            all_visits.setdefault(visit.commune_code, []).append(visit)
    properties = {
        c.code: {
            "fill": colours[first_team[c.code]] if c.code in first_team else NO_DATA,
            "tip": html.escape(c.name),
            "popup": _plan_popup(c, lang, all_visits.get(c.code, []), team_names),
        }
        for c in scenario.communes
    }
    legend_px = legend_width_px([t.name for t in teams] + [label("labels_note", lang)])
    fmap = base_map(features, tile_url, legend_px=legend_px)
    _add_outlines(fmap, features, properties, 0.55)
    _DataScript(_PLAN_JS, _plan_overlay(scenario, plan, shown, teams, colours, lang)).add_to(fmap)
    by_point: dict[str, list[Any]] = {}
    for visit in plan.visits():
        if visit.applications > 0:
            by_point.setdefault(visit.point, []).append(visit)
    _add_points(fmap, scenario, lang, by_point)
    _add_labels(fmap, scenario)
    legend_title = title or tr(lang, "Tổ phụ trách", "Team")
    _root(fmap).html.add_child(_Raw(_plan_legend(teams, colours, lang, legend_title)))
    return fmap
