"""Which communes no team can serve at all, and why: a province's far communes are never dropped
silently (the result lists them with the reason)."""

from __future__ import annotations

from planning.formatting import fmt_date, fmt_int
from planning.solver.instance import Instance
from planning.solver.routes import Route


def unreachable_communes(inst: Instance, routes: dict[str, list[Route]]) -> dict[str, str]:
    """Commune code → bilingual reason, for every commune with backlog no team-day can serve."""
    free = set(inst.free_team_days())
    days_of: dict[int, list] = {}
    for t, day in sorted(free, key=lambda k: k[1]):
        days_of.setdefault(t, []).append(day)
    through: dict[str, list[tuple[int, Route]]] = {}
    for team in inst.teams:
        for route in routes[team.team_id]:
            for code in route.communes:
                through.setdefault(code, []).append((team.index, route))
    result = {}
    for code in inst.communes:
        options = through.get(code, [])
        if not options:
            result[code] = _too_far(inst, code)
            continue
        if not any(
            inst.route_allowed(inst.teams[t], day, route, free)
            for t, route in options
            for day in days_of.get(t, [])
        ):
            result[code] = _closed(inst, code, sorted({t for t, _ in options}), days_of)
    return result


def _too_far(inst: Instance, code: str) -> str:
    """Why no route reaches ``code``: the nearest team's round trip leaves no service time."""
    rules = inst.scenario.rules
    best = min(
        inst.teams,
        key=lambda t: inst.travel(t.label, code) + inst.travel(code, t.label),
    )
    trip = inst.travel(best.label, code) + inst.travel(code, best.label)
    shift, setup = best.team.shift_min, best.team.setup_min
    overnight_vi = (
        "nghỉ lại qua đêm đang được phép nhưng vẫn không đủ thời gian"
        if rules.allow_overnight
        else "kịch bản không cho nghỉ lại qua đêm (allow_overnight)"
    )
    overnight_en = (
        "overnight stays are allowed but still leave no time"
        if rules.allow_overnight
        else "the scenario does not allow overnight stays (allow_overnight)"
    )
    return (
        f"tổ gần nhất ({best.team_id}) đi về mất {fmt_int(trip)} phút, cộng "
        f"{setup} phút lắp đặt thì vượt ca {fmt_int(shift)} phút; {overnight_vi} / "
        f"the nearest team ({best.team_id}) needs {fmt_int(trip, 'en')} min there and back plus "
        f"{setup} min setup, over its {fmt_int(shift, 'en')}-min shift; {overnight_en}"
    )


def _closed(inst: Instance, code: str, teams: list[int], days_of: dict[int, list]) -> str:
    """Why routes through ``code`` are never allowed: the commune is not open on any working
    day of the teams that could reach it (earliest date, blackouts, caps used by pinned visits)."""
    commune = inst.scenario.commune(code)
    earliest = inst.scenario.earliest_date(commune)
    last = max((d for t in teams for d in days_of.get(t, [])), default=None)
    return (
        f"không mở vào ngày làm việc nào của các tổ đến được (sớm nhất {fmt_date(earliest)}, "
        f"ngày làm việc cuối {fmt_date(last)}, {len(commune.blackout_dates)} ngày không tiếp "
        f"nhận) / not open on any working day of the teams that can reach it (earliest "
        f"{fmt_date(earliest, 'en')}, last working day {fmt_date(last, 'en')}, "
        f"{len(commune.blackout_dates)} blackout dates)"
    )
