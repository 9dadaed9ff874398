"""A build always ends: a hung cell meets its deadline, a kernel that does not start is tried
again then reported, a killed worker is reported, a ``kill -9`` of the build leaves nothing
running and the next build takes the folder over; the no-op check compares contents.

The misbehaving notebook is SYNTHETIC (tests/fixtures/failing_section.ipynb): it hangs,
kills its worker or sleeps when the data copy's ``failing/`` folder asks it to.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import psutil
import pytest
from helpers import failing_section

from analysis.core.paths import PROJECT_ROOT
from analysis.engine import cache
from analysis.engine import notebook as notebook_module
from analysis.engine import plan as plan_module
from analysis.engine.cli import main
from analysis.engine.plan import plan
from analysis.engine.run import build

pytestmark = pytest.mark.notebook

SECTION = failing_section()


@pytest.fixture
def misbehaving(monkeypatch, data_copy) -> Path:
    """The synthetic section registered, and the folder where a test says how it misbehaves."""
    monkeypatch.setitem(plan_module.EXTRA_SECTIONS, "failing", SECTION)
    (data_copy / "failing").mkdir()
    return data_copy / "failing"


def _ask(folder: Path, behaviour: str) -> None:
    (folder / f"{behaviour}.csv").write_text("")


def test_a_cell_that_never_returns_meets_the_deadline_and_the_others_are_built(
        misbehaving, data_copy, tmp_path, capsys):
    _ask(misbehaving, "HANG")
    out = tmp_path / "out"
    started = time.monotonic()
    code = main(["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "failing", "-s",
                 "waste", "-o",
                 str(out), "--data-dir", str(data_copy), "--no-progress", "--timeout", "8"])
    assert time.monotonic() - started < 60
    captured = capsys.readouterr()
    assert code == 1
    assert ("échec : CALL 2019 failing — délai dépassé : le notebook n'a pas fini en 8 s "
            "(option --timeout pour le changer)") in captured.err
    assert (out / "CALL" / "2019" / "waste.html").is_file()
    assert not (out / "CALL" / "2019" / "failing.html").exists()
    assert not list(out.rglob(".build-*"))  # the killed run's staging is gone


def test_a_kernel_that_fails_to_start_is_tried_once_more(misbehaving, data_copy, tmp_path,
                                                         monkeypatch):
    marker = tmp_path / "first-start"
    # a kernel command that exits at its first start, as one whose port was just taken
    flaky = (f"import os, sys, runpy\n"
             f"if not os.path.exists({str(marker)!r}):\n"
             f"    open({str(marker)!r}, 'w').close(); sys.exit(1)\n"
             f"sys.argv = ['ipykernel_launcher'] + sys.argv[1:]\n"
             f"runpy.run_module('ipykernel_launcher', run_name='__main__')\n")
    monkeypatch.setattr(notebook_module, "KERNEL_ARGV",
                        [sys.executable, "-c", flaky, "-f", "{connection_file}"])
    results = build(plan(["CALL"], [2019], ["failing"], tmp_path / "out", data_copy, pdf=False),
                    progress=False)
    assert marker.exists()  # the first start did fail
    assert [r.ok for r in results] == [True], results[0].error


def test_a_kernel_that_never_starts_is_reported_and_the_others_are_built(
        misbehaving, data_copy, tmp_path, monkeypatch):
    monkeypatch.setattr(notebook_module, "KERNEL_ARGV", [sys.executable, "-c",
                                                      "import sys; sys.exit(1)"])
    results = build(plan(["CALL"], [2019], ["failing", "waste"], tmp_path / "out",
                         data_copy, pdf=False), progress=False, jobs=2)
    assert [r.ok for r in results] == [False, False]
    assert all(r.error.startswith("le noyau n'a pas démarré (deux essais)") for r in results)


def test_a_killed_worker_is_reported_and_the_others_are_built(misbehaving, data_copy,
                                                              tmp_path):
    _ask(misbehaving, "KILL_WORKER")
    results = build(plan(["CALL"], [2019], ["failing", "waste"], tmp_path / "out", data_copy,
                         pdf=False),
                    progress=False, jobs=2)
    assert [(r.spec.section.name, r.ok) for r in results] == [("failing", False),
                                                              ("waste", True)]
    assert results[0].error == "le processus de construction a été arrêté (SIGKILL)"


def _build_process(data: Path, out: Path) -> subprocess.Popen:
    """``analysis build`` in a process of its own, with the synthetic section registered."""
    code = ("import sys\n"
            "sys.path.insert(0, " + repr(str(PROJECT_ROOT / "tests")) + ")\n"
            "from helpers import failing_section\n"
            "from analysis.engine import plan\n"
            "from analysis.engine.cli import main\n"
            "plan.EXTRA_SECTIONS['failing'] = failing_section()\n"
            "sys.exit(main(sys.argv[1:]))\n")
    return subprocess.Popen(
        [sys.executable, "-c", code, "build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s",
         "failing",
         "-s", "waste", "-o", str(out), "--data-dir", str(data), "--no-progress", "-j", "2"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env=os.environ | {"PYTHONPATH": str(PROJECT_ROOT / "src")})


def _descendants(pid: int) -> list[psutil.Process]:
    try:
        return psutil.Process(pid).children(recursive=True)
    except psutil.NoSuchProcess:
        return []


def test_kill_9_of_a_build_stops_its_workers_and_the_next_build_takes_over(
        misbehaving, data_copy, tmp_path):
    _ask(misbehaving, "SLOW")  # 30 s: the build is killed while it runs
    out = tmp_path / "out"
    first = _build_process(data_copy, out)
    deadline = time.monotonic() + 60
    while not any("ipykernel" in " ".join(p.cmdline()) for p in _descendants(first.pid)
                  if p.is_running()):
        assert first.poll() is None and time.monotonic() < deadline, first.communicate()
        time.sleep(0.1)
    family = _descendants(first.pid)
    first.send_signal(signal.SIGKILL)
    first.wait()
    gone, alive = psutil.wait_procs(family, timeout=15)
    assert alive == [], [p.cmdline() for p in alive]
    published = {p: p.stat().st_mtime_ns for p in out.rglob("*.html")}
    time.sleep(1)
    assert {p: p.stat().st_mtime_ns for p in out.rglob("*.html")} == published
    (misbehaving / "SLOW.csv").unlink()
    second = _build_process(data_copy, out)
    _, err = second.communicate(timeout=120)
    assert second.returncode == 0, err
    assert (f"La construction précédente (processus {first.pid}, commencée à ") in err
    assert "s'est arrêtée sans finir : ce dossier est repris" in err
    assert (out / "CALL" / "2019" / "failing.html").is_file()
    assert not list(out.rglob(".build-*"))
    assert (out / cache.STATE_DIR / "lock").read_text(encoding="utf-8") == ""


def test_an_output_edited_to_the_same_size_is_not_taken_as_up_to_date(tmp_path, capsys):
    out = tmp_path / "out"
    argv = ["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "waste", "-o", str(out),
            "--no-progress"]
    assert main(argv) == 0
    assert main(argv) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("Tout est à jour")
    page = out / "CALL" / "2019" / "waste.html"
    text = page.read_text(encoding="utf-8")
    page.write_text(text.replace("Déchets", "Déchêts", 1), encoding="utf-8")
    assert page.stat().st_size != len(text.encode())  # ê is two bytes: same length below
    page.write_text(text.replace("<html", "<HTML", 1), encoding="utf-8")
    assert page.stat().st_size == len(text.encode())
    assert main(argv) == 0
    assert not capsys.readouterr().out.splitlines()[-1].startswith("Tout est à jour")


def test_a_build_of_part_of_the_reports_keeps_the_whole_builds_no_op(tmp_path, capsys):
    out = tmp_path / "out"
    # the whole: two years of CALL (its report set, index and export); the part: one page
    whole = ["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-y", "2020", "-o", str(out),
             "--no-progress"]
    part = ["build", "--no-pdf", "-t", "CALL", "-y", "2019", "-s", "waste", "-o", str(out),
            "--no-progress"]
    for argv in (whole, part, part, whole):
        assert main(argv) == 0
    lines = capsys.readouterr().out.splitlines()
    assert [line.startswith("Tout est à jour") for line in lines] == [False, False, True,
                                                                       True]
    stamps = json.loads((out / cache.STATE_DIR / "stamp.json").read_text(encoding="utf-8"))
    assert len(stamps["stamps"]) == 2


def test_on_dask_a_hung_page_meets_its_deadline_and_the_worker_builds_the_next(
        misbehaving, data_copy, tmp_path):
    """One Dask worker: the SYNTHETIC page hangs; at its deadline its kernel is killed, the
    page is reported as a local build reports it, and the same worker then builds the
    next page (a new warm kernel)."""
    from analysis.engine.distributed import build_on_dask

    _ask(misbehaving, "HANG")
    out = tmp_path / "out"
    specs = plan(["CALL"], [2019], ["failing", "waste"], out, data_copy, pdf=False)
    specs.sort(key=lambda s: s.section.name != "failing")  # the hung page first
    # in a daemon thread: without a deadline the build would never return; the test fails
    results: list = []
    thread = threading.Thread(target=lambda: results.extend(
        build_on_dask(specs, jobs=1, progress=False, timeout=8)), daemon=True)
    thread.start()
    thread.join(180)
    assert not thread.is_alive(), "the hung page blocked the Dask build"
    by_section = {r.spec.section.name: r for r in results}
    assert not by_section["failing"].ok
    assert by_section["failing"].error == (
        "délai dépassé : le notebook n'a pas fini en 8 s (option --timeout pour le changer)")
    assert by_section["waste"].ok
    assert (out / "CALL" / "2019" / "waste.html").is_file()
    assert not (out / "CALL" / "2019" / "failing.html").exists()
    assert not list(out.rglob(".build-*"))
    assert not [p for p in psutil.Process().children(recursive=True)
                if "ipykernel_launcher" in p.cmdline()]
