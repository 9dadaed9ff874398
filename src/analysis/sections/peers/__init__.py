"""The section « Parmi ses pairs »: the agglomeration set against the EPCI of its kind and
of a similar population, and against its region, on the national figures table.

The section follows the protocol of :mod:`analysis.sections.base`: :func:`load_inputs`,
:func:`years`, :func:`start`, the steps of :data:`STEPS`, then :func:`finish`, which audits
every figure against the rankings the documents print (``data/peers/published.csv``). The
table and the peer rule: :mod:`analysis.national`; the step: :mod:`.steps`; sentences:
:mod:`.text`; the page: :mod:`.display`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import NoDataError
from analysis.core.paths import data_dir as data_root
from analysis.core.specs import read_spec
from analysis.figures.audit import audit
from analysis.figures.record import FigureCollector
from analysis.inputs.population import territory_population
from analysis.inputs.tables import load_inputs as load_tables
from analysis.inputs.tables import load_table
from analysis.national.table import national_table, national_years
from analysis.sections.base import Context, Result
from analysis.sections.peers import text
from analysis.sections.peers.model import NOT_NATIONAL, decimals_of, label_of
from analysis.sections.peers.steps import place_among_peers

SPEC = read_spec(Path(__file__).parent)
STEPS = (place_among_peers,)

__all__ = ["SPEC", "STEPS", "PeersInputs", "finish", "load_inputs", "place_among_peers",
           "start", "years"]


@dataclass
class PeersInputs:
    """The tables the section reads (``SPEC.tables``), validated, the data folder (the
    national table is made from its files) and the years a national table can be made for."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    root: Path
    years: list[int]

    @property
    def published(self) -> pd.DataFrame:
        return self.tables["peers/published"]


def load_inputs(data_dir: str | Path | None = None, outputs_dir: str | Path | None = None,
                territory: str = "") -> PeersInputs:
    """The section's tables and the years of the national files (``outputs_dir``,
    ``territory``: unused, the national table covers every EPCI)."""
    root = data_root(data_dir or None)
    return PeersInputs(load_tables(SPEC.tables, root), load_table("sources", root), root,
                       national_years(root))


def years(inputs: PeersInputs, territory: str) -> list[int]:
    """Every year a national table can be made for (from the census's), for any EPCI."""
    epci = inputs.tables["reference/epci"]
    return list(inputs.years) if (epci["short"] == territory).any() else []


def start(inputs: PeersInputs, territory: str, year: int) -> Context:
    """The context of one page: the national table of ``year`` (no file after it), the
    territory's population, an empty record.

    Raises
    ------
    NoDataError
        If ``year`` is before the census the national table needs.
    """
    known = years(inputs, territory)
    if year not in known:
        raise NoDataError(text.no_data(SPEC.label, territory, year, known))
    population = territory_population(
        inputs.tables["reference/population"], inputs.tables["reference/communes"], territory,
        year, inputs.tables["perimeter/observations"])
    published = inputs.published
    obs = published[(published["territory"] == territory) & (published["year"] == year)]
    collector = FigureCollector(obs, inputs.sources, population, label_of, decimals_of)
    collector.add_population()
    ctx = Context(SPEC, territory, year, inputs, collector)
    ctx.values["national"], ctx.values["described"] = national_table(year, inputs.root)
    return ctx


def finish(ctx: Context) -> Result:
    """Audit every figure against the rankings the documents print; what the national files
    cannot give by EPCI (``model.NOT_NATIONAL``)."""
    df_figures = audit(ctx.collector.figures, ctx.inputs.published, ctx.inputs.sources,
                       ctx.territory, ctx.year, SPEC.name)
    return Result(SPEC, ctx.territory, ctx.year, ctx.population, df_figures, ctx.frames,
                  list(NOT_NATIONAL), ctx.values)
