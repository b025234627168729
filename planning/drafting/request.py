"""What a planner asks for when drafting a scenario, and what comes back.

A :class:`NewScenarioRequest` (``python -m planning new``, the Data page's "new" tabs) names the
backlog table and either a boundary file or an area of the 2025 commune layer; the
:class:`NewScenarioOutcome` is the matching report (see :mod:`planning.drafting.new_scenario`).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from planning.domain import RowChoice
from planning.drafting.defaults import NEW_SCENARIO
from planning.errors import Problem
from planning.formatting import fmt_int
from planning.wording import default_scenario_name, tr


@dataclass(frozen=True)
class NewScenarioRequest:
    """What ``python -m planning new`` (or the Data page) was asked to build."""

    out_dir: Path
    table: Path
    boundaries: Path | None = None
    name: str = ""
    start: dt.date | None = None
    deadline: dt.date | None = None
    teams: int = NEW_SCENARIO.teams
    base: tuple[float, float] | None = None
    aliases: dict[str, str] = field(default_factory=dict)
    #: The 2025 layer (when ``boundaries`` is None): a province (name or code) and/or 2025
    #: communes (codes or names; ``area_source`` names where they were read from).
    province: str = ""
    area: tuple[str, ...] = ()
    area_source: str = "--area"
    #: Teams with their own bases (CSV/Excel), instead of ``teams`` teams at one base.
    teams_file: Path | None = None
    #: How an old unit split between several 2025 communes is shared ("" = not at all).
    split_rule: str = ""
    #: The planner's choices for open rows (a former unit, a 2025 commune, or leave it out),
    #: from this session or from a scenario drafted before (``--choices-from``).
    choices: tuple[RowChoice, ...] = ()
    #: A planner's intake points file (CSV/Excel), added to the drafted communes.
    points: Path | None = None
    #: On the 2025 layer: each former commune of the table becomes an intake point of its 2025
    #: commune (:mod:`planning.drafting.former_points`).
    former_points: bool = False

    def scenario_name(self, place: str, communes: int | None = None) -> str:
        """The name given, else the place and month ('Lai Châu, 12/2026'; 'Cao Bằng (7 xã),
        12/2026' for ``communes`` of a province): never the table's file name, which would
        title every document."""
        start = self.start or dt.date.today()
        return self.name or default_scenario_name(place, start, communes)


@dataclass(frozen=True)
class NewScenarioOutcome:
    """The matching report and, once saved, the TOML written."""

    matched: dict[str, tuple[str, str, str]]  # table name → (code, boundary name, how)
    ambiguous: dict[str, list[Any]]
    unmatched: dict[str, list[Any]]
    warnings: tuple[Problem, ...]
    toml_path: Path | None
    base_note: str = ""
    #: On the 2025 layer: the old → new mapping (a planning.drafting.unit_mapping.UnitMapping).
    mapping: Any = None
    #: The outlines of the scenario's communes, keyed by the scenario's codes (once drafted).
    features: Any = None
    #: How the intake points made from former communes were placed (a
    #: planning.drafting.former_points.FormerPointsReport), when asked for.
    points_report: Any = None

    def report_lines(self, lang: str = "vi") -> list[str]:
        """Human-readable matching report: every matched, ambiguous and unmatched name (on the
        2025 layer: every old → new line, the rows waiting for a choice, the totals)."""
        if self.mapping is not None:
            return self._mapping_lines(lang)
        vi = lang == "vi"
        how_vi = {"exact": "khớp", "alias": "theo bí danh", "variant": "khớp biến thể chính tả"}
        lines = [f"{'Đã khớp' if vi else 'Matched'}: {len(self.matched)}"]
        for name, (code, target, how) in self.matched.items():
            how_text = how_vi.get(how, how) if vi else how
            lines.append(f"  {name} → {target} ({code}) [{how_text}]")
        for title_vi, title_en, group in (
            ("Mơ hồ", "Ambiguous", self.ambiguous),
            ("Không khớp", "Unmatched", self.unmatched),
        ):
            if not group:
                continue
            lines.append(f"{title_vi if vi else title_en}: {len(group)}")
            for name, candidates in group.items():
                options = "; ".join(f"{c.name} ({c.code}, {c.score:.0f})" for c in candidates)
                label = "gần nhất" if vi else "closest"
                lines.append(f"  {name} — {label}: {options or '—'}")
        if self.base_note:
            lines.append(self.base_note)
        return lines

    def _mapping_lines(self, lang: str) -> list[str]:
        lines = list(self.mapping.report_lines(lang))
        if self.points_report is not None:
            lines += self.points_report.lines(lang)
        pending = self.mapping.pending
        if pending:
            lines.append(
                tr(
                    lang,
                    f"Còn {len(pending)} dòng cần chọn (mỗi dòng: đơn vị cũ, xã 2025 nào của "
                    'tỉnh cũng được, hoặc bỏ ra): --assign-former "Tên=MÃ_CŨ", --assign '
                    '"Tên=MÃ_XÃ_2025", --leave-out "Tên"',
                    f"{len(pending)} rows need a choice (a former unit, any 2025 commune of the "
                    'province, or leave the row out): --assign-former "Name=FORMER_CODE", '
                    '--assign "Name=2025_CODE", --leave-out "Name"',
                )
            )
            for row in pending:
                lines.append("  " + pending_row_text(row, self.mapping.new_units, lang))
        if self.base_note:
            lines.append(self.base_note)
        return lines


def pending_row_text(row: Any, units: Any, lang: str = "vi") -> str:
    """'dòng 36 · Xã Can Hồ · Huyện Mường Tè · 57 người — gợi ý: đơn vị cũ 03469 Xã Kan Hồ
    (Huyện Mường Tè, cũ) → Xã Bum Tở (03433); …' (an open row of the mapping)."""
    head = [tr(lang, f"dòng {row.row}", f"row {row.row}"), row.name]
    if row.district:
        head.append(row.district)
    if row.not_issued is not None:
        head.append(
            tr(lang, f"{fmt_int(row.not_issued, lang)} người", f"{row.not_issued:,} people")
        )
    offers = "; ".join(
        (tr(lang, "đơn vị cũ ", "former unit ") + f"{o.code} " if o.kind == "former" else "")
        + o.label(units, lang)
        for o in row.offers
    )
    return " · ".join(head) + " — " + tr(lang, "gợi ý: ", "offers: ") + (offers or "—")
