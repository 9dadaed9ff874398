"""The energy domain: units, whose targets count, and pure formulas over the energy rows.

Every formula takes tidy rows of ``data/energy`` (or :class:`~analysis.core.uncertainty.Estimate`
bounds) and returns a value with its bounds, or finds rows in a table; none reads a file or
records a figure. The computing steps (:mod:`.plants`, :mod:`.readings`, :mod:`.targets`,
:mod:`.programmes`, :mod:`.files`) call them and record the figures.

Conventions of the data (see ``data/README.md``):

- energy is in ``kWh`` / ``MWh`` / ``GWh`` as printed, power in ``kW`` / ``kWc`` / ``MW`` /
  ``MWc``; :data:`ENERGY_TO_KWH` and :data:`POWER_TO_KW` convert;
- a plant or site is the ``breakdown`` of its rows (``aerodrome_solar_park``), so that its
  production, peak power, panels and equivalence are found together; a production the document
  announces (« produira », a plant that « sera équipé ») is ``expected_electricity_production``:
  it feeds the plant's ratios, never the territory's production;
- a figure of the whole Valenciennois (CAVM + CAPH) has the breakdown ``valenciennois``; using it
  for the CAVM is an assumption, said on the page;
- national targets quoted by a document are filed under ``FR``, regional ones under ``HDF``:
  they are recalled as context in every section whose year knows the document, never as the
  territory's own; a pace computed for them says « if the territory followed it »; only the
  targets of the territory's own plan (PCAET, projet de territoire) count as its targets — a
  contract's obligations and a project's expected effect do not.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.uncertainty import Estimate, propagate, sum_estimates
from analysis.figures import catalogue
from analysis.inputs.tables import NATIONAL, REGION

SECTION = "energy"
ENERGY_TO_KWH = {"kWh": 1.0, "MWh": 1e3, "GWh": 1e6}
POWER_TO_KW = {"kW": 1.0, "kWc": 1.0, "MW": 1e3, "MWc": 1e3}
HOURS_PER_YEAR = 8760  # 365 × 24: a plant at full power all year (an upper bound)
GWH = 1e6  # kWh in a GWh

BREAKDOWNS = catalogue.breakdowns(SECTION)  # labels: sections/energy/indicators.toml
# targets filed under these codes are recalled, as context, for every territory of the project
SHARED_TERRITORIES = (NATIONAL, REGION)
SCOPE_LABELS = {NATIONAL: "national", REGION: "régional"}
SHARED_SCOPES = tuple(SCOPE_LABELS.values())
SHARED_NAMES = {code: BREAKDOWNS[code] for code in SHARED_TERRITORIES}  # « France — … »
SHARED_KINDS = {NATIONAL: "l'objectif national", REGION: "l'ambition régionale"}
SHARED_CITED = {NATIONAL: "objectif national cité", REGION: "ambition régionale citée"}
# whose target it is, for readers (the scopes of :func:`scope_of`)
SCOPE_NAMES = {scope: BREAKDOWNS[scope] for scope in (
    *SHARED_SCOPES, "territorial", "contrat", "projet")}
# frameworks of a territory's own plan; any other target of the territory is a contract's
# obligation or a project's expected effect (« Projet de récupération de chaleur… »)
PLAN_FRAMEWORKS = ("PCAET", "Projet de territoire")
# a measured yearly production, then a production the document announces (a forecast)
PRODUCTION_INDICATORS = ("electricity_production", "expected_electricity_production")
EXPECTED = "expected_electricity_production"
ELECTRICITY_WORD = "électricité"  # an equivalence that names the energy it is about
# parts whose sum is a total worth showing (and auditing when the document prints it)
PARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "renewable_projects": (("rooftop_solar", "carpark_solar", "heat_pump"),),
    "cep_communes": (("new", "existing"), ("energy_monitoring_updated",
                                           "energy_monitoring_pending")),
    "boilers_replaced": (("site_11_19", "site_call_lavoisier"),),
    "retrofit_buildings": (("communal", "epci"),),
    "energy_audits": (("communal", "epci"),),
}
# trajectories drawn together (index 100 at the base year), one chart each
RELATIVE_GROUPS = ("energy_consumption", "fossil_energy_consumption", "ghg_emissions")
# indicators of the targets as printed (the key of each is its own breakdown)
TARGET_INDICATORS = ("target_level", "target_total", "target_per_year",
                     "target_relative_change_pct")
# what a complete energy section needs; anything absent is listed as missing in the report
CORE = {
    "production": "production d'énergie renouvelable du territoire (document ou fichier "
                  "Enedis déposé)",
    "consumption": "consommation d'énergie du territoire (document ou fichier Agence ORE "
                   "déposé)",
    "ghg_inventory": "émissions de gaz à effet de serre du territoire (inventaire, en t CO2e)",
    "own_targets": "objectifs chiffrés propres au territoire (PCAET ou projet de territoire)",
}

# labels and decimals come from the indicator catalogue, breakdowns from this section
label_of = catalogue.labeller(BREAKDOWNS)
decimals_of = catalogue.decimals


# --- values and units ---------------------------------------------------------------------------


def row_estimate(row: pd.Series) -> Estimate:
    """A printed value with its rounding interval."""
    return Estimate.of_row(row)


def place_value(value: float) -> float:
    """Place value of the last digit of a number as the tables write it (``32`` → 1,
    ``0.2`` → 0.1): the precision of a target, whose table has no precision column."""
    text = f"{abs(float(value)):.10g}"
    return 10.0 ** -len(text.split(".")[1]) if "." in text else 1.0


def target_decimals(value: float) -> int:
    """Decimals a target is printed with (« 0,2 % » keeps its decimal, « 41 % » none)."""
    return len(f"{abs(value):.10g}".partition(".")[2])


def to_precision(estimate: Estimate, precision: float) -> Estimate:
    """A computed amount rounded to the precision of its coarsest input (the digits below
    are not significant), its bounds widened outward to the same grid."""
    return Estimate(round(estimate.value / precision) * precision,
                    np.floor(estimate.low / precision) * precision,
                    np.ceil(estimate.high / precision) * precision)


def target_estimate(value: float) -> Estimate:
    """A target as printed, with the rounding interval of its last digit (never exact:
    « 41 % » is 40,5 to 41,5 %)."""
    return Estimate.rounded(value, place_value(value))


def energy_kwh(row: pd.Series) -> Estimate:
    """An energy row (kWh, MWh or GWh) in kWh."""
    return row_estimate(row).scaled(ENERGY_TO_KWH[row["unit"]])


def power_kw(row: pd.Series) -> Estimate:
    """A power row (kW, kWc, MW or MWc) in kW."""
    return row_estimate(row).scaled(POWER_TO_KW[row["unit"]])


def max_energy_kwh(power: Estimate) -> Estimate:
    """Energy of a plant at full power all year: an upper bound of its production."""
    return power.scaled(HOURS_PER_YEAR)


def sum_parts(rows: pd.DataFrame) -> Estimate:
    return sum_estimates([row_estimate(r) for _, r in rows.iterrows()])


# --- formulas -----------------------------------------------------------------------------------


def implied_consumption(current_share_pct: Estimate, target_share_pct: Estimate,
                        added: Estimate, consumption_change_pct: Estimate | None = None
                        ) -> dict[str, Estimate]:
    """Consumption ``C`` implied by « renewables are ``s0`` % of consumption; reaching ``s1`` %
    means creating ``added`` »: ``s1 × C × (1 + k) − s0 × C = added``, where ``k`` is the
    consumption change by the target year (0: consumption held constant).

    Returns ``consumption``, ``renewables_now`` (``s0 × C``), ``consumption_target``
    (``C × (1 + k)``) and ``renewables_target`` (``s1 × C × (1 + k)``), in the unit of
    ``added``, each with bounds from the rounding of the inputs.

    Raises
    ------
    ValueError
        If the target share, after the consumption change, is not above the current share
        (the sentence then implies no positive consumption).
    """
    change = consumption_change_pct or Estimate.exact(0.0)
    inputs = {"s0": (current_share_pct.value, current_share_pct.half_width),
              "s1": (target_share_pct.value, target_share_pct.half_width),
              "added": (added.value, added.half_width),
              "k": (change.value, change.half_width)}

    def consumption(s0, s1, added, k):
        return added / (s1 / 100 * (1 + k / 100) - s0 / 100)

    for corner_s0 in (current_share_pct.low, current_share_pct.high):
        for corner_k in (change.low, change.high):
            if target_share_pct.low / 100 * (1 + corner_k / 100) <= corner_s0 / 100:
                raise ValueError("la part visée, après baisse de la consommation, ne dépasse "
                                 "pas la part actuelle : aucune consommation n'en découle")
    return {
        "consumption": propagate(consumption, inputs),
        "renewables_now": propagate(lambda s0, s1, added, k: s0 / 100 * consumption(
            s0, s1, added, k), inputs),
        "consumption_target": propagate(lambda s0, s1, added, k: (1 + k / 100) * consumption(
            s0, s1, added, k), inputs),
        "renewables_target": propagate(lambda s0, s1, added, k: s1 / 100 * (1 + k / 100)
                                       * consumption(s0, s1, added, k), inputs),
    }


def linear_pace_pts(change_pct: float, base_year: int, target_year: int) -> float:
    """Percentage points of the base-year level to change each year (straight line)."""
    return change_pct / (target_year - base_year)


def compound_rate_pct(change_pct: float, base_year: int, target_year: int) -> float:
    """Constant yearly rate of change, in percent, that gives ``change_pct`` over the years."""
    return 100 * ((1 + change_pct / 100) ** (1 / (target_year - base_year)) - 1)


def trajectory_index(change_pct: float, base_year: int, target_year: int
                     ) -> list[tuple[int, float]]:
    """Straight-line path from 100 at the base year to ``100 + change_pct`` at the target."""
    return [(base_year, 100.0), (target_year, 100.0 + change_pct)]


def level_pace(current: Estimate, aimed: Estimate, start: int, last: int) -> Estimate:
    """Points per year from a level observed in ``start`` to a level aimed at in ``last``,
    bounded by the rounding of both."""
    return Estimate((aimed.value - current.value) / (last - start),
                    (aimed.low - current.high) / (last - start),
                    (aimed.high - current.low) / (last - start))


def non_fossil_ceiling(per_inhabitant: Estimate, fossil_share: Estimate) -> Estimate:
    """Consumption per inhabitant that is not gas nor fuel oil: increasing in the consumption,
    decreasing in the fossil share, so exact bounds from the corners (the consumption's
    interval is not symmetric)."""
    return Estimate(per_inhabitant.value * (1 - fossil_share.value / 100),
                    per_inhabitant.low * (1 - fossil_share.high / 100),
                    per_inhabitant.high * (1 - fossil_share.low / 100))


# --- the dropped files, by territory ------------------------------------------------------------


def production_by_territory(rows: pd.DataFrame, communes: pd.DataFrame, territory: str
                            ) -> pd.DataFrame:
    """Enedis rows of a territory's communes (today's perimeter) summed by year and filière,
    with the number of empty cells met (a total that met one is a lower bound)."""
    codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
    mine = rows[rows["commune_code"].isin(codes)]
    return (mine.groupby(["year", "energy"], as_index=False)
            .agg(sites=("sites", "sum"), mwh=("mwh", "sum"), empty_cells=("empty_cells", "sum"),
                 secret_cells=("secret_cells", "sum"), communes=("commune_code", "nunique")))


def consumption_by_territory(rows: pd.DataFrame, communes: pd.DataFrame, territory: str
                             ) -> pd.DataFrame:
    """Consumption rows of a territory's communes summed by year, energy and sector."""
    codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
    mine = rows[rows["commune_code"].isin(codes)]
    return (mine.groupby(["year", "energy", "category"], as_index=False)
            .agg(points=("sites", "sum"), mwh=("mwh", "sum"),
                 empty_cells=("empty_cells", "sum"), secret_cells=("secret_cells", "sum"),
                 communes=("commune_code", "nunique")))


# --- rows of the tables -------------------------------------------------------------------------


def first_row(rows: pd.DataFrame, indicator: str, breakdown: str, units: dict
              ) -> pd.Series | None:
    """The first row of ``indicator`` / ``breakdown`` in one of ``units``, or None."""
    found = rows[(rows["indicator"] == indicator) & (rows["breakdown"] == breakdown)
                 & rows["unit"].isin(units)]
    return None if found.empty else found.iloc[0]


def production_row(rows: pd.DataFrame, site: str) -> pd.Series | None:
    """A site's yearly production: measured if printed, else the one the document expects."""
    for indicator in PRODUCTION_INDICATORS:
        found = first_row(rows, indicator, site, ENERGY_TO_KWH)
        if found is not None:
            return found
    return None


def latest_row(history: pd.DataFrame, territory: str, indicator: str, breakdown: str = ""
               ) -> pd.Series | None:
    """The territory's row of ``indicator`` in the latest known document, or None."""
    rows = history[(history["territory"] == territory) & (history["indicator"] == indicator)
                   & (history["breakdown"] == breakdown)]
    return None if rows.empty else rows.sort_values("year", kind="stable").iloc[-1]


def is_expected(row: pd.Series | None) -> bool:
    """Whether a production row is a forecast (« produira », a plant still to be built)."""
    return row is not None and row["indicator"] == EXPECTED


def is_plan(framework: str) -> bool:
    """Whether a target's framework is a territory's own plan (PCAET, projet de territoire),
    not a contract's obligation nor a project's expected effect."""
    return str(framework).startswith(PLAN_FRAMEWORKS)


def plan_targets(targets: pd.DataFrame, territory: str) -> pd.DataFrame:
    """The targets of the territory's own plan."""
    return targets[(targets["territory"] == territory)
                   & targets["framework"].map(is_plan).astype(bool)]


def plan_goal(targets: pd.DataFrame, territory: str) -> pd.Series | None:
    """The production to create of the territory's plan (a level in an energy unit)."""
    goal = plan_targets(targets, territory)
    goal = goal[(goal["indicator"] == "renewable_production_added")
                & (goal["target_kind"] == "level") & goal["unit"].isin(ENERGY_TO_KWH)]
    return None if goal.empty else goal.iloc[0]


def scope_of(target: pd.Series, own: str) -> str:
    """Whose target it is: national, regional, the territory's plan (« territorial »), a
    contract's obligation (« contrat ») or a project's expected effect (« projet »)."""
    territory = target["territory"]
    if territory in SCOPE_LABELS:
        return SCOPE_LABELS[territory]
    if territory != own:
        return territory
    if is_plan(target["framework"]):
        return "territorial"
    return "projet" if str(target["framework"]).startswith("Projet") else "contrat"


def document_territories(sources: pd.DataFrame, source_id: str) -> list[str]:
    """The territories a document is about (``territory`` of ``sources.csv``, « CAVM;CAPH »)."""
    rows = sources.loc[sources["source_id"] == source_id, "territory"]
    return [] if rows.empty else [t for t in str(rows.iloc[0]).split(";") if t]


def reading_year(observed: pd.Series, targets: pd.DataFrame, territory: str
                 ) -> tuple[int, str]:
    """The year a level the document prints without a year is read at, and the sentence that
    states this assumption: the reference year of the same plan's targets (same territory,
    same document) when they all share one, else the document's year."""
    plan = plan_targets(targets, territory)
    plan = plan[(plan["source_id"] == observed["source_id"]) & plan["base_year"].notna()]
    bases = sorted({int(b) for b in plan["base_year"]})
    printed = f"{observed['value']:g} {observed['unit']}".replace(".", ",")
    what = label_of(observed["indicator"], observed["breakdown"]).lower()
    if len(bases) == 1:
        lines = ", ".join(sorted(set(plan["locator"])))
        return bases[0], (f"hypothèse : la {what} ({printed}), que le document ne date pas, "
                          f"est lue comme celle de {bases[0]}, année de référence des "
                          f"objectifs du même plan ({lines})")
    year = int(observed["year"])
    return year, (f"hypothèse : la {what} ({printed}), que le document ne date pas, est lue "
                  f"comme celle de {year}, année du document")


def added_production_reading(target: pd.Series) -> str:
    """The one reading of a plan's « X GWh de production à créer d'ici T », stated."""
    return (f"hypothèse : les {target['target_value']:g} {target['unit']} de production « à "
            f"créer d'ici {int(target['target_year'])} » sont lus comme une production "
            f"annuelle à ajouter d'ici là, pas comme un total cumulé sur la période")
