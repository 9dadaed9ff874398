"""The methodology page, generated from the indicator catalogue and the data tables.

For every indicator: its label, definition, formula, unit, nature, periodicity, sources,
the targets the documents set for it, and the sections where it appears. Targets and the
documents that print an indicator are read from the data tables, never typed here.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.core.fmt import fr_number, fr_unit
from analysis.core.paths import write_atomic
from analysis.engine.render import TEMPLATES_DIR, report_css
from analysis.figures import catalogue
from analysis.inputs.sources import cite, cite_many
from analysis.inputs.tables import TARGET_KIND_LABELS, load_table
from analysis.sections.synthesis.compute import SECTION_LABELS

METHODOLOGY_PAGE = "methodologie.html"


def _tables(data, kind: str) -> pd.DataFrame:
    frames = []
    for domain in SECTION_LABELS:
        if domain == "common":
            continue
        frames.append(load_table(f"{domain}/{kind}", data))
    return pd.concat(frames, ignore_index=True)


def targets_of(df_targets: pd.DataFrame, sources: pd.DataFrame, indicator: str) -> list[str]:
    """French lines describing every target the documents set for ``indicator``."""
    lines = []
    for t in df_targets[df_targets["indicator"] == indicator].itertuples():
        span = "–".join(str(int(y)) for y in (t.base_year, t.target_year) if not pd.isna(y))
        value = f"{fr_number(t.target_value, 2).rstrip('0').rstrip(',')} {fr_unit(t.unit)}"
        lines.append(f"{t.territory} : {value.strip()} ({TARGET_KIND_LABELS[t.target_kind]}"
                     f"{', ' + span if span else ''}) — {t.framework} ; "
                     f"{cite_many(sources, [(t.source_id, t.locator)])}")
    return lines


def entries(data=None, df_export: pd.DataFrame | None = None) -> list[dict]:
    """One dict per indicator of the catalogue, grouped in the domains' order."""
    sources = load_table("sources", data)
    printed = pd.concat([_tables(data, "observations"), _tables(data, "published")],
                        ignore_index=True)
    df_targets = _tables(data, "targets")
    known = set(sources["source_id"])
    rows = []
    for indicator in catalogue.CATALOGUE.values():
        found = printed[printed["indicator"] == indicator.id]
        pairs = list(dict.fromkeys(zip(found["source_id"], found["locator"], strict=True)))
        shown = []
        if df_export is not None:
            used = df_export[df_export["indicator"] == indicator.id]
            shown = sorted({f"{t} {y}" for t, y in zip(used["territory"], used["year"],
                                                       strict=True)})
        rows.append({
            "domain": catalogue.SECTION_OF[indicator.id],
            "id": indicator.id, "label": indicator.label,
            "kind": catalogue.KINDS[indicator.kind],
            "units": ", ".join(fr_unit(u) or u for u in indicator.units
                               if u != catalogue.ANY_UNIT) or "unité de l'objectif",
            "decimals": indicator.decimals, "definition": indicator.definition,
            "formula": indicator.formula, "periodicity": indicator.periodicity,
            "sources": [cite(sources, s) if s in known else s for s in indicator.sources
                        if s != "documents"] + ([cite_many(sources, pairs)] if pairs else []),
            "targets": targets_of(df_targets, sources, indicator.id),
            "comparable": indicator.comparable, "shown": shown,
        })
    return rows


def render_methodology(data=None, df_export: pd.DataFrame | None = None) -> str:
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                      autoescape=select_autoescape(["html", "j2"]))
    items = entries(data, df_export)
    domains = [(key, label, [e for e in items if e["domain"] == key])
               for key, label in SECTION_LABELS.items()]
    from analysis.core.statuses import CHECK_LABELS, CHECK_MEANINGS, STATUS_LABELS, STATUS_MEANINGS

    return env.get_template("methodology_page.html.j2").render(
        domains=domains, css=report_css(), count=len(items),
        statuses=[(STATUS_LABELS[s], STATUS_MEANINGS[s]) for s in STATUS_LABELS],
        checks=[(CHECK_LABELS[c], CHECK_MEANINGS[c]) for c in CHECK_LABELS],
        generated=f"Produit le {dt.date.today():%d/%m/%Y} à partir du catalogue "
                  f"(src/analysis/catalogue) et des tables de data/.")


def write_methodology(output_dir: Path, data=None, df_export: pd.DataFrame | None = None
                      ) -> Path:
    path = output_dir / METHODOLOGY_PAGE
    return write_atomic(path, render_methodology(data, df_export))
