"""Loader of the consolidated charging-points file (IRVE statique 2.3.x) on a SYNTHETIC fixture
in the exact official layout (tests/fixtures/README.md); expected values are read off the
fixture by hand."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.display.charts import commune_polygons
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.official.irve import (
    irve_counts,
    load_irve,
    locate_points,
    parse_coordinates,
    power_class,
)
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

IRVE = PROJECT_ROOT / "tests" / "fixtures" / "irve_synthetic_20250301.csv"


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


@pytest.fixture(scope="module")
def polygons(communes) -> dict:
    return commune_polygons(load_commune_shapes(codes=communes["commune_code"]))


@pytest.fixture(scope="module")
def irve(communes, polygons):
    return load_irve(IRVE, communes, polygons, "irve_synthetic_20250301")


@pytest.mark.parametrize("text, expected", [
    ("[3.51378, 50.3591]", (3.51378, 50.3591, False)),
    ("[50.3591, 3.51378]", (3.51378, 50.3591, True)),  # latitude first: swapped back
    ("[-1.5,47.2]", (-1.5, 47.2, False)),
])
def test_parse_coordinates_reads_lon_lat_and_swaps_a_latitude_written_first(text, expected):
    assert parse_coordinates(text) == pytest.approx(expected)


def test_parse_coordinates_gives_nan_for_unreadable_text():
    lon, lat, swapped = parse_coordinates("")
    assert np.isnan(lon) and np.isnan(lat) and not swapped


@pytest.mark.parametrize("power, expected", [
    (3.7, "upto_7_4kw"), (7.4, "upto_7_4kw"), (7.5, "upto_22kw"), (22, "upto_22kw"),
    (22.1, "upto_50kw"), (50, "upto_50kw"), (50.1, "over_50kw"), (350, "over_50kw"),
    (0, "power_unknown"), (float("nan"), "power_unknown"),
])
def test_power_class_bounds_are_included_in_the_lower_class(power, expected):
    assert power_class(power) == expected


def test_locate_points_finds_the_commune_polygon(polygons):
    found = locate_points(np.array([3.51378, 2.3470, np.nan]), np.array([50.3591, 48.859, 1]),
                          polygons)
    assert list(found) == ["59606", "", ""]  # Valenciennes; Paris is not ours; no position


def test_load_irve_keeps_the_points_of_the_territories_once(irve):
    assert irve.vintage == 2025 and irve.snapshot == "2025-03-01"  # date in the file name
    assert irve.rows_read == 10
    # 10 rows - 1 in Paris - 1 listed twice
    assert len(irve.points) == 8 and irve.duplicates_removed == 1
    assert irve.points["point_id"].is_unique


def test_load_irve_keeps_the_latest_update_of_a_point_listed_twice(irve):
    point = irve.points.set_index("point_id").loc["FRXXXE596060011"]
    assert point["power_kw"] == 50 and point["updated"] == pd.Timestamp("2024-06-01")


def test_load_irve_locates_by_code_else_by_coordinates(irve):
    points = irve.points.set_index("point_id")
    # "59300" is Valenciennes' postal code, not a commune code: its coordinates decide
    assert points.loc["FRXXXE596060021", ["commune_code", "located_by", "code_given"]].tolist() \
        == ["59606", "coordinates", "59300"]
    # Denain: no code, latitude written first, power written in watts
    denain = points.loc["FRXXXE591720011"]
    assert denain["commune_code"] == "59172" and denain["located_by"] == "coordinates"
    assert denain["lon"] == pytest.approx(3.39509) and denain["power_kw"] == 22
    assert irve.located_by_coordinates == 2
    assert irve.swapped_coordinates == 1 and irve.watts_converted == 1


def test_irve_counts_per_commune_power_class_and_commissioning_year(irve, communes):
    per_commune = irve_counts(irve.points, communes)
    assert len(per_commune) == 218  # every commune, with 0 where there is no point
    by_epci = per_commune.groupby("epci_short")["points"].sum().to_dict()
    assert by_epci == {"CAVM": 4, "CAPH": 1, "CALL": 2, "CABBALR": 1}
    classes = irve_counts(irve.points, communes, "power_class")
    cavm = classes[classes["epci_short"] == "CAVM"].groupby("power_class")["points"].sum()
    assert cavm.to_dict() == {"upto_7_4kw": 1, "upto_22kw": 1, "upto_50kw": 1, "over_50kw": 1}
    years = irve_counts(irve.points, communes, "commissioned_year")
    cavm_years = years[years["epci_short"] == "CAVM"].set_index("commissioned_year")["points"]
    assert cavm_years.to_dict() == {2019: 1, 2021: 1, 2023: 1, 2024: 1}
    bethune = years[years["epci_short"] == "CABBALR"]
    assert bethune["commissioned_year"].isna().all()  # no commissioning date in the file


def test_load_irve_names_a_missing_column(tmp_path, communes, polygons):
    path = tmp_path / "irve_20250301.csv"
    text = IRVE.read_text(encoding="utf-8").replace("puissance_nominale", "puissance", 1)
    path.write_text(text, encoding="utf-8")
    with pytest.raises(DataValidationError) as error:
        load_irve(path, communes, polygons, "irve_20250301")
    assert str(error.value).startswith(
        f"{path}: colonne(s) absente(s) pour un fichier IRVE statique : puissance_nominale")


def test_load_irve_names_the_row_of_a_bad_date_or_power(tmp_path, communes, polygons):
    lines = IRVE.read_text(encoding="utf-8").splitlines()
    path = tmp_path / "irve_20250301.csv"
    path.write_text("\n".join([lines[0], lines[1].replace("2021-05-10", "10/05/2021")]) + "\n",
                    encoding="utf-8")
    with pytest.raises(DataValidationError, match=(
            r"ligne 2, colonne « date_mise_en_service » : règle « date AAAA-MM-JJ » non "
            r"respectée \(valeur : '10/05/2021'\)")):
        load_irve(path, communes, polygons, "irve_20250301")
    path.write_text("\n".join([lines[0], lines[1].replace(",22,", ",22 kW,")]) + "\n",
                    encoding="utf-8")
    with pytest.raises(DataValidationError, match=(
            r"ligne 2, colonne « puissance_nominale » : règle « nombre » non respectée "
            r"\(valeur : '22 kW'\)")):
        load_irve(path, communes, polygons, "irve_20250301")
