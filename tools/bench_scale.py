"""Benchmark of many territories (``make bench``, after tools/bench.py): measures, never
asserts, and writes its section of ``docs/benchmarks.md`` (between the markers).

(g) the national table (``analysis national``): every EPCI of France, every indicator of the
    national files, in one vectorised pass: time and peak memory;
(h) throughput: the reports of K EPCI of Hauts-de-France outside the four agglomerations
    (their pages of one year: housing, energy, peers when the files give them), built from
    nothing with 1 worker, with 2, and on a Dask local cluster of 2: reports per minute,
    peak memory, and where a page's time goes (kernel and imports, cells, the rest);
then a scaling model for N workers: T(N) = s + p / N fitted on the 1- and 2-worker runs
(Amdahl), the time it predicts for every EPCI of Hauts-de-France and of France, and what
dominates.

Everything runs on a copy of ``data/`` in a temporary folder, without PDFs (``--no-pdf``:
the paper is measured by tools/bench.py's full build).
"""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from bench import timed  # noqa: E402  (the same measure of time and memory)

from analysis.core.paths import PROJECT_ROOT  # noqa: E402
from analysis.inputs.territories import every_epci  # noqa: E402

K_EPCI = 6  # EPCI of Hauts-de-France outside the four, the first by SIREN
YEAR = 2021
REGION = "32"
FLOOR_SECONDS = 1.2  # a kernel start and the imports (docs/benchmarks.md, (e))
START, END = "<!-- bench_scale: début -->", "<!-- bench_scale: fin -->"
# the change that would move each part, said under the measure that dominates
REMEDIES = {
    "les cellules des notebooks (table nationale de l'année comprise)":
        "Ce qui le ferait baisser : la table nationale faite une fois par année pour toute la "
        "construction avant les pages (aujourd'hui la première page qui en a besoin la "
        "fait, les autres l'attendent), et les pages d'un EPCI sans document qui ne "
        "relisent pas les fichiers que la table a déjà sommés.",
    "le démarrage des noyaux et les imports":
        "Ce qui le ferait baisser : un pool de noyaux chauds (imports faits une fois, espace "
        "de noms remis à zéro entre deux pages).",
    "la partie en série (plan, lectures, rapports, index)":
        "Ce qui le ferait baisser : le plan fait une fois pour tous les EPCI (années de chaque "
        "section tirées de la table nationale) et les rapports écrits par les workers.",
}


def analysis_command(*arguments: str) -> list[str]:
    return [sys.executable, "-m", "analysis.engine.cli", *arguments]


def page_split(out: Path) -> tuple[int, float, float]:
    """Pages built, their total time and the time of their cells (build records)."""
    records = [json.loads(p.read_text()) for p in out.glob("*/*/.build/*.timing.json")]
    return (len(records), sum(r["seconds"] for r in records),
            sum(r["cells"] for r in records))


def main() -> int:
    chosen = [t for t in every_epci() if t.region_code == REGION
              and not t.reported_by_default][:K_EPCI]
    region_count = sum(t.region_code == REGION for t in every_epci())
    france_count = len(every_epci())
    rows, splits = [], {}
    with tempfile.TemporaryDirectory(prefix="analysis-bench-scale-") as tmp:
        tmp = Path(tmp)
        data = tmp / "data"
        shutil.copytree(PROJECT_ROOT / "data", data)
        print("(g) table nationale…", file=sys.stderr)
        g, g_mem, g_out = timed(analysis_command("national", "-y", str(YEAR), "-o",
                                                 str(tmp / "national"), "--data-dir",
                                                 str(data)))
        request = [a for t in chosen for a in ("-t", t.siren)]
        runs = {}
        for label, extra in (("1 processus", ["-j", "1"]), ("2 processus", ["-j", "2"]),
                             ("Dask local, 2 processus", ["--dask", "-j", "2"])):
            print(f"(h) {label}…", file=sys.stderr)
            out = tmp / label.replace(" ", "_").replace(",", "")
            seconds, memory, _ = timed(analysis_command(
                "build", *request, "-y", str(YEAR), "--no-pdf", "--no-progress", "-o",
                str(out), "--data-dir", str(data), *extra))
            runs[label] = (seconds, memory)
            splits[label] = page_split(out)
            reports = len(list(out.glob(f"*/{YEAR}/rapport.html")))
            rows.append((f"(h) {reports} rapports {YEAR}, {label}", f"{seconds:.1f} s",
                         f"{memory / 2**20:.0f} Mo",
                         f"{60 * reports / seconds:.1f} rapports/min ; "
                         f"{splits[label][0]} pages"))
    t1, t2 = runs["1 processus"][0], runs["2 processus"][0]
    parallel = max(0.0, 2 * (t1 - t2))
    serial = max(0.0, t1 - parallel)
    pages, page_seconds, cells = splits["1 processus"]
    per_report = t1 / K_EPCI

    parts = {"les cellules des notebooks (table nationale de l'année comprise)": cells,
             "le démarrage des noyaux et les imports": pages * FLOOR_SECONDS,
             "la partie en série (plan, lectures, rapports, index)": serial}
    dominant = max(parts.items(), key=lambda item: item[1])

    def predict(n_reports: int, workers: int) -> float:
        return (serial + parallel / workers) * n_reports / K_EPCI

    lines = [
        START,
        "## Beaucoup de territoires : table nationale, débit, modèle de passage à l'échelle",
        "",
        f"Produit par `make bench` (tools/bench_scale.py) le {dt.date.today():%d/%m/%Y}, "
        f"{os.cpu_count()} cœurs. {K_EPCI} EPCI des Hauts-de-France hors des quatre "
        f"agglomérations ({', '.join(t.name for t in chosen)}), leurs pages de {YEAR} "
        f"sans PDF, construites depuis zéro.",
        "",
        "| mesure | durée | mémoire max. | résultat |",
        "|---|---|---|---|",
        (f"| (g) table nationale {YEAR} : {france_count} EPCI, un passage vectorisé | "
         f"{g:.1f} s | {g_mem / 2**20:.0f} Mo | {g_out.split(' — ')[0].strip()} |"),
        *[f"| {m} | {t} | {mem} | {r} |" for m, t, mem, r in rows],
        "",
        f"**Où va le temps d'une page** (1 processus, {pages} pages) : {page_seconds:.1f} s "
        f"de pages, dont {cells:.1f} s de cellules (table nationale de l'année comprise, "
        f"faite une fois puis reprise du cache de la construction) ; le plancher d'un "
        f"notebook (noyau et imports) est d'environ {FLOOR_SECONDS} s, soit "
        f"{pages * FLOOR_SECONDS:.0f} s pour ces pages ; le reste ({t1 - page_seconds:.0f} s) "
        f"est le plan (années de chaque section pour chaque EPCI, fichiers nationaux lus une "
        f"fois), les rapports, l'export et l'index.",
        "",
        f"**Modèle** : T(N) = s + p / N, ajusté sur 1 et 2 processus : s = {serial:.0f} s "
        f"(plan, lecture des fichiers, table nationale, rapports et index : en série), "
        f"p = {parallel:.0f} s (les notebooks). Soit {per_report:.1f} s par rapport avec "
        f"1 processus.",
        "",
        "| rapports | 1 processus | 2 | 8 | 32 |",
        "|---|---|---|---|---|",
        *[f"| {label} ({n}) | " + " | ".join(f"{predict(n, w) / 60:.0f} min"
                                             for w in (1, 2, 8, 32)) + " |"
          for label, n in (("EPCI des Hauts-de-France", region_count),
                           ("EPCI de France", france_count))],
        "",
        f"Ce qui domine, mesuré : {dominant[0]} ({dominant[1]:.0f} s sur {t1:.0f} s). "
        + REMEDIES[dominant[0]],
        END,
    ]
    section = "\n".join(lines)
    print(section)
    path = PROJECT_ROOT / "docs" / "benchmarks.md"
    text = path.read_text(encoding="utf-8") if path.exists() else ""
    if START in text and END in text:
        text = text[:text.index(START)] + section + text[text.index(END) + len(END):]
    else:
        text = text.rstrip("\n") + "\n\n" + section + "\n"
    path.write_text(text, encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
