"""The rent-map loader (analysis.inputs.official.rents) on the committed DHUP / ANIL files
and on a SYNTHETIC fixture (tests/fixtures/README.md). Expected values on the real files are
read here with the csv module (Latin-1, decimal comma) and summarised in plain Python."""

from __future__ import annotations

import csv

import pandas as pd
import pytest
from helpers import reported_rows

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.official.rents import load_rents
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes
from analysis.sections.housing.incomes_rents import weighted_rent

REAL = sorted((PROJECT_ROOT / "data" / "housing" / "rents").glob("*.csv"))
SYNTHETIC = PROJECT_ROOT / "tests" / "fixtures" / "indicateurs-loyers-appartements-synthetic.csv"
TERRITORIES = ("CAVM", "CAPH", "CALL", "CABBALR")


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


def independent(path) -> dict[str, tuple[float, float, float, int]]:
    """Per territory: lowest and highest loypredm2, the average weighted by NBobs_commune,
    the communes predicted at their own level — the csv module only, joined on the INSEE
    code with its leading zero restored (never on the file's EPCI)."""
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        members = {r["commune_code"]: r["epci_short"] for r in reported_rows(csv.DictReader(f))}
    with open(path, encoding="latin-1") as f:
        rows = list(csv.DictReader(f, delimiter=";"))
    out = {}
    for territory in TERRITORIES:
        mine = [r for r in rows if members.get(r["INSEE"].zfill(5)) == territory]
        rents = [float(r["loypredm2"].replace(",", ".")) for r in mine]
        ads = [int(r["NBobs_commune"]) for r in mine]
        weighted = sum(x * n for x, n in zip(rents, ads, strict=True)) / sum(ads)
        own = sum(r["TYPPRED"] == "commune" for r in mine)
        assert len(mine) == sum(1 for t in members.values() if t == territory)
        out[territory] = (min(rents), max(rents), weighted, own)
    return out


@pytest.mark.parametrize("path", REAL, ids=lambda p: p.name)
def test_ranges_and_weighted_averages_match_a_csv_read(path, communes):
    expected = independent(path)
    loaded = load_rents(path, communes, "x", 2018)
    assert loaded.kind == ("flats" if "appartements" in path.name else "houses")
    df = loaded.communes.merge(communes[["commune_code", "epci_short"]], on="commune_code")
    for territory, (low, high, weighted, own) in expected.items():
        mine = df[df["epci_short"] == territory]
        assert (mine["status"] == "known").all()
        assert (mine["rent_eur_m2"].min(), mine["rent_eur_m2"].max()) == (low, high)
        assert weighted_rent(mine) == pytest.approx(weighted, rel=1e-12)
        assert (mine["prediction_level"] == "commune").sum() == own


def test_the_synthetic_file_latin1_decimal_comma_and_a_code_without_its_zero(communes):
    extra = pd.DataFrame({"commune_code": ["02691"], "commune_name": ["Saint-Quentin"],
                          "epci_siren": ["200071892"], "epci_short": ["X"]})
    loaded = load_rents(SYNTHETIC, pd.concat([communes, extra]), "synthetic", 2018)
    df = loaded.communes.set_index("commune_code")
    assert loaded.kind == "flats"
    assert (df.loc["59606", "rent_eur_m2"], df.loc["59606", "rent_low"]) == (9.5, 7.25)
    assert df.loc["02691", "rent_eur_m2"] == 9  # « 2691 » in the file
    assert df.loc["59153", "prediction_level"] == "epci"
    assert df.loc["59215", "status"] == "absent"
    assert "59999" not in df.index  # a commune the perimeter does not have: not counted
    cavm = df[df.index.isin(communes.loc[communes["epci_short"] == "CAVM", "commune_code"])]
    # Condé-sur-l'Escaut has no advertisement: it weighs nothing
    assert weighted_rent(cavm[cavm["status"] == "known"]) == pytest.approx(
        (9.5 * 1800 + 10.5 * 40) / 1840)


HEADER = ("id_zone;INSEE;LIBGEO;DEP;REG;EPCI;TYPPRED;loypredm2;lwr.IPm2;upr.IPm2;R2adj;"
          "NBobs_maille;NBobs_commune")


def write(tmp_path, line, name="indicateurs-loyers-maisons.csv"):
    path = tmp_path / name
    path.write_text(f"{HEADER}\n1;59014;Anzin;59;32;x;commune;8;7;9;0,7;10;10\n{line}\n",
                    encoding="latin-1")
    return path


@pytest.mark.parametrize("line, column, rule, value", [
    ("2;59606;V;59;32;x;commune;8,5 e;7;9;0,7;10;10", "loypredm2", "nombre", "8,5 e"),
    ("2;59606;V;59;32;x;quartier;8;7;9;0,7;10;10", "TYPPRED",
     "niveau de prédiction (commune, maille ou epci)", "quartier"),
    ("2;59606;V;59;32;x;commune;9,5;7;9;0,7;10;10", "loypredm2",
     "dans son intervalle (lwr.IPm2 ≤ loypredm2 ≤ upr.IPm2)", "9,5"),
])
def test_a_bad_row_is_refused_with_its_line_column_and_rule(tmp_path, communes, line, column,
                                                           rule, value):
    path = write(tmp_path, line)
    with pytest.raises(DataValidationError) as info:
        load_rents(path, communes, "x", 2018)
    assert str(info.value) == (f"{path}: ligne 3, colonne « {column} » : règle « {rule} » non "
                               f"respectée (valeur : {value!r})")


def test_a_file_whose_name_says_no_kind_of_dwelling_is_refused(tmp_path, communes):
    path = write(tmp_path, "2;59606;V;59;32;x;commune;8;7;9;0,7;10;10", "loyers.csv")
    with pytest.raises(DataValidationError) as info:
        load_rents(path, communes, "x", 2018)
    assert str(info.value) == (
        f"{path}: type de logement introuvable dans le nom du fichier (« appartements » ou « "
        f"maisons », comme les fichiers publiés indicateurs-loyers-appartements.csv et "
        f"indicateurs-loyers-maisons.csv)")
