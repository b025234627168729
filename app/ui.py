"""Small helpers shared by the pages: plain error messages, cached HTML and export bytes."""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

import pandas as pd
import streamlit as st

from app.i18n import lang, t
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


@st.cache_resource(show_spinner=False, max_entries=64)
def cached(key: str, _build: Callable[[], Any]) -> Any:
    """Build once per key (maps, workbooks, PDFs), shared across reruns and sessions."""
    return _build()


def show_table(table: Table, key: str | None = None) -> None:
    """A table built in planning/report, as the reader expects its numbers and dates."""
    frame = pd.DataFrame(table.texts(), columns=table.labels())
    st.dataframe(frame, hide_index=True, key=key)


def show_map(html: str, height: int = 560) -> None:
    """Show an offline map page in an iframe."""
    st.iframe(html, height=height)
