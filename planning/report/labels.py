"""Commune labels that do not collide, on the web map at every zoom and on the printed map.

One rule, two forms. Labels are taken in priority order (largest collectable backlog first: the
communes the planner looks for); a label is shown only where its box clears every box already
shown. On a printed map the boxes are measured at the one scale of the image
(:func:`keep_clear`). On the web map the boxes keep their size in pixels while the map zooms, so
each label gets the lowest zoom level from which it clears, for good, every label of higher
priority (:func:`min_zooms`): zooming in only ever adds labels, and at any zoom the labels shown do
not overlap. The page then shows a label when the zoom reaches its level (a few lines of script in
:mod:`planning.report.maps`); a hidden commune still has its name in the outline's tooltip.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np

from planning.domain import Scenario
from planning.report.plan_views import short_name

#: Label font size on the web map (CSS px) and the box margin kept free around each label.
FONT_PX = 11
LINE_PX = 15
MARGIN_PX = 3
#: Web-map zoom levels: labels with a higher level are never shown permanently.
MAX_ZOOM = 18.0
TILE_PX = 256

#: Glyph widths in em for a common sans-serif (DejaVu Sans, the widest of the usual ones, so the
#: estimate errs on the wide side); Vietnamese letters take the width of their base letter.
_NARROW = set("iljtfrI.,:;'!|()[] ")
_WIDE = set("mwMWĐ")


def _em(ch: str) -> float:
    base = ch.lower()
    if ch == " ":
        return 0.32
    if ch in _NARROW or base in "ìíỉĩịị":
        return 0.36
    if ch in _WIDE:
        return 0.95
    if ch.isupper():
        return 0.72
    if ch.isdigit():
        return 0.64
    return 0.62


def text_box_px(text: str, font_px: float = FONT_PX) -> tuple[float, float]:
    """Width and height in pixels of a one-line label, its margin included."""
    width = sum(_em(ch) for ch in text) * font_px
    return width + 2 * MARGIN_PX, LINE_PX * font_px / FONT_PX + 2 * MARGIN_PX


def keep_clear(boxes: Sequence[tuple[float, float, float, float]]) -> list[int]:
    """Indices of the boxes kept, in priority order (the order given): each kept box
    ``(x0, y0, x1, y1)`` overlaps no box kept before it."""
    kept: list[int] = []
    arr = np.asarray(boxes, dtype=float).reshape(-1, 4)
    for i, (x0, y0, x1, y1) in enumerate(arr):
        others = arr[kept]
        clash = (
            (others[:, 0] < x1) & (x0 < others[:, 2]) & (others[:, 1] < y1) & (y0 < others[:, 3])
        )
        if not clash.any():
            kept.append(i)
    return kept


def mercator_px(lat: float, lon: float) -> tuple[float, float]:
    """Web-Mercator pixel coordinates at zoom 0 (the world is 256 pixels wide)."""
    x = TILE_PX * (lon + 180.0) / 360.0
    phi = math.radians(lat)
    y = TILE_PX * (1.0 - math.log(math.tan(phi) + 1.0 / math.cos(phi)) / math.pi) / 2.0
    return x, y


def min_zooms(
    points: Sequence[tuple[float, float]], sizes: Sequence[tuple[float, float]]
) -> list[float]:
    """Per label (priority order), the zoom from which it is shown (``inf``: never).

    ``points`` are zoom-0 pixel positions (label centres), ``sizes`` the boxes in pixels. Two
    labels ``i``, ``j`` overlap at zoom ``z`` while ``|dx|·2^z < (wi+wj)/2`` and ``|dy|·2^z <
    (hi+hj)/2``, i.e. below ``z_ij = log2(min(Σw/2|dx|, Σh/2|dy|))``. Label ``i`` clashes with a
    label ``j`` of higher priority on the zooms ``[zoom_j, z_ij)``, so it is shown from the end of
    the last such interval on.
    """
    xy = np.asarray(points, dtype=float).reshape(-1, 2)
    wh = np.asarray(sizes, dtype=float).reshape(-1, 2)
    out: list[float] = []
    zooms = np.empty(len(xy))
    for i in range(len(xy)):
        if i == 0:
            zooms[0] = -math.inf
            out.append(-math.inf)
            continue
        dx = np.abs(xy[:i, 0] - xy[i, 0])
        dy = np.abs(xy[:i, 1] - xy[i, 1])
        half_w = (wh[:i, 0] + wh[i, 0]) / 2
        half_h = (wh[:i, 1] + wh[i, 1]) / 2
        with np.errstate(divide="ignore"):
            scale = np.minimum(
                np.where(dx > 0, half_w / dx, np.inf), np.where(dy > 0, half_h / dy, np.inf)
            )
            clear_from = np.log2(scale)
        clashing = zooms[:i] < clear_from
        zoom = float(clear_from[clashing].max()) if clashing.any() else -math.inf
        zooms[i] = zoom if zoom <= MAX_ZOOM else math.inf
        out.append(float(zooms[i]))
    return out


@dataclass(frozen=True)
class MapLabel:
    """A commune's label: where, what, and from which zoom level it is shown."""

    code: str
    text: str
    lat: float
    lon: float
    min_zoom: float


def label_order(scenario: Scenario) -> list[int]:
    """Indices of the communes with a venue, most collectable backlog first (ties: by code)."""
    placed = [i for i, c in enumerate(scenario.communes) if c.venue is not None]
    return sorted(
        placed,
        key=lambda i: (-scenario.communes[i].collectable_backlog, scenario.communes[i].code),
    )


def commune_labels(scenario: Scenario) -> list[MapLabel]:
    """The labels of the web map in priority order, each with its zoom level."""
    communes = [scenario.communes[i] for i in label_order(scenario)]
    texts = [short_name(c.name) for c in communes]
    points = [mercator_px(c.venue.lat, c.venue.lon) for c in communes if c.venue is not None]
    zooms = min_zooms(points, [text_box_px(t) for t in texts])
    return [
        MapLabel(c.code, text, c.venue.lat, c.venue.lon, zoom)
        for c, text, zoom in zip(communes, texts, zooms, strict=True)
        if c.venue is not None
    ]


def fit_zoom(
    bounds: tuple[float, float, float, float], width_px: int, height_px: int, snap: float = 0.25
) -> float:
    """The zoom Leaflet's ``fitBounds`` picks for ``(min_lon, min_lat, max_lon, max_lat)`` in a
    map of ``width_px`` × ``height_px`` (no padding), snapped down to ``snap``."""
    x0, y1 = mercator_px(bounds[1], bounds[0])
    x1, y0 = mercator_px(bounds[3], bounds[2])
    scale = min(width_px / max(x1 - x0, 1e-12), height_px / max(y1 - y0, 1e-12))
    return math.floor(math.log2(scale) / snap) * snap


def shown_at(labels: Sequence[MapLabel], zoom: float) -> list[MapLabel]:
    """The labels the web map shows at ``zoom``."""
    return [label for label in labels if label.min_zoom <= zoom]
