"""French formatting of numbers, percentages and units (analysis.fmt)."""

import math

import pytest

from analysis.core.fmt import (
    fr_count,
    fr_noun,
    fr_number,
    fr_percent,
    fr_points,
    fr_signed_percent,
    fr_text,
    fr_unit,
    fr_value,
)

NNBSP = "\u202f"  # narrow no-break space: thousands separator
NBSP = "\u00a0"  # no-break space: before a unit
MINUS = "\u2212"  # minus sign, never the hyphen


def test_thousands_are_separated_by_a_narrow_no_break_space():
    assert fr_number(1234567) == f"1{NNBSP}234{NNBSP}567"
    assert fr_number(999) == "999"


def test_decimals_are_separated_by_a_comma():
    assert fr_number(1234.5, 1) == f"1{NNBSP}234,5"
    assert fr_number(0.383, 2) == "0,38"
    assert fr_number(-1234.5, 1) == f"{MINUS}1{NNBSP}234,5"


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
    assert fr_signed_percent(-1.7) == f"{MINUS}1,7{NBSP}%"
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


def test_a_negative_number_takes_the_minus_sign_not_the_hyphen():
    assert fr_number(-3) == f"{MINUS}3"
    assert fr_value(-2.5, "t", 1) == f"{MINUS}2,5{NBSP}t"
    assert "-" not in fr_percent(-12.34)


def test_a_count_of_ten_thousand_in_a_unit_uses_the_same_thousands_space_as_numbers():
    assert fr_unit("count/10000 hab") == f"pour 10{NNBSP}000 hab."
    assert fr_unit("count/1000 hab/an") == f"pour 1{NNBSP}000 hab. et par an"


@pytest.mark.parametrize(("n", "expected"), [
    (0, f"0{NBSP}commune secrète"), (1, f"1{NBSP}commune secrète"),
    (2, f"2{NBSP}communes secrètes"), (10000, f"10{NNBSP}000{NBSP}communes secrètes")])
def test_a_count_takes_the_plural_from_two(n, expected):
    assert fr_count(n, "commune secrète") == expected


def test_a_count_keeps_a_noun_that_ends_with_s_or_x_and_takes_an_irregular_plural():
    assert fr_count(3, "fichier national", "fichiers nationaux") == f"3{NBSP}fichiers nationaux"
    assert fr_count(2, "prix") == f"2{NBSP}prix"


def test_a_decimal_count_is_singular_when_it_rounds_under_two():
    assert fr_count(1.94, "an", decimals=1) == f"1,9{NBSP}an"
    assert fr_count(1.96, "an", decimals=1) == f"2,0{NBSP}ans"


def test_a_noun_alone_agrees_with_its_count():
    assert fr_noun(1, "non comptée") == "non comptée"
    assert fr_noun(3, "commune absente") == "communes absentes"
    assert fr_noun(0, "commune absente") == "commune absente"


@pytest.mark.parametrize(("text", "expected"), [
    ("-50 % de 2012", f"{MINUS}50{NBSP}% de 2012"),
    ("pour 10 000 habitants", f"pour 10{NNBSP}000{NBSP}habitants"),
    ("(47,5 ; -0,49)", f"(47,5 ; {MINUS}0,49)"),
    ("2016-2021, l. 823-824", "2016-2021, l. 823-824"),
    ("CO2-e", "CO2-e"),
    ("en 2019 100 communes", f"en 2019 100{NBSP}communes"),
])
def test_free_text_gets_the_minus_sign_and_no_break_spaces(text, expected):
    assert fr_text(text) == expected


def test_a_quotation_keeps_the_document_s_own_typography():
    assert fr_text("Texte : « -15% de déchets » ; -50 % visés") == \
        "Texte : « -15% de déchets » ; \u221250\u00a0% visés"


def test_points_are_singular_under_two():
    assert fr_points(-1.32, 2) == "\u22121,32\u00a0point"
    assert fr_points(2.5, 2) == "2,50\u00a0points"
