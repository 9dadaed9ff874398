"""The consolidated national file of public charging points (Etalab, schema « IRVE
statique » 2.3.x): each point attached to its commune (code, else coordinates), counted once."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.official.reading import (
    numbers,
    read_official_csv,
    refuse_first_bad,
    require_columns,
)

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


GRID_DEGREES = 0.05  # cells of the points' index: a commune's box covers a few of them


def locate_points(lon: np.ndarray, lat: np.ndarray, polygons: dict[str, list]
                  ) -> np.ndarray:
    """Commune code of each point inside a commune polygon ('' elsewhere); the first
    commune of ``polygons`` that holds a point keeps it.

    ``polygons`` is ``{commune_code: [ring, …]}`` (see :func:`analysis.charts.commune_polygons`);
    simplified outlines may misplace a point within a few hundred metres of a boundary.
    The points are indexed by cells of :data:`GRID_DEGREES`: each ring is tested against
    the points of the cells its box covers only, so that the 150,000 points of France are
    placed in the 35,000 communes in seconds (not one pass over every point per commune).
    """
    from matplotlib.path import Path as PolygonPath

    points = np.column_stack([lon, lat]).astype(float)
    found = np.full(len(points), "", dtype=object)
    valid = np.flatnonzero(~np.isnan(points).any(axis=1))
    if not len(valid):
        return found
    cells = np.floor(points[valid] / GRID_DEGREES).astype(np.int64)
    width = int(cells[:, 1].max() - cells[:, 1].min()) + 3
    low_y = int(cells[:, 1].min()) - 1
    keys = cells[:, 0] * width + (cells[:, 1] - low_y)
    order = np.argsort(keys, kind="stable")
    keys, valid = keys[order], valid[order]
    for code, rings in polygons.items():
        for ring in rings:
            ring = np.asarray(ring, dtype=float)
            (x0, y0), (x1, y1) = ring.min(axis=0), ring.max(axis=0)
            y_from = max(int(np.floor(y0 / GRID_DEGREES)) - low_y, 0)
            y_to = min(int(np.floor(y1 / GRID_DEGREES)) - low_y, width - 1)
            if y_from > y_to:
                continue
            spans = [np.searchsorted(keys, (cx * width + y_from, cx * width + y_to + 1))
                     for cx in range(int(np.floor(x0 / GRID_DEGREES)),
                                     int(np.floor(x1 / GRID_DEGREES)) + 1)]
            candidates = np.concatenate([valid[a:b] for a, b in spans]) if spans else valid[:0]
            box = candidates[(points[candidates, 0] >= x0) & (points[candidates, 0] <= x1)
                             & (points[candidates, 1] >= y0) & (points[candidates, 1] <= y1)
                             & (found[candidates] == "")]
            if len(box):
                inside = PolygonPath(ring).contains_points(points[box])
                found[box[inside]] = code
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
    df = read_official_csv(path, [*IRVE_REQUIRED, "id_pdc_local"])
    require_columns(df, IRVE_REQUIRED, path, "IRVE statique")
    power = numbers(df, "puissance_nominale", path)
    watts = power > MAX_PLAUSIBLE_KW
    power = power.where(~watts, power / 1000)
    commissioned = _dates(df, "date_mise_en_service", path)
    updated = _dates(df, "date_maj", path)
    snapshot = _snapshot(path, updated)
    parsed = [parse_coordinates(t) for t in df["coordonneesXY"]]
    lon = np.array([p[0] for p in parsed], dtype=float)
    lat = np.array([p[1] for p in parsed], dtype=float)
    given, located, by_code = _communes_of(df, lon, lat, communes, polygons)
    points = pd.DataFrame({
        "point_id": _point_keys(df, lon, lat).to_numpy(),
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
        "_swapped": np.array([p[2] for p in parsed], dtype=bool), "_watts": watts.to_numpy(),
        "_order": np.arange(len(df)),
    })
    points = points[points["commune_code"] != ""]
    kept = _latest_of_each_point(points)
    return IrveFile(
        vintage=int(snapshot.year),
        snapshot=snapshot.strftime("%Y-%m-%d"),
        points=kept[IRVE_COLUMNS].reset_index(drop=True),
        rows_read=len(df),
        duplicates_removed=len(points) - len(kept),
        located_by_coordinates=int((kept["located_by"] == "coordinates").sum()),
        swapped_coordinates=int(kept["_swapped"].sum()),
        watts_converted=int(kept["_watts"].sum()),
    )


def _communes_of(df: pd.DataFrame, lon: np.ndarray, lat: np.ndarray, communes: pd.DataFrame,
                 polygons: dict[str, list]) -> tuple[pd.Series, np.ndarray, np.ndarray]:
    """The code each row gives (zero-padded), the commune each point is placed in ("" when
    outside the territories), and whether the given code placed it."""
    given = df["code_insee_commune"].str.strip()
    given = given.where(given == "", given.str.zfill(5))
    by_code = given.isin(set(communes["commune_code"])).to_numpy()
    located = np.where(by_code, given.to_numpy(), "")
    need = ~by_code
    if need.any():
        located[need] = locate_points(lon[need], lat[need], polygons)
    return given, located, by_code


def _point_keys(df: pd.DataFrame, lon: np.ndarray, lat: np.ndarray) -> pd.Series:
    """The identity of each charging point: its roaming id, else its local id and place."""
    local_id = df["id_pdc_local"].str.strip() if "id_pdc_local" in df else pd.Series(
        "", index=df.index)
    itinerance = df["id_pdc_itinerance"].str.strip().str.upper().str.replace(" ", "")
    return itinerance.where(itinerance != "", "local:" + local_id + "@"
                            + pd.Series(lon, index=df.index).round(6).astype(str) + ","
                            + pd.Series(lat, index=df.index).round(6).astype(str))


def _latest_of_each_point(points: pd.DataFrame) -> pd.DataFrame:
    """Each point once, in its latest update, in the file's order; a point with no id at
    all cannot be matched with another and is kept as it is."""
    anonymous = points["point_id"].str.startswith("local:@")
    keyed = points[~anonymous].sort_values(["updated", "_order"], na_position="first")
    kept = pd.concat([keyed.drop_duplicates("point_id", keep="last"), points[anonymous]])
    return kept.sort_values("_order")


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
