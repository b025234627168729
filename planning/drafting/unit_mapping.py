"""Pre-2025 commune-level units → the 2025 communes: the rules, no files.

On 1 July 2025 some 10,000 communes, wards and towns were merged into 3,321 units. Tables, reports
and people still use the old names. The rules that turn a table of old, new or mixed names into
figures per 2025 commune live here (drafting rules); :mod:`planning.io.layer2025` reads the files.

* Old units come with their 2025 targets after the crosswalk's corrections
  (:func:`planning.drafting.crosswalk.correct_crosswalk`; Đak Đoa's A Dơk went into Ia Băng).
* A table row is matched to a 2025 commune or to an old unit of the chosen province(s), with the
  keys of :mod:`planning.names` (prefixed, strict, then loose), narrowed by an old district written
  in the row ("A Dơk (Đak Đoa)") or else by the districts of the table's other rows
  (:func:`map_rows`). A name that means different things is never guessed.
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

from planning.domain import NonCollectableReason, apportion
from planning.drafting.crosswalk import NAME_KEYS, Basis, OldUnit, district_matches
from planning.errors import Problem, error, warning
from planning.formatting import fmt_int
from planning.io.layer2025 import NewUnit
from planning.names import closest_names, name_key, prefixed_key
from planning.wording import say, tr

#: How a split old unit's figures may be shared between its 2025 communes (``--split-rule``).
SPLIT_RULES: tuple[str, ...] = ("population", "area")
REASON_FIELDS: tuple[str, ...] = tuple(r.value for r in NonCollectableReason)
#: The figures a row carries, by the field names of the backlog table.
COUNT_FIELDS: tuple[str, ...] = ("of_age", "issued", "not_issued", *REASON_FIELDS)
#: A split by population needs this many people in each 2025 commune (smaller figures in the
#: layer are truncated values: README-2025, "Population is unreliable").
MIN_SPLIT_POPULATION = 1000

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
    ``assigned`` (the user's choice). ``how`` says how it was matched or split (``exact``,
    ``variant``, ``district``, ``context``, ``population``, ``area``, ``assigned``).
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
class PendingRow:
    """A row the user can settle by choosing its 2025 commune, with the communes to offer."""

    row: int
    name: str
    choices: tuple[str, ...]


@dataclass(frozen=True)
class UnitMapping:
    """The outcome of :func:`map_rows`: every line, the problems, the rows waiting for the
    user's choice, and the figures per commune."""

    lines: tuple[MappingLine, ...]
    problems: tuple[Problem, ...]
    new_units: Mapping[str, NewUnit]
    rows: tuple[RowFigures, ...] = ()
    split_rule: str = ""
    pending: tuple[PendingRow, ...] = ()

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
        """Per figure: the table's total and the total after mapping (they must be equal)."""
        before: Counts = {}
        for row in self.rows:
            _add(before, row.counts)
        after: Counts = {}
        for merged in self.communes().values():
            _add(after, merged.counts)
        return before, after

    def report_lines(self, lang: str = "vi") -> list[str]:
        """Every old → new line, the sums per 2025 commune and the totals before and after."""
        out = [tr(lang, "Quy đổi sang xã sau 01/7/2025:", "Mapped to communes after 1/7/2025:")]
        out += [f"  {_line_text(line, self.new_units, lang)}" for line in self.lines]
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
            out.append(
                tr(lang, "Tổng ", "Total ")
                + f"{say(_FIELD_LABELS, key, lang, strict=False)}: "
                + tr(lang, "bảng ", "table ")
                + f"{fmt_int(before.get(key), lang)} {mark} "
                + tr(lang, "sau quy đổi ", "mapped ")
                + f"{fmt_int(after.get(key), lang)}"
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
    """What a row's name may mean: 2025 communes and old units, at one key level."""

    level: int = -1
    new: list[str] = field(default_factory=list)
    old: list[str] = field(default_factory=list)
    hint: str = ""
    how: list[str] = field(default_factory=list)


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

    def hits(self, row: RowFigures) -> _Hits:
        """The 2025 communes and old units the row's name may mean (first level with any)."""
        name, hint = split_district_hint(row.name)
        for level, key in enumerate(NAME_KEYS):
            k = key(name)
            new, old = self.new_index[level].get(k, []), self.old_index[level].get(k, [])
            if hint:
                old = [c for c in old if district_matches(hint, self.old_units[c].district)]
                new = []
            if new or old:
                return _Hits(level, list(new), list(old), hint, ["variant"] if level == 2 else [])
        return _Hits(hint=hint)

    def closest(self, row: RowFigures) -> list[tuple[str, str]]:
        """The closest 2025 and old names (code, label), for the 'not found' message; old
        units' codes start with ``old:``."""
        targets = [(u.code, u.name) for u in self.pool_new]
        targets += [(f"old:{u.code}", f"{u.name} ({u.district}, cũ)") for u in self.pool_old]
        name = split_district_hint(row.name)[0]
        return [(c.code, c.name) for c in closest_names(name, targets, 5)]


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
    assignments: Mapping[str, str]
    split_rule: str
    file: str


def map_rows(
    rows: Sequence[RowFigures],
    new_units: Mapping[str, NewUnit],
    old_units: Mapping[str, OldUnit],
    provinces: Collection[str],
    *,
    assignments: Mapping[str, str] | None = None,
    split_rule: str = "",
    area: Collection[str] | None = None,
    file: str = "",
    new_codes: bool = False,
) -> UnitMapping:
    """Map table rows (old, new or mixed names) to the 2025 communes; see the module docstring.

    ``new_units``: every 2025 unit that may be named (targets outside the chosen provinces too);
    ``old_units``: old units after :func:`correct_crosswalk`; ``provinces``: the 2025 province
    codes whose names the table may use; ``assignments``: table name → 2025 code (the user's
    choice for a split, doubtful or ambiguous row); ``split_rule``: one of :data:`SPLIT_RULES`
    or empty (a split unit is then an error); ``area``: 2025 codes the figures must fall in;
    ``new_codes``: the codes in the rows are 2025 codes (a table of 2025 communes, as the
    national what-if reads), so an old unit that had the same code is not another meaning.
    """
    if split_rule and split_rule not in SPLIT_RULES:
        raise ValueError(f"unknown split rule {split_rule!r}")
    matcher = _Matcher(new_units, old_units, provinces)
    ctx = _Context(new_units, old_units, _assignment_index(assignments or {}), split_rule, file)
    found = [matcher.hits(r) for r in rows]
    context = _context_districts(found, old_units)
    lines: list[MappingLine] = []
    problems: list[Problem] = []
    pending: list[PendingRow] = []
    for row, hits in zip(rows, found, strict=True):
        _narrow_by_context(hits, context, old_units)
        _narrow_by_code(hits, row.code, new_codes)
        resolved = _resolve(row, hits, ctx, matcher)
        problems += resolved.problems
        if resolved.line is not None:
            lines.append(resolved.line)
        if resolved.choices is not None:
            pending.append(PendingRow(row.row, row.name, resolved.choices))
    problems += _double_counted(lines, new_units, file)
    if area is not None:
        problems += _outside_area(lines, set(area), new_units, file)
    return UnitMapping(
        tuple(lines), tuple(problems), new_units, tuple(rows), split_rule, tuple(pending)
    )


def _assignment_index(assignments: Mapping[str, str]) -> dict[str, str]:
    """Assignments by the exact name and by the name's prefixed and strict keys."""
    out: dict[str, str] = {}
    for name, code in assignments.items():
        out[name] = code
        out.setdefault(f"p:{prefixed_key(name)}", code)
        out.setdefault(f"s:{name_key(name)}", code)
    return out


def _assigned(name: str, index: Mapping[str, str]) -> str | None:
    for key in (name, f"p:{prefixed_key(name)}", f"s:{name_key(name)}"):
        if key in index:
            return index[key]
    return None


def _counts(row: RowFigures) -> Counts:
    return {k: row.counts.get(k) for k in COUNT_FIELDS if row.counts.get(k) is not None}


@dataclass(frozen=True)
class _Resolved:
    """A row's line, or the problem that stops it; ``choices``: the 2025 codes to offer when
    the user can settle the row by an assignment."""

    line: MappingLine | None
    problems: list[Problem]
    choices: tuple[str, ...] | None = None


def _resolve(row: RowFigures, hits: _Hits, ctx: _Context, matcher: _Matcher) -> _Resolved:
    """One row → its line, or the problem that stops it."""
    only_old = ctx.old_units[hits.old[0]] if len(hits.old) == 1 else None
    chosen = _assigned(row.name, ctx.assignments)
    if chosen is not None:
        if chosen not in ctx.new_units:
            return _Resolved(None, [_bad_assignment(row, chosen, ctx.file)])
        line = MappingLine(
            row.row,
            row.name,
            "assigned",
            ((chosen, _counts(row)),),
            only_old,
            ("assigned",),
            row.priority,
        )
        return _Resolved(line, [])
    if not hits.new and not hits.old:
        close = matcher.closest(row)
        codes = tuple(c for c, _ in close if not c.startswith("old:"))
        return _Resolved(None, [_not_found(row, hits, close, ctx.file)], codes)
    outcomes = _outcome(hits, ctx.old_units)
    if len(outcomes) > 1:
        codes = tuple(dict.fromkeys(c for m in outcomes.values() for c in _meaning_codes(m, ctx)))
        return _Resolved(None, [_ambiguous(row, outcomes, ctx, ctx.file)], codes)
    meaning = next(iter(outcomes.values()))
    warnings = _match_warnings(row, hits, ctx)
    if not meaning.startswith("old:"):
        one = ((meaning, _counts(row)),)
        line = MappingLine(row.row, row.name, "new", one, None, tuple(hits.how), row.priority)
        return _Resolved(line, warnings)
    unit = ctx.old_units[meaning[4:]]
    how = (*hits.how, *([unit.basis.value] if unit.basis != Basis.CROSSWALK else []))
    if unit.basis == Basis.ASK or not unit.targets:
        return _Resolved(None, [_ask(row, unit, ctx)], (*unit.doubted, *unit.targets))
    notes = warnings + _resolution_notes(row, unit, ctx)
    if not unit.is_split:
        whole = ((unit.targets[0], _counts(row)),)
        line = MappingLine(row.row, row.name, "old", whole, unit, how, row.priority)
        return _Resolved(line, notes)
    if not ctx.split_rule:
        return _Resolved(None, [_split_without_rule(row, unit, ctx)], unit.targets)
    weights, rule = _split_weights(unit, ctx)
    parts = split_counts(_counts(row), weights)
    shares = tuple(zip(unit.targets, parts, strict=True))
    line = MappingLine(row.row, row.name, "old", shares, unit, (*how, rule), row.priority)
    return _Resolved(line, [*notes, _split_note(row, line, ctx)])


def _meaning_codes(meaning: str, ctx: _Context) -> tuple[str, ...]:
    """The 2025 codes one meaning of a row leads to."""
    if not meaning.startswith("old:"):
        return (meaning,)
    unit = ctx.old_units[meaning[4:]]
    return (*unit.targets, *unit.doubted)


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
    'chọn xã 2025 cho dòng này (dòng lệnh: --assign "Tên trong bảng=MÃ"; trang Dữ liệu: chọn '
    "trong danh sách); lựa chọn được lưu như tên gọi khác của xã"
)
_ASSIGN_FIX_EN = (
    'choose the 2025 commune for this row (command line: --assign "Name in table=CODE"; Data '
    "page: pick it from the list); the choice is saved like an alias of the commune"
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


def _match_warnings(row: RowFigures, hits: _Hits, ctx: _Context) -> list[Problem]:
    out: list[Problem] = []
    if "variant" in hits.how:
        out.append(
            warning(
                f'Tên "{row.name}" được ghép khi bỏ dấu; hãy kiểm tra.',
                f'Name "{row.name}" was matched ignoring diacritics; please check.',
                file=ctx.file,
                row=row.row,
                field="Đơn vị",
            )
        )
    if "context" in hits.how:
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


def _bad_assignment(row: RowFigures, code: str, file: str) -> Problem:
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
