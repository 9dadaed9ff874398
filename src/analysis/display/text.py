"""Display pieces every section's notebook shares: sentences, audit list, full figures table.

Sections keep their own charts and sub-section layout (``waste_report``, ``housing_report``);
what is the same for all of them lives here once.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import HTML, Markdown, display

from analysis.core.fmt import figures_table
from analysis.figures.record import mismatch_markdown
from analysis.inputs.sources import merge_citations


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
    from analysis.core.fmt import fr_value

    text = (f"Population de référence : **{fr_value(population.value, 'hab')}** "
            f"({population.label}, somme des {population.n_communes} communes).")
    if population.perimeter is not None:
        text += " " + population.perimeter.sentence()
    return text


def counts_sentence(df_figures: pd.DataFrame) -> str:
    """What the section shows and what was actually verified: figures shown as printed
    verify nothing; only comparisons with something independent count."""
    from analysis.figures.record import verification_counts

    kinds = df_figures.drop_duplicates("figure_id")["kind"].value_counts()
    counts = verification_counts(df_figures)
    observed = _count(kinds.get("observed", 0), "chiffre relevé", "chiffres relevés")
    computed = _count(kinds.get("computed", 0), "chiffre calculé", "chiffres calculés")
    reference = _count(kinds.get("reference", 0), "chiffre de référence",
                       "chiffres de référence")
    printed = _count(counts["printed"], "chiffre est repris tel que publié",
                     "chiffres sont repris tels que publiés")
    text = (f"Cette section présente {observed} dans les documents, {computed} et {reference} "
            f"(INSEE). {printed} : rien d'indépendant ne permet de "
            f"{'les' if counts['printed'] > 1 else 'le'} vérifier. ")
    if not counts["verified"]:
        return text + "**Aucune vérification indépendante** n'est possible ici."
    kinds_text = ", ".join(
        _count(counts[check], *labels) for check, labels in (
            ("recomputation", ("recalcul", "recalculs")),
            ("second_printing", ("seconde impression", "secondes impressions")),
            ("national_file", ("fichier national", "fichiers nationaux")))
        if counts[check])
    verified = _count(counts["verified"], "vérification indépendante",
                      "vérifications indépendantes")
    return text + (f"**{verified}** ({kinds_text}) : "
                   f"**{_count(counts['mismatch'], 'écart', 'écarts')}**.")


def _count(n: int, one: str, many: str) -> str:
    """« 1 chiffre », « 0 chiffre », « 2 chiffres » (French: plural from 2)."""
    return f"{n} {one if n < 2 else many}"


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
