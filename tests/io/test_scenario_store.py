"""Scenario saves survive crashes and races: killed savers, two savers at once, pruning, umask.

The savers are real processes (``os.fork`` of the test process, so they start in milliseconds)
killed with SIGKILL — no clean-up code of theirs runs, as after a power cut or ``kill -9``.
After every run the scenario must load as exactly one of the versions written: its TOML (the
name) and its CSV (a figure) from the same save.
"""

from __future__ import annotations

import os
import random
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import replace
from pathlib import Path

import pytest

from planning.domain import Scenario
from planning.io.geodata import GEODATA_ENV_VAR
from planning.io.scenario import (
    ScenarioChangedError,
    ScenarioExistsError,
    list_versions,
    load_scenario,
    open_scenario,
    save_scenario,
)
from planning.io.scenario_store import (
    JOURNAL_FILE,
    KEEP_LAST_VERSIONS,
    prune_versions,
    versions_to_keep,
)
from tests.conftest import THREE_DIR, tree_snapshot

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="fork and SIGKILL are POSIX")

EXIT_SAVED, EXIT_REFUSED, EXIT_FAILED = 0, 3, 4


def _version(scenario: Scenario, k: int) -> Scenario:
    """Version ``k``: its number is both in the TOML (name) and in the CSV (first commune)."""
    first = replace(scenario.communes[0], not_issued=1000 + k)
    return replace(scenario, name=f"phiên bản {k}", communes=(first, *scenario.communes[1:]))


def _version_number(path: Path) -> int:
    """The version a folder loads as; fails when its TOML and CSV come from different saves."""
    scenario = load_scenario(path)
    from_toml = int(scenario.name.removeprefix("phiên bản "))
    assert scenario.communes[0].not_issued == 1000 + from_toml, "TOML and CSV of different saves"
    return from_toml


def _leftovers(folder: Path) -> list[str]:
    """Temporary files, staging folders, journals and half-copied versions left in ``folder``."""
    names = [p.name for p in folder.iterdir()]
    names += [f".versions/{p.name}" for p in (folder / ".versions").glob(".tmp-*")]
    return [n for n in names if n.endswith(".tmp") or n.startswith((".save-", ".versions/"))]


def _child(body: Callable[[], int]) -> int:
    """Run ``body`` in a forked process; return its pid (the child never returns)."""
    pid = os.fork()
    if pid == 0:  # pragma: no cover - runs in the child
        code = EXIT_FAILED
        try:
            code = body()
        finally:
            os._exit(code)
    return pid


def _exit_code(pid: int) -> int:
    _, status = os.waitpid(pid, 0)
    return os.waitstatus_to_exitcode(status)


@pytest.fixture
def saved_v0(scenario_copy, monkeypatch: pytest.MonkeyPatch) -> tuple[Path, Scenario]:
    # A copy saved elsewhere still finds the made-up area's boundary file.
    monkeypatch.setenv(GEODATA_ENV_VAR, str(THREE_DIR))
    path = scenario_copy(THREE_DIR)
    base = _version(load_scenario(path), 0)
    save_scenario(base, path)
    return path, base


def test_a_saver_killed_at_random_moments_leaves_one_whole_version(saved_v0) -> None:
    """20+ SIGKILLs of a process saving in a loop: every time, one whole version loads."""
    path, base = saved_v0
    rng = random.Random(11)
    newest, mid_save = 0, 0
    for trial in range(24):
        read_end, write_end = os.pipe()

        def save_forever(start: int = newest + 1, write_end: int = write_end) -> int:
            k = start
            while True:
                save_scenario(_version(base, k), path)
                if k == start:
                    os.write(write_end, b"1")
                k += 1

        pid = _child(save_forever)
        os.close(write_end)
        assert os.read(read_end, 1) == b"1", "the saver never saved"
        os.close(read_end)
        time.sleep(rng.uniform(0, 0.03 if trial % 2 else 0.003))
        os.kill(pid, signal.SIGKILL)
        assert _exit_code(pid) == -signal.SIGKILL
        mid_save += (path.parent / JOURNAL_FILE).exists() or any(
            p.name.startswith(".save-") for p in path.parent.iterdir()
        )
        loaded = _version_number(path)
        assert loaded > newest  # the first save of this run was complete before the kill
        newest = loaded
        assert _leftovers(path.parent) == []
    assert len(list_versions(path)) <= KEEP_LAST_VERSIONS + 2  # pruned (one a day on top)
    assert mid_save > 0  # some kills did land inside a save


def _count_steps_then_die(kill_at: int) -> None:
    """In a child: SIGKILL this process at its ``kill_at``-th disk step (fsync or rename)."""
    steps = [0]
    real_fsync, real_replace = os.fsync, os.replace

    def step() -> None:
        steps[0] += 1
        if steps[0] == kill_at:
            os.kill(os.getpid(), signal.SIGKILL)

    def fsync(fd: int) -> None:
        step()
        real_fsync(fd)

    def replace_(source: str | Path, target: str | Path) -> None:
        step()
        real_replace(source, target)

    os.fsync, os.replace = fsync, replace_  # type: ignore[assignment]


def test_a_saver_killed_at_every_step_of_a_save_leaves_one_whole_version(saved_v0) -> None:
    """Kill at the 1st, 2nd, … disk step of one save (between the two renames included)."""
    path, base = saved_v0
    outcomes = []
    for kill_at in range(1, 100):
        before = _version_number(path)

        def save_once(kill_at: int = kill_at, k: int = before + 1) -> int:
            _count_steps_then_die(kill_at)
            save_scenario(_version(base, k), path)
            return EXIT_SAVED

        code = _exit_code(_child(save_once))
        after = _version_number(path)
        assert after in (before, before + 1)
        assert _leftovers(path.parent) == []
        outcomes.append(after - before)
        if code == EXIT_SAVED:
            break
    else:
        pytest.fail("a save never finished")
    # Killed before the commit point: the old version; after it: the new one; then it completes.
    assert outcomes[0] == 0 and outcomes[-1] == 1
    assert 0 in outcomes[:-1] and 1 in outcomes[:-1]
    assert outcomes == sorted(outcomes)


def test_two_savers_at_the_same_moment_one_is_refused_never_lost(saved_v0) -> None:
    """20+ races of two processes saving from the same loaded version."""
    path, base = saved_v0
    for _trial in range(22):
        loaded = open_scenario(path)
        start = _version_number(path)
        gate_read, gate_write = os.pipe()
        mine = {}
        for offset in (1, 2):
            k = start + offset

            def save_when_told(
                k: int = k, gate: int = gate_read, seen: str = loaded.fingerprint
            ) -> int:
                os.read(gate, 1)
                try:
                    save_scenario(_version(base, k), path, expected_fingerprint=seen)
                except ScenarioChangedError:
                    return EXIT_REFUSED
                return EXIT_SAVED

            mine[_child(save_when_told)] = k
        os.close(gate_read)
        os.write(gate_write, b"GO")  # both start at once
        os.close(gate_write)
        codes = {pid: _exit_code(pid) for pid in mine}
        assert sorted(codes.values()) == [EXIT_SAVED, EXIT_REFUSED], codes
        winner = next(mine[pid] for pid, code in codes.items() if code == EXIT_SAVED)
        assert _version_number(path) == winner
        assert _leftovers(path.parent) == []


def test_a_later_save_from_an_old_version_is_refused(saved_v0) -> None:
    path, base = saved_v0
    old = open_scenario(path)
    save_scenario(_version(base, 1), path, expected_fingerprint=old.fingerprint)
    with pytest.raises(ScenarioChangedError):
        save_scenario(_version(base, 2), path, expected_fingerprint=old.fingerprint)
    assert _version_number(path) == 1


def test_save_as_never_overwrites_a_scenario_saved_meanwhile(saved_v0) -> None:
    path, base = saved_v0
    with pytest.raises(ScenarioExistsError):
        save_scenario(_version(base, 5), path, must_be_new=True)
    assert _version_number(path) == 0
    other = path.parent.parent / "new_one" / "scenario.toml"
    save_scenario(_version(base, 5), other, must_be_new=True)
    assert _version_number(other) == 5


def test_files_saved_with_the_scenario_are_part_of_the_same_save(saved_v0) -> None:
    path, base = saved_v0
    save_scenario(_version(base, 1), path, extra_files={"ranh_gioi.geojson": b"{}"})
    assert (path.parent / "ranh_gioi.geojson").read_bytes() == b"{}"
    save_scenario(_version(base, 2), path, extra_files={"ranh_gioi.geojson": b"[]"})
    newest = list_versions(path)[-1]
    assert (newest / "ranh_gioi.geojson").read_bytes() == b"{}"  # the replaced one is kept


def test_versions_are_pruned_to_the_last_50_and_one_a_day(tmp_path: Path) -> None:
    days = [f"202501{d:02d}-1200{m:02d}-000000" for d in range(1, 4) for m in range(40)]
    keep = versions_to_keep(days)
    assert len(keep) == KEEP_LAST_VERSIONS + 1  # the last 50 (days 2–3) + the last of day 1
    assert "20250101-120039-000000" in keep and "20250101-120038-000000" not in keep
    versions = tmp_path / ".versions"
    for name in days:
        (versions / name).mkdir(parents=True)
    removed = prune_versions(tmp_path)
    assert len(removed) == len(days) - len(keep)
    assert sorted(p.name for p in versions.iterdir()) == sorted(keep)


def test_saved_files_respect_the_umask(saved_v0) -> None:
    path, base = saved_v0
    old = os.umask(0o002)
    try:
        save_scenario(_version(base, 1), path)
    finally:
        os.umask(old)
    for name in ("scenario.toml", "communes.csv"):
        assert (path.parent / name).stat().st_mode & 0o777 == 0o664
    old = os.umask(0o077)
    try:
        save_scenario(_version(base, 2), path)
    finally:
        os.umask(old)
    assert path.stat().st_mode & 0o777 == 0o600


def test_loading_a_shipped_scenario_writes_nothing_into_its_folder(scenario_copy) -> None:
    path = scenario_copy(THREE_DIR)
    before = tree_snapshot(path.parent)
    open_scenario(path)
    assert tree_snapshot(path.parent) == before


def test_every_atomic_write_respects_the_umask(tmp_path: Path) -> None:
    """plan.csv, summary files, logs and exports all go through one writer: files.py."""
    from planning.io.files import atomic_write_text

    old = os.umask(0o002)
    try:
        atomic_write_text(tmp_path / "plan.csv", "x")
    finally:
        os.umask(old)
    assert (tmp_path / "plan.csv").stat().st_mode & 0o777 == 0o664


def test_a_killed_writer_leaves_no_temporary_file_after_the_next_write(tmp_path: Path) -> None:
    from planning.io.files import atomic_write_text, temporary_path

    target = tmp_path / "plan.csv"

    def write_then_die() -> int:
        temporary_path(target).write_text("half")  # as if killed before the rename
        os.kill(os.getpid(), signal.SIGKILL)
        return EXIT_FAILED

    assert _exit_code(_child(write_then_die)) == -signal.SIGKILL
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    atomic_write_text(target, "whole")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["plan.csv"]
