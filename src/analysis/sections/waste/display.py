"""What the waste page shows: charts and tables over a computed section.

Every function here shows figures already computed and audited (a
:class:`~analysis.sections.base.Result` of :mod:`analysis.sections.waste`); none computes a
new figure. The sentences are in :mod:`.text`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import display

from analysis.core.fmt import fr_percent, fr_value
from analysis.core.statuses import VERIFIED
from analysis.display import text as report
from analysis.display.charts import COLOURS, barh, french_axis, legend_above, new_chart, show
from analysis.display.tables import figures_table
from analysis.display.text import say
from analysis.figures import catalogue
from analysis.sections.base import Result
from analysis.sections.waste import text
from analysis.sections.waste.model import RECOVERY_KINDS

# every table of the section shows the notes: the readings a figure rests on are stated
# beside it, not only in the full table at the end
COLUMNS = ("value", "published", "status", "source", "note")

# indicators shown in each sub-section of the page; anything else goes to "prevention"
GROUPS = catalogue.groups("waste")  # the page's tables: sections/waste/indicators.toml


def _sources_of(section: Result, indicators: list[str]) -> str:
    return report.sources_of(section.df_figures, indicators)


def plot_streams(section: Result) -> None:
    """Bars of the collected tonnage by stream, with the previous year if known."""

    df = section.frames["streams"]
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


def _recovery_targets(section: Result) -> pd.DataFrame:
    """Level targets filed as shares of the collected DMA recovered (material and organic)."""
    t = section.frames["targets"]
    return t[(t["indicator"] == "dma_recovered_share_pct") & t["target_level"].notna()]


def plot_recovery(section: Result) -> None:
    """Shares of the collected DMA recovered (material, organic), recomputed, with the
    printings compared with them and the level targets filed as such shares."""

    rows = section.df_figures[section.df_figures["indicator"] == "dma_recovered_share_pct"]
    rows = rows.drop_duplicates(["breakdown", "published_value"])
    computed = rows.drop_duplicates("breakdown")
    fig, ax = new_chart(0.7 * len(computed) + 2.6)
    positions = np.arange(len(computed))
    labels = [RECOVERY_KINDS[b].capitalize() for b in computed["breakdown"]]
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
            label="publié (lu comme cette part)",
        )
    styles = iter(["--", ":", "-."] * 3)
    for _, target in _recovery_targets(section).iterrows():
        ax.axvline(
            target["target_level"],
            color=COLOURS["target"],
            linestyle=next(styles),
            lw=1.2,
            label=f"objectif {fr_percent(target['target_level'], int(target['decimals']))} "
            f"({target['target_year']}, lu comme cette part)",
        )
    handles, names = ax.get_legend_handles_labels()
    unique = dict(zip(names, handles, strict=True))
    legend_above(ax, ncol=2, handles=list(unique.values()), labels=list(unique.keys()))
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    ax.set_xlim(0, 100)
    french_axis(ax, "x", suffix=" %")
    ax.grid(axis="y", visible=False)
    title = f"Part des DMA collectés valorisée en {section.year} (matière, organique), recalculée"
    description = " ; ".join(
        f"{label} : {fr_percent(v)}" for label, v in zip(labels, computed["value"], strict=True)
    )
    show(
        fig,
        title,
        _sources_of(section, ["recovered_t", "dma_recovered_share_pct", "target_level"]),
        description,
    )


def plot_per_inhabitant_target(section: Result) -> None:
    """DMA per inhabitant per year: observed, level targets computed from a printed base
    year, and the national reference if stated."""

    rows = section.df_figures[section.df_figures["indicator"] == "dma_per_inhabitant_kg_year"]
    targets = _per_inhabitant_targets(section)
    labels, values, colours = [], [], []
    for _, row in rows.iterrows():
        national = row["breakdown"] == "national_reference"
        labels.append("Niveau national (cité)" if national else f"Observé ({section.year})")
        values.append(row["value"])
        colours.append(COLOURS["reference"] if national else COLOURS["main"])
    for _, target in targets.iterrows():
        labels.append(f"Objectif {target['target_year']}")
        values.append(target["target_level"])
        colours.append(COLOURS["target"])
    fig, ax = barh(labels, values, value_labels=[fr_value(v, "kg/hab/an") for v in values])
    for patch, colour in zip(ax.patches, colours, strict=True):
        patch.set_color(colour)
    ax.set_xlabel("kg/hab./an")
    title = "DMA par habitant et par an : observé, objectif et niveau national"
    description = " ; ".join(
        f"{label} : {fr_value(v, 'kg/hab/an')}" for label, v in zip(labels, values, strict=True)
    )
    show(
        fig,
        title,
        _sources_of(section, ["dma_per_inhabitant_kg_year", "target_level"]),
        description,
    )


def _per_inhabitant_targets(section: Result) -> pd.DataFrame:
    t = section.frames["targets"]
    return t[(t["indicator"] == "dma_per_inhabitant_kg_year") & t["target_level"].notna()]


def has_per_inhabitant_target(section: Result) -> bool:
    """Whether a DMA-per-inhabitant target has a level (a printed base year, observed)."""
    return not _per_inhabitant_targets(section).empty


def group_rows(section: Result, group: str) -> pd.DataFrame:
    """Figures of one sub-section; ``prevention`` holds every figure no other group shows."""
    if group == "prevention":
        shown = {name for names in GROUPS.values() for name in names}
        return section.df_figures[~section.df_figures["indicator"].isin(shown)]
    return section.rows(GROUPS[group])


def heading(ctx) -> None:
    """The page's heading in a notebook: section, territory, year."""
    say(f"## Déchets — {ctx.territory}, {ctx.year}")


def show_intro(section: Result) -> None:
    say(text.intro_markdown(section))


def show_streams(section: Result) -> None:
    if section.frames["streams"].empty:
        say(text.NO_STREAMS)
        return
    plot_streams(section)
    say(text.previous_year_sentence(section))
    display(figures_table(group_rows(section, "streams"), COLUMNS))


def show_group(section: Result, group: str, empty_text: str) -> None:
    """Table of a sub-section's figures, or a sentence saying nothing is published."""
    rows = group_rows(section, group)
    if rows.empty or (group == "per_inhabitant" and len(rows) == 1):
        say(empty_text)
        return
    display(figures_table(rows, COLUMNS))


def show_per_inhabitant(section: Result) -> None:
    show_group(section, "per_inhabitant", text.NO_PER_INHABITANT)


def show_cost(section: Result) -> None:
    show_group(section, "cost", text.NO_COST)


def show_recovery(section: Result) -> None:
    rows = group_rows(section, "recovery")
    if rows.empty:
        say(text.NO_RECOVERY)
        return
    if (section.df_figures["indicator"] == "dma_recovered_share_pct").any():
        plot_recovery(section)
    bases = text.recovery_bases_markdown(section, _recovery_targets(section))
    if bases:
        say(bases)
    display(figures_table(rows, COLUMNS))


def show_targets(section: Result) -> None:
    if section.frames["targets"].empty:
        say(text.NO_TARGETS)
        return
    if has_per_inhabitant_target(section):
        plot_per_inhabitant_target(section)
    say(text.targets_markdown(section))
    display(figures_table(group_rows(section, "targets"), COLUMNS))


def show_treatment(section: Result) -> None:
    show_group(section, "treatment", text.NO_TREATMENT)


def show_prevention(section: Result) -> None:
    show_group(section, "prevention", text.NO_PREVENTION)


def show_audit(section: Result) -> None:
    report.show_audit(section.df_figures)


def show_missing(section: Result) -> None:
    say(text.missing_markdown(section))


def show_all_figures(section: Result) -> None:
    report.show_all_figures(section.df_figures)
