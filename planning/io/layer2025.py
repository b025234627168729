"""The 2025 commune layer (every commune of the country after 1/7/2025) and the 2024→2025
crosswalk: the files, found at run time, read as they are.

The files live in the ``national/`` folder of the geodata search path (:mod:`planning.io.geodata`;
normally ``../shared/geodata/national``) and are never copied into the repository:

* ``communes_2025.gpkg`` — the 3,321 commune-level units after 1/7/2025 (code, name, province,
  unit type, area, population, ``before_merger``), simplified for planning maps;
* ``provinces_2025.gpkg`` — the 34 provinces;
* ``crosswalk_2024_2025.csv`` (+ ``_disagreements.csv``) — each pre-2025 unit → its 2025 unit(s);
* ``communes_2009_national.gpkg`` — every commune of 2009 (low resolution), to place the former
  communes (:func:`read_communes_2009`).

Only what is asked for is read: a province's communes through a ``province_code`` filter (about
0.04 s for Gia Lai's 135), attributes without geometry. Provinces are joined on
``province_code``: names keep the source's spelling ("Tỉnh Thanh Hoá", "Thành phố Đồng Nai").
The rules that correct the crosswalk (:mod:`planning.drafting.crosswalk`) and map table rows onto
the 2025 communes (:mod:`planning.drafting.unit_mapping`) are drafting rules; this module only
reads. ("National" names the national what-if, :mod:`planning.drafting.national`; this layer is
the 2025 layer.)
"""

from __future__ import annotations

import collections
import csv
import functools
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import geopandas as gpd
import pandas as pd
import pyogrio

from planning.errors import InputError, Problem, error, warning
from planning.io.encoding import decode_bytes
from planning.io.files import InputFileKind, check_input_file
from planning.io.geodata import (
    GEODATA_ENV_VAR,
    geodata_search_path,
    repo_root,
    resolve_boundary_file,
)
from planning.names import closest_names, loose_key, name_key, prefixed_key

#: The files, relative to a geodata folder.
COMMUNES_FILE = "national/communes_2025.gpkg"
PROVINCES_FILE = "national/provinces_2025.gpkg"
CROSSWALK_FILE = "national/crosswalk_2024_2025.csv"
DISAGREEMENTS_FILE = "national/crosswalk_2024_2025_disagreements.csv"
#: Every commune of 2009 (low resolution), used to place the former communes of a 2025 commune.
COMMUNES_2009_FILE = "national/communes_2009_national.gpkg"
_COLUMNS_2009 = ["province_vn", "district_vn", "commune_vn"]
#: Simplification of the provinces' outlines for a map of the whole country: the country is
#: about 1,650 km tall, so 500 m is a third of a pixel on a 1,000-pixel map.
PROVINCE_MAP_TOLERANCE_M = 500.0
#: The layer's code and name fields (what a scenario on the 2025 layer names).
CODE_FIELD, NAME_FIELD = "code", "name"
#: Attribute columns read with the communes.
_COLUMNS = ["code", "name", "province", "province_code", "unit_type", "area_km2"]
_POPULATION_COLUMNS = ["population", "population_flag", "pop2019_est"]
#: Common short forms of province names.
_PROVINCE_ABBREVIATIONS = {"hcm": "79", "tphcm": "79", "saigon": "79", "hn": "01", "hanoi": "01"}
_PROVINCE_PREFIX_RE = re.compile(r"^\s*(?:tỉnh|tinh|t\.)\s+", re.IGNORECASE)


@dataclass(frozen=True)
class NewUnit:
    """A 2025 commune-level unit: code, full name, province; population and area for splits."""

    code: str
    name: str
    province_code: str
    unit_type: str = ""
    population: int | None = None
    area_km2: float | None = None


@dataclass(frozen=True)
class CrosswalkRow:
    """One row of the public crosswalk: an old unit and one 2025 unit it went into.

    ``province_code`` is the 2025 province the old unit's province went into (provinces were
    merged whole); ``check`` is the crosswalk's ``check_before_merger`` flag.
    """

    old_code: str
    old_name: str
    old_district: str
    province_code: str
    new_code: str
    part: str = "full"
    check: str = "listed"


@dataclass(frozen=True)
class Province:
    """A 2025 province: 2-digit code, full name ("Tỉnh Gia Lai"), number of units, area."""

    code: str
    name: str
    units: int
    area_km2: float

    @property
    def short_name(self) -> str:
        """'Gia Lai' for 'Tỉnh Gia Lai', 'Đồng Nai' for 'Thành phố Đồng Nai'."""
        return re.sub(r"^(Tỉnh|Thành phố)\s+", "", self.name)


def layer_path(name: str = COMMUNES_FILE) -> Path:
    """The national file ``name`` on the geodata search path, or a plain message what to do."""
    try:
        return resolve_boundary_file(name)
    except InputError:
        looked = "; ".join(str(folder) for folder in geodata_search_path())
        raise InputError([_layer_missing(name, looked)]) from None


def _layer_missing(name: str, looked: str) -> Problem:
    geodata = repo_root() / "geodata"
    return error(
        f"Không tìm thấy dữ liệu xã toàn quốc 2025 ({name}). Đã tìm trong: {looked}.",
        f"The national 2025 commune data ({name}) was not found. Looked in: {looked}.",
        file=name,
        fix_vi=f"Chép cả thư mục national/ (communes_2025.gpkg, provinces_2025.gpkg, "
        f"crosswalk_2024_2025*.csv) vào {geodata}/, hoặc đặt biến môi trường "
        f"{GEODATA_ENV_VAR}=thư mục chứa national/; hoặc dùng --boundaries TỆP với tệp ranh "
        "giới của riêng địa bàn.",
        fix_en=f"Copy the whole national/ folder (communes_2025.gpkg, provinces_2025.gpkg, "
        f"crosswalk_2024_2025*.csv) into {geodata}/, or set {GEODATA_ENV_VAR}=the folder "
        "holding national/; or use --boundaries FILE with your area's own boundary file.",
    )


def _stamp(path: Path) -> tuple[str, int]:
    """Cache key of a file: its path and modification time."""
    return str(path), path.stat().st_mtime_ns


# --- provinces ----------------------------------------------------------------------------------


def provinces() -> tuple[Province, ...]:
    """The 34 provinces of 2025, by code."""
    return _provinces(*_stamp(layer_path(PROVINCES_FILE)))


@functools.lru_cache(maxsize=4)
def _provinces(path: str, _mtime: int) -> tuple[Province, ...]:
    frame = pyogrio.read_dataframe(path, read_geometry=False)
    return tuple(
        Province(str(r.province_code), str(r.province), int(r.units), float(r.area_km2))
        for r in frame.sort_values("province_code").itertuples()
    )


def _province_key(text: str) -> str:
    """'Tỉnh Gia Lai', 'gia lai', 'TP. Đồng Nai' → one key (prefix dropped, loose)."""
    return loose_key(_PROVINCE_PREFIX_RE.sub("", text.strip()))


def find_province(text: str) -> tuple[Province, list[Problem]]:
    """The 2025 province a planner means: its name (with or without "Tỉnh"/"Thành phố", any
    spelling the name matcher accepts), its 2-digit code, or a pre-2025 province's name (then a
    warning says which province it is now part of). :class:`InputError` with close candidates
    when it is none of these."""
    listed = provinces()
    by_code = {p.code: p for p in listed}
    given = text.strip()
    if given.isdigit() and len(given) <= 2:
        if given.zfill(2) in by_code:
            return by_code[given.zfill(2)], []
        raise InputError([_unknown_province(given, listed)])
    key = _province_key(given)
    if key.replace(".", "") in _PROVINCE_ABBREVIATIONS:
        return by_code[_PROVINCE_ABBREVIATIONS[key.replace(".", "")]], []
    hits = [p for p in listed if _province_key(p.name) == key]
    if len(hits) == 1:
        return hits[0], []
    old = old_province_codes()
    matches = {code for name, code in old.items() if _province_key(name) == key}
    if len(matches) == 1:
        province = by_code[matches.pop()]
        return province, [_old_province_note(given, province)]
    raise InputError([_unknown_province(given, listed)])


def _unknown_province(text: str, listed: Sequence[Province]) -> Problem:
    close = closest_names(_province_key(text), [(p.code, p.short_name) for p in listed], 4)
    names = ", ".join(f"{c.name} ({c.code})" for c in close) or "—"
    return error(
        f'Không có tỉnh, thành phố "{text}" trong danh sách 34 tỉnh, thành phố sau 01/7/2025. '
        f"Gần giống nhất: {names}.",
        f'No province "{text}" among the 34 provinces after 1/7/2025. Closest: {names}.',
        field="--province",
        fix_vi="ghi tên tỉnh (có hoặc không có chữ Tỉnh/Thành phố) hoặc mã 2 chữ số, ví dụ "
        '--province "Gia Lai" hoặc --province 52',
        fix_en="write the province name (with or without Tỉnh/Thành phố) or its 2-digit code, "
        'e.g. --province "Gia Lai" or --province 52',
    )


def _old_province_note(text: str, province: Province) -> Problem:
    return warning(
        f'"{text}" là tỉnh trước 01/7/2025; nay thuộc {province.name} (mã {province.code}).',
        f'"{text}" is a province before 1/7/2025; it is now part of {province.name} '
        f"(code {province.code}).",
        field="--province",
    )


# --- communes -----------------------------------------------------------------------------------


def _in_list(field: str, values: Iterable[str]) -> str:
    quoted = ", ".join("'" + v.replace("'", "''") + "'" for v in values)
    return f'"{field}" IN ({quoted})'


def read_communes(
    province_codes: Iterable[str] = (), codes: Iterable[str] = (), geometry: bool = True
) -> gpd.GeoDataFrame:
    """The 2025 communes of the given provinces and/or codes (every one when both are empty):
    ``code``, ``name``, ``province``, ``province_code``, ``unit_type``, ``area_km2``,
    ``population`` (usable for a split, else missing) and, with ``geometry``, the outline."""
    path = layer_path(COMMUNES_FILE)
    filters = []
    if province_codes := sorted(set(province_codes)):
        filters.append(_in_list("province_code", province_codes))
    if codes := sorted(set(codes)):
        filters.append(_in_list("code", codes))
    frame = pyogrio.read_dataframe(
        str(path),
        columns=_COLUMNS + _POPULATION_COLUMNS,
        where=" OR ".join(filters) or None,
        read_geometry=geometry,
    )
    frame["population"] = [_usable_population(r) for r in frame.itertuples()]
    frame = frame.drop(columns=["population_flag", "pop2019_est"])
    if not geometry:
        return gpd.GeoDataFrame(frame)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")


def _usable_population(row: Any) -> int | None:
    """The layer's population where its flag says it is sound, else the 2019 estimate."""
    if row.population_flag == "ok" and pd.notna(row.population):
        return int(row.population)
    if pd.notna(row.pop2019_est):
        return int(row.pop2019_est)
    if row.population_flag == "unchecked" and pd.notna(row.population):
        return int(row.population)
    return None


def units() -> dict[str, NewUnit]:
    """Every 2025 unit (attributes only), by code."""
    return dict(_units(*_stamp(layer_path(COMMUNES_FILE))))


@functools.lru_cache(maxsize=2)
def _units(path: str, _mtime: int) -> tuple[tuple[str, NewUnit], ...]:
    frame = read_communes(geometry=False)
    return tuple(
        (
            str(r.code),
            NewUnit(
                str(r.code),
                str(r.name),
                str(r.province_code),
                str(r.unit_type),
                None if pd.isna(r.population) else int(r.population),
                float(r.area_km2),
            ),
        )
        for r in frame.itertuples()
    )


# --- the crosswalk ------------------------------------------------------------------------------


def old_province_codes() -> dict[str, str]:
    """Each pre-2025 province's name → the 2025 province code it went into."""
    return dict(
        _old_province_codes(
            *_stamp(layer_path(CROSSWALK_FILE)), *_stamp(layer_path(PROVINCES_FILE))
        )
    )


@functools.lru_cache(maxsize=2)
def _old_province_codes(
    crosswalk: str, m1: int, _provinces: str, _m2: int
) -> tuple[tuple[str, str], ...]:
    names = {p.name: p.code for p in provinces()}
    votes: dict[str, collections.Counter[str]] = {}
    for row in _crosswalk_rows(crosswalk, m1):
        votes.setdefault(row["old_province"], collections.Counter())[row["new_province"]] += 1
    # Provinces were merged whole: the majority is the province (one faulty row points away).
    return tuple((old, names[c.most_common(1)[0][0]]) for old, c in votes.items())


@functools.lru_cache(maxsize=2)
def _crosswalk_rows(path: str, _mtime: int) -> tuple[dict[str, str], ...]:
    with Path(path).open(encoding="utf-8", newline="") as handle:
        return tuple(csv.DictReader(handle))


def crosswalk_stamps() -> tuple[str | int, ...]:
    """Cache key of the crosswalk as drafting reads it: the files' paths and modification times
    (crosswalk, disagreements, the commune layer's ``before_merger`` lists)."""
    return (
        *_stamp(layer_path(CROSSWALK_FILE)),
        *_stamp(layer_path(DISAGREEMENTS_FILE)),
        *_stamp(layer_path(COMMUNES_FILE)),
    )


def crosswalk_rows(province: str) -> list[CrosswalkRow]:
    """The crosswalk's rows of the pre-2025 units whose province went into the 2025 province
    ``province`` (as the file gives them: the corrections are drafting's)."""
    province_of = old_province_codes()
    return [
        CrosswalkRow(
            r["old_code"],
            r["old_name"],
            r["old_district"],
            province_of[r["old_province"]],
            r["new_code"],
            r["part"],
            r["check_before_merger"],
        )
        for r in _crosswalk_rows(*_stamp(layer_path(CROSSWALK_FILE)))
        if province_of[r["old_province"]] == province
    ]


def before_merger(province: str) -> dict[str, str]:
    """2025 code → the resolution's list of the units it absorbed, for the communes of
    ``province``."""
    communes = _before_merger(*_stamp(layer_path(COMMUNES_FILE)))
    return {code: text for code, (prov, text) in communes.items() if prov == province}


def clause_named() -> frozenset[tuple[str, str]]:
    """(2025 code, old code) pairs whose resolution clause names the old unit."""
    return _clause_named(*_stamp(layer_path(DISAGREEMENTS_FILE)))


@functools.lru_cache(maxsize=2)
def _before_merger(communes: str, _mtime: int) -> dict[str, tuple[str, str]]:
    frame = pyogrio.read_dataframe(
        communes, columns=["code", "province_code", "before_merger"], read_geometry=False
    )
    return {
        str(r.code): (str(r.province_code), str(r.before_merger or "")) for r in frame.itertuples()
    }


@functools.lru_cache(maxsize=2)
def _clause_named(disagreements: str, _mtime: int) -> frozenset[tuple[str, str]]:
    """(2025 code, old code) pairs whose resolution clause names the old unit."""
    with Path(disagreements).open(encoding="utf-8", newline="") as handle:
        return frozenset(
            (r["new_code"], r["old_code"])
            for r in csv.DictReader(handle)
            if r["old_code"] and r["resolution"].startswith("clause names it")
        )


# --- the area -----------------------------------------------------------------------------------


def resolve_area(
    items: Sequence[str], province_codes: Iterable[str] = (), source: str = "--area"
) -> list[str]:
    """2025 codes of an area given as codes or names (names within the given provinces, else
    nationally); :class:`InputError` naming every item that is unknown or ambiguous."""
    known = units()
    wanted = set(province_codes)
    pool = [u for u in known.values() if not wanted or u.province_code in wanted]
    names = {p.code: p.name for p in provinces()}
    codes: list[str] = []
    problems: list[Problem] = []
    for item in items:
        text = item.strip()
        if not text:
            continue
        if text.isdigit():
            if text.zfill(5) in known:
                codes.append(text.zfill(5))
            else:
                problems.append(_unknown_area_code(text, source))
            continue
        hits = _units_named(text, pool)
        if len(hits) == 1:
            codes.append(hits[0].code)
        elif hits:
            problems.append(_ambiguous_area_name(text, hits, names, source))
        else:
            problems.append(_unknown_area_name(text, pool, source, bool(wanted)))
    if problems:
        raise InputError(problems)
    return list(dict.fromkeys(codes))


def _units_named(text: str, pool: Sequence[NewUnit]) -> list[NewUnit]:
    for key in (prefixed_key, name_key, loose_key):
        hits = [u for u in pool if key(u.name) == key(text)]
        if hits:
            return hits
    return []


def _unknown_area_code(code: str, source: str) -> Problem:
    return error(
        f'Không có xã 2025 nào mã "{code}".',
        f'No 2025 commune has the code "{code}".',
        file=source if source != "--area" else "",
        field="--area",
        fix_vi="dùng mã 5 chữ số của xã sau 01/7/2025 (xem danh sách xã của tỉnh trên trang Dữ "
        "liệu) hoặc tên xã",
        fix_en="use the 5-digit code of a commune after 1/7/2025 (see the province's list on the "
        "Data page) or its name",
    )


def _ambiguous_area_name(
    text: str, hits: Sequence[NewUnit], province_names: dict[str, str], source: str
) -> Problem:
    listed = "; ".join(
        f"{u.name} ({u.code}, {province_names.get(u.province_code, '')})" for u in hits
    )
    return error(
        f'Tên "{text}" khớp với nhiều xã: {listed}.',
        f'Name "{text}" matches several communes: {listed}.',
        file=source if source != "--area" else "",
        field="--area",
        fix_vi="ghi mã xã thay cho tên, hoặc chọn tỉnh bằng --province",
        fix_en="give the commune's code instead of its name, or choose the province (--province)",
    )


def _unknown_area_name(
    text: str, pool: Sequence[NewUnit], source: str, in_province: bool
) -> Problem:
    close = closest_names(text, [(u.code, u.name) for u in pool], 5)
    listed = ", ".join(f"{c.name} ({c.code})" for c in close) or "—"
    where_vi = "trong tỉnh đã chọn" if in_province else "trong cả nước"
    where_en = "in the chosen province" if in_province else "in the country"
    return error(
        f'Không có xã 2025 tên "{text}" {where_vi}. Gần giống nhất: {listed}.',
        f'No 2025 commune named "{text}" {where_en}. Closest: {listed}.',
        file=source if source != "--area" else "",
        field="--area",
        fix_vi="sửa tên hoặc dùng mã xã 5 chữ số",
        fix_en="correct the name or use the 5-digit commune code",
    )


def read_area_file(path: Path) -> list[str]:
    """Codes or names of an area file: one per line (or separated by commas/semicolons);
    ``#`` starts a comment."""

    check_input_file(path, 1_000_000, InputFileKind(what_vi="tệp địa bàn", what_en="area file"))
    text, _ = decode_bytes(path.read_bytes(), path.name)
    items: list[str] = []
    for line in text.splitlines():
        line = line.split("#", 1)[0]
        items += [part.strip() for part in re.split(r"[,;\t]", line) if part.strip()]
    return items


def province_codes_of(codes: Iterable[str]) -> list[str]:
    """The provinces of 2025 codes, in order of first appearance."""
    known = units()
    return list(dict.fromkeys(known[c].province_code for c in codes if c in known))


def province_outlines() -> gpd.GeoDataFrame:
    """The 34 provinces' outlines, simplified for maps: ``code`` (2 digits), ``name``, geometry."""
    from planning.io.boundaries import simplify_for_display

    frame = pyogrio.read_dataframe(
        str(layer_path(PROVINCES_FILE)), columns=["province_code", "province"]
    )
    frame = frame.rename(columns={"province_code": "code", "province": "name"})
    outlines = gpd.GeoDataFrame(frame, geometry="geometry", crs="EPSG:4326")
    sorted_outlines = outlines.sort_values("code").reset_index(drop=True)
    return simplify_for_display(sorted_outlines, PROVINCE_MAP_TOLERANCE_M)


def commune_features(codes: Sequence[str]) -> Any:
    """These 2025 communes' outlines as a scenario on the 2025 layer has them (its
    ``boundaries.features``), for the maps of a province's documents."""
    from planning.io.boundaries import read_boundaries

    return read_boundaries(layer_path(), CODE_FIELD, NAME_FIELD, codes=codes).features


def read_communes_2009(bounds: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """The 2009 communes whose outlines meet ``bounds`` (min lon, min lat, max lon, max lat):
    ``province``, ``district``, ``commune`` (Vietnamese names as the file writes them, e.g.
    "Huyện Đăk Đoa", "Xã Ia Pết") and the outline. Rows without a name or outline are left out."""
    frame = pyogrio.read_dataframe(
        str(layer_path(COMMUNES_2009_FILE)), columns=_COLUMNS_2009, bbox=bounds
    )
    frame = frame[frame.geometry.notna() & ~frame.geometry.is_empty & frame["commune_vn"].notna()]
    frame = frame.rename(
        columns={"province_vn": "province", "district_vn": "district", "commune_vn": "commune"}
    )
    return frame.reset_index(drop=True)
