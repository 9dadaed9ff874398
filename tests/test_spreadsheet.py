"""The export for spreadsheet users (analysis.figures.spreadsheet): ``figures.xlsx`` and the
French Excel CSV ``figures_fr.csv``, read back as a spreadsheet user's software reads them."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pandas as pd
import pytest

from analysis.figures.record import FIGURE_COLUMNS, figure_ids
from analysis.figures.spreadsheet import build_date, sheet_name, workbook_bytes, write_spreadsheets

HEADERS = ["territoire", "année", "période", "indicateur (libellé)", "ventilation", "valeur",
           "unité", "borne basse", "borne haute", "source", "statut de l'audit",
           "vérification", "chiffre publié", "écart", "note", "identifiant du chiffre"]
NAN = float("nan")


def row(section, indicator, **fields):  # SYNTHETIC figure
    return dict.fromkeys(FIGURE_COLUMNS, "") | {
        "territory": "CALL", "year": 2019, "section": section, "indicator": indicator,
        "label": f"Libellé {indicator}", "value": 1.5, "low": 1.25, "high": 1.75,
        "unit": "t", "decimals": 1, "source": "Rapport annuel, p. 3", "status": "printed",
        "published_value": NAN, "published_low": NAN, "published_high": NAN,
        "gap": NAN, "gap_pct": NAN} | fields


@pytest.fixture
def export() -> pd.DataFrame:
    df = pd.DataFrame([
        row("waste", "dma", value=12345.678, low=12345.0, high=12346.0, unit="kg/hab/an",
            status="mismatch", check="recomputation", published_value=12000.0,
            gap=345.678),
        row("waste", "omr", label="=1+1", unit="%", decimals=0, value=45.0, low=44.5,
            high=45.5, note="taux ; arrondi"),
        row("energy", "pv", unit="MWh", year=2021, status="not_published"),
    ])
    df["figure_id"] = figure_ids(df)
    return df


def sheet_rows(workbook, name):
    return list(workbook[name].iter_rows(values_only=True))


def test_the_workbook_has_a_readme_then_one_sheet_per_section_in_report_order(export):
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(export)))
    assert workbook.sheetnames == ["Lisez-moi", "Déchets", "Énergie et climat"]
    waste, energy = sheet_rows(workbook, "Déchets"), sheet_rows(workbook, "Énergie et climat")
    assert list(waste[0]) == HEADERS and list(energy[0]) == HEADERS
    assert [r[-1] for r in waste[1:]] == ["CALL/2019/waste/dma/-/-", "CALL/2019/waste/omr/-/-"]
    assert [r[-1] for r in energy[1:]] == ["CALL/2021/energy/pv/-/-"]


def test_the_workbook_keeps_numbers_as_numbers_with_french_labels(export):
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(export)))
    first = dict(zip(HEADERS, sheet_rows(workbook, "Déchets")[1], strict=True))
    assert first["année"] == 2019 and isinstance(first["année"], int)
    assert first["valeur"] == 12345.678 and isinstance(first["valeur"], float)
    assert (first["borne basse"], first["borne haute"]) == (12345.0, 12346.0)
    assert first["unité"] == "kg/hab./an"
    assert first["statut de l'audit"] == "écart" and first["vérification"] == "recalcul"
    assert (first["chiffre publié"], first["écart"]) == (12000.0, 345.678)
    second = dict(zip(HEADERS, sheet_rows(workbook, "Déchets")[2], strict=True))
    assert second["indicateur (libellé)"] == "=1+1"  # a text, not a formula
    assert second["chiffre publié"] is None and second["vérification"] is None
    assert second["statut de l'audit"] == "tel que publié"
    sheet = workbook["Déchets"]
    assert sheet["F2"].number_format == "#,##0.0" and sheet["F3"].number_format == "#,##0"
    assert sheet["D3"].data_type == "s"


def test_the_header_row_is_frozen_filtered_and_columns_are_readable(export):
    sheet = openpyxl.load_workbook(io.BytesIO(workbook_bytes(export)))["Déchets"]
    assert sheet.freeze_panes == "A2"
    assert sheet.auto_filter.ref == "A1:P3"
    assert all(cell.font.b for cell in sheet[1])
    widths = {c: sheet.column_dimensions[c].width for c in "ADFJ"}
    assert widths["D"] >= len("indicateur (libellé)") and widths["J"] >= len(
        "Rapport annuel, p. 3")
    assert all(8 <= w <= 60 for w in widths.values())


def test_the_readme_says_what_the_workbook_holds_without_paths_or_names(export):
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(export)))
    text = "\n".join(r[0] for r in sheet_rows(workbook, "Lisez-moi") if r[0])
    assert "« Déchets » : 2 chiffres" in text and "« Énergie et climat » : 1 chiffre\n" in text
    assert "telle que calculée, sans arrondi" in text
    assert "en points pour un taux" in text
    assert "écart : chiffre comparé à un autre" in text
    for word in ("figures.", ".csv", "outputs", "_", "/"):
        assert word not in text


def test_an_empty_export_gives_a_workbook_with_only_the_readme():
    empty = pd.DataFrame(columns=FIGURE_COLUMNS)
    workbook = openpyxl.load_workbook(io.BytesIO(workbook_bytes(empty)))
    assert workbook.sheetnames == ["Lisez-moi"]
    texts = [r[0] for r in sheet_rows(workbook, "Lisez-moi")]
    assert "Aucun chiffre : aucune section du rapport n'a encore été construite." in texts


def test_two_writes_give_the_same_bytes_dated_by_source_date_epoch(export, tmp_path,
                                                                   monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    first, _ = write_spreadsheets(export, tmp_path / "a")
    data = first.read_bytes()
    assert write_spreadsheets(export, tmp_path / "b")[0].read_bytes() == data
    with zipfile.ZipFile(first) as archive:
        assert {i.date_time for i in archive.infolist()} == {(1980, 1, 1, 0, 0, 0)}
        core = archive.read("docProps/core.xml").decode()
    assert core.count("1980-01-01T00:00:00Z") == 2
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14 November 2023, 22:13:20 UTC
    dated, _ = write_spreadsheets(export, tmp_path / "c")
    with zipfile.ZipFile(dated) as archive:
        assert {i.date_time for i in archive.infolist()} == {(2023, 11, 14, 22, 13, 20)}
        assert archive.read("docProps/core.xml").decode().count("2023-11-14T22:13:20Z") == 2
    assert sorted(p.name for p in (tmp_path / "c").iterdir()) == ["figures.xlsx",
                                                                  "figures_fr.csv"]


def test_a_source_date_epoch_that_is_no_number_is_refused():
    with pytest.raises(ValueError, match=r"^SOURCE_DATE_EPOCH doit être un nombre entier de "
                                         r"secondes, pas « hier »$"):
        build_date({"SOURCE_DATE_EPOCH": "hier"})
    assert build_date({"SOURCE_DATE_EPOCH": "0"}).year == 1980  # a zip starts in 1980


def test_the_french_csv_reads_back_in_french_excel_settings_as_the_export(export, tmp_path):
    _, path = write_spreadsheets(export, tmp_path)
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbfterritoire;ann\xc3\xa9e;section;")
    assert b"12345,678;kg/hab./an;12345;12346;" in raw and raw.endswith(b"\r\n")
    back = pd.read_csv(path, sep=";", decimal=",", encoding="utf-8-sig",
                       keep_default_na=False, na_values={c: [""] for c in ("chiffre publié",
                                                                           "écart")})
    assert list(back.columns) == HEADERS[:2] + ["section"] + HEADERS[2:]
    assert back["identifiant du chiffre"].tolist() == export["figure_id"].tolist()
    assert back["section"].tolist() == ["Déchets", "Déchets", "Énergie et climat"]
    for french, column in [("valeur", "value"), ("borne basse", "low"),
                           ("borne haute", "high"), ("année", "year"),
                           ("chiffre publié", "published_value"), ("écart", "gap")]:
        pd.testing.assert_series_equal(back[french], export[column], check_names=False,
                                       check_dtype=False)
    for french, column in [("territoire", "territory"), ("source", "source"),
                           ("note", "note"), ("indicateur (libellé)", "label")]:
        assert back[french].tolist() == export[column].tolist()
    assert back["unité"].tolist() == ["kg/hab./an", "%", "MWh"]
    assert back["statut de l'audit"].tolist() == ["écart", "tel que publié", "non publié"]


def test_a_sheet_name_is_what_excel_accepts():
    assert sheet_name("Énergie et climat") == "Énergie et climat"
    assert sheet_name("Air: eau/sol [bilan]?") == "Air- eau-sol -bilan--"
    assert sheet_name("Une section au nom vraiment bien trop long") == (
        "Une section au nom vraiment bie")
