"""The national 2025 layer and crosswalk (../shared/geodata/national), and `new --province/--area/
--teams-file` end to end: the shipped Trùng Khánh and Đak Đoa tables become scenarios on the 2025
communes whose totals equal the tables', that `check` accepts and `solve` plans (the plans pass
the independent checker); bad input is a clear message and writes nothing."""

from __future__ import annotations

import csv
import io
import json
import time
from pathlib import Path

import openpyxl
import pytest

from planning.cli import main
from planning.drafting.crosswalk import old_units
from planning.errors import InputError
from planning.io import layer2025
from planning.io.export_inputs import export_inputs
from planning.io.scenario import open_scenario
from planning.io.teams import read_teams_file
from tests.conftest import DAK_DOA_DIR, SHARED_GEODATA, TK_BOUNDARIES, TK_TABLE, tree_snapshot
from tests.plan_checker import Options, check_plan

NATIONAL = SHARED_GEODATA / "national"
pytestmark = pytest.mark.skipif(
    not (NATIONAL / "communes_2025.gpkg").exists(), reason="national 2025 layer not available"
)
REASONS = ("dead", "prison", "military", "unknown_whereabouts", "other_province", "abroad")


def dak_doa_table(folder: Path) -> Path:
    """The Đak Đoa table of 21/8/2022 as an office prints it, from the shipped scenario's CSV
    (old names of 2022, one column per reason a visit cannot serve)."""
    with (DAK_DOA_DIR / "communes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lines = [
        "BẢNG THỐNG KÊ CÔNG DÂN CHƯA ĐƯỢC CẤP CCCD - HUYỆN ĐAK ĐOA (21/8/2022)",
        "STT\tĐơn vị\tChưa được cấp\tĐã chết\tĐang chấp hành án phạt tù\tNghĩa vụ quân sự\t"
        "Vắng mặt không rõ nơi cư trú\tLàm ăn tỉnh khác\tỞ nước ngoài",
    ]
    for i, r in enumerate(rows, 1):
        lines.append("\t".join([str(i), r["name"], r["not_issued"], *(r[k] for k in REASONS)]))
    path = folder / "dak_doa_2022-08-21.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def new(out: Path, *args: str, capsys: pytest.CaptureFixture[str]) -> tuple[int, str]:
    code = main(["new", str(out), *args])
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def solve_and_check(folder: Path, tmp: Path, capsys: pytest.CaptureFixture[str]) -> dict:
    """`solve --time-limit 5 --no-what-if`, then the independent checker on its plan."""
    out = tmp / "plan"
    assert main(["solve", str(folder), "--out", str(out), "--time-limit", "5", "--no-what-if"]) == 0
    capsys.readouterr()
    scenario = open_scenario(folder).scenario
    export_inputs(scenario, tmp / "inputs")
    options = Options(max_teams_per_commune_day=scenario.rules.max_teams_per_commune_day)
    assert check_plan(tmp / "inputs", out / "plan.csv", options) == []
    return json.loads((out / "summary.json").read_text(encoding="utf-8"))


# --- the layer ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("given", "code"),
    [
        ("Gia Lai", "52"),
        ("Tỉnh Gia Lai", "52"),
        ("gia lai", "52"),
        ("52", "52"),
        ("4", "04"),
        ("Thanh Hóa", "38"),  # the layer writes Thanh Hoá
        ("Đồng Nai", "75"),  # now Thành phố Đồng Nai
        ("Tỉnh Đồng Nai", "75"),
        ("TP. Hồ Chí Minh", "79"),
        ("Dak Lak", "66"),
    ],
)
def test_province_by_any_spelling_or_code(given: str, code: str) -> None:
    province, notes = layer2025.find_province(given)
    assert province.code == code and notes == []


def test_a_province_of_before_2025_is_found_with_a_note() -> None:
    province, notes = layer2025.find_province("Bình Định")
    assert province.name == "Tỉnh Gia Lai"
    assert "Bình Định" in notes[0].vi and "Tỉnh Gia Lai" in notes[0].vi


def test_unknown_province_lists_close_candidates() -> None:
    with pytest.raises(InputError) as caught:
        layer2025.find_province("Gia Lay")
    problem = caught.value.problems[0]
    assert "Gia Lay" in problem.vi and "Gia Lai (52)" in problem.vi
    assert "--province" in problem.fix_vi


def test_a_province_is_read_quickly_and_only_its_communes() -> None:
    layer2025.units()  # warm the attribute cache like a session would
    started = time.perf_counter()
    frame = layer2025.read_communes(["52"])
    units = old_units(["52"])
    elapsed = time.perf_counter() - started
    assert len(frame) == 135 and set(frame["province_code"]) == {"52"}
    assert len(units) == 373
    assert elapsed < 1.0, f"{elapsed:.2f} s"


def test_a_dok_went_into_ia_bang_not_ia_dok() -> None:
    unit = old_units(["52"])["23710"]
    names = layer2025.units()
    assert (unit.name, unit.district) == ("Xã A Dơk", "Huyện Đăk Đoa")
    assert [names[c].name for c in unit.targets] == ["Xã Ia Băng"]
    assert [names[c].name for c in unit.doubted] == ["Xã Ia Dơk"]


def test_missing_national_data_says_what_to_do(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(layer2025, "resolve_boundary_file", _not_found)
    with pytest.raises(InputError) as caught:
        layer2025.find_province("Gia Lai")
    problem = caught.value.problems[0]
    assert "national/" in problem.fix_vi and "CCCD_GEODATA" in problem.fix_en
    assert "--boundaries" in problem.fix_en


def _not_found(name: str, scenario_dir: Path | None = None) -> Path:
    from planning.io.geodata import _not_found_problem

    raise InputError([_not_found_problem(name, [Path("/nowhere")])])


# --- new --province: the shipped tables ---------------------------------------------------------


def test_trung_khanh_table_on_the_2025_communes(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    out = tmp_path / "tk"
    code, text = new(
        out,
        "--table",
        str(TK_TABLE),
        "--province",
        "Cao Bằng",
        "--start",
        "2022-12-06",
        "--deadline",
        "2022-12-25",
        capsys=capsys,
    )
    assert code == 0, text
    # Every old → new line, the sums per 2025 commune and the totals before and after.
    assert "Cao Chương [đơn vị cũ, Huyện Trùng Khánh] → Xã Trà Lĩnh (01447): 74" in text
    assert "Xã Trùng Khánh (01477) = Thị trấn Trùng Khánh 275 + Đức Hồng 303" in text
    assert "Tổng chưa cấp: bảng 2.990 = sau quy đổi 2.990" in text
    assert "Tổng trong độ tuổi: bảng 59.042 = sau quy đổi 59.042" in text
    assert "Trụ sở các tổ (mặc định)" in text
    loaded = open_scenario(out)
    scenario = loaded.scenario
    assert len(scenario.communes) == 7
    assert scenario.not_issued == 2990
    assert sum(c.of_age or 0 for c in scenario.communes) == 59042
    assert scenario.commune("01477").aliases[0] == "Thị trấn Trùng Khánh"
    assert scenario.boundaries.path == "national/communes_2025.gpkg"
    assert "Trụ sở các tổ" in scenario.facts
    assert "base" in scenario.teams[0].notes
    # Only the scenario's own communes are read from the national layer.
    assert sorted(loaded.boundaries.features["code"]) == sorted(c.code for c in scenario.communes)
    assert main(["check", str(out)]) == 0
    summary = solve_and_check(out, tmp_path, capsys)
    assert summary["collectable_backlog"] == 2990


def test_dak_doa_with_teams_at_several_bases_end_to_end(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Scenario, plan (checked), maps and documents with teams at four bases: two communes of
    the area (by name and by code), a ward outside it, coordinates."""
    teams = tmp_path / "to.csv"
    teams.write_text(
        "team_id,name,base,apps_per_hour,setup_min,shift_hours,working_weekdays\n"
        'T1,Tổ Đak Đoa,Xã Đak Đoa,22,30,11,"T2,T3,T4,T5,T6,T7,CN"\n'
        'T2,Tổ Ia Băng,23710,22,30,11,"T2,T3,T4,T5,T6,T7,CN"\n'
        "T3,Tổ Công an tỉnh,Phường Pleiku,20,30,10,T2;T3;T4;T5;T6;T7\n"
        'T4,Tổ tăng cường,"14.05,108.15",20,30,10,T2;T3;T4;T5;T6\n',
        encoding="utf-8",
    )
    out = tmp_path / "dd"
    code, text = new(
        out,
        "--table",
        str(dak_doa_table(tmp_path)),
        "--province",
        "gia lai",
        "--start",
        "2022-08-22",
        "--deadline",
        "2022-08-31",
        "--teams-file",
        str(teams),
        capsys=capsys,
    )
    assert code == 0, text
    # A Dơk follows the resolution (Ia Băng), and the report says the crosswalk differs.
    assert "Xã A Dơk [đơn vị cũ, Huyện Đăk Đoa] → Xã Ia Băng (23710): 603" in text
    assert "Xã Ia Dơk (23869)" in text
    assert "Tổng chưa cấp: bảng 11.919 = sau quy đổi 11.919" in text
    assert "Tổng đã chết nhưng chưa xóa đăng ký: bảng 1.321 = sau quy đổi 1.321" in text
    loaded = open_scenario(out)
    scenario = loaded.scenario
    assert scenario.not_issued == 11919
    assert sum(c.non_collectable_total for c in scenario.communes) == 3092
    assert scenario.commune("23710").not_issued == 603 + 718 + 960
    bases = {t.team_id: t for t in scenario.teams}
    assert bases["T1"].base_commune == "23677" and bases["T2"].base_commune == "23710"
    assert bases["T3"].base_commune == "" and bases["T3"].base_name == "Phường Pleiku"
    assert (bases["T4"].base.lat, bases["T4"].base.lon) == (14.05, 108.15)
    assert main(["check", str(out)]) == 0
    summary = solve_and_check(out, tmp_path, capsys)
    assert summary["collectable_backlog"] == scenario.collectable_backlog
    _maps_and_documents(loaded, tmp_path)


def _maps_and_documents(loaded, tmp: Path) -> None:
    from planning.report.excel import plan_workbook
    from planning.report.maps import coverage_map, plan_map
    from planning.report.pdf import plan_pdf
    from planning.report.static_map import plan_map_png
    from planning.solver import SolverOptions, solve

    scenario, features = loaded.scenario, loaded.boundaries.features
    result = solve(scenario, SolverOptions(time_limit_s=2))
    page = plan_map(scenario, features, result.plan).get_root().render()
    # The map data is compact JSON ("code":"23710").
    assert all(f'"code":"{c.code}"' in page for c in scenario.communes)
    assert '"code":"23710"' in coverage_map(scenario, features).get_root().render()
    png = plan_map_png(scenario, features, result.plan)
    assert png.startswith(b"\x89PNG")
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(scenario, result)))
    communes = book["Theo xã"]
    assert communes.max_row == 1 + len(scenario.communes)
    pdf = plan_pdf(scenario, result, map_png=png)
    assert pdf.startswith(b"%PDF")
    (tmp / "ke_hoach.pdf").write_bytes(pdf)


def test_a_mixed_table_across_provinces_with_an_area_file(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Old and new names in one table, an area of two communes in two provinces given in a file
    (a code and a name), a third area commune with no row (added at 0, with a warning)."""
    table = tmp_path / "bang.csv"
    table.write_text(
        "STT;Đơn vị;Chưa được cấp\n"
        "1;Xã Trùng Khánh;500\n"  # 2025 name (Cao Bằng)
        "2;Thị trấn Đăk Đoa;2.405\n"  # old name (Gia Lai)
        "3;Tân Bình (Đak Đoa);428\n",  # old name with its old district
        encoding="utf-8",
    )
    area = tmp_path / "dia_ban.txt"
    area.write_text("# địa bàn\n01477\nXã Đak Đoa\n23710\n", encoding="utf-8")
    out = tmp_path / "mix"
    code, text = new(out, "--table", str(table), "--area", f"@{area}", capsys=capsys)
    assert code == 0, text
    scenario = open_scenario(out).scenario
    assert {c.code: c.not_issued for c in scenario.communes} == {
        "01477": 500,
        "23677": 2405 + 428,
        "23710": 0,
    }
    assert "Xã Ia Băng (23710)" in text and "0 người chưa cấp" in text
    assert main(["check", str(out)]) == 0


def test_a_split_unit_needs_a_rule_or_a_choice(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Canh Hiệp (Vân Canh) went partly into Vân Canh and partly into Canh Vinh."""
    table = tmp_path / "van_canh.csv"
    table.write_text(
        "STT,Đơn vị,Chưa được cấp,Đã chết\n1,Canh Hiệp,603,13\n2,Xã Canh Thuận,100,0\n",
        encoding="utf-8",
    )
    base = ["--table", str(table), "--province", "Gia Lai"]
    before = tree_snapshot(tmp_path)
    code, text = new(tmp_path / "a", *base, capsys=capsys)
    assert code == 1
    assert "Canh Hiệp" in text and "Xã Vân Canh (21994)" in text and "Xã Canh Vinh (22006)" in text
    assert "--split-rule" in text and "Không ghi tệp nào" in text
    assert tree_snapshot(tmp_path) == before
    code, text = new(tmp_path / "b", *base, "--split-rule", "population", capsys=capsys)
    assert code == 0, text
    scenario = open_scenario(tmp_path / "b").scenario
    shares = {c.code: c.not_issued for c in scenario.communes}
    assert sum(shares.values()) == 703
    assert scenario.commune("21994").is_estimated("not_issued")
    assert "Đơn vị cũ bị chia" in scenario.facts
    code, text = new(tmp_path / "c", *base, "--assign", "Canh Hiệp=22006", capsys=capsys)
    assert code == 0, text
    assigned = open_scenario(tmp_path / "c").scenario.commune("22006")
    assert "Canh Hiệp" in assigned.aliases and not assigned.estimated_fields


@pytest.mark.parametrize(
    ("args", "fragments"),
    [
        (["--province", "Gia Lay"], ["Gia Lay", "Gia Lai (52)"]),
        (["--province", "Cao Bằng", "--area", "01477,99999"], ["99999", "mã"]),
        (["--area", "Xã Không Có Thật"], ["Không Có Thật", "Gần giống nhất"]),
        ([], ["--province", "--area", "--boundaries"]),
        (["--province", "04", "--boundaries", str(TK_BOUNDARIES)], ["không dùng cùng"]),
    ],
    ids=[
        "unknown province",
        "area code that does not exist",
        "area name",
        "no area at all",
        "province with a boundary file",
    ],
)
def test_bad_province_or_area_is_a_clear_message_and_nothing_is_written(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], args: list[str], fragments: list[str]
) -> None:
    before = tree_snapshot(tmp_path)
    code, text = new(tmp_path / "out", "--table", str(TK_TABLE), *args, capsys=capsys)
    assert code == 1
    assert "Traceback" not in text and "Không ghi tệp nào" in text
    for fragment in fragments:
        assert fragment in text
    assert tree_snapshot(tmp_path) == before


@pytest.mark.parametrize(
    ("base", "fragments"),
    [
        ('"1.5,103.8"', ["không nằm ở Việt Nam", "1.5, 103.8", "dòng 2"]),
        ("Xã Không Có", ["Xã Không Có", "không khớp xã nào", "dòng 2"]),
    ],
    ids=["base outside Vietnam", "base name that matches nothing"],
)
def test_a_teams_file_with_a_bad_base_writes_nothing(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], base: str, fragments: list[str]
) -> None:
    teams = tmp_path / "to.csv"
    teams.write_text(
        f"team_id,name,base,apps_per_hour\nT1,Tổ 1,{base},20\nT2,Tổ 2,01477,20\n", encoding="utf-8"
    )
    before = tree_snapshot(tmp_path)
    code, text = new(
        tmp_path / "out",
        "--table",
        str(TK_TABLE),
        "--province",
        "Cao Bằng",
        "--teams-file",
        str(teams),
        capsys=capsys,
    )
    assert code == 1
    for fragment in fragments:
        assert fragment in text
    assert "to.csv" in text and "Không ghi tệp nào" in text
    assert tree_snapshot(tmp_path) == before


def test_teams_file_from_excel_and_its_header_checks(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["team_id", "name", "base", "apps_per_hour", "setup_min", "shift_hours"])
    sheet.append(["T1", "Tổ 1", "22.83,106.52", 20, 30, 10])
    path = tmp_path / "to.xlsx"
    book.save(path)
    ((record, place),) = read_teams_file(path)
    assert record["id"] == "T1" and record["apps_per_hour"] == 20 and place.row == 2
    bad = tmp_path / "bad.csv"
    bad.write_text("team_id,ten,base\nT1,Tổ 1,01477\n", encoding="utf-8")
    with pytest.raises(InputError) as caught:
        read_teams_file(bad)
    text = caught.value.render("vi")
    assert "ten" in text and "apps_per_hour" in text


def test_codes_in_the_table_pick_the_unit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two old "Ia Băng" in Gia Lai (Đăk Đoa, Chư Prông): a code column settles which, even
    when Excel dropped nothing and the name alone would be ambiguous."""
    table = tmp_path / "ma.csv"
    table.write_text("STT;Mã;Đơn vị;Chưa được cấp\n1;23719;Xã Ia Băng;960\n", encoding="utf-8")
    code, text = new(tmp_path / "out", "--table", str(table), "--province", "52", capsys=capsys)
    assert code == 0, text
    assert open_scenario(tmp_path / "out").scenario.commune("23710").not_issued == 960


# --- one era per table, open rows, choices kept and reused --------------------------------------


def dak_doa_table_2022(folder: Path) -> Path:
    """The Đak Đoa table of 22/8/2022 as the district office printed it: 17 former communes of
    the former district, spelled "Thị trấn Đak Đoa", "Đak Sơmei", "Glar" (no "Xã"), a title with
    its date and a "Huyện Đak Đoa" total row — figures of the shipped scenario."""
    with (DAK_DOA_DIR / "communes.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    lines = [
        "UBND HUYỆN ĐAK ĐOA",
        "BẢNG TỔNG HỢP CÔNG DÂN CHƯA ĐƯỢC CẤP CCCD (số liệu đến ngày 22/8/2022)",
        "STT\tĐơn vị\tChưa được cấp",
        f"\tHuyện Đak Đoa\t{sum(int(r['not_issued']) for r in rows)}",
    ]
    for i, r in enumerate(rows, 1):
        name = r["name"].replace("Đăk", "Đak").removeprefix("Xã ")
        lines.append(f"{i}\t{name}\t{r['not_issued']}")
    path = folder / "dak_doa_2022-08-22.tsv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_the_dak_doa_table_of_2022_is_read_as_former_communes_with_exact_sums(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """ "Thị trấn Đak Đoa" and "Đak Sơmei" are names of 2025 communes too; the table (its other
    rows, its title, its date, its total row) is of former communes, so they are the former
    ones, and Glar, Tân Bình and Hà Đông are summed with them, not refused as counted twice."""
    out = tmp_path / "dd"
    table = dak_doa_table_2022(tmp_path)
    code, text = new(out, "--table", str(table), "--province", "Gia Lai", capsys=capsys)
    assert code == 0, text
    assert "Bảng được đọc là bảng theo đơn vị hành chính cũ (trước 01/7/2025)" in text
    assert '"Huyện Đak Đoa"' in text and "ngày 22/08/2022" in text
    assert "Thị trấn Đak Đoa [đơn vị cũ, Huyện Đăk Đoa] → Xã Đak Đoa (23677): 2.405" in text
    assert "Xã Đak Đoa (23677) = Thị trấn Đak Đoa 2.405 + Tân Bình 428 + Glar 918 = 3.751" in text
    assert "Xã Đak Sơmei (23683) = Hà Đông 473 + Đak Sơmei 600 = 1.073" in text
    assert "Tổng chưa cấp: bảng 11.919 = sau quy đổi 11.919" in text
    assert "hai lần" not in text
    scenario = open_scenario(out).scenario
    assert scenario.not_issued == 11919
    assert {c.code: c.not_issued for c in scenario.communes} == {
        "23677": 3751,
        "23683": 1073,
        "23701": 1792,
        "23794": 387,
        "23590": 711,
        "23714": 1924,
        "23710": 2281,
    }


def test_a_table_of_2025_communes_with_shared_names_is_read_as_2025(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Xã Đak Đoa, Xã Kon Gang and Xã Ia Băng are 2025 communes named after former ones; a
    table of 2026 with the 2025 Xã Biển Hồ (no former unit has that name) is of 2025 communes."""
    table = tmp_path / "bang_2026.csv"
    table.write_text(
        "Số liệu ngày 02/3/2026\nSTT;Đơn vị;Chưa được cấp\n1;Xã Đak Đoa;700\n2;Xã Kon Gang;300\n"
        "3;Xã Ia Băng;400\n4;Xã Biển Hồ;120\n",
        encoding="utf-8",
    )
    code, text = new(tmp_path / "o", "--table", str(table), "--province", "52", capsys=capsys)
    assert code == 0, text
    assert "Bảng được đọc là bảng theo xã sau 01/7/2025" in text
    scenario = open_scenario(tmp_path / "o").scenario
    assert {c.code: c.not_issued for c in scenario.communes} == {
        "23677": 700,
        "23701": 300,
        "23710": 400,
        "23590": 120,
    }


def test_a_genuinely_mixed_table_asks_only_what_it_cannot_settle(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Former Glar (→ Xã Đak Đoa) and the 2025 Xã Mang Yang (no former commune had that name)
    in one table: "Đak Đoa" as the 2025 commune would count Glar twice, so it is the former
    town; "Kon Gang" reads the same either way (the 2025 commune)."""
    table = tmp_path / "lan.csv"
    table.write_text(
        "STT;Đơn vị;Chưa được cấp\n1;Glar;918\n2;Xã Mang Yang;120\n3;Đak Đoa;2405\n"
        "4;Kon Gang;300\n",
        encoding="utf-8",
    )
    code, text = new(tmp_path / "o", "--table", str(table), "--province", "52", capsys=capsys)
    assert code == 0, text
    assert "Bảng ghi lẫn đơn vị cũ và xã sau 01/7/2025" in text
    assert "đọc là đơn vị cũ để không tính hai lần" in text
    scenario = open_scenario(tmp_path / "o").scenario
    assert scenario.commune("23677").not_issued == 918 + 2405
    assert scenario.not_issued == 918 + 120 + 2405 + 300


def test_open_rows_of_a_lai_chau_table_are_chosen_kept_and_reused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Lai Châu by its 108 former communes (the 2009 layer's names and districts): 7 rows are
    no unit of the 2024 crosswalk as written; each is offered the former unit it is ("Xã Can
    Hồ" → the former Kan Hồ, Mường Tè, now Bum Tở) with its row, district and headcount. With
    the choices the scenario is written, exact to the person, and keeps them; a second import of
    the same table with ``--choices-from`` asks nothing."""
    from bench.make_former_table import former_rows, table_text

    table = tmp_path / "lai_chau.tsv"
    rows = former_rows("Lai Châu")
    table.write_text(table_text("Lai Châu", rows), encoding="utf-8")
    total = sum(r.not_issued for r in rows)
    code, text = new(tmp_path / "a", "--table", str(table), "--province", "12", capsys=capsys)
    assert code == 1 and "Còn 7 dòng cần chọn" in text
    assert "Mường Than" not in text.split("Còn 7 dòng")[1]  # read as the former commune
    can_ho = next(line for line in text.splitlines() if "· Xã Can Hồ ·" in line)
    assert "Huyện Mường Tè" in can_ho and "người" in can_ho
    assert "đơn vị cũ 03469 Xã Kan Hồ (Huyện Mường Tè, cũ) → Xã Bum Tở (03433)" in can_ho
    assert "Xã Tông Qua Lìn (Huyện Phong Thổ, cũ) → Xã Dào San (03571)" in text
    assert "Xã Lả Nhì Thàng (Huyện Phong Thổ, cũ) → Phường Đoàn Kết (03388)" in text
    choices = [
        "--assign-former", "Xã Can Hồ=03469",
        "--assign-former", "Xã Tung Qua Lìn=03565",
        "--assign-former", "Xã Lản Nhì Thàng=03391",
        "--assign-former", "Xã Sin Súi Hồ=03592",
        "--assign-former", "Xã Xà Dề Phìn=03514",
        "--assign", "Xã Nậm Loỏng=03408",
        "--leave-out", "Xã Ma Li Chải",
    ]  # fmt: skip
    code, text = new(tmp_path / "b", "--table", str(table), "--province", "12", *choices,
                     capsys=capsys)  # fmt: skip
    assert code == 0, text
    ma_li = next(r for r in rows if r.name == "Xã Ma Li Chải").not_issued
    mapped = total - ma_li
    assert f"bảng {total:,} = sau quy đổi {mapped:,} + bỏ ra {ma_li}".replace(",", ".") in text
    first = open_scenario(tmp_path / "b").scenario
    assert first.not_issued == mapped and len(first.communes) == 38
    assert len(first.row_choices) == 7
    assert first.commune("03433").not_issued >= next(
        r.not_issued for r in rows if r.name == "Xã Can Hồ"
    )
    code, text = new(tmp_path / "c", "--table", str(table), "--province", "12",
                     "--choices-from", str(tmp_path / "b"), capsys=capsys)  # fmt: skip
    assert code == 0, text
    again = open_scenario(tmp_path / "c").scenario
    assert {c.code: c.not_issued for c in again.communes} == {
        c.code: c.not_issued for c in first.communes
    }
    assert set(again.row_choices) == set(first.row_choices)
