"""Session state, set up in one place, and cached loading of scenarios and maps."""

from __future__ import annotations

from pathlib import Path

import streamlit as st

from planning.errors import InputError
from planning.report.maps import coverage_map
from planning.report.offline import offline_html
from planning.scenario_io import DEFAULT_SCENARIO, LoadedScenario, embedded_scenarios, open_scenario

DEFAULTS = {"lang": "vi", "scenario_path": str(DEFAULT_SCENARIO)}


def init_state() -> None:
    """Give every session-state key its default once per session."""
    for key, value in DEFAULTS.items():
        st.session_state.setdefault(key, value)


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(path: str, fingerprint: str) -> LoadedScenario:
    """Load a scenario once per content version (fingerprint) and share it across sessions."""
    del fingerprint  # part of the cache key only
    loaded = open_scenario(path)
    if loaded.boundaries is not None:
        from planning.boundaries import simplify_for_display

        features = simplify_for_display(loaded.boundaries.features)
        from dataclasses import replace

        loaded = replace(loaded, boundaries=replace(loaded.boundaries, features=features))
    return loaded


def current_scenario() -> LoadedScenario | InputError:
    """The session's scenario, or the error that stops it from loading."""
    from planning.scenario_io import fingerprint

    path = Path(st.session_state["scenario_path"])
    try:
        return _load(str(path), fingerprint(path))
    except InputError as exc:
        return exc


@st.cache_data(show_spinner=False, max_entries=32)
def coverage_html(path: str, fingerprint: str, metric: str, lang: str) -> str:
    """The offline HTML of a coverage map, cached per scenario version, metric and language."""
    loaded = _load(path, fingerprint)
    fmap = coverage_map(loaded.scenario, loaded.boundaries.features, metric, lang)
    return offline_html(fmap)


def embedded_choices() -> dict[str, Path]:
    """Embedded scenarios by folder name."""
    return embedded_scenarios()
