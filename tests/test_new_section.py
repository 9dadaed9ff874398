"""``analysis new-section``: a new section made in a copy of the project works at once (its
test passes, the architecture tests accept it), touches no existing file, and becomes a page
as soon as a row is entered. The row entered here is SYNTHETIC, under a source labelled so."""

from __future__ import annotations

import hashlib
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.scaffold import PLACES, ScaffoldError, new_section

pytestmark = pytest.mark.notebook
COPIED = ("src", "notebooks", "data", "tests", "pyproject.toml")


def _project_copy(root: Path) -> Path:
    for name in COPIED:
        source = PROJECT_ROOT / name
        if source.is_dir():
            shutil.copytree(source, root / name, ignore=shutil.ignore_patterns(
                "__pycache__", "*.egg-info", ".pytest_cache"))
        else:
            shutil.copy2(source, root / name)
    return root


def _tree(root: Path) -> dict[str, str]:
    return {p.relative_to(root).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(root.rglob("*")) if p.is_file() and "__pycache__" not in p.parts}


def _run(root: Path, *command: str) -> subprocess.CompletedProcess:
    env = os.environ | {"PYTHONPATH": str(root / "src")}
    env.pop("ANALYSIS_DATA_DIR", None)
    return subprocess.run([sys.executable, *command], cwd=root, env=env, capture_output=True,
                          text=True, timeout=600)


@pytest.fixture(scope="module")
def project(tmp_path_factory) -> tuple[Path, dict, dict, subprocess.CompletedProcess]:
    root = _project_copy(tmp_path_factory.mktemp("project"))
    before = _tree(root)
    done = _run(root, "-m", "analysis.engine.cli", "new-section", "qualite_air", "--label",
                "Qualité de l'air")
    return root, before, _tree(root), done


def test_the_command_creates_the_section_and_touches_no_existing_file(project):
    root, before, after, done = project
    assert done.returncode == 0, done.stderr
    created = sorted(set(after) - set(before))
    assert created == sorted(place.format(name="qualite_air") for place in PLACES.values())
    assert {name: after[name] for name in before} == before  # nothing existing was edited
    assert f"Section « qualite_air » créée ({len(PLACES)} fichiers)" in done.stdout


def test_the_new_section_passes_its_own_test_and_the_architecture_tests(project):
    root, *_ = project
    done = _run(root, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                "tests/test_qualite_air.py", "tests/test_architecture.py",
                "tests/test_repository.py::test_committed_notebooks_have_no_outputs_nor_"
                "execution_counts",
                "tests/test_repository.py::test_data_readme_documents_every_table_and_column")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "1 skipped" in done.stdout  # no indicator declared yet: said, not hidden


def test_a_declared_indicator_and_a_row_make_a_page(project):
    root, *_ = project
    folder = root / "src" / "analysis" / "sections" / "qualite_air"
    catalogue = (folder / "indicators.toml").read_text(encoding="utf-8")
    (folder / "indicators.toml").write_text(catalogue.replace("[indicators]\n", (
        '[indicators]\n\n[indicators.air_alert_days]\nlabel = "Jours d\'alerte à la pollution"'
        '\nkind = "published"\nunits = ["count"]\ndecimals = 0\n'
        'definition = "Jours de procédure d\'alerte dans l\'année."\n')), encoding="utf-8")
    document = root / "data" / "documents" / "synthetique_air.txt"
    document.write_text("DOCUMENT SYNTHÉTIQUE : 12 jours d'alerte en 2024\n", encoding="utf-8")
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    with open(root / "data" / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"synthetique_air,DOCUMENT SYNTHÉTIQUE (tests),tests,CALL,2025,2024,aucune,"
                f"data/documents/synthetique_air.txt,{digest},tests,\n")
    with open(root / "data" / "qualite_air" / "observations.csv", "a", encoding="utf-8") as f:
        f.write("CALL,2024,air_alert_days,,12,count,1,synthetique_air,l. 1,12 jours,"
                "valeur synthétique\n")
    tested = _run(root, "-m", "pytest", "-q", "-p", "no:cacheprovider",
                  "tests/test_qualite_air.py")
    assert tested.returncode == 0 and "3 passed" in tested.stdout, tested.stdout
    out = root / "out"
    built = _run(root, "-m", "analysis.engine.cli", "build", "-s", "qualite_air", "-o", str(out),
                 "--no-progress")
    assert built.returncode == 0, built.stdout + built.stderr
    page = (out / "CALL" / "2024" / "qualite_air.html").read_text(encoding="utf-8")
    assert "Qualité de l&#39;air" in page or "Qualité de l'air" in page
    assert "Jours d&#39;alerte à la pollution" in page or "Jours d'alerte à la pollution" in page
    assert "DOCUMENT SYNTHÉTIQUE" in page
    figures = (out / "CALL" / "2024" / "qualite_air.figures.csv").read_text(encoding="utf-8")
    assert "air_alert_days" in figures


@pytest.mark.parametrize("name, message", [
    ("Air", "nom de section « Air » : lettres minuscules"),
    ("class", "nom de section « class » : lettres minuscules"),
    ("waste", "la section « waste » existe déjà ou ce nom est réservé"),
    ("reference", "la section « reference » existe déjà ou ce nom est réservé"),
])
def test_a_bad_or_taken_name_is_refused_and_nothing_is_written(tmp_path, name, message):
    with pytest.raises(ScaffoldError, match=message):
        new_section(name, "Titre", root=tmp_path)
    assert not any(tmp_path.iterdir())


def test_files_already_there_are_never_overwritten(tmp_path):
    (tmp_path / "notebooks").mkdir()
    (tmp_path / "notebooks" / "bruit.ipynb").write_text("{}", encoding="utf-8")
    with pytest.raises(ScaffoldError, match=r"fichier\(s\) déjà présent\(s\) : "
                                            r"notebooks/bruit.ipynb ; rien n'a été créé"):
        new_section("bruit", "Bruit", root=tmp_path)
    assert sorted(p.name for p in tmp_path.rglob("*")) == ["bruit.ipynb", "notebooks"]


def test_the_generated_code_passes_the_linter(project):
    root, *_ = project
    done = subprocess.run([sys.executable, "-m", "ruff", "check", "--config",
                           str(PROJECT_ROOT / "pyproject.toml"),
                           "src/analysis/sections/qualite_air", "tests/test_qualite_air.py"],
                          cwd=root, capture_output=True, text=True)
    assert done.returncode == 0, done.stdout
