"""Housing: stock structure and vacancy (census), renovation and production against targets,
amounts per dwelling, and the housing programmes' figures audited against recomputations.

Pure functions over the tidy tables of ``data/housing`` and ``data/reference``;
:func:`compute_section` assembles every figure of the section, each traced to its source.
Official files an analyst drops in ``data/housing/lovac/`` (LOVAC) and
``data/housing/census/`` (INSEE base-ic-logement) are read by :mod:`analysis.official`.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import NoDataError
from analysis.core.fmt import fr_value
from analysis.core.paths import data_dir
from analysis.core.periods import annual_pace, period_years, required_pace
from analysis.core.uncertainty import Estimate, divide, ratio_pct, sum_estimates
from analysis.figures import catalogue
from analysis.figures.audit import audit
from analysis.figures.record import Figure, FigureCollector, figures_of
from analysis.inputs.official.census import load_census_logement
from analysis.inputs.official.lovac import load_lovac, lovac_by_territory
from analysis.inputs.official.reading import check_declared, official_files
from analysis.inputs.population import Population, choose_vintage, territory_population
from analysis.inputs.sources import cite
from analysis.inputs.tables import TARGET_KIND_LABELS, load_inputs, load_table

SECTION = "housing"
INPUTS = (
    "housing/observations",
    "housing/published",
    "housing/targets",
    "reference/population",
    "reference/communes",
    "perimeter/observations",
    "reference/census_2021_by_commune",
)
LOVAC_DIR = Path("housing") / "lovac"
CENSUS_DIR = Path("housing") / "census"
REFERENCE_CENSUS = ("reference/census_2021_by_commune", 2021, "insee_rp2021_iris")
CENSUS_INDICATORS = ["dwellings", "main_residences", "secondary_residences",
                     "vacant_dwellings", "houses", "flats"]

BREAKDOWNS = catalogue.breakdowns("housing")  # labels: sections/housing/indicators.toml
SECTORS = {code: BREAKDOWNS[code] for code in (  # PLH sectors of the CAVM, as it names them
    "valenciennes", "agglomeration_centrale", "secteur_rural", "secteur_est", "pays_de_conde")}
# figures the documents print as the sum of other printed figures: (indicator, breakdown) ->
# (indicator of the parts, breakdowns of the parts)
SUMS = {
    ("dwellings_renovation_funded", "private"): (
        "dwellings_renovation_funded", ["private_owner_occupiers", "private_landlords"]),
    ("npnru_projects", ""): ("npnru_districts", ["national_interest", "regional_interest"]),
    ("sector_new_dwellings_share_pct", "valenciennes_agglomeration_centrale"): (
        "sector_new_dwellings_share_pct", ["valenciennes", "agglomeration_centrale"]),
}
# an observed yearly pace that stands in for an indicator the documents do not count
PACE_PROXIES = {"dwellings_produced": ("dwellings_authorised_per_year",
                                       "logements autorisés par an (permis), faute de "
                                       "logements produits")}
# amounts per dwelling: result -> (amount indicators summed, dwellings indicator)
PER_DWELLING = {
    "social_housing_funding_per_dwelling_eur": (["social_housing_funding_eur"],
                                                "social_dwellings_subsidised_or_approved"),
    "mining_housing_state_credits_per_dwelling_eur": (["mining_housing_state_credits_eur"],
                                                      "mining_dwellings_renovated"),
    "mining_housing_epci_credits_per_dwelling_eur": (["mining_housing_epci_credits_eur"],
                                                     "mining_dwellings_renovated"),
    "mining_housing_public_credits_per_dwelling_eur": (
        ["mining_housing_state_credits_eur", "mining_housing_epci_credits_eur"],
        "mining_dwellings_renovated"),
}
# what a complete housing section needs; anything absent is listed as missing in the report
CORE = {
    "vacant_private": "logements vacants du parc privé (fichier LOVAC ou chiffre LOVAC publié)",
    "social_housing_rate_pct": "taux de logements sociaux",
    "dwellings_renovated": "logements rénovés (parc social ou privé) sur une période connue",
    "dwellings_produced": "logements produits (construction neuve) ou objectif de production",
}


# labels and decimals come from the indicator catalogue, breakdowns from this section
label_of = catalogue.labeller(BREAKDOWNS)
decimals_of = catalogue.decimals


def value_decimals(value: float) -> int:
    """Decimals of a value as transcribed (« 100 » → 0, « 7,45 » → 2): a target has no
    precision column, and is shown with no more digits than it was written with."""
    text = f"{float(value):.10g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def census_phrase(census_label: str) -> str:
    """« INSEE, recensement 2021 » → « recensement 2021 de l'INSEE », for method strings
    (« logements du recensement 2021 de l'INSEE »), keeping the acronym's capitals."""
    return census_label.replace("INSEE, ", "") + " de l'INSEE"


# --- inputs: committed tables and dropped official files ------------------------------------


@dataclass
class HousingInputs:
    """Everything the housing section reads, validated."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    census: dict[int, pd.DataFrame]  # vintage -> commune_code, indicator, value, source_id
    lovac: pd.DataFrame  # official.LOVAC_COLUMNS, possibly empty
    shapes: dict = field(default_factory=dict)  # GeoJSON of the communes


def load_official(data: str | Path | None = None) -> tuple[dict[int, pd.DataFrame], pd.DataFrame]:
    """Census vintages (the committed 2021 extract plus dropped files) and LOVAC rows.

    Raises
    ------
    DataValidationError, SourceMissingError
        From the loaders of :mod:`analysis.official`, naming the file.
    """
    root = data_dir(data)
    sources = load_table("sources", root)
    communes = load_table("reference/communes", root)
    table, vintage, _ = REFERENCE_CENSUS
    census = {vintage: load_table(table, root)}
    for path in official_files(root / CENSUS_DIR):
        source_id = check_declared(path, sources, "Recensement, logements par IRIS "
                                   "(base-ic-logement)", "INSEE", "Licence Ouverte 2.0", root)
        loaded = load_census_logement(path, communes, source_id)
        census[loaded.vintage] = loaded.df_by_commune
    frames = []
    for path in official_files(root / LOVAC_DIR):
        source_id = check_declared(path, sources, "LOVAC, logements vacants du parc privé "
                                   "par commune", "CEREMA / DGALN", "Licence Ouverte 2.0", root)
        frames.append(load_lovac(path, communes, source_id))
    from analysis.inputs.official.lovac import LOVAC_COLUMNS

    lovac = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=LOVAC_COLUMNS)
    return census, lovac


def official_file_years(territory: str, data: str | Path | None = None) -> list[int]:
    """Years that dropped files add to the housing section of ``territory``: the LOVAC
    vintages with at least one known commune, and the census vintages of dropped files."""
    census, lovac = load_official(data)
    communes = load_table("reference/communes", data)
    codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
    years = {int(v) for v in census if v != REFERENCE_CENSUS[1]}
    mine = lovac[lovac["commune_code"].isin(codes) & ~lovac["secret"].astype(bool)]
    years |= {int(v) for v in mine["vintage"].unique()}
    return sorted(years)


def load_housing_inputs(data: str | Path | None = None) -> HousingInputs:
    """Load and validate the committed tables and the dropped official files."""
    from analysis.inputs.geography import load_commune_shapes

    tables = load_inputs(INPUTS, data)
    census, lovac = load_official(data)
    return HousingInputs(tables, load_table("sources", data), census, lovac,
                         load_commune_shapes(data))


# --- pure computations ----------------------------------------------------------------------


def census_wide(df_census: pd.DataFrame, codes: set[str] | None = None) -> pd.DataFrame:
    """Census long table → one row per commune, one column per indicator."""
    rows = df_census if codes is None else df_census[df_census["commune_code"].isin(codes)]
    wide = rows.pivot(index="commune_code", columns="indicator", values="value")
    return wide.reindex(columns=CENSUS_INDICATORS)


def rate_pct(part, whole):
    """``100 × part / whole`` (arrays or numbers); NaN where ``whole`` is 0."""
    part = np.asarray(part, dtype=float)
    whole = np.asarray(whole, dtype=float)
    with np.errstate(divide="ignore", invalid="ignore"):
        out = np.where(whole > 0, 100 * part / whole, np.nan)
    return out if out.ndim else float(out)


def stock_structure(df_wide: pd.DataFrame) -> pd.DataFrame:
    """Add the structure rates to a wide census table (per commune or per territory).

    Vacancy and the shares are over all dwellings (INSEE definition: a vacant dwelling is
    unoccupied on census day, whatever the reason); houses + flats may fall short of all
    dwellings (other kinds: rooms, mobile homes).
    """
    out = df_wide.copy()
    out["vacancy_rate_pct"] = rate_pct(out["vacant_dwellings"], out["dwellings"])
    out["flats_share_pct"] = rate_pct(out["flats"], out["dwellings"])
    out["houses_share_pct"] = rate_pct(out["houses"], out["dwellings"])
    out["main_residences_share_pct"] = rate_pct(out["main_residences"], out["dwellings"])
    out["secondary_residences_share_pct"] = rate_pct(out["secondary_residences"],
                                                     out["dwellings"])
    return out


def territory_totals(df_wide: pd.DataFrame) -> pd.Series:
    """Sum of the communes, with the rates recomputed on the sums (not averaged)."""
    totals = df_wide[CENSUS_INDICATORS].sum().to_frame().T
    return stock_structure(totals).iloc[0]


def per_dwelling(amount: Estimate, dwellings: Estimate) -> Estimate:
    """Amount divided by a number of dwellings, bounded by the rounding of both."""
    return divide(amount, dwellings)


def implied_stock(count: Estimate, rate: Estimate) -> Estimate:
    """Stock that makes ``count`` equal ``rate`` percent of it (``count / rate × 100``)."""
    return divide(count, rate).scaled(100)


# --- the section ----------------------------------------------------------------------------


@dataclass
class HousingSection:
    """Everything the housing notebook shows for one territory-year."""

    territory: str
    year: int
    population: Population
    census_vintage: int
    census_source: str
    df_figures: pd.DataFrame  # audited figures record
    df_communes: pd.DataFrame  # one row per commune: census stock and rates (+ LOVAC)
    df_vacancy: pd.DataFrame  # the vacancy figures of every source side by side
    df_targets: pd.DataFrame  # targets with the observed pace they are compared with
    df_production: pd.DataFrame  # production target split by sector
    missing: list[str]
    lovac_vintage: int | None = None

    def rows(self, indicators: list[str]) -> pd.DataFrame:
        """Figures of the given indicators, in the order given."""
        return figures_of(self.df_figures, indicators)


def available_years(df_observations: pd.DataFrame, territory: str) -> list[int]:
    rows = df_observations[df_observations["territory"] == territory]
    return sorted(int(y) for y in rows["year"].unique())


def compute_section(inputs: HousingInputs, territory: str, year: int) -> HousingSection:
    """Compute, trace and audit every figure of the housing section for a territory-year.

    Raises
    ------
    NoDataError
        If the territory has neither observations nor a dropped official file for ``year``.
    """
    tables, sources = inputs.tables, inputs.sources
    df_obs = tables["housing/observations"]
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    communes = tables["reference/communes"]
    mine = communes[communes["epci_short"] == territory]
    codes = set(mine["commune_code"])
    lovac = inputs.lovac[inputs.lovac["commune_code"].isin(codes)]
    lovac_year = lovac[(lovac["vintage"] == year) & ~lovac["secret"].astype(bool)]
    if obs.empty and lovac_year.empty and year not in inputs.census:
        years = available_years(df_obs, territory)
        raise NoDataError(
            f"pas de données habitat pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, years)) or 'aucune'})"
        )
    population = territory_population(tables["reference/population"], communes, territory, year,
                                     tables["perimeter/observations"])
    col = FigureCollector(obs, sources, population, label_of, decimals_of)
    col.add_population()

    vintage = choose_vintage(sorted(inputs.census), year)
    df_census = inputs.census[vintage]
    census_source_id = str(df_census["source_id"].iloc[0])
    census_label = f"INSEE, recensement {vintage}"
    wide = census_wide(df_census, codes)
    missing_communes = codes - set(wide.index)
    if missing_communes:
        raise NoDataError(
            f"recensement {vintage} incomplet pour {territory} : "
            f"{', '.join(sorted(missing_communes)[:5])}"
        )
    df_communes = stock_structure(wide).join(mine.set_index("commune_code")["commune_name"])
    totals = _census_figures(col, sources, census_source_id, census_label, wide, population,
                             len(codes), vintage, year)

    lovac_vintage = None
    lovac_known = lovac[~lovac["secret"].astype(bool)]
    if not lovac_known.empty:
        lovac_vintage = choose_vintage(sorted(lovac_known["vintage"].unique().tolist()), year)
        df_communes = df_communes.join(
            lovac[lovac["vintage"] == lovac_vintage].set_index("commune_code")[
                ["private_dwellings", "vacant_private", "vacancy_rate_pct", "secret"]
            ].rename(columns={"vacancy_rate_pct": "lovac_vacancy_rate_pct"})
        )
        _lovac_figures(col, sources, lovac[lovac["vintage"] == lovac_vintage], communes,
                       lovac_vintage)

    df_vacancy = _vacancy_figures(col, tables["housing/published"], territory, year, totals,
                                  census_label, vintage)
    _substandard_figures(col, totals, census_label)
    _hlm_sales_figures(col)
    _printed_sums(col)
    _vacancy_duration_figures(col, totals, census_label)
    _needs_per_year(col)
    _per_dwelling_figures(col)
    df_targets, df_production = _target_figures(col, tables["housing/targets"], territory, year)

    for row in obs.itertuples():  # every remaining observation is shown as published
        # the same indicator and breakdown for two periods (361 in 2020 beside 635 in
        # 2016-2019) are two printed figures: the check keys on the period too
        if not col.is_shown(obs.loc[row.Index]):
            col.add_observed(obs.loc[row.Index])

    present = set(obs["indicator"]) | {f.indicator for f in col.figures if f.kind != "reference"}
    if lovac_vintage is not None or col.observed("vacant_dwellings", "lovac") is not None:
        present.add("vacant_private")
    if (col.observed(PACE_PROXIES["dwellings_produced"][0]) is not None
            or "production_target_total" in present
            or (df_targets["what"] == label_of("dwellings_produced")).any()):
        present.add("dwellings_produced")
    missing = [label for key, label in CORE.items() if key not in present]
    df_figures = audit(col.figures, tables["housing/published"], sources, territory, year,
                       SECTION)
    return HousingSection(
        territory, year, population, vintage, cite(sources, census_source_id), df_figures,
        df_communes.reset_index().rename(columns={"index": "commune_code"}), df_vacancy,
        df_targets, df_production, missing, lovac_vintage,
    )


def _census_figures(col: FigureCollector, sources: pd.DataFrame, source_id: str,
                    census_label: str, wide: pd.DataFrame, population: Population,
                    n_communes: int, vintage: int, year: int) -> pd.Series:
    totals = territory_totals(wide)
    source = f"{cite(sources, source_id)} ; somme des {n_communes} communes"
    note = "" if vintage <= year else (
        f"millésime {vintage} postérieur à l'année du rapport : le seul disponible")
    for indicator in CENSUS_INDICATORS:
        breakdown = "census" if indicator == "vacant_dwellings" else ""
        col.figures.append(Figure(
            indicator=indicator, breakdown=breakdown, label=label_of(indicator, breakdown),
            estimate=Estimate.exact(totals[indicator]), unit="count", kind="reference",
            source=source, period=census_label, note=note,
        ))
    rates = {
        "vacancy_rate_pct": ("vacant_dwellings", "Logements vacants / logements"),
        "flats_share_pct": ("flats", "Appartements / logements"),
        "houses_share_pct": ("houses", "Maisons / logements"),
        "main_residences_share_pct": ("main_residences", "Résidences principales / logements"),
        "secondary_residences_share_pct": ("secondary_residences",
                                           "Résidences secondaires / logements"),
    }
    for indicator, (_, method) in rates.items():
        breakdown = "census" if indicator == "vacancy_rate_pct" else ""
        col.figures.append(Figure(
            indicator=indicator, breakdown=breakdown, label=label_of(indicator, breakdown),
            estimate=Estimate.exact(totals[indicator]), unit="%", kind="computed",
            source=f"Calcul : {source}", period=census_label, decimals=1,
            method=method + " (sommes des communes)",
        ))
    col.figures.append(Figure(
        indicator="dwellings_per_1000_inhabitants",
        label=label_of("dwellings_per_1000_inhabitants"),
        estimate=Estimate.exact(1000 * totals["dwellings"] / population.value),
        unit="count/1000 hab",
        kind="computed", source=f"Calcul : {source} ; {population.label}", period=census_label,
        method="Logements × 1 000 / population", population_vintage=population.label,
        note="" if population.vintage == vintage else
        f"logements {vintage}, population {population.vintage}",
    ))
    return totals


def _lovac_figures(col: FigureCollector, sources: pd.DataFrame, df_lovac: pd.DataFrame,
                   communes: pd.DataFrame, vintage: int) -> None:
    summary = lovac_by_territory(df_lovac, communes)
    row = summary[summary["territory"] == col.population.territory].iloc[0]
    source = cite(sources, row["source_id"]) + f" ; somme des communes ({vintage})"
    bound = (f"minorant : {row['communes_secret']} commune(s) sur {row['communes']} "
             f"sous secret statistique" if row["lower_bound"] else "")
    for indicator in ("private_dwellings", "vacant_private", "vacant_2y_plus"):
        if row[indicator] == row[indicator]:
            col.figures.append(Figure(
                indicator=indicator, breakdown="lovac_file",
                label=label_of(indicator, "lovac_file") + (" (minorant)" if bound else ""),
                estimate=Estimate.exact(row[indicator]), unit="count", kind="reference",
                source=source, period=f"01/01/{vintage}", note=bound,
            ))
    col.figures.append(Figure(
        indicator="vacancy_rate_pct", breakdown="lovac_file",
        label=label_of("vacancy_rate_pct", "lovac_file"),
        estimate=Estimate.exact(row["vacancy_rate_pct"]), unit="%", kind="computed",
        source="Calcul : " + source, period=f"01/01/{vintage}", decimals=1,
        method="Logements vacants du parc privé / logements du parc privé (communes connues)",
        note=bound,
    ))
    if row["vacant_2y_plus"] == row["vacant_2y_plus"]:
        col.figures.append(Figure(
            indicator="vacancy_2y_plus_share_pct", breakdown="lovac_file",
            label=label_of("vacancy_2y_plus_share_pct", "lovac_file"),
            estimate=Estimate.exact(rate_pct(row["vacant_2y_plus"], row["vacant_private"])),
            unit="%", kind="computed", source="Calcul : " + source, period=f"01/01/{vintage}",
            decimals=1, method="Vacants depuis 2 ans ou plus / vacants", note=bound,
        ))


VACANCY_COLUMNS = ["what", "period", "vacant", "published_rate_pct", "rate_on_census_pct",
                   "implied_stock", "census_dwellings", "source"]


def _vacancy_figures(col: FigureCollector, df_pub: pd.DataFrame, territory: str, year: int,
                     totals: pd.Series, census_label: str, vintage: int) -> pd.DataFrame:
    """The documents' vacancy counts and rates against the census recomputation."""
    census_dwellings = Estimate.exact(totals["dwellings"])
    rows = [{
        "what": f"Recensement {vintage} (INSEE, tous logements)",
        "period": census_label,
        "vacant": totals["vacant_dwellings"],
        "published_rate_pct": np.nan,
        "rate_on_census_pct": totals["vacancy_rate_pct"],
        "implied_stock": np.nan,
        "census_dwellings": totals["dwellings"],
        "source": "recalcul",
    }]
    for _, row in col.observed_all("vacant_dwellings", None).iterrows():
        breakdown = row["breakdown"]
        count = col.add_observed(row)
        rate = col.add_computed(
            "vacancy_rate_pct", ratio_pct(count, census_dwellings), "%",
            f"Logements vacants publiés / logements du {census_phrase(census_label)}", [row],
            breakdown=breakdown, period=row["period"], extra_source=census_label,
            note=f"dénominateur : {fr_value(census_dwellings.value, 'count')} logements "
                 f"({census_label})",
        )
        col.add_computed(
            "vacant_dwellings_gap_to_census",
            Estimate(count.value - totals["vacant_dwellings"],
                     count.low - totals["vacant_dwellings"],
                     count.high - totals["vacant_dwellings"]),
            "count", f"Chiffre publié - logements vacants du {census_phrase(census_label)}",
            [row],
            breakdown=breakdown, period=row["period"], extra_source=census_label,
        )
        published = df_pub[(df_pub["territory"] == territory) & (df_pub["year"] == year)
                           & (df_pub["indicator"] == "vacancy_rate_pct")
                           & (df_pub["breakdown"] == breakdown)]
        implied = np.nan
        published_rate = np.nan
        for _, pub in published.iterrows():
            published_rate = pub["value"]
            stock = col.add_computed(
                "stock_implied_by_vacancy_rate",
                implied_stock(count, Estimate.of_row(pub)), "count",
                "Logements vacants publiés / taux publié × 100", [row, pub],
                breakdown=breakdown, period=row["period"],
                note=f"à comparer aux {fr_value(census_dwellings.value, 'count')} logements du "
                     f"{census_phrase(census_label)}",
            )
            implied = stock.value
        rows.append({
            "what": label_of("vacant_dwellings", breakdown),
            "period": row["period"] or "non précisée",
            "vacant": count.value,
            "published_rate_pct": published_rate,
            "rate_on_census_pct": rate.value,
            "implied_stock": implied,
            "census_dwellings": census_dwellings.value,
            "source": col.cite_row(row),
        })
    lovac_rate = next((f for f in col.figures if f.indicator == "vacancy_rate_pct"
                       and f.breakdown == "lovac_file"), None)
    if lovac_rate is not None:
        vacant = next(f for f in col.figures if f.indicator == "vacant_private")
        rows.append({
            "what": "Fichier LOVAC (parc privé)", "period": lovac_rate.period,
            "vacant": vacant.value, "published_rate_pct": np.nan,
            "rate_on_census_pct": rate_pct(vacant.value, census_dwellings.value),
            "implied_stock": np.nan, "census_dwellings": census_dwellings.value,
            "source": vacant.source,
        })
    return pd.DataFrame(rows, columns=VACANCY_COLUMNS)


def _substandard_figures(col: FigureCollector, totals: pd.Series, census_label: str) -> None:
    orders = col.observed_all("dwellings_under_prefectoral_order", None)
    if orders.empty:
        return
    counts = [col.add_observed(r) for _, r in orders.iterrows()]
    inputs = [r for _, r in orders.iterrows()]
    total = sum_estimates(counts)
    note = ""
    if len(counts) > 1:
        # a sum the document never prints (214 + 175 in the CAVM PLH): a computed figure,
        # never a printed one, and the page says so
        kinds = " + ".join(BREAKDOWNS.get(b, b) for b in orders["breakdown"])
        note = "le document ne publie pas ce total : somme calculée des types d'arrêté"
        total = col.add_computed("dwellings_under_prefectoral_order", total, "count",
                                 f"Somme des logements par type d'arrêté ({kinds}) : total "
                                 f"calculé, non imprimé", inputs, breakdown="total",
                                 period=inputs[0]["period"], note=note)
    col.add_computed(
        "dwellings_under_prefectoral_order_per_10000",
        total.scaled(10000 / totals["dwellings"]), "count/10000 logements",
        f"Logements sous arrêté × 10 000 / logements du {census_phrase(census_label)}",
        inputs, period=inputs[0]["period"], extra_source=census_label, note=note,
    )


def _hlm_sales_figures(col: FigureCollector) -> None:
    sales = col.observed_all("hlm_sales", "")
    if sales.empty:
        return
    values = [col.add_observed(r) for _, r in sales.iterrows()]
    inputs = [r for _, r in sales.iterrows()]
    periods = [r["period"] for r in inputs]
    col.add_computed(
        "hlm_sales_mean_per_year", sum_estimates(values).scaled(1 / len(values)), "count/an",
        f"Moyenne des ventes {', '.join(periods)}", inputs, period="-".join(
            [min(periods), max(periods)]) if len(periods) > 1 else periods[0],
    )
    # the previous programme's 70 sales a year is a target (housing/targets.csv), compared
    # as such by _target_row, never a « usual » observed pace


def _printed_sums(col: FigureCollector) -> None:
    """Recompute the totals the documents print as sums of other printed figures."""
    for (indicator, breakdown), (part_indicator, parts) in SUMS.items():
        rows = col.obs[(col.obs["indicator"] == part_indicator)
                       & col.obs["breakdown"].isin(parts)]
        if len(rows) != len(parts):
            continue
        inputs = [r for _, r in rows.iterrows()]
        values = [col.add_observed(r) if (r["indicator"], r["breakdown"]) not in col.used
                  else Estimate.of_row(r) for r in inputs]
        col.add_computed(
            indicator, sum_estimates(values), inputs[0]["unit"],
            " + ".join(label_of(part_indicator, b) for b in parts), inputs,
            breakdown=breakdown, period=inputs[0]["period"],
        )


def _vacancy_duration_figures(col: FigureCollector, totals: pd.Series, census_label: str
                              ) -> None:
    """Long-term vacancy against the stock and against the vacant dwellings."""
    row = col.observed("vacant_dwellings_over_2_years")
    if row is None:
        return
    count = col.add_observed(row)
    col.add_computed(
        "long_term_vacancy_rate_pct", ratio_pct(count, Estimate.exact(totals["dwellings"])),
        "%", f"Vacants depuis plus de 2 ans / logements du {census_phrase(census_label)}",
        [row],
        extra_source=census_label,
    )
    for source in ("lovac", "insee"):
        vacant = col.observed("vacant_dwellings", source)
        if vacant is None:
            continue
        col.add_computed(
            "vacant_over_2_years_share_pct",
            ratio_pct(count, Estimate.of_row(vacant)), "%",
            f"Vacants depuis plus de 2 ans / logements vacants ({BREAKDOWNS[source]})",
            [row, vacant], breakdown="" if source == "lovac" else source,
            note="durée de vacance mesurée par LOVAC : rapportée au chiffre LOVAC"
            if source == "lovac" else "variante : rapportée au chiffre INSEE",
        )


def _needs_per_year(col: FigureCollector) -> None:
    row = col.observed("housing_needs")
    if row is None:
        return
    years = re.search(r"(\d+)\s*ans", row["period"] or "")
    if years is None:
        return
    col.add_computed(
        "housing_needs_per_year", col.add_observed(row).scaled(1 / int(years.group(1))),
        "count/an", f"Besoins / {years.group(1)} ans", [row], period=row["period"],
    )


def _per_dwelling_figures(col: FigureCollector) -> None:
    for result, (amounts, dwellings) in PER_DWELLING.items():
        amount_rows = [col.observed(a) for a in amounts]
        count_row = col.observed(dwellings)
        if count_row is None or any(r is None for r in amount_rows):
            continue
        total = sum_estimates([
            col.add_observed(r) if (r["indicator"], "") not in col.used
            else Estimate.of_row(r) for r in amount_rows
        ])
        count = (Estimate.of_row(count_row)
                 if (dwellings, "") in col.used else col.add_observed(count_row))
        col.add_computed(
            result, per_dwelling(total, count), "EUR/logement",
            " + ".join(label_of(a) for a in amounts) + f" / {label_of(dwellings).lower()}",
            amount_rows + [count_row], period=count_row["period"],
        )


TARGET_COLUMNS = ["framework", "what", "kind", "target", "unit", "period", "required_per_year",
                  "observed_per_year", "observed_period", "pace_vs_target_pct", "source", "note",
                  "noun", "decimals", "target_kind"]


def target_noun(unit: str) -> str:
    """What a row of the targets table is: a sum of money a partner commits (« l'Etat : 100
    millions d'euros sur 10 ans ») is an envelope, not an objective to reach."""
    return "Enveloppe" if str(unit).startswith("EUR") else "Objectif"


# said after the indicator when the target is not a level of it: « doubler le rythme »
# is +100 % of a pace, not 100 % of the indicator
KIND_SUFFIXES = {"relative_change_pct": " (évolution relative visée)"}


def _target_figures(col: FigureCollector, df_targets: pd.DataFrame, territory: str, year: int
                    ) -> tuple[pd.DataFrame, pd.DataFrame]:
    # current targets, and past ones stated by the documents of this territory-year (a
    # programme's review compares its results with the previous programme's targets)
    cited = set(col.obs["source_id"])
    published = col.sources.set_index("source_id")["published"].str[:4].astype(int)
    known_then = df_targets["source_id"].map(published) <= year + 1
    targets = df_targets[
        (df_targets["territory"] == territory)
        & (((df_targets["target_year"] >= year) & known_then)
           | df_targets["source_id"].isin(cited))
    ]
    rows = []
    df_production = _production_figures(col, targets, year)
    production = _production_target(targets)
    split_shown = None if production is None else production["framework"]
    for _, target in targets.iterrows():
        if (target["indicator"] == "production_target_share_pct"
                and target["framework"] == split_shown):
            continue  # this sector split is shown with the production figures
        rows.append(_target_row(col, target, year))
    return pd.DataFrame(rows, columns=TARGET_COLUMNS), df_production


def _target_period(target: pd.Series, year: int) -> tuple[int | None, int | None, str]:
    first = None if pd.isna(target["base_year"]) else int(target["base_year"])
    last = None if pd.isna(target["target_year"]) else int(target["target_year"])
    if first is None and last is None:
        return None, None, "sans échéance"
    if first is None:
        return None, last, f"d'ici {last}"
    if first == last:
        return first, last, str(first)
    return first, last, f"{first}-{last}"


def _latest_pace(col: FigureCollector, indicator: str, breakdown: str
                 ) -> tuple[Estimate, str, list[pd.Series]] | None:
    """Observed yearly pace of the most recent period for ``indicator`` / ``breakdown``;
    with an empty breakdown and no total, the sum of the breakdowns of the same period."""
    rows = col.observed_all(indicator, breakdown)
    rows = rows[rows["period"].map(period_years).notna()]
    if rows.empty and (indicator, breakdown) in SUMS:
        part_indicator, parts = SUMS[(indicator, breakdown)]
        found = col.obs[(col.obs["indicator"] == part_indicator)
                        & col.obs["breakdown"].isin(parts)
                        & col.obs["period"].map(period_years).notna()]
        if found.empty:
            return None
        latest = max(found["period"], key=lambda p: period_years(p)[::-1])
        part = [r for _, r in found[found["period"] == latest].iterrows()]
        count = sum_estimates([Estimate.of_row(r) for r in part])
        return annual_pace(count, latest), latest, part
    if rows.empty and indicator in PACE_PROXIES:
        proxy = col.observed_all(PACE_PROXIES[indicator][0], "")
        if not proxy.empty:
            row = proxy.iloc[0]  # already a yearly figure
            return Estimate.of_row(row), row["period"], [row]
    if rows.empty and breakdown == "":
        rows = col.observed_all(indicator, None)
        rows = rows[rows["period"].map(period_years).notna()]
        if rows.empty:
            return None
        latest = max(rows["period"], key=lambda p: period_years(p)[::-1])
        part = rows[rows["period"] == latest]
        if len(part) < 2:
            return None
        count = sum_estimates([Estimate.of_row(r)
                               for _, r in part.iterrows()])
        return annual_pace(count, latest), latest, [r for _, r in part.iterrows()]
    if rows.empty:
        return None
    latest = max(rows["period"], key=lambda p: period_years(p)[::-1])
    row = rows[rows["period"] == latest].iloc[0]
    return annual_pace(Estimate.of_row(row), latest), latest, [row]


def _target_row(col: FigureCollector, target: pd.Series, year: int) -> dict:
    first, last, period = _target_period(target, year)
    kind = target["target_kind"]
    what = label_of(target["indicator"], target["breakdown"]) + KIND_SUFFIXES.get(kind, "")
    source = cite(col.sources, target["source_id"], target["locator"])
    value = Estimate.exact(target["target_value"])
    indicator = {"per_year": "target_per_year", "cumulative": "target_total"}.get(
        kind, "target_level")
    noun = target_noun(target["unit"])
    decimals = value_decimals(target["target_value"])
    col.figures.append(Figure(
        indicator=indicator, breakdown=target["breakdown"],
        label=f"{noun} {period} — {what} ({target['framework']})", estimate=value,
        unit=f"{target['unit']}/an" if kind == "per_year" else target["unit"], kind="observed",
        source=source, period=period, decimals=decimals, note=target["note"],
    ))
    required = np.nan
    if kind == "per_year":
        required = value.value
    elif kind == "cumulative" and last is not None and target["unit"] == "count":
        start = first if first is not None else year
        pace = col.add_computed(
            "required_pace_per_year", required_pace(value, start, last), "count/an",
            f"Objectif cumulé / {last - start + 1} ans ({start}-{last})", [target],
            breakdown=target["breakdown"], period=f"{start}-{last}",
            note="" if first is not None else
            f"année de départ non précisée : {start} (année du rapport) retenue",
        )
        required = pace.value
    observed = None
    if target["unit"] == "count" and kind in ("per_year", "cumulative"):
        # only the indicator and breakdown the target names: renovations of no published
        # level are never compared with a BBC or an intermediate-level target
        observed = _latest_pace(col, target["indicator"], target["breakdown"])
    pace_value, pace_pct, observed_period = np.nan, np.nan, ""
    if observed is not None:
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
        pace_value = pace.value
        if required == required and required > 0:
            pct = col.add_computed(
                "pace_vs_target_pct", ratio_pct(pace, Estimate.exact(required)), "%",
                f"Rythme observé {observed_period} / rythme de l'objectif {period}",
                inputs + [target], breakdown=target["breakdown"], period=observed_period,
                note=f"objectif : {target['framework']}",
            )
            pace_pct = pct.value
    return {
        "framework": target["framework"], "what": what,
        "kind": TARGET_KIND_LABELS[kind], "target": target["target_value"],
        "unit": target["unit"], "period": period, "required_per_year": required,
        "observed_per_year": pace_value, "observed_period": observed_period,
        "pace_vs_target_pct": pace_pct, "source": source, "note": target["note"],
        "noun": noun, "decimals": decimals, "target_kind": kind,
    }


def _production_target(targets: pd.DataFrame) -> pd.Series | None:
    """The yearly production target the production figures use: the latest one."""
    production = targets[(targets["indicator"] == "dwellings_produced")
                         & (targets["breakdown"] == "") & (targets["target_kind"] == "per_year")]
    if production.empty:
        return None
    return production.sort_values("target_year", na_position="first").iloc[-1]


PRODUCTION_COLUMNS = ["breakdown", "sector", "target_share_pct", "per_year", "total",
                      "new_dwellings_share_pct", "main_residences_share_pct", "source"]


def _production_figures(col: FigureCollector, targets: pd.DataFrame, year: int
                        ) -> pd.DataFrame:
    """The production target: per year, over the programme, per inhabitant, per sector.

    Sectors are given as shares of the overall target; each sector's yearly volume is the
    share times the overall target. The diagnosis shares of the sector (new dwellings of the
    previous period, main residences) are set beside it when the document gives them.
    """
    target = _production_target(targets)
    if target is None:
        return pd.DataFrame(columns=PRODUCTION_COLUMNS)
    first, last, period = _target_period(target, year)
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
    shares = targets[(targets["indicator"] == "production_target_share_pct")
                     & (targets["framework"] == target["framework"])]
    rows = []
    if not shares.empty:
        share_rows = [r for _, r in shares.iterrows()]
        col.add_computed(
            "production_target_share_pct",
            sum_estimates([Estimate.exact(r["target_value"]) for r in share_rows]), "%",
            "Somme des parts des secteurs", share_rows, breakdown="sum_of_sectors",
            period=period, note="doit faire 100 %",
        )
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
    return pd.DataFrame(rows, columns=PRODUCTION_COLUMNS)
