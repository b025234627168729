"""The files of a sweep: ``sweep.csv`` (an interface other tools read) and one folder per variant.

sweep.csv has one row per variant, in the order the variants were asked for, with the columns of
:data:`SWEEP_HEADER`: plain machine-readable values (ISO dates, integers, a dot for decimals).
``teams``, ``weekends`` (``on``/``off``/``mixed``), ``deadline`` and ``apps_per_hour`` are the
variant scenario's own values (``apps_per_hour`` is empty when its teams' rates differ). A variant
without a result has empty result columns and ``solver_status`` ``error`` or ``cancelled``.

A variant's folder, named by its ``variant`` value, holds ``plan.csv`` and ``summary.json`` in the
``solve`` formats (the summary adds the ``variant`` it solved, so ``export`` can rebuild its
scenario), or ``error.txt`` when it failed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from planning.errors import InputError, error
from planning.io.files import atomic_write_text, csv_text
from planning.io.plan import write_plan_csv, write_summary_json
from planning.outcomes import VariantOutcome
from planning.variants import Variant

SWEEP_HEADER = (
    "variant",
    "teams",
    "weekends",
    "deadline",
    "apps_per_hour",
    "collected_by_deadline",
    "upper_bound_by_deadline",
    "verdict",
    "finish_date",
    "solver_status",
    "solve_seconds",
    "worker",
)


def number_text(value: float | None) -> str:
    """18.0 → '18', 18.5 → '18.5', None → '' (rates in file and folder names)."""
    if value is None:
        return ""
    return str(int(value)) if float(value).is_integer() else repr(float(value))


def sweep_row(outcome: VariantOutcome) -> list[str]:
    """The sweep.csv row of one variant (:data:`SWEEP_HEADER` order)."""
    result = outcome.result if outcome.solved else None
    status = str(result.status) if result is not None else str(outcome.state)
    return [
        outcome.variant.name,
        str(outcome.teams),
        outcome.weekends,
        outcome.deadline.isoformat(),
        number_text(outcome.apps_per_hour),
        "" if result is None else str(result.collected_by_deadline),
        "" if result is None else str(result.upper_bound_by_deadline),
        "" if result is None else str(result.verdict),
        "" if result is None or result.finish_date is None else result.finish_date.isoformat(),
        status,
        "" if result is None else f"{result.solve_seconds:.2f}",
        outcome.worker,
    ]


def sweep_csv_text(outcomes: Sequence[VariantOutcome]) -> str:
    """The whole sweep.csv as text (header first)."""
    return csv_text([SWEEP_HEADER, *(sweep_row(o) for o in outcomes)])


def write_sweep_csv(outcomes: Sequence[VariantOutcome], path: Path) -> None:
    """Write sweep.csv atomically."""
    atomic_write_text(Path(path), sweep_csv_text(outcomes))


def variant_dict(variant: Variant) -> dict[str, Any]:
    """The variant as summary.json stores it (``null`` = the scenario's own value)."""
    return {
        "name": variant.name,
        "teams": variant.teams,
        "weekends": None if variant.weekends is None else ("on" if variant.weekends else "off"),
        "deadline": None if variant.deadline is None else variant.deadline.isoformat(),
        "apps_per_hour": variant.apps_per_hour,
    }


def _bad_variant(file: str, key: str, value: object) -> InputError:
    return InputError(
        [
            error(
                f"giá trị {key} của phương án không hợp lệ: {value!r}",
                f"invalid variant {key}: {value!r}",
                file=file,
                field=f"variant.{key}",
                fix_vi="dùng summary.json do lệnh solve hoặc sweep ghi ra, không sửa tay",
                fix_en="use a summary.json written by solve or sweep, unedited",
            )
        ]
    )


def variant_from_dict(data: Mapping[str, Any], file: str) -> Variant:
    """The :class:`Variant` stored by :func:`variant_dict`; :class:`InputError` when malformed."""
    teams, weekends = data.get("teams"), data.get("weekends")
    deadline, rate = data.get("deadline"), data.get("apps_per_hour")
    if teams is not None and (not isinstance(teams, int) or isinstance(teams, bool) or teams < 1):
        raise _bad_variant(file, "teams", teams)
    if weekends not in (None, "on", "off"):
        raise _bad_variant(file, "weekends", weekends)
    try:
        day = None if deadline is None else dt.date.fromisoformat(str(deadline))
    except ValueError:
        raise _bad_variant(file, "deadline", deadline) from None
    if rate is not None and (not isinstance(rate, int | float) or isinstance(rate, bool)):
        raise _bad_variant(file, "apps_per_hour", rate)
    if rate is not None and not rate > 0:
        raise _bad_variant(file, "apps_per_hour", rate)
    return Variant(
        name=str(data.get("name", "")),
        teams=teams,
        weekends=None if weekends is None else weekends == "on",
        deadline=day,
        apps_per_hour=None if rate is None else float(rate),
    )


def write_variant_folder(outcome: VariantOutcome, folder: Path) -> None:
    """A solved variant's plan.csv and summary.json, or a failed one's error.txt."""
    folder = Path(folder)
    if outcome.solved and outcome.result is not None:
        write_plan_csv(outcome.result.plan, outcome.scenario, folder / "plan.csv")
        extra = {"variant": variant_dict(outcome.variant), "worker": outcome.worker}
        write_summary_json(outcome.result, outcome.scenario, None, folder / "summary.json", extra)
    elif outcome.error:
        text = "\n\n".join(part.rstrip("\n") for part in (outcome.error, outcome.detail) if part)
        atomic_write_text(folder / "error.txt", text + "\n")
