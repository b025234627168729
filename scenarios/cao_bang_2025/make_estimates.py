"""How the ILLUSTRATIVE Cao Bằng 2025 figures in communes.csv were made (kept as the record).

No backlog table has been published for Cao Bằng's 56 communes after July 2025. Every figure in
communes.csv is an ILLUSTRATION derived from the 2019 census population, not an official count.
It exists so the planner can be exercised on a whole province (benchmark instance).

Method:
1. Population 2019 of each 2025 commune. The 56 outlines (``cao_bang_2025_56communes.geojson``)
   are joined to ``national/communes_2025_attributes.csv`` by layer id (``gisServerId`` =
   ``commune_layer_id``); its ``before_merger`` lists the 2020-2025 units each commune absorbed
   (its population column is not used). Each listed unit is matched by name to the 2019 census
   (``national/census2019_commune_population.csv``, province Cao Bằng) with
   ``planning.names.name_key`` (NFC, case, prefix Xã/Phường/Thị trấn, tone-mark placement), then
   ``loose_key`` (no diacritics), then a last key that also treats y/i alike (Hồng Sỹ/Hồng Sĩ).
   Hints such as "(huyện Bảo Lạc)" pick among homonyms (the 2020 districts Quảng Hòa, Hà Quảng and
   Trùng Khánh absorbed Phục Hòa + Quảng Uyên, Thông Nông and Trà Lĩnh); a name with several
   candidates and no hint takes the one no other part has claimed.
2. The 2019 census has 199 units in Cao Bằng, the 2020-2025 list about 161: units merged in
   2020 under a new or kept name are not named in ``before_merger``. Each 2019 unit left over
   after step 1 is located with the 2009 commune polygons (``national/communes_2009_national.gpkg``,
   joined by district and commune name): the 2025 commune containing a point inside its 2009
   outline receives its 2019 population. Parts of step 1 without a 2019 name (renamed in 2020)
   are thus covered by their 2019 constituents; the note of those communes says so.
3. Fallback: a 2025 commune with an unmatched part and no 2019 unit located in it would get
   area (km², from the outline file) × the province's mean density (2019 census total / total
   area of the 56 communes), flagged in its note.
4. of_age = round(0.84 × pop2019) (SOURCES.md: 80-87 % of residents are 14+).
5. not_issued = round(rate × of_age), rate between 3 % and 8 %: 3 % + 4 % × (distance of the
   commune from Phường Thục Phán / largest such distance) + 1 % × a fraction taken from the
   SHA-256 of the commune code. Remote communes get higher rates; the result is deterministic.
   issued = of_age − not_issued. All three are flagged ``estimated``.

Usage: PYTHONPATH=. .venv/bin/python scenarios/cao_bang_2025/make_estimates.py  (reads ../shared)
"""

from __future__ import annotations

import csv
import hashlib
import json
import math
import re
import sqlite3
import sys
from pathlib import Path

from shapely import from_wkb
from shapely.geometry import Point, shape

from planning.domain import Commune
from planning.io.communes_csv import communes_csv_text
from planning.names import loose_key, name_key

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "geodata"
PROVINCE = "Tỉnh Cao Bằng"
CENTRE_CODE = "01273"  # Phường Thục Phán (provincial seat)
OF_AGE_SHARE = 0.84
RATE_MIN, RATE_DISTANCE, RATE_HASH = 0.03, 0.04, 0.01
#: 2020 district (as in the hints of before_merger) → 2019 districts it covers.
DISTRICTS_2020 = {
    "Quảng Hòa": ("Phục Hòa", "Quảng Uyên"),
    "Hà Quảng": ("Hà Quảng", "Thông Nông"),
    "Trùng Khánh": ("Trùng Khánh", "Trà Lĩnh"),
}


def district_key(name: str) -> str:
    """District key: 'Huyện Hoà An', 'huyện Hòa An' → 'hoàan'; 'thành phố Cao Bằng' → 'caobằng'."""
    text = re.sub(r"^\s*(huyện|thành phố|thị xã|quận)\s+", "", name.strip().casefold())
    return name_key("Xã " + text)


def keys(name: str) -> tuple[str, str, str]:
    """Strict, loose, and loose with y→i keys of a unit name."""
    loose = loose_key(name)
    return name_key(name), loose, loose.replace("y", "i")


def load_features() -> list[dict]:
    """The 56 communes of the outline file, with shapely geometries."""
    data = json.loads((SHARED / "cao_bang_2025_56communes.geojson").read_text("utf-8"))
    return [{**f["properties"], "geom": shape(f["geometry"])} for f in data["features"]]


def load_attributes() -> dict[str, dict]:
    """Cao Bằng rows of the 2025 attributes table, by layer id."""
    with (SHARED / "national" / "communes_2025_attributes.csv").open(encoding="utf-8") as fh:
        return {
            r["commune_layer_id"]: r
            for r in csv.DictReader(fh)
            if r["province"].strip() == PROVINCE
        }


def load_census() -> list[dict]:
    """Cao Bằng rows of the 2019 census, with name keys and population."""
    with (SHARED / "national" / "census2019_commune_population.csv").open(encoding="utf-8") as fh:
        rows = [r for r in csv.DictReader(fh) if r["province"].strip() == PROVINCE]
    for r in rows:
        r["commune"], r["district"] = r["commune"].strip(), r["district"].strip()
        r["dkey"], r["keys"] = district_key(r["district"]), keys(r["commune"])
        r["pop"] = int(r["total"])
    return rows


def split_part(part: str) -> tuple[str, set[str] | None]:
    """'Xã Đức Long (huyện Thạch An)' → ('Xã Đức Long', {'thạch an'})."""
    m = re.match(r"^(.*?)\s*(?:\((.*)\))?$", part.strip())
    name, hint = m.group(1), m.group(2)
    if not hint:
        return name, None
    d = district_key(re.sub(r"\bphần.*$", "", hint).strip())
    merged = {district_key(k): {district_key(x) for x in v} for k, v in DISTRICTS_2020.items()}
    return name, merged.get(d, {d})


def match_parts(features: list[dict], attrs: dict[str, dict], census: list[dict]) -> dict:
    """Step 1: name match of every before_merger part; returns per-code matched/unmatched lists."""
    result = {f["code"]: {"matched": [], "unmatched": []} for f in features}
    parts = []
    for f in features:
        for raw in attrs[f["gisServerId"]]["before_merger"].split(","):
            if raw.strip():
                parts.append((f["code"], raw.strip(), *split_part(raw)))
    used: set[int] = set()
    # hinted parts first, then the others, so that unhinted homonyms take what is left
    for code, raw, name, hint in sorted(parts, key=lambda p: p[3] is None):
        found = None
        for level, key in enumerate(keys(name)):
            cands = [i for i, r in enumerate(census) if r["keys"][level] == key and i not in used]
            if hint is not None:
                cands = [i for i in cands if census[i]["dkey"] in hint]
            if len(cands) == 1:
                found = cands[0]
                break
            if len(cands) > 1:
                break
        if found is None:
            result[code]["unmatched"].append(raw)
        else:
            used.add(found)
            result[code]["matched"].append(found)
    return result


def gpkg_geometry(blob: bytes):
    """Shapely geometry of a GeoPackage geometry blob (header + WKB)."""
    flags = blob[3]
    envelope = {0: 0, 1: 32, 2: 48, 3: 48, 4: 64}[(flags >> 1) & 0b111]
    return from_wkb(bytes(blob[8 + envelope :]))


def locate_leftovers(census: list[dict], used: set[int], features: list[dict]) -> tuple[dict, list]:
    """Step 2: 2025 commune of each leftover 2019 unit, by its 2009 outline."""
    con = sqlite3.connect(SHARED / "national" / "communes_2009_national.gpkg")
    units = {}
    for geom, district, commune in con.execute(
        "select geom, district_vn, commune_vn from communes where province_vn like '%Cao B%'"
    ):
        units.setdefault((district_key(district), keys(commune)[1]), []).append(geom)
    located, failed = {}, []
    for i, r in enumerate(census):
        if i in used:
            continue
        geoms = units.get((r["dkey"], r["keys"][1]), [])
        if len(geoms) != 1:
            failed.append(i)
            continue
        point = gpkg_geometry(geoms[0]).representative_point()
        inside = [f["code"] for f in features if f["geom"].contains(point)]
        located[i] = (
            inside[0] if inside else min(features, key=lambda f: f["geom"].distance(point))["code"]
        )
    return located, failed


def km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two lon/lat points."""
    la1, la2 = math.radians(a.y), math.radians(b.y)
    h = (
        math.sin((la2 - la1) / 2) ** 2
        + math.cos(la1) * math.cos(la2) * math.sin(math.radians(b.x - a.x) / 2) ** 2
    )
    return 2 * 6371.0 * math.asin(math.sqrt(h))


def main() -> None:
    """Rewrite communes.csv and print the match statistics."""
    features = load_features()
    attrs, census = load_attributes(), load_census()
    missing = [f["code"] for f in features if f["gisServerId"] not in attrs]
    if missing:
        sys.exit(f"no attributes row for {missing}")
    parts = match_parts(features, attrs, census)
    used = {i for p in parts.values() for i in p["matched"]}
    located, failed = locate_leftovers(census, used, features)
    n_parts = sum(len(p["matched"]) + len(p["unmatched"]) for p in parts.values())
    print(
        f"before_merger parts: {n_parts}; matched by name to the 2019 census: {len(used)}; "
        f"unmatched: {n_parts - len(used)}"
    )
    for code, p in parts.items():
        for raw in p["unmatched"]:
            print(f"  unmatched part {code}: {raw}")
    print(
        f"2019 units: {len(census)}; left after name match: {len(census) - len(used)}; "
        f"located via 2009 outline: {len(located)}; not located: {len(failed)}"
    )
    for i in failed:
        r = census[i]
        print(f"  not located: {r['district']} / {r['commune']} ({r['pop']})")

    area = sum(f["areaKm2"] for f in features)
    density = sum(r["pop"] for r in census) / area
    centre = next(f for f in features if f["code"] == CENTRE_CODE)["geom"].representative_point()
    dist = {f["code"]: km(centre, f["geom"].representative_point()) for f in features}
    far = max(dist.values())
    communes = []
    totals = [0, 0, 0]
    for f in sorted(features, key=lambda f: f["code"]):
        code, p = f["code"], parts[f["code"]]
        extra = [i for i, c in located.items() if c == code]
        pop = sum(census[i]["pop"] for i in p["matched"] + extra)
        note = ["MINH HỌA, không phải số liệu thật: ước tính từ dân số 2019"]
        if p["unmatched"] and not extra:
            pop = round(f["areaKm2"] * density)
            note.append(
                f"đơn vị cũ không khớp ({'; '.join(p['unmatched'])}): dân số = diện tích "
                f"{f['areaKm2']} km² × mật độ bình quân tỉnh {density:.1f} người/km²"
            )
        elif p["unmatched"]:
            names = ", ".join(f"{census[i]['commune']} ({census[i]['district']})" for i in extra)
            note.append(
                f"đơn vị cũ không ghép được theo tên với điều tra 2019 (đổi tên năm 2020 "
                f"hoặc trùng tên): {'; '.join(p['unmatched'])}; thay bằng các xã 2019 "
                f"định vị theo ranh giới 2009: {names}"
            )
        elif extra:
            names = ", ".join(f"{census[i]['commune']} ({census[i]['district']})" for i in extra)
            note.append(
                "cộng thêm xã 2019 sáp nhập năm 2020 (định vị theo ranh giới 2009): " + names
            )
        digest = int(hashlib.sha256(code.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF
        rate = RATE_MIN + RATE_DISTANCE * dist[code] / far + RATE_HASH * digest
        of_age = round(OF_AGE_SHARE * pop)
        not_issued = round(rate * of_age)
        share = f"{rate * 100:.1f}".replace(".", ",")
        note.insert(
            1,
            f"dân số 2019 ≈ {pop}; trong độ tuổi = 0,84 × dân số; chưa cấp = "
            f"{share}% trong độ tuổi (cách Thục Phán {dist[code]:.0f} km)",
        )
        communes.append(
            Commune(
                code=code,
                name=f["fullName"],
                not_issued=not_issued,
                of_age=of_age,
                issued=of_age - not_issued,
                estimated_fields=frozenset({"of_age", "issued", "not_issued"}),
                note="; ".join(note) + ".",
            )
        )
        totals = [totals[0] + pop, totals[1] + of_age, totals[2] + not_issued]
    (HERE / "communes.csv").write_text(communes_csv_text(communes), "utf-8")
    print(
        f"communes: {len(communes)}; pop2019: {totals[0]} (census total "
        f"{sum(r['pop'] for r in census)}); of_age: {totals[1]}; not_issued: {totals[2]} "
        f"({totals[2] / totals[1] * 100:.2f}%); density {density:.1f}/km²"
    )


if __name__ == "__main__":
    main()
