"""Shared fixtures: one full build of the committed data, reused by the notebook tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.cli import main
from analysis.engine.plan import plan
from analysis.engine.run import build, finish

DATA = PROJECT_ROOT / "data"
EPOCH = "1700000000"  # 2023-11-14 22:13:20 UTC
REQUEST = ["-t", "CALL", "-y", "2019"]  # its four sections, its report, the set's pages


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, list]:
    """Every report section with data, built from the committed data (papermill + HTML), then
    the export, the synthesis, the methodology page and the index, as ``analysis build
    --no-pdf``: the PDF tests lay out the section pages themselves (tests/test_pdf.py), the
    reports' PDFs are checked on the build of tests/test_same_bytes.py."""
    out = tmp_path_factory.mktemp("outputs")
    results = build(plan(output_dir=out, pdf=False), progress=False)
    _index, synthesis_error = finish(out, results, progress=False, pdf=False)
    assert synthesis_error == ""
    return out, results


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ for tests that add or corrupt files."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


@pytest.fixture(scope="session")
def two_builds(tmp_path_factory) -> tuple[Path, Path, list[Path]]:
    """CALL 2019 (four sections, their PDFs, the report and its PDF) built from two copies
    of data/ into two output folders (tests/test_same_bytes.py; the report's PDF is
    checked in tests/test_pdf.py)."""
    root = tmp_path_factory.mktemp("same_bytes")
    folders = []
    for data, out in (("one/data", "one/out"), ("two/ailleurs/donnees", "sorties")):
        shutil.copytree(PROJECT_ROOT / "data", root / data)
        with pytest.MonkeyPatch.context() as env:
            env.setenv("SOURCE_DATE_EPOCH", EPOCH)
            code = main(["build", *REQUEST, "-o", str(root / out), "--data-dir",
                         str(root / data), "--no-progress"])
        assert code == 0
        folders += [root / data, root / out]
    return folders[1], folders[3], folders
