"""Warm kernels: a build process keeps one kernel, reset between pages
(analysis.engine.kernels, analysis.engine.kernel_state).

- nothing a page leaves in its kernel reaches the next page: a SYNTHETIC page that changes
  everything the reset puts back, then a SYNTHETIC probe page that records what it sees; the
  probe sees in the warm kernel what it sees in a new kernel, and its published notebook is
  the same bytes;
- a kernel that died is replaced at the next page;
- a worker that reuses its process runs task after task in it; a killed one is replaced;
- the real pages built by the session's build (warm kernels, each serving many pages) are
  the same bytes as the same pages built with a new kernel each.
"""

from __future__ import annotations

import json
import os
import textwrap
from pathlib import Path

import nbformat
import pytest

from analysis.core.paths import PROJECT_ROOT
from analysis.engine import kernels
from analysis.engine.notebook import project_kernel, run_notebook
from analysis.engine.plan import plan
from analysis.engine.run import build
from analysis.engine.workers import run_tasks

pytestmark = pytest.mark.notebook

# A helper module the synthetic pages import: a warning from a fixed place of a module, which
# Python prints once per place unless the registries are reset.
HELPER = '''
import warnings


def warn_once():
    warnings.warn("avertissement de test (synthétique)", UserWarning)
'''

DIRTY = '''
import os, random, sys, warnings
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from analysis.inputs.territories import get_territory

sys.path.insert(0, helper_dir)
import warm_kernel_helper

warnings.filterwarnings("ignore", message="filtre laissé par la page précédente")
warm_kernel_helper.warn_once()  # printed, and noted in the module's registry
left_behind = "variable de la page précédente"
pd.set_option("display.max_rows", 3)
matplotlib.rcParams["font.size"] = 31
np.random.seed(1)
random.seed(1)
os.environ["LEFT_BEHIND"] = "1"
os.chdir(helper_dir)
plt.figure()
get_territory("CALL")  # fills a memoised function of the package
open(figures_path, "w").close()
with open(record_path, "w") as f:
    f.write(str(os.getpid()))
'''

PROBE = '''
import json, os, random, sys, warnings
import matplotlib
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd
from analysis.inputs import territories

shown = []
previous, warnings.showwarning = warnings.showwarning, lambda *a, **k: shown.append(str(a[0]))
sys.path.insert(0, helper_dir)
import warm_kernel_helper
warm_kernel_helper.warn_once()
warnings.showwarning = previous
sys.path.remove(helper_dir)
seen = {
    "pid": os.getpid(),
    "names": sorted(n for n in globals() if not n.startswith("_")),
    "display.max_rows": pd.get_option("display.max_rows"),
    "font.size": matplotlib.rcParams["font.size"],
    "filters": [str(f[1]) for f in warnings.filters if f[1] is not None],
    "warning shown": shown,
    "numpy draw": float(np.random.random()),
    "random draw": random.random(),
    "LEFT_BEHIND": os.environ.get("LEFT_BEHIND"),
    "cwd": os.getcwd(),
    "sys.path": sys.path,
    "open figures": plt.get_fignums(),
    "memoised territories": territories._every_epci.cache_info().currsize,
}
open(figures_path, "w").close()
with open(record_path, "w") as f:
    json.dump(seen, f)
'''


def _page(path: Path, code: str) -> Path:
    """A SYNTHETIC notebook: a parameters cell, then ``code``."""
    nb = nbformat.v4.new_notebook()
    parameters = nbformat.v4.new_code_cell(
        'helper_dir = ""\nrecord_path = ""\nfigures_path = ""')
    parameters.metadata["tags"] = ["parameters"]
    nb.cells = [parameters, nbformat.v4.new_code_cell(textwrap.dedent(code).strip())]
    nb.metadata["kernelspec"] = {"name": "python3", "language": "python",
                                 "display_name": "Python 3"}
    nbformat.write(nb, path)
    return path


def _run(notebook: Path, out: Path, stem: str, record: Path, helper_dir: Path,
         kernel_name: str, warm: bool) -> str:
    return run_notebook(notebook, out, stem, {"helper_dir": str(helper_dir),
                                              "record_path": str(record)},
                        kernel_name, inputs={"files": {}, "folders": {}}, title="t", subtitle="s",
                        section_label="l", footer="f", pdf=False, warm=warm)


@pytest.fixture
def pages(tmp_path) -> dict[str, Path]:
    helper_dir = tmp_path / "helper"
    helper_dir.mkdir()
    (helper_dir / "warm_kernel_helper.py").write_text(HELPER, encoding="utf-8")
    return {"helper": helper_dir, "dirty": _page(tmp_path / "dirty.ipynb", DIRTY),
            "probe": _page(tmp_path / "probe.ipynb", PROBE)}


@pytest.fixture
def own_kernel():
    """This test process's warm kernel, stopped after the test."""
    yield
    kernels.stop_warm_kernels()


def test_nothing_a_page_leaves_reaches_the_next_page(pages, tmp_path, own_kernel):
    with project_kernel() as kernel_name:
        # the probe in a new kernel: what a page must see
        assert _run(pages["probe"], tmp_path / "new", "probe", tmp_path / "new.json",
                    pages["helper"], kernel_name, warm=False) == ""
        # the dirty page, then the probe, in one warm kernel
        assert _run(pages["dirty"], tmp_path / "warm", "dirty", tmp_path / "dirty.pid",
                    pages["helper"], kernel_name, warm=True) == ""
        assert _run(pages["probe"], tmp_path / "warm", "probe", tmp_path / "warm.json",
                    pages["helper"], kernel_name, warm=True) == ""
    new = json.loads((tmp_path / "new.json").read_text())
    warm = json.loads((tmp_path / "warm.json").read_text())
    # the same kernel ran both pages (else this test would prove nothing)
    assert warm["pid"] == int((tmp_path / "dirty.pid").read_text())
    assert warm["pid"] != new["pid"]
    assert kernels.pages_served() == 2
    # each item as in a new kernel
    for item in ("names", "display.max_rows", "font.size", "filters", "warning shown",
                 "LEFT_BEHIND", "cwd", "sys.path", "open figures", "memoised territories"):
        assert warm[item] == new[item], item
    assert warm["warning shown"] == ["avertissement de test (synthétique)"]
    assert warm["cwd"] == str(PROJECT_ROOT)
    # the generators are not those the dirty page seeded
    import random

    import numpy as np
    seeded = np.random.RandomState(1)
    assert warm["numpy draw"] not in [seeded.random_sample() for _ in range(3)]
    random.seed(1)
    assert warm["random draw"] not in [random.random() for _ in range(3)]
    # the published probe notebooks are numbered as in a new kernel
    counts = [[c.execution_count for c in nbformat.read(tmp_path / d / "probe.ipynb",
                                                         as_version=4).cells]
              for d in ("new", "warm")]
    assert counts[0] == counts[1] and None not in counts[0]


def test_a_kernel_that_died_is_replaced_at_the_next_page(pages, tmp_path, own_kernel):
    dies = _page(tmp_path / "dies.ipynb", "import os\nos._exit(1)")
    with project_kernel() as kernel_name:
        error = _run(dies, tmp_path / "a", "dies", tmp_path / "x", pages["helper"],
                     kernel_name, warm=True)
        assert error.startswith("le noyau n'a pas terminé le notebook"), error
        assert _run(pages["probe"], tmp_path / "b", "probe", tmp_path / "after.json",
                    pages["helper"], kernel_name, warm=True) == ""
    assert json.loads((tmp_path / "after.json").read_text())["names"]


def test_a_page_client_is_ready_with_its_check_read_to_the_end(own_kernel):
    # the client papermill makes for a page: ready without jupyter_client's 0.2 s wait for
    # silence, yet with every message of its readiness check read (as after that wait), and
    # receiving what the page's cells print
    from jupyter_core.utils import run_sync

    from analysis.engine.notebook import KERNEL_ARGV, KERNEL_START_SECONDS

    kernel = kernels.warm_kernel(KERNEL_ARGV, KERNEL_START_SECONDS)
    kernel.prepare()
    client = kernel.km.client()
    client.start_channels()
    try:
        run_sync(client.wait_for_ready)(timeout=30)
        assert not run_sync(client.iopub_channel.msg_ready)()
        request = client.execute("print('prêt')")
        texts = []
        while True:
            message = run_sync(client.iopub_channel.get_msg)(timeout=10)
            if message["parent_header"].get("msg_id") != request:
                continue
            if message["msg_type"] == "stream":
                texts.append(message["content"]["text"])
            if (message["msg_type"] == "status"
                    and message["content"]["execution_state"] == "idle"):
                break
        assert texts == ["prêt\n"]
    finally:
        kernel.after_page()


def _pid() -> int:
    return os.getpid()


def _die() -> int:
    os._exit(3)


def test_a_reused_process_runs_task_after_task_and_a_dead_one_is_replaced():
    tasks = [(n, _pid, ()) for n in range(4)] + [(4, _die, ())] + [
        (n, _pid, ()) for n in range(5, 8)]
    outcomes = {o.key: o for o in run_tasks(tasks, 1, 60, reuse=True)}
    before = {outcomes[n].value for n in range(4)}
    after = {outcomes[n].value for n in range(5, 8)}
    assert len(before) == 1 and len(after) == 1 and before != after
    assert outcomes[4].error == ("le processus de construction s'est arrêté sans résultat "
                                 "(code 3)")
    fresh = {o.value for o in run_tasks([(n, _pid, ()) for n in range(3)], 1, 60)}
    assert len(fresh) == 3  # without reuse: a process per task


def test_pages_of_warm_kernels_are_the_bytes_of_new_kernels(built, tmp_path):
    """The session's build ran every page in warm kernels, each serving many pages; the
    last pages it planned (those whose kernel had served the most) are built again with a
    new kernel each, and compared byte for byte."""
    out, _results = built
    last = plan(output_dir=tmp_path / "new", pdf=False)[-3:]
    results = build(last, progress=False, jobs=2, warm=False)
    assert all(r.ok for r in results), [r.error for r in results]
    for spec in last:
        relative = spec.target_dir.relative_to(tmp_path / "new")
        for suffix in (".html", ".ipynb", ".figures.csv", ".build.json"):
            name = f"{spec.section.name}{suffix}"
            assert (out / relative / name).read_bytes() == (
                spec.target_dir / name).read_bytes(), relative / name
