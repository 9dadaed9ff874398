"""What the waste notebook shows: charts, tables and French sentences over a WasteSection.

Every function here displays figures already computed (and audited) by
:func:`analysis.waste.compute_section`; none computes a new figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import display

from . import report
from .charts import COLOURS, barh, french_axis, legend_above, new_chart, show
from .figures import VERIFIED
from .fmt import figures_table, fr_percent, fr_value
from .report import say
from .waste import RECOVERY_KINDS, WasteSection, label_of

# indicators shown in each sub-section of "Restitution"; anything else goes to "prevention"
GROUPS = {
    "streams": [
        "collected_t",
        "stream_share_pct",
        "collected_previous_t",
        "collected_change_pct",
        "dma_total_t",
        "dma_total_previous_t",
        "dma_total_change_pct",
    ],
    "per_inhabitant": [
        "population",
        "dma_per_inhabitant_kg_year",
        "dma_per_inhabitant_kg_day",
        "population_implied_by_kg_day",
        "dma_total_t_implied",
    ],
    "cost": [
        "service_cost_eur",
        "service_cost_per_inhabitant_eur",
        "population_implied_by_cost",
        "service_cost_per_tonne_eur",
        "teom_share_of_funding_pct",
    ],
    "recovery": ["recovered_t", "recovered_share_pct", "target_level", "recovery_gap_to_target_t"],
    "treatment": [
        "cve_residues_recovered_t",
        "cve_electricity_mwh",
        "sorting_centre_output_t",
        "glass_resale_price_eur_per_t",
        "bulky_sorting_recovered_pct",
    ],
}


def _sources_of(section: WasteSection, indicators: list[str]) -> str:
    return report.sources_of(section.df_figures, indicators)


def plot_streams(section: WasteSection) -> None:
    """Bars of the collected tonnage by stream, with the previous year if known."""

    df = section.df_streams
    fig, ax = new_chart(0.75 * len(df) + 2.2)
    positions = np.arange(len(df))
    has_previous = df["previous_t"].notna().all()
    height = 0.4 if has_previous else 0.7
    ax.barh(positions, df["value"], height=height, color=COLOURS["main"], label=str(section.year))
    if has_previous:
        ax.barh(
            positions + height,
            df["previous_t"],
            height=height,
            color=COLOURS["secondary"],
            label=f"{section.year - 1} ({df['change_basis'].iloc[0]})",
        )
        legend_above(ax)
    for y, (value, share) in enumerate(zip(df["value"], df["share_pct"], strict=True)):
        ax.annotate(
            f"{fr_value(value, 't')} ({fr_percent(share)})",
            (value, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    ax.set_yticks(positions + (height / 2 if has_previous else 0), df["label"])
    ax.invert_yaxis()
    french_axis(ax, "x")
    ax.set_xlabel("tonnes")
    ax.margins(x=0.32)
    ax.grid(axis="y", visible=False)
    title = f"Tonnages collectés par flux, {section.year}" + (
        f" et {section.year - 1}" if has_previous else ""
    )
    description = " ; ".join(
        f"{label} : {fr_value(v, 't')}" for label, v in zip(df["label"], df["value"], strict=True)
    )
    show(fig, title, _sources_of(section, ["collected_t", "collected_change_pct"]), description)


def plot_recovery(section: WasteSection) -> None:
    """Recovered shares of DMA, recomputed, with published values and level targets."""

    rows = section.df_figures[section.df_figures["indicator"] == "recovered_share_pct"]
    rows = rows.drop_duplicates(["breakdown", "published_value"])
    computed = rows.drop_duplicates("breakdown")
    fig, ax = new_chart(0.7 * len(computed) + 2.6)
    positions = np.arange(len(computed))
    labels = [RECOVERY_KINDS[b].split(" (")[0].capitalize() for b in computed["breakdown"]]
    ax.barh(positions, computed["value"], color=COLOURS["main"], label="recalculé")
    for y, value in enumerate(computed["value"]):
        ax.annotate(
            fr_percent(value),
            (value, y),
            xytext=(4, 0),
            textcoords="offset points",
            va="center",
            fontsize=9,
        )
    published = rows[rows["status"].isin(VERIFIED)]
    for _, row in published.iterrows():
        y = list(computed["breakdown"]).index(row["breakdown"])
        ax.plot(
            row["published_value"],
            y,
            marker="D",
            color=COLOURS["published"],
            linestyle="none",
            label="publié",
        )
    styles = iter(["--", ":", "-."] * 3)
    for _, target in section.df_targets.iterrows():
        if "valorisée" in target["what"] and target["target_level"] == target["target_level"]:
            ax.axvline(
                target["target_level"],
                color=COLOURS["target"],
                linestyle=next(styles),
                lw=1.2,
                label=f"objectif {fr_percent(target['target_level'], 0)} ({target['target_year']})",
            )
    handles, names = ax.get_legend_handles_labels()
    unique = dict(zip(names, handles, strict=True))
    legend_above(ax, ncol=2, handles=list(unique.values()), labels=list(unique.keys()))
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    french_axis(ax, "x", suffix=" %")
    ax.grid(axis="y", visible=False)
    title = f"Part des DMA valorisée en {section.year}, recalculée et publiée"
    description = " ; ".join(
        f"{label} : {fr_percent(v)}" for label, v in zip(labels, computed["value"], strict=True)
    )
    show(
        fig,
        title,
        _sources_of(section, ["recovered_t", "recovered_share_pct", "target_level"]),
        description,
    )


def plot_per_inhabitant_target(section: WasteSection) -> None:
    """Waste per inhabitant per year: observed, target and national reference if stated."""

    rows = section.df_figures[section.df_figures["indicator"] == "dma_per_inhabitant_kg_year"]
    targets = section.df_targets[
        section.df_targets["what"] == label_of("dma_per_inhabitant_kg_year")
    ]
    labels, values, colours = [], [], []
    for _, row in rows.iterrows():
        national = row["breakdown"] == "national_reference"
        labels.append("Moyenne nationale (citée)" if national else f"Observé ({section.year})")
        values.append(row["value"])
        colours.append(COLOURS["reference"] if national else COLOURS["main"])
    for _, target in targets.iterrows():
        labels.append(f"Objectif {target['target_year']}")
        values.append(target["target_level"])
        colours.append(COLOURS["target"])
    fig, ax = barh(labels, values, value_labels=[fr_value(v, "kg/hab/an") for v in values])
    for patch, colour in zip(ax.patches, colours, strict=True):
        patch.set_color(colour)
    ax.set_xlabel("kg par habitant et par an")
    title = "Déchets par habitant et par an : observé, objectif et moyenne nationale"
    description = " ; ".join(
        f"{label} : {fr_value(v, 'kg/hab/an')}" for label, v in zip(labels, values, strict=True)
    )
    show(
        fig,
        title,
        _sources_of(section, ["dma_per_inhabitant_kg_year", "target_level"]),
        description,
    )


def has_per_inhabitant_target(section: WasteSection) -> bool:
    return label_of("dma_per_inhabitant_kg_year") in set(section.df_targets["what"])


def intro_markdown(section: WasteSection) -> str:
    """Population used and what the data hold, in French."""
    pop = section.population
    return (
        report.population_sentence(pop) + " Tous les ratios par habitant de cette section "
        "utilisent cette population.\n\n" + report.counts_sentence(section.df_figures)
    )


def missing_markdown(section: WasteSection) -> str:
    """What a complete section would show and the documents do not give."""
    return report.missing_markdown(section.missing)


def group_rows(section: WasteSection, group: str) -> pd.DataFrame:
    """Figures of one sub-section; ``prevention`` holds every figure no other group shows."""
    if group == "prevention":
        shown = {name for names in GROUPS.values() for name in names}
        return section.df_figures[~section.df_figures["indicator"].isin(shown)]
    return section.rows(GROUPS[group])


def show_streams(section: WasteSection) -> None:
    if section.df_streams.empty:
        say(
            "Les tonnages collectés par flux ne sont pas publiés pour ce territoire "
            "et cette année : le total des DMA, les parts et les évolutions ne "
            "peuvent pas être recalculés."
        )
        return
    plot_streams(section)
    basis = section.df_streams["change_basis"].iloc[0]
    say(f"Valeurs de l'année {section.year - 1} : {basis}.")
    display(figures_table(group_rows(section, "streams")))


def show_group(section: WasteSection, group: str, empty_text: str) -> None:
    """Table of a sub-section's figures, or a sentence saying nothing is published."""
    rows = group_rows(section, group)
    if rows.empty or (group == "per_inhabitant" and len(rows) == 1):
        say(empty_text)
        return
    display(figures_table(rows))


def show_recovery(section: WasteSection) -> None:
    rows = group_rows(section, "recovery")
    if rows.empty:
        say(
            "Ni tonnages valorisés ni objectifs de valorisation publiés pour ce "
            "territoire et cette année."
        )
        return
    if (section.df_figures["indicator"] == "recovered_share_pct").any():
        plot_recovery(section)
    display(figures_table(rows))


def show_targets(section: WasteSection) -> None:
    if section.df_targets.empty:
        say(
            "Aucun objectif chiffré n'est publié pour ce territoire dans les documents disponibles."
        )
        return
    if has_per_inhabitant_target(section):
        plot_per_inhabitant_target(section)
    lines = []
    for t in section.df_targets.itertuples():
        target = fr_value(t.target_level, t.unit, 1) if t.target_level == t.target_level else "–"
        observed = fr_value(t.observed, t.unit, 1) if t.observed == t.observed else "non publié"
        line = (
            f"- **{t.what}**, objectif {t.target_year} ({t.framework}) : {target} ; "
            f"valeur observée {observed}"
        )
        if t.gap_t == t.gap_t:
            line += f" ; il manque {fr_value(t.gap_t, 't')} valorisées à tonnage constant"
        lines.append(line + f". *{t.source}.* {t.note}")
    say("\n".join(lines))


def show_audit(section: WasteSection) -> None:
    report.show_audit(section.df_figures)


def show_all_figures(section: WasteSection) -> None:
    report.show_all_figures(section.df_figures)
