"""Reading an official file as published: separator and encoding detected, every cell as
text, numbers with a decimal comma, secrecy markers, commune codes; and its declaration in
``sources.csv`` (its source id, its sha256)."""

from __future__ import annotations

import codecs
import csv
import io
import os
import re
import zipfile
from pathlib import Path

import numpy as np
import pandas as pd

from analysis.core.errors import DataValidationError, SourceMissingError
from analysis.core.paths import file_digest

READ_SUFFIXES = (".csv",)  # the file type a drop folder receives unless it says otherwise
ENCODINGS = ("utf-8-sig", "cp1252")  # official files come in UTF-8 or Windows-1252
SECRET_MARKERS = {"", "s", "secret", "nd", "n.d.", "na", "-"}
# what an official file says of a commune of the perimeter: a value, a secret (listed with
# an empty or secret cell), or nothing (not listed)
KNOWN, SECRET, ABSENT = "known", "secret", "absent"


# --- reading -------------------------------------------------------------------------------


def read_official_csv(path: str | Path, columns: list[str] | None = None) -> pd.DataFrame:
    """Read an official CSV with every cell as text: separator (``;`` or ``,``) and encoding
    (UTF-8, else Windows-1252) are detected; surrounding spaces in headers are removed.
    With ``columns``, only those of them the file has are kept (a national file of fifty
    columns costs the memory of the few a loader uses); the loader then checks they are all
    there (:func:`require_columns`).

    Raises
    ------
    DataValidationError
        If the file is missing, empty or in neither encoding.
    """
    path = Path(path)
    if not path.is_file():
        raise DataValidationError(f"{path}: fichier introuvable")
    if file_type(path.name) == ".csv.zip":
        return read_zipped_csv(path, columns)
    encoding = _encoding(path)
    with open(path, encoding=encoding, newline="") as f:
        first_line = f.readline()
    if not first_line.strip():
        raise DataValidationError(f"{path}: fichier vide")
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    wanted = None if columns is None else set(columns)
    df = pd.read_csv(path, sep=separator, dtype=str, keep_default_na=False,
                     encoding=encoding,
                     usecols=None if wanted is None else (lambda c: c.strip() in wanted))
    df.columns = [c.strip() for c in df.columns]
    return df


def read_zipped_csv(path: Path, columns: list[str] | None = None) -> pd.DataFrame:
    """The one CSV of a zip archive as published (Enedis extract), read as
    :func:`~analysis.inputs.official.reading.read_official_csv` reads a CSV: every cell as
    text, separator and encoding detected, header spaces removed.

    Raises
    ------
    DataValidationError
        If the archive is unreadable or does not hold exactly one CSV.
    """
    try:
        with zipfile.ZipFile(path) as archive:
            members = [n for n in archive.namelist() if n.lower().endswith(".csv")]
            if len(members) != 1:
                raise DataValidationError(
                    f"{path}: règle « un seul fichier CSV dans l'archive » non respectée "
                    f"(fichiers CSV : {', '.join(members) or 'aucun'})")
            data = archive.read(members[0])
    except zipfile.BadZipFile:
        raise DataValidationError(f"{path}: archive zip illisible") from None
    for encoding in ENCODINGS:
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:  # pragma: no cover - cp1252 decodes almost anything
        raise DataValidationError(f"{path}: encodage illisible (ni UTF-8 ni Windows-1252)")
    first_line = text.split("\n", 1)[0]
    if not first_line.strip():
        raise DataValidationError(f"{path}: fichier vide")
    separator = ";" if first_line.count(";") > first_line.count(",") else ","
    wanted = None if columns is None else set(columns)
    df = pd.read_csv(io.StringIO(text), sep=separator, dtype=str, keep_default_na=False,
                     usecols=None if wanted is None else (lambda c: c.strip() in wanted))
    df.columns = [c.strip() for c in df.columns]
    return df


def _encoding(path: Path) -> str:
    """The first of ENCODINGS the whole file decodes in, read by blocks (never the whole
    file in memory as text)."""
    for encoding in ENCODINGS:
        decoder = codecs.getincrementaldecoder(encoding)()
        try:
            with open(path, "rb") as f:
                for block in iter(lambda: f.read(1 << 20), b""):
                    decoder.decode(block)
                decoder.decode(b"", final=True)
            return encoding
        except UnicodeDecodeError:
            continue
    # pragma: no cover - cp1252 decodes almost anything
    raise DataValidationError(f"{path}: encodage illisible (ni UTF-8 ni Windows-1252)")


def _cell_text(value) -> str:
    """A spreadsheet cell as the text a CSV would hold (integers without ``.0``)."""
    if value is None:
        return ""
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else repr(value)
    return str(value).strip()


def read_official_xlsx(path: str | Path, sheet: str) -> pd.DataFrame:
    """One sheet of an official ``.xlsx`` with every cell as text (header: first row; blank
    rows skipped), like :func:`analysis.inputs.official.reading.read_official_csv`. Cells hold
    the values the workbook stores (a formula's last result); an error cell (``#N/A``) reads
    as empty.

    Read with python-calamine (Rust): the national LOVAC sheet (a row per commune of France)
    takes a tenth of openpyxl's time (0.2 s against 1.9 s measured for the 2021 file), and
    every build, test and notebook that plans the housing section reads it.

    Raises
    ------
    DataValidationError
        If the file is not a readable workbook or has no sheet ``sheet``.
    """
    from python_calamine import CalamineError, CalamineWorkbook

    path = Path(path)
    try:
        book = CalamineWorkbook.from_path(str(path))
    except (CalamineError, OSError, ValueError) as error:
        raise DataValidationError(f"{path}: classeur XLSX illisible ({error})") from None
    if sheet not in book.sheet_names:
        raise DataValidationError(
            f"{path}: feuille « {sheet} » absente (feuilles : "
            f"{', '.join(book.sheet_names)}) : ce n'est pas le fichier tel que publié")
    rows = iter(book.get_sheet_by_name(sheet).to_python(skip_empty_area=False))
    header = [_cell_text(c) for c in next(rows, ())]
    data = [[_cell_text(c) for c in row] for row in rows
            if any(c is not None and c != "" for c in row)]
    width = len(header)
    return pd.DataFrame([(r + [""] * width)[:width] for r in data], columns=header, dtype=str)


def file_numbers(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Column ``column`` as floats, NaN for a secrecy marker or an empty cell; ``df``'s index
    is the row's position in the file, so that an error names the file's line (header = line
    1). The rules and messages are those of :func:`analysis.inputs.official.reading.numbers`.

    Raises
    ------
    DataValidationError
        At the first cell that is not a number, or is negative.
    """
    raw = df[column].fillna("").astype(str)
    text = raw.str.replace("\u202f", "").str.replace("\u00a0", "").str.replace(" ", "")
    secret = text.str.lower().isin(SECRET_MARKERS)
    number = pd.to_numeric(text.str.replace(",", ".", regex=False).where(~secret),
                           errors="coerce").astype(float)
    refuse_at_row(raw, ~secret & ~np.isfinite(number.fillna(np.inf)), path, column, "nombre")
    refuse_at_row(raw, number < 0, path, column, "positif ou nul")
    return number


def refuse_at_row(raw: pd.Series, bad: pd.Series, path: Path, column: str, rule: str
                  ) -> None:
    """Stop at the first cell ``bad`` flags, naming the file's line (``raw``'s index is the
    row's position in the file), the column, the rule and the value as written."""
    if bad.any():
        first = bad[bad].index[0]
        raise DataValidationError(
            f"{path}: ligne {int(first) + 2}, colonne « {column} » : règle « {rule} » non "
            f"respectée (valeur : {raw[first]!r})")


def require_columns(df: pd.DataFrame, columns: list[str], path: Path, what: str) -> None:
    """Stop with the list of missing columns (the usual sign of a wrong or changed file)."""
    missing = [c for c in columns if c not in df.columns]
    if missing:
        raise DataValidationError(
            f"{path}: colonne(s) absente(s) pour un fichier {what} : {', '.join(missing)} "
            f"(colonnes lues : {', '.join(df.columns[:12])}{' …' if len(df.columns) > 12 else ''})"
        )


def refuse_first_bad(df: pd.DataFrame, column: str, bad: pd.Series, path: Path,
                     rule: str) -> None:
    """Stop at the first row ``bad`` flags, naming the file, the row as a spreadsheet numbers
    it (header = line 1), the column, the rule and the value."""
    if bad.any():
        row = int(np.flatnonzero(bad.to_numpy())[0]) + 2
        raise DataValidationError(
            f"{path}: ligne {row}, colonne « {column} » : règle « {rule} » non respectée "
            f"(valeur : {df[column][bad].iloc[0]!r})"
        )


def parse_number(value: str, path: Path, row: int, column: str) -> float:
    """A number written with a dot or a decimal comma; secret markers give NaN."""
    text = value.strip().replace("\u202f", "").replace("\u00a0", "").replace(" ", "")
    if text.lower() in SECRET_MARKERS:
        return np.nan
    try:
        number = float(text.replace(",", "."))
    except ValueError:
        raise DataValidationError(
            f"{path}: ligne {row}, colonne « {column} » : règle « nombre » non respectée "
            f"(valeur : {value!r})"
        ) from None
    if number < 0:
        raise DataValidationError(
            f"{path}: ligne {row}, colonne « {column} » : règle « positif ou nul » non "
            f"respectée (valeur : {value!r})"
        )
    return number


def numbers(df: pd.DataFrame, column: str, path: Path) -> pd.Series:
    """Column ``column`` as floats (NaN for secret or empty cells), with readable errors:
    :func:`parse_number` of each cell, read in one vectorised pass when every cell is a
    plain number or a secret (a national file: a million cells), else cell by cell (which
    names the first bad cell)."""
    values = _plain_numbers(df[column])
    if values is None:
        values = [parse_number(v, path, i + 2, column) for i, v in enumerate(df[column])]
    return pd.Series(values, index=df.index, dtype=float)


def _plain_numbers(cells: pd.Series) -> np.ndarray | None:
    """The cells as :func:`parse_number` reads them, or None if one of them is not a number
    or is negative. The conversion is Python's ``float`` (numpy's object-to-float cast),
    the one :func:`parse_number` uses."""
    text = cells.astype(str).str.strip()
    for space in ("\u202f", "\u00a0", " "):
        text = text.str.replace(space, "", regex=False)
    secret = text.str.lower().isin(SECRET_MARKERS).to_numpy()
    candidates = text.str.replace(",", ".", regex=False).to_numpy(dtype=object)
    candidates[secret] = "nan"
    try:
        values = candidates.astype(float)
    except (ValueError, TypeError):
        return None
    return None if (values < 0).any() else values


def commune_codes(series: pd.Series) -> pd.Series:
    """INSEE commune codes as 5-character text (a spreadsheet may have dropped a leading 0)."""
    return series.str.strip().str.zfill(5)


def official_files(folder: Path, suffixes: tuple[str, ...] = READ_SUFFIXES) -> list[Path]:
    """Files dropped in ``folder`` whose extension (any case) is one of ``suffixes``, sorted
    by name (the data check has refused any other file there before a build)."""
    try:
        # listed even when missing, so that the build cache notes the folder was looked at
        names = os.listdir(folder)
    except (FileNotFoundError, NotADirectoryError):
        return []
    return sorted(folder / n for n in names if file_type(n) in suffixes)


def file_type(name: str) -> str:
    """The extension a drop folder's ``suffixes`` names: ``.csv``, or ``.csv.zip`` for a
    zipped CSV (a published archive is read as published)."""
    parts = [s.lower() for s in Path(name).suffixes]
    return "".join(parts[-2:]) if parts[-1:] == [".zip"] else "".join(parts[-1:])


# --- provenance ----------------------------------------------------------------------------


def source_id_for(path: str | Path) -> str:
    """Source id a dropped file must have in ``sources.csv``: its stem, lower case, ``_``."""
    return re.sub(r"[^a-z0-9]+", "_", Path(path).stem.lower()).strip("_")


def check_declared(path: Path, sources: pd.DataFrame, title: str, publisher: str,
                   licence: str, data_root: Path) -> str:
    """The file's source id, after checking ``sources.csv`` declares it with its checksum.

    Raises
    ------
    SourceMissingError
        If the id is not declared (the message gives the line to add) or the checksum
        recorded there is not the file's (the file changed since it was declared).
    """
    source_id = source_id_for(path)
    digest = file_digest(path)
    match = sources[sources["source_id"] == source_id]
    try:
        relative = path.resolve().relative_to(data_root.parent.resolve()).as_posix()
    except ValueError:
        relative = path.as_posix()
    if match.empty:
        buffer = io.StringIO()
        csv.writer(buffer, lineterminator="").writerow([
            source_id, title, publisher, "", "AAAA-MM", "à compléter", licence, relative,
            digest, "téléchargé par l'analyste", "",
        ])
        raise SourceMissingError(
            f"{path}: source {source_id!r} absente de sources.csv. Ajoutez cette ligne à "
            f"data/sources.csv (complétez la date et la période) :\n{buffer.getvalue()}"
        )
    if match.iloc[0]["sha256"] != digest:
        raise SourceMissingError(
            f"{path}: le fichier a changé depuis sa déclaration dans sources.csv "
            f"(sha256 attendu {match.iloc[0]['sha256']}, lu {digest}) : mettez à jour la ligne "
            f"{source_id!r}."
        )
    return source_id
