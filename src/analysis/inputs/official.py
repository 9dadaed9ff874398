"""Loaders for the official open-data files an analyst downloads each year.

Each loader reads the file exactly as published (separator, encoding, year-dependent column
names), keeps codes as text, and returns a tidy table restricted to the communes of the
project's territories. Every file must be declared in ``data/sources.csv`` under the id
given by :func:`source_id_for` (its name without extension, in lower case); if it is not,
the error message gives the line to add, with the file's checksum.

- LOVAC (private vacant dwellings by commune, CEREMA / DGALN): :func:`load_lovac`.
  Communes under statistical secrecy are absent or empty: territory totals are then lower
  bounds, and :func:`lovac_by_territory` says so.
- INSEE ``base-ic-logement`` (census dwellings by IRIS): :func:`load_census_logement`. The
  column prefix (``P21_``) changes with the vintage and is read from the header.
"""

from __future__ import annotations

import csv
import io
import os
import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError, SourceMissingError
from analysis.core.paths import file_digest

READ_SUFFIXES = (".csv",)  # the file types the loaders read; any other is refused
ENCODINGS = ("utf-8-sig", "cp1252")  # official files come in UTF-8 or Windows-1252
SECRET_MARKERS = {"", "s", "secret", "nd", "n.d.", "na", "-"}


# --- reading -------------------------------------------------------------------------------


def read_official_csv(path: str | Path) -> pd.DataFrame:
    """Read an official CSV with every cell as text: separator (``;`` or ``,``) and encoding
    (UTF-8, else Windows-1252) are detected; surrounding spaces in headers are removed.

    Raises
    ------
    DataValidationError
        If the file is missing, empty or in neither encoding.
    """
    path = Path(path)
    if not path.is_file():
        raise DataValidationError(f"{path}: fichier introuvable")
    raw = path.read_bytes()
    for encoding in ENCODINGS:
        try:
            text = raw.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise DataValidationError(f"{path}: encodage illisible (ni UTF-8 ni Windows-1252)")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise DataValidationError(f"{path}: fichier vide")
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    df = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False)
    df.columns = [c.strip() for c in df.columns]
    return df


def require_columns(df: pd.DataFrame, columns: list[str], path: Path, what: str) -> None:
    """Stop with the list of missing columns (the usual sign of a wrong or changed file)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataValidationError(
            f"{path}: colonne(s) absente(s) pour un fichier {what} : {', '.join(missing)} "
            f"(colonnes lues : {', '.join(df.columns[:12])}{' …' if len(df.columns) > 12 else ''})"
        )


def refuse_first_bad(df: pd.DataFrame, column: str, bad: pd.Series, path: Path,
                     rule: str) -> None:
    """Stop at the first row ``bad`` flags, naming the file, the row as a spreadsheet numbers
    it (header = line 1), the column, the rule and the value."""
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise DataValidationError(
            f"{path}: ligne {row}, colonne « {column} » : règle « {rule} » non respectée "
            f"(valeur : {df[column][bad].iloc[0]!r})"
        )


def parse_number(value: str, path: Path, row: int, column: str) -> float:
    """A number written with a dot or a decimal comma; secret markers give NaN."""
    text = value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if text.lower() in SECRET_MARKERS:
        return np.nan
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise DataValidationError(
            f"{path}: ligne {row}, colonne « {column} » : règle « nombre » non respectée "
            f"(valeur : {value!r})"
        ) from None
    if number < 0:
        raise DataValidationError(
            f"{path}: ligne {row}, colonne « {column} » : règle « positif ou nul » non "
            f"respectée (valeur : {value!r})"
        )
    return number


def numbers(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Column ``column`` as floats (NaN for secret or empty cells), with readable errors."""
    return pd.Series(
        [parse_number(v, path, i + 2, column) for i, v in enumerate(df[column])],
        index=df.index,
        dtype=float,
    )


def commune_codes(series: pd.Series) -> pd.Series:
    """INSEE commune codes as 5-character text (a spreadsheet may have dropped a leading 0)."""
    return series.str.strip().str.zfill(5)


def official_files(folder: Path) -> list[Path]:
    """CSV files dropped in ``folder`` (any case of extension), sorted by name."""
    try:
        # listed even when missing, so that the build cache notes the folder was looked at
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(folder / n for n in names if Path(n).suffix.lower() in READ_SUFFIXES)


# --- provenance ----------------------------------------------------------------------------


def source_id_for(path: str | Path) -> str:
    """Source id a dropped file must have in ``sources.csv``: its stem, lower case, ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", Path(path).stem.lower()).strip("_")


def check_declared(path: Path, sources: pd.DataFrame, title: str, publisher: str,
                   licence: str, data_root: Path) -> str:
    """The file's source id, after checking ``sources.csv`` declares it with its checksum.

    Raises
    ------
    SourceMissingError
        If the id is not declared (the message gives the line to add) or the checksum
        recorded there is not the file's (the file changed since it was declared).
    """
    source_id = source_id_for(path)
    digest = file_digest(path)
    match = sources[sources["source_id"] == source_id]
    try:
        relative = path.resolve().relative_to(data_root.parent.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    if match.empty:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([
            source_id, title, publisher, "", "AAAA-MM", "à compléter", licence, relative,
            digest, "téléchargé par l'analyste", "",
        ])
        raise SourceMissingError(
            f"{path}: source {source_id!r} absente de sources.csv. Ajoutez cette ligne à "
            f"data/sources.csv (complétez la date et la période) :\n{buffer.getvalue()}"
        )
    if match.iloc[0]["sha256"] != digest:
        raise SourceMissingError(
            f"{path}: le fichier a changé depuis sa déclaration dans sources.csv "
            f"(sha256 attendu {match.iloc[0]['sha256']}, lu {digest}) : mettez à jour la ligne "
            f"{source_id!r}."
        )
    return source_id


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


# --- IRVE statique (Etalab consolidation, schema 2.3.x) -------------------------------------

IRVE_REQUIRED = ["id_pdc_itinerance", "id_station_itinerance", "nom_station",
                 "implantation_station", "adresse_station", "code_insee_commune",
                 "coordonneesXY", "nbre_pdc", "puissance_nominale", "date_mise_en_service",
                 "date_maj"]
# power classes of the charging points (kW, upper bound included), as the issue asks
POWER_CLASSES = [(7.4, "upto_7_4kw"), (22.0, "upto_22kw"), (50.0, "upto_50kw"),
                 (float("inf"), "over_50kw")]
POWER_UNKNOWN = "power_unknown"
MAX_PLAUSIBLE_KW = 1000.0  # above this, a producer wrote watts: 22000 means 22 kW
IRVE_COLUMNS = ["point_id", "station_id", "station_name", "implantation", "commune_code",
                "located_by", "code_given", "lon", "lat", "power_kw", "power_class",
                "commissioned", "commissioned_year", "updated", "source_id"]
IRVE_FILE_DATE = re.compile(r"(20\d{2})(\d{2})(\d{2})")
# metropolitan France: longitudes and latitudes do not overlap, so a swapped pair shows
_LON_RANGE, _LAT_RANGE = (-5.5, 10.0), (41.0, 51.5)


@dataclass(frozen=True)
class IrveFile:
    """Charging points of the territories from one consolidated file, and what was fixed."""

    vintage: int  # year of the file's snapshot
    snapshot: str  # date of the snapshot (from the file name, else the latest ``date_maj``)
    points: pd.DataFrame  # IRVE_COLUMNS, one row per distinct charging point
    rows_read: int
    duplicates_removed: int
    located_by_coordinates: int
    swapped_coordinates: int
    watts_converted: int


def parse_coordinates(text: str) -> tuple[float, float, bool]:
    """``"[lon, lat]"`` → (lon, lat, swapped); NaN if unreadable.

    The schema says longitude first, but some producers write latitude first: a pair whose
    first number is a French latitude and second a French longitude is swapped back.
    """
    found = re.findall(r"-?\d+(?:\.\d+)?", (text or "").replace(",", " , "))
    if len(found) != 2:
        return np.nan, np.nan, False
    first, second = float(found[0]), float(found[1])
    def inside(value, bounds):
        return bounds[0] <= value <= bounds[1]
    if (inside(first, _LAT_RANGE) and inside(second, _LON_RANGE)
            and not inside(first, _LON_RANGE)):
        return second, first, True
    return first, second, False


def power_class(power_kw: float) -> str:
    """Class id of a nominal power in kW (``upto_7_4kw`` … ``over_50kw``)."""
    if not power_kw == power_kw or power_kw <= 0:
        return POWER_UNKNOWN
    return next(name for bound, name in POWER_CLASSES if power_kw <= bound)


def locate_points(lon: np.ndarray, lat: np.ndarray, polygons: dict[str, list]
                  ) -> np.ndarray:
    """Commune code of each point inside a commune polygon ('' elsewhere).

    ``polygons`` is ``{commune_code: [ring, …]}`` (see :func:`analysis.charts.commune_polygons`);
    simplified outlines may misplace a point within a few hundred metres of a boundary.
    """
    from matplotlib.path import Path as PolygonPath

    points = np.column_stack([lon, lat]).astype(float)
    found = np.full(len(points), "", dtype=object)
    valid = ~np.isnan(points).any(axis=1)
    for code, rings in polygons.items():
        for ring in rings:
            ring = np.asarray(ring, dtype=float)
            box = ((points[:, 0] >= ring[:, 0].min()) & (points[:, 0] <= ring[:, 0].max())
                   & (points[:, 1] >= ring[:, 1].min()) & (points[:, 1] <= ring[:, 1].max())
                   & valid & (found == ""))
            if box.any():
                inside = PolygonPath(ring).contains_points(points[box])
                found[np.flatnonzero(box)[inside]] = code
    return found


def _dates(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    text = df[column].str.strip().str[:10]
    dates = pd.to_datetime(text, format="%Y-%m-%d", errors="coerce")
    refuse_first_bad(df, column, dates.isna() & (text != ""), path, "date AAAA-MM-JJ")
    return dates


def _snapshot(path: Path, updated: pd.Series) -> pd.Timestamp:
    found = IRVE_FILE_DATE.search(path.stem)
    if found:
        return pd.Timestamp(int(found.group(1)), int(found.group(2)), int(found.group(3)))
    if updated.notna().any():
        return updated.max()
    raise DataValidationError(
        f"{path}: date du fichier introuvable (ni AAAAMMJJ dans le nom, ni « date_maj ») : "
        f"renommez-le comme le fichier publié (…-AAAAMMJJ.csv)"
    )


def load_irve(path: str | Path, communes: pd.DataFrame, polygons: dict[str, list],
              source_id: str) -> IrveFile:
    """Consolidated IRVE file → the distinct charging points of the territories.

    A point belongs to the commune of its ``code_insee_commune`` when that code is one of the
    territories' communes; otherwise (empty code, postal code, code of a merged commune) to
    the commune polygon its coordinates fall in. A point listed twice (same
    ``id_pdc_itinerance``; without one, same local id and coordinates) is kept once, in its
    latest update. Powers above 1,000 "kW" are read as watts.

    Raises
    ------
    DataValidationError
        If a required column is missing, a power is not a number, or a date is not a date.
    """
    path = Path(path)
    df = read_official_csv(path)
    require_columns(df, IRVE_REQUIRED, path, "IRVE statique")
    rows_read = len(df)
    power = numbers(df, "puissance_nominale", path)
    watts = power > MAX_PLAUSIBLE_KW
    power = power.where(~watts, power / 1000)
    commissioned = _dates(df, "date_mise_en_service", path)
    updated = _dates(df, "date_maj", path)
    snapshot = _snapshot(path, updated)
    parsed = [parse_coordinates(t) for t in df["coordonneesXY"]]
    lon = np.array([p[0] for p in parsed], dtype=float)
    lat = np.array([p[1] for p in parsed], dtype=float)
    swapped = np.array([p[2] for p in parsed], dtype=bool)
    given = df["code_insee_commune"].str.strip()
    given = given.where(given == "", given.str.zfill(5))
    ours = set(communes["commune_code"])
    by_code = given.isin(ours).to_numpy()
    located = np.where(by_code, given.to_numpy(), "")
    need = ~by_code
    if need.any():
        located[need] = locate_points(lon[need], lat[need], polygons)
    local_id = df["id_pdc_local"].str.strip() if "id_pdc_local" in df else pd.Series(
        "", index=df.index)
    itinerance = df["id_pdc_itinerance"].str.strip().str.upper().str.replace(" ", "")
    key = itinerance.where(itinerance != "", "local:" + local_id + "@"
                           + pd.Series(lon, index=df.index).round(6).astype(str) + ","
                           + pd.Series(lat, index=df.index).round(6).astype(str))
    points = pd.DataFrame({
        "point_id": key.to_numpy(),
        "station_id": df["id_station_itinerance"].str.strip().to_numpy(),
        "station_name": df["nom_station"].str.strip().to_numpy(),
        "implantation": df["implantation_station"].str.strip().to_numpy(),
        "commune_code": located,
        "located_by": np.where(by_code, "code", "coordinates"),
        "code_given": given.to_numpy(),
        "lon": lon, "lat": lat,
        "power_kw": power.to_numpy(),
        "power_class": [power_class(p) for p in power],
        "commissioned": commissioned.to_numpy(),
        "commissioned_year": commissioned.dt.year.to_numpy(),
        "updated": updated.to_numpy(),
        "source_id": source_id,
        "_swapped": swapped, "_watts": watts.to_numpy(),
        "_order": np.arange(len(df)),
    })
    points = points[points["commune_code"] != ""]
    anonymous = points["point_id"].str.startswith("local:@")  # no id at all: cannot dedupe
    keyed = points[~anonymous].sort_values(["updated", "_order"], na_position="first")
    kept = pd.concat([keyed.drop_duplicates("point_id", keep="last"), points[anonymous]])
    kept = kept.sort_values("_order")
    return IrveFile(
        vintage=int(snapshot.year),
        snapshot=snapshot.strftime("%Y-%m-%d"),
        points=kept[IRVE_COLUMNS].reset_index(drop=True),
        rows_read=rows_read,
        duplicates_removed=len(points) - len(kept),
        located_by_coordinates=int((kept["located_by"] == "coordinates").sum()),
        swapped_coordinates=int(kept["_swapped"].sum()),
        watts_converted=int(kept["_watts"].sum()),
    )


def irve_counts(points: pd.DataFrame, communes: pd.DataFrame, by: str | None = None
                ) -> pd.DataFrame:
    """Charging points per commune (and per ``by``: ``power_class`` or
    ``commissioned_year``), with the commune's EPCI; communes without a point count 0."""
    keys = ["commune_code"] + ([by] if by else [])
    counted = points.groupby(keys, dropna=False).size().rename("points").reset_index()
    if by is None:
        counted = communes[["commune_code", "commune_name", "epci_short"]].merge(
            counted, on="commune_code", how="left")
        counted["points"] = counted["points"].fillna(0).astype(int)
        return counted
    return counted.merge(communes[["commune_code", "commune_name", "epci_short"]],
                         on="commune_code")


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
    MWh per commune, year and filière, summed over the voltage domains.

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
