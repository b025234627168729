"""Intake points from the former communes of a table mapped onto the 2025 communes.

A 2025 commune is two to four former communes, and the planners' tables are usually by former
commune: each table row mapped into a 2025 commune that receives two rows or more becomes one of
its intake points — "Điểm UBND xã cũ Ia Pết" at that former commune, with that row's
collectable backlog (the commune keeps the sum, so its figures do not change). A row that names
the 2025 commune itself becomes its hall (at its venue).

Where a former commune is: its outline in the 2009 commune layer (``communes_2009_national.gpkg``),
matched by name within the former district as the crosswalk names it (prefixes, diacritics and
spacing ignored: "Huyện Đăk Đoa" = "Huyện Đắk Đoa"), then the part of that outline inside the
2025 commune, a point surely inside it (:meth:`shapely.Geometry.representative_point`: where the
hall is, the planner moves it on the Data page). A former commune not in the 2009 layer (created
or renamed since 2009), found twice in its district, or whose 2009 outline lies mostly outside
the 2025 commune, is placed at the 2025 commune's venue and reported as such.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from planning.domain import Commune, GeoPoint, IntakePoint, NonCollectableReason, PointKind
from planning.drafting.crosswalk import district_matches
from planning.drafting.unit_mapping import MappingLine, UnitMapping
from planning.formatting import fmt_int
from planning.io import layer2025
from planning.names import name_key

#: A former commune's 2009 outline must lie this much inside its 2025 commune to place the point.
MIN_SHARE_INSIDE = 0.3
#: … or this much when it was split between several 2025 communes (only a part is in each).
MIN_SHARE_SPLIT = 0.02
#: How far around the scenario's communes the 2009 layer is read, in degrees.
_MARGIN_DEG = 0.05
_REASONS = tuple(r.value for r in NonCollectableReason)


@dataclass(frozen=True)
class FormerPoint:
    """How one row's point was placed: ``found`` (in the 2009 layer, inside its commune),
    ``not_found``, ``ambiguous`` (several in its district) or ``outside`` (its 2009 outline lies
    mostly outside the 2025 commune); the last three are at the commune's venue."""

    point_id: str
    commune_code: str
    name: str
    how: str


@dataclass(frozen=True)
class FormerPointsReport:
    """Every point made from a former commune and how it was placed."""

    points: tuple[FormerPoint, ...] = ()

    @property
    def at_venue(self) -> tuple[FormerPoint, ...]:
        """The points placed at their commune's venue (not found, ambiguous or outside)."""
        return tuple(p for p in self.points if not p.how.startswith("found"))

    @property
    def elsewhere(self) -> tuple[FormerPoint, ...]:
        """The points found under another district than the crosswalk's (reorganised since)."""
        return tuple(p for p in self.points if p.how == "found_elsewhere")

    def lines(self, lang: str = "vi") -> list[str]:
        """The report: how many points, and each one placed at its commune's venue and why."""
        if not self.points:
            return []
        communes = len({p.commune_code for p in self.points})
        found = len(self.points) - len(self.at_venue)
        vi = lang == "vi"
        out = [
            f"Điểm tiếp nhận theo xã cũ: {fmt_int(len(self.points))} điểm ở {fmt_int(communes)} "
            f"xã; {fmt_int(found)} đặt tại xã cũ theo bản đồ xã 2009."
            if vi
            else f"Intake points by former commune: {len(self.points)} points in {communes} "
            f"communes; {found} placed at the former commune from the 2009 commune map."
        ]
        why = {
            "not_found": ("không có trong bản đồ xã 2009", "not in the 2009 commune map"),
            "ambiguous": ("trùng tên trong huyện cũ", "its name is repeated in its district"),
            "outside": ("ranh giới 2009 nằm ngoài xã mới", "its 2009 outline lies outside"),
        }
        if self.elsewhere:
            names = ", ".join(p.name for p in self.elsewhere)
            out.append(
                f"  Tìm thấy ở huyện khác của năm 2009 (huyện đã đổi), trong xã mới: {names}"
                if vi
                else f"  Found under another district of 2009 (reorganised since), inside the "
                f"new commune: {names}"
            )
        for p in self.at_venue:
            reason = why[p.how][0 if vi else 1]
            out.append(
                f"  {p.name} ({p.point_id}): {reason} — đặt tại điểm của xã mới"
                if vi
                else f"  {p.name} ({p.point_id}): {reason} — placed at the new commune's venue"
            )
        return out


_PREFIX_RE = re.compile(r"^\s*(xã|phường|thị trấn)\s+(.+)$", re.IGNORECASE)


def point_name(old_name: str) -> str:
    """'Xã Ia Pết' → 'Điểm UBND xã cũ Ia Pết' ('Phường 4' → 'Điểm UBND phường cũ 4')."""
    found = _PREFIX_RE.match(unicodedata.normalize("NFC", old_name))
    kind, bare = (found.group(1).lower(), found.group(2).strip()) if found else ("xã", old_name)
    return f"Điểm UBND {kind} cũ {bare}"


def _collectable(counts: dict[str, int | None]) -> int:
    reasons = sum(counts.get(r) or 0 for r in _REASONS)
    return (counts.get("not_issued") or 0) - reasons


def _rows_by_commune(mapping: UnitMapping) -> dict[str, list[tuple[MappingLine, int]]]:
    """Each 2025 commune's table rows and the collectable backlog each gives it."""
    out: dict[str, list[tuple[MappingLine, int]]] = {}
    for line in mapping.lines:
        for code, counts in line.shares:
            out.setdefault(code, []).append((line, _collectable(dict(counts))))
    return out


class _Layer2009:
    """The 2009 communes near the scenario, by commune name key."""

    def __init__(self, outlines: Any) -> None:
        minx, miny, maxx, maxy = outlines.total_bounds
        margin = _MARGIN_DEG
        self.frame = layer2025.read_communes_2009(
            (minx - margin, miny - margin, maxx + margin, maxy + margin)
        )
        self.by_name: dict[str, list[int]] = {}
        for i, name in enumerate(self.frame["commune"]):
            self.by_name.setdefault(name_key(str(name)), []).append(i)

    def _inside(self, i: int, outline: Any, share: float) -> Any:
        """The part of 2009 commune ``i`` inside ``outline`` (None when below ``share``)."""
        shape = self.frame.geometry.iloc[i]
        inside = shape.intersection(outline)
        if inside.is_empty or inside.area < share * shape.area:
            return None
        return inside

    def place(self, old_name: str, district: str, outline: Any, split: bool) -> tuple[Any, str]:
        """(a point inside the former commune and its 2025 commune, how) or (None, why not).

        ``split``: the former commune was split between 2025 communes, so only part of it lies
        in this one (any part will do)."""
        share = MIN_SHARE_SPLIT if split else MIN_SHARE_INSIDE
        named = self.by_name.get(name_key(old_name), [])
        found = [
            i
            for i in named
            if not district or district_matches(district, str(self.frame.at[i, "district"]))
        ]
        if len(found) > 1:
            return None, "ambiguous"
        if found:
            inside = self._inside(found[0], outline, share)
            return (None, "outside") if inside is None else (inside.representative_point(), "found")
        # Districts were reorganised after 2009 (Lâm Bình, Kim Phú into Tuyên Quang city): the
        # one commune of that name lying in the 2025 commune.
        nearby = [(i, part) for i in named if (part := self._inside(i, outline, share)) is not None]
        if len(nearby) == 1:
            return nearby[0][1].representative_point(), "found_elsewhere"
        return None, "ambiguous" if nearby else "not_found"


def with_former_points(
    communes: Sequence[Commune], mapping: UnitMapping, features: Any
) -> tuple[list[Commune], FormerPointsReport]:
    """The communes, each one that receives two table rows or more with a point per row (see
    the module docstring); ``features``: the 2025 outlines by ``code``. A commune whose rows do
    not add up to its collectable backlog (a row without figures) keeps its one venue."""
    rows = {code: lines for code, lines in _rows_by_commune(mapping).items() if len(lines) > 1}
    if not rows:
        return list(communes), FormerPointsReport()
    outlines = features.set_index("code").geometry
    layer = _Layer2009(features[features["code"].isin(list(rows))])
    out: list[Commune] = []
    placed: list[FormerPoint] = []
    for commune in communes:
        lines = rows.get(commune.code)
        if not lines or sum(n for _, n in lines) != commune.collectable_backlog:
            out.append(commune)
            continue
        points = []
        for k, (line, backlog) in enumerate(lines, start=1):
            point, how = _point(commune, line, backlog, f"{commune.code}-{k}", layer, outlines)
            points.append(point)
            if how:
                placed.append(FormerPoint(point.point_id, commune.code, point.name, how))
        out.append(replace(commune, points=tuple(points)))
    return out, FormerPointsReport(tuple(placed))


def _point(
    commune: Commune,
    line: MappingLine,
    backlog: int,
    point_id: str,
    layer: _Layer2009,
    outlines: Any,
) -> tuple[IntakePoint, str]:
    """The row's point and how it was placed ('' for the commune's own hall)."""
    note = f"Dòng {line.row} của bảng: {line.name}" + (" (chia ước tính)" if line.is_split else "")
    if line.old is None:
        hall = IntakePoint(
            point_id,
            commune.code,
            commune.venue_name or f"Trụ sở UBND {commune.name}",
            PointKind.COMMUNE_HALL,
            location=commune.venue,
            location_is_default=True,
            backlog=backlog,
            note=note,
        )
        return hall, ""
    outline = outlines[commune.code]
    inside, how = layer.place(line.old.name, line.old.district, outline, line.is_split)
    located = inside is not None
    point = IntakePoint(
        point_id,
        commune.code,
        point_name(line.old.name),
        PointKind.FORMER_COMMUNE_HALL,
        location=GeoPoint(round(inside.y, 6), round(inside.x, 6)) if located else commune.venue,
        location_is_default=not located,
        backlog=backlog,
        note=note,
    )
    return point, how
