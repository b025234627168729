"""The actual intake files: the append-only log a scenario keeps (``actuals.csv``) and the files
teams and communes report (CSV or Excel), read and written here; what may be recorded, and how a
correction replaces an entry, is the campaign's (:mod:`planning.campaign.actuals`).

The log has the columns of :data:`LOG_HEADER`: an entry is never edited or removed; a correction
is a new entry that names the entry it replaces (``replaces``). It is rewritten atomically
(temporary file + rename) with the old entries unchanged and the new ones at the end.

Reported files have the columns ``date,team_id,commune_code,applications`` — other tools write
them; keep these names — and may add ``point_id`` (the intake point the figure was taken at;
empty: the commune as a whole). The log gains a last column ``point_id`` once an entry names a
point; a log without it reads as before.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from pathlib import Path

from planning.domain import MAX_HEAD_COUNT, Visit
from planning.errors import InputError, Problem, error
from planning.formatting import from_spreadsheet_safe, spreadsheet_safe
from planning.io.encoding import decode_bytes
from planning.io.files import (
    InputFileKind,
    atomic_write_text,
    check_input_file,
    file_lock,
    read_input_bytes,
)
from planning.io.table import check_workbook
from planning.io.vn_numbers import NumberFormatError, parse_count

#: The log's file name in a campaign's folder (:func:`planning.campaign.workspace.actuals_file`).
ACTUALS_FILE = "actuals.csv"
LOG_HEADER = (
    "entry",
    "recorded_at",
    "date",
    "team_id",
    "commune_code",
    "applications",
    "replaces",
    "note",
)
IMPORT_COLUMNS = ("date", "team_id", "commune_code", "applications")
#: The column a log or a reported file adds when figures are recorded per intake point.
POINT_COLUMN = "point_id"
MAX_IMPORT_BYTES = 5_000_000
#: The intake log is refused above this size (a year of 200 teams' days is about 5 MB).
MAX_LOG_BYTES = 50_000_000
ACTUALS_LOG_FILE = InputFileKind(
    what_vi="nhật ký số liệu thực tế",
    what_en="actual intake log",
    fix_too_big_vi="khôi phục tệp từ bản sao lưu; không sửa tay nhật ký",
    fix_too_big_en="restore the file from a backup; do not edit the log by hand",
)
#: How messages name a reported actuals file, and the fixes they suggest.
ACTUALS_IMPORT_FILE = InputFileKind(
    fix_missing_vi="kiểm tra đường dẫn",
    fix_missing_en="check the path",
    empty_vi="tệp rỗng",
    empty_en="the file is empty",
    fix_empty_vi="cần dòng tiêu đề: " + ",".join(IMPORT_COLUMNS),
    fix_empty_en="needs a header: " + ",".join(IMPORT_COLUMNS),
    fix_too_big_vi="tách theo tuần",
    fix_too_big_en="split it by week",
)


@dataclass(frozen=True)
class ActualEntry:
    """One line of the log: applications actually taken, or a correction of an earlier line."""

    entry: int
    recorded_at: str
    date: dt.date
    team_id: str
    commune_code: str
    applications: int
    replaces: int | None = None
    note: str = ""
    #: The intake point (empty: the commune as a whole, or its only point).
    point_id: str = ""

    @property
    def key(self) -> tuple[dt.date, str, str, str]:
        """(date, team, commune, point): two effective entries with the same key are
        duplicates."""
        return (self.date, self.team_id, self.commune_code, self.point_id or self.commune_code)

    def as_visit(self) -> Visit:
        """The entry as a visit with its actual applications."""
        return Visit(self.team_id, self.date, self.commune_code, self.applications, self.point_id)


@dataclass(frozen=True)
class ActualsLog:
    """The whole log of a scenario, in the order entries were recorded."""

    entries: tuple[ActualEntry, ...] = ()
    #: Warnings of the last recording (e.g. a total above the collectable backlog); not stored.
    warnings: tuple[Problem, ...] = field(default=(), compare=False)
    #: Entries someone else recorded since the page showed the log, which the last recording
    #: was merged with (none overlapped it); not stored.
    merged: tuple[ActualEntry, ...] = field(default=(), compare=False)

    def effective(self) -> list[ActualEntry]:
        """Entries that no later correction replaces."""
        replaced = {e.replaces for e in self.entries if e.replaces is not None}
        return [e for e in self.entries if e.entry not in replaced]

    def visits(self) -> list[Visit]:
        """Effective entries as visits."""
        return [e.as_visit() for e in self.effective()]

    def totals_by_commune(self, until: dt.date | None = None) -> dict[str, int]:
        """Applications actually taken per commune (up to ``until`` inclusive, if given)."""
        totals: dict[str, int] = {}
        for e in self.effective():
            if until is None or e.date <= until:
                totals[e.commune_code] = totals.get(e.commune_code, 0) + e.applications
        return totals

    def next_entry(self) -> int:
        """Number of the next entry."""
        return max((e.entry for e in self.entries), default=0) + 1


# --- the log file -------------------------------------------------------------------------------


def log_fingerprint(path: Path) -> str:
    """Hash of the log file, for the no-lost-update check."""
    data = path.read_bytes() if path.exists() else b""
    return hashlib.sha256(data).hexdigest()[:16]


def _log_problem(path: Path, line: int, detail: str) -> Problem:
    return error(
        f"dòng nhật ký hỏng: {detail}",
        f"damaged log line: {detail}",
        file=str(path),
        row=line,
        fix_vi="khôi phục tệp từ bản sao lưu; không sửa tay nhật ký",
        fix_en="restore the file from a backup; do not edit the log by hand",
    )


def read_actuals_log(path: Path) -> ActualsLog:
    """Read a scenario's log (an empty log when the file does not exist yet)."""
    if not path.exists():
        return ActualsLog()
    data = read_input_bytes(path, MAX_LOG_BYTES, ACTUALS_LOG_FILE)
    reader = csv.DictReader(io.StringIO(data.decode("utf-8")))
    if tuple(reader.fieldnames or ()) not in (LOG_HEADER, (*LOG_HEADER, POINT_COLUMN)):
        raise InputError([_log_problem(path, 1, f"tiêu đề {reader.fieldnames}")])
    entries = []
    for line, row in enumerate(reader, start=2):
        try:
            entries.append(
                ActualEntry(
                    entry=int(row["entry"]),
                    recorded_at=row["recorded_at"],
                    date=dt.date.fromisoformat(row["date"]),
                    team_id=from_spreadsheet_safe(row["team_id"]),
                    commune_code=from_spreadsheet_safe(row["commune_code"]),
                    applications=int(row["applications"]),
                    replaces=int(row["replaces"]) if row["replaces"] else None,
                    note=from_spreadsheet_safe(row["note"] or ""),
                    point_id=from_spreadsheet_safe(row.get(POINT_COLUMN) or ""),
                )
            )
        except (ValueError, TypeError) as exc:
            raise InputError([_log_problem(path, line, str(exc))]) from None
    return ActualsLog(tuple(entries))


def _log_text(log: ActualsLog) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    points = any(e.point_id and e.point_id != e.commune_code for e in log.entries)
    writer.writerow((*LOG_HEADER, POINT_COLUMN) if points else LOG_HEADER)
    for e in log.entries:
        row: list[object] = [
            e.entry,
            e.recorded_at,
            e.date.isoformat(),
            spreadsheet_safe(e.team_id),
            spreadsheet_safe(e.commune_code),
            e.applications,
            "" if e.replaces is None else e.replaces,
            spreadsheet_safe(e.note),
        ]
        if points:
            row.append(spreadsheet_safe(e.point_id if e.point_id != e.commune_code else ""))
        writer.writerow(row)
    return buffer.getvalue()


def write_actuals_log(path: Path, log: ActualsLog) -> None:
    """Rewrite the log atomically (old entries unchanged, new ones at the end)."""
    atomic_write_text(path, _log_text(log))


def actuals_log_lock(path: Path) -> AbstractContextManager[None]:
    """An exclusive lock on ``<log>.lock``, so a check-then-write is one step."""
    return file_lock(path.with_name(path.name + ".lock"))


# --- a reported file ------------------------------------------------------------------------------


def _parse_date(text: str) -> dt.date:
    text = text.strip()
    for fmt in ("%Y-%m-%d", "%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(text)


def _unreadable_workbook(source: str) -> InputError:
    return InputError(
        [
            error(
                "không đọc được tệp Excel",
                "cannot read the Excel file",
                file=source,
                fix_vi="mở bằng Excel và lưu lại dạng .xlsx",
                fix_en="open it in Excel and save as .xlsx",
            )
        ]
    )


def _grid_from_file(path: Path, source: str) -> list[list[object]]:
    suffix = path.suffix.lower()
    if suffix == ".xlsx":
        from openpyxl import load_workbook

        check_workbook(path, source, _unreadable_workbook)
        try:
            sheet = load_workbook(path, read_only=True, data_only=True).worksheets[0]
        except Exception:  # openpyxl raises many types for a broken file
            raise _unreadable_workbook(source) from None
        return [list(row) for row in sheet.iter_rows(values_only=True)]
    if suffix not in (".csv", ".tsv", ".txt"):
        raise InputError(
            [
                error(
                    f"định dạng “{suffix}” không hỗ trợ",
                    f"unsupported format {suffix}",
                    file=source,
                    fix_vi="dùng CSV (UTF-8) hoặc Excel .xlsx",
                    fix_en="use CSV (UTF-8) or Excel .xlsx",
                )
            ]
        )

    text, _ = decode_bytes(
        read_input_bytes(path, MAX_IMPORT_BYTES, ACTUALS_IMPORT_FILE, source), source
    )
    if not text.strip():
        return []
    delimiter = (
        "\t"
        if suffix == ".tsv" or "\t" in text.splitlines()[0]
        else (";" if ";" in text.splitlines()[0] else ",")
    )
    return [list(r) for r in csv.reader(io.StringIO(text), delimiter=delimiter)]


def _cell_text(value: object) -> str:
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return "" if value is None else str(value).strip()


def _parse_row(
    cells: dict[str, str], line: int, source: str, problems: list[Problem]
) -> Visit | None:

    before = len(problems)
    try:
        day = _parse_date(cells["date"])
    except ValueError:
        problems.append(
            error(
                f"“{cells['date']}” không phải ngày",
                f"“{cells['date']}” is not a date",
                file=source,
                row=line,
                field="date",
                fix_vi="viết 2022-12-08 hoặc 08/12/2022",
                fix_en="write 2022-12-08 or 08/12/2022",
            )
        )
    try:
        count = parse_count(cells["applications"])
    except NumberFormatError:
        count = None
    if count is None:
        problems.append(
            error(
                f"“{cells['applications']}” không phải số hồ sơ",
                f"“{cells['applications']}” is not a number of applications",
                file=source,
                row=line,
                field="applications",
                fix_vi=f"ghi số nguyên từ 0 đến {MAX_HEAD_COUNT:,}".replace(",", "."),
                fix_en=f"write a whole number from 0 to {MAX_HEAD_COUNT:,}",
            )
        )
    for column in ("team_id", "commune_code"):
        if not cells[column]:
            problems.append(
                error(
                    "ô bắt buộc đang trống",
                    "required cell is empty",
                    file=source,
                    row=line,
                    field=column,
                    fix_vi="điền giá trị",
                    fix_en="fill it in",
                )
            )
    if len(problems) > before:
        return None
    assert count is not None
    return Visit(cells["team_id"], day, cells["commune_code"], count, cells.get(POINT_COLUMN, ""))


def parse_actuals_file(path: Path, display_name: str = "") -> tuple[list[Visit], list[int]]:
    """Read a reported actuals file into visits and their row numbers; errors name row and field.

    Messages name the file ``display_name`` (an uploaded file's own name) or else ``path``.
    """
    source = display_name or str(path)
    check_input_file(path, MAX_IMPORT_BYTES, ACTUALS_IMPORT_FILE, source)
    grid = [[_cell_text(c) for c in row] for row in _grid_from_file(path, source)]
    grid = [row for row in grid if any(row)]
    if not grid:
        raise InputError(
            [
                error(
                    ACTUALS_IMPORT_FILE.empty_vi,
                    ACTUALS_IMPORT_FILE.empty_en,
                    file=source,
                    fix_vi=ACTUALS_IMPORT_FILE.fix_empty_vi,
                    fix_en=ACTUALS_IMPORT_FILE.fix_empty_en,
                )
            ]
        )
    header = [h.strip().lower() for h in grid[0]]
    missing = [c for c in IMPORT_COLUMNS if c not in header]
    if missing:
        raise InputError(
            [
                error(
                    f"thiếu cột: {', '.join(missing)}",
                    f"missing columns: {missing}",
                    file=source,
                    row=1,
                    fix_vi="dòng tiêu đề phải có: " + ",".join(IMPORT_COLUMNS),
                    fix_en="the header must have: " + ",".join(IMPORT_COLUMNS),
                )
            ]
        )
    problems: list[Problem] = []
    visits, rows = [], []
    for line, row in enumerate(grid[1:], start=2):
        columns = [*IMPORT_COLUMNS, *((POINT_COLUMN,) if POINT_COLUMN in header else ())]
        cells = {c: (row[header.index(c)] if header.index(c) < len(row) else "") for c in columns}
        visit = _parse_row(cells, line, source, problems)
        if visit is not None:
            visits.append(visit)
            rows.append(line)
    if problems:
        raise InputError(problems)
    return visits, rows
