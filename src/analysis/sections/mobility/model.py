"""The mobility domain: its conventions, its labels, and pure formulas over them.

Every formula takes tidy rows of ``data/mobility`` (or
:class:`~analysis.core.uncertainty.Estimate` bounds) and returns a value with its bounds or a
table; none reads a file or records a figure. The computing steps (:mod:`.cycling`,
:mod:`.charging`, :mod:`.irve_file`, :mod:`.usage`, :mod:`.plans`) call them and record the
figures.

Conventions of the data (see ``data/README.md``):

- a cycle route's sections have the breakdown ``<route>__<section>`` (``eurovelo_5__lens_…``);
- ``cycle_route_built_km`` / ``cycle_loop_km`` observations are built kilometres,
  ``cycle_route_remaining_km`` observations are kilometres still to build, and targets on
  those indicators are kilometres planned;
- ``public_charging_points`` has the breakdown ``in_service`` (a stock at a date),
  ``installed`` (added during the period), ``being_deployed`` (deployment in progress during
  the period, commissioning not confirmed: never counted as installed nor in service) or
  ``planned`` (targets);
- a figure about the whole Valenciennois (CAVM + CAPH), or that the document does not assign
  to one agglomeration, is filed under ``CAVM`` with the breakdown ``valenciennois``.
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd

from analysis.core.periods import period_years
from analysis.core.uncertainty import Estimate, change_pct, sum_estimates
from analysis.figures import catalogue
from analysis.inputs.official.irve import POWER_CLASSES, POWER_UNKNOWN
from analysis.inputs.tables import editions

SECTION = "mobility"
ROUTE_SECTION = "__"  # breakdown "<route>__<section>": one section of a cycle route
BUILT_KM = ("cycle_route_built_km", "cycle_loop_km")
TO_BUILD_KM = ("cycle_route_remaining_km",)
CHARGING = "public_charging_points"
# counted series whose change between two dated values is worth a growth rate
GROWTH_SERIES = ("bike_purchase_grants", "public_charging_points", "stop_passengers",
                 "public_transport_passengers", "subscriptions", "bike_rentals")
PER_10000 = 10_000
# a commissioning date before this year is a placeholder (the derivative holds 1900, 1930,
# 1947 and nothing from 1948 to 2009): such points are counted apart, as "implausible"
MIN_COMMISSIONING_YEAR = 2000
TOP_OPERATORS = 10  # operators shown one by one; the others together
# the territory's own budgets, worth an amount per inhabitant (not the State's funding of a
# rail line that crosses two territories)
PER_INHABITANT_BUDGETS = ("cycling_scheme_investment_eur", "bike_purchase_grant_budget_eur")

BREAKDOWNS = catalogue.breakdowns(SECTION)  # labels: sections/mobility/indicators.toml
# the power classes of the national file, in order, and their labels
POWER_CLASS_ORDER = [name for _, name in POWER_CLASSES] + [POWER_UNKNOWN]
POWER_CLASS_LABELS = {code: BREAKDOWNS[code] for code in POWER_CLASS_ORDER}
# the kind of each charging-point count, as the table of the sources names it
KIND_LABELS = {kind: BREAKDOWNS[code] for kind, code in (
    ("in_service", "in_service"), ("installed", "installed"),
    ("being_deployed", "being_deployed_unconfirmed"), ("planned", "planned"))}
# what a complete mobility section needs; anything absent is listed as missing
CORE = {
    "cycle_network": "réseau cyclable : kilomètres aménagés et à aménager",
    "charging_points": "bornes de recharge en service (document ou fichier national IRVE)",
    "modal_share_pct": "parts modales des déplacements (enquête)",
    "public_transport": "offre ou fréquentation des transports collectifs",
}
PUBLIC_TRANSPORT = {"buses_new", "bhns_lines", "tram_lines", "stop_passengers",
                    "poirier_universite_station_passengers", "public_transport_passengers",
                    "youth_subscriptions_change_pct", "subscriptions"}

# labels and decimals come from the indicator catalogue, breakdowns from this section
label_of = catalogue.labeller(BREAKDOWNS)
decimals_of = catalogue.decimals


# --- which rows a page reads ----------------------------------------------------------------


def known_documents(df_observations: pd.DataFrame, year: int) -> set[str]:
    """Documents a section of ``year`` may cite: those filed under ``year`` or before."""
    edition = editions(df_observations)
    return set(edition[edition <= year].index)


def known_history(df_observations: pd.DataFrame, territory: str, known: set[str]
                  ) -> pd.DataFrame:
    """Every observation of the territory from a document known at the section's year."""
    return df_observations[(df_observations["territory"] == territory)
                           & df_observations["source_id"].isin(known)]


def known_targets(df_targets: pd.DataFrame, edition: pd.Series, territory: str, year: int,
                  known: set[str]) -> pd.DataFrame:
    """The territory's targets and plans of the documents known at ``year``: those not over
    by ``year``, and every one of the section's own edition."""
    return df_targets[(df_targets["territory"] == territory)
                      & df_targets["source_id"].isin(known)
                      & (df_targets["target_year"].isna()
                         | (df_targets["target_year"] >= year)
                         | df_targets["source_id"].map(edition).eq(year))]


def own_targets(df_targets: pd.DataFrame, edition: pd.Series, territory: str, year: int
                ) -> pd.DataFrame:
    """The targets a document of the section's edition sets the territory."""
    return df_targets[(df_targets["territory"] == territory)
                      & df_targets["source_id"].map(edition).eq(year)]


def commune_codes(communes: pd.DataFrame, territory: str) -> set[str]:
    """The codes of the territory's communes."""
    return set(communes.loc[communes["epci_short"] == territory, "commune_code"])


# --- cycle routes ---------------------------------------------------------------------------


def split_route(breakdown: str) -> tuple[str, str]:
    """``"eurovelo_5__lens_loos"`` → ``("eurovelo_5", "lens_loos")``; a breakdown without a
    section is a route of its own: ``"boucle_un_escaut"`` → ``("boucle_un_escaut", "")``."""
    route, _, section = breakdown.partition(ROUTE_SECTION)
    return route, section


def observed_pace(km: list[Estimate], periods: list[str]) -> tuple[Estimate, str] | None:
    """Kilometres built per year over the dated pieces: their sum over the years from the
    first to the last year named (both included); None if no piece is dated."""
    spans = [(k, period_years(p)) for k, p in zip(km, periods, strict=True)]
    dated = [(k, s) for k, s in spans if s is not None]
    if not dated:
        return None
    first = min(s[0] for _, s in dated)
    last = max(s[1] for _, s in dated)
    total = sum_estimates([k for k, _ in dated])
    label = str(first) if first == last else f"{first}-{last}"
    return total.scaled(1 / (last - first + 1)), label


# --- charging points ------------------------------------------------------------------------


def per_10000(count: Estimate, population: int) -> Estimate:
    """Count per 10,000 inhabitants."""
    return count.scaled(PER_10000 / population)


def choose_count(candidates: pd.DataFrame, year: int) -> pd.Series | None:
    """The stock figure a section uses among ``candidates`` (columns ``count_year``,
    ``origin`` ∈ {document, irve_file, irve_derived}, …): the most recent not after
    ``year``; at equal dates, the national file (counted point by point) before a
    document."""
    usable = candidates[candidates["count_year"] <= year]
    if usable.empty:
        return None
    rank = usable.assign(_file=(usable["origin"] != "document").astype(int))
    return rank.sort_values(["count_year", "_file"], kind="stable").iloc[-1]


def power_class_shares(points: pd.DataFrame) -> pd.DataFrame:
    """Charging points per power class, with their share of the points (all classes listed,
    0 where none)."""
    counts = points["power_class"].value_counts().reindex(POWER_CLASS_ORDER, fill_value=0)
    total = counts.sum()
    return pd.DataFrame({
        "power_class": POWER_CLASS_ORDER,
        "label": [POWER_CLASS_LABELS[c] for c in POWER_CLASS_ORDER],
        "points": counts.to_numpy(),
        "share_pct": 100 * counts.to_numpy() / total if total else np.nan,
    })


def commissioning_series(points: pd.DataFrame) -> pd.DataFrame:
    """Points commissioned each year and in service at the end of each year (cumulative,
    assuming no point was removed); points without a date are counted apart."""
    dated = points.dropna(subset=["commissioned_year"])
    if dated.empty:
        return pd.DataFrame(columns=["year", "commissioned", "in_service_end_of_year"])
    years = range(int(dated["commissioned_year"].min()),
                  int(dated["commissioned_year"].max()) + 1)
    per_year = dated["commissioned_year"].astype(int).value_counts().reindex(years,
                                                                            fill_value=0)
    return pd.DataFrame({"year": list(years), "commissioned": per_year.to_numpy(),
                         "in_service_end_of_year": per_year.cumsum().to_numpy()})


def is_derived(irve) -> bool:
    """Whether a charging-points file is a third party's derivative (a lower bound)."""
    return bool(getattr(irve, "derived", False))


def irve_source_id(irve) -> str:
    """The source id of a charging-points file (its points carry it; a derivative also
    keeps it when none of its points is in the territories)."""
    if getattr(irve, "source_id", ""):
        return irve.source_id
    return irve.points["source_id"].iloc[0] if len(irve.points) else ""


def with_plausible_dates(points: pd.DataFrame, snapshot: str) -> pd.DataFrame:
    """The points with ``commissioned_year`` kept only for a plausible date (from
    MIN_COMMISSIONING_YEAR to the snapshot) and ``commissioning`` saying which: ``dated``,
    ``undated`` (no date) or ``implausible`` (placeholder years such as 1900, or a date
    after the snapshot, which cannot be a commissioning already done)."""
    commissioned = pd.to_datetime(points["commissioned"])
    plausible = (commissioned.dt.year >= MIN_COMMISSIONING_YEAR) & \
        (commissioned <= pd.Timestamp(snapshot))
    status = np.where(commissioned.isna(), "undated",
                      np.where(plausible, "dated", "implausible"))
    return points.assign(commissioned_year=commissioned.dt.year.where(plausible),
                         commissioning=status)


def commissioning_unknown(points: pd.DataFrame) -> tuple[int, int]:
    """(points without a commissioning date, points with an implausible one): the points
    of :func:`with_plausible_dates` left out of the yearly series."""
    status = points["commissioning"]
    return int((status == "undated").sum()), int((status == "implausible").sum())


def operator_counts(points: pd.DataFrame, top: int = TOP_OPERATORS) -> pd.DataFrame:
    """Points per operator: the ``top`` largest, then the others together, then the points
    without an operator. Spellings that differ only by case are one operator, named by
    its most frequent spelling."""
    names = points["operator"].fillna("").astype(str).str.strip()
    known = names[names != ""]
    key = known.str.casefold()
    spelling = known.groupby(key).agg(lambda s: s.value_counts().index[0])
    counts = key.value_counts()
    counts = counts.rename(index=spelling).reset_index().set_axis(["operator", "points"],
                                                                  axis=1)
    counts = counts.sort_values(["points", "operator"], ascending=[False, True])
    rows = [(name, n, slug(name)) for name, n in counts.head(top).itertuples(index=False)]
    others = counts.iloc[top:]
    if len(others):
        rows.append((f"{len(others)} autres opérateurs", int(others["points"].sum()),
                     "other_operators"))
    if (names == "").any():
        rows.append(("opérateur non renseigné", int((names == "").sum()), "operator_unknown"))
    df = pd.DataFrame(rows, columns=["operator", "points", "breakdown"])
    df["share_pct"] = 100 * df["points"] / len(points) if len(points) else np.nan
    return df


def slug(name: str) -> str:
    """« Power Dot France » → ``power_dot_france``: a breakdown code for a name."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "_", ascii_name.lower()).strip("_") or "operator"


def document_reading(kind: str, count_year: int, count: float, dated: pd.Series,
                     undated: int) -> tuple[int, str]:
    """What a document's charging-point figure can be set against in a file, and the
    verdict (see :data:`READINGS`): ``dated`` is the file's points per commissioning year,
    ``undated`` those without a plausible date. Returns (the file's count, verdict); for a
    plan, the file's count is all its points.

    A stock at a document's date is not the file's snapshot (points removed since are
    gone, undated ones unknown): never compared. The points a document says installed in
    a year are a subset of the file's points of that year (all operators) if they are
    still there: the file must hold at least as many, counting the undated ones if need
    be."""
    if kind == "in_service":
        return int(dated[dated.index <= count_year].sum()), "other_date"
    if kind == "installed":
        in_year = int(dated.get(count_year, 0))
        if in_year >= count:
            return in_year, "subset_confirmed"
        return in_year, "subset_possible" if in_year + undated >= count else "subset_short"
    if kind == "being_deployed":
        return int(dated.get(count_year, 0)), "not_confirmed"
    return int(dated.sum()) + undated, "plan"


def population_vintage(populations: pd.DataFrame, vintage: int) -> int:
    """The population vintage for a file of ``vintage``: the latest not after it, else the
    oldest (``populations``: the rows of the territory's communes)."""
    if (populations["vintage"] <= vintage).any():
        return max(v for v in populations["vintage"].unique() if v <= vintage)
    return populations["vintage"].min()


# --- counted series, modal shares, targets --------------------------------------------------


def consecutive_changes(values: list[tuple[int, Estimate]]) -> list[tuple[int, int, Estimate]]:
    """Change in percent between consecutive dated values: ``[(year, estimate), …]`` →
    ``[(first_year, second_year, change), …]`` (sorted by year)."""
    ordered = sorted(values, key=lambda v: v[0])
    return [(a, b, change_pct(vb, va))
            for (a, va), (b, vb) in zip(ordered, ordered[1:], strict=False)]


def gap_to_target_pts(share: Estimate, target: float) -> Estimate:
    """Target share minus the observed share, in percentage points (positive: to gain)."""
    return Estimate(target - share.value, target - share.high, target - share.low)


def target_period(first: int | None, last: int | None) -> str:
    """« sans échéance », « d'ici 2040 », « 2021 », « 2021-2026 »: a target's period."""
    if last is None:
        return "sans échéance"
    if first is None:
        return f"d'ici {last}"
    return str(first) if first == last else f"{first}-{last}"


def optional_year(value) -> int | None:
    """A year of a table (NaN when not printed) as an int, or None."""
    return None if pd.isna(value) else int(value)
