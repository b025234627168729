"""An ILLUSTRATIVE backlog table of a province by its FORMER communes (before 1/7/2025), printed
the way a provincial office prints one: title rows with a date, a header, a subtotal row per
former district ("Huyện Mường Tè") followed by its communes, and a total row.

No such table is published; this generator writes one so that the province set-up (issue 18) can
be run and tested on a real province's former communes: the units, names and districts are those
of ``communes_2009_national.gpkg`` (the 2009 layer), spelled as that layer spells them — which is
how old tables spell them too, e.g. Lai Châu's "Xã Can Hồ" (Kan Hồ in the 2024 crosswalk),
"Xã Lản Nhì Thàng" (Lả Nhì Thàng) and "Xã Tung Qua Lìn" (Tông Qua Lìn), and units merged away
before 2024 (Nậm Loỏng, Ma Li Chải). The figures are MINH HỌA / ILLUSTRATIVE — NOT REAL DATA:

    not issued = round(0.84 × population 2009 × (3 % + 4 % × a fraction from the SHA-256 of the
    commune id))

(0.84: the share of residents of ID age, SOURCES.md). Deterministic: byte-for-byte the same file
on every run.

Usage::

    python -m bench.make_former_table --province "Lai Châu" --out bench/out/lai_chau_xa_cu.tsv
    python -m bench.make_former_table --province "Sơn La" --out bench/out/son_la_xa_cu.tsv
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

import pyogrio

from planning.io.files import atomic_write_text
from planning.io.geodata import resolve_boundary_file

OF_AGE_SHARE = 0.84
RATE_MIN, RATE_HASH = 0.03, 0.04
#: The date printed in the title: before the merger of 1/7/2025.
TABLE_DATE = "15/5/2025"
LAYER_2009 = "national/communes_2009_national.gpkg"
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV")


@dataclass(frozen=True)
class FormerRow:
    """One former commune of the table: its district, name as the 2009 layer writes it, figure."""

    district: str
    name: str
    not_issued: int


def hash_fraction(text: str) -> float:
    """A deterministic number in [0, 1] from the SHA-256 of ``text``."""
    return int(hashlib.sha256(text.encode()).hexdigest()[:8], 16) / 0xFFFFFFFF


def former_rows(province_vn: str) -> list[FormerRow]:
    """The province's 2009 units in district order, each with its illustrative figure."""
    path = resolve_boundary_file(LAYER_2009)
    frame = pyogrio.read_dataframe(
        path, read_geometry=False, where=f"province_vn = '{province_vn}'"
    )
    if frame.empty:
        raise ValueError(f"no unit of province {province_vn!r} in the 2009 layer")
    frame = frame.sort_values(["district_id", "commune_id"])
    rows = []
    for r in frame.itertuples():
        rate = RATE_MIN + RATE_HASH * hash_fraction(str(int(r.commune_id)))
        people = float(r.population) if r.population == r.population else 0.0
        rows.append(
            FormerRow(
                str(r.district_vn).strip(),
                str(r.commune_vn).strip(),
                round(OF_AGE_SHARE * people * rate),
            )
        )
    return rows


def table_text(province_vn: str, rows: Sequence[FormerRow], date: str = TABLE_DATE) -> str:
    """The table as tab-separated text: titles, header, district subtotals, communes, total."""
    lines = [
        f"CÔNG AN TỈNH {province_vn.upper()}",
        "BẢNG MINH HỌA — KHÔNG PHẢI SỐ LIỆU THẬT: công dân chưa được cấp thẻ căn cước theo xã, "
        f"thị trấn (ngày {date}) / ILLUSTRATIVE TABLE — NOT REAL DATA",
        "STT\tĐơn vị\tChưa được cấp",
    ]
    districts: dict[str, list[FormerRow]] = {}
    for row in rows:
        districts.setdefault(row.district, []).append(row)
    number = 0
    for i, (district, members) in enumerate(districts.items()):
        roman = ROMAN[i] if i < len(ROMAN) else str(i + 1)
        lines.append(f"{roman}\t{district}\t{sum(m.not_issued for m in members)}")
        for member in members:
            number += 1
            lines.append(f"{number}\t{member.name}\t{member.not_issued}")
    lines.append(f"\tTổng cộng\t{sum(r.not_issued for r in rows)}")
    return "\n".join(lines) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """Write the table of ``--province`` (its name in the 2009 layer) to ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--province", required=True, help='e.g. "Lai Châu" (2009 layer name)')
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--date", default=TABLE_DATE, help="date printed in the title")
    args = parser.parse_args(argv)
    rows = former_rows(args.province)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_text(args.out, table_text(args.province, rows, args.date))
    total = sum(r.not_issued for r in rows)
    print(f"{args.out}: {len(rows)} former communes, {total:,} not issued (ILLUSTRATIVE)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
