"""Every file of the data folder is read or refused, before any kernel starts.

:func:`check_data_tree` walks the data folder and stops at the first file that the build
could not use as it is, with a message naming the file and the rule:

- a symbolic link that leads out of the data folder (``data/x.csv -> /etc/passwd``);
- something that is not a plain file (a pipe would block the build for ever), a file that
  cannot be read (its permissions), a table over :data:`analysis.load.MAX_TABLE_BYTES`;
- a file no loader reads: a document not declared in ``sources.csv``, a file of another
  format in a folder of dropped official files (the LOVAC download is an ``.xlsx``), or any
  other file. A file nobody reads would otherwise be silently ignored;
- a line of ``sources.csv`` whose file is missing, or whose sha256 is not the file's (for
  the reference extract: the manifest written by ``make reference-data``).

Standard library and the project's loaders only.
"""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path

import pandas as pd

from analysis.core.errors import DataValidationError
from analysis.core.paths import file_digest
from analysis.core.specs import DropFolder
from analysis.inputs.csvfile import MAX_TABLE_BYTES, line_of
from analysis.inputs.official.reading import file_type
from analysis.inputs.tables import load_table, table_names, table_path

# files that are not data and that the build leaves alone wherever they are: the folders'
# own documentation, git's placeholder, the desktop's metadata
NOT_DATA = {"README.md", ".gitkeep", ".DS_Store", "Thumbs.db", "desktop.ini"}
DOCUMENTS = "documents"
REFERENCE = "reference"
MANIFEST = "MANIFEST.json"


def _rule(path: Path, rule: str, detail: str) -> DataValidationError:
    return DataValidationError(f"{path}: tout le fichier : règle « {rule} » non respectée "
                               f"({detail})")


def relative_to_data(declared: str, root: Path) -> Path:
    """Where a ``path`` of ``sources.csv`` (written from the project: ``data/documents/…``)
    lies in the data folder ``root``, whatever that folder is called."""
    parts = Path(declared).parts
    return root.joinpath(*parts[1:]) if parts and parts[0] == "data" else root / declared


def _entries(root: Path) -> list[Path]:
    """Every file under ``root``, and every symbolic link to a folder, in a stable order."""
    found = []
    for folder, dirs, files in os.walk(root):
        dirs.sort()
        found += [Path(folder) / n
                  for n in sorted(files) + [d for d in dirs if (Path(folder) / d).is_symlink()]]
    return found


def check_data_tree(root: Path, drop_folders: dict[str, DropFolder]) -> pd.DataFrame:
    """Refuse the first file of ``root`` that the build would not read as it is; return the
    validated ``sources.csv``.

    ``drop_folders`` maps each folder of dropped official files (relative to ``root``) to its
    declaration: what it holds (for the messages) and the file types its loader reads.

    Raises
    ------
    DataValidationError
        Naming the file and the rule it breaks (see the module's docstring).
    """
    root = root.resolve()
    if not root.is_dir():
        raise _rule(root, "dossier de données présent", "dossier introuvable")
    entries = _entries(root)
    for path in entries:  # first what could block or mislead any reading, sources.csv's too
        _check_plain_readable(path, root)
    sources = load_table("sources", root)
    tables = {table_path(name, root).relative_to(root).as_posix()
              for name in table_names(root)}
    documents = {relative_to_data(p, root) for p in sources["path"]}
    manifest, package_digests = _manifest(root)
    for path in entries:
        relative = path.relative_to(root).as_posix()
        if path.name in NOT_DATA or path in documents:
            continue
        if relative in tables:
            _check_table_size(path)
        elif not (relative.startswith(f"{REFERENCE}/") and (path.name in manifest
                                                             or path.name == MANIFEST)):
            _check_dropped(path, relative, drop_folders)
    check_declared_files(root, sources, manifest, package_digests)
    return sources


def _check_table_size(path: Path) -> None:
    size = path.stat().st_size
    if size > MAX_TABLE_BYTES:
        raise _rule(path, "taille d'une table",
                    f"{size / 1e6:.0f} Mo pour {MAX_TABLE_BYTES / 1e6:.0f} Mo au plus : ce "
                    f"n'est sans doute pas la bonne table")


def _check_dropped(path: Path, relative: str, drop_folders: dict[str, DropFolder]) -> None:
    """A file that is neither a table, a declared document nor the reference extract must
    be an official file of a type its folder's loader reads."""
    drop = next((f for f in drop_folders if relative.startswith(f"{f}/")), None)
    if drop is not None:
        folder = drop_folders[drop]
        if file_type(path.name) in folder.suffixes and "/" not in relative[len(drop) + 1:]:
            return
        formats = " ou ".join(s.lstrip(".").upper() for s in folder.suffixes)
        raise _rule(path, "format lu",
                    f"le dossier {drop}/ reçoit {folder.holds} au format {formats} ; un "
                    f"fichier « {path.suffix or path.name} » n'y est pas lu : le déposer au "
                    f"format {formats} tel que publié, ou le retirer")
    if relative.startswith(f"{DOCUMENTS}/"):
        raise _rule(path, "fichier déclaré", "document absent de sources.csv : l'y déclarer "
                                             "avec son sha256, ou le retirer")
    raise _rule(path, "fichier lu",
                "aucun chargeur ne lit ce fichier : le retirer, ou le déposer dans un des "
                "dossiers lus (" + ", ".join(f"{f}/" for f in drop_folders) + ")")


def _check_plain_readable(path: Path, root: Path) -> None:
    if path.is_symlink():
        target = path.resolve()
        if not target.is_relative_to(root):
            raise _rule(path, "fichier dans le dossier de données",
                        f"lien symbolique vers {target}, hors de {root} : copier le fichier "
                        f"dans le dossier de données")
    try:
        info = path.stat()
    except FileNotFoundError:
        raise _rule(path, "fichier lisible", "lien symbolique vers un fichier absent") from None
    except OSError as exc:
        raise _rule(path, "fichier lisible", exc.strerror) from None
    if stat.S_ISDIR(info.st_mode):
        return
    if not stat.S_ISREG(info.st_mode):
        raise _rule(path, "fichier ordinaire",
                    "ce n'est pas un fichier : tube, socket ou périphérique")
    try:
        with open(path, "rb") as f:
            f.read(1)
    except OSError as exc:
        raise _rule(path, "fichier lisible", f"{exc.strerror} : vérifier ses droits") from None


def _manifest(root: Path) -> tuple[dict[str, dict], set[str]]:
    """The files of the reference extract with their sha256, and the sha256 of the package
    files they were extracted from (``reference/MANIFEST.json``)."""
    path = root / REFERENCE / MANIFEST
    try:
        manifest = json.loads(path.read_text(encoding="utf-8"))
        return dict(manifest["files"]), set(manifest.get("sources", {}).values())
    except FileNotFoundError:
        raise _rule(path, "fichier présent", "manifeste du référentiel absent : le "
                                            "régénérer avec make reference-data") from None
    except (json.JSONDecodeError, KeyError, TypeError) as exc:
        raise _rule(path, "manifeste lisible", f"{exc} : le régénérer avec make "
                                               f"reference-data") from None


def check_declared_files(root: Path, sources: pd.DataFrame, manifest: dict[str, dict],
                         package_digests: set[str]) -> None:
    """Every line of ``sources.csv`` names a file that is there, with its sha256.

    A file of the reference extract is checked against the manifest of the extraction (the
    line's sha256 is that of the package file it was extracted from).
    """
    path_csv = root / "sources.csv"
    for position, row in enumerate(sources.itertuples()):
        line = line_of(sources, position)
        path = relative_to_data(row.path, root)
        if not path.is_file():
            raise DataValidationError(
                f"{path_csv}: ligne {line}, colonne « path » : règle « fichier présent » non "
                f"respectée ({row.path} introuvable dans {root})")
        entry = manifest.get(path.name) if path.parent == root / REFERENCE else None
        if entry is not None:
            expected, actual = entry.get("sha256"), file_digest(path)
            if actual != expected:
                raise DataValidationError(
                    f"{path_csv}: ligne {line}, colonne « sha256 » : règle « empreinte "
                    f"sha256 » non respectée ({row.path} a changé depuis son extraction : "
                    f"{actual} au lieu de {expected} ; le régénérer avec make "
                    f"reference-data)")
            if row.sha256 not in package_digests:
                raise DataValidationError(
                    f"{path_csv}: ligne {line}, colonne « sha256 » : règle « empreinte "
                    f"sha256 » non respectée ({row.sha256} n'est l'empreinte d'aucun fichier "
                    f"source du manifeste {REFERENCE}/{MANIFEST})")
            continue
        actual = file_digest(path)
        if actual != row.sha256:
            raise DataValidationError(
                f"{path_csv}: ligne {line}, colonne « sha256 » : règle « empreinte sha256 » "
                f"non respectée ({row.path} : {actual} au lieu de {row.sha256} ; le fichier "
                f"a changé depuis sa déclaration)")
