"""The documents of a plan, as the Export page offers them and ``python -m planning export`` (and
``sweep --documents``) writes them: the Excel workbook, the printable plan (PDF, with its map), a
notice per visited commune (PDF and text; a commune listing intake points: its notice names them
all, and each point visited has its own notice) and all of them in one PDF, the offline HTML map
and a PNG map, and on request the meeting's slide deck (.pptx). One set of builders and file names
for the page and the command line.

The printed plan and the notices are official Vietnamese documents; ``lang`` changes the workbook
and the maps.

:func:`plan_documents` is the list the Export page offers (a :class:`Document` each: its name on
the button, its file name, its type and how to build it); a new document of a plan is one more
entry there, and the page, the command line and the browser test that opens every download pick it
up. :func:`commune_documents` are one commune's notice (text and PDF).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planning.campaign.workspace import actuals_file, read_announced_plan
from planning.domain import Plan, Scenario, Visit
from planning.io.actuals_files import read_actuals_log
from planning.io.files import atomic_write_bytes, atomic_write_text
from planning.names import ascii_slug
from planning.report.deck import (
    PPTX_MIME,
    DeckProgress,
    comparison_deck,
    lines_from_solved,
    plan_deck,
)
from planning.report.excel import plan_workbook
from planning.report.maps import plan_map
from planning.report.notice import (
    notice_pdf,
    notice_text,
    point_notice_text,
    sessions,
    visited_points,
)
from planning.report.offline import offline_html
from planning.report.pdf import DocumentInfo, default_info, plan_pdf
from planning.report.static_map import plan_map_png
from planning.results import SolveResult, WhatItTakes
from planning.wording import what_it_takes_lines

#: The one PDF holding every visited commune's notice.
ALL_NOTICES_PDF = "thong-bao-cac-xa.pdf"
#: The folder of the per-commune notices.
NOTICES_DIR = "thong-bao"

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
PDF_TYPE = "application/pdf"
HTML_TYPE = "text/html"
TEXT_TYPE = "text/plain"


@dataclass(frozen=True)
class Document:
    """One document of a plan as a page offers it: ``key`` (stable, for caches and widgets),
    its name on the download button (Vietnamese, English), the file name, the MIME type and the
    function that makes its bytes (called when the planner asks for it)."""

    key: str
    title_vi: str
    title_en: str
    file_name: str
    mime: str
    build: Callable[[], bytes]

    def title(self, lang: str = "vi") -> str:
        """The button's words in ``lang``."""
        return self.title_en if lang == "en" else self.title_vi


def slug(text: str) -> str:
    """'Trùng Khánh, 12/2022' → 'trung-khanh-12-2022' for file names."""
    return ascii_slug(text) or "ke-hoach"


def workbook_name(scenario: Scenario) -> str:
    """File name of the workbook."""
    return f"ke-hoach-{slug(scenario.name)}.xlsx"


def plan_pdf_name(scenario: Scenario) -> str:
    """File name of the printable plan."""
    return f"ke-hoach-{slug(scenario.name)}.pdf"


def map_html_name(scenario: Scenario) -> str:
    """File name of the offline HTML map."""
    return f"ban-do-{slug(scenario.name)}.html"


def map_png_name(scenario: Scenario) -> str:
    """File name of the PNG map."""
    return f"ban-do-{slug(scenario.name)}.png"


def deck_name(scenario: Scenario) -> str:
    """File name of the meeting's slide deck."""
    return f"trinh-chieu-{slug(scenario.name)}.pptx"


def comparison_deck_name(scenario: Scenario) -> str:
    """File name of the slide deck comparing variants of a scenario."""
    return f"so-sanh-phuong-an-{slug(scenario.name)}.pptx"


def deck_progress(
    scenario_toml: Path | None,
    actuals: Sequence[Visit] | None = None,
    today: dt.date | None = None,
) -> DeckProgress | None:
    """The campaign's intake for the deck's progress slides: ``actuals`` when given, else the
    scenario's intake log; with the plan announced to the communes. ``None`` when no intake is
    recorded (the deck then has no progress slides)."""
    if actuals is None:
        if scenario_toml is None:
            return None
        actuals = read_actuals_log(actuals_file(scenario_toml)).visits()
    if not actuals:
        return None
    announced = read_announced_plan(scenario_toml) if scenario_toml is not None else None
    return DeckProgress(tuple(actuals), announced, today)


def notice_name(commune_name: str, suffix: str = ".pdf") -> str:
    """File name of one commune's notice."""
    return f"thong-bao-{slug(commune_name)}{suffix}"


def point_notice_name(commune_name: str, point_name: str, suffix: str = ".pdf") -> str:
    """File name of one intake point's notice: 'thong-bao-ia-bang-diem-ubnd-xa-cu-ia-pet.pdf'."""
    return f"thong-bao-{slug(commune_name)}-{slug(point_name)}{suffix}"


def visited_codes(scenario: Scenario, plan: Plan) -> list[str]:
    """Codes of the communes the plan visits (in scenario order): the ones that get a notice."""
    return [c.code for c in scenario.communes if sessions(scenario, plan, c.code)]


def plan_pdf_with_map(
    scenario: Scenario,
    result: SolveResult,
    what: WhatItTakes | None,
    features: Any,
    info: DocumentInfo | None = None,
) -> bytes:
    """The printable plan with its map (when boundaries are known) and the what-if lines."""
    png = plan_map_png(scenario, features, result.plan) if features is not None else None
    lines = what_it_takes_lines(what, scenario, "vi") if what is not None else ()
    return plan_pdf(scenario, result, info, png, lines)


def plan_documents(
    scenario: Scenario,
    result: SolveResult,
    what: WhatItTakes | None,
    features: Any,
    info: DocumentInfo | None = None,
    lang: str = "vi",
) -> list[Document]:
    """The documents of the plan, in the order a page offers them: the workbook, the printable
    plan, every commune's notice in one PDF and (with boundaries) the offline HTML map."""
    info = info or default_info(scenario)
    plan = result.plan
    docs = [
        Document(
            "workbook",
            "Tải bảng Excel",
            "Download Excel",
            workbook_name(scenario),
            XLSX_TYPE,
            lambda: plan_workbook(scenario, result, what, lang),
        ),
        Document(
            "plan_pdf",
            "Tải kế hoạch (PDF)",
            "Download plan (PDF)",
            plan_pdf_name(scenario),
            PDF_TYPE,
            lambda: plan_pdf_with_map(scenario, result, what, features, info),
        ),
        Document(
            "notices_pdf",
            "Thông báo mọi xã (PDF)",
            "Notices, all communes (PDF)",
            ALL_NOTICES_PDF,
            PDF_TYPE,
            lambda: notice_pdf(
                scenario, plan, visited_codes(scenario, plan), "", info.issued_on, with_points=True
            ),
        ),
    ]
    if features is not None:
        docs.append(
            Document(
                "map_html",
                "Tải bản đồ (HTML ngoại tuyến)",
                "Download map (offline HTML)",
                map_html_name(scenario),
                HTML_TYPE,
                lambda: offline_html(plan_map(scenario, features, plan, lang)).encode("utf-8"),
            )
        )
    return docs


def commune_documents(
    scenario: Scenario, plan: Plan, code: str, info: DocumentInfo | None = None, lang: str = "vi"
) -> list[Document]:
    """One visited commune's notice: the text to send and the PDF page to post (its intake
    points' own notices: :func:`point_documents`)."""
    info = info or default_info(scenario)
    name = scenario.commune(code).name
    return [
        Document(
            "notice_txt",
            "Tải văn bản (.txt)",
            "Download text (.txt)",
            notice_name(name, ".txt"),
            TEXT_TYPE,
            lambda: notice_text(scenario, plan, code, lang).encode("utf-8"),
        ),
        Document(
            "notice_pdf",
            "Tải thông báo (PDF)",
            "Download notice (PDF)",
            notice_name(name),
            PDF_TYPE,
            lambda: notice_pdf(scenario, plan, [code], "", info.issued_on),
        ),
    ]


def point_documents(
    scenario: Scenario,
    plan: Plan,
    point_id: str,
    info: DocumentInfo | None = None,
    lang: str = "vi",
) -> list[Document]:
    """One intake point's notice (a commune that lists points): its text and its PDF page."""
    info = info or default_info(scenario)
    point = scenario.point(point_id)
    name, point_name = scenario.commune(point.commune_code).name, point.name
    return [
        Document(
            "point_notice_txt",
            "Tải văn bản của điểm (.txt)",
            "Download the point's text (.txt)",
            point_notice_name(name, point_name, ".txt"),
            TEXT_TYPE,
            lambda: point_notice_text(scenario, plan, point_id, lang).encode("utf-8"),
        ),
        Document(
            "point_notice_pdf",
            "Tải thông báo của điểm (PDF)",
            "Download the point's notice (PDF)",
            point_notice_name(name, point_name),
            PDF_TYPE,
            lambda: notice_pdf(scenario, plan, [], "", info.issued_on, point_ids=[point_id]),
        ),
    ]


def deck_document(
    scenario: Scenario,
    result: SolveResult,
    what: WhatItTakes | None,
    features: Any,
    info: DocumentInfo | None = None,
    progress: DeckProgress | None = None,
    lang: str = "vi",
) -> Document:
    """The meeting's slide deck of the plan (progress slides from ``progress``)."""
    return Document(
        "deck",
        "Tải trình chiếu cuộc họp (PPTX)",
        "Download meeting slides (PPTX)",
        deck_name(scenario),
        PPTX_MIME,
        lambda: plan_deck(scenario, result, what, features, info, progress, lang),
    )


def comparison_deck_document(
    scenario: Scenario, solved: Mapping[str, tuple[Scenario, SolveResult]], lang: str = "vi"
) -> Document:
    """The slide comparing solved variants of ``scenario`` side by side."""
    return Document(
        "compare_deck",
        "Tải trình chiếu so sánh (PPTX)",
        "Download comparison slides (PPTX)",
        comparison_deck_name(scenario),
        PPTX_MIME,
        lambda: comparison_deck(
            scenario.name, lines_from_solved(solved), None, default_info(scenario), lang
        ),
    )


def write_documents(
    scenario: Scenario,
    result: SolveResult,
    what: WhatItTakes | None,
    features: Any,
    out_dir: Path,
    lang: str = "vi",
    info: DocumentInfo | None = None,
    deck: bool = False,
    progress: DeckProgress | None = None,
) -> list[Path]:
    """Write every document of the plan into ``out_dir``; the paths written, in order.

    Without boundaries (``features`` is ``None``) there are no maps and the PDF has none. With
    ``deck`` the slide deck too (its progress slides from ``progress``).
    """
    out = Path(out_dir)
    info = info or default_info(scenario)
    plan = result.plan
    written: list[Path] = []

    def put(name: str, data: bytes | str) -> None:
        path = out / name
        if isinstance(data, str):
            atomic_write_text(path, data)
        else:
            atomic_write_bytes(path, data)
        written.append(path)

    for document in plan_documents(scenario, result, what, features, info, lang):
        put(document.file_name, document.build())
    for code in visited_codes(scenario, plan):
        for document in commune_documents(scenario, plan, code, info, lang):
            put(f"{NOTICES_DIR}/{document.file_name}", document.build())
        for point_id in visited_points(scenario, plan, code):
            for document in point_documents(scenario, plan, point_id, info, lang):
                put(f"{NOTICES_DIR}/{document.file_name}", document.build())
    if features is not None:
        put(map_png_name(scenario), plan_map_png(scenario, features, plan, lang))
    if deck:
        document = deck_document(scenario, result, what, features, info, progress, lang)
        put(document.file_name, document.build())
    return written
