"""Read the project's CSV tables and validate them with pandera.

One schema per table, declared in ``SCHEMAS``. Every value is read as text first (codes
keep their leading zeros), then coerced by the schema. A broken file stops the run with a
:class:`DataValidationError` that names the file, the row (as numbered in a spreadsheet:
header = line 1), the column and the rule.
"""

from __future__ import annotations

import csv
import io
import math
import re
import stat
from collections.abc import Callable, Iterable
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.core.errors import DataValidationError, SourceMissingError
from analysis.core.paths import data_dir

NATIONAL = "FR"  # territory code for national reference values quoted by a document
# territory code for regional values quoted by a document (the four territories are all in
# Hauts-de-France)
REGION = "HDF"
MAX_REPORTED_FAILURES = 10
_NUMERIC_DTYPES = {"int64", "float64", "Int64"}
# the project's tables are typed by hand and weigh kilobytes; a file of this size is a wrong
# file (an export of a whole database), and reading it would take gigabytes of memory
MAX_TABLE_BYTES = 20 * 1024 * 1024
# a cell that is only a placeholder left to fill in (the line the build suggests for a new
# file has « AAAA-MM » and « à compléter »): refused, never shown
PLACEHOLDER = re.compile(r"(?i)\s*(à compléter|a completer|à renseigner|todo|tbd|x{3,}|\?+|"
                         r"(aaaa|jj/mm/aaaa|aaaa-mm(-jj)?|mm/aaaa))\s*")

# the units the tables may use; a new one is added here, with its meaning in data/README.md
UNITS = ("%", "EUR", "EUR/hab/an", "EUR/t", "EUR/UC/an", "GWh", "MW", "MWh", "count",
         "count/an", "count/attribution", "ha", "hab", "kWc", "kWh", "kg/hab/an", "kg/hab/j",
         "km", "m2", "min", "rang", "t", "t CO2", "t CO2e", "year", "years")
# a change in % and a net balance of emissions may be negative; every other quantity may not
SIGNED_UNITS = ("%", "t CO2", "t CO2e")

_TEXT = pa.Column(str, pa.Check.str_length(min_value=1))
_OPTIONAL_TEXT = pa.Column(str, nullable=True)


def _observation_schema(with_period: bool = False) -> pa.DataFrameSchema:
    """Long, tidy observations or published figures: one value per territory-year-indicator.

    ``with_period``: a ``period`` column says what the figure describes when it is not the
    report year itself (``2016-2018``, ``01/01/2020``); ``year`` is then the report year.
    """
    period = {"period": _OPTIONAL_TEXT} if with_period else {}
    return pa.DataFrameSchema(
        {
            "territory": pa.Column(str, pa.Check.str_matches(r"^[A-Z]+$")),
            "year": pa.Column(int, pa.Check.in_range(1990, 2100), coerce=True),
            **period,
            "indicator": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "breakdown": pa.Column(str, pa.Check.str_matches(r"^([a-z][a-z0-9_]*)?$")),
            "value": pa.Column(float, coerce=True),
            "unit": _TEXT,
            "precision": pa.Column(float, pa.Check.gt(0), coerce=True),
            "source_id": _TEXT,
            "locator": _TEXT,
            "quote": _TEXT,
            "note": _OPTIONAL_TEXT,
        },
        strict=True,
        ordered=True,
    )


# level: a value to reach by target_year; relative_change_pct: a change from base_year;
# per_year: an annual pace over base_year..target_year; cumulative: a total over that period
TARGET_KINDS = ["level", "relative_change_pct", "per_year", "cumulative"]
# how the pages name each kind (one wording for every section and the methodology page)
TARGET_KIND_LABELS = {"level": "niveau", "relative_change_pct": "variation",
                      "per_year": "par an", "cumulative": "cumulé"}


def _targets_schema() -> pa.DataFrameSchema:
    return pa.DataFrameSchema(
        {
            "territory": pa.Column(str, pa.Check.str_matches(r"^[A-Z]+$")),
            "framework": _TEXT,
            "indicator": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "breakdown": pa.Column(str, pa.Check.str_matches(r"^([a-z][a-z0-9_]*)?$")),
            "target_kind": pa.Column(str, pa.Check.isin(TARGET_KINDS)),
            "target_value": pa.Column(float, coerce=True),
            "unit": _TEXT,
            "base_year": pa.Column("Int64", nullable=True, coerce=True),
            "target_year": pa.Column(
                "Int64", pa.Check.in_range(2000, 2100), nullable=True, coerce=True
            ),
            "source_id": _TEXT,
            "locator": _TEXT,
            "quote": _TEXT,
            "note": _OPTIONAL_TEXT,
        },
        strict=True,
        ordered=True,
    )


# the tables of every section's folder of data/ (data/<section>/<kind>.csv): found by their
# name, not listed; a ``period`` column in the header (what a figure describes when it is not
# the report's year) makes it part of the key
SECTION_TABLES = ("observations", "published", "targets")


def section_table_schema(kind: str, with_period: bool) -> pa.DataFrameSchema:
    """The schema of a section's ``observations``, ``published`` or ``targets`` table."""
    if kind == "targets":
        return _targets_schema()
    key = ["territory", "year", *(["period"] if with_period else []), "indicator", "breakdown"]
    # the same figure printed twice is two rows of the published table (two locators)
    return _with_unique(_observation_schema(with_period),
                        [*key, "locator"] if kind == "published" else key)


def is_section_table(name: str) -> bool:
    folder, _, kind = name.partition("/")
    return bool(folder) and kind in SECTION_TABLES and folder not in ("reference", "perimeter")


def schema_for(name: str, columns: Iterable[str] = ()) -> pa.DataFrameSchema:
    """The schema of table ``name`` (``columns``: its header, for a section's table).

    Raises
    ------
    DataValidationError
        For a name that is neither a table of the project nor a section's table.
    """
    if name in SCHEMAS:
        return SCHEMAS[name]()
    if is_section_table(name):
        return section_table_schema(name.partition("/")[2], "period" in list(columns))
    raise DataValidationError(
        f"Table non déclarée : {name!r}. Tables connues : {', '.join(sorted(SCHEMAS))} et, "
        f"pour chaque section, <section>/{{{', '.join(SECTION_TABLES)}}}.")


def table_names(data: str | Path | None = None) -> list[str]:
    """Every table of the data folder: the project's, and each section's that is there."""
    root = data_dir(data)
    found = {f"{p.parent.name}/{p.stem}" for p in root.glob("*/*.csv")
             if is_section_table(f"{p.parent.name}/{p.stem}")}
    return sorted(set(SCHEMAS) | found)


SCHEMAS: dict[str, Callable[[], pa.DataFrameSchema]] = {
    "sources": lambda: pa.DataFrameSchema(
        {
            "source_id": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$"), unique=True),
            "title": _TEXT,
            "publisher": _TEXT,
            "territory": _OPTIONAL_TEXT,
            # a date as ISO writes it, as precise as the document allows (2021, 2025-11)
            "published": pa.Column(str, pa.Check.str_matches(
                r"^\d{4}(-\d{2}(-\d{2})?)?$",
                error="date ISO : année, année-mois ou année-mois-jour (2021, 2021-10-22)")),
            "period": _TEXT,
            "licence": _TEXT,
            "path": _TEXT,
            "sha256": pa.Column(str, pa.Check.str_matches(r"^[0-9a-f]{64}$")),
            "origin": _TEXT,
            "note": _OPTIONAL_TEXT,
        },
        strict=True,
    ),
    "reference/epci": lambda: pa.DataFrameSchema(
        {
            "epci_siren": pa.Column(str, pa.Check.str_matches(r"^\d{9}$"), unique=True),
            "short": pa.Column(str, pa.Check.str_matches(r"^[A-Z]+$"), unique=True),
            "name": _TEXT,
            "n_communes": pa.Column(int, pa.Check.gt(0), coerce=True),
        },
        strict=True,
    ),
    "reference/communes": lambda: pa.DataFrameSchema(
        {
            "commune_code": pa.Column(str, pa.Check.str_matches(r"^\d[0-9AB]\d{3}$"), unique=True),
            "commune_name": _TEXT,
            "epci_siren": pa.Column(str, pa.Check.str_matches(r"^\d{9}$")),
            "epci_short": pa.Column(str, pa.Check.str_matches(r"^[A-Z]+$")),
        },
        strict=True,
    ),
    "reference/population": lambda: pa.DataFrameSchema(
        {
            "commune_code": pa.Column(str, pa.Check.str_matches(r"^\d[0-9AB]\d{3}$")),
            "vintage": pa.Column(int, pa.Check.in_range(1990, 2100), coerce=True),
            "population": pa.Column(int, pa.Check.ge(0), coerce=True),
            "population_kind": _TEXT,
            "source_id": _TEXT,
        },
        strict=True,
        unique=["commune_code", "vintage"],
    ),
    "reference/census_2021_by_commune": lambda: pa.DataFrameSchema(
        {
            "commune_code": pa.Column(str, pa.Check.str_matches(r"^\d[0-9AB]\d{3}$")),
            "indicator": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "value": pa.Column(float, pa.Check.ge(0), coerce=True),
            "source_id": _TEXT,
        },
        strict=True,
        unique=["commune_code", "indicator"],
    ),
    "reference/census_2021_by_epci": lambda: pa.DataFrameSchema(
        {
            "epci_siren": pa.Column(str, pa.Check.str_matches(r"^\d{9}$")),
            "epci_short": pa.Column(str, pa.Check.str_matches(r"^[A-Z]+$")),
            "indicator": pa.Column(str, pa.Check.str_matches(r"^[a-z][a-z0-9_]*$")),
            "value": pa.Column(float, pa.Check.ge(0), coerce=True),
            "n_communes": pa.Column(int, pa.Check.gt(0), coerce=True),
            "source_id": _TEXT,
        },
        strict=True,
        unique=["epci_siren", "indicator"],
    ),
    # number of member communes stated by the documents, to check the perimeter we use
    "perimeter/observations": lambda: _with_unique(
        _observation_schema(True), ["territory", "year", "period", "indicator", "breakdown"]),
}


def _with_unique(schema: pa.DataFrameSchema, columns: list[str]) -> pa.DataFrameSchema:
    schema.unique = columns
    return schema


def table_path(name: str, data: str | Path | None = None) -> Path:
    """Path of the CSV behind table ``name`` (for example ``waste/observations``)."""
    return data_dir(data) / f"{name}.csv"


def line_of(df: pd.DataFrame, position: int) -> int:
    """Line of the file (header = 1) where row ``position`` of a table read by
    :func:`read_csv_as_text` starts (blank lines are skipped, not counted out)."""
    lines = df.attrs.get("lines")
    if lines is not None and 0 <= position < len(lines):
        return int(lines[position])
    return position + 2


def _format_failures(path: Path, failures: pd.DataFrame, df: pd.DataFrame) -> str:
    coercions = failures[failures["check"].astype(str).str.startswith("coerce_dtype")]
    if not coercions.empty:  # a value that is not a number makes later checks meaningless
        failures = coercions
    lines = []
    for row in failures.head(MAX_REPORTED_FAILURES).itertuples():
        try:
            where = f"ligne {line_of(df, int(row.index))}"
        except (TypeError, ValueError):  # a check on the whole table has no row
            where = "toutes les lignes"
        column = "(tableau)" if row.column is None or pd.isna(row.column) else row.column
        if row.check == "column_in_dataframe":
            lines.append(f"{path}: ligne 1 (en-tête), colonne « {row.failure_case} » : règle "
                         f"« colonne obligatoire » non respectée (colonne absente)")
            continue
        if row.check == "column_in_schema":
            # an unknown column is an error, not a warning: a misspelt column ("valeur") would
            # otherwise be silently ignored, and a new one would carry data nobody reads
            lines.append(f"{path}: ligne 1 (en-tête), colonne « {row.failure_case} » : règle "
                         f"« colonne déclarée » non respectée (colonne inconnue : la retirer, "
                         f"ou la déclarer dans analysis.inputs.tables.SCHEMAS)")
            continue
        lines.append(
            f"{path}: {where}, colonne « {column} » : règle « {row.check} » non respectée "
            f"(valeur : {row.failure_case!r})"
        )
    more = len(failures) - MAX_REPORTED_FAILURES
    if more > 0:
        lines.append(f"… et {more} autre(s) erreur(s)")
    return "\n".join(lines)


def _refuse(path: Path, line: int | str, column: str, rule: str, detail: str) -> None:
    where = f"ligne {line}" if isinstance(line, int) else line
    raise DataValidationError(f"{path}: {where}, colonne « {column} » : règle « {rule} » non "
                              f"respectée ({detail})")


def read_csv_as_text(path: Path, raw: bytes | None = None) -> pd.DataFrame:
    """Read a CSV with every cell as text; empty cells stay empty strings. The line where
    each row starts is kept (``df.attrs["lines"]``, see :func:`line_of`).

    Raises
    ------
    DataValidationError
        For an empty file, a file that is not UTF-8 (the line and column of the first bad
        cell), a header separated by semicolons, a row with more or fewer cells than the
        header (an unquoted decimal comma: ``65800,5``) or a cell over several lines: the
        ways a spreadsheet or an editor saves a CSV that this project does not read.
    """
    if raw is None:
        raw = read_bytes(path)
    if not raw.strip():
        raise DataValidationError(
            f"{path}: ligne 1 (en-tête), toutes les colonnes : règle « fichier non vide » non "
            f"respectée (fichier vide : il faut au moins l'en-tête)")
    try:
        text = raw.decode("utf-8-sig")  # a byte-order mark (Excel's "CSV UTF-8") is fine
    except UnicodeDecodeError as exc:
        line, column = _first_bad_cell(raw)
        raise DataValidationError(
            f"{path}: ligne {line}, colonne « {column} » : règle « encodage UTF-8 » non "
            f"respectée (octet {raw[exc.start]:#04x} : enregistrer le fichier en UTF-8)"
        ) from None
    header_line = text.split("\n", 1)[0]
    if ";" in header_line and "," not in header_line:
        raise DataValidationError(
            f"{path}: ligne 1 (en-tête), toutes les colonnes : règle « séparateur virgule » "
            f"non respectée (en-tête séparé par des points-virgules : enregistrer le fichier "
            f"avec des virgules)")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = next(reader)
        rows, lines = [], []
        start = reader.line_num + 1
        for record in reader:
            end = reader.line_num
            if record and any(cell.strip() for cell in record):
                _check_record(path, header, record, start, end)
                rows.append(record)
                lines.append(start)
            start = end + 1
    except csv.Error as exc:
        _refuse(path, reader.line_num, "(ligne)", "CSV bien formé",
                f"{exc} : un guillemet non fermé ?")
    df = pd.DataFrame(rows, columns=header, dtype=str) if rows else pd.DataFrame(
        columns=header, dtype=str)
    if lines != list(range(2, len(lines) + 2)):
        # only when a blank line shifts them: pandas deep-copies ``attrs`` at every step, and
        # a list kept there for every table made validation twice as slow
        df.attrs["lines"] = np.array(lines)
    return df


def _check_record(path: Path, header: list[str], record: list[str], start: int,
                  end: int) -> None:
    """One row of a CSV: as many cells as the header, each on one line."""
    if end > start:
        position = next((i for i, cell in enumerate(record) if "\n" in cell or "\r" in cell),
                        len(record) - 1)
        name = header[position] if position < len(header) else f"n° {position + 1}"
        _refuse(path, start, name, "valeur sur une ligne",
                f"saut de ligne dans une valeur entre guillemets, lignes {start} à {end} : "
                f"écrire la valeur sur une seule ligne")
    if len(record) != len(header):
        _refuse(path, start, _shifted_column(header, record), "nombre de colonnes",
                f"{len(record)} valeurs pour {len(header)} colonnes"
                + (" : une virgule décimale non protégée ? écrire le nombre avec un point "
                   "(65800.5)" if len(record) > len(header) else ""))


def _shifted_column(header: list[str], record: list[str]) -> str:
    """The column where a row with too many cells most likely splits a value: the first
    number followed by digits alone (``65800,5`` read as ``65800`` and ``5``)."""
    for position in range(min(len(record) - 1, len(header))):
        first, second = record[position].strip(), record[position + 1].strip()
        if re.fullmatch(r"-?\d+", first) and re.fullmatch(r"\d+", second):
            return header[position]
    return header[-1] if len(record) > len(header) else header[len(record) - 1]


def _first_bad_cell(raw: bytes) -> tuple[int, str]:
    """Line (header = 1) and column name of the first CSV cell that is not valid UTF-8."""
    # Latin-1 maps every byte to one character, so each cell can be turned back into its
    # bytes and tried alone; csv keeps quoted commas and line breaks inside their cell
    reader = csv.reader(io.StringIO(raw.decode("latin-1"), newline=""))
    header: list[str] = []
    first_line = 1
    for row in reader:
        header = header or row
        for position, cell in enumerate(row):
            try:
                cell.encode("latin-1").decode("utf-8")
            except UnicodeDecodeError:
                name = header[position] if position < len(header) else f"n° {position + 1}"
                return first_line, name.encode("latin-1").decode("utf-8", "replace")
        first_line = reader.line_num + 1
    return first_line, "?"


def read_bytes(path: Path, limit: int | None = MAX_TABLE_BYTES) -> bytes:
    """The bytes of a data file, or a readable error: missing, not a plain file (a folder,
    a pipe that would never end), unreadable, or over ``limit`` bytes."""
    try:
        info = path.stat()
    except FileNotFoundError:
        raise DataValidationError(f"{path}: fichier introuvable") from None
    except OSError as exc:
        raise DataValidationError(f"{path}: tout le fichier : règle « fichier lisible » non "
                                  f"respectée ({exc.strerror})") from None
    if not stat.S_ISREG(info.st_mode):
        raise DataValidationError(f"{path}: tout le fichier : règle « fichier ordinaire » non "
                                  f"respectée (ce n'est pas un fichier : dossier, tube ou "
                                  f"périphérique)")
    if limit is not None and info.st_size > limit:
        raise DataValidationError(
            f"{path}: tout le fichier : règle « taille d'une table » non respectée "
            f"({info.st_size / 1e6:.0f} Mo pour {limit / 1e6:.0f} Mo au plus : ce n'est sans "
            f"doute pas la bonne table)")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise DataValidationError(f"{path}: tout le fichier : règle « fichier lisible » non "
                                  f"respectée ({exc.strerror} : vérifier ses droits)") from None


def validate(df: pd.DataFrame, schema: pa.DataFrameSchema, path: Path) -> pd.DataFrame:
    """Validate ``df`` (read from ``path``) against ``schema``; raise a readable error."""
    lines = df.attrs.get("lines")
    df = df.copy()
    for name, column in schema.columns.items():
        if name in df and str(column.dtype) in _NUMERIC_DTYPES:
            df[name] = df[name].replace("", pd.NA)  # empty numeric cell = missing value
    try:
        valid = schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        raise DataValidationError(_format_failures(path, exc.failure_cases, df)) from None
    if lines is not None:
        valid.attrs["lines"] = lines
    return valid


# Validated tables, by table name and the file's bytes: a table is read and validated once
# per process and per version of the file (a notebook loads the sources several times).
_VALIDATED: dict[tuple[str, bytes], pd.DataFrame] = {}


def load_table(name: str, data: str | Path | None = None) -> pd.DataFrame:
    """Read and validate table ``name``; codes stay text, numbers are coerced."""
    schema_for(name)  # an unknown name is refused before the file is read
    path = table_path(name, data)
    raw = read_bytes(path)
    df = _VALIDATED.get((name, raw))
    if df is None:
        text = read_csv_as_text(path, raw)
        df = validate(text, schema_for(name, text.columns), path)
        check_values(df, path)
        if len(_VALIDATED) > 64:  # a long-lived process (a test session) sees many versions
            _VALIDATED.clear()
        _VALIDATED[(name, raw)] = df
    return df.copy()


def check_values(df: pd.DataFrame, path: Path) -> None:
    """Rules a schema column cannot state alone, row by row: no placeholder left to fill in
    (« à compléter », « AAAA-MM »), finite numbers (``inf`` is not a figure), a known unit,
    no negative quantity (only a change in % or a net emission balance may be below zero),
    and a share in % between 0 and 100 (a change, ``*_change_*``, or a target of change may
    go beyond).

    Raises
    ------
    DataValidationError
        Naming the file, the line, the column, the rule and the value of each broken row.
    """
    problems = _placeholders(df, path) + _infinite(df, path)
    value_column = "value" if "value" in df else "target_value" if "target_value" in df else ""
    if "unit" in df and value_column:
        problems += _unit_problems(df, path, value_column)
    if problems:
        more = len(problems) - MAX_REPORTED_FAILURES
        raise DataValidationError("\n".join(problems[:MAX_REPORTED_FAILURES]
                                            + ([f"… et {more} autre(s) erreur(s)"]
                                               if more > 0 else [])))


def _placeholders(df: pd.DataFrame, path: Path) -> list[str]:
    problems = []
    for column in df.columns:
        if pd.api.types.is_numeric_dtype(df[column]):
            continue
        for position, cell in enumerate(df[column]):
            if isinstance(cell, str) and cell and PLACEHOLDER.fullmatch(cell):
                problems.append(f"{path}: ligne {line_of(df, position)}, colonne « {column} » "
                                f": règle « valeur renseignée » non respectée (valeur : "
                                f"{cell!r} : une valeur à compléter)")
    return problems


def _infinite(df: pd.DataFrame, path: Path) -> list[str]:
    problems = []
    for column in df.columns:
        if str(df[column].dtype) not in ("float64", "Float64"):
            continue
        for position, value in enumerate(df[column]):
            if isinstance(value, float) and math.isinf(value):
                problems.append(f"{path}: ligne {line_of(df, position)}, colonne « {column} » "
                                f": règle « nombre fini » non respectée (valeur : {value!r})")
    return problems


def _unit_problems(df: pd.DataFrame, path: Path, value_column: str) -> list[str]:
    levels = df["target_kind"] == "level" if "target_kind" in df else pd.Series(True, df.index)
    problems = []
    for position, (unit, value, indicator, level) in enumerate(
            zip(df["unit"], df[value_column], df["indicator"], levels, strict=True)):
        where = f"{path}: ligne {line_of(df, position)}"
        if unit not in UNITS:
            problems.append(f"{where}, colonne « unit » : règle « unité connue » non respectée "
                            f"(valeur : {unit!r} ; unités admises : {', '.join(UNITS)})")
        elif value == value and math.isfinite(value) and unit not in SIGNED_UNITS \
                and value < 0:
            problems.append(f"{where}, colonne « {value_column} » : règle « positif ou nul en "
                            f"{unit} » non respectée (valeur : {float(value)!r})")
        elif (value == value and math.isfinite(value) and unit == "%" and level
              and "change" not in indicator and not 0 <= value <= 100):
            problems.append(f"{where}, colonne « {value_column} » : règle « part entre 0 et "
                            f"100 % » non respectée (valeur : {float(value)!r})")
    return problems


def check_sources(df: pd.DataFrame, path: Path, sources: pd.DataFrame) -> None:
    """Every row must cite a source defined in ``sources.csv``."""
    known = set(sources["source_id"])
    for position, source_id in enumerate(df["source_id"]):
        if source_id not in known:
            raise SourceMissingError(
                f"{path}: ligne {line_of(df, position)}, colonne « source_id » : source "
                f"{source_id!r} absente de sources.csv"
            )


def check_territories(df: pd.DataFrame, path: Path, known: Iterable[str]) -> None:
    """Every row must name a known territory short code (or ``FR`` / ``HDF`` for national /
    regional values)."""
    allowed = set(known) | {NATIONAL, REGION}
    for position, code in enumerate(df["territory"]):
        if code not in allowed:
            raise DataValidationError(
                f"{path}: ligne {line_of(df, position)}, colonne « territory » : territoire "
                f"{code!r} inconnu (connus : {', '.join(sorted(allowed))})"
            )


def load_inputs(names: Iterable[str], data: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Load the tables a section declares, with the cross-table checks (sources, territories)."""
    sources = load_table("sources", data)
    territories = load_table("reference/epci", data)["short"]
    tables = {}
    for name in names:
        df = load_table(name, data)
        path = table_path(name, data)
        if "source_id" in df:
            check_sources(df, path, sources)
        if "territory" in df:
            check_territories(df, path, territories)
        tables[name] = df
    return tables


def check_all_tables(data: str | Path | None = None) -> None:
    """Validate every table of the data folder, with the cross-table checks: the build runs
    this before any kernel starts, so that a bad file stops it before anything is written.

    Raises
    ------
    DataValidationError, SourceMissingError
        As :func:`load_inputs`, for the first table that breaks a rule.
    """
    load_inputs([n for n in table_names(data) if n != "sources"], data)  # sources: first


def editions(df_observations: pd.DataFrame, sources: pd.DataFrame | None = None) -> pd.Series:
    """Year each document is filed under, indexed by ``source_id``: the one definition of a
    document's edition year. It is the ``year`` of the document's rows in
    ``df_observations``; a document with no row there (it only sets targets) takes the year
    of its publication in ``sources``, if given."""
    filed = df_observations.groupby("source_id")["year"].min()
    if sources is None:
        return filed
    published = sources.set_index("source_id")["published"].str[:4]
    published = published[published.str.fullmatch(r"\d{4}") & ~published.index.isin(filed.index)]
    return pd.concat([filed, published.astype(int)]).sort_index()
