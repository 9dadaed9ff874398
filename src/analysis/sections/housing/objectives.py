"""Housing steps on production and targets: the production target (per year, in total, per
inhabitant, per sector), every other target against the observed pace, and every printed
figure no step showed.

Each step records its figures in the context's collector (see :mod:`analysis.sections.base`)
and returns them. A target is shown as the document prints it; an observed pace is compared
only with a target on the same indicator and breakdown.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from analysis.core.periods import annual_pace, period_years, required_pace
from analysis.core.uncertainty import Estimate, ratio_pct, sum_estimates
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.schemas import TARGET_KIND_LABELS
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.housing.model import (
    KIND_SUFFIXES,
    PACE_PROXIES,
    SECTORS,
    SUMS,
    current_targets,
    label_of,
    latest_period,
    production_target,
    target_noun,
    target_period,
    value_decimals,
)

PRODUCTION_COLUMNS = ["breakdown", "sector", "target_share_pct", "per_year", "total",
                      "new_dwellings_share_pct", "main_residences_share_pct", "source"]
TARGET_COLUMNS = ["framework", "what", "kind", "target", "unit", "period", "required_per_year",
                  "observed_per_year", "observed_period", "pace_vs_target_pct", "source", "note",
                  "noun", "decimals", "target_kind"]


def _targets_of(ctx: Context) -> pd.DataFrame:
    return current_targets(ctx.inputs.targets, ctx.collector.sources, ctx.collector.obs,
                           ctx.territory, ctx.year)


@step
def production(ctx: Context) -> None:
    """The latest yearly production target: per 1 000 inhabitants, over the programme's years,
    and per sector. Sectors are given as shares of the overall target; each sector's yearly
    volume is the share times the overall target, set beside the sector's shares of the new
    dwellings and of the main residences when the document gives them. Keeps the production
    table (``frames["production"]``)."""
    col = ctx.collector
    df_targets = _targets_of(ctx)
    target = production_target(df_targets)
    if target is None:
        ctx.frames["production"] = pd.DataFrame(columns=PRODUCTION_COLUMNS)
        return
    first, last, period = target_period(target)
    years = last - first + 1 if first is not None and last is not None else None
    per_year = Estimate.exact(target["target_value"])
    col.add_computed(
        "production_target_per_1000_inhabitants", per_year.scaled(1000 / col.population.value),
        "count/1000 hab/an", "Objectif annuel × 1 000 / population", [target], period=period,
        per_capita=True,
    )
    if years:
        # the duration is read from the target's years (bounds included); the target's note
        # says when the document reads otherwise (CALL: « sur une durée de 6 ans »)
        col.add_computed(
            "production_target_total", per_year.scaled(years), "count",
            f"Objectif annuel × {years} ans ({period})", [target], period=period,
            note=f"durée retenue : {years} années civiles ({period}, bornes incluses)"
                 + (f" ; {target['note']}" if target["note"] else ""),
        )
    shares = df_targets[(df_targets["indicator"] == "production_target_share_pct")
                        & (df_targets["framework"] == target["framework"])]
    rows = _sectors(col, target, shares, period, years) if not shares.empty else []
    ctx.frames["production"] = pd.DataFrame(rows, columns=PRODUCTION_COLUMNS)


def _sectors(col: FigureCollector, target: pd.Series, shares: pd.DataFrame, period: str,
             years: int | None) -> list[dict]:
    """The sectors' shares (their sum should be 100 %) and yearly volumes; the production
    table's rows."""
    per_year = Estimate.exact(target["target_value"])
    share_rows = [r for _, r in shares.iterrows()]
    col.add_computed(
        "production_target_share_pct",
        sum_estimates([Estimate.exact(r["target_value"]) for r in share_rows]), "%",
        "Somme des parts des secteurs", share_rows, breakdown="sum_of_sectors",
        period=period, note="doit faire 100 %",
    )
    rows = []
    for r in share_rows:
        volume = col.add_computed(
            "production_target_per_year",
            per_year.scaled(r["target_value"] / 100), "count/an",
            "Part du secteur × objectif annuel d'ensemble", [r, target],
            breakdown=r["breakdown"], period=period,
        )
        new = col.observed_all("sector_new_dwellings_share_pct", r["breakdown"])
        main = col.observed_all("sector_main_residences_share_pct", r["breakdown"])
        rows.append({
            "breakdown": r["breakdown"],
            "sector": SECTORS.get(r["breakdown"], r["breakdown"]),
            "target_share_pct": r["target_value"],
            "per_year": volume.value,
            "total": volume.value * years if years else np.nan,
            "new_dwellings_share_pct": new["value"].iloc[0] if not new.empty else np.nan,
            "main_residences_share_pct": main["value"].iloc[0] if not main.empty
            else np.nan,
            "source": cite(col.sources, r["source_id"], r["locator"]),
        })
    return rows


@step
def targets(ctx: Context) -> None:
    """Every other target and envelope, as printed: a cumulative count target turned into a
    yearly pace over its period, and the observed yearly pace of the same indicator and
    breakdown set against it. Keeps the targets table (``frames["targets"]``)."""
    df_targets = _targets_of(ctx)
    production_row = production_target(df_targets)
    split_shown = None if production_row is None else production_row["framework"]
    rows = []
    for _, target in df_targets.iterrows():
        if (target["indicator"] == "production_target_share_pct"
                and target["framework"] == split_shown):
            continue  # this sector split is shown with the production figures
        rows.append(_target_row(ctx.collector, target, ctx.year))
    ctx.frames["targets"] = pd.DataFrame(rows, columns=TARGET_COLUMNS)


def _target_row(col: FigureCollector, target: pd.Series, year: int) -> dict:
    """Record one target's figures; its row of the targets table."""
    first, last, period = target_period(target)
    kind = target["target_kind"]
    what = label_of(target["indicator"], target["breakdown"]) + KIND_SUFFIXES.get(kind, "")
    source = cite(col.sources, target["source_id"], target["locator"])
    noun = target_noun(target["unit"])
    decimals = value_decimals(target["target_value"])
    col.figures.append(Figure(
        indicator={"per_year": "target_per_year", "cumulative": "target_total"}.get(
            kind, "target_level"),
        breakdown=target["breakdown"],
        label=f"{noun} {period} — {what} ({target['framework']})",
        estimate=Estimate.exact(target["target_value"]),
        unit=f"{target['unit']}/an" if kind == "per_year" else target["unit"], kind="observed",
        source=source, period=period, decimals=decimals, note=target["note"],
    ))
    required = _required_pace(col, target, first, last, year)
    pace_value, pace_pct, observed_period = _compared_pace(col, target, required, period)
    return {
        "framework": target["framework"], "what": what,
        "kind": TARGET_KIND_LABELS[kind], "target": target["target_value"],
        "unit": target["unit"], "period": period, "required_per_year": required,
        "observed_per_year": pace_value, "observed_period": observed_period,
        "pace_vs_target_pct": pace_pct, "source": source, "note": target["note"],
        "noun": noun, "decimals": decimals, "target_kind": kind,
    }


def _required_pace(col: FigureCollector, target: pd.Series, first: int | None,
                   last: int | None, year: int) -> float:
    """The yearly pace a target asks for: as printed for a yearly target, a cumulative count
    over its years (from the report's year when the document gives no start); NaN else."""
    kind = target["target_kind"]
    if kind == "per_year":
        return Estimate.exact(target["target_value"]).value
    if not (kind == "cumulative" and last is not None and target["unit"] == "count"):
        return np.nan
    start = first if first is not None else year
    return col.add_computed(
        "required_pace_per_year",
        required_pace(Estimate.exact(target["target_value"]), start, last), "count/an",
        f"Objectif cumulé / {last - start + 1} ans ({start}-{last})", [target],
        breakdown=target["breakdown"], period=f"{start}-{last}",
        note="" if first is not None else
        f"année de départ non précisée : {start} (année du rapport) retenue",
    ).value


def _compared_pace(col: FigureCollector, target: pd.Series, required: float, period: str
                   ) -> tuple[float, float, str]:
    """The observed yearly pace of the target's indicator and breakdown, and its share of the
    required pace: (pace, share in %, observed period), NaN and "" when not observed."""
    if not (target["unit"] == "count" and target["target_kind"] in ("per_year", "cumulative")):
        return np.nan, np.nan, ""
    # only the indicator and breakdown the target names: renovations of no published
    # level are never compared with a BBC or an intermediate-level target
    observed = latest_pace(col, target["indicator"], target["breakdown"])
    if observed is None:
        return np.nan, np.nan, ""
    estimate, observed_period, inputs = observed
    proxy = inputs[0]["indicator"] != target["indicator"]
    pace = col.add_computed(
        "annual_pace", estimate, "count/an",
        f"{label_of(inputs[0]['indicator'])} publiés ({observed_period}), à défaut de "
        f"{label_of(target['indicator']).lower()}" if proxy else
        f"Nombre observé / nombre d'années ({observed_period})", inputs,
        breakdown=target["breakdown"],
        period=observed_period,
    )
    pace_pct = np.nan
    if required == required and required > 0:
        pace_pct = col.add_computed(
            "pace_vs_target_pct", ratio_pct(pace, Estimate.exact(required)), "%",
            f"Rythme observé {observed_period} / rythme de l'objectif {period}",
            inputs + [target], breakdown=target["breakdown"], period=observed_period,
            note=f"objectif : {target['framework']}",
        ).value
    return pace.value, pace_pct, observed_period


def latest_pace(col: FigureCollector, indicator: str, breakdown: str
                ) -> tuple[Estimate, str, list[pd.Series]] | None:
    """Observed yearly pace of the most recent period for ``indicator`` / ``breakdown``: the
    printed figure; else the sum of the printed parts (:data:`.model.SUMS`); else a proxy
    (:data:`.model.PACE_PROXIES`); with an empty breakdown, the sum of the breakdowns of the
    same period. None when nothing is observed."""
    rows = col.observed_all(indicator, breakdown)
    rows = rows[rows["period"].map(period_years).notna()]
    if not rows.empty:
        latest = latest_period(rows["period"])
        row = rows[rows["period"] == latest].iloc[0]
        return annual_pace(Estimate.of_row(row), latest), latest, [row]
    if (indicator, breakdown) in SUMS:
        part_indicator, parts = SUMS[(indicator, breakdown)]
        found = col.obs[(col.obs["indicator"] == part_indicator)
                        & col.obs["breakdown"].isin(parts)
                        & col.obs["period"].map(period_years).notna()]
        return _summed_pace(found, 1)
    if indicator in PACE_PROXIES:
        proxy = col.observed_all(PACE_PROXIES[indicator][0], "")
        if not proxy.empty:
            row = proxy.iloc[0]  # already a yearly figure
            return Estimate.of_row(row), row["period"], [row]
    if breakdown == "":
        rows = col.observed_all(indicator, None)
        return _summed_pace(rows[rows["period"].map(period_years).notna()], 2)
    return None


def _summed_pace(rows: pd.DataFrame, at_least: int
                 ) -> tuple[Estimate, str, list[pd.Series]] | None:
    """Yearly pace of the sum of the rows of the latest period, if it has ``at_least`` rows."""
    if rows.empty:
        return None
    latest = latest_period(rows["period"])
    part = [r for _, r in rows[rows["period"] == latest].iterrows()]
    if len(part) < at_least:
        return None
    count = sum_estimates([Estimate.of_row(r) for r in part])
    return annual_pace(count, latest), latest, part


@step
def remaining(ctx: Context) -> None:
    """Every printed figure no step showed, as printed. The same indicator and breakdown for
    two periods (361 in 2020 beside 635 in 2016-2019) are two printed figures: the check keys
    on the period too."""
    col, obs = ctx.collector, ctx.collector.obs
    for row in obs.itertuples():
        if not col.is_shown(obs.loc[row.Index]):
            col.add_observed(obs.loc[row.Index])
