"""A scenario folder's files change together or not at all: lock, journal, versions.

A scenario is several files in one folder (``scenario.toml``, ``communes.csv`` and whatever is
saved with them, e.g. an uploaded boundary file). Renaming each file atomically is not enough:
a crash between two renames would leave the TOML of one version beside the CSV of another. So a
save is a small transaction (:func:`commit_files`), always under the folder's lock
``.scenario.lock`` (:func:`planning.io.files.file_lock`):

1. every new file is written into a staging folder ``.save-<random>/`` and flushed to disk;
2. the files about to be replaced are copied to ``.versions/.tmp-<random>/``;
3. the journal ``.save-journal.json`` is written atomically; it names the staging folder, the
   files and the version folder's final name. **This is the commit point**: before it, the save
   is invisible (the old files are untouched); after it, the save will complete;
4. the version folder is renamed to ``.versions/<timestamp>/``, each staged file is renamed
   over its target, then the journal and the staging folder are removed;
5. ``.versions/`` is pruned (:data:`KEEP_LAST_VERSIONS`, one a day; see :func:`prune_versions`).

Whoever takes the lock next — a save or a load, in any process — first finishes a committed save
whose journal it finds (roll forward: every rename is repeated if its source still exists) and
removes what an uncommitted one left (staging folders, half-copied versions, temporary files).
So after a crash at any point, the folder reads as exactly the old or exactly the new version.

Two planners who opened the same version and both save: the second save finds the files changed
(:class:`planning.io.scenario.ScenarioChangedError`); :func:`merge_scenarios` then merges the two
sets of edits where they do not overlap (a commune or team field only one of them changed) and
names what overlaps, in which case nothing is written. Where to propose saving a scenario
(:func:`proposed_save_folder`) is decided here too.

Readers hold the same lock while they read the scenario's own files (a few kB, milliseconds),
so they never see a save half-way. A folder where no lock file exists was never saved by this
code; it is read without creating one (shipped scenarios stay untouched), and read again under the
lock if a saver appeared meanwhile. A read-only folder is read without a lock: nobody can save
there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import errno
import json
import secrets
import shutil
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, TypeVar

from planning.io.files import (
    LOCK_TIMEOUT_S,
    atomic_write_text,
    file_lock,
    fsync_folder,
    write_new_file,
)
from planning.names import ascii_slug

LOCK_FILE = ".scenario.lock"
JOURNAL_FILE = ".save-journal.json"
STAGING_PREFIX = ".save-"
VERSIONS_DIR = ".versions"
_VERSION_TEMP_PREFIX = ".tmp-"
#: Pruning policy of ``.versions/``: the newest :data:`KEEP_LAST_VERSIONS` versions are kept,
#: and of the older ones the last version of each calendar day.
KEEP_LAST_VERSIONS = 50

T = TypeVar("T")


@contextmanager
def scenario_lock(folder: Path, timeout_s: float = LOCK_TIMEOUT_S) -> Iterator[None]:
    """Hold the folder's save lock; finish or clean up an interrupted save first."""
    with file_lock(folder / LOCK_FILE, timeout_s):
        recover(folder)
        yield


def read_consistently(folder: Path, read: Callable[[], T]) -> T:
    """Run ``read`` (which reads the scenario's own files) so that no save is seen half-way."""
    lock = folder / LOCK_FILE
    if not lock.exists():
        result = read()
        if not lock.exists():  # no saver started meanwhile (a saver creates the lock first)
            return result
    try:
        with scenario_lock(folder):
            return read()
    except PermissionError:  # a read-only folder: nobody can save there either
        return read()
    except OSError as exc:
        if exc.errno == errno.EROFS:
            return read()
        raise


def recover(folder: Path) -> None:
    """Finish a committed save (journal present) and remove what an unfinished one left.

    Call with the folder's lock held.
    """
    journal = folder / JOURNAL_FILE
    if journal.exists():
        entry = json.loads(journal.read_text("utf-8"))
        staging = folder / entry["staging"]
        version = entry.get("version")
        if version:
            pending = folder / VERSIONS_DIR / entry["version_temp"]
            if pending.exists():
                pending.replace(folder / VERSIONS_DIR / version)
        for name in entry["files"]:
            source = staging / name
            if source.exists():
                source.replace(folder / name)
        fsync_folder(folder)
        journal.unlink()
        fsync_folder(folder)
    for leftover in folder.glob(f"{STAGING_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)
    for leftover in folder.glob(f".{JOURNAL_FILE}.*.tmp"):  # a journal never written whole
        leftover.unlink(missing_ok=True)
    for leftover in (folder / VERSIONS_DIR).glob(f"{_VERSION_TEMP_PREFIX}*"):
        shutil.rmtree(leftover, ignore_errors=True)


def _version_name(versions: Path) -> str:
    """A new version folder name that sorts by time and is not taken yet."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    name, n = stamp, 1
    while (versions / name).exists():
        n += 1
        name = f"{stamp}-{n}"
    return name


def _stage_version(folder: Path, names: list[str]) -> tuple[str, str] | None:
    """Copy the files about to be replaced to a temporary version folder: (temp, final) names."""
    current = [folder / name for name in names if (folder / name).is_file()]
    if not current:
        return None
    versions = folder / VERSIONS_DIR
    versions.mkdir(exist_ok=True)
    temp = versions / f"{_VERSION_TEMP_PREFIX}{secrets.token_hex(6)}"
    temp.mkdir()
    for path in current:
        shutil.copy2(path, temp / path.name)
    return temp.name, _version_name(versions)


def commit_files(folder: Path, files: Mapping[str, bytes]) -> Path | None:
    """Replace the folder's files by ``files`` (name → bytes) all together; keep the old ones.

    Call with :func:`scenario_lock` held. Returns the version folder holding the replaced files
    (``None`` when none existed).
    """

    folder.mkdir(parents=True, exist_ok=True)
    staging = folder / f"{STAGING_PREFIX}{secrets.token_hex(6)}"
    staging.mkdir()
    for name, data in files.items():
        write_new_file(staging / name, data)
    fsync_folder(staging)
    version = _stage_version(folder, list(files))
    entry: dict[str, object] = {"staging": staging.name, "files": list(files)}
    if version is not None:
        entry |= {"version_temp": version[0], "version": version[1]}
        fsync_folder(folder / VERSIONS_DIR)
    atomic_write_text(folder / JOURNAL_FILE, json.dumps(entry, ensure_ascii=False))
    recover(folder)  # the commit is durable: the same roll-forward a later reader would do
    prune_versions(folder)
    return folder / VERSIONS_DIR / version[1] if version is not None else None


def list_version_folders(folder: Path) -> list[Path]:
    """The kept versions of the scenario in ``folder``, oldest first."""
    versions = folder / VERSIONS_DIR
    if not versions.is_dir():
        return []
    return sorted(
        p for p in versions.iterdir() if p.is_dir() and not p.name.startswith(_VERSION_TEMP_PREFIX)
    )


def versions_to_keep(names: list[str], keep_last: int = KEEP_LAST_VERSIONS) -> set[str]:
    """The policy: the newest ``keep_last`` names, plus the newest of each day among the rest.

    Names start with ``YYYYMMDD-`` (the day of the save) and sort by time.
    """
    ordered = sorted(names)
    keep = set(ordered[-keep_last:]) if keep_last > 0 else set()
    last_of_day: dict[str, str] = {}
    for name in ordered:
        last_of_day[name[:8]] = name
    return keep | set(last_of_day.values())


def prune_versions(folder: Path, keep_last: int = KEEP_LAST_VERSIONS) -> list[Path]:
    """Remove kept versions outside :func:`versions_to_keep`; return the removed folders."""
    found = list_version_folders(folder)
    keep = versions_to_keep([p.name for p in found], keep_last)
    removed = [p for p in found if p.name not in keep]
    for path in removed:
        shutil.rmtree(path, ignore_errors=True)
    return removed


# --- where to save: the save-as policy -----------------------------------------------------------

#: Folder suffix of a copy of a scenario shipped with the tool ("bản sao": copy).
COPY_SUFFIX = "_ban_sao"


def folder_slug(name: str) -> str:
    """A folder name from a scenario name: ASCII letters, digits and "_" only.

    "Trùng Khánh, 12/2022" → "trung_khanh"; a name with "/" (a date) must not become nested
    folders.
    """
    return ascii_slug(name.split(",")[0], "_") or "kich_ban"


def proposed_save_folder(name: str, path: Path | None, shipped: bool, scenarios_dir: Path) -> str:
    """The folder a Save box proposes for a scenario named ``name`` opened from ``path``
    (``None``: never saved), relative to the folder holding ``scenarios_dir`` when it is below it.

    A planner's own saved scenario: its folder (saving there keeps the versions). A scenario
    shipped with the tool: a copy named after it (``<name>_ban_sao``), never the shipped folder.
    A new scenario: a folder named after the scenario itself. A name already taken by another
    scenario gets ``_2``, ``_3``….
    """
    root = scenarios_dir.parent
    if path is not None and not shipped:
        folder = path.parent
        return str(folder.relative_to(root)) if root in folder.parents else str(folder)
    stem = folder_slug(name) + (COPY_SUFFIX if shipped else "")
    candidate, n = stem, 1
    while (scenarios_dir / candidate / "scenario.toml").exists():
        n += 1
        candidate = f"{stem}_{n}"
    return str((scenarios_dir / candidate).relative_to(root))


def save_target(folder: str, scenarios_dir: Path) -> Path:
    """The scenario.toml a typed folder (relative to the project, absolute, or a .toml path)
    means."""
    path = Path(folder.strip()).expanduser()
    if not path.is_absolute():
        path = scenarios_dir.parent / path
    return path if path.suffix == ".toml" else path / "scenario.toml"


# --- two planners saved the same scenario: merge what does not overlap ---------------------------


@dataclass(frozen=True)
class Merge:
    """A three-way merge of a scenario: the result, what was taken from the other save, and
    what both changed differently (then nothing is merged)."""

    scenario: Any
    taken: tuple[str, ...]
    conflicts: tuple[str, ...]


def _record_merge(
    where: str, base: Any, mine: Any, theirs: Any, taken: list[str], conflicts: list[str]
) -> Any:
    """Field by field: what only one side changed wins; both changed alike is fine; both changed
    differently is a conflict (``where.field``)."""
    if mine == theirs:
        return mine
    if base is None or not dataclasses.is_dataclass(base):
        if mine == base:
            taken.append(where)
            return theirs
        if theirs == base:
            return mine
        conflicts.append(where)
        return mine
    values = {}
    for f in dataclasses.fields(base):
        b, m, t = getattr(base, f.name), getattr(mine, f.name), getattr(theirs, f.name)
        if m == t:
            values[f.name] = m
        elif m == b:
            values[f.name] = t
            taken.append(f"{where}.{f.name}")
        elif t == b:
            values[f.name] = m
        else:
            conflicts.append(f"{where}.{f.name}")
            values[f.name] = m
    return dataclasses.replace(mine, **values)


def _keyed_merge(
    kind: str,
    key: Callable[[Any], str],
    base: Sequence[Any],
    mine: Sequence[Any],
    theirs: Sequence[Any],
    taken: list[str],
    conflicts: list[str],
) -> tuple[Any, ...]:
    """Records keyed by ``key`` (communes by code, teams by id): each merged on its own; one
    added or removed on one side only follows that side. Order: theirs, then mine's new ones."""
    b, m, t = ({key(r): r for r in rows} for rows in (base, mine, theirs))
    order = [key(r) for r in theirs] + [key(r) for r in mine if key(r) not in t]
    out = []
    for k in order:
        where = f"{kind} {k}"
        in_b, in_m, in_t = k in b, k in m, k in t
        if in_m and in_t:
            out.append(_record_merge(where, b.get(k), m[k], t[k], taken, conflicts))
        elif in_t and not in_m:
            if not in_b:
                taken.append(where)  # added by the other planner
                out.append(t[k])
            elif t[k] != b[k]:
                conflicts.append(where)  # removed here, changed there
        elif in_m and not in_t:
            if not in_b:
                out.append(m[k])  # added here
            elif m[k] != b[k]:
                conflicts.append(where)  # changed here, removed there
            else:
                taken.append(where)  # removed there
    return tuple(out)


def merge_scenarios(base: Any, mine: Any, theirs: Any) -> Merge:
    """Merge this planner's edits (``mine``, made from ``base``) with another planner's save
    (``theirs``, also made from ``base``): communes by code and teams by id, each field on its
    own, the other settings field by field. Anything both changed differently is a conflict."""
    taken: list[str] = []
    conflicts: list[str] = []
    values = {}
    for f in dataclasses.fields(base):
        b, m, t = getattr(base, f.name), getattr(mine, f.name), getattr(theirs, f.name)
        if f.name == "communes":
            values[f.name] = _keyed_merge("commune", lambda c: c.code, b, m, t, taken, conflicts)
        elif f.name == "teams":
            values[f.name] = _keyed_merge("team", lambda x: x.team_id, b, m, t, taken, conflicts)
        else:
            values[f.name] = _record_merge(f.name, b, m, t, taken, conflicts)
    return Merge(dataclasses.replace(mine, **values), tuple(taken), tuple(conflicts))
