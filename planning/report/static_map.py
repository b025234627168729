"""A static map image of the plan (PNG, no tiles, no internet) for printed documents.

Drawn with matplotlib from the boundary features: each commune filled with the colour of the team
that visits it first, short names at the venues where they fit (most backlog first, none
overlapping: :func:`draw_labels`), team bases as black-edged dots (one per place, however many
teams share it). With many teams (a province) the legend goes below the map in columns.

Every figure is a :class:`matplotlib.figure.Figure` on its own Agg canvas (:func:`new_figure`),
never one managed by ``pyplot``: the app builds documents in threads while Streamlit closes every
pyplot figure at the end of each page run (``plt.close("all")``), which would swap the canvas of
a figure being drawn for a bare one (``'FigureCanvasBase' object has no attribute
'get_renderer'``). A figure of its own is freed with its last reference.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

from matplotlib.axes import Axes
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from planning.domain import Plan, Scenario
from planning.report.labels import keep_clear, label_order
from planning.report.plan_views import bases_of, short_name, team_colour
from planning.wording import tr

UNVISITED = "#e0e0e0"
#: Legend inside the map (lower left) up to this many entries, else below it in columns.
LEGEND_INSIDE_MAX = 6
LABEL_BOX = {"boxstyle": "round,pad=0.1", "fc": "white", "alpha": 0.6, "lw": 0}


def new_figure(width_in: float, height_in: float, dpi: int) -> tuple[Figure, Axes]:
    """A figure on its own Agg canvas (not known to ``pyplot``) and its one axes."""
    fig = Figure(figsize=(width_in, height_in), dpi=dpi)
    FigureCanvasAgg(fig)
    return fig, fig.add_subplot()


def png_bytes(fig: Figure) -> bytes:
    """The figure as PNG bytes, cropped to what is drawn."""
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", bbox_inches="tight")
    return buffer.getvalue()


def fill_colours(scenario: Scenario, plan: Plan, codes: list[str]) -> list[str]:
    """Per feature code: the colour of the team that visits the commune first."""
    colours = {t.team_id: team_colour(i) for i, t in enumerate(scenario.teams)}
    first: dict[str, str] = {}
    for day in sorted(plan.team_days, key=lambda d: d.date):
        for visit in day.visits():
            if visit.applications > 0:
                first.setdefault(visit.commune_code, colours[day.team_id])
    return [first.get(code, UNVISITED) for code in codes]


def draw_labels(
    fig: Any,
    ax: Any,
    items: Sequence[tuple[float, float, str]],
    fontsize: float = 6.5,
    avoid: Sequence[Any] = (),
) -> int:
    """Draw ``(x, y, text)`` labels, most important first, leaving out every label whose box
    would overlap one already drawn or an artist of ``avoid`` (the legend), measured at the
    image's own scale; the count drawn.

    Call it once the map's extent is final (after plotting the outlines).
    """
    ax.set_aspect("equal")
    ax.apply_aspect()
    texts = [
        ax.annotate(text, (x, y), fontsize=fontsize, ha="center", va="center", bbox=LABEL_BOX)
        for x, y, text in items
    ]
    renderer = fig.canvas.get_renderer()
    boxes = []
    for artist in (*avoid, *texts):
        extent = artist.get_window_extent(renderer).expanded(1.08, 1.15)
        boxes.append((extent.x0, extent.y0, extent.x1, extent.y1))
    kept = {i - len(avoid) for i in keep_clear(boxes)}
    for i, text in enumerate(texts):
        if i not in kept:
            text.remove()
    return len(kept & set(range(len(texts))))


def venue_labels(scenario: Scenario) -> list[tuple[float, float, str]]:
    """(lon, lat, short name) of every commune with a venue, most collectable backlog first."""
    out = []
    for i in label_order(scenario):
        commune = scenario.communes[i]
        if commune.venue is not None:
            out.append((commune.venue.lon, commune.venue.lat, short_name(commune.name)))
    return out


def place_legend(ax: Any, handles: list[Any], **kwargs: Any) -> None:
    """The legend inside the map when it is short, below the map in columns when long."""
    if len(handles) <= LEGEND_INSIDE_MAX:
        ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9, **kwargs)
        return
    ax.legend(
        handles=handles,
        loc="upper center",
        bbox_to_anchor=(0.5, -0.01),
        ncol=3 if len(handles) > 8 else 2,
        fontsize=7,
        frameon=False,
        **kwargs,
    )


def plan_map_png(
    scenario: Scenario,
    features: Any,
    plan: Plan,
    lang: str = "vi",
    width_in: float = 6.5,
    dpi: int = 150,
) -> bytes:
    """The PNG bytes of the plan map (communes by team, labels, bases, legend; the listed intake
    points as small dots, yellow where the plan goes)."""
    frame = features[features["code"].isin([c.code for c in scenario.communes])]
    fig, ax = new_figure(width_in, width_in * 0.8, dpi)
    frame.plot(
        ax=ax,
        color=fill_colours(scenario, plan, list(frame["code"])),
        edgecolor="#555555",
        linewidth=0.5,
    )
    ax.set_axis_off()
    colours = {t.team_id: team_colour(i) for i, t in enumerate(scenario.teams)}
    for (lat, lon), members in bases_of(scenario.teams).items():
        ax.plot(lon, lat, "o", ms=7, mfc=colours[members[0].team_id], mec="black", zorder=2.5)
    visited = {v.point for v in plan.visits() if v.applications > 0}
    for point in scenario.points if scenario.has_listed_points else ():
        if point.location is not None and not point.implicit:
            fill = "#ffd400" if point.point_id in visited else "white"
            ax.plot(
                point.location.lon,
                point.location.lat,
                "o",
                ms=3.5,
                mfc=fill,
                mec="#222",
                mew=0.6,
                zorder=2.4,
            )
    handles = [
        Patch(facecolor=colours[t.team_id], edgecolor="#555", label=t.name) for t in scenario.teams
    ]
    handles.append(
        Patch(facecolor=UNVISITED, edgecolor="#555", label=tr(lang, "Không có lịch", "No visit"))
    )
    place_legend(ax, handles)
    draw_labels(fig, ax, venue_labels(scenario), avoid=[ax.get_legend()])
    return png_bytes(fig)
