"""Team records: the one home of the rules a team must follow, whoever typed it.

A *team record* is a plain mapping of fields as a person types them::

    id, name, base_commune | base_lat + base_lon | base, base_name, apps_per_hour, setup_min,
    shift_hours, start_time, working_weekdays, days_off, notes

It comes from the scenario TOML's ``[[teams]]`` (after the schema of
:mod:`planning.io.scenario_schema`, which gives TOML users their own key-path messages), from the
Data page's team table, or from a teams table file (columns ``team_id,name,base,...``: map
``team_id`` to ``id`` and give each row its :class:`RecordPlace`). Values may be typed text
("7,5", "T2,T3", "20/12/2022; 2022-12-21", "22.83,106.52") or values already typed (numbers,
lists, dates, a ``(lat, lon)`` pair).

:func:`team_from_record` turns one record into a :class:`~planning.domain.Team` or problems that
name the file, the row or key, the field and the fix; :func:`teams_from_records` does a whole list
(every problem at once, unique ids, at least one team).

The base is, in this order: ``base_commune`` (a commune code: the team starts from that commune's
venue); else ``base`` (a ``(lat, lon)`` pair, "LAT,LON" text, or a commune code or another name
listed in ``aliases``); else ``base_lat``/``base_lon``. Coordinates must lie in
:data:`~planning.domain.VIETNAM_BOUNDS`.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planning.domain import (
    TEAM_DEFAULTS,
    VIETNAM_BOUNDS,
    WEEKDAY_CODES_VI,
    GeoPoint,
    Team,
)
from planning.errors import InputError, Problem, error, raise_if_errors
from planning.io.files import InputFileKind
from planning.io.sheets import read_grid
from planning.names import match_names

#: What a team id may hold (it is written into plan files and used as a key).
TEAM_ID_PATTERN = r"^[A-Za-z0-9_-]+$"
#: Applications per hour: more than 0, at most this.
MAX_APPS_PER_HOUR = 200.0
#: Setup minutes per stop: 0 to this.
MAX_SETUP_MIN = 240
#: Shift hours: more than 0, at most this.
MAX_SHIFT_HOURS = 24.0
#: Values of a team that a record may leave out: the one set of team defaults
#: (:data:`planning.domain.TEAM_DEFAULTS`), as a person types them.
DEFAULT_SETUP_MIN = TEAM_DEFAULTS.setup_min
DEFAULT_SHIFT_HOURS = TEAM_DEFAULTS.shift_hours
DEFAULT_START_TIME = TEAM_DEFAULTS.start_time.strftime("%H:%M")
#: Weekday words a person may type (case does not matter), Monday = 0.
WEEKDAY_ALIASES: dict[str, int] = {
    **{code.casefold(): i for i, code in enumerate(WEEKDAY_CODES_VI)},
    **{name: i for i, name in enumerate(("mon", "tue", "wed", "thu", "fri", "sat", "sun"))},
    "chủ nhật": 6,
    "thứ hai": 0,
    "thứ ba": 1,
    "thứ tư": 2,
    "thứ năm": 3,
    "thứ sáu": 4,
    "thứ bảy": 5,
}
_DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y")
_EMPTY_TEXTS = ("", "nan", "None", "<NA>")


@dataclass(frozen=True)
class RecordPlace:
    """Where a team record came from: its file and its row (tables) or key (``teams[2]``)."""

    file: str
    row: int | None = None
    key: str = ""

    def field(self, name: str) -> str:
        """The field as messages name it: ``teams[2].base`` in a TOML file, ``base`` in a table."""
        return f"{self.key}.{name}" if self.key else name

    def error(self, vi: str, en: str, field: str, fix_vi: str = "", fix_en: str = "") -> Problem:
        """An error at this place, in ``field``."""
        return error(
            vi,
            en,
            file=self.file,
            row=self.row,
            field=self.field(field),
            fix_vi=fix_vi,
            fix_en=fix_en,
        )


def parse_day_text(text: str) -> dt.date | None:
    """A date as a planner types it: 2022-12-20 or 20/12/2022; ``None`` when it is neither."""
    for fmt in _DATE_FORMATS:
        try:
            return dt.datetime.strptime(text.strip(), fmt).date()
        except ValueError:
            continue
    return None


def _text(value: object) -> str:
    """A typed cell as text: empty for None, NaN and the empty markers a table editor leaves."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return ""
    text = str(value).strip()
    return "" if text in _EMPTY_TEXTS else text


def _shown(value: float) -> str:
    """7.5 → "7,5" for Vietnamese messages."""
    return f"{value:g}".replace(".", ",")


class _RecordReader:
    """Reads the fields of one record, collecting problems instead of stopping at the first."""

    def __init__(self, record: Mapping[str, object], place: RecordPlace) -> None:
        self.record, self.place = record, place
        self.problems: list[Problem] = []

    def error(self, vi: str, en: str, field: str, fix_vi: str = "", fix_en: str = "") -> None:
        self.problems.append(self.place.error(vi, en, field, fix_vi, fix_en))

    def text(self, key: str) -> str:
        return _text(self.record.get(key))

    def number(self, key: str) -> float | None:
        """A decimal number (dot or comma), ``None`` when empty or wrong (then an error)."""
        value = self.record.get(key)
        if isinstance(value, int | float) and not isinstance(value, bool):
            return None if math.isnan(value) else float(value)
        text = _text(value)
        if not text:
            return None
        try:
            return float(text.replace(",", "."))
        except ValueError:
            self.error(
                f"“{text}” không phải là số",
                f"“{text}” is not a number",
                key,
                fix_vi="ghi một số, ví dụ 7,5",
                fix_en="write a number, e.g. 7.5",
            )
            return None

    def ranged(
        self, key: str, low: float, high: float, default: float | None, low_included: bool
    ) -> float | None:
        """A number within its range (``default`` when left out; an error when required)."""
        before = len(self.problems)
        value = self.number(key)
        if value is None:
            if default is None and len(self.problems) == before:
                self.error(f"thiếu {key}", f"{key} is missing", key, "điền giá trị", "fill it in")
            return default
        inside = (value >= low if low_included else value > low) and value <= high
        if not inside:
            above = "từ" if low_included else "lớn hơn"
            self.error(
                f"{key} = {_shown(value)} nằm ngoài khoảng cho phép",
                f"{key} = {value:g} is out of range",
                key,
                fix_vi=f"ghi số {above} {_shown(low)} và không quá {_shown(high)}",
                fix_en=f"write a number {'from' if low_included else 'above'} {low:g}, "
                f"at most {high:g}",
            )
            return None
        return value


# --- the fields -----------------------------------------------------------------------------------


def _team_id(reader: _RecordReader) -> str:
    team_id = reader.text("id")
    if not team_id:
        reader.error("tổ cần id", "the team needs an id", "id", fix_vi="ví dụ T1", fix_en="e.g. T1")
    elif not re.fullmatch(TEAM_ID_PATTERN, team_id):
        reader.error(
            f"id “{team_id}”: chỉ được dùng chữ không dấu, số, - và _",
            f"id “{team_id}”: only ASCII letters, digits, - and _",
            "id",
            fix_vi="ví dụ T1 hoặc To_2",
            fix_en="e.g. T1 or To_2",
        )
    return team_id


def _lat_lon(value: object) -> tuple[float, float] | None:
    """A ``(lat, lon)`` pair, or "LAT,LON" / "LAT;LON" text; ``None`` when it is neither."""
    if isinstance(value, str):
        parts = value.split(";") if ";" in value else value.split(",")
        if len(parts) != 2:
            return None
        try:
            return float(parts[0].replace(",", ".")), float(parts[1].replace(",", "."))
        except ValueError:
            return None
    if isinstance(value, Sequence) and len(value) == 2:
        try:
            return float(value[0]), float(value[1])
        except (TypeError, ValueError):
            return None
    return None


def _commune_base(
    reader: _RecordReader,
    text: str,
    field: str,
    venues: Mapping[str, GeoPoint],
    aliases: Mapping[str, str],
) -> tuple[GeoPoint | None, str]:
    code = text if text in venues else aliases.get(text, text)
    if code in venues:
        return venues[code], code
    reader.error(
        f"không có xã mã “{text}” trong danh sách xã",
        f"no commune with code “{text}”",
        field,
        fix_vi="dùng mã của một xã trong danh sách xã, hoặc toạ độ trụ sở (vĩ độ, kinh độ)",
        fix_en="use a commune code from the commune list, or the base's coordinates (lat, lon)",
    )
    return None, ""


def _point_base(reader: _RecordReader, lat: float, lon: float, field: str) -> GeoPoint | None:
    if VIETNAM_BOUNDS.contains(lat, lon):
        return GeoPoint(lat, lon)
    reader.error(
        f"trụ sở tổ không nằm ở Việt Nam: {lat}, {lon}",
        f"team base is not in Vietnam: {lat}, {lon}",
        field,
        fix_vi=f"ghi vĩ độ, kinh độ theo WGS84 ({VIETNAM_BOUNDS.ranges_vi()}), ví dụ 22.83, 106.52",
        fix_en=f"give WGS84 latitude, longitude ({VIETNAM_BOUNDS.ranges_en()}), e.g. 22.83, 106.52",
    )
    return None


def _base(
    reader: _RecordReader, venues: Mapping[str, GeoPoint], aliases: Mapping[str, str]
) -> tuple[GeoPoint | None, str]:
    """The team's base and, when it is a commune's venue, that commune's code."""
    code = reader.text("base_commune")
    if code:
        return _commune_base(reader, code, "base_commune", venues, aliases)
    given = reader.record.get("base")
    if _text(given) or (given is not None and not isinstance(given, str | float)):
        pair = _lat_lon(given)
        if pair is None:
            return _commune_base(reader, _text(given), "base", venues, aliases)
        return _point_base(reader, *pair, "base"), ""
    before = len(reader.problems)
    lat, lon = reader.number("base_lat"), reader.number("base_lon")
    if lat is not None and lon is not None:
        return _point_base(reader, lat, lon, "base_lat/base_lon"), ""
    if len(reader.problems) == before:
        reader.error(
            "trụ sở cần mã xã hoặc toạ độ (vĩ độ, kinh độ)",
            "the base needs a commune code or coordinates (lat, lon)",
            "base_lat/base_lon",
            fix_vi=f"ghi mã xã, hoặc vĩ độ và kinh độ ({VIETNAM_BOUNDS.ranges_vi()})",
            fix_en=f"give a commune code, or latitude and longitude ({VIETNAM_BOUNDS.ranges_en()})",
        )
    return None, ""


def _items(value: object) -> list[object]:
    """A typed list: a list as given, or text split at ``;`` and ``,``."""
    if isinstance(value, list | tuple | set | frozenset):
        return list(value)
    return list(_text(value).replace(";", ",").split(","))


def _weekdays(reader: _RecordReader) -> frozenset[int]:
    if "working_weekdays" not in reader.record:
        return TEAM_DEFAULTS.working_weekdays
    words = [_text(w) for w in _items(reader.record["working_weekdays"]) if _text(w)]
    bad = [w for w in words if w.casefold() not in WEEKDAY_ALIASES]
    if bad or not words:
        reader.error(
            f"ngày làm việc không hợp lệ: {', '.join(bad)}"
            if bad
            else "tổ không có ngày làm việc nào trong tuần",
            f"invalid working weekdays: {', '.join(bad)}" if bad else "no working weekday",
            "working_weekdays",
            fix_vi="dùng T2, T3, T4, T5, T6, T7, CN, ví dụ T2,T3,T4,T5,T6",
            fix_en="use T2, T3, T4, T5, T6, T7, CN (Mon..Sun), e.g. T2,T3,T4,T5,T6",
        )
    return frozenset(
        WEEKDAY_ALIASES[w.casefold()] for w in words if w.casefold() in WEEKDAY_ALIASES
    )


def _days_off(reader: _RecordReader) -> frozenset[dt.date]:
    days: set[dt.date] = set()
    for item in _items(reader.record.get("days_off")):
        if isinstance(item, dt.date):
            days.add(item)
            continue
        text = _text(item)
        day = parse_day_text(text) if text else None
        if day is not None:
            days.add(day)
        elif text:
            reader.error(
                f"“{text}” không phải ngày",
                f"“{text}” is not a date",
                "days_off",
                fix_vi="viết dạng 20/12/2022 hoặc 2022-12-20; các ngày cách nhau bằng dấu ;",
                fix_en="write 20/12/2022 or 2022-12-20; separate dates with ;",
            )
    return frozenset(days)


def _start_time(reader: _RecordReader) -> dt.time:
    given = reader.record.get("start_time")
    if isinstance(given, dt.time):
        return given
    text = _text(given) or DEFAULT_START_TIME
    try:
        return dt.time.fromisoformat(text)
    except ValueError:
        reader.error(
            f"giờ bắt đầu “{text}” phải dạng HH:MM",
            f"start time “{text}” must be HH:MM",
            "start_time",
            fix_vi="ví dụ 07:30",
            fix_en="e.g. 07:30",
        )
        return dt.time.fromisoformat(DEFAULT_START_TIME)


# --- records → teams -----------------------------------------------------------------------------


def team_from_record(
    record: Mapping[str, object],
    venues: Mapping[str, GeoPoint],
    place: RecordPlace,
    aliases: Mapping[str, str] | None = None,
) -> tuple[Team | None, list[Problem]]:
    """One team record → the team (``None`` when any field is wrong) and every problem found.

    ``venues`` maps commune codes to their venue (a base at a commune starts there);
    ``aliases`` maps other words for a commune (its name, as a teams file may give it) to its
    code.
    """
    reader = _RecordReader(record, place)
    team_id = _team_id(reader)
    base, base_commune = _base(reader, venues, aliases or {})
    rate = reader.ranged("apps_per_hour", 0.0, MAX_APPS_PER_HOUR, None, low_included=False)
    setup = reader.ranged("setup_min", 0, MAX_SETUP_MIN, DEFAULT_SETUP_MIN, low_included=True)
    shift = reader.ranged(
        "shift_hours", 0.0, MAX_SHIFT_HOURS, DEFAULT_SHIFT_HOURS, low_included=False
    )
    weekdays, days_off, start = _weekdays(reader), _days_off(reader), _start_time(reader)
    notes = record.get("notes")
    if reader.problems or base is None or rate is None or setup is None or shift is None:
        return None, reader.problems
    return (
        Team(
            team_id=team_id,
            name=reader.text("name") or team_id,
            base=base,
            apps_per_hour=rate,
            setup_min=round(setup),
            shift_min=round(shift * 60),
            start_time=start,
            working_weekdays=weekdays,
            days_off=days_off,
            base_name=reader.text("base_name"),
            base_commune=base_commune,
            notes=dict(notes) if isinstance(notes, Mapping) else {},
        ),
        [],
    )


def teams_from_records(
    records: Sequence[tuple[Mapping[str, object], RecordPlace]],
    venues: Mapping[str, GeoPoint],
    file: str,
    aliases: Mapping[str, str] | None = None,
) -> tuple[Team, ...]:
    """Every record → its team; raise :class:`~planning.errors.InputError` listing every problem
    (each record's, repeated ids, no team at all) when there is any."""
    problems: list[Problem] = []
    teams: list[Team] = []
    seen: set[str] = set()
    for record, place in records:
        team, found = team_from_record(record, venues, place, aliases)
        problems.extend(found)
        if team is None:
            continue
        if team.team_id in seen:
            problems.append(
                place.error(
                    f"id của tổ bị trùng: “{team.team_id}”",
                    f"duplicate team id “{team.team_id}”",
                    "id",
                    fix_vi="mỗi tổ một id riêng",
                    fix_en="give each team its own id",
                )
            )
            continue
        seen.add(team.team_id)
        teams.append(team)
    if not records:
        problems.append(
            error(
                "cần ít nhất một tổ",
                "at least one team is needed",
                file=file,
                fix_vi="thêm một tổ",
                fix_en="add a team",
            )
        )
    raise_if_errors(problems)
    return tuple(teams)


# --- teams files ----------------------------------------------------------------------------------

#: Columns of a teams file (CSV or Excel), in the order the README gives them. ``team_id`` may
#: also be written ``id``; ``base`` is a commune code or name (its venue) or "LAT,LON".
TEAMS_FILE_COLUMNS: tuple[str, ...] = (
    "team_id",
    "name",
    "base",
    "apps_per_hour",
    "setup_min",
    "shift_hours",
    "working_weekdays",
)
#: Columns a teams file may add.
TEAMS_FILE_OPTIONAL: tuple[str, ...] = ("base_name", "start_time", "days_off")
TEAMS_FILE_REQUIRED: tuple[str, ...] = ("team_id", "base", "apps_per_hour")
#: A teams file is small: bounded work whatever the file holds.
MAX_TEAMS_FILE_BYTES = 1_000_000
MAX_TEAMS = 200
_MAX_TEAMS_FILE_COLUMNS = 40


def _teams_file_problem(file: str, vi: str, en: str, fix_vi: str, fix_en: str) -> InputError:
    return InputError([error(vi, en, file=file, fix_vi=fix_vi, fix_en=fix_en)])


def _teams_grid(path: Path) -> list[list[object]]:
    """The cells of a teams file: CSV/TSV text (delimiter from the header line) or .xlsx."""
    kind = InputFileKind(what_vi="tệp danh sách tổ", what_en="teams file", field="--teams-file")
    return read_grid(path, kind, MAX_TEAMS_FILE_BYTES, MAX_TEAMS + 20, _MAX_TEAMS_FILE_COLUMNS)


def read_teams_file(path: str | Path) -> list[tuple[dict[str, object], RecordPlace]]:
    """The rows of a teams file as team records, each with its file and row.

    Columns: :data:`TEAMS_FILE_COLUMNS` (``team_id``, ``base`` and ``apps_per_hour`` required)
    and :data:`TEAMS_FILE_OPTIONAL`; an unknown column is an error (a typo never does nothing
    silently). The records still hold the base as typed: see :func:`resolve_team_bases`.
    """
    path = Path(path)
    grid = _teams_grid(path)
    numbered = [(i, row) for i, row in enumerate(grid, 1) if any(_text(c) for c in row)]
    if not numbered:
        raise _teams_file_problem(
            path.name,
            "Tệp không có dòng nào.",
            "The file has no rows.",
            "dòng đầu là tiêu đề cột, mỗi tổ một dòng",
            "a header row, then one row per team",
        )
    header_row, header = numbered[0]
    columns = [_text(c).casefold().replace(" ", "_") for c in header]
    columns = ["team_id" if c == "id" else c for c in columns]
    _check_teams_header(columns, header_row, path.name)
    records: list[tuple[dict[str, object], RecordPlace]] = []
    for row_number, row in numbered[1:]:
        record: dict[str, object] = {}
        for column, value in zip(columns, row, strict=False):
            if column and _text(value):
                record["id" if column == "team_id" else column] = value
        records.append((record, RecordPlace(path.name, row_number)))
    if len(records) > MAX_TEAMS:
        raise _teams_file_problem(
            path.name,
            f"Tệp có hơn {MAX_TEAMS} tổ.",
            f"The file has more than {MAX_TEAMS} teams.",
            "kiểm tra lại tệp: mỗi tổ một dòng",
            "check the file: one row per team",
        )
    return records


def _check_teams_header(columns: list[str], row: int, file: str) -> None:
    allowed = set(TEAMS_FILE_COLUMNS) | set(TEAMS_FILE_OPTIONAL)
    unknown = [c for c in columns if c and c not in allowed]
    missing = [c for c in TEAMS_FILE_REQUIRED if c not in columns]
    problems = []
    listed = ", ".join((*TEAMS_FILE_COLUMNS, *TEAMS_FILE_OPTIONAL))
    if unknown:
        problems.append(
            error(
                f"cột không hợp lệ: {', '.join(unknown)}",
                f"unknown column(s): {', '.join(unknown)}",
                file=file,
                row=row,
                fix_vi=f"các cột dùng được: {listed}",
                fix_en=f"the columns are: {listed}",
            )
        )
    if missing:
        problems.append(
            error(
                f"thiếu cột: {', '.join(missing)}",
                f"missing column(s): {', '.join(missing)}",
                file=file,
                row=row,
                fix_vi=f"dòng tiêu đề cần các cột: {listed}",
                fix_en=f"the header row needs: {listed}",
            )
        )
    raise_if_errors(problems)


def resolve_team_bases(
    records: Sequence[tuple[dict[str, object], RecordPlace]],
    communes: Sequence[tuple[str, str]],
    aliases: Mapping[str, str],
    nearby: Sequence[tuple[str, str]] = (),
    venue_of: Callable[[str], GeoPoint] | None = None,
) -> list[tuple[dict[str, object], RecordPlace]]:
    """Each record's ``base`` as the team rules read it.

    ``base`` "LAT,LON" stays; a code or name of one of ``communes`` (code, name; ``aliases``:
    other name → code) becomes ``base_commune``; a code or name of one of ``nearby`` (communes
    outside the scenario, e.g. the rest of the province) becomes that commune's venue point
    (``venue_of``) with its name as ``base_name``. A name that matches nothing, or several
    communes, is an error naming the row and the closest communes.
    """

    codes = {code for code, _ in communes}
    outside = dict(nearby)
    problems: list[Problem] = []
    out: list[tuple[dict[str, object], RecordPlace]] = []
    for record, place in records:
        given = record.get("base")
        text = _text(given)
        if not text or _lat_lon(given) is not None:
            out.append((record, place))
            continue
        code = text.zfill(5) if text.isdigit() else ""
        if code not in codes and code not in outside:
            result = match_names([text], [*communes, *nearby], aliases)
            if not result.ok:
                problems += _base_name_problems(result, text, place)
                continue
            code = result.matched[text]
        record = {k: v for k, v in record.items() if k != "base"}
        if code in codes:
            record["base_commune"] = code
            record.setdefault("base_name", dict(communes)[code])
        elif venue_of is not None:
            point = venue_of(code)
            record["base"] = (point.lat, point.lon)
            record.setdefault("base_name", outside[code])
        out.append((record, place))
    raise_if_errors(problems)
    return out


def _base_name_problems(result: Any, text: str, place: RecordPlace) -> list[Problem]:
    candidates = [*result.ambiguous.get(text, []), *result.unmatched.get(text, [])]
    listed = ", ".join(f"{c.name} ({c.code})" for c in candidates) or "—"
    many = text in result.ambiguous
    return [
        place.error(
            f"trụ sở “{text}” khớp với nhiều xã: {listed}"
            if many
            else f"trụ sở “{text}” không khớp xã nào; gần nhất: {listed}",
            f"base “{text}” matches several communes: {listed}"
            if many
            else f"base “{text}” matches no commune; closest: {listed}",
            "base",
            fix_vi='ghi mã xã 5 chữ số, tên xã đúng, hoặc toạ độ dạng "22.83,106.52"',
            fix_en='write the 5-digit commune code, the exact commune name, or "22.83,106.52"',
        )
    ]
