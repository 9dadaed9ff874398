"""One chart style for every section: titled, sourced, readable in print, with alt text.

:func:`show` is the only way a chart leaves a notebook: it renders the figure to SVG (text
kept as text: a third of the size of a PNG and five times faster to write) and publishes it
with its alt text (the chart's title) in the output metadata, where the HTML template reads
it, then its source as text right under it.
"""

from __future__ import annotations

import html
import io
import re
import textwrap

import matplotlib

matplotlib.use("Agg")  # charts are files, never windows (CI has no screen)

import matplotlib.pyplot as plt  # noqa: E402
import seaborn as sns  # noqa: E402
from matplotlib import ticker  # noqa: E402
from matplotlib.text import Text  # noqa: E402

from analysis.core.fmt import fr_number, fr_text  # noqa: E402

COLOURS = {
    "main": "#1f5f8b",  # observed / computed values
    "secondary": "#8fb8d8",  # previous year
    "target": "#c0392b",  # targets
    "reference": "#7f7f7f",  # national reference
    "published": "#e69f00",  # published figure, where it differs
}
# fits an A4 page with margins; narrow enough that, shrunk to a 390 px phone (about 358 px
# of image), text of MIN_FONT_PT points still reads at about 8.7 px (7.5 inches gave 5 px)
WIDTH_IN = 6.0
MIN_FONT_PT = 10.5
WRAP_CHARS = 26  # a category label longer than this is written on several lines
LEGEND_CHARS = 62  # the legend's lines, shared between its columns
TITLE_CHARS = 64  # a title longer than this (12 pt, bold) is written on two lines
# at most six ticks on a number axis: matplotlib's default puts up to ten on a full-width axis,
# where wide numbers (``80 000``) run together, and each tick costs its share of the drawing
MAX_TICK_INTERVALS = 5


def apply_house_style() -> None:
    """Seaborn theme and matplotlib settings shared by every chart."""
    sns.set_theme(style="whitegrid", context="paper", font_scale=1.15)
    plt.rcParams.update({
        "figure.dpi": 100, "savefig.dpi": 150, "axes.titlesize": 12,
        "axes.titleweight": "bold", "axes.titlelocation": "left", "font.family": "DejaVu Sans",
        "axes.spines.top": False, "axes.spines.right": False,
        # text is measured, not rasterised (SVG keeps it as text): hinting would only cost
        "text.hinting": "none",
    })


def new_chart(height_in: float = 3.6) -> tuple[plt.Figure, plt.Axes]:
    """A figure and axes in the house style."""
    apply_house_style()
    return plt.subplots(figsize=(WIDTH_IN, height_in))


def french_axis(ax: plt.Axes, axis: str = "x", decimals: int = 0, suffix: str = "") -> None:
    """Tick labels in French number format (``1 234,5``), with an optional suffix."""
    formatter = ticker.FuncFormatter(lambda v, _: fr_number(v, decimals) + suffix)
    (ax.xaxis if axis == "x" else ax.yaxis).set_major_formatter(formatter)


def year_locator() -> ticker.MaxNLocator:
    """Ticks on whole years, every 1, 2, 5 or 10 years (never every 4 or 6), as few as on any
    number axis."""
    return ticker.MaxNLocator(nbins=MAX_TICK_INTERVALS, integer=True, steps=[1, 2, 5, 10])


def _limit_ticks(fig: plt.Figure) -> None:
    """Every number axis still on matplotlib's default locator gets at most six ticks (axes
    of categories, fixed ticks and a chart's own locator are left as they are)."""
    for ax in fig.axes:
        for axis in (ax.xaxis, ax.yaxis):
            if type(axis.get_major_locator()) is ticker.AutoLocator:
                axis.set_major_locator(ticker.MaxNLocator(nbins=MAX_TICK_INTERVALS))


def legend_above(ax: plt.Axes, ncol: int = 1, **kwargs) -> None:
    """The legend above the plot, left-aligned: below it, a fixed offset met the axis label
    or the tick labels as soon as the chart's height changed."""
    ax.legend(loc="lower left", bbox_to_anchor=(0, 1.0), ncol=ncol, frameon=False, **kwargs)


# « (national, l. 2337) », « p. 12, l. 831-858 »: where a document printed it, said by the
# source line under the chart, never inside it
_LINE_REFERENCE = re.compile(r"\s*,?\s*\b(?:p\.|l\.)\s?\d+(?:\s?[-–]\s?\d+)?"
                             r"(?:,\s?\d+(?:[-–]\d+)?)*")


def chart_text(text: str) -> str:
    """The text of a chart as a reader sees it: no document line references, and French
    typography (:func:`analysis.core.fmt.fr_text`): « Loi (national, l. 2337) : -50 % » →
    « Loi (national) : −50 % »."""
    text = _LINE_REFERENCE.sub("", text)
    return fr_text(re.sub(r"\s*\(\s*\)", "", text).replace(" ,", ",").strip())


def wrap_label(label: str, width: int = WRAP_CHARS) -> str:
    """A category label on lines of at most ``width`` characters (a word longer than that
    stays whole): never cut by the edge of the chart nor ended by « … »."""
    return "\n".join(textwrap.fill(line, width, break_long_words=False,
                                   break_on_hyphens=False) or line
                     for line in label.split("\n"))


def tidy_texts(fig: plt.Figure) -> None:
    """Every text of the chart as :func:`chart_text`, at least :data:`MIN_FONT_PT` points,
    and long category labels wrapped (``WRAP_CHARS`` on the side, less under the axis when
    there are many)."""
    for ax in fig.axes:
        for axis in (ax.yaxis, ax.xaxis):
            locator, formatter = axis.get_major_locator(), axis.get_major_formatter()
            if isinstance(locator, ticker.FixedLocator):  # categories (set_yticks(…, labels))
                labels = [formatter(loc, i) for i, loc in enumerate(locator.locs)]
                n = max(len(labels), 1)
                width = WRAP_CHARS if axis is ax.yaxis else max(10, 3 * WRAP_CHARS // (2 * n))
                axis.set_major_formatter(ticker.FixedFormatter(
                    [wrap_label(chart_text(str(t)), width) for t in labels]))
        ax.tick_params(labelsize=MIN_FONT_PT)
    for text in fig.findobj(Text):
        if text.get_text():
            text.set_text(chart_text(text.get_text()))
        if text.get_fontsize() < MIN_FONT_PT:
            text.set_fontsize(MIN_FONT_PT)
    for legend in [*fig.legends, *(ax.get_legend() for ax in fig.axes)]:
        if legend is not None:  # as wide as the chart at most: « objectif 65 % (2025, … »
            width = LEGEND_CHARS // max(legend._ncols, 1)
            for text in legend.get_texts():
                text.set_text(wrap_label(text.get_text(), width))


def fit_legends(fig: plt.Figure) -> None:
    """A legend above the plot (:func:`legend_above`) that would run past the right edge of
    the figure starts at the figure's left edge instead, under the title: long category
    labels on the left no longer push it out of the chart."""
    renderer = fig.canvas.get_renderer()
    width = fig.bbox.width
    for ax in fig.axes:
        legend = ax.get_legend()
        if legend is None or legend.get_window_extent(renderer).x1 <= width:
            continue
        left = ax.transAxes.inverted().transform(fig.transFigure.transform((0.01, 0)))[0]
        anchor = legend.get_bbox_to_anchor()
        y = ax.transAxes.inverted().transform((anchor.x0, anchor.y0))[1]
        legend.set_bbox_to_anchor((left, y), transform=ax.transAxes)


def separate_labels(fig: plt.Figure, gap_px: float = 1.0) -> None:
    """Value labels (annotations) that overlap are moved apart vertically, the upper one up:
    « 32 % » and « 33 % » on two close points stay two readable labels."""
    from matplotlib.text import Annotation

    renderer = fig.canvas.get_renderer()
    for ax in fig.axes:
        labels = [t for t in ax.texts if isinstance(t, Annotation) and t.get_visible()
                  and t.get_text() and t.anncoords == "offset points"]
        for _ in range(3):  # a move can create a new overlap: a few passes settle them
            moved = False
            boxes = sorted(((t.get_window_extent(renderer), t) for t in labels),
                           key=lambda item: item[0].y0)
            for (low, _), (high, upper) in zip(boxes, boxes[1:], strict=False):
                overlap = low.y1 + gap_px - high.y0
                if overlap > 0 and low.x0 < high.x1 and high.x0 < low.x1:
                    dx, dy = upper.xyann
                    upper.xyann = (dx, dy + overlap * 72 / fig.dpi)
                    moved = True
            if not moved:
                break


# text as <text> (not glyph paths), no timestamp, fixed ids: small and byte-identical SVG
SVG_SETTINGS = {"svg.fonttype": "none", "svg.hashsalt": "analysis"}


def render_svg(fig: plt.Figure, title: str) -> str:
    """Title the chart, lay it out and return the SVG text (no XML prolog, so that it can be
    embedded as it is)."""
    # the title goes on the figure, not the axes: long tick labels must not push it out
    fig.suptitle(wrap_label(title, TITLE_CHARS), x=0.01, ha="left", fontsize=12,
                 fontweight="bold")
    _limit_ticks(fig)
    tidy_texts(fig)
    fig.tight_layout()
    fit_legends(fig)
    separate_labels(fig)
    # tight_layout leaves a placeholder layout engine on the figure, and savefig then draws
    # the whole figure once more before the real drawing: the positions are final, drop it
    fig.set_layout_engine(None)
    buffer = io.StringIO()
    # the box of everything drawn: a legend or a label past the axes is never clipped
    # (measured here: ``bbox_inches="tight"`` would draw the whole figure once more)
    box = fig.get_tightbbox(fig.canvas.get_renderer()).padded(0.06)
    with plt.rc_context(SVG_SETTINGS):
        fig.savefig(buffer, format="svg", metadata={"Date": None, "Creator": None},
                    bbox_inches=box)
    plt.close(fig)
    svg = buffer.getvalue()
    return compact_svg(svg[svg.index("<svg"):])


_PATH_DATA = re.compile(r'(?<=\sd=")[^"]*')
_PATH_TOKEN = re.compile(r"[A-Za-z]|-?\d+(?:\.\d*)?(?:e-?\d+)?")


def _compact_path(data: str) -> str:
    """A path's coordinates to a tenth of a point (0.1/72 inch: far below a pixel) and the
    repeated ``L`` commands dropped (after ``M`` or ``L``, more pairs mean "line to")."""
    out: list[str] = []
    previous = ""
    for token in _PATH_TOKEN.findall(data):
        if token.isalpha():
            if token == "L" and previous in ("M", "L"):
                continue
            previous = token
            out.append(token)
        else:
            number = f"{round(float(token), 1):.1f}".removesuffix(".0")
            out.append("0" if number == "-0" else number)
    return " ".join(out)


def compact_svg(svg: str) -> str:
    """Matplotlib's SVG with shorter path data: the maps of 100 communes weigh half as much,
    and the drawing is unchanged at any screen size."""
    return _PATH_DATA.sub(lambda m: _compact_path(m.group(0)), svg)


def alt_text(title: str, description: str = "", kind: str = "Graphique") -> str:
    """Alt text of a chart (``kind`` « Graphique ») or a map (« Carte »): its title, and a
    short description of what it shows."""
    return f"{kind} : {title}" + (f". {description}" if description else "")


def source_caption_html(source: str) -> str:
    """The source line printed under a chart."""
    return f'<p class="chart-source">Source : {html.escape(source)}</p>'


def show(fig: plt.Figure, title: str, source: str, description: str = "") -> None:
    """Display a chart in the notebook with its alt text, and its source under it.

    The source is text of the page, not of the image: it wraps to the page's width, can be
    selected and searched, and is read by screen readers (text inside an image is not).
    """
    show_svg(render_svg(fig, title), title, source, description)


def show_svg(svg: str, title: str, source: str, description: str = "",
             kind: str = "Graphique") -> None:
    """Display an SVG image already written (a chart, the maps of :mod:`.maps`) with its
    alt text, and its source under it (see :func:`show`). A map says ``kind="Carte"``: its
    alt text starts so, and the pages' style lets it keep a readable size on a phone (it
    scrolls in its own box)."""
    from IPython.display import publish_display_data

    publish_display_data(data={"image/svg+xml": svg, "text/plain": title},
                         metadata={"image/svg+xml": {"alt": alt_text(title, description, kind)}})
    publish_display_data(data={"text/html": source_caption_html(source),
                               "text/plain": f"Source : {source}"})


def same_lines(lines: list[tuple[tuple, str]]) -> list[tuple[tuple, str]]:
    """Lines to draw, each ``(points, name)``, with two identical lines drawn once under
    both names (« A et B »): a target trajectory that repeats another is not hidden under
    it, it is named with it."""
    merged: dict[tuple, list[str]] = {}
    for points, name in lines:
        names = merged.setdefault(points, [])
        if name not in names:
            names.append(name)
    return [(points, french_list(names)) for points, names in merged.items()]


def french_list(items: list[str]) -> str:
    """« A », « A et B », « A, B et C »."""
    return items[0] if len(items) == 1 else f"{', '.join(items[:-1])} et {items[-1]}"


INSIDE_LABEL_SHARE = 0.7  # bars at least this share of the longest are labelled inside


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
    longest = max((abs(v) for v in values if v == v), default=0)
    for y, (v, text) in enumerate(zip(values, texts, strict=True)):
        if longest and v == v and abs(v) >= INSIDE_LABEL_SHARE * longest:
            # a long bar carries its label inside: outside, it would run off the chart
            ax.annotate(text, (v, y), xytext=(-4, 0), textcoords="offset points",
                        va="center", ha="right", fontsize=9, color="white")
        else:
            ax.annotate(text, (v, y), xytext=(4, 0), textcoords="offset points",
                        va="center", fontsize=9)
    ax.margins(x=0.18)
    ax.grid(axis="y", visible=False)
    return fig, ax


def commune_polygons(geojson: dict) -> dict[str, list]:
    """``{commune_code: [ring, …]}`` from the project's GeoJSON (outer rings, lon/lat)."""
    shapes: dict[str, list] = {}
    for feature in geojson["features"]:
        geometry = feature["geometry"]
        polygons = (geometry["coordinates"] if geometry["type"] == "MultiPolygon"
                    else [geometry["coordinates"]])
        shapes[feature["properties"]["commune_code"]] = [poly[0] for poly in polygons]
    return shapes


def _frame_map(ax: plt.Axes, shapes: dict[str, list]) -> None:
    """Fit the axes to the communes, with the aspect of their latitude, and no axis."""
    import math

    import numpy as np

    everything = np.concatenate([np.asarray(r) for polys in shapes.values() for r in polys])
    ax.set_xlim(everything[:, 0].min(), everything[:, 0].max())
    ax.set_ylim(everything[:, 1].min(), everything[:, 1].max())
    ax.set_aspect(1 / math.cos(math.radians(everything[:, 1].mean())))
    ax.set_axis_off()


# one colour per agglomeration (colour-blind safe, Okabe-Ito)
CATEGORY_COLOURS = ["#0072b2", "#e69f00", "#009e73", "#cc79a7", "#56b4e9", "#d55e00"]


def category_map(categories: dict[str, str], shapes: dict[str, list],
                 labels: dict[str, str]) -> tuple[plt.Figure, plt.Axes]:
    """Communes coloured by category (their agglomeration), with a legend of ``labels``
    (category → French label, in legend order)."""
    from matplotlib.collections import PolyCollection
    from matplotlib.patches import Patch

    fig, ax = new_chart(6.2)
    colours = {c: CATEGORY_COLOURS[i % len(CATEGORY_COLOURS)] for i, c in enumerate(labels)}
    for category in labels:
        rings = [ring for code, polys in shapes.items() if categories.get(code) == category
                 for ring in polys]
        ax.add_collection(PolyCollection(rings, facecolors=colours[category],
                                         edgecolors="white", linewidths=0.3))
    _frame_map(ax, shapes)
    ax.legend(handles=[Patch(facecolor=colours[c], label=labels[c]) for c in labels],
              loc="lower left", frameon=False, fontsize=8)
    return fig, ax
