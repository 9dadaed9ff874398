"""The national figures table: one row per EPCI of France, every indicator the national
files give, computed in one vectorised pass (grouped sums over the communes, never one
notebook per EPCI).

The files are read by the loaders the sections use (:mod:`analysis.inputs.official`), for
every commune of France, and summed by EPCI with the sections' rules: rates recomputed on
the sums (never averaged), a LOVAC
date from one file only (:func:`analysis.inputs.official.lovac.rows_for_report`), a heat
year from one file only (:func:`analysis.inputs.official.heat_rules.chosen_files`), a
charging point placed in its commune by its coordinates
(:func:`analysis.inputs.official.irve.locate_points`). A sum that misses a commune (secret,
absent) is a lower bound, and the table says so beside the value.

Not in the table: Filosofi (a median income of an EPCI cannot be computed from its
communes' medians), the rent map (a commune's predicted rent, not a rent of its EPCI), the
Enedis extract (a few départements only).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.paths import data_dir
from analysis.core.specs import DropFolder
from analysis.inputs.official import heat_rules as hm
from analysis.inputs.official.heat_files import load_heat_files
from analysis.inputs.official.irve_files import (
    load_derived_files,
    load_irve_files,
    prefer_official,
)
from analysis.inputs.official.lovac import (
    combine_files,
    lovac_by_territory,
    lovac_files,
    rows_for_report,
)
from analysis.inputs.official.shared import parsed_once
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

CENSUS_SOURCE = "insee_rp2021_iris"
CENSUS_YEAR = 2021
PER_POINTS = 10_000  # charging points per 10,000 inhabitants
# the folder of the charging-point derivatives (as the mobility section declares it)
DERIVED_FOLDER = DropFolder("mobility/irve_derived", "un fichier dérivé des bornes de "
                            "recharge (Parquet)", (".parquet",))


@dataclass(frozen=True)
class Indicator:
    """A column of the national table: its label, unit, decimals and how it is computed."""

    name: str
    label: str
    unit: str
    decimals: int
    method: str
    compared: bool = True  # set among peers (a count of the size of the EPCI is not)


INDICATORS = [
    Indicator("dwellings", "Logements (recensement)", "count", 0,
              "Somme des logements des communes (INSEE, recensement)", compared=False),
    Indicator("vacancy_rate_pct", "Taux de vacance des logements (recensement)", "%", 1,
              "Logements vacants / logements, sommes des communes"),
    Indicator("flats_share_pct", "Part des appartements (recensement)", "%", 1,
              "Appartements / logements, sommes des communes"),
    Indicator("secondary_share_pct", "Part des résidences secondaires (recensement)", "%", 1,
              "Résidences secondaires et logements occasionnels / logements"),
    Indicator("private_vacancy_rate_pct", "Vacance du parc privé (LOVAC)", "%", 1,
              "Logements vacants du parc privé / parc privé, communes publiées (LOVAC, "
              "dernier 1er janvier)"),
    Indicator("private_vacancy_2y_share_pct", "Part des vacants depuis 2 ans ou plus (LOVAC)",
              "%", 1, "Vacants depuis 2 ans ou plus / vacants du parc privé, communes "
                      "publiées"),
    Indicator("charging_points_per_10k", "Points de recharge pour 10 000 habitants (IRVE)",
              "count/10000 hab", 1,
              "Points de recharge du fichier national placés dans les communes par leurs "
              "coordonnées, pour 10 000 habitants (recensement)"),
    Indicator("district_heating_kwh_per_inhabitant",
              "Chaleur livrée par les réseaux de chaleur par habitant (SDES)", "kWh/hab/an", 0,
              "Chaleur livrée aux points de livraison des communes (dernière année du "
              "fichier le plus récent) / habitants (recensement) ; sans valeur pour un EPCI sans "
              "ligne au fichier (pas de réseau déclaré)"),
]
CENSUS_INDICATORS = ("dwellings", "vacancy_rate_pct", "flats_share_pct", "secondary_share_pct")
LOVAC_INDICATORS = ("private_vacancy_rate_pct", "private_vacancy_2y_share_pct")
IDENTITY = ["epci_siren", "code", "name", "kind", "region_code", "region_name", "n_communes",
            "population"]


def _census(communes: pd.DataFrame, census: pd.DataFrame) -> pd.DataFrame:
    """Census sums and rates by EPCI code (index); ``census_lower_bound`` where a commune of
    the EPCI has no census row (the census's geography is not the reference's): its sums,
    and the population of ``epci.csv`` made the same way, are then lower bounds."""
    wide = census.pivot(index="commune_code", columns="indicator", values="value")
    sums = wide.join(communes.set_index("commune_code")["epci_short"], how="inner").groupby(
        "epci_short").sum(min_count=1)
    members = communes.groupby("epci_short").size()
    counted = communes[communes["commune_code"].isin(wide.index)].groupby("epci_short").size()
    return pd.DataFrame({
        "dwellings": sums["dwellings"],
        "vacancy_rate_pct": 100 * sums["vacant_dwellings"] / sums["dwellings"],
        "flats_share_pct": 100 * sums["flats"] / sums["dwellings"],
        "secondary_share_pct": 100 * sums["secondary_residences"] / sums["dwellings"],
        "census_lower_bound": counted.reindex(sums.index) < members.reindex(sums.index),
    })


def _lovac(root: Path, communes: pd.DataFrame, year: int) -> tuple[pd.DataFrame, dict]:
    """The private vacancy of the latest 1 January not after ``year``, by EPCI code."""
    files = lovac_files(root, load_table("sources", root), communes)
    rows = rows_for_report(combine_files(files)[0], year) if files else pd.DataFrame()
    if rows.empty:
        return pd.DataFrame(), {}
    latest = int(rows["year"].max())
    by_epci = lovac_by_territory(rows, communes)
    by_epci = by_epci[by_epci["year"] == latest].set_index("territory")
    out = pd.DataFrame({
        "private_vacancy_rate_pct": by_epci["vacancy_rate_pct"],
        "private_vacancy_2y_share_pct": by_epci["vacancy_2y_plus_share_pct"],
        # a bound of nothing says nothing: no flag where no commune is published
        "private_vacancy_lower_bound": by_epci["lower_bound"].astype(bool).where(
            by_epci["vacancy_rate_pct"].notna()),
    })
    source = str(by_epci["source_id"].iloc[0])
    return out, {"private_vacancy_rate_pct": (source, f"01/01/{latest}"),
                 "private_vacancy_2y_share_pct": (source, f"01/01/{latest}")}


def _charging(root: Path, communes: pd.DataFrame, year: int) -> tuple[pd.Series, dict]:
    """Charging points by EPCI code: the latest national file not after ``year`` (official,
    or the derivative when it is the only one of its year), placed by coordinates."""
    files, _set_aside = prefer_official(load_irve_files(root, communes),
                                        load_derived_files(DERIVED_FOLDER, root, communes))
    usable = [y for y in files if y <= year]
    if not usable:
        return pd.Series(dtype=float), {}
    latest = files[max(usable)]
    points = latest.points.merge(communes[["commune_code", "epci_short"]], on="commune_code")
    counts = points.groupby("epci_short").size().astype(float)
    source_id = str(latest.points["source_id"].iloc[0]) if len(latest.points) else ""
    return counts, {"charging_points_per_10k": (source_id, latest.snapshot)}


def _heat(root: Path, communes: pd.DataFrame, year: int) -> tuple[pd.Series, dict]:
    """Heat delivered by EPCI code, the latest data year a file of ``year`` or before
    gives, from one file; NaN for an EPCI without a row (no network in the file)."""
    files = load_heat_files(root, communes=communes)
    chosen = hm.chosen_files(files, year) if files else pd.DataFrame()
    if chosen.empty:
        return pd.Series(dtype=float), {}
    last = chosen.iloc[[-1]]
    rows = hm.chosen_rows(files, last)
    rows = rows[rows["filiere"] == hm.HEAT].merge(communes[["commune_code", "epci_short"]],
                                                 on="commune_code")
    sums = hm.summary(rows, ["epci_short"]).set_index("epci_short")
    year = int(last["year"].iloc[0])
    return sums["mwh"], {"district_heating_kwh_per_inhabitant": (
        str(last["source_id"].iloc[0]), str(year))}


def coverage_notes(row: pd.Series) -> dict[str, str]:
    """What an EPCI's row of the national table covers, by indicator, when some of its
    communes are not counted: absent from the census (``census_lower_bound``: its sums are
    lower bounds, its rates those of the communes present, and its population, the census's,
    a lower bound, so that its values per inhabitant are upper bounds), or secret in LOVAC
    (``private_vacancy_lower_bound``: the rates of the communes published)."""
    notes = {}
    if _flagged(row, "census_lower_bound"):
        notes |= {name: "taux des seules communes présentes au recensement"
                  for name in CENSUS_INDICATORS}
        notes["dwellings"] = "minorant : communes présentes au recensement"
        notes |= {i.name: "majorant : population des seules communes présentes au recensement"
                  for i in INDICATORS if "hab" in i.unit}
    if _flagged(row, "private_vacancy_lower_bound"):
        notes |= {name: "taux des seules communes que LOVAC publie"
                  for name in LOVAC_INDICATORS}
    return notes


def _flagged(row: pd.Series, column: str) -> bool:
    """A flag of the table: True, False, or missing (NaN, an EPCI without census row)."""
    value = row.get(column)
    return bool(pd.notna(value) and value)


def compute_national_table(epci_csv: Path, root: str, year: int
                           ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The table and its sources (see :func:`national_table`); ``epci_csv`` is the file
    whose bytes key the build's cache (:func:`analysis.inputs.official.shared.parsed_once`)."""
    root_path = Path(root)
    epci = load_table("reference/epci", root_path)
    communes = load_table("reference/communes", root_path)
    census = load_table("reference/census_2021_by_commune", root_path)
    table = epci.rename(columns={"short": "code"}).set_index("code")
    table = table.join(_census(communes, census))
    sources = {name: (CENSUS_SOURCE, str(CENSUS_YEAR)) for name in CENSUS_INDICATORS}
    lovac, found = _lovac(root_path, communes, year)
    table, sources = table.join(lovac), sources | found
    points, found = _charging(root_path, communes, year)
    if found:
        table["charging_points_per_10k"] = (points.reindex(table.index).fillna(0.0)
                                            * PER_POINTS / table["population"])
        sources |= found
    heat, found = _heat(root_path, communes, year)
    if found:
        table["district_heating_kwh_per_inhabitant"] = (
            1000 * heat.reindex(table.index) / table["population"])
        sources |= found
    table = table.reset_index()
    columns = IDENTITY + [i.name for i in INDICATORS if i.name in table] + [
        "census_lower_bound"] + (
        ["private_vacancy_lower_bound"] if "private_vacancy_lower_bound" in table else [])
    table = table[columns].sort_values("epci_siren").reset_index(drop=True)
    table = table.replace([np.inf, -np.inf], np.nan)
    described = pd.DataFrame([
        {"indicator": i.name, "label": i.label, "unit": i.unit, "decimals": i.decimals,
         "source_id": sources[i.name][0], "period": sources[i.name][1], "method": i.method}
        for i in INDICATORS if i.name in sources])
    return table, described


def national_table(year: int, data: str | Path | None = None
                   ) -> tuple[pd.DataFrame, pd.DataFrame]:
    """As a report of ``year`` may show it (no file or date after ``year``): one row per
    EPCI of ``reference/epci.csv`` (identity, population, one column per indicator of
    :data:`INDICATORS` the files give) and one row per indicator (label, unit, source,
    period, method). Computed once per build and year (the parsed files' cache)."""
    root = data_dir(data)
    return parsed_once(compute_national_table, root / "reference" / "epci.csv", str(root),
                       int(year))


def national_years(data: str | Path | None = None) -> list[int]:
    """The years a national table can be made for: from the census's (every row needs its
    population) to the latest year of a national file."""
    root = data_dir(data)
    # the files' years: read for the communes the sections read them for (kept for the build)
    communes = scope_communes(load_table("reference/communes", root), root)
    found = {CENSUS_YEAR}
    found |= {int(f.file_year) for f in lovac_files(root, load_table("sources", root),
                                                     communes)}
    found |= {int(f.vintage) for f in load_heat_files(root, communes=communes)}
    found |= set(load_irve_files(root, communes)) | set(
        load_derived_files(DERIVED_FOLDER, root, communes))
    return sorted(y for y in found if y >= CENSUS_YEAR)


def write_national_table(table: pd.DataFrame, described: pd.DataFrame, year: int,
                         output_dir: Path) -> list[Path]:
    """``<output_dir>/national/epci_<year>.csv`` and ``.parquet`` (``table``, one row per
    EPCI) and ``sources_<year>.csv`` (``described``: one row per indicator, its label, unit,
    source, period, method), written atomically; returns the paths."""
    from analysis.core.paths import write_atomic

    folder = Path(output_dir) / "national"
    folder.mkdir(parents=True, exist_ok=True)
    csv_path, parquet_path = folder / f"epci_{year}.csv", folder / f"epci_{year}.parquet"
    sources_path = folder / f"sources_{year}.csv"
    write_atomic(csv_path, table.to_csv(index=False, lineterminator="\n"))
    write_atomic(sources_path, described.to_csv(index=False, lineterminator="\n"))
    write_atomic(parquet_path, _parquet_bytes(table))
    return [csv_path, parquet_path, sources_path]


def _parquet_bytes(table: pd.DataFrame) -> bytes:
    """The table as Parquet bytes, the same bytes for the same table (no pandas metadata
    with a creation tool version that could change, one row group)."""
    import io

    import pyarrow as pa
    import pyarrow.parquet as pq

    buffer = io.BytesIO()
    pq.write_table(pa.Table.from_pandas(table, preserve_index=False).replace_schema_metadata(),
                   buffer, compression="zstd")
    return buffer.getvalue()
