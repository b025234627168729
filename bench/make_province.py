"""Province-scale benchmark scenarios built from ``../shared/geodata/national`` (ILLUSTRATIVE data).

Since 1 July 2025 the planner is the provincial police, with 38-168 commune-level units and teams
at several bases (issue 9). No per-commune backlog table is published for a whole province, so
these instances are MINH HỌA / ILLUSTRATIVE: real units, outlines and 2019 census population, but
estimated backlogs, sized to make the instance hard. They are benchmark inputs, not real data.

Instances (``python -m bench.make_province --out bench/out/instances`` writes both):

- ``province_120``: Tỉnh Tuyên Quang after 1/7/2025 (the old Tuyên Quang + Hà Giang, 124 units,
  ``communes_2025.gpkg``), 8 teams at 4 bases, 2 per base: the provincial seat (Phường Minh
  Xuân) and three former district seats chosen for spread (Xã Yên Minh in the north-east, Xã
  Hoàng Su Phì in the west, Xã Nà Hang in the east: every venue is within 53 km great-circle of
  a base, mean 25 km). Window 01/9-05/10/2025 (holidays 01-02/9): 33 working days for the teams
  working every day, 28 for the Monday-Saturday ones.
- ``province_190``: Tỉnh Hà Giang before 2020 (195 units of ``communes_2009_national.gpkg``),
  6 teams at ONE base in the provincial capital (Phường Nguyễn Trãi, Thành phố Hà Giang): the
  worst case for reach (the far north is 80-100 km away on mountain roads). 30 working days
  (03/9-02/10/2025, every day worked), as in the issue's measured example.
- ``province_199_day_trips``: Tỉnh Cao Bằng before 2020 (199 units of
  ``communes_2009_national.gpkg``), 6 teams at ONE base (Phường Hợp Giang, Thành phố Cao Bằng),
  30 working days (03/9-02/10/2025, every day worked), **no overnight stays**: like issue 17's
  held-out mountain province (2009 units, one base, 6 teams, 30 days, day trips only), a case
  where every team-day is a round trip from the base and travel binds.
- ``scaled_N_K_D`` (``--communes N --teams K --days D [--bases B]``): the N units of the 2009
  layer nearest to Hà Giang's capital (crossing into the neighbouring provinces when N > 195), K
  teams spread over B bases (the capital, then farthest-first among the venues), D working days
  (every day worked). ``--communes 200 --teams 12 --days 60`` is the issue's contract size.

Method (mirrors ``scenarios/cao_bang_2025/make_estimates.py``; every figure is flagged estimated):

1. Population 2019 of each unit. 2025 units: ``pop2019_est`` of the layer (the build's sum of the
   2019 census over the unit's old communes). Where it is empty (partial merges, misaligned
   attribute rows): the 2009 units whose inner point lies in the 2025 outline, their 2009
   population × the province's 2019/2009 ratio (computed on the units that have both); else area ×
   the mean density of the units with an estimate. 2009 units: the 2019 census row of the same
   province, district and commune name (``planning.names`` keys, strict then loose); else the 2009
   population × the region's 2019/2009 ratio. Each commune's note says which.
2. of_age = round(0.84 × pop2019) (SOURCES.md: 80-87 % of residents are 14+).
3. Relative backlog rate as in Cao Bằng: 3 % + 4 % × (distance from the capital / largest such
   distance) + 1 % × a fraction from the SHA-256 of the code: remote communes lag behind.
4. Total backlog = ``BACKLOG_FACTOR`` (0.9) × the teams' nominal capacity in the window (every
   working team-day × (shift − one setup) × applications per hour, no travel at all), shared out in
   proportion to of_age × rate (largest remainders, so the total is exact). With travel the teams
   cannot collect that much: the instance is over-subscribed and the planner must choose. The
   resulting rate (``k`` × the step-3 rate) is stated in the facts.
5. Rules as in Cao Bằng 2025: one team per commune a day, at most 3 stops a day, at least 20
   applications a stop, overnight stays allowed 90+ min from base, venue cap 250 a day (350 for a
   phường), 25 km/h × detour 1.6 (mountain roads). From a second hash of the code, deterministic:
   ~10 % of the communes may only be visited from day 8 (invitations later), ~5 % have one
   blackout date (a market or festival day).

Venues: each commune gets an explicit ``venue_lat``/``venue_lon`` (the same inner point the tool
would compute, ``planning.io.boundaries.inner_point``), so travel times never depend on a boundary
file being found. The outlines of exactly the instance's units are also written beside the
scenario as ``boundaries.geojson`` (the scenario's ``boundaries``, found in its own folder) for
the maps; the national files themselves are only read, never copied into the repository, and the
output folder (``bench/out/``) is git-ignored. Output is byte-for-byte the same on every run.

Usage::

    python -m bench.make_province --out bench/out/instances    # province_120, _190, _199_day_trips
    python -m bench.make_province --out DIR --communes 30 --teams 4 --days 10   # a scaled instance
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import json
import math
import re
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import geopandas as gpd
from shapely.geometry import Point, mapping
from shapely.geometry.base import BaseGeometry

from planning.calendar import public_holidays
from planning.domain import (
    ALL_WEEKDAYS,
    BoundarySource,
    Calendar,
    Commune,
    GeoPoint,
    Rules,
    Scenario,
    Team,
    TravelSettings,
)
from planning.formatting import fmt_date, fmt_int, fmt_num, fmt_pct
from planning.io.boundaries import inner_point
from planning.io.communes_csv import communes_csv_text
from planning.io.files import atomic_write_text
from planning.io.geodata import resolve_boundary_file
from planning.io.scenario import scenario_to_toml
from planning.names import loose_key, name_key
from planning.travel import great_circle_km

OF_AGE_SHARE = 0.84
RATE_MIN, RATE_DISTANCE, RATE_HASH = 0.03, 0.04, 0.01
#: Backlog = this × the teams' nominal (travel-free) capacity in the window.
BACKLOG_FACTOR = 0.9
SPEED_KMH, DETOUR = 25.0, 1.6
DAILY_CAP, DAILY_CAP_WARD = 250, 350
LATE_SHARE, LATE_DAYS, BLACKOUT_SHARE = 0.10, 7, 0.05
START = dt.date(2025, 9, 1)
BOUNDARY_FILE = "boundaries.geojson"
MON_SAT = frozenset(range(6))
#: Hà Giang's capital (2009 layer): Phường Nguyễn Trãi, Thành phố Hà Giang.
HA_GIANG_CAPITAL = ("Hà Giang", "Thành phố Hà Giang", "Phường Nguyễn Trãi")
#: Cao Bằng's capital (2009 layer): Phường Hợp Giang, Thành phố Cao Bằng.
CAO_BANG_CAPITAL = ("Cao Bằng", "Thành phố Cao Bằng", "Phường Hợp Giang")


@dataclass(frozen=True)
class Unit:
    """A commune-level unit: outline, venue (inner point) and 2019 population with its origin."""

    code: str
    name: str
    geom: BaseGeometry
    venue: Point
    pop2019: int
    pop_note: str
    ward: bool


@dataclass(frozen=True)
class TeamSpec:
    """Rate, setup, shift and working weekdays of one team."""

    apps_per_hour: float
    setup_min: int
    shift_hours: float
    start: str
    weekdays: frozenset[int] = ALL_WEEKDAYS


#: Team kinds: the province's PC06 team, a lowland commune team, a highland commune team.
PC06 = TeamSpec(22, 30, 10, "07:00")
LOWLAND = TeamSpec(20, 30, 10, "07:00")
HIGHLAND = TeamSpec(18, 40, 9, "07:30")


def national_dir() -> Path:
    """The national geodata folder, found like any boundary file (``planning.io.geodata``)."""
    return resolve_boundary_file("national/communes_2025.gpkg").parent


def km(a: Point, b: Point) -> float:
    """Great-circle distance in km between two lon/lat points."""
    return great_circle_km(GeoPoint(lat=a.y, lon=a.x), GeoPoint(lat=b.y, lon=b.x))


def hash_fraction(text: str) -> float:
    """A deterministic number in [0, 1] from the SHA-256 of ``text``."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def place_key(name: str) -> str:
    """Key of a province or district name: 'Huyện Vị Xuyên', 'vị xuyên' → one key."""
    text = re.sub(
        r"^\s*(tỉnh|thành phố|huyện|thị xã|quận)\s+", "", name.strip(), flags=re.IGNORECASE
    )
    return loose_key("Xã " + text)


# --- units ---------------------------------------------------------------------------------------


def _read_2009(national: Path, bbox: tuple[float, float, float, float]) -> gpd.GeoDataFrame:
    """2009 units inside ``bbox`` (minx, miny, maxx, maxy), sorted by id, with inner points."""
    frame = gpd.read_file(national / "communes_2009_national.gpkg", bbox=bbox)
    frame = frame.sort_values("commune_id").reset_index(drop=True)
    frame["point"] = [inner_point(g) for g in frame.geometry]
    return frame


def _census_2019(national: Path) -> dict[tuple[str, str, str], int]:
    """2019 census population by (province, district, commune) key; loose keys added too."""
    import csv

    out: dict[tuple[str, str, str], int] = {}
    loose: dict[tuple[str, str, str], list[int]] = {}
    path = national / "census2019_commune_population.csv"
    with path.open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            prov, dist = place_key(row["province"]), place_key(row["district"])
            out[(prov, dist, name_key(row["commune"]))] = int(row["total"])
            loose.setdefault((prov, dist, "~" + loose_key(row["commune"])), []).append(
                int(row["total"])
            )
    out.update({k: v[0] for k, v in loose.items() if len(v) == 1})
    return out


def units_2009(frame: gpd.GeoDataFrame, national: Path) -> list[Unit]:
    """Units of 2009 rows, population from the 2019 census (else 2009 × the region's ratio)."""
    census = _census_2019(national)
    found: list[int | None] = []
    for row in frame.itertuples():
        prov, dist = place_key(row.province_vn), place_key(row.district_vn)
        pop = census.get((prov, dist, name_key(row.commune_vn)))
        found.append(
            pop if pop is not None else census.get((prov, dist, "~" + loose_key(row.commune_vn)))
        )
    both = [(p, r) for p, r in zip(found, frame["population"], strict=True) if p and r]
    ratio = sum(p for p, _ in both) / sum(r for _, r in both)
    units = []
    for row, pop in zip(frame.itertuples(), found, strict=True):
        if pop is not None:
            note = "dân số điều tra 2019 của xã"
        else:
            pop = round(float(row.population) * ratio)
            note = (
                f"không khớp tên với điều tra 2019: dân số 2009 {fmt_int(row.population)} × "
                f"{fmt_num(ratio, 3)} (tỷ lệ 2019/2009 của vùng)"
            )
        units.append(
            Unit(
                code=str(int(row.commune_id)),
                name=str(row.commune_vn).strip(),
                geom=row.geometry,
                venue=row.point,
                pop2019=int(pop),
                pop_note=note,
                ward=str(row.commune_vn).strip().startswith(("Phường", "Thị trấn")),
            )
        )
    return units


def province_2009(province_vn: str) -> list[Unit]:
    """Every 2009 unit of one province (e.g. 'Hà Giang', 195 units)."""
    national = national_dir()
    outline = gpd.read_file(
        national / "communes_2009_national.gpkg", where=f"province_vn = '{province_vn}'"
    )
    frame = _read_2009(national, tuple(outline.total_bounds))
    return units_2009(frame[frame["province_vn"] == province_vn], national)


def nearest_2009(centre: tuple[str, str, str], count: int) -> list[Unit]:
    """The ``count`` 2009 units nearest to the unit named ``centre`` (province, district, name)."""
    national = national_dir()
    where = "province_vn = '{}' and district_vn = '{}' and commune_vn = '{}'".format(*centre)
    seat = gpd.read_file(national / "communes_2009_national.gpkg", where=where)
    if len(seat) != 1:
        raise ValueError(f"capital {centre} not found once in the 2009 layer")
    here = inner_point(seat.geometry.iloc[0])
    span = 0.5
    while True:
        bbox = (here.x - span, here.y - span, here.x + span, here.y + span)
        frame = gpd.read_file(national / "communes_2009_national.gpkg", bbox=bbox)
        if len(frame) >= 2 * count or span > 8:
            break
        span *= 1.5
    frame = frame.assign(dist=[km(here, g.representative_point()) for g in frame.geometry])
    frame = frame.sort_values(["dist", "commune_id"]).head(count)
    frame = frame.sort_values("commune_id").reset_index(drop=True)
    frame["point"] = [inner_point(g) for g in frame.geometry]
    return units_2009(frame, national)


def province_2025(province_code: str) -> list[Unit]:
    """Every 2025 unit of one province (``province_code``, e.g. '08' Tuyên Quang, 124 units)."""
    national = national_dir()
    frame = gpd.read_file(
        national / "communes_2025.gpkg", where=f"province_code = '{province_code}'"
    )
    frame = frame.sort_values("code").reset_index(drop=True)
    old = _read_2009(national, tuple(frame.total_bounds))
    located = [old[old["point"].apply(g.contains)]["population"].sum() for g in frame.geometry]
    has = frame["pop2019_est"].notna()
    with_est = sum(p for p, h in zip(located, has, strict=True) if h)
    ratio = frame.loc[has, "pop2019_est"].sum() / with_est
    density = frame.loc[has, "pop2019_est"].sum() / frame.loc[has, "area_km2"].sum()
    units = []
    for row, old_pop in zip(frame.itertuples(), located, strict=True):
        if not math.isnan(row.pop2019_est):
            pop, note = round(row.pop2019_est), "dân số 2019 (pop2019_est của lớp 2025)"
        elif old_pop > 0:
            pop = round(old_pop * ratio)
            note = (
                f"các xã 2009 nằm trong ranh giới: dân số 2009 {fmt_int(old_pop)} × "
                f"{fmt_num(ratio, 3)} (tỷ lệ 2019/2009 của tỉnh)"
            )
        else:
            pop = round(row.area_km2 * density)
            note = (
                f"diện tích {fmt_num(row.area_km2, 2)} km² × mật độ {fmt_num(density, 1)} người/km²"
            )
        units.append(
            Unit(
                code=str(row.code),
                name=str(row.name),
                geom=row.geometry,
                venue=inner_point(row.geometry),
                pop2019=int(pop),
                pop_note=note,
                ward=row.unit_type == "phường",
            )
        )
    return units


# --- scenario ------------------------------------------------------------------------------------


def spread_bases(units: Sequence[Unit], first: str, count: int) -> list[str]:
    """``first`` then, ``count`` − 1 times, the venue farthest from every base chosen so far."""
    by_code = {u.code: u for u in units}
    bases = [first]
    while len(bases) < count:
        far = max(
            units,
            key=lambda u: (min(km(u.venue, by_code[b].venue) for b in bases), u.code),
        )
        bases.append(far.code)
    return bases


def _teams(units: Sequence[Unit], plan: Sequence[tuple[str, TeamSpec]]) -> tuple[Team, ...]:
    """Teams from (base commune code, spec) pairs, numbered T1..Tn."""
    by_code = {u.code: u for u in units}
    teams = []
    for i, (code, spec) in enumerate(plan, start=1):
        base = by_code[code]
        week = "mọi ngày trong tuần" if spec.weekdays == ALL_WEEKDAYS else "thứ Hai đến thứ Bảy"
        teams.append(
            Team(
                team_id=f"T{i}",
                name=f"Tổ lưu động số {i}",
                base=_geo(base.venue),
                apps_per_hour=spec.apps_per_hour,
                setup_min=spec.setup_min,
                shift_min=round(spec.shift_hours * 60),
                start_time=dt.time.fromisoformat(spec.start),
                working_weekdays=spec.weekdays,
                base_name=f"Trụ sở công an {base.name}",
                base_commune=code,
                notes={
                    "apps_per_hour": f"Minh họa: {spec.apps_per_hour:g} hồ sơ/giờ.",
                    "working_weekdays": f"Minh họa: làm {week}.",
                },
            )
        )
    return tuple(teams)


def _geo(point: Point) -> GeoPoint:
    return GeoPoint(lat=round(point.y, 6), lon=round(point.x, 6))


def nominal_capacity(scenario: Scenario) -> float:
    """Applications the teams could take with no travel at all: one setup a working day."""
    return sum(
        len(scenario.team_working_dates(t)) * (t.shift_min - t.setup_min) * t.apps_per_hour / 60
        for t in scenario.teams
    )


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """Integers proportional to ``weights`` summing to ``total`` (largest remainders, stable)."""
    scale = total / sum(weights)
    raw = [w * scale for w in weights]
    out = [math.floor(r) for r in raw]
    order = sorted(range(len(raw)), key=lambda i: (out[i] - raw[i], i))
    for i in order[: total - sum(out)]:
        out[i] += 1
    return out


def communes_for(units: Sequence[Unit], capital: str, target: int, cal: Calendar) -> list[Commune]:
    """Communes with illustrative figures (method steps 2-5), total backlog ``target``."""
    centre = next(u for u in units if u.code == capital).venue
    dist = {u.code: km(centre, u.venue) for u in units}
    far = max(dist.values()) or 1.0
    rates = [
        RATE_MIN + RATE_DISTANCE * dist[u.code] / far + RATE_HASH * hash_fraction(u.code)
        for u in units
    ]
    of_age = [round(OF_AGE_SHARE * u.pop2019) for u in units]
    backlog = apportion(target, [a * r for a, r in zip(of_age, rates, strict=True)])
    window = (cal.deadline - cal.default_earliest_date()).days
    communes = []
    for unit, age, rate, need in zip(units, of_age, rates, backlog, strict=True):
        draw = hash_fraction(unit.code + ":rules")
        earliest = cal.default_earliest_date() + dt.timedelta(days=LATE_DAYS)
        blackout = cal.default_earliest_date() + dt.timedelta(
            days=int(hash_fraction(unit.code + ":day") * window)
        )
        note = [
            "MINH HỌA, không phải số liệu thật",
            f"{unit.pop_note}: {fmt_int(unit.pop2019)}",
            f"chưa cấp = {fmt_pct(100 * need / max(age, 1), 1)} trong độ tuổi (tỷ lệ gốc "
            f"{fmt_pct(100 * rate, 1)}, cách trung tâm {fmt_int(dist[unit.code])} km)",
        ]
        if draw < LATE_SHARE:
            note.append(f"xã hẹn từ {fmt_date(earliest)} (gửi giấy mời muộn)")
        if LATE_SHARE <= draw < LATE_SHARE + BLACKOUT_SHARE:
            note.append(f"không tiếp nhận ngày {fmt_date(blackout)} (phiên chợ, lễ hội)")
        communes.append(
            Commune(
                code=unit.code,
                name=unit.name,
                not_issued=need,
                of_age=age,
                issued=age - need,
                venue=_geo(unit.venue),
                daily_cap=DAILY_CAP_WARD if unit.ward else None,
                earliest_date=earliest if draw < LATE_SHARE else None,
                blackout_dates=(
                    frozenset({blackout})
                    if LATE_SHARE <= draw < LATE_SHARE + BLACKOUT_SHARE
                    else frozenset()
                ),
                estimated_fields=frozenset({"of_age", "issued", "not_issued"}),
                note="; ".join(note) + ".",
            )
        )
    return communes


RULE_NOTES = {
    "max_teams_per_commune_day": "Mỗi xã một điểm tiếp nhận (hội trường UBND xã).",
    "max_stops_per_day": "Một ngày phục vụ tối đa 3 xã gần nhau.",
    "min_apps_per_stop": "Mỗi điểm dừng thu ít nhất 20 hồ sơ (hoặc toàn bộ nếu xã có ít hơn).",
    "allow_overnight": "Xã vùng cao cách trụ sở nhiều giờ đi đường: tổ được nghỉ lại tại xã.",
    "overnight_min_one_way_min": "Chỉ nghỉ lại khi một chiều đi mất từ 90 phút trở lên.",
    "default_daily_cap": "Hội trường xã khoảng 250 người/ngày; phường 350 (cột daily_cap).",
}


def build_scenario(
    name: str,
    description: str,
    units: Sequence[Unit],
    team_plan: Sequence[tuple[str, TeamSpec]],
    deadline: dt.date,
    source: str,
) -> Scenario:
    """The scenario of ``units`` and teams, backlog sized to ``BACKLOG_FACTOR`` × capacity."""
    cal = Calendar(
        start=START,
        deadline=deadline,
        holidays=public_holidays(START, deadline),
        invitation_lead_days=2,
        notes={"deadline": "Hạn giả định (minh họa), tính cả ngày hạn chót."},
    )
    shell = Scenario(name=name, communes=(), teams=_teams(units, team_plan), calendar=cal)
    capacity = nominal_capacity(shell)
    target = round(BACKLOG_FACTOR * capacity)
    communes = communes_for(units, team_plan[0][0], target, cal)
    of_age = sum(c.of_age or 0 for c in communes)
    facts = {
        "Tính chất số liệu": "MINH HỌA, KHÔNG PHẢI SỐ THẬT: bài toán chuẩn (benchmark) cấp tỉnh, "
        "sinh bởi bench/make_province.py.",
        "Nguồn ranh giới và dân số": source,
        "Chưa cấp (ước tính)": f"{fmt_int(target)} người = {fmt_num(BACKLOG_FACTOR, 1)} × "
        f"năng lực danh nghĩa của các tổ ({fmt_int(capacity)} hồ sơ: mọi ngày-tổ × (ca − một "
        f"lần lắp đặt) × tốc độ, không tính di chuyển); {fmt_pct(100 * target / of_age)} của "
        f"{fmt_int(of_age)} người trong độ tuổi, chia theo trong độ tuổi × tỷ lệ 3-8% (xa "
        "trung tâm cao hơn).",
    }
    return Scenario(
        name=name,
        description=description,
        communes=tuple(communes),
        teams=shell.teams,
        calendar=cal,
        travel=TravelSettings(
            speed_kmh=SPEED_KMH,
            detour_factor=DETOUR,
            notes={
                "speed_kmh": "Đường đèo núi: khoảng 25 km/h, quãng đường 1,6 lần đường chim bay."
            },
        ),
        rules=Rules(
            max_teams_per_commune_day=1,
            max_stops_per_day=3,
            min_apps_per_stop=20,
            allow_overnight=True,
            overnight_min_one_way_min=90,
            default_daily_cap=DAILY_CAP,
            notes=RULE_NOTES,
        ),
        boundaries=BoundarySource(BOUNDARY_FILE, "code", "name"),
        facts=facts,
    )


def _rounded(coords: Any) -> Any:
    if isinstance(coords, (tuple, list)):
        if coords and isinstance(coords[0], float):
            return [round(c, 6) for c in coords]
        return [_rounded(c) for c in coords]
    return coords


def boundary_geojson(units: Iterable[Unit]) -> str:
    """GeoJSON text of the units' outlines (code, name), coordinates rounded to 6 decimals."""
    features = [
        {
            "type": "Feature",
            "properties": {"code": u.code, "name": u.name},
            "geometry": {
                "type": mapping(u.geom)["type"],
                "coordinates": _rounded(mapping(u.geom)["coordinates"]),
            },
        }
        for u in sorted(units, key=lambda u: u.code)
    ]
    doc = {"type": "FeatureCollection", "features": features}
    return json.dumps(doc, ensure_ascii=False, separators=(",", ":")) + "\n"


def write_instance(scenario: Scenario, units: Sequence[Unit], folder: Path) -> Path:
    """Write scenario.toml, communes.csv and boundaries.geojson into ``folder``; the TOML path."""
    folder.mkdir(parents=True, exist_ok=True)
    atomic_write_text(folder / BOUNDARY_FILE, boundary_geojson(units))
    atomic_write_text(folder / "communes.csv", communes_csv_text(scenario.communes))
    atomic_write_text(folder / "scenario.toml", scenario_to_toml(scenario))
    return folder / "scenario.toml"


# --- the instances -------------------------------------------------------------------------------

TUYEN_QUANG_BASES = {
    "02215": (PC06, LOWLAND),  # Phường Minh Xuân, provincial seat
    "00820": (PC06, HIGHLAND),  # Xã Yên Minh, north-east
    "01021": (LOWLAND, replace(HIGHLAND, weekdays=MON_SAT)),  # Xã Hoàng Su Phì, west
    "02221": (LOWLAND, replace(LOWLAND, weekdays=MON_SAT)),  # Xã Nà Hang, east
}


def province_120(out: Path) -> Path:
    """Tuyên Quang 2025: 124 units, 8 teams at 4 bases, 01/9-05/10/2025."""
    units = province_2025("08")
    plan = [(code, spec) for code, specs in TUYEN_QUANG_BASES.items() for spec in specs]
    scenario = build_scenario(
        "Tuyên Quang 2025 — 124 xã, 8 tổ, 4 trụ sở (minh họa)",
        "Tỉnh Tuyên Quang sau 1/7/2025 (Tuyên Quang + Hà Giang cũ): 124 đơn vị cấp xã, 8 tổ ở "
        "4 trụ sở (Minh Xuân, Yên Minh, Hoàng Su Phì, Nà Hang). SỐ LIỆU MINH HỌA, KHÔNG PHẢI SỐ "
        "THẬT: bài toán chuẩn cấp tỉnh (issue 9).",
        units,
        plan,
        dt.date(2025, 10, 5),
        "communes_2025.gpkg (ranh giới, pop2019_est), communes_2009_national.gpkg (bù dân số).",
    )
    return write_instance(scenario, units, out / "province_120")


def _capital_code(units: Sequence[Unit], capital: tuple[str, str, str] = HA_GIANG_CAPITAL) -> str:
    return next(u.code for u in units if u.name == capital[2])


def province_190(out: Path) -> Path:
    """Hà Giang (2009 units): 195 units, 6 teams at one base, 30 working days."""
    units = province_2009(HA_GIANG_CAPITAL[0])
    capital = _capital_code(units)
    specs = (PC06, PC06, LOWLAND, LOWLAND, HIGHLAND, HIGHLAND)
    scenario = build_scenario(
        "Hà Giang — 195 xã, 6 tổ, 1 trụ sở (minh họa)",
        "Tỉnh Hà Giang trước 2020: 195 đơn vị cấp xã, 6 tổ đều ở thành phố Hà Giang, 30 ngày "
        "làm việc: trường hợp khó nhất về quãng đường. SỐ LIỆU MINH HỌA, KHÔNG PHẢI SỐ THẬT.",
        units,
        [(capital, s) for s in specs],
        dt.date(2025, 10, 2),
        "communes_2009_national.gpkg (ranh giới 2009), điều tra dân số 2019.",
    )
    return write_instance(scenario, units, out / "province_190")


def province_199_day_trips(out: Path) -> Path:
    """Cao Bằng (2009 units): 199 units, 6 teams at one base, 30 working days, no overnight."""
    units = province_2009(CAO_BANG_CAPITAL[0])
    capital = _capital_code(units, CAO_BANG_CAPITAL)
    specs = (PC06, PC06, LOWLAND, LOWLAND, HIGHLAND, HIGHLAND)
    scenario = build_scenario(
        "Cao Bằng (2009) — 199 xã, 6 tổ, 1 trụ sở, đi về trong ngày (minh họa)",
        "Tỉnh Cao Bằng trước 2020: 199 đơn vị cấp xã, 6 tổ đều ở thành phố Cao Bằng, 30 ngày "
        "làm việc, không nghỉ lại qua đêm: mọi ngày-tổ đi từ trụ sở và về trong ngày. SỐ LIỆU "
        "MINH HỌA, KHÔNG PHẢI SỐ THẬT.",
        units,
        [(capital, s) for s in specs],
        dt.date(2025, 10, 2),
        "communes_2009_national.gpkg (ranh giới 2009), điều tra dân số 2019.",
    )
    rules = replace(
        scenario.rules,
        allow_overnight=False,
        notes={**scenario.rules.notes, "allow_overnight": DAY_TRIPS_NOTE},
    )
    return write_instance(replace(scenario, rules=rules), units, out / "province_199_day_trips")


#: Why the day-trip instance has no overnight stays.
DAY_TRIPS_NOTE = "Tổ đi về trong ngày, không nghỉ lại tại xã (như bài giữ lại của issue 17)."


def scaled(out: Path, communes: int, teams: int, days: int, bases: int | None = None) -> Path:
    """``communes`` units nearest Hà Giang's capital, ``teams`` teams at ``bases`` bases."""
    if communes < 2 or teams < 1 or days < 1:
        raise ValueError("need at least 2 communes, 1 team and 1 day")
    units = nearest_2009(HA_GIANG_CAPITAL, communes)
    nbases = bases or max(1, math.ceil(teams / 3))
    base_codes = spread_bases(units, _capital_code(units), min(nbases, teams, len(units)))
    kinds = (PC06, LOWLAND, HIGHLAND)
    plan = [(base_codes[i % len(base_codes)], kinds[i % 3]) for i in range(teams)]
    key = f"scaled_{communes}_{teams}_{days}"
    scenario = build_scenario(
        f"Quy mô {communes} xã × {teams} tổ × {days} ngày (minh họa)",
        f"{communes} đơn vị cấp xã (ranh giới 2009) gần thành phố Hà Giang nhất, {teams} tổ ở "
        f"{len(base_codes)} trụ sở, {days} ngày làm việc. SỐ LIỆU MINH HỌA: kiểm thử quy mô.",
        units,
        plan,
        START + dt.timedelta(days=1 + days),
        "communes_2009_national.gpkg (ranh giới 2009), điều tra dân số 2019.",
    )
    return write_instance(scenario, units, out / key)


def main(argv: Sequence[str] | None = None) -> int:
    """Write the province instances, or one scaled instance with --communes/--teams/--days."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=Path("bench/out/instances"))
    parser.add_argument("--communes", type=int, default=None, help="scaled instance: N units")
    parser.add_argument("--teams", type=int, default=12, help="scaled instance: K teams")
    parser.add_argument("--days", type=int, default=60, help="scaled instance: D working days")
    parser.add_argument("--bases", type=int, default=None, help="scaled: bases (default K/3)")
    args = parser.parse_args(argv)
    if args.communes is not None:
        paths = [scaled(args.out, args.communes, args.teams, args.days, args.bases)]
    else:
        paths = [province_120(args.out), province_190(args.out), province_199_day_trips(args.out)]
    for path in paths:
        print(path)
    return 0


if __name__ == "__main__":
    sys.exit(main())


# --- intake points -------------------------------------------------------------------------------

#: Tuyên Quang's 12 teams for the points instance: 3 at each of the 4 bases of ``province_120``.
TUYEN_QUANG_12 = {
    "02215": (PC06, PC06, LOWLAND),
    "00820": (PC06, HIGHLAND, HIGHLAND),
    "01021": (LOWLAND, HIGHLAND, replace(HIGHLAND, weekdays=MON_SAT)),
    "02221": (LOWLAND, LOWLAND, replace(LOWLAND, weekdays=MON_SAT)),
}


def old_units_table(province_code: str, target: int, capital_code: str) -> list[tuple[str, int]]:
    """The table a planner holds: every pre-2025 unit of the 2025 province (name with its old
    district, as offices write it) and an illustrative backlog, ``target`` in all, shared by
    2019 population × a rate rising with the distance from ``capital_code`` (as
    :func:`communes_for`; a unit missing from the census counts the province's median)."""
    import csv

    national = national_dir()
    census = _census_2019(national)
    rows = []
    with (national / "crosswalk_2024_2025.csv").open(encoding="utf-8") as handle:
        for r in csv.DictReader(handle):
            if r["old_level"] == "commune":
                rows.append(r)
    units = province_2025(province_code)
    codes = {u.code for u in units}
    venue = {u.code: u.venue for u in units}
    seen: dict[str, tuple[str, str, str]] = {}
    for r in rows:
        if r["new_code"] in codes and r["old_code"] not in seen:
            seen[r["old_code"]] = (r["old_name"], r["old_district"], r["new_code"])
    pops = []
    for name, district, _ in seen.values():
        key = (place_key(_province_of(rows, name, district)), place_key(district), name_key(name))
        pops.append(census.get(key))
    known = sorted(p for p in pops if p)
    median = known[len(known) // 2] if known else 1000
    centre = venue[capital_code]
    far = max(km(centre, v) for v in venue.values()) or 1.0
    weights = []
    for (code, (_, _, new)), pop in zip(seen.items(), pops, strict=True):
        rate = RATE_MIN + RATE_DISTANCE * km(centre, venue[new]) / far
        rate += RATE_HASH * hash_fraction(code)
        weights.append(OF_AGE_SHARE * (pop or median) * rate)
    backlog = apportion(target, weights)
    return [
        (f"{name} ({district})", n)
        for (name, district, _), n in zip(seen.values(), backlog, strict=True)
    ]


def _province_of(rows: list[dict[str, str]], name: str, district: str) -> str:
    return next(
        r["old_province"] for r in rows if r["old_name"] == name and r["old_district"] == district
    )


def province_points(out: Path, days: int = 60) -> Path:
    """Tuyên Quang 2025 planned by its former communes: the table of its 330 pre-2025 units
    (illustrative backlogs) drafted on the 2025 layer with ``--former-points`` (the product's own
    path: each former commune of a merged commune is an intake point at that former commune),
    12 teams at 4 bases (a teams file), ``days`` days from 01/9/2025, the province rules of
    :func:`build_scenario` (one team a commune-day, 3 stops a day, overnight stays 90+ min)."""
    from planning.drafting.new_scenario import draft_scenario
    from planning.drafting.request import NewScenarioRequest
    from planning.io.scenario import save_scenario

    folder = out / "province_points"
    folder.mkdir(parents=True, exist_ok=True)
    plan = [(code, spec) for code, specs in TUYEN_QUANG_12.items() for spec in specs]
    units = province_2025("08")
    deadline = START + dt.timedelta(days=days - 1)
    shell = build_scenario("shell", "", units, plan, deadline, "")
    target = round(BACKLOG_FACTOR * nominal_capacity(shell))
    table = folder / "bang_xa_cu_tuyen_quang.csv"
    lines = ["Đơn vị,Chưa được cấp"] + [
        f'"{name}",{n}' for name, n in old_units_table("08", target, plan[0][0])
    ]
    atomic_write_text(table, "\n".join(lines) + "\n")
    teams = folder / "to_cong_tac.csv"
    team_lines = ["team_id,name,base,apps_per_hour,setup_min,shift_hours,working_weekdays"]
    for i, (code, spec) in enumerate(plan, start=1):
        weekdays = ",".join(
            ("T2", "T3", "T4", "T5", "T6", "T7", "CN")[d] for d in sorted(spec.weekdays)
        )
        team_lines.append(
            f"T{i},Tổ lưu động số {i},{code},{spec.apps_per_hour:g},{spec.setup_min},"
            f'{spec.shift_hours:g},"{weekdays}"'
        )
    atomic_write_text(teams, "\n".join(team_lines) + "\n")
    request = NewScenarioRequest(
        out_dir=folder,
        table=table,
        name=f"Tuyên Quang 2025 theo xã cũ — điểm tiếp nhận, 12 tổ, {days} ngày (minh họa)",
        start=START,
        deadline=deadline,
        province="08",
        teams_file=teams,
        split_rule="population",
        former_points=True,
    )
    _, scenario = draft_scenario(request)
    if scenario is None:
        raise ValueError("the Tuyên Quang table did not map onto the 2025 communes")
    scenario = replace(
        scenario,
        calendar=shell.calendar,
        travel=shell.travel,
        rules=replace(shell.rules, notes={}),
        description="Tỉnh Tuyên Quang sau 1/7/2025 theo bảng các xã cũ: mỗi xã cũ của một xã "
        "mới là một điểm tiếp nhận. SỐ LIỆU MINH HỌA, KHÔNG PHẢI SỐ THẬT (issue 20).",
    )
    toml = folder / "scenario.toml"
    for stale in ("scenario.toml", "communes.csv", "points.csv"):
        (folder / stale).unlink(missing_ok=True)
    return save_scenario(scenario, toml)


def _spots(unit: Unit, count: int) -> list[Point]:
    """``count`` points inside the unit's outline: its venue, then deterministic draws (by the
    code's hash) inside its bounds that fall in the outline (the venue after 200 misses)."""
    spots = [unit.venue]
    minx, miny, maxx, maxy = unit.geom.bounds
    tries = 0
    while len(spots) < count:
        tries += 1
        x = minx + (maxx - minx) * hash_fraction(f"{unit.code}:x:{tries}")
        y = miny + (maxy - miny) * hash_fraction(f"{unit.code}:y:{tries}")
        if unit.geom.contains(Point(x, y)) or tries > 200:
            spots.append(Point(x, y) if tries <= 200 else unit.venue)
    return spots


def scaled_points(
    out: Path, communes: int, points: int, teams: int, days: int, bases: int | None = None
) -> Path:
    """:func:`scaled` with ``points`` intake points per commune (``communes`` × ``points``
    nodes: 200 × 3 = 600 is the issue's contract): the hall at the venue and the others at
    deterministic places inside the outline, the backlog shared equally (the stated rule)."""
    from planning.domain import IntakePoint, PointKind
    from planning.io.points import points_csv_text

    folder = scaled(out, communes, teams, days, bases)
    scenario = _load(folder)
    units = {u.code: u for u in nearest_2009(HA_GIANG_CAPITAL, communes)}
    listed = []
    for commune in scenario.communes:
        spots = _spots(units[commune.code], points)
        kinds = [PointKind.COMMUNE_HALL] + [PointKind.FORMER_COMMUNE_HALL] * (points - 1)
        own = tuple(
            IntakePoint(
                f"{commune.code}-{k}",
                commune.code,
                f"Điểm {k} {commune.name}",
                kind,
                location=_geo(spot),
                weekdays=ALL_WEEKDAYS,
            )
            for k, (spot, kind) in enumerate(zip(spots, kinds, strict=True), start=1)
        )
        listed.append(replace(commune, points=own))
    key = f"points_{communes}x{points}_{teams}_{days}"
    target = out / key
    target.mkdir(parents=True, exist_ok=True)
    with_points = replace(
        scenario,
        name=f"Quy mô {communes * points} điểm ({communes} xã × {points}) × {teams} tổ × {days} "
        "ngày (minh họa)",
        communes=tuple(listed),
    )
    atomic_write_text(target / BOUNDARY_FILE, (folder.parent / BOUNDARY_FILE).read_text("utf-8"))
    atomic_write_text(target / "communes.csv", communes_csv_text(with_points.communes))
    atomic_write_text(target / "points.csv", points_csv_text(with_points.communes))
    atomic_write_text(target / "scenario.toml", scenario_to_toml(with_points))
    return target / "scenario.toml"


def _load(toml: Path) -> Scenario:
    from planning.io.scenario import load_scenario

    return load_scenario(toml)
