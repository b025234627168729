"""A real Chromium draws a province's 2025 communes on the Data page, offline, and a click on the
map adds a commune to the area (every request to a non-local address is blocked and recorded)."""

from __future__ import annotations

import time

import pytest

from tests.app.harness import shot
from tests.conftest import SHARED_GEODATA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists(),
        reason="national 2025 layer not available",
    ),
]
PICKER = 'iframe[title="streamlit_folium.st_folium"]'


def _picking_frame(page, selected: int):
    """The picking map once it shows ``selected`` chosen communes (it is re-mounted on a click;
    the Teams tab's base picker is another map of the same kind on the page)."""
    deadline = time.monotonic() + 40
    while time.monotonic() < deadline:
        frames = [page.frame_locator(PICKER).nth(i) for i in range(page.locator(PICKER).count())]
        found = [f for f in frames if f.locator("path.area-commune").count()]
        if len(found) == 1 and found[0].locator("path.area-selected").count() == selected:
            page.wait_for_timeout(300)
            return found[0]
        page.wait_for_timeout(250)
    shot(page, "11_loi_ban_do_tinh")
    raise AssertionError(f"the picking map never showed {selected} chosen communes")


def test_province_map_drawn_offline_and_clicked(server: str, browser_page) -> None:
    page, blocked = browser_page
    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Tạo theo tỉnh (xã 2025)").click()
    picker = page.locator('[data-testid="stSelectbox"]').filter(has_text="Tỉnh, thành phố").first
    picker.click()
    page.get_by_role("option", name="Tỉnh Cao Bằng (04)").click()
    frame = _picking_frame(page, 0)
    assert frame.locator("path.area-commune").count() == 56
    assert frame.locator("path.area-commune[data-code='01477']").count() == 1
    frame.locator("path.area-commune[data-code='01477']").click()
    frame = _picking_frame(page, 1)
    chosen = frame.locator("path.area-selected").first.get_attribute("data-code")
    area = page.locator('[data-testid="stMultiSelect"]').filter(has_text="Các xã của địa bàn")
    assert f"({chosen})" in area.first.inner_text()
    shot(page, "11_chon_dia_ban_theo_tinh")
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"
