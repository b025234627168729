"""Build a scenario from the files a planner has: a printed backlog table and either a boundary
file or the national 2025 commune layer (a province, or any set of 2025 communes).

With a boundary file, every table name is matched to a boundary feature (see
:mod:`planning.names`). On the national layer, the table's old, new or mixed names are mapped to
the 2025 communes through the crosswalk (:mod:`planning.io.national_scenario`). Either way
nothing is written unless every row is settled; the planner's choices (``aliases``: table name →
code) are saved with the scenario as aliases of the commune. Teams come from a teams file or are
``teams`` teams at a stated default base.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from planning.calendar import build_calendar
from planning.domain import (
    BoundarySource,
    Calendar,
    Commune,
    Rules,
    Scenario,
    Team,
    TravelSettings,
)
from planning.errors import InputError, Problem, error
from planning.io.teams import (
    RecordPlace,
    read_teams_file,
    resolve_team_bases,
    teams_from_records,
)
from planning.wording import default_scenario_name

DEFAULT_WINDOW_DAYS = 28
#: People a day a venue takes when the table gives no cap.
DEFAULT_DAILY_CAP = 250
DEFAULT_APPS_PER_HOUR = 20.0
DEFAULT_SETUP_MIN = 30
DEFAULT_SHIFT_MIN = 600
DEFAULT_START = dt.time(7, 0)
DEFAULT_TEAM_NOTES = {
    "apps_per_hour": "Mặc định: khoảng 20 hồ sơ/giờ cho tổ 2–3 máy thu nhận; sửa theo thực tế.",
    "setup_min": "Mặc định: 30 phút lắp đặt tại mỗi điểm.",
    "shift_hours": "Mặc định: ca 10 giờ (07:00–17:00) tính cả di chuyển.",
    "working_weekdays": "Mặc định: làm cả thứ Bảy, Chủ nhật như trong đợt cao điểm.",
}


@dataclass(frozen=True)
class NewScenarioRequest:
    """What ``python -m planning new`` was asked to build."""

    out_dir: Path
    table: Path
    boundaries: Path | None = None
    name: str = ""
    start: dt.date | None = None
    deadline: dt.date | None = None
    teams: int = 2
    base: tuple[float, float] | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    #: National layer (when ``boundaries`` is None): a province (name or code) and/or 2025
    #: communes (codes or names; ``area_source`` names where they were read from).
    province: str = ""
    area: tuple[str, ...] = ()
    area_source: str = "--area"
    #: Teams with their own bases (CSV/Excel), instead of ``teams`` teams at one base.
    teams_file: Path | None = None
    #: How an old unit split between several 2025 communes is shared ("" = not at all).
    split_rule: str = ""


@dataclass(frozen=True)
class NewScenarioOutcome:
    """The matching report and, when everything matched, the TOML written."""

    matched: dict[str, tuple[str, str, str]]  # table name → (code, boundary name, how)
    ambiguous: dict[str, list[Any]]
    unmatched: dict[str, list[Any]]
    warnings: tuple[Problem, ...]
    toml_path: Path | None
    base_note: str = ""
    #: On the national layer: the old → new mapping (a planning.unit_mapping.UnitMapping) and
    #: the outlines of the scenario's communes.
    mapping: Any = None
    features: Any = None

    def report_lines(self, lang: str = "vi") -> list[str]:
        """Human-readable matching report: every matched, ambiguous and unmatched name (on the
        national layer: every old → new line, the rows waiting for a choice, the totals)."""
        if self.mapping is not None:
            return self._mapping_lines(lang)
        vi = lang == "vi"
        how_vi = {"exact": "khớp", "alias": "theo bí danh", "variant": "khớp biến thể chính tả"}
        lines = [f"{'Đã khớp' if vi else 'Matched'}: {len(self.matched)}"]
        for name, (code, target, how) in self.matched.items():
            how_text = how_vi.get(how, how) if vi else how
            lines.append(f"  {name} → {target} ({code}) [{how_text}]")
        for title_vi, title_en, group in (
            ("Mơ hồ", "Ambiguous", self.ambiguous),
            ("Không khớp", "Unmatched", self.unmatched),
        ):
            if not group:
                continue
            lines.append(f"{title_vi if vi else title_en}: {len(group)}")
            for name, candidates in group.items():
                options = "; ".join(f"{c.name} ({c.code}, {c.score:.0f})" for c in candidates)
                label = "gần nhất" if vi else "closest"
                lines.append(f"  {name} — {label}: {options or '—'}")
        if self.base_note:
            lines.append(self.base_note)
        return lines

    def _mapping_lines(self, lang: str) -> list[str]:
        lines = list(self.mapping.report_lines(lang))
        if self.unmatched:
            lines.append("Cần chọn xã 2025:" if lang == "vi" else "Rows needing a 2025 commune:")
            for name, candidates in self.unmatched.items():
                options = "; ".join(f"{c.name} ({c.code})" for c in candidates) or "—"
                lines.append(f"  {name} — {options}")
        if self.base_note:
            lines.append(self.base_note)
        return lines


def table_or_raise(path: Path, national: bool = False) -> Any:
    """The backlog table read from ``path`` (:class:`InputError` when unreadable or empty);
    ``national``: a table across provinces (see :func:`planning.io.table.read_backlog_table`)."""
    from planning.io.table import read_backlog_table

    table = read_backlog_table(path, national=national)
    _table_problems_to_raise(table)
    return table


def _table_problems_to_raise(table: Any) -> None:
    if not table.rows:
        raise InputError(
            [
                error(
                    "bảng không có dòng số liệu nào",
                    "the table has no data rows",
                    file=table.source,
                    fix_vi="kiểm tra tệp bảng",
                    fix_en="check the table file",
                )
            ]
        )


def _commune_from(row: Any, code: str, official_name: str) -> Commune:
    not_issued = row.not_issued
    if not_issued is None and row.of_age is not None and row.issued is not None:
        not_issued = row.of_age - row.issued
    aliases = (row.name,) if row.name != official_name else ()
    return Commune(
        code=code,
        name=official_name,
        not_issued=int(not_issued or 0),
        of_age=row.of_age,
        issued=row.issued,
        non_collectable=dict(row.non_collectable),
        aliases=aliases,
        priority=row.priority or 1,
    )


def _default_base(communes: list[Commune]) -> tuple[Commune, str]:
    """The venue of the area's town (thị trấn/phường) with most citizens, else the largest unit."""

    def size(c: Commune) -> int:
        return c.of_age if c.of_age is not None else c.not_issued

    towns = [c for c in communes if c.name.casefold().startswith(("thị trấn", "phường", "tt"))]
    chosen = max(towns or communes, key=size)
    kind_vi = "thị trấn/phường lớn nhất" if towns else "đơn vị đông dân nhất"
    note = (
        f"Trụ sở các tổ (mặc định): điểm tiếp nhận của {chosen.name} ({chosen.code}) — "
        f"{kind_vi}; đổi bằng --base VĨ_ĐỘ,KINH_ĐỘ."
    )
    return chosen, note


def default_teams(
    count: int, base: tuple[float, float] | None, town: Commune, note: str
) -> tuple[Team, ...]:
    """``count`` teams with the defaults, at ``base`` or at ``town``'s venue; ``note`` (the
    sentence stating the base) goes into every team's notes."""
    base_name = town.name if base is None else "Trụ sở (toạ độ nhập)"
    teams = _teams(count, base, town, base_name)
    return tuple(replace(t, notes={**t.notes, "base": note}) for t in teams)


def teams_from_file(
    path: Path,
    communes: list[Commune],
    nearby: list[tuple[str, str]] | None = None,
    venue_of: Callable[[str], Any] | None = None,
) -> tuple[Team, ...]:
    """The teams of a teams file; a base names a scenario commune, a commune of ``nearby``
    (its venue via ``venue_of``) or coordinates. :class:`InputError` naming every bad row."""
    records = read_teams_file(path)
    named = [(c.code, c.name) for c in communes]
    aliases = {alias: c.code for c in communes for alias in c.aliases}
    records = resolve_team_bases(records, named, aliases, nearby or [], venue_of)
    venues = {c.code: c.venue for c in communes if c.venue is not None}
    return teams_from_records(records, venues, path.name)


def _teams(
    count: int, base: tuple[float, float] | None, town: Commune, base_name: str
) -> tuple[Team, ...]:
    """``count`` teams with the defaults above, based at ``base`` (lat, lon) or else at the
    venue of ``town``; they go through the team rules like typed teams (a base outside Vietnam
    is refused here, not when the written scenario is opened)."""
    if count < 1:
        raise InputError(
            [
                error(
                    "số tổ phải ≥ 1",
                    "--teams must be at least 1",
                    field="--teams",
                    fix_vi="ví dụ --teams 2",
                    fix_en="e.g. --teams 2",
                )
            ]
        )
    where: dict[str, object] = {"base": base} if base is not None else {"base_commune": town.code}
    records = [
        (
            {
                "id": f"T{i}",
                "name": f"Tổ lưu động {i}",
                **where,
                "base_name": base_name,
                "apps_per_hour": DEFAULT_APPS_PER_HOUR,
                "setup_min": DEFAULT_SETUP_MIN,
                "shift_hours": DEFAULT_SHIFT_MIN / 60,
                "start_time": DEFAULT_START,
                "notes": DEFAULT_TEAM_NOTES,
            },
            RecordPlace("--base"),
        )
        for i in range(1, count + 1)
    ]
    venues = {town.code: town.venue} if town.venue is not None else {}
    return teams_from_records(records, venues, "--teams")


def with_stand_in_codes(features: Any) -> tuple[Any, list[int]]:
    """Features whose code is empty (none in the file, or a repeated one) get stand-in codes
    X001, X002...; returns the features and the rows that got one."""
    blank = [i for i, c in enumerate(features["code"]) if not str(c)]
    if not blank:
        return features, blank
    codes = [str(c) for c in features["code"]]
    for n, i in enumerate(blank, 1):
        codes[i] = f"X{n:03d}"
    return features.assign(code=codes), blank


def _boundary_reference(path: Path, out_dir: Path) -> str:
    """How the scenario names its boundary file: by name when the search path finds this same
    file, else by absolute path (a user's own file stays where the user keeps it)."""
    from planning.io.geodata import resolve_boundary_file

    try:
        if resolve_boundary_file(path.name, out_dir).resolve() == path.resolve():
            return path.name
    except InputError:
        pass
    return str(path.resolve())


def default_settings(
    start: dt.date | None, deadline: dt.date | None
) -> tuple[Calendar, TravelSettings, Rules]:
    """The calendar, travel and rules of a new scenario (``new``, by boundary file or on the
    national layer): from ``start`` (default today) to ``deadline`` (default four weeks later),
    estimated travel, venues of 250 people a day."""
    first = start or dt.date.today()
    last = deadline or first + dt.timedelta(days=DEFAULT_WINDOW_DAYS)
    return build_calendar(first, last), TravelSettings(), Rules(default_daily_cap=DEFAULT_DAILY_CAP)


def draft_scenario(request: NewScenarioRequest) -> tuple[NewScenarioOutcome, Scenario | None]:
    """Match the table to the boundaries (or map it onto the national layer when no boundary file
    is given) and build the scenario in memory (nothing is written).

    Returns the matching report and the scenario, or ``None`` while any row is unsettled. Raises
    :class:`InputError` when an input file (or the province/area) is unusable.
    """
    if request.boundaries is None:
        from planning.io.national_scenario import draft_national

        return draft_national(request)
    if request.province or request.area or request.split_rule:
        raise InputError([_national_options_problem()])
    return _draft_from_file(request, request.boundaries)


def _national_options_problem() -> Problem:
    """--province/--area/--split-rule belong to the national layer, not to a boundary file."""
    return error(
        "--province, --area và --split-rule dùng lớp xã toàn quốc 2025, không dùng cùng "
        "--boundaries (tệp ranh giới riêng).",
        "--province, --area and --split-rule use the national 2025 layer; they do not go with "
        "--boundaries (your own boundary file).",
        field="--boundaries",
        fix_vi="bỏ --boundaries để dùng lớp toàn quốc, hoặc bỏ --province/--area/--split-rule",
        fix_en="drop --boundaries to use the national layer, or drop --province/--area/"
        "--split-rule",
    )


def _draft_from_file(
    request: NewScenarioRequest, boundaries: Path
) -> tuple[NewScenarioOutcome, Scenario | None]:
    """The scenario on the communes of a boundary file."""
    from planning.io.boundaries import read_boundaries, venue_points
    from planning.names import match_names

    table = table_or_raise(request.table)
    layer = read_boundaries(boundaries, repeated_codes="warn")
    features, blank = with_stand_in_codes(layer.features)
    targets = [(str(c), str(n)) for c, n in zip(features["code"], features["name"], strict=True)]
    result = match_names([r.name for r in table.rows], targets, request.aliases)
    names_by_code = dict(targets)
    matched = {n: (code, names_by_code[code], result.how[n]) for n, code in result.matched.items()}
    problems = result.problems(table.source, {r.name: r.row for r in table.rows})
    warnings = (*table.warnings, *layer.warnings, *(p for p in problems if not p.is_error))
    if not result.ok:
        errors = tuple(p for p in problems if p.is_error)
        return NewScenarioOutcome(
            matched, result.ambiguous, result.unmatched, (*warnings, *errors), None
        ), None
    inside = venue_points(features)
    communes = []
    for row in table.rows:
        code = result.matched[row.name]
        commune = _commune_from(row, code, names_by_code[code])
        communes.append(replace(commune, venue=inside[code], venue_is_default=True))
    calendar, travel, rules = default_settings(request.start, request.deadline)
    start = calendar.start
    if request.teams_file is not None:
        teams = teams_from_file(request.teams_file, communes)
        note = f"Trụ sở các tổ theo tệp {request.teams_file.name}."
    else:
        town, note = _default_base(communes)
        if request.base is not None:
            note = f"Trụ sở các tổ: {request.base[0]}, {request.base[1]} (theo --base)."
        teams = default_teams(request.teams, request.base, town, note)
    # A repeated code makes the file's code field unusable on loading: join by name then.
    code_field = layer.code_field if layer.code_field and not blank else ""
    scenario = Scenario(
        name=request.name or default_scenario_name(town.name, start),
        communes=tuple(communes),
        teams=teams,
        calendar=calendar,
        travel=travel,
        rules=rules,
        boundaries=BoundarySource(
            _boundary_reference(boundaries, request.out_dir), code_field, layer.name_field
        ),
        description=f"Tạo từ bảng {request.table.name} và ranh giới {boundaries.name}.",
    )
    return NewScenarioOutcome(matched, {}, {}, warnings, None, note), scenario


def build_new_scenario(request: NewScenarioRequest) -> NewScenarioOutcome:
    """Draft the scenario and, if every name matched, save it into ``request.out_dir``."""
    from planning.io.scenario import ScenarioExistsError, save_scenario

    outcome, scenario = draft_scenario(request)
    if scenario is None:
        return outcome
    try:
        toml_path = save_scenario(scenario, request.out_dir / "scenario.toml", must_be_new=True)
    except ScenarioExistsError:
        raise InputError(
            [
                error(
                    "thư mục này đã có một kịch bản; không ghi đè",
                    "this folder already holds a scenario; it is not overwritten",
                    file=str(request.out_dir),
                    fix_vi="chọn một thư mục mới, hoặc mở kịch bản cũ trong ứng dụng để sửa",
                    fix_en="choose a new folder, or open the existing scenario in the app",
                )
            ]
        ) from None
    return replace(outcome, toml_path=toml_path)
