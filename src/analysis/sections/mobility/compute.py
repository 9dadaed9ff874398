"""Mobility: cycling network built against planned, charging points per inhabitant compared
across the agglomerations, modal shares against targets, growth of the counted series, and
the documents' figures audited against recomputations.

Pure functions over the tidy tables of ``data/mobility`` and ``data/reference``;
:func:`compute_section` assembles every figure of the section, each traced to its source.
The national charging-points file an analyst drops in ``data/mobility/irve/`` is read by
:func:`analysis.official.load_irve`.

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

from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError, NoDataError
from analysis.core.fmt import fr_number
from analysis.core.paths import data_dir
from analysis.core.periods import (
    latest_not_after,
    period_years,
    required_pace,
    start_of_remaining_work,
)
from analysis.core.uncertainty import Estimate, change_pct, divide, ratio_pct, sum_estimates
from analysis.figures import catalogue
from analysis.figures.audit import audit
from analysis.figures.record import Figure, FigureCollector, figures_of
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.official.irve import (
    IRVE_FILE_DATE,
    POWER_CLASSES,
    POWER_UNKNOWN,
    IrveFile,
    irve_counts,
    load_irve,
)
from analysis.inputs.official.reading import check_declared, official_files
from analysis.inputs.population import Population, territory_population
from analysis.inputs.sources import cite
from analysis.inputs.tables import (
    TARGET_KIND_LABELS,
    editions,
    load_inputs,
    load_table,
)

SECTION = "mobility"
INPUTS = (
    "mobility/observations",
    "mobility/published",
    "mobility/targets",
    "reference/population",
    "reference/communes",
    "perimeter/observations",
)
IRVE_DIR = Path("mobility") / "irve"
IRVE_TITLE = ("Bornes de recharge pour véhicules électriques, fichier consolidé (schéma IRVE "
              "statique 2.3)")
IRVE_PUBLISHER = "Etalab / data.gouv.fr"
IRVE_LICENCE = "Licence Ouverte 2.0"
ROUTE_SECTION = "__"  # breakdown "<route>__<section>": one section of a cycle route
# the sum of the routes of a territory: only those whose length a document prints, never the
# whole network (the CRTE gives the lengths of 2 of the CAVM's 6 loops)
NETWORK_LABEL = "somme des itinéraires dont la longueur est publiée"
BUILT_KM = ("cycle_route_built_km", "cycle_loop_km")
TO_BUILD_KM = ("cycle_route_remaining_km",)
CHARGING = "public_charging_points"
# counted series whose change between two dated values is worth a growth rate
GROWTH_SERIES = ("bike_purchase_grants", "public_charging_points", "stop_passengers",
                 "public_transport_passengers", "subscriptions", "bike_rentals")
PER_10000 = 10_000
# the territory's own budgets, worth an amount per inhabitant (not the State's funding of a
# rail line that crosses two territories)
PER_INHABITANT_BUDGETS = ("cycling_scheme_investment_eur", "bike_purchase_grant_budget_eur")

POWER_CLASS_LABELS = {
    "upto_7_4kw": "jusqu'à 7,4 kW", "upto_22kw": "7,4 à 22 kW", "upto_50kw": "22 à 50 kW",
    "over_50kw": "plus de 50 kW", POWER_UNKNOWN: "puissance non renseignée",
}
BREAKDOWNS = catalogue.breakdowns("mobility")  # labels: sections/mobility/indicators.toml
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


# --- inputs ---------------------------------------------------------------------------------


@dataclass
class MobilityInputs:
    """Everything the mobility section reads, validated."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    irve: dict[int, IrveFile]  # snapshot year -> charging points of the territories
    shapes: dict = field(default_factory=dict)  # GeoJSON of the communes


def load_irve_files(data: str | Path | None = None) -> dict[int, IrveFile]:
    """The consolidated IRVE files dropped in ``data/mobility/irve/``, by snapshot year.

    Raises
    ------
    DataValidationError
        From :func:`analysis.official.load_irve`, or if two files have the same year.
    SourceMissingError
        If a file is not declared in ``sources.csv`` with its checksum.
    """
    from analysis.display.charts import commune_polygons

    root = data_dir(data)
    paths = official_files(root / IRVE_DIR)
    if not paths:
        return {}
    sources = load_table("sources", root)
    communes = load_table("reference/communes", root)
    polygons = commune_polygons(load_commune_shapes(root))
    files: dict[int, IrveFile] = {}
    for path in paths:
        source_id = check_declared(path, sources, IRVE_TITLE, IRVE_PUBLISHER, IRVE_LICENCE,
                                   root)
        loaded = load_irve(path, communes, polygons, source_id)
        if loaded.vintage in files:
            raise DataValidationError(
                f"{path}: deux fichiers IRVE pour l'année {loaded.vintage} "
                f"({files[loaded.vintage].points['source_id'].iloc[0]} et {source_id}) : "
                f"gardez le plus récent"
            )
        files[loaded.vintage] = loaded
    return files


def extra_years(territory: str, data: str | Path | None = None) -> list[int]:
    """Years a territory has mobility content beyond its own observations: the editions of
    the documents that set it targets (the CRTE sets the CAPH's), and every dropped IRVE
    file (a national file covers every territory)."""
    targets = load_table("mobility/targets", data)
    edition = editions(load_table("mobility/observations", data))
    years = {int(edition[s]) for s in targets.loc[targets["territory"] == territory,
                                                   "source_id"] if s in edition.index}
    root = data_dir(data)
    paths = official_files(root / IRVE_DIR)
    if not paths:
        return sorted(years)
    sources = load_table("sources", root)
    for path in paths:  # an undeclared file stops the plan, before any kernel starts
        check_declared(path, sources, IRVE_TITLE, IRVE_PUBLISHER, IRVE_LICENCE, root)
    dates = [IRVE_FILE_DATE.search(p.stem) for p in paths]
    if all(dates):  # the usual case: the snapshot date is in the file name
        years |= {int(d.group(1)) for d in dates}
    else:  # otherwise only reading the files gives their latest update
        years |= set(load_irve_files(data))
    return sorted(years)


def load_mobility_inputs(data: str | Path | None = None) -> MobilityInputs:
    """Load and validate the committed tables and the dropped IRVE files."""
    tables = load_inputs(INPUTS, data)
    return MobilityInputs(tables, load_table("sources", data), load_irve_files(data),
                          load_commune_shapes(data))


# --- pure computations ----------------------------------------------------------------------


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


def per_10000(count: Estimate, population: int) -> Estimate:
    """Count per 10,000 inhabitants."""
    return count.scaled(PER_10000 / population)


def choose_count(candidates: pd.DataFrame, year: int) -> pd.Series | None:
    """The stock figure a section uses among ``candidates`` (columns ``count_year``,
    ``origin`` ∈ {document, irve_file}, …): the most recent not after ``year``; at equal
    dates, the national file (counted point by point) before a document."""
    usable = candidates[candidates["count_year"] <= year]
    if usable.empty:
        return None
    rank = usable.assign(_file=(usable["origin"] == "irve_file").astype(int))
    return rank.sort_values(["count_year", "_file"], kind="stable").iloc[-1]


def consecutive_changes(values: list[tuple[int, Estimate]]) -> list[tuple[int, int, Estimate]]:
    """Change in percent between consecutive dated values: ``[(year, estimate), …]`` →
    ``[(first_year, second_year, change), …]`` (sorted by year)."""
    ordered = sorted(values, key=lambda v: v[0])
    return [(a, b, change_pct(vb, va))
            for (a, va), (b, vb) in zip(ordered, ordered[1:], strict=False)]


def gap_to_target_pts(share: Estimate, target: float) -> Estimate:
    """Target share minus the observed share, in percentage points (positive: to gain)."""
    return Estimate(target - share.value, target - share.high, target - share.low)


def power_class_shares(points: pd.DataFrame) -> pd.DataFrame:
    """Charging points per power class, with their share of the points (all classes listed,
    0 where none)."""
    order = [name for _, name in POWER_CLASSES] + [POWER_UNKNOWN]
    counts = points["power_class"].value_counts().reindex(order, fill_value=0)
    total = counts.sum()
    return pd.DataFrame({
        "power_class": order,
        "label": [POWER_CLASS_LABELS[c] for c in order],
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


# --- the section ----------------------------------------------------------------------------


@dataclass
class MobilitySection:
    """Everything the mobility notebook shows for one territory-year."""

    territory: str
    year: int
    population: Population
    df_figures: pd.DataFrame  # audited figures record
    df_network: pd.DataFrame  # one row per cycle route (and the network total)
    df_charging_sources: pd.DataFrame  # every charging-point figure of the documents/files
    df_charging_comparison: pd.DataFrame  # the four territories side by side
    df_modal: pd.DataFrame  # modal shares and their targets
    df_targets: pd.DataFrame  # targets and plans with their yearly equivalent
    irve: IrveFile | None  # the national file the section uses, if any
    df_irve_communes: pd.DataFrame  # points per commune from that file
    df_power: pd.DataFrame  # points per power class from that file
    df_commissioning: pd.DataFrame  # points per commissioning year from that file
    missing: list[str]
    charging_used: str = ""  # which charging-point figure the section uses, in French

    def rows(self, indicators: list[str]) -> pd.DataFrame:
        """Figures of the given indicators, in the order given."""
        return figures_of(self.df_figures, indicators)


def known_documents(tables: dict[str, pd.DataFrame], year: int) -> set[str]:
    """Documents a section of ``year`` may cite: those filed under ``year`` or before."""
    edition = editions(tables["mobility/observations"])
    return set(edition[edition <= year].index)


def compute_section(inputs: MobilityInputs, territory: str, year: int) -> MobilitySection:
    """Compute, trace and audit every figure of the mobility section for a territory-year.

    Raises
    ------
    NoDataError
        If the territory has no observation, no target and no IRVE file for ``year``.
    """
    tables, sources = inputs.tables, inputs.sources
    df_obs = tables["mobility/observations"]
    df_targets = tables["mobility/targets"]
    known = known_documents(tables, year)
    edition = editions(df_obs)
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    own_targets = df_targets[(df_targets["territory"] == territory)
                             & df_targets["source_id"].map(edition).eq(year)]
    irve = latest_not_after(inputs.irve, year)
    if obs.empty and own_targets.empty and (irve is None or irve.vintage != year):
        years = sorted({int(y) for y in df_obs.loc[df_obs["territory"] == territory, "year"]})
        raise NoDataError(
            f"pas de données mobilité pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, years)) or 'aucune'})"
        )
    communes = tables["reference/communes"]
    populations = tables["reference/population"]
    population = territory_population(populations, communes, territory, year,
                                     tables["perimeter/observations"])
    col = FigureCollector(obs, sources, population, label_of, decimals_of)
    col.add_population()

    targets = df_targets[(df_targets["territory"] == territory)
                         & df_targets["source_id"].isin(known)
                         & (df_targets["target_year"].isna()
                            | (df_targets["target_year"] >= year)
                            | df_targets["source_id"].map(edition).eq(year))]
    df_published = tables["mobility/published"]
    df_network = _network_figures(col, targets, year, df_published[
        (df_published["territory"] == territory) & (df_published["year"] == year)])
    history = df_obs[(df_obs["territory"] == territory) & df_obs["source_id"].isin(known)]
    df_charging_sources, charging_used = _charging_figures(
        col, history, targets, inputs, territory, year)
    df_comparison = _charging_comparison(col, tables, inputs, known, territory, year)
    _growth_figures(col, history, year)
    df_modal = _modal_figures(col, targets, year)
    df_irve_communes = pd.DataFrame()
    df_power = pd.DataFrame()
    df_commissioning = pd.DataFrame()
    if irve is not None:
        df_irve_communes, df_power, df_commissioning = _irve_figures(
            col, irve, communes, populations, territory)
    df_target_table = _target_figures(col, targets, year)

    for _, row in obs.iterrows():  # every remaining observation is shown as published
        if not col.is_shown(row):
            col.add_observed(row)

    shown = {f.indicator for f in col.figures}
    present = set()
    if not df_network.empty:
        present.add("cycle_network")
    if charging_used:
        present.add("charging_points")
    if "modal_share_pct" in shown:
        present.add("modal_share_pct")
    if shown & PUBLIC_TRANSPORT:
        present.add("public_transport")
    missing = [label for key, label in CORE.items() if key not in present]
    df_figures = audit(col.figures, tables["mobility/published"], sources, territory, year,
                       SECTION)
    return MobilitySection(
        territory, year, population, df_figures, df_network, df_charging_sources,
        df_comparison, df_modal, df_target_table, irve, df_irve_communes, df_power,
        df_commissioning, missing, charging_used,
    )


def _rounded(row: pd.Series) -> Estimate:
    return Estimate.of_row(row)


# --- cycling network ------------------------------------------------------------------------

NETWORK_COLUMNS = ["route", "label", "built_km", "to_build_km", "total_km", "built_share_pct",
                   "observed_pace_km_per_year", "observed_period", "target_year",
                   "required_pace_km_per_year", "years_to_finish", "source"]


def _network_figures(col: FigureCollector, targets: pd.DataFrame, year: int,
                     published: pd.DataFrame | None = None) -> pd.DataFrame:
    """Built against still-to-build kilometres, route by route and summed over the routes
    (only the routes whose length a document prints: never called the whole network);
    ``published``: the territory-year's printed totals."""
    built_rows = col.obs[col.obs["indicator"].isin(BUILT_KM)]
    remaining_rows = col.obs[col.obs["indicator"].isin(TO_BUILD_KM)]
    planned_rows = targets[targets["indicator"].isin(BUILT_KM)
                           & (targets["unit"] == "km")]
    if built_rows.empty and remaining_rows.empty and planned_rows.empty:
        return pd.DataFrame(columns=NETWORK_COLUMNS)
    # (route, built?, estimate, period, target_year, base_year, row, note of the deadline)
    pieces = []
    for _, row in built_rows.iterrows():
        pieces.append((split_route(row["breakdown"])[0], True, col.add_observed(row),
                       row["period"], None, None, row, ""))
    remaining_keys = set(remaining_rows["breakdown"])
    for _, row in remaining_rows.iterrows():
        plan = planned_rows[planned_rows["breakdown"] == row["breakdown"]]
        target_year = None if plan.empty or pd.isna(plan["target_year"].iloc[0]) else int(
            plan["target_year"].iloc[0])
        base = None if plan.empty or pd.isna(plan["base_year"].iloc[0]) else int(
            plan["base_year"].iloc[0])
        note = "" if target_year is None else plan["note"].iloc[0] or ""
        pieces.append((split_route(row["breakdown"])[0], False, col.add_observed(row),
                       row["period"], target_year, base, row, note))
    for _, row in planned_rows[~planned_rows["breakdown"].isin(remaining_keys)].iterrows():
        target_year = None if pd.isna(row["target_year"]) else int(row["target_year"])
        base = None if pd.isna(row["base_year"]) else int(row["base_year"])
        pieces.append((split_route(row["breakdown"])[0], False,
                       Estimate.exact(row["target_value"]), "", target_year, base, row,
                       "" if target_year is None else row["note"] or ""))
    routes = list(dict.fromkeys(p[0] for p in pieces))
    rows = [_route_row(col, route, [p for p in pieces if p[0] == route], year)
            for route in routes]
    if len(routes) > 1:
        # a share built or years to finish of the sum would speak for a whole network the
        # documents do not measure: only if a document prints that total
        printed = published is not None and not published[
            (published["indicator"] == "cycle_route_total_km")
            & (published["breakdown"] == "network")].empty
        rows.append(_route_row(col, "network", pieces, year, whole=printed))
    return pd.DataFrame(rows, columns=NETWORK_COLUMNS)


def _route_row(col: FigureCollector, route: str, pieces: list, year: int,
               whole: bool = True) -> dict:
    """One route's figures (``whole``: its length is a whole route's, so the share built and
    the years to finish mean something; False for a sum of the routes that have a length)."""
    built = [p for p in pieces if p[1]]
    to_build = [p for p in pieces if not p[1]]
    inputs = [p[6] for p in pieces]
    zero = Estimate.exact(0)
    built_km = sum_estimates([p[2] for p in built]) if built else zero
    to_build_km = sum_estimates([p[2] for p in to_build]) if to_build else zero
    if len(built) > 1:
        col.add_computed("cycle_route_built_km", built_km, "km", "Somme des tronçons aménagés",
                         [p[6] for p in built], breakdown=route)
    if to_build and (len(to_build) > 1 or route == "network"):
        col.add_computed("cycle_route_to_build_km", to_build_km, "km",
                         "Somme des tronçons restant à aménager ou programmés",
                         [p[6] for p in to_build], breakdown=route)
    total = sum_estimates([built_km, to_build_km])
    share = np.nan
    if built and to_build:
        total = col.add_computed("cycle_route_total_km", total, "km",
                                 "Kilomètres aménagés + kilomètres restant à aménager", inputs,
                                 breakdown=route)
    if built and to_build and whole:
        share = col.add_computed("cycle_route_built_share_pct", ratio_pct(built_km, total),
                                 "%", "Kilomètres aménagés / longueur totale", inputs,
                                 breakdown=route).value
    pace = observed_pace([p[2] for p in built], [p[3] for p in built]) if built else None
    pace_value, pace_period = np.nan, ""
    if pace is not None:
        estimate, pace_period = pace
        pace_value = col.add_computed(
            "cycle_route_observed_pace_km_per_year", estimate, "km/an",
            f"Kilomètres aménagés datés / années ({pace_period})",
            [p[6] for p in built if period_years(p[3])], breakdown=route,
            period=pace_period,
            note="seuls les tronçons dont l'année d'aménagement est imprimée comptent").value
    dated = [p for p in to_build if p[4] is not None]
    target_year, required, years_to_finish = None, np.nan, np.nan
    if dated:
        target_year = max(p[4] for p in dated)
        bases = [p[5] for p in dated if p[5] is not None]
        start = start_of_remaining_work(year, target_year, min(bases) if bases else None)
        km = sum_estimates([p[2] for p in dated])
        notes = [] if bases else [f"début des travaux non précisé : {start} (année suivant "
                                  f"le rapport) retenu"]
        notes += [f"échéance {p[4]} : {p[7]}" for p in dated if p[7]]
        required = col.add_computed(
            "cycle_route_required_pace_km_per_year", required_pace(km, start, target_year),
            "km/an", f"Kilomètres à aménager / années {start}-{target_year}",
            [p[6] for p in dated], breakdown=route, period=f"{start}-{target_year}",
            note=" ; ".join(dict.fromkeys(notes))).value
    if pace is not None and to_build and whole:
        years_to_finish = col.add_computed(
            "cycle_route_years_to_finish", divide(to_build_km, pace[0]), "years",
            "Kilomètres restant à aménager / rythme observé", inputs, breakdown=route).value
    return {
        "route": route, "label": label_of("cycle_route_total_km", route).split(" — ")[-1],
        "built_km": built_km.value, "to_build_km": to_build_km.value, "total_km": total.value,
        "built_share_pct": share, "observed_pace_km_per_year": pace_value,
        "observed_period": pace_period, "target_year": target_year,
        "required_pace_km_per_year": required, "years_to_finish": years_to_finish,
        "source": "; ".join(dict.fromkeys(col.cite_row(r) for r in inputs)),
    }


# --- charging points ------------------------------------------------------------------------

CHARGING_SOURCE_COLUMNS = ["origin", "kind", "count", "date", "count_year", "document",
                           "source", "used", "note"]
KIND_LABELS = {"in_service": "en service", "installed": "installées sur la période",
               "being_deployed": "en cours de déploiement (mise en service non confirmée)",
               "planned": "prévues"}


def _charging_candidates(history: pd.DataFrame, targets: pd.DataFrame,
                         irve_files: dict[int, IrveFile], sources: pd.DataFrame,
                         codes: set[str], year: int, edition: pd.Series) -> pd.DataFrame:
    """Every charging-point figure of a territory (its communes: ``codes``) known at
    ``year``, one row each: the documents' counts and plans, and the national files."""
    rows = []
    for _, row in history[history["indicator"] == CHARGING].iterrows():
        span = period_years(row["period"])
        rows.append({
            "origin": "document", "kind": row["breakdown"], "count": row["value"],
            "precision": row["precision"],
            "date": row["period"] or f"non précisée (document de {row['year']})",
            "count_year": span[1] if span else int(row["year"]),
            "document": row["source_id"], "source": cite(sources, row["source_id"],
                                                          row["locator"]),
            "note": row["note"], "row": row,
        })
    for _, row in targets[targets["indicator"] == CHARGING].iterrows():
        when = "" if pd.isna(row["target_year"]) else f"d'ici {int(row['target_year'])}"
        rows.append({
            "origin": "document", "kind": "planned", "count": row["target_value"],
            "precision": 1, "date": when or "échéance non précisée",
            "count_year": int(edition.get(row["source_id"], year)),
            "document": row["source_id"], "source": cite(sources, row["source_id"],
                                                          row["locator"]),
            "note": row["note"], "row": row,
        })
    for vintage, irve in sorted(irve_files.items()):
        if vintage > year:
            continue
        mine = irve.points[irve.points["commune_code"].isin(codes)]
        source_id = irve.points["source_id"].iloc[0] if len(irve.points) else ""
        rows.append({
            "origin": "irve_file", "kind": "in_service", "count": float(len(mine)),
            "precision": 1, "date": irve.snapshot, "count_year": vintage,
            "document": source_id,
            "source": f"{cite(sources, source_id)} ; instantané du {irve.snapshot}",
            "note": "points de recharge (un point = une prise utilisable à la fois), "
                    "dédoublonnés", "row": None,
        })
    return pd.DataFrame(rows, columns=["origin", "kind", "count", "precision", "date",
                                       "count_year", "document", "source", "note", "row"])


def _charging_figures(col: FigureCollector, history: pd.DataFrame, targets: pd.DataFrame,
                      inputs: MobilityInputs, territory: str, year: int
                      ) -> tuple[pd.DataFrame, str]:
    """The charging-point figures of every document and file, which one is used, and the
    density per 10,000 inhabitants it gives."""
    communes = inputs.tables["reference/communes"]
    codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
    edition = editions(inputs.tables["mobility/observations"])
    candidates = _charging_candidates(history, targets, inputs.irve, inputs.sources,
                                      codes, year, edition)
    if candidates.empty:
        return pd.DataFrame(columns=CHARGING_SOURCE_COLUMNS), ""
    in_service = candidates[candidates["kind"] == "in_service"]
    chosen = choose_count(in_service, year)
    used_text = ""
    candidates["used"] = False
    if chosen is not None:
        candidates.loc[chosen.name, "used"] = True
        count = Estimate.rounded(chosen["count"], chosen["precision"], "count")
        population = territory_population(inputs.tables["reference/population"], communes,
                                          territory, int(chosen["count_year"]))
        if chosen["origin"] == "document":
            row = chosen["row"]
            if not col.is_shown(row):  # possibly from an earlier document: shown all the same
                col.add_observed(row)
            inputs_rows = [row]
        else:
            col.figures.append(Figure(
                indicator=CHARGING, breakdown="irve_file", label=label_of(CHARGING, "irve_file"),
                estimate=count, unit="count", kind="reference", source=chosen["source"],
                period=chosen["date"], note=chosen["note"],
            ))
            inputs_rows = []
        col.figures.append(Figure(
            indicator="charging_points_per_10000_inhabitants",
            label=label_of("charging_points_per_10000_inhabitants"),
            estimate=per_10000(count, population.value), unit="count/10000 hab",
            kind="computed",
            source="Calcul : " + "; ".join([chosen["source"], population.label]),
            period=str(chosen["date"]), decimals=2,
            method="Bornes en service × 10 000 / population",
            population_vintage=population.label,
            note="" if not inputs_rows else chosen["note"],
        ))
        used_text = (f"{fr_number(chosen['count'])} bornes en service ({chosen['date']}, "
                     f"{chosen['source']})")
    # only the additions a document says installed: never bornes being deployed (not known to
    # be in service) nor planned ones, and never added to the stock in service
    installed = candidates[(candidates["kind"] == "installed")
                           & (candidates["origin"] == "document")]
    if len(installed) > 1:
        rows = list(installed["row"])
        col.add_computed(
            "charging_points_installed_total",
            sum_estimates([_rounded(r) for r in rows]), "count",
            " + ".join(f"{r['period']}" for r in rows) + " : somme des bornes installées",
            rows, breakdown="installed",
            period="-".join([min(r["period"] for r in rows), max(r["period"] for r in rows)]),
            note="ajouts de bornes, pas un parc en service : non comparable au parc en service "
                 "sans savoir si des bornes ont été retirées",
        )
    out = candidates.assign(kind=candidates["kind"].map(KIND_LABELS).fillna(candidates["kind"]))
    return out[CHARGING_SOURCE_COLUMNS].reset_index(drop=True), used_text


COMPARISON_COLUMNS = ["territory", "in_service", "date", "population", "population_label",
                      "per_10000", "planned", "planned_per_10000", "source"]


def _charging_comparison(col: FigureCollector, tables: dict[str, pd.DataFrame],
                         inputs: MobilityInputs, known: set[str], territory: str, year: int
                         ) -> pd.DataFrame:
    """Charging points in service per 10,000 inhabitants of the four territories, each with
    the latest count known at ``year`` and the population of that count's year."""
    df_obs = tables["mobility/observations"]
    df_targets = tables["mobility/targets"]
    communes = tables["reference/communes"]
    edition = editions(df_obs)
    rows = []
    for other in sorted(communes["epci_short"].unique()):
        history = df_obs[(df_obs["territory"] == other) & df_obs["source_id"].isin(known)]
        plans = df_targets[(df_targets["territory"] == other)
                           & df_targets["source_id"].isin(known)]
        codes = set(communes.loc[communes["epci_short"] == other, "commune_code"])
        candidates = _charging_candidates(history, plans, inputs.irve, inputs.sources, codes,
                                          year, edition)
        chosen = choose_count(candidates[candidates["kind"] == "in_service"], year)
        planned = candidates[candidates["kind"] == "planned"]
        if chosen is None and planned.empty:
            rows.append({"territory": other, "in_service": np.nan, "date": "", "population":
                         np.nan, "population_label": "", "per_10000": np.nan,
                         "planned": np.nan, "planned_per_10000": np.nan,
                         "source": "aucun chiffre publié"})
            continue
        count_year = int(chosen["count_year"]) if chosen is not None else year
        population = territory_population(tables["reference/population"], communes, other,
                                          count_year)
        breakdown = "" if other == territory else other.lower()
        per, planned_per = np.nan, np.nan
        sources = []
        if chosen is not None:
            source = chosen["source"]
            sources.append(source)
            if other != territory:
                per = col.add_computed_with_source(
                    "charging_points_per_10000_inhabitants",
                    per_10000(Estimate.rounded(chosen["count"], chosen["precision"], "count"),
                              population.value),
                    "count/10000 hab", "Bornes en service × 10 000 / population",
                    f"Calcul : {source} ; {population.label}", breakdown=breakdown,
                    period=str(chosen["date"]), population_vintage=population.label).value
            else:
                per = next(f.value for f in col.figures
                           if f.indicator == "charging_points_per_10000_inhabitants"
                           and f.breakdown == "")
        if not planned.empty:
            plan = planned.iloc[0]
            sources.append(plan["source"])
            planned_per = col.add_computed_with_source(
                "charging_points_planned_per_10000_inhabitants",
                per_10000(Estimate.exact(plan["count"]), population.value), "count/10000 hab",
                "Bornes prévues × 10 000 / population",
                f"Calcul : {plan['source']} ; {population.label}", breakdown=breakdown,
                period=plan["date"], population_vintage=population.label).value
        rows.append({
            "territory": other,
            "in_service": chosen["count"] if chosen is not None else np.nan,
            "date": chosen["date"] if chosen is not None else "",
            "population": population.value, "population_label": population.label,
            "per_10000": per, "planned": planned["count"].iloc[0] if not planned.empty
            else np.nan, "planned_per_10000": planned_per, "source": " ; ".join(sources),
        })
    return pd.DataFrame(rows, columns=COMPARISON_COLUMNS)


# --- growth, modal shares, targets ----------------------------------------------------------


def _growth_figures(col: FigureCollector, history: pd.DataFrame, year: int) -> None:
    """Change between consecutive dated values of the counted series (any document known at
    ``year``), shown when the second value is one of this section's."""
    series = history[history["indicator"].isin(GROWTH_SERIES)
                     & (history["breakdown"].isin(["", "in_service"]))]
    for (indicator, breakdown), group in series.groupby(["indicator", "breakdown"]):
        dated = [(period_years(r["period"]), r) for _, r in group.iterrows()]
        dated = [(span[1], r) for span, r in dated if span is not None and span[0] == span[1]]
        if len(dated) < 2:
            continue
        by_year = {y: r for y, r in dated}
        for first, second, change in consecutive_changes(
                [(y, _rounded(r)) for y, r in by_year.items()]):
            later = by_year[second]
            if later["year"] != year:
                continue
            for r in (by_year[first], later):
                if not col.is_shown(r) and r["year"] == year:
                    col.add_observed(r)
            lower = any("borne inférieure" in (by_year[y]["note"] or "")
                        for y in (first, second))
            col.add_computed(
                f"{indicator}_change_pct", change, "%",
                f"Valeur {second} / valeur {first} - 1", [by_year[first], later],
                breakdown=breakdown, period=f"{first}-{second}",
                note="les deux valeurs sont des minorants (« plus de ») : évolution indicative"
                if lower else "",
            )


MODAL_COLUMNS = ["mode", "share_pct", "period", "target_pct", "target_year", "gap_pts",
                 "required_pts_per_year", "source", "note"]


def _modal_figures(col: FigureCollector, targets: pd.DataFrame, year: int) -> pd.DataFrame:
    shares = col.observed_all("modal_share_pct", None)
    goals = targets[targets["indicator"] == "modal_share_pct"]
    rows = []
    for _, row in shares.iterrows():
        share = col.add_observed(row)
        goal = goals[goals["breakdown"] == row["breakdown"]]
        gap, pace, target_pct, target_year = np.nan, np.nan, np.nan, None
        if not goal.empty:
            target = goal.iloc[0]
            target_pct = target["target_value"]
            target_year = None if pd.isna(target["target_year"]) else int(target["target_year"])
            gap_estimate = col.add_computed(
                "modal_share_gap_to_target_pts", gap_to_target_pts(share, target_pct), "pts",
                "Objectif - part observée", [row, target], breakdown=row["breakdown"])
            gap = gap_estimate.value
            span = period_years(row["period"])
            observed_year = span[1] if span else int(row["year"])
            if target_year is not None and target_year > observed_year:
                pace = col.add_computed(
                    "modal_share_required_pace_pts_per_year",
                    gap_estimate.scaled(1 / (target_year - observed_year)), "pts/an",
                    f"Écart / ({target_year} - {observed_year})", [row, target],
                    breakdown=row["breakdown"], period=f"{observed_year}-{target_year}").value
        rows.append({"mode": BREAKDOWNS.get(row["breakdown"], row["breakdown"]),
                     "share_pct": share.value, "period": row["period"] or "non précisée",
                     "target_pct": target_pct, "target_year": target_year, "gap_pts": gap,
                     "required_pts_per_year": pace, "source": col.cite_row(row),
                     "note": row["note"]})
    return pd.DataFrame(rows, columns=MODAL_COLUMNS)


TARGET_COLUMNS = ["framework", "what", "kind", "target", "unit", "period", "per_year",
                  "per_year_period", "per_year_note", "per_inhabitant_per_year", "source",
                  "note"]


def _target_figures(col: FigureCollector, targets: pd.DataFrame, year: int) -> pd.DataFrame:
    """Every target and plan of the territory, with its yearly equivalent where it has an
    end year, and its amount per inhabitant and per year for a budget."""
    rows = []
    for _, target in targets.iterrows():
        if target["indicator"] == "modal_share_pct":
            continue  # shown with the modal shares
        first = None if pd.isna(target["base_year"]) else int(target["base_year"])
        last = None if pd.isna(target["target_year"]) else int(target["target_year"])
        period = ("sans échéance" if last is None else f"d'ici {last}" if first is None
                  else str(first) if first == last else f"{first}-{last}")
        kind = target["target_kind"]
        indicator = {"cumulative": "target_total", "per_year": "target_per_year"}.get(
            kind, "target_level")
        what = label_of(target["indicator"], target["breakdown"])
        source = cite(col.sources, target["source_id"], target["locator"])
        col.figures.append(Figure(
            indicator=indicator, breakdown=target["breakdown"],
            label=f"{what} ({target['framework']}, {period})",
            estimate=Estimate.exact(target["target_value"]),
            unit=f"{target['unit']}/an" if kind == "per_year" else target["unit"],
            kind="observed", source=source, period=period, note=target["note"],
        ))
        per_year, per_inhabitant = np.nan, np.nan
        per_year_period, per_year_note = "", ""
        if kind == "cumulative" and last is not None:
            start = start_of_remaining_work(year, last, first)
            per_year_note = "" if first is not None else \
                f"année de départ non précisée : {start} retenue"
            yearly = col.add_computed(
                "target_per_year", required_pace(Estimate.exact(target["target_value"]),
                                                 start, last),
                f"{target['unit']}/an",
                f"Objectif cumulé / {last - start + 1} an(s) ({start}-{last})", [target],
                breakdown=target["breakdown"], period=f"{start}-{last}", note=per_year_note)
            per_year = yearly.value
            per_year_period = f"{start}-{last}" if start != last else str(last)
            if target["indicator"] in PER_INHABITANT_BUDGETS:
                per_inhabitant = col.add_computed(
                    "target_per_inhabitant_per_year_eur",
                    yearly.scaled(1 / col.population.value), "EUR/hab/an",
                    "Montant par an / population", [target], breakdown=target["breakdown"],
                    per_capita=True, period=f"{start}-{last}").value
        rows.append({"framework": target["framework"], "what": what,
                     "kind": TARGET_KIND_LABELS[kind], "target": target["target_value"],
                     "unit": target["unit"], "period": period, "per_year": per_year,
                     "per_year_period": per_year_period, "per_year_note": per_year_note,
                     "per_inhabitant_per_year": per_inhabitant, "source": source,
                     "note": target["note"]})
    return pd.DataFrame(rows, columns=TARGET_COLUMNS)


# --- the national charging-points file ------------------------------------------------------


def _irve_figures(col: FigureCollector, irve: IrveFile, communes: pd.DataFrame,
                  populations: pd.DataFrame, territory: str
                  ) -> tuple[pd.DataFrame, pd.DataFrame, pd.DataFrame]:
    mine = communes[communes["epci_short"] == territory]
    points = irve.points[irve.points["commune_code"].isin(set(mine["commune_code"]))]
    source = cite(col.sources, irve.points["source_id"].iloc[0]) + \
        f" ; instantané du {irve.snapshot}"
    period = irve.snapshot
    col.figures.append(Figure(
        indicator="charging_stations", breakdown="irve_file",
        label=label_of("charging_stations", "irve_file"),
        estimate=Estimate.exact(points["station_id"].replace("", np.nan).nunique()),
        unit="count", kind="reference", source=source, period=period,
        note="stations distinctes (identifiant d'itinérance)",
    ))
    df_power = power_class_shares(points)
    for r in df_power.itertuples():
        col.figures.append(Figure(
            indicator="charging_points_power_share_pct", breakdown=r.power_class,
            label=label_of("charging_points_power_share_pct", r.power_class),
            estimate=Estimate.exact(r.share_pct), unit="%", kind="computed",
            source="Calcul : " + source, period=period, decimals=1,
            method=f"Points de la classe ({r.points}) / points du territoire ({len(points)})",
        ))
    df_commissioning = commissioning_series(points)
    for r in df_commissioning.itertuples():
        col.figures.append(Figure(
            indicator="charging_points_commissioned", breakdown="irve_file",
            label=label_of("charging_points_commissioned", "irve_file") + f" {r.year}",
            estimate=Estimate.exact(r.commissioned), unit="count", kind="reference",
            source=source, period=str(r.year),
        ))
        col.figures.append(Figure(
            indicator="charging_points_in_service_end_of_year", breakdown="irve_file",
            label=label_of("charging_points_in_service_end_of_year", "irve_file") + f" {r.year}",
            estimate=Estimate.exact(r.in_service_end_of_year), unit="count", kind="computed",
            source="Calcul : " + source, period=str(r.year),
            method="Cumul des mises en service (points encore présents dans le fichier)",
            note="minorant du parc passé : les points retirés depuis ne figurent plus au "
                 "fichier",
        ))
    per_commune = irve_counts(points, mine)
    year_population = populations[populations["commune_code"].isin(set(mine["commune_code"]))]
    vintage = max(v for v in year_population["vintage"].unique() if v <= irve.vintage) \
        if (year_population["vintage"] <= irve.vintage).any() else year_population[
        "vintage"].min()
    pop = year_population[year_population["vintage"] == vintage].set_index("commune_code")[
        "population"]
    per_commune["population"] = per_commune["commune_code"].map(pop)
    per_commune["per_10000"] = PER_10000 * per_commune["points"] / per_commune["population"]
    per_commune["population_vintage"] = int(vintage)
    return per_commune, df_power, df_commissioning
