"""Old (pre-2025) units → 2025 communes: the rules of planning.drafting.unit_mapping on small,
hand-made data (the real 2025 layer's files: tests/drafting/test_on_layer2025.py)."""

from __future__ import annotations

import datetime as dt

import pytest

from planning.domain import ChoiceKind, RowChoice
from planning.drafting.crosswalk import (
    Basis,
    before_merger_items,
    correct_crosswalk,
    district_matches,
)
from planning.drafting.era import Era, TableSigns, table_signs
from planning.drafting.unit_mapping import (
    RowFigures,
    apportion,
    map_rows,
    split_counts,
    split_district_hint,
)
from planning.io.layer2025 import CrosswalkRow, NewUnit

P = "52"
NEW = {
    u.code: u
    for u in (
        NewUnit("100", "Xã Đông", P, "xã", 20_000, 100.0),
        NewUnit("200", "Xã Tây", P, "xã", 5_000, 300.0),
        NewUnit("300", "Phường Nam", P, "phường", 30_000, 10.0),
        NewUnit("400", "Xã Bắc", P, "xã", None, 50.0),
        NewUnit("900", "Xã Xa", "04", "xã", 1_000, 10.0),
        NewUnit("500", "Xã Một", P, "xã", 8_000, 40.0),  # namesake of the former Thị trấn Một
    )
}
#: Old units of district "Huyện Một" (and one namesake in "Huyện Hai").
CROSSWALK = [
    CrosswalkRow("1", "Xã Cũ Một", "Huyện Một", P, "100"),
    CrosswalkRow("2", "Xã Cũ Hai", "Huyện Một", P, "100"),
    CrosswalkRow("3", "Thị trấn Một", "Huyện Một", P, "300"),
    CrosswalkRow("4", "Xã Chia", "Huyện Một", P, "100", "partial"),
    CrosswalkRow("4", "Xã Chia", "Huyện Một", P, "200", "partial"),
    CrosswalkRow("5", "Xã Trùng", "Huyện Một", P, "200"),
    CrosswalkRow("6", "Xã Trùng", "Huyện Hai", P, "400"),
    CrosswalkRow("7", "Xã Đông", "Huyện Hai", P, "400"),  # a namesake of a 2025 commune
    CrosswalkRow("8", "Xã Chia Bắc", "Huyện Một", P, "300", "partial"),
    CrosswalkRow("8", "Xã Chia Bắc", "Huyện Một", P, "400", "partial"),
]
BEFORE = {
    "100": (P, "Xã Cũ Một, Xã Cũ Hai, Xã Chia"),
    "200": (P, "Xã Chia, Xã Trùng"),
    "300": (P, "Thị trấn Một, Xã Chia Bắc"),
    "400": (P, "Xã Trùng (Huyện Hai), Xã Đông, Xã Chia Bắc"),
}
OLD = correct_crosswalk(CROSSWALK, BEFORE)


def rows(*items: tuple[str, int]) -> list[RowFigures]:
    return [
        RowFigures(i, name, {"not_issued": n, "dead": n // 10})
        for i, (name, n) in enumerate(items, 2)
    ]


def mapped(*items: tuple[str, int], **kwargs):
    return map_rows(rows(*items), NEW, OLD, [P], **kwargs)


# --- arithmetic ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("total", "weights", "parts"),
    [
        (10, [1, 1], [5, 5]),
        (10, [1, 1, 1], [4, 3, 3]),
        (7, [0.2, 0.8], [1, 6]),
        (5, [0, 0], [3, 2]),
        (0, [3, 1], [0, 0]),
        (603, [1385, 16832], [46, 557]),
    ],
)
def test_apportion_keeps_the_total(total: int, weights: list[float], parts: list[int]) -> None:
    assert apportion(total, weights) == parts
    assert sum(apportion(total, weights)) == total


def test_split_counts_keep_every_total_and_never_more_reasons_than_backlog() -> None:
    counts = {"of_age": 1003, "issued": 900, "not_issued": 103, "dead": 7, "abroad": 3}
    parts = split_counts(counts, [1.0, 2.0, 3.5])
    for key in counts:
        assert sum(p[key] or 0 for p in parts) == counts[key], key
    for p in parts:
        assert (p["dead"] or 0) + (p["abroad"] or 0) <= (p["not_issued"] or 0)
        assert p["of_age"] == (p["issued"] or 0) + (p["not_issued"] or 0)


# --- names ----------------------------------------------------------------------------------------


def test_district_hints_and_before_merger_items() -> None:
    assert split_district_hint("A Dơk (Đak Đoa)") == ("A Dơk", "Đak Đoa")
    assert split_district_hint("Xã A Dơk, huyện Đak Đoa") == ("Xã A Dơk", "huyện Đak Đoa")
    assert split_district_hint("Xã A Dơk") == ("Xã A Dơk", "")
    assert district_matches("Đak Đoa", "Huyện Đăk Đoa")
    assert district_matches("H. Đắk Đoa", "Huyện Đăk Đoa")
    assert district_matches("Quan Hóa", "Huyện Quan Hóa")
    assert not district_matches("Chư Prông", "Huyện Đăk Đoa")
    assert before_merger_items("Xã A, Khu vực bãi bồi (do huyện X, Y quản lý), Xã B") == [
        "Xã A",
        "Khu vực bãi bồi (do huyện X, Y quản lý)",
        "Xã B",
    ]


# --- the crosswalk corrected by the resolution's lists ------------------------------------------


def test_crosswalk_is_corrected_by_the_resolution_list() -> None:
    rows_ = [
        CrosswalkRow("10", "Xã A Dơk", "Huyện Đăk Đoa", P, "900", check="not_in_before_merger"),
        CrosswalkRow("11", "Xã Ia Pết", "Huyện Đăk Đoa", P, "100"),
        CrosswalkRow("12", "Xã Lạc", "Huyện Một", P, "200", check="not_in_before_merger"),
        CrosswalkRow("13", "Xã Lạc Hai", "Huyện Một", P, "300", check="not_in_before_merger"),
    ]
    before = {"100": (P, "Xã Ia Pết, Xã Adơk"), "300": (P, "Thị trấn Một")}
    old = correct_crosswalk(rows_, before, clause_named={("300", "13")})
    # The resolution lists "Xã Adơk" (spaces differ) under 100: followed, 900 doubted.
    assert old["10"].targets == ("100",) and old["10"].basis == Basis.RESOLUTION
    assert old["10"].doubted == ("900",)
    assert old["11"].basis == Basis.CROSSWALK
    # Named nowhere, not confirmed by the clause: the user is asked.
    assert old["12"].basis == Basis.ASK and old["12"].doubted == ("200",)
    # Named nowhere in the lists, but the clause names it there: kept.
    assert old["13"].targets == ("300",) and old["13"].basis == Basis.CLAUSE


# --- mapping rows -------------------------------------------------------------------------------


def test_full_merges_are_summed_and_totals_agree() -> None:
    m = mapped(("Xã Cũ Một", 100), ("Cũ Hai", 50), ("TT Một", 7))
    assert m.ok, m.problems
    communes = m.communes()
    assert communes["100"].counts["not_issued"] == 150
    assert communes["100"].counts["dead"] == 15
    assert communes["100"].aliases == ("Xã Cũ Một", "Cũ Hai")
    assert communes["300"].counts["not_issued"] == 7
    before, after = m.totals()
    assert before == after and before["not_issued"] == 157
    text = "\n".join(m.report_lines())
    assert "Xã Đông (100) = Xã Cũ Một 100 + Cũ Hai 50 = 150" in text
    assert "Tổng chưa cấp: bảng 157 = sau quy đổi 157" in text


def test_a_table_mixing_old_and_new_names() -> None:
    m = mapped(("Xã Cũ Một", 100), ("Phường Nam", 40), ("Xã Tây", 9))
    assert m.ok, m.problems
    assert [(line.source, line.shares[0][0]) for line in m.lines] == [
        ("old", "100"),
        ("new", "300"),
        ("new", "200"),
    ]
    assert m.totals()[0]["not_issued"] == m.totals()[1]["not_issued"] == 149


def test_a_new_commune_and_its_own_old_unit_in_one_table_would_count_twice() -> None:
    m = mapped(("Phường Nam", 40), ("Thị trấn Một", 7))
    assert not m.ok
    assert any("hai lần" in p.vi and "twice" in p.en for p in m.errors)


def test_a_split_unit_without_a_rule_is_an_error_with_its_candidates() -> None:
    m = mapped(("Xã Cũ Một", 100), ("Xã Chia", 60))
    assert not m.ok
    (problem,) = m.errors
    assert problem.row == 3 and "Xã Đông (100)" in problem.vi and "Xã Tây (200)" in problem.vi
    assert "--split-rule" in problem.fix_vi and "--assign" in problem.fix_en
    assert [(p.name, p.choices) for p in m.pending] == [("Xã Chia", ("100", "200"))]


def test_split_by_population_and_by_area() -> None:
    by_people = mapped(("Xã Chia", 100), split_rule="population")
    assert by_people.ok
    shares = [(c, n["not_issued"]) for c, n in by_people.lines[0].shares]
    assert shares == [("100", 80), ("200", 20)]
    communes = by_people.communes()
    assert communes["100"].estimated >= {"not_issued", "dead"}
    assert communes["100"].aliases == ()  # a split name is no alias of either commune
    by_area = mapped(("Xã Chia", 100), split_rule="area")
    # Area 100 : 300. The 90 collectable (22.5 → 23 / 67) and the 10 dead (2.5 → 3 / 7) are
    # shared separately, so no part has more dead than people without a card.
    assert [n["not_issued"] for _, n in by_area.lines[0].shares] == [26, 74]
    assert [n["dead"] for _, n in by_area.lines[0].shares] == [3, 7]
    assert "diện tích" in "\n".join(by_area.report_lines())
    # Xã Bắc has no usable population: the population rule falls back to area, and says so.
    fallback = mapped(("Xã Chia Bắc", 60), split_rule="population")
    assert fallback.lines[0].how[-1] == "area_fallback"
    assert [n["not_issued"] for _, n in fallback.lines[0].shares] == [10, 50]
    assert fallback.totals()[0] == fallback.totals()[1]


def test_the_users_assignment_settles_a_split_unit() -> None:
    m = mapped(("Xã Chia", 60), assignments={"Xã Chia": "200"})
    assert m.ok
    assert m.lines[0].source == "assigned" and m.communes()["200"].aliases == ("Xã Chia",)
    bad = mapped(("Xã Chia", 60), assignments={"Xã Chia": "99999"})
    assert not bad.ok and "99999" in bad.errors[0].vi


def test_a_name_in_two_districts_is_chosen_by_the_tables_district_or_a_hint() -> None:
    # Alone, "Xã Trùng" means two old units going to different communes: ambiguous.
    alone = mapped(("Xã Trùng", 10))
    assert not alone.ok and "Huyện Một" in alone.errors[0].vi and "Huyện Hai" in alone.errors[0].vi
    # With the rest of the table in Huyện Một, that district's unit is taken (and said).
    context = mapped(("Xã Cũ Một", 100), ("Xã Trùng", 10))
    assert context.ok and context.lines[1].shares[0][0] == "200"
    assert any("Huyện Một" in p.vi for p in context.problems if not p.is_error)
    # A district written in the row decides.
    hinted = mapped(("Xã Cũ Một", 100), ("Xã Trùng (Hai)", 10))
    assert hinted.ok and hinted.lines[1].shares[0][0] == "400"


def test_an_old_namesake_of_a_new_commune_is_asked_not_guessed() -> None:
    # "Xã Đông" is a 2025 commune (100) and an old unit of Huyện Hai that went into 400.
    m = mapped(("Xã Đông", 10))
    assert not m.ok
    assert "Xã Đông (100)" in m.errors[0].vi and "Xã Bắc (400)" in m.errors[0].vi
    assert set(m.pending[0].choices) == {"100", "400"}


def test_unknown_names_and_figures_outside_the_area() -> None:
    m = mapped(("Xã Không Có", 10))
    assert not m.ok and "Gần giống nhất" in m.errors[0].vi
    outside = mapped(("Xã Cũ Một", 10), ("Phường Nam", 5), area=["100"])
    assert not outside.ok
    assert any("Phường Nam (300)" in p.vi and "địa bàn" in p.vi for p in outside.errors)


def test_english_report() -> None:
    m = mapped(("Xã Cũ Một", 1000), ("Cũ Hai", 50))
    text = "\n".join(m.report_lines("en"))
    assert "row 2: Xã Cũ Một [old unit, Huyện Một] → Xã Đông (100): 1,000" in text
    assert "Total not issued: table 1,050 = mapped 1,050" in text


# --- one era per table --------------------------------------------------------------------------


def where(m, name: str) -> tuple[str, str]:
    """(source, 2025 code) of the row named ``name``."""
    line = next(line for line in m.lines if line.name == name)
    return line.source, line.shares[0][0]


def test_a_table_of_former_units_reads_a_shared_name_as_the_former_unit() -> None:
    # "Xã Đông" is a 2025 commune (100) and a former unit of Huyện Hai (→ 400); the other row
    # is only a former unit: the table is of former units, so is "Xã Đông".
    m = mapped(("Xã Cũ Một", 100), ("Xã Đông", 10))
    assert m.ok, m.problems
    assert m.era is not None and m.era.era == Era.FORMER
    assert where(m, "Xã Đông") == ("old", "400")
    assert "era" in m.lines[1].how
    assert "đơn vị hành chính cũ" in m.report_lines()[0]


def test_a_table_of_2025_communes_reads_a_shared_name_as_the_2025_commune() -> None:
    m = mapped(("Xã Tây", 5), ("Phường Nam", 40), ("Xã Đông", 10))
    assert m.ok, m.problems
    assert m.era is not None and m.era.era == Era.NEW
    assert where(m, "Xã Đông") == ("new", "100")


def test_a_prefix_that_no_longer_exists_says_former() -> None:
    # "Thị trấn Một" and the 2025 "Xã Một" share the strict key; no town exists after 2025.
    m = mapped(("Thị trấn Một", 7))
    assert m.ok and where(m, "Thị trấn Một") == ("old", "300")
    assert m.era is not None and m.era.era == Era.FORMER


def test_the_tables_signs_decide_when_every_name_is_shared() -> None:
    # Alone, "Xã Đông" is asked (nothing says which era) ...
    assert not mapped(("Xã Đông", 10)).ok
    # ... a district total row or a date before 1/7/2025 says former; a later date says 2025.
    by_total = mapped(("Xã Đông", 10), signs=table_signs([], ["Huyện Hai"], ["Huyện Hai"]))
    assert by_total.ok and where(by_total, "Xã Đông") == ("old", "400")
    old_date = table_signs(["BẢNG TỔNG HỢP (đến ngày 22/8/2022)"], [], [])
    assert old_date.date == dt.date(2022, 8, 22)
    assert where(mapped(("Xã Đông", 10), signs=old_date), "Xã Đông") == ("old", "400")
    new_date = table_signs(["Số liệu ngày 5 tháng 3 năm 2026"], [], [])
    assert where(mapped(("Xã Đông", 10), signs=new_date), "Xã Đông") == ("new", "100")
    title = table_signs(["UBND HUYỆN MỘT"], ["Tổng cộng"], [])
    assert title.former_labels == ("UBND HUYỆN MỘT",)
    assert TableSigns().former_weight == 0


def test_a_mixed_table_settles_shared_names_row_by_row() -> None:
    # Former "Xã Cũ Một" went into 100 = the 2025 "Xã Đông": reading "Xã Đông" as that commune
    # would count Cũ Một twice, so it is the former Xã Đông (→ 400).
    m = mapped(("Xã Cũ Một", 100), ("Phường Nam", 40), ("Xã Đông", 10))
    assert m.era is not None and m.era.era == Era.MIXED
    assert m.ok, m.problems
    assert where(m, "Xã Đông") == ("old", "400") and "consistent" in m.lines[2].how
    # Neither reading counts anything twice: the planner is asked, offered both.
    asked = mapped(("Xã Trùng (Hai)", 3), ("Xã Tây", 5), ("Xã Đông", 10))
    assert asked.era is not None and asked.era.era == Era.MIXED
    assert not asked.ok
    (row,) = asked.pending
    assert (row.row, row.name, row.not_issued, row.why) == (4, "Xã Đông", 10, "ambiguous")
    kinds = {(o.kind, o.code) for o in row.offers}
    assert {(ChoiceKind.FORMER, "7"), (ChoiceKind.COMMUNE, "100")} <= kinds


# --- open rows and the planner's choices --------------------------------------------------------


def test_an_open_row_is_offered_near_former_units_then_near_communes() -> None:
    m = mapped(("Xã Cũ Một", 100), ("Xã Cũ Mốt Hai", 9))
    (row,) = m.pending
    assert (row.row, row.name, row.not_issued, row.why) == (3, "Xã Cũ Mốt Hai", 9, "not_found")
    first = row.offers[0]
    assert first.kind == ChoiceKind.FORMER and first.district == "Huyện Một"
    assert first.targets == ("100",)
    assert "(Huyện Một, cũ) → Xã Đông (100)" in first.label(NEW)
    kinds = [o.kind for o in row.offers]
    assert kinds == sorted(kinds, key=lambda k: k != ChoiceKind.FORMER)  # former units first
    assert set(m.province_communes) == {"100", "200", "300", "400", "500"}


def test_every_open_row_can_be_finished_and_the_totals_stay_exact() -> None:
    table = (("Xã Cũ Một", 100), ("Xã Cũ Mốt Hai", 9), ("Xã Chia", 60), ("Không Rõ", 4))
    assert len(mapped(*table).pending) == 3
    choices = [
        RowChoice("Xã Cũ Mốt Hai", ChoiceKind.FORMER, "2"),  # the former Xã Cũ Hai
        RowChoice("Xã Chia", ChoiceKind.COMMUNE, "200"),
        RowChoice("Không Rõ", ChoiceKind.LEAVE_OUT),
    ]
    m = mapped(*table, choices=choices)
    assert m.ok and m.pending == ()
    assert where(m, "Xã Cũ Mốt Hai") == ("old", "100")
    assert where(m, "Xã Chia") == ("assigned", "200")
    assert [r.name for r in m.left_out] == ["Không Rõ"]
    before, after = m.totals()
    assert before == after and before["not_issued"] == 173
    assert sum(c.counts["not_issued"] or 0 for c in m.communes().values()) == 169
    text = "\n".join(m.report_lines())
    assert "Tổng chưa cấp: bảng 173 = sau quy đổi 169 + bỏ ra 4 (1 dòng)" in text
    assert "Không Rõ — bỏ ra theo lựa chọn: 4" in text
    assert set(m.choices_used) == set(choices)
    # The former units of the table, as data (what intake points per former commune use).
    former = {
        (line.row, line.old.code, line.old.district, code)
        for line in m.lines
        if line.old is not None
        for code, _ in line.shares
    }
    assert former == {
        (2, "1", "Huyện Một", "100"),
        (3, "2", "Huyện Một", "100"),
        (4, "4", "Huyện Một", "200"),  # the former Xã Chia, its figures where the planner chose
    }


def test_a_choice_is_found_by_name_and_by_district() -> None:
    # "Xã Trùng" under two district subtotals: one choice each.
    table = [
        RowFigures(2, "Xã Trùng", {"not_issued": 3}, district="Huyện Một"),
        RowFigures(3, "Xã Trùng", {"not_issued": 4}, district="Huyện Hai"),
    ]
    plain = map_rows(table, NEW, OLD, [P])
    assert plain.ok  # the subtotal row's district picks each row's former unit
    assert [line.shares[0][0] for line in plain.lines] == ["200", "400"]
    choices = [
        RowChoice("Xã Trùng", ChoiceKind.LEAVE_OUT, "", "Huyện Một"),
        RowChoice("xã trùng", ChoiceKind.COMMUNE, "100", "Hai"),
    ]
    m = map_rows(table, NEW, OLD, [P], choices=choices)
    assert [r.row for r in m.left_out] == [2]
    assert [(line.row, line.shares[0][0]) for line in m.lines] == [(3, "100")]
    bad = mapped(("Xã Chia", 60), choices=[RowChoice("Xã Chia", ChoiceKind.FORMER, "999")])
    assert not bad.ok and "999" in bad.errors[0].vi and bad.errors[0].field == "--assign-former"
