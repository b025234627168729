"""``national.csv``: the national what-if's table, one row per province (an interface other tools
read; columns documented in the README, "Cả nước / The whole country").

Plain machine-readable values: ISO dates, integers, ``true``/``false``, a dot for decimals. A
province without an answer has empty answer columns and its ``status`` says why
(:class:`~planning.outcomes.NationalAnswer`). ``binding_limits`` holds the limits no number of
teams lifts, each "Vietnamese / English", separated by `` | ``.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from pathlib import Path

from planning.io.files import atomic_write_text
from planning.outcomes import NationalAnswer, ProvinceOutcome
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
    "min_teams",
    "min_teams_proven",
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
    finish = None if what is None else what.earliest_finish_current_teams
    return [
        outcome.code,
        outcome.name,
        str(outcome.communes),
        str(outcome.backlog),
        "" if outcome.teams_given is None else str(outcome.teams_given),
        "" if teams is None else str(teams),
        "" if what is None else bool_text(what.min_teams_proven),
        "" if finish is None else finish.isoformat(),
        "" if what is None or not given else bool_text(what.earliest_finish_proven),
        str(outcome.answer),
        limits_text(outcome),
        "" if what is None else f"{outcome.seconds:.2f}",
        outcome.worker,
    ]


def national_csv_text(outcomes: Sequence[ProvinceOutcome]) -> str:
    """The whole national.csv as text (header first)."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(NATIONAL_HEADER)
    writer.writerows(national_row(o) for o in outcomes)
    return buffer.getvalue()


def write_national_csv(outcomes: Sequence[ProvinceOutcome], path: Path) -> None:
    """Write national.csv atomically."""
    atomic_write_text(Path(path), national_csv_text(outcomes))
