"""The Data page's picking maps open on the area, not on the whole world: their centre and zoom
are set from the area's bounds (a map fitted while its tab is hidden has no size and would show
the world); and an open row's choices as the province tab lists them."""

from __future__ import annotations

import re

import pytest

from planning.domain import ChoiceKind
from planning.drafting.crosswalk import old_units
from planning.drafting.open_rows import PendingRow, former_offer
from planning.drafting.unit_mapping import UnitMapping
from planning.io import layer2025
from planning.io.scenario import DEFAULT_SCENARIO, open_scenario
from planning.report.area_views import (
    LEAVE_OUT,
    area_picker_map,
    choice_of,
    merged_choices,
    open_row_heading,
    open_row_options,
    province_features,
)
from planning.report.data_views import base_picker_map
from planning.report.maps import view_of_bounds
from tests.conftest import SHARED_GEODATA

NATIONAL = pytest.mark.skipif(
    not (SHARED_GEODATA / "national" / "communes_2025.gpkg").exists(),
    reason="national 2025 layer not available",
)


def opening(html: str) -> tuple[list[float], float]:
    """The centre and zoom a rendered map opens at."""
    centre = re.search(r"center: \[([-0-9.]+), ([-0-9.]+)\]", html)
    zoom = re.search(r'"zoom": ([0-9.]+)', html)
    assert centre and zoom
    return [float(centre[1]), float(centre[2])], float(zoom[1])


def test_the_view_of_a_box() -> None:
    # One degree square at the equator in 640 × 480 px less a 24 px margin: across, 592 px
    # for 1/360 of the world's 256·2^z px (z ≈ 9.70); down, 432 px for 1/360.0 of the
    # Mercator height (z ≈ 9.25) — the smaller, in quarter steps rounded down: 9.0.
    (lat, lon), zoom = view_of_bounds(0.0, 100.0, 1.0, 101.0, 640, 480)
    assert (round(lat, 3), round(lon, 3), zoom) == (0.5, 100.5, 9.0)
    assert view_of_bounds(0, 0, 0, 0, 640, 480)[1] == 16.0  # one point: the closest zoom


@NATIONAL
def test_the_area_picking_map_opens_on_the_province() -> None:
    features = province_features("12")
    minx, miny, maxx, maxy = features.total_bounds
    html = area_picker_map(features, []).get_root().render()
    (lat, lon), zoom = opening(html)
    assert miny < lat < maxy and minx < lon < maxx and 7.0 <= zoom <= 10.0
    assert "fitBounds" not in html


def test_the_base_picking_map_opens_on_the_area() -> None:
    loaded = open_scenario(DEFAULT_SCENARIO)
    html = base_picker_map(loaded.scenario, loaded.boundaries.features, "T1").get_root().render()
    (lat, lon), zoom = opening(html)
    assert 22.5 < lat < 23.1 and 106.2 < lon < 106.8 and zoom >= 9.0
    assert "fitBounds" not in html


@NATIONAL
def test_an_open_rows_choices_run_from_near_offers_to_any_commune_to_leaving_it_out() -> None:
    units = layer2025.units()
    kan_ho = old_units(["12"])["03469"]
    row = PendingRow(36, "Xã Can Hồ", kan_ho.targets, "Huyện Mường Tè", 46, (former_offer(kan_ho),))
    province = tuple(u.code for u in units.values() if u.province_code == "12")
    mapping = UnitMapping((), (), units, province_communes=province)
    assert open_row_heading(row) == "Dòng 36 · Xã Can Hồ · Huyện Mường Tè · 46 người"
    options = open_row_options(row, mapping)
    keys = list(options)
    assert keys[0] == "" and keys[-1] == LEAVE_OUT
    assert options["former:03469"] == (
        "Đơn vị cũ: Xã Kan Hồ (Huyện Mường Tè, cũ) → Xã Bum Tở (03433)"
    )
    assert len(keys) == 1 + 1 + 38 + 1  # nothing, the offer, every commune, leave out
    chosen = choice_of(row, "former:03469")
    assert chosen is not None and (chosen.kind, chosen.code) == (ChoiceKind.FORMER, "03469")
    assert chosen.district == "Huyện Mường Tè"
    out = choice_of(row, LEAVE_OUT)
    assert out is not None and out.kind == ChoiceKind.LEAVE_OUT and choice_of(row, "") is None
    later = choice_of(row, "commune:03433")
    assert later is not None and merged_choices([chosen], [later]) == (later,)
