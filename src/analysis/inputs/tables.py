"""The project's tables by name: read, validated (schemas) and checked against each other.

``load_table("waste/observations")`` reads ``data/waste/observations.csv`` as text, coerces
it with its schema (:mod:`analysis.inputs.schemas`), applies the value rules
(:mod:`analysis.inputs.rules`) and keeps the result for the process; :func:`load_inputs`
adds the checks across tables (every source cited exists, every territory is known).
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError, SourceMissingError
from analysis.core.paths import data_dir, table_file
from analysis.core.specs import COMMON_TABLES
from analysis.inputs.csvfile import line_of, read_bytes, read_csv_as_text, validate
from analysis.inputs.rules import check_values
from analysis.inputs.schemas import SCHEMAS, is_section_table, schema_for

NATIONAL = "FR"  # territory code for national reference values quoted by a document
# territory code for regional values quoted by a document (the four agglomerations reported
# by default are all in Hauts-de-France), and that region's code: they apply to its EPCI only
REGION = "HDF"
REGION_CODE = "32"


def table_names(data: str | Path | None = None) -> list[str]:
    """Every table of the data folder: the project's, and each section's that is there."""
    root = data_dir(data)
    found = {f"{p.parent.name}/{p.stem}" for p in root.glob("*/*.csv")
             if is_section_table(f"{p.parent.name}/{p.stem}")}
    return sorted(set(SCHEMAS) | found)


def table_path(name: str, data: str | Path | None = None) -> Path:
    """Path of the CSV behind table ``name`` (for example ``waste/observations``):
    ``<name>.csv``, or ``<name>.csv.gz`` when only that is there (the long reference tables,
    committed compressed by ``make reference-data``)."""
    return table_file(data_dir(data), name)


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

def check_sources(df: pd.DataFrame, path: Path, sources: pd.DataFrame) -> None:
    """Every row must cite a source defined in ``sources.csv``."""
    unknown = ~df["source_id"].isin(set(sources["source_id"])).to_numpy()
    if unknown.any():  # the first row that breaks the rule (a vectorised test: 240,000 rows)
        position = int(unknown.argmax())
        raise SourceMissingError(
            f"{path}: ligne {line_of(df, position)}, colonne « source_id » : source "
            f"{df['source_id'].iloc[position]!r} absente de sources.csv"
        )


def check_territories(df: pd.DataFrame, path: Path, known: Iterable[str]) -> None:
    """Every row must name a known territory short code (or ``FR`` / ``HDF`` for national /
    regional values)."""
    allowed = set(known) | {NATIONAL, REGION}
    for position, code in enumerate(df["territory"]):
        if code not in allowed:
            # the codes of letters (the agglomerations, FR, HDF): every other EPCI is its SIREN
            named = ", ".join(sorted(c for c in allowed if not c.isdigit()))
            raise DataValidationError(
                f"{path}: ligne {line_of(df, position)}, colonne « territory » : territoire "
                f"{code!r} inconnu (connus : {named} ; ou le SIREN d'un EPCI du référentiel)"
            )


def load_inputs(names: Iterable[str], data: str | Path | None = None) -> dict[str, pd.DataFrame]:
    """Load the tables a section declares, with the cross-table checks (sources, territories)."""
    sources_table, territories_table = COMMON_TABLES
    sources = load_table(sources_table, data)
    territories = load_table(territories_table, data)["short"]
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
