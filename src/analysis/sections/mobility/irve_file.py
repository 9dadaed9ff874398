"""Mobility step 6: the national charging-points file (IRVE), when an analyst dropped one.

The step records the file's figures for the territory (stations, shares per power class,
points commissioned each year and the stock they give) and keeps the tables the page draws:
points per commune (``frames["irve_communes"]``), per power class (``frames["power"]``) and
per commissioning year (``frames["commissioning"]``), all empty without a file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.official.irve import IrveFile, irve_counts
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.mobility.model import (
    PER_10000,
    commissioning_series,
    label_of,
    population_vintage,
    power_class_shares,
)


@step
def national_file(ctx: Context) -> None:
    """The points of the latest national file not after the section's year, in the
    territory's communes: stations, power classes, commissioning years, points per commune
    per 10,000 inhabitants. Hands on the file (``values["irve"]``, None without one) and the
    communes' outlines for the map (``values["shapes"]``)."""
    irve = ctx.values["irve"]
    if irve is None:
        for name in ("irve_communes", "power", "commissioning"):
            ctx.frames[name] = pd.DataFrame()
        return
    communes = ctx.inputs.tables["reference/communes"]
    mine = communes[communes["epci_short"] == ctx.territory]
    points = irve.points[irve.points["commune_code"].isin(set(mine["commune_code"]))]
    source = cite(ctx.collector.sources, irve.points["source_id"].iloc[0]) + \
        f" ; instantané du {irve.snapshot}"
    col = ctx.collector
    col.figures.append(Figure(
        indicator="charging_stations", breakdown="irve_file",
        label=label_of("charging_stations", "irve_file"),
        estimate=Estimate.exact(points["station_id"].replace("", np.nan).nunique()),
        unit="count", kind="reference", source=source, period=irve.snapshot,
        note="stations distinctes (identifiant d'itinérance)",
    ))
    ctx.frames["power"] = _power_classes(col, points, source, irve.snapshot)
    ctx.frames["commissioning"] = _commissioning(col, points, source)
    ctx.frames["irve_communes"] = _per_commune(
        points, mine, ctx.inputs.tables["reference/population"], irve)
    ctx.values["shapes"] = ctx.inputs.shapes


def _power_classes(col: FigureCollector, points: pd.DataFrame, source: str, period: str
                   ) -> pd.DataFrame:
    """Each power class's share of the territory's points."""
    df_power = power_class_shares(points)
    for r in df_power.itertuples():
        col.figures.append(Figure(
            indicator="charging_points_power_share_pct", breakdown=r.power_class,
            label=label_of("charging_points_power_share_pct", r.power_class),
            estimate=Estimate.exact(r.share_pct), unit="%", kind="computed",
            source="Calcul : " + source, period=period, decimals=1,
            method=f"Points de la classe ({r.points}) / points du territoire ({len(points)})",
        ))
    return df_power


def _commissioning(col: FigureCollector, points: pd.DataFrame, source: str) -> pd.DataFrame:
    """Points commissioned each year, and the stock at the end of each year they give (a
    lower bound: the points removed since are no longer in the file)."""
    df_commissioning = commissioning_series(points)
    for r in df_commissioning.itertuples():
        col.figures.append(Figure(
            indicator="charging_points_commissioned", breakdown="irve_file",
            label=label_of("charging_points_commissioned", "irve_file") + f" {r.year}",
            estimate=Estimate.exact(r.commissioned), unit="count", kind="reference",
            source=source, period=str(r.year),
        ))
        col.figures.append(Figure(
            indicator="charging_points_in_service_end_of_year", breakdown="irve_file",
            label=label_of("charging_points_in_service_end_of_year", "irve_file") + f" {r.year}",
            estimate=Estimate.exact(r.in_service_end_of_year), unit="count", kind="computed",
            source="Calcul : " + source, period=str(r.year),
            method="Cumul des mises en service (points encore présents dans le fichier)",
            note="minorant du parc passé : les points retirés depuis ne figurent plus au "
                 "fichier",
        ))
    return df_commissioning


def _per_commune(points: pd.DataFrame, mine: pd.DataFrame, populations: pd.DataFrame,
                 irve: IrveFile) -> pd.DataFrame:
    """Points per commune (0 where none) per 10,000 inhabitants of the population vintage
    the file's year takes."""
    per_commune = irve_counts(points, mine)
    year_population = populations[populations["commune_code"].isin(set(mine["commune_code"]))]
    vintage = population_vintage(year_population, irve.vintage)
    pop = year_population[year_population["vintage"] == vintage].set_index("commune_code")[
        "population"]
    per_commune["population"] = per_commune["commune_code"].map(pop)
    per_commune["per_10000"] = PER_10000 * per_commune["points"] / per_commune["population"]
    per_commune["population_vintage"] = int(vintage)
    return per_commune
