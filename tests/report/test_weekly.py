"""The weekly review as Excel and PDF: sheets, values, page count, text, coverage map."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest

from planning.campaign.weekly import weekly_review
from planning.domain import Plan, Stop, TeamDay, Visit
from planning.report.weekly_report import (
    coverage_png,
    pct_colour,
    weekly_pdf,
    weekly_workbook,
)

WEEK_END = dt.date(2022, 12, 11)


@pytest.fixture(scope="module")
def loaded(tk_loaded):
    return tk_loaded


@pytest.fixture(scope="module")
def review(loaded):
    scenario = loaded.scenario
    actuals = [
        Visit("T1", dt.date(2022, 12, 8), "01447", 100),  # this week
        Visit("T2", dt.date(2022, 12, 9), "01477", 75),  # this week
        Visit("T1", dt.date(2022, 12, 4), "01471", 10),  # before the week: cumulative only
        Visit("T1", dt.date(2022, 12, 12), "01519", 50),  # after the week: ignored
    ]
    plan = Plan(
        (
            TeamDay("T1", dt.date(2022, 12, 13), (Stop("01519", 480, 960, 90, 30),)),
            TeamDay("T2", dt.date(2022, 12, 20), (Stop("01477", 480, 960, 80, 20),)),
        )
    )
    return weekly_review(scenario, actuals, plan, WEEK_END)


def pdf_text(data: bytes) -> tuple[int, str]:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements-dev) reads the PDF text")
    reader = pypdf.PdfReader(io.BytesIO(data))
    return len(reader.pages), "\n".join(p.extract_text() for p in reader.pages)


def images(data: bytes) -> int:
    pypdf = pytest.importorskip("pypdf")
    return sum(len(p.images) for p in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_workbook_sheets_and_values(loaded, review) -> None:
    book = openpyxl.load_workbook(io.BytesIO(weekly_workbook(review, loaded.scenario)))
    assert book.sheetnames == ["Tổng hợp tuần", "Theo xã", "Lịch tuần tới"]
    communes = book["Theo xã"]
    header = [c.value for c in communes[1]]
    assert header == [
        "Mã",
        "Đơn vị",
        "Trong độ tuổi",
        "Đã cấp",
        "Thu nhận trong tuần",
        "Lũy kế",
        "% đã cấp",
        "Còn lại",
        "Lịch tuần tới",
    ]
    assert communes.max_row == 1 + len(loaded.scenario.communes)
    rows = {r[0].value: [c.value for c in r] for r in communes.iter_rows(min_row=2)}
    tra_linh = rows["01447"]  # 3987 of age, 3843 issued, 144 not issued
    assert tra_linh[2:6] == [3987, 3843 + 100, 100, 100]
    assert tra_linh[6] == pytest.approx(round(100 * 3943 / 3987, 2))
    assert tra_linh[7] == 44
    assert rows["01471"][4:6] == [0, 10]  # taken before the week: cumulative only
    assert rows["01519"][4:6] == [0, 0]  # after the week: not counted
    assert rows["01519"][8].startswith("13/12/2022 ") and rows["01519"][8].endswith(" (90)")
    assert rows["01477"][8] == ""  # 20/12 is not next week
    assert communes["C2"].number_format == "#,##0"
    summary = book["Tổng hợp tuần"]
    assert "175 hồ sơ" in summary["A4"].value and "185 hồ sơ" in summary["A4"].value
    next_week = book["Lịch tuần tới"]
    assert next_week.max_row == 2 and next_week["C2"].value == "01519"
    assert next_week["A2"].number_format == "dd/mm/yyyy"


def test_workbook_in_english(loaded, review) -> None:
    book = openpyxl.load_workbook(io.BytesIO(weekly_workbook(review, loaded.scenario, "en")))
    assert book.sheetnames == ["Week summary", "By commune", "Next week"]


def test_pdf_pages_and_text(loaded, review) -> None:
    pages, text = pdf_text(weekly_pdf(review, loaded.scenario))
    assert pages >= 1
    for expected in (
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "BÁO CÁO",
        "tuần từ ngày 05/12/2022 đến ngày 11/12/2022",
        "Thị trấn Trà Lĩnh",
        "3.943",
        "98,90%",
        "LỊCH CẤP CCCD LƯU ĐỘNG TUẦN TỚI",
        "13/12/2022",
        "ngày 12 tháng 12 năm 2022",
    ):
        assert expected in text, expected


def test_pdf_with_coverage_map(loaded, review) -> None:
    features = loaded.boundaries.features
    png = coverage_png(loaded.scenario, features, {r.code: r.pct_issued for r in review.rows})
    assert png.startswith(b"\x89PNG")
    pdf = weekly_pdf(review, loaded.scenario, None, png)
    pages, text = pdf_text(pdf)
    assert pages == 2 and "BẢN ĐỒ TỶ LỆ ĐÃ CẤP" in text
    assert images(pdf) == 1 and images(weekly_pdf(review, loaded.scenario)) == 0


def test_pct_colours() -> None:
    assert pct_colour(None) == "#d9d9d9"
    assert pct_colour(50.0) != pct_colour(99.9)
    assert pct_colour(100.0) == pct_colour(99.9)
