"""What the synthesis page shows: the map, the perimeters, the comparison tables.

Every function here shows a computed :class:`~analysis.sections.base.Result` of
:mod:`analysis.sections.synthesis` (rows of the export, chosen by its steps); none reads a
file or chooses a row. The sentences are in :mod:`.text`.
"""

from __future__ import annotations

from html import escape

import pandas as pd
from IPython.display import HTML, display
from markupsafe import Markup

from analysis.core.fmt import fr_number, fr_value
from analysis.core.statuses import STATUS_LABELS
from analysis.display import charts
from analysis.display import text as report
from analysis.display.tables import html_table, render_table
from analysis.display.text import say
from analysis.sections.base import Result
from analysis.sections.synthesis import text
from analysis.sections.synthesis.model import row_label


def heading(ctx) -> None:
    """The page's heading in a notebook."""
    say(f"## {ctx.spec.label} — les agglomérations comparées")


def show_intro(section: Result) -> None:
    say(text.intro_markdown(section))


def show_map(section: Result) -> None:
    """The communes of the agglomerations, each coloured by its agglomeration."""
    territories = section.values["territories"]
    shapes = charts.commune_polygons(section.values["shapes"])
    communes = section.frames["communes"]
    categories = dict(zip(communes["commune_code"], communes["epci_short"], strict=True))
    counts = communes["epci_short"].value_counts()
    labels = {t: text.map_legend(t, counts.get(t, 0)) for t in territories}
    fig, _ = charts.category_map(categories, shapes, labels)
    charts.show(fig, text.map_title(len(categories), len(territories)),
                section.values["map_source"], text.MAP_DESCRIPTION)


def show_perimeters(section: Result) -> None:
    """Each agglomeration's perimeter, and what the documents say of it."""
    checks = section.frames["checks"]
    rows = [[text.agglomeration_name(p.name, p.territory), fr_number(p.communes),
             text.years_text(p.years),
             text.statements_text(checks[checks["territory"] == p.territory])]
            for p in section.frames["perimeters"].itertuples()]
    say(text.membership_markdown())
    display(html_table(["Agglomération", "Communes", "Années des sections",
                        "Nombre de communes selon les documents"], rows))


def _cell(row: pd.Series) -> str:
    """A compared value: the value, its mark if its section's audit found a gap, the year
    it describes and a link to its section's page."""
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
    rows = []
    for (_indicator, _breakdown), group in df.groupby(["indicator", "breakdown"], sort=False):
        by_territory = {r["territory"]: r for _, r in group.iterrows()}
        first = group.iloc[0]
        label = row_label(first["indicator"], first["breakdown"], first["label"])
        rows.append({"cells": [label, *(Markup(_cell(by_territory[t])) if t in by_territory
                                        else Markup("<span class='nodata'>–</span>")
                                        for t in territories)], "id": ""})
    # the comparison is what the synthesis page is for: shown open, however long
    return render_table(["Indicateur", *territories], rows, summary="")


def show_comparison(section: Result, domain: str, charts: bool = True) -> None:
    """The comparison of one domain (``common``, ``waste``…): a chart per rate or ratio
    taken from national files (one vintage for all: a count is not drawn, agglomerations of
    different sizes are compared by rates; nor the ends of a range over the communes) unless
    ``charts`` is False (the peers' medians: each agglomeration's page draws its own), then
    the table; or why there is none."""
    df = section.frames["comparison"]
    if df[df["domain"] == domain].empty:
        say(text.NO_COMPARISON)
        return
    national = df[(df["domain"] == domain) & df["national"] & df["unit"].map(is_rate)
                  & ~df["breakdown"].str.endswith(RANGE_ENDS)]
    for _key, group in national.groupby(["indicator", "breakdown"], sort=False) if charts else ():
        plot_national(group, section.values["territories"])
    display(HTML(comparison_html(df, section.values["territories"], domain)))


# the lowest and highest commune of an agglomeration: a range, read in the table, not drawn
RANGE_ENDS = ("commune_min", "commune_max")


def is_rate(unit: str) -> bool:
    """A unit that compares agglomerations of different sizes: a share or a ratio."""
    return unit == "%" or "/" in unit


def plot_national(group: pd.DataFrame, territories: list[str]) -> None:
    """Bars of one indicator of national files, an agglomeration each, on one vintage."""
    rows = group.set_index("territory").reindex(
        [t for t in territories if t in set(group["territory"])])
    first = group.iloc[0]
    decimals = int(first["decimals"])
    label = row_label(first["indicator"], first["breakdown"], first["label"])
    fig, _ = charts.barh(list(rows.index), list(rows["value"].astype(float)),
                         value_labels=[fr_value(v, first["unit"], decimals)
                                       for v in rows["value"]],
                         decimals=0 if rows["value"].abs().max() >= 10 else decimals,
                         height_in=0.42 * len(rows) + 1.2)
    title = text.national_chart_title(label, int(first["reference_year"]))
    charts.show(fig, title, text.national_chart_source(group["source"]),
                text.national_chart_description(label, rows["value"], first["unit"],
                                                decimals))


def show_not_compared(section: Result) -> None:
    df = section.frames["not_compared"]
    if df.empty:
        say(text.ALL_COMPARED)
        return
    say(text.not_compared_markdown(len(df)))
    display(html_table(["Indicateur", "Seule agglomération"],
                       [[r.label, r.territories] for r in df.itertuples()]))


def show_all_figures(section: Result) -> None:
    report.show_all_figures(section.df_figures)
