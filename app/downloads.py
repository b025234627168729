"""Download buttons whose file is made when pressed, and a message on the page when that fails.

Streamlit runs a deferred download's function in a thread of its own, outside any page run, and
only tells the browser "Failed to generate file for download" for five seconds when it raises.
So each session keeps a :class:`DownloadLog`: a press is *asked* (the button's ``on_click``, at
the start of the run the press triggers), the build *ends* (done or failed, in Streamlit's
thread). While a build asked for has not ended, a small fragment looks twice a second and reruns
the page once it has, so a failure is shown as a plain message under the buttons, in the
reader's language, until that document is made again.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field

import streamlit as st
from streamlit.delta_generator import DeltaGenerator

from app.i18n import lang, t
from app.state import DOWNLOADS
from app.ui import cached
from planning.errors import InputError
from planning.report.documents import Document

#: A build asked for more than this long ago and never ended is no longer waited for.
WAIT_AT_MOST_S = 300.0
#: Icons of the buttons by file type.
ICONS = {
    "application/pdf": ":material/description:",
    "text/html": ":material/map:",
    "text/plain": ":material/article:",
}
DEFAULT_ICON = ":material/table_view:"


@dataclass
class DownloadLog:
    """Per session: documents asked for and how their last builds ended (thread-safe)."""

    asked: dict[str, int] = field(default_factory=dict)
    asked_at: dict[str, float] = field(default_factory=dict)
    ended: dict[str, int] = field(default_factory=dict)
    #: key → (document title, reason) of the last build when it failed.
    failures: dict[str, tuple[str, str]] = field(default_factory=dict)
    lock: threading.Lock = field(default_factory=threading.Lock, repr=False)

    def ask(self, key: str) -> None:
        """The planner pressed the button of ``key``."""
        with self.lock:
            self.asked[key] = self.asked.get(key, 0) + 1
            self.asked_at[key] = time.monotonic()

    def end(self, key: str, title: str, reason: str | None) -> None:
        """A build of ``key`` ended: made (``reason`` None) or failed."""
        with self.lock:
            self.ended[key] = self.ended.get(key, 0) + 1
            if reason is None:
                self.failures.pop(key, None)
            else:
                self.failures[key] = (title, reason)

    def pending(self) -> bool:
        """True while a build asked for (recently) has not ended."""
        now = time.monotonic()
        with self.lock:
            return any(
                n > self.ended.get(key, 0) and now - self.asked_at.get(key, now) < WAIT_AT_MOST_S
                for key, n in self.asked.items()
            )

    def failed(self) -> list[tuple[str, str]]:
        """(title, reason) of every document whose last build failed."""
        with self.lock:
            return list(self.failures.values())


def reason_text(exc: BaseException, language: str) -> str:
    """Why a build failed, for the reader: the problems of an input error, else the error."""
    if isinstance(exc, InputError) and exc.problems:
        return " ".join(p.render(language) for p in exc.problems)
    return f"{type(exc).__name__}: {exc}"


def deferred(
    log: DownloadLog, key: str, title: str, build: Callable[[], bytes], language: str
) -> Callable[[], bytes]:
    """The button's data: build (once per ``key``, shared by sessions), record how it ended."""

    def make() -> bytes:
        try:
            data = bytes(cached(key, build))
        except Exception as exc:
            log.end(key, title, reason_text(exc, language))
            raise
        log.end(key, title, None)
        return data

    return make


def document_button(where: DeltaGenerator, document: Document, cache_key: str) -> None:
    """A download button for ``document``, built when pressed and cached under ``cache_key``."""
    log = DOWNLOADS.get()
    title = document.title(lang())
    key = f"{document.key}|{cache_key}"
    where.download_button(
        title,
        deferred(log, key, title, document.build, lang()),
        document.file_name,
        document.mime,
        key=f"dl_{document.key}",
        icon=ICONS.get(document.mime, DEFAULT_ICON),
        on_click=lambda: log.ask(key),
    )


@st.fragment(run_every=0.5)
def _wait_for_builds() -> None:
    """Rerun the page once every build asked for has ended (runs only while one has not)."""
    if not DOWNLOADS.get().pending():
        st.rerun(scope="app")


def download_notes() -> None:
    """Say which documents could not be made; wait for the builds still under way."""
    log = DOWNLOADS.get()
    for title, reason in log.failed():
        st.error(t("download_failed").format(name=title, reason=reason))
    if log.pending():
        _wait_for_builds()
