"""The national figures table (analysis.national.table), the peer rule
(analysis.national.peers), the points' index (locate_points) and the EPCI lookup.

The tables of the peer-rule tests are SYNTHETIC (made-up EPCI « A », « B »…), labelled so;
the national table's tests read the committed reference and compare it with sums made
here from the committed CSV files, with the standard library."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import UnknownTerritoryError
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.geography import decode_outline, load_commune_shapes
from analysis.inputs.official.irve import locate_points
from analysis.inputs.territories import (
    all_territories,
    every_epci,
    get_territory,
    region_territories,
)
from analysis.national.peers import peer_group, peer_rule_text, region_group, standing
from analysis.national.table import INDICATORS, national_table, national_years

REFERENCE = PROJECT_ROOT / "data" / "reference"
OUTSIDE = ("200044618", "241700434")  # Douaisis Agglo (Hauts-de-France), La Rochelle


# --- the peer rule, on a SYNTHETIC table ---------------------------------------------------

SYNTHETIC = pd.DataFrame([  # SYNTHETIC: made-up EPCI, for the rule only
    ("A", "CA", 100_000, "32", 10.0), ("B", "CA", 50_000, "32", 12.0),
    ("C", "CA", 200_000, "11", 8.0), ("D", "CA", 49_999, "32", 30.0),
    ("E", "CA", 200_001, "32", 1.0), ("F", "CC", 100_000, "32", 50.0),
    ("G", "CA", 150_000, "11", np.nan), ("H", "CA", 90_000, "11", 10.0),
], columns=["code", "kind", "population", "region_code", "rate"])


def test_peers_are_the_same_kind_between_half_and_twice_the_population_itself_included():
    assert sorted(peer_group(SYNTHETIC, "A")["code"]) == ["A", "B", "C", "G", "H"]


def test_the_region_is_every_epci_of_the_region_whatever_its_kind():
    assert sorted(region_group(SYNTHETIC, "A")["code"]) == ["A", "B", "D", "E", "F"]


def test_rank_percentile_and_medians_by_hand():
    found = standing(SYNTHETIC, "A", "rate")
    # peers with a value: A 10, B 12, C 8, H 10 (G has none)
    assert (found.rank, found.ranked) == (2, 4)  # only B is higher
    assert found.percentile == pytest.approx(100 / 3)  # C below, H equal, B above
    assert found.peers_median == pytest.approx(10.0)
    assert found.region_median == pytest.approx(12.0)  # 10, 12, 30, 1, 50
    assert found.france_median == pytest.approx(10.0)  # CA: 10, 12, 8, 30, 1, 10
    assert found.france_ranked == 6


def test_an_epci_without_a_value_has_no_rank():
    found = standing(SYNTHETIC, "G", "rate")
    assert found.rank is None and found.ranked == 4


def test_the_rule_is_written_with_the_epci_s_own_band():
    text = peer_rule_text(SYNTHETIC, "A")
    assert "communautés d'agglomération" in text
    assert "de 50\u202f000 à 200\u202f000 habitants" in text


def test_an_unknown_code_is_refused():
    with pytest.raises(KeyError, match="'Z' absent de la table nationale"):
        peer_group(SYNTHETIC, "Z")


# --- the national table, on the committed data ----------------------------------------------

@pytest.fixture(scope="module")
def national():
    year = max(national_years())
    return year, *national_table(year)


def test_one_row_per_epci_of_the_reference_and_no_duplicate(national):
    _year, table, _described = national
    with open(REFERENCE / "epci.csv", encoding="utf-8") as f:
        sirens = [row["epci_siren"] for row in csv.DictReader(f)]
    assert len(table) == len(sirens)
    assert table["epci_siren"].is_unique and set(table["epci_siren"]) == set(sirens)


def test_every_indicator_has_its_source_and_period(national):
    _year, table, described = national
    assert set(described["indicator"]) <= {i.name for i in INDICATORS}
    assert set(described["indicator"]) <= set(table.columns)
    assert described["source_id"].str.len().gt(0).all()
    assert described["period"].astype(str).str.len().gt(0).all()


def _census_sums() -> dict[str, dict[str, float]]:
    """Census 2021 sums by EPCI SIREN, from the committed CSVs, with csv and a dict."""
    with open(REFERENCE / "communes.csv", encoding="utf-8") as f:
        epci_of = {row["commune_code"]: row["epci_siren"] for row in csv.DictReader(f)}
    sums: dict[str, dict[str, float]] = defaultdict(lambda: defaultdict(float))
    with gzip.open(REFERENCE / "census_2021_by_commune.csv.gz", "rt", encoding="utf-8") as f:
        for row in csv.DictReader(f):
            if row["commune_code"] in epci_of:
                sums[epci_of[row["commune_code"]]][row["indicator"]] += float(row["value"])
    return sums


def test_census_figures_of_epci_outside_the_four_equal_an_independent_sum(national):
    _year, table, _described = national
    sums = _census_sums()
    for siren in OUTSIDE:
        row = table.set_index("epci_siren").loc[siren]
        mine = sums[siren]
        assert row["dwellings"] == mine["dwellings"]
        assert row["population"] == mine["population"]
        assert row["vacancy_rate_pct"] == pytest.approx(
            100 * mine["vacant_dwellings"] / mine["dwellings"])
        assert row["flats_share_pct"] == pytest.approx(100 * mine["flats"] / mine["dwellings"])


def test_a_lower_bound_flag_is_missing_where_its_value_is(national):
    _year, table, _described = national
    for flag, value in (("census_lower_bound", "dwellings"),
                        ("private_vacancy_lower_bound", "private_vacancy_rate_pct")):
        assert table.loc[table[value].isna(), flag].isna().all(), flag
        assert table.loc[table[value].notna(), flag].notna().all(), flag


def test_an_epci_left_out_for_want_of_population_loses_no_figure(national):
    """Every page reports its figures per inhabitant, so an EPCI without population has no
    page (analysis.engine.plan): none of the national files may have a figure for it that a
    page would then lose — no census row, no LOVAC rate, no charging point, no heat."""
    from analysis.inputs.official.energy import load_enedis_production
    from analysis.inputs.official.filosofi import load_filosofi
    from analysis.inputs.official.reading import ABSENT
    from analysis.inputs.official.rents import load_rents
    from analysis.inputs.population import population_gap
    from analysis.inputs.tables import load_table
    from analysis.national.table import _charging, _heat

    year, table, _described = national
    population = load_table("reference/population", PROJECT_ROOT / "data")
    communes = load_table("reference/communes", PROJECT_ROOT / "data")
    without = [code for code in table["code"]
               if population_gap(population, communes, code)]
    points, _ = _charging(PROJECT_ROOT / "data", communes, year)
    heat, _ = _heat(PROJECT_ROOT / "data", communes, year)
    # a failure here means a file now has figures for these EPCI: their pages need a
    # population (reference/population) or pages of counts alone, before the file lands
    lost = "a national file has figures for an EPCI without population, which gets no page"
    rows = table.set_index("code").loc[without, [i.name for i in INDICATORS if i.name in table]]
    assert rows.isna().all().all(), (lost, rows.dropna(how="all", axis=1))
    assert points.reindex(without).fillna(0).eq(0).all(), (lost, "charging points")
    assert heat.reindex(without).isna().all(), (lost, "district heating")
    # nor the files the table does not sum: Filosofi, the rent map, the Enedis extract
    theirs = communes[communes["epci_short"].isin(without)]
    data = PROJECT_ROOT / "data"
    for path in sorted((data / "housing" / "filosofi").glob("*.csv")):
        found = load_filosofi(path, theirs, "test").communes
        assert found["median_status"].eq(ABSENT).all(), (lost, path.name)
    for path in sorted((data / "housing" / "rents").glob("*.csv")):
        found = load_rents(path, theirs, "test", year).communes
        assert found["status"].eq(ABSENT).all(), (lost, path.name)
    for path in sorted((data / "energy" / "enedis_production").glob("*.csv*")):  # .csv, .zip
        assert load_enedis_production(path, theirs, "test").rows.empty, (lost, path.name)


def test_no_figure_of_a_year_after_the_table_s(national):
    year, _table, described = national
    for period in described["period"].astype(str):
        assert int(period[-4:] if "/" in period else period[:4]) <= year


# --- the points' index ----------------------------------------------------------------------

def test_the_grid_places_points_as_a_test_of_every_point_against_every_outline():
    shapes = load_commune_shapes(codes=["59606", "59014", "62498"])
    from matplotlib.path import Path as PolygonPath

    from analysis.display.charts import commune_polygons

    polygons = commune_polygons(shapes)
    rng = np.random.default_rng(0)  # SYNTHETIC points around the three communes
    lon, lat = rng.uniform(2.7, 3.6, 4000), rng.uniform(50.2, 50.5, 4000)
    lon[:5] = np.nan
    found = locate_points(lon, lat, polygons)
    points = np.column_stack([lon, lat])
    expected = np.full(len(points), "", dtype=object)
    for code, rings in polygons.items():
        for ring in rings:
            inside = PolygonPath(np.asarray(ring)).contains_points(points) & (expected == "")
            expected[inside] = code
    assert (found == expected).all() and (found != "").sum() > 20


def test_an_outline_decodes_as_google_s_documented_polyline():
    # the example of Google's « Encoded Polyline Algorithm Format » page, at 1e-5
    rings = decode_outline("_p~iF~ps|U_ulLnnqC_mqNvxq`@", scale=100_000)
    assert rings == [[(-120.2, 38.5), (-120.95, 40.7), (-126.453, 43.252)]]


# --- the EPCI lookup ----------------------------------------------------------------------

def test_any_epci_is_found_by_siren_or_by_name():
    assert get_territory("241700434").name == "Communauté d'agglomération de La Rochelle"
    assert get_territory("la rochelle").siren == "241700434"
    assert get_territory("Douaisis").siren == "200044618"
    assert get_territory("CALL").siren == "246200364"


def test_a_name_that_matches_several_epci_lists_them():
    with pytest.raises(UnknownTerritoryError, match="Territoire ambigu : 'Artois'"):
        get_territory("Artois")


def test_the_agglomerations_reported_by_default_are_those_with_a_short_code():
    assert len(every_epci()) > 1000
    assert [t.short for t in all_territories()] == sorted(
        (t.short for t in every_epci() if t.short != t.siren), key=lambda s: [
            t.short for t in every_epci()].index(s))
    assert all(t.short.isalpha() for t in all_territories())


def test_a_region_is_every_epci_of_the_reference_in_it():
    with open(PROJECT_ROOT / "data" / "reference" / "epci.csv", encoding="utf-8",
              newline="") as f:
        rows = [r for r in csv.DictReader(f) if r["region_code"] == "32"]
    found = region_territories("32")
    assert [t.siren for t in found] == [r["epci_siren"] for r in rows]
    assert {t.short for t in all_territories()} <= {t.short for t in found}


def test_an_unknown_region_lists_the_regions():
    with pytest.raises(UnknownTerritoryError) as caught:
        region_territories("99")
    assert str(caught.value).startswith("Région inconnue : '99'. Régions du référentiel : 01 ")
    assert "32 (Hauts-de-France)" in str(caught.value)
