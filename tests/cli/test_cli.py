"""The command line: check, new, export-inputs (run as a real subprocess where it matters)."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import pytest

from planning.cli import main
from planning.io.scenario import load_scenario
from tests.conftest import (
    DEFAULT_DIR,
    REPO,
    SHARED_GEODATA,
    THREE_BOUNDARIES,
    THREE_TABLE,
    TK_BOUNDARIES,
    TK_TABLE,
    tree_snapshot,
)


def run_cli(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "planning", *args],
        cwd=REPO,
        text=True,
        capture_output=True,
        timeout=120,
        check=False,
    )


def test_check_default_scenario_is_valid_and_prints_vietnamese_summary() -> None:
    result = run_cli("check", str(DEFAULT_DIR / "scenario.toml"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Trùng Khánh, 12/2022" in out
    assert "Xã Phong Nặm" in out and "1.216" in out and "2,96%" in out
    assert "2.990" in out  # total not issued, Vietnamese thousands separator
    assert "HỢP LỆ" in out


def test_check_reports_errors_and_exits_1(tmp_path: Path, scenario_copy) -> None:
    path = scenario_copy()
    text = path.read_text("utf-8").replace("apps_per_hour = 20", "apps_per_hour = 0", 1)
    path.write_text(text, "utf-8")
    result = run_cli("check", str(path))
    assert result.returncode == 1
    assert "teams[1].apps_per_hour" in result.stderr and "lớn hơn 0" in result.stderr
    assert "KHÔNG HỢP LỆ" in result.stdout


def test_check_in_english(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--lang", "en", "check", str(DEFAULT_DIR)]) == 0
    out = capsys.readouterr().out
    assert "VALID" in out and "2,990" in out


def test_export_inputs_writes_the_four_files(tmp_path: Path) -> None:
    out = tmp_path / "inputs"
    result = run_cli("export-inputs", str(DEFAULT_DIR / "scenario.toml"), "--out", str(out))
    assert result.returncode == 0, result.stderr
    with (out / "communes.csv").open(encoding="utf-8") as handle:
        communes = list(csv.DictReader(handle))
    assert list(communes[0]) == [
        "code",
        "name",
        "lat",
        "lon",
        "collectable_backlog",
        "daily_cap",
        "earliest_date",
        "blackout_dates",
    ]
    assert len(communes) == 21
    assert sum(int(c["collectable_backlog"]) for c in communes) == 2990
    assert communes[0]["earliest_date"] == "2022-12-08"
    assert communes[0]["blackout_dates"] == ""
    with (out / "teams.csv").open(encoding="utf-8") as handle:
        teams = list(csv.DictReader(handle))
    assert [t["team_id"] for t in teams] == ["T1", "T2"]
    assert teams[0]["shift_min"] == "600" and teams[0]["setup_min"] == "30"
    with (out / "calendar.csv").open(encoding="utf-8") as handle:
        calendar = list(csv.DictReader(handle))
    assert len(calendar) == 2 * 20  # 6/12 .. 25/12 inclusive, weekends worked, no holiday
    with (out / "travel_min.csv").open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle))
    labels = rows[0][1:]
    assert labels[:2] == ["BASE_T1", "BASE_T2"] and len(labels) == 23
    assert [r[0] for r in rows[1:]] == labels
    matrix = {
        (r[0], label): int(v) for r in rows[1:] for label, v in zip(labels, r[1:], strict=True)
    }
    assert all(matrix[(a, a)] == 0 for a in labels)
    assert matrix[("BASE_T1", "01477")] == 0  # the base is Thị trấn Trùng Khánh's venue
    assert 10 < matrix[("01477", "01468")] < 200


def test_new_builds_a_valid_scenario_from_the_real_table(tmp_path: Path) -> None:
    out = tmp_path / "tk"
    result = run_cli(
        "new",
        str(out),
        "--table",
        str(TK_TABLE),
        "--boundaries",
        str(TK_BOUNDARIES),
        "--name",
        "Trùng Khánh thử",
        "--start",
        "2022-12-06",
        "--deadline",
        "2022-12-25",
        "--teams",
        "3",
    )
    assert result.returncode == 0, result.stderr
    assert "Đã khớp: 21" in result.stdout
    assert str(out / "scenario.toml") in result.stdout
    assert "59.041" in result.stderr and "59.042" in result.stderr  # total-row check warning
    scenario = load_scenario(out / "scenario.toml")
    assert len(scenario.communes) == 21 and len(scenario.teams) == 3
    assert scenario.not_issued == 2990
    assert all(t.base_commune == "01477" for t in scenario.teams)  # the district town
    assert run_cli("check", str(out)).returncode == 0


def test_new_with_base_coordinates(tmp_path: Path) -> None:
    out = tmp_path / "moi"
    assert (
        main(
            [
                "new",
                str(out),
                "--table",
                str(THREE_TABLE),
                "--boundaries",
                str(THREE_BOUNDARIES),
                "--base",
                "22.83,106.52",
            ]
        )
        == 0
    )
    team = load_scenario(out).teams[0]
    assert (team.base.lat, team.base.lon) == (22.83, 106.52) and team.base_commune == ""


def test_new_writes_nothing_when_a_name_is_unmatched(tmp_path: Path) -> None:
    table = tmp_path / "bang.tsv"
    text = THREE_TABLE.read_text("utf-8").replace("Thử Hai", "Thủ Hai Mới")
    table.write_text(text, "utf-8")
    out = tmp_path / "out"
    before = tree_snapshot(tmp_path)
    result = run_cli("new", str(out), "--table", str(table), "--boundaries", str(THREE_BOUNDARIES))
    assert result.returncode == 1
    assert "Không khớp: 1" in result.stdout
    assert "Thủ Hai Mới" in result.stdout and "Xã Thử Hai (99002" in result.stdout
    assert "Không ghi tệp nào" in result.stdout
    assert tree_snapshot(tmp_path) == before
    # The planner's choice, given as an alias, is saved with the scenario.
    result = run_cli(
        "new",
        str(out),
        "--table",
        str(table),
        "--boundaries",
        str(THREE_BOUNDARIES),
        "--alias",
        "Thủ Hai Mới=99002",
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Thủ Hai Mới" in load_scenario(out).commune("99002").aliases
    # Running it again into the same folder does not overwrite the planner's scenario.
    before = tree_snapshot(out)
    again = run_cli(
        "new",
        str(out),
        "--table",
        str(table),
        "--boundaries",
        str(THREE_BOUNDARIES),
        "--alias",
        "Thủ Hai Mới=99002",
    )
    assert again.returncode == 1
    assert "đã có một kịch bản" in again.stderr and "Không ghi tệp nào" in again.stdout
    assert tree_snapshot(out) == before


def test_new_from_dak_doa_boundaries_without_codes(tmp_path: Path) -> None:
    table = tmp_path / "dak_doa.csv"
    table.write_text(
        "STT;Đơn vị;Chưa được cấp\n1;Thị trấn Đak Đoa;2.405\n2;K'Dang;987\n3;Ia Băng;960\n", "utf-8"
    )
    out = tmp_path / "dd"
    result = run_cli(
        "new",
        str(out),
        "--table",
        str(table),
        "--boundaries",
        str(SHARED_GEODATA / "dak_doa_17units.geojson"),
    )
    assert result.returncode == 0, result.stdout + result.stderr
    scenario = load_scenario(out)
    assert {c.name for c in scenario.communes} == {"Thị trấn Đăk Đoa", "Xã K' Dang", "Xã Ia Băng"}
    assert run_cli("check", str(out)).returncode == 0


@pytest.mark.parametrize(
    ("table_text", "fragment"),
    [
        ("", "rỗng"),
        ("STT\tĐơn vị\tChưa được cấp\n1\tXuân Nội\tmột trăm\n", "một trăm"),
    ],
    ids=["empty table", "text in a number cell"],
)
def test_new_rejects_bad_tables_and_writes_nothing(
    tmp_path: Path, table_text: str, fragment: str
) -> None:
    table = tmp_path / "bang.tsv"
    table.write_text(table_text, "utf-8")
    out = tmp_path / "out"
    result = run_cli("new", str(out), "--table", str(table), "--boundaries", str(TK_BOUNDARIES))
    assert result.returncode == 1
    assert fragment in result.stderr
    assert not out.exists()


def test_usage_error_is_not_a_traceback() -> None:
    result = run_cli("new", "x", "--table", "t", "--boundaries", "b", "--base", "nowhere")
    assert result.returncode == 2
    assert "Traceback" not in result.stderr and "--base" in result.stderr


def test_new_keeps_official_codes_when_one_code_repeats(tmp_path: Path) -> None:
    """Issue 11, item 8: one repeated code in the boundary file used to make `new` drop every
    official code (X001…X021). Now the repeat is reported and the other codes are kept."""
    import json

    data = json.loads(TK_BOUNDARIES.read_text("utf-8"))
    features = data["features"]
    twin = next(f for f in features if f["properties"]["unit_2020"] == "Xã Xuân Nội")
    other = next(f for f in features if f["properties"]["unit_2020"] == "Xã Quang Trung")
    twin["properties"]["gso_code"] = other["properties"]["gso_code"]
    bounds = tmp_path / "ranh_gioi_trung_ma.geojson"
    bounds.write_text(json.dumps(data, ensure_ascii=False), "utf-8")
    out = tmp_path / "tk"
    result = run_cli("new", str(out), "--table", str(TK_TABLE), "--boundaries", str(bounds))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "Cảnh báo" in result.stderr and other["properties"]["gso_code"] in result.stderr
    assert "Xã Xuân Nội" in result.stderr and "Xã Quang Trung" in result.stderr
    scenario = load_scenario(out)
    codes = {c.name: c.code for c in scenario.communes}
    assert codes["Thị trấn Trùng Khánh"] == "01477" and codes["Xã Khâm Thành"] == "01498"
    assert sorted(c for c in codes.values() if c.startswith("X")) == ["X001", "X002"]
    assert run_cli("check", str(out)).returncode == 0
