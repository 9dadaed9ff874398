"""section.toml read and checked (analysis.core.specs); the files here are SYNTHETIC."""

from __future__ import annotations

import pytest

from analysis.core.specs import DropFolder, SpecError, read_spec
from analysis.inputs.official.reading import file_type, official_files

SPEC = '''name = "essai"
label = "Essai"
order = 5
scope = "territory"
tables = ["essai/observations"]
'''


def _spec(tmp_path, extra: str = ""):
    folder = tmp_path / "essai"
    folder.mkdir()
    (folder / "section.toml").write_text(SPEC + extra, encoding="utf-8")
    return folder


def test_a_drop_folder_reads_csv_unless_it_names_its_file_types(tmp_path):
    spec = read_spec(_spec(tmp_path, '''
[[drop_folders]]
path = "essai/a"
holds = "des fichiers A"

[[drop_folders]]
path = "essai/b"
holds = "des fichiers B"
suffixes = [".XLSX", ".csv.zip"]
'''))
    assert spec.drop_folders == (DropFolder("essai/a", "des fichiers A", (".csv",)),
                                 DropFolder("essai/b", "des fichiers B", (".xlsx", ".csv.zip")))


@pytest.mark.parametrize("suffixes", ['[]', '["xlsx"]', '[1]'])
def test_bad_file_types_are_refused_with_the_entry(tmp_path, suffixes):
    folder = _spec(tmp_path, f'''
[[drop_folders]]
path = "essai/b"
holds = "des fichiers B"
suffixes = {suffixes}
''')
    with pytest.raises(SpecError, match=r"drop_folders n° 1 : suffixes : une liste "
                                        r"d'extensions"):
        read_spec(folder)


def test_the_file_type_of_a_zipped_csv_is_both_extensions():
    assert file_type("production.extrait.2015-2016.csv.zip") == ".csv.zip"
    assert file_type("Donnees-IRIS.2020-10.csv") == ".csv"
    assert file_type("LOVAC_2021.XLSX") == ".xlsx"
    assert file_type("sans_extension") == ""


def test_official_files_lists_the_types_asked_for(tmp_path):
    for name in ("b.csv", "a.CSV", "c.xlsx", "d.csv.zip", "e.txt"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in official_files(tmp_path)] == ["a.CSV", "b.csv"]
    assert [p.name for p in official_files(tmp_path, (".xlsx", ".csv.zip"))] == [
        "c.xlsx", "d.csv.zip"]
    assert official_files(tmp_path / "absent") == []
