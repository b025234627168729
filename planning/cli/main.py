"""Command line: ``python -m planning check|new|export-inputs|solve|replan|sweep|export|national|
add-points``.

Output is Vietnamese by default (``--lang en`` for English). Exit status: 0 on success, 1 when the
input has errors (nothing is written then), 2 on usage errors.
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from planning.errors import InputError, Problem

if TYPE_CHECKING:
    from planning.domain import RowChoice
from planning.formatting import fmt_date
from planning.wording import tr


def _say(text: str = "") -> None:
    sys.stdout.write(text + "\n")


def _report(problems: Sequence[Problem], lang: str) -> None:
    for problem in problems:
        sys.stderr.write(problem.render(lang) + "\n")


# --- check --------------------------------------------------------------------------------------


#: Widths of the check table's columns in the terminal (negative: left-aligned), in the order of
#: :func:`planning.report.data_views.check_table`; two spaces before the last.
CHECK_WIDTHS = (-6, -27, 13, 8, 9, 7, 15, 13)
#: Unit names are cut to this many characters so the columns stay aligned.
CHECK_NAME_CHARS = 26


def _terminal_row(cells: Sequence[str]) -> str:
    """One row of the check table as fixed-width text."""
    *fixed, last = cells
    name = fixed[1][:CHECK_NAME_CHARS]
    parts = [
        f"{text:<{-width}}" if width < 0 else f"{text:>{width}}"
        for text, width in zip([fixed[0], name, *fixed[2:]], CHECK_WIDTHS, strict=True)
    ]
    return (" ".join(parts) + "  " + last).rstrip()


def _summary_lines(loaded: object, lang: str) -> list[str]:
    from planning.io.scenario import LoadedScenario
    from planning.report.data_views import check_table

    assert isinstance(loaded, LoadedScenario)
    s = loaded.scenario
    cal = s.calendar
    lines = [
        tr(lang, f"Kịch bản: {s.name}", f"Scenario: {s.name}"),
        tr(
            lang,
            f"Từ {fmt_date(cal.start)} đến hạn chót {fmt_date(cal.deadline)}",
            f"From {fmt_date(cal.start, 'en')} to deadline {fmt_date(cal.deadline, 'en')}",
        ),
        tr(
            lang,
            f"Số tổ: {len(s.teams)}; số xã: {len(s.communes)}",
            f"Teams: {len(s.teams)}; communes: {len(s.communes)}",
        ),
        "",
    ]
    table = check_table(s, lang)
    lines.append(_terminal_row(table.labels(short=True)))
    lines += [_terminal_row(row) for row in table.texts()]
    if any(c.estimated_fields for c in s.communes):
        lines.append(
            tr(
                lang,
                "* số ước tính (không phải số công bố) — xem ghi chú của kịch bản",
                "* estimated figure (not published) — see the scenario's notes",
            )
        )
    return lines


def cmd_check(args: argparse.Namespace) -> int:
    """Validate a scenario and print its per-commune summary."""
    from planning.io.scenario import check_scenario

    loaded, problems = check_scenario(args.scenario)
    _report(problems, args.lang)
    if loaded is None:
        _say(
            tr(
                args.lang,
                f"KHÔNG HỢP LỆ: {sum(p.is_error for p in problems)} lỗi.",
                f"INVALID: {sum(p.is_error for p in problems)} error(s).",
            )
        )
        return 1
    for line in _summary_lines(loaded, args.lang):
        _say(line)
    _say()
    _say(
        tr(args.lang, f"HỢP LỆ ({len(problems)} cảnh báo).", f"VALID ({len(problems)} warning(s)).")
    )
    return 0


# --- export-inputs ------------------------------------------------------------------------------


def cmd_export_inputs(args: argparse.Namespace) -> int:
    """Write the solver inputs as CSV files."""
    from planning.io.export_inputs import export_inputs
    from planning.io.scenario import load_scenario

    try:
        scenario = load_scenario(args.scenario)
    except InputError as exc:
        _report(exc.problems, args.lang)
        return 1
    for path in export_inputs(scenario, Path(args.out)):
        _say(str(path))
    return 0


# --- new ----------------------------------------------------------------------------------------


def _parse_base(text: str) -> tuple[float, float]:
    try:
        lat_text, lon_text = text.split(",")
        return float(lat_text), float(lon_text)
    except ValueError:
        raise argparse.ArgumentTypeError(
            f"--base cần dạng VĨ_ĐỘ,KINH_ĐỘ, ví dụ 22.83,106.52 (nhận được {text!r})"
        ) from None


def _parse_day(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"cần ngày dạng YYYY-MM-DD (nhận được {text!r})") from None


def _parse_alias(text: str) -> tuple[str, str]:
    name, sep, code = text.rpartition("=")
    if not sep or not name.strip() or not code.strip():
        raise argparse.ArgumentTypeError(
            f'--alias cần dạng "Tên trong bảng=MÃ" (nhận được {text!r})'
        )
    return name.strip(), code.strip()


def _parse_name(text: str) -> str:
    if not text.strip():
        raise argparse.ArgumentTypeError("--leave-out cần tên một dòng của bảng")
    return text.strip()


def _choices(args: argparse.Namespace) -> tuple[RowChoice, ...]:
    """The choices for open rows: those kept in ``--choices-from`` scenarios, then the command
    line's (a later choice for the same name wins)."""
    from planning.domain import ChoiceKind, RowChoice
    from planning.io.scenario import load_scenario

    kept: list[RowChoice] = []
    for path in args.choices_from or []:
        kept += load_scenario(path).row_choices
    kept += [RowChoice(n, ChoiceKind.FORMER, c) for n, c in args.assign_former or []]
    kept += [RowChoice(n, ChoiceKind.LEAVE_OUT) for n in args.leave_out or []]
    return tuple(kept)


def _area_items(text: str) -> tuple[tuple[str, ...], str]:
    """``--area`` as items (codes or names) and where they came from (``@file`` reads a file)."""
    from planning.io.layer2025 import read_area_file

    if text.startswith("@"):
        path = Path(text[1:])
        return tuple(read_area_file(path)), path.name
    return tuple(p.strip() for p in text.replace(";", ",").split(",") if p.strip()), "--area"


def cmd_new(args: argparse.Namespace) -> int:
    """Build a scenario folder from a backlog table and a boundary file or the 2025 layer."""
    from planning.drafting.defaults import NEW_SCENARIO
    from planning.drafting.new_scenario import build_new_scenario
    from planning.drafting.request import NewScenarioRequest

    try:
        area, area_source = _area_items(args.area or "")
        request = NewScenarioRequest(
            out_dir=Path(args.out_dir),
            table=Path(args.table),
            boundaries=Path(args.boundaries) if args.boundaries else None,
            name=args.name,
            start=args.start,
            deadline=args.deadline,
            teams=NEW_SCENARIO.teams if args.teams is None else args.teams,
            base=args.base,
            aliases=dict(args.alias or []),
            province=args.province or "",
            area=area,
            area_source=area_source,
            teams_file=Path(args.teams_file) if args.teams_file else None,
            split_rule=args.split_rule or "",
            choices=_choices(args),
            points=Path(args.points) if args.points else None,
            former_points=args.former_points,
        )
        outcome = build_new_scenario(request)
    except InputError as exc:
        _report(exc.problems, args.lang)
        _say(tr(args.lang, "Không ghi tệp nào.", "Nothing was written."))
        return 1
    for line in outcome.report_lines(args.lang):
        _say(line)
    _report(outcome.warnings, args.lang)
    if outcome.toml_path is None:
        _say(
            tr(
                args.lang,
                "Không ghi tệp nào: còn dòng chưa xác định được xã (xem trên). Chọn cho từng "
                'dòng rồi chạy lại với --assign-former "Tên=MÃ_CŨ" (đơn vị cũ), --assign '
                '"Tên=MÃ" (xã 2025) hoặc --leave-out "Tên" (bỏ dòng đó; đơn vị cũ bị chia: hoặc '
                "--split-rule population|area). Lựa chọn được lưu trong kịch bản; lần sau dùng "
                "lại bằng --choices-from THƯ_MỤC_KỊCH_BẢN.",
                "Nothing was written: some rows are not settled (see above). Choose for each "
                'row and run again with --assign-former "Name=FORMER_CODE" (a former unit), '
                '--assign "Name=CODE" (a 2025 commune) or --leave-out "Name" (drop the row; for '
                "a split old unit: or --split-rule population|area). The choices are kept in "
                "the scenario; reuse them next time with --choices-from SCENARIO_DIR.",
            )
        )
        return 1
    _say(
        tr(
            args.lang,
            f"Đã tạo kịch bản: {outcome.toml_path}",
            f"Scenario written: {outcome.toml_path}",
        )
    )
    return 0


# --- parser -------------------------------------------------------------------------------------


def build_parser() -> argparse.ArgumentParser:
    """The argument parser with every subcommand."""
    parser = argparse.ArgumentParser(
        prog="python -m planning",
        description="Lập kế hoạch tổ cấp CCCD lưu động / Mobile ID-card intake planning",
    )
    parser.add_argument(
        "--lang",
        choices=("vi", "en"),
        default="vi",
        help="ngôn ngữ thông báo / message language (vi)",
    )
    sub = parser.add_subparsers(dest="command", required=True)

    check = sub.add_parser("check", help="kiểm tra kịch bản / validate a scenario")
    check.add_argument("scenario", help="tệp .toml hoặc thư mục kịch bản")
    check.set_defaults(func=cmd_check)

    new = sub.add_parser(
        "new",
        help="tạo kịch bản từ bảng số liệu và tệp ranh giới, hoặc theo tỉnh/xã sau 01/7/2025",
    )
    new.add_argument("out_dir")
    new.add_argument("--table", required=True, help="bảng số liệu chưa cấp (CSV/TSV/XLSX)")
    new.add_argument(
        "--boundaries",
        default=None,
        help="tệp ranh giới (GeoJSON/SHP zip/GPKG/KML); không ghi: dùng lớp xã toàn quốc 2025",
    )
    new.add_argument(
        "--province",
        default=None,
        help='tỉnh/thành phố sau 01/7/2025: tên ("Gia Lai", "Tỉnh Gia Lai") hoặc mã 2 số',
    )
    new.add_argument(
        "--area",
        default=None,
        help="các xã 2025 của địa bàn: MÃ,MÃ,... hoặc tên; @tệp = đọc từ tệp (mặc định: các xã "
        "có trong bảng)",
    )
    new.add_argument(
        "--teams-file",
        default=None,
        help="tệp tổ (CSV/XLSX): team_id,name,base,apps_per_hour,setup_min,shift_hours,"
        "working_weekdays; base = mã/tên xã hoặc VĨ_ĐỘ,KINH_ĐỘ",
    )
    new.add_argument(
        "--split-rule",
        choices=("population", "area"),
        default=None,
        help="chia số liệu của đơn vị cũ bị chia cho nhiều xã: theo dân số hoặc diện tích",
    )
    new.add_argument(
        "--points",
        default=None,
        help="tệp điểm tiếp nhận (CSV/XLSX): xã, tên điểm, loại, vĩ độ, kinh độ, số người, "
        "công suất, ngày mở, giờ mở",
    )
    new.add_argument(
        "--former-points",
        action=argparse.BooleanOptionalAction,
        default=False,
        help="lớp xã 2025: mỗi xã cũ trong bảng thành một điểm tiếp nhận của xã mới (tại xã cũ, "
        "với số liệu của dòng đó)",
    )
    new.add_argument("--name", default="")
    new.add_argument("--start", type=_parse_day, default=None)
    new.add_argument("--deadline", type=_parse_day, default=None)
    new.add_argument("--teams", type=int, default=None, help="số tổ (mặc định 2)")
    new.add_argument("--base", type=_parse_base, default=None, help="VĨ_ĐỘ,KINH_ĐỘ")
    new.add_argument(
        "--alias",
        "--assign",
        dest="alias",
        type=_parse_alias,
        action="append",
        help='"Tên trong bảng=MÃ": chọn xã 2025 cho một dòng (tên chưa khớp, đơn vị cũ bị chia '
        "hoặc chưa rõ); lưu làm tên gọi khác của xã",
    )
    new.add_argument(
        "--assign-former",
        type=_parse_alias,
        action="append",
        help='"Tên trong bảng=MÃ_CŨ": dòng này là đơn vị cũ (trước 01/7/2025) mã đó; số liệu '
        "vào xã 2025 mà đơn vị đó sáp nhập vào",
    )
    new.add_argument(
        "--leave-out",
        type=_parse_name,
        action="append",
        help='"Tên trong bảng": bỏ dòng này ra (tổng trước/sau quy đổi ghi rõ số bỏ ra)',
    )
    new.add_argument(
        "--choices-from",
        action="append",
        help="dùng lại lựa chọn cho các dòng đã lưu trong kịch bản này (thư mục hoặc .toml)",
    )
    new.set_defaults(func=cmd_new)

    export = sub.add_parser("export-inputs", help="xuất dữ liệu đầu vào của bộ giải (CSV)")
    export.add_argument("scenario")
    export.add_argument("--out", required=True)
    export.set_defaults(func=cmd_export_inputs)

    _add_optional_commands(sub)
    return parser


def _add_optional_commands(sub: argparse._SubParsersAction[argparse.ArgumentParser]) -> None:
    """Subcommands that live in their own modules (solver, re-planning, sweeps, documents)."""
    from planning.cli.export import add_export_parser
    from planning.cli.national import add_national_parser
    from planning.cli.points import add_points_parser
    from planning.cli.replan import add_replan_parser
    from planning.cli.solve import add_solve_parser
    from planning.cli.sweep import add_sweep_parser

    add_solve_parser(sub)
    add_replan_parser(sub)
    add_sweep_parser(sub)
    add_export_parser(sub)
    add_national_parser(sub)
    add_points_parser(sub)


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point; returns the exit status."""
    parser = build_parser()
    args = parser.parse_args(argv)
    try:
        return int(args.func(args))
    except InputError as exc:
        _report(exc.problems, args.lang)
        return 1
