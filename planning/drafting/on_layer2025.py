"""Drafting a scenario on the 2025 commune layer: a backlog table (old, new or mixed names) and a
province or any set of 2025 communes, teams from a file or at a stated default base.

The table's rows are mapped onto the 2025 communes by :func:`map_table` (the one place a table
meets the crosswalk: :func:`planning.drafting.unit_mapping.map_rows` sums, splits only by a stated
rule or the user's choice, and follows the resolution's lists); the scenario refers to the layer
by its name on the geodata search path (``boundaries = "national/communes_2025.gpkg"``, code
field ``code``): nothing is copied, and the loader reads only the scenario's own communes.
Nothing is built while any row is unsettled. The national what-if
(:mod:`planning.drafting.national`) drafts each province's scenario with the same functions.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from planning.domain import ChoiceKind, Commune, GeoPoint, RowChoice, Scenario, Team
from planning.drafting.assembly import LAYER2025_BOUNDARIES, assemble_scenario
from planning.drafting.bases import given_base_note, spread_bases
from planning.drafting.communes import (
    NOT_IN_TABLE_NOTE,
    commune_from_merged,
    commune_not_in_table,
    default_venues,
    read_table,
    row_not_issued,
    with_default_venues,
)
from planning.drafting.crosswalk import OldUnit, old_units
from planning.drafting.defaults import NEW_SCENARIO, DraftDefaults
from planning.drafting.era import table_signs
from planning.drafting.former_points import FormerPointsReport, with_former_points
from planning.drafting.request import NewScenarioOutcome, NewScenarioRequest
from planning.drafting.teams import default_teams, teams_at, teams_from_file
from planning.drafting.unit_mapping import RowFigures, UnitMapping, map_rows
from planning.errors import InputError, Problem, error, warning
from planning.formatting import fmt_int
from planning.io import layer2025
from planning.io.table import BacklogTable


@dataclass(frozen=True)
class AreaChoice:
    """Where a scenario on the 2025 layer may take its communes from: the provinces whose names
    the table may use, and the chosen area (2025 codes; ``None``: the communes the table names)."""

    provinces: tuple[layer2025.Province, ...]
    area: tuple[str, ...] | None
    notes: tuple[Problem, ...] = ()


def choose_area(province: str, area: Sequence[str], source: str = "--area") -> AreaChoice:
    """The province (name or code) and/or area items (codes or names) as 2025 units."""
    notes: list[Problem] = []
    chosen: list[layer2025.Province] = []
    if province.strip():
        found, said = layer2025.find_province(province)
        chosen.append(found)
        notes += said
    codes = None
    if any(item.strip() for item in area):
        codes = tuple(layer2025.resolve_area(area, [p.code for p in chosen], source))
        by_code = {p.code: p for p in layer2025.provinces()}
        for code in layer2025.province_codes_of(codes):
            if by_code[code] not in chosen:
                chosen.append(by_code[code])
    if not chosen:
        raise InputError([_no_area_problem()])
    return AreaChoice(tuple(chosen), codes, tuple(notes))


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
        counts: dict[str, int | None] = {
            "of_age": r.of_age,
            "issued": r.issued,
            "not_issued": row_not_issued(r),
        }
        counts |= {reason.value: n for reason, n in r.non_collectable.items()}
        rows.append(RowFigures(r.row, r.name, counts, r.code, r.priority, r.district))
    return rows


def map_table(
    table: BacklogTable,
    chosen: AreaChoice,
    assignments: dict[str, str],
    split_rule: str,
    new_codes: bool = False,
    choices: Sequence[RowChoice] = (),
) -> UnitMapping:
    """The table mapped onto the 2025 communes of the chosen provinces/area, read as one era
    from all of it (its rows, title, total and subtotal rows, date:
    :mod:`planning.drafting.era`). ``new_codes``: its codes are 2025 codes (see
    :func:`planning.drafting.unit_mapping.map_rows`); ``choices``: the planner's choices for
    rows (those naming a unit outside the chosen provinces are not used)."""
    codes = [p.code for p in chosen.provinces]
    units, former = layer2025.units(), old_units(codes)
    districts = {u.district for u in former.values() if u.district}
    summary = [g.name for g in table.groups] + ([table.total.name] if table.total else [])
    return map_rows(
        table_rows(table),
        units,
        former,
        codes,
        assignments=assignments,
        choices=[c for c in choices if _in_provinces(c, codes, units, former)],
        split_rule=split_rule,
        area=chosen.area,
        file=table.source,
        new_codes=new_codes,
        signs=table_signs(table.titles, summary, districts),
    )


def _in_provinces(
    choice: RowChoice,
    provinces: Sequence[str],
    units: Mapping[str, layer2025.NewUnit],
    former: Mapping[str, OldUnit],
) -> bool:
    """A choice that may apply to the chosen provinces: a left-out row, a 2025 commune of them,
    or one of their former units."""
    if choice.kind == ChoiceKind.LEAVE_OUT:
        return True
    if choice.kind == ChoiceKind.FORMER:
        return choice.code in former
    unit = units.get(choice.code)
    return unit is None or unit.province_code in provinces  # an unknown code is reported


def scenario_communes(
    mapping: UnitMapping, area: tuple[str, ...] | None
) -> tuple[list[Commune], Any]:
    """The scenario's communes (the table's, plus area communes it does not name, at 0) with
    their venues, and their outlines from the 2025 layer."""
    merged = mapping.communes()
    codes = list(merged)
    missing = [c for c in (area or ()) if c not in merged]
    features = layer2025.read_communes(codes=[*codes, *missing])
    units = mapping.new_units
    communes = [commune_from_merged(merged[c]) for c in codes]
    communes += [commune_not_in_table(code, units[code].name) for code in missing]
    return with_default_venues(communes, features), features


def _missing_rows_warning(communes: Sequence[Commune], table: str) -> list[Problem]:
    empty = [f"{c.name} ({c.code})" for c in communes if c.note == NOT_IN_TABLE_NOTE]
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


def _facts(
    request: NewScenarioRequest, chosen: AreaChoice, mapping: UnitMapping, base_note: str
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
    if mapping.left_out:
        left = mapping.left_out_totals().get("not_issued")
        facts["Dòng bỏ ra theo lựa chọn"] = (
            "; ".join(
                f"dòng {r.row} {r.name} ({fmt_int(r.counts.get('not_issued'))})"
                for r in mapping.left_out
            )
            + f" — tổng {fmt_int(left)} người không đưa vào kịch bản."
        )
    assigned = [line for line in mapping.lines if line.source == "assigned" or "chosen" in line.how]
    if assigned:
        facts["Theo lựa chọn của người lập"] = "; ".join(
            f"{line.name} → "
            + ", ".join(mapping.new_units[code].name for code, _ in line.shares)
            + (
                f" (là {line.old.name}, {line.old.district} cũ)"
                if "chosen" in line.how and line.old
                else ""
            )
            for line in assigned
        )
    if base_note:
        facts["Trụ sở các tổ"] = base_note
    return facts


def draft_on_layer2025(
    request: NewScenarioRequest,
) -> tuple[NewScenarioOutcome, Scenario | None]:
    """Map the table onto the 2025 layer and build the scenario in memory (nothing is written).
    Returns the outcome (matching report, rows needing a choice) and the scenario, or ``None``
    while a row is unsettled. :class:`InputError` for unreadable input."""
    chosen = choose_area(request.province, request.area, request.area_source)
    table = read_table(request.table)
    mapping = map_table(
        table, chosen, dict(request.aliases), request.split_rule, choices=request.choices
    )
    warnings = (*chosen.notes, *table.warnings, *(p for p in mapping.problems if not p.is_error))
    if not mapping.ok:
        outcome = NewScenarioOutcome({}, {}, {}, (*warnings, *mapping.errors), None)
        return replace(outcome, mapping=mapping), None
    communes, features = scenario_communes(mapping, chosen.area)
    points = None
    if request.former_points:
        communes, points = with_former_points(communes, mapping, features)
    teams, base_note = _teams(request, communes, features, chosen)
    provinces = ", ".join(p.name for p in chosen.provinces)
    scenario = assemble_scenario(
        name=_default_name(request, chosen, len(communes)),
        communes=communes,
        teams=teams,
        defaults=NEW_SCENARIO,
        start=request.start,
        deadline=request.deadline,
        boundaries=LAYER2025_BOUNDARIES,
        description=f"Tạo từ bảng {request.table.name} trên các xã sau 01/7/2025 ({provinces}).",
        facts=_facts(request, chosen, mapping, base_note) | _points_facts(points),
        row_choices=mapping.choices_used,
    )
    all_warnings = (*warnings, *_missing_rows_warning(communes, table.source))
    outcome = NewScenarioOutcome({}, {}, {}, all_warnings, None, base_note)
    return replace(outcome, mapping=mapping, features=features, points_report=points), scenario


def _points_facts(report: FormerPointsReport | None) -> dict[str, str]:
    """The fact recording the intake points made from the table's former communes."""
    if report is None or not report.points:
        return {}
    communes = len({p.commune_code for p in report.points})
    at_venue = report.at_venue
    text = (
        f"{fmt_int(len(report.points))} điểm tiếp nhận tại các xã cũ của {fmt_int(communes)} xã "
        "(mỗi dòng xã cũ của bảng một điểm, với số liệu của dòng đó; xã giữ tổng); vị trí theo "
        "bản đồ xã 2009"
    )
    if at_venue:
        names = ", ".join(p.name for p in at_venue)
        text += f"; đặt tại điểm của xã mới vì không định vị được: {names}"
    return {"Điểm tiếp nhận": text + "."}


def _teams(
    request: NewScenarioRequest, communes: list[Commune], features: Any, chosen: AreaChoice
) -> tuple[tuple[Team, ...], str]:
    """Teams from the teams file, else ``request.teams`` teams at ``--base`` or spread over the
    bases chosen for the area (:func:`province_teams`)."""
    if request.teams_file is not None:
        nearby = _province_communes(chosen, {c.code for c in communes})
        teams = teams_from_file(request.teams_file, communes, nearby, _venue_of)
        names = {c.code: c.name for c in communes}
        bases = "; ".join(f"{t.team_id} — {_base_text(t, names)}" for t in teams)
        return teams, f"Trụ sở theo tệp {request.teams_file.name}: {bases}."
    if request.base is not None:
        note = given_base_note(request.base)
        return default_teams(request.teams, request.base, communes[0], note, NEW_SCENARIO), note
    return province_teams(communes, request.teams)


def province_teams(
    communes: Sequence[Commune], count: int, defaults: DraftDefaults = NEW_SCENARIO
) -> tuple[tuple[Team, ...], str]:
    """``count`` teams spread over the bases chosen for the area
    (:func:`planning.drafting.bases.spread_bases`), and the sentence stating them: the one
    default of ``new --province/--area``, the Data page's province tab and the national
    what-if."""
    if count < 1:
        return default_teams(count, None, communes[0], "", defaults), ""  # the count's error
    spread = spread_bases(communes, count, defaults.travel)
    note = spread.note()
    return teams_at(spread.team_bases, note, defaults), note


def _base_text(team: Team, names: dict[str, str]) -> str:
    """'Xã Đak Đoa (23677)', a base name, or the coordinates."""
    if team.base_commune:
        return f"{names.get(team.base_commune, '')} ({team.base_commune})".strip()
    return team.base_name or f"{team.base.lat:.5f}, {team.base.lon:.5f}"


def _province_communes(chosen: AreaChoice, exclude: set[str]) -> list[tuple[str, str]]:
    """(code, name) of the chosen provinces' communes outside the scenario: possible bases."""
    codes = {p.code for p in chosen.provinces}
    return [
        (u.code, u.name)
        for u in layer2025.units().values()
        if u.province_code in codes and u.code not in exclude
    ]


def _venue_of(code: str) -> GeoPoint:
    """The default venue (a point inside) of a 2025 commune outside the scenario (a base)."""
    return default_venues(layer2025.read_communes(codes=[code]))[code]


def _default_name(request: NewScenarioRequest, chosen: AreaChoice, communes: int) -> str:
    """The name given, else 'Lai Châu, 12/2026' for a whole province, 'Cao Bằng (7 xã), 12/2026'
    for part of one."""
    place = ", ".join(p.short_name for p in chosen.provinces)
    whole = sum(p.units for p in chosen.provinces)
    return request.scenario_name(place, communes if communes < whole else None)
