"""Download buttons whose file is made when pressed, and a message on the page when that fails.

Streamlit runs a deferred download's function in a thread of its own, outside any page run, and
only tells the browser "Failed to generate file for download" for five seconds when it raises.
So each session keeps a :class:`DownloadLog` of the documents whose last build failed, and a
failed build reruns the planner's page (:func:`app.wake.session_waker`), which then says which
document could not be made and why, in the reader's language, until it is made again.

The buttons do not rerun the page when pressed (``on_click="ignore"``): a rerun registers the
page's download functions anew and drops the old ones, so a press whose request reached the
server after its own rerun found no function to run (the download failed at random).
"""

from __future__ import annotations

from collections.abc import Callable

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app.download_log import DownloadLog
from app.i18n import lang, t
from app.state import DOWNLOADS
from app.ui import cached
from app.wake import session_waker
from planning.errors import InputError
from planning.report.documents import Document

#: Icons of the buttons by file type.
ICONS = {
    "application/pdf": ":material/description:",
    "text/html": ":material/map:",
    "text/plain": ":material/article:",
    "application/vnd.openxmlformats-officedocument.presentationml.presentation": (
        ":material/slideshow:"
    ),
}
DEFAULT_ICON = ":material/table_view:"


def reason_text(exc: BaseException, language: str) -> str:
    """Why a build failed, for the reader: the problems of an input error, else the error."""
    if isinstance(exc, InputError) and exc.problems:
        return " ".join(p.render(language) for p in exc.problems)
    return f"{type(exc).__name__}: {exc}"


def deferred(
    log: DownloadLog,
    key: str,
    title: str,
    build: Callable[[], bytes],
    language: str,
    wake: Callable[[], None] = lambda: None,
) -> Callable[[], bytes]:
    """The button's data: build (once per ``key``, shared by sessions) and record how it ended;
    a failure reruns the page (``wake``) so that it says so."""

    def make() -> bytes:
        try:
            data = bytes(cached(key, build))
        except Exception as exc:
            log.end(key, title, reason_text(exc, language))
            wake()
            raise
        log.end(key, title, None)
        return data

    return make


def document_button(
    where: DeltaGenerator, document: Document, cache_key: str, help: str | None = None
) -> None:
    """A download button for ``document``, built when pressed and cached under ``cache_key``."""
    log = DOWNLOADS.get()
    title = document.title(lang())
    key = f"{document.key}|{cache_key}"
    where.download_button(
        title,
        deferred(log, key, title, document.build, lang(), session_waker()),
        document.file_name,
        document.mime,
        key=f"dl_{document.key}",
        icon=ICONS.get(document.mime, DEFAULT_ICON),
        on_click="ignore",
        help=help,
    )


def download_notes() -> None:
    """Say which documents could not be made (the last time they were asked for)."""
    for title, reason in DOWNLOADS.get().failed():
        st.error(t("download_failed").format(name=title, reason=reason))
