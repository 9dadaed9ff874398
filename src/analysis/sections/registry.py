"""The registry of report sections: one entry per notebook, used by the runner and the index."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import UnknownSectionError
from analysis.core.paths import NOTEBOOKS_DIR
from analysis.inputs.tables import NATIONAL, load_table


@dataclass(frozen=True)
class Section:
    """A report section: its notebook, the table that says which years have data, key figures."""

    name: str
    label: str  # French title
    notebook: Path
    observations_table: str
    key_indicators: tuple[tuple[str, str], ...]  # (indicator, breakdown) shown in the index
    # years that official files dropped in data/ add for a territory (see analysis.housing)
    extra_years: Callable[[str, Path], list[int]] | None = None
    # folders of data/ where the analyst drops official files, with what each receives
    drop_folders: tuple[tuple[str, str], ...] = ()


def _housing_file_years(territory: str, data: Path) -> list[int]:
    from analysis.sections.housing.compute import (
        official_file_years,  # local import: housing imports this module
    )

    return official_file_years(territory, data)


def _energy_extra_years(territory: str, data: Path) -> list[int]:
    from analysis.sections.energy.compute import extra_years  # local import: see above

    return extra_years(territory, data)


def _mobility_extra_years(territory: str, data: Path) -> list[int]:
    from analysis.sections.mobility.compute import extra_years  # local import: see above

    return extra_years(territory, data)


SECTIONS: dict[str, Section] = {
    "waste": Section(
        name="waste",
        label="Déchets",
        notebook=NOTEBOOKS_DIR / "waste.ipynb",
        observations_table="waste/observations",
        key_indicators=(("dma_total_t", ""), ("dma_per_inhabitant_kg_year", ""),
                        ("dma_recovered_share_pct", "material_organic")),
    ),
    "housing": Section(
        name="housing",
        label="Habitat",
        notebook=NOTEBOOKS_DIR / "housing.ipynb",
        observations_table="housing/observations",
        key_indicators=(("dwellings", ""), ("vacancy_rate_pct", "census"),
                        ("flats_share_pct", "")),
        extra_years=_housing_file_years,
        drop_folders=(("housing/lovac", "les fichiers LOVAC par commune"),
                      ("housing/census", "les fichiers base-ic-logement de l'INSEE")),
    ),
    "mobility": Section(
        name="mobility",
        label="Mobilité",
        notebook=NOTEBOOKS_DIR / "mobility.ipynb",
        observations_table="mobility/observations",
        key_indicators=(("charging_points_per_10000_inhabitants", ""),
                        ("modal_share_pct", "car"), ("bike_purchase_grants", "")),
        extra_years=_mobility_extra_years,
        drop_folders=(("mobility/irve", "le fichier consolidé des bornes de recharge"),),
    ),
    "energy": Section(
        name="energy",
        label="Énergie et climat",
        notebook=NOTEBOOKS_DIR / "energy.ipynb",
        observations_table="energy/observations",
        key_indicators=(("renewable_share_pct", ""), ("enedis_production_mwh", "enedis"),
                        ("implied_consumption_per_inhabitant_mwh", "reduced"),
                        ("equivalence_kwh_per_inhabitant", "aerodrome_solar_park"),
                        ("equivalence_max_kwh_per_inhabitant", "mine_gas_lourches"),
                        ("solar_yield_kwh_per_kwc", "site_11_19")),
        extra_years=_energy_extra_years,
        drop_folders=(("energy/enedis_production", "la production d'électricité d'Enedis"),
                      ("energy/consumption", "les consommations d'électricité et de gaz")),
    ),
}


def drop_folders() -> dict[str, str]:
    """Every folder of dropped official files, with what it receives."""
    return {folder: what for section in SECTIONS.values()
            for folder, what in section.drop_folders}


def get_section(name: str) -> Section:
    """The section called ``name``.

    Raises
    ------
    UnknownSectionError
        If no section has that name; the message lists the known ones.
    """
    if name not in SECTIONS:
        raise UnknownSectionError(
            f"Section inconnue : {name!r}. Sections connues : {', '.join(SECTIONS)}."
        )
    return SECTIONS[name]


def years_with_data(section: Section, territory: str, data: str | Path | None = None) -> list[int]:
    """Years for which ``territory`` has at least one observation of ``section``."""
    df = load_table(section.observations_table, data)
    df = df[(df["territory"] == territory) & (df["territory"] != NATIONAL)]
    years = {int(y) for y in df["year"].unique()}
    if section.extra_years is not None:
        from analysis.core.paths import data_dir

        years |= set(section.extra_years(territory, data_dir(data)))
    return sorted(years)


def availability(data: str | Path | None = None) -> pd.DataFrame:
    """Every (territory, section, year) with data; ``year`` is missing where there is none."""
    from analysis.inputs.territories import all_territories

    rows = []
    for section in SECTIONS.values():
        for territory in all_territories(data):
            years = years_with_data(section, territory.short, data)
            rows += [{"territory": territory.short, "section": section.name, "year": y}
                     for y in years] or [{"territory": territory.short,
                                          "section": section.name, "year": None}]
    return pd.DataFrame(rows, columns=["territory", "section", "year"])
