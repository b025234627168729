"""What the app keeps between page runs is refreshed when its source changes: the scenario
picker's titles when a TOML is rewritten, the display outlines when the boundaries differ."""

from __future__ import annotations

import shutil
from pathlib import Path

import shapely

from app.state import display_features, scenario_picker_titles
from planning.io.scenario import open_scenario

REPO = Path(__file__).resolve().parents[2]
DEFAULT = REPO / "scenarios" / "trung_khanh_2022-12"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "s"
    shutil.copytree(DEFAULT, target, ignore=shutil.ignore_patterns(".versions", "*.py"))
    return target / "scenario.toml"


def test_picker_titles_follow_a_rewritten_file(tmp_path: Path) -> None:
    toml = _copy(tmp_path)
    before = scenario_picker_titles([str(toml)])
    assert before == {str(toml): "Trùng Khánh, 12/2022"}
    text = toml.read_text(encoding="utf-8").replace("Trùng Khánh, 12/2022", "Bản sao của tôi", 1)
    replacement = toml.with_suffix(".new")
    replacement.write_text(text, encoding="utf-8")
    replacement.replace(toml)  # as a save does: a new file in its place
    assert scenario_picker_titles([str(toml)]) == {str(toml): "Bản sao của tôi"}
    missing = str(tmp_path / "gone" / "scenario.toml")
    assert scenario_picker_titles([missing]) == {missing: "gone"}


def test_display_outlines_simplified_once_per_content(tmp_path: Path) -> None:
    toml = _copy(tmp_path)
    first = open_scenario(toml).boundaries
    again = open_scenario(toml).boundaries
    assert first is not None and again is not None
    shown = display_features(first.features)
    assert display_features(again.features) is shown  # same outlines read again: kept
    moved = again.features.copy()
    moved.loc[moved.index[0], moved.geometry.name] = shapely.affinity.translate(
        moved.geometry.iloc[0], xoff=0.01
    )
    other = display_features(moved)
    assert other is not shown
    assert not other.geometry.iloc[0].equals(shown.geometry.iloc[0])
    renamed = again.features.copy()
    renamed.loc[renamed.index[0], "name"] = "Xã khác"
    assert display_features(renamed) is not shown
