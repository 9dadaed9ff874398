"""The Section protocol: every report section has the same shape and the same steps.

A section is a package ``analysis.sections.<name>`` with a ``section.toml`` (what it reads,
see :mod:`analysis.core.specs`), an ``indicators.toml`` (its indicators and breakdowns, see
:mod:`analysis.figures.catalogue`), a ``methodology.md``, and these public names:

``SPEC``
    its :class:`~analysis.core.specs.SectionSpec`.
``load_inputs(data_dir=None, outputs_dir=None, territory="") -> Inputs``
    reads the tables of ``SPEC.tables`` and the files of ``SPEC.drop_folders``, validated,
    for the communes of the agglomerations reported by default and of ``territory`` (any
    EPCI of France: :func:`analysis.inputs.territories.scope_communes`).
``years(inputs, territory) -> list[int]``
    the years a territory has a page for.
``start(inputs, territory, year) -> Context``
    the :class:`Context` of one page: the territory-year's rows, the population, an empty
    figures record; raises :class:`~analysis.core.errors.NoDataError` without data.
``STEPS``
    the section's computing steps, in order: functions ``step(ctx) -> pd.DataFrame`` made
    with :func:`step`, each adding its figures to the context and returning them, so that a
    notebook cell shows what it computed.
``finish(ctx) -> Result``
    the audit of every figure against what the documents publish, and the page's
    :class:`Result`; a section adds its own tables to ``Result.frames``.

:func:`compute` runs the whole protocol (``start``, every step, ``finish``): the tests and
the engine use it; a notebook calls the steps one by one, and an analyst may add a figure
between two steps (``ctx.collector.add_computed(...)``) that then reaches the page and the
figures file. A section's ``display`` module draws a :class:`Result`; it never computes.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import dataclass, field
from types import ModuleType
from typing import Any, Protocol

import pandas as pd

from analysis.core.specs import SectionSpec
from analysis.figures.record import FigureCollector, figures_frame, figures_of


@dataclass
class Context:
    """One page being computed: its inputs, the figures record under way, and the values
    the steps hand on to each other (``values``) or keep for the page (``frames``)."""

    spec: SectionSpec
    territory: str
    year: int
    inputs: Any
    collector: FigureCollector
    values: dict[str, Any] = field(default_factory=dict)
    frames: dict[str, pd.DataFrame] = field(default_factory=dict)

    @property
    def population(self):
        return self.collector.population


@dataclass
class Result:
    """A computed, audited page: the figures record (``df_figures``, see
    :mod:`analysis.figures.audit`), the section's own tables (``frames``), what is missing."""

    spec: SectionSpec
    territory: str
    year: int
    population: Any
    df_figures: pd.DataFrame
    frames: dict[str, pd.DataFrame]
    missing: list[str]
    values: dict[str, Any] = field(default_factory=dict)

    def rows(self, indicators: list[str]) -> pd.DataFrame:
        """Figures of the given indicators, in the order given."""
        return figures_of(self.df_figures, indicators)


Step = Callable[[Context], pd.DataFrame]


def step(function: Callable[[Context], None]) -> Step:
    """Make ``function(ctx)`` a step: it adds figures to ``ctx.collector``; the step returns
    them as a table (indicator, breakdown, label, value, bounds, unit, source), for a
    notebook cell to show."""

    @functools.wraps(function)
    def run(ctx: Context) -> pd.DataFrame:
        before = len(ctx.collector.figures)
        function(ctx)
        return figures_frame(ctx.collector.figures[before:])

    run.is_step = True
    return run


class Section(Protocol):
    """What a section package provides (see the module's docstring)."""

    SPEC: SectionSpec
    STEPS: tuple[Step, ...]

    def load_inputs(self, data_dir=None, outputs_dir=None, territory="") -> Any: ...

    def years(self, inputs: Any, territory: str) -> list[int]: ...

    def start(self, inputs: Any, territory: str, year: int) -> Context: ...

    def finish(self, ctx: Context) -> Result: ...


def compute(section: ModuleType | Section, inputs: Any, territory: str, year: int) -> Result:
    """Every step of ``section`` for one page: ``start``, each of ``STEPS``, ``finish``."""
    ctx = section.start(inputs, territory, year)
    for each in section.STEPS:
        each(ctx)
    return section.finish(ctx)
