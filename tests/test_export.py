"""The export of all figures: one row per figure, CSV and JSON the same, stable order."""

from __future__ import annotations

import json

import pandas as pd
import pytest

from analysis.figures.export import collect, read_export, write_export
from analysis.figures.record import FIGURE_COLUMNS, figure_ids, write_figures_csv


def record(territory, section, indicators, path):  # SYNTHETIC figures record
    df = pd.DataFrame([dict.fromkeys(FIGURE_COLUMNS, "") | {
        "territory": territory, "year": 2021, "section": section, "indicator": i,
        "value": 1.5, "low": 1.5, "high": 1.5, "decimals": 1, "published_value": float("nan"),
        "published_low": float("nan"), "published_high": float("nan"),
        "gap": float("nan"), "gap_pct": float("nan")} for i in indicators])
    df["figure_id"] = figure_ids(df)
    return write_figures_csv(df, path)


def test_figure_ids_are_unique_and_number_repeated_figures():
    df = pd.DataFrame({"territory": ["CALL"] * 3, "year": [2019] * 3, "section": ["waste"] * 3,
                       "indicator": ["a", "a", "b"], "breakdown": ["x", "x", ""],
                       "period": ["", "", "2020"]})
    assert figure_ids(df) == ["CALL/2019/waste/a/x/-", "CALL/2019/waste/a/x/-#2",
                              "CALL/2019/waste/b/-/2020"]


def test_the_export_sorts_sections_and_writes_the_same_rows_as_csv_and_json(tmp_path):
    files = [record("CAVM", "waste", ["b", "a"], tmp_path / "2.csv"),
             record("CALL", "waste", ["c"], tmp_path / "1.csv")]
    df = collect(files)
    assert df["figure_id"].tolist() == ["CALL/2021/waste/c/-/-", "CAVM/2021/waste/b/-/-",
                                        "CAVM/2021/waste/a/-/-"]
    csv_path, json_path = write_export(df, tmp_path / "out")
    records = json.loads(json_path.read_text(encoding="utf-8"))
    assert [r["figure_id"] for r in records] == df["figure_id"].tolist()
    assert records[0]["published_value"] is None and records[0]["value"] == 1.5
    assert list(records[0]) == FIGURE_COLUMNS
    assert read_export(csv_path)["figure_id"].tolist() == df["figure_id"].tolist()


def test_a_figure_exported_twice_is_refused(tmp_path):
    files = [record("CALL", "waste", ["a"], tmp_path / "1.csv"),
             record("CALL", "waste", ["a"], tmp_path / "2.csv")]
    with pytest.raises(ValueError, match=r"^figure_id en double dans l'export : "
                                         r"CALL/2021/waste/a/-/-$"):
        collect(files)
