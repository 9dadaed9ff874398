"""LOVAC (private vacant dwellings by commune, DGALN / CEREMA): the file as published, read
whole (``.xlsx``, sheet « Données », or a ``.csv`` of the same columns), one row per commune
of the territories and per 1 January date.

**Which private stock goes with which date.** The sheet « Description des données » of the
files published in 2020 and 2021 says it: the vacancy at 01/01/20AA (``Nb_logvac_pp_0101AA``)
comes from the LOVAC vintage 20AA+1 (the 1767BISCOM crossed with the Fichiers fonciers of
20AA+1), and its rate ``Prop_logvac_pp_0101AA`` is that count over ``Nb_log_pp_20AA+1``
(« Nombre de logements du parc privé en 20AA+1 », Fichiers fonciers 20AA+1): the vacancy at
01/01/2021 goes with the stock of 2022, never with ``Nb_log_pp_2021``. The loader pairs them
so, and checks the pairing against the file's own rate on every commune of the territories
(a file that pairs otherwise is refused, naming the row).

**Secret, absent.** A commune the file lists with empty cells is under statistical secrecy
(``secret``); a commune of the territories that the file does not list is ``absent``; the
file's rows under one of the territories' EPCI codes whose commune is not in the perimeter
(a merged commune, another geography) are kept aside (:attr:`LovacFile.outside`). Sums over
the communes are then lower bounds, and :func:`lovac_by_territory` says how many communes
each counts.

**Vintages.** Each file holds several dates, and two files overlap (the 2021 file repeats
2019 and 2020): :func:`rows_for_report` takes each date once, from the latest file not after
the report's year (see its docstring).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.official.reading import (
    ABSENT,
    KNOWN,
    SECRET,
    commune_codes,
    file_numbers,
    file_type,
    read_official_csv,
    read_official_xlsx,
    refuse_at_row,
    refuse_first_bad,
    require_columns,
)
from analysis.inputs.official.shared import parsed_once

LOVAC_REQUIRED = ["INSEE_COM", "NOM_COM", "CODE_EPCI", "NOM_EPCI"]
DATA_SHEET = "Données"  # the sheet of the published .xlsx with one row per commune
_VACANT = re.compile(r"^Nb_logvac_pp_0101(\d{2})$")
LOVAC_COLUMNS = ["commune_code", "commune_name", "year", "stock_year", "private_dwellings",
                 "vacant_private", "vacant_under_2y", "vacant_2y_plus", "vacancy_rate_pct",
                 "published_rate_pct", "rate_inconsistent", "status", "file_year", "source_id"]
# the rows of a date whose printed rate their count and stock do not give, beyond which the
# columns are taken as mispaired (a layout the loader does not know) and the file refused:
# more than 5 communes and more than 1 % of those read; under it, the communes are kept and
# listed (the national files of 2020 and 2021 have 1 to 4 such communes in 16,000: the
# producer's rows, not a layout change)
MAX_INCONSISTENT_RATE_SHARE = 0.01
MAX_INCONSISTENT_RATE_ROWS = 5


@dataclass(frozen=True)
class LovacFile:
    """One LOVAC file: the year of its latest date, its rows for the perimeter, and its rows
    under the territories' EPCI whose commune the perimeter does not have."""

    file_year: int
    rows: pd.DataFrame  # LOVAC_COLUMNS, one row per commune of the perimeter and per date
    outside: pd.DataFrame  # commune_code, commune_name, epci_siren


# --- reading the file as published ---------------------------------------------------------


def read_lovac(path: str | Path) -> pd.DataFrame:
    """The file's rows as text: the sheet « Données » of an ``.xlsx``, or a ``.csv``."""
    path = Path(path)
    if file_type(path.name) == ".xlsx":
        return read_official_xlsx(path, DATA_SHEET)
    return read_official_csv(path)


def lovac_dates(columns: list[str], path: Path) -> dict[int, dict[str, str]]:
    """For each 1 January 20AA of the header, its columns: ``vacant`` and, when the file has
    them, ``vacant_under_2y``, ``vacant_2y_plus``, ``rate``; ``stock`` is
    ``Nb_log_pp_20AA+1``, the private stock the file states that vacancy over (see the
    module's docstring).

    Raises
    ------
    DataValidationError
        If no vacancy column is found, or the stock of a date is missing.
    """
    dates = {}
    for column in columns:
        if not (m := _VACANT.match(column)):
            continue
        year, yy = 2000 + int(m.group(1)), m.group(1)
        stock = f"Nb_log_pp_{year + 1}"
        if stock not in columns:
            raise DataValidationError(
                f"{path}: colonne « {stock} » absente : la vacance au 01/01/{year} se "
                f"rapporte au parc privé de l'année suivante (feuille « Description des "
                f"données » des fichiers LOVAC)")
        found = {"vacant": column, "stock": stock}
        for key, name in (("vacant_under_2y", f"Nb_logvac_pp_C_0101{yy}"),
                          ("vacant_2y_plus", f"Nb_logvac_2A_0101{yy}"),
                          ("rate", f"Prop_logvac_pp_0101{yy}")):
            if name in columns:
                found[key] = name
        dates[year] = found
    if not dates:
        raise DataValidationError(
            f"{path}: aucune colonne « Nb_logvac_pp_0101AA » : ce n'est pas un fichier LOVAC "
            f"par commune au format attendu")
    return dates


def _check_rate(part: pd.DataFrame, raw: pd.DataFrame, cols: dict[str, str], path: Path
                ) -> pd.Series:
    """Where the file's rate is not its count over the stock paired with it, to the rate's
    own rounding (decimals as written; at least 1e-6 for full-precision spreadsheet cells).
    A few such communes are kept (counted from their count and stock, their printed rate
    set aside) and returned; more (:data:`MAX_INCONSISTENT_RATE_ROWS` and
    :data:`MAX_INCONSISTENT_RATE_SHARE` of the rows with a rate) means mispaired columns:
    the file is refused at the first of them."""
    if "rate" not in cols:
        return pd.Series(False, index=part.index)
    text = raw[cols["rate"]].fillna("").astype(str).str.replace(",", ".", regex=False)
    decimals = text.str.partition(".")[2].str.len()
    allowed = np.maximum(0.5 * 10.0 ** (-decimals.to_numpy(dtype=float)), 1e-6)
    computed = 100 * part["vacant_private"] / part["private_dwellings"]
    gap = (computed - part["published_rate_pct"]).abs().to_numpy()
    bad = pd.Series(np.nan_to_num(gap, nan=0.0) > allowed, index=part.index)
    checked = int(part["published_rate_pct"].notna().sum())
    if bad.sum() > max(MAX_INCONSISTENT_RATE_ROWS, MAX_INCONSISTENT_RATE_SHARE * checked):
        rule = (f"taux du fichier = {cols['vacant']} / {cols['stock']} × 100 (parc privé de "
                f"l'année suivant la date), sauf pour {MAX_INCONSISTENT_RATE_ROWS} communes "
                f"ou 1 % des communes au plus")
        refuse_at_row(raw[cols["rate"]], bad, path, cols["rate"], rule)
    return bad


def load_lovac(path: str | Path, communes: pd.DataFrame, source_id: str) -> LovacFile:
    """LOVAC by commune → one row per commune of ``communes`` and per 1 January date.

    ``vacancy_rate_pct`` is recomputed (vacant / paired private stock); ``published_rate_pct``
    is the file's ``Prop_logvac_pp_0101AA``, checked against it. ``status``: ``known``,
    ``secret`` (listed, vacancy empty) or ``absent`` (not listed).

    Raises
    ------
    DataValidationError
        For a missing column, no vacancy column, a duplicated or malformed commune code, a
        cell that is not a number (secrecy markers aside) or is negative, or a rate of the
        file that its count and paired stock do not give.
    """
    path = Path(path)
    df = parsed_once(read_lovac, path)  # the sheet read once per build, whatever the communes
    require_columns(df, LOVAC_REQUIRED, path, "LOVAC")
    dates = lovac_dates(list(df.columns), path)
    df = df.assign(INSEE_COM=commune_codes(df["INSEE_COM"]))
    refuse_first_bad(df, "INSEE_COM", ~df["INSEE_COM"].str.fullmatch(r"\d[\dAB]\d{3}"),
                     path, "code commune INSEE à 5 caractères")
    refuse_first_bad(df, "INSEE_COM", df["INSEE_COM"].duplicated(), path, "unique")
    perimeter = communes[["commune_code", "commune_name"]]
    ours = df[df["INSEE_COM"].isin(set(perimeter["commune_code"]))]
    frames = []
    for year, cols in sorted(dates.items()):
        values = {key: file_numbers(ours, column, path) for key, column in cols.items()}
        part = pd.DataFrame({
            "commune_code": ours["INSEE_COM"],
            "private_dwellings": values["stock"],
            "vacant_private": values["vacant"],
            "vacant_under_2y": values.get("vacant_under_2y", np.nan),
            "vacant_2y_plus": values.get("vacant_2y_plus", np.nan),
            "published_rate_pct": values.get("rate", np.nan),
        }, index=ours.index)
        part["rate_inconsistent"] = _check_rate(part, ours, cols, path)
        part = perimeter.merge(part, on="commune_code", how="left", indicator=True)
        part["rate_inconsistent"] = part["rate_inconsistent"].fillna(False).astype(bool)
        part["status"] = np.where(part["_merge"] == "left_only", ABSENT,
                                  np.where(part["vacant_private"].isna(), SECRET, KNOWN))
        frames.append(part.drop(columns="_merge").assign(year=year, stock_year=year + 1))
    rows = pd.concat(frames, ignore_index=True)
    rows["vacancy_rate_pct"] = 100 * rows["vacant_private"] / rows["private_dwellings"]
    rows["file_year"] = max(dates)
    rows["source_id"] = source_id
    return LovacFile(max(dates), rows[LOVAC_COLUMNS], _outside(df, communes))


def _outside(df: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Rows filed under one of the territories' EPCI codes whose commune is not in the
    perimeter (never joined on the EPCI: the file's EPCI is that of its own geography)."""
    if "epci_siren" not in communes:
        return pd.DataFrame(columns=["commune_code", "commune_name", "epci_siren"])
    codes = df["CODE_EPCI"].astype(str).str.strip()
    rows = df[codes.isin(set(communes["epci_siren"]))
              & ~df["INSEE_COM"].isin(set(communes["commune_code"]))]
    return pd.DataFrame({"commune_code": rows["INSEE_COM"].to_numpy(),
                         "commune_name": rows["NOM_COM"].to_numpy(),
                         "epci_siren": codes[rows.index].to_numpy()})


# --- which rows a report shows, and their sums ----------------------------------------------


def combine_files(files: list[LovacFile]) -> tuple[pd.DataFrame, pd.DataFrame]:
    """The rows and outside rows of several files, stacked (each row keeps its file's year
    and source id).

    Raises
    ------
    DataValidationError
        If two files end at the same date (the same file twice, or a corrected edition next
        to the first one: a date would be counted from both).
    """
    years = [f.file_year for f in files]
    twice = sorted({y for y in years if years.count(y) > 1})
    if twice:
        ids = [str(f.rows["source_id"].iloc[0]) for f in files if f.file_year == twice[0]]
        raise DataValidationError(
            f"deux fichiers LOVAC s'arrêtent au 01/01/{twice[0]} ({', '.join(ids)}) : une "
            f"même date serait comptée deux fois ; n'en garder qu'un dans data/housing/lovac/")
    if not files:
        return (pd.DataFrame(columns=LOVAC_COLUMNS),
                pd.DataFrame(columns=["commune_code", "commune_name", "epci_siren",
                                      "file_year"]))
    rows = pd.concat([f.rows for f in files], ignore_index=True)
    outside = pd.concat([f.outside.assign(file_year=f.file_year) for f in files],
                        ignore_index=True)
    return rows, outside


def rows_for_report(df_lovac: pd.DataFrame, year: int) -> pd.DataFrame:
    """The rows a report of ``year`` shows: each 1 January date not after ``year``, from one
    file only. The file is the latest one that ends (:attr:`LovacFile.file_year`) no later
    than ``year``; a date that only later files hold (the 01/01/2019 of a 2019 report: the
    first file to publish it ends in 2020) comes from the earliest of them, which a newer
    file never replaces. So a figure present in two files is counted once, and a file
    dropped next year adds its date without changing the reports of earlier years."""
    df = df_lovac[df_lovac["year"] <= year]
    chosen = []
    for _date, group in df.groupby("year", sort=True):
        files = sorted(set(group["file_year"]))
        before = [f for f in files if f <= year]
        chosen.append(group[group["file_year"] == (max(before) if before else min(files))])
    return (pd.concat(chosen, ignore_index=True) if chosen
            else df_lovac.iloc[:0].reset_index(drop=True))


def lovac_by_territory(df_lovac: pd.DataFrame, communes: pd.DataFrame,
                       population: pd.Series | None = None) -> pd.DataFrame:
    """Sums of the known communes by territory, date and file, with the number of communes
    counted, secret and absent (and, with ``population`` by commune code, the inhabitants
    of the counted communes and of all). Sums are lower bounds when a commune is not
    counted (``lower_bound``); the rates are computed on the counted communes only, so they
    are rates over a stated part of the territory, not bounds. A commune whose vacancy is
    published but not its duration (``s`` in ``Nb_logvac_2A``) is left out of the long-term
    count and share (``communes_2y_known``). Grouped sums in one pass (the national table
    asks it for every EPCI of France)."""
    merged = df_lovac.merge(communes[["commune_code", "epci_short"]], on="commune_code")
    if merged.empty:
        return pd.DataFrame()
    keys = ["epci_short", "year", "file_year"]
    known = merged["status"] == KNOWN
    with_stock = known & merged["private_dwellings"].notna()
    with_2y = known & merged["vacant_2y_plus"].notna()  # a duration may be secret alone
    parts = pd.DataFrame({
        "known": known, "with_stock": with_stock, "with_2y": with_2y,
        "secret": merged["status"] == SECRET, "absent": merged["status"] == ABSENT,
        # printed rate set aside (its count and stock are used): see _check_rate
        "rate_inconsistent": known & merged["rate_inconsistent"].astype(bool),
        "stock": merged["private_dwellings"].where(with_stock),
        "vacant_known": merged["vacant_private"].where(known),
        "vacant_with_stock": merged["vacant_private"].where(with_stock),
        "vacant_2y": merged["vacant_2y_plus"].where(with_2y),
        "vacant_with_2y": merged["vacant_private"].where(with_2y),
    })
    if population is not None:
        inhabitants = merged["commune_code"].map(population)
        parts["inhabitants"] = inhabitants
        parts["inhabitants_counted"] = inhabitants.where(known)
    grouped = parts.groupby([merged[k] for k in keys], sort=True)
    sums = grouped.sum()
    firsts = merged.groupby(keys, sort=True)[["stock_year", "source_id"]].first()
    sizes = grouped.size()
    out = pd.DataFrame({
        "territory": sums.index.get_level_values("epci_short"),
        "year": sums.index.get_level_values("year").astype(int),
        "file_year": sums.index.get_level_values("file_year").astype(int),
        "stock_year": firsts["stock_year"].astype(int).to_numpy(),
        "communes": sizes.to_numpy(), "communes_known": sums["known"].to_numpy(),
        "communes_secret": sums["secret"].to_numpy(),
        "communes_absent": sums["absent"].to_numpy(),
        "communes_2y_known": sums["with_2y"].to_numpy(),
        "communes_rate_inconsistent": sums["rate_inconsistent"].to_numpy(),
        "private_dwellings": sums["stock"].to_numpy(),
        "vacant_private": sums["vacant_known"].to_numpy(),
        "vacant_2y_plus": sums["vacant_2y"].where(sums["with_2y"] > 0).to_numpy(),
        "vacancy_rate_pct": _rates(sums["vacant_with_stock"], sums["stock"]),
        "vacancy_2y_plus_share_pct": _rates(sums["vacant_2y"], sums["vacant_with_2y"]),
        "lower_bound": (sums["known"] < sizes).to_numpy(),
        "source_id": firsts["source_id"].to_numpy(),
    })
    if population is not None:
        out["inhabitants_counted"] = sums["inhabitants_counted"].astype(int).to_numpy()
        out["inhabitants"] = sums["inhabitants"].astype(int).to_numpy()
    return out


def _rates(part: pd.Series, whole: pd.Series) -> np.ndarray:
    """100 × part / whole, NaN where the whole is 0 (no commune counted)."""
    return np.where(whole != 0, 100 * part / whole.where(whole != 0), np.nan)


LOVAC_FOLDER = Path("housing") / "lovac"  # where an analyst drops the files (section.toml)
LOVAC_TITLE = "LOVAC, logements vacants du parc privé par commune"


def lovac_files(root: Path, sources: pd.DataFrame, communes: pd.DataFrame,
                suffixes: tuple[str, ...] = (".xlsx", ".csv")) -> list[LovacFile]:
    """Each LOVAC file of ``data/housing/lovac/``, declared in ``sources.csv`` with its
    checksum, read for ``communes`` once per build (the housing section reads them for its
    agglomerations, the national table for every commune of France)."""
    from analysis.inputs.official.reading import check_declared, official_files

    return [parsed_once(load_lovac, path, communes, check_declared(
        path, sources, LOVAC_TITLE, "DGALN / CEREMA", "Licence Ouverte 2.0", root))
        for path in official_files(Path(root) / LOVAC_FOLDER, suffixes)]
