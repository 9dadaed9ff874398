"""What the housing page shows: maps, charts and tables over a computed section.

Every function here shows figures already computed and audited (a
:class:`~analysis.sections.base.Result` of :mod:`analysis.sections.housing`); none computes a
new figure. The sentences are in :mod:`.text`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import HTML, display
from markupsafe import Markup

from analysis.core.fmt import fr_number, fr_percent, fr_value
from analysis.display import text as report
from analysis.display.charts import (
    COLOURS,
    barh,
    french_axis,
    legend_above,
    new_chart,
    show,
)
from analysis.display.tables import figures_table, fold_summary, render_table
from analysis.display.text import say
from analysis.figures import catalogue
from analysis.sections.base import Result
from analysis.sections.housing import text

# the official files' parts of the page, shown from here like the others (the notebook
# calls ``page.show_private_vacancy(section)``…)
from analysis.sections.housing.official_display import (  # noqa: F401
    show_commune_maps,
    show_incomes,
    show_private_vacancy,
    show_rents,
)

# indicators shown in each sub-section; anything else goes to "other"
GROUPS = catalogue.groups("housing")  # the page's tables: sections/housing/indicators.toml
VACANCY_FIGURES = ["vacant_dwellings", "vacancy_rate_pct"]  # those not from the census
LOVAC_CELLS = {"secret": "secret statistique", "absent": "absente du fichier"}


def group_rows(section: Result, group: str) -> pd.DataFrame:
    """Figures of one sub-section; ``other`` holds every figure no other group shows."""
    df = section.df_figures
    if group == "other":
        shown = {name for names in GROUPS.values() for name in names}
        return df[~df["indicator"].isin(shown)]
    if group == "stock":
        rows = section.rows(GROUPS["stock"])
        census = rows["breakdown"].isin(["", "census"])
        return rows[census]
    if group == "vacancy":
        documents = df[df["indicator"].isin(VACANCY_FIGURES)
                       & ~df["breakdown"].isin(["", "census", "lovac_file"])]
        return pd.concat([documents, section.rows(GROUPS["vacancy"])])
    return section.rows(GROUPS[group])


def show_group(section: Result, group: str, empty_text: str) -> None:
    """Table of a sub-section's figures, or a sentence saying nothing is published."""
    report.show_table(group_rows(section, group), empty_text)


def heading(ctx) -> None:
    """The page's heading in a notebook: section, territory, year."""
    say(f"## {ctx.spec.label} — {ctx.territory}, {ctx.year}")


def show_intro(section: Result) -> None:
    say(text.intro_markdown(section))


# --- stock and maps -------------------------------------------------------------------------


def plot_stock(section: Result) -> None:
    """Bars of the dwellings by occupancy, with their shares (census)."""

    df = section.df_figures
    parts = [("main_residences", "Résidences principales"),
             ("secondary_residences", "Résidences secondaires et occasionnelles"),
             ("vacant_dwellings", "Logements vacants")]
    total = df[df["indicator"] == "dwellings"]["value"].iloc[0]
    labels, values = [], []
    for indicator, label in parts:
        row = df[(df["indicator"] == indicator) & df["breakdown"].isin(["", "census"])]
        labels.append(label)
        values.append(row["value"].iloc[0])
    texts = [f"{fr_value(v, 'count')} ({fr_percent(100 * v / total)})" for v in values]
    fig, ax = barh(labels, values, value_labels=texts, colour=COLOURS["main"])
    ax.set_xlabel("logements")
    title = f"Logements par catégorie, recensement {section.values['census_vintage']}"
    description = " ; ".join(f"{label} : {shown}" for label, shown in zip(labels, texts,
                                                                           strict=True))
    show(fig, title, report.sources_of(df, ["dwellings"]), description)


def communes_table(section: Result) -> HTML:
    """Every commune: dwellings, vacancy and flats (census), sorted by vacancy rate (highest
    first); with a LOVAC date, the private stock's vacancy rate and its vacant dwellings
    (those vacant for 2 years or more in brackets), or why the file gives none."""
    df = section.frames["communes"].sort_values("vacancy_rate_pct", ascending=False)
    has_lovac = "lovac_status" in df
    columns = ["Commune", "Logements", "Vacants", "Taux de vacance", "Part des appartements"]
    if has_lovac:
        columns += [f"Vacance du parc privé, LOVAC au 01/01/{section.values['lovac_year']}",
                    "Vacants LOVAC (dont 2 ans ou plus)"]
    rows = []
    for r in df.itertuples():
        cells = [Markup("{} <small>({})</small>").format(str(r.commune_name), r.commune_code),
                 fr_number(r.dwellings), fr_number(r.vacant_dwellings),
                 fr_percent(r.vacancy_rate_pct), fr_percent(r.flats_share_pct)]
        if has_lovac:
            missing = LOVAC_CELLS.get(r.lovac_status)
            cells += [missing or fr_percent(r.lovac_vacancy_rate_pct),
                      "" if missing else (f"{fr_number(r.vacant_private)} "
                                          f"({fr_number(r.vacant_2y_plus)})")]
        rows.append({"cells": cells, "id": ""})
    summary = fold_summary(len(rows), "Les communes une à une")
    return HTML(render_table(columns, rows, "figures communes", summary=summary))


def show_stock(section: Result) -> None:
    plot_stock(section)
    display(figures_table(group_rows(section, "stock")))


def show_maps(section: Result) -> None:
    """The maps of the communes (census, LOVAC, Filosofi, rent map: one image), then the
    table of the communes."""
    show_commune_maps(section)
    say(text.communes_lead(section))
    display(communes_table(section))


# --- vacancy --------------------------------------------------------------------------------


def vacancy_table(section: Result) -> HTML:
    """The documents' vacancy counts and rates beside the census recomputation."""
    columns = ["Source du chiffre", "Date", "Logements vacants", "Taux publié",
               "Taux recalculé sur le parc du recensement", "Parc implicite du taux publié"]
    rows = [{"cells": [r.what, str(r.period), fr_number(r.vacant),
                       fr_percent(r.published_rate_pct, 0), fr_percent(r.rate_on_census_pct),
                       fr_number(r.implied_stock)], "id": ""}
            for r in section.frames["vacancy"].itertuples()]
    return HTML(render_table(columns, rows))


def show_vacancy(section: Result) -> None:
    say(text.vacancy_markdown(section))
    if len(section.frames["vacancy"]) > 1:
        display(vacancy_table(section))
    rows = group_rows(section, "vacancy")
    if rows.empty:
        say(text.NO_VACANCY)
        return
    display(figures_table(rows))


# --- targets, production ---------------------------------------------------------------------


def plot_paces(section: Result) -> None:
    """Observed yearly pace against the pace each target requires."""

    df = section.frames["targets"].dropna(subset=["observed_per_year", "required_per_year"])
    df = df[df["unit"] == "count"]
    fig, ax = new_chart(0.8 * len(df) + 2.2)
    positions = np.arange(len(df))
    ax.barh(positions - 0.2, df["observed_per_year"], height=0.4, color=COLOURS["main"],
            label="rythme observé")
    ax.barh(positions + 0.2, df["required_per_year"], height=0.4, color=COLOURS["target"],
            label="rythme de l'objectif")
    for y, r in enumerate(df.itertuples()):
        ax.annotate(f"{fr_number(r.observed_per_year)} ({r.observed_period})",
                    (r.observed_per_year, y - 0.2), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
        ax.annotate(f"{fr_number(r.required_per_year)} ({r.period})",
                    (r.required_per_year, y + 0.2), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=8)
    labels = [f"{r.what}\n{r.framework}" for r in df.itertuples()]
    ax.set_yticks(positions, labels, fontsize=8)
    ax.invert_yaxis()
    french_axis(ax, "x")
    ax.set_xlabel("logements (ou ventes) par an")
    ax.margins(x=0.3)
    ax.grid(axis="y", visible=False)
    legend_above(ax, ncol=2)
    title = "Rythme annuel observé et rythme requis par les objectifs"
    description = " ; ".join(
        f"{r.what} : observé {fr_number(r.observed_per_year)} par an ({r.observed_period}), "
        f"objectif {fr_number(r.required_per_year)} par an ({r.period})"
        for r in df.itertuples())
    show(fig, title, report.sources_of(section.df_figures, ["annual_pace", "target_per_year",
                                                            "target_total"]), description)


# columns of the computed figures next to the targets and the production target: their note
# says what they assume (a start year taken as the report's, a programme's duration)
WITH_NOTES = ("value", "published", "status", "source", "note")


def show_targets(section: Result) -> None:
    if section.frames["targets"].empty:
        say(text.NO_TARGETS)
        return
    compared = section.frames["targets"].dropna(subset=["observed_per_year", "required_per_year"])
    if not compared[compared["unit"] == "count"].empty:
        plot_paces(section)
    say(text.targets_markdown(section))
    rows = group_rows(section, "targets")
    computed = rows[rows["kind"] == "computed"]
    if not computed.empty:
        display(figures_table(computed, WITH_NOTES))


def plot_production(section: Result) -> None:
    """Per sector: share of the production target, of past production, of main residences."""

    df = section.frames["production"]
    fig, ax = new_chart(0.9 * len(df) + 2.2)
    positions = np.arange(len(df))
    series = [("target_share_pct", "objectif du PLH", COLOURS["target"]),
              ("new_dwellings_share_pct", "logements autorisés 2016-2019", COLOURS["main"]),
              ("main_residences_share_pct", "résidences principales", COLOURS["reference"])]
    height = 0.26
    for k, (column, label, colour) in enumerate(series):
        ax.barh(positions + (k - 1) * height, df[column], height=height, color=colour,
                label=label)
        for y, v in enumerate(df[column]):
            ax.annotate(fr_percent(v, 0), (v, y + (k - 1) * height), xytext=(3, 0),
                        textcoords="offset points", va="center", fontsize=7.5)
    ax.set_yticks(positions, df["sector"])
    ax.invert_yaxis()
    french_axis(ax, "x", suffix=" %")
    ax.margins(x=0.15)
    ax.grid(axis="y", visible=False)
    legend_above(ax, ncol=2)
    title = "Répartition de la production par secteur : objectif et situation"
    description = " ; ".join(
        f"{r.sector} : objectif {fr_percent(r.target_share_pct, 0)} "
        f"({fr_number(r.per_year)} logements par an), autorisés 2016-2019 "
        f"{fr_percent(r.new_dwellings_share_pct, 0)}, résidences principales "
        f"{fr_percent(r.main_residences_share_pct, 0)}" for r in df.itertuples())
    show(fig, title, report.sources_of(section.df_figures, [
        "production_target_per_year", "sector_new_dwellings_share_pct",
        "sector_main_residences_share_pct"]), description)


def show_production(section: Result) -> None:
    rows = group_rows(section, "production")
    if rows.empty:
        say(text.NO_PRODUCTION)
        return
    if not section.frames["production"].empty:
        plot_production(section)
    display(figures_table(rows, WITH_NOTES))


def show_private_stock(section: Result) -> None:
    show_group(section, "private_stock", text.NO_PRIVATE_STOCK)


def show_social(section: Result) -> None:
    show_group(section, "social", text.NO_SOCIAL)


def show_programmes(section: Result) -> None:
    show_group(section, "programmes", text.NO_PROGRAMMES)


def show_other(section: Result) -> None:
    show_group(section, "other", text.NO_OTHER)


def show_audit(section: Result) -> None:
    report.show_audit(section.df_figures)


def show_missing(section: Result) -> None:
    say(text.missing_markdown(section))


def show_all_figures(section: Result) -> None:
    report.show_all_figures(section.df_figures)
