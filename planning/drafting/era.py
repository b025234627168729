"""Which era a backlog table names: the former units (before 1 July 2025) or the 2025 communes.

Nearly every 2025 commune took the name of one of the former communes merged into it, so one
row's name rarely says which it means: "Đak Sơmei" is the former commune and the 2025 commune
that absorbed it and Hà Đông. A table is read as one era, decided from all of it (:func:`decide`):

* its rows: a name that only a former unit has (or a prefix that no longer exists: "Thị trấn",
  "Thị xã") says former; a name that only a 2025 commune has says 2025; a name both have says
  nothing by itself;
* what the table says around its rows (:func:`table_signs`): a total or subtotal row naming a
  district ("Huyện Đak Đoa": districts were abolished on 1/7/2025), a title naming a district or
  a town ("UBND HUYỆN", "xã, thị trấn"), a date before 1/7/2025 — each says former; a date from
  1/7/2025 says 2025, weakly (former communes are still listed after it).

One era clearly ahead (:data:`DOMINANCE` times the other's evidence) is the table's: every name
both eras have takes that era's reading. Only a genuinely mixed table leaves such names to be
settled row by row (:mod:`planning.drafting.unit_mapping`: by which reading would count a row
twice, else by asking).
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Collection, Iterable
from dataclasses import dataclass
from enum import StrEnum

from planning.drafting.crosswalk import district_matches
from planning.formatting import fmt_date, fmt_int
from planning.wording import tr

#: The day the 2025 communes came into force.
MERGER_DAY = dt.date(2025, 7, 1)
#: How much one sign of the table (a district row, a title, a date before the merger) weighs
#: against rows: as much as three rows.
SIGN_WEIGHT = 3
#: One era is the table's when its evidence is at least this many times the other's.
DOMINANCE = 4
#: Title words of a level that no longer exists (casefolded, whole words).
_FORMER_TITLE_RE = re.compile(r"(?<!\w)(huyện|quận|thị xã|thị trấn)(?!\w)")
#: Summary-row labels of a former district (a "Thành phố X" counts only when X was a district).
_DISTRICT_RE = re.compile(r"^(huyện|quận|thị xã|h\.|tx\.)\s*\S")
_CITY_RE = re.compile(r"^(thành phố|tp\.)\s*(\S.*)$")
_DATE_RES = (
    re.compile(r"(?<!\d)(\d{1,2})\s*[/.\-]\s*(\d{1,2})\s*[/.\-]\s*(\d{4})(?!\d)"),
    re.compile(r"ngày\s+(\d{1,2})\s+tháng\s+(\d{1,2})\s+năm\s+(\d{4})"),
)


class Era(StrEnum):
    """What a table's rows name."""

    FORMER = "former"  # former units (before 1/7/2025)
    NEW = "new"  # 2025 communes
    MIXED = "mixed"  # both, each row as it says; shared names settled row by row
    UNKNOWN = "unknown"  # nothing says: shared names settled row by row


@dataclass(frozen=True)
class TableSigns:
    """What a table says about its era apart from its rows' names."""

    #: The table's date (the latest date in its title rows), if it gives one.
    date: dt.date | None = None
    #: Total, subtotal and title texts that name a former level ("Huyện Đak Đoa").
    former_labels: tuple[str, ...] = ()

    @property
    def former_weight(self) -> int:
        """Evidence for former units: each kind of sign counts :data:`SIGN_WEIGHT`."""
        before = self.date is not None and self.date < MERGER_DAY
        return SIGN_WEIGHT * (bool(self.former_labels) + before)

    @property
    def new_weight(self) -> int:
        """Evidence for 2025 communes: a date from 1/7/2025 (weak: 1)."""
        return int(self.date is not None and self.date >= MERGER_DAY)


def _fold(text: str) -> str:
    return " ".join(unicodedata.normalize("NFC", text).casefold().split())


def table_date(titles: Iterable[str]) -> dt.date | None:
    """The latest valid date written in the title rows ("22/8/2022", "ngày 5 tháng 12 năm
    2022"), or ``None``."""
    found: list[dt.date] = []
    for title in titles:
        text = _fold(title)
        for regex in _DATE_RES:
            for day, month, year in regex.findall(text):
                try:
                    found.append(dt.date(int(year), int(month), int(day)))
                except ValueError:
                    continue
    return max(found, default=None)


def is_former_label(label: str, former_districts: Collection[str]) -> bool:
    """True when a total/subtotal label names a former district: "Huyện X", "Quận X", "Thị xã
    X", or "Thành phố X" where X was a district of the province ("Thành phố Lai Châu")."""
    text = _fold(label)
    if _DISTRICT_RE.match(text):
        return True
    city = _CITY_RE.match(text)
    return bool(city) and any(
        district_matches(label, d) for d in former_districts if _fold(d).startswith("thành phố")
    )


def table_signs(
    titles: Iterable[str], summary_labels: Iterable[str], former_districts: Collection[str]
) -> TableSigns:
    """The signs of a table: its date, and its titles and total/subtotal labels that name a
    former level (``former_districts``: the districts of the chosen provinces' former units)."""
    titles = tuple(titles)
    labels = [label for label in summary_labels if is_former_label(label, former_districts)]
    labels += [t for t in titles if _FORMER_TITLE_RE.search(_fold(t))]
    return TableSigns(table_date(titles), tuple(dict.fromkeys(labels)))


@dataclass(frozen=True)
class EraReading:
    """The era a table was read as, and why."""

    era: Era
    #: Rows only a former unit's name fits (or written with a prefix that no longer exists).
    former_rows: int = 0
    #: Rows only a 2025 commune's name fits.
    new_rows: int = 0
    #: Rows both a former unit's and a 2025 commune's name fit.
    shared_rows: int = 0
    signs: TableSigns = TableSigns()

    def text(self, lang: str = "vi") -> str:
        """'Bảng được đọc là bảng theo đơn vị cũ (trước 01/7/2025): 16 dòng chỉ khớp đơn vị
        cũ; dòng tổng/tiêu đề "Huyện Đak Đoa"; ngày 22/08/2022 trong tiêu đề. …'."""
        head = {
            Era.FORMER: tr(
                lang,
                "Bảng được đọc là bảng theo đơn vị hành chính cũ (trước 01/7/2025)",
                "The table was read as listing former units (before 1/7/2025)",
            ),
            Era.NEW: tr(
                lang,
                "Bảng được đọc là bảng theo xã sau 01/7/2025",
                "The table was read as listing communes after 1/7/2025",
            ),
            Era.MIXED: tr(
                lang,
                "Bảng ghi lẫn đơn vị cũ và xã sau 01/7/2025: mỗi dòng theo tên của nó, tên trùng "
                "xét từng dòng",
                "The table mixes former units and 2025 communes: each row as its name says, "
                "shared names row by row",
            ),
            Era.UNKNOWN: tr(
                lang,
                "Không xác định được bảng theo đơn vị cũ hay xã mới: tên trùng xét từng dòng",
                "Whether the table lists former units or 2025 communes is not known: shared "
                "names row by row",
            ),
        }[self.era]
        why = [
            tr(
                lang,
                f"{fmt_int(self.former_rows, lang)} dòng chỉ khớp đơn vị cũ",
                f"{fmt_int(self.former_rows, lang)} rows only match former units",
            ),
            tr(
                lang,
                f"{fmt_int(self.new_rows, lang)} dòng chỉ khớp xã 2025",
                f"{fmt_int(self.new_rows, lang)} rows only match 2025 communes",
            ),
        ]
        if self.signs.former_labels:
            labels = ", ".join(f'"{label}"' for label in self.signs.former_labels[:3])
            more = len(self.signs.former_labels) - 3
            labels += tr(lang, f" và {more} dòng khác", f" and {more} more") if more > 0 else ""
            why.append(tr(lang, f"dòng tổng/tiêu đề {labels}", f"total/title rows {labels}"))
        if self.signs.date is not None:
            why.append(
                tr(
                    lang,
                    f"ngày {fmt_date(self.signs.date, lang)} trong tiêu đề",
                    f"dated {fmt_date(self.signs.date, lang)} in its title",
                )
            )
        if self.shared_rows:
            why.append(
                tr(
                    lang,
                    f"{fmt_int(self.shared_rows, lang)} dòng có tên của cả đơn vị cũ và xã 2025",
                    f"{fmt_int(self.shared_rows, lang)} rows name both a former unit and a "
                    "2025 commune",
                )
            )
        return f"{head}: {'; '.join(why)}."


def decide(former_rows: int, new_rows: int, shared_rows: int, signs: TableSigns) -> EraReading:
    """The table's era from its rows and its signs (module docstring)."""
    former = former_rows + signs.former_weight
    new = new_rows + signs.new_weight
    if former == 0 and new == 0:
        era = Era.UNKNOWN
    elif former >= DOMINANCE * new:
        era = Era.FORMER
    elif new >= DOMINANCE * former:
        era = Era.NEW
    else:
        era = Era.MIXED
    return EraReading(era, former_rows, new_rows, shared_rows, signs)
