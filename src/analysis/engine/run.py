"""The build runner: cache check → papermill → HTML → atomic publish → index.

A run is planned first (:func:`analysis.engine.plan.plan`): territories, years and sections
are checked before any kernel starts, codes stay text, and papermill only ever receives
values from the plan. Each planned page is then checked against its build record
(:mod:`analysis.engine.cache`): an up-to-date page is kept, the others run in child processes
(:mod:`analysis.engine.workers`), each executing a notebook in its own kernel and rendering
its HTML.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tqdm import tqdm

from analysis.core.paths import (
    NO_ROOM_ERRNOS,
    data_dir,
    describe_write_error,
    is_no_room,
)
from analysis.core.specs import section_specs
from analysis.engine import cache
from analysis.engine.kernels import stop_warm_kernels
from analysis.engine.notebook import (
    DEFAULT_TIMEOUT_SECONDS,
    project_kernel,
    remove_staging,
    run_notebook,
)
from analysis.engine.pages import built_figure_files, key_figures, write_index
from analysis.engine.plan import RunSpec, page_suffixes
from analysis.engine.render import warm_up
from analysis.engine.reproducible import DATE_MARK
from analysis.engine.workers import run_tasks
from analysis.inputs.official.shared import PARSED_DIR_VARIABLE
from analysis.inputs.territories import all_territories


@dataclass
class RunResult:
    spec: RunSpec
    ok: bool
    seconds: float
    mismatches: int = 0
    verified: int = 0  # comparisons with something independent (analysis.figures.VERIFIED)
    error: str = ""
    key_figures: list[str] = field(default_factory=list)
    skipped: bool = False  # up to date: kept from a previous build
    reason: str = ""  # why it was (re)built
    write_error: bool = False  # the page could not be written (a full disk): nothing published


@contextlib.contextmanager
def shared_parsing() -> Iterator[Path]:
    """A private temporary folder where one build keeps the official files it parses
    (:mod:`analysis.inputs.official.shared`), named in ``ANALYSIS_PARSED_DIR`` for the
    block and removed after it (never in the outputs: a build that stops at its plan
    writes nothing there). Opened around the plan, it lets the notebooks reuse what the
    plan parsed to find the years; a block inside another reuses its folder."""
    if os.environ.get(PARSED_DIR_VARIABLE):
        yield Path(os.environ[PARSED_DIR_VARIABLE])
        return
    folder = Path(tempfile.mkdtemp(prefix="analysis-parsed-"))
    try:
        with _environment(PARSED_DIR_VARIABLE, str(folder)):
            yield folder
    finally:
        shutil.rmtree(folder, ignore_errors=True)


@contextlib.contextmanager
def _environment(name: str, value: str | None) -> Iterator[None]:
    """``os.environ[name] = value`` for the block (nothing when ``value`` is None): the
    kernel a notebook starts in inherits it, whatever the start method of this process."""
    previous = os.environ.get(name)
    if value is not None:
        os.environ[name] = value
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop(name, None)
        else:
            os.environ[name] = previous


def execute(spec: RunSpec, kernel_name: str, reason: str = "",
            parsed_dir: str | None = None, warm: bool = False) -> RunResult:
    """Run one section's notebook and publish its page atomically; official files are
    parsed once for the whole build in ``parsed_dir`` (see :func:`shared_parsing`).
    ``warm``: in the process's warm kernel (:mod:`analysis.engine.kernels`), else a new
    kernel."""
    start = time.monotonic()
    try:
        with _environment(PARSED_DIR_VARIABLE, parsed_dir):
            error = run_notebook(
                spec.section.notebook, spec.target_dir, spec.section.name, spec.parameters(),
                kernel_name, inputs=cache.declared_inputs(spec.section, spec.data_dir),
                title=f"{spec.section.label} — {spec.territory.name} — {spec.year}",
                subtitle=f"{spec.territory.name} (SIREN {spec.territory.siren}), données "
                         f"{spec.year}",
                section_label=spec.section.label, nav=spec.nav(), pdf=spec.pdf, warm=warm,
                footer=f"{DATE_MARK}. Page établie à partir des documents et fichiers "
                       f"cités.",
            )
    except OSError as exc:
        if not is_no_room(exc):
            raise
        return RunResult(spec, False, time.monotonic() - start, reason=reason,
                         error=describe_write_error(exc, spec.target_dir), write_error=True)
    if error:
        return RunResult(spec, False, time.monotonic() - start, error=error, reason=reason,
                         write_error=_no_room_text(error))
    counts, keys = key_figures(spec.section, spec.path(".figures.csv"))
    return RunResult(spec, True, time.monotonic() - start, counts["mismatch"],
                     counts["verified"], key_figures=keys, reason=reason)


def _no_room_text(error: str) -> bool:
    """Whether a notebook's error is a write that failed for lack of room (in its kernel)."""
    return any(f"[Errno {n}]" in error for n in NO_ROOM_ERRNOS)


def kept(spec: RunSpec) -> RunResult:
    """The result of an up-to-date page, read from what it published."""
    (spec.target_dir / f"{spec.section.name}.failed.ipynb").unlink(missing_ok=True)
    counts, keys = key_figures(spec.section, spec.path(".figures.csv"))
    return RunResult(spec, True, 0.0, counts["mismatch"], counts["verified"], key_figures=keys,
                     skipped=True)


def published_files(output_dir: Path) -> list[str]:
    """Every file a build left in ``output_dir`` (relative paths), without the build's own
    state and its staging folders: what the whole-build stamp checks is still there."""
    found = []
    for folder, dirs, files in os.walk(output_dir):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        found += [str((Path(folder) / f).relative_to(output_dir)) for f in sorted(files)]
    return found


def finish(output_dir: Path, results: list[RunResult], data: str | Path | None = None,
           kernel_name: str | None = None, progress: bool = True, force: bool = False,
           timeout: float = DEFAULT_TIMEOUT_SECONDS, pdf: bool = True) -> tuple[Path, str]:
    """After the sections: the export, the synthesis, the methodology page, the report of
    each agglomeration-year (:mod:`analysis.engine.report`, HTML and PDF unless ``pdf`` is
    False), then the index.

    The synthesis notebook is cached like a section (its build record lists the export and
    the data it read). Returns the index path and the synthesis error ("" when it ran, was
    up to date or was not needed).
    """
    from analysis.engine.pages import write_methodology
    from analysis.engine.report import write_reports
    from analysis.figures.export import collect, write_export
    from analysis.figures.spreadsheet import write_spreadsheets

    df = collect(built_figure_files(output_dir, data))
    csv_path, json_path = write_export(df, output_dir)
    xlsx_path, fr_csv_path = write_spreadsheets(df, output_dir)
    extras = {"Chiffres de toutes les sections (classeur Excel)": xlsx_path.name,
              "Chiffres de toutes les sections (CSV pour Excel en français)": fr_csv_path.name,
              "Chiffres de toutes les sections (CSV)": csv_path.name,
              "Chiffres de toutes les sections (JSON)": json_path.name}
    methodology = write_methodology(output_dir, data, df)
    extras = {"Méthodologie : catalogue des indicateurs": methodology.name} | extras
    error = ""
    # the synthesis compares the agglomerations reported by default (another EPCI built with
    # -t has its own report, set among its peers)
    territories = sorted(set(df["territory"]) & {t.short for t in all_territories(data)})
    if len(territories) >= 2:
        error = _synthesis(output_dir, data, csv_path, len(territories), kernel_name,
                           progress, force, timeout, pdf)
        if not error:
            extras = {"Synthèse : les agglomérations comparées": "synthese.html"} | extras
    write_reports(output_dir, data, pdf)  # after the sections, before the index that links them
    national = _national_table(output_dir, results, data) or sorted(
        (output_dir / "national").glob("epci_*.csv"))[-1:]
    if national:
        extras |= {"Table nationale : tous les EPCI de France (CSV)": national[0]
                   .relative_to(output_dir).as_posix()}
    return write_index(output_dir, results, data, extras), error


def _national_table(output_dir: Path, results: list[RunResult], data) -> list[Path]:
    """The national table of the latest year a peers page was built for (the pages set every
    agglomeration against it), in ``national/``; none when no such page was built."""
    from analysis.national.table import national_table, write_national_table

    years = [r.spec.year for r in results if r.ok and r.spec.section.name == "peers"]
    if not years:
        return []
    table, described = national_table(max(years), data)
    return write_national_table(table, described, max(years), output_dir)


def _synthesis(output_dir: Path, data, csv_path: Path, count: int, kernel_name: str | None,
               progress: bool, force: bool, timeout: float, pdf: bool = True) -> str:
    """The page of scope « all » (the synthesis), cached like a section: its key is its
    declared data and the export it reads. Returns its error, or ""."""
    spec = section_specs(scope="all")["synthesis"]
    parameters = {"territory": "", "year": 0, "data_dir": str(data_dir(data)),
                  "outputs_dir": str(output_dir)}
    inputs = cache.declared_inputs(spec, data_dir(data))
    inputs["files"][str(csv_path)] = cache.file_digest(csv_path)
    reason = "reconstruction demandée" if force else cache.stale_reason(
        output_dir / f"synthese{cache.MANIFEST_SUFFIX}",
        cache.page_key(spec.notebook, parameters, inputs),
        [output_dir / f"synthese{suffix}" for suffix in page_suffixes(pdf)])
    if reason is None:
        return ""
    if progress:
        print("Synthèse des agglomérations…", file=sys.stderr)
    with contextlib.ExitStack() as stack:
        kernel = kernel_name or stack.enter_context(project_kernel())
        arguments = (spec.notebook, output_dir, "synthese", parameters, kernel)
        options = dict(
            inputs=inputs, title="Synthèse — les agglomérations comparées",
            subtitle=f"{count} agglomérations, à partir des chiffres de toutes les sections",
            section_label=spec.label, index_href="index.html", pdf=pdf,
            footer=f"{DATE_MARK}. Page établie à partir des chiffres de toutes les "
                   f"sections.")
        # in a child process like the sections: a deadline, and death with the build
        outcome = next(run_tasks([("synthese", _run_notebook_with, (arguments, options))], 1,
                                 timeout,
                                 on_timeout=lambda _: remove_staging(output_dir, "synthese")))
    return outcome.error or outcome.value


def _run_notebook_with(arguments: tuple, options: dict) -> str:
    return run_notebook(*arguments, **options)


def split_stale(specs: list[RunSpec], force: bool, progress: bool
                ) -> tuple[dict[int, RunResult], list[tuple[int, str]]]:
    """The results of the pages that are up to date (by position in ``specs``) and the
    others with why they must be built (``force``: all of them)."""
    results: dict[int, RunResult] = {}
    todo: list[tuple[int, str]] = []
    for i, spec in enumerate(specs):
        reason = "reconstruction demandée (--force)" if force else spec.stale_reason()
        if reason is None:
            results[i] = kept(spec)
        else:
            todo.append((i, reason))
    if progress and results:
        print(f"{len(results)} section(s) à jour, conservée(s) ; {len(todo)} à construire.",
              file=sys.stderr)
    return results, todo


def build(specs: list[RunSpec], keep_going: bool = True, progress: bool = True,
          jobs: int | None = None, force: bool = False,
          timeout: float = DEFAULT_TIMEOUT_SECONDS, warm: bool = True) -> list[RunResult]:
    """Execute every planned notebook whose page is not up to date, ``jobs`` at a time
    (default: the number of cores), in child processes (:mod:`analysis.workers`), with a
    progress bar; stop starting new ones at the first failure unless ``keep_going``.
    ``force`` rebuilds every page. A notebook still running after ``timeout`` seconds, or
    whose process dies, is reported as failed and the others are built.

    ``warm`` (default): each child keeps one warm kernel and runs page after page in it,
    reset between pages (:mod:`analysis.engine.kernels`); otherwise a child and a new kernel
    per page.

    Results come back in the order of ``specs``.
    """
    results, todo = split_stale(specs, force, progress)
    if not todo:
        return [results[i] for i in sorted(results)]
    workers = max(1, min(jobs or os.cpu_count() or 1, len(todo)))
    warm_up()  # once, before the children are forked: each starts with the template compiled
    with contextlib.ExitStack() as stack:
        kernel_name = stack.enter_context(project_kernel())
        parsed_dir = str(stack.enter_context(shared_parsing()))
        bar = stack.enter_context(tqdm(total=len(todo), desc="Construction", unit="section",
                                       disable=not progress, file=sys.stderr))
        tasks = [(i, execute, (specs[i], kernel_name, reason, parsed_dir, warm))
                 for i, reason in todo]
        reasons = dict(todo)
        for outcome in run_tasks(
                tasks, workers, timeout,
                on_timeout=lambda i: remove_staging(specs[i].target_dir,
                                                     specs[i].section.name),
                stop=lambda o: not keep_going and not (o.value is not None and o.value.ok),
                reuse=warm, at_exit=stop_warm_kernels if warm else None):
            i = outcome.key
            results[i] = outcome.value if outcome.value is not None else RunResult(
                specs[i], False, outcome.seconds, error=outcome.error, reason=reasons[i])
            spec = specs[i]
            bar.set_postfix_str(f"{spec.territory.short} {spec.year} {spec.section.name}")
            bar.update()
    return [results[i] for i in sorted(results)]


def summary(results: list[RunResult], index: Path) -> str:
    """One line: how many built, failed, mismatches, time, where the index is."""
    ok = [r for r in results if r.ok]
    failed = len(results) - len(ok)
    kept_count = sum(r.skipped for r in ok)
    seconds = sum(r.seconds for r in results)
    return (f"{len(ok) - kept_count} section(s) construite(s), {kept_count} à jour, "
            f"{failed} en échec, {sum(r.mismatches for r in ok)} écart(s) d'audit sur "
            f"{sum(r.verified for r in ok)} vérification(s), {seconds:.0f} s de notebooks — "
            f"{index}")
