"""The synthesis: the four agglomerations side by side, from the sections' own figures.

Nothing is recomputed here: every value is a row of the export (``outputs/figures.csv``),
which is the concatenation of the sections' figures records. An indicator is compared when
the catalogue marks it *comparable* (same definition in every territory) and at least two
agglomerations have it; each agglomeration's value is its latest one (latest data vintage,
then latest report year), shown with its year and a link to the section it comes from.
"""

from __future__ import annotations

import re
from html import escape

import pandas as pd

from analysis.core.fmt import fr_value
from analysis.core.statuses import STATUS_LABELS
from analysis.figures import catalogue

SECTION_LABELS = {"common": "Population", "waste": "Déchets", "housing": "Habitat",
                  "mobility": "Mobilité", "energy": "Énergie et climat"}
_YEAR = re.compile(r"(19|20)\d{2}")


def reference_year(row: pd.Series) -> int:
    """The year a figure describes: its population or census vintage, else the last year of
    its period, else the report year (how "latest" is judged between two sections)."""
    for text in (row.get("population_vintage", ""), row.get("period", "")):
        years = [int(m.group(0)) for m in _YEAR.finditer(str(text or ""))]
        if years:
            return max(years)
    return int(row["year"])


# breakdowns of figures about a wider or another area that a section quotes for reference
OTHER_AREAS = {"national_reference", "france", "france_metropolitaine", "departement_nord",
               "bassin_minier", "erbm_perimetre_non_precise", "projection_omphale",
               "valenciennois", "smtd_artois_gohelle"}


def own_rows(df_export: pd.DataFrame, territories: list[str]) -> pd.DataFrame:
    """Rows that measure the section's own territory: a breakdown naming another
    agglomeration (or a wider area) is that area's figure, quoted by a section."""
    others = {t.lower() for t in territories} | OTHER_AREAS
    keep = [b not in others or b == t.lower()
            for b, t in zip(df_export["breakdown"], df_export["territory"], strict=True)]
    return df_export[keep]


def row_label(indicator: str, breakdown: str, section_label: str) -> str:
    """The label of a compared row: the catalogue's (the sections may add a vintage to it),
    or the section's when a breakdown qualifies it."""
    return section_label if breakdown else catalogue.get(indicator).label


def comparison(df_export: pd.DataFrame, territories: list[str]) -> pd.DataFrame:
    """One row per compared indicator × agglomeration, with every column of the export.

    Compared: catalogue-comparable indicators (with their breakdown) that at least two of
    ``territories`` have. For each agglomeration, the row with the latest reference year,
    then the latest report year, then the first in the export's order.
    """
    df = own_rows(df_export[df_export["territory"].isin(territories)], territories)
    df = df[df["indicator"].map(lambda i: i in catalogue.CATALOGUE
                                and catalogue.CATALOGUE[i].comparable)]
    if df.empty:
        return df.assign(reference_year=pd.Series(dtype=int), domain=pd.Series(dtype=str))
    df = df.assign(reference_year=df.apply(reference_year, axis=1),
                   _order=range(len(df)))
    counts = df.groupby(["indicator", "breakdown"])["territory"].nunique()
    compared = counts[counts >= 2].index
    df = df.set_index(["indicator", "breakdown"]).loc[
        lambda d: d.index.isin(compared)].reset_index()
    df = df.sort_values(["reference_year", "year", "_order"], ascending=[False, False, True],
                        kind="stable")
    chosen = df.drop_duplicates(["indicator", "breakdown", "territory"], keep="first")
    chosen = chosen.assign(domain=chosen["indicator"].map(catalogue.SECTION_OF))
    domain_order = {d: i for i, d in enumerate(SECTION_LABELS)}
    territory_order = {t: i for i, t in enumerate(territories)}
    chosen = chosen.sort_values(
        ["domain", "indicator", "breakdown", "territory"],
        key=lambda s: s.map(domain_order) if s.name == "domain"
        else s.map(territory_order) if s.name == "territory" else s, kind="stable")
    return chosen.drop(columns="_order").reset_index(drop=True)


def not_compared(df_export: pd.DataFrame, territories: list[str]) -> pd.DataFrame:
    """Comparable indicators that only one agglomeration has (what the documents lack)."""
    df = own_rows(df_export[df_export["territory"].isin(territories)], territories)
    df = df[df["indicator"].map(lambda i: i in catalogue.CATALOGUE
                                and catalogue.CATALOGUE[i].comparable)]
    groups = df.groupby(["indicator", "breakdown"], sort=True)
    rows = [{"indicator": indicator, "breakdown": breakdown,
             "label": row_label(indicator, breakdown, group["label"].iloc[0]),
             "territories": group["territory"].iloc[0]}
            for (indicator, breakdown), group in groups if group["territory"].nunique() == 1]
    return pd.DataFrame(rows, columns=["indicator", "breakdown", "label", "territories"])


def _cell(row: pd.Series) -> str:
    value = fr_value(row["value"], row["unit"], int(row["decimals"]))
    link = f"{row['territory']}/{int(row['year'])}/{row['section']}.html"
    when = str(row["reference_year"])
    mark = (f" <span class='status-mismatch'>{STATUS_LABELS['mismatch']}</span>"
            if row["status"] == "mismatch" else "")
    return (f"{escape(value)}{mark}<br><small>{escape(when)} · "
            f"<a href='{escape(link)}'>{escape(row['section'])} {int(row['year'])}</a></small>")


def comparison_html(df_comparison: pd.DataFrame, territories: list[str], domain: str) -> str:
    """The comparison table of one domain: an indicator per row, an agglomeration per
    column; each cell gives the value, its year and a link to the section it comes from."""
    df = df_comparison[df_comparison["domain"] == domain]
    head = "".join(f"<th scope='col'>{escape(t)}</th>" for t in territories)
    body = []
    for (_indicator, _breakdown), group in df.groupby(["indicator", "breakdown"], sort=False):
        by_territory = {r["territory"]: r for _, r in group.iterrows()}
        cells = "".join(f"<td>{_cell(by_territory[t])}</td>" if t in by_territory
                        else "<td class='nodata'>–</td>" for t in territories)
        first = group.iloc[0]
        label = row_label(first["indicator"], first["breakdown"], first["label"])
        body.append(f"<tr><th scope='row'>{escape(label)}</th>{cells}</tr>")
    return (f"<table class='figures'><thead><tr><th scope='col'>Indicateur</th>{head}</tr>"
            f"</thead><tbody>{''.join(body)}</tbody></table>")
