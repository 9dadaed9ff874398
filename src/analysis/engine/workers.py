"""Run tasks in child processes that always end: a deadline each, and death with the build.

The build runs its notebooks in child processes, started the platform's way (forked on
Linux, so that a child starts with papermill and the report modules imported); a child
runs one task, or, with ``reuse``, task after task (its warm kernel serves each page):

- a child that passes its deadline is killed, and reported like any failure;
- a child that dies (killed, out of memory) is reported, and the other tasks go on;
- a child dies with the build: on Linux the kernel sends it ``SIGKILL`` when its parent
  dies (``PR_SET_PDEATHSIG``), elsewhere a thread notices the parent is gone. Its Jupyter
  kernel notices its own parent is gone and stops too (ipykernel's parent poller), so a
  ``kill -9`` of the build leaves nothing running and nothing published afterwards.

Standard library only.
"""

from __future__ import annotations

import gc
import multiprocessing
import multiprocessing.connection
import os
import signal
import sys
import threading
import time
import traceback
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

PR_SET_PDEATHSIG = 1  # linux/prctl.h
POLL_SECONDS = 0.5


@dataclass
class Outcome:
    """What became of one task: its return value, or why there is none."""

    key: Any
    value: Any = None
    error: str = ""  # French, for the analyst: "" when the task returned
    seconds: float = 0.0


def _die_with_parent(parent_pid: int) -> None:
    """Make this (child) process end when ``parent_pid`` ends."""
    if sys.platform.startswith("linux"):
        try:
            import ctypes

            libc = ctypes.CDLL(None, use_errno=True)
            libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
        except (OSError, AttributeError):  # pragma: no cover - no prctl: the thread below
            pass
    if os.getppid() != parent_pid:  # the parent died before the line above took effect
        os._exit(1)

    def watch() -> None:
        while os.getppid() == parent_pid:
            time.sleep(POLL_SECONDS)
        os._exit(1)

    threading.Thread(target=watch, daemon=True, name="die-with-parent").start()


def _serve(conn, parent_pid: int, at_exit: Callable[[], None] | None) -> None:
    """A worker: run each ``(function, args)`` received until ``None``, sending back each
    result; ``at_exit()`` when told to stop (what the tasks kept open, a warm kernel)."""
    _die_with_parent(parent_pid)
    try:
        while (task := conn.recv()) is not None:
            function, args = task
            try:
                value = function(*args)
            except BaseException as exc:  # reported to the parent, never a traceback here
                conn.send(("error", f"{type(exc).__name__}: {exc}",
                           "".join(traceback.format_exception(exc))))
            else:
                conn.send(("ok", value, ""))
    except EOFError:  # the parent is gone
        pass
    finally:
        if at_exit is not None:
            at_exit()
        conn.close()


def _context() -> multiprocessing.context.BaseContext:
    """The platform's default start method: fork on Linux, spawn on macOS and Windows (where
    CPython chose it on purpose); a task is a module-level function and picklable values."""
    return multiprocessing.get_context()


def _exit_text(exitcode: int | None) -> str:
    if exitcode is not None and exitcode < 0:
        try:
            name = signal.Signals(-exitcode).name
        except ValueError:
            name = f"signal {-exitcode}"
        return f"le processus de construction a été arrêté ({name})"
    return f"le processus de construction s'est arrêté sans résultat (code {exitcode})"


def deadline_text(timeout: float) -> str:
    """What a page stopped at its deadline reports (local build and Dask alike)."""
    return (f"délai dépassé : le notebook n'a pas fini en {timeout:g} s (option --timeout "
            f"pour le changer)")


@dataclass
class _Worker:
    process: multiprocessing.process.BaseProcess
    conn: Any
    key: Any = None  # the task it runs
    started: float = 0.0
    busy: bool = False


def run_tasks(tasks: list[tuple[Any, Callable, tuple]], jobs: int, timeout: float,
              on_timeout: Callable[[Any], None] | None = None,
              stop: Callable[[Outcome], bool] | None = None, reuse: bool = False,
              at_exit: Callable[[], None] | None = None) -> Iterator[Outcome]:
    """Run ``function(*args)`` of each ``(key, function, args)`` in a child process, at most
    ``jobs`` at a time, and yield each :class:`Outcome` as it comes.

    A task still running ``timeout`` seconds after it started is killed (``on_timeout(key)``
    then cleans what it left). When ``stop(outcome)`` is true, no further task is started
    (those running finish). Return values must be picklable.

    Without ``reuse`` each task has a process of its own. With ``reuse`` a process runs task
    after task (what a task keeps in it, a warm kernel, serves the next) and calls
    ``at_exit()`` at the end; a process killed at a deadline, or that died, is replaced.
    """
    context = _context()
    pending = list(tasks)
    workers: list[_Worker] = []
    parent_pid = os.getpid()
    stopping = False
    try:
        while pending or any(w.busy for w in workers):
            if not stopping:
                _give_tasks(pending, workers, jobs,
                            lambda: _start_worker(context, parent_pid, at_exit))
            busy = [w for w in workers if w.busy]
            if not busy:
                break
            multiprocessing.connection.wait([w.conn for w in busy]
                                            + [w.process.sentinel for w in busy],
                                            timeout=POLL_SECONDS)
            for worker in busy:
                outcome = _collect(worker, timeout, on_timeout)
                if outcome is None:
                    continue
                worker.busy = False
                if not reuse or not worker.process.is_alive():
                    _end(worker)
                    workers.remove(worker)
                stopping = stopping or bool(stop and stop(outcome))
                yield outcome
    finally:  # an interrupted build (Ctrl-C) leaves no child behind
        for worker in workers:
            if worker.busy:
                worker.process.kill()
            _end(worker)
        gc.unfreeze()  # no child left to share with: the parent's garbage is collected again


def _start_worker(context, parent_pid: int, at_exit) -> _Worker:
    mine, theirs = context.Pipe(duplex=True)
    process = context.Process(target=_serve, args=(theirs, parent_pid, at_exit), daemon=True)
    # the parent's objects moved out of the collector's reach before the fork: a collection
    # in the child (or in the parent) would otherwise write to every page holding them and
    # copy it, while a forked child shares them (CPython's advice for fork without exec)
    gc.freeze()
    process.start()
    theirs.close()
    return _Worker(process, mine)


def _give_tasks(pending: list, workers: list[_Worker], jobs: int, start_worker) -> None:
    """Send pending tasks to idle workers, starting workers up to ``jobs``."""
    while pending:
        for worker in [w for w in workers if not w.busy and not w.process.is_alive()]:
            _end(worker)  # died between two tasks
            workers.remove(worker)
        idle = [w for w in workers if not w.busy]
        if not idle and len(workers) >= jobs:
            return
        if idle:
            worker = idle[0]
        else:
            worker = start_worker()
            workers.append(worker)
        key, function, args = pending.pop(0)
        worker.conn.send((function, args))
        worker.key, worker.started, worker.busy = key, time.monotonic(), True


def _end(worker: _Worker) -> None:
    """Tell an idle worker to stop (it runs its ``at_exit``), and wait for it."""
    if worker.process.is_alive():
        try:
            worker.conn.send(None)
        except OSError:  # its end of the pipe is closed: it is ending
            pass
        worker.process.join(timeout=30)
        if worker.process.is_alive():
            worker.process.kill()
    worker.process.join()
    worker.conn.close()


def _collect(worker: _Worker, timeout: float, on_timeout) -> Outcome | None:
    """The outcome of a busy worker's task that ended or passed its deadline, else None; a
    worker killed at the deadline or dead is left not alive."""
    seconds = time.monotonic() - worker.started
    key = worker.key
    if worker.conn.poll():
        try:
            status, value, _trace = worker.conn.recv()
        except (EOFError, OSError):
            status, value = "dead", None
        if status == "ok":
            return Outcome(key, value, "", seconds)
        if status == "error":
            return Outcome(key, None, value, seconds)
        worker.process.join()
        return Outcome(key, None, _exit_text(worker.process.exitcode), seconds)
    if not worker.process.is_alive():
        worker.process.join()
        return Outcome(key, None, _exit_text(worker.process.exitcode), seconds)
    if seconds > timeout:
        worker.process.kill()
        worker.process.join()
        if on_timeout is not None:
            on_timeout(key)
        return Outcome(key, None, deadline_text(timeout), seconds)
    return None
