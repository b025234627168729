"""The documents of a plan, as the Export page offers them and ``python -m planning export`` (and
``sweep --documents``) writes them: the Excel workbook, the printable plan (PDF, with its map), a
notice per visited commune (PDF and text; a commune listing intake points: its notice names them
all, and each point visited has its own notice) and all of them in one PDF, the offline HTML map
and a PNG map, and on request the meeting's slide deck (.pptx). One set of builders and file names
for the page and the command line.

The printed plan and the notices are official Vietnamese documents; ``lang`` changes the workbook
and the maps.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from planning.campaign.workspace import actuals_file, read_announced_plan
from planning.domain import Plan, Scenario, Visit
from planning.io.actuals_files import read_actuals_log
from planning.io.files import atomic_write_bytes, atomic_write_text
from planning.names import ascii_slug
from planning.report.deck import DeckProgress, plan_deck
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

    put(workbook_name(scenario), plan_workbook(scenario, result, what, lang))
    put(plan_pdf_name(scenario), plan_pdf_with_map(scenario, result, what, features, info))
    codes = visited_codes(scenario, plan)
    put(ALL_NOTICES_PDF, notice_pdf(scenario, plan, codes, "", info.issued_on, with_points=True))
    for code in codes:
        name = scenario.commune(code).name
        one = notice_pdf(scenario, plan, [code], "", info.issued_on)
        put(f"{NOTICES_DIR}/{notice_name(name)}", one)
        put(f"{NOTICES_DIR}/{notice_name(name, '.txt')}", notice_text(scenario, plan, code, lang))
        for point_id in visited_points(scenario, plan, code):
            stem = point_notice_name(name, scenario.point(point_id).name)
            page = notice_pdf(scenario, plan, [], "", info.issued_on, point_ids=[point_id])
            put(f"{NOTICES_DIR}/{stem}", page)
            text = point_notice_text(scenario, plan, point_id, lang)
            put(
                f"{NOTICES_DIR}/{point_notice_name(name, scenario.point(point_id).name, '.txt')}",
                text,
            )
    if features is not None:
        put(map_html_name(scenario), offline_html(plan_map(scenario, features, plan, lang)))
        put(map_png_name(scenario), plan_map_png(scenario, features, plan, lang))
    if deck:
        put(deck_name(scenario), plan_deck(scenario, result, what, features, info, progress, lang))
    return written
