"""Tables of the pages: sources as numbered notes, long tables folded, every table in its
scrolling box (analysis.display.tables, analysis.display.notes)."""

from __future__ import annotations

import pandas as pd
import pytest
from markupsafe import Markup

from analysis.display.notes import Notes, marks, split_citation
from analysis.display.tables import (
    FOLD_ROWS,
    all_figures_table,
    figures_table,
    fold_summary,
    html_table,
    render_table,
)

DOC = "CA de Lens-Liévin, Rapport développement durable (2021-02-02)"
OTHER = "INSEE, recensement 2017"


def figure(label: str, source: str, **changes) -> dict:
    row = {"figure_id": f"T/2019/s/{label}/-/-", "label": label, "period": "", "kind": "observed",
           "value": 10.0, "low": 10.0, "high": 10.0, "unit": "t", "decimals": 0,
           "source": source, "published_value": float("nan"), "published_low": float("nan"),
           "published_high": float("nan"), "published_source": "", "status": "printed",
           "check": "", "gap": float("nan"), "gap_pct": float("nan"), "note": ""}
    return row | changes


# --- citations split into notes ---------------------------------------------------------------


def test_a_citation_is_split_into_one_note_per_line_and_part():
    assert split_citation(f"Calcul : {DOC}, l. 844, 846 ; somme des 36 communes") == (
        "Calcul : ", [(DOC, "l. 844"), (DOC, "l. 846"), ("somme des 36 communes", "")])


def test_text_after_the_lines_of_a_part_is_a_note_of_its_own():
    assert split_citation("Contrat (2021), l. 572; population municipale INSEE") == (
        "", [("Contrat (2021)", "l. 572"), ("population municipale INSEE", "")])


def test_a_citation_by_page_keeps_its_page():
    assert split_citation("Plan climat (2020), p. 12") == ("", [("Plan climat (2020)", "p. 12")])


def test_the_same_document_and_line_is_one_note_with_one_number():
    notes = Notes.of([f"{DOC}, l. 831", f"{OTHER}", f"Calcul : {DOC}, l. 831, 825"])
    # the document first cited comes first, its lines in increasing order
    assert notes.numbers == {(DOC, "l. 825"): 1, (DOC, "l. 831"): 2, (OTHER, ""): 3}
    assert notes.cite(f"{DOC}, l. 831") == "[2]"
    assert notes.cite(f"Calcul : {DOC}, l. 831, 825") == "Calcul : [1, 2]"
    assert notes.cite(OTHER) == "[3]"
    assert notes.cite(float("nan")) == ""


def test_the_notes_list_each_document_once_with_its_numbered_lines():
    notes = Notes.of([f"{DOC}, l. 906", f"{DOC}, l. 831", "somme des 36 communes"])
    assert notes.html() == (
        '<ul class="table-notes">'
        "<li>CA de Lens-Liévin, Rapport développement durable (2021-02-02) : "
        "[1] l. 831 · [2] l. 906</li>"
        "<li>[3] somme des 36 communes</li></ul>")


def test_no_citation_gives_no_notes_list():
    assert Notes.of(["", float("nan")]).html() == ""


def test_a_note_escapes_the_citation():
    assert "&lt;script&gt;" in Notes.of(["<script>, l. 3"]).html()


@pytest.mark.parametrize(("numbers", "expected"), [
    ([], ""), ([4], "[4]"), ([1, 2], "[1, 2]"), ([1, 2, 3, 5], "[1–3, 5]"),
    ([2, 4, 5, 6, 7, 9, 10], "[2, 4–7, 9, 10]"),
])
def test_runs_of_three_notes_or_more_are_a_range(numbers, expected):
    assert marks(numbers) == expected


# --- folding ------------------------------------------------------------------------------------


def test_a_table_of_twelve_rows_is_open_and_one_of_thirteen_is_folded():
    assert FOLD_ROWS == 12
    assert fold_summary(12) == ""
    assert fold_summary(13) == "Le tableau en détail (13 lignes)"
    assert fold_summary(35, "Les communes une à une") == "Les communes une à une (35 lignes)"


def _rows(n: int) -> list[dict]:
    return [{"cells": [f"ligne {k}", str(k)], "id": ""} for k in range(n)]


def test_render_table_folds_a_long_table_under_its_summary():
    html = render_table(["Nom", "Valeur"], _rows(13))
    assert html.startswith('<details class="long-table"><summary>Le tableau en détail '
                           '(13 lignes)</summary><div class="table-scroll"><table')
    assert html.endswith("</table></div></details>")
    assert html.count("<tr>") == 14


def test_render_table_shows_a_short_table_open_in_its_scrolling_box():
    assert render_table(["Nom", "Valeur"], _rows(2), "figures") == (
        '<div class="table-scroll"><table class="figures"><thead><tr>'
        '<th scope="col">Nom</th><th scope="col">Valeur</th></tr></thead><tbody>'
        '<tr><th scope="row">ligne 0</th><td>0</td></tr>'
        '<tr><th scope="row">ligne 1</th><td>1</td></tr></tbody></table></div>')


def test_an_empty_summary_keeps_a_long_table_open():
    assert "<details" not in render_table(["Nom", "Valeur"], _rows(20), summary="")


# --- the tables of figures ------------------------------------------------------------------------


def test_a_figures_table_cites_numbered_notes_listed_once_under_it():
    df = pd.DataFrame([figure("Verre", f"{DOC}, l. 846"), figure("Végétaux", f"{DOC}, l. 852"),
                       figure("Total", f"Calcul : {DOC}, l. 846, 852", kind="computed"),
                       figure("Encore le verre", f"{DOC}, l. 846")])
    html = figures_table(df).data
    cells = [part.split("</td>")[0] for part in html.split("<td>")[1:]]
    assert [c for c in cells if c.startswith(("[", "Calcul"))] == [
        "[1]", "[2]", "Calcul : [1, 2]", "[1]"]
    assert html.count(DOC) == 1
    assert html.endswith(
        '</table></div><ul class="table-notes"><li>CA de Lens-Liévin, Rapport développement '
        "durable (2021-02-02) : [1] l. 846 · [2] l. 852</li></ul>")


def test_a_compared_figure_cites_what_it_was_compared_with_as_a_note():
    df = pd.DataFrame([figure("Verre", f"{DOC}, l. 846", status="mismatch", check="second_printing",
                              published_value=7175.0, published_low=7174.5,
                              published_high=7175.5, published_source=f"{DOC}, l. 947",
                              gap=-104.0, gap_pct=-1.4)])
    html = figures_table(df).data
    assert "<td>[1]<br><small>comparé à : [2]</small></td>" in html
    assert "[1] l. 846 · [2] l. 947" in html


def test_a_source_not_shown_is_not_a_note():
    # a figure shown as printed: what it would be compared with is not on the page
    df = pd.DataFrame([figure("Verre", f"{DOC}, l. 846", published_source=f"{OTHER}, l. 9")])
    assert OTHER not in figures_table(df).data


def test_the_table_of_all_figures_is_always_folded_with_its_row_count():
    df = pd.DataFrame([figure("Verre", f"{DOC}, l. 846"), figure("Note", OTHER, note="vu")])
    html = all_figures_table(df).data
    assert html.startswith('<details class="long-table all-figures"><summary>Tous les '
                           'chiffres de la section (2 lignes)</summary><div '
                           'class="table-scroll">')
    assert "<th scope=\"col\">Remarque</th>" in html and "<td>vu</td>" in html


def test_html_table_turns_its_source_column_into_notes():
    html = html_table(["Origine", "Bornes", "Source"],
                      [["Etalab", "12", f"{DOC}, l. 3"], ["Dérivé", "14", f"{DOC}, l. 3"]]).data
    assert html.count("<td>[1]</td>") == 2
    assert html.count(DOC) == 1


def test_html_table_escapes_every_cell():
    html = html_table(["Nom", "Valeur"], [["<b>x</b>", "<script>"]]).data
    assert "<b>" not in html and "&lt;script&gt;" in html


def test_a_cell_built_from_escaped_pieces_keeps_its_markup():
    html = render_table(["Nom", "Valeur"], [{"cells": [Markup("a <small>(1)</small>"), "2"],
                                             "id": "T/1"}])
    assert '<tr data-figure-id="T/1"><th scope="row">a <small>(1)</small></th>' in html


def test_a_long_figures_table_is_folded_under_its_count_of_figures():
    df = pd.DataFrame([figure(f"Flux {k}", f"{DOC}, l. {k}") for k in range(13)])
    html = figures_table(df).data
    assert html.startswith('<details class="long-table"><summary>Les chiffres en détail '
                           '(13 lignes)</summary>')
    assert "<details" not in figures_table(df.head(12)).data
