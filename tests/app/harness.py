"""What the app's tests share: the AppTest helpers and the real-browser harness (a Chromium that
blocks and records every request to a non-local address; screenshots in tests/artifacts/). The
fixtures that start ``streamlit run`` and the browser are in tests/app/conftest.py."""

from __future__ import annotations

import time
from pathlib import Path

from streamlit.testing.v1 import AppTest

REPO = Path(__file__).resolve().parents[2]
APP = str(REPO / "streamlit_app.py")
TIMEOUT = 60
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}


def new_app(page: str = "") -> AppTest:
    """The app in AppTest with a 3-second solver limit, on ``page`` when given."""
    at = AppTest.from_file(APP, default_timeout=TIMEOUT)
    at.session_state["time_limit"] = 3
    at.run()
    if page:
        at.switch_page(page).run()
    return at


def open_tab(at: AppTest, label: str) -> AppTest:
    """Open a tab of the Data page (only the open tab runs)."""
    at.session_state["data_tab"] = label
    return at.run()


def solve_default(at: AppTest) -> AppTest:
    """Press "Lập kế hoạch" and rerun until the background solve is collected."""
    at.switch_page("app/pages/plan.py").run()
    at.button(key="run_plan").click().run()
    deadline = time.monotonic() + 30
    while at.session_state["job"] is not None and time.monotonic() < deadline:
        time.sleep(0.5)
        at.run()
    assert at.session_state["job"] is None, "the solve did not finish"
    return at


def no_exception(at: AppTest) -> None:
    """The page raised nothing."""
    assert not at.exception, [e.value for e in at.exception]


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()


def widget_input(page, testid: str, label: str, tag: str = "input"):
    """The input of the Streamlit widget whose label is ``label``."""
    return page.locator(f'[data-testid="{testid}"]').filter(has_text=label).first.locator(tag)
