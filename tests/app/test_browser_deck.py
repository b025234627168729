"""A real Chromium plans the default scenario, downloads the meeting's slide deck from the Export
page and opens it with python-pptx (every request to a non-local address is blocked and
recorded)."""

from __future__ import annotations

import pytest
from pptx import Presentation

from tests.app.harness import ARTIFACTS, nav, shot

pytestmark = pytest.mark.browser


def test_export_page_downloads_the_meeting_deck(server: str, browser_page) -> None:
    page, blocked = browser_page
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    nav(page, "Kế hoạch")
    page.get_by_role("button", name="Lập kế hoạch").click()
    verdict = page.locator('[data-testid="stAlert"]').filter(has_text="KỊP HẠN:").first
    verdict.wait_for(timeout=90_000)

    nav(page, "Xuất")
    button = page.get_by_role("button", name="Tải trình chiếu cuộc họp (PPTX)")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=120_000) as info:
        button.click()
    download = info.value
    assert download.suggested_filename == "trinh-chieu-trung-khanh-12-2022.pptx"
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / download.suggested_filename
    download.save_as(str(target))
    shot(page, "12_xuat_trinh_chieu")

    prs = Presentation(str(target))
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
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"
