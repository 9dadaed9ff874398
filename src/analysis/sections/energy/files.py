"""Energy steps 6-7: the Enedis production and Agence ORE consumption files an analyst drops.

:func:`load_energy_files` reads the files of a drop folder (each declared in ``sources.csv``
with its checksum); the steps sum the rows of the territory's communes (today's perimeter)
for the latest year of the latest file not after the section's year, and compare the
documents' « équivalent de N habitants » with the residential electricity measured.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.core.fmt import fr_count, fr_number
from analysis.core.paths import data_dir
from analysis.core.periods import latest_not_after
from analysis.core.uncertainty import Estimate, change_pct
from analysis.figures.record import Figure
from analysis.inputs.official.energy import (
    EnergyFile,
    load_enedis_production,
    load_energy_consumption,
)
from analysis.inputs.official.reading import READ_SUFFIXES, check_declared, official_files
from analysis.inputs.official.shared import parsed_once
from analysis.inputs.population import territory_population
from analysis.inputs.sources import cite
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes
from analysis.sections.base import Context, step
from analysis.sections.energy.model import (
    BREAKDOWNS,
    consumption_by_territory,
    label_of,
    production_by_territory,
)

LICENCE = "Licence Ouverte 2.0"
FILES = {  # kind -> (folder, title, publisher, loader)
    "production": (Path("energy") / "enedis_production",
                   "Production électrique annuelle par filière à la maille commune", "Enedis",
                   load_enedis_production),
    "consumption": (Path("energy") / "consumption",
                    "Consommation annuelle d'électricité et de gaz par commune et par "
                    "secteur d'activité", "Agence ORE (opérateurs de réseaux d'énergie) / SDES",
                    load_energy_consumption),
}
PRODUCTION_COLUMNS = ["year", "energy", "label", "sites", "mwh", "empty_cells", "communes"]
CONSUMPTION_COLUMNS = ["year", "energy", "category", "label", "points", "mwh", "empty_cells",
                       "secret_cells"]


def load_energy_files(kind: str, data: str | Path | None = None,
                      suffixes: tuple[str, ...] = READ_SUFFIXES,
                      communes: pd.DataFrame | None = None) -> dict[int, EnergyFile]:
    """The files dropped in ``data/energy/enedis_production/`` (``kind="production"``) or
    ``data/energy/consumption/``, by their latest year; ``suffixes``: the file types the
    folder receives (its ``section.toml`` entry: a zipped CSV for Enedis).

    Raises
    ------
    DataValidationError
        From the loader, or if two files end on the same year.
    SourceMissingError
        If a file is not declared in ``sources.csv`` with its checksum.
    """
    folder, title, publisher, loader = FILES[kind]
    root = data_dir(data)
    paths = official_files(root / folder, suffixes)
    if not paths:
        return {}
    sources = load_table("sources", root)
    if communes is None:  # the agglomerations reported by default
        communes = scope_communes(load_table("reference/communes", root), root)
    files: dict[int, EnergyFile] = {}
    for path in paths:
        source_id = check_declared(path, sources, title, publisher, LICENCE, root)
        loaded = parsed_once(loader, path, communes, source_id)
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


def _up_to(rows: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows of the years up to ``year`` (a section never shows a later year)."""
    return rows[rows["year"] <= year]


# --- production ---------------------------------------------------------------------------------


@step
def production_file(ctx: Context) -> None:
    """Enedis production of the territory (today's communes) for every year of the file up to
    the section's year, by filière; the latest year in figures (by filière, total, sites, per
    inhabitant, change on the year before), by commune for the map. Keeps
    ``frames["production"]``, ``frames["production_communes"]``, the file
    (``values["production_file"]``) and the outlines of the territory's communes
    (``values["shapes"]``)."""
    file = latest_not_after(ctx.inputs.production, ctx.year)
    ctx.values["production_file"] = file
    ctx.frames["production"] = pd.DataFrame(columns=PRODUCTION_COLUMNS)
    ctx.frames["production_communes"] = pd.DataFrame()
    ctx.values["shapes"] = {"type": "FeatureCollection", "features": []}
    if file is None:
        return
    communes = ctx.inputs.tables["reference/communes"]
    df = _up_to(production_by_territory(file.rows, communes, ctx.territory), ctx.year)
    if df.empty:
        return
    df = df.assign(label=df["energy"].map(lambda e: BREAKDOWNS.get(e, e)))
    latest = int(df["year"].max())
    by_commune = _production_by_commune(ctx, file, latest)
    _production_figures(ctx, file, df, latest, by_commune)
    ctx.frames["production"] = df[PRODUCTION_COLUMNS].reset_index(drop=True)
    ctx.frames["production_communes"] = by_commune
    codes = set(by_commune["commune_code"])
    ctx.values["shapes"] = {**ctx.inputs.shapes, "features": [
        f for f in ctx.inputs.shapes.get("features", [])
        if f["properties"]["commune_code"] in codes]}


def coverage_note(by_commune: pd.DataFrame) -> str:
    """« minorant : … » when some of the territory's communes are absent from the file (an
    extract): how many communes and inhabitants the sums cover."""
    present = by_commune[by_commune["present"]]
    if len(present) == len(by_commune):
        return ""
    vintage = int(by_commune["population_vintage"].iloc[0])
    return (f"minorant : le fichier couvre {len(present)} des {len(by_commune)} communes du "
            f"territoire ({fr_number(present['population'].sum())} des "
            f"{fr_number(by_commune['population'].sum())} habitants, population {vintage}) ; "
            f"les communes absentes du fichier ne sont pas comptées")


def _production_figures(ctx: Context, file: EnergyFile, df: pd.DataFrame, latest: int,
                        by_commune: pd.DataFrame) -> None:
    col = ctx.collector
    source = cite(col.sources, file.source_id)
    now = df[df["year"] == latest]
    lower = int(now["empty_cells"].sum())
    covered = coverage_note(by_commune)
    empty = (f"{fr_count(lower, 'case vide')} dans le fichier pour ces communes : total "
             f"minorant" if lower else "")
    note = " ; ".join(n for n in (covered, empty) if n)
    for r in now.itertuples():
        col.figures.append(Figure(
            indicator="enedis_production_mwh", breakdown=r.energy,
            label=label_of("enedis_production_mwh", r.energy), estimate=Estimate.exact(r.mwh),
            unit="MWh", kind="reference", source=source, period=str(latest),
            note=" ; ".join(n for n in (covered, "cases vides : total minorant"
                                        if r.empty_cells else "") if n)))
    total = Estimate.exact(float(now["mwh"].sum()))
    col.add_computed_with_source(
        "enedis_production_mwh", total, "MWh", "Somme des filières et des domaines de tension",
        "Calcul : " + source, breakdown="enedis", period=str(latest), note=note)
    col.add_computed_with_source(
        "enedis_sites", Estimate.exact(float(now["sites"].sum())), "count",
        "Somme des sites de toutes les filières", "Calcul : " + source, breakdown="enedis",
        period=str(latest), note=note)
    _coverage_figures(ctx, by_commune, source, latest)
    population = territory_population(ctx.inputs.tables["reference/population"],
                                      ctx.inputs.tables["reference/communes"], ctx.territory,
                                      latest)
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


def _coverage_figures(ctx: Context, by_commune: pd.DataFrame, source: str, latest: int
                      ) -> None:
    """How many of the territory's communes and inhabitants the file covers."""
    col, present = ctx.collector, by_commune[by_commune["present"]]
    vintage = territory_population(ctx.inputs.tables["reference/population"],
                                   ctx.inputs.tables["reference/communes"], ctx.territory,
                                   latest).label
    col.add_computed_with_source(
        "enedis_covered_communes", Estimate.exact(len(present)), "count",
        f"Communes du territoire présentes dans le fichier (sur {len(by_commune)})",
        "Calcul : " + source, breakdown="enedis", period=str(latest))
    inhabitants = float(present["population"].sum())
    col.add_computed_with_source(
        "enedis_covered_inhabitants", Estimate.exact(inhabitants), "hab",
        "Somme des populations des communes présentes dans le fichier",
        f"Calcul : {source} ; {vintage}", breakdown="enedis", period=str(latest),
        population_vintage=vintage)
    col.add_computed_with_source(
        "enedis_covered_inhabitants_pct",
        Estimate.exact(100 * inhabitants / by_commune["population"].sum()), "%",
        "Habitants des communes présentes / population du territoire",
        f"Calcul : {source} ; {vintage}", breakdown="enedis", period=str(latest),
        population_vintage=vintage)


def _production_by_commune(ctx: Context, file: EnergyFile, latest: int) -> pd.DataFrame:
    """The latest year's production of each commune of the territory, per inhabitant (the
    latest census not after that year); a commune absent from the file (an extract) has no
    value (``present`` False), never a zero."""
    communes = ctx.inputs.tables["reference/communes"]
    populations = ctx.inputs.tables["reference/population"]
    mine = communes[communes["epci_short"] == ctx.territory]
    rows = file.rows[(file.rows["year"] == latest)
                     & file.rows["commune_code"].isin(set(mine["commune_code"]))]
    per_commune = rows.groupby("commune_code")["mwh"].sum()
    pops = populations[populations["commune_code"].isin(set(mine["commune_code"]))]
    vintage = max((v for v in pops["vintage"].unique() if v <= latest),
                  default=pops["vintage"].min())
    pop = pops[pops["vintage"] == vintage].set_index("commune_code")["population"]
    df_communes = mine[["commune_code", "commune_name"]].assign(
        mwh=lambda d: d["commune_code"].map(per_commune),
        population=lambda d: d["commune_code"].map(pop),
        present=lambda d: d["commune_code"].isin(set(rows["commune_code"])))
    df_communes["kwh_per_inhabitant"] = 1000 * df_communes["mwh"] / df_communes["population"]
    df_communes["population_vintage"] = int(vintage)
    return df_communes.reset_index(drop=True)


# --- consumption --------------------------------------------------------------------------------


@step
def consumption_file(ctx: Context) -> None:
    """Electricity and gas consumption of the territory by sector (latest year of the file
    up to the section's year), per inhabitant, residential electricity per inhabitant (the
    yardstick of the documents' « équivalent de N habitants »), the share of the electricity
    consumption that the Enedis-connected production of the same year covers; then the
    territory's own equivalence against that residential electricity. Keeps
    ``frames["consumption"]`` and the file (``values["consumption_file"]``)."""
    file = latest_not_after(ctx.inputs.consumption, ctx.year)
    ctx.values["consumption_file"] = file
    ctx.frames["consumption"] = pd.DataFrame(columns=CONSUMPTION_COLUMNS)
    if file is not None:
        communes = ctx.inputs.tables["reference/communes"]
        df = _up_to(consumption_by_territory(file.rows, communes, ctx.territory), ctx.year)
        if not df.empty:
            df = df.assign(label=df["energy"].map(BREAKDOWNS) + ", "
                           + df["category"].map(BREAKDOWNS))
            _consumption_figures(ctx, file, df)
            ctx.frames["consumption"] = df[CONSUMPTION_COLUMNS].reset_index(drop=True)
    _residential_comparison(ctx)


def _consumption_figures(ctx: Context, file: EnergyFile, df: pd.DataFrame) -> None:
    col = ctx.collector
    latest = int(df["year"].max())
    source = cite(col.sources, file.source_id)
    now = df[df["year"] == latest]
    incomplete = int(now["empty_cells"].sum() + now["secret_cells"].sum())
    note = (f"{fr_count(incomplete, 'ligne vide')} ou avec mailles secrètes : total minorant"
            if incomplete else "")
    population = territory_population(ctx.inputs.tables["reference/population"],
                                      ctx.inputs.tables["reference/communes"], ctx.territory,
                                      latest)
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
    production = ctx.frames["production"]
    produced = production[production["year"] == latest]["mwh"].sum() \
        if not production.empty else 0.0
    if electricity > 0 and produced > 0:
        col.add_computed_with_source(
            "local_electricity_coverage_pct", Estimate.exact(100 * produced / electricity),
            "%", "Production raccordée à Enedis / consommation d'électricité, même année",
            f"Calcul : {source} ; fichier Enedis de production", period=str(latest),
            note="hors installations raccordées au réseau de transport (RTE)")


def _residential_comparison(ctx: Context) -> None:
    """The territory's own equivalence against the residential electricity per inhabitant
    measured in a dropped consumption file (the yardstick of « N habitants »)."""
    col, df_equivalences = ctx.collector, ctx.frames["equivalences"]
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
