"""Xuất: every document of the plan (:func:`planning.report.documents.plan_documents`: Excel
workbook, printable plan and notices as PDF, offline map as HTML), the meeting's slides (PPTX),
and each commune's and intake point's notice.

Each file is made when its button is pressed (a province's PDF takes seconds) and kept for the
next time; a file that cannot be made is said so on the page (:mod:`app.downloads`).
"""

from __future__ import annotations

import streamlit as st

from app.deck_downloads import plan_deck_button
from app.downloads import document_button, download_notes
from app.i18n import lang, t
from app.state import RESULTS, WHATS, Work, current_work, scenario_key
from app.ui import guarded
from planning.errors import InputError
from planning.report.documents import (
    commune_documents,
    plan_documents,
    point_documents,
    visited_codes,
)
from planning.report.notice import notice_text, point_notice_text, visited_points
from planning.report.pdf import DocumentInfo, default_info
from planning.solver import SolveResult

#: Download buttons per row.
BUTTONS_PER_ROW = 3


def document_info(work: Work) -> DocumentInfo:
    """The header of the printed plan, as the planner fills it in."""
    guess = default_info(work.scenario)
    with st.expander(t("doc_header"), expanded=False):
        cols = st.columns(2)
        parent = cols[0].text_input(t("parent_unit"), guess.parent_unit, key="doc_parent")
        unit = cols[0].text_input(t("unit"), guess.unit, key="doc_unit")
        number = cols[0].text_input(t("doc_number"), guess.number, key="doc_number")
        place = cols[1].text_input(t("place"), guess.place, key="doc_place")
        issued = cols[1].date_input(
            t("issued_on"), guess.issued_on, key="doc_date", format="DD/MM/YYYY"
        )
    return DocumentInfo(
        unit=unit,
        parent_unit=parent,
        number=number,
        place=place,
        issued_on=issued if issued else None,
    )


def notices(work: Work, result: SolveResult, base_key: str, info: DocumentInfo) -> None:
    """Notice per commune: text to send, PDF page to post."""
    visited = visited_codes(work.scenario, result.plan)
    if not visited:
        st.info(t("no_visits"))
        return
    names = {code: work.scenario.commune(code).name for code in visited}
    code = st.selectbox(t("commune"), list(names), format_func=names.__getitem__, key="notice_code")
    text = notice_text(work.scenario, result.plan, code, lang())
    st.text_area(t("notice_text"), text, height=260, key=f"notice_text_{code}_{lang()}")
    documents = commune_documents(work.scenario, result.plan, code, info, lang())
    for col, document in zip(st.columns(BUTTONS_PER_ROW), documents, strict=False):
        document_button(col, document, f"{base_key}|{code}")
    point_notices(work, result, base_key, info, code)


def point_notices(
    work: Work, result: SolveResult, base_key: str, info: DocumentInfo, code: str
) -> None:
    """The notice of each intake point of the chosen commune (when it lists points)."""
    points = visited_points(work.scenario, result.plan, code)
    if not points:
        return
    scenario = work.scenario
    names = {pid: scenario.point(pid).name for pid in points}
    point_id = st.selectbox(
        t("notice_point"), points, format_func=names.__getitem__, key=f"notice_point_{code}"
    )
    text = point_notice_text(scenario, result.plan, point_id, lang())
    st.text_area(t("notice_text"), text, height=220, key=f"notice_point_text_{point_id}_{lang()}")
    documents = point_documents(scenario, result.plan, point_id, info, lang())
    for col, document in zip(st.columns(BUTTONS_PER_ROW), documents, strict=False):
        document_button(col, document, f"{base_key}|{point_id}")


def body() -> None:
    """The Export page."""
    work = current_work()
    if isinstance(work, InputError):
        raise work
    st.header(t("export") + " — " + work.scenario.name)
    key = scenario_key(work.scenario)
    result = RESULTS.get().get(key)
    if result is None:
        st.info(t("export_needs_plan"))
        return
    info = document_info(work)
    what = WHATS.get().get(key)
    base_key = f"{key}|{id(result)}|{id(what)}|{lang()}|{info!r}"
    documents = plan_documents(work.scenario, result, what, work.features, info, lang())
    for row in range(0, len(documents), BUTTONS_PER_ROW):
        cols = st.columns(BUTTONS_PER_ROW)
        for col, document in zip(cols, documents[row : row + BUTTONS_PER_ROW], strict=False):
            document_button(col, document, base_key)
    plan_deck_button(work, result, key, info)
    st.subheader(t("notices"))
    notices(work, result, base_key, info)
    download_notes()


with guarded():
    body()
