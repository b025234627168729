"""A real Chromium, offline: a province table by former communes → a scenario whose former
communes are intake points (Data page) → the points on the map, one moved by a click → a plan →
the Export page's notices naming each point, downloaded and opened; the commune totals do not
change (every request to a non-local address is blocked and recorded)."""

from __future__ import annotations

import io
from pathlib import Path

import pytest

from tests.app.harness import ARTIFACTS, nav, shot, widget_input
from tests.conftest import SHARED_GEODATA
from tests.drafting.test_on_layer2025 import dak_doa_table

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (SHARED_GEODATA / "national" / "communes_2009_national.gpkg").exists(),
        reason="national geodata not available",
    ),
]
PICKER = 'iframe[title="streamlit_folium.st_folium"]'


def _points_frame(page, count: int, chosen: str = ""):
    """The Data page's points map (its iframe and its frame) once it shows ``count`` point
    markers, ``chosen`` as the chosen one when given."""
    wanted = f"path.intake-point-{chosen}.intake-point-chosen" if chosen else "path.intake-point"
    for _ in range(160):
        for i in range(page.locator(PICKER).count()):
            frame = page.frame_locator(PICKER).nth(i)
            if frame.locator("path.intake-point").count() == count and (
                frame.locator(wanted).count() >= 1
            ):
                page.wait_for_timeout(300)
                return page.locator(PICKER).nth(i), frame
        page.wait_for_timeout(250)
    shot(page, "13_loi_diem_tiep_nhan")
    frames = [page.frame_locator(PICKER).nth(i) for i in range(page.locator(PICKER).count())]
    counts = [f.locator("path.intake-point").count() for f in frames]
    raise AssertionError(f"the points map never showed {count} points: {counts}")


def _click_beside(frame, marker: str, dx: float) -> None:
    """Click the map ``dx`` pixels beside a marker (inside the same commune, off the marker)."""
    spot = frame.locator(marker).bounding_box()
    origin = frame.locator(".leaflet-container").bounding_box()
    assert spot is not None and origin is not None
    x = spot["x"] + spot["width"] / 2 - origin["x"] + dx
    y = spot["y"] + spot["height"] / 2 - origin["y"]
    frame.locator(".leaflet-container").click(position={"x": x, "y": y})


def _pdf_text(data: bytes) -> str:
    pypdf = pytest.importorskip("pypdf", reason="pypdf (requirements-dev) reads the PDF text")
    return "\n".join(page.extract_text() for page in pypdf.PdfReader(io.BytesIO(data)).pages)


def test_former_communes_become_points_named_on_the_notices(
    server: str, browser_page, tmp_path: Path
) -> None:
    page, blocked = browser_page
    table = dak_doa_table(tmp_path)
    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)

    # Data page, "new on the 2025 communes": Gia Lai, the Đak Đoa table by former communes.
    page.get_by_role("tab", name="Tạo theo tỉnh (xã 2025)").click()
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Tỉnh, thành phố").first
    picker.click()
    page.get_by_role("option", name="Tỉnh Gia Lai (52)").click()
    path = widget_input(page, "stTextInput", "hoặc đường dẫn tới bảng")
    path.fill(str(table))
    path.press("Enter")
    page.get_by_text("Mỗi xã cũ trong bảng là một điểm tiếp nhận của xã mới").first.click()
    page.get_by_role("button", name="Quy đổi sang xã 2025").click()
    page.get_by_text("Điểm tiếp nhận theo xã cũ: 15 điểm ở 5 xã").first.wait_for(timeout=90_000)
    page.get_by_role("button", name="Dùng kịch bản này").click()
    page.get_by_text("Có thay đổi chưa lưu").first.wait_for(timeout=60_000)

    # The points on the map (15 former commune halls + 2 communes' own venues); move Ia Pết's.
    page.get_by_role("tab", name="Điểm tiếp nhận").click()
    _, frame = _points_frame(page, 17)
    assert frame.locator("path.intake-point-23710-2").count() == 1
    which = page.locator('[data-testid="stSelectbox"]').filter(has_text="Điểm").first
    which.click()
    page.get_by_role("option", name="Điểm UBND xã cũ Ia Pết (23710-2)").click()
    _, frame = _points_frame(page, 17, "23710-2")
    _click_beside(frame, "path.intake-point-23710-2", 9)
    page.get_by_text("Đã đặt Điểm UBND xã cũ Ia Pết (23710-2)").first.wait_for(timeout=40_000)
    shot(page, "13_diem_tiep_nhan_tren_ban_do")
    # A new point where the map is clicked, in the commune under the click (Ia Băng again).
    which = page.locator('[data-testid="stSelectbox"]').filter(has_text="Điểm").first
    which.click()
    page.get_by_role("option", name="(điểm mới tại chỗ bấm)").click()
    _, frame = _points_frame(page, 17)
    _click_beside(frame, "path.intake-point-23710-3", -9)
    page.get_by_text("Đã đặt Điểm mới (23710-4)").first.wait_for(timeout=40_000)
    _points_frame(page, 18)

    # A plan; its totals stay by commune (the table's collectable backlog, 8.827).
    nav(page, "Kế hoạch")
    page.get_by_role("button", name="Lập kế hoạch").click()
    verdict = page.locator('[data-testid="stAlert"]').filter(has_text="HẠN").first
    verdict.wait_for(timeout=120_000)
    assert page.get_by_text("8.827").count() >= 1

    # Export: the commune's notice names its points; a point's own notice downloaded.
    nav(page, "Xuất")
    commune = page.locator('[data-testid="stSelectbox"]').filter(has_text="Xã").first
    commune.wait_for(timeout=60_000)
    commune.click()
    page.get_by_role("option", name="Xã Ia Băng", exact=True).click()
    notice = widget_input(page, "stTextArea", "Nội dung thông báo", "textarea")
    for _ in range(120):  # the text area follows the choice after a rerun
        text = notice.input_value()
        if "tại Xã Ia Băng" in text:
            break
        page.wait_for_timeout(250)
    assert "- Tại Điểm UBND xã cũ" in text and "Xã Ia Băng" in text
    point_picker = page.locator('[data-testid="stSelectbox"]').filter(
        has_text="Thông báo của từng điểm tiếp nhận"
    )
    point_picker.first.wait_for(timeout=30_000)
    chosen = point_picker.first.inner_text()
    with page.expect_download(timeout=120_000) as info:
        page.get_by_role("button", name="Tải thông báo của điểm (PDF)").first.click()
    download = info.value
    assert download.suggested_filename.startswith("thong-bao-xa-ia-bang-diem-ubnd-xa-cu-")
    ARTIFACTS.mkdir(exist_ok=True)
    target = ARTIFACTS / download.suggested_filename
    download.save_as(str(target))
    pdf = _pdf_text(target.read_bytes())
    assert "THÔNG BÁO" in pdf and "Xã Ia Băng" in pdf
    assert any(name in pdf for name in ("A Dơk", "Ia Pết", "Ia Băng")), chosen
    shot(page, "13_thong_bao_diem")
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"
