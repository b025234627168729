"""The public 2024→2025 crosswalk corrected by the merger resolution's own lists: a drafting rule
(:mod:`planning.io.layer2025` reads the files as they are).

The crosswalk (old unit → 2025 unit(s), ``full`` or ``partial``) has known errors, mostly two
similarly named units confused. Where it disagrees with the resolution's list of absorbed units
(``before_merger``), the resolution is followed when it names the old unit under another 2025
unit of the same province; a doubted row that the resolution's clause confirms is kept; otherwise
the user is asked (:func:`correct_crosswalk`). Đak Đoa's A Dơk went into Ia Băng, not into Ia Dơk
60 km away. How table rows are then mapped is :mod:`planning.drafting.unit_mapping`.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable, Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from enum import StrEnum

from planning.io import layer2025
from planning.io.layer2025 import CrosswalkRow
from planning.names import loose_key, name_key, prefixed_key, strip_diacritics

#: The name keys tried in order: with the prefix ("Thị trấn X" ≠ "Xã X"), strict, loose.
NAME_KEYS: tuple[Callable[[str], str], ...] = (prefixed_key, name_key, loose_key)
_DISTRICT_PREFIX_RE = re.compile(r"^(?:huyen|quan|thi xa|thanh pho|tp\.?|tx\.?|h\.|q\.)\s*")


# --- the units --------------------------------------------------------------------------------


class Basis(StrEnum):
    """Why an old unit maps where it maps."""

    CROSSWALK = "crosswalk"  # the crosswalk, not contradicted by the resolution's list
    RESOLUTION = "resolution"  # the resolution's list names it under another unit: followed
    CLAUSE = "clause"  # doubted row, but the resolution's clause names the old unit there
    ASK = "ask"  # doubted and unconfirmed: the user decides


@dataclass(frozen=True)
class OldUnit:
    """A pre-2025 unit with the 2025 unit(s) it went into, after the corrections.

    ``doubted`` are crosswalk targets that the resolution does not support (with
    :attr:`Basis.RESOLUTION` they were replaced; with :attr:`Basis.ASK` nobody knows).
    """

    code: str
    name: str
    district: str
    province_code: str
    targets: tuple[str, ...]
    basis: Basis = Basis.CROSSWALK
    doubted: tuple[str, ...] = ()

    @property
    def is_split(self) -> bool:
        """True when the unit went into several 2025 units."""
        return len(self.targets) > 1

    def label(self) -> str:
        """'Xã A Dơk, Huyện Đăk Đoa'."""
        return f"{self.name}, {self.district}" if self.district else self.name


def before_merger_items(text: str) -> list[str]:
    """The old units a ``before_merger`` text lists: commas outside parentheses separate them."""
    items: list[str] = []
    depth, current = 0, ""
    for char in text or "":
        depth += {"(": 1, ")": -1}.get(char, 0)
        if char == "," and depth <= 0:
            items.append(current.strip())
            current = ""
        else:
            current += char
    items.append(current.strip())
    return [item for item in items if item]


def _district_keys(name: str) -> set[str]:
    """Keys of a district name with and without its prefix ('Huyện Quan Hóa' → quanhoa too)."""
    text = " ".join(strip_diacritics(name).casefold().split())
    bare = _DISTRICT_PREFIX_RE.sub("", text, count=1)
    return {"".join(c for c in t if c.isalnum()) for t in (text, bare) if t}


def district_matches(hint: str, district: str) -> bool:
    """True when ``hint`` names ``district``: 'Đak Đoa', 'H. Đắk Đoa' and 'Huyện Đăk Đoa' agree."""
    return bool(_district_keys(hint) & _district_keys(district))


class _OldIndex:
    """Old units of each province by their name keys (prefixed, strict, loose)."""

    def __init__(self, units: Iterable[tuple[str, str, str]]) -> None:
        self.keys: dict[tuple[str, int, str], list[str]] = {}
        for code, name, province in units:
            for level, key in enumerate(NAME_KEYS):
                codes = self.keys.setdefault((province, level, key(name)), [])
                if code not in codes:
                    codes.append(code)

    def find(self, province: str, name: str) -> list[str]:
        """Codes of the old units of ``province`` the name means, at the first level that hits."""
        for level, key in enumerate(NAME_KEYS):
            codes = self.keys.get((province, level, key(name)), [])
            if codes:
                return codes
        return []


def correct_crosswalk(
    rows: Iterable[CrosswalkRow],
    before_merger: Mapping[str, tuple[str, str]],
    clause_named: Collection[tuple[str, str]] = (),
) -> dict[str, OldUnit]:
    """Old units with their 2025 targets, the crosswalk corrected by the resolution.

    ``before_merger``: 2025 code → (province code, the resolution's list of absorbed units).
    ``clause_named``: (2025 code, old code) pairs whose resolution clause names the old unit.

    Rows flagged ``not_in_before_merger`` are doubted. If the resolution's list names the old unit
    (uniquely within the province) under other 2025 units, those replace the doubted rows
    (:attr:`Basis.RESOLUTION`); else a doubted row the clause confirms is kept
    (:attr:`Basis.CLAUSE`); else the unit is :attr:`Basis.ASK`.
    """
    by_old: dict[str, list[CrosswalkRow]] = {}
    for row in rows:
        by_old.setdefault(row.old_code, []).append(row)
    index = _OldIndex((c, rs[0].old_name, rs[0].province_code) for c, rs in by_old.items())
    listed_under: dict[str, set[str]] = {}
    for new_code, (province, text) in before_merger.items():
        for item in before_merger_items(text):
            found = index.find(province, item)
            if len(found) == 1:
                listed_under.setdefault(found[0], set()).add(new_code)
    confirmed = set(clause_named)
    return {
        code: _corrected(links, listed_under.get(code, set()), confirmed)
        for code, links in by_old.items()
    }


def _corrected(
    links: list[CrosswalkRow], listed_under: set[str], confirmed: set[tuple[str, str]]
) -> OldUnit:
    """One old unit after the correction rules of :func:`correct_crosswalk`."""
    first = links[0]
    kept = [x.new_code for x in links if x.check != "not_in_before_merger"]
    doubted = [x.new_code for x in links if x.check == "not_in_before_merger"]

    def unit(targets: Iterable[str], basis: Basis, doubts: Sequence[str] = ()) -> OldUnit:
        ordered = tuple(dict.fromkeys(targets))
        return OldUnit(
            first.old_code,
            first.old_name,
            first.old_district,
            first.province_code,
            ordered,
            basis,
            tuple(doubts),
        )

    if not doubted:
        return unit(kept, Basis.CROSSWALK)
    elsewhere = sorted(listed_under - set(doubted))
    if elsewhere:
        return unit([*kept, *elsewhere], Basis.RESOLUTION, doubted)
    unconfirmed = [c for c in doubted if (c, first.old_code) not in confirmed]
    confirmed_here = [c for c in doubted if c not in unconfirmed]
    if not unconfirmed:
        return unit([*kept, *confirmed_here], Basis.CLAUSE)
    return unit([*kept, *confirmed_here], Basis.ASK, unconfirmed)


def old_units(province_codes: Iterable[str] = ()) -> dict[str, OldUnit]:
    """Pre-2025 units of the given 2025 provinces (every province when none is given) with their
    2025 targets: the crosswalk of :mod:`planning.io.layer2025` corrected by
    :func:`correct_crosswalk` (its rules look within one province; cached per province until a
    file changes)."""
    stamps = layer2025.crosswalk_stamps()
    wanted = sorted(set(province_codes)) or [p.code for p in layer2025.provinces()]
    units: dict[str, OldUnit] = {}
    for code in wanted:
        units.update(_province_old_units(code, stamps))
    return units


@functools.lru_cache(maxsize=64)
def _province_old_units(
    province: str, _stamps: tuple[str | int, ...]
) -> tuple[tuple[str, OldUnit], ...]:
    before = {code: (province, text) for code, text in layer2025.before_merger(province).items()}
    rows = layer2025.crosswalk_rows(province)
    return tuple(correct_crosswalk(rows, before, layer2025.clause_named()).items())
