"""Small helpers shared by the pages: plain error messages, cached HTML and export bytes."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st

from app.i18n import lang, t
from app.state import FLASH
from planning.errors import InputError
from planning.report.tables import Table


@contextmanager
def guarded() -> Iterator[None]:
    """Run a page body; show problems as plain messages, never a bare traceback."""
    try:
        yield
    except InputError as exc:
        for problem in exc.problems:
            (st.error if problem.is_error else st.warning)(problem.render(lang()))
    except Exception as exc:
        st.error(t("unexpected") + f" ({type(exc).__name__}: {exc})")
        with st.expander(t("details")):
            st.code(traceback.format_exc(), language=None)


def flash(kind: str, text: str) -> None:
    """Keep a message for the next run (shown by :func:`show_flash` after ``st.rerun``)."""
    FLASH.get().append((kind, text))


def show_flash() -> None:
    """The messages kept for this run ("success", "warning", "info", else an error)."""
    for kind, text in FLASH.pop() or []:
        {"success": st.success, "warning": st.warning, "info": st.info}.get(kind, st.error)(text)


def chrome_css(language: str) -> str:
    """CSS that puts Streamlit's own uploader and stop-button words in the reader's language.

    Streamlit has no setting for these texts (its front end is English only), so the Vietnamese
    interface hides the uploader's English "200MB per file • CSV" line (our labels state the
    limit and the types in Vietnamese) and draws "Chọn tệp" / "Dừng" over the "Upload" and
    "Stop" buttons. The English interface keeps Streamlit's own words.
    """
    if language != "vi":
        return ""
    return (
        "<style>"
        '[data-testid="stFileUploaderDropzoneInstructions"]{display:none}'
        f"{_relabel('[data-testid=stFileUploaderDropzone] button', t('upload_button'))}"
        f"{_relabel('[data-testid=stStatusWidget] button', t('stop_running'))}"
        "</style>"
    )


def _relabel(button: str, text: str) -> str:
    """Hide a Streamlit button's own words (its icon stays) and show ``text`` instead."""
    quoted = text.replace("\\", "").replace('"', "")
    words = f"{button} [data-testid=stMarkdownContainer]"
    return f'{words} p{{display:none}}{words}::after{{content:"{quoted}"}}'


def vietnamese_chrome() -> None:
    """Apply :func:`chrome_css` for the session's language (called once per run)."""
    css = chrome_css(lang())
    if css:
        st.html(css)


@st.cache_resource(show_spinner=False, max_entries=64)
def cached(key: str, _build: Callable[[], Any]) -> Any:
    """Build once per key (maps, workbooks, PDFs), shared across reruns and sessions."""
    return _build()


def show_table(table: Table, key: str | None = None) -> None:
    """A table built in planning/report, as the reader expects its numbers and dates."""
    frame = pd.DataFrame(table.texts(), columns=table.labels())
    st.dataframe(frame, hide_index=True, key=key)


def map_page(fmap: Any) -> str:
    """A map's page for the app itself: Leaflet from the app's own copy when it serves one
    (:func:`planning.report.offline.served_html`), else inlined (``offline_html``)."""
    from planning.report.offline import local_assets_available, offline_html, served_html

    if local_assets_available() and st.get_option("server.enableStaticServing"):
        return served_html(fmap)
    return offline_html(fmap)


def show_map(html: str, height: int = 560) -> None:
    """Show an offline map page in an iframe."""
    st.iframe(html, height=height)
