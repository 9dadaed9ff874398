"""The export for spreadsheet users: ``figures.xlsx`` and ``figures_fr.csv``.

The same rows as ``figures.csv`` (:mod:`analysis.figures.export`), with French headers,
French unit and audit labels, and numbers kept as numbers:

- ``figures.xlsx``: a « Lisez-moi » sheet, then one sheet per section (its French label),
  a frozen and filtered header row, numbers shown with the report's decimals but stored as
  computed;
- ``figures_fr.csv``: what French Excel opens by a double click, ``;``-separated, UTF-8 with
  a byte order mark, decimal comma, one extra « section » column.

Both are written atomically and are byte-identical for the same figures: the workbook's
dates (its properties and its zip entries) are ``SOURCE_DATE_EPOCH`` when it is set, else a
constant, never the time of the build.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.xml.functions import tostring

from analysis.core.fmt import fr_unit
from analysis.core.paths import write_atomic
from analysis.core.specs import section_specs
from analysis.core.stamp import source_date_epoch_time
from analysis.core.statuses import CHECK_LABELS, CHECK_MEANINGS, STATUS_LABELS, STATUS_MEANINGS

EXPORT_XLSX = "figures.xlsx"
EXPORT_FR_CSV = "figures_fr.csv"
README_SHEET = "Lisez-moi"
CORE_PROPERTIES = "docProps/core.xml"  # the workbook's creation and modification dates

# export column → French header, in the order of the workbook's columns
FRENCH_HEADERS = {
    "territory": "territoire",
    "year": "année",
    "period": "période",
    "label": "indicateur (libellé)",
    "breakdown": "ventilation",
    "value": "valeur",
    "unit": "unité",
    "low": "borne basse",
    "high": "borne haute",
    "source": "source",
    "status": "statut de l'audit",
    "check": "vérification",
    "published_value": "chiffre publié",
    "gap": "écart",
    "note": "note",
    "figure_id": "identifiant du chiffre",
}
SECTION_HEADER = "section"  # the French CSV's extra column (the workbook has a sheet each)
# numbers shown with the figure's own decimals (the published value: as printed)
DECIMAL_COLUMNS = ("value", "low", "high", "gap")
NUMBER_COLUMNS = ("year", "value", "low", "high", "published_value", "gap")
MIN_WIDTH, MAX_WIDTH = 8, 60
# the zip format's earliest date: the workbook's date when SOURCE_DATE_EPOCH is not set
DEFAULT_DATE = dt.datetime(1980, 1, 1)
README_HEADINGS = ("Valeurs", "Unités", "Sources", "Statut de l'audit",
                   "Vérification (pour un chiffre comparé)")
_SHEET_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def build_date(environ: dict | None = None) -> dt.datetime:
    """The date written into the workbook: ``SOURCE_DATE_EPOCH`` (seconds, UTC) when it is
    set, else :data:`DEFAULT_DATE`; never before 1980 (a zip file cannot say it).

    Raises
    ------
    ValueError
        If ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.
    """
    date = source_date_epoch_time(environ)
    return DEFAULT_DATE if date is None else max(date, DEFAULT_DATE)


def _missing(value) -> bool:
    return value is None or value is pd.NA or (isinstance(value, float) and math.isnan(value))


def french_table(df: pd.DataFrame) -> pd.DataFrame:
    """The export's rows with French headers (:data:`FRENCH_HEADERS`), French units and
    audit labels; numbers stay numbers, a missing number stays missing (NaN)."""
    out = df.reindex(columns=list(FRENCH_HEADERS)).copy()
    out["unit"] = out["unit"].fillna("").map(fr_unit)
    out["status"] = out["status"].fillna("").map(lambda s: STATUS_LABELS.get(s, s))
    out["check"] = out["check"].fillna("").map(lambda c: CHECK_LABELS.get(c, c))
    return out.rename(columns=FRENCH_HEADERS).reset_index(drop=True)


def section_sheets(df: pd.DataFrame) -> list[tuple[str, str]]:
    """``(section name, sheet name)`` of the sections the export holds, in report order (a
    section no ``section.toml`` declares comes last, under its own name)."""
    specs = section_specs()
    present = set(df["section"].dropna())
    known = [name for name in specs if name in present]
    names = known + sorted(present - set(known))
    return [(name, sheet_name(specs[name].label if name in specs else name))
            for name in names]


def sheet_name(label: str) -> str:
    """A section label as an Excel sheet name: at most 31 characters, none of ``[]:*?/\\``."""
    return _SHEET_FORBIDDEN.sub("-", label)[:31] or "Section"


def _readme_lines(sheets: list[tuple[str, str, int]]) -> list[str]:
    """The text of the « Lisez-moi » sheet, one cell per line (sheets: name, rows)."""
    lines = ["Chiffres du rapport de développement durable des agglomérations", ""]
    if sheets:
        lines += ["Ce classeur contient tous les chiffres montrés dans les pages du rapport, "
                  "une feuille par section, une ligne par chiffre :"]
        lines += [f"  « {sheet} » : {rows} chiffre{'s' if rows > 1 else ''}"
                  for sheet, rows in sheets]
    else:
        lines += ["Aucun chiffre : aucune section du rapport n'a encore été construite."]
    lines += [
        "", "Valeurs",
        "Chaque valeur est enregistrée telle que calculée, sans arrondi : l'affichage suit le "
        "nombre de décimales du rapport, la cellule garde le nombre complet. Les bornes "
        "encadrent la valeur compte tenu des arrondis des chiffres dont elle est tirée.",
        "", "Unités",
        "La colonne « unité » donne l'unité de la valeur, des bornes et du chiffre publié. "
        "L'écart est exprimé dans l'unité du chiffre : en points pour un taux.",
        "", "Sources",
        "Chaque ligne cite son origine : le document (éditeur, titre, page ou tableau) pour "
        "un chiffre relevé, les chiffres dont il est tiré pour un chiffre calculé.",
        "", "Statut de l'audit",
    ]
    lines += [f"  {STATUS_LABELS[s]} : {STATUS_MEANINGS[s]}." for s in STATUS_LABELS]
    lines += ["", "Vérification (pour un chiffre comparé)"]
    lines += [f"  {CHECK_LABELS[c]} : {CHECK_MEANINGS[c]}." for c in CHECK_LABELS]
    lines += ["", "Les mêmes chiffres sont téléchargeables depuis l'index du rapport en CSV "
              "(pour Excel en français : séparateur point-virgule, virgule décimale) et en "
              "JSON."]
    return lines


def _write_readme(ws, sheets: list[tuple[str, str, int]]) -> None:
    for row, line in enumerate(_readme_lines(sheets), start=1):
        cell = ws.cell(row=row, column=1, value=line)
        cell.data_type = "s"  # text, even if it began with « = »
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        if line in README_HEADINGS:
            cell.font = Font(bold=True)
    ws["A1"].font = Font(bold=True, size=14)
    ws.column_dimensions["A"].width = 110


def _number_format(decimals) -> str:
    if _missing(decimals):
        return "General"
    return "#,##0" + ("." + "0" * int(decimals) if int(decimals) > 0 else "")


def _write_cell(ws, row: int, column: int, name: str, value, decimals) -> int:
    """One cell: a number as a number (with the figure's decimals), a text as a text.
    Returns the width its content asks for."""
    if _missing(value):
        return 0
    if name in NUMBER_COLUMNS:
        number = int(value) if name == "year" else float(value)
        cell = ws.cell(row=row, column=column, value=number)
        if name in DECIMAL_COLUMNS:
            cell.number_format = _number_format(decimals)
        return len(f"{number:,.{0 if _missing(decimals) else int(decimals)}f}")
    cell = ws.cell(row=row, column=column, value=str(value))
    cell.data_type = "s"  # a text that begins with « = » is no formula
    return len(str(value))


def _write_section(ws, rows: pd.DataFrame) -> None:
    """A section's sheet: French headers, one row per figure, frozen and filtered header."""
    names = list(FRENCH_HEADERS)
    widths = [len(FRENCH_HEADERS[n]) + 2 for n in names]  # room for the filter button
    for column, name in enumerate(names, start=1):
        ws.cell(row=1, column=column, value=FRENCH_HEADERS[name]).font = Font(bold=True)
    french = french_table(rows)
    for row, (record, decimals) in enumerate(
            zip(french.itertuples(index=False), rows["decimals"], strict=True), start=2):
        for column, (name, value) in enumerate(zip(names, record, strict=True), start=1):
            width = _write_cell(ws, row, column, name, value, decimals)
            widths[column - 1] = max(widths[column - 1], width)
    for column, width in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(column)].width = min(
            max(width + 1, MIN_WIDTH), MAX_WIDTH)
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(names))}{max(len(rows) + 1, 1)}"


def workbook_bytes(df: pd.DataFrame, date: dt.datetime | None = None) -> bytes:
    """The workbook of the export ``df`` as bytes, the same for the same figures."""
    date = date or build_date()
    wb = Workbook()
    readme = wb.active
    readme.title = README_SHEET
    sheets = []
    for name, title in section_sheets(df):
        rows = df[df["section"] == name]
        _write_section(wb.create_sheet(title), rows)
        sheets.append((title, len(rows)))
    _write_readme(readme, sheets)
    props = wb.properties
    props.creator = "analysis"
    props.title = "Chiffres du rapport de développement durable"
    props.created = date
    buffer = io.BytesIO()
    wb.save(buffer)  # dates the properties « modified » now: written again below
    props.modified = date
    core = {CORE_PROPERTIES: tostring(props.to_tree())}
    return _fixed_zip_dates(buffer.getvalue(), date, core)


def _fixed_zip_dates(data: bytes, date: dt.datetime, replace: dict[str, bytes]) -> bytes:
    """The same zip with every entry dated ``date`` (a zip entry holds the time it was
    written), in the same order and compression, the entries of ``replace`` replaced."""
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, \
            zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=date.timetuple()[:6])
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o600 << 16
            target.writestr(fixed, replace.get(info.filename) or source.read(info.filename))
    return out.getvalue()


def french_csv_text(df: pd.DataFrame) -> str:
    """The export as French Excel reads it: ``;``, decimal comma, CRLF, byte order mark, the
    French headers with the section's French label after the year."""
    table = french_table(df)
    labels = {name: spec.label for name, spec in section_specs().items()}
    sections = df["section"].map(lambda s: labels.get(s, s)).reset_index(drop=True)
    table.insert(2, SECTION_HEADER, sections)
    text = table.to_csv(sep=";", decimal=",", float_format="%.10g", index=False,
                        lineterminator="\r\n")
    return "\ufeff" + text


def write_spreadsheets(df: pd.DataFrame, output_dir: Path) -> tuple[Path, Path]:
    """Write ``figures.xlsx`` and ``figures_fr.csv`` of the export ``df`` into
    ``output_dir``, atomically."""
    xlsx = write_atomic(output_dir / EXPORT_XLSX, workbook_bytes(df))
    csv = write_atomic(output_dir / EXPORT_FR_CSV, french_csv_text(df))
    return xlsx, csv
