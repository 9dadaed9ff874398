"""The build cache on small synthetic files: digests, build records, the whole-build stamp."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from analysis.engine import cache


def test_tree_digest_changes_when_a_file_is_added_renamed_or_edited(tmp_path):
    (tmp_path / "a.csv").write_text("x\n1\n")
    first = cache.tree_digest(tmp_path)
    assert cache.tree_digest(tmp_path) == first
    (tmp_path / "a.csv").write_text("x\n2\n")
    edited = cache.tree_digest(tmp_path)
    (tmp_path / "a.csv").rename(tmp_path / "b.csv")
    renamed = cache.tree_digest(tmp_path)
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "c.csv").write_text("")
    added = cache.tree_digest(tmp_path)
    assert len({first, edited, renamed, added}) == 4


def test_tree_digest_ignores_bytecode_caches(tmp_path):
    (tmp_path / "m.py").write_text("x = 1\n")
    before = cache.tree_digest(tmp_path)
    (tmp_path / "__pycache__").mkdir()
    (tmp_path / "__pycache__" / "m.cpython-311.pyc").write_bytes(b"\0")
    assert cache.tree_digest(tmp_path) == before


def _spec(tmp_path: Path):
    """A SYNTHETIC section that declares one table and one folder of dropped files."""
    from analysis.core.specs import DropFolder, SectionSpec

    return SectionSpec(name="section", label="Section", order=1, scope="territory",
                       tables=("table",), files=(), drop_folders=(DropFolder("drop", "x"),),
                       key_indicators=(), folder=tmp_path, notebook_path=tmp_path / "s.ipynb")


def _key(tmp_path: Path, parameters: dict | None = None) -> dict:
    """The page's key as the data are now."""
    spec = _spec(tmp_path)
    return cache.page_key(spec.notebook, parameters or {"territory": "CALL", "year": 2019},
                          cache.declared_inputs(spec, tmp_path / "data"))


def _page(tmp_path: Path) -> tuple[Path, list[Path], Path, Path]:
    """A synthetic built page: its declared table and folder, outputs and a build record."""
    (tmp_path / "s.ipynb").write_text("{}")
    data = tmp_path / "data"
    (data / "drop").mkdir(parents=True)
    (data / "sources.csv").write_text("source_id\n")
    table = data / "table.csv"
    table.write_text("a,b\n1,2\n")
    outputs = [tmp_path / "section.html", tmp_path / "section.figures.csv"]
    for path in outputs:
        path.write_text("built")
    record = tmp_path / "section.build.json"
    record.write_text(json.dumps(cache.manifest(_key(tmp_path))))
    return record, outputs, table, data


def test_a_page_with_the_same_key_data_and_outputs_is_up_to_date(tmp_path):
    record, outputs, _, _ = _page(tmp_path)
    assert cache.stale_reason(record, _key(tmp_path), outputs) is None


def test_a_changed_declared_file_makes_the_page_stale_and_names_the_file(tmp_path):
    record, outputs, table, _ = _page(tmp_path)
    table.write_text("a,b\n1,3\n")
    assert cache.stale_reason(record, _key(tmp_path), outputs) == f"donnée modifiée : {table}"


def test_a_removed_declared_file_makes_the_page_stale(tmp_path):
    record, outputs, table, _ = _page(tmp_path)
    table.unlink()
    assert cache.stale_reason(record, _key(tmp_path), outputs) == f"donnée modifiée : {table}"


def test_a_file_dropped_in_a_declared_folder_makes_the_page_stale(tmp_path):
    record, outputs, _, data = _page(tmp_path)
    (data / "drop" / "lovac_2024.csv").write_text("")
    assert cache.stale_reason(record, _key(tmp_path), outputs) == (
        f"dossier modifié : {data / 'drop'}")


def test_a_changed_dropped_file_makes_the_page_stale(tmp_path):
    record, outputs, _, data = _page(tmp_path)
    (data / "drop" / "lovac_2024.csv").write_text("")
    record.write_text(json.dumps(cache.manifest(_key(tmp_path))))
    (data / "drop" / "lovac_2024.csv").write_text("x")
    assert cache.stale_reason(record, _key(tmp_path), outputs) == (
        f"donnée modifiée : {data / 'drop' / 'lovac_2024.csv'}")


def test_a_file_a_section_does_not_declare_leaves_its_page_up_to_date(tmp_path):
    record, outputs, _, data = _page(tmp_path)
    (data / "other.csv").write_text("not read by this section")
    assert cache.stale_reason(record, _key(tmp_path), outputs) is None


def test_a_file_dropped_in_a_folder_that_did_not_exist_makes_the_page_stale(tmp_path):
    record, outputs, _, data = _page(tmp_path)
    (data / "drop").rmdir()
    assert cache.stale_reason(record, _key(tmp_path), outputs) == (
        f"dossier modifié : {data / 'drop'}")


def test_other_parameters_code_or_notebook_make_the_page_stale(tmp_path):
    record, outputs, _, _ = _page(tmp_path)
    key = _key(tmp_path)
    assert cache.stale_reason(record, key | {"parameters": {"territory": "CAVM"}},
                              outputs) == "paramètres différents"
    assert cache.stale_reason(record, key | {"code_sha256": "0" * 64},
                              outputs) == "code du paquet analysis modifié"
    assert cache.stale_reason(record, key | {"notebook_sha256": "0" * 64},
                              outputs) == "notebook modifié"
    assert cache.stale_reason(record, key | {"environment": {"pandas": "0"}},
                              outputs) == "environnement (versions) différent"


def test_a_missing_output_or_record_makes_the_page_stale(tmp_path):
    record, outputs, _, _ = _page(tmp_path)
    key = _key(tmp_path)
    outputs[0].unlink()
    assert cache.stale_reason(record, key, outputs) == "fichier absent : section.html"
    outputs[0].write_text("built")
    record.unlink()
    assert cache.stale_reason(record, key, outputs) == "jamais construit"


def test_the_whole_build_stamp_covers_the_request_and_the_data(tmp_path):
    data, notebooks = tmp_path / "data", tmp_path / "notebooks"
    data.mkdir()
    notebooks.mkdir()
    (data / "t.csv").write_text("1")
    stamp = cache.build_stamp({"territories": None}, data, notebooks)
    assert cache.build_stamp({"territories": ["CALL"]}, data, notebooks) != stamp
    (data / "t.csv").write_text("2")
    assert cache.build_stamp({"territories": None}, data, notebooks) != stamp


def test_the_stamp_is_current_only_while_every_output_is_there_unchanged(tmp_path):
    (tmp_path / "index.html").write_text("index")
    assert not cache.stamp_is_current(tmp_path, "s")
    cache.write_stamp(tmp_path, "s", ["index.html"])
    assert cache.stamp_is_current(tmp_path, "s")
    assert not cache.stamp_is_current(tmp_path, "other")
    (tmp_path / "index.html").write_text("changed by hand")
    assert not cache.stamp_is_current(tmp_path, "s")
    cache.write_stamp(tmp_path, "s", ["index.html"])
    (tmp_path / "index.html").unlink()
    assert not cache.stamp_is_current(tmp_path, "s")


# --- build records in relative paths (same inputs, same bytes) ----------------------------


def _folders(tmp_path: Path) -> dict:
    return {"territory": "CALL", "year": 2019, "data_dir": str(tmp_path / "data"),
            "outputs_dir": str(tmp_path / "out")}


def test_a_record_names_the_data_and_outputs_folders_relative(tmp_path):
    _page(tmp_path)
    key = _key(tmp_path, _folders(tmp_path))
    assert key["parameters"] == {"territory": "CALL", "year": 2019, "data_dir": "data",
                                 "outputs_dir": "outputs"}
    assert sorted(key["inputs"]) == ["data/reference/epci.csv", "data/sources.csv",
                                     "data/table.csv"]
    assert key["folders"] == {"data/drop": []}
    # the synthetic notebook is outside the project, the data and the outputs: kept whole
    assert key["notebook"] == str(tmp_path / "s.ipynb")
    assert str(tmp_path) not in json.dumps(cache.manifest(key | {"notebook": ""}))


def test_the_same_data_in_another_folder_gives_the_same_record(tmp_path):
    keys = []
    for name in ("one", "two"):
        (tmp_path / name).mkdir()
        _page(tmp_path / name)
        # the synthetic notebook sits in the outputs folder here (in the project in a build)
        keys.append(_key(tmp_path / name, _folders(tmp_path / name) | {
            "outputs_dir": str(tmp_path / name)}))
    one, two = keys
    assert one["notebook"] == "outputs/s.ipynb"
    assert json.dumps(cache.manifest(one)) == json.dumps(cache.manifest(two))


def test_a_relative_record_still_sees_a_changed_or_dropped_file(tmp_path):
    record, outputs, table, data = _page(tmp_path)
    record.write_text(json.dumps(cache.manifest(_key(tmp_path, _folders(tmp_path)))))
    assert cache.stale_reason(record, _key(tmp_path, _folders(tmp_path)), outputs) is None
    table.write_text("a,b\n1,3\n")
    assert cache.stale_reason(record, _key(tmp_path, _folders(tmp_path)), outputs) == (
        "donnée modifiée : data/table.csv")
    table.write_text("a,b\n1,2\n")
    (data / "drop" / "lovac_2024.csv").write_text("")
    assert cache.stale_reason(record, _key(tmp_path, _folders(tmp_path)), outputs) == (
        "dossier modifié : data/drop")


def test_another_source_date_epoch_makes_the_page_stale(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    record, outputs, _, _ = _page(tmp_path)
    assert cache.stale_reason(record, _key(tmp_path), outputs) is None
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700086400")
    assert cache.stale_reason(record, _key(tmp_path), outputs) == (
        "date de construction (SOURCE_DATE_EPOCH) différente")


@pytest.mark.parametrize("path, expected", [
    ("/srv/data/waste/observations.csv", "data/waste/observations.csv"),
    ("/srv/data", "data"),
    ("/srv/out/CALL/2019/waste.ipynb", "outputs/CALL/2019/waste.ipynb"),
    ("/srv/out/data/x.csv", "outputs/data/x.csv"),
    ("/srv/project/notebooks/waste.ipynb", "notebooks/waste.ipynb"),
    ("/elsewhere/x.csv", "/elsewhere/x.csv"),
    ("/srv/database/x.csv", "/srv/database/x.csv"),
])
def test_relative_label_uses_the_deepest_folder_that_holds_the_path(path, expected):
    roots = {"/srv/project": ".", "/srv/data": "data", "/srv/out": "outputs",
             "/srv/out/data": "outputs/data"}
    assert cache.relative_label(path, roots) == expected


def test_published_parameters_write_only_paths_relative():
    roots = {"/srv/data": "data", "/srv/out": "outputs"}
    assert cache.published_parameters(
        {"territory": "/srv/data", "year": 2019, "data_dir": "/srv/data",
         "figures_path": "/srv/out/CALL/2019/waste.figures.csv", "outputs_dir": ""},
        roots) == {"territory": "/srv/data", "year": 2019, "data_dir": "data",
                   "figures_path": "outputs/CALL/2019/waste.figures.csv", "outputs_dir": ""}


def test_the_time_a_page_took_is_kept_outside_what_is_published(tmp_path):
    path = cache.write_timing(tmp_path, "waste", {"seconds": 1.23456, "cells": 0.5})
    assert path == tmp_path / ".build" / "waste.timing.json"
    assert json.loads(path.read_text()) == {"cells": 0.5, "seconds": 1.235}
