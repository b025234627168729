"""``python -m planning add-points SCENARIO FILE``: add a planner's intake points (CSV or Excel:
commune, point name, kind, latitude/longitude, backlog, daily cap, days and hours open) to an
existing scenario.

Every row is checked first; one bad row and nothing is written (exit 1, each problem named by
file, row, field and fix). The scenario is saved all-or-nothing (TOML, communes and points
together), refused if someone saved it since it was read. A commune that listed no points keeps
its hall as point 1, taking what the new points leave (see :mod:`planning.io.points`).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from planning.errors import InputError
from planning.formatting import fmt_int
from planning.wording import tr


def add_points_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg,unused-ignore]
    """Register the ``add-points`` sub-command."""
    parser = subparsers.add_parser(
        "add-points",
        help="thêm điểm tiếp nhận vào kịch bản / add intake points to a scenario",
    )
    parser.add_argument("scenario", type=Path, help="scenario.toml hoặc thư mục kịch bản")
    parser.add_argument(
        "points",
        type=Path,
        help="tệp điểm (CSV/XLSX): xã, tên điểm, loại, vĩ độ, kinh độ, số người, công suất, "
        "ngày mở, giờ mở",
    )
    parser.set_defaults(func=run_add_points)
    return parser


def run_add_points(args: argparse.Namespace) -> int:
    """Read, check and add the points; save the scenario. Exit 0 saved, 1 nothing written."""
    from planning.io.points import scenario_with_points_file
    from planning.io.scenario import ScenarioChangedError, open_scenario, save_scenario

    lang = args.lang
    try:
        loaded = open_scenario(args.scenario)
        scenario, rows = scenario_with_points_file(loaded.scenario, args.points)
        save_scenario(scenario, loaded.path, expected_fingerprint=loaded.fingerprint)
    except InputError as exc:
        for problem in exc.problems:
            sys.stderr.write(problem.render(lang) + "\n")
        sys.stdout.write(tr(lang, "Không ghi tệp nào.", "Nothing was written.") + "\n")
        return 1
    except ScenarioChangedError as exc:
        sys.stderr.write(str(exc) + "\n")
        return 1
    listed = [c for c in scenario.communes if c.points]
    sys.stdout.write(
        tr(
            lang,
            f"Đã thêm {fmt_int(rows)} điểm; {len(listed)} xã có điểm tiếp nhận riêng, "
            f"{len(scenario.points)} điểm tất cả. Đã lưu: {loaded.path}",
            f"Added {rows} points; {len(listed)} communes list their intake points, "
            f"{len(scenario.points)} points in all. Saved: {loaded.path}",
        )
        + "\n"
    )
    return 0
