"""Same inputs, same bytes: what is taken out of an executed notebook before it is published.

papermill and the kernel write into the executed notebook what changes at every run: the
time each cell started and took (``execution``, ``papermill.start_time``…), the folders of
the run (the injected ``data_dir``, ``outputs_dir``, the staging folder of
``figures_path``, ``input_path``/``output_path``). Two builds of the same inputs, in two
folders on two days, would publish different notebooks. :func:`publishable` writes the
folders relative (``data``, ``outputs/CALL/2019/waste.figures.csv``: the project's own
layout, from its root, where the notebooks run) and drops the times; the time the cells took
is returned, for the build's own state (:func:`analysis.engine.cache.write_timing`).
"""

from __future__ import annotations

import csv
import re
from collections.abc import Iterable
from pathlib import Path

import nbformat
from papermill.translators import translate_parameters

from analysis.core.paths import data_dir
from analysis.core.stamp import date_line, latest_date
from analysis.engine.cache import published_parameters, relative_label, roots_of

INJECTED_TAG = "injected-parameters"  # papermill's tag on the cell of the run's parameters
TIMING_FIELDS = ("start_time", "end_time", "duration")  # papermill's, per cell and notebook
PARAMETERS_COMMENT = "Parameters"  # papermill's first line of the injected cell
# where a footer says when the page was made: filled after the run, from what it cites
DATE_MARK = "{date_line}"
_IDS_SEPARATOR = re.compile(r"[\s;,]+")


def cell_seconds(nb: nbformat.NotebookNode) -> float:
    """Sum of the code cells' execution times that papermill recorded."""
    return sum(c.metadata.get("papermill", {}).get("duration") or 0 for c in nb.cells
               if c.cell_type == "code")


def strip_timings(nb: nbformat.NotebookNode) -> None:
    """Remove the times of the run: each cell's ``execution`` (the kernel's messages) and
    papermill's start, end and duration, of each cell and of the notebook."""
    for cell in nb.cells:
        cell.metadata.pop("execution", None)
        for name in TIMING_FIELDS:
            cell.metadata.get("papermill", {}).pop(name, None)
    for name in TIMING_FIELDS:
        nb.metadata.get("papermill", {}).pop(name, None)


def rewrite_parameters(nb: nbformat.NotebookNode, parameters: dict) -> None:
    """Write ``parameters`` into papermill's injected cell (as papermill writes them) and
    into the notebook's ``papermill.parameters``."""
    source = translate_parameters("python", "python", parameters, PARAMETERS_COMMENT)
    for cell in nb.cells:
        if INJECTED_TAG in cell.metadata.get("tags", []):
            cell.source = source
    nb.metadata.setdefault("papermill", {})["parameters"] = dict(parameters)


def publishable(nb: nbformat.NotebookNode, notebook: Path, published_path: Path,
                parameters: dict) -> float:
    """Make an executed notebook the same bytes for the same inputs (in place): folders
    relative to the data folder, the outputs folder and the project (roots taken from
    ``parameters``), no times. ``notebook`` is the source notebook, ``published_path``
    where the executed one is published, ``parameters`` those of the run (absolute).
    Returns the seconds its cells took."""
    seconds = cell_seconds(nb)
    roots = roots_of(parameters)
    rewrite_parameters(nb, published_parameters(parameters, roots))
    papermill = nb.metadata.setdefault("papermill", {})
    papermill["input_path"] = relative_label(notebook, roots)
    papermill["output_path"] = relative_label(published_path, roots)
    strip_timings(nb)
    return seconds


def sources_date(source_ids: Iterable[str] | None, sources_csv: Path) -> str | None:
    """The latest ``published`` date (:func:`analysis.core.stamp.latest_date`) of the
    sources named in ``source_ids`` (texts of ids separated by spaces, ``;`` or ``,``;
    None: every source), read from ``sources_csv`` (``data/sources.csv``); None if none is
    dated."""
    wanted = None if source_ids is None else {
        i for text in source_ids for i in _IDS_SEPARATOR.split(str(text or "")) if i}
    with open(sources_csv, encoding="utf-8", newline="") as f:
        return latest_date(row.get("published") for row in csv.DictReader(f)
                           if wanted is None or row.get("source_id") in wanted)


def export_date_line(data, df_export=None) -> str:
    """The date line of a page about the whole report set (index, methodology): the latest
    ``published`` date of the sources the export cites (of every source without it)."""
    ids = None if df_export is None or "source_ids" not in df_export else \
        [str(v) for v in df_export["source_ids"].dropna()]
    return date_line(sources_date(ids, data_dir(data) / "sources.csv"))


def figures_date(figures_csv: Path, sources_csv: Path) -> str | None:
    """The stated date of the data a page used: the latest ``published`` date of the
    sources its figures cite (column ``source_ids`` of its ``.figures.csv``)."""
    if not figures_csv.exists():
        return None
    with open(figures_csv, encoding="utf-8", newline="") as f:
        ids = [row.get("source_ids") or "" for row in csv.DictReader(f)]
    return sources_date(ids, sources_csv)


def dated_footer(footer: str, figures_csv: Path, data_dir: str | Path | None) -> str:
    """``footer`` with :data:`DATE_MARK` replaced by the page's date line
    (:func:`analysis.core.stamp.date_line`: ``SOURCE_DATE_EPOCH``, else the date of the
    data its figures cite)."""
    if DATE_MARK not in footer:
        return footer
    sources = Path(data_dir) / "sources.csv" if data_dir else None
    when = figures_date(figures_csv, sources) if sources and sources.exists() else None
    return footer.replace(DATE_MARK, date_line(when))
