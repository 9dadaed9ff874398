"""Regression tests: the energy notebook executed on the committed data, against the documents.

Expected values come from the documents, worked out by hand, and from the committed population
extract summed here with the csv module (independently of analysis.energy):
CALL 2019 (002): 11/19 site 82,6 kWc and 78 000 kWh a year (l. 2267), panels the roof « sera
équipé » of (l. 2300): planned, their production expected; 2 boilers = 1 + 1
(l. 184-186); retrofit 18 communes, près de 500 + 60 buildings (l. 363); COTTRI 585 000 € of
which 450 000 by the ADEME over 3 years (l. 2585).
CRTE 2021 (001): CAVM renewables 5 % of consumption (no year), 41 % = 347 GWh to create by 2050
(l. 513), -54 % consumption 2050 vs 2016 (l. 463) and carbon storage « entre 2016 et 2050 »
(l. 646): the undated 5 % is read as 2016's; près de 70 % gas and fuel oil « pour les 2
agglomérations » (l. 453); 13 communes in the shared energy service (l. 465, again l. 539);
CAPH mine gas 1,5 MW = 6 000 inhabitants (l. 520), -4 740 t CO2 a year = 3 660 cars, a
project « en cours » (l. 522); DSIL-DETR 8.55 M€ × 43 % (l. 477).
CABBALR 2022 (004, l. 48): -78 % greenhouse gas by 2050, no base year.
CAVM report 2025 (000, l. 166, 169, 758): 42 930 panels, « produira chaque année près de 27
GWh », « consommation annuelle de quelque 10 700 habitants » (no energy named); 12 projects =
6 + 3 + 3; 24 communes = 12 + 12 (2023).
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers import drop_file, population, row
from helpers import figures as section_figures
from test_energy_heat import drop_heat_file, expected_heat, raw_heat

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.cli import main
from analysis.engine.plan import plan
from analysis.engine.run import build

pytestmark = pytest.mark.notebook
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
# the pages of the documents' editions; the SDES heat network files add the data years of the
# territories with a network (read from the files in test_every_territory_year_…)
SECTIONS = {("CALL", 2019), ("CAVM", 2021), ("CAVM", 2025), ("CAPH", 2021), ("CABBALR", 2022)}


def figures(out, territory, year):
    return section_figures(out, territory, year, "energy")


def text_of(out, territory, year):
    html = (out / territory / str(year) / "energy.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # French number formatting uses narrow no-break spaces: compare with plain spaces
    text = soup.get_text(" ").replace("\u202f", " ").replace("\xa0", " ")
    return soup, " ".join(text.split())


def heat_pages() -> set[tuple[str, int]]:
    """(territory, data year) of every row of the SDES files, read by hand."""
    raw = raw_heat()
    return {(t, int(y)) for t, y in raw[["territory", "year"]].dropna().itertuples(index=False)}


def test_every_territory_year_with_energy_data_is_built(built):
    out, results = built
    mine = [r for r in results if r.spec.section.name == "energy"]
    pages = {(r.spec.territory.short, r.spec.year) for r in mine}
    assert SECTIONS | heat_pages() <= pages
    assert not {year for _, year in pages} & {2016}  # the Enedis extract adds no page
    assert all(r.ok for r in mine), [r.error for r in mine if not r.ok]
    for territory, year in pages:
        for suffix in ("html", "ipynb", "figures.csv"):
            assert (out / territory / str(year) / f"energy.{suffix}").is_file()


def test_call_solar_yield_boilers_and_ademe_contract(built):
    df = figures(built[0], "CALL", 2019)
    assert row(df, "solar_yield_kwh_per_kwc", "site_11_19_planned_pv")["value"] == \
        pytest.approx(78_000 / 82.6)
    assert row(df, "solar_production_per_m2_kwh", "site_11_19_planned_pv")["value"] == \
        pytest.approx(78_000 / 450)
    boilers = row(df, "boilers_replaced")
    assert (boilers["value"], boilers["published_value"], boilers["status"]) == (2, 2, "match")
    assert row(df, "retrofit_buildings")["value"] == 500 + 60
    assert row(df, "retrofit_buildings_per_commune")["value"] == pytest.approx(500 / 18)
    assert row(df, "ademe_contract_ademe_share_pct")["value"] == pytest.approx(
        100 * 450_000 / 585_000)
    assert row(df, "ademe_contract_per_year_eur")["value"] == 585_000 / 3


def test_both_lists_of_national_targets_are_kept_with_their_lines(built):
    df = figures(built[0], "CALL", 2019)
    fossil_1 = row(df, "target_relative_change_pct", "fossil_energy_consumption_fr_l2331")
    fossil_2 = row(df, "target_relative_change_pct", "fossil_energy_consumption_fr_l2415")
    assert (fossil_1["value"], fossil_1["period"]) == (-30, "2012-2030")
    assert (fossil_2["value"], fossil_2["period"]) == (-40, "2013-2030")
    assert row(df, "target_level", "renewable_share_pct_fr_l2335")["value"] == 32
    assert row(df, "target_level", "renewable_share_pct_fr_l2417")["value"] == 33
    # -30 % over 2012-2030 (18 years): -30/18 points a year
    assert row(df, "target_linear_pace_pts_per_year",
               "fossil_energy_consumption_fr_l2331")["value"] == pytest.approx(-30 / 18)
    _, text = text_of(built[0], "CALL", 2019)
    assert "deux listes différentes" in text
    assert "section « La transition énergétique »" in text  # the CALL's own report
    # another territory's page recalls these targets as context, without the report's text
    for territory, year in SECTIONS - {("CALL", 2019)}:
        _, text = text_of(built[0], territory, year)
        assert "deux listes différentes" not in text and "rapport de la CALL" not in text
        assert "La transition énergétique »" not in text and "liste 1" not in text
        # the acronym is an <abbr>: the text around it is split at its tags
        assert re.search(r"un document d'un autre territoire \( ?CALL ?\)", text)


def test_cavm_2021_consumption_implied_by_the_plan_under_both_readings(built):
    df = figures(built[0], "CAVM", 2021)
    pop = population("CAVM", 2021)
    constant = 347 / (0.41 - 0.05)  # GWh
    reduced = 347 / (0.41 * (1 - 0.54) - 0.05)
    assert row(df, "implied_consumption_gwh", "constant")["value"] == pytest.approx(constant)
    assert row(df, "implied_consumption_gwh", "reduced")["value"] == pytest.approx(reduced)
    assert row(df, "implied_consumption_per_inhabitant_mwh", "reduced")["value"] == \
        pytest.approx(reduced * 1000 / pop)
    # at most 30 % of the consumption is neither gas nor fuel oil
    assert row(df, "implied_non_fossil_per_inhabitant_mwh", "constant")["value"] == \
        pytest.approx(0.30 * constant * 1000 / pop)
    assert row(df, "implied_renewable_production_target_gwh", "reduced")["value"] == \
        pytest.approx(0.41 * 0.46 * reduced)
    assert row(df, "implied_consumption_readings_ratio")["value"] == pytest.approx(
        reduced / constant)
    # « 347 Gwh de production à créer d'ici 2050 » is read once, as a yearly production to
    # add: never also spread as a cumulative total (12 GWh a year)
    assert not (df["indicator"] == "target_per_year").any()
    target = row(df, "target_level", "renewable_production_added_cavm_l513")
    assert (target["value"], target["unit"]) == (347, "GWh")
    assert row(df, "target_linear_pace_pts_per_year", "energy_consumption_cavm_l463")[
        "value"] == pytest.approx(-54 / 34)
    cep = row(df, "cep_communes")
    assert (cep["published_value"], cep["status"]) == (13, "match")  # printed again l. 539
    assert row(df, "cep_communes_share_pct")["value"] == pytest.approx(100 * 13 / 35)
    assert row(df, "cep_inhabitants_share_pct")["value"] == pytest.approx(100 * 55_358 / pop)
    _, text = text_of(built[0], "CAVM", 2021)
    assert "Ces deux phrases fixent la consommation d'énergie du territoire" in text
    assert "déduits" in text
    # DSIL-DETR: 8.55 M€ × 43 % = 3,6765 M€, known to 10 000 € (the envelope's last digit)
    dsil = row(df, "dsil_detr_energy_transition_eur", "valenciennois")
    assert dsil["value"] == 3_680_000


def test_cavm_2025_aerodrome_park_yields_equivalence_and_share_of_the_plan(built):
    df = figures(built[0], "CAVM", 2025)
    per_inhabitant = row(df, "equivalence_kwh_per_inhabitant", "aerodrome_solar_park")
    assert per_inhabitant["value"] == pytest.approx(27e6 / 10_700)
    assert row(df, "solar_production_per_panel_kwh", "aerodrome_solar_park")["value"] == \
        pytest.approx(27e6 / 42_930)
    # at the 11/19 site's yield (78 000 kWh / 82,6 kWc), 27 GWh need 27e6 / 944.3 kWc
    assert row(df, "implied_peak_power_kwc", "aerodrome_solar_park")["value"] == \
        pytest.approx(27e6 / (78_000 / 82.6))
    assert row(df, "share_of_renewable_target_pct", "aerodrome_solar_park")["value"] == \
        pytest.approx(100 * 27 / 347)
    projects = row(df, "renewable_projects", period="2025")
    assert (projects["value"], projects["published_value"], projects["status"]) == (
        12, 12, "match")
    communes = row(df, "cep_communes", period="2023")
    assert (communes["value"], communes["status"]) == (24, "match")
    assert row(df, "cep_communes", period="2024")["value"] == 11 + 12  # not printed
    # the CRTE's mine-gas equivalence, for comparison: 1 500 kW x 8 760 h / 6 000 inhabitants
    assert row(df, "equivalence_max_kwh_per_inhabitant", "mine_gas_lourches")["value"] == \
        pytest.approx(1500 * 8760 / 6000)
    assert row(df, "equivalence_gap_pct", "mine_gas_lourches")["value"] == pytest.approx(
        100 * ((27e6 / 10_700) / (1500 * 8760 / 6000) - 1))
    _, text = text_of(built[0], "CAVM", 2025)
    assert "soit 2,52 MWh par habitant et par an" in text
    assert ("Lecture « consommation constante » : la consommation non fossile (électricité "
            "comprise) serait au plus 1 505 kWh/hab./an ; l'équivalence de parc solaire de "
            "l'aérodrome de Valenciennes est au-dessus, même aux arrondis près : sous ces "
            "hypothèses") in text
    assert "est en dessous : sous ces hypothèses, la lecture est compatible" in text


def test_caph_equivalences_are_checked(built):
    df = figures(built[0], "CAPH", 2021)
    assert row(df, "equivalence_max_kwh_per_inhabitant", "mine_gas_lourches")["value"] == \
        pytest.approx(1500 * 8760 / 6000)
    assert row(df, "equivalence_t_co2_per_car", "denain_heat_recovery")["value"] == \
        pytest.approx(4740 / 3660)


def test_cabbalr_target_without_base_year_is_paced_from_the_document_year(built):
    df = figures(built[0], "CABBALR", 2022)
    target = row(df, "target_relative_change_pct", "ghg_emissions_cabbalr_l48")
    assert (target["value"], target["period"]) == (-78, "d'ici 2050")
    pace = row(df, "target_linear_pace_pts_per_year", "ghg_emissions_cabbalr_l48")
    assert pace["value"] == pytest.approx(-78 / 28) and pace["period"] == "2022-2050"
    assert "année de référence non publiée" in pace["note"]
    rate = row(df, "target_compound_rate_pct_per_year", "ghg_emissions_cabbalr_l48")["value"]
    assert (1 + rate / 100) ** 28 == pytest.approx(0.22)


def test_energy_pages_have_charts_with_alt_text_audit_and_missing_indicators(built):
    for territory, year in SECTIONS:
        soup, text = text_of(built[0], territory, year)
        assert "Audit des chiffres publiés" in text and "Indicateurs manquants" in text
        assert "Traceback" not in text
        alts = [img.get("alt", "") for img in soup.find_all("img")]
        assert alts and all(a.startswith(("Graphique : ", "Carte : ")) for a in alts)
        assert any("trajectoires" in a for a in alts)
    _, text = text_of(built[0], "CABBALR", 2022)
    assert "émissions de gaz à effet de serre du territoire (inventaire" in text


def test_planned_and_announced_productions_are_never_the_territory_s_production(built):
    out = built[0]
    call = figures(out, "CALL", 2019)
    # the 11/19 panels « sera équipé » (002 l. 2300): an expected production, a planned yield
    assert not ((call["indicator"] == "electricity_production")
                & call["breakdown"].str.startswith("site_11_19")).any()
    expected = row(call, "expected_electricity_production", "site_11_19_planned_pv")
    assert (expected["value"], expected["unit"]) == (78_000, "kWh")
    assert "attendue" in expected["label"]
    _, text = text_of(out, "CALL", 2019)
    assert "productible spécifique prévu" in text
    # a plant's (expected) production is no production of the territory: the CALL documents
    # give neither a renewable share nor a measured file
    assert "production d'énergie renouvelable du territoire (document ou fichier Enedis" in text
    cavm = figures(out, "CAVM", 2025)
    park = row(cavm, "expected_electricity_production", "aerodrome_solar_park")
    assert (park["value"], park["period"]) == (27, "par an")  # « produira chaque année »
    assert not (cavm["indicator"] == "electricity_production").any()
    implied = row(cavm, "implied_peak_power_kwc", "aerodrome_solar_park")
    assert "productible prévu" in implied["note"] and "territoire voisin" not in implied["note"]
    share = row(cavm, "share_of_renewable_target_pct", "aerodrome_solar_park")
    assert "production attendue" in share["note"] and "hypothèse" in share["note"]


def test_possible_projects_and_a_launched_cadastre_are_not_shown_as_done(built):
    cavm_2021 = figures(built[0], "CAVM", 2021)
    heat = row(cavm_2021, "waste_heat_projects_possible", "valenciennois")
    assert heat["value"] == 2 and "pourraient aboutir" in heat["label"]
    assert not (cavm_2021["indicator"] == "renewable_projects").any()
    cavm_2025 = figures(built[0], "CAVM", 2025)
    launched = row(cavm_2025, "solar_cadastre_communes", "launched")
    assert launched["period"] == "2021" and "lancée" in launched["label"]
    assert "couvertes" not in launched["label"]
    for label in cavm_2025.loc[cavm_2025["indicator"].isin(["heat_demand",
                                                           "heat_network_communes"]), "label"]:
        assert "pourrait" in label


def test_the_valenciennois_gas_share_is_used_for_the_cavm_only_as_a_stated_assumption(built):
    for year in (2021, 2025):
        df = figures(built[0], "CAVM", year)
        assert row(df, "fossil_share_pct", "valenciennois")["value"] == 70
        ceiling = row(df, "implied_non_fossil_per_inhabitant_mwh", "constant")
        assert "Valenciennois entier" in ceiling["note"] and "hypothèse" in ceiling["note"]
        # « près de 70 % » is 65 to 75 %: at most 35 % is neither gas nor fuel oil
        per_inhabitant = row(df, "implied_consumption_per_inhabitant_mwh", "constant")
        assert ceiling["high"] == pytest.approx(0.35 * per_inhabitant["high"])
        _, text = text_of(built[0], "CAVM", year)
        assert "part du gaz et du fioul du Valenciennois entier" in text
        assert "pas plausible" not in text
        assert "usages domestiques" not in text


def test_the_undated_5_pct_has_one_reading_on_each_page(built):
    # -54 % « par rapport à 2016 » (001 l. 463): the 5 % is read as 2016's, in the
    # consumption readings and in the pace to 41 % alike: (41 − 5) / (2050 − 2016) a year
    for year in (2021, 2025):
        df = figures(built[0], "CAVM", year)
        pace = row(df, "target_level_required_pace_pts_per_year",
                   "renewable_share_pct_cavm_l513")
        assert pace["period"] == "2016-2050"
        assert pace["value"] == pytest.approx((41 - 5) / (2050 - 2016))
        assert "hypothèse" in pace["note"]
        assert row(df, "implied_consumption_gwh", "constant")["period"] == "2016"
        _, text = text_of(built[0], "CAVM", year)
        assert "d'aujourd'hui" not in text
        assert "Calcul (C : consommation de 2016)" in text
        assert "lue comme celle de 2016" in text
        assert "Hypothèses de lecture" in text


def test_national_and_regional_targets_are_context_never_the_territory_s(built):
    out = built[0]
    for territory, year in SECTIONS:
        df = figures(out, territory, year)
        _, text = text_of(out, territory, year)
        assert "s'appliquent à chaque territoire" not in text
        shared = df[df["breakdown"].str.contains(r"_(?:fr|hdf)_l\d+$")]
        targets = shared[shared["kind"] == "observed"]
        assert not targets.empty
        assert targets["label"].str.match(r"^(France|Hauts-de-France) — ").all()
        assert targets["note"].str.contains(f"pas un objectif adopté par {territory}").all()
        paces = shared[shared["kind"] == "computed"]
        assert paces["label"].str.startswith(f"Si {territory} suivait ").all()
        assert paces["note"].str.contains("hypothèse").all()
        # no figure is labelled with a key (« ghg emissions fr l2330 »)
        assert not df["label"].str.contains(r"\b(?:fr|hdf|cavm|caph|call|cabbalr) l\d+").any()
        assert "Part des énergies renouvelables dans la consommation — production" not in text


def test_a_contract_s_or_a_project_s_targets_are_not_the_territory_s_plan(built):
    out = built[0]
    for territory, year in (("CALL", 2019), ("CAPH", 2021)):
        _, text = text_of(out, territory, year)
        # the CALL's water contract (002 l. 1096) and the Denain project (001 l. 522) are no
        # PCAET: the page lists the plan's targets as missing
        assert "objectifs chiffrés propres au territoire (PCAET ou projet de territoire)" in text
    for territory, year in (("CAVM", 2021), ("CABBALR", 2022)):
        _, text = text_of(out, territory, year)
        assert "objectifs chiffrés propres au territoire" not in text
    caph = figures(out, "CAPH", 2021)
    denain = row(caph, "target_per_year", "co2_avoided_denain_heat_recovery_caph_l522")
    assert (denain["value"], denain["unit"]) == (4740, "t CO2/an")  # tonnes of CO2, not CO2e
    per_car = row(caph, "equivalence_t_co2_per_car", "denain_heat_recovery")
    assert per_car["unit"] == "t CO2/voiture/an" and "CO2e" not in per_car["label"]
    _, text = text_of(out, "CAPH", 2021)
    assert "projet (effet attendu)" in text and "CO₂e" not in text


def test_targets_keep_the_rounding_of_their_printing(built):
    df = figures(built[0], "CAVM", 2021)
    level = row(df, "target_level", "renewable_share_pct_cavm_l513")
    assert (level["value"], level["low"], level["high"]) == (41, 40.5, 41.5)
    storage = row(df, "target_level", "carbon_storage_share_pct_cavm_l646")
    assert (storage["low"], storage["high"]) == (10.5, 11.5)
    _, text = text_of(built[0], "CAVM", 2021)
    assert "41,0000" not in text and "347,0000" not in text


def test_printed_counts_keep_their_digits_in_the_equivalences(built):
    # « la consommation d'électricité de 6 000 habitants » (001 l. 520) is printed to the unit:
    # 1,45 to 1,55 MW at full power all year / 6 000
    df = figures(built[0], "CAPH", 2021)
    bound = row(df, "equivalence_max_kwh_per_inhabitant", "mine_gas_lourches")
    assert (bound["low"], bound["high"]) == pytest.approx((1450 * 8760 / 6000,
                                                           1550 * 8760 / 6000))


def _drop(data_dir, declare=True):
    for name in ("enedis_production_synthetic.csv", "energy_consumption_synthetic.csv"):
        drop_file(data_dir, name, declare)


def test_next_year_drill_dropped_energy_files_add_a_year_for_every_territory(data_copy,
                                                                            tmp_path):
    _drop(data_copy)
    specs = plan(None, [2023], ["energy"], tmp_path / "out", data_copy, pdf=False)
    assert {s.territory.short for s in specs} == {"CAVM", "CAPH", "CALL", "CABBALR"}
    out = tmp_path / "out"
    results = build(plan(["CAVM", "CABBALR"], [2023], ["energy"], out, data_copy, pdf=False),
                    progress=False)
    assert all(r.ok for r in results), [r.error for r in results]
    cavm = figures(out, "CAVM", 2023)
    # Valenciennes 2023: 400.5 + 1 500 (solar) + 3 000 (bioenergy) + 2 000 (cogeneration)
    assert row(cavm, "enedis_production_mwh", "enedis")["value"] == 6900.5
    assert row(cavm, "enedis_production_mwh", "solar_pv")["value"] == 1900.5
    # 2022: 350 MWh
    assert row(cavm, "enedis_production_change_pct", "enedis")["value"] == pytest.approx(
        100 * (6900.5 / 350 - 1))
    electricity = row(cavm, "energy_consumption_mwh", "electricity")
    assert electricity["value"] == 95000.5 + 30000 + 50000 and "minorant" in electricity["note"]
    assert row(cavm, "energy_consumption_mwh", "gas")["value"] == 120000 + 80000
    pop = population("CAVM", 2021)
    assert row(cavm, "residential_electricity_per_inhabitant_kwh")["value"] == pytest.approx(
        95000.5 * 1000 / pop)
    assert row(cavm, "local_electricity_coverage_pct")["value"] == pytest.approx(
        100 * 6900.5 / 175000.5)
    cabbalr = figures(out, "CABBALR", 2023)
    # Béthune 300 + Bruay-la-Buissière 120 (2023); the 2016 row under a former EPCI code is
    # kept for the series
    assert row(cabbalr, "enedis_production_mwh", "solar_pv")["value"] == 420
    soup, text = text_of(out, "CABBALR", 2023)
    assert "1 ligne de nos communes portent un autre code EPCI" in text
    alts = [i["alt"] for i in soup.find_all("img")]
    assert any(a.startswith("Carte : Production d'électricité Enedis par habitant") for a in
               alts)


def test_an_undeclared_energy_file_stops_the_build_with_the_line_to_add(data_copy, tmp_path,
                                                                       capsys):
    _drop(data_copy, declare=False)
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", "-t", "CALL", "-y", "2023", "-s", "energy", "-o", str(out),
                 "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "absente de sources.csv" in err
    assert "data/energy/" in err


# --- district heating (SDES) and the Enedis extract on the pages ------------------------------


def test_heat_pages_show_the_series_of_each_year_from_the_raw_files(built):
    out, raw = built[0], raw_heat()
    for territory in ("CALL", "CABBALR", "CAPH"):
        page = max(y for t, y in heat_pages() if t == territory)
        df = figures(out, territory, page)
        for year, r in expected_heat(raw, territory, page).iterrows():
            shown = df[(df["indicator"] == "district_heating_mwh") & (df["breakdown"] == "")
                       & (df["period"] == str(year))]
            if r.mwh == r.mwh:
                assert shown["value"].iloc[0] == pytest.approx(r.mwh)
            else:
                assert shown.empty
        soup, text = text_of(out, territory, page)
        alts = [i["alt"] for i in soup.find_all("img")]
        assert any(a.startswith(f"Graphique : Chaleur livrée par les réseaux de chaleur de "
                                f"{territory}") for a in alts)
        assert "Réseaux de chaleur (fichiers SDES)" in text
        assert "absente de tous les fichiers déposés" in text  # 2019
    _, text = text_of(out, "CAVM", 2025)
    assert "Aucune ligne de ces fichiers ne concerne une commune de CAVM" in text


def test_the_enedis_extract_says_what_it_covers_on_every_page(built):
    out = built[0]
    for territory, year in SECTIONS:
        df = figures(out, territory, year)
        covered = row(df, "enedis_covered_communes", "enedis")
        total = row(df, "enedis_production_mwh", "enedis")
        assert total["period"] == "2016" and total["note"].startswith(
            f"minorant : le fichier couvre {int(covered['value'])} des ")
        _, text = text_of(out, territory, year)
        assert f"Production Enedis : minorant : le fichier couvre {int(covered['value'])}" \
            in text


def test_next_year_drill_a_dropped_sdes_file_adds_its_year_and_counts_nothing_twice(
        data_copy, tmp_path):
    # SYNTHETIC: the latest committed SDES file, published again « 2099-09 » with ANNEE
    # moved one year on, dropped and declared as an analyst would
    raw = raw_heat()
    latest = raw[raw["published"] == raw["published"].max()]
    year = int(latest["year"].max())
    source = PROJECT_ROOT / "data" / "energy" / "district_heating" / latest["file"].iloc[0]
    lines = source.read_text(encoding="utf-8").split("\n")
    moved = []
    for line in lines[2:]:
        cells = line.split(";")
        if len(cells) > 2:
            cells[2] = cells[2].replace(str(year), str(year + 1))
        moved.append(";".join(cells))
    name = source.name.replace(source.suffixes[-2], ".2099-09")
    drop_heat_file(data_copy, name, "\n".join(lines[:2] + moved), "2099-09")
    from analysis.sections import energy
    from analysis.sections.base import compute

    with_network = set(latest.loc[latest["year"] == year, "territory"].dropna())
    inputs = energy.load_inputs(data_copy)
    assert {t for t in ("CAVM", "CAPH", "CALL", "CABBALR")
            if year + 1 in energy.years(inputs, t)} == with_network
    out = tmp_path / "out"
    results = build(plan(["CALL"], [year + 1], ["energy"], out, data_copy, pdf=False),
                    progress=False)
    assert all(r.ok for r in results), [r.error for r in results]
    df = figures(out, "CALL", year + 1)
    expected = expected_heat(raw, "CALL", year).loc[year, "mwh"]
    for period in (year, year + 1):  # the new year, and the old one still once
        assert row(df, "district_heating_mwh", period=str(period))["value"] == \
            pytest.approx(expected)
    _, text = text_of(out, "CALL", year + 1)
    assert f"{year + 1} : fichier publié en 2099-09" in text
    # the older report is unchanged by the newer file
    before = compute(energy, energy.load_inputs(), "CALL", year).df_figures
    after = compute(energy, inputs, "CALL", year).df_figures
    columns = ["indicator", "breakdown", "period", "value", "note"]
    pd.testing.assert_frame_equal(before[columns], after[columns])
