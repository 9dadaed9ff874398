"""Waste steps 4-7: recovery, targets and plans, prevention, and every other printed figure.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them. A share is computed only on a base the data state; a reading the document
leaves open is written in the figure's note.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.fmt import fr_percent, fr_value
from analysis.core.uncertainty import Estimate, divide, sum_estimates
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.sources import cite, cite_many
from analysis.inputs.tables import NATIONAL
from analysis.sections.base import Context, step
from analysis.sections.waste.model import (
    DMA_SHARE_PARTS,
    PRINTED_SHARE_PARTS,
    RECOVERY_KINDS,
    TOTAL_SHARE_PARTS,
    amount_per_inhabitant,
    base_observation,
    deadline_text,
    gap_to_share,
    label_of,
    objective_text,
    printed_decimals,
    resolve_target,
    share_pct,
    streams_of,
    targets_of,
)


@step
def recovery(ctx: Context) -> None:
    """Recovered tonnages; their shares of the collected DMA where they can be parts of it;
    the printed shares whose base the document does not print, as printed, with the base each
    one implies and the one check the document allows (a printed total = its printed parts)."""
    col, total = ctx.collector, ctx.values["total"]
    rows = {kind: col.observed("recovered_t", kind) for kind in ("material", "organic", "energy")}
    recovered = {kind: col.add_observed(row) for kind, row in rows.items() if row is not None}
    stream_rows = [r for _, r in streams_of(col.obs, ctx.territory, ctx.year).iterrows()]
    if total is not None:
        for kind, parts in DMA_SHARE_PARTS.items():
            if not all(p in recovered for p in parts):
                continue
            col.add_computed(
                "dma_recovered_share_pct",
                share_pct(sum_estimates([recovered[p] for p in parts]), total), "%",
                "Tonnage valorisé / DMA collectés (somme des cinq flux)",
                [rows[p] for p in parts] + stream_rows, breakdown=kind,
                note=f"base : les {fr_value(total.value, 't')} de DMA collectés ; hypothèse : "
                     "ces tonnages valorisés sont des parties des DMA collectés (le document "
                     "ne le dit pas)")
    df_pub = ctx.inputs.published
    printed = df_pub[(df_pub["territory"] == ctx.territory) & (df_pub["year"] == ctx.year)
                     & (df_pub["indicator"] == "recovered_share_pct")]
    by_kind = {r["breakdown"]: r for _, r in printed.iterrows()}
    for kind, pub in by_kind.items():
        _printed_share(col, kind, pub, by_kind, rows, recovered, total)


def _printed_share(col: FigureCollector, kind: str, pub: pd.Series, by_kind: dict,
                   rows: dict, recovered: dict, total: Estimate | None) -> None:
    """One printed share: as printed (or, for a total, recomputed from its printed parts),
    then the base it implies if the tonnage it seems to divide is known."""
    parts = next((p for p in TOTAL_SHARE_PARTS if all(k in by_kind for k in p)), None)
    if kind == "total" and parts is not None:
        # 42 % + 48 % against « près de 90 % »: the only check the printed shares allow
        col.add_computed(
            "recovered_share_pct", sum_estimates([Estimate.of_row(by_kind[k]) for k in parts]),
            "%", "Somme des parts imprimées (" + " + ".join(RECOVERY_KINDS[k] for k in parts)
            + ")", [by_kind[k] for k in parts], breakdown=kind,
            note="parts et total imprimés sur une même base, que le document n'imprime pas")
    else:
        col.add_observed(pub)
    numerator = PRINTED_SHARE_PARTS.get(kind, [])
    if not numerator or not all(p in recovered for p in numerator):
        return
    base = divide(sum_estimates([recovered[p] for p in numerator]),
                  Estimate.of_row(pub)).scaled(100)
    tonnages = " + ".join(fr_value(recovered[p].value, "t") for p in numerator)
    where = ""
    if total is not None:
        inside = total.low <= base.high and base.low <= total.high
        where = (f" ; les {fr_value(total.value, 't')} de DMA collectés sont "
                 + ("dans cet intervalle" if inside else "hors de cet intervalle"))
    col.add_computed(
        "recovered_share_base_implied_t", base, "t", "Tonnage valorisé × 100 / part imprimée",
        [rows[p] for p in numerator] + [pub], breakdown=kind,
        note=f"base que le document n'imprime pas ; hypothèse : la part de "
             f"{fr_percent(pub['value'], printed_decimals(pub['value']))} ({pub['locator']}) "
             f"porte sur {tonnages}{where}")


TARGET_COLUMNS = ["framework", "indicator", "breakdown", "what", "target_year", "period",
                  "target", "target_kind", "target_level", "unit", "decimals", "observed",
                  "observed_kind", "gap", "gap_t", "source", "quote", "note"]


@step
def targets(ctx: Context) -> None:
    """Every target and plan, shown as the document prints it. A level is computed only for
    a relative change whose base year is printed and observed; a gap to a share of the
    collected DMA only for a target filed as such (its reading stated in its note). Keeps the
    targets table (``frames["targets"]``)."""
    rows = [_target(ctx, target)
            for _, target in targets_of(ctx.inputs.targets, ctx.territory, ctx.year).iterrows()]
    ctx.frames["targets"] = pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _target(ctx: Context, target: pd.Series) -> dict:
    """Record one target's figures; its row of the targets table."""
    col, kind = ctx.collector, target["target_kind"]
    deadline = deadline_text(target)
    what = label_of(target["indicator"], target["breakdown"])
    observed = next((f for f in col.figures if f.indicator == target["indicator"]
                     and f.breakdown == target["breakdown"]), None)
    base_row = base_observation(ctx.inputs.observations, target, ctx.territory)
    level = resolve_target(target, Estimate.of_row(base_row) if base_row is not None else None)
    printed_unit = f"{target['unit']}/an" if kind == "per_year" else target["unit"]
    if kind == "relative_change_pct" and level is not None:
        col.add_computed_with_source(
            "target_level", level, base_row["unit"],
            f"Valeur {int(target['base_year'])} × (1 {target['target_value']:+g} %)",
            "Calcul : " + cite_many(col.sources, [(base_row["source_id"], base_row["locator"]),
                                                  (target["source_id"], target["locator"])]),
            note=target["note"])
        col.figures[-1].label = f"{objective_text(deadline)} — {what} ({target['framework']})"
    _printed_target(col, target, what, deadline, printed_unit)
    gap_t = _recovery_gap(ctx, target, level, observed, deadline)
    compared = observed is not None and kind == "level"
    return {
        "framework": target["framework"], "indicator": target["indicator"],
        "breakdown": target["breakdown"], "what": what, "target_year": deadline,
        "period": deadline if kind in ("cumulative", "per_year") else "",
        "target": target["target_value"], "target_kind": kind,
        "target_level": level.value if level is not None else np.nan,
        "unit": printed_unit if level is None else (
            base_row["unit"] if base_row is not None else printed_unit),
        "decimals": printed_decimals(target["target_value"]),
        "observed": observed.value if compared else np.nan,
        "observed_kind": observed.kind if compared else "",
        "gap": (observed.value - level.value) if compared and level is not None else np.nan,
        "gap_t": gap_t.value if gap_t is not None else np.nan,
        "source": cite(col.sources, target["source_id"], target["locator"]),
        "quote": target["quote"], "note": target["note"],
    }


def _printed_target(col: FigureCollector, target: pd.Series, what: str, deadline: str,
                    printed_unit: str) -> None:
    """The target as printed: a level, a change in %, a plan's total."""
    kind = target["target_kind"]
    indicator = {"cumulative": "target_total", "per_year": "target_per_year"}.get(
        kind, "target_level")
    label = (f"{what} ({target['framework']})"  # the period is shown beside it
             if kind in ("cumulative", "per_year")
             else f"{objective_text(deadline)} — {what} ({target['framework']})"
             + (" : évolution" if kind == "relative_change_pct" else ""))
    col.figures.append(Figure(
        indicator=indicator, breakdown=target["breakdown"], label=label,
        estimate=Estimate.exact(target["target_value"]), unit=printed_unit, kind="observed",
        source=cite(col.sources, target["source_id"], target["locator"]),
        period=deadline if kind in ("cumulative", "per_year") else "",
        decimals=printed_decimals(target["target_value"]), note=target["note"]))


def _recovery_gap(ctx: Context, target: pd.Series, level: Estimate | None, observed,
                  deadline: str) -> Estimate | None:
    """Tonnage still to recover for a level target filed as a share of the collected DMA
    (material and organic), at constant tonnage; None for any other target."""
    col, total = ctx.collector, ctx.values["total"]
    if not (target["target_kind"] == "level" and total is not None and observed is not None
            and target["indicator"] == "dma_recovered_share_pct"
            and target["breakdown"] == "material_organic"):
        return None
    parts = [col.observed("recovered_t", k) for k in DMA_SHARE_PARTS["material_organic"]]
    if not all(r is not None for r in parts):
        return None
    stream_rows = [r for _, r in streams_of(col.obs, ctx.territory, ctx.year).iterrows()]
    return col.add_computed(
        "recovery_gap_to_target_t",
        gap_to_share(total, sum_estimates([Estimate.of_row(r) for r in parts]), level.value),
        "t",
        f"Objectif {fr_percent(level.value, printed_decimals(target['target_value']))} × DMA "
        f"collectés - tonnage valorisé (matière et organique), à tonnage constant",
        parts + stream_rows + [target],
        note=f"{objective_text(deadline).lower()} ({target['framework']}) ; {target['note']}")


@step
def prevention(ctx: Context) -> None:
    """Households equipped with compost kits before the year; a prevention programme's
    planned budget spread over its years, per year and per inhabitant."""
    col = ctx.collector
    year_row = col.observed("compost_kit_households")
    cumulative = col.observed("compost_kit_households_cumulative")
    if year_row is not None and cumulative is not None:
        a, b = col.add_observed(cumulative), col.add_observed(year_row)
        col.add_computed(
            "compost_kit_households_before",
            Estimate(a.value - b.value, a.low - b.high, a.high - b.low), "count",
            "Cumul - foyers équipés dans l'année", [cumulative, year_row],
            note="si le cumul s'arrête à la fin de l'année : sa date n'est pas imprimée")
    # a programme's budget is a plan (« seront développées »), filed in the targets with its
    # period: spread over the years of that period, and said to be planned
    plans = targets_of(ctx.inputs.targets, ctx.territory, ctx.year)
    budgets = plans[(plans["indicator"] == "plpdma_budget_eur")
                    & (plans["target_kind"] == "cumulative") & plans["base_year"].notna()
                    & plans["target_year"].notna()]
    for _, budget in budgets.iterrows():
        first, last = int(budget["base_year"]), int(budget["target_year"])
        years, period = last - first + 1, f"{first}-{last}"
        per_year = col.add_computed(
            "plpdma_budget_per_year_eur", Estimate.exact(budget["target_value"]).scaled(1 / years),
            "EUR/an", f"Budget prévu / {years} ans ({period})", [budget], period=period,
            note="montant prévu, pas une dépense constatée")
        col.add_computed(
            "plpdma_budget_per_inhabitant_eur",
            amount_per_inhabitant(per_year, col.population.value), "EUR/hab/an",
            "Budget prévu par an / population", [budget], per_capita=True,
            period=period, note="montant prévu, pas une dépense constatée")


@step
def remaining(ctx: Context) -> None:
    """Every printed figure no step showed, as printed; the national values a document
    quotes beside the territory's own."""
    col, obs = ctx.collector, ctx.collector.obs
    for row in obs.itertuples():
        if (row.indicator, row.breakdown) not in col.used:
            col.add_observed(obs.loc[row.Index])
    df_obs = ctx.inputs.observations
    national = df_obs[(df_obs["territory"] == NATIONAL) & (df_obs["year"] == ctx.year)]
    for _, row in national.iterrows():
        if row["indicator"] in {i for i, _ in col.used}:
            quoted = row.copy()
            quoted["breakdown"] = "national_reference"
            col.add_observed(quoted)
