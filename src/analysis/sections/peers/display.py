"""What the peers page shows: the rule, one sentence and one strip of dots per indicator
(the peers, the agglomeration, the medians), the figures and their audit.

Every function here shows figures already computed (a :class:`~analysis.sections.base.
Result`); none computes a new figure. The sentences are in :mod:`.text`.
"""

from __future__ import annotations

import numpy as np

from analysis.core.fmt import UNIT_LABELS, fr_value
from analysis.display import charts
from analysis.display import text as report
from analysis.display.text import say
from analysis.sections.base import Result
from analysis.sections.peers import text

HIGHLIGHT, PEER, REGION = "#d55e00", "#9aa5b1", "#0072b2"


def heading(ctx) -> None:
    """The page's heading in a notebook: section, territory, year."""
    say(f"## {ctx.spec.label} — {ctx.territory}, {ctx.year}")


def show_intro(section: Result, name: str) -> None:
    say(text.intro_markdown(section, name))


def show_standing(section: Result) -> None:
    say(text.standing_markdown(section))


def show_strips(section: Result, name: str) -> None:
    """One row per indicator: each peer a grey dot, the agglomeration in orange, the medians
    of the peers (black line) and of the region (blue line), on the indicator's own scale."""
    standing = section.frames["standing"].dropna(subset=["value"])
    peers = section.frames["peers"]
    if standing.empty:
        return
    fig, axes = charts.new_chart(0.95 * len(standing) + 1.1)
    fig.clear()
    # a row per indicator, and a last row of its own for the legend (never on a row)
    rows = fig.subplots(len(standing) + 1, 1, squeeze=False,
                        gridspec_kw={"height_ratios": [1] * len(standing) + [0.7]})[:, 0]
    axes, legend_row = rows[:-1], rows[-1]
    for ax, r in zip(axes, standing.itertuples(), strict=True):
        values = peers[r.indicator].dropna().to_numpy(dtype=float)
        jitter = np.linspace(-0.18, 0.18, len(values)) if len(values) > 1 else np.zeros(1)
        ax.scatter(values, jitter[:len(values)], s=22, color=PEER, alpha=0.8, linewidths=0,
                   label="pairs (un point chacun)")
        ax.axvline(r.peers_median, color="#222", lw=1.4, label="médiane des pairs")
        ax.axvline(r.region_median, color=REGION, lw=1.2, ls="--", label="médiane de la région")
        ax.scatter([r.value], [0], s=70, color=HIGHLIGHT, zorder=3, label=name)
        ax.set_yticks([])
        ax.set_ylim(-0.5, 0.5)
        unit = UNIT_LABELS.get(r.unit, r.unit)
        ax.set_title(charts.chart_text(f"{r.label} ({r.period}){' — ' + unit if unit else ''}"),
                     fontsize=10.5, loc="left")
        charts.french_axis(ax, "x", int(r.decimals) if r.decimals < 2 else 1)
        ax.grid(axis="y", visible=False)
    handles, labels = axes[0].get_legend_handles_labels()
    legend_row.set_axis_off()
    legend_row.legend(handles, [charts.wrap_label(label) for label in labels],
                      loc="center left", ncol=2, frameon=False, fontsize=9)
    fig.tight_layout()
    title = f"{name} parmi ses pairs, indicateur par indicateur"
    description = " ; ".join(
        f"{r.label} : {fr_value(r.value, r.unit, int(r.decimals))}, rang {r.rank} sur "
        f"{r.ranked}, médiane des pairs {fr_value(r.peers_median, r.unit, int(r.decimals))}"
        for r in standing.itertuples())
    charts.show(fig, title, report.sources_of(section.df_figures, ["epci_value"]), description)


def show_audit(section: Result) -> None:
    report.show_audit(section.df_figures)


def show_missing(section: Result) -> None:
    say(text.missing_markdown(section))


def show_all_figures(section: Result) -> None:
    report.show_all_figures(section.df_figures)
