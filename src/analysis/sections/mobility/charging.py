"""Mobility steps 2-3: charging points, which count the section uses, and the comparison of
the agglomerations.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them. Every charging-point count of the documents and of the national files is
listed with its date and its kind; only a stock in service gives a density per inhabitant.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.periods import period_years
from analysis.core.uncertainty import Estimate, sum_estimates
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.official.irve import IrveFile
from analysis.inputs.population import Population, territory_population
from analysis.inputs.sources import cite
from analysis.inputs.tables import editions
from analysis.sections.base import Context, step
from analysis.sections.mobility.model import (
    CHARGING,
    KIND_LABELS,
    choose_count,
    commune_codes,
    irve_source_id,
    is_derived,
    known_history,
    label_of,
    per_10000,
)

CANDIDATE_COLUMNS = ["origin", "kind", "count", "precision", "date", "count_year", "document",
                     "source", "note", "row"]
CHARGING_SOURCE_COLUMNS = ["origin", "kind", "count", "date", "count_year", "document",
                           "source", "used", "note"]
COMPARISON_COLUMNS = ["territory", "in_service", "origin", "date", "population",
                      "population_label", "per_10000", "planned", "planned_per_10000", "source"]
IRVE_NOTE = "points de recharge (un point = une prise utilisable à la fois), dédoublonnés"
DERIVED_NOTE = ("au moins : points de recharge d'un fichier dérivé du fichier consolidé, qui en "
                "a retiré des lignes (sans code postal à 5 chiffres, au-delà de 400 kW) ; sans "
                "identifiant, ses éventuels doublons ne peuvent être retirés")
IRVE_ORIGINS = ("irve_file", "irve_derived")  # a count read from a charging-points file


def charging_candidates(history: pd.DataFrame, targets: pd.DataFrame,
                        irve_files: dict[int, IrveFile], sources: pd.DataFrame,
                        codes: set[str], year: int, edition: pd.Series) -> pd.DataFrame:
    """Every charging-point figure of a territory (its communes: ``codes``) known at
    ``year``, one row each: the documents' counts and plans, and the national files."""
    rows = []
    for _, row in history[history["indicator"] == CHARGING].iterrows():
        span = period_years(row["period"])
        rows.append({
            "origin": "document", "kind": row["breakdown"], "count": row["value"],
            "precision": row["precision"],
            "date": row["period"] or f"non précisée (document de {row['year']})",
            "count_year": span[1] if span else int(row["year"]),
            "document": row["source_id"], "source": cite(sources, row["source_id"],
                                                          row["locator"]),
            "note": row["note"], "row": row,
        })
    for _, row in targets[targets["indicator"] == CHARGING].iterrows():
        when = "" if pd.isna(row["target_year"]) else f"d'ici {int(row['target_year'])}"
        rows.append({
            "origin": "document", "kind": "planned", "count": row["target_value"],
            "precision": 1, "date": when or "échéance non précisée",
            "count_year": int(edition.get(row["source_id"], year)),
            "document": row["source_id"], "source": cite(sources, row["source_id"],
                                                          row["locator"]),
            "note": row["note"], "row": row,
        })
    for vintage, irve in sorted(irve_files.items()):
        if vintage > year:
            continue
        mine = irve.points[irve.points["commune_code"].isin(codes)]
        source_id = irve_source_id(irve)
        rows.append({
            "origin": "irve_derived" if is_derived(irve) else "irve_file",
            "kind": "in_service", "count": float(len(mine)),
            "precision": 1, "date": irve.snapshot, "count_year": vintage,
            "document": source_id,
            "source": f"{cite(sources, source_id)} ; instantané du {irve.snapshot}",
            "note": DERIVED_NOTE if is_derived(irve) else IRVE_NOTE, "row": None,
        })
    return pd.DataFrame(rows, columns=CANDIDATE_COLUMNS)


@step
def charging_points(ctx: Context) -> None:
    """The charging-point figures of every document and file, which one the section uses (the
    latest stock in service; the national file before a document of the same year), the
    density per 10,000 inhabitants it gives, and the sum of the additions a document says
    installed. Keeps the table of the sources (``frames["charging_sources"]``) and the count
    used (``values["charging_used"]``, None without a stock in service)."""
    col, inputs = ctx.collector, ctx.inputs
    ctx.values["charging_used"] = None
    candidates = charging_candidates(
        ctx.values["history"], ctx.values["targets"], inputs.irve, inputs.sources,
        commune_codes(inputs.tables["reference/communes"], ctx.territory), ctx.year,
        editions(inputs.tables["mobility/observations"]))
    if candidates.empty:
        ctx.frames["charging_sources"] = pd.DataFrame(columns=CHARGING_SOURCE_COLUMNS)
        return
    chosen = choose_count(candidates[candidates["kind"] == "in_service"], ctx.year)
    candidates["used"] = False
    if chosen is not None:
        candidates.loc[chosen.name, "used"] = True
        population = territory_population(
            inputs.tables["reference/population"], inputs.tables["reference/communes"],
            ctx.territory, int(chosen["count_year"]))
        _record_density(col, chosen, population)
        ctx.values["charging_used"] = chosen
    _installed_total(col, candidates)
    out = candidates.assign(kind=candidates["kind"].map(KIND_LABELS).fillna(candidates["kind"]))
    ctx.frames["charging_sources"] = out[CHARGING_SOURCE_COLUMNS].reset_index(drop=True)


def _record_density(col: FigureCollector, chosen: pd.Series, population: Population) -> None:
    """The count used (a document's row as printed, or the national file's count) and the
    density per 10,000 inhabitants of the population of its year."""
    count = Estimate.rounded(chosen["count"], chosen["precision"], "count")
    from_document = chosen["origin"] == "document"
    if from_document:
        row = chosen["row"]
        if not col.is_shown(row):  # possibly from an earlier document: shown all the same
            col.add_observed(row)
    else:
        col.figures.append(Figure(
            indicator=CHARGING, breakdown=chosen["origin"],
            label=label_of(CHARGING, chosen["origin"]), estimate=count, unit="count",
            kind="reference", source=chosen["source"], period=chosen["date"],
            note=chosen["note"],
        ))
    col.figures.append(Figure(
        indicator="charging_points_per_10000_inhabitants",
        label=label_of("charging_points_per_10000_inhabitants"),
        estimate=per_10000(count, population.value), unit="count/10000 hab",
        kind="computed",
        source="Calcul : " + "; ".join([chosen["source"], population.label]),
        period=str(chosen["date"]), decimals=2,
        method="Bornes en service × 10 000 / population",
        population_vintage=population.label,
        note=chosen["note"] if chosen["origin"] != "irve_file" else "",
    ))


def _installed_total(col: FigureCollector, candidates: pd.DataFrame) -> None:
    """The sum of the additions a document says installed, if it says several: never bornes
    being deployed (not known to be in service) nor planned ones, and never added to the
    stock in service."""
    installed = candidates[(candidates["kind"] == "installed")
                           & (candidates["origin"] == "document")]
    if len(installed) <= 1:
        return
    rows = list(installed["row"])
    col.add_computed(
        "charging_points_installed_total",
        sum_estimates([Estimate.of_row(r) for r in rows]), "count",
        " + ".join(f"{r['period']}" for r in rows) + " : somme des bornes installées",
        rows, breakdown="installed",
        period="-".join([min(r["period"] for r in rows), max(r["period"] for r in rows)]),
        note="ajouts de bornes, pas un parc en service : non comparable au parc en service "
             "sans savoir si des bornes ont été retirées",
    )


@step
def comparison(ctx: Context) -> None:
    """Charging points in service per 10,000 inhabitants of the four agglomerations, each
    with the latest count known at the section's year and the population of that count's
    year, and the points they plan. Keeps the table (``frames["comparison"]``)."""
    tables = ctx.inputs.tables
    df_targets = tables["mobility/targets"]
    communes = tables["reference/communes"]
    known = ctx.values["known"]
    edition = editions(tables["mobility/observations"])
    rows = []
    for other in sorted(communes["epci_short"].unique()):
        history = known_history(tables["mobility/observations"], other, known)
        plans = df_targets[(df_targets["territory"] == other)
                           & df_targets["source_id"].isin(known)]
        candidates = charging_candidates(history, plans, ctx.inputs.irve, ctx.inputs.sources,
                                         commune_codes(communes, other), ctx.year, edition)
        rows.append(_comparison_row(ctx, other, candidates))
    ctx.frames["comparison"] = pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


def _comparison_row(ctx: Context, other: str, candidates: pd.DataFrame) -> dict:
    """One agglomeration's row: its stock in service and planned points, per 10,000
    inhabitants (recorded, except the section's own density, already recorded)."""
    col, year = ctx.collector, ctx.year
    chosen = choose_count(candidates[candidates["kind"] == "in_service"], year)
    planned = candidates[candidates["kind"] == "planned"]
    if chosen is None and planned.empty:
        return {"territory": other, "in_service": np.nan, "origin": "", "date": "",
                "population": np.nan,
                "population_label": "", "per_10000": np.nan, "planned": np.nan,
                "planned_per_10000": np.nan, "source": "aucun chiffre publié"}
    count_year = int(chosen["count_year"]) if chosen is not None else year
    population = territory_population(ctx.inputs.tables["reference/population"],
                                      ctx.inputs.tables["reference/communes"], other,
                                      count_year)
    breakdown = "" if other == ctx.territory else other.lower()
    per, planned_per = np.nan, np.nan
    sources = []
    if chosen is not None:
        sources.append(chosen["source"])
        if other != ctx.territory:
            per = col.add_computed_with_source(
                "charging_points_per_10000_inhabitants",
                per_10000(Estimate.rounded(chosen["count"], chosen["precision"], "count"),
                          population.value),
                "count/10000 hab", "Bornes en service × 10 000 / population",
                f"Calcul : {chosen['source']} ; {population.label}", breakdown=breakdown,
                period=str(chosen["date"]), population_vintage=population.label,
                note=DERIVED_NOTE if chosen["origin"] == "irve_derived" else "").value
        else:
            per = next(f.value for f in col.figures
                       if f.indicator == "charging_points_per_10000_inhabitants"
                       and f.breakdown == "")
    if not planned.empty:
        plan = planned.iloc[0]
        sources.append(plan["source"])
        planned_per = col.add_computed_with_source(
            "charging_points_planned_per_10000_inhabitants",
            per_10000(Estimate.exact(plan["count"]), population.value), "count/10000 hab",
            "Bornes prévues × 10 000 / population",
            f"Calcul : {plan['source']} ; {population.label}", breakdown=breakdown,
            period=plan["date"], population_vintage=population.label).value
    return {
        "territory": other,
        "in_service": chosen["count"] if chosen is not None else np.nan,
        "origin": chosen["origin"] if chosen is not None else "",
        "date": chosen["date"] if chosen is not None else "",
        "population": population.value, "population_label": population.label,
        "per_10000": per, "planned": planned["count"].iloc[0] if not planned.empty
        else np.nan, "planned_per_10000": planned_per, "source": " ; ".join(sources),
    }
