"""The Filosofi loader (analysis.inputs.official.filosofi) on the committed INSEE file and on
a SYNTHETIC fixture (tests/fixtures/README.md). Expected values on the real file are read
here with the csv module and summarised in plain Python, never copied from the project's
output."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from helpers import reported_rows

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.official.filosofi import load_filosofi
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

REAL = sorted((PROJECT_ROOT / "data" / "housing" / "filosofi").glob("*.csv"))
SYNTHETIC = PROJECT_ROOT / "tests" / "fixtures" / "cc_filosofi_synthetic_2022_COM.csv"
TERRITORIES = ("CAVM", "CAPH", "CALL", "CABBALR")


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


def independent(path) -> tuple[int, dict[str, dict]]:
    """The year and, per territory, the range of MEDaa and TP60aa over the communes and the
    number of « s » cells: the csv module only."""
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        members = {r["commune_code"]: r["epci_short"] for r in reported_rows(csv.DictReader(f))}
    with open(path, encoding="utf-8") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    yy = next(c[3:] for c in rows[0] if c.startswith("MED"))
    out = {}
    for territory in TERRITORIES:
        mine = [r for r in rows if members.get(r["CODGEO"]) == territory]
        entry = {"communes": len(mine)}
        for field in ("MED", "TP60"):
            values = [float(r[field + yy].replace(",", ".")) for r in mine
                      if r[field + yy] != "s"]
            entry[field] = (min(values), max(values), len(mine) - len(values))
        out[territory] = entry
    return 2000 + int(yy), out


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_ranges_and_secret_counts_match_a_csv_read(path, communes):
    year, expected = independent(path)
    loaded = load_filosofi(path, communes, "x")
    assert loaded.year == year
    df = loaded.communes.merge(communes[["commune_code", "epci_short"]], on="commune_code")
    for territory, values in expected.items():
        mine = df[df["epci_short"] == territory]
        assert len(mine) == values["communes"] == (communes["epci_short"] == territory).sum()
        for column, status, field in (("median_income_eur", "median_status", "MED"),
                                      ("poverty_rate_pct", "poverty_status", "TP60")):
            low, high, secret = values[field]
            assert (mine[column].min(), mine[column].max()) == (low, high), territory
            assert (mine[status] == "secret").sum() == secret, territory


def test_secret_absent_and_merged_communes_of_the_synthetic_file(communes):
    loaded = load_filosofi(SYNTHETIC, communes, "synthetic")
    assert loaded.year == 2022
    df = loaded.communes.set_index("commune_code")
    assert df.loc["59606", "median_income_eur"] == 17500
    assert df.loc["59606", "poverty_rate_pct"] == 31.5  # decimal comma
    assert df.loc["59606", "persons"] == 41000.5
    assert (df.loc["59014", "median_status"], df.loc["59014", "poverty_status"]) == (
        "known", "secret")
    assert df.loc["59215", "median_status"] == "secret"  # every cell « s »
    assert df.loc["59153", "median_status"] == "absent"  # not in the file
    assert "59999" not in df.index and "75056" not in df.index  # outside the perimeter
    assert len(df) == len(communes)


def write(tmp_path, lines):
    path = tmp_path / "cc_filosofi_2022_COM.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_a_bad_cell_names_its_row_and_column(tmp_path, communes):
    path = write(tmp_path, ["CODGEO;NBMENFISC22;NBPERSMENFISC22;MED22;TP6022",
                            "75056;1;2;3;4", "59606;20100;41000;17 500 €;31,5"])
    with pytest.raises(DataValidationError) as info:
        load_filosofi(path, communes, "x")
    assert str(info.value) == (f"{path}: ligne 3, colonne « MED22 » : règle « nombre » non "
                               f"respectée (valeur : '17 500 €')")


def test_a_file_without_its_year_columns_is_refused(tmp_path, communes):
    path = write(tmp_path, ["CODGEO;NBMENFISC22;MED21;TP6022", "59606;1;2;3"])
    with pytest.raises(DataValidationError) as info:
        load_filosofi(path, communes, "x")
    assert str(info.value) == (
        f"{path}: colonne(s) absente(s) pour un fichier Filosofi : NBMENFISC21, "
        f"NBPERSMENFISC21, TP6021 (colonnes lues : CODGEO, NBMENFISC22, MED21, TP6022)")


def test_a_file_without_a_median_column_is_refused(tmp_path, communes):
    path = write(tmp_path, ["CODGEO;NBMENFISC22", "59606;1"])
    with pytest.raises(DataValidationError) as info:
        load_filosofi(path, communes, "x")
    assert str(info.value) == (
        f"{path}: colonne « MEDaa » introuvable (ou en double) : ce n'est pas un fichier "
        f"Filosofi par commune de l'INSEE au format attendu")


def test_a_duplicated_commune_is_refused(tmp_path, communes):
    path = write(tmp_path, ["CODGEO;NBMENFISC22;NBPERSMENFISC22;MED22;TP6022",
                            "59606;1;2;3;4", "59606;1;2;3;4"])
    with pytest.raises(DataValidationError) as info:
        load_filosofi(path, communes, "x")
    assert str(info.value) == (f"{path}: ligne 3, colonne « CODGEO » : règle « unique » non "
                               f"respectée (valeur : '59606')")
