"""Matching commune names between a backlog table and a boundary file.

Names arrive in many spellings (domain brief): composed or decomposed Unicode, with or without
"Xã"/"Thị trấn"/"TT.", old or new tone-mark placement (Thủy/Thuỷ, Hòa/Hoà), with or without
apostrophes and spaces (K' Dang / K'Dang / KDang) and with diacritic variants (Đắk/Đăk/Đak).
:func:`match_names` tries a user's saved aliases first, then the strict key, then the loose
(diacritic-free) key, and never guesses silently: loose matches are reported as warnings and
anything ambiguous, unmatched or matched twice is an error with the closest candidates.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from planning.errors import Problem, error, warning

_TONE_MARKS = frozenset("\u0300\u0301\u0303\u0309\u0323")
_VOWELS = frozenset("aăâeêioôơuưy")
_MODIFIED_VOWELS = frozenset("ăâêôơư")
_NEW_STYLE_PAIRS = frozenset({"oa", "oe", "uy"})

#: Administrative prefixes, as regex alternatives on casefolded NFC text, and their canonical form.
_PREFIXES: tuple[tuple[str, str], ...] = (
    (r"thị\s*trấn|tt\.|tt(?=\s)", "thị trấn"),
    (r"thị\s*xã|tx\.|tx(?=\s)", "thị xã"),
    (r"thành\s*phố|tp\.|tp(?=\s)", "thành phố"),
    (r"xã", "xã"),
    (r"phường|p\.", "phường"),
)
_PREFIX_RES = tuple((re.compile(rf"^(?:{pat})\s*"), canon) for pat, canon in _PREFIXES)


def _retone_word(word: str) -> str:
    """Put a word's tone mark on the vowel the new (2000s) convention uses: hoà, thuỷ, khoẻ."""
    decomposed = unicodedata.normalize("NFD", word)
    tones = [c for c in decomposed if c in _TONE_MARKS]
    if not tones:
        return word
    base = unicodedata.normalize("NFC", "".join(c for c in decomposed if c not in _TONE_MARKS))
    pos = _tone_position(base)
    if pos is None:
        return word
    return unicodedata.normalize("NFC", base[: pos + 1] + tones[0] + base[pos + 1 :])


def _tone_position(base: str) -> int | None:
    """Index of the vowel that carries the tone in a toneless lower-case syllable, if any."""
    start = 2 if base[:2] in ("qu", "gi") and len(base) > 2 and base[2] in _VOWELS else 0
    while start < len(base) and base[start] not in _VOWELS:
        start += 1
    end = start
    while end < len(base) and base[end] in _VOWELS:
        end += 1
    cluster = base[start:end]
    if not cluster:
        return None
    modified = [i for i, c in enumerate(cluster) if c in _MODIFIED_VOWELS]
    if modified:
        return start + modified[-1]
    if end < len(base) or len(cluster) == 1:
        return end - 1
    if len(cluster) == 2:
        return start + (1 if cluster in _NEW_STYLE_PAIRS else 0)
    return start + 1


def _clean(name: str) -> str:
    """NFC, casefold, consistent tone marks, single spaces; punctuation other than dots kept."""
    text = unicodedata.normalize("NFC", name).casefold()
    text = re.sub(r"\w+", lambda m: _retone_word(m.group(0)), text)
    return " ".join(text.split())


def split_prefix(name: str) -> tuple[str, str]:
    """Split off the administrative prefix: ("thị trấn", "trà lĩnh") for "TT. Trà Lĩnh".

    The prefix is canonical ("tt." → "thị trấn", "p." → "phường"; "" when there is none); the
    rest is cleaned (NFC, casefolded, tone marks placed consistently) but keeps its spaces.
    """
    text = _clean(name)
    for regex, canon in _PREFIX_RES:
        m = regex.match(text)
        if m and text[m.end() :].strip():
            return canon, text[m.end() :].strip()
    return "", text


def _compact(text: str) -> str:
    """Drop spaces, apostrophes, hyphens and other punctuation; strip leading zeros of numbers."""
    text = "".join(c for c in text if c.isalnum() or unicodedata.category(c).startswith("M"))
    return re.sub(r"(?<!\d)0+(?=\d)", "", text)


def name_key(name: str) -> str:
    """Strict key of a unit name: "Xã Đàm Thủy", "đàm thuỷ" and "ĐÀM  THỦY" all give "đàmthuỷ".

    NFC, casefold, whitespace collapsed, administrative prefix removed (Xã, Thị trấn, TT, Phường,
    P., Thị xã, Thành phố, TP), tone marks placed by one convention, apostrophes, hyphens and
    spaces removed. Diacritics are kept: see :func:`loose_key` for the looser key.
    """
    return _compact(split_prefix(name)[1])


def strip_diacritics(text: str) -> str:
    """Remove every diacritic (tone and vowel marks); đ becomes d."""
    decomposed = unicodedata.normalize("NFD", text)
    bare = "".join(c for c in decomposed if not unicodedata.combining(c))
    return unicodedata.normalize("NFC", bare.replace("đ", "d").replace("Đ", "D"))


def ascii_slug(text: str, sep: str = "-") -> str:
    """'Trùng Khánh, 12/2022' → 'trung-khanh-12-2022': lower-case ASCII letters and digits
    joined by ``sep`` (for file and folder names; empty when nothing is left)."""
    return re.sub(r"[^0-9a-z]+", sep, strip_diacritics(text).lower()).strip(sep)


def loose_key(name: str) -> str:
    """:func:`name_key` without diacritics: Đắk/Đăk/Đak and Phong Nặm/Phong Nậm give one key."""
    return strip_diacritics(name_key(name))


def prefixed_key(name: str) -> str:
    """Strict key keeping the canonical prefix, so "Xã X" and "Thị trấn X" stay apart."""
    prefix, rest = split_prefix(name)
    return f"{_compact(prefix)}|{_compact(rest)}"


@dataclass(frozen=True)
class Candidate:
    """A target unit offered for a source name, with a similarity score (0-100)."""

    code: str
    name: str
    score: float


@dataclass
class MatchResult:
    """Outcome of :func:`match_names`; see :meth:`problems` for the messages to show."""

    matched: dict[str, str] = field(default_factory=dict)
    how: dict[str, str] = field(default_factory=dict)
    ambiguous: dict[str, list[Candidate]] = field(default_factory=dict)
    unmatched: dict[str, list[Candidate]] = field(default_factory=dict)
    duplicates: dict[str, list[str]] = field(default_factory=dict)
    target_names: dict[str, str] = field(default_factory=dict)
    stale_aliases: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        """True when every name matched exactly one target and no target was matched twice."""
        return not (self.ambiguous or self.unmatched or self.duplicates)

    def problems(self, file: str = "", rows: Mapping[str, int] | None = None) -> list[Problem]:
        """Errors for ambiguous, unmatched and duplicate names; warnings for variant matches."""
        rows = rows or {}
        out: list[Problem] = []
        for name, cands in self.ambiguous.items():
            out.append(_ambiguous_problem(name, cands, file, rows.get(name)))
        for name, cands in self.unmatched.items():
            out.append(_unmatched_problem(name, cands, file, rows.get(name)))
        for code, names in self.duplicates.items():
            target = self.target_names.get(code, code)
            out.append(_duplicate_problem(names, code, target, file, rows))
        for name, how in self.how.items():
            if how == "variant":
                code = self.matched[name]
                target = self.target_names.get(code, code)
                out.append(_variant_problem(name, code, target, file, rows.get(name)))
        for alias, code in self.stale_aliases.items():
            out.append(_stale_alias_problem(alias, code, file))
        return out


def _list_candidates(cands: Sequence[Candidate]) -> str:
    """'"Xã A" (01234), "Xã B" (01235)' or '—' when there is none."""
    return ", ".join(f'"{c.name}" ({c.code})' for c in cands) or "—"


def _ambiguous_problem(name: str, cands: list[Candidate], file: str, row: int | None) -> Problem:
    listed = _list_candidates(cands)
    return error(
        f'Tên "{name}" khớp với nhiều đơn vị: {listed}.',
        f'Name "{name}" matches several units: {listed}.',
        file=file,
        row=row,
        field="Đơn vị",
        fix_vi="Chọn đúng đơn vị (lựa chọn được lưu làm tên gọi khác) hoặc ghi tên đầy đủ.",
        fix_en="Pick the right unit (the choice is saved as an alias) or write the full name.",
    )


def _unmatched_problem(name: str, cands: list[Candidate], file: str, row: int | None) -> Problem:
    listed = _list_candidates(cands)
    return error(
        f'Không tìm thấy đơn vị "{name}" trong ranh giới. Gần giống nhất: {listed}.',
        f'No unit named "{name}" in the boundaries. Closest: {listed}.',
        file=file,
        row=row,
        field="Đơn vị",
        fix_vi="Sửa tên cho đúng hoặc chọn một đơn vị gợi ý (được lưu làm tên gọi khác).",
        fix_en="Correct the name or pick a suggested unit (saved as an alias).",
    )


def _duplicate_problem(
    names: list[str], code: str, target: str, file: str, rows: Mapping[str, int]
) -> Problem:
    listed = ", ".join(f'"{n}"' for n in names)
    first_row = next((rows[n] for n in names if n in rows), None)
    return error(
        f'Các tên {listed} cùng khớp với một đơn vị "{target}" ({code}).',
        f'Names {listed} all match the same unit "{target}" ({code}).',
        file=file,
        row=first_row,
        field="Đơn vị",
        fix_vi="Mỗi đơn vị chỉ được có một dòng: gộp hoặc sửa các dòng trùng.",
        fix_en="Each unit may have one row only: merge or correct the duplicated rows.",
    )


def _variant_problem(name: str, code: str, target: str, file: str, row: int | None) -> Problem:
    return warning(
        f'Tên "{name}" được ghép với "{target}" ({code}) khi bỏ dấu; hãy kiểm tra.',
        f'Name "{name}" was matched to "{target}" ({code}) ignoring diacritics; please check.',
        file=file,
        row=row,
        field="Đơn vị",
    )


def _stale_alias_problem(alias: str, code: str, file: str) -> Problem:
    return warning(
        f'Tên gọi khác "{alias}" trỏ tới mã {code} không có trong ranh giới; đã bỏ qua.',
        f'Alias "{alias}" points to code {code}, which is not in the boundaries; ignored.',
        file=file,
        field="Đơn vị",
    )


KeyFn = Callable[[str], str]


def _index(targets: Sequence[tuple[str, str]], key: KeyFn) -> dict[str, list[str]]:
    """Map key(target name) → codes having it, in target order."""
    out: dict[str, list[str]] = {}
    for code, name in targets:
        k = key(name)
        if k and code not in out.setdefault(k, []):
            out[k].append(code)
    return out


def closest_names(name: str, targets: Sequence[tuple[str, str]], limit: int = 5) -> list[Candidate]:
    """Closest targets (code, name) by rapidfuzz WRatio on loose keys, best first."""
    choices = {i: loose_key(n) for i, (_, n) in enumerate(targets)}
    hits = process.extract(loose_key(name), choices, scorer=fuzz.WRatio, limit=limit)
    return [Candidate(targets[i][0], targets[i][1], round(float(s), 1)) for _, s, i in hits]


def match_names(
    names: Sequence[str],
    targets: Sequence[tuple[str, str]],
    aliases: Mapping[str, str] | None = None,
) -> MatchResult:
    """Match source names to target units given as (code, name).

    Order: the user's aliases (source spelling → target code), the strict key with its prefix,
    the strict key, the loose key. A key that hits several targets is ambiguous; nothing is
    guessed. Two source names landing on one code are reported as duplicates.
    """
    result = MatchResult(target_names=dict(targets))
    alias_codes = _alias_index(aliases or {}, result)
    levels = (
        (prefixed_key, _index(targets, prefixed_key), "exact"),
        (name_key, _index(targets, name_key), "exact"),
        (loose_key, _index(targets, loose_key), "variant"),
    )
    for name in names:
        _match_one(name, alias_codes, levels, targets, result)
    _collect_duplicates(names, result)
    return result


def _alias_index(aliases: Mapping[str, str], result: MatchResult) -> dict[str, str]:
    """Alias keys (prefixed key, then strict key) → code; aliases to unknown codes are stale."""
    out: dict[str, str] = {}
    for alias, code in aliases.items():
        if code not in result.target_names:
            result.stale_aliases[alias] = code
            continue
        out[prefixed_key(alias)] = code
        out.setdefault(name_key(alias), code)
    return out


def _match_one(
    name: str,
    alias_codes: Mapping[str, str],
    levels: Sequence[tuple[KeyFn, dict[str, list[str]], str]],
    targets: Sequence[tuple[str, str]],
    result: MatchResult,
) -> None:
    """Match one source name, recording it in exactly one of matched/ambiguous/unmatched."""
    alias_code = alias_codes.get(prefixed_key(name)) or alias_codes.get(name_key(name))
    if alias_code:
        result.matched[name] = alias_code
        result.how[name] = "alias"
        return
    for key, index, how in levels:
        codes = index.get(key(name), [])
        if len(codes) == 1:
            result.matched[name] = codes[0]
            result.how[name] = how
            return
        if len(codes) > 1:
            names = result.target_names
            result.ambiguous[name] = [Candidate(c, names[c], 100.0) for c in codes]
            return
    result.unmatched[name] = closest_names(name, targets) if targets else []


def _collect_duplicates(names: Sequence[str], result: MatchResult) -> None:
    """Record codes matched by more than one source row (a repeated name counts twice)."""
    by_code: dict[str, list[str]] = {}
    for name in names:
        if name in result.matched:
            by_code.setdefault(result.matched[name], []).append(name)
    result.duplicates = {code: ns for code, ns in by_code.items() if len(ns) > 1}
