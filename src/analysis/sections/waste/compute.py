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

from analysis.core.errors import NoDataError
from analysis.core.fmt import fr_number, fr_percent, fr_value
from analysis.core.uncertainty import Estimate, divide, propagate, sum_estimates
from analysis.figures import catalogue
from analysis.figures.audit import audit
from analysis.figures.record import Figure, FigureCollector, figures_of
from analysis.inputs.population import Population, territory_population
from analysis.inputs.sources import cite, cite_many
from analysis.inputs.tables import NATIONAL

SECTION = "waste"
INPUTS = (
    "waste/observations",
    "waste/published",
    "waste/targets",
    "reference/population",
    "reference/communes",
    "perimeter/observations",
)

# flow labels say what every territory's flow is, no more: what a document adds (« en porte à
# porte », « 3 déchèteries fixes ») goes in the row's note
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
    _prevention_figures(col, _targets_of(tables["waste/targets"], territory, year))
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
    # « déchets » without saying which (004 l. 68): shown as printed, never turned into DMA
    # nor into a tonnage
    for _, unspecified in col.observed_all("waste_per_inhabitant_kg_year").iterrows():
        col.add_observed(unspecified)


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
            note=f"si ce ratio divise ce coût (le document ne le dit pas) ; population "
            f"utilisée : {fr_value(pop.value, 'hab')} ({pop.label})",
        )
        notes.append(
            f"{fr_value(cost.value / 1e6, 'EUR', 1).replace('€', 'M€')} à "
            f"{fr_value(pub['value'], 'EUR/hab/an', 2)} supposent "
            f"{fr_range_text(implied, 'hab')} si ce ratio divise ce coût, contre "
            f"{fr_value(pop.value, 'hab')} ({pop.label})"
        )
    by_kg_day = next(
        (f for f in col.figures if f.indicator == "population_implied_by_kg_day"), None
    )
    if not pubs.empty and by_kg_day is not None:
        implied = divide(cost, Estimate.of_row(pubs.iloc[0]))
        agree = "se recouvrent" if overlaps(implied, by_kg_day.estimate) else (
            "ne se recouvrent pas")  # 002 l. 823-824: 291 840 against 244 077 inhabitants
        notes.append(
            f"la population que suppose ce coût par habitant ({fr_range_text(implied, 'hab')}) "
            f"et celle que suppose le ratio en kg/hab./j publié "
            f"({fr_range_text(by_kg_day.estimate, 'hab')}) {agree} : le document ne dit ni le "
            f"coût ni la population que divise son ratio"
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
    """Recovered tonnages; their shares of the collected DMA where they can be parts of it;
    the printed shares whose base the document does not print, as printed, with the base each
    one implies and the one check the document allows (a printed total = its printed parts)."""
    rows = {kind: col.observed("recovered_t", kind) for kind in ("material", "organic", "energy")}
    recovered = {kind: col.add_observed(row) for kind, row in rows.items() if row is not None}
    stream_rows = [r for _, r in streams_of(col.obs, territory, year).iterrows()]
    if total is not None:
        for kind, parts in DMA_SHARE_PARTS.items():
            if not all(p in recovered for p in parts):
                continue
            col.add_computed(
                "dma_recovered_share_pct",
                share_pct(sum_estimates([recovered[p] for p in parts]), total),
                "%",
                "Tonnage valorisé / DMA collectés (somme des cinq flux)",
                [rows[p] for p in parts] + stream_rows,
                breakdown=kind,
                note=f"base : les {fr_value(total.value, 't')} de DMA collectés ; hypothèse : "
                "ces tonnages valorisés sont des parties des DMA collectés (le document ne "
                "le dit pas)",
            )
    printed = df_pub[
        (df_pub["territory"] == territory)
        & (df_pub["year"] == year)
        & (df_pub["indicator"] == "recovered_share_pct")
    ]
    by_kind = {r["breakdown"]: r for _, r in printed.iterrows()}
    for kind, pub in by_kind.items():
        parts = next((p for p in TOTAL_SHARE_PARTS if all(k in by_kind for k in p)), None)
        if kind == "total" and parts is not None:
            # 42 % + 48 % against « près de 90 % »: the only check the printed shares allow
            col.add_computed(
                "recovered_share_pct",
                sum_estimates([Estimate.of_row(by_kind[k]) for k in parts]),
                "%",
                "Somme des parts imprimées ("
                + " + ".join(RECOVERY_KINDS[k] for k in parts) + ")",
                [by_kind[k] for k in parts],
                breakdown=kind,
                note="parts et total imprimés sur une même base, que le document n'imprime pas",
            )
        else:
            col.add_observed(pub)
        numerator = PRINTED_SHARE_PARTS.get(kind, [])
        if not numerator or not all(p in recovered for p in numerator):
            continue
        base = divide(
            sum_estimates([recovered[p] for p in numerator]), Estimate.of_row(pub)
        ).scaled(100)
        tonnages = " + ".join(fr_value(recovered[p].value, "t") for p in numerator)
        where = ""
        if total is not None:
            inside = total.low <= base.high and base.low <= total.high
            where = (f" ; les {fr_value(total.value, 't')} de DMA collectés sont "
                     + ("dans cet intervalle" if inside else "hors de cet intervalle"))
        col.add_computed(
            "recovered_share_base_implied_t",
            base,
            "t",
            "Tonnage valorisé × 100 / part imprimée",
            [rows[p] for p in numerator] + [pub],
            breakdown=kind,
            note=f"base que le document n'imprime pas ; hypothèse : la part de "
            f"{fr_percent(pub['value'], printed_decimals(pub['value']))} ({pub['locator']}) "
            f"porte sur {tonnages}{where}",
        )


TARGET_COLUMNS = [
    "framework",
    "indicator",
    "breakdown",
    "what",
    "target_year",
    "period",
    "target",
    "target_kind",
    "target_level",
    "unit",
    "decimals",
    "observed",
    "observed_kind",
    "gap",
    "gap_t",
    "source",
    "quote",
    "note",
]


def _targets_of(df_targets: pd.DataFrame, territory: str, year: int) -> pd.DataFrame:
    """Targets and plans of the territory that are not over by ``year``."""
    return df_targets[
        (df_targets["territory"] == territory)
        & (df_targets["target_year"].isna() | (df_targets["target_year"] >= year))
    ]


def _deadline(target: pd.Series) -> str:
    """« 2030 », « 2020-2022 » for a plan over a period, or « échéance non précisée »."""
    if pd.isna(target["target_year"]):
        return "échéance non précisée"
    last = int(target["target_year"])
    if target["target_kind"] in ("cumulative", "per_year") and not pd.isna(target["base_year"]):
        return f"{int(target['base_year'])}-{last}"
    return str(last)


def _objective(deadline: str) -> str:
    """« Objectif 2030 », « Objectif (échéance non précisée) »."""
    return f"Objectif {deadline}" if deadline[:1].isdigit() else f"Objectif ({deadline})"


def _target_figures(
    col: FigureCollector,
    df_targets: pd.DataFrame,
    df_obs: pd.DataFrame,
    territory: str,
    year: int,
    total: Estimate | None,
) -> pd.DataFrame:
    """Every target and plan, shown as the document prints it. A level is computed only for
    a relative change whose base year is printed and observed; a gap to a share of the
    collected DMA only for a target filed as such (its reading stated in its note)."""
    rows = []
    for _, target in _targets_of(df_targets, territory, year).iterrows():
        kind = target["target_kind"]
        deadline = _deadline(target)
        what = label_of(target["indicator"], target["breakdown"])
        source = cite(col.sources, target["source_id"], target["locator"])
        observed = next(
            (
                f
                for f in col.figures
                if f.indicator == target["indicator"] and f.breakdown == target["breakdown"]
            ),
            None,
        )
        base_row = base_observation(df_obs, target, territory)
        level = resolve_target(target, Estimate.of_row(base_row) if base_row is not None else None)
        printed_unit = f"{target['unit']}/an" if kind == "per_year" else target["unit"]
        decimals = printed_decimals(target["target_value"])
        indicator = {"cumulative": "target_total", "per_year": "target_per_year"}.get(
            kind, "target_level"
        )
        if kind == "relative_change_pct" and level is not None:
            col.add_computed_with_source(
                "target_level",
                level,
                base_row["unit"],
                f"Valeur {int(target['base_year'])} × (1 {target['target_value']:+g} %)",
                "Calcul : " + cite_many(
                    col.sources,
                    [(base_row["source_id"], base_row["locator"]),
                     (target["source_id"], target["locator"])],
                ),
                note=target["note"],
            )
            col.figures[-1].label = f"{_objective(deadline)} — {what} ({target['framework']})"
        label = (
            f"{what} ({target['framework']})"  # the period is shown beside it
            if kind in ("cumulative", "per_year")
            else f"{_objective(deadline)} — {what} ({target['framework']})"
            + (" : évolution" if kind == "relative_change_pct" else "")
        )
        # the target as printed: a level, a change in %, a plan's total
        col.figures.append(
            Figure(
                indicator=indicator,
                breakdown=target["breakdown"],
                label=label,
                estimate=Estimate.exact(target["target_value"]),
                unit=printed_unit,
                kind="observed",
                source=source,
                period=deadline if kind in ("cumulative", "per_year") else "",
                decimals=decimals,
                note=target["note"],
            )
        )
        gap_t = None
        if (
            kind == "level"
            and total is not None
            and target["indicator"] == "dma_recovered_share_pct"
            and target["breakdown"] == "material_organic"
            and observed is not None
        ):
            parts = [col.observed("recovered_t", k) for k in DMA_SHARE_PARTS["material_organic"]]
            if all(r is not None for r in parts):
                gap_t = col.add_computed(
                    "recovery_gap_to_target_t",
                    _gap_to_share(
                        total, sum_estimates([Estimate.of_row(r) for r in parts]), level.value
                    ),
                    "t",
                    f"Objectif {fr_percent(level.value, decimals)} × DMA collectés - tonnage "
                    f"valorisé (matière et organique), à tonnage constant",
                    parts + stream_rows_of(col, territory, year) + [target],
                    note=f"{_objective(deadline).lower()} ({target['framework']}) ; "
                    f"{target['note']}",
                )
        compared = observed is not None and kind == "level"
        rows.append(
            {
                "framework": target["framework"],
                "indicator": target["indicator"],
                "breakdown": target["breakdown"],
                "what": what,
                "target_year": deadline,
                "period": deadline if kind in ("cumulative", "per_year") else "",
                "target": target["target_value"],
                "target_kind": kind,
                "target_level": level.value if level is not None else np.nan,
                "unit": printed_unit if level is None else (
                    base_row["unit"] if base_row is not None else printed_unit),
                "decimals": decimals,
                "observed": observed.value if compared else np.nan,
                "observed_kind": observed.kind if compared else "",
                "gap": (observed.value - level.value)
                if compared and level is not None else np.nan,
                "gap_t": gap_t.value if gap_t is not None else np.nan,
                "source": source,
                "quote": target["quote"],
                "note": target["note"],
            }
        )
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


def stream_rows_of(col: FigureCollector, territory: str, year: int) -> list[pd.Series]:
    return [r for _, r in streams_of(col.obs, territory, year).iterrows()]


def _gap_to_share(total: Estimate, recovered: Estimate, target_pct: float) -> Estimate:
    """Tonnage still to recover to reach ``target_pct`` of ``total`` at constant tonnage."""
    return propagate(
        lambda t, r: t * target_pct / 100 - r,
        {"t": (total.value, total.half_width), "r": (recovered.value, recovered.half_width)},
    )


def _prevention_figures(col: FigureCollector, targets: pd.DataFrame) -> None:
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
            note="si le cumul s'arrête à la fin de l'année : sa date n'est pas imprimée",
        )
    # a programme's budget is a plan (« seront développées »), filed in the targets with its
    # period: spread over the years of that period, and said to be planned
    budgets = targets[
        (targets["indicator"] == "plpdma_budget_eur")
        & (targets["target_kind"] == "cumulative")
        & targets["base_year"].notna()
        & targets["target_year"].notna()
    ]
    for _, budget in budgets.iterrows():
        first, last = int(budget["base_year"]), int(budget["target_year"])
        years = last - first + 1
        period = f"{first}-{last}"
        per_year = col.add_computed(
            "plpdma_budget_per_year_eur",
            Estimate.exact(budget["target_value"]).scaled(1 / years),
            "EUR/an",
            f"Budget prévu / {years} ans ({period})",
            [budget],
            period=period,
            note="montant prévu, pas une dépense constatée",
        )
        col.add_computed(
            "plpdma_budget_per_inhabitant_eur",
            per_inhabitant(per_year, col.population.value),
            "EUR/hab/an",
            "Budget prévu par an / population",
            [budget],
            per_capita=True,
            period=period,
            note="montant prévu, pas une dépense constatée",
        )
