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
