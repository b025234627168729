"""Plan and summary files: plan.csv (an interface other tools check), summary.json, Vietnamese text.

plan.csv: ``team_id,date,stop,commune_code,commune_name,arrive,depart,applications,travel_min``,
one row per stop, ISO dates, HH:MM times, ``travel_min`` from the previous stop (or the base, or the
commune slept at), a BASE row with 0 applications for the return. A team-day without a BASE row
ends with an overnight stay at its last commune. Where some commune lists its intake points, two
columns follow: ``point_id,point_name`` (the stop's intake point; empty on BASE rows); without
listed points the file is exactly as before intake points existed.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING, Any

from planning.domain import Plan, Scenario, Stop, TeamDay
from planning.errors import InputError, error
from planning.formatting import (
    fmt_date,
    fmt_hhmm,
    fmt_int,
    fmt_num,
    fmt_pct,
    from_spreadsheet_safe,
    spreadsheet_safe,
)
from planning.io.files import InputFileKind, atomic_write_text, read_input_bytes
from planning.wording import (
    bound_text,
    limit_reason_text,
    status_name,
    status_reason_text,
    time_use_text,
    unreachable_lines,
    unreachable_text,
    verdict_brief,
    what_it_takes_lines,
)

if TYPE_CHECKING:
    from planning.results import Lift, SolveResult, TimeUse, WhatItTakes

#: plan.csv files larger than this are refused before they are read.
MAX_PLAN_BYTES = 50_000_000
PLAN_FILE = InputFileKind(what_vi="tệp kế hoạch", what_en="plan file")
PLAN_HEADER = (
    "team_id",
    "date",
    "stop",
    "commune_code",
    "commune_name",
    "arrive",
    "depart",
    "applications",
    "travel_min",
)
#: The columns plan.csv adds where some commune lists its intake points.
POINT_COLUMNS = ("point_id", "point_name")


def parse_hhmm(text: str) -> int:
    """HH:MM as minutes after midnight."""
    hours, minutes = text.strip().split(":")
    return int(hours) * 60 + int(minutes)


def plan_rows(plan: Plan, scenario: Scenario) -> list[list[object]]:
    """Rows of plan.csv, header first (texts a spreadsheet would run as formulas neutralised)."""
    names = {c.code: c.name for c in scenario.communes}
    points = scenario.has_listed_points
    point_names = {p.point_id: p.name for p in scenario.points}
    header: list[object] = [*PLAN_HEADER, *(POINT_COLUMNS if points else ())]
    rows: list[list[object]] = [header]
    for day in plan.team_days:
        for i, stop in enumerate(day.stops, start=1):
            name = "Về trụ sở" if stop.is_base else names.get(stop.commune_code, "")
            row: list[object] = [
                spreadsheet_safe(day.team_id),
                day.date.isoformat(),
                i,
                spreadsheet_safe(stop.commune_code),
                spreadsheet_safe(name),
                fmt_hhmm(stop.arrive_min),
                fmt_hhmm(stop.depart_min),
                stop.applications,
                stop.travel_min,
            ]
            if points:
                point = "" if stop.is_base else stop.point
                row += [spreadsheet_safe(point), spreadsheet_safe(point_names.get(point, ""))]
            rows.append(row)
    return rows


def write_plan_csv(plan: Plan, scenario: Scenario, path: Path) -> None:
    """Write plan.csv atomically."""
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(plan_rows(plan, scenario))
    atomic_write_text(Path(path), buffer.getvalue())


def read_plan_csv(path: Path) -> Plan:
    """Read a plan.csv (for --pinned and replanning); raises ``ValueError`` on a malformed file."""
    data = read_input_bytes(Path(path), MAX_PLAN_BYTES, PLAN_FILE)
    with io.StringIO(data.decode("utf-8-sig"), newline="") as handle:
        reader = csv.DictReader(handle)
        missing = [h for h in PLAN_HEADER if h not in (reader.fieldnames or [])]
        if missing:
            raise ValueError(f"{path}: missing columns {missing}")
        grouped: dict[tuple[str, dt.date], list[tuple[int, Stop]]] = {}
        for line, row in enumerate(reader, start=2):
            try:
                team_id = from_spreadsheet_safe(row["team_id"].strip())
                key = (team_id, dt.date.fromisoformat(row["date"].strip()))
                code = from_spreadsheet_safe(row["commune_code"].strip())
                point = from_spreadsheet_safe((row.get("point_id") or "").strip())
                stop = Stop(
                    code,
                    parse_hhmm(row["arrive"]),
                    parse_hhmm(row["depart"]),
                    int(row["applications"]),
                    int(row["travel_min"]),
                    point_id="" if code == Stop.BASE else (point or code),
                )
                grouped.setdefault(key, []).append((int(row["stop"]), stop))
            except (ValueError, KeyError, AttributeError) as exc:
                raise ValueError(f"{path}, line {line}: {exc}") from exc
    days = []
    for (team_id, day), stops in sorted(grouped.items(), key=lambda kv: (kv[0][1], kv[0][0])):
        ordered = tuple(s for _, s in sorted(stops, key=lambda item: item[0]))
        overnight = "" if ordered and ordered[-1].is_base else ordered[-1].point
        days.append(TeamDay(team_id, day, ordered, overnight_at=overnight))
    return Plan(tuple(days))


def read_plan_file(path: Path, what_vi: str, what_en: str, fix_vi: str, fix_en: str) -> Plan:
    """:func:`read_plan_csv`, an unreadable file reported as an InputError naming the file, what
    it was meant to be (``what_vi``: 'kế hoạch đã công bố') and the fix."""
    try:
        return read_plan_csv(path)
    except (OSError, ValueError) as exc:
        raise InputError(
            [
                error(
                    f"không đọc được {what_vi}: {exc}",
                    f"cannot read {what_en}: {exc}",
                    file=str(path),
                    fix_vi=fix_vi,
                    fix_en=fix_en,
                )
            ]
        ) from None


def _what_dict(what: WhatItTakes | None) -> dict[str, Any] | None:
    if what is None:
        return None
    finish = what.earliest_finish_current_teams
    finish_low = what.earliest_finish_low
    return {
        # The fewest teams as an interval: at least min_teams_low (every smaller count proven
        # to miss by a valid bound), a plan meets with min_teams_high; min_teams = the high end.
        "min_teams_low": what.min_teams_low,
        "min_teams_high": what.min_teams_high,
        "min_teams": what.min_teams_high,
        "min_teams_for_deadline": what.min_teams_for_deadline,
        "min_teams_proven": what.min_teams_proven,
        # Communes the fewest teams leave out (every limit an unreachable commune): the teams
        # above meet the deadline at all the others.
        "min_teams_leaves_out": list(what.min_teams_leaves_out),
        "earliest_finish_low": finish_low.isoformat() if finish_low else None,
        "earliest_finish_high": finish.isoformat() if finish else None,
        "earliest_finish_current_teams": finish.isoformat() if finish else None,
        "earliest_finish_proven": what.earliest_finish_proven,
        "weekends_variant": what.weekends_variant,
        "weekends_collected": what.weekends_collected,
        "weekends_delta": what.weekends_delta,
        "weekends_meets": what.weekends_meets,
        "weekends_proven": what.weekends_proven,
        "apps_per_extra_team_day": (
            None if what.apps_per_extra_team_day is None else round(what.apps_per_extra_team_day, 1)
        ),
        "time_limited": what.time_limited,
        "budget_seconds": round(what.budget_s, 2),
        "binding_limits": [
            {
                "commune_code": lim.commune_code,
                "kind": lim.kind,
                "backlog": lim.backlog,
                "most_by_deadline": lim.most_by_deadline,
                "cap_needed_per_day": lim.cap_needed_per_day,
                "deadline_needed": lim.deadline_needed.isoformat() if lim.deadline_needed else None,
                "reason": limit_reason_text(lim.reason),
            }
            for lim in what.limits
        ],
        "lifts": [lift_dict(lift) for lift in what.lifts],
        "marginal_proven": what.marginal_proven,
        "seconds": round(what.seconds, 2),
        "sub_solves": [
            {
                "label": s.label,
                # With by_bound, no plan was made: "collected" is the capacity bound that
                # proved the miss, an upper limit rather than a plan's figure.
                "collected": s.collected,
                "by_bound": s.by_bound,
                "backlog": s.backlog,
                "meets": s.meets,
                "proven": s.proven,
                "seconds": round(s.seconds, 2),
            }
            for s in what.sub_solves
        ],
    }


def _time_use_dict(use: TimeUse | None) -> dict[str, Any] | None:
    """How the stages used the time (planning.solver.time_rule), with the sentence."""
    if use is None:
        return None
    return {
        "rule": "volume_first" if use.volume_first else "shares",
        "volume_end": use.volume_end,
        "volume_seconds": round(use.volume_s, 2),
        "later_stages_seconds": round(use.later_s, 2),
        "text": f"{time_use_text(use, 'vi')} / {time_use_text(use, 'en')}",
    }


def lift_dict(lift: Lift) -> dict[str, Any]:
    """A lift of "unreachable" as summary.json stores it."""
    return {
        "kind": lift.kind.value,
        "lifted": list(lift.lifted),
        "still_unreachable": list(lift.still_unreachable),
        "collected": lift.collected,
        "backlog": lift.backlog,
        "meets": lift.meets,
        "proven": lift.proven,
        "base_codes": list(lift.base_codes),
        "base_names": list(lift.base_names),
        "overnight_min_one_way_min": lift.overnight_min_one_way_min,
    }


def summary_dict(
    result: SolveResult, scenario: Scenario, what: WhatItTakes | None
) -> dict[str, Any]:
    """The summary.json content."""
    return {
        "scenario": scenario.name,
        "deadline": scenario.calendar.deadline.isoformat(),
        "start": scenario.calendar.start.isoformat(),
        "teams": len(scenario.teams),
        "team_ids": [t.team_id for t in scenario.teams],
        "collectable_backlog": result.collectable_backlog,
        "collected_by_deadline": result.collected_by_deadline,
        "remaining_by_deadline": result.remaining_by_deadline,
        "upper_bound_by_deadline": result.upper_bound_by_deadline,
        "bound_kind": result.bound_kind,
        "model_bound": result.model_bound,
        "gap": round(result.gap, 4),
        "verdict": result.verdict,
        "finish_date": result.finish_date.isoformat() if result.finish_date else None,
        "solver_status": result.status,
        "status_reason": status_reason_text(result.status_reason),
        "time_limited": result.time_limited,
        "solve_seconds": round(result.solve_seconds, 2),
        "travel_min": result.travel_min,
        "team_days": len(result.plan.team_days),
        "stages": [
            {"name": s.name, "status": s.status, "seconds": round(s.seconds, 2)}
            for s in result.stages
        ],
        "phases": [
            {
                "name": p.name,
                "outcome": p.outcome,
                "seconds": round(p.seconds, 2),
                "detail": p.detail,
            }
            for p in result.phases
        ],
        "time_use": _time_use_dict(result.time_use),
        "unreachable_communes": {
            code: unreachable_text(why) for code, why in result.unreachable.items()
        },
        "remaining_by_commune": dict(result.remaining_by_commune),
        "what_it_takes": _what_dict(what),
    }


def write_summary_json(
    result: SolveResult,
    scenario: Scenario,
    what: WhatItTakes | None,
    path: Path,
    extra: Mapping[str, Any] | None = None,
) -> None:
    """Write summary.json atomically (UTF-8, Vietnamese kept readable); ``extra`` keys (e.g. the
    ``variant`` a sweep or ``solve --teams`` solved) are added to :func:`summary_dict`'s."""
    summary = summary_dict(result, scenario, what) | dict(extra or {})
    text = json.dumps(summary, ensure_ascii=False, indent=2)
    atomic_write_text(Path(path), text + "\n")


def format_summary_vi(result: SolveResult, scenario: Scenario, what: WhatItTakes | None) -> str:
    """A short Vietnamese summary for the terminal (Vietnamese number and date formats)."""
    lines = [
        f"Kịch bản: {scenario.name} — {len(scenario.teams)} tổ, "
        f"hạn {fmt_date(scenario.calendar.deadline)}",
        f"Hồ sơ có thể thu: {fmt_int(result.collectable_backlog)}; "
        f"dự kiến thu trước hạn: {fmt_int(result.collected_by_deadline)}; "
        f"còn lại: {fmt_int(result.remaining_by_deadline)}",
        f"Cận trên hợp lệ: {bound_text(result)}"
        + ("" if result.bound_proves_nothing else f" (khoảng cách {fmt_pct(result.gap * 100, 1)})"),
        f"Kết luận: {verdict_brief(result)}",
        f"Trạng thái: {status_name(result.status)} — {status_reason_text(result.status_reason)}",
        f"Tổng thời gian di chuyển: {fmt_int(result.travel_min)} phút; "
        f"thời gian giải: {fmt_num(result.solve_seconds, 1)} giây",
    ]
    if result.time_use is not None:
        lines.append(time_use_text(result.time_use, "vi"))
    lines += unreachable_lines(result, scenario, "vi")
    if what is not None:
        lines += what_it_takes_lines(what, scenario, "vi")
    return "\n".join(lines)
