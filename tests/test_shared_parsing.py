"""Official files parsed once per build (analysis.inputs.official.shared) and the engine's
folder for it (analysis.engine.run.shared_parsing). The files here are SYNTHETIC."""

from __future__ import annotations

import os
import sys
import threading
import time
from pathlib import Path

import pandas as pd
import pytest

from analysis.core.errors import DataValidationError
from analysis.engine.run import shared_parsing
from analysis.inputs.official.shared import (
    PARSE_LOG,
    PARSED_DIR_VARIABLE,
    argument_digest,
    parsed_once,
)

CALLS: list[str] = []


def count_rows(path, communes, label):
    """A loader: the file's rows for the communes, counted in CALLS."""
    CALLS.append(path.name)
    rows = pd.read_csv(path, dtype=str)
    return rows[rows["code"].isin(communes["commune_code"])].assign(label=label)


def slow_loader(path, _label):
    CALLS.append(path.name)
    time.sleep(0.3)
    return path.read_text()


def refusing_loader(path):
    CALLS.append(path.name)
    raise DataValidationError(f"{path}: ligne 2 illisible")


@pytest.fixture
def synthetic(tmp_path):
    CALLS.clear()
    path = tmp_path / "fichier_synthetique.csv"
    path.write_text("code,valeur\n59606,1\n62498,2\n75056,3\n", encoding="utf-8")
    communes = pd.DataFrame({"commune_code": ["59606", "62498"]})
    return path, communes


@pytest.fixture
def build_folder(tmp_path, monkeypatch):
    folder = tmp_path / "parsed"
    folder.mkdir()
    monkeypatch.setenv(PARSED_DIR_VARIABLE, str(folder))
    return folder


def test_outside_a_build_the_loader_runs_every_time(synthetic, monkeypatch):
    monkeypatch.delenv(PARSED_DIR_VARIABLE, raising=False)
    path, communes = synthetic
    first = parsed_once(count_rows, path, communes, "a")
    second = parsed_once(count_rows, path, communes, "a")
    pd.testing.assert_frame_equal(first, second)
    assert CALLS == [path.name, path.name]


def test_in_a_build_the_same_file_and_arguments_are_parsed_once(synthetic, build_folder,
                                                               monkeypatch):
    # outside a kernel, whatever another test of this process imported before
    monkeypatch.delitem(sys.modules, "ipykernel", raising=False)
    path, communes = synthetic
    first = parsed_once(count_rows, path, communes, "a")
    second = parsed_once(count_rows, path, communes, "a")
    pd.testing.assert_frame_equal(first, second)
    assert list(first["code"]) == ["59606", "62498"]
    assert CALLS == [path.name]
    loader, file, pid, started, seconds, where = (build_folder / PARSE_LOG).read_text(
        ).rstrip("\n").split("\t")
    assert [loader, file, int(pid), where] == ["count_rows", path.name, os.getpid(), "process"]
    assert float(started) <= time.time() and float(seconds) >= 0


def test_a_parse_in_a_notebook_s_kernel_is_logged_as_such(synthetic, build_folder,
                                                          monkeypatch):
    monkeypatch.setitem(sys.modules, "ipykernel", sys.modules.get("ipykernel", object()))
    path, communes = synthetic
    parsed_once(count_rows, path, communes, "a")
    assert (build_folder / PARSE_LOG).read_text().rstrip("\n").split("\t")[-1] == "kernel"


def test_other_bytes_or_other_arguments_are_parsed_again(synthetic, build_folder):
    path, communes = synthetic
    parsed_once(count_rows, path, communes, "a")
    parsed_once(count_rows, path, communes.iloc[:1], "a")  # another perimeter
    parsed_once(count_rows, path, communes, "b")
    path.write_text("code,valeur\n59606,10\n", encoding="utf-8")  # the file replaced
    assert list(parsed_once(count_rows, path, communes, "a")["valeur"]) == ["10"]
    assert len(CALLS) == 4


def test_a_loader_that_refuses_the_file_keeps_nothing(synthetic, build_folder):
    path, _ = synthetic
    for _ in range(2):
        with pytest.raises(DataValidationError, match="ligne 2 illisible"):
            parsed_once(refusing_loader, path)
    assert len(CALLS) == 2
    assert not list(build_folder.glob("*.pickle"))


def test_concurrent_readers_wait_for_the_first_parse(synthetic, build_folder):
    path, _ = synthetic
    results = []
    threads = [threading.Thread(target=lambda: results.append(
        parsed_once(slow_loader, path, "x"))) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert CALLS == [path.name] and len(set(results)) == 1 and len(results) == 3


def test_argument_digest_reads_a_table_by_its_content():
    table = pd.DataFrame({"commune_code": ["59606", "62498"]})
    assert argument_digest(table) == argument_digest(table.copy())
    assert argument_digest(table) != argument_digest(table.iloc[::-1])
    assert argument_digest(table) != argument_digest(table.rename(columns={
        "commune_code": "code"}))
    assert argument_digest("1") != argument_digest(1)
    assert argument_digest({"59606": [[(0, 0)]]}) == argument_digest({"59606": [[(0, 0)]]})


def test_the_build_folder_is_named_for_the_block_then_removed(monkeypatch):
    monkeypatch.delenv(PARSED_DIR_VARIABLE, raising=False)
    with shared_parsing() as folder:
        assert os.environ[PARSED_DIR_VARIABLE] == str(folder) and folder.is_dir()
        with shared_parsing() as inner:  # the build inside the plan's block reuses it
            assert inner == folder
        assert os.environ[PARSED_DIR_VARIABLE] == str(folder)
    assert not folder.exists() and PARSED_DIR_VARIABLE not in os.environ


def test_a_parse_that_cannot_be_kept_is_returned_and_redone_later(synthetic, build_folder,
                                                                   monkeypatch):
    """A full disk while keeping a parse: the build goes on, the next reader parses again."""
    path, communes = synthetic

    def full_disk(self, data):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(Path, "write_bytes", full_disk)
    first = parsed_once(count_rows, path, communes, "a")
    second = parsed_once(count_rows, path, communes, "a")
    pd.testing.assert_frame_equal(first, second)
    assert CALLS == [path.name, path.name]
    assert not list(build_folder.glob("*.pickle")) and not list(build_folder.glob(".*.tmp"))
