"""The waste domain: its flows and kinds of recovery, and pure formulas over them.

Every formula takes tidy rows of ``data/waste`` (or :class:`~analysis.core.uncertainty.Estimate`
bounds) and returns a value with its bounds; none reads a file or records a figure. The
computing steps (:mod:`.streams`, :mod:`.recovery`) call them and record the figures.
"""

from __future__ import annotations

import calendar

import numpy as np
import pandas as pd

from analysis.core.fmt import fr_number, fr_value
from analysis.core.uncertainty import Estimate, divide, propagate
from analysis.figures import catalogue

SECTION = "waste"
# shares of the collected DMA: only recovered tonnages that can be parts of it (the tonnage
# incinerated at an energy-recovery plant counts sorting rejects and communes' deliveries,
# 002 l. 891: it is not a part of the collected DMA, so no energy or total share of DMA)
DMA_SHARE_PARTS = {
    "material": ["material"],
    "organic": ["organic"],
    "material_organic": ["material", "organic"],
}
# recovered tonnages read as the numerator of a printed share whose base is not printed
PRINTED_SHARE_PARTS = {
    "material": ["material"],
    "organic": ["organic"],
    "energy": ["energy"],
    "material_organic": ["material", "organic"],
    "total": ["material", "organic", "energy"],
}
# the printed parts a printed total share is the sum of (the first set fully printed)
TOTAL_SHARE_PARTS = (("material_organic", "energy"), ("material", "organic", "energy"))

BREAKDOWNS = catalogue.breakdowns("waste")  # labels: sections/waste/indicators.toml
# flow labels say what every territory's flow is, no more: what a document adds (« en porte à
# porte », « 3 déchèteries fixes ») goes in the row's note
STREAMS = {code: BREAKDOWNS[code] for code in (
    "omr", "bulky_recycling_centres", "glass", "green_waste", "selective")}
RECOVERY_KINDS = {code: BREAKDOWNS[code] for code in (
    "material", "organic", "energy", "material_organic", "total", "unspecified")}
# what a complete waste section needs; anything absent is listed as missing in the report
CORE = {
    ("collected_t", stream): f"tonnage collecté — {label.lower()}"
    for stream, label in STREAMS.items()
} | {
    ("service_cost_eur", ""): "coût du service",
    ("recovered_t", "material"): "tonnage en valorisation matière",
    ("recovered_t", "organic"): "tonnage en valorisation organique",
    ("recovered_t", "energy"): "tonnage en valorisation énergétique",
}

# labels and decimals come from the indicator catalogue, breakdowns from this section
label_of = catalogue.labeller(BREAKDOWNS)
decimals_of = catalogue.decimals


def days_in_year(year: int) -> int:
    return 366 if calendar.isleap(year) else 365


def streams_of(df_observations: pd.DataFrame, territory: str, year: int) -> pd.DataFrame:
    """Collected tonnage by stream for one territory-year, in the order of ``STREAMS``."""
    rows = df_observations[
        (df_observations["territory"] == territory)
        & (df_observations["year"] == year)
        & (df_observations["indicator"] == "collected_t")
        & df_observations["breakdown"].isin(list(STREAMS))
    ]
    order = {stream: i for i, stream in enumerate(STREAMS)}
    return rows.sort_values("breakdown", key=lambda s: s.map(order)).reset_index(drop=True)


def dma_total_t(df_streams: pd.DataFrame) -> Estimate:
    """Total DMA = sum of the collected streams, bounded by their rounding."""
    return propagate(lambda t: t.sum(), {"t": (df_streams["value"], df_streams["precision"] / 2)})


def stream_shares_pct(df_streams: pd.DataFrame) -> pd.Series:
    """Each stream's share of the total, in percent (index: breakdown)."""
    return pd.Series(
        100 * df_streams["value"].to_numpy() / df_streams["value"].sum(),
        index=df_streams["breakdown"].to_numpy(),
    )


def amount_per_inhabitant(amount: Estimate, population: int, scale: float = 1.0) -> Estimate:
    """``amount × scale / population`` with the bounds of ``amount``."""
    return amount.scaled(scale / population)


def dma_per_inhabitant_kg_year(total_t: Estimate, population: int) -> Estimate:
    """DMA in kg per inhabitant per year."""
    return amount_per_inhabitant(total_t, population, 1000)


def dma_per_inhabitant_kg_day(total_t: Estimate, population: int, year: int) -> Estimate:
    """DMA in kg per inhabitant per day (days of ``year``)."""
    return amount_per_inhabitant(total_t, population, 1000 / days_in_year(year))


def implied_population(amount: Estimate, published_ratio: Estimate, scale: float = 1.0) -> Estimate:
    """Population that makes ``amount × scale / population`` equal the published ratio."""
    return divide(amount.scaled(scale), published_ratio)


def previous_from_change(
    value: float, value_precision: float, change_pct: float, change_precision: float
) -> Estimate:
    """Previous-year value implied by a value and its published change vs the previous year."""
    return propagate(
        lambda t, c: t / (1 + c / 100),
        {"t": (value, value_precision / 2), "c": (change_pct, change_precision / 2)},
    )


def change_pct(
    current: float, current_precision: float, previous: float, previous_precision: float
) -> Estimate:
    """Change in percent between two observed values, bounded by their rounding."""
    return propagate(
        lambda a, b: 100 * (a / b - 1),
        {"a": (current, current_precision / 2), "b": (previous, previous_precision / 2)},
    )


def total_change_from_stream_changes(
    df_streams: pd.DataFrame, changes_pct: np.ndarray, changes_precision: np.ndarray
) -> Estimate:
    """Change of the total implied by each stream's value and published change.

    The total's change is ``Σ t / Σ t/(1+c) - 1``, bounded by the rounding of every stream
    tonnage and of every printed change.
    """
    return propagate(
        lambda t, c: 100 * (t.sum() / (t / (1 + c / 100)).sum() - 1),
        {
            "t": (df_streams["value"], df_streams["precision"] / 2),
            "c": (changes_pct, np.asarray(changes_precision) / 2),
        },
    )


def total_change_from_previous(df_streams: pd.DataFrame, df_previous: pd.DataFrame) -> Estimate:
    """Change of the total between two observed years, stream by stream."""
    return propagate(
        lambda a, b: 100 * (a.sum() / b.sum() - 1),
        {
            "a": (df_streams["value"], df_streams["precision"] / 2),
            "b": (df_previous["value"], df_previous["precision"] / 2),
        },
    )


def share_pct(part: Estimate, whole: Estimate) -> Estimate:
    """``100 × part / whole`` with bounds."""
    return divide(part, whole).scaled(100)


def implied_total_t(kg_per_inhabitant_year: Estimate, population: int) -> Estimate:
    """Tonnage implied by a published kg/inhabitant/year ratio and a population."""
    return kg_per_inhabitant_year.scaled(population / 1000)


def resolve_target(target: pd.Series, base: Estimate | None) -> Estimate | None:
    """Target as a level: a level as printed, or a relative change applied to ``base``, the
    value of the target's printed base year (see :func:`base_observation`); None for any
    other target, or when there is no such value: a level is never made up from the latest
    observation when the document does not say what the change applies to."""
    if target["target_kind"] == "level":
        return Estimate.exact(target["target_value"])
    if target["target_kind"] != "relative_change_pct" or base is None:
        return None
    return base.scaled(1 + target["target_value"] / 100)


def base_observation(
    df_observations: pd.DataFrame, target: pd.Series, territory: str
) -> pd.Series | None:
    """The observation a relative target applies to: same territory, indicator and breakdown,
    in the base year the target prints; None without a printed base year or such a row."""
    if target["target_kind"] != "relative_change_pct" or pd.isna(target["base_year"]):
        return None
    rows = df_observations[
        (df_observations["territory"] == territory)
        & (df_observations["year"] == int(target["base_year"]))
        & (df_observations["indicator"] == target["indicator"])
        & (df_observations["breakdown"] == target["breakdown"])
    ]
    return None if rows.empty else rows.iloc[0]


def printed_decimals(value: float) -> int:
    """Decimals a value of a data table is printed with (``45`` → 0, ``0.37`` → 2): a target
    is shown as the document prints it, never « 45,0 % » for « 45% »."""
    text = f"{float(value):.10g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def overlaps(a: Estimate, b: Estimate) -> bool:
    """Whether two intervals share at least one value."""
    return a.low <= b.high and b.low <= a.high


def fr_range_text(estimate: Estimate, unit: str, decimals: int = 0) -> str:
    """``244 077 hab. (236 681 – 251 951)`` — a value with its bounds, in French."""
    return (
        f"{fr_value(estimate.value, unit, decimals)} "
        f"({fr_number(estimate.low, decimals)} – {fr_number(estimate.high, decimals)})"
    )


def gap_to_share(total: Estimate, recovered: Estimate, target_pct: float) -> Estimate:
    """Tonnage still to recover to reach ``target_pct`` of ``total`` at constant tonnage."""
    return propagate(
        lambda t, r: t * target_pct / 100 - r,
        {"t": (total.value, total.half_width), "r": (recovered.value, recovered.half_width)},
    )


def targets_of(df_targets: pd.DataFrame, territory: str, year: int) -> pd.DataFrame:
    """Targets and plans of the territory that are not over by ``year``."""
    return df_targets[
        (df_targets["territory"] == territory)
        & (df_targets["target_year"].isna() | (df_targets["target_year"] >= year))
    ]


def deadline_text(target: pd.Series) -> str:
    """« 2030 », « 2020-2022 » for a plan over a period, or « échéance non précisée »."""
    if pd.isna(target["target_year"]):
        return "échéance non précisée"
    last = int(target["target_year"])
    if target["target_kind"] in ("cumulative", "per_year") and not pd.isna(target["base_year"]):
        return f"{int(target['base_year'])}-{last}"
    return str(last)


def objective_text(deadline: str) -> str:
    """« Objectif 2030 », « Objectif (échéance non précisée) »."""
    return f"Objectif {deadline}" if deadline[:1].isdigit() else f"Objectif ({deadline})"


def published_rows(
    df_published: pd.DataFrame, territory: str, year: int, indicator: str, breakdown: str = ""
) -> pd.DataFrame:
    return df_published[
        (df_published["territory"] == territory)
        & (df_published["year"] == year)
        & (df_published["indicator"] == indicator)
        & (df_published["breakdown"] == breakdown)
    ]


def available_years(df_observations: pd.DataFrame, territory: str) -> list[int]:
    """Years for which the territory has at least one waste observation."""
    rows = df_observations[df_observations["territory"] == territory]
    return sorted(int(y) for y in rows["year"].unique())
