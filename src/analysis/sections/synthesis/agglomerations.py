"""The synthesis' steps: the agglomerations' figures compared, then their perimeters.

The synthesis computes no figure: its figures record is made of rows of the export, chosen
(:func:`comparison`), each unchanged, with its own section's audit. A step of the synthesis is
therefore made with :func:`step` below, not :func:`analysis.sections.base.step`: it appends
the export rows it chooses to ``ctx.frames["figures"]`` and returns them, so that a notebook
cell shows what it chose, as a section's step shows the figures it added.
"""

from __future__ import annotations

import functools
from collections.abc import Callable

import pandas as pd

from analysis.figures.record import FIGURE_COLUMNS
from analysis.inputs.perimeter import membership_by_year, stated_counts
from analysis.inputs.sources import cite
from analysis.sections.base import Context, Step
from analysis.sections.synthesis import model

FIGURES = "figures"  # ctx.frames key of the record under way (export rows, unchanged)


def figures_so_far(ctx: Context) -> pd.DataFrame:
    """The export rows the steps have chosen so far (no row before the first step)."""
    return ctx.frames.get(FIGURES, pd.DataFrame(columns=FIGURE_COLUMNS))


def record(ctx: Context, rows: pd.DataFrame) -> None:
    """Add export rows to the page's figures record."""
    before = figures_so_far(ctx)
    if rows.empty and FIGURES in ctx.frames:
        return
    ctx.frames[FIGURES] = rows.reset_index(drop=True) if before.empty else pd.concat(
        [before, rows], ignore_index=True)


def step(function: Callable[[Context], None]) -> Step:
    """Make ``function(ctx)`` a synthesis step: it adds export rows with :func:`record`; the
    step returns them (every column of the export), for a notebook cell to show."""

    @functools.wraps(function)
    def run(ctx: Context) -> pd.DataFrame:
        before = len(figures_so_far(ctx))
        function(ctx)
        return figures_so_far(ctx).iloc[before:].reset_index(drop=True)

    run.is_step = True
    return run


@step
def comparison(ctx: Context) -> None:
    """The compared indicators: for each comparable indicator at least two agglomerations
    have, one value each — on one common vintage for an indicator of national files, else
    each one's latest (``frames["comparison"]``, recorded as the page's figures);
    the comparable indicators only one has (``frames["not_compared"]``); the agglomerations
    compared, in the page's order (``values["territories"]``), and how many rows of the
    export each has (``values["rows_read"]``)."""
    export, territories = ctx.inputs.export, ctx.inputs.territories
    chosen = model.comparison(export, territories, model.document_sources(ctx.inputs.sources))
    ctx.frames["comparison"] = chosen
    ctx.frames["not_compared"] = model.not_compared(export, territories)
    ctx.values["territories"] = list(territories)
    ctx.values["rows_read"] = model.rows_read(export, territories)
    record(ctx, model.figures_shown(chosen))


@step
def perimeters(ctx: Context) -> None:
    """Each agglomeration's communes, for every year it has figures for
    (``frames["membership"]``), the number of communes each document states against them
    (``frames["checks"]``, with each statement's ``citation``), and one row per agglomeration
    (``frames["perimeters"]``: its name, its communes, its years); the map's communes
    (``frames["communes"]``), outlines and source (``values["shapes"]``,
    ``values["map_source"]``). No figure: the perimeters are the data's, not a section's."""
    inputs = ctx.inputs
    years = model.years_by_territory(inputs.export, inputs.territories)
    membership = membership_by_year(inputs.communes, inputs.stated, years)
    checks = stated_counts(inputs.stated, inputs.communes)
    checks["citation"] = [cite(inputs.sources, c.source_id, c.locator)
                          for c in checks.itertuples()]
    ctx.frames["membership"] = membership
    ctx.frames["checks"] = checks
    ctx.frames["perimeters"] = pd.DataFrame(
        [{"territory": t, "name": inputs.names[t],
          "communes": membership.loc[membership["epci_short"] == t, "commune_code"].nunique(),
          "years": sorted(set(membership.loc[membership["epci_short"] == t, "year"]))}
         for t in inputs.territories],
        columns=["territory", "name", "communes", "years"])
    ctx.frames["communes"] = inputs.communes
    ctx.values["shapes"] = inputs.shapes
    ctx.values["map_source"] = cite(inputs.sources, model.MAP_SOURCE)
