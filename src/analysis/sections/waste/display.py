"""What the waste notebook shows: charts, tables and French sentences over a WasteSection.

Every function here displays figures already computed (and audited) by
:func:`analysis.waste.compute_section`; none computes a new figure.
"""

from __future__ import annotations

import re

import numpy as np
import pandas as pd
from IPython.display import display

from analysis.core.fmt import fr_number, fr_percent, fr_value
from analysis.core.statuses import VERIFIED
from analysis.display import text as report
from analysis.display.charts import COLOURS, barh, french_axis, legend_above, new_chart, show
from analysis.display.tables import figures_table
from analysis.display.text import say
from analysis.figures import catalogue
from analysis.inputs.tables import TARGET_KIND_LABELS
from analysis.sections.waste.compute import RECOVERY_KINDS, WasteSection

# every table of the section shows the notes: the readings a figure rests on are stated
# beside it, not only in the full table at the end
COLUMNS = ("value", "published", "status", "source", "note")

# indicators shown in each sub-section of "Restitution"; anything else goes to "prevention"
GROUPS = catalogue.groups("waste")  # the page's tables: sections/waste/indicators.toml


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


def _recovery_targets(section: WasteSection) -> pd.DataFrame:
    """Level targets filed as shares of the collected DMA recovered (material and organic)."""
    t = section.df_targets
    return t[(t["indicator"] == "dma_recovered_share_pct") & t["target_level"].notna()]


def plot_recovery(section: WasteSection) -> None:
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


def _interval(row: pd.Series) -> str:
    d = int(row["decimals"])
    return (f"{fr_value(row['value'], row['unit'], d)} ({fr_number(row['low'], d)} – "
            f"{fr_number(row['high'], d)})")


def _locator(source: str) -> str:
    """``l. 825`` from a citation (the line numbers end it)."""
    return source.rsplit(", ", 1)[-1] if ", l. " in source else source


APPROXIMATE = ("près de", "plus de", "moins de", "environ", "quelque")


def _first_sentence(text: str) -> str:
    """The first sentence of a note, without its full stop (« l. 824 » does not end it)."""
    return re.split(r"\.\s+(?=[A-ZÀ-Ý«])", text.strip(), maxsplit=1)[0].rstrip(".")


def _kind(breakdown: str) -> str:
    """« matière et organique », « totale »: a recovery kind without its explanation."""
    return RECOVERY_KINDS[breakdown].split(" (")[0]


def recovery_bases_markdown(section: WasteSection) -> str:
    """Plain French: on which base each recovered share of the page is computed, and that
    the document does not state the base of the shares it prints."""
    df = section.df_figures
    first = df.drop_duplicates("figure_id")
    lines = []
    total = first[first["indicator"] == "dma_total_t"]
    dma = fr_value(total["value"].iloc[0], "t") if not total.empty else ""
    shares = first[first["indicator"] == "dma_recovered_share_pct"]
    if not shares.empty and dma:
        parts = " ; ".join(
            f"{_kind(r['breakdown'])} {fr_percent(r['value'], int(r['decimals']))}"
            for _, r in shares.iterrows()
        )
        text = (f"- **Parts recalculées ici** : tonnage valorisé divisé par les **{dma} de DMA "
                f"collectés** (somme des cinq flux) — {parts}. Hypothèse : ces tonnages "
                f"valorisés sont des parties des DMA collectés ; le document ne le dit pas.")
        compared = df[(df["indicator"] == "dma_recovered_share_pct")
                      & df["status"].isin(VERIFIED)]
        for _, r in compared.iterrows():
            text += (f" Le {fr_percent(r['published_value'], 0)} imprimé "
                     f"({_locator(r['published_source'])}) ne dit ni quelle valorisation ni de "
                     f"quel total : il est lu, par hypothèse, comme la part "
                     f"{_kind(r['breakdown'])} des DMA collectés, et il la redonne "
                     + ("aux arrondis près." if r["status"] == "match" else
                        "pas (écart au-delà des arrondis)."))
        lines.append(text)
    printed = df[df["indicator"] == "recovered_share_pct"]
    if not printed.empty:
        shown, where = [], []
        for _, r in printed.drop_duplicates("figure_id").iterrows():
            verified = r["status"] in VERIFIED
            value = fr_percent(r["published_value"] if verified else r["value"], 0)
            word = next((w for w in APPROXIMATE if f"« {w} »" in (r["note"] or "")), "")
            shown.append(f"« {word} {value} »" if word else value)
            shown[-1] += f" {_kind(r['breakdown'])}"
            where.append(_locator(r["published_source"] if verified else r["source"]))
        listed = ", ".join(shown) + (
            f", {where[0]}" if len(set(where)) == 1 else
            "" if not where else " (" + ", ".join(where) + ")")
        text = (f"- **Parts imprimées par le document** ({listed}) : le document "
                f"**ne dit pas sur quel tonnage elles sont calculées** et ne l'imprime nulle "
                f"part ; elles ne sont donc pas comparées aux DMA collectés.")
        bases = first[first["indicator"] == "recovered_share_base_implied_t"]
        if not bases.empty:
            items, excluded = [], 0
            for _, r in bases.iterrows():
                item = f"{_interval(r)} pour la part {_kind(r['breakdown'])}"
                if dma:
                    outside = not r["low"] <= total["value"].iloc[0] <= r["high"]
                    excluded += outside
                    item += (f", qui exclut les {dma} de DMA collectés" if outside else
                             f", intervalle trop large pour exclure les {dma} de DMA collectés")
                items.append(item)
            text += (" Rapportée au tonnage valorisé qu'elle semble diviser (hypothèse dite en "
                     "remarque), chaque part suppose une base de : " + " ; ".join(items) + ".")
            if len(bases) > 1:
                common = bases["low"].max() <= bases["high"].min()
                text += (" Ces intervalles se recouvrent : les parts peuvent avoir une même "
                         "base, que le document n'imprime pas." if common else
                         " Ces intervalles ne se recouvrent pas : les parts n'ont pas toutes "
                         "la même base.")
            if excluded:
                text += (" Le document calcule donc au moins une de ces parts sur une autre "
                         "base que les DMA collectés, sans dire laquelle.")
        for _, r in printed[printed["status"].isin(VERIFIED)].iterrows():
            text += (f" Seule vérification possible : la {r['method'][0].lower()}"
                     f"{r['method'][1:]} fait {fr_percent(r['value'], 0)} "
                     f"({fr_number(r['low'], 0)} – {fr_percent(r['high'], 0)} aux arrondis près), "
                     f"contre {fr_percent(r['published_value'], 0)} imprimés pour la part "
                     f"{_kind(r['breakdown'])} : "
                     + ("conforme." if r["status"] == "match" else "écart."))
        lines.append(text)
    energy = first[(first["indicator"] == "recovered_t") & (first["breakdown"] == "energy")]
    if not energy.empty and dma:
        note = _first_sentence(energy["note"].iloc[0] or "")
        lines.append(
            f"- **Valorisation énergétique** : le tonnage traité en valorisation énergétique "
            f"({fr_value(energy['value'].iloc[0], 't')}, {_locator(energy['source'].iloc[0])}) "
            f"n'est pas rapporté aux DMA collectés"
            + (f" ({note})" if note else "")
            + " : aucune part énergétique ni totale des DMA n'est calculée."
        )
    targets = _recovery_targets(section)
    if not targets.empty:
        lines.append(
            "- **Objectifs** : " + ", ".join(
                f"{fr_percent(t['target'], int(t['decimals']))} ({t['target_year']})"
                for _, t in targets.iterrows())
            + " sont lus, par hypothèse, comme des parts matière et organique des DMA "
            "collectés (voir « Objectifs »)."
        )
    if not lines:
        return ""
    return "**Sur quelle base ces parts sont-elles calculées ?**\n\n" + "\n".join(lines)


def plot_per_inhabitant_target(section: WasteSection) -> None:
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
    ax.set_xlabel("kg par habitant et par an")
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


def _per_inhabitant_targets(section: WasteSection) -> pd.DataFrame:
    t = section.df_targets
    return t[(t["indicator"] == "dma_per_inhabitant_kg_year") & t["target_level"].notna()]


def has_per_inhabitant_target(section: WasteSection) -> bool:
    """Whether a DMA-per-inhabitant target has a level (a printed base year, observed)."""
    return not _per_inhabitant_targets(section).empty


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
    display(figures_table(group_rows(section, "streams"), COLUMNS))


def show_group(section: WasteSection, group: str, empty_text: str) -> None:
    """Table of a sub-section's figures, or a sentence saying nothing is published."""
    rows = group_rows(section, group)
    if rows.empty or (group == "per_inhabitant" and len(rows) == 1):
        say(empty_text)
        return
    display(figures_table(rows, COLUMNS))


def show_recovery(section: WasteSection) -> None:
    rows = group_rows(section, "recovery")
    if rows.empty:
        say(
            "Ni tonnages valorisés ni parts valorisées publiés pour ce territoire et cette "
            "année."
        )
        return
    if (section.df_figures["indicator"] == "dma_recovered_share_pct").any():
        plot_recovery(section)
    bases = recovery_bases_markdown(section)
    if bases:
        say(bases)
    display(figures_table(rows, COLUMNS))


def _printed_target(t) -> str:
    """A target as the document prints it, with its kind when it is not a level."""
    value = fr_value(t.target, t.unit, int(t.decimals))
    if t.target_kind == "relative_change_pct":
        return f"{'+' if t.target > 0 else ''}{value} ({TARGET_KIND_LABELS[t.target_kind]})"
    if t.target_kind == "cumulative":
        return f"{value} au total"
    return value


def show_targets(section: WasteSection) -> None:
    if section.df_targets.empty:
        say(
            "Aucun objectif chiffré ni plan n'est publié pour ce territoire dans les documents "
            "disponibles."
        )
        return
    if has_per_inhabitant_target(section):
        plot_per_inhabitant_target(section)
    lines = []
    for t in section.df_targets.itertuples():
        when = t.target_year if t.target_kind in ("cumulative", "per_year") else (
            f"objectif {t.target_year}" if t.target_year[0].isdigit() else t.target_year)
        line = f"- **{t.what}** ({t.framework}), {when} : {_printed_target(t)}"
        if t.target_kind == "relative_change_pct":
            if t.target_level == t.target_level:
                line += f", soit {fr_value(t.target_level, t.unit, 1)} visés"
            else:
                line += " ; le document ne dit pas à quoi s'applique cette évolution : aucun " \
                        "niveau cible n'est calculé"
        if t.observed == t.observed:
            what = "valeur recalculée" if t.observed_kind == "computed" else "valeur publiée"
            line += f" ; {what} {fr_value(t.observed, t.unit, 1)}"
        if t.gap_t == t.gap_t:
            line += f" ; il manque {fr_value(t.gap_t, 't')} valorisées à tonnage constant"
        lines.append(line + f". Texte : « {t.quote} » (*{t.source}*). {t.note}")
    say("\n".join(lines))
    display(figures_table(group_rows(section, "targets"), COLUMNS))


def show_audit(section: WasteSection) -> None:
    report.show_audit(section.df_figures)


def show_all_figures(section: WasteSection) -> None:
    report.show_all_figures(section.df_figures)
