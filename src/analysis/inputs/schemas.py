"""The schemas of the project's tables (pandera), and the units a table may use.

The project's own tables are declared in ``SCHEMAS``; a section's tables
(``data/<section>/{observations,published,targets}.csv``) are found by their name and take
:func:`section_table_schema`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

import pandera.pandas as pa

from analysis.core.errors import DataValidationError

# the units the tables may use; a new one is added here, with its meaning in data/README.md
UNITS = ("%", "EUR", "EUR/hab/an", "EUR/t", "EUR/UC/an", "GWh", "MW", "MWh", "count",
         "count/an", "count/attribution", "ha", "hab", "kWc", "kWh", "kg/hab/an", "kg/hab/j",
         "km", "m2", "min", "rang", "t", "t CO2", "t CO2e", "year", "years")
# a change in % and a net balance of emissions may be negative; every other quantity may not
SIGNED_UNITS = ("%", "t CO2", "t CO2e")

_EPCI_CODE = r"^(?:[A-Z]+|\d{9})$"  # a territory's code: CALL, or a SIREN
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
            # letters for an agglomeration reported by default, else its SIREN
            "short": pa.Column(str, pa.Check.str_matches(_EPCI_CODE), unique=True),
            "name": _TEXT,
            "kind": pa.Column(str, pa.Check.isin(["CA", "CC", "CU", "ME"])),
            "n_communes": pa.Column(int, pa.Check.gt(0), coerce=True),
            # census 2021; empty where the census has none (the EPCI of Mayotte)
            "population": pa.Column(float, pa.Check.ge(0), coerce=True, nullable=True),
            "region_code": pa.Column(str, pa.Check.str_matches(r"^\d{2}$")),
            "region_name": _TEXT,
        },
        strict=True,
    ),
    "reference/communes": lambda: pa.DataFrameSchema(
        {
            "commune_code": pa.Column(str, pa.Check.str_matches(r"^\d[0-9AB]\d{3}$"), unique=True),
            "commune_name": _TEXT,
            "epci_siren": pa.Column(str, pa.Check.str_matches(r"^\d{9}$")),
            "epci_short": pa.Column(str, pa.Check.str_matches(_EPCI_CODE)),
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
            "epci_short": pa.Column(str, pa.Check.str_matches(_EPCI_CODE)),
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
