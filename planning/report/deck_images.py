"""The pictures of the slide deck, drawn offline at the slide's own size (PNG, no tiles).

- the coverage map: each commune filled by its share not yet issued (the web map's classes and
  colours, :mod:`planning.report.maps`), its name and share where they fit, legend, scale bar and
  north arrow;
- the plan map: each commune filled with the colour of the team that visits it first, the teams'
  routes, the bases, each visited commune's name and visit dates where they fit;
- the burn-down: backlog left over time, as planned, as actually taken, and re-planned.

Each is a matplotlib :class:`~matplotlib.figure.Figure` on its own Agg canvas, never pyplot's
global state (the app closes pyplot's figures at the end of every page run, which a document made
later, on a download, must not depend on). Maps are drawn in a local transverse Mercator
projection centred on the area (metres, north up), so the scale bar is true. Labels are
decluttered by :func:`planning.report.static_map.draw_labels` (most backlog first, none
overlapping), so a 200-commune province shows the names that fit and no pile of text.
"""

from __future__ import annotations

import datetime as dt
import io
import math
from collections.abc import Mapping, Sequence
from typing import Any

from matplotlib.dates import DateFormatter, date2num
from matplotlib.figure import Figure
from matplotlib.lines import Line2D
from matplotlib.patches import FancyArrow, Patch, Rectangle
from matplotlib.ticker import FuncFormatter, MaxNLocator
from pyproj import Transformer

from planning.campaign.progress import BurnDown
from planning.domain import Plan, Scenario
from planning.formatting import fmt_date, fmt_int, fmt_pct
from planning.report import maps
from planning.report.deck_layout import inert
from planning.report.labels import label_order
from planning.report.plan_views import bases_of, short_name, team_colour, visit_dates_by_commune
from planning.report.progress_views import BURN_DOWN_COLOURS, BURN_DOWN_SERIES
from planning.report.static_map import UNVISITED, draw_labels, fill_colours, new_figure
from planning.wording import deck_word, label

#: Type sizes on the pictures, in points at the slide's scale (the picture is drawn at the size
#: it has on the slide).
MAP_LABEL_PT = 13
LEGEND_PT = 15
AXIS_PT = 16
DPI = 150
#: Share of the picture's width the map takes; the legend stands to its right.
MAP_SHARE = 0.72


def plain(text: str) -> str:
    """User text as matplotlib must draw it: as typed (no mathtext from a ``$``, no control
    characters)."""
    return inert(text).replace("$", r"\$")


def _canvas(width_in: float, height_in: float) -> Figure:
    return new_figure(width_in, height_in, DPI)[0]


def _png(fig: Figure) -> bytes:
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png", dpi=DPI)
    return buffer.getvalue()


def local_projection(frame: Any) -> str:
    """A transverse Mercator projection centred on the features (metres, north up)."""
    min_lon, min_lat, max_lon, max_lat = frame.total_bounds
    lon0, lat0 = (min_lon + max_lon) / 2, (min_lat + max_lat) / 2
    return (
        f"+proj=tmerc +lat_0={lat0:.6f} +lon_0={lon0:.6f} +k=1 +x_0=0 +y_0=0 "
        "+ellps=WGS84 +units=m +no_defs"
    )


def nice_length_m(span_m: float) -> float:
    """A round scale-bar length near a fifth of ``span_m``: 1, 2 or 5 times a power of ten."""
    target = max(span_m / 5, 1.0)
    power = 10 ** math.floor(math.log10(target))
    return max(step * power for step in (1, 2, 5) if step * power <= target)


def scale_bar(ax: Any, length_m: float, lang: str) -> None:
    """A two-part scale bar in the lower right corner, labelled in km (or m)."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    height = (y1 - y0) * 0.012
    left = x1 - (x1 - x0) * 0.04 - length_m
    bottom = y0 + (y1 - y0) * 0.04
    for i, colour in enumerate(("black", "white")):
        ax.add_patch(
            Rectangle(
                (left + i * length_m / 2, bottom),
                length_m / 2,
                height,
                facecolor=colour,
                edgecolor="black",
                linewidth=0.8,
                zorder=5,
            )
        )
    unit = "km" if length_m >= 1000 else "m"
    value = length_m / 1000 if unit == "km" else length_m
    text = f"{fmt_int(value, lang) if float(value).is_integer() else value} {unit}"
    for x, words in ((left, "0"), (left + length_m, text)):
        ax.text(x, bottom + height * 1.8, words, ha="center", va="bottom", fontsize=LEGEND_PT - 2)


def north_arrow(ax: Any, lang: str) -> None:
    """An arrow pointing north in the upper right corner of the map, with its letter."""
    x0, x1 = ax.get_xlim()
    y0, y1 = ax.get_ylim()
    x = x1 - (x1 - x0) * 0.04
    length = (y1 - y0) * 0.08
    top = y1 - (y1 - y0) * 0.1
    ax.add_patch(
        FancyArrow(
            x,
            top - length,
            0,
            length,
            width=length * 0.12,
            head_width=length * 0.42,
            head_length=length * 0.4,
            length_includes_head=True,
            color="black",
            zorder=5,
        )
    )
    ax.text(
        x,
        top + (y1 - y0) * 0.01,
        deck_word("north", lang),
        ha="center",
        va="bottom",
        fontsize=LEGEND_PT + 1,
        fontweight="bold",
    )


def _map_axes(fig: Figure) -> Any:
    """The map's axes: the left part of the picture."""
    ax = fig.add_axes((0.005, 0.01, MAP_SHARE, 0.98))
    ax.set_axis_off()
    return ax


def _fit(ax: Any, frame: Any) -> None:
    """Fit the axes to the features (room below for the scale bar, right for the arrow), one
    metre the same length across and up: the shorter side of the data is widened to the axes'
    own proportions."""
    min_x, min_y, max_x, max_y = frame.total_bounds
    pad_x, pad_y = (max_x - min_x) * 0.05, (max_y - min_y) * 0.06
    x0, x1 = min_x - pad_x, max_x + pad_x * 2
    y0, y1 = min_y - pad_y * 2, max_y + pad_y
    fig_w, fig_h = ax.figure.get_size_inches()
    box = ax.get_position()
    ratio = (box.height * fig_h) / (box.width * fig_w)
    if (y1 - y0) < (x1 - x0) * ratio:
        grow = ((x1 - x0) * ratio - (y1 - y0)) / 2
        y0, y1 = y0 - grow, y1 + grow
    else:
        grow = ((y1 - y0) / ratio - (x1 - x0)) / 2
        x0, x1 = x0 - grow, x1 + grow
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.apply_aspect()


def _legend(fig: Figure, handles: list[Any], title: str = "") -> Any:
    """The legend in the column right of the map (two columns when it is long)."""
    columns = 1 if len(handles) <= 14 else 2
    return fig.legend(
        handles=handles,
        loc="upper left",
        bbox_to_anchor=(MAP_SHARE + 0.02, 0.98),
        fontsize=LEGEND_PT if columns == 1 else LEGEND_PT - 2,
        title=title or None,
        title_fontsize=LEGEND_PT,
        frameon=False,
        ncol=columns,
        alignment="left",
    )


def _finish_map(ax: Any, frame: Any, lang: str) -> None:
    _fit(ax, frame)
    span = ax.get_xlim()[1] - ax.get_xlim()[0]
    scale_bar(ax, nice_length_m(span), lang)
    north_arrow(ax, lang)


def _project(frame: Any, scenario: Scenario) -> tuple[Any, Transformer]:
    crs = local_projection(frame)
    return frame.to_crs(crs), Transformer.from_crs("EPSG:4326", crs, always_xy=True)


def _area(features: Any, scenario: Scenario) -> Any:
    frame = features[features["code"].isin([c.code for c in scenario.communes])]
    if frame.crs is None:
        frame = frame.set_crs("EPSG:4326")
    return frame


def coverage_map_png(
    scenario: Scenario, features: Any, width_in: float, height_in: float, lang: str = "vi"
) -> bytes:
    """The coverage map: share not yet issued per commune, names, legend, scale, north."""
    area = _area(features, scenario)
    frame, to_xy = _project(area, scenario)
    values = [
        v for c in scenario.communes if (v := maps.metric_value(c, "pct_not_issued")) is not None
    ]
    classes = maps.quantile_classes(values)
    by_code = {c.code: c for c in scenario.communes}
    fig = _canvas(width_in, height_in)
    ax = _map_axes(fig)
    frame.plot(
        ax=ax,
        color=[
            classes.colour(maps.metric_value(by_code[code], "pct_not_issued"))
            for code in frame["code"]
        ],
        edgecolor="#555555",
        linewidth=0.6,
    )
    lows = (0.0, *classes.breaks[:-1])
    handles = [
        Patch(
            facecolor=colour,
            edgecolor="#555",
            label=f"{fmt_pct(low, 1, lang)} – {fmt_pct(high, 1, lang)}",
        )
        for low, high, colour in zip(lows, classes.breaks, maps.PALETTE, strict=False)
    ]
    handles.append(
        Patch(facecolor=maps.NO_DATA, edgecolor="#555", label=maps.label("no_data", lang))
    )
    legend = _legend(fig, handles, maps.label("pct_not_issued", lang))
    items = []
    for commune in (scenario.communes[i] for i in label_order(scenario)):
        if commune.venue is None:
            continue
        x, y = to_xy.transform(commune.venue.lon, commune.venue.lat)
        share = commune.pct_not_issued
        text = plain(short_name(commune.name))
        text += "" if share is None else f"\n{fmt_pct(share, 1, lang)}"
        items.append((x, y, text))
    _finish_map(ax, frame, lang)
    draw_labels(fig, ax, items, fontsize=MAP_LABEL_PT, avoid=[legend])
    return _png(fig)


def _date_span(days: Sequence[dt.date], lang: str) -> str:
    """'08/12' or '08/12–10/12' (first and last visit date)."""
    first, last = fmt_date(days[0], lang)[:5], fmt_date(days[-1], lang)[:5]
    return first if first == last else f"{first}–{last}"


def plan_map_png(
    scenario: Scenario,
    features: Any,
    plan: Plan,
    width_in: float,
    height_in: float,
    lang: str = "vi",
) -> bytes:
    """The plan map: communes by team, routes, bases, names with visit dates, legend, scale."""
    area = _area(features, scenario)
    frame, to_xy = _project(area, scenario)
    fig = _canvas(width_in, height_in)
    ax = _map_axes(fig)
    frame.plot(
        ax=ax,
        color=fill_colours(scenario, plan, list(frame["code"])),
        edgecolor="#555555",
        linewidth=0.6,
        alpha=0.55,
    )
    colours = {t.team_id: team_colour(i) for i, t in enumerate(scenario.teams)}
    for line in maps.route_lines(scenario, plan, plan.team_days):
        xs, ys = to_xy.transform([p[1] for p in line.points], [p[0] for p in line.points])
        ax.plot(xs, ys, color=colours[line.team_id], linewidth=1.4, alpha=0.85, zorder=3)
    for (lat, lon), members in bases_of(scenario.teams).items():
        x, y = to_xy.transform(lon, lat)
        ax.plot(x, y, "o", ms=10, mfc=colours[members[0].team_id], mec="black", mew=1.5, zorder=4)
    handles: list[Any] = [
        Patch(facecolor=colours[t.team_id], edgecolor="#555", label=plain(t.name))
        for t in scenario.teams
    ]
    handles.append(Patch(facecolor=UNVISITED, edgecolor="#555", label=deck_word("no_visits", lang)))
    handles.append(
        Line2D(
            [],
            [],
            marker="o",
            ms=10,
            mfc="white",
            mec="black",
            mew=1.5,
            linestyle="",
            label=deck_word("team_base", lang),
        )
    )
    legend = _legend(fig, handles)
    visits = visit_dates_by_commune(plan)
    items = []
    for commune in (scenario.communes[i] for i in label_order(scenario)):
        days = visits.get(commune.code)
        if commune.venue is None or not days:
            continue
        x, y = to_xy.transform(commune.venue.lon, commune.venue.lat)
        items.append((x, y, f"{plain(short_name(commune.name))}\n{_date_span(days, lang)}"))
    _finish_map(ax, frame, lang)
    draw_labels(fig, ax, items, fontsize=MAP_LABEL_PT, avoid=[legend])
    return _png(fig)


def burn_down_png(bd: BurnDown, width_in: float, height_in: float, lang: str = "vi") -> bytes:
    """The burn-down: backlog left by date as planned, actually taken and re-planned, with the
    deadline marked."""
    fig = _canvas(width_in, height_in)
    ax = fig.add_subplot()
    curves: Mapping[str, Sequence[tuple[dt.date, int]]] = dict(
        zip(BURN_DOWN_SERIES, (bd.planned, bd.actual, bd.forecast), strict=True)
    )
    for (key, series), colour in zip(curves.items(), BURN_DOWN_COLOURS, strict=True):
        if not series:
            continue
        ax.plot(
            [date2num(d) for d, _ in series],
            [n for _, n in series],
            marker="o",
            ms=4,
            linewidth=2.5,
            color=colour,
            linestyle="--" if key == "bd_forecast" else "-",
            label=label(key, lang),
        )
    deadline = float(date2num(bd.deadline))
    ax.axvline(deadline, color="#d62728", linestyle=":", linewidth=2)
    ax.text(
        deadline,
        0.98,
        label("deadline", lang) + " " + fmt_date(bd.deadline, lang),
        transform=ax.get_xaxis_transform(),
        ha="right",
        va="top",
        color="#d62728",
        fontsize=AXIS_PT,
    )
    ax.set_ylabel(label("remaining_now", lang), fontsize=AXIS_PT)
    ax.set_xlabel(label("date", lang), fontsize=AXIS_PT)
    ax.xaxis.set_major_formatter(DateFormatter("%d/%m"))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt_int(y, lang)))
    ax.yaxis.set_major_locator(MaxNLocator(6, integer=True))
    ax.tick_params(labelsize=AXIS_PT - 1)
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    ax.legend(fontsize=AXIS_PT, loc="upper right", bbox_to_anchor=(1.0, 0.9))
    fig.tight_layout()
    return _png(fig)
