"""What the Data page shows of a scenario: the per-commune table and the map to place team bases.

Built here so the page only renders: the table is a :class:`planning.report.tables.Table` with the
shared column labels, the map a Folium map that loads Leaflet from the app itself (never from the
internet).
"""

from __future__ import annotations

import html
import re
from typing import TYPE_CHECKING, Any

from planning.domain import Scenario
from planning.formatting import fmt_int
from planning.report.tables import Table

if TYPE_CHECKING:  # folium is imported when a map is drawn: the Data page opens without it
    import folium

#: The outline of every commune on the base picker.
OUTLINE_STYLE = {"color": "#555", "weight": 1, "fillColor": "#9ecae1", "fillOpacity": 0.15}
BASE_COLOUR, CHOSEN_COLOUR = "#2171b5", "#d7301f"


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


def base_picker_map(
    scenario: Scenario, features: Any, selected: str, tile_url: str = ""
) -> folium.Map:
    """A small map of the area: commune outlines and the teams' bases as circles, the base of
    ``selected`` drawn on top in another colour."""
    import folium

    from planning.report.maps import blank_map
    from planning.report.offline import use_local_assets

    fmap = blank_map(tile_url)
    points = [(t.base.lat, t.base.lon) for t in scenario.teams]
    points += [(c.venue.lat, c.venue.lon) for c in scenario.communes if c.venue is not None]
    if features is not None and len(features):
        shown = features[["code", "name", "geometry"]].copy()
        shown["name"] = [template_inert(str(n)) for n in shown["name"]]
        folium.GeoJson(
            shown.to_json(),
            name="communes",
            style_function=lambda _: dict(OUTLINE_STYLE),
            highlight_function=None,
            tooltip=folium.GeoJsonTooltip(fields=["name"], labels=False),
        ).add_to(fmap)
        minx, miny, maxx, maxy = (float(v) for v in features.total_bounds)
        points += [(miny, minx), (maxy, maxx)]
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
    if points:
        lats, lons = [p[0] for p in points], [p[1] for p in points]
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]])
    return use_local_assets(fmap)
