"""The pages of the report set besides the sections: the index and the methodology page.

The index lists every territory × year × section, built or without data, with its key
figures, what its audit verified and the vintages of its data. The methodology page is
generated from the indicator catalogue and the data tables.

For every indicator: its label, definition, formula, unit, nature, periodicity, sources,
the targets the documents set for it, and the sections where it appears. Targets and the
documents that print an indicator are read from the data tables, never typed here.
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd
from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.core.fmt import fr_number, fr_unit, fr_value
from analysis.core.paths import write_atomic
from analysis.core.specs import SectionSpec, section_specs
from analysis.core.statuses import (
    CHECK_LABELS,
    CHECK_MEANINGS,
    STATUS_LABELS,
    STATUS_MEANINGS,
    verification_counts,
)
from analysis.engine.navigation import REPORT_PAGE, report_years
from analysis.engine.plan import page_sections, territory_sections, years_with_data
from analysis.engine.render import TEMPLATES_DIR, render_index, report_css
from analysis.engine.report import NO_DATA_EVER, missing_sections, own_documents_note
from analysis.engine.report_summary import key_label, key_rows
from analysis.engine.reproducible import export_date_line
from analysis.figures import catalogue
from analysis.figures.record import read_figures_csv
from analysis.inputs.schemas import TARGET_KIND_LABELS
from analysis.inputs.sources import cite, cite_many
from analysis.inputs.tables import load_table
from analysis.inputs.territories import built_territories


def domain_labels() -> dict[str, str]:
    """The catalogue's domains and their French titles: the common indicators, then each
    section with indicators, in report order."""
    return {"common": "Population"} | {
        name: spec.label for name, spec in section_specs().items()
        if (spec.folder / "indicators.toml").is_file()}

METHODOLOGY_PAGE = "methodologie.html"


def _tables(data, kind: str) -> pd.DataFrame:
    """Every section's table ``kind`` (observations, published, targets) that it declares:
    a section may read no table of a kind (the peers read no observation)."""
    frames = []
    for domain in domain_labels():
        if domain != "common" and f"{domain}/{kind}" in section_specs()[domain].tables:
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
               for key, label in domain_labels().items()]
    return env.get_template("methodology_page.html.j2").render(
        domains=domains, css=report_css(), count=len(items),
        statuses=[(STATUS_LABELS[s], STATUS_MEANINGS[s]) for s in STATUS_LABELS],
        checks=[(CHECK_LABELS[c], CHECK_MEANINGS[c]) for c in CHECK_LABELS],
        generated=f"{export_date_line(data, df_export)}. Produit à partir du catalogue "
                  f"(src/analysis/catalogue) et des tables de data/.")


def write_methodology(output_dir: Path, data=None, df_export: pd.DataFrame | None = None
                      ) -> Path:
    path = output_dir / METHODOLOGY_PAGE
    return write_atomic(path, render_methodology(data, df_export))


def key_figures(section: SectionSpec, figures_csv: Path) -> tuple[dict[str, int], list[str]]:
    """What the audit of a built section verified
    (:func:`~analysis.core.statuses.verification_counts`) and its key figures
    (:func:`analysis.engine.report_summary.key_rows`), each with the period it describes
    when that is not the report's year."""
    df = read_figures_csv(figures_csv)
    year = int(figures_csv.parent.name) if figures_csv.parent.name.isdigit() else None
    keys = [f"{key_label(r, year)} : {fr_value(r['value'], r['unit'], int(r['decimals']))}"
            for r in key_rows(section, df, year)]
    return verification_counts(df), keys


def _vintages(df_figures, sources) -> list[dict]:
    """The data a section used, each with its vintage: the documents and reference files its
    figures cite, in the order of ``sources.csv``."""
    used = {i for ids in df_figures["source_ids"] for i in str(ids).split()}
    return [{"title": r.title, "period": r.period, "published": r.published}
            for r in sources.itertuples() if r.source_id in used]


def _section_entry(section: SectionSpec, territory: str, year: int, output_dir: Path,
                   result, sources: pd.DataFrame) -> dict | None:
    """One built (or failed) section of a territory-year for the index; None when it was
    neither built nor attempted."""
    stem = f"{territory}/{year}/{section.name}"
    entry = {"section": section.name, "section_label": section.label, "html": f"{stem}.html",
             "ipynb": f"{stem}.ipynb", "figures": f"{stem}.figures.csv"}
    figures_csv = output_dir / f"{stem}.figures.csv"
    if result is not None and not result.ok:
        return entry | {"status": "failed", "error": result.error,
                        "ipynb": f"{stem}.failed.ipynb"}
    if not figures_csv.exists():
        return None
    counts, keys = key_figures(section, figures_csv)
    df = read_figures_csv(figures_csv)
    return entry | {"status": "ok", "counts": counts, "key_figures": keys,
                    "vintages": _vintages(df, sources),
                    "population": sorted(set(df["population_vintage"]) - {""})}


def _missing_reason(year: int, years_of: tuple[int, ...]) -> str:
    """Why a section the agglomeration has in other years is not in ``year``."""
    if year in years_of:
        return "page non construite"
    return f"pas de données pour {year} (années : {', '.join(map(str, years_of))})"


def _territory_block(territory, output_dir: Path, by_key: dict, sources: pd.DataFrame,
                     data) -> dict:
    """A territory's years for the index, newest first: per year its report, its sections
    and the sections it lacks, with why."""
    sections = territory_sections(territory.short, data)
    specs = {name: module.SPEC for name, module in page_sections().items()}
    never = [(name, label) for name, label, years_of in sections if not years_of]
    years = []
    for year in sorted(report_years(sections), reverse=True):
        built = [e for name, _, years_of in sections if year in years_of
                 for e in [_section_entry(specs[name], territory.short, year, output_dir,
                                          by_key.get((territory.short, name, year)),
                                          sources)] if e is not None]
        if not built:
            continue
        report = output_dir / territory.short / str(year) / REPORT_PAGE
        by_name = {e["section"]: e for e in built}
        cells = [by_name.get(name) or {"status": "missing", "section_label": label,
                                       "reason": _missing_reason(year, years_of)}
                 for name, label, years_of in sections if years_of]
        years.append({"year": year, "sections": built, "cells": cells,
                      "report": f"{territory.short}/{year}/{REPORT_PAGE}"
                      if report.exists() else "",
                      "pdf": f"{territory.short}/{year}/{report.with_suffix('.pdf').name}"
                      if report.with_suffix(".pdf").exists() else "",
                      "missing": [m for m in missing_sections(
                          sections, year, {e["section"] for e in built})
                          if m["label"] not in {label for _, label in never}]})
    return {"code": territory.short, "name": territory.name, "years": years,
            "columns": [label for _, label, years_of in sections if years_of],
            "vintages": list({(v["title"], v["period"]): v for y in years
                              for e in y["sections"] for v in e.get("vintages", [])}.values()),
            "never": [{"label": label, "reason": NO_DATA_EVER + own_documents_note(name)}
                      for name, label in never]}


def write_index(output_dir: Path, results: list, data: str | Path | None = None,
                extras: dict[str, str] | None = None) -> Path:
    """``outputs/index.html``: by agglomeration, then year (newest first), the report of each
    agglomeration-year, its sections with their key figures, audit counts, data vintages and
    links, and the sections it lacks with why; ``extras`` are the report set's other pages
    (synthesis, methodology, export) to link, by French label."""
    sources = load_table("sources", data)
    by_key = {(r.spec.territory.short, r.spec.section.name, r.spec.year): r for r in results}
    territories = [_territory_block(t, output_dir, by_key, sources, data)
                   for t in built_territories(output_dir, data)]
    return write_atomic(output_dir / "index.html", render_index(
        territories, extras=extras or {}, generated=f"{export_date_line(data)}."))


def built_figure_files(output_dir: Path, data: str | Path | None = None) -> list[Path]:
    """The figures records of every section with data that is built in ``output_dir``
    (what the index lists), in a stable order."""
    files = []
    for name in page_sections():
        for territory in built_territories(output_dir, data):
            for year in years_with_data(name, territory.short, data):
                path = output_dir / territory.short / str(year) / f"{name}.figures.csv"
                if path.exists():
                    files.append(path)
    return files
