"""Housing steps on the stock and its vacancy: the census stock, the vacancy of every source
(census, LOVAC file, documents), and long-term vacancy.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them; the values a later step needs go into ``ctx.values`` (``totals``: the
census sums and rates of the territory; ``census_label``: their period).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.fmt import fr_value
from analysis.core.uncertainty import Estimate, ratio_pct
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.housing.model import (
    BREAKDOWNS,
    CENSUS_INDICATORS,
    CENSUS_RATES,
    census_absent_note,
    census_label,
    census_phrase,
    gap_to,
    implied_stock,
    label_of,
    rate_pct,
    stock_structure,
    territory_totals,
)


@step
def stock(ctx: Context) -> None:
    """Dwellings by occupancy and by kind: the sums of the territory's communes at the census
    vintage of the year, the rates recomputed on the sums (never averaged), the dwellings per
    1 000 inhabitants. Communes absent from the census vintage make the sums lower bounds,
    said in each figure's note with their names. Keeps the communes table
    (``frames["communes"]``), the census's vintage, citation and sums (``values``), and the
    communes' outlines for the maps."""
    col, vintage = ctx.collector, ctx.values["census_vintage"]
    wide, communes = ctx.values["census_wide"], ctx.values["communes"]
    source_id = str(ctx.inputs.census[vintage]["source_id"].iloc[0])
    label = census_label(vintage)
    totals = territory_totals(wide)
    n_communes = len(set(communes["commune_code"]))
    lower_bound = census_absent_note(ctx.values["census_absent"], n_communes, vintage)
    source = f"{cite(col.sources, source_id)} ; somme des {len(wide)} communes" + (
        f" présentes au recensement sur {n_communes}" if lower_bound else "")
    later = "" if vintage <= ctx.year else (
        f"millésime {vintage} postérieur à l'année du rapport : le seul disponible")
    for indicator in CENSUS_INDICATORS:
        breakdown = "census" if indicator == "vacant_dwellings" else ""
        col.figures.append(Figure(
            indicator=indicator, breakdown=breakdown, label=label_of(indicator, breakdown),
            estimate=Estimate.exact(totals[indicator]), unit="count", kind="reference",
            source=source, period=label, note=" ; ".join(filter(None, (later, lower_bound))),
        ))
    for indicator, (_, method) in CENSUS_RATES.items():
        breakdown = "census" if indicator == "vacancy_rate_pct" else ""
        col.figures.append(Figure(
            indicator=indicator, breakdown=breakdown, label=label_of(indicator, breakdown),
            estimate=Estimate.exact(totals[indicator]), unit="%", kind="computed",
            source=f"Calcul : {source}", period=label, decimals=1,
            method=method + " (sommes des communes)",
            note=f"taux des {len(wide)} communes présentes au recensement" if lower_bound
            else "",
        ))
    _dwellings_per_1000(col, totals, source, label, vintage, lower_bound)
    # every commune of the territory, those absent from the census with empty cells
    ctx.frames["communes"] = stock_structure(wide).reindex(
        sorted(communes["commune_code"])).join(
        communes.set_index("commune_code")["commune_name"])
    ctx.values.update(totals=totals, census_label=label, shapes=ctx.inputs.shapes,
                      census_source=cite(col.sources, source_id))


def _dwellings_per_1000(col: FigureCollector, totals: pd.Series, source: str, label: str,
                        vintage: int, lower_bound: str) -> None:
    """Dwellings per 1 000 inhabitants: a lower bound, said, when the census lacks communes
    that the population counts."""
    population = col.population
    vintages = "" if population.vintage == vintage else (
        f"logements {vintage}, population {population.vintage}")
    col.figures.append(Figure(
        indicator="dwellings_per_1000_inhabitants",
        label=label_of("dwellings_per_1000_inhabitants"),
        estimate=Estimate.exact(1000 * totals["dwellings"] / population.value),
        unit="count/1000 hab",
        kind="computed", source=f"Calcul : {source} ; {population.label}", period=label,
        method="Logements × 1 000 / population", population_vintage=population.label,
        note=" ; ".join(filter(None, (vintages, lower_bound and
                                      "minorant : logements des seules communes recensées"))),
    ))


VACANCY_COLUMNS = ["what", "period", "vacant", "published_rate_pct", "rate_on_census_pct",
                   "implied_stock", "census_dwellings", "source"]


@step
def vacancy(ctx: Context) -> None:
    """Vacancy from every source: each vacancy count the documents print, set against the
    census stock, with the stock its printed rate implies, beside the census's own count and
    the LOVAC file's (:func:`.private_vacancy.private_vacancy`, at its latest date). Keeps
    the vacancy table (``frames["vacancy"]``)."""
    col = ctx.collector
    totals, label = ctx.values["totals"], ctx.values["census_label"]
    rows = [{
        "what": f"Recensement {ctx.values['census_vintage']} (INSEE, tous logements)",
        "period": label,
        "vacant": totals["vacant_dwellings"],
        "published_rate_pct": np.nan,
        "rate_on_census_pct": totals["vacancy_rate_pct"],
        "implied_stock": np.nan,
        "census_dwellings": totals["dwellings"],
        "source": "recalcul",
    }]
    for _, row in col.observed_all("vacant_dwellings", None).iterrows():
        rows.append(_printed_vacancy(ctx, row))
    rows += _lovac_row(col, totals["dwellings"], ctx.values["lovac_year"])
    ctx.frames["vacancy"] = pd.DataFrame(rows, columns=VACANCY_COLUMNS)


def _printed_vacancy(ctx: Context, row: pd.Series) -> dict:
    """One vacancy count a document prints: its rate on the census stock, its gap to the
    census count, the stock its printed rate implies; its row of the vacancy table."""
    col, totals, label = ctx.collector, ctx.values["totals"], ctx.values["census_label"]
    census_dwellings = Estimate.exact(totals["dwellings"])
    breakdown = row["breakdown"]
    count = col.add_observed(row)
    rate = col.add_computed(
        "vacancy_rate_pct", ratio_pct(count, census_dwellings), "%",
        f"Logements vacants publiés / logements du {census_phrase(label)}", [row],
        breakdown=breakdown, period=row["period"], extra_source=label,
        note=f"dénominateur : {fr_value(census_dwellings.value, 'count')} logements "
             f"({label})",
    )
    col.add_computed(
        "vacant_dwellings_gap_to_census", gap_to(count, totals["vacant_dwellings"]),
        "count", f"Chiffre publié - logements vacants du {census_phrase(label)}",
        [row],
        breakdown=breakdown, period=row["period"], extra_source=label,
    )
    df_pub = ctx.inputs.published
    published = df_pub[(df_pub["territory"] == ctx.territory) & (df_pub["year"] == ctx.year)
                       & (df_pub["indicator"] == "vacancy_rate_pct")
                       & (df_pub["breakdown"] == breakdown)]
    implied, published_rate = np.nan, np.nan
    for _, pub in published.iterrows():
        published_rate = pub["value"]
        implied = col.add_computed(
            "stock_implied_by_vacancy_rate",
            implied_stock(count, Estimate.of_row(pub)), "count",
            "Logements vacants publiés / taux publié × 100", [row, pub],
            breakdown=breakdown, period=row["period"],
            note=f"à comparer aux {fr_value(census_dwellings.value, 'count')} logements du "
                 f"{census_phrase(label)}",
        ).value
    return {
        "what": label_of("vacant_dwellings", breakdown),
        "period": row["period"] or "non précisée",
        "vacant": count.value,
        "published_rate_pct": published_rate,
        "rate_on_census_pct": rate.value,
        "implied_stock": implied,
        "census_dwellings": census_dwellings.value,
        "source": col.cite_row(row),
    }


def _lovac_row(col: FigureCollector, census_dwellings: float, year: int | None
               ) -> list[dict]:
    """The LOVAC file's row of the vacancy table (its latest date), if the page has one."""
    if year is None:
        return []
    vacant = next(f for f in col.figures if f.indicator == "vacant_private"
                  and f.period == f"01/01/{year}")
    return [{
        "what": "Fichier LOVAC (parc privé)", "period": vacant.period,
        "vacant": vacant.value, "published_rate_pct": np.nan,
        "rate_on_census_pct": rate_pct(vacant.value, census_dwellings),
        "implied_stock": np.nan, "census_dwellings": census_dwellings,
        "source": vacant.source,
    }]


@step
def long_term_vacancy(ctx: Context) -> None:
    """Dwellings vacant for more than two years (a document's count): against the census
    stock, and against the vacant dwellings of the same source (LOVAC), with the INSEE count
    as a variant."""
    col, label = ctx.collector, ctx.values["census_label"]
    row = col.observed("vacant_dwellings_over_2_years")
    if row is None:
        return
    count = col.add_observed(row)
    col.add_computed(
        "long_term_vacancy_rate_pct",
        ratio_pct(count, Estimate.exact(ctx.values["totals"]["dwellings"])),
        "%", f"Vacants depuis plus de 2 ans / logements du {census_phrase(label)}",
        [row],
        extra_source=label,
    )
    for source in ("lovac", "insee"):
        vacant = col.observed("vacant_dwellings", source)
        if vacant is None:
            continue
        col.add_computed(
            "vacant_over_2_years_share_pct",
            ratio_pct(count, Estimate.of_row(vacant)), "%",
            f"Vacants depuis plus de 2 ans / logements vacants ({BREAKDOWNS[source]})",
            [row, vacant], breakdown="" if source == "lovac" else source,
            note="durée de vacance mesurée par LOVAC : rapportée au chiffre LOVAC"
            if source == "lovac" else "variante : rapportée au chiffre INSEE",
        )
