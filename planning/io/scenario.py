"""Scenario files: load → validate → domain objects, and save atomically with earlier versions kept.

A scenario is a folder with a TOML file (settings, teams, calendar; see
:mod:`planning.io.scenario_schema`) and a CSV of per-commune figures (see
:mod:`planning.io.communes_csv`), referring to a boundary file found at run time (see
:mod:`planning.io.geodata`). Every problem is reported with the file, key or row, and the fix.

Saving is all-or-nothing across every file of the scenario (TOML, CSV and any file saved with
them), under an inter-process lock that makes "has someone else saved since I opened it?" and the
write one step; the replaced files are kept in ``.versions/`` (pruned: the last 50 and one a
day). The journal that makes this safe against crashes is described in
:mod:`planning.io.scenario_store`.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import tomli_w
from pydantic import ValidationError

from planning.calendar import build_calendar
from planning.domain import (
    WEEKDAY_CODES_VI,
    BoundarySource,
    Calendar,
    ChoiceKind,
    Commune,
    GeoPoint,
    RowChoice,
    Rules,
    Scenario,
    Team,
    TravelSettings,
    Visit,
)
from planning.errors import InputError, Problem, error, raise_if_errors, warning
from planning.io.communes_csv import MAX_COMMUNES_BYTES, communes_csv_text, read_communes_csv
from planning.io.files import REPO_ROOT, InputFileKind, read_input_bytes
from planning.io.geodata import resolve_boundary_file
from planning.io.points import (
    MAX_POINTS_FILE_BYTES,
    POINTS_FILE,
    attach_points,
    parse_points_csv,
    points_csv_text,
    with_venue_locations,
)
from planning.io.scenario_schema import ScenarioFile, validation_problems
from planning.io.scenario_store import (
    commit_files,
    list_version_folders,
    merge_scenarios,
    read_consistently,
    scenario_lock,
)
from planning.io.teams import RecordPlace, teams_from_records
from planning.io.travel_matrix import read_travel_matrix
from planning.names import match_names

SCENARIOS_DIR = REPO_ROOT / "scenarios"
DEFAULT_SCENARIO = SCENARIOS_DIR / "trung_khanh_2022-12" / "scenario.toml"
#: The scenarios shipped with the tool (read-only: the app saves changes as a copy).
SHIPPED_SCENARIOS = frozenset({"trung_khanh_2022-12", "dak_doa_2022-08", "cao_bang_2025"})
MAX_SCENARIO_BYTES = 2_000_000
#: The file a scenario's listed intake points are saved in (beside the communes CSV).
POINTS_FILE_NAME = "points.csv"
#: How messages name a scenario file, and the fixes they suggest.
SCENARIO_FILE = InputFileKind(
    what_vi="tệp kịch bản",
    what_en="scenario file",
    fix_missing_vi="Kiểm tra đường dẫn tới tệp .toml.",
    fix_missing_en="Check the path to the .toml file.",
    fix_empty_vi="Tệp cần các mục [scenario], [calendar] và [[teams]] (xem scenarios/README.md).",
    fix_empty_en="It needs [scenario], [calendar] and [[teams]] (see scenarios/README.md).",
    fix_too_big_vi="Tệp TOML chỉ chứa thiết lập; số liệu xã để trong CSV.",
    fix_too_big_en="The TOML holds settings only; figures go in the CSV.",
)


@dataclass(frozen=True)
class LoadedScenario:
    """A scenario with where it came from, its boundaries (if found) and its warnings."""

    scenario: Scenario
    path: Path
    boundaries: Any  # planning.io.boundaries.BoundaryLayer | None (geopandas kept out of the type)
    warnings: tuple[Problem, ...]
    fingerprint: str


class ScenarioChangedError(Exception):
    """Raised by :func:`save_scenario` when the files changed since they were loaded (and by
    :func:`save_merging` when both planners changed the same things: ``conflicts`` names them)."""

    def __init__(self, path: Path, conflicts: tuple[str, ...] = ()) -> None:
        self.path = path
        self.conflicts = conflicts
        super().__init__(
            f"{path}: kịch bản đã được người khác lưu sau khi bạn mở; hãy mở lại và áp dụng lại "
            "thay đổi (phiên bản của bạn chưa bị ghi). / The scenario was saved by someone else "
            "since you opened it; reopen it and apply your changes again (nothing was written)."
        )


class ScenarioExistsError(Exception):
    """Raised by :func:`save_scenario` with ``must_be_new`` when a scenario is already there."""

    def __init__(self, path: Path) -> None:
        self.path = path
        super().__init__(
            f"{path}: đã có một kịch bản ở đây; chọn thư mục khác (chưa ghi gì). / A scenario "
            "already exists here; choose another folder (nothing was written)."
        )


def available_scenarios() -> dict[str, Path]:
    """The scenarios shipped with the tool: folder name → TOML path, default first."""
    found = {p.parent.name: p for p in sorted(SCENARIOS_DIR.glob("*/scenario.toml"))}
    default = DEFAULT_SCENARIO.parent.name
    return dict(sorted(found.items(), key=lambda item: item[0] != default))


def scenario_title(toml_path: Path) -> str:
    """The scenario's own name (``[scenario] name``) for pickers; its folder name when the file
    cannot be read (the full load reports why)."""
    try:
        data = tomllib.loads(read_input_bytes(toml_path, MAX_SCENARIO_BYTES).decode("utf-8-sig"))
        name = str(data.get("scenario", {}).get("name", "")).strip()
    except (OSError, InputError, tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError):
        name = ""
    return name or toml_path.parent.name


def scenario_titles(paths: list[Path]) -> dict[Path, str]:
    """:func:`scenario_title` of each path; two scenarios of the same name get their folder too."""
    titles = {path: scenario_title(path) for path in paths}
    repeated = {t for t in titles.values() if list(titles.values()).count(t) > 1}
    return {p: f"{t} ({p.parent.name})" if t in repeated else t for p, t in titles.items()}


def is_shipped(path: Path) -> bool:
    """True for a scenario (TOML or folder) shipped with the tool in ``scenarios/``."""
    folder = (path if path.is_dir() else path.parent).resolve()
    return folder.parent == SCENARIOS_DIR.resolve() and folder.name in SHIPPED_SCENARIOS


def fingerprint(toml_path: Path) -> str:
    """A hash of the scenario's TOML and CSV bytes, to detect saves by someone else."""
    return read_consistently(toml_path.parent, lambda: _fingerprint_now(toml_path))


def _fingerprint_now(toml_path: Path) -> str:
    digest = hashlib.sha256()
    communes_path, points_path = _data_paths_of(toml_path)
    for path in (toml_path, communes_path):
        digest.update(_bytes_for_fingerprint(path))
    if points_path is not None:
        digest.update(_bytes_for_fingerprint(points_path))
    return digest.hexdigest()[:16]


def _bytes_for_fingerprint(path: Path) -> bytes:
    """A file's bytes; a marker for a missing, special (``/dev/zero``) or oversized one."""

    if not path.is_file():
        return b"<missing or not a file>"
    with path.open("rb") as handle:
        data = handle.read(MAX_COMMUNES_BYTES + 1)
    return data if len(data) <= MAX_COMMUNES_BYTES else b"<too large>%d" % path.stat().st_size


def _data_paths_of(toml_path: Path) -> tuple[Path, Path | None]:
    """The communes CSV and the points CSV (``None``: the scenario lists no points) a TOML
    names."""
    try:
        data = tomllib.loads(read_input_bytes(toml_path, MAX_SCENARIO_BYTES).decode("utf-8"))
        head = data.get("scenario", {})
        name, points = str(head.get("communes", "communes.csv")), str(head.get("points", ""))
    except (OSError, InputError, tomllib.TOMLDecodeError, UnicodeDecodeError, AttributeError):
        name, points = "communes.csv", ""
    return toml_path.parent / name, (toml_path.parent / points if points else None)


# --- loading ------------------------------------------------------------------------------------


def _read_toml(path: Path) -> dict[str, Any]:
    file = str(path)
    data = read_input_bytes(path, MAX_SCENARIO_BYTES, SCENARIO_FILE, file)
    try:
        return tomllib.loads(data.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise InputError(
            [
                error(
                    f"tệp không phải UTF-8 (byte {exc.start})",
                    f"not UTF-8 (byte {exc.start})",
                    file=file,
                    fix_vi="lưu lại với mã hóa UTF-8",
                    fix_en="save it as UTF-8",
                )
            ]
        ) from None
    except tomllib.TOMLDecodeError as exc:
        # Python 3.11's TOMLDecodeError has the position only in its message.
        found = re.search(r"line (\d+)", str(exc))
        line = int(found.group(1)) if found else None
        raise InputError(
            [
                error(
                    f"cú pháp TOML sai: {exc}",
                    f"TOML syntax error: {exc}",
                    file=file,
                    row=line,
                    fix_vi='sửa dòng được nêu (chuỗi đặt trong dấu "...", ngày dạng 2022-12-25)',
                    fix_en="fix the line named",
                )
            ]
        ) from None


def _parse_file(path: Path) -> ScenarioFile:
    data = _read_toml(path)
    try:
        return ScenarioFile.model_validate(data)
    except ValidationError as exc:
        raise InputError(validation_problems(exc, str(path))) from None


def _calendar(section: Any) -> Calendar:
    return build_calendar(
        section.start,
        section.deadline,
        observe_public_holidays=section.observe_public_holidays,
        extra_holidays={dt.date.fromisoformat(k): v for k, v in section.extra_holidays.items()},
        invitation_lead_days=section.invitation_lead_days,
        notes=section.notes,
    )


def _travel(section: Any, folder: Path, file: str) -> TravelSettings:
    matrix: dict[tuple[str, str], float] = {}
    if section.matrix:
        matrix = read_travel_matrix(folder / section.matrix)
    return TravelSettings(
        section.speed_kmh, section.detour_factor, section.matrix, matrix, section.notes
    )


def _teams(parsed: ScenarioFile, venues: dict[str, GeoPoint], file: str) -> tuple[Team, ...]:
    """The ``[[teams]]`` through the team rules (the schema has checked their types)."""
    records = [
        (section.model_dump(), RecordPlace(file, key=f"teams[{i}]"))
        for i, section in enumerate(parsed.teams, start=1)
    ]
    return teams_from_records(records, venues, file)


def _attach_boundaries(
    communes: list[Commune], source: BoundarySource, folder: Path, file: str
) -> tuple[list[Commune], Any, list[Problem]]:
    """Join the communes to their boundary features and give default venues (inside points)."""
    if not source.path:
        missing = [c.code for c in communes if c.venue is None]
        if missing:
            raise InputError(
                [
                    error(
                        "không có tệp ranh giới và một số xã chưa có toạ độ điểm tiếp nhận: "
                        + ", ".join(missing),
                        "no boundary file and some communes have no venue: " + ", ".join(missing),
                        file=file,
                        field="scenario.boundaries",
                        fix_vi='ghi boundaries = "tệp ranh giới" hoặc điền venue_lat/venue_lon',
                        fix_en='set boundaries = "file" or fill venue_lat/venue_lon',
                    )
                ]
            )
        return communes, None, []
    from planning.io.boundaries import read_boundaries, venue_points

    try:
        path = resolve_boundary_file(source.path, folder)
    except InputError as exc:
        if all(c.venue is not None for c in communes):
            # Venues are known: plan without the map, but say so.
            return communes, None, [replace(p, severity="warning") for p in exc.problems]
        raise
    # With a code field only the scenario's own communes are read (the 2025 layer holds
    # 3,321); read_boundaries reads everything when the filter does not find them all.
    wanted = [c.code for c in communes] if source.code_field else []
    layer = read_boundaries(path, source.code_field, source.name_field, codes=wanted)
    codes = _boundary_codes(communes, layer, file)
    inside = venue_points(layer.features)
    joined = []
    for commune in communes:
        feature_code = codes[commune.code]
        if commune.venue is None:
            commune = replace(commune, venue=inside[feature_code], venue_is_default=True)
        joined.append(commune)
    features = layer.features.copy()
    features["code"] = features["code"].map({v: k for k, v in codes.items()})
    features = features[features["code"].notna()]
    return joined, replace(layer, features=features), list(layer.warnings)


def _boundary_codes(communes: list[Commune], layer: Any, file: str) -> dict[str, str]:
    """Map each commune code to its boundary feature's code (by code, else by name)."""
    feature_codes = [str(c) for c in layer.features["code"]]
    if any(feature_codes) and all(c.code in set(feature_codes) for c in communes):
        return {c.code: c.code for c in communes}

    if not any(feature_codes):
        # No code field: key the features by their row so names can be matched.
        layer.features["code"] = [f"#{i}" for i in range(len(layer.features))]
        feature_codes = list(layer.features["code"])
    targets = list(zip(feature_codes, (str(n) for n in layer.features["name"]), strict=True))
    aliases = {alias: c.code for c in communes for alias in c.aliases}
    result = match_names(
        [c.name for c in communes], targets, _alias_targets(aliases, communes, targets)
    )
    problems = [p for p in result.problems(file) if p.is_error]
    if problems:
        raise InputError(problems)
    return {c.code: result.matched[c.name] for c in communes}


def _alias_targets(
    aliases: dict[str, str], communes: list[Commune], targets: list[tuple[str, str]]
) -> dict[str, str]:
    """Aliases of a commune's own name point at the boundary feature the user chose."""
    by_name = {name: code for code, name in targets}
    out = {}
    for commune in communes:
        for alias in commune.aliases:
            if alias in by_name:
                out[commune.name] = by_name[alias]
    return out


def _pinned(
    file_section: ScenarioFile, scenario_file: str, communes: list[Commune], teams: set[str]
) -> tuple[Visit, ...]:
    points = {c.code: {p.point_id for p in c.intake_points} for c in communes}
    codes = {c.code for c in communes if c.venue is not None}
    problems = []
    for i, p in enumerate(file_section.pinned, start=1):
        listed = points.get(p.commune, set())
        if p.commune in codes and (p.point or len(listed) > 1) and p.point not in listed:
            problems.append(
                error(
                    f"điểm “{p.point}” không phải điểm tiếp nhận của xã {p.commune}",
                    f"“{p.point}” is not an intake point of commune {p.commune}",
                    file=scenario_file,
                    field=f"pinned[{i}].point",
                    fix_vi="ghi mã một điểm của xã: " + ", ".join(sorted(listed)),
                    fix_en="give one of the commune's point ids: " + ", ".join(sorted(listed)),
                )
            )
        if p.commune not in codes:
            problems.append(
                error(
                    f"xã “{p.commune}” không có trong danh sách",
                    f"unknown commune “{p.commune}”",
                    file=scenario_file,
                    field=f"pinned[{i}].commune",
                    fix_vi="dùng mã xã trong CSV",
                    fix_en="use a commune code from the CSV",
                )
            )
        if p.team not in teams:
            problems.append(
                error(
                    f"tổ “{p.team}” không có",
                    f"unknown team “{p.team}”",
                    file=scenario_file,
                    field=f"pinned[{i}].team",
                    fix_vi="dùng id của một tổ trong [[teams]]",
                    fix_en="use an id from [[teams]]",
                )
            )
    raise_if_errors(problems)
    return tuple(
        Visit(p.team, p.date, p.commune, p.applications, p.point or "") for p in file_section.pinned
    )


def _scenario_warnings(scenario: Scenario, file: str) -> list[Problem]:
    problems = []
    for i, team in enumerate(scenario.teams, start=1):
        if not scenario.team_working_dates(team):
            problems.append(
                warning(
                    f"tổ {team.team_id} không có ngày làm việc nào "
                    f"từ {scenario.calendar.start:%d/%m/%Y}"
                    f" đến {scenario.calendar.deadline:%d/%m/%Y}",
                    f"team {team.team_id} has no working date in the planning window",
                    file=file,
                    field=f"teams[{i}]",
                )
            )
    for commune in scenario.communes:
        if scenario.earliest_date(commune) > scenario.calendar.deadline:
            problems.append(
                warning(
                    f"{commune.name}: ngày sớm nhất được đến sau hạn chót",
                    f"{commune.name}: earliest visit date is after the deadline",
                    file=file,
                    field="earliest_date",
                )
            )
    return problems


def open_scenario(path: str | Path) -> LoadedScenario:
    """Load and validate a scenario; raise :class:`InputError` listing every error found."""
    toml_path = Path(path)
    if toml_path.is_dir():
        toml_path = toml_path / "scenario.toml"
    file, folder = str(toml_path), toml_path.parent

    def read_own_files() -> tuple[ScenarioFile, list[Commune], list[Problem], str]:
        parsed = _parse_file(toml_path)
        communes, problems = read_communes_csv(folder / parsed.scenario.communes)
        if parsed.scenario.points:
            communes = _with_points_file(communes, folder / parsed.scenario.points)
        return parsed, communes, problems, _fingerprint_now(toml_path)

    parsed, communes, problems, seen = read_consistently(folder, read_own_files)
    source = BoundarySource(
        parsed.scenario.boundaries,
        parsed.scenario.boundary_code_field,
        parsed.scenario.boundary_name_field,
    )
    communes, layer, boundary_warnings = _attach_boundaries(communes, source, folder, file)
    communes = with_venue_locations(communes)
    problems.extend(boundary_warnings)
    venues = {c.code: c.venue for c in communes if c.venue is not None}
    teams = _teams(parsed, venues, file)
    ids = [t.team_id for t in teams]
    scenario = Scenario(
        name=parsed.scenario.name,
        communes=tuple(communes),
        teams=teams,
        calendar=_calendar(parsed.calendar),
        travel=_travel(parsed.travel, folder, file),
        rules=Rules(**parsed.rules.model_dump()),
        boundaries=source,
        description=parsed.scenario.description,
        pinned=_pinned(parsed, file, communes, set(ids)),
        facts=parsed.scenario.facts,
        row_choices=tuple(
            RowChoice(c.name, ChoiceKind(c.choice), c.code, c.district) for c in parsed.row_choices
        ),
    )
    problems.extend(_scenario_warnings(scenario, file))
    return LoadedScenario(scenario, toml_path, layer, tuple(problems), seen)


def _with_points_file(communes: list[Commune], path: Path) -> list[Commune]:
    """The communes with the points the scenario's ``points.csv`` lists (exactly those)."""
    data = read_input_bytes(path, MAX_POINTS_FILE_BYTES, POINTS_FILE)
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
    rows = parse_points_csv(text, communes, str(path))
    return attach_points(communes, rows, str(path), keep_halls=False)


def load_scenario(path: str | Path) -> Scenario:
    """Load and validate a scenario file (or folder); raise :class:`InputError` on errors."""
    return open_scenario(path).scenario


def check_scenario(path: str | Path) -> tuple[LoadedScenario | None, list[Problem]]:
    """Load a scenario for a validation report: (loaded or None, every problem found)."""
    try:
        loaded = open_scenario(path)
    except InputError as exc:
        return None, list(exc.problems)
    return loaded, list(loaded.warnings)


# --- saving -------------------------------------------------------------------------------------


def _plain(value: float) -> float | int:
    """Write 20 rather than 20.0 when a number is whole, as a person would."""
    return int(value) if value == int(value) else value


def _hours(minutes: int) -> float | int:
    return _plain(minutes / 60)


def _team_dict(team: Team) -> dict[str, Any]:
    out: dict[str, Any] = {"id": team.team_id, "name": team.name}
    if team.base_commune:
        out["base_commune"] = team.base_commune
    else:
        out["base"] = [team.base.lat, team.base.lon]
    if team.base_name:
        out["base_name"] = team.base_name
    out |= {
        "apps_per_hour": _plain(team.apps_per_hour),
        "setup_min": team.setup_min,
        "shift_hours": _hours(team.shift_min),
        "start_time": team.start_time.strftime("%H:%M"),
        "working_weekdays": [WEEKDAY_CODES_VI[d] for d in sorted(team.working_weekdays)],
        "days_off": sorted(team.days_off),
    }
    if team.notes:
        out["notes"] = dict(team.notes)
    return out


def scenario_to_toml(
    scenario: Scenario, communes_file: str = "communes.csv", points_file: str = POINTS_FILE_NAME
) -> str:
    """The canonical TOML text of a scenario (communes go to the CSV, listed points to
    ``points_file``)."""
    head: dict[str, Any] = {"name": scenario.name}
    if scenario.description:
        head["description"] = scenario.description
    head["communes"] = communes_file
    if scenario.has_listed_points:
        head["points"] = points_file
    b = scenario.boundaries
    head |= {
        k: v
        for k, v in (
            ("boundaries", b.path),
            ("boundary_code_field", b.code_field),
            ("boundary_name_field", b.name_field),
        )
        if v
    }
    if scenario.facts:
        head["facts"] = dict(scenario.facts)
    cal = scenario.calendar
    calendar: dict[str, Any] = {
        "start": cal.start,
        "deadline": cal.deadline,
        "invitation_lead_days": cal.invitation_lead_days,
        "observe_public_holidays": cal.observe_public_holidays,
    }
    if cal.extra_holidays:
        calendar["extra_holidays"] = {
            d.isoformat(): n for d, n in sorted(cal.extra_holidays.items())
        }
    if cal.notes:
        calendar["notes"] = dict(cal.notes)
    tr = scenario.travel
    travel: dict[str, Any] = {"speed_kmh": tr.speed_kmh, "detour_factor": tr.detour_factor}
    if tr.matrix_file:
        travel["matrix"] = tr.matrix_file
    if tr.notes:
        travel["notes"] = dict(tr.notes)
    ru = scenario.rules
    rules: dict[str, Any] = {
        k: v
        for k, v in (
            ("max_teams_per_commune_day", ru.max_teams_per_commune_day),
            ("max_stops_per_day", ru.max_stops_per_day),
            ("min_apps_per_stop", ru.min_apps_per_stop),
            ("allow_overnight", ru.allow_overnight),
            ("overnight_min_one_way_min", ru.overnight_min_one_way_min),
            ("default_daily_cap", ru.default_daily_cap),
        )
        if v is not None
    }
    if ru.notes:
        rules["notes"] = dict(ru.notes)
    doc: dict[str, Any] = {
        "scenario": head,
        "calendar": calendar,
        "travel": travel,
        "rules": rules,
        "teams": [_team_dict(t) for t in scenario.teams],
    }
    if scenario.pinned:
        doc["pinned"] = [
            {
                "team": v.team_id,
                "date": v.date,
                "commune": v.commune_code,
                **({"point": v.point_id} if v.point_id and v.point_id != v.commune_code else {}),
                "applications": v.applications,
            }
            for v in scenario.pinned
        ]
    if scenario.row_choices:
        doc["row_choices"] = [_row_choice_dict(c) for c in scenario.row_choices]
    return tomli_w.dumps(doc)


def _row_choice_dict(choice: RowChoice) -> dict[str, str]:
    """A ``[[row_choices]]`` entry: name, choice, and the code and district when there are."""
    out = {"name": choice.name, "choice": choice.kind.value}
    if choice.code:
        out["code"] = choice.code
    if choice.district:
        out["district"] = choice.district
    return out


def save_scenario(
    scenario: Scenario,
    path: str | Path,
    *,
    expected_fingerprint: str | None = None,
    must_be_new: bool = False,
    extra_files: Mapping[str, bytes] | None = None,
) -> Path:
    """Save a scenario to ``path`` (TOML; the CSV goes beside it) and return the TOML path.

    Every file is written in one all-or-nothing step (see :mod:`planning.io.scenario_store`),
    ``extra_files`` (name → bytes, e.g. an uploaded boundary file) with them. Under the folder's
    lock, refuse with :class:`ScenarioChangedError` when ``expected_fingerprint`` (from
    :class:`LoadedScenario`) no longer matches the files, so that two planners saving the same
    scenario never silently overwrite each other, and with :class:`ScenarioExistsError` when
    ``must_be_new`` and a scenario is already there ("save as" to a new folder).
    """
    toml_path = Path(path)
    if toml_path.suffix != ".toml":
        toml_path = toml_path / "scenario.toml"
    communes_name = "communes.csv"
    files = {
        **(extra_files or {}),
        communes_name: communes_csv_text(scenario.communes).encode("utf-8"),
        toml_path.name: scenario_to_toml(scenario, communes_name).encode("utf-8"),
    }
    if scenario.has_listed_points:
        files[POINTS_FILE_NAME] = points_csv_text(scenario.communes).encode("utf-8")
    with scenario_lock(toml_path.parent):
        if must_be_new and toml_path.exists():
            raise ScenarioExistsError(toml_path)
        if expected_fingerprint is not None and _fingerprint_now(toml_path) != expected_fingerprint:
            raise ScenarioChangedError(toml_path)
        commit_files(toml_path.parent, files)
    return toml_path


@dataclass(frozen=True)
class SaveOutcome:
    """A save: the TOML written, the scenario written (merged with another planner's save when
    there was one) and what of that other save was merged in."""

    path: Path
    scenario: Scenario
    merged: tuple[str, ...] = ()


def save_merging(
    scenario: Scenario,
    path: str | Path,
    *,
    base: Scenario | None,
    expected_fingerprint: str | None,
    extra_files: Mapping[str, bytes] | None = None,
    attempts: int = 3,
) -> SaveOutcome:
    """Save over the scenario this planner opened (``base``, with ``expected_fingerprint``).

    When someone else saved it meanwhile, their save is read and the two sets of edits are
    merged (:func:`planning.io.scenario_store.merge_scenarios`); the merge is saved if nothing
    overlaps, else :class:`ScenarioChangedError` names what both changed and nothing is written.
    Without ``base`` any change by someone else is refused, as by :func:`save_scenario`.
    """
    toml_path = Path(path)
    if toml_path.suffix != ".toml":
        toml_path = toml_path / "scenario.toml"
    mine, expected = scenario, expected_fingerprint
    merged: tuple[str, ...] = ()
    for _ in range(max(1, attempts)):
        try:
            save_scenario(mine, toml_path, expected_fingerprint=expected, extra_files=extra_files)
            return SaveOutcome(toml_path, mine, merged)
        except ScenarioChangedError:
            if base is None:
                raise
        theirs = open_scenario(toml_path)
        merge = merge_scenarios(base, scenario, theirs.scenario)
        if merge.conflicts:
            raise ScenarioChangedError(toml_path, merge.conflicts)
        mine, expected, merged = merge.scenario, theirs.fingerprint, merge.taken
    raise ScenarioChangedError(toml_path)


def list_versions(toml_path: Path) -> list[Path]:
    """Earlier versions kept for a scenario, oldest first."""
    return list_version_folders(toml_path.parent)
