"""One notebook run: papermill in the project's kernel, then the page published atomically.

:func:`run_notebook` executes a section's notebook with its parameters in a staging folder
(``<target>/.build-<stem>-*/``), renders its HTML, writes its build record, and moves the
files in place together (all replaced, or none). A failed run leaves ``<stem>.failed.ipynb``
for the analyst and the previous good page in place.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

import nbformat
import papermill as pm

from analysis.core.paths import PROJECT_ROOT, is_no_room, write_atomic
from analysis.engine import cache, kernels
from analysis.engine.pdf import write_pdf
from analysis.engine.plan import page_suffixes
from analysis.engine.render import render_notebook_html
from analysis.engine.reproducible import dated_footer, publishable

KERNEL_NAME = "analysis-build"
# the kernel's command (the kernel's own log, TCP warning and interrupt before shutdown, is
# noise for analysts: a failing cell is reported from the notebook, not from this log)
KERNEL_ARGV = [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}",
               "--log-level=CRITICAL"]
# a notebook still running after this many seconds is stopped and reported as failed: the
# slowest page takes a few seconds, so only a hung cell or kernel reaches it
DEFAULT_TIMEOUT_SECONDS = 600
# how long a kernel may take to start (papermill's default is 60 s)
KERNEL_START_SECONDS = 60
RUNNER_TAG = "analysis-build-runner"  # the cell the runner adds first: the kernel has started
STAGING_PREFIX = ".build-"  # a page is written in <target>/.build-<stem>-*/, then published


@contextlib.contextmanager
def project_kernel() -> Iterator[str]:
    """A kernelspec for the interpreter running the build, visible only to this process.

    Notebooks then run in the project's environment whatever kernels the machine has.
    """
    with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as tmp:
        spec_dir = Path(tmp) / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": KERNEL_ARGV,
            "display_name": "Python (analysis)", "language": "python",
        }), encoding="utf-8")
        previous = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [tmp, previous]))
        try:
            yield KERNEL_NAME
        finally:
            if previous is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = previous


def _with_start_marker(notebook: Path, marker: Path) -> nbformat.NotebookNode:
    """The notebook with a first cell that writes ``marker``: once it exists, the kernel has
    started and run a cell (a failure after it is the notebook's, not the kernel start's)."""
    nb = nbformat.read(notebook, as_version=4)
    cell = nbformat.v4.new_code_cell(
        f"# added by analysis build: the kernel has started\nopen({str(marker)!r}, 'w').close()")
    cell.metadata["tags"] = [RUNNER_TAG]
    nb.cells.insert(0, cell)
    return nb


def run_notebook(notebook: Path, target_dir: Path, stem: str, parameters: dict,
                 kernel_name: str, *, inputs: dict[str, dict], title: str, subtitle: str,
                 section_label: str, footer: str, nav: list[dict] | None = None,
                 index_href: str = "../../index.html", pdf: bool = True,
                 warm: bool = False) -> str:
    """Execute ``notebook`` with papermill and publish ``<stem>.ipynb``, ``.html``, its PDF
    ``.pdf`` (:func:`analysis.engine.pdf.write_pdf`), ``.figures.csv`` and its build record
    ``.build.json`` atomically (all replaced, or none). Returns an error text, or "" when
    the notebook ran; a failed run leaves ``<stem>.failed.ipynb`` to read and the previous
    good page in place.

    ``inputs``: the data the page declares (:func:`analysis.engine.cache.declared_inputs`),
    as they were when the build started; they go into the build record. ``nav``: the
    page's links to its report and neighbours (:mod:`analysis.engine.navigation`), part of
    its key but not a parameter of the notebook. ``pdf`` False: no PDF (and an older one
    of the page is removed: it would not show the new page). ``warm``: in this process's
    warm kernel (:mod:`analysis.engine.kernels`), reset first, instead of a new kernel.
    """
    start = time.monotonic()
    key = cache.page_key(notebook, parameters | ({"report_nav": nav} if nav else {}), inputs)
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=f"{STAGING_PREFIX}{stem}-") as tmp:
        staged = {suffix: Path(tmp) / f"{stem}{suffix}" for suffix in page_suffixes(pdf)}
        started = Path(tmp) / "started"
        source = Path(tmp) / f"{stem}.source.ipynb"
        nbformat.write(_with_start_marker(notebook, started), source)
        run_parameters = parameters | {"figures_path": str(staged[".figures.csv"])}
        timing: dict[str, float] = {}
        nb, error = _execute(source, staged[".ipynb"], run_parameters, kernel_name, started,
                             warm, timing)
        if error:
            if staged[".ipynb"].exists():
                _keep_failed(staged[".ipynb"], target_dir / f"{stem}.failed.ipynb")
            return error.replace("{cell}", _failed_cell(notebook, nb))
        _drop_runner_cell(nb)
        _name_injected_cell(nb, stem)
        cells = publishable(nb, notebook, target_dir / f"{stem}.ipynb",
                            parameters | {"figures_path": str(target_dir / f"{stem}.figures.csv")})
        footer = dated_footer(footer, staged[".figures.csv"], parameters.get("data_dir"))
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, staged[".ipynb"])
        rendering = time.monotonic()
        staged[".html"].write_text(render_notebook_html(
            nb, title=title, subtitle=subtitle, section_label=section_label, footer=footer,
            nav=nav, figures_href=f"{stem}.figures.csv", index_href=index_href),
            encoding="utf-8")
        if pdf:
            write_pdf(staged[".html"], staged[".pdf"])
        timing["render"] = time.monotonic() - rendering
        record = cache.manifest(key)
        cache.write_timing(target_dir, stem, timing | {"seconds": time.monotonic() - start,
                                                       "cells": cells})
        staged[cache.MANIFEST_SUFFIX].write_text(json.dumps(record, indent=1, sort_keys=True),
                                                 encoding="utf-8")
        _publish(staged, target_dir, stem)
    if not pdf:
        (target_dir / f"{stem}.pdf").unlink(missing_ok=True)
    (target_dir / f"{stem}.failed.ipynb").unlink(missing_ok=True)
    return ""


def _execute(source: Path, executed: Path, parameters: dict, kernel_name: str,
             started: Path, warm: bool = False, timing: dict | None = None
             ) -> tuple[object, str]:
    """Run the notebook (papermill) in a new kernel, or with ``warm`` in this process's warm
    kernel (:mod:`analysis.engine.kernels`); a kernel that dies before its first cell is
    started once more. Returns the executed notebook and "", or what failed and an error
    text where ``{cell}`` stands for the failing cell (the executed notebook's exception
    then). A warm kernel's start for this page and its reset go into ``timing`` (seconds;
    the start is near 0 when the kernel was already running)."""
    timing = {} if timing is None else timing
    options = dict(parameters=parameters, kernel_name=kernel_name, cwd=str(PROJECT_ROOT),
                   progress_bar=False,
                   request_save_on_cell_execute=False,  # one write at the end, not per cell
                   start_timeout=KERNEL_START_SECONDS,
                   # every cell has run and written its files: waiting for a graceful exit
                   # of the kernel would add half a second to every notebook
                   shutdown_kernel="immediate")
    for attempt in (1, 2):
        kernel = None
        try:
            if warm:
                began = time.monotonic()
                kernel = kernels.warm_kernel(KERNEL_ARGV, KERNEL_START_SECONDS)
                timing["kernel_start"] = time.monotonic() - began
                kernel.prepare()
                timing["reset"] = time.monotonic() - began - timing["kernel_start"]
                options["km"] = kernel.km
            return pm.execute_notebook(str(source), str(executed), **options), ""
        except pm.PapermillExecutionError as exc:
            return exc, f"{{cell}} : {exc.ename}: {exc.evalue}"
        except Exception as exc:  # the kernel died, or never started
            if is_no_room(exc):
                raise  # papermill could not write the notebook: a full disk
            if warm:
                kernels.stop_warm_kernel()  # in an unknown state: the next page starts anew
            if not started.exists() and attempt == 1:
                # its first cell never ran: a start that failed (a port taken by another
                # kernel between its choice and its use) is tried once more
                continue
            what = ("le noyau n'a pas démarré (deux essais)" if not started.exists()
                    else "le noyau n'a pas terminé le notebook")
            return None, f"{what} : {type(exc).__name__}: {exc}"
        finally:
            if kernel is not None:
                kernel.after_page()
    raise AssertionError("unreachable")  # pragma: no cover


def _failed_cell(notebook: Path, failure) -> str:
    if isinstance(failure, pm.PapermillExecutionError):
        return _cell_label(notebook, failure.source, failure.exec_count)
    return ""


def _publish(staged: dict[str, Path], target_dir: Path, stem: str) -> None:
    """Move the staged files of a page in place. The build record goes last, after the old
    one is removed: a publication stopped half-way leaves a page without a record, which the
    next build rebuilds."""
    (target_dir / f"{stem}{cache.MANIFEST_SUFFIX}").unlink(missing_ok=True)
    for suffix, path in staged.items():
        os.replace(path, target_dir / f"{stem}{suffix}")


def _drop_runner_cell(nb: nbformat.NotebookNode) -> None:
    nb.cells = [c for c in nb.cells if RUNNER_TAG not in c.metadata.get("tags", [])]


INJECTED_TAG = "injected-parameters"  # papermill's tag on the cell of the run's parameters


def _name_injected_cell(nb: nbformat.NotebookNode, stem: str) -> None:
    """Give papermill's parameters cell the id ``<stem>-parameters``: papermill draws a
    random one at every run, which changed the notebook and the page at every rebuild of the
    same inputs."""
    for cell in nb.cells:
        if INJECTED_TAG in cell.metadata.get("tags", []):
            cell["id"] = f"{stem}-parameters"


def _keep_failed(executed: Path, target: Path) -> None:
    """Keep the failed notebook for the analyst, without the runner's cell."""
    nb = nbformat.read(executed, as_version=4)
    _drop_runner_cell(nb)
    write_atomic(target, nbformat.writes(nb))


def _cell_label(notebook: Path, source: str, exec_count: int | None) -> str:
    """Where a notebook failed, as the analyst sees it in the notebook: the cell's number
    (1 = the first cell, Markdown included) and its first line."""
    cells = nbformat.read(notebook, as_version=4).cells
    for number, cell in enumerate(cells, start=1):
        if cell.cell_type == "code" and cell.source == source:
            first = next((line for line in source.splitlines() if line.strip()), "")
            return f"cellule {number} (« {first.strip()} »)"
    return f"cellule exécutée n° {exec_count}"


def remove_leftover_staging(output_dir: Path) -> int:
    """Remove the staging folders (``.build-*``) a killed build left behind; call it while
    holding the outputs lock. Returns how many were removed."""

    leftovers = [p for p in output_dir.rglob(".build-*") if p.is_dir()]
    for folder in leftovers:
        shutil.rmtree(folder, ignore_errors=True)
    return len(leftovers)


def remove_staging(target_dir: Path, stem: str) -> None:
    """What a notebook stopped at its deadline left half-written (its staging folders)."""

    for folder in target_dir.glob(f"{STAGING_PREFIX}{stem}-*"):
        shutil.rmtree(folder, ignore_errors=True)
