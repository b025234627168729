"""Where a campaign's running records live: the announced plan and the actual intake log.

A user's own scenario keeps them in its folder. The scenarios shipped with the tool are read-only
(they are part of the repository), so their campaign records go to a git-ignored workspace folder
instead: ``$CCCD_WORKSPACE/<scenario folder>`` or ``<repo>/workspace/<scenario folder>``.

Files:
- ``actuals.csv``: the append-only intake log (:mod:`planning.io.actuals_files`, recorded by
  :mod:`planning.campaign.actuals`);
- ``announced_plan.csv``: the plan published to the communes (plan.csv format); each
  publication keeps the previous one in ``.plans/<timestamp>.csv``.
"""

from __future__ import annotations

import datetime as dt
import os
from pathlib import Path

from planning.domain import Plan, Scenario
from planning.io.actuals_files import ACTUALS_FILE
from planning.io.files import atomic_write_bytes, file_lock
from planning.io.plan import read_plan_file, write_plan_csv
from planning.io.scenario import SCENARIOS_DIR, is_shipped

WORKSPACE_ENV_VAR = "CCCD_WORKSPACE"
ANNOUNCED_PLAN_FILE = "announced_plan.csv"
PLAN_HISTORY_DIR = ".plans"


def workspace_root() -> Path:
    """The folder for campaign records of shipped scenarios."""
    configured = os.environ.get(WORKSPACE_ENV_VAR, "").strip()
    return Path(configured) if configured else SCENARIOS_DIR.parent / "workspace"


def campaign_dir(scenario_toml: Path) -> Path:
    """The folder holding this scenario's announced plan and actuals (created when needed)."""
    folder = scenario_toml if scenario_toml.is_dir() else scenario_toml.parent
    if is_shipped(scenario_toml):
        return workspace_root() / folder.name
    return folder


def actuals_file(scenario_toml: Path) -> Path:
    """The intake log of this scenario's campaign."""
    return campaign_dir(scenario_toml) / ACTUALS_FILE


def announced_plan_file(scenario_toml: Path) -> Path:
    """The plan last published to the communes."""
    return campaign_dir(scenario_toml) / ANNOUNCED_PLAN_FILE


def read_announced_plan(scenario_toml: Path) -> Plan | None:
    """The announced plan, or None when none was published yet (InputError when unreadable)."""

    path = announced_plan_file(scenario_toml)
    if not path.exists():
        return None
    return read_plan_file(
        path,
        "kế hoạch đã công bố",
        "the announced plan",
        fix_vi="công bố lại kế hoạch ở trang Kế hoạch",
        fix_en="publish the plan again on the Plan page",
    )


def publish_plan(scenario_toml: Path, plan: Plan, scenario: Scenario) -> Path:
    """Publish ``plan`` as the announced plan, keeping the previous publication."""

    path = announced_plan_file(scenario_toml)
    path.parent.mkdir(parents=True, exist_ok=True)
    # One publication at a time: each one's predecessor is kept, none is lost between two.
    with file_lock(path.with_name(path.name + ".lock")):
        if path.exists():
            history = path.parent / PLAN_HISTORY_DIR
            history.mkdir(exist_ok=True)
            atomic_write_bytes(_history_path(history), path.read_bytes())
        write_plan_csv(plan, scenario, path)
    return path


def _history_path(history: Path) -> Path:
    """A file name in ``.plans/`` that sorts by time and is not taken yet."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S-%f")
    name, n = f"{stamp}.csv", 1
    while (history / name).exists():
        n += 1
        name = f"{stamp}-{n}.csv"
    return history / name
