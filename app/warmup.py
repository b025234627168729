"""Load the heavy libraries of the other pages in the background, once per server process.

A fresh server loads only what the Data page needs, so the first page shows quickly; the Map,
Export and Progress pages need folium, matplotlib, fpdf and altair (a second or two to import on
a small server). Right after the first page is shown, a background thread imports them, so the
first map or document a planner asks for — with several planners at once, all at the same
moment — does not wait for the imports.
"""

from __future__ import annotations

import importlib
import threading

#: Modules the other pages import, in the order planners usually need them.
MODULES = (
    "planning.report.maps",
    "planning.report.offline",
    "planning.report.plan_views",
    "altair",
    "app.charts",
    "planning.report.documents",
    "planning.report.weekly_report",
)

_STARTED = threading.Event()


def _import_all() -> None:
    for name in MODULES:
        try:
            importlib.import_module(name)
        except Exception:  # a page that needs it will say what is wrong
            return


def warm_up_in_background() -> None:
    """Start importing :data:`MODULES` on a daemon thread (the first call only)."""
    if _STARTED.is_set():
        return
    _STARTED.set()
    threading.Thread(target=_import_all, daemon=True, name="cccd-warm-up").start()
