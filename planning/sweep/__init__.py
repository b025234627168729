"""Scenario sweeps: many variants of a scenario solved in parallel on Dask (layer ``sweep``).

:func:`~planning.sweep.cluster.connect` opens a local cluster of worker processes or joins a
scheduler; :class:`~planning.sweep.engine.Sweep` solves the variants there and streams their
outcomes; :mod:`planning.sweep.output` writes a sweep's files;
:class:`~planning.sweep.queue.FairQueue` queues the solves of an app server's sessions on the
same cluster. May import the kernel, ``io``, ``solver``, ``campaign`` and ``report``; the CLI and
the app import it.
"""

from planning.sweep.cluster import SCHEDULER_ENV, DaskConnection, connect, scheduler_address
from planning.sweep.engine import Sweep
from planning.sweep.grid import variant_grid, variant_name

__all__ = [
    "SCHEDULER_ENV",
    "DaskConnection",
    "Sweep",
    "connect",
    "scheduler_address",
    "variant_grid",
    "variant_name",
]
