"""Waste steps 1-3: collected streams and their change, ratios per inhabitant, cost.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them; the values a later step needs go into ``ctx.values`` (``total``: the
DMA total, or None when a stream is missing).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.fmt import fr_value
from analysis.core.uncertainty import Estimate, divide, sum_estimates
from analysis.figures.record import Figure, FigureCollector
from analysis.sections.base import Context, step
from analysis.sections.waste.model import (
    STREAMS,
    amount_per_inhabitant,
    days_in_year,
    dma_per_inhabitant_kg_day,
    dma_per_inhabitant_kg_year,
    dma_total_t,
    fr_range_text,
    implied_population,
    implied_total_t,
    label_of,
    overlaps,
    previous_from_change,
    published_rows,
    share_pct,
    streams_of,
    total_change_from_previous,
    total_change_from_stream_changes,
)
from analysis.sections.waste.model import change_pct as stream_change_pct

STREAM_COLUMNS = ["breakdown", "label", "value", "share_pct", "previous_t", "previous_low",
                  "previous_high", "change_pct", "change_basis"]


@step
def streams(ctx: Context) -> None:
    """Collected tonnage of each stream, the DMA total (their sum), each stream's share, and
    the change from the previous year: observed if the data have that year, else rebuilt from
    the changes the document prints. Keeps the streams table (``frames["streams"]``)."""
    col, df_obs, year = ctx.collector, ctx.inputs.observations, ctx.year
    df_streams = streams_of(df_obs, ctx.territory, year)
    ctx.values["total"] = (dma_total_t(df_streams) if len(df_streams) == len(STREAMS)
                           else None)
    for _, row in df_streams.iterrows():
        col.add_observed(row)
    if len(df_streams) < len(STREAMS):
        ctx.frames["streams"] = pd.DataFrame(columns=STREAM_COLUMNS)
        return
    rows = [r for _, r in df_streams.iterrows()]
    total = col.add_computed(
        "dma_total_t", dma_total_t(df_streams), "t", "Somme des cinq flux collectés", rows
    )
    out = df_streams[["breakdown", "value"]].copy()
    out["label"] = out["breakdown"].map(STREAMS)
    out["share_pct"] = [
        col.add_computed("stream_share_pct", share_pct(Estimate.of_row(r), total), "%",
                         "Tonnage du flux / total des DMA", [r], breakdown=r["breakdown"]).value
        for r in rows
    ]
    df_previous = streams_of(df_obs, ctx.territory, year - 1)
    if len(df_previous) == len(STREAMS):
        previous, changes = _changes_from_observed(col, df_streams, df_previous, year)
        basis = f"observé en {year - 1}"
    else:
        pub_rows = [published_rows(ctx.inputs.published, ctx.territory, year,
                                   "collected_change_pct", b) for b in df_streams["breakdown"]]
        if any(p.empty for p in pub_rows):
            ctx.frames["streams"] = out.assign(
                previous_t=np.nan, previous_low=np.nan, previous_high=np.nan,
                change_pct=np.nan, change_basis="non disponible")[STREAM_COLUMNS]
            return
        previous, changes = _changes_from_published(col, df_streams,
                                                    [p.iloc[0] for p in pub_rows], year)
        basis = "reconstitué à partir de l'évolution publiée"
    out["previous_t"] = [p.value for p in previous]
    out["previous_low"] = [p.low for p in previous]
    out["previous_high"] = [p.high for p in previous]
    out["change_pct"] = [c.value for c in changes]
    out["change_basis"] = basis
    ctx.frames["streams"] = out[STREAM_COLUMNS]


def _changes_from_observed(col: FigureCollector, df_streams: pd.DataFrame,
                           df_previous: pd.DataFrame, year: int
                           ) -> tuple[list[Estimate], list[Estimate]]:
    """Each stream's change from its observed value of the previous year, and the total's."""
    rows = [r for _, r in df_streams.iterrows()]
    prev_rows = [r for _, r in df_previous.iterrows()]
    previous, changes = [], []
    for row, prev in zip(rows, prev_rows, strict=True):
        prev_estimate = Estimate.of_row(prev)
        col.figures.append(Figure(
            indicator="collected_previous_t", breakdown=row["breakdown"],
            label=label_of("collected_previous_t", row["breakdown"]), estimate=prev_estimate,
            unit="t", kind="observed", source=col.cite_row(prev), note=f"année {year - 1}"))
        previous.append(prev_estimate)
        changes.append(col.add_computed(
            "collected_change_pct",
            stream_change_pct(row["value"], row["precision"], prev["value"], prev["precision"]),
            "%", f"Tonnage {year} / tonnage {year - 1} observé - 1", [row, prev],
            breakdown=row["breakdown"]))
    col.add_computed("dma_total_previous_t", dma_total_t(df_previous), "t",
                     f"Somme des cinq flux observés en {year - 1}", prev_rows)
    col.add_computed("dma_total_change_pct", total_change_from_previous(df_streams, df_previous),
                     "%", f"Total {year} / total {year - 1} - 1", rows + prev_rows)
    return previous, changes


def _changes_from_published(col: FigureCollector, df_streams: pd.DataFrame,
                            pub_rows: list[pd.Series], year: int
                            ) -> tuple[list[Estimate], list[Estimate]]:
    """The previous year rebuilt from the changes the document prints, stream by stream."""
    rows = [r for _, r in df_streams.iterrows()]
    previous, changes = [], []
    for row, pub in zip(rows, pub_rows, strict=True):
        changes.append(col.add_observed(pub))
        previous.append(col.add_computed(
            "collected_previous_t",
            previous_from_change(row["value"], row["precision"], pub["value"],
                                 pub["precision"]),
            "t", f"Tonnage {year} / (1 + évolution publiée)", [row, pub],
            breakdown=row["breakdown"]))
    col.add_computed("dma_total_previous_t", sum_estimates(previous), "t",
                     f"Somme des tonnages {year - 1} reconstitués", rows + pub_rows)
    col.add_computed(
        "dma_total_change_pct",
        total_change_from_stream_changes(df_streams,
                                         np.array([p["value"] for p in pub_rows]),
                                         np.array([p["precision"] for p in pub_rows])),
        "%",
        "Total / total reconstitué de l'année précédente - 1 (bornes : arrondi de chaque "
        "tonnage et de chaque évolution publiée)",
        rows + pub_rows)
    return previous, changes


@step
def per_inhabitant(ctx: Context) -> None:
    """DMA per inhabitant per year and per day, and the population a printed ratio implies;
    without tonnages, the printed ratio and the tonnage it implies."""
    col, year, total = ctx.collector, ctx.year, ctx.values["total"]
    pop = col.population
    stream_rows = [r for _, r in streams_of(col.obs, ctx.territory, year).iterrows()]
    if total is not None:
        col.add_computed("dma_per_inhabitant_kg_year",
                         dma_per_inhabitant_kg_year(total, pop.value), "kg/hab/an",
                         "Total DMA × 1000 / population", stream_rows, per_capita=True)
        col.add_computed("dma_per_inhabitant_kg_day",
                         dma_per_inhabitant_kg_day(total, pop.value, year), "kg/hab/j",
                         f"Total DMA × 1000 / {days_in_year(year)} jours / population",
                         stream_rows, per_capita=True)
        printed = published_rows(ctx.inputs.published, ctx.territory, year,
                                 "dma_per_inhabitant_kg_day")
        for _, pub in printed.iterrows():
            implied = implied_population(total, Estimate.of_row(pub),
                                         1000 / days_in_year(year))
            col.add_computed(
                "population_implied_by_kg_day", implied, "hab",
                f"Total DMA × 1000 / {days_in_year(year)} / ratio publié", stream_rows + [pub],
                note=f"{fr_range_text(implied, 'hab')} ; population utilisée : "
                     f"{fr_value(pop.value, 'hab')} ({pop.label})")
        return
    row = col.observed("dma_per_inhabitant_kg_year")
    if row is not None:
        ratio = col.add_observed(row)
        col.add_computed("dma_total_t_implied", implied_total_t(ratio, pop.value), "t",
                         "Ratio publié × population / 1000", [row], per_capita=True,
                         note="ordre de grandeur : le document ne publie pas le tonnage")
    # « déchets » without saying which (004 l. 68): shown as printed, never turned into DMA
    # nor into a tonnage
    for _, unspecified in col.observed_all("waste_per_inhabitant_kg_year").iterrows():
        col.add_observed(unspecified)


@step
def cost(ctx: Context) -> None:
    """The service's cost per inhabitant and per tonne; the population a printed cost per
    inhabitant implies, set beside the one the printed kg per day implies."""
    col = ctx.collector
    row = col.observed("service_cost_eur")
    if row is None:
        return
    pop = col.population
    service_cost = col.add_observed(row)
    pubs = published_rows(ctx.inputs.published, ctx.territory, ctx.year,
                          "service_cost_per_inhabitant_eur")
    notes = []
    for _, pub in pubs.iterrows():
        implied = divide(service_cost, Estimate.of_row(pub))
        col.add_computed(
            "population_implied_by_cost", implied, "hab",
            "Coût publié / coût par habitant publié", [row, pub],
            note=f"si ce ratio divise ce coût (le document ne le dit pas) ; population "
                 f"utilisée : {fr_value(pop.value, 'hab')} ({pop.label})")
        notes.append(
            f"{fr_value(service_cost.value / 1e6, 'EUR', 1).replace('€', 'M€')} à "
            f"{fr_value(pub['value'], 'EUR/hab/an', 2)} supposent "
            f"{fr_range_text(implied, 'hab')} si ce ratio divise ce coût, contre "
            f"{fr_value(pop.value, 'hab')} ({pop.label})")
    by_kg_day = next((f for f in col.figures if f.indicator == "population_implied_by_kg_day"),
                     None)
    if not pubs.empty and by_kg_day is not None:
        implied = divide(service_cost, Estimate.of_row(pubs.iloc[0]))
        agree = "se recouvrent" if overlaps(implied, by_kg_day.estimate) else (
            "ne se recouvrent pas")  # 002 l. 823-824: 291 840 against 244 077 inhabitants
        notes.append(
            f"la population que suppose ce coût par habitant ({fr_range_text(implied, 'hab')}) "
            f"et celle que suppose le ratio en kg/hab./j publié "
            f"({fr_range_text(by_kg_day.estimate, 'hab')}) {agree} : le document ne dit ni le "
            f"coût ni la population que divise son ratio")
    col.add_computed("service_cost_per_inhabitant_eur",
                     amount_per_inhabitant(service_cost, pop.value), "EUR/hab/an",
                     "Coût TTC / population", [row], per_capita=True,
                     note=" ; ".join(notes))
    total = ctx.values["total"]
    if total is not None:
        stream_rows = [r for _, r in streams_of(col.obs, ctx.territory, ctx.year).iterrows()]
        col.add_computed("service_cost_per_tonne_eur", divide(service_cost, total), "EUR/t",
                         "Coût TTC / total DMA", [row] + stream_rows)
