"""The housing domain: the census stock, the sums the documents print, the targets, and pure
formulas over them.

Every formula takes tidy rows of ``data/housing`` and ``data/reference`` (or
:class:`~analysis.core.uncertainty.Estimate` bounds) and returns a value or a table; none reads
a file or records a figure. The computing steps (:mod:`.stock`, :mod:`.programmes`,
:mod:`.objectives`) call them and record the figures.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.fmt import commune_names, fr_count, fr_noun
from analysis.core.periods import period_years
from analysis.core.uncertainty import Estimate, divide
from analysis.figures import catalogue

SECTION = "housing"
LOVAC_DIR = Path("housing") / "lovac"  # where an analyst drops LOVAC files
CENSUS_DIR = Path("housing") / "census"  # where an analyst drops base-ic-logement files
FILOSOFI_DIR = Path("housing") / "filosofi"  # INSEE Filosofi by commune
RENTS_DIR = Path("housing") / "rents"  # the rent map (DHUP / ANIL), flats and houses
# a document's figure (indicator, breakdown of its row in observations.csv) that a national
# file gives too, and the file's figure it is compared with, at the latest date the page
# shows (a ``national_file`` check of the audit, with a tolerance stated on the page)
NATIONAL_FILE_CHECKS = {
    ("vacant_dwellings", "lovac"): ("vacant_private", "lovac_file"),
    ("vacant_dwellings_over_2_years", ""): ("vacant_2y_plus", "lovac_file"),
    ("vacancy_rate_pct", "private"): ("vacancy_rate_pct", "lovac_file"),
}
# the committed census extract: table, vintage, source
REFERENCE_CENSUS = ("reference/census_2021_by_commune", 2021, "insee_rp2021_iris")
CENSUS_INDICATORS = ["dwellings", "main_residences", "secondary_residences",
                     "vacant_dwellings", "houses", "flats"]
# the structure rates recomputed on the census sums: rate -> (part, method)
CENSUS_RATES = {
    "vacancy_rate_pct": ("vacant_dwellings", "Logements vacants / logements"),
    "flats_share_pct": ("flats", "Appartements / logements"),
    "houses_share_pct": ("houses", "Maisons / logements"),
    "main_residences_share_pct": ("main_residences", "Résidences principales / logements"),
    "secondary_residences_share_pct": ("secondary_residences",
                                       "Résidences secondaires / logements"),
}

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
# said after the indicator when the target is not a level of it: « doubler le rythme »
# is +100 % of a pace, not 100 % of the indicator
KIND_SUFFIXES = {"relative_change_pct": " (évolution relative visée)"}

# labels and decimals come from the indicator catalogue, breakdowns from this section
label_of = catalogue.labeller(BREAKDOWNS)
decimals_of = catalogue.decimals


def value_decimals(value: float) -> int:
    """Decimals of a value as transcribed (« 100 » → 0, « 7,45 » → 2): a target has no
    precision column, and is shown with no more digits than it was written with."""
    text = f"{float(value):.10g}"
    return len(text.split(".")[1]) if "." in text and "e" not in text else 0


def census_label(vintage: int) -> str:
    """« INSEE, recensement 2021 »: the period of a census figure."""
    return f"INSEE, recensement {vintage}"


def census_phrase(census_label: str) -> str:
    """« INSEE, recensement 2021 » → « recensement 2021 de l'INSEE », for method strings
    (« logements du recensement 2021 de l'INSEE »), keeping the acronym's capitals."""
    return census_label.replace("INSEE, ", "") + " de l'INSEE"


def census_absent_note(absent: pd.DataFrame, n_communes: int, vintage: int) -> str:
    """« minorant : 2 communes sur 12 absentes du recensement 2021 (L'Oie (85165), …) » when
    communes of the territory (``commune_code``, ``commune_name``) have no row in the census
    vintage, else "". The census follows its own commune geography: a commune created,
    re-created or recoded since is counted in another, which the page cannot name, so a sum
    over the communes present is a lower bound."""
    if absent.empty:
        return ""
    return (f"minorant : {fr_count(len(absent), 'commune')} sur {n_communes} "
            f"{fr_noun(len(absent), 'absente')} du recensement {vintage} "
            f"({commune_names(absent)})")


# --- the census stock -----------------------------------------------------------------------


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


# --- amounts and counts ---------------------------------------------------------------------


def per_dwelling(amount: Estimate, dwellings: Estimate) -> Estimate:
    """Amount divided by a number of dwellings, bounded by the rounding of both."""
    return divide(amount, dwellings)


def implied_stock(count: Estimate, rate: Estimate) -> Estimate:
    """Stock that makes ``count`` equal ``rate`` percent of it (``count / rate × 100``)."""
    return divide(count, rate).scaled(100)


def gap_to(count: Estimate, reference: float) -> Estimate:
    """``count - reference`` with the bounds of ``count`` (the reference is exact)."""
    return Estimate(count.value - reference, count.low - reference, count.high - reference)


def latest_period(periods) -> str:
    """The most recent of periods such as « 2016-2019 » and « 2020 » (latest end first)."""
    return max(periods, key=lambda p: period_years(p)[::-1])


# --- targets --------------------------------------------------------------------------------


def current_targets(df_targets: pd.DataFrame, sources: pd.DataFrame, obs: pd.DataFrame,
                    territory: str, year: int) -> pd.DataFrame:
    """The territory's targets a page shows: current ones (due in ``year`` or later, in a
    document published at the latest the year after), and past ones stated by the documents
    of this territory-year (a programme's review compares its results with the previous
    programme's targets)."""
    cited = set(obs["source_id"])
    published = sources.set_index("source_id")["published"].str[:4].astype(int)
    known_then = df_targets["source_id"].map(published) <= year + 1
    return df_targets[
        (df_targets["territory"] == territory)
        & (((df_targets["target_year"] >= year) & known_then)
           | df_targets["source_id"].isin(cited))
    ]


def production_target(targets: pd.DataFrame) -> pd.Series | None:
    """The yearly production target the production figures use: the latest one."""
    production = targets[(targets["indicator"] == "dwellings_produced")
                         & (targets["breakdown"] == "") & (targets["target_kind"] == "per_year")]
    if production.empty:
        return None
    return production.sort_values("target_year", na_position="first").iloc[-1]


def target_period(target: pd.Series) -> tuple[int | None, int | None, str]:
    """First and last year of a target (None when not printed), and its period as shown:
    « 2024-2029 », « d'ici 2030 », « 2021 », « sans échéance »."""
    first = None if pd.isna(target["base_year"]) else int(target["base_year"])
    last = None if pd.isna(target["target_year"]) else int(target["target_year"])
    if first is None and last is None:
        return None, None, "sans échéance"
    if first is None:
        return None, last, f"d'ici {last}"
    if first == last:
        return first, last, str(first)
    return first, last, f"{first}-{last}"


def target_noun(unit: str) -> str:
    """What a row of the targets table is: a sum of money a partner commits (« l'Etat : 100
    millions d'euros sur 10 ans ») is an envelope, not an objective to reach."""
    return "Enveloppe" if str(unit).startswith("EUR") else "Objectif"


def available_years(df_observations: pd.DataFrame, territory: str) -> list[int]:
    """Years of the documents' editions with rows for the territory."""
    rows = df_observations[df_observations["territory"] == territory]
    return sorted(int(y) for y in rows["year"].unique())
