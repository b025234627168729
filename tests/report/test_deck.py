"""The meeting's slide deck, read back with python-pptx: the slides and their titles, the figures
against summary.json, every shape inside the slide, type sizes, user text kept inert, progress
slides from recorded intake, and the comparison of a sweep's variants."""

from __future__ import annotations

import datetime as dt
import io
import json
import re
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest
from pptx import Presentation
from pptx.util import Emu

from planning.cli.main import main
from planning.domain import Visit
from planning.formatting import fmt_date, fmt_int
from planning.io.plan import read_plan_file
from planning.io.scenario import DEFAULT_SCENARIO, open_scenario
from planning.io.solve_folder import what_from_summary
from planning.outcomes import OutcomeState, VariantOutcome
from planning.report.deck import DeckProgress, date_runs, plan_deck
from planning.report.deck_layout import inert, page_rows, wrap
from planning.solver import SolverOptions, solve
from planning.sweep.output import SWEEP_PPTX, SweepWriter
from planning.variants import Variant, apply_variant
from planning.wording import what_it_takes_lines

TK = DEFAULT_SCENARIO


@pytest.fixture(scope="module")
def exported(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The default scenario solved (with its what-if) and exported with --deck by the CLI."""
    folder = tmp_path_factory.mktemp("deck")
    plan_dir, out = folder / "plan", folder / "docs"
    solve_args = ["solve", str(TK), "--out", str(plan_dir), "--time-limit", "3"]
    assert main([*solve_args, "--what-if-time-limit", "4"]) == 0
    assert main(["export", str(TK), "--plan", str(plan_dir), "--out", str(out), "--deck"]) == 0
    return plan_dir, next(out.glob("trinh-chieu-*.pptx"))


@pytest.fixture(scope="module")
def solved():
    loaded = open_scenario(TK)
    return loaded, solve(loaded.scenario, SolverOptions(time_limit_s=3))


def titles(prs) -> list[str]:
    return [slide.shapes.title.text_frame.text for slide in prs.slides]


def shape_text(slide, name: str) -> str:
    return next(s for s in slide.shapes if s.name == name).text_frame.text


def table_rows(slide) -> list[list[str]]:
    table = next(s for s in slide.shapes if s.has_table).table
    return [[cell.text_frame.text for cell in row.cells] for row in table.rows]


def assert_inside(prs) -> None:
    """Every shape of every slide lies inside the slide."""
    width, height = prs.slide_width, prs.slide_height
    for number, slide in enumerate(prs.slides, start=1):
        for shape in slide.shapes:
            box = (shape.left, shape.top, shape.left + shape.width, shape.top + shape.height)
            assert box[0] >= 0 and box[1] >= 0, (number, shape.name, box)
            assert box[2] <= width and box[3] <= height, (number, shape.name, box)


def test_deck_of_the_default_scenario_reads_back(exported) -> None:
    plan_dir, path = exported
    summary = json.loads((plan_dir / "summary.json").read_text(encoding="utf-8"))
    prs = Presentation(str(path))
    assert round(prs.slide_width / prs.slide_height, 3) == round(16 / 9, 3)
    names = titles(prs)
    assert names[:5] == [
        "KẾ HOẠCH CẤP CCCD LƯU ĐỘNG",
        "Kết quả dự kiến",
        "Cần gì để kịp hạn",
        "Tỷ lệ chưa được cấp thẻ theo xã",
        "Bản đồ phân công: tuyến và ngày tổ đến",
    ]
    # One schedule slide per calendar week with visits (two teams fit one slide).
    plan = read_plan_file(plan_dir / "plan.csv", "plan", "plan", "", "")
    mondays = sorted({d.date - dt.timedelta(days=d.date.weekday()) for d in plan.team_days})
    schedule = [n for n in names if n.startswith("Lịch tuần")]
    assert len(schedule) == len(mondays) == 3
    assert schedule[0] == "Lịch tuần 1: 06/12/2022 – 11/12/2022"
    assert schedule[-1] == "Lịch tuần 3: 19/12/2022 – 25/12/2022"
    ranked = [n for n in names if n.startswith("Các xã theo số còn phải thu nhận")]
    assert ranked[0] == "Các xã theo số còn phải thu nhận" and len(ranked) <= 2
    assert names[-1] == "Nguồn số liệu" and "Giả định của kế hoạch" in names
    assert not any(n.startswith("Tiến độ") for n in names)  # no intake recorded
    assert (
        len(prs.slides)
        == len(names)
        == 5
        + len(schedule)
        + len(ranked)
        + sum(n.startswith(("Giả định", "Căn cứ", "Nguồn")) for n in names)
    )
    assert_inside(prs)

    verdict = prs.slides[1]
    assert shape_text(verdict, "figure-collectable") == fmt_int(summary["collectable_backlog"])
    assert shape_text(verdict, "figure-planned") == fmt_int(summary["collected_by_deadline"])
    assert shape_text(verdict, "figure-remaining") == fmt_int(summary["remaining_by_deadline"])
    assert shape_text(verdict, "verdict").startswith(
        "KỊP HẠN" if summary["verdict"] == "meets" else "KHÔNG KỊP HẠN"
    )
    assert f"{fmt_int(summary['collected_by_deadline'])}/" in shape_text(verdict, "sentence")

    scenario = open_scenario(TK).scenario
    what = what_from_summary(summary["what_it_takes"], scenario)
    assert what is not None
    said = shape_text(prs.slides[2], "body").split("\n")
    assert said == what_it_takes_lines(what, scenario)
    assert any("đã chứng minh" in line for line in said)

    rows = [
        r
        for slide in prs.slides
        if slide.shapes.title.text_frame.text in ranked
        for r in table_rows(slide)[1:]
    ]
    assert len(rows) == len(scenario.communes)
    by_name = {c.name: c.code for c in scenario.communes}
    for row in rows:
        remaining = summary["remaining_by_commune"][by_name[row[1]]]
        assert row[4] == fmt_int(remaining)
    assert [int(r[0]) for r in rows] == list(range(1, 22))
    # Ranked by what is left at the deadline, then by backlog.
    keys = [(int(r[4].replace(".", "")), int(r[2].replace(".", ""))) for r in rows]
    assert keys == sorted(keys, reverse=True)


def test_type_is_large_and_vietnamese(exported) -> None:
    prs = Presentation(str(exported[1]))
    for number, slide in enumerate(prs.slides, start=1):
        title = slide.shapes.title.text_frame.paragraphs[0].runs[0].font
        assert title.size.pt >= 22 and title.name == "Arial"
        for shape in slide.shapes:
            frames = (
                [c.text_frame for row in shape.table.rows for c in row.cells]
                if shape.has_table
                else [shape.text_frame]
                if shape.has_text_frame
                else []
            )
            for frame in frames:
                for run in (r for p in frame.paragraphs for r in p.runs):
                    smallest = 12 if shape.name == "footer" else 14
                    assert run.font.size.pt >= smallest, (number, shape.name, run.text)
    xml = zipfile.ZipFile(exported[1]).read("ppt/slides/slide2.xml").decode()
    assert 'lang="vi-VN"' in xml


def test_maps_are_pictures_at_the_slide_size(exported) -> None:
    prs = Presentation(str(exported[1]))
    for slide in list(prs.slides)[3:5]:
        pictures = [s for s in slide.shapes if s.shape_type == 13]
        assert len(pictures) == 1
        assert pictures[0].image.content_type == "image/png"
        assert Emu(pictures[0].width).inches > 10


def test_user_text_stays_inert(solved) -> None:
    loaded, result = solved
    scenario = loaded.scenario
    first, second = scenario.communes[:2]
    evil = (
        replace(first, name='=HYPERLINK("http://x.example","bấm")'),
        replace(second, name="<script>alert('x')</script> & $\\frac{$"),
        *scenario.communes[2:],
    )
    team = replace(scenario.teams[0], name="@SUM(A1) \x07 tổ")
    scenario = replace(
        scenario,
        name="Kịch bản <b>đậm</b>\x00",
        communes=evil,
        teams=(team, *scenario.teams[1:]),
    )
    data = plan_deck(scenario, result, None, loaded.boundaries.features)
    prs = Presentation(io.BytesIO(data))
    text = "\n".join(
        frame.text
        for slide in prs.slides
        for shape in slide.shapes
        for frame in (
            [c.text_frame for row in shape.table.rows for c in row.cells]
            if shape.has_table
            else [shape.text_frame]
            if shape.has_text_frame
            else []
        )
    )
    assert '=HYPERLINK("http://x.example","bấm")' in text
    assert "<script>alert('x')</script> & $\\frac{$" in text
    assert "@SUM(A1) \ufffd tổ" in text and "Kịch bản <b>đậm</b>\ufffd" in text
    with zipfile.ZipFile(io.BytesIO(data)) as pptx:
        parts = {n: pptx.read(n).decode("utf-8", "replace") for n in pptx.namelist()}
    slides = "".join(v for k, v in parts.items() if k.startswith("ppt/slides/slide"))
    assert "&lt;script&gt;" in slides and "<script>" not in slides
    assert not any("hlinkClick" in v or "relationships/hyperlink" in v for v in parts.values())
    assert_inside(prs)


def test_progress_slides_from_recorded_intake(solved) -> None:
    loaded, result = solved
    scenario = loaded.scenario
    visits = sorted(result.plan.visits(), key=lambda v: v.date)
    first_days = sorted({v.date for v in visits})[:2]
    actuals = tuple(
        Visit(v.team_id, v.date, v.commune_code, max(1, v.applications - 10))
        for v in visits
        if v.date in first_days
    )
    progress = DeckProgress(actuals, result.plan, first_days[-1])
    prs = Presentation(io.BytesIO(plan_deck(scenario, result, None, None, None, progress)))
    names = titles(prs)
    assert "Tiến độ: số còn phải thu nhận" in names
    week = f"Kết quả tuần {fmt_date(first_days[-1] - dt.timedelta(days=6))} – "
    week += f"{fmt_date(first_days[-1])} theo xã"
    assert week in names
    slide = prs.slides[names.index("Tiến độ: số còn phải thu nhận")]
    assert any(s.shape_type == 13 for s in slide.shapes)  # the burn-down chart
    pages = [table_rows(s) for s, n in zip(prs.slides, names, strict=True) if n.startswith(week)]
    assert all(page[0][:2] == ["Đơn vị", "Thu nhận trong tuần"] for page in pages)
    rows = [row for page in pages for row in page[1:]]
    assert len(rows) == len(scenario.communes) + 1
    total = rows[-1]
    assert total[0] == "Tổng cộng" and total[1] == fmt_int(sum(v.applications for v in actuals))
    # Without boundaries the map slides say so instead of showing a map.
    map_slide = prs.slides[names.index("Tỷ lệ chưa được cấp thẻ theo xã")]
    assert "Không có tệp ranh giới xã" in shape_text(map_slide, "body")
    assert_inside(prs)


def test_sweep_writes_the_comparison_slides(solved, tmp_path: Path) -> None:
    loaded, result = solved
    base = loaded.scenario
    two = Variant("2 tổ, làm cuối tuần", 2, True)
    late = Variant("<i>1 tổ</i>, hạn 31/12", 1, None, dt.date(2022, 12, 31))
    outcomes = [
        VariantOutcome(two, apply_variant(base, two), OutcomeState.SOLVED, result, worker="local"),
        VariantOutcome(late, apply_variant(base, late), OutcomeState.FAILED, error="hết bộ nhớ"),
    ]
    writer = SweepWriter(tmp_path, base, [two, late])
    writer.outcomes = {o.variant.name: o for o in outcomes}
    paths = writer.finish()
    assert tmp_path / SWEEP_PPTX in paths
    prs = Presentation(str(tmp_path / SWEEP_PPTX))
    assert titles(prs) == [
        "SO SÁNH PHƯƠNG ÁN",
        "Các phương án của “Trùng Khánh, 12/2022”",
        "Thu nhận đến hạn theo số tổ",
    ]
    rows = table_rows(prs.slides[1])
    assert rows[0] == [
        "Phương án",
        "Số tổ",
        "Làm cuối tuần",
        "Hạn chót",
        "Dự kiến thu nhận đến hạn",
        "Kết luận",
    ]
    assert rows[1][:5] == ["2 tổ, làm cuối tuần", "2", "có", "25/12/2022", "2.990/2.990"]
    assert rows[1][5].startswith("KỊP HẠN")
    assert rows[2][:4] == ["<i>1 tổ</i>, hạn 31/12", "1", "có", "31/12/2022"]
    assert rows[2][4] == "—" and rows[2][5] == "lỗi: hết bộ nhớ"
    assert_inside(prs)


def test_layout_helpers() -> None:
    assert date_runs([dt.date(2022, 12, d) for d in (8, 9, 10, 14)]) == "08–10/12, 14/12"
    assert date_runs([dt.date(2022, 11, 30), dt.date(2022, 12, 1)]) == "30/11–01/12"
    assert inert("a\x00b\x1fc\td") == "a\ufffdb\ufffdc\td"
    lines = wrap("Thị trấn Trùng Khánh " * 6, 2.0, 16)
    assert len(lines) > 3 and all(lines)
    long_word = wrap("X" * 80, 1.0, 16)
    assert len(long_word) > 1 and "".join(long_word) == "X" * 80
    assert page_rows(0.5, [1.0] * 7, 3.5) == [[0, 1, 2], [3, 4, 5], [6]]
    assert page_rows(0.5, [9.0, 1.0], 3.5) == [[0], [1]]
    assert page_rows(0.5, [], 3.5) == [[]]


def test_export_deck_with_an_actuals_file(exported, tmp_path: Path) -> None:
    plan_dir, _ = exported
    plan = read_plan_file(plan_dir / "plan.csv", "plan", "plan", "", "")
    day = min(d.date for d in plan.team_days if d.applications)
    visits = [v for v in plan.visits() if v.date == day]
    table = tmp_path / "thuc_te.csv"
    table.write_text(
        "date,team_id,commune_code,applications\n"
        + "".join(f"{v.date},{v.team_id},{v.commune_code},{v.applications}\n" for v in visits),
        encoding="utf-8",
    )
    out = tmp_path / "docs"
    args = ["export", str(TK), "--plan", str(plan_dir), "--out", str(out), "--deck"]
    assert main([*args, "--actuals", str(table)]) == 0
    prs = Presentation(str(next(out.glob("*.pptx"))))
    assert "Tiến độ: số còn phải thu nhận" in titles(prs)
    bad = tmp_path / "sai.csv"
    bad.write_text("date,team_id,commune_code,applications\n2022-12-08,T9,99999,5\n", "utf-8")
    assert main([*args, "--actuals", str(bad)]) == 1
    assert re.search(r"T9|99999", "".join(p.name for p in out.iterdir())) is None


def test_compare_page_comparison_deck(solved) -> None:
    from planning.report.deck import comparison_deck, lines_from_solved

    loaded, result = solved
    base = loaded.scenario
    three = apply_variant(base, Variant("3 tổ", 3))
    data = comparison_deck(
        base.name, lines_from_solved({"Hiện tại": (base, result), "3 tổ": (three, result)})
    )
    prs = Presentation(io.BytesIO(data))
    assert titles(prs) == ["SO SÁNH PHƯƠNG ÁN", "Các phương án của “Trùng Khánh, 12/2022”"]
    rows = table_rows(prs.slides[1])
    assert [r[:2] for r in rows[1:]] == [["Hiện tại", "2"], ["3 tổ", "3"]]
    assert_inside(prs)


def test_a_bound_equal_to_the_backlog_proves_nothing_on_the_slides(solved) -> None:
    loaded, result = solved
    trivial = replace(
        result,
        verdict="misses",
        collected_by_deadline=result.collectable_backlog - 100,
        remaining_by_deadline=100,
        upper_bound_by_deadline=result.collectable_backlog,
        finish_date=None,
    )
    prs = Presentation(io.BytesIO(plan_deck(loaded.scenario, trivial)))
    sentences = [
        shape.text_frame.text
        for slide in prs.slides
        for shape in slide.shapes
        if shape.name == "sentence"
    ]
    joined = " ".join(" ".join(s.split()) for s in sentences)
    assert "không chứng minh được gì" in joined and "cận trên đã chứng minh" not in joined
