"""French formatting of numbers, percentages and units (analysis.fmt)."""

import math

from analysis.core.fmt import fr_number, fr_percent, fr_signed_percent, fr_value

NNBSP = "\u202f"  # narrow no-break space: thousands separator
NBSP = "\u00a0"  # no-break space: before a unit


def test_thousands_are_separated_by_a_narrow_no_break_space():
    assert fr_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fr_number(999) == "999"


def test_decimals_are_separated_by_a_comma():
    assert fr_number(1234.5, 1) == f"1{NNBSP}234,5"
    assert fr_number(0.383, 2) == "0,38"
    assert fr_number(-1234.5, 1) == f"-1{NNBSP}234,5"


def test_a_negative_value_that_rounds_to_zero_is_printed_without_minus():
    assert fr_number(-0.04, 1) == "0,0"
    assert fr_number(-0.4) == "0"
    assert fr_number(-0.0, 2) == "0,00"


def test_a_percentage_has_one_decimal_and_a_no_break_space_before_the_sign():
    assert fr_percent(12.34) == f"12,3{NBSP}%"


def test_a_value_is_printed_with_its_french_unit():
    assert fr_value(100.74, "EUR/hab/an", 2) == f"100,74{NBSP}€/hab./an"
    assert fr_value(142541, "t") == f"142{NNBSP}541{NBSP}t"
    assert fr_value(1.614, "kg/hab/j", 2) == f"1,61{NBSP}kg/hab./j"


def test_a_count_is_printed_without_unit():
    assert fr_value(1443, "count") == f"1{NNBSP}443"


def test_a_signed_percentage_shows_plus_for_a_rise_and_minus_for_a_fall():
    assert fr_signed_percent(0.383) == f"+0,4{NBSP}%"
    assert fr_signed_percent(-1.7) == f"-1,7{NBSP}%"
    assert fr_signed_percent(0) == f"0,0{NBSP}%"


def test_a_rise_that_rounds_to_zero_is_printed_without_plus():
    assert fr_signed_percent(0.04) == f"0,0{NBSP}%"


def test_a_missing_value_is_printed_as_a_dash_without_unit():
    assert fr_number(None) == "–"
    assert fr_number(math.nan, 2) == "–"
    assert fr_value(None, "t") == "–"
    assert fr_value(math.nan, "EUR/hab/an", 2) == "–"
    assert fr_percent(math.nan) == "–"
    assert fr_signed_percent(None) == "–"
