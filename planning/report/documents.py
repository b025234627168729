"""The documents of a plan, as the Export page offers them and ``python -m planning export`` (and
``sweep --documents``) writes them: the Excel workbook, the printable plan (PDF, with its map), a
notice per visited commune (PDF and text) and all of them in one PDF, the offline HTML map and a
PNG map. One set of builders and file names for the page and the command line.

The printed plan and the notices are official Vietnamese documents; ``lang`` changes the workbook
and the maps.

:func:`plan_documents` is the list the Export page offers (a :class:`Document` each: its name on
the button, its file name, its type and how to build it); a new document of a plan is one more
entry there, and the page, the command line and the browser test that opens every download pick it
up. :func:`commune_documents` are one commune's notice (text and PDF).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from planning.domain import Plan, Scenario
from planning.io.files import atomic_write_bytes, atomic_write_text
from planning.names import ascii_slug
from planning.report.excel import plan_workbook
from planning.report.maps import plan_map
from planning.report.notice import notice_pdf, notice_text, sessions
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


def notice_name(commune_name: str, suffix: str = ".pdf") -> str:
    """File name of one commune's notice."""
    return f"thong-bao-{slug(commune_name)}{suffix}"


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
            lambda: notice_pdf(scenario, plan, visited_codes(scenario, plan), "", info.issued_on),
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
    """One visited commune's notice: the text to send and the PDF page to post."""
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


def write_documents(
    scenario: Scenario,
    result: SolveResult,
    what: WhatItTakes | None,
    features: Any,
    out_dir: Path,
    lang: str = "vi",
    info: DocumentInfo | None = None,
) -> list[Path]:
    """Write every document of the plan into ``out_dir``; the paths written, in order.

    Without boundaries (``features`` is ``None``) there are no maps and the PDF has none.
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
    if features is not None:
        put(map_png_name(scenario), plan_map_png(scenario, features, plan, lang))
    return written
