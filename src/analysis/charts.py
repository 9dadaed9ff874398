"""One chart style for every section: titled, sourced, readable in print, with alt text.

:func:`show` is the only way a chart leaves a notebook: it renders the figure to PNG and
publishes it with its alt text (the chart's title) in the output metadata, where the HTML
template reads it.
"""

from __future__ import annotations

import base64
import io
import textwrap

import matplotlib

matplotlib.use("Agg")  # charts are files, never windows (CI has no screen)

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib.ticker import FuncFormatter  # noqa: E402

from .fmt import fr_number  # noqa: E402

COLOURS = {
    "main": "#1f5f8b",  # observed / computed values
    "secondary": "#8fb8d8",  # previous year
    "target": "#c0392b",  # targets
    "reference": "#7f7f7f",  # national reference
    "published": "#e69f00",  # published figure, where it differs
}
WIDTH_IN = 7.5  # fits an A4 page with margins


def apply_house_style() -> None:
    """Seaborn theme and matplotlib settings shared by every chart."""
    sns.set_theme(style="whitegrid", context="paper", font_scale=1.15)
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 150, "axes.titlesize": 12,
        "axes.titleweight": "bold", "axes.titlelocation": "left", "font.family": "DejaVu Sans",
        "axes.spines.top": False, "axes.spines.right": False,
    })


def new_chart(height_in: float = 3.6) -> tuple[plt.Figure, plt.Axes]:
    """A figure and axes in the house style."""
    apply_house_style()
    return plt.subplots(figsize=(WIDTH_IN, height_in))


def french_axis(ax: plt.Axes, axis: str = "x", decimals: int = 0, suffix: str = "") -> None:
    """Tick labels in French number format (``1 234,5``), with an optional suffix."""
    formatter = FuncFormatter(lambda v, _: fr_number(v, decimals) + suffix)
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def render_png(fig: plt.Figure, title: str, source: str) -> bytes:
    """Title the chart, print the source under it, and return the PNG bytes."""
    fig.axes[0].set_title(title)
    caption = "\n".join(textwrap.wrap(f"Source : {source}", 120))
    fig.text(0.01, 0.01, caption, fontsize=7.5, color="#444444", ha="left", va="bottom")
    n_lines = caption.count("\n") + 1
    fig.tight_layout(rect=(0, 0.035 * n_lines + 0.02, 1, 1))
    buffer = io.BytesIO()
    fig.savefig(buffer, format="png")
    plt.close(fig)
    return buffer.getvalue()


def alt_text(title: str, description: str = "") -> str:
    """Alt text of a chart: its title, and a short description of what it shows."""
    return f"Graphique : {title}" + (f". {description}" if description else "")


def show(fig: plt.Figure, title: str, source: str, description: str = "") -> None:
    """Display a chart in the notebook with its source caption and alt text."""
    from IPython.display import publish_display_data

    png = render_png(fig, title, source)
    publish_display_data(
        data={"image/png": base64.b64encode(png).decode("ascii"), "text/plain": title},
        metadata={"image/png": {"alt": alt_text(title, description)}},
    )


def barh(labels: list[str], values: list[float], *, value_labels: list[str] | None = None,
         colour: str = COLOURS["main"], height_in: float | None = None,
         decimals: int = 0) -> tuple[plt.Figure, plt.Axes]:
    """Horizontal bars, largest first as given, each labelled with its value."""
    fig, ax = new_chart(height_in or 0.5 * len(labels) + 1.6)
    positions = range(len(labels))
    ax.barh(list(positions), values, color=colour)
    ax.set_yticks(list(positions), labels)
    ax.invert_yaxis()
    french_axis(ax, "x", decimals)
    texts = value_labels or [fr_number(v, decimals) for v in values]
    for y, (v, text) in enumerate(zip(values, texts, strict=True)):
        ax.annotate(text, (v, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=9)
    ax.margins(x=0.18)
    ax.grid(axis="y", visible=False)
    return fig, ax
