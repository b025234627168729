"""A real Chromium finishes a Lai Châu-style import on the Data page: Lai Châu's 108 former
communes (the 2009 layer's names and districts, illustrative figures) leave 7 rows open; each is
settled in the page — a former unit offered for a misspelt name ("Xã Can Hồ" → the former Kan
Hồ), a commune of the province found by typing, a row left out — the totals agree to the person,
the scenario is used, and importing the table again asks nothing (the choices are kept). The
Teams tab's base map opens on the area, not on the whole world. Every request to a non-local
address is blocked and recorded."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from tests.app.harness import shot
from tests.conftest import SHARED_GEODATA

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(
        not (SHARED_GEODATA / "national" / "communes_2009_national.gpkg").exists(),
        reason="national geodata not available",
    ),
]
#: Each open row (in table order) and the words of the option to pick, typed to search.
CHOICES = (
    ("Xã Nậm Loỏng", "Tân Phong", "Xã của tỉnh: Phường Tân Phong (03408)"),
    ("Xã Can Hồ", "Kan Hồ", "Đơn vị cũ: Xã Kan Hồ (Huyện Mường Tè, cũ) → Xã Bum Tở (03433)"),
    ("Xã Ma Li Chải", "Bỏ dòng", "Bỏ dòng này ra"),
    ("Xã Tung Qua Lìn", "Tông Qua", "Đơn vị cũ: Xã Tông Qua Lìn"),
    ("Xã Sin Súi Hồ", "Sin Suối", "Đơn vị cũ: Xã Sin Suối Hồ"),
    ("Xã Lản Nhì Thàng", "Lả Nhì", "Đơn vị cũ: Xã Lả Nhì Thàng"),
    ("Xã Xà Dề Phìn", "Sà Dề", "Đơn vị cũ: Xã Sà Dề Phìn"),
)


def _choose(page, index: int, typed: str, option: str) -> None:
    """Open the index-th "Dòng này là" list, type to search, pick the option."""
    box = page.locator('[data-testid="stSelectbox"]').filter(has_text="Dòng này là").nth(index)
    box.click()
    page.keyboard.type(typed)
    page.get_by_role("option").filter(has_text=option).first.click()
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline and option.split(" (")[0] not in _shown(box):
        page.wait_for_timeout(200)
    assert option.split(" (")[0] in _shown(box), _shown(box)


def _shown(box) -> str:
    """What a selectbox shows: its text, or its search field's value and placeholder."""
    field = box.locator("input")
    if not field.count():
        return box.inner_text()
    first = field.first
    extra = [first.get_attribute("placeholder") or "", first.get_attribute("aria-label") or ""]
    return " ".join([box.inner_text(), first.input_value(), *extra])


def test_a_lai_chau_import_with_open_rows_is_finished_in_the_page(
    server: str, browser_page, tmp_path: Path
) -> None:
    from bench.make_former_table import former_rows, table_text

    page, blocked = browser_page
    rows = former_rows("Lai Châu")
    table = tmp_path / "lai_chau_xa_cu.tsv"
    table.write_text(table_text("Lai Châu", rows), encoding="utf-8")
    total = sum(r.not_issued for r in rows)
    left = next(r.not_issued for r in rows if r.name == "Xã Ma Li Chải")

    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    # The Teams tab's base map, drawn while its tab was hidden, opens on the area.
    page.get_by_role("tab", name="Tổ và lịch").click()
    base_map = page.frame_locator('iframe[title="streamlit_folium.st_folium"]').last
    base_map.locator("path").first.wait_for(timeout=30_000)
    box = base_map.locator("path").first.bounding_box()
    assert box is not None and box["width"] > 10, box  # not a speck of a world map

    page.get_by_role("tab", name="Tạo theo tỉnh (xã 2025)").click()
    province = page.locator('[data-testid="stSelectbox"]').filter(has_text="Tỉnh, thành phố")
    province.first.click()
    page.keyboard.type("Lai Châu")  # the list is long: type to search
    page.get_by_role("option", name="Tỉnh Lai Châu (12)").click()
    path = page.locator('[data-testid="stTextInput"]').filter(has_text="đường dẫn tới bảng")
    path.first.locator("input").fill(str(table))
    path.first.locator("input").press("Enter")
    page.get_by_role("button", name="Quy đổi sang xã 2025").click()
    page.get_by_text("7 dòng của bảng cần chọn").first.wait_for(timeout=60_000)
    headings = page.get_by_text("Dòng 36 · Xã Can Hồ · Huyện Mường Tè").first
    assert "người" in headings.inner_text()
    shot(page, "12_dong_can_chon")
    for index, (_, typed, option) in enumerate(CHOICES):
        _choose(page, index, typed, option)
    page.get_by_role("button", name="Áp dụng lựa chọn").click()
    page.get_by_text("Mọi tên đã khớp: 38 đơn vị").first.wait_for(timeout=60_000)
    page.get_by_text("Chi tiết đối chiếu từng tên").first.click()
    mapped = f"{total - left:,}".replace(",", ".")
    totals = f"Tổng chưa cấp: bảng {total:,}".replace(",", ".") + f" = sau quy đổi {mapped}"
    page.get_by_text(totals).first.wait_for(timeout=30_000)
    assert f"bỏ ra {left} (1 dòng)" in page.get_by_text(totals).first.inner_text()
    shot(page, "13_da_chon_xong")
    page.get_by_role("button", name="Dùng kịch bản này").click()
    page.get_by_text("Đang dùng kịch bản mới").first.wait_for(timeout=60_000)

    # The same table again: every choice is reused, nothing is asked.
    page.get_by_role("tab", name="Tạo theo tỉnh (xã 2025)").click()
    page.get_by_role("button", name="Quy đổi sang xã 2025").click()
    page.get_by_text("Đã dùng lại 7 lựa chọn").first.wait_for(timeout=60_000)
    page.get_by_text("Mọi tên đã khớp: 38 đơn vị").first.wait_for(timeout=30_000)
    assert page.get_by_text("dòng của bảng cần chọn").count() == 0
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"
