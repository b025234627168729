"""Reading and checking commune boundary files (GeoJSON, Shapefile, GeoPackage, KML).

:func:`read_boundaries` returns a :class:`BoundaryLayer` in WGS84 (EPSG:4326) with one row per
commune-level unit and two normalised columns, ``code`` and ``name``, beside the file's own
properties. Everything wrong with the file is reported at once through :class:`InputError`, in
Vietnamese and English, naming the feature (row number, name, code) and the fix.

Coordinate systems: offices deliver VN-2000 (UTM 48N/49N, EPSG:3405/3406, or the provincial
TM-3 zones such as EPSG:9210 "VN-2000 / TM-3 105-45") with a ``.prj``. See
:func:`_with_official_vn2000_shift` for how the datum shift to WGS84 is pinned to the official
parameters of Decision 05/2007/QĐ-BTNMT.
"""

from __future__ import annotations

import math
import unicodedata
import zipfile
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pandas as pd
import pyogrio
import shapely
from pyproj import CRS, Transformer
from pyproj.crs import BoundCRS, CoordinateOperation
from shapely.geometry import mapping
from shapely.geometry.base import BaseGeometry
from shapely.ops import polylabel

from planning.domain import VIETNAM_BOUNDS, GeoPoint
from planning.errors import InputError, Problem, error, raise_if_errors, warning
from planning.io.files import InputFileKind, input_file_problem

#: Files above this size are refused (the 3.5 MB Cao Bằng 2025 file is a large real one).
MAX_FILE_BYTES = 200 * 1024 * 1024
#: How messages name a boundary file, and the fixes they suggest.
BOUNDARY_FILE = InputFileKind(
    empty_vi="Tệp không có đối tượng (xã) nào.",
    empty_en="The file holds no features (communes).",
    fix_empty_vi="Kiểm tra lại tệp đã xuất: cần một vùng (polygon) cho mỗi xã.",
    fix_empty_en="Check the exported file: it needs one area (polygon) per commune.",
    fix_too_big_vi="Chỉ giữ các xã của địa bàn lập kế hoạch, hoặc đơn giản hóa ranh giới "
    "(QGIS: Vector → Hình học → Đơn giản hóa) rồi lưu lại.",
    fix_too_big_en="Keep only the communes of the planning area, or simplify the outlines "
    "(QGIS: Vector → Geometry → Simplify) and save again.",
)

#: Extensions read, with the format named in messages.
SUPPORTED_FORMATS: dict[str, str] = {
    ".geojson": "GeoJSON",
    ".json": "GeoJSON",
    ".zip": "Shapefile nén (.zip chứa .shp, .shx, .dbf, .prj)",
    ".shp": "Shapefile (.shp kèm .shx, .dbf, .prj)",
    ".gpkg": "GeoPackage",
    ".kml": "KML",
    ".kmz": "KMZ",
}
_SUPPORTED_TEXT = ", ".join(sorted(set(SUPPORTED_FORMATS.values()), key=len))

#: Field names tried, in order, when the caller names no code field (case-insensitive).
#: A candidate is used only if every feature has a value and no value repeats: in the Đắk Đoa
#: file ``new_2025_code`` repeats (several old units form one 2025 commune), so it is skipped.
CODE_FIELD_CANDIDATES: tuple[str, ...] = (
    "gso_code",
    "ma_xa",
    "ma_dvhc",
    "madvhc",
    "ma_dvhc_xa",
    "commune_code",
    "code",
    "ma",
    "commune_id",
    "new_2025_code",
)
#: Field names tried, in order, when the caller names no name field (case-insensitive).
NAME_FIELD_CANDIDATES: tuple[str, ...] = (
    "unit_2020",
    "commune_vn",
    "fullName",
    "ten_xa",
    "ten_dvhc",
    "tenxa",
    "ten",
    "name",
    "commune",
)

#: EPSG code of "VN-2000 to WGS 84 (2)": the 7 parameters of Decision 05/2007/QĐ-BTNMT.
VN2000_TO_WGS84_EPSG = 6960
#: Names the VN-2000 datum goes by in EPSG, ESRI and hand-made ``.prj`` files (normalised).
_VN2000_DATUM_NAMES = frozenset({"vietnam2000", "vn2000", "dvietnam2000", "dvn2000"})
#: VN-2000 projected systems tried when a file carries no CRS: UTM 48N/49N and the TM-3 zones.
VN2000_PROJECTED_EPSG: tuple[int, ...] = (3405, 3406, 5896, 5897, 5898, 5899, *range(9205, 9219))


@dataclass(frozen=True)
class BoundaryLayer:
    """Commune boundaries read from one file, in WGS84, with the warnings found while reading.

    ``features`` has the columns ``code`` (str, ``""`` when the file has no code field: the
    caller then matches by name), ``name`` (str, NFC), the file's own properties (a property
    itself called ``code`` or ``name`` but not chosen is kept as ``code_original`` /
    ``name_original``) and ``geometry`` (Polygon or MultiPolygon).
    """

    path: Path
    features: gpd.GeoDataFrame
    code_field: str
    name_field: str
    warnings: tuple[Problem, ...]


def read_boundaries(
    path: str | Path,
    code_field: str = "",
    name_field: str = "",
    layer: str = "",
    *,
    codes: Collection[str] = (),
    repeated_codes: str = "error",
) -> BoundaryLayer:
    """Read, check and reproject a boundary file; :class:`InputError` lists every problem.

    ``code_field``/``name_field`` name the properties holding the commune code and name; empty
    means "detect" (:data:`CODE_FIELD_CANDIDATES`, :data:`NAME_FIELD_CANDIDATES`). ``layer``
    picks a GeoPackage layer (also written ``file.gpkg#layer``). ``codes`` (with a
    ``code_field``) reads only those features — a scenario on the 2025 layer reads its own
    communes, not 3,321 — and everything when the filter does not find them all.
    ``repeated_codes="warn"`` (used by ``new``): a code field whose values repeat only here and
    there is still used; each repeated code is a warning and its features get an empty code,
    so one mistake does not throw away every official code.
    """
    path, layer = _split_layer(Path(path), layer)
    label = path.name
    raise_if_errors(_check_file(path, label))
    raw = _read_filtered(path, layer, label, code_field, codes)
    lenient = repeated_codes == "warn"
    code_field, name_field = _choose_fields(raw, code_field, name_field, label, lenient)
    feature_codes = [_code_text(v) for v in raw[code_field]] if code_field else [""] * len(raw)
    names = [_name_text(v) for v in raw[name_field]]
    problems: list[Problem] = []
    if lenient:
        feature_codes = _blank_repeated_codes(feature_codes, names, code_field, label, problems)
    codes = feature_codes
    who = [_who(n, c) for n, c in zip(names, codes, strict=True)]
    geoms = _clean_geometries(raw.geometry, who, label, problems)
    problems += _check_codes_and_names(codes, names, code_field if not lenient else "", label)
    raise_if_errors(problems)
    frame = gpd.GeoDataFrame(raw.drop(columns="geometry"), geometry=geoms, crs=raw.crs)
    frame = _to_wgs84(frame, label, problems)
    frame = frame.set_geometry(_repair_invalid(frame.geometry, who, label, problems))
    raise_if_errors(problems)
    problems += _check_in_vietnam(frame, who, label)
    raise_if_errors(problems)
    features = _assemble(frame, codes, names, (code_field, name_field))
    return BoundaryLayer(path, features, code_field, name_field, tuple(problems))


# --------------------------------------------------------------------------- reading the file


def _split_layer(path: Path, layer: str) -> tuple[Path, str]:
    """``file.gpkg#layer`` → (file.gpkg, layer) when the file itself has no ``#``."""
    text = str(path)
    if not layer and "#" in text and not path.exists():
        base, _, name = text.rpartition("#")
        return Path(base), name
    return path, layer


def _check_file(path: Path, label: str) -> list[Problem]:
    """Errors for a missing, unsupported, empty or oversized file."""
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_FORMATS:
        return [
            error(
                f'Không đọc được tệp có đuôi "{path.suffix}". Các định dạng hỗ trợ: '
                f"{_SUPPORTED_TEXT}.",
                f'Cannot read a file ending in "{path.suffix}". Supported formats: GeoJSON '
                "(.geojson/.json), zipped Shapefile (.zip), Shapefile (.shp), GeoPackage "
                "(.gpkg), KML/KMZ.",
                file=label,
                fix_vi="Xuất lại ranh giới ra một trong các định dạng trên (QGIS: Xuất → Lưu "
                "đối tượng thành…).",
                fix_en="Export the boundaries to one of these formats (QGIS: Export → Save "
                "Features As…).",
            )
        ]
    problem = input_file_problem(path, MAX_FILE_BYTES, BOUNDARY_FILE, label)
    return [problem] if problem is not None else []


def _too_big_problem(label: str, size: int) -> Problem:
    """Error for a file above :data:`MAX_FILE_BYTES`."""
    mb, limit = size / 1e6, MAX_FILE_BYTES / 1e6
    return error(
        f"Tệp quá lớn ({mb:.0f} MB, giới hạn {limit:.0f} MB).",
        f"File too large ({mb:.0f} MB, limit {limit:.0f} MB).",
        file=label,
        fix_vi=BOUNDARY_FILE.fix_too_big_vi,
        fix_en=BOUNDARY_FILE.fix_too_big_en,
    )


def _empty_file_problem(label: str) -> Problem:
    """Error for a file with no features."""
    return error(
        BOUNDARY_FILE.empty_vi,
        BOUNDARY_FILE.empty_en,
        file=label,
        fix_vi=BOUNDARY_FILE.fix_empty_vi,
        fix_en=BOUNDARY_FILE.fix_empty_en,
    )


def _read_filtered(
    path: Path, layer: str, label: str, code_field: str, codes: Collection[str]
) -> gpd.GeoDataFrame:
    """The features whose ``code_field`` is one of ``codes`` (all of them when no filter is
    asked, or when the filter fails or misses a code: e.g. a numeric field)."""
    wanted = sorted({str(c) for c in codes})
    if not (code_field and wanted):
        return _read_frame(path, layer, label)
    quoted = ", ".join("'" + c.replace("'", "''") + "'" for c in wanted)
    try:
        raw = _read_frame(path, layer, label, f'"{code_field}" IN ({quoted})')
    except InputError:
        return _read_frame(path, layer, label)
    column = _find_column([str(c) for c in raw.columns], code_field)
    found = {_code_text(v) for v in raw[column]} if column else set()
    return raw if found >= set(wanted) else _read_frame(path, layer, label)


def _read_frame(path: Path, layer: str, label: str, where: str = "") -> gpd.GeoDataFrame:
    """The file's features as read by pyogrio (any CRS), or :class:`InputError`."""
    suffix = path.suffix.lower()
    source = str(path)
    if suffix == ".zip":
        source = _zip_source(path, label)
    elif suffix == ".shp":
        raise_if_errors(_shapefile_parts_problems(path, label))
    try:
        layers = _choose_layers(source, layer, suffix, label)
        frames = [
            pyogrio.read_dataframe(source, layer=name, where=where or None) for name in layers
        ]
    except InputError:
        raise
    except Exception as exc:  # any GDAL failure means "cannot read this file"
        raise InputError([_unreadable_problem(label, exc)]) from exc
    frames = [f for f in frames if len(f)]
    if not frames:
        raise InputError([_empty_file_problem(label)])
    frame = frames[0] if len(frames) == 1 else pd.concat(frames, ignore_index=True)
    return gpd.GeoDataFrame(frame, geometry="geometry", crs=frames[0].crs).reset_index(drop=True)


def _unreadable_problem(label: str, exc: Exception) -> Problem:
    """Error for a file GDAL cannot open (corrupt, truncated, wrong content for its extension)."""
    detail = str(exc).strip().splitlines()[0][:200] if str(exc).strip() else type(exc).__name__
    return error(
        f"Không đọc được tệp (hỏng, chưa tải xong hoặc không đúng định dạng). Chi tiết: {detail}",
        f"Cannot read the file (corrupt, incomplete or not the format its name says). "
        f"Detail: {detail}",
        file=label,
        fix_vi=f"Mở thử tệp bằng QGIS rồi xuất lại ra một định dạng hỗ trợ: {_SUPPORTED_TEXT}.",
        fix_en="Open the file in QGIS and export it again as GeoJSON, zipped Shapefile, "
        "GeoPackage or KML.",
    )


def _zip_source(path: Path, label: str) -> str:
    """The ``/vsizip/`` path of the one Shapefile inside a .zip, after checking its parts."""
    try:
        with zipfile.ZipFile(path) as archive:
            infos = [i for i in archive.infolist() if not i.is_dir()]
    except (zipfile.BadZipFile, OSError) as exc:
        raise InputError([_unreadable_problem(label, exc)]) from exc
    if sum(i.file_size for i in infos) > MAX_FILE_BYTES:
        raise InputError([_too_big_problem(label, sum(i.file_size for i in infos))])
    names = [i.filename for i in infos]
    shps = [n for n in names if n.lower().endswith(".shp") and not Path(n).name.startswith(".")]
    if len(shps) != 1:
        raise InputError([_zip_shp_count_problem(label, shps, names)])
    stem = shps[0][:-4]
    lower = {n.lower() for n in names}
    missing = [ext for ext in (".shx", ".dbf") if (stem + ext).lower() not in lower]
    if missing:
        raise InputError([_missing_parts_problem(label, Path(shps[0]).name, missing)])
    return f"/vsizip/{path.resolve()}/{shps[0]}"


def _zip_shp_count_problem(label: str, shps: list[str], names: list[str]) -> Problem:
    """Error for a .zip with no Shapefile, or with several."""
    listed = ", ".join(shps or names[:20]) or "(trống / empty)"
    if not shps:
        vi = f"Tệp .zip không chứa Shapefile (.shp). Trong tệp có: {listed}."
        en = f"The .zip holds no Shapefile (.shp). It contains: {listed}."
    else:
        vi = f"Tệp .zip chứa nhiều Shapefile: {listed}; chưa biết dùng tệp nào."
        en = f"The .zip holds several Shapefiles: {listed}; cannot tell which to use."
    return error(
        vi,
        en,
        file=label,
        fix_vi="Nén riêng một Shapefile (.shp, .shx, .dbf, .prj cùng tên) vào tệp .zip.",
        fix_en="Zip exactly one Shapefile (.shp, .shx, .dbf, .prj of the same name).",
    )


def _shapefile_parts_problems(path: Path, label: str) -> list[Problem]:
    """Errors for a plain .shp whose .shx or .dbf is missing beside it."""
    missing = [
        ext
        for ext in (".shx", ".dbf")
        if not path.with_suffix(ext).exists() and not path.with_suffix(ext.upper()).exists()
    ]
    return [_missing_parts_problem(label, path.name, missing)] if missing else []


def _missing_parts_problem(label: str, shp: str, missing: list[str]) -> Problem:
    """Error for a Shapefile without its companion files."""
    parts = ", ".join(missing)
    return error(
        f"Shapefile {shp} thiếu tệp đi kèm: {parts}. Một Shapefile gồm nhiều tệp cùng tên "
        "(.shp, .shx, .dbf, .prj).",
        f"Shapefile {shp} lacks its companion files: {parts}. A Shapefile is several files of "
        "the same name (.shp, .shx, .dbf, .prj).",
        file=label,
        fix_vi="Chép đủ các tệp cùng tên (hoặc nén cả bộ vào một tệp .zip).",
        fix_en="Copy all files of the same name (or zip the whole set into one .zip).",
    )


def _choose_layers(source: str, layer: str, suffix: str, label: str) -> list[str]:
    """Layers to read: the named one; every folder of a KML; else the only polygon layer."""
    listed = [(str(n), str(t)) for n, t in pyogrio.list_layers(source)]
    names = [n for n, _ in listed]
    if layer:
        if layer not in names:
            raise InputError([_layer_problem(label, listed, f'Không có lớp "{layer}"', layer)])
        return [layer]
    if len(listed) <= 1 or suffix in (".kml", ".kmz"):
        return names
    polygonal = [n for n, t in listed if "polygon" in t.lower()]
    if len(polygonal) == 1:
        return polygonal
    raise InputError([_layer_problem(label, listed, "Tệp có nhiều lớp", "")])


def _layer_problem(label: str, listed: list[tuple[str, str]], what_vi: str, layer: str) -> Problem:
    """Error asking which GeoPackage layer to use, listing the layers."""
    layers = ", ".join(f"{n} ({t})" for n, t in listed)
    what_en = f'No layer "{layer}"' if layer else "The file has several layers"
    return error(
        f"{what_vi}; các lớp trong tệp: {layers}.",
        f"{what_en}; layers in the file: {layers}.",
        file=label,
        field="layer",
        fix_vi="Chọn lớp chứa ranh giới xã: ghi tên tệp dạng tệp.gpkg#tên_lớp.",
        fix_en="Choose the layer with the commune outlines: write the file as file.gpkg#layer.",
    )


# --------------------------------------------------------------------------- code and name fields


def _choose_fields(
    frame: gpd.GeoDataFrame, code_field: str, name_field: str, label: str, lenient: bool = False
) -> tuple[str, str]:
    """The code and name columns (given or detected); :class:`InputError` listing fields."""
    columns = [c for c in frame.columns if c != "geometry"]
    problems: list[Problem] = []
    if code_field:
        found = _find_column(columns, code_field)
        if not found:
            problems.append(_field_problem(label, code_field, columns, "mã xã", "code"))
        code_field = found
    else:
        code_field = _detect_code_field(frame, columns, 0.8 if lenient else 1.0)
    if name_field:
        found = _find_column(columns, name_field)
        if not found:
            problems.append(_field_problem(label, name_field, columns, "tên xã", "name"))
        name_field = found
    else:
        name_field = _detect_name_field(frame, columns)
        if not name_field:
            problems.append(_field_problem(label, "", columns, "tên xã", "name"))
    raise_if_errors(problems)
    return code_field, name_field


def _find_column(columns: Sequence[str], wanted: str) -> str:
    """The column called ``wanted`` (exact, else ignoring case), or ``""``."""
    if wanted in columns:
        return wanted
    folded = {c.casefold(): c for c in columns}
    return folded.get(wanted.casefold(), "")


def _detect_code_field(
    frame: gpd.GeoDataFrame, columns: Sequence[str], distinct_share: float = 1.0
) -> str:
    """First candidate code column whose values are all present and (at least
    ``distinct_share``) distinct, or ``""``. Below 1 a repeated code is a mistake to report; a
    field where many features share a code (the Đắk Đoa file's ``new_2025_code``) is no code."""
    for candidate in CODE_FIELD_CANDIDATES:
        column = _find_column(columns, candidate)
        if column:
            codes = [_code_text(v) for v in frame[column]]
            if all(codes) and len(set(codes)) >= distinct_share * len(codes):
                return column
    return ""


def _blank_repeated_codes(
    codes: list[str], names: list[str], code_field: str, label: str, problems: list[Problem]
) -> list[str]:
    """Codes with every repeated one emptied, each repeat reported as a warning."""
    rows: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        if code:
            rows.setdefault(code, []).append(i)
    repeated = {code: found for code, found in rows.items() if len(found) > 1}
    for code, found in repeated.items():
        problem = _duplicate_code_problem(label, code, found, names, code_field)
        problems.append(
            replace(
                problem,
                severity="warning",
                vi=problem.vi + " Các đối tượng này được ghép theo tên; các mã khác vẫn dùng.",
                en=problem.en + " These features are matched by name; the other codes are kept.",
            )
        )
    return ["" if code in repeated else code for code in codes]


def _detect_name_field(frame: gpd.GeoDataFrame, columns: Sequence[str]) -> str:
    """First candidate name column with at least one non-empty value, or ``""``."""
    for candidate in NAME_FIELD_CANDIDATES:
        column = _find_column(columns, candidate)
        if column and any(_name_text(v) for v in frame[column]):
            return column
    return ""


def _field_problem(
    label: str, given: str, columns: Sequence[str], what_vi: str, what_en: str
) -> Problem:
    """Error for a named field that is absent, or a name field that cannot be detected."""
    available = ", ".join(columns) or "(không có trường nào / no fields)"
    if given:
        vi = f'Không có trường "{given}" ({what_vi}). Các trường có trong tệp: {available}.'
        en = f'No field "{given}" (commune {what_en}). Fields in the file: {available}.'
    else:
        vi = f"Không nhận ra trường chứa {what_vi}. Các trường có trong tệp: {available}."
        en = f"Cannot tell which field holds the commune {what_en}. Fields in file: {available}."
    return error(
        vi,
        en,
        file=label,
        field=given or f"{what_en}_field",
        fix_vi=f"Ghi đúng tên trường {what_vi} (khóa {what_en}_field trong mục [scenario]).",
        fix_en=f"Name the commune {what_en} field ({what_en}_field key of the [scenario] section).",
    )


def _code_text(value: Any) -> str:
    """A code as text: ``1447.0`` → ``"1447"``, missing → ``""`` (leading zeros as read)."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    if isinstance(value, float | np.floating) and float(value).is_integer():
        return str(int(value))
    return str(value).strip()


def _name_text(value: Any) -> str:
    """A name as NFC text with single spaces, missing → ``""``."""
    if value is None or (not isinstance(value, str) and pd.isna(value)):
        return ""
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _who(name: str, code: str) -> str:
    """How a feature is named in messages: ``Xã Ngọc Khê (01480)``."""
    if name and code:
        return f"{name} ({code})"
    return name or code or "không tên / unnamed"


def _check_codes_and_names(
    codes: list[str], names: list[str], code_field: str, label: str
) -> list[Problem]:
    """Errors for missing or repeated codes and for names missing where nothing else identifies."""
    problems: list[Problem] = []
    by_code: dict[str, list[int]] = {}
    for i, code in enumerate(codes):
        if code:
            by_code.setdefault(code, []).append(i)
        elif code_field:
            problems.append(_missing_value_problem(label, i, names[i], code_field, "mã", "code"))
        if not names[i]:
            problems.append(_missing_name_problem(label, i, code))
    for code, rows in by_code.items():
        if len(rows) > 1:
            problems.append(_duplicate_code_problem(label, code, rows, names, code_field))
    return problems


def _missing_value_problem(
    label: str, i: int, who: str, field: str, what_vi: str, what_en: str
) -> Problem:
    """Error for a feature without a value in the code field."""
    return error(
        f"Đối tượng thứ {i + 1} ({who or 'không tên'}) không có {what_vi}.",
        f"Feature {i + 1} ({who or 'unnamed'}) has no {what_en}.",
        file=label,
        row=i + 1,
        field=field,
        fix_vi=f"Điền {what_vi} cho đối tượng này.",
        fix_en=f"Fill in the {what_en} of this feature.",
    )


def _missing_name_problem(label: str, i: int, code: str) -> Problem:
    """Warning (code present) or error (nothing else identifies it) for a feature without name."""
    make = warning if code else error
    return make(
        f"Đối tượng thứ {i + 1}{f' (mã {code})' if code else ''} không có tên xã.",
        f"Feature {i + 1}{f' (code {code})' if code else ''} has no commune name.",
        file=label,
        row=i + 1,
        fix_vi="Điền tên xã (cần để ghép với bảng số liệu theo tên).",
        fix_en="Fill in the commune name (needed to match the table by name).",
    )


def _duplicate_code_problem(
    label: str, code: str, rows: list[int], names: list[str], field: str
) -> Problem:
    """Error for a code used by several features, naming each of them."""
    listed = "; ".join(f"đối tượng {i + 1}: {names[i] or '?'}" for i in rows)
    listed_en = "; ".join(f"feature {i + 1}: {names[i] or '?'}" for i in rows)
    return error(
        f'Mã "{code}" bị trùng: {listed}.',
        f'Code "{code}" is used more than once: {listed_en}.',
        file=label,
        row=rows[1] + 1,
        field=field,
        fix_vi="Mỗi xã phải có một mã riêng: sửa mã sai, hoặc gộp các vùng của cùng một xã.",
        fix_en="Each commune needs its own code: correct the wrong code, or dissolve the "
        "parts of one commune into one feature.",
    )


# --------------------------------------------------------------------------- geometries


def _clean_geometries(
    geoms: Iterable[BaseGeometry | None], who: list[str], label: str, problems: list[Problem]
) -> list[BaseGeometry | None]:
    """2-D polygonal geometries; empty ones and points or lines reported as errors."""
    out: list[BaseGeometry | None] = []
    for i, geom in enumerate(geoms):
        if geom is None or geom.is_empty:
            problems.append(_geometry_problem(label, i, who[i], "empty"))
            out.append(None)
            continue
        flat = shapely.force_2d(geom)
        polygonal = _polygonal_part(flat)
        if polygonal is None:
            problems.append(_geometry_problem(label, i, who[i], "type", geom.geom_type))
            out.append(None)
            continue
        out.append(polygonal)
    return out


def _repair_invalid(
    geoms: gpd.GeoSeries, who: list[str], label: str, problems: list[Problem]
) -> gpd.GeoSeries:
    """Invalid geometries (checked in WGS84, as drawn) repaired by ``make_valid``, one warning
    each; an error when nothing polygonal is left."""
    values = list(geoms)
    for i in np.flatnonzero(~shapely.is_valid(np.asarray(values))):
        reason = shapely.is_valid_reason(values[i])
        repaired = _polygonal_part(shapely.make_valid(values[i]))
        kind = "unrepairable" if repaired is None else "repaired"
        problems.append(_geometry_problem(label, int(i), who[i], kind, reason))
        values[i] = repaired
    return gpd.GeoSeries(values, index=geoms.index, crs=geoms.crs)


def _polygonal_part(geom: BaseGeometry) -> BaseGeometry | None:
    """The Polygon/MultiPolygon part of a geometry (collections included), or ``None``."""
    if geom.geom_type in ("Polygon", "MultiPolygon"):
        return None if geom.is_empty else geom
    if geom.geom_type == "GeometryCollection":
        parts: list[Any] = []
        for part in getattr(geom, "geoms", []):
            inner = _polygonal_part(part)
            if inner is not None:
                parts.extend(getattr(inner, "geoms", [inner]))
        if parts:
            return parts[0] if len(parts) == 1 else shapely.MultiPolygon(parts)
    return None


_GEOMETRY_TEXT = {
    "empty": (
        "không có hình (hình trống).",
        "has no geometry (empty).",
        "Vẽ lại ranh giới của xã này hoặc xóa đối tượng trống.",
        "Draw this commune's outline again or delete the empty feature.",
    ),
    "type": (
        "là {0}, không phải vùng (polygon).",
        "is a {0}, not an area (polygon).",
        "Dùng lớp ranh giới dạng vùng; điểm trụ sở xã nhập ở bảng địa điểm, không ở đây.",
        "Use a polygon boundary layer; venue points belong in the venue table, not here.",
    ),
    "repaired": (
        "có hình học không hợp lệ ({0}); đã tự sửa (make_valid), kiểm tra lại trên bản đồ.",
        "has an invalid geometry ({0}); repaired automatically (make_valid), check it on the map.",
        "Sửa hình trong QGIS (Vector → Hình học → Sửa hình học) để khỏi cảnh báo.",
        "Fix it in QGIS (Vector → Geometry → Fix Geometries) to silence this warning.",
    ),
    "unrepairable": (
        "có hình học không hợp lệ ({0}) và không sửa được: không còn vùng nào.",
        "has an invalid geometry ({0}) that cannot be repaired: no area is left.",
        "Vẽ lại ranh giới của xã này.",
        "Draw this commune's outline again.",
    ),
}


def _geometry_problem(label: str, i: int, who: str, kind: str, detail: str = "") -> Problem:
    """Error (or warning for a repaired geometry) about feature ``i``'s geometry."""
    vi, en, fix_vi, fix_en = _GEOMETRY_TEXT[kind]
    make = warning if kind == "repaired" else error
    return make(
        f"Đối tượng thứ {i + 1} ({who}) " + vi.format(detail),
        f"Feature {i + 1} ({who}) " + en.format(detail),
        file=label,
        row=i + 1,
        field="geometry",
        fix_vi=fix_vi,
        fix_en=fix_en,
    )


# --------------------------------------------------------------------------- coordinate systems


def _to_wgs84(frame: gpd.GeoDataFrame, label: str, problems: list[Problem]) -> gpd.GeoDataFrame:
    """``frame`` in EPSG:4326: reprojected, or with its missing CRS assumed or inferred."""
    bounds = tuple(float(v) for v in frame.total_bounds)
    crs = frame.crs
    if crs is None or (crs.is_geographic and not _plausible_degrees(bounds)):
        crs = _infer_crs(frame, bounds, label, problems, declared=crs)
        frame = frame.set_crs(crs, allow_override=True)
    source = _with_official_vn2000_shift(CRS.from_user_input(crs))
    if source.equals(CRS.from_epsg(4326)):
        return frame.set_crs(4326, allow_override=True)
    return frame.set_crs(source, allow_override=True).to_crs(4326)


def _plausible_degrees(bounds: Sequence[float]) -> bool:
    """True when the bounds can be longitude/latitude degrees at all."""
    minx, miny, maxx, maxy = bounds
    return -180.0 <= minx <= maxx <= 180.0 and -90.0 <= miny <= maxy <= 90.0


def _with_official_vn2000_shift(crs: CRS) -> CRS:
    """Bind a VN-2000 CRS to the official datum shift of Decision 05/2007/QĐ-BTNMT.

    Measured with PROJ 9.5 (pyproj 3.7): PROJ knows two VN-2000 → WGS84 transformations,
    EPSG:6960 "VN-2000 to WGS 84 (2)" (the decision's 7 parameters, Coordinate Frame
    convention, from the Department of Survey and Mapping) and EPSG:5194 "VN-2000 to WGS 84 (1)"
    (an oil company's set for Mekong-delta blocks), both rated 1 m. Left to itself, PROJ picks
    per point by area of use: in the north it applies EPSG:6960, in the Mekong delta EPSG:5194,
    about 0.8 m apart. Binding the CRS to EPSG:6960 makes the official shift apply everywhere.

    Beware the sign of the rotations: the decision publishes them in the Coordinate Frame
    convention, while PROJ's ``+towgs84`` reads Position Vector. Pasting the decision's numbers
    unchanged into ``+towgs84=-191.90441429,...,-0.00928836,0.01975479,-0.00427372,...`` (as
    many tools do) lands about 0.8 m from EPSG:6960; PROJ itself writes this binding as
    ``+towgs84=...,0.00928836,-0.01975479,0.00427372,...``. A file whose ``.prj`` already
    carries TOWGS84 keeps its own parameters: the author chose them.
    """
    if crs.is_bound:
        return crs
    geodetic = crs.geodetic_crs
    datum = geodetic.datum if geodetic is not None else None
    if datum is None or _normalised(datum.name) not in _VN2000_DATUM_NAMES:
        return crs
    operation = CoordinateOperation.from_epsg(VN2000_TO_WGS84_EPSG)
    return BoundCRS(crs, CRS.from_epsg(4326), operation)


def _normalised(text: str) -> str:
    """Lower-case letters and digits only: ``D_Vietnam_2000`` → ``dvietnam2000``."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def _infer_crs(
    frame: gpd.GeoDataFrame,
    bounds: Sequence[float],
    label: str,
    problems: list[Problem],
    declared: Any,
) -> CRS:
    """The CRS of a file that carries none (or claims degrees for metres), or an error."""
    if declared is None and VIETNAM_BOUNDS.contains_extent(*bounds):
        problems.append(_assumed_wgs84_problem(label))
        return CRS.from_epsg(4326)
    if _looks_metric(bounds):
        fitting = _fitting_vn2000_crs(frame)
        if len(fitting) == 1:
            problems.append(_inferred_crs_problem(label, fitting[0]))
            return fitting[0]
        raise InputError([_no_crs_problem(label, bounds, fitting)])
    if VIETNAM_BOUNDS.contains_extent(bounds[1], bounds[0], bounds[3], bounds[2]):
        raise InputError([_outside_vietnam_problem(label, bounds)])  # latitude/longitude swapped
    raise InputError([_no_crs_problem(label, bounds, [])])


def _looks_metric(bounds: Sequence[float]) -> bool:
    """True for eastings/northings of a Vietnamese transverse Mercator system, in metres."""
    minx, miny, maxx, maxy = bounds
    return minx > 0.0 and maxx < 1_500_000.0 and miny > 500_000.0 and maxy < 3_000_000.0


def _fitting_vn2000_crs(frame: gpd.GeoDataFrame) -> list[CRS]:
    """VN-2000 projected systems that put every feature of ``frame`` inside Vietnam."""
    centres = shapely.centroid(shapely.envelope(frame.geometry.dropna().to_numpy()))
    if len(centres) > 200:
        centres = centres[np.linspace(0, len(centres) - 1, 200).astype(int)]
    xs, ys = shapely.get_x(centres), shapely.get_y(centres)
    fitting = []
    for code in VN2000_PROJECTED_EPSG:
        crs = CRS.from_epsg(code)
        lon, lat = Transformer.from_crs(crs, 4326, always_xy=True).transform(xs, ys)
        if np.all(np.isfinite(lon)) and shapely.contains_xy(_vietnam_area(), lon, lat).all():
            fitting.append(crs)
    return fitting


def _assumed_wgs84_problem(label: str) -> Problem:
    """Warning: no CRS in the file, coordinates look like degrees over Vietnam."""
    return warning(
        "Tệp không ghi hệ tọa độ; tọa độ nằm trong khoảng kinh độ/vĩ độ của Việt Nam nên được "
        "coi là WGS84 (EPSG:4326).",
        "The file states no coordinate system; its coordinates fall within Vietnam's "
        "longitudes/latitudes, so they are taken as WGS84 (EPSG:4326).",
        file=label,
        fix_vi="Nếu ranh giới lệch trên bản đồ, xuất lại tệp kèm hệ tọa độ (tệp .prj).",
        fix_en="If the outlines look shifted on the map, export the file again with its "
        "coordinate system (.prj file).",
    )


def _inferred_crs_problem(label: str, crs: CRS) -> Problem:
    """Warning: no CRS in the file, exactly one VN-2000 system puts it inside Vietnam."""
    return warning(
        f"Tệp không ghi hệ tọa độ; chỉ có {crs.name} (EPSG:{crs.to_epsg()}) đặt được các xã "
        "vào trong Việt Nam nên đã dùng hệ này.",
        f"The file states no coordinate system; only {crs.name} (EPSG:{crs.to_epsg()}) puts "
        "the communes inside Vietnam, so it was used.",
        file=label,
        fix_vi="Kiểm tra vị trí trên bản đồ; tốt nhất là thêm tệp .prj khi xuất.",
        fix_en="Check the position on the map; better, include the .prj file when exporting.",
    )


def _no_crs_problem(label: str, bounds: Sequence[float], fitting: list[CRS]) -> Problem:
    """Error: the CRS is missing and cannot be inferred."""
    box = _bbox_text(bounds)
    if fitting:
        names = ", ".join(f"{c.name} (EPSG:{c.to_epsg()})" for c in fitting)
        vi_more = f" Nhiều hệ VN-2000 đều khớp: {names}."
        en_more = f" Several VN-2000 systems fit: {names}."
    else:
        vi_more = en_more = ""
    return error(
        f"Thiếu hệ tọa độ và không suy ra được (khung tọa độ {box}).{vi_more}",
        f"CRS missing and cannot be inferred (coordinates span {box}).{en_more}",
        file=label,
        fix_vi="Thêm tệp .prj (xuất lại từ phần mềm gốc kèm hệ tọa độ, ví dụ VN-2000 múi 3° "
        "của tỉnh), hoặc chọn hệ tọa độ khi xuất.",
        fix_en="Add the .prj file (export again with the coordinate system, e.g. the "
        "province's VN-2000 TM-3 zone), or choose the CRS when exporting.",
    )


# --------------------------------------------------------------------------- inside Vietnam?

#: Vietnam's land area buffered by 20 km, simplified to ~8 km, two decimals (mainland with the
#: near islands, Phú Quý, Thổ Chu), derived from the 2009 commune polygons of censusVN2009
#: (MIT, © 2017 Marc Choisy). Only used to tell "in Vietnam" from "elsewhere".
_VIETNAM_RINGS: tuple[str, ...] = (
    "101.96,22.34 101.99,22.53 102.41,22.95 103.01,22.73 103.29,23.00 103.69,22.97 "
    "103.88,22.84 104.07,22.99 104.62,23.03 104.67,23.27 105.35,23.57 105.92,23.16 "
    "106.56,23.13 106.94,22.96 107.04,22.79 106.83,22.43 106.90,22.16 107.61,21.80 "
    "107.94,21.82 108.28,21.52 108.18,21.09 107.93,20.83 107.69,20.77 107.58,20.58 "
    "107.24,20.43 106.82,20.48 106.73,20.10 106.46,20.01 106.01,19.58 106.12,19.30 "
    "105.87,18.97 106.13,18.89 106.04,18.63 106.18,18.46 106.63,18.20 106.73,17.95 "
    "106.66,17.79 106.83,17.54 107.47,16.91 108.84,15.94 108.85,15.60 109.15,15.61 "
    "109.32,15.46 109.31,15.28 109.09,15.11 109.50,13.95 109.50,13.17 109.64,12.91 "
    "109.50,11.96 109.10,11.19 108.37,10.75 108.21,10.75 108.08,10.54 107.14,10.15 "
    "106.98,10.17 106.66,9.45 105.59,8.94 104.90,8.23 104.69,8.30 104.52,8.60 104.66,9.61 "
    "104.38,9.45 104.16,9.67 103.92,9.68 103.64,10.42 103.94,10.63 104.23,10.48 104.53,10.71 "
    "104.78,10.71 105.01,11.12 105.27,11.08 105.70,11.21 105.62,11.63 105.74,11.81 "
    "106.00,11.96 106.23,11.93 106.32,12.13 106.89,12.26 107.12,12.46 107.38,12.52 "
    "107.30,12.96 107.43,13.48 107.15,14.11 107.33,14.57 107.28,15.02 107.41,15.27 "
    "107.04,15.68 107.11,15.98 106.53,16.34 106.17,17.08 105.61,17.55 105.39,17.97 "
    "105.03,18.21 104.92,18.56 103.70,19.22 103.95,19.82 104.65,19.93 104.68,20.02 "
    "104.20,20.37 104.30,20.65 103.98,20.71 103.86,20.53 103.66,20.48 102.99,20.76 "
    "102.63,21.18 102.68,21.47 102.52,21.54 102.43,21.80 101.96,22.34",
    "108.75,10.48 108.88,10.74 109.13,10.63 109.03,10.32 108.75,10.48",
    "103.21,9.50 103.37,9.48 103.46,9.32 103.21,9.10 103.00,9.31 103.21,9.50",
)
#: Offshore districts outside the outline: Côn Đảo, Bạch Long Vĩ, Cồn Cỏ, Hoàng Sa, Trường Sa.
_VIETNAM_ISLAND_BOXES: tuple[tuple[float, float, float, float], ...] = (
    (106.3, 8.4, 106.9, 8.9),
    (107.5, 19.9, 107.9, 20.3),
    (107.2, 17.0, 107.5, 17.3),
    (110.9, 15.5, 113.0, 17.3),
    (111.3, 6.0, 117.5, 12.0),
)
_VIETNAM_AREA: list[BaseGeometry] = []


def _vietnam_area() -> BaseGeometry:
    """Vietnam (outline buffered 0.1°, plus offshore boxes), prepared for fast point tests."""
    if not _VIETNAM_AREA:
        rings = [
            shapely.Polygon([tuple(map(float, p.split(","))) for p in ring.split()])
            for ring in _VIETNAM_RINGS
        ]
        boxes = [shapely.box(*b) for b in _VIETNAM_ISLAND_BOXES]
        area = shapely.union_all([*rings, *boxes]).buffer(0.1)
        shapely.prepare(area)
        _VIETNAM_AREA.append(area)
    return _VIETNAM_AREA[0]


def _check_in_vietnam(frame: gpd.GeoDataFrame, who: list[str], label: str) -> list[Problem]:
    """Error when most features lie outside Vietnam; a warning naming a few strays."""
    points = frame.geometry.representative_point()
    inside = shapely.contains_xy(_vietnam_area(), points.x.to_numpy(), points.y.to_numpy())
    if inside.mean() >= 0.5:
        outside = [who[i] for i in np.flatnonzero(~inside)]
        return [_strays_problem(label, outside)] if outside else []
    bounds = tuple(float(v) for v in frame.total_bounds)
    return [_outside_vietnam_problem(label, bounds)]


def _outside_vietnam_problem(label: str, bounds: Sequence[float]) -> Problem:
    """Error for a file that does not lie in Vietnam once in WGS84, with the likely cause."""
    box = _bbox_text(bounds)
    minx, miny, maxx, maxy = bounds
    if VIETNAM_BOUNDS.contains_extent(miny, minx, maxy, maxx):
        cause_vi = "kinh độ và vĩ độ bị đảo chỗ (x là vĩ độ, y là kinh độ)"
        cause_en = "longitude and latitude are swapped (x holds latitude, y longitude)"
    elif not _plausible_degrees(bounds) or max(abs(v) for v in bounds) > 1000:
        cause_vi = "tọa độ tính bằng mét nhưng hệ tọa độ khai báo sai hoặc thiếu"
        cause_en = "the coordinates are metres but the declared coordinate system is wrong"
    else:
        cause_vi = "tệp là của nước/vùng khác, hoặc hệ tọa độ (.prj) khai báo sai"
        cause_en = "the file covers another country, or its coordinate system (.prj) is wrong"
    return error(
        f"Ranh giới không nằm ở Việt Nam: khung tọa độ sau khi đổi sang WGS84 là {box}. "
        f"Nguyên nhân có thể: {cause_vi}.",
        f"The boundaries are not in Vietnam: after conversion to WGS84 they span {box}. "
        f"Likely cause: {cause_en}.",
        file=label,
        fix_vi="Mở tệp trong QGIS kiểm tra vị trí; xuất lại với đúng hệ tọa độ (.prj), "
        "kinh độ trước, vĩ độ sau.",
        fix_en="Open the file in QGIS to check where it lies; export again with the right "
        "coordinate system (.prj), longitude first.",
    )


def _strays_problem(label: str, outside: list[str]) -> Problem:
    """Warning naming the features (up to 10) that lie outside Vietnam."""
    listed = "; ".join(outside[:10]) + (f" (+{len(outside) - 10})" if len(outside) > 10 else "")
    return warning(
        f"{len(outside)} đối tượng nằm ngoài Việt Nam: {listed}.",
        f"{len(outside)} features lie outside Vietnam: {listed}.",
        file=label,
        fix_vi="Kiểm tra các xã này trên bản đồ; xóa nếu không thuộc địa bàn.",
        fix_en="Check these communes on the map; delete them if they are not in the area.",
    )


def _bbox_text(bounds: Sequence[float]) -> str:
    """``x 106.2…106.7, y 22.7…22.9`` for messages."""
    minx, miny, maxx, maxy = bounds
    return f"x {minx:.6g}…{maxx:.6g}, y {miny:.6g}…{maxy:.6g}"


# --------------------------------------------------------------------------- assembling


def _assemble(
    frame: gpd.GeoDataFrame, codes: list[str], names: list[str], chosen: tuple[str, str]
) -> gpd.GeoDataFrame:
    """``code``, ``name``, the original properties, ``geometry``; EPSG:4326.

    A property itself called ``code``/``name`` is replaced by the normalised column when it is
    the chosen field, else kept as ``code_original``/``name_original``.
    """
    props = frame.drop(columns=["geometry", *(c for c in ("code", "name") if c in chosen)])
    props = props.rename(columns={c: f"{c}_original" for c in ("code", "name")})
    props.insert(0, "name", names)
    props.insert(0, "code", codes)
    out = gpd.GeoDataFrame(props, geometry=frame.geometry.to_numpy(), crs="EPSG:4326")
    return out.reset_index(drop=True)


# --------------------------------------------------------------------------- using the layer


def venue_points(features: gpd.GeoDataFrame) -> dict[str, GeoPoint]:
    """A point inside each commune, keyed by ``code`` (by ``name`` where the code is empty).

    The point is the pole of inaccessibility of the commune's largest part (far from its edges,
    good for a label or a default venue), checked to be inside; else shapely's
    ``point_on_surface``, which always is. Never a centroid (outside for crescent shapes).
    """
    points: dict[str, GeoPoint] = {}
    for code, name, geom in zip(features["code"], features["name"], features.geometry, strict=True):
        key = str(code) or str(name)
        if key in points:
            raise ValueError(f"two features share the key {key!r}")
        point = inner_point(geom)
        points[key] = GeoPoint(lat=float(point.y), lon=float(point.x))
    return points


def inner_point(geom: BaseGeometry) -> shapely.Point:
    """A point strictly inside ``geom``'s largest polygon (pole of inaccessibility if possible)."""
    parts = list(getattr(geom, "geoms", [geom]))
    largest = max(parts, key=lambda p: p.area)
    minx, miny, maxx, maxy = largest.bounds
    try:
        point = polylabel(largest, tolerance=max(maxx - minx, maxy - miny) / 200.0)
    except Exception:  # polylabel gives up on odd shapes; fall back below
        point = None
    if point is None or not largest.contains(point):
        point = largest.point_on_surface()
    return point


#: Display tolerance: a fraction of the area's extent (a third of a pixel when the whole area
#: fills a map about 1,000 pixels wide), within these bounds in metres.
DISPLAY_TOLERANCE_SHARE = 1 / 3000
DISPLAY_TOLERANCE_RANGE_M = (30.0, 150.0)


def display_tolerance_m(features: gpd.GeoDataFrame) -> float:
    """The simplification tolerance for drawing an area: its larger side / 3,000, 30-150 m.

    A district (30-60 km) keeps 30 m; a province of 200 km gets about 70 m, still a third of a
    pixel on the whole-province map and about 3 pixels three zoom levels in.
    """
    minx, miny, maxx, maxy = features.to_crs(_utm_for(features)).total_bounds
    low, high = DISPLAY_TOLERANCE_RANGE_M
    return min(high, max(low, max(maxx - minx, maxy - miny) * DISPLAY_TOLERANCE_SHARE))


def simplify_for_display(
    features: gpd.GeoDataFrame, tolerance_m: float | None = None
) -> gpd.GeoDataFrame:
    """Outlines simplified for drawing (not for measuring), in EPSG:4326.

    Done in the UTM zone (WGS84) of the layer's centre, in metres; the tolerance defaults to
    :func:`display_tolerance_m` (scaled to the area). When the communes form a
    clean coverage (no overlaps, shared edges vertex-matched) shapely's coverage simplification
    is used, so neighbours keep one common edge (no slivers or gaps); otherwise each outline is
    simplified on its own with topology preserved. An outline that would vanish is kept as is.

    Measured on cao_bang_2025_56communes.geojson (56 communes; not a clean coverage, so the
    per-outline path), 0.27 s: at 30 m, 129,229 → 14,150 vertices (−89 %), map GeoJSON from
    :func:`boundaries_to_geojson` 3.21 MB → 0.36 MB; every outline valid; areas change < 0.1 %.
    At 10 m: 27,157 vertices, 0.68 MB; at 100 m: 5,962 vertices, 0.16 MB. Province scale
    (Tuyên Quang 2025, 124 units of ``communes_2025.gpkg``, 141 × 228 km): the default 70 m
    gives 29,417 vertices instead of 36,869 at 30 m (0.17 s); Cao Bằng 54 m, 9,470.
    """
    if features.empty:
        return features.copy()
    if tolerance_m is None:
        tolerance_m = display_tolerance_m(features)
    metric = _utm_for(features)
    projected = features.to_crs(metric)
    geoms = projected.geometry.to_numpy()
    if shapely.coverage_is_valid(geoms):
        simplified = shapely.coverage_simplify(geoms, tolerance_m)
    else:
        simplified = shapely.simplify(geoms, tolerance_m, preserve_topology=True)
    keep = shapely.is_empty(simplified) | ~shapely.is_valid(simplified)
    simplified = np.where(keep, geoms, simplified)
    out = projected.set_geometry(gpd.GeoSeries(simplified, index=projected.index, crs=metric))
    return out.to_crs(4326)


def _utm_for(features: gpd.GeoDataFrame) -> CRS:
    """The WGS84 UTM zone (EPSG:326xx) of the layer's centre."""
    minx, miny, maxx, maxy = features.total_bounds
    lon, lat = (minx + maxx) / 2.0, (miny + maxy) / 2.0
    zone = min(60, max(1, math.floor((lon + 180.0) / 6.0) + 1))
    return CRS.from_epsg((32600 if lat >= 0 else 32700) + zone)


def boundaries_to_geojson(features: gpd.GeoDataFrame, precision: int = 6) -> dict[str, Any]:
    """A GeoJSON FeatureCollection (code, name, geometry) for maps; coordinates rounded.

    Six decimals are about 0.1 m, far below the accuracy of any commune boundary.
    """
    geoms = features.to_crs(4326).geometry.to_numpy() if features.crs else features.geometry
    rounded = shapely.transform(np.asarray(geoms), lambda xy: np.round(xy, precision))
    collection: list[dict[str, Any]] = []
    for code, name, geom in zip(features["code"], features["name"], rounded, strict=True):
        collection.append(
            {
                "type": "Feature",
                "id": str(code) or str(name),
                "properties": {"code": str(code), "name": str(name)},
                "geometry": mapping(geom) if geom is not None else None,
            }
        )
    return {"type": "FeatureCollection", "features": collection}
