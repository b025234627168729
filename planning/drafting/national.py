"""The national what-if's input: one table of 2025 communes across provinces → a scenario per
province (``python -m planning national``). "National" means this what-if; the layer of 2025
communes it drafts on is :mod:`planning.io.layer2025`.

The table is a backlog table (:mod:`planning.io.table`, read with ``national=True``) whose rows
name 2025 communes by code, or by name with a province column ("Tỉnh": name or 2-digit code); an
optional "Số tổ" column gives the teams each province has (the same number on every row of the
province that fills it). Each province's rows are mapped like ``new --province`` maps a table
(:func:`planning.drafting.on_layer2025.map_table`: sums, old names, the resolution's lists), and
the province's scenario is drafted as ``new --province`` drafts it
(:data:`~planning.drafting.defaults.NATIONAL_WHATIF` is ``new``'s defaults): the teams spread over
the bases chosen for the province (:func:`~planning.drafting.on_layer2025.province_teams`), the
shipped province scenario's rules, overnight stays where a commune is beyond a day trip from
every base; the outputs state them (:data:`SETTINGS`). Every problem of every row is reported at
once; nothing is built while one is left.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from planning.domain import Scenario
from planning.drafting.assembly import LAYER2025_BOUNDARIES, assemble_scenario
from planning.drafting.communes import read_table
from planning.drafting.defaults import NATIONAL_WHATIF, settings_text
from planning.drafting.on_layer2025 import (
    AreaChoice,
    map_table,
    province_teams,
    scenario_communes,
)
from planning.errors import InputError, Problem, error
from planning.formatting import fmt_date
from planning.io import layer2025
from planning.io.table import BacklogTable, TableRow

#: When a province's teams are not given, the search for the fewest teams starts from the teams
#: whose travel-free capacity covers the backlog with this share of their time left after driving.
START_CAPACITY_SHARE = 0.75
#: The defaults, stated in the outputs (Vietnamese, English).
SETTINGS: tuple[tuple[str, str], ...] = settings_text(NATIONAL_WHATIF)


@dataclass(frozen=True)
class ProvinceScenario:
    """One province of the national what-if: its scenario (communes of the table, teams at the
    default base: the given number, else the starting count of the search) and the teams given."""

    province: layer2025.Province
    scenario: Scenario
    teams_given: int | None
    base_note: str

    @property
    def communes(self) -> int:
        """Communes of the province in the table."""
        return len(self.scenario.communes)

    @property
    def backlog(self) -> int:
        """The province's collectable backlog."""
        return self.scenario.collectable_backlog


@dataclass(frozen=True)
class NationalInput:
    """The provinces to analyse, in code order, and what the reading had to say."""

    table: str
    start: dt.date
    deadline: dt.date
    provinces: tuple[ProvinceScenario, ...]
    warnings: tuple[Problem, ...] = ()


def check_dates(start: dt.date, deadline: dt.date) -> None:
    """The deadline must not be before the start (:class:`InputError` naming ``--deadline``)."""
    if deadline < start:
        raise InputError(
            [
                error(
                    f"hạn chót {fmt_date(deadline)} trước ngày bắt đầu {fmt_date(start)}",
                    f"the deadline {fmt_date(deadline, 'en')} is before the start "
                    f"{fmt_date(start, 'en')}",
                    field="--deadline",
                    fix_vi=f"chọn hạn chót từ {fmt_date(start)} trở đi, hoặc đổi --start",
                    fix_en=f"choose a deadline from {fmt_date(start, 'en')} on, or change --start",
                )
            ]
        )


def chosen_provinces(items: Sequence[str]) -> list[layer2025.Province]:
    """The provinces of ``--provinces`` (codes or names); every unknown one is reported."""
    found: list[layer2025.Province] = []
    problems: list[Problem] = []
    for item in items:
        try:
            province, _ = layer2025.find_province(item)
        except InputError as exc:
            problems += [replace(p, field="--provinces") for p in exc.problems]
            continue
        if province not in found:
            found.append(province)
    if problems:
        raise InputError(problems)
    return found


def _province_of_rows(
    table: BacklogTable,
) -> tuple[dict[str, list[TableRow]], list[Problem]]:
    """Each row's 2025 province: from its code (a 2025 commune), else from its province cell."""
    units = layer2025.units()
    by_code = {p.code: p for p in layer2025.provinces()}
    column = table.columns.get("province", "Tỉnh")
    found: dict[str, layer2025.Province] = {}
    rows: dict[str, list[TableRow]] = {}
    problems: list[Problem] = []
    for row in table.rows:
        unit = units.get(row.code) if row.code else None
        said = None
        if row.province:
            if row.province not in found:
                try:
                    found[row.province] = layer2025.find_province(row.province)[0]
                except InputError as exc:
                    problems += [
                        replace(p, file=table.source, row=row.row, field=column)
                        for p in exc.problems
                    ]
                    continue
            said = found[row.province]
        if unit is not None:
            if said is not None and said.code != unit.province_code:
                problems.append(_wrong_province(table, row, unit.name, by_code[unit.province_code]))
                continue
            rows.setdefault(unit.province_code, []).append(row)
        elif said is not None:
            rows.setdefault(said.code, []).append(row)
        else:
            problems.append(_no_province(table, row))
    return rows, problems


def _wrong_province(
    table: BacklogTable, row: TableRow, name: str, province: layer2025.Province
) -> Problem:
    return error(
        f'mã {row.code} là {name} thuộc {province.name}, không phải "{row.province}"',
        f'code {row.code} is {name} of {province.name}, not "{row.province}"',
        file=table.source,
        row=row.row,
        field=table.columns.get("code", "Mã"),
        fix_vi="sửa mã xã hoặc tên tỉnh của dòng này",
        fix_en="correct the row's commune code or province",
    )


def _no_province(table: BacklogTable, row: TableRow) -> Problem:
    code_vi = f'mã "{row.code}" không phải mã xã 2025 nào' if row.code else "không có mã xã"
    code_en = f'the code "{row.code}" is no 2025 commune' if row.code else "there is no code"
    return error(
        f'không biết "{row.name}" thuộc tỉnh nào: {code_vi} và không có cột tỉnh',
        f'which province "{row.name}" is in is not known: {code_en} and no province is given',
        file=table.source,
        row=row.row,
        field=table.columns.get("code", "Mã xã"),
        fix_vi='ghi mã xã 5 chữ số sau 01/7/2025, hoặc thêm cột "Tỉnh" (tên hoặc mã 2 chữ số)',
        fix_en='write the 5-digit code of the commune after 1/7/2025, or add a "Tỉnh" column '
        "(province name or 2-digit code)",
    )


def _teams_given(
    table: BacklogTable, rows: Sequence[TableRow], name: str
) -> tuple[int | None, list[Problem]]:
    """The province's "Số tổ": the one number its rows give (``None``: none given)."""
    given = {r.teams for r in rows if r.teams is not None}
    if len(given) <= 1:
        teams = next(iter(given), None)
        if teams == 0:
            return None, [_zero_teams(table, next(r for r in rows if r.teams == 0), name)]
        return teams, []
    listed = ", ".join(
        f"{r.teams} (dòng {r.row})"
        for r in sorted(rows, key=lambda r: r.row)
        if r.teams is not None
    )
    listed_en = listed.replace("dòng", "row")
    first = next(r for r in rows if r.teams is not None)
    return None, [
        error(
            f"{name}: các dòng ghi số tổ khác nhau: {listed}",
            f"{name}: the rows give different team counts: {listed_en}",
            file=table.source,
            row=first.row,
            field=table.columns.get("teams", "Số tổ"),
            fix_vi="ghi một số tổ cho cả tỉnh (trên một dòng hoặc giống nhau trên mọi dòng)",
            fix_en="give one team count for the province (on one row, or the same on every row)",
        )
    ]


def _zero_teams(table: BacklogTable, row: TableRow, name: str) -> Problem:
    return error(
        f"{name}: số tổ là 0",
        f"{name}: the team count is 0",
        file=table.source,
        row=row.row,
        field=table.columns.get("teams", "Số tổ"),
        fix_vi="ghi số tổ từ 1 trở lên, hoặc để trống (khi đó chỉ tìm số tổ tối thiểu)",
        fix_en="give 1 or more teams, or leave it empty (then only the fewest teams are sought)",
    )


def _not_in_table(province: layer2025.Province, table: str) -> Problem:
    return error(
        f"bảng không có dòng nào của {province.name} (mã {province.code})",
        f"the table has no row of {province.name} (code {province.code})",
        file=table,
        field="--provinces",
        fix_vi="bỏ tỉnh này khỏi --provinces, hoặc thêm số liệu của tỉnh vào bảng",
        fix_en="leave this province out of --provinces, or add its figures to the table",
    )


def start_team_count(scenario: Scenario) -> int:
    """Teams (like the first) whose travel-free capacity, at :data:`START_CAPACITY_SHARE`,
    covers the backlog: where the fewest-teams search starts when none are given."""
    team = scenario.teams[0]
    days = len(scenario.team_working_dates(team))
    per_team = days * (team.shift_min - team.setup_min) * team.apps_per_hour / 60
    if per_team <= 0:
        return 1
    return max(1, math.ceil(scenario.collectable_backlog / (START_CAPACITY_SHARE * per_team)))


def province_scenario(
    province: layer2025.Province,
    rows: Sequence[TableRow],
    table: BacklogTable,
    start: dt.date,
    deadline: dt.date,
    teams_given: int | None,
) -> tuple[ProvinceScenario | None, list[Problem]]:
    """The province's scenario from its rows, or the problems of its rows."""
    subset = replace(table, rows=tuple(rows), total=None, warnings=())
    mapping = map_table(subset, AreaChoice((province,), None), {}, "", new_codes=True)
    if not mapping.ok:
        return None, list(mapping.problems)
    communes, _ = scenario_communes(mapping, None)

    def drafted(count: int) -> tuple[Scenario, str]:
        teams, note = province_teams(communes, count, NATIONAL_WHATIF)
        scenario = assemble_scenario(
            name=f"{province.name} — {Path(table.source).name}",
            communes=communes,
            teams=teams,
            defaults=NATIONAL_WHATIF,
            start=start,
            deadline=deadline,
            boundaries=LAYER2025_BOUNDARIES,
            description=f"Phân tích toàn quốc từ bảng {table.source}: {province.name}.",
            facts={"Trụ sở các tổ": note},
        )
        return scenario, note

    scenario, note = drafted(teams_given or 1)
    if teams_given is None:
        scenario, note = drafted(start_team_count(scenario))
    warnings = [p for p in mapping.problems if not p.is_error]
    return ProvinceScenario(province, scenario, teams_given, note), warnings


def read_national_input(
    table_path: Path,
    start: dt.date,
    deadline: dt.date,
    only: Sequence[str] = (),
) -> NationalInput:
    """Read the national table and build each province's scenario (the provinces of ``only`` —
    codes or names — else every province the table has). :class:`InputError` with every
    problem: nothing is built while one is left."""
    check_dates(start, deadline)
    wanted = chosen_provinces(only)
    table = read_table(table_path, national=True)
    rows, problems = _province_of_rows(table)
    provinces = {p.code: p for p in layer2025.provinces()}
    codes = [p.code for p in wanted] or sorted(rows)
    problems += [_not_in_table(p, table.source) for p in wanted if p.code not in rows]
    built: list[ProvinceScenario] = []
    warnings: list[Problem] = list(table.warnings)
    for code in codes:
        if code not in rows:
            continue
        teams, said = _teams_given(table, rows[code], provinces[code].name)
        problems += said
        made, found = province_scenario(provinces[code], rows[code], table, start, deadline, teams)
        problems += [p for p in found if p.is_error]
        warnings += [p for p in found if not p.is_error]
        if made is not None:
            built.append(made)
    if any(p.is_error for p in problems):
        raise InputError([p for p in problems if p.is_error])
    return NationalInput(table.source, start, deadline, tuple(built), tuple(warnings))
