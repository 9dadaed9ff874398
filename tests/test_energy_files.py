"""Loaders of the Enedis production and Agence ORE consumption files, on SYNTHETIC fixtures in
the official layouts (tests/fixtures/README.md); expected values are read off the fixtures by
hand."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.official.energy import load_enedis_production, load_energy_consumption
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
PRODUCTION = FIXTURES / "enedis_production_synthetic.csv"
CONSUMPTION = FIXTURES / "energy_consumption_synthetic.csv"


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


@pytest.fixture(scope="module")
def production(communes):
    return load_enedis_production(PRODUCTION, communes, "enedis_production_synthetic")


@pytest.fixture(scope="module")
def consumption(communes):
    return load_energy_consumption(CONSUMPTION, communes, "energy_consumption_synthetic")


def _value(rows, commune, year, energy, column="mwh", category=""):
    found = rows[(rows["commune_code"] == commune) & (rows["year"] == year)
                 & (rows["energy"] == energy) & (rows["category"] == category)]
    assert len(found) == 1
    return found[column].iloc[0]


def test_production_is_summed_over_voltage_domains(production):
    # Valenciennes 2023: BT 120 sites 400.5 MWh + HTA 2 sites 1,500 MWh of photovoltaics
    assert _value(production.rows, "59606", 2023, "solar_pv") == 1900.5
    assert _value(production.rows, "59606", 2023, "solar_pv", "sites") == 122
    assert _value(production.rows, "59606", 2023, "bioenergy") == 3000
    assert production.details == ("BT <= 36 kVA", "BT > 36 kVA", "HTA")


def test_production_keeps_every_filiere_and_counts_empty_cells(production):
    assert set(production.rows["energy"]) == {"solar_pv", "wind", "hydro", "bioenergy",
                                              "cogeneration", "other"}
    denain_wind = production.rows[(production.rows["commune_code"] == "59172")
                                  & (production.rows["energy"] == "wind")].iloc[0]
    assert pd.isna(denain_wind["mwh"]) and denain_wind["empty_cells"] == 1


def test_production_joins_through_the_commune_code_not_the_epci_code(production):
    # Béthune 2016 is filed under a former (fictitious) EPCI code: it is still counted
    assert _value(production.rows, "62119", 2016, "solar_pv") == 90
    assert production.former_epci_rows == 1
    # a commune code unknown today, under the CAVM's SIREN (a merged commune): reported
    assert production.unknown_commune_rows == 1
    assert "75056" not in set(production.rows["commune_code"])  # Paris: outside
    assert (production.rows_read, production.rows_kept) == (10, 8)
    assert production.years == (2016, 2022, 2023) and production.vintage == 2023


def test_consumption_is_summed_over_operators_and_naf_divisions(consumption):
    rows = consumption.rows
    assert _value(rows, "59606", 2023, "electricity", category="residential") == 95000.5
    assert _value(rows, "59606", 2023, "gas", category="residential") == 120000
    assert _value(rows, "59606", 2023, "gas", "secret_cells", "industry") == 1
    assert _value(rows, "59606", 2023, "electricity", "empty_cells", "unknown") == 1
    assert consumption.details == ("Enedis", "GRDF")
    assert consumption.years == (2022, 2023)


def test_loaders_accept_the_api_export_column_names(tmp_path, communes):
    text = CONSUMPTION.read_text(encoding="utf-8")
    header, body = text.split("\n", 1)
    path = tmp_path / "conso.csv"
    path.write_text(header.lower() + "\n" + body, encoding="utf-8")
    loaded = load_energy_consumption(path, communes, "x")
    assert _value(loaded.rows, "59606", 2023, "electricity", category="residential") == \
        95000.5


def _rewrite(tmp_path, source, old, new):
    path = tmp_path / source.name
    path.write_text(source.read_text(encoding="utf-8").replace(old, new, 1), encoding="utf-8")
    return path


def test_a_missing_commune_column_is_named(tmp_path, communes):
    path = _rewrite(tmp_path, PRODUCTION, "Code commune", "Commune")
    with pytest.raises(DataValidationError) as info:
        load_enedis_production(path, communes, "x")
    assert str(info.value).startswith(
        f"{path}: colonne absente pour un fichier Enedis production par filière : "
        f"Code commune (colonnes lues : Année, Nom commune, Commune,")


def test_a_bad_value_names_the_row_the_column_and_the_rule(tmp_path, communes):
    path = _rewrite(tmp_path, PRODUCTION, ";400.5;", ";4OO,5;")
    with pytest.raises(DataValidationError) as info:
        load_enedis_production(path, communes, "x")
    assert str(info.value) == (
        f"{path}: ligne 2, colonne « Energie produite annuelle Photovoltaïque Enedis (MWh) » "
        f": règle « nombre » non respectée (valeur : '4OO,5')")


def test_a_negative_consumption_is_refused(tmp_path, communes):
    path = _rewrite(tmp_path, CONSUMPTION, ";95000.5;", ";-95000.5;")
    with pytest.raises(DataValidationError, match="ligne 2, colonne « CONSO » : règle « positif "
                                                  "ou nul »"):
        load_energy_consumption(path, communes, "x")


def test_an_unknown_sector_code_is_refused(tmp_path, communes):
    path = _rewrite(tmp_path, CONSUMPTION, "Enedis;2023;E;RES;R;", "Enedis;2023;E;RES;X;")
    with pytest.raises(DataValidationError) as info:
        load_energy_consumption(path, communes, "x")
    assert str(info.value) == (
        f"{path}: ligne 2, colonne « CODE_GRAND_SECTEUR » : règle « grand secteur R, T, I, A "
        f"ou NA » non respectée (valeur : 'X')")


def test_a_year_that_is_not_a_year_is_refused(tmp_path, communes):
    path = _rewrite(tmp_path, PRODUCTION, "\n2023;Valenciennes", "\n23;Valenciennes")
    with pytest.raises(DataValidationError, match="ligne 2, colonne « Année » : règle « année "
                                                  "AAAA » non respectée"):
        load_enedis_production(path, communes, "x")


# --- the Enedis extract, zipped as published -------------------------------------------------

ENEDIS_ZIP = next((PROJECT_ROOT / "data" / "energy" / "enedis_production").glob("*.csv.zip"))


def test_the_committed_zip_is_read_as_published(communes):
    import zipfile

    with zipfile.ZipFile(ENEDIS_ZIP) as archive:
        (member,) = archive.namelist()
        with archive.open(member) as f:
            raw = pd.read_csv(f, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    raw["commune_code"] = raw["Code commune"].str.zfill(5)  # codes lost their leading zero
    mine = raw[raw["commune_code"].isin(set(communes["commune_code"]))]
    columns = [c for c in raw.columns if c.startswith("Energie produite annuelle")]
    loaded = load_enedis_production(ENEDIS_ZIP, communes, "x")
    assert loaded.rows_read == len(raw) and loaded.rows_kept == len(mine)
    assert loaded.rows["mwh"].sum() == pytest.approx(mine[columns].apply(pd.to_numeric)
                                                     .sum().sum())
    assert set(loaded.rows["commune_code"]) == set(mine["commune_code"])
    assert loaded.vintage == raw["Année"].astype(int).max()


def _zip(tmp_path, members: dict[str, str]):
    import zipfile

    path = tmp_path / "production.csv.zip"
    with zipfile.ZipFile(path, "w") as archive:
        for name, text in members.items():
            archive.writestr(name, text)
    return path


def test_a_zip_is_read_like_the_csv_inside(tmp_path, communes, production):
    path = _zip(tmp_path, {"production.csv": PRODUCTION.read_text(encoding="utf-8")})
    loaded = load_enedis_production(path, communes, "enedis_production_synthetic")
    pd.testing.assert_frame_equal(loaded.rows, production.rows)


def test_a_zip_must_hold_one_csv(tmp_path, communes):
    text = PRODUCTION.read_text(encoding="utf-8")
    path = _zip(tmp_path, {"a.csv": text, "b.csv": text})
    with pytest.raises(DataValidationError) as info:
        load_enedis_production(path, communes, "x")
    assert str(info.value) == (f"{path}: règle « un seul fichier CSV dans l'archive » non "
                               f"respectée (fichiers CSV : a.csv, b.csv)")
    broken = tmp_path / "broken.csv.zip"
    broken.write_bytes(b"not a zip")
    with pytest.raises(DataValidationError) as info:
        load_enedis_production(broken, communes, "x")
    assert str(info.value) == f"{broken}: archive zip illisible"


def test_a_bad_value_inside_a_zip_names_the_archive_the_row_and_the_column(tmp_path,
                                                                          communes):
    text = PRODUCTION.read_text(encoding="utf-8").replace(";400.5;", ";4OO,5;", 1)
    path = _zip(tmp_path, {"production.csv": text})
    with pytest.raises(DataValidationError) as info:
        load_enedis_production(path, communes, "x")
    assert str(info.value) == (
        f"{path}: ligne 2, colonne « Energie produite annuelle Photovoltaïque Enedis (MWh) » "
        f": règle « nombre » non respectée (valeur : '4OO,5')")
