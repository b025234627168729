"""``python -m planning export SCENARIO --plan DIR --out DIR [--lang vi|en] [--deck [--actuals FILE]
[--today YYYY-MM-DD]]``: the Export page's documents from a ``solve``/``replan``/``sweep`` output
folder (plan.csv + summary.json).

Writes the Excel workbook, the printable plan (PDF), a notice per visited commune (PDF and text)
and all of them in one PDF, the offline HTML map and a PNG map (the maps when the scenario's
boundary file is found); with ``--deck`` also the slide deck for the People's Committee meeting
(.pptx), whose progress slides come from ``--actuals`` (a reported intake file, as ``replan``
reads) or else the scenario's intake log when it has entries. The plan's variant (``variant`` in
summary.json) is applied to the scenario first. Exit 0 when written, 1 when an input is invalid
(nothing written then).
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any


def add_export_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg,unused-ignore]
    """Register the ``export`` sub-command."""
    parser = subparsers.add_parser(
        "export", help="xuất tài liệu của một kế hoạch / write a plan's documents"
    )
    parser.add_argument("scenario", type=Path, help="scenario.toml hoặc thư mục kịch bản")
    parser.add_argument(
        "--plan", type=Path, required=True, help="thư mục có plan.csv và summary.json"
    )
    parser.add_argument("--out", type=Path, required=True, help="thư mục ghi tài liệu")
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        default=argparse.SUPPRESS,  # keeps `python -m planning --lang en export …` too
        help="ngôn ngữ của Excel và bản đồ (PDF luôn tiếng Việt) / workbook and map language",
    )
    parser.add_argument(
        "--deck",
        action="store_true",
        help="ghi thêm bản trình chiếu (.pptx) cho cuộc họp UBND / also write the meeting's slides",
    )
    parser.add_argument(
        "--actuals",
        type=Path,
        help="số liệu thu nhận thực tế (CSV/Excel: date,team_id,commune_code,applications) cho "
        "các trang tiến độ; mặc định: sổ thu nhận của kịch bản / intake for the progress slides",
    )
    parser.add_argument(
        "--today",
        type=dt.date.fromisoformat,
        help="ngày họp (YYYY-MM-DD); mặc định: ngày cuối có số liệu thực tế / day of the meeting",
    )
    parser.set_defaults(func=run_export)
    return parser


def _progress(args: argparse.Namespace, scenario: Any) -> Any:
    """The intake for the deck's progress slides (checked like ``replan`` checks it)."""
    from planning.report.documents import deck_progress

    if not args.deck:
        return None
    if args.actuals is None:
        return deck_progress(args.scenario, None, args.today)
    from planning.campaign.actuals import ActualsLog, parse_actuals_file, validate_actuals
    from planning.errors import InputError

    visits, rows = parse_actuals_file(args.actuals)
    today = args.today or max((v.date for v in visits), default=scenario.calendar.start)
    problems = validate_actuals(visits, scenario, today, ActualsLog(), str(args.actuals), rows)
    if any(p.is_error for p in problems):
        raise InputError(problems)
    return deck_progress(args.scenario, visits, args.today)


def _replan_start(text: object, file: Path) -> dt.date:
    from planning.errors import InputError, error

    try:
        return dt.date.fromisoformat(str(text))
    except ValueError:
        raise InputError(
            [
                error(
                    f"replan_from không phải ngày YYYY-MM-DD: {text!r}",
                    f"replan_from is not a YYYY-MM-DD date: {text!r}",
                    file=str(file),
                    field="replan_from",
                    fix_vi="dùng summary.json do lệnh replan ghi ra, không sửa tay",
                    fix_en="use a summary.json written by replan, unedited",
                )
            ]
        ) from None


def run_export(args: argparse.Namespace) -> int:
    """Run the ``export`` sub-command; returns the exit code."""
    from planning.io.scenario import open_scenario
    from planning.io.solve_folder import check_plan_fits, folder_result, read_plan_folder
    from planning.report.documents import write_documents
    from planning.variants import apply_variant

    loaded = open_scenario(args.scenario)
    found = read_plan_folder(args.plan)
    scenario = loaded.scenario
    if found.variant is not None:
        scenario = apply_variant(scenario, found.variant)
    replan_from = found.summary.get("replan_from")
    if replan_from is not None and replan_from != scenario.calendar.start.isoformat():
        start = _replan_start(replan_from, args.plan / "summary.json")
        scenario = replace(scenario, calendar=replace(scenario.calendar, start=start))
        sys.stderr.write(
            "Lưu ý: kế hoạch lập lại từ "
            f"{replan_from}; số tồn đọng của từng xã trong tài liệu là số của kịch bản / "
            f"Note: re-planned from {replan_from}; per-commune backlogs are the scenario's\n"
        )
    check_plan_fits(found, scenario)
    result, what = folder_result(found, scenario)
    features = None
    if loaded.boundaries is not None:
        from planning.io.boundaries import simplify_for_display

        features = simplify_for_display(loaded.boundaries.features)
    else:
        sys.stderr.write(
            "Không tìm thấy tệp ranh giới: không có bản đồ / no boundary file: no maps\n"
        )
    progress = _progress(args, scenario)
    written = write_documents(
        scenario, result, what, features, args.out, args.lang, deck=args.deck, progress=progress
    )
    for path in written:
        print(path)
    return 0
