"""Unit tests of analysis.housing; expected values are worked out by hand in each test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import catalogue, housing
from analysis.uncertainty import Estimate


def test_per_dwelling_is_bounded_by_the_rounding_of_both_inputs():
    amount = housing.per_dwelling(Estimate.rounded(3_114_000, 1000), Estimate.rounded(346, 1))
    assert amount.value == pytest.approx(9000)
    assert amount.low == pytest.approx(3_113_500 / 346.5)
    assert amount.high == pytest.approx(3_114_500 / 345.5)


def test_implied_stock_of_a_published_count_and_rate():
    stock = housing.implied_stock(Estimate.rounded(8700, 100), Estimate.rounded(9, 1))
    assert stock.value == pytest.approx(8700 / 9 * 100)
    assert stock.low == pytest.approx(8650 / 9.5 * 100)
    assert stock.high == pytest.approx(8750 / 8.5 * 100)


WIDE = pd.DataFrame(
    {"dwellings": [100.0, 200.0, 0.0], "main_residences": [85.0, 140.0, 0.0],
     "secondary_residences": [5.0, 10.0, 0.0], "vacant_dwellings": [10.0, 50.0, 0.0],
     "houses": [90.0, 40.0, 0.0], "flats": [8.0, 160.0, 0.0]},
    index=pd.Index(["00001", "00002", "00003"], name="commune_code"),
)


def test_stock_structure_rates_per_commune_and_nan_without_dwellings():
    df = housing.stock_structure(WIDE)
    assert df.loc["00001", "vacancy_rate_pct"] == 10
    assert df.loc["00002", "flats_share_pct"] == 80
    assert df.loc["00002", "main_residences_share_pct"] == 70
    assert pd.isna(df.loc["00003", "vacancy_rate_pct"])


def test_territory_totals_recompute_rates_on_the_sums_not_the_mean_of_rates():
    totals = housing.territory_totals(WIDE)
    assert totals["dwellings"] == 300 and totals["vacant_dwellings"] == 60
    assert totals["vacancy_rate_pct"] == 20  # the mean of the commune rates would be 17.5
    assert totals["flats_share_pct"] == pytest.approx(100 * 168 / 300)


def test_census_wide_keeps_the_communes_asked_for():
    long = pd.DataFrame({"commune_code": ["00001", "00001", "00002"],
                         "indicator": ["dwellings", "flats", "dwellings"],
                         "value": [10.0, 4.0, 7.0], "source_id": ["s"] * 3})
    wide = housing.census_wide(long, {"00001"})
    assert list(wide.index) == ["00001"] and wide.loc["00001", "flats"] == 4
    assert list(wide.columns) == housing.CENSUS_INDICATORS


def test_every_indicator_and_breakdown_of_the_housing_data_has_a_french_label():
    for table in ("observations", "published", "targets"):
        df = pd.read_csv(housing.data_dir() / "housing" / f"{table}.csv", dtype=str,
                         keep_default_na=False)
        assert set(df["indicator"]) <= set(catalogue.CATALOGUE), table
        assert {b for b in df["breakdown"] if b} <= set(housing.BREAKDOWNS), table


def test_label_of_joins_indicator_and_breakdown():
    assert housing.label_of("vacancy_rate_pct", "lovac") == (
        "Taux de vacance — chiffre LOVAC du document")
    assert housing.label_of("dwellings") == "Logements"


def test_section_totals_equal_the_committed_epci_aggregates():
    """analysis.housing sums the communes; make reference-data summed them independently."""
    from analysis.load import load_table

    epci = load_table("reference/census_2021_by_epci")
    communes = load_table("reference/communes")
    census = load_table("reference/census_2021_by_commune")
    for territory in ("CAVM", "CAPH", "CALL", "CABBALR"):
        codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
        totals = housing.territory_totals(housing.census_wide(census, codes))
        expected = epci[epci["epci_short"] == territory].set_index("indicator")["value"]
        for indicator in housing.CENSUS_INDICATORS:
            assert totals[indicator] == expected[indicator], (territory, indicator)
        assert set(epci.loc[epci["epci_short"] == territory, "n_communes"]) == {len(codes)}
