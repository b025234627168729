"""Fixtures of the real-browser tests: ``streamlit run`` on a free local port (campaign records in a
temporary workspace) and a Chromium page whose every non-local request is blocked and recorded."""

from __future__ import annotations

from collections.abc import Iterator
from urllib.parse import urlparse

import pytest

from bench.multi_session import app_server
from tests.app.harness import CHROMIUM, LOCAL_HOSTS


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """``streamlit run`` on a free local port; campaign records (announced plan, intake log) go
    to a temporary folder, not the repo; the server's output to server.log beside it."""
    folder = tmp_path_factory.mktemp("server")
    with app_server(folder / "workspace", folder / "server.log") as url:
        yield url


@pytest.fixture(scope="module")
def browser_page(server: str):
    from playwright.sync_api import sync_playwright

    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )
        context = browser.new_context(
            viewport={"width": 1400, "height": 1000}, accept_downloads=True
        )
        page = context.new_page()

        def guard(route, request) -> None:
            host = urlparse(request.url).hostname or ""
            if request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
                route.continue_()
            else:
                blocked.append(request.url)
                route.abort()

        context.route("**/*", guard)
        yield page, blocked
        context.close()
        browser.close()
