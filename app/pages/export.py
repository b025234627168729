"""Xuất: Excel workbook, printable plan (PDF), public notices (PDF/text), offline map (HTML),
the meeting's slides (PPTX)."""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st

from app.deck_downloads import plan_deck_button
from app.i18n import lang, t
from app.state import RESULTS, WHATS, Work, current_work, scenario_key
from app.ui import cached, guarded
from planning.errors import InputError
from planning.report.documents import (
    ALL_NOTICES_PDF,
    map_html_name,
    notice_name,
    plan_pdf_name,
    plan_pdf_with_map,
    point_notice_name,
    visited_codes,
    workbook_name,
)
from planning.report.excel import plan_workbook
from planning.report.maps import plan_map
from planning.report.notice import notice_pdf, notice_text, point_notice_text, visited_points
from planning.report.offline import offline_html
from planning.report.pdf import DocumentInfo, default_info
from planning.solver import SolveResult

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


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


#: A document made when its download button is pressed (a province's PDF or notices take
#: seconds), then kept for the next time.
Deferred = Callable[[], bytes]


def on_click(cache_key: str, build: Deferred) -> Deferred:
    """Build the file when the button is pressed (outside the page run), once per key."""
    return lambda: bytes(cached(cache_key, build))


def excel_bytes(work: Work, result: SolveResult, key: str) -> Deferred:
    """The workbook, built once per plan and language."""
    what, lg = WHATS.get().get(key), lang()
    return on_click(
        f"xlsx|{key}|{id(result)}|{id(what)}|{lg}",
        lambda: plan_workbook(work.scenario, result, what, lg),
    )


def pdf_bytes(work: Work, result: SolveResult, key: str, info: DocumentInfo) -> Deferred:
    """The printable plan, built once per plan and header."""
    what = WHATS.get().get(key)
    return on_click(
        f"pdf|{key}|{id(result)}|{id(what)}|{info!r}",
        lambda: plan_pdf_with_map(work.scenario, result, what, work.features, info),
    )


def notices(work: Work, result: SolveResult, key: str, info: DocumentInfo) -> None:
    """Notice per commune: text to send, PDF pages to post."""
    visited = visited_codes(work.scenario, result.plan)
    if not visited:
        st.info(t("no_visits"))
        return
    names = {code: work.scenario.commune(code).name for code in visited}
    code = st.selectbox(t("commune"), list(names), format_func=names.__getitem__, key="notice_code")
    text = notice_text(work.scenario, result.plan, code, lang())
    st.text_area(t("notice_text"), text, height=260, key=f"notice_text_{code}_{lang()}")
    cols = st.columns(3)
    cols[0].download_button(
        t("dl_notice_txt"),
        text.encode("utf-8"),
        notice_name(names[code], ".txt"),
        "text/plain",
        key="dl_notice_txt",
    )
    one = cached(
        f"notice|{key}|{id(result)}|{code}|{info.issued_on}",
        lambda: notice_pdf(work.scenario, result.plan, [code], "", info.issued_on),
    )
    cols[1].download_button(
        t("dl_notice_pdf"),
        bytes(one),
        notice_name(names[code]),
        "application/pdf",
        key="dl_notice_pdf",
    )
    every = on_click(
        f"notices|{key}|{id(result)}|{info.issued_on}",
        lambda: notice_pdf(
            work.scenario, result.plan, list(names), "", info.issued_on, with_points=True
        ),
    )
    cols[2].download_button(
        t("dl_notice_all"),
        every,
        ALL_NOTICES_PDF,
        "application/pdf",
        key="dl_notice_all",
    )
    point_notices(work, result, key, info, code)


def point_notices(work: Work, result: SolveResult, key: str, info: DocumentInfo, code: str) -> None:
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
    commune = scenario.commune(code).name
    cols = st.columns(3)
    cols[0].download_button(
        t("dl_notice_txt"),
        text.encode("utf-8"),
        point_notice_name(commune, names[point_id], ".txt"),
        "text/plain",
        key="dl_point_notice_txt",
    )
    page = cached(
        f"point-notice|{key}|{id(result)}|{point_id}|{info.issued_on}",
        lambda: notice_pdf(scenario, result.plan, [], "", info.issued_on, point_ids=[point_id]),
    )
    cols[1].download_button(
        t("dl_notice_pdf"),
        bytes(page),
        point_notice_name(commune, names[point_id]),
        "application/pdf",
        key="dl_point_notice_pdf",
    )


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
    cols = st.columns(3)
    cols[0].download_button(
        t("dl_excel"),
        excel_bytes(work, result, key),
        workbook_name(work.scenario),
        XLSX,
        key="dl_excel",
        icon=":material/table_view:",
    )
    cols[1].download_button(
        t("dl_pdf"),
        pdf_bytes(work, result, key, info),
        plan_pdf_name(work.scenario),
        "application/pdf",
        key="dl_pdf",
        icon=":material/description:",
    )
    if work.features is not None:
        lg = lang()
        html = on_click(
            f"maphtml|{key}|{id(result)}|{lg}",
            lambda: offline_html(plan_map(work.scenario, work.features, result.plan, lg)).encode(),
        )
        cols[2].download_button(
            t("dl_html"),
            html,
            map_html_name(work.scenario),
            "text/html",
            key="dl_html",
            icon=":material/map:",
        )
    plan_deck_button(work, result, key, info)
    st.subheader(t("notices"))
    notices(work, result, key, info)


with guarded():
    body()
