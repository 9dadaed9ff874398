"""The rent map (« Carte des loyers », DHUP / ANIL): advertised rents per m² predicted for
each commune, one file for flats and one for houses, as published (``;``, Latin-1, decimal
comma). ``INSEE`` codes lost their leading zero outside the departments 59 and 62 (restored
here); ``EPCI`` is the EPCI of the map's year and is never used: rows are joined on the
commune code to today's perimeter.

Columns kept: ``loypredm2`` (predicted rent per m²), ``lwr.IPm2`` / ``upr.IPm2`` (its
prediction interval), ``TYPPRED`` (the level the prediction was made at: the commune itself,
or, with too few advertisements, a « maille » of communes or the EPCI), ``NBobs_commune``
(advertisements observed in the commune), ``R2adj`` (fit of the model). The kind of
dwelling is in the published file's name (``indicateurs-loyers-appartements.csv``,
``…-maisons.csv``); the year is the one the file is declared with in ``sources.csv``.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.official.reading import (
    ABSENT,
    KNOWN,
    commune_codes,
    file_numbers,
    read_official_csv,
    refuse_at_row,
    refuse_first_bad,
    require_columns,
)

# (the count of advertisements of the « maille » is not read: the flats file spells it
# ``NBobs_maille``, the houses file ``Nbobs_maille``)
RENT_FIELDS = {"loypredm2": "rent_eur_m2", "lwr.IPm2": "rent_low", "upr.IPm2": "rent_high",
               "NBobs_commune": "ads_commune", "R2adj": "r2"}
RENT_REQUIRED = ["INSEE", "LIBGEO", "TYPPRED", *RENT_FIELDS]
PREDICTION_LEVELS = ("commune", "maille", "epci")
KINDS = {"appartement": "flats", "maison": "houses"}  # word of the file's name -> kind
RENT_COLUMNS = ["commune_code", "commune_name", "rent_eur_m2", "rent_low", "rent_high",
                "ads_commune", "r2", "prediction_level", "status", "source_id"]


@dataclass(frozen=True)
class RentsFile:
    """One file of the rent map: the kind of dwelling, its year, its commune rows."""

    kind: str  # flats | houses
    year: int
    communes: pd.DataFrame  # RENT_COLUMNS


def rent_kind(path: Path) -> str:
    """``flats`` or ``houses``, from the published file's name.

    Raises
    ------
    DataValidationError
        If the name says neither.
    """
    name = path.name.lower()
    found = [kind for word, kind in KINDS.items() if word in name]
    if len(found) != 1:
        raise DataValidationError(
            f"{path}: type de logement introuvable dans le nom du fichier (« appartements » "
            f"ou « maisons », comme les fichiers publiés indicateurs-loyers-appartements.csv "
            f"et indicateurs-loyers-maisons.csv)")
    return found[0]


def load_rents(path: str | Path, communes: pd.DataFrame, source_id: str, year: int
               ) -> RentsFile:
    """One file of the rent map → one row per commune of ``communes`` (``status`` known or
    absent from the file).

    Raises
    ------
    DataValidationError
        For a missing column, a duplicated code, a value that is not a number, a prediction
        level other than commune, maille or epci, or a rent outside its own interval.
    """
    path = Path(path)
    kind = rent_kind(path)
    df = read_official_csv(path, RENT_REQUIRED)
    require_columns(df, RENT_REQUIRED, path, "carte des loyers")
    df = df.assign(INSEE=commune_codes(df["INSEE"]))
    refuse_first_bad(df, "INSEE", df["INSEE"].duplicated(), path, "unique")
    ours = df[df["INSEE"].isin(set(communes["commune_code"]))]
    values = pd.DataFrame({name: file_numbers(ours, field, path)
                           for field, name in RENT_FIELDS.items()})
    level = ours["TYPPRED"].str.strip().str.lower()
    refuse_at_row(ours["TYPPRED"], ~level.isin(PREDICTION_LEVELS), path, "TYPPRED",
               "niveau de prédiction (commune, maille ou epci)")
    outside = ((values["rent_eur_m2"] < values["rent_low"])
               | (values["rent_eur_m2"] > values["rent_high"]))
    refuse_at_row(ours["loypredm2"], outside, path, "loypredm2",
               "dans son intervalle (lwr.IPm2 ≤ loypredm2 ≤ upr.IPm2)")
    values["prediction_level"] = level
    values["commune_code"] = ours["INSEE"]
    out = communes[["commune_code", "commune_name"]].merge(values, on="commune_code",
                                                            how="left", indicator=True)
    out["status"] = np.where(out["_merge"] == "both", KNOWN, ABSENT)
    out["source_id"] = source_id
    return RentsFile(kind, year, out[RENT_COLUMNS])
