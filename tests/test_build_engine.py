"""The build engine on real notebooks: parallel runs, pages kept when up to date, rebuilt when
what they read changes, the whole-build stamp of the command line."""

from __future__ import annotations

import csv
import json
import shutil

import pytest

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.cli import main
from analysis.engine.notebook import RUNNER_TAG
from analysis.engine.plan import plan
from analysis.engine.run import build

pytestmark = pytest.mark.notebook

IRVE_FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "irve_synthetic_20250301.csv"


def _bump_first_value(path):
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("value")
    rows[1][column] = str(float(rows[1][column]) + 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)


@pytest.fixture
def call_pages(tmp_path, data_copy):
    """The CALL 2019 waste and mobility pages, built two at a time from a copy of data/."""
    specs = plan(["CALL"], [2019], ["waste", "mobility"], tmp_path / "out", data_copy, pdf=False)
    results = build(specs, progress=False, jobs=2)
    assert [r.ok for r in results] == [True, True], [r.error for r in results]
    return specs, data_copy


def test_parallel_build_publishes_each_page_with_the_data_it_read(call_pages):
    specs, data = call_pages
    waste, mobility = specs
    record = json.loads(waste.path(".build.json").read_text(encoding="utf-8"))
    # keyed relative to the data folder: the same bytes wherever the data are copied
    assert "data/waste/observations.csv" in record["inputs"]
    assert "data/sources.csv" in record["inputs"]
    assert not any("/mobility/" in p for p in record["inputs"])
    mobility_record = json.loads(mobility.path(".build.json").read_text(encoding="utf-8"))
    assert "data/mobility/irve" in mobility_record["folders"]  # looked for, absent
    for spec in specs:
        for suffix in (".html", ".ipynb", ".figures.csv"):
            assert spec.path(suffix).is_file()
        assert not list(spec.target_dir.glob(".build-*"))  # no staging left behind


def test_each_page_keeps_its_time_split_into_kernel_cells_and_rendering(call_pages):
    # what make bench reads to set a page's cost against its cells and its rendering
    specs, _ = call_pages
    for spec in specs:
        timing = json.loads((spec.target_dir / ".build" / f"{spec.section.name}.timing.json")
                            .read_text(encoding="utf-8"))
        assert set(timing) == {"seconds", "cells", "render", "kernel_start", "reset"}
        assert all(value >= 0 for value in timing.values())
        parts = timing["kernel_start"] + timing["reset"] + timing["cells"] + timing["render"]
        assert parts <= timing["seconds"] + 0.002  # each rounded to the millisecond
        assert timing["cells"] > 0 and timing["render"] > 0


def test_published_notebook_carries_no_trace_of_the_runner_cell(call_pages):
    specs, _ = call_pages
    text = specs[0].path(".ipynb").read_text(encoding="utf-8")
    assert "added by analysis build" not in text and RUNNER_TAG not in text
    assert json.loads(text)["metadata"]["papermill"]["input_path"].endswith("waste.ipynb")


def test_the_parameters_cell_has_the_same_id_at_every_run(call_pages, tmp_path):
    """papermill gives its injected cell a random id: a rebuild of the same inputs changed
    the notebook and the page. The published one is named after the page."""
    specs, data = call_pages
    waste = specs[0]
    cells = json.loads(waste.path(".ipynb").read_text(encoding="utf-8"))["cells"]
    injected = [c for c in cells if "injected-parameters" in c["metadata"].get("tags", [])]
    assert [c["id"] for c in injected] == ["waste-parameters"]
    assert 'id="cell-id=waste-parameters"' in waste.path(".html").read_text(encoding="utf-8")
    again = build(plan(["CALL"], [waste.year], ["waste"], tmp_path / "again", data, pdf=False),
                  progress=False)
    assert again[0].ok, again[0].error
    assert again[0].spec.path(".ipynb").read_text(encoding="utf-8").count(
        '"id": "waste-parameters"') == 1


def test_an_unchanged_page_is_kept_and_not_rewritten(call_pages):
    specs, _ = call_pages
    before = {s.path(".html"): s.path(".html").stat().st_mtime_ns for s in specs}
    results = build(specs, progress=False)
    assert [r.skipped for r in results] == [True, True]
    assert [r.ok for r in results] == [True, True]
    # read back from the kept figures record, counted here with the csv module
    with open(specs[0].path(".figures.csv"), encoding="utf-8", newline="") as f:
        statuses = [r["status"] for r in csv.DictReader(f)]
    assert results[0].mismatches == statuses.count("mismatch")
    assert results[0].verified == statuses.count("match") + statuses.count("mismatch")
    assert {s.path(".html"): s.path(".html").stat().st_mtime_ns for s in specs} == before


def test_changing_one_raw_file_rebuilds_only_the_sections_that_read_it(call_pages):
    specs, data = call_pages
    waste, mobility = specs
    _bump_first_value(data / "waste" / "observations.csv")
    # the build record names the file relative to the data folder
    assert waste.stale_reason() == "donnée modifiée : data/waste/observations.csv"
    assert mobility.stale_reason() is None
    results = build(specs, progress=False)
    assert [r.skipped for r in results] == [False, True]
    assert results[0].reason.startswith("donnée modifiée")


def test_a_file_dropped_in_a_loader_folder_rebuilds_the_section_that_lists_it(call_pages):
    specs, data = call_pages
    waste, mobility = specs
    (data / "mobility" / "irve").mkdir()
    shutil.copy(IRVE_FIXTURE, data / "mobility" / "irve" / IRVE_FIXTURE.name)
    assert mobility.stale_reason() == "dossier modifié : data/mobility/irve"
    assert waste.stale_reason() is None


def test_force_rebuilds_every_page(call_pages):
    specs, _ = call_pages
    results = build(specs, progress=False, force=True, jobs=1)
    assert [r.skipped for r in results] == [False, False]
    assert all(r.reason == "reconstruction demandée (--force)" for r in results)


def test_second_command_line_build_is_a_no_op_until_an_output_goes_missing(
        tmp_path, data_copy, capsys):
    argv = ["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "waste", "-o",
            str(tmp_path / "out"),
            "--data-dir", str(data_copy), "--no-progress"]
    assert main(argv) == 0
    capsys.readouterr()
    assert main(argv) == 0
    assert capsys.readouterr().out.startswith("Tout est à jour : rien à reconstruire")
    (tmp_path / "out" / "CALL" / "2019" / "waste.html").unlink()
    assert main(argv) == 0
    out = capsys.readouterr().out
    assert "1 section(s) construite(s), 0 à jour" in out
    assert (tmp_path / "out" / "CALL" / "2019" / "waste.html").is_file()



def test_no_pdf_builds_the_pages_alone_and_the_next_build_adds_their_pdfs(tmp_path, data_copy,
                                                                          capsys):
    out = tmp_path / "out"
    argv = ["build", "-t", "CALL", "-y", "2019", "-s", "waste", "-o", str(out), "--data-dir",
            str(data_copy), "--no-progress"]
    assert main([*argv, "--no-pdf"]) == 0
    assert (out / "CALL" / "2019" / "waste.html").is_file()
    assert (out / "CALL" / "2019" / "rapport.html").is_file()
    assert not list(out.rglob("*.pdf"))
    assert ">PDF</a>" not in (out / "index.html").read_text(encoding="utf-8")
    capsys.readouterr()
    # the same request with its PDFs is not a no-op: the page lacks one of its files
    assert main(argv) == 0
    assert "1 section(s) construite(s), 0 à jour" in capsys.readouterr().out
    assert sorted(p.relative_to(out).as_posix() for p in out.rglob("*.pdf")) == [
        "CALL/2019/rapport.pdf", "CALL/2019/waste.pdf"]
    assert 'href="CALL/2019/rapport.pdf">PDF</a>' in (out / "index.html").read_text(
        encoding="utf-8")
    assert all(spec.stale_reason() is None
               for spec in plan(["CALL"], [2019], ["waste"], out, data_copy))

def test_jobs_below_one_is_refused(tmp_path, capsys):
    assert main(["build", "--no-pdf", "-j", "0", "-o", str(tmp_path)]) == 2
    assert "--jobs doit être au moins 1" in capsys.readouterr().err


def test_staging_folders_left_by_a_killed_build_are_removed_by_the_next(tmp_path, data_copy,
                                                                        capsys):
    out = tmp_path / "out"
    leftover = out / "CALL" / "2019" / ".build-killed"
    leftover.mkdir(parents=True)
    (leftover / "waste.html").write_text("half written")
    assert main(["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "waste", "-o", str(out),
                 "--data-dir", str(data_copy), "--no-progress"]) == 0
    assert not leftover.exists()
    assert "half written" not in (out / "CALL" / "2019" / "waste.html").read_text()
