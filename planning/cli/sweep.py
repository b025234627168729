"""``python -m planning sweep SCENARIO --out DIR [--teams 2,3,4] [--weekends on,off]
[--deadline YYYY-MM-DD,…] [--apps-per-hour 18,22] [--time-limit S] [--workers N | --scheduler
ADDRESS] [--documents]``: solve every combination in parallel on Dask.

Writes ``DIR/sweep.csv`` (see :mod:`planning.io.sweep_files`), one folder per variant (plan.csv,
summary.json; with ``--documents`` also the Export page's documents), ``sweep.xlsx``, the chart
``sweep.png`` and the slides comparing the variants ``sweep.pptx``; a progress line per finished
variant on standard error. Without ``--scheduler`` (or ``CCCD_DASK_SCHEDULER``) a local cluster
of worker processes runs the solves.

Exit codes: 0 every variant solved; 1 invalid input (nothing written); 2 usage error; 3 some
variant failed (its error is in sweep.xlsx, error.txt and on standard error); 130 stopped with
Ctrl-C (what had finished is written, the rest is marked cancelled).
"""

from __future__ import annotations

import argparse
import contextlib
import datetime as dt
import math
import signal
import sys
import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TYPE_CHECKING, TypeVar

from planning.errors import InputError, error

if TYPE_CHECKING:
    from planning.outcomes import VariantOutcome
    from planning.sweep import DaskConnection
    from planning.sweep.engine import TaskStream

EXIT_OK, EXIT_INPUT, EXIT_SOME_FAILED, EXIT_STOPPED = 0, 1, 3, 130
#: Seconds between two looks at Ctrl-C while waiting for the next result.
POLL_S = 0.2
T = TypeVar("T")


def _bad(option: str, text: str, want_vi: str, want_en: str) -> argparse.ArgumentTypeError:
    return argparse.ArgumentTypeError(
        f"{option}: {want_vi} (nhận được {text!r}) / {want_en} (got {text!r})"
    )


def _list_of(
    option: str, parse: Callable[[str], T], want_vi: str, want_en: str
) -> Callable[[str], list[T]]:
    """An argparse type: comma-separated values, each parsed (an error names the bad one)."""

    def parse_list(text: str) -> list[T]:
        items = [part.strip() for part in text.split(",")]
        if not text.strip() or any(not item for item in items):
            raise _bad(option, text, want_vi, want_en)
        values = []
        for item in items:
            try:
                values.append(parse(item))
            except ValueError:
                raise _bad(option, item, want_vi, want_en) from None
        return values

    return parse_list


def _team_count(text: str) -> int:
    value = int(text)
    if value < 1:
        raise ValueError(text)
    return value


def _on_off(text: str) -> bool:
    if text.lower() not in ("on", "off"):
        raise ValueError(text)
    return text.lower() == "on"


def _positive(text: str) -> float:
    value = float(text)
    if not (math.isfinite(value) and value > 0):
        raise ValueError(text)
    return value


def positive_seconds(text: str) -> float:
    """argparse type of ``--time-limit``: a positive, finite number of seconds."""
    try:
        return _positive(text)
    except ValueError:
        raise _bad(
            "--time-limit", text, "cần số giây dương, ví dụ 10", "a positive number of seconds"
        ) from None


def worker_count(text: str) -> int:
    """argparse type of ``--workers``: an integer ≥ 1."""
    try:
        return _team_count(text)
    except ValueError:
        raise _bad("--workers", text, "cần số nguyên ≥ 1", "an integer ≥ 1") from None


def add_sweep_parser(subparsers: argparse._SubParsersAction) -> argparse.ArgumentParser:  # type: ignore[type-arg,unused-ignore]
    """Register the ``sweep`` sub-command."""
    parser = subparsers.add_parser(
        "sweep",
        help="so sánh nhiều phương án song song (Dask) / solve many variants in parallel (Dask)",
    )
    parser.add_argument("scenario", type=Path, help="scenario.toml hoặc thư mục kịch bản")
    parser.add_argument("--out", type=Path, required=True, help="thư mục kết quả / output folder")
    parser.add_argument(
        "--teams",
        type=_list_of("--teams", _team_count, "cần số tổ ≥ 1, ví dụ 2,3,4", "team counts ≥ 1"),
        default=[],
        help="số tổ, ví dụ 2,3,4 / team counts",
    )
    parser.add_argument(
        "--weekends",
        type=_list_of("--weekends", _on_off, "cần on hoặc off, ví dụ on,off", "on or off"),
        default=[],
        help="làm cuối tuần: on,off / weekends worked",
    )
    parser.add_argument(
        "--deadline",
        type=_list_of(
            "--deadline",
            dt.date.fromisoformat,
            "cần ngày dạng YYYY-MM-DD, ví dụ 2022-12-31",
            "dates as YYYY-MM-DD",
        ),
        default=[],
        help="hạn chót YYYY-MM-DD,… / deadlines",
    )
    parser.add_argument(
        "--apps-per-hour",
        type=_list_of(
            "--apps-per-hour", _positive, "cần số hồ sơ/giờ dương, ví dụ 18,22", "positive rates"
        ),
        default=[],
        help="hồ sơ mỗi giờ của mỗi tổ, ví dụ 18,22 / applications per hour",
    )
    parser.add_argument(
        "--time-limit",
        type=positive_seconds,
        default=10.0,
        help="giây cho mỗi phương án / seconds per variant (10)",
    )
    add_where_options(parser)
    parser.add_argument(
        "--documents",
        action="store_true",
        help="ghi cả tài liệu (Excel, PDF, thông báo, bản đồ) cho mỗi phương án / "
        "write each variant's documents too",
    )
    parser.set_defaults(func=run_sweep)
    return parser


def _check_deadlines(deadlines: list[dt.date], start: dt.date) -> None:
    early = [d for d in deadlines if d < start]
    if early:
        raise InputError(
            [
                error(
                    f"hạn chót {early[0].isoformat()} trước ngày bắt đầu {start.isoformat()}",
                    f"deadline {early[0].isoformat()} is before the start {start.isoformat()}",
                    field="--deadline",
                    fix_vi=f"chọn ngày từ {start.isoformat()} trở đi",
                    fix_en=f"choose dates from {start.isoformat()} on",
                )
            ]
        )


def say(text: str) -> None:
    """A line on standard error (progress), at once."""
    sys.stderr.write(text + "\n")
    sys.stderr.flush()


@contextlib.contextmanager
def ctrl_c_sets(event: threading.Event) -> Iterator[threading.Event]:
    """While inside, Ctrl-C sets ``event`` instead of raising anywhere (a file half-written): the
    loop stops the sweep and writes what had finished. Outside the main thread: left as it is."""
    try:
        previous = signal.signal(signal.SIGINT, lambda *_: event.set())
    except ValueError:  # not the main thread
        yield event
        return
    try:
        yield event
    finally:
        signal.signal(signal.SIGINT, previous)


def add_where_options(parser: argparse.ArgumentParser) -> None:
    """``--workers N | --scheduler ADDRESS``: where the tasks run."""
    where = parser.add_mutually_exclusive_group()
    where.add_argument(
        "--workers",
        type=worker_count,
        default=None,
        help="số tiến trình Dask trên máy này (mặc định: số lõi) / local worker processes",
    )
    where.add_argument(
        "--scheduler",
        default=None,
        help="địa chỉ bộ điều phối Dask tcp://MÁY:CỔNG (hoặc biến CCCD_DASK_SCHEDULER) / "
        "a Dask scheduler's address",
    )


def open_connection(args: argparse.Namespace, tasks: int) -> DaskConnection | None:
    """The Dask connection of ``--workers``/``--scheduler`` (a local cluster of at most one
    process per core and per task by default); ``None`` when Ctrl-C interrupted the start."""
    from planning.sweep import connect, scheduler_address
    from planning.sweep.cluster import machine_cores

    # --workers asks for this machine, even when CCCD_DASK_SCHEDULER is set.
    address = None if args.workers else scheduler_address(args.scheduler)
    n_workers = None if address else (args.workers or min(machine_cores(), tasks))
    where = address or f"{n_workers} tiến trình trên máy này / local processes"
    say(f"Khởi động Dask ({where}) … / starting Dask …")
    try:
        return connect(address, n_workers)
    except KeyboardInterrupt:
        say("Đã dừng trước khi giải, không ghi tệp nào / stopped before solving, nothing written")
        return None


def follow(stream: TaskStream[T], on_outcome: Callable[[T], None]) -> bool:
    """Hand each outcome of a started stream to ``on_outcome`` as it arrives; Ctrl-C stops the
    stream (what finished is kept). True when Ctrl-C was pressed."""
    with ctrl_c_sets(threading.Event()) as interrupted:
        while not stream.ended:
            if interrupted.is_set() and not stream.stopped:
                say("Đang dừng, hủy phần chưa xong … / stopping, cancelling the rest …")
                stream.stop()
            outcome = stream.next_outcome(timeout_s=POLL_S)
            if outcome is not None:
                on_outcome(outcome)
    return interrupted.is_set()


def run_sweep(args: argparse.Namespace) -> int:
    """Run the ``sweep`` sub-command; returns the exit code."""
    from planning.io.scenario import open_scenario
    from planning.report.sweep_report import progress_line
    from planning.sweep import Sweep, variant_grid
    from planning.sweep.output import SweepWriter

    loaded = open_scenario(args.scenario)
    scenario = loaded.scenario
    _check_deadlines(args.deadline, scenario.calendar.start)
    if not scenario.teams:
        raise InputError(
            [error("kịch bản không có tổ nào", "the scenario has no team", file=str(loaded.path))]
        )
    variants = variant_grid(args.teams, args.weekends, args.deadline, args.apps_per_hour)
    connection = open_connection(args, len(variants))
    if connection is None:
        return EXIT_STOPPED
    features = None
    if args.documents and loaded.boundaries is not None:
        from planning.io.boundaries import simplify_for_display

        features = simplify_for_display(loaded.boundaries.features)
    writer = SweepWriter(args.out, scenario, variants, args.lang, args.documents, features=features)
    with connection:
        say(
            f"{len(variants)} phương án trên {connection.slots()} luồng Dask ({connection.address})"
            f" / {len(variants)} variants on {connection.slots()} Dask threads"
        )
        sweep = Sweep(scenario, variants, args.time_limit, connection).start()

        def record(outcome: VariantOutcome) -> None:
            writer.add(outcome)
            say(progress_line(outcome, len(writer.outcomes), sweep.total))

        interrupted = follow(sweep, record)
    paths = writer.finish()
    for path in paths:
        print(path)
    outcomes = writer.in_order()
    if interrupted:
        return EXIT_STOPPED
    return EXIT_OK if all(o.solved for o in outcomes) else EXIT_SOME_FAILED
