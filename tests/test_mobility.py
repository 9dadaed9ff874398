"""Unit tests of analysis.mobility; expected values are worked out by hand in each test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import catalogue, mobility
from analysis.load import load_table
from analysis.uncertainty import Estimate


@pytest.mark.parametrize("breakdown, expected", [
    ("eurovelo_5__angres_lens", ("eurovelo_5", "angres_lens")),
    ("boucle_un_escaut", ("boucle_un_escaut", "")),
    ("", ("", "")),
])
def test_split_route_reads_the_double_underscore(breakdown, expected):
    assert mobility.split_route(breakdown) == expected


def test_observed_pace_uses_only_the_dated_pieces():
    # CALL EV5: 6 and 5 km undated, 14 km built in 2020 -> 14 km a year
    km = [Estimate.rounded(6, 1), Estimate.rounded(5, 1), Estimate.rounded(14, 1)]
    pace, period = mobility.observed_pace(km, ["", "", "2020"])
    assert (pace.value, pace.low, pace.high, period) == (14, 13.5, 14.5, "2020")
    # CAVM Un'Escaut: 29 km over 2018-2019 -> 14.5 km a year
    pace, period = mobility.observed_pace([Estimate.rounded(29, 1)], ["2018-2019"])
    assert (pace.value, period) == (14.5, "2018-2019")
    assert mobility.observed_pace([Estimate.exact(6)], [""]) is None


def test_per_10000_scales_count_and_bounds():
    density = mobility.per_10000(Estimate.rounded(37, 1), 185_000)
    assert density.value == pytest.approx(2.0)
    assert (density.low, density.high) == pytest.approx((36.5 / 18.5, 37.5 / 18.5))


def test_choose_count_takes_the_latest_and_the_national_file_at_equal_dates():
    candidates = pd.DataFrame({
        "count_year": [2021, 2025, 2025, 2026],
        "origin": ["document", "irve_file", "document", "irve_file"],
        "count": [37, 120, 110, 130],
    })
    assert mobility.choose_count(candidates, 2025)["count"] == 120
    assert mobility.choose_count(candidates, 2023)["count"] == 37
    assert mobility.choose_count(candidates, 2020) is None


def test_consecutive_changes_are_sorted_by_year():
    changes = mobility.consecutive_changes([(2022, Estimate.exact(600)),
                                            (2021, Estimate.exact(300)),
                                            (2023, Estimate.exact(450))])
    assert [(a, b, round(c.value, 6)) for a, b, c in changes] == [(2021, 2022, 100.0),
                                                                   (2022, 2023, -25.0)]


def test_gap_to_target_is_in_points_with_bounds():
    gap = mobility.gap_to_target_pts(Estimate.rounded(71, 1), 60)
    assert (gap.value, gap.low, gap.high) == (-11, -11.5, -10.5)


def test_power_class_shares_and_commissioning_series():
    points = pd.DataFrame({
        "power_class": ["upto_22kw", "upto_22kw", "over_50kw", "power_unknown"],
        "commissioned_year": [2019, 2021, 2021, None],
    })
    shares = mobility.power_class_shares(points).set_index("power_class")
    assert shares.loc["upto_22kw", "points"] == 2 and shares.loc["upto_22kw", "share_pct"] == 50
    assert shares.loc["upto_7_4kw", "points"] == 0
    series = mobility.commissioning_series(points)
    assert series.to_dict("list") == {"year": [2019, 2020, 2021], "commissioned": [1, 0, 2],
                                      "in_service_end_of_year": [1, 1, 3]}


def test_labels_cover_every_indicator_and_breakdown_of_the_data():
    for table in ("mobility/observations", "mobility/published", "mobility/targets"):
        df = load_table(table)
        for indicator in df["indicator"]:
            assert indicator in catalogue.CATALOGUE, (table, indicator)
        for breakdown in df["breakdown"]:
            assert breakdown == "" or breakdown in mobility.BREAKDOWNS, (table, breakdown)


@pytest.fixture(scope="module")
def inputs():
    return mobility.load_mobility_inputs()


def test_compute_section_refuses_a_year_without_data(inputs):
    from analysis.errors import NoDataError

    with pytest.raises(NoDataError, match="pas de données mobilité pour CALL en 2023 "
                                          r"\(années disponibles : 2019\)"):
        mobility.compute_section(inputs, "CALL", 2023)


def test_eurovelo_5_sections_add_up_to_the_published_37_km(inputs):
    section = mobility.compute_section(inputs, "CALL", 2019)
    route = section.df_network.set_index("route").loc["eurovelo_5"]
    # 002 l. 463-467: 6 + 5 + 14 km built, 12 km in study, "37 km dont :"
    assert (route["built_km"], route["to_build_km"], route["total_km"]) == (25, 12, 37)
    assert route["built_share_pct"] == pytest.approx(100 * 25 / 37)
    # 12 km by 2021, work starting the year after the report (2020): 6 km a year
    assert route["required_pace_km_per_year"] == 6 and route["target_year"] == 2021
    total = section.df_figures[(section.df_figures["indicator"] == "cycle_route_total_km")
                               & (section.df_figures["breakdown"] == "eurovelo_5")].iloc[0]
    assert total["status"] == "match" and total["published_value"] == 37


def test_cavm_charging_points_show_both_documents_and_use_the_stock(inputs):
    section = mobility.compute_section(inputs, "CAVM", 2025)
    sources = section.df_charging_sources
    assert sorted(zip(sources["count"], sources["date"], sources["used"], strict=True)) == [
        (4, "2023", False), (8, "2022", False), (37, "2021", True)]
    assert section.charging_used.startswith("37 bornes en service (2021")
    installed = section.df_figures[section.df_figures["indicator"]
                                   == "charging_points_installed_total"]
    assert installed["value"].tolist() == [12]  # 8 (2022) + 4 (2023), 000 l. 687 and 803
    grants = section.df_figures[section.df_figures["indicator"]
                                == "bike_purchase_grants_change_pct"].iloc[0]
    assert grants["value"] == pytest.approx(100) and "minorants" in grants["note"]
