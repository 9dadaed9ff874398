"""Run tasks in child processes that always end: a deadline each, and death with the build.

The build runs each notebook in a child process of its own, started the platform's way
(forked on Linux, so that the child starts with papermill and the report modules imported):

- a child that passes its deadline is killed, and reported like any failure;
- a child that dies (killed, out of memory) is reported, and the other tasks go on;
- a child dies with the build: on Linux the kernel sends it ``SIGKILL`` when its parent
  dies (``PR_SET_PDEATHSIG``), elsewhere a thread notices the parent is gone. Its Jupyter
  kernel notices its own parent is gone and stops too (ipykernel's parent poller), so a
  ``kill -9`` of the build leaves nothing running and nothing published afterwards.

Standard library only.
"""

from __future__ import annotations

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


def _child(function: Callable, args: tuple, conn, parent_pid: int) -> None:
    _die_with_parent(parent_pid)
    try:
        value = function(*args)
    except BaseException as exc:  # reported to the parent, never a traceback on the console
        conn.send(("error", f"{type(exc).__name__}: {exc}",
                   "".join(traceback.format_exception(exc))))
    else:
        conn.send(("ok", value, ""))
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


@dataclass
class _Running:
    key: Any
    process: multiprocessing.process.BaseProcess
    conn: Any
    started: float


def run_tasks(tasks: list[tuple[Any, Callable, tuple]], jobs: int, timeout: float,
              on_timeout: Callable[[Any], None] | None = None,
              stop: Callable[[Outcome], bool] | None = None) -> Iterator[Outcome]:
    """Run ``function(*args)`` of each ``(key, function, args)`` in a child process, at most
    ``jobs`` at a time, and yield each :class:`Outcome` as it comes.

    A task still running ``timeout`` seconds after it started is killed (``on_timeout(key)``
    then cleans what it left). When ``stop(outcome)`` is true, no further task is started
    (those running finish). Return values must be picklable.
    """
    context = _context()
    pending = list(tasks)
    running: list[_Running] = []
    parent_pid = os.getpid()
    stopping = False
    try:
        while pending or running:
            while pending and len(running) < jobs and not stopping:
                key, function, args = pending.pop(0)
                receiver, sender = context.Pipe(duplex=False)
                process = context.Process(target=_child, args=(function, args, sender,
                                                               parent_pid), daemon=True)
                process.start()
                sender.close()
                running.append(_Running(key, process, receiver, time.monotonic()))
            if not running:
                break
            waiting = [r.conn for r in running] + [r.process.sentinel for r in running]
            multiprocessing.connection.wait(waiting, timeout=POLL_SECONDS)
            for task in list(running):
                outcome = _collect(task, timeout, on_timeout)
                if outcome is not None:
                    running.remove(task)
                    stopping = stopping or bool(stop and stop(outcome))
                    yield outcome
    finally:  # an interrupted build (Ctrl-C) leaves no child behind
        for task in running:
            if task.process.is_alive():
                task.process.kill()
            task.process.join()


def _collect(task: _Running, timeout: float, on_timeout) -> Outcome | None:
    """The outcome of a task that ended or passed its deadline, else None."""
    seconds = time.monotonic() - task.started
    if task.conn.poll():
        try:
            status, value, _trace = task.conn.recv()
        except (EOFError, OSError):
            status, value = "dead", None
        task.process.join()
        task.conn.close()
        if status == "ok":
            return Outcome(task.key, value, "", seconds)
        if status == "error":
            return Outcome(task.key, None, value, seconds)
        return Outcome(task.key, None, _exit_text(task.process.exitcode), seconds)
    if not task.process.is_alive():
        task.process.join()
        task.conn.close()
        return Outcome(task.key, None, _exit_text(task.process.exitcode), seconds)
    if seconds > timeout:
        task.process.kill()
        task.process.join()
        task.conn.close()
        if on_timeout is not None:
            on_timeout(task.key)
        return Outcome(task.key, None, f"délai dépassé : le notebook n'a pas fini en "
                                       f"{timeout:g} s (option --timeout pour le changer)",
                       seconds)
    return None
