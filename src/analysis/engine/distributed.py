"""The pages built on Dask distributed: a local cluster, or an existing one
(``analysis build --dask``, ``--scheduler ADDRESS``).

For many territories (every EPCI of a region, of France) one machine's processes are not
enough: each page is a task of the cluster, run by :func:`analysis.engine.run.execute` — the
same notebook, the same staging folder and atomic publication as a local build, so the
outputs are the same bytes (``tests/test_distributed.py``). The output folder's lock is
taken by the command before (:func:`analysis.engine.cache.output_lock`), the export, reports
and index are written after, here, as for a local build. A page that fails is reported with
its error and the others are built; a worker that dies has its task run again by Dask. A
page has the deadline of a local build: past it, its kernel is killed (Dask cannot stop a
task) and the page is reported as stopped at its deadline; the worker goes on.

On a local cluster the workers share the build's folder of parsed national files
(:mod:`analysis.inputs.official.shared`); the workers of a remote cluster see another disk:
each parses what it reads (the folder it is given does not exist there, so nothing is
shared). The kernel is the worker's own Python: by default each worker keeps a warm
kernel (:mod:`analysis.engine.kernels`), reset between pages and stopped with the worker;
with ``warm`` False, a kernelspec and a new kernel per task.
"""

from __future__ import annotations

import contextlib
import os
import sys
import threading
import time
from collections.abc import Iterator

import psutil

from analysis.engine.kernels import stop_warm_kernels
from analysis.engine.notebook import KERNEL_NAME, project_kernel, remove_staging
from analysis.engine.plan import RunSpec
from analysis.engine.run import RunResult, execute, shared_parsing, split_stale
from analysis.engine.workers import deadline_text

# what the command's environment says of a page (its date): a worker of an existing cluster
# was started with its own environment, so these go with each task
PAGE_ENVIRONMENT = ("SOURCE_DATE_EPOCH",)


@contextlib.contextmanager
def _variables(values: dict[str, str | None]) -> Iterator[None]:
    """``os.environ`` set (or, for None, unset) as ``values`` says, for the block."""
    def apply(wanted: dict[str, str | None]) -> None:
        for name, value in wanted.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    previous = {name: os.environ.get(name) for name in values}
    apply(values)
    try:
        yield
    finally:
        apply(previous)


@contextlib.contextmanager
def _deadline(seconds: float | None) -> Iterator[threading.Event]:
    """Kill this process's Jupyter kernels if the block is still running after ``seconds``;
    the event says it happened. Dask cannot stop a running task, but a page whose kernel
    died ends (papermill reports the dead kernel), and the worker goes on to its next page
    with a new kernel."""
    expired = threading.Event()

    def stop() -> None:
        expired.set()
        for child in psutil.Process().children(recursive=True):
            with contextlib.suppress(psutil.Error):
                if "ipykernel_launcher" in child.cmdline():
                    child.kill()

    timer = threading.Timer(seconds, stop) if seconds else None
    if timer is not None:
        timer.daemon = True
        timer.start()
    try:
        yield expired
    finally:
        if timer is not None:
            timer.cancel()


def execute_on_worker(spec: RunSpec, reason: str, parsed_dir: str, warm: bool = True,
                      environment: dict[str, str | None] | None = None,
                      timeout: float | None = None) -> RunResult:
    """One page on a Dask worker, as a local build makes it, with the command's
    ``environment`` (:data:`PAGE_ENVIRONMENT`): in the worker's warm kernel, or (``warm``
    False) in a new kernel of a kernelspec for the worker's interpreter. A page still
    running after ``timeout`` seconds has its kernel killed and is reported as a local
    build reports it."""
    started = time.monotonic()
    with _variables(environment or {}), _deadline(timeout) as expired:
        if warm:
            result = execute(spec, KERNEL_NAME, reason, parsed_dir, warm=True)
        else:
            with project_kernel() as kernel_name:
                result = execute(spec, kernel_name, reason, parsed_dir)
    if expired.is_set() and not result.ok:
        remove_staging(spec.target_dir, spec.section.name)
        return RunResult(spec, False, time.monotonic() - started, reason=reason,
                         error=deadline_text(timeout))
    return result


def _kernels_plugin():
    """A worker plugin that stops the worker's warm kernels when the worker closes."""
    from distributed import WorkerPlugin

    class WarmKernels(WorkerPlugin):
        name = "analysis-warm-kernels"

        def teardown(self, worker) -> None:
            stop_warm_kernels()

    return WarmKernels()


def build_on_dask(specs: list[RunSpec], scheduler: str | None = None, jobs: int | None = None,
                  force: bool = False, progress: bool = True,
                  warm: bool = True, timeout: float | None = None) -> list[RunResult]:
    """Every page of ``specs`` that is not up to date, one Dask task each, on the cluster at
    ``scheduler`` or on a local cluster of ``jobs`` single-threaded worker processes
    (default: the number of cores). Results come back in the order of ``specs``.
    ``warm``: each worker runs its pages in one warm kernel (the default). ``timeout``: the
    deadline of each page, in seconds (none by default)."""
    from dask.distributed import Client, LocalCluster, as_completed

    results, todo = split_stale(specs, force, progress)
    if not todo:
        return [results[i] for i in sorted(results)]
    started = time.monotonic()
    with shared_parsing() as parsed_dir:
        cluster = None if scheduler else LocalCluster(
            n_workers=max(1, min(jobs or os.cpu_count() or 1, len(todo))),
            threads_per_worker=1, processes=True, dashboard_address=None)
        try:
            with Client(scheduler or cluster) as client:
                if warm:
                    client.register_plugin(_kernels_plugin())
                environment = {name: os.environ.get(name) for name in PAGE_ENVIRONMENT}
                futures = {client.submit(execute_on_worker, specs[i], reason, str(parsed_dir),
                                         warm, environment, timeout, pure=False,
                                         key=f"page-{specs[i].territory.short}-"
                                             f"{specs[i].year}-{specs[i].section.name}"): i
                           for i, reason in todo}
                reasons = dict(todo)
                for future in as_completed(futures):
                    i = futures[future]
                    try:
                        results[i] = future.result()
                    except Exception as exc:  # the task itself failed (not the notebook)
                        results[i] = RunResult(specs[i], False, time.monotonic() - started,
                                               error=f"{type(exc).__name__}: {exc}",
                                               reason=reasons[i])
                    if progress:
                        spec = specs[i]
                        print(f"{spec.territory.short} {spec.year} {spec.section.name} : "
                              f"{'construite' if results[i].ok else 'échec'}",
                              file=sys.stderr)
        finally:
            if cluster is not None:
                cluster.close()
    return [results[i] for i in sorted(results)]
