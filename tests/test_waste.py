"""Household waste (DMA) computations and the CALL 2019 audit (analysis.waste).

Expected values come from the CALL report, data/documents/002_bf5c6a524395832c.txt, from the
CABBALR projet de territoire, data/documents/004_94da33c015a75e2d.txt, from data/README.md
(precision rule), or from the synthetic inputs of each test; never from the code's own output.
"""

import csv
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from analysis.core.errors import NoDataError
from analysis.core.uncertainty import Estimate, sum_estimates
from analysis.figures import catalogue
from analysis.figures import record as figures
from analysis.sections import waste as section_module
from analysis.sections.base import compute
from analysis.sections.waste import model as waste

DATA = Path(__file__).resolve().parents[1] / "data"

# CALL, collected tonnages 2019 and printed changes vs 2018 (l. 831, 844, 846, 852, 858)
CALL_2019_T = {"omr": 65800, "bulky_recycling_centres": 37134, "glass": 7071,
               "green_waste": 17067, "selective": 15469}
CALL_2019_CHANGE = {"omr": (-1.7, 0.1), "bulky_recycling_centres": (11.2, 0.1),
                    "glass": (-2, 1),  # printed "- 2 %": no decimal
                    "green_waste": (-8.8, 0.1), "selective": (-1.7, 0.1)}
CALL_DMA_T = 142541  # l. 824
CALL_MATERIAL_T, CALL_ORGANIC_T = 40880, 22494  # l. 950, 951
CALL_CVE_T = 72022  # l. 891: « OM, refus de tri, incinérables des déchèteries et apports des
# communes »: not a part of the 142 541 t
CALL_SHARES_L825 = {"material_organic": 42, "energy": 48, "total": 90}  # « près de 90% »


def _documents() -> dict[str, Path]:
    """The text documents of sources.csv, by source id (read from the table: a document an
    analyst adds is found as well)."""
    with (DATA / "sources.csv").open(encoding="utf-8", newline="") as f:
        return {r["source_id"]: DATA.parent / r["path"] for r in csv.DictReader(f)
                if r["path"].startswith("data/documents/")}


DOCUMENTS = _documents()


def _line(source_id: str, locator: str) -> str:
    """The document line a row cites."""
    lines = DOCUMENTS[source_id].read_text(encoding="utf-8").split("\n")
    return lines[int(locator.removeprefix("l. ")) - 1]


def _table(name: str) -> list[dict]:
    with (DATA / "waste" / f"{name}.csv").open(encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


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
    recovered = sum_estimates([Estimate.rounded(CALL_MATERIAL_T, 1),
                                     Estimate.rounded(CALL_ORGANIC_T, 1)])
    share = waste.share_pct(recovered, Estimate.rounded(CALL_DMA_T, 5))  # ±2.5 t

    assert share.value == pytest.approx(100 * 63374 / 142541)
    assert share.low == pytest.approx(100 * 63373 / 142543.5)
    assert share.high == pytest.approx(100 * 63375 / 142538.5)


def _target(kind: str, value: float, base_year=None, indicator="collected_t",
            breakdown="omr") -> pd.Series:
    return pd.Series({"target_kind": kind, "target_value": value,
                      "base_year": pd.NA if base_year is None else base_year,
                      "indicator": indicator, "breakdown": breakdown})


def test_a_level_target_is_the_printed_level_whatever_was_observed():
    level = waste.resolve_target(_target("level", 45), Estimate.rounded(44, 1))

    assert (level.value, level.low, level.high) == (45, 45, 45)


def test_a_relative_target_applies_the_change_to_the_value_of_its_printed_base_year():
    # synthetic: -10 % from a base year whose tonnage, 1 000 t, was printed to the unit
    level = waste.resolve_target(_target("relative_change_pct", -10, 2015),
                                 Estimate.rounded(1000, 1))

    assert level.value == pytest.approx(900)
    assert (level.low, level.high) == pytest.approx((999.5 * 0.9, 1000.5 * 0.9))


def test_a_relative_target_without_base_value_cannot_be_resolved():
    assert waste.resolve_target(_target("relative_change_pct", -15), None) is None


def test_a_relative_target_applies_only_to_an_observation_of_its_printed_base_year():
    # synthetic observations: 2015 and 2019; the latest observation is never the base
    obs = pd.DataFrame({"territory": ["T", "T"], "year": [2015, 2019],
                        "indicator": ["collected_t"] * 2, "breakdown": ["omr"] * 2,
                        "value": [1000.0, 900.0]})

    with_base = waste.base_observation(obs, _target("relative_change_pct", -10, 2015), "T")
    assert with_base["year"] == 2015
    assert waste.base_observation(obs, _target("relative_change_pct", -10), "T") is None
    assert waste.base_observation(obs, _target("relative_change_pct", -10, 2010), "T") is None


def test_a_printed_value_keeps_its_printed_decimals():
    assert [waste.printed_decimals(v) for v in (45, 67.0, 0.37, 100.74, 750000, -15)] == [
        0, 0, 2, 2, 0, 0]


def test_every_indicator_and_breakdown_of_the_waste_tables_has_a_french_label():
    rows = [r for name in ("observations", "published", "targets") for r in _table(name)]

    assert {r["indicator"] for r in rows} - set(catalogue.CATALOGUE) == set()
    assert {r["breakdown"] for r in rows if r["breakdown"]} - set(waste.BREAKDOWNS) == set()


# --- the waste tables against the documents ----------------------------------------------------

def test_every_quote_is_the_exact_text_of_its_line():
    """Byte for byte: « l’agglo » (U+2019) is not « l'agglo »; the repository test normalises
    apostrophes and would not see it."""
    for name in ("observations", "published", "targets"):
        for number, r in enumerate(_table(name), start=2):
            if r["source_id"] in DOCUMENTS:
                assert r["quote"] in _line(r["source_id"], r["locator"]), (name, number)


APPROXIMATE = ("près de", "environ", "quelque", "plus de", "moins de")


def _last_non_zero_place(value: float) -> float:
    """Place value of the last non-zero digit of an integer: 400 -> 100, 50 -> 10, 90 -> 10."""
    value, place = int(value), 1
    while value and value % 10 == 0:
        value, place = value // 10, place * 10
    return place


def test_a_number_the_document_gives_as_approximate_has_the_precision_of_the_readme_rule():
    """data/README.md: « près de 400 » -> 100; the note cites the word."""
    found = []
    for name in ("observations", "published"):
        for r in _table(name):
            line = _line(r["source_id"], r["locator"])
            number = fr_digits(float(r["value"]))
            word = next((w for w in APPROXIMATE
                         if re.search(rf"{w}\s+{number}\b", line.replace("**", ""))), None)
            if word is None:
                continue
            found.append((r["indicator"], float(r["precision"])))
            assert float(r["precision"]) == _last_non_zero_place(float(r["value"])), r
            assert f"« {word} »" in r["note"], r
    # at least « près de 400 participants » (002 l. 1057), « près de 90% » (l. 825), « plus de
    # 50 tonnes » (000 l. 717): rows an analyst adds are checked too
    assert {("recovered_share_pct", 10), ("reuse_objects_collected_t", 10),
            ("serd_participants", 100)} <= set(found)


def fr_digits(value: float) -> str:
    """``400.0`` -> ``400``: how an integer value is printed in the documents."""
    return f"{value:g}"


def test_770_and_500_kg_are_printed_to_the_unit_without_an_approximation_word():
    # 004 l. 68: « 770 kg de déchets par an (contre 500 kg au niveau national) »
    rows = [r for r in _table("observations") if r["locator"] == "l. 68"]

    assert {(r["value"], r["precision"]) for r in rows} == {("770", "1"), ("500", "1")}


def _section_heading(source_id: str, locator: str) -> str:
    """The nearest section heading (« ## … ») above a line of a document, or ""."""
    lines = DOCUMENTS[source_id].read_text(encoding="utf-8").split("\n")
    above = lines[:int(locator.removeprefix("l. ")) - 1]
    return next((line for line in reversed(above) if line.startswith("## ")), "")


def test_a_row_whose_line_does_not_print_its_year_says_how_the_year_was_assigned():
    """The year is printed on the line or in its section's heading (002 l. 817 « … 2019 »),
    or the note says where it comes from: a note never states a year as if printed
    (« 16-24 novembre 2019 » for « du 16 au 24 novembre », 002 l. 1057)."""
    for name in ("observations", "published"):
        for number, r in enumerate(_table(name), start=2):
            if r["source_id"] not in DOCUMENTS:
                continue
            if r["year"] in _line(r["source_id"], r["locator"]) + _section_heading(
                    r["source_id"], r["locator"]):
                continue
            assert "année" in r["note"].lower(), (name, number, r["indicator"])


def test_the_waste_of_cabbalr_is_not_filed_as_dma():
    # 004 l. 68: « Chaque habitant de l’agglo produit 770 kg de déchets par an »: « déchets »,
    # not DMA
    line = _line("cabbalr_projet_2022", "l. 68")
    assert "DMA" not in line and "ménagers" not in line
    rows = [r for r in _table("observations") if r["locator"] == "l. 68"]

    assert {r["indicator"] for r in rows} == {"waste_per_inhabitant_kg_year"}
    assert not catalogue.get("waste_per_inhabitant_kg_year").comparable  # not in the synthesis


def test_cabbalr_targets_are_filed_as_the_document_words_them():
    line_66, line_68 = _line("cabbalr_projet_2022", "l. 66"), _line("cabbalr_projet_2022", "l. 68")
    targets = {r["target_value"]: r for r in _table("targets") if r["territory"] == "CABBALR"}

    # « -15% de déchets d'ici à 2030 »: neither per inhabitant nor DMA, no base year
    assert "-15% de déchets d'ici à 2030" in line_66
    minus_15 = targets["-15"]
    assert minus_15["indicator"] == "waste_amount_unspecified"
    assert (minus_15["target_kind"], minus_15["base_year"], minus_15["target_year"]) == (
        "relative_change_pct", "", "2030")
    # « Un taux de valorisation de 67% »: neither the kind of recovery nor DMA, no year
    assert "Un taux de valorisation de 67%" in line_68 and "2030" not in line_68
    rate = targets["67"]
    assert (rate["indicator"], rate["breakdown"], rate["target_year"]) == (
        "recovered_share_pct", "unspecified", "")


def test_the_plpdma_budget_and_actions_are_plans_not_2019_observations():
    # 002 l. 1063-1065: « Perspectives » … « 20 actions seront développées sur 3 ans pour un
    # coût global de 750 000 € TTC »; l. 1044: « à partir de 2020 pour une durée de 3 ans »
    assert "seront développées" in _line("call_rdd_2019_2020", "l. 1065")
    assert {r["indicator"] for r in _table("observations")} & {
        "plpdma_budget_eur", "plpdma_actions"} == set()
    plans = {r["indicator"]: r for r in _table("targets") if r["locator"] == "l. 1065"}

    assert {k: (r["target_kind"], r["target_value"], r["base_year"], r["target_year"])
            for k, r in plans.items()} == {
        "plpdma_budget_eur": ("cumulative", "750000", "2020", "2022"),
        "plpdma_actions": ("cumulative", "20", "2020", "2022")}


def test_the_244_composters_of_prouvy_are_filed_under_prouvy_not_the_whole_cavm():
    assert "à Prouvy où 244 composteurs individuels" in _line("cavm_rdd_2025", "l. 858")
    row = next(r for r in _table("observations") if r["value"] == "244")

    assert row["breakdown"] == "prouvy"
    assert waste.BREAKDOWNS["prouvy"] == "Prouvy"


def test_labels_do_not_say_more_than_the_documents():
    # 000 l. 716: « Distribution de 431 composteurs » (not « individuels »), « 28 ateliers
    # « z'héros déchets » »; l. 659: « 400 participants tout sujets confondus »; l. 646: « AMI »
    row = next(r for r in _table("observations") if r["value"] == "431")
    assert "individuels" not in _line("cavm_rdd_2025", "l. 716")
    assert "individuel" not in waste.label_of(row["indicator"], row["breakdown"])
    assert "« z'héros déchets »" in waste.label_of("zero_waste_workshops")
    participants = next(r for r in _table("observations") if r["locator"] == "l. 659")
    assert "tous sujets confondus" in waste.label_of(participants["indicator"])
    assert "AMI" in waste.label_of("biowaste_study_communes")
    # 002 l. 823: « TEOM (35%) » does not say what it divides
    assert "base non précisée" in waste.label_of("teom_share_of_funding_pct")


# --- the section on the committed data: CALL 2019 ---------------------------------------------

@pytest.fixture(scope="module")
def inputs():
    return section_module.load_inputs()


@pytest.fixture(scope="module")
def call_2019(inputs):
    return compute(section_module, inputs, "CALL", 2019)


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


def test_call_2019_material_and_organic_share_of_the_collected_dma_is_compared_with_44(
        call_2019):
    # 63 374 / 142 541 = 44,46 % against « 44% » (l. 885); the 42 % of l. 825 has another,
    # unstated base and is not compared with it
    rows = _rows(call_2019, "dma_recovered_share_pct", "material_organic")

    assert rows["value"].tolist() == pytest.approx(
        [100 * (CALL_MATERIAL_T + CALL_ORGANIC_T) / CALL_DMA_T])
    assert rows["published_value"].tolist() == [44]
    assert rows["status"].tolist() == ["match"] and rows["check"].tolist() == ["recomputation"]
    assert "hypothèse" in rows["note"].iloc[0]


def test_call_2019_no_energy_or_total_share_of_the_collected_dma_is_computed(call_2019):
    # the 72 022 t of the CVE include sorting rejects and communes' deliveries (l. 891)
    df = call_2019.df_figures
    shares = df[df["indicator"] == "dma_recovered_share_pct"]

    assert set(shares["breakdown"]) == {"material", "organic", "material_organic"}
    assert not (df["value"] == pytest.approx(100 * CALL_CVE_T / CALL_DMA_T)).any()
    assert not (df["value"] == pytest.approx(
        100 * (CALL_MATERIAL_T + CALL_ORGANIC_T + CALL_CVE_T) / CALL_DMA_T)).any()


def test_call_2019_the_shares_of_line_825_are_shown_as_printed_with_their_implied_bases(
        call_2019):
    # 42 % and 48 % printed once: shown as printed, never compared with shares of 142 541 t
    for kind in ("material_organic", "energy"):
        row = _rows(call_2019, "recovered_share_pct", kind)
        assert row[["value", "status"]].values.tolist() == [[CALL_SHARES_L825[kind], "printed"]]
    # base = tonnage × 100 / printed share, bounded by the rounding of both (share ± 0,5 pt;
    # « près de 90% » ± 5 pts, data/README.md)
    tonnes = {"material_organic": CALL_MATERIAL_T + CALL_ORGANIC_T, "energy": CALL_CVE_T,
              "total": CALL_MATERIAL_T + CALL_ORGANIC_T + CALL_CVE_T}
    halves = {"material_organic": (1, 0.5), "energy": (0.5, 0.5), "total": (1.5, 5)}
    for kind, t in tonnes.items():
        base = _rows(call_2019, "recovered_share_base_implied_t", kind).iloc[0]
        share = CALL_SHARES_L825[kind]
        slack, half = halves[kind]
        assert base["value"] == pytest.approx(t * 100 / share)
        assert (base["low"], base["high"]) == pytest.approx(
            ((t - slack) * 100 / (share + half), (t + slack) * 100 / (share - half)))
        assert "hypothèse" in base["note"] and "n'imprime pas" in base["note"]
    # 42 % and 48 % both exclude the 142 541 t of collected DMA
    for kind in ("material_organic", "energy"):
        assert _rows(call_2019, "recovered_share_base_implied_t", kind)["low"].iloc[0] > CALL_DMA_T


def test_call_2019_the_printed_total_share_is_checked_as_the_sum_of_its_printed_parts(
        call_2019):
    # 42 + 48 = 90: a recomputation of « près de 90% » from the two printed shares
    row = _rows(call_2019, "recovered_share_pct", "total").iloc[0]

    assert row["value"] == CALL_SHARES_L825["material_organic"] + CALL_SHARES_L825["energy"]
    assert (row["low"], row["high"]) == (89, 91)
    assert (row["published_value"], row["status"], row["check"]) == (90, "match",
                                                                     "recomputation")


def test_call_2019_recovery_gaps_state_the_reading_of_their_target(call_2019):
    gaps = _rows(call_2019, "recovery_gap_to_target_t")

    # 45 % and 65 % of 142 541 t minus the 63 374 t recovered (material and organic)
    assert sorted(gaps["value"]) == pytest.approx(
        sorted(p / 100 * CALL_DMA_T - (CALL_MATERIAL_T + CALL_ORGANIC_T) for p in (45, 65)))
    assert all("hypothèse" in n for n in gaps["note"])


def test_call_2019_cost_per_inhabitant_note_says_the_two_implied_populations_disagree(
        call_2019):
    # l. 823: 29,4 M€ at 100,74 €/hab; l. 824: 142 541 t at 1,6 kg/j/hab
    by_cost = ((29.4e6 - 5e4) / 100.745, (29.4e6 + 5e4) / 100.735)
    by_kg = ((CALL_DMA_T - 2.5) * 1000 / 365 / 1.65, (CALL_DMA_T + 2.5) * 1000 / 365 / 1.55)
    assert by_cost[0] > by_kg[1]  # they do not overlap
    note = _rows(call_2019, "service_cost_per_inhabitant_eur")["note"].iloc[0]

    assert "ne se recouvrent pas" in note


def test_call_2019_plpdma_budget_is_shown_as_planned_over_2020_2022(call_2019):
    per_year = _rows(call_2019, "plpdma_budget_per_year_eur").iloc[0]

    assert per_year["value"] == pytest.approx(750000 / 3)  # l. 1065: « sur 3 ans »
    assert per_year["period"] == "2020-2022" and "prévu" in per_year["label"]
    plan = _rows(call_2019, "target_total")
    assert set(plan["value"]) == {750000, 20} and set(plan["status"]) == {"printed"}


@pytest.fixture(scope="module")
def cabbalr_2022(inputs):
    return compute(section_module, inputs, "CABBALR", 2022)


def test_cabbalr_2022_minus_15_percent_is_shown_as_printed_without_a_computed_level(
        cabbalr_2022):
    df = cabbalr_2022.df_figures
    targets = df[df["indicator"] == "target_level"]

    assert sorted(targets["value"]) == [-15, 67]
    assert set(targets["unit"]) == {"%"} and set(targets["kind"]) == {"observed"}
    assert not (df["unit"] == "kg/hab/an").any() or set(
        df.loc[df["unit"] == "kg/hab/an", "value"]) == {770, 500}  # no 654,5 kg
    row = cabbalr_2022.frames["targets"].set_index("target").loc[-15]
    assert row["target_level"] != row["target_level"]  # NaN: no level
    assert row["quote"] == "-15% de déchets d'ici à 2030"


def test_cabbalr_2022_waste_per_inhabitant_is_shown_as_printed_and_not_as_dma(cabbalr_2022):
    df = cabbalr_2022.df_figures

    assert not df["indicator"].isin(["dma_per_inhabitant_kg_year", "dma_total_t_implied"]).any()
    rows = df[df["indicator"] == "waste_per_inhabitant_kg_year"]
    assert dict(zip(rows["breakdown"], rows["value"], strict=True)) == {
        "": 770, "national_reference": 500}
    assert set(rows["status"]) == {"printed"}


def test_every_published_call_2019_figure_is_audited(inputs, call_2019):
    left = figures.unaudited_published(call_2019.df_figures, inputs.published, "CALL", 2019)

    assert left.empty, left[["indicator", "breakdown"]]


def test_a_year_without_waste_data_is_a_no_data_error_naming_the_available_years(inputs):
    years = sorted({int(r["year"]) for r in _table("observations") if r["territory"] == "CALL"})
    with pytest.raises(NoDataError) as info:
        section_module.start(inputs, "CALL", 2099)

    assert str(info.value) == (f"pas de données déchets pour CALL en 2099 (années disponibles : "
                               f"{', '.join(map(str, years))})")


# --- next year: two synthetic years no analyst will add ---------------------------------------

def test_a_next_year_change_is_computed_from_the_observed_previous_year(tmp_path):
    # synthetic values: CALL tonnages of the five streams in 2098 and 2099
    t2098 = {"omr": 65000, "bulky_recycling_centres": 37000, "glass": 7100,
             "green_waste": 17000, "selective": 15500}
    t2099 = {"omr": 64000, "bulky_recycling_centres": 38500, "glass": 7300,
             "green_waste": 16100, "selective": 15900}
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "waste" / "observations.csv").open("a", encoding="utf-8", newline="") as f:
        writer = csv.writer(f, lineterminator="\n")
        for year, streams in ((2098, t2098), (2099, t2099)):
            for stream, tonnes in streams.items():
                writer.writerow(["CALL", year, "collected_t", stream, tonnes, "t", 1,
                                 "call_rdd_2019_2020", "l. 0", "synthetic", "synthetic values"])
    section = compute(section_module, section_module.load_inputs(data), "CALL", 2099)

    streams = section.frames["streams"].set_index("breakdown")
    for stream, tonnes in t2099.items():
        assert streams.loc[stream, "previous_t"] == t2098[stream]
        assert streams.loc[stream, "change_pct"] == pytest.approx(
            100 * (tonnes / t2098[stream] - 1))
    assert set(streams["change_basis"]) == {"observé en 2098"}
    total_change = _rows(section, "dma_total_change_pct")["value"].iloc[0]
    assert total_change == pytest.approx(100 * (sum(t2099.values()) / sum(t2098.values()) - 1))


def test_a_relative_target_with_a_printed_base_year_gets_a_level_from_that_year(tmp_path):
    # synthetic target: -10 % of the OMR of 2019 (65 800 t, l. 831) by 2030
    data = tmp_path / "data"
    shutil.copytree(DATA, data)
    with (data / "waste" / "targets.csv").open("a", encoding="utf-8", newline="") as f:
        csv.writer(f, lineterminator="\n").writerow(
            ["CALL", "synthetic", "collected_t", "omr", "relative_change_pct", -10, "%", 2019,
             2030, "call_rdd_2019_2020", "l. 831", "65 800 t d'OMR", "synthetic target"])
    section = compute(section_module, section_module.load_inputs(data), "CALL", 2019)

    levels = _rows(section, "target_level")
    computed = levels[levels["kind"] == "computed"].iloc[0]
    assert computed["value"] == pytest.approx(65800 * 0.9)
    assert (computed["low"], computed["high"]) == pytest.approx((65799.5 * 0.9, 65800.5 * 0.9))
    assert computed["unit"] == "t" and "2019" in computed["method"]
    printed = _rows(section, "target_level", "omr")
    assert printed[["value", "unit", "status"]].values.tolist() == [[-10, "%", "printed"]]
