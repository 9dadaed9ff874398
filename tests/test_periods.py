"""Unit tests of analysis.periods; expected values are worked out by hand in each test."""

from __future__ import annotations

import pytest

from analysis.core import periods
from analysis.core.uncertainty import Estimate, change_pct, ratio_pct


@pytest.mark.parametrize("period, expected", [
    ("2016-2018", (2016, 2018)), ("2020", (2020, 2020)), ("01/01/2020", (2020, 2020)),
    ("2024-2029", (2024, 2029)), ("", None), ("6 ans", None), ("depuis 2013", (2013, 2013)),
])
def test_period_years(period, expected):
    assert periods.period_years(period) == expected


def test_annual_pace_divides_by_the_years_of_the_period_both_ends_included():
    pace = periods.annual_pace(Estimate.rounded(763, 1), "2016-2018")
    assert pace.value == pytest.approx(763 / 3)
    assert (pace.low, pace.high) == pytest.approx((762.5 / 3, 763.5 / 3))
    assert periods.annual_pace(Estimate.exact(361), "2020").value == 361


def test_annual_pace_needs_a_year():
    with pytest.raises(ValueError, match="période sans année : 'non précisée'"):
        periods.annual_pace(Estimate.exact(1), "non précisée")


def test_required_pace_spreads_a_cumulative_target_over_its_years():
    assert periods.required_pace(Estimate.exact(6500), 2021, 2030).value == 650
    assert periods.required_pace(Estimate.exact(4680), 2024, 2029).value == 780
    with pytest.raises(ValueError, match="période vide : 2030-2021"):
        periods.required_pace(Estimate.exact(1), 2030, 2021)


def test_ratio_pct_and_change_pct_carry_the_rounding_of_both_inputs():
    share = ratio_pct(Estimate.rounded(300, 1), Estimate.exact(600))
    assert (share.value, share.low, share.high) == pytest.approx((50, 299.5 / 6, 300.5 / 6))
    # "plus de 300" then "plus de 600" grants: +100 %, within the rounding of both counts
    growth = change_pct(Estimate.rounded(600, 1), Estimate.rounded(300, 1))
    assert growth.value == pytest.approx(100)
    assert (growth.low, growth.high) == pytest.approx((100 * 599.5 / 300.5 - 100,
                                                       100 * 600.5 / 299.5 - 100))


@pytest.mark.parametrize("report_year, target_year, base_year, expected", [
    (2019, 2021, None, 2020),  # the year after the report
    (2021, 2022, None, 2022),
    (2021, 2021, None, 2021),  # never after the target
    (2021, 2022, 2015, 2015),  # a stated base year wins
])
def test_start_of_remaining_work(report_year, target_year, base_year, expected):
    assert periods.start_of_remaining_work(report_year, target_year, base_year) == expected
