"""Tables of the pages: a section's figures, or any rows of text, through one Jinja macro
(``templates/table.html.j2``) that escapes every cell: a CSV can never put markup in a page.

Every table scrolls in its own box on a narrow screen (``div.table-scroll``); its sources are
numbered notes listed once under it (:mod:`analysis.display.notes`); a table of more than
:data:`FOLD_ROWS` rows is folded (``<details>``), its summary saying how many rows it has."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd
from IPython.display import HTML
from jinja2 import Environment, FileSystemLoader, select_autoescape
from markupsafe import Markup, escape

from analysis.core.fmt import fr_number, fr_value, gap_text, printed_decimals, shows_interval
from analysis.core.statuses import CHECK_LABELS, STATUS_LABELS, VERIFIED
from analysis.display.notes import Notes

TEMPLATES_DIR = Path(__file__).parent / "templates"
FIGURE_HEADERS = {"value": "Valeur", "published": "Comparé à", "status": "Vérification",
                  "source": "Source", "note": "Remarque"}
ALL_COLUMNS = ("value", "published", "status", "source", "note")
# a table of more rows than this is folded: the page shows its summary line, the reader opens it
FOLD_ROWS = 12
SOURCE_HEADER = "Source"


@functools.cache
def _macro():
    env = Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                      autoescape=select_autoescape(["html", "j2"]))
    return env.get_template("table.html.j2").module.table


def fold_summary(n_rows: int, label: str = "Le tableau en détail") -> str:
    """The summary line of a folded table (« Le tableau en détail (35 lignes) »: on paper it
    is followed by « tableau complet dans les téléchargements »), or ``""``
    when the table is short enough to be shown open."""
    return f"{label} ({fr_number(n_rows)} lignes)" if n_rows > FOLD_ROWS else ""


def render_table(columns: list[str], rows: list[dict], css_class: str = "figures",
                 notes: Notes | None = None, summary: str | None = None,
                 fold_class: str = "long-table") -> str:
    """``rows``: ``{"cells": [...], "id": figure_id or ""}``; cells are text (escaped) or
    :class:`~markupsafe.Markup` built from escaped pieces. ``notes``: listed under the
    table. ``summary``: fold the table under this line; by default, a table of more than
    :data:`FOLD_ROWS` rows is folded under « Le tableau en détail (N lignes) »."""
    if summary is None:
        summary = fold_summary(len(rows))
    return str(_macro()(columns, rows, css_class, Markup(notes.html()) if notes else "",
                        summary, fold_class))


def html_table(columns: list[str], rows: list[list], css_class: str = "figures") -> HTML:
    """An accessible table of text: ``columns`` are headers, each row's first cell is the
    row's header. A column headed « Source » cites numbered notes listed under the table."""
    cells = [[str(c) for c in r] for r in rows]
    notes = None
    if SOURCE_HEADER in columns:
        at = columns.index(SOURCE_HEADER)
        notes = Notes.of(r[at] for r in cells)
        for r in cells:
            r[at] = notes.cite(r[at])
    return HTML(render_table(columns, [{"cells": r, "id": ""} for r in cells], css_class,
                             notes))


def figures_table(df_figures: pd.DataFrame,
                  columns: tuple[str, ...] = ("value", "published", "status", "source"),
                  summary: str | None = None, fold_class: str = "long-table") -> HTML:
    """Rows of a figures record as a French table. Columns available: ``value`` (with its
    bounds when computed and they say something), ``published`` (what it was compared
    with), ``status``, ``source`` (numbered notes under the table), ``note``. ``summary``
    and ``fold_class``: as :func:`render_table`."""
    if df_figures.empty:
        return HTML("<p><em>Aucune donnée publiée pour ces indicateurs.</em></p>")
    notes = (Notes.of(_cited(df_figures)) if "source" in columns else None)
    rows = [{"cells": [_label(r), *(_cell(r, c, notes) for c in columns)],
             "id": getattr(r, "figure_id", "")} for r in df_figures.itertuples()]
    if summary is None:
        summary = fold_summary(len(rows), "Les chiffres en détail")
    return HTML(render_table(["Indicateur", *(FIGURE_HEADERS[c] for c in columns)], rows,
                             notes=notes, summary=summary, fold_class=fold_class))


def all_figures_table(df_figures: pd.DataFrame) -> HTML:
    """Every figure of a page with every column, always folded (« Tous les chiffres de la
    section (160 lignes) »): the same rows are in the downloads."""
    summary = f"Tous les chiffres de la section ({fr_number(len(df_figures))} lignes)"
    return figures_table(df_figures, ALL_COLUMNS, summary=summary,
                         fold_class="long-table all-figures")


def _cited(df_figures: pd.DataFrame) -> list:
    """Every citation a figures table shows, in the order of its rows: the figure's source,
    and the source of what it was compared with when that is another one."""
    cited = []
    for r in df_figures.itertuples():
        cited.append(r.source)
        if _shows_published_source(r):
            cited.append(r.published_source)
    return cited


def _shows_published_source(r) -> bool:
    published = getattr(r, "published_source", "")
    return bool(r.status in VERIFIED and isinstance(published, str) and published
                and published != r.source)


def _label(r) -> Markup:
    period = getattr(r, "period", "")
    return escape(r.label) + (Markup(" <small>({})</small>").format(period)
                              if isinstance(period, str) and period else "")


def _cell(r, column: str, notes: Notes | None = None):
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
        source = escape(notes.cite(r.source))
        if _shows_published_source(r):
            source += Markup("<br><small>comparé à : {}</small>").format(
                notes.cite(r.published_source))
        return source
    return r.note or ""


def _printed_decimals(row) -> int:
    """Decimals to print a published value with: as many as it was printed with (an exact
    count, printed to the unit, has none)."""
    if row.published_low != row.published_low:
        return int(row.decimals)
    precision = row.published_high - row.published_low
    return printed_decimals(precision) if precision > 0 else 0
