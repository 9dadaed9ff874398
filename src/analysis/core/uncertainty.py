"""Bounds of a recomputed figure from the rounding of its inputs.

A figure printed as ``-1,7 %`` is known to ±0.05 %. A value recomputed from such inputs is
known to an interval, not a point; the audit compares that interval with the published
figure's own rounding interval. Bounds are found by evaluating the formula at every corner
of the box of input intervals, which is exact for formulas monotonic in each input (sums,
ratios and changes of positive quantities, the only ones used here).
"""

from __future__ import annotations

import itertools
from collections.abc import Callable, Mapping
from dataclasses import dataclass

import numpy as np

MAX_UNCERTAIN_INPUTS = 16  # 2**16 corners: still instant for the small formulas used here
# units of things counted one by one: « 211 logements » printed to the unit is exactly 211,
# not 210.5 to 211.5 (a sum of such counts is exact too)
COUNT_UNITS = ("count", "hab")


@dataclass(frozen=True)
class Estimate:
    """A value with its lower and upper bounds."""

    value: float
    low: float
    high: float

    @classmethod
    def exact(cls, value: float) -> Estimate:
        return cls(float(value), float(value), float(value))

    @classmethod
    def rounded(cls, value: float, precision: float, unit: str = "") -> Estimate:
        """A value printed to ``precision`` (place value of its last digit): ± half of it;
        a count printed to the unit (``unit`` in :data:`COUNT_UNITS`) is exact."""
        if unit in COUNT_UNITS and precision <= 1 and float(value).is_integer():
            return cls.exact(value)
        half = precision / 2
        return cls(float(value), float(value) - half, float(value) + half)

    @classmethod
    def of_row(cls, row) -> Estimate:
        """The printed value of a row of a data table (``value``, ``precision``, ``unit``)."""
        return cls.rounded(row["value"], row["precision"], row["unit"])


    @property
    def half_width(self) -> float:
        return (self.high - self.low) / 2

    def scaled(self, factor: float) -> Estimate:
        """The estimate times a positive exact factor."""
        return Estimate(self.value * factor, self.low * factor, self.high * factor)


def divide(numerator: Estimate, denominator: Estimate) -> Estimate:
    """``numerator / denominator`` with bounds (both assumed positive)."""
    value = numerator.value / denominator.value
    corners = [n / d for n in (numerator.low, numerator.high)
               for d in (denominator.low, denominator.high)]
    return Estimate(value, min(corners + [value]), max(corners + [value]))


Input = tuple[np.ndarray | float, np.ndarray | float]  # (value, half width)


def propagate(func: Callable[..., float], inputs: Mapping[str, Input]) -> Estimate:
    """Evaluate ``func(**values)`` and its bounds over the box of input intervals.

    Parameters
    ----------
    func
        A formula taking the inputs as keyword arguments (scalars or 1-D arrays).
    inputs
        ``name -> (value, half_width)``; arrays are bounded element by element.

    Raises
    ------
    ValueError
        If more than ``MAX_UNCERTAIN_INPUTS`` scalar inputs carry an uncertainty.
    """
    centre = {k: np.asarray(v, dtype=float) for k, (v, _) in inputs.items()}
    widths = {
        k: np.broadcast_to(np.asarray(w, dtype=float), centre[k].shape)
        for k, (_, w) in inputs.items()
    }
    uncertain = [
        (name, index)
        for name, width in widths.items()
        for index in np.ndindex(width.shape)
        if width[index] > 0
    ]
    if len(uncertain) > MAX_UNCERTAIN_INPUTS:
        raise ValueError(
            f"{len(uncertain)} entrées incertaines : au plus {MAX_UNCERTAIN_INPUTS} possibles"
        )
    value = float(func(**centre))
    low = high = value
    for signs in itertools.product((-1.0, 1.0), repeat=len(uncertain)):
        corner = {k: v.copy() for k, v in centre.items()}
        for sign, (name, index) in zip(signs, uncertain, strict=True):
            corner[name][index] += sign * widths[name][index]
        result = float(func(**corner))
        low, high = min(low, result), max(high, result)
    return Estimate(value, low, high)


def sum_estimates(estimates: list[Estimate]) -> Estimate:
    """Sum of estimates: values, lows and highs add up."""
    return Estimate(
        sum(e.value for e in estimates),
        sum(e.low for e in estimates),
        sum(e.high for e in estimates),
    )


def ratio_pct(part: Estimate, whole: Estimate) -> Estimate:
    """``100 × part / whole`` with bounds (both positive)."""
    return divide(part, whole).scaled(100)


def change_pct(current: Estimate, reference: Estimate) -> Estimate:
    """Relative change from ``reference`` to ``current``, in percent, with bounds."""
    ratio = ratio_pct(current, reference)
    return Estimate(ratio.value - 100, ratio.low - 100, ratio.high - 100)
