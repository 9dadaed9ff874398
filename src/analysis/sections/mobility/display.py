"""What the mobility page shows: charts, maps and tables over a computed section.

Every function here shows figures already computed and audited (a
:class:`~analysis.sections.base.Result` of :mod:`analysis.sections.mobility`); none computes a
new figure. The sentences are in :mod:`.text`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import display

from analysis.core.fmt import fr_number, fr_percent
from analysis.display import text as report
from analysis.display.charts import (
    COLOURS,
    barh,
    commune_polygons,
    french_axis,
    legend_above,
    new_chart,
    show,
    show_svg,
)
from analysis.display.maps import Panel, main_communes, small_multiples
from analysis.display.tables import figures_table, html_table
from analysis.display.text import say
from analysis.figures import catalogue
from analysis.sections.base import Result
from analysis.sections.mobility import text
from analysis.sections.mobility.model import is_derived

# indicators shown in each sub-section; anything else goes to "other"
GROUPS = catalogue.groups("mobility")  # the page's tables: sections/mobility/indicators.toml
# where a charging-point count comes from, as the table of the sources says it
ORIGIN_LABELS = {"document": "document", "irve_file": "fichier national IRVE",
                 "irve_derived": "fichier IRVE dérivé (au moins)"}


def group_rows(section: Result, group: str) -> pd.DataFrame:
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


def show_group(section: Result, group: str, empty_text: str) -> None:
    report.show_table(group_rows(section, group), empty_text)


def heading(ctx) -> None:
    """The page's heading in a notebook: section, territory, year."""
    say(f"## Mobilité — {ctx.territory}, {ctx.year}")


def show_intro(section: Result) -> None:
    say(text.intro_markdown(section))


# --- cycling network ------------------------------------------------------------------------


def plot_network(section: Result) -> None:
    """Built and still-to-build kilometres, route by route."""
    df = section.frames["network"]
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
    # a page whose routes come only from a plan (no kilometre observed that year) has no
    # figure of the group: the rows the chart is drawn from are its source
    source = (report.sources_of(section.df_figures, GROUPS["network"])
              or "; ".join(dict.fromkeys(df["source"])))
    show(fig, title, source, description)


def show_network(section: Result) -> None:
    if section.frames["network"].empty:
        say(text.NO_NETWORK)
        return
    plot_network(section)
    say(text.network_markdown(section))
    display(figures_table(group_rows(section, "network")))


def show_cycling(section: Result) -> None:
    show_group(section, "cycling", text.NO_CYCLING)


# --- charging points ------------------------------------------------------------------------


def counted(count: float, origin: str) -> str:
    """A count as the page prints it: « au moins 403 » from a derivative."""
    return ("au moins " if origin == "irve_derived" else "") + fr_number(count)


def charging_sources_table(section: Result):
    rows = [[ORIGIN_LABELS[r.origin], r.kind, counted(r.count, r.origin), str(r.date),
             "oui" if r.used else "non", r.source]
            for r in section.frames["charging_sources"].itertuples()]
    return html_table(["Origine", "Nature", "Bornes", "Date", "Utilisé", "Source"], rows)


def show_charging_sources(section: Result) -> None:
    df = section.frames["charging_sources"]
    if df.empty:
        say(text.NO_CHARGING)
        return
    say(text.charging_choice_markdown(section))
    if len(df) > 1:
        say(text.CHARGING_SOURCES)
    display(charging_sources_table(section))
    display(figures_table(group_rows(section, "charging")))


def plot_comparison(section: Result) -> None:
    """Points in service and planned per 10,000 inhabitants, agglomeration by agglomeration."""
    df = section.frames["comparison"]
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
    parts = [part for cited in df["source"] for part in cited.split(" ; ")]
    show(fig, title, " ; ".join(dict.fromkeys(parts)), description)


def comparison_table(section: Result):
    rows = []
    for r in section.frames["comparison"].itertuples():
        rows.append([
            r.territory, counted(r.in_service, r.origin), r.date or "–",
            fr_number(r.population),
            r.population_label or "–", fr_number(r.per_10000, 2), fr_number(r.planned),
            fr_number(r.planned_per_10000, 2), r.source,
        ])
    return html_table(["Territoire", "Bornes en service", "Date", "Population", "Millésime",
                       "Pour 10 000 hab.", "Prévues", "Prévues pour 10 000 hab.", "Source"],
                      rows)


def show_comparison(section: Result) -> None:
    df = section.frames["comparison"]
    known = df[df["per_10000"].notna() | df["planned_per_10000"].notna()]
    if known.empty:
        say(text.no_comparison(section))
        return
    say(text.comparison_markdown(section))
    plot_comparison(section)
    display(comparison_table(section))


# --- national charging-points file ----------------------------------------------------------


def plot_irve_map(section: Result) -> None:
    """Points per 10,000 inhabitants by commune (one compact map: each outline written once,
    :mod:`analysis.display.maps`; the power classes have their own chart)."""
    irve = section.values["irve"]
    polygons = commune_polygons(section.values["shapes"])
    df = section.frames["irve_communes"]
    mine = {code: rings for code, rings in polygons.items() if code in set(df["commune_code"])}
    values = dict(zip(df["commune_code"], df["per_10000"], strict=True))
    points = irve.points[irve.points["commune_code"].isin(mine)]
    top = df.sort_values("points", ascending=False).iloc[0]
    title = (f"Points de recharge par commune (au moins), fichier dérivé du {irve.snapshot}"
             if is_derived(irve) else
             f"Points de recharge par commune, fichier national du {irve.snapshot}")
    description = (f"Carte des {len(mine)} communes ; {len(points)} points de recharge ; "
                   f"la commune qui en compte le plus : {top['commune_name']} "
                   f"({fr_number(top['points'])}) ; communes sans point : "
                   f"{int((df['points'] == 0).sum())}")
    source = (report.sources_of(section.df_figures, ["charging_stations"])
              + " ; contours des communes simplifiés (référentiel des communes)")
    panel = Panel("Points de recharge pour 10 000 habitants", values, 1, "", "Blues")
    # the most populous communes named on the map
    named = main_communes(dict(zip(df["commune_code"], df["population"], strict=True)))
    names = dict(zip(df["commune_code"], df["commune_name"], strict=True))
    show_svg(small_multiples(title, [panel], mine, columns=1,
                             names={code: names[code] for code in named}),
             title, source, description, kind="Carte")


def plot_power_and_years(section: Result) -> None:
    """Points per power class; points commissioned each year and the stock they give."""
    df = section.frames["power"]
    labels = list(df["label"])
    texts = [f"{fr_number(p)} ({fr_percent(s, 0)})" for p, s in zip(df["points"],
                                                                    df["share_pct"],
                                                                    strict=True)]
    fig, ax = barh(labels, list(df["points"]), value_labels=texts)
    ax.set_xlabel("points de recharge")
    title = "Points de recharge par classe de puissance"
    show(fig, title, report.sources_of(section.df_figures, ["charging_stations"]),
         " ; ".join(f"{label} : {value}" for label, value in zip(labels, texts, strict=True)))
    plot_commissioning(section)


def plot_commissioning(section: Result) -> None:
    """Points commissioned each year and the stock they give, and beside the years, the
    points without a plausible date (counted apart, never dropped)."""
    years = section.frames["commissioning"]
    undated = sum(section.values["irve_here"]["unknown_dates"])
    if years.empty and not undated:
        return
    fig, ax = new_chart(3.4)
    labels = [str(y) for y in years["year"]] + ["sans date"]
    positions = np.arange(len(labels))
    ax.bar(positions[:-1], years["commissioned"], color=COLOURS["secondary"],
           label="mis en service dans l'année")
    ax.bar(positions[-1:], [undated], color=COLOURS["target"], alpha=0.55,
           label="sans date exploitable (à part)")
    if not years.empty:
        ax.plot(positions[:-1], years["in_service_end_of_year"], color=COLOURS["main"],
                marker="o", label="en service en fin d'année (cumul des dates connues)")
    french_axis(ax, "y")
    ax.set_xticks(list(positions), labels, rotation=0)
    ax.legend(frameon=False, loc="upper left")
    title = "Points de recharge par année de mise en service"
    description = " ; ".join([*(f"{r.year} : {r.commissioned} mis en service, "
                                f"{r.in_service_end_of_year} en service en fin d'année"
                                for r in years.itertuples()),
                              f"sans date exploitable : {undated}"])
    show(fig, title, report.sources_of(section.df_figures, ["charging_stations"]),
         description)


def plot_operators(section: Result) -> None:
    """Points per operator: the largest one by one, the others together."""
    df = section.frames["operators"]
    if df.empty:
        say(text.NO_OPERATORS)
        return
    texts = [f"{fr_number(p)} ({fr_percent(s, 0)})" for p, s in zip(df["points"],
                                                                    df["share_pct"],
                                                                    strict=True)]
    fig, ax = barh(list(df["operator"]), list(df["points"]), value_labels=texts)
    ax.set_xlabel("points de recharge")
    title = "Points de recharge par opérateur"
    show(fig, title, report.sources_of(section.df_figures, ["charging_stations"]),
         " ; ".join(f"{o} : {t}" for o, t in zip(df["operator"], texts, strict=True)))


def irve_communes_table(section: Result):
    df = section.frames["irve_communes"].sort_values(["points", "commune_name"],
                                                     ascending=[False, True])
    vintage = int(df["population_vintage"].iloc[0])
    rows = [[f"{r.commune_name} ({r.commune_code})", fr_number(r.points),
             fr_number(r.population), fr_number(r.per_10000, 1)] for r in df.itertuples()]
    counted_as = " (au moins)" if is_derived(section.values["irve"]) else ""
    return html_table(["Commune", f"Points de recharge{counted_as}", f"Population {vintage}",
                       "Pour 10 000 hab."], rows, css_class="figures communes")


def show_irve(section: Result) -> None:
    if section.values["irve"] is None:
        say(text.NO_IRVE)
        return
    say(text.irve_quality_markdown(section))
    plot_irve_map(section)
    plot_power_and_years(section)
    plot_operators(section)
    display(figures_table(group_rows(section, "irve")))
    if not section.frames["file_reading"].empty:
        say(text.reading_markdown(section))
    say(text.PER_COMMUNE)
    display(irve_communes_table(section))


# --- modal shares, public transport, fleet, targets -----------------------------------------


def show_modal(section: Result) -> None:
    if section.frames["modal"].empty:
        say(text.NO_MODAL)
        return
    for line in text.modal_lines(section):
        say(line)
    display(figures_table(group_rows(section, "modal")))


def show_transit(section: Result) -> None:
    show_group(section, "transit", text.NO_TRANSIT)


def show_fleet(section: Result) -> None:
    show_group(section, "fleet", text.NO_FLEET)


def show_targets(section: Result) -> None:
    if section.frames["targets"].empty:
        say(text.NO_TARGETS)
        return
    say(text.targets_markdown(section))


def show_other(section: Result) -> None:
    show_group(section, "other", text.NO_OTHER)


def show_audit(section: Result) -> None:
    report.show_audit(section.df_figures)


def show_missing(section: Result) -> None:
    say(text.missing_markdown(section))


def show_all_figures(section: Result) -> None:
    report.show_all_figures(section.df_figures)
