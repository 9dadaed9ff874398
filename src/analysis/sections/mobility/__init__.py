"""Mobility: cycle routes, charging points, modal shares, public transport, plans and budgets.

The section follows the protocol of :mod:`analysis.sections.base`: :func:`load_inputs` (the
tables, and the charging-points files an analyst drops: Etalab's consolidated file in
``data/mobility/irve/``, a third party's derivative of it in ``data/mobility/irve_derived/``,
see :mod:`.files`),
:func:`years`, :func:`start`, the steps of :data:`STEPS` (:func:`network`,
:func:`charging_points`, :func:`comparison`, :func:`growth`, :func:`modal_shares`,
:func:`national_file`, :func:`targets`, :func:`remaining`), then :func:`finish`, which audits
every figure against what the documents publish. Formulas and conventions: :mod:`.model`;
the page: :mod:`.display` and :mod:`.text`.

A section of year *N* is a document edition: it cites the documents filed under *N* or
before, and the latest national file not after *N*.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.errors import NoDataError
from analysis.core.periods import latest_not_after
from analysis.core.specs import read_spec
from analysis.figures.audit import audit
from analysis.figures.record import FigureCollector
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.official.irve import IrveFile
from analysis.inputs.official.irve_files import load_derived_files, load_irve_files, prefer_official
from analysis.inputs.population import territory_population
from analysis.inputs.tables import editions, load_table
from analysis.inputs.tables import load_inputs as load_tables
from analysis.inputs.territories import scope_communes
from analysis.sections.base import Context, Result
from analysis.sections.mobility.charging import charging_points, comparison
from analysis.sections.mobility.cycling import network
from analysis.sections.mobility.irve_file import national_file
from analysis.sections.mobility.model import (
    CORE,
    PUBLIC_TRANSPORT,
    decimals_of,
    is_derived,
    known_documents,
    known_history,
    known_targets,
    label_of,
    own_targets,
)
from analysis.sections.mobility.plans import remaining, targets
from analysis.sections.mobility.usage import growth, modal_shares

SPEC = read_spec(Path(__file__).parent)
STEPS = (network, charging_points, comparison, growth, modal_shares, national_file, targets,
         remaining)

__all__ = ["SPEC", "STEPS", "MobilityInputs", "charging_points", "comparison", "finish",
           "growth", "load_derived_files", "load_inputs", "load_irve_files", "modal_shares",
           "national_file", "network", "remaining", "start", "targets", "years"]

DERIVED_FOLDER = next(f for f in SPEC.drop_folders if f.path == "mobility/irve_derived")


@dataclass
class MobilityInputs:
    """Everything the mobility section reads, validated."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    irve: dict[int, IrveFile]  # snapshot year -> charging points of the territories
    shapes: dict = field(default_factory=dict)  # GeoJSON of the communes
    # snapshot year -> source id of a derivative set aside for the consolidated file
    irve_set_aside: dict[int, str] = field(default_factory=dict)


def load_inputs(data_dir: str | Path | None = None, outputs_dir: str | Path | None = None,
                territory: str = "") -> MobilityInputs:
    """The section's tables and the charging-point files dropped for it, validated, for the
    communes of the agglomerations reported by default and of ``territory``
    (:func:`analysis.inputs.territories.scope_communes`; ``outputs_dir``: unused here)."""
    data = data_dir or None
    tables = load_tables(SPEC.tables, data)
    communes = scope_communes(tables["reference/communes"], data, [territory])
    tables["reference/communes"] = communes
    irve, set_aside = prefer_official(load_irve_files(data, communes),
                                      load_derived_files(DERIVED_FOLDER, data, communes))
    return MobilityInputs(tables, load_table("sources", data), irve,
                          load_commune_shapes(data, communes["commune_code"]), set_aside)


def years(inputs: MobilityInputs, territory: str) -> list[int]:
    """The editions with the territory's rows or targets, and the year of every dropped
    charging-point file (a national file covers every territory)."""
    obs = inputs.tables["mobility/observations"]
    targets = inputs.tables["mobility/targets"]
    found = {int(y) for y in obs.loc[obs["territory"] == territory, "year"].unique()}
    edition = editions(obs)
    found |= {int(edition[s]) for s in targets.loc[targets["territory"] == territory,
                                                    "source_id"] if s in edition.index}
    return sorted(found | set(inputs.irve))


def start(inputs: MobilityInputs, territory: str, year: int) -> Context:
    """The context of one page: the territory-year's rows, its population, an empty record,
    and the values every step reads (``known``: the documents known at ``year``;
    ``history``: the territory's rows of those documents; ``targets``: its targets and
    plans; ``irve``: the latest national file not after ``year``, or None;
    ``irve_set_aside``: the source id of a derivative of that year set aside for it, or "";
    ``irve_derivation``: what a derivative's derivation dropped, as sources.csv says).

    Raises
    ------
    NoDataError
        If the territory has no observation, no target and no IRVE file for ``year``.
    """
    tables = inputs.tables
    df_obs, df_targets = tables["mobility/observations"], tables["mobility/targets"]
    edition = editions(df_obs)
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    irve = latest_not_after(inputs.irve, year)
    if (obs.empty and own_targets(df_targets, edition, territory, year).empty
            and (irve is None or irve.vintage != year)):
        known_years = sorted({int(y) for y in df_obs.loc[df_obs["territory"] == territory,
                                                         "year"]})
        raise NoDataError(
            f"pas de données mobilité pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, known_years)) or 'aucune'})"
        )
    population = territory_population(tables["reference/population"],
                                      tables["reference/communes"], territory, year,
                                      tables["perimeter/observations"])
    collector = FigureCollector(obs, inputs.sources, population, label_of, decimals_of)
    collector.add_population()
    known = known_documents(df_obs, year)
    values = {"known": known, "history": known_history(df_obs, territory, known),
              "targets": known_targets(df_targets, edition, territory, year, known),
              "irve": irve, **_irve_values(inputs, irve)}
    return Context(SPEC, territory, year, inputs, collector, values)


def _irve_values(inputs: MobilityInputs, irve: IrveFile | None) -> dict:
    """Which derivative the page's file set aside, and what a derivative dropped (the note
    of its line in sources.csv)."""
    if irve is None:
        return {"irve_set_aside": "", "irve_derivation": ""}
    derivation = ""
    if is_derived(irve):
        line = inputs.sources[inputs.sources["source_id"] == irve.source_id]
        derivation = line["note"].iloc[0] if len(line) else ""
    return {"irve_set_aside": inputs.irve_set_aside.get(irve.vintage, ""),
            "irve_derivation": derivation}


def finish(ctx: Context) -> Result:
    """Audit every figure against what the documents publish; what a complete section would
    show and the documents do not give."""
    shown = {f.indicator for f in ctx.collector.figures}
    present = set()
    if not ctx.frames["network"].empty:
        present.add("cycle_network")
    if ctx.values["charging_used"] is not None:
        present.add("charging_points")
    if "modal_share_pct" in shown:
        present.add("modal_share_pct")
    if shown & PUBLIC_TRANSPORT:
        present.add("public_transport")
    missing = [label for key, label in CORE.items() if key not in present]
    df_figures = audit(ctx.collector.figures, ctx.inputs.tables["mobility/published"],
                       ctx.inputs.sources, ctx.territory, ctx.year, SPEC.name)
    return Result(SPEC, ctx.territory, ctx.year, ctx.population, df_figures, ctx.frames,
                  missing, ctx.values)
