"""Mobility steps 4-5: the growth of the counted series (bike grants, charging points,
public transport passengers and subscriptions…), and the modal shares against their targets.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.periods import period_years
from analysis.core.uncertainty import Estimate
from analysis.sections.base import Context, step
from analysis.sections.mobility.model import (
    BREAKDOWNS,
    GROWTH_SERIES,
    consecutive_changes,
    gap_to_target_pts,
    optional_year,
)

MODAL_COLUMNS = ["mode", "share_pct", "period", "target_pct", "target_year", "gap_pts",
                 "required_pts_per_year", "source", "note"]
LOWER_BOUNDS = "les deux valeurs sont des minorants (« plus de ») : évolution indicative"


@step
def growth(ctx: Context) -> None:
    """Change between consecutive dated values of the counted series (any document known at
    the section's year), shown when the second value is one of this section's."""
    col, year, history = ctx.collector, ctx.year, ctx.values["history"]
    series = history[history["indicator"].isin(GROWTH_SERIES)
                     & (history["breakdown"].isin(["", "in_service"]))]
    for (indicator, breakdown), group in series.groupby(["indicator", "breakdown"]):
        dated = [(period_years(r["period"]), r) for _, r in group.iterrows()]
        dated = [(span[1], r) for span, r in dated if span is not None and span[0] == span[1]]
        if len(dated) < 2:
            continue
        by_year = {y: r for y, r in dated}
        for first, second, change in consecutive_changes(
                [(y, Estimate.of_row(r)) for y, r in by_year.items()]):
            later = by_year[second]
            if later["year"] != year:
                continue
            for r in (by_year[first], later):
                if not col.is_shown(r) and r["year"] == year:
                    col.add_observed(r)
            lower = any("borne inférieure" in (by_year[y]["note"] or "")
                        for y in (first, second))
            col.add_computed(
                f"{indicator}_change_pct", change, "%",
                f"Valeur {second} / valeur {first} - 1", [by_year[first], later],
                breakdown=breakdown, period=f"{first}-{second}",
                note=LOWER_BOUNDS if lower else "",
            )


@step
def modal_shares(ctx: Context) -> None:
    """Each modal share as printed; against a modal-share target, the gap in points and the
    points a year it takes to close it by the deadline. Keeps the table
    (``frames["modal"]``)."""
    col = ctx.collector
    targets = ctx.values["targets"]
    goals = targets[targets["indicator"] == "modal_share_pct"]
    rows = []
    for _, row in col.observed_all("modal_share_pct", None).iterrows():
        share = col.add_observed(row)
        goal = goals[goals["breakdown"] == row["breakdown"]]
        gap, pace, target_pct, target_year = np.nan, np.nan, np.nan, None
        if not goal.empty:
            target = goal.iloc[0]
            target_pct = target["target_value"]
            target_year = optional_year(target["target_year"])
            gap, pace = _gap_and_pace(ctx, row, share, target, target_year)
        rows.append({"mode": BREAKDOWNS.get(row["breakdown"], row["breakdown"]),
                     "share_pct": share.value, "period": row["period"] or "non précisée",
                     "target_pct": target_pct, "target_year": target_year, "gap_pts": gap,
                     "required_pts_per_year": pace, "source": col.cite_row(row),
                     "note": row["note"]})
    ctx.frames["modal"] = pd.DataFrame(rows, columns=MODAL_COLUMNS)


def _gap_and_pace(ctx: Context, row: pd.Series, share: Estimate, target: pd.Series,
                  target_year: int | None) -> tuple[float, float]:
    """The gap to a target share, in points, and the points a year to its deadline."""
    col = ctx.collector
    gap_estimate = col.add_computed(
        "modal_share_gap_to_target_pts", gap_to_target_pts(share, target["target_value"]),
        "pts", "Objectif - part observée", [row, target], breakdown=row["breakdown"])
    span = period_years(row["period"])
    observed_year = span[1] if span else int(row["year"])
    pace = np.nan
    if target_year is not None and target_year > observed_year:
        pace = col.add_computed(
            "modal_share_required_pace_pts_per_year",
            gap_estimate.scaled(1 / (target_year - observed_year)), "pts/an",
            f"Écart / ({target_year} - {observed_year})", [row, target],
            breakdown=row["breakdown"], period=f"{observed_year}-{target_year}").value
    return gap_estimate.value, pace
