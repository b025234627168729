"""Rows of a table the tool cannot settle alone, what to offer for each, and the planner's choices.

A row stays open when its name is found nowhere, means several things, or is a former unit split
between 2025 communes without a rule (:mod:`planning.drafting.unit_mapping`). Every open row can
be finished: :class:`PendingRow` carries what the planner needs to decide (row number, the name as
written, the former district the table gives, the headcount) and the offers, in order — former
units that nearly match (with the 2025 commune they went into and their former district), 2025
communes that nearly match; the app adds every commune of the province (searchable) and "leave
out this row". A choice (:class:`planning.domain.RowChoice`) is kept with the scenario and found
again by the row's name (and district) when the same table, or the next one, comes in
(:class:`ChoiceIndex`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass

from planning.domain import ChoiceKind, RowChoice
from planning.drafting.crosswalk import OldUnit, district_matches
from planning.io.layer2025 import NewUnit
from planning.names import closest_names, name_key, prefixed_key
from planning.wording import tr

#: How many near former units and near 2025 communes an open row is offered.
NEAR_OFFERS = 5
#: Offers below this similarity (rapidfuzz WRatio on diacritic-free keys, 0–100) are left out.
MIN_OFFER_SCORE = 60.0


@dataclass(frozen=True)
class Offer:
    """One thing an open row may be: a former unit (its code, name, district and the 2025
    communes it went into) or a 2025 commune."""

    kind: ChoiceKind
    code: str
    name: str
    district: str = ""
    targets: tuple[str, ...] = ()
    score: float = 0.0

    def label(self, units: Mapping[str, NewUnit], lang: str = "vi") -> str:
        """'Xã Kan Hồ (Huyện Mường Tè, cũ) → Xã Bum Tở (03433)' or 'Xã Bum Tở (03433)'."""
        if self.kind == ChoiceKind.COMMUNE:
            return f"{self.name} ({self.code})"
        went = ", ".join(f"{units[c].name} ({c})" if c in units else c for c in self.targets)
        former = tr(lang, "cũ", "former")
        where = f"{self.district}, {former}" if self.district else former
        return f"{self.name} ({where}) → {went or '—'}"


@dataclass(frozen=True)
class PendingRow:
    """A row the planner settles by a choice: what the table says of it and what to offer.

    ``choices``: the 2025 codes its figures may go to (the offers' targets); ``why``:
    ``not_found``, ``ambiguous``, ``split`` (a split former unit, no rule) or ``ask`` (the
    crosswalk is doubted)."""

    row: int
    name: str
    choices: tuple[str, ...]
    district: str = ""
    not_issued: int | None = None
    offers: tuple[Offer, ...] = ()
    why: str = ""

    def choice(self, offer: Offer | None) -> RowChoice:
        """The choice that settles this row with ``offer`` (``None``: leave the row out)."""
        if offer is None:
            return RowChoice(self.name, ChoiceKind.LEAVE_OUT, "", self.district)
        return RowChoice(self.name, offer.kind, offer.code, self.district)


def former_offer(unit: OldUnit, score: float = 0.0) -> Offer:
    """A former unit as an offer."""
    return Offer(ChoiceKind.FORMER, unit.code, unit.name, unit.district, unit.targets, score)


def commune_offer(unit: NewUnit, score: float = 0.0) -> Offer:
    """A 2025 commune as an offer."""
    return Offer(ChoiceKind.COMMUNE, unit.code, unit.name, "", (unit.code,), score)


def near_offers(
    name: str,
    district: str,
    former: Sequence[OldUnit],
    communes: Sequence[NewUnit],
    limit: int = NEAR_OFFERS,
) -> list[Offer]:
    """Former units that nearly match ``name`` (those of ``district`` first), then 2025
    communes that nearly match, each at least :data:`MIN_OFFER_SCORE` similar."""
    by_code = {u.code: u for u in former}
    near_former = closest_names(name, [(u.code, u.name) for u in former], 3 * limit)
    ranked = sorted(
        (c for c in near_former if c.score >= MIN_OFFER_SCORE),
        key=lambda c: (
            not (district and district_matches(district, by_code[c.code].district)),
            -c.score,
        ),
    )
    offers = [former_offer(by_code[c.code], c.score) for c in ranked[:limit]]
    new_by_code = {u.code: u for u in communes}
    near_new = closest_names(name, [(u.code, u.name) for u in communes], limit)
    offers += [
        commune_offer(new_by_code[c.code], c.score) for c in near_new if c.score >= MIN_OFFER_SCORE
    ]
    return offers


def unique_offers(offers: Iterable[Offer]) -> tuple[Offer, ...]:
    """Offers without repeats (same kind and code), first kept."""
    seen: dict[tuple[ChoiceKind, str], Offer] = {}
    for offer in offers:
        seen.setdefault((offer.kind, offer.code), offer)
    return tuple(seen.values())


class ChoiceIndex:
    """The planner's choices, found by a row's name as written (then its prefixed and strict
    keys) and, when several choices share a name, by the row's district."""

    def __init__(self, choices: Iterable[RowChoice]) -> None:
        self.choices = tuple(choices)
        self._by_key: dict[str, list[RowChoice]] = {}
        for choice in self.choices:
            for key in _keys(choice.name):
                self._by_key.setdefault(key, []).append(choice)

    def find(self, name: str, district: str = "") -> RowChoice | None:
        """The choice for a row named ``name`` under ``district`` ("" when none), or ``None``.
        A choice made under another district does not apply; one made under the same district
        is preferred; of equals, the later (the command line's over a kept one)."""
        found: list[RowChoice] = []
        for key in _keys(name):
            found += [c for c in self._by_key.get(key, []) if c not in found]
        fits = [c for c in found if not (c.district and district) or _same(c.district, district)]
        same = [c for c in fits if c.district and district and _same(c.district, district)]
        best = same or fits
        return max(best, key=self.choices.index) if best else None


def _same(one: str, other: str) -> bool:
    return district_matches(one, other)


def _keys(name: str) -> tuple[str, ...]:
    return (f"=:{name.strip()}", f"p:{prefixed_key(name)}", f"s:{name_key(name)}")


def assignments_as_choices(assignments: Mapping[str, str]) -> list[RowChoice]:
    """``--assign``/alias pairs (name → 2025 code) as choices of a 2025 commune."""
    return [RowChoice(name, ChoiceKind.COMMUNE, code) for name, code in assignments.items()]
