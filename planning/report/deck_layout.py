"""Geometry of the slide deck: the 16:9 slide, type sizes, how much text fits where.

Text is measured with the metrics of the font the deck names. The deck sets Arial (every
PowerPoint has it, with the Vietnamese letters); LibreOffice draws it with Liberation Sans, which
has Arial's metrics, so measuring with Liberation Sans 2 tells how wide a line is in both (DejaVu
Sans, wider, is the stand-in when Liberation is missing: the estimate then errs on the safe side).
Lines are wrapped by words the way both programs do, so a table row's height and a page's rows are
known before the slide is written: nothing runs off a slide, and a long table is paged.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from PIL import ImageFont

#: Slide size (16:9) and the margins, in inches.
SLIDE_W_IN = 13.333
SLIDE_H_IN = 7.5
MARGIN_IN = 0.45
#: The title band and the footer line.
TITLE_TOP_IN = 0.3
TITLE_H_IN = 0.95
FOOTER_H_IN = 0.35
BODY_TOP_IN = TITLE_TOP_IN + TITLE_H_IN + 0.1
BODY_BOTTOM_IN = SLIDE_H_IN - FOOTER_H_IN - 0.15
BODY_W_IN = SLIDE_W_IN - 2 * MARGIN_IN
BODY_H_IN = BODY_BOTTOM_IN - BODY_TOP_IN

#: Type sizes in points: readable from the back of a meeting room on a projector.
TITLE_PT = 30
BODY_PT = 22
TABLE_PT = 16
DENSE_TABLE_PT = 14
FOOTER_PT = 12
FIGURE_PT = 66
#: Line height as a share of the type size, and a table cell's inner margins (python-pptx's
#: defaults: 0.1 in left/right, 0.05 in top/bottom).
LINE_FACTOR = 1.22
CELL_PAD_X_IN = 0.1
CELL_PAD_Y_IN = 0.05
#: Width kept in hand on every measured line (renderers differ slightly in kerning).
WIDTH_SLACK = 0.92

FONT_NAME = "Arial"
FONT_FILES = {
    False: (
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Regular.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf",
    ),
    True: (
        "/usr/share/fonts/truetype/liberation2/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/liberation/LiberationSans-Bold.ttf",
        "/usr/share/fonts/truetype/dejavu/DejaVuSans-Bold.ttf",
    ),
}
#: Characters XML 1.0 does not allow (a .pptx is XML): C0 controls other than tab, new line and
#: carriage return, and the two non-characters U+FFFE, U+FFFF.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def inert(text: object) -> str:
    """User text made safe for a slide: shown exactly as typed, never anything else.

    A slide's text is XML text content, which python-pptx escapes (``<script>`` stays those
    eight characters); text boxes and table cells hold no formulas, and no hyperlink is ever
    made from text. What remains is the characters XML cannot hold at all: they become a visible
    ``\ufffd`` instead of a file that will not open.
    """
    return _NOT_XML.sub("\ufffd", "" if text is None else str(text))


@cache
def _font(size_pt: float, bold: bool) -> ImageFont.FreeTypeFont:
    for path in FONT_FILES[bold]:
        if Path(path).is_file():
            # Sized in points: a length measured is then in points too.
            return ImageFont.truetype(path, size=max(1, round(size_pt * 10)))
    raise FileNotFoundError(
        "Không có phông Liberation Sans hoặc DejaVu Sans để đo chữ: cài fonts-liberation2. / "
        "No Liberation Sans or DejaVu Sans to measure text: install fonts-liberation2."
    )


def text_width_pt(text: str, size_pt: float, bold: bool = False) -> float:
    """Width of one line of ``text`` in points."""
    return float(_font(size_pt, bold).getlength(text)) / 10.0


def wrap(text: str, width_in: float, size_pt: float, bold: bool = False) -> list[str]:
    """``text`` broken into the lines that fit ``width_in`` (by words; a word wider than the
    line is broken between letters, as the renderers do). Explicit new lines are kept."""
    limit = width_in * 72.0 * WIDTH_SLACK
    lines: list[str] = []
    for paragraph in str(text).split("\n"):
        current = ""
        for word in paragraph.split(" "):
            candidate = f"{current} {word}" if current else word
            if text_width_pt(candidate, size_pt, bold) <= limit:
                current = candidate
                continue
            if current:
                lines.append(current)
            current = ""
            for ch in word:
                if current and text_width_pt(current + ch, size_pt, bold) > limit:
                    lines.append(current)
                    current = ""
                current += ch
        lines.append(current)
    return lines


def line_height_in(size_pt: float) -> float:
    """Height of one line of text, in inches."""
    return size_pt * LINE_FACTOR / 72.0


def text_height_in(text: str, width_in: float, size_pt: float, bold: bool = False) -> float:
    """Height of ``text`` wrapped to ``width_in``, in inches (no padding)."""
    return len(wrap(text, width_in, size_pt, bold)) * line_height_in(size_pt)


def fitting_size(
    texts: Sequence[str],
    width_in: float,
    height_in: float,
    sizes: Sequence[float],
    gap_in: float = 0.0,
    bold: bool = False,
) -> float | None:
    """The largest of ``sizes`` at which the paragraphs ``texts`` (``gap_in`` between them) fit
    the box; ``None`` when even the smallest does not."""
    for size in sorted(sizes, reverse=True):
        used = sum(text_height_in(t, width_in, size, bold) for t in texts)
        if used + gap_in * max(0, len(texts) - 1) <= height_in:
            return size
    return None


@dataclass(frozen=True)
class TableSpec:
    """How a table is laid out: column widths (inches), type size, which columns are bold."""

    widths_in: tuple[float, ...]
    size_pt: float = TABLE_PT
    head_size_pt: float = TABLE_PT

    def cell_height_in(self, text: str, col: int, size_pt: float, bold: bool = False) -> float:
        """Height of one cell's text with the cell's inner margins."""
        inner = self.widths_in[col] - 2 * CELL_PAD_X_IN
        return text_height_in(text, inner, size_pt, bold) + 2 * CELL_PAD_Y_IN

    def row_height_in(self, cells: Sequence[str], head: bool = False) -> float:
        """Height of a row: its tallest cell."""
        size = self.head_size_pt if head else self.size_pt
        return max(
            (self.cell_height_in(c, i, size, head) for i, c in enumerate(cells)),
            default=line_height_in(size),
        )


def page_rows(
    head_height_in: float, row_heights_in: Sequence[float], available_in: float
) -> list[list[int]]:
    """Row indices per page: as many rows as fit under the repeated head row on each page
    (a row taller than a page gets a page of its own)."""
    pages: list[list[int]] = []
    current: list[int] = []
    used = head_height_in
    for i, height in enumerate(row_heights_in):
        if current and used + height > available_in:
            pages.append(current)
            current, used = [], head_height_in
        current.append(i)
        used += height
    if current or not pages:
        pages.append(current)
    return pages
