"""French formatting of numbers, percentages and units (one place for the whole project).

Thousands are separated by a narrow no-break space (U+202F), decimals by a comma, and a
no-break space (U+00A0) stands before a unit: ``1 234,5 t``, ``12,3 %``.
"""

from __future__ import annotations

import math

import pandas as pd

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
    "year": "ans",
    "km": "km",
    "km/an": "km/an",
    "EUR/logement": "€/logement",
    "EUR/trajet": "€/trajet",
    "EUR/UC/an": "€ par unité de consommation et par an",
    "EUR/an": "€/an",
    "min": "min",
    "vehicles": "",
    "m2": "m²",
    "EUR/m2/mois": "€/m² par mois",
    "kWh/m2": "kWh/m²",
    "Wc/m2": "Wc/m²",
    "kWh/hab/an": "kWh/hab./an",
    "MWh/hab": "MWh/hab.",
    "t CO2e": "t CO₂e",
    "t CO2": "t CO₂",
    "t CO2/voiture/an": "t CO₂/voiture/an",
    "rang": "",  # the label says « rang » : « Rang régional … : 2 »
    "t CO2e/voiture/an": "t CO₂e/voiture/an",
    "pts/an": "points/an",
    "ratio": "",
    # units the documents print as such (their code is already the French symbol)
    "%/an": "%/an",
    "GWh": "GWh",
    "kWh": "kWh",
    "MW": "MW",
    "kWc": "kWc",
    "kWh/kWc": "kWh/kWc",
    "kWh/panneau": "kWh/panneau",
    "Wc/panneau": "Wc/panneau",
    "ha": "ha",
    # ratios of counts: the unit says what the count is divided by
    "count/an": "par an",
    "count/attribution": "par attribution",
    "count/commune": "par commune",
    "count/1000 hab": "pour 1\u00a0000 hab.",
    "count/1000 hab/an": "pour 1\u00a0000 hab. et par an",
    "count/10000 hab": "pour 10\u00a0000 hab.",
    "count/10000 logements": "pour 10\u00a0000 logements",
}


def fr_number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234,5`` (narrow no-break space, decimal comma); missing → ``–``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if round(value, decimals) == 0:
        value = 0.0  # never print "-0"
    text = f"{value:,.{decimals}f}"
    return text.replace(",", "\x00").replace(".", ",").replace("\x00", THOUSANDS)


def fr_unit(unit: str) -> str:
    """French label of a unit code of the data files (``EUR/hab/an`` → ``€/hab./an``); a
    yearly unit not listed is its base unit per year (``t CO2e/an`` → ``t CO₂e/an``)."""
    if unit in UNIT_LABELS:
        return UNIT_LABELS[unit]
    if unit.endswith("/an") and unit[:-3] in UNIT_LABELS:
        base = UNIT_LABELS[unit[:-3]]
        return f"{base}/an" if base else "par an"
    return unit


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
    sign = "+" if round(value, decimals) > 0 else ""
    return sign + fr_percent(value, decimals)


def fr_range(low: float, high: float, unit: str, decimals: int = 0) -> str:
    """An interval: ``236 681 – 251 951 hab.``."""
    return f"{fr_number(low, decimals)} – {fr_value(high, unit, decimals)}"


def printed_decimals(precision: float) -> int:
    """Decimals a document printed a figure with, from its ``precision`` (place value of the
    last printed digit): 0.01 → 2 (« 7,45 % »), 0.1 → 1, 1 or more → 0 (« 7 % »)."""
    if not precision or precision >= 1:
        return 0
    return max(0, -math.floor(math.log10(precision) + 1e-9))


def shows_interval(low: float, high: float, decimals: int) -> bool:
    """Whether a computed figure's interval says something at the decimals it is shown
    with: « entre 50,5 et 50,5 » does not."""
    return round(low, decimals) != round(high, decimals)


def gap_text(gap: float, gap_pct: float, unit: str, decimals: int) -> str:
    """The size of a gap in the figure's own unit: points for a rate, else the unit and the
    relative gap."""
    if unit == "%":
        points = "point" if abs(round(gap, decimals)) < 2 else "points"
        return f"{'+' if gap > 0 else ''}{fr_number(gap, decimals)} {points}"
    return f"{'+' if gap > 0 else ''}{fr_value(gap, unit, decimals)} " \
           f"({fr_signed_percent(gap_pct)})"
