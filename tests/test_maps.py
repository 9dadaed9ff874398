"""Maps of the communes (analysis.display.maps): the largest communes named, a legend that
reads on a phone and never runs into the next map."""

from xml.etree import ElementTree

import numpy as np

from analysis.display.maps import (
    LEGEND_CHARS,
    LEGEND_FONT,
    Panel,
    fitted_title,
    label_point,
    main_communes,
    small_multiples,
)

NS = "{http://www.w3.org/2000/svg}"
SQUARES = {"00001": [[[0, 0], [1, 0], [1, 1], [0, 1], [0, 0]]],
           "00002": [[[1, 0], [2, 0], [2, 1], [1, 1], [1, 0]]],
           "00003": [[[2, 0], [3, 0], [3, 1], [2, 1], [2, 0]]]}


def test_the_main_communes_are_the_largest_first_ties_in_code_order():
    sizes = {"00001": 10.0, "00002": 300.0, "00003": float("nan"), "00004": 10.0}
    assert main_communes(sizes, 3) == ["00002", "00001", "00004"]


def test_a_name_is_written_at_the_centroid_of_the_largest_ring():
    small = np.array([[0, 0], [2, 0], [2, 2], [0, 2], [0, 0]])
    large = np.array([[10, 0], [30, 0], [30, 10], [10, 10], [10, 0]])
    assert label_point([small, large]) == (20.0, 5.0)


def test_the_named_communes_are_written_on_each_map_escaped():
    panels = [Panel("A", {"00001": 1.0, "00002": 2.0, "00003": 3.0}),
              Panel("B", {"00001": 1.0, "00002": 2.0, "00003": 3.0})]
    svg = small_multiples("Titre", panels, SQUARES, names={"00002": "Saint-Amand & Co"})
    root = ElementTree.fromstring(svg)
    groups = [g for g in root.iter(f"{NS}g")
              if any(t.text == "Saint-Amand & Co" for t in g.findall(f"{NS}text"))]
    # on each of the two maps: a white halo first, then the name over it (a PDF renderer
    # that ignores paint-order still shows the dark name)
    assert [g.get("stroke") for g in groups] == ["#fff", None, "#fff", None]


def test_the_legend_is_nine_points_and_a_long_reason_goes_on_several_lines():
    panel = Panel("A", {"00001": 1.0, "00002": float("nan"), "00003": 3.0},
                  missing="secret statistique ou absente du fichier")
    root = ElementTree.fromstring(small_multiples("Titre", [panel], SQUARES))
    legend = [g for g in root.iter(f"{NS}g") if g.get("font-size") == f"{LEGEND_FONT:g}"]
    texts = [t.text for t in legend[0].iter(f"{NS}text")]
    assert texts[-3:] == ["secret statistique", "ou absente du", "fichier"]
    assert all(len(t) <= LEGEND_CHARS for t in texts)


def test_names_that_would_overlap_move_a_line_down_or_up():
    from analysis.display.maps import UNITS_PER_POINT, place_names

    ring = np.array([[0, 0], [40, 0], [40, 40], [0, 40], [0, 0]]) * UNITS_PER_POINT
    rings = {"a": [ring], "b": [ring], "c": [ring], "d": [ring + 1000]}
    placed = place_names({"a": "Anzin", "b": "Marly", "c": "Onnaing", "d": "Loin"}, rings)
    line = LEGEND_FONT - 1
    assert placed == [("Anzin", (20.0, 20.0)), ("Marly", (20.0, 20.0 + line)),
                      ("Onnaing", (20.0, 20.0 - line)), ("Loin", (520.0, 520.0))]


def test_a_map_title_too_long_for_its_column_is_squeezed_not_cut():
    long_title = "Loyer d'annonce des appartements, 2018 (€/m²)"  # 45 letters > 258 pt at 10 pt
    assert fitted_title(long_title, 258) == (
        '<text x="0" y="11" font-size="10" font-weight="bold" textLength="258" '
        'lengthAdjust="spacingAndGlyphs">Loyer d&#x27;annonce des appartements, 2018 '
        '(€/m²)</text>')
    assert fitted_title("Court", 258) == (
        '<text x="0" y="11" font-size="10" font-weight="bold">Court</text>')
