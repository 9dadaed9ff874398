"""Tables of the pages: a section's figures, or any rows of text, through one Jinja macro
(``templates/table.html.j2``) that escapes every cell: a CSV can never put markup in a page."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from analysis.core.fmt import fr_number, fr_value, gap_text, printed_decimals, shows_interval
from analysis.core.statuses import CHECK_LABELS, STATUS_LABELS, VERIFIED

TEMPLATES_DIR = Path(__file__).parent / "templates"
FIGURE_HEADERS = {"value": "Valeur", "published": "Comparé à", "status": "Vérification",
                  "source": "Source", "note": "Remarque"}


@functools.cache
def _macro():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("table.html.j2").module.table


def render_table(columns: list[str], rows: list[dict], css_class: str = "figures") -> str:
    """``rows``: ``{"cells": [...], "id": figure_id or ""}``; cells are text (escaped) or
    :class:`~markupsafe.Markup` built from escaped pieces."""
    return str(_macro()(columns, rows, css_class))


def html_table(columns: list[str], rows: list[list], css_class: str = "figures") -> HTML:
    """An accessible table of text: ``columns`` are headers, each row's first cell is the
    row's header."""
    return HTML(render_table(columns, [{"cells": [str(c) for c in r], "id": ""} for r in rows],
                             css_class))


def figures_table(df_figures: pd.DataFrame,
                  columns: tuple[str, ...] = ("value", "published", "status", "source")) -> HTML:
    """Rows of a figures record as a French table. Columns available: ``value`` (with its
    bounds when computed and they say something), ``published`` (what it was compared
    with), ``status``, ``source``, ``note``."""
    if df_figures.empty:
        return HTML("<p><em>Aucune donnée publiée pour ces indicateurs.</em></p>")
    rows = [{"cells": [_label(r), *(_cell(r, c) for c in columns)],
             "id": getattr(r, "figure_id", "")} for r in df_figures.itertuples()]
    return HTML(render_table(["Indicateur", *(FIGURE_HEADERS[c] for c in columns)], rows))


def _label(r) -> Markup:
    period = getattr(r, "period", "")
    return escape(r.label) + (Markup(" <small>({})</small>").format(period)
                              if isinstance(period, str) and period else "")


def _cell(r, column: str):
    decimals = int(r.decimals)
    compared = r.status in VERIFIED
    if column == "value":
        value = escape(fr_value(r.value, r.unit, decimals))
        if r.kind == "computed" and shows_interval(r.low, r.high, decimals + 1):
            value += Markup("<br><small>({} – {})</small>").format(
                fr_number(r.low, decimals + 1), fr_number(r.high, decimals + 1))
        return value
    if column == "published":
        return fr_value(r.published_value, r.unit, _printed_decimals(r)) if compared else ""
    if column == "status":
        status = Markup('<span class="status-{}">{}</span>').format(r.status,
                                                                    STATUS_LABELS[r.status])
        if compared and getattr(r, "check", ""):
            status += Markup("<br><small>{}</small>").format(CHECK_LABELS[r.check])
        if r.status == "mismatch":
            status += Markup("<br><small>écart {}</small>").format(
                gap_text(r.gap, r.gap_pct, r.unit, decimals))
        return status
    if column == "source":
        source = escape(r.source)
        if compared and r.published_source and r.published_source != r.source:
            source += Markup("<br><small>comparé à : {}</small>").format(r.published_source)
        return source
    return r.note or ""


def _printed_decimals(row) -> int:
    """Decimals to print a published value with: as many as it was printed with (an exact
    count, printed to the unit, has none)."""
    if row.published_low != row.published_low:
        return int(row.decimals)
    precision = row.published_high - row.published_low
    return printed_decimals(precision) if precision > 0 else 0
