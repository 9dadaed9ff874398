"""Display pieces every section's notebook shares: sentences, audit list, full figures table.

Sections keep their own charts and sub-section layout (``waste_report``, ``housing_report``);
what is the same for all of them lives here once.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import Markdown, display

from analysis.core.fmt import fr_number, fr_value, gap_size, shows_interval
from analysis.core.statuses import VERIFIED, verification_counts
from analysis.display.tables import all_figures_table, figures_table


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
    text = (f"Population de référence : **{fr_value(population.value, 'hab')}** "
            f"({population.label}, somme des {population.n_communes} communes).")
    if population.perimeter is not None:
        text += " " + population.perimeter.sentence()
    return text


def counts_sentence(df_figures: pd.DataFrame) -> str:
    """What the section shows and what was actually verified: figures shown as printed
    verify nothing; only comparisons with something independent count."""
    kinds = df_figures.drop_duplicates("figure_id")["kind"].value_counts()
    counts = verification_counts(df_figures)
    observed = _count(kinds.get("observed", 0), "chiffre relevé", "chiffres relevés")
    computed = _count(kinds.get("computed", 0), "chiffre calculé", "chiffres calculés")
    reference = _count(kinds.get("reference", 0), "chiffre de référence",
                       "chiffres de référence")
    printed = _count(counts["printed"], "chiffre est repris tel que publié",
                     "chiffres sont repris tels que publiés")
    text = (f"Cette section présente {observed} dans les documents, {computed} et {reference} "
            f"(population, recensement et fichiers nationaux). {printed} : rien "
            f"d'indépendant ne permet de {'les' if counts['printed'] > 1 else 'le'} "
            f"vérifier. ")
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
    display(all_figures_table(df_figures))


def mismatch_markdown(df_figures: pd.DataFrame) -> str:
    """Plain French list of the figures that differ from what they were compared with, one
    sentence each: what the document published, what the data give, the size of the gap in
    the figure's own unit (points for a rate) and, when known, the probable reason."""
    mismatches = df_figures[df_figures["status"] == "mismatch"]
    if mismatches.empty:
        verified = df_figures["status"].isin(VERIFIED).sum()
        return ("Aucun écart : chaque chiffre vérifié est conforme à ce à quoi il a été "
                "comparé, aux arrondis près." if verified else
                "Aucun chiffre de cette section n'a pu être vérifié : aucun n'est imprimé deux "
                "fois ni recalculable à partir d'autres données.")
    return "\n".join(f"- {gap_sentence(r, df_figures)}" for r in mismatches.itertuples())


def gap_sentence(r, df_figures: pd.DataFrame, detailed: bool = True) -> str:
    """One audit gap in a sentence; ``r`` is a row of the figures table (a named tuple).
    ``detailed=False`` (a report's summary) leaves out the sources and the row's note."""
    d = int(r.decimals)
    text = f"**{r.label}** : le document publie {fr_value(r.published_value, r.unit, d)}"
    if detailed:
        text += f" ({r.published_source})"
    if r.kind == "observed":
        text += f" et imprime ailleurs {fr_value(r.value, r.unit, d)}"
        text += f" ({r.source})" if detailed else ""
    else:
        given = "le fichier national donne" if r.kind == "reference" else "les données donnent"
        text += f", {given} {fr_value(r.value, r.unit, d)}"
        if shows_interval(r.low, r.high, d):
            text += (f" (entre {fr_number(r.low, d)} et {fr_number(r.high, d)} compte tenu "
                     f"des arrondis)")
    text += f", soit un écart de {gap_size(r.gap, r.gap_pct, r.unit, d)}."
    reason = implied_population_reason(r, df_figures)
    if reason:
        text += f" Raison probable : {reason}."
    if detailed and isinstance(r.note, str) and r.note.strip(" ."):
        note = r.note.strip().rstrip(" .")
        text += f" {note[0].upper()}{note[1:]}."
    return text


def implied_population_reason(r, df_figures: pd.DataFrame) -> str:
    """For a computed per-inhabitant figure, the population the published ratio implies
    (the computed total divided by the published ratio) against the population used; ""
    for any other figure, or when the population used is not in the table."""
    if r.kind != "computed" or "/hab" not in r.unit or not r.published_value:
        return ""
    used = df_figures[(df_figures["indicator"] == "population")
                      & (df_figures["territory"] == r.territory)
                      & (df_figures["year"] == r.year)]
    if used.empty:
        return ""
    population = float(used["value"].iloc[0])
    implied = population * r.value / r.published_value
    d = int(r.decimals)
    return (f"{fr_value(r.published_value, r.unit, d)} suppose environ "
            f"{fr_number(implied)} habitants quand la {r.territory} en comptait "
            f"{fr_number(population)}")


def merge_citations(citations) -> str:
    """Merge citation strings of :func:`cite` so each document appears once with its lines.

    ``"Doc, l. 831"`` and ``"Calcul : Doc, l. 844, 846"`` → ``"Doc, l. 831, 844, 846"``.
    """
    lines_by_document: dict[str, list[int]] = {}
    for citation in citations:
        for part in str(citation).removeprefix("Calcul : ").split(" ; "):
            document, _, lines = part.partition(", l. ")
            numbers = lines_by_document.setdefault(document.strip(), [])
            for number in lines.split(","):
                if number.strip().isdigit() and int(number) not in numbers:
                    numbers.append(int(number))
    return " ; ".join(
        f"{doc}, l. {', '.join(map(str, sorted(nums)))}" if nums else doc
        for doc, nums in lines_by_document.items() if doc
    )
