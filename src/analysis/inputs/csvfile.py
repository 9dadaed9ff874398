"""Read a CSV of the project as text and validate it, with errors a person can act on.

Every value is read as text first (codes keep their leading zeros), then coerced by the
schema. A broken file stops the run with a :class:`DataValidationError` that names the
file, the row (as numbered in a spreadsheet: header = line 1), the column and the rule.
"""

from __future__ import annotations

import csv
import gzip
import io
import re
import stat
import zlib
from pathlib import Path

import numpy as np
import pandas as pd
import pandera.pandas as pa

from analysis.core.errors import DataValidationError

MAX_REPORTED_FAILURES = 10
_NUMERIC_DTYPES = {"int64", "float64", "Int64"}
# the project's tables are typed by hand and weigh kilobytes; a file of this size is a wrong
# file (an export of a whole database), and reading it would take gigabytes of memory
MAX_TABLE_BYTES = 20 * 1024 * 1024


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
                         f"ou la déclarer dans analysis.inputs.schemas.SCHEMAS)")
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
    if Path(path).name.endswith(".gz"):  # the large reference tables are committed compressed
        raw = _decompressed(path, raw)
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


def _decompressed(path: Path, raw: bytes) -> bytes:
    try:
        return gzip.decompress(raw)
    except (OSError, EOFError, zlib.error) as exc:
        raise DataValidationError(
            f"{path}: tout le fichier : règle « fichier gzip lisible » non respectée ({exc} : "
            f"le régénérer avec make reference-data)") from None


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
