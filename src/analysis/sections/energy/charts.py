"""The charts of the energy page: equivalences, trajectories, levels, production and its map.

Each draws figures already computed (a :class:`~analysis.sections.base.Result`); the page's
parts (:mod:`.display`) call them.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.fmt import fr_number, fr_value
from analysis.display import text as report
from analysis.display.charts import (
    COLOURS,
    commune_polygons,
    french_axis,
    legend_above,
    new_chart,
    same_lines,
    show,
    show_svg,
    year_locator,
)
from analysis.display.maps import Panel, main_communes, small_multiples
from analysis.display.text import merge_citations
from analysis.figures import catalogue
from analysis.inputs.schemas import TARGET_KIND_LABELS
from analysis.sections.base import Result
from analysis.sections.energy.model import RELATIVE_GROUPS, label_of

GROUPS = catalogue.groups("energy")
SCOPE_COLOURS = {"national": "#7f7f7f", "régional": "#e69f00", "territorial": "#c0392b",
                 "contrat": "#1f5f8b", "projet": "#1f5f8b"}
SCOPE_STYLES = ["-", "--", ":", "-."]


def _equivalence_bars(section: Result) -> tuple[list[str], list[float], list[str], list[str]]:
    """Labels, values, colours and value texts of the equivalences chart."""
    labels, values, colours, texts = [], [], [], []
    for r in section.frames["equivalences"].itertuples():
        labels.append(f"{r.what} ({r.territory}" + (", production attendue" if r.expected
                                                     else "") + ")")
        values.append(r.kwh_per_inhabitant)
        colours.append(COLOURS["main"] if r.own else COLOURS["reference"])
        texts.append(("au plus " if r.upper_bound else "") + fr_number(r.kwh_per_inhabitant))
    for r in section.frames["readings"].itertuples():
        if r.non_fossil_per_inhabitant_mwh == r.non_fossil_per_inhabitant_mwh:
            labels.append("Non fossile (hypothèses), lecture "
                          + ("constante" if r.reading == "constant" else "avec baisse"))
            values.append(1000 * r.non_fossil_per_inhabitant_mwh)
            colours.append(COLOURS["published"])
            texts.append("au plus " + fr_number(1000 * r.non_fossil_per_inhabitant_mwh))
    return labels, values, colours, texts


def plot_equivalences(section: Result) -> None:
    """Consumption per inhabitant each equivalence assumes, with the non-fossil ceilings of
    the readings of the plan (same unit), side by side."""
    labels, values, colours, texts = _equivalence_bars(section)
    fig, ax = new_chart(0.6 * len(labels) + 1.6)
    positions = np.arange(len(labels))
    ax.barh(positions, values, color=colours)
    for y, (value, label) in enumerate(zip(values, texts, strict=True)):
        ax.annotate(label, (value, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=9)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    french_axis(ax, "x")
    ax.set_xlabel("kWh par habitant et par an")
    ax.set_xlim(0, 1.45 * max(values))  # room for the value labels
    ax.grid(axis="y", visible=False)
    title = "Consommation par habitant supposée par les équivalences"
    description = " ; ".join(f"{label} : {value}" for label, value in zip(labels, texts,
                                                                          strict=True))
    show(fig, title, report.sources_of(section.df_figures, GROUPS["equivalences"]
                                       + GROUPS["readings"]), description)


def plot_trajectories(section: Result) -> None:
    """Index 100 at each target's base year, straight line to its target year, one panel per
    quantity; targets without a published base year start at the document's year (dotted)."""
    df = section.frames["trajectories"]
    df = df[(df["kind"] == TARGET_KIND_LABELS["relative_change_pct"]) & df["from_year"].notna()
            & df["indicator"].isin(RELATIVE_GROUPS)]
    for indicator in RELATIVE_GROUPS:
        chosen = df[df["indicator"] == indicator]
        if chosen.empty:
            continue
        # two frameworks with the same target (−50 % of 2012 in 2050) are one line, both named
        lines = same_lines([((int(r.from_year), int(r.target_year), float(r.target),
                              bool(r.base_assumed), r.scope, float(r.compound_pct_per_year)),
                             r.framework.split(" (")[0]) for r in chosen.itertuples()])
        fig, ax = new_chart(3.2 + 0.3 * len(lines))
        descriptions = []
        for i, ((start, end, target, assumed, scope, pace), frameworks) in enumerate(lines):
            style = ":" if assumed else SCOPE_STYLES[i % len(SCOPE_STYLES)]
            name = (f"{frameworks} ({scope}) : {fr_number(target)} % de {start}"
                    f"{' (supposée)' if assumed else ''} à {end}")
            ax.plot([start, end], [100, 100 + target], style, marker="o",
                    color=SCOPE_COLOURS.get(scope, "#1f5f8b"), label=name, linewidth=2)
            descriptions.append(f"{name}, {fr_number(pace, 2)} % par an")
        ax.axvline(section.year, color="#333333", linewidth=0.8, alpha=0.5)
        ax.set_ylabel("indice")
        french_axis(ax, "y")
        ax.set_ylim(0, 110)
        legend_above(ax, fontsize=8)
        ax.xaxis.set_major_locator(year_locator())
        title = f"{label_of(indicator)} : trajectoires (indice 100 à la référence)"
        show(fig, title, merge_citations(chosen["source"]), " ; ".join(descriptions))


def _observed_share(section: Result, ax, df: pd.DataFrame) -> tuple[pd.DataFrame, list[str]]:
    """The renewable share observed, joined to the level it is paced to; its description."""
    figures = section.df_figures
    share = figures[(figures["indicator"] == "renewable_share_pct")
                    & (figures["breakdown"] == "")]
    paces = df[df["linear_pts_per_year"].notna()]
    if share.empty or paces.empty:
        return share, []
    r = paces.iloc[0]
    value = share["value"].iloc[0]
    ax.plot([r.from_year, r.target_year], [value, r.target],
            color=SCOPE_COLOURS["territorial"], marker="o")
    return share, [f"part observée {fr_number(value)} % (année non publiée, lue en "
                   f"{int(r.from_year)} : hypothèse)" if r.base_assumed else
                   f"part observée {fr_number(value)} % ({int(r.from_year)})"]


def plot_levels(section: Result) -> None:
    """Levels to reach (renewable shares…) by target year, with the level observed (at the
    year it is read at, said in the description)."""
    df = section.frames["trajectories"]
    df = df[(df["kind"] == TARGET_KIND_LABELS["level"]) & df["target_year"].notna()
            & (df["unit"] == "%") & df["indicator"].str.startswith("renewable_share")]
    if df.empty:
        return
    fig, ax = new_chart(3.4)
    descriptions = []
    placed: dict[int, list[float]] = {}
    for r in df.itertuples():
        ax.scatter([r.target_year], [r.target], color=SCOPE_COLOURS.get(r.scope, "#1f5f8b"),
                   s=40, zorder=3)
        # close targets at the same year (32 % and 33 % in 2030) get stacked labels
        near = placed.setdefault(int(r.target_year), [])
        shift = sum(abs(r.target - y) < 6 for y in near)
        near.append(r.target)
        ax.annotate(f"{fr_number(r.target)} % ({r.scope}, {r.source.rsplit(', ', 1)[-1]})",
                    (r.target_year, r.target), xytext=(6, -11 * shift), textcoords="offset points",
                    va="center", fontsize=8)
        descriptions.append(f"{r.framework} : {fr_number(r.target)} % en {int(r.target_year)}")
    share, observed = _observed_share(section, ax, df)
    descriptions += observed
    ax.set_ylabel("%")
    ax.xaxis.set_major_locator(year_locator())
    french_axis(ax, "y")
    ax.set_ylim(0, 105)
    ax.margins(x=0.25)
    title = "Part des énergies renouvelables : niveaux visés par échéance"
    show(fig, title, merge_citations(list(df["source"]) + list(share["source"])),
         " ; ".join(descriptions))


def plot_production(section: Result) -> None:
    df = section.frames["production"]
    pivot = df.pivot_table(index="year", columns="label", values="mwh", aggfunc="sum").fillna(0)
    pivot = pivot.loc[:, pivot.sum() > 0]
    fig, ax = new_chart(3.6)
    bottom = np.zeros(len(pivot))
    for name in pivot.columns:
        ax.bar(pivot.index.astype(str), pivot[name], bottom=bottom, label=name)
        bottom += pivot[name].to_numpy()
    french_axis(ax, "y")
    ax.set_ylabel("MWh par an")
    legend_above(ax, ncol=2, fontsize=8)  # inside the plot, it sat on the bar
    title = "Production d'électricité raccordée au réseau Enedis, par filière"
    description = " ; ".join(f"{year} : {fr_value(total, 'MWh')}"
                             for year, total in pivot.sum(axis=1).items())
    show(fig, title, report.sources_of(section.df_figures, ["enedis_production_mwh"]),
         description)


def plot_production_map(section: Result) -> None:
    df = section.frames["production_communes"]
    polygons = commune_polygons(section.values["shapes"])
    mine = {code: rings for code, rings in polygons.items() if code in set(df["commune_code"])}
    values = dict(zip(df["commune_code"], df["kwh_per_inhabitant"], strict=True))
    panel = Panel("kWh produits par habitant et par an", values, 0, "", "YlGn",
                  missing="absente du fichier (extrait)")
    # the most populous communes named on the map, as on the other pages' maps
    named = main_communes(dict(zip(df["commune_code"], df["population"], strict=True)))
    names = dict(zip(df["commune_code"], df["commune_name"], strict=True))
    top = df.sort_values("mwh", ascending=False, na_position="last").iloc[0]
    latest = int(section.frames["production"]["year"].max())
    title = f"Production d'électricité Enedis par habitant et par commune, {latest}"
    description = (f"{len(mine)} communes ; la plus productrice : {top['commune_name']} "
                   f"({fr_value(top['mwh'], 'MWh')}) ; communes sans production : "
                   f"{int((df['mwh'] == 0).sum())} ; communes absentes du fichier (sans "
                   f"valeur) : {int((~df['present']).sum())}")
    show_svg(small_multiples(title, [panel], mine, columns=1,
                             names={code: names[code] for code in named}),
             title, report.sources_of(section.df_figures, ["enedis_production_mwh"])
             + " ; contours des communes simplifiés (référentiel des communes)", description,
             kind="Carte")


def plot_heat(section: Result, description: str) -> None:
    """Heat delivered by the networks of the territory, stacked by network, each data year;
    a year no file holds is left empty and named on the axis, a lower-bound total is marked
    « minorant »."""
    networks, totals = section.frames["heat_networks"], section.frames["heat"]
    years = sorted({int(y) for y in totals["year"]} | set(section.values["heat"]["missing_years"]))
    pivot = (networks.pivot_table(index="year", columns="network", values="mwh", aggfunc="sum")
             .reindex(years).fillna(0))
    fig, ax = new_chart(3.6)
    labels = [str(y) if y not in section.values["heat"]["missing_years"] else f"{y}\n(absente)"
              for y in years]
    bottom = np.zeros(len(years))
    for name in pivot.columns:
        ax.bar(labels, pivot[name].to_numpy(), bottom=bottom, label=name)
        bottom += pivot[name].to_numpy()
    for x, r in zip(labels, totals.set_index("year").reindex(years).itertuples(), strict=True):
        if r.mwh == r.mwh and (r.secret or r.nd or r.empty or r.absent):
            ax.annotate("minorant", (x, r.mwh), xytext=(0, 3), textcoords="offset points",
                        ha="center", va="bottom", rotation=0, fontsize=7)
    french_axis(ax, "y")
    ax.set_ylabel("MWh par an")
    legend_above(ax, fontsize=8)
    title = f"Chaleur livrée par les réseaux de chaleur de {section.territory}, par réseau"
    show(fig, title, report.sources_of(section.df_figures, ["district_heating_mwh"]),
         description)
