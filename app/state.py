"""Session state, set up in one place: the working scenario, cached loading, solved plans."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

import streamlit as st

from planning.domain import Scenario
from planning.errors import InputError, Problem
from planning.io.communes_csv import communes_csv_text
from planning.io.scenario import (
    DEFAULT_SCENARIO,
    LoadedScenario,
    available_scenarios,
    fingerprint,
    open_scenario,
    scenario_to_toml,
)

DEFAULTS: dict[str, Any] = {
    "lang": "vi",
    "scenario_path": str(DEFAULT_SCENARIO),
    "tile_url": "",
    "time_limit": 15,
    "work": None,
    "results": {},
    "whats": {},
    "variants": [],
    "job": None,
}


def init_state() -> None:
    """Give every session-state key its default once per session."""
    for key, value in DEFAULTS.items():
        if key not in st.session_state:
            st.session_state[key] = value.copy() if isinstance(value, dict | list) else value


@dataclass(frozen=True)
class Work:
    """The scenario the planner works on, possibly edited in memory since it was opened.

    ``path``/``fingerprint`` say which saved files it came from (``None`` for a new scenario
    built from uploads); ``features`` are the display-simplified boundaries (or ``None``).
    """

    scenario: Scenario
    features: Any
    path: Path | None
    fingerprint: str | None
    warnings: tuple[Problem, ...] = ()
    edited: bool = False

    @property
    def shipped(self) -> bool:
        """True when the files are one of the scenarios shipped with the tool."""
        from planning.io.scenario import is_shipped

        return self.path is not None and is_shipped(self.path)


@st.cache_resource(show_spinner=False, max_entries=8)
def _load(path: str, fp: str) -> LoadedScenario:
    """Load a scenario once per content version (fingerprint), boundaries simplified for display."""
    del fp  # part of the cache key only
    loaded = open_scenario(path)
    if loaded.boundaries is not None:
        from planning.io.boundaries import simplify_for_display

        features = simplify_for_display(loaded.boundaries.features)
        loaded = replace(loaded, boundaries=replace(loaded.boundaries, features=features))
    return loaded


def open_work(path: str | Path) -> Work:
    """Open a scenario file as the session's working scenario (raises InputError)."""
    toml = Path(path)
    if toml.is_dir():
        toml = toml / "scenario.toml"
    loaded = _load(str(toml), fingerprint(toml))
    features = loaded.boundaries.features if loaded.boundaries is not None else None
    work = Work(loaded.scenario, features, toml, loaded.fingerprint, loaded.warnings)
    st.session_state["work"] = work
    st.session_state["scenario_path"] = str(toml)
    return work


def current_work() -> Work | InputError:
    """The session's working scenario (opening the default on first use), or why it failed."""
    work = st.session_state.get("work")
    if isinstance(work, Work):
        return work
    try:
        return open_work(st.session_state["scenario_path"])
    except InputError as exc:
        return exc


def set_scenario(scenario: Scenario, features: Any = None, *, keep_source: bool = True) -> Work:
    """Replace the working scenario by an edited one (same files unless ``keep_source`` is off)."""
    old = st.session_state.get("work")
    if keep_source and isinstance(old, Work):
        work = replace(
            old,
            scenario=scenario,
            edited=True,
            features=features if features is not None else old.features,
        )
    else:
        work = Work(scenario, features, None, None, (), True)
    st.session_state["work"] = work
    return work


def scenario_key(scenario: Scenario) -> str:
    """A hash of everything that defines the scenario (settings, figures, venues, holidays)."""
    digest = hashlib.sha256()
    digest.update(scenario_to_toml(scenario).encode())
    digest.update(communes_csv_text(scenario.communes).encode())
    venues = [(c.code, c.venue.lat, c.venue.lon) for c in scenario.communes if c.venue]
    digest.update(repr((venues, sorted(scenario.calendar.holidays))).encode())
    return digest.hexdigest()[:16]


def scenario_choices() -> dict[str, Path]:
    """Scenarios found in scenarios/ (shipped and saved by users), default first."""
    return available_scenarios()


def result_for(scenario: Scenario) -> Any:
    """The latest solved plan of this scenario in this session (any time limit), or None."""
    found: Any = st.session_state["results"].get(scenario_key(scenario))
    return found
