"""The scenario TOML file, as pydantic models: unknown keys, missing keys and impossible values
are rejected with the key path, before anything becomes a domain object.

A scenario file looks like this (every key is documented in ``scenarios/README.md``)::

    [scenario]
    name = "Trùng Khánh, 12/2022"
    communes = "communes.csv"
    boundaries = "trung_khanh_2020-2025_21units.geojson"

    [calendar]
    start = 2022-12-06
    deadline = 2022-12-25

    [[teams]]
    id = "T1"
    base_commune = "01477"
    apps_per_hour = 20
"""

from __future__ import annotations

import datetime as dt
from typing import Annotated, Any, Literal

from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from planning.domain import MAX_HEAD_COUNT, TEAM_DEFAULTS, WEEKDAY_CODES_VI
from planning.errors import Problem, error
from planning.io.teams import (
    DEFAULT_SETUP_MIN,
    DEFAULT_SHIFT_HOURS,
    DEFAULT_START_TIME,
    MAX_APPS_PER_HOUR,
    MAX_SETUP_MIN,
    MAX_SHIFT_HOURS,
    TEAM_ID_PATTERN,
    WEEKDAY_ALIASES,
)

Notes = dict[str, str]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class ScenarioSection(_Strict):
    """``[scenario]``: name, files and reported facts."""

    name: Annotated[str, Field(min_length=1)]
    description: str = ""
    communes: str = "communes.csv"
    points: str = ""
    boundaries: str = ""
    boundary_code_field: str = ""
    boundary_name_field: str = ""
    facts: dict[str, str] = Field(default_factory=dict)


class CalendarSection(_Strict):
    """``[calendar]``: planning window, holidays, invitation lead time."""

    start: dt.date
    deadline: dt.date
    invitation_lead_days: Annotated[int, Field(ge=0, le=60)] = 2
    observe_public_holidays: bool = True
    extra_holidays: dict[str, str] = Field(default_factory=dict)
    notes: Notes = Field(default_factory=dict)

    @field_validator("extra_holidays")
    @classmethod
    def _iso_dates(cls, value: dict[str, str]) -> dict[str, str]:
        for key in value:
            dt.date.fromisoformat(key)
        return value

    @model_validator(mode="after")
    def _deadline_after_start(self) -> CalendarSection:
        if self.deadline < self.start:
            raise ValueError("deadline_before_start")
        return self


class TravelSection(_Strict):
    """``[travel]``: speed and detour factor, or a user matrix file."""

    speed_kmh: Annotated[float, Field(gt=0, le=120)] = 30.0
    detour_factor: Annotated[float, Field(ge=1.0, le=5.0)] = 1.4
    matrix: str = ""
    notes: Notes = Field(default_factory=dict)


class RulesSection(_Strict):
    """``[rules]``: scenario-wide scheduling rules."""

    max_teams_per_commune_day: Annotated[int, Field(ge=1)] | None = None
    max_stops_per_day: Annotated[int, Field(ge=1, le=5)] = 3
    min_apps_per_stop: Annotated[int, Field(ge=1, le=1000)] = 20
    allow_overnight: bool = False
    overnight_min_one_way_min: Annotated[int, Field(ge=0)] = 60
    default_daily_cap: Annotated[int, Field(gt=0, le=MAX_HEAD_COUNT)] | None = None
    notes: Notes = Field(default_factory=dict)


class TeamSection(_Strict):
    """One ``[[teams]]`` entry."""

    id: Annotated[str, Field(min_length=1, pattern=TEAM_ID_PATTERN)]
    name: str = ""
    base: tuple[float, float] | None = None
    base_commune: str = ""
    base_name: str = ""
    apps_per_hour: Annotated[float, Field(gt=0, le=MAX_APPS_PER_HOUR)]
    setup_min: Annotated[int, Field(ge=0, le=MAX_SETUP_MIN)] = DEFAULT_SETUP_MIN
    shift_hours: Annotated[float, Field(gt=0, le=MAX_SHIFT_HOURS)] = DEFAULT_SHIFT_HOURS
    start_time: str = DEFAULT_START_TIME
    working_weekdays: list[str] = Field(
        default_factory=lambda: [
            WEEKDAY_CODES_VI[d] for d in sorted(TEAM_DEFAULTS.working_weekdays)
        ]
    )
    days_off: list[dt.date] = Field(default_factory=list)
    notes: Notes = Field(default_factory=dict)

    @field_validator("working_weekdays")
    @classmethod
    def _weekdays(cls, value: list[str]) -> list[str]:
        if not value:
            raise ValueError("no_working_day")
        for day in value:
            if day.strip().casefold() not in WEEKDAY_ALIASES:
                raise ValueError(f"unknown_weekday:{day}")
        return value

    @field_validator("start_time")
    @classmethod
    def _hhmm(cls, value: str) -> str:
        dt.time.fromisoformat(value)
        return value

    @model_validator(mode="after")
    def _one_base(self) -> TeamSection:
        if (self.base is None) == (not self.base_commune):
            raise ValueError("base_xor_base_commune")
        return self


class PinnedSection(_Strict):
    """One ``[[pinned]]`` visit: announced to a commune, must not move."""

    team: str
    date: dt.date
    commune: str
    point: str = ""
    applications: Annotated[int, Field(ge=0, le=MAX_HEAD_COUNT)]


class RowChoiceSection(_Strict):
    """One ``[[row_choices]]``: what the planner chose for a row of the drafting table."""

    name: Annotated[str, Field(min_length=1)]
    choice: Literal["former", "commune", "leave_out"]
    code: str = ""
    district: str = ""

    @model_validator(mode="after")
    def _code_unless_left_out(self) -> RowChoiceSection:
        if (self.choice == "leave_out") != (not self.code):
            raise ValueError("row_choice_code")
        return self


class ScenarioFile(_Strict):
    """The whole TOML document."""

    scenario: ScenarioSection
    calendar: CalendarSection
    travel: TravelSection = TravelSection()
    rules: RulesSection = RulesSection()
    teams: Annotated[list[TeamSection], Field(min_length=1)]
    pinned: list[PinnedSection] = Field(default_factory=list)
    row_choices: list[RowChoiceSection] = Field(default_factory=list)


# --- turning pydantic's errors into Problems the planner can act on ---------------------------

_CUSTOM = {
    "deadline_before_start": (
        "hạn chót (deadline) sớm hơn ngày bắt đầu (start)",
        "the deadline is before the start date",
        "đặt deadline bằng hoặc sau start",
        "set deadline on or after start",
    ),
    "no_working_day": (
        "tổ không có ngày làm việc nào trong tuần",
        "the team has no working weekday",
        'liệt kê ít nhất một ngày, ví dụ working_weekdays = ["T2", "T3", "T4", "T5", "T6"]',
        'list at least one day, e.g. working_weekdays = ["T2", "T3", "T4", "T5", "T6"]',
    ),
    "row_choice_code": (
        "lựa chọn cho một dòng cần mã (đơn vị cũ hoặc xã 2025), trừ khi bỏ dòng đó",
        "a row choice needs a code (former unit or 2025 commune), unless the row is left out",
        'ví dụ choice = "commune", code = "03433"; hoặc choice = "leave_out" không có code',
        'e.g. choice = "commune", code = "03433"; or choice = "leave_out" with no code',
    ),
    "base_xor_base_commune": (
        "cần đúng một trong hai: base = [vĩ độ, kinh độ] hoặc base_commune = mã xã",
        "give exactly one of base = [lat, lon] or base_commune = commune code",
        'ví dụ base_commune = "01477" (trụ sở đặt tại điểm tiếp nhận của xã đó)',
        'e.g. base_commune = "01477" (base at that commune\'s venue)',
    ),
}

_BY_TYPE = {
    "missing": ("thiếu khóa bắt buộc", "required key is missing", "thêm khóa này", "add this key"),
    "extra_forbidden": (
        "khóa không hợp lệ (không có trong mẫu kịch bản)",
        "unknown key",
        "xóa khóa này hoặc sửa chính tả (xem scenarios/README.md)",
        "remove it or fix its spelling (see scenarios/README.md)",
    ),
    "greater_than": ("giá trị phải lớn hơn {gt}", "must be greater than {gt}", "", ""),
    "greater_than_equal": ("giá trị phải ≥ {ge}", "must be ≥ {ge}", "", ""),
    "less_than_equal": ("giá trị phải ≤ {le}", "must be ≤ {le}", "", ""),
    "string_too_short": ("không được để trống", "must not be empty", "", ""),
    "too_short": ("cần ít nhất {min_length} mục", "needs at least {min_length} item(s)", "", ""),
    "date_from_datetime_parsing": ("không phải ngày hợp lệ", "not a valid date", "YYYY-MM-DD", ""),
    "date_type": ("không phải ngày", "not a date", "viết dạng 2022-12-25", "write 2022-12-25"),
    "date_parsing": ("không phải ngày", "not a date", "viết dạng 2022-12-25", "write 2022-12-25"),
    "string_pattern_mismatch": (
        "chỉ được dùng chữ không dấu, số, - và _",
        "only ASCII letters, digits, - and _",
        "",
        "",
    ),
}


def _key_path(loc: tuple[Any, ...]) -> str:
    path = ""
    for part in loc:
        if isinstance(part, int):
            path += f"[{part + 1}]"
        elif not str(part).startswith(("function-", "tuple[", "constrained")):
            path += f".{part}" if path else str(part)
    return path


def validation_problems(exc: ValidationError, file: str) -> list[Problem]:
    """One :class:`Problem` per pydantic error, with the TOML key path (``teams[2].setup_min``)."""
    problems = []
    for err in exc.errors():
        key = _key_path(err["loc"])
        ctx = dict((err.get("ctx") or {}).items())
        message = str(ctx.get("error", err["msg"]))
        code = message.removeprefix("Value error, ")
        if code in _CUSTOM:
            vi, en, fix_vi, fix_en = _CUSTOM[code]
        elif code.startswith("unknown_weekday:"):
            day = code.split(":", 1)[1]
            vi, en = f"ngày trong tuần không hợp lệ: {day!r}", f"unknown weekday {day!r}"
            fix_vi = "dùng T2, T3, T4, T5, T6, T7, CN"
            fix_en = "use T2, T3, T4, T5, T6, T7, CN (Mon..Sun)"
        elif err["type"] in _BY_TYPE:
            vi, en, fix_vi, fix_en = (s.format(**ctx) for s in _BY_TYPE[err["type"]])
        else:
            vi = f"giá trị không hợp lệ ({err['msg']})"
            en, fix_vi, fix_en = f"invalid value ({err['msg']})", "", ""
        given = err.get("input")
        if err["type"] != "missing" and not isinstance(given, dict | list):
            vi += f"; giá trị hiện có: {given!r}"
            en += f"; value given: {given!r}"
        problems.append(error(vi, en, file=file, field=key, fix_vi=fix_vi, fix_en=fix_en))
    return problems
