"""Energy files by commune: Enedis production by filière, Agence ORE / SDES consumption by
energy and sector."""

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
    refuse_first_bad,
)

# --- energy: Enedis production by filière, Agence ORE consumption by sector -----------------
#
# Both files come per commune with the commune's EPCI *of the file's year*: CABBALR was
# created in 2017 and older rows carry its predecessors' codes. The EPCI columns are
# therefore never used; every row is attached through its commune code to today's perimeter
# (data/reference/communes.csv).


def _header_key(name: str) -> str:
    """Column name compared without case, accents, spaces or punctuation: the portal's CSV
    export writes ``Code commune``, its API ``code_commune``, the SDES ``CODE_COMMUNE``."""
    import unicodedata

    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "", plain.lower())


def _pick_column(df: pd.DataFrame, names: tuple[str, ...], path: Path, what: str) -> str:
    """The first of ``names`` the file has (compared by :func:`_header_key`)."""
    keys = {_header_key(c): c for c in df.columns}
    for name in names:
        if _header_key(name) in keys:
            return keys[_header_key(name)]
    raise DataValidationError(
        f"{path}: colonne absente pour un fichier {what} : {names[0]} "
        f"(colonnes lues : {', '.join(df.columns[:12])}{' …' if len(df.columns) > 12 else ''})"
    )


def _years(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    text = df[column].str.strip()
    refuse_first_bad(df, column, ~text.str.fullmatch(r"(19|20)\d{2}"), path, "année AAAA")
    return text.astype(int)


@dataclass(frozen=True)
class EnergyFile:
    """Rows of an energy file attached to today's communes of the four territories."""

    kind: str  # "production" or "consumption"
    source_id: str
    rows: pd.DataFrame  # ENERGY_ROW_COLUMNS, summed over the file's sub-rows
    years: tuple[int, ...]  # years in the file
    rows_read: int
    rows_kept: int  # rows of the territories' communes
    former_epci_rows: int  # rows of our communes filed under another EPCI code
    unknown_commune_rows: int  # rows filed under one of our EPCI whose commune we do not know
    details: tuple[str, ...]  # voltage domains or operators seen in the kept rows

    @property
    def vintage(self) -> int:
        return max(self.years)


ENERGY_ROW_COLUMNS = ["commune_code", "year", "energy", "category", "sites", "mwh",
                      "empty_cells", "secret_cells", "source_id"]

ENEDIS_FILIERES = {  # label in the header -> id
    "photovoltaique": "solar_pv", "eolien": "wind", "hydraulique": "hydro",
    "bioenergie": "bioenergy", "cogeneration": "cogeneration",
    "autresfilieres": "other",
}
_ENEDIS_SITES = re.compile(r"^Nb sites (.+?) Enedis$", re.IGNORECASE)
_ENEDIS_ENERGY = re.compile(r"^Energie produite annuelle (.+?) Enedis \(MWh\)$", re.IGNORECASE)


def _attach(df: pd.DataFrame, commune_column: str, epci_column: str | None,
            communes: pd.DataFrame) -> tuple[pd.Series, int, int]:
    """Today's commune code of each row ('' outside the territories), the number of our
    communes' rows filed under another EPCI code and of rows of our EPCI with an unknown
    commune (a commune since merged: its production or consumption is then missing)."""
    codes = commune_codes(df[commune_column])
    ours = set(communes["commune_code"])
    kept = codes.where(codes.isin(ours), "")
    former, unknown = 0, 0
    if epci_column is not None:
        epci = df[epci_column].str.strip()
        today = codes.map(dict(zip(communes["commune_code"], communes["epci_siren"],
                                   strict=True)))
        former = int(((kept != "") & (epci != today)).sum())
        unknown = int(((kept == "") & epci.isin(set(communes["epci_siren"]))).sum())
    return kept, former, unknown


def load_enedis_production(path: str | Path, communes: pd.DataFrame,
                           source_id: str) -> EnergyFile:
    """Enedis « Production électrique annuelle par filière à la maille commune » → sites and
    MWh per commune, year and filière, summed over the voltage domains. The file is read as
    published: a CSV, or a zipped CSV (``.csv.zip``, the CSV inside).

    Filières are read from the header (``Nb sites <filière> Enedis`` /
    ``Energie produite annuelle <filière> Enedis (MWh)``), so a new one is kept. An empty
    cell (no site, or hidden by Enedis) is counted in ``empty_cells``: a sum that met one is a
    lower bound.

    Raises
    ------
    DataValidationError
        If a required column is missing, a year is not a year or a value is not a
        non-negative number (the message names the row and the column).
    """
    path = Path(path)
    df = read_official_csv(path)
    what = "Enedis production par filière"
    year_col = _pick_column(df, ("Année", "annee"), path, what)
    commune_col = _pick_column(df, ("Code commune", "code_commune"), path, what)
    epci_col = _pick_column(df, ("Code EPCI", "code_epci"), path, what)
    domain_col = _pick_column(df, ("Domaine de tension", "domaine_de_tension"), path, what)
    pairs = {}
    for column in df.columns:
        if m := _ENEDIS_SITES.match(column):
            pairs.setdefault(_header_key(m.group(1)), {})["sites"] = column
        elif m := _ENEDIS_ENERGY.match(column):
            pairs.setdefault(_header_key(m.group(1)), {})["mwh"] = column
    pairs = {k: v for k, v in pairs.items() if len(v) == 2}
    if not pairs:
        raise DataValidationError(
            f"{path}: colonne absente pour un fichier {what} : aucune paire « Nb sites … "
            f"Enedis » / « Energie produite annuelle … Enedis (MWh) »"
        )
    years = _years(df, year_col, path)
    kept, former, unknown = _attach(df, commune_col, epci_col, communes)
    mine = kept != ""
    parts = []
    for key, columns in pairs.items():
        sites = numbers(df, columns["sites"], path)
        mwh = numbers(df, columns["mwh"], path)
        parts.append(pd.DataFrame({
            "commune_code": kept, "year": years,
            "energy": ENEDIS_FILIERES.get(key, key), "category": "",
            "sites": sites, "mwh": mwh, "empty_cells": (mwh.isna() | sites.isna()).astype(int),
            "secret_cells": 0,
        })[mine])
    long = pd.concat(parts, ignore_index=True)
    rows = _sum_rows(long, source_id)
    domains = tuple(sorted(df.loc[mine, domain_col].str.strip().unique()))
    return EnergyFile("production", source_id, rows, tuple(sorted(set(years[mine]))),
                      len(df), int(mine.sum()), former, unknown, domains)


CONSUMPTION_ENERGIES = {"e": "electricity", "electricite": "electricity", "g": "gas",
                        "gaz": "gas", "gaznaturel": "gas"}
CONSUMPTION_SECTORS = {  # CODE_GRAND_SECTEUR values (SDES letters, Enedis words)
    "r": "residential", "residentiel": "residential", "t": "tertiary", "tertiaire": "tertiary",
    "i": "industry", "industrie": "industry", "a": "agriculture", "agriculture": "agriculture",
    "na": "unknown", "inconnu": "unknown", "nonaffecte": "unknown",
}


def _coded(df: pd.DataFrame, column: str, mapping: dict[str, str], path: Path,
           rule: str) -> pd.Series:
    keys = df[column].map(_header_key)
    refuse_first_bad(df, column, ~keys.isin(mapping), path, rule)
    return keys.map(mapping)


def load_energy_consumption(path: str | Path, communes: pd.DataFrame,
                            source_id: str) -> EnergyFile:
    """Agence ORE / SDES annual electricity and gas consumption by commune and sector (one row
    per operator, energy, sector and NAF division) → MWh and delivery points per commune,
    year, energy and sector, summed over operators and NAF divisions.

    A row with secret sub-meshes (``NOMBRE_MAILLES_SECRETISEES`` > 0) or an empty
    consumption is counted in ``secret_cells`` / ``empty_cells``: its sum is a lower bound.

    Raises
    ------
    DataValidationError
        If a required column is missing, a year, energy or sector code is unknown or a value
        is not a non-negative number (the message names the row and the column).
    """
    path = Path(path)
    df = read_official_csv(path)
    what = "consommation d'énergie par commune"
    year_col = _pick_column(df, ("ANNEE", "Année"), path, what)
    energy_col = _pick_column(df, ("FILIERE", "Filière"), path, what)
    sector_col = _pick_column(df, ("CODE_GRAND_SECTEUR", "Code Grand Secteur"), path, what)
    commune_col = _pick_column(df, ("CODE_COMMUNE", "Code Commune", "CODE"), path, what)
    epci_col = _pick_column(df, ("CODE_EPCI", "Code EPCI"), path, what)
    conso_col = _pick_column(df, ("CONSO", "Conso totale (MWh)"), path, what)
    points_col = _pick_column(df, ("PDL", "Nb sites"), path, what)
    operator_col = _pick_column(df, ("OPERATEUR", "Opérateur"), path, what)
    keys = {_header_key(c): c for c in df.columns}
    secret_col = keys.get("nombremaillessecretisees")
    years = _years(df, year_col, path)
    energy = _coded(df, energy_col, CONSUMPTION_ENERGIES, path, "filière E ou G")
    sector = _coded(df, sector_col, CONSUMPTION_SECTORS, path,
                    "grand secteur R, T, I, A ou NA")
    mwh = numbers(df, conso_col, path)
    points = numbers(df, points_col, path)
    secret = numbers(df, secret_col, path).fillna(0) if secret_col else pd.Series(
        0.0, index=df.index)
    kept, former, unknown = _attach(df, commune_col, epci_col, communes)
    mine = kept != ""
    long = pd.DataFrame({
        "commune_code": kept, "year": years, "energy": energy, "category": sector,
        "sites": points, "mwh": mwh, "empty_cells": mwh.isna().astype(int),
        "secret_cells": (secret > 0).astype(int),
    })[mine]
    rows = _sum_rows(long, source_id)
    operators = tuple(sorted(df.loc[mine, operator_col].str.strip().unique()))
    return EnergyFile("consumption", source_id, rows, tuple(sorted(set(years[mine]))),
                      len(df), int(mine.sum()), former, unknown, operators)


def _sum_rows(long: pd.DataFrame, source_id: str) -> pd.DataFrame:
    keys = ["commune_code", "year", "energy", "category"]
    summed = long.groupby(keys, as_index=False).agg(
        sites=("sites", lambda s: s.sum(min_count=1)), mwh=("mwh", lambda s: s.sum(min_count=1)),
        empty_cells=("empty_cells", "sum"), secret_cells=("secret_cells", "sum"))
    summed["source_id"] = source_id
    return summed[ENERGY_ROW_COLUMNS].sort_values(keys).reset_index(drop=True)
