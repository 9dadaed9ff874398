"""Mobility steps 7-8: targets, plans and budgets, and every other printed figure.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them. A target is shown as the document prints it; a cumulative one with an end
year is spread evenly over its years (from the year after the report when the document does
not print a start), and a territory's own budget is also given per inhabitant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.fmt import fr_count
from analysis.core.periods import required_pace, start_of_remaining_work
from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.schemas import TARGET_KIND_LABELS
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.mobility.model import (
    PER_INHABITANT_BUDGETS,
    label_of,
    optional_year,
    target_period,
)

TARGET_COLUMNS = ["framework", "what", "kind", "target", "unit", "period", "per_year",
                  "per_year_period", "per_year_note", "per_inhabitant_per_year", "source",
                  "note"]
PRINTED_INDICATOR = {"cumulative": "target_total", "per_year": "target_per_year"}


@step
def targets(ctx: Context) -> None:
    """Every target and plan of the territory (but the modal shares', shown with them), as
    printed, with its yearly equivalent where it has an end year, and its amount per
    inhabitant and per year for a budget of the territory's own. Keeps the table
    (``frames["targets"]``)."""
    col, year = ctx.collector, ctx.year
    rows = [_target(col, target, year) for _, target in ctx.values["targets"].iterrows()
            if target["indicator"] != "modal_share_pct"]
    ctx.frames["targets"] = pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _target(col: FigureCollector, target: pd.Series, year: int) -> dict:
    """Record one target as printed, and its yearly figures; its row of the targets table."""
    first, last = optional_year(target["base_year"]), optional_year(target["target_year"])
    period = target_period(first, last)
    kind = target["target_kind"]
    what = label_of(target["indicator"], target["breakdown"])
    source = cite(col.sources, target["source_id"], target["locator"])
    col.figures.append(Figure(
        indicator=PRINTED_INDICATOR.get(kind, "target_level"), breakdown=target["breakdown"],
        label=f"{what} ({target['framework']}, {period})",
        estimate=Estimate.exact(target["target_value"]),
        unit=f"{target['unit']}/an" if kind == "per_year" else target["unit"],
        kind="observed", source=source, period=period, note=target["note"],
    ))
    yearly = {"per_year": np.nan, "per_year_period": "", "per_year_note": "",
              "per_inhabitant_per_year": np.nan}
    if kind == "cumulative" and last is not None:
        yearly = _per_year(col, target, year, first, last)
    return {"framework": target["framework"], "what": what,
            "kind": TARGET_KIND_LABELS[kind], "target": target["target_value"],
            "unit": target["unit"], "period": period, **yearly, "source": source,
            "note": target["note"]}


def _per_year(col: FigureCollector, target: pd.Series, year: int, first: int | None,
              last: int) -> dict:
    """A cumulative target spread over its years (from the year after the report if the
    document prints no start), and per inhabitant for a territory's own budget."""
    start = start_of_remaining_work(year, last, first)
    note = "" if first is not None else f"année de départ non précisée : {start} retenue"
    yearly = col.add_computed(
        "target_per_year", required_pace(Estimate.exact(target["target_value"]), start, last),
        f"{target['unit']}/an",
        f"Objectif cumulé / {fr_count(last - start + 1, 'an')} ({start}-{last})", [target],
        breakdown=target["breakdown"], period=f"{start}-{last}", note=note)
    per_inhabitant = np.nan
    if target["indicator"] in PER_INHABITANT_BUDGETS:
        per_inhabitant = col.add_computed(
            "target_per_inhabitant_per_year_eur",
            yearly.scaled(1 / col.population.value), "EUR/hab/an",
            "Montant par an / population", [target], breakdown=target["breakdown"],
            per_capita=True, period=f"{start}-{last}").value
    return {"per_year": yearly.value,
            "per_year_period": f"{start}-{last}" if start != last else str(last),
            "per_year_note": note, "per_inhabitant_per_year": per_inhabitant}


@step
def remaining(ctx: Context) -> None:
    """Every observation of the territory-year no step showed, as printed."""
    col = ctx.collector
    for _, row in col.obs.iterrows():
        if not col.is_shown(row):
            col.add_observed(row)
