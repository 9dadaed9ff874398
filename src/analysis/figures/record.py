"""The figures record: every figure a section shows, with its source.

A :class:`Figure` is either *observed* (transcribed from a document), *computed* (by a
tested function, with bounds from the rounding of its inputs) or *reference* (a population
or other reference value). A section's :class:`FigureCollector` gathers them;
:func:`analysis.figures.audit.audit` then sets each beside what the documents published.
The same table feeds the notebook's tables and ``<section>.figures.csv``, so the HTML and
the CSV cannot disagree.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.fmt import printed_decimals
from analysis.core.paths import write_atomic
from analysis.core.uncertainty import Estimate
from analysis.inputs.sources import cite, cite_many

FIGURE_COLUMNS = [
    "figure_id",
    "territory",
    "year",
    "period",
    "section",
    "indicator",
    "breakdown",
    "label",
    "kind",
    "value",
    "low",
    "high",
    "unit",
    "decimals",
    "source",
    "source_ids",
    "method",
    "population_vintage",
    "published_value",
    "published_low",
    "published_high",
    "published_source",
    "status",
    "check",
    "gap",
    "gap_pct",
    "note",
]


NUMERIC_FIGURE_COLUMNS = {"year", "value", "low", "high", "decimals", "published_value",
                          "published_low", "published_high", "gap", "gap_pct"}


@dataclass
class Figure:
    """One figure shown in a report section."""

    indicator: str
    label: str
    estimate: Estimate
    unit: str
    kind: str  # observed | computed | reference
    source: str
    breakdown: str = ""
    period: str = ""  # what the figure describes when it is not the report year ("2016-2018")
    decimals: int = 0
    method: str = ""
    population_vintage: str = ""
    note: str = ""
    extra: dict = field(default_factory=dict)
    # a figure from a national file compared with a document's: the relative gap that the
    # difference of vintage, definition or perimeter allows, and why (said on the page)
    tolerance_pct: float = 0.0
    tolerance_reason: str = ""

    @property
    def value(self) -> float:
        return self.estimate.value


_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{4})\b")


def period_key(period: str) -> str:
    """A period as it goes into a ``figure_id``: never a ``/``, which separates the id's
    parts (``01/04/2019`` → ``2019-04-01``, ``11/2020`` → ``2020-11``)."""
    text = _DAY_MONTH_YEAR.sub(lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", period)
    text = _MONTH_YEAR.sub(lambda m: f"{m[2]}-{int(m[1]):02d}", text)
    return text.replace("/", "-")


def figure_ids(df: pd.DataFrame) -> list[str]:
    """A stable id per row of a figures record: territory/year/section/indicator/breakdown/
    period (six parts split on ``/``, see :func:`period_key`), with ``#2``, ``#3``… when the
    same figure is compared with several printings (or two figures share everything but
    their label), in the record's order."""
    ids, seen = [], {}
    for r in df.itertuples():
        base = "/".join([str(r.territory), str(r.year), str(r.section), str(r.indicator),
                         str(r.breakdown) or "-", period_key(str(r.period)) or "-"])
        seen[base] = seen.get(base, 0) + 1
        ids.append(base if seen[base] == 1 else f"{base}#{seen[base]}")
    return ids


class FigureCollector:
    """Builds a section's list of figures, each with its source (used by ``compute_section``).

    ``obs`` holds the territory-year's observations; ``label_of(indicator, breakdown)`` and
    ``decimals_of(indicator)`` come from the indicator catalogue (analysis.catalogue).
    """

    def __init__(
        self,
        obs: pd.DataFrame,
        sources: pd.DataFrame,
        population,
        label_of: Callable[[str, str], str],
        decimals_of: Callable[[str], int],
    ):
        self.obs = obs
        # rows by indicator, in their order: a section looks indicators up dozens of times,
        # and a boolean mask over the whole table each time was a third of its computing
        self._obs_by_indicator = dict(tuple(obs.groupby("indicator", sort=False)))
        self.sources = sources
        self.population = population
        self.label_of = label_of
        self.decimals_of = decimals_of
        self.figures: list[Figure] = []
        self.used: set[tuple[str, str]] = set()
        self.used_rows: set[tuple[str, str, str]] = set()  # with the period: tables that
        # hold the same indicator for several periods (a series) need it

    def add_population(self) -> None:
        """The population every per-inhabitant figure of the section uses, as a figure."""
        population = self.population
        source = self.sources[self.sources["source_id"] == population.source_id].iloc[0]
        self.figures.append(Figure(
            indicator="population",
            label=f"Population de référence ({population.label})",
            estimate=Estimate.exact(population.value),
            unit="hab",
            kind="reference",
            source=f"{source['publisher']}, {source['title']} ; somme des "
                   f"{population.n_communes} communes",
            population_vintage=population.label,
        ))

    def observed(self, indicator: str, breakdown: str = "") -> pd.Series | None:
        """The first observation of ``indicator`` / ``breakdown``, or None."""
        rows = self.observed_all(indicator, breakdown)
        return None if rows.empty else rows.iloc[0]

    def observed_all(self, indicator: str, breakdown: str | None = "") -> pd.DataFrame:
        """Every observation of ``indicator`` (any breakdown if ``breakdown`` is None)."""
        rows = self._obs_by_indicator.get(indicator, self.obs.iloc[:0])
        return rows if breakdown is None else rows[rows["breakdown"] == breakdown]

    @staticmethod
    def row_key(row: pd.Series) -> tuple[str, str, str]:
        return row["indicator"], row["breakdown"], row.get("period", "") or ""

    def is_shown(self, row: pd.Series) -> bool:
        """Whether this observation (same indicator, breakdown and period) is already shown."""
        return self.row_key(row) in self.used_rows

    def cite_row(self, row: pd.Series) -> str:
        return cite(self.sources, row["source_id"], row["locator"])

    def add_observed(self, row: pd.Series, indicator: str | None = None) -> Estimate:
        """Show a transcribed figure as printed: with the decimals its document printed it
        with (« 7 % », « 7,45 % »), never with the catalogue's maximum (« 7,00 % » would say
        more than the document)."""
        indicator = indicator or row["indicator"]
        estimate = Estimate.of_row(row)
        self.used.add((row["indicator"], row["breakdown"]))
        self.used_rows.add(self.row_key(row))
        self.figures.append(
            Figure(
                indicator=indicator,
                breakdown=row["breakdown"],
                label=self.label_of(indicator, row["breakdown"]),
                estimate=estimate,
                unit=row["unit"],
                kind="observed",
                source=self.cite_row(row),
                period=row.get("period", "") or "",
                decimals=printed_decimals(float(row["precision"])),
                note=row["note"],
            )
        )
        return estimate

    def add_computed(
        self,
        indicator: str,
        estimate: Estimate,
        unit: str,
        method: str,
        inputs: list[pd.Series],
        breakdown: str = "",
        per_capita: bool = False,
        note: str = "",
        period: str = "",
        extra_source: str = "",
    ) -> Estimate:
        """Record a computed figure; its source cites every input row (and ``extra_source``)."""
        pairs = [(r["source_id"], r["locator"]) for r in inputs]
        parts = [cite_many(self.sources, pairs)] if pairs else []
        if extra_source:
            parts.append(extra_source)
        if per_capita:
            parts.append(self.population.label)
        return self.add_computed_with_source(
            indicator, estimate, unit, method,
            "Calcul : " + " ; ".join(parts) if parts else "Calcul", breakdown=breakdown,
            period=period, population_vintage=self.population.label if per_capita else "",
            note=note,
        )

    def add_computed_with_source(
        self,
        indicator: str,
        estimate: Estimate,
        unit: str,
        method: str,
        source: str,
        breakdown: str = "",
        period: str = "",
        population_vintage: str = "",
        note: str = "",
        tolerance_pct: float = 0.0,
        tolerance_reason: str = "",
    ) -> Estimate:
        """Record a computed figure whose inputs are not rows of the section's tables (a
        dropped official file, another territory's figure): ``source`` is written out.

        ``tolerance_pct`` and ``tolerance_reason``: when the figure comes from a national file
        and a document prints the same quantity from another vintage, definition or
        perimeter, the audit accepts a gap of that many per cent of the printed value and
        says why (:func:`analysis.figures.audit.compare`)."""
        if tolerance_pct and not tolerance_reason:
            raise ValueError(f"{indicator} : une tolérance d'audit dit pourquoi "
                             f"(tolerance_reason)")
        self.figures.append(
            Figure(
                indicator=indicator,
                breakdown=breakdown,
                label=self.label_of(indicator, breakdown),
                estimate=estimate,
                unit=unit,
                kind="computed",
                source=source,
                period=period,
                decimals=self.decimals_of(indicator),
                method=method,
                population_vintage=population_vintage,
                note=note,
                tolerance_pct=tolerance_pct,
                tolerance_reason=tolerance_reason,
            )
        )
        return estimate


def figures_frame(figures: list[Figure]) -> pd.DataFrame:
    """Figures as a table, before their audit: what a computing step shows in a notebook."""
    return pd.DataFrame([{
        "indicator": f.indicator, "breakdown": f.breakdown, "period": f.period,
        "label": f.label, "value": f.estimate.value, "low": f.estimate.low,
        "high": f.estimate.high, "unit": f.unit, "kind": f.kind, "source": f.source,
        "method": f.method, "note": f.note} for f in figures],
        columns=["indicator", "breakdown", "period", "label", "value", "low", "high", "unit",
                 "kind", "source", "method", "note"])


def figures_of(df_figures: pd.DataFrame, indicators: list[str]) -> pd.DataFrame:
    """Rows of the figures record for the given indicators, in the order given."""
    df = df_figures[df_figures["indicator"].isin(indicators)]
    order = {name: i for i, name in enumerate(indicators)}
    return df.sort_values("indicator", key=lambda s: s.map(order), kind="stable")


def unaudited_published(
    df_figures: pd.DataFrame, df_published: pd.DataFrame, territory: str, year: int
) -> pd.DataFrame:
    """Published figures of the territory-year that no shown figure is compared with."""
    published = df_published[
        (df_published["territory"] == territory) & (df_published["year"] == year)
    ]
    shown = set(zip(df_figures["indicator"], df_figures["breakdown"], strict=True))
    keep = [
        (indicator, breakdown) not in shown
        for indicator, breakdown in zip(published["indicator"], published["breakdown"], strict=True)
    ]
    return published[keep]


def write_figures_csv(df_figures: pd.DataFrame, path: str | Path) -> Path:
    """Write the figures record (UTF-8, dot decimals: a machine-readable file), atomically."""
    text = df_figures.to_csv(index=False, float_format="%.10g", lineterminator="\n")
    return write_atomic(Path(path), text)


def read_figures_csv(path: str | Path) -> pd.DataFrame:
    """Read a figures record written by :func:`write_figures_csv`."""
    text_columns = [c for c in FIGURE_COLUMNS if c not in NUMERIC_FIGURE_COLUMNS]
    df = pd.read_csv(
        path,
        dtype=dict.fromkeys(text_columns, str),
        keep_default_na=False,
        na_values={c: [""] for c in FIGURE_COLUMNS if c not in text_columns},
    )
    return df


