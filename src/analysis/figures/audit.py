"""The audit: every figure of a section set beside what the documents published.

A :class:`Figure` is either *observed* (transcribed from a document), *computed* (by a
tested function, with bounds from the rounding of its inputs) or *reference* (a population
or other reference value). :func:`audit` sets each figure beside what the documents
published and gives it a status that says what was verified:

- ``printed``: a figure transcribed from a document and printed there once: shown as
  printed, nothing independent to compare it with (it is *not* counted as verified);
- ``not_published``: a computed or reference figure that no document prints;
- ``match`` / ``mismatch``: the figure was compared with something independent of it, and
  the two rounding intervals overlap, or do not (the HTML says so, with the size of the
  gap). ``check`` says what the comparison was:

  - ``recomputation``: a figure the document prints (a total, a share, a ratio) against
    the same figure recomputed from other inputs;
  - ``second_printing``: two printings of the same figure (another line, another
    document);
  - ``national_file``: a document's figure against the same figure computed from an
    independent national file only (the census, LOVAC…).

Only ``match`` and ``mismatch`` rows are verifications; the pages and the index count those.

The same table feeds the notebook's tables and ``<section>.figures.csv``, so the HTML and
the CSV cannot disagree.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.uncertainty import Estimate
from analysis.figures import catalogue
from analysis.figures.record import FIGURE_COLUMNS, Figure, figure_ids
from analysis.inputs.sources import cite, cited_source_ids


def _overlaps(low: float, high: float, other_low: float, other_high: float) -> bool:
    # a small relative slack absorbs binary floating-point noise at the interval edges
    slack = 1e-9 * max(abs(low), abs(high), abs(other_low), abs(other_high), 1.0)
    return low <= other_high + slack and other_low <= high + slack


def _base_row(figure: Figure, territory: str, year: int, section: str) -> dict:
    return {
        "territory": territory,
        "year": year,
        "period": figure.period,
        "section": section,
        "indicator": figure.indicator,
        "breakdown": figure.breakdown,
        "label": figure.label,
        "kind": figure.kind,
        "value": figure.estimate.value,
        "low": figure.estimate.low,
        "high": figure.estimate.high,
        "unit": figure.unit,
        "decimals": figure.decimals,
        "source": figure.source,
        "method": figure.method,
        "population_vintage": figure.population_vintage,
        "note": figure.note,
    }


def compare(figure: Figure, published_value: float, precision: float, unit: str = "") -> dict:
    """Audit columns for one published value printed to ``precision``.

    A figure with a tolerance (``figure.tolerance_pct``: a national file set against a
    document of another vintage or definition) matches when its interval comes within that
    share of the printed value; the gap columns stay the raw gap."""
    published = Estimate.rounded(published_value, precision, unit)
    allowed = abs(published.value) * figure.tolerance_pct / 100
    match = _overlaps(figure.estimate.low - allowed, figure.estimate.high + allowed,
                      published.low, published.high)
    gap = figure.estimate.value - published.value
    return {
        "published_value": published.value,
        "published_low": published.low,
        "published_high": published.high,
        "status": "match" if match else "mismatch",
        "gap": gap,
        "gap_pct": 100 * gap / abs(published.value) if published.value else float("nan"),
    }


_NOT_COMPARED = {"published_value": float("nan"), "published_low": float("nan"),
                 "published_high": float("nan"), "published_source": "", "check": "",
                 "gap": float("nan"), "gap_pct": float("nan")}


def check_kind(figure: Figure, sources: pd.DataFrame) -> str:
    """What comparing ``figure`` with a document's printing verifies (see the module's
    docstring): a second printing for a transcribed figure; for a computed one, a check
    against a national file when it cites no document, else a recomputation."""
    if figure.kind == "observed":
        return "second_printing"
    cited = cited_source_ids(figure.source, sources)
    documents = set(sources.loc[sources["path"].str.contains("/documents/", regex=False),
                                "source_id"])
    return "national_file" if cited and not set(cited) & documents else "recomputation"


def audit(
    figures: list[Figure],
    df_published: pd.DataFrame,
    sources: pd.DataFrame,
    territory: str,
    year: int,
    section: str,
) -> pd.DataFrame:
    """One row per figure and published value it is compared with (see module docstring).

    A transcribed figure with no other printing is ``printed``: it is its own published
    value, and comparing it with itself would verify nothing. A printing at the very line
    the figure was transcribed from is the same printing, not a second one. A figure
    compared with several printings (the same share given twice) gets one row each.
    """
    published = df_published[
        (df_published["territory"] == territory) & (df_published["year"] == year)
    ]
    # the same quantity printed for two periods is two figures (tables with a period column)
    with_period = "period" in published
    printings_of: dict[tuple, list] = {}  # grouped once: a filter per figure was most of it
    for printing in published.itertuples():
        key = (printing.indicator, printing.breakdown,
               printing.period if with_period else None)
        printings_of.setdefault(key, []).append(printing)
    rows = []
    for figure in figures:
        catalogue.check_figure(figure.indicator, figure.unit)  # one definition per indicator
        base = _base_row(figure, territory, year, section)
        printings = [
            p for p in printings_of.get(
                (figure.indicator, figure.breakdown, figure.period if with_period else None), [])
            if cite(sources, p.source_id, p.locator) != figure.source]
        if not printings:
            status = "printed" if figure.kind == "observed" else "not_published"
            rows.append({**base, **_NOT_COMPARED, "status": status})
            continue
        check = check_kind(figure, sources)
        for printing in printings:
            rows.append(
                {
                    **base,
                    **compare(figure, printing.value, printing.precision, printing.unit),
                    "published_source": cite(sources, printing.source_id, printing.locator),
                    "check": check,
                    "note": "; ".join(n for n in (figure.note, printing.note,
                                                  _tolerance_note(figure)) if n),
                }
            )
    df = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    _refuse_infinite(df)
    df["figure_id"] = figure_ids(df)
    df["source_ids"] = [" ".join(cited_source_ids(f"{a} ; {b}", sources))
                        for a, b in zip(df["source"], df["published_source"], strict=True)]
    return df


def _tolerance_note(figure: Figure) -> str:
    """What the audit allowed, in French, for a figure compared with a tolerance."""
    if not figure.tolerance_pct:
        return ""
    share = f"{figure.tolerance_pct:g}".replace(".", ",")
    return f"écart admis à l'audit : {share} % du chiffre publié ({figure.tolerance_reason})"


def _refuse_infinite(df: pd.DataFrame) -> None:
    """A figure is a finite number (or missing): an infinite one is a division by zero,
    never a figure to print (« inf t »)."""
    for column in ("value", "low", "high", "published_value"):
        values = pd.to_numeric(df[column], errors="coerce")
        bad = values.notna() & ~np.isfinite(values.fillna(0))
        if bad.any():
            r = df[bad].iloc[0]
            raise ValueError(f"chiffre non fini ({column} = {r[column]}) : {r['indicator']} "
                             f"{r['breakdown']} {r['period']} — une division par zéro ?")
