"""The charging-point files an analyst drops for the mobility section, by snapshot year.

Two kinds: Etalab's consolidated file as published (``data/mobility/irve/``, CSV) and a
third party's cleaned derivative of it (``data/mobility/irve_derived/``, Parquet, no commune
code and no id: a lower bound). One file per year is used: when both kinds have a file for
the same year, the consolidated file wins and the derivative is set aside (never added).
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.core.paths import data_dir as data_root
from analysis.core.specs import DropFolder
from analysis.inputs.geography import load_commune_polygons
from analysis.inputs.official.irve import IrveFile, load_irve
from analysis.inputs.official.irve_derived import (
    DerivedIrveFile,
    derived_snapshot,
    load_irve_derived,
)
from analysis.inputs.official.reading import check_declared, official_files
from analysis.inputs.official.shared import parsed_once
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

IRVE_DIR = Path("mobility") / "irve"
IRVE_TITLE = ("Bornes de recharge pour véhicules électriques, fichier consolidé (schéma IRVE "
              "statique 2.3)")
IRVE_PUBLISHER = "Etalab / data.gouv.fr"
IRVE_LICENCE = "Licence Ouverte 2.0"
DERIVED_TITLE = ("Points de recharge pour véhicules électriques — fichier DÉRIVÉ nettoyé du "
                 "fichier consolidé Etalab consolidation-etalab-schema-irve-statique-v-…-"
                 "AAAAMMJJ.csv")
DERIVED_PUBLISHER = "Etalab / data.gouv.fr (fichier consolidé) ; dérivation par un tiers"


def _reference(root: Path, communes: pd.DataFrame | None) -> tuple:
    """sources.csv, the communes (by default those of the agglomerations reported by
    default) and their polygons: what the loaders need."""
    if communes is None:
        communes = scope_communes(load_table("reference/communes", root), root)
    return (load_table("sources", root), communes,
            load_commune_polygons(root, communes["commune_code"]))


def _keep_one_per_year(files: dict, loaded, path: Path, source_id: str, what: str) -> None:
    if loaded.vintage in files:
        raise DataValidationError(
            f"{path}: deux {what} pour l'année {loaded.vintage} "
            f"({files[loaded.vintage].points['source_id'].iloc[0]} et {source_id}) : "
            f"gardez le plus récent"
        )
    files[loaded.vintage] = loaded


def load_irve_files(data: str | Path | None = None,
                    communes: pd.DataFrame | None = None) -> dict[int, IrveFile]:
    """The consolidated IRVE files dropped in ``data/mobility/irve/``, by snapshot year.

    Raises
    ------
    DataValidationError
        From :func:`analysis.inputs.official.irve.load_irve`, or if two files have the same
        year.
    SourceMissingError
        If a file is not declared in ``sources.csv`` with its checksum.
    """
    root = data_root(data)
    paths = official_files(root / IRVE_DIR)
    if not paths:
        return {}
    sources, communes, polygons = _reference(root, communes)
    files: dict[int, IrveFile] = {}
    for path in paths:
        source_id = check_declared(path, sources, IRVE_TITLE, IRVE_PUBLISHER, IRVE_LICENCE,
                                   root)
        loaded = parsed_once(load_irve, path, communes, polygons, source_id)
        _keep_one_per_year(files, loaded, path, source_id, "fichiers IRVE")
    return files


def load_derived_files(folder: DropFolder, data: str | Path | None = None,
                       communes: pd.DataFrame | None = None) -> dict[int, DerivedIrveFile]:
    """The derivatives dropped in ``folder`` (``data/mobility/irve_derived/``), by the year
    of the snapshot they derive from (named in their line of ``sources.csv``).

    Raises
    ------
    DataValidationError
        From :func:`analysis.inputs.official.irve_derived.load_irve_derived`, if the
        snapshot date is not in ``sources.csv``, or if two derivatives have the same year.
    SourceMissingError
        If a file is not declared in ``sources.csv`` with its checksum.
    """
    root = data_root(data)
    paths = official_files(root / folder.path, folder.suffixes)
    if not paths:
        return {}
    sources, communes, polygons = _reference(root, communes)
    files: dict[int, DerivedIrveFile] = {}
    for path in paths:
        source_id = check_declared(path, sources, DERIVED_TITLE, DERIVED_PUBLISHER,
                                   IRVE_LICENCE, root)
        snapshot = derived_snapshot(sources, source_id)
        loaded = parsed_once(load_irve_derived, path, communes, polygons, source_id, snapshot)
        _keep_one_per_year(files, loaded, path, source_id, "fichiers IRVE dérivés")
    return files


def prefer_official(official: dict[int, IrveFile], derived: dict[int, DerivedIrveFile]
                    ) -> tuple[dict[int, IrveFile], dict[int, str]]:
    """One file per year: the consolidated file where there is one, else the derivative;
    and, by year, the source id of each derivative set aside."""
    files = {**derived, **official}
    set_aside = {year: d.source_id for year, d in derived.items() if year in official}
    return dict(sorted(files.items())), set_aside
