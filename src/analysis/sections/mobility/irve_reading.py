"""Mobility step 6 (continued): a charging-points file's points per operator, and the
documents' charging-point counts set against the file.

No document count is audited against a file here: a stock at a document's date is not the
file's snapshot (points removed since are gone), and the points a document says installed
are the territory's own, a subset of the file's points of every operator. The reading says,
for each, what the file holds that is comparable and whether the document's count fits in
it (:func:`analysis.sections.mobility.model.document_reading`).
"""

from __future__ import annotations

import pandas as pd

from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure, FigureCollector
from analysis.inputs.official.irve import IrveFile
from analysis.inputs.tables import editions
from analysis.sections.base import Context
from analysis.sections.mobility.charging import charging_candidates
from analysis.sections.mobility.model import (
    KIND_LABELS,
    commune_codes,
    document_reading,
    label_of,
    operator_counts,
)

READING_COLUMNS = ["kind", "kind_label", "count", "date", "count_year", "source",
                   "file_count", "undated", "verdict"]


def record_operators(col: FigureCollector, points: pd.DataFrame, source: str, period: str
                     ) -> pd.DataFrame:
    """Points per operator (the largest one by one, the others together, the points without
    an operator apart), recorded; empty if the file does not name operators."""
    if "operator" not in points or points.empty:
        return pd.DataFrame(columns=["operator", "points", "breakdown", "share_pct"])
    df_operators = operator_counts(points)
    for r in df_operators.itertuples():
        col.figures.append(Figure(
            indicator="charging_points_by_operator", breakdown=r.breakdown,
            label=f"{label_of('charging_points_by_operator')} — {r.operator}",
            estimate=Estimate.exact(r.points), unit="count", kind="reference",
            source=source, period=period,
            note="opérateurs dont le nom ne diffère que par la casse regroupés",
        ))
    return df_operators


def file_reading(ctx: Context, points: pd.DataFrame, irve: IrveFile) -> pd.DataFrame:
    """Each charging-point count of the documents known at the section's year (in service,
    installed, being deployed, planned) beside what the file holds that is comparable, and
    the verdict (``points``: the territory's points, with ``commissioning``)."""
    tables = ctx.inputs.tables
    documents = charging_candidates(
        ctx.values["history"], ctx.values["targets"], {}, ctx.inputs.sources,
        commune_codes(tables["reference/communes"], ctx.territory), ctx.year,
        editions(tables["mobility/observations"]))
    documents = documents[documents["kind"].isin(("in_service", "installed", "being_deployed",
                                                  "planned"))]
    dated = points.loc[points["commissioning"] == "dated", "commissioned_year"].astype(
        int).value_counts().sort_index()
    undated = int((points["commissioning"] != "dated").sum())
    rows = []
    for r in documents.itertuples():
        file_count, verdict = document_reading(r.kind, int(r.count_year), r.count, dated,
                                               undated)
        rows.append({"kind": r.kind, "kind_label": KIND_LABELS.get(r.kind, r.kind),
                     "count": r.count, "date": r.date, "count_year": int(r.count_year),
                     "source": r.source,
                     "file_count": file_count,
                     "undated": undated, "verdict": verdict})
    return pd.DataFrame(rows, columns=READING_COLUMNS)

