"""Energy step 4: every target shown for the territory, with the yearly pace it requires.

The territory's own plan's targets, the national and regional ones a known document quotes
(recalled as context, never the territory's), a contract's obligations and a project's
expected effect: each as printed, then, for a change, the straight-line points and the
constant rate from its base year; for a level of the territory's plan, the points per year
from the level observed; for a cumulative amount, the amount per year.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.fmt import fr_count
from analysis.core.periods import period_years, required_pace, start_of_remaining_work
from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.schemas import TARGET_KIND_LABELS
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.energy.model import (
    SHARED_CITED,
    SHARED_KINDS,
    SHARED_NAMES,
    SHARED_TERRITORIES,
    compound_rate_pct,
    document_territories,
    label_of,
    latest_row,
    level_pace,
    linear_pace_pts,
    reading_year,
    row_estimate,
    scope_of,
    target_decimals,
    target_estimate,
)

TRAJECTORY_COLUMNS = ["scope", "framework", "indicator", "what", "kind", "target", "unit",
                      "base_year", "target_year", "from_year", "linear_pts_per_year",
                      "compound_pct_per_year", "per_year", "base_assumed", "source", "note",
                      "key", "source_id", "document_territories", "own_document", "context"]
PRINTED_INDICATORS = {"cumulative": "target_total", "per_year": "target_per_year",
                      "relative_change_pct": "target_relative_change_pct"}


@step
def targets(ctx: Context) -> None:
    """Every target shown for the territory (its own plan's, national and regional ones
    recalled as context, a contract's or a project's), with the yearly pace a change or a
    level requires: for a change, straight-line points and constant rate from its base year
    (the document's year when none is published, said so); for a level of the territory's
    plan, points per year from the level observed (read at the plan's reference year when
    printed without a year, said so); for a cumulative amount, the amount per year.

    A pace computed for a national or regional target is what the territory would do if it
    followed that target: an assumption, said in its label and its note, never the
    territory's own target. Keeps the targets table (``frames["trajectories"]``), which says
    whether each target's document is the territory's own (``own_document``)."""
    rows = [_target(ctx, t) for _, t in ctx.values["targets"].iterrows()]
    ctx.frames["trajectories"] = pd.DataFrame(rows, columns=TRAJECTORY_COLUMNS)


def _label_last(col: FigureCollector, label: str) -> None:
    """Give the figure just recorded a label for readers (a target's computed figures have a
    key as breakdown, which is no label)."""
    col.figures[-1].label = label


def _target(ctx: Context, t: pd.Series) -> dict:
    """Record one target as printed and the pace it requires; its row of the targets table."""
    col, territory = ctx.collector, ctx.territory
    out = _printed(col, t, territory)
    last = out["target_year"]
    doc_year = int(ctx.values["edition"].get(t["source_id"], ctx.year))
    if t["target_kind"] == "relative_change_pct" and last is not None:
        _change_pace(col, t, out, territory, doc_year)
    elif t["target_kind"] == "cumulative" and last is not None:
        _cumulative_pace(col, t, out, doc_year)
    elif t["target_kind"] == "level" and last is not None and out["scope"] == "territorial":
        _level_pace(ctx, t, out)
    return out


def _printed(col: FigureCollector, t: pd.Series, territory: str) -> dict:
    """Record the target as its document prints it (one key per printed target: two lists
    may give the same target twice); its row of the targets table, without a pace yet."""
    base = None if pd.isna(t["base_year"]) else int(t["base_year"])
    last = None if pd.isna(t["target_year"]) else int(t["target_year"])
    kind = t["target_kind"]
    shared = t["territory"] in SHARED_TERRITORIES
    what = label_of(t["indicator"], t["breakdown"])
    source = cite(col.sources, t["source_id"], t["locator"])
    period = ("sans échéance" if last is None else f"d'ici {last}" if base is None
              else f"{base}-{last}")
    key = "_".join(p for p in (t["indicator"], t["breakdown"], t["territory"].lower(),
                               "l" + t["locator"].removeprefix("l. ")) if p)
    prefix = f"{SHARED_NAMES[t['territory']]} — " if shared else ""
    context = (f"{SHARED_CITED[t['territory']]} par un document (voir la source) : rappel "
               f"de contexte, ce n'est pas un objectif adopté par {territory}"
               if shared else "")
    target_note = " ; ".join(n for n in (context, t["note"]) if n)
    col.figures.append(Figure(
        indicator=PRINTED_INDICATORS.get(kind, "target_level"), breakdown=key,
        label=f"{prefix}{what} ({t['framework']}, {period})",
        estimate=target_estimate(t["target_value"]),
        unit=f"{t['unit']}/an" if kind == "per_year" else t["unit"], kind="observed",
        source=source, period=period, decimals=target_decimals(t["target_value"]),
        note=target_note,
    ))
    documents = document_territories(col.sources, t["source_id"])
    return {"scope": scope_of(t, territory), "framework": t["framework"],
            "indicator": t["indicator"], "what": what, "kind": TARGET_KIND_LABELS[kind],
            "target": t["target_value"], "unit": t["unit"], "base_year": base,
            "target_year": last, "from_year": base, "linear_pts_per_year": np.nan,
            "compound_pct_per_year": np.nan, "per_year": np.nan, "base_assumed": False,
            "source": source, "note": target_note, "key": key, "source_id": t["source_id"],
            "document_territories": ";".join(documents),
            "own_document": territory in documents, "context": context}


def _change_pace(col: FigureCollector, t: pd.Series, out: dict, territory: str,
                 doc_year: int) -> None:
    """Straight-line points and constant rate of a relative change, from its base year (the
    document's year when none is printed, said so)."""
    base, last = out["base_year"], out["target_year"]
    start, assumed = (base, False) if base is not None else (doc_year, True)
    if last <= start:
        return
    shared = t["territory"] in SHARED_TERRITORIES
    notes = []
    if shared:
        notes.append(f"hypothèse : rythme qu'aurait {territory} s'il suivait "
                     f"{SHARED_KINDS[t['territory']]} ; ce n'est pas un objectif "
                     f"de {territory}")
    if assumed:
        notes.append(f"hypothèse : année de référence non publiée, calcul depuis "
                     f"{start}, année du document")
    note = " ; ".join(notes)
    if_followed = f"Si {territory} suivait {SHARED_KINDS[t['territory']]} : " if shared else ""
    needed = "" if shared else " nécessaire"
    direction = "Baisse" if t["target_value"] < 0 else "Hausse"
    what_when = f"{out['what']} ({t['framework']}, {start}-{last})"
    index = f"{start} (année du document, référence non publiée)" if assumed else str(start)
    out["linear_pts_per_year"] = col.add_computed(
        "target_linear_pace_pts_per_year",
        Estimate.exact(linear_pace_pts(t["target_value"], start, last)),
        "pts/an", f"{t['target_value']:g} % / ({last} − {start})", [t],
        breakdown=out["key"], period=f"{start}-{last}", note=note).value
    _label_last(col, f"{if_followed}{direction.lower() if shared else direction} "
                     f"linéaire{needed} par an, en points de l'indice 100 de "
                     f"{index} — {what_when}")
    out["compound_pct_per_year"] = col.add_computed(
        "target_compound_rate_pct_per_year",
        Estimate.exact(compound_rate_pct(t["target_value"], start, last)),
        "%/an", f"(1 {t['target_value']:+g} %)^(1/({last} − {start})) − 1", [t],
        breakdown=out["key"], period=f"{start}-{last}", note=note).value
    _label_last(col, f"{if_followed}{'t' if shared else 'T'}aux d'évolution "
                     f"annuel constant{needed} — {what_when}")
    out.update(from_year=start, base_assumed=assumed)


def _cumulative_pace(col: FigureCollector, t: pd.Series, out: dict, doc_year: int) -> None:
    """A cumulative amount spread over the years left (from the year after the document's
    when no start is printed, said so)."""
    base, last = out["base_year"], out["target_year"]
    start = start_of_remaining_work(doc_year, last, base)
    prefix = (f"{SHARED_NAMES[t['territory']]} — " if t["territory"] in SHARED_TERRITORIES
              else "")
    out["per_year"] = col.add_computed(
        "target_per_year", required_pace(target_estimate(t["target_value"]), start, last),
        f"{t['unit']}/an",
        f"Objectif cumulé / {fr_count(last - start + 1, 'an')} ({start}-{last})", [t],
        breakdown=out["key"], period=f"{start}-{last}",
        note="" if base is not None else
        f"année de départ non publiée : {start} (année suivant le document)").value
    _label_last(col, f"{prefix}Objectif cumulé réparti par an — {out['what']} "
                     f"({t['framework']}, {start}-{last})")
    out["from_year"] = start


def _level_pace(ctx: Context, t: pd.Series, out: dict) -> None:
    """Points per year from the level observed in the latest known document (5 % → 41 %),
    read at the plan's reference year when printed without a year (said so)."""
    col, territory, last = ctx.collector, ctx.territory, out["target_year"]
    observed = latest_row(ctx.values["history"], territory, t["indicator"], t["breakdown"])
    if observed is None:
        return
    span = period_years(observed["period"])
    start, reading = ((span[1], "") if span
                      else reading_year(observed, ctx.values["targets"], territory))
    if last <= start:
        return
    if not col.is_shown(observed):
        col.add_observed(observed)
    out["linear_pts_per_year"] = col.add_computed(
        "target_level_required_pace_pts_per_year",
        level_pace(row_estimate(observed), target_estimate(t["target_value"]), start, last),
        "pts/an", f"(objectif − niveau observé) / ({last} − {start})", [observed, t],
        breakdown=out["key"], period=f"{start}-{last}", note=reading).value
    printed = f"{observed['value']:g} {observed['unit']}".replace(".", ",")
    aim = f"{t['target_value']:g} {t['unit']}".replace(".", ",")
    when = f"en {start}" if span else f"lue en {start}, hypothèse"
    _label_last(col, f"Hausse nécessaire par an, en points de % — {out['what']} "
                     f"({t['framework']}, de {printed} ({when}) à {aim} en {last})")
    out["from_year"] = start
    out["base_assumed"] = not span
    out["note"] = " ; ".join(n for n in (reading, out["note"]) if n)
