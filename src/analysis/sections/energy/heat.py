"""Energy step 8: district heating from the SDES heat and cold network files by IRIS.

:func:`analysis.inputs.official.heat_files.load_heat_files` reads the files of
``data/energy/district_heating/`` (each declared in ``sources.csv`` with its checksum), in
publication order. :func:`district_heating`, for a page of year *Y*: every data year up to
*Y*, each from one file (:func:`analysis.inputs.official.heat_rules.chosen_files`),
the heat consumption and delivery points of the territory's communes by year, network and
sector, per inhabitant; the cells that make a sum a lower bound are counted and said.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.fmt import fr_count, fr_noun
from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure
from analysis.inputs.official import heat_rules as hm
from analysis.inputs.official.district_heating import (
    UNREADABLE,
    HeatFile,
)
from analysis.inputs.population import territory_population
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.energy.model import BREAKDOWNS, label_of


def heat_years(files: list[HeatFile], communes: pd.DataFrame, territory: str) -> set[int]:
    """The data years with a row of the territory's communes in some file."""
    return {int(y) for f in files for y in hm.of_territory(f.rows, communes, territory)["year"]}


@step
def district_heating(ctx: Context) -> None:
    """Heat network consumption (MWh), delivery points and consumption per inhabitant of the
    territory for each data year up to the page's year, by network and by sector. Keeps
    ``frames["heat"]`` (by year), ``frames["heat_networks"]`` (by year, network and
    commune), ``frames["heat_sectors"]`` and, in ``values["heat"]``, the files chosen for
    each year and what the page must say about them."""
    files, communes = ctx.inputs.heat, ctx.inputs.tables["reference/communes"]
    chosen = hm.chosen_files(files, ctx.year)
    rows = hm.chosen_rows(files, chosen)
    if rows.empty:  # no file of the page's year or before (an Enedis year before the first)
        rows = rows.assign(key=pd.Series(dtype=str), network=pd.Series(dtype=str))
    else:
        keys = hm.network_keys(rows)
        rows = rows.assign(key=keys, network=keys.map(
            hm.network_names(rows, keys, [f.source_id for f in files])))
    mine = hm.of_territory(rows, communes, ctx.territory)
    heat = mine[mine["filiere"] == hm.HEAT]
    names = dict(zip(communes["commune_code"], communes["commune_name"], strict=True))
    absent = hm.absent_from_file(heat, "commune_code", list(chosen["year"]))
    absent["commune"] = absent["commune_code"].map(names)
    by_commune = hm.summary(heat, ["year", "key", "network", "commune_code"])
    sectors = hm.summary(heat, ["year", "sector"])
    ctx.frames["heat"] = _by_year(ctx, hm.summary(heat, ["year"]), chosen, absent)
    ctx.frames["heat_networks"] = by_commune.assign(
        commune=by_commune["commune_code"].map(names))
    ctx.frames["heat_sectors"] = sectors.assign(
        label=sectors["sector"].map(lambda s: BREAKDOWNS.get(s, s)))
    shared = _shared_networks(rows, communes, ctx.territory)
    ctx.values["heat"] = {
        "chosen": chosen, "files": [f for f in files if f.source_id in set(chosen["source_id"])],
        "missing_years": hm.missing_years(files, chosen), "prorated": hm.prorated(heat),
        "other_filieres": int((mine["filiere"] != hm.HEAT).sum()), "shared": shared,
        "absent": absent, "published": _published(ctx.inputs.sources, files),
        "names": _names(mine)}
    _heat_figures(ctx, hm.summary(heat, ["year", "key", "network"]), sectors, shared)


def _names(rows: pd.DataFrame) -> pd.DataFrame:
    """By file, the territory's rows whose operator name was repaired, kept with « ? » for
    its accents, or repeated identically (``source_id``, ``repaired``, ``unreadable``,
    ``repeated``)."""
    if rows.empty:
        return pd.DataFrame(columns=["source_id", "repaired", "unreadable", "repeated"])
    flagged = rows.assign(repaired=rows["name_repaired"],
                          unreadable=rows["operator"].str.contains(UNREADABLE),
                          repeated=rows["copies"] - 1)
    return flagged.groupby("source_id", as_index=False)[
        ["repaired", "unreadable", "repeated"]].sum()


def _published(sources: pd.DataFrame, files: list[HeatFile]) -> dict[str, str]:
    """Publication date of each file (``published`` of ``sources.csv``)."""
    dates = dict(zip(sources["source_id"], sources["published"].astype(str), strict=True))
    return {f.source_id: dates.get(f.source_id, "?") for f in files}


def _by_year(ctx: Context, totals: pd.DataFrame, chosen: pd.DataFrame,
             absent: pd.DataFrame) -> pd.DataFrame:
    """One row per chosen year (a year whose file has no row of the territory too), with
    the population of that year and the consumption per inhabitant."""
    df = chosen.merge(totals, on="year", how="left")
    df["rows"] = df["rows"].fillna(0).astype(int)
    df["absent"] = [tuple(f"{r.commune} (lignes en {', '.join(map(str, r.seen))})"
                          for r in absent[absent["year"] == y].itertuples())
                    for y in df["year"]]
    populations = [territory_population(ctx.inputs.tables["reference/population"],
                                        ctx.inputs.tables["reference/communes"],
                                        ctx.territory, int(y)) for y in df["year"]]
    df["population"] = [p.value for p in populations]
    df["population_label"] = [p.label for p in populations]
    df["kwh_per_inhabitant"] = 1000 * df["mwh"] / df["population"]
    return df


def _shared_networks(rows: pd.DataFrame, communes: pd.DataFrame, territory: str
                     ) -> pd.DataFrame:
    """Network-years that the file files in the communes of several agglomerations, one of
    them the territory (``year``, ``network``, ``territories``)."""
    if rows.empty:
        return pd.DataFrame(columns=["year", "network", "territories"])
    epci = dict(zip(communes["commune_code"], communes["epci_short"], strict=True))
    spread = (rows.assign(territory=rows["commune_code"].map(epci))
              .dropna(subset=["territory"]).groupby(["year", "network"])["territory"]
              .agg(lambda s: tuple(sorted(set(s)))).reset_index(name="territories"))
    return spread[(spread["territories"].map(len) > 1)
                  & spread["territories"].map(lambda t: territory in t)].reset_index(drop=True)


def bound_note(r, absent: tuple[str, ...] = ()) -> str:
    """« minorant : … » when a sum met a secret, nd or empty cell, or a commune with rows
    another year is absent from the year's file; '' otherwise."""
    parts = []
    if r.secret:
        parts.append(f"{fr_count(int(r.secret), 'case')} « secret » (secret statistique)")
    if r.nd:
        parts.append(f"{fr_count(int(r.nd), 'case')} « nd » (valeur non donnée par le fichier)")
    if r.empty:
        parts.append(fr_count(int(r.empty), "case vide"))
    if absent:
        parts.append(f"{fr_noun(len(absent), 'commune absente')} du fichier de cette année "
                     "(aucune ligne, ni secret ni « nd ») : " + ", ".join(absent))
    return "minorant : " + " ; ".join(parts) if parts else ""


def _add(ctx: Context, indicator: str, breakdown: str, label: str, value: float, unit: str,
         method: str, source: str, period: str, note: str = "", vintage: str = "") -> None:
    ctx.collector.figures.append(Figure(
        indicator=indicator, breakdown=breakdown, label=label,
        estimate=Estimate.exact(value), unit=unit, kind="computed", source=source,
        period=period, decimals=ctx.collector.decimals_of(indicator), method=method,
        population_vintage=vintage, note=note))


def _heat_figures(ctx: Context, networks: pd.DataFrame, sectors: pd.DataFrame,
                  shared: pd.DataFrame) -> None:
    """Per known year: the territory's total, its delivery points and consumption per
    inhabitant, then each network's and each sector's consumption and delivery points."""
    sources = ctx.collector.sources
    for r in ctx.frames["heat"].dropna(subset=["mwh"]).itertuples():
        year, source = str(r.year), "Calcul : " + cite(sources, r.source_id)
        note = bound_note(r, r.absent)
        _add(ctx, "district_heating_mwh", "", label_of("district_heating_mwh"), r.mwh, "MWh",
             "Somme des IRIS des communes du territoire (réseaux de chaleur)", source, year,
             note)
        if r.points == r.points:
            _add(ctx, "district_heating_points", "", label_of("district_heating_points"),
                 r.points, "count", "Somme des points de livraison des IRIS", source, year,
                 note)
        _add(ctx, "district_heating_per_inhabitant_kwh", "",
             label_of("district_heating_per_inhabitant_kwh"), r.kwh_per_inhabitant,
             "kWh/hab/an", "Consommation (kWh) / population", f"{source} ; "
             f"{r.population_label}", year, note, r.population_label)
        for indicator, column, unit in (("district_heating_mwh", "mwh", "MWh"),
                                        ("district_heating_points", "points", "count")):
            _parts(ctx, indicator, column, unit, networks[networks["year"] == r.year],
                   sectors[sectors["year"] == r.year], year, source,
                   shared[shared["year"] == r.year])


def _parts(ctx: Context, indicator: str, column: str, unit: str, networks: pd.DataFrame,
           sectors: pd.DataFrame, year: str, source: str, shared: pd.DataFrame) -> None:
    spread = dict(zip(shared["network"], shared["territories"], strict=True))
    for n in networks.dropna(subset=[column]).itertuples():
        note = " ; ".join(part for part in (bound_note(n), (
            f"le fichier range sous ce nom des IRIS de {' et de '.join(spread[n.network])} ; "
            f"seules celles des communes du territoire sont comptées ici")
            if n.network in spread else "") if part)
        _add(ctx, indicator, hm.breakdown_of(n.key), f"{label_of(indicator)} — {n.network}",
             getattr(n, column), unit, "Somme des IRIS du réseau dans les communes du "
             "territoire", source, year, note)
    for s in sectors.dropna(subset=[column]).itertuples():
        _add(ctx, indicator, s.sector, label_of(indicator, s.sector), getattr(s, column),
             unit, "Somme des IRIS du secteur dans les communes du territoire", source, year,
             bound_note(s))
