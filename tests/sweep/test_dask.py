"""Sweeps on a real Dask cluster on 127.0.0.1: a ``dask scheduler`` and two ``dask worker``
processes started here, the sweep command pointed at them with ``--scheduler``.

The workers run in an empty folder with the repository on ``PYTHONPATH`` and no ``CCCD_GEODATA``:
they need the project's code and nothing else (the scenario travels with each task). One test
kills a worker (SIGKILL, nanny and worker) in the middle of the sweep: every variant must still
come back solved.
"""

from __future__ import annotations

import contextlib
import csv
import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from planning.cli.main import main
from planning.io.export_inputs import export_inputs
from planning.io.scenario import load_scenario
from planning.io.sweep_files import SWEEP_HEADER
from planning.variants import apply_variant
from tests.plan_checker import Options, check_plan

REPO = Path(__file__).resolve().parents[2]
TK = REPO / "scenarios" / "trung_khanh_2022-12"
START_TIMEOUT_S = 90


@dataclass
class LocalDask:
    """A scheduler and its workers, each a process group of its own (a worker is a nanny and
    its worker process)."""

    scheduler_file: Path
    address: str = ""
    processes: list[subprocess.Popen[bytes]] = field(default_factory=list)
    workers: list[subprocess.Popen[bytes]] = field(default_factory=list)

    def kill(self, proc: subprocess.Popen[bytes]) -> None:
        """SIGKILL the process group (no goodbye to the scheduler)."""
        if proc.poll() is None:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(proc.pid, signal.SIGKILL)
        proc.wait(timeout=30)

    def close(self) -> None:
        for proc in reversed(self.processes):
            self.kill(proc)


def _start(args: list[str], cwd: Path, log: Path) -> subprocess.Popen[bytes]:
    env = {k: v for k, v in os.environ.items() if k not in ("CCCD_GEODATA", "CCCD_DASK_SCHEDULER")}
    env["PYTHONPATH"] = str(REPO)
    with log.open("wb") as out:
        return subprocess.Popen(
            [sys.executable, "-m", "dask", *args],
            cwd=cwd,
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its own process group, killed as a whole
        )


def _client(address: str):  # type: ignore[no-untyped-def]
    from distributed import Client

    return Client(address, timeout=START_TIMEOUT_S)


@pytest.fixture
def local_dask(tmp_path: Path) -> Iterator[LocalDask]:
    """``dask scheduler --host 127.0.0.1 --port 0`` and two ``dask worker --nworkers 1
    --nthreads 1``, killed (process groups) at the end whatever happens."""
    here = tmp_path / "dask"
    here.mkdir()
    cluster = LocalDask(here / "scheduler.json")
    try:
        cluster.processes.append(
            _start(
                [
                    "scheduler",
                    "--host",
                    "127.0.0.1",
                    "--port",
                    "0",
                    "--no-dashboard",
                    "--scheduler-file",
                    str(cluster.scheduler_file),
                ],
                here,
                here / "scheduler.log",
            )
        )
        deadline = time.monotonic() + START_TIMEOUT_S
        while not cluster.scheduler_file.exists():
            assert time.monotonic() < deadline, (here / "scheduler.log").read_text()
            time.sleep(0.2)
        for i in range(2):
            worker = _start(
                [
                    "worker",
                    "--scheduler-file",
                    str(cluster.scheduler_file),
                    "--nworkers",
                    "1",
                    "--nthreads",
                    "1",
                    "--no-dashboard",
                ],
                here,
                here / f"worker{i}.log",
            )
            cluster.processes.append(worker)
            cluster.workers.append(worker)
        import json

        cluster.address = json.loads(cluster.scheduler_file.read_text())["address"]
        with _client(cluster.address) as client:
            client.wait_for_workers(2, timeout=START_TIMEOUT_S)
        yield cluster
    finally:
        cluster.close()


def _rows(out: Path) -> list[dict[str, str]]:
    with (out / "sweep.csv").open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        assert tuple(reader.fieldnames or ()) == SWEEP_HEADER
        return list(reader)


def _check_plans(out: Path, rows: list[dict[str, str]]) -> None:
    """Each variant's plan passes the independent checker against its own scenario."""
    from planning.io.solve_folder import read_plan_folder

    base = load_scenario(TK)
    for row in rows:
        folder = out / row["variant"]
        found = read_plan_folder(folder)
        assert found.variant is not None
        scenario = apply_variant(base, found.variant)
        export_inputs(scenario, folder / "inputs")
        opts = Options(max_teams_per_commune_day=scenario.rules.max_teams_per_commune_day)
        assert check_plan(folder / "inputs", folder / "plan.csv", opts) == [], row["variant"]


def test_sweep_through_a_scheduler(local_dask: LocalDask, tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    code = main(
        [
            "sweep",
            str(TK),
            "--out",
            str(out),
            "--teams",
            "1,2",
            "--weekends",
            "on,off",
            "--time-limit",
            "2",
            "--scheduler",
            local_dask.address,
        ]
    )
    assert code == 0
    rows = _rows(out)
    assert [r["variant"] for r in rows] == [
        "teams1_weekends-on",
        "teams1_weekends-off",
        "teams2_weekends-on",
        "teams2_weekends-off",
    ]
    with _client(local_dask.address) as client:
        workers = set(client.scheduler_info()["workers"])
    assert {r["worker"] for r in rows} == workers  # both workers solved variants
    for row in rows:
        assert row["solver_status"] in ("optimal", "feasible")
        assert int(row["collected_by_deadline"]) <= int(row["upper_bound_by_deadline"])
    two = {r["weekends"]: r for r in rows if r["teams"] == "2"}
    assert two["on"]["verdict"] == two["off"]["verdict"] == "meets"
    one = {r["weekends"]: r for r in rows if r["teams"] == "1"}
    assert int(one["on"]["collected_by_deadline"]) > int(one["off"]["collected_by_deadline"])
    assert (out / "sweep.xlsx").stat().st_size > 0
    assert (out / "sweep.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    _check_plans(out, rows)


def test_a_worker_killed_mid_sweep_loses_no_variant(local_dask: LocalDask, tmp_path: Path) -> None:
    out = tmp_path / "sweep"
    env = {k: v for k, v in os.environ.items() if k != "CCCD_DASK_SCHEDULER"}
    env["PYTHONPATH"] = str(REPO)
    sweep = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planning",
            "sweep",
            str(TK),
            "--out",
            str(out),
            "--teams",
            "1,2",
            "--weekends",
            "on,off",
            "--time-limit",
            "3",
            "--scheduler",
            local_dask.address,
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        with _client(local_dask.address) as client:
            pgid = client.run(os.getpgrp)  # worker address → its process group
            deadline = time.monotonic() + START_TIMEOUT_S
            victim = None
            while victim is None:
                assert time.monotonic() < deadline and sweep.poll() is None, "no task started"
                busy = [a for a, keys in client.processing().items() if keys]
                victim = busy[0] if busy else None
                time.sleep(0.1)
            time.sleep(1.0)  # well inside a 3-second solve
            killed = next(p for p in local_dask.workers if p.pid == pgid[victim])
            local_dask.kill(killed)
        _, err = sweep.communicate(timeout=300)
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.wait()
    assert sweep.returncode == 0, err.decode()
    rows = _rows(out)
    assert len(rows) == 4
    assert all(r["solver_status"] in ("optimal", "feasible") for r in rows), rows
    # The variant that ran on the killed worker was solved again on the survivor.
    survivor = next(a for a in pgid if a != victim)
    assert any(r["worker"] == survivor for r in rows)
    assert all(r["worker"] in (victim, survivor) for r in rows)
    progress = err.decode().splitlines()
    assert sum(line.startswith("[") for line in progress) == 4
    _check_plans(out, rows)


def test_ctrl_c_keeps_finished_variants_and_cancels_the_rest(tmp_path: Path) -> None:
    """The command on its own local cluster (2 worker processes): Ctrl-C after the first result."""
    out = tmp_path / "sweep"
    env = {k: v for k, v in os.environ.items() if k != "CCCD_DASK_SCHEDULER"}
    sweep = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "planning",
            "sweep",
            str(TK),
            "--out",
            str(out),
            "--teams",
            "1,2,3",
            "--weekends",
            "on,off",
            "--time-limit",
            "5",
            "--workers",
            "2",
        ],
        cwd=REPO,
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert sweep.stderr is not None
        lines = []
        while not any(line.startswith(b"[1/6]") for line in lines):
            line = sweep.stderr.readline()
            assert line, b"".join(lines).decode()
            lines.append(line)
        sweep.send_signal(signal.SIGINT)
        _, err = sweep.communicate(timeout=120)
    finally:
        if sweep.poll() is None:
            sweep.kill()
            sweep.wait()
    assert sweep.returncode == 130, err.decode()
    rows = _rows(out)
    assert len(rows) == 6
    statuses = [r["solver_status"] for r in rows]
    assert "cancelled" in statuses
    solved = [r for r in rows if r["solver_status"] in ("optimal", "feasible")]
    assert solved and all(r["worker"].startswith("tcp://127.0.0.1:") for r in solved)
    assert all((out / r["variant"] / "plan.csv").exists() for r in solved)
    assert not any((out / r["variant"]).exists() for r in rows if r["solver_status"] == "cancelled")
    assert (out / "sweep.xlsx").exists() and (out / "sweep.png").exists()
