"""Energy and climate: production sites, equivalences, consumption, targets and trajectories.

The section follows the protocol of :mod:`analysis.sections.base`: :func:`load_inputs`,
:func:`years`, :func:`start`, the steps of :data:`STEPS` (:func:`plants`,
:func:`equivalences`, :func:`readings`, :func:`targets`, :func:`programmes`,
:func:`production_file`, :func:`consumption_file`, :func:`district_heating`,
:func:`remaining`), then :func:`finish`,
which audits every figure against what the documents publish. Formulas: :mod:`.model`; the
page: :mod:`.display` and :mod:`.text`.

A page of year *N* cites the documents filed under *N* or before: their plants, equivalences
and targets (national and regional ones recalled as context, never as the territory's), and
the Enedis / Agence ORE files an analyst drops each year (the latest not after *N*), and the
SDES heat network files (every data year up to *N*, each from one file).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.errors import NoDataError
from analysis.core.specs import read_spec
from analysis.figures.audit import audit
from analysis.figures.record import FigureCollector
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.official.district_heating import HeatFile
from analysis.inputs.official.energy import EnergyFile
from analysis.inputs.official.heat_files import load_heat_files
from analysis.inputs.population import territory_population
from analysis.inputs.tables import REGION, REGION_CODE, editions, load_table
from analysis.inputs.tables import load_inputs as load_tables
from analysis.inputs.territories import scope_communes
from analysis.sections.base import Context, Result
from analysis.sections.energy.files import consumption_file, load_energy_files, production_file
from analysis.sections.energy.heat import district_heating, heat_years
from analysis.sections.energy.model import (
    CORE,
    SHARED_TERRITORIES,
    decimals_of,
    label_of,
    plan_targets,
)
from analysis.sections.energy.plants import equivalences, plants
from analysis.sections.energy.programmes import programmes, remaining
from analysis.sections.energy.readings import readings
from analysis.sections.energy.targets import targets

SPEC = read_spec(Path(__file__).parent)
STEPS = (plants, equivalences, readings, targets, programmes, production_file,
         consumption_file, district_heating, remaining)

__all__ = ["SPEC", "STEPS", "EnergyInputs", "consumption_file", "district_heating",
           "equivalences", "finish", "load_inputs", "plants", "production_file", "programmes",
           "readings", "remaining", "start", "targets", "years"]


@dataclass
class EnergyInputs:
    """Everything the energy section reads, validated: the tables of ``SPEC.tables``, the
    dropped files by their latest year, the communes' outlines (for the map)."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    production: dict[int, EnergyFile]  # latest year of the file -> Enedis production
    consumption: dict[int, EnergyFile]  # latest year of the file -> consumption by sector
    shapes: dict = field(default_factory=dict)
    heat: list[HeatFile] = field(default_factory=list)  # SDES files, in publication order

    @property
    def observations(self) -> pd.DataFrame:
        return self.tables["energy/observations"]

    @property
    def targets(self) -> pd.DataFrame:
        return self.tables["energy/targets"]


def load_inputs(data_dir: str | Path | None = None, outputs_dir: str | Path | None = None,
                territory: str = "") -> EnergyInputs:
    """The section's tables and the energy files dropped for it, validated, for the
    communes of the agglomerations reported by default and of ``territory``
    (:func:`analysis.inputs.territories.scope_communes`; ``outputs_dir``: unused here)."""
    data = data_dir or None
    suffixes = {folder.path: folder.suffixes for folder in SPEC.drop_folders}
    tables = load_tables(SPEC.tables, data)
    communes = scope_communes(tables["reference/communes"], data, [territory])
    tables["reference/communes"] = communes
    return EnergyInputs(
        tables, load_table("sources", data),
        load_energy_files("production", data, suffixes["energy/enedis_production"], communes),
        load_energy_files("consumption", data, suffixes["energy/consumption"], communes),
        load_commune_shapes(data, communes["commune_code"]),
        load_heat_files(data, suffixes["energy/district_heating"], communes))


def years(inputs: EnergyInputs, territory: str) -> list[int]:
    """The editions with the territory's rows or targets, the latest year of every dropped
    consumption file (a national file covers every territory), the data years of the SDES
    heat network files with a row of the territory's communes, and the latest year of an
    Enedis file when it is later than all of these (an older file, the 2016 extract, is
    shown on the later pages rather than adding past ones)."""
    obs, targets_table = inputs.observations, inputs.targets
    found = {int(y) for y in obs.loc[obs["territory"] == territory, "year"].unique()}
    edition = editions(obs, inputs.sources)
    found |= {int(edition[s]) for s in targets_table.loc[targets_table["territory"] == territory,
                                                         "source_id"] if s in edition.index}
    found |= set(inputs.consumption)
    found |= heat_years(inputs.heat, inputs.tables["reference/communes"], territory)
    found |= {y for y in inputs.production if not found or y > max(found)}
    return sorted(found)


def start(inputs: EnergyInputs, territory: str, year: int) -> Context:
    """The context of one page: the territory-year's rows, the documents known in ``year``
    (``values["history"]``, their rows of every territory; ``values["targets"]``, the
    territory's, national and regional targets not over by ``year``), the population, an
    empty record.

    Raises
    ------
    NoDataError
        If ``year`` is not one of :func:`years` for the territory (no observation, no target
        of a document of ``year``, no dropped file adding ``year``).
    """
    df_obs, df_targets = inputs.observations, inputs.targets
    edition = editions(df_obs, inputs.sources)
    known = set(edition[edition <= year].index)
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    found = years(inputs, territory)
    if year not in found:
        raise NoDataError(
            f"pas de données énergie pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, found)) or 'aucune'})"
        )
    population = territory_population(
        inputs.tables["reference/population"], inputs.tables["reference/communes"], territory,
        year, inputs.tables["perimeter/observations"])
    collector = FigureCollector(obs, inputs.sources, population, label_of, decimals_of)
    collector.add_population()
    ctx = Context(SPEC, territory, year, inputs, collector)
    ctx.values["edition"] = edition
    ctx.values["history"] = df_obs[df_obs["source_id"].isin(known)]
    epci = inputs.tables["reference/epci"]
    in_region = (epci.loc[epci["short"] == territory, "region_code"] == REGION_CODE).any()
    # national targets hold everywhere; the region's only for its EPCI
    shared = [c for c in SHARED_TERRITORIES if c != REGION or in_region]
    ctx.values["targets"] = df_targets[
        df_targets["territory"].isin([territory, *shared])
        & df_targets["source_id"].isin(known)
        & (df_targets["target_year"].isna() | (df_targets["target_year"] >= year)
           | df_targets["source_id"].map(edition).eq(year))]
    return ctx


def _present(ctx: Context) -> set[str]:
    """The keys of :data:`~.model.CORE` the page has."""
    shown = {f.indicator for f in ctx.collector.figures}
    present = set()
    # the territory's production: a measured file that covers every commune (not an extract)
    # or the territory's renewable share, never one plant's production (nor an expected one)
    complete = any(f.indicator == "enedis_covered_communes"
                   and f.estimate.value == ctx.population.n_communes
                   for f in ctx.collector.figures)
    if complete or "renewable_share_pct" in shown:
        present.add("production")
    if shown & {"energy_consumption_mwh", "implied_consumption_gwh"}:
        present.add("consumption")
    if (ctx.collector.obs["indicator"] == "ghg_emissions").any():
        present.add("ghg_inventory")
    if not plan_targets(ctx.values["targets"], ctx.territory).empty:
        present.add("own_targets")
    return present


def finish(ctx: Context) -> Result:
    """Audit every figure against what the documents publish; what a complete section would
    show and the documents do not give."""
    present = _present(ctx)
    missing = [label for key, label in CORE.items() if key not in present]
    df_figures = audit(ctx.collector.figures, ctx.inputs.tables["energy/published"],
                       ctx.inputs.sources, ctx.territory, ctx.year, SPEC.name)
    return Result(SPEC, ctx.territory, ctx.year, ctx.population, df_figures, ctx.frames,
                  missing, ctx.values)
