"""The SDES heat and cold network files dropped in ``data/energy/district_heating/``, each
declared in ``sources.csv`` with its checksum, read for a set of communes, in publication
order (the energy section reads them for its agglomerations, the national table for every
commune of France)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.paths import data_dir
from analysis.inputs.official.district_heating import HeatFile, load_district_heating
from analysis.inputs.official.reading import READ_SUFFIXES, check_declared, official_files
from analysis.inputs.official.shared import parsed_once
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

FOLDER = Path("energy") / "district_heating"
TITLE = ("Données locales de l'énergie : consommation et points de livraison des réseaux de "
         "chaleur et de froid à la maille IRIS")
PUBLISHER = "SDES (ministère de la Transition écologique)"
LICENCE = "Licence Ouverte / Etalab 2.0"


def load_heat_files(data: str | Path | None = None,
                    suffixes: tuple[str, ...] = READ_SUFFIXES,
                    communes: pd.DataFrame | None = None) -> list[HeatFile]:
    """The SDES files dropped in ``data/energy/district_heating/``, in publication order
    (``published`` of ``sources.csv``, then source id).

    Raises
    ------
    DataValidationError
        From the loader.
    SourceMissingError
        If a file is not declared in ``sources.csv`` with its checksum.
    """
    root = data_dir(data)
    paths = official_files(root / FOLDER, suffixes)
    if not paths:
        return []
    sources = load_table("sources", root)
    if communes is None:  # the agglomerations reported by default
        communes = scope_communes(load_table("reference/communes", root), root)
    files = [parsed_once(load_district_heating, path, communes,
                         check_declared(path, sources, TITLE, PUBLISHER, LICENCE, root))
             for path in paths]
    published = dict(zip(sources["source_id"], sources["published"].astype(str), strict=True))
    return sorted(files, key=lambda f: (published.get(f.source_id, ""), f.source_id))
