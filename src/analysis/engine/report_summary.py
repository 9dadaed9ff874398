"""The summary page of a report: per section, its key figures with their change on the
previous year, the targets the documents set and where the agglomeration stands, and what
the audit found. Everything is read from the sections' figures files; nothing is typed.
"""

from __future__ import annotations

import html
import math
import re
from pathlib import Path

import pandas as pd

from analysis.core.fmt import fr_number, fr_value
from analysis.core.specs import SectionSpec
from analysis.core.statuses import verification_counts
from analysis.display.text import gap_sentence
from analysis.figures.record import read_figures_csv

MINUS = "\u2212"
# figures that state a target the documents set (target_total, target_per_year…)
TARGET = re.compile(r"^(target_(total|per_year|level|relative_change_pct)|production_target_)")
# figures that say where the agglomeration stands against a target
STANDING = re.compile(r"vs_target|gap_to_target|_of_renewable_target|required_pace")
SHOWN_TARGETS = 8  # the first ones on the summary; the others folded


def key_rows(section: SectionSpec, df: pd.DataFrame, year: int | None = None
             ) -> list[pd.Series]:
    """A section's key figures: its declared key indicators, else its first two figures
    after the population. An indicator given for several periods (a yearly series) is
    taken for ``year``, else for its latest period."""
    rows = []
    for indicator, breakdown in section.key_indicators:
        found = df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)]
        if not found.empty:
            rows.append(_of_year(found, year))
    return rows or [r for _, r in df[df["indicator"] != "population"].head(2).iterrows()]


def key_label(row: pd.Series, year: int | None) -> str:
    """A key figure's label, with the period it describes when that is not ``year``
    (« … (2016) » for a figure of an older file shown in a later report)."""
    period = str(row.get("period", "") or "")
    return f"{row['label']} ({period})" if period and period != str(year) else row["label"]


def _of_year(found: pd.DataFrame, year: int | None) -> pd.Series:
    periods = found["period"].astype(str)
    if year is not None and (periods == str(year)).any():
        return found[periods == str(year)].iloc[0]
    if len(found) > 1 and periods.str.fullmatch(r"\d{4}").all():
        return found.loc[periods.sort_values().index[-1]]
    return found.iloc[0]


def signed(value: float, decimals: int) -> str:
    """A change with its sign, the minus sign U+2212: ``+1,2``, ``−0,4``, ``0``."""
    text = fr_number(abs(value), decimals)
    if round(value, decimals) == 0:
        return text
    return ("+" if value > 0 else MINUS) + text


def change_text(value: float, previous: float, unit: str, decimals: int) -> str:
    """The change from ``previous`` to ``value`` in French: points for a rate (``%``), else
    the relative change in percent; "" when it cannot be computed (missing, zero before).

    >>> change_text(12.5, 10.0, "t", 0)
    '+25,0 %'
    """
    if any(v is None or (isinstance(v, float) and math.isnan(v)) for v in (value, previous)):
        return ""
    if unit == "%":
        gap = value - previous
        word = "point" if abs(round(gap, decimals)) < 2 else "points"
        return f"{signed(gap, decimals)} {word}"
    if previous == 0:
        return ""
    return f"{signed((value - previous) / abs(previous) * 100, 1)} %"


def _previous_row(row: pd.Series, df: pd.DataFrame, df_previous: pd.DataFrame | None,
                  year: int) -> pd.Series | None:
    """The same figure a year earlier: in the same figures file when it holds the series
    (one vintage), else in the previous year's report."""
    same = df[(df["indicator"] == row["indicator"]) & (df["breakdown"] == row["breakdown"])
              & (df["unit"] == row["unit"]) & (df["period"].astype(str) == str(year - 1))]
    if str(row.get("period", "")) == str(year) and not same.empty:
        return same.iloc[0]
    if df_previous is None:
        return None
    found = df_previous[(df_previous["indicator"] == row["indicator"])
                        & (df_previous["breakdown"] == row["breakdown"])
                        & (df_previous["unit"] == row["unit"])]
    return None if found.empty else _of_year(found, year - 1)


def key_figures_with_change(section: SectionSpec, df: pd.DataFrame,
                            df_previous: pd.DataFrame | None, previous_year: int) -> list[dict]:
    """Each key figure: label, value, and its change on ``previous_year`` when the figures
    give the same indicator in the same unit for that year; a figure of the same vintage in
    both reports has no change (it is said)."""
    out = []
    for row in key_rows(section, df, previous_year + 1):
        decimals = int(row["decimals"])
        item = {"label": key_label(row, previous_year + 1),
                "value": fr_value(row["value"], row["unit"], decimals), "change": ""}
        before = _previous_row(row, df, df_previous, previous_year + 1)
        period = str(row.get("period", "") or "")
        if before is not None and period and period == str(before.get("period", "") or ""):
            # the same vintage shown in both reports: no change can be read from it (the
            # label already names the vintage when it is not the report's year)
            named = "" if period != str(previous_year + 1) else f" ({period})"
            item["change"] = f"même millésime{named} que le rapport {previous_year}"
        elif before is not None:
            change = change_text(float(row["value"]), float(before["value"]), row["unit"],
                                 decimals)
            if change:
                item["change"] = (f"{change} par rapport à {previous_year} "
                                  f"({fr_value(before['value'], before['unit'], decimals)})")
        out.append(item)
    return out


def _line(row: pd.Series, with_method: bool = False) -> str:
    text = f"{row['label']} : {fr_value(row['value'], row['unit'], int(row['decimals']))}"
    method = str(row.get("method", "") or "").strip()
    # two standings against two targets share a label: their method names the target
    return f"{text} ({method[0].lower()}{method[1:]})" if with_method and method else text


def targets(df: pd.DataFrame) -> dict:
    """The targets a section's figures state, and the figures that say where the
    agglomeration stands against them."""
    found = [_line(r) for _, r in df[df["indicator"].str.match(TARGET)].iterrows()]
    standing = [_line(r, with_method=True)
                for _, r in df[df["indicator"].str.contains(STANDING)].iterrows()]
    return {"shown": found[:SHOWN_TARGETS], "folded": found[SHOWN_TARGETS:],
            "count": len(found), "standing": standing}


def strong_html(text: str) -> str:
    """A page sentence's Markdown ``**bold**`` as HTML, the rest escaped."""
    return re.sub(r"\*\*(.+?)\*\*", r"<strong>\1</strong>", html.escape(text, quote=False))


def audit(df: pd.DataFrame) -> dict:
    """What the audit of a section found: its counts and each mismatch (the figure, what the
    documents published, what the data give)."""
    counts = verification_counts(df)
    gaps = [strong_html(gap_sentence(r, df, detailed=False))
            for r in df[df["status"] == "mismatch"].itertuples()]
    return {"counts": counts, "gaps": gaps}


def section_summary(section: SectionSpec, figures_csv: Path, year: int) -> dict:
    """Everything the summary page says of one built section for ``year``."""
    df = read_figures_csv(figures_csv)
    previous_csv = figures_csv.parent.parent / str(year - 1) / figures_csv.name
    df_previous = read_figures_csv(previous_csv) if previous_csv.exists() else None
    return {"name": section.name, "label": section.label,
            "key_figures": key_figures_with_change(section, df, df_previous, year - 1),
            "targets": targets(df), "audit": audit(df)}
