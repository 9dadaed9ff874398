"""Pages built on Dask are the same bytes as those of a local build: the same request, from
the same data, into three output folders — a local build, a Dask local cluster (analysis
build --dask), and an existing cluster reached by its address (--scheduler), whose scheduler
and worker are started here as separate processes, as an administrator would start them.
The command's SOURCE_DATE_EPOCH reaches the pages the worker builds (its own environment does
not have it: the date of a page is the command's, not the worker's)."""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

import pytest

from analysis.engine.cli import main
from analysis.engine.run import published_files

pytestmark = pytest.mark.notebook

REQUEST = ["-t", "CALL", "-y", "2019", "-s", "waste", "-s", "housing", "--no-pdf",
           "--no-progress"]


def _start(arguments: list[str], log: Path) -> subprocess.Popen:
    """``dask <arguments>`` of this interpreter's environment, its output to ``log``."""
    dask = Path(sys.executable).with_name("dask")
    with log.open("w") as output:  # the child keeps its own copy of the descriptor
        return subprocess.Popen([str(dask), *arguments], stdout=output,
                                stderr=subprocess.STDOUT)


@pytest.fixture
def existing_cluster(tmp_path):
    """A scheduler and one single-threaded worker, each its own process; the address."""
    address_file = tmp_path / "scheduler.json"
    # its HTTP port chosen free (it serves its health routes even without a dashboard): the
    # local cluster of the same test keeps the usual one
    processes = [_start(["scheduler", "--scheduler-file", str(address_file), "--port", "0",
                         "--no-dashboard", "--dashboard-address", "127.0.0.1:0"],
                        tmp_path / "scheduler.log")]
    deadline = time.monotonic() + 60
    while not address_file.exists():
        assert time.monotonic() < deadline and processes[0].poll() is None, (
            (tmp_path / "scheduler.log").read_text())
        time.sleep(0.1)
    processes.append(_start(["worker", "--scheduler-file", str(address_file), "--nthreads",
                             "1", "--nworkers", "1", "--no-dashboard"],
                            tmp_path / "worker.log"))
    yield json.loads(address_file.read_text())["address"]
    for process in reversed(processes):
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()


def test_dask_builds_publish_the_same_bytes_as_a_local_build(tmp_path, data_copy, monkeypatch,
                                                             existing_cluster):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    local, dask, remote = tmp_path / "local", tmp_path / "dask", tmp_path / "remote"
    assert main(["build", *REQUEST, "-o", str(local), "--data-dir", str(data_copy)]) == 0
    assert main(["build", *REQUEST, "--dask", "-j", "2", "-o", str(dask), "--data-dir",
                 str(data_copy)]) == 0
    assert main(["build", *REQUEST, "--scheduler", existing_cluster, "-o", str(remote),
                 "--data-dir", str(data_copy)]) == 0
    files = published_files(local)
    assert {"CALL/2019/waste.html", "CALL/2019/housing.html", "CALL/2019/rapport.html",
            "index.html"} <= set(files)
    for other in (dask, remote):
        assert published_files(other) == files
        different = [name for name in files
                     if (local / name).read_bytes() != (other / name).read_bytes()]
        assert not different, (other.name, different)
