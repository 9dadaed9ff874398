"""Unit tests of analysis.sections.mobility; expected values are worked out by hand in each
test."""

from __future__ import annotations

import dataclasses

import pandas as pd
import pytest

from analysis.core.uncertainty import Estimate
from analysis.figures import catalogue
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes
from analysis.sections import mobility
from analysis.sections.base import compute
from analysis.sections.mobility import model, text
from analysis.sections.mobility.model import CHARGING


@pytest.mark.parametrize("breakdown, expected", [
    ("eurovelo_5__angres_lens", ("eurovelo_5", "angres_lens")),
    ("boucle_un_escaut", ("boucle_un_escaut", "")),
    ("", ("", "")),
])
def test_split_route_reads_the_double_underscore(breakdown, expected):
    assert model.split_route(breakdown) == expected


def test_observed_pace_uses_only_the_dated_pieces():
    # CALL EV5: 6 and 5 km undated, 14 km built in 2020 -> 14 km a year
    km = [Estimate.rounded(6, 1), Estimate.rounded(5, 1), Estimate.rounded(14, 1)]
    pace, period = model.observed_pace(km, ["", "", "2020"])
    assert (pace.value, pace.low, pace.high, period) == (14, 13.5, 14.5, "2020")
    # CAVM Un'Escaut: 29 km over 2018-2019 -> 14.5 km a year
    pace, period = model.observed_pace([Estimate.rounded(29, 1)], ["2018-2019"])
    assert (pace.value, period) == (14.5, "2018-2019")
    assert model.observed_pace([Estimate.exact(6)], [""]) is None


def test_per_10000_scales_count_and_bounds():
    density = model.per_10000(Estimate.rounded(37, 1), 185_000)
    assert density.value == pytest.approx(2.0)
    assert (density.low, density.high) == pytest.approx((36.5 / 18.5, 37.5 / 18.5))


def test_choose_count_takes_the_latest_and_the_national_file_at_equal_dates():
    candidates = pd.DataFrame({
        "count_year": [2021, 2025, 2025, 2026],
        "origin": ["document", "irve_file", "document", "irve_file"],
        "count": [37, 120, 110, 130],
    })
    assert model.choose_count(candidates, 2025)["count"] == 120
    assert model.choose_count(candidates, 2023)["count"] == 37
    assert model.choose_count(candidates, 2020) is None


def test_consecutive_changes_are_sorted_by_year():
    changes = model.consecutive_changes([(2022, Estimate.exact(600)),
                                            (2021, Estimate.exact(300)),
                                            (2023, Estimate.exact(450))])
    assert [(a, b, round(c.value, 6)) for a, b, c in changes] == [(2021, 2022, 100.0),
                                                                   (2022, 2023, -25.0)]


def test_gap_to_target_is_in_points_with_bounds():
    gap = model.gap_to_target_pts(Estimate.rounded(71, 1), 60)
    assert (gap.value, gap.low, gap.high) == (-11, -11.5, -10.5)


def test_power_class_shares_and_commissioning_series():
    points = pd.DataFrame({
        "power_class": ["upto_22kw", "upto_22kw", "over_50kw", "power_unknown"],
        "commissioned_year": [2019, 2021, 2021, None],
    })
    shares = model.power_class_shares(points).set_index("power_class")
    assert shares.loc["upto_22kw", "points"] == 2 and shares.loc["upto_22kw", "share_pct"] == 50
    assert shares.loc["upto_7_4kw", "points"] == 0
    series = model.commissioning_series(points)
    assert series.to_dict("list") == {"year": [2019, 2020, 2021], "commissioned": [1, 0, 2],
                                      "in_service_end_of_year": [1, 1, 3]}


def test_labels_cover_every_indicator_and_breakdown_of_the_data():
    for table in ("mobility/observations", "mobility/published", "mobility/targets"):
        df = load_table(table)
        for indicator in df["indicator"]:
            assert indicator in catalogue.CATALOGUE, (table, indicator)
        for breakdown in df["breakdown"]:
            assert breakdown == "" or breakdown in model.BREAKDOWNS, (table, breakdown)


@pytest.fixture(scope="module")
def inputs():
    return mobility.load_inputs()


@pytest.fixture(scope="module")
def documents_only(inputs):
    """The inputs without any charging-points file: what the documents alone give."""
    return dataclasses.replace(inputs, irve={}, irve_set_aside={})


def test_start_refuses_a_year_without_data(inputs):
    from analysis.core.errors import NoDataError

    with pytest.raises(NoDataError, match="pas de données mobilité pour CALL en 2023 "
                                          r"\(années disponibles : 2019\)"):
        mobility.start(inputs, "CALL", 2023)


def test_eurovelo_5_sections_add_up_to_the_published_37_km(inputs):
    section = compute(mobility, inputs, "CALL", 2019)
    route = section.frames["network"].set_index("route").loc["eurovelo_5"]
    # 002 l. 463-467: 6 + 5 + 14 km built, 12 km in study, "37 km dont :"
    assert (route["built_km"], route["to_build_km"], route["total_km"]) == (25, 12, 37)
    assert route["built_share_pct"] == pytest.approx(100 * 25 / 37)
    total = section.df_figures[(section.df_figures["indicator"] == "cycle_route_total_km")
                               & (section.df_figures["breakdown"] == "eurovelo_5")].iloc[0]
    assert total["status"] == "match" and total["published_value"] == 37


def test_a_works_start_is_not_a_deadline(inputs):
    # 002 l. 467: "12 km entre Loos-en-Gohelle et Wingles en phase études ; travaux envisagés
    # fin 2021": when works may start, no completion date -> no deadline, no pace to finish
    section = compute(mobility, inputs, "CALL", 2019)
    route = section.frames["network"].set_index("route").loc["eurovelo_5"]
    assert route["required_pace_km_per_year"] != route["required_pace_km_per_year"]  # NaN
    assert route["target_year"] is None
    df = section.df_figures
    assert df[df["indicator"].isin(["cycle_route_required_pace_km_per_year",
                                    "target_per_year"])].empty
    plan = section.frames["targets"].set_index("what").loc[
        "Itinéraire cyclable aménagé — EuroVelo 5, Loos-en-Gohelle – Wingles"]
    assert plan["period"] == "sans échéance" and "début des travaux" in plan["note"]


def test_cavm_charging_points_show_both_documents_and_use_the_stock(documents_only):
    section = compute(mobility, documents_only, "CAVM", 2025)
    sources = section.frames["charging_sources"]
    assert sorted(zip(sources["count"], sources["date"], sources["used"], strict=True)) == [
        (4, "2023", False), (8, "2022", False), (37, "2021", True)]
    assert text.charging_used(section).startswith("37 bornes en service (2021")
    # 000 l. 687 "Déploiement en cours de 8 nouvelles bornes" (2022): being deployed, not
    # installed; l. 803: 4 "bornes publiques supplémentaires" deployed in 2023
    kinds = dict(zip(sources["count"], sources["kind"], strict=True))
    assert kinds[8].startswith("en cours de déploiement") and kinds[4] == \
        "installées sur la période"
    df = section.df_figures
    # the document prints no total: 8 being deployed + 4 installed is never "12 installed"
    assert df[df["indicator"] == "charging_points_installed_total"].empty
    assert 12 not in df.loc[df["indicator"].str.startswith("charging_points"), "value"].tolist()
    deployed = df[(df["indicator"] == "public_charging_points")
                  & (df["breakdown"] == "being_deployed")].iloc[0]
    assert (deployed["value"], deployed["period"]) == (8, "2022")
    assert deployed["label"] == "Bornes de recharge publiques — en cours de déploiement"
    grants = df[df["indicator"] == "bike_purchase_grants_change_pct"].iloc[0]
    assert grants["value"] == pytest.approx(100) and "minorants" in grants["note"]
    # "plus de 300" then "plus de 600" (000 l. 632, 685): known to the hundred, a lower bound
    assert (grants["low"], grants["high"]) == pytest.approx((100 * (550 / 350 - 1),
                                                             100 * (650 / 250 - 1)))


def test_bornes_being_deployed_are_never_added_to_the_installed_ones(documents_only):
    """A second installed row (synthetic: 5 in 2024) is summed with the 4 of 2023, never with
    the 8 being deployed in 2022."""
    obs = documents_only.tables["mobility/observations"]
    extra = obs[(obs["breakdown"] == "installed") & (obs["value"] == 4)].copy()
    extra[["period", "value"]] = ["2024", 5.0]
    tables = {**documents_only.tables, "mobility/observations": pd.concat([obs, extra],
                                                                          ignore_index=True)}
    section = compute(mobility, dataclasses.replace(documents_only, tables=tables), "CAVM",
                      2025)
    total = section.df_figures[section.df_figures["indicator"]
                               == "charging_points_installed_total"]
    assert total["value"].tolist() == [9] and total["period"].tolist() == ["2023-2024"]
    density = section.df_figures[section.df_figures["indicator"]
                                 == "charging_points_per_10000_inhabitants"].iloc[0]
    assert density["method"] == "Bornes en service × 10 000 / population"  # the 37 only
    assert "l. 616" in density["source"] and "l. 687" not in density["source"]


def test_the_networks_figures_are_tagged_as_the_networks(inputs):
    # 002 l. 527-531: the SMT Artois-Gohelle's "Chiffres clés": "14 … dont 6 sur la CALL",
    # then "+ 9,7% d'abonnements jeune vendus" with no "sur la CALL": the network's figure
    df = compute(mobility, inputs, "CALL", 2019).df_figures
    youth = df[df["indicator"] == "youth_subscriptions_change_pct"]
    assert youth["breakdown"].tolist() == ["smtd_artois_gohelle"]
    assert youth["label"].iloc[0].endswith("réseau du SMT Artois-Gohelle")


def test_cross_agglomeration_figures_are_the_valenciennois(inputs):
    # 001 l. 844: "la ligne Valenciennes-Lourches (33,2 M€, dont 5,5 M€ …)": Lourches is a
    # CAPH commune; l. 589: the document does not say whose the Le Poirier Université station is
    communes = scope_communes(load_table("reference/communes")).set_index("commune_name")[
        "epci_short"]
    assert (communes["Valenciennes"], communes["Lourches"]) == ("CAVM", "CAPH")
    targets = load_table("mobility/targets")
    rail = targets[targets["indicator"].str.startswith("rail_line_regeneration")]
    lourches = rail[rail["quote"].str.contains("Lourches")]
    assert sorted(lourches["target_value"]) == [5_500_000, 33_200_000]
    assert set(rail["breakdown"]) == {"valenciennois"}
    section = compute(mobility, inputs, "CAVM", 2021)
    df = section.df_figures
    assert set(df.loc[df["source"].str.contains("l. 844"), "breakdown"]) == {"valenciennois"}
    assert df[df["indicator"] == "target_per_inhabitant_per_year_eur"]["breakdown"].tolist() \
        == [""]  # the CAVM's own bike-grant budget only
    station = df[df["source"].str.endswith("l. 589") & (df["value"] == 160_000)].iloc[0]
    assert station["breakdown"] == "valenciennois" and "Famars" not in station["note"]
    assert station["label"].startswith("Voyageurs de la gare TER « Le Poirier Université »")


def test_planned_and_in_progress_items_are_not_filed_as_done(inputs):
    # 000 l. 177 (2025) "Définition des programmes d'aménagement des 4 premiers itinéraires",
    # l. 348 (2026) "Finalisation de la définition des programmes": not "programmés"
    df = compute(mobility, inputs, "CAVM", 2025).df_figures
    routes = df[df["source"].str.endswith("l. 177")].iloc[0]
    assert routes["value"] == 4 and "en cours de définition" in routes["label"]
    assert "programmés" not in routes["label"]
    # 002 l. 561 "le SMT Artois-Gohelle expérimentera … les conducteurs recevront … 2€":
    # a planned measure (a target), in €, "par trajet" not printed
    obs = load_table("mobility/observations")
    assert obs[(obs["source_id"] == "call_rdd_2019_2020") & (obs["locator"] == "l. 561")].empty
    section = compute(mobility, inputs, "CALL", 2019)
    plans = section.frames["targets"]
    carpool = plans[plans["source"].str.endswith("l. 561")].iloc[0]
    assert (carpool["target"], carpool["unit"], carpool["kind"]) == (2, "EUR", "niveau")
    assert "trajet" not in carpool["what"]
    assert "EUR/trajet" not in set(section.df_figures["unit"])


def test_a_canal_length_is_not_a_second_printing_of_a_path_length(inputs):
    # 002 l. 2194 "10 km de parcours" (the path); l. 2199 "canal de la Souchez d'un linéaire
    # de 10 km" (the canal): two quantities, so the path's 10 km is printed once
    published = load_table("mobility/published")
    assert published[published["locator"] == "l. 2199"].empty
    df = compute(mobility, inputs, "CALL", 2019).df_figures
    path = df[(df["indicator"] == "greenway_path_km") & (df["breakdown"] == "berges_souchez")]
    assert path["status"].tolist() == ["printed"]


@pytest.mark.parametrize("locator, printed, precision", [
    ("l. 632", "plus de 300", 100),  # approximate: its last non-zero digit
    ("l. 685", "plus de 600", 100),
    ("l. 572", "283 000 €", 1),  # exact as printed: its last printed digit
    ("l. 589", "160 000 voyageurs", 1),
    ("l. 476", "3 900 km", 1),
])
def test_precision_follows_the_readme_rule(locator, printed, precision):
    obs = load_table("mobility/observations")
    row = obs[(obs["locator"] == locator) & obs["quote"].str.contains(printed.split()[-1])]
    assert printed in " ".join(row["quote"].iloc[0].split()), printed
    assert row["precision"].tolist() == [precision]
    if printed.startswith("plus de"):
        assert "« plus de »" in row["note"].iloc[0]


def _section_bounds(path, title):
    """Line numbers (1-based) of each « Les principaux éléments ayant marqué l'année N »
    section of the CAVM report: {year: (first, last)}."""
    lines = path.read_text(encoding="utf-8").splitlines()
    starts = [(i + 1, line) for i, line in enumerate(lines) if line.startswith(title)
              or line.startswith("Les principaux éléments prévus")
              or line.startswith("Annexes")]
    bounds = {}
    for (first, line), (nxt, _) in zip(starts, [*starts[1:], (len(lines) + 1, "")],
                                       strict=True):
        if line.startswith(title):
            bounds[line[len(title):].strip()] = (first, nxt - 1)
    return bounds


def test_each_cavm_report_figure_is_cited_from_the_section_of_its_period():
    from analysis.core.paths import PROJECT_ROOT

    sources = load_table("sources").set_index("source_id")
    path = PROJECT_ROOT / sources.loc["cavm_rdd_2025", "path"]
    bounds = _section_bounds(path, "Les principaux éléments ayant marqué l'année")
    assert bounds["2025"][0] == 129 and bounds["2021"][0] == 616
    for table in ("mobility/observations", "perimeter/observations"):
        df = load_table(table)
        for r in df[df["source_id"] == "cavm_rdd_2025"].itertuples():
            line = int(r.locator.removeprefix("l. "))
            first, last = bounds[r.period]
            assert first <= line <= last, (table, r.indicator, r.period, r.locator)


def test_the_sum_of_two_loops_is_not_called_the_whole_network(inputs):
    # 001 l. 561: 6 loops, only two with a length (Un'Escaut 29 km, Aunelle 48 km)
    section = compute(mobility, inputs, "CAVM", 2021)
    network = section.frames["network"].set_index("route").loc["network"]
    assert (network["built_km"], network["to_build_km"]) == (29, 48)
    assert "ensemble" not in network["label"] and "longueur est publiée" in network["label"]
    assert network["built_share_pct"] != network["built_share_pct"]  # not computed
    assert network["years_to_finish"] != network["years_to_finish"]
    df = section.df_figures
    network_rows = df[df["breakdown"] == "network"]
    assert not network_rows["indicator"].isin(["cycle_route_built_share_pct",
                                               "cycle_route_years_to_finish"]).any()
    # the 2022 deadline of the Aunelle loop is a reading, said next to the pace it gives
    pace = df[(df["indicator"] == "cycle_route_required_pace_km_per_year")
              & (df["breakdown"] == "boucle_vallee_aunelle")].iloc[0]
    assert "hypothèse" in pace["note"]


def test_the_targets_block_says_per_year_once(inputs, monkeypatch):
    from analysis.sections.mobility import display as mobility_report

    said = []
    monkeypatch.setattr(mobility_report, "say", said.append)
    mobility_report.show_targets(compute(mobility, inputs, "CAVM", 2021))
    text = "\n".join(said).replace("\u202f", " ").replace("\u00a0", " ")
    # 001 l. 563 "budget de 100 000 € en 2021": 100 000 € in one year
    assert "soit en moyenne 100 000 €/an sur 2021 (" in text
    assert "par an par an" not in text and "/an par an" not in text
    said.clear()
    mobility_report.show_targets(compute(mobility, inputs, "CAPH", 2021))
    text = "\n".join(said).replace("\u202f", " ").replace("\u00a0", " ")
    # 001 l. 565 "39.8 M€ d'ici 2040", no start: spread from the year after the report (2021),
    # and the page says so (data/README.md)
    assert "soit en moyenne 2 094 737 €/an sur 2022-2040 (" in text  # 39 800 000 / 19
    assert "; année de départ non précisée : 2022 retenue)" in text


def test_power_classes_and_charging_kinds_are_labelled_by_the_catalogue():
    labels = catalogue.breakdowns("mobility")
    assert model.POWER_CLASS_LABELS == {code: labels[code] for code in (
        "upto_7_4kw", "upto_22kw", "upto_50kw", "over_50kw", "power_unknown")}
    assert model.POWER_CLASS_LABELS["upto_22kw"] == "7,4 à 22 kW"
    # 000 l. 687 « Déploiement en cours »: the sources table says the commissioning is not
    # confirmed; the figure's own label keeps the breakdown's
    assert model.KIND_LABELS["being_deployed"] == \
        "en cours de déploiement (mise en service non confirmée)"
    assert model.KIND_LABELS["in_service"] == labels["in_service"] == "en service"


# --- the protocol: steps one by one --------------------------------------------------------


@pytest.mark.parametrize("territory, year", [("CALL", 2019), ("CAVM", 2021), ("CAVM", 2025),
                                             ("CAPH", 2021), ("CABBALR", 2022)])
def test_the_steps_run_one_by_one_give_the_figures_of_compute(inputs, territory, year):
    ctx = mobility.start(inputs, territory, year)
    tables = [each(ctx) for each in mobility.STEPS]
    section = mobility.finish(ctx)
    expected = compute(mobility, inputs, territory, year)
    pd.testing.assert_frame_equal(section.df_figures, expected.df_figures)
    assert section.missing == expected.missing
    assert set(section.frames) == set(expected.frames) == {
        "network", "charging_sources", "comparison", "modal", "irve_communes", "power",
        "operators", "commissioning", "file_reading", "targets"}
    # every figure but the population (recorded by start) comes from one step's table
    steps = pd.concat(tables, ignore_index=True)
    assert len(steps) == len(section.df_figures) - 1
    assert steps["indicator"].tolist() == section.df_figures["indicator"].tolist()[1:]
    assert steps["value"].tolist() == pytest.approx(section.df_figures["value"].tolist()[1:])


def test_a_step_returns_the_figures_it_added(inputs):
    ctx = mobility.start(inputs, "CALL", 2019)
    before = len(ctx.collector.figures)
    added = mobility.network(ctx)
    new = ctx.collector.figures[before:]
    assert len(added) == len(new) > 0
    assert added["indicator"].tolist() == [f.indicator for f in new]
    # 002 l. 463-467: EuroVelo 5 = 6 + 5 + 14 km built + 12 km in study = 37 km
    total = added[(added["indicator"] == "cycle_route_total_km")
                  & (added["breakdown"] == "eurovelo_5")]
    assert total["value"].tolist() == [37]
    assert not mobility.remaining(ctx).empty  # the figures no step showed, as printed
    assert mobility.remaining(ctx).empty  # and only once


def test_an_analyst_figure_added_between_two_steps_reaches_the_audited_figures(inputs):
    ctx = mobility.start(inputs, "CAVM", 2021)
    for each in mobility.STEPS[:2]:
        each(ctx)
    density = next(f for f in ctx.collector.figures
                   if f.indicator == "charging_points_per_10000_inhabitants")
    ctx.collector.add_computed("charging_points_per_10000_inhabitants",
                               density.estimate.scaled(1), "count/10000 hab", "copie",
                               [], breakdown="analyst")
    for each in mobility.STEPS[2:]:
        each(ctx)
    df = mobility.finish(ctx).df_figures
    assert df[df["breakdown"] == "analyst"]["value"].tolist() == pytest.approx([
        37 * 10_000 / ctx.population.value])  # 001 l. 616: 37 points in service


# --- charging-point files: the derivative, dates, operators, the documents set against it ---


def test_a_commissioning_date_is_plausible_from_2000_to_the_snapshot():
    points = pd.DataFrame({"commissioned": pd.to_datetime(
        ["2021-05-10", None, "1900-01-01", "2025-10-26", "2000-01-01", "2025-10-25"])})
    marked = model.with_plausible_dates(points, "2025-10-25")
    assert marked["commissioning"].tolist() == ["dated", "undated", "implausible",
                                                "implausible", "dated", "dated"]
    assert marked["commissioned_year"].tolist()[::4] == [2021, 2000]
    assert model.commissioning_unknown(marked) == (1, 2)


def test_operators_beyond_the_largest_are_grouped_and_the_unknown_kept_apart():
    names = [f"Op {n}" for n in range(12) for _ in range(12 - n)] + [None, ""]
    df = model.operator_counts(pd.DataFrame({"operator": names}), top=10)
    assert df["operator"].tolist()[:2] == ["Op 0", "Op 1"]
    assert df["operator"].tolist()[-2:] == ["2 autres opérateurs", "opérateur non renseigné"]
    assert df["points"].tolist()[-2:] == [2 + 1, 2] and df["points"].sum() == len(names)
    assert df["breakdown"].tolist()[0] == "op_0" and df["share_pct"].sum() == pytest.approx(100)


@pytest.mark.parametrize("kind, year, count, expected", [
    ("in_service", 2021, 37, (3 + 5, "other_date")),  # points dated up to 2021
    ("installed", 2023, 4, (4, "subset_confirmed")),
    ("installed", 2023, 6, (4, "subset_possible")),  # 4 dated + 2 undated ≥ 6
    ("installed", 2023, 7, (4, "subset_short")),
    ("being_deployed", 2022, 8, (0, "not_confirmed")),
    ("planned", 2021, 28, (3 + 5 + 4 + 2, "plan")),  # every point of the file
])
def test_a_document_count_is_set_against_the_file_by_its_definition(kind, year, count,
                                                                    expected):
    dated = pd.Series({2019: 3, 2021: 5, 2023: 4})
    assert model.document_reading(kind, year, count, dated, 2) == expected


def test_the_2025_cavm_page_uses_the_derivative_and_reads_the_documents_against_it(inputs):
    irve = inputs.irve[2025]
    assert model.is_derived(irve)  # the committed file of 2025 is the derivative
    section = compute(mobility, inputs, "CAVM", 2025)
    used = section.values["charging_used"]
    codes = model.commune_codes(inputs.tables["reference/communes"], "CAVM")
    mine = irve.points[irve.points["commune_code"].isin(codes)]
    assert (used["origin"], used["count"]) == ("irve_derived", len(mine))
    assert text.charging_used(section).startswith(f"au moins {len(mine)} points de recharge")
    reading = section.frames["file_reading"].set_index("kind")
    # 001 l. 616: 37 in service in 2021, a stock at another date: never compared
    assert reading.loc["in_service", "verdict"] == "other_date"
    # 000 l. 803: 4 installed in 2023, a subset of the file's points of 2023
    dated = model.with_plausible_dates(mine, irve.snapshot)
    in_2023 = int((dated["commissioned_year"] == 2023).sum())
    assert reading.loc["installed", "file_count"] == in_2023
    assert reading.loc["installed", "verdict"] == model.document_reading(
        "installed", 2023, 4, pd.Series({2023: in_2023}),
        int((dated["commissioning"] != "dated").sum()))[1]
    df = section.df_figures
    charging = df[df["indicator"].str.startswith("charging") | (df["indicator"] == CHARGING)]
    assert set(charging["check"]) <= {""}  # nothing audited against the file
    density = df[(df["indicator"] == "charging_points_per_10000_inhabitants")
                 & (df["breakdown"] == "")].iloc[0]
    assert density["note"].startswith("au moins")
