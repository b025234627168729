"""The plan as an Excel workbook: summary, per commune, per team, per team-day, calendar,
assumptions, then (with several teams) one sheet per team with its own schedule.

Numbers are written as numbers with the format ``#,##0`` (Excel shows them with the reader's
locale: 2.990 on a Vietnamese system) and dates as dates formatted ``dd/mm/yyyy``. Every text is
written as a string cell, never a formula; texts that a spreadsheet could take for a formula
(starting with ``= + - @``) also get Excel's quote prefix, so they stay text when edited or
re-saved as CSV.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from xlsxwriter.workbook import Workbook
from xlsxwriter.worksheet import Worksheet

from planning.domain import Scenario
from planning.formatting import FORMULA_START
from planning.report.plan_views import (
    assumption_rows,
    calendar_grid,
    plan_commune_table,
    point_table,
    stop_table,
    team_summary_table,
)
from planning.results import SolveResult
from planning.wording import (
    bound_text,
    card_terms,
    label,
    say,
    tr,
    verdict_sentence,
    what_it_takes_lines,
)

SHEETS = {
    "summary": ("Tổng hợp", "Summary"),
    "communes": ("Theo xã", "By commune"),
    "teams": ("Theo tổ", "By team"),
    "days": ("Theo tổ - ngày", "By team and day"),
    "calendar": ("Lịch", "Calendar"),
    "assumptions": ("Giả định", "Assumptions"),
    "points": ("Điểm tiếp nhận", "Intake points"),
}


def sheet_name(key: str, lang: str = "vi") -> str:
    """The worksheet name of ``key`` in the workbook's language."""
    return say(SHEETS, key, lang)


class CellWriter:
    """Typed cell writing with the workbook's shared formats."""

    def __init__(self, book: Workbook) -> None:
        self.head = book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "text_wrap": True, "valign": "top"}
        )
        self.head_date = book.add_format(
            {"bold": True, "bg_color": "#DDEBF7", "border": 1, "num_format": "dd/mm/yyyy"}
        )
        self.title = book.add_format({"bold": True, "font_size": 14})
        self.int = book.add_format({"num_format": "#,##0"})
        self.date = book.add_format({"num_format": "dd/mm/yyyy"})
        self.wrap = book.add_format({"text_wrap": True, "valign": "top"})
        self.quoted = book.add_format({"quote_prefix": True, "text_wrap": True, "valign": "top"})

    def text(self, ws: Worksheet, row: int, col: int, value: str, fmt: Any = None) -> None:
        """A string cell; formula-looking text gets the quote prefix."""
        value = str(value)
        if value.startswith(FORMULA_START):
            fmt = self.quoted
        ws.write_string(row, col, value, fmt or self.wrap)

    def cell(self, ws: Worksheet, row: int, col: int, value: Any) -> None:
        """Write a value by type: int/float as number, date as date, else text."""
        if value is None:
            ws.write_blank(row, col, None)
        elif isinstance(value, bool):
            self.text(ws, row, col, str(value))
        elif isinstance(value, int | float):
            ws.write_number(row, col, value, self.int)
        elif isinstance(value, dt.date):
            ws.write_datetime(row, col, dt.datetime.combine(value, dt.time()), self.date)
        else:
            self.text(ws, row, col, str(value))

    def table(
        self,
        ws: Worksheet,
        top: int,
        header: Sequence[str],
        rows: Sequence[Sequence[Any]],
        widths: Sequence[int],
    ) -> None:
        """A header row, the data rows below it, column widths and a frozen header."""
        for col, (name, width) in enumerate(zip(header, widths, strict=True)):
            self.text(ws, top, col, name, self.head)
            ws.set_column(col, col, width)
        for r, values in enumerate(rows, start=top + 1):
            for col, value in enumerate(values):
                self.cell(ws, r, col, value)
        ws.freeze_panes(top + 1, 0)
        if rows:
            ws.autofilter(top, 0, top + len(rows), len(header) - 1)


def _summary(
    w: CellWriter, ws: Worksheet, scenario: Scenario, result: SolveResult, what: Any, lang: str
) -> None:
    card = card_terms(scenario.calendar.start, scenario.calendar.deadline)
    title = tr(
        lang,
        f"KẾ HOẠCH CẤP {card.short_vi.upper()} LƯU ĐỘNG",
        f"MOBILE {card.short_en.upper()} INTAKE PLAN",
    )
    w.text(ws, 0, 0, title, w.title)
    w.text(ws, 1, 0, scenario.name)
    w.text(ws, 3, 0, verdict_sentence(result, scenario, lang))
    figures = [
        (label("start", lang), scenario.calendar.start),
        (label("deadline", lang), scenario.calendar.deadline),
        (label("teams", lang), len(scenario.teams)),
        (tr(lang, "Số xã", "Communes"), len(scenario.communes)),
        (label("not_issued", lang), scenario.not_issued),
        (label("collectable", lang), result.collectable_backlog),
        (label("planned", lang), result.collected_by_deadline),
        (label("remaining", lang), result.remaining_by_deadline),
        (
            label("bound", lang),
            bound_text(result, lang)
            if result.bound_proves_nothing
            else result.upper_bound_by_deadline,
        ),
        (label("finish", lang), result.finish_date),
        (
            tr(lang, "Số ngày-tổ", "Team-days"),
            sum(1 for d in result.plan.team_days if d.applications),
        ),
    ]
    w.table(
        ws, 5, [tr(lang, "Chỉ tiêu", "Figure"), tr(lang, "Giá trị", "Value")], figures, [40, 18]
    )
    row = 6 + len(figures) + 1
    if what is not None:
        w.text(ws, row, 0, tr(lang, "Cần gì để kịp hạn", "What it would take"), w.head)
        for i, line in enumerate(what_it_takes_lines(what, scenario, lang), start=row + 1):
            w.text(ws, i, 0, line)
    ws.set_column(0, 0, 40)


def _communes(
    w: CellWriter, ws: Worksheet, scenario: Scenario, result: SolveResult, lang: str
) -> None:
    table = plan_commune_table(result, scenario, lang)
    w.table(ws, 0, table.labels(), table.values(), [9, 26, 14, 36, 10, 16, 18])


def _days(w: CellWriter, ws: Worksheet, scenario: Scenario, result: SolveResult, lang: str) -> None:
    table = stop_table(result.plan, scenario, lang)
    w.table(ws, 0, table.labels(), table.values(), [16, 12, 8, 9, 26, 8, 8, 14, 14])


def _teams(
    w: CellWriter, ws: Worksheet, scenario: Scenario, result: SolveResult, lang: str
) -> None:
    table = team_summary_table(result, scenario, lang)
    w.table(ws, 0, table.labels(), table.values(), [8, 22, 34, 12, 12, 10, 14, 12])


#: Characters Excel refuses in sheet names; the longest name it takes.
SHEET_FORBIDDEN = str.maketrans(dict.fromkeys("[]:*?/\\", "-"))
SHEET_NAME_MAX = 31


def team_sheet_names(scenario: Scenario) -> dict[str, str]:
    """Team id → the name of its own sheet ('T1 - Tổ lưu động số 1', cut to 31 characters,
    made unique)."""
    out: dict[str, str] = {}
    used = {name.casefold() for pair in SHEETS.values() for name in pair}
    for team in scenario.teams:
        base = f"{team.team_id} - {team.name}".translate(SHEET_FORBIDDEN).strip("'")
        name, n = base[:SHEET_NAME_MAX], 1
        while name.casefold() in used:
            n += 1
            name = f"{base[: SHEET_NAME_MAX - len(str(n)) - 1]}~{n}"
        used.add(name.casefold())
        out[team.team_id] = name
    return out


def _team_days(
    w: CellWriter, ws: Worksheet, scenario: Scenario, result: SolveResult, lang: str, team_id: str
) -> None:
    """One team's own schedule (to hand to that team)."""
    team = scenario.team(team_id)
    w.text(ws, 0, 0, f"{team.name} — {team.base_name}", w.title)
    keys = ("date", "stop_no", "commune_code", "name", "arrive", "depart", "applications")
    table = stop_table(result.plan, scenario, lang, team_id).select(*keys, "travel_min")
    w.table(ws, 2, table.labels(), table.values(), [12, 8, 9, 26, 8, 8, 14, 14])


def _calendar(
    w: CellWriter, ws: Worksheet, scenario: Scenario, result: SolveResult, lang: str
) -> None:
    dates, grid = calendar_grid(result.plan, scenario, lang)
    w.text(ws, 0, 0, label("team", lang), w.head)
    ws.set_column(0, 0, 16)
    for col, day in enumerate(dates, start=1):
        ws.write_datetime(0, col, dt.datetime.combine(day, dt.time()), w.head_date)
        ws.set_column(col, col, 22)
    for r, cells in enumerate(grid, start=1):
        for col, value in enumerate(cells):
            w.text(ws, r, col, value)
    ws.freeze_panes(1, 1)


def _assumptions(w: CellWriter, ws: Worksheet, scenario: Scenario, lang: str) -> None:
    header = [
        tr(lang, "Mục", "Section"),
        tr(lang, "Thiết lập", "Setting"),
        tr(lang, "Giá trị", "Value"),
        tr(lang, "Lý do / nguồn", "Reason / source"),
    ]
    w.table(ws, 0, header, [list(r) for r in assumption_rows(scenario, lang)], [18, 24, 16, 90])


def plan_workbook(
    scenario: Scenario, result: SolveResult, what: Any = None, lang: str = "vi"
) -> bytes:
    """The workbook's bytes (.xlsx)."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    w = CellWriter(book)
    _summary(w, book.add_worksheet(sheet_name("summary", lang)), scenario, result, what, lang)
    _communes(w, book.add_worksheet(sheet_name("communes", lang)), scenario, result, lang)
    _teams(w, book.add_worksheet(sheet_name("teams", lang)), scenario, result, lang)
    _days(w, book.add_worksheet(sheet_name("days", lang)), scenario, result, lang)
    _calendar(w, book.add_worksheet(sheet_name("calendar", lang)), scenario, result, lang)
    if scenario.has_listed_points:
        table = point_table(result, scenario, lang)
        widths = [9, 22, 10, 30, 20, 24, 10, 10, 12, 10, 12, 12, 30, 14, 14]
        w.table(
            book.add_worksheet(sheet_name("points", lang)),
            0,
            table.labels(),
            table.values(),
            widths,
        )
    _assumptions(w, book.add_worksheet(sheet_name("assumptions", lang)), scenario, lang)
    if len(scenario.teams) > 1:
        for team_id, name in team_sheet_names(scenario).items():
            _team_days(w, book.add_worksheet(name), scenario, result, lang, team_id)
    book.close()
    return buffer.getvalue()
