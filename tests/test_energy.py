"""Unit tests of analysis.energy; expected values are worked out by hand in each test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis import catalogue, energy
from analysis.uncertainty import Estimate


def _row(value, unit, precision=1.0):
    return pd.Series({"value": value, "unit": unit, "precision": precision})


@pytest.mark.parametrize("value, unit, kwh", [
    (78_000, "kWh", 78_000), (47_993, "MWh", 47_993_000), (27, "GWh", 27_000_000),
])
def test_energy_rows_are_converted_to_kwh(value, unit, kwh):
    assert energy.energy_kwh(_row(value, unit)).value == kwh


@pytest.mark.parametrize("value, unit, kw", [(82.6, "kWc", 82.6), (1.5, "MW", 1500),
                                             (2, "MWc", 2000), (36, "kW", 36)])
def test_power_rows_are_converted_to_kw(value, unit, kw):
    assert energy.power_kw(_row(value, unit, 0.1)).value == pytest.approx(kw)


def test_a_power_row_keeps_its_rounding_interval_in_kw():
    # "1,5 MW" printed to 0.1 MW: between 1.45 and 1.55 MW
    power = energy.power_kw(_row(1.5, "MW", 0.1))
    assert (power.low, power.high) == pytest.approx((1450, 1550))


def test_max_energy_is_a_full_year_at_full_power():
    # 1,500 kW x 8,760 h = 13,140,000 kWh
    assert energy.max_energy_kwh(Estimate.exact(1500)).value == 13_140_000


def test_implied_consumption_with_consumption_held_constant():
    # 0.41 C - 0.05 C = 347  ->  C = 347 / 0.36 = 963.89 GWh; renewables 48.19 -> 395.19 GWh
    result = energy.implied_consumption(Estimate.exact(5), Estimate.exact(41),
                                        Estimate.exact(347))
    assert result["consumption"].value == pytest.approx(347 / 0.36)
    assert result["renewables_now"].value == pytest.approx(0.05 * 347 / 0.36)
    assert result["renewables_target"].value == pytest.approx(0.41 * 347 / 0.36)
    assert result["consumption_target"].value == pytest.approx(347 / 0.36)
    # the target minus today is the production to create, whatever the reading
    assert result["renewables_target"].value - result["renewables_now"].value == \
        pytest.approx(347)


def test_implied_consumption_with_the_consumption_target_applied():
    # 0.41 x 0.46 C - 0.05 C = 347  ->  C = 347 / 0.1386 = 2,503.6 GWh, 1,151.7 GWh in 2050
    result = energy.implied_consumption(Estimate.exact(5), Estimate.exact(41),
                                        Estimate.exact(347), Estimate.exact(-54))
    assert result["consumption"].value == pytest.approx(347 / 0.1386)
    assert result["consumption_target"].value == pytest.approx(0.46 * 347 / 0.1386)
    assert result["renewables_target"].value - result["renewables_now"].value == \
        pytest.approx(347)


def test_implied_consumption_bounds_follow_the_rounding_of_the_share():
    # "5 %" is between 4.5 and 5.5 %: C between 347 / 0.365 and 347 / 0.355
    result = energy.implied_consumption(Estimate.rounded(5, 1), Estimate.exact(41),
                                        Estimate.exact(347))
    assert (result["consumption"].low, result["consumption"].high) == pytest.approx(
        (347 / 0.365, 347 / 0.355))


def test_implied_consumption_refuses_a_target_below_the_current_share():
    # 10 % of a consumption cut by 60 % is 4 % of today's: not above 5 %
    with pytest.raises(ValueError, match="ne dépasse pas la part actuelle"):
        energy.implied_consumption(Estimate.exact(5), Estimate.exact(10), Estimate.exact(1),
                                   Estimate.exact(-60))


def test_linear_pace_and_compound_rate_of_a_relative_target():
    # -54 % from 2016 to 2050: 34 years
    assert energy.linear_pace_pts(-54, 2016, 2050) == pytest.approx(-54 / 34)
    rate = energy.compound_rate_pct(-54, 2016, 2050)
    assert (1 + rate / 100) ** 34 == pytest.approx(0.46)
    assert energy.trajectory_index(-54, 2016, 2050) == [(2016, 100.0), (2050, 46.0)]


def test_label_of_names_indicator_and_breakdown_in_french():
    assert energy.label_of("electricity_production", "aerodrome_solar_park") == (
        "Production d'électricité annuelle — parc solaire de l'aérodrome de Valenciennes")
    assert energy.label_of("renewable_share_pct") == (
        "Part des énergies renouvelables dans la consommation")


def test_every_committed_indicator_and_breakdown_has_a_french_label():
    from analysis.load import load_table

    for table in ("energy/observations", "energy/published", "energy/targets"):
        df = load_table(table)
        assert set(df["indicator"]) <= set(catalogue.CATALOGUE), table
        assert set(df["breakdown"]) - {""} <= set(energy.BREAKDOWNS), table


def test_production_and_consumption_sum_the_communes_of_today_s_perimeter():
    communes = pd.DataFrame({"commune_code": ["62119", "62178", "59606"],
                             "epci_short": ["CABBALR", "CABBALR", "CAVM"]})
    rows = pd.DataFrame({
        "commune_code": ["62119", "62178", "59606", "62119"],
        "year": [2023, 2023, 2023, 2016], "energy": ["solar_pv"] * 4, "category": [""] * 4,
        "sites": [90.0, 40.0, 122.0, 30.0], "mwh": [300.0, 120.0, 1900.5, 90.0],
        "empty_cells": [0, 1, 0, 0], "secret_cells": [0] * 4, "source_id": ["x"] * 4,
    })
    df = energy.production_by_territory(rows, communes, "CABBALR").set_index("year")
    assert (df.loc[2023, "mwh"], df.loc[2023, "sites"], df.loc[2023, "empty_cells"]) == (
        420, 130, 1)
    assert df.loc[2016, "mwh"] == 90  # filed under a former EPCI code: still CABBALR today
    consumption = rows.assign(energy="electricity", category="residential")
    df = energy.consumption_by_territory(consumption, communes, "CAVM")
    assert df[["year", "mwh", "points"]].values.tolist() == [[2023, 1900.5, 122.0]]
