"""Benchmark of many territories (``make bench``, after tools/bench.py): measures, never
asserts, and writes its section of ``docs/benchmarks.md`` (between the markers).

(g) the national table (``analysis national``): every EPCI of France, every indicator of the
    national files, in one vectorised pass: time and peak memory;
(h) throughput: the reports of K EPCI of Hauts-de-France outside the four agglomerations
    (their pages of one year: housing, energy, peers when the files give them), built from
    nothing with 1 worker and a new kernel per page (``--fresh-kernels``), then with warm
    kernels on 1 worker, on 2, and on a Dask local cluster of 2: reports per minute, peak
    memory, and where the time goes (kernel start and imports, resets, cells, the rest);
then a scaling model for n reports on N workers, T = f + n (a + b / N): f what a build
pays once whatever its size (start, the national files read once, the national table), a
the serial time per report (its part of the plan, its report, the index), b the parallel
time per report (its pages); f and a + b fitted on two warm 1-worker runs of K and 2K
reports (a fixed cost fitted on one size only would be spread over its reports and
predict large builds far too long), b on the 1- and 2-worker runs of K; the time it
predicts for every EPCI of Hauts-de-France and of France, and what dominates.

``--region`` also builds every EPCI of Hauts-de-France in one command (``analysis build
--region 32``, 2 workers) and writes it, with what the model predicted for it, in its own
section of ``docs/benchmarks.md`` (several minutes; not part of ``make bench``); ``--france``
does the same for every EPCI of France (every region of the reference; about half an hour
here).

Everything runs on a copy of ``data/`` in a temporary folder, without PDFs (``--no-pdf``:
the paper is measured by tools/bench.py's full build).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import statistics
import sys
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# the same measure of time and memory, and the same way of writing its section
from bench import MEMORY_MEASURE, timed, write_section  # noqa: E402

from analysis.core.paths import PROJECT_ROOT  # noqa: E402
from analysis.inputs.territories import every_epci  # noqa: E402

K_EPCI = 6  # EPCI of Hauts-de-France outside the four, the first by SIREN (2K for the fit)
YEAR = 2021
REGION = "32"
START, END = "<!-- bench_scale: début -->", "<!-- bench_scale: fin -->"
REGION_START, REGION_END = "<!-- bench_region: début -->", "<!-- bench_region: fin -->"
FRANCE_START, FRANCE_END = "<!-- bench_france: début -->", "<!-- bench_france: fin -->"
KERNEL_PART = "le démarrage des noyaux, les imports et les remises à neuf"
CELLS_PART = "les cellules des notebooks (table nationale de l'année comprise)"
SERIAL_PART = "la partie en série (plan, lectures, rapports, index)"
# the change that would move each part, said under the measure that dominates
REMEDIES = {
    CELLS_PART:
        "Ce qui le ferait baisser : les pages d'un EPCI sans document qui ne relisent pas les "
        "fichiers nationaux que la table nationale a déjà sommés (chaque page d'habitat ou "
        "d'énergie relit LOVAC, Filosofi, les réseaux de chaleur pour ses communes).",
    KERNEL_PART:
        "Ce qui le ferait baisser : déjà un noyau chaud par processus ; il resterait à "
        "démarrer les noyaux des processus en parallèle du plan.",
    SERIAL_PART:
        "Ce qui le ferait baisser : le plan fait une fois pour tous les EPCI (années de chaque "
        "section tirées de la table nationale) et les rapports écrits par les workers.",
}


def kernel_costs() -> tuple[float, float]:
    """A warm kernel's start with its imports, and one reset between pages (median of 5)."""
    from analysis.engine.kernels import WarmKernel
    from analysis.engine.notebook import KERNEL_ARGV

    started = time.perf_counter()
    kernel = WarmKernel(KERNEL_ARGV, 60)
    start = time.perf_counter() - started
    resets = []
    for _ in range(5):
        began = time.perf_counter()
        kernel.prepare()
        resets.append(time.perf_counter() - began)
    kernel.stop()
    return start, statistics.median(resets)


def analysis_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "analysis.engine.cli", *arguments]


def page_split(out: Path) -> tuple[int, float, float]:
    """Pages built, their total time and the time of their cells (build records)."""
    records = [json.loads(p.read_text()) for p in out.glob("*/*/.build/*.timing.json")]
    return (len(records), sum(r["seconds"] for r in records),
            sum(r["cells"] for r in records))


def build_run(tmp: Path, data: Path, label: str, request: list[str], extra: list[str],
              failures: list | None = None) -> tuple[float, int, Path]:
    print(f"{label}…", file=sys.stderr)
    out = tmp / label.replace(" ", "_").replace(",", "")
    seconds, memory, _ = timed(analysis_command(
        "build", *request, "-y", str(YEAR), "--no-pdf", "--no-progress", "-o", str(out),
        "--data-dir", str(data), *extra), failures=failures)
    return seconds, memory, out


@dataclass(frozen=True)
class Runs:
    """The warm runs the model is fitted on: ``small`` reports on 1 and 2 workers
    (``one``, ``two``), ``large`` reports on 1 worker (``one_large``), in seconds."""

    small: int
    large: int
    one: float
    two: float
    one_large: float


def model(runs: Runs) -> tuple[float, float, float]:
    """(f, a, b) of T = f + n (a + b / N): the cost of one more report on 1 worker (a + b)
    from the two sizes, the fixed cost f what is left of the larger run, and b from 1 to 2
    workers (n b / 2 of the pages run beside the others)."""
    per_report = max(0.0, (runs.one_large - runs.one) / (runs.large - runs.small))
    fixed = max(0.0, runs.one_large - runs.large * per_report)
    b = min(per_report, max(0.0, 2 * (runs.one - runs.two) / runs.small))
    return fixed, per_report - b, b


def predicted_minutes(fitted: dict, reports: int, workers: int) -> float:
    """What the model of ``fitted`` (``.bench_model.json``) gives for ``reports`` reports on
    ``workers`` workers, in minutes."""
    return (fitted["f"] + reports * (fitted["a"] + fitted["b"] / workers)) / 60


def main() -> int:
    if "--region" in sys.argv[1:]:
        return region_run([REGION], "Tous les EPCI des Hauts-de-France en une commande",
                          "--region", (REGION_START, REGION_END))
    if "--france" in sys.argv[1:]:
        regions = sorted({t.region_code for t in every_epci() if t.region_code})
        return region_run(regions, "Tous les EPCI de France en une commande", "--france",
                          (FRANCE_START, FRANCE_END))
    larger = [t for t in every_epci() if t.region_code == REGION
              and not t.reported_by_default][:2 * K_EPCI]
    chosen = larger[:K_EPCI]
    region_count = sum(t.region_code == REGION for t in every_epci())
    france_count = len(every_epci())
    rows, splits, runs = [], {}, {}
    start_seconds, reset_seconds = kernel_costs()
    with tempfile.TemporaryDirectory(prefix="analysis-bench-scale-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(PROJECT_ROOT / "data", data)
        print("(g) table nationale…", file=sys.stderr)
        g, g_mem, g_out = timed(analysis_command("national", "-y", str(YEAR), "-o",
                                                 str(tmp / "national"), "--data-dir",
                                                 str(data)))
        request = [a for t in chosen for a in ("-t", t.siren)]
        for label, extra in (("1 processus, un noyau neuf par page",
                              ["-j", "1", "--fresh-kernels"]),
                             ("1 processus", ["-j", "1"]), ("2 processus", ["-j", "2"]),
                             ("Dask local, 2 processus", ["--dask", "-j", "2"])):
            seconds, memory, out = build_run(tmp, data, f"(h) {label}", request, extra)
            runs[label] = (seconds, memory)
            splits[label] = page_split(out)
            reports = len(list(out.glob(f"*/{YEAR}/rapport.html")))
            rows.append((f"(h) {reports} rapports {YEAR}, {label}", f"{seconds:.1f} s",
                         f"{memory / 2**20:.0f} Mo",
                         f"{60 * reports / seconds:.1f} rapports/min ; "
                         f"{splits[label][0]} pages"))
        large_request = [a for t in larger for a in ("-t", t.siren)]
        seconds, memory, out = build_run(tmp, data, "(h) 1 processus, 2K", large_request,
                                         ["-j", "1"])
        large_reports = len(list(out.glob(f"*/{YEAR}/rapport.html")))
        rows.append((f"(h) {large_reports} rapports {YEAR}, 1 processus", f"{seconds:.1f} s",
                     f"{memory / 2**20:.0f} Mo",
                     f"{60 * large_reports / seconds:.1f} rapports/min ; "
                     f"{page_split(out)[0]} pages"))
    t1, t2 = runs["1 processus"][0], runs["2 processus"][0]
    fitted_runs = Runs(K_EPCI, large_reports, t1, t2, seconds)
    f, a, b = model(fitted_runs)
    fitted = {"f": f, "a": a, "b": b, "date": f"{dt.date.today():%d/%m/%Y}"}
    pages, page_seconds, cells = splits["1 processus"]
    fresh_pages, fresh_seconds, fresh_cells = splits["1 processus, un noyau neuf par page"]
    kernel_seconds = start_seconds + pages * reset_seconds  # one kernel for the 1-worker run
    parts = {CELLS_PART: cells, KERNEL_PART: kernel_seconds,
             SERIAL_PART: max(0.0, t1 - page_seconds)}
    dominant = max(parts.items(), key=lambda item: item[1])

    write_section(START, END, [
        "## Beaucoup de territoires : table nationale, débit, modèle de passage à l'échelle",
        "",
        f"Produit par `make bench` (tools/bench_scale.py) le {dt.date.today():%d/%m/%Y}, "
        f"{os.cpu_count()} cœurs. {K_EPCI} EPCI des Hauts-de-France hors des quatre "
        f"agglomérations ({', '.join(t.name for t in chosen)}), leurs pages de {YEAR} "
        f"sans PDF, construites depuis zéro. Mémoire : {MEMORY_MEASURE}.",
        "",
        "| mesure | durée | mémoire max. | résultat |",
        "|---|---|---|---|",
        (f"| (g) table nationale {YEAR} : {france_count} EPCI, un passage vectorisé | "
         f"{g:.1f} s | {g_mem / 2**20:.0f} Mo | {g_out.split(' — ')[0].strip()} |"),
        *[f"| {m} | {t} | {mem} | {r} |" for m, t, mem, r in rows],
        "",
        f"**Noyaux chauds** : un noyau démarre et fait ses imports en {start_seconds:.2f} s, "
        f"une fois par processus ; il est remis à neuf entre deux pages en "
        f"{reset_seconds:.2f} s (médiane de 5). Avec un noyau neuf par page, les "
        f"{fresh_pages} pages prenaient {fresh_seconds:.1f} s (dont {fresh_cells:.1f} s de "
        f"cellules, imports compris) ; avec un noyau chaud, {page_seconds:.1f} s (dont "
        f"{cells:.1f} s de cellules).",
        "",
        f"**Où va le temps** (1 processus, noyau chaud, {pages} pages, {t1:.0f} s) : "
        f"{cells:.1f} s de cellules (table nationale de l'année comprise, faite une fois "
        f"puis reprise du cache de la construction) ; {kernel_seconds:.1f} s de noyau "
        f"(démarrage, imports, remises à neuf) ; le reste ({t1 - page_seconds:.0f} s) est le "
        f"plan (années de chaque section pour chaque EPCI, fichiers nationaux lus une fois), "
        f"les rapports, l'export et l'index.",
        "",
        f"**Modèle** : T = f + n (a + b / N) pour n rapports sur N processus ; f = {f:.0f} s "
        f"payées une fois par construction quelle que soit sa taille (démarrage, fichiers "
        f"nationaux lus une fois, table nationale), a = {a:.2f} s par rapport en série (sa "
        f"part du plan, son rapport, l'index), b = {b:.2f} s par rapport en parallèle (ses "
        f"pages). f et a + b ajustés sur {K_EPCI} et {large_reports} rapports à 1 processus "
        f"({t1:.1f} s, {seconds:.1f} s), b sur 1 et 2 processus ({t1:.1f} s, {t2:.1f} s) ; "
        f"8 et 32 processus supposent autant de cœurs et un disque partagé qui suit.",
        "",
        "| rapports | 1 processus | 2 | 8 | 32 |",
        "|---|---|---|---|---|",
        *[f"| {label} ({n}) | " + " | ".join(f"{predicted_minutes(fitted, n, w):.1f} min"
                                             for w in (1, 2, 8, 32)) + " |"
          for label, n in (("EPCI des Hauts-de-France", region_count),
                           ("EPCI de France", france_count))],
        "",
        f"Ce qui domine, mesuré : {dominant[0]} ({dominant[1]:.0f} s sur {t1:.0f} s). "
        + REMEDIES[dominant[0]],
    ])
    (PROJECT_ROOT / ".bench_model.json").write_text(json.dumps(fitted), encoding="utf-8")
    return 0


def region_run(regions: list[str], title: str, option: str, markers: tuple[str, str]
               ) -> int:
    """Every EPCI of ``regions`` in one command, 2 workers; against the model."""
    region = [t for t in every_epci() if t.region_code in regions]
    fitted = PROJECT_ROOT / ".bench_model.json"
    request = [a for code in regions for a in ("--region", code)]
    with tempfile.TemporaryDirectory(prefix="analysis-bench-region-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(PROJECT_ROOT / "data", data)
        failures: list[str] = []
        seconds, memory, out = build_run(tmp, data, "(i) région", request, ["-j", "2"],
                                         failures)
        reports = len(list(out.glob(f"*/{YEAR}/rapport.html")))
        pages = page_split(out)[0]
    left_out = [line.removeprefix("laissé de côté : ") for line in failures
                if line.startswith("laissé de côté : ")]
    failed = [line.removeprefix("échec : ") for line in failures if line.startswith("échec : ")]
    predicted = ""
    m = json.loads(fitted.read_text(encoding="utf-8")) if fitted.exists() else {}
    if "f" in m:  # a model of the current form (an older one had no fixed cost)
        predicted = (f" Le modèle de `make bench` du {m['date']} prédisait "
                     f"{predicted_minutes(m, reports, 2):.1f} min.")
    asked = " ".join(request) if len(regions) < 3 else (
        f"--region … (les {len(regions)} régions du référentiel)")
    write_section(*markers, [
        f"## {title}",
        "",
        f"Produit par `python tools/bench_scale.py {option}` le {dt.date.today():%d/%m/%Y}, "
        f"{os.cpu_count()} cœurs : `analysis build {asked} -y {YEAR} --no-pdf "
        f"-j 2`, depuis zéro. Mémoire : {MEMORY_MEASURE}.",
        "",
        "| EPCI | laissés de côté | rapports | pages | pages en échec | durée | mémoire max. "
        "| débit |",
        "|---|---|---|---|---|---|---|---|",
        f"| {len(region)} | {len(left_out)} | {reports} | {pages} | {len(failed)} | "
        f"{seconds / 60:.1f} min | {memory / 2**20:.0f} Mo | "
        f"{60 * reports / seconds:.1f} rapports/min |",
        "",
        "Un rapport par EPCI qui a des pages cette année-là." + predicted,
        *(["", "EPCI laissés de côté (le message de la commande) :", ""]
          + [f"- {line}" for line in left_out] if left_out else []),
        *(["", "Pages en échec (le message de la construction) :", ""]
          + [f"- {line}" for line in failed] if failed else []),
    ])
    return 0


if __name__ == "__main__":
    sys.exit(main())
