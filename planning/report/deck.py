"""The slide deck for the People's Committee meeting (.pptx, 16:9), built with python-pptx.

Every slide holds real text boxes and tables the officer can still edit (no pictures of text);
only the maps and the burn-down chart are pictures, drawn offline at the slide's size
(:mod:`planning.report.deck_images`). The slides of a plan:

1. title: the plan, the area, the unit, the date;
2. the expected result in large figures (backlog, taken by the deadline, remaining, the verdict)
   and what it would take, each answer saying whether it is proven — the same sentences as the
   printed plan (:mod:`planning.wording`);
3. the coverage map and the plan map;
4. the schedule, a team × weekday table per week (paged by teams);
5. the communes ranked by what is left to take, with their visit dates (paged);
6. when intake has been recorded: the burn-down against the plan and last week's results by
   commune (paged);
7. the assumptions (teams, rates, calendar, caps), their grounds, and the data sources.

A comparison of variants (the Compare page, ``sweep``) is a deck of its own: the variants side by
side (teams, weekends, deadline → taken, verdict).

Type is large (titles 30 pt, tables 14–20 pt, sentences 16–24 pt, figures 66 pt), measured
before it is placed (:mod:`planning.report.deck_layout`): a long table continues on the next
slide, a long sentence gets a smaller size or another slide, and every shape lies inside the
slide. User text (names of communes, teams, scenarios, notes) goes in as text through
:func:`~planning.report.deck_layout.inert`.
"""

from __future__ import annotations

import datetime as dt
import io
from collections.abc import Collection, Mapping, Sequence
from dataclasses import dataclass, replace
from typing import Any

from pptx import Presentation
from pptx.dml.color import RGBColor
from pptx.enum.lang import MSO_LANGUAGE_ID
from pptx.enum.text import MSO_ANCHOR, MSO_AUTO_SIZE, PP_ALIGN
from pptx.util import Inches, Pt

from planning.campaign.progress import burn_down
from planning.campaign.weekly import weekly_review
from planning.domain import Plan, Scenario, Visit
from planning.formatting import fmt_date, fmt_int, fmt_num, fmt_weekday, fmt_weekday_short
from planning.outcomes import VariantOutcome
from planning.report import deck_images
from planning.report.deck_layout import (
    BODY_BOTTOM_IN,
    BODY_H_IN,
    BODY_PT,
    BODY_TOP_IN,
    BODY_W_IN,
    DENSE_TABLE_PT,
    FIGURE_PT,
    FONT_NAME,
    FOOTER_H_IN,
    FOOTER_PT,
    MARGIN_IN,
    SLIDE_H_IN,
    SLIDE_W_IN,
    TABLE_PT,
    TITLE_H_IN,
    TITLE_PT,
    TITLE_TOP_IN,
    TableSpec,
    fitting_size,
    inert,
    line_height_in,
    page_rows,
    text_height_in,
    wrap,
)
from planning.report.pdf import DocumentInfo, date_line, default_info
from planning.report.plan_views import assumption_rows, commune_rows, short_name
from planning.report.progress_views import weekly_summary_lines, weekly_table, weekly_total
from planning.results import SolveResult, WhatItTakes
from planning.variants import weekends_setting
from planning.wording import (
    card_terms,
    deck_word,
    label,
    setting_label,
    status_name,
    taken_text,
    tr,
    unreachable_lines,
    verdict_brief,
    verdict_sentence,
    weekends_word,
    what_it_takes_lines,
    yes_no,
)

PPTX_MIME = "application/vnd.openxmlformats-officedocument.presentationml.presentation"
#: The "Title Only" layout of python-pptx's default template: every slide has a real title (the
#: outline, the slide sorter and screen readers show it).
TITLE_ONLY_LAYOUT = 5
NAVY = RGBColor(0x1F, 0x38, 0x64)
GREEN = RGBColor(0x1B, 0x7F, 0x3B)
RED = RGBColor(0xB7, 0x1C, 0x1C)
GREY = RGBColor(0x59, 0x59, 0x59)
OFF_FILL = RGBColor(0xE7, 0xE6, 0xE6)
#: Sizes tried for sentences, largest first (never below 16 pt).
SENTENCE_SIZES = (24, 22, 20, 18, 16)
TITLE_SIZES = (TITLE_PT, 26, 22)

Align = str  # "l", "c", "r"
_ALIGN = {"l": PP_ALIGN.LEFT, "c": PP_ALIGN.CENTER, "r": PP_ALIGN.RIGHT}


@dataclass(frozen=True)
class DeckProgress:
    """What the campaign did so far, for the progress slides: the intake recorded, the plan
    announced to the communes (``None``: the deck's own plan) and the day of the meeting
    (``None``: the last day with intake)."""

    actuals: tuple[Visit, ...]
    announced: Plan | None = None
    today: dt.date | None = None


@dataclass(frozen=True)
class VariantLine:
    """One variant of a comparison: its name, scenario and result (``None`` with ``note``
    saying why there is none)."""

    name: str
    scenario: Scenario
    result: SolveResult | None
    note: str = ""


@dataclass(frozen=True)
class Para:
    """A paragraph of a text box."""

    text: str
    size: float = BODY_PT
    bold: bool = False
    colour: RGBColor | None = None
    align: Align = "l"
    italic: bool = False
    #: Space below the paragraph, in points.
    after_pt: float = 0.0


class Deck:
    """A 16:9 presentation being built, slide by slide, in one language."""

    def __init__(self, lang: str = "vi") -> None:
        self.prs = Presentation()
        self.prs.slide_width = Inches(SLIDE_W_IN)
        self.prs.slide_height = Inches(SLIDE_H_IN)
        self.lang = lang

    # --- shapes ------------------------------------------------------------------------------

    def _run_font(self, run: Any, para: Para) -> None:
        font = run.font
        font.name = FONT_NAME
        font.size = Pt(para.size)
        font.bold = para.bold
        font.italic = para.italic
        font.language_id = (
            MSO_LANGUAGE_ID.VIETNAMESE if self.lang == "vi" else MSO_LANGUAGE_ID.ENGLISH_UK
        )
        if para.colour is not None:
            font.color.rgb = para.colour

    def _fill(self, frame: Any, paras: Sequence[Para], anchor: Any = MSO_ANCHOR.TOP) -> None:
        """Put ``paras`` into a text frame: wrapped, never resized by the program."""
        frame.word_wrap = True
        frame.auto_size = MSO_AUTO_SIZE.NONE
        frame.vertical_anchor = anchor
        for i, para in enumerate(paras):
            p = frame.paragraphs[0] if i == 0 else frame.add_paragraph()
            p.alignment = _ALIGN[para.align]
            if para.after_pt:
                p.space_after = Pt(para.after_pt)
            run = p.add_run()
            run.text = inert(para.text)
            self._run_font(run, para)

    def slide(self, title: str) -> Any:
        """A new slide with its title (the title placeholder, moved to the 16:9 band)."""
        slide = self.prs.slides.add_slide(self.prs.slide_layouts[TITLE_ONLY_LAYOUT])
        shape = slide.shapes.title
        shape.left, shape.top = Inches(MARGIN_IN), Inches(TITLE_TOP_IN)
        shape.width, shape.height = Inches(BODY_W_IN), Inches(TITLE_H_IN)
        frame = shape.text_frame
        frame.clear()
        frame.margin_left = frame.margin_right = 0
        size = fitting_size([title], BODY_W_IN, TITLE_H_IN - 0.1, TITLE_SIZES, bold=True)
        self._fill(
            frame, [Para(title, size or TITLE_SIZES[-1], True, NAVY)], anchor=MSO_ANCHOR.MIDDLE
        )
        return slide

    def text(
        self,
        slide: Any,
        box: tuple[float, float, float, float],
        paras: Sequence[Para],
        name: str = "",
        anchor: Any = MSO_ANCHOR.TOP,
    ) -> Any:
        """A text box at ``(left, top, width, height)`` inches."""
        left, top, width, height = box
        shape = slide.shapes.add_textbox(Inches(left), Inches(top), Inches(width), Inches(height))
        if name:
            shape.name = name
        frame = shape.text_frame
        frame.margin_left = frame.margin_right = Inches(0.05)
        frame.margin_top = frame.margin_bottom = Inches(0.03)
        self._fill(frame, paras, anchor)
        return shape

    def picture(self, slide: Any, png: bytes, box: tuple[float, float, float, float]) -> Any:
        """A picture fitted into ``box`` (its proportions kept), centred."""
        left, top, width, height = box
        shape = slide.shapes.add_picture(io.BytesIO(png), Inches(left), Inches(top))
        ratio = min(Inches(width) / shape.width, Inches(height) / shape.height)
        shape.width, shape.height = int(shape.width * ratio), int(shape.height * ratio)
        shape.left = Inches(left) + (Inches(width) - shape.width) // 2
        shape.top = Inches(top) + (Inches(height) - shape.height) // 2
        return shape

    def table(
        self,
        slide: Any,
        spec: TableSpec,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        aligns: Sequence[Align],
        top: float = BODY_TOP_IN,
        greyed: Collection[tuple[int, int]] = frozenset(),
        bold_rows: frozenset[int] = frozenset(),
    ) -> Any:
        """A table with a head row; row heights as measured; the cells ``greyed`` ((row, column)
        of ``rows``) shaded, the rows ``bold_rows`` in bold."""
        heights = [spec.row_height_in(head, head=True)]
        heights += [spec.row_height_in(r) for r in rows]
        shape = slide.shapes.add_table(
            len(rows) + 1,
            len(head),
            Inches(MARGIN_IN),
            Inches(top),
            Inches(sum(spec.widths_in)),
            Inches(sum(heights)),
        )
        table = shape.table
        for c, width in enumerate(spec.widths_in):
            table.columns[c].width = Inches(width)
        for r, height in enumerate(heights):
            table.rows[r].height = Inches(height)
        for r, cells in enumerate([head, *rows]):
            size = spec.head_size_pt if r == 0 else spec.size_pt
            for c, text in enumerate(cells):
                cell = table.cell(r, c)
                cell.vertical_anchor = MSO_ANCHOR.MIDDLE
                paras = [
                    Para(line, size, r == 0 or (r - 1) in bold_rows, align=aligns[c])
                    for line in str(text).split("\n")
                ]
                cell.text_frame.clear()
                self._fill(cell.text_frame, paras, MSO_ANCHOR.MIDDLE)
                if r and (r - 1, c) in greyed:
                    cell.fill.solid()
                    cell.fill.fore_color.rgb = OFF_FILL
        shape.height = Inches(sum(heights))
        return shape

    def paged_table(
        self,
        title: str,
        spec: TableSpec,
        head: Sequence[str],
        rows: Sequence[Sequence[str]],
        aligns: Sequence[Align],
        top: float = BODY_TOP_IN,
        greyed: Collection[tuple[int, int]] = frozenset(),
        bold_rows: frozenset[int] = frozenset(),
        sizes: Sequence[float] = (),
    ) -> list[Any]:
        """A table over as many slides as it needs, its head row on each, "(tiếp)" after the
        first title. The type is the spec's size, or the largest of ``sizes`` (smaller ones)
        at which the table fits on one slide; when none does, the smallest, paged."""
        available = BODY_BOTTOM_IN - top
        for size in sorted({*sizes, spec.size_pt}, reverse=True):
            if size > spec.size_pt:
                continue
            fitted = replace(spec, size_pt=size, head_size_pt=min(size, spec.head_size_pt))
            pages = page_rows(
                fitted.row_height_in(head, head=True),
                [fitted.row_height_in(r) for r in rows],
                available,
            )
            if len(pages) == 1:
                break
        spec = fitted
        slides = []
        for n, page in enumerate(pages):
            heading = title if n == 0 else f"{title} {deck_word('continued', self.lang)}"
            slide = self.slide(heading)
            where = {row: k for k, row in enumerate(page)}
            shade = {(where[r], c) for r, c in greyed if r in where}
            bold = frozenset(i for i, row in enumerate(page) if row in bold_rows)
            self.table(slide, spec, head, [rows[i] for i in page], aligns, top, shade, bold)
            slides.append(slide)
        return slides

    def paged_lines(self, title: str, lines: Sequence[str]) -> list[Any]:
        """Sentences, one paragraph each, as large as they fit; over several slides when even
        the smallest size does not hold them all."""
        gap = 0.15
        size = fitting_size(lines, BODY_W_IN - 0.1, BODY_H_IN, SENTENCE_SIZES, gap)
        if size is not None:
            pages = [list(lines)]
        else:
            size = SENTENCE_SIZES[-1]
            heights = [text_height_in(t, BODY_W_IN - 0.1, size) + gap for t in lines]
            pages = [[lines[i] for i in p] for p in page_rows(0.0, heights, BODY_H_IN)]
        slides = []
        for n, page in enumerate(pages):
            heading = title if n == 0 else f"{title} {deck_word('continued', self.lang)}"
            slide = self.slide(heading)
            self.text(
                slide,
                (MARGIN_IN, BODY_TOP_IN, BODY_W_IN, BODY_H_IN),
                [Para(line, size, after_pt=gap * 72) for line in page],
                name="body",
            )
            slides.append(slide)
        return slides

    def footers(self, text: str) -> None:
        """The footer of every slide but the first: ``text`` and the slide's number."""
        slides = list(self.prs.slides)
        for number, slide in enumerate(slides, start=1):
            if number == 1:
                continue
            self.text(
                slide,
                (MARGIN_IN, SLIDE_H_IN - FOOTER_H_IN - 0.08, BODY_W_IN, FOOTER_H_IN),
                [Para(f"{text}   ·   {number}/{len(slides)}", FOOTER_PT, colour=GREY, align="r")],
                name="footer",
                anchor=MSO_ANCHOR.MIDDLE,
            )

    def bytes(self) -> bytes:
        """The .pptx file's bytes."""
        buffer = io.BytesIO()
        self.prs.save(buffer)
        return buffer.getvalue()


# --- the slides of a plan -----------------------------------------------------------------------


def _centred(text: str, size: float, width: float, bold: bool = False) -> tuple[float, float]:
    """(size that fits one to three lines, height) of a centred heading."""
    for candidate in (size, size * 0.85, size * 0.7):
        lines = wrap(text, width - 0.1, candidate, bold)
        if len(lines) <= 3:
            return candidate, len(lines) * line_height_in(candidate) + 0.1
    return size * 0.7, 3 * line_height_in(size * 0.7) + 0.1


def title_slide(
    deck: Deck, heading: str, name: str, lines: Sequence[str], info: DocumentInfo
) -> None:
    """The opening slide: what, which plan, where and when, who presents it."""
    lang = deck.lang
    slide = deck.slide(heading)
    shape = slide.shapes.title
    shape.top, shape.height = Inches(1.1), Inches(1.2)
    for p in shape.text_frame.paragraphs:
        p.alignment = PP_ALIGN.CENTER
        for run in p.runs:
            run.font.size = Pt(40)
    size, height = _centred(name, 34, BODY_W_IN, True)
    top = 2.5
    deck.text(
        slide,
        (MARGIN_IN, top, BODY_W_IN, height),
        [Para(name, size, True, align="c")],
        name="plan-name",
    )
    top += height + 0.2
    body = [Para(line, 24, align="c") for line in lines]
    deck.text(slide, (MARGIN_IN, top, BODY_W_IN, 1.0), body, name="area")
    unit = [Para(info.parent_unit, 20, align="c")] if info.parent_unit else []
    unit.append(Para(info.unit, 22, True, NAVY, "c"))
    unit.append(Para(date_line(info.place, info.issued_on), 20, italic=True, align="c"))
    if lang != "vi":
        unit[-1] = Para(fmt_date(info.issued_on, lang), 20, italic=True, align="c")
    deck.text(slide, (MARGIN_IN, 5.35, BODY_W_IN, 1.6), unit, name="unit")


def _figure_tile(
    deck: Deck, slide: Any, left: float, width: float, value: str, caption: str, key: str
) -> None:
    top = BODY_TOP_IN + 1.45
    deck.text(
        slide,
        (left, top, width, 1.3),
        [Para(value, FIGURE_PT, True, NAVY, "c")],
        name=f"figure-{key}",
        anchor=MSO_ANCHOR.MIDDLE,
    )
    size = fitting_size([caption], width - 0.1, 0.8, (22, 20, 18, 16)) or 16
    deck.text(slide, (left, top + 1.3, width, 0.8), [Para(caption, size, align="c")])


def verdict_slide(deck: Deck, scenario: Scenario, result: SolveResult) -> None:
    """The verdict in large figures and the sentence the printed plan gives."""
    lang = deck.lang
    slide = deck.slide(deck_word("verdict", lang))
    colour = GREEN if result.meets else RED
    brief = verdict_brief(result, lang)
    size = fitting_size([brief], BODY_W_IN, 1.1, (44, 40, 36, 32, 28), bold=True) or 28
    deck.text(
        slide,
        (MARGIN_IN, BODY_TOP_IN + 0.1, BODY_W_IN, 1.1),
        [Para(brief, size, True, colour, "c")],
        name="verdict",
        anchor=MSO_ANCHOR.MIDDLE,
    )
    tiles = (
        ("collectable", fmt_int(result.collectable_backlog, lang), label("collectable", lang)),
        ("planned", fmt_int(result.collected_by_deadline, lang), label("planned", lang)),
        ("remaining", fmt_int(result.remaining_by_deadline, lang), label("remaining", lang)),
    )
    width = BODY_W_IN / len(tiles)
    for i, (key, value, caption) in enumerate(tiles):
        _figure_tile(deck, slide, MARGIN_IN + i * width, width, value, caption, key)
    sentence = verdict_sentence(result, scenario, lang)
    top = BODY_TOP_IN + 3.75
    height = BODY_BOTTOM_IN - top
    size = fitting_size([sentence], BODY_W_IN - 0.1, height, SENTENCE_SIZES) or 16
    deck.text(slide, (MARGIN_IN, top, BODY_W_IN, height), [Para(sentence, size)], name="sentence")


def what_slides(
    deck: Deck, scenario: Scenario, result: SolveResult, what: WhatItTakes | None
) -> None:
    """What would it take (teams, weekends, date), each line proven or not; the communes no team
    reaches."""
    lang = deck.lang
    lines = (
        what_it_takes_lines(what, scenario, lang)
        if what is not None
        else [deck_word("what_not_run", lang)]
    )
    lines = [*lines, *unreachable_lines(result, scenario, lang)]
    deck.paged_lines(deck_word("what_it_takes", lang), lines)


def map_slides(deck: Deck, scenario: Scenario, plan: Plan, features: Any) -> None:
    """The coverage map and the plan map (a sentence instead when boundaries are missing)."""
    lang = deck.lang
    box = (MARGIN_IN, BODY_TOP_IN, BODY_W_IN, BODY_H_IN)
    for key in ("coverage_map", "plan_map"):
        slide = deck.slide(deck_word(key, lang))
        if features is None:
            deck.text(slide, box, [Para(deck_word("no_map", lang))], name="body")
            continue
        if key == "coverage_map":
            png = deck_images.coverage_map_png(scenario, features, BODY_W_IN, BODY_H_IN, lang)
        else:
            png = deck_images.plan_map_png(scenario, features, plan, BODY_W_IN, BODY_H_IN, lang)
        deck.picture(slide, png, box)


def _weeks(dates: Sequence[dt.date]) -> list[list[dt.date]]:
    """The window's dates by calendar week (Monday to Sunday)."""
    weeks: dict[dt.date, list[dt.date]] = {}
    for day in dates:
        weeks.setdefault(day - dt.timedelta(days=day.weekday()), []).append(day)
    return list(weeks.values())


def schedule_slides(deck: Deck, scenario: Scenario, plan: Plan) -> None:
    """A team × weekday table per week with visits: where each team works each day and how many
    applications it expects (paged by teams)."""
    lang = deck.lang
    by_key = {(d.team_id, d.date): d for d in plan.team_days}
    team_w = 2.2
    spec = TableSpec((team_w, *[(BODY_W_IN - team_w) / 7] * 7), 18, 18)
    for number, days in enumerate(_weeks(scenario.calendar.dates()), start=1):
        if not any(
            (t.team_id, d) in by_key and by_key[t.team_id, d].applications > 0
            for t in scenario.teams
            for d in days
        ):
            continue
        monday = days[0] - dt.timedelta(days=days[0].weekday())
        week = [monday + dt.timedelta(days=i) for i in range(7)]
        head = [label("team", lang)] + [
            f"{fmt_weekday(d, lang)}\n{fmt_date(d, lang)[:5]}" for d in week
        ]
        rows: list[list[str]] = []
        shaded: set[tuple[int, int]] = set()
        for r, team in enumerate(scenario.teams):
            working = set(scenario.team_working_dates(team))
            cells = [team.name]
            for c, day in enumerate(week, start=1):
                team_day = by_key.get((team.team_id, day))
                if day not in days:
                    cells.append("")
                    shaded.add((r, c))
                elif team_day is not None and team_day.applications > 0:
                    cells.append(
                        "\n".join(
                            f"{short_name(scenario.commune(s.commune_code).name)} "
                            f"({fmt_int(s.applications, lang)})"
                            for s in team_day.stops
                            if not s.is_base and s.applications > 0
                        )
                    )
                elif day in working and not scenario.calendar.is_holiday(day):
                    cells.append("—")
                else:
                    cells.append(deck_word("off", lang))
                    shaded.add((r, c))
            rows.append(cells)
        title = deck_word(
            "schedule",
            lang,
            week=number,
            first=fmt_date(days[0], lang),
            last=fmt_date(days[-1], lang),
        )
        deck.paged_table(
            title,
            spec,
            head,
            rows,
            ["l"] + ["c"] * 7,
            greyed=shaded,
            sizes=(16, DENSE_TABLE_PT),
        )


def date_runs(days: Sequence[dt.date], lang: str = "vi") -> str:
    """'08–10/12, 14/12': visit dates with runs of consecutive days joined."""
    runs: list[list[dt.date]] = []
    for day in sorted(days):
        if runs and day - runs[-1][-1] == dt.timedelta(days=1):
            runs[-1].append(day)
        else:
            runs.append([day])
    parts = []
    for run in runs:
        last = fmt_date(run[-1], lang)[:5]
        if len(run) == 1:
            parts.append(last)
        elif run[0].month == run[-1].month:
            parts.append(f"{run[0].day:02d}–{last}")
        else:
            parts.append(f"{fmt_date(run[0], lang)[:5]}–{last}")
    return ", ".join(parts)


def ranked_slides(deck: Deck, scenario: Scenario, result: SolveResult) -> None:
    """The communes by what is left at the deadline, then by backlog, with their visit dates."""
    lang = deck.lang
    ranked = sorted(
        commune_rows(result, scenario), key=lambda r: (-r.remaining, -r.collectable, r.name)
    )
    head = [
        deck_word("rank", lang),
        label("name", lang),
        label("collectable", lang),
        label("planned", lang),
        label("remaining", lang),
        label("visit_dates", lang),
    ]
    rows = [
        [
            str(i),
            r.name,
            fmt_int(r.collectable, lang),
            fmt_int(r.planned, lang),
            fmt_int(r.remaining, lang),
            date_runs(r.visit_dates, lang) or "—",
        ]
        for i, r in enumerate(ranked, start=1)
    ]
    widths = (0.75, 3.4, 1.75, 2.05, 1.75)
    spec = TableSpec((*widths, BODY_W_IN - sum(widths)), 20, 20)
    deck.paged_table(
        deck_word("ranked", lang),
        spec,
        head,
        rows,
        ["c", "l", "r", "r", "r", "l"],
        sizes=(18, TABLE_PT),
    )


def progress_slides(deck: Deck, scenario: Scenario, plan: Plan, progress: DeckProgress) -> None:
    """The burn-down against the plan, and the last week's results by commune."""
    lang = deck.lang
    actuals = list(progress.actuals)
    if not actuals:
        return
    last = max(v.date for v in actuals)
    today = progress.today or last
    week_end = min(today, last)
    announced = progress.announced or plan
    review = weekly_review(scenario, actuals, announced, week_end)
    bd = burn_down(scenario, announced, actuals, None, today)
    slide = deck.slide(deck_word("burn_down", lang))
    lines = weekly_summary_lines(review, lang)
    size = fitting_size(lines, BODY_W_IN - 0.1, 1.15, (20, 18, 16), 0.05) or 16
    text_h = sum(text_height_in(t, BODY_W_IN - 0.1, size) for t in lines) + 0.2
    chart_h = BODY_H_IN - text_h - 0.1
    deck.picture(
        slide,
        deck_images.burn_down_png(bd, BODY_W_IN, chart_h, lang),
        (MARGIN_IN, BODY_TOP_IN, BODY_W_IN, chart_h),
    )
    deck.text(
        slide,
        (MARGIN_IN, BODY_BOTTOM_IN - text_h, BODY_W_IN, text_h),
        [Para(line, size) for line in lines],
        name="body",
    )
    keys = ("name", "collected_week", "cumulative", "pct_issued", "remaining_now")
    table = weekly_table(review, scenario, lang).select(*keys)
    order = sorted(range(len(table.rows)), key=lambda i: -int(table.rows[i][-1] or 0))
    texts = table.texts()
    rows = [texts[i] for i in order] + weekly_total(review, lang).select(*keys).texts()
    widths = (3.9, 2.1, 2.1, 2.1)
    spec = TableSpec((*widths, BODY_W_IN - sum(widths)), 20, 20)
    title = deck_word(
        "last_week",
        lang,
        first=fmt_date(review.week_start, lang),
        last=fmt_date(review.week_end, lang),
    )
    deck.paged_table(
        title,
        spec,
        table.labels(),
        rows,
        ["l", "r", "r", "r", "r"],
        bold_rows=frozenset({len(rows) - 1}),
        sizes=(18, TABLE_PT),
    )


def _distinct(values: Sequence[str]) -> str:
    return ", ".join(dict.fromkeys(values))


def _setting(key: str, lang: str) -> str:
    """A setting's name as a table row starts it ('Hạn chót')."""
    name = setting_label(key, lang)
    return name[:1].upper() + name[1:]


def key_settings(scenario: Scenario, lang: str = "vi") -> list[tuple[str, str]]:
    """The plan's main assumptions as (setting, value): teams, bases, rates, hours, working
    days, the window and its holidays, the rules' caps, travel."""
    cal, rules, travel = scenario.calendar, scenario.rules, scenario.travel
    teams = scenario.teams
    weekdays = _distinct(
        [
            ", ".join(
                fmt_weekday_short(dt.date(2024, 1, 1) + dt.timedelta(days=d), lang)
                for d in sorted(t.working_weekdays)
            )
            for t in teams
        ]
    )
    holidays = [
        f"{fmt_date(day, lang)} ({name})"
        for day, name in sorted(cal.holidays.items())
        if cal.start <= day <= cal.deadline
    ]
    caps = {
        "max_stops_per_day": fmt_int(rules.max_stops_per_day, lang),
        "min_apps_per_stop": fmt_int(rules.min_apps_per_stop, lang),
        "max_teams_per_commune_day": "—"
        if rules.max_teams_per_commune_day is None
        else fmt_int(rules.max_teams_per_commune_day, lang),
        "default_daily_cap": "—"
        if rules.default_daily_cap is None
        else fmt_int(rules.default_daily_cap, lang),
        "allow_overnight": yes_no(rules.allow_overnight, lang),
    }
    rows = [
        (deck_word("teams_line", lang), fmt_int(len(teams), lang)),
        (deck_word("bases_line", lang), _distinct([t.base_name or t.team_id for t in teams])),
        (
            deck_word("rate_line", lang),
            _distinct([fmt_num(t.apps_per_hour, 0, lang) for t in teams]),
        ),
        (
            deck_word("shift_line", lang),
            _distinct([fmt_num(t.shift_min / 60, 1, lang) for t in teams]),
        ),
        (deck_word("weekdays_line", lang), weekdays),
        (_setting("start", lang), fmt_date(cal.start, lang)),
        (_setting("deadline", lang), fmt_date(cal.deadline, lang)),
        (deck_word("holidays_line", lang), "; ".join(holidays) or deck_word("none", lang)),
    ]
    rows += [(_setting(k, lang), v) for k, v in caps.items()]
    rows += [
        (_setting("speed_kmh", lang), fmt_num(travel.speed_kmh, 0, lang)),
        (_setting("detour_factor", lang), fmt_num(travel.detour_factor, 1, lang)),
    ]
    return rows


def _sections(names: Sequence[str]) -> str:
    """'Tổ lưu động số 1, 4, 7' for sections sharing a first part, else the names joined."""
    if len(names) == 1:
        return names[0]
    first = names[0].split(" ")
    shared = 0
    while shared < len(first) - 1 and all(
        n.split(" ")[: shared + 1] == first[: shared + 1] for n in names
    ):
        shared += 1
    prefix = " ".join(first[:shared]) + " " if shared else ""
    if not prefix:
        return ", ".join(names)
    return prefix + ", ".join(n[len(prefix) :] for n in names)


def grouped_reasons(scenario: Scenario, lang: str = "vi") -> list[tuple[str, str, str, str]]:
    """The noted settings with their reasons (the printed plan's "căn cứ"), the data facts left
    for the sources slide, and a setting noted alike for several teams given once."""
    facts_section = tr(lang, "Số liệu", "Facts")
    groups: dict[tuple[str, str, str], list[str]] = {}
    for section, key, value, reason in assumption_rows(scenario, lang):
        if section != facts_section:
            groups.setdefault((key, value, reason), []).append(section)
    return [
        (_sections(list(dict.fromkeys(sections))), key, value, reason)
        for (key, value, reason), sections in groups.items()
    ]


def assumption_slides(
    deck: Deck, scenario: Scenario, result: SolveResult, features: Any, made_on: dt.date
) -> None:
    """The main settings, their grounds (each noted setting with its reason) and the sources."""
    lang = deck.lang
    settings = key_settings(scenario, lang)
    spec = TableSpec((5.4, BODY_W_IN - 5.4), 20, 20)
    head = [deck_word("setting", lang), deck_word("value", lang)]
    deck.paged_table(
        deck_word("assumptions", lang), spec, head, settings, ["l", "l"], sizes=(18, TABLE_PT)
    )
    reasons = grouped_reasons(scenario, lang)
    if reasons:
        widths = (2.3, 3.0, 2.3)
        spec = TableSpec((*widths, BODY_W_IN - sum(widths)), TABLE_PT, TABLE_PT)
        head = [
            deck_word("section", lang),
            deck_word("setting", lang),
            deck_word("value", lang),
            deck_word("reason", lang),
        ]
        deck.paged_table(
            deck_word("reasons", lang),
            spec,
            head,
            reasons,
            ["l", "l", "l", "l"],
            sizes=(DENSE_TABLE_PT,),
        )
    sources: list[tuple[str, str]] = []
    if scenario.description:
        sources.append((deck_word("description", lang), scenario.description))
    sources += list(scenario.facts.items())
    boundary = scenario.boundaries.path if features is not None else deck_word("no_map", lang)
    sources.append((deck_word("boundaries", lang), boundary or "—"))
    sources.append((deck_word("solver", lang), status_name(str(result.status), lang)))
    sources.append((deck_word("made_on", lang), fmt_date(made_on, lang)))
    spec = TableSpec((3.4, BODY_W_IN - 3.4), 18, 18)
    head = [deck_word("section", lang), deck_word("value", lang)]
    deck.paged_table(
        deck_word("sources", lang), spec, head, sources, ["l", "l"], sizes=(16, DENSE_TABLE_PT)
    )


def plan_deck(
    scenario: Scenario,
    result: SolveResult,
    what: WhatItTakes | None = None,
    features: Any = None,
    info: DocumentInfo | None = None,
    progress: DeckProgress | None = None,
    lang: str = "vi",
) -> bytes:
    """The meeting's slide deck of a plan (.pptx bytes).

    ``features``: the commune boundaries (``None``: the map slides say there is no map);
    ``progress``: the intake recorded so far (the progress slides appear when it has any).
    """
    info = info or default_info(scenario)
    deck = Deck(lang)
    cal = scenario.calendar
    card = card_terms(cal.start, cal.deadline)
    lines = [
        deck_word("area", lang, communes=len(scenario.communes), teams=len(scenario.teams)),
        deck_word(
            "window", lang, start=fmt_date(cal.start, lang), deadline=fmt_date(cal.deadline, lang)
        ),
    ]
    heading = deck_word("plan_title", lang, card=card.short(lang).upper())
    title_slide(deck, heading, scenario.name, lines, info)
    verdict_slide(deck, scenario, result)
    what_slides(deck, scenario, result, what)
    map_slides(deck, scenario, result.plan, features)
    schedule_slides(deck, scenario, result.plan)
    ranked_slides(deck, scenario, result)
    if progress is not None:
        progress_slides(deck, scenario, result.plan, progress)
    made_on = info.issued_on or dt.date.today()
    assumption_slides(deck, scenario, result, features, made_on)
    deck.footers(scenario.name)
    return deck.bytes()


# --- comparing variants -------------------------------------------------------------------------


def lines_from_outcomes(outcomes: Sequence[VariantOutcome], lang: str = "vi") -> list[VariantLine]:
    """The variants of a sweep, in its order (a variant without result says why)."""
    return [
        VariantLine(
            o.variant.name,
            o.scenario,
            o.result if o.solved else None,
            ""
            if o.solved
            else f"{status_name(str(o.state), lang)}{': ' if o.error else ''}{o.error}",
        )
        for o in outcomes
    ]


def lines_from_solved(solved: Mapping[str, tuple[Scenario, SolveResult]]) -> list[VariantLine]:
    """The solved variants of the Compare page, by name."""
    return [VariantLine(name, scenario, result) for name, (scenario, result) in solved.items()]


def comparison_rows(lines: Sequence[VariantLine], lang: str = "vi") -> list[list[str]]:
    """One row per variant: name, teams, weekends, deadline, taken by the deadline, verdict."""
    rows = []
    for line in lines:
        r = line.result
        taken = (
            "—" if r is None else taken_text(r.collected_by_deadline, r.collectable_backlog, lang)
        )
        verdict = (
            verdict_brief(r, lang) if r is not None else (line.note or deck_word("no_result", lang))
        )
        rows.append(
            [
                line.name,
                fmt_int(len(line.scenario.teams), lang),
                weekends_word(weekends_setting(line.scenario), lang),
                fmt_date(line.scenario.calendar.deadline, lang),
                taken,
                verdict,
            ]
        )
    return rows


def comparison_slides(deck: Deck, scenario_name: str, lines: Sequence[VariantLine]) -> None:
    """The variants side by side (paged when there are many)."""
    lang = deck.lang
    head = [
        label("variant", lang),
        label("teams", lang),
        label("weekends_worked", lang),
        label("deadline", lang),
        label("planned", lang),
        label("verdict", lang),
    ]
    widths = (3.0, 1.1, 1.6, 1.75, 2.2)
    spec = TableSpec((*widths, BODY_W_IN - sum(widths)), 20, 20)
    title = deck_word("variants_of", lang, name=scenario_name)
    rows = comparison_rows(lines, lang)
    aligns = ["l", "c", "c", "c", "r", "l"]
    slides = deck.paged_table(title, spec, head, rows, aligns, sizes=(18, TABLE_PT))
    # The verdict cell in the verdict's colour: green when the variant meets the deadline.
    remaining = iter(lines)
    for slide in slides:
        table = next(s for s in slide.shapes if s.has_table).table
        for r in range(1, len(table.rows)):
            result = next(remaining).result
            if result is None:
                continue
            for p in table.cell(r, 5).text_frame.paragraphs:
                for run in p.runs:
                    run.font.color.rgb = GREEN if result.meets else RED
                    run.font.bold = True


def comparison_deck(
    scenario_name: str,
    lines: Sequence[VariantLine],
    chart_png: bytes | None = None,
    info: DocumentInfo | None = None,
    lang: str = "vi",
) -> bytes:
    """A deck comparing variants: a title slide, the variants side by side, and the sweep's
    chart when given (.pptx bytes)."""
    deck = Deck(lang)
    info = info or DocumentInfo(issued_on=dt.date.today())
    count = tr(lang, f"{len(lines)} phương án", f"{len(lines)} variants")
    title_slide(deck, deck_word("compare_title", lang), scenario_name, [count], info)
    comparison_slides(deck, scenario_name, lines)
    if chart_png:
        slide = deck.slide(deck_word("sweep_chart", lang))
        deck.picture(slide, chart_png, (MARGIN_IN, BODY_TOP_IN, BODY_W_IN, BODY_H_IN))
    deck.footers(scenario_name)
    return deck.bytes()
