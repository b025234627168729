"""Public notice of a team's visit to one commune (THÔNG BÁO), as text to send or PDF to post.

The notice says the dates, the venue, the hours, who should come and what to bring. The paper
household register (sổ hộ khẩu) is no longer used, so citizens are asked only for their personal
information and any related papers; citizens aged 14 to under 18 come with a parent or guardian.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from planning.domain import Plan, Scenario
from planning.formatting import fmt_day_long, fmt_hhmm, fmt_int
from planning.report.pdf import FAMILY, OfficialPDF, date_line, header_block
from planning.wording import card_terms, tr

BRING_VI = "thông tin cá nhân, giấy tờ liên quan nếu có (không cần sổ hộ khẩu)"
BRING_EN = "personal information and any related papers (the household book is not needed)"


@dataclass(frozen=True)
class Session:
    """One day a team serves the commune: date, service hours, team, expected applications."""

    date: dt.date
    start_min: int
    end_min: int
    team_name: str
    applications: int

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


def sessions(scenario: Scenario, plan: Plan, code: str) -> list[Session]:
    """The commune's service days, in date order (service starts after the team's setup)."""
    teams = {t.team_id: t for t in scenario.teams}
    found = []
    for day in plan.team_days:
        for stop in day.stops:
            if stop.commune_code == code and stop.applications > 0:
                team = teams[day.team_id]
                found.append(
                    Session(
                        day.date,
                        stop.arrive_min + team.setup_min,
                        stop.depart_min,
                        team.name,
                        stop.applications,
                    )
                )
    return sorted(found, key=lambda s: (s.date, s.start_min))


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
    for s in found:
        lines.append(
            tr(lang, "- Thời gian: ", "- When: ")
            + f"{fmt_day_long(s.date, lang)}, "
            + tr(
                lang,
                f"từ {fmt_hhmm(s.public_start_min)} đến {fmt_hhmm(s.public_end_min)}",
                f"{fmt_hhmm(s.public_start_min)} to {fmt_hhmm(s.public_end_min)}",
            )
        )
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


def notice_subject(scenario: Scenario, plan: Plan, code: str, lang: str = "vi") -> str:
    """'Về việc cấp Căn cước công dân lưu động tại …' — the card named as on the visit dates."""
    commune = scenario.commune(code)
    found = sessions(scenario, plan, code)
    days = [s.date for s in found] or [scenario.calendar.start, scenario.calendar.deadline]
    card = card_terms(days[0], days[-1])
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
) -> None:
    commune = scenario.commune(code)
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
    pdf.multi_cell(
        0,
        6.5,
        notice_subject(scenario, plan, code),
        align="C",
        new_x="LMARGIN",
        new_y="NEXT",
    )
    pdf.ln(4)
    for line in notice_lines(scenario, plan, code, "vi"):
        pdf.text_block(line, indent=not line.startswith("-"))
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
) -> bytes:
    """One notice page per commune in ``codes`` that has a visit, as PDF bytes."""
    pdf = OfficialPDF()
    cal = scenario.calendar
    pdf.set_title(f"Thông báo cấp {card_terms(cal.start, cal.deadline).short_vi} lưu động")
    pdf.set_creator("cccd-planner")
    for code in codes:
        if sessions(scenario, plan, code):
            _notice_page(pdf, scenario, plan, code, place, issued_on)
    if pdf.page_no() == 0:
        pdf.add_page()
        pdf.text_block("Chưa có lịch tổ lưu động đến các đơn vị đã chọn.")
    return bytes(pdf.output())
