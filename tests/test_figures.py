"""The figures record and its audit against published values (analysis.figures)."""

import math

import pandas as pd
import pytest

from analysis.catalogue import CatalogueError
from analysis.figures import (
    FIGURE_COLUMNS,
    Figure,
    audit,
    compare,
    read_figures_csv,
    unaudited_published,
    write_figures_csv,
)
from analysis.uncertainty import Estimate

# synthetic values: one document, one territory-year
SOURCES = pd.DataFrame({
    "source_id": ["doc"], "publisher": ["Agglo"], "title": ["Rapport"], "published": ["2020"],
})
PUBLISHED_COLUMNS = ["territory", "year", "indicator", "breakdown", "value", "precision",
                     "source_id", "locator", "note"]


def _published(*rows) -> pd.DataFrame:
    """Published rows as (indicator, breakdown, value, precision, locator) for TTT 2019."""
    return pd.DataFrame(
        [("TTT", 2019, i, b, v, p, "doc", loc, "") for i, b, v, p, loc in rows],
        columns=PUBLISHED_COLUMNS,
    )


def _computed(indicator: str, value: float, low: float, high: float, breakdown: str = ""):
    return Figure(indicator=indicator, label=indicator, estimate=Estimate(value, low, high),
                  unit="%", kind="computed", source="Calcul", breakdown=breakdown)


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


def test_an_unprinted_computed_figure_is_not_published_and_an_observed_one_matches_itself():
    # synthetic values
    observed = Figure(indicator="collected_t", label="collected_t",
                      estimate=Estimate.rounded(7071, 1), unit="t",
                      kind="observed", source="Agglo, Rapport (2020), l. 2")
    df = _audit([_computed("recovered_share_pct", 10.2, 10.1, 10.3), observed], _published())

    assert df["status"].tolist() == ["not_published", "match"]
    assert math.isnan(df.loc[0, "published_value"])
    assert (df.loc[1, "published_value"], df.loc[1, "published_low"],
            df.loc[1, "published_high"]) == (7071, 7070.5, 7071.5)
    assert df.loc[1, "gap"] == 0.0
    assert df.loc[1, "published_source"] == "Agglo, Rapport (2020), l. 2"


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
