"""A real Chromium downloads and opens every document the Export page offers, on the default
district scenario and on a province scenario built on the 2025 layer (Cao Bằng, the Trùng Khánh
table mapped onto its 2025 communes): workbooks with openpyxl, PDFs with pypdf, the HTML map
offline in Chromium, the notice text as UTF-8, the meeting's slides with python-pptx (titles,
figures, every shape on its slide). Every request to a non-local address is blocked
and recorded, and the page never says a document could not be made."""

from __future__ import annotations

import io
import time
from pathlib import Path

import openpyxl
import pypdf
import pytest
from pptx import Presentation

from tests.app.harness import nav, shot, widget_input
from tests.conftest import SHARED_GEODATA, TK_TABLE

pytestmark = pytest.mark.browser


def solve_here(page, verdict: str = "KỊP HẠN") -> None:
    """On the Plan page: the shortest time limit, "Lập kế hoạch", wait for the verdict."""
    nav(page, "Kế hoạch")
    slider = page.get_by_role("slider").first
    slider.wait_for(timeout=30_000)
    slider.focus()
    page.keyboard.press("Home")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Lập kế hoạch").click()
    page.locator('[data-testid="stAlert"]').filter(has_text=verdict).first.wait_for(timeout=120_000)


def download_all(page, context, folder: Path) -> dict[str, Path]:
    """Press every download button of the page (waiting for each file); name → saved path."""
    folder.mkdir(parents=True, exist_ok=True)
    # A button with help has a hidden twin (its tooltip's): only the visible ones are pressed.
    buttons = page.locator('[data-testid="stDownloadButton"] button:visible')
    buttons.first.wait_for(timeout=60_000)
    saved: dict[str, Path] = {}
    for i in range(buttons.count()):
        with page.expect_download(timeout=120_000) as info:
            buttons.nth(i).click()
        download = info.value
        target = folder / download.suggested_filename
        download.save_as(str(target))
        saved[download.suggested_filename] = target
    return saved


def open_each(saved: dict[str, Path], context) -> dict[str, str]:
    """Open each file with the reader of its type; what was read (text of PDFs and notices,
    sheet names of workbooks, commune outlines drawn of the map)."""
    read: dict[str, str] = {}
    for name, path in saved.items():
        data = path.read_bytes()
        if name.endswith(".xlsx"):
            book = openpyxl.load_workbook(io.BytesIO(data))
            read[name] = ",".join(book.sheetnames)
        elif name.endswith(".pdf"):
            reader = pypdf.PdfReader(io.BytesIO(data))
            assert len(reader.pages) >= 1, name
            read[name] = "\n".join(p.extract_text() for p in reader.pages)
        elif name.endswith(".html"):
            viewer = context.new_page()
            viewer.set_content(data.decode("utf-8"), wait_until="load")
            shapes = viewer.locator("path.commune-shape")
            shapes.first.wait_for(state="attached", timeout=30_000)
            read[name] = str(shapes.count())
            viewer.close()
        elif name.endswith(".txt"):
            read[name] = data.decode("utf-8")
        elif name.endswith(".pptx"):
            deck = Presentation(io.BytesIO(data))
            assert len(deck.slides) >= 5, name
            read[name] = "\n".join(
                shape.text_frame.text
                for slide in deck.slides
                for shape in slide.shapes
                if shape.has_text_frame
            )
        else:
            raise AssertionError(f"a document of an unknown type: {name}")
    return read


def deck_reads_back(path: Path) -> None:
    """The meeting's deck: its first titles, the verdict's figures, every shape on the slide."""
    prs = Presentation(str(path))
    titles = [slide.shapes.title.text_frame.text for slide in prs.slides]
    assert titles[:2] == ["KẾ HOẠCH CẤP CCCD LƯU ĐỘNG", "Kết quả dự kiến"]
    assert "Bản đồ phân công: tuyến và ngày tổ đến" in titles
    figures = {s.name: s.text_frame.text for s in prs.slides[1].shapes if s.has_text_frame}
    assert figures["figure-collectable"] == figures["figure-planned"] == "2.990"
    assert figures["verdict"].startswith("KỊP HẠN")
    for slide in prs.slides:
        for shape in slide.shapes:
            assert shape.left >= 0 and shape.top >= 0
            assert shape.left + shape.width <= prs.slide_width
            assert shape.top + shape.height <= prs.slide_height


def export_everything(page, folder: Path) -> dict[str, str]:
    """Export page: every document of the plan, then the first commune's notice."""
    nav(page, "Xuất")
    page.get_by_role("heading", name="Thông báo cho từng xã").wait_for(timeout=60_000)
    saved = download_all(page, page.context, folder)
    page.wait_for_timeout(1000)
    assert page.get_by_text("Không tạo được").count() == 0
    return open_each(saved, page.context)


def test_every_document_of_a_district_plan(server: str, browser_page, tmp_path: Path) -> None:
    page, blocked = browser_page
    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    solve_here(page)
    read = export_everything(page, tmp_path / "huyen")
    shot(page, "12_xuat_moi_tai_lieu_huyen")
    plan_files = {
        "ke-hoach-trung-khanh-12-2022.xlsx",
        "ke-hoach-trung-khanh-12-2022.pdf",
        "thong-bao-cac-xa.pdf",
        "ban-do-trung-khanh-12-2022.html",
        "trinh-chieu-trung-khanh-12-2022.pptx",
    }
    assert plan_files <= set(read), sorted(read)
    notices = sorted(set(read) - plan_files)  # the first commune's notice: text and PDF
    assert len(notices) == 2 and notices[0].startswith("thong-bao-"), notices
    assert {Path(n).suffix for n in notices} == {".pdf", ".txt"}
    assert read["ke-hoach-trung-khanh-12-2022.xlsx"].startswith("Tổng hợp,Theo xã")
    plan = read["ke-hoach-trung-khanh-12-2022.pdf"]
    assert "KẾ HOẠCH" in plan and "III. BẢN ĐỒ PHÂN CÔNG" in plan
    assert read["ban-do-trung-khanh-12-2022.html"] == "21"
    assert "THÔNG BÁO" in read["thong-bao-cac-xa.pdf"]
    assert "KẾ HOẠCH CẤP" in read["trinh-chieu-trung-khanh-12-2022.pptx"]
    deck_reads_back(tmp_path / "huyen" / "trinh-chieu-trung-khanh-12-2022.pptx")
    text = next(v for k, v in read.items() if k.endswith(".txt"))
    assert "THÔNG BÁO" in text
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"


@pytest.mark.skipif(
    not (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists() or not TK_TABLE.exists(),
    reason="national 2025 layer or the Trùng Khánh table not available",
)
def test_every_document_of_a_province_plan(server: str, browser_page, tmp_path: Path) -> None:
    page, blocked = browser_page
    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Tạo theo tỉnh (xã 2025)").click()
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Tỉnh, thành phố").first
    picker.click()
    page.get_by_role("option", name="Tỉnh Cao Bằng (04)").click()
    table = widget_input(page, "stTextInput", "đường dẫn tới bảng")
    table.wait_for(timeout=30_000)
    table.fill(str(TK_TABLE))
    table.press("Enter")
    match = page.get_by_role("button", name="Quy đổi sang xã 2025")
    deadline = time.monotonic() + 30
    while not match.is_enabled() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    match.click()
    page.get_by_text("Mọi tên đã khớp: 7 đơn vị").first.wait_for(timeout=60_000)
    page.get_by_role("button", name="Dùng kịch bản này").click()
    page.get_by_text("Đang dùng kịch bản mới").first.wait_for(timeout=30_000)
    solve_here(page, "HẠN")
    read = export_everything(page, tmp_path / "tinh")
    shot(page, "13_xuat_moi_tai_lieu_tinh")
    assert len(read) == 7, sorted(read)  # 4 of the plan, the slides, a commune's notice ×2
    deck = next(v for k, v in read.items() if k.endswith(".pptx"))
    assert "KẾ HOẠCH CẤP" in deck and "Cao Bằng" in deck
    workbook = next(v for k, v in read.items() if k.endswith(".xlsx"))
    assert workbook.startswith("Tổng hợp,Theo xã")
    html = next(v for k, v in read.items() if k.endswith(".html"))
    assert html == "7"
    plan = next(v for k, v in read.items() if k.startswith("ke-hoach") and k.endswith(".pdf"))
    assert "KẾ HOẠCH" in plan and "III. BẢN ĐỒ PHÂN CÔNG" in plan
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"
