"""Re-planning from a date: announced days stay exactly as they were, the rest is planned again
from the backlog left after the actual intake.

Rules chosen here (and why):
- The **freeze window** is the first ``freeze_days`` dates from ``today`` (inclusive) on which at
  least one team works. Every visit of the previous plan in that window is pinned with its team,
  date, order and expected applications: those days were announced to the communes (invitations
  sent, venues booked) and must not move.
- Inside the window nothing new is added: a team with no visit there in the previous plan stays
  off, because an unannounced visit would find no invited citizens.
- ``today`` is the first day of the new plan: actuals dated before it are subtracted from each
  commune's collectable backlog (from each of its intake points where it lists them: a figure
  recorded for the whole commune is spread over its points by the rule of
  :mod:`planning.campaign.point_actuals`); actuals dated ``today`` or later are an error
  (:func:`check_actual_dates`: the new plan would count that intake twice or not at all); the
  backlog never goes below what the frozen visits still expect.
- New visits keep each commune's own earliest date and blackout dates, and need the invitation
  lead time counted from ``today`` (this matters when the planner picks the frozen dates by hand);
  a commune with announced visits in the window may keep them from their first announced date.

Beyond the freeze window, announced dates are still a promise to citizens (invitations name the
day). :func:`keep_promises` is the re-plan the app and the ``replan`` command run: it solves the
rest of the campaign twice — once keeping **every** announced visit (new visits only on team-days
nobody was told of), once free to move them — and proposes a change of announced dates only where
it lets the plan take at least ``min_gain`` more people by the deadline
(:data:`DEFAULT_MIN_GAIN`, a setting of the page and of ``replan --min-gain``; a change that
gains nobody is never proposed, whatever the setting). Changes are
grouped by the team-days they share (moving one commune's day to give it to another is one
change), and each group's gain is the people its communes are expected to give by the deadline
with the change minus keeping the announced dates. Groups that gain less keep their announced
dates: the rest of the campaign is solved a third time with those pinned.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from planning.campaign.plan_diff import CommuneChange, diff_plans
from planning.campaign.point_actuals import actuals_by_point
from planning.domain import Commune, Plan, Scenario, TeamDay, Visit
from planning.errors import Problem, error, raise_if_errors, warning

if TYPE_CHECKING:
    from planning.results import SolveResult, SolverOptions

#: A change of announced dates is proposed only when it lets the plan take at least this many
#: more people by the deadline. 100 is about two thirds of what one team takes in a day (8 h at
#: 20 applications an hour), the smallest gain worth re-inviting a commune's citizens for.
DEFAULT_MIN_GAIN = 100


@dataclass(frozen=True)
class Replanning:
    """The scenario to solve for the rest of the campaign, and what was frozen."""

    scenario: Scenario
    frozen_dates: tuple[dt.date, ...]
    frozen_days: tuple[TeamDay, ...]
    actual_by_commune: dict[str, int]
    warnings: tuple[Problem, ...]


def default_replan_date(actual_dates: Iterable[dt.date], today: dt.date) -> dt.date:
    """The day after the last recorded intake (``today`` when nothing is recorded): a re-plan
    starts after the actuals it builds on."""
    last = max(actual_dates, default=None)
    return last + dt.timedelta(days=1) if last is not None else today


def check_replan_date(scenario: Scenario, today: dt.date, field: str = "") -> None:
    """Refuse a re-plan date before the scenario's start: the new plan would visit communes
    before the campaign begins (raises :class:`~planning.errors.InputError`)."""
    start = scenario.calendar.start
    if today < start:
        raise_if_errors(
            [
                error(
                    f"ngày lập lại kế hoạch {today:%d/%m/%Y} trước ngày bắt đầu của kịch bản "
                    f"{start:%d/%m/%Y}",
                    f"the re-plan date {today:%d/%m/%Y} is before the scenario's start "
                    f"{start:%d/%m/%Y}",
                    field=field,
                    fix_vi=f"chọn một ngày từ {start:%d/%m/%Y}; trước khi bắt đầu, hãy lập kế "
                    "hoạch lại từ đầu (lệnh solve)",
                    fix_en=f"choose a date from {start:%d/%m/%Y}; before the start, plan again "
                    "from scratch (the solve command)",
                )
            ]
        )


def check_actual_dates(
    actuals: Sequence[Visit],
    today: dt.date,
    source: str = "",
    rows: Sequence[int] | None = None,
) -> None:
    """Refuse actuals dated on or after the re-plan date ``today`` (the new plan's first day).

    Raises :class:`~planning.errors.InputError` naming ``source``: with ``rows`` (``rows[i]`` is
    the file row of ``actuals[i]``) one error per such row; without (the app's log, where the
    fix is a later re-plan date, not an edit) one error per such date.
    """
    late: list[tuple[dt.date, int | None]]
    if rows is None:
        late = [(day, None) for day in sorted({v.date for v in actuals if v.date >= today})]
    else:
        late = [(v.date, r) for v, r in zip(actuals, rows, strict=True) if v.date >= today]
    last = max((v.date for v in actuals), default=today)
    raise_if_errors(
        error(
            f"ngày {day:%d/%m/%Y} không trước ngày lập lại kế hoạch {today:%d/%m/%Y}",
            f"date {day:%d/%m/%Y} is not before the re-plan date {today:%d/%m/%Y}",
            file=source,
            row=row,
            field="date",
            fix_vi="ngày lập lại kế hoạch là ngày đầu của kế hoạch mới: chọn ngày sau ngày cuối "
            f"đã có số liệu thực tế ({last:%d/%m/%Y})",
            fix_en="the re-plan date is the first day of the new plan: use the day after the "
            f"last recorded intake ({last:%d/%m/%Y})",
        )
        for day, row in late
    )


#: Working days from the re-planning date that keep their announced visits, unless the planner
#: says otherwise (the CLI's ``--freeze-days``, the Progress page).
FREEZE_DAYS_DEFAULT = 3


def freeze_window(scenario: Scenario, today: dt.date, freeze_days: int) -> tuple[dt.date, ...]:
    """The first ``freeze_days`` dates from ``today`` on which at least one team works."""
    start = min(today, scenario.calendar.deadline)
    shifted = replace(scenario, calendar=replace(scenario.calendar, start=start))
    dates = {d for team in shifted.teams for d in shifted.team_working_dates(team) if d >= today}
    return tuple(sorted(dates)[: max(0, freeze_days)])


def _remaining(
    commune: Commune, taken: dict[str, int], frozen: dict[str, int], problems: list[Problem]
) -> Commune:
    """The commune with the backlog left after ``taken`` (by point id), never below what the
    frozen visits still expect; a commune listing points gets each point's own figure left."""
    if commune.points:
        return _remaining_at_points(commune, taken, frozen, problems)
    return _remaining_here(
        commune, taken.get(commune.code, 0), frozen.get(commune.code, 0), problems
    )


def _remaining_at_points(
    commune: Commune, taken: dict[str, int], frozen: dict[str, int], problems: list[Problem]
) -> Commune:
    points = []
    for point, backlog in zip(commune.points, commune.point_backlogs().values(), strict=True):
        left = max(0, backlog - taken.get(point.point_id, 0))
        if frozen.get(point.point_id, 0) > left:
            problems.append(
                warning(
                    f"{commune.name} — {point.name}: các ngày đã thông báo dự kiến "
                    f"{frozen[point.point_id]} hồ sơ nhưng chỉ còn {left}; giữ nguyên lịch đã "
                    "thông báo",
                    f"{commune.name} — {point.name}: announced visits expect "
                    f"{frozen[point.point_id]} applications but only {left} remain; the "
                    "announced days are kept as they are",
                    field=point.point_id,
                )
            )
            left = frozen[point.point_id]
        points.append(replace(point, backlog=left, backlog_share_pct=None))
    total = sum(p.backlog or 0 for p in points)
    return replace(commune, not_issued=commune.non_collectable_total + total, points=tuple(points))


def _remaining_here(commune: Commune, taken: int, frozen: int, problems: list[Problem]) -> Commune:
    left = max(0, commune.collectable_backlog - taken)
    if frozen > left:
        problems.append(
            warning(
                f"{commune.name}: các ngày đã thông báo dự kiến {frozen} hồ sơ "
                f"nhưng chỉ còn {left}; "
                "giữ nguyên lịch đã thông báo",
                f"{commune.name}: announced visits expect {frozen} applications but only {left} "
                "remain; the announced days are kept as they are",
                field=commune.code,
            )
        )
        left = frozen
    # Only the backlog matters to the solver; of_age/issued stay as the office reported them.
    return replace(commune, not_issued=commune.non_collectable_total + left)


def _with_earliest(commune: Commune, lead_end: dt.date, frozen_from: dt.date | None) -> Commune:
    """New visits need invitations: not before ``today`` + lead days (nor the commune's own
    earliest date); a commune with announced (frozen) visits keeps them from their first date."""
    earliest = max(commune.earliest_date or lead_end, lead_end)
    if frozen_from is not None:
        earliest = min(earliest, frozen_from)
    return replace(commune, earliest_date=earliest)


def build_replanning(
    scenario: Scenario,
    previous: Plan,
    actuals: Sequence[Visit],
    today: dt.date,
    freeze_days: int = FREEZE_DAYS_DEFAULT,
    frozen_dates: Sequence[dt.date] | None = None,
) -> Replanning:
    """The scenario for the rest of the campaign (see the module docstring for the rules).

    ``frozen_dates``, when given, replaces the window of ``freeze_days``: exactly those dates
    (from ``today`` on) keep their announced visits, whatever the planner chose to pin.
    Raises :class:`~planning.errors.InputError` when ``today`` is before the scenario's start
    (:func:`check_replan_date`) or an actual is dated ``today`` or later
    (:func:`check_actual_dates`).
    """
    check_replan_date(scenario, today)
    check_actual_dates(actuals, today)
    if frozen_dates is not None:
        window = tuple(sorted({d for d in frozen_dates if d >= today}))
    else:
        window = freeze_window(scenario, today, freeze_days)
    frozen_days = tuple(d for d in previous.team_days if d.date in window)
    frozen_visits = [v for d in frozen_days for v in d.visits()]
    taken: dict[str, int] = {}
    for visit in actuals:
        taken[visit.commune_code] = taken.get(visit.commune_code, 0) + visit.applications
    taken_at = actuals_by_point(scenario, actuals, previous)
    expected: dict[str, int] = {}
    for visit in frozen_visits:
        expected[visit.point] = expected.get(visit.point, 0) + visit.applications
    problems: list[Problem] = []
    first_frozen: dict[str, dt.date] = {}
    for visit in frozen_visits:
        first_frozen[visit.commune_code] = min(
            visit.date, first_frozen.get(visit.commune_code, visit.date)
        )
    lead_end = today + dt.timedelta(days=scenario.calendar.invitation_lead_days)
    communes = tuple(
        _with_earliest(
            _remaining(c, taken_at, expected, problems),
            lead_end,
            first_frozen.get(c.code),
        )
        for c in scenario.communes
    )
    busy = {(d.team_id, d.date) for d in frozen_days}
    teams = tuple(
        replace(t, days_off=t.days_off | {d for d in window if (t.team_id, d) not in busy})
        for t in scenario.teams
    )
    kept_pins = tuple(v for v in scenario.pinned if v.date >= today and v.date not in window)
    start = min(today, scenario.calendar.deadline)
    calendar = replace(scenario.calendar, start=start)
    new = replace(
        scenario,
        communes=communes,
        teams=teams,
        calendar=calendar,
        pinned=(*frozen_visits, *kept_pins),
    )
    return Replanning(new, window, frozen_days, taken, tuple(problems))


def merge_plans(previous: Plan, new: Plan, since: dt.date) -> Plan:
    """The campaign's whole plan after re-planning: ``previous`` before ``since``, ``new`` from it.

    Publishing this keeps the days already worked in the announced plan (the burn-down and the
    standing compare actuals with them) while every day from ``since`` on is the new plan.
    """
    days = [d for d in previous.team_days if d.date < since]
    days += [d for d in new.team_days if d.date >= since]
    return Plan(tuple(sorted(days, key=lambda d: (d.date, d.team_id))))


# --- keeping the announced dates unless a change gains enough -----------------------------------


@dataclass(frozen=True)
class ReplanRequest:
    """What a re-plan is built from (see :func:`build_replanning`) and the gain a change of
    announced dates must bring (``min_gain`` people by the deadline)."""

    scenario: Scenario
    previous: Plan
    actuals: tuple[Visit, ...]
    since: dt.date
    freeze_days: int = 3
    frozen_dates: tuple[dt.date, ...] | None = None
    min_gain: int = DEFAULT_MIN_GAIN


@dataclass(frozen=True)
class ChangeGroup:
    """Changes of announced visits that share team-days, and what they buy: the people their
    communes give by the deadline with the changes minus keeping the announced dates."""

    changes: tuple[CommuneChange, ...]
    gain: int
    proposed: bool

    @property
    def communes(self) -> tuple[str, ...]:
        """Codes of the communes the group changes."""
        return tuple(c.commune_code for c in self.changes)


@dataclass(frozen=True)
class PromiseReplan:
    """The re-plan proposed and how it was chosen.

    ``result`` is the proposal: ``kept`` (every announced date kept), the free re-plan, or
    (``partial``) the rest solved again with the announced dates of the groups that gain too
    little pinned. ``groups`` are the free re-plan's changes with their gains (``proposed`` says
    which the proposal makes); ``gain`` is what the proposal takes by the deadline beyond
    ``kept``.
    """

    replanning: Replanning
    result: SolveResult
    kept: SolveResult
    free: SolveResult | None
    groups: tuple[ChangeGroup, ...]
    proposal: str  # "kept" | "free" | "partial"
    min_gain: int
    gain: int
    #: Announced visits given up because nobody is left to take there (commune, date): the
    #: actual intake already took that commune's backlog.
    emptied: tuple[tuple[str, dt.date], ...] = ()


SolveFunction = Callable[..., "SolveResult"]


def collected_by_deadline(plan: Plan, deadline: dt.date) -> dict[str, int]:
    """Applications per commune planned up to the deadline (inclusive)."""
    out: dict[str, int] = {}
    for visit in plan.visits():
        if visit.date <= deadline:
            out[visit.commune_code] = out.get(visit.commune_code, 0) + visit.applications
    return out


def gain_of(plan: Plan, kept: Plan, deadline: dt.date, codes: Iterable[str] | None = None) -> int:
    """People ``plan`` takes by the deadline beyond ``kept`` (in ``codes`` only, when given)."""
    new, old = collected_by_deadline(plan, deadline), collected_by_deadline(kept, deadline)
    chosen = set(new) | set(old) if codes is None else set(codes)
    return sum(new.get(c, 0) - old.get(c, 0) for c in chosen)


def change_groups(
    previous: Plan, new: Plan, since: dt.date, kept: Plan, deadline: dt.date
) -> list[tuple[tuple[CommuneChange, ...], int]]:
    """The changes of ``new`` against the announced ``previous`` (from ``since``), grouped by the
    team-days they share (a team's date in either plan: a commune that leaves a team-day and the
    one that takes it are one change), each with its gain over ``kept``, largest first."""
    changes = diff_plans(previous, new, since)
    by_code = {c.commune_code: c for c in changes}
    parent = {code: code for code in by_code}

    def root(code: str) -> str:
        while parent[code] != code:
            parent[code] = parent[parent[code]]
            code = parent[code]
        return code

    on_day: dict[tuple[str, dt.date], list[str]] = {}  # a team-day in either plan
    for plan in (previous, new):
        for day in plan.team_days:
            if day.date >= since:
                on_day.setdefault((day.team_id, day.date), []).extend(
                    v.commune_code for v in day.visits() if v.commune_code in by_code
                )
    for codes in on_day.values():
        for other in codes[1:]:
            parent[root(other)] = root(codes[0])
    groups: dict[str, list[CommuneChange]] = {}
    for code, change in by_code.items():
        groups.setdefault(root(code), []).append(change)
    out = []
    for members in groups.values():
        codes = [c.commune_code for c in members]
        out.append((tuple(members), gain_of(new, kept, deadline, codes)))
    return sorted(out, key=lambda g: (-g[1], g[0][0].commune_code))


def _cap_to_backlog(scenario: Scenario, visits: Sequence[Visit]) -> list[Visit]:
    """Pinned visits whose applications fit each commune's backlog: the latest visits give
    way first; a visit left with nobody to take is dropped."""
    left = {c.code: c.collectable_backlog for c in scenario.communes}
    out: list[Visit] = []
    for visit in sorted(visits, key=lambda v: (v.date, v.team_id, v.commune_code)):
        room = left.get(visit.commune_code, 0)
        apps = min(visit.applications, room)
        if apps > 0:
            left[visit.commune_code] = room - apps
            out.append(replace(visit, applications=apps))
    return out


def with_announced_kept(
    replanning: Replanning, previous: Plan, since: dt.date, free_codes: Iterable[str] = ()
) -> Scenario:
    """The re-plan's scenario with every announced team-day from ``since`` pinned (beyond the
    freeze window too), except the team-days visiting a commune of ``free_codes``. New visits
    then go only to team-days nobody was told of."""
    free = set(free_codes)
    scenario = replanning.scenario
    window = set(replanning.frozen_dates)
    extra = [
        v
        for day in previous.team_days
        if day.date >= since
        and day.date not in window
        and day.date <= scenario.calendar.deadline
        and not any(v.commune_code in free for v in day.visits())
        for v in day.visits()
    ]
    pinned = _cap_to_backlog(scenario, [*scenario.pinned, *extra])
    return replace(scenario, pinned=tuple(pinned))


def keep_promises(
    request: ReplanRequest, options: SolverOptions, solve: SolveFunction
) -> PromiseReplan:
    """Re-plan from ``request.since`` keeping announced dates unless a change gains at least
    ``request.min_gain`` people by the deadline (see the module docstring).

    ``solve(scenario, options, previous=...)`` is :func:`planning.solver.solve` (passed in:
    this layer does not import the solver). ``options.time_limit_s`` is the whole re-plan's
    limit, shared between its two or three solves; a stop keeps what was solved.
    """
    started = time.monotonic()
    replanning = build_replanning(
        request.scenario,
        request.previous,
        request.actuals,
        request.since,
        request.freeze_days,
        request.frozen_dates,
    )
    deadline = request.scenario.calendar.deadline
    previous, since = request.previous, request.since

    def run(scenario: Scenario, share: float, hint: Plan | None) -> SolveResult:
        left = options.time_limit_s - (time.monotonic() - started)
        limit = max(1.0, min(share, left))
        return solve(scenario, replace(options, time_limit_s=limit), previous=hint)

    third = options.time_limit_s / 3
    kept_scenario = with_announced_kept(replanning, previous, since)
    kept = run(kept_scenario, third, previous)
    pinned = {(v.team_id, v.date, v.commune_code) for v in kept_scenario.pinned}
    emptied = tuple(
        sorted(
            {
                (v.commune_code, v.date)
                for v in previous.visits()
                if since <= v.date <= deadline
                and v.date not in replanning.frozen_dates
                and (v.team_id, v.date, v.commune_code) not in pinned
            }
        )
    )

    def outcome(
        result: SolveResult, free: SolveResult | None, groups: Any, proposal: str
    ) -> PromiseReplan:
        return PromiseReplan(
            replanning,
            result,
            kept,
            free,
            tuple(groups),
            proposal,
            request.min_gain,
            gain_of(result.plan, kept.plan, deadline),
            emptied,
        )

    if _stopped(options):
        return outcome(kept, None, (), "kept")
    free = run(replanning.scenario, third, previous)
    found = change_groups(previous, free.plan, since, kept.plan, deadline)
    needed = max(1, request.min_gain)  # a change that gains nobody is never worth it
    wanted = [codes for codes, gain in found if gain >= needed]
    marked = [ChangeGroup(changes, gain, gain >= needed) for changes, gain in found]
    if not wanted or gain_of(free.plan, kept.plan, deadline) < needed:
        return outcome(kept, free, [replace(g, proposed=False) for g in marked], "kept")
    if len(wanted) == len(found) or _stopped(options):
        if len(wanted) == len(found):
            return outcome(free, free, marked, "free")
        return outcome(kept, free, [replace(g, proposed=False) for g in marked], "kept")
    free_codes = [c.commune_code for changes in wanted for c in changes]
    partial_scenario = with_announced_kept(replanning, previous, since, free_codes)
    partial = run(partial_scenario, options.time_limit_s, previous)
    if gain_of(partial.plan, kept.plan, deadline) < needed:
        return outcome(kept, free, [replace(g, proposed=False) for g in marked], "kept")
    return outcome(partial, free, marked, "partial")


def _stopped(options: SolverOptions) -> bool:
    return options.stop_event is not None and options.stop_event.is_set()
