"""``python -m planning national --table TABLE --deadline YYYY-MM-DD --out DIR [--start
YYYY-MM-DD] [--teams-max N] [--time-limit S] [--workers N | --scheduler ADDRESS] [--documents]
[--provinces CODE,…]``: how many teams each province needs to finish by the deadline, in
parallel on Dask.

TABLE has a row per 2025 commune (its code, or its name and a "Tỉnh" column) with the backlog
columns of any backlog table, and optionally "Số tổ" (the teams the row's province has; see
:mod:`planning.drafting.national`). Each province's what-if runs within ``--time-limit``
seconds. Writes ``DIR/national.csv`` (see :mod:`planning.io.national_files`),
``national.xlsx``, ``national_map.html`` (offline) and ``national_map.png``, and for each province
whose fewest teams were found a folder ``DIR/<code>/`` with that plan (``plan.csv``,
``summary.json``, ``inputs/``; with ``--documents`` also the Export page's documents in
``documents/``); a progress line per finished province on standard error. ``--provinces``
restricts the run to some provinces (codes or names): for trial runs and tests. On Dask each
province's search runs its probes (team counts solved or bounded) as tasks, several at once when
workers are free; ``DIR/tasks.csv`` lists them with their seconds and worker.

Exit codes: 0 every province analysed; 1 invalid input (nothing written); 2 usage error; 3 some
province failed (its error is in the workbook and on standard error); 130 stopped with Ctrl-C
(what had finished is written, the rest is marked cancelled).
"""

from __future__ import annotations

import argparse
import datetime as dt
from collections.abc import Callable
from pathlib import Path

from planning.cli.options import time_limit_seconds
from planning.cli.sweep import (
    EXIT_OK,
    EXIT_SOME_FAILED,
    EXIT_STOPPED,
    add_where_options,
    follow,
    open_connection,
    say,
    worker_count,
)

#: Seconds of analysis per province unless told otherwise.
DEFAULT_TIME_LIMIT_S = 120.0
#: Most teams tried per province unless told otherwise.
DEFAULT_TEAMS_MAX = 60


def _day(option: str) -> Callable[[str], dt.date]:
    """argparse type of a date option: YYYY-MM-DD, a clear message otherwise."""

    def parse(text: str) -> dt.date:
        try:
            return dt.date.fromisoformat(text.strip())
        except ValueError:
            raise argparse.ArgumentTypeError(
                f"{option}: cần ngày dạng YYYY-MM-DD, ví dụ 2025-12-31 (nhận được {text!r}) / "
                f"a date as YYYY-MM-DD (got {text!r})"
            ) from None

    return parse


def _teams_max(text: str) -> int:
    try:
        return worker_count(text)
    except argparse.ArgumentTypeError:
        raise argparse.ArgumentTypeError(
            f"--teams-max: cần số nguyên ≥ 1 (nhận được {text!r}) / an integer ≥ 1 (got {text!r})"
        ) from None


def _codes(text: str) -> list[str]:
    items = [part.strip() for part in text.split(",")]
    if not text.strip() or any(not item for item in items):
        raise argparse.ArgumentTypeError(
            f"--provinces: cần mã hoặc tên tỉnh, cách nhau bởi dấu phẩy, ví dụ 04,12 (nhận được "
            f"{text!r}) / province codes or names, comma-separated (got {text!r})"
        )
    return items


def add_national_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg,unused-ignore]
    """Register the ``national`` sub-command."""
    parser = subparsers.add_parser(
        "national",
        help="số tổ mỗi tỉnh cần để kịp hạn, song song (Dask) / teams each province needs",
    )
    parser.add_argument(
        "--table",
        type=Path,
        required=True,
        help="bảng các xã 2025 (CSV/TSV/XLSX): mã xã hoặc tên + Tỉnh, số chưa cấp, Số tổ (tùy "
        "chọn) / table of 2025 communes",
    )
    parser.add_argument(
        "--deadline", type=_day("--deadline"), required=True, help="hạn chót YYYY-MM-DD / deadline"
    )
    parser.add_argument("--out", type=Path, required=True, help="thư mục kết quả / output folder")
    parser.add_argument(
        "--start",
        type=_day("--start"),
        default=None,
        help="ngày bắt đầu YYYY-MM-DD (mặc định: ngày mai) / start date (default: tomorrow)",
    )
    parser.add_argument(
        "--teams-max",
        type=_teams_max,
        default=DEFAULT_TEAMS_MAX,
        help=f"số tổ tối đa thử cho mỗi tỉnh / most teams tried per province ({DEFAULT_TEAMS_MAX})",
    )
    parser.add_argument(
        "--time-limit",
        type=time_limit_seconds,
        default=DEFAULT_TIME_LIMIT_S,
        help=f"giây phân tích cho mỗi tỉnh / seconds of analysis per province "
        f"({DEFAULT_TIME_LIMIT_S:.0f})",
    )
    add_where_options(parser)
    parser.add_argument(
        "--documents",
        action="store_true",
        help="ghi cả tài liệu (Excel, PDF, thông báo, bản đồ) của kế hoạch mỗi tỉnh / write each "
        "province's documents too",
    )
    parser.add_argument(
        "--provinces",
        type=_codes,
        default=[],
        help="chỉ các tỉnh này (mã hoặc tên, cách nhau bởi dấu phẩy), để chạy thử / only these "
        "provinces (codes or names), for trial runs",
    )
    parser.set_defaults(func=run_national)
    return parser


def run_national(args: argparse.Namespace) -> int:
    """Run the ``national`` sub-command; returns the exit code."""
    from planning.drafting.national import read_national_input
    from planning.io.layer2025 import province_outlines
    from planning.outcomes import NationalAnswer, ProvinceOutcome
    from planning.report.national_report import progress_line
    from planning.sweep.national import NationalRun, NationalWriter

    start = args.start or dt.date.today() + dt.timedelta(days=1)
    say(f"Đọc bảng {args.table} … / reading the table …")
    inputs = read_national_input(args.table, start, args.deadline, args.provinces)
    for problem in inputs.warnings:
        say(problem.render(args.lang))
    outlines = province_outlines()
    connection = open_connection(args, len(inputs.provinces))
    if connection is None:
        return EXIT_STOPPED
    writer = NationalWriter(
        args.out, inputs, args.time_limit, args.teams_max, args.lang, args.documents
    )
    with connection:
        say(
            f"{len(inputs.provinces)} tỉnh trên {connection.slots()} luồng Dask "
            f"({connection.address}), {args.time_limit:g} giây mỗi tỉnh / "
            f"{len(inputs.provinces)} provinces on {connection.slots()} Dask threads, "
            f"{args.time_limit:g} s each"
        )
        run = NationalRun(inputs, args.time_limit, args.teams_max, connection).start()

        def record(outcome: ProvinceOutcome) -> None:
            writer.add(outcome)
            say(progress_line(outcome, len(writer.outcomes), run.total))

        interrupted = follow(run, record)
    for path in writer.finish(outlines, run.task_log):
        print(path)
    if interrupted:
        return EXIT_STOPPED
    failed = [o for o in writer.in_order() if o.answer == NationalAnswer.ERROR]
    return EXIT_SOME_FAILED if failed else EXIT_OK
