"""Tests for planning.io.table: the real Trùng Khánh table, the bad-input corpus, numbers."""

from __future__ import annotations

import contextlib
import shutil
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from planning.domain import MAX_HEAD_COUNT
from planning.domain import NonCollectableReason as R
from planning.errors import InputError, Problem
from planning.io.table import (
    MAX_ROWS,
    classify_header,
    is_total_name,
    parse_backlog_text,
    read_backlog_table,
)
from planning.io.vn_numbers import (
    NumberFormatError,
    format_vn,
    parse_count,
    parse_number,
    parse_percent,
)

SHARED = Path(__file__).resolve().parents[3] / "shared"
TK_TABLE = SHARED / "data" / "trung_khanh_2022-12-05_chua_cap_cccd.tsv"
CORPUS = Path(__file__).resolve().parents[1] / "data" / "tables"


def _errors(path: Path | str) -> tuple[Problem, ...]:
    with pytest.raises(InputError) as info:
        read_backlog_table(CORPUS / path if isinstance(path, str) else path)
    assert info.value.errors, "InputError without errors"
    return info.value.problems


def _one_error(path: Path | str, fragment: str, row: int | None = None, field: str = "") -> Problem:
    errors = [p for p in _errors(path) if p.is_error]
    hits = [p for p in errors if fragment in p.vi]
    assert hits, [p.vi for p in errors]
    p = hits[0]
    assert p.row == row and p.field == field, (p.row, p.field)
    assert p.en and p.file == (path if isinstance(path, str) else path.name)
    return p


# --------------------------------------------------------------------------- the real table


@pytest.mark.skipif(not TK_TABLE.exists(), reason="../shared data not present")
def test_trung_khanh_table_exactly_as_printed() -> None:
    t = read_backlog_table(TK_TABLE)
    assert len(t.rows) == 21
    assert t.total is not None
    assert (t.total.name, t.total.row, t.total.stt) == ("Huyện Trùng Khánh", 2, "")
    assert (t.total.of_age, t.total.issued, t.total.not_issued) == (59041, 56051, 2990)
    assert t.total.pct_not_issued == pytest.approx(5.06)
    first, last = t.rows[0], t.rows[-1]
    assert (first.row, first.stt, first.name, first.of_age, first.issued, first.not_issued) == (
        3,
        "1.",
        "Thị trấn Trà Lĩnh",
        3987,
        3843,
        144,
    )
    assert first.pct_not_issued == pytest.approx(3.61)
    assert (last.row, last.name, last.not_issued) == (23, "Xuân Nội", 71)
    assert [r.name for r in t.rows if r.name == "Phong Nặm"] == ["Phong Nặm"]
    assert sum(r.not_issued or 0 for r in t.rows) == 2990
    assert t.columns["of_age"] == "Số công dân trong độ tuổi cấp CCCD"
    assert t.columns["pct_not_issued"] == "Tỷ lệ % (chưa cấp)"
    assert "code" not in t.columns
    # The printed per-commune figures add up to one more than the printed totals: both are named.
    sums = {p.field: p.vi for p in t.warnings}
    of_age = sums["Số công dân trong độ tuổi cấp CCCD"]
    assert "ghi 59.041 nhưng cộng các dòng được 59.042" in of_age
    assert "ghi 56.051 nhưng cộng các dòng được 56.052" in sums["Đã được cấp"]
    assert all(p.row == 2 for p in t.warnings)
    assert all(r.code == "" and r.non_collectable == {} for r in t.rows)


@pytest.mark.skipif(not TK_TABLE.exists(), reason="../shared data not present")
def test_trung_khanh_pasted_and_total_below() -> None:
    lines = TK_TABLE.read_text(encoding="utf-8").splitlines()
    text = "\n".join(["BIỂU THỐNG KÊ", "", lines[0], *lines[2:], lines[1]])
    t = parse_backlog_text(text)
    assert t.source == "văn bản dán"
    assert len(t.rows) == 21 and t.total is not None and t.total.row == 25
    assert t.rows[0].row == 4


# --------------------------------------------------------------------------- corpus: good


@pytest.mark.parametrize(
    "name", ["good_utf8_bom.tsv", "good_utf16.txt", "good_cp1258.csv", "title_rows.tsv"]
)
def test_good_variants_read_the_same(name: str) -> None:
    t = read_backlog_table(CORPUS / name)
    assert [r.name for r in t.rows] == ["Thị trấn Trà Lĩnh", "Cao Chương", "Đàm Thủy"]
    assert [r.not_issued for r in t.rows] == [144, 74, 96]
    assert t.total is not None and t.total.name == "Tổng cộng" and t.total.of_age == 10894
    errors_free_warnings = [p for p in t.warnings if "Tổng" in p.vi]
    assert errors_free_warnings == []


def test_cp1258_accepted_with_warning() -> None:
    t = read_backlog_table(CORPUS / "good_cp1258.csv")
    assert any("Windows-1258" in p.vi for p in t.warnings)


def test_title_rows_skipped_and_footer_noted() -> None:
    t = read_backlog_table(CORPUS / "title_rows.tsv")
    assert t.rows[0].row == 6
    assert any("NGƯỜI LẬP BIỂU" in p.vi and "11" in p.vi for p in t.warnings)


def test_multirow_xlsx_with_merges_column_numbers_groups_and_percent_cells() -> None:
    t = read_backlog_table(CORPUS / "multirow.xlsx")
    assert [(r.row, r.stt, r.name) for r in t.rows] == [
        (9, "1", "Thị trấn Đak Đoa"),
        (11, "2", "K'Dang"),
    ]
    dd = t.rows[0]
    assert (dd.of_age, dd.issued, dd.not_issued) == (12000, 9595, 2405)
    assert dd.non_collectable == {R.DEAD: 50, R.UNKNOWN_WHEREABOUTS: 40}
    assert dd.pct_not_issued == pytest.approx(20.04)
    assert t.total is not None and (t.total.name, t.total.row) == ("Huyện Đak Đoa", 7)
    assert t.columns["issued"] == "Kết quả Đã cấp"
    assert t.columns["dead"] == "Trong đó không thu nhận được Đã chết"
    assert [p.row for p in t.warnings if "cộng nhóm" in p.vi] == [8, 10]
    assert not any("Dòng tổng" in p.vi for p in t.warnings)


def test_xlsx_sheet_choice(tmp_path: Path) -> None:
    t = read_backlog_table(CORPUS / "multirow.xlsx", sheet="Bieu 01")
    assert len(t.rows) == 2
    p = _one_error_sheet("Không có trang tính")
    assert '"Bieu 01"' in p.vi


def _one_error_sheet(fragment: str) -> Problem:
    with pytest.raises(InputError) as info:
        read_backlog_table(CORPUS / "multirow.xlsx", sheet="Không có")
    assert fragment in info.value.problems[0].vi
    return info.value.problems[0]


def test_reasons_code_priority_and_dash() -> None:
    t = read_backlog_table(CORPUS / "reasons.csv")
    a, b = t.rows
    assert a.code == "01447" and b.code == "01471"  # 1471 padded to the GSO 5 digits
    assert a.non_collectable == {
        R.DEAD: 10,
        R.PRISON: 1,
        R.MILITARY: 2,
        R.UNKNOWN_WHEREABOUTS: 3,
        R.OTHER_PROVINCE: 20,
        R.ABROAD: 4,
    }
    assert b.non_collectable[R.UNKNOWN_WHEREABOUTS] == 0  # "-" is zero
    assert (a.priority, b.priority) == (1, 2)
    assert a.of_age is None and a.pct_not_issued is None
    assert t.columns["other_province"] == "Đi làm ăn tỉnh khác"


def test_missing_not_issued_is_computed_and_noted() -> None:
    t = read_backlog_table(CORPUS / "missing_not_issued.csv")
    assert [(r.name, r.of_age, r.issued, r.not_issued) for r in t.rows] == [
        ("Phong Nặm", 1216, 1180, 36),
        ("Xuân Nội", 1308, 1237, 71),
    ]
    assert any("đã tính = trong độ tuổi − đã được cấp" in p.vi for p in t.warnings)


def test_inconsistent_figures_are_warnings_with_figures() -> None:
    t = read_backlog_table(CORPUS / "inconsistent.tsv")
    by_field = {(p.row, p.field): p.vi for p in t.warnings}
    assert (
        "chưa cấp 80 khác trong độ tuổi 2.569 − đã cấp 2.495 = 74" in by_field[(3, "Chưa được cấp")]
    )
    assert "tỷ lệ ghi 9,99% nhưng tính được 3,11%" in by_field[(3, "Tỷ lệ %")]
    assert "ghi 314 nhưng cộng các dòng được 320" in by_field[(5, "Chưa được cấp")]


# --------------------------------------------------------------------------- corpus: bad

BAD = [
    ("empty.csv", "File rỗng", None, ""),
    ("only_title.csv", "File chỉ có tiêu đề", None, ""),
    ("no_header.tsv", "Không thấy dòng tiêu đề cột", None, ""),
    ("no_count_column.csv", "Không thấy dòng tiêu đề cột", None, ""),
    ("tcvn3.csv", "không phải chữ Unicode", None, ""),
    ("vni.csv", "không phải chữ Unicode", None, ""),
    ("legacy_font_utf8.tsv", "TCVN3/ABC hoặc VNI", None, ""),
    ("mojibake.tsv", "bị đọc sai mã", None, ""),
    ("data_above_header.tsv", "nằm trên dòng tiêu đề cột (dòng 3)", 2, ""),
    ("duplicate_names.tsv", 'trùng với dòng 4 ("Đàm Thủy")', 5, "Đơn vị"),
    ("text_in_number.tsv", 'Ô "khoảng 2500" không phải là số', 3, "Số công dân trong độ tuổi"),
    ("fraction_count.tsv", 'Ô "74,5" không phải số nguyên', 3, "Chưa được cấp"),
    ("negative.tsv", 'Ô "-74" là số âm', 3, "Chưa được cấp"),
    ("issued_gt_of_age.tsv", "số đã cấp 2.569 lớn hơn số trong độ tuổi 2.495", 3, "Đã được cấp"),
    ("missing_name.tsv", "không có tên đơn vị", 3, "Đơn vị"),
    ("reasons_exceed.csv", "không thu nhận được 9 lớn hơn số chưa cấp 7", 2, ""),
    ("old.xls", "File Excel cũ (.xls)", None, ""),
    ("protected.xlsx", "có mật khẩu", None, ""),
    ("corrupt.xlsx", "bị hỏng", None, ""),
    ("table.ods", 'Không đọc được loại file ".ods"', None, ""),
]


@pytest.mark.parametrize(("name", "fragment", "row", "field"), BAD)
def test_bad_input_message(name: str, fragment: str, row: int | None, field: str) -> None:
    p = _one_error(name, fragment, row, field)
    assert p.render("vi").startswith("Lỗi:")


def test_messages_give_fixes() -> None:
    assert "Lưu thành (Save As)" in _one_error("old.xls", ".xls").fix_vi
    for name in ("tcvn3.csv", "mojibake.tsv"):
        fix = _one_error(name, "Unicode").fix_vi
        assert "CSV UTF-8" in fix and "Unikey" in fix
    no_header = _one_error("no_header.tsv", "Đã tìm các từ")
    assert '"chưa được cấp"' in no_header.vi and '"đơn vị"' in no_header.vi


def test_all_errors_reported_together(tmp_path: Path) -> None:
    lines = ["Đơn vị\tĐã cấp\tChưa cấp", "Xã A\tnhiều\t1", "Xã B\t2\t1,5", "Xã A\t1\t1"]
    with pytest.raises(InputError) as info:
        parse_backlog_text("\n".join(lines))
    assert [(p.row, p.field) for p in info.value.errors] == [(2, "Đã cấp"), (3, "Chưa cấp")]


def test_duplicate_rows_and_codes(tmp_path: Path) -> None:
    text = "Mã\tĐơn vị\tChưa cấp\n01\tXã A\t1\n01\tThị trấn A\t2\n02\tB\t3\n03\tXã B\t3\n"
    with pytest.raises(InputError) as info:
        parse_backlog_text(text)
    msgs = [(p.row, p.vi) for p in info.value.errors]
    assert (3, 'Mã "00001" của "Thị trấn A" trùng với dòng 2 ("Xã A").') in msgs
    assert any(row == 5 and "trùng với dòng 4" in vi for row, vi in msgs)
    assert len(msgs) == 2  # "Xã A" and "Thị trấn A" are different units


def test_missing_file_and_missing_column(tmp_path: Path) -> None:
    _one_error(tmp_path / "none.csv", "Không tìm thấy file")
    path = tmp_path / "t.csv"
    path.write_text("Đơn vị;Đã cấp\nXã A;5\n", encoding="utf-8")
    _one_error(path, 'Thiếu cột "Chưa được cấp"', 1)


def test_huge_file_rejected_before_parsing(tmp_path: Path) -> None:
    big = tmp_path / "big.csv"
    big.write_bytes(b"x" * 5_000_001)
    _one_error(big, "File quá lớn (5.0 MB)")
    many = tmp_path / "many.tsv"
    rows = [f"{i}\tXã {i}\t{i}" for i in range(MAX_ROWS + 1)]
    many.write_text("Đơn vị\tChưa cấp\n" + "\n".join(rows), encoding="utf-8")
    _one_error(many, "File quá lớn")
    with pytest.raises(InputError, match="too large"):
        parse_backlog_text("Đơn vị\tChưa cấp\n" + "\n".join(rows))


def test_nothing_is_written(tmp_path: Path) -> None:
    work = tmp_path / "corpus"
    shutil.copytree(CORPUS, work)
    before = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in work.iterdir()}
    for path in sorted(work.iterdir()):
        with contextlib.suppress(InputError):
            read_backlog_table(path)
    after = {p.name: (p.stat().st_mtime_ns, p.stat().st_size) for p in work.iterdir()}
    assert before == after
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus"]


# --------------------------------------------------------------------------- pasted text


def test_pasted_semicolon_and_multispace() -> None:
    semi = "Xã, thị trấn;Đã được cấp;Còn lại\nPhong Nặm;1.180;36\nXuân Nội;1.237;71\n"
    t = parse_backlog_text(semi, "dán")
    assert [(r.name, r.issued, r.not_issued) for r in t.rows] == [
        ("Phong Nặm", 1180, 36),
        ("Xuân Nội", 1237, 71),
    ]
    spaced = (
        "STT   Địa bàn        Trong độ tuổi   Đã cấp   Chưa cấp   Tỷ lệ\n"
        "1.    Phong Nặm      1.216           1.180    36         2,96%\n"
        "      Tổng cộng      1.216           1.180    36         2,96%\n"
    )
    t = parse_backlog_text(spaced)
    assert [(r.stt, r.name, r.of_age) for r in t.rows] == [("1.", "Phong Nặm", 1216)]
    assert t.total is not None and t.total.name == "Tổng cộng"


def test_pasted_comma_csv_with_quoted_numbers() -> None:
    text = 'Tên đơn vị,Trong độ tuổi,Đã cấp,Chưa cấp,%\nCao Thăng,"2,730","2,629",101,"3,70"\n'
    t = parse_backlog_text(text)
    assert (t.rows[0].of_age, t.rows[0].issued, t.rows[0].pct_not_issued) == (2730, 2629, 3.7)


def test_pasted_nfd_is_normalised() -> None:
    import unicodedata

    text = unicodedata.normalize("NFD", "Đơn vị\tChưa được cấp\nĐàm Thủy\t96\n")
    t = parse_backlog_text(text)
    assert t.rows[0].name == "Đàm Thủy" and t.columns["not_issued"] == "Chưa được cấp"


# --------------------------------------------------------------------------- header words


@pytest.mark.parametrize(
    ("header", "field"),
    [
        ("Đơn vị", "name"),
        ("TÊN ĐƠN VỊ", "name"),
        ("Xã, thị trấn", "name"),
        ("Xã", "name"),
        ("Địa bàn", "name"),
        ("Số công dân trong độ tuổi cấp CCCD", "of_age"),
        ("Tổng số công dân", "of_age"),
        ("Số công dân từ 14 tuổi trở lên (độ tuổi cấp)", "of_age"),
        ("Đã được cấp", "issued"),
        ("Đã thu nhận", "issued"),
        ("Chưa được cấp", "not_issued"),
        ("Còn lại", "not_issued"),
        ("Tổng số công dân chưa cấp", "not_issued"),
        ("Tỷ lệ % (chưa cấp)", "pct_not_issued"),
        ("%", "pct_not_issued"),
        ("Mã ĐVHC", "code"),
        ("Mã xã", "code"),
        ("Mã", "code"),
        ("STT", "stt"),
        ("TT", "stt"),
        ("Chưa cấp do đã chết", "dead"),
        ("Đang chấp hành án phạt tù", "prison"),
        ("Tù", "prison"),
        ("NVQS", "military"),
        ("Đi khỏi địa phương", "unknown_whereabouts"),
        ("Vắng mặt", "unknown_whereabouts"),
        ("Ngoại tỉnh", "other_province"),
        ("Làm ăn xa", "other_province"),
        ("Xuất cảnh", "abroad"),
        ("Ưu tiên", "priority"),
        ("Ghi chú", None),
        ("chua duoc cap", "not_issued"),
        ("Đơn vị tính", "name"),
    ],
)
def test_classify_header(header: str, field: str | None) -> None:
    assert classify_header(header) == field


@pytest.mark.parametrize(
    ("name", "total"),
    [
        ("Huyện Trùng Khánh", True),
        ("Tổng cộng", True),
        ("TỔNG CỘNG", True),
        ("Cộng", True),
        ("Cộng:", True),
        ("Toàn huyện", True),
        ("Thị xã Ngã Bảy", True),
        ("Tỉnh Gia Lai", True),
        ("Cộng Hòa", False),
        ("Xã Tổng Cọt", False),
        ("Thị trấn Trà Lĩnh", False),
        ("Phong Nặm", False),
    ],
)
def test_total_names(name: str, total: bool) -> None:
    assert is_total_name(name) is total


# --------------------------------------------------------------------------- numbers


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("59.041", 59041),
        ("59041", 59041),
        ("59 041", 59041),
        ("59\u00a0041", 59041),
        ("1,216", 1216),
        ("1.216.000", 1216000),
        (" 144 ", 144),
        ("-", 0),
        ("", None),
        (2990, 2990),
        (2990.0, 2990),
        (None, None),
    ],
)
def test_parse_count(text: str | int | float | None, value: int | None) -> None:
    assert parse_count(text) == value


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("12,5", "fraction"),
        ("59.04", "fraction"),
        (12.5, "fraction"),
        ("abc", "text"),
        ("12a", "text"),
        ("1.2.3", "text"),
        ("-3", "negative"),
    ],
)
def test_parse_count_errors(text: str | float, kind: str) -> None:
    with pytest.raises(NumberFormatError) as info:
        parse_count(text)
    assert info.value.kind == kind


@pytest.mark.parametrize(
    ("text", "value"),
    [
        ("5,06%", 5.06),
        ("5,06", 5.06),
        ("5.06", 5.06),
        ("5,060", 5.06),
        ("100%", 100.0),
        (" 3,7 % ", 3.7),
        (5.06, 5.06),
        ("", None),
        ("-", None),
    ],
)
def test_parse_percent(text: str | float, value: float | None) -> None:
    assert parse_percent(text) == value


@settings(max_examples=200, deadline=None)
@given(
    st.integers(min_value=0, max_value=MAX_HEAD_COUNT), st.sampled_from([".", " ", "\u00a0", ""])
)
def test_count_round_trip(n: int, sep: str) -> None:
    text = f"{n:,}".replace(",", sep)
    assert parse_count(text) == n
    assert parse_count(format_vn(n)) == n


def test_a_count_above_any_commune_is_refused() -> None:
    with pytest.raises(NumberFormatError) as caught:
        parse_count(format_vn(MAX_HEAD_COUNT + 1))
    assert caught.value.kind == "too_large"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=0, max_value=10000), st.sampled_from(["%", " %", ""]))
def test_percent_round_trip(hundredths: int, suffix: str) -> None:
    text = f"{hundredths // 100},{hundredths % 100:02d}{suffix}"
    assert parse_percent(text) == pytest.approx(hundredths / 100)


@settings(max_examples=100, deadline=None)
@given(st.integers(min_value=1000, max_value=10**9), st.integers(min_value=1, max_value=99))
def test_number_with_decimals_round_trip(whole: int, frac: int) -> None:
    text = f"{format_vn(whole)},{frac:02d}"
    assert parse_number(text) == Decimal(f"{whole}.{frac:02d}")
    with pytest.raises(NumberFormatError):
        parse_count(text)


@settings(max_examples=100, deadline=None)
@given(st.text(max_size=12))
def test_parse_count_never_crashes_otherwise(text: str) -> None:
    try:
        value = parse_count(text)
    except NumberFormatError:
        return
    assert value is None or value >= 0


def test_title_right_above_header_is_not_part_of_it(tmp_path: Path) -> None:
    import openpyxl

    text = "BIỂU THỐNG KÊ SỐ CÔNG DÂN CHƯA ĐƯỢC CẤP CCCD\nSTT\tĐơn vị\tChưa được cấp\n1\tXã A\t5\n"
    t = parse_backlog_text(text)
    assert t.columns == {"stt": "STT", "name": "Đơn vị", "not_issued": "Chưa được cấp"}
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.append(["BIỂU THỐNG KÊ SỐ CÔNG DÂN CHƯA ĐƯỢC CẤP CCCD"])
    ws.merge_cells("A1:C1")
    ws.append(["STT", "Đơn vị", "Chưa được cấp"])
    ws.append([1, "Xã A", 5])
    book.save(tmp_path / "t.xlsx")
    t = read_backlog_table(tmp_path / "t.xlsx")
    assert t.columns["not_issued"] == "Chưa được cấp"
    assert [(r.row, r.name, r.not_issued) for r in t.rows] == [(3, "Xã A", 5)]


def test_district_subtotals_titles_and_the_one_district_total(tmp_path: Path) -> None:
    """A province table by former district: each row knows its district's subtotal row, the
    subtotals are checked against their rows, the title rows are kept; a table whose only
    summary row names a district has it as its total and as every row's district."""
    grouped = tmp_path / "tinh.tsv"
    grouped.write_text(
        "CÔNG AN TỈNH LAI CHÂU\nBẢNG TỔNG HỢP (ngày 15/5/2025)\nSTT\tĐơn vị\tChưa được cấp\n"
        "I\tHuyện Mường Tè\t30\n1\tXã Mù Cả\t10\n2\tXã Can Hồ\t20\n"
        "II\tHuyện Sìn Hồ\t99\n3\tXã Lùng Thàng\t5\n\tTổng cộng\t35\n",
        encoding="utf-8",
    )
    t = read_backlog_table(grouped)
    assert t.titles == ("CÔNG AN TỈNH LAI CHÂU", "BẢNG TỔNG HỢP (ngày 15/5/2025)")
    assert [(r.name, r.district) for r in t.rows] == [
        ("Xã Mù Cả", "Huyện Mường Tè"),
        ("Xã Can Hồ", "Huyện Mường Tè"),
        ("Xã Lùng Thàng", "Huyện Sìn Hồ"),
    ]
    assert [g.name for g in t.groups] == ["Huyện Mường Tè", "Huyện Sìn Hồ"]
    assert t.total is not None and t.total.name == "Tổng cộng"
    mismatches = [p for p in t.warnings if "Dòng tổng" in p.vi]
    assert [(p.row, "99" in p.vi) for p in mismatches] == [(7, True)]
    one = tmp_path / "huyen.tsv"
    one.write_text(
        "STT\tĐơn vị\tChưa được cấp\n1\tGlar\t918\n2\tTân Bình\t428\n\tHuyện Đak Đoa\t1.346\n",
        encoding="utf-8",
    )
    t = read_backlog_table(one)
    assert t.total is not None and t.total.name == "Huyện Đak Đoa" and t.groups == ()
    assert {r.district for r in t.rows} == {"Huyện Đak Đoa"}
    assert not any("Dòng tổng" in p.vi for p in t.warnings)
    # One name under two district subtotals is two units (Sơn La's two Chiềng Sơ), not a repeat.
    two = tmp_path / "hai_huyen.tsv"
    two.write_text(
        "STT\tĐơn vị\tChưa được cấp\nI\tHuyện Sông Mã\t5\n1\tXã Chiềng Sơ\t5\n"
        "II\tHuyện Mường La\t7\n2\tXã Chiềng Sơ\t7\n",
        encoding="utf-8",
    )
    assert [r.district for r in read_backlog_table(two).rows] == ["Huyện Sông Mã", "Huyện Mường La"]
