"""The audit in plain French (issue 20): one sentence per gap, the gap in the figure's own
unit, and the population a per-inhabitant ratio implies. Every row here is SYNTHETIC: made
up for the test, not taken from a document."""

from __future__ import annotations

import pandas as pd

from analysis.core.fmt import gap_size
from analysis.display.text import mismatch_markdown

NBSP, NNBSP = "\u00a0", "\u202f"


def _row(**values) -> dict:
    """A synthetic row of the figures table (only the columns the audit reads)."""
    row = {"territory": "CALL", "year": 2019, "indicator": "x", "label": "Chiffre",
           "kind": "computed", "value": 0.0, "low": 0.0, "high": 0.0, "unit": "t",
           "decimals": 0, "source": "Doc B, l. 2", "published_value": None,
           "published_source": "Doc A, l. 1", "status": "verified", "gap": None,
           "gap_pct": None, "note": ""}
    return row | values


def test_the_gap_of_a_rate_is_in_points_without_sign():
    assert gap_size(-2.5, -5.3, "%", 1) == f"2,5{NBSP}points"
    assert gap_size(1.0, 5.0, "%", 1) == f"1,0{NBSP}point"


def test_the_gap_of_a_quantity_is_in_its_unit_with_the_relative_gap():
    assert gap_size(-104.0, -1.45, "t", 0) == f"104{NBSP}t (1,4{NBSP}%)"


def test_a_rate_recomputed_differently_reads_as_one_sentence_in_points():
    df = pd.DataFrame([_row(label="Taux de vacance", unit="%", decimals=1, value=4.1,
                            low=4.1, high=4.1, published_value=6.0, status="mismatch",
                            gap=-1.9, gap_pct=-31.7)])
    assert mismatch_markdown(df) == (
        f"- **Taux de vacance** : le document publie 6,0{NBSP}% (Doc A, l. 1), les données "
        f"donnent 4,1{NBSP}%, soit un écart de 1,9{NBSP}point.")


def test_a_figure_printed_twice_names_both_printings():
    df = pd.DataFrame([_row(label="Verre", kind="observed", value=7071.0, low=7071.0,
                            high=7071.0, published_value=7175.0, status="mismatch",
                            gap=-104.0, gap_pct=-1.449, note="flux imprimé deux fois.")])
    assert mismatch_markdown(df) == (
        f"- **Verre** : le document publie 7{NNBSP}175{NBSP}t (Doc A, l. 1) et imprime "
        f"ailleurs 7{NNBSP}071{NBSP}t (Doc B, l. 2), soit un écart de 104{NBSP}t "
        f"(1,4{NBSP}%). Flux imprimé deux fois.")


def test_a_per_inhabitant_gap_gives_the_population_the_published_ratio_implies():
    # synthetic: 2 000 000 € for 10 000 inhabitants is 200 €/hab.; a printed 160 €/hab.
    # implies 2 000 000 / 160 = 12 500 inhabitants
    df = pd.DataFrame([
        _row(indicator="population", kind="reference", value=10000.0, unit="hab"),
        _row(label="Coût par habitant", unit="EUR/hab/an", decimals=2, value=200.0,
             low=199.9, high=200.1, published_value=160.0, status="mismatch", gap=40.0,
             gap_pct=25.0)])
    assert mismatch_markdown(df) == (
        f"- **Coût par habitant** : le document publie 160,00{NBSP}€/hab./an (Doc A, l. 1), "
        f"les données donnent 200,00{NBSP}€/hab./an (entre 199,90 et 200,10 compte tenu des "
        f"arrondis), soit un écart de 40,00{NBSP}€/hab./an (25,0{NBSP}%). Raison probable : "
        f"160,00{NBSP}€/hab./an suppose environ 12{NNBSP}500 habitants quand la CALL en "
        f"comptait 10{NNBSP}000.")


def test_without_the_population_used_no_reason_is_given():
    df = pd.DataFrame([_row(label="Coût par habitant", unit="EUR/hab/an", value=200.0,
                            published_value=160.0, status="mismatch", gap=40.0,
                            gap_pct=25.0)])
    assert "Raison probable" not in mismatch_markdown(df)


def test_a_figure_of_the_national_file_says_so():
    df = pd.DataFrame([_row(label="Logements vacants", kind="reference", unit="count",
                            value=8000.0, low=8000.0, high=8000.0, published_value=11000.0,
                            status="mismatch", gap=-3000.0, gap_pct=-27.27)])
    assert mismatch_markdown(df) == (
        f"- **Logements vacants** : le document publie 11{NNBSP}000 (Doc A, l. 1), le fichier "
        f"national donne 8{NNBSP}000, soit un écart de 3{NNBSP}000 (27,3{NBSP}%).")
