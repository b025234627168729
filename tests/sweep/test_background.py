"""The app's local cluster yields the CPU: its worker processes run in a CPU group of their own
(Linux autogroup) at the app's niceness, so that solves give way to the pages and to the
planners' browsers on the same machine, not only to the server's threads. Checked on a real
local Dask cluster (worker processes on 127.0.0.1)."""

from __future__ import annotations

import os
import sys

import pytest

from planning.sweep.cluster import connect
from planning.sweep.work import cpu_group

linux_autogroups = pytest.mark.skipif(
    not sys.platform.startswith("linux") or not cpu_group(),
    reason="Linux autogroups only",
)


def _session_and_group() -> tuple[bool, str]:
    return os.getsid(0) == os.getpid(), cpu_group()


@linux_autogroups
def test_the_apps_workers_run_in_a_cpu_group_of_their_own() -> None:
    with connect(n_workers=1, background=15) as connection:
        ((leads, group),) = connection.client.run(_session_and_group).values()
    assert leads  # a session of its own, so an autogroup of its own
    assert group.endswith("nice 15") and group != cpu_group()


@linux_autogroups
def test_a_cluster_without_background_leaves_its_workers_as_they_are() -> None:
    with connect(n_workers=1) as connection:
        ((leads, group),) = connection.client.run(_session_and_group).values()
    assert not leads and group == cpu_group()
