"""Actual intake: what the teams really took, per date, team and commune.

Records are kept with the scenario in ``actuals.csv``, an **append-only log**: an entry is never
edited or removed; a correction is a new entry that names the entry it replaces. The file is
rewritten atomically (temporary file + rename) with the old entries unchanged and the new ones at
the end, so a crash leaves the previous log intact, and a version check refuses a save when
someone else recorded entries in between.

Imported files (CSV or Excel, as teams and communes report them) have the columns
``date,team_id,commune_code,applications`` — other tools write them; keep these names.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
from collections.abc import Iterable, Sequence
from contextlib import AbstractContextManager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Literal

from planning.domain import MAX_HEAD_COUNT, Scenario, Visit
from planning.errors import InputError, Problem, error, warning
from planning.formatting import from_spreadsheet_safe, spreadsheet_safe
from planning.io.files import (
    InputFileKind,
    atomic_write_text,
    check_input_file,
    file_lock,
    read_input_bytes,
)

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
OnDuplicate = Literal["ask", "replace", "add"]
#: The note of an entry typed in the app (the log keeps notes in Vietnamese; pages show them in
#: the reader's language: :func:`planning.report.progress_views.note_text`).
FORM_NOTE = "nhập trên ứng dụng"


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

    @property
    def key(self) -> tuple[dt.date, str, str]:
        """(date, team, commune): two effective entries with the same key are duplicates."""
        return (self.date, self.team_id, self.commune_code)

    def as_visit(self) -> Visit:
        """The entry as a visit with its actual applications."""
        return Visit(self.team_id, self.date, self.commune_code, self.applications)


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


class DuplicateActualsError(Exception):
    """New records repeat (date, team, commune) of recorded ones: the user must choose."""

    def __init__(self, pairs: Sequence[tuple[Visit, ActualEntry]]) -> None:
        self.pairs = tuple(pairs)
        keys = ", ".join(f"{v.date:%d/%m/%Y} {v.team_id} {v.commune_code}" for v, _ in self.pairs)
        super().__init__(
            f"Đã có số liệu cho: {keys}. Chọn 'thay thế' (ghi bản sửa) hoặc 'cộng thêm'. / "
            f"Already recorded: {keys}. Choose replace (a correction) or add."
        )


class ActualsChangedError(Exception):
    """Someone else recorded entries since this log was read (``overlaps``: those about the
    same date, team and commune, when merging was asked for): nothing was written."""

    def __init__(self, path: str, overlaps: Sequence[ActualEntry] = ()) -> None:
        self.overlaps = tuple(overlaps)
        super().__init__(path)


def overlapping_entries(
    log: ActualsLog, seen_entries: int, keys: Iterable[tuple[dt.date, str, str]]
) -> list[ActualEntry]:
    """Entries recorded after the first ``seen_entries`` (by someone else, since the page
    showed the log) about one of ``keys`` (date, team, commune), or correcting such an entry.
    New records that touch none of them can be merged with them safely."""
    wanted = set(keys)
    by_number = {e.entry: e for e in log.entries}
    out = []
    for entry in log.entries[seen_entries:]:
        corrected = by_number.get(entry.replaces) if entry.replaces is not None else None
        if entry.key in wanted or (corrected is not None and corrected.key in wanted):
            out.append(entry)
    return out


# --- the log file -------------------------------------------------------------------------------


def actuals_path(scenario_toml: Path) -> Path:
    """Where a scenario's actuals log lives (beside its TOML file)."""
    folder = scenario_toml if scenario_toml.is_dir() else scenario_toml.parent
    return folder / ACTUALS_FILE


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
    if tuple(reader.fieldnames or ()) != LOG_HEADER:
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
                )
            )
        except (ValueError, TypeError) as exc:
            raise InputError([_log_problem(path, line, str(exc))]) from None
    return ActualsLog(tuple(entries))


def _log_text(log: ActualsLog) -> str:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(LOG_HEADER)
    for e in log.entries:
        writer.writerow(
            [
                e.entry,
                e.recorded_at,
                e.date.isoformat(),
                spreadsheet_safe(e.team_id),
                spreadsheet_safe(e.commune_code),
                e.applications,
                "" if e.replaces is None else e.replaces,
                spreadsheet_safe(e.note),
            ]
        )
    return buffer.getvalue()


# --- validation ---------------------------------------------------------------------------------


def validate_actuals(
    records: Sequence[Visit],
    scenario: Scenario,
    today: dt.date,
    log: ActualsLog,
    source: str = "",
    rows: Sequence[int] | None = None,
    replacing: Iterable[int] = (),
) -> list[Problem]:
    """Problems of new records: unknown commune or team, future date, totals above what was
    outstanding (``not_issued``: error; above the collectable backlog: warning)."""
    problems: list[Problem] = []
    codes = {c.code for c in scenario.communes}
    teams = {t.team_id for t in scenario.teams}
    row_of = list(rows) if rows is not None else [None] * len(records)
    for visit, row in zip(records, row_of, strict=True):
        where = {"file": source, "row": row}
        if visit.commune_code not in codes:
            problems.append(
                error(
                    f"không có xã mã “{visit.commune_code}” trong kịch bản",
                    f"unknown commune code “{visit.commune_code}”",
                    field="commune_code",
                    fix_vi="dùng mã xã của kịch bản",
                    fix_en="use a commune code of the scenario",
                    **where,
                )
            )
        if visit.team_id not in teams:
            problems.append(
                error(
                    f"không có tổ “{visit.team_id}”",
                    f"unknown team “{visit.team_id}”",
                    field="team_id",
                    fix_vi="dùng id tổ: " + ", ".join(sorted(teams)),
                    fix_en="use a team id: " + ", ".join(sorted(teams)),
                    **where,
                )
            )
        if visit.date > today:
            problems.append(
                error(
                    f"ngày {visit.date:%d/%m/%Y} ở tương lai (hôm nay {today:%d/%m/%Y})",
                    f"date {visit.date} is in the future (today {today})",
                    field="date",
                    fix_vi="chỉ ghi số đã thu nhận",
                    fix_en="record only what was actually taken",
                    **where,
                )
            )
        if visit.applications < 0 or visit.applications > MAX_HEAD_COUNT:
            problems.append(
                error(
                    "số hồ sơ âm" if visit.applications < 0 else "số hồ sơ quá lớn",
                    "negative applications" if visit.applications < 0 else "too many applications",
                    field="applications",
                    fix_vi=f"ghi số từ 0 đến {MAX_HEAD_COUNT:,}".replace(",", "."),
                    fix_en=f"write a number from 0 to {MAX_HEAD_COUNT:,}",
                    **where,
                )
            )
    problems.extend(_total_problems(records, scenario, log, source, set(replacing)))
    return problems


def _total_problems(
    records: Sequence[Visit], scenario: Scenario, log: ActualsLog, source: str, replacing: set[int]
) -> list[Problem]:
    totals: dict[str, int] = {}
    for e in log.effective():
        if e.entry not in replacing:
            totals[e.commune_code] = totals.get(e.commune_code, 0) + e.applications
    for v in records:
        totals[v.commune_code] = totals.get(v.commune_code, 0) + v.applications
    problems = []
    for commune in scenario.communes:
        total = totals.get(commune.code, 0)
        if total > commune.not_issued:
            problems.append(
                error(
                    f"{commune.name}: tổng đã thu nhận {total} "
                    f"vượt số chưa cấp {commune.not_issued}",
                    f"{commune.name}: total taken {total} exceeds not issued {commune.not_issued}",
                    file=source,
                    field="applications",
                    fix_vi="kiểm tra số liệu (nhập trùng?) hoặc cập nhật số chưa cấp của xã",
                    fix_en="check the figures (entered twice?) or update the commune's backlog",
                )
            )
        elif total > commune.collectable_backlog:
            problems.append(
                warning(
                    f"{commune.name}: tổng đã thu nhận {total} vượt số cần thu nhận "
                    f"{commune.collectable_backlog} "
                    "(có người thuộc diện 'không thể thu nhận' đã đến)",
                    f"{commune.name}: total taken {total} exceeds the collectable backlog "
                    f"{commune.collectable_backlog}",
                    file=source,
                    field="applications",
                )
            )
    return problems


#: What to do with rows of one reported file that repeat a date, team and commune: refuse the
#: file (``error``, the default: the same report pasted twice is a mistake to look at), keep
#: the last such row (``replace``: a corrected figure below the first) or count them all (``add``:
#: two reports of one day, e.g. morning and afternoon).
RepeatedRows = Literal["error", "replace", "add"]
REPEATED_ROWS_CHOICES: tuple[RepeatedRows, ...] = ("error", "replace", "add")


def resolve_repeated_rows(
    visits: Sequence[Visit], rows: Sequence[int], how: RepeatedRows, source: str
) -> tuple[list[Visit], list[int]]:
    """The visits of one file with its repeated (date, team, commune) rows handled by ``how``.

    Raises :class:`InputError` naming every repeated row when ``how`` is ``error``.
    """
    groups: dict[tuple[dt.date, str, str], list[int]] = {}
    for i, v in enumerate(visits):
        groups.setdefault((v.date, v.team_id, v.commune_code), []).append(i)
    repeated = {key: idx for key, idx in groups.items() if len(idx) > 1}
    if not repeated or how == "add":
        return list(visits), list(rows)
    if how == "error":
        raise InputError(
            error(
                f"dòng {', '.join(str(rows[i]) for i in idx)} cùng ngày, tổ và xã "
                f"({day:%d/%m/%Y}, {team}, {commune}): số liệu bị nhập trùng?",
                f"rows {', '.join(str(rows[i]) for i in idx)} have the same date, team and "
                f"commune ({day:%d/%m/%Y}, {team}, {commune}): entered twice?",
                file=source,
                row=rows[idx[-1]],
                field="date, team_id, commune_code",
                fix_vi="xoá dòng trùng hoặc gộp thành một dòng (lệnh replan: --duplicates "
                "replace giữ dòng sau, --duplicates add cộng cả hai)",
                fix_en="delete the repeated row or merge them into one (replan command: "
                "--duplicates replace keeps the later row, --duplicates add counts both)",
            )
            for (day, team, commune), idx in repeated.items()
        )
    keep = sorted(idx[-1] for idx in groups.values())
    return [visits[i] for i in keep], [rows[i] for i in keep]


def find_duplicates(records: Sequence[Visit], log: ActualsLog) -> list[tuple[Visit, ActualEntry]]:
    """New records whose (date, team, commune) is already recorded."""
    by_key = {e.key: e for e in log.effective()}
    return [
        (v, by_key[(v.date, v.team_id, v.commune_code)])
        for v in records
        if (v.date, v.team_id, v.commune_code) in by_key
    ]


# --- recording ----------------------------------------------------------------------------------


def record_actuals(
    path: Path,
    scenario: Scenario,
    records: Sequence[Visit],
    today: dt.date,
    *,
    on_duplicate: OnDuplicate = "ask",
    note: str = "",
    source: str = "",
    rows: Sequence[int] | None = None,
    expected_fingerprint: str | None = None,
    seen_entries: int | None = None,
) -> ActualsLog:
    """Validate and append records to the log; return the new log.

    Raises :class:`InputError` (nothing written) on invalid records, :class:`DuplicateActualsError`
    when ``on_duplicate="ask"`` and a record repeats a recorded one, and
    :class:`ActualsChangedError` when the log changed since ``expected_fingerprint`` was taken —
    unless ``seen_entries`` (how many entries the log had then) is given and nothing recorded
    since overlaps the new records (:func:`overlapping_entries`): they are then checked against
    the log as it is now and appended after the others' entries (``merged`` of the result).
    """
    with _log_lock(path):
        return _record_locked(
            path,
            scenario,
            records,
            today,
            on_duplicate,
            note,
            source,
            rows,
            expected_fingerprint,
            seen_entries,
        )


def _log_lock(path: Path) -> AbstractContextManager[None]:
    """Hold an exclusive lock on ``<log>.lock`` so check-then-write is one step."""
    return file_lock(path.with_name(path.name + ".lock"))


def _record_locked(
    path: Path,
    scenario: Scenario,
    records: Sequence[Visit],
    today: dt.date,
    on_duplicate: OnDuplicate,
    note: str,
    source: str,
    rows: Sequence[int] | None,
    expected_fingerprint: str | None,
    seen_entries: int | None = None,
) -> ActualsLog:
    log = read_actuals_log(path)
    merged: tuple[ActualEntry, ...] = ()
    if expected_fingerprint is not None and log_fingerprint(path) != expected_fingerprint:
        if seen_entries is None or seen_entries > len(log.entries):
            raise ActualsChangedError(str(path))
        keys = [(v.date, v.team_id, v.commune_code) for v in records]
        overlaps = overlapping_entries(log, seen_entries, keys)
        if overlaps:
            raise ActualsChangedError(str(path), overlaps)
        merged = log.entries[seen_entries:]
    duplicates = find_duplicates(records, log)
    if duplicates and on_duplicate == "ask":
        raise DuplicateActualsError(duplicates)
    replacing = {id(v): old.entry for v, old in duplicates} if on_duplicate == "replace" else {}
    problems = validate_actuals(
        records, scenario, today, log, source, rows, replacing=replacing.values()
    )
    if any(p.is_error for p in problems):
        raise InputError(problems)
    stamp = dt.datetime.now().isoformat(timespec="seconds")
    entries = list(log.entries)
    number = log.next_entry()
    for visit in records:
        entries.append(
            ActualEntry(
                number,
                stamp,
                visit.date,
                visit.team_id,
                visit.commune_code,
                visit.applications,
                replacing.get(id(visit)),
                note,
            )
        )
        number += 1
    new_log = ActualsLog(tuple(entries), tuple(p for p in problems if not p.is_error), merged)
    atomic_write_text(path, _log_text(new_log))
    return new_log


def correct_entry(
    path: Path,
    scenario: Scenario,
    entry: int,
    applications: int,
    today: dt.date,
    note: str = "",
    *,
    expected_fingerprint: str | None = None,
    seen_entries: int | None = None,
) -> ActualsLog:
    """Record a correction of entry ``entry`` (a new entry that replaces it).

    ``expected_fingerprint`` and ``seen_entries`` work as in :func:`record_actuals` (no lost
    update; a correction of an entry nobody else touched since is merged).
    """
    with _log_lock(path):  # the entry read and the fingerprint of the same log
        seen = log_fingerprint(path)
        log = read_actuals_log(path)
    merged: tuple[ActualEntry, ...] = ()
    if expected_fingerprint is not None and seen != expected_fingerprint:
        target = next((e for e in log.entries if e.entry == entry), None)
        if seen_entries is None or target is None or seen_entries > len(log.entries):
            raise ActualsChangedError(str(path))
        overlaps = overlapping_entries(log, seen_entries, [target.key])
        if overlaps:
            raise ActualsChangedError(str(path), overlaps)
        merged = log.entries[seen_entries:]
    old = next((e for e in log.effective() if e.entry == entry), None)
    if old is None:
        raise InputError(
            [
                error(
                    f"không có mục số {entry} (hoặc đã được sửa)",
                    f"no current entry {entry}",
                    file=str(path),
                    field="entry",
                    fix_vi="chọn một mục còn hiệu lực",
                    fix_en="pick a current entry",
                )
            ]
        )
    visit = Visit(old.team_id, old.date, old.commune_code, applications)
    new_log = record_actuals(
        path,
        scenario,
        [visit],
        today,
        on_duplicate="replace",
        note=note or f"sửa mục {entry}",
        expected_fingerprint=seen,
        seen_entries=len(log.entries),
    )
    return replace(new_log, merged=(*merged, *new_log.merged))


# --- importing a reported file ------------------------------------------------------------------


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

        from planning.io.table import check_workbook

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
    from planning.io.encoding import decode_bytes

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
    from planning.io.vn_numbers import NumberFormatError, parse_count

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
    return Visit(cells["team_id"], day, cells["commune_code"], count)


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
        cells = {
            c: (row[header.index(c)] if header.index(c) < len(row) else "") for c in IMPORT_COLUMNS
        }
        visit = _parse_row(cells, line, source, problems)
        if visit is not None:
            visits.append(visit)
            rows.append(line)
    if problems:
        raise InputError(problems)
    return visits, rows


def import_actuals(
    path: Path,
    log_path: Path,
    scenario: Scenario,
    today: dt.date,
    on_duplicate: OnDuplicate = "ask",
    *,
    expected_fingerprint: str | None = None,
    display_name: str = "",
    seen_entries: int | None = None,
) -> ActualsLog:
    """Read a reported file and append it to the scenario's log (all or nothing).

    ``expected_fingerprint`` and ``seen_entries`` work as in :func:`record_actuals`;
    ``display_name`` is the name shown in messages and notes instead of ``path`` (an uploaded
    file's own name).
    """
    visits, rows = parse_actuals_file(path, display_name)
    visits, rows = resolve_repeated_rows(visits, rows, "error", display_name or str(path))
    return record_actuals(
        log_path,
        scenario,
        visits,
        today,
        on_duplicate=on_duplicate,
        note=f"nhập từ {display_name or path.name}",
        source=display_name or str(path),
        rows=rows,
        expected_fingerprint=expected_fingerprint,
        seen_entries=seen_entries,
    )
