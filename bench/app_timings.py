"""Measure the app's first load and map render in a real Chromium; write bench/APP_TIMINGS.md.

Run: ``.venv/bin/python bench/app_timings.py`` (needs /usr/bin/chromium). Times are wall-clock
seconds on this machine: server start to healthy, first page load to the default scenario shown,
the plan solved (time limit 15 s, default), and the map page drawn (21 commune shapes).
"""

from __future__ import annotations

import datetime as dt
import platform
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "APP_TIMINGS.md"


def _port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def _wait_healthy(url: str) -> None:
    for _ in range(300):
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2):
                return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError("streamlit did not start")


def _nav(page: object, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()  # type: ignore[attr-defined]


def measure() -> dict[str, float]:
    """Run the server and the browser once; return the timings in seconds."""
    from playwright.sync_api import sync_playwright

    port, times = _port(), {}
    url = f"http://127.0.0.1:{port}"
    t0 = time.monotonic()
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
        ],
        cwd=REPO,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        _wait_healthy(url)
        times["server start → healthy"] = time.monotonic() - t0
        with sync_playwright() as pw:
            browser = pw.chromium.launch(
                executable_path="/usr/bin/chromium", args=["--no-sandbox", "--disable-gpu"]
            )
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            t1 = time.monotonic()
            page.goto(url)
            page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=120_000)
            times["first load → default scenario shown"] = time.monotonic() - t1
            t2 = time.monotonic()
            _nav(page, "Bản đồ")
            page.frame_locator("iframe").first.locator("path.commune-shape").nth(20).wait_for(
                timeout=60_000
            )
            times["coverage map render (21 shapes, first time)"] = time.monotonic() - t2
            _nav(page, "Kế hoạch")
            t3 = time.monotonic()
            page.get_by_role("button", name="Lập kế hoạch").click()
            page.locator('[data-testid="stAlert"]').filter(has_text="HẠN:").first.wait_for(
                timeout=120_000
            )
            times["plan solved and shown (limit 15 s)"] = time.monotonic() - t3
            _nav(page, "Bản đồ")
            radio = page.locator('[data-testid="stMain"] [data-testid="stRadio"]').first
            radio.get_by_text("Kế hoạch").click()
            t4 = time.monotonic()
            page.frame_locator("iframe").first.locator("path.route-line").first.wait_for(
                state="attached", timeout=60_000
            )
            times["plan map render (routes drawn)"] = time.monotonic() - t4
            browser.close()
    finally:
        proc.terminate()
        proc.wait(10)
    return times


def main() -> None:
    """Measure and write the Markdown table."""
    times = measure()
    lines = [
        "# App timings",
        "",
        f"Measured {dt.date.today():%d/%m/%Y} on {platform.node()} "
        f"({platform.processor() or platform.machine()}) with `bench/app_timings.py`: real "
        "Chromium against `streamlit run`, default scenario (Trùng Khánh, 21 communes).",
        "",
        "| step | seconds |",
        "|---|---:|",
    ]
    lines += [f"| {name} | {value:.2f} |" for name, value in times.items()]
    OUT.write_text("\n".join(lines) + "\n", "utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
