"""Energy steps 5 and 8: public buildings, shared energy advice and funding; every other
printed figure.

Totals of parts (projects by kind, communes new and existing, boilers by site, buildings)
are recomputed for the audit to compare them with the totals the documents print; the
programmes' ratios are computed on the bases the documents print.
"""

from __future__ import annotations

from analysis.core.uncertainty import Estimate, divide, propagate, ratio_pct
from analysis.figures.record import FigureCollector
from analysis.sections.base import Context, step
from analysis.sections.energy.model import BREAKDOWNS, PARTS, row_estimate, sum_parts, to_precision


@step
def programmes(ctx: Context) -> None:
    """Sum of the parts of a total for each period (the audit compares it with the total the
    document prints, if any); buildings per commune, share of the communes and of the
    inhabitants covered by the shared energy adviser, the ADEME part of a contract and its
    amount per year, the energy-transition part of the DSIL-DETR envelope."""
    col = ctx.collector
    _parts(col)
    communes = ctx.inputs.tables["reference/communes"]
    _buildings(col, int((communes["epci_short"] == ctx.territory).sum()))
    _ademe_contract(col)
    _dsil_detr(col)


def _parts(col: FigureCollector) -> None:
    for indicator, groups in PARTS.items():
        rows = col.observed_all(indicator, None)
        for period, same in rows.groupby(rows["period"].fillna("")):
            for group in groups:
                parts = same[same["breakdown"].isin(group)]
                if len(parts) < 2:
                    continue
                for _, r in parts.iterrows():
                    if not col.is_shown(r):
                        col.add_observed(r)
                col.add_computed(indicator, sum_parts(parts), parts["unit"].iloc[0],
                                 " + ".join(BREAKDOWNS.get(b, b) for b in parts["breakdown"]),
                                 list(r for _, r in parts.iterrows()), period=period)


def _buildings(col: FigureCollector, n_communes: int) -> None:
    """Buildings per commune of a retrofit programme; the communes and inhabitants of the
    shared energy adviser (CEP) against the territory's."""
    retrofit = col.observed("retrofit_communes")
    buildings = col.observed("retrofit_buildings", "communal")
    if retrofit is not None and buildings is not None:
        col.add_computed("retrofit_buildings_per_commune",
                         divide(row_estimate(buildings), row_estimate(retrofit)),
                         "count/commune",
                         "Bâtiments communaux / communes intéressées", [buildings, retrofit])
    for _, row in col.observed_all("cep_communes", "").iterrows():
        if not col.is_shown(row):
            col.add_observed(row)
        col.add_computed_with_source(
            "cep_communes_share_pct", ratio_pct(row_estimate(row), Estimate.exact(n_communes)),
            "%", f"Communes adhérentes / {n_communes} communes du territoire",
            f"Calcul : {col.cite_row(row)} ; référentiel des communes",
            period=row["period"] or "")
    inhabitants = col.observed("cep_inhabitants")
    if inhabitants is not None:
        col.add_observed(inhabitants)
        col.add_computed("cep_inhabitants_share_pct",
                         ratio_pct(row_estimate(inhabitants),
                                   Estimate.exact(col.population.value)), "%",
                         "Habitants des communes adhérentes / population", [inhabitants],
                         per_capita=True)


def _ademe_contract(col: FigureCollector) -> None:
    """The ADEME's part of a contract's amount, and the amount per year of its duration."""
    total = col.observed("ademe_contract_total_eur")
    ademe = col.observed("ademe_contract_ademe_funding_eur")
    duration = col.observed("ademe_contract_duration")
    if total is None or ademe is None:
        return
    col.add_observed(total)
    col.add_observed(ademe)
    col.add_computed("ademe_contract_ademe_share_pct",
                     ratio_pct(row_estimate(ademe), row_estimate(total)), "%",
                     "Part ADEME / montant total", [ademe, total])
    if duration is not None:
        col.add_observed(duration)
        col.add_computed("ademe_contract_per_year_eur",
                         divide(row_estimate(total), row_estimate(duration)), "EUR/an",
                         "Montant total / durée (années)", [total, duration])


def _dsil_detr(col: FigureCollector) -> None:
    """The energy-transition part of the Valenciennois' DSIL-DETR envelope, in euros known
    to the envelope's precision."""
    envelope = col.observed("dsil_detr_envelope_eur", "valenciennois")
    share = col.observed("dsil_detr_energy_transition_share_pct", "valenciennois")
    if envelope is None or share is None:
        return
    col.add_observed(envelope)
    col.add_observed(share)
    amount = propagate(lambda e, s: e * s / 100,
                       {"e": (envelope["value"], envelope["precision"] / 2),
                        "s": (share["value"], share["precision"] / 2)})
    col.add_computed("dsil_detr_energy_transition_eur",
                     to_precision(amount, envelope["precision"]),
                     "EUR", "Enveloppe × part transition énergétique, arrondi à la "
                     "précision de l'enveloppe imprimée", [envelope, share],
                     breakdown="valenciennois", period=envelope["period"] or "",
                     note="les euros ne sont pas significatifs : montant arrondi à la "
                          "précision de l'enveloppe imprimée ("
                          + f"{envelope['precision']:,.0f}".replace(",", "\u202f")
                          + " €), bornes élargies à la même précision")


@step
def remaining(ctx: Context) -> None:
    """Every observation of the territory-year no step showed, as printed."""
    col = ctx.collector
    for _, row in col.obs.iterrows():
        if not col.is_shown(row):
            col.add_observed(row)
