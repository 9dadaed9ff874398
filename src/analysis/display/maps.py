"""Maps of the communes written as one compact SVG (one map, or small multiples).

A page of the housing section shows up to seven maps of the same communes (census vacancy,
flats, LOVAC vacancy, income, poverty, rents of flats and houses). Drawn one by one as
matplotlib polygons (how the pages first drew them), each map repeats every commune's
outline: seven maps of the 100 communes of the CABBALR would weigh about 360 kB, beyond
the limit of a page (``analysis.engine.render.MAX_SECTION_PAGE_BYTES``); a single
matplotlib map of them weighs several times the compact one. Here each outline is written once (an
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
MAP_BOX = 160  # pt: the largest side of each map
LEGEND_GAP = 10  # pt: between a map and its legend, on its right
TITLE_HEIGHT = 26  # pt: the chart's title
PANEL_TITLE = 16  # pt: each map's title, above it
PANEL_GAP = 14  # pt: between two rows of maps
UNITS_PER_POINT = 2  # outlines written in integers of half a point
N_CLASSES = 5
MISSING_FILL = "url(#h)"
LEGEND_FONT = 9  # pt: legend and commune names, readable once the image fits a phone
LEGEND_LINE = 12.5  # pt: between two legend entries
LEGEND_CHARS = 19  # a legend entry longer than this goes on two lines
N_NAMED = 5  # communes named on each map: the largest
BOLD_GLYPH_EM = 0.64  # DejaVu Sans Bold: mean advance of a letter, in ems


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


def main_communes(sizes: dict[str, float], n: int = N_NAMED) -> list[str]:
    """The codes of the ``n`` largest communes by ``sizes`` (population, dwellings), largest
    first; ties in code order."""
    known = [(code, size) for code, size in sizes.items() if size == size]
    return [code for code, _ in sorted(known, key=lambda item: (-item[1], item[0]))[:n]]


def label_point(rings: list[np.ndarray]) -> tuple[float, float]:
    """Where to write a commune's name (path units): the centroid of its largest ring (the
    shoelace formula; the mean of its points for a degenerate ring)."""
    ring = max(rings, key=lambda r: abs(_area(r)))
    x, y = ring[:, 0].astype(float), ring[:, 1].astype(float)
    cross = x * np.roll(y, -1) - np.roll(x, -1) * y
    area = cross.sum() / 2
    if area == 0:
        return float(x.mean()), float(y.mean())
    return (float(((x + np.roll(x, -1)) * cross).sum() / (6 * area)),
            float(((y + np.roll(y, -1)) * cross).sum() / (6 * area)))


def _area(ring: np.ndarray) -> float:
    x, y = ring[:, 0].astype(float), ring[:, 1].astype(float)
    return float((x * np.roll(y, -1) - np.roll(x, -1) * y).sum() / 2)


def names_svg(names: dict[str, str], rings: dict[str, list[np.ndarray]]) -> str:
    """The communes' names, centred on each, dark on a white halo (readable on any
    colour)."""
    texts = []
    for name, (x, y) in place_names(names, rings):
        texts.append(f'<text x="{x:.0f}" y="{y:.0f}">{escape(name)}</text>')
    if not texts:
        return ""
    # the halo drawn first, then the names over it: WeasyPrint's PDFs ignore paint-order
    style = (f'font-size="{LEGEND_FONT - 1:g}" font-weight="bold" text-anchor="middle" '
             f'dominant-baseline="middle"')
    return (f'<g {style} fill="#fff" stroke="#fff" stroke-width="2.4" '
            f'stroke-linejoin="round">{"".join(texts)}</g><g {style}>{"".join(texts)}</g>')


def place_names(names: dict[str, str], rings: dict[str, list[np.ndarray]]
                ) -> list[tuple[str, tuple[float, float]]]:
    """Each name and where it goes (pt): on its commune, or a line above or below when a
    name written before (a larger commune) is there; left out when no place is free."""
    size = LEGEND_FONT - 1
    placed: list[tuple[str, tuple[float, float]]] = []
    boxes: list[tuple[float, float, float, float]] = []
    for code, name in names.items():
        if code not in rings:
            continue
        x, y = (v / UNITS_PER_POINT for v in label_point(rings[code]))
        half = 0.3 * size * len(name)  # DejaVu Sans bold: about 0.6 em a character
        for shift in (0, 1, -1, 2, -2):
            box = (x - half, y + shift * size - size / 2, x + half, y + shift * size + size / 2)
            if not any(box[0] < b[2] and b[0] < box[2] and box[1] < b[3] and b[1] < box[3]
                       for b in boxes):
                boxes.append(box)
                placed.append((name, (x, y + shift * size)))
                break
    return placed


def _legend_lines(entries: list[tuple[str, str]]) -> list[tuple[str, list[str]]]:
    """Each legend entry's colour and its label on one or two lines."""
    import textwrap

    return [(fill, textwrap.wrap(label, LEGEND_CHARS, break_long_words=False) or [label])
            for fill, label in entries]


def fitted_title(text: str, room: float, x: float = 0, y: float = 11, size: float = 10) -> str:
    """A bold SVG title on one line, squeezed to ``room`` points when it would be wider (an
    estimate from DejaVu Sans Bold's mean glyph width): never cut by the next map."""
    fit = (f' textLength="{room:.0f}" lengthAdjust="spacingAndGlyphs"'
           if len(text) * size * BOLD_GLYPH_EM > room else "")
    return (f'<text x="{x:g}" y="{y:g}" font-size="{size:g}" font-weight="bold"{fit}>'
            f'{escape(text)}</text>')


def _panel(panel: Panel, ids: dict[str, str], x: float, y: float, legend_x: float,
           names: str = "", title_room: float = WIDTH) -> str:
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
    swatches, labels, line = [], [], 0
    for fill, lines in _legend_lines(entries):
        top = PANEL_TITLE + LEGEND_LINE * line
        swatches.append(f'<rect x="{legend_x:.0f}" y="{top:g}" width="9" height="9" '
                        f'fill="{fill}"/>')
        labels.extend(f'<text x="{legend_x + 13:.0f}" y="{top + LEGEND_LINE * k + 8:g}">'
                      f'{escape(text)}</text>' for k, text in enumerate(lines))
        line += len(lines)
    return (f'<g transform="translate({x:g} {y:g})">{fitted_title(panel.title, title_room)}'
            f'<g transform="translate(0 {PANEL_TITLE}) scale({1 / UNITS_PER_POINT:g})" '
            f'stroke="#fff" stroke-width="{0.5 * UNITS_PER_POINT:g}">{"".join(uses)}</g>'
            f'<g transform="translate(0 {PANEL_TITLE})">{names}</g>'
            f'<g stroke="#999" stroke-width=".3">{"".join(swatches)}</g>'
            f'<g font-size="{LEGEND_FONT:g}">{"".join(labels)}</g></g>')


def small_multiples(title: str, panels: list[Panel], polygons: dict[str, list],
                    columns: int = COLUMNS, names: dict[str, str] | None = None) -> str:
    """The SVG of ``panels`` (``columns`` a row: two small maps, or one large) over the same
    communes' ``polygons`` (lon, lat rings, :func:`analysis.display.charts.commune_polygons`),
    under ``title``; ``names`` (code → name, :func:`main_communes`) written on each map."""
    panel_width = WIDTH / columns
    rings, map_width, map_height = project(polygons, MAP_BOX * COLUMNS / columns)
    ids = {code: f"c{i}" for i, code in enumerate(sorted(rings))}
    legend_height = PANEL_TITLE + LEGEND_LINE * (N_CLASSES + 2)
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
               TITLE_HEIGHT + (i // columns) * row_height, map_width + LEGEND_GAP,
               names_svg(names or {}, rings), panel_width - 12)
        for i, p in enumerate(panels))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}pt" '
            f'height="{height:.0f}pt" viewBox="0 0 {WIDTH} {height:.0f}" '
            f'font-family="DejaVu Sans, sans-serif" fill="#222">'
            f'<defs>{hatch}{defs}</defs><rect width="{WIDTH}" height="{height:.0f}" '
            f'fill="#fff"/><text x="7" y="17" font-size="12" font-weight="bold">'
            f'{escape(title)}</text>{body}</svg>')
