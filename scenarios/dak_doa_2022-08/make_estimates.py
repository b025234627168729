"""How the Đak Đoa figures in communes.csv were made (run once; kept as the record of the method).

Published (review of 21/8/2022): target 17,941 applications by 31/8/2022; 6,022 taken 5/8-21/8;
citizens still to enrol: Thị trấn Đak Đoa 2,405, K'Dang 987, Ia Băng 960 (Glar and Hà Đông next,
no figure); district totals that cannot be served by a visit: dead 1,321, prison 44, military 45,
whereabouts unknown 555, other province 993, abroad 134.

Method:
1. Still to enrol on 22/8/2022 = 17,941 − 6,022 = 11,919 for the district.
2. The three published communes keep their figures; the remaining 7,567 are shared among the other
   14 units in proportion to their 2019 census population (largest-remainder rounding, so the
   district total is exact). These are flagged `estimated` (not_issued).
3. The district's non-collectable counts are shared by reason among all 17 units in proportion to
   their not-issued figure (largest remainder); flagged `estimated` for every unit.
Known limit: by population Hà Bầu, Ia Pết and Nam Yang come out above Hà Đông, while the review
ranks Glar and Hà Đông next after the three; the review gives no figure to do better.

Usage: PYTHONPATH=. python scenarios/dak_doa_2022-08/make_estimates.py  (reads ../shared/geodata)
"""

from __future__ import annotations

import csv
import json
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[2] / "shared" / "geodata"
TOTAL_LEFT = 17_941 - 6_022
PUBLISHED = {"Thị trấn Đăk Đoa": 2405, "Xã K' Dang": 987, "Xã Ia Băng": 960}
REASONS = {
    "dead": 1321,
    "prison": 44,
    "military": 45,
    "unknown_whereabouts": 555,
    "other_province": 993,
    "abroad": 134,
}


def largest_remainder(total: int, weights: dict[str, float]) -> dict[str, int]:
    """Split ``total`` in proportion to ``weights`` into integers that add up exactly."""
    whole = sum(weights.values())
    exact = {k: total * w / whole for k, w in weights.items()}
    out = {k: int(v) for k, v in exact.items()}
    left = total - sum(out.values())
    for k in sorted(exact, key=lambda k: exact[k] - out[k], reverse=True)[:left]:
        out[k] += 1
    return out


def main() -> None:
    """Rewrite communes.csv with the estimates."""
    features = json.loads((SHARED / "dak_doa_17units.geojson").read_text("utf-8"))["features"]
    pops = {f["properties"]["commune_vn"]: f["properties"]["pop2019"] for f in features}
    codes = {}
    with (SHARED / "crosswalk_2009_2019_2020_2025.csv").open(encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            if row["target"] == "dak_doa":
                codes[row["vn2009_commune"]] = row["gso2019_code"]
    others = {n: p for n, p in pops.items() if n not in PUBLISHED}
    not_issued = {**PUBLISHED, **largest_remainder(TOTAL_LEFT - sum(PUBLISHED.values()), others)}
    by_reason = {r: largest_remainder(n, not_issued) for r, n in REASONS.items()}
    from planning.domain import Commune, NonCollectableReason
    from planning.io.communes_csv import communes_csv_text

    communes = []
    for name in sorted(pops, key=lambda n: codes[n]):
        published = name in PUBLISHED
        estimated = frozenset(set(REASONS) | (set() if published else {"not_issued"}))
        note = (
            "Số chưa cấp theo báo cáo 21/8/2022; số không thể thu nhận ước tính theo tỷ lệ."
            if published
            else "Ước tính: phần còn lại của huyện chia theo dân số 2019; không có số công bố."
        )
        communes.append(
            Commune(
                code=codes[name],
                name=name,
                not_issued=not_issued[name],
                non_collectable={NonCollectableReason(r): by_reason[r][name] for r in REASONS},
                estimated_fields=estimated,
                note=note,
            )
        )
    (HERE / "communes.csv").write_text(communes_csv_text(communes), "utf-8")


if __name__ == "__main__":
    main()
