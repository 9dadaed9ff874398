"""Energy step 3: what the plan's renewable share and its « production à créer » imply.

Each new plant's production is set against the production to create; « renewables are s0 %
of consumption; the target s1 % means creating X » gives the consumption and renewable
production it implies, under two readings (consumption held constant, or reduced by the same
plan's target). Every reading the document does not settle is stated in the figures' notes.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.periods import period_years
from analysis.core.uncertainty import Estimate, divide, ratio_pct
from analysis.inputs.sources import cite_many
from analysis.sections.base import Context, step
from analysis.sections.energy.model import (
    ENERGY_TO_KWH,
    GWH,
    PRODUCTION_INDICATORS,
    added_production_reading,
    energy_kwh,
    implied_consumption,
    is_expected,
    latest_row,
    non_fossil_ceiling,
    plan_goal,
    plan_targets,
    reading_year,
    row_estimate,
    target_estimate,
)

READING_COLUMNS = ["reading", "label", "consumption_gwh", "renewables_now_gwh",
                   "consumption_target_gwh", "renewables_target_gwh", "per_inhabitant_mwh",
                   "non_fossil_per_inhabitant_mwh", "target_year", "share_year", "share_note",
                   "added_note", "share_quote", "share_source", "goal_quote", "goal_source"]


@step
def readings(ctx: Context) -> None:
    """Each new plant's yearly production against the plan's production to create; then the
    consumption the plan's renewable share and target imply, consumption held constant or
    reduced by the plan's consumption target by the same year. The share and the targets are
    those of the latest known document that gives them (an earlier edition's, if need be).

    Two assumptions, stated in every figure's note and on the page: X is read as a yearly
    production to add (the document writes « production à créer d'ici 2050 »), and a share
    printed without a year is read at the reference year of the same plan's targets
    (:func:`~.model.reading_year`). Keeps the readings table (``frames["readings"]``) and,
    when the sentences imply no consumption, why (``values["readings_note"]``)."""
    _contributions(ctx)
    ctx.values["readings_note"] = ""
    ctx.frames["readings"] = pd.DataFrame(columns=READING_COLUMNS)
    plan = _plan_sentences(ctx)
    if plan is None:
        return
    col = ctx.collector
    for row in (plan["share"], plan["fossil"]):
        if row is not None and not col.is_shown(row):
            col.add_observed(row)
    rows, consumptions = [], {}
    for name, change, used in _readings_of(plan):
        try:
            result = implied_consumption(row_estimate(plan["share"]),
                                         target_estimate(plan["level"]["target_value"]),
                                         plan["added_gwh"], change)
        except ValueError as exc:
            ctx.values["readings_note"] = str(exc)
            return
        rows.append(_reading(ctx, plan, name, change, used, result))
        consumptions[name] = rows[-1].pop("consumption")
    if len(consumptions) == 2:
        col.add_computed("implied_consumption_readings_ratio",
                         divide(consumptions["reduced"], consumptions["constant"]), "ratio",
                         "Consommation (lecture avec baisse) / consommation (lecture constante)",
                         used)
    ctx.frames["readings"] = pd.DataFrame(rows, columns=READING_COLUMNS)


def _contributions(ctx: Context) -> None:
    """Each new plant's yearly production (measured or expected) against the production to
    create of the territory's plan, read as a yearly production (same unit family: energy).
    Neither the plant's place nor its production is checked: the note says what is
    assumed."""
    col, territory = ctx.collector, ctx.territory
    goal = plan_goal(ctx.values["targets"], territory)
    if goal is None:
        return
    goal_kwh = target_estimate(goal["target_value"]).scaled(ENERGY_TO_KWH[goal["unit"]])
    obs = col.obs
    solar_sites = obs.loc[obs["indicator"].isin(["solar_panels", "solar_peak_power"]),
                          "breakdown"]
    plants = obs[obs["indicator"].isin(PRODUCTION_INDICATORS) & obs["unit"].isin(ENERGY_TO_KWH)
                 & obs["breakdown"].isin(solar_sites)]
    for _, plant in plants.iterrows():
        expected = is_expected(plant)
        notes = [added_production_reading(goal),
                 "le document ne dit pas dans quelle commune est l'installation : rattachée à "
                 f"{territory} par hypothèse"]
        if expected:
            notes.insert(0, "production attendue (prévision du document), non mesurée")
        col.add_computed(
            "share_of_renewable_target_pct", ratio_pct(energy_kwh(plant), goal_kwh), "%",
            f"{'Production annuelle attendue' if expected else 'Production annuelle'} / "
            f"{goal['target_value']:g} {goal['unit']} à créer d'ici "
            f"{int(goal['target_year'])}", [plant, goal], breakdown=plant["breakdown"],
            note=" ; ".join(notes))


def _plan_sentences(ctx: Context) -> dict | None:
    """The rows the readings rest on (the share, the plan's share target, its production to
    create, its consumption cut, the Valenciennois' fossil share) and the readings they need;
    None without a share, a share target and a production to create."""
    history, targets, territory = ctx.values["history"], ctx.values["targets"], ctx.territory
    share = latest_row(history, territory, "renewable_share_pct")
    own = plan_targets(targets, territory)
    level = own[(own["indicator"] == "renewable_share_pct") & (own["target_kind"] == "level")
                & (own["breakdown"] == "")]
    added = plan_goal(targets, territory)
    if share is None or level.empty or added is None:
        return None
    level = level.iloc[0]
    target_year = int(level["target_year"])
    cut = own[(own["indicator"] == "energy_consumption")
              & (own["target_kind"] == "relative_change_pct") & (own["breakdown"] == "")
              & (own["target_year"] == target_year)]
    span = period_years(share["period"]) if share["period"] else None
    start, share_note = (span[1], "") if span else reading_year(share, targets, territory)
    added_note = added_production_reading(added)
    goal_quote = level["quote"] if added["quote"] in level["quote"] else (
        f"{level['quote']} … {added['quote']}")
    return {
        "share": share, "level": level, "added": added, "cut": cut,
        # the gas and fuel oil share is printed for the whole Valenciennois only (CAVM + CAPH)
        "fossil": latest_row(history, territory, "fossil_share_pct", "valenciennois"),
        "target_year": target_year, "start": start, "share_note": share_note,
        "added_note": added_note,
        "note": " ; ".join(n for n in (share_note, added_note) if n),
        "added_gwh": target_estimate(added["target_value"]).scaled(
            ENERGY_TO_KWH[added["unit"]] / GWH),
        "share_source": ctx.collector.cite_row(share), "goal_quote": goal_quote,
        "goal_source": cite_many(ctx.collector.sources, [
            (r["source_id"], r["locator"]) for r in (level, added)]),
    }


def _readings_of(plan: dict) -> list[tuple[str, Estimate | None, list[pd.Series]]]:
    """(name, consumption change, rows used) of each reading: constant, then reduced by the
    plan's consumption target if it has one for the same year."""
    used = [plan["share"], plan["level"], plan["added"]]
    readings = [("constant", None, used)]
    if not plan["cut"].empty:
        cut = plan["cut"].iloc[0]
        readings.append(("reduced", target_estimate(cut["target_value"]), [*used, cut]))
    return readings


def _formula(plan: dict, change: Estimate | None) -> str:
    """« C = 347 GWh / (41 % − 5 %) », with the consumption change when there is one."""
    added, level, share = plan["added"], plan["level"], plan["share"]
    return ("C = {a} / ({s1} % − {s0} %)" if change is None
            else "C = {a} / ({s1} % × (1 {sign} {k:g} %) − {s0} %)").format(
        a=f"{added['target_value']:g} {added['unit']}", s1=f"{level['target_value']:g}",
        s0=f"{share['value']:g}", sign="−" if change and change.value < 0 else "+",
        k=abs(change.value) if change is not None else 0)


def _reading(ctx: Context, plan: dict, name: str, change: Estimate | None,
             used: list[pd.Series], result: dict[str, Estimate]) -> dict:
    """Record one reading's figures; its row of the readings table (with its ``consumption``
    estimate, for the ratio of the two readings)."""
    col, note, start = ctx.collector, plan["note"], plan["start"]
    target_year = plan["target_year"]
    consumption = col.add_computed("implied_consumption_gwh", result["consumption"], "GWh",
                                   _formula(plan, change), used, breakdown=name, note=note,
                                   period=str(start))
    renewables = col.add_computed("implied_renewable_production_gwh", result["renewables_now"],
                                  "GWh", f"C × part de {start} ({plan['share']['value']:g} %)",
                                  used, breakdown=name, note=note, period=str(start))
    if change is not None:
        col.add_computed("implied_consumption_target_gwh", result["consumption_target"], "GWh",
                         "C × (1 + objectif de baisse)", used, breakdown=name,
                         period=str(target_year), note=note)
    renewables_target = col.add_computed(
        "implied_renewable_production_target_gwh", result["renewables_target"], "GWh",
        "Consommation à l'échéance × part visée", used, breakdown=name,
        period=str(target_year), note=note)
    per_inhabitant = col.add_computed(
        "implied_consumption_per_inhabitant_mwh",
        consumption.scaled(1000 / col.population.value), "MWh/hab", "C (MWh) / population",
        used, breakdown=name, per_capita=True, period=str(start), note=note)
    non_fossil = np.nan
    if plan["fossil"] is not None:
        non_fossil = col.add_computed(
            "implied_non_fossil_per_inhabitant_mwh",
            non_fossil_ceiling(per_inhabitant, row_estimate(plan["fossil"])), "MWh/hab",
            "Consommation par habitant × (1 − part du gaz et du fioul du Valenciennois)",
            [*used, plan["fossil"]], breakdown=name, per_capita=True, period=str(start),
            note="majorant de l'électricité et des autres énergies non fossiles ; "
                 "hypothèse : la part du gaz et du fioul du Valenciennois entier (CAVM + "
                 "CAPH, seule publiée) vaut pour ce territoire ; " + note).value
    what = (f"consommation de {start} constante jusqu'en {target_year}" if change is None
            else f"consommation en baisse de {-change.value:g} % d'ici {target_year} "
                 f"(objectif du même plan)")
    return {"reading": name, "label": what, "consumption_gwh": consumption.value,
            "renewables_now_gwh": renewables.value,
            "consumption_target_gwh": result["consumption_target"].value,
            "renewables_target_gwh": renewables_target.value,
            "per_inhabitant_mwh": per_inhabitant.value,
            "non_fossil_per_inhabitant_mwh": non_fossil, "target_year": target_year,
            "share_year": start, "share_note": plan["share_note"],
            "added_note": plan["added_note"], "share_quote": plan["share"]["quote"],
            "share_source": plan["share_source"], "goal_quote": plan["goal_quote"],
            "goal_source": plan["goal_source"], "consumption": consumption}
