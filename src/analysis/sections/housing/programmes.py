"""Housing steps on the programmes and their money: substandard housing, HLM sales, the
totals the documents print as sums, housing needs, and amounts per dwelling.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them. A total the documents do not print is a computed figure, and its label
says so.
"""

from __future__ import annotations

import re

from analysis.core.uncertainty import Estimate, sum_estimates
from analysis.sections.base import Context, step
from analysis.sections.housing.model import (
    BREAKDOWNS,
    PER_DWELLING,
    SUMS,
    census_phrase,
    label_of,
    per_dwelling,
)


@step
def substandard(ctx: Context) -> None:
    """Dwellings under a prefectoral order (insalubrity, urgency), their total when the
    document gives several kinds (a sum it does not print), per 10 000 census dwellings."""
    col, label = ctx.collector, ctx.values["census_label"]
    orders = col.observed_all("dwellings_under_prefectoral_order", None)
    if orders.empty:
        return
    counts = [col.add_observed(r) for _, r in orders.iterrows()]
    inputs = [r for _, r in orders.iterrows()]
    total = sum_estimates(counts)
    note = ""
    if len(counts) > 1:
        # a sum the document never prints (214 + 175 in the CAVM PLH): a computed figure,
        # never a printed one, and the page says so
        kinds = " + ".join(BREAKDOWNS.get(b, b) for b in orders["breakdown"])
        note = "le document ne publie pas ce total : somme calculée des types d'arrêté"
        total = col.add_computed("dwellings_under_prefectoral_order", total, "count",
                                 f"Somme des logements par type d'arrêté ({kinds}) : total "
                                 f"calculé, non imprimé", inputs, breakdown="total",
                                 period=inputs[0]["period"], note=note)
    col.add_computed(
        "dwellings_under_prefectoral_order_per_10000",
        total.scaled(10000 / ctx.values["totals"]["dwellings"]), "count/10000 logements",
        f"Logements sous arrêté × 10 000 / logements du {census_phrase(label)}",
        inputs, period=inputs[0]["period"], extra_source=label, note=note,
    )


@step
def hlm_sales(ctx: Context) -> None:
    """Social dwellings sold by the HLM landlords: the mean of the printed years."""
    col = ctx.collector
    sales = col.observed_all("hlm_sales", "")
    if sales.empty:
        return
    values = [col.add_observed(r) for _, r in sales.iterrows()]
    inputs = [r for _, r in sales.iterrows()]
    periods = [r["period"] for r in inputs]
    col.add_computed(
        "hlm_sales_mean_per_year", sum_estimates(values).scaled(1 / len(values)), "count/an",
        f"Moyenne des ventes {', '.join(periods)}", inputs, period="-".join(
            [min(periods), max(periods)]) if len(periods) > 1 else periods[0],
    )
    # the previous programme's 70 sales a year is a target (housing/targets.csv), compared
    # as such by the targets step, never a « usual » observed pace


@step
def printed_sums(ctx: Context) -> None:
    """The totals the documents print as sums of other printed figures (private dwellings
    funded, NPNRU projects, a sector's share), recomputed from their parts."""
    col = ctx.collector
    for (indicator, breakdown), (part_indicator, parts) in SUMS.items():
        rows = col.obs[(col.obs["indicator"] == part_indicator)
                       & col.obs["breakdown"].isin(parts)]
        if len(rows) != len(parts):
            continue
        inputs = [r for _, r in rows.iterrows()]
        values = [col.add_observed(r) if (r["indicator"], r["breakdown"]) not in col.used
                  else Estimate.of_row(r) for r in inputs]
        col.add_computed(
            indicator, sum_estimates(values), inputs[0]["unit"],
            " + ".join(label_of(part_indicator, b) for b in parts), inputs,
            breakdown=breakdown, period=inputs[0]["period"],
        )


@step
def needs(ctx: Context) -> None:
    """Housing needs printed over a number of years (« sur 6 ans »), per year."""
    col = ctx.collector
    row = col.observed("housing_needs")
    if row is None:
        return
    years = re.search(r"(\d+)\s*ans", row["period"] or "")
    if years is None:
        return
    col.add_computed(
        "housing_needs_per_year", col.add_observed(row).scaled(1 / int(years.group(1))),
        "count/an", f"Besoins / {years.group(1)} ans", [row], period=row["period"],
    )


@step
def amounts_per_dwelling(ctx: Context) -> None:
    """Money per dwelling: an amount (or a sum of amounts) over the dwellings of the same
    block of the document, bounded by the rounding of both."""
    col = ctx.collector
    for result, (amounts, dwellings) in PER_DWELLING.items():
        amount_rows = [col.observed(a) for a in amounts]
        count_row = col.observed(dwellings)
        if count_row is None or any(r is None for r in amount_rows):
            continue
        total = sum_estimates([
            col.add_observed(r) if (r["indicator"], "") not in col.used
            else Estimate.of_row(r) for r in amount_rows
        ])
        count = (Estimate.of_row(count_row)
                 if (dwellings, "") in col.used else col.add_observed(count_row))
        col.add_computed(
            result, per_dwelling(total, count), "EUR/logement",
            " + ".join(label_of(a) for a in amounts) + f" / {label_of(dwellings).lower()}",
            amount_rows + [count_row], period=count_row["period"],
        )
