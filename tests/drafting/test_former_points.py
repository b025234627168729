"""Intake points from the former communes of a table (``new --province … --former-points``): each
former commune of a merged 2025 commune becomes a point at that former commune (2009 layer), with
that row's backlog; the commune keeps the sum; what cannot be placed is said and put at the
commune's venue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shapely.geometry import Point

from planning.cli.main import main
from planning.domain import PointKind
from planning.drafting.former_points import point_name
from planning.io import layer2025
from planning.io.export_inputs import export_inputs
from planning.io.scenario import load_scenario
from planning.names import ascii_slug
from tests.conftest import SHARED_GEODATA
from tests.drafting.test_on_layer2025 import dak_doa_table
from tests.plan_checker import check_plan

pytestmark = pytest.mark.skipif(
    not (SHARED_GEODATA / "national" / "communes_2009_national.gpkg").is_file(),
    reason="needs ../shared/geodata/national",
)


def test_point_names() -> None:
    assert point_name("Xã Ia Pết") == "Điểm UBND xã cũ Ia Pết"
    assert point_name("Phường Quang Trung") == "Điểm UBND phường cũ Quang Trung"
    assert point_name("Thị trấn Đăk Đoa") == "Điểm UBND thị trấn cũ Đăk Đoa"


def test_dak_doa_table_gives_ia_bang_its_three_former_communes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "sc"
    args = ["new", str(out), "--table", str(dak_doa_table(tmp_path)), "--province", "Gia Lai"]
    assert main([*args, "--former-points"]) == 0
    report = capsys.readouterr().out
    assert "Điểm tiếp nhận theo xã cũ: 15 điểm ở 5 xã; 15 đặt tại xã cũ" in report
    scenario = load_scenario(out)
    ia_bang = scenario.commune("23710")
    assert [p.name for p in ia_bang.points] == [
        "Điểm UBND xã cũ A Dơk",
        "Điểm UBND xã cũ Ia Pết",
        "Điểm UBND xã cũ Ia Băng",
    ]
    assert all(p.kind == PointKind.FORMER_COMMUNE_HALL for p in ia_bang.points)
    # Each point has its row's collectable backlog (not issued minus the reasons: A Dơk 603 − 156,
    # Ia Pết 718 − 187, Ia Băng 960 − 250); the commune keeps the sum.
    assert ia_bang.point_backlogs() == {"23710-1": 447, "23710-2": 531, "23710-3": 710}
    assert sum(ia_bang.point_backlogs().values()) == ia_bang.collectable_backlog == 1688
    # Each former commune's point lies inside the 2025 commune, and the three are apart.
    outline = layer2025.read_communes(codes=["23710"]).geometry.iloc[0]
    places = [p.location for p in ia_bang.points]
    assert all(p is not None and outline.contains(Point(p.lon, p.lat)) for p in places)
    assert len({(p.lat, p.lon) for p in places if p is not None}) == 3
    # A commune of one former commune keeps its venue as its only point.
    assert [p.point_id for p in scenario.commune("23794").intake_points] == ["23794"]
    assert "Điểm tiếp nhận" in scenario.facts
    # Without the option: no points, the scenario of before.
    plain = tmp_path / "plain"
    assert main(["new", str(plain), *args[2:]]) == 0
    assert not load_scenario(plain).has_listed_points
    assert not (plain / "points.csv").exists()


def test_a_former_commune_not_in_the_2009_map_is_said_and_placed_at_the_venue(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    table = tmp_path / "son_duong.csv"
    table.write_text(
        "Đơn vị,Chưa được cấp\n"
        "Xã Kháng Nhật (Sơn Dương),120\n"
        "Xã Hợp Hòa (Sơn Dương),80\n"
        "Xã Tân Thanh (Sơn Dương),50\n",
        encoding="utf-8",
    )
    out = tmp_path / "sc"
    args = ["new", str(out), "--table", str(table), "--province", "08", "--former-points"]
    assert main(args) == 0
    report = capsys.readouterr().out
    assert "Điểm UBND xã cũ Tân Thanh (02578-3): không có trong bản đồ xã 2009" in report
    commune = load_scenario(out).commune("02578")
    tan_thanh = commune.points[2]
    assert tan_thanh.location == commune.venue and tan_thanh.location_is_default
    assert not commune.points[0].location_is_default
    assert commune.point_backlogs() == {"02578-1": 120, "02578-2": 80, "02578-3": 50}


def test_a_province_table_by_former_communes_to_notices_naming_each_point(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """CLI end to end: new --former-points → solve → export; every plan row names its point,
    the independent checker passes, the totals stay by commune, every visited point has its
    notice and the commune's notice names each of its points."""
    out = tmp_path / "sc"
    table = dak_doa_table(tmp_path)
    args = ["new", str(out), "--table", str(table), "--province", "Gia Lai", "--former-points"]
    assert main([*args, "--start", "2026-03-02", "--deadline", "2026-03-31"]) == 0
    scenario = load_scenario(out)
    plan_dir = tmp_path / "plan"
    solve = ["solve", str(out), "--out", str(plan_dir), "--time-limit", "10", "--no-what-if"]
    assert main(solve) == 0
    summary = json.loads((plan_dir / "summary.json").read_text(encoding="utf-8"))
    assert summary["collectable_backlog"] == scenario.collectable_backlog
    assert set(summary["remaining_by_commune"]) == {c.code for c in scenario.communes}
    export_inputs(scenario, tmp_path / "inputs")
    assert check_plan(tmp_path / "inputs", plan_dir / "plan.csv") == []
    lines = (plan_dir / "plan.csv").read_text(encoding="utf-8").splitlines()
    assert lines[0].endswith(",point_id,point_name")
    assert any(",23710-2,Điểm UBND xã cũ Ia Pết" in line for line in lines)
    docs = tmp_path / "docs"
    assert main(["export", str(out), "--plan", str(plan_dir), "--out", str(docs)]) == 0
    capsys.readouterr()
    ia_bang = (docs / "thong-bao" / "thong-bao-xa-ia-bang.txt").read_text(encoding="utf-8")
    visited = {line.split(",")[9] for line in lines[1:] if line.split(",")[9].startswith("23710-")}
    for point in scenario.commune("23710").points:
        if point.point_id in visited:
            assert f"- Tại {point.name}:" in ia_bang
            own = docs / "thong-bao" / f"thong-bao-xa-ia-bang-{ascii_slug(point.name)}.txt"
            assert f"tại {point.name}, Xã Ia Băng" in own.read_text(encoding="utf-8")
    assert visited  # the plan goes to Ia Băng's points
