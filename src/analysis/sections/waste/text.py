"""Every French sentence of the waste page that depends on the data, in one place.

Each function takes the page's :class:`~analysis.sections.base.Result` (or one of its rows)
and returns Markdown; :mod:`.display` shows them. Sentences that do not depend on the data
(empty sections) are the constants at the end.
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.core.fmt import fr_number, fr_percent, fr_value
from analysis.core.statuses import VERIFIED
from analysis.display import text as report
from analysis.inputs.schemas import TARGET_KIND_LABELS
from analysis.sections.base import Result
from analysis.sections.waste.model import RECOVERY_KINDS

APPROXIMATE = ("près de", "plus de", "moins de", "environ", "quelque")


def intro_markdown(section: Result) -> str:
    """Population used and what the data hold, in French."""
    return (report.population_sentence(section.population) + " Tous les ratios par habitant "
            "de cette section utilisent cette population.\n\n"
            + report.counts_sentence(section.df_figures))


def missing_markdown(section: Result) -> str:
    """What a complete section would show and the documents do not give."""
    return report.missing_markdown(section.missing)


def previous_year_sentence(section: Result) -> str:
    basis = section.frames["streams"]["change_basis"].iloc[0]
    return f"Valeurs de l'année {section.year - 1} : {basis}."


def _interval(row: pd.Series) -> str:
    d = int(row["decimals"])
    return (f"{fr_value(row['value'], row['unit'], d)} ({fr_number(row['low'], d)} – "
            f"{fr_number(row['high'], d)})")


def _locator(source: str) -> str:
    """``l. 825`` from a citation (the line numbers end it)."""
    return source.rsplit(", ", 1)[-1] if ", l. " in source else source


def _first_sentence(text: str) -> str:
    """The first sentence of a note, without its full stop (« l. 824 » does not end it)."""
    return re.split(r"\.\s+(?=[A-ZÀ-Ý«])", text.strip(), maxsplit=1)[0].rstrip(".")


def _kind(breakdown: str) -> str:
    """« matière et organique », « totale »: a recovery kind without its explanation."""
    return RECOVERY_KINDS[breakdown].split(" (")[0]


def recovery_bases_markdown(section: Result, recovery_targets: pd.DataFrame) -> str:
    """Plain French: on which base each recovered share of the page is computed, and that
    the document does not state the base of the shares it prints."""
    df = section.df_figures
    first = df.drop_duplicates("figure_id")
    total = first[first["indicator"] == "dma_total_t"]
    lines = [line for line in (
        _recomputed_shares(df, first, total), _printed_shares(df, first, total),
        _energy(first, total), _targets(recovery_targets)) if line]
    if not lines:
        return ""
    return "**Sur quelle base ces parts sont-elles calculées ?**\n\n" + "\n".join(lines)


def _recomputed_shares(df: pd.DataFrame, first: pd.DataFrame, total: pd.DataFrame) -> str:
    shares = first[first["indicator"] == "dma_recovered_share_pct"]
    if shares.empty or total.empty:
        return ""
    dma = fr_value(total["value"].iloc[0], "t")
    parts = " ; ".join(f"{_kind(r['breakdown'])} {fr_percent(r['value'], int(r['decimals']))}"
                       for _, r in shares.iterrows())
    text = (f"- **Parts recalculées ici** : tonnage valorisé divisé par les **{dma} de DMA "
            f"collectés** (somme des cinq flux) — {parts}. Hypothèse : ces tonnages valorisés "
            f"sont des parties des DMA collectés ; le document ne le dit pas.")
    compared = df[(df["indicator"] == "dma_recovered_share_pct") & df["status"].isin(VERIFIED)]
    for _, r in compared.iterrows():
        text += (f" Le {fr_percent(r['published_value'], 0)} imprimé "
                 f"({_locator(r['published_source'])}) ne dit ni quelle valorisation ni de "
                 f"quel total : il est lu, par hypothèse, comme la part "
                 f"{_kind(r['breakdown'])} des DMA collectés, et il la redonne "
                 + ("aux arrondis près." if r["status"] == "match" else
                    "pas (écart au-delà des arrondis)."))
    return text


def _printed_shares(df: pd.DataFrame, first: pd.DataFrame, total: pd.DataFrame) -> str:
    printed = df[df["indicator"] == "recovered_share_pct"]
    if printed.empty:
        return ""
    shown, where = [], []
    for _, r in printed.drop_duplicates("figure_id").iterrows():
        verified = r["status"] in VERIFIED
        word = next((w for w in APPROXIMATE if f"« {w} »" in (r["note"] or "")), "")
        value = fr_percent(r["published_value"] if verified else r["value"], 0)
        shown.append((f"« {word} {value} »" if word else value) + f" {_kind(r['breakdown'])}")
        where.append(_locator(r["published_source"] if verified else r["source"]))
    listed = ", ".join(shown) + (f", {where[0]}" if len(set(where)) == 1 else
                                 "" if not where else " (" + ", ".join(where) + ")")
    text = (f"- **Parts imprimées par le document** ({listed}) : le document **ne dit pas sur "
            f"quel tonnage elles sont calculées** et ne l'imprime nulle part ; elles ne sont "
            f"donc pas comparées aux DMA collectés.")
    text += _implied_bases(first, total)
    for _, r in printed[printed["status"].isin(VERIFIED)].iterrows():
        text += (f" Seule vérification possible : la {r['method'][0].lower()}"
                 f"{r['method'][1:]} fait {fr_percent(r['value'], 0)} "
                 f"({fr_number(r['low'], 0)} – {fr_percent(r['high'], 0)} aux arrondis près), "
                 f"contre {fr_percent(r['published_value'], 0)} imprimés pour la part "
                 f"{_kind(r['breakdown'])} : " + ("conforme." if r["status"] == "match"
                                                  else "écart."))
    return text


def _implied_bases(first: pd.DataFrame, total: pd.DataFrame) -> str:
    bases = first[first["indicator"] == "recovered_share_base_implied_t"]
    if bases.empty:
        return ""
    dma = fr_value(total["value"].iloc[0], "t") if not total.empty else ""
    items, excluded = [], 0
    for _, r in bases.iterrows():
        item = f"{_interval(r)} pour la part {_kind(r['breakdown'])}"
        if dma:
            outside = not r["low"] <= total["value"].iloc[0] <= r["high"]
            excluded += outside
            item += (f", qui exclut les {dma} de DMA collectés" if outside else
                     f", intervalle trop large pour exclure les {dma} de DMA collectés")
        items.append(item)
    text = (" Rapportée au tonnage valorisé qu'elle semble diviser (hypothèse dite en "
            "remarque), chaque part suppose une base de : " + " ; ".join(items) + ".")
    if len(bases) > 1:
        common = bases["low"].max() <= bases["high"].min()
        text += (" Ces intervalles se recouvrent : les parts peuvent avoir une même base, que "
                 "le document n'imprime pas." if common else " Ces intervalles ne se "
                 "recouvrent pas : les parts n'ont pas toutes la même base.")
    if excluded:
        text += (" Le document calcule donc au moins une de ces parts sur une autre base que "
                 "les DMA collectés, sans dire laquelle.")
    return text


def _energy(first: pd.DataFrame, total: pd.DataFrame) -> str:
    energy = first[(first["indicator"] == "recovered_t") & (first["breakdown"] == "energy")]
    if energy.empty or total.empty:
        return ""
    note = _first_sentence(energy["note"].iloc[0] or "")
    return (f"- **Valorisation énergétique** : le tonnage traité en valorisation énergétique "
            f"({fr_value(energy['value'].iloc[0], 't')}, {_locator(energy['source'].iloc[0])}) "
            f"n'est pas rapporté aux DMA collectés" + (f" ({note})" if note else "")
            + " : aucune part énergétique ni totale des DMA n'est calculée.")


def _targets(recovery_targets: pd.DataFrame) -> str:
    if recovery_targets.empty:
        return ""
    return ("- **Objectifs** : " + ", ".join(
        f"{fr_percent(t['target'], int(t['decimals']))} ({t['target_year']})"
        for _, t in recovery_targets.iterrows())
        + " sont lus, par hypothèse, comme des parts matière et organique des DMA collectés "
        "(voir « Objectifs »).")


def printed_target(t) -> str:
    """A target as the document prints it, with its kind when it is not a level."""
    value = fr_value(t.target, t.unit, int(t.decimals))
    if t.target_kind == "relative_change_pct":
        return f"{'+' if t.target > 0 else ''}{value} ({TARGET_KIND_LABELS[t.target_kind]})"
    if t.target_kind == "cumulative":
        return f"{value} au total"
    return value


def targets_markdown(section: Result) -> str:
    """One line per target or plan: as printed, the level it gives when computable, the
    observed value, the gap, the quote and its note."""
    lines = []
    for t in section.frames["targets"].itertuples():
        when = t.target_year if t.target_kind in ("cumulative", "per_year") else (
            f"objectif {t.target_year}" if t.target_year[0].isdigit() else t.target_year)
        line = f"- **{t.what}** ({t.framework}), {when} : {printed_target(t)}"
        if t.target_kind == "relative_change_pct":
            if t.target_level == t.target_level:
                line += f", soit {fr_value(t.target_level, t.unit, 1)} visés"
            else:
                line += (" ; le document ne dit pas à quoi s'applique cette évolution : aucun "
                         "niveau cible n'est calculé")
        if t.observed == t.observed:
            what = "valeur recalculée" if t.observed_kind == "computed" else "valeur publiée"
            line += f" ; {what} {fr_value(t.observed, t.unit, 1)}"
        if t.gap_t == t.gap_t:
            line += f" ; il manque {fr_value(t.gap_t, 't')} valorisées à tonnage constant"
        lines.append(line + f". Texte : « {t.quote} » (*{t.source}*). {t.note}")
    return "\n".join(lines)


NO_STREAMS = ("Les tonnages collectés par flux ne sont pas publiés pour ce territoire et cette "
              "année : le total des DMA, les parts et les évolutions ne peuvent pas être "
              "recalculés.")
NO_RECOVERY = "Ni tonnages valorisés ni parts valorisées publiés pour ce territoire et cette année."
NO_TARGETS = ("Aucun objectif chiffré ni plan n'est publié pour ce territoire dans les documents "
              "disponibles.")
NO_PER_INHABITANT = ("Aucun ratio par habitant n'est publié ni calculable pour ce territoire et "
                     "cette année.")
NO_COST = "Le coût du service n'est pas publié pour ce territoire et cette année."
NO_TREATMENT = ("Aucun chiffre sur les installations de traitement n'est publié pour ce "
                "territoire et cette année.")
NO_PREVENTION = ("Aucune action de prévention chiffrée n'est publiée pour ce territoire et cette "
                 "année.")
