"""Waste (household and similar waste, DMA): tonnages, ratios, cost, recovery, targets.

The section follows the protocol of :mod:`analysis.sections.base`: :func:`load_inputs`,
:func:`years`, :func:`start`, the steps of :data:`STEPS` (:func:`streams`,
:func:`per_inhabitant`, :func:`cost`, :func:`recovery`, :func:`targets`, :func:`prevention`,
:func:`remaining`), then :func:`finish`, which audits every figure against what the
documents publish. Formulas: :mod:`.model`; the page: :mod:`.display` and :mod:`.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import NoDataError
from analysis.core.specs import read_spec
from analysis.figures.audit import audit
from analysis.figures.record import FigureCollector
from analysis.inputs.population import territory_population
from analysis.inputs.tables import load_inputs as load_tables
from analysis.inputs.tables import load_table
from analysis.sections.base import Context, Result
from analysis.sections.waste.model import CORE, available_years, decimals_of, label_of
from analysis.sections.waste.recovery import prevention, recovery, remaining, targets
from analysis.sections.waste.streams import cost, per_inhabitant, streams

SPEC = read_spec(Path(__file__).parent)
STEPS = (streams, per_inhabitant, cost, recovery, targets, prevention, remaining)

__all__ = ["SPEC", "STEPS", "WasteInputs", "cost", "finish", "load_inputs", "per_inhabitant",
           "prevention", "recovery", "remaining", "start", "streams", "targets", "years"]


@dataclass
class WasteInputs:
    """The tables the waste section reads (``SPEC.tables``), validated."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame

    @property
    def observations(self) -> pd.DataFrame:
        return self.tables["waste/observations"]

    @property
    def published(self) -> pd.DataFrame:
        return self.tables["waste/published"]

    @property
    def targets(self) -> pd.DataFrame:
        return self.tables["waste/targets"]


def load_inputs(data_dir: str | Path | None = None, outputs_dir: str | Path | None = None,
                territory: str = "") -> WasteInputs:
    """Read and validate the section's tables (``outputs_dir``, ``territory``: unused by
    this section, which reads no national file)."""
    return WasteInputs(load_tables(SPEC.tables, data_dir or None),
                       load_table("sources", data_dir or None))


def years(inputs: WasteInputs, territory: str) -> list[int]:
    """Years for which the territory has at least one waste observation."""
    return available_years(inputs.observations, territory)


def start(inputs: WasteInputs, territory: str, year: int) -> Context:
    """The context of one page: the territory-year's rows, its population, an empty record.

    Raises
    ------
    NoDataError
        If the territory has no waste observation for ``year``.
    """
    df_obs = inputs.observations
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    if obs.empty:
        known = available_years(df_obs, territory)
        raise NoDataError(
            f"pas de données déchets pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, known)) or 'aucune'})")
    population = territory_population(
        inputs.tables["reference/population"], inputs.tables["reference/communes"], territory,
        year, inputs.tables["perimeter/observations"])
    collector = FigureCollector(obs, inputs.sources, population, label_of, decimals_of)
    collector.add_population()
    return Context(SPEC, territory, year, inputs, collector)


def finish(ctx: Context) -> Result:
    """Audit every figure against what the documents publish; what a complete section would
    show and the documents do not give."""
    obs = ctx.collector.obs
    present = set(zip(obs["indicator"], obs["breakdown"], strict=True))
    missing = [label for key, label in CORE.items() if key not in present]
    df_figures = audit(ctx.collector.figures, ctx.inputs.published, ctx.inputs.sources,
                       ctx.territory, ctx.year, SPEC.name)
    return Result(SPEC, ctx.territory, ctx.year, ctx.population, df_figures, ctx.frames,
                  missing, ctx.values)
