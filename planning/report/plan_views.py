"""Plain tables and sentences drawn from a solved plan, shared by the app and the exports.

Nothing here formats for a particular medium beyond text: rows are lists of plain values (ints,
dates, strings) so that the app can show them, the workbook can type them, and the PDF can print
them. Sentences go through :mod:`planning.formatting` so numbers and dates read as Vietnamese
(or English) readers expect.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Collection, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import pandas as pd

from planning.domain import WEEKDAY_CODES_VI, IntakePoint, Plan, Scenario, Stop, Team, TeamDay
from planning.formatting import (
    fmt_date,
    fmt_hhmm,
    fmt_int,
    fmt_num,
    fmt_weekday,
    fmt_weekday_short,
)
from planning.report.tables import Table
from planning.results import SolveResult
from planning.variants import common_apps_per_hour, weekends_setting
from planning.wording import (
    bound_text,
    label,
    setting_label,
    tr,
    verdict_label,
    weekends_word,
    yes_no,
)


def short_name(name: str) -> str:
    """'Xã Cao Chương' → 'Cao Chương' (for crowded grids and map labels)."""
    for prefix in ("Thị trấn ", "Xã ", "Phường ", "TT "):
        if name.startswith(prefix):
            return name[len(prefix) :]
    return name


def names_by_code(scenario: Scenario) -> dict[str, str]:
    """Commune names keyed by code."""
    return {c.code: c.name for c in scenario.communes}


def service_start_min(scenario: Scenario, stop: Stop, team: Team) -> int:
    """When a stop's service begins: after setup, from arrival or the point's opening time
    (the team waits for a point that is not open yet)."""
    try:
        opens = scenario.point(stop.point).open_from_min
    except KeyError:
        opens = None
    return max(stop.arrive_min, opens if opens is not None else stop.arrive_min) + team.setup_min


def stop_place(scenario: Scenario, stop: Stop, short: bool = False) -> str:
    """Where a stop is, as plans name it: the commune ("Xã Ia Băng"), and its intake point when
    the commune lists points ("Xã Ia Băng — Điểm UBND xã cũ Ia Pết"; ``short``: "Ia Băng ·
    Điểm UBND xã cũ Ia Pết")."""
    names = names_by_code(scenario)
    commune = names.get(stop.commune_code, stop.commune_code)
    try:
        point = scenario.point(stop.point)
    except KeyError:
        point = None
    if point is None or point.implicit:
        return short_name(commune) if short else commune
    return f"{short_name(commune)} · {point.name}" if short else f"{commune} — {point.name}"


@dataclass(frozen=True)
class StopRow:
    """One line of a team's day list."""

    team_id: str
    team_name: str
    date: dt.date
    order: int
    commune_code: str
    commune_name: str
    arrive: str
    depart: str
    applications: int
    travel_min: int


def stop_rows(plan: Plan, scenario: Scenario, lang: str = "vi") -> list[StopRow]:
    """Every stop of every team-day, in team then date order, the return to base included."""
    teams = {t.team_id: t.name for t in scenario.teams}
    rows = []
    for day in sorted(plan.team_days, key=lambda d: (d.team_id, d.date)):
        for i, stop in enumerate(day.stops, start=1):
            name = (
                tr(lang, "Về trụ sở", "Back to base")
                if stop.is_base
                else stop_place(scenario, stop)
            )
            rows.append(
                StopRow(
                    day.team_id,
                    teams.get(day.team_id, day.team_id),
                    day.date,
                    i,
                    stop.commune_code,
                    name,
                    fmt_hhmm(stop.arrive_min),
                    fmt_hhmm(stop.depart_min),
                    stop.applications,
                    stop.travel_min,
                )
            )
    return rows


def day_summary(day: TeamDay, scenario: Scenario) -> str:
    """'Cao Chương (120) → Đàm Thủy (80)' for a team-day (with the intake point where the
    commune lists points: 'Ia Băng · Điểm UBND xã cũ Ia Pết (120)')."""
    parts = [
        f"{stop_place(scenario, s, short=True)} ({s.applications})"
        for s in day.stops
        if not s.is_base
    ]
    return " → ".join(parts)


def calendar_grid(
    plan: Plan, scenario: Scenario, lang: str = "vi", team_ids: Collection[str] | None = None
) -> tuple[list[dt.date], list[list[str]]]:
    """Team × date grid: the dates, then one row per team (team name first, then cell texts);
    the teams ``team_ids`` only, when given."""
    dates = scenario.calendar.dates()
    by_key = {(d.team_id, d.date): d for d in plan.team_days}
    rows = []
    for team in scenario.teams:
        if team_ids is not None and team.team_id not in team_ids:
            continue
        cells = [team.name]
        for day in dates:
            team_day = by_key.get((team.team_id, day))
            if team_day is not None and team_day.applications > 0:
                cells.append(day_summary(team_day, scenario))
            elif scenario.calendar.is_holiday(day) or day not in scenario.team_working_dates(team):
                cells.append(tr(lang, "nghỉ", "off"))
            else:
                cells.append("")
        rows.append(cells)
    return dates, rows


@dataclass(frozen=True)
class CommuneRow:
    """Per commune: backlog, visit dates, expected applications, remaining at the deadline."""

    code: str
    name: str
    collectable: int
    visit_dates: tuple[dt.date, ...]
    teams: tuple[str, ...]
    planned: int
    remaining: int


def commune_rows(result: SolveResult, scenario: Scenario) -> list[CommuneRow]:
    """One row per commune of the scenario, in scenario order."""
    dates: dict[str, set[dt.date]] = {}
    teams: dict[str, set[str]] = {}
    planned: dict[str, int] = {}
    for visit in result.plan.visits():
        if visit.applications <= 0:
            continue
        dates.setdefault(visit.commune_code, set()).add(visit.date)
        teams.setdefault(visit.commune_code, set()).add(visit.team_id)
        planned[visit.commune_code] = planned.get(visit.commune_code, 0) + visit.applications
    return [
        CommuneRow(
            c.code,
            c.name,
            c.collectable_backlog,
            tuple(sorted(dates.get(c.code, ()))),
            tuple(sorted(teams.get(c.code, ()))),
            planned.get(c.code, 0),
            int(result.remaining_by_commune.get(c.code, c.collectable_backlog)),
        )
        for c in scenario.communes
    ]


def plan_commune_table(
    result: SolveResult,
    scenario: Scenario,
    lang: str = "vi",
    team_ids: Collection[str] | None = None,
    unfinished_only: bool = False,
) -> Table:
    """Per commune: collectable, visit dates, teams, planned by and remaining at the deadline.

    ``team_ids``: only the communes these teams visit; ``unfinished_only``: only the communes
    with backlog left at the deadline.
    """
    rows = [
        r
        for r in commune_rows(result, scenario)
        if (team_ids is None or set(r.teams) & set(team_ids))
        and (not unfinished_only or r.remaining > 0)
    ]
    return Table.build(
        [
            ("code", "text"),
            ("name", "text"),
            ("collectable", "int"),
            ("visit_dates", "text"),
            ("team", "text"),
            ("planned", "int"),
            ("remaining", "int"),
        ],
        [
            (
                r.code,
                r.name,
                r.collectable,
                ", ".join(fmt_date(d, lang) for d in r.visit_dates),
                ", ".join(r.teams),
                r.planned,
                r.remaining,
            )
            for r in rows
        ],
        lang,
    )


def stop_table(
    plan: Plan,
    scenario: Scenario,
    lang: str = "vi",
    team_id: str | None = None,
    team_ids: Collection[str] | None = None,
) -> Table:
    """Every stop of every team-day (of ``team_id`` or the teams ``team_ids`` only, when given),
    the return to base included, in team then date order."""
    wanted = {team_id} if team_id is not None else team_ids
    return Table.build(
        [
            ("team", "text"),
            ("date", "date"),
            ("stop_no", "int"),
            ("commune_code", "text"),
            ("name", "text"),
            ("arrive", "text"),
            ("depart", "text"),
            ("applications", "int"),
            ("travel_min", "int"),
        ],
        [
            (
                r.team_name,
                r.date,
                r.order,
                r.commune_code,
                r.commune_name,
                r.arrive,
                r.depart,
                r.applications,
                r.travel_min,
            )
            for r in stop_rows(plan, scenario, lang)
            if wanted is None or r.team_id in wanted
        ],
        lang,
    )


def point_table(result: SolveResult, scenario: Scenario, lang: str = "vi") -> Table:
    """Per intake point (commune by commune): where it is, its kind, backlog, cap, days and
    hours, visit dates, planned by and remaining at the deadline — the points sheet of the
    workbook and the points table of the Data and Plan pages."""
    deadline = scenario.calendar.deadline
    dates: dict[str, set[dt.date]] = {}
    planned: dict[str, int] = {}
    for visit in result.plan.visits():
        if visit.applications <= 0:
            continue
        dates.setdefault(visit.point, set()).add(visit.date)
        if visit.date <= deadline:
            planned[visit.point] = planned.get(visit.point, 0) + visit.applications
    backlogs = scenario.point_backlogs
    names = names_by_code(scenario)
    rows = []
    for p in scenario.points:
        where = p.location
        rows.append(
            (
                p.commune_code,
                names[p.commune_code],
                p.point_id,
                p.name,
                p.kind.label_vi if lang == "vi" else p.kind.label_en,
                p.landmark,
                "" if where is None else f"{where.lat:.5f}",
                "" if where is None else f"{where.lon:.5f}",
                backlogs[p.point_id],
                scenario.point_daily_cap(p),
                weekdays_words(p.open_weekdays, lang),
                hours_words(p),
                ", ".join(fmt_date(d, lang) for d in sorted(dates.get(p.point_id, ()))),
                planned.get(p.point_id, 0),
                backlogs[p.point_id] - planned.get(p.point_id, 0),
            )
        )
    return Table.build(
        [
            ("commune_code", "text"),
            ("commune", "text"),
            ("point_id", "text"),
            ("point", "text"),
            ("point_kind", "text"),
            ("landmark", "text"),
            ("lat", "text"),
            ("lon", "text"),
            ("collectable", "int"),
            ("daily_cap", "int"),
            ("days_open", "text"),
            ("hours_open", "text"),
            ("visit_dates", "text"),
            ("planned", "int"),
            ("remaining", "int"),
        ],
        rows,
        lang,
    )


def weekdays_words(days: frozenset[int], lang: str = "vi") -> str:
    """'mọi ngày' / 'T2–T6' / 'T2, T4, CN' (English: 'every day', 'Mon–Fri', …)."""
    codes = WEEKDAY_CODES_VI if lang == "vi" else ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
    ordered = sorted(days)
    if len(ordered) == 7:
        return tr(lang, "mọi ngày", "every day")
    if len(ordered) > 2 and ordered == list(range(ordered[0], ordered[-1] + 1)):
        return f"{codes[ordered[0]]}–{codes[ordered[-1]]}"
    return ", ".join(codes[d] for d in ordered)


def hours_words(point: IntakePoint) -> str:
    """'07:30–11:00', 'từ 13:30' … or '' (no hours)."""
    opens, closes = point.open_from_min, point.open_until_min
    if opens is None and closes is None:
        return ""
    left = fmt_hhmm(opens) if opens is not None else ""
    right = fmt_hhmm(closes) if closes is not None else ""
    return f"{left}–{right}"


def calendar_headers(dates: Iterable[dt.date], lang: str = "vi") -> list[str]:
    """Column heads of the team × date grid on screen: 'Thứ Hai 12/12'."""
    return [label("team", lang)] + [
        f"{fmt_weekday(d, lang)[:8]} {fmt_date(d, lang)[:5]}" for d in dates
    ]


def visit_dates_by_commune(plan: Plan) -> dict[str, list[dt.date]]:
    """Visit dates (with applications) per commune code, sorted."""
    out: dict[str, set[dt.date]] = {}
    for visit in plan.visits():
        if visit.applications > 0:
            out.setdefault(visit.commune_code, set()).add(visit.date)
    return {code: sorted(days) for code, days in out.items()}


def map_periods(dates: Sequence[dt.date], lang: str = "vi") -> dict[str, list[dt.date] | None]:
    """Periods a plan map can show, label → dates: the whole plan (None), each week (Monday
    first), each date."""
    out: dict[str, list[dt.date] | None] = {tr(lang, "Toàn bộ kế hoạch", "Whole plan"): None}
    weeks: dict[dt.date, list[dt.date]] = {}
    for day in dates:
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(day)
    for i, days in enumerate(weeks.values(), start=1):
        first, last = fmt_date(days[0], lang), fmt_date(days[-1], lang)
        out[tr(lang, f"Tuần {i}: {first} – {last}", f"Week {i}: {first} – {last}")] = days
    for day in dates:
        out[tr(lang, "Ngày ", "Day ") + fmt_date(day, lang)] = [day]
    return out


#: With more teams than this, the plan map opens on its first week, not the whole plan: every
#: route of a province's campaign at once is a tangle.
MAP_WHOLE_PLAN_MAX_TEAMS = 4


def default_map_period(scenario: Scenario) -> int:
    """Index in :func:`map_periods` of the period the plan map opens on."""
    return 0 if len(scenario.teams) <= MAP_WHOLE_PLAN_MAX_TEAMS else 1


def remaining_over_time(plan: Plan, scenario: Scenario) -> list[tuple[dt.date, int]]:
    """Expected collectable backlog left at the end of each date of the window."""
    per_day: dict[dt.date, int] = {}
    for visit in plan.visits():
        per_day[visit.date] = per_day.get(visit.date, 0) + visit.applications
    left = scenario.collectable_backlog
    series = [(scenario.calendar.start - dt.timedelta(days=1), left)]
    for day in scenario.calendar.dates():
        left -= per_day.get(day, 0)
        series.append((day, max(left, 0)))
    return series


#: Variants by name, each with its scenario and solved plan (the Compare page).
Solved = Mapping[str, tuple[Scenario, SolveResult]]


def variant_kpis(solved: Solved, lang: str = "vi") -> pd.DataFrame:
    """Key figures of several solved variants, one column per variant, one row per figure."""
    columns = {}
    for name, (scenario, result) in solved.items():
        figures = {
            "teams": fmt_int(len(scenario.teams), lang),
            "weekends_worked": weekends_word(weekends_setting(scenario), lang),
            "apps_per_hour": _rate_text(scenario, lang),
            "deadline": fmt_date(scenario.calendar.deadline, lang),
            "verdict": verdict_label(result.meets, lang),
            "planned": fmt_int(result.collected_by_deadline, lang),
            "remaining": fmt_int(result.remaining_by_deadline, lang),
            "bound": bound_text(result, lang),
            "finish": fmt_date(result.finish_date, lang),
            "travel_h": fmt_int(result.travel_min / 60, lang),
        }
        columns[name] = {label(key, lang): value for key, value in figures.items()}
    return pd.DataFrame(columns)


def _rate_text(scenario: Scenario, lang: str) -> str:
    """The teams' rate ('20', '22,5'), or 'tùy tổ' when they differ."""
    rate = common_apps_per_hour(scenario)
    if rate is None:
        return tr(lang, "tùy tổ", "varies by team")
    return fmt_num(rate, 0 if float(rate).is_integer() else 1, lang)


def remaining_frame(solved: Solved) -> pd.DataFrame:
    """Expected remaining collectable backlog by date, one column per variant."""
    series = {}
    for name, (scenario, result) in solved.items():
        points = remaining_over_time(result.plan, scenario)
        series[name] = pd.Series({pd.Timestamp(d): v for d, v in points})
    return pd.DataFrame(series).ffill()


def assumption_rows(scenario: Scenario, lang: str = "vi") -> list[tuple[str, str, str, str]]:
    """Every value that has a reason in a ``notes`` table: (section, key, value, reason)."""
    rows: list[tuple[str, str, str, str]] = []
    cal = scenario.calendar
    cal_values = {
        "start": fmt_date(cal.start, lang),
        "deadline": fmt_date(cal.deadline, lang),
        "invitation_lead_days": str(cal.invitation_lead_days),
    }
    rows += _note_rows(tr(lang, "Lịch", "Calendar"), cal.notes, cal_values, lang)
    travel = scenario.travel
    rows += _note_rows(
        tr(lang, "Di chuyển", "Travel"),
        travel.notes,
        {
            "speed_kmh": fmt_num(travel.speed_kmh, 1, lang),
            "detour_factor": fmt_num(travel.detour_factor, 2, lang),
        },
        lang,
    )
    rules = scenario.rules
    rows += _note_rows(
        tr(lang, "Quy tắc", "Rules"),
        rules.notes,
        {k: _setting_value(getattr(rules, k), lang) for k in rules.notes if hasattr(rules, k)},
        lang,
    )
    for team in scenario.teams:
        values = {
            "apps_per_hour": fmt_num(team.apps_per_hour, 1, lang),
            "setup_min": str(team.setup_min),
            "shift_hours": fmt_num(team.shift_min / 60, 1, lang),
            "working_weekdays": ", ".join(
                fmt_weekday(_weekday_date(d), lang) for d in sorted(team.working_weekdays)
            ),
        }
        rows += _note_rows(team.name, team.notes, values, lang)
    rows += [(tr(lang, "Số liệu", "Facts"), key, "", text) for key, text in scenario.facts.items()]
    return rows


def _weekday_date(weekday: int) -> dt.date:
    """A date that falls on ``weekday`` (Monday = 0), to name it through babel."""
    return dt.date(2024, 1, 1) + dt.timedelta(days=weekday)


def _note_rows(
    section: str, notes: Mapping[str, str], values: Mapping[str, str], lang: str
) -> Iterable[tuple[str, str, str, str]]:
    """One row per noted setting, the setting named in ``lang`` (not by its file key)."""
    return [
        (section, setting_label(key, lang), values.get(key, ""), text)
        for key, text in notes.items()
    ]


def _setting_value(value: object, lang: str) -> str:
    """A rule's value as a reader writes it: 'có'/'không', 250, 1,5, '—' for no limit."""
    if isinstance(value, bool):
        return yes_no(value, lang)
    if value is None:
        return "—"
    if isinstance(value, float):
        return fmt_num(value, 1, lang)
    if isinstance(value, int):
        return fmt_int(value, lang)
    return str(value)


def issuing_unit(scenario: Scenario) -> str:
    """'CÔNG AN HUYỆN TRÙNG KHÁNH' from a team base named 'Công an huyện ...', else a blank."""
    for team in scenario.teams:
        name = team.base_name.split("(")[0].strip()
        if name.casefold().startswith("công an"):
            return name.upper()
    return "CÔNG AN ..."


def team_colour(index: int) -> str:
    """A distinct colour per team: ColorBrewer Dark2, then four darker ones (12 in all, so a
    province's teams do not share colours)."""
    palette = (
        "#1b9e77",
        "#d95f02",
        "#7570b3",
        "#e7298a",
        "#66a61e",
        "#e6ab02",
        "#a6761d",
        "#666666",
        "#1f78b4",
        "#b2182b",
        "#3f007d",
        "#00441b",
    )
    return palette[index % len(palette)]


def bases_of(teams: Sequence[Team]) -> dict[tuple[float, float], list[Team]]:
    """Teams grouped by the place of their base (several teams often share one)."""
    out: dict[tuple[float, float], list[Team]] = {}
    for team in teams:
        out.setdefault((round(team.base.lat, 5), round(team.base.lon, 5)), []).append(team)
    return out


# --- province scale: teams in groups, a calendar that is not a wall ------------------------------


def _base_place(team: Team) -> str:
    return team.base_name or f"{team.base.lat:.4f}, {team.base.lon:.4f}"


def team_groups(scenario: Scenario, lang: str = "vi") -> dict[str, tuple[str, ...] | None]:
    """What the Plan and Map pages can be filtered by, label → team ids (``None``: every team):
    all teams, each base shared by several teams (when there are several bases), each team."""
    out: dict[str, tuple[str, ...] | None] = {
        tr(lang, f"Tất cả các tổ ({len(scenario.teams)})", f"All teams ({len(scenario.teams)})"): (
            None
        )
    }
    bases = bases_of(scenario.teams)
    if len(bases) > 1:
        for members in bases.values():
            if len(members) > 1:
                ids = ", ".join(t.team_id for t in members)
                place = _base_place(members[0])
                if not place.casefold().startswith(("trụ sở", "công an")):
                    place = tr(lang, "Trụ sở ", "Base ") + place
                out[f"{place} ({ids})"] = tuple(t.team_id for t in members)
    for team in scenario.teams:
        out[f"{team.team_id} — {team.name}"] = (team.team_id,)  # ids are unique, names may not be
    return out


def team_summary_table(result: SolveResult, scenario: Scenario, lang: str = "vi") -> Table:
    """Per team: base, working days, days with visits, communes, applications, travel hours."""
    rows = []
    for team in scenario.teams:
        days = [d for d in result.plan.team_days if d.team_id == team.team_id]
        busy = [d for d in days if d.applications > 0]
        communes = {v.commune_code for d in busy for v in d.visits() if v.applications > 0}
        rows.append(
            (
                team.team_id,
                team.name,
                _base_place(team),
                len(scenario.team_working_dates(team)),
                len(busy),
                len(communes),
                sum(d.applications for d in days),
                round(sum(d.travel_min for d in days) / 60),
            )
        )
    return Table.build(
        [
            ("code", "text"),
            ("team", "text"),
            ("base", "text"),
            ("working_days", "int"),
            ("visit_days", "int"),
            ("communes_count", "int"),
            ("applications", "int"),
            ("travel_h", "int"),
        ],
        rows,
        lang,
    )


#: Up to this many teams the calendar shows the communes of each day (a district's 2-3 teams);
#: more teams get the compact heat grid of :func:`calendar_heat`.
TEXT_GRID_MAX_TEAMS = 8


def day_column(day: dt.date, lang: str = "vi") -> str:
    """A short column head for a date: 'T2 01/09' / 'Mon 01/09'."""
    return f"{fmt_weekday_short(day, lang)} {fmt_date(day, lang)[:5]}"


def calendar_heat(
    plan: Plan, scenario: Scenario, lang: str = "vi", team_ids: Collection[str] | None = None
) -> pd.DataFrame:
    """Teams × dates, each cell the applications planned that day: a compact grid of a whole
    province plan (0: a working day without visit; empty: the team's day off)."""
    by_key = {(d.team_id, d.date): d.applications for d in plan.team_days}
    dates = scenario.calendar.dates()
    rows = {}
    for team in scenario.teams:
        if team_ids is not None and team.team_id not in team_ids:
            continue
        working = set(scenario.team_working_dates(team))
        rows[f"{team.team_id} — {team.name}"] = [
            float(by_key.get((team.team_id, day), 0)) if day in working else math.nan
            for day in dates
        ]
    return pd.DataFrame.from_dict(
        rows, orient="index", columns=[day_column(d, lang) for d in dates]
    )


#: Heat grid shades (ColorBrewer Greens, light → dark) and the look of a day off.
HEAT_SHADES = ("#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c")
HEAT_OFF = "background-color:#eeeeee;color:#888888"


def _heat_css(value: float, top: float) -> str:
    if math.isnan(value):
        return HEAT_OFF
    step = 0 if top <= 0 else min(len(HEAT_SHADES) - 1, int(value / top * len(HEAT_SHADES)))
    ink = "#ffffff" if step >= len(HEAT_SHADES) - 2 else "#000000"
    return f"background-color:{HEAT_SHADES[step]};color:{ink}"


def calendar_heat_names(
    plan: Plan, scenario: Scenario, team_ids: Collection[str] | None = None
) -> pd.DataFrame:
    """The communes of each cell of :func:`calendar_heat` (same shape): the first stop's short
    name, '+2' for two more stops; empty without a visit."""
    by_key = {(d.team_id, d.date): d for d in plan.team_days}
    names = names_by_code(scenario)
    dates = scenario.calendar.dates()
    rows = {}
    for team in scenario.teams:
        if team_ids is not None and team.team_id not in team_ids:
            continue
        cells = []
        for day in dates:
            team_day = by_key.get((team.team_id, day))
            visits = [v for v in team_day.visits() if v.applications > 0] if team_day else []
            first = short_name(names.get(visits[0].commune_code, "")) if visits else ""
            cells.append(first + (f" +{len(visits) - 1}" if len(visits) > 1 else ""))
        rows[f"{team.team_id} — {team.name}"] = cells
    return pd.DataFrame.from_dict(rows, orient="index", columns=[day_column(d) for d in dates])


def heat_styler(frame: pd.DataFrame, lang: str = "vi", names: pd.DataFrame | None = None) -> Any:
    """The heat grid as the reader sees it: numbers as written in ``lang`` (after the commune's
    name when ``names`` is given: :func:`calendar_heat_names`), shaded by applications (dark:
    many), days off written out and greyed."""
    off = tr(lang, "nghỉ", "off")
    top = float(frame.max().max()) if frame.notna().any().any() else 0.0
    texts = frame.map(lambda v: off if math.isnan(v) else fmt_int(v, lang))
    if names is not None:
        labels = names.set_axis(frame.columns, axis=1)
        texts = texts.where(labels == "", labels + " " + texts)
    shades = frame.map(lambda v: _heat_css(v, top))
    return texts.style.apply(lambda _: shades, axis=None)


def week_calendar(plan: Plan, scenario: Scenario, team_id: str, lang: str = "vi") -> pd.DataFrame:
    """One team's plan as a wall calendar: a row per week, a column per weekday, each cell
    'dd/mm: communes (applications)', 'nghỉ' on days off, empty outside the window."""
    team = scenario.team(team_id)
    by_date = {d.date: d for d in plan.team_days if d.team_id == team_id}
    working = set(scenario.team_working_dates(team))
    dates = scenario.calendar.dates()
    weeks: dict[dt.date, list[str]] = {}
    for day in dates:
        week = weeks.setdefault(day - dt.timedelta(days=day.weekday()), [""] * 7)
        team_day = by_date.get(day)
        if team_day is not None and team_day.applications > 0:
            text = day_summary(team_day, scenario)
        elif day in working:
            text = "—"
        else:
            text = tr(lang, "nghỉ", "off")
        week[day.weekday()] = f"{fmt_date(day, lang)[:5]}: {text}"
    monday = dt.date(2024, 1, 1)
    heads = [fmt_weekday(monday + dt.timedelta(days=i), lang) for i in range(7)]
    index = [
        tr(lang, f"Tuần {i}", f"Week {i}") + f" ({fmt_date(start, lang)[:5]})"
        for i, start in enumerate(weeks, start=1)
    ]
    return pd.DataFrame(list(weeks.values()), index=index, columns=heads)
