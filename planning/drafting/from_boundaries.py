"""Drafting a scenario from a backlog table and the planner's own boundary file.

Every table name is matched to a boundary feature (:func:`planning.names.match_names`); nothing is
built while a name is ambiguous or unmatched. The scenario names its boundary file by name when the
geodata search path finds that same file, else by its absolute path (a user's own file stays where
the user keeps it).
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from planning.domain import BoundarySource, Scenario
from planning.drafting.assembly import assemble_scenario
from planning.drafting.bases import base_in_boundary_file, given_base_note
from planning.drafting.communes import commune_from_row, read_table, with_default_venues
from planning.drafting.defaults import NEW_SCENARIO
from planning.drafting.request import NewScenarioOutcome, NewScenarioRequest
from planning.drafting.teams import default_teams, teams_from_file
from planning.errors import InputError
from planning.io.geodata import resolve_boundary_file
from planning.names import match_names


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
    file, else by absolute path."""
    try:
        if resolve_boundary_file(path.name, out_dir).resolve() == path.resolve():
            return path.name
    except InputError:
        pass
    return str(path.resolve())


def draft_from_boundaries(
    request: NewScenarioRequest, boundaries: Path
) -> tuple[NewScenarioOutcome, Scenario | None]:
    """The scenario on the communes of a boundary file (``None`` while a name is unsettled)."""
    from planning.io.boundaries import read_boundaries

    defaults = NEW_SCENARIO
    table = read_table(request.table)
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
    rows = [(row, result.matched[row.name]) for row in table.rows]
    communes = [commune_from_row(row, code, names_by_code[code]) for row, code in rows]
    communes = with_default_venues(communes, features)
    if request.teams_file is not None:
        teams = teams_from_file(request.teams_file, communes)
        note = f"Trụ sở các tổ theo tệp {request.teams_file.name}."
    else:
        town, note = base_in_boundary_file(communes)
        if request.base is not None:
            note = given_base_note(request.base)
        teams = default_teams(request.teams, request.base, town, note, defaults)
    # A repeated code makes the file's code field unusable on loading: join by name then.
    code_field = layer.code_field if layer.code_field and not blank else ""
    reference = _boundary_reference(boundaries, request.out_dir)
    scenario = assemble_scenario(
        name=request.scenario_name(town.name),
        communes=communes,
        teams=teams,
        defaults=defaults,
        start=request.start,
        deadline=request.deadline,
        boundaries=BoundarySource(reference, code_field, layer.name_field),
        description=f"Tạo từ bảng {request.table.name} và ranh giới {boundaries.name}.",
    )
    outcome = NewScenarioOutcome(matched, {}, {}, warnings, None, note, features=features)
    return outcome, scenario
