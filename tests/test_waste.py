"""Household waste (DMA) computations and the CALL 2019 audit (analysis.waste).

Expected values come from the CALL report, data/documents/002_bf5c6a524395832c.txt, or from
the synthetic inputs of each test; never from the code's own output.
"""

import csv
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis import catalogue, figures, waste
from analysis.errors import NoDataError
from analysis.load import load_inputs, load_table
from analysis.uncertainty import Estimate

DATA = Path(__file__).resolve().parents[1] / "data"

# CALL, collected tonnages 2019 and printed changes vs 2018 (l. 831, 844, 846, 852, 858)
CALL_2019_T = {"omr": 65800, "bulky_recycling_centres": 37134, "glass": 7071,
               "green_waste": 17067, "selective": 15469}
CALL_2019_CHANGE = {"omr": (-1.7, 0.1), "bulky_recycling_centres": (11.2, 0.1),
                    "glass": (-2, 1),  # printed "- 2 %": no decimal
                    "green_waste": (-8.8, 0.1), "selective": (-1.7, 0.1)}
CALL_DMA_T = 142541  # l. 824
CALL_MATERIAL_T, CALL_ORGANIC_T = 40880, 22494  # l. 950, 951


def _streams(tonnes: dict[str, float], precision: float = 1) -> pd.DataFrame:
    return pd.DataFrame({"breakdown": list(tonnes), "value": [float(v) for v in tonnes.values()],
                         "precision": precision})


# --- pure functions --------------------------------------------------------------------------

def test_the_five_streams_of_call_2019_add_up_to_the_printed_dma_total():
    total = waste.dma_total_t(_streams(CALL_2019_T))

    assert total.value == CALL_DMA_T
    assert (total.low, total.high) == pytest.approx((CALL_DMA_T - 2.5, CALL_DMA_T + 2.5))


def test_stream_shares_are_tonnage_over_total_and_sum_to_100():
    shares = waste.stream_shares_pct(_streams(CALL_2019_T))

    assert shares.sum() == pytest.approx(100)
    assert shares["omr"] == pytest.approx(100 * 65800 / 142541)


def test_previous_tonnage_is_the_value_divided_by_one_plus_the_change():
    previous = waste.previous_from_change(65800, 1, -1.7, 0.1)

    assert previous.value == pytest.approx(65800 / 0.983)
    assert previous.low == pytest.approx(65799.5 / 0.9835)  # smallest tonnage, smallest fall
    assert previous.high == pytest.approx(65800.5 / 0.9825)


def test_change_between_two_observed_values_is_bounded_by_their_rounding():
    # synthetic values: 101 vs 100, both to the unit
    change = waste.change_pct(101, 1, 100, 1)

    assert change.value == pytest.approx(1.0)
    assert change.low == pytest.approx(100 * (100.5 / 100.5 - 1))
    assert change.high == pytest.approx(100 * (101.5 / 99.5 - 1))


def _total_change_by_hand(shift: float) -> float:
    """Total change with every printed change moved by ``shift`` half-precisions."""
    tonnes = np.array(list(CALL_2019_T.values()), dtype=float)
    changes = np.array([c + shift * p / 2 for c, p in CALL_2019_CHANGE.values()])
    return 100 * (tonnes.sum() / (tonnes / (1 + changes / 100)).sum() - 1)


def test_the_total_change_rebuilt_from_the_stream_changes_brackets_the_printed_0_37():
    change = waste.total_change_from_stream_changes(
        _streams(CALL_2019_T),
        np.array([c for c, _ in CALL_2019_CHANGE.values()]),
        np.array([p for _, p in CALL_2019_CHANGE.values()]))

    assert change.value == pytest.approx(_total_change_by_hand(0))  # ≈ 0.383 %
    assert round(change.value, 2) == 0.38  # the point value alone misses the printed 0.37
    # the printed changes dominate the bounds; the ±0.5 t of each tonnage barely move them
    assert _total_change_by_hand(-1) - 0.002 < change.low <= _total_change_by_hand(-1)
    assert _total_change_by_hand(+1) <= change.high < _total_change_by_hand(+1) + 0.002
    assert change.low == pytest.approx(0.31, abs=0.005)
    assert change.high == pytest.approx(0.46, abs=0.005)


def test_dma_per_inhabitant_per_day_divides_by_population_and_days():
    per_day = waste.dma_per_inhabitant_kg_day(Estimate.rounded(CALL_DMA_T, 1), 244077, 2019)

    assert per_day.value == pytest.approx(142541 * 1000 / 365 / 244077)
    assert per_day.value == pytest.approx(1.6, abs=0.0005)  # "1,6 kg/j/hab" (l. 824)


def test_a_leap_year_has_366_days():
    assert waste.days_in_year(2020) == 366
    assert waste.days_in_year(2019) == 365
    assert waste.days_in_year(1900) == 365
    assert waste.days_in_year(2000) == 366


def test_share_pct_bounds_the_recovered_share_with_both_roundings():
    recovered = waste.sum_estimates([Estimate.rounded(CALL_MATERIAL_T, 1),
                                     Estimate.rounded(CALL_ORGANIC_T, 1)])
    share = waste.share_pct(recovered, Estimate.rounded(CALL_DMA_T, 5))  # ±2.5 t

    assert share.value == pytest.approx(100 * 63374 / 142541)
    assert share.low == pytest.approx(100 * 63373 / 142543.5)
    assert share.high == pytest.approx(100 * 63375 / 142538.5)


def _target(kind: str, value: float) -> pd.Series:
    return pd.Series({"target_kind": kind, "target_value": value})


def test_a_level_target_is_the_printed_level_whatever_was_observed():
    level = waste.resolve_target(_target("level", 45), Estimate.rounded(44, 1))

    assert (level.value, level.low, level.high) == (45, 45, 45)


def test_a_relative_target_applies_the_change_to_the_observed_value():
    # CABBALR: -15 % of 770 kg/hab/an printed to the ten
    level = waste.resolve_target(_target("relative_change_pct", -15), Estimate.rounded(770, 10))

    assert level.value == pytest.approx(654.5)
    assert (level.low, level.high) == pytest.approx((765 * 0.85, 775 * 0.85))


def test_a_relative_target_without_observed_value_cannot_be_resolved():
    assert waste.resolve_target(_target("relative_change_pct", -15), None) is None


def test_every_indicator_of_the_waste_tables_has_a_french_label():
    indicators = set()
    for name in ("observations", "published"):
        with (DATA / "waste" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
            indicators |= {row["indicator"] for row in csv.DictReader(f)}

    assert indicators - set(catalogue.CATALOGUE) == set()


# --- the section on the committed data: CALL 2019 ---------------------------------------------

@pytest.fixture(scope="module")
def tables():
    return load_inputs(waste.INPUTS)


@pytest.fixture(scope="module")
def sources():
    return load_table("sources")


@pytest.fixture(scope="module")
def call_2019(tables, sources):
    return waste.compute_section(tables, sources, "CALL", 2019)


def _rows(section, indicator: str, breakdown: str = "") -> pd.DataFrame:
    df = section.df_figures
    return df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)]


def test_call_2019_cost_per_inhabitant_does_not_match_the_printed_100_74(call_2019):
    row = _rows(call_2019, "service_cost_per_inhabitant_eur").iloc[0]

    assert row["value"] == pytest.approx(29.4e6 / call_2019.population.value)
    assert (row["published_value"], row["status"]) == (100.74, "mismatch")


def test_call_2019_total_change_matches_the_printed_0_37(call_2019):
    row = _rows(call_2019, "dma_total_change_pct").iloc[0]

    assert (row["published_value"], row["status"]) == (0.37, "match")


def test_call_2019_glass_tonnage_disagrees_with_its_second_printing(call_2019):
    rows = _rows(call_2019, "collected_t", "glass")

    assert rows["value"].tolist() == [7071]  # l. 846
    assert rows["published_value"].tolist() == [7175]  # l. 947
    assert rows["status"].tolist() == ["mismatch"]


def test_call_2019_material_and_organic_share_is_audited_against_both_printings(call_2019):
    rows = _rows(call_2019, "recovered_share_pct", "material_organic")

    assert rows["value"].iloc[0] == pytest.approx(100 * (40880 + 22494) / 142541)
    assert dict(zip(rows["published_value"], rows["status"], strict=True)) == {
        42: "mismatch", 44: "match"}


def test_every_published_call_2019_figure_is_audited(tables, call_2019):
    left = figures.unaudited_published(call_2019.df_figures, tables["waste/published"],
                                       "CALL", 2019)

    assert left.empty, left[["indicator", "breakdown"]]


def test_a_year_without_waste_data_is_a_no_data_error_naming_the_available_years(tables,
                                                                                  sources):
    with pytest.raises(NoDataError) as info:
        waste.compute_section(tables, sources, "CALL", 2018)

    assert str(info.value) == "pas de données déchets pour CALL en 2018 (années disponibles : 2019)"


# --- next year: a synthetic 2020 set of tonnages ---------------------------------------------

def test_a_next_year_change_is_computed_from_the_observed_previous_year(tmp_path):
    # synthetic values: CALL 2020 tonnages of the five streams
    t2020 = {"omr": 64000, "bulky_recycling_centres": 38500, "glass": 7300,
             "green_waste": 16100, "selective": 15900}
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "waste" / "observations.csv").open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for stream, tonnes in t2020.items():
            writer.writerow(["CALL", 2020, "collected_t", stream, tonnes, "t", 1,
                             "call_rdd_2019_2020", "l. 0", "synthetic", "synthetic values"])
    tables = load_inputs(waste.INPUTS, data=data)

    section = waste.compute_section(tables, load_table("sources", data=data), "CALL", 2020)

    streams = section.df_streams.set_index("breakdown")
    for stream, tonnes in t2020.items():
        assert streams.loc[stream, "previous_t"] == CALL_2019_T[stream]
        assert streams.loc[stream, "change_pct"] == pytest.approx(
            100 * (tonnes / CALL_2019_T[stream] - 1))
    assert set(streams["change_basis"]) == {"observé en 2019"}
    total_change = _rows(section, "dma_total_change_pct")["value"].iloc[0]
    assert total_change == pytest.approx(100 * (sum(t2020.values()) / CALL_DMA_T - 1))
