"""A real Chromium against ``streamlit run``: load, plan, verdict, map shapes, language, Excel,
then publish, record a day's intake and re-plan on the Progress page.

Every request to a non-local address is blocked and recorded; the test fails if any was tried,
so the app is proven to work offline. Screenshots of each page go to tests/artifacts/.
"""

from __future__ import annotations

import io
import os
import re
import time
from pathlib import Path

import openpyxl
import pytest

from tests.app.harness import ARTIFACTS, CHROMIUM, nav, shot, widget_input

pytestmark = pytest.mark.browser

if not Path(CHROMIUM).exists():
    if os.environ.get("CI"):
        raise RuntimeError(f"{CHROMIUM} is missing in CI: `make test` installs Debian's chromium")
    pytest.skip(
        f"{CHROMIUM} not installed (apt-get install chromium); browser test skipped outside CI",
        allow_module_level=True,
    )


def test_whole_flow_offline(server: str, browser_page) -> None:
    page, blocked = browser_page
    page.goto(server, wait_until="domcontentloaded")
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    shot(page, "1_du_lieu")
    # Streamlit's own uploader words are drawn in Vietnamese (app/ui.py chrome_css).
    page.get_by_role("tab", name="Tạo từ bảng tải lên").click()
    upload = page.locator('[data-testid="stFileUploaderDropzone"] button').first
    upload.wait_for(timeout=30_000)
    words = upload.locator('[data-testid="stMarkdownContainer"]')
    assert words.evaluate("e => getComputedStyle(e, '::after').content") == '"Chọn tệp"'
    assert not words.locator("p").is_visible()
    assert not page.locator('[data-testid="stFileUploaderDropzoneInstructions"]').first.is_visible()

    nav(page, "Kế hoạch")
    page.get_by_role("button", name="Lập kế hoạch").click()
    verdict = page.locator('[data-testid="stAlert"]').filter(has_text="KỊP HẠN:").first
    verdict.wait_for(timeout=90_000)
    assert "2.990/2.990" in verdict.inner_text()
    shot(page, "2_ke_hoach")

    nav(page, "Bản đồ")
    frame = page.frame_locator("iframe").first
    shapes = frame.locator("path.commune-shape")
    shapes.first.wait_for(timeout=30_000)
    assert shapes.count() == 21
    shot(page, "3_ban_do")

    nav(page, "So sánh")
    page.get_by_text("Thêm phương án").first.wait_for(timeout=30_000)
    shot(page, "4_so_sanh")

    nav(page, "Xuất")
    button = page.get_by_role("button", name="Tải bảng Excel")
    button.wait_for(timeout=60_000)
    with page.expect_download(timeout=60_000) as info:
        button.click()
    target = ARTIFACTS / "ke-hoach.xlsx"
    info.value.save_as(str(target))
    book = openpyxl.load_workbook(io.BytesIO(target.read_bytes()))
    assert book.sheetnames[:2] == ["Tổng hợp", "Theo xã"]
    assert book["Theo xã"].max_row == 22
    shot(page, "5_xuat")

    page.get_by_text("English").first.click()
    page.get_by_role("button", name="Download Excel").wait_for(timeout=30_000)
    nav(page, "Plan")
    page.locator('[data-testid="stAlert"]').filter(has_text="MEETS THE DEADLINE").first.wait_for(
        timeout=30_000
    )
    shot(page, "6_plan_en")

    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"


def test_progress_record_and_replan(server: str, browser_page) -> None:
    """Runs after the whole flow (same session, the plan is solved): publish, record, re-plan."""
    page, blocked = browser_page
    page.get_by_text("Tiếng Việt").first.click()
    nav(page, "Kế hoạch")
    page.locator('[data-testid="stAlert"]').filter(has_text="KỊP HẠN:").first.wait_for(
        timeout=30_000
    )
    page.get_by_role("button", name="Công bố kế hoạch").click()
    page.get_by_text("Đã công bố kế hoạch").first.wait_for(timeout=30_000)

    nav(page, "Tiến độ")
    page.get_by_text("Ghi số liệu thu nhận thực tế").first.wait_for(timeout=30_000)
    # Streamlit's date field has day / month / year segments: type the digits into them.
    today = page.locator('[data-testid="stDateInput"]').filter(has_text="Hôm nay").first
    today.get_by_role("spinbutton").first.click()
    page.keyboard.type("09122022")
    page.keyboard.press("Tab")
    page.get_by_text("Ghi số liệu thu nhận thực tế").first.click()
    intake_day = widget_input(page, "stDateInput", "Ngày thu nhận")
    deadline = time.monotonic() + 30
    while intake_day.input_value() != "2022-12-09" and time.monotonic() < deadline:
        page.wait_for_timeout(300)
    assert intake_day.input_value() == "2022-12-09"
    applications = widget_input(page, "stNumberInput", "Hồ sơ đã thu nhận")
    applications.fill("60")
    page.get_by_role("button", name="Ghi số liệu").click()
    page.get_by_text("Đã ghi 1 mục").first.wait_for(timeout=30_000)
    shot(page, "7_tien_do_ghi_so_lieu")

    limit = widget_input(page, "stNumberInput", "Thời gian giải tối đa (giây)")
    limit.fill("4")
    limit.press("Enter")
    page.wait_for_timeout(500)
    page.get_by_role("button", name="Lập lại kế hoạch").click()
    verdict = page.locator('[data-testid="stAlert"]').filter(has_text="Kế hoạch lập lại")
    verdict.first.wait_for(timeout=60_000)
    assert "KỊP HẠN" in verdict.first.inner_text()
    page.get_by_text("Lập lại từ 10/12/2022").first.wait_for(timeout=30_000)
    changes = page.get_by_text("Thay đổi so với kế hoạch đã công bố")
    unchanged = page.get_by_text("Không có thay đổi so với kế hoạch đã công bố")
    assert changes.count() + unchanged.count() >= 1
    if changes.count():
        text = widget_input(page, "stTextArea", "Nội dung báo các xã", "textarea").input_value()
        lines = text.splitlines()
        assert lines and all(("thêm " in x or "bỏ " in x or "đổi tổ " in x) for x in lines)
        assert "—; thêm —" not in text and "(bỏ —" not in text
    # The re-plan said how it treated the announced dates.
    page.get_by_text("ngày đã thông báo").first.wait_for(timeout=30_000)
    verdict.first.scroll_into_view_if_needed()
    shot(page, "8_tien_do_lap_lai")
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"


TABLE = Path("/work/shared/data/trung_khanh_2022-12-05_chua_cap_cccd.tsv")
BOUNDARIES = Path("/work/shared/geodata/trung_khanh_2020-2025_21units.geojson")


@pytest.mark.skipif(
    not (TABLE.exists() and BOUNDARIES.exists()), reason="shared sample data not available"
)
def test_upload_resolve_name_and_save(server: str, browser_page, tmp_path: Path) -> None:
    """New scenario from uploads: one name does not match, the planner picks the right commune
    (kept as an alias), uses the draft and saves it to a new folder; the saved files load."""
    from playwright.sync_api import expect

    from planning.io.scenario import load_scenario

    page, blocked = browser_page
    table = tmp_path / "trung_khanh_sua_ten.tsv"
    text = TABLE.read_text(encoding="utf-8")
    assert "Xuân Nội" in text
    table.write_text(text.replace("Xuân Nội", "Xuân Nọi Mới"), encoding="utf-8")

    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Tạo từ bảng tải lên").click()
    uploaders = page.locator('[data-testid="stFileUploader"]')
    for label, path in (("Bảng số liệu chưa cấp", table), ("Tệp ranh giới xã", BOUNDARIES)):
        uploader = uploaders.filter(has_text=label)
        uploader.locator("input[type=file]").set_input_files(str(path))
        # The file is listed in its uploader (name and size) once the server has it; only then
        # the next file (two uploads at once raced: the page could rerun with one of them).
        uploader.get_by_text("KB").first.wait_for(timeout=30_000)
        page.wait_for_timeout(1000)
    name = widget_input(page, "stTextInput", "Tên kịch bản")
    name.fill("Trùng Khánh, tải lên")
    name.press("Enter")
    # The button is enabled once both files are uploaded.
    match = page.get_by_role("button", name="Đối chiếu tên xã")
    deadline = time.monotonic() + 30
    while not match.is_enabled() and time.monotonic() < deadline:
        page.wait_for_timeout(200)
    match.click()

    page.get_by_text("Đã khớp: 20 · Không khớp: 1").first.wait_for(timeout=60_000)
    choice = page.locator('[data-testid="stSelectbox"]').filter(has_text="Xuân Nọi Mới").first
    choice.click()
    options = page.get_by_role("option")
    options.first.wait_for(timeout=30_000)
    assert "Xã Xuân Nội (01462)" in options.all_inner_texts()
    options.filter(has_text="Xã Xuân Nội (01462)").first.click()
    page.get_by_role("button", name="Áp dụng lựa chọn").click()
    page.get_by_text("Mọi tên đã khớp: 21 đơn vị, 2.990 người chưa cấp").wait_for(timeout=60_000)
    page.get_by_role("button", name="Dùng kịch bản này").click()
    page.get_by_text("Đang dùng kịch bản mới").first.wait_for(timeout=30_000)
    # The notice above the tabs does not send the planner back to the first tab.
    upload_tab = page.get_by_role("tab", name="Tạo từ bảng tải lên")
    assert upload_tab.get_attribute("aria-selected") == "true"

    page.get_by_role("tab", name="Tổng quan").click()
    page.get_by_text("Trùng Khánh, tải lên").first.wait_for(timeout=30_000)
    backlog = page.locator('[data-testid="stMetric"]').filter(has_text="Chưa cấp").first
    assert "2.990" in backlog.inner_text()

    page.get_by_role("tab", name="Lưu", exact=True).click()
    target = tmp_path / "tai_len" / "moi"
    folder = widget_input(page, "stTextInput", "Thư mục lưu")
    folder.fill(str(target))
    folder.press("Enter")
    page.wait_for_timeout(300)
    page.get_by_role("button", name="Lưu kịch bản").click()
    page.get_by_text("Đã lưu").first.wait_for(timeout=30_000)
    expect(page.get_by_text("Có thay đổi chưa lưu")).to_have_count(0, timeout=30_000)
    shot(page, "9_tai_len_doi_ten")

    scenario = load_scenario(target / "scenario.toml")
    assert len(scenario.communes) == 21
    assert scenario.not_issued == 2990
    xuan_noi = next(c for c in scenario.communes if c.code == "01462")
    assert "Xuân Nọi Mới" in xuan_noi.aliases
    # The uploaded boundary file is kept next to the scenario, not in the upload folder.
    assert scenario.boundaries.path == BOUNDARIES.name
    assert (target / BOUNDARIES.name).is_file()
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"


def _base_of(page, team: str) -> tuple[float, float]:
    """The team's base as the Data page states it ("Trụ sở hiện tại của T2: 22.8, 106.5")."""
    line = page.get_by_text(f"Trụ sở hiện tại của {team}:").first.inner_text()
    found = re.search(r":\s*(-?\d+\.\d+),\s*(-?\d+\.\d+)", line)
    assert found, line
    return float(found.group(1)), float(found.group(2))


PICKER = 'iframe[title="streamlit_folium.st_folium"]'


def _picker_map(page, team: str):
    """The base-picking map once it shows ``team`` as chosen (it is re-mounted on each choice,
    and for a moment the old and the new iframe are both on the page)."""
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        # The Data page has other maps too (the intake points' tab): the one with the bases.
        pickers = list(range(page.locator(PICKER).count()))
        found = [
            i
            for i in pickers
            if page.frame_locator(PICKER).nth(i).locator("path.team-base").count()
        ]
        if len(found) == 1:
            frame = page.frame_locator(PICKER).nth(found[0])
            if frame.locator(f"path.team-base-{team}.team-base-chosen").count() == 1:
                page.wait_for_timeout(300)  # let the map settle after fitting its bounds
                return page.locator(PICKER).nth(found[0]), frame
        page.wait_for_timeout(200)
    raise AssertionError(f"the base-picking map never showed {team} as chosen")


def test_team_base_picked_on_the_map(server: str, browser_page) -> None:
    """Teams tab: choose T2, click the small map (Leaflet served by the app, no internet); the
    clicked point becomes T2's base, at once, and the scenario has unsaved changes."""
    page, blocked = browser_page
    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    page.get_by_role("tab", name="Tổ và lịch").click()
    page.locator('[data-testid="stSelectbox"]').filter(has_text="Tổ cần đặt trụ sở").first.click()
    page.get_by_role("option", name="T2", exact=True).click()
    page.get_by_text("Trụ sở hiện tại của T2:").first.wait_for(timeout=30_000)
    before = _base_of(page, "T2")
    assert "theo xã mã 01477" in page.get_by_text("Trụ sở hiện tại của T2:").first.inner_text()

    iframe, frame = _picker_map(page, "T2")
    box = iframe.bounding_box()
    assert box is not None
    # Left of and below the centre (the centre holds both teams' base circles).
    frame.locator(".leaflet-container").click(
        position={"x": box["width"] / 2 - 60, "y": box["height"] / 2 + 20}
    )
    page.get_by_text("Đã đặt trụ sở của T2").first.wait_for(timeout=40_000)
    after = _base_of(page, "T2")
    assert after != before
    assert abs(after[0] - before[0]) < 0.2 and 0.01 < before[1] - after[1] < 0.5
    assert "theo xã" not in page.get_by_text("Trụ sở hiện tại của T2:").first.inner_text()
    page.get_by_text("Có thay đổi chưa lưu").first.wait_for(timeout=30_000)
    _picker_map(page, "T2")
    shot(page, "10_tru_so_tren_ban_do")
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"


NATIONAL_2009 = Path("/work/shared/geodata/national/communes_2009_national.gpkg")
#: In the map's page: the commune labels on screen and how many pairs of them overlap.
LABEL_OVERLAPS_JS = """
() => {
  const boxes = [...document.querySelectorAll('.commune-label')]
    .map(e => e.getBoundingClientRect()).filter(r => r.width > 0);
  let overlaps = 0;
  for (let i = 0; i < boxes.length; i++) for (let j = i + 1; j < boxes.length; j++) {
    const a = boxes[i], b = boxes[j];
    if (a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) overlaps++;
  }
  return [boxes.length, overlaps];
}
"""


@pytest.mark.skipif(not NATIONAL_2009.exists(), reason="national geodata not available")
def test_province_map_offline(server: str, browser_page, tmp_path: Path) -> None:
    """A 200-commune, 12-team province opened from its path: the Map page draws every commune
    outline offline, with a legend and commune names that do not overlap (a share of them at
    this zoom: the rest on zooming in), then more names one zoom level in, still apart."""
    from bench import make_province

    page, blocked = browser_page
    toml = make_province.scaled(tmp_path, 200, 12, 60)
    page.goto(server, wait_until="domcontentloaded")  # a fresh session
    page.get_by_text("Trùng Khánh, 12/2022").first.wait_for(timeout=60_000)
    path = widget_input(page, "stTextInput", "hoặc đường dẫn tới scenario.toml")
    path.fill(str(toml))
    path.press("Enter")
    page.get_by_role("button", name="Mở", exact=True).click()
    page.get_by_text("Quy mô 200 xã × 12 tổ × 60 ngày").first.wait_for(timeout=60_000)

    nav(page, "Bản đồ")
    frame = page.frame_locator("iframe").first
    shapes = frame.locator("path.commune-shape")
    shapes.nth(199).wait_for(state="attached", timeout=60_000)
    assert shapes.count() == 200
    assert frame.locator(".map-legend").first.is_visible()
    page.wait_for_timeout(500)
    inner = next(f for f in page.frames if f != page.main_frame and "leaflet" in f.content())
    shown, overlaps = inner.evaluate(LABEL_OVERLAPS_JS)
    assert 10 <= shown < 200 and overlaps == 0, (shown, overlaps)
    shot(page, "11_ban_do_tinh")
    frame.locator(".leaflet-control-zoom-in").click()
    page.wait_for_timeout(800)
    more, overlaps = inner.evaluate(LABEL_OVERLAPS_JS)
    assert more > shown and overlaps == 0, (more, overlaps)
    assert blocked == [], f"requests to non-local addresses were attempted: {blocked}"
