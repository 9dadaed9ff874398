"""The figures record and its audit against published values (analysis.figures)."""

import math

import pandas as pd
import pytest

from analysis.core.fmt import gap_text, shows_interval
from analysis.core.statuses import verification_counts
from analysis.core.uncertainty import Estimate
from analysis.display.text import mismatch_markdown
from analysis.figures.audit import audit, compare
from analysis.figures.catalogue import CatalogueError
from analysis.figures.record import (
    FIGURE_COLUMNS,
    Figure,
    FigureCollector,
    figure_ids,
    period_key,
    read_figures_csv,
    unaudited_published,
    write_figures_csv,
)

# synthetic values: one document, a second one, a national file; one territory-year
SOURCES = pd.DataFrame({
    "source_id": ["doc", "other", "census"],
    "publisher": ["Agglo", "Région", "INSEE"],
    "title": ["Rapport", "Schéma", "Recensement"],
    "published": ["2020", "2021", "2024"],
    "path": ["data/documents/doc.txt", "data/documents/other.txt",
             "data/reference/census.csv"],
})
PUBLISHED_COLUMNS = ["territory", "year", "indicator", "breakdown", "value", "unit",
                     "precision", "source_id", "locator", "note"]


def _published(*rows, source_id: str = "doc") -> pd.DataFrame:
    """Published rows as (indicator, breakdown, value, precision, locator) for TTT 2019."""
    return pd.DataFrame(
        [("TTT", 2019, i, b, v, "%", p, source_id, loc, "") for i, b, v, p, loc in rows],
        columns=PUBLISHED_COLUMNS,
    )


def _computed(indicator: str, value: float, low: float, high: float, breakdown: str = "",
              source: str = "Calcul : Agglo, Rapport (2020), l. 4"):
    return Figure(indicator=indicator, label=indicator, estimate=Estimate(value, low, high),
                  unit="%", kind="computed", source=source, breakdown=breakdown)


def _audit(figures, published) -> pd.DataFrame:
    return audit(figures, published, SOURCES, "TTT", 2019, "waste")


def test_a_computed_interval_overlapping_the_published_rounding_is_a_match():
    # synthetic values: [10.1, 10.3] against "10" printed to the unit, i.e. [9.5, 10.5]
    df = _audit([_computed("recovered_share_pct", 10.2, 10.1, 10.3)],
                _published(("recovered_share_pct", "", 10, 1, "l. 1")))

    assert df["status"].tolist() == ["match"]
    assert (df.loc[0, "published_low"], df.loc[0, "published_high"]) == (9.5, 10.5)
    assert df.loc[0, "published_source"] == "Agglo, Rapport (2020), l. 1"


def test_intervals_that_only_touch_still_match():
    # synthetic values: [10.5, 11] touches [9.5, 10.5] at 10.5
    df = _audit([_computed("recovered_share_pct", 10.8, 10.5, 11.0)],
                _published(("recovered_share_pct", "", 10, 1, "l. 1")))

    assert df["status"].tolist() == ["match"]


def test_a_computed_interval_disjoint_from_the_published_rounding_is_a_mismatch():
    # synthetic values: [11.9, 12.1] against [9.5, 10.5]
    df = _audit([_computed("recovered_share_pct", 12.0, 11.9, 12.1)],
                _published(("recovered_share_pct", "", 10, 1, "l. 1")))

    assert df["status"].tolist() == ["mismatch"]
    assert df.loc[0, "gap"] == pytest.approx(2.0)


def test_an_unprinted_computed_figure_is_not_published_and_a_transcribed_one_is_as_printed():
    # synthetic values
    observed = Figure(indicator="collected_t", label="collected_t",
                      estimate=Estimate.rounded(7071, 1), unit="t",
                      kind="observed", source="Agglo, Rapport (2020), l. 2")
    df = _audit([_computed("recovered_share_pct", 10.2, 10.1, 10.3), observed], _published())

    assert df["status"].tolist() == ["not_published", "printed"]
    assert df["check"].tolist() == ["", ""]
    # a printed figure is not compared with itself: nothing verified, no gap
    for column in ("published_value", "published_low", "published_high", "gap", "gap_pct"):
        assert df[column].isna().all(), column
    assert df["published_source"].tolist() == ["", ""]
    assert verification_counts(df) == {"verified": 0, "mismatch": 0, "printed": 1,
                                       "recomputation": 0, "second_printing": 0,
                                       "national_file": 0}


def test_a_printing_at_the_line_a_figure_was_read_from_is_not_a_second_printing():
    observed = Figure(indicator="recovered_share_pct", label="part", unit="%", kind="observed",
                      estimate=Estimate.rounded(42, 1), source="Agglo, Rapport (2020), l. 825")
    same_line = _published(("recovered_share_pct", "", 42, 1, "l. 825"))
    other_line = _published(("recovered_share_pct", "", 42, 1, "l. 900"))
    other_document = _published(("recovered_share_pct", "", 45, 1, "l. 3"), source_id="other")

    assert _audit([observed], same_line)["status"].tolist() == ["printed"]
    again = _audit([observed], other_line)
    assert again[["status", "check"]].values.tolist() == [["match", "second_printing"]]
    elsewhere = _audit([observed], other_document)
    assert elsewhere[["status", "check"]].values.tolist() == [["mismatch", "second_printing"]]
    assert elsewhere.loc[0, "published_source"] == "Région, Schéma (2021), l. 3"


def test_a_figure_computed_from_national_files_only_is_a_national_check():
    national = _computed("recovered_share_pct", 9.2, 9.1, 9.3,
                         source="Calcul : INSEE, Recensement (2024)")
    mixed = _computed("recovered_share_pct", 9.2, 9.1, 9.3, breakdown="b",
                      source="Calcul : Agglo, Rapport (2020), l. 183 ; INSEE, Recensement "
                             "(2024)")
    published = _published(("recovered_share_pct", "", 9, 1, "l. 184"),
                           ("recovered_share_pct", "b", 12, 1, "l. 184"))
    df = _audit([national, mixed], published)

    assert df[["check", "status"]].values.tolist() == [["national_file", "match"],
                                                        ["recomputation", "mismatch"]]
    counts = verification_counts(df)
    assert (counts["verified"], counts["national_file"], counts["recomputation"],
            counts["mismatch"]) == (2, 1, 1, 1)


def test_a_national_figure_matches_within_its_stated_tolerance_and_says_so():
    # synthetic values: a national file gives 10 800 where the document printed 11 500 (to
    # the hundred: [11 450, 11 550]); 6 % of 11 500 = 690 brings 10 800 up to 11 490
    national = _computed("recovered_share_pct", 10800, 10800, 10800,
                         source="Calcul : INSEE, Recensement (2024)")
    national.tolerance_pct, national.tolerance_reason = 6, "millésimes différents"
    strict = _computed("recovered_share_pct", 10800, 10800, 10800, breakdown="b",
                       source="Calcul : INSEE, Recensement (2024)")
    published = _published(("recovered_share_pct", "", 11500, 100, "l. 183"),
                           ("recovered_share_pct", "b", 11500, 100, "l. 183"))
    df = _audit([national, strict], published)

    assert df["status"].tolist() == ["match", "mismatch"]
    assert df["gap"].tolist() == [-700, -700]  # the gap is the raw gap, tolerance or not
    assert df.loc[0, "note"] == ("écart admis à l'audit : 6 % du chiffre publié "
                                 "(millésimes différents)")
    assert df.loc[1, "note"] == ""
    national.tolerance_pct = 5  # 575 < 11 450 - 10 800 = 650: out of reach
    assert _audit([national], published)["status"].tolist() == ["mismatch"]


def test_a_tolerance_without_its_reason_is_refused():
    collector = FigureCollector(pd.DataFrame(columns=["indicator"]), SOURCES, None,
                                lambda i, b: i, lambda i: 0)
    with pytest.raises(ValueError, match="une tolérance d'audit dit pourquoi"):
        collector.add_computed_with_source("recovered_share_pct", Estimate.exact(1), "%",
                                           "méthode", "INSEE", tolerance_pct=5)


def test_a_figure_printed_twice_gets_one_audit_row_per_printing():
    # synthetic values: the same share printed as 42 % and as 44 %
    published = _published(("recovered_share_pct", "mo", 42, 1, "l. 825"),
                           ("recovered_share_pct", "mo", 44, 1, "l. 885"))
    df = _audit([_computed("recovered_share_pct", 44.46, 44.45, 44.47, breakdown="mo")],
                published)

    assert df["published_value"].tolist() == [42, 44]
    assert df["status"].tolist() == ["mismatch", "match"]
    assert df["published_source"].str.endswith(("l. 825", "l. 885")).all()


def test_compare_gives_the_gap_and_the_gap_relative_to_the_published_value():
    # synthetic values
    rise = compare(_computed("recovered_share_pct", 12.0, 12.0, 12.0), 10.0, 1)
    fall = compare(_computed("recovered_share_pct", -1.5, -1.5, -1.5), -2.0, 1)

    assert (rise["gap"], rise["gap_pct"]) == pytest.approx((2.0, 20.0))
    assert (fall["gap"], fall["gap_pct"]) == pytest.approx((0.5, 25.0))  # relative to |−2|
    against_zero = compare(_computed("recovered_share_pct", 1.0, 1.0, 1.0), 0.0, 0.1)
    assert against_zero["gap"] == 1.0
    assert math.isnan(against_zero["gap_pct"])  # no relative gap to a published zero


def test_unaudited_published_lists_only_printings_no_figure_is_compared_with():
    # synthetic values: "z" is published but not shown; another year's row is ignored
    published = pd.concat([
        _published(("recovered_share_pct", "", 10, 1, "l. 1"), ("z", "a", 5, 1, "l. 3")),
        _published(("w", "", 1, 1, "l. 9")).assign(year=2020),
    ], ignore_index=True)
    df = _audit([_computed("recovered_share_pct", 10.2, 10.1, 10.3)], published)

    left = unaudited_published(df, published, "TTT", 2019)

    assert list(zip(left["indicator"], left["breakdown"], strict=True)) == [("z", "a")]


def _record() -> pd.DataFrame:
    # synthetic values
    published = _published(("recovered_share_pct", "", 10, 1, "l. 1"))
    figures = [
        _computed("recovered_share_pct", 10.123456789, 10.1, 10.3),
        _computed("recovered_share_pct", 44.46, 44.45, 44.47, breakdown="material_organic"),
    ]
    return _audit(figures, published)


def test_the_figures_csv_round_trip_keeps_numbers_codes_and_statuses(tmp_path):
    df = _record()

    back = read_figures_csv(write_figures_csv(df, tmp_path / "out" / "waste.figures.csv"))

    assert back.columns.tolist() == FIGURE_COLUMNS
    assert back["territory"].tolist() == ["TTT", "TTT"]
    assert back["breakdown"].tolist() == ["", "material_organic"]
    assert back["status"].tolist() == ["match", "not_published"]
    assert back["check"].tolist() == ["recomputation", ""]
    assert back["value"].tolist() == pytest.approx([10.123456789, 44.46], rel=1e-9)
    assert back.loc[0, "published_value"] == 10.0
    assert math.isnan(back.loc[1, "published_value"])


def test_the_figures_csv_round_trip_keeps_empty_text_cells_empty(tmp_path):
    df = _record()

    back = read_figures_csv(write_figures_csv(df, tmp_path / "waste.figures.csv"))

    assert back["note"].tolist() == df["note"].tolist() == ["", ""]


def test_a_figure_the_catalogue_does_not_declare_stops_the_audit():
    figure = Figure(indicator="recovered_share_pct", label="part", unit="t", kind="computed",
                    estimate=Estimate(1, 1, 1), source="Calcul")
    with pytest.raises(CatalogueError, match=r"^unité 't' non déclarée pour l'indicateur "
                                             r"'recovered_share_pct' \(catalogue : %\)$"):
        _audit([figure], _published())


def test_a_figure_id_has_six_parts_whatever_its_period():
    assert period_key("01/04/2019") == "2019-04-01"
    assert period_key("11/2020") == "2020-11"
    assert period_key("2016-2018") == "2016-2018"
    assert period_key("2019/2020") == "2019-2020"
    df = pd.DataFrame({"territory": ["T"] * 3, "year": [2019] * 3, "section": ["s"] * 3,
                       "indicator": ["i"] * 3, "breakdown": ["", "b", "b"],
                       "period": ["01/04/2019", "11/2020", "11/2020"]})
    ids = figure_ids(df)
    assert ids == ["T/2019/s/i/-/2019-04-01", "T/2019/s/i/b/2020-11", "T/2019/s/i/b/2020-11#2"]
    assert all(len(i.split("#")[0].split("/")) == 6 for i in ids)


def test_an_infinite_figure_stops_the_audit_with_its_name():
    figure = _computed("recovered_share_pct", float("inf"), float("inf"), float("inf"))
    with pytest.raises(ValueError, match=r"^chiffre non fini \(value = inf\) : "
                                         r"recovered_share_pct"):
        _audit([figure], _published())


def test_a_count_printed_to_the_unit_is_exact_and_its_interval_is_not_shown():
    assert Estimate.rounded(211, 1, "count") == Estimate.exact(211)
    assert Estimate.rounded(211, 1, "t") == Estimate(211, 210.5, 211.5)
    assert Estimate.rounded(6000, 1000, "hab") == Estimate(6000, 5500, 6500)
    assert not shows_interval(50.51, 50.54, 1)  # « entre 50,5 et 50,5 »
    assert shows_interval(50.4, 50.6, 1)


def test_a_gap_in_a_rate_is_given_in_points_and_others_in_their_unit():
    assert gap_text(2.5, 5.3, "%", 1) == "+2,5 points"
    assert gap_text(-1.0, -5.0, "%", 1) == "\u22121,0 point"
    assert gap_text(104.0, 1.46, "t", 0) == "+104\u00a0t (+1,5\u00a0%)"


def test_the_audit_list_names_the_gap_without_a_point_interval():
    df = _audit([_computed("recovered_share_pct", 50.5, 50.48, 50.53)],
                _published(("recovered_share_pct", "", 48, 1, "l. 1")))
    text = mismatch_markdown(df.assign(decimals=1))
    assert "entre" not in text
    assert "écart de 2,5\u00a0points" in text
