"""SDES « données locales de l'énergie » for heat and cold networks: consumption (MWh) and
delivery points by network operator, IRIS and sector, one file per publication.

The file as published: ``;`` CSV with **two header rows** (French labels, then the codes
``OPERATEUR;ANNEE;FILIERE;IRIS;…;CODE_GRAND_SECTEUR;CONSO;PDL``; newer files start with
``ID``, the 2020-10 one names the IRIS column ``IRIS_CODE``). The data year is the ``ANNEE``
column, never the publication date. ``CONSO`` and ``PDL`` may be ``secret`` (statistical
secrecy) or ``nd`` (not given); a sum that met one is a lower bound, and the three cases
(secret, ``nd``, empty) are kept apart. Each IRIS is attached through the commune code of its
first five characters to today's perimeter (``data/reference/communes.csv``).

Names as published: one file has operator names double-encoded (``BÃ©thune``), repaired
here (:func:`repair_double_encoding`); another has accents replaced by ``?``, which cannot
be repaired from the file alone (the section names a network by its ``ID`` in the other
files, see :mod:`analysis.inputs.official.heat_rules`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.official.reading import (
    numbers,
    read_official_csv,
    refuse_first_bad,
    require_columns,
)

WHAT = "SDES réseaux de chaleur et de froid par IRIS"
REQUIRED = ["OPERATEUR", "ANNEE", "FILIERE", "IRIS", "CODE_GRAND_SECTEUR", "CONSO", "PDL"]
RENAMED = {"IRIS_CODE": "IRIS"}  # the 2020-10 file's name of the IRIS column
FILIERES = {"C": "heat", "F": "cold", "NA": "unknown"}  # NA: filière not given by the file
# the SDES letters of the « grand secteur » (the electricity and gas files use R, T, I, A
# too); X is a code the heat files use without documenting it, nd a sector not given
SECTORS = {"R": "residential", "T": "tertiary", "I": "industry", "A": "agriculture",
           "X": "sector_x", "ND": "sector_nd"}
# what an empty value cell says (the three are told apart on the page)
MARKS = {"secret": "secret", "s": "secret", "nd": "nd", "n.d.": "nd", "na": "nd",
         "": "vide", "-": "vide"}
HEAT_ROW_COLUMNS = ["commune_code", "iris", "iris_label", "network_id", "operator", "filiere",
                    "sector", "year", "mwh", "points", "mwh_mark", "points_mark", "name_repaired",
                    "copies"]
# a commune code then 4 digits, or XXXX for an IRIS « fictif » of the commune (2018, 2020)
UNREADABLE = re.compile(r"\w\?|\?\w")  # « R?seau » : an accent the file lost
_IRIS = re.compile(r"^\d[\dAB]\d{2,3}(\d{4}|XXXX)$")
# a run of UTF-8 bytes read as Windows-1252 (« Ã© » for « é »): a lead byte, then
# continuation bytes as cp1252 shows them
_MOJIBAKE = re.compile("[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d"
                       "\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022"
                       "\u2026\u2030\u2039\u203a\u20ac\u2122]+")


@dataclass(frozen=True)
class HeatFile:
    """One SDES heat and cold networks file, restricted to the territories' communes."""

    source_id: str
    rows: pd.DataFrame  # HEAT_ROW_COLUMNS, one row per row of the file kept
    years: tuple[int, ...]  # every ANNEE of the file (all communes)
    rows_read: int
    rows_kept: int  # rows of the territories' communes (repeated lines counted once)
    repaired_names: int  # kept rows whose operator name was double-encoded (repaired)
    unrepaired_names: int  # kept rows whose operator name has « ? » for an accent
    repeated_rows: int  # kept lines repeated identically in the file (counted once)
    outside: pd.DataFrame  # rows of the kept networks in communes outside the reference

    @property
    def vintage(self) -> int:
        """The latest data year of the file."""
        return max(self.years)


def repair_double_encoding(text: str) -> str:
    """``Réseau de chaleur de BÃ©thune`` → ``Réseau de chaleur de Béthune``: each run of
    characters that is UTF-8 read as Windows-1252 is decoded again; anything else is kept."""
    def decoded(match: re.Match) -> str:
        try:
            return match.group(0).encode("cp1252").decode("utf-8")
        except (UnicodeEncodeError, UnicodeDecodeError):
            return match.group(0)

    return _MOJIBAKE.sub(decoded, text)


def _with_codes(df: pd.DataFrame, path: Path) -> pd.DataFrame:
    """The table under its column codes. With two header rows the codes row stays first,
    emptied, so that a row's position + 2 is its line in the file (reading's convention)."""
    if "ANNEE" in df.columns:  # a file saved with the codes row only
        return df.rename(columns=RENAMED)
    if df.empty or "ANNEE" not in set(df.iloc[0].str.strip()):
        raise DataValidationError(
            f"{path}: ligne 2 : règle « deuxième ligne d'en-tête : codes des colonnes "
            f"(OPERATEUR, ANNEE, FILIERE, IRIS…) » non respectée (fichier {WHAT})")
    coded = df.set_axis([c.strip() for c in df.iloc[0]], axis=1).rename(columns=RENAMED)
    coded.iloc[0] = ""
    return coded


def _checked(df: pd.DataFrame, first: int, path: Path) -> dict[str, pd.Series]:
    """Year, IRIS, filière and sector of each row, refused at the first bad row."""
    body = pd.Series(range(len(df)), index=df.index) >= first
    year = df["ANNEE"].str.strip()
    refuse_first_bad(df, "ANNEE", body & ~year.str.fullmatch(r"(19|20)\d{2}"), path,
                     "année AAAA")
    iris = df["IRIS"].str.strip()
    refuse_first_bad(df, "IRIS", body & ~iris.str.fullmatch(_IRIS), path,
                     "code IRIS : code commune et 4 chiffres (ou XXXX)")
    filiere = df["FILIERE"].str.strip().str.upper()
    refuse_first_bad(df, "FILIERE", body & ~filiere.isin(FILIERES), path, "filière C, F ou NA")
    sector = df["CODE_GRAND_SECTEUR"].str.strip().str.upper()
    refuse_first_bad(df, "CODE_GRAND_SECTEUR", body & ~sector.isin(SECTORS), path,
                     "grand secteur R, T, I, A, X ou nd")
    return {"year": year.where(body, "0").astype(int), "iris": iris.str.zfill(9),
            "filiere": filiere.map(FILIERES), "sector": sector.map(SECTORS)}


def _outside(table: pd.DataFrame, kept: pd.Series) -> pd.DataFrame:
    """Rows of the networks we keep that lie in communes outside the reference (a commune
    merged since, or a network crossing the perimeter): not counted, listed."""
    key = table["network_id"].where(table["network_id"] != "", table["operator"])
    ours = set(key[kept])
    found = table[~kept & key.isin(ours)]
    return found[["network_id", "operator", "year", "commune_code", "iris",
                  "iris_label"]].reset_index(drop=True)


def load_district_heating(path: str | Path, communes: pd.DataFrame,
                          source_id: str) -> HeatFile:
    """SDES heat and cold networks by IRIS → the rows of the territories' communes, as
    published (one row per operator, IRIS, filière and sector), names repaired.

    Raises
    ------
    DataValidationError
        If the codes row is missing, a required column is missing, or a year, IRIS code,
        filière, sector or value breaks its rule (the message names the line and column).
    """
    path = Path(path)
    df = _with_codes(read_official_csv(path), path)
    require_columns(df, REQUIRED, path, WHAT)
    first = 0 if df.empty or df["ANNEE"].iloc[0] != "" else 1
    checked = _checked(df, first, path)
    mwh, points = numbers(df, "CONSO", path), numbers(df, "PDL", path)
    operator = df["OPERATEUR"].str.strip()
    repaired = operator.map(repair_double_encoding)
    table = pd.DataFrame({
        "commune_code": checked["iris"].str[:5], "iris": checked["iris"],
        "iris_label": df.get("IRIS_LIBELLE", pd.Series("", index=df.index)).str.strip(),
        "network_id": df.get("ID", pd.Series("", index=df.index)).str.strip(),
        "operator": repaired, "filiere": checked["filiere"], "sector": checked["sector"],
        "year": checked["year"], "mwh": mwh, "points": points,
        "mwh_mark": _marks(df["CONSO"], mwh), "points_mark": _marks(df["PDL"], points),
        "name_repaired": repaired != operator,
    }).iloc[first:]
    kept = table["commune_code"].isin(set(communes["commune_code"]))
    mine = table[kept]
    line = pd.util.hash_pandas_object(mine, index=False)  # a line repeated identically: once
    rows = mine.assign(copies=line.map(line.value_counts()))[~line.duplicated()]
    rows = rows.reset_index(drop=True)[HEAT_ROW_COLUMNS]
    return HeatFile(
        source_id=source_id, rows=rows, years=tuple(sorted(set(table["year"]))),
        rows_read=len(table), rows_kept=len(rows),
        repaired_names=int(rows["name_repaired"].sum()),
        unrepaired_names=int(rows["operator"].str.contains(UNREADABLE).sum()),
        repeated_rows=int((rows["copies"] - 1).sum()), outside=_outside(table, kept))


def _marks(column: pd.Series, values: pd.Series) -> pd.Series:
    """« secret », « nd » or « vide » where a value is missing, else ''."""
    text = column.str.strip().str.lower()
    return text.map(MARKS).fillna("").where(values.isna(), "")
