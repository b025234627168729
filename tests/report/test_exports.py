"""Exported files are opened and checked: workbook, printable plan, notices, offline map."""

from __future__ import annotations

import io
import itertools
import json
import re
from dataclasses import replace

import openpyxl
import pytest

from planning.io.scenario import DEFAULT_SCENARIO
from planning.report.excel import plan_workbook, sheet_name
from planning.report.maps import plan_map, route_lines
from planning.report.notice import notice_pdf, notice_text
from planning.report.offline import external_references, offline_html
from planning.report.pdf import plan_pdf
from planning.report.plan_views import remaining_over_time, variant_kpis
from planning.report.static_map import plan_map_png
from planning.wording import verdict_sentence


@pytest.fixture(scope="module")
def solved(tk_solved):
    return tk_solved


def pdf_text(data: bytes) -> tuple[int, str]:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements-dev) reads the PDF text")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def test_workbook_sheets_values_and_formats(solved) -> None:
    loaded, result = solved
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(loaded.scenario, result)))
    assert book.sheetnames == [
        "Tổng hợp",
        "Theo xã",
        "Theo tổ",
        "Theo tổ - ngày",
        "Lịch",
        "Giả định",
        "T1 - Tổ lưu động 1",
        "T2 - Tổ lưu động 2",
    ]
    summary = book[sheet_name("summary")]
    assert summary["A4"].value == verdict_sentence(result, loaded.scenario)
    communes = book["Theo xã"]
    assert [c.value for c in communes[1]][:3] == ["Mã", "Đơn vị", "Cần thu nhận"]
    assert communes.max_row == 1 + len(loaded.scenario.communes)
    assert sum(communes.cell(r, 3).value for r in range(2, communes.max_row + 1)) == 2990
    assert communes["C2"].number_format == "#,##0"
    days = book["Theo tổ - ngày"]
    assert days["B2"].number_format == "dd/mm/yyyy"
    planned = sum(days.cell(r, 8).value for r in range(2, days.max_row + 1))
    assert planned == result.plan.applications
    notes = [row[3].value for row in book["Giả định"].iter_rows(min_row=2)]
    assert any("25 km/h" in n for n in notes)
    # Each team's own sheet holds its schedule: together they are the whole plan.
    own = [book[f"T{i} - Tổ lưu động {i}"] for i in (1, 2)]
    assert sum(ws.cell(r, 7).value or 0 for ws in own for r in range(4, ws.max_row + 1)) == (
        result.plan.applications
    )
    teams = book["Theo tổ"]
    assert sum(teams.cell(r, 7).value for r in (2, 3)) == result.plan.applications


def test_workbook_text_never_becomes_a_formula(solved) -> None:
    loaded, result = solved
    evil = replace(loaded.scenario.communes[0], name='=HYPERLINK("http://x","y")')
    scenario = replace(loaded.scenario, communes=(evil, *loaded.scenario.communes[1:]))
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(scenario, result)))
    cell = book["Theo xã"]["B2"]
    assert cell.data_type == "s" and cell.value.startswith("=HYPERLINK")
    assert cell.quotePrefix


def test_plan_pdf_layout_and_text(solved) -> None:
    loaded, result = solved
    png = plan_map_png(loaded.scenario, loaded.boundaries.features, result.plan)
    assert png.startswith(b"\x89PNG")
    data = plan_pdf(loaded.scenario, result, map_png=png)
    assert data.startswith(b"%PDF")
    assert b"LiberationSerif" in data or b"DejaVuSerif" in data
    pages, text = pdf_text(data)
    assert 2 <= pages <= 8
    for phrase in (
        "CÔNG AN HUYỆN TRÙNG",
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
        "ngày 06 tháng 12 năm 2022",
        "KẾ HOẠCH",
        "Xã Đức Hồng",
        "CĂN CỨ VÀ GIẢ ĐỊNH",
    ):
        assert phrase in text, phrase


def test_notice_text_and_pdf(solved) -> None:
    loaded, result = solved
    code = loaded.scenario.communes[0].code
    text = notice_text(loaded.scenario, result.plan, code)
    assert text.startswith("THÔNG BÁO")
    assert "thông tin cá nhân, giấy tờ liên quan nếu có" in text
    assert "14 tuổi" in text and "giám hộ" in text
    assert re.search(r"\d\d/12/2022, từ \d\d:\d\d đến \d\d:\d\d", text)
    codes = [c.code for c in loaded.scenario.communes]
    pages, pdf_body = pdf_text(notice_pdf(loaded.scenario, result.plan, codes))
    assert pages == len({v.commune_code for v in result.plan.visits() if v.applications})
    assert pdf_body.count("THÔNG BÁO") == pages


def test_offline_plan_map_has_every_commune_and_routes(solved) -> None:
    loaded, result = solved
    html = offline_html(plan_map(loaded.scenario, loaded.boundaries.features, result.plan))
    assert external_references(html) == []
    assert html.count('"type": "Feature"') >= 21 or html.count('"type":"Feature"') >= 21
    days = [d for d in result.plan.team_days if d.applications]
    lines = route_lines(loaded.scenario, result.plan, days)
    # A route driven on several dates is one line; every team-day is on one of them.
    assert sum(len(line.dates) for line in lines) == len(days)
    assert len({(line.team_id, line.points) for line in lines}) == len(lines)


def test_remaining_over_time_reaches_zero_when_the_plan_meets(solved) -> None:
    loaded, result = solved
    series = remaining_over_time(result.plan, loaded.scenario)
    assert series[0][1] == 2990 and series[-1][1] == 0
    assert all(a[1] >= b[1] for a, b in itertools.pairwise(series))


def test_verdict_when_the_plan_misses(solved) -> None:
    loaded, result = solved
    missed = replace(
        result,
        verdict="misses",
        collected_by_deadline=2500,
        remaining_by_deadline=490,
        upper_bound_by_deadline=2700,
        finish_date=None,
    )
    text = verdict_sentence(missed, loaded.scenario)
    assert text.startswith("KHÔNG KỊP HẠN") and "2.500/2.990" in text and "490" in text
    assert "2.700" in text
    assert json.dumps(text, ensure_ascii=False)


def test_notice_hours_are_on_the_quarter_hour_inside_the_service_time() -> None:
    import datetime as dt

    from planning.report.notice import Session

    session = Session(dt.date(2022, 12, 17), 9 * 60 + 59, 14 * 60 + 59, "Tổ 1", 138)
    assert (session.public_start_min, session.public_end_min) == (10 * 60, 14 * 60 + 45)
    short = Session(dt.date(2022, 12, 17), 9 * 60 + 50, 9 * 60 + 58, "Tổ 1", 2)
    assert short.public_start_min == 10 * 60 and short.public_end_min == 10 * 60


def test_the_assumptions_name_settings_in_words_not_file_keys() -> None:
    """ "Quy tắc, số hồ sơ tối thiểu mỗi điểm = 20", never "min_apps_per_stop = 20"."""
    from planning.io.scenario import load_scenario
    from planning.report.plan_views import assumption_rows
    from planning.wording import SETTING_LABELS

    scenario = load_scenario(DEFAULT_SCENARIO)
    for lang in ("vi", "en"):
        rows = assumption_rows(scenario, lang)
        shown = {key for _, key, _, _ in rows}
        assert not [k for k in shown if "_" in k]
    shown_vi = {key for _, key, _, _ in assumption_rows(scenario, "vi")}
    assert not shown_vi & set(SETTING_LABELS)
    vi = {(section, key): value for section, key, value, _ in assumption_rows(scenario, "vi")}
    assert vi[("Quy tắc", "số hồ sơ tối thiểu mỗi điểm")] == "20"
    assert vi[("Lịch", "ngày bắt đầu")] == "06/12/2022"
    assert vi[("Di chuyển", "tốc độ đi đường (km/giờ)")] == "25,0"
    en = {(s, k) for s, k, _, _ in assumption_rows(scenario, "en")}
    assert ("Rules", "fewest applications per stop") in en


def test_the_card_is_named_by_the_law_in_force_on_the_dates() -> None:
    import datetime as dt

    from planning.wording import card_terms

    before, after = card_terms(dt.date(2024, 6, 30)), card_terms(dt.date(2024, 7, 1))
    assert (before.card_vi, before.short_vi) == ("Căn cước công dân", "CCCD")
    assert (after.card_vi, after.short_vi) == ("thẻ căn cước", "căn cước")
    assert "dưới 14 tuổi" in after.who_vi and "dưới 14 tuổi" not in before.who_vi
    assert card_terms(dt.date(2024, 6, 20), dt.date(2024, 7, 10)) == after


def _one_visit_plan(scenario, day):
    from planning.domain import Plan, Stop, TeamDay

    code = scenario.communes[0].code
    team = scenario.teams[0].team_id
    stops = (Stop(code, 450, 900, 60, 30), Stop("BASE", 900, 930, 0, 30))
    return code, Plan((TeamDay(team, day, stops),))


def test_notices_and_documents_use_the_card_name_of_their_dates() -> None:
    import datetime as dt

    from planning.io.scenario import load_scenario
    from planning.report.notice import notice_text
    from tests.conftest import DEFAULT_DIR, REPO

    old = load_scenario(DEFAULT_DIR)
    code, plan = _one_visit_plan(old, dt.date(2022, 12, 8))
    text = notice_text(old, plan, code)
    assert "cấp Căn cước công dân lưu động" in text and "thẻ căn cước" not in text
    assert "dưới 14 tuổi" not in text
    new = load_scenario(REPO / "scenarios" / "cao_bang_2025")
    code, plan = _one_visit_plan(new, dt.date(2025, 9, 3))
    text = notice_text(new, plan, code)
    assert "cấp thẻ căn cước lưu động" in text and "Căn cước công dân" not in text
    assert "Công dân dưới 14 tuổi có nhu cầu cấp thẻ căn cước" in text
    assert "CCCD" not in text


def test_a_bound_equal_to_the_backlog_proves_nothing_in_the_documents(solved) -> None:
    loaded, result = solved
    trivial = replace(
        result,
        verdict="misses",
        collected_by_deadline=2500,
        remaining_by_deadline=490,
        upper_bound_by_deadline=result.collectable_backlog,
        finish_date=None,
    )
    book = openpyxl.load_workbook(io.BytesIO(plan_workbook(loaded.scenario, trivial)))
    cells = [str(c.value) for row in book[sheet_name("summary")].iter_rows() for c in row]
    assert any("không chứng minh được gì" in c for c in cells)
    assert not any("cận trên đã chứng minh)" in c for c in cells)
    _, text = pdf_text(plan_pdf(loaded.scenario, trivial))
    assert "không chứng minh được gì" in " ".join(text.split())
    kpis = variant_kpis({"a": (loaded.scenario, trivial)})
    assert "proves nothing" in " ".join(variant_kpis({"a": (loaded.scenario, trivial)}, "en")["a"])
    assert "không chứng minh được gì" in " ".join(kpis["a"])
