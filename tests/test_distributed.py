"""Pages built on a Dask local cluster (analysis build --dask) are the same bytes as those
of a local build: the same request, from the same data, into two output folders."""

from __future__ import annotations

import pytest

from analysis.engine.cli import main
from analysis.engine.run import published_files

pytestmark = pytest.mark.notebook

REQUEST = ["-t", "CALL", "-y", "2019", "-s", "waste", "-s", "housing", "--no-pdf",
           "--no-progress"]


def test_a_dask_local_cluster_build_publishes_the_same_bytes_as_a_local_build(
        tmp_path, data_copy, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    local, dask = tmp_path / "local", tmp_path / "dask"
    assert main(["build", *REQUEST, "-o", str(local), "--data-dir", str(data_copy)]) == 0
    assert main(["build", *REQUEST, "--dask", "-j", "2", "-o", str(dask), "--data-dir",
                 str(data_copy)]) == 0
    files = published_files(local)
    assert {"CALL/2019/waste.html", "CALL/2019/housing.html", "CALL/2019/rapport.html",
            "index.html"} <= set(files)
    assert published_files(dask) == files
    different = [name for name in files
                 if (local / name).read_bytes() != (dask / name).read_bytes()]
    assert not different
