"""Robustness of ``analysis build``: bad input files, hostile parameters, a failing notebook,
two builds at once, markup in the data, deterministic figures.

Each bad input runs the command line on a corrupted copy of data/ after a good build: the
error must name the file, the line and the column (or say it is the whole file) and the
rule, the exit code must be 2 and every file of the good build must be byte-identical
afterwards.
"""

from __future__ import annotations

import csv
import fcntl
import os
import resource
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from helpers import failing_section as synthetic_failing_section

from analysis.core.errors import DataValidationError
from analysis.core.paths import PROJECT_ROOT
from analysis.engine import plan as plan_module
from analysis.engine.cli import main
from analysis.engine.plan import drop_folders, plan
from analysis.engine.run import build, finish
from analysis.inputs import csvfile, schemas
from analysis.inputs.tables import load_table
from analysis.inputs.territories import all_territories

pytestmark = pytest.mark.notebook

FAILING_NOTEBOOK = PROJECT_ROOT / "tests" / "fixtures" / "failing_section.ipynb"
GLASS_LINE = 4  # waste/observations.csv: header, omr, bulky, glass…
SHARE_LINE = 11  # waste/published.csv: recovered_share_pct / total (90 %)


def _rows(path: Path) -> list[list[str]]:
    with open(path, encoding="utf-8", newline="") as f:
        return list(csv.reader(f))


def _write(path: Path, rows: list[list[str]], delimiter: str = ",",
           encoding: str = "utf-8") -> None:
    with open(path, "w", encoding=encoding, newline="") as f:
        csv.writer(f, delimiter=delimiter, lineterminator="\n").writerows(rows)


def _set(path: Path, line: int, column: str, value: str) -> None:
    rows = _rows(path)
    rows[line - 1][rows[0].index(column)] = value
    _write(path, rows)


def _snapshot(out: Path) -> dict[str, bytes]:
    return {str(p.relative_to(out)): p.read_bytes() for p in sorted(out.rglob("*"))
            if p.is_file() and p.name != "lock"}


@pytest.fixture(scope="module")
def good_build(tmp_path_factory) -> tuple[Path, dict[str, bytes]]:
    """A good build of CALL 2019 waste, and the bytes of every file it wrote."""
    out = tmp_path_factory.mktemp("good") / "out"
    assert main(["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "waste", "-o", str(out),
                 "--no-progress"]) == 0
    return out, _snapshot(out)


def _first_non_utf8_cell(path: Path) -> tuple[int, str]:
    """Line (header = 1) and column of the first cell that is not ASCII (independently of
    the package: what a cp1252 file breaks first)."""
    rows = _rows(path)
    for number, row in enumerate(rows, start=1):
        for column, cell in zip(rows[0], row, strict=True):
            if not cell.isascii():
                return number, column
    raise AssertionError("no accented cell")


def _drop_column(path, name):
    rows = _rows(path)
    i = rows[0].index(name)
    _write(path, [r[:i] + r[i + 1:] for r in rows])


def _add_column(path, name):
    rows = _rows(path)
    _write(path, [rows[0] + [name]] + [r + ["x"] for r in rows[1:]])


def _duplicate_glass(path):
    rows = _rows(path)
    _write(path, rows + [rows[GLASS_LINE - 1]])


def _empty(path):
    path.write_bytes(b"")


def _cp1252(path):
    text = path.read_text(encoding="utf-8")
    path.write_bytes(text.encode("cp1252", errors="replace"))


def _semicolons(path):
    _write(path, _rows(path), delimiter=";")


def _decimal_comma(path):
    """``65800,5`` typed in a text editor: no quotes around it, one cell too many."""
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[1] = lines[1].replace(",65800,t,", ",65800,5,t,")
    path.write_text("\n".join(lines), encoding="utf-8")


def _line_break_in_a_note(path):
    rows = _rows(path)
    rows[GLASS_LINE - 1][rows[0].index("note")] = "première ligne\nseconde ligne"
    _write(path, rows)


def _blank_line_after(path, line):
    lines = path.read_text(encoding="utf-8").split("\n")
    path.write_text("\n".join(lines[:line] + [""] + lines[line:]), encoding="utf-8")


def _symlink_out(path):
    path.unlink()
    path.symlink_to("/etc/passwd")


def _pipe(path):
    os.mkfifo(path.with_name("en_attente.csv"))


def _sources_cell(data: Path, source_id: str, column: str, value: str) -> None:
    rows = _rows(data / "sources.csv")
    row = next(r for r in rows if r[0] == source_id)
    row[rows[0].index(column)] = value
    _write(data / "sources.csv", rows)


def _too_big(path):
    """A table of 21 MB, over the limit: rows of the right shape, repeated."""
    rows = _rows(path)
    line = ",".join(f'"{c}"' for c in rows[GLASS_LINE - 1]) + "\n"
    with open(path, "a", encoding="utf-8") as f:
        f.write(line * (csvfile.MAX_TABLE_BYTES // len(line.encode()) + 1))


OBS = Path("waste") / "observations.csv"
PUB = Path("waste") / "published.csv"
DOCUMENT = Path("documents") / "004_94da33c015a75e2d.txt"


def _expected(case: str, data: Path) -> str:
    obs, pub = (data / OBS).resolve(), (data / PUB).resolve()
    rows = _rows(PROJECT_ROOT / "data" / OBS)
    last = len(rows) + 1  # the duplicated row, appended
    units = ", ".join(schemas.UNITS)
    line, column = _first_non_utf8_cell(PROJECT_ROOT / "data" / OBS)
    return {
        "missing column": f"{obs}: ligne 1 (en-tête), colonne « precision » : règle « colonne "
                          f"obligatoire » non respectée (colonne absente)",
        "unknown column": f"{obs}: ligne 1 (en-tête), colonne « commentaire » : règle « colonne "
                          f"déclarée » non respectée (colonne inconnue : la retirer, ou la "
                          f"déclarer dans analysis.inputs.schemas.SCHEMAS)",
        "non-numeric value": f"{obs}: ligne {GLASS_LINE}, colonne « value » : règle « "
                             f"coerce_dtype('float64') » non respectée (valeur : 'abc')",
        "negative tonnage": f"{obs}: ligne {GLASS_LINE}, colonne « value » : règle « positif ou "
                            f"nul en t » non respectée (valeur : -7071.0)",
        "share above 100 %": f"{pub}: ligne {SHARE_LINE}, colonne « value » : règle « part "
                             f"entre 0 et 100 % » non respectée (valeur : 142.0)",
        "duplicate key": "\n".join(
            f"{obs}: ligne {n}, colonne « {c} » : règle « multiple_fields_uniqueness » non "
            f"respectée (valeur : {v})"
            for c, v in [("territory", "'CALL'"), ("year", "2019"),
                         ("indicator", "'collected_t'"), ("breakdown", "'glass'")]
            for n in (GLASS_LINE, last)),
        "unknown territory": f"{obs}: ligne {GLASS_LINE}, colonne « territory » : territoire "
                             f"'XYZ' inconnu (connus : CABBALR, CALL, CAPH, CAVM, FR, HDF ; ou "
                             f"le SIREN d'un EPCI du référentiel)",
        "unknown source": f"{obs}: ligne {GLASS_LINE}, colonne « source_id » : source "
                          f"'rapport_inconnu' absente de sources.csv",
        "empty file": f"{obs}: ligne 1 (en-tête), toutes les colonnes : règle « fichier non "
                      f"vide » non respectée (fichier vide : il faut au moins l'en-tête)",
        "not UTF-8": f"{obs}: ligne {line}, colonne « {column} » : règle « encodage UTF-8 » "
                     f"non respectée (octet 0xe9 : enregistrer le fichier en UTF-8)",
        "semicolons": f"{obs}: ligne 1 (en-tête), toutes les colonnes : règle « séparateur "
                      f"virgule » non respectée (en-tête séparé par des points-virgules : "
                      f"enregistrer le fichier avec des virgules)",
        "year out of range": f"{obs}: ligne {GLASS_LINE}, colonne « year » : règle « "
                             f"in_range(1990, 2100) » non respectée (valeur : 2150)",
        "unit not allowed": f"{obs}: ligne {GLASS_LINE}, colonne « unit » : règle « unité "
                            f"connue » non respectée (valeur : 'tonnes' ; unités admises : "
                            f"{units})",
        "unquoted decimal comma": f"{obs}: ligne 2, colonne « value » : règle « nombre de "
                                  f"colonnes » non respectée (12 valeurs pour 11 colonnes : "
                                  f"une virgule décimale non protégée ? écrire le nombre avec "
                                  f"un point (65800.5))",
        "infinite value": f"{obs}: ligne {GLASS_LINE}, colonne « value » : règle « nombre fini »"
                          f" non respectée (valeur : inf)",
        "line break in a value": f"{obs}: ligne {GLASS_LINE}, colonne « note » : règle « valeur "
                                 f"sur une ligne » non respectée (saut de ligne dans une "
                                 f"valeur entre guillemets, lignes {GLASS_LINE} à "
                                 f"{GLASS_LINE + 1} : écrire la valeur sur une seule ligne)",
        "line after a blank line": f"{obs}: ligne {GLASS_LINE + 1}, colonne « unit » : règle « "
                                   f"unité connue » non respectée (valeur : 'tonnes' ; unités "
                                   f"admises : {units})",
        "symlink out of the data": f"{data / OBS}: tout le fichier : règle « fichier dans le "
                                   f"dossier de données » non respectée (lien symbolique vers "
                                   f"/etc/passwd, hors de {data} : copier le fichier dans le "
                                   f"dossier de données)",
        "a pipe, not a file": f"{data / 'waste' / 'en_attente.csv'}: tout le fichier : règle « "
                              f"fichier ordinaire » non respectée (ce n'est pas un fichier : "
                              f"tube, socket ou périphérique)",
        "table too big": f"{obs}: tout le fichier : règle « taille d'une table » non respectée "
                         f"(21 Mo pour 21 Mo au plus : ce n'est sans doute pas la bonne table)",
        "LOVAC as xls": f"{data / 'housing' / 'lovac' / 'lovac_2021.xls'}: tout le fichier : "
                        f"règle « format lu » non respectée (le dossier housing/lovac/ reçoit "
                        f"les fichiers LOVAC par commune au format XLSX ou CSV ; un fichier « "
                        f".xls » n'y est pas lu : le déposer au format XLSX ou CSV tel que "
                        f"publié, ou le retirer)",
        "file nobody reads": f"{data / 'waste' / 'observations_2020.csv'}: tout le fichier : "
                             f"règle « fichier lu » non respectée (aucun chargeur ne lit ce "
                             f"fichier : le retirer, ou le déposer dans un des dossiers lus "
                             f"({', '.join(f'{p}/' for p in drop_folders())}))",
        "undeclared document": f"{data / 'documents' / 'rapport_2020.txt'}: tout le fichier : "
                               f"règle « fichier déclaré » non respectée (document absent de "
                               f"sources.csv : l'y déclarer avec son sha256, ou le retirer)",
        "missing document": f"{data / 'sources.csv'}: ligne {_source_line('cabbalr_projet_2022')}"
                            f", colonne « path » : règle « fichier présent » non respectée "
                            f"(data/{DOCUMENT.as_posix()} introuvable dans {data})",
        "document changed": f"{data / 'sources.csv'}: ligne {_source_line('cabbalr_projet_2022')}"
                            f", colonne « sha256 » : règle « empreinte sha256 » non respectée "
                            f"(data/{DOCUMENT.as_posix()} : {_digest_after_edit()} au lieu de "
                            f"{_declared_digest('cabbalr_projet_2022')} ; le fichier a changé "
                            f"depuis sa déclaration)",
        "placeholder date": f"{data / 'sources.csv'}: ligne {_source_line('call_rdd_2019_2020')}"
                            f", colonne « published » : règle « date ISO : année, année-mois "
                            f"ou année-mois-jour (2021, 2021-10-22) » non respectée (valeur : "
                            f"'AAAA-MM')",
        "placeholder text": f"{data / 'sources.csv'}: ligne {_source_line('call_rdd_2019_2020')}"
                            f", colonne « period » : règle « valeur renseignée » non respectée "
                            f"(valeur : 'à compléter' : une valeur à compléter)",
    }[case]


def _source_line(source_id: str) -> int:
    rows = _rows(PROJECT_ROOT / "data" / "sources.csv")
    return next(n for n, r in enumerate(rows, start=1) if r[0] == source_id)


def _declared_digest(source_id: str) -> str:
    rows = _rows(PROJECT_ROOT / "data" / "sources.csv")
    return next(r for r in rows if r[0] == source_id)[rows[0].index("sha256")]


def _digest_after_edit() -> str:
    import hashlib

    return hashlib.sha256((PROJECT_ROOT / "data" / DOCUMENT).read_bytes()
                          + b"ajout\n").hexdigest()


def _append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(text)


CORRUPTIONS = {
    "missing column": lambda d: _drop_column(d / OBS, "precision"),
    "unknown column": lambda d: _add_column(d / OBS, "commentaire"),
    "non-numeric value": lambda d: _set(d / OBS, GLASS_LINE, "value", "abc"),
    "negative tonnage": lambda d: _set(d / OBS, GLASS_LINE, "value", "-7071"),
    "share above 100 %": lambda d: _set(d / PUB, SHARE_LINE, "value", "142"),
    "duplicate key": lambda d: _duplicate_glass(d / OBS),
    "unknown territory": lambda d: _set(d / OBS, GLASS_LINE, "territory", "XYZ"),
    "unknown source": lambda d: _set(d / OBS, GLASS_LINE, "source_id", "rapport_inconnu"),
    "empty file": lambda d: _empty(d / OBS),
    "not UTF-8": lambda d: _cp1252(d / OBS),
    "semicolons": lambda d: _semicolons(d / OBS),
    "year out of range": lambda d: _set(d / OBS, GLASS_LINE, "year", "2150"),
    "unit not allowed": lambda d: _set(d / OBS, GLASS_LINE, "unit", "tonnes"),
    "unquoted decimal comma": lambda d: _decimal_comma(d / OBS),
    "infinite value": lambda d: _set(d / OBS, GLASS_LINE, "value", "inf"),
    "line break in a value": lambda d: _line_break_in_a_note(d / OBS),
    # an error names the line of the file, not the row's number (a blank line is skipped)
    "line after a blank line": lambda d: (_set(d / OBS, GLASS_LINE, "unit", "tonnes"),
                                          _blank_line_after(d / OBS, 2)) and None,
    "symlink out of the data": lambda d: _symlink_out(d / OBS),
    "a pipe, not a file": lambda d: _pipe(d / OBS),
    "table too big": lambda d: _too_big(d / OBS),
    "LOVAC as xls": lambda d: ((d / "housing" / "lovac").mkdir(parents=True, exist_ok=True),
                               (d / "housing" / "lovac" / "lovac_2021.xls").write_bytes(
                                   b"\xd0\xcf\x11\xe0")) and None,
    "file nobody reads": lambda d: shutil.copy(d / OBS, d / "waste" / "observations_2020.csv"),
    "undeclared document": lambda d: (d / "documents" / "rapport_2020.txt").write_text("x"),
    "missing document": lambda d: (d / DOCUMENT).unlink(),
    "document changed": lambda d: _append(d / DOCUMENT, "ajout\n"),
    "placeholder date": lambda d: _sources_cell(d, "call_rdd_2019_2020", "published",
                                                "AAAA-MM"),
    "placeholder text": lambda d: _sources_cell(d, "call_rdd_2019_2020", "period",
                                                "à compléter"),
}


@pytest.mark.parametrize("case", CORRUPTIONS)
def test_a_bad_input_stops_the_build_with_file_line_column_and_rule_and_changes_nothing(
        case, good_build, data_copy, capsys):
    out, before = good_build
    assert _rows(data_copy / OBS)[GLASS_LINE - 1][2:5] == ["collected_t", "glass", "7071"]
    assert _rows(data_copy / PUB)[SHARE_LINE - 1][2:5] == ["recovered_share_pct", "total", "90"]
    CORRUPTIONS[case](data_copy)
    code = main(["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "waste", "-o", str(out),
                 "--data-dir", str(data_copy), "--no-progress"])
    err = capsys.readouterr().err
    assert code == 2
    assert err == f"erreur : {_expected(case, data_copy)}\n"
    assert _snapshot(out) == before


def test_an_extra_column_in_a_header_only_file_is_still_refused(data_copy):
    (data_copy / OBS).write_text(",".join(_rows(data_copy / OBS)[0] + ["x"]) + "\n",
                                 encoding="utf-8")
    with pytest.raises(DataValidationError, match="colonne « x » : règle « colonne "
                                                       "déclarée »"):
        load_table("waste/observations", data_copy)


@pytest.mark.parametrize("territory", ["CALL'; import os; os.system('touch pwned') #",
                                       'CALL"\nimport os', "{territory}", "CALL\\"])
def test_a_territory_with_quotes_or_code_is_refused_before_any_kernel(territory, tmp_path,
                                                                      capsys):
    assert main(["build", "--no-pdf", "-t", territory, "-o", str(tmp_path / "out")]) == 2
    assert f"Territoire inconnu : {territory!r}" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()
    assert not (PROJECT_ROOT / "pwned").exists()


def test_a_year_without_data_or_an_unknown_section_is_refused_before_any_kernel(
        tmp_path, capsys):
    years = sorted({y for name in plan_module.page_sections()
                    for y in plan_module.years_with_data(name, "CALL")})
    assert main(["build", "--no-pdf", "-t", "CALL", "-y", "2099", "-o", str(tmp_path / "out")]) == 2
    assert capsys.readouterr().err == (f"erreur : Aucune donnée pour CALL en 2099 (années "
                                       f"disponibles : {', '.join(map(str, years))}).\n")
    assert main(["build", "--no-pdf", "-t", "CALL", "-s", "<script>", "-o",
                 str(tmp_path / "out")]) == 2
    assert "Section inconnue : '<script>'" in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


@pytest.mark.parametrize("year", ["19", "1850", "20199", "deux-mille"])
def test_a_year_that_is_not_four_digits_in_range_is_refused_by_the_parser(year, tmp_path,
                                                                         capsys):
    with pytest.raises(SystemExit) as raised:
        main(["build", "--no-pdf", "-y", year, "-o", str(tmp_path / "out")])
    assert raised.value.code == 2
    assert (f"erreur : argument --year/-y: année '{year}' invalide : une année s'écrit avec "
            f"quatre chiffres, de 1990 à 2100 (par exemple 2019)") in capsys.readouterr().err
    assert not (tmp_path / "out").exists()


def test_a_year_without_territory_builds_the_territories_that_have_it(tmp_path):
    specs = plan(None, [2019], None, tmp_path, pdf=False)
    with_2019 = {t.short for t in all_territories() for name in plan_module.page_sections()
                 if 2019 in plan_module.years_with_data(name, t.short)}
    assert with_2019 and {s.territory.short for s in specs} == with_2019


@pytest.mark.parametrize("inside", [True, False])
def test_an_output_folder_inside_the_data_or_around_it_is_refused(inside, data_copy, capsys):
    out = data_copy / "sorties" if inside else data_copy.parent
    before = _snapshot(data_copy)
    assert main(["build", "--no-pdf", "-t", "CALL", "-o", str(out), "--data-dir",
                 str(data_copy)]) == 2
    err = capsys.readouterr().err
    if inside:
        assert err == (f"erreur : le dossier de sortie {out} est dans le dossier de données "
                       f"{data_copy} : les pages produites y seraient prises pour des données ; "
                       f"choisir un dossier hors de {data_copy} (option -o)\n")
    else:
        assert err.startswith(f"erreur : le dossier de sortie {out} contient le dossier de "
                              f"données {data_copy}")
    assert _snapshot(data_copy) == before


def _without_root_reading():
    """Root reads any file whatever its permissions: the child gives up the two capabilities
    that allow it (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH), as an analyst's account has not."""
    import ctypes

    libc = ctypes.CDLL(None, use_errno=True)
    for capability in (1, 2):
        if libc.prctl(24, capability, 0, 0, 0) != 0:  # PR_CAPBSET_DROP
            raise OSError(ctypes.get_errno(), "prctl(PR_CAPBSET_DROP)")


def test_an_unreadable_file_is_refused_with_its_name(good_build, data_copy, tmp_path):
    out, before = good_build
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    (data_copy / OBS).chmod(0)
    try:
        result = subprocess.run(
            [sys.executable, "-m", "analysis.engine.cli", "build", "--no-pdf", "-t", "CALL",
             "-y", "2019", "-s",
             "waste", "-o", str(copy), "--data-dir", str(data_copy), "--no-progress"],
            capture_output=True, text=True,
            env=os.environ | {"PYTHONPATH": str(PROJECT_ROOT / "src")},
            preexec_fn=_without_root_reading if os.geteuid() == 0 else None)
    finally:
        (data_copy / OBS).chmod(0o644)
    assert result.returncode == 2, result.stderr
    assert result.stderr == (f"erreur : {data_copy / OBS}: tout le fichier : règle « fichier "
                             f"lisible » non respectée (Permission denied : vérifier ses "
                             f"droits)\n")
    assert _snapshot(copy) == before


def _small_disk():
    """The child may not write a file over 60 kB (like a full disk: the write fails)."""
    signal.signal(signal.SIGXFSZ, signal.SIG_IGN)
    resource.setrlimit(resource.RLIMIT_FSIZE, (60_000, 60_000))


def test_a_full_disk_stops_the_build_with_a_message_and_publishes_nothing(good_build,
                                                                         tmp_path):
    out, before = good_build
    copy = tmp_path / "out"
    shutil.copytree(out, copy)
    result = subprocess.run(
        [sys.executable, "-m", "analysis.engine.cli", "build", "--no-pdf", "-t", "CALL", "-y",
         "2019", "-s",
         "waste", "-o", str(copy), "--no-progress", "--force"],
        capture_output=True, text=True, preexec_fn=_small_disk,
        env=os.environ | {"PYTHONPATH": str(PROJECT_ROOT / "src")})
    assert result.returncode == 2, result.stderr
    assert result.stderr.startswith(f"erreur : écriture impossible dans {copy / 'CALL' / '2019'}"
                                     f" : plus de place (File too large) ; rien n'a été publié "
                                     f"pour 1 section(s), les pages précédentes restent en "
                                     f"place"), result.stderr
    assert "Traceback" not in result.stderr
    assert _snapshot(copy) == before
    assert not list(copy.rglob(".build-*")) and not list(copy.rglob("*.tmp"))


@pytest.fixture
def failing_section(monkeypatch, data_copy):
    """A SYNTHETIC section (tests/fixtures/failing_section.ipynb) registered for the test: it
    misbehaves as the files of ``failing/`` in the data copy ask."""
    section = synthetic_failing_section()
    monkeypatch.setitem(plan_module.EXTRA_SECTIONS, "failing", section)
    (data_copy / "failing").mkdir()
    return section


def test_a_failing_notebook_is_reported_with_its_cell_and_the_others_are_built(
        failing_section, tmp_path, data_copy, capsys):
    out = tmp_path / "out"
    argv = ["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "failing", "-s", "waste", "-o",
            str(out), "--data-dir", str(data_copy), "--no-progress"]
    assert main(argv) == 0  # the synthetic section passes while failing/ is empty
    page = out / "CALL" / "2019" / "failing.html"
    good = page.read_bytes()
    (data_copy / "failing" / "FAIL.csv").write_text("")
    _set(data_copy / OBS, 2, "value", "65801")  # the waste page must be rebuilt too
    capsys.readouterr()
    assert main(argv) == 1
    captured = capsys.readouterr()
    assert ("échec : CALL 2019 failing — cellule 4 (« asked = set(os.listdir(os.path.join("
            "data_dir, \"failing\"))) ») : ValueError: échec voulu par le test") in captured.err
    assert "1 section(s) construite(s), 0 à jour, 1 en échec" in captured.out
    assert page.read_bytes() == good  # the previous good page stays, untouched
    assert (out / "CALL" / "2019" / "failing.failed.ipynb").is_file()
    assert ",65801," in (out / "CALL" / "2019" / "waste.figures.csv").read_text(encoding="utf-8")
    assert not list(out.rglob(".build-*"))  # nothing staged is left, nothing half-published
    index = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert "ValueError: échec voulu par le test" in index.get_text(" ")


def test_a_failing_notebook_keeps_the_other_results_in_plan_order(failing_section, tmp_path,
                                                                  data_copy):
    (data_copy / "failing" / "FAIL.csv").write_text("")
    specs = plan(["CALL"], [2019], ["failing", "waste"], tmp_path, data_copy, pdf=False)
    results = build(specs, progress=False, jobs=2)
    assert [(r.spec.section.name, r.ok) for r in results] == [("failing", False),
                                                              ("waste", True)]
    assert results[0].error.endswith("ValueError: échec voulu par le test")


def _holding(lock_path: Path) -> bool:
    """Whether another process holds the build lock (the test tries to take it)."""
    try:
        with open(lock_path, "a") as f:
            fcntl.lockf(f, fcntl.LOCK_EX | fcntl.LOCK_NB, 0, 0)
            fcntl.lockf(f, fcntl.LOCK_UN, 0, 0)
            return False
    except (BlockingIOError, PermissionError, FileNotFoundError):
        return lock_path.exists()


def test_a_second_build_on_the_same_outputs_waits_or_stops_with_a_clear_message(
        tmp_path, data_copy):
    out = tmp_path / "out"
    # CALL's pages of two years one at a time, each in a new kernel: long enough for the
    # two others to start (with warm kernels the first build may end before they look)
    command = [sys.executable, "-m", "analysis.engine.cli", "build", "--no-pdf", "-t", "CALL",
               "-y", "2019", "-y", "2020", "-j", "1", "--fresh-kernels", "-o", str(out),
               "--data-dir", str(data_copy), "--no-progress"]
    env = os.environ | {"PYTHONPATH": str(PROJECT_ROOT / "src")}
    first = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                             text=True, env=env)
    deadline = time.monotonic() + 60
    while not _holding(out / ".build" / "lock"):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.02)
    waiting = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               text=True, env=env)
    refused = subprocess.run(command + ["--no-wait"], capture_output=True, text=True, env=env)
    first_out, first_err = first.communicate(timeout=120)
    waiting_out, waiting_err = waiting.communicate(timeout=120)
    assert first.returncode == 0, first_err
    assert refused.returncode == 3
    assert f"une autre construction est en cours dans {out} (processus {first.pid}" in \
        refused.stderr
    assert first.returncode == 0, first_err
    assert waiting.returncode == 0, waiting_err
    assert "attente de la fin de l'autre construction" in waiting_err
    assert waiting_out.startswith("Tout est à jour")  # it saw the finished build, rebuilt nothing
    specs = plan(["CALL"], [2019, 2020], output_dir=out, data=data_copy, pdf=False)
    assert f"{len(specs)} section(s) construite(s)" in first_out
    # consistent outputs: every page is complete and current, nothing staged is left
    assert all(spec.stale_reason() is None for spec in specs)
    assert not list(out.rglob(".build-*"))


def test_markup_in_the_data_is_shown_as_text_never_as_markup(tmp_path, data_copy):
    hostile = '<script>alert("x")</script><b>gras</b>'
    _set(data_copy / OBS, GLASS_LINE, "note", hostile)
    rows = _rows(data_copy / "sources.csv")
    for row in rows[1:]:
        if row[0] == "call_rdd_2019_2020":
            row[1] = f"Rapport {hostile}"
    _write(data_copy / "sources.csv", rows)
    specs = plan(["CALL"], [2019], ["waste"], tmp_path, data_copy, pdf=False)
    results = build(specs, progress=False)
    assert results[0].ok
    finish(tmp_path, results, data_copy, progress=False, pdf=False)
    for page, shown in [(specs[0].path(".html"), [hostile, f"Rapport {hostile}"]),
                        (tmp_path / "index.html", [f"Rapport {hostile}"]),
                        (tmp_path / "methodologie.html", [f"Rapport {hostile}"])]:
        soup = BeautifulSoup(page.read_text(encoding="utf-8"), "html.parser")
        assert soup.find_all("script") == [] and soup.find_all("b") == [], page
        for text in shown:
            assert text in soup.get_text(), (page, text)

