"""What a reader notices on a chart (analysis.display.charts): French text, no line
references, wrapped labels, labels apart, identical lines drawn once, legible on a phone."""

import re

import matplotlib.pyplot as plt
import pytest

from analysis.display.charts import (
    MIN_FONT_PT,
    WIDTH_IN,
    barh,
    chart_text,
    french_axis,
    french_list,
    legend_above,
    new_chart,
    render_svg,
    same_lines,
    separate_labels,
    tidy_texts,
    wrap_label,
)

MINUS = "\u2212"
NBSP = "\u00a0"


@pytest.mark.parametrize(("text", "expected"), [
    ("Loi de 2015 (national, l. 2337) : -50 % de 2012 à 2050",
     f"Loi de 2015 (national) : {MINUS}50{NBSP}% de 2012{NBSP}à 2050"),
    ("publié (l. 831-858)", "publié"),
    ("Rapport, p. 12, l. 831, 844", "Rapport"),
    ("PLH 2024-2029", "PLH 2024-2029"),
])
def test_chart_text_drops_line_references_and_is_typeset_in_french(text, expected):
    assert chart_text(text) == expected


def test_a_long_category_label_is_wrapped_never_cut():
    label = "Logements produits\nPLH 2024-2029 (programme d'actions, juin 2023)"
    assert wrap_label(label, 26) == ("Logements produits\nPLH 2024-2029 (programme\n"
                                     "d'actions, juin 2023)")
    assert wrap_label("résidences principales", 26) == "résidences principales"


def test_identical_lines_are_drawn_once_under_both_names():
    lines = [((2012, 2050, -50.0), "Loi de 2015"), ((2019, 2050, -60.0), "Région"),
             ((2012, 2050, -50.0), "Loi de 2019")]
    assert same_lines(lines) == [((2012, 2050, -50.0), "Loi de 2015 et Loi de 2019"),
                                 ((2019, 2050, -60.0), "Région")]
    assert french_list(["A", "B", "C"]) == "A, B et C"


def test_the_axis_of_numbers_writes_negative_ticks_with_the_minus_sign():
    fig, ax = new_chart()
    french_axis(ax, "y", 1, " %")
    assert ax.yaxis.get_major_formatter()(-1.7, 0) == f"{MINUS}1,7 %"
    plt.close(fig)


def test_tidy_texts_wraps_categories_raises_small_text_and_cleans_the_legend():
    fig, ax = barh(["Ordures ménagères résiduelles et assimilées collectées", "Verre"],
                   [10, 5], value_labels=["-10 t", "5 t"])
    ax.plot([1], [0], label="publié (rapport, l. 844)")
    legend_above(ax, fontsize=7)
    tidy_texts(fig)
    labels = ax.yaxis.get_major_formatter().seq
    assert labels == ["Ordures ménagères\nrésiduelles et assimilées\ncollectées", "Verre"]
    assert [t.get_text() for t in ax.texts] == [f"{MINUS}10{NBSP}t", f"5{NBSP}t"]
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["publié (rapport)"]
    assert min(t.get_fontsize() for t in fig.findobj(plt.Text) if t.get_text()) >= MIN_FONT_PT
    plt.close(fig)


def test_close_value_labels_are_moved_apart():
    fig, ax = new_chart()
    ax.plot([0, 1], [32, 33])
    ax.set_ylim(0, 100)
    for y, text in ((32, "32 %"), (33, "33 %")):
        ax.annotate(text, (1, y), xytext=(4, 0), textcoords="offset points")
    fig.tight_layout()
    renderer = fig.canvas.get_renderer()
    low, high = (t.get_window_extent(renderer) for t in ax.texts)
    assert low.overlaps(high)  # the case: two labels on top of each other
    separate_labels(fig)
    low, high = (t.get_window_extent(renderer) for t in ax.texts)
    assert not low.overlaps(high)
    plt.close(fig)


def _box(svg: str) -> tuple[float, float]:
    width, height = re.search(r'viewBox="0 0 ([\d.]+) ([\d.]+)"', svg).groups()
    return float(width), float(height)


def test_a_rendered_chart_keeps_its_long_legend_and_labels_inside_the_image():
    fig, ax = barh(["Logements produits\nPLH 2024-2029 (programme d'actions, juin 2023)",
                    "Ventes"], [900, 70], value_labels=["900 (sans échéance)", "70"])
    ax.axvline(45, label="objectif 45 % (échéance non précisée, lu comme cette part)")
    ax.axvline(65, label="objectif 65 % (2025, lu comme cette part)")
    legend_above(ax, ncol=2)
    svg = render_svg(fig, "Rythme annuel observé et rythme requis par les objectifs du PLH")
    width, _ = _box(svg)
    assert width <= 72 * WIDTH_IN * 1.15  # wrapped: not a legend twice as wide as the chart
    assert "(programme" in svg and "juin 2023)" in svg and "900 (sans échéance)" in svg
    sizes = [float(s) for s in re.findall(r"font-size: ([\d.]+)px", svg)]
    # legible on a 390 px phone: the smallest text, once the image is 358 px wide
    assert min(sizes) * 358 / width >= 8.0
