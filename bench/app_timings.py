"""Measure the app's first load and map render in a real Chromium; write bench/APP_TIMINGS.md.

Run: ``.venv/bin/python -m bench.app_timings [--scenario TOML --label NAME]`` (needs
/usr/bin/chromium). Times are wall-clock seconds on this machine: server start to healthy, first
page load to the default scenario shown, (with ``--scenario``: that scenario opened from the Data
page,) the coverage map drawn (every commune outline) by % not issued, then by backlog, the plan
solved (time limit 15 s, the app's default; the solver may overrun it on large scenarios) and the
plan map drawn (``--skip-solve``: the coverage maps only). The section named by
``--label`` of bench/APP_TIMINGS.md is replaced; the others are kept.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import statistics
import tempfile
import time
from pathlib import Path

from bench.multi_session import app_server

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "APP_TIMINGS.md"


def _nav(page: object, title: str) -> None:
    page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()  # type: ignore[attr-defined]


def _open_scenario(page: object, toml: Path) -> None:
    """Open a scenario file from the Data page's path field."""
    inputs = page.locator('[data-testid="stTextInput"]')  # type: ignore[attr-defined]
    field = inputs.filter(has_text="hoặc đường dẫn tới scenario.toml")
    field.first.locator("input").fill(str(toml))
    field.first.locator("input").press("Enter")
    page.get_by_role("button", name="Mở", exact=True).click()  # type: ignore[attr-defined]


def measure(toml: Path | None = None, solve: bool = True) -> dict[str, float]:
    """Run the server and the browser once; return the timings in seconds."""
    from playwright.sync_api import sync_playwright

    from planning.io.scenario import load_scenario

    scenario = load_scenario(toml) if toml else None
    shapes = len(scenario.communes) if scenario else 21

    times: dict[str, float] = {}
    t0 = time.monotonic()
    with (
        tempfile.TemporaryDirectory() as tmp,
        app_server(Path(tmp) / "workspace", Path(tmp) / "server.log") as url,
    ):
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
            if toml is not None and scenario is not None:
                t5 = time.monotonic()
                _open_scenario(page, toml)
                page.get_by_text(scenario.name).first.wait_for(timeout=120_000)
                times["scenario opened from the Data page"] = time.monotonic() - t5
            t2 = time.monotonic()
            _nav(page, "Bản đồ")
            page.frame_locator("iframe").first.locator("path.commune-shape").nth(
                shapes - 1
            ).wait_for(timeout=60_000)
            times[f"coverage map render ({shapes} shapes, first time)"] = time.monotonic() - t2
            metric = page.locator('[data-testid="stMain"] [data-testid="stRadio"]').nth(1)
            t6 = time.monotonic()
            metric.get_by_text("Số cần thu nhận").click()
            frame = page.frame_locator("iframe").first
            frame.locator(".map-legend").filter(has_text="Số cần thu nhận").first.wait_for(
                state="attached", timeout=60_000
            )
            frame.locator("path.commune-shape").nth(shapes - 1).wait_for(timeout=60_000)
            times["coverage map render, other colouring"] = time.monotonic() - t6
            if not solve:
                browser.close()
                return times
            _nav(page, "Kế hoạch")
            t3 = time.monotonic()
            page.get_by_role("button", name="Lập kế hoạch").click()
            page.locator('[data-testid="stAlert"]').filter(has_text="HẠN:").first.wait_for(
                timeout=600_000
            )
            times["plan solved and shown (limit 15 s)"] = time.monotonic() - t3
            _nav(page, "Bản đồ")
            radio = page.locator('[data-testid="stMain"] [data-testid="stRadio"]').first
            radio.get_by_text("Kế hoạch").click()
            t4 = time.monotonic()
            frame = page.frame_locator("iframe").first
            frame.locator("path.route-line").first.wait_for(state="attached", timeout=60_000)
            frame.locator("path.commune-shape").nth(shapes - 1).wait_for(timeout=60_000)
            times["plan map render (outlines and routes drawn)"] = time.monotonic() - t4
            browser.close()
    return times


def main(argv: list[str] | None = None) -> None:
    """Measure and write the Markdown table into this label's section."""
    from bench.run import write_results

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", type=Path, default=None, help="default: Trùng Khánh")
    parser.add_argument("--label", default="Default scenario")
    parser.add_argument("--skip-solve", action="store_true", help="maps of the data only")
    parser.add_argument("--repeat", type=int, default=1, help="runs (median and range shown)")
    args = parser.parse_args(argv)
    load_before = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    runs = [measure(args.scenario, solve=not args.skip_solve) for _ in range(args.repeat)]
    load_after = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    what = f"`{args.scenario}`" if args.scenario else "default scenario (Trùng Khánh, 21 communes)"
    lines = [
        f"## {args.label}",
        "",
        f"Measured {dt.datetime.now():%d/%m/%Y %H:%M} on {platform.node()} "
        f"({platform.processor() or platform.machine()}, {os.cpu_count()} cores) with "
        f"`bench/app_timings.py`: real Chromium against `streamlit run`, {what}; load average "
        f"before / after: {load_before} / {load_after}.",
        "",
        "| step | seconds"
        + (f" (median of {args.repeat} runs, range)" if args.repeat > 1 else "")
        + " |",
        "|---|---:|",
    ]
    for name in runs[0]:
        values = sorted(run[name] for run in runs)
        spread = f" ({values[0]:.2f}–{values[-1]:.2f})" if len(values) > 1 else ""
        lines.append(f"| {name} | {statistics.median(values):.2f}{spread} |")
    text = "\n".join(lines) + "\n"
    write_results(args.label, text, OUT)
    print(text)


if __name__ == "__main__":
    main()
