"""Energy steps 1-2: plants and their specific yields; the equivalences the documents state.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them; the tables the page draws go into ``ctx.frames`` (``yields``,
``equivalences``). A production the document announces feeds a plant's ratios, said in
their notes, never the territory's production.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.uncertainty import Estimate, change_pct, divide
from analysis.figures.record import FigureCollector
from analysis.inputs.sources import cite_many
from analysis.sections.base import Context, step
from analysis.sections.energy.model import (
    BREAKDOWNS,
    ELECTRICITY_WORD,
    HOURS_PER_YEAR,
    POWER_TO_KW,
    energy_kwh,
    first_row,
    is_expected,
    max_energy_kwh,
    power_kw,
    production_row,
    row_estimate,
    target_estimate,
)

YIELD_COLUMNS = ["site", "label", "production_kwh", "expected", "peak_kwc", "panels", "area_m2",
                 "kwh_per_kwc", "kwh_per_panel", "kwh_per_m2", "wc_per_m2",
                 "implied_peak_kwc", "implied_wc_per_panel", "reference", "reference_expected",
                 "reference_territory", "source"]
EQUIVALENCE_COLUMNS = ["site", "what", "territory", "document", "stated", "energy_kwh",
                       "kwh_per_inhabitant", "low", "high", "upper_bound", "own",
                       "expected", "electricity_stated", "source"]
SOLAR_INDICATORS = ["solar_peak_power", "solar_panels", "solar_panel_area"]


def cite_rows(col: FigureCollector, rows: list[pd.Series | None]) -> str:
    """One citation per document, with the lines of the given rows."""
    return cite_many(col.sources, [(r["source_id"], r["locator"]) for r in rows
                                   if r is not None])


def _production_words(expected: bool) -> str:
    return "Production annuelle attendue" if expected else "Production annuelle"


def _show(col: FigureCollector, rows: list[pd.Series | None]) -> None:
    """Show each of these rows as printed, once."""
    for r in rows:
        if r is not None and not col.is_shown(r):
            col.add_observed(r)


# --- plants: specific yields --------------------------------------------------------------------


@step
def plants(ctx: Context) -> None:
    """kWh per kWc, per panel and per m² of every solar site of the section; a site without
    peak power gets the power implied by the reference yield (the first site of a known
    document with a production and a peak power: the page says whether that production is
    measured or expected, and whose site it is). Keeps the plants table
    (``frames["yields"]``)."""
    col = ctx.collector
    reference = _reference_yield(ctx.values["history"])
    sites = col.obs[col.obs["indicator"].isin(SOLAR_INDICATORS)]["breakdown"].unique()
    rows = [out for out in (_site_yields(col, site, reference) for site in sites)
            if out is not None]
    ctx.frames["yields"] = pd.DataFrame(rows, columns=YIELD_COLUMNS)


def _reference_yield(history: pd.DataFrame) -> tuple[Estimate, list[pd.Series], str] | None:
    """(kWh/kWc, rows, site) of the first site of a known document with production and peak
    power, or None."""
    for breakdown in history.loc[history["indicator"] == "solar_peak_power", "breakdown"]:
        prod = production_row(history, breakdown)
        peak = first_row(history, "solar_peak_power", breakdown, POWER_TO_KW)
        if prod is not None:
            return divide(energy_kwh(prod), power_kw(peak)), [prod, peak], breakdown
    return None


def _site_yields(col: FigureCollector, site: str, reference) -> dict | None:
    """Record one site's yields; its row of the plants table (None without a production)."""
    prod = production_row(col.obs, site)
    peak = first_row(col.obs, "solar_peak_power", site, POWER_TO_KW)
    panels = first_row(col.obs, "solar_panels", site, {"count": 1})
    area = first_row(col.obs, "solar_panel_area", site, {"m2": 1})
    if prod is None:
        return None
    _show(col, [prod, peak, panels, area])
    expected = is_expected(prod)
    out = dict.fromkeys(YIELD_COLUMNS, np.nan)
    out.update(site=site, label=BREAKDOWNS.get(site, site), production_kwh=energy_kwh(prod).value,
               expected=expected, reference="", reference_expected=False,
               reference_territory="", source=cite_rows(col, [prod, peak, panels, area]))
    _yields(col, site, out, prod, peak, panels, area)
    if peak is None and reference is not None and reference[2] != site:
        _implied_power(col, site, out, prod, panels, reference)
    return out


def _yields(col: FigureCollector, site: str, out: dict, prod: pd.Series, peak, panels,
            area) -> None:
    """A site's production per kWc, per panel and per m², and its peak power per m²."""
    expected = is_expected(prod)
    production = _production_words(expected)
    note = ("production attendue (prévision du document), non mesurée : rapport prévu"
            if expected else "")
    kwh = energy_kwh(prod)
    if peak is not None:
        out["peak_kwc"] = power_kw(peak).value
        out["kwh_per_kwc"] = col.add_computed(
            "solar_yield_kwh_per_kwc", divide(kwh, power_kw(peak)), "kWh/kWc",
            f"{production} (kWh) / puissance crête (kWc)", [prod, peak],
            breakdown=site, note=note).value
    if panels is not None:
        out["panels"] = panels["value"]
        out["kwh_per_panel"] = col.add_computed(
            "solar_production_per_panel_kwh", divide(kwh, row_estimate(panels)),
            "kWh/panneau", f"{production} (kWh) / nombre de panneaux",
            [prod, panels], breakdown=site, note=note).value
    if area is not None:
        out["area_m2"] = area["value"]
        out["kwh_per_m2"] = col.add_computed(
            "solar_production_per_m2_kwh", divide(kwh, row_estimate(area)), "kWh/m2",
            f"{production} (kWh) / surface de panneaux (m²)", [prod, area],
            breakdown=site, note=note).value
        if peak is not None:
            out["wc_per_m2"] = col.add_computed(
                "solar_power_per_m2_wc", divide(power_kw(peak).scaled(1000),
                                                row_estimate(area)), "Wc/m2",
                "Puissance crête (Wc) / surface de panneaux (m²)", [peak, area],
                breakdown=site).value


def _implied_power(col: FigureCollector, site: str, out: dict, prod: pd.Series, panels,
                   reference: tuple[Estimate, list[pd.Series], str]) -> None:
    """The peak power a site without one would have at the reference yield (and per panel)."""
    ref_yield, ref_rows, ref_site = reference
    ref_expected = is_expected(ref_rows[0])
    ref_territory = ref_rows[0]["territory"]
    ref_year = int(ref_rows[0]["year"])
    ref_label = BREAKDOWNS.get(ref_site, ref_site)
    what = ("productible prévu d'une installation en projet" if ref_expected
            else "productible d'une installation en service")
    other = (f" ; site d'un autre territoire ({ref_territory})"
             if ref_territory != prod["territory"] else "")
    implied = col.add_computed(
        "implied_peak_power_kwc", divide(energy_kwh(prod), ref_yield), "kWc",
        f"{_production_words(is_expected(prod))} / productible de référence ({ref_label})",
        [prod, *ref_rows], breakdown=site,
        note=f"puissance non publiée : estimée au {what} ({ref_label}, {ref_territory}, "
             f"{ref_year}){other} : ordre de grandeur à confirmer auprès de l'exploitant")
    out["implied_peak_kwc"] = implied.value
    out["reference"] = f"{ref_label} : {ref_yield.value:.0f} kWh/kWc"
    out["reference_expected"] = ref_expected
    out["reference_territory"] = ref_territory
    if panels is not None:
        out["implied_wc_per_panel"] = col.add_computed(
            "implied_panel_power_wc", divide(implied.scaled(1000), row_estimate(panels)),
            "Wc/panneau", "Puissance crête implicite (Wc) / nombre de panneaux",
            [prod, panels, *ref_rows], breakdown=site,
            note="déduite de la puissance crête implicite : même réserve").value


# --- equivalences -------------------------------------------------------------------------------


@step
def equivalences(ctx: Context) -> None:
    """Each « équivalent de N habitants » of the known documents turned into the consumption
    per inhabitant it assumes (a plant given by its power: at most, at full power all year),
    the section's own set against the others; each « N voitures en moins » into the emissions
    per car it assumes. Keeps the equivalences table (``frames["equivalences"]``)."""
    col, history, territory = ctx.collector, ctx.values["history"], ctx.territory
    year = int(col.obs["year"].iloc[0]) if not col.obs.empty else None
    stated = history[history["indicator"] == "equivalent_inhabitants"]
    if not ((stated["territory"] == territory) & (stated["year"] == year)).any():
        stated = stated.iloc[0:0]  # nothing of this section to compare the others with
    rows = []
    for _, eq in stated.iterrows():
        out = _inhabitants(col, history, eq, eq["territory"] == territory and eq["year"] == year)
        if out is not None:
            rows.append(out)
    _gaps(col, rows)
    _cars(col, ctx.values["targets"])
    ctx.frames["equivalences"] = pd.DataFrame(
        [{c: r[c] for c in EQUIVALENCE_COLUMNS} for r in rows], columns=EQUIVALENCE_COLUMNS)


def _equivalence_note(measured: bool, expected: bool, electricity: bool) -> str:
    notes = []
    if not measured:
        notes.append("majorant : le document donne une puissance, pas une production ; à "
                     "pleine puissance toute l'année")
    if expected:
        notes.append("production attendue (prévision du document), non mesurée")
    if not electricity:
        notes.append("le document écrit « consommation annuelle » sans dire de quelle "
                     "énergie : la lire comme une consommation d'électricité est une "
                     "hypothèse")
    return " ; ".join(notes)


def _inhabitants(col: FigureCollector, history: pd.DataFrame, eq: pd.Series, own: bool
                 ) -> dict | None:
    """Record the kWh per inhabitant one « N habitants » assumes (the section's own, or
    another document's for comparison); its row of the equivalences table, with its estimate
    (``per``), or None when the document gives neither production nor power."""
    site = eq["breakdown"]
    prod = production_row(history, site)
    power = first_row(history, "installed_power", site, POWER_TO_KW)
    if prod is None and power is None:
        return None
    used = prod if prod is not None else power
    energy = energy_kwh(prod) if prod is not None else max_energy_kwh(power_kw(power))
    per = divide(energy, row_estimate(eq))
    expected = is_expected(prod)
    electricity = ELECTRICITY_WORD in eq["quote"].lower()
    indicator = ("equivalence_kwh_per_inhabitant" if prod is not None
                 else "equivalence_max_kwh_per_inhabitant")
    method = (f"{_production_words(expected)} (kWh) / habitants de l'équivalence"
              if prod is not None
              else f"Puissance (kW) × {HOURS_PER_YEAR} h / habitants de l'équivalence")
    note = _equivalence_note(prod is not None, expected, electricity)
    source = cite_rows(col, [used, eq])
    if own:
        _show(col, [used, eq])
        col.add_computed(indicator, per, "kWh/hab/an", method, [used, eq], breakdown=site,
                         period=eq["period"] or "", note=note)
    else:
        col.add_computed_with_source(
            indicator, per, "kWh/hab/an", method, "Calcul : " + source,
            breakdown=site, period=eq["period"] or "",
            note=(note + " ; " if note else "") + f"chiffre d'un autre document "
                 f"({eq['territory']}), pour comparaison")
    return {"site": site, "what": BREAKDOWNS.get(site, site), "territory": eq["territory"],
            "document": eq["source_id"], "stated": eq["value"], "energy_kwh": energy.value,
            "kwh_per_inhabitant": per.value, "upper_bound": prod is None, "own": own,
            "expected": expected, "electricity_stated": electricity, "source": source,
            "low": per.low, "high": per.high, "per": per}


def _gaps(col: FigureCollector, rows: list[dict]) -> None:
    """The section's own measured equivalence against each other document's, in percent (one
    equivalence per site: a site stated twice is compared with its last statement)."""
    by_site = {r["site"]: r for r in rows}
    for mine in by_site.values():
        if not mine["own"] or mine["upper_bound"]:
            continue
        for other in by_site.values():
            if other["own"]:
                continue
            col.add_computed_with_source(
                "equivalence_gap_pct", change_pct(mine["per"], other["per"]), "%",
                f"kWh par habitant ({BREAKDOWNS.get(mine['site'], mine['site'])}) / kWh par "
                f"habitant de l'autre équivalence − 1",
                f"Calcul : {mine['source']} ; {other['source']}", breakdown=other["site"])


def _cars(col: FigureCollector, targets: pd.DataFrame) -> None:
    """Each « N voitures en moins » against the reduction its project expects."""
    cars = col.obs[col.obs["indicator"] == "equivalent_cars"]
    for _, eq in cars.iterrows():
        avoided = targets[(targets["indicator"] == "co2_avoided")
                          & (targets["breakdown"] == eq["breakdown"])]
        if avoided.empty:
            continue
        target = avoided.iloc[0]
        _show(col, [eq])
        # the unit of the reduction as the table gives it (« t » : tonnes of CO2, not CO2e)
        col.add_computed(
            "equivalence_t_co2_per_car",
            divide(target_estimate(target["target_value"]), row_estimate(eq)),
            f"{target['unit']}/voiture/an",
            "Réduction d'émissions attendue par an / voitures de l'équivalence",
            [target, eq], breakdown=eq["breakdown"],
            note="émissions par voiture que l'équivalence suppose, non publiées par le "
                 "document ; réduction attendue d'un projet en travaux, en tonnes de CO2 (le "
                 "document écrit CO2, pas CO2e)" if target["unit"] == "t CO2" else
                 "émissions par voiture que l'équivalence suppose, non publiées par le document")
