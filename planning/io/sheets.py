"""The cells of a small table a planner gives: CSV/TSV text (any common encoding, the delimiter
found from the first line) or the first sheet of an Excel workbook, bounded in rows and columns.

One reader for the planner's small tables (the teams file, the intake points file): each reader
then checks its own header and rows.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from planning.errors import InputError, error
from planning.io.encoding import decode_bytes
from planning.io.files import InputFileKind, check_input_file

#: File endings read as text and as Excel workbooks.
TEXT_SUFFIXES = (".csv", ".tsv", ".txt")
EXCEL_SUFFIXES = (".xlsx", ".xlsm")


def _problem(file: str, vi: str, en: str, fix_vi: str, fix_en: str) -> InputError:
    return InputError([error(vi, en, file=file, fix_vi=fix_vi, fix_en=fix_en)])


def read_grid(
    path: Path, kind: InputFileKind, max_bytes: int, max_rows: int, max_columns: int
) -> list[list[object]]:
    """The cells of ``path`` (at most ``max_rows`` rows of ``max_columns`` cells): a text file
    (.csv/.tsv/.txt) or the first sheet of an .xlsx workbook. :class:`InputError` for a missing,
    empty, oversized, damaged or other kind of file."""
    check_input_file(path, max_bytes, kind, path.name)
    suffix = path.suffix.lower()
    if suffix in EXCEL_SUFFIXES:
        return _xlsx_rows(path, max_rows, max_columns)
    if suffix not in TEXT_SUFFIXES:
        raise _problem(
            path.name,
            f"Không đọc được tệp đuôi “{path.suffix}”.",
            f"Cannot read a file ending in “{path.suffix}”.",
            "dùng tệp .csv (UTF-8) hoặc .xlsx",
            "use a .csv (UTF-8) or .xlsx file",
        )
    text, _ = decode_bytes(path.read_bytes(), path.name)
    first = next((line for line in text.splitlines() if line.strip()), "")
    delimiter = "\t" if "\t" in first else (";" if first.count(";") > first.count(",") else ",")
    rows = list(csv.reader(io.StringIO(text, newline=""), delimiter=delimiter))
    return [list(r[:max_columns]) for r in rows[:max_rows]]


def _xlsx_rows(path: Path, max_rows: int, max_columns: int) -> list[list[object]]:
    """The first sheet's values, at most ``max_rows`` rows and ``max_columns`` columns."""
    import openpyxl

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception:
        raise _problem(
            path.name,
            "Tệp Excel bị hỏng hoặc không phải .xlsx.",
            "The Excel file is damaged or not an .xlsx file.",
            "mở bằng Excel và lưu lại thành .xlsx, hoặc xuất ra CSV UTF-8",
            "open it in Excel and save as .xlsx again, or export as CSV UTF-8",
        ) from None
    sheet = book.worksheets[0]
    rows = [
        list(values)
        for values in sheet.iter_rows(max_row=max_rows, max_col=max_columns, values_only=True)
    ]
    book.close()
    return rows
