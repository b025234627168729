"""Tables the planner edits (communes, teams) and their validation through the scenario rules.

Edited commune rows are turned back into the scenario's CSV text and parsed by
:func:`planning.io.communes_csv.parse_communes_csv`, so the app applies exactly the checks a saved
file gets. Team rows go through :func:`planning.io.teams.teams_from_records`, the rules a
scenario file's ``[[teams]]`` get.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from dataclasses import replace
from typing import Any

import pandas as pd

from planning.calendar import build_calendar
from planning.domain import WEEKDAY_CODES_VI, Commune, Scenario, Team, resolve_point_backlogs
from planning.errors import InputError, error
from planning.io.communes_csv import COLUMNS, commune_row, parse_communes_csv
from planning.io.points import POINTS_COLUMNS, mismatch_problem, point_row, scenario_with_point_rows
from planning.io.teams import RecordPlace, parse_day_text, teams_from_records

#: Columns shown in the commune editor (the rest of the CSV is kept as it was).
EDITABLE = (
    "code",
    "name",
    "of_age",
    "issued",
    "not_issued",
    "dead",
    "prison",
    "military",
    "unknown_whereabouts",
    "other_province",
    "abroad",
    "priority",
    "daily_cap",
    "earliest_date",
    "venue_name",
    "note",
)
SOURCE = "bảng số liệu xã / commune table"
POINTS_SOURCE = "bảng điểm tiếp nhận / intake points table"


def communes_frame(scenario: Scenario) -> pd.DataFrame:
    """The communes as an editable table of text cells (as in the CSV)."""
    rows = [dict(zip(COLUMNS, commune_row(c), strict=True)) for c in scenario.communes]
    return pd.DataFrame(rows, columns=list(COLUMNS))[list(EDITABLE)].astype(str)


def _cell(value: Any) -> str:
    if value is None or (isinstance(value, float) and pd.isna(value)):
        return ""
    text = str(value).strip()
    return "" if text in ("nan", "None", "<NA>") else text


def communes_from_frame(frame: pd.DataFrame, scenario: Scenario) -> list[Commune]:
    """Validate the edited table with the CSV rules; keep venues and other columns as they were."""
    originals = {c.code: dict(zip(COLUMNS, commune_row(c), strict=True)) for c in scenario.communes}
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(COLUMNS)
    for record in frame.to_dict("records"):
        row = dict(originals.get(_cell(record.get("code")), dict.fromkeys(COLUMNS, "")))
        row.update({k: _cell(record.get(k)) for k in EDITABLE})
        writer.writerow([row[c] for c in COLUMNS])
    communes, _ = parse_communes_csv(buffer.getvalue(), SOURCE)
    venues = {c.code: c for c in scenario.communes}
    out = []
    problems = []
    for commune in communes:
        old = venues.get(commune.code)
        if commune.venue is None and old is not None and old.venue is not None:
            commune = replace(commune, venue=old.venue, venue_is_default=old.venue_is_default)
        if old is not None and old.points:
            # The points stay; their figures must still share the commune's backlog.
            mismatch = resolve_point_backlogs(commune.collectable_backlog, old.points)[1]
            if mismatch is not None:
                problems.append(mismatch_problem(commune, mismatch, SOURCE, None))
                continue
            commune = replace(commune, points=old.points)
        out.append(commune)
    if problems:
        raise InputError(problems)
    return out


def points_frame(scenario: Scenario) -> pd.DataFrame:
    """The listed intake points as an editable table of text cells (as in points.csv)."""
    rows = [
        dict(zip(POINTS_COLUMNS, point_row(p), strict=True))
        for p in scenario.points
        if not p.implicit
    ]
    return pd.DataFrame(rows, columns=list(POINTS_COLUMNS)).astype(str)


def points_from_frame(frame: pd.DataFrame, scenario: Scenario) -> Scenario:
    """The scenario with the edited points table, checked as a points file is."""
    rows = [
        {str(k): _cell(v) for k, v in record.items()}
        for record in frame.to_dict("records")
        if any(_cell(v) for v in record.values())
    ]
    return scenario_with_point_rows(scenario, rows, POINTS_SOURCE)


TEAM_COLUMNS = (
    "id",
    "name",
    "base_commune",
    "base_lat",
    "base_lon",
    "base_name",
    "apps_per_hour",
    "setup_min",
    "shift_hours",
    "start_time",
    "working_weekdays",
    "days_off",
)


#: Columns of the team table kept as text, so that an empty cell is empty (a missing number
#: would show Streamlit's grey "None").
TEAM_TEXT_COLUMNS = (
    "id",
    "name",
    "base_commune",
    "base_lat",
    "base_lon",
    "base_name",
    "start_time",
    "working_weekdays",
    "days_off",
)


def _coordinate(value: float) -> str:
    return f"{value:.6f}".rstrip("0").rstrip(".")


def teams_frame(scenario: Scenario) -> pd.DataFrame:
    """The teams as an editable table (dates as the planner types them: 20/12/2022)."""
    rows = []
    for team in scenario.teams:
        rows.append(
            {
                "id": team.team_id,
                "name": team.name,
                "base_commune": team.base_commune or "",
                "base_lat": "" if team.base_commune else _coordinate(team.base.lat),
                "base_lon": "" if team.base_commune else _coordinate(team.base.lon),
                "base_name": team.base_name or "",
                "apps_per_hour": team.apps_per_hour,
                "setup_min": team.setup_min,
                "shift_hours": team.shift_min / 60,
                "start_time": team.start_time.strftime("%H:%M"),
                "working_weekdays": ",".join(
                    WEEKDAY_CODES_VI[d] for d in sorted(team.working_weekdays)
                ),
                "days_off": "; ".join(d.strftime("%d/%m/%Y") for d in sorted(team.days_off)),
            }
        )
    return pd.DataFrame(rows, columns=list(TEAM_COLUMNS))


def teams_from_frame(frame: pd.DataFrame, scenario: Scenario) -> tuple[Team, ...]:
    """Validate the edited team table with the team rules; raise InputError listing every
    problem. Teams keep the notes they had (the table does not show them)."""
    venues = {c.code: c.venue for c in scenario.communes if c.venue is not None}
    records = [
        ({str(k): v for k, v in row.items()}, RecordPlace(SOURCE, row=i))
        for i, row in enumerate(frame.to_dict("records"), start=1)
    ]
    old = {t.team_id: t.notes for t in scenario.teams}
    # A base may be typed as the commune's name (or a name it had before 2025) too.
    names = {a: c.code for c in scenario.communes for a in (c.name, *c.aliases)}
    teams = teams_from_records(records, venues, SOURCE, names)
    return tuple(replace(t, notes=old.get(t.team_id, {})) for t in teams)


EXTRA_DAY_OFF_NAME = "Ngày nghỉ thêm"


def parse_days_off(text: str) -> dict[dt.date, str]:
    """'20/12/2022; 2022-12-24' → extra days off for everyone; raises InputError on a bad date."""
    days: dict[dt.date, str] = {}
    for part in (p.strip() for p in text.replace(",", ";").split(";")):
        if not part:
            continue
        day = parse_day_text(part)
        if day is not None:
            days[day] = EXTRA_DAY_OFF_NAME
        else:
            raise InputError(
                [
                    error(
                        f"“{part}” không phải ngày",
                        f"“{part}” is not a date",
                        field="calendar.extra_holidays",
                        fix_vi="viết dạng 20/12/2022; các ngày cách nhau bằng dấu ;",
                        fix_en="write 20/12/2022; separate dates with ;",
                    )
                ]
            )
    return days


def days_off_text(days: dict[dt.date, str] | Any) -> str:
    """Extra days off as the planner types them (dd/mm/yyyy; …)."""
    return "; ".join(day.strftime("%d/%m/%Y") for day in sorted(days))


def with_calendar(
    scenario: Scenario,
    start: dt.date,
    deadline: dt.date,
    lead_days: int,
    observe_holidays: bool,
    extra_days_off: dict[dt.date, str] | None = None,
) -> Scenario:
    """The scenario with a new planning window (public holidays recomputed) and, when given,
    new extra days off for everyone; raises InputError."""
    old = scenario.calendar
    calendar = build_calendar(
        start,
        deadline,
        observe_public_holidays=observe_holidays,
        extra_holidays=old.extra_holidays if extra_days_off is None else extra_days_off,
        invitation_lead_days=lead_days,
        notes=old.notes,
    )
    return replace(scenario, calendar=calendar)


#: The base name given to a point picked on the map when the team had no name for its own point.
PICKED_BASE_NAME = "Điểm chọn trên bản đồ"


def with_picked_base(frame: pd.DataFrame, team_id: str, lat: float, lon: float) -> pd.DataFrame:
    """The team table with ``team_id``'s base moved to a point picked on the map.

    The base becomes coordinates (``base_commune`` cleared), rounded to 6 decimals (~0.1 m).
    A team that already had its own coordinates keeps its base name; one based at a commune (or
    unnamed) gets :data:`PICKED_BASE_NAME`. The result goes through :func:`teams_from_frame`
    like typed coordinates. Raises InputError when the team is not in the table.
    """
    out = frame.copy()
    rows = [i for i, value in out["id"].items() if _cell(value) == team_id]
    if not rows:
        raise InputError(
            [error(f"không có tổ “{team_id}”", f"no team “{team_id}”", file=SOURCE, field="id")]
        )
    for col in ("base_commune", "base_lat", "base_lon", "base_name"):
        out[col] = out[col].astype(object)
    for i in rows:
        had_point = not _cell(out.at[i, "base_commune"]) and bool(_cell(out.at[i, "base_lat"]))
        name = _cell(out.at[i, "base_name"])
        out.at[i, "base_commune"] = ""
        out.at[i, "base_lat"] = round(float(lat), 6)
        out.at[i, "base_lon"] = round(float(lon), 6)
        out.at[i, "base_name"] = name if had_point and name else PICKED_BASE_NAME
    return out


def with_added_team(frame: pd.DataFrame, lat: float, lon: float) -> tuple[pd.DataFrame, str]:
    """The team table with one more team based at a point picked on the map: the figures of
    the last team, the next free id ``T<n>``; returns the table and the new id (it goes through
    :func:`teams_from_frame` like a typed row)."""
    ids = {_cell(v) for v in frame["id"]}
    n = len(frame) + 1
    while f"T{n}" in ids:
        n += 1
    team_id = f"T{n}"
    row = dict(frame.iloc[-1]) if len(frame) else {}
    row.update(
        {
            "id": team_id,
            "name": f"Tổ lưu động {n}",
            "base_commune": "",
            "base_lat": round(float(lat), 6),
            "base_lon": round(float(lon), 6),
            "base_name": PICKED_BASE_NAME,
        }
    )
    return pd.concat([frame, pd.DataFrame([row])], ignore_index=True), team_id


def with_overnight(scenario: Scenario, allowed: bool, from_min: int) -> Scenario:
    """The scenario with overnight stays allowed (at communes ``from_min`` or more minutes one
    way from the team's base) or not, as the planner set them; the reason noted."""
    rules = scenario.rules
    if (allowed, from_min) == (rules.allow_overnight, rules.overnight_min_one_way_min):
        return scenario
    note = (
        f"Người lập chọn: cho phép nghỉ lại qua đêm tại xã cách trụ sở của tổ từ {from_min} phút."
        if allowed
        else "Người lập chọn: không nghỉ lại qua đêm."
    )
    notes = {**rules.notes, "allow_overnight": note}
    new_rules = replace(
        rules, allow_overnight=allowed, overnight_min_one_way_min=from_min, notes=notes
    )
    return replace(scenario, rules=new_rules)
