"""Housing step: the vacancy of the private stock from the LOVAC files (DGALN / CEREMA).

For a page of year Y, every 1 January date D ≤ Y that the files hold, each from one file
(:func:`analysis.inputs.official.lovac.rows_for_report`): the vacant private dwellings, those
vacant for two years or more and the vacancy rate at each date; at the latest date, the
private stock and the share of long-term vacancy, the rates and counts of each commune (for
the maps), and the LOVAC count set against the census vacancy of the same communes. The sums
cover the communes the file publishes: a commune under statistical secrecy or absent from
the file makes them lower bounds, and each figure says how many communes and inhabitants
they cover.

A document's vacancy figure that LOVAC also gives (:data:`.model.NATIONAL_FILE_CHECKS`: the
CAVM housing programme's « 11 500 » LOVAC vacant dwellings…) is compared with the file's
figure in the audit (:func:`national_printings`), within a tolerance computed here from what
differs: the date the document does not give (the file's own variation over the dates shown)
and the communes the file does not count (their census vacancy).
"""

from __future__ import annotations

import re

import pandas as pd

from analysis.core.fmt import fr_count, fr_noun, fr_number
from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.official.lovac import lovac_by_territory, rows_for_report
from analysis.inputs.official.reading import KNOWN
from analysis.inputs.sources import cite
from analysis.sections.base import Context, step
from analysis.sections.housing.model import NATIONAL_FILE_CHECKS, label_of, rate_pct

_DATE = re.compile(r"^01/01/(\d{4})$")
SERIES = ["vacant_private", "vacant_2y_plus", "vacancy_rate_pct"]  # recorded at each date
LATEST_ONLY = ["private_dwellings", "vacancy_2y_plus_share_pct"]  # at the latest date


@step
def private_vacancy(ctx: Context) -> None:
    """The LOVAC figures of the page (see the module's docstring). Keeps the series by date
    (``frames["lovac_series"]``), the census comparison (``frames["lovac_census"]``), the
    LOVAC columns of the communes table, and ``values["lovac_year"]`` (the latest date's
    year, None without a file for the page)."""
    rows = rows_for_report(ctx.values["lovac"], ctx.year)
    communes = ctx.frames["communes"]
    ctx.values["lovac_year"] = None
    ctx.frames["lovac_series"] = pd.DataFrame()
    ctx.frames["lovac_census"] = pd.DataFrame()
    if not rows.empty:
        summary = lovac_by_territory(rows, ctx.values["communes"], _population(ctx))
        latest = summary.iloc[-1]
        ctx.values["lovac_year"] = int(latest["year"])
        tolerances = _tolerances(ctx, rows, summary)
        for r in summary.itertuples():
            _record(ctx.collector, r, r.year == latest["year"], tolerances.get(r.year, {}))
        ctx.frames["lovac_series"] = summary
        of_latest = rows[rows["year"] == latest["year"]].set_index("commune_code")
        communes = communes.join(of_latest[[
            "private_dwellings", "vacant_private", "vacant_2y_plus", "vacancy_rate_pct",
            "status"]].rename(columns={"vacancy_rate_pct": "lovac_vacancy_rate_pct",
                                       "status": "lovac_status"}))
        ctx.frames["lovac_census"] = _census_comparison(ctx, of_latest, latest)
        ctx.values["lovac_source"] = " ; ".join(
            cite(ctx.collector.sources, s) for s in dict.fromkeys(summary["source_id"]))
        ctx.values["lovac_outside"] = _outside(ctx, summary)
    ctx.frames["communes"] = communes.reset_index().rename(columns={"index": "commune_code"})


def _outside(ctx: Context, summary: pd.DataFrame) -> pd.DataFrame:
    """The rows of the files used that are filed under the territory's EPCI code but whose
    commune is not in its perimeter (a merged commune, another geography): not counted."""
    outside = ctx.inputs.lovac_outside
    if outside.empty:
        return outside
    siren = set(ctx.values["communes"]["epci_siren"])
    return outside[outside["epci_siren"].isin(siren)
                   & outside["file_year"].isin(set(summary["file_year"]))]


def _population(ctx: Context) -> pd.Series:
    """Inhabitants of each commune, at the population vintage of the page."""
    df = ctx.inputs.tables["reference/population"]
    df = df[df["vintage"] == ctx.population.vintage]
    return df.set_index("commune_code")["population"].astype(float)


def coverage(r, rate: bool = False) -> str:
    """What a sum (or, with ``rate``, a rate) of a LOVAC date covers: « minorant : 26
    communes sur 35 (3 secrètes, 6 absentes du fichier), 96 % des habitants »."""
    if not r.lower_bound:
        return f"les {r.communes} communes publiées"
    parts = [fr_count(r.communes_secret, "secrète") if r.communes_secret else "",
             f"{fr_count(r.communes_absent, 'absente')} du fichier" if r.communes_absent
             else ""]
    share = rate_pct(r.inhabitants_counted, r.inhabitants)
    return (f"{'taux de ' if rate else 'minorant : '}{r.communes_known} communes sur "
            f"{r.communes} ({', '.join(p for p in parts if p)}), {fr_number(share, 0)} % des "
            f"habitants")


def _record(col: FigureCollector, r, latest: bool, tolerances: dict) -> None:
    """The figures of one LOVAC date (the series; at the latest date, the stock and the
    long-term share too)."""
    source = cite(col.sources, r.source_id)  # the communes it sums: in the note
    period = f"01/01/{r.year}"
    bound = " (minorant)" if r.lower_bound else ""
    for indicator in SERIES + (LATEST_ONLY if latest else []):
        value = getattr(r, indicator)
        if value != value:
            continue
        rate = indicator.endswith("_pct")
        tolerance, reason = tolerances.get(indicator, (0.0, ""))
        extra = f" ; parc privé {r.stock_year} (Fichiers fonciers)" if indicator in (
            "private_dwellings", "vacancy_rate_pct") else ""
        col.figures.append(Figure(
            indicator=indicator, breakdown="lovac_file",
            label=label_of(indicator, "lovac_file") + ("" if rate else bound),
            estimate=Estimate.exact(value), unit="%" if rate else "count",
            kind="computed" if rate else "reference",
            source=("Calcul : " if rate else "") + source, period=period,
            decimals=1 if rate else 0,
            note=coverage(r, rate) + extra + _duration(r, indicator) + _set_aside(r),
            method=_METHODS.get(indicator, ""), tolerance_pct=tolerance,
            tolerance_reason=reason))


def _duration(r, indicator: str) -> str:
    """For the long-term figures: the communes whose duration of vacancy is secret alone."""
    if "2y" not in indicator or r.communes_2y_known == r.communes_known:
        return ""
    more = r.communes_known - r.communes_2y_known
    return (f" ; durée de vacance secrète dans {fr_count(more, 'commune')} de plus, "
            f"{fr_noun(more, 'non comptée', 'non comptées')}")


def _set_aside(r) -> str:
    """The communes whose printed rate their count and stock do not give: counted with
    those, the rate set aside (:func:`analysis.inputs.official.lovac.load_lovac`)."""
    n = int(getattr(r, "communes_rate_inconsistent", 0) or 0)
    return (f" ; taux imprimé par le fichier incohérent avec son nombre et son parc dans "
            f"{fr_count(n, 'commune')} : {fr_noun(n, 'comptée', 'comptées')} avec ce nombre et "
            f"ce parc") if n else ""


_METHODS = {
    "vacancy_rate_pct": "Vacants du parc privé / parc privé de l'année suivante (communes "
                        "publiées)",
    "vacancy_2y_plus_share_pct": "Vacants depuis 2 ans ou plus / vacants (communes publiées)",
}


# --- against the census and the documents ---------------------------------------------------


def _census_comparison(ctx: Context, of_latest: pd.DataFrame, latest: pd.Series
                       ) -> pd.DataFrame:
    """LOVAC's count at the latest date beside the census of the page on the same communes
    (those LOVAC publishes) and on all; records LOVAC's count as a share of the census's."""
    wide = ctx.values["census_wide"]
    known = of_latest.index[of_latest["status"] == KNOWN]
    same = wide.loc[wide.index.intersection(known)]
    census = ctx.values["census_vintage"]
    where = "publiées par LOVAC"
    if len(same) < len(known):  # LOVAC counts communes the census lacks: left out of both
        counted = of_latest.loc[same.index]
        latest = latest.copy()
        latest["vacant_private"] = counted["vacant_private"].sum()
        latest["private_dwellings"] = counted["private_dwellings"].sum()
        where += " et présentes au recensement"
    rows = [
        {"what": f"Recensement {census} — tous logements, toutes les communes"
                 + (" recensées" if not ctx.values["census_absent"].empty else ""),
         "vacant": wide["vacant_dwellings"].sum(), "stock": wide["dwellings"].sum()},
        {"what": f"Recensement {census} — tous logements, communes {where}",
         "vacant": same["vacant_dwellings"].sum(), "stock": same["dwellings"].sum()},
        {"what": f"LOVAC au 01/01/{int(latest['year'])} — parc privé "
                 f"({int(latest['stock_year'])}), mêmes communes",
         "vacant": latest["vacant_private"], "stock": latest["private_dwellings"]},
    ]
    df = pd.DataFrame(rows)
    df["rate_pct"] = rate_pct(df["vacant"], df["stock"])
    col = ctx.collector
    col.figures.append(Figure(
        indicator="lovac_vacant_share_of_census_pct", breakdown="",
        label=label_of("lovac_vacant_share_of_census_pct"),
        estimate=Estimate.exact(rate_pct(df["vacant"].iloc[2], df["vacant"].iloc[1])),
        unit="%", kind="computed", decimals=1, period=f"01/01/{int(latest['year'])}",
        source=(f"Calcul : {cite(col.sources, latest['source_id'])} ; "
                f"{ctx.values['census_source']}"),
        method=f"Vacants LOVAC (parc privé) / vacants du recensement {census} (tous "
               f"logements), sur les {len(same)} communes {where}",
        note="champs, définitions et dates différents : un rapport, pas un écart à corriger"))
    return df


def _doc_rows(ctx: Context) -> list[tuple[pd.Series, tuple[str, str]]]:
    """The page's document rows that the LOVAC file also gives, with the file's figure."""
    found = []
    for (indicator, breakdown), target in NATIONAL_FILE_CHECKS.items():
        for _, row in ctx.collector.observed_all(indicator, breakdown).iterrows():
            found.append((row, target))
    return found


def _compared_year(row: pd.Series, years: list[int]) -> int:
    """The date a document's figure is compared at: its own, if it writes one the page
    shows, else the latest."""
    m = _DATE.match(str(row.get("period", "") or ""))
    return int(m.group(1)) if m and int(m.group(1)) in years else max(years)


def _tolerances(ctx: Context, rows: pd.DataFrame, summary: pd.DataFrame) -> dict:
    """``{year: {indicator: (tolerance %, reason)}}`` for the file's figures a document's
    figure is compared with (see the module's docstring)."""
    out: dict[int, dict] = {}
    years = summary["year"].astype(int).tolist()
    wide = ctx.values["census_wide"]
    for row, (indicator, _breakdown) in _doc_rows(ctx):
        year = _compared_year(row, years)
        printed = float(row["value"])
        reasons, total = [], 0.0
        if not _DATE.match(str(row.get("period", "") or "")) and len(years) > 1:
            spread = float(summary[indicator].max() - summary[indicator].min())
            total += 100 * spread / printed
            unit = (1, " points") if indicator.endswith("_pct") else (0, "")
            reasons.append(
                f"date non écrite : le fichier varie de {fr_number(spread, unit[0])}{unit[1]} "
                f"du 01/01/{min(years)} au 01/01/{max(years)} "
                f"({fr_number(100 * spread / printed, 1)} %)")
        if not indicator.endswith("_pct"):
            counted = rows[(rows["year"] == year) & rows[indicator].notna()]["commune_code"]
            missing = float(wide.loc[~wide.index.isin(set(counted)), "vacant_dwellings"].sum())
            n_missing = int((~wide.index.isin(set(counted))).sum())
            if n_missing:
                total += 100 * missing / printed
                reasons.append(
                    f"{n_missing} communes non comptées : {fr_number(missing)} vacants au "
                    f"recensement {ctx.values['census_vintage']} "
                    f"({fr_number(100 * missing / printed, 1)} %)")
        if reasons:
            out.setdefault(year, {})[indicator] = (round(total, 1), " ; ".join(reasons))
    return out


def national_printings(ctx: Context) -> pd.DataFrame:
    """The page's document rows that the LOVAC file also gives, as printings of the file's
    figure they are compared with (its indicator, breakdown and date): the audit then sets
    the file's figure beside the document's, a ``national_file`` check."""
    year = ctx.values.get("lovac_year")
    if year is None:
        return ctx.inputs.published.iloc[:0]
    years = sorted(int(y) for y in ctx.frames["lovac_series"]["year"])
    printings = []
    for row, (indicator, breakdown) in _doc_rows(ctx):
        compared = _compared_year(row, years)
        printings.append(row.to_dict() | {
            "indicator": indicator, "breakdown": breakdown, "period": f"01/01/{compared}",
            "note": (f"document {'du ' + row['period'] if row['period'] else 'sans date'} : "
                     f"comparé au 01/01/{compared}")})
    return pd.DataFrame(printings, columns=ctx.inputs.published.columns) if printings \
        else ctx.inputs.published.iloc[:0]

