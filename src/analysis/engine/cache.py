"""The build cache: what a built page depends on, and whether it is still up to date.

A page is keyed by its notebook, its parameters, the ``analysis`` package's code, the
environment (Python and the libraries' versions) and **the data its section declares**: the
tables and files of its ``section.toml`` (with ``sources.csv``), and each folder where an
analyst drops official files for it, with the files there (:func:`declared_inputs`). The key,
with each file's sha256, is written beside the page (``<section>.build.json``). On the next
build the page is up to date when every piece of the key is unchanged (:func:`stale_reason`):
changing one raw table rebuilds only the sections that declare it, and a file dropped into a
section's folder rebuilds that section.

Whether a section reads anything it does not declare is checked by a test
(``tests/test_declared_reads.py``), with an audit hook installed in the notebook's kernel: it
notes every file opened and every folder listed under the data folder, whatever reads it
(pandas, ``open``, ``os.listdir``).

On top of it, :func:`build_stamp` is one hash of everything a whole build reads (the data,
notebooks and code trees, the environment and the request), checked before anything heavy
is imported: a build with nothing changed ends at once.

Standard library only: the command line reads it before pandas or papermill are loaded.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import functools
import hashlib
import json
import os
import stat
import sys
from collections.abc import Iterable, Iterator
from pathlib import Path

from analysis.core.paths import PROJECT_ROOT, file_digest, table_file, write_atomic
from analysis.core.specs import COMMON_TABLES

PACKAGE_DIR = Path(__file__).resolve().parents[1]  # the whole analysis package
MANIFEST_SUFFIX = ".build.json"
STATE_DIR = ".build"  # inside the outputs directory: the whole-build stamp
# distributions whose version changes what a page shows (a new pandas may print differently)
ENVIRONMENT_PACKAGES = ("pandas", "numpy", "matplotlib", "seaborn", "pandera", "papermill",
                        "nbconvert", "nbformat", "nbclient", "ipykernel", "jinja2",
                        "weasyprint")


def listing(folder: str | os.PathLike) -> list[str] | None:
    """The sorted names in a folder, or None if it does not exist."""
    try:
        return sorted(os.listdir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return None


def tree_digest(root: Path, exclude_dirs: Iterable[str] = ("__pycache__",)) -> str:
    """One sha256 over every file under ``root``: relative paths and contents, in order.

    A file added, removed, renamed or changed changes the digest.
    """
    excluded = set(exclude_dirs)
    h = hashlib.sha256()
    for folder, dirs, files in os.walk(root):
        dirs[:] = sorted(d for d in dirs if d not in excluded and not d.endswith(".egg-info"))
        for name in sorted(files):
            if name.endswith(".pyc"):
                continue
            path = Path(folder) / name
            h.update(path.relative_to(root).as_posix().encode() + b"\0")
            h.update(_content_mark(path).encode() + b"\n")
    return h.hexdigest()


def _content_mark(path: Path) -> str:
    """A file's sha256; for what cannot be hashed, what it is (a pipe is never opened: it
    would block), so that the build goes on to refuse it with a message."""
    try:
        if not stat.S_ISREG(path.stat().st_mode):
            return "not a regular file"
        return file_digest(path) or ""
    except OSError as exc:
        return f"unreadable: {exc.errno}"


@functools.cache
def code_digest() -> str:
    """The ``analysis`` package: its modules, templates and catalogue."""
    return tree_digest(PACKAGE_DIR)


@functools.cache
def environment() -> dict[str, str]:
    """Python's version and the versions of the libraries that shape the pages."""
    from importlib.metadata import PackageNotFoundError, version

    versions = {"python": sys.version.split()[0]}
    for name in ENVIRONMENT_PACKAGES:
        try:
            versions[name] = version(name)
        except PackageNotFoundError:
            versions[name] = ""
    return versions


def digest_of(value) -> str:
    """sha256 of a JSON-serialisable value (keys sorted)."""
    text = json.dumps(value, sort_keys=True, ensure_ascii=False, default=str)
    return hashlib.sha256(text.encode()).hexdigest()


# --- the key of one page ------------------------------------------------------------------


def declared_inputs(spec, data: Path) -> dict[str, dict]:
    """The data a section declares (``spec``: its :class:`~analysis.core.specs.SectionSpec`)
    with the tables every section reads (``COMMON_TABLES``: sources, territories), as they
    are now: ``{"files": {path: sha256}, "folders": {path: names}}``; the files
    dropped in its folders are files too."""
    tables = dict.fromkeys([*COMMON_TABLES, *spec.tables])  # each once, in order
    files = [*(table_file(data, table) for table in tables),
             *(data / name for name in spec.files)]
    folders = {str(data / folder.path): listing(data / folder.path)
               for folder in spec.drop_folders}
    for folder, names in folders.items():
        files += [Path(folder) / name for name in names or []]
    return {"files": {str(path): file_digest(path) for path in files}, "folders": folders}


# the names a build record gives the folders of a build (relative paths, the same bytes
# whatever the folders are called on the machine that built it)
DATA_LABEL, OUTPUTS_LABEL = "data", "outputs"


def roots_of(parameters: dict) -> dict[str, str]:
    """The folders of a page's parameters (``data_dir``, ``outputs_dir``) and the names a
    build record gives them (:data:`DATA_LABEL`, :data:`OUTPUTS_LABEL`), with the project
    (its notebooks) as "." ."""
    roots = {str(PROJECT_ROOT): "."}
    for name, label in (("data_dir", DATA_LABEL), ("outputs_dir", OUTPUTS_LABEL)):
        if parameters.get(name):
            roots[os.path.abspath(parameters[name])] = label
    return roots


def relative_label(path: str | os.PathLike, roots: dict[str, str]) -> str:
    """``path`` under the deepest of ``roots`` (folder → name), written ``name/relative``
    with ``/`` (``data/waste/observations.csv``); a path under none stays as it is."""
    absolute = Path(os.path.abspath(path))  # symbolic links are not followed
    for root in sorted(roots, key=lambda r: len(Path(r).parts), reverse=True):
        if absolute.is_relative_to(root):
            relative = absolute.relative_to(root).as_posix()
            label = roots[root]
            return relative if label == "." else \
                label if relative == "." else f"{label}/{relative}"
    return str(path)


def published_parameters(parameters: dict, roots: dict[str, str]) -> dict:
    """The parameters with every folder or file of the build written relative
    (:func:`relative_label`): ``data_dir`` becomes ``data``, ``outputs_dir`` ``outputs``."""
    return {name: relative_label(value, roots)
            if name.endswith(("_dir", "_path")) and isinstance(value, str) and value
            else value for name, value in parameters.items()}


def page_key(notebook: Path, parameters: dict, inputs: dict[str, dict]) -> dict:
    """What a page depends on: notebook, parameters, code, environment, the build date
    (``SOURCE_DATE_EPOCH``, which dates the page) and the data its section declares
    (:func:`declared_inputs`). Paths are written relative to the data folder, the outputs
    folder and the project (:func:`roots_of`): two builds of the same inputs in two folders
    have the same key, and their records the same bytes."""
    roots = roots_of(parameters)
    return {"notebook": relative_label(notebook, roots),
            "notebook_sha256": file_digest(notebook),
            "parameters": published_parameters(parameters, roots),
            "code_sha256": code_digest(), "environment": environment(),
            "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", "").strip(),
            "inputs": {relative_label(p, roots): d for p, d in inputs["files"].items()},
            "folders": {relative_label(p, roots): n for p, n in inputs["folders"].items()}}


def manifest(key: dict) -> dict:
    """The record written beside a built page: its key (no duration, no date: the same
    inputs give the same bytes; the time a page took is kept in :func:`write_timing`)."""
    return dict(key)


def write_timing(target_dir: Path, stem: str, seconds: dict[str, float]) -> Path:
    """Keep how long a page took in the build's own state
    (``<target>/.build/<stem>.timing.json``), outside what is published: ``seconds`` in all,
    ``cells`` (papermill's cell times), ``render`` (HTML and PDF) and, in a warm kernel,
    ``kernel_start`` and ``reset`` (:func:`analysis.engine.notebook.run_notebook`)."""
    return write_atomic(target_dir / STATE_DIR / f"{stem}.timing.json",
                        json.dumps({k: round(v, 3) for k, v in seconds.items()}, indent=1,
                                   sort_keys=True))


def stale_reason(manifest_path: Path, key: dict, outputs: Iterable[Path]) -> str | None:
    """Why the page of ``manifest_path`` must be rebuilt, in French, or None if it is up to
    date (same key, same data, every output present)."""
    missing = [p.name for p in outputs if not p.exists()]
    if missing:
        return f"fichier absent : {missing[0]}"
    try:
        recorded = json.loads(manifest_path.read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError):
        return "jamais construit"
    for field, label in (("notebook_sha256", "notebook modifié"),
                         ("parameters", "paramètres différents"),
                         ("code_sha256", "code du paquet analysis modifié"),
                         ("environment", "environnement (versions) différent"),
                         ("source_date_epoch", "date de construction (SOURCE_DATE_EPOCH) "
                                               "différente")):
        if recorded.get(field) != key[field]:
            return label
    for path, names in key["folders"].items():
        if recorded.get("folders", {}).get(path) != names:
            return f"dossier modifié : {path}"
    for path, digest in key["inputs"].items():
        if recorded.get("inputs", {}).get(path) != digest:
            return f"donnée modifiée : {path}"
    return None


# --- the whole build ----------------------------------------------------------------------


def build_stamp(request: dict, data: Path, notebooks: Path) -> str:
    """One hash of everything a whole build reads: the request (territories, years,
    sections, folders), the data, notebooks and code trees, the environment, and the build
    date (``SOURCE_DATE_EPOCH``, which the pages state)."""
    return digest_of({"request": request, "data": tree_digest(data),
                      "notebooks": tree_digest(notebooks), "code": code_digest(),
                      "environment": environment(),
                      "source_date_epoch": os.environ.get("SOURCE_DATE_EPOCH", "").strip()})


MAX_STAMPS = 16  # requests remembered at once (the whole build, a territory, a year…)


def _outputs_state(output_dir: Path, files: Iterable[str]) -> dict[str, str | None]:
    """sha256 of each output: a page edited by hand, even to the same size, is seen."""
    return {name: file_digest(output_dir / name) for name in files}


def _read_stamps(output_dir: Path) -> dict[str, dict]:
    try:
        state = json.loads((output_dir / STATE_DIR / "stamp.json").read_text(encoding="utf-8"))
    except (FileNotFoundError, json.JSONDecodeError, OSError):
        return {}
    stamps = state.get("stamps") if isinstance(state, dict) else None
    return stamps if isinstance(stamps, dict) else {}


def stamp_is_current(output_dir: Path, stamp: str) -> bool:
    """Whether a complete build in ``output_dir`` had this stamp (the same request on the
    same data, code and environment) and every output it left is still there with the same
    content."""
    outputs = _read_stamps(output_dir).get(stamp, {}).get("outputs", {})
    return bool(outputs) and _outputs_state(output_dir, outputs) == outputs


def write_stamp(output_dir: Path, stamp: str, files: Iterable[str]) -> None:
    """Record a complete, successful build (atomically), beside the stamps of the last few
    other requests: ``-t CALL`` after a whole build does not make the whole build stale."""
    stamps = _read_stamps(output_dir)
    stamps.pop(stamp, None)
    stamps[stamp] = {"outputs": _outputs_state(output_dir, files)}
    kept = dict(list(stamps.items())[-MAX_STAMPS:])
    folder = output_dir / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    write_atomic(folder / "stamp.json", json.dumps({"stamps": kept}, indent=1))


# --- one build at a time per outputs folder ----------------------------------------------


class BuildLockedError(Exception):
    """Raised when another build holds the outputs folder and the caller chose not to wait."""


@contextlib.contextmanager
def output_lock(output_dir: Path, wait: bool = True) -> Iterator[None]:
    """Hold ``<output_dir>/.build/lock`` for the block: two builds never write the same
    outputs at once. A second build waits (saying so on stderr), or with ``wait=False``
    raises :class:`BuildLockedError` naming the process that holds the folder.

    The lock is a POSIX record lock (``lockf``): it belongs to this process only (a forked
    worker does not inherit it) and the system releases it when the process ends, even
    killed. The file names the holder while it builds and is emptied at the end, so a build
    that finds a name there knows the previous one was stopped before it finished, and
    says so as it takes the folder over.
    """
    folder = output_dir / STATE_DIR
    folder.mkdir(parents=True, exist_ok=True)
    with open(folder / "lock", "a+", encoding="utf-8") as f:
        if not _try_lock(f):
            holder = _holder(f) or "processus inconnu"
            busy = f"une autre construction est en cours dans {output_dir} ({holder})"
            if not wait:
                raise BuildLockedError(f"{busy} : relancer quand elle sera finie, ou sans "
                                       f"--no-wait pour l'attendre")
            print(f"{busy} : attente de la fin de l'autre construction…", file=sys.stderr)
            while not _try_lock(f, block=True):
                pass
        previous = _holder(f)
        if previous:
            print(f"La construction précédente ({previous}) s'est arrêtée sans finir : ce "
                  f"dossier est repris, ses fichiers à moitié écrits sont retirés.",
                  file=sys.stderr)
        f.seek(0)
        f.truncate()
        f.write(f"processus {os.getpid()}, commencée à {dt.datetime.now():%H:%M:%S}\n")
        f.flush()
        try:
            yield
        finally:
            f.seek(0)
            f.truncate()  # an empty file: this build ended, whatever its result
            f.flush()
            _unlock(f)


def _holder(f) -> str:
    f.seek(0)
    return f.read().strip()


def _try_lock(f, block: bool = False) -> bool:
    """Take the lock on an open file: ``lockf`` on Unix, ``msvcrt.locking`` on Windows
    (which has no blocking call: it is retried every 0.2 s)."""
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt
        import time

        while True:
            f.seek(0)
            try:
                msvcrt.locking(f.fileno(), msvcrt.LK_NBLCK, 1)
                return True
            except OSError:
                if not block:
                    return False
                time.sleep(0.2)
    try:
        # the whole file (length 0 from offset 0), a write lock
        fcntl.lockf(f, fcntl.LOCK_EX | (0 if block else fcntl.LOCK_NB), 0, 0)
        return True
    except (BlockingIOError, PermissionError):  # EAGAIN or EACCES: held elsewhere
        return False


def _unlock(f) -> None:
    try:
        import fcntl
    except ImportError:  # Windows
        import msvcrt

        f.seek(0)
        msvcrt.locking(f.fileno(), msvcrt.LK_UNLCK, 1)
        return
    fcntl.lockf(f, fcntl.LOCK_UN, 0, 0)
