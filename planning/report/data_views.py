"""What the Data page shows of a scenario: the per-commune table and the map to place team bases.

Built here so the page only renders: the table is a :class:`planning.report.tables.Table` with the
shared column labels, the map a Folium map that loads Leaflet from the app itself (never from the
internet).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from shapely.geometry import Point

from planning.domain import Scenario
from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.io.communes_csv import REASON_COLUMNS
from planning.report.tables import Table
from planning.wording import label

if TYPE_CHECKING:
    import folium

if TYPE_CHECKING:  # folium is imported when a map is drawn: the Data page opens without it
    import folium

#: The outline of every commune on the base picker.
OUTLINE_STYLE = {"color": "#555", "weight": 1, "fillColor": "#9ecae1", "fillOpacity": 0.15}
BASE_COLOUR, CHOSEN_COLOUR = "#2171b5", "#d7301f"
#: The base-picking map's size on the page (a third of the width is the team list), as its
#: opening view assumes it.
BASE_MAP_PX = (440, 360)


def commune_table(scenario: Scenario, lang: str = "vi") -> Table:
    """Per commune: not yet issued (estimates starred), % not issued, collectable backlog and the
    earliest date a team may come."""
    return Table.build(
        [
            ("code", "text"),
            ("name", "text"),
            ("not_issued", "text"),
            ("pct", "pct"),
            ("collectable", "int"),
            ("earliest", "date"),
        ],
        [
            (
                c.code,
                c.name,
                _starred(c.not_issued, c.is_estimated("not_issued"), lang),
                c.pct_not_issued,
                c.collectable_backlog,
                scenario.earliest_date(c),
            )
            for c in scenario.communes
        ],
        lang,
    )


def check_table(scenario: Scenario, lang: str = "vi") -> Table:
    """Every figure of every commune, then the area's totals (``python -m planning check``):
    citizens of ID age, issued, not yet issued, % not issued, not collectable by a visit,
    collectable, the earliest visit. Estimated figures are starred; an unknown total is "—"."""
    rows = []
    for c in scenario.communes:
        reasons = [r.value for r in c.non_collectable] or list(REASON_COLUMNS)
        rows.append(
            (
                c.code,
                c.name,
                _starred(c.of_age, c.is_estimated("of_age"), lang),
                _starred(c.issued, c.is_estimated("issued"), lang),
                _starred(c.not_issued, c.is_estimated("not_issued"), lang),
                fmt_pct(c.pct_not_issued, 2, lang),
                _starred(c.non_collectable_total, any(map(c.is_estimated, reasons)), lang),
                _starred(
                    c.collectable_backlog,
                    any(map(c.is_estimated, ("not_issued", *reasons))),
                    lang,
                ),
                fmt_date(scenario.earliest_date(c), lang),
            )
        )
    known_age = [c.of_age for c in scenario.communes if c.of_age is not None]
    known_issued = [c.issued for c in scenario.communes if c.issued is not None]
    rows.append(
        (
            "",
            label("total", lang),
            fmt_int(sum(known_age) if known_age else None, lang),
            fmt_int(sum(known_issued) if known_issued else None, lang),
            fmt_int(scenario.not_issued, lang),
            "",
            fmt_int(sum(c.non_collectable_total for c in scenario.communes), lang),
            fmt_int(scenario.collectable_backlog, lang),
            "",
        )
    )
    keys = ("code", "name", "of_age", "issued", "not_issued", "pct", "non_collectable")
    return Table.build([(k, "text") for k in (*keys, "collectable", "earliest")], rows, lang)


def _starred(value: int | None, estimated: bool, lang: str) -> str:
    return fmt_int(value, lang) + ("*" if estimated else "")


def base_class(team_id: str, chosen: bool) -> str:
    """'team-base team-base-T2 team-base-chosen': lets the browser test find a team's circle."""
    safe = re.sub(r"[^0-9A-Za-z_-]", "_", team_id)
    return f"team-base team-base-{safe}" + (" team-base-chosen" if chosen else "")


def template_inert(text: str) -> str:
    """``text`` as it reads, but never Jinja syntax: folium's elements are rendered through Jinja
    again, so a name holding ``{{`` or ``{%`` would be evaluated (or break the map). A zero-width
    space after each ``{`` that starts such a tag keeps it inert and looks the same."""
    return re.sub(r"\{(?=[{%#])", "{\u200b", text)


def add_outlines(fmap: Any, features: Any) -> None:
    """The communes' outlines on a picking map, named in a tooltip (names inert as templates)."""
    import folium

    shown = features[["code", "name", "geometry"]].copy()
    shown["name"] = [template_inert(str(n)) for n in shown["name"]]
    folium.GeoJson(
        shown.to_json(),
        name="communes",
        style_function=lambda _: dict(OUTLINE_STYLE),
        highlight_function=None,
        tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
    ).add_to(fmap)


def base_picker_map(
    scenario: Scenario, features: Any, selected: str, tile_url: str = ""
) -> folium.Map:
    """A small map of the area: commune outlines and the teams' bases as circles, the base of
    ``selected`` drawn on top in another colour. It opens on the area and the bases (centre and
    zoom set, not fitted: the Teams tab may be hidden when the map is drawn, and a map fitted
    with no size shows the whole world)."""
    # The map alone loads folium: the tables above stay quick to import (the CLI's check).
    import folium

    from planning.report.maps import blank_map, view_of_bounds
    from planning.report.offline import use_local_assets

    points = [(t.base.lat, t.base.lon) for t in scenario.teams]
    points += [(c.venue.lat, c.venue.lon) for c in scenario.communes if c.venue is not None]
    if features is not None and len(features):
        minx, miny, maxx, maxy = (float(v) for v in features.total_bounds)
        points += [(miny, minx), (maxy, maxx)]
    lats, lons = [p[0] for p in points] or [16.0], [p[1] for p in points] or [106.0]
    view = view_of_bounds(min(lats), min(lons), max(lats), max(lons), *BASE_MAP_PX)
    fmap = blank_map(tile_url, view=view)
    if features is not None and len(features):
        add_outlines(fmap, features)
    # The chosen team last, so its circle is drawn on top of a shared base.
    for team in sorted(scenario.teams, key=lambda x: x.team_id == selected):
        chosen = team.team_id == selected
        folium.CircleMarker(
            [team.base.lat, team.base.lon],
            radius=9 if chosen else 6,
            color="#000",
            weight=2,
            fill=True,
            fill_color=CHOSEN_COLOUR if chosen else BASE_COLOUR,
            fill_opacity=1,
            tooltip=template_inert(html.escape(f"{team.team_id} — {team.base_name or team.name}")),
            class_name=base_class(team.team_id, chosen),
        ).add_to(fmap)
    return use_local_assets(fmap)


#: Colours of the intake points on the Data page's map: listed points, the one chosen, and the
#: venue of a commune that lists none (its only point).
POINT_COLOUR, VENUE_COLOUR = "#ffd400", "#bdbdbd"


def point_class(point_id: str, chosen: bool) -> str:
    """'intake-point intake-point-23710-2': lets the browser test find a point's marker."""
    safe = re.sub(r"[^0-9A-Za-z_-]", "_", point_id)
    return f"intake-point intake-point-{safe}" + (" intake-point-chosen" if chosen else "")


def points_picker_map(
    scenario: Scenario, features: Any, selected: str = "", tile_url: str = ""
) -> folium.Map:
    """The area with every intake point: outlines, listed points (the ``selected`` one larger,
    in red) and the venue of each commune that lists none (grey). A click places a point."""
    import folium

    from planning.report.maps import blank_map
    from planning.report.offline import use_local_assets

    fmap = blank_map(tile_url)
    spots = [(p.location.lat, p.location.lon) for p in scenario.points if p.location is not None]
    if features is not None and len(features):
        add_outlines(fmap, features)
        minx, miny, maxx, maxy = (float(v) for v in features.total_bounds)
        spots += [(miny, minx), (maxy, maxx)]
    names = {c.code: c.name for c in scenario.communes}
    for point in sorted(scenario.points, key=lambda p: p.point_id == selected):
        if point.location is None:
            continue
        chosen = point.point_id == selected
        tip = f"{point.name} — {names[point.commune_code]} ({point.point_id})"
        folium.CircleMarker(
            [point.location.lat, point.location.lon],
            radius=8 if chosen else 5,
            color="#000",
            weight=1.5,
            fill=True,
            fill_color=CHOSEN_COLOUR
            if chosen
            else VENUE_COLOUR
            if point.implicit
            else POINT_COLOUR,
            fill_opacity=1,
            tooltip=template_inert(html.escape(tip)),
            class_name=point_class(point.point_id, chosen),
        ).add_to(fmap)
    if spots:
        lats, lons = [p[0] for p in spots], [p[1] for p in spots]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    return use_local_assets(fmap)


def commune_at(features: Any, lat: float, lon: float) -> str | None:
    """The code of the commune whose outline holds (lat, lon), or ``None``."""
    if features is None or not len(features):
        return None
    spot = Point(lon, lat)
    for code, shape in zip(features["code"], features.geometry, strict=True):
        if shape is not None and shape.covers(spot):
            return str(code)
    return None
