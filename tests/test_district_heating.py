"""Loader of the SDES heat and cold network files by IRIS
(:mod:`analysis.inputs.official.district_heating`).

On the committed real files, the expected sums are computed here by another route: a plain
pandas read that skips the first header row by hand, a filter on the commune codes of
``data/reference/communes.csv`` and a sum. On the SYNTHETIC fixture
(tests/fixtures/README.md), the expected values are read off the fixture by hand; bad inputs
are made from it and their exact messages asserted."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from helpers import reported_frame

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.official.district_heating import (
    load_district_heating,
    repair_double_encoding,
)
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

DATA = PROJECT_ROOT / "data"
REAL_FILES = sorted((DATA / "energy" / "district_heating").glob("*.csv"))
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "district_heating_synthetic.2024-09.csv"
WHAT = "SDES réseaux de chaleur et de froid par IRIS"


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


@pytest.fixture(scope="module")
def synthetic(communes):
    return load_district_heating(FIXTURE, communes, "district_heating_synthetic_2024_09")


def raw(path: Path) -> pd.DataFrame:
    """The file read by hand: the first header row (labels) skipped, the codes row as header,
    every cell as text."""
    df = pd.read_csv(path, sep=";", skiprows=1, dtype=str, keep_default_na=False,
                     encoding="utf-8")
    return df.rename(columns={"IRIS_CODE": "IRIS"})


def reference_communes() -> pd.DataFrame:
    return reported_frame(pd.read_csv(DATA / "reference" / "communes.csv", dtype=str))


# --- the committed files ----------------------------------------------------------------------


def test_real_files_are_committed():
    assert len(REAL_FILES) >= 5


@pytest.mark.parametrize("path", REAL_FILES, ids=lambda p: p.name[-11:-4])
def test_the_loader_keeps_every_row_of_our_communes_with_their_values(path, communes):
    df = raw(path)
    ref = reference_communes()
    mine = df[df["IRIS"].str[:5].isin(set(ref["commune_code"]))]
    loaded = load_district_heating(path, communes, "x")
    assert loaded.rows_read == len(df)
    assert loaded.years == tuple(sorted({int(y) for y in df["ANNEE"]}))
    assert loaded.rows_kept + loaded.repeated_rows == len(mine)
    expected_mwh = pd.to_numeric(mine["CONSO"], errors="coerce").sum()
    expected_points = pd.to_numeric(mine["PDL"], errors="coerce").sum()
    assert loaded.rows["mwh"].sum() == pytest.approx(expected_mwh)
    assert loaded.rows["points"].sum() == pytest.approx(expected_points)
    # secret and nd are told apart, cell by cell
    assert (loaded.rows["mwh_mark"] == "secret").sum() == (mine["CONSO"] == "secret").sum()
    assert (loaded.rows["mwh_mark"] == "nd").sum() == (mine["CONSO"] == "nd").sum()


def test_the_double_encoded_operator_names_of_the_2020_10_file_are_repaired(communes):
    path = next(p for p in REAL_FILES if p.name.endswith(".2020-10.csv"))
    df = raw(path)
    ref = reference_communes()
    mine = df[df["IRIS"].str[:5].isin(set(ref["commune_code"]))]
    double = mine["OPERATEUR"].str.contains("Ã")
    loaded = load_district_heating(path, communes, "x")
    assert loaded.repaired_names == double.sum() > 0
    assert not loaded.rows["operator"].str.contains("Ã").any()
    # the Lens IRIS of that file carry the name « Réseau de chaleur de BÃ©thune »
    lens = loaded.rows[loaded.rows["commune_code"] == "62498"]
    assert set(lens["operator"]) == {"Réseau de chaleur de Béthune"}


def test_repair_keeps_what_is_not_double_encoded():
    assert repair_double_encoding("Réseau de chaleur de BÃ©thune") == \
        "Réseau de chaleur de Béthune"
    assert repair_double_encoding("RÃ©seau d'Abbeville") == "Réseau d'Abbeville"
    assert repair_double_encoding("Liévin — réseau à Ã") == "Liévin — réseau à Ã"
    assert repair_double_encoding("R?seau de Denain") == "R?seau de Denain"


# --- the SYNTHETIC fixture --------------------------------------------------------------------


def _rows(loaded, commune: str) -> pd.DataFrame:
    return loaded.rows[loaded.rows["commune_code"] == commune]


def test_secret_nd_and_empty_cells_are_kept_apart(synthetic):
    bethune = _rows(synthetic, "62119")
    assert bethune["mwh"].sum() == 1000.5 + 2000  # the secret tertiary cell is not a zero
    assert bethune["mwh_mark"].tolist().count("secret") == 1
    lens = _rows(synthetic, "62498")
    nd = lens[lens["sector"] == "sector_nd"].iloc[0]
    assert pd.isna(nd["mwh"]) and nd["mwh_mark"] == "nd" and nd["points_mark"] == "nd"
    lievin = _rows(synthetic, "62510").iloc[0]
    assert lievin["mwh"] == 800.25 and lievin["points_mark"] == "vide"
    assert lievin["sector"] == "sector_x"


def test_a_repeated_line_is_counted_once(synthetic):
    mont_liebaut = synthetic.rows[synthetic.rows["iris"] == "621190106"]
    assert len(mont_liebaut) == 1 and mont_liebaut["mwh"].iloc[0] == 2000
    assert synthetic.repeated_rows == 1


def test_fictitious_iris_cold_rows_and_names(synthetic):
    denain = _rows(synthetic, "59172").iloc[0]
    assert (denain["iris"], denain["mwh"], denain["sector"]) == ("59172XXXX", 1500, "industry")
    assert set(_rows(synthetic, "62498")["filiere"]) == {"heat", "cold"}
    assert set(_rows(synthetic, "62498")["operator"]) == {"Réseau fictif de Lens"}
    assert synthetic.repaired_names == 2 and synthetic.unrepaired_names == 1


def test_a_merged_commune_is_not_counted_but_listed(synthetic):
    # 62999 is no commune of the reference: its row of the Béthune network is listed apart
    assert "62999" not in set(synthetic.rows["commune_code"])
    assert synthetic.outside[["network_id", "commune_code"]].values.tolist() == [
        ["6204C", "62999"]]
    assert "75101" not in set(synthetic.rows["commune_code"])  # Paris: outside, not listed
    assert (synthetic.rows_read, synthetic.rows_kept, synthetic.years) == (11, 7, (2024,))


def test_a_file_saved_with_its_codes_row_only_is_read_too(tmp_path, communes, synthetic):
    path = tmp_path / "codes_only.csv"
    path.write_text(FIXTURE.read_text(encoding="utf-8").split("\n", 1)[1], encoding="utf-8")
    loaded = load_district_heating(path, communes, "x")
    pd.testing.assert_frame_equal(loaded.rows, synthetic.rows)


# --- bad input --------------------------------------------------------------------------------


def _rewrite(tmp_path, old: str, new: str) -> Path:
    path = tmp_path / FIXTURE.name
    text = FIXTURE.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new, 1), encoding="utf-8")
    return path


def test_a_file_without_its_codes_row_is_refused(tmp_path, communes):
    path = _rewrite(tmp_path, '"ID";"OPERATEUR";"ANNEE";"IRIS";"IRIS_LIBELLE";"FILIERE";'
                    '"CODE_GRAND_SECTEUR";"CONSO";"PDL"\n', "")
    with pytest.raises(DataValidationError) as info:
        load_district_heating(path, communes, "x")
    assert str(info.value) == (
        f"{path}: ligne 2 : règle « deuxième ligne d'en-tête : codes des colonnes (OPERATEUR, "
        f"ANNEE, FILIERE, IRIS…) » non respectée (fichier {WHAT})")


def test_a_bad_consumption_names_the_line_under_the_two_header_rows(tmp_path, communes):
    path = _rewrite(tmp_path, '"R";1000.5;4', '"R";1OOO,5;4')
    with pytest.raises(DataValidationError) as info:
        load_district_heating(path, communes, "x")
    assert str(info.value) == (f"{path}: ligne 3, colonne « CONSO » : règle « nombre » non "
                               f"respectée (valeur : '1OOO,5')")


def test_a_negative_delivery_point_count_is_refused(tmp_path, communes):
    path = _rewrite(tmp_path, '"T";2000;6\n"6204C"', '"T";2000;-6\n"6204C"')
    with pytest.raises(DataValidationError) as info:
        load_district_heating(path, communes, "x")
    assert str(info.value) == (f"{path}: ligne 5, colonne « PDL » : règle « positif ou nul » "
                               f"non respectée (valeur : '-6')")


def test_an_unknown_sector_is_refused(tmp_path, communes):
    path = _rewrite(tmp_path, '"C";"R";1000.5', '"C";"Z";1000.5')
    with pytest.raises(DataValidationError) as info:
        load_district_heating(path, communes, "x")
    assert str(info.value) == (f"{path}: ligne 3, colonne « CODE_GRAND_SECTEUR » : règle "
                               f"« grand secteur R, T, I, A, X ou nd » non respectée "
                               f"(valeur : 'Z')")


def test_an_unknown_filiere_and_a_bad_iris_and_year_are_refused(tmp_path, communes):
    cases = [('"2024";"621190101";"Centre Ville";"C";"R"',
              '"2024";"621190101";"Centre Ville";"E";"R"', "FILIERE", "filière C, F ou NA",
              "'E'"),
             ('"621190101";"Centre Ville";"C";"R"', '"6211901";"Centre Ville";"C";"R"', "IRIS",
              "code IRIS : code commune et 4 chiffres (ou XXXX)", "'6211901'"),
             ('"2024";"621190101";"Centre Ville";"C";"R"',
              '"24";"621190101";"Centre Ville";"C";"R"', "ANNEE", "année AAAA", "'24'")]
    for old, new, column, rule, value in cases:
        path = _rewrite(tmp_path, old, new)
        with pytest.raises(DataValidationError) as info:
            load_district_heating(path, communes, "x")
        assert str(info.value) == (f"{path}: ligne 3, colonne « {column} » : règle « {rule} » "
                                   f"non respectée (valeur : {value})")


def test_a_missing_column_is_named(tmp_path, communes):
    path = _rewrite(tmp_path, '"CONSO";"PDL"', '"CONSO";"POINTS"')
    with pytest.raises(DataValidationError) as info:
        load_district_heating(path, communes, "x")
    assert str(info.value).startswith(
        f"{path}: colonne(s) absente(s) pour un fichier {WHAT} : PDL (colonnes lues : ID, "
        f"OPERATEUR, ANNEE, IRIS,")
