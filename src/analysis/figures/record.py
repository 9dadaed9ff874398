"""The figures record: every figure a section shows, with its source and its audit.

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

import math
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.uncertainty import Estimate
from analysis.figures import catalogue
from analysis.inputs.sources import cite, cite_many, cited_source_ids

STATUSES = ("printed", "not_published", "match", "mismatch")
STATUS_LABELS = {"printed": "tel que publié", "not_published": "non publié",
                 "match": "conforme", "mismatch": "écart"}
# what each status and each kind of check means, for the methodology page
STATUS_MEANINGS = {
    "printed": "chiffre relevé dans un document qui ne l'imprime qu'une fois : il est montré tel "
               "que publié, et rien d'indépendant ne permet de le vérifier ; il n'est pas compté "
               "parmi les vérifications",
    "not_published": "chiffre calculé par le projet (ou donnée de référence) qu'aucun document "
                     "n'imprime : rien à comparer",
    "match": "chiffre comparé à un autre, indépendant de lui : les deux intervalles d'arrondi se "
             "recouvrent",
    "mismatch": "chiffre comparé à un autre, indépendant de lui : l'écart dépasse les arrondis ; "
                "la page le dit, avec sa taille dans l'unité du chiffre",
}
CHECK_MEANINGS = {
    "recomputation": "un chiffre que le document calcule lui-même (total, part, ratio, "
                     "évolution), recalculé à partir d'autres chiffres",
    "second_printing": "le même chiffre imprimé une seconde fois (autre ligne, autre document)",
    "national_file": "un chiffre du document confronté au même chiffre tiré d'un fichier "
                     "national indépendant (recensement…), sans aucun chiffre du document",
}
VERIFIED = ("match", "mismatch")  # the statuses of a figure compared with something independent
CHECKS = ("recomputation", "second_printing", "national_file")
CHECK_LABELS = {"recomputation": "recalcul", "second_printing": "seconde impression",
                "national_file": "fichier national"}

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

    @property
    def value(self) -> float:
        return self.estimate.value


def printed_decimals(precision: float) -> int:
    """Decimals a document printed a figure with, from its ``precision`` (place value of the
    last printed digit): 0.01 → 2 (« 7,45 % »), 0.1 → 1, 1 or more → 0 (« 7 % »)."""
    if not precision or precision >= 1:
        return 0
    return max(0, -math.floor(math.log10(precision) + 1e-9))


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
    """Audit columns for one published value printed to ``precision``."""
    published = Estimate.rounded(published_value, precision, unit)
    match = _overlaps(figure.estimate.low, figure.estimate.high, published.low, published.high)
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
                    "note": "; ".join(n for n in (figure.note, printing.note) if n),
                }
            )
    df = pd.DataFrame(rows, columns=FIGURE_COLUMNS)
    _refuse_infinite(df)
    df["figure_id"] = figure_ids(df)
    df["source_ids"] = [" ".join(cited_source_ids(f"{a} ; {b}", sources))
                        for a, b in zip(df["source"], df["published_source"], strict=True)]
    return df


def verification_counts(df_figures: pd.DataFrame) -> dict[str, int]:
    """How many comparisons a figures record holds, by kind of check, and how many differ:
    ``{"verified", "recomputation", "second_printing", "national_file", "mismatch",
    "printed"}``. A figure shown as printed is not a verification."""
    verified = df_figures[df_figures["status"].isin(VERIFIED)]
    counts = {"verified": len(verified),
              "mismatch": int((df_figures["status"] == "mismatch").sum()),
              "printed": int((df_figures["status"] == "printed").sum())}
    for check in CHECKS:
        counts[check] = int((verified["check"] == check).sum())
    return counts


_DAY_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{1,2})/(\d{4})\b")
_MONTH_YEAR = re.compile(r"\b(\d{1,2})/(\d{4})\b")


def period_key(period: str) -> str:
    """A period as it goes into a ``figure_id``: never a ``/``, which separates the id's
    parts (``01/04/2019`` → ``2019-04-01``, ``11/2020`` → ``2020-11``)."""
    text = _DAY_MONTH_YEAR.sub(lambda m: f"{m[3]}-{int(m[2]):02d}-{int(m[1]):02d}", period)
    text = _MONTH_YEAR.sub(lambda m: f"{m[2]}-{int(m[1]):02d}", text)
    return text.replace("/", "-")


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
    ) -> Estimate:
        """Record a computed figure whose inputs are not rows of the section's tables (a
        dropped official file, another territory's figure): ``source`` is written out."""
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
            )
        )
        return estimate


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
    from analysis.core.paths import write_atomic

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


def shows_interval(low: float, high: float, decimals: int) -> bool:
    """Whether a computed figure's interval says something at the decimals it is shown
    with: « entre 50,5 et 50,5 » does not."""
    return round(low, decimals) != round(high, decimals)


def gap_text(gap: float, gap_pct: float, unit: str, decimals: int) -> str:
    """The size of a gap in the figure's own unit: points for a rate, else the unit and the
    relative gap."""
    from analysis.core.fmt import fr_number, fr_signed_percent, fr_value

    if unit == "%":
        points = "point" if abs(round(gap, decimals)) < 2 else "points"
        return f"{'+' if gap > 0 else ''}{fr_number(gap, decimals)} {points}"
    return f"{'+' if gap > 0 else ''}{fr_value(gap, unit, decimals)} " \
           f"({fr_signed_percent(gap_pct)})"


def mismatch_markdown(df_figures: pd.DataFrame) -> str:
    """Plain French list of the figures that differ from what they were compared with: what
    was printed, what the other printing or the recomputation gives, the gap in the
    figure's own unit."""
    from analysis.core.fmt import fr_number, fr_value

    mismatches = df_figures[df_figures["status"] == "mismatch"]
    if mismatches.empty:
        verified = df_figures["status"].isin(VERIFIED).sum()
        return ("Aucun écart : chaque chiffre vérifié est conforme à ce à quoi il a été "
                "comparé, aux arrondis près." if verified else
                "Aucun chiffre de cette section n'a pu être vérifié : aucun n'est imprimé deux "
                "fois ni recalculable à partir d'autres données.")
    lines = []
    for r in mismatches.itertuples():
        d = int(r.decimals)
        text = (f"- **{r.label}** : publié {fr_value(r.published_value, r.unit, d)} "
                f"({r.published_source}) ; ")
        if r.kind == "observed":
            text += f"imprimé ailleurs {fr_value(r.value, r.unit, d)} ({r.source})"
        else:
            text += f"recalculé {fr_value(r.value, r.unit, d)}"
            if shows_interval(r.low, r.high, d):
                text += (f" (entre {fr_number(r.low, d)} et {fr_number(r.high, d)} compte tenu "
                         f"des arrondis)")
        text += f" ; écart {gap_text(r.gap, r.gap_pct, r.unit, d)}."
        if r.note:
            note = r.note.rstrip(" .")
            text += f" {note[0].upper()}{note[1:]}."
        lines.append(text)
    return "\n".join(lines)
