"""A section reads nothing it does not declare.

The build keys each page on the data its ``section.toml`` declares (tables, files, drop
folders and the files dropped in them). An audit hook in the notebook's kernel
(``read_recorder``) notes every file opened and every folder listed under the data folder:
each must be declared, or a change to it would leave the page stale.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import papermill as pm
import pytest
from helpers import DROPPED_FILES, drop_file
from read_recorder import read_log, recorder_cell_source

from analysis.core.paths import PROJECT_ROOT
from analysis.core.specs import section_specs
from analysis.engine.cache import declared_inputs
from analysis.engine.notebook import project_kernel
from analysis.engine.plan import plan

DATA = PROJECT_ROOT / "data"


def test_the_recorder_notes_reads_and_listings_under_its_roots_only(tmp_path):
    root = tmp_path / "data"
    (root / "drop").mkdir(parents=True)
    (root / "table.csv").write_text("a\n1\n")
    outside = tmp_path / "elsewhere.csv"
    outside.write_text("a\n")
    log = tmp_path / "reads.jsonl"
    script = f"""
import os, pathlib
import pandas as pd
{recorder_cell_source(log, [root])}
pd.read_csv({str(root / 'table.csv')!r})
pathlib.Path({str(root / 'table.csv')!r}).read_text()   # a second read is noted once
pathlib.Path({str(outside)!r}).read_text()              # outside the roots
os.listdir({str(root / 'drop')!r})
try:
    os.listdir({str(root / 'not_yet')!r})                # a folder looked for, missing
except FileNotFoundError:
    pass
pathlib.Path({str(root / 'written.csv')!r}).write_text("x")   # a write is not a read
"""
    subprocess.run([sys.executable, "-c", script], check=True)
    files, folders = read_log(log)
    assert files == [str(root / "table.csv")]
    assert folders == [str(root / "drop"), str(root / "not_yet")]


def test_the_recorder_cell_writes_paths_as_literals_only(tmp_path):
    source = recorder_cell_source(tmp_path / "it's.jsonl", [Path("/data/x'); import os")])
    compiled = compile(source, "<cell>", "exec")
    # the only names the cell uses are the recorder's: a quote in a path stays in its string
    assert set(compiled.co_names) == {"sys", "path", "insert", "read_recorder", "record_reads"}


def _reads(notebook: Path, parameters: dict, data: Path, tmp_path: Path) -> tuple[set, set]:
    """Files and folders under ``data`` the notebook reads, run with ``parameters``."""
    log = tmp_path / f"{notebook.stem}.reads.jsonl"
    nb = nbformat.read(notebook, as_version=4)
    nb.cells.insert(0, nbformat.v4.new_code_cell(recorder_cell_source(log, [data])))
    source = tmp_path / notebook.name
    nbformat.write(nb, source)
    with project_kernel() as kernel:
        pm.execute_notebook(str(source), str(tmp_path / f"{notebook.stem}.run.ipynb"),
                            parameters=parameters, kernel_name=kernel, cwd=str(PROJECT_ROOT),
                            progress_bar=False)
    files, folders = read_log(log)
    return set(files), set(folders)


def _undeclared(spec, data: Path, files: set, folders: set) -> list[str]:
    declared = declared_inputs(spec, data)
    return sorted((files - set(declared["files"])) | (folders - set(declared["folders"])))


@pytest.fixture(scope="module")
def data_with_dropped_files(tmp_path_factory) -> Path:
    """A copy of data/ with every SYNTHETIC official file dropped and declared, so that the
    loaders of the drop folders run too."""
    data = tmp_path_factory.mktemp("reads") / "data"
    shutil.copytree(DATA, data)
    for name in DROPPED_FILES:
        drop_file(data, name)
    return data


@pytest.mark.notebook
@pytest.mark.parametrize("name", list(section_specs(scope="territory")))
def test_a_section_reads_only_what_it_declares(name, data_with_dropped_files, tmp_path):
    data = data_with_dropped_files
    # the latest page of the first territory that has one: the year of a dropped file
    specs = plan(None, None, [name], tmp_path / "out", data)
    page = max(specs, key=lambda s: (s.territory.short == specs[0].territory.short, s.year))
    parameters = page.parameters() | {"figures_path": str(tmp_path / "figures.csv")}
    files, folders = _reads(page.section.notebook, parameters, data, tmp_path)
    assert files, "the recorder saw nothing: the test would pass whatever the section reads"
    assert _undeclared(page.section, data, files, folders) == []


@pytest.mark.notebook
def test_the_synthesis_reads_only_what_it_declares(built, tmp_path):
    out, _ = built
    spec = section_specs(scope="all")["synthesis"]
    parameters = {"territory": "", "year": 0, "data_dir": str(DATA), "outputs_dir": str(out),
                  "figures_path": str(tmp_path / "figures.csv")}
    files, folders = _reads(spec.notebook, parameters, DATA, tmp_path)
    assert files
    assert _undeclared(spec, DATA, files, folders) == []


def test_an_undeclared_read_is_seen(data_with_dropped_files, tmp_path):
    """The check can fail: a notebook that reads a table its section does not declare."""
    spec = section_specs(scope="territory")["waste"]
    notebook = tmp_path / "reads_more.ipynb"
    nb = nbformat.v4.new_notebook(metadata={"language_info": {"name": "python"}})
    nb.cells = [nbformat.v4.new_code_cell("data_dir = ''"),
                nbformat.v4.new_code_cell(
                    "from analysis.inputs.tables import load_table\n"
                    "load_table('housing/observations', data_dir)")]
    nb.cells[0].metadata["tags"] = ["parameters"]
    nbformat.write(nb, notebook)
    data = data_with_dropped_files
    files, folders = _reads(notebook, {"data_dir": str(data)}, data, tmp_path)
    assert _undeclared(spec, data, files, folders) == [str(data / "housing" / "observations.csv")]
