"""Reading and validating the CSV tables (analysis.load): exact error messages."""

import csv
import gzip
import shutil
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.errors import DataValidationError, SourceMissingError
from analysis.inputs.csvfile import read_csv_as_text
from analysis.inputs.rules import check_values
from analysis.inputs.schemas import UNITS
from analysis.inputs.tables import load_inputs, load_table

DATA = Path(__file__).resolve().parents[1] / "data"
OBSERVATIONS = "waste/observations"
# observations.csv: header = line 1, then omr (line 2), bulky (line 3), glass (line 4), …
GLASS_LINE = 4


@pytest.fixture
def data(tmp_path: Path) -> Path:
    """A private copy of the committed data/ directory, safe to corrupt."""
    copy = tmp_path / "data"
    shutil.copytree(DATA, copy)
    return copy


def _observations_path(data: Path) -> Path:
    return (data / "waste" / "observations.csv").resolve()


def _rewrite(data: Path, edit) -> list[list[str]]:
    """Apply ``edit`` to the rows (header first) of the copy's observations.csv."""
    path = _observations_path(data)
    with path.open(encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    rows = edit(rows)
    with path.open("w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return rows


def _set(column: str, value: str, line: int = GLASS_LINE):
    def edit(rows):
        assert rows[line - 1][2:4] == ["collected_t", "glass"]  # the row we mean to corrupt
        rows[line - 1][rows[0].index(column)] = value
        return rows
    return edit


def _error(data: Path, names=(OBSERVATIONS,)) -> str:
    with pytest.raises(DataValidationError) as info:
        load_inputs(list(names), data=data)
    return str(info.value)


def test_a_non_numeric_value_names_file_line_column_and_rule(data):
    _rewrite(data, _set("value", "abc"))

    assert _error(data) == (
        f"{_observations_path(data)}: ligne 4, colonne « value » : "
        "règle « coerce_dtype('float64') » non respectée (valeur : 'abc')"
    )


def test_an_undefined_source_is_a_source_missing_error(data):
    _rewrite(data, _set("source_id", "rapport_inconnu"))

    with pytest.raises(SourceMissingError) as info:
        load_inputs([OBSERVATIONS], data=data)

    assert str(info.value) == (
        f"{_observations_path(data)}: ligne 4, colonne « source_id » : "
        "source 'rapport_inconnu' absente de sources.csv"
    )


def test_an_unknown_territory_code_is_rejected_with_the_known_codes(data):
    _rewrite(data, _set("territory", "XYZ"))

    assert _error(data) == (
        f"{_observations_path(data)}: ligne 4, colonne « territory » : territoire 'XYZ' "
        "inconnu (connus : CABBALR, CALL, CAPH, CAVM, FR, HDF ; ou le SIREN d'un EPCI du "
        "référentiel)"
    )


def test_a_duplicate_territory_year_indicator_breakdown_names_both_lines(data):
    rows = _rewrite(data, lambda rows: rows + [list(rows[GLASS_LINE - 1])])
    copy_line = len(rows)  # the appended row is the file's last line
    path = _observations_path(data)
    key = [("territory", "'CALL'"), ("year", "2019"), ("indicator", "'collected_t'"),
           ("breakdown", "'glass'")]

    assert _error(data) == "\n".join(
        f"{path}: ligne {line}, colonne « {column} » : règle « multiple_fields_uniqueness » "
        f"non respectée (valeur : {value})"
        for column, value in key for line in (GLASS_LINE, copy_line)
    )


def test_a_missing_column_is_named(data):
    def drop_precision(rows):
        i = rows[0].index("precision")
        return [row[:i] + row[i + 1:] for row in rows]

    _rewrite(data, drop_precision)

    assert _error(data) == (f"{_observations_path(data)}: ligne 1 (en-tête), colonne « precision » "
                            f": règle « colonne obligatoire » non respectée (colonne absente)")


def test_an_undeclared_table_name_lists_the_known_tables(data):
    expected = (
        "Table non déclarée : 'waste/dechets'. Tables connues : perimeter/observations, "
        "reference/census_2021_by_commune, reference/census_2021_by_epci, reference/communes, "
        "reference/epci, reference/population, sources et, pour chaque section, "
        "<section>/{observations, published, targets}."
    )
    with pytest.raises(DataValidationError) as info:
        load_table("waste/dechets", data=data)
    assert str(info.value) == expected
    assert _error(data, ["waste/dechets"]) == expected


def test_a_new_section_s_tables_are_found_by_their_names(data):
    """No list of tables to edit: a section's folder of data/ with its three tables is read
    (SYNTHETIC rows), and its period column, when present, is part of the key."""
    from analysis.inputs.tables import table_names

    (data / "noise").mkdir()
    header = ("territory,year,period,indicator,breakdown,value,unit,precision,source_id,"
              "locator,quote,note\n")
    row = "CALL,2019,2019,noise_level,,55,%,1,call_rdd_2019_2020,l. 1,x,synthétique\n"
    (data / "noise" / "observations.csv").write_text(header + row, encoding="utf-8")
    assert "noise/observations" in table_names(data)
    assert load_table("noise/observations", data=data)["value"].tolist() == [55.0]
    (data / "noise" / "observations.csv").write_text(header + row + row, encoding="utf-8")
    with pytest.raises(DataValidationError, match="multiple_fields_uniqueness"):
        load_table("noise/observations", data=data)


def test_the_committed_data_loads_and_keeps_codes_as_text():
    tables = load_inputs(["waste/observations", "waste/published", "waste/targets",
                          "reference/population", "reference/communes", "reference/epci"])

    epci = tables["reference/epci"].set_index("short")
    assert epci.loc["CALL", "epci_siren"] == "246200364"
    communes = tables["reference/communes"]
    assert (communes["commune_code"].str.len() == 5).all()
    assert (communes["epci_siren"].str.len() == 9).all()
    assert tables["waste/observations"]["value"].dtype == "float64"


def test_leading_zeros_of_commune_and_siren_codes_are_preserved(tmp_path):
    # synthetic values: an Aisne commune code and a SIREN that both start with 0
    reference = tmp_path / "data" / "reference"
    reference.mkdir(parents=True)
    (reference / "communes.csv").write_text(
        "commune_code,commune_name,epci_siren,epci_short\n"
        "02691,Saint-Quentin,012345678,TEST\n", encoding="utf-8")
    (reference / "population.csv").write_text(
        "commune_code,vintage,population,population_kind,source_id\n"
        "02691,2021,53000,population_municipale,synthetic\n", encoding="utf-8")

    communes = load_table("reference/communes", data=tmp_path / "data")
    population = load_table("reference/population", data=tmp_path / "data")

    assert communes.loc[0, "commune_code"] == "02691"
    assert communes.loc[0, "epci_siren"] == "012345678"
    assert population.loc[0, "commune_code"] == "02691"
    assert population.loc[0, "population"] == 53000


# --- rules beyond the schema (analysis.load.check_values) and the reading of the file ------
# SYNTHETIC rows: only the columns the rules read.


def _values(rows: list[tuple], kind: str | None = None) -> pd.DataFrame:
    df = pd.DataFrame(rows, columns=["indicator", "value", "unit"])
    if kind is not None:
        df = df.rename(columns={"value": "target_value"}).assign(target_kind=kind)
    return df


def test_check_values_accepts_negative_changes_and_emission_balances():
    check_values(_values([("collected_change_pct", -8.8, "%"), ("net_emissions", -1200, "t CO2e"),
                          ("recovered_share_pct", 100, "%"), ("collected_t", 0, "t")]),
                 Path("t.csv"))


def test_check_values_names_each_broken_row_with_its_rule():
    df = _values([("collected_t", -1, "t"), ("recovered_share_pct", 100.5, "%"),
                  ("collected_t", 5, "tonnes"), ("cost_eur", -3, "EUR")])
    with pytest.raises(DataValidationError) as info:
        check_values(df, Path("t.csv"))
    assert str(info.value).splitlines() == [
        "t.csv: ligne 2, colonne « value » : règle « positif ou nul en t » non respectée "
        "(valeur : -1.0)",
        "t.csv: ligne 3, colonne « value » : règle « part entre 0 et 100 % » non respectée "
        "(valeur : 100.5)",
        "t.csv: ligne 4, colonne « unit » : règle « unité connue » non respectée (valeur : "
        f"'tonnes' ; unités admises : {', '.join(UNITS)})",
        "t.csv: ligne 5, colonne « value » : règle « positif ou nul en EUR » non respectée "
        "(valeur : -3.0)",
    ]


def test_only_a_level_target_in_percent_must_be_a_share():
    check_values(_values([("ghg_emissions", -78, "%")], kind="relative_change_pct"),
                 Path("t.csv"))
    with pytest.raises(DataValidationError, match=r"colonne « target_value » : règle « part "
                                                  r"entre 0 et 100 % »"):
        check_values(_values([("renewable_share_pct", 120, "%")], kind="level"), Path("t.csv"))


def test_a_utf8_file_with_a_byte_order_mark_is_read():
    df = read_csv_as_text(Path("t.csv"), "\ufeffa,b\n1,é\n".encode())
    assert list(df.columns) == ["a", "b"] and df.loc[0, "b"] == "é"


def test_the_first_non_utf8_cell_is_found_past_quoted_commas_and_line_breaks():
    raw = 'a,b,c\n1,"x, y","ok"\n2,"deux\nlignes",caf\xe9\n'.encode("latin-1")
    with pytest.raises(DataValidationError) as info:
        read_csv_as_text(Path("t.csv"), raw)
    assert str(info.value) == ("t.csv: ligne 3, colonne « c » : règle « encodage UTF-8 » non "
                               "respectée (octet 0xe9 : enregistrer le fichier en UTF-8)")


POPULATION_TEXT = ("commune_code,vintage,population,population_kind,source_id\n"
                   "02691,2021,53000,population_municipale,synthetic\n")  # synthetic values


def test_a_compressed_table_is_read_as_its_text(tmp_path):
    reference = tmp_path / "data" / "reference"
    reference.mkdir(parents=True)
    (reference / "population.csv.gz").write_bytes(gzip.compress(POPULATION_TEXT.encode()))
    population = load_table("reference/population", data=tmp_path / "data")
    assert population.loc[0, "commune_code"] == "02691"
    assert population.loc[0, "population"] == 53000


def test_a_damaged_compressed_table_is_refused_with_its_name(tmp_path):
    reference = tmp_path / "data" / "reference"
    reference.mkdir(parents=True)
    path = reference / "population.csv.gz"
    path.write_bytes(gzip.compress(POPULATION_TEXT.encode())[:30])  # cut short
    with pytest.raises(DataValidationError) as caught:
        load_table("reference/population", data=tmp_path / "data")
    assert str(caught.value) == (
        f"{path}: tout le fichier : règle « fichier gzip lisible » non respectée (Compressed "
        f"file ended before the end-of-stream marker was reached : le régénérer avec make "
        f"reference-data)")
