"""The slide decks' download buttons: the meeting's deck on the Export page, the comparison of
variants on the Compare page. Built on the click (a province's maps take seconds), once per plan."""

from __future__ import annotations

import streamlit as st

from app.i18n import lang, t
from app.state import WHATS, Work
from app.ui import cached
from planning.campaign.actuals import log_fingerprint
from planning.campaign.workspace import actuals_file, announced_plan_file
from planning.domain import Scenario
from planning.errors import InputError
from planning.report.deck import PPTX_MIME, comparison_deck, lines_from_solved, plan_deck
from planning.report.documents import comparison_deck_name, deck_name, deck_progress
from planning.report.pdf import DocumentInfo, default_info
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
    cache_key = f"deck|{key}|{id(result)}|{id(what)}|{info!r}|{_progress_key(work)}|{lg}"
    st.download_button(
        t("dl_deck"),
        lambda: bytes(
            cached(
                cache_key,
                lambda: plan_deck(work.scenario, result, what, work.features, info, progress, lg),
            )
        ),
        deck_name(work.scenario),
        PPTX_MIME,
        key="dl_deck",
        help=t("dl_deck_help"),
        on_click="ignore",  # a download changes nothing on the page: no rerun racing it
        icon=":material/slideshow:",
    )


def compare_deck_button(work: Work, solved: dict[str, tuple[Scenario, SolveResult]]) -> None:
    """The solved variants side by side on a slide."""
    lg = lang()
    cache_key = "cmpdeck|" + "|".join(f"{n}:{id(r)}" for n, (_, r) in solved.items()) + f"|{lg}"
    st.download_button(
        t("dl_compare_deck"),
        lambda: bytes(
            cached(
                cache_key,
                lambda: comparison_deck(
                    work.scenario.name,
                    lines_from_solved(solved),
                    None,
                    default_info(work.scenario),
                    lg,
                ),
            )
        ),
        comparison_deck_name(work.scenario),
        PPTX_MIME,
        key="dl_compare_deck",
        on_click="ignore",
        icon=":material/slideshow:",
    )
