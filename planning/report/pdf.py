"""Printable plan for the People's Committee, in the layout of Vietnamese official documents.

A4 portrait, margins of Decree 30/2020/NĐ-CP (top/bottom 20 mm, left 30 mm, right 15 mm), a
Times New Roman metric-compatible serif (Liberation Serif 2.x, which has the Vietnamese letters;
DejaVu Serif when it is missing) embedded as a subset. The header block has the issuing unit on
the left and the national title and motto on the right, then the place-and-date line, the title,
the result, the schedule table, a static map, the assumptions and the signature block.
"""

from __future__ import annotations

import datetime as dt
import io
import struct
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path

from fpdf import FPDF
from fpdf.fonts import FontFace

from planning.domain import Scenario
from planning.formatting import fmt_date, fmt_int
from planning.report.plan_views import (
    assumption_rows,
    issuing_unit,
    service_start_min,
    stop_place,
)
from planning.results import SolveResult
from planning.wording import card_terms, verdict_sentence

#: Fonts tried in order; the first with every Vietnamese letter wins.
FONT_DIRS = ("/usr/share/fonts/truetype/liberation2", "/usr/share/fonts/truetype/liberation")
FALLBACK_DIR = "/usr/share/fonts/truetype/dejavu"
STYLES = {"": "Regular", "B": "Bold", "I": "Italic", "BI": "BoldItalic"}
VIETNAMESE_SAMPLE = "ộỘựẫĐđơưẮỹăâêôảạ"
FAMILY = "Serif"


class FontMissingError(RuntimeError):
    """No serif font with Vietnamese letters is installed (install fonts-liberation2)."""


def _covers_vietnamese(path: Path) -> bool:
    from fontTools.ttLib import TTFont

    cmap = TTFont(str(path), lazy=True).getBestCmap()
    return all(ord(ch) in cmap for ch in VIETNAMESE_SAMPLE)


@cache
def serif_fonts() -> dict[str, Path]:
    """Style ('', 'B', 'I', 'BI') → TTF path of the serif font used for documents."""
    for folder in FONT_DIRS:
        paths = {s: Path(folder) / f"LiberationSerif-{n}.ttf" for s, n in STYLES.items()}
        if all(p.is_file() for p in paths.values()) and _covers_vietnamese(paths[""]):
            return paths
    names = {
        "": "DejaVuSerif",
        "B": "DejaVuSerif-Bold",
        "I": "DejaVuSerif-Italic",
        "BI": "DejaVuSerif-BoldItalic",
    }
    paths = {s: Path(FALLBACK_DIR) / f"{n}.ttf" for s, n in names.items()}
    if all(p.is_file() for p in paths.values()):
        return paths
    raise FontMissingError(
        "Không có phông chữ có dấu tiếng Việt: cài fonts-liberation2 (apt-get install "
        "fonts-liberation2). / No serif font with Vietnamese letters: install fonts-liberation2."
    )


@dataclass(frozen=True)
class DocumentInfo:
    """What the header of an official document says.

    ``parent_unit`` is the line above the issuing unit (e.g. ``CÔNG AN TỈNH CAO BẰNG``);
    ``number`` the document number (``Số: .../KH-CAH``); ``place`` the place of issue;
    ``issued_on`` the date (``None`` leaves the dotted blanks for handwriting).
    """

    unit: str = "CÔNG AN ..."
    parent_unit: str = ""
    number: str = "Số:      /KH-CA"
    place: str = "..."
    issued_on: dt.date | None = None
    signer_title: str = "TRƯỞNG CÔNG AN"
    recipients: tuple[str, ...] = field(
        default=("UBND (để báo cáo);", "UBND các xã, phường, thị trấn (để thực hiện);", "Lưu: VT.")
    )


def default_info(scenario: Scenario) -> DocumentInfo:
    """A header guessed from the scenario (the team base named 'Công an ...')."""
    unit = issuing_unit(scenario)
    place = (
        unit.title().removeprefix("Công An ").split(" ", 1)[-1] if unit != "CÔNG AN ..." else "..."
    )
    return DocumentInfo(unit=unit, place=place, issued_on=scenario.calendar.start)


def date_line(place: str, day: dt.date | None) -> str:
    """'Trùng Khánh, ngày 06 tháng 12 năm 2022' (blanks when the date is not set)."""
    if day is None:
        return f"{place}, ngày ..... tháng ..... năm ......."
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


class OfficialPDF(FPDF):
    """An A4 page set up for Vietnamese administrative documents, with page numbers."""

    def __init__(self) -> None:
        super().__init__(orientation="P", unit="mm", format="A4")
        for style, path in serif_fonts().items():
            self.add_font(FAMILY, style, str(path))
        self.set_margins(30, 20, 15)
        self.set_auto_page_break(True, margin=20)
        self.set_font(FAMILY, "", 13)

    def header(self) -> None:
        """Page number centred at the top from page 2 on, as official documents do."""
        if self.page_no() > 1:
            self.set_y(10)
            self.set_font(FAMILY, "", 11)
            self.cell(0, 5, str(self.page_no()), align="C")
            self.set_y(20)
            self.set_font(FAMILY, "", 13)

    def text_block(
        self, text: str, style: str = "", size: float = 13, align: str = "J", indent: bool = False
    ) -> None:
        """A paragraph (justified, first line indented like official prose)."""
        self.set_font(FAMILY, style, size)
        self.multi_cell(
            0, 6.5, ("      " if indent else "") + text, align=align, new_x="LMARGIN", new_y="NEXT"
        )


def header_block(
    pdf: OfficialPDF, left_top: str, left_main: str, number: str, place_date: str
) -> None:
    """The two-column header: issuing unit left, national title and motto right; below them, on
    one row, the document number (left) and the place and date (right, italic)."""
    left_x, left_w, top = pdf.l_margin - 10, 80.0, pdf.get_y()
    right_x = left_x + left_w
    right_w = pdf.w - pdf.r_margin - right_x
    pdf.set_xy(left_x, top)
    if left_top:
        pdf.set_font(FAMILY, "", 12)
        pdf.cell(left_w, 5.5, left_top, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "B", 12)
    pdf.multi_cell(left_w, 5.5, left_main, align="C", new_x="LEFT", new_y="NEXT")
    left_rule_y = pdf.get_y() + 0.8
    pdf.line(left_x + left_w / 2 - 12, left_rule_y, left_x + left_w / 2 + 12, left_rule_y)
    pdf.set_xy(right_x, top)
    pdf.set_font(FAMILY, "B", 12)
    pdf.cell(
        right_w, 5.5, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align="C", new_x="LEFT", new_y="NEXT"
    )
    pdf.set_font(FAMILY, "B", 13)
    motto = "Độc lập - Tự do - Hạnh phúc"
    pdf.cell(right_w, 6, motto, align="C", new_x="LEFT", new_y="NEXT")
    motto_w = pdf.get_string_width(motto)
    right_rule_y = pdf.get_y() + 0.5
    pdf.line(
        right_x + (right_w - motto_w) / 2,
        right_rule_y,
        right_x + (right_w + motto_w) / 2,
        right_rule_y,
    )
    row_y = max(left_rule_y, right_rule_y) + 2.5
    pdf.set_xy(left_x, row_y)
    pdf.set_font(FAMILY, "", 13)
    pdf.cell(left_w, 6, number, align="C")
    pdf.set_xy(right_x, row_y)
    pdf.set_font(FAMILY, "I", 13)
    pdf.cell(right_w, 6, place_date, align="C")
    pdf.set_xy(pdf.l_margin, row_y + 12)


def _title(pdf: OfficialPDF, scenario: Scenario) -> None:
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 7, "KẾ HOẠCH", align="C", new_x="LMARGIN", new_y="NEXT")
    cal = scenario.calendar
    pdf.multi_cell(
        0,
        6.5,
        f"Tổ chức cấp {card_terms(cal.start, cal.deadline).card_vi} lưu động tại các xã, "
        "thị trấn\n"
        f"từ ngày {fmt_date(cal.start)} đến ngày {fmt_date(cal.deadline)}",
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    y = pdf.get_y() + 1
    pdf.line(
        pdf.w / 2 - 20 + (pdf.l_margin - pdf.r_margin) / 2,
        y,
        pdf.w / 2 + 20 + (pdf.l_margin - pdf.r_margin) / 2,
        y,
    )
    pdf.ln(5)


def _result_section(
    pdf: OfficialPDF, scenario: Scenario, result: SolveResult, what_lines: Sequence[str]
) -> None:
    pdf.text_block("I. KẾT QUẢ DỰ KIẾN", "B")
    figures = (
        f"Địa bàn gồm {len(scenario.communes)} đơn vị; còn {fmt_int(scenario.not_issued)} công dân "
        f"chưa được cấp, trong đó {fmt_int(scenario.collectable_backlog)} người có thể thu nhận "
        f"bằng tổ lưu động. Bố trí {len(scenario.teams)} tổ lưu động."
    )
    pdf.text_block(figures, indent=True)
    pdf.text_block(verdict_sentence(result, scenario, "vi"), indent=True)
    for line in what_lines:
        pdf.text_block("- " + line, indent=True)


def grid_table(
    pdf: OfficialPDF,
    col_widths: Sequence[float],
    text_align: Sequence[str],
    head: Sequence[str],
    rows: Iterable[Sequence[str]],
) -> None:
    """A ruled table in 11 pt, its grey bold head row repeated on every page."""
    pdf.set_font(FAMILY, "", 11)
    with pdf.table(
        col_widths=tuple(col_widths),
        text_align=tuple(text_align),
        headings_style=FontFace(emphasis="BOLD", fill_color=(230, 230, 230)),
        line_height=5.5,
        first_row_as_headings=True,
    ) as table:
        table.row(tuple(head))
        for values in rows:
            table.row(tuple(values))
    pdf.ln(3)


def _schedule_rows(
    scenario: Scenario, result: SolveResult, team_id: str
) -> list[tuple[str, str, str, str]]:
    """One team's visits: date, unit, working hours, expected applications."""
    team = scenario.team(team_id)
    rows = []
    days = sorted((d for d in result.plan.team_days if d.team_id == team_id), key=lambda d: d.date)
    for day in days:
        for stop in day.stops:
            if stop.is_base or stop.applications <= 0:
                continue
            start = service_start_min(scenario, stop, team)
            rows.append(
                (
                    fmt_date(day.date),
                    stop_place(scenario, stop),
                    f"{start // 60:02d}:{start % 60:02d}–{stop.depart_min // 60:02d}:"
                    f"{stop.depart_min % 60:02d}",
                    fmt_int(stop.applications),
                )
            )
    return rows


def _schedule_section(pdf: OfficialPDF, scenario: Scenario, result: SolveResult) -> None:
    """The schedule grouped by team (each team's part can be handed to that team), the table
    head repeated on every page."""
    pdf.ln(2)
    cal = scenario.calendar
    short = card_terms(cal.start, cal.deadline).short_vi
    pdf.text_block(f"II. LỊCH CẤP {short.upper()} LƯU ĐỘNG", "B")
    for number, team in enumerate(scenario.teams, start=1):
        rows = _schedule_rows(scenario, result, team.team_id)
        if not rows:
            continue
        days = len({r[0] for r in rows})
        total = sum(d.applications for d in result.plan.team_days if d.team_id == team.team_id)
        base = f" (trụ sở: {team.base_name})" if team.base_name else ""
        pdf.text_block(
            f"{number}. {team.name}{base}: {days} ngày, {fmt_int(total)} hồ sơ dự kiến", "B", 12
        )
        grid_table(
            pdf,
            (24, 70, 36, 35),
            ("C", "L", "C", "R"),
            ("Ngày", "Đơn vị", "Giờ làm việc", "Hồ sơ dự kiến"),
            rows,
        )


def _map_section(pdf: OfficialPDF, png: bytes | None) -> None:
    if not png:
        return

    pdf.text_block("III. BẢN ĐỒ PHÂN CÔNG", "B")
    # The image's own proportions (PNG header: width, height), so that a tall province map
    # with its legend below starts on a new page when needed and never runs off the page.
    px_w, px_h = struct.unpack(">II", png[16:24])
    width = pdf.w - pdf.l_margin - pdf.r_margin
    usable = pdf.h - pdf.t_margin - pdf.b_margin - 10
    width = min(width, usable * px_w / px_h)
    if pdf.get_y() + width * px_h / px_w > pdf.h - pdf.b_margin:
        pdf.add_page()
    x = pdf.l_margin + (pdf.w - pdf.l_margin - pdf.r_margin - width) / 2
    pdf.image(io.BytesIO(png), x=x, w=width)
    pdf.ln(2)


def _assumptions_section(pdf: OfficialPDF, scenario: Scenario) -> None:
    pdf.text_block("IV. CĂN CỨ VÀ GIẢ ĐỊNH", "B")
    for section, key, value, reason in assumption_rows(scenario, "vi"):
        shown = f" = {value}" if value else ""
        pdf.text_block(f"- {section}, {key}{shown}: {reason}", size=12, indent=True)
    pdf.text_block("V. TỔ CHỨC THỰC HIỆN", "B")
    pdf.text_block(
        "UBND các xã, thị trấn gửi giấy mời đến từng công dân chưa được cấp, niêm yết danh sách, "
        "thông báo rộng rãi thời gian, địa điểm và chuẩn bị địa điểm (bàn, ghế, mái che, chỗ ngồi "
        "chờ, lực lượng hỗ trợ) trước ngày tổ đến; báo cáo tiến độ vào thứ Hai hằng tuần. Ngày đã "
        "thông báo không thay đổi.",
        indent=True,
    )


def signature_block(pdf: OfficialPDF, info: DocumentInfo) -> None:
    """ "Nơi nhận" (recipients) on the left, the signer's title on the right."""
    pdf.ln(4)
    if pdf.get_y() > pdf.h - 60:
        pdf.add_page()
    top, half = pdf.get_y(), (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.set_font(FAMILY, "BI", 12)
    pdf.cell(half, 6, "Nơi nhận:", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "", 11)
    for line in info.recipients:
        pdf.cell(half, 5, "- " + line, new_x="LEFT", new_y="NEXT")
    pdf.set_xy(pdf.l_margin + half, top)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(half, 6, info.signer_title, align="C", new_x="LEFT", new_y="NEXT")
    pdf.set_font(FAMILY, "I", 12)
    pdf.cell(half, 6, "(Ký, ghi rõ họ tên, đóng dấu)", align="C")


def plan_pdf(
    scenario: Scenario,
    result: SolveResult,
    info: DocumentInfo | None = None,
    map_png: bytes | None = None,
    what_lines: Sequence[str] = (),
) -> bytes:
    """The printable plan (Vietnamese) as PDF bytes."""
    info = info or default_info(scenario)
    pdf = OfficialPDF()
    cal = scenario.calendar
    short = card_terms(cal.start, cal.deadline).short_vi
    pdf.set_title(f"Kế hoạch cấp {short} lưu động — {scenario.name}")
    pdf.set_creator("cccd-planner")
    pdf.add_page()
    header_block(
        pdf, info.parent_unit, info.unit, info.number, date_line(info.place, info.issued_on)
    )
    _title(pdf, scenario)
    _result_section(pdf, scenario, result, what_lines)
    _schedule_section(pdf, scenario, result)
    _map_section(pdf, map_png)
    _assumptions_section(pdf, scenario)
    signature_block(pdf, info)
    return bytes(pdf.output())
