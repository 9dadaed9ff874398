"""Official files parsed once per build and shared by every notebook of the build.

A national file (IRVE: about 170,000 rows) is read by every notebook of its section, each in
its own kernel. During a build the engine names a private folder in ``ANALYSIS_PARSED_DIR``
(:func:`analysis.engine.run.shared_parsing`); :func:`parsed_once` then keeps there the result
of ``loader(path, *arguments)`` under a key made of the loader's name, the sha256 of the
file's bytes and a digest of the arguments. The first notebook parses the file, the others
(in any process) read the result; a lock makes the others wait rather than parse it too.
Outside a build (an analyst in JupyterLab, a test) nothing is kept: the loader just runs.

The folder lives as long as one build and is removed after it, so a result is never read
by a build with other code. What is shared is what the loader returns (restricted to the
territories' communes), not the national file itself: a kernel that reads it holds only
the territories' rows.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pandas as pd

from analysis.core.paths import file_digest

PARSED_DIR_VARIABLE = "ANALYSIS_PARSED_DIR"
# in the folder: one line per file actually parsed — loader, file, process id, start (epoch
# seconds), seconds, and where: "kernel" (a notebook's cell) or "process" (the plan); the
# benchmark reads what the build spent reading files from it
PARSE_LOG = "parsed.log"
Result = TypeVar("Result")

try:  # POSIX: a lock so that concurrent notebooks parse a file once
    import fcntl
except ImportError:  # pragma: no cover - Windows: each may parse it, the result is the same
    fcntl = None


def argument_digest(value) -> str:
    """sha256 of a loader argument: a table by its content (index, columns, values), a
    text or number by its text, anything else by its pickle."""
    h = hashlib.sha256()
    if isinstance(value, pd.DataFrame):
        h.update(repr(list(value.columns)).encode())
        h.update(pd.util.hash_pandas_object(value, index=True).to_numpy().tobytes())
    elif isinstance(value, (str, int, float, bool, type(None), Path)):
        h.update(f"{type(value).__name__}:{value}".encode())
    else:
        h.update(pickle.dumps(value, protocol=pickle.HIGHEST_PROTOCOL))
    return h.hexdigest()


def parse_key(loader: Callable, path: Path, arguments: tuple) -> str:
    """The name a loader's result is kept under: loader, file bytes, arguments."""
    parts = [f"{loader.__module__}.{loader.__qualname__}", file_digest(path) or "missing",
             *(argument_digest(a) for a in arguments)]
    return hashlib.sha256("\n".join(parts).encode()).hexdigest()


@contextlib.contextmanager
def _locked(lock_path: Path) -> Iterator[None]:
    with open(lock_path, "a+b") as handle:
        if fcntl is not None:
            fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            if fcntl is not None:
                fcntl.flock(handle, fcntl.LOCK_UN)


def parsed_once(loader: Callable[..., Result], path: str | Path, *arguments) -> Result:
    """``loader(path, *arguments)``, computed once per build for the same file bytes and
    arguments (see the module's docstring); a loader that raises keeps nothing, so every
    notebook stops with its message."""
    path = Path(path)
    folder = os.environ.get(PARSED_DIR_VARIABLE)
    if not folder or not Path(folder).is_dir():
        return loader(path, *arguments)
    kept = Path(folder) / f"{parse_key(loader, path, arguments)}.pickle"
    with _locked(kept.with_suffix(".lock")):
        if kept.is_file():
            return pickle.loads(kept.read_bytes())
        started, began = time.time(), time.perf_counter()
        result = loader(path, *arguments)
        seconds = time.perf_counter() - began
        where = "kernel" if "ipykernel" in sys.modules else "process"
        with open(Path(folder) / PARSE_LOG, "a", encoding="utf-8") as log:
            log.write(f"{loader.__qualname__}\t{path.name}\t{os.getpid()}\t{started:.3f}\t"
                      f"{seconds:.3f}\t{where}\n")
        partial = kept.with_name(f".{kept.name}.{os.getpid()}.tmp")
        try:
            partial.write_bytes(pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
            os.replace(partial, kept)
        except OSError:  # a full disk: the parse is only a saving; the next reader redoes it
            partial.unlink(missing_ok=True)
    return result
