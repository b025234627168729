"""Where a sweep runs: a local Dask cluster of worker processes, or a Dask scheduler's cluster.

Without a scheduler address (``--scheduler`` or the environment variable ``CCCD_DASK_SCHEDULER``)
a :class:`distributed.LocalCluster` of worker *processes* is started, one thread each, as many as
the machine has cores (or ``n_workers``). With an address the client connects to that scheduler
and uses its workers as they are.

Every worker must import the project's code (``pip install -e .`` of the repository, or the
repository on ``PYTHONPATH``) with the same version as the client: :func:`connect` checks this on
every worker and says what to do when a worker cannot. Workers need no scenario files and no
boundary files: the scenario travels with each task (see :mod:`planning.sweep.work`).
"""

from __future__ import annotations

import hashlib
import logging
import os
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planning.errors import InputError, error

#: Environment variable naming the scheduler (``tcp://HOST:PORT``) when ``--scheduler`` is not
#: given.
SCHEDULER_ENV = "CCCD_DASK_SCHEDULER"
#: Seconds to wait for a scheduler (and its first worker) or for a local cluster to start.
CONNECT_TIMEOUT_S = 60.0
PLANNING_DIR = Path(__file__).resolve().parents[1]


def scheduler_address(option: str | None = None) -> str | None:
    """The scheduler to use: the option, else ``CCCD_DASK_SCHEDULER``, else ``None`` (local)."""
    address = (option or os.environ.get(SCHEDULER_ENV, "")).strip()
    return address or None


def machine_cores() -> int:
    """Cores this process may use (the affinity mask where the system has one)."""
    if hasattr(os, "sched_getaffinity"):
        return max(1, len(os.sched_getaffinity(0)))
    return max(1, os.cpu_count() or 1)


def code_version() -> str:
    """A hash of the ``planning`` package's source: the client and every worker must agree."""
    digest = hashlib.sha256()
    for path in sorted(PLANNING_DIR.rglob("*.py")):
        digest.update(path.relative_to(PLANNING_DIR).as_posix().encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:12]


def worker_facts() -> tuple[int, str]:
    """Run on each worker: its cores and its version of the code."""
    return machine_cores(), code_version()


@dataclass
class DaskConnection:
    """A Dask client, the local cluster it started (if any) and what its workers are like.

    ``cores_per_solve`` maps each worker host to the CP-SAT workers one solve gets there: the
    host's cores shared fairly between the solves that run on it at once (its workers' threads).
    """

    client: Any
    cluster: Any = None
    cores_per_solve: dict[str, int] = field(default_factory=dict)

    @property
    def address(self) -> str:
        """The scheduler's address."""
        return str(self.client.scheduler.address)

    @property
    def local(self) -> bool:
        """True for a local cluster started by :func:`connect`."""
        return self.cluster is not None

    def worker_addresses(self) -> list[str]:
        """Addresses of the workers connected now."""
        return sorted(self.client.nthreads())

    def slots(self) -> int:
        """Solves that can run at once (the workers' threads)."""
        return sum(self.client.nthreads().values())

    def close(self) -> None:
        """Close the client, and the local cluster when there is one (never a remote one)."""
        try:
            self.client.close()
        finally:
            if self.cluster is not None:
                self.cluster.close()

    def __enter__(self) -> DaskConnection:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _host(address: str) -> str:
    from distributed.comm import get_address_host

    return str(get_address_host(address))


def _fair_shares(client: Any) -> dict[str, int]:
    """Per host: its cores // the threads of its workers (at least 1); checks the code too."""
    facts = client.run(worker_facts)
    mine = code_version()
    stale = sorted(addr for addr, (_, version) in facts.items() if version != mine)
    if stale:
        raise InputError([_stale_code_problem(stale)])
    threads: dict[str, int] = defaultdict(int)
    cores: dict[str, int] = {}
    for addr, n in client.nthreads().items():
        threads[_host(addr)] += n
        cores[_host(addr)] = facts[addr][0]
    return {host: max(1, cores[host] // threads[host]) for host in threads}


def connect(
    scheduler: str | None = None,
    n_workers: int | None = None,
    timeout_s: float | None = None,
    background: int = 0,
) -> DaskConnection:
    """Connect to ``scheduler``, or start a local cluster of ``n_workers`` worker processes
    (default: one per core). :class:`InputError` with the reason and the fix when it fails.

    ``timeout_s`` (default :data:`CONNECT_TIMEOUT_S`) bounds the wait for the scheduler and its
    first worker. ``background`` > 0: a local cluster's workers run at that niceness in a CPU
    group of their own (the app server: the pages and the planners' browsers come first);
    a scheduler's workers are left as their owner started them."""
    from distributed import Client, LocalCluster

    timeout_s = CONNECT_TIMEOUT_S if timeout_s is None else timeout_s

    cluster = None
    try:
        if scheduler:
            client = Client(scheduler, timeout=timeout_s)
            client.wait_for_workers(1, timeout=timeout_s)
        else:
            cluster = LocalCluster(
                n_workers=n_workers or machine_cores(),
                threads_per_worker=1,
                processes=True,
                # No dashboard: a planner's machine needs no web service on port 8787 (the
                # scheduler still answers its own health checks on a free local port).
                dashboard_address=":0",
                scheduler_kwargs={"dashboard": False},
                silence_logs=logging.ERROR,
            )
            client = Client(cluster, timeout=timeout_s)
            if background > 0:
                from planning.sweep.background import BackgroundWorkers

                client.register_plugin(BackgroundWorkers(background))
    except InputError:
        raise
    except Exception as exc:
        if cluster is not None:
            cluster.close()
        raise InputError([_connect_problem(scheduler, exc)]) from None
    connection = DaskConnection(client, cluster)
    try:
        connection.cores_per_solve = _fair_shares(client)
    except InputError:
        connection.close()
        raise
    except Exception as exc:
        connection.close()
        raise InputError([_worker_code_problem(exc)]) from None
    return connection


def _connect_problem(scheduler: str | None, exc: Exception) -> Any:
    if scheduler:
        return error(
            f"không kết nối được bộ điều phối Dask {scheduler} (hoặc không có máy con nào): {exc}",
            f"cannot reach the Dask scheduler {scheduler} (or it has no worker): {exc}",
            field="--scheduler",
            fix_vi=f"kiểm tra địa chỉ tcp://MÁY:CỔNG và `dask scheduler`, `dask worker` đang chạy; "
            f"bỏ --scheduler và {SCHEDULER_ENV} để chạy trên máy này",
            fix_en=f"check the tcp://HOST:PORT address and that `dask scheduler` and `dask worker` "
            f"are running; drop --scheduler and {SCHEDULER_ENV} to run on this machine",
        )
    return error(
        f"không khởi động được cụm Dask trên máy này: {exc}",
        f"cannot start a local Dask cluster: {exc}",
        field="--workers",
        fix_vi="thử lại với --workers 1, hoặc kiểm tra bộ nhớ và cài đặt dask[distributed]",
        fix_en="try again with --workers 1, or check memory and the dask[distributed] install",
    )


def _worker_code_problem(exc: Exception) -> Any:
    return error(
        f"máy con Dask không nạp được mã của công cụ: {exc}",
        f"a Dask worker cannot import the project's code: {exc}",
        field="--scheduler",
        fix_vi="trên mỗi máy con: `pip install -e .` trong thư mục mã nguồn, hoặc đặt PYTHONPATH "
        "về thư mục đó trước khi chạy `dask worker`",
        fix_en="on each worker machine: `pip install -e .` in the repository, or set PYTHONPATH "
        "to it before starting `dask worker`",
    )


def _stale_code_problem(stale: list[str]) -> Any:
    return error(
        f"máy con chạy phiên bản mã khác máy này: {', '.join(stale)}",
        f"workers run another version of the code than this machine: {', '.join(stale)}",
        field="--scheduler",
        fix_vi="cập nhật mã trên các máy con (cùng phiên bản) rồi khởi động lại `dask worker`",
        fix_en="update the code on the workers (same version) and restart `dask worker`",
    )
