"""Shared fixtures: one full build of the committed data, reused by the notebook tests."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.plan import plan
from analysis.engine.run import build, finish

DATA = PROJECT_ROOT / "data"


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> tuple[Path, list]:
    """Every report section with data, built from the committed data (papermill + HTML), then
    the export, the synthesis, the methodology page and the index, as ``analysis build``."""
    out = tmp_path_factory.mktemp("outputs")
    results = build(plan(output_dir=out), progress=False)
    _index, synthesis_error = finish(out, results, progress=False)
    assert synthesis_error == ""
    return out, results


@pytest.fixture
def data_copy(tmp_path) -> Path:
    """A writable copy of data/ for tests that add or corrupt files."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target
