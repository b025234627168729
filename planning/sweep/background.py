"""The worker plugin that makes a local cluster's workers yield the CPU to everything else on
the machine (imported only when a cluster starts: it imports ``distributed``)."""

from __future__ import annotations

from typing import Any

from distributed.diagnostics.plugin import WorkerPlugin

from planning.sweep.work import own_cpu_group


class BackgroundWorkers(WorkerPlugin):
    """Each worker process, when it starts (also one started again later), moves into a CPU
    group of its own at ``niceness`` (:func:`planning.sweep.work.own_cpu_group`)."""

    name = "cccd-background-cpu"

    def __init__(self, niceness: int) -> None:
        self.niceness = niceness

    def setup(self, worker: Any) -> None:
        """Called by Dask in the worker process."""
        own_cpu_group(self.niceness)
