"""tools/compare_builds.py: figures files compared byte for byte between two builds. The
folders here are SYNTHETIC (a few made-up lines)."""

from __future__ import annotations

import importlib.util
import subprocess

import pytest

from analysis.core.paths import PROJECT_ROOT

spec = importlib.util.spec_from_file_location("compare_builds",
                                              PROJECT_ROOT / "tools" / "compare_builds.py")
compare_builds = importlib.util.module_from_spec(spec)
spec.loader.exec_module(compare_builds)


def _build(root, files: dict[str, str]):
    for name, text in files.items():
        (root / name).parent.mkdir(parents=True, exist_ok=True)
        (root / name).write_bytes(text.encode())
    return root


def test_identical_figures_files_are_reported_identical(tmp_path):
    files = {"CALL/2019/waste.figures.csv": "a,b\n1,2\n", "figures.csv": "x\n",
             "figures.json": "[]", "CALL/2019/waste.html": "<p>1</p>"}
    left, right = _build(tmp_path / "l", files), _build(tmp_path / "r", files)
    (right / "CALL/2019/waste.html").write_text("<p>autre page</p>")  # pages are not compared
    found = compare_builds.compare(left, right)
    assert found["same"] == ["CALL/2019/waste.figures.csv", "figures.csv", "figures.json"]
    assert found["different"] == found["only_left"] == found["only_right"] == []


def test_one_byte_or_one_missing_file_is_reported(tmp_path):
    left = _build(tmp_path / "l", {"CALL/2019/waste.figures.csv": "a\n1.0\n",
                                   "CAVM/2021/housing.figures.csv": "a\n",
                                   ".build/x.figures.csv": "state, not compared"})
    right = _build(tmp_path / "r", {"CALL/2019/waste.figures.csv": "a\n1.1\n",
                                    "figures.csv": "x\n"})
    found = compare_builds.compare(left, right)
    assert found["different"] == ["CALL/2019/waste.figures.csv"]
    assert found["only_left"] == ["CAVM/2021/housing.figures.csv"]
    assert found["only_right"] == ["figures.csv"]


def test_a_version_is_extracted_with_its_own_command(tmp_path):
    head = subprocess.run(["git", "rev-parse", "HEAD"], cwd=PROJECT_ROOT, capture_output=True,
                          text=True)
    if head.returncode != 0:
        pytest.skip("pas de dépôt git ici (archive du projet)")
    root = compare_builds.extract("HEAD", tmp_path / "head")
    assert (root / "src" / "analysis").is_dir() and (root / "data" / "sources.csv").is_file()
    module, function = compare_builds.entry_point(root)
    assert (module, function) == ("analysis.engine.cli", "main")
