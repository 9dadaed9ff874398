"""Helpers shared by the notebook regression tests: read a built section's figures record and
sum the committed population with the csv module (independently of the package)."""

from __future__ import annotations

import csv

import pandas as pd

from analysis.core.paths import PROJECT_ROOT
from analysis.figures.record import read_figures_csv


def figures(out, territory: str, year: int, section: str) -> pd.DataFrame:
    return read_figures_csv(out / territory / str(year) / f"{section}.figures.csv")


def row(df: pd.DataFrame, indicator: str, breakdown: str = "", period: str | None = None
        ) -> pd.Series:
    """The one figure of ``indicator`` / ``breakdown`` (and ``period`` if given)."""
    rows = df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)]
    if period is not None:
        rows = rows[rows["period"] == period]
    assert len(rows) == 1, (indicator, breakdown, rows)
    return rows.iloc[0]


def population(territory: str, vintage: int) -> int:
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        codes = {r["commune_code"] for r in csv.DictReader(f) if r["epci_short"] == territory}
    with open(PROJECT_ROOT / "data/reference/population.csv", encoding="utf-8") as f:
        return sum(int(r["population"]) for r in csv.DictReader(f)
                   if r["commune_code"] in codes and int(r["vintage"]) == vintage)


FAILING_NOTEBOOK = PROJECT_ROOT / "tests" / "fixtures" / "failing_section.ipynb"


def failing_section():
    """A SYNTHETIC section for the robustness tests: the notebook tests/fixtures/
    failing_section.ipynb, the waste section's years, and a folder ``failing/`` of the data
    copy whose files tell it how to misbehave. Register it in
    ``analysis.engine.plan.EXTRA_SECTIONS``."""
    from types import SimpleNamespace

    from analysis.core.specs import DropFolder, SectionSpec
    from analysis.sections import waste

    spec = SectionSpec(name="failing", label="Section de test", order=99, scope="territory",
                       tables=waste.SPEC.tables, files=(),
                       drop_folders=(DropFolder("failing", "les consignes du notebook de test"),),
                       key_indicators=(), folder=FAILING_NOTEBOOK.parent,
                       notebook_path=FAILING_NOTEBOOK)
    return SimpleNamespace(SPEC=spec, load_inputs=waste.load_inputs, years=waste.years)
