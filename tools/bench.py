"""Benchmark of the build engine on the committed data (``make bench``). Measures, never asserts.

(a) the naive loop: for each section, the papermill CLI then ``jupyter nbconvert --to html``,
    one after the other;
(b) ``analysis build`` from clean;
(c) ``analysis build`` again, nothing changed;
(d) ``analysis build`` after changing one value in one raw file;
(e) each page's time in ``analysis build --jobs 1`` (warm kernel), split as the build
    keeps it: kernel start (once per process), reset, cells, rendering; what the engine adds
    to the cells and the rendering, against the floor a new kernel would cost (a kernel
    start plus the notebook's own import statements, executed alone through papermill);
(f) the mobility pages with a national-size charging-point file: the committed IRVE
    derivative (real, 149,112 rows), padded with SYNTHETIC rows outside the four territories
    to IRVE_ROWS if it has fewer (labelled so in its name and its sources.csv line), with
    the file parsed once for the build, then once per notebook (``--jobs 2``): time, peak
    memory of the build and of its largest process (targets: a mobility notebook under
    500 MB, the build under 2 GB), and how many times the file was parsed.

Everything runs on a copy of ``data/`` in a temporary folder (the repository is never
touched). Peak memory is the largest sum of the proportional set sizes (PSS) of the
measured command's processes, sampled every 0.1 s: a page a forked worker shares with the
build process counts once (a sum of resident sizes counts it once per process). The
tables are printed and written to their section of ``docs/benchmarks.md`` (between its
markers; the other sections are left as they are).
"""

from __future__ import annotations

import ast
import csv
import datetime as dt
import hashlib
import json
import os
import platform
import re
import shutil
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import nbformat
import papermill as pm
import psutil

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.notebook import project_kernel
from analysis.engine.plan import plan
from analysis.engine.render import MAX_SECTION_PAGE_BYTES
from analysis.inputs.official.shared import PARSE_LOG, PARSED_DIR_VARIABLE

# (b) ≤ 0.25 × (a); (c) ≤ 1 s; (e) what the engine adds to a page's cells and rendering
# ≤ 0.25 × the floor a new kernel would cost (the warm kernel's start is paid once)
TARGETS = {"b": 0.25, "c": 1.0, "e": 0.25}
START, END = "<!-- bench: début -->", "<!-- bench: fin -->"  # its part of docs/benchmarks.md
MEMORY_MEASURE = (
    "somme maximale de la mémoire proportionnelle (PSS) des processus de la commande "
    "mesurée, échantillonnée toutes les 0,1 s : une page de mémoire qu'un processus partage "
    "avec ses enfants forkés y compte une fois (la somme des mémoires résidentes, RSS, "
    "utilisée jusqu'au 06/12/2026, la comptait une fois par processus)")
# (f): the largest process (a mobility notebook's kernel) and the whole build, in bytes
F_TARGETS = {"process": 500 * 2**20, "build": 2 * 2**30}
# (e): the best of this many runs, on both sides of the ratio (a run varies by ±0.1 s here;
# with three, the worst ratio of the same code read from 1.43 to 1.52 over five benchmarks)
E_RUNS = 5
CHANGED_FILE = Path("waste") / "observations.csv"  # (d): one tonnage of this raw table
IRVE_DERIVED = Path("mobility") / "irve_derived" / "irve_clean.parquet"  # (f), real
IRVE_ROWS = 170_000  # (f): about the national consolidated file's size in 2025


KERNEL_KIND = "noyaux"


def process_kind(process: psutil.Process, root: psutil.Process) -> str:
    """What a measured process is, to say where the memory goes."""
    if process.ppid() == root.pid:
        return "processus principal"  # the command the benchmark runs
    if "ipykernel" in " ".join(process.cmdline()):
        return KERNEL_KIND
    return "processus des pages"


def memory_split(at_peak: dict[str, int]) -> str:
    """« noyaux 560 Mo, … » in decreasing order."""
    return ", ".join(f"{kind} {size / 2**20:.0f} Mo" for kind, size in
                     sorted(at_peak.items(), key=lambda item: -item[1]))


def proportional_size(process: psutil.Process) -> int:
    """The process's proportional set size (PSS: each page it shares with other processes
    counted for its share), or its resident size where the system gives no PSS."""
    try:
        return process.memory_full_info().pss
    except (AttributeError, psutil.AccessDenied):
        return process.memory_info().rss


class PeakMemory:
    """Largest total memory of the commands this process runs (its descendants, not itself)
    while the block runs: the sum of their proportional sizes (``peak``), so that the pages
    a forked worker shares with the build process count once; the sum of their resident
    sizes (``peak_rss``), which counts them once per process, is kept beside it."""

    def __init__(self):
        self.root = psutil.Process(os.getpid())
        self.peak = 0
        self.peak_rss = 0
        self.largest = 0  # the largest single process (a kernel, a worker)
        self.largest_kernel = 0  # the largest notebook kernel (ipykernel)
        self.at_peak: dict[str, int] = {}  # the peak's memory by kind of process
        self._stop = threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            try:
                procs = self.root.children(recursive=True)
                sizes, shares, kernels, kinds = [], [], [], {}
                for p in procs:
                    try:
                        sizes.append(p.memory_info().rss)
                        shares.append(proportional_size(p))
                        kind = process_kind(p, self.root)
                        kinds[kind] = kinds.get(kind, 0) + shares[-1]
                        if kind == KERNEL_KIND:
                            kernels.append(sizes[-1])
                    except psutil.Error:
                        pass
                if sum(shares) > self.peak:
                    self.peak, self.at_peak = sum(shares), kinds
                self.peak_rss = max(self.peak_rss, sum(sizes))
                self.largest = max([self.largest, *sizes])
                self.largest_kernel = max([self.largest_kernel, *kernels])
            except psutil.Error:
                pass
            self._stop.wait(0.1)

    def __enter__(self) -> PeakMemory:
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        self._thread.join()


def timed(command: list[str], env: dict | None = None, failures: list | None = None
          ) -> tuple[float, int, str]:
    """Run a command; wall seconds, peak memory of its tree (bytes), its stdout. It must
    succeed, unless ``failures`` is given: its stderr lines « échec : … » (a page that
    failed) and « laissé de côté : … » (a territory without page) are added there (a build
    of many territories where a page fails still measures the others)."""
    with PeakMemory() as memory:
        start = time.perf_counter()
        done = subprocess.run(command, check=failures is None, capture_output=True,
                              text=True, env=env)
        seconds = time.perf_counter() - start
    if failures is not None:
        failures += [line for line in done.stderr.splitlines()
                     if line.startswith(("échec : ", "laissé de côté : "))]
    return seconds, memory.peak, done.stdout


def build_command(out: Path, data: Path, *extra: str) -> list[str]:
    return [sys.executable, "-m", "analysis.engine.cli", "build", "-o", str(out), "--data-dir",
            str(data), "--no-progress", *extra]


def naive_loop(specs, out: Path, kernel: str) -> tuple[float, int]:
    """(a): papermill CLI then nbconvert CLI for each notebook, one after the other."""
    with PeakMemory() as memory:
        start = time.perf_counter()
        for spec in specs:
            target = out / spec.territory.short / str(spec.year)
            target.mkdir(parents=True, exist_ok=True)
            executed = target / f"{spec.section.name}.ipynb"
            params = spec.parameters() | {
                "figures_path": str(target / f"{spec.section.name}.figures.csv")}
            command = [sys.executable, "-m", "papermill", str(spec.section.notebook),
                       str(executed), "-k", kernel, "--cwd", str(PROJECT_ROOT)]
            for name, value in params.items():
                command += ["-r" if isinstance(value, str) else "-p", name, str(value)]
            subprocess.run(command, check=True, capture_output=True)
            subprocess.run([sys.executable, "-m", "jupyter", "nbconvert", "--to", "html",
                            str(executed)], check=True, capture_output=True)
        seconds = time.perf_counter() - start
    return seconds, memory.peak


def import_statements(notebook: Path) -> str:
    """The notebook's own ``import`` statements, from every code cell but the parameters."""
    nb = nbformat.read(notebook, as_version=4)
    lines = []
    for cell in nb.cells:
        if cell.cell_type != "code" or "parameters" in cell.metadata.get("tags", []):
            continue
        for node in ast.parse(cell.source).body:
            if isinstance(node, ast.Import | ast.ImportFrom):
                lines.append(ast.unparse(node))
    return "\n".join(lines)


def floor_seconds(notebook: Path, kernel: str, work: Path) -> float:
    """(e) one run of the floor a warm kernel saves: a new kernel's start plus the
    notebook's imports, through papermill."""
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(import_statements(notebook))]
    source = work / f"floor_{notebook.stem}.ipynb"
    nbformat.write(nb, source)
    start = time.perf_counter()
    pm.execute_notebook(str(source), str(work / "floor_out.ipynb"), kernel_name=kernel,
                        cwd=str(PROJECT_ROOT), progress_bar=False,
                        request_save_on_cell_execute=False, shutdown_kernel="immediate")
    return time.perf_counter() - start


def serial_run(out: Path, spec) -> dict[str, float]:
    """A built page's time, split as the build kept it outside what it publishes
    (``<target>/.build/<section>.timing.json``: the published notebook has no times):
    ``seconds``, ``kernel_start``, ``reset``, ``cells``, ``render``."""
    target = out / spec.territory.short / str(spec.year) / ".build"
    return json.loads((target / f"{spec.section.name}.timing.json").read_text(
        encoding="utf-8"))


def engine_seconds(timing: dict[str, float]) -> float:
    """(e) what a page costs beyond its cells, its rendering and a kernel start (paid once
    per process): the kernel's reset, papermill's exchanges with it, the writes."""
    return timing["seconds"] - timing["kernel_start"] - timing["cells"] - timing["render"]


def serial_pages(specs, data: Path, tmp: Path, kernel: str) -> tuple[list, float, int]:
    """(e) E_RUNS serial builds (``--jobs 1``, the first from nothing, then ``--force``),
    each after a run of every notebook's floor; each page's fastest run and its notebook's
    fastest floor (the same estimator on both sides, sampled at the same moments: the
    machine's speed drifts over minutes); the first build's time and memory."""
    notebooks = sorted({spec.section.notebook for spec in specs})
    floor_runs: dict[Path, list[float]] = {n: [] for n in notebooks}
    runs: dict = {spec: [] for spec in specs}
    for run in range(E_RUNS):
        for notebook in notebooks:
            floor_runs[notebook].append(floor_seconds(notebook, kernel, tmp))
        extra = ("--force",) if run else ()
        seconds, memory, _ = timed(build_command(tmp / "serial", data, "--jobs", "1", *extra))
        if not run:
            first = seconds, memory
        for spec in specs:
            runs[spec].append(serial_run(tmp / "serial", spec))
    rows = [(f"{spec.territory.short} {spec.year} {spec.section.name}",
             min(runs[spec], key=engine_seconds), min(floor_runs[spec.section.notebook]))
            for spec in specs]
    return rows, *first


def change_one_value(data: Path) -> str:
    """(d): add 1 to the first value of a raw table; returns what was changed."""
    path = data / CHANGED_FILE
    with open(path, encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    column = rows[0].index("value")
    before = rows[1][column]
    rows[1][column] = str(float(before) + 1)
    with open(path, "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return f"data/{CHANGED_FILE.as_posix()}, ligne 2 : {before} → {rows[1][column]}"


def rebuilt_count(stdout: str) -> str:
    found = re.search(r"(\d+) section\(s\) construite\(s\), (\d+) à jour", stdout)
    return f"{found.group(1)} reconstruite(s), {found.group(2)} à jour" if found else \
        "rien (tampon de construction à jour)"


def drop_padded_derivative(data: Path) -> tuple[Path, int]:
    """(f): the committed IRVE derivative of ``data`` (a copy) replaced by itself plus
    SYNTHETIC rows up to IRVE_ROWS: points outside the four territories (coordinates spread
    over central France, a Bourges postcode, stations named « SYNTHÉTIQUE »), the other cells
    copied from the real rows in turn; declared in ``sources.csv`` under a name that says so,
    in place of the real file's line (one derivative per year). Returns the file and the
    number of real rows."""
    import numpy as np
    import pyarrow as pa
    import pyarrow.parquet as pq

    source = data / IRVE_DERIVED
    real = pq.read_table(source)
    extra = max(IRVE_ROWS - real.num_rows, 0)
    n = np.arange(extra)
    padding = real.take(pa.array(n % real.num_rows)).to_pandas()
    padding["nom_station"] = [f"SYNTHÉTIQUE bench {i}" for i in n]
    padding["adresse_station"] = [f"{i} rue synthétique, 18000 Bourges" for i in n]
    padding["code_postal"], padding["departement"] = "18000", "18"
    padding["longitude"] = 0.5 + (n % 997) * 0.002
    padding["latitude"] = 45.0 + (n // 997 % 499) * 0.004
    target = source.with_name("irve_clean_complete_synthetique_bench.parquet")
    padded = pa.concat_tables([real, pa.Table.from_pandas(padding, schema=real.schema,
                                                          preserve_index=False)])
    pq.write_table(padded, target)
    source.unlink()
    with open(data / "sources.csv", encoding="utf-8", newline="") as f:
        rows = list(csv.reader(f))
    column = {name: i for i, name in enumerate(rows[0])}
    line = next(r for r in rows if r[0] == "irve_clean")
    line = list(line)
    line[column["source_id"]] = target.stem
    line[column["title"]] = (f"SYNTHÉTIQUE au-delà de {real.num_rows} lignes (fichier réel "
                             f"complété pour la mesure) : {line[column['title']]}")
    line[column["path"]] = f"data/{target.relative_to(data).as_posix()}"
    line[column["sha256"]] = hashlib.sha256(target.read_bytes()).hexdigest()
    # the origin keeps the consolidated file's name: the derivative's snapshot date is read
    # from it (analysis.inputs.official.irve_derived.derived_snapshot)
    line[column["origin"]] = (f"généré par tools/bench.py à partir de irve_clean.parquet ; "
                              f"{line[column['origin']]}")
    rows = [r for r in rows if r[0] != "irve_clean"] + [line]
    with open(data / "sources.csv", "w", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerows(rows)
    return target, real.num_rows


def national_file_run(data: Path, out: Path, parsed: Path, jobs: int) -> tuple:
    """(f): the mobility pages built with ``parsed`` as the build's folder of parsed files
    (a folder that does not exist: no sharing, each notebook parses the file); seconds,
    peak memory of the tree, of its largest process, how many times the log shows the
    derivative parsed, the largest notebook kernel, the peak by kind of process and the
    peak of the resident sizes' sum."""
    env = os.environ | {PARSED_DIR_VARIABLE: str(parsed)}
    with PeakMemory() as memory:
        start = time.perf_counter()
        subprocess.run(build_command(out, data, "-s", "mobility", "--jobs", str(jobs)),
                       check=True, capture_output=True, text=True, env=env)
        seconds = time.perf_counter() - start
    log = parsed / PARSE_LOG
    # the plan also parses the other sections' files: only the derivative's lines count
    parses = sum(line.split("\t")[0] == "load_irve_derived"
                 for line in log.read_text().splitlines()) if log.exists() else -1
    return (seconds, memory.peak, memory.largest, parses, memory.largest_kernel,
            memory.at_peak, memory.peak_rss)


def national_file_measure(tmp: Path) -> tuple[int, int, tuple, tuple]:
    """(f) on a copy of data/ in ``tmp``: the mobility pages, the real rows of the
    derivative, then the runs with the file parsed once and parsed by each notebook."""
    national = tmp / "national"
    shutil.copytree(PROJECT_ROOT / "data", national)
    _, real_rows = drop_padded_derivative(national)
    pages = len(plan(sections=["mobility"], output_dir=tmp / "f1", data=national))
    (tmp / "parsed").mkdir()
    shared = national_file_run(national, tmp / "f1", tmp / "parsed", 2)
    each = national_file_run(national, tmp / "f2", tmp / "no-sharing", 2)
    return pages, real_rows, shared, each


def national_file_rows(pages: int, shared: tuple, each: tuple) -> list[tuple]:
    """(f) as rows of the table, each with its targets."""
    def verdict(peak: int, kernel: int) -> str:
        reached = kernel <= F_TARGETS["process"] and peak <= F_TARGETS["build"]
        return (f"cible : un notebook ≤ {F_TARGETS['process'] / 2**20:.0f} Mo et la "
                f"construction ≤ {F_TARGETS['build'] / 2**30:.0f} Go : "
                f"{'atteinte' if reached else 'NON atteinte'}")
    return [
        (f"(f) {pages} pages mobilité, fichier IRVE dérivé de {IRVE_ROWS} lignes, {label} "
         f"(`--jobs 2`)", f"{seconds:.1f} s", f"{peak / 2**20:.0f} Mo",
         f"plus gros notebook {kernel / 2**20:.0f} Mo, plus gros processus "
         f"{largest / 2**20:.0f} Mo ; "
         + (f"fichier lu {parses} fois" if parses >= 0
            else "fichier lu par le plan puis par chaque notebook")
         + f" ; {verdict(peak, kernel)}")
        for label, (seconds, peak, largest, parses, kernel, *_) in (
            ("lu une fois pour la construction", shared), ("lu par chaque notebook", each))]


def main() -> int:
    cores = os.cpu_count() or 1
    with tempfile.TemporaryDirectory(prefix="analysis-bench-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(PROJECT_ROOT / "data", data)
        specs = plan(output_dir=tmp / "naive", data=data)
        print(f"{len(specs)} sections, {cores} cœurs", file=sys.stderr)

        with project_kernel() as kernel:
            print("(a) boucle naïve…", file=sys.stderr)
            a, a_mem = naive_loop(specs, tmp / "naive", kernel)

            print("(b) construction complète…", file=sys.stderr)
            b, b_mem, b_out = timed(build_command(tmp / "out", data))
            print("(c) sans changement…", file=sys.stderr)
            c, c_mem, c_out = timed(build_command(tmp / "out", data))
            changed = change_one_value(data)
            print("(d) une valeur changée…", file=sys.stderr)
            d, d_mem, d_out = timed(build_command(tmp / "out", data))

            print("(e) notebooks un par un et leur plancher…", file=sys.stderr)
            rows, e_total, e_mem = serial_pages(specs, data, tmp, kernel)
        pages = sorted((p.stat().st_size, p.relative_to(tmp / "out"))
                       for p in (tmp / "out").glob("*/*/*.html"))

        print(f"(f) fichier IRVE de {IRVE_ROWS} lignes…", file=sys.stderr)
        mobility_pages, real_rows, f_shared, f_each = national_file_measure(tmp)

    ratio_e = max(engine_seconds(timing) / floor for _, timing, floor in rows)
    table = [
        ("(a) boucle naïve : papermill puis nbconvert (CLI), un notebook après l'autre",
         f"{a:.1f} s", f"{a_mem / 2**20:.0f} Mo", "référence"),
        ("(b) `analysis build` depuis zéro", f"{b:.1f} s", f"{b_mem / 2**20:.0f} Mo",
         f"{b / a:.2f} × (a) ; cible ≤ {TARGETS['b']} × (a) : "
         f"{'atteinte' if b <= TARGETS['b'] * a else 'NON atteinte'}"),
        ("(c) `analysis build` de nouveau, rien de changé", f"{c:.2f} s",
         f"{c_mem / 2**20:.0f} Mo",
         f"cible ≤ {TARGETS['c']:.0f} s : {'atteinte' if c <= TARGETS['c'] else 'NON atteinte'}"),
        (f"(d) après une valeur changée ({changed})", f"{d:.1f} s",
         f"{d_mem / 2**20:.0f} Mo", rebuilt_count(d_out)),
        ("(e) page par page (`--jobs 1`, noyau chaud) : ce que le moteur ajoute aux cellules "
         "et au rendu, contre le plancher d'un noyau neuf", f"{e_total:.1f} s la 1re fois",
         f"{e_mem / 2**20:.0f} Mo",
         f"pire rapport {ratio_e:.2f} × le plancher ; cible ≤ {TARGETS['e']} : "
         f"{'atteinte' if ratio_e <= TARGETS['e'] else 'NON atteinte'}"),
    ]
    table += national_file_rows(mobility_pages, f_shared, f_each)
    machine = (f"{cores} cœurs, {psutil.virtual_memory().total / 2**30:.0f} Gio, "
               f"{platform.system()} {platform.machine()}, Python {platform.python_version()}")
    lines = [
        "## Quatre agglomérations : le moteur de construction",
        "",
        f"Produit par `make bench` (tools/bench.py) le {dt.date.today():%d/%m/%Y} ; machine : "
        f"{machine}. {len(specs)} sections sur les données versionnées (copiées dans un "
        f"dossier temporaire). Mémoire : {MEMORY_MEASURE}.",
        "",
        "| mesure | durée | mémoire max. | résultat |",
        "|---|---|---|---|",
        *[f"| {m} | {t} | {mem} | {r} |" for m, t, mem, r in table],
        "",
        f"(b) construit aussi la synthèse, la méthodologie, l'export et l'index, que (a) ne "
        f"fait pas. Sorties de (c) : « {c_out.strip()} ». Sortie de (d) : "
        f"« {d_out.strip()} ».",
        "",
        f"(f) Le fichier IRVE dérivé versionné (réel, {real_rows} lignes) complété de lignes "
        f"SYNTHÉTIQUES hors des quatre agglomérations jusqu'à {IRVE_ROWS} lignes ; « lu une "
        "fois » : le plan le lit, les notebooks reprennent ce qu'il en a tiré "
        "(analysis.inputs.official.shared) ; « lu par chaque notebook » : sans ce partage (le "
        "plan et chaque notebook le lisent). Au pic de mémoire, lu une fois : "
        f"{memory_split(f_shared[5])} ; somme des mémoires résidentes (RSS, qui compte une "
        f"page partagée par un processus et ses enfants une fois par processus) : "
        f"{f_shared[6] / 2**20:.0f} Mo.",
        "",
        *serial_pages_lines(rows),
        "",
        "### Poids des pages",
        "",
        f"Plus grosse page de section : {pages[-1][0] / 1000:.0f} Ko ({pages[-1][1]}), "
        f"plus petite : {pages[0][0] / 1000:.0f} Ko ; limite : "
        f"{MAX_SECTION_PAGE_BYTES / 1000:.0f} Ko (graphiques SVG compris, aucune ressource "
        f"externe).",
    ]
    write_section(START, END, lines)
    return 0


def serial_pages_lines(rows: list) -> list[str]:
    """(e) its section of docs/benchmarks.md: each page's time split, against the floor."""
    starts = [timing["kernel_start"] for _, timing, _ in rows]
    first = max(range(len(rows)), key=starts.__getitem__)
    return [
        "### (e) Chaque page : ses cellules, son rendu, et ce que le moteur y ajoute",
        "",
        "Chaque processus de construction garde un noyau chaud (démarré une fois, imports "
        "faits) et le remet à neuf entre deux pages. Temps d'une page : de la préparation à "
        "la publication atomique, meilleur de "
        f"{E_RUNS} constructions `--jobs 1` ; cellules : la durée que papermill enregistre ; "
        "rendu : HTML et PDF ; moteur : ce qui reste hors démarrage du noyau (la remise à "
        "neuf, les échanges de papermill avec le noyau, les écritures). Plancher : ce qu'une "
        "page paierait avec un noyau neuf, démarrer un noyau et exécuter les instructions "
        "`import` du notebook, seules, par papermill (meilleur de "
        f"{E_RUNS} essais, un juste avant chaque construction). Le démarrage du noyau chaud "
        f"({starts[first]:.2f} s) est payé une fois par processus, ici par la première page "
        f"({rows[first][0]}).",
        "",
        "| page | temps | cellules | rendu | moteur (dont remise à neuf) | moteur / plancher |",
        "|---|---|---|---|---|---|",
        *[f"| {name} | {t['seconds']:.2f} s | {t['cells']:.2f} s | {t['render']:.2f} s | "
          f"{engine_seconds(t):.2f} s ({t['reset']:.2f} s) | {engine_seconds(t) / floor:.2f} "
          f"× {floor:.2f} s |" for name, t, floor in rows],
    ]


def write_section(start: str, end: str, lines: list[str],
                  path: Path = PROJECT_ROOT / "docs" / "benchmarks.md") -> None:
    """Replace the section between ``start`` and ``end`` of ``path`` (added at the end if
    it has none), leaving the other sections as they are: each benchmark writes its own."""
    section = "\n".join([start, *lines, end])
    print(section)
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if start in text and end in text:
        text = text[:text.index(start)] + section + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")


if __name__ == "__main__":
    sys.exit(main())
