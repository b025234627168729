"""Greedy peer: every working team-day goes to the nearest open commune and fills its shift.

For each date, for each team working that date (teams.csv order): among the communes with
backlog left that may be visited that day (earliest date reached, not a blackout date, under the
daily cap and the teams-per-commune-day limit), take the one nearest to the team's base (ties:
file order) where a single stop of at least the minimum size fits in the shift, and take as many
applications as the shift, the cap and the backlog allow. One commune per team-day, back to base
every evening (no overnight stays). The "simple greedy planner" of issue 9.

Usage: ``python -m bench.peers.greedy INPUTS_DIR --out plan.csv [--min-apps-per-stop 20]
[--max-teams-per-commune-day N]``
"""

from __future__ import annotations

import datetime as dt
import sys

from bench.peers.common import Inputs, Ledger, PeerRules, Plan, TeamIn, peer_main


def best_stop(inputs: Inputs, ledger: Ledger, team: TeamIn, day: dt.date) -> tuple[str, int] | None:
    """The nearest commune the team can serve today and how many applications it takes there."""
    best: tuple[int, int, str, int] | None = None
    for rank, code in enumerate(inputs.communes):
        if ledger.room(code, day, team.team_id) <= 0:
            continue
        drive = inputs.minutes(team.base, code) + inputs.minutes(code, team.base)
        most = team.apps_in(team.shift_min - drive - team.setup_min)
        apps = ledger.portion(code, day, team.team_id, most)
        if not ledger.allowed(code, apps):
            continue
        key = (inputs.minutes(team.base, code), rank, code, apps)
        if best is None or key < best:
            best = key
    return None if best is None else (best[2], best[3])


def plan_greedy(inputs: Inputs, rules: PeerRules, deadline: float = 0.0) -> tuple[Plan, str]:
    """The greedy plan (``deadline`` is ignored: the greedy takes well under a second)."""
    ledger = Ledger(inputs, rules)
    plan: Plan = {}
    for day, team_ids in inputs.working.items():
        for team_id in team_ids:
            team = inputs.teams[team_id]
            stop = best_stop(inputs, ledger, team, day)
            if stop is not None:
                ledger.take(team_id, stop[0], day, stop[1])
                plan[(day, team_id)] = [stop]
    return plan, "greedy"


def main() -> int:
    """Command line: see the module docstring."""
    return peer_main(__doc__.split("\n")[0], plan_greedy)


if __name__ == "__main__":
    sys.exit(main())
