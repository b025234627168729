"""Charts in the reader's language: Vietnamese dates (05/12) and numbers (16.000) on the axes,
legends named in words (Vega-Lite's own formats are English: "Sat 05", "Dec 13", "16,000")."""

from __future__ import annotations

from typing import Any

import altair as alt
import pandas as pd
import streamlit as st

#: Day/month on date axes, whatever the language (Vietnamese and English readers of the
#: planning documents both write 25/12).
DATE_AXIS_FORMAT = "%d/%m"
DATE_TOOLTIP_FORMAT = "%d/%m/%Y"


def number_axis(title: str, language: str) -> alt.Axis:
    """An axis of whole numbers: '16.000' in Vietnamese, '16,000' in English."""
    if language == "vi":
        return alt.Axis(
            title=title, labelExpr="replace(format(datum.value, ',d'), regexp(',', 'g'), '.')"
        )
    return alt.Axis(title=title, format=",d")


def date_axis(title: str) -> alt.Axis:
    """A date axis labelled day/month."""
    return alt.Axis(title=title, format=DATE_AXIS_FORMAT, labelAngle=0)


def lines_over_time(
    frame: pd.DataFrame,
    *,
    value: str,
    series: str,
    date_title: str,
    value_title: str,
    series_title: str,
    language: str,
    colours: Any = None,
) -> alt.Chart:
    """One line per ``series`` of ``value`` against ``date`` (long table), with a legend."""
    colour = alt.Color(
        f"{series}:N",
        title=series_title or None,
        scale=colours if colours is not None else alt.Undefined,
        legend=alt.Legend(orient="bottom", labelLimit=400),
    )
    return (
        alt.Chart(frame)
        .mark_line(point=True)
        .encode(
            x=alt.X("date:T", axis=date_axis(date_title)),
            y=alt.Y(f"{value}:Q", axis=number_axis(value_title, language)),
            color=colour,
            tooltip=[
                alt.Tooltip("date:T", format=DATE_TOOLTIP_FORMAT, title=date_title),
                alt.Tooltip(f"{series}:N", title=series_title or " "),
                alt.Tooltip(f"{value}:Q", title=value_title, format=",d"),
            ],
        )
    )


def chart_spec(chart: Any) -> dict[str, Any]:
    """An Altair chart's Vega-Lite spec, without checking it against the schema
    (``st.altair_chart`` does, on every page run: a tenth of a second and more per chart with
    several planners on one server). The charts here are built by the functions above."""
    return dict(chart.to_dict(validate=False))


def show_spec(spec: dict[str, Any]) -> None:
    """Draw a Vega-Lite spec (:func:`chart_spec`) across the page's width."""
    st.vega_lite_chart(spec, width="stretch")


def show_chart(chart: Any) -> None:
    """Draw an Altair chart (:func:`chart_spec`)."""
    show_spec(chart_spec(chart))
