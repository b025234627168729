"""Several planners on one server: 5 Chromium sessions at once against one ``streamlit run``.

Each planner has a browser of their own (a Chromium context each: own cache and window).

Each session opens its own saved scenario (sessions 1 and 2 the same one), presses "Lập kế
hoạch" (3 s limit) at the same moment as the others, and while the five solves wait and run on
the server's queue, sessions 1–3 keep using the app (Map page drawn, Data page, back to the Plan
page; each action followed by two seconds of reading, as a planner does) and sessions 4–5 stay on
the Plan page until their verdict shows — no page is ever reloaded. Then sessions 1 and 2 each
change a different setting of their shared scenario and save at the same moment, and all five
record a day's intake on the Progress page at the same moment (1 and 2 on the shared log,
different communes).

:func:`run_sessions` returns what was seen and measured; ``tests/test_browser_sessions.py``
asserts on it (every verdict shown, 0 lost updates, 0 errors, page actions p95 ≤ 2 s) and
``python -m bench.multi_session`` writes the figures into ``bench/APP_TIMINGS.md``.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import platform
import shutil
import socket
import statistics
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "APP_TIMINGS.md"
CHROMIUM = "/usr/bin/chromium"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1", "[::1]"}
SESSIONS = 5
#: Seconds a planner looks at a page before the next action (nobody clicks back to back).
THINK_S = 2.0
#: The five browsers run on the server's own two cores here, unlike planners' browsers on their
#: own machines: their CSS animations (Streamlit's running indicator, fades) are switched off so
#: that they take less of the server's CPU. The app is unchanged.
NO_ANIMATIONS = """
document.addEventListener('DOMContentLoaded', () => {
  const style = document.createElement('style');
  style.textContent = '*, *::before, *::after { animation: none !important; ' +
    'transition: none !important; }';
  document.head.appendChild(style);
});
"""
#: Texts that mean something went wrong on a page.
ERROR_TEXTS = ("Đã xảy ra lỗi", "Connection error", "Cached ForwardMsg", "Traceback")
#: Communes each session records intake for (sessions 1 and 2 share a log: different communes).
INTAKE_COMMUNES = (
    "Xã Cao Chương",
    "Xã Đàm Thủy",
    "Xã Cao Chương",
    "Xã Cao Chương",
    "Xã Cao Chương",
)


@dataclass
class Seen:
    """What the sessions saw and how long things took (seconds)."""

    actions: list[tuple[str, float]] = field(default_factory=list)
    verdict_after_click: list[float] = field(default_factory=list)
    verdicts: int = 0
    saves: list[str] = field(default_factory=list)
    records: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    blocked: list[str] = field(default_factory=list)
    health_idle_ms: list[float] = field(default_factory=list)
    #: Per session: (seconds since its click, what its Plan page showed) while solving.
    timeline: dict[int, list[tuple[float, str]]] = field(default_factory=dict)
    first_page_s: list[float] = field(default_factory=list)

    def p95(self) -> float:
        """95th percentile of the page actions' times."""
        times = sorted(t for _, t in self.actions)
        if not times:
            return 0.0
        return times[min(len(times) - 1, round(0.95 * (len(times) - 1)))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def wait_healthy(url: str, timeout_s: float = 90) -> None:
    deadline = time.monotonic() + timeout_s
    while time.monotonic() < deadline:
        try:
            with urllib.request.urlopen(url + "/_stcore/health", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.2)
    raise RuntimeError(f"streamlit did not become healthy in {timeout_s:.0f} s")


@contextmanager
def app_server(workspace: Path, log: Path) -> Iterator[str]:
    """``streamlit run`` on a free local port (campaign records in ``workspace``)."""
    port = free_port()
    env = {**os.environ, "CCCD_WORKSPACE": str(workspace)}
    with log.open("w") as out:
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
            env=env,
            stdout=out,
            stderr=subprocess.STDOUT,
        )
        url = f"http://127.0.0.1:{port}"
        try:
            wait_healthy(url)
            yield url
        finally:
            proc.terminate()
            try:
                proc.wait(15)
            except subprocess.TimeoutExpired:
                proc.kill()


def scenario_copies(folder: Path) -> list[Path]:
    """The sessions' scenarios: the default scenario copied four times; sessions 1 and 2 share
    the first copy."""
    source = REPO / "scenarios" / "trung_khanh_2022-12"
    tomls = []
    for name in ("chung", "rieng_3", "rieng_4", "rieng_5"):
        target = folder / name
        shutil.copytree(source, target, ignore=shutil.ignore_patterns(".versions", "*.py"))
        tomls.append(target / "scenario.toml")
    return [tomls[0], tomls[0], *tomls[1:]]


# --- one session --------------------------------------------------------------------------------


async def timed(seen: Seen, name: str, action: Any, done: Any) -> None:
    """Run ``action`` and wait for ``done``; record the seconds it took; then look at the page
    for :data:`THINK_S`."""
    start = time.monotonic()
    await action()
    await done()
    seen.actions.append((name, time.monotonic() - start))
    await asyncio.sleep(THINK_S)


async def nav(page: Any, title: str) -> None:
    await page.locator('[data-testid="stSidebarNav"] a').filter(has_text=title).first.click()


async def check_errors(page: Any, seen: Seen, who: str) -> None:
    if await page.locator('[data-testid="stException"]').count():
        seen.errors.append(f"{who}: exception box")
    text = await page.locator("body").inner_text()
    for bad in ERROR_TEXTS:
        if bad in text:
            seen.errors.append(f"{who}: {bad}")


async def open_scenario(page: Any, toml: Path) -> None:
    field_ = page.locator('[data-testid="stTextInput"]').filter(
        has_text="hoặc đường dẫn tới scenario.toml"
    )
    await field_.first.locator("input").fill(str(toml))
    await field_.first.locator("input").press("Enter")
    await page.get_by_role("button", name="Mở", exact=True).click()
    await page.get_by_text(f"— {toml}").first.wait_for(timeout=60_000)


async def shortest_limit(page: Any) -> None:
    slider = page.get_by_role("slider").first
    await slider.wait_for(timeout=60_000)
    await slider.focus()
    await page.keyboard.press("Home")
    await page.wait_for_timeout(700)


VERDICT = '[data-testid="stAlert"]:has-text("HẠN")'


async def use_the_app_while_solving(page: Any, seen: Seen, all_done: asyncio.Event) -> None:
    """Map page drawn, Data page, Plan page: again and again until every verdict is in."""
    while not all_done.is_set():
        await timed(
            seen,
            "Bản đồ: bản đồ vẽ xong",
            lambda: nav(page, "Bản đồ"),
            lambda: (
                page.frame_locator("iframe")
                .first.locator("path.commune-shape")
                .nth(20)
                .wait_for(timeout=60_000)
            ),
        )
        await timed(
            seen,
            "Dữ liệu: trang hiện",
            lambda: nav(page, "Dữ liệu"),
            lambda: page.get_by_role("tab", name="Tổng quan").wait_for(timeout=60_000),
        )
        await timed(
            seen,
            "Kế hoạch: trang hiện",
            lambda: nav(page, "Kế hoạch"),
            lambda: page.get_by_role("button", name="Lập kế hoạch").wait_for(timeout=60_000),
        )


async def edit_and_save(page: Any, i: int, seen: Seen, save_gate: asyncio.Barrier) -> None:
    """Data page, Teams tab: session 1 sets 3 invitation lead days, session 2 an extra day off,
    the others 4 lead days on their own scenario; apply, then all save at the same moment."""
    await nav(page, "Dữ liệu")
    await page.get_by_role("tab", name="Tổ và lịch").click()
    if i == 1:
        days = page.locator('[data-testid="stTextInput"]').filter(has_text="Ngày nghỉ thêm")
        await days.first.locator("input").fill("20/12/2022")
        await days.first.locator("input").press("Enter")
    else:
        lead = page.locator('[data-testid="stNumberInput"]').filter(has_text="chuẩn bị giấy mời")
        await lead.first.locator("input").fill("3" if i == 0 else "4")
        await lead.first.locator("input").press("Enter")
    await page.wait_for_timeout(800)
    await page.locator(".st-key-apply_teams button").click()
    await page.get_by_text("Đã áp dụng").first.wait_for(timeout=60_000)
    await page.get_by_role("tab", name="Lưu", exact=True).click()
    await save_gate.wait()
    await timed(
        seen,
        "Lưu kịch bản",
        lambda: page.locator(".st-key-save_btn button").click(),
        lambda: page.get_by_text("Đã lưu").first.wait_for(timeout=60_000),
    )
    seen.saves.append(await page.get_by_text("Đã lưu").first.inner_text())


async def record_intake(page: Any, i: int, seen: Seen, record_gate: asyncio.Barrier) -> None:
    """Progress page: "today" 09/12/2022, 40 applications at the session's commune on that
    day; all sessions press "Ghi số liệu" at the same moment."""
    await nav(page, "Tiến độ")
    await page.get_by_text("Ghi số liệu thu nhận thực tế").first.wait_for(timeout=60_000)
    today = page.locator('[data-testid="stDateInput"]').filter(has_text="Hôm nay").first
    await today.get_by_role("spinbutton").first.click()
    await page.keyboard.type("09122022")
    await page.keyboard.press("Tab")
    intake_day = page.locator('[data-testid="stDateInput"]').filter(has_text="Ngày thu nhận")
    for _ in range(100):
        if await intake_day.first.locator("input").input_value() == "2022-12-09":
            break
        await page.wait_for_timeout(200)
    commune = page.locator('[data-testid="stForm"] [data-testid="stSelectbox"]').nth(1)
    await commune.click()
    await page.get_by_role("option", name=INTAKE_COMMUNES[i], exact=True).click()
    apps = page.locator('[data-testid="stNumberInput"]').filter(has_text="Hồ sơ đã thu nhận")
    await apps.first.locator("input").fill("40")
    await apps.first.locator("input").press("Tab")
    await page.wait_for_timeout(500)
    await record_gate.wait()
    await timed(
        seen,
        "Ghi số liệu",
        lambda: page.locator(".st-key-intake_submit button").click(),
        lambda: page.get_by_text("Đã ghi 1 mục").first.wait_for(timeout=60_000),
    )
    seen.records.append(await page.get_by_text("Đã ghi 1 mục").first.inner_text())


async def one_session(
    i: int,
    context: Any,
    url: str,
    toml: Path,
    seen: Seen,
    gates: dict[str, asyncio.Barrier],
    verdicts: list[asyncio.Event],
) -> None:
    page = await context.new_page()
    try:
        await _session_steps(i, page, url, toml, seen, gates, verdicts)
    except BaseException:
        await page.screenshot(
            path=str(REPO / "tests" / "artifacts" / f"15_phien_{i + 1}_loi.png"), full_page=True
        )
        raise


async def _session_steps(
    i: int,
    page: Any,
    url: str,
    toml: Path,
    seen: Seen,
    gates: dict[str, asyncio.Barrier],
    verdicts: list[asyncio.Event],
) -> None:
    started = time.monotonic()
    await page.goto(url, wait_until="domcontentloaded")
    await page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=120_000)
    seen.first_page_s.append(time.monotonic() - started)
    await open_scenario(page, toml)
    await nav(page, "Kế hoạch")
    await shortest_limit(page)
    await gates["solve"].wait()
    clicked = time.monotonic()
    await timed(
        seen,
        "Lập kế hoạch: chỗ trong hàng đợi hoặc tiến độ hiện",
        lambda: page.locator(".st-key-run_plan button").click(),
        # The queue place or the progress (or, when it was that quick, the verdict already).
        lambda: page.locator(f'[data-testid="stProgress"], {VERDICT}').first.wait_for(
            timeout=60_000
        ),
    )
    watching = asyncio.create_task(
        watch_page(i, page, seen, clicked, verdicts[i]) if i >= 3 else asyncio.sleep(0)
    )
    waiters = [e for j, e in enumerate(verdicts) if j >= 3]
    if i < 3:  # use the app meanwhile, then come back to the Plan page
        everyone = asyncio.Event()

        async def watch() -> None:
            for event in waiters:
                await event.wait()
            everyone.set()

        watcher = asyncio.create_task(watch())
        await use_the_app_while_solving(page, seen, everyone)
        await watcher
    await page.locator(VERDICT).first.wait_for(timeout=180_000)
    if i >= 3:
        seen.verdict_after_click.append(time.monotonic() - clicked)
    seen.verdicts += 1
    verdicts[i].set()
    await watching
    await check_errors(page, seen, f"session {i + 1}, plan")
    await edit_and_save(page, i, seen, gates["save"])
    await check_errors(page, seen, f"session {i + 1}, save")
    await record_intake(page, i, seen, gates["record"])
    await check_errors(page, seen, f"session {i + 1}, record")
    await page.screenshot(path=str(REPO / "tests" / "artifacts" / f"15_phien_{i + 1}.png"))


async def watch_page(i: int, page: Any, seen: Seen, clicked: float, done: asyncio.Event) -> None:
    """Note what the page shows every second until the session's verdict (for the record)."""
    line = seen.timeline.setdefault(i, [])
    while not done.is_set():
        try:
            text = await page.locator('[data-testid="stMain"]').inner_text(timeout=2_000)
        except Exception:
            text = "?"
        parts = [p for p in text.split("\n") if p.strip()][:12]
        line.append((round(time.monotonic() - clicked, 1), " | ".join(parts)[:200]))
        await asyncio.sleep(1.0)


async def _health_ms(url: str, samples: int = 10) -> list[float]:
    out = []
    for _ in range(samples):
        start = time.monotonic()
        await asyncio.to_thread(
            lambda: urllib.request.urlopen(url + "/_stcore/health", timeout=30).read()
        )
        out.append(1000 * (time.monotonic() - start))
        await asyncio.sleep(0.2)
    return out


async def _run(url: str, tomls: list[Path], seen: Seen) -> Seen:
    from playwright.async_api import async_playwright

    (REPO / "tests" / "artifacts").mkdir(exist_ok=True)
    async with async_playwright() as pw:
        browser = await pw.chromium.launch(
            executable_path=CHROMIUM,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
            ],
        )

        async def guard(route: Any, request: Any) -> None:
            host = urlparse(request.url).hostname or ""
            if request.url.startswith(("data:", "blob:", "about:")) or host in LOCAL_HOSTS:
                await route.continue_()
            else:
                seen.blocked.append(request.url)
                await route.abort()

        # One browser context per planner, as each planner has a browser of their own. With
        # five pages of one context, Chromium gave every page but the newest one animation
        # frame per second (measured in the pages: frame gaps of 1,017 ms), so each
        # Playwright click, which waits for two frames of a still element, took 1–2 s before it
        # reached the page.
        contexts = []
        for _ in range(SESSIONS):
            context = await browser.new_context(viewport={"width": 1400, "height": 1000})
            await context.add_init_script(NO_ANIMATIONS)
            await context.route("**/*", guard)
            contexts.append(context)
        gates = {name: asyncio.Barrier(SESSIONS) for name in ("solve", "save", "record")}
        verdicts = [asyncio.Event() for _ in range(SESSIONS)]
        await asyncio.gather(
            *(
                one_session(i, contexts[i], url, tomls[i], seen, gates, verdicts)
                for i in range(SESSIONS)
            )
        )
        # Five sessions left open, idle on their pages: the server answers at once.
        seen.health_idle_ms = await _health_ms(url)
        await browser.close()
    return seen


def run_sessions(url: str, tomls: list[Path], seen: Seen | None = None) -> Seen:
    """Drive the five sessions against the server at ``url`` (see the module docstring);
    ``seen`` is filled as they go (what was seen so far, when they fail)."""
    return asyncio.run(_run(url, tomls, seen if seen is not None else Seen()))


def markdown(seen: Seen, label: str, load_before: str, load_after: str, note: str = "") -> str:
    """The section of bench/APP_TIMINGS.md."""
    by_name: dict[str, list[float]] = {}
    for name, value in seen.actions:
        by_name.setdefault(name, []).append(value)
    lines = [
        f"## {label}",
        "",
        f"Measured {dt.datetime.now():%d/%m/%Y %H:%M} on {platform.node()} "
        f"({platform.machine()}, {os.cpu_count()} cores) with `bench/multi_session.py`: "
        f"{SESSIONS} Chromium sessions against one `streamlit run`, default scenario copies, "
        f"solve limit 3 s; load average before / after: {load_before} / {load_after}. {note}",
        "",
        "| what | n | median (s) | p95 (s) | max (s) |",
        "|---|---:|---:|---:|---:|",
    ]

    def row(name: str, values: list[float]) -> None:
        ordered = sorted(values)
        p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
        lines.append(
            f"| {name} | {len(values)} | {statistics.median(values):.2f} | {p95:.2f} | "
            f"{ordered[-1]:.2f} |"
        )

    row("first page of each session (all five at once)", seen.first_page_s)
    for name, values in by_name.items():
        row(name, values)
    row("all page actions while solving, saving, recording", [t for _, t in seen.actions])
    row("verdict shown after the click, on the Plan page (no reload)", seen.verdict_after_click)
    row("health check, five sessions idle (ms → s)", [m / 1000 for m in seen.health_idle_ms])
    lines += [
        "",
        f"Verdicts shown: {seen.verdicts}/{SESSIONS}; saves: {len(seen.saves)}; intake records: "
        f"{len(seen.records)}; errors on the pages: {len(seen.errors)}; requests to non-local "
        f"addresses: {len(seen.blocked)}.",
    ]
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> None:
    """Run the five sessions once and write their section of bench/APP_TIMINGS.md."""
    import argparse
    import tempfile

    from bench.run import write_results

    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--label", default="Five planners on one server")
    parser.add_argument("--note", default="", help="a sentence added to the section")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        tomls = scenario_copies(folder)
        load_before = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
        with app_server(folder / "workspace", folder / "server.log") as url:
            seen = run_sessions(url, tomls)
        load_after = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    text = markdown(seen, args.label, load_before, load_after, args.note)
    write_results(args.label, text, OUT)
    print(text)


if __name__ == "__main__":
    main()
