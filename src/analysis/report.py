"""Display pieces every section's notebook shares: sentences, audit list, full figures table.

Sections keep their own charts and sub-section layout (``waste_report``, ``housing_report``);
what is the same for all of them lives here once.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown, display

from .figures import mismatch_markdown
from .fmt import figures_table
from .sources import merge_citations


def say(text: str) -> None:
    """Display a French sentence (Markdown) in the report.

    Every ``<`` is shown as the character itself: the sentences quote notes, titles and
    citations from the data, and a CSV must never put markup (a ``<script>``) in a page.
    """
    display(Markdown(text.replace("<", "&lt;")))


def sources_of(df_figures: pd.DataFrame, indicators: list[str]) -> str:
    """Sources of the given figures, one citation per document with its line numbers merged."""
    rows = df_figures[df_figures["indicator"].isin(indicators)]
    return merge_citations(rows["source"])


def population_sentence(population) -> str:
    """The population every per-inhabitant figure of a section uses, with its vintage."""
    from .fmt import fr_value

    text = (f"Population de référence : **{fr_value(population.value, 'hab')}** "
            f"({population.label}, somme des {population.n_communes} communes).")
    if population.perimeter is not None:
        text += " " + population.perimeter.sentence()
    return text


def counts_sentence(df_figures: pd.DataFrame) -> str:
    """How many figures are transcribed, recomputed, and how many differ from the documents."""
    counts = df_figures["kind"].value_counts()
    return (
        f"Cette section présente **{counts.get('observed', 0)}** chiffres relevés dans les "
        f"documents, **{counts.get('computed', 0)}** chiffres recalculés et "
        f"**{counts.get('reference', 0)}** chiffres de référence (INSEE) ; "
        f"**{(df_figures['status'] == 'mismatch').sum()}** écart(s) avec les chiffres publiés."
    )


def missing_markdown(missing: list[str]) -> str:
    """What a complete section would show and the documents do not give."""
    if not missing:
        return "Tous les indicateurs de base de la section sont disponibles."
    items = "\n".join(f"- {label}" for label in missing)
    return (
        "Les documents disponibles ne donnent pas, pour ce territoire et cette année, "
        f"les indicateurs suivants ; les calculs qui en dépendent ne sont pas faits :\n\n{items}"
    )


def show_table(df_figures: pd.DataFrame, empty_text: str) -> None:
    """Table of figures, or a sentence saying there are none."""
    if df_figures.empty:
        say(empty_text)
        return
    display(figures_table(df_figures))


def show_audit(df_figures: pd.DataFrame) -> None:
    say(mismatch_markdown(df_figures))


def show_all_figures(df_figures: pd.DataFrame) -> None:
    display(figures_table(df_figures, ("value", "published", "status", "source", "note")))


def html_table(columns: list[str], rows: list[list[str]], css_class: str = "figures") -> HTML:
    """An accessible HTML table: ``columns`` are headers, each row's first cell is the row's
    header. Cells are text and are escaped here (a CSV can never inject markup)."""
    from html import escape

    head = "".join(f"<th scope='col'>{escape(c)}</th>" for c in columns)
    body = "".join(
        "<tr>" + f"<th scope='row'>{escape(str(r[0]))}</th>"
        + "".join(f"<td>{escape(str(c))}</td>" for c in r[1:]) + "</tr>"
        for r in rows
    )
    return HTML(f"<table class='{css_class}'><thead><tr>{head}</tr></thead>"
                f"<tbody>{body}</tbody></table>")
