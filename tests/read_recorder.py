"""What a notebook reads, noted by an audit hook in its kernel (test tooling, not the build).

The build keys each page on the data its section declares (``section.toml``); this recorder
checks that a section reads nothing else: :func:`recorder_cell_source` is the code cell a
test puts first in a notebook, :func:`read_log` what the run noted. It sees what raises an
audit event (``open``, ``os.listdir``, ``os.scandir``: pandas, ``Path.read_text`` and the
standard library do), not a library that opens files in C without one.
"""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

_WRITE_FLAGS = os.O_WRONLY | os.O_RDWR | os.O_CREAT | os.O_APPEND | os.O_TRUNC


def _is_read(event: str, args: tuple) -> bool:
    if event in ("os.listdir", "os.scandir"):
        return True
    _path, mode, flags = args
    if mode is not None:
        return not any(c in mode for c in "wax+")
    return not (flags or 0) & _WRITE_FLAGS


def record_reads(log_path: str, roots: list[str]) -> None:
    """Note, in ``log_path`` (one JSON line each), every file opened for reading and every
    folder listed under one of ``roots`` from now on, in this process."""
    prefixes = tuple(os.path.join(os.path.normpath(os.path.abspath(r)), "") for r in roots)
    log = open(log_path, "a", encoding="utf-8")  # noqa: SIM115 - open for the process's life
    seen: set[tuple[str, str]] = set()
    busy = False

    def hook(event: str, args: tuple) -> None:
        nonlocal busy
        if busy or event not in ("open", "os.listdir", "os.scandir"):
            return
        target = args[0] if args else None
        if event != "open" and target is None:
            target = "."
        if not isinstance(target, str | bytes | os.PathLike):
            return  # a file descriptor
        busy = True
        try:
            path = os.path.normpath(os.path.abspath(os.fsdecode(target)))
            kind = "file" if event == "open" else "folder"
            if (path + os.sep).startswith(prefixes) and (kind, path) not in seen \
                    and _is_read(event, args):
                seen.add((kind, path))
                log.write(json.dumps({"kind": kind, "path": path}) + "\n")
                log.flush()
        finally:
            busy = False

    sys.addaudithook(hook)


def recorder_cell_source(log_path: Path, roots: list[Path]) -> str:
    """The code cell put first in a notebook to record its reads (paths are written as
    Python literals by ``repr``: nothing from the data reaches the code)."""
    here = str(Path(__file__).resolve().parent)
    return ("# added by the test: note the data files this notebook reads\n"
            f"import sys; sys.path.insert(0, {here!r})\n"
            "import read_recorder\n"
            f"read_recorder.record_reads({str(log_path)!r}, {[str(r) for r in roots]!r})")


def read_log(log_path: Path) -> tuple[list[str], list[str]]:
    """The files and folders a run noted, each sorted."""
    files, folders = set(), set()
    if log_path.exists():
        for line in log_path.read_text(encoding="utf-8").splitlines():
            entry = json.loads(line)
            (files if entry["kind"] == "file" else folders).add(entry["path"])
    return sorted(files), sorted(folders)
