"""Where the project's data and notebooks live.

The data directory can be redirected with the ``ANALYSIS_DATA_DIR`` environment variable or
an explicit argument, so that tests (and the next-year drill) can build from a copy.
"""

from __future__ import annotations

import os
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[2]
NOTEBOOKS_DIR = PROJECT_ROOT / "notebooks"
DEFAULT_OUTPUT_DIR = PROJECT_ROOT / "outputs"


def data_dir(override: str | os.PathLike | None = None) -> Path:
    """Return the data directory: ``override``, else ``$ANALYSIS_DATA_DIR``, else ``data/``."""
    if override:
        return Path(override).resolve()
    env = os.environ.get("ANALYSIS_DATA_DIR")
    return Path(env).resolve() if env else PROJECT_ROOT / "data"


def tables_cache_dir() -> Path:
    """Where validated tables are kept between notebooks (``$ANALYSIS_CACHE_DIR``, else
    ``.cache/tables`` in the project; generated, ignored by git, removed by make clean)."""
    env = os.environ.get("ANALYSIS_CACHE_DIR")
    return Path(env).resolve() if env else PROJECT_ROOT / ".cache" / "tables"


def write_atomic(path: Path, text: str) -> Path:
    """Write ``text`` (UTF-8) to ``path`` through a temporary file in the same folder, then
    rename it: a reader sees the old file or the new one, never half of one."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    tmp.write_text(text, encoding="utf-8")
    os.replace(tmp, path)
    return path
