"""Reading backlog tables as district offices print them (CSV, TSV, text, Excel, pasted text).

A table has title rows, a header found by its Vietnamese words (accent- and case-insensitive),
one row per commune, maybe a total row ("Huyện Trùng Khánh", "Tổng cộng") above or below the
data, Vietnamese numbers (59.041, 5,06%) and optional non-collectable columns by reason.
Every error is collected and raised at once as :class:`~planning.errors.InputError`; nothing is
written anywhere. Warnings (checks against the total row, computed figures) travel with the
result.
"""

from __future__ import annotations

import csv
import io
import re
import unicodedata
import zipfile
import zlib
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

from planning.domain import MAX_HEAD_COUNT, NonCollectableReason
from planning.errors import InputError, Problem, error, raise_if_errors, warning
from planning.io.encoding import check_unicode_text, decode_bytes
from planning.io.files import InputFileKind, check_input_file, read_input_bytes
from planning.io.vn_numbers import (
    Cell,
    NumberFormatError,
    format_pct_vn,
    format_vn,
    parse_count,
    parse_number,
    parse_percent,
)
from planning.names import name_key, split_prefix, strip_diacritics

#: Files larger than this are refused before they are parsed.
MAX_BYTES = 5_000_000
#: Tables with more rows than this are refused before they are parsed.
MAX_ROWS = 5_000
#: Percent mismatches up to this many points are rounding, not errors.
PCT_TOLERANCE = 0.05
#: Workbooks with more cells than this are refused before openpyxl builds them: a 353 kB .xlsx
#: can hold millions of cells, and openpyxl needs about a kilobyte of memory for each.
MAX_CELLS = 250_000
_HEADER_SCAN_ROWS = 40
#: A cell element of a worksheet's XML (``<c r="A1">``, ``<c/>``, ``<x:c …>``).
_CELL_TAG = re.compile(rb"<(?:[A-Za-z_][\w.-]*:)?c[\s>/]")
_TEXT_EXTS = (".csv", ".tsv", ".txt")
_XLSX_EXTS = (".xlsx", ".xlsm")
#: How messages name a table file, and the fixes they suggest.
TABLE_FILE = InputFileKind(
    what_vi="file",
    what_en="file",
    fix_missing_vi="Kiểm tra đường dẫn.",
    fix_missing_en="Check the path.",
    empty_vi="File rỗng, không có bảng số liệu.",
    empty_en="The file is empty: no table.",
    fix_empty_vi="Chọn đúng file bảng số liệu chưa cấp CCCD.",
    fix_empty_en="Choose the right backlog table file.",
    fix_too_big_vi="Chỉ giữ bảng theo xã của khu vực lập kế hoạch.",
    fix_too_big_en="Keep only the per-commune table of the planning area.",
)
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_MAGIC = b"PK\x03\x04"

Grid = list[tuple[int, list[Cell]]]

COUNT_FIELDS = ("of_age", "issued", "not_issued")
REASON_FIELDS = tuple(r.value for r in NonCollectableReason)

#: Header words per field, tried in this order (percent and reasons before the plain counts, so
#: "Tỷ lệ % chưa cấp" is a percent and "Chưa cấp do đã chết" a reason). Phrases are compared on
#: accent-free lower-case words; a leading "=" means the whole header must be that phrase.
HEADER_WORDS: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("pct_not_issued", ("tỷ lệ", "tỉ lệ", "%")),
    ("dead", ("đã chết", "chết", "tử vong")),
    ("prison", ("phạm nhân", "chấp hành án", "=tù", "đang ở tù", "trại giam", "tạm giam")),
    ("military", ("nghĩa vụ quân sự", "nvqs", "tại ngũ", "quân ngũ")),
    ("other_province", ("tỉnh khác", "ngoại tỉnh", "làm ăn xa")),
    ("unknown_whereabouts", ("không rõ", "đi khỏi địa phương", "vắng mặt")),
    ("abroad", ("nước ngoài", "xuất cảnh")),
    ("not_issued", ("chưa được cấp", "chưa cấp", "còn lại", "chưa thu nhận")),
    ("issued", ("đã được cấp", "đã cấp", "đã thu nhận")),
    ("of_age", ("trong độ tuổi", "độ tuổi cấp", "tổng số công dân", "độ tuổi", "=tổng số")),
    ("code", ("=mã", "mã đvhc", "mã xã", "mã đơn vị", "mã hành chính")),
    ("priority", ("ưu tiên",)),
    ("province", ("=tỉnh", "tỉnh thành phố", "tỉnh thành", "tên tỉnh", "mã tỉnh", "=province")),
    ("teams", ("số tổ", "=tổ", "=teams")),
    ("stt", ("=stt", "=tt", "=số tt", "số thứ tự")),
    (
        "name",
        (
            "đơn vị",
            "tên đơn vị",
            "địa bàn",
            "=xã",
            "xã thị trấn",
            "xã phường",
            "tên xã",
            "=phường",
            "=địa phương",
        ),
    ),
)

_TOTAL_RE = re.compile(
    r"^(?:tổng cộng|tổng số|tổng|toàn huyện|toàn tỉnh|toàn thị xã|toàn thành phố|toàn quận"
    r"|huyện|quận|thị xã|thành phố|tỉnh)(?:[\s:]|$)|^cộng\s*:?\s*$|^cộng (?:toàn|chung)"
)
_ROMAN_RE = re.compile(r"^[ivxlc]+\.?$", re.IGNORECASE)
#: A summary row naming a (former) district: "Huyện Mường Tè", "Thị xã Ngã Bảy", "TP. Lai Châu".
_DISTRICT_LABEL_RE = re.compile(r"^(?:huyện|quận|thị xã|thành phố|tp\.|tx\.|h\.)\s*\S")
_COLUMN_NO_RE = re.compile(r"^[0-9a-z()\[\]=+\-*/×:.\s]{1,24}$", re.IGNORECASE)


@dataclass(frozen=True)
class TableRow:
    """One row of a backlog table (a commune, or the total row)."""

    row: int
    stt: str
    name: str
    code: str
    of_age: int | None
    issued: int | None
    not_issued: int | None
    pct_not_issued: float | None
    non_collectable: dict[NonCollectableReason, int] = field(default_factory=dict)
    priority: int | None = None
    #: The province cell as written (a national table: name or 2-digit code), "" without one.
    province: str = ""
    #: The "Số tổ" cell: the teams the row's province has (a national table), else None.
    teams: int | None = None
    #: The district subtotal row the row falls under, as written ("Huyện Mường Tè"); a table's
    #: one district total row ("Huyện Đak Đoa") for every row; else "".
    district: str = ""


@dataclass(frozen=True)
class BacklogTable:
    """A backlog table as read: commune rows, the total row if any, columns found, warnings;
    the texts of the rows above the header (title, date) and the subtotal rows (by district or
    group), which say what kind of units the rows are."""

    source: str
    rows: tuple[TableRow, ...]
    total: TableRow | None
    columns: dict[str, str]
    warnings: tuple[Problem, ...] = ()
    titles: tuple[str, ...] = ()
    groups: tuple[TableRow, ...] = ()


# --------------------------------------------------------------------------- header words


def header_norm(text: str) -> str:
    """Accent-free, lower-case words of a header cell: "Tỷ lệ % (chưa cấp)" → "ty le % chua cap"."""
    bare = strip_diacritics(unicodedata.normalize("NFC", text).casefold())
    return " ".join(re.sub(r"[^\w%]+", " ", bare).split())


_HEADER_RULES = tuple(
    (fld, tuple((p.startswith("="), header_norm(p.lstrip("="))) for p in phrases))
    for fld, phrases in HEADER_WORDS
)


def classify_header(text: str) -> str | None:
    """The field a header cell names ("not_issued", "dead", ...), or None."""
    h = header_norm(text)
    if not h:
        return None
    for fld, phrases in _HEADER_RULES:
        for whole, phrase in phrases:
            if (h == phrase) if whole else (f" {phrase} " in f" {h} "):
                return fld
    return None


def _looked_for() -> tuple[str, str]:
    """The header words looked for, listed for the 'no header' message (vi, en)."""
    labels = {
        "name": ("tên đơn vị", "unit name"),
        "not_issued": ("chưa cấp", "not issued"),
        "issued": ("đã cấp", "issued"),
        "of_age": ("trong độ tuổi", "of age"),
    }
    vi: list[str] = []
    en: list[str] = []
    for fld, phrases in HEADER_WORDS:
        if fld in labels:
            words = ", ".join(f'"{p.lstrip("=")}"' for p in phrases)
            vi.append(f"{labels[fld][0]}: {words}")
            en.append(f"{labels[fld][1]}: {words}")
    return "; ".join(vi), "; ".join(en)


# --------------------------------------------------------------------------- reading


def _cell_text(value: Cell) -> str:
    """A cell as stripped text ("" for empty)."""
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return " ".join(unicodedata.normalize("NFC", str(value)).split())


def _is_number(value: Cell) -> bool:
    """True when the cell holds a number (a count or a percentage)."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return True
    t = _cell_text(value).rstrip("%").strip()
    if not t:
        return False
    try:
        parse_number(t)
    except NumberFormatError:
        return False
    return True


@dataclass
class _Header:
    """Where the header is and which column holds which field."""

    first_row: int
    last_index: int
    columns: dict[str, int]
    texts: dict[str, str]
    ignored: list[str]


class _Reader:
    """Collects problems for one source while a grid is turned into a table.

    ``national``: the table spans provinces, so one name may be two units (see
    :func:`_check_duplicates`).
    """

    def __init__(self, source: str, national: bool = False) -> None:
        self.source = source
        self.national = national
        self.problems: list[Problem] = []

    def err(self, vi: str, en: str, **where: object) -> None:
        """Record an error in this source."""
        self.problems.append(error(vi, en, file=self.source, **where))

    def warn(self, vi: str, en: str, **where: object) -> None:
        """Record a warning in this source."""
        self.problems.append(warning(vi, en, file=self.source, **where))

    def has_errors(self) -> bool:
        """True once an error has been recorded."""
        return any(p.is_error for p in self.problems)

    def fail(self, vi: str, en: str, **where: object) -> InputError:
        """An InputError holding the problems so far plus this error."""
        self.err(vi, en, **where)
        return InputError(self.problems)


def _fail(source: str, vi: str, en: str, **where: object) -> InputError:
    """An InputError with one error about ``source``."""
    return InputError([error(vi, en, file=source, **where)])


def read_backlog_table(
    path: str | Path, sheet: str | None = None, *, national: bool = False
) -> BacklogTable:
    """Read a backlog table from .csv, .tsv, .txt or .xlsx; raise InputError listing all errors.

    ``national``: a table of communes across provinces (``python -m planning national``), where
    the same name in two provinces, or under two codes, is two units, not a repeated row."""
    p = Path(path)
    source = p.name
    check_input_file(p, MAX_BYTES, TABLE_FILE, source)
    ext = p.suffix.lower()
    with p.open("rb") as handle:
        head = handle.read(8)
    if ext == ".xls":
        raise _fail(
            source,
            "File Excel cũ (.xls) không được hỗ trợ.",
            "Old Excel files (.xls) are not supported.",
            fix_vi="Mở bằng Excel, chọn Lưu thành (Save As) → Excel Workbook (.xlsx).",
            fix_en="Open it in Excel and Save As → Excel Workbook (.xlsx).",
        )
    if ext in _XLSX_EXTS or (ext in _TEXT_EXTS and head.startswith(_ZIP_MAGIC)):
        return _table_from_xlsx(p, source, sheet, head, national)
    if ext not in _TEXT_EXTS:
        raise _fail(
            source,
            f'Không đọc được loại file "{ext or "(không có đuôi)"}".',
            f'Cannot read files of type "{ext or "(no extension)"}".',
            fix_vi="Dùng file .xlsx, .csv, .tsv hoặc .txt, hoặc dán bảng vào ô văn bản.",
            fix_en="Use an .xlsx, .csv, .tsv or .txt file, or paste the table as text.",
        )
    if head.startswith(_OLE_MAGIC):
        raise _fail(
            source,
            "File này là file Excel (định dạng cũ hoặc có mật khẩu), không phải văn bản.",
            "This is an Excel file (old format or password-protected), not text.",
            fix_vi="Mở bằng Excel, bỏ mật khẩu và lưu thành .xlsx.",
            fix_en="Open it in Excel, remove the password and save as .xlsx.",
        )
    text, encoding = decode_bytes(read_input_bytes(p, MAX_BYTES, TABLE_FILE, source), source)
    return _table_from_text(text, source, encoding, national)


def parse_backlog_text(text: str, source: str = "văn bản dán") -> BacklogTable:
    """Parse a table pasted as text (tab-separated from Excel/Word, else ; , or 2+ spaces)."""
    if len(text) > MAX_BYTES:
        raise _too_big(source, f"{len(text):,} ký tự", f"{len(text):,} characters")
    return _table_from_text(unicodedata.normalize("NFC", text), source, "unicode")


def _empty(source: str) -> InputError:
    return _fail(
        source,
        TABLE_FILE.empty_vi,
        TABLE_FILE.empty_en,
        fix_vi=TABLE_FILE.fix_empty_vi,
        fix_en=TABLE_FILE.fix_empty_en,
    )


def _too_big(source: str, size_vi: str, size_en: str) -> InputError:
    return _fail(
        source,
        f"File quá lớn ({size_vi}); giới hạn {MAX_BYTES // 1_000_000} MB và "
        f"{format_vn(MAX_ROWS)} dòng.",
        f"The file is too large ({size_en}); the limit is {MAX_BYTES // 1_000_000} MB and "
        f"{MAX_ROWS:,} rows.",
        fix_vi=TABLE_FILE.fix_too_big_vi,
        fix_en=TABLE_FILE.fix_too_big_en,
    )


# --------------------------------------------------------------------------- grids


def _text_grids(text: str) -> Iterable[Grid]:
    """The text split by tab, semicolon, comma (those present) and finally by 2+ spaces."""
    for delim in ("\t", ";", ","):
        if delim in text:
            yield _csv_grid(text, delim)
    lines = enumerate(text.splitlines(), 1)
    yield [(i, re.split(r"\s{2,}|\t", line.rstrip())) for i, line in lines]


def _csv_grid(text: str, delim: str) -> Grid:
    """Records of delimited text with the 1-based line each starts on."""
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    grid: Grid = []
    line = 1
    for record in reader:
        grid.append((line, list(record)))
        line = reader.line_num + 1
    return grid


def _table_from_text(text: str, source: str, encoding: str, national: bool = False) -> BacklogTable:
    """Turn decoded text into a table: size and emptiness checks, delimiter by header search."""
    if not text.strip():
        raise _empty(source)
    if sum(1 for line in text.splitlines() if line.strip()) > MAX_ROWS:
        raise _too_big(source, "quá nhiều dòng", "too many rows")
    grids = list(_text_grids(text))
    found = next(((g, h) for g in grids if (h := _find_header(g)) is not None), None)
    check_unicode_text(text, source, encoding, found is not None)
    if found is None:
        raise _no_header(grids[0], source)
    reader = _Reader(source, national)
    if encoding == "cp1258":
        reader.warn(
            "File không phải UTF-8; đã đọc theo bảng mã Windows-1258.",
            "The file is not UTF-8; it was read as Windows-1258.",
            fix_vi='Nên lưu lại dạng "CSV UTF-8".',
            fix_en='Better save as "CSV UTF-8".',
        )
    return _build_table(found[0], found[1], reader)


def _no_header(grid: Grid, source: str) -> InputError:
    """The error for a table whose header row was not found (or that holds only a title)."""
    filled = [r for r in grid if any(_cell_text(c) for c in r[1])]
    if not filled:
        return _empty(source)
    looked_vi, looked_en = _looked_for()
    if all(sum(bool(_cell_text(c)) for c in cells) < 2 for _, cells in filled):
        return _fail(
            source,
            "File chỉ có tiêu đề, không có bảng số liệu (không thấy dòng tiêu đề "
            f"cột). Đã tìm các từ: {looked_vi}.",
            "The file holds only a title, no table "
            f"(no column header row found). Looked for: {looked_en}.",
            fix_vi="Chép cả bảng theo xã, gồm dòng tiêu đề cột.",
            fix_en="Copy the whole per-commune table including its header row.",
        )
    return _fail(
        source,
        f"Không thấy dòng tiêu đề cột. Đã tìm các từ: {looked_vi}.",
        f"No column header row found. Looked for: {looked_en}.",
        fix_vi='Thêm dòng tiêu đề có cột tên đơn vị (ví dụ "Đơn vị") và cột "Chưa được '
        'cấp" (hoặc "Trong độ tuổi" và "Đã được cấp").',
        fix_en='Add a header row with a unit name column (e.g. "Đơn vị") and a "Chưa '
        'được cấp" column (or "Trong độ tuổi" and "Đã được cấp").',
    )


# --------------------------------------------------------------------------- xlsx


def _table_from_xlsx(
    p: Path, source: str, sheet: str | None, head: bytes, national: bool = False
) -> BacklogTable:
    """Read an .xlsx workbook: the named sheet, else the first sheet with a header."""
    grids = _xlsx_grids(p, source, sheet, head)
    text = "\n".join(" ".join(_cell_text(c) for c in cells) for g in grids for _, cells in g)
    for grid in grids:
        header = _find_header(grid)
        if header is not None:
            check_unicode_text(text, source, "xlsx", True)
            return _build_table(grid, header, _Reader(source, national))
    check_unicode_text(text, source, "xlsx", False)
    raise _no_header(grids[0] if grids else [], source)


def _xlsx_grids(p: Path, source: str, sheet: str | None, head: bytes) -> list[Grid]:
    """Cell values of the chosen sheets, merged cells filled from their top-left value."""
    import openpyxl

    if head.startswith(_OLE_MAGIC):
        raise _fail(
            source,
            "File Excel có mật khẩu (hoặc là file .xls cũ đổi tên), không mở được.",
            "The Excel file is password-protected (or an old .xls renamed).",
            fix_vi="Mở bằng Excel, bỏ mật khẩu (Tệp → Thông tin → Bảo vệ) rồi lưu .xlsx.",
            fix_en="Open it in Excel, remove the password (File → Info → Protect), save as .xlsx.",
        )
    _check_zip(p, source)
    try:
        book = openpyxl.load_workbook(p, data_only=True)
    except Exception:
        raise _corrupt(source) from None
    if sheet is not None and sheet not in book.sheetnames:
        names = ", ".join(f'"{n}"' for n in book.sheetnames)
        raise _fail(
            source,
            f'Không có trang tính "{sheet}". Các trang: {names}.',
            f'No sheet named "{sheet}". Sheets: {names}.',
            field=sheet,
        )
    sheets = [book[sheet]] if sheet else [book.active, *book.worksheets]
    unique = {ws.title: ws for ws in sheets if ws is not None}
    return [_sheet_grid(ws, source) for ws in unique.values()]


def _check_zip(p: Path, source: str) -> None:
    """Refuse non-zip, oversized (uncompressed) and too-many-cells workbooks before openpyxl
    parses them (see :func:`check_workbook`)."""
    check_workbook(p, source, _corrupt)


def check_workbook(
    p: Path, source: str, corrupt: Callable[[str], InputError], max_cells: int = MAX_CELLS
) -> None:
    """Refuse a workbook whose unpacked size or number of cells is above the limits.

    The cells are counted in the worksheets' XML as it is decompressed, stopping at the limit,
    so the work is bounded whatever the file holds. ``corrupt(source)`` is the error for a file
    that is not a workbook at all.
    """
    try:
        with zipfile.ZipFile(p) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > 20 * MAX_BYTES:
                raise _too_big(
                    source,
                    f"{unpacked / 1e6:.0f} MB khi giải nén",
                    f"{unpacked / 1e6:.0f} MB unpacked",
                )
            cells = _count_cells(archive, max_cells)
    except (zipfile.BadZipFile, OSError, EOFError, zlib.error):
        raise corrupt(source) from None
    if cells > max_cells:
        raise _fail(
            source,
            f"Bảng tính có quá nhiều ô (hơn {format_vn(max_cells)} ô); có thể một dòng hay cột "
            "kéo dài tới cuối trang tính.",
            f"The workbook has too many cells (more than {max_cells:,}); perhaps a row or "
            "column runs to the end of the sheet.",
            fix_vi="Xoá các dòng/cột thừa (chọn chúng → Xoá) rồi lưu lại, hoặc chỉ chép bảng số "
            "liệu sang một tệp mới.",
            fix_en="Delete the extra rows/columns and save again, or copy just the table into a "
            "new file.",
        )


def _count_cells(archive: zipfile.ZipFile, stop_above: int) -> int:
    """Cells in every worksheet of the archive, counted while streaming; stops above the limit."""
    count = 0
    for info in archive.infolist():
        if not (info.filename.startswith("xl/worksheets/") and info.filename.endswith(".xml")):
            continue
        with archive.open(info) as stream:
            tail = b""
            while chunk := stream.read(1 << 20):
                data = tail + chunk
                # Tags starting in the last 32 bytes may be cut: they are counted with the next.
                cut = max(0, len(data) - 32)
                count += sum(1 for m in _CELL_TAG.finditer(data) if m.start() < cut)
                tail = data[cut:]
                if count > stop_above:
                    return count
            count += len(_CELL_TAG.findall(tail))
    return count


def _corrupt(source: str) -> InputError:
    return _fail(
        source,
        "File Excel bị hỏng hoặc không phải .xlsx, không mở được.",
        "The Excel file is damaged or not an .xlsx file; it cannot be opened.",
        fix_vi="Mở lại bằng Excel và lưu thành .xlsx, hoặc xuất ra CSV UTF-8.",
        fix_en="Open it in Excel and save as .xlsx again, or export as CSV UTF-8.",
    )


def _sheet_grid(ws: object, source: str) -> Grid:
    """Rows of one worksheet as cell values; percent-formatted numbers scaled to percent."""
    max_row = getattr(ws, "max_row", 0) or 0
    if max_row > MAX_ROWS + _HEADER_SCAN_ROWS:
        raise _too_big(source, f"{format_vn(max_row)} dòng", f"{max_row:,} rows")
    rows: list[list[Cell]] = []
    for row in ws.iter_rows():  # type: ignore[attr-defined]
        rows.append([_xlsx_value(c) for c in row])
    for rng in ws.merged_cells.ranges:  # type: ignore[attr-defined]
        top = rows[rng.min_row - 1][rng.min_col - 1]
        for r in range(rng.min_row, rng.max_row + 1):
            for c in range(rng.min_col, rng.max_col + 1):
                rows[r - 1][c - 1] = top
    return list(enumerate(rows, 1))


def _xlsx_value(cell: object) -> Cell:
    """A cell's value as str/int/float/None; "0.00%" cells become percent (0.0506 → 5.06)."""
    value = getattr(cell, "value", None)
    if value is None or isinstance(value, str):
        return value
    if isinstance(value, int | float) and not isinstance(value, bool):
        if "%" in str(getattr(cell, "number_format", "")):
            return round(float(value) * 100, 10)
        return value
    return str(value)


# --------------------------------------------------------------------------- header search


def _classify_cells(cells: Sequence[Cell]) -> dict[int, str]:
    """Column index → field for the cells that read as header words."""
    out: dict[int, str] = {}
    for i, value in enumerate(cells):
        if isinstance(value, str) and (fld := classify_header(value)):
            out[i] = fld
    return out


def _is_header_row(fields: dict[int, str]) -> bool:
    """A header row names the unit column and at least one count column."""
    found = set(fields.values())
    return "name" in found and bool(found & set(COUNT_FIELDS))


def _find_header(grid: Grid) -> _Header | None:
    """Find the header row among the first rows, with continuation rows of a multi-row header."""
    for index, (_, cells) in enumerate(grid[:_HEADER_SCAN_ROWS]):
        if not _classify_cells(cells) or _distinct_texts(cells) < 2:
            continue
        last = _header_end(grid, index)
        combined = _combine(grid[index : last + 1])
        fields = _classify_cells(combined)
        if _is_header_row(fields):
            return _make_header(grid, index, last, combined, fields)
    return None


def _distinct_texts(cells: Sequence[Cell]) -> int:
    """How many different non-empty texts a row holds (a merged title counts once)."""
    return len({t for c in cells if (t := _cell_text(c))})


def _header_end(grid: Grid, index: int) -> int:
    """Last index of the header: following rows with header words and no numbers belong to it."""
    last = index
    for j in range(index + 1, min(index + 3, len(grid))):
        cells = grid[j][1]
        if any(_is_number(c) for c in cells) or not _classify_cells(cells):
            break
        if _distinct_texts(cells) < 2:
            break
        last = j
    return last


def _combine(rows: Grid) -> list[Cell]:
    """Per column, the distinct texts of the header rows joined by spaces."""
    width = max(len(cells) for _, cells in rows)
    out: list[Cell] = []
    for col in range(width):
        parts: list[str] = []
        for _, cells in rows:
            t = _cell_text(cells[col]) if col < len(cells) else ""
            if t and t not in parts:
                parts.append(t)
        out.append(" ".join(parts))
    return out


def _make_header(
    grid: Grid, index: int, last: int, combined: list[Cell], fields: dict[int, str]
) -> _Header:
    """Keep the first column of each field; note the others as ignored."""
    columns: dict[str, int] = {}
    ignored: list[str] = []
    for col, fld in sorted(fields.items()):
        if fld in columns:
            ignored.append(_cell_text(combined[col]))
        else:
            columns[fld] = col
    for col, value in enumerate(combined):
        if col not in fields and _cell_text(value):
            ignored.append(_cell_text(value))
    texts = {fld: _cell_text(combined[col]) for fld, col in columns.items()}
    return _Header(grid[index][0], last, columns, texts, ignored)


# --------------------------------------------------------------------------- rows


@dataclass
class _Raw:
    """A data row before checks: parsed figures, or None where a cell was empty or wrong."""

    row: int
    stt: str
    name: str
    code: str
    values: dict[str, int | None]
    pct: float | None
    province: str = ""
    district: str = ""


def _cell(cells: Sequence[Cell], header: _Header, fld: str) -> Cell:
    """The cell of field ``fld`` in a row (None when the column is absent or the row short)."""
    col = header.columns.get(fld)
    return cells[col] if col is not None and col < len(cells) else None


def _is_column_numbers(cells: Sequence[Cell], header: _Header) -> bool:
    """A row of column numbers under the header: "(1) (2) (3) (4)=(2)-(3)" or "A B 1 2 3"."""
    texts = [_cell_text(c) for c in cells if _cell_text(c)]
    name = _cell_text(_cell(cells, header, "name"))
    return (
        len(texts) >= 2
        and bool(re.fullmatch(r"[(\[]?[0-9a-z]{1,2}[)\]]?", name, re.I))
        and all(_COLUMN_NO_RE.fullmatch(t) for t in texts)
    )


def is_total_name(name: str) -> bool:
    """True for total-row labels: "Huyện Trùng Khánh", "Tổng cộng", "Cộng", "Toàn huyện"..."""
    text = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    return bool(_TOTAL_RE.match(text))


def is_district_label(name: str) -> bool:
    """True for a summary row naming a district: "Huyện Mường Tè", "Thị xã Ngã Bảy"."""
    text = " ".join(unicodedata.normalize("NFC", name).casefold().split())
    return bool(_DISTRICT_LABEL_RE.match(text))


def _parse_row(line: int, cells: Sequence[Cell], header: _Header, reader: _Reader) -> _Raw:
    """Parse the figures of one row, recording an error for each bad cell."""
    values: dict[str, int | None] = {}
    for fld in header.columns:
        if fld in (*COUNT_FIELDS, *REASON_FIELDS, "priority", "teams"):
            cell = _cell(cells, header, fld)
            values[fld] = _count_or_error(line, cell, header.texts[fld], reader)
    pct = None
    if "pct_not_issued" in header.columns:
        raw = _cell(cells, header, "pct_not_issued")
        try:
            pct = parse_percent(raw)
        except NumberFormatError:
            _bad_cell(reader, line, header.texts["pct_not_issued"], raw, "text")
    name = _cell_text(_cell(cells, header, "name"))
    stt = _cell_text(_cell(cells, header, "stt"))
    if not name and not re.fullmatch(r"[\w]{1,4}\.?", stt):
        name, stt = stt, ""  # a label written in the STT column: "Huyện Trùng Khánh", "Tổng cộng"
    code = _code_text(_cell(cells, header, "code"))
    province = _cell_text(_cell(cells, header, "province"))
    return _Raw(line, stt, name, code, values, pct, province)


def _code_text(value: Cell) -> str:
    """An administrative code as text; digit-only codes padded to GSO's 5 digits (1447 → 01447)."""
    t = _cell_text(value)
    return t.zfill(5) if t.isdigit() and len(t) < 5 else t


def _count_or_error(line: int, value: Cell, column: str, reader: _Reader) -> int | None:
    """parse_count, recording an error naming row, column and cell text on failure."""
    try:
        return parse_count(value)
    except NumberFormatError as exc:
        _bad_cell(reader, line, column, value, exc.kind)
        return None


def _bad_cell(reader: _Reader, line: int, column: str, value: Cell, kind: str) -> None:
    """Record the error for a cell that is not a valid figure."""
    t = _cell_text(value)
    vi = {
        "text": f'Ô "{t}" không phải là số.',
        "fraction": f'Ô "{t}" không phải số nguyên (số người phải là số nguyên).',
        "negative": f'Ô "{t}" là số âm.',
        "too_large": f'Ô "{t}" quá lớn: không xã nào có quá {format_vn(MAX_HEAD_COUNT)} người.',
    }[kind]
    en = {
        "text": f'Cell "{t}" is not a number.',
        "fraction": f'Cell "{t}" is not a whole number (head counts are whole numbers).',
        "negative": f'Cell "{t}" is negative.',
        "too_large": f'Cell "{t}" is too large: no commune has over {MAX_HEAD_COUNT:,} people.',
    }[kind]
    reader.err(
        vi,
        en,
        row=line,
        field=column,
        fix_vi="Ghi số theo kiểu 59.041 hoặc 59041; để trống nếu không có số liệu.",
        fix_en="Write numbers as 59.041 or 59041; leave empty when there is no figure.",
    )


def _has_figures(raw: _Raw) -> bool:
    """True when the row holds any count or percentage."""
    return raw.pct is not None or any(v is not None for v in raw.values.values())


def _build_table(grid: Grid, header: _Header, reader: _Reader) -> BacklogTable:
    """Parse data rows under the header, run all checks, raise on errors, else return the table."""
    titles = _check_above_header(grid, header, reader)
    _check_needed_columns(header, reader)
    data, totals, groups = _collect_rows(grid, header, reader)
    if reader.has_errors():
        raise InputError(reader.problems)
    rows = tuple(_finish_row(raw, header, reader) for raw in data)
    total = _finish_row(totals[0], header, reader) if totals else None
    if len(totals) > 1:
        reader.warn(
            f"Có {len(totals)} dòng tổng; chỉ dùng dòng {totals[0].row} để đối chiếu.",
            f"{len(totals)} total rows; only row {totals[0].row} is used for checks.",
            row=totals[1].row,
        )
    subtotals = tuple(_finish_row(raw, header, reader) for raw in groups)
    _check_rows(rows, total, header, reader)
    _check_groups(rows, subtotals, header, reader)
    raise_if_errors(reader.problems)
    columns = {fld: header.texts[fld] for fld in header.columns}
    warnings = tuple(p for p in reader.problems if not p.is_error)
    return BacklogTable(reader.source, rows, total, columns, warnings, titles, subtotals)


def _check_above_header(grid: Grid, header: _Header, reader: _Reader) -> tuple[str, ...]:
    """A row with a name and figures above the header would be lost: that is an error. Returns
    the texts of the rows above the header (a title, a date: what the table says it is)."""
    titles: list[str] = []
    for line, cells in grid:
        if line >= header.first_row:
            break
        texts = [_cell_text(c) for c in cells]
        joined = " ".join(dict.fromkeys(t for t in texts if t))
        if joined:
            titles.append(joined)
        numbers = sum(_is_number(c) for c in cells)
        if numbers >= 2 and any(t and not _is_number(t) for t in texts):
            reader.err(
                f"Dòng {line} có số liệu nhưng nằm trên dòng tiêu đề cột "
                f"(dòng {header.first_row}), nên không đọc được.",
                f"Row {line} holds figures but is above the column header "
                f"(row {header.first_row}), so it cannot be read.",
                row=line,
                fix_vi="Chuyển dòng này xuống dưới dòng tiêu đề hoặc xoá nó.",
                fix_en="Move this row below the header row or delete it.",
            )
    return tuple(titles)


def _check_needed_columns(header: _Header, reader: _Reader) -> None:
    """The table needs "not issued", or both "of age" and "issued"; note ignored columns."""
    cols = header.columns
    if "not_issued" not in cols and not ("of_age" in cols and "issued" in cols):
        reader.err(
            'Thiếu cột "Chưa được cấp" (hoặc cả hai cột "Trong độ tuổi" và "Đã được cấp").',
            'Missing the "Chưa được cấp" (not issued) column, or both "Trong độ tuổi" '
            'and "Đã được cấp".',
            row=header.first_row,
            fix_vi='Thêm cột "Chưa được cấp".',
            fix_en='Add a "Chưa được cấp" column.',
        )
    elif "not_issued" not in cols:
        reader.warn(
            'Không có cột "Chưa được cấp": đã tính = trong độ tuổi − đã được cấp.',
            'No "Chưa được cấp" column: computed as of age − issued.',
            row=header.first_row,
        )
    if header.ignored:
        listed = ", ".join(f'"{t}"' for t in header.ignored)
        reader.warn(
            f"Các cột không dùng: {listed}.", f"Columns not used: {listed}.", row=header.first_row
        )


def _collect_rows(
    grid: Grid, header: _Header, reader: _Reader
) -> tuple[list[_Raw], list[_Raw], list[_Raw]]:
    """Split the rows under the header into data rows, total rows and subtotal rows (each data
    row knows the subtotal row it falls under); skip notes and blanks."""
    data: list[_Raw] = []
    totals: list[_Raw] = []
    districts: list[_Raw] = []
    groups: list[_Raw] = []
    skipped: list[str] = []
    first = True
    district = ""
    for line, cells in grid[header.last_index + 1 :]:
        if not any(_cell_text(c) for c in cells):
            continue
        if first and _is_column_numbers(cells, header):
            first = False
            continue
        first = False
        raw = _parse_row(line, cells, header, reader)
        if is_total_name(raw.name):
            (districts if is_district_label(raw.name) else totals).append(raw)
            district = raw.name if is_district_label(raw.name) else ""
        elif not _has_figures(raw):
            skipped.append(f'{line} ("{_short(cells)}")')
        elif _ROMAN_RE.match(raw.stt):
            _warn_group_row(raw, reader)
            groups.append(raw)
        elif not raw.name:
            reader.err(
                "Dòng có số liệu nhưng không có tên đơn vị.",
                "Row has figures but no unit name.",
                row=line,
                field=header.texts.get("name", ""),
            )
        else:
            raw.district = district
            data.append(raw)
    if skipped:
        reader.warn(
            f"Bỏ qua các dòng không có số liệu: {', '.join(skipped)}.",
            f"Skipped rows without figures: {', '.join(skipped)}.",
        )
    if not data and not reader.has_errors():
        reader.err(
            "Bảng không có dòng số liệu nào dưới dòng tiêu đề.",
            "The table has no data rows under the header.",
            row=header.first_row,
        )
    if len(districts) == 1 and not totals:
        # The only district row, no other total ("Huyện Đak Đoa"): the table's total, naming
        # the district of every row above or below it.
        for raw in data:
            raw.district = districts[0].name
        return data, districts, groups
    return data, totals, sorted([*districts, *groups], key=lambda g: g.row)


def _short(cells: Sequence[Cell]) -> str:
    """The first non-empty text of a row, cut to 40 characters."""
    text = next((_cell_text(c) for c in cells if _cell_text(c)), "")
    return text if len(text) <= 40 else text[:39] + "…"


def _warn_group_row(raw: _Raw, reader: _Reader) -> None:
    """Rows numbered I, II... with figures are group subtotals, not units."""
    reader.warn(
        f'Dòng STT "{raw.stt}" ("{raw.name}") được coi là dòng cộng nhóm, không phải một đơn vị.',
        f'Row numbered "{raw.stt}" ("{raw.name}") is taken as a group subtotal, not a unit.',
        row=raw.row,
    )


def _finish_row(raw: _Raw, header: _Header, reader: _Reader) -> TableRow:
    """Build the TableRow: compute a missing "not issued", check signs and ordering."""
    v = raw.values
    of_age, issued, not_issued = v.get("of_age"), v.get("issued"), v.get("not_issued")
    if not_issued is None and of_age is not None and issued is not None and issued <= of_age:
        not_issued = of_age - issued
        if "not_issued" in header.columns:
            reader.warn(
                f"Ô chưa cấp trống: đã tính {format_vn(of_age)} − {format_vn(issued)} = "
                f"{format_vn(not_issued)}.",
                f"Not-issued cell empty: computed {of_age:,} − {issued:,} = {not_issued:,}.",
                row=raw.row,
                field=header.texts["not_issued"],
            )
    reasons = {NonCollectableReason(f): n for f in REASON_FIELDS if (n := v.get(f)) is not None}
    pct = _pct_as_percent(raw.pct, of_age, not_issued)
    return TableRow(
        raw.row,
        raw.stt,
        raw.name,
        raw.code,
        of_age,
        issued,
        not_issued,
        pct,
        reasons,
        v.get("priority"),
        raw.province,
        v.get("teams"),
        raw.district,
    )


def _pct_as_percent(pct: float | None, of_age: int | None, not_issued: int | None) -> float | None:
    """A share written as a fraction (0.0506 for 5.06%) is scaled when only that reading fits."""
    if pct is None or not of_age or not_issued is None:
        return pct
    calc = 100.0 * not_issued / of_age
    if abs(pct - calc) > PCT_TOLERANCE and abs(100 * pct - calc) <= PCT_TOLERANCE:
        return round(100 * pct, 10)
    return pct


def _check_rows(
    rows: Sequence[TableRow], total: TableRow | None, header: _Header, reader: _Reader
) -> None:
    """All row checks, duplicate names and codes, and the total row against the sum of rows."""
    for r in (*rows, *([total] if total else [])):
        _check_row(r, header, reader)
    _check_duplicates(rows, header, reader)
    if total is not None:
        _check_total(rows, total, header, reader)


def _check_row(r: TableRow, header: _Header, reader: _Reader) -> None:
    """Figures of one row: required, consistent, within bounds."""
    t = header.texts
    if r.of_age is not None and r.issued is not None and r.issued > r.of_age:
        reader.err(
            f'"{r.name}": số đã cấp {format_vn(r.issued)} lớn hơn số trong độ tuổi '
            f"{format_vn(r.of_age)}.",
            f'"{r.name}": issued {r.issued:,} exceeds of age {r.of_age:,}.',
            row=r.row,
            field=t.get("issued", ""),
            fix_vi="Kiểm tra lại hai cột này.",
            fix_en="Check these two columns.",
        )
        return
    if r.not_issued is None:
        reader.err(
            f'Thiếu số chưa cấp của "{r.name}".',
            f'No not-issued figure for "{r.name}".',
            row=r.row,
            field=t.get("not_issued", ""),
            fix_vi="Điền số chưa cấp (hoặc số trong độ tuổi và số đã cấp).",
            fix_en="Fill in the not-issued figure (or of-age and issued).",
        )
        return
    _check_consistency(r, header, reader)


def _check_consistency(r: TableRow, header: _Header, reader: _Reader) -> None:
    """Not issued = of age − issued; percent matches; reasons within not issued; priority ≥ 1."""
    t = header.texts
    assert r.not_issued is not None
    if r.of_age is not None and r.issued is not None and r.of_age - r.issued != r.not_issued:
        reader.warn(
            f'"{r.name}": chưa cấp {format_vn(r.not_issued)} khác trong độ tuổi '
            f"{format_vn(r.of_age)} − đã cấp {format_vn(r.issued)} = "
            f"{format_vn(r.of_age - r.issued)}.",
            f'"{r.name}": not issued '
            f"{r.not_issued:,} differs from of age {r.of_age:,} − issued {r.issued:,} = "
            f"{r.of_age - r.issued:,}.",
            row=r.row,
            field=t.get("not_issued", ""),
        )
    _check_pct(r, header, reader)
    if sum(r.non_collectable.values()) > r.not_issued:
        reader.err(
            f'"{r.name}": tổng số không thu nhận được '
            f"{format_vn(sum(r.non_collectable.values()))} lớn hơn số chưa cấp "
            f"{format_vn(r.not_issued)}.",
            f'"{r.name}": non-collectable total '
            f"{sum(r.non_collectable.values()):,} exceeds not issued {r.not_issued:,}.",
            row=r.row,
        )
    if r.priority is not None and r.priority < 1:
        reader.err(
            f'"{r.name}": mức ưu tiên phải từ 1 trở lên.',
            f'"{r.name}": priority must be at least 1.',
            row=r.row,
            field=t.get("priority", ""),
        )


def _check_pct(r: TableRow, header: _Header, reader: _Reader) -> None:
    """Warn when the printed percentage differs from not issued ÷ of age by over 0.05 points."""
    if r.pct_not_issued is None or not r.of_age or r.not_issued is None:
        return
    calc = 100.0 * r.not_issued / r.of_age
    given = r.pct_not_issued
    if abs(given - calc) <= PCT_TOLERANCE:
        return
    reader.warn(
        f'"{r.name}": tỷ lệ ghi {format_pct_vn(given)} nhưng tính được {format_pct_vn(calc)} '
        f"({format_vn(r.not_issued)}/{format_vn(r.of_age)}).",
        f'"{r.name}": percentage '
        f"given {given:.2f}% but computed {calc:.2f}% ({r.not_issued:,}/{r.of_age:,}).",
        row=r.row,
        field=header.texts["pct_not_issued"],
    )


def _check_duplicates(rows: Sequence[TableRow], header: _Header, reader: _Reader) -> None:
    """The same unit twice is an error naming both rows: same code, or same name key with the
    same prefix or no prefix on one of them ("Xã X" and "Thị trấn X" are different units). In a
    national table names repeat within a province only, and rows with different codes are
    different units; under two district subtotal rows one name is two units too."""
    by_key: dict[str, list[TableRow]] = {}
    for r in rows:
        place = name_key("Xã " + r.province) if reader.national else ""
        place += "|" + name_key("Xã " + r.district) if r.district else ""
        group = by_key.setdefault(place + "|" + name_key(r.name), [])
        prefix = split_prefix(r.name)[0]
        other = next(
            (
                o
                for o in group
                if (not prefix or split_prefix(o.name)[0] in ("", prefix))
                and not (reader.national and r.code and o.code and r.code != o.code)
            ),
            None,
        )
        if other is not None:
            _duplicate(r, other, "name", header, reader)
        group.append(r)
    codes: dict[str, TableRow] = {}
    for r in rows:
        if r.code and (first := codes.setdefault(r.code, r)) is not r:
            _duplicate(r, first, "code", header, reader)


def _duplicate(r: TableRow, other: TableRow, what: str, header: _Header, reader: _Reader) -> None:
    """Record a duplicate-unit error."""
    if what == "name":
        vi = f'Tên đơn vị "{r.name}" trùng với dòng {other.row} ("{other.name}").'
        en = f'Unit name "{r.name}" repeats row {other.row} ("{other.name}").'
    else:
        vi = f'Mã "{r.code}" của "{r.name}" trùng với dòng {other.row} ("{other.name}").'
        en = f'Code "{r.code}" of "{r.name}" repeats row {other.row} ("{other.name}").'
    reader.err(
        vi,
        en,
        row=r.row,
        field=header.texts.get(what, ""),
        fix_vi="Mỗi đơn vị chỉ một dòng: gộp hoặc sửa dòng trùng.",
        fix_en="One row per unit: merge or correct the repeated row.",
    )


def _check_total(
    rows: Sequence[TableRow], total: TableRow, header: _Header, reader: _Reader
) -> None:
    """Warn, for each count column, when the total row differs from the sum of the rows."""
    for fld in (*COUNT_FIELDS, *REASON_FIELDS):
        if fld not in header.columns and fld != "not_issued":
            continue
        given = _figure(total, fld)
        figures = [_figure(r, fld) for r in rows]
        if given is None or any(f is None for f in figures):
            continue
        summed = sum(f for f in figures if f is not None)
        if summed != given:
            column = header.texts.get(fld, fld)
            reader.warn(
                f'Dòng tổng "{total.name}", cột "{column}": ghi {format_vn(given)} nhưng '
                f"cộng các dòng được {format_vn(summed)}.",
                f'Total row "{total.name}", '
                f'column "{column}": says {given:,} but the rows add up to {summed:,}.',
                row=total.row,
                field=column,
            )


def _check_groups(
    rows: Sequence[TableRow], groups: Sequence[TableRow], header: _Header, reader: _Reader
) -> None:
    """Warn, for each subtotal row and count column, when it differs from the sum of its rows:
    a district's rows, or a numbered group's rows down to the next subtotal row."""
    for group in groups:
        if is_district_label(group.name):
            members = [r for r in rows if r.district == group.name and r.row > group.row]
        else:
            end = min((g.row for g in groups if g.row > group.row), default=None)
            members = [r for r in rows if r.row > group.row and (end is None or r.row < end)]
        if members:
            _check_total(members, group, header, reader)


def _figure(r: TableRow, fld: str) -> int | None:
    """A count field of a row by name (reasons by their enum value)."""
    if fld in REASON_FIELDS:
        return r.non_collectable.get(NonCollectableReason(fld))
    value: int | None = getattr(r, fld)
    return value
