"""French formatting of numbers, percentages and units (one place for the whole project).

Thousands are separated by a narrow no-break space (U+202F), decimals by a comma, and a
no-break space (U+00A0) stands before a unit: ``1 234,5 t``, ``12,3 %``.
"""

from __future__ import annotations

import math

THOUSANDS = "\u202f"
UNIT_SPACE = "\u00a0"

UNIT_LABELS = {
    "t": "t",
    "EUR": "€",
    "EUR/t": "€/t",
    "EUR/hab/an": "€/hab./an",
    "kg/hab/an": "kg/hab./an",
    "kg/hab/j": "kg/hab./j",
    "%": "%",
    "pts": "points",
    "count": "",
    "MWh": "MWh",
    "hab": "hab.",
    "years": "ans",
}


def fr_number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234,5`` (narrow no-break space, decimal comma); missing → ``–``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if round(value, decimals) == 0:
        value = 0.0  # never print "-0"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", THOUSANDS)


def fr_unit(unit: str) -> str:
    """French label of a unit code of the data files (``EUR/hab/an`` → ``€/hab./an``)."""
    return UNIT_LABELS.get(unit, unit)


def fr_value(value: float | None, unit: str, decimals: int = 0) -> str:
    """A number with its French unit: ``fr_value(12.34, "%", 1)`` → ``12,3 %``."""
    number = fr_number(value, decimals)
    label = fr_unit(unit)
    return f"{number}{UNIT_SPACE}{label}" if label and number != "–" else number


def fr_percent(value: float | None, decimals: int = 1) -> str:
    """``12.34`` (already in percent) → ``12,3 %``."""
    return fr_value(value, "%", decimals)


def fr_signed_percent(value: float | None, decimals: int = 1) -> str:
    """A change with its sign: ``+0,4 %``, ``-1,7 %``."""
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "–"
    sign = "+" if value > 0 else ""
    return sign + fr_percent(value, decimals)


def fr_range(low: float, high: float, unit: str, decimals: int = 0) -> str:
    """An interval: ``236 681 – 251 951 hab.``."""
    return f"{fr_number(low, decimals)} – {fr_value(high, unit, decimals)}"
