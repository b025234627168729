"""An ILLUSTRATIVE national backlog table: every 2025 commune, figures estimated from population.

No backlog table by commune is published for the whole country. This generator writes one so that
anyone can run the national what-if (``python -m planning national``): real 2025 communes (code,
name, province) from ``../shared/geodata/national/communes_2025.gpkg``, and figures that are
MINH HỌA / ILLUSTRATIVE — NOT REAL DATA. The file says so in its title row and its name.

Method (like ``scenarios/cao_bang_2025/make_estimates.py``; deterministic, byte-for-byte the same
on every run):

1. Population of each 2025 commune: the layer's usable population
   (:func:`planning.io.layer2025.read_communes`: the 2025 figure where its flag says it is sound,
   else the 2019 census estimate of the build); where neither exists, area × the province's mean
   density (of its communes with a population).
2. of_age ("Trong độ tuổi") = round(0.84 × population) (SOURCES.md: 80–87 % of residents are 14+).
3. not_issued ("Chưa cấp") = round(rate × of_age) with a rate between 1 % and 3 %:
   1 % + 1.5 % × (distance from the province's centre / the province's largest such distance)
   + 0.5 % × a fraction from the SHA-256 of the commune code. Remote communes lag behind, as in
   Cao Bằng; the rates are lower than Cao Bằng's 3–8 % (2022 levels) because by 2025 most
   citizens hold a card. The centre is the most populous phường's venue
   (:func:`planning.drafting.bases.base_on_layer2025`; the national what-if used to base every
   team there, and the table keeps it as its reference point, so its figures do not change).
   issued ("Đã cấp") = of_age − not_issued.
4. "Số tổ" (teams each province has; the same number on every row of the province): one team per
   300,000 inhabitants, rounded, at least 2 — a round illustrative figure, not a police roster.

Usage::

    python -m bench.make_national_table --out bench/out/bang_minh_hoa_toan_quoc.csv
    python -m bench.make_national_table --out FILE --provinces 04,12   # some provinces only
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import io
import sys
from collections.abc import Sequence
from pathlib import Path

import pandas as pd

from planning.domain import Commune
from planning.drafting.bases import base_on_layer2025
from planning.formatting import fmt_int
from planning.io import layer2025
from planning.io.boundaries import venue_points
from planning.io.files import atomic_write_text
from planning.travel import great_circle_km

OF_AGE_SHARE = 0.84
RATE_MIN, RATE_DISTANCE, RATE_HASH = 0.01, 0.015, 0.005
PEOPLE_PER_TEAM, MIN_TEAMS = 300_000, 2
TITLE = (
    "BẢNG MINH HỌA — KHÔNG PHẢI SỐ LIỆU THẬT: số chưa cấp thẻ căn cước theo xã sau 01/7/2025, "
    "ước tính từ dân số (bench/make_national_table.py) / ILLUSTRATIVE TABLE — NOT REAL DATA"
)
HEADER = ("Mã xã", "Tên đơn vị", "Tỉnh", "Trong độ tuổi", "Đã cấp", "Chưa cấp", "Số tổ")


def hash_fraction(text: str) -> float:
    """A deterministic number in [0, 1] from the SHA-256 of ``text``."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def populations(frame: pd.DataFrame) -> list[int]:
    """Step 1: each commune's population, area × the province's density where it has none."""
    given = [None if pd.isna(p) else int(p) for p in frame["population"]]
    provinces = [str(c) for c in frame["province_code"]]
    areas = [float(a) for a in frame["area_km2"]]
    people: dict[str, float] = {}
    area: dict[str, float] = {}
    for code, pop, km2 in zip(provinces, given, areas, strict=True):
        if pop is not None:
            people[code] = people.get(code, 0.0) + pop
            area[code] = area.get(code, 0.0) + km2
    return [
        pop if pop is not None else round(km2 * people[code] / area[code])
        for code, pop, km2 in zip(provinces, given, areas, strict=True)
    ]


def province_rows(frame: pd.DataFrame, people: Sequence[int]) -> list[list[str]]:
    """The table rows of one province (steps 2–4)."""
    points = venue_points(frame)
    stubs = [
        Commune(str(c), str(n), 0, venue=points[str(c)])
        for c, n in zip(frame.code, frame.name, strict=True)
    ]
    base, _ = base_on_layer2025(stubs, frame.assign(population=list(people)))
    assert base.venue is not None
    distance = {c.code: great_circle_km(base.venue, c.venue) for c in stubs if c.venue is not None}
    far = max(distance.values()) or 1.0
    teams = max(MIN_TEAMS, round(sum(people) / PEOPLE_PER_TEAM))
    rows = []
    for row, pop in zip(frame.itertuples(), people, strict=True):
        code = str(row.code)
        rate = RATE_MIN + RATE_DISTANCE * distance[code] / far + RATE_HASH * hash_fraction(code)
        of_age = round(OF_AGE_SHARE * pop)
        not_issued = round(rate * of_age)
        rows.append(
            [
                code,
                str(row.name),
                str(row.province),
                str(of_age),
                str(of_age - not_issued),
                str(not_issued),
                str(teams),
            ]
        )
    return rows


def national_table_text(province_codes: Sequence[str] = ()) -> tuple[str, dict[str, int]]:
    """The whole table as CSV text (title row, header, a row per commune by province and code)
    and totals for the report."""
    frame = layer2025.read_communes(province_codes, geometry=True)
    frame = frame.sort_values(["province_code", "code"]).reset_index(drop=True)
    people = populations(frame)
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow([TITLE])
    writer.writerow(HEADER)
    totals = {"communes": 0, "provinces": 0, "population": 0, "not_issued": 0, "teams": 0}
    for code in sorted(frame["province_code"].unique()):
        mask = (frame["province_code"] == code).to_numpy()
        rows = province_rows(frame[mask], [p for p, m in zip(people, mask, strict=True) if m])
        writer.writerows(rows)
        totals["provinces"] += 1
        totals["communes"] += len(rows)
        totals["population"] += sum(p for p, m in zip(people, mask, strict=True) if m)
        totals["not_issued"] += sum(int(r[5]) for r in rows)
        totals["teams"] += int(rows[0][6])
    return buffer.getvalue(), totals


def main(argv: Sequence[str] | None = None) -> int:
    """Write the table and say what it holds."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, required=True, help="the CSV file to write")
    parser.add_argument(
        "--provinces", default="", help="2-digit province codes, comma-separated (default: all 34)"
    )
    args = parser.parse_args(argv)
    wanted = [c.strip().zfill(2) for c in args.provinces.split(",") if c.strip()]
    text, totals = national_table_text(wanted)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(args.out, text)
    share = totals["not_issued"] / max(1, round(OF_AGE_SHARE * totals["population"]))
    sys.stdout.write(
        f"{args.out}: MINH HỌA, không phải số liệu thật / ILLUSTRATIVE, not real data — "
        f"{totals['provinces']} tỉnh/provinces, {fmt_int(totals['communes'])} xã/communes, "
        f"dân số/population {fmt_int(totals['population'])}, chưa cấp/not issued "
        f"{fmt_int(totals['not_issued'])} ({share * 100:.2f} %), số tổ/teams "
        f"{fmt_int(totals['teams'])}\n"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
