"""The per-commune CSV of a scenario: read with row-level validation, write canonically.

This is the scenario's own data file (plain integers, ISO dates, UTF-8), not a printed office
table; printed tables go through :mod:`planning.io.table`. Row numbers in messages are line
numbers as a spreadsheet shows them (the header is row 1).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Callable
from pathlib import Path
from typing import TypeVar

from planning.domain import (
    MAX_HEAD_COUNT,
    VIETNAM_BOUNDS,
    Commune,
    GeoPoint,
    NonCollectableReason,
)
from planning.errors import InputError, Problem, error, warning
from planning.io.files import InputFileKind, read_input_bytes

REASON_COLUMNS: tuple[str, ...] = tuple(r.value for r in NonCollectableReason)
COLUMNS: tuple[str, ...] = (
    "code",
    "name",
    "aliases",
    "of_age",
    "issued",
    "not_issued",
    *REASON_COLUMNS,
    "priority",
    "daily_cap",
    "earliest_date",
    "blackout_dates",
    "venue_lat",
    "venue_lon",
    "venue_name",
    "estimated",
    "note",
)
REQUIRED_COLUMNS = ("code", "name", "not_issued")
ESTIMABLE_FIELDS = frozenset({"of_age", "issued", "not_issued", *REASON_COLUMNS})
MAX_ROWS = 20_000
#: Communes files larger than this are refused before they are read (20,000 rows fit in 10 MB).
MAX_COMMUNES_BYTES = 20_000_000
#: How messages name the communes CSV, and the fixes they suggest.
COMMUNES_FILE = InputFileKind(
    what_vi="tệp số liệu xã",
    what_en="communes file",
    fix_missing_vi="Đặt tệp cạnh tệp kịch bản, hoặc sửa khóa communes trong mục [scenario].",
    fix_missing_en="Put the file beside the scenario, or fix the communes key in [scenario].",
    empty_vi="tệp rỗng",
    empty_en="the file is empty",
    fix_empty_vi="tệp cần dòng tiêu đề và một dòng cho mỗi xã",
    fix_empty_en="it needs a header row and one row per commune",
)
T = TypeVar("T")


class _RowReader:
    """Parses the cells of one CSV row, collecting problems instead of stopping at the first."""

    def __init__(self, file: str, row_number: int, cells: dict[str, str]) -> None:
        self.file, self.row, self.cells = file, row_number, cells
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        return (self.cells.get(column) or "").strip()

    def _parse(
        self, column: str, parse: Callable[[str], T], what_vi: str, what_en: str
    ) -> T | None:
        raw = self.text(column)
        if raw == "":
            return None
        try:
            return parse(raw)
        except ValueError:
            self.problems.append(
                error(
                    f"“{raw}” không phải {what_vi}",
                    f"“{raw}” is not {what_en}",
                    file=self.file,
                    row=self.row,
                    field=column,
                    fix_vi=f"ghi {what_vi} hoặc để trống",
                    fix_en=f"write {what_en} or leave it empty",
                )
            )
            return None

    def count(self, column: str) -> int | None:
        value = self._parse(column, int, "số nguyên (ví dụ 2990, không dấu chấm)", "a whole number")
        if value is not None and value < 0:
            self.problems.append(
                error(
                    f"số âm: {value}",
                    f"negative count: {value}",
                    file=self.file,
                    row=self.row,
                    field=column,
                    fix_vi="số lượng phải ≥ 0",
                    fix_en="counts must be ≥ 0",
                )
            )
            return None
        if value is not None and value > MAX_HEAD_COUNT:
            self.problems.append(
                error(
                    f"số quá lớn: {value} (không xã nào có quá {MAX_HEAD_COUNT:,} người)".replace(
                        ",", "."
                    ),
                    f"count too large: {value} (no commune has over {MAX_HEAD_COUNT:,} people)",
                    file=self.file,
                    row=self.row,
                    field=column,
                    fix_vi="kiểm tra lại số (có thể gõ thừa chữ số)",
                    fix_en="check the figure (perhaps extra digits were typed)",
                )
            )
            return None
        return value

    def day(self, column: str) -> dt.date | None:
        return self._parse(
            column, dt.date.fromisoformat, "ngày dạng YYYY-MM-DD", "a YYYY-MM-DD date"
        )

    def days(self, column: str) -> frozenset[dt.date]:
        parts = [p.strip() for p in self.text(column).split(";") if p.strip()]
        found = set()
        for part in parts:
            try:
                found.add(dt.date.fromisoformat(part))
            except ValueError:
                self.problems.append(
                    error(
                        f"“{part}” không phải ngày dạng YYYY-MM-DD",
                        f"“{part}” is not a YYYY-MM-DD date",
                        file=self.file,
                        row=self.row,
                        field=column,
                        fix_vi="các ngày cách nhau bằng dấu ;",
                        fix_en="separate dates with ;",
                    )
                )
        return frozenset(found)

    def number(self, column: str) -> float | None:
        return self._parse(column, float, "số thập phân (dấu chấm)", "a decimal number")


def _venue(reader: _RowReader) -> GeoPoint | None:
    lat, lon = reader.number("venue_lat"), reader.number("venue_lon")
    if lat is None and lon is None:
        return None
    if lat is None or lon is None or not VIETNAM_BOUNDS.contains(lat, lon):
        reader.problems.append(
            error(
                f"toạ độ điểm tiếp nhận không nằm ở Việt Nam: {lat}, {lon}",
                f"venue coordinates are not in Vietnam: {lat}, {lon}",
                file=reader.file,
                row=reader.row,
                field="venue_lat/venue_lon",
                fix_vi=f"ghi toạ độ theo WGS84 ({VIETNAM_BOUNDS.ranges_vi()}), "
                "hoặc để trống cả hai",
                fix_en=f"give WGS84 coordinates ({VIETNAM_BOUNDS.ranges_en()}), "
                "or leave both empty",
            )
        )
        return None
    return GeoPoint(lat, lon)


def _check_figures(
    reader: _RowReader,
    of_age: int | None,
    issued: int | None,
    not_issued: int,
    non_collectable: dict[NonCollectableReason, int],
) -> None:
    where = {"file": reader.file, "row": reader.row}
    if of_age is not None and issued is not None:
        if issued > of_age:
            reader.problems.append(
                error(
                    f"số đã cấp ({issued}) lớn hơn số trong độ tuổi ({of_age})",
                    f"issued ({issued}) exceeds citizens of age ({of_age})",
                    field="issued",
                    fix_vi="kiểm tra lại hai cột of_age và issued",
                    fix_en="check the of_age and issued columns",
                    **where,
                )
            )
        elif of_age - issued != not_issued:
            reader.problems.append(
                warning(
                    f"chưa cấp ({not_issued}) khác trong độ tuổi − đã cấp ({of_age - issued})",
                    f"not_issued ({not_issued}) differs from of_age − issued ({of_age - issued})",
                    field="not_issued",
                    **where,
                )
            )
    total = sum(non_collectable.values())
    if total > not_issued:
        reader.problems.append(
            error(
                f"số không thể thu nhận ({total}) lớn hơn số chưa cấp ({not_issued})",
                f"non-collectable counts ({total}) exceed not_issued ({not_issued})",
                field="+".join(r.value for r in non_collectable),
                fix_vi="kiểm tra các cột lý do",
                fix_en="check the reason columns",
                **where,
            )
        )


def _estimated(reader: _RowReader) -> frozenset[str]:
    names = {p.strip() for p in reader.text("estimated").split(";") if p.strip()}
    unknown = sorted(names - ESTIMABLE_FIELDS)
    if unknown:
        reader.problems.append(
            error(
                f"tên cột ước tính không hợp lệ: {', '.join(unknown)}",
                f"unknown estimated field(s): {', '.join(unknown)}",
                file=reader.file,
                row=reader.row,
                field="estimated",
                fix_vi="dùng các tên: " + ", ".join(sorted(ESTIMABLE_FIELDS)),
                fix_en="use: " + ", ".join(sorted(ESTIMABLE_FIELDS)),
            )
        )
    return frozenset(names & ESTIMABLE_FIELDS)


def _commune_from_row(reader: _RowReader) -> Commune | None:
    code, name = reader.text("code"), reader.text("name")
    for column, value in (("code", code), ("name", name)):
        if not value:
            reader.problems.append(
                error(
                    "ô bắt buộc đang trống",
                    "required cell is empty",
                    file=reader.file,
                    row=reader.row,
                    field=column,
                    fix_vi="điền giá trị",
                    fix_en="fill it in",
                )
            )
    of_age, issued = reader.count("of_age"), reader.count("issued")
    not_issued = reader.count("not_issued")
    if not_issued is None and of_age is not None and issued is not None:
        not_issued = of_age - issued
    if not_issued is None and not reader.problems:
        reader.problems.append(
            error(
                "thiếu số chưa cấp",
                "not_issued is missing",
                file=reader.file,
                row=reader.row,
                field="not_issued",
                fix_vi="điền not_issued (hoặc of_age và issued)",
                fix_en="fill not_issued (or of_age and issued)",
            )
        )
    non_collectable = {r: n for r in NonCollectableReason if (n := reader.count(r.value))}
    priority = reader.count("priority")
    daily_cap = reader.count("daily_cap")
    if priority == 0 or daily_cap == 0:
        field = "priority" if priority == 0 else "daily_cap"
        reader.problems.append(
            error(
                "phải ≥ 1",
                "must be ≥ 1",
                file=reader.file,
                row=reader.row,
                field=field,
                fix_vi="ghi số ≥ 1 hoặc để trống",
                fix_en="write a number ≥ 1 or leave it empty",
            )
        )
    venue = _venue(reader)
    earliest, blackout = reader.day("earliest_date"), reader.days("blackout_dates")
    estimated = _estimated(reader)
    if not_issued is not None:
        _check_figures(reader, of_age, issued, not_issued, non_collectable)
    if any(p.is_error for p in reader.problems) or not_issued is None:
        return None
    return Commune(
        code=code,
        name=name,
        not_issued=not_issued,
        of_age=of_age,
        issued=issued,
        non_collectable=non_collectable,
        aliases=tuple(a.strip() for a in reader.text("aliases").split(";") if a.strip()),
        venue=venue,
        venue_name=reader.text("venue_name"),
        priority=priority or 1,
        earliest_date=earliest,
        blackout_dates=blackout,
        daily_cap=daily_cap,
        estimated_fields=estimated,
        note=reader.text("note"),
    )


def _header_problems(file: str, header: list[str]) -> list[Problem]:
    problems = []
    unknown = [h for h in header if h not in COLUMNS]
    if unknown:
        problems.append(
            error(
                f"cột không hợp lệ: {', '.join(unknown)}",
                f"unknown column(s): {', '.join(unknown)}",
                file=file,
                row=1,
                fix_vi="các cột được dùng: " + ", ".join(COLUMNS),
                fix_en="allowed columns: " + ", ".join(COLUMNS),
            )
        )
    missing = [c for c in REQUIRED_COLUMNS if c not in header]
    if missing:
        problems.append(
            error(
                f"thiếu cột bắt buộc: {', '.join(missing)}",
                f"missing column(s): {', '.join(missing)}",
                file=file,
                row=1,
                fix_vi="thêm các cột này vào dòng tiêu đề",
                fix_en="add them to the header row",
            )
        )
    return problems


def parse_communes_csv(text: str, file: str) -> tuple[list[Commune], list[Problem]]:
    """Parse a scenario's communes CSV; raise :class:`InputError` with every error found."""
    rows = list(csv.reader(io.StringIO(text)))
    if not rows or not any(cell.strip() for cell in rows[0]):
        raise InputError(
            [
                error(
                    COMMUNES_FILE.empty_vi,
                    COMMUNES_FILE.empty_en,
                    file=file,
                    fix_vi=COMMUNES_FILE.fix_empty_vi,
                    fix_en=COMMUNES_FILE.fix_empty_en,
                )
            ]
        )
    if len(rows) > MAX_ROWS:
        raise InputError(
            [
                error(
                    f"quá nhiều dòng ({len(rows)})",
                    f"too many rows ({len(rows)})",
                    file=file,
                    fix_vi=f"tối đa {MAX_ROWS} xã",
                    fix_en=f"at most {MAX_ROWS} communes",
                )
            ]
        )
    header = [h.strip() for h in rows[0]]
    problems = _header_problems(file, header)
    if problems:
        raise InputError(problems)
    communes: list[Commune] = []
    seen: dict[str, int] = {}
    for number, cells in enumerate(rows[1:], start=2):
        if not any(c.strip() for c in cells):
            continue
        reader = _RowReader(file, number, dict(zip(header, cells, strict=False)))
        commune = _commune_from_row(reader)
        problems.extend(reader.problems)
        if commune is None:
            continue
        if commune.code in seen:
            problems.append(
                error(
                    f"mã xã {commune.code} bị trùng (đã có ở dòng {seen[commune.code]})",
                    f"duplicate commune code {commune.code} (also row {seen[commune.code]})",
                    file=file,
                    row=number,
                    field="code",
                    fix_vi="mỗi xã một dòng, mã không trùng",
                    fix_en="one row per commune, unique codes",
                )
            )
            continue
        seen[commune.code] = number
        communes.append(commune)
    if not communes and not any(p.is_error for p in problems):
        problems.append(
            error(
                "không có xã nào",
                "no commune rows",
                file=file,
                fix_vi="thêm ít nhất một dòng xã",
                fix_en="add at least one commune",
            )
        )
    if any(p.is_error for p in problems):
        raise InputError(problems)
    return communes, problems


def read_communes_csv(path: Path) -> tuple[list[Commune], list[Problem]]:
    """Read a scenario's communes CSV (UTF-8, BOM allowed)."""
    data = read_input_bytes(path, MAX_COMMUNES_BYTES, COMMUNES_FILE)
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                error(
                    f"tệp không phải UTF-8 (byte {exc.start})",
                    f"the file is not UTF-8 (byte {exc.start})",
                    file=str(path),
                    fix_vi="lưu lại bằng Excel: Lưu thành → CSV UTF-8",
                    fix_en="save it again as CSV UTF-8",
                )
            ]
        ) from None
    return parse_communes_csv(text, str(path))


def _cell(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    return str(value)


def commune_row(c: Commune) -> list[str]:
    """The CSV cells of one commune, in :data:`COLUMNS` order."""
    venue = None if c.venue_is_default else c.venue
    values: dict[str, object] = {
        "code": c.code,
        "name": c.name,
        "aliases": ";".join(c.aliases),
        "of_age": c.of_age,
        "issued": c.issued,
        "not_issued": c.not_issued,
        **{r.value: c.non_collectable.get(r) for r in NonCollectableReason},
        "priority": c.priority if c.priority != 1 else None,
        "daily_cap": c.daily_cap,
        "earliest_date": c.earliest_date.isoformat() if c.earliest_date else None,
        "blackout_dates": ";".join(d.isoformat() for d in sorted(c.blackout_dates)),
        "venue_lat": venue.lat if venue else None,
        "venue_lon": venue.lon if venue else None,
        "venue_name": c.venue_name,
        "estimated": ";".join(sorted(c.estimated_fields)),
        "note": c.note,
    }
    return [_cell(values[column]) for column in COLUMNS]


def communes_csv_text(communes: list[Commune] | tuple[Commune, ...]) -> str:
    """The canonical CSV text of a scenario's communes (header + one row each)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    writer.writerows(commune_row(c) for c in communes)
    return buffer.getvalue()
