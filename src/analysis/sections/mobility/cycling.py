"""Mobility step 1: the cycle routes, built against still to build, route by route.

The step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and keeps the table of the routes (``frames["network"]``). A route is the sum of its
sections; the sum of the routes is only the routes whose length a document prints, never
called the whole network.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np
import pandas as pd

from analysis.core.periods import period_years, required_pace, start_of_remaining_work
from analysis.core.uncertainty import Estimate, divide, ratio_pct, sum_estimates
from analysis.figures.record import FigureCollector
from analysis.sections.base import Context, step
from analysis.sections.mobility.model import (
    BUILT_KM,
    TO_BUILD_KM,
    label_of,
    observed_pace,
    optional_year,
    split_route,
)

NETWORK_COLUMNS = ["route", "label", "built_km", "to_build_km", "total_km", "built_share_pct",
                   "observed_pace_km_per_year", "observed_period", "target_year",
                   "required_pace_km_per_year", "years_to_finish", "source"]


class Piece(NamedTuple):
    """One piece of a route: built or still to build (or planned), with its deadline."""

    route: str
    built: bool
    km: Estimate
    period: str
    target_year: int | None
    base_year: int | None
    row: pd.Series
    note: str  # the note of the deadline, if any


@step
def network(ctx: Context) -> None:
    """Built against still-to-build kilometres, route by route and summed over the routes
    (only the routes whose length a document prints: never called the whole network); the
    pace observed, the pace a deadline requires, the years left at the observed pace. Keeps
    the routes table (``frames["network"]``)."""
    df_published = ctx.inputs.tables["mobility/published"]
    published = df_published[(df_published["territory"] == ctx.territory)
                             & (df_published["year"] == ctx.year)]
    ctx.frames["network"] = _network_figures(ctx.collector, ctx.values["targets"], ctx.year,
                                             published)


def _network_figures(col: FigureCollector, targets: pd.DataFrame, year: int,
                     published: pd.DataFrame) -> pd.DataFrame:
    pieces = _pieces(col, targets)
    if not pieces:
        return pd.DataFrame(columns=NETWORK_COLUMNS)
    routes = list(dict.fromkeys(p.route for p in pieces))
    rows = [_route_row(col, route, [p for p in pieces if p.route == route], year)
            for route in routes]
    if len(routes) > 1:
        # a share built or years to finish of the sum would speak for a whole network the
        # documents do not measure: only if a document prints that total
        printed = not published[(published["indicator"] == "cycle_route_total_km")
                                & (published["breakdown"] == "network")].empty
        rows.append(_route_row(col, "network", pieces, year, whole=printed))
    return pd.DataFrame(rows, columns=NETWORK_COLUMNS)


def _pieces(col: FigureCollector, targets: pd.DataFrame) -> list[Piece]:
    """The built pieces, the pieces still to build (with the plan that dates them), and the
    planned pieces no observation gives; the observed ones are recorded as printed."""
    built_rows = col.obs[col.obs["indicator"].isin(BUILT_KM)]
    remaining_rows = col.obs[col.obs["indicator"].isin(TO_BUILD_KM)]
    planned_rows = targets[targets["indicator"].isin(BUILT_KM) & (targets["unit"] == "km")]
    pieces = [Piece(split_route(row["breakdown"])[0], True, col.add_observed(row),
                    row["period"], None, None, row, "")
              for _, row in built_rows.iterrows()]
    for _, row in remaining_rows.iterrows():
        plan = planned_rows[planned_rows["breakdown"] == row["breakdown"]]
        target_year = None if plan.empty else optional_year(plan["target_year"].iloc[0])
        base = None if plan.empty else optional_year(plan["base_year"].iloc[0])
        note = "" if target_year is None else plan["note"].iloc[0] or ""
        pieces.append(Piece(split_route(row["breakdown"])[0], False, col.add_observed(row),
                            row["period"], target_year, base, row, note))
    remaining_keys = set(remaining_rows["breakdown"])
    for _, row in planned_rows[~planned_rows["breakdown"].isin(remaining_keys)].iterrows():
        target_year = optional_year(row["target_year"])
        pieces.append(Piece(split_route(row["breakdown"])[0], False,
                            Estimate.exact(row["target_value"]), "", target_year,
                            optional_year(row["base_year"]), row,
                            "" if target_year is None else row["note"] or ""))
    return pieces


def _route_row(col: FigureCollector, route: str, pieces: list[Piece], year: int,
               whole: bool = True) -> dict:
    """One route's figures (``whole``: its length is a whole route's, so the share built and
    the years to finish mean something; False for a sum of the routes that have a length)."""
    built = [p for p in pieces if p.built]
    to_build = [p for p in pieces if not p.built]
    inputs = [p.row for p in pieces]
    built_km, to_build_km, total, share = _lengths(col, route, built, to_build, inputs, whole)
    pace = observed_pace([p.km for p in built], [p.period for p in built]) if built else None
    pace_value, pace_period = np.nan, ""
    if pace is not None:
        estimate, pace_period = pace
        pace_value = col.add_computed(
            "cycle_route_observed_pace_km_per_year", estimate, "km/an",
            f"Kilomètres aménagés datés / années ({pace_period})",
            [p.row for p in built if period_years(p.period)], breakdown=route,
            period=pace_period,
            note="seuls les tronçons dont l'année d'aménagement est imprimée comptent").value
    target_year, required = _required_pace(col, route, to_build, year)
    years_to_finish = np.nan
    if pace is not None and to_build and whole:
        years_to_finish = col.add_computed(
            "cycle_route_years_to_finish", divide(to_build_km, pace[0]), "years",
            "Kilomètres restant à aménager / rythme observé", inputs, breakdown=route).value
    return {
        "route": route, "label": label_of("cycle_route_total_km", route).split(" — ")[-1],
        "built_km": built_km.value, "to_build_km": to_build_km.value, "total_km": total.value,
        "built_share_pct": share, "observed_pace_km_per_year": pace_value,
        "observed_period": pace_period, "target_year": target_year,
        "required_pace_km_per_year": required, "years_to_finish": years_to_finish,
        "source": "; ".join(dict.fromkeys(col.cite_row(r) for r in inputs)),
    }


def _lengths(col: FigureCollector, route: str, built: list[Piece], to_build: list[Piece],
             inputs: list[pd.Series], whole: bool
             ) -> tuple[Estimate, Estimate, Estimate, float]:
    """Kilometres built, still to build, in all, and the share built (NaN unless computed):
    each sum recorded when it adds several pieces, the total and share when both are known."""
    zero = Estimate.exact(0)
    built_km = sum_estimates([p.km for p in built]) if built else zero
    to_build_km = sum_estimates([p.km for p in to_build]) if to_build else zero
    if len(built) > 1:
        col.add_computed("cycle_route_built_km", built_km, "km", "Somme des tronçons aménagés",
                         [p.row for p in built], breakdown=route)
    if to_build and (len(to_build) > 1 or route == "network"):
        col.add_computed("cycle_route_to_build_km", to_build_km, "km",
                         "Somme des tronçons restant à aménager ou programmés",
                         [p.row for p in to_build], breakdown=route)
    total = sum_estimates([built_km, to_build_km])
    share = np.nan
    if built and to_build:
        total = col.add_computed("cycle_route_total_km", total, "km",
                                 "Kilomètres aménagés + kilomètres restant à aménager", inputs,
                                 breakdown=route)
    if built and to_build and whole:
        share = col.add_computed("cycle_route_built_share_pct", ratio_pct(built_km, total),
                                 "%", "Kilomètres aménagés / longueur totale", inputs,
                                 breakdown=route).value
    return built_km, to_build_km, total, share


def _required_pace(col: FigureCollector, route: str, to_build: list[Piece], year: int
                   ) -> tuple[int | None, float]:
    """The latest deadline of the pieces still to build, and the kilometres a year needed to
    meet it (from the year after the report unless a start is printed)."""
    dated = [p for p in to_build if p.target_year is not None]
    if not dated:
        return None, np.nan
    target_year = max(p.target_year for p in dated)
    bases = [p.base_year for p in dated if p.base_year is not None]
    start = start_of_remaining_work(year, target_year, min(bases) if bases else None)
    km = sum_estimates([p.km for p in dated])
    notes = [] if bases else [f"début des travaux non précisé : {start} (année suivant "
                              f"le rapport) retenu"]
    notes += [f"échéance {p.target_year} : {p.note}" for p in dated if p.note]
    required = col.add_computed(
        "cycle_route_required_pace_km_per_year", required_pace(km, start, target_year),
        "km/an", f"Kilomètres à aménager / années {start}-{target_year}",
        [p.row for p in dated], breakdown=route, period=f"{start}-{target_year}",
        note=" ; ".join(dict.fromkeys(notes))).value
    return target_year, required
