"""Province-scale maps: build time in Python, HTML size, and render time in a real Chromium.

Run: ``.venv/bin/python -m bench.map_timings [--communes 200 --teams 12 --days 60]
[--plan PLAN_CSV] [--label "Province maps"]``. It builds the scaled instance of
``bench/make_province.py`` (200 communes × 12 teams × 60 days by default) into
``bench/out/instances``, takes a plan for it (``--plan``: a plan.csv, e.g. from
``python -m planning solve``; without it, the greedy peer's plan on the exported inputs, made in
under a second), and for each map the app draws (coverage; the plan, whole and first week):

1. Python: the outlines simplified for display as the app does (``simplify_for_display``), the
   folium map built, then built and rendered as offline HTML (Leaflet inlined), as the app does
   on first showing a map — best of three, in seconds;
2. the HTML size;
3. Chromium (``/usr/bin/chromium``, every non-local request blocked): the file opened, time until
   every commune outline is drawn (``path.commune-shape``; median of 5), and the labels then shown
   (how many, and how many pairs overlap on screen) in a 1200 × 560 viewport (the app draws its
   maps 560 px high).

The table goes into ``bench/APP_TIMINGS.md`` under ``--label`` (other sections are kept).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import shlex
import statistics
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

import shapely

from bench import make_province
from bench.peers.common import PeerRules, read_inputs, write_plan
from bench.peers.greedy import plan_greedy
from bench.run import write_results
from planning.domain import Plan, Scenario
from planning.io.export_inputs import export_inputs
from planning.io.plan import read_plan_csv
from planning.reasons import RecordedReason
from planning.results import BoundKind, SolveResult, SolveStatus, Verdict

REPO = Path(__file__).resolve().parents[1]
OUT = REPO / "bench" / "out"
TIMINGS = REPO / "bench" / "APP_TIMINGS.md"
CHROMIUM = "/usr/bin/chromium"
WIDTH_PX, HEIGHT_PX = 1200, 560
#: Each page is opened this many times in Chromium; the median is reported.
RENDER_RUNS = 5


def greedy_plan(scenario: Scenario, folder: Path) -> Plan:
    """The greedy peer's plan of ``scenario`` (inputs exported into ``folder``)."""
    export_inputs(scenario, folder / "inputs")
    inputs = read_inputs(folder / "inputs")
    rules = scenario.rules
    peer_rules = PeerRules(
        rules.min_apps_per_stop, rules.max_teams_per_commune_day, rules.max_stops_per_day
    )
    plan, _ = plan_greedy(inputs, peer_rules)
    write_plan(inputs, plan, folder / "plan.csv")
    return read_plan_csv(folder / "plan.csv")


def result_of_plan(scenario: Scenario, plan: Plan) -> SolveResult:
    """A plan made outside the solver, with the figures the pages show (no bound is claimed:
    the bound is the backlog)."""
    deadline = scenario.calendar.deadline
    by_commune: dict[str, int] = {}
    for visit in plan.visits():
        if visit.date <= deadline:
            code = visit.commune_code
            by_commune[code] = by_commune.get(code, 0) + visit.applications
    collected = sum(by_commune.values())
    backlog = scenario.collectable_backlog
    meets = collected >= backlog
    return SolveResult(
        status=SolveStatus.FEASIBLE,
        status_reason=RecordedReason("kế hoạch tham lam (bench)", "greedy plan (bench)"),
        plan=plan,
        collected_by_deadline=collected,
        collectable_backlog=backlog,
        remaining_by_deadline=backlog - collected,
        remaining_by_commune={
            c.code: c.collectable_backlog - by_commune.get(c.code, 0) for c in scenario.communes
        },
        upper_bound_by_deadline=backlog,
        bound_kind=BoundKind.BACKLOG,
        verdict=Verdict.MEETS if meets else Verdict.MISSES,
        finish_date=max((v.date for v in plan.visits()), default=None) if meets else None,
        solve_seconds=0.0,
        gap=0.0 if backlog <= 0 else (backlog - collected) / backlog,
    )


def best_of(runs: int, build: Callable[[], Any]) -> tuple[float, Any]:
    """The shortest wall time of ``runs`` calls, and the last value."""
    best, value = float("inf"), None
    for _ in range(runs):
        t0 = time.perf_counter()
        value = build()
        best = min(best, time.perf_counter() - t0)
    return best, value


#: In the page: the labels on screen, and how many pairs of their boxes overlap.
LABEL_STATS_JS = """
() => {
  const boxes = [...document.querySelectorAll('.commune-label')]
    .filter(e => e.offsetParent !== null && getComputedStyle(e).visibility !== 'hidden')
    .map(e => e.getBoundingClientRect())
    .filter(r => r.width > 0);
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
  }
  return [boxes.length, overlaps];
}
"""


def browser_render(pages: dict[str, Path], shapes: int) -> dict[str, tuple[float, int, int]]:
    """Per page: seconds from opening the file to every outline drawn; labels shown; overlaps."""
    from playwright.sync_api import sync_playwright

    out: dict[str, tuple[float, int, int]] = {}
    blocked: list[str] = []
    with sync_playwright() as pw:
        browser = pw.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(viewport={"width": WIDTH_PX, "height": HEIGHT_PX})

        def guard(route: Any, request: Any) -> None:
            if request.url.startswith(("file:", "data:", "about:", "blob:")):
                route.continue_()
            else:
                blocked.append(request.url)
                route.abort()

        context.route("**/*", guard)
        for name, path in pages.items():
            seconds = []
            for _ in range(RENDER_RUNS):
                page = context.new_page()
                t0 = time.monotonic()
                page.goto(path.as_uri(), wait_until="commit")
                page.wait_for_function(
                    f"document.querySelectorAll('path.commune-shape').length >= {shapes}",
                    timeout=120_000,
                    polling=20,
                )
                seconds.append(time.monotonic() - t0)
                page.wait_for_timeout(300)
                shown, overlaps = page.evaluate(LABEL_STATS_JS)
                page.close()
            out[name] = (statistics.median(seconds), int(shown), int(overlaps))
        browser.close()
    if blocked:
        raise RuntimeError(f"the maps asked for non-local resources: {blocked[:3]}")
    return out


def measure(toml: Path, plan_csv: Path | None) -> tuple[list[str], Scenario]:
    """Every measurement of one scenario, as Markdown table rows."""
    from planning.io.boundaries import simplify_for_display
    from planning.io.scenario import open_scenario
    from planning.report.maps import coverage_map, plan_map
    from planning.report.offline import offline_html

    loaded = open_scenario(toml)
    scenario = loaded.scenario
    work = Path(tempfile.mkdtemp(prefix="map_timings_"))
    plan = read_plan_csv(plan_csv) if plan_csv else greedy_plan(scenario, work)
    simplify_s, features = best_of(3, lambda: simplify_for_display(loaded.boundaries.features))
    first_week = scenario.calendar.dates()[:7]
    builders: dict[str, Callable[[], Any]] = {
        "coverage": lambda: coverage_map(scenario, features),
        "plan, whole": lambda: plan_map(scenario, features, plan),
        "plan, first week": lambda: plan_map(scenario, features, plan, days=first_week),
    }
    rows: list[tuple[str, float, float, float]] = []
    pages: dict[str, Path] = {}
    for name, build in builders.items():
        build_s, _ = best_of(3, build)
        html_s, html = best_of(3, lambda b=build: offline_html(b()))  # type: ignore[misc]
        path = work / f"{name.replace(',', '').replace(' ', '_')}.html"
        path.write_text(html, encoding="utf-8")
        pages[name] = path
        rows.append((name, build_s, html_s, len(html.encode()) / 1e6))
    rendered = browser_render(pages, len(features))
    lines = [
        f"Display outlines simplified in {simplify_s:.2f} s "
        f"({int(shapely.get_num_coordinates(features.geometry.to_numpy()).sum()):,} vertices); "
        f"plan: {'`' + str(plan_csv) + '`' if plan_csv else 'greedy peer'}, "
        f"{sum(1 for d in plan.team_days if d.applications):,} team-days with visits.",
        "",
        "| map | folium build (s) | build + offline HTML (s) | HTML (MB) "
        "| Chromium: outlines drawn (s, median of 5) | labels shown | overlapping label pairs |",
        "|---|---:|---:|---:|---:|---:|---:|",
    ]
    for name, build_s, html_s, mb in rows:
        seconds, shown, overlaps = rendered[name]
        lines.append(
            f"| {name} | {build_s:.2f} | {html_s:.2f} | {mb:.2f} | {seconds:.2f} | {shown} | "
            f"{overlaps} |"
        )
    return lines, scenario


def section(label: str, scenario: Scenario, lines: Sequence[str], load: tuple[str, str]) -> str:
    """The APP_TIMINGS.md section of this run."""
    cpu = platform.processor() or platform.machine()
    size = (
        f"{len(scenario.communes)} communes, {len(scenario.teams)} teams, "
        f"{len(scenario.calendar.dates())} days"
    )
    return "\n".join(
        [
            f"## {label}",
            "",
            f"Measured {dt.datetime.now():%d/%m/%Y %H:%M} on {platform.node()} ({cpu}, "
            f"{os.cpu_count()} cores, Python {platform.python_version()}); load average before / "
            f"after: {load[0]} / {load[1]}. Scenario: {scenario.name} ({size}). Command: "
            f"`python -m bench.map_timings {shlex.join(sys.argv[1:])}`.",
            "",
            *lines,
            "",
        ]
    )


def main(argv: Sequence[str] | None = None) -> int:
    """Measure and write the section."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", type=Path, default=None, help="default: a scaled instance")
    parser.add_argument("--communes", type=int, default=200)
    parser.add_argument("--teams", type=int, default=12)
    parser.add_argument("--days", type=int, default=60)
    parser.add_argument("--plan", type=Path, default=None, help="plan.csv (default: greedy)")
    parser.add_argument("--label", default="Province maps")
    parser.add_argument("--no-results", action="store_true")
    args = parser.parse_args(argv)
    toml = args.scenario or make_province.scaled(
        OUT / "instances", args.communes, args.teams, args.days
    )
    load_before = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    lines, scenario = measure(toml, args.plan)
    load_after = "{:.2f} {:.2f} {:.2f}".format(*os.getloadavg())
    text = section(args.label, scenario, lines, (load_before, load_after))
    print(text)
    if not args.no_results:
        write_results(args.label, text, TIMINGS)
    return 0


if __name__ == "__main__":
    sys.exit(main())
