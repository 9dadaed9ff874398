"""French formatting of numbers, percentages and units (one place for the whole project).

Thousands are separated by a narrow no-break space (U+202F), decimals by a comma, a
no-break space (U+00A0) stands before a unit, and a negative number takes the minus sign
(U+2212), not the hyphen: ``1 234,5 t``, ``12,3 %``, ``−1,7 %``.
"""

from __future__ import annotations

import math
import re

import pandas as pd

THOUSANDS = "\u202f"
UNIT_SPACE = "\u00a0"
MINUS = "\u2212"

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
    "count/1000 hab": f"pour 1{THOUSANDS}000 hab.",
    "count/1000 hab/an": f"pour 1{THOUSANDS}000 hab. et par an",
    "count/10000 hab": f"pour 10{THOUSANDS}000 hab.",
    "count/10000 logements": f"pour 10{THOUSANDS}000 logements",
}


def fr_number(value: float | None, decimals: int = 0) -> str:
    """``1234.5`` → ``1 234,5`` (narrow no-break space, decimal comma), ``-1.5`` → ``−1,5``
    (minus sign U+2212); missing → ``–``."""
    if value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value)):
        return "–"
    if round(value, decimals) == 0:
        value = 0.0  # never print "-0"
    text = f"{value:,.{decimals}f}"
    return (text.replace(",", "\x00").replace(".", ",").replace("\x00", THOUSANDS)
            .replace("-", MINUS))


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
    """A change with its sign: ``+0,4 %``, ``−1,7 %``."""
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


def fr_points(value: float, decimals: int = 1) -> str:
    """A number of percentage points, singular under 2 (French): « −1,32 point »,
    « 2,50 points »."""
    return fr_count(value, "point", decimals=decimals)


def fr_count(n: float, singular: str, plural: str | None = None, decimals: int = 0) -> str:
    """A count and its noun, joined by a no-break space, the noun plural from 2 (French):
    « 0 commune », « 1 commune secrète », « 2 communes », « 10 000 habitants »,
    « 1,5 an » (``decimals=1``)."""
    return f"{fr_number(n, decimals)}{UNIT_SPACE}{fr_noun(n, singular, plural, decimals)}"


def fr_noun(n: float, singular: str, plural: str | None = None, decimals: int = 0) -> str:
    """The noun alone, agreed with a count (French: singular under 2): for sentences where
    the count is not next to it, « 3 communes … non comptées »."""
    return singular if abs(round(n, decimals)) < 2 else (plural or _plural(singular))


def _plural(words: str) -> str:
    """Plural of a noun and its adjectives (each word takes an « s » unless it ends with
    « s », « x » or « z »): « commune secrète » → « communes secrètes »."""
    return " ".join(w if w[-1:] in "sxz" else w + "s" for w in words.split(" "))


# a hyphen before a digit that does not join two words or numbers (« -50 % », not « 2016-2021 »)
_HYPHEN_MINUS = re.compile(r"(?<![\w\-\u2212.,/])-(?=\d)")
# « 10 000 » : groups of three digits after a number of one to three digits
_THOUSANDS_SPACE = re.compile(r"(?<![\d,.])(\d{1,3})((?: \d{3})+)(?![\d,])")
# « 45 % », « 10 000 habitants »: the space between a number and what it counts
_UNIT_SPACE = re.compile(r"(?<=\d) (?=[%€‰]|[^\W\d_])")


def fr_text(text: str) -> str:
    """French typography of a free text (a label, a sentence, a chart's text): the minus
    sign for a negative number, narrow no-break spaces between thousands and a no-break
    space between a number and its unit or noun (« −50 % », « 10 000 habitants »). A
    quotation between « » is left as the document prints it."""
    return "".join(part if part.startswith("«") else _typeset(part)
                   for part in _QUOTATION.split(text))


_QUOTATION = re.compile(r"(«[^«»]*»)")


def _typeset(text: str) -> str:
    text = _HYPHEN_MINUS.sub(MINUS, text)
    text = _THOUSANDS_SPACE.sub(lambda m: m.group(1) + m.group(2).replace(" ", THOUSANDS),
                                text)
    return _UNIT_SPACE.sub(UNIT_SPACE, text)


def gap_size(gap: float, gap_pct: float, unit: str, decimals: int) -> str:
    """The size of a gap, without its sign, in the figure's own unit, for a sentence
    « écart de … »: ``2,5 points`` for a rate, ``104 t (1,4 %)`` otherwise."""
    if unit == "%":
        points = "point" if abs(round(gap, decimals)) < 2 else "points"
        return f"{fr_number(abs(gap), decimals)}{UNIT_SPACE}{points}"
    return f"{fr_value(abs(gap), unit, decimals)} ({fr_percent(abs(gap_pct))})"


def commune_names(communes: pd.DataFrame) -> str:
    """« Celles (15031), Chalinargues (15035) »: communes (``commune_name``,
    ``commune_code``) named with their code, by code."""
    return ", ".join(f"{r.commune_name} ({r.commune_code})"
                     for r in communes.sort_values("commune_code").itertuples())
