"""The communes' outlines: ``data/reference/communes_outlines.parquet``.

Every commune of France, its outer rings simplified (about 120 m) and written as Google
encoded polylines at 1e-4 degree (WGS 84), several rings separated by a space
(``make reference-data``; ``tools/extract_reference_data.py`` says how). Only the communes a
page asks for are decoded.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from analysis.core.errors import DataValidationError
from analysis.core.paths import data_dir

OUTLINES = "communes_outlines.parquet"
OUTLINE_SCALE = 10_000  # 1e-4 degree: the precision the outlines are written to


def decode_outline(text: str, scale: int = OUTLINE_SCALE) -> list[list[tuple[float, float]]]:
    """The rings of an encoded outline as lists of (lon, lat) in degrees (each ring a Google
    encoded polyline of (lat, lon) deltas; rings separated by a space)."""
    rings = []
    for encoded in text.split(" ") if text else []:
        values, value, shift = [], 0, 0
        for char in encoded:
            byte = ord(char) - 63
            value |= (byte & 0x1F) << shift
            shift += 5
            if byte < 0x20:
                values.append(~(value >> 1) if value & 1 else value >> 1)
                value, shift = 0, 0
        ring, lat, lon = [], 0, 0
        for i in range(0, len(values) - 1, 2):
            lat, lon = lat + values[i], lon + values[i + 1]
            ring.append((lon / scale, lat / scale))
        rings.append(ring)
    return rings


def load_commune_polygons(data: str | Path | None = None,
                          codes: Iterable[str] | None = None) -> dict[str, list]:
    """``{commune_code: [ring, …]}`` (outer rings, (lon, lat)) of the communes ``codes``:
    what :func:`analysis.inputs.official.irve.locate_points` places points in."""
    return {f["properties"]["commune_code"]: [poly[0] for poly in f["geometry"]["coordinates"]]
            for f in load_commune_shapes(data, codes)["features"]}


def load_commune_shapes(data: str | Path | None = None,
                        codes: Iterable[str] | None = None) -> dict:
    """The outlines of the communes ``codes`` (all of France when None) as a GeoJSON
    FeatureCollection (WGS 84, a MultiPolygon of outer rings per commune, property
    ``commune_code``).

    Raises
    ------
    DataValidationError
        If the file is missing or unreadable, or lacks a column.
    """
    import pyarrow.parquet as pq

    path = data_dir(data) / "reference" / OUTLINES
    if not path.exists():
        raise DataValidationError(f"{path}: fichier introuvable (make reference-data)")
    wanted = None if codes is None else sorted(set(codes))
    try:
        table = pq.read_table(path, columns=["commune_code", "outline"],
                              filters=None if wanted is None else
                              [("commune_code", "in", wanted)])
    except (OSError, ValueError, KeyError) as exc:
        raise DataValidationError(f"{path}: tout le fichier : règle « fichier lisible » non "
                                  f"respectée ({exc})") from None
    features = [{"type": "Feature", "properties": {"commune_code": code},
                 "geometry": {"type": "MultiPolygon",
                              "coordinates": [[ring] for ring in decode_outline(text)]}}
                for code, text in zip(table.column("commune_code").to_pylist(),
                                      table.column("outline").to_pylist(), strict=True)]
    return {"type": "FeatureCollection", "features": features}
