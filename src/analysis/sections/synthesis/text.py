"""Every French sentence of the synthesis page that depends on the data, and its constant
sentences: one place for the page's wording. Each function takes a computed
:class:`~analysis.sections.base.Result` (or a part of it) and returns Markdown."""

from __future__ import annotations

import pandas as pd

from analysis.core.fmt import fr_value
from analysis.inputs.perimeter import MEMBERSHIP_LABEL
from analysis.sections.base import Result


def intro_markdown(section: Result) -> str:
    """What the page compares, how each value is chosen, how many rows it read."""
    territories, read = section.values["territories"], section.values["rows_read"]
    compared = section.frames["comparison"][["indicator", "breakdown"]].drop_duplicates()
    return (
        f"Cette page met côte à côte les **{len(territories)} agglomérations** sur les "
        f"**{len(compared)} indicateurs** que deux d'entre elles au moins ont, avec la même "
        f"définition (catalogue des indicateurs). Chaque valeur est celle de la section "
        f"indiquée sous elle, au chiffre près : rien n'est recalculé ici. Un indicateur tiré "
        f"des mêmes fichiers nationaux pour toutes (recensement, LOVAC, Filosofi, bornes de "
        f"recharge…) est comparé sur un seul millésime, celui que le plus d'agglomérations "
        f"ont, et dessiné ; pour les chiffres des documents, la valeur retenue est la plus "
        f"récente de chaque agglomération (millésime des données, puis année du rapport). "
        f"L'année sous la valeur est celle que le chiffre décrit. "
        f"Chiffres lus : {', '.join(f'{t} {read[t]}' for t in territories)}."
    )


def national_chart_title(label: str, vintage: int) -> str:
    return f"{label} ({vintage})"


def national_chart_source(sources: pd.Series) -> str:
    """The chart's source: each file once (the same national file for every agglomeration;
    how many communes each sum covers is in the table below and in each section)."""
    parts = dict.fromkeys(part.strip() for source in sources
                          for part in str(source).removeprefix("Calcul : ").split(" ; ")
                          if part.strip() and not part.strip().startswith("somme des "))
    return "Même fichier national, même millésime pour toutes : " + " ; ".join(parts)


def national_chart_description(label: str, values: pd.Series, unit: str, decimals: int) -> str:
    """The chart's alternative text: every value it shows."""
    return f"{label} : " + ", ".join(f"{territory} {fr_value(v, unit, decimals)}"
                                     for territory, v in values.items()) + "."


def map_title(n_communes: int, n_territories: int) -> str:
    return f"Les {n_communes} communes des {n_territories} agglomérations"


def map_legend(territory: str, n_communes: int) -> str:
    return f"{territory} — {n_communes} communes"


MAP_DESCRIPTION = "Carte des communes, chacune colorée selon son agglomération."


def membership_markdown() -> str:
    """How the communes are attached to the agglomerations, for every year."""
    return (f"Composition utilisée pour toutes les années : {MEMBERSHIP_LABEL}. "
            "Les chiffres des fichiers officiels sont rattachés aux agglomérations par le "
            "code de la commune, jamais par le code de l'EPCI : une année antérieure à une "
            "fusion est ainsi recalculée sur le périmètre actuel.")


def agglomeration_name(name: str, territory: str) -> str:
    return f"{name} ({territory})"


def years_text(years: list[int]) -> str:
    """« 2019, 2021 », or « – » without a year."""
    return ", ".join(map(str, years)) or "–"


def statements_text(checks: pd.DataFrame) -> str:
    """What the documents say of an agglomeration's number of communes, against ours."""
    return "; ".join(
        f"{c.year} : {c.stated} communes{' (' + c.scope + ')' if c.scope else ''}, "
        f"{'conforme' if c.status == 'match' else 'ÉCART'} — {c.citation}"
        for c in checks.itertuples()
    ) or "aucun document ne donne le nombre de communes"


def not_compared_markdown(n_indicators: int) -> str:
    return (f"**{n_indicators}** indicateurs comparables ne sont disponibles que pour une "
            "agglomération ; ils restent dans sa section :")


NO_COMPARISON = ("Aucun indicateur de ce domaine n'est disponible pour deux agglomérations au "
                 "moins.")
ALL_COMPARED = ("Tous les indicateurs comparables sont disponibles pour deux agglomérations au "
                "moins.")
