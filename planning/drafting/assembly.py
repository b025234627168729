"""The one place a drafted :class:`~planning.domain.Scenario` is put together.

Every way of drafting (a boundary file, the 2025 layer, each province of the national what-if)
hands its communes, teams and words to :func:`assemble_scenario`; the calendar, travel and rules
come from the :class:`~planning.drafting.defaults.DraftDefaults` it is given.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence

from planning.domain import BoundarySource, Commune, RowChoice, Scenario, Team
from planning.drafting.defaults import DraftDefaults
from planning.io import layer2025

#: A scenario on the 2025 layer names the layer on the geodata search path: nothing is copied,
#: and the loader reads only the scenario's own communes.
#: The fact stating whether the scenario allows overnight stays, and why.
OVERNIGHT_FACT = "Nghỉ lại qua đêm"

LAYER2025_BOUNDARIES = BoundarySource(
    layer2025.COMMUNES_FILE, layer2025.CODE_FIELD, layer2025.NAME_FIELD
)


def assemble_scenario(
    *,
    name: str,
    communes: Sequence[Commune],
    teams: Sequence[Team],
    defaults: DraftDefaults,
    start: dt.date | None,
    deadline: dt.date | None,
    boundaries: BoundarySource,
    description: str,
    facts: Mapping[str, str] | None = None,
    row_choices: Sequence[RowChoice] = (),
) -> Scenario:
    """The drafted scenario: the planning window from ``start`` to ``deadline`` (the defaults
    fill what is missing), the defaults' travel estimate and rules, overnight stays as the area
    and the teams' bases need them (:meth:`DraftDefaults.area_rules`, stated in the facts)."""
    rules, overnight = defaults.area_rules(communes, [t.base for t in teams])
    return Scenario(
        name=name,
        communes=tuple(communes),
        teams=tuple(teams),
        calendar=defaults.calendar(start, deadline),
        travel=defaults.travel,
        rules=rules,
        boundaries=boundaries,
        description=description,
        facts={**(facts or {}), OVERNIGHT_FACT: overnight},
        row_choices=tuple(row_choices),
    )
