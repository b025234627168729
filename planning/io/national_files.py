"""``national.csv``: the national what-if's table, one row per province (an interface other tools
read; columns documented in the README, "Toàn quốc / The national what-if"), and each province's
folder with the plan of its fewest teams.

Plain machine-readable values: ISO dates, integers, ``true``/``false``, a dot for decimals. A
province without an answer has empty answer columns and its ``status`` says why
(:class:`~planning.outcomes.NationalAnswer`). ``binding_limits`` holds the limits no number of
teams lifts, each "Vietnamese / English", separated by `` | ``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from planning.domain import Scenario
from planning.io.export_inputs import export_inputs
from planning.io.files import atomic_write_text, csv_text
from planning.io.plan import write_plan_csv, write_summary_json
from planning.outcomes import NationalAnswer, ProvinceOutcome
from planning.variants import with_team_count
from planning.wording import limit_lines


def bool_text(flag: bool) -> str:
    """``true`` / ``false``."""
    return "true" if flag else "false"


NATIONAL_HEADER = (
    "province_code",
    "province",
    "communes",
    "backlog",
    "teams_given",
    "min_teams_low",
    "min_teams_high",
    "min_teams",
    "min_teams_proven",
    "earliest_finish_low",
    "earliest_finish_high",
    "earliest_finish",
    "earliest_finish_proven",
    "status",
    "binding_limits",
    "solve_seconds",
    "worker",
)


def limits_text(outcome: ProvinceOutcome) -> str:
    """The province's binding limits, each "Vietnamese / English", joined by " | "."""
    if outcome.what is None:
        return ""
    pairs = zip(limit_lines(outcome.what, "vi"), limit_lines(outcome.what, "en"), strict=True)
    return " | ".join(f"{vi} / {en}" for vi, en in pairs)


def national_row(outcome: ProvinceOutcome) -> list[str]:
    """The national.csv row of one province (:data:`NATIONAL_HEADER` order)."""
    what = None if outcome.answer == NationalAnswer.ERROR else outcome.what
    given = outcome.teams_given is not None
    teams = None if what is None else what.min_teams_for_deadline
    low = None if what is None else what.min_teams_low
    finish = None if what is None else what.earliest_finish_current_teams
    finish_low = None if what is None or not given else what.earliest_finish_low
    return [
        outcome.code,
        outcome.name,
        str(outcome.communes),
        str(outcome.backlog),
        "" if outcome.teams_given is None else str(outcome.teams_given),
        "" if low is None else str(low),
        "" if teams is None else str(teams),
        "" if teams is None else str(teams),
        "" if what is None else bool_text(what.min_teams_proven),
        "" if finish_low is None else finish_low.isoformat(),
        "" if finish is None else finish.isoformat(),
        "" if finish is None else finish.isoformat(),
        "" if what is None or not given else bool_text(what.earliest_finish_proven),
        str(outcome.answer),
        limits_text(outcome),
        "" if what is None else f"{outcome.seconds:.2f}",
        outcome.worker,
    ]


def national_csv_text(outcomes: Sequence[ProvinceOutcome]) -> str:
    """The whole national.csv as text (header first)."""
    return csv_text([NATIONAL_HEADER, *(national_row(o) for o in outcomes)])


def write_national_csv(outcomes: Sequence[ProvinceOutcome], path: Path) -> None:
    """Write national.csv atomically."""
    atomic_write_text(Path(path), national_csv_text(outcomes))


@dataclass(frozen=True)
class TaskRecord:
    """One Dask task of the national what-if: a probe of a province's search (a team count or
    a deadline solved, or its bound), the search's round, its seconds and worker."""

    province_code: str
    round: int
    label: str
    kind: str
    seconds: float
    worker: str


TASKS_HEADER = ("province_code", "round", "label", "kind", "seconds", "worker")


def write_tasks_csv(tasks: Sequence[TaskRecord], path: Path) -> None:
    """Write tasks.csv atomically: every probe task, for estimating a larger cluster."""
    rows = [
        [t.province_code, str(t.round), t.label, t.kind, f"{t.seconds:.2f}", t.worker]
        for t in tasks
    ]
    atomic_write_text(Path(path), csv_text([TASKS_HEADER, *rows]))


def fewest_teams_scenario(outcome: ProvinceOutcome, scenario: Scenario) -> Scenario | None:
    """The province's scenario with the fewest teams found (the one its plan was made for);
    ``None`` when no plan met the deadline."""
    what = outcome.what
    if what is None or what.fewest_teams_plan is None or not what.min_teams_for_deadline:
        return None
    return with_team_count(scenario, what.min_teams_for_deadline)


def write_province_folder(outcome: ProvinceOutcome, scenario: Scenario, folder: Path) -> bool:
    """The plan that meets the deadline with the province's fewest teams, in the ``solve``
    formats (``plan.csv``, ``summary.json`` with ``province_code``, ``province`` and ``teams``)
    and its inputs in the ``export-inputs`` format (``inputs/``: what an independent check or
    another tool needs). ``scenario``: the province's scenario as analysed. False (nothing
    written) when there is no such plan."""
    planned = fewest_teams_scenario(outcome, scenario)
    if planned is None or outcome.what is None or outcome.what.fewest_teams_plan is None:
        return False
    result = outcome.what.fewest_teams_plan
    folder = Path(folder)
    write_plan_csv(result.plan, planned, folder / "plan.csv")
    extra = {"province_code": outcome.code, "province": outcome.name, "teams": len(planned.teams)}
    write_summary_json(result, planned, None, folder / "summary.json", extra)
    export_inputs(planned, folder / "inputs")
    return True
