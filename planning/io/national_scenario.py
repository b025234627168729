"""A new scenario on the national 2025 commune layer: a backlog table (old, new or mixed names)
and a province or any set of 2025 communes, teams from a file or at a stated default base.

The table's rows are mapped through the crosswalk by :func:`planning.unit_mapping.map_rows`
(sums, splits only by a stated rule or the user's choice, the resolution's lists followed); the
scenario refers to the national layer by its name on the geodata search path
(``boundaries = "national/communes_2025.gpkg"``, code field ``code``): nothing is copied, and the
loader reads only the scenario's own communes. Nothing is built while any row is unsettled.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from planning.domain import (
    BoundarySource,
    Commune,
    GeoPoint,
    NonCollectableReason,
    Scenario,
    Team,
)
from planning.errors import InputError, Problem, error, warning
from planning.formatting import fmt_int
from planning.io import national
from planning.unit_mapping import MergedCommune, RowFigures, UnitMapping, map_rows
from planning.wording import default_scenario_name

if TYPE_CHECKING:
    from planning.io.new_scenario import NewScenarioOutcome, NewScenarioRequest
    from planning.io.table import BacklogTable


@dataclass(frozen=True)
class NationalArea:
    """Where a national scenario may take its communes from: the provinces whose names the
    table may use, and the chosen area (2025 codes; ``None``: the communes the table names)."""

    provinces: tuple[national.Province, ...]
    area: tuple[str, ...] | None
    notes: tuple[Problem, ...] = ()


def choose_area(province: str, area: Sequence[str], source: str = "--area") -> NationalArea:
    """The province (name or code) and/or area items (codes or names) as 2025 units."""
    notes: list[Problem] = []
    chosen: list[national.Province] = []
    if province.strip():
        found, said = national.find_province(province)
        chosen.append(found)
        notes += said
    codes = None
    if any(item.strip() for item in area):
        codes = tuple(national.resolve_area(area, [p.code for p in chosen], source))
        by_code = {p.code: p for p in national.provinces()}
        for code in national.province_codes_of(codes):
            if by_code[code] not in chosen:
                chosen.append(by_code[code])
    if not chosen:
        raise InputError([_no_area_problem()])
    return NationalArea(tuple(chosen), codes, tuple(notes))


def _no_area_problem() -> Problem:
    return error(
        "chưa chọn địa bàn: cần --province (tỉnh), --area (các xã) hoặc --boundaries (tệp ranh "
        "giới)",
        "no area chosen: give --province, --area (communes) or --boundaries (a boundary file)",
        field="--province",
        fix_vi='ví dụ --province "Gia Lai", hoặc --area 23677,23710',
        fix_en='e.g. --province "Gia Lai", or --area 23677,23710',
    )


def table_rows(table: BacklogTable) -> list[RowFigures]:
    """The table's rows as the mapping sees them."""
    rows = []
    for r in table.rows:
        not_issued = r.not_issued
        if not_issued is None and r.of_age is not None and r.issued is not None:
            not_issued = r.of_age - r.issued
        counts: dict[str, int | None] = {
            "of_age": r.of_age,
            "issued": r.issued,
            "not_issued": not_issued,
        }
        counts |= {reason.value: n for reason, n in r.non_collectable.items()}
        rows.append(RowFigures(r.row, r.name, counts, r.code, r.priority))
    return rows


def map_table(
    table: BacklogTable,
    chosen: NationalArea,
    assignments: dict[str, str],
    split_rule: str,
    new_codes: bool = False,
) -> UnitMapping:
    """The table mapped onto the 2025 communes of the chosen provinces/area (``new_codes``: its
    codes are 2025 codes, see :func:`planning.unit_mapping.map_rows`)."""
    codes = [p.code for p in chosen.provinces]
    return map_rows(
        table_rows(table),
        national.national_units(),
        national.old_units(codes),
        codes,
        assignments=assignments,
        split_rule=split_rule,
        area=chosen.area,
        file=table.source,
        new_codes=new_codes,
    )


def _commune(merged: MergedCommune, venue: GeoPoint) -> Commune:
    counts = merged.counts
    reasons = {r: n for r in NonCollectableReason if (n := counts.get(r.value))}
    sources = ", ".join(f"{name} {fmt_int(n)}" for name, n in merged.parts)
    note = f"Từ bảng: {sources}" + (" (chia ước tính)" if merged.estimated else "")
    return Commune(
        code=merged.code,
        name=merged.name,
        not_issued=counts.get("not_issued") or 0,
        of_age=counts.get("of_age"),
        issued=counts.get("issued"),
        non_collectable=reasons,
        aliases=merged.aliases,
        venue=venue,
        venue_is_default=True,
        priority=merged.priority or 1,
        estimated_fields=merged.estimated,
        note=note,
    )


def scenario_communes(
    mapping: UnitMapping, area: tuple[str, ...] | None
) -> tuple[list[Commune], Any]:
    """The scenario's communes (the table's, plus area communes it does not name, at 0) and
    their outlines from the national layer."""
    merged = mapping.communes()
    codes = list(merged)
    missing = [c for c in (area or ()) if c not in merged]
    features = national.read_communes(codes=[*codes, *missing])
    from planning.io.boundaries import venue_points

    inside = venue_points(features)
    communes = [_commune(merged[c], inside[c]) for c in codes]
    units = mapping.new_units
    for code in missing:
        communes.append(
            Commune(
                code,
                units[code].name,
                0,
                venue=inside[code],
                venue_is_default=True,
                note="Không có trong bảng số liệu",
            )
        )
    return communes, features


def _default_name(chosen: NationalArea, communes: int, start: dt.date) -> str:
    """'Lai Châu, 12/2026' for a whole province, 'Cao Bằng (7 xã), 12/2026' for part of one."""
    place = ", ".join(p.short_name for p in chosen.provinces)
    whole = sum(p.units for p in chosen.provinces)
    return default_scenario_name(place, start, communes if communes < whole else None)


def _missing_rows_warning(communes: Sequence[Commune], table: str) -> list[Problem]:
    empty = [f"{c.name} ({c.code})" for c in communes if c.note == "Không có trong bảng số liệu"]
    if not empty:
        return []
    listed = ", ".join(empty)
    return [
        warning(
            f"{len(empty)} xã của địa bàn không có dòng nào trong bảng; đã thêm với 0 người chưa "
            f"cấp: {listed}.",
            f"{len(empty)} communes of the area have no row in the table; added with 0 not "
            f"issued: {listed}.",
            file=table,
            field="--area",
            fix_vi="thêm số liệu của các xã này vào bảng, hoặc bỏ chúng khỏi --area",
            fix_en="add their figures to the table, or leave them out of --area",
        )
    ]


def default_base(communes: Sequence[Commune], features: Any) -> tuple[Commune, str]:
    """The default base of every team: the venue of the area's most populous phường (2025
    layer population), else of its most populous commune, else of the commune with the most
    citizens in the table. Returns the commune and the sentence that states the choice."""
    by_code = {str(r.code): r for r in features.itertuples()}

    def people(c: Commune) -> float:
        row = by_code.get(c.code)
        population = getattr(row, "population", None) if row is not None else None
        return float(population) if population is not None and population == population else -1

    wards = [c for c in communes if getattr(by_code.get(c.code), "unit_type", "") == "phường"]
    pool = wards or list(communes)
    chosen = max(pool, key=lambda c: (people(c), c.of_age or c.not_issued))
    kind = "phường đông dân nhất" if wards else "xã đông dân nhất"
    if people(chosen) < 0:
        kind = "xã có nhiều công dân nhất trong bảng"
    note = (
        f"Trụ sở các tổ (mặc định): điểm tiếp nhận của {chosen.name} ({chosen.code}) — {kind} "
        "của địa bàn; đổi bằng --teams-file (trụ sở từng tổ) hoặc --base VĨ_ĐỘ,KINH_ĐỘ."
    )
    return chosen, note


def _facts(
    request: NewScenarioRequest, chosen: NationalArea, mapping: UnitMapping, base_note: str
) -> dict[str, str]:
    before, after = mapping.totals()
    provinces = ", ".join(p.name for p in chosen.provinces)
    facts = {
        "Nguồn số liệu": f"Bảng {request.table.name}.",
        "Địa bàn": (
            f"{len(chosen.area)} xã chọn theo --area ({provinces})."
            if chosen.area is not None
            else f"Các xã có trong bảng ({provinces})."
        ),
        "Quy đổi sang xã sau 01/7/2025": (
            f"{len(mapping.rows)} dòng của bảng → {len(mapping.communes())} xã, theo bảng chuyển "
            "đổi 2024–2025 (đối chiếu danh sách sáp nhập của Nghị quyết); tổng chưa cấp "
            f"{fmt_int(before.get('not_issued'))} = {fmt_int(after.get('not_issued'))}."
        ),
    }
    splits = [line for line in mapping.lines if line.is_split]
    if splits:
        rule = {"population": "dân số", "area": "diện tích"}[mapping.split_rule]
        facts["Đơn vị cũ bị chia"] = (
            f"Chia theo {rule} các xã mới (số ước tính, đánh dấu *): "
            + "; ".join(line.name for line in splits)
            + "."
        )
    assigned = [line for line in mapping.lines if line.source == "assigned"]
    if assigned:
        facts["Theo lựa chọn của người lập"] = "; ".join(
            f"{line.name} → {mapping.new_units[line.shares[0][0]].name}" for line in assigned
        )
    if base_note:
        facts["Trụ sở các tổ"] = base_note
    return facts


def draft_national(
    request: NewScenarioRequest,
) -> tuple[NewScenarioOutcome, Scenario | None]:
    """Map the table onto the national layer and build the scenario in memory (nothing is
    written). Returns the outcome (matching report, rows needing a choice) and the scenario, or
    ``None`` while a row is unsettled. :class:`InputError` for unreadable input."""
    from planning.io.new_scenario import NewScenarioOutcome, table_or_raise

    chosen = choose_area(request.province, request.area, request.area_source)
    table = table_or_raise(request.table)
    mapping = map_table(table, chosen, dict(request.aliases), request.split_rule)
    warnings = (*chosen.notes, *table.warnings, *(p for p in mapping.problems if not p.is_error))
    if not mapping.ok:
        outcome = NewScenarioOutcome({}, {}, _pending(mapping), (*warnings, *mapping.errors), None)
        return replace(outcome, mapping=mapping), None
    communes, features = scenario_communes(mapping, chosen.area)
    teams, base_note = _national_teams(request, communes, features, chosen)
    from planning.io.new_scenario import default_settings

    calendar, travel, rules = default_settings(request.start, request.deadline)
    start = calendar.start

    provinces = ", ".join(p.name for p in chosen.provinces)
    scenario = Scenario(
        name=request.name or _default_name(chosen, len(communes), start),
        communes=tuple(communes),
        teams=teams,
        calendar=calendar,
        travel=travel,
        rules=rules,
        boundaries=BoundarySource(national.COMMUNES_FILE, national.CODE_FIELD, national.NAME_FIELD),
        description=f"Tạo từ bảng {request.table.name} trên các xã sau 01/7/2025 ({provinces}).",
        facts=_facts(request, chosen, mapping, base_note),
    )
    all_warnings = (*warnings, *_missing_rows_warning(communes, table.source))
    outcome = NewScenarioOutcome({}, {}, {}, all_warnings, None, base_note)
    return replace(outcome, mapping=mapping, features=features), scenario


def _pending(mapping: UnitMapping) -> dict[str, list[Any]]:
    """Rows waiting for a choice → the 2025 communes to offer (as name-matching candidates)."""
    from planning.names import Candidate

    units = mapping.new_units
    return {
        p.name: [Candidate(c, units[c].name, 0.0) for c in p.choices if c in units]
        for p in mapping.pending
    }


def _national_teams(
    request: NewScenarioRequest, communes: list[Commune], features: Any, chosen: NationalArea
) -> tuple[tuple[Team, ...], str]:
    """Teams from the teams file, else ``request.teams`` teams at ``--base`` or the default."""
    from planning.io.new_scenario import default_teams, teams_from_file

    if request.teams_file is not None:
        nearby = _province_communes(chosen, {c.code for c in communes})
        teams = teams_from_file(request.teams_file, communes, nearby, _venue_of)
        names = {c.code: c.name for c in communes}
        bases = "; ".join(f"{t.team_id} — {_base_text(t, names)}" for t in teams)
        return teams, f"Trụ sở theo tệp {request.teams_file.name}: {bases}."
    town, note = default_base(communes, features)
    if request.base is not None:
        note = f"Trụ sở các tổ: {request.base[0]}, {request.base[1]} (theo --base)."
    return default_teams(request.teams, request.base, town, note), note


def _base_text(team: Team, names: dict[str, str]) -> str:
    """'Xã Đak Đoa (23677)', a base name, or the coordinates."""
    if team.base_commune:
        return f"{names.get(team.base_commune, '')} ({team.base_commune})".strip()
    return team.base_name or f"{team.base.lat:.5f}, {team.base.lon:.5f}"


def _province_communes(chosen: NationalArea, exclude: set[str]) -> list[tuple[str, str]]:
    """(code, name) of the chosen provinces' communes outside the scenario: possible bases."""
    codes = {p.code for p in chosen.provinces}
    return [
        (u.code, u.name)
        for u in national.national_units().values()
        if u.province_code in codes and u.code not in exclude
    ]


def _venue_of(code: str) -> GeoPoint:
    """The default venue (a point inside) of a 2025 commune of the national layer."""
    from planning.io.boundaries import venue_points

    return venue_points(national.read_communes(codes=[code]))[code]
