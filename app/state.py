"""Session state, set up in one place: named, typed keys, the working scenario, solved plans.

Every value the app keeps in ``st.session_state`` has a :class:`StateKey` below: its name, its type
and its default. Pages read and write through the keys (``RESULTS.get()``, ``JOB.set(job)``), never
through bare strings. Keys marked ``widget`` are also the keys of widgets (the widget owns the
value; the key is passed as ``key=KEY.name``), so reading them never stores a default.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any, Generic, Literal, TypeVar, cast

import streamlit as st

from planning.domain import Plan, RowChoice, Scenario, Visit
from planning.errors import InputError, Problem
from planning.io.communes_csv import communes_csv_text
from planning.io.points import points_csv_text
from planning.io.scenario import (
    DEFAULT_SCENARIO,
    LoadedScenario,
    available_scenarios,
    fingerprint,
    open_scenario,
    scenario_titles,
    scenario_to_toml,
)

if TYPE_CHECKING:
    from app.download_log import DownloadLog
    from app.runner import SolveJob, SweepJob
    from planning.campaign.replan import PromiseReplan
    from planning.drafting.request import NewScenarioOutcome, NewScenarioRequest
    from planning.io.actuals_files import ActualEntry
    from planning.results import SolveResult
    from planning.solver import WhatItTakes
    from planning.variants import Variant

T = TypeVar("T")


@dataclass(frozen=True)
class StateKey(Generic[T]):
    """One entry of the session state: its name in ``st.session_state`` and its default."""

    name: str
    default: Callable[[], T]
    #: The key of a widget: the widget sets the value, reading never stores the default.
    widget: bool = False

    def get(self) -> T:
        """The value (the default, stored for later runs unless this is a widget's key)."""
        if self.name in st.session_state:
            return cast(T, st.session_state[self.name])
        value = self.default()
        if not self.widget:
            st.session_state[self.name] = value
        return value

    def set(self, value: T) -> None:
        """Store ``value``."""
        st.session_state[self.name] = value

    def pop(self) -> T | None:
        """Remove the value and return it (None when there was none)."""
        return cast("T | None", st.session_state.pop(self.name, None))

    def present(self) -> bool:
        """True when the session holds a value."""
        return self.name in st.session_state


@dataclass(frozen=True)
class ReplanRun:
    """A re-plan started from the Progress page: what it was built from, where its result lands
    (:data:`REPLANS` under ``key``)."""

    work_key: str
    since: dt.date
    previous: Plan
    key: str


@dataclass
class IntakeAction:
    """Actual intake the planner asked to record (a form entry or a file), kept while the page
    asks what to do with records that repeat recorded ones."""

    kind: Literal["form", "import"]
    today: dt.date
    fingerprint: str
    visits: tuple[Visit, ...] = ()
    file: str = ""
    display_name: str = ""
    repeats: tuple[tuple[Visit, ActualEntry], ...] = ()
    #: Entries the log had when the page showed it (a recording merges with later ones).
    seen_entries: int | None = None


# --- the keys -----------------------------------------------------------------------------------

LANG: StateKey[str] = StateKey("lang", lambda: "vi", widget=True)
TILE_URL: StateKey[str] = StateKey("tile_url", str, widget=True)
SCENARIO_PATH: StateKey[str] = StateKey("scenario_path", lambda: str(DEFAULT_SCENARIO))
TIME_LIMIT: StateKey[int] = StateKey("time_limit", lambda: 15)
WORK: StateKey[Work | None] = StateKey("work", lambda: None)
#: Solved plans and what-if analyses of this session, by :func:`scenario_key` (or job key).
RESULTS: StateKey[dict[str, SolveResult]] = StateKey("results", dict)
WHATS: StateKey[dict[str, WhatItTakes]] = StateKey("whats", dict)
VARIANTS: StateKey[list[Variant]] = StateKey("variants", list)
VARIANT_TIME: StateKey[int] = StateKey("variant_time", lambda: 5, widget=True)
#: Why the last variant was not added (shown once under the form).
VARIANT_ERROR: StateKey[str | None] = StateKey("variant_error", lambda: None)
#: The Compare page's variants being solved (or the last run, kept for its failed/cancelled
#: variants), and how many of its outcomes the page has shown.
SWEEP_JOB: StateKey[SweepJob | None] = StateKey("sweep_job", lambda: None)
SWEEP_SEEN: StateKey[int] = StateKey("sweep_seen", int)
#: The background solve under way (one per session), and why the last one failed.
JOB: StateKey[SolveJob | None] = StateKey("job", lambda: None)
JOB_ERROR: StateKey[str | None] = StateKey("job_error", lambda: None)
#: This session's name in the server's queue of solves.
OWNER: StateKey[str] = StateKey("queue_owner", lambda: _new_owner())
#: Files uploaded in this session go to a folder named by this id.
UPLOAD_ID: StateKey[str] = StateKey(
    "upload_id", lambda: dt.datetime.now().strftime("%Y%m%d%H%M%S%f")
)
#: Documents asked for on the Export and Progress pages and how their builds ended.
DOWNLOADS: StateKey[DownloadLog] = StateKey("downloads", lambda: _download_log())
#: The Plan page's open table (only that tab runs).
PLAN_TAB: StateKey[str] = StateKey("plan_tab", str, widget=True)
# Data page
#: The Data page's open tab (its label): only that tab runs.
DATA_TAB: StateKey[str] = StateKey("data_tab", str, widget=True)
DRAFT: StateKey[tuple[NewScenarioRequest, NewScenarioOutcome, Scenario | None] | None] = StateKey(
    "draft", lambda: None
)
DRAFT_USED: StateKey[str | None] = StateKey("draft_used", lambda: None)
ALIASES: StateKey[dict[str, str]] = StateKey("aliases", dict)
SAVE_FOLDER: StateKey[str] = StateKey("save_folder", str, widget=True)
#: Which scenario the Save box's folder was proposed for (another one gets its own proposal).
SAVE_PROPOSED_FOR: StateKey[str] = StateKey("save_proposed_for", str)
#: The scenario picker's value (a TOML path) and a pick not yet opened (unsaved edits).
OPEN_CHOICE: StateKey[str] = StateKey("open_choice", str, widget=True)
PENDING_OPEN: StateKey[str | None] = StateKey("pending_open", lambda: None)
BASE_PICK_MAP: StateKey[dict[str, Any] | None] = StateKey(
    "base_pick_map", lambda: None, widget=True
)
BASE_PICK_CLICK: StateKey[dict[str, float] | None] = StateKey("base_pick_click", lambda: None)
BASE_PICKED: StateKey[tuple[str, float, float] | None] = StateKey("base_picked", lambda: None)
# Data page: intake points placed on the map
POINT_PICK_MAP: StateKey[dict[str, Any] | None] = StateKey(
    "point_pick_map", lambda: None, widget=True
)
POINT_PICK_CLICK: StateKey[dict[str, float] | None] = StateKey("point_pick_click", lambda: None)
POINT_PLACED: StateKey[tuple[str, float, float] | None] = StateKey("point_placed", lambda: None)
# Data page: a new scenario on a province's 2025 communes
AREA_PROVINCE: StateKey[str] = StateKey("area_province", str, widget=True)
AREA_CODES: StateKey[list[str]] = StateKey("area_codes", list, widget=True)
AREA_MAP: StateKey[dict[str, Any] | None] = StateKey("area_map", lambda: None, widget=True)
#: The planner's choices for open rows of a table mapped in this session (kept, and reused when
#: the same names come again; the open scenario's own choices are reused too).
ROW_CHOICES: StateKey[list[RowChoice]] = StateKey("row_choices", list)
# Progress page
TODAY_WIDGET: StateKey[dt.date] = StateKey("progress_today", dt.date.today, widget=True)
TODAY: StateKey[dt.date] = StateKey("today_value", dt.date.today)
FLASH: StateKey[list[tuple[str, str]]] = StateKey("progress_flash", list)
#: Per log file: its fingerprint and number of entries as the page last showed it.
ACTUALS_SEEN: StateKey[dict[str, tuple[str, int]]] = StateKey("actuals_seen", dict)
ACTUALS_PENDING: StateKey[IntakeAction | None] = StateKey("actuals_pending", lambda: None)
REPLAN: StateKey[ReplanRun | None] = StateKey("replan", lambda: None)
#: Re-plans of this session (:class:`planning.campaign.replan.PromiseReplan`) by job key.
REPLANS: StateKey[dict[str, PromiseReplan]] = StateKey("replans", dict)

#: Keys every session starts with (set by :func:`init_state` before any page runs).
SESSION_KEYS: tuple[StateKey[Any], ...] = (
    LANG,
    SCENARIO_PATH,
    TILE_URL,
    TIME_LIMIT,
    WORK,
    RESULTS,
    WHATS,
    VARIANTS,
    JOB,
)


def _new_owner() -> str:
    from app.runner import new_owner

    return new_owner()


def _download_log() -> DownloadLog:
    from app.download_log import DownloadLog

    return DownloadLog()


def init_state() -> None:
    """Give every session key its default once per session."""
    for key in SESSION_KEYS:
        if not key.present():
            key.set(key.default())


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
    #: The scenario as opened from its files: a save over them merges with what another planner
    #: saved meanwhile from the same version (``None`` for a new scenario).
    base: Scenario | None = None

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
        features = display_features(loaded.boundaries.features)
        loaded = replace(loaded, boundaries=replace(loaded.boundaries, features=features))
    return loaded


def display_features(features: Any) -> Any:
    """The outlines simplified for drawing (:func:`simplify_for_display`), once per content of
    the outlines: a scenario saved or opened again with the same boundaries (every save of a
    planner's settings or figures) does not simplify them again (0.04 s for a district, 0.2 s
    and more for a province, on each save)."""
    import shapely

    digest = hashlib.sha256(b"".join(shapely.to_wkb(features.geometry.values, hex=False)))
    digest.update(features.drop(columns=features.geometry.name).to_csv().encode())
    digest.update(str(features.crs).encode())
    return _simplified(digest.hexdigest(), features)


@st.cache_resource(show_spinner=False, max_entries=16)
def _simplified(digest: str, _features: Any) -> Any:
    """Simplified outlines by the digest of the raw ones (``_features`` is not hashed)."""
    from planning.io.boundaries import simplify_for_display

    return simplify_for_display(_features)


def open_work(path: str | Path) -> Work:
    """Open a scenario file as the session's working scenario (raises InputError)."""
    toml = Path(path)
    if toml.is_dir():
        toml = toml / "scenario.toml"
    loaded = _load(str(toml), fingerprint(toml))
    features = loaded.boundaries.features if loaded.boundaries is not None else None
    work = Work(
        loaded.scenario, features, toml, loaded.fingerprint, loaded.warnings, base=loaded.scenario
    )
    WORK.set(work)
    SCENARIO_PATH.set(str(toml))
    return work


def current_work() -> Work | InputError:
    """The session's working scenario (opening the default on first use), or why it failed."""
    work = WORK.get()
    if isinstance(work, Work):
        return work
    try:
        return open_work(SCENARIO_PATH.get())
    except InputError as exc:
        return exc


def set_scenario(scenario: Scenario, features: Any = None, *, keep_source: bool = True) -> Work:
    """Replace the working scenario by an edited one (same files unless ``keep_source`` is off)."""
    old = WORK.get()
    if keep_source and isinstance(old, Work):
        work = replace(
            old,
            scenario=scenario,
            edited=True,
            features=features if features is not None else old.features,
        )
    else:
        work = Work(scenario, features, None, None, (), True)
    WORK.set(work)
    return work


def scenario_key(scenario: Scenario) -> str:
    """A hash of everything that defines the scenario (settings, figures, venues, holidays)."""
    digest = hashlib.sha256()
    digest.update(scenario_to_toml(scenario).encode())
    digest.update(communes_csv_text(scenario.communes).encode())
    digest.update(points_csv_text(scenario.communes).encode())
    venues = [(c.code, c.venue.lat, c.venue.lon) for c in scenario.communes if c.venue]
    venues += [
        (p.point_id, p.location.lat, p.location.lon)
        for p in scenario.points
        if p.location and not p.implicit
    ]
    digest.update(repr((venues, sorted(scenario.calendar.holidays))).encode())
    return digest.hexdigest()[:16]


def scenario_choices() -> dict[str, Path]:
    """Scenarios found in scenarios/ (shipped and saved by users), default first."""
    return available_scenarios()


def scenario_picker_titles(paths: list[str]) -> dict[str, str]:
    """The picker's title of each scenario TOML (:func:`scenario_titles`), read again only when
    one of the files changed: the Data page shows the picker on every run, and reading every
    scenario's TOML each time cost every run of every planner's page a few milliseconds per
    scenario."""
    stamps = []
    for path in paths:
        try:
            stat = Path(path).stat()
            stamps.append((path, stat.st_ino, stat.st_mtime_ns, stat.st_size))
        except OSError:
            stamps.append((path, -1, -1, -1))
    return _picker_titles(tuple(stamps))


@st.cache_data(show_spinner=False, max_entries=32)
def _picker_titles(stamps: tuple[tuple[str, int, int, int], ...]) -> dict[str, str]:
    """Titles by path; the (path, inode, mtime, size) ``stamps`` make a rewritten file a new
    key (a save replaces the file: a new inode)."""
    titles = scenario_titles([Path(path) for path, *_ in stamps])
    return {str(path): title for path, title in titles.items()}
