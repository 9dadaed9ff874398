"""The synthesis: the agglomerations side by side, from the sections' own figures.

The one section of scope « all » (``section.toml``): one page for the whole report set, built
by the engine after the other sections from their export (``figures.csv`` of the outputs
folder). It follows the protocol of :mod:`analysis.sections.base`: :func:`load_inputs` (the
export and the reference tables), :func:`years` (none: no page per territory-year),
:func:`start`, the steps of :data:`STEPS` (:func:`comparison`, :func:`perimeters`), then
:func:`finish`. Nothing is recomputed: every figure of the page is a row of the export,
unchanged, with the audit its section gave it. The rules of the choice: :mod:`.model`; the
page: :mod:`.display` and :mod:`.text`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from analysis.core.errors import AnalysisError
from analysis.core.paths import DEFAULT_OUTPUT_DIR
from analysis.core.specs import read_spec
from analysis.figures import catalogue
from analysis.figures.export import EXPORT_CSV, read_export
from analysis.figures.record import FIGURE_COLUMNS, FigureCollector
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.tables import load_inputs as load_tables
from analysis.inputs.tables import load_table
from analysis.inputs.territories import all_territories, scope_communes
from analysis.sections.base import Context, Result
from analysis.sections.synthesis.agglomerations import FIGURES, comparison, perimeters

SPEC = read_spec(Path(__file__).parent)
STEPS = (comparison, perimeters)

__all__ = ["SPEC", "STEPS", "SynthesisInputs", "comparison", "export_path_in", "finish",
           "load_inputs", "perimeters", "start", "years"]


@dataclass
class SynthesisInputs:
    """What the synthesis reads: the export of the sections, the agglomerations, the tables
    of ``SPEC.tables`` (validated) and the communes' outlines (``SPEC.files``)."""

    export: pd.DataFrame
    territories: list[str]  # short codes, in the order of the reference table
    names: dict[str, str]  # short code -> name
    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    shapes: dict  # GeoJSON of the communes

    @property
    def communes(self) -> pd.DataFrame:
        return self.tables["reference/communes"]

    @property
    def stated(self) -> pd.DataFrame:
        return self.tables["perimeter/observations"]


def export_path_in(outputs_dir: str | Path | None) -> Path:
    """The export of the build whose outputs are in ``outputs_dir`` (None or "": the
    project's ``outputs/``), wherever the notebook is opened from."""
    return Path(outputs_dir or DEFAULT_OUTPUT_DIR) / EXPORT_CSV


def load_inputs(data_dir: str | Path | None = None, outputs_dir: str | Path | None = None,
                territory: str = "") -> SynthesisInputs:
    """The export of the sections (in ``outputs_dir``), the agglomerations and the
    reference tables the page needs (``territory``: unused, the page compares the
    agglomerations reported by default).

    Raises
    ------
    FileNotFoundError
        If there is no export yet: the sections must be built first.
    """
    export_path = export_path_in(outputs_dir)
    if not export_path.is_file():
        raise FileNotFoundError(f"{export_path} : pas encore de chiffres exportés ; construire "
                                f"d'abord les sections (make report ou analysis build)")
    data = data_dir or None
    places = all_territories(data)
    tables = load_tables(SPEC.tables, data)
    tables["reference/communes"] = scope_communes(tables["reference/communes"], data)
    return SynthesisInputs(read_export(export_path), [t.short for t in places],
                           {t.short: t.name for t in places}, tables, load_table("sources", data),
                           load_commune_shapes(data, tables["reference/communes"]["commune_code"]))


def years(inputs: SynthesisInputs, territory: str) -> list[int]:
    """None: the synthesis has no page per territory-year. It is one page for the whole
    report set (scope « all »), which the engine builds once, after the sections."""
    return []


def start(inputs: SynthesisInputs, territory: str = "", year: int = 0) -> Context:
    """The context of the page: the export, an empty record.

    ``territory`` and ``year`` are unused (the page covers every agglomeration; the engine
    passes "" and 0). The collector holds the export as its rows and stays empty: the
    synthesis records export rows (``frames["figures"]``), never a figure of its own.
    """
    collector = FigureCollector(inputs.export, inputs.sources, None, catalogue.label,
                                catalogue.decimals)
    return Context(SPEC, territory, year, inputs, collector)


def finish(ctx: Context) -> Result:
    """The page's figures: the export rows the steps chose, unchanged and in their order,
    with the audit each section gave them (nothing is audited again here). ``missing`` is
    empty: what only one agglomeration has is ``frames["not_compared"]``.

    Raises
    ------
    AnalysisError
        If a figure was added to the collector: a figure of the synthesis must be a
        section's (add it to that section, it then reaches the export and this page).
    """
    if ctx.collector.figures:
        names = ", ".join(f.indicator for f in ctx.collector.figures)
        raise AnalysisError(f"la synthèse ne calcule aucun chiffre ({names}) : l'ajouter à "
                            "sa section, d'où il viendra par l'export")
    df_figures = ctx.frames.get(FIGURES, pd.DataFrame(columns=FIGURE_COLUMNS))
    frames = {name: df for name, df in ctx.frames.items() if name != FIGURES}
    return Result(SPEC, ctx.territory, ctx.year, None, df_figures, frames, [], ctx.values)
