"""Rules on a table's values that a schema column cannot state alone, row by row."""

from __future__ import annotations

import math
import re
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.inputs.csvfile import MAX_REPORTED_FAILURES, line_of
from analysis.inputs.schemas import SIGNED_UNITS, UNITS

# a cell that is only a placeholder left to fill in (the line the build suggests for a new
# file has « AAAA-MM » and « à compléter »): refused, never shown
PLACEHOLDER = re.compile(r"(?i)\s*(à compléter|a completer|à renseigner|todo|tbd|x{3,}|\?+|"
                         r"(aaaa|jj/mm/aaaa|aaaa-mm(-jj)?|mm/aaaa))\s*")


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
