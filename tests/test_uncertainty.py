"""Bounds of recomputed figures from the rounding of their inputs (analysis.uncertainty)."""

import numpy as np
import pytest

from analysis.core.uncertainty import MAX_UNCERTAIN_INPUTS, Estimate, divide, propagate


def test_a_printed_value_is_known_to_half_its_last_digit():
    estimate = Estimate.rounded(-1.7, 0.1)  # "-1,7 %" as printed

    assert estimate.value == -1.7
    assert estimate.low == pytest.approx(-1.75)
    assert estimate.high == pytest.approx(-1.65)
    assert estimate.half_width == pytest.approx(0.05)
    whole = Estimate.rounded(7071, 1)
    assert (whole.low, whole.value, whole.high) == (7070.5, 7071.0, 7071.5)


def test_scaling_multiplies_the_value_and_both_bounds():
    # synthetic values
    scaled = Estimate(10.0, 9.0, 12.0).scaled(3)

    assert (scaled.value, scaled.low, scaled.high) == pytest.approx((30.0, 27.0, 36.0))


def test_divide_takes_the_extreme_ratios_of_the_two_intervals():
    # synthetic values: 100 ± 1 divided by 4 ± 0.1
    result = divide(Estimate.rounded(100, 2), Estimate.rounded(4, 0.2))

    assert result.value == pytest.approx(25.0)
    assert result.low == pytest.approx(99 / 4.1)
    assert result.high == pytest.approx(101 / 3.9)


def test_divide_keeps_the_bounds_of_an_off_centre_estimate():
    # synthetic values: 10 known to lie in [9, 12]; divided by exactly 2 → [4.5, 6]
    result = divide(Estimate(10.0, 9.0, 12.0), Estimate.exact(2))

    assert (result.low, result.high) == pytest.approx((4.5, 6.0))


def test_propagate_bounds_a_sum_by_adding_the_half_widths():
    # synthetic values
    result = propagate(lambda t: t.sum(),
                       {"t": (np.array([10.0, 20.0, 30.0]), np.array([0.5, 0.5, 1.0]))})

    assert result.value == pytest.approx(60.0)
    assert result.low == pytest.approx(58.0)
    assert result.high == pytest.approx(62.0)


def test_propagate_bounds_a_ratio_by_low_over_high_and_high_over_low():
    # synthetic values: a in [5.5, 6.5], b in [1.9, 2.1]
    result = propagate(lambda a, b: a / b, {"a": (6.0, 0.5), "b": (2.0, 0.1)})

    assert result.value == pytest.approx(3.0)
    assert result.low == pytest.approx(5.5 / 2.1)
    assert result.high == pytest.approx(6.5 / 1.9)


def test_propagate_finds_hand_computed_bounds_of_a_two_input_monotone_formula():
    # synthetic values: f(a, c) = a² / (1 + c), a in [2.9, 3.1] (increasing), c in [0.95, 1.05]
    # (decreasing): low at (2.9, 1.05), high at (3.1, 0.95)
    result = propagate(lambda a, c: a**2 / (1 + c), {"a": (3.0, 0.1), "c": (1.0, 0.05)})

    assert result.value == pytest.approx(9 / 2)
    assert result.low == pytest.approx(2.9**2 / 2.05)
    assert result.high == pytest.approx(3.1**2 / 1.95)


def test_propagate_accepts_exactly_the_maximum_number_of_uncertain_inputs():
    # synthetic values
    n = MAX_UNCERTAIN_INPUTS
    result = propagate(lambda t: t.sum(), {"t": (np.ones(n), np.full(n, 0.5))})

    assert (result.low, result.high) == pytest.approx((n - n * 0.5, n + n * 0.5))


def test_propagate_refuses_one_uncertain_input_more_than_the_maximum():
    n = MAX_UNCERTAIN_INPUTS + 1
    with pytest.raises(ValueError) as info:
        propagate(lambda t: t.sum(), {"t": (np.ones(n), np.full(n, 0.5))})

    assert str(info.value) == f"{n} entrées incertaines : au plus {MAX_UNCERTAIN_INPUTS} possibles"


def test_exact_inputs_are_held_at_their_value_and_do_not_count_towards_the_limit():
    # synthetic values: 40 entries, only 3 of them uncertain
    widths = np.zeros(40)
    widths[:3] = 1.0
    result = propagate(lambda t: t.sum(), {"t": (np.ones(40), widths)})

    assert (result.low, result.value, result.high) == pytest.approx((37.0, 40.0, 43.0))
