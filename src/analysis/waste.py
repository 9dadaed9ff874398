"""Household and similar waste (DMA): tonnages, ratios, changes, cost, recovery, targets.

Pure functions over the tidy tables of ``data/waste``; :func:`compute_section` assembles
every figure of the report section, each traced to its source, and :func:`audit` (in
``analysis.figures``) sets them beside what the documents published.
"""

from __future__ import annotations

import calendar
from dataclasses import dataclass

import numpy as np
import pandas as pd

from . import catalogue
from .errors import NoDataError
from .figures import Figure, FigureCollector, audit, figures_of
from .fmt import fr_number, fr_percent, fr_value
from .load import NATIONAL
from .population import Population, territory_population
from .sources import cite
from .uncertainty import Estimate, divide, propagate, sum_estimates

SECTION = "waste"
INPUTS = (
    "waste/observations",
    "waste/published",
    "waste/targets",
    "reference/population",
    "reference/communes",
    "perimeter/observations",
)

STREAMS = {
    "omr": "Ordures ménagères résiduelles",
    "bulky_recycling_centres": "Encombrants et déchèteries",
    "glass": "Verre",
    "green_waste": "Végétaux",
    "selective": "Collecte sélective (emballages, papiers)",
}
RECOVERY_KINDS = {
    "material": "matière",
    "organic": "organique",
    "energy": "énergétique",
    "material_organic": "matière et organique",
    "total": "totale (matière, organique et énergétique)",
}
BREAKDOWNS = STREAMS | RECOVERY_KINDS | {
    "bottom_ash": "mâchefers",
    "ferrous_metals": "ferrailles",
    "non_ferrous_metals": "métaux non ferreux",
    "home": "composteurs individuels",
    "vermicomposter": "lombricomposteurs",
    "garden": "potagers composteurs",
    "anzin": "Anzin",
    "preseau": "Préseau",
    "national_reference": "moyenne nationale",
}
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


# --- pure computations ------------------------------------------------------------------


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


def per_inhabitant(amount: Estimate, population: int, scale: float = 1.0) -> Estimate:
    """``amount × scale / population`` with the bounds of ``amount``."""
    return amount.scaled(scale / population)


def dma_per_inhabitant_kg_year(total_t: Estimate, population: int) -> Estimate:
    """DMA in kg per inhabitant per year."""
    return per_inhabitant(total_t, population, 1000)


def dma_per_inhabitant_kg_day(total_t: Estimate, population: int, year: int) -> Estimate:
    """DMA in kg per inhabitant per day (days of ``year``)."""
    return per_inhabitant(total_t, population, 1000 / days_in_year(year))


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


def resolve_target(target: pd.Series, observed: Estimate | None) -> Estimate | None:
    """Target as a level: a level as printed, or a relative change applied to ``observed``."""
    if target["target_kind"] == "level":
        return Estimate.exact(target["target_value"])
    if observed is None:
        return None
    return observed.scaled(1 + target["target_value"] / 100)


# --- the section: every figure, traced -----------------------------------------------------


@dataclass
class WasteSection:
    """Everything the waste notebook shows for one territory-year."""

    territory: str
    year: int
    population: Population
    df_figures: pd.DataFrame  # audited figures record (see analysis.figures)
    df_streams: pd.DataFrame  # one row per stream: value, share, previous, change, basis
    df_targets: pd.DataFrame  # targets with the observed value they apply to
    missing: list[str]

    def rows(self, indicators: list[str]) -> pd.DataFrame:
        """Figures of the given indicators, in the order given."""
        return figures_of(self.df_figures, indicators)


def _published(
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


def compute_section(
    tables: dict[str, pd.DataFrame], sources: pd.DataFrame, territory: str, year: int
) -> WasteSection:
    """Compute, trace and audit every figure of the waste section for a territory-year.

    Raises
    ------
    NoDataError
        If the territory has no waste observation for ``year``.
    """
    df_obs = tables["waste/observations"]
    df_pub = tables["waste/published"]
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    if obs.empty:
        years = available_years(df_obs, territory)
        raise NoDataError(
            f"pas de données déchets pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, years)) or 'aucune'})"
        )
    population = territory_population(
        tables["reference/population"], tables["reference/communes"], territory, year,
        tables["perimeter/observations"],
    )
    col = FigureCollector(obs, sources, population, label_of, decimals_of)
    col.add_population()

    df_streams = _stream_figures(col, df_obs, df_pub, territory, year)
    raw_streams = streams_of(df_obs, territory, year)
    total = dma_total_t(raw_streams) if len(raw_streams) == len(STREAMS) else None
    _per_inhabitant_figures(col, df_pub, territory, year, df_streams, total)
    _cost_figures(col, df_pub, territory, year, total)
    _recovery_figures(col, df_pub, territory, year, total)
    df_targets = _target_figures(col, tables["waste/targets"], df_obs, territory, year, total)
    _prevention_figures(col)
    for row in obs.itertuples():  # every remaining observation is shown as it was published
        if (row.indicator, row.breakdown) not in col.used:
            col.add_observed(obs.loc[row.Index])
    national = df_obs[(df_obs["territory"] == NATIONAL) & (df_obs["year"] == year)]
    for _, row in national.iterrows():
        if row["indicator"] in {i for i, _ in col.used}:
            col.add_observed(_as_national(row))

    present = {(i, b) for i, b in zip(obs["indicator"], obs["breakdown"], strict=True)}
    missing = [label for key, label in CORE.items() if key not in present]
    df_figures = audit(col.figures, df_pub, sources, territory, year, SECTION)
    return WasteSection(territory, year, population, df_figures, df_streams, df_targets, missing)


def _as_national(row: pd.Series) -> pd.Series:
    row = row.copy()
    row["breakdown"] = "national_reference"
    return row


STREAM_COLUMNS = [
    "breakdown",
    "label",
    "value",
    "share_pct",
    "previous_t",
    "previous_low",
    "previous_high",
    "change_pct",
    "change_basis",
]


def _stream_figures(
    col: FigureCollector, df_obs: pd.DataFrame, df_pub: pd.DataFrame, territory: str, year: int
) -> pd.DataFrame:
    df_streams = streams_of(df_obs, territory, year)
    for _, row in df_streams.iterrows():
        col.add_observed(row)
    if len(df_streams) < len(STREAMS):
        return pd.DataFrame(columns=STREAM_COLUMNS)
    rows = [r for _, r in df_streams.iterrows()]
    total = col.add_computed(
        "dma_total_t", dma_total_t(df_streams), "t", "Somme des cinq flux collectés", rows
    )
    out = df_streams[["breakdown", "value"]].copy()
    out["label"] = out["breakdown"].map(STREAMS)
    out["share_pct"] = [
        col.add_computed(
            "stream_share_pct",
            share_pct(Estimate.of_row(r), total),
            "%",
            "Tonnage du flux / total des DMA",
            [r],
            breakdown=r["breakdown"],
        ).value
        for r in rows
    ]
    df_previous = streams_of(df_obs, territory, year - 1)
    if len(df_previous) == len(STREAMS):
        prev_rows = [r for _, r in df_previous.iterrows()]
        previous, changes = [], []
        for row, prev in zip(rows, prev_rows, strict=True):
            prev_estimate = Estimate.of_row(prev)
            col.figures.append(
                Figure(
                    indicator="collected_previous_t",
                    breakdown=row["breakdown"],
                    label=label_of("collected_previous_t", row["breakdown"]),
                    estimate=prev_estimate,
                    unit="t",
                    kind="observed",
                    source=col.cite_row(prev),
                    note=f"année {year - 1}",
                )
            )
            previous.append(prev_estimate)
            changes.append(
                col.add_computed(
                    "collected_change_pct",
                    change_pct(row["value"], row["precision"], prev["value"], prev["precision"]),
                    "%",
                    f"Tonnage {year} / tonnage {year - 1} observé - 1",
                    [row, prev],
                    breakdown=row["breakdown"],
                )
            )
        col.add_computed(
            "dma_total_previous_t",
            dma_total_t(df_previous),
            "t",
            f"Somme des cinq flux observés en {year - 1}",
            prev_rows,
        )
        col.add_computed(
            "dma_total_change_pct",
            total_change_from_previous(df_streams, df_previous),
            "%",
            f"Total {year} / total {year - 1} - 1",
            rows + prev_rows,
        )
        basis = f"observé en {year - 1}"
    else:
        published = [
            _published(df_pub, territory, year, "collected_change_pct", b)
            for b in df_streams["breakdown"]
        ]
        if any(p.empty for p in published):
            return out.assign(
                previous_t=np.nan,
                previous_low=np.nan,
                previous_high=np.nan,
                change_pct=np.nan,
                change_basis="non disponible",
            )[STREAM_COLUMNS]
        pub_rows = [p.iloc[0] for p in published]
        previous, changes = [], []
        for row, pub in zip(rows, pub_rows, strict=True):
            changes.append(col.add_observed(pub))
            previous.append(
                col.add_computed(
                    "collected_previous_t",
                    previous_from_change(
                        row["value"], row["precision"], pub["value"], pub["precision"]
                    ),
                    "t",
                    f"Tonnage {year} / (1 + évolution publiée)",
                    [row, pub],
                    breakdown=row["breakdown"],
                )
            )
        col.add_computed(
            "dma_total_previous_t",
            sum_estimates(previous),
            "t",
            f"Somme des tonnages {year - 1} reconstitués",
            rows + pub_rows,
        )
        col.add_computed(
            "dma_total_change_pct",
            total_change_from_stream_changes(
                df_streams,
                np.array([p["value"] for p in pub_rows]),
                np.array([p["precision"] for p in pub_rows]),
            ),
            "%",
            "Total / total reconstitué de l'année précédente - 1 (bornes : arrondi de "
            "chaque tonnage et de chaque évolution publiée)",
            rows + pub_rows,
        )
        basis = "reconstitué à partir de l'évolution publiée"
    out["previous_t"] = [p.value for p in previous]
    out["previous_low"] = [p.low for p in previous]
    out["previous_high"] = [p.high for p in previous]
    out["change_pct"] = [c.value for c in changes]
    out["change_basis"] = basis
    return out[STREAM_COLUMNS]


def _per_inhabitant_figures(
    col: FigureCollector,
    df_pub: pd.DataFrame,
    territory: str,
    year: int,
    df_streams: pd.DataFrame,
    total: Estimate | None,
) -> None:
    pop = col.population
    stream_rows = [r for _, r in streams_of(col.obs, territory, year).iterrows()]
    if total is not None:
        col.add_computed(
            "dma_per_inhabitant_kg_year",
            dma_per_inhabitant_kg_year(total, pop.value),
            "kg/hab/an",
            "Total DMA × 1000 / population",
            stream_rows,
            per_capita=True,
        )
        col.add_computed(
            "dma_per_inhabitant_kg_day",
            dma_per_inhabitant_kg_day(total, pop.value, year),
            "kg/hab/j",
            f"Total DMA × 1000 / {days_in_year(year)} jours / population",
            stream_rows,
            per_capita=True,
        )
        for _, pub in _published(df_pub, territory, year, "dma_per_inhabitant_kg_day").iterrows():
            implied = implied_population(
                total, Estimate.of_row(pub), 1000 / days_in_year(year)
            )
            col.add_computed(
                "population_implied_by_kg_day",
                implied,
                "hab",
                f"Total DMA × 1000 / {days_in_year(year)} / ratio publié",
                stream_rows + [pub],
                note=f"{fr_range_text(implied, 'hab')} ; population utilisée : "
                f"{fr_value(pop.value, 'hab')} ({pop.label})",
            )
        return
    row = col.observed("dma_per_inhabitant_kg_year")
    if row is not None:
        ratio = col.add_observed(row)
        col.add_computed(
            "dma_total_t_implied",
            implied_total_t(ratio, pop.value),
            "t",
            "Ratio publié × population / 1000",
            [row],
            per_capita=True,
            note="ordre de grandeur : le document ne publie pas le tonnage",
        )


def fr_range_text(estimate: Estimate, unit: str, decimals: int = 0) -> str:
    """``244 077 hab. (236 681 – 251 951)`` — a value with its bounds, in French."""
    return (
        f"{fr_value(estimate.value, unit, decimals)} "
        f"({fr_number(estimate.low, decimals)} – {fr_number(estimate.high, decimals)})"
    )


def _cost_figures(
    col: FigureCollector, df_pub: pd.DataFrame, territory: str, year: int, total: Estimate | None
) -> None:
    row = col.observed("service_cost_eur")
    if row is None:
        return
    pop = col.population
    cost = col.add_observed(row)
    pubs = _published(df_pub, territory, year, "service_cost_per_inhabitant_eur")
    notes = []
    for _, pub in pubs.iterrows():
        implied = divide(cost, Estimate.of_row(pub))
        col.add_computed(
            "population_implied_by_cost",
            implied,
            "hab",
            "Coût publié / coût par habitant publié",
            [row, pub],
            note=f"population utilisée : {fr_value(pop.value, 'hab')} ({pop.label})",
        )
        notes.append(
            f"{fr_value(cost.value / 1e6, 'EUR', 1).replace('€', 'M€')} à "
            f"{fr_value(pub['value'], 'EUR/hab/an', 2)} supposent "
            f"{fr_range_text(implied, 'hab')}, contre {fr_value(pop.value, 'hab')} "
            f"({pop.label})"
        )
    col.add_computed(
        "service_cost_per_inhabitant_eur",
        per_inhabitant(cost, pop.value),
        "EUR/hab/an",
        "Coût TTC / population",
        [row],
        per_capita=True,
        note=" ; ".join(notes),
    )
    if total is not None:
        stream_rows = [r for _, r in streams_of(col.obs, territory, year).iterrows()]
        col.add_computed(
            "service_cost_per_tonne_eur",
            divide(cost, total),
            "EUR/t",
            "Coût TTC / total DMA",
            [row] + stream_rows,
        )


def _recovery_figures(
    col: FigureCollector, df_pub: pd.DataFrame, territory: str, year: int, total: Estimate | None
) -> None:
    rows = {kind: col.observed("recovered_t", kind) for kind in ("material", "organic", "energy")}
    recovered = {kind: col.add_observed(row) for kind, row in rows.items() if row is not None}
    if total is None or not recovered:
        return
    stream_rows = [r for _, r in streams_of(col.obs, territory, year).iterrows()]
    combos = {
        "material": ["material"],
        "organic": ["organic"],
        "energy": ["energy"],
        "material_organic": ["material", "organic"],
        "total": ["material", "organic", "energy"],
    }
    for kind, parts in combos.items():
        if not all(p in recovered for p in parts):
            continue
        tonnes = sum_estimates([recovered[p] for p in parts])
        inputs = [rows[p] for p in parts] + stream_rows
        notes = []
        for _, pub in _published(df_pub, territory, year, "recovered_share_pct", kind).iterrows():
            base = divide(tonnes, Estimate.of_row(pub)).scaled(100)
            notes.append(
                f"{fr_percent(pub['value'], 0)} ({pub['locator']}) supposent une base de "
                f"{fr_range_text(base, 't')}, contre {fr_value(total.value, 't')} de DMA"
            )
        if "energy" in parts:
            notes.append("le tonnage du CVE comprend des refus de tri et des apports communaux")
        col.add_computed(
            "recovered_share_pct",
            share_pct(tonnes, total),
            "%",
            "Tonnage valorisé / total des DMA",
            inputs,
            breakdown=kind,
            note=" ; ".join(notes),
        )


def _target_figures(
    col: FigureCollector,
    df_targets: pd.DataFrame,
    df_obs: pd.DataFrame,
    territory: str,
    year: int,
    total: Estimate | None,
) -> pd.DataFrame:
    targets = df_targets[
        (df_targets["territory"] == territory)
        & (df_targets["target_year"].isna() | (df_targets["target_year"] >= year))
    ]
    rows = []
    for _, target in targets.iterrows():
        observed = next(
            (
                f
                for f in col.figures
                if f.indicator == target["indicator"] and f.breakdown == target["breakdown"]
            ),
            None,
        )
        level = resolve_target(target, observed.estimate if observed else None)
        deadline = "sans échéance" if pd.isna(target["target_year"]) else int(target["target_year"])
        what = label_of(target["indicator"], target["breakdown"])
        unit = observed.unit if observed else target["unit"]
        if level is not None:
            relative = target["target_kind"] == "relative_change_pct"
            col.figures.append(
                Figure(
                    indicator="target_level",
                    breakdown="",
                    label=f"Objectif {deadline} — {what} ({target['framework']})",
                    estimate=level,
                    unit=unit,
                    kind="computed" if relative else "observed",
                    source=("Calcul : " if relative else "")
                    + cite(col.sources, target["source_id"], target["locator"]),
                    decimals=1 if unit == "%" else 0,
                    method=(
                        f"Dernière valeur observée × (1 {target['target_value']:+g} %)"
                        if relative
                        else ""
                    ),
                    note=target["note"],
                )
            )
        gap_t = None
        if (
            level is not None
            and total is not None
            and target["indicator"] == "recovered_share_pct"
            and observed is not None
        ):
            recovered = sum_estimates(
                [
                    Estimate.of_row(r)
                    for kind in ("material", "organic")
                    if (r := col.observed("recovered_t", kind)) is not None
                ]
            )
            gap_t = col.add_computed(
                "recovery_gap_to_target_t",
                _gap_to_share(total, recovered, level.value),
                "t",
                f"Objectif {fr_percent(level.value, 0)} × total DMA - tonnage valorisé "
                f"(matière et organique), à tonnage constant",
                [col.observed("recovered_t", "material"), col.observed("recovered_t", "organic")],
                breakdown="",
                note=f"objectif {deadline} ({target['framework']})",
            )
        rows.append(
            {
                "framework": target["framework"],
                "what": what,
                "target_year": deadline,
                "target": target["target_value"],
                "target_kind": target["target_kind"],
                "target_level": level.value if level is not None else np.nan,
                "unit": unit,
                "observed": observed.value if observed else np.nan,
                "gap": (observed.value - level.value) if observed and level is not None else np.nan,
                "gap_t": gap_t.value if gap_t is not None else np.nan,
                "source": cite(col.sources, target["source_id"], target["locator"]),
                "note": target["note"],
            }
        )
    return pd.DataFrame(
        rows,
        columns=[
            "framework",
            "what",
            "target_year",
            "target",
            "target_kind",
            "target_level",
            "unit",
            "observed",
            "gap",
            "gap_t",
            "source",
            "note",
        ],
    )


def _gap_to_share(total: Estimate, recovered: Estimate, target_pct: float) -> Estimate:
    """Tonnage still to recover to reach ``target_pct`` of ``total`` at constant tonnage."""
    return propagate(
        lambda t, r: t * target_pct / 100 - r,
        {"t": (total.value, total.half_width), "r": (recovered.value, recovered.half_width)},
    )


def _prevention_figures(col: FigureCollector) -> None:
    year_row = col.observed("compost_kit_households")
    cumulative = col.observed("compost_kit_households_cumulative")
    if year_row is not None and cumulative is not None:
        a, b = col.add_observed(cumulative), col.add_observed(year_row)
        col.add_computed(
            "compost_kit_households_before",
            Estimate(a.value - b.value, a.low - b.high, a.high - b.low),
            "count",
            "Cumul - foyers équipés dans l'année",
            [cumulative, year_row],
        )
    budget = col.observed("plpdma_budget_eur")
    duration = col.observed("plpdma_duration_years")
    if budget is not None and duration is not None:
        per_year = col.add_computed(
            "plpdma_budget_per_year_eur",
            col.add_observed(budget).scaled(1 / col.add_observed(duration).value),
            "EUR/an",
            "Budget / durée du programme",
            [budget, duration],
        )
        col.add_computed(
            "plpdma_budget_per_inhabitant_eur",
            per_inhabitant(per_year, col.population.value),
            "EUR/hab/an",
            "Budget annuel / population",
            [budget, duration],
            per_capita=True,
        )
