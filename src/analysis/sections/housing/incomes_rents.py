"""Housing steps on households' incomes (INSEE Filosofi) and advertised rents (the rent map,
DHUP / ANIL), by commune.

Both files give commune values only. For incomes, the agglomeration is described by the
range of its communes (lowest and highest median, lowest and highest poverty rate), with the
number of communes under statistical secrecy: an EPCI's median income is not any function of
its communes' medians, and none is computed. For rents, the range of the communes and an
average of the communes' predicted rents weighted by the advertisements observed in each
(``NBobs_commune``), labelled as such: it is not the agglomeration's rent.

Year rule: a page of year Y uses the latest file of year ≤ Y (Filosofi 2021 from the 2021
pages on, the 2018 rent map from the 2018 pages on); without one, the step records nothing
and the page says which year the file serves from.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.fmt import fr_number
from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.official.reading import KNOWN
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.housing.model import label_of

INCOME_FIGURES = {"median_income_eur": ("median_disposable_income_eur", "EUR/UC/an", 0,
                                        "median_status"),
                  "poverty_rate_pct": ("poverty_rate_pct", "%", 1, "poverty_status")}
RENT_KINDS = ("flats", "houses")


def latest_not_after(files: list, year: int):
    """The file of the latest year not after ``year`` (None if every file is later)."""
    before = [f for f in files if f.year <= year]
    return max(before, key=lambda f: f.year) if before else None


def extremes(df: pd.DataFrame, column: str) -> tuple[pd.Series, pd.Series]:
    """The communes with the lowest and the highest known value (the first by code when
    two are equal)."""
    known = df.dropna(subset=[column]).sort_values([column, "commune_code"])
    return known.iloc[0], known.iloc[-1]


def _range_figures(col: FigureCollector, df: pd.DataFrame, column: str, indicator: str,
                   unit: str, decimals: int, prefix: str, source: str, period: str,
                   note: str) -> None:
    low, high = extremes(df, column)
    for which, r in (("commune_min", low), ("commune_max", high)):
        breakdown = f"{prefix}{which}"
        col.figures.append(Figure(
            indicator=indicator, breakdown=breakdown, label=label_of(indicator, breakdown),
            estimate=Estimate.exact(r[column]), unit=unit, kind="reference", source=source,
            period=period, decimals=decimals,
            note=f"{r['commune_name']} ({r['commune_code']}) ; {note}"))


@step
def incomes(ctx: Context) -> None:
    """Median disposable income per consumption unit and poverty rate of the communes
    (Filosofi): their range over the territory, and how many communes are secret. Keeps
    the communes' values (``frames["incomes"]``), the file's year and how many of the
    communes it publishes a median for (``values``)."""
    file = latest_not_after(ctx.inputs.filosofi, ctx.year)
    ctx.values["filosofi_year"] = None if file is None else file.year
    ctx.values["filosofi_years"] = sorted(f.year for f in ctx.inputs.filosofi)
    ctx.frames["incomes"] = pd.DataFrame()
    if file is None:
        return
    codes = set(ctx.values["communes"]["commune_code"])
    df = file.communes[file.communes["commune_code"].isin(codes)]
    ctx.frames["incomes"] = df
    col = ctx.collector
    ctx.values["filosofi_source"] = cite(col.sources, df["source_id"].iloc[0])
    source = f"{ctx.values['filosofi_source']} ; valeurs des communes"
    for column, (indicator, unit, decimals, status) in INCOME_FIGURES.items():
        known = int((df[status] == KNOWN).sum())
        secret, absent = (int((df[status] == s).sum()) for s in ("secret", "absent"))
        missing = [f"{secret} secrète{'s' if secret > 1 else ''}" if secret else "",
                   f"{absent} absente{'s' if absent > 1 else ''} du fichier" if absent else ""]
        note = f"{known} communes publiées sur {len(df)}" + (
            f" ({', '.join(m for m in missing if m)})" if secret + absent else "")
        if column == "median_income_eur":  # what the page says when no median is published
            ctx.values["filosofi_cover"] = note
        if not known:
            continue
        _range_figures(col, df, column, indicator, unit, decimals, "", source,
                       str(file.year), note)


@step
def rents(ctx: Context) -> None:
    """Advertised rents per m² of the communes, flats and houses (rent map): their range
    over the territory and the average weighted by the advertisements of each commune.
    Keeps the communes' values (``frames["rents"]``: one column per kind) and the map's
    year (``values["rents_year"]``)."""
    codes = set(ctx.values["communes"]["commune_code"])
    ctx.values["rents_year"] = None
    ctx.values["rents_years"] = sorted({f.year for f in ctx.inputs.rents})
    ctx.values["rents_own_level"] = {}  # kind -> (communes predicted at their level, all)
    frames, cited = {}, []
    for kind in RENT_KINDS:
        file = latest_not_after([f for f in ctx.inputs.rents if f.kind == kind], ctx.year)
        if file is None:
            continue
        df = file.communes[file.communes["commune_code"].isin(codes)]
        frames[kind] = df
        ctx.values["rents_year"] = file.year
        cited.append(cite(ctx.collector.sources, df["source_id"].iloc[0]))
        ctx.values["rents_own_level"][kind] = (
            int((df["prediction_level"] == "commune").sum()), len(df))
        _rent_figures(ctx.collector, df, kind, str(file.year))
    ctx.values["rents_source"] = " ; ".join(cited)
    ctx.frames["rents"] = _wide_rents(frames) if frames else pd.DataFrame()


def _wide_rents(frames: dict[str, pd.DataFrame]) -> pd.DataFrame:
    """One row per commune: the rent, its interval, its advertisements and prediction level
    for each kind (columns ``<name>_<kind>``)."""
    parts = [df.set_index("commune_code")[["rent_eur_m2", "rent_low", "rent_high",
                                           "ads_commune", "prediction_level"]]
             .add_suffix(f"_{kind}") for kind, df in frames.items()]
    first = next(iter(frames.values())).set_index("commune_code")[["commune_name"]]
    return first.join(parts).reset_index()


def weighted_rent(df: pd.DataFrame) -> float:
    """Average of the communes' predicted rents weighted by their advertisements (communes
    without advertisement weigh nothing)."""
    weights = df["ads_commune"].fillna(0)
    return float((df["rent_eur_m2"] * weights).sum() / weights.sum()) if weights.sum() else \
        float("nan")


def _rent_figures(col: FigureCollector, df: pd.DataFrame, kind: str, period: str) -> None:
    known = df[df["status"] == KNOWN]
    if known.empty:
        return
    own = int((known["prediction_level"] == "commune").sum())
    source = f"{cite(col.sources, df['source_id'].iloc[0])} ; valeurs des communes"
    note = (f"{own} communes sur {len(df)} prédites à leur niveau, les autres à celui de "
            f"leur maille ou de l'EPCI")
    _range_figures(col, known, "rent_eur_m2", "advertised_rent_eur_m2", "EUR/m2/mois", 2,
                   f"{kind}_", source, period, note)
    value = weighted_rent(known)
    ads = int(known["ads_commune"].fillna(0).sum())
    breakdown = f"{kind}_ads_weighted"
    col.figures.append(Figure(
        indicator="advertised_rent_eur_m2", breakdown=breakdown,
        label=label_of("advertised_rent_eur_m2", breakdown), estimate=Estimate.exact(value),
        unit="EUR/m2/mois", kind="computed", source="Calcul : " + source, period=period,
        decimals=2,
        method="Σ (loyer prédit de la commune × annonces de la commune) / Σ annonces",
        note=f"{fr_number(ads)} annonces ; moyenne de loyers prédits, pas le loyer de "
             f"l'agglomération"))
