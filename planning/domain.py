"""The planning domain: frozen dataclasses, no I/O, no Streamlit, no OR-Tools.

Everything the scheduler, the reports and the app share is defined here. Objects are immutable;
build changed copies with :func:`dataclasses.replace`. Validation of user input happens in
:mod:`planning.io.scenario` (it names files, rows and fields); the invariants checked here in
``__post_init__`` are the ones no valid object may break, whatever its origin.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from enum import StrEnum
from functools import cached_property
from typing import Any

from planning.frozen_map import frozen_map

#: Weekday numbers as Python counts them (Monday = 0) and the Vietnamese short names offices use.
WEEKDAY_CODES_VI: tuple[str, ...] = ("T2", "T3", "T4", "T5", "T6", "T7", "CN")
WEEKDAY_NAMES_VI: tuple[str, ...] = (
    "Thứ Hai",
    "Thứ Ba",
    "Thứ Tư",
    "Thứ Năm",
    "Thứ Sáu",
    "Thứ Bảy",
    "Chủ Nhật",
)
ALL_WEEKDAYS: frozenset[int] = frozenset(range(7))
#: No commune has more citizens than this (Vietnam's largest wards have a few hundred thousand):
#: a larger head count, daily cap or number of applications is a typing mistake, and would
#: overflow the solver's 64-bit arithmetic. Readers refuse it with a message naming the cell.
MAX_HEAD_COUNT = 10_000_000


class NonCollectableReason(StrEnum):
    """Why a citizen counted as "not yet issued" cannot be enrolled by a team visit.

    These people need records clean-up or another locality's police, not a visit, so the plan
    works on the *collectable* backlog only (domain brief, Đak Đoa review).
    """

    DEAD = "dead"
    PRISON = "prison"
    MILITARY = "military"
    UNKNOWN_WHEREABOUTS = "unknown_whereabouts"
    OTHER_PROVINCE = "other_province"
    ABROAD = "abroad"

    @property
    def label_vi(self) -> str:
        """Vietnamese label, as the review documents word it."""
        return _REASON_LABELS_VI[self]

    @property
    def label_en(self) -> str:
        """English label."""
        return _REASON_LABELS_EN[self]


_REASON_LABELS_VI = {
    NonCollectableReason.DEAD: "Đã chết nhưng chưa xóa đăng ký",
    NonCollectableReason.PRISON: "Đang chấp hành án phạt tù",
    NonCollectableReason.MILITARY: "Đang thực hiện nghĩa vụ quân sự",
    NonCollectableReason.UNKNOWN_WHEREABOUTS: "Vắng mặt, không rõ nơi cư trú",
    NonCollectableReason.OTHER_PROVINCE: "Đi làm ăn, học tập ở tỉnh khác",
    NonCollectableReason.ABROAD: "Ở nước ngoài",
}
_REASON_LABELS_EN = {
    NonCollectableReason.DEAD: "Dead but still registered",
    NonCollectableReason.PRISON: "In prison",
    NonCollectableReason.MILITARY: "On military service",
    NonCollectableReason.UNKNOWN_WHEREABOUTS: "Absent, whereabouts unknown",
    NonCollectableReason.OTHER_PROVINCE: "Working or studying in another province",
    NonCollectableReason.ABROAD: "Abroad",
}


def _frozen_mapping(value: Mapping[Any, Any] | None) -> Mapping[Any, Any]:
    # A FrozenMap, not a MappingProxyType: scenarios are pickled to the workers of a sweep.
    return frozen_map(value)


@dataclass(frozen=True)
class LatLonBox:
    """A latitude/longitude box in WGS84 degrees (edges included)."""

    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float

    def contains(self, lat: float, lon: float) -> bool:
        """True when the point (lat, lon) lies in the box."""
        return self.min_lat <= lat <= self.max_lat and self.min_lon <= lon <= self.max_lon

    def contains_extent(self, min_x: float, min_y: float, max_x: float, max_y: float) -> bool:
        """True when an extent given GIS-style (x = longitude first) lies in the box."""
        return self.contains(min_y, min_x) and self.contains(max_y, max_x)

    def ranges_vi(self) -> str:
        """'vĩ độ 6–25, kinh độ 100–112' — the box as messages state it."""
        return f"vĩ độ {self.min_lat:g}–{self.max_lat:g}, kinh độ {self.min_lon:g}–{self.max_lon:g}"

    def ranges_en(self) -> str:
        """'latitude 6–25, longitude 100–112'."""
        return (
            f"latitude {self.min_lat:g}–{self.max_lat:g}, "
            f"longitude {self.min_lon:g}–{self.max_lon:g}"
        )


#: Where typed coordinates in Vietnam can be (bases, venues) and where a boundary file's degrees
#: must fall to be taken as WGS84 over Vietnam: a plausibility box, not the border.
VIETNAM_BOUNDS = LatLonBox(min_lat=6.0, max_lat=25.0, min_lon=100.0, max_lon=112.0)


@dataclass(frozen=True)
class GeoPoint:
    """A WGS84 point (degrees)."""

    lat: float
    lon: float

    def __post_init__(self) -> None:
        if not (-90.0 <= self.lat <= 90.0 and -180.0 <= self.lon <= 180.0):
            raise ValueError(f"not a WGS84 point: lat={self.lat}, lon={self.lon}")

    def in_vietnam(self) -> bool:
        """True when the point lies in :data:`VIETNAM_BOUNDS`."""
        return VIETNAM_BOUNDS.contains(self.lat, self.lon)


def apportion(total: int, weights: Sequence[float]) -> list[int]:
    """``total`` split in proportion to ``weights`` by largest remainders: the parts sum to it.

    Equal weights when every weight is zero; ties go to the earlier part.
    """
    if not weights:
        return []
    positive = [max(float(w), 0.0) for w in weights]
    weight_sum = sum(positive)
    if weight_sum <= 0:
        positive, weight_sum = [1.0] * len(weights), float(len(weights))
    quotas = [total * w / weight_sum for w in positive]
    parts = [int(q) for q in quotas]
    order = sorted(range(len(quotas)), key=lambda i: (-(quotas[i] - parts[i]), i))
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


class PointKind(StrEnum):
    """What an intake point is: where the commune's People's Committee prepares the team's table."""

    COMMUNE_HALL = "commune_hall"
    FORMER_COMMUNE_HALL = "former_commune_hall"
    SCHOOL = "school"
    AGENCY = "agency"
    OTHER = "other"

    @property
    def label_vi(self) -> str:
        """Vietnamese label."""
        return _POINT_KIND_VI[self]

    @property
    def label_en(self) -> str:
        """English label."""
        return _POINT_KIND_EN[self]

    @property
    def default_weekdays(self) -> frozenset[int]:
        """The days a point of this kind opens when nobody said: schools and agencies on
        weekdays (Thứ Hai–Thứ Sáu), halls and other places every day."""
        if self in (PointKind.SCHOOL, PointKind.AGENCY):
            return frozenset(range(5))
        return ALL_WEEKDAYS


_POINT_KIND_VI = {
    PointKind.COMMUNE_HALL: "Trụ sở UBND xã",
    PointKind.FORMER_COMMUNE_HALL: "Trụ sở UBND xã cũ",
    PointKind.SCHOOL: "Trường học",
    PointKind.AGENCY: "Cơ quan, doanh nghiệp",
    PointKind.OTHER: "Địa điểm khác",
}
_POINT_KIND_EN = {
    PointKind.COMMUNE_HALL: "Commune hall",
    PointKind.FORMER_COMMUNE_HALL: "Former commune hall",
    PointKind.SCHOOL: "School",
    PointKind.AGENCY: "Agency or enterprise",
    PointKind.OTHER: "Other place",
}
#: What a point id may hold (written into plan files and travel matrices, used as a key).
POINT_ID_PATTERN = r"^[A-Za-z0-9_.-]+$"


@dataclass(frozen=True)
class IntakePoint:
    """A place where a team sets up to take applications: a commune hall, a former commune hall,
    a school, an agency or enterprise, or another place the commune prepares.

    As the planner stated it: ``backlog`` is the point's own collectable backlog, or
    ``backlog_share_pct`` a share of the commune's, or neither (an equal part of what the
    commune's other points leave: see :func:`resolve_point_backlogs`). Left out, ``location`` is
    the commune's venue, ``daily_cap`` the commune's (else the scenario default) and
    ``weekdays`` the kind's (:attr:`PointKind.default_weekdays`); ``open_dates`` non-empty = only
    those dates (an enterprise's); ``open_from``/``open_until`` the hours the place is open.
    The commune's own earliest date and blackout dates hold at every one of its points.
    ``implicit`` marks the one point of a commune that lists none (its venue: today's plans).
    """

    point_id: str
    commune_code: str
    name: str
    kind: PointKind = PointKind.COMMUNE_HALL
    location: GeoPoint | None = None
    location_is_default: bool = False
    backlog: int | None = None
    backlog_share_pct: float | None = None
    daily_cap: int | None = None
    weekdays: frozenset[int] | None = None
    open_from: dt.time | None = None
    open_until: dt.time | None = None
    open_dates: frozenset[dt.date] = frozenset()
    earliest_date: dt.date | None = None
    blackout_dates: frozenset[dt.date] = frozenset()
    landmark: str = ""
    note: str = ""
    implicit: bool = False

    def __post_init__(self) -> None:
        where = f"point {self.point_id}"
        if not re.fullmatch(POINT_ID_PATTERN, self.point_id) or self.point_id.startswith("BASE"):
            raise ValueError(f"{where}: not a valid point id")
        if self.backlog is not None and not 0 <= self.backlog <= MAX_HEAD_COUNT:
            raise ValueError(f"{where}: backlog out of range")
        if self.backlog is not None and self.backlog_share_pct is not None:
            raise ValueError(f"{where}: both a backlog and a share")
        if self.backlog_share_pct is not None and not 0 <= self.backlog_share_pct <= 100:
            raise ValueError(f"{where}: share must be 0..100 %")
        if self.daily_cap is not None and not 0 < self.daily_cap <= MAX_HEAD_COUNT:
            raise ValueError(f"{where}: daily_cap must be positive")
        if self.weekdays is not None and not (self.weekdays and self.weekdays <= ALL_WEEKDAYS):
            raise ValueError(f"{where}: weekdays must be a non-empty subset of 0..6")
        if (
            self.open_from is not None
            and self.open_until is not None
            and self.open_until <= self.open_from
        ):
            raise ValueError(f"{where}: closes before it opens")

    @property
    def open_weekdays(self) -> frozenset[int]:
        """The weekdays the point opens (its own, else its kind's)."""
        return self.kind.default_weekdays if self.weekdays is None else self.weekdays

    @property
    def open_from_min(self) -> int | None:
        """Opening time in minutes after midnight (``None``: no opening time)."""
        return None if self.open_from is None else self.open_from.hour * 60 + self.open_from.minute

    @property
    def open_until_min(self) -> int | None:
        """Closing time in minutes after midnight (``None``: no closing time)."""
        if self.open_until is None:
            return None
        return self.open_until.hour * 60 + self.open_until.minute

    @property
    def has_hours(self) -> bool:
        """True when the point gives opening or closing hours."""
        return self.open_from is not None or self.open_until is not None


class BacklogMismatchKind(StrEnum):
    """Why a commune's points cannot share its collectable backlog."""

    OVER = "over"  # the points' own figures and shares exceed the commune's backlog
    UNDER = "under"  # every point has its figure and together they leave people to no point
    SHARES_OVER_100 = "shares_over_100"


@dataclass(frozen=True)
class BacklogMismatch:
    """The commune's collectable backlog and what its points' stated figures add up to."""

    kind: BacklogMismatchKind
    commune_backlog: int
    stated: int


def resolve_point_backlogs(
    total: int, points: Sequence[IntakePoint]
) -> tuple[dict[str, int], BacklogMismatch | None]:
    """Each point's collectable backlog out of the commune's ``total`` (the stated rule).

    A point with its own figure keeps it; a point with a share gets that percentage of the
    commune's backlog (shares rounded together by largest remainders); the points with neither
    share what is left equally (largest remainders; earlier points first). The parts always sum
    to ``total`` when there is no mismatch; with one, the second value says what is wrong.
    """
    own = {p.point_id: p.backlog for p in points if p.backlog is not None}
    shared = [p for p in points if p.backlog is None and p.backlog_share_pct is not None]
    rest = [p for p in points if p.backlog is None and p.backlog_share_pct is None]
    result: dict[str, int] = {k: v for k, v in own.items() if v is not None}
    pct = sum(p.backlog_share_pct or 0.0 for p in shared)
    if pct > 100 + 1e-9:
        return result, BacklogMismatch(BacklogMismatchKind.SHARES_OVER_100, total, round(pct))
    if shared:
        weights = [p.backlog_share_pct or 0.0 for p in shared] + [100 - pct]
        parts = apportion(total, weights) if pct > 0 else [0] * len(weights)
        result |= {p.point_id: n for p, n in zip(shared, parts, strict=False)}
    stated = sum(result.values())
    left = total - stated
    if left < 0:
        return result, BacklogMismatch(BacklogMismatchKind.OVER, total, stated)
    if rest:
        equal = apportion(left, [1] * len(rest))
        result |= dict(zip((p.point_id for p in rest), equal, strict=True))
    elif left > 0:
        return result, BacklogMismatch(BacklogMismatchKind.UNDER, total, stated)
    return {p.point_id: result[p.point_id] for p in points}, None


@dataclass(frozen=True)
class Commune:
    """A commune-level unit (xã, phường, thị trấn) of the planning area with its backlog.

    ``not_issued`` is what the office's table says is "chưa được cấp"; ``non_collectable``
    breaks down the part of it that a visit cannot serve. ``of_age`` and ``issued`` may be
    unknown (``None``) where a document gave only the backlog. ``venue_is_default`` marks a
    venue computed from the boundary (a point inside the commune) rather than given by the user.
    """

    code: str
    name: str
    not_issued: int
    of_age: int | None = None
    issued: int | None = None
    non_collectable: Mapping[NonCollectableReason, int] = field(default_factory=dict)
    aliases: tuple[str, ...] = ()
    venue: GeoPoint | None = None
    venue_name: str = ""
    venue_is_default: bool = False
    priority: int = 1
    earliest_date: dt.date | None = None
    blackout_dates: frozenset[dt.date] = frozenset()
    daily_cap: int | None = None
    estimated_fields: frozenset[str] = frozenset()
    note: str = ""
    points: tuple[IntakePoint, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "non_collectable", _frozen_mapping(self.non_collectable))
        object.__setattr__(self, "points", tuple(self.points))
        if self.not_issued < 0:
            raise ValueError(f"{self.code}: not_issued is negative")
        if any(v < 0 for v in self.non_collectable.values()):
            raise ValueError(f"{self.code}: a non-collectable count is negative")
        if self.non_collectable_total > self.not_issued:
            raise ValueError(f"{self.code}: non-collectable counts exceed not_issued")
        if self.priority < 1:
            raise ValueError(f"{self.code}: priority must be at least 1")
        if self.daily_cap is not None and self.daily_cap <= 0:
            raise ValueError(f"{self.code}: daily_cap must be positive")
        counts = (self.not_issued, self.of_age, self.issued, self.daily_cap)
        if any(c is not None and c > MAX_HEAD_COUNT for c in counts):
            raise ValueError(f"{self.code}: a count is above {MAX_HEAD_COUNT}")
        if any(p.commune_code != self.code or p.implicit for p in self.points):
            raise ValueError(f"{self.code}: a listed point belongs to another commune")
        if len({p.point_id for p in self.points}) != len(self.points):
            raise ValueError(f"{self.code}: point ids are not unique")
        if self.points and self.point_backlog_mismatch is not None:
            raise ValueError(f"{self.code}: the points do not share the backlog")

    @property
    def non_collectable_total(self) -> int:
        """Citizens counted as not issued whom no visit can serve."""
        return sum(self.non_collectable.values())

    @property
    def collectable_backlog(self) -> int:
        """Citizens a team visit can actually enrol: not issued minus non-collectable."""
        return self.not_issued - self.non_collectable_total

    @property
    def pct_not_issued(self) -> float | None:
        """Share of citizens of ID age not yet issued, in percent, when ``of_age`` is known."""
        if not self.of_age:
            return None
        return 100.0 * self.not_issued / self.of_age

    def is_estimated(self, field_name: str) -> bool:
        """True when the figure ``field_name`` is an estimate, not a published number."""
        return field_name in self.estimated_fields

    @property
    def intake_points(self) -> tuple[IntakePoint, ...]:
        """The commune's intake points: those listed, else one at its venue (id = its code)."""
        if self.points:
            return self.points
        implicit = IntakePoint(
            point_id=self.code,
            commune_code=self.code,
            name=self.venue_name or self.name,
            location=self.venue,
            location_is_default=self.venue_is_default,
            weekdays=ALL_WEEKDAYS,
            implicit=True,
        )
        return (implicit,)

    @property
    def point_backlog_mismatch(self) -> BacklogMismatch | None:
        """Why the listed points cannot share the collectable backlog (``None``: they can)."""
        return resolve_point_backlogs(self.collectable_backlog, self.points)[1]

    def point_backlogs(self) -> dict[str, int]:
        """Collectable backlog of each intake point (:func:`resolve_point_backlogs`)."""
        if not self.points:
            return {self.code: self.collectable_backlog}
        return resolve_point_backlogs(self.collectable_backlog, self.points)[0]


@dataclass(frozen=True)
class TeamDefaults:
    """What a team has when nobody said otherwise: the teams a new scenario drafts (``new``, the
    Data page, the national what-if) and any team record that leaves a field out (scenario TOML,
    teams file, the Data page's table).

    One set of values for all of them: a 10-hour shift from 07:00 including travel, weekends
    worked, 30 minutes' setup, about 20 applications an hour. That is how the documented
    campaigns ran their peak periods (every day, "at any hour": Trùng Khánh and Cao Bằng 07:00–
    17:00, Đak Đoa 07:00–18:00) and what every shipped scenario states; a team on office hours
    is entered as such (``shift_hours = 8``).
    """

    apps_per_hour: float = 20.0
    setup_min: int = 30
    shift_min: int = 600
    start_time: dt.time = dt.time(7, 0)
    working_weekdays: frozenset[int] = ALL_WEEKDAYS

    @property
    def shift_hours(self) -> float:
        """The shift in hours, as a person types it."""
        return self.shift_min / 60


#: The one set of team defaults (see :class:`TeamDefaults`).
TEAM_DEFAULTS = TeamDefaults()


@dataclass(frozen=True)
class Team:
    """A mobile intake team (tổ cấp CCCD lưu động).

    ``base_commune``, when set, says the base is that commune's venue (``base`` then holds its
    point); ``shift_min`` covers travel, setup and service.
    """

    team_id: str
    name: str
    base: GeoPoint
    apps_per_hour: float
    setup_min: int
    shift_min: int
    start_time: dt.time = TEAM_DEFAULTS.start_time
    working_weekdays: frozenset[int] = TEAM_DEFAULTS.working_weekdays
    days_off: frozenset[dt.date] = frozenset()
    base_name: str = ""
    base_commune: str = ""
    notes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", _frozen_mapping(self.notes))
        if self.apps_per_hour <= 0:
            raise ValueError(f"team {self.team_id}: apps_per_hour must be positive")
        if self.setup_min < 0:
            raise ValueError(f"team {self.team_id}: setup_min must not be negative")
        if not 0 < self.shift_min <= 24 * 60:
            raise ValueError(f"team {self.team_id}: shift_min must be within one day")
        if not self.working_weekdays:
            raise ValueError(f"team {self.team_id}: no working weekday")
        if not self.working_weekdays <= ALL_WEEKDAYS:
            raise ValueError(f"team {self.team_id}: weekdays must be 0..6")

    @property
    def minutes_per_application(self) -> float:
        """Service time of one application, in minutes."""
        return 60.0 / self.apps_per_hour

    @property
    def start_min(self) -> int:
        """The shift's start time in minutes after midnight."""
        return self.start_time.hour * 60 + self.start_time.minute


@dataclass(frozen=True)
class Calendar:
    """The planning window and the days nobody works.

    ``deadline`` is inclusive: work done on the deadline date counts. ``holidays`` holds the
    public holidays (from the ``holidays`` package, lunar Tết included) plus the user's own
    additions, each with its name.
    """

    start: dt.date
    deadline: dt.date
    holidays: Mapping[dt.date, str] = field(default_factory=dict)
    observe_public_holidays: bool = True
    extra_holidays: Mapping[dt.date, str] = field(default_factory=dict)
    invitation_lead_days: int = 2
    notes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "holidays", _frozen_mapping(self.holidays))
        object.__setattr__(self, "extra_holidays", _frozen_mapping(self.extra_holidays))
        object.__setattr__(self, "notes", _frozen_mapping(self.notes))
        if self.deadline < self.start:
            raise ValueError("deadline is before the plan start")
        if self.invitation_lead_days < 0:
            raise ValueError("invitation_lead_days must not be negative")

    def dates(self) -> list[dt.date]:
        """Every calendar date from start to deadline, inclusive."""
        n = (self.deadline - self.start).days + 1
        return [self.start + dt.timedelta(days=i) for i in range(n)]

    def is_holiday(self, day: dt.date) -> bool:
        """True when ``day`` is a day off for everyone (public holiday or user addition)."""
        return day in self.holidays

    def default_earliest_date(self) -> dt.date:
        """First date a commune may be visited when it gives none: invitations need lead time."""
        return self.start + dt.timedelta(days=self.invitation_lead_days)


@dataclass(frozen=True)
class TravelSettings:
    """How driving time is estimated without a road network.

    Minutes = great-circle km × ``detour_factor`` ÷ ``speed_kmh`` × 60, unless the user supplies a
    matrix (``matrix_min``: label pair → minutes; labels are intake point ids — a commune's code
    where it lists no points — and ``BASE_<team>``), which then takes precedence for the pairs it
    covers.
    """

    speed_kmh: float = 30.0
    detour_factor: float = 1.4
    matrix_file: str = ""
    matrix_min: Mapping[tuple[str, str], float] = field(default_factory=dict)
    notes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "matrix_min", _frozen_mapping(self.matrix_min))
        object.__setattr__(self, "notes", _frozen_mapping(self.notes))
        if self.speed_kmh <= 0:
            raise ValueError("speed_kmh must be positive")
        if self.detour_factor < 1.0:
            raise ValueError("detour_factor must be at least 1")


@dataclass(frozen=True)
class Rules:
    """Scenario-wide scheduling rules.

    ``min_apps_per_stop``: a stop must take at least this many applications, or the commune's
    whole (smaller) backlog — a setup and a commune's invitations for a handful of people is not
    a visit a planner would announce.
    """

    max_teams_per_commune_day: int | None = None
    max_stops_per_day: int = 3
    min_apps_per_stop: int = 20
    allow_overnight: bool = False
    overnight_min_one_way_min: int = 60
    default_daily_cap: int | None = None
    notes: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        object.__setattr__(self, "notes", _frozen_mapping(self.notes))
        if self.max_teams_per_commune_day is not None and self.max_teams_per_commune_day < 1:
            raise ValueError("max_teams_per_commune_day must be at least 1")
        if self.max_stops_per_day < 1:
            raise ValueError("max_stops_per_day must be at least 1")
        if self.min_apps_per_stop < 1:
            raise ValueError("min_apps_per_stop must be at least 1")
        if self.default_daily_cap is not None and self.default_daily_cap > MAX_HEAD_COUNT:
            raise ValueError(f"default_daily_cap is above {MAX_HEAD_COUNT}")


@dataclass(frozen=True)
class Visit:
    """Applications taken (or planned, or pinned) by one team at one commune on one date, at
    one of its intake points (``point_id``; left empty: the commune's code, its only point)."""

    team_id: str
    date: dt.date
    commune_code: str
    applications: int
    point_id: str = ""

    def __post_init__(self) -> None:
        if not self.point_id:
            object.__setattr__(self, "point_id", self.commune_code)

    @property
    def point(self) -> str:
        """The intake point's id (the commune's code for a commune without listed points)."""
        return self.point_id


@dataclass(frozen=True)
class BoundarySource:
    """Where a scenario's commune boundaries come from and how their features are keyed."""

    path: str = ""
    code_field: str = ""
    name_field: str = ""


class ChoiceKind(StrEnum):
    """What a planner chose for a table row the tool could not settle alone."""

    FORMER = "former"  # the row is this former (pre-2025) unit: its figures go where it went
    COMMUNE = "commune"  # the row's figures go to this 2025 commune
    LEAVE_OUT = "leave_out"  # the row is left out (stated in the totals)


@dataclass(frozen=True)
class RowChoice:
    """A planner's choice for a backlog-table row, kept with the scenario and reused when the
    same name comes again: the name as written, the former district the table gives it under
    ("" when none), what was chosen and the code (a former unit's or a 2025 commune's; "" when
    the row is left out)."""

    name: str
    kind: ChoiceKind
    code: str = ""
    district: str = ""


@dataclass(frozen=True)
class Scenario:
    """A complete planning problem: area, backlog, teams, calendar, travel and rules."""

    name: str
    communes: tuple[Commune, ...]
    teams: tuple[Team, ...]
    calendar: Calendar
    travel: TravelSettings = TravelSettings()
    rules: Rules = Rules()
    boundaries: BoundarySource = BoundarySource()
    description: str = ""
    pinned: tuple[Visit, ...] = ()
    facts: Mapping[str, str] = field(default_factory=dict)
    #: The planner's choices for the rows of the table the scenario was drafted from.
    row_choices: tuple[RowChoice, ...] = ()

    def __post_init__(self) -> None:
        object.__setattr__(self, "facts", _frozen_mapping(self.facts))
        codes = [c.code for c in self.communes]
        if len(set(codes)) != len(codes):
            raise ValueError("commune codes are not unique")
        ids = [t.team_id for t in self.teams]
        if len(set(ids)) != len(ids):
            raise ValueError("team ids are not unique")
        point_ids = [p.point_id for c in self.communes for p in c.intake_points]
        if len(set(point_ids)) != len(point_ids):
            raise ValueError("intake point ids are not unique")

    @cached_property
    def _communes_by_code(self) -> dict[str, Commune]:
        return {c.code: c for c in self.communes}

    @cached_property
    def _teams_by_id(self) -> dict[str, Team]:
        return {t.team_id: t for t in self.teams}

    def commune(self, code: str) -> Commune:
        """The commune with this code (``KeyError`` if there is none)."""
        return self._communes_by_code[code]

    @cached_property
    def points(self) -> tuple[IntakePoint, ...]:
        """Every intake point, commune by commune (a commune listing none has its venue's)."""
        return tuple(p for c in self.communes for p in c.intake_points)

    @cached_property
    def _points_by_id(self) -> dict[str, IntakePoint]:
        return {p.point_id: p for p in self.points}

    @cached_property
    def point_backlogs(self) -> Mapping[str, int]:
        """Collectable backlog of every intake point (they sum to each commune's)."""
        return frozen_map({k: v for c in self.communes for k, v in c.point_backlogs().items()})

    @property
    def has_listed_points(self) -> bool:
        """True when some commune lists its intake points (files then name the point)."""
        return any(c.points for c in self.communes)

    def point(self, point_id: str) -> IntakePoint:
        """The intake point with this id (``KeyError`` if there is none)."""
        return self._points_by_id[point_id]

    def point_label(self, point_id: str) -> str:
        """How texts name a stop: the commune's name for its only (implicit) point, else
        "Xã Ia Băng — Điểm UBND xã cũ Ia Pết"."""
        point = self.point(point_id)
        commune = self.commune(point.commune_code).name
        return commune if point.implicit else f"{commune} — {point.name}"

    def point_daily_cap(self, point: IntakePoint) -> int | None:
        """People per day the point can take: its own, else its commune's, else the default."""
        if point.daily_cap is not None:
            return point.daily_cap
        return self.daily_cap(self.commune(point.commune_code))

    def point_earliest_date(self, point: IntakePoint) -> dt.date:
        """The first date the point may open: its own and its commune's, whichever is later."""
        commune_day = self.earliest_date(self.commune(point.commune_code))
        return max(commune_day, point.earliest_date or commune_day)

    def point_open_on(self, point: IntakePoint, day: dt.date) -> bool:
        """True when a team may serve ``point`` on ``day``: on or after its earliest date, not a
        blackout date of the point or its commune, one of its weekdays and, when it lists
        dates, one of them."""
        commune = self.commune(point.commune_code)
        return (
            day >= self.point_earliest_date(point)
            and day not in commune.blackout_dates
            and day not in point.blackout_dates
            and day.weekday() in point.open_weekdays
            and (not point.open_dates or day in point.open_dates)
        )

    def team(self, team_id: str) -> Team:
        """The team with this id (``KeyError`` if there is none)."""
        return self._teams_by_id[team_id]

    @property
    def collectable_backlog(self) -> int:
        """Collectable backlog of the whole planning area."""
        return sum(c.collectable_backlog for c in self.communes)

    @property
    def not_issued(self) -> int:
        """Not-yet-issued citizens of the whole planning area (collectable or not)."""
        return sum(c.not_issued for c in self.communes)

    def earliest_date(self, commune: Commune) -> dt.date:
        """The first date this commune may be visited (its own, else the scenario default)."""
        return commune.earliest_date or self.calendar.default_earliest_date()

    def daily_cap(self, commune: Commune) -> int | None:
        """People per day the commune's venue can take (its own, else the scenario default)."""
        return commune.daily_cap if commune.daily_cap is not None else self.rules.default_daily_cap

    def team_working_dates(self, team: Team) -> list[dt.date]:
        """Dates from start to deadline on which this team works."""
        return [
            day
            for day in self.calendar.dates()
            if day.weekday() in team.working_weekdays
            and day not in team.days_off
            and not self.calendar.is_holiday(day)
        ]


@dataclass(frozen=True)
class Stop:
    """One stop of a team-day: an intake point of a commune served, or the return to base
    (``commune_code`` BASE). ``point_id`` empty: the commune's only point.

    Times are minutes after midnight of the team-day's date.
    """

    commune_code: str
    arrive_min: int
    depart_min: int
    applications: int
    travel_min: int
    point_id: str = ""

    BASE = "BASE"

    def __post_init__(self) -> None:
        if not self.point_id and self.commune_code != self.BASE:
            object.__setattr__(self, "point_id", self.commune_code)

    @property
    def is_base(self) -> bool:
        """True for the return-to-base row."""
        return self.commune_code == self.BASE

    @property
    def point(self) -> str:
        """The intake point's id (the commune's code for a commune without listed points)."""
        return self.point_id


@dataclass(frozen=True)
class TeamDay:
    """What one team does on one date: ordered stops, ending with the return to base.

    With an overnight stay the last stop is the commune where the team sleeps (no BASE row) and
    ``overnight_at`` names its intake point (the commune's code where it lists none); the next
    team-day then starts from there.
    """

    team_id: str
    date: dt.date
    stops: tuple[Stop, ...]
    overnight_at: str = ""
    pinned: bool = False

    @property
    def applications(self) -> int:
        """Applications expected over the day."""
        return sum(s.applications for s in self.stops)

    @property
    def travel_min(self) -> int:
        """Minutes driven over the day (including the return)."""
        return sum(s.travel_min for s in self.stops)

    def visits(self) -> list[Visit]:
        """The day's commune stops as visits."""
        return [
            Visit(self.team_id, self.date, s.commune_code, s.applications, s.point_id)
            for s in self.stops
            if not s.is_base
        ]


@dataclass(frozen=True)
class Plan:
    """A day-by-day plan: the team-days of every team, in date then team order."""

    team_days: tuple[TeamDay, ...]

    def visits(self) -> list[Visit]:
        """Every commune visit of the plan."""
        return [v for day in self.team_days for v in day.visits()]

    def collected_by_commune(self) -> dict[str, int]:
        """Expected applications per commune code."""
        totals: dict[str, int] = {}
        for visit in self.visits():
            totals[visit.commune_code] = totals.get(visit.commune_code, 0) + visit.applications
        return totals

    def collected_by_point(self) -> dict[str, int]:
        """Expected applications per intake point id."""
        totals: dict[str, int] = {}
        for visit in self.visits():
            totals[visit.point] = totals.get(visit.point, 0) + visit.applications
        return totals

    @property
    def applications(self) -> int:
        """Expected applications of the whole plan."""
        return sum(day.applications for day in self.team_days)

    @property
    def travel_min(self) -> int:
        """Minutes driven by all teams over the plan."""
        return sum(day.travel_min for day in self.team_days)
