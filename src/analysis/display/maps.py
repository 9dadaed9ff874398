"""Maps of the communes written as one compact SVG (one map, or small multiples).

A page of the housing section shows up to seven maps of the same communes (census vacancy,
flats, LOVAC vacancy, income, poverty, rents of flats and houses). Drawn one by one with
:func:`analysis.display.charts.choropleth`, each map repeats every commune's outline: seven
maps of the 100 communes of the CABBALR would weigh about 360 kB, beyond the limit of a page
(``analysis.engine.render.MAX_SECTION_PAGE_BYTES``); a single matplotlib map of them weighs
several times the compact one. Here each outline is written once (an
SVG ``<defs>`` entry, coordinates to half a point, relative moves) and each map only says
which colour each commune takes (``<use>``): seven maps cost about the weight of two.

Classes are quantiles of the known values (about as many communes in each), labelled with
the decimals of the figure; a commune without a value (statistical secrecy, absent from the
file) is hatched grey, and the legend says why. Colours come from matplotlib's sequential
colour maps, as in the other charts.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from html import escape

import numpy as np

from analysis.core.fmt import fr_number

WIDTH = 540  # pt: the width of every chart of the pages (7.5 inches)
COLUMNS = 2
MAP_BOX = 170  # pt: the largest side of each map
LEGEND_GAP = 10  # pt: between a map and its legend, on its right
TITLE_HEIGHT = 26  # pt: the chart's title
PANEL_TITLE = 16  # pt: each map's title, above it
PANEL_GAP = 14  # pt: between two rows of maps
UNITS_PER_POINT = 2  # outlines written in integers of half a point
N_CLASSES = 5
MISSING_FILL = "url(#h)"


@dataclass(frozen=True)
class Panel:
    """One map: its title, the value of each commune (NaN: none), how values are written
    (decimals, unit suffix), its colour map and what a commune without value means."""

    title: str
    values: dict[str, float]
    decimals: int = 0
    suffix: str = ""
    cmap: str = "YlOrRd"
    missing: str = "non disponible"


def project(polygons: dict[str, list], box: float = MAP_BOX
            ) -> tuple[dict[str, list[np.ndarray]], float, float]:
    """Outlines (lon, lat rings) → rings in integer path units inside a ``box`` square (pt),
    with the aspect of their mean latitude (as ``charts._frame_map``), and the map's size in
    pt."""
    rings = [np.asarray(r, dtype=float) for polys in polygons.values() for r in polys]
    points = np.concatenate(rings)
    aspect = math.cos(math.radians(points[:, 1].mean()))
    x0, x1 = points[:, 0].min(), points[:, 0].max()
    y0, y1 = points[:, 1].min(), points[:, 1].max()
    width, height = (x1 - x0) * aspect, y1 - y0
    scale = box / max(width, height)
    out = {}
    for code, polys in polygons.items():
        out[code] = [np.rint(np.column_stack([
            (np.asarray(r)[:, 0] - x0) * aspect * scale,
            (y1 - np.asarray(r)[:, 1]) * scale]) * UNITS_PER_POINT).astype(int)
            for r in polys]
    return out, width * scale, height * scale


def path_data(rings: list[np.ndarray]) -> str:
    """An SVG path of closed rings in relative moves (« m x y l dx dy … z »), repeated points
    dropped."""
    parts = []
    for ring in rings:
        steps = np.diff(ring, axis=0)
        steps = steps[(steps != 0).any(axis=1)]
        moves = " ".join(f"{dx} {dy}" for dx, dy in steps)
        parts.append(f"M{ring[0][0]} {ring[0][1]}l{moves}z")
    return "".join(parts)


def class_breaks(values: list[float], n: int = N_CLASSES) -> list[float]:
    """Quantile bounds of the known values (n classes, fewer when values repeat)."""
    known = np.array([v for v in values if v == v], dtype=float)
    if known.size == 0:
        return []
    return sorted(set(np.quantile(known, np.linspace(0, 1, n + 1)).tolist()))


def class_of(value: float, breaks: list[float]) -> int:
    """Index of the class of ``value`` (the last class takes its upper bound)."""
    if len(breaks) < 2:
        return 0
    return min(int(np.searchsorted(breaks, value, side="right")) - 1, len(breaks) - 2)


def colours(cmap: str, n: int) -> list[str]:
    """``n`` colours of a sequential matplotlib colour map, light to dark."""
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    scale = colormaps[cmap]
    return [to_hex(scale(0.15 + 0.8 * i / max(n - 1, 1))) for i in range(n)]


def legend_labels(breaks: list[float], decimals: int, suffix: str) -> list[str]:
    """« 8,1 – 10,2 % » for each class."""
    if len(breaks) == 1:
        return [fr_number(breaks[0], decimals) + suffix]
    return [f"{fr_number(a, decimals)} – {fr_number(b, decimals)}{suffix}"
            for a, b in zip(breaks[:-1], breaks[1:], strict=True)]


def _panel(panel: Panel, ids: dict[str, str], x: float, y: float, legend_x: float) -> str:
    breaks = class_breaks(list(panel.values.values()))
    palette = colours(panel.cmap, max(len(breaks) - 1, 1))
    by_fill: dict[str, list[str]] = {}  # one group per colour: each <use> names no colour
    for code, name in ids.items():
        value = panel.values.get(code, float("nan"))
        fill = palette[class_of(value, breaks)] if value == value else MISSING_FILL
        by_fill.setdefault(fill, []).append(f'<use href="#{name}"/>')
    uses = [f'<g fill="{fill}">{"".join(items)}</g>' for fill, items in by_fill.items()]
    entries = list(zip(palette, legend_labels(breaks, panel.decimals, panel.suffix),
                       strict=False)) if breaks else []
    if any(panel.values.get(code, float("nan")) != panel.values.get(code, float("nan"))
           for code in ids):
        entries.append((MISSING_FILL, panel.missing))
    swatches = "".join(f'<rect x="{legend_x:.0f}" y="{PANEL_TITLE + 12 * i}" width="9" '
                       f'height="9" fill="{fill}"/>' for i, (fill, _) in enumerate(entries))
    labels = "".join(f'<text x="{legend_x + 13:.0f}" y="{PANEL_TITLE + 12 * i + 8}">'
                     f'{escape(label)}</text>' for i, (_, label) in enumerate(entries))
    return (f'<g transform="translate({x:g} {y:g})"><text y="10" font-size="9.5" '
            f'font-weight="bold">{escape(panel.title)}</text>'
            f'<g transform="translate(0 {PANEL_TITLE}) scale({1 / UNITS_PER_POINT:g})" '
            f'stroke="#fff" stroke-width="{0.5 * UNITS_PER_POINT:g}">{"".join(uses)}</g>'
            f'<g stroke="#999" stroke-width=".3">{swatches}</g>'
            f'<g font-size="7.5">{labels}</g></g>')


def small_multiples(title: str, panels: list[Panel], polygons: dict[str, list],
                    columns: int = COLUMNS) -> str:
    """The SVG of ``panels`` (``columns`` a row: two small maps, or one large) over the same
    communes' ``polygons`` (lon, lat rings, :func:`analysis.display.charts.commune_polygons`),
    under ``title``."""
    panel_width = WIDTH / columns
    rings, map_width, map_height = project(polygons, MAP_BOX * COLUMNS / columns)
    ids = {code: f"c{i}" for i, code in enumerate(sorted(rings))}
    legend_height = PANEL_TITLE + 12 * (N_CLASSES + 1)
    row_height = PANEL_TITLE + max(map_height, legend_height) + PANEL_GAP
    n_rows = math.ceil(len(panels) / columns)
    height = TITLE_HEIGHT + n_rows * row_height
    defs = "".join(f'<path id="{ids[code]}" d="{path_data(rings[code])}"/>'
                   for code in sorted(rings))
    hatch = ('<pattern id="h" width="4" height="4" patternUnits="userSpaceOnUse" '
             'patternTransform="rotate(45)"><rect width="4" height="4" fill="#e4e4e4"/>'
             '<path d="M0 0v4" stroke="#9a9a9a" stroke-width="1.2"/></pattern>')
    body = "".join(
        _panel(p, ids, 7 + (i % columns) * panel_width,
               TITLE_HEIGHT + (i // columns) * row_height, map_width + LEGEND_GAP)
        for i, p in enumerate(panels))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}pt" '
            f'height="{height:.0f}pt" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'font-family="DejaVu Sans, sans-serif" fill="#222">'
            f'<defs>{hatch}{defs}</defs><rect width="{WIDTH}" height="{height:.0f}" '
            f'fill="#fff"/><text x="7" y="17" font-size="12" font-weight="bold">'
            f'{escape(title)}</text>{body}</svg>')
