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
from dataclasses import dataclass, field
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# the same measure of time and memory, and the same way of writing its section
from bench import MEMORY_MEASURE, timed, write_section  # noqa: E402

from analysis.core.paths import PROJECT_ROOT  # noqa: E402
from analysis.inputs.official.shared import PARSE_LOG, PARSED_DIR_VARIABLE  # noqa: E402
from analysis.inputs.territories import every_epci  # noqa: E402

K_EPCI = 6  # EPCI of Hauts-de-France outside the four, the first by SIREN (2K for the fit)
YEAR = 2021
REGION = "32"
START, END = "<!-- bench_scale: début -->", "<!-- bench_scale: fin -->"
REGION_START, REGION_END = "<!-- bench_region: début -->", "<!-- bench_region: fin -->"
FRANCE_START, FRANCE_END = "<!-- bench_france: début -->", "<!-- bench_france: fin -->"
KERNEL_PART = "le démarrage des noyaux, les imports et les remises à neuf"
READ_PART = "la lecture des fichiers nationaux (chacun une fois par construction)"
TABLE_PART = "le calcul de la table nationale, hors lectures (une fois par construction)"
CELLS_PART = "les cellules des notebooks, hors lectures et table nationale"
RENDER_PART = "le rendu HTML des pages"
SERIAL_PART = "la partie en série hors lectures (plan, rapports, export, index)"
# the change that would move each part, said under the measure that dominates
REMEDIES = {
    READ_PART:
        "Ce qui la ferait baisser : garder d'une construction à l'autre ce que chaque fichier "
        "a donné (clé : ses octets et les communes lues), comme la construction le garde déjà "
        "d'un notebook à l'autre ; ce dossier disparaît aujourd'hui avec la construction.",
    TABLE_PART:
        "Ce qui le ferait baisser : garder la table d'une construction à l'autre (elle ne "
        "change qu'avec les octets de ses fichiers).",
    CELLS_PART:
        "Ce qui le ferait baisser : les pages d'un EPCI sans document qui reprennent les "
        "sommes de la table nationale au lieu de les refaire pour leurs communes ; le temps "
        "de chaque cellule est dans le notebook exécuté de chaque page.",
    RENDER_PART:
        "Ce qui le ferait baisser : des pages plus légères (le rendu se fait déjà dans les "
        "processus de travail, en parallèle).",
    KERNEL_PART:
        "Ce qui le ferait baisser : déjà un noyau chaud par processus ; il resterait à "
        "démarrer les noyaux des processus en parallèle du plan.",
    SERIAL_PART:
        "Ce qui le ferait baisser : le plan fait une fois pour tous les EPCI (années de chaque "
        "section tirées de la table nationale) et les rapports écrits par les workers.",
}
TABLE_LOADER = "compute_national_table"


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


@dataclass(frozen=True)
class PageSplit:
    """What the pages of a build took, from their build records (seconds)."""

    pages: int
    seconds: float
    cells: float
    render: float


def page_split(out: Path) -> PageSplit:
    """Pages built, their total time, the time of their cells and of their rendering."""
    records = [json.loads(p.read_text()) for p in out.glob("*/*/.build/*.timing.json")]
    return PageSplit(len(records), sum(r["seconds"] for r in records),
                     sum(r["cells"] for r in records), sum(r["render"] for r in records))


@dataclass(frozen=True)
class ReadTimes:
    """What a build spent reading national files (each once, the parse log of its shared
    folder), in seconds: in the plan (``process``) and in cells (``kernel``); and computing
    the national table beyond the reads it made (``table``, done where ``table_where``)."""

    process: float = 0.0
    kernel: float = 0.0
    table: float = 0.0
    table_where: str = "kernel"


def read_times(log_lines: list[str]) -> ReadTimes:
    """:class:`ReadTimes` from the lines of ``PARSE_LOG`` (loader, file, pid, start,
    seconds, where). A read made while the table was computed, in its process, is counted
    as a read, not twice."""
    rows = [line.split("\t") for line in log_lines if line.strip()]
    rows = [(r[0], int(r[2]), float(r[3]), float(r[4]), r[5]) for r in rows]
    tables = [r for r in rows if r[0] == TABLE_LOADER]
    reads = [r for r in rows if r[0] != TABLE_LOADER]
    within = sum(seconds for _, pid, start, seconds, _ in reads for _, tpid, tstart, tsec, _
                 in tables if pid == tpid and tstart <= start <= tstart + tsec)
    return ReadTimes(
        process=sum(r[3] for r in reads if r[4] == "process"),
        kernel=sum(r[3] for r in reads if r[4] == "kernel"),
        table=max(0.0, sum(r[3] for r in tables) - within),
        table_where=tables[0][4] if tables else "kernel")


def build_run(tmp: Path, data: Path, label: str, request: list[str], extra: list[str],
              failures: list | None = None, parsed: Path | None = None
              ) -> tuple[float, int, Path]:
    """A build from nothing; ``parsed``: the build's folder of parsed files, kept to read
    its log (by default the build makes its own and removes it)."""
    print(f"{label}…", file=sys.stderr)
    out = tmp / label.replace(" ", "_").replace(",", "")
    env = os.environ | {PARSED_DIR_VARIABLE: str(parsed)} if parsed else None
    seconds, memory, _ = timed(analysis_command(
        "build", *request, "-y", str(YEAR), "--no-pdf", "--no-progress", "-o", str(out),
        "--data-dir", str(data), *extra), failures=failures, env=env)
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


def time_parts(t1: float, split: PageSplit, reads: ReadTimes, kernel_seconds: float
               ) -> dict[str, float]:
    """Where the 1-worker build's ``t1`` seconds went, by part (:data:`REMEDIES`' keys):
    reads and the table's own computing taken out of the cells or of the serial part,
    wherever the build did them."""
    table_in_cells = reads.table if reads.table_where == "kernel" else 0.0
    return {
        READ_PART: reads.process + reads.kernel,
        TABLE_PART: reads.table,
        CELLS_PART: max(0.0, split.cells - reads.kernel - table_in_cells),
        RENDER_PART: split.render,
        KERNEL_PART: kernel_seconds,
        SERIAL_PART: max(0.0, t1 - split.seconds - reads.process
                         - (reads.table - table_in_cells)),
    }


@dataclass
class Throughput:
    """The (h) runs: table rows, seconds and memory by label, page splits, the parse log
    of the 1-worker warm run, and the larger run's reports and seconds."""

    rows: list = field(default_factory=list)
    runs: dict = field(default_factory=dict)
    splits: dict = field(default_factory=dict)
    reads: ReadTimes = ReadTimes()
    large_reports: int = 0
    large_seconds: float = 0.0


def throughput_runs(tmp: Path, data: Path, chosen: list, larger: list) -> Throughput:
    """(h): the ``chosen`` EPCI built from nothing four ways, then ``larger`` on 1 worker."""
    measured = Throughput()
    request = [a for t in chosen for a in ("-t", t.siren)]
    for label, extra in (("1 processus, un noyau neuf par page",
                          ["-j", "1", "--fresh-kernels"]),
                         ("1 processus", ["-j", "1"]), ("2 processus", ["-j", "2"]),
                         ("Dask local, 2 processus", ["--dask", "-j", "2"])):
        parsed = tmp / "parsed" if label == "1 processus" else None
        if parsed:
            parsed.mkdir()
        seconds, memory, out = build_run(tmp, data, f"(h) {label}", request, extra,
                                         parsed=parsed)
        if parsed:
            measured.reads = read_times((parsed / PARSE_LOG).read_text().splitlines())
        measured.runs[label] = (seconds, memory)
        measured.splits[label] = page_split(out)
        measured.rows.append(throughput_row(out, label, seconds, memory))
    large_request = [a for t in larger for a in ("-t", t.siren)]
    seconds, memory, out = build_run(tmp, data, "(h) 1 processus, 2K", large_request,
                                     ["-j", "1"])
    measured.large_reports = len(list(out.glob(f"*/{YEAR}/rapport.html")))
    measured.large_seconds = seconds
    measured.rows.append(throughput_row(out, "1 processus", seconds, memory))
    return measured


def throughput_row(out: Path, label: str, seconds: float, memory: int) -> tuple:
    reports = len(list(out.glob(f"*/{YEAR}/rapport.html")))
    return (f"(h) {reports} rapports {YEAR}, {label}", f"{seconds:.1f} s",
            f"{memory / 2**20:.0f} Mo",
            f"{60 * reports / seconds:.1f} rapports/min ; {page_split(out).pages} pages")


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
    start_seconds, reset_seconds = kernel_costs()
    with tempfile.TemporaryDirectory(prefix="analysis-bench-scale-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(PROJECT_ROOT / "data", data)
        print("(g) table nationale…", file=sys.stderr)
        g, g_mem, g_out = timed(analysis_command("national", "-y", str(YEAR), "-o",
                                                 str(tmp / "national"), "--data-dir",
                                                 str(data)))
        measured = throughput_runs(tmp, data, chosen, larger)
    t1, t2 = measured.runs["1 processus"][0], measured.runs["2 processus"][0]
    f, a, b = model(Runs(K_EPCI, measured.large_reports, t1, t2, measured.large_seconds))
    fitted = {"f": f, "a": a, "b": b, "date": f"{dt.date.today():%d/%m/%Y}"}
    split = measured.splits["1 processus"]
    kernel_seconds = start_seconds + split.pages * reset_seconds  # one kernel, 1 worker
    parts = time_parts(t1, split, measured.reads, kernel_seconds)
    write_section(START, END, [
        "## Beaucoup de territoires : table nationale, débit, modèle de passage à l'échelle",
        "",
        f"Produit par `make bench` (tools/bench_scale.py) le {dt.date.today():%d/%m/%Y}, "
        f"{os.cpu_count()} cœurs. {K_EPCI} EPCI des Hauts-de-France hors des quatre "
        f"agglomérations ({', '.join(t.name for t in chosen)}), leurs pages de {YEAR} "
        f"sans PDF, construites depuis zéro (et, pour le modèle, les {K_EPCI} suivants "
        f"avec eux). Mémoire : {MEMORY_MEASURE}.",
        "",
        "| mesure | durée | mémoire max. | résultat |",
        "|---|---|---|---|",
        (f"| (g) table nationale {YEAR} : {len(every_epci())} EPCI, un passage vectorisé | "
         f"{g:.1f} s | {g_mem / 2**20:.0f} Mo | {g_out.split(' — ')[0].strip()} |"),
        *[f"| {m} | {t} | {mem} | {r} |" for m, t, mem, r in measured.rows],
        "",
        *kernel_lines(measured, start_seconds, reset_seconds),
        "",
        *parts_lines(parts, t1, split),
        "",
        *model_lines(fitted, measured, t1, t2),
    ])
    (PROJECT_ROOT / ".bench_model.json").write_text(json.dumps(fitted), encoding="utf-8")
    return 0


def kernel_lines(measured: Throughput, start_seconds: float, reset_seconds: float
                 ) -> list[str]:
    fresh = measured.splits["1 processus, un noyau neuf par page"]
    warm = measured.splits["1 processus"]
    return [
        f"**Noyaux chauds** : un noyau démarre et fait ses imports en {start_seconds:.2f} s, "
        f"une fois par processus ; il est remis à neuf entre deux pages en "
        f"{reset_seconds:.2f} s (médiane de 5). Avec un noyau neuf par page, les "
        f"{fresh.pages} pages prenaient {fresh.seconds:.1f} s (dont {fresh.cells:.1f} s de "
        f"cellules, imports compris) ; avec un noyau chaud, {warm.seconds:.1f} s (dont "
        f"{warm.cells:.1f} s de cellules)."]


def parts_lines(parts: dict[str, float], t1: float, split: PageSplit) -> list[str]:
    """« Où va le temps »: each part of the 1-worker warm build, the largest first, and
    the change that would move the largest."""
    ordered = sorted(parts.items(), key=lambda item: -item[1])
    return [
        f"**Où va le temps** (1 processus, noyau chaud, {split.pages} pages, {t1:.1f} s ; "
        f"lectures mesurées par le journal des fichiers lus de la construction, où qu'elles "
        f"aient lieu, plan ou cellule ; rendu et cellules par les enregistrements des pages) :",
        "",
        "| part | durée |",
        "|---|---|",
        *[f"| {name} | {seconds:.1f} s |" for name, seconds in ordered],
        "",
        f"Ce qui domine, mesuré : {ordered[0][0]} ({ordered[0][1]:.0f} s sur {t1:.0f} s). "
        + REMEDIES[ordered[0][0]]]


def model_lines(fitted: dict, measured: Throughput, t1: float, t2: float) -> list[str]:
    counts = (("EPCI des Hauts-de-France",
               sum(t.region_code == REGION for t in every_epci())),
              ("EPCI de France", len(every_epci())))
    return [
        f"**Modèle** : T = f + n (a + b / N) pour n rapports sur N processus ; "
        f"f = {fitted['f']:.0f} s payées une fois par construction quelle que soit sa taille "
        f"(démarrage, fichiers nationaux lus une fois, table nationale), a = {fitted['a']:.2f}"
        f" s par rapport en série (sa part du plan, son rapport, l'index), b = "
        f"{fitted['b']:.2f} s par rapport en parallèle (ses pages). f et a + b ajustés sur "
        f"{K_EPCI} et {measured.large_reports} rapports à 1 processus ({t1:.1f} s, "
        f"{measured.large_seconds:.1f} s), b sur 1 et 2 processus ({t1:.1f} s, {t2:.1f} s) ; "
        f"8 et 32 processus supposent autant de cœurs et un disque partagé qui suit.",
        "",
        "| rapports | 1 processus | 2 | 8 | 32 |",
        "|---|---|---|---|---|",
        *[f"| {label} ({n}) | " + " | ".join(f"{predicted_minutes(fitted, n, w):.1f} min"
                                             for w in (1, 2, 8, 32)) + " |"
          for label, n in counts]]


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
        pages = page_split(out).pages
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
