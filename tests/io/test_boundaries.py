"""Reading and checking boundary files: real files, every bad case, VN-2000, display helpers."""

from __future__ import annotations

import json
import time
import unicodedata
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import geopandas as gpd
import numpy as np
import pyogrio
import pytest
import shapely
from pyproj import CRS, Transformer

from planning.errors import InputError, Problem
from planning.io import boundaries
from planning.io.boundaries import (
    boundaries_to_geojson,
    read_boundaries,
    simplify_for_display,
    venue_points,
)

REPO = Path(__file__).resolve().parents[2]
SHARED = REPO.parent / "shared" / "geodata"
TK = SHARED / "trung_khanh_2020-2025_21units.geojson"
DAK_DOA = SHARED / "dak_doa_17units.geojson"
CAO_BANG = SHARED / "cao_bang_2025_56communes.geojson"
NATIONAL = SHARED / "national" / "communes_2009_national.gpkg"
BOUNDARY_SUFFIXES = {".geojson", ".zip", ".shp", ".shx", ".dbf", ".prj", ".gpkg", ".kml", ".kmz"}

needs_shared = pytest.mark.skipif(not TK.is_file(), reason="shared geodata not present")
pytestmark = [
    pytest.mark.filterwarnings("ignore:Column names longer than 10:UserWarning"),
    pytest.mark.filterwarnings("ignore:Normalized/laundered field name:RuntimeWarning"),
]

# The official 7 parameters (Decision 05/2007/QĐ-BTNMT), as a forward WGS84 → VN-2000 UTM 48N
# pipeline written out independently of the code under test (EPSG:6960, Coordinate Frame).
WGS84_TO_VN2000_UTM48 = (
    "+proj=pipeline +step +proj=unitconvert +xy_in=deg +xy_out=rad +step +proj=push +v_3 "
    "+step +proj=cart +ellps=WGS84 +step +inv +proj=helmert +x=-191.90441429 +y=-39.30318279 "
    "+z=-111.45032835 +rx=-0.00928836 +ry=0.01975479 +rz=-0.00427372 +s=0.252906278 "
    "+convention=coordinate_frame +step +inv +proj=cart +ellps=WGS84 +step +proj=pop +v_3 "
    "+step +proj=utm +zone=48 +ellps=WGS84"
)


def _boundary_files_in_repo() -> set[Path]:
    """Boundary-like files anywhere in the repository (outside the virtual environment)."""
    return {
        p
        for p in REPO.rglob("*")
        if p.suffix.lower() in BOUNDARY_SUFFIXES and ".venv" not in p.parts and p.is_file()
    }


@pytest.fixture(scope="module", autouse=True)
def nothing_written_to_repo() -> Iterator[None]:
    """Every test here writes into tmp_path only: no boundary file may appear in the repo."""
    before = _boundary_files_in_repo()
    yield
    assert _boundary_files_in_repo() - before == set()


def _square(lon: float, lat: float, size: float = 0.01) -> dict[str, Any]:
    """A GeoJSON polygon: a square with its south-west corner at (lon, lat)."""
    ring = [
        [lon, lat],
        [lon + size, lat],
        [lon + size, lat + size],
        [lon, lat + size],
        [lon, lat],
    ]
    return {"type": "Polygon", "coordinates": [ring]}


def _feature(props: dict[str, Any], geometry: dict[str, Any] | None) -> dict[str, Any]:
    return {"type": "Feature", "properties": props, "geometry": geometry}


def _write_geojson(path: Path, features: list[dict[str, Any]]) -> Path:
    path.write_text(
        json.dumps({"type": "FeatureCollection", "features": features}, ensure_ascii=False),
        encoding="utf-8",
    )
    return path


def _three_communes() -> list[dict[str, Any]]:
    return [
        _feature({"ma_xa": "01447", "ten_xa": "Xã A"}, _square(106.30, 22.80)),
        _feature({"ma_xa": "01450", "ten_xa": "Xã B"}, _square(106.32, 22.80)),
        _feature({"ma_xa": "01453", "ten_xa": "Xã C"}, _square(106.34, 22.80)),
    ]


def _only_error(exc: pytest.ExceptionInfo[InputError]) -> Problem:
    (problem,) = exc.value.errors
    return problem


def _max_shift_m(a: gpd.GeoDataFrame, b: gpd.GeoDataFrame) -> float:
    """Largest vertex displacement (discrete Hausdorff, metres) between matching features."""
    ga, gb = a.to_crs(32648).geometry.to_numpy(), b.to_crs(32648).geometry.to_numpy()
    return float(np.max(shapely.hausdorff_distance(ga, gb)))


# --------------------------------------------------------------------------- real files


@needs_shared
@pytest.mark.parametrize(
    ("name", "count", "code_field", "name_field", "first"),
    [
        ("trung_khanh_2020-2025_21units.geojson", 21, "gso_code", "unit_2020", "01447"),
        ("dak_doa_17units.geojson", 17, "", "commune_vn", ""),
        ("cao_bang_2025_56communes.geojson", 56, "code", "fullName", "01273"),
        ("nga_bay_6units.geojson", 6, "", "commune_vn", ""),
        ("nhon_trach_12units.geojson", 12, "", "commune_vn", ""),
    ],
)
def test_real_files_load(
    name: str, count: int, code_field: str, name_field: str, first: str
) -> None:
    start = time.perf_counter()
    layer = read_boundaries(SHARED / name)
    assert time.perf_counter() - start < 5.0
    frame = layer.features
    assert (layer.code_field, layer.name_field) == (code_field, name_field)
    assert len(frame) == count and frame.crs.to_epsg() == 4326
    assert list(frame.columns[:2]) == ["code", "name"] and frame.columns[-1] == "geometry"
    assert frame["code"].iloc[0] == first
    assert frame["name"].str.len().gt(0).all() and frame.is_valid.all()
    assert set(frame.geom_type) <= {"Polygon", "MultiPolygon"}
    assert layer.warnings == ()
    assert "pop2019" in frame.columns or "areaKm2" in frame.columns  # original properties kept


@needs_shared
def test_cao_bang_keeps_its_short_name_beside_full_name() -> None:
    frame = read_boundaries(CAO_BANG).features
    row = frame.iloc[0]
    assert (row["name"], row["name_original"]) == ("Phường Thục Phán", "Thục Phán")
    assert "code_original" not in frame.columns


@needs_shared
def test_explicit_fields_are_used() -> None:
    layer = read_boundaries(CAO_BANG, code_field="code", name_field="name")
    assert layer.features["name"].iloc[0] == "Thục Phán"


@needs_shared
def test_national_gpkg_loads() -> None:
    start = time.perf_counter()
    layer = read_boundaries(NATIONAL)
    elapsed = time.perf_counter() - start
    assert len(layer.features) == 11163 and elapsed < 5.0
    assert (layer.code_field, layer.name_field) == ("commune_id", "commune_vn")
    assert layer.features["code"].iloc[0] == "1010101"  # float ids read as integers
    # two units of the source have no name: warned about, not refused (they have an id)
    assert [w.row for w in layer.warnings] == [2273, 11163]
    assert all("không có tên xã" in w.vi for w in layer.warnings)


@needs_shared
@pytest.mark.parametrize("path", [TK, DAK_DOA, CAO_BANG])
def test_venue_points_inside_every_commune(path: Path) -> None:
    frame = read_boundaries(path).features
    points = venue_points(frame)
    assert len(points) == len(frame)
    for code, name, geom in zip(frame["code"], frame["name"], frame.geometry, strict=True):
        point = points[code or name]
        assert geom.contains(shapely.Point(point.lon, point.lat)), name


@needs_shared
def test_simplify_for_display_cao_bang() -> None:
    frame = read_boundaries(CAO_BANG).features
    simple = simplify_for_display(frame)
    before = shapely.get_num_coordinates(frame.geometry.to_numpy()).sum()
    after = shapely.get_num_coordinates(simple.geometry.to_numpy()).sum()
    assert after < 0.2 * before  # measured: 129,229 → 14,150
    assert simple.crs.to_epsg() == 4326 and simple.is_valid.all()
    assert list(simple["code"]) == list(frame["code"])
    area_before = frame.to_crs(32648).area.to_numpy()
    area_after = simple.to_crs(32648).area.to_numpy()
    assert np.max(np.abs(area_after - area_before) / area_before) < 0.01


@needs_shared
def test_boundaries_to_geojson() -> None:
    frame = read_boundaries(TK).features
    data = boundaries_to_geojson(frame)
    assert data["type"] == "FeatureCollection" and len(data["features"]) == 21
    first = data["features"][0]
    assert first["properties"] == {"code": "01447", "name": "Thị trấn Trà Lĩnh"}
    assert first["geometry"]["type"] in ("Polygon", "MultiPolygon")
    text = json.dumps(data)
    lon = first["geometry"]["coordinates"][0][0][0]
    assert round(lon, 6) == lon and len(text) < TK.stat().st_size


# --------------------------------------------------------------------------- VN-2000


@needs_shared
def test_vn2000_zipped_shapefile_round_trip(tmp_path: Path) -> None:
    original = gpd.read_file(TK)
    forward = Transformer.from_pipeline(WGS84_TO_VN2000_UTM48)
    projected = original.copy()
    projected["geometry"] = shapely.transform(
        original.geometry.to_numpy(),
        lambda xy: np.column_stack(forward.transform(xy[:, 0], xy[:, 1])),
    )
    projected = projected.set_crs(3405, allow_override=True)
    projected.to_file(tmp_path / "tk.shp")
    assert "Vietnam_2000" in (tmp_path / "tk.prj").read_text()
    archive = tmp_path / "tk_vn2000.zip"
    with zipfile.ZipFile(archive, "w") as zf:
        for ext in ("shp", "shx", "dbf", "prj", "cpg"):
            zf.write(tmp_path / f"tk.{ext}", f"tk.{ext}")
    layer = read_boundaries(archive)
    assert layer.code_field == "gso_code" and len(layer.features) == 21
    assert all(not w.is_error and "make_valid" in w.vi for w in layer.warnings)
    assert _max_shift_m(original, layer.features) < 0.05  # measured 0.001 m
    # without any datum shift the same file would be about 224 m off
    no_shift = projected.set_crs("+proj=utm +zone=48 +ellps=WGS84 +units=m", allow_override=True)
    assert _max_shift_m(original, no_shift.to_crs(4326)) > 150


@needs_shared
def test_vn2000_tm3_plain_shapefile(tmp_path: Path) -> None:
    original = gpd.read_file(TK)
    bound = boundaries._with_official_vn2000_shift(CRS.from_epsg(9210))
    original.to_crs(bound).set_crs(9210, allow_override=True).to_file(tmp_path / "tk_tm3.shp")
    layer = read_boundaries(tmp_path / "tk_tm3.shp")
    assert _max_shift_m(original, layer.features) < 0.05


def test_vn2000_binding_uses_the_official_transformation() -> None:
    bound = boundaries._with_official_vn2000_shift(CRS.from_epsg(3405))
    wkt = bound.to_wkt()
    assert bound.is_bound and "VN-2000 to WGS 84 (2)" in wkt and "-191.90441429" in wkt
    # a CRS that is not VN-2000 is left alone
    assert not boundaries._with_official_vn2000_shift(CRS.from_epsg(32648)).is_bound


# --------------------------------------------------------------------------- missing CRS


def _shapefile_without_prj(tmp_path: Path, frame: gpd.GeoDataFrame, stem: str) -> Path:
    frame.to_file(tmp_path / f"{stem}.shp")
    (tmp_path / f"{stem}.prj").unlink()
    return tmp_path / f"{stem}.shp"


def test_missing_crs_degrees_assumed_wgs84(tmp_path: Path) -> None:
    frame = gpd.read_file(_write_geojson(tmp_path / "a.geojson", _three_communes()))
    path = _shapefile_without_prj(tmp_path, frame, "noprj")
    layer = read_boundaries(path)
    assert len(layer.features) == 3 and layer.features.crs.to_epsg() == 4326
    (warn,) = layer.warnings
    assert "không ghi hệ tọa độ" in warn.vi and "WGS84" in warn.en


def test_missing_crs_metres_ambiguous_is_an_error(tmp_path: Path) -> None:
    frame = gpd.read_file(_write_geojson(tmp_path / "a.geojson", _three_communes()))
    path = _shapefile_without_prj(tmp_path, frame.to_crs(3405), "utm48")
    with pytest.raises(InputError) as info:
        read_boundaries(path)
    problem = _only_error(info)
    assert "Thiếu hệ tọa độ và không suy ra được" in problem.vi
    assert "CRS missing and cannot be inferred" in problem.en and ".prj" in problem.fix_en
    assert "EPSG:3405" in problem.vi  # the candidates that fit are listed


def test_missing_crs_metres_inferred_when_one_candidate_fits(tmp_path: Path) -> None:
    # Near Quy Nhơn (109.1 E): only VN-2000 UTM 49N puts these metres inside Vietnam.
    feats = [_feature({"ten": f"Xã {i}"}, _square(109.05 + 0.02 * i, 13.6)) for i in range(3)]
    frame = gpd.read_file(_write_geojson(tmp_path / "a.geojson", feats))
    bound = boundaries._with_official_vn2000_shift(CRS.from_epsg(3406))
    path = _shapefile_without_prj(tmp_path, frame.to_crs(bound), "utm49")
    layer = read_boundaries(path)
    (warn,) = layer.warnings
    assert "EPSG:3406" in warn.vi
    assert _max_shift_m(frame, layer.features) < 0.05


# --------------------------------------------------------------------------- other formats


def test_kml_round_trip(tmp_path: Path) -> None:
    frame = gpd.read_file(_write_geojson(tmp_path / "a.geojson", _three_communes()))
    kml = tmp_path / "xa.kml"
    pyogrio.write_dataframe(frame.rename(columns={"ten_xa": "Name"}), kml, driver="KML")
    layer = read_boundaries(kml)
    assert layer.name_field == "Name"
    assert list(layer.features["name"]) == ["Xã A", "Xã B", "Xã C"]


def test_gpkg_several_layers(tmp_path: Path) -> None:
    frame = gpd.read_file(_write_geojson(tmp_path / "a.geojson", _three_communes()))
    gpkg = tmp_path / "multi.gpkg"
    frame.to_file(gpkg, layer="xa_2020")
    frame.to_file(gpkg, layer="xa_2025")
    frame.set_geometry(frame.representative_point()).to_file(gpkg, layer="tru_so")
    with pytest.raises(InputError) as info:
        read_boundaries(gpkg)
    problem = _only_error(info)
    assert "Tệp có nhiều lớp" in problem.vi and "xa_2020" in problem.vi and "tru_so" in problem.vi
    assert len(read_boundaries(f"{gpkg}#xa_2025").features) == 3
    assert len(read_boundaries(gpkg, layer="xa_2020").features) == 3


def test_gpkg_picks_the_only_polygon_layer(tmp_path: Path) -> None:
    frame = gpd.read_file(_write_geojson(tmp_path / "a.geojson", _three_communes()))
    gpkg = tmp_path / "two.gpkg"
    frame.to_file(gpkg, layer="xa")
    frame.set_geometry(frame.representative_point()).to_file(gpkg, layer="tru_so")
    assert read_boundaries(gpkg).features.geom_type.eq("Polygon").all()


def test_names_normalised_and_float_codes(tmp_path: Path) -> None:
    nfd = unicodedata.normalize("NFD", "Xã Ngọc Khê")
    feats = [_feature({"ma_xa": 1480.0, "ten_xa": nfd}, _square(106.3, 22.8))]
    layer = read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    assert layer.features["name"].iloc[0] == unicodedata.normalize("NFC", "Xã Ngọc Khê")
    assert layer.features["code"].iloc[0] == "1480"


def test_no_code_field_means_empty_codes(tmp_path: Path) -> None:
    feats = [
        _feature({"ten": f"Xã {c}"}, _square(106.3 + i / 50, 22.8)) for i, c in enumerate("AB")
    ]
    layer = read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    assert layer.code_field == "" and list(layer.features["code"]) == ["", ""]
    assert set(venue_points(layer.features)) == {"Xã A", "Xã B"}


# --------------------------------------------------------------------------- bad files


def test_empty_geometry_names_the_feature(tmp_path: Path) -> None:
    feats = _three_communes()
    feats[1]["geometry"] = None
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    problem = _only_error(info)
    assert "Đối tượng thứ 2 (Xã B (01450)) không có hình" in problem.vi
    assert problem.row == 2 and problem.field == "geometry" and problem.file == "a.geojson"


def test_point_feature_is_refused(tmp_path: Path) -> None:
    feats = _three_communes()
    feats[2]["geometry"] = {"type": "Point", "coordinates": [106.3, 22.8]}
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    problem = _only_error(info)
    assert "Đối tượng thứ 3 (Xã C (01453)) là Point, không phải vùng" in problem.vi
    assert problem.row == 3


def test_invalid_geometry_repaired_with_warning(tmp_path: Path) -> None:
    feats = _three_communes()
    bowtie = [[106.4, 22.8], [106.41, 22.81], [106.41, 22.8], [106.4, 22.81], [106.4, 22.8]]
    feats[0]["geometry"] = {"type": "Polygon", "coordinates": [bowtie]}
    layer = read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    (warn,) = layer.warnings
    assert not warn.is_error and warn.row == 1
    assert "Đối tượng thứ 1 (Xã A (01447)) có hình học không hợp lệ" in warn.vi
    assert "đã tự sửa" in warn.vi
    assert layer.features.is_valid.all() and layer.features.geometry.iloc[0].area > 0


def test_unrepairable_geometry_is_an_error(tmp_path: Path) -> None:
    feats = _three_communes()
    flat = [[106.4, 22.8], [106.41, 22.8], [106.42, 22.8], [106.4, 22.8]]
    feats[1]["geometry"] = {"type": "Polygon", "coordinates": [flat]}
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    problem = _only_error(info)
    assert "Đối tượng thứ 2 (Xã B (01450))" in problem.vi and "không sửa được" in problem.vi


def test_duplicate_code_names_both_communes(tmp_path: Path) -> None:
    feats = _three_communes()
    feats[2]["properties"]["ma_xa"] = "01447"
    path = _write_geojson(tmp_path / "a.geojson", feats)
    with pytest.raises(InputError) as info:
        read_boundaries(path, code_field="ma_xa")
    problem = _only_error(info)
    assert 'Mã "01447" bị trùng' in problem.vi
    assert "Xã A" in problem.vi and "Xã C" in problem.vi and problem.field == "ma_xa"


def test_detected_code_field_with_repeats_is_not_used(tmp_path: Path) -> None:
    feats = _three_communes()
    feats[2]["properties"]["ma_xa"] = "01447"
    layer = read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    assert layer.code_field == "" and layer.name_field == "ten_xa"


def test_missing_code_value_with_explicit_field(tmp_path: Path) -> None:
    feats = _three_communes()
    feats[1]["properties"]["ma_xa"] = None
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats), code_field="ma_xa")
    problem = _only_error(info)
    assert "Đối tượng thứ 2 (Xã B) không có mã" in problem.vi and problem.row == 2


def test_no_features(tmp_path: Path) -> None:
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", []))
    assert "không có đối tượng" in _only_error(info).vi


def test_zero_byte_file(tmp_path: Path) -> None:
    (tmp_path / "a.geojson").write_bytes(b"")
    with pytest.raises(InputError) as info:
        read_boundaries(tmp_path / "a.geojson")
    assert "không có đối tượng" in _only_error(info).vi


def test_corrupt_file(tmp_path: Path) -> None:
    path = tmp_path / "hong.geojson"
    path.write_text('{"type": "FeatureCollection", "features": [ {"type": "Feat', encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_boundaries(path)
    problem = _only_error(info)
    assert "Không đọc được tệp" in problem.vi and problem.file == "hong.geojson"


def test_unknown_extension_lists_formats(tmp_path: Path) -> None:
    path = tmp_path / "xa.csv"
    path.write_text("ma,ten\n", encoding="utf-8")
    with pytest.raises(InputError) as info:
        read_boundaries(path)
    problem = _only_error(info)
    assert 'Không đọc được tệp có đuôi ".csv"' in problem.vi
    for fmt in ("GeoJSON", "Shapefile", "GeoPackage", "KML"):
        assert fmt in problem.vi and fmt in problem.en


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="not found"):
        read_boundaries(tmp_path / "khong_co.geojson")


def test_too_big(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = _write_geojson(tmp_path / "a.geojson", _three_communes())
    monkeypatch.setattr(boundaries, "MAX_FILE_BYTES", 100)
    with pytest.raises(InputError) as info:
        read_boundaries(path)
    assert "Tệp quá lớn" in _only_error(info).vi


def test_explicit_field_absent_lists_fields(tmp_path: Path) -> None:
    path = _write_geojson(tmp_path / "a.geojson", _three_communes())
    with pytest.raises(InputError) as info:
        read_boundaries(path, code_field="MA_DVHC", name_field="TEN")
    vi = [p.vi for p in info.value.errors]
    assert len(vi) == 2
    assert vi[0] == 'Không có trường "MA_DVHC" (mã xã). Các trường có trong tệp: ma_xa, ten_xa.'
    assert 'Không có trường "TEN" (tên xã)' in vi[1]
    assert info.value.errors[0].field == "MA_DVHC"


def test_field_names_ignore_case(tmp_path: Path) -> None:
    path = _write_geojson(tmp_path / "a.geojson", _three_communes())
    layer = read_boundaries(path, code_field="MA_XA", name_field="TEN_XA")
    assert (layer.code_field, layer.name_field) == ("ma_xa", "ten_xa")


def test_no_name_field_lists_fields(tmp_path: Path) -> None:
    feats = [_feature({"ma_xa": "01447", "dan_so": 5}, _square(106.3, 22.8))]
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    problem = _only_error(info)
    assert "Không nhận ra trường chứa tên xã" in problem.vi and "ma_xa, dan_so" in problem.vi


def test_swapped_axes(tmp_path: Path) -> None:
    feats = _three_communes()
    for f in feats:
        f["geometry"]["coordinates"] = [[[y, x] for x, y in f["geometry"]["coordinates"][0]]]
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    problem = _only_error(info)
    assert "Ranh giới không nằm ở Việt Nam" in problem.vi and "đảo chỗ" in problem.vi
    assert "x 22.8" in problem.vi  # the bounding box found


def test_another_country(tmp_path: Path) -> None:
    feats = [_feature({"ten": "Commune X"}, _square(2.35, 48.85))]
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    problem = _only_error(info)
    assert "không nằm ở Việt Nam" in problem.vi and "nước/vùng khác" in problem.vi


def test_zip_without_shapefile_and_missing_parts(tmp_path: Path) -> None:
    empty = tmp_path / "rong.zip"
    with zipfile.ZipFile(empty, "w") as zf:
        zf.writestr("doc.txt", "x")
    with pytest.raises(InputError) as info:
        read_boundaries(empty)
    assert "không chứa Shapefile" in _only_error(info).vi and "doc.txt" in _only_error(info).vi
    frame = gpd.read_file(_write_geojson(tmp_path / "a.geojson", _three_communes()))
    frame.to_file(tmp_path / "xa.shp")
    partial = tmp_path / "thieu.zip"
    with zipfile.ZipFile(partial, "w") as zf:
        zf.write(tmp_path / "xa.shp", "xa.shp")
        zf.write(tmp_path / "xa.shx", "xa.shx")
    with pytest.raises(InputError) as info:
        read_boundaries(partial)
    assert "thiếu tệp đi kèm: .dbf" in _only_error(info).vi
    (tmp_path / "xa.dbf").unlink()
    with pytest.raises(InputError, match=r"companion files: \.dbf"):
        read_boundaries(tmp_path / "xa.shp")


def test_all_errors_reported_together(tmp_path: Path) -> None:
    feats = _three_communes()
    feats[0]["geometry"] = None
    feats[1]["geometry"] = {"type": "LineString", "coordinates": [[106.3, 22.8], [106.4, 22.9]]}
    with pytest.raises(InputError) as info:
        read_boundaries(_write_geojson(tmp_path / "a.geojson", feats))
    assert [p.row for p in info.value.errors] == [1, 2]
