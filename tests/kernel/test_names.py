"""Tests for planning.names: keys, matching real tables to real boundaries, problems."""

from __future__ import annotations

import csv
import json
import unicodedata
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.names import Candidate, loose_key, match_names, name_key, split_prefix

SHARED = Path(__file__).resolve().parents[3] / "shared"
TK_TABLE = SHARED / "data" / "trung_khanh_2022-12-05_chua_cap_cccd.tsv"
TK_GEO = SHARED / "geodata" / "trung_khanh_2020-2025_21units.geojson"
DD_GEO = SHARED / "geodata" / "dak_doa_17units.geojson"

needs_shared = pytest.mark.skipif(not TK_GEO.exists(), reason="../shared data not present")


def _targets(path: Path, name_field: str, code_field: str) -> list[tuple[str, str]]:
    features = json.loads(path.read_text(encoding="utf-8"))["features"]
    return [(str(f["properties"][code_field]), f["properties"][name_field]) for f in features]


def _dak_doa() -> list[tuple[str, str]]:
    return [(str(int(float(c))), n) for c, n in _targets(DD_GEO, "commune_vn", "commune_id_2009")]


# --------------------------------------------------------------------------- keys


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đàm Thủy", "Xã Đàm Thuỷ"),
        ("Hòa Bình", "hoà  bình"),
        ("Xã Thông Hòe", "Thông Hoè"),
        ("Khỏe", "KHOẺ"),
        ("Thị trấn Trà Lĩnh", "TT. Trà Lĩnh"),
        ("TT Trà Lĩnh", "tt.Trà Lĩnh"),
        ("Thị trấn Trà Lĩnh", "Trà Lĩnh"),
        ("K' Dang", "K'Dang"),
        ("K’Dang", "KDang"),
        ("Xã K' Dang", "kdang"),
        ("Phường 01", "P.1"),
        ("Thành phố Cao Bằng", "TP. Cao Bằng"),
        ("Thị xã Nhơn Trạch", "TX Nhơn Trạch"),
        ("Ia-Băng", "Ia Băng"),
    ],
)
def test_name_key_equal(a: str, b: str) -> None:
    assert name_key(a) == name_key(b)


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("Đak Đoa", "Đăk Đoa"),
        ("Phong Nặm", "Phong Nậm"),
        ("Cộng Hòa", "Công Hòa"),
        ("Xã Đắk Sơmei", "Dak Somei"),
    ],
)
def test_loose_only(a: str, b: str) -> None:
    assert name_key(a) != name_key(b)
    assert loose_key(a) == loose_key(b)


def test_name_key_keeps_a_bare_prefix_word_and_the_prefix_split() -> None:
    assert name_key("Xã") == "xã"
    assert split_prefix("TT. Trà Lĩnh") == ("thị trấn", "trà lĩnh")
    assert split_prefix("Xã Đàm Thủy") == ("xã", "đàm thuỷ")
    assert split_prefix("Đàm Thủy") == ("", "đàm thuỷ")


VIET_WORDS = [
    "Đàm",
    "Thủy",
    "Thuỷ",
    "Hòa",
    "Hoà",
    "Khánh",
    "Lĩnh",
    "Nặm",
    "Đăk",
    "Quỳnh",
    "K'",
    "Dang",
    "Ngọc",
    "Côn",
    "Phương",
    "Xuân",
    "Nội",
    "Hòe",
    "Sơmei",
    "Ia",
    "Giữ",
]
PREFIXES = ["", "Xã ", "xã ", "Thị trấn ", "TT. ", "TT ", "Phường ", "P. ", "Thành phố ", "TP. "]
SPACES = [" ", "  ", "\u00a0", "\t"]


@settings(max_examples=150, deadline=None)
@given(
    words=st.lists(st.sampled_from(VIET_WORDS), min_size=1, max_size=3),
    prefix=st.sampled_from(PREFIXES),
    space=st.sampled_from(SPACES),
    nfd=st.booleans(),
    case=st.sampled_from([str, str.upper, str.lower, str.title]),
)
def test_name_key_invariant(
    words: list[str], prefix: str, space: str, nfd: bool, case: Callable[[str], str]
) -> None:
    plain = " ".join(words)
    variant = unicodedata.normalize("NFD" if nfd else "NFC", case(prefix + space.join(words)) + " ")
    assert name_key(variant) == name_key(plain)
    assert loose_key(variant) == loose_key(plain)
    assert loose_key(variant).isascii()


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=30))
def test_keys_never_crash_and_are_idempotent_on_loose(text: str) -> None:
    key = loose_key(text)
    assert loose_key(key) == key or key == ""  # a key may itself start with a prefix word


# --------------------------------------------------------------------------- real data


def _tk_table_names() -> list[str]:
    with TK_TABLE.open(encoding="utf-8") as handle:
        rows = list(csv.reader(handle, delimiter="\t"))
    return [r[1] for r in rows[2:]]


@needs_shared
def test_trung_khanh_all_21_match() -> None:
    names = _tk_table_names()
    targets = _targets(TK_GEO, "unit_2020", "gso_code")
    assert len(names) == len(targets) == 21
    result = match_names(names, targets)
    assert result.ok, result.problems("t.tsv")
    assert len(set(result.matched.values())) == 21
    assert result.matched["Đàm Thủy"] == "01495"
    assert result.matched["Phong Nặm"] == "01483"
    assert result.matched["Thị trấn Trà Lĩnh"] == "01447"
    assert set(result.how.values()) == {"exact"}
    assert result.problems("t.tsv") == []


@needs_shared
def test_trung_khanh_nfd_input() -> None:
    names = [unicodedata.normalize("NFD", n) for n in _tk_table_names()]
    result = match_names(names, _targets(TK_GEO, "unit_2020", "gso_code"))
    assert result.ok
    assert set(result.how.values()) == {"exact"}


@needs_shared
@pytest.mark.parametrize(
    ("name", "how"),
    [
        ("Thị trấn Đak Đoa", "variant"),
        ("Thị trấn Đăk Đoa", "exact"),
        ("TT Đắk Đoa", "variant"),
        ("K'Dang", "exact"),
        ("Xã K' Dang", "exact"),
        ("KDang", "exact"),
        ("Đak Sơmei", "variant"),
        ("H'Neng", "exact"),
        ("Ia Pết", "exact"),
        ("Xã Ia Băng", "exact"),
    ],
)
def test_dak_doa_spellings(name: str, how: str) -> None:
    result = match_names([name], _dak_doa())
    assert result.ok
    assert result.how[name] == how
    target = result.target_names[result.matched[name]]
    assert loose_key(target) == loose_key(name)


@needs_shared
def test_dak_doa_variant_is_a_warning_with_row() -> None:
    result = match_names(["Thị trấn Đak Đoa", "KDang"], _dak_doa())
    problems = result.problems("bang.csv", {"Thị trấn Đak Đoa": 4})
    assert len(problems) == 1
    p = problems[0]
    assert not p.is_error
    assert p.row == 4 and p.file == "bang.csv"
    assert "Thị trấn Đăk Đoa" in p.vi and "bỏ dấu" in p.vi


@needs_shared
def test_unmatched_has_closest_candidates() -> None:
    result = match_names(["Hà Bầuu", "Trần"], _dak_doa())
    assert not result.ok
    assert set(result.unmatched) == {"Hà Bầuu", "Trần"}
    best = result.unmatched["Hà Bầuu"]
    assert 1 <= len(best) <= 5
    assert best[0].name == "Xã Hà Bầu"
    assert [c.score for c in best] == sorted((c.score for c in best), reverse=True)
    assert result.unmatched["Trần"][0].name == "Xã Trang"
    problems = result.problems("b.csv", {"Hà Bầuu": 7})
    p = next(p for p in problems if "Hà Bầuu" in p.vi)
    assert p.is_error and p.row == 7
    assert "Không tìm thấy đơn vị" in p.vi and "Xã Hà Bầu" in p.vi


# --------------------------------------------------------------------------- synthetic


def test_ambiguous_same_loose_key() -> None:
    targets = [("1", "Xã Đắk Sơn"), ("2", "Xã Đăk Sơn"), ("3", "Xã Hòa")]
    result = match_names(["Dak Son", "Đắk Sơn", "Hoà"], targets)
    assert result.ambiguous == {
        "Dak Son": [Candidate("1", "Xã Đắk Sơn", 100.0), Candidate("2", "Xã Đăk Sơn", 100.0)]
    }
    assert result.matched == {"Đắk Sơn": "1", "Hoà": "3"}
    problems = result.problems("f.csv", {"Dak Son": 3})
    assert [p.row for p in problems if p.is_error] == [3]
    assert "khớp với nhiều đơn vị" in problems[0].vi
    assert '"Xã Đắk Sơn" (1)' in problems[0].vi


def test_prefix_disambiguates_xa_and_thi_tran() -> None:
    targets = [("1", "Thị trấn Phú Mỹ"), ("2", "Xã Phú Mỹ")]
    result = match_names(["TT. Phú Mỹ", "xã Phú Mỹ", "Phú Mỹ"], targets)
    assert result.matched == {"TT. Phú Mỹ": "1", "xã Phú Mỹ": "2"}
    assert list(result.ambiguous) == ["Phú Mỹ"]


def test_duplicates_are_errors() -> None:
    targets = [("1", "Xã Đàm Thủy"), ("2", "Xã Cao Chương")]
    result = match_names(["Đàm Thủy", "Xã Đàm Thuỷ", "Cao Chương"], targets)
    assert result.duplicates == {"1": ["Đàm Thủy", "Xã Đàm Thuỷ"]}
    assert not result.ok
    problems = result.problems("f.csv", {"Đàm Thủy": 2, "Xã Đàm Thuỷ": 9})
    assert len(problems) == 1 and problems[0].is_error and problems[0].row == 2
    assert "cùng khớp với một đơn vị" in problems[0].vi


def test_aliases_win_first_and_stale_aliases_warn() -> None:
    targets = [("1", "Xã Đàm Thủy"), ("2", "Xã Cao Chương")]
    aliases = {"Đàm Thuỷ (cũ)": "1", "Cao Chương": "2", "Lạ": "999"}
    result = match_names(["Đàm Thuỷ (cũ)", "Xã Cao Chương"], targets, aliases)
    assert result.matched == {"Đàm Thuỷ (cũ)": "1", "Xã Cao Chương": "2"}
    assert result.how == {"Đàm Thuỷ (cũ)": "alias", "Xã Cao Chương": "alias"}
    assert result.ok
    problems = result.problems("f.csv")
    assert [p.is_error for p in problems] == [False]
    assert "999" in problems[0].vi


def test_alias_overrides_a_would_be_match() -> None:
    targets = [("1", "Xã A Dơk"), ("2", "Xã Ia Pết")]
    result = match_names(["A Dơk"], targets, {"A Dơk": "2"})
    assert result.matched == {"A Dơk": "2"} and result.how == {"A Dơk": "alias"}


def test_empty_inputs() -> None:
    assert match_names([], []).ok
    result = match_names(["Xã A"], [])
    assert result.unmatched == {"Xã A": []}
    assert "—" in result.problems("f")[0].vi
