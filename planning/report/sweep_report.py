"""A sweep for people: its table (screen and Excel), its chart (PNG) and a progress line a variant.

The chart shows what each setting collects by the deadline against the number of teams: one line
per deadline / weekends / rate setting, and the collectable backlog as a dashed line (a point on
it meets the deadline). Labels are Vietnamese first, English second. The workbook holds the table
(user text written as text, never a formula: :class:`~planning.report.excel.CellWriter`) and the
chart.
"""

from __future__ import annotations

import io
from collections.abc import Sequence
from typing import Any

import xlsxwriter
from matplotlib.ticker import FuncFormatter, MaxNLocator

from planning.formatting import fmt_date, fmt_int, fmt_num
from planning.outcomes import VariantOutcome
from planning.report.excel import CellWriter
from planning.report.static_map import new_figure
from planning.wording import label, status_name, tr, verdict_brief, weekends_word

#: The table's columns (keys of :data:`planning.wording.LABELS`).
COLUMNS = (
    "variant",
    "teams",
    "weekends_worked",
    "deadline",
    "apps_per_hour",
    "planned",
    "bound",
    "verdict",
    "finish",
    "solver_status",
    "solve_seconds",
    "worker",
    "error",
)
WIDTHS = (34, 8, 12, 12, 10, 14, 14, 16, 12, 24, 12, 24, 40)


def table_rows(outcomes: Sequence[VariantOutcome], lang: str = "vi") -> list[list[Any]]:
    """One row per variant (:data:`COLUMNS`), typed values: numbers, dates, texts."""
    rows = []
    for o in outcomes:
        r = o.result if o.solved else None
        rows.append(
            [
                o.variant.name,
                o.teams,
                weekends_word(o.weekends, lang),
                o.deadline,
                o.apps_per_hour,
                None if r is None else r.collected_by_deadline,
                None if r is None else r.upper_bound_by_deadline,
                None if r is None else verdict_brief(r, lang),
                None if r is None else r.finish_date,
                status_name(str(r.status) if r is not None else str(o.state), lang),
                None if r is None else round(r.solve_seconds, 2),
                o.worker,
                o.error,
            ]
        )
    return rows


def _setting_label(o: VariantOutcome, lang: str) -> str:
    rate = (
        "?"
        if o.apps_per_hour is None
        else fmt_num(o.apps_per_hour, 0 if float(o.apps_per_hour).is_integer() else 1, lang)
    )
    return tr(
        lang,
        f"hạn {fmt_date(o.deadline)}, cuối tuần: {weekends_word(o.weekends)}, {rate} hồ sơ/giờ",
        f"deadline {fmt_date(o.deadline, 'en')}, weekends: {weekends_word(o.weekends, 'en')}, "
        f"{rate} applications/h",
    )


def sweep_chart_png(
    outcomes: Sequence[VariantOutcome],
    scenario_name: str = "",
    width_in: float = 8.0,
    dpi: int = 120,
) -> bytes:
    """The chart as PNG bytes: collected by the deadline vs teams, a line per setting."""
    solved = [o for o in outcomes if o.solved and o.result is not None]
    fig, ax = new_figure(width_in, width_in * 0.6, dpi)
    lines: dict[tuple[Any, ...], list[VariantOutcome]] = {}
    for o in solved:
        lines.setdefault((o.deadline, o.weekends, o.apps_per_hour or 0.0), []).append(o)
    for key in sorted(lines):
        points = sorted(lines[key], key=lambda o: o.teams)
        ax.plot(
            [o.teams for o in points],
            [o.result.collected_by_deadline for o in points if o.result is not None],
            marker="o",
            label=f"{_setting_label(points[0], 'vi')}\n{_setting_label(points[0], 'en')}",
        )
    backlogs = sorted({o.result.collectable_backlog for o in solved if o.result is not None})
    for backlog in backlogs:
        ax.axhline(
            backlog,
            color="black",
            linestyle="--",
            linewidth=1,
            label=f"Tồn đọng có thể thu nhận / collectable backlog: {fmt_int(backlog)}",
        )
    if not solved:
        ax.text(0.5, 0.5, "Chưa có kết quả / no result yet", ha="center", transform=ax.transAxes)
    ax.set_xlabel("Số tổ / Teams")
    ax.set_ylabel("Hồ sơ thu nhận đến hạn / Collected by the deadline")
    heading = "Thu nhận đến hạn theo số tổ / Collected by the deadline vs teams"
    ax.set_title(f"{scenario_name}\n{heading}" if scenario_name else heading, fontsize=10)
    ax.xaxis.set_major_locator(MaxNLocator(integer=True))
    ax.yaxis.set_major_formatter(FuncFormatter(lambda y, _: fmt_int(y)))
    ax.set_ylim(bottom=0)
    ax.grid(alpha=0.3)
    if solved:
        ax.legend(fontsize=7, loc="lower right")
    fig.tight_layout()
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    return buffer.getvalue()


def sweep_workbook(
    outcomes: Sequence[VariantOutcome], scenario_name: str, lang: str = "vi", chart: bytes = b""
) -> bytes:
    """The sweep as an .xlsx: the table (a row per variant) and, below a title, the chart."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    w = CellWriter(book)
    ws = book.add_worksheet(tr(lang, "Phương án", "Variants"))
    w.text(ws, 0, 0, tr(lang, "SO SÁNH PHƯƠNG ÁN", "SCENARIO SWEEP"), w.title)
    w.text(ws, 1, 0, scenario_name)
    header = [label(key, lang) for key in COLUMNS]
    w.table(ws, 3, header, table_rows(outcomes, lang), WIDTHS)
    if chart:
        sheet = book.add_worksheet(tr(lang, "Biểu đồ", "Chart"))
        sheet.insert_image(0, 0, "sweep.png", {"image_data": io.BytesIO(chart)})
    book.close()
    return buffer.getvalue()


def progress_line(outcome: VariantOutcome, done: int, total: int) -> str:
    """'[3/12] teams3: KỊP HẠN, xong ngày … — 2.990/2.990 hồ sơ, tối ưu …, 4,1 giây, máy … /
    [3/12] teams3: MEETS …' — Vietnamese first, English second, on one line."""
    head = f"[{done}/{total}] {outcome.variant.name}: "
    r = outcome.result if outcome.solved else None
    if r is None:
        state = str(outcome.state)
        why = f" — {outcome.error}" if outcome.error else ""
        return f"{head}{status_name(state).upper()}{why} / {status_name(state, 'en').upper()}"

    def one(lang: str) -> str:
        got = fmt_int(r.collected_by_deadline, lang)
        need = fmt_int(r.collectable_backlog, lang)
        return tr(
            lang,
            f"{verdict_brief(r)} — {got}/{need} hồ sơ, {status_name(r.status)}, "
            f"{fmt_num(r.solve_seconds, 1)} giây, máy {outcome.worker}",
            f"{verdict_brief(r, 'en')} — {got}/{need} applications, "
            f"{status_name(r.status, 'en')}, {fmt_num(r.solve_seconds, 1, 'en')} s",
        )

    return f"{head}{one('vi')} / {one('en')}"
