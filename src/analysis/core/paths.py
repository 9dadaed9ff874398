"""Where the project's data and notebooks live.

The data directory can be redirected with the ``ANALYSIS_DATA_DIR`` environment variable or
an explicit argument, so that tests (and the next-year drill) can build from a copy.
"""

from __future__ import annotations

import errno
import hashlib
import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[3]
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_OUTPUT_DIR = PROJECT_ROOT / "outputs"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """Return the data directory: ``override``, else ``$ANALYSIS_DATA_DIR``, else ``data/``."""
    if override:
        return Path(override).resolve()
    env = os.environ.get("ANALYSIS_DATA_DIR")
    return Path(env).resolve() if env else PROJECT_ROOT / "data"


# digests by file identity and state: a file rewritten changes its ctime (which no program
# can set back), so a digest is computed again; a build asks for the data folder's digest
# once per section and territory, and would otherwise read every file each time
_DIGESTS: dict[tuple, str] = {}


def file_digest(path: str | os.PathLike) -> str | None:
    """sha256 of a file's bytes, or None if it does not exist (kept for the process while the
    file's size, times and inode stay the same)."""
    try:
        with open(path, "rb") as f:
            info = os.fstat(f.fileno())
            state = (os.fspath(path), info.st_ino, info.st_dev, info.st_size,
                     info.st_mtime_ns, info.st_ctime_ns)
            if state not in _DIGESTS:
                if len(_DIGESTS) > 4096:  # a long-lived process (a test session)
                    _DIGESTS.clear()
                _DIGESTS[state] = hashlib.file_digest(f, "sha256").hexdigest()
            return _DIGESTS[state]
    except (FileNotFoundError, IsADirectoryError, NotADirectoryError):
        return None


def write_atomic(path: Path, content: str | bytes) -> Path:
    """Write ``content`` (text as UTF-8, or bytes) to ``path`` through a temporary file in
    the same folder, then rename it: a reader sees the old file or the new one, never half
    of one. A write that fails (a full disk) leaves the old file and no temporary one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        if isinstance(content, bytes):
            tmp.write_bytes(content)
        else:
            tmp.write_text(content, encoding="utf-8")
        os.replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


# a write that fails for lack of room: no space, over quota, over the size a file may have
NO_ROOM_ERRNOS = {errno.ENOSPC, errno.EDQUOT, errno.EFBIG}


def is_no_room(exc: BaseException) -> bool:
    """Whether ``exc`` is a write that failed for lack of room (disk full, quota)."""
    return isinstance(exc, OSError) and exc.errno in NO_ROOM_ERRNOS


def describe_write_error(exc: OSError, folder: Path | None = None) -> str:
    """A French sentence for a failed read or write of the file system (``folder``: where
    it was writing, when the error does not name its file)."""
    where = exc.filename or folder or "un fichier de sortie"
    if is_no_room(exc):
        return f"écriture impossible dans {where} : plus de place ({exc.strerror})"
    if exc.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return f"accès refusé à {where} ({exc.strerror}) : vérifier les droits du dossier"
    return f"opération impossible sur {where} : {exc.strerror or exc}"


def table_file(root: Path, name: str) -> Path:
    """The file of table ``name`` in data folder ``root``: ``<name>.csv``, or
    ``<name>.csv.gz`` when only that is there (the long reference tables, committed
    compressed by ``make reference-data``)."""
    plain = Path(root) / f"{name}.csv"
    packed = plain.with_name(f"{plain.name}.gz")
    return packed if packed.exists() and not plain.exists() else plain
