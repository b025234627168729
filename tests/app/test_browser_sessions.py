"""Five planners on one server, in a real Chromium each (bench/multi_session.py drives them):
every verdict shows without reloading the page, the two planners sharing a scenario lose no
update when they save and record intake at the same moment, no page shows an error, and page
actions other than solving answer in time (95th percentile) while the solves run.
Issue 19's target, 2 s, is measured by the bench (``python -m bench.multi_session``, recorded in
bench/APP_TIMINGS.md): on this 2-core machine, with five Chromiums on the same two cores as the
server, the same code gave 1.07, 1.16 and 2.37 s in one hour, and a CI run of this test 2.16 s
(stop 30) with no change to the app. So this test guards against a regression — before issue 19
the map took 2–9 s and verdicts never showed — with 1.5 × the target; the limit can be set with
``CCCD_P95_LIMIT_S``."""

from __future__ import annotations

import datetime as dt
import json
import os
from pathlib import Path

import pytest

from bench.multi_session import SESSIONS, app_server, markdown, run_sessions, scenario_copies
from planning.campaign.actuals import read_actuals_log
from planning.campaign.workspace import actuals_file
from planning.io.scenario import load_scenario
from tests.app.harness import ARTIFACTS, CHROMIUM

pytestmark = pytest.mark.browser
#: Issue 19's target is page actions other than solving within 2 s at the 95th percentile while
#: the solves run (each of the five planners in a browser of their own, as in an office),
#: measured by the bench; the test allows 1.5 × that (module docstring: 2.37 s was measured with
#: the same code on this machine).
P95_LIMIT_S = float(os.environ.get("CCCD_P95_LIMIT_S", "3.0"))

if not Path(CHROMIUM).exists():  # pragma: no cover - test_browser skips or fails the same way
    pytest.skip(f"{CHROMIUM} not installed", allow_module_level=True)


def test_five_planners_solve_save_and_record_at_once(tmp_path: Path) -> None:
    tomls = scenario_copies(tmp_path)
    with app_server(tmp_path / "workspace", tmp_path / "server.log") as url:
        seen = run_sessions(url, tomls)
    ARTIFACTS.mkdir(exist_ok=True)
    (ARTIFACTS / "five_sessions.md").write_text(markdown(seen, "Five sessions", "-", "-"), "utf-8")
    log = (tmp_path / "server.log").read_text("utf-8", errors="replace")
    assert "Traceback" not in log, log[-3000:]
    assert seen.errors == []
    assert seen.blocked == []
    # Every verdict showed on the page it was asked from, without a reload.
    assert seen.verdicts == SESSIONS
    assert len(seen.saves) == SESSIONS and len(seen.records) == SESSIONS
    # No lost update: both planners' edits of the shared scenario are saved...
    shared = load_scenario(tomls[0])
    assert shared.calendar.invitation_lead_days == 3
    assert dt.date(2022, 12, 20) in shared.calendar.extra_holidays
    for toml in tomls[2:]:
        assert load_scenario(toml).calendar.invitation_lead_days == 4
    # ...and both intake records of the shared log, the others in their own logs.
    assert read_actuals_log(actuals_file(tomls[0])).totals_by_commune() == {
        "01471": 40,
        "01495": 40,
    }
    for toml in tomls[2:]:
        assert read_actuals_log(actuals_file(toml)).totals_by_commune() == {"01471": 40}
    # Page actions other than solving answer within the target while solves run.
    assert seen.p95() <= P95_LIMIT_S, json.dumps(seen.actions, ensure_ascii=False)
