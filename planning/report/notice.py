"""Public notice of a team's visit to one commune (THÔNG BÁO), as text to send or PDF to post.

The notice says the dates, the venue, the hours, who should come and what to bring. The paper
household register (sổ hộ khẩu) is no longer used, so citizens are asked only for their personal
information and any related papers; citizens aged 14 to under 18 come with a parent or guardian.

Where a commune lists its intake points, its notice lists every point with its own dates and
hours (a notice that says only "at Xã Ia Băng" sends people 30 km to the wrong hall), and each
point has a notice of its own to post there (:func:`point_notice_lines`): the place, how to find
it (landmark), the dates and hours, what to bring. A commune without listed points gets exactly
the notice of before.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planning.domain import Plan, Scenario
from planning.formatting import fmt_day_long, fmt_hhmm, fmt_int
from planning.report.pdf import FAMILY, OfficialPDF, date_line, header_block
from planning.report.plan_views import service_start_min
from planning.wording import CardTerms, card_terms, tr

BRING_VI = "thông tin cá nhân, giấy tờ liên quan nếu có (không cần sổ hộ khẩu)"
BRING_EN = "personal information and any related papers (the household book is not needed)"


@dataclass(frozen=True)
class Session:
    """One day a team serves the commune: date, service hours, team, expected applications,
    at which intake point."""

    date: dt.date
    start_min: int
    end_min: int
    team_name: str
    applications: int
    point_id: str = ""

    #: Hours announced to citizens are on the quarter hour, inside the service time.
    ROUND_MIN = 15

    @property
    def public_start_min(self) -> int:
        """Service start rounded up to the quarter hour (citizens never wait for the team)."""
        return -(-self.start_min // self.ROUND_MIN) * self.ROUND_MIN

    @property
    def public_end_min(self) -> int:
        """Service end rounded down to the quarter hour (nobody arrives after the team left)."""
        end = self.end_min // self.ROUND_MIN * self.ROUND_MIN
        return max(end, self.public_start_min)


def sessions(
    scenario: Scenario, plan: Plan, code: str, point_id: str | None = None
) -> list[Session]:
    """The commune's service days (at ``point_id`` only, when given), in date order (service
    starts after the team's setup, and not before the point opens)."""
    teams = {t.team_id: t for t in scenario.teams}
    found = []
    for day in plan.team_days:
        for stop in day.stops:
            if stop.commune_code != code or stop.applications <= 0:
                continue
            if point_id is not None and stop.point != point_id:
                continue
            team = teams[day.team_id]
            found.append(
                Session(
                    day.date,
                    service_start_min(scenario, stop, team),
                    stop.depart_min,
                    team.name,
                    stop.applications,
                    stop.point,
                )
            )
    return sorted(found, key=lambda s: (s.date, s.start_min))


def _when(s: Session, lang: str) -> str:
    return f"{fmt_day_long(s.date, lang)}, " + tr(
        lang,
        f"từ {fmt_hhmm(s.public_start_min)} đến {fmt_hhmm(s.public_end_min)}",
        f"{fmt_hhmm(s.public_start_min)} to {fmt_hhmm(s.public_end_min)}",
    )


def point_place(scenario: Scenario, point_id: str) -> str:
    """'Điểm UBND xã cũ Ia Pết (cạnh chợ Ia Pết)': the point and how to find it."""
    point = scenario.point(point_id)
    return point.name + (f" ({point.landmark})" if point.landmark else "")


def listed_points(scenario: Scenario, code: str) -> bool:
    """True when the commune lists its intake points (notices then name each one)."""
    return bool(scenario.commune(code).points)


def venue_text(scenario: Scenario, code: str, lang: str = "vi") -> str:
    """The venue's name, or the commune People's Committee hall when none is given."""
    commune = scenario.commune(code)
    if commune.venue_name:
        return commune.venue_name
    return tr(lang, f"Hội trường UBND {commune.name}", f"People's Committee hall, {commune.name}")


def notice_lines(scenario: Scenario, plan: Plan, code: str, lang: str = "vi") -> list[str]:
    """The body of the notice, one paragraph per line (empty when the commune has no visit)."""
    commune = scenario.commune(code)
    found = sessions(scenario, plan, code)
    if not found:
        return []
    card = card_terms(found[0].date, found[-1].date)
    lines = [
        tr(
            lang,
            f"Tổ cấp {card.card_vi} lưu động sẽ đến {commune.name} để thu nhận hồ sơ "
            f"cấp {card.card_vi} cho {card.who_vi}, cụ thể:",
            f"The mobile {card.card_en} team will come to {commune.name} to take "
            f"{card.card_en} applications from {card.who_en}:",
        )
    ]
    if listed_points(scenario, code):
        for point in commune.points:
            at = [s for s in found if s.point_id == point.point_id]
            if not at:
                continue
            lines.append(tr(lang, "- Tại ", "- At ") + point_place(scenario, point.point_id) + ":")
            lines += [f"  + {_when(s, lang)}" for s in at]
    else:
        lines += [tr(lang, "- Thời gian: ", "- When: ") + _when(s, lang) for s in found]
        lines.append(tr(lang, "- Địa điểm: ", "- Where: ") + venue_text(scenario, code, lang))
    lines.append(tr(lang, "- Công dân mang theo: " + BRING_VI, "- Please bring: " + BRING_EN))
    lines += ["- " + line for line in (card.minors_vi if lang == "vi" else card.minors_en)]
    total = sum(s.applications for s in found)
    lines.append(
        tr(
            lang,
            f"Dự kiến tiếp nhận khoảng {fmt_int(total, lang)} hồ sơ. Đề nghị công dân "
            "có tên trong danh sách đến đúng thời gian, địa điểm trên.",
            f"About {fmt_int(total, lang)} applications are expected. Citizens on the list "
            "are asked to come at the time and place above.",
        )
    )
    return lines


def point_notice_lines(
    scenario: Scenario, plan: Plan, point_id: str, lang: str = "vi"
) -> list[str]:
    """The body of one intake point's notice (empty when the plan does not go there)."""
    point = scenario.point(point_id)
    commune = scenario.commune(point.commune_code)
    found = sessions(scenario, plan, commune.code, point_id)
    if not found:
        return []
    card = card_terms(found[0].date, found[-1].date)
    lines = [
        tr(
            lang,
            f"Tổ cấp {card.card_vi} lưu động sẽ đến {point.name} ({commune.name}) để thu nhận "
            f"hồ sơ cấp {card.card_vi} cho {card.who_vi}, cụ thể:",
            f"The mobile {card.card_en} team will come to {point.name} ({commune.name}) to take "
            f"{card.card_en} applications from {card.who_en}:",
        )
    ]
    lines += [tr(lang, "- Thời gian: ", "- When: ") + _when(s, lang) for s in found]
    where = f"{point.name}, {commune.name}"
    lines.append(tr(lang, "- Địa điểm: ", "- Where: ") + where)
    if point.landmark:
        lines.append(tr(lang, "- Chỉ dẫn: ", "- How to find it: ") + point.landmark)
    lines.append(tr(lang, "- Công dân mang theo: " + BRING_VI, "- Please bring: " + BRING_EN))
    lines += ["- " + line for line in (card.minors_vi if lang == "vi" else card.minors_en)]
    total = sum(s.applications for s in found)
    lines.append(
        tr(
            lang,
            f"Dự kiến tiếp nhận khoảng {fmt_int(total, lang)} hồ sơ tại điểm này. Đề nghị công "
            "dân có tên trong danh sách của điểm đến đúng thời gian, địa điểm trên.",
            f"About {fmt_int(total, lang)} applications are expected at this point. Citizens on "
            "its list are asked to come at the time and place above.",
        )
    )
    return lines


def _card_named(scenario: Scenario, found: list[Session]) -> CardTerms:
    """The card's name on the visit dates of ``found`` (the campaign's window when none)."""
    days = [s.date for s in found] or [scenario.calendar.start, scenario.calendar.deadline]
    return card_terms(days[0], days[-1])


def point_notice_subject(scenario: Scenario, plan: Plan, point_id: str, lang: str = "vi") -> str:
    """'Về việc cấp Căn cước lưu động tại Điểm UBND xã cũ Ia Pết, Xã Ia Băng'."""
    point = scenario.point(point_id)
    commune = scenario.commune(point.commune_code)
    card = _card_named(scenario, sessions(scenario, plan, commune.code, point_id))
    return tr(
        lang,
        f"Về việc cấp {card.card_vi} lưu động tại {point.name}, {commune.name}",
        f"Mobile {card.card_en} intake at {point.name}, {commune.name}",
    )


def point_notice_text(scenario: Scenario, plan: Plan, point_id: str, lang: str = "vi") -> str:
    """One intake point's notice as plain text."""
    title = tr(lang, "THÔNG BÁO", "NOTICE")
    subject = point_notice_subject(scenario, plan, point_id, lang)
    body = point_notice_lines(scenario, plan, point_id, lang) or [
        tr(lang, "Chưa có lịch tổ lưu động đến điểm này.", "No team visit is planned here.")
    ]
    return "\n".join([title, subject, "", *body])


def visited_points(scenario: Scenario, plan: Plan, code: str) -> list[str]:
    """The listed points of commune ``code`` the plan goes to, in the commune's order (none for
    a commune without listed points)."""
    if not listed_points(scenario, code):
        return []
    going = {s.point_id for s in sessions(scenario, plan, code)}
    return [p.point_id for p in scenario.commune(code).points if p.point_id in going]


def notice_subject(scenario: Scenario, plan: Plan, code: str, lang: str = "vi") -> str:
    """'Về việc cấp Căn cước công dân lưu động tại …' — the card named as on the visit dates."""
    commune = scenario.commune(code)
    card = _card_named(scenario, sessions(scenario, plan, code))
    return tr(
        lang,
        f"Về việc cấp {card.card_vi} lưu động tại {commune.name}",
        f"Mobile {card.card_en} intake in {commune.name}",
    )


def notice_text(scenario: Scenario, plan: Plan, code: str, lang: str = "vi") -> str:
    """The notice as plain text, ready to send by message or loudspeaker script."""
    title = tr(lang, "THÔNG BÁO", "NOTICE")
    subject = notice_subject(scenario, plan, code, lang)
    body = notice_lines(scenario, plan, code, lang) or [
        tr(lang, "Chưa có lịch tổ lưu động đến đơn vị này.", "No team visit is planned here.")
    ]
    return "\n".join([title, subject, "", *body])


def _notice_page(
    pdf: OfficialPDF,
    scenario: Scenario,
    plan: Plan,
    code: str,
    place: str,
    issued_on: dt.date | None,
    point_id: str | None = None,
) -> None:
    """One notice page: the commune's, or (``point_id``) one of its points'."""
    commune = scenario.commune(code)
    if point_id is None:
        subject = notice_subject(scenario, plan, code)
        body = notice_lines(scenario, plan, code, "vi")
    else:
        subject = point_notice_subject(scenario, plan, point_id)
        body = point_notice_lines(scenario, plan, point_id, "vi")
    pdf.add_page()
    header_block(
        pdf,
        "",
        f"UBND {commune.name.upper()}",
        "Số:      /TB-UBND",
        date_line(place or commune.name, issued_on),
    )
    pdf.set_font(FAMILY, "B", 14)
    pdf.cell(0, 7, "THÔNG BÁO", align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.multi_cell(0, 6.5, subject, align="C", new_x="LMARGIN", new_y="NEXT")
    pdf.ln(4)
    for line in body:
        pdf.text_block(line, indent=not line.lstrip().startswith(("-", "+")))
    pdf.ln(6)
    half = (pdf.w - pdf.l_margin - pdf.r_margin) / 2
    pdf.set_x(pdf.l_margin + half)
    pdf.set_font(FAMILY, "B", 13)
    pdf.cell(half, 6, "TM. ỦY BAN NHÂN DÂN", align="C", new_x="LEFT", new_y="NEXT")
    pdf.cell(half, 6, "CHỦ TỊCH", align="C")


def notice_pdf(
    scenario: Scenario,
    plan: Plan,
    codes: list[str],
    place: str = "",
    issued_on: dt.date | None = None,
    with_points: bool = False,
    point_ids: list[str] | None = None,
) -> bytes:
    """One notice page per commune in ``codes`` that has a visit, as PDF bytes; ``with_points``:
    each followed by a page per listed intake point it visits. ``point_ids``: the pages of
    these points only (then ``codes`` is not used)."""
    pdf = OfficialPDF()
    cal = scenario.calendar
    pdf.set_title(f"Thông báo cấp {card_terms(cal.start, cal.deadline).short_vi} lưu động")
    pdf.set_creator("cccd-planner")
    if point_ids is not None:
        for point_id in point_ids:
            code = scenario.point(point_id).commune_code
            if sessions(scenario, plan, code, point_id):
                _notice_page(pdf, scenario, plan, code, place, issued_on, point_id)
        codes = []
    for code in codes:
        if sessions(scenario, plan, code):
            _notice_page(pdf, scenario, plan, code, place, issued_on)
            for point_id in visited_points(scenario, plan, code) if with_points else []:
                _notice_page(pdf, scenario, plan, code, place, issued_on, point_id)
    if pdf.page_no() == 0:
        pdf.add_page()
        pdf.text_block("Chưa có lịch tổ lưu động đến các đơn vị đã chọn.")
    return bytes(pdf.output())
