"""The build runner: validated parameters → papermill → HTML → atomic publish → index.

A run is planned first (:func:`plan`): territories, years and sections are checked before
any kernel starts, codes stay text, and papermill only ever receives values from the plan.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import json
import os
import shutil
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
import papermill as pm
from tqdm import tqdm

from .errors import NoDataError
from .figures import read_figures_csv
from .fmt import fr_value
from .paths import DEFAULT_OUTPUT_DIR, NOTEBOOKS_DIR, PROJECT_ROOT, data_dir
from .render import render_index, render_notebook_html
from .sections import SECTIONS, Section, get_section, years_with_data
from .territories import Territory, all_territories, get_territory

KERNEL_NAME = "analysis-build"
SYNTHESIS_NOTEBOOK = NOTEBOOKS_DIR / "synthesis.ipynb"


@dataclass(frozen=True)
class RunSpec:
    """One notebook to execute: a territory, a year, a section, where to write."""

    territory: Territory
    year: int
    section: Section
    output_dir: Path
    data_dir: Path

    @property
    def target_dir(self) -> Path:
        return self.output_dir / self.territory.short / str(self.year)

    def path(self, suffix: str) -> Path:
        return self.target_dir / f"{self.section.name}{suffix}"

    def parameters(self) -> dict:
        return {"territory": self.territory.short, "year": int(self.year),
                "data_dir": str(self.data_dir)}


@dataclass
class RunResult:
    spec: RunSpec
    ok: bool
    seconds: float
    mismatches: int = 0
    error: str = ""
    key_figures: list[str] = field(default_factory=list)


def plan(territories: list[str] | None = None, years: list[int] | None = None,
         sections: list[str] | None = None, output_dir: str | Path | None = None,
         data: str | Path | None = None) -> list[RunSpec]:
    """Check the parameters and list the notebooks to run.

    Without territories, every territory; without years, every year with data; without
    sections, every section with data for that territory-year.

    Raises
    ------
    UnknownTerritoryError, UnknownSectionError
        For an unknown code or section name.
    NoDataError
        If an explicitly requested year has no data for the territory (and sections).
    """
    root = data_dir(data)
    chosen = [get_territory(code, root) for code in territories] if territories else list(
        all_territories(root))
    chosen_sections = [get_section(name) for name in sections] if sections else list(
        SECTIONS.values())
    out = Path(output_dir or DEFAULT_OUTPUT_DIR).resolve()
    specs = []
    for territory in chosen:
        found_any = False
        for section in chosen_sections:
            available = years_with_data(section, territory.short, root)
            wanted = years if years else available
            for year in wanted:
                if year in available:
                    specs.append(RunSpec(territory, int(year), section, out, root))
                    found_any = True
                elif sections:  # an explicitly requested section must have the year
                    raise NoDataError(
                        f"Pas de données « {section.label} » pour {territory.short} en {year} "
                        f"(années disponibles : {', '.join(map(str, available)) or 'aucune'})."
                    )
        if years and not found_any and not sections:
            raise NoDataError(f"Aucune donnée pour {territory.short} en "
                              f"{', '.join(map(str, years))}.")
    return specs


@contextlib.contextmanager
def project_kernel() -> Iterator[str]:
    """A kernelspec for the interpreter running the build, visible only to this process.

    Notebooks then run in the project's environment whatever kernels the machine has.
    """
    with tempfile.TemporaryDirectory(prefix="analysis-kernel-") as tmp:
        spec_dir = Path(tmp) / "kernels" / KERNEL_NAME
        spec_dir.mkdir(parents=True)
        (spec_dir / "kernel.json").write_text(json.dumps({
            "argv": [sys.executable, "-m", "ipykernel_launcher", "-f", "{connection_file}"],
            "display_name": "Python (analysis)", "language": "python",
        }), encoding="utf-8")
        previous = os.environ.get("JUPYTER_PATH")
        os.environ["JUPYTER_PATH"] = os.pathsep.join(filter(None, [tmp, previous]))
        try:
            yield KERNEL_NAME
        finally:
            if previous is None:
                os.environ.pop("JUPYTER_PATH", None)
            else:
                os.environ["JUPYTER_PATH"] = previous


def _key_figures(spec: RunSpec, figures_csv: Path) -> tuple[int, list[str]]:
    """Audit mismatches and the key figures of a built section: its declared key indicators,
    else (a section of targets only) its first two figures after the population."""
    df = read_figures_csv(figures_csv)
    rows = []
    for indicator, breakdown in spec.section.key_indicators:
        row = df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)]
        if not row.empty:
            rows.append(row.iloc[0])
    if not rows:
        rows = [r for _, r in df[df["indicator"] != "population"].head(2).iterrows()]
    keys = [f"{r['label']} : {fr_value(r['value'], r['unit'], int(r['decimals']))}"
            for r in rows]
    return int((df["status"] == "mismatch").sum()), keys


def run_notebook(notebook: Path, target_dir: Path, stem: str, parameters: dict,
                 kernel_name: str, *, title: str, subtitle: str, section_label: str,
                 footer: str) -> str:
    """Execute ``notebook`` with papermill and publish ``<stem>.ipynb``, ``.html`` and
    ``.figures.csv`` atomically (all three replaced, or none). Returns an error text, or ""
    when the notebook ran; a failed run leaves ``<stem>.failed.ipynb`` to read."""
    target_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=target_dir, prefix=".build-") as tmp:
        staged = {suffix: Path(tmp) / f"{stem}{suffix}"
                  for suffix in (".ipynb", ".html", ".figures.csv")}
        parameters = parameters | {"figures_path": str(staged[".figures.csv"])}
        try:
            nb = pm.execute_notebook(
                str(notebook), str(staged[".ipynb"]), parameters=parameters,
                kernel_name=kernel_name, cwd=str(PROJECT_ROOT), progress_bar=False,
            )
        except pm.PapermillExecutionError as exc:
            shutil.copy(staged[".ipynb"], target_dir / f"{stem}.failed.ipynb")
            return f"{exc.ename}: {exc.evalue}"
        nb.metadata["kernelspec"] = {"name": "python3", "display_name": "Python 3",
                                     "language": "python"}
        nbformat.write(nb, staged[".ipynb"])
        html = render_notebook_html(nb, title=title, subtitle=subtitle,
                                    section_label=section_label, footer=footer)
        staged[".html"].write_text(html, encoding="utf-8")
        for suffix, path in staged.items():
            os.replace(path, target_dir / f"{stem}{suffix}")
    (target_dir / f"{stem}.failed.ipynb").unlink(missing_ok=True)
    return ""


def execute(spec: RunSpec, kernel_name: str) -> RunResult:
    """Run one section's notebook and publish its three files atomically."""
    start = time.monotonic()
    error = run_notebook(
        spec.section.notebook, spec.target_dir, spec.section.name, spec.parameters(),
        kernel_name,
        title=f"{spec.section.label} — {spec.territory.name} — {spec.year}",
        subtitle=f"{spec.territory.name} (SIREN {spec.territory.siren}), données {spec.year}",
        section_label=spec.section.label,
        footer=f"Page produite le {dt.date.today():%d/%m/%Y} par analysis build à partir "
               f"du notebook {spec.section.notebook.name} ; chiffres au format CSV : "
               f"{spec.section.name}.figures.csv.",
    )
    if error:
        return RunResult(spec, False, time.monotonic() - start, error=error)
    mismatches, keys = _key_figures(spec, spec.path(".figures.csv"))
    return RunResult(spec, True, time.monotonic() - start, mismatches, key_figures=keys)


def _vintages(df_figures, sources) -> list[dict]:
    """The data a section used, each with its vintage: the documents and reference files its
    figures cite, in the order of ``sources.csv``."""
    used = {i for ids in df_figures["source_ids"] for i in str(ids).split()}
    return [{"title": r.title, "period": r.period, "published": r.published}
            for r in sources.itertuples() if r.source_id in used]


def write_index(output_dir: Path, results: list[RunResult], data: str | Path | None = None,
                extras: dict[str, str] | None = None) -> Path:
    """``outputs/index.html``: every territory × year × section built or without data, with
    its key figures, audit mismatches, data vintages and links; ``extras`` are the report
    set's other pages (synthesis, methodology, export) to link, by French label."""
    from .load import load_table

    sources = load_table("sources", data)
    entries = []
    by_key = {(r.spec.territory.short, r.spec.section.name, r.spec.year): r for r in results}
    for section in SECTIONS.values():
        for territory in all_territories(data):
            years = years_with_data(section, territory.short, data)
            base = {"territory": territory.short, "territory_name": territory.name,
                    "section_label": section.label}
            if not years:
                entries.append(base | {"status": "nodata"})
            for year in years:
                stem = f"{territory.short}/{year}/{section.name}"
                entry = base | {"year": year, "html": f"{stem}.html", "ipynb": f"{stem}.ipynb",
                                "figures": f"{stem}.figures.csv"}
                result = by_key.get((territory.short, section.name, year))
                figures_csv = output_dir / f"{stem}.figures.csv"
                if result is not None and not result.ok:
                    entries.append(entry | {"status": "failed", "error": result.error,
                                            "ipynb": f"{stem}.failed.ipynb"})
                elif figures_csv.exists():
                    spec = RunSpec(territory, year, section, output_dir, data_dir(data))
                    mismatches, keys = _key_figures(spec, figures_csv)
                    df = read_figures_csv(figures_csv)
                    entries.append(entry | {"status": "ok", "mismatches": mismatches,
                                            "key_figures": keys,
                                            "vintages": _vintages(df, sources),
                                            "population": sorted(set(
                                                df["population_vintage"]) - {""})})
    path = output_dir / "index.html"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(render_index(entries, extras=extras or {},
                                 generated=f"Produit le {dt.date.today():%d/%m/%Y}."),
                    encoding="utf-8")
    return path


def built_figure_files(output_dir: Path, data: str | Path | None = None) -> list[Path]:
    """The figures records of every section with data that is built in ``output_dir``
    (what the index lists), in a stable order."""
    files = []
    for section in SECTIONS.values():
        for territory in all_territories(data):
            for year in years_with_data(section, territory.short, data):
                path = output_dir / territory.short / str(year) / f"{section.name}.figures.csv"
                if path.exists():
                    files.append(path)
    return files


def finish(output_dir: Path, results: list[RunResult], data: str | Path | None = None,
           kernel_name: str | None = None, progress: bool = True) -> tuple[Path, str]:
    """After the sections: the export, the synthesis, the methodology page, then the index.

    Returns the index path and the synthesis error ("" when it ran or was not needed).
    """
    from .export import collect, write_export
    from .methodology import write_methodology

    df = collect(built_figure_files(output_dir, data))
    csv_path, json_path = write_export(df, output_dir)
    extras = {"Chiffres de toutes les sections (CSV)": csv_path.name,
              "Chiffres de toutes les sections (JSON)": json_path.name}
    methodology = write_methodology(output_dir, data, df)
    extras = {"Méthodologie : catalogue des indicateurs": methodology.name} | extras
    error = ""
    territories = sorted(set(df["territory"]))
    if len(territories) >= 2:
        if progress:
            print("Synthèse des agglomérations…", file=sys.stderr)
        with contextlib.ExitStack() as stack:
            kernel = kernel_name or stack.enter_context(project_kernel())
            error = run_notebook(
                SYNTHESIS_NOTEBOOK, output_dir, "synthese",
                {"export_path": str(csv_path), "data_dir": str(data_dir(data))}, kernel,
                title="Synthèse — les agglomérations comparées",
                subtitle=f"{len(territories)} agglomérations, à partir des chiffres de "
                         f"toutes les sections",
                section_label="Synthèse",
                footer=f"Page produite le {dt.date.today():%d/%m/%Y} par analysis build à "
                       f"partir du notebook {SYNTHESIS_NOTEBOOK.name} et de {csv_path.name}.")
        if not error:
            extras = {"Synthèse : les agglomérations comparées": "synthese.html"} | extras
    return write_index(output_dir, results, data, extras), error


def build(specs: list[RunSpec], keep_going: bool = True, progress: bool = True
          ) -> list[RunResult]:
    """Execute every planned notebook, with a progress bar; stop at the first failure
    unless ``keep_going``."""
    results = []
    with project_kernel() as kernel_name:
        bar = tqdm(specs, desc="Construction", unit="section", disable=not progress,
                   file=sys.stderr)
        for spec in bar:
            bar.set_postfix_str(f"{spec.territory.short} {spec.year} {spec.section.name}")
            result = execute(spec, kernel_name)
            results.append(result)
            if not result.ok and not keep_going:
                break
    return results


def summary(results: list[RunResult], index: Path) -> str:
    """One line: how many built, failed, mismatches, time, where the index is."""
    ok = [r for r in results if r.ok]
    failed = len(results) - len(ok)
    seconds = sum(r.seconds for r in results)
    return (f"{len(ok)} section(s) construite(s), {failed} en échec, "
            f"{sum(r.mismatches for r in ok)} écart(s) d'audit, {seconds:.0f} s — {index}")
