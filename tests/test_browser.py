"""A real Chromium against ``streamlit run``: load, plan, verdict, map shapes, language, Excel.

Every request to a non-local address is blocked and recorded; the test fails if any was tried,
so the app is proven to work offline. Screenshots of each page go to tests/artifacts/.
"""

from __future__ import annotations

import io
import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlparse

import openpyxl
import pytest

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing in CI: `make test` installs Debian's chromium")
    pytest.skip(
        f"{CHROMIUM} not installed (apt-get install chromium); browser test skipped outside CI",
        allow_module_level=True,
    )


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@pytest.fixture(scope="module")
def server() -> Iterator[str]:
    port = free_port()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "streamlit",
            "run",
            "streamlit_app.py",
            "--server.port",
            str(port),
            "--server.headless",
            "true",
            "--server.address",
            "127.0.0.1",
            "--browser.gatherUsageStats",
            "false",
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                    if response.status == 200:
                        break
            except OSError:
                time.sleep(0.3)
        else:
            raise RuntimeError("streamlit did not become healthy in 60 s")
        yield url
    finally:
        proc.terminate()
        try:
            proc.wait(10)
        except subprocess.TimeoutExpired:
            proc.kill()


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


def shot(page, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(400)
    page.screenshot(path=str(ARTIFACTS / f"{name}.png"), full_page=True)


def nav(page, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()


def test_whole_flow_offline(server: str, browser_page) -> None:
    page, blocked = browser_page
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    shot(page, "1_du_lieu")

    nav(page, "Kế hoạch")
    page.get_by_role("button", name="Lập kế hoạch").click()
    verdict = page.locator('[data-testid="stAlert"]').filter(has_text="KỊP HẠN:").first
    verdict.wait_for(timeout=90_000)
    assert "2.990/2.990" in verdict.inner_text()
    shot(page, "2_ke_hoach")

    nav(page, "Bản đồ")
    frame = page.frame_locator("iframe").first
    shapes = frame.locator("path.commune-shape")
    shapes.first.wait_for(timeout=30_000)
    assert shapes.count() == 21
    shot(page, "3_ban_do")

    nav(page, "So sánh")
    page.get_by_text("Thêm phương án").first.wait_for(timeout=30_000)
    shot(page, "4_so_sanh")

    nav(page, "Xuất")
    button = page.get_by_role("button", name="Tải bảng Excel")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    target = ARTIFACTS / "ke-hoach.xlsx"
    info.value.save_as(str(target))
    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames[:2] == ["Tổng hợp", "Theo xã"]
    assert book["Theo xã"].max_row == 22
    shot(page, "5_xuat")

    page.get_by_text("English").first.click()
    page.get_by_role("button", name="Download Excel").wait_for(timeout=30_000)
    nav(page, "Plan")
    page.locator('[data-testid="stAlert"]').filter(has_text="MEETS THE DEADLINE").first.wait_for(
        timeout=30_000
    )
    shot(page, "6_plan_en")

    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"
