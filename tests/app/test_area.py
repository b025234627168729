"""AppTest of the Data page's "new from a province" tab: the province picker, the area list, the
table mapped onto the 2025 communes, choices for a split unit, and the area as the map's builder
sees clicks (commune under a point, toggling)."""

from __future__ import annotations

from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from tests.app.harness import APP
from tests.conftest import SHARED_GEODATA, TK_TABLE

pytestmark = pytest.mark.skipif(
    not (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists(),
    reason="national 2025 layer not available",
)


def data_page() -> AppTest:
    at = AppTest.from_file(APP, default_timeout=60)
    at.run()
    at.session_state["data_tab"] = "Tạo theo tỉnh (xã 2025)"  # only the open tab runs
    at.run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def texts(at: AppTest) -> str:
    parts = [e.value for kind in ("success", "warning", "error", "info") for e in at.get(kind)]
    parts += [m.value for m in at.markdown] + [c.value for c in at.caption]
    return "\n".join(str(p) for p in parts)


def map_table(at: AppTest, province: str, table: Path, area: list[str] | None = None) -> AppTest:
    at.selectbox(key="area_province").set_value(province).run()
    if area is not None:
        at.multiselect(key="area_codes").set_value(area).run()
    at.text_input(key="area_table_path").set_value(str(table)).run()
    at.button(key="area_match").click().run()
    assert not at.exception, [e.value for e in at.exception]
    return at


def test_province_picker_lists_the_2025_communes() -> None:
    at = data_page()
    picker = at.selectbox(key="area_province")
    assert len(picker.options) == 35  # "choose" + 34 provinces
    assert "— chọn tỉnh —" in picker.options
    picker.set_value("52").run()
    assert not at.exception
    area = at.multiselect(key="area_codes")
    assert len(area.options) == 135
    assert "Xã Ia Băng (23710)" in area.options
    # A new province empties the area.
    area.set_value(["23710", "23677"]).run()
    assert at.multiselect(key="area_codes").value == ["23710", "23677"]
    at.selectbox(key="area_province").set_value("04").run()
    assert at.multiselect(key="area_codes").value == []
    assert len(at.multiselect(key="area_codes").options) == 56


def test_old_names_are_mapped_and_the_draft_is_used() -> None:
    at = map_table(data_page(), "04", TK_TABLE)
    shown = texts(at)
    assert "Mọi tên đã khớp: 7 đơn vị, 2.990 người chưa cấp" in shown, shown
    at.button(key="use_draft").click().run()
    assert not at.exception, [e.value for e in at.exception]
    assert "Đang dùng kịch bản mới" in texts(at)
    at.session_state["data_tab"] = "Tổng quan"
    at.run()
    assert [m.value for m in at.metric][1] == "2.990"


def test_an_area_that_leaves_out_a_tables_commune_is_an_error() -> None:
    at = map_table(data_page(), "04", TK_TABLE, area=["01477"])
    errors = "\n".join(e.value for e in at.error)
    assert "không nằm trong địa bàn đã chọn" in errors
    assert "Xã Trà Lĩnh (01447)" in errors


def test_a_split_unit_is_settled_by_a_choice(tmp_path: Path) -> None:
    table = tmp_path / "van_canh.csv"
    table.write_text("STT,Đơn vị,Chưa được cấp\n1,Canh Hiệp,603\n2,Canh Thuận,100\n", "utf-8")
    at = map_table(data_page(), "52", table)
    assert any("1 dòng của bảng cần chọn" in w.value for w in at.warning)
    assert "Dòng 2 · Canh Hiệp · 603 người" in texts(at)
    choice = at.selectbox(key="open_row_2")
    assert choice.options[1:3] == ["Xã 2025: Xã Vân Canh (21994)", "Xã 2025: Xã Canh Vinh (22006)"]
    assert len(choice.options) > 135 and choice.options[-1].startswith("Bỏ dòng này ra")
    choice.set_value("commune:22006").run()
    at.button(key="open_rows_apply").click().run()
    assert not at.exception
    assert "Mọi tên đã khớp: 2 đơn vị, 703 người chưa cấp" in texts(at)


def test_the_map_builder_applies_clicks() -> None:
    from planning.report.area_views import area_picker_map, commune_at, province_features, toggled

    features = province_features("52")
    # Inside Xã Ia Băng (its venue point is inside by construction).
    from planning.io.boundaries import inner_point

    point = inner_point(features.loc[features["code"] == "23710", "geometry"].iloc[0])
    assert commune_at(features, point.y, point.x) == "23710"
    assert commune_at(features, 21.0, 105.8) is None  # Hà Nội
    assert toggled(["23677"], "23710") == ["23677", "23710"]
    assert toggled(["23677", "23710"], "23710") == ["23677"]
    assert toggled(["23677"], None) == ["23677"]
    page = area_picker_map(features, ["23710"]).get_root().render()
    assert "area-commune" in page and "Đã chọn 1 xã" in page
    assert "unpkg.com" not in page and "cdn.jsdelivr" not in page
