"""What a drafted scenario gets that its inputs do not say: one object, :class:`DraftDefaults`.

Every way of drafting reads the same defaults: ``new`` on a boundary file or on the 2025 layer,
the Data page's two "new" tabs, the national what-if (:data:`NATIONAL_WHATIF` is
:data:`NEW_SCENARIO`: one scenario, one answer). The rules are those of the shipped province
scenario (Cao Bằng 2025), with overnight stays decided for the area (:meth:`area_rules`): allowed
when a commune lies beyond a day trip from every base. The notes written into a new scenario and
the settings the national what-if states in its outputs are worded from the values here, so they
cannot drift from them. The team values themselves are the kernel's
:data:`planning.domain.TEAM_DEFAULTS`, which a team record leaving a field out gets too
(:mod:`planning.io.teams`).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

from planning.calendar import build_calendar
from planning.domain import (
    TEAM_DEFAULTS,
    Calendar,
    Commune,
    GeoPoint,
    Rules,
    TeamDefaults,
    TravelSettings,
)
from planning.drafting.bases import beyond_day_trip, beyond_text
from planning.formatting import fmt_num


@dataclass(frozen=True)
class DraftDefaults:
    """The defaults of a drafted scenario: its teams (how many, their figures), its planning
    window, its travel estimate and its rules."""

    team: TeamDefaults = TEAM_DEFAULTS
    #: Teams drafted when neither a count nor a teams file is given (``new --teams``).
    teams: int = 2
    #: Days from the start to the deadline when no deadline is given.
    window_days: int = 28
    #: A commune is visited from this many days after the start (its invitations go out first).
    invitation_lead_days: int = 2
    travel: TravelSettings = field(default_factory=TravelSettings)
    #: A commune within this many minutes one way of a base is a day trip (a 10-hour shift then
    #: keeps at least 6½ hours for intake); beyond it from every base, overnight stays are
    #: allowed, at communes this far from the team's own base.
    day_trip_one_way_min: int = 90
    #: The shipped province scenario's rules (Cao Bằng 2025): one team per commune a day, at most
    #: 3 stops a day, at least 20 applications a stop, venues take 250 people a day when the
    #: table gives no cap; overnight stays as :meth:`area_rules` decides.
    rules: Rules = field(
        default_factory=lambda: Rules(
            max_teams_per_commune_day=1,
            max_stops_per_day=3,
            min_apps_per_stop=20,
            allow_overnight=False,
            overnight_min_one_way_min=90,
            default_daily_cap=250,
        )
    )

    def area_rules(
        self, communes: Sequence[Commune], bases: Sequence[GeoPoint]
    ) -> tuple[Rules, str]:
        """The rules for this area and these bases, and the sentence stating the overnight
        rule: overnight stays allowed (at communes :attr:`day_trip_one_way_min` or more from the
        team's base) when a commune with backlog lies beyond a day trip from every base."""
        far = beyond_day_trip(communes, bases, self.travel, self.day_trip_one_way_min)
        limit = self.day_trip_one_way_min
        if far:
            note = (
                f"Nghỉ lại qua đêm: được phép, vì {len(far)} xã cách mọi trụ sở hơn {limit} phút "
                f"một chiều ({beyond_text(far)}): tổ được ngủ lại tại xã cách trụ sở của tổ từ "
                f"{limit} phút trở lên."
            )
        else:
            note = (
                f"Nghỉ lại qua đêm: không cần — mọi xã trong {limit} phút một chiều từ một trụ "
                "sở (đi về trong ngày)."
            )
        rules = replace(
            self.rules,
            allow_overnight=bool(far),
            overnight_min_one_way_min=limit,
            notes={**self.rules.notes, "allow_overnight": note},
        )
        return rules, note

    def calendar(self, start: dt.date | None, deadline: dt.date | None) -> Calendar:
        """The planning window from ``start`` (default today) to ``deadline`` (default
        :attr:`window_days` later), public holidays off."""
        first = start or dt.date.today()
        last = deadline or first + dt.timedelta(days=self.window_days)
        return build_calendar(first, last, invitation_lead_days=self.invitation_lead_days)

    def team_notes(self) -> dict[str, str]:
        """The notes a drafted team carries, saying which of its values are defaults."""
        team = self.team
        weekends = (
            "làm cả thứ Bảy, Chủ nhật như trong đợt cao điểm"
            if {5, 6} <= team.working_weekdays
            else "nghỉ thứ Bảy, Chủ nhật"
        )
        return {
            "apps_per_hour": f"Mặc định: khoảng {_number(team.apps_per_hour)} hồ sơ/giờ cho tổ "
            "2–3 máy thu nhận; sửa theo thực tế.",
            "setup_min": f"Mặc định: {team.setup_min} phút lắp đặt tại mỗi điểm.",
            "shift_hours": f"Mặc định: ca {_shift_vi(team)} tính cả di chuyển.",
            "working_weekdays": f"Mặc định: {weekends}.",
        }


def _end_time(team: TeamDefaults) -> dt.time:
    start = dt.datetime.combine(dt.date(2000, 1, 1), team.start_time)
    return (start + dt.timedelta(minutes=team.shift_min)).time()


def _number(value: float, lang: str = "vi") -> str:
    """10 → '10', 9.5 → '9,5' (vi) / '9.5' (en)."""
    return fmt_num(value, 1, lang).removesuffix(",0" if lang == "vi" else ".0")


def _shift_vi(team: TeamDefaults) -> str:
    """'10 giờ (07:00–17:00)'."""
    return f"{_number(team.shift_hours)} giờ ({team.start_time:%H:%M}–{_end_time(team):%H:%M})"


#: The defaults of ``new`` and of the Data page's "new" tabs.
NEW_SCENARIO = DraftDefaults()

#: The defaults of every province's scenario in the national what-if: ``new``'s own, so that a
#: province drafted by ``new --province`` and by the national what-if is one scenario.
NATIONAL_WHATIF = NEW_SCENARIO


def settings_text(defaults: DraftDefaults = NATIONAL_WHATIF) -> tuple[tuple[str, str], ...]:
    """The national what-if's assumptions as its outputs state them (Vietnamese, English)."""
    team, rules, travel = defaults.team, defaults.rules, defaults.travel
    rate, hours = _number(team.apps_per_hour), _number(team.shift_hours)
    rate_en, hours_en = _number(team.apps_per_hour, "en"), _number(team.shift_hours, "en")
    start = f"{team.start_time:%H:%M}"
    weekends = {5, 6} <= team.working_weekdays
    per_commune = rules.max_teams_per_commune_day
    teams_vi = "một tổ một xã mỗi ngày" if per_commune == 1 else f"{per_commune} tổ một xã mỗi ngày"
    teams_en = (
        "one team per commune a day" if per_commune == 1 else f"{per_commune} teams per commune"
    )
    day_trip = defaults.day_trip_one_way_min
    overnight_vi = (
        f"được nghỉ lại qua đêm khi có xã cách mọi trụ sở hơn {day_trip} phút một chiều (ngủ "
        f"lại tại xã cách trụ sở của tổ từ {day_trip} phút)"
    )
    overnight_en = (
        f"overnight stays when a commune is over {day_trip} min one way from every base (at "
        f"communes {day_trip}+ min from the team's base)"
    )
    lead = defaults.invitation_lead_days
    return (
        (
            f"Tổ: như mặc định của lệnh new — {rate} hồ sơ/giờ, {team.setup_min} phút lắp đặt, "
            f"ca {hours} giờ từ {start}, "
            + ("làm cả thứ Bảy, Chủ nhật" if weekends else "nghỉ thứ Bảy, Chủ nhật")
            + "; các tổ chia theo các trụ sở chọn cho tỉnh (điểm tiếp nhận của các xã làm tổng "
            "số chưa cấp × phút đi tới trụ sở gần nhất nhỏ nhất), như lệnh new --province.",
            f"Teams: the defaults of `new` — {rate_en} applications an hour, {team.setup_min} min "
            f"setup, a {hours_en}-hour shift from {start}, "
            + ("weekends worked" if weekends else "weekends off")
            + "; the teams spread over bases chosen for the province (the communes' venues that "
            "make backlog × minutes to the nearest base smallest), as new --province does.",
        ),
        (
            f"Quy tắc như kịch bản tỉnh Cao Bằng 2025: {teams_vi}, tối đa "
            f"{rules.max_stops_per_day} điểm/ngày, ít nhất {rules.min_apps_per_stop} hồ sơ/điểm, "
            f"{overnight_vi}, sức chứa điểm tiếp nhận {rules.default_daily_cap} người/ngày.",
            f"Rules as in the Cao Bằng 2025 province scenario: {teams_en}, at most "
            f"{rules.max_stops_per_day} stops a day, at least {rules.min_apps_per_stop} "
            f"applications a stop, {overnight_en}, a venue cap of {rules.default_daily_cap} a day.",
        ),
        (
            f"Di chuyển: khoảng cách đường chim bay × {fmt_num(travel.detour_factor, 1)} với "
            f"{_number(travel.speed_kmh)} km/giờ (chưa có bản đồ đường bộ).",
            f"Travel: great-circle distance × {fmt_num(travel.detour_factor, 1, 'en')} at "
            f"{_number(travel.speed_kmh, 'en')} km/h (no road network).",
        ),
        (
            f"Lịch: nghỉ các ngày lễ; xã được hẹn từ {lead} ngày sau ngày bắt đầu (gửi giấy mời).",
            f"Calendar: public holidays off; communes are visited from {lead} days after the start "
            "(invitations).",
        ),
    )
