"""LOVAC (private vacant dwellings by commune, CEREMA / DGALN): the file as published, one
row per commune and per 1 January year. Communes under statistical secrecy are absent or
empty: territory totals are then lower bounds, and :func:`lovac_by_territory` says so."""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.official.reading import (
    commune_codes,
    numbers,
    read_official_csv,
    refuse_first_bad,
    require_columns,
)

# --- LOVAC ---------------------------------------------------------------------------------

LOVAC_REQUIRED = ["INSEE_COM", "NOM_COM", "CODE_EPCI", "NOM_EPCI"]
_LOVAC_STOCK = re.compile(r"^Nb_log_pp_(\d{4})$")
_LOVAC_VACANT = re.compile(r"^Nb_logvac_pp_0101(\d{2})$")
LOVAC_COLUMNS = ["commune_code", "commune_name", "vintage", "stock_year", "private_dwellings",
                 "vacant_private", "vacant_under_2y", "vacant_2y_plus", "vacancy_rate_pct",
                 "published_rate_pct", "secret", "source_id"]


def lovac_vintages(columns: list[str]) -> dict[int, dict[str, str]]:
    """For each 1 January year ``20YY`` in the header, the columns that describe it.

    The stock paired with the vacancy at 1 January 20YY is ``Nb_log_pp_20YY`` if the file
    has it, else the closest stock year (the one used is returned as ``stock``).
    """
    stocks = {int(m.group(1)): c for c in columns if (m := _LOVAC_STOCK.match(c))}
    vintages = {}
    for column in columns:
        m = _LOVAC_VACANT.match(column)
        if not m:
            continue
        year = 2000 + int(m.group(1))
        yy = m.group(1)
        found = {"vacant": column}
        for key, name in (("vacant_under_2y", f"Nb_logvac_pp_C_0101{yy}"),
                          ("vacant_2y_plus", f"Nb_logvac_2A_0101{yy}"),
                          ("rate", f"Prop_logvac_pp_0101{yy}")):
            if name in columns:
                found[key] = name
        if stocks:
            found["stock"] = stocks[min(stocks, key=lambda s: (abs(s - year), s))]
        vintages[year] = found
    return vintages


def load_lovac(path: str | Path, communes: pd.DataFrame, source_id: str) -> pd.DataFrame:
    """LOVAC by commune → one row per commune of the territories and per 1 January year.

    ``vacancy_rate_pct`` is recomputed (vacant / private stock); ``published_rate_pct`` is the
    file's ``Prop_logvac_pp`` for comparison. Communes of the territories that the file
    leaves out or empties (statistical secrecy) get a row with ``secret`` = True and NaN.

    Raises
    ------
    DataValidationError
        If a required column is missing, no ``Nb_logvac_pp_0101YY`` column is found, or a
        value is neither a number nor a secrecy marker.
    """
    path = Path(path)
    df = read_official_csv(path)
    require_columns(df, LOVAC_REQUIRED, path, "LOVAC")
    vintages = lovac_vintages(list(df.columns))
    if not vintages:
        raise DataValidationError(
            f"{path}: aucune colonne « Nb_logvac_pp_0101AA » : ce n'est pas un fichier LOVAC "
            f"par commune au format attendu"
        )
    df = df.assign(INSEE_COM=commune_codes(df["INSEE_COM"]))
    refuse_first_bad(df, "INSEE_COM", df["INSEE_COM"].duplicated(), path, "unique")
    ours = communes[["commune_code", "commune_name"]]
    df = df[df["INSEE_COM"].isin(set(ours["commune_code"]))]
    frames = []
    for year, cols in sorted(vintages.items()):
        values = {key: numbers(df, column, path) for key, column in cols.items()}
        part = pd.DataFrame({
            "commune_code": df["INSEE_COM"].to_numpy(),
            "vintage": year,
            "stock_year": int(cols["stock"][-4:]) if "stock" in cols else np.nan,
            "private_dwellings": values.get("stock", pd.Series(np.nan, df.index)).to_numpy(),
            "vacant_private": values["vacant"].to_numpy(),
            "vacant_under_2y": values.get("vacant_under_2y",
                                          pd.Series(np.nan, df.index)).to_numpy(),
            "vacant_2y_plus": values.get("vacant_2y_plus",
                                         pd.Series(np.nan, df.index)).to_numpy(),
            "published_rate_pct": values.get("rate", pd.Series(np.nan, df.index)).to_numpy(),
        })
        part = ours.merge(part.drop(columns="vintage"), on="commune_code", how="left")
        part["vintage"] = year
        frames.append(part)
    out = pd.concat(frames, ignore_index=True)
    out["vacancy_rate_pct"] = 100 * out["vacant_private"] / out["private_dwellings"]
    out["secret"] = out["vacant_private"].isna()
    out["source_id"] = source_id
    return out[LOVAC_COLUMNS]


def lovac_by_territory(df_lovac: pd.DataFrame, communes: pd.DataFrame) -> pd.DataFrame:
    """Sum LOVAC communes to territories; ``lower_bound`` is True where a commune is secret.

    The rate is computed on the communes with both values, so it is not a bound but a rate
    over a stated part of the territory (``communes_counted`` of ``communes``).
    """
    merged = df_lovac.merge(communes[["commune_code", "epci_short"]], on="commune_code")
    counted = merged[~merged["secret"] & merged["private_dwellings"].notna()]
    rows = []
    for (territory, vintage), group in merged.groupby(["epci_short", "vintage"]):
        ok = counted[(counted["epci_short"] == territory) & (counted["vintage"] == vintage)]
        vacant = group["vacant_private"].sum(min_count=1)
        rows.append({
            "territory": territory,
            "vintage": int(vintage),
            "communes": len(group),
            "communes_secret": int(group["secret"].sum()),
            "private_dwellings": group["private_dwellings"].sum(min_count=1),
            "vacant_private": vacant,
            "vacant_2y_plus": group["vacant_2y_plus"].sum(min_count=1),
            "vacancy_rate_pct": 100 * ok["vacant_private"].sum() / ok["private_dwellings"].sum()
            if not ok.empty else np.nan,
            "lower_bound": bool(group["secret"].any()),
            "source_id": group["source_id"].iloc[0],
        })
    return pd.DataFrame(rows)
