"""Intake points files: a planner's list of points (CSV or Excel) and a scenario's ``points.csv``.

One reader for both: the scenario's own file is a points file written canonically (the columns
of :data:`POINTS_COLUMNS`, the commune by its code, every point with its id). A planner's file
may name its columns in Vietnamese (``xã, tên điểm, loại, vĩ độ, kinh độ, số người, công suất,
ngày mở, giờ mở, …``) and the commune by code or name. Every row is checked and every problem
named (file, row, field, fix) before anything is used: a file with one bad row changes nothing.

Cells as a person types them:

* ``kind``: ``UBND xã`` / ``UBND xã cũ`` / ``trường`` / ``cơ quan`` / ``doanh nghiệp`` /
  ``khác`` (or the English words, or the values of :class:`~planning.domain.PointKind`);
  empty = ``khác`` (other);
* ``backlog``: the point's own collectable backlog (``1.200``), or a share of the commune's
  (``40%``), or empty: an equal part of what the commune's other points leave
  (:func:`planning.domain.resolve_point_backlogs`);
* ``days``: ``T2-T6``, ``T2,T4,T6``, ``CN``, ``hằng ngày``; empty = the kind's days (schools and
  agencies Thứ Hai–Thứ Sáu, other places every day);
* ``hours``: ``07:30-11:00`` (or ``7h30-11h``; ``13:30-`` opens at 13:30);
* ``open_dates``, ``blackout_dates``: dates ``20/12/2022`` or ``2022-12-20`` separated by ``;``;
  ``earliest_date`` one date;
* ``lat``/``lon``: WGS84 degrees (``22,83`` or ``22.83``), both or neither (neither: the
  commune's venue).

How listed points join their communes (:func:`attach_points`): a planner's file adds points to
the communes it names; a commune that listed none keeps its hall (its venue, point 1, taking
whatever the points the file gives leave) unless the file lists a ``UBND xã`` point of it. Ids
not given are ``<commune code>-<n>``.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import math
import re
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from planning.domain import (
    ALL_WEEKDAYS,
    POINT_ID_PATTERN,
    VIETNAM_BOUNDS,
    WEEKDAY_CODES_VI,
    BacklogMismatch,
    BacklogMismatchKind,
    Commune,
    GeoPoint,
    IntakePoint,
    PointKind,
    Scenario,
    resolve_point_backlogs,
)
from planning.errors import InputError, Problem, error, raise_if_errors
from planning.formatting import fmt_int
from planning.io.files import InputFileKind
from planning.io.sheets import read_grid
from planning.io.teams import WEEKDAY_ALIASES, parse_day_text
from planning.io.vn_numbers import NumberFormatError, parse_count, parse_number
from planning.names import match_names, strip_diacritics

#: The columns of a points file, canonical names in the order the scenario's file writes them.
POINTS_COLUMNS: tuple[str, ...] = (
    "point_id",
    "commune",
    "name",
    "kind",
    "lat",
    "lon",
    "backlog",
    "daily_cap",
    "days",
    "hours",
    "open_dates",
    "earliest_date",
    "blackout_dates",
    "landmark",
    "note",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("commune", "name")
#: Other header words (diacritics, case, spaces and punctuation ignored) → canonical column.
HEADER_WORDS: dict[str, str] = {
    "id": "point_id",
    "ma_diem": "point_id",
    "commune_code": "commune",
    "xa": "commune",
    "ma_xa": "commune",
    "ten_xa": "commune",
    "xa_phuong": "commune",
    "point": "name",
    "point_name": "name",
    "diem": "name",
    "ten_diem": "name",
    "diem_tiep_nhan": "name",
    "loai": "kind",
    "loai_diem": "kind",
    "latitude": "lat",
    "vi_do": "lat",
    "longitude": "lon",
    "lng": "lon",
    "kinh_do": "lon",
    "collectable_backlog": "backlog",
    "so_nguoi": "backlog",
    "chua_cap": "backlog",
    "so_chua_cap": "backlog",
    "cap": "daily_cap",
    "cong_suat": "daily_cap",
    "cong_suat_ngay": "daily_cap",
    "toi_da_ngay": "daily_cap",
    "weekdays": "days",
    "ngay_mo": "days",
    "ngay_mo_cua": "days",
    "thu": "days",
    "gio": "hours",
    "gio_mo": "hours",
    "gio_mo_cua": "hours",
    "ngay_cu_the": "open_dates",
    "cac_ngay": "open_dates",
    "tu_ngay": "earliest_date",
    "ngay_som_nhat": "earliest_date",
    "ngay_nghi": "blackout_dates",
    "moc": "landmark",
    "dia_chi": "landmark",
    "chi_dan": "landmark",
    "ghi_chu": "note",
}
#: Kind words (diacritics and case ignored) → kind; a word that starts a cell counts too.
KIND_WORDS: dict[str, PointKind] = {
    "ubnd xa cu": PointKind.FORMER_COMMUNE_HALL,
    "tru so ubnd xa cu": PointKind.FORMER_COMMUNE_HALL,
    "xa cu": PointKind.FORMER_COMMUNE_HALL,
    "former commune hall": PointKind.FORMER_COMMUNE_HALL,
    "ubnd xa": PointKind.COMMUNE_HALL,
    "ubnd": PointKind.COMMUNE_HALL,
    "tru so ubnd xa": PointKind.COMMUNE_HALL,
    "hoi truong xa": PointKind.COMMUNE_HALL,
    "commune hall": PointKind.COMMUNE_HALL,
    "truong": PointKind.SCHOOL,
    "school": PointKind.SCHOOL,
    "co quan": PointKind.AGENCY,
    "doanh nghiep": PointKind.AGENCY,
    "cong ty": PointKind.AGENCY,
    "khu cong nghiep": PointKind.AGENCY,
    "agency": PointKind.AGENCY,
    "enterprise": PointKind.AGENCY,
    "company": PointKind.AGENCY,
    "nha van hoa": PointKind.OTHER,
    "hoi truong thon": PointKind.OTHER,
    "khac": PointKind.OTHER,
    "other": PointKind.OTHER,
    **{kind.value: kind for kind in PointKind},
}
#: Words for "every day" in the days column.
EVERY_DAY_WORDS = frozenset({"hang ngay", "moi ngay", "tat ca", "every day", "daily", "all"})
MAX_POINTS_FILE_BYTES = 10_000_000
MAX_POINT_ROWS = 20_000
_MAX_COLUMNS = 40
POINTS_FILE = InputFileKind(
    what_vi="tệp điểm tiếp nhận",
    what_en="intake points file",
    field="--points",
    fix_empty_vi="dòng đầu là tiêu đề cột (xã, tên điểm, loại, …), mỗi điểm một dòng",
    fix_empty_en="a header row (commune, name, kind, …), then one row per point",
)
_EMPTY_TEXTS = ("", "nan", "None", "<NA>")


def _key(text: str) -> str:
    """A header or word as compared: no diacritics, lower case, words joined by ``_``."""
    plain = strip_diacritics(text).casefold().replace("đ", "d")
    return "_".join(re.findall(r"[a-z0-9]+", plain))


def _text(value: object) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat()
    if isinstance(value, float) and value == int(value):
        return str(int(value))
    text = str(value).strip()
    return "" if text in _EMPTY_TEXTS else text


@dataclass(frozen=True)
class PointRow:
    """One row of a points file: where it was, its commune's code and the point as stated
    (``point.point_id`` empty when the file gave none)."""

    row: int
    commune_code: str
    point: IntakePoint


class _Row:
    """Reads the cells of one row, collecting problems instead of stopping at the first."""

    def __init__(self, file: str, row: int, cells: Mapping[str, object]) -> None:
        self.file, self.row, self.cells = file, row, cells
        self.problems: list[Problem] = []

    def text(self, column: str) -> str:
        return _text(self.cells.get(column))

    def error(self, column: str, vi: str, en: str, fix_vi: str, fix_en: str) -> None:
        self.problems.append(
            error(vi, en, file=self.file, row=self.row, field=column, fix_vi=fix_vi, fix_en=fix_en)
        )

    def count(self, column: str) -> int | None:
        value = self.cells.get(column)
        if not _text(value):
            return None
        try:
            return parse_count(value if isinstance(value, int | float) else _text(value))
        except NumberFormatError:
            self.error(
                column,
                f"“{_text(value)}” không phải số người (số nguyên ≥ 0)",
                f"“{_text(value)}” is not a head count (a whole number ≥ 0)",
                "ghi số nguyên, ví dụ 1.200, hoặc để trống",
                "write a whole number, e.g. 1200, or leave it empty",
            )
            return None

    def degrees(self, column: str) -> float | None:
        value = self.cells.get(column)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return float(value)
        text = _text(value)
        if not text:
            return None
        try:
            return float(text.replace(",", "."))
        except ValueError:
            self.error(
                column,
                f"“{text}” không phải số độ",
                f"“{text}” is not a number of degrees",
                "ghi số thập phân, ví dụ 22,8312",
                "write a decimal number, e.g. 22.8312",
            )
            return None

    def day(self, column: str, text: str) -> dt.date | None:
        day = parse_day_text(text)
        if day is None:
            self.error(
                column,
                f"“{text}” không phải ngày",
                f"“{text}” is not a date",
                "viết dạng 20/12/2022 hoặc 2022-12-20; các ngày cách nhau bằng dấu ;",
                "write 20/12/2022 or 2022-12-20; separate dates with ;",
            )
        return day

    def days_list(self, column: str) -> frozenset[dt.date]:
        value = self.cells.get(column)
        if isinstance(value, dt.date):
            return frozenset({value.date() if isinstance(value, dt.datetime) else value})
        parts = [p.strip() for p in re.split(r"[;,\n]", _text(value)) if p.strip()]
        return frozenset(d for p in parts if (d := self.day(column, p)) is not None)


def _kind(row: _Row) -> PointKind:
    text = row.text("kind")
    if not text:
        return PointKind.OTHER
    key = " ".join(_key(text).split("_"))
    for word in sorted(KIND_WORDS, key=len, reverse=True):
        if key == word or key.startswith(word + " "):
            return KIND_WORDS[word]
    row.error(
        "kind",
        f"loại điểm “{text}” không rõ",
        f"unknown kind of point “{text}”",
        "ghi UBND xã, UBND xã cũ, trường, cơ quan, doanh nghiệp, nhà văn hoá hoặc khác",
        "write commune hall, former commune hall, school, agency, enterprise or other",
    )
    return PointKind.OTHER


def parse_weekdays(text: str) -> frozenset[int] | None:
    """``T2-T6``, ``T2,T4``, ``CN``, ``Thứ Hai - Thứ Sáu``, ``hằng ngày`` → weekday numbers
    (Monday = 0); ``None`` when the text is not a list of weekdays."""
    if " ".join(_key(text).split("_")) in EVERY_DAY_WORDS:
        return ALL_WEEKDAYS
    days: set[int] = set()
    for part in (p.strip() for p in re.split(r"[,;]", text) if p.strip()):
        ends = [e.strip().casefold() for e in re.split(r"\s*[-–—]\s*", part)]
        if len(ends) > 2 or any(e not in WEEKDAY_ALIASES for e in ends):
            return None
        first, last = WEEKDAY_ALIASES[ends[0]], WEEKDAY_ALIASES[ends[-1]]
        if last < first:
            return None
        days.update(range(first, last + 1))
    return frozenset(days) or None


def _weekdays(row: _Row) -> frozenset[int] | None:
    text = row.text("days")
    if not text:
        return None
    days = parse_weekdays(text)
    if days is None:
        row.error(
            "days",
            f"ngày mở “{text}” không đọc được",
            f"opening days “{text}” cannot be read",
            "ghi T2-T6, T2,T4,T6, CN hoặc hằng ngày; để trống = theo loại điểm",
            "write T2-T6 (Mon–Fri), T2,T4,T6, CN (Sunday) or every day; empty = the kind's days",
        )
    return days


_TIME_RE = re.compile(r"^(\d{1,2})\s*(?:[:h.]\s*(\d{2})?)?\s*(?:g|gio)?$")


def parse_time(text: str) -> dt.time | None:
    """``07:30``, ``7h30``, ``7h``, ``13`` → a time; ``None`` when it is not one."""
    found = _TIME_RE.match(text.strip().casefold())
    if not found:
        return None
    hours, minutes = int(found.group(1)), int(found.group(2) or 0)
    if hours > 23 or minutes > 59:
        return None
    return dt.time(hours, minutes)


def _hours(row: _Row) -> tuple[dt.time | None, dt.time | None]:
    text = row.text("hours")
    if not text:
        return None, None
    value = row.cells.get("hours")
    if isinstance(value, dt.time):
        return value, None
    parts = re.split(r"\s*[-–—]\s*|\s+(?:đến|to)\s+", text)
    times = [parse_time(p) if p.strip() else None for p in parts]
    bad = len(parts) != 2 or any(p.strip() and t is None for p, t in zip(parts, times, strict=True))
    if not bad and times[0] is not None and times[1] is not None and times[1] <= times[0]:
        bad = True
    if bad or all(t is None for t in times):
        row.error(
            "hours",
            f"giờ mở “{text}” không đọc được",
            f"opening hours “{text}” cannot be read",
            "ghi giờ mở và giờ đóng, ví dụ 07:30-11:00 (13:30- = mở từ 13:30)",
            "write opening and closing times, e.g. 07:30-11:00 (13:30- = from 13:30)",
        )
        return None, None
    return times[0], times[1]


def _backlog(row: _Row) -> tuple[int | None, float | None]:
    text = row.text("backlog")
    if not text.endswith("%"):
        return row.count("backlog"), None
    try:
        share = float(parse_number(text.rstrip("%").strip(), decimal_first=True))
    except NumberFormatError:
        share = -1.0
    if not 0 <= share <= 100:
        row.error(
            "backlog",
            f"tỉ lệ “{text}” không hợp lệ",
            f"share “{text}” is not valid",
            "ghi tỉ lệ từ 0% đến 100% số chưa cấp của xã, ví dụ 40%",
            "write a share of the commune's backlog from 0% to 100%, e.g. 40%",
        )
        return None, None
    return None, share


def _location(row: _Row) -> GeoPoint | None:
    lat, lon = row.degrees("lat"), row.degrees("lon")
    if lat is None and lon is None:
        return None
    if lat is None or lon is None or not VIETNAM_BOUNDS.contains(lat, lon):
        row.error(
            "lat/lon",
            f"toạ độ điểm không nằm ở Việt Nam: {lat}, {lon}",
            f"the point's coordinates are not in Vietnam: {lat}, {lon}",
            f"ghi vĩ độ và kinh độ theo WGS84 ({VIETNAM_BOUNDS.ranges_vi()}), hoặc để trống cả "
            "hai (dùng điểm của xã)",
            f"give WGS84 latitude and longitude ({VIETNAM_BOUNDS.ranges_en()}), or leave both "
            "empty (the commune's venue)",
        )
        return None
    return GeoPoint(lat, lon)


def _point_id(row: _Row) -> str:
    text = row.text("point_id")
    if text and (not re.fullmatch(POINT_ID_PATTERN, text) or text.startswith("BASE")):
        row.error(
            "point_id",
            f"mã điểm “{text}”: chỉ được dùng chữ không dấu, số, dấu - . _ (không bắt đầu BASE)",
            f"point id “{text}”: only ASCII letters, digits, - . _ (not starting with BASE)",
            "ví dụ 23677-2, hoặc để trống để tự đánh số",
            "e.g. 23677-2, or leave it empty to number it",
        )
    return text


def _row_point(row: _Row, commune_code: str) -> IntakePoint | None:
    """The point a row states (its id as given, possibly empty), or ``None`` with problems."""
    name = row.text("name")
    if not name:
        row.error(
            "name",
            "điểm cần tên",
            "the point needs a name",
            "ví dụ Trường THCS Ia Pết",
            "e.g. Trường THCS Ia Pết",
        )
    point_id, kind = _point_id(row), _kind(row)
    location = _location(row)
    backlog, share = _backlog(row)
    cap = row.count("daily_cap")
    if cap == 0:
        row.error(
            "daily_cap",
            "công suất phải ≥ 1",
            "the daily cap must be ≥ 1",
            "ghi số người một ngày điểm nhận được, hoặc để trống",
            "write people per day, or leave it empty",
        )
    weekdays, (opens, closes) = _weekdays(row), _hours(row)
    open_dates, blackout = row.days_list("open_dates"), row.days_list("blackout_dates")
    earliest_text = row.text("earliest_date")
    earliest = row.day("earliest_date", earliest_text) if earliest_text else None
    if row.problems or not name:
        return None
    return IntakePoint(
        point_id=point_id or "pending",
        commune_code=commune_code,
        name=name,
        kind=kind,
        location=location,
        backlog=backlog,
        backlog_share_pct=share,
        daily_cap=cap,
        weekdays=weekdays,
        open_from=opens,
        open_until=closes,
        open_dates=open_dates,
        earliest_date=earliest,
        blackout_dates=blackout,
        landmark=row.text("landmark"),
        note=row.text("note"),
    )


# --- the file -------------------------------------------------------------------------------------


def _columns(header: Sequence[object], row: int, file: str) -> list[str]:
    """The canonical column of each header cell ('' for an empty one); unknown or missing
    columns are errors."""
    columns = []
    for cell in header:
        key = _key(_text(cell))
        columns.append(key if key in POINTS_COLUMNS else HEADER_WORDS.get(key, key))
    unknown = [
        _text(h) for h, c in zip(header, columns, strict=True) if c and c not in POINTS_COLUMNS
    ]
    missing = [c for c in REQUIRED_COLUMNS if c not in columns]
    repeated = sorted({c for c in columns if c and columns.count(c) > 1})
    listed = ", ".join(POINTS_COLUMNS)
    problems = []
    if unknown:
        problems.append(
            error(
                f"cột không hợp lệ: {', '.join(unknown)}",
                f"unknown column(s): {', '.join(unknown)}",
                file=file,
                row=row,
                fix_vi=f"các cột dùng được: {listed} (hoặc xã, tên điểm, loại, vĩ độ, kinh độ, "
                "số người, công suất, ngày mở, giờ mở)",
                fix_en=f"the columns are: {listed}",
            )
        )
    if missing or repeated:
        problems.append(
            error(
                f"thiếu cột: {', '.join(missing)}"
                if missing
                else f"cột lặp: {', '.join(repeated)}",
                f"missing column(s): {', '.join(missing)}"
                if missing
                else f"repeated column(s): {', '.join(repeated)}",
                file=file,
                row=row,
                fix_vi="dòng tiêu đề cần ít nhất cột xã (commune) và tên điểm (name), mỗi cột "
                "một lần",
                fix_en="the header needs at least commune and name, each once",
            )
        )
    raise_if_errors(problems)
    return columns


def _commune_codes(
    rows: Sequence[tuple[int, str]], communes: Sequence[Commune], file: str
) -> tuple[dict[int, str], list[Problem]]:
    """Row → commune code, from the code or the name written; unknown or ambiguous names are
    errors naming the closest communes."""
    codes = {c.code for c in communes}
    found: dict[int, str] = {}
    by_name: dict[str, list[int]] = {}
    for number, text in rows:
        code = text.zfill(5) if text.isdigit() and text.zfill(5) in codes else text
        if code in codes:
            found[number] = code
        else:
            by_name.setdefault(text, []).append(number)
    problems: list[Problem] = []
    if by_name:
        targets = [(c.code, c.name) for c in communes]
        aliases = {a: c.code for c in communes for a in c.aliases}
        for name, numbers in by_name.items():
            if not name:
                problems += [
                    error(
                        "chưa ghi xã",
                        "no commune given",
                        file=file,
                        row=n,
                        field="commune",
                        fix_vi="ghi mã hoặc tên xã của điểm",
                        fix_en="write the point's commune code or name",
                    )
                    for n in numbers
                ]
                continue
            result = match_names([name], targets, aliases)
            if name in result.matched:
                found |= dict.fromkeys(numbers, result.matched[name])
                continue
            problems += [p for p in result.problems(file, {name: numbers[0]}) if p.is_error]
    return found, [replace(p, field="commune") for p in problems]


def parse_points_grid(
    grid: Sequence[Sequence[object]], communes: Sequence[Commune], file: str
) -> list[PointRow]:
    """The rows of a points file (first non-empty row = header) as stated points; raise
    :class:`InputError` listing every problem of every row."""
    numbered = [(i, row) for i, row in enumerate(grid, 1) if any(_text(c) for c in row)]
    if not numbered:
        raise InputError(
            [
                error(
                    "tệp không có dòng nào",
                    "the file has no rows",
                    file=file,
                    fix_vi=POINTS_FILE.fix_empty_vi,
                    fix_en=POINTS_FILE.fix_empty_en,
                )
            ]
        )
    header_row, header = numbered[0]
    columns = _columns(header, header_row, file)
    cells = [(n, dict(zip(columns, row, strict=False))) for n, row in numbered[1:]]
    codes, problems = _commune_codes(
        [(n, _text(c.get("commune"))) for n, c in cells], communes, file
    )
    out: list[PointRow] = []
    for number, record in cells:
        reader = _Row(file, number, record)
        point = _row_point(reader, codes.get(number, ""))
        problems += reader.problems
        if point is not None and number in codes:
            out.append(PointRow(number, codes[number], point))
    if not cells:
        problems.append(
            error(
                "tệp không có điểm nào",
                "the file lists no point",
                file=file,
                fix_vi=POINTS_FILE.fix_empty_vi,
                fix_en=POINTS_FILE.fix_empty_en,
            )
        )
    raise_if_errors(problems)
    return out


def read_points_file(path: Path, communes: Sequence[Commune]) -> list[PointRow]:
    """A planner's points file (CSV/TSV/XLSX) read against the scenario's communes."""
    grid = read_grid(path, POINTS_FILE, MAX_POINTS_FILE_BYTES, MAX_POINT_ROWS + 20, _MAX_COLUMNS)
    if len(grid) > MAX_POINT_ROWS + 1:
        raise InputError(
            [
                error(
                    f"tệp có hơn {fmt_int(MAX_POINT_ROWS)} điểm",
                    f"the file has more than {MAX_POINT_ROWS} points",
                    file=path.name,
                    fix_vi="chia thành nhiều tệp",
                    fix_en="split it into several files",
                )
            ]
        )
    return parse_points_grid(grid, communes, path.name)


def parse_points_csv(text: str, communes: Sequence[Commune], file: str) -> list[PointRow]:
    """A scenario's own ``points.csv`` (UTF-8 text)."""
    return parse_points_grid(list(csv.reader(io.StringIO(text))), communes, file)


# --- points → communes ---------------------------------------------------------------------------


def _hall(commune: Commune, point_id: str) -> IntakePoint:
    """The commune's hall as a listed point: its venue, taking what the other points leave."""
    return IntakePoint(
        point_id=point_id,
        commune_code=commune.code,
        name=commune.venue_name or f"Trụ sở UBND {commune.name}",
        kind=PointKind.COMMUNE_HALL,
        location=commune.venue,
        location_is_default=commune.venue_is_default,
        weekdays=ALL_WEEKDAYS,
    )


def _next_id(code: str, taken: set[str]) -> str:
    n = 1
    while f"{code}-{n}" in taken:
        n += 1
    taken.add(f"{code}-{n}")
    return f"{code}-{n}"


def mismatch_problem(
    commune: Commune, mismatch: BacklogMismatch, file: str, row: int | None
) -> Problem:
    """The error of a commune whose points cannot share its collectable backlog."""
    name, total, stated = commune.name, fmt_int(mismatch.commune_backlog), fmt_int(mismatch.stated)
    if mismatch.kind == BacklogMismatchKind.SHARES_OVER_100:
        vi, en = (
            f"{name}: tỉ lệ của các điểm cộng lại {stated}% (quá 100%)",
            f"{name}: the points' shares add up to {stated}% (over 100%)",
        )
    elif mismatch.kind == BacklogMismatchKind.OVER:
        vi, en = (
            f"{name}: số người của các điểm ({stated}) vượt số có thể thu của xã ({total})",
            f"{name}: the points' figures ({stated}) exceed the commune's collectable backlog "
            f"({total})",
        )
    else:
        vi, en = (
            f"{name}: các điểm chỉ nhận {stated} trong {total} người có thể thu của xã",
            f"{name}: the points take {stated} of the commune's {total} collectable backlog",
        )
    return error(
        vi,
        en,
        file=file,
        row=row,
        field="backlog",
        fix_vi="sửa số người của điểm, hoặc để trống ô số người của một điểm để điểm đó nhận "
        "phần còn lại",
        fix_en="correct the points' figures, or leave one point's backlog empty so that it "
        "takes the rest",
    )


def attach_points(
    communes: Sequence[Commune],
    rows: Sequence[PointRow],
    file: str,
    *,
    keep_halls: bool | Collection[str],
) -> list[Commune]:
    """The communes with the rows' points added (``keep_halls``: a planner's file, see the
    module docstring — for every commune, or for the communes whose codes it holds; False: the
    scenario's own file, exactly as listed). Raise :class:`InputError` for repeated ids and
    communes whose points cannot share the backlog."""
    by_commune: dict[str, list[PointRow]] = {}
    for row in rows:
        by_commune.setdefault(row.commune_code, []).append(row)
    taken = {p.point_id for c in communes for p in c.points}
    taken |= {c.code for c in communes}
    problems: list[Problem] = []
    seen: dict[str, int] = {}
    for row in rows:
        pid = row.point.point_id
        if pid != "pending" and (pid in seen or pid in taken):
            problems.append(
                error(
                    f"mã điểm “{pid}” bị trùng",
                    f"point id “{pid}” is used twice",
                    file=file,
                    row=row.row,
                    field="point_id",
                    fix_vi="mỗi điểm một mã riêng (khác mã xã), hoặc để trống để tự đánh số",
                    fix_en="give each point its own id (not a commune code), or leave it empty",
                )
            )
        seen[pid] = row.row
    raise_if_errors(problems)
    taken |= set(seen)
    out = []
    for commune in communes:
        given = by_commune.get(commune.code, [])
        if not given:
            out.append(commune)
            continue
        points = list(commune.points)
        lists_hall = any(r.point.kind == PointKind.COMMUNE_HALL for r in given)
        halls = keep_halls is True or (
            not isinstance(keep_halls, bool) and commune.code in keep_halls
        )
        if halls and not points and not lists_hall:
            points.append(_hall(commune, _next_id(commune.code, taken)))
        for row in given:
            pid = row.point.point_id
            points.append(
                replace(
                    row.point, point_id=_next_id(commune.code, taken) if pid == "pending" else pid
                )
            )
        points = [_with_location(commune, p) for p in points]
        mismatch = _mismatch(commune, points)
        if mismatch is not None:
            problems.append(mismatch_problem(commune, mismatch, file, given[0].row))
            continue
        out.append(replace(commune, points=tuple(points)))
    raise_if_errors(problems)
    return out


def _mismatch(commune: Commune, points: Sequence[IntakePoint]) -> BacklogMismatch | None:
    return resolve_point_backlogs(commune.collectable_backlog, points)[1]


def _with_location(commune: Commune, point: IntakePoint) -> IntakePoint:
    """A point without coordinates is at its commune's venue (marked as a default)."""
    if point.location is not None or commune.venue is None:
        return point
    return replace(point, location=commune.venue, location_is_default=True)


def with_venue_locations(communes: Sequence[Commune]) -> list[Commune]:
    """Every listed point without its own coordinates placed at its commune's venue (once the
    venues are known: a scenario's load)."""
    return [
        replace(c, points=tuple(_with_location(c, p) for p in c.points)) if c.points else c
        for c in communes
    ]


# --- writing --------------------------------------------------------------------------------------


def _time_text(value: dt.time | None) -> str:
    return "" if value is None else value.strftime("%H:%M")


def weekdays_text(days: frozenset[int]) -> str:
    """Weekday numbers as planners write them: ``T2,T3,T4,T5,T6``."""
    return ",".join(WEEKDAY_CODES_VI[d] for d in sorted(days))


def hours_text(point: IntakePoint) -> str:
    """``07:30-11:00``, ``13:30-``, ``-11:00`` or empty."""
    if not point.has_hours:
        return ""
    return f"{_time_text(point.open_from)}-{_time_text(point.open_until)}"


def _dates(days: frozenset[dt.date]) -> str:
    return ";".join(d.isoformat() for d in sorted(days))


def _backlog_text(point: IntakePoint) -> str:
    if point.backlog is not None:
        return str(point.backlog)
    if point.backlog_share_pct is not None:
        return f"{point.backlog_share_pct:g}%"
    return ""


def point_row(point: IntakePoint) -> list[str]:
    """The cells of one point in :data:`POINTS_COLUMNS` order (the scenario's file)."""
    where = None if point.location_is_default else point.location
    values = {
        "point_id": point.point_id,
        "commune": point.commune_code,
        "name": point.name,
        "kind": point.kind.value,
        "lat": repr(where.lat) if where else "",
        "lon": repr(where.lon) if where else "",
        "backlog": _backlog_text(point),
        "daily_cap": "" if point.daily_cap is None else str(point.daily_cap),
        "days": "" if point.weekdays is None else weekdays_text(point.weekdays),
        "hours": hours_text(point),
        "open_dates": _dates(point.open_dates),
        "earliest_date": point.earliest_date.isoformat() if point.earliest_date else "",
        "blackout_dates": _dates(point.blackout_dates),
        "landmark": point.landmark,
        "note": point.note,
    }
    return [values[c] for c in POINTS_COLUMNS]


def points_csv_text(communes: Sequence[Commune]) -> str:
    """The canonical ``points.csv`` of a scenario: every listed point, commune by commune."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(POINTS_COLUMNS)
    writer.writerows(point_row(p) for c in communes for p in c.points)
    return buffer.getvalue()


def scenario_with_points_file(scenario: Scenario, path: Path) -> tuple[Scenario, int]:
    """The scenario with the points of a planner's file added (its communes' halls kept: see
    the module docstring) and how many rows it had; :class:`InputError` (nothing changed) when
    any row is wrong."""
    rows = read_points_file(path, scenario.communes)
    communes = attach_points(scenario.communes, rows, path.name, keep_halls=True)
    return replace(scenario, communes=tuple(communes)), len(rows)


def scenario_with_point_rows(
    scenario: Scenario, rows: Sequence[Mapping[str, object]], file: str
) -> Scenario:
    """The scenario with its listed points replaced by ``rows`` (records with the columns of
    :data:`POINTS_COLUMNS`, e.g. the Data page's table), read by the same rules as a file; a
    commune that listed none and gets rows keeps its hall. :class:`InputError` (nothing
    changed) when a row is wrong."""
    grid: list[list[object]] = [list(POINTS_COLUMNS)]
    grid += [[row.get(c) for c in POINTS_COLUMNS] for row in rows]
    cleared = [replace(c, points=()) for c in scenario.communes]
    parsed = parse_points_grid(grid, cleared, file) if rows else []
    had = {c.code for c in scenario.communes if c.points}
    without = frozenset(c.code for c in scenario.communes) - had
    communes = attach_points(cleared, parsed, file, keep_halls=without)
    return replace(scenario, communes=tuple(with_venue_locations(communes)))


def scenario_with_point_at(
    scenario: Scenario, commune_code: str, where: GeoPoint, point_id: str = ""
) -> Scenario:
    """``point_id`` moved to ``where`` or, without one, a new point there in ``commune_code``
    (named "Điểm mới", kind other, an equal share of what the commune's other points leave;
    a commune that listed none keeps its hall as point 1)."""
    if point_id:
        point = scenario.point(point_id)
        commune = scenario.commune(point.commune_code)
        moved = tuple(
            replace(p, location=where, location_is_default=False) if p.point_id == point_id else p
            for p in commune.points
        )
        return _with_commune(scenario, replace(commune, points=moved))
    new = IntakePoint("pending", commune_code, "Điểm mới", PointKind.OTHER, location=where)
    communes = attach_points(
        scenario.communes, [PointRow(0, commune_code, new)], "", keep_halls=True
    )
    return replace(scenario, communes=tuple(communes))


def _with_commune(scenario: Scenario, commune: Commune) -> Scenario:
    return replace(
        scenario,
        communes=tuple(commune if c.code == commune.code else c for c in scenario.communes),
    )
