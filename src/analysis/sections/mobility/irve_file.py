"""Mobility step 6: the national charging-points file (IRVE), when an analyst dropped one
(Etalab's consolidated file, or a third party's derivative of it: a lower bound).

The step records the file's figures for the territory (stations, shares per power class,
points per operator, points commissioned each year and the stock they give, the points
without a plausible commissioning date counted apart) and keeps the tables the page draws:
points per commune (``frames["irve_communes"]``), per power class (``frames["power"]``),
per operator (``frames["operators"]``), per commissioning year
(``frames["commissioning"]``) and the documents' counts set against the file
(``frames["file_reading"]``), all empty without a file.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.official.irve import IrveFile, irve_counts
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.mobility.irve_reading import file_reading, record_operators
from analysis.sections.mobility.model import (
    MIN_COMMISSIONING_YEAR,
    PER_10000,
    commissioning_series,
    commissioning_unknown,
    irve_source_id,
    is_derived,
    label_of,
    population_vintage,
    power_class_shares,
    with_plausible_dates,
)

IRVE_FRAMES = ("irve_communes", "power", "operators", "commissioning", "file_reading")
STATIONS_NOTE = "stations distinctes (identifiant d'itinérance)"
DERIVED_STATIONS_NOTE = ("au moins ; stations distinctes : nom de station et coordonnées "
                         "(le fichier dérivé n'a pas d'identifiant de station)")


@step
def national_file(ctx: Context) -> None:
    """The points of the latest national file not after the section's year, in the
    territory's communes: stations, power classes, operators, commissioning years, points
    per commune per 10,000 inhabitants, and the documents' counts set against them. Hands
    on the file (``values["irve"]``, None without one) and the communes' outlines for the
    map (``values["shapes"]``)."""
    irve = ctx.values["irve"]
    if irve is None:
        for name in IRVE_FRAMES:
            ctx.frames[name] = pd.DataFrame()
        return
    communes = ctx.inputs.tables["reference/communes"]
    mine = communes[communes["epci_short"] == ctx.territory]
    points = with_plausible_dates(
        irve.points[irve.points["commune_code"].isin(set(mine["commune_code"]))],
        irve.snapshot)
    source = cite(ctx.collector.sources, irve_source_id(irve)) + \
        f" ; instantané du {irve.snapshot}"
    col = ctx.collector
    breakdown = "irve_derived" if is_derived(irve) else "irve_file"
    col.figures.append(Figure(
        indicator="charging_stations", breakdown=breakdown,
        label=label_of("charging_stations", breakdown),
        estimate=Estimate.exact(points["station_id"].replace("", np.nan).nunique()),
        unit="count", kind="reference", source=source, period=irve.snapshot,
        note=DERIVED_STATIONS_NOTE if is_derived(irve) else STATIONS_NOTE,
    ))
    ctx.frames["power"] = _power_classes(col, points, source, irve.snapshot)
    ctx.frames["operators"] = record_operators(col, points, source, irve.snapshot)
    ctx.frames["commissioning"] = _commissioning(col, points, source, irve, breakdown)
    ctx.frames["irve_communes"] = _per_commune(
        points, mine, ctx.inputs.tables["reference/population"], irve)
    ctx.frames["file_reading"] = file_reading(ctx, points, irve)
    ctx.values["shapes"] = ctx.inputs.shapes
    ctx.values["irve_here"] = _what_is_doubtful(irve, points, mine)


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


def _commissioning(col: FigureCollector, points: pd.DataFrame, source: str, irve: IrveFile,
                   breakdown: str) -> pd.DataFrame:
    """Points commissioned each year, and the stock at the end of each year they give (a
    lower bound: the points removed since are no longer in the file); the points without a
    plausible date counted apart, never dropped."""
    df_commissioning = commissioning_series(points)
    partial = f"année incomplète : jusqu'à l'instantané du {irve.snapshot}"
    for r in df_commissioning.itertuples():
        col.figures.append(Figure(
            indicator="charging_points_commissioned", breakdown=breakdown,
            label=label_of("charging_points_commissioned", breakdown) + f" {r.year}",
            estimate=Estimate.exact(r.commissioned), unit="count", kind="reference",
            source=source, period=str(r.year),
            note=partial if r.year == irve.vintage else "",
        ))
        col.figures.append(Figure(
            indicator="charging_points_in_service_end_of_year", breakdown=breakdown,
            label=label_of("charging_points_in_service_end_of_year", breakdown) + f" {r.year}",
            estimate=Estimate.exact(r.in_service_end_of_year), unit="count", kind="computed",
            source="Calcul : " + source, period=str(r.year),
            method="Cumul des mises en service (points encore présents dans le fichier)",
            note="minorant du parc passé : les points retirés depuis et les points sans date "
                 "exploitable n'y entrent pas",
        ))
    undated, implausible = commissioning_unknown(points)
    col.figures.append(Figure(
        indicator="charging_points_commissioning_unknown", breakdown=breakdown,
        label=label_of("charging_points_commissioning_unknown", breakdown),
        estimate=Estimate.exact(undated + implausible), unit="count", kind="reference",
        source=source, period=irve.snapshot,
        note=f"{undated} sans date de mise en service, {implausible} avec une date "
             f"invraisemblable (avant {MIN_COMMISSIONING_YEAR} ou après l'instantané) : "
             f"comptés à part, hors de la série par année",
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


def _what_is_doubtful(irve: IrveFile, points: pd.DataFrame, mine: pd.DataFrame) -> dict:
    """What the page says beside the counts: the points without a plausible date, the
    points placed by their coordinates although their address is in another département,
    and (derivative) the points whose address names one of the territory's communes while
    their coordinates lie elsewhere (not counted)."""
    unplaced = getattr(irve, "unplaced", pd.DataFrame(columns=["commune_code"]))
    columns = ["station_name", "address", "commune_code"]
    counted_elsewhere = (points.loc[points["address_elsewhere"].astype(bool), columns]
                         if "address_elsewhere" in points else pd.DataFrame(columns=columns))
    names = mine.set_index("commune_code")["commune_name"]
    return {
        "points": len(points),
        "unknown_dates": commissioning_unknown(points),
        "address_elsewhere": counted_elsewhere.assign(
            commune_name=counted_elsewhere["commune_code"].map(names)),
        "unplaced": unplaced[unplaced["commune_code"].isin(set(mine["commune_code"]))],
    }
