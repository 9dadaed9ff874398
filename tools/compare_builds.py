"""Are the figures files the same, byte for byte, at two versions of the project?

    python tools/compare_builds.py REF [OTHER]      (make same-figures REF=<commit>)

Builds every report of version REF (a commit, tag or branch; extracted with ``git archive``
into a temporary folder) and of OTHER (default: the working tree, uncommitted changes
included), each with its own code, notebooks and data, in the project's environment, then
compares every figures file (``*.figures.csv`` of each page, ``figures.csv`` and
``figures.json`` of the export) byte for byte. Prints what differs; exit code 0 when every
file is identical and both builds have the same files, 1 otherwise, 2 if a build fails.

A refactoring that changes no figure must leave them identical; a change meant to change
figures shows here which files it changed.
"""

from __future__ import annotations

import argparse
import filecmp
import io
import os
import subprocess
import sys
import tarfile
import tempfile
import tomllib
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
FIGURE_FILES = ("*.figures.csv", "figures.csv", "figures.json")


def extract(ref: str, target: Path) -> Path:
    """The tree of commit ``ref`` in ``target`` (``git archive``: no worktree to clean up)."""
    archive = subprocess.run(["git", "archive", "--format=tar", ref], cwd=PROJECT_ROOT,
                             capture_output=True, check=True).stdout
    with tarfile.open(fileobj=io.BytesIO(archive)) as tar:
        tar.extractall(target, filter="data")
    return target


def entry_point(root: Path) -> tuple[str, str]:
    """The module and function of the ``analysis`` command at that version (it moved)."""
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))
    module, _, function = project["project"]["scripts"]["analysis"].partition(":")
    return module, function


def build(root: Path, out: Path) -> subprocess.CompletedProcess:
    """Every report of the version in ``root``, with its code (first on the path), its
    notebooks and its data, into ``out``."""
    module, function = entry_point(root)
    env = os.environ | {"PYTHONPATH": str(root / "src")}
    env.pop("ANALYSIS_DATA_DIR", None)
    code = f"import sys; from {module} import {function} as main; sys.exit(main(sys.argv[1:]))"
    return subprocess.run([sys.executable, "-c", code, "build", "-o", str(out), "--data-dir",
                           str(root / "data"), "--no-progress"], cwd=root, env=env,
                          capture_output=True, text=True)


def figure_files(out: Path) -> set[str]:
    """The figures files of a build, relative to its outputs folder."""
    return {p.relative_to(out).as_posix() for pattern in FIGURE_FILES
            for p in out.rglob(pattern) if not any(part.startswith(".") for part in
                                                   p.relative_to(out).parts)}


def compare(left: Path, right: Path) -> dict[str, list[str]]:
    """Files only in ``left``, only in ``right``, and present in both but different."""
    a, b = figure_files(left), figure_files(right)
    return {"only_left": sorted(a - b), "only_right": sorted(b - a),
            "different": sorted(n for n in a & b
                                if not filecmp.cmp(left / n, right / n, shallow=False)),
            "same": sorted(n for n in a & b if filecmp.cmp(left / n, right / n,
                                                           shallow=False))}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("ref", help="commit, tag ou branche de référence")
    parser.add_argument("other", nargs="?", default=None,
                        help="commit à comparer (défaut : l'arbre de travail)")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory(prefix="compare-builds-") as tmp:
        tmp = Path(tmp)
        left = extract(args.ref, tmp / "ref")
        right = extract(args.other, tmp / "other") if args.other else PROJECT_ROOT
        outputs = {}
        other = args.other or "l'arbre de travail"
        for name, root, label in (("ref", left, args.ref), ("other", right, other)):
            outputs[name] = tmp / f"out-{name}"
            done = build(root, outputs[name])
            if done.returncode not in (0, 1) or not figure_files(outputs[name]):
                print(f"construction de {label} en échec :\n{done.stderr[-2000:]}",
                      file=sys.stderr)
                return 2
        found = compare(outputs["ref"], outputs["other"])
    for label, key in ((f"seulement dans {args.ref}", "only_left"),
                       (f"seulement dans {other}", "only_right"), ("différents", "different")):
        for name in found[key]:
            print(f"{label} : {name}")
    compared = len(found["same"]) + len(found["different"])
    print(f"{compared} fichiers de chiffres comparés entre {args.ref} et {other} : "
          f"{len(found['same'])} identiques, {len(found['different'])} différents, "
          f"{len(found['only_left']) + len(found['only_right'])} d'un seul côté.")
    return 0 if not (found["different"] or found["only_left"] or found["only_right"]) else 1


if __name__ == "__main__":
    sys.exit(main())
