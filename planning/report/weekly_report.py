"""The weekly review (báo cáo kết quả tuần) as an Excel workbook and a printable PDF.

Per commune: citizens of age, issued (office figure plus what the teams took), collected this
week, cumulative, % issued, remaining collectable backlog and next week's schedule; the PDF adds a
static coverage map of % issued after the actual intake. The PDF uses the official document layout
of :mod:`planning.report.pdf`; the workbook the typed cells of :mod:`planning.report.excel`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Mapping, Sequence
from dataclasses import replace
from typing import Any

import xlsxwriter
from fpdf.fonts import FontFace

from planning.campaign.weekly import WeeklyReview
from planning.domain import Scenario
from planning.formatting import fmt_date, fmt_pct
from planning.report.documents import PDF_TYPE, XLSX_TYPE, Document
from planning.report.excel import CellWriter
from planning.report.labels import label_order
from planning.report.pdf import (
    FAMILY,
    DocumentInfo,
    OfficialPDF,
    date_line,
    default_info,
    grid_table,
    header_block,
    signature_block,
)
from planning.report.plan_views import short_name
from planning.report.progress_views import (
    next_week_table,
    weekly_summary_lines,
    weekly_table,
    weekly_total,
)
from planning.wording import card_terms, label, say, tr

WEEKLY_SHEETS = {
    "summary": ("Tổng hợp tuần", "Week summary"),
    "communes": ("Theo xã", "By commune"),
    "next_week": ("Lịch tuần tới", "Next week"),
}
#: Light = little issued, dark green = (nearly) all issued.
PCT_PALETTE = ("#f7fcf5", "#c7e9c0", "#74c476", "#31a354", "#006d2c")
PCT_BREAKS = (90.0, 95.0, 98.0, 99.5, 100.0)
NO_DATA = "#d9d9d9"


def weekly_sheet_name(key: str, lang: str = "vi") -> str:
    """The worksheet name of ``key`` in the workbook's language."""
    return say(WEEKLY_SHEETS, key, lang)


# --- Excel --------------------------------------------------------------------------------------


def weekly_workbook(review: WeeklyReview, scenario: Scenario, lang: str = "vi") -> bytes:
    """The weekly review as .xlsx bytes: summary, per commune, next week's schedule."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    w = CellWriter(book)
    ws = book.add_worksheet(weekly_sheet_name("summary", lang))
    w.text(ws, 0, 0, tr(lang, "BÁO CÁO KẾT QUẢ TUẦN", "WEEKLY REVIEW"), w.title)
    w.text(ws, 1, 0, review.scenario_name)
    for i, line in enumerate(weekly_summary_lines(review, lang), start=3):
        w.text(ws, i, 0, line)
    figures: list[list[Any]] = [
        [tr(lang, "Từ ngày", "Week from"), review.week_start],
        [tr(lang, "Đến ngày", "Week to"), review.week_end],
        [label("deadline", lang), review.deadline],
        [label("collected_week", lang), review.collected_week],
        [label("cumulative", lang), review.collected_total],
        [label("remaining_now", lang), review.remaining],
    ]
    w.table(
        ws, 6, [tr(lang, "Chỉ tiêu", "Figure"), tr(lang, "Giá trị", "Value")], figures, [60, 18]
    )

    ws = book.add_worksheet(weekly_sheet_name("communes", lang))
    table = weekly_table(review, scenario, lang)
    w.table(ws, 0, table.labels(), table.values(), [9, 26, 14, 12, 14, 12, 10, 12, 50])

    ws = book.add_worksheet(weekly_sheet_name("next_week", lang))
    table = next_week_table(review, scenario, lang)
    w.table(ws, 0, table.labels(), table.values(), [12, 16, 9, 26, 14])
    book.close()
    return buffer.getvalue()


# --- coverage map -------------------------------------------------------------------------------


def pct_colour(value: float | None) -> str:
    """The fill colour of a commune's % issued."""
    if value is None:
        return NO_DATA
    for upper, colour in zip(PCT_BREAKS, PCT_PALETTE, strict=True):
        if value < upper:
            return colour
    return PCT_PALETTE[-1]


def coverage_png(
    scenario: Scenario,
    features: Any,
    pct_by_code: Mapping[str, float | None],
    lang: str = "vi",
    width_in: float = 6.5,
    dpi: int = 150,
) -> bytes:
    """A static map (PNG, no tiles) of % issued per commune, with labels and legend."""
    from matplotlib.patches import Patch

    from planning.report.static_map import draw_labels, new_figure, place_legend, png_bytes

    frame = features[features["code"].isin([c.code for c in scenario.communes])]
    fig, ax = new_figure(width_in, width_in * 0.8, dpi)
    frame.plot(
        ax=ax,
        color=[pct_colour(pct_by_code.get(code)) for code in frame["code"]],
        edgecolor="#555555",
        linewidth=0.5,
    )
    ax.set_axis_off()
    items = []
    for commune in (scenario.communes[i] for i in label_order(scenario)):
        pct = pct_by_code.get(commune.code)
        text = short_name(commune.name) + ("" if pct is None else f"\n{fmt_pct(pct, 1, lang)}")
        if commune.venue is not None:
            items.append((commune.venue.lon, commune.venue.lat, text))
    lows = (0.0, *PCT_BREAKS[:-1])
    handles = [
        Patch(
            facecolor=colour,
            edgecolor="#555",
            label=f"{fmt_pct(low, 1, lang)} – {fmt_pct(high, 1, lang)}"
            if high < 100
            else f"≥ {fmt_pct(low, 1, lang)}",
        )
        for low, high, colour in zip(lows, PCT_BREAKS, PCT_PALETTE, strict=True)
    ]
    handles.append(
        Patch(facecolor=NO_DATA, edgecolor="#555", label=tr(lang, "Không có số liệu", "No data"))
    )
    place_legend(ax, handles, title=label("pct_issued", lang), title_fontsize=7)
    draw_labels(fig, ax, items, fontsize=6, avoid=[ax.get_legend()])
    return png_bytes(fig)


# --- PDF ----------------------------------------------------------------------------------------


def weekly_info(scenario: Scenario, week_end: dt.date) -> DocumentInfo:
    """A report header guessed from the scenario, dated the Monday after the week."""
    base = default_info(scenario)
    return replace(
        base,
        number="Số:      /BC-CA",
        issued_on=week_end + dt.timedelta(days=1),
        recipients=("UBND (để báo cáo);", "UBND các xã, phường, thị trấn (để biết);", "Lưu: VT."),
    )


def _pdf_title(pdf: OfficialPDF, review: WeeklyReview) -> None:
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 7, "BÁO CÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(
        0,
        6.5,
        f"Kết quả cấp {card_terms(review.week_start, review.week_end).card_vi} lưu động\n"
        f"tuần từ ngày {fmt_date(review.week_start)} đến ngày {fmt_date(review.week_end)}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)


#: The weekly table's columns on paper (the page is too narrow for the code and the schedule).
PDF_COLUMNS = (
    "name",
    "of_age",
    "issued",
    "collected_week",
    "cumulative",
    "pct_issued",
    "remaining_now",
)


def _pdf_table(pdf: OfficialPDF, review: WeeklyReview, scenario: Scenario) -> None:
    pdf.text_block("II. KẾT QUẢ THEO ĐƠN VỊ", "B")
    pdf.set_font(FAMILY, "", 10)
    head = FontFace(emphasis="BOLD", fill_color=(230, 230, 230))
    table = weekly_table(review, scenario).select(*PDF_COLUMNS)
    total = weekly_total(review).select(*PDF_COLUMNS)
    with pdf.table(
        col_widths=(36, 19, 19, 19, 19, 17, 19),
        text_align=("L", "R", "R", "R", "R", "R", "R"),
        headings_style=head,
        line_height=5,
        first_row_as_headings=True,
    ) as rows:
        for cells in (table.labels(), *table.texts(), *total.texts()):
            rows.row(cells)
    if any(r.estimated for r in review.rows):
        pdf.text_block("(*) Số liệu ước tính, không phải số công bố.", "I", size=11)
    pdf.ln(3)


def _pdf_next_week(pdf: OfficialPDF, review: WeeklyReview, scenario: Scenario) -> None:
    short = card_terms(review.week_start, review.week_end).short_vi
    pdf.text_block(f"IV. LỊCH CẤP {short.upper()} LƯU ĐỘNG TUẦN TỚI", "B")
    table = next_week_table(review, scenario).select("date", "team", "name", "applications")
    if not table.rows:
        pdf.text_block("Kế hoạch hiện hành không có lịch trong tuần tới.", indent=True)
        return
    grid_table(pdf, (25, 40, 65, 35), ("C", "L", "L", "R"), table.labels(), table.texts())


def weekly_pdf(
    review: WeeklyReview,
    scenario: Scenario,
    info: DocumentInfo | None = None,
    map_png: bytes | None = None,
    extra_lines: Sequence[str] = (),
) -> bytes:
    """The printable weekly review (Vietnamese, official layout) as PDF bytes."""
    info = info or weekly_info(scenario, review.week_end)
    pdf = OfficialPDF()
    pdf.set_title(f"Báo cáo kết quả tuần — {scenario.name}")
    pdf.set_creator("cccd-planner")
    pdf.add_page()
    header_block(
        pdf, info.parent_unit, info.unit, info.number, date_line(info.place, info.issued_on)
    )
    _pdf_title(pdf, review)
    pdf.text_block("I. KẾT QUẢ CHUNG", "B")
    for line in (*weekly_summary_lines(review, "vi"), *extra_lines):
        pdf.text_block(line, indent=True)
    pdf.ln(2)
    _pdf_table(pdf, review, scenario)
    if map_png:
        pdf.text_block("III. BẢN ĐỒ TỶ LỆ ĐÃ CẤP SAU THU NHẬN", "B")
        width = pdf.w - pdf.l_margin - pdf.r_margin
        if pdf.get_y() + width * 0.8 > pdf.h - pdf.b_margin:
            pdf.add_page()
        pdf.image(io.BytesIO(map_png), x=pdf.l_margin, w=width)
        pdf.ln(2)
    _pdf_next_week(pdf, review, scenario)
    signature_block(pdf, info)
    return bytes(pdf.output())


def review_documents(
    review: WeeklyReview, scenario: Scenario, features: Any = None, lang: str = "vi"
) -> list[Document]:
    """The weekly review as the Progress page offers it: the workbook and the PDF (with the
    coverage map when features are given), each made when asked for."""

    def pdf() -> bytes:
        png = None
        if features is not None:
            pct = {r.code: r.pct_issued for r in review.rows}
            png = coverage_png(scenario, features, pct, "vi")
        return weekly_pdf(review, scenario, None, png)

    stem = f"bao-cao-tuan-{review.week_end.isoformat()}"
    return [
        Document(
            "weekly_xlsx",
            "Tải báo cáo tuần (Excel)",
            "Download weekly review (Excel)",
            f"{stem}.xlsx",
            XLSX_TYPE,
            lambda: weekly_workbook(review, scenario, lang),
        ),
        Document(
            "weekly_pdf",
            "Tải báo cáo tuần (PDF)",
            "Download weekly review (PDF)",
            f"{stem}.pdf",
            PDF_TYPE,
            pdf,
        ),
    ]
