"""The slide decks' download buttons: the meeting's deck on the Export page, the comparison of
variants on the Compare page. Built on the click (a province's maps take seconds), once per plan;
a deck that cannot be made is said so on the page (:mod:`app.downloads`)."""

from __future__ import annotations

import streamlit as st

from app.downloads import document_button
from app.i18n import lang, t
from app.state import WHATS, Work
from planning.campaign.workspace import actuals_file, announced_plan_file
from planning.domain import Scenario
from planning.errors import InputError
from planning.io.actuals_files import log_fingerprint
from planning.report.documents import comparison_deck_document, deck_document, deck_progress
from planning.report.pdf import DocumentInfo
from planning.solver import SolveResult


def _progress_key(work: Work) -> str:
    if work.path is None:
        return ""
    files = (actuals_file(work.path), announced_plan_file(work.path))
    return "|".join(log_fingerprint(f) for f in files)


def plan_deck_button(work: Work, result: SolveResult, key: str, info: DocumentInfo) -> None:
    """The meeting's slide deck of the plan, with progress slides once intake is recorded."""
    what, lg = WHATS.get().get(key), lang()
    try:
        progress = deck_progress(work.path)
    except InputError as exc:
        st.warning(t("deck_no_progress").format(error=exc.render(lg)))
        progress = None
    document = deck_document(work.scenario, result, what, work.features, info, progress, lg)
    cache_key = f"{key}|{id(result)}|{id(what)}|{info!r}|{_progress_key(work)}|{lg}"
    document_button(st.container(), document, cache_key, help=t("dl_deck_help"))


def compare_deck_button(work: Work, solved: dict[str, tuple[Scenario, SolveResult]]) -> None:
    """The solved variants side by side on a slide."""
    lg = lang()
    cache_key = "|".join(f"{n}:{id(r)}" for n, (_, r) in solved.items()) + f"|{lg}"
    document_button(st.container(), comparison_deck_document(work.scenario, solved, lg), cache_key)
