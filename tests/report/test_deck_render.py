"""The slide deck opened by LibreOffice Impress (Debian's ``libreoffice-impress``, installed by
``make test``) and converted to PDF: one page per slide, each page with its slide's title and all
its text, and no text outside the page or down in the footer band (a table that grew past the
slide's body would put its last rows there). Once on the default scenario and once on a generated
200-commune, 12-team province, whose every commune must appear in the ranked table.
"""

from __future__ import annotations

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from pptx import Presentation

from planning.io.boundaries import simplify_for_display
from planning.io.scenario import DEFAULT_SCENARIO, open_scenario
from planning.report.deck import plan_deck
from planning.report.deck_layout import FOOTER_H_IN, SLIDE_H_IN, SLIDE_W_IN
from planning.solver import SolverOptions, solve
from tests.province_case import COMMUNES, build_province, needs_national

SOFFICE = shutil.which("soffice") or shutil.which("libreoffice")
if SOFFICE is None:
    if os.environ.get("CI"):
        raise RuntimeError("soffice is missing in CI: `make test` installs libreoffice-impress")
    pytest.skip(
        "LibreOffice (soffice) not installed: apt-get install libreoffice-impress; the deck's "
        "PDF conversion test is skipped outside CI",
        allow_module_level=True,
    )
pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements-dev) reads the PDF")


def to_pdf(pptx: bytes, folder: Path) -> bytes:
    """Convert with LibreOffice Impress, headless, in a profile of its own (no clash with another
    LibreOffice running)."""
    folder.mkdir(parents=True, exist_ok=True)
    source = folder / "deck.pptx"
    source.write_bytes(pptx)
    profile = (folder / "lo-profile").as_uri()
    subprocess.run(
        [
            str(SOFFICE),
            f"-env:UserInstallation={profile}",
            "--headless",
            "--norestore",
            "--convert-to",
            "pdf",
            "--outdir",
            str(folder),
            str(source),
        ],
        check=True,
        capture_output=True,
        timeout=240,
    )
    return (folder / "deck.pdf").read_bytes()


def _multiply(a: list[float], b: list[float]) -> list[float]:
    return [
        a[0] * b[0] + a[1] * b[2],
        a[0] * b[1] + a[1] * b[3],
        a[2] * b[0] + a[3] * b[2],
        a[2] * b[1] + a[3] * b[3],
        a[4] * b[0] + a[5] * b[2] + b[4],
        a[4] * b[1] + a[5] * b[3] + b[5],
    ]


def page_texts(page) -> list[tuple[float, float, str]]:
    """(x, y, text) of every piece of text drawn on a PDF page (y from the bottom, points)."""
    found: list[tuple[float, float, str]] = []

    def visit(text, cm, tm, font_dict, font_size) -> None:
        if text.strip():
            matrix = _multiply(list(tm), list(cm))
            found.append((matrix[4], matrix[5], text.strip()))

    page.extract_text(visitor_text=visit)
    return found


def slide_texts(slide) -> list[str]:
    """Every line of text on a slide (text boxes and table cells)."""
    lines: list[str] = []
    for shape in slide.shapes:
        if shape.has_table:
            frames = [c.text_frame for row in shape.table.rows for c in row.cells]
        elif shape.has_text_frame:
            frames = [shape.text_frame]
        else:
            continue
        lines += [p.text for f in frames for p in f.paragraphs if p.text.strip()]
    return lines


def squash(text: str) -> str:
    """Text without its spaces and breaks (a PDF splits and joins lines its own way)."""
    return "".join(text.split())


def check_rendering(pptx: bytes, folder: Path) -> tuple[list[str], list[str]]:
    """Convert, then check each page against its slide; the slides' titles and the pages' text."""
    prs = Presentation(io.BytesIO(pptx))
    reader = pypdf.PdfReader(io.BytesIO(to_pdf(pptx, folder)))
    assert len(reader.pages) == len(prs.slides)
    titles, texts = [], []
    for number, (slide, page) in enumerate(zip(prs.slides, reader.pages, strict=True), start=1):
        box = page.mediabox
        assert round(float(box.width) / float(box.height), 3) == round(SLIDE_W_IN / SLIDE_H_IN, 3)
        scale = float(box.height) / (SLIDE_H_IN * 72)
        drawn = page_texts(page)
        whole = squash(page.extract_text())
        title = slide.shapes.title.text_frame.text
        assert squash(title) in whole, (number, title)
        for line in slide_texts(slide):
            assert squash(line) in whole, (number, line)
        footer_top = (FOOTER_H_IN + 0.1) * 72 * scale
        for x, y, text in drawn:
            assert 0 <= x < float(box.width) and 0 < y < float(box.height), (number, text, x, y)
            if y < footer_top:  # only the footer's own line may be down there
                assert text in footer_text(slide), (number, text, y)
        titles.append(title)
        texts.append(page.extract_text())
    return titles, texts


def footer_text(slide) -> str:
    """The footer's line ('' on the title slide)."""
    return next((s.text_frame.text for s in slide.shapes if s.name == "footer"), "")


def test_default_deck_renders_in_libreoffice(tmp_path: Path) -> None:
    loaded = open_scenario(DEFAULT_SCENARIO)
    result = solve(loaded.scenario, SolverOptions(time_limit_s=3))
    features = simplify_for_display(loaded.boundaries.features)
    titles, texts = check_rendering(plan_deck(loaded.scenario, result, None, features), tmp_path)
    assert titles[0] == "KẾ HOẠCH CẤP CCCD LƯU ĐỘNG"
    assert "2.990" in texts[1] and "KỊP HẠN" in texts[1]
    assert "Trùng Khánh, 12/2022" in texts[0]


@needs_national
def test_province_deck_of_200_communes_renders_in_full(tmp_path: Path) -> None:
    toml, result = build_province(tmp_path / "province")
    loaded = open_scenario(toml)
    assert len(loaded.scenario.communes) == COMMUNES
    features = simplify_for_display(loaded.boundaries.features)
    titles, texts = check_rendering(
        plan_deck(loaded.scenario, result, None, features), tmp_path / "pdf"
    )
    ranked = "\n".join(
        text for title, text in zip(titles, texts, strict=True) if title.startswith("Các xã theo")
    )
    for commune in loaded.scenario.communes:
        assert squash(commune.name) in squash(ranked), commune.name
    assert sum(t.startswith("Các xã theo") for t in titles) > 5  # paged, not squeezed
