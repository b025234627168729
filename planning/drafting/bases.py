"""Where drafted teams are based when the planner does not say: the default-base rules.

A drafted scenario without a teams file or ``--base`` gets its bases here, stated in a sentence
that goes into the scenario (the teams' notes, the scenario's facts, the national what-if's
outputs):

* on the 2025 layer — a province or any area, ``new --province/--area``, the Data page's province
  tab, every province of the national what-if (:func:`spread_bases`): the teams are spread over
  bases chosen for the area by a backlog-weighted p-median over the communes' venues (the bases
  that make Σ collectable backlog × minutes to the nearest base smallest), at most one base per
  :data:`COMMUNES_PER_BASE` communes, the teams shared between them by the backlog each base is
  nearest to;
* from a boundary file, the former district case (:func:`base_in_boundary_file`): the area's
  town (thị trấn/phường) with most citizens of age, else the unit with most.

Which communes lie beyond a day trip from every base (:func:`beyond_day_trip`) decides whether
the scenario allows overnight stays (:meth:`planning.drafting.defaults.DraftDefaults.area_rules`).
:func:`base_on_layer2025` (the area's most populous ward) is no default any more; the illustrative
national table uses it as its reference point.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np

from planning.domain import Commune, GeoPoint, TravelSettings
from planning.formatting import fmt_int
from planning.travel import estimated_travel_min

#: At most one default base per this many communes of the area (a province's 38–168 communes:
#: 8–34 bases, about as many as its former districts; a former district's 7: 2).
COMMUNES_PER_BASE = 5

#: Name prefixes of a town or ward in a boundary file (no unit type is given there).
TOWN_PREFIXES = ("thị trấn", "phường", "tt")


def base_in_boundary_file(communes: Sequence[Commune]) -> tuple[Commune, str]:
    """The venue of the area's town (thị trấn/phường) with most citizens, else the largest unit.
    Returns the commune and the sentence that states the choice."""

    def size(c: Commune) -> int:
        return c.of_age if c.of_age is not None else c.not_issued

    towns = [c for c in communes if c.name.casefold().startswith(TOWN_PREFIXES)]
    chosen = max(towns or communes, key=size)
    kind_vi = "thị trấn/phường lớn nhất" if towns else "đơn vị đông dân nhất"
    note = (
        f"Trụ sở các tổ (mặc định): điểm tiếp nhận của {chosen.name} ({chosen.code}) — "
        f"{kind_vi}; đổi bằng --base VĨ_ĐỘ,KINH_ĐỘ."
    )
    return chosen, note


def base_on_layer2025(communes: Sequence[Commune], features: Any) -> tuple[Commune, str]:
    """The default base of every team on the 2025 layer: the venue of the area's most populous
    phường (2025 layer population), else of its most populous commune, else of the commune with
    the most citizens in the table. Returns the commune and the sentence that states the choice."""
    by_code = {str(r.code): r for r in features.itertuples()}

    def people(c: Commune) -> float:
        row = by_code.get(c.code)
        population = getattr(row, "population", None) if row is not None else None
        return float(population) if population is not None and population == population else -1

    wards = [c for c in communes if getattr(by_code.get(c.code), "unit_type", "") == "phường"]
    pool = wards or list(communes)
    chosen = max(pool, key=lambda c: (people(c), c.of_age or c.not_issued))
    kind = "phường đông dân nhất" if wards else "xã đông dân nhất"
    if people(chosen) < 0:
        kind = "xã có nhiều công dân nhất trong bảng"
    note = (
        f"Trụ sở các tổ (mặc định): điểm tiếp nhận của {chosen.name} ({chosen.code}) — {kind} "
        "của địa bàn; đổi bằng --teams-file (trụ sở từng tổ) hoặc --base VĨ_ĐỘ,KINH_ĐỘ."
    )
    return chosen, note


def given_base_note(base: tuple[float, float]) -> str:
    """The sentence stating a base given as coordinates (``--base``)."""
    return f"Trụ sở các tổ: {base[0]}, {base[1]} (theo --base)."


# --- spread bases (2025 layer) -------------------------------------------------------------------


@dataclass(frozen=True)
class SpreadBases:
    """Default bases of an area: each base commune with its number of teams, in the order a
    smaller team count keeps them (the first k bases are a good k-median), and the teams' bases
    in that order (team i at ``team_bases[i]``: one team at each base before any second)."""

    bases: tuple[tuple[Commune, int], ...]
    team_bases: tuple[Commune, ...]
    #: Σ collectable backlog × minutes from each commune's venue to its nearest base.
    cost: float

    def note(self) -> str:
        """The sentence stating the choice (Vietnamese, as the scenario's notes are)."""
        listed = "; ".join(
            f"{c.name} ({c.code})" + (f" — {n} tổ" if n > 1 else "") for c, n in self.bases
        )
        per = f"tối đa một trụ sở cho {COMMUNES_PER_BASE} xã"
        return (
            f"Trụ sở các tổ (mặc định): {len(self.team_bases)} tổ ở {len(self.bases)} trụ sở "
            "chọn cho địa bàn — điểm tiếp nhận của các xã làm tổng (số chưa cấp × phút đi tới "
            f"trụ sở gần nhất) nhỏ nhất ({per}), tổ chia theo số chưa cấp gần mỗi trụ sở: "
            f"{listed}. Đổi bằng --teams-file hoặc trên trang Dữ liệu (thẻ Tổ)."
        )


def _minutes(points: Sequence[GeoPoint], travel: TravelSettings) -> np.ndarray:
    """Estimated one-way minutes between every pair of points (symmetric)."""
    n = len(points)
    out = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            out[i, j] = out[j, i] = estimated_travel_min(points[i], points[j], travel)
    return out


def p_median(minutes: np.ndarray, weights: np.ndarray, p: int) -> list[int]:
    """Indices of ``p`` sites minimising Σ weight × minutes to the nearest site, in nested
    order: greedy additions, then swaps (Teitz–Bart: replace one site by the best other while
    that lowers the cost), then ordered again greedily among the chosen so that the first k are
    a good k-median. A heuristic: the cost it reaches is stated, not claimed optimal."""
    n = len(weights)
    p = max(1, min(p, n))

    def cost(sites: Sequence[int]) -> float:
        return float(weights @ minutes[list(sites)].min(axis=0))

    def best_addition(sites: Sequence[int], pool: Sequence[int]) -> int:
        """The site of ``pool`` that, added to ``sites``, lowers the cost most."""
        floor = minutes[list(sites)].min(axis=0) if sites else np.full(n, np.inf)
        costs = np.minimum(floor[None, :], minutes[list(pool)]) @ weights
        return int(pool[int(np.argmin(costs))])

    chosen: list[int] = []
    for _ in range(p):
        chosen.append(best_addition(chosen, [i for i in range(n) if i not in chosen]))
    current = cost(chosen)
    improved = True
    while improved:
        improved = False
        for k in range(len(chosen)):
            others = [c for j, c in enumerate(chosen) if j != k]
            pool = [i for i in range(n) if i not in chosen]
            if not pool:
                break
            candidate = best_addition(others, pool)
            value = cost([*others, candidate])
            if value < current - 1e-9:
                chosen[k], current, improved = candidate, value, True
    ordered: list[int] = []
    while len(ordered) < len(chosen):
        ordered.append(best_addition(ordered, [i for i in chosen if i not in ordered]))
    return ordered


def spread_bases(communes: Sequence[Commune], teams: int, travel: TravelSettings) -> SpreadBases:
    """``teams`` teams spread over bases chosen for the area (module docstring)."""
    placed = [c for c in communes if c.venue is not None]
    if not placed:
        raise ValueError("no commune has a venue")
    points = [c.venue for c in placed if c.venue is not None]
    minutes = _minutes(points, travel)
    backlog = np.array([float(c.collectable_backlog) for c in placed])
    weights = backlog if backlog.sum() > 0 else np.ones(len(placed))
    p = max(1, min(teams, math.ceil(len(placed) / COMMUNES_PER_BASE)))
    sites = p_median(minutes, weights, p)
    nearest = minutes[sites].argmin(axis=0)
    served = [float(weights[nearest == k].sum()) for k in range(len(sites))]
    counts = _shares(teams, served)
    bases = tuple((placed[s], n) for s, n in zip(sites, counts, strict=True))
    order: list[Commune] = []
    for round_ in range(max(counts)):
        order += [c for c, n in bases if n > round_]
    cost = float(weights @ minutes[sites].min(axis=0)) if backlog.sum() > 0 else 0.0
    return SpreadBases(bases, tuple(order), cost)


def _shares(teams: int, served: Sequence[float]) -> list[int]:
    """``teams`` shared between bases in proportion to the backlog each serves (largest
    remainders), every base at least one team."""
    total = sum(served) or 1.0
    quotas = [teams * x / total for x in served]
    parts = [max(1, int(q)) for q in quotas]
    while sum(parts) < teams:
        i = max(range(len(parts)), key=lambda k: (quotas[k] - parts[k], -k))
        parts[i] += 1
    while sum(parts) > teams:
        i = min((k for k in range(len(parts)) if parts[k] > 1), key=lambda k: quotas[k] - parts[k])
        parts[i] -= 1
    return parts


def beyond_day_trip(
    communes: Sequence[Commune],
    bases: Sequence[GeoPoint],
    travel: TravelSettings,
    day_trip_one_way_min: int,
) -> list[tuple[Commune, int]]:
    """Communes with backlog farther than ``day_trip_one_way_min`` one way from every base,
    with their minutes to the nearest base, farthest first."""
    out = []
    for commune in communes:
        if commune.venue is None or commune.collectable_backlog <= 0 or not bases:
            continue
        nearest = min(estimated_travel_min(b, commune.venue, travel) for b in bases)
        if nearest > day_trip_one_way_min:
            out.append((commune, nearest))
    return sorted(out, key=lambda x: (-x[1], x[0].code))


def beyond_text(far: Sequence[tuple[Commune, int]], shown: int = 5) -> str:
    """'Xã Mù Cả 212 phút, Xã Thu Lũm 198 phút và 3 xã khác'."""
    listed = ", ".join(f"{c.name} {fmt_int(m)} phút" for c, m in far[:shown])
    more = len(far) - shown
    return listed + (f" và {more} xã khác" if more > 0 else "")
