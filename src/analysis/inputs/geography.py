"""The communes' outlines: ``data/reference/communes.geojson`` (simplified, WGS 84)."""

from __future__ import annotations

import json
from pathlib import Path

from analysis.core.errors import DataValidationError
from analysis.core.paths import data_dir


def load_commune_shapes(data: str | Path | None = None) -> dict:
    """The commune polygons (GeoJSON, WGS 84) of ``data/reference/communes.geojson``.

    Raises
    ------
    DataValidationError
        If the file is missing or a feature has no ``commune_code`` property.
    """
    path = data_dir(data) / "reference" / "communes.geojson"
    if not path.exists():
        raise DataValidationError(f"{path}: fichier introuvable")
    geojson = json.loads(path.read_text(encoding="utf-8"))
    for position, feature in enumerate(geojson.get("features", [])):
        if not feature.get("properties", {}).get("commune_code"):
            raise DataValidationError(
                f"{path}: entité {position + 1} sans propriété « commune_code »"
            )
    return geojson
