"""Loaders of the official files (LOVAC, INSEE base-ic-logement) on SYNTHETIC fixtures in the
exact official layout (tests/fixtures/README.md)."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import DataValidationError, SourceMissingError
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.official.census import load_census_logement
from analysis.inputs.official.lovac import load_lovac, lovac_by_territory
from analysis.inputs.official.reading import (
    _plain_numbers,
    check_declared,
    numbers,
    parse_number,
    read_official_csv,
    source_id_for,
)
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
LOVAC = FIXTURES / "lovac_synthetic_2024.csv"
CENSUS = FIXTURES / "base_ic_logement_synthetic_2022.csv"


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


@pytest.fixture(scope="module")
def cavm(communes) -> pd.DataFrame:
    return communes[communes["epci_short"] == "CAVM"]


def write(tmp_path, name, lines, encoding="utf-8"):
    path = tmp_path / name
    path.write_text("\n".join(lines) + "\n", encoding=encoding)
    return path


def test_read_official_csv_detects_the_semicolon_and_windows_1252():
    df = read_official_csv(LOVAC)
    assert df.columns[0] == "INSEE_COM" and len(df.columns) == 16
    assert df.loc[2, "NOM_COM"] == "Condé-sur-l'Escaut"
    assert df.loc[0, "INSEE_COM"] == "59606"  # codes stay text


def test_lovac_pairs_each_vacancy_date_with_the_next_years_stock_and_recomputes_the_rate(cavm):
    """The vacancy at 01/01/2024 is published over Nb_log_pp_2025 (see test_lovac.py, which
    checks the rule on the description sheet of the real files)."""
    df = load_lovac(LOVAC, cavm, "lovac_synthetic_2024").rows
    assert len(df) == 35 * 2 and set(df["year"]) == {2023, 2024}
    valenciennes = df[(df["commune_code"] == "59606") & (df["year"] == 2024)].iloc[0]
    assert valenciennes["private_dwellings"] == 20100 and valenciennes["vacant_private"] == 2500
    assert valenciennes["stock_year"] == 2025
    assert valenciennes["vacancy_rate_pct"] == pytest.approx(100 * 2500 / 20100)
    assert valenciennes["published_rate_pct"] == 12.4
    assert valenciennes["vacant_2y_plus"] == 950 and valenciennes["status"] == "known"
    assert "62498" not in set(df["commune_code"])  # Lens is not a CAVM commune


def test_lovac_secret_and_absent_communes_make_the_territory_total_a_lower_bound(communes, cavm):
    df = load_lovac(LOVAC, cavm, "lovac_synthetic_2024").rows
    estreux = df[(df["commune_code"] == "59215") & (df["year"] == 2024)].iloc[0]
    assert estreux["status"] == "secret" and pd.isna(estreux["vacant_private"])
    total = lovac_by_territory(df, communes)
    row = total[(total["territory"] == "CAVM") & (total["year"] == 2024)].iloc[0]
    assert row["vacant_private"] == 2500 + 460 + 610 + 310
    assert row["private_dwellings"] == 20100 + 5010 + 4020 + 4520
    assert row["vacancy_rate_pct"] == pytest.approx(100 * 3880 / 33650)
    assert row["vacant_2y_plus"] == 950 + 150 + 255 + 105
    assert (row["communes"], row["communes_known"], row["communes_secret"],
            row["communes_absent"]) == (35, 4, 1, 30)
    assert row["lower_bound"]


HEADER = "INSEE_COM;NOM_COM;Nb_log_pp_2025;Nb_logvac_pp_010124;CODE_EPCI;NOM_EPCI"


def test_lovac_missing_column_is_named(tmp_path, cavm):
    path = write(tmp_path, "lovac.csv", ["INSEE_COM;NOM_COM;Nb_logvac_pp_010124;NOM_EPCI",
                                         "59606;Valenciennes;2500;CAVM"])
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, cavm, "x")
    assert str(info.value) == (
        f"{path}: colonne(s) absente(s) pour un fichier LOVAC : CODE_EPCI (colonnes lues : "
        f"INSEE_COM, NOM_COM, Nb_logvac_pp_010124, NOM_EPCI)")


def test_lovac_without_vacancy_column_is_refused(tmp_path, cavm):
    path = write(tmp_path, "lovac.csv", ["INSEE_COM;NOM_COM;CODE_EPCI;NOM_EPCI",
                                         "59606;Valenciennes;245901160;CAVM"])
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, cavm, "x")
    assert str(info.value) == (
        f"{path}: aucune colonne « Nb_logvac_pp_0101AA » : ce n'est pas un fichier LOVAC "
        f"par commune au format attendu")


@pytest.mark.parametrize("value, rule", [("abc", "nombre"), ("-3", "positif ou nul")])
def test_lovac_bad_value_names_row_column_and_rule(tmp_path, cavm, value, rule):
    path = write(tmp_path, "lovac.csv", [HEADER, "59014;Anzin;5000;450;245901160;CAVM",
                                         f"59606;Valenciennes;20000;{value};245901160;CAVM"])
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, cavm, "x")
    assert str(info.value) == (
        f"{path}: ligne 3, colonne « Nb_logvac_pp_010124 » : règle « {rule} » non respectée "
        f"(valeur : {value!r})")


def test_lovac_duplicate_commune_is_refused(tmp_path, cavm):
    path = write(tmp_path, "lovac.csv", [HEADER, "59606;Valenciennes;20000;2500;245901160;C",
                                         "59606;Valenciennes;20000;2500;245901160;C"])
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, cavm, "x")
    assert str(info.value) == (
        f"{path}: ligne 3, colonne « INSEE_COM » : règle « unique » non respectée "
        f"(valeur : '59606')")


def test_lovac_accepts_commas_utf8_and_codes_that_lost_their_leading_zero(tmp_path):
    communes = pd.DataFrame({"commune_code": ["02691"], "commune_name": ["Saint-Quentin"],
                             "epci_short": ["X"]})
    path = write(tmp_path, "lovac.csv", ["INSEE_COM,NOM_COM,Nb_log_pp_2025,"
                                         "Nb_logvac_pp_010124,CODE_EPCI,NOM_EPCI",
                                         "2691,Saint-Quentin,1000,\"100,5\",200071,X"])
    df = load_lovac(path, communes, "x").rows
    assert df.loc[0, "vacant_private"] == 100.5 and df.loc[0, "commune_code"] == "02691"


def test_census_file_is_summed_by_commune_with_the_vintage_from_the_header(cavm):
    two = cavm[cavm["commune_code"].isin(["59606", "59215"])]
    census = load_census_logement(CENSUS, two, "base_ic_logement_synthetic_2022")
    assert census.vintage == 2022
    wide = census.df_by_commune.pivot(index="commune_code", columns="indicator", values="value")
    assert wide.loc["59606", "dwellings"] == 1500.5 + 1200 + 900.5
    assert wide.loc["59606", "flats"] == 1190 + 690 + 295.5
    assert wide.loc["59606", "vacant_dwellings"] == 180 + 140 + 95
    assert wide.loc["59215", "secondary_residences"] == 8
    assert set(wide.index) == {"59606", "59215"}
    assert set(census.df_by_commune["source_id"]) == {"base_ic_logement_synthetic_2022"}


def test_census_file_missing_a_commune_of_the_territories_is_refused(cavm):
    three = cavm[cavm["commune_code"].isin(["59606", "59215", "59014"])]
    with pytest.raises(DataValidationError) as info:
        load_census_logement(CENSUS, three, "x")
    assert str(info.value) == (
        f"{CENSUS}: 1 commune(s) des territoires absente(s) du fichier (par exemple 59014) : "
        f"fichier incomplet ou d'une autre géographie")


def test_census_file_without_a_year_prefixed_log_column_is_refused(tmp_path, cavm):
    path = write(tmp_path, "base.csv", ["IRIS;COM;LOG", "596060101;59606;10"])
    with pytest.raises(DataValidationError) as info:
        load_census_logement(path, cavm, "x")
    assert str(info.value) == (
        f"{path}: colonne « Paa_LOG » introuvable (ou en double) : ce n'est pas un fichier "
        f"base-ic-logement de l'INSEE au format attendu")


def test_source_id_of_a_dropped_file():
    assert source_id_for("data/housing/census/base-ic-logement-2022.CSV") == (
        "base_ic_logement_2022")


def test_an_undeclared_file_gets_the_line_to_add_to_sources_csv(tmp_path):
    data = tmp_path / "data"
    (data / "housing" / "lovac").mkdir(parents=True)
    path = data / "housing" / "lovac" / LOVAC.name
    shutil.copy(LOVAC, path)
    sources = load_table("sources")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with pytest.raises(SourceMissingError) as info:
        check_declared(path, sources, "LOVAC", "CEREMA", "Licence Ouverte 2.0", data)
    message = str(info.value)
    assert message.startswith(f"{path}: source 'lovac_synthetic_2024' absente de sources.csv.")
    assert message.endswith(
        f"lovac_synthetic_2024,LOVAC,CEREMA,,AAAA-MM,à compléter,Licence Ouverte 2.0,"
        f"data/housing/lovac/lovac_synthetic_2024.csv,{digest},téléchargé par l'analyste,")


def test_a_file_changed_since_its_declaration_is_refused(tmp_path):
    data = tmp_path / "data"
    (data / "housing" / "lovac").mkdir(parents=True)
    path = data / "housing" / "lovac" / LOVAC.name
    shutil.copy(LOVAC, path)
    sources = pd.DataFrame({"source_id": ["lovac_synthetic_2024"], "sha256": ["0" * 64]})
    with pytest.raises(SourceMissingError) as info:
        check_declared(path, sources, "LOVAC", "CEREMA", "Licence Ouverte 2.0", data)
    assert "le fichier a changé depuis sa déclaration" in str(info.value)


# SYNTHETIC cells: the ways official files write a number, a secret or nothing
CELLS = ["1,5", " 2 ", "s", "", "secret", "1_000", "nan", "inf", "\u202f3\u00a0000", "-0",
         "ND", "1e3", "12.25", "-"]


def test_a_column_of_numbers_reads_as_each_cell_does_alone():
    df = pd.DataFrame({"MWh": CELLS})
    one_by_one = [parse_number(v, Path("x.csv"), i + 2, "MWh") for i, v in enumerate(CELLS)]
    assert _plain_numbers(df["MWh"]) is not None  # the vectorised reading took them all
    read = numbers(df, "MWh", Path("x.csv"))
    assert np.array_equal(read.to_numpy(), np.array(one_by_one), equal_nan=True)
    assert list(np.signbit(read.fillna(1))) == list(np.signbit(pd.Series(one_by_one).fillna(1)))


@pytest.mark.parametrize(("bad", "rule"), [("abc", "nombre"), ("-2", "positif ou nul")])
def test_a_column_with_a_bad_cell_names_its_first_one(bad, rule):
    df = pd.DataFrame({"MWh": ["1", bad, "x"]})
    with pytest.raises(DataValidationError) as caught:
        numbers(df, "MWh", Path("x.csv"))
    assert str(caught.value) == (f"x.csv: ligne 3, colonne « MWh » : règle « {rule} » non "
                                 f"respectée (valeur : {bad!r})")
