"""Helpers shared by the notebook regression tests: read a built section's figures record,
sum the committed population with the csv module (independently of the package), drop a
SYNTHETIC official file into a copy of the data as an analyst would."""

from __future__ import annotations

import csv
import gzip
import hashlib
import shutil
from pathlib import Path

import pandas as pd

from analysis.core.paths import PROJECT_ROOT
from analysis.figures.record import read_figures_csv


def figures(out, territory: str, year: int, section: str) -> pd.DataFrame:
    return read_figures_csv(out / territory / str(year) / f"{section}.figures.csv")


def row(df: pd.DataFrame, indicator: str, breakdown: str = "", period: str | None = None
        ) -> pd.Series:
    """The one figure of ``indicator`` / ``breakdown`` (and ``period`` if given)."""
    rows = df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)]
    if period is not None:
        rows = rows[rows["period"] == period]
    assert len(rows) == 1, (indicator, breakdown, rows)
    return rows.iloc[0]


def population(territory: str, vintage: int) -> int:
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        codes = {r["commune_code"] for r in csv.DictReader(f) if r["epci_short"] == territory}
    with gzip.open(PROJECT_ROOT / "data/reference/population.csv.gz", "rt", encoding="utf-8") as f:
        return sum(int(r["population"]) for r in csv.DictReader(f)
                   if r["commune_code"] in codes and int(r["vintage"]) == vintage)


FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
# each SYNTHETIC official file of tests/fixtures: the folder of data/ it is dropped into, and
# its line of sources.csv from « title » to « licence » (see tests/fixtures/README.md)
DROPPED_FILES = {
    "irve_synthetic_20250301.csv": ("mobility/irve", "IRVE SYNTHÉTIQUE pour les tests,tests,,"
                                    "2025-03,01/03/2025,aucune"),
    "lovac_synthetic_2024.csv": ("housing/lovac", "LOVAC SYNTHÉTIQUE pour les tests,tests,"
                                 "CAVM,2026,2023-2024,aucune"),
    "enedis_production_synthetic.csv": ("energy/enedis_production", "FICHIER SYNTHÉTIQUE pour "
                                        "les tests,tests,,2024-09,2016-2023,aucune"),
    "energy_consumption_synthetic.csv": ("energy/consumption", "FICHIER SYNTHÉTIQUE pour les "
                                         "tests,tests,,2024-09,2016-2023,aucune"),
}


def drop_file(data_dir: Path, name: str, declare: bool = True) -> Path:
    """Copy the SYNTHETIC fixture ``name`` into its drop folder of ``data_dir`` and, with
    ``declare``, add its line to ``sources.csv`` (checksum included), as the README tells an
    analyst to. Returns the dropped file."""
    folder, fields = DROPPED_FILES[name]
    target = data_dir / folder
    target.mkdir(parents=True, exist_ok=True)
    shutil.copy(FIXTURES / name, target)
    if declare:
        digest = hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
        with open(data_dir / "sources.csv", "a", encoding="utf-8") as f:
            f.write(f"{name.removesuffix('.csv')},{fields},data/{folder}/{name},{digest},"
                    f"tests,Valeurs fictives.\n")
    return target / name


IRVE_DERIVED = PROJECT_ROOT / "data" / "mobility" / "irve_derived" / "irve_clean.parquet"


def irve_derived_points(path: Path = IRVE_DERIVED) -> pd.DataFrame:
    """The rows of the committed IRVE derivative inside the communes of the four
    agglomerations, found independently of the package: a pyarrow read, the GeoJSON outer
    rings with matplotlib.path, communes.csv with the csv module. A row whose latitude holds
    a longitude below 20 and whose longitude holds a latitude above 40 is read swapped.
    Columns: the file's, plus ``commune_code`` and ``epci_short``."""

    import numpy as np
    import pyarrow.parquet as pq
    from matplotlib.path import Path as PolygonPath

    df = pq.read_table(path).to_pandas()
    lon, lat = df["longitude"].to_numpy(float), df["latitude"].to_numpy(float)
    swapped = (lat < 20) & (lon > 40)
    lon, lat = np.where(swapped, lat, lon), np.where(swapped, lon, lat)
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        ours = {r["commune_code"] for r in reported_rows(csv.DictReader(f))}
    outlines = pq.read_table(PROJECT_ROOT / "data/reference/communes_outlines.parquet")
    rings = [(code, np.asarray(ring, float))
             for code, text in zip(outlines.column("commune_code").to_pylist(),
                                   outlines.column("outline").to_pylist(), strict=True)
             if code in ours for ring in _polylines(text)]
    every = np.vstack([ring for _, ring in rings])
    near = np.flatnonzero((lon >= every[:, 0].min()) & (lon <= every[:, 0].max())
                          & (lat >= every[:, 1].min()) & (lat <= every[:, 1].max()))
    found = np.full(len(df), "", dtype=object)
    for code, ring in rings:
        inside = PolygonPath(ring).contains_points(np.column_stack([lon[near], lat[near]]))
        free = found[near] == ""
        found[near[inside & free]] = code
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        epci = {r["commune_code"]: r["epci_short"] for r in reported_rows(csv.DictReader(f))}
    df["commune_code"] = found
    df = df[df["commune_code"] != ""].copy()
    df["epci_short"] = df["commune_code"].map(epci)
    return df


def national_file_pages(data: Path = PROJECT_ROOT / "data") -> set[tuple[str, str, int]]:
    """(territory, section, year) of every page the committed national files call for, read
    without the package: the 1 January dates of each LOVAC file's header (openpyxl) and the
    Filosofi vintage of its header (housing, every agglomeration); the ``ANNEE`` of each SDES
    heat-network row whose IRIS lies in an agglomeration's commune (energy); the snapshot
    year of the IRVE derivative's ``sources.csv`` line (mobility, every agglomeration); the
    latest year of each of these files from the census's on (peers, every agglomeration)."""
    import re

    from openpyxl import load_workbook

    with open(data / "reference" / "communes.csv", encoding="utf-8") as f:
        epci = {r["commune_code"]: r["epci_short"] for r in reported_rows(csv.DictReader(f))}
    territories = set(epci.values())
    pages = set()
    file_years = set()  # each national file's latest year: the years of the peers pages
    for path in sorted((data / "housing" / "lovac").glob("*.xlsx")):
        book = load_workbook(path, read_only=True)
        header = next(book["Données"].iter_rows(values_only=True))
        book.close()
        dates = {2000 + int(m.group(1)) for c in header
                 if (m := re.fullmatch(r"Nb_logvac_pp_0101(\d\d)", str(c)))}
        pages |= {(t, "housing", year) for t in territories for year in dates}
        file_years.add(max(dates))
    for path in sorted((data / "housing" / "filosofi").glob("*.csv")):
        header = path.read_text(encoding="utf-8").split("\n", 1)[0].split(";")
        pages |= {(t, "housing", 2000 + int(c[3:])) for t in territories for c in header
                  if re.fullmatch(r"MED\d\d", c)}
    for path in sorted((data / "energy" / "district_heating").glob("*.csv")):
        rows = pd.read_csv(path, sep=";", skiprows=1, dtype=str, encoding="latin-1")
        iris = rows["IRIS"] if "IRIS" in rows else rows["IRIS_CODE"]
        pages |= {(epci[code[:5]], "energy", int(year))
                  for code, year in zip(iris, rows["ANNEE"], strict=True) if code[:5] in epci}
        file_years.add(max(int(year) for year in rows["ANNEE"]))
    with open(data / "sources.csv", encoding="utf-8") as f:
        derived = [r for r in csv.DictReader(f)
                   if r["path"].startswith("data/mobility/irve_derived/")]
    pages |= {(t, "mobility", int(r["published"][:4])) for r in derived for t in territories}
    # peers: every year of a national file from the census's (the committed extract's name)
    census_year = int(next((data / "reference").glob("census_*_by_commune.csv*")).name[7:11])
    file_years |= {census_year} | {int(r["published"][:4]) for r in derived}
    pages |= {(t, "peers", y) for t in territories for y in file_years if y >= census_year}
    return pages


FAILING_NOTEBOOK = PROJECT_ROOT / "tests" / "fixtures" / "failing_section.ipynb"


def failing_section():
    """A SYNTHETIC section for the robustness tests: the notebook tests/fixtures/
    failing_section.ipynb, the waste section's years, and a folder ``failing/`` of the data
    copy whose files tell it how to misbehave. Register it in
    ``analysis.engine.plan.EXTRA_SECTIONS``."""
    from types import SimpleNamespace

    from analysis.core.specs import DropFolder, SectionSpec
    from analysis.sections import waste

    spec = SectionSpec(name="failing", label="Section de test", order=99, scope="territory",
                       tables=waste.SPEC.tables, files=(),
                       drop_folders=(DropFolder("failing", "les consignes du notebook de test"),),
                       key_indicators=(), folder=FAILING_NOTEBOOK.parent,
                       notebook_path=FAILING_NOTEBOOK)
    return SimpleNamespace(SPEC=spec, load_inputs=waste.load_inputs, years=waste.years)


def index_cell(index_soup, territory: str, year: int, column: str):
    """The cell of the index grid for ``territory``, ``year`` and ``column`` (« Rapport »
    or a section's label)."""
    table = index_soup.select_one(f"section#{territory} table.index-grid")
    headers = [th.get_text(strip=True) for th in table.select("thead th")]
    row = table.select_one(f"tr#{territory}-{year}")
    return row.find_all(["th", "td"], recursive=False)[headers.index(column)]


def _polylines(text: str) -> list[list[tuple[float, float]]]:
    """The (lon, lat) rings of an outline of ``communes_outlines.parquet``: Google encoded
    polylines at 1e-4 degree separated by spaces, decoded here without the package."""
    rings = []
    for encoded in text.split():
        numbers, shift, value = [], 0, 0
        for char in encoded:
            chunk = ord(char) - 63
            value |= (chunk & 31) << shift
            shift += 5
            if chunk < 32:
                numbers.append(-(value >> 1) - 1 if value & 1 else value >> 1)
                shift, value = 0, 0
        lat = lon = 0
        ring = []
        for dlat, dlon in zip(numbers[::2], numbers[1::2], strict=True):
            lat, lon = lat + dlat, lon + dlon
            ring.append((lon / 1e4, lat / 1e4))
        rings.append(ring)
    return rings


def reported_rows(rows):
    """The rows of ``reference/communes.csv`` (csv module) of the agglomerations reported by
    default: a short code of letters (every other EPCI of France is known by its SIREN)."""
    return [r for r in rows if not r["epci_short"].isdigit()]


def reported_frame(df):
    """The same for a DataFrame of ``reference/communes.csv``."""
    return df[~df["epci_short"].str.isdigit()].reset_index(drop=True)
