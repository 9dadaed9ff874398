"""INSEE Filosofi by commune (``cc_filosofi_AAAA_COM.csv``): fiscal households, median
disposable income per consumption unit and poverty rate, as published (``;``, decimal
comma, the literal ``s`` for a value under statistical secrecy). The year is read from the
header (``MED21`` → 2021). Only commune values exist: an EPCI's median is not the median,
the mean or any weighting of its communes' medians, and is never computed from them."""

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
    read_official_csv,
    refuse_first_bad,
    require_columns,
)

_MEDIAN = re.compile(r"^MED(\d{2})$")
# INSEE field prefix (+ the year's two digits) -> column of FilosofiFile.communes
FILOSOFI_FIELDS = {"NBMENFISC": "households", "NBPERSMENFISC": "persons",
                   "MED": "median_income_eur", "TP60": "poverty_rate_pct"}
FILOSOFI_COLUMNS = ["commune_code", "commune_name", "households", "persons",
                    "median_income_eur", "poverty_rate_pct", "median_status", "poverty_status",
                    "source_id"]


@dataclass(frozen=True)
class FilosofiFile:
    """The year of a Filosofi file and its values for the communes of the perimeter
    (``*_status``: known, secret — « s » in the file — or absent from the file)."""

    year: int
    communes: pd.DataFrame  # FILOSOFI_COLUMNS


def filosofi_year(columns: list[str], path: Path) -> int:
    """The income year from the ``MEDaa`` column (``MED21`` → 2021).

    Raises
    ------
    DataValidationError
        If there is no such column, or several.
    """
    found = [m.group(1) for c in columns if (m := _MEDIAN.match(c))]
    if len(found) != 1:
        raise DataValidationError(
            f"{path}: colonne « MEDaa » introuvable (ou en double) : ce n'est pas un fichier "
            f"Filosofi par commune de l'INSEE au format attendu")
    return 2000 + int(found[0])


def load_filosofi(path: str | Path, communes: pd.DataFrame, source_id: str) -> FilosofiFile:
    """Filosofi by commune → one row per commune of ``communes``.

    Raises
    ------
    DataValidationError
        For a missing column, a duplicated commune code, or a value that is neither a
        number nor a secrecy marker (the file's row and column named).
    """
    path = Path(path)
    df = read_official_csv(path)
    require_columns(df, ["CODGEO"], path, "Filosofi")
    yy = f"{filosofi_year(list(df.columns), path) % 100:02d}"
    fields = {f"{prefix}{yy}": name for prefix, name in FILOSOFI_FIELDS.items()}
    require_columns(df, list(fields), path, "Filosofi")
    df = df.assign(CODGEO=commune_codes(df["CODGEO"]))
    refuse_first_bad(df, "CODGEO", df["CODGEO"].duplicated(), path, "unique")
    ours = df[df["CODGEO"].isin(set(communes["commune_code"]))]
    values = pd.DataFrame({name: file_numbers(ours, field, path)
                           for field, name in fields.items()})
    values["commune_code"] = ours["CODGEO"]
    out = communes[["commune_code", "commune_name"]].merge(values, on="commune_code",
                                                            how="left", indicator=True)
    listed = out["_merge"] == "both"
    for column, status in (("median_income_eur", "median_status"),
                           ("poverty_rate_pct", "poverty_status")):
        out[status] = np.where(~listed, ABSENT, np.where(out[column].isna(), SECRET, KNOWN))
    out["source_id"] = source_id
    return FilosofiFile(2000 + int(yy), out[FILOSOFI_COLUMNS])
