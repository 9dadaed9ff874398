"""The LOVAC loader (analysis.inputs.official.lovac) on the committed official files and on
SYNTHETIC fixtures (tests/fixtures/README.md).

Expected values on the real files are computed here by another route: the sheet « Données »
read with openpyxl, filtered with the communes of data/reference/communes.csv read with the
csv module, summed in plain Python. They are read from the files, never copied from the
project's output, so that a new file changes the expectations with the data."""

from __future__ import annotations

import csv
import functools
import re
import zipfile

import pandas as pd
import pytest
from helpers import reported_rows
from openpyxl import load_workbook

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.official.lovac import (
    ABSENT,
    KNOWN,
    SECRET,
    LovacFile,
    combine_files,
    load_lovac,
    lovac_by_territory,
    rows_for_report,
)
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

LOVAC_DIR = PROJECT_ROOT / "data" / "housing" / "lovac"
REAL = sorted(LOVAC_DIR.glob("*.xlsx"))
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
EDGE = FIXTURES / "lovac_synthetic_edge_2021.xlsx"
TERRITORIES = ("CAVM", "CAPH", "CALL", "CABBALR")


@pytest.fixture(scope="module")
def communes() -> pd.DataFrame:
    return scope_communes(load_table("reference/communes"))


@functools.cache
def perimeter() -> dict[str, set[str]]:
    """The communes of each territory, read with the csv module."""
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        rows = list(reported_rows(csv.DictReader(f)))
    return {t: {r["commune_code"] for r in rows if r["epci_short"] == t} for t in TERRITORIES}


def sheet(path, name="Données") -> tuple[list[str], list[tuple]]:
    """Header and rows of a sheet, read with openpyxl alone."""
    book = load_workbook(path, read_only=True, data_only=True)
    rows = list(book[name].iter_rows(values_only=True))
    book.close()
    return [str(c) for c in rows[0]], [r for r in rows[1:] if any(c is not None for c in r)]


def independent_sums(path) -> dict[tuple[str, int], dict]:
    """(territory, year) → vacant, ≥ 2 years, communes with a value, listed without, absent:
    openpyxl and plain Python only."""
    header, rows = sheet(path)
    by_code = {str(r[header.index("INSEE_COM")]).zfill(5): r for r in rows}
    years = sorted(2000 + int(m.group(1)) for c in header
                   if (m := re.fullmatch(r"Nb_logvac_pp_0101(\d\d)", c)))
    out = {}
    for territory, codes in perimeter().items():
        for year in years:
            yy = f"{year % 100:02d}"
            vacant = header.index(f"Nb_logvac_pp_0101{yy}")
            long_term = header.index(f"Nb_logvac_2A_0101{yy}")
            listed = [by_code[c] for c in codes if c in by_code]
            known = [r for r in listed if isinstance(r[vacant], int | float)]
            out[(territory, year)] = {
                "vacant": sum(r[vacant] for r in known),
                "long_term": sum(r[long_term] for r in known
                                 if isinstance(r[long_term], int | float)),
                "known": len(known), "secret": len(listed) - len(known),
                "absent": len(codes) - len(listed)}
    return out


# --- the committed files ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def real_files(communes) -> list[LovacFile]:
    return [load_lovac(path, communes, path.stem) for path in REAL]


@pytest.mark.parametrize("position", range(len(REAL)), ids=[p.name for p in REAL])
def test_sums_by_territory_and_date_match_an_openpyxl_read(real_files, communes, position):
    expected = independent_sums(REAL[position])
    loaded = real_files[position]
    summary = lovac_by_territory(loaded.rows, communes).set_index(["territory", "year"])
    assert set(summary.index) == set(expected)
    for key, values in expected.items():
        row = summary.loc[key]
        assert row["vacant_private"] == values["vacant"], key
        assert row["vacant_2y_plus"] == values["long_term"], key
        assert (row["communes_known"], row["communes_secret"], row["communes_absent"]) == (
            values["known"], values["secret"], values["absent"]), key
        assert row["lower_bound"] == (values["known"] < len(perimeter()[key[0]]))


def test_each_date_is_paired_with_the_stock_the_description_sheet_names(real_files):
    """« Description des données »: the vacancy at 01/01/20AA comes from « fichier LOVAC
    20BB », and Nb_log_pp_20BB is « Fichiers Fonciers 20BB »: the stock of the year after."""
    for path, loaded in zip(REAL, real_files, strict=True):
        _, rows = sheet(path, "Description des données")
        source = {str(r[0]).strip(): str(r[2]) for r in rows if r[0]}
        for column, text in source.items():
            if m := re.fullmatch(r"Nb_logvac_pp_0101(\d\d)", column):
                lovac_year = int(re.search(r"LOVAC (\d{4})", text).group(1))
                assert "Fichiers Fonciers " + str(lovac_year) in source[f"Nb_log_pp_{lovac_year}"]
                of_date = loaded.rows[loaded.rows["year"] == 2000 + int(m.group(1))]
                assert set(of_date["stock_year"]) == {lovac_year}


def test_the_recomputed_rate_is_the_files_own_rate(real_files):
    for loaded in real_files:
        known = loaded.rows.dropna(subset=["published_rate_pct"])
        assert len(known) > 100
        assert (known["vacancy_rate_pct"] - known["published_rate_pct"]).abs().max() < 1e-9


def test_a_report_takes_each_date_once_from_the_latest_file_not_after_its_year(real_files):
    """The files of 2020 (01/01/2019 and 2020) and 2021 (2019 to 2021): the 2019 report
    takes 2019 from the first file to publish it; from 2021 on, the 2021 file wins. A file
    of a later year cannot change these reports."""
    rows, _ = combine_files(real_files)
    assert {2020, 2021} <= set(rows["file_year"])
    for year, expected in {2019: {2019: 2020}, 2020: {2019: 2020, 2020: 2020},
                           2021: {2019: 2021, 2020: 2021, 2021: 2021}}.items():
        chosen = rows_for_report(rows, year)
        files = chosen.groupby("year")["file_year"].unique()
        assert {int(d): list(f) for d, f in files.items()} == {
            d: [f] for d, f in expected.items()}, year
        assert not chosen.duplicated(["commune_code", "year"]).any()
    assert rows_for_report(rows, 2018).empty


def test_the_overlapping_dates_of_the_two_files_have_the_same_counts(real_files):
    """The 2021 file repeats 2019 and 2020: same values where both publish them (so the rule
    only decides which file a page cites, and which communes it says are absent)."""
    old, new = (f.rows.set_index(["commune_code", "year"]) for f in real_files)
    both = old.index.intersection(new.index)
    known = old.loc[both, "status"].eq(KNOWN) & new.loc[both, "status"].eq(KNOWN)
    pd.testing.assert_series_equal(old.loc[both][known]["vacant_private"],
                                   new.loc[both][known]["vacant_private"])


# --- SYNTHETIC fixtures: secret and absent communes, a merged commune ------------------------


def test_secret_absent_and_merged_communes_of_the_synthetic_xlsx(communes):
    loaded = load_lovac(EDGE, communes, "edge")
    assert loaded.file_year == 2021
    rows = loaded.rows.set_index(["commune_code", "year"])
    assert rows.loc[("59606", 2021), "private_dwellings"] == 20100  # Nb_log_pp_2022
    assert rows.loc[("59606", 2021), "stock_year"] == 2022
    assert rows.loc[("59215", 2021), "status"] == SECRET  # listed, cells empty
    assert rows.loc[("59153", 2021), "status"] == ABSENT  # not listed
    anzin = rows.loc[("59014", 2021)]  # « s » in the duration cells only
    assert anzin["status"] == KNOWN and pd.isna(anzin["vacant_2y_plus"])
    assert loaded.outside.to_dict("records") == [{
        "commune_code": "59999", "commune_name": "Commune-Nouvelle-Fictive",
        "epci_siren": "245901160"}]
    summary = lovac_by_territory(loaded.rows, communes).set_index(["territory", "year"])
    cavm = summary.loc[("CAVM", 2021)]
    assert cavm["vacant_private"] == 2500 + 460  # the merged commune is never counted
    assert (cavm["communes_known"], cavm["communes_secret"], cavm["communes_absent"]) == (
        2, 1, 32)
    assert cavm["vacant_2y_plus"] == 950 and cavm["communes_2y_known"] == 1
    assert cavm["vacancy_2y_plus_share_pct"] == pytest.approx(100 * 950 / 2500)
    assert cavm["vacancy_rate_pct"] == pytest.approx(100 * 2960 / (20100 + 5010))


def test_population_covered_by_the_counted_communes(communes):
    loaded = load_lovac(EDGE, communes, "edge")
    population = pd.Series({"59606": 1000.0, "59014": 500.0, "59215": 100.0})
    summary = lovac_by_territory(loaded.rows[loaded.rows["commune_code"].isin(
        ["59606", "59014", "59215"])], communes, population)
    row = summary[(summary["territory"] == "CAVM") & (summary["year"] == 2021)].iloc[0]
    assert (row["inhabitants_counted"], row["inhabitants"]) == (1500, 1600)


def test_the_csv_fixture_is_read_like_the_xlsx(communes):
    loaded = load_lovac(FIXTURES / "lovac_synthetic_2024.csv", communes, "csv")
    row = loaded.rows[(loaded.rows["commune_code"] == "59606")
                      & (loaded.rows["year"] == 2024)].iloc[0]
    assert (row["stock_year"], row["private_dwellings"], row["vacant_private"]) == (
        2025, 20100, 2500)
    assert loaded.file_year == 2024


def test_two_files_ending_at_the_same_date_are_refused(communes):
    loaded = load_lovac(EDGE, communes, "edge")
    with pytest.raises(DataValidationError) as info:
        combine_files([loaded, loaded])
    assert str(info.value) == (
        "deux fichiers LOVAC s'arrêtent au 01/01/2021 (edge, edge) : une même date serait "
        "comptée deux fois ; n'en garder qu'un dans data/housing/lovac/")


# --- bad files: the exact messages ------------------------------------------------------------


def edited(tmp_path, cell: str, value) -> object:
    """A copy of the SYNTHETIC xlsx with one cell of « Données » changed."""
    book = load_workbook(EDGE)
    book["Données"][cell] = value
    path = tmp_path / "lovac_edited.xlsx"
    book.save(path)
    return path


@pytest.mark.parametrize("value, rule", [("abc", "nombre"), (-3, "positif ou nul")])
def test_a_bad_cell_is_refused_with_its_row_and_column(tmp_path, communes, value, rule):
    path = edited(tmp_path, "I2", value)  # Valenciennes, Nb_logvac_pp_010121
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, communes, "x")
    assert str(info.value) == (
        f"{path}: ligne 2, colonne « Nb_logvac_pp_010121 » : règle « {rule} » non respectée "
        f"(valeur : {str(value)!r})")


def test_a_rate_the_paired_stock_does_not_give_in_one_commune_is_set_aside_and_counted(
        tmp_path, communes):
    path = edited(tmp_path, "L3", 9.5)  # Anzin: 460 / 5 010 = 9,18 %, not 9,5 ± 0,05
    rows = load_lovac(path, communes, "x").rows
    anzin = rows[(rows["commune_code"] == "59014") & (rows["year"] == 2021)].iloc[0]
    assert bool(anzin["rate_inconsistent"]) and anzin["status"] == "known"
    assert anzin["vacancy_rate_pct"] == pytest.approx(100 * 460 / 5010)
    assert rows["rate_inconsistent"].sum() == 1


def test_rates_the_paired_stock_does_not_give_in_many_communes_are_refused(tmp_path, communes):
    """Mispaired columns (a layout the loader does not know) show in every row, not in one:
    past 5 communes (and 1 % of them) the file is refused at the first of them. SYNTHETIC
    file: ten communes of the agglomerations, each 100 vacant of 1 000, printed « 50 »."""
    path = tmp_path / "lovac.csv"
    codes = sorted(communes["commune_code"])[:10]
    path.write_text("INSEE_COM;NOM_COM;Nb_log_pp_2025;Nb_logvac_pp_010124;"
                    "Prop_logvac_pp_010124;CODE_EPCI;NOM_EPCI\n"
                    + "".join(f"{code};X;1000;100;50;1;E\n" for code in codes),
                    encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, communes, "x")
    assert str(info.value) == (
        f"{path}: ligne 2, colonne « Prop_logvac_pp_010124 » : règle « taux du fichier = "
        f"Nb_logvac_pp_010124 / Nb_log_pp_2025 × 100 (parc privé de l'année suivant la "
        f"date), sauf pour 5 communes ou 1 % des communes au plus » non respectée (valeur : "
        f"'50')")


def test_a_file_pairing_a_date_with_its_own_year_is_refused(tmp_path, communes):
    """The layout the loader used to assume (Nb_log_pp_2024 beside 01/01/2024) is not the
    published one: without Nb_log_pp_2025 the date has no stock."""
    path = tmp_path / "lovac.csv"
    path.write_text("INSEE_COM;NOM_COM;Nb_log_pp_2024;Nb_logvac_pp_010124;CODE_EPCI;NOM_EPCI\n"
                    "59606;Valenciennes;20000;2500;245901160;CAVM\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, communes, "x")
    assert str(info.value) == (
        f"{path}: colonne « Nb_log_pp_2025 » absente : la vacance au 01/01/2024 se rapporte "
        f"au parc privé de l'année suivante (feuille « Description des données » des "
        f"fichiers LOVAC)")


def test_a_workbook_without_the_data_sheet_is_refused(tmp_path, communes):
    book = load_workbook(EDGE)
    book["Données"].title = "Feuil1"
    path = tmp_path / "lovac.xlsx"
    book.save(path)
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, communes, "x")
    assert str(info.value) == (
        f"{path}: feuille « Données » absente (feuilles : Feuil1, Description des données) : "
        f"ce n'est pas le fichier tel que publié")


def test_a_file_that_is_not_a_workbook_is_refused(tmp_path, communes):
    path = tmp_path / "lovac.xlsx"
    path.write_text("INSEE_COM;NOM_COM\n", encoding="utf-8")
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, communes, "x")
    assert str(info.value) == (f"{path}: classeur XLSX illisible (invalid Zip archive: Could "
                               f"not find EOCD)")


def test_a_duplicated_commune_is_refused(tmp_path, communes):
    path = edited(tmp_path, "A3", "59606")
    with pytest.raises(DataValidationError) as info:
        load_lovac(path, communes, "x")
    assert str(info.value) == (
        f"{path}: ligne 3, colonne « INSEE_COM » : règle « unique » non respectée "
        f"(valeur : '59606')")


def renamed_copy(source, target, shift: int = 1):
    """A copy of a published LOVAC xlsx whose dates and stock years are moved ``shift``
    years later (headers are shared strings: the cells are untouched) — a SYNTHETIC file."""
    def move(m: re.Match) -> str:
        if m.group(1):
            return f"{m.group(1)}{int(m.group(2)) + shift:02d}"
        return f"Nb_log_pp_{int(m.group(4)) + shift}"
    pattern = re.compile(r"(Nb_logvac_pp_0101|Nb_logvac_pp_C_0101|Nb_logvac_2A_0101|"
                         r"Prop_logvac_pp_0101|Prop_logvac_pp_C_0101|Prop_logvac_pp_2A_0101)"
                         r"(\d\d)|(Nb_log_pp_)(\d{4})")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = pattern.sub(move, data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)
    return target


def test_a_renamed_copy_moves_every_date_one_year_later(tmp_path, communes):
    target = renamed_copy(REAL[-1], tmp_path / "lovac-synthetique-au-01012022.xlsx")
    loaded = load_lovac(target, communes, "synthetic")
    assert loaded.file_year == 2022 and sorted(set(loaded.rows["year"])) == [2020, 2021, 2022]
    real = load_lovac(REAL[-1], communes, "real").rows.set_index(["commune_code", "year"])
    moved = loaded.rows.assign(year=loaded.rows["year"] - 1).set_index(
        ["commune_code", "year"])
    pd.testing.assert_series_equal(moved["vacant_private"].sort_index(),
                                   real["vacant_private"].sort_index())
