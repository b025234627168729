"""Pre-2025 commune-level units → the 2025 communes: the rules, no files.

On 1 July 2025 some 10,000 communes, wards and towns were merged into 3,321 units. Tables, reports
and people still use the old names. The rules that turn a table of old, new or mixed names into
figures per 2025 commune live here (drafting rules); :mod:`planning.io.layer2025` reads the files.

* Old units come with their 2025 targets after the crosswalk's corrections
  (:func:`planning.drafting.crosswalk.correct_crosswalk`; Đak Đoa's A Dơk went into Ia Băng).
* A table row is matched to the 2025 communes and to the old units of the chosen province(s) its
  name may mean, each with the keys of :mod:`planning.names` (prefixed, strict, then loose),
  narrowed by an old district written in the row ("A Dơk (Đak Đoa)"), the district subtotal the
  table puts it under, or else the districts of the table's other rows (:func:`map_rows`).
* The table is read as one era (:mod:`planning.drafting.era`): a name that is both a former unit
  and a 2025 commune takes the table's reading; only in a genuinely mixed table is it settled row
  by row (the reading that would count nothing twice, else the planner's choice). A name that
  means different things is never guessed.
* The planner's choices (:class:`planning.domain.RowChoice`: a former unit, a 2025 commune, or
  leave the row out) settle open rows (:mod:`planning.drafting.open_rows`); a row left out is
  stated in the totals, which still agree to the person.
* An old unit merged whole has its figures summed into its 2025 commune. An old unit split between
  several 2025 communes is never split silently: a stated rule (:data:`SPLIT_RULES`) or the user's
  assignment (saved like an alias) decides, or the row is an error.
* :class:`UnitMapping` lists every row's old → new line and the totals before and after, which
  agree to the person.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass, field

from planning.domain import ChoiceKind, NonCollectableReason, RowChoice, apportion
from planning.drafting.crosswalk import NAME_KEYS, Basis, OldUnit, district_matches
from planning.drafting.era import Era, EraReading, TableSigns, decide
from planning.drafting.open_rows import (
    ChoiceIndex,
    Offer,
    PendingRow,
    assignments_as_choices,
    commune_offer,
    former_offer,
    near_offers,
    unique_offers,
)
from planning.errors import Problem, error, warning
from planning.formatting import fmt_int
from planning.io.layer2025 import NewUnit
from planning.names import closest_names, split_prefix
from planning.wording import say, tr

#: How a split old unit's figures may be shared between its 2025 communes (``--split-rule``).
SPLIT_RULES: tuple[str, ...] = ("population", "area")
REASON_FIELDS: tuple[str, ...] = tuple(r.value for r in NonCollectableReason)
#: The figures a row carries, by the field names of the backlog table.
COUNT_FIELDS: tuple[str, ...] = ("of_age", "issued", "not_issued", *REASON_FIELDS)
#: A split by population needs this many people in each 2025 commune (smaller figures in the
#: layer are truncated values: README-2025, "Population is unreliable").
MIN_SPLIT_POPULATION = 1000
#: Name prefixes of levels that no longer exist after 1/7/2025: such a row is a former unit.
FORMER_PREFIXES = frozenset({"thị trấn", "thị xã"})

Counts = dict[str, int | None]


# --- table rows ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class RowFigures:
    """One row of a backlog table as the mapping sees it."""

    row: int
    name: str
    counts: Mapping[str, int | None]
    code: str = ""
    priority: int | None = None
    #: The district subtotal the table puts the row under ("Huyện Mường Tè"), "" when none.
    district: str = ""

    def district_given(self) -> str:
        """The former district written in the row ("A Dơk (Đak Đoa)"), else the table's."""
        return split_district_hint(self.name)[1] or self.district


def split_district_hint(name: str) -> tuple[str, str]:
    """'A Dơk (Đak Đoa)' or 'Xã A Dơk, huyện Đak Đoa' → ('A Dơk', 'Đak Đoa'); else (name, '')."""
    text = " ".join(name.split())
    found = re.fullmatch(r"(.+?)\s*\(([^()]+)\)", text)
    if found:
        return found.group(1).strip(), found.group(2).strip()
    head, sep, tail = text.partition(",")
    if sep and head.strip() and tail.strip():
        return head.strip(), tail.strip()
    return text, ""


def split_counts(counts: Mapping[str, int | None], weights: Sequence[float]) -> list[Counts]:
    """A row's figures shared by ``weights``, each field summing to the row's figure.

    The collectable part and each reason are shared separately, so no part has more people who
    cannot be served than people without a card; "of age" follows issued + not issued when the
    row's figures add up that way.
    """
    reasons = {f: counts.get(f) for f in REASON_FIELDS if counts.get(f) is not None}
    not_issued = counts.get("not_issued") or 0
    collectable = apportion(not_issued - sum(v or 0 for v in reasons.values()), weights)
    reason_parts = {f: apportion(v or 0, weights) for f, v in reasons.items()}
    issued, of_age = counts.get("issued"), counts.get("of_age")
    issued_parts = apportion(issued, weights) if issued is not None else None
    derived = of_age is not None and issued is not None and of_age == issued + not_issued
    age_parts = apportion(of_age, weights) if of_age is not None and not derived else None
    out: list[Counts] = []
    for i in range(len(weights)):
        part: Counts = {f: p[i] for f, p in reason_parts.items()}
        part_not_issued = collectable[i] + sum(p[i] for p in reason_parts.values())
        part["not_issued"] = part_not_issued
        part["issued"] = issued_parts[i] if issued_parts is not None else None
        if derived and issued_parts is not None:
            part["of_age"] = issued_parts[i] + part_not_issued
        else:
            part["of_age"] = age_parts[i] if age_parts is not None else None
        out.append(part)
    return out


@dataclass(frozen=True)
class MappingLine:
    """One table row and where its figures went.

    ``source``: ``new`` (a 2025 commune), ``old`` (a pre-2025 unit through the crosswalk) or
    ``assigned`` (the user's choice of a 2025 commune). ``how`` says how it was matched or split
    (``exact``, ``variant``, ``district``, ``context``, ``era``, ``consistent``, ``chosen``,
    ``population``, ``area``, ``assigned``). ``old`` is the former unit the row is, when known
    (with its district and the 2025 communes it went into).
    """

    row: int
    name: str
    source: str
    shares: tuple[tuple[str, Counts], ...]
    old: OldUnit | None = None
    how: tuple[str, ...] = ()
    priority: int | None = None

    @property
    def is_split(self) -> bool:
        """True when the row's figures went to several 2025 communes."""
        return len(self.shares) > 1


@dataclass(frozen=True)
class MergedCommune:
    """What a 2025 commune receives: the summed figures and where they came from."""

    code: str
    name: str
    counts: Counts
    parts: tuple[tuple[str, int], ...]  # (table name, not issued given to this commune)
    aliases: tuple[str, ...]
    estimated: frozenset[str]
    priority: int | None


def _add(total: Counts, part: Mapping[str, int | None]) -> None:
    """Add ``part`` into ``total``: a field missing on one side stays unknown (None)."""
    for key in COUNT_FIELDS:
        value = part.get(key)
        if key in REASON_FIELDS:
            if value is not None:
                total[key] = (total.get(key) or 0) + value
        elif key not in total:
            total[key] = value
        else:
            current = total[key]
            total[key] = None if current is None or value is None else current + value


@dataclass(frozen=True)
class UnitMapping:
    """The outcome of :func:`map_rows`: every line, the problems, the rows waiting for the
    user's choice, the rows left out by choice, the era the table was read as, the choices
    that were used, and the figures per commune."""

    lines: tuple[MappingLine, ...]
    problems: tuple[Problem, ...]
    new_units: Mapping[str, NewUnit]
    rows: tuple[RowFigures, ...] = ()
    split_rule: str = ""
    pending: tuple[PendingRow, ...] = ()
    left_out: tuple[RowFigures, ...] = ()
    era: EraReading | None = None
    #: The planner's choices that settled a row of this table (kept with the scenario).
    choices_used: tuple[RowChoice, ...] = ()
    #: The communes the open rows may also be given (every 2025 commune of the provinces).
    province_communes: tuple[str, ...] = ()

    @property
    def ok(self) -> bool:
        """True when nothing stops the scenario from being written."""
        return not any(p.is_error for p in self.problems)

    @property
    def errors(self) -> tuple[Problem, ...]:
        """The problems that stop the scenario from being written."""
        return tuple(p for p in self.problems if p.is_error)

    def communes(self) -> dict[str, MergedCommune]:
        """Figures per 2025 commune, in the order the table first names them."""
        totals: dict[str, Counts] = {}
        parts: dict[str, list[tuple[str, int]]] = {}
        aliases: dict[str, list[str]] = {}
        estimated: dict[str, set[str]] = {}
        priority: dict[str, int | None] = {}
        for line in self.lines:
            for code, counts in line.shares:
                _add(totals.setdefault(code, {}), counts)
                parts.setdefault(code, []).append((line.name, counts.get("not_issued") or 0))
                if line.is_split:
                    estimated.setdefault(code, set()).update(
                        k for k, v in counts.items() if v is not None
                    )
                elif line.name != self.new_units[code].name:
                    aliases.setdefault(code, []).append(line.name)
                if line.priority is not None:
                    priority[code] = max(priority.get(code) or 1, line.priority)
        return {
            code: MergedCommune(
                code,
                self.new_units[code].name,
                counts,
                tuple(parts[code]),
                tuple(dict.fromkeys(aliases.get(code, []))),
                frozenset(estimated.get(code, set())),
                priority.get(code),
            )
            for code, counts in totals.items()
        }

    def totals(self) -> tuple[Counts, Counts]:
        """Per figure: the table's total and the total after mapping plus the rows left out
        (they must be equal)."""
        before: Counts = {}
        for row in self.rows:
            _add(before, row.counts)
        after: Counts = {}
        for merged in self.communes().values():
            _add(after, merged.counts)
        for row in self.left_out:
            _add(after, row.counts)
        return before, after

    def left_out_totals(self) -> Counts:
        """The figures of the rows left out by the planner's choice."""
        total: Counts = {}
        for row in self.left_out:
            _add(total, row.counts)
        return total

    def report_lines(self, lang: str = "vi") -> list[str]:
        """Every old → new line, the sums per 2025 commune and the totals before and after."""
        out = [self.era.text(lang)] if self.era is not None else []
        out.append(tr(lang, "Quy đổi sang xã sau 01/7/2025:", "Mapped to communes after 1/7/2025:"))
        out += [f"  {_line_text(line, self.new_units, lang)}" for line in self.lines]
        for row in self.left_out:
            out.append(
                "  "
                + tr(lang, f"dòng {row.row}: ", f"row {row.row}: ")
                + f"{row.name} "
                + tr(lang, "— bỏ ra theo lựa chọn: ", "— left out by choice: ")
                + fmt_int(row.counts.get("not_issued"), lang)
            )
        merged = self.communes()
        if merged:
            out.append(tr(lang, "Theo xã mới:", "Per 2025 commune:"))
            for commune in merged.values():
                out.append(f"  {_sum_text(commune, lang)}")
        before, after = self.totals()
        for key in ("not_issued", "of_age", "issued", *REASON_FIELDS):
            if before.get(key) is None and after.get(key) is None:
                continue
            mark = "=" if before.get(key) == after.get(key) else "≠"
            left = self.left_out_totals().get(key)
            mapped = after.get(key)
            if left is not None and mapped is not None:
                mapped -= left
            dropped = (
                " + "
                + tr(lang, "bỏ ra ", "left out ")
                + fmt_int(left, lang)
                + tr(lang, f" ({len(self.left_out)} dòng)", f" ({len(self.left_out)} rows)")
                if self.left_out
                else ""
            )
            out.append(
                tr(lang, "Tổng ", "Total ")
                + f"{say(_FIELD_LABELS, key, lang, strict=False)}: "
                + tr(lang, "bảng ", "table ")
                + f"{fmt_int(before.get(key), lang)} {mark} "
                + tr(lang, "sau quy đổi ", "mapped ")
                + f"{fmt_int(mapped, lang)}{dropped}"
            )
        out.append(
            tr(
                lang,
                f"{len(self.rows)} dòng của bảng → {len(merged)} xã sau 01/7/2025.",
                f"{len(self.rows)} table rows → {len(merged)} communes after 1/7/2025.",
            )
        )
        return out


_FIELD_LABELS = {
    "not_issued": ("chưa cấp", "not issued"),
    "of_age": ("trong độ tuổi", "of ID age"),
    "issued": ("đã cấp", "issued"),
    **{r.value: (r.label_vi.lower(), r.label_en.lower()) for r in NonCollectableReason},
}


def _unit_text(code: str, units: Mapping[str, NewUnit]) -> str:
    unit = units.get(code)
    return f"{unit.name} ({code})" if unit else code


def _line_text(line: MappingLine, units: Mapping[str, NewUnit], lang: str) -> str:
    """'dòng 5: Xã A Dơk [cũ, Huyện Đăk Đoa] → Xã Ia Băng (23710): 603 — …'."""
    where = tr(lang, f"dòng {line.row}", f"row {line.row}")
    kind = {
        "new": tr(lang, "xã 2025", "2025 commune"),
        "old": tr(lang, "đơn vị cũ", "old unit"),
        "assigned": tr(lang, "theo lựa chọn", "as assigned"),
    }[line.source]
    if line.source == "old" and "chosen" in line.how:
        kind += tr(lang, ", theo lựa chọn", ", as chosen")
    if line.old is not None and line.source != "new":
        kind += f", {line.old.district}" if line.old.district else ""
    shares = "; ".join(
        f"{_unit_text(code, units)}: {fmt_int(c.get('not_issued'), lang)}"
        + ("*" if line.is_split else "")
        for code, c in line.shares
    )
    text = f"{where}: {line.name} [{kind}] → {shares}"
    notes = [_how_text(how, line, units, lang) for how in line.how]
    notes = [n for n in notes if n]
    return text + (" — " + "; ".join(notes) if notes else "")


def _how_text(how: str, line: MappingLine, units: Mapping[str, NewUnit], lang: str) -> str:
    doubted = ", ".join(_unit_text(c, units) for c in (line.old.doubted if line.old else ()))
    texts = {
        "variant": ("khớp khi bỏ dấu", "matched ignoring diacritics"),
        "context": ("chọn huyện theo các dòng khác", "district chosen from the other rows"),
        "consistent": (
            "đọc là đơn vị cũ để không tính hai lần"
            if line.source == "old"
            else "đọc là xã 2025 để không tính hai lần",
            "read as the former unit so that nothing counts twice"
            if line.source == "old"
            else "read as the 2025 commune so that nothing counts twice",
        ),
        "resolution": (
            f"theo danh sách sáp nhập của Nghị quyết; bảng chuyển đổi công khai ghi {doubted}",
            f"per the resolution's list of merged units; the public crosswalk says {doubted}",
        ),
        "clause": (
            "điều khoản của Nghị quyết xác nhận bảng chuyển đổi",
            "the resolution's clause confirms the crosswalk",
        ),
        "population": ("* chia theo dân số xã mới (ước tính)", "* split by population (estimate)"),
        "area": ("* chia theo diện tích các xã mới (ước tính)", "* split by area (estimate)"),
        "area_fallback": (
            "* chia theo diện tích vì lớp bản đồ thiếu số dân đáng tin (ước tính)",
            "* split by area: the layer lacks a reliable population (estimate)",
        ),
    }
    pair = texts.get(how)
    return tr(lang, *pair) if pair else ""


def _sum_text(commune: MergedCommune, lang: str) -> str:
    """'Xã Đak Đoa (23677) = Thị trấn Đăk Đoa 2.405 + Xã Tân Bình 428 = 2.833'."""
    parts = " + ".join(f"{name} {fmt_int(n, lang)}" for name, n in commune.parts)
    star = "*" if commune.estimated else ""
    total = fmt_int(commune.counts.get("not_issued"), lang) + star
    head = f"{commune.name} ({commune.code})"
    if len(commune.parts) == 1 and commune.parts[0][0] == commune.name:
        return f"{head} = {total}"
    return f"{head} = {parts} = {total}" if len(commune.parts) > 1 else f"{head} = {parts}{star}"


# --- matching -----------------------------------------------------------------------------------


@dataclass
class _Hits:
    """What a row's name may mean: 2025 communes and old units, each at its own key level."""

    new: list[str] = field(default_factory=list)
    old: list[str] = field(default_factory=list)
    hint: str = ""
    how: list[str] = field(default_factory=list)
    new_level: int = -1
    old_level: int = -1

    @property
    def shared(self) -> bool:
        """True when the name is both a 2025 commune's and a former unit's."""
        return bool(self.new) and bool(self.old)


class _Matcher:
    """Names of the chosen provinces' 2025 communes and old units, indexed by key level."""

    def __init__(
        self,
        new_units: Mapping[str, NewUnit],
        old_units: Mapping[str, OldUnit],
        provinces: Collection[str],
    ) -> None:
        self.new_units, self.old_units = new_units, old_units
        self.pool_new = [u for u in new_units.values() if u.province_code in provinces]
        self.pool_old = [u for u in old_units.values() if u.province_code in provinces]
        self.new_index: list[dict[str, list[str]]] = [{} for _ in NAME_KEYS]
        self.old_index: list[dict[str, list[str]]] = [{} for _ in NAME_KEYS]
        for level, key in enumerate(NAME_KEYS):
            for n in self.pool_new:
                self.new_index[level].setdefault(key(n.name), []).append(n.code)
            for o in self.pool_old:
                self.old_index[level].setdefault(key(o.name), []).append(o.code)
        self.districts = tuple(dict.fromkeys(o.district for o in self.pool_old if o.district))

    def _first(
        self, index: list[dict[str, list[str]]], name: str, district: str = ""
    ) -> tuple[int, list[str]]:
        """The first key level with units of that name (of ``district`` when given)."""
        for level, key in enumerate(NAME_KEYS):
            codes = index[level].get(key(name), [])
            if district:
                codes = [c for c in codes if district_matches(district, self.old_units[c].district)]
            if codes:
                return level, list(codes)
        return -1, []

    def hits(self, row: RowFigures) -> _Hits:
        """The 2025 communes and old units the row's name may mean. A district written in the
        row keeps only that district's old units; the table's district (a subtotal row) keeps
        them when it has any; a prefix that no longer exists ("Thị trấn") rules out 2025."""
        name, hint = split_district_hint(row.name)
        if hint:
            old_level, old = self._first(self.old_index, name, hint)
            return _Hits([], old, hint, [], -1, old_level)
        old_level, old = -1, []
        if row.district:
            old_level, old = self._first(self.old_index, name, row.district)
        if not old:
            old_level, old = self._first(self.old_index, name)
        new_level, new = -1, list[str]()
        if split_prefix(name)[0] not in FORMER_PREFIXES:
            new_level, new = self._first(self.new_index, name)
        return _Hits(new, old, "", [], new_level, old_level)

    def closest(self, row: RowFigures) -> list[tuple[str, str]]:
        """The closest 2025 and old names (code, label), for the 'not found' message; old
        units' codes start with ``old:``."""
        targets = [(u.code, u.name) for u in self.pool_new]
        targets += [(f"old:{u.code}", f"{u.name} ({u.district}, cũ)") for u in self.pool_old]
        name = split_district_hint(row.name)[0]
        return [(c.code, c.name) for c in closest_names(name, targets, 5)]

    def offers(self, row: RowFigures) -> list[Offer]:
        """Former units and 2025 communes that nearly match the row (open_rows.near_offers)."""
        name = split_district_hint(row.name)[0]
        return near_offers(name, row.district_given(), self.pool_old, self.pool_new)


def _context_districts(hits: Sequence[_Hits], old_units: Mapping[str, OldUnit]) -> set[str]:
    """Districts of the rows that name exactly one old unit: the table's own districts."""
    return {old_units[h.old[0]].district for h in hits if len(h.old) == 1}


def _narrow_by_context(hits: _Hits, context: set[str], old_units: Mapping[str, OldUnit]) -> None:
    """Several old units of that name in different districts: keep those of the table's."""
    districts = {old_units[c].district for c in hits.old}
    if len(hits.old) < 2 or len(districts) < 2 or hits.hint:
        return
    kept = [c for c in hits.old if old_units[c].district in context]
    if kept and len(kept) < len(hits.old):
        hits.old = kept
        hits.how.append("context")


def _narrow_by_code(hits: _Hits, code: str, new_codes: bool = False) -> None:
    """A code written in the row picks the unit of that code among the name's meanings (with
    ``new_codes``, a 2025 commune's code picks it over an old unit that had the same code)."""
    if not code:
        return
    code = code.zfill(5) if code.isdigit() else code  # Excel drops the leading zero
    new = [c for c in hits.new if c == code]
    old = [] if new and new_codes else [c for c in hits.old if c == code]
    if new or old:
        hits.new, hits.old = new, old
        if "context" in hits.how:  # the code chose, not the other rows' districts
            hits.how.remove("context")


def _read_as_era(found: Sequence[_Hits], signs: TableSigns | None) -> EraReading:
    """The table's era from its rows' readings and its signs; then every shared name takes
    the era's reading (``era`` in the line's ``how``)."""
    former = sum(1 for h in found if h.old and not h.new)
    new = sum(1 for h in found if h.new and not h.old)
    shared = sum(1 for h in found if h.shared)
    reading = decide(former, new, shared, signs or TableSigns())
    for hits in found:
        if not hits.shared:
            continue
        if reading.era == Era.FORMER:
            hits.new = []
            hits.how.append("era")
        elif reading.era == Era.NEW:
            hits.old = []
            hits.how.append("era")
    return reading


def _settle_shared(found: Sequence[_Hits], old_units: Mapping[str, OldUnit]) -> None:
    """In a mixed or undecided table, a shared name takes the reading that counts nothing twice:
    the former unit when another row's former unit also went into the 2025 commune of that
    name, the 2025 commune when another row is the 2025 commune the former unit went into; the
    2025 commune when both lead to the same place; else it stays open (the planner decides)."""
    settled_new = {c for h in found if h.new and not h.old for c in h.new}
    settled_old = {
        t for h in found if len(h.old) == 1 and not h.new for t in old_units[h.old[0]].targets
    }
    for hits in found:
        if not hits.shared:
            continue
        targets = {t for c in hits.old for t in old_units[c].targets}
        if set(hits.new) & settled_old:
            hits.new = []
            hits.how.append("consistent")
        elif targets & settled_new:
            hits.old = []
            hits.how.append("consistent")
        elif len(hits.old) == 1 and targets == set(hits.new):
            hits.old = []


def _outcome(hits: _Hits, old_units: Mapping[str, OldUnit]) -> dict[tuple[str, ...], str]:
    """Each distinct meaning of the row (targets) → one unit having it ('old:' + code or code)."""
    outcomes: dict[tuple[str, ...], str] = {}
    for code in hits.old:
        unit = old_units[code]
        key = ("ask", code) if unit.basis == Basis.ASK else unit.targets
        outcomes.setdefault(key, f"old:{code}")
    for code in hits.new:
        outcomes.setdefault((code,), code)
    return outcomes


@dataclass(frozen=True)
class _Context:
    """What every row's resolution needs."""

    new_units: Mapping[str, NewUnit]
    old_units: Mapping[str, OldUnit]
    choices: ChoiceIndex
    split_rule: str
    file: str


def map_rows(
    rows: Sequence[RowFigures],
    new_units: Mapping[str, NewUnit],
    old_units: Mapping[str, OldUnit],
    provinces: Collection[str],
    *,
    assignments: Mapping[str, str] | None = None,
    choices: Sequence[RowChoice] = (),
    split_rule: str = "",
    area: Collection[str] | None = None,
    file: str = "",
    new_codes: bool = False,
    signs: TableSigns | None = None,
) -> UnitMapping:
    """Map table rows (old, new or mixed names) to the 2025 communes; see the module docstring.

    ``new_units``: every 2025 unit that may be named (targets outside the chosen provinces too);
    ``old_units``: old units after :func:`correct_crosswalk`; ``provinces``: the 2025 province
    codes whose names the table may use; ``choices`` (and ``assignments``: table name → 2025
    code, the ``--assign`` form): the planner's choices for rows (a former unit, a 2025 commune,
    or leave out); ``split_rule``: one of :data:`SPLIT_RULES` or empty (a split unit is then an
    error); ``area``: 2025 codes the figures must fall in; ``new_codes``: the codes in the rows
    are 2025 codes (a table of 2025 communes, as the national what-if reads), so an old unit that
    had the same code is not another meaning; ``signs``: what the table says of its era apart
    from its rows (:func:`planning.drafting.era.table_signs`).
    """
    if split_rule and split_rule not in SPLIT_RULES:
        raise ValueError(f"unknown split rule {split_rule!r}")
    matcher = _Matcher(new_units, old_units, provinces)
    index = ChoiceIndex([*assignments_as_choices(assignments or {}), *choices])
    ctx = _Context(new_units, old_units, index, split_rule, file)
    found = [matcher.hits(r) for r in rows]
    context = _context_districts(found, old_units)
    for row, hits in zip(rows, found, strict=True):
        _narrow_by_context(hits, context, old_units)
        _narrow_by_code(hits, row.code, new_codes)
    era = _read_as_era(found, signs)
    if era.era in (Era.MIXED, Era.UNKNOWN):
        _settle_shared(found, old_units)
    lines: list[MappingLine] = []
    problems: list[Problem] = []
    pending: list[PendingRow] = []
    left_out: list[RowFigures] = []
    used: list[RowChoice] = []
    for row, hits in zip(rows, found, strict=True):
        chosen = index.find(row.name, row.district_given())
        resolved = (
            _apply_choice(row, hits, chosen, ctx) if chosen else _resolve(row, hits, ctx, matcher)
        )
        problems += resolved.problems
        if chosen is not None and not any(p.is_error for p in resolved.problems):
            used.append(chosen)
        if resolved.line is not None:
            lines.append(resolved.line)
        elif chosen is not None and chosen.kind == ChoiceKind.LEAVE_OUT:
            left_out.append(row)
        if resolved.offers is not None:
            pending.append(_pending_row(row, resolved, matcher))
    problems += _double_counted(lines, new_units, file)
    if area is not None:
        problems += _outside_area(lines, set(area), new_units, file)
    return UnitMapping(
        tuple(lines),
        tuple(problems),
        new_units,
        tuple(rows),
        split_rule,
        tuple(pending),
        tuple(left_out),
        era,
        tuple(dict.fromkeys(used)),
        tuple(u.code for u in matcher.pool_new),
    )


def _pending_row(row: RowFigures, resolved: _Resolved, matcher: _Matcher) -> PendingRow:
    """The open row: its own offers first (meanings, split targets), then, for a name found
    nowhere or meaning several things, the near matches."""
    near = matcher.offers(row) if resolved.why in ("not_found", "ambiguous") else []
    offers = unique_offers([*(resolved.offers or ()), *near])
    targets = tuple(dict.fromkeys(t for o in offers for t in o.targets))
    return PendingRow(
        row.row,
        row.name,
        targets,
        row.district_given(),
        row.counts.get("not_issued"),
        offers,
        resolved.why,
    )


def _counts(row: RowFigures) -> Counts:
    return {k: row.counts.get(k) for k in COUNT_FIELDS if row.counts.get(k) is not None}


@dataclass(frozen=True)
class _Resolved:
    """A row's line, or the problem that stops it; ``offers``: what to offer when the planner
    can settle the row by a choice (``why`` it is open)."""

    line: MappingLine | None
    problems: list[Problem]
    offers: tuple[Offer, ...] | None = None
    why: str = ""


def _apply_choice(row: RowFigures, hits: _Hits, chosen: RowChoice, ctx: _Context) -> _Resolved:
    """A row settled by the planner's choice: left out, a 2025 commune, or a former unit."""
    if chosen.kind == ChoiceKind.LEAVE_OUT:
        return _Resolved(None, [])
    if chosen.kind == ChoiceKind.COMMUNE:
        if chosen.code not in ctx.new_units:
            return _Resolved(None, [_bad_assignment(row, chosen.code, ctx.file)])
        only_old = ctx.old_units[hits.old[0]] if len(hits.old) == 1 else None
        one = ((chosen.code, _counts(row)),)
        line = MappingLine(
            row.row, row.name, "assigned", one, only_old, ("assigned",), row.priority
        )
        return _Resolved(line, [])
    unit = ctx.old_units.get(chosen.code)
    if unit is None:
        return _Resolved(None, [_bad_assignment(row, chosen.code, ctx.file, former=True)])
    return _resolve_old(row, unit, [], ("chosen",), ctx)


def _resolve(row: RowFigures, hits: _Hits, ctx: _Context, matcher: _Matcher) -> _Resolved:
    """One row → its line, or the problem that stops it (and what to offer)."""
    if not hits.new and not hits.old:
        close = matcher.closest(row)
        return _Resolved(None, [_not_found(row, hits, close, ctx.file)], (), "not_found")
    outcomes = _outcome(hits, ctx.old_units)
    if len(outcomes) > 1:
        offers = tuple(_meaning_offer(m, ctx) for m in outcomes.values())
        return _Resolved(None, [_ambiguous(row, outcomes, ctx, ctx.file)], offers, "ambiguous")
    meaning = next(iter(outcomes.values()))
    is_old = meaning.startswith("old:")
    variant = (hits.old_level if is_old else hits.new_level) == len(NAME_KEYS) - 1
    how = [*hits.how, *(["variant"] if variant else [])]
    warnings = _match_warnings(row, how, hits, ctx)
    if not is_old:
        one = ((meaning, _counts(row)),)
        line = MappingLine(row.row, row.name, "new", one, None, tuple(how), row.priority)
        return _Resolved(line, warnings)
    return _resolve_old(row, ctx.old_units[meaning[4:]], warnings, tuple(how), ctx)


def _resolve_old(
    row: RowFigures, unit: OldUnit, warnings: list[Problem], how: tuple[str, ...], ctx: _Context
) -> _Resolved:
    """A row that is the former unit ``unit``: its figures go where the unit went (summed,
    split by the rule, or an open row when the crosswalk is doubted or no rule is given)."""
    how = (*how, *([unit.basis.value] if unit.basis != Basis.CROSSWALK else []))
    if unit.basis == Basis.ASK or not unit.targets:
        offers = _commune_offers((*unit.doubted, *unit.targets), ctx)
        return _Resolved(None, [_ask(row, unit, ctx)], offers, "ask")
    notes = warnings + _resolution_notes(row, unit, ctx)
    if not unit.is_split:
        whole = ((unit.targets[0], _counts(row)),)
        line = MappingLine(row.row, row.name, "old", whole, unit, how, row.priority)
        return _Resolved(line, notes)
    if not ctx.split_rule:
        offers = _commune_offers(unit.targets, ctx)
        return _Resolved(None, [_split_without_rule(row, unit, ctx)], offers, "split")
    weights, rule = _split_weights(unit, ctx)
    parts = split_counts(_counts(row), weights)
    shares = tuple(zip(unit.targets, parts, strict=True))
    line = MappingLine(row.row, row.name, "old", shares, unit, (*how, rule), row.priority)
    return _Resolved(line, [*notes, _split_note(row, line, ctx)])


def _commune_offers(codes: Iterable[str], ctx: _Context) -> tuple[Offer, ...]:
    return tuple(
        commune_offer(ctx.new_units[c]) for c in dict.fromkeys(codes) if c in ctx.new_units
    )


def _meaning_offer(meaning: str, ctx: _Context) -> Offer:
    """One meaning of an ambiguous row as an offer (a former unit, or a 2025 commune)."""
    if meaning.startswith("old:"):
        return former_offer(ctx.old_units[meaning[4:]])
    return commune_offer(ctx.new_units[meaning])


def _split_weights(unit: OldUnit, ctx: _Context) -> tuple[list[float], str]:
    """Weights of a split's 2025 communes by the rule, and the rule actually used."""
    targets = [ctx.new_units.get(c) for c in unit.targets]
    if ctx.split_rule == "population":
        people = [t.population if t is not None else None for t in targets]
        if all(p is not None and p >= MIN_SPLIT_POPULATION for p in people):
            return [float(p or 0) for p in people], "population"
        rule = "area_fallback"
    else:
        rule = "area"
    return [float(t.area_km2 or 0.0) if t is not None else 0.0 for t in targets], rule


# --- problems -----------------------------------------------------------------------------------

_ASSIGN_FIX_VI = (
    'chọn cho dòng này một đơn vị cũ (--assign-former "Tên trong bảng=MÃ_CŨ"), một xã 2025 '
    '(--assign "Tên trong bảng=MÃ") hoặc bỏ dòng ra (--leave-out "Tên trong bảng"); trang Dữ '
    "liệu: chọn trong danh sách. Lựa chọn được lưu với kịch bản"
)
_ASSIGN_FIX_EN = (
    'choose for this row a former unit (--assign-former "Name in table=FORMER_CODE"), a 2025 '
    'commune (--assign "Name in table=CODE") or leave it out (--leave-out "Name in table"); Data '
    "page: pick from the list. The choice is kept with the scenario"
)


def _names(codes: Iterable[str], units: Mapping[str, NewUnit]) -> str:
    return ", ".join(_unit_text(c, units) for c in codes) or "—"


def _not_found(
    row: RowFigures, hits: _Hits, close: Sequence[tuple[str, str]], file: str
) -> Problem:
    closest = (
        ", ".join(f'"{n}"' + ("" if c.startswith("old:") else f" ({c})") for c, n in close) or "—"
    )
    if hits.hint:
        vi = f'Không có đơn vị cũ "{row.name}" (huyện "{hits.hint}") trong tỉnh đã chọn.'
        en = f'No old unit "{row.name}" (district "{hits.hint}") in the chosen province(s).'
    else:
        vi = f'Không tìm thấy "{row.name}" trong các xã 2025 hay các đơn vị cũ của tỉnh đã chọn.'
        en = f'"{row.name}" is neither a 2025 commune nor an old unit of the chosen province(s).'
    return error(
        f"{vi} Gần giống nhất: {closest}.",
        f"{en} Closest: {closest}.",
        file=file,
        row=row.row,
        field="Đơn vị",
        fix_vi="sửa tên, ghi kèm huyện cũ trong ngoặc, chọn đúng tỉnh, hoặc " + _ASSIGN_FIX_VI,
        fix_en="correct the name, add the old district in brackets, choose the right province, "
        "or " + _ASSIGN_FIX_EN,
    )


def _meaning_text(meaning: str, key: tuple[str, ...], ctx: _Context, lang: str) -> str:
    if not meaning.startswith("old:"):
        return tr(lang, "xã 2025 ", "2025 commune ") + _unit_text(meaning, ctx.new_units)
    unit = ctx.old_units[meaning[4:]]
    where = tr(lang, "đơn vị cũ ", "old unit ") + unit.label()
    if key[:1] == ("ask",):
        return where + tr(lang, " (chưa rõ vào xã nào)", " (unclear where it went)")
    return f"{where} → {_names(unit.targets, ctx.new_units)}"


def _ambiguous(
    row: RowFigures, outcomes: Mapping[tuple[str, ...], str], ctx: _Context, file: str
) -> Problem:
    vi = "; ".join(_meaning_text(m, k, ctx, "vi") for k, m in outcomes.items())
    en = "; ".join(_meaning_text(m, k, ctx, "en") for k, m in outcomes.items())
    return error(
        f'Tên "{row.name}" có thể là: {vi}.',
        f'Name "{row.name}" may mean: {en}.',
        file=file,
        row=row.row,
        field="Đơn vị",
        fix_vi='ghi kèm huyện cũ trong ngoặc, ví dụ "Quang Trung (Trùng Khánh)", hoặc '
        + _ASSIGN_FIX_VI,
        fix_en='add the old district in brackets, e.g. "Quang Trung (Trùng Khánh)", or '
        + _ASSIGN_FIX_EN,
    )


def _ask(row: RowFigures, unit: OldUnit, ctx: _Context) -> Problem:
    doubted = _names(unit.doubted, ctx.new_units)
    return error(
        f'"{row.name}" ({unit.label()}): bảng chuyển đổi công khai ghi vào {doubted}, nhưng danh '
        "sách đơn vị sáp nhập của Nghị quyết không nêu đơn vị này ở đó và không nêu ở xã nào khác "
        "trong tỉnh; không tự chọn.",
        f'"{row.name}" ({unit.label()}): the public crosswalk puts it in {doubted}, but the '
        "resolution's list of merged units names it neither there nor anywhere else in the "
        "province; not guessed.",
        file=ctx.file,
        row=row.row,
        field="Đơn vị",
        fix_vi=_ASSIGN_FIX_VI,
        fix_en=_ASSIGN_FIX_EN,
    )


def _split_without_rule(row: RowFigures, unit: OldUnit, ctx: _Context) -> Problem:
    targets = _names(unit.targets, ctx.new_units)
    return error(
        f'"{row.name}" ({unit.label()}) đã được chia cho nhiều xã: {targets}. Số liệu không '
        "được tự chia.",
        f'"{row.name}" ({unit.label()}) was split between several communes: {targets}. Its '
        "figures are not split silently.",
        file=ctx.file,
        row=row.row,
        field="Đơn vị",
        fix_vi="chọn cách chia (--split-rule population: theo dân số; --split-rule area: theo "
        "diện tích), hoặc " + _ASSIGN_FIX_VI,
        fix_en="choose a split rule (--split-rule population or --split-rule area), or "
        + _ASSIGN_FIX_EN,
    )


def _split_note(row: RowFigures, line: MappingLine, ctx: _Context) -> Problem:
    vi = "; ".join(
        f"{_unit_text(c, ctx.new_units)} {fmt_int(n.get('not_issued'))}" for c, n in line.shares
    )
    en = "; ".join(
        f"{_unit_text(c, ctx.new_units)} {fmt_int(n.get('not_issued'), 'en')}"
        for c, n in line.shares
    )
    rule_vi = {"population": "dân số", "area": "diện tích", "area_fallback": "diện tích"}
    rule = line.how[-1]
    return warning(
        f'"{row.name}" được chia theo {rule_vi[rule]} các xã mới (số ước tính, đánh dấu *): {vi}.',
        f'"{row.name}" was split by the new communes\' {rule.replace("_fallback", "")} '
        f"(estimates, marked *): {en}.",
        file=ctx.file,
        row=row.row,
        field="Đơn vị",
        fix_vi="nếu biết số thật, sửa trong bảng xã của kịch bản hoặc " + _ASSIGN_FIX_VI,
        fix_en="if the real figures are known, edit them in the scenario or " + _ASSIGN_FIX_EN,
    )


def _resolution_notes(row: RowFigures, unit: OldUnit, ctx: _Context) -> list[Problem]:
    if unit.basis != Basis.RESOLUTION:
        return []
    doubted, targets = _names(unit.doubted, ctx.new_units), _names(unit.targets, ctx.new_units)
    return [
        warning(
            f'"{row.name}" ({unit.label()}): bảng chuyển đổi công khai ghi vào {doubted}; theo '
            f"danh sách đơn vị sáp nhập của Nghị quyết, đơn vị này vào {targets} — đã theo "
            "Nghị quyết.",
            f'"{row.name}" ({unit.label()}): the public crosswalk puts it in {doubted}; the '
            f"resolution's list of merged units puts it in {targets} — the resolution was "
            "followed.",
            file=ctx.file,
            row=row.row,
            field="Đơn vị",
        )
    ]


def _match_warnings(
    row: RowFigures, how: Sequence[str], hits: _Hits, ctx: _Context
) -> list[Problem]:
    out: list[Problem] = []
    if "variant" in how:
        out.append(
            warning(
                f'Tên "{row.name}" được ghép khi bỏ dấu; hãy kiểm tra.',
                f'Name "{row.name}" was matched ignoring diacritics; please check.',
                file=ctx.file,
                row=row.row,
                field="Đơn vị",
            )
        )
    if "context" in how and hits.old:
        unit = ctx.old_units[hits.old[0]]
        out.append(
            warning(
                f'Có nhiều đơn vị cũ tên "{row.name}" trong tỉnh; đã chọn {unit.label()} vì các '
                "dòng khác của bảng thuộc huyện này.",
                f'Several old units are named "{row.name}" in the province; {unit.label()} was '
                "chosen because the table's other rows are in that district.",
                file=ctx.file,
                row=row.row,
                field="Đơn vị",
                fix_vi='nếu sai, ghi kèm huyện trong ngoặc, ví dụ "Tên (Huyện)"',
                fix_en='if wrong, add the district in brackets, e.g. "Name (District)"',
            )
        )
    return out


def _bad_assignment(row: RowFigures, code: str, file: str, former: bool = False) -> Problem:
    if former:
        return error(
            f'Lựa chọn cho "{row.name}": không có đơn vị cũ mã "{code}" trong tỉnh đã chọn.',
            f'Choice for "{row.name}": there is no former unit with code "{code}" in the '
            "chosen province(s).",
            file=file,
            row=row.row,
            field="--assign-former",
            fix_vi="dùng mã 5 chữ số của một xã, phường, thị trấn trước 01/7/2025 của tỉnh",
            fix_en="use the 5-digit code of a commune, ward or town of the province before "
            "1/7/2025",
        )
    return error(
        f'Lựa chọn cho "{row.name}": không có xã 2025 mã "{code}".',
        f'Choice for "{row.name}": there is no 2025 commune with code "{code}".',
        file=file,
        row=row.row,
        field="--assign",
        fix_vi="dùng mã 5 chữ số của một xã sau 01/7/2025",
        fix_en="use the 5-digit code of a commune after 1/7/2025",
    )


def _double_counted(
    lines: Sequence[MappingLine], units: Mapping[str, NewUnit], file: str
) -> list[Problem]:
    """A 2025 commune's own row already counts its old units: both in one table count twice."""
    new_rows = {line.shares[0][0]: line for line in lines if line.source == "new"}
    problems = []
    for line in lines:
        if line.source == "new":
            continue
        for code, _ in line.shares:
            if code in new_rows:
                other = new_rows[code]
                problems.append(
                    error(
                        f'Dòng {other.row} là xã 2025 "{other.name}" ({code}), đã gồm cả đơn vị cũ '
                        f'"{line.name}" (dòng {line.row}): số liệu sẽ bị tính hai lần.',
                        f'Row {other.row} is the 2025 commune "{other.name}" ({code}), which '
                        f'already includes the old unit "{line.name}" (row {line.row}): its '
                        "figures would be counted twice.",
                        file=file,
                        row=line.row,
                        field="Đơn vị",
                        fix_vi="bỏ một trong hai dòng, hoặc " + _ASSIGN_FIX_VI,
                        fix_en="remove one of the two rows, or " + _ASSIGN_FIX_EN,
                    )
                )
    return problems


def _outside_area(
    lines: Sequence[MappingLine], area: set[str], units: Mapping[str, NewUnit], file: str
) -> list[Problem]:
    """Figures that would land in a 2025 commune outside the chosen area."""
    problems = []
    for line in lines:
        outside = [code for code, _ in line.shares if code not in area]
        if outside:
            names = _names(outside, units)
            problems.append(
                error(
                    f'"{line.name}" thuộc {names}, không nằm trong địa bàn đã chọn.',
                    f'"{line.name}" belongs to {names}, which is outside the chosen area.',
                    file=file,
                    row=line.row,
                    field="Đơn vị",
                    fix_vi="thêm xã đó vào địa bàn (--area), bỏ dòng này, hoặc " + _ASSIGN_FIX_VI,
                    fix_en="add that commune to the area (--area), remove the row, or "
                    + _ASSIGN_FIX_EN,
                )
            )
    return problems
