"""Cheapest-insertion peer: the greedy a practitioner writes (issue 17).

Day by day, team by team (teams.csv order), the team's route starts empty (base → base); it then
repeatedly inserts the (commune, position in the route) that adds the most **applications per
minute of shift used** — the driving the insertion adds plus the stop's setup and service — among
the communes open that day (earliest date reached, not a blackout date, backlog left, under the
daily cap and the teams-per-commune-day limit), not already on the route, with at most
``max_stops_per_day`` stops, each taking at least the minimum per stop, the whole day within the
shift. A stop takes as many applications as the time left allows (a remainder below the minimum
per stop is left for a later stop, as in the other peers). When nothing more fits, each stop is
topped up with the shift time still spare. Back to base every evening (no overnight stays).

Usage: ``python -m bench.peers.insertion INPUTS_DIR --out plan.csv [--min-apps-per-stop 20]
[--max-teams-per-commune-day N] [--max-stops-per-day 3]``
"""

from __future__ import annotations

import datetime as dt
import sys

from bench.peers.common import Inputs, Ledger, PeerRules, Plan, TeamIn, day_minutes, peer_main

Stops = list[tuple[str, int]]


def _points(team: TeamIn, stops: Stops) -> list[str]:
    return [team.base, *(code for code, _ in stops), team.base]


def best_insertion(
    inputs: Inputs, ledger: Ledger, team: TeamIn, day: dt.date, stops: Stops
) -> tuple[int, str, int] | None:
    """(position, commune, applications) of the insertion with the most applications per minute
    of shift it uses, or None when nothing more fits."""
    if len(stops) >= ledger.rules.max_stops_per_day:
        return None
    points = _points(team, stops)
    used = day_minutes(inputs, team, stops)
    on_route = {code for code, _ in stops}
    best: tuple[float, int, str, int] | None = None
    for code in inputs.communes:
        if code in on_route or ledger.room(code, day, team.team_id) <= 0:
            continue
        for pos in range(len(points) - 1):
            before, after = points[pos], points[pos + 1]
            added = (
                inputs.minutes(before, code)
                + inputs.minutes(code, after)
                - inputs.minutes(before, after)
            )
            spare = team.shift_min - used - added - team.setup_min
            apps = ledger.portion(code, day, team.team_id, team.apps_in(spare))
            if not ledger.allowed(code, apps):
                continue
            score = apps / (added + team.service_min(apps))
            if best is None or score > best[0]:
                best = (score, pos, code, apps)
    return None if best is None else best[1:]


def plan_team_day(inputs: Inputs, ledger: Ledger, team: TeamIn, day: dt.date) -> Stops:
    """Insert stops while one fits, then top them up; the stops are booked in the ledger."""
    stops: Stops = []
    while (found := best_insertion(inputs, ledger, team, day, stops)) is not None:
        pos, code, apps = found
        ledger.take(team.team_id, code, day, apps)
        stops.insert(pos, (code, apps))
    for i, (code, apps) in enumerate(stops):
        spare = team.shift_min - day_minutes(inputs, team, stops)
        extra = ledger.portion(code, day, team.team_id, team.apps_in(spare), apps)
        if extra > 0:
            ledger.take(team.team_id, code, day, extra)
            stops[i] = (code, apps + extra)
    return stops


def plan_insertion(inputs: Inputs, rules: PeerRules, deadline: float = 0.0) -> tuple[Plan, str]:
    """The cheapest-insertion plan (``deadline`` is ignored: it takes a few seconds at most)."""
    ledger = Ledger(inputs, rules)
    plan: Plan = {}
    for day, team_ids in inputs.working.items():
        for team_id in team_ids:
            if stops := plan_team_day(inputs, ledger, inputs.teams[team_id], day):
                plan[(day, team_id)] = stops
    return plan, "cheapest insertion"


def main() -> int:
    """Command line: see the module docstring."""
    return peer_main(__doc__.split("\n")[0], plan_insertion)


if __name__ == "__main__":
    sys.exit(main())
