"""A cleaned DERIVATIVE of Etalab's consolidated charging-points file (IRVE statique), as
a third party published it: Parquet, one row per charging point, without
``code_insee_commune`` and without any id (rows without a 5-digit postcode and rows over
400 kW dropped). Each point is placed in its commune by its coordinates alone.

What the derivation removed cannot be put back: a count from it is a lower bound ("at least
N points"), and points listed twice in the consolidated file cannot be told from two points
of one station. The loader keeps the points of the territories' communes and, apart, the
points whose address names one of those communes while their coordinates lie elsewhere
(unusable coordinates: they are listed, not counted).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.official.irve import IRVE_COLUMNS, IrveFile, locate_points, power_class

# column -> the Arrow type family it must have (as the derivative is published)
DERIVED_REQUIRED = {
    "nom_station": "texte", "adresse_station": "texte", "code_postal": "texte",
    "latitude": "nombre", "longitude": "nombre", "puissance_kw": "nombre",
    "date_maj": "date", "date_mise_en_service": "date", "nom_operateur": "texte",
}
DERIVED_MAX_KW = 400.0  # the derivation dropped the rows above: a row above is another file
DERIVED_EXTRA_COLUMNS = ["operator", "address", "address_elsewhere"]
UNPLACED_COLUMNS = ["commune_code", "station_name", "address", "lat", "lon", "power_kw"]
# the consolidated file's name, as Etalab publishes it: its date is the snapshot's
CONSOLIDATED_NAME = re.compile(
    r"consolidation-etalab-schema-irve-statique\S*?-(20\d{2})(\d{2})(\d{2})\.csv")
# the last "59300 Valenciennes" of an address: postcode and town
_ADDRESS_TOWN = re.compile(r".*\b(\d{5})\b\s*([^,\d]*)")
# metropolitan France (as irve.py): longitudes and latitudes do not overlap
_LON_RANGE, _LAT_RANGE = (-5.5, 10.0), (41.0, 51.5)


@dataclass(frozen=True)
class DerivedIrveFile(IrveFile):
    """The territories' points of a derivative; ``points`` has IRVE_COLUMNS plus
    ``operator``, ``address`` and ``address_elsewhere`` (placed by its coordinates in a
    commune of another département than its address's postcode)."""

    derived: bool = True
    source_id: str = ""
    # points whose address names a commune of the territories, coordinates elsewhere
    unplaced: pd.DataFrame = field(default_factory=lambda: pd.DataFrame(
        columns=UNPLACED_COLUMNS))


def derived_snapshot(sources: pd.DataFrame, source_id: str) -> str:
    """The snapshot date (``AAAA-MM-JJ``) of a derivative: the date in the name of the
    consolidated file it derives from, which its line of ``sources.csv`` names.

    Raises
    ------
    DataValidationError
        If the line names no consolidated file.
    """
    line = sources[sources["source_id"] == source_id].iloc[0]
    text = " ".join(str(line[c]) for c in ("title", "note", "origin"))
    found = CONSOLIDATED_NAME.search(text)
    if not found:
        raise DataValidationError(
            f"sources.csv, source {source_id!r} : date de l'instantané introuvable ; le titre "
            f"doit nommer le fichier consolidé dont ce fichier est dérivé "
            f"(consolidation-etalab-schema-irve-statique-v-…-AAAAMMJJ.csv)")
    return f"{found.group(1)}-{found.group(2)}-{found.group(3)}"


def read_derived(path: Path) -> pd.DataFrame:
    """The columns the loader uses, checked against the derivative's types and rules.

    Raises
    ------
    DataValidationError
        If the file is missing or not Parquet, a column is missing or of another type, or a
        row breaks a rule of the derivation (postcode of 5 digits, power from 0 to 400 kW).
    """
    import pyarrow as pa
    import pyarrow.parquet as pq

    if not path.is_file():
        raise DataValidationError(f"{path}: fichier introuvable")
    try:
        schema = pq.read_schema(path)
    except (pa.ArrowInvalid, OSError) as error:
        raise DataValidationError(f"{path}: fichier Parquet illisible ({error})") from None
    missing = [c for c in DERIVED_REQUIRED if c not in schema.names]
    if missing:
        raise DataValidationError(
            f"{path}: colonne(s) absente(s) pour un fichier IRVE dérivé : "
            f"{', '.join(missing)} (colonnes lues : {', '.join(schema.names)})")
    for column, family in DERIVED_REQUIRED.items():
        if not _is_of(schema.field(column).type, family):
            raise DataValidationError(
                f"{path}: colonne « {column} » : règle « {family} » non respectée "
                f"(type lu : {schema.field(column).type})")
    df = pq.read_table(path, columns=list(DERIVED_REQUIRED)).to_pandas()
    _refuse_first_bad(df, "code_postal",
                      ~df["code_postal"].fillna("").str.fullmatch(r"\d{5}"), path,
                      "code postal à 5 chiffres (la dérivation a retiré les autres lignes)")
    _refuse_first_bad(df, "puissance_kw", df["puissance_kw"] < 0, path, "positif ou nul")
    _refuse_first_bad(df, "puissance_kw", df["puissance_kw"] > DERIVED_MAX_KW, path,
                      f"au plus {DERIVED_MAX_KW:g} kW (la dérivation a retiré les autres "
                      f"lignes)")
    return df


def _is_of(arrow_type, family: str) -> bool:
    import pyarrow.types as t

    if family == "nombre":
        return t.is_floating(arrow_type) or t.is_integer(arrow_type)
    if family == "date":
        return t.is_timestamp(arrow_type) or t.is_date(arrow_type) or t.is_null(arrow_type)
    return t.is_string(arrow_type) or t.is_large_string(arrow_type) or t.is_null(arrow_type)


def _refuse_first_bad(df: pd.DataFrame, column: str, bad: pd.Series, path: Path,
                      rule: str) -> None:
    """Stop at the first row ``bad`` flags: a Parquet file has no header line, so its rows
    are numbered from 1."""
    if bad.any():
        position = int(np.flatnonzero(bad.to_numpy())[0])
        value = df[column].iloc[position]
        value = value.item() if isinstance(value, np.generic) else value  # 450.0, not np.…
        raise DataValidationError(
            f"{path}: ligne {position + 1} (lignes du fichier Parquet numérotées à partir de "
            f"1), colonne « {column} » : règle « {rule} » non respectée (valeur : {value!r})")


def fixed_coordinates(lon: pd.Series, lat: pd.Series) -> tuple[np.ndarray, np.ndarray,
                                                              np.ndarray]:
    """(lon, lat, swapped): a pair whose latitude column holds a French longitude and whose
    longitude column holds a French latitude is swapped back."""
    lon, lat = lon.to_numpy(dtype=float), lat.to_numpy(dtype=float)
    def inside(values, bounds):
        return (values >= bounds[0]) & (values <= bounds[1])
    swapped = inside(lat, _LON_RANGE) & inside(lon, _LAT_RANGE) & ~inside(lat, _LAT_RANGE)
    return np.where(swapped, lat, lon), np.where(swapped, lon, lat), swapped


def name_key(name: str) -> str:
    """A commune name as addresses write it in many ways: no accents, no case, no
    punctuation, « St » read « Saint », a trailing « Cedex » dropped."""
    text = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    text = re.sub(r"[^a-z0-9]+", " ", text)
    text = re.sub(r"\bcedex\b.*$", "", text).strip()
    return re.sub(r"\bste\b", "sainte", re.sub(r"\bst\b", "saint", text))


def address_communes(addresses: pd.Series, communes: pd.DataFrame) -> tuple[pd.Series,
                                                                            pd.Series]:
    """For each address, its postcode's département (its last 5-digit number) and the
    territories' commune it names (same name, same département), '' where none."""
    parts = addresses.fillna("").str.extract(_ADDRESS_TOWN)
    department = parts[0].fillna("").str[:2]
    towns = parts[1].fillna("")
    # an address names a few thousand towns: each name's key is made once
    towns = towns.map({town: name_key(town) for town in towns.unique()})
    names = {(name_key(n), c[:2]): c for n, c in zip(communes["commune_name"],
                                                      communes["commune_code"], strict=True)}
    named = [names.get((t, d), "") for t, d in zip(towns, department, strict=True)]
    return department, pd.Series(named, index=addresses.index)


def load_irve_derived(path: str | Path, communes: pd.DataFrame, polygons: dict[str, list],
                      source_id: str, snapshot: str) -> DerivedIrveFile:
    """The derivative → the charging points of the territories, placed by coordinates.

    ``snapshot``: the consolidated file's date (:func:`derived_snapshot`). Each row is a
    point (no id: nothing can be deduplicated); swapped coordinates are put back; a point
    outside every commune polygon is not counted, and listed in ``unplaced`` when its
    address names a commune of the territories.

    Raises
    ------
    DataValidationError
        From :func:`read_derived`.
    """
    path = Path(path)
    df = read_derived(path)
    lon, lat, swapped = fixed_coordinates(df["longitude"], df["latitude"])
    located = locate_points(lon, lat, polygons)
    # the address is read only where it matters: placed points, and points whose address
    # has a postcode of the territories' départements (a regex over every row costs 1 s)
    departments = "|".join(sorted({c[:2] for c in communes["commune_code"]}))
    read = (located != "") | df["adresse_station"].fillna("").str.contains(
        rf"\b(?:{departments})\d{{3}}\b", regex=True).to_numpy()
    department, named = address_communes(df.loc[read, "adresse_station"], communes)
    kept = np.flatnonzero(read)[(located[read] != "") | (named.to_numpy() != "")]
    points = _points(df.iloc[kept], lon[kept], lat[kept], located[kept], source_id)
    found = department[points.index].to_numpy()  # "" when the address has no postcode
    points["address_elsewhere"] = (found != "") & (
        found != points["commune_code"].str[:2].to_numpy())
    points["point_id"] = [f"ligne {n + 1}" for n in kept]  # no id: its row in the file
    mine = points["commune_code"] != ""
    unplaced = points[~mine].assign(commune_code=named[points.index[~mine]].to_numpy())
    return DerivedIrveFile(
        vintage=int(snapshot[:4]), snapshot=snapshot, source_id=source_id,
        points=points[mine][IRVE_COLUMNS + DERIVED_EXTRA_COLUMNS].reset_index(drop=True),
        rows_read=len(df), duplicates_removed=0, located_by_coordinates=int(mine.sum()),
        swapped_coordinates=int(swapped[kept][mine.to_numpy()].sum()), watts_converted=0,
        unplaced=unplaced[UNPLACED_COLUMNS].reset_index(drop=True))


def _points(rows: pd.DataFrame, lon: np.ndarray, lat: np.ndarray, located: np.ndarray,
            source_id: str) -> pd.DataFrame:
    """The kept rows in the columns of :data:`IRVE_COLUMNS` (and the operator, the
    address); a station is a name at a place (the derivative has no station id)."""
    commissioned = pd.to_datetime(rows["date_mise_en_service"])
    place = pd.Series(lon, index=rows.index).round(6).astype(str) + "," + \
        pd.Series(lat, index=rows.index).round(6).astype(str)
    return pd.DataFrame({
        "point_id": "", "station_id": rows["nom_station"].fillna("") + "@" + place,
        "station_name": rows["nom_station"].fillna(""), "implantation": "",
        "commune_code": located, "located_by": "coordinates", "code_given": "",
        "lon": lon, "lat": lat, "power_kw": rows["puissance_kw"].astype(float),
        "power_class": [power_class(p) for p in rows["puissance_kw"]],
        "commissioned": commissioned, "commissioned_year": commissioned.dt.year,
        "updated": pd.to_datetime(rows["date_maj"]), "source_id": source_id,
        "operator": rows["nom_operateur"], "address": rows["adresse_station"],
    }, index=rows.index)
