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


def figures_table(
    df_figures, columns: tuple[str, ...] = ("value", "published", "status", "source")
):
    """French HTML table of figures-record rows, for display in a notebook.

    Columns available: ``value`` (with bounds if computed), ``published``, ``status``,
    ``source``, ``note``.
    """
    from html import escape

    from IPython.display import HTML

    from analysis.figures.record import CHECK_LABELS, STATUS_LABELS, gap_text, shows_interval

    if df_figures.empty:
        return HTML("<p><em>Aucune donnée publiée pour ces indicateurs.</em></p>")
    headers = {
        "value": "Valeur",
        "published": "Comparé à",
        "status": "Vérification",
        "source": "Source",
        "note": "Remarque",
    }
    rows = []
    for r in df_figures.itertuples():
        decimals = int(r.decimals)
        value = fr_value(r.value, r.unit, decimals)
        if r.kind == "computed" and shows_interval(r.low, r.high, decimals + 1):
            value += (
                f"<br><small>({fr_number(r.low, decimals + 1)} – "
                f"{fr_number(r.high, decimals + 1)})</small>"
            )
        compared = r.status in ("match", "mismatch")
        published = (fr_value(r.published_value, r.unit, _printed_decimals(r)) if compared
                     else "")
        status = f'<span class="status-{r.status}">{STATUS_LABELS[r.status]}</span>'
        if compared and getattr(r, "check", ""):
            status += f"<br><small>{CHECK_LABELS[r.check]}</small>"
        if r.status == "mismatch":
            status += f"<br><small>écart {gap_text(r.gap, r.gap_pct, r.unit, decimals)}</small>"
        source = escape(r.source)
        if compared and r.published_source and r.published_source != r.source:
            source += f"<br><small>comparé à : {escape(r.published_source)}</small>"
        cells = {
            "value": value,
            "published": published,
            "status": status,
            "source": source,
            "note": escape(r.note or ""),
        }
        period = getattr(r, "period", "")
        label = escape(r.label) + (
            f" <small>({escape(str(period))})</small>" if isinstance(period, str) and period else ""
        )
        figure_id = getattr(r, "figure_id", "")
        rows.append(
            (f'<tr data-figure-id="{escape(figure_id)}">' if figure_id else "<tr>")
            + '<th scope="row">'
            + label
            + "</th>"
            + "".join(f"<td>{cells[c]}</td>" for c in columns)
            + "</tr>"
        )
    head = (
        '<tr><th scope="col">Indicateur</th>'
        + "".join(f'<th scope="col">{headers[c]}</th>' for c in columns)
        + "</tr>"
    )
    return HTML(
        f'<table class="figures"><thead>{head}</thead><tbody>{"".join(rows)}</tbody></table>'
    )


def _printed_decimals(row) -> int:
    """Decimals to print a published value with: as many as it was printed with (an exact
    count, printed to the unit, has none)."""
    from analysis.figures.record import printed_decimals

    if row.published_low != row.published_low:
        return int(row.decimals)
    precision = row.published_high - row.published_low
    return printed_decimals(precision) if precision > 0 else 0
