"""A static map image of the plan (PNG, no tiles, no internet) for printed documents.

Drawn with matplotlib from the boundary features: each commune filled with the colour of the team
that visits it first, its short name at its venue, team bases as black-edged dots.
"""

from __future__ import annotations

import io
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
from matplotlib.patches import Patch

from planning.domain import Plan, Scenario
from planning.report.plan_views import short_name, team_colour
from planning.wording import tr

UNVISITED = "#e0e0e0"


def _fill_colours(scenario: Scenario, plan: Plan, codes: list[str]) -> list[str]:
    """Per feature code: the colour of the team that visits the commune first."""
    colours = {t.team_id: team_colour(i) for i, t in enumerate(scenario.teams)}
    first: dict[str, str] = {}
    for day in sorted(plan.team_days, key=lambda d: d.date):
        for visit in day.visits():
            if visit.applications > 0:
                first.setdefault(visit.commune_code, colours[day.team_id])
    return [first.get(code, UNVISITED) for code in codes]


def _labels(ax: Any, scenario: Scenario) -> None:
    for commune in scenario.communes:
        if commune.venue is not None:
            ax.annotate(
                short_name(commune.name),
                (commune.venue.lon, commune.venue.lat),
                fontsize=6.5,
                ha="center",
                va="center",
                bbox={"boxstyle": "round,pad=0.1", "fc": "white", "alpha": 0.6, "lw": 0},
            )


def plan_map_png(
    scenario: Scenario,
    features: Any,
    plan: Plan,
    lang: str = "vi",
    width_in: float = 6.5,
    dpi: int = 150,
) -> bytes:
    """The PNG bytes of the plan map (communes by team, labels, bases, legend)."""
    frame = features[features["code"].isin([c.code for c in scenario.communes])]
    fig, ax = plt.subplots(figsize=(width_in, width_in * 0.8), dpi=dpi)
    try:
        frame.plot(
            ax=ax,
            color=_fill_colours(scenario, plan, list(frame["code"])),
            edgecolor="#555555",
            linewidth=0.5,
        )
        _labels(ax, scenario)
        for i, team in enumerate(scenario.teams):
            ax.plot(team.base.lon, team.base.lat, "o", ms=7, mfc=team_colour(i), mec="black")
        handles = [
            Patch(facecolor=team_colour(i), edgecolor="#555", label=t.name)
            for i, t in enumerate(scenario.teams)
        ]
        handles.append(
            Patch(
                facecolor=UNVISITED, edgecolor="#555", label=tr(lang, "Không có lịch", "No visit")
            )
        )
        ax.legend(handles=handles, loc="lower left", fontsize=7, framealpha=0.9)
        ax.set_axis_off()
        ax.set_aspect("equal")
        buffer = io.BytesIO()
        fig.savefig(buffer, format="png", bbox_inches="tight")
    finally:
        plt.close(fig)
    return buffer.getvalue()
