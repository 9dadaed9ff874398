"""INSEE ``base-ic-logement`` (census dwellings by IRIS), summed to communes. The column
prefix (``P21_``) changes with the vintage and is read from the header."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.official.reading import (
    commune_codes,
    numbers,
    read_official_csv,
    require_columns,
)

# --- INSEE base-ic-logement ----------------------------------------------------------------

CENSUS_FIELDS = {  # INSEE field suffix -> indicator of data/reference/census_*_by_commune.csv
    "LOG": "dwellings",
    "RP": "main_residences",
    "RSECOCC": "secondary_residences",
    "LOGVAC": "vacant_dwellings",
    "MAISON": "houses",
    "APPART": "flats",
}
_CENSUS_PREFIX = re.compile(r"^P(\d{2})_LOG$")


@dataclass(frozen=True)
class CensusFile:
    """A census dwellings file summed to communes: its vintage and a long table."""

    vintage: int
    df_by_commune: pd.DataFrame  # commune_code, indicator, value, source_id


def census_vintage(columns: list[str], path: Path) -> int:
    """Census year from the ``Pyy_LOG`` column (``P21_LOG`` → 2021)."""
    found = [m.group(1) for c in columns if (m := _CENSUS_PREFIX.match(c))]
    if len(found) != 1:
        raise DataValidationError(
            f"{path}: colonne « Paa_LOG » introuvable (ou en double) : ce n'est pas un fichier "
            f"base-ic-logement de l'INSEE au format attendu"
        )
    return 2000 + int(found[0])


def load_census_logement(path: str | Path, communes: pd.DataFrame, source_id: str
                         ) -> CensusFile:
    """INSEE ``base-ic-logement-AAAA`` by IRIS → sums by commune of the territories.

    IRIS values are weighted estimates (decimals); sums are kept unrounded and rounded only
    when shown. Every commune of the territories must be in the file.

    Raises
    ------
    DataValidationError
        For a missing column, a non-numeric value, or a commune of the territories absent.
    """
    path = Path(path)
    df = read_official_csv(path)
    require_columns(df, ["IRIS", "COM"], path, "base-ic-logement")
    vintage = census_vintage(list(df.columns), path)
    yy = f"{vintage % 100:02d}"
    fields = {f"P{yy}_{suffix}": indicator for suffix, indicator in CENSUS_FIELDS.items()}
    require_columns(df, list(fields), path, "base-ic-logement")
    df = df.assign(COM=commune_codes(df["COM"]))
    wanted = set(communes["commune_code"])
    df = df[df["COM"].isin(wanted)]
    missing = sorted(wanted - set(df["COM"]))
    if missing:
        raise DataValidationError(
            f"{path}: {len(missing)} commune(s) des territoires absente(s) du fichier "
            f"(par exemple {', '.join(missing[:5])}) : fichier incomplet ou d'une autre "
            f"géographie"
        )
    values = pd.DataFrame({indicator: numbers(df, field, path)
                           for field, indicator in fields.items()})
    values["commune_code"] = df["COM"].to_numpy()
    summed = values.groupby("commune_code").sum(min_count=1)
    long = summed.reset_index().melt(id_vars="commune_code", var_name="indicator",
                                     value_name="value")
    long["source_id"] = source_id
    long = long.sort_values(["commune_code", "indicator"]).reset_index(drop=True)
    return CensusFile(vintage, long)
