"""District heating: pure formulas over the rows of the SDES heat and cold network files.

Rows are those of :func:`analysis.inputs.official.district_heating.load_district_heating`
(one per operator, IRIS, filière and sector), with the ``source_id`` of their file. Nothing
here reads a file or records a figure; :mod:`.heat` calls these functions.

Rules:

- a data year is taken from **one** file: the latest published of the files a page may use
  (:func:`chosen_files`); two vintages of a year are never added;
- a network is its ``ID`` when the file has one, else its operator name; an operator name
  without ``ID`` (the 2020-10 file) takes the ``ID`` that name has in the other files when it
  has exactly one there (:func:`network_keys`);
- a network's name is the latest one written without « ? » for an accent (the 2022-09 file
  replaced accents by « ? ») (:func:`network_names`);
- a sum that met a ``secret``, ``nd`` or empty cell is a lower bound: the counts travel with
  it; so is a year whose file has no row for a commune that has rows another year (the
  commune is « absent from the file », told apart from a secret cell).
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd

from analysis.inputs.official.district_heating import UNREADABLE, HeatFile

HEAT = "heat"  # the filière summed (C); cold (F) and unknown filières are counted apart
SUMMARY_COLUMNS = ["mwh", "points", "secret", "nd", "empty", "rows", "communes"]


def chosen_files(files: list[HeatFile], year: int) -> pd.DataFrame:
    """For each data year up to ``year``, the file it is taken from: among the files whose
    latest year is not after ``year`` (a newer file never changes an older page), the last
    of ``files`` (in publication order) that holds it; ``also_in``: the other files that hold
    it (``year``, ``source_id``, ``also_in``)."""
    usable = [f for f in files if f.vintage <= year]
    found = []
    for data_year in sorted({y for f in usable for y in f.years if y <= year}):
        holding = [f.source_id for f in usable if data_year in f.years]
        found.append({"year": data_year, "source_id": holding[-1],
                      "also_in": tuple(holding[:-1])})
    return pd.DataFrame(found, columns=["year", "source_id", "also_in"])


def chosen_rows(files: list[HeatFile], chosen: pd.DataFrame) -> pd.DataFrame:
    """The rows of each chosen year from its file only, with their ``source_id``."""
    by_id = {f.source_id: f for f in files}
    parts = [by_id[r.source_id].rows.pipe(lambda d, y=r.year: d[d["year"] == y])
             .assign(source_id=r.source_id) for r in chosen.itertuples()]
    columns = [*next(iter(by_id.values())).rows.columns, "source_id"] if by_id else []
    return pd.concat(parts, ignore_index=True) if parts else pd.DataFrame(columns=columns)


def missing_years(files: list[HeatFile], chosen: pd.DataFrame) -> list[int]:
    """Years between the first and the last chosen year that no file holds (2019)."""
    if chosen.empty:
        return []
    held = set(chosen["year"])
    return [y for y in range(min(held), max(held) + 1) if y not in held]


def network_keys(rows: pd.DataFrame) -> pd.Series:
    """The network of each row: its ``ID``; without one, the ``ID`` its operator name has in
    the rows that have one (when that name has exactly one), else the name itself."""
    with_id = rows[rows["network_id"] != ""]
    ids = with_id.groupby("operator")["network_id"].unique()
    single = {name: found[0] for name, found in ids.items() if len(found) == 1}
    by_name = rows["operator"].map(lambda name: single.get(name, name))
    return rows["network_id"].where(rows["network_id"] != "", by_name)


def network_names(rows: pd.DataFrame, keys: pd.Series, order: list[str]) -> dict[str, str]:
    """Each network's name: the name of its latest file (``order``: source ids in publication
    order) written without « ? » for an accent, else its latest name as printed."""
    rank = rows["source_id"].map({s: i for i, s in enumerate(order)})
    names = {}
    for key, group in rows.assign(key=keys, rank=rank).groupby("key"):
        group = group.sort_values("rank", ascending=False, kind="stable")
        readable = group[~group["operator"].str.contains(UNREADABLE)]
        names[key] = (readable if not readable.empty else group)["operator"].iloc[0]
    return names


def breakdown_of(key: str) -> str:
    """The breakdown code of a network in the figures (``network_6204c``)."""
    return "network_" + re.sub(r"[^a-z0-9]+", "_", key.lower()).strip("_")


def of_territory(rows: pd.DataFrame, communes: pd.DataFrame, territory: str) -> pd.DataFrame:
    """The rows of a territory's communes (today's perimeter)."""
    codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
    return rows[rows["commune_code"].isin(codes)]


def summary(rows: pd.DataFrame, by: list[str]) -> pd.DataFrame:
    """MWh and delivery points summed by ``by`` (NaN when no value is known), with the
    cells that make the sum a lower bound: ``secret``, ``nd``, ``empty`` (a consumption cell
    ``secret`` / ``nd`` / empty, or a delivery-point cell empty beside a known consumption)."""
    counted = rows.assign(
        secret=rows["mwh_mark"].eq("secret"), nd=rows["mwh_mark"].eq("nd"),
        empty=rows["mwh_mark"].eq("vide") | rows["points_mark"].eq("vide"))
    if counted.empty:
        return pd.DataFrame(columns=[*by, *SUMMARY_COLUMNS])
    return counted.groupby(by, as_index=False).agg(
        mwh=("mwh", lambda s: s.sum(min_count=1)), points=("points", lambda s: s.sum(min_count=1)),
        secret=("secret", "sum"), nd=("nd", "sum"), empty=("empty", "sum"),
        rows=("mwh", "size"), communes=("commune_code", lambda s: tuple(sorted(set(s)))))


def per_inhabitant_kwh(mwh: float, population: int) -> float:
    return 1000 * mwh / population


def prorated(rows: pd.DataFrame, rtol: float = 1e-6) -> pd.DataFrame:
    """Network-years whose consumption is spread over IRIS in proportion to delivery points
    (the same MWh per point in every IRIS, at least two IRIS): a share of the network's
    total, not a measure by IRIS (``year``, ``network``, ``mwh_per_point``)."""
    known = rows[rows["mwh"].notna() & (rows["points"] > 0)]
    found = []
    for (year, network), group in known.groupby(["year", "network"]):
        ratio = (group["mwh"] / group["points"]).to_numpy()
        if len(group) >= 2 and np.allclose(ratio, ratio[0], rtol=rtol, atol=0):
            found.append({"year": int(year), "network": network,
                          "mwh_per_point": float(ratio[0])})
    return pd.DataFrame(found, columns=["year", "network", "mwh_per_point"])


def absent_from_file(present: pd.DataFrame, column: str, years: list[int]) -> pd.DataFrame:
    """For each year of ``years`` (the chosen years), the values of ``column`` (communes of
    the territory) that have rows another chosen year and none in that year's file
    (``year``, ``column``, ``seen``: the years with rows)."""
    seen = present.groupby(column)["year"].agg(lambda s: tuple(sorted(set(s))))
    found = [{"year": year, column: value, "seen": held}
             for year in years for value, held in seen.items() if year not in held]
    return pd.DataFrame(found, columns=["year", column, "seen"])
