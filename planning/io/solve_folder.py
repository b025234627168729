"""Reading back a ``solve``/``replan``/``sweep`` output folder (plan.csv + summary.json) as the
solve result the reports take, so documents can be made later from the files alone
(``python -m planning export``).

summary.json stores every figure of the result but the stage objective values, which the reports
do not show (they come back as NaN). The ``variant`` key written by ``sweep`` and by ``solve
--teams/--weekends/--deadline`` says which variant of the scenario the plan belongs to.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planning.domain import Plan, Scenario
from planning.errors import InputError, error
from planning.io.plan import read_plan_file
from planning.io.sweep_files import variant_from_dict
from planning.reasons import RecordedReason, StatusReason
from planning.results import (
    BindingLimit,
    BoundKind,
    Lift,
    LiftKind,
    LimitKind,
    PhaseOutcome,
    PhaseRecord,
    SolveResult,
    SolveStatus,
    StageOutcome,
    StageStatus,
    SubSolve,
    Verdict,
    WhatItTakes,
    status_reason_of,
)
from planning.variants import Variant
from planning.wording import recorded_limit_reason, recorded_reason

FIX_VI = "chỉ định thư mục do lệnh solve, replan hoặc sweep ghi ra (có plan.csv và summary.json)"
FIX_EN = "give a folder written by solve, replan or sweep (holding plan.csv and summary.json)"
FIT_FIX_VI = "chỉ định đúng kịch bản đã dùng để lập kế hoạch này"
FIT_FIX_EN = "give the scenario this plan was made from"


@dataclass(frozen=True)
class PlanFolder:
    """An output folder read back: its plan, its summary and the variant it solved (if any)."""

    folder: Path
    plan: Plan
    summary: Mapping[str, Any]
    variant: Variant | None


def _problem(file: Path, vi: str, en: str, field: str = "") -> InputError:
    return InputError([error(vi, en, file=str(file), field=field, fix_vi=FIX_VI, fix_en=FIX_EN)])


def _read_summary(path: Path) -> dict[str, Any]:
    if not path.is_file():
        raise _problem(path, "không có summary.json", "summary.json is missing")
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise _problem(path, f"không đọc được: {exc}", f"cannot read it: {exc}") from None
    if not isinstance(data, dict):
        raise _problem(path, "không phải một đối tượng JSON", "not a JSON object")
    return data


def _date(text: Any) -> dt.date | None:
    return None if text in (None, "") else dt.date.fromisoformat(str(text))


def _status_reason(summary: Mapping[str, Any]) -> StatusReason | RecordedReason:
    """The reason for the status, from the figures summary.json keeps (an invalid scenario's
    reason only as its words)."""
    status = SolveStatus(summary["solver_status"])
    if status == SolveStatus.INVALID:
        return recorded_reason(str(summary.get("status_reason", "")))
    return status_reason_of(
        status,
        int(summary["collected_by_deadline"]),
        int(summary["collectable_backlog"]),
        int(summary["upper_bound_by_deadline"]),
        summary.get("model_bound"),
        [(s["name"], s["status"]) for s in summary.get("stages", [])],
    )


def _result(summary: Mapping[str, Any], plan: Plan) -> SolveResult:
    nan = float("nan")
    return SolveResult(
        status=SolveStatus(summary["solver_status"]),
        status_reason=_status_reason(summary),
        plan=plan,
        collected_by_deadline=int(summary["collected_by_deadline"]),
        collectable_backlog=int(summary["collectable_backlog"]),
        remaining_by_deadline=int(summary["remaining_by_deadline"]),
        remaining_by_commune={
            str(k): int(v) for k, v in summary.get("remaining_by_commune", {}).items()
        },
        upper_bound_by_deadline=int(summary["upper_bound_by_deadline"]),
        bound_kind=BoundKind(summary.get("bound_kind", BoundKind.NONE)),
        verdict=Verdict(summary["verdict"]),
        finish_date=_date(summary.get("finish_date")),
        solve_seconds=float(summary.get("solve_seconds", 0.0)),
        gap=float(summary.get("gap", 0.0)),
        model_bound=summary.get("model_bound"),
        stages=tuple(
            StageOutcome(s["name"], StageStatus(s["status"]), nan, nan, float(s["seconds"]))
            for s in summary.get("stages", [])
        ),
        travel_min=int(summary.get("travel_min", 0)),
        time_limited=bool(summary.get("time_limited", False)),
        phases=tuple(
            PhaseRecord(
                p["name"], PhaseOutcome(p["outcome"]), float(p["seconds"]), p.get("detail", "")
            )
            for p in summary.get("phases", [])
        ),
        unreachable={
            str(k): recorded_reason(str(v))
            for k, v in summary.get("unreachable_communes", {}).items()
        },
    )


def what_from_summary(data: Mapping[str, Any] | None, scenario: Scenario) -> WhatItTakes | None:
    """The what-if analysis stored under ``what_it_takes`` (``None`` when there is none)."""
    if not data:
        return None
    names = {c.code: c.name for c in scenario.communes}
    limits = [
        (lim, names.get(lim["commune_code"], lim["commune_code"]))
        for lim in data.get("binding_limits", [])
    ]
    return WhatItTakes(
        min_teams_for_deadline=data.get("min_teams_for_deadline"),
        min_teams_proven=bool(data.get("min_teams_proven")),
        earliest_finish_current_teams=_date(data.get("earliest_finish_current_teams")),
        earliest_finish_proven=bool(data.get("earliest_finish_proven")),
        weekends_variant=str(data.get("weekends_variant", "")),
        weekends_collected=data.get("weekends_collected"),
        weekends_delta=data.get("weekends_delta"),
        weekends_meets=data.get("weekends_meets"),
        weekends_proven=bool(data.get("weekends_proven")),
        apps_per_extra_team_day=data.get("apps_per_extra_team_day"),
        marginal_proven=bool(data.get("marginal_proven")),
        sub_solves=tuple(
            SubSolve(
                s["label"],
                int(s["collected"]),
                int(s["backlog"]),
                bool(s["meets"]),
                bool(s["proven"]),
                float(s["seconds"]),
                bool(s.get("by_bound", False)),
            )
            for s in data.get("sub_solves", [])
        ),
        seconds=float(data.get("seconds", 0.0)),
        limits=tuple(
            BindingLimit(
                lim["commune_code"],
                name,
                LimitKind(lim["kind"]),
                int(lim["backlog"]),
                int(lim["most_by_deadline"]),
                lim.get("cap_needed_per_day"),
                _date(lim.get("deadline_needed")),
                recorded_limit_reason(str(lim.get("reason", "")), name),
            )
            for lim, name in limits
        ),
        time_limited=bool(data.get("time_limited", False)),
        budget_s=float(data.get("budget_seconds", 0.0)),
        min_teams_low=data.get("min_teams_low"),
        min_teams_leaves_out=tuple(str(c) for c in data.get("min_teams_leaves_out", [])),
        earliest_finish_low=_date(data.get("earliest_finish_low")),
        lifts=tuple(lift_from_dict(item) for item in data.get("lifts", [])),
    )


def lift_from_dict(item: Mapping[str, Any]) -> Lift:
    """A lift as summary.json stores it (:func:`planning.io.plan.lift_dict`)."""
    return Lift(
        LiftKind(item["kind"]),
        tuple(item.get("lifted", ())),
        tuple(item.get("still_unreachable", ())),
        item.get("collected"),
        int(item.get("backlog", 0)),
        bool(item.get("meets", False)),
        bool(item.get("proven", False)),
        tuple(item.get("base_codes", ())),
        tuple(item.get("base_names", ())),
        item.get("overnight_min_one_way_min"),
    )


def read_plan_folder(folder: Path) -> PlanFolder:
    """The plan, the summary and the variant of an output folder (:class:`InputError` naming the
    file and field when something is missing or malformed)."""
    folder = Path(folder)
    if not folder.is_dir():
        raise _problem(folder, "không phải thư mục", "not a folder")
    plan = read_plan_file(
        folder / "plan.csv", "kế hoạch (plan.csv)", "the plan (plan.csv)", FIX_VI, FIX_EN
    )
    summary_path = folder / "summary.json"
    summary = _read_summary(summary_path)
    raw = summary.get("variant")
    variant = variant_from_dict(raw, str(summary_path)) if isinstance(raw, dict) else None
    return PlanFolder(folder, plan, summary, variant)


def check_plan_fits(found: PlanFolder, scenario: Scenario) -> None:
    """:class:`InputError` when the plan was not made for ``scenario`` (other teams, communes or
    start), so documents never pair a plan with the wrong scenario."""
    teams = {t.team_id for t in scenario.teams}
    codes = {c.code for c in scenario.communes}
    odd_teams = sorted({d.team_id for d in found.plan.team_days} - teams)
    odd_codes = sorted({v.commune_code for v in found.plan.visits()} - codes)
    start = found.summary.get("start")
    problems = []
    where = {"file": str(found.folder / "plan.csv"), "fix_vi": FIT_FIX_VI, "fix_en": FIT_FIX_EN}
    if odd_teams:
        problems.append(
            error(
                f"kế hoạch có tổ không thuộc kịch bản: {', '.join(odd_teams)}",
                f"the plan has teams the scenario does not: {', '.join(odd_teams)}",
                field="team_id",
                **where,
            )
        )
    if odd_codes:
        problems.append(
            error(
                f"kế hoạch có xã không thuộc kịch bản: {', '.join(odd_codes)}",
                f"the plan has communes the scenario does not: {', '.join(odd_codes)}",
                field="commune_code",
                **where,
            )
        )
    if start is not None and start != scenario.calendar.start.isoformat():
        problems.append(
            error(
                f"kế hoạch bắt đầu {start}, kịch bản bắt đầu {scenario.calendar.start.isoformat()}",
                f"the plan starts {start}, the scenario {scenario.calendar.start.isoformat()}",
                field="start",
                **{**where, "file": str(found.folder / "summary.json")},
            )
        )
    if problems:
        raise InputError(problems)


def folder_result(found: PlanFolder, scenario: Scenario) -> tuple[SolveResult, WhatItTakes | None]:
    """The folder's solve result and what-if analysis (``scenario``: the one the plan is for)."""
    try:
        result = _result(found.summary, found.plan)
        what = what_from_summary(found.summary.get("what_it_takes"), scenario)
    except (KeyError, ValueError, TypeError, AttributeError) as exc:
        raise _problem(
            found.folder / "summary.json",
            f"thiếu hoặc sai trường: {exc}",
            f"a field is missing or wrong: {exc}",
        ) from None
    return result, what
