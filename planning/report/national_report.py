"""The national what-if for people: its table (Excel), its map (offline HTML and PNG) and a
progress line per province.

The map is a choropleth of the fewest teams each province needs to meet the deadline (five
equal-count classes of the provinces where it was found), with the provinces where no number is
enough (binding limits), where even the most teams tried are not enough, and where no answer was
found within the time budget in colours of their own; provinces not in the table are pale. Every
text is Vietnamese first, English second. The HTML has Leaflet inlined (no request off the
machine); the workbook writes user text as text, never as a formula
(:class:`~planning.report.excel.CellWriter`).
"""

from __future__ import annotations

import datetime as dt
import html
import io
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import xlsxwriter
from matplotlib.patches import Patch

from planning.formatting import fmt_date, fmt_int, fmt_num
from planning.outcomes import NationalAnswer, ProvinceOutcome
from planning.report.excel import CellWriter
from planning.report.maps import (
    PALETTE,
    Classes,
    add_legend,
    add_point_labels,
    add_shapes,
    base_map,
    quantile_classes,
)
from planning.report.offline import offline_html
from planning.report.static_map import new_figure, png_bytes
from planning.results import WhatItTakes
from planning.wording import label, limit_lines, national_answer_name, tr

if TYPE_CHECKING:
    from planning.drafting.national import NationalInput

#: Colours of the provinces without a team count.
ANSWER_COLOURS = {
    NationalAnswer.LIMITS: "#7b3294",
    NationalAnswer.OVER_CAP: "#3f007d",
    NationalAnswer.TIME_LIMITED: "#9e9e9e",
    NationalAnswer.ERROR: "#616161",
    NationalAnswer.CANCELLED: "#bdbdbd",
}
NOT_IN_TABLE = "#f4f4f4"
#: The table's columns (keys of :data:`planning.wording.LABELS`).
COLUMNS = (
    "province_code",
    "province",
    "communes_count",
    "collectable",
    "teams_given",
    "min_teams_low",
    "min_teams_high",
    "min_teams_proven",
    "earliest_finish",
    "earliest_finish_proven",
    "national_status",
    "binding_limits",
    "analysis_seconds",
    "worker",
    "error",
)
WIDTHS = (8, 26, 8, 14, 10, 16, 16, 12, 16, 12, 30, 60, 12, 24, 30)


@dataclass(frozen=True)
class NationalFacts:
    """What a national what-if was asked, for titles and the workbook's notes."""

    table: str
    start: dt.date
    deadline: dt.date
    budget_s: float
    max_teams: int
    settings: tuple[tuple[str, str], ...]

    @classmethod
    def of(cls, inputs: NationalInput, budget_s: float, max_teams: int) -> NationalFacts:
        """The facts of a run on ``inputs``."""
        from planning.drafting.national import SETTINGS

        return cls(inputs.table, inputs.start, inputs.deadline, budget_s, max_teams, SETTINGS)

    def title(self, lang: str) -> str:
        """'Số tổ tối thiểu để kịp hạn 05/10/2025' in ``lang``."""
        return tr(
            lang,
            f"Số tổ tối thiểu để kịp hạn {fmt_date(self.deadline)}",
            f"Fewest teams to meet the {fmt_date(self.deadline, 'en')} deadline",
        )

    def both(self) -> str:
        """The title, Vietnamese / English."""
        return f"{self.title('vi')} / {self.title('en')}"


def _proven(flag: bool | None, lang: str) -> str | None:
    if flag is None:
        return None
    return tr(lang, "có", "yes") if flag else tr(lang, "chưa", "no")


def table_rows(outcomes: Sequence[ProvinceOutcome], lang: str = "vi") -> list[list[Any]]:
    """One row per province (:data:`COLUMNS`): numbers, dates and texts."""
    rows = []
    for o in outcomes:
        what = o.what
        given = o.teams_given is not None
        rows.append(
            [
                o.code,
                o.name,
                o.communes,
                o.backlog,
                o.teams_given,
                None if what is None else what.min_teams_low,
                None if what is None else what.min_teams_for_deadline,
                None if what is None else _proven(what.min_teams_proven, lang),
                None if what is None else what.earliest_finish_current_teams,
                None if what is None or not given else _proven(what.earliest_finish_proven, lang),
                national_answer_name(o.answer, lang),
                "" if what is None else "\n".join(limit_lines(what, lang)),
                None if what is None else round(o.seconds, 1),
                o.worker,
                o.error,
            ]
        )
    return rows


def classes_of(outcomes: Sequence[ProvinceOutcome]) -> Classes:
    """Equal-count classes of the fewest teams, over the provinces where it was found."""
    found = [
        float(o.what.min_teams_for_deadline)
        for o in outcomes
        if o.answer == NationalAnswer.FOUND
        and o.what is not None
        and o.what.min_teams_for_deadline is not None
    ]
    return quantile_classes(found)


def fill_colour(outcome: ProvinceOutcome | None, classes: Classes) -> str:
    """A province's colour on the map."""
    if outcome is None:
        return NOT_IN_TABLE
    if outcome.answer == NationalAnswer.FOUND and outcome.what is not None:
        return classes.colour(outcome.what.min_teams_for_deadline)
    return ANSWER_COLOURS[outcome.answer]


def _teams_text(outcome: ProvinceOutcome | None, lang: str) -> str:
    """'12 tổ (đã chứng minh)', '11–12 tổ (ít nhất 11 đã chứng minh; kế hoạch kịp hạn với 12)'
    or the answer's name."""
    if outcome is None:
        return tr(lang, "không có trong bảng", "not in the table")
    what = outcome.what
    if outcome.answer != NationalAnswer.FOUND or what is None:
        return national_answer_name(outcome.answer, lang)
    return _interval_text(what, lang) + _leaves_out_suffix(what, lang)


def _interval_text(what: WhatItTakes, lang: str) -> str:
    high, low = what.min_teams_for_deadline, what.min_teams_low
    if what.min_teams_proven:
        return f"{high} {tr(lang, 'tổ', 'teams')} ({tr(lang, 'đã chứng minh', 'proven')})"
    if low is None or low <= 1:
        return f"{high} {tr(lang, 'tổ', 'teams')} ({tr(lang, 'chưa chứng minh', 'not proven')})"
    return tr(
        lang,
        f"{low}–{high} tổ (ít nhất {low} đã chứng minh; kế hoạch kịp hạn với {high})",
        f"{low}–{high} teams (at least {low} proven; a plan meets it with {high})",
    )


def _leaves_out_suffix(what: WhatItTakes, lang: str) -> str:
    n = len(what.min_teams_leaves_out)
    if not n:
        return ""
    return tr(lang, f", không tính {n} xã không đến được", f", leaving out {n} unreachable")


def finish_text(outcome: ProvinceOutcome, lang: str) -> str:
    """The earliest finish of the teams given: a date, 'none' (limits) or 'not found'."""
    what = outcome.what
    finish = None if what is None else what.earliest_finish_current_teams
    if finish is not None:
        return fmt_date(finish, lang)
    if what is not None and what.limits and what.earliest_finish_proven:
        return tr(lang, "không có (xem giới hạn)", "none (see the limits)")
    return tr(lang, "chưa tìm được trong thời gian phân tích", "not found within the time budget")


def legend_items(
    outcomes: Sequence[ProvinceOutcome], classes: Classes, max_teams: int
) -> list[tuple[str, str]]:
    """(colour, 'vi / en' text) of the map's legend: the classes, then the answers present."""
    items = []
    lows = (0.0, *classes.breaks[:-1])
    if any(o.answer == NationalAnswer.FOUND for o in outcomes):
        for low, high, colour in zip(lows, classes.breaks, PALETTE, strict=False):
            first = int(low) + 1 if low else 1
            span = f"{first}–{int(high)}" if first < int(high) else f"{int(high)}"
            items.append((colour, f"{span} tổ / teams"))
    present = {o.answer for o in outcomes}
    for answer, colour in ANSWER_COLOURS.items():
        if answer in present:
            vi, en = national_answer_name(answer, "vi"), national_answer_name(answer, "en")
            if answer == NationalAnswer.OVER_CAP:
                vi, en = f"cần hơn {max_teams} tổ", f"more than {max_teams} teams"
            items.append((colour, f"{vi} / {en}"))
    items.append((NOT_IN_TABLE, "không có trong bảng / not in the table"))
    return items


def _popup(outcome: ProvinceOutcome | None, name: str) -> str:
    lines = [f"<b>{html.escape(name)}</b>"]
    for lang in ("vi", "en"):
        lines.append(html.escape(_teams_text(outcome, lang)))
    if outcome is not None:
        lines.append(
            html.escape(
                f"{label('communes_count')}: {fmt_int(outcome.communes)}; "
                f"{label('collectable')}: {fmt_int(outcome.backlog)}"
            )
        )
        what = outcome.what
        if outcome.teams_given is not None and what is not None:
            lines.append(
                html.escape(
                    f"{label('teams_given')}: {outcome.teams_given}; "
                    f"{label('earliest_finish')}: {finish_text(outcome, 'vi')}"
                )
            )
        if what is not None:
            lines += [html.escape(line) for line in limit_lines(what, "vi")]
    return "<div class='province-popup'>" + "<br>".join(lines) + "</div>"


def national_map_html(
    outcomes: Sequence[ProvinceOutcome], outlines: Any, facts: NationalFacts
) -> str:
    """The offline HTML page of the national choropleth (Leaflet inlined, no external request)."""
    by_code = {o.code: o for o in outcomes}
    classes = classes_of(outcomes)
    items = legend_items(outcomes, classes, facts.max_teams)
    fmap = base_map(outlines, legend_px=280)
    properties = {
        str(code): {
            "fill": fill_colour(by_code.get(str(code)), classes),
            "tip": html.escape(f"{name}: {_teams_text(by_code.get(str(code)), 'vi')}"),
            "popup": _popup(by_code.get(str(code)), str(name)),
        }
        for code, name in zip(outlines["code"], outlines["name"], strict=True)
    }
    add_shapes(fmap, outlines, properties, 0.85)
    add_point_labels(fmap, team_labels(outcomes, outlines))
    note = (
        f"Bảng: {facts.table}; {fmt_num(facts.budget_s, 0)} giây mỗi tỉnh / "
        f"table: {facts.table}; {fmt_num(facts.budget_s, 0, 'en')} s per province"
    )
    add_legend(fmap, facts.both(), items, note)
    return offline_html(fmap)


def team_labels(
    outcomes: Sequence[ProvinceOutcome], outlines: Any
) -> list[tuple[float, float, str, str]]:
    """(lat, lon, fewest teams, code) inside each province where the count was found."""
    by_code = {o.code: o for o in outcomes}
    labels = []
    for code, geom in zip(outlines["code"], outlines.geometry, strict=True):
        outcome = by_code.get(str(code))
        what = outcome.what if outcome is not None else None
        if what is not None and what.min_teams_for_deadline is not None:
            point = geom.representative_point()
            labels.append((point.y, point.x, str(what.min_teams_for_deadline), str(code)))
    return labels


def national_map_png(
    outcomes: Sequence[ProvinceOutcome],
    outlines: Any,
    facts: NationalFacts,
    width_in: float = 7.0,
    dpi: int = 150,
) -> bytes:
    """The national choropleth as PNG bytes: provinces coloured, the team count written on each
    province where it was found, the legend beside the map."""
    by_code = {o.code: o for o in outcomes}
    classes = classes_of(outcomes)
    colours = [fill_colour(by_code.get(str(c)), classes) for c in outlines["code"]]
    fig, ax = new_figure(width_in, width_in * 1.25, dpi)
    outlines.plot(ax=ax, color=colours, edgecolor="#555555", linewidth=0.4)
    ax.set_axis_off()
    for lat, lon, text, _ in team_labels(outcomes, outlines):
        ax.annotate(
            text,
            (lon, lat),
            fontsize=6.5,
            ha="center",
            va="center",
            bbox={"boxstyle": "round,pad=0.15", "fc": "white", "alpha": 0.75, "lw": 0},
        )
    handles = [
        Patch(facecolor=colour, edgecolor="#555", label=text)
        for colour, text in legend_items(outcomes, classes, facts.max_teams)
    ]
    ax.legend(handles=handles, loc="lower left", fontsize=6.5, framealpha=0.9)
    ax.set_title(f"{facts.title('vi')}\n{facts.title('en')}", fontsize=9)
    return png_bytes(fig)


def summary_lines(outcomes: Sequence[ProvinceOutcome], facts: NationalFacts) -> list[str]:
    """The run in sentences, each Vietnamese / English."""
    counts = Counter(o.answer for o in outcomes)
    found = [
        o.what.min_teams_for_deadline
        for o in outcomes
        if o.what is not None and o.what.min_teams_for_deadline is not None
    ]
    given = [o.teams_given for o in outcomes if o.teams_given is not None]
    lines = [
        f"Bảng số liệu: {facts.table} / Table: {facts.table}",
        f"Bắt đầu {fmt_date(facts.start)}, hạn chót {fmt_date(facts.deadline)} / "
        f"start {fmt_date(facts.start, 'en')}, deadline {fmt_date(facts.deadline, 'en')}",
        f"{fmt_num(facts.budget_s, 0)} giây phân tích mỗi tỉnh, thử đến {facts.max_teams} tổ / "
        f"{fmt_num(facts.budget_s, 0, 'en')} s of analysis per province, up to "
        f"{facts.max_teams} teams",
        f"{len(outcomes)} tỉnh; tổng số tổ tối thiểu của {len(found)} tỉnh tìm được: "
        f"{fmt_int(sum(found))}; tổng số tổ hiện có: {fmt_int(sum(given)) if given else '—'} / "
        f"{len(outcomes)} provinces; fewest teams summed over the {len(found)} found: "
        f"{fmt_int(sum(found), 'en')}; teams given: {fmt_int(sum(given), 'en') if given else '—'}",
    ]
    for answer in NationalAnswer:
        if counts[answer]:
            lines.append(
                f"{national_answer_name(answer, 'vi')}: {counts[answer]} / "
                f"{national_answer_name(answer, 'en')}: {counts[answer]}"
            )
    lines += [f"{vi} / {en}" for vi, en in facts.settings]
    return lines


def national_workbook(
    outcomes: Sequence[ProvinceOutcome], facts: NationalFacts, lang: str = "vi", png: bytes = b""
) -> bytes:
    """The national what-if as an .xlsx: the provinces' table, the summary with the settings,
    and the map."""
    buffer = io.BytesIO()
    book = xlsxwriter.Workbook(
        buffer, {"in_memory": True, "strings_to_formulas": False, "strings_to_urls": False}
    )
    w = CellWriter(book)
    ws = book.add_worksheet(tr(lang, "Các tỉnh", "Provinces"))
    w.text(ws, 0, 0, tr(lang, "PHÂN TÍCH TOÀN QUỐC", "NATIONAL WHAT-IF"), w.title)
    w.text(ws, 1, 0, facts.both())
    header = [label(key, lang) for key in COLUMNS]
    w.table(ws, 3, header, table_rows(outcomes, lang), WIDTHS)
    notes = book.add_worksheet(tr(lang, "Tóm tắt", "Summary"))
    notes.set_column(0, 0, 120)
    for row, line in enumerate(summary_lines(outcomes, facts)):
        w.text(notes, row, 0, line)
    if png:
        sheet = book.add_worksheet(tr(lang, "Bản đồ", "Map"))
        sheet.insert_image(0, 0, "national_map.png", {"image_data": io.BytesIO(png)})
    book.close()
    return buffer.getvalue()


def progress_line(outcome: ProvinceOutcome, done: int, total: int) -> str:
    """'[3/34] 04 Tỉnh Cao Bằng: 3 tổ (chưa chứng minh); với 2 tổ hiện có, xong sớm nhất:
    07/10/2025 — 21,2 giây, tcp://… / 3 teams (not proven); …' on one line."""
    head = f"[{done}/{total}] {outcome.code} {outcome.name}: "
    what = outcome.what

    def one(lang: str) -> str:
        text = _teams_text(outcome, lang)
        if what is not None and what.limits:
            text += f" ({len(what.limits)} {tr(lang, 'giới hạn', 'limits')})"
        if outcome.teams_given is not None and what is not None:
            when = finish_text(outcome, lang)
            text += tr(
                lang,
                f"; với {outcome.teams_given} tổ hiện có, xong sớm nhất: {when}",
                f"; with the {outcome.teams_given} teams given, earliest finish: {when}",
            )
        if outcome.error:
            text += f" — {outcome.error}"
        seconds = fmt_num(outcome.seconds, 1, lang)
        return text + tr(lang, f" — {seconds} giây", f" — {seconds} s")

    where = f", {outcome.worker}" if outcome.worker else ""
    return f"{head}{one('vi')}{where} / {one('en')}"
