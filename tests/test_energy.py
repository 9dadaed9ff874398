"""Unit tests of analysis.sections.energy (formulas of its model, its steps, its page's
sentences); expected values are worked out by hand in each test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.uncertainty import Estimate
from analysis.figures import catalogue
from analysis.sections.energy import model as energy


def _row(value, unit, precision=1.0):
    return pd.Series({"value": value, "unit": unit, "precision": precision})


@pytest.mark.parametrize("value, unit, kwh", [
    (78_000, "kWh", 78_000), (47_993, "MWh", 47_993_000), (27, "GWh", 27_000_000),
])
def test_energy_rows_are_converted_to_kwh(value, unit, kwh):
    assert energy.energy_kwh(_row(value, unit)).value == kwh


@pytest.mark.parametrize("value, unit, kw", [(82.6, "kWc", 82.6), (1.5, "MW", 1500),
                                             (2, "MWc", 2000), (36, "kW", 36)])
def test_power_rows_are_converted_to_kw(value, unit, kw):
    assert energy.power_kw(_row(value, unit, 0.1)).value == pytest.approx(kw)


def test_a_power_row_keeps_its_rounding_interval_in_kw():
    # "1,5 MW" printed to 0.1 MW: between 1.45 and 1.55 MW
    power = energy.power_kw(_row(1.5, "MW", 0.1))
    assert (power.low, power.high) == pytest.approx((1450, 1550))


def test_max_energy_is_a_full_year_at_full_power():
    # 1,500 kW x 8,760 h = 13,140,000 kWh
    assert energy.max_energy_kwh(Estimate.exact(1500)).value == 13_140_000


def test_implied_consumption_with_consumption_held_constant():
    # 0.41 C - 0.05 C = 347  ->  C = 347 / 0.36 = 963.89 GWh; renewables 48.19 -> 395.19 GWh
    result = energy.implied_consumption(Estimate.exact(5), Estimate.exact(41),
                                        Estimate.exact(347))
    assert result["consumption"].value == pytest.approx(347 / 0.36)
    assert result["renewables_now"].value == pytest.approx(0.05 * 347 / 0.36)
    assert result["renewables_target"].value == pytest.approx(0.41 * 347 / 0.36)
    assert result["consumption_target"].value == pytest.approx(347 / 0.36)
    # the target minus today is the production to create, whatever the reading
    assert result["renewables_target"].value - result["renewables_now"].value == \
        pytest.approx(347)


def test_implied_consumption_with_the_consumption_target_applied():
    # 0.41 x 0.46 C - 0.05 C = 347  ->  C = 347 / 0.1386 = 2,503.6 GWh, 1,151.7 GWh in 2050
    result = energy.implied_consumption(Estimate.exact(5), Estimate.exact(41),
                                        Estimate.exact(347), Estimate.exact(-54))
    assert result["consumption"].value == pytest.approx(347 / 0.1386)
    assert result["consumption_target"].value == pytest.approx(0.46 * 347 / 0.1386)
    assert result["renewables_target"].value - result["renewables_now"].value == \
        pytest.approx(347)


def test_implied_consumption_bounds_follow_the_rounding_of_the_share():
    # "5 %" is between 4.5 and 5.5 %: C between 347 / 0.365 and 347 / 0.355
    result = energy.implied_consumption(Estimate.rounded(5, 1), Estimate.exact(41),
                                        Estimate.exact(347))
    assert (result["consumption"].low, result["consumption"].high) == pytest.approx(
        (347 / 0.365, 347 / 0.355))


def test_implied_consumption_refuses_a_target_below_the_current_share():
    # 10 % of a consumption cut by 60 % is 4 % of today's: not above 5 %
    with pytest.raises(ValueError, match="ne dépasse pas la part actuelle"):
        energy.implied_consumption(Estimate.exact(5), Estimate.exact(10), Estimate.exact(1),
                                   Estimate.exact(-60))


def test_linear_pace_and_compound_rate_of_a_relative_target():
    # -54 % from 2016 to 2050: 34 years
    assert energy.linear_pace_pts(-54, 2016, 2050) == pytest.approx(-54 / 34)
    rate = energy.compound_rate_pct(-54, 2016, 2050)
    assert (1 + rate / 100) ** 34 == pytest.approx(0.46)
    assert energy.trajectory_index(-54, 2016, 2050) == [(2016, 100.0), (2050, 46.0)]


def test_label_of_names_indicator_and_breakdown_in_french():
    assert energy.label_of("electricity_production", "aerodrome_solar_park") == (
        "Production d'électricité annuelle — parc solaire de l'aérodrome de Valenciennes")
    assert energy.label_of("renewable_share_pct") == (
        "Part des énergies renouvelables dans la consommation")


def test_every_committed_indicator_and_breakdown_has_a_french_label():
    from analysis.inputs.tables import load_table

    for table in ("energy/observations", "energy/published", "energy/targets"):
        df = load_table(table)
        assert set(df["indicator"]) <= set(catalogue.CATALOGUE), table
        assert set(df["breakdown"]) - {""} <= set(energy.BREAKDOWNS), table


def test_production_and_consumption_sum_the_communes_of_today_s_perimeter():
    communes = pd.DataFrame({"commune_code": ["62119", "62178", "59606"],
                             "epci_short": ["CABBALR", "CABBALR", "CAVM"]})
    rows = pd.DataFrame({
        "commune_code": ["62119", "62178", "59606", "62119"],
        "year": [2023, 2023, 2023, 2016], "energy": ["solar_pv"] * 4, "category": [""] * 4,
        "sites": [90.0, 40.0, 122.0, 30.0], "mwh": [300.0, 120.0, 1900.5, 90.0],
        "empty_cells": [0, 1, 0, 0], "secret_cells": [0] * 4, "source_id": ["x"] * 4,
    })
    df = energy.production_by_territory(rows, communes, "CABBALR").set_index("year")
    assert (df.loc[2023, "mwh"], df.loc[2023, "sites"], df.loc[2023, "empty_cells"]) == (
        420, 130, 1)
    assert df.loc[2016, "mwh"] == 90  # filed under a former EPCI code: still CABBALR today
    consumption = rows.assign(energy="electricity", category="residential")
    df = energy.consumption_by_territory(consumption, communes, "CAVM")
    assert df[["year", "mwh", "points"]].values.tolist() == [[2023, 1900.5, 122.0]]


# --- the committed tables against the documents (each expectation read off the document) ----

import re  # noqa: E402

from analysis.core.paths import PROJECT_ROOT  # noqa: E402
from analysis.inputs.tables import load_table  # noqa: E402


def _document_line(source_id: str, locator: str) -> str:
    sources = load_table("sources").set_index("source_id")
    lines = (PROJECT_ROOT / sources.loc[source_id, "path"]).read_text(encoding="utf-8")
    return lines.split("\n")[int(locator.removeprefix("l. ")) - 1].replace("*", "")


def _obs(**where) -> pd.DataFrame:
    df = load_table("energy/observations")
    for column, value in where.items():
        df = df[df[column] == value]
    return df


def test_the_11_19_panels_are_planned_and_their_production_expected():
    # 002 l. 2297-2300: « Poursuite des travaux de réhabilitation de la salle des machines »,
    # « le versant sud de la toiture sera équipé de panneaux photovoltaïques »
    assert "sera équipé de panneaux photovoltaïques" in _document_line(
        "call_rdd_2019_2020", "l. 2300")
    rows = _obs(source_id="call_rdd_2019_2020", locator="l. 2267")
    assert set(rows["indicator"]) == {"solar_panel_area", "solar_peak_power",
                                      "expected_electricity_production"}
    assert set(rows["breakdown"]) == {"site_11_19_planned_pv"}
    assert "prévu" in energy.BREAKDOWNS["site_11_19_planned_pv"]


def test_a_production_the_document_announces_is_never_a_production():
    # « qui produira chaque année près de 27 GWh » (000 l. 166): a forecast, a yearly amount
    announced = _obs()[_obs()["quote"].str.contains("produira|sera équipé")]
    assert not announced.empty
    assert "electricity_production" not in set(announced["indicator"])
    park = _obs(indicator="expected_electricity_production", breakdown="aerodrome_solar_park")
    assert (park["value"].tolist(), park["period"].tolist()) == ([27], ["par an"])


def test_possible_projects_are_not_filed_as_the_territory_s_renewable_projects():
    # 001 l. 524 « deux projets pourraient aboutir » ; l. 526 « sur les deux agglomérations »,
    # Trith-Saint-Léger being a CAPH commune (reference/communes.csv)
    assert "sur les deux agglomérations" in _document_line("crte_valenciennois_2021", "l. 526")
    communes = scope_communes(load_table("reference/communes")).set_index("commune_name")
    assert communes.loc["Trith-Saint-Léger", "epci_short"] == "CAPH"
    row = _obs(locator="l. 524").iloc[0]
    assert (row["indicator"], row["breakdown"], row["value"]) == (
        "waste_heat_projects_possible", "valenciennois", 2)
    assert "pourraient" in energy.label_of(row["indicator"])


def test_a_figure_of_the_two_agglomerations_is_tagged_valenciennois():
    # 001 l. 453 « Pour les 2 agglomérations, … (près de 70 % de gaz et de fioul) »
    crte = _obs(source_id="crte_valenciennois_2021", territory="CAVM")
    for r in crte.itertuples():
        line = _document_line(r.source_id, r.locator)
        if re.search(r"2 agglomérations|deux agglomérations|du Valenciennois|Le Valenciennois",
                     line):
            assert r.breakdown == "valenciennois", (r.locator, r.indicator)
    fossil = _obs(indicator="fossil_share_pct").iloc[0]
    assert (fossil["breakdown"], fossil["value"]) == ("valenciennois", 70)


def test_the_solar_cadastre_launched_in_2021_is_not_a_cadastre_covering_the_communes():
    # 000 l. 622 « Lancement de la réalisation d'un cadastre solaire » ; l. 669 « Mise en ligne »
    rows = _obs(indicator="solar_cadastre_communes").set_index("locator")
    assert rows.loc["l. 622", "breakdown"] == "launched"
    assert rows.loc["l. 669", "breakdown"] == "online"
    assert "couvert" not in energy.label_of("solar_cadastre_communes").lower()


def test_the_thermostats_are_a_cumulative_count_read_over_both_campaigns():
    # 000 l. 909 « plus 800 foyers ont déjà été équipés » ; l. 137 « lors des deux campagnes
    # 2023 et 2024 »: a count of both campaigns, approximate (« plus »: last non-zero digit, 100)
    assert "lors des deux campagnes 2023 et 2024" in _document_line("cavm_rdd_2025", "l. 137")
    row = _obs(indicator="smart_thermostat_households").iloc[0]
    assert (row["period"], row["value"], row["precision"]) == ("2023-2024", 800, 100)
    assert "hypothèse" in row["note"]


_APPROXIMATE = re.compile(r"(près de|environ|quelque|plus de|plus)\s+$", re.IGNORECASE)
_NUMBER = re.compile(r"\d+(?:[ \u202f]\d{3})*(?:[.,]\d+)?")


def _printed_numbers(quote: str):
    """(value, precision by the README rule) of every number of a quote, « M€ » scaled."""
    for match in _NUMBER.finditer(quote):
        digits = match.group().replace(" ", "").replace("\u202f", "").replace(",", ".")
        scale = 1e6 if quote[match.end():].lstrip().startswith("M€") else 1.0
        decimals = len(digits.partition(".")[2])
        value = float(digits) * scale
        if _APPROXIMATE.search(quote[:match.start()]):
            integer = digits.replace(".", "").rstrip("0") or "0"
            last_non_zero = len(digits.replace(".", "")) - len(integer)
            precision = 10.0 ** (last_non_zero - decimals) * scale
        else:
            precision = 10.0 ** -decimals * scale
        yield value, precision


@pytest.mark.parametrize("table", ["energy/observations", "energy/published"])
def test_every_precision_is_the_place_value_the_readme_rule_gives(table):
    # « près de 70 % » → 10, « 6 000 habitants » → 1, « plus de 100 GWh » → 100,
    # « quelque 10 700 » → 100, « 8.55 M€ » → 10 000 (data/README.md, column precision)
    checked = 0
    for r in load_table(table).itertuples():
        candidates = [p for v, p in _printed_numbers(r.quote) if v == pytest.approx(r.value)]
        if not candidates:  # a number written in words (« deux »)
            continue
        assert r.precision in [pytest.approx(p) for p in candidates], (
            r.locator, r.indicator, r.breakdown, r.precision, candidates)
        checked += 1
    assert checked >= 7


def test_a_duration_is_in_years_not_a_calendar_year():
    for table in ("energy/observations", "energy/published"):
        rows = load_table(table)
        assert set(rows.loc[rows["indicator"] == "ademe_contract_duration", "unit"]) == {"years"}


def test_the_347_gwh_are_one_target_read_once():
    # 001 l. 513 « soit 347 Gwh de production à créer d'ici 2050 »: one row, a level to reach
    # (never a cumulative total), its reading stated in the note
    targets = load_table("energy/targets")
    row = targets[targets["locator"].eq("l. 513") & targets["unit"].eq("GWh")]
    assert len(row) == 1
    row = row.iloc[0]
    assert (row["indicator"], row["target_kind"], row["target_value"]) == (
        "renewable_production_added", "level", 347)
    assert "hypothèse" in row["note"]
    assert "cumulative" not in set(targets.loc[targets["territory"] == "CAVM", "target_kind"])


def test_a_project_s_expected_effect_is_in_co2_not_co2e_and_no_plan_target():
    # 001 l. 522 « objectif de réduction de 4 740 tonnes d'émission de CO<sub>2</sub>/ an »,
    # « travaux en cours sur Denain »: CO2 (no « équivalent »), a project's effect
    line = _document_line("crte_valenciennois_2021", "l. 522")
    assert "tonnes d'émission de CO<sub>2</sub>" in line and "équivalent CO" not in line
    targets = load_table("energy/targets")
    denain = targets[targets["breakdown"] == "denain_heat_recovery"].iloc[0]
    assert denain["unit"] == "t CO2"
    assert not energy.is_plan(denain["framework"])
    # the CALL's targets are obligations of its water contract (002 l. 1096 « La CALL a exigé
    # que la DSP intègre »), not a climate plan
    assert "La CALL a exigé que la DSP" in _document_line("call_rdd_2019_2020", "l. 1096")
    call = targets[targets["territory"] == "CALL"]
    assert len(call) == 3 and not call["framework"].map(energy.is_plan).any()
    assert energy.is_plan("PCAET CAVM") and energy.is_plan("Projet de territoire CABBALR 2022-2032")


def test_the_electricity_share_target_is_not_a_share_of_consumption():
    # 002 l. 2333-2336 « Porter la part des énergies renouvelables à : … 40 % de la production
    # d'électricité »
    targets = load_table("energy/targets")
    row = targets[targets["locator"] == "l. 2336"].iloc[0]
    assert row["indicator"] == "renewable_electricity_share_pct"
    assert "production d'électricité" in energy.label_of(row["indicator"], row["breakdown"])
    assert "consommation" not in energy.label_of(row["indicator"], row["breakdown"])


def test_labels_of_plans_say_what_is_possible_or_announced():
    # 000 l. 158 « qui pourrait desservir 7 communes et couvrir plus de 100 GWh de besoins » ;
    # l. 920 « Grâce aux mesures, 18 % de gain »: a gain the document announces
    assert "pourrait" in energy.label_of("heat_network_communes")
    assert "pourrait" in energy.label_of("heat_demand")
    assert "mesur" not in energy.label_of("energy_saving_pct")
    assert "attendue" in energy.label_of("expected_electricity_production")


# --- pure helpers of the fixes ----------------------------------------------------------------


@pytest.mark.parametrize("value, place", [(32, 1), (-54, 1), (0.2, 0.1), (82.6, 0.1),
                                          (4740, 1), (11, 1)])
def test_a_target_is_printed_to_the_place_value_of_its_last_digit(value, place):
    assert energy.place_value(value) == pytest.approx(place)
    target = energy.target_estimate(value)
    assert (target.low, target.high) == pytest.approx((value - place / 2, value + place / 2))


def test_a_computed_amount_keeps_only_its_significant_digits():
    # 8.55 M€ (± 5 000 €) × 43 % (± 0,5): 3 676 500 €, known to 10 000 € at best
    amount = Estimate(3_676_500, 3_631_625, 3_721_425)
    rounded = energy.to_precision(amount, 10_000)
    assert (rounded.value, rounded.low, rounded.high) == (3_680_000, 3_630_000, 3_730_000)


def _targets(*rows):
    columns = ["territory", "framework", "indicator", "breakdown", "target_kind",
               "target_value", "unit", "base_year", "target_year", "source_id", "locator"]
    return pd.DataFrame([dict(zip(columns, r, strict=True)) for r in rows])


def test_an_undated_level_is_read_at_its_plan_s_reference_year_and_says_so():
    # 001: -54 % « par rapport à 2016 » (l. 463) and « entre 2016 et 2050 » (l. 646): the
    # undated 5 % (l. 513) is read as 2016's, never as the document's year elsewhere
    targets = _targets(
        ("CAVM", "PCAET CAVM", "energy_consumption", "", "relative_change_pct", -54, "%",
         2016, 2050, "crte", "l. 463"),
        ("CAVM", "PCAET CAVM", "carbon_storage_share_pct", "", "level", 11, "%", 2016, 2050,
         "crte", "l. 646"),
        ("FR", "LTECV", "ghg_emissions", "", "relative_change_pct", -40, "%", 1990, 2030,
         "call", "l. 2330"))
    share = pd.Series({"source_id": "crte", "year": 2021, "value": 5.0, "unit": "%",
                       "indicator": "renewable_share_pct", "breakdown": ""})
    year, sentence = energy.reading_year(share, targets, "CAVM")
    assert year == 2016
    assert sentence.startswith("hypothèse : ") and "2016" in sentence and "5 %" in sentence
    # without a dated target of the same plan: the document's year, said too
    year, sentence = energy.reading_year(share, targets.iloc[2:], "CAVM")
    assert year == 2021 and "année du document" in sentence


def test_only_a_plan_s_targets_are_the_territory_s_own():
    targets = _targets(
        ("CALL", "Contrat de DSP eau potable CALL / VEOLIA", "ghg_emissions", "water_dsp",
         "relative_change_pct", -10, "%", None, None, "call", "l. 1098"),
        ("CAPH", "Projet de récupération de chaleur du CVE de Denain (CRTE)", "co2_avoided",
         "denain_heat_recovery", "per_year", 4740, "t", None, None, "crte", "l. 522"),
        ("CABBALR", "Projet de territoire CABBALR 2022-2032", "ghg_emissions", "",
         "relative_change_pct", -78, "%", None, 2050, "cabbalr", "l. 48"),
        ("FR", "LTECV", "ghg_emissions", "", "relative_change_pct", -40, "%", 1990, 2030,
         "call", "l. 2330"))
    scopes = [energy.scope_of(t, own) for (_, t), own in zip(
        targets.iterrows(), ["CALL", "CAPH", "CABBALR", "CAVM"], strict=True)]
    assert scopes == ["contrat", "projet", "territorial", "national"]
    for territory, expected in (("CALL", 0), ("CAPH", 0), ("CABBALR", 1)):
        assert len(energy.plan_targets(targets, territory)) == expected


# --- the section protocol: steps, page sentences ---------------------------------------------

from analysis.core.errors import NoDataError  # noqa: E402
from analysis.figures.record import figures_frame  # noqa: E402
from analysis.inputs.territories import scope_communes  # noqa: E402
from analysis.sections import energy as section_module  # noqa: E402
from analysis.sections.base import compute  # noqa: E402
from analysis.sections.energy import display as page  # noqa: E402
from analysis.sections.energy import text  # noqa: E402

# the CALL report (002) quotes the national targets in two lists (l. 2328-2338, « La
# transition énergétique » ; l. 2404-2417, « Plan Climat Air Energie Territorial (PCAET) »):
# fossil energy -30 % from 2012 (l. 2331) or -40 % from 2013 (l. 2415), renewables 32 %
# (l. 2335) or 33 % (l. 2417) in 2030
CALL_LISTS = ("consommation d'énergies fossiles : \u221230 % depuis 2012 ou \u221240 % depuis "
              "2013, en 2030 ; part des énergies renouvelables dans la consommation : "
              "32 % ou 33 %, en 2030")
OTHER_PAGES = [("CAVM", 2021), ("CAVM", 2025), ("CAPH", 2021), ("CABBALR", 2022)]


def _plain(markdown: str) -> str:
    """French number formatting uses no-break spaces: compare with plain spaces."""
    return markdown.replace("\u202f", " ").replace("\xa0", " ")


@pytest.fixture(scope="module")
def inputs():
    return section_module.load_inputs()


def test_the_steps_one_by_one_give_the_figures_of_compute(inputs):
    ctx = section_module.start(inputs, "CAVM", 2025)
    tables = [each(ctx) for each in section_module.STEPS]
    section = section_module.finish(ctx)
    whole = compute(section_module, inputs, "CAVM", 2025)
    pd.testing.assert_frame_equal(section.df_figures, whole.df_figures)
    steps = pd.concat([t for t in tables if not t.empty], ignore_index=True)
    # every figure but the population (recorded by start) comes from one step, in order
    assert len(steps) == len(whole.df_figures) - 1
    assert steps["label"].tolist() == whole.df_figures["label"].tolist()[1:]
    assert steps["value"].tolist() == pytest.approx(whole.df_figures["value"].tolist()[1:])
    assert set(whole.frames) == {"yields", "equivalences", "readings", "trajectories",
                                 "production", "production_communes", "consumption", "heat",
                                 "heat_networks", "heat_sectors"}


def test_a_step_returns_the_figures_it_added(inputs):
    ctx = section_module.start(inputs, "CAVM", 2021)
    section_module.plants(ctx)
    section_module.equivalences(ctx)
    before = len(ctx.collector.figures)
    added = section_module.readings(ctx)
    pd.testing.assert_frame_equal(added, figures_frame(ctx.collector.figures[before:]))
    # 0.41 C - 0.05 C = 347 GWh (001 l. 513), the share read as 2016's (l. 463)
    implied = added[(added["indicator"] == "implied_consumption_gwh")
                    & (added["breakdown"] == "constant")].iloc[0]
    assert implied["value"] == pytest.approx(347 / 0.36) and implied["period"] == "2016"
    assert ctx.frames["readings"]["reading"].tolist() == ["constant", "reduced"]


def test_start_refuses_a_year_without_data_and_names_the_years(inputs):
    with pytest.raises(NoDataError) as info:
        section_module.start(inputs, "CALL", 2099)
    years = section_module.years(inputs, "CALL")
    assert 2019 in years  # the CALL report's edition, with the SDES data years
    assert str(info.value) == ("pas de données énergie pour CALL en 2099 (années "
                               f"disponibles : {', '.join(map(str, years))})")


def test_the_call_report_s_two_lists_are_written_on_the_call_s_page_only(inputs):
    call = compute(section_module, inputs, "CALL", 2019)
    sentence = _plain(text.targets_markdown(call))
    assert "**deux listes différentes** (" + CALL_LISTS + ")" in sentence
    assert "un document du territoire" in sentence
    notes = page.page_figures(call)["note"]
    assert notes.str.contains("section « La transition énergétique »").any()
    for territory, year in OTHER_PAGES:
        section = compute(section_module, inputs, territory, year)
        sentence = _plain(text.targets_markdown(section))
        assert "listes" not in sentence and "rapport de la CALL" not in sentence
        assert "un document d'un autre territoire (CALL)" in sentence
        assert "cité plusieurs fois avec des valeurs différentes" in sentence
        # the figures file keeps the transcription's notes; the page lists the context only
        recalled = section.df_figures["breakdown"].str.contains(r"_(?:fr|hdf)_l\d+$") \
            & section.df_figures["kind"].eq("observed")
        assert section.df_figures.loc[recalled, "note"].str.contains("liste 1").any()
        shown = page.page_figures(section).loc[recalled, "note"]
        assert not shown.str.contains("liste|section «").any()
        assert shown.str.endswith(f"ce n'est pas un objectif adopté par {territory}").all()


def test_the_plan_s_sentences_are_quoted_as_the_document_prints_them(inputs):
    section = compute(section_module, inputs, "CAVM", 2021)
    sentence = _plain(text.readings_markdown(section))
    # 001 l. 513, one line for both sentences: cited once
    assert sentence.startswith(
        "Le document écrit « La production d'énergie renouvelable sur la CAVM représente 5% "
        "des consommations » et « L'objectif du PCAET est d'atteindre 41%, soit 347 Gwh de "
        "production à créer d'ici 2050 » (")
    assert sentence.count("l. 513") == 1
