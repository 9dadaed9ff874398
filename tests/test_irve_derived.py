"""Loader of the IRVE derivative (analysis.inputs.official.irve_derived) and the choice of
one charging-points file per year (analysis.sections.mobility.files).

On the committed real file, expectations come from an independent route written in the tests
(helpers.irve_derived_points: pyarrow, matplotlib.path, the csv module). Edge cases use the
SYNTHETIC fixture tests/fixtures/irve_derived_synthetic.csv (tests/fixtures/README.md),
written to Parquet here with the real file's Arrow schema; its expected values are read off
the fixture by hand.
"""

from __future__ import annotations

import dataclasses
import hashlib

import numpy as np
import pandas as pd
import pyarrow as pa
import pyarrow.parquet as pq
import pytest
from helpers import IRVE_DERIVED, drop_file, irve_derived_points

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.display.charts import commune_polygons
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.official.irve import irve_counts
from analysis.inputs.official.irve_derived import (
    derived_snapshot,
    load_irve_derived,
    name_key,
)
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes
from analysis.sections import mobility
from analysis.sections.base import compute
from analysis.sections.mobility.model import (
    commissioning_unknown,
    operator_counts,
    with_plausible_dates,
)

SYNTHETIC = PROJECT_ROOT / "tests" / "fixtures" / "irve_derived_synthetic.csv"
SNAPSHOT = "2025-10-25"  # the fixture is read as a snapshot of this date


def to_parquet(csv_path, target, edit=None):
    """The SYNTHETIC CSV written as the derivative is published: the real file's Arrow
    schema, an empty cell as a null; ``edit(df)`` may change the text cells first."""
    df = pd.read_csv(csv_path, dtype=str, keep_default_na=False)
    if edit is not None:
        edit(df)
    schema = pq.read_schema(IRVE_DERIVED).remove_metadata()
    columns = {}
    for name in schema.names:
        kind, text = schema.field(name).type, df[name].replace("", None)
        if pa.types.is_floating(kind):
            columns[name] = pa.array(pd.to_numeric(text), type=kind)
        elif pa.types.is_boolean(kind):
            columns[name] = pa.array(text.map({"true": True, "false": False}), type=kind)
        elif pa.types.is_timestamp(kind):
            columns[name] = pa.array(pd.to_datetime(text), type=kind)
        else:
            columns[name] = pa.array(text, type=pa.string())
    pq.write_table(pa.table(columns), target)
    return target


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


@pytest.fixture(scope="module")
def polygons(communes) -> dict:
    return commune_polygons(load_commune_shapes(codes=communes["commune_code"]))


@pytest.fixture(scope="module")
def real(communes, polygons):
    return load_irve_derived(IRVE_DERIVED, communes, polygons, "irve_clean",
                             derived_snapshot(load_table("sources"), "irve_clean"))


@pytest.fixture(scope="module")
def independent():
    return irve_derived_points()


@pytest.fixture(scope="module")
def synthetic(tmp_path_factory, communes, polygons):
    path = to_parquet(SYNTHETIC, tmp_path_factory.mktemp("derived") / "synthetic.parquet")
    return load_irve_derived(path, communes, polygons, "synthetic", SNAPSHOT)


# --- the committed real file --------------------------------------------------------------


def test_the_snapshot_date_is_the_consolidated_file_named_in_sources_csv():
    sources = load_table("sources")
    line = sources.set_index("source_id").loc["irve_clean"]
    # the name Etalab gives its file ends with the snapshot date, AAAAMMJJ
    name = next(w for column in ("title", "origin") for w in line[column].split()
                if w.startswith("consolidation-etalab"))
    stamp = name.removesuffix(".csv")[-8:]
    assert derived_snapshot(sources, "irve_clean") == f"{stamp[:4]}-{stamp[4:6]}-{stamp[6:]}"


def test_real_file_points_per_agglomeration_match_an_independent_count(real, independent,
                                                                         communes):
    assert real.rows_read == pq.read_metadata(IRVE_DERIVED).num_rows
    assert real.duplicates_removed == 0  # no id: nothing can be deduplicated
    loaded = irve_counts(real.points, communes).groupby("epci_short")["points"].sum()
    expected = independent["epci_short"].value_counts()
    assert loaded.to_dict() == expected.to_dict()
    assert set(expected.index) == {"CAVM", "CAPH", "CALL", "CABBALR"}


def test_real_file_points_per_commune_match_an_independent_count(real, independent,
                                                                   communes):
    loaded = irve_counts(real.points, communes).set_index("commune_code")["points"]
    expected = independent["commune_code"].value_counts().reindex(loaded.index, fill_value=0)
    pd.testing.assert_series_equal(loaded, expected, check_names=False)


def test_real_file_power_classes_and_dates_match_an_independent_reading(real, independent):
    power = independent["puissance_kw"]
    classes = pd.cut(power, [0, 7.4, 22, 50, np.inf], right=True,
                     labels=["upto_7_4kw", "upto_22kw", "upto_50kw", "over_50kw"])
    classes = classes.astype(object).where(power > 0, "power_unknown")
    expected = pd.crosstab(independent["epci_short"], classes)
    points = real.points.merge(scope_communes(load_table("reference/communes"))[["commune_code",
                                                                 "epci_short"]])
    loaded = pd.crosstab(points["epci_short"], points["power_class"])
    assert set(loaded.columns) == set(expected.columns)
    pd.testing.assert_frame_equal(loaded[expected.columns], expected, check_names=False)
    # commissioning years: a plausible date (2000 to the snapshot), else counted apart
    dates = independent["date_mise_en_service"]
    plausible = (dates.dt.year >= 2000) & (dates <= pd.Timestamp(real.snapshot))
    dated = independent[plausible].groupby(["epci_short", dates[plausible].dt.year]).size()
    marked = with_plausible_dates(points, real.snapshot)
    ours = marked.dropna(subset=["commissioned_year"]).groupby(
        ["epci_short", "commissioned_year"]).size()
    assert ours.to_dict() == {(e, float(y)): n for (e, y), n in dated.to_dict().items()}
    assert commissioning_unknown(marked)[0] + commissioning_unknown(marked)[1] == \
        int((~plausible).sum())


def test_real_file_points_whose_address_is_here_but_coordinates_elsewhere(real, communes):
    """Listed, never counted: their address names a commune of the territories (same name,
    same département), their coordinates are outside every commune polygon."""
    df = pq.read_table(IRVE_DERIVED).to_pandas()
    names = {(name_key(n), c[:2]) for n, c in zip(communes["commune_name"],
                                                 communes["commune_code"], strict=True)}
    town = df["adresse_station"].str.extract(r".*\b(\d{5})\b\s*([^,\d]*)")
    here = [(name_key(t), p[:2]) in names for p, t in zip(town[0].fillna(""),
                                                           town[1].fillna(""), strict=True)]
    inside = df.index.isin(irve_derived_points().index)
    assert len(real.unplaced) == int((np.array(here) & ~inside).sum())


# --- SYNTHETIC edge cases -----------------------------------------------------------------


def test_synthetic_points_are_placed_by_their_coordinates(synthetic, communes):
    # 10 rows: 1 in Paris, 1 with unusable coordinates (Wingles, listed apart)
    assert synthetic.rows_read == 10 and len(synthetic.points) == 8
    by_epci = irve_counts(synthetic.points, communes).groupby("epci_short")["points"].sum()
    assert by_epci.to_dict() == {"CABBALR": 1, "CALL": 1, "CAPH": 1, "CAVM": 5}
    # Denain: latitude and longitude written in each other's column, put back
    denain = synthetic.points[synthetic.points["station_name"] == "Station fictive Denain"]
    assert denain["commune_code"].tolist() == ["59172"] and synthetic.swapped_coordinates == 1
    assert denain["lon"].tolist() == [pytest.approx(3.39509)]
    # no id: each row is a point, named by its row in the file
    assert synthetic.points["point_id"].tolist()[:3] == ["ligne 1", "ligne 2", "ligne 3"]


def test_synthetic_doubtful_points_are_listed(synthetic):
    unplaced = synthetic.unplaced
    assert unplaced["commune_code"].tolist() == ["62895"]  # Wingles, lat = lon = 50.49
    flagged = synthetic.points[synthetic.points["address_elsewhere"]]
    # counted in Valenciennes by its coordinates, address in the 78
    assert flagged["address"].tolist() == ["8 aire fictive, A13, 78710 Rosny-sur-Seine"]
    # « CS 60082, 62400 Béthune »: the last postcode is the address's, not the CS number
    bethune = synthetic.points[synthetic.points["commune_code"] == "62119"]
    assert not bethune["address_elsewhere"].any()


def test_synthetic_dates_stations_and_operators(synthetic, communes):
    cavm_codes = set(communes.loc[communes["epci_short"] == "CAVM", "commune_code"])
    cavm = with_plausible_dates(
        synthetic.points[synthetic.points["commune_code"].isin(cavm_codes)], SNAPSHOT)
    # 2026-03-01 is after the snapshot: implausible, counted apart
    assert cavm["commissioning"].value_counts().to_dict() == {"dated": 4, "implausible": 1}
    assert sorted(cavm["commissioned_year"].dropna().astype(int)) == [2021, 2023, 2024, 2025]
    # a station is a name at a place: Valenciennes, the « aire » at the same place, Estreux
    assert cavm["station_id"].nunique() == 3
    operators = operator_counts(cavm)
    # « AMÉNAGEUR FICTIF A » is « Aménageur fictif A » (its most frequent spelling)
    assert operators[["operator", "points"]].values.tolist() == [
        ["Aménageur fictif A", 3], ["Aménageur fictif B", 2]]
    marked = with_plausible_dates(synthetic.points, SNAPSHOT)
    # Lens has no date, Béthune's 1900-01-01 is a placeholder
    assert commissioning_unknown(marked) == (1, 2)
    lens = operator_counts(marked[marked["commune_code"] == "62498"])
    assert lens.values.tolist() == [["opérateur non renseigné", 1, "operator_unknown", 100.0]]
    assert marked.loc[marked["commune_code"] == "62498", "power_class"].tolist() == \
        ["power_unknown"]  # 0 kW


# --- refused files: the exact messages ----------------------------------------------------


def _loaded(path, communes, polygons):
    return load_irve_derived(path, communes, polygons, "bad", SNAPSHOT)


@pytest.mark.parametrize("edit, message", [
    (lambda df: df.__setitem__("puissance_kw", df["puissance_kw"].where(df.index != 3, "450.0")),
     "ligne 4 (lignes du fichier Parquet numérotées à partir de 1), colonne « puissance_kw » : "
     "règle « au plus 400 kW (la dérivation a retiré les autres lignes) » non respectée "
     "(valeur : 450.0)"),
    (lambda df: df.__setitem__("puissance_kw", df["puissance_kw"].where(df.index != 0, "-7.0")),
     "ligne 1 (lignes du fichier Parquet numérotées à partir de 1), colonne « puissance_kw » : "
     "règle « positif ou nul » non respectée (valeur : -7.0)"),
    (lambda df: df.__setitem__("code_postal", df["code_postal"].where(df.index != 1, "5930")),
     "ligne 2 (lignes du fichier Parquet numérotées à partir de 1), colonne « code_postal » : "
     "règle « code postal à 5 chiffres (la dérivation a retiré les autres lignes) » non "
     "respectée (valeur : '5930')"),
])
def test_a_row_breaking_a_rule_of_the_derivation_is_refused(tmp_path, communes, polygons,
                                                            edit, message):
    path = to_parquet(SYNTHETIC, tmp_path / "bad.parquet", edit)
    with pytest.raises(DataValidationError) as error:
        _loaded(path, communes, polygons)
    assert str(error.value) == f"{path}: {message}"


def test_a_missing_column_or_a_column_of_another_type_is_refused(tmp_path, communes,
                                                                 polygons):
    table = pq.read_table(to_parquet(SYNTHETIC, tmp_path / "ok.parquet"))
    path = tmp_path / "no_operator.parquet"
    pq.write_table(table.drop_columns(["nom_operateur"]), path)
    with pytest.raises(DataValidationError) as error:
        _loaded(path, communes, polygons)
    assert str(error.value).startswith(
        f"{path}: colonne(s) absente(s) pour un fichier IRVE dérivé : nom_operateur "
        f"(colonnes lues : nom_station, adresse_station, code_postal, latitude,")
    path = tmp_path / "text_latitude.parquet"
    text = pa.array([str(v) for v in table["latitude"].to_pylist()])
    pq.write_table(table.set_column(table.schema.get_field_index("latitude"), "latitude",
                                    text), path)
    with pytest.raises(DataValidationError) as error:
        _loaded(path, communes, polygons)
    assert str(error.value) == (f"{path}: colonne « latitude » : règle « nombre » non "
                                f"respectée (type lu : string)")


def test_a_file_that_is_not_parquet_is_refused(tmp_path, communes, polygons):
    path = tmp_path / "irve.parquet"
    path.write_bytes(SYNTHETIC.read_bytes())  # a CSV under a Parquet name
    with pytest.raises(DataValidationError) as error:
        _loaded(path, communes, polygons)
    assert str(error.value).startswith(f"{path}: fichier Parquet illisible (")


def test_a_derivative_whose_line_names_no_consolidated_file_is_refused():
    sources = load_table("sources").copy()
    row = sources["source_id"] == "irve_clean"
    sources.loc[row, ["title", "note", "origin"]] = ["Points de recharge", "", ""]
    with pytest.raises(DataValidationError) as error:
        derived_snapshot(sources, "irve_clean")
    assert str(error.value) == (
        "sources.csv, source 'irve_clean' : date de l'instantané introuvable ; le titre doit "
        "nommer le fichier consolidé dont ce fichier est dérivé "
        "(consolidation-etalab-schema-irve-statique-v-…-AAAAMMJJ.csv)")


# --- one file per year --------------------------------------------------------------------


def test_the_consolidated_file_wins_over_a_derivative_of_the_same_year(data_copy):
    drop_file(data_copy, "irve_synthetic_20250301.csv")  # a consolidated file of 2025
    inputs = mobility.load_inputs(data_copy)
    assert set(inputs.irve) == {2025} and inputs.irve_set_aside == {2025: "irve_clean"}
    used = inputs.irve[2025]
    assert not getattr(used, "derived", False) and used.snapshot == "2025-03-01"
    ctx = mobility.start(inputs, "CAVM", 2025)
    assert ctx.values["irve_set_aside"] == "irve_clean"


def test_two_derivatives_of_the_same_year_are_refused(data_copy):
    folder = data_copy / "mobility" / "irve_derived"
    copy = to_parquet(SYNTHETIC, folder / "irve_synthetique.parquet")
    sources = pd.read_csv(data_copy / "sources.csv", dtype=str, keep_default_na=False)
    line = sources[sources["source_id"] == "irve_clean"].iloc[0].copy()
    line[["source_id", "path", "sha256"]] = [
        "irve_synthetique", "data/mobility/irve_derived/irve_synthetique.parquet",
        hashlib.sha256(copy.read_bytes()).hexdigest()]
    pd.concat([sources, line.to_frame().T]).to_csv(data_copy / "sources.csv", index=False)
    # the second file of the year, whichever is read first, is refused
    with pytest.raises(DataValidationError, match=(
            r"irve_synthetique\.parquet: deux fichiers IRVE dérivés pour l'année 2025 "
            r"\(irve_clean et irve_synthetique\) : gardez le plus récent")):
        mobility.load_derived_files(mobility.DERIVED_FOLDER, data_copy)


def test_a_derivative_never_reaches_a_report_older_than_its_snapshot():
    inputs = mobility.load_inputs()
    snapshot_year = min(inputs.irve)
    for territory in ("CAVM", "CAPH", "CALL", "CABBALR"):
        assert snapshot_year in mobility.years(inputs, territory)
    ctx = mobility.start(inputs, "CAVM", 2021)
    assert ctx.values["irve"] is None
    earlier = dataclasses.replace(inputs, irve={})
    before = compute(mobility, earlier, "CAVM", 2021).df_figures
    after = compute(mobility, inputs, "CAVM", 2021).df_figures
    pd.testing.assert_frame_equal(before, after)
