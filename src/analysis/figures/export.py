"""All figures of all sections in one machine-readable export: ``figures.csv`` and ``.json``.

The export is the concatenation of the sections' own figures records (one row per figure
shown, the same rows as the pages' "all figures" tables), so a spreadsheet, the synthesis
and the pages cannot disagree. Rows are ordered by territory, year, section, then the
section's own order, so two builds on the same inputs give identical files.
"""

from __future__ import annotations

import json
import math
from pathlib import Path

import pandas as pd

from analysis.core.paths import write_atomic
from analysis.figures.record import FIGURE_COLUMNS, read_figures_csv, write_figures_csv

EXPORT_CSV = "figures.csv"
EXPORT_JSON = "figures.json"


def collect(figure_files: list[Path]) -> pd.DataFrame:
    """The figures records of the given sections, in a stable order.

    Raises
    ------
    ValueError
        If two rows share a ``figure_id`` (each figure must be exported once).
    """
    frames = [read_figures_csv(path) for path in figure_files]
    if not frames:
        return pd.DataFrame(columns=FIGURE_COLUMNS)
    df = pd.concat(frames, ignore_index=True).reindex(columns=FIGURE_COLUMNS)
    df["_order"] = range(len(df))
    df = df.sort_values(["territory", "year", "section", "_order"], kind="stable")
    df = df.drop(columns="_order").reset_index(drop=True)
    duplicated = df.loc[df["figure_id"].duplicated(), "figure_id"]
    if not duplicated.empty:
        raise ValueError(f"figure_id en double dans l'export : {', '.join(duplicated[:5])}")
    return df


def _json_value(value):
    if isinstance(value, float) and not math.isfinite(value):
        return None  # JSON has no NaN nor Infinity: null, as for any missing value
    if hasattr(value, "item"):  # numpy scalars
        return value.item()
    return value


def write_export(df: pd.DataFrame, output_dir: Path) -> tuple[Path, Path]:
    """Write ``figures.csv`` and ``figures.json`` (a list of objects, same columns, null for
    a missing value) into ``output_dir``."""
    output_dir.mkdir(parents=True, exist_ok=True)
    csv_path = write_figures_csv(df, output_dir / EXPORT_CSV)
    records = [{c: _json_value(v) for c, v in row.items()}
               for row in df.to_dict(orient="records")]
    json_path = output_dir / EXPORT_JSON
    write_atomic(json_path, json.dumps(records, ensure_ascii=False, indent=1,
                                       allow_nan=False) + "\n")
    return csv_path, json_path


def read_export(path: str | Path) -> pd.DataFrame:
    """Read ``figures.csv`` written by :func:`write_export`."""
    return read_figures_csv(path)
