"""Generate the backlog-table corpus in tests/data/tables/ (run: .venv/bin/python <this file>).

Small files, good and bad, as district offices produce them: encodings (UTF-8 with/without BOM,
UTF-16 "Unicode text", Windows-1258, TCVN3, VNI, mojibake), title rows, multi-row Excel headers
with merged cells, and the usual mistakes. Each bad file has its message asserted in
tests/io/test_table.py. Huge files are made by the tests themselves in a temporary folder.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from pathlib import Path

import openpyxl
from openpyxl.styles import Alignment

OUT = Path(__file__).resolve().parent / "tables"

HEADER = "STT\tĐơn vị\tSố công dân trong độ tuổi\tĐã được cấp\tChưa được cấp\tTỷ lệ %"
ROWS = (
    "1.\tThị trấn Trà Lĩnh\t3.987\t3.843\t144\t3,61%",
    "2.\tCao Chương\t2.569\t2.495\t74\t2,88%",
    "3.\tĐàm Thủy\t4.338\t4.242\t96\t2,21%",
)
TOTAL = "\tTổng cộng\t10.894\t10.580\t314\t2,88%"


def tsv(*lines: str) -> str:
    """Lines joined with CRLF, as Excel writes them."""
    return "\r\n".join(lines) + "\r\n"


GOOD = tsv(HEADER, *ROWS, TOTAL)

# TCVN3 (ABC) bytes of the lower-case letters used here; upper-case falls back to lower-case.
_TCVN3 = dict(
    zip(
        "ăâêôơưđĂÂÊÔƠƯĐàảãáạấầậèéẹếềệìíịòóọồốộờớợùúụừứựỳýỹỷỵ",
        bytes(
            [
                0xA8,
                0xA9,
                0xAA,
                0xAB,
                0xAC,
                0xAD,
                0xAE,
                0xA1,
                0xA2,
                0xA3,
                0xA4,
                0xA5,
                0xA6,
                0xA7,
                0xB5,
                0xB6,
                0xB7,
                0xB8,
                0xB9,
                0xCA,
                0xC7,
                0xCB,
                0xCC,
                0xD0,
                0xD1,
                0xD5,
                0xD2,
                0xD6,
                0xD7,
                0xDD,
                0xDE,
                0xDF,
                0xE3,
                0xE4,
                0xE5,
                0xE8,
                0xE9,
                0xEA,
                0xED,
                0xEE,
                0xEF,
                0xF3,
                0xF4,
                0xF5,
                0xF8,
                0xF9,
                0xFA,
                0xFD,
                0xFC,
                0xFB,
                0xFE,
            ]
        ),
        strict=True,
    )
)
# VNI: base letter followed by a mark glyph (as the VNI-Times font draws it), in cp1252 bytes.
_VNI_MARKS = {
    "\u0300": "ø",
    "\u0301": "ù",
    "\u0309": "û",
    "\u0303": "õ",
    "\u0323": "ï",
    "\u0302": "â",
    "\u0306": "ê",
    "\u031b": "ô",
}


def tcvn3(text: str) -> bytes:
    """Encode text the way a .VnTime (TCVN3) spreadsheet saved as CSV stores it."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3.get(ch) or _TCVN3.get(ch.lower())
        out += bytes([code]) if code else ch.encode("ascii", "replace")
    return bytes(out)


def vni(text: str) -> bytes:
    """Encode text roughly the way a VNI-Times spreadsheet saved as CSV stores it."""
    out = []
    for ch in unicodedata.normalize("NFD", text):
        if ch in ("đ", "Đ"):
            out.append("ñ" if ch == "đ" else "Ñ")
        else:
            out.append(_VNI_MARKS.get(ch, ch))
    return "".join(out).encode("cp1252", "replace")


def cp1258(text: str) -> bytes:
    """Encode text in Windows-1258 (base letters precomposed, tone marks combining)."""
    out = bytearray()
    for ch in unicodedata.normalize("NFC", text):
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            tones = "".join(c for c in parts if c in _VNI_MARKS and _VNI_MARKS[c] in "øùûõï")
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in tones))
            out += base.encode("cp1258") + tones.encode("cp1258")
    return bytes(out)


def mojibake(text: str) -> bytes:
    """UTF-8 read as Windows-1252 and saved again as UTF-8 ("Ä�Æ¡n vá»‹")."""
    return text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")


def text_files() -> dict[str, bytes]:
    """Name → bytes of every text fixture."""
    bad_row = "2.\tCao Chương\t2.569\t2.495\t74\t2,88%"
    return {
        "empty.csv": b"",
        "only_title.csv": "BIỂU THỐNG KÊ SỐ CÔNG DÂN CHƯA ĐƯỢC CẤP CCCD\r\n"
        "CÔNG AN HUYỆN TRÙNG KHÁNH\r\n\r\n".encode(),
        "no_header.tsv": tsv("A\tB\tC\tD", *ROWS).encode(),
        "good_utf8_bom.tsv": b"\xef\xbb\xbf" + GOOD.encode(),
        "good_utf16.txt": GOOD.encode("utf-16"),
        "good_cp1258.csv": cp1258(GOOD.replace("\t", ";")),
        "tcvn3.csv": tcvn3(GOOD.replace("\t", ",").replace("%", "")),
        "vni.csv": vni(GOOD.replace("\t", ";")),
        "legacy_font_utf8.tsv": tcvn3(GOOD).decode("cp1252", "replace").encode(),
        "mojibake.tsv": mojibake(GOOD),
        "title_rows.tsv": tsv(
            "BIỂU THỐNG KÊ SỐ CÔNG DÂN CHƯA ĐƯỢC CẤP CCCD",
            "",
            "CÔNG AN HUYỆN TRÙNG KHÁNH\t\t\t\tĐơn vị tính: người",
            "",
            HEADER,
            *ROWS,
            TOTAL,
            "",
            "\tNGƯỜI LẬP BIỂU",
        ).encode(),
        "data_above_header.tsv": tsv("BIỂU THỐNG KÊ", bad_row, HEADER, ROWS[0], ROWS[2]).encode(),
        "duplicate_names.tsv": tsv(HEADER, *ROWS, "4.\tXã Đàm Thuỷ\t10\t5\t5\t50%").encode(),
        "text_in_number.tsv": tsv(
            HEADER, ROWS[0], "2.\tCao Chương\tkhoảng 2500\t2.495\t74\t2,88%", ROWS[2]
        ).encode(),
        "fraction_count.tsv": tsv(
            HEADER, ROWS[0], "2.\tCao Chương\t2.569\t2.495\t74,5\t2,88%", ROWS[2]
        ).encode(),
        "issued_gt_of_age.tsv": tsv(
            HEADER, ROWS[0], "2.\tCao Chương\t2.495\t2.569\t\t", ROWS[2]
        ).encode(),
        "negative.tsv": tsv(
            HEADER, ROWS[0], "2.\tCao Chương\t2.569\t2.495\t-74\t2,88%", ROWS[2]
        ).encode(),
        "inconsistent.tsv": tsv(
            HEADER, ROWS[0], "2.\tCao Chương\t2.569\t2.495\t80\t9,99%", ROWS[2], TOTAL
        ).encode(),
        "missing_not_issued.csv": "STT;Xã, thị trấn;Tổng số công dân;Đã cấp\r\n"
        "1;Phong Nặm;1.216;1.180\r\n2;Xuân Nội;1 308;1,237\r\n".encode(),
        "no_count_column.csv": "STT;Đơn vị;Ghi chú\r\n1;Phong Nặm;x\r\n".encode(),
        "missing_name.tsv": tsv(HEADER, ROWS[0], "2.\t\t2.569\t2.495\t74\t2,88%").encode(),
        "reasons.csv": "Mã xã;Tên đơn vị;Chưa cấp;Đã chết;Phạm nhân;NVQS;Không rõ nơi ở;"
        "Đi làm ăn tỉnh khác;Ở nước ngoài;Ưu tiên\r\n"
        "01447;Thị trấn Trà Lĩnh;144;10;1;2;3;20;4;1\r\n"
        "1471;Cao Chương;74;5;0;0;-;7;1;2\r\n".encode(),
        "reasons_exceed.csv": "Tên đơn vị;Chưa cấp;Đã chết;Ở nước ngoài\r\n"
        "Cao Chương;7;5;4\r\n".encode(),
        "old.xls": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "protected.xlsx": b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504),
        "corrupt.xlsx": b"PK\x03\x04" + b"this is not really a workbook" * 4,
        "table.ods": b"PK\x03\x04 not handled",
    }


def multirow_xlsx(path: Path) -> None:
    """A printed-style workbook: titles, a two-row merged header, column numbers, total on top."""
    book = openpyxl.Workbook()
    ws = book.active
    assert ws is not None
    ws.title = "Bieu 01"
    ws["A1"] = "CÔNG AN HUYỆN ĐAK ĐOA"
    ws["A2"] = "BIỂU THỐNG KÊ SỐ CÔNG DÂN CHƯA ĐƯỢC CẤP CCCD"
    ws.merge_cells("A2:H2")
    headers = {
        "A4": "STT",
        "B4": "Tên đơn vị",
        "C4": "Số công dân trong độ tuổi",
        "D4": "Kết quả",
        "F4": "Trong đó không thu nhận được",
        "H4": "Tỷ lệ % chưa cấp",
        "D5": "Đã cấp",
        "E5": "Chưa cấp",
        "F5": "Đã chết",
        "G5": "Đi khỏi địa phương",
    }
    for ref, text in headers.items():
        ws[ref] = text
        ws[ref].alignment = Alignment(wrap_text=True)
    for rng in ("A4:A5", "B4:B5", "C4:C5", "D4:E4", "F4:G4", "H4:H5"):
        ws.merge_cells(rng)
    ws.append(["(1)", "(2)", "(3)", "(4)", "(5)=(3)-(4)", "(6)", "(7)", "(8)"])
    ws.append([None, "Huyện Đak Đoa", 21000, 17608, 3392, 60, 45, None])
    ws.append(["I", "Thị trấn", 12000, 9595, 2405, 50, 40, None])
    ws.append([1, "Thị trấn Đak Đoa", 12000, 9595, 2405, 50, 40, 0.2004])
    ws.append(["II", "Các xã", 9000, 8013, 987, 10, 5, None])
    ws.append([2, "K'Dang", 9000, 8013, 987, 10, 5, 0.1097])
    for row in (9, 11):
        ws.cell(row, 8).number_format = "0.00%"
    book.create_sheet("Ghi chu")["A1"] = "Số liệu đến 21/8/2022"
    book.save(path)


def main() -> None:
    """Write every fixture."""
    OUT.mkdir(parents=True, exist_ok=True)
    for name, data in text_files().items():
        (OUT / name).write_bytes(data)
    makers: dict[str, Callable[[Path], None]] = {"multirow.xlsx": multirow_xlsx}
    for name, make in makers.items():
        make(OUT / name)


if __name__ == "__main__":
    main()
