"""Where drafted teams are based when the planner does not say: the default-base rules.

Every team of a drafted scenario without a teams file or ``--base`` starts from one commune's
venue, chosen here and stated in a sentence that goes into the scenario (the teams' notes, the
scenario's facts, the national what-if's outputs):

* from a boundary file (:func:`base_in_boundary_file`): the area's town (thị trấn/phường) with
  most citizens of age, else the unit with most;
* on the 2025 layer (:func:`base_on_layer2025`): the most populous phường (the layer's
  population), else the most populous commune, else the commune with most citizens in the table.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from planning.domain import Commune

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
