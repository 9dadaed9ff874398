"""Regression tests: the energy notebook executed on the committed data, against the documents.

Expected values come from the documents, worked out by hand, and from the committed population
extract summed here with the csv module (independently of analysis.energy):
CALL 2019 (002): 11/19 site 82,6 kWc and 78 000 kWh a year (l. 2267); 2 boilers = 1 + 1
(l. 184-186); retrofit 18 communes, près de 500 + 60 buildings (l. 363); COTTRI 585 000 € of
which 450 000 by the ADEME over 3 years (l. 2585).
CRTE 2021 (001): CAVM renewables 5 % of consumption, 41 % = 347 GWh to create by 2050 (l. 513),
-54 % consumption 2050 vs 2016 (l. 463), près de 70 % gas and fuel oil (l. 453), 13 communes
in the shared energy service (l. 465, again l. 539); CAPH mine gas 1,5 MW = 6 000 inhabitants
(l. 520), -4 740 t CO2 a year = 3 660 cars (l. 522).
CABBALR 2022 (004, l. 48): -78 % greenhouse gas by 2050, no base year.
CAVM report 2025 (000, l. 166, 169, 758): 42 930 panels, près de 27 GWh a year, 10 700
inhabitants; 12 projects = 6 + 3 + 3; 24 communes = 12 + 12 (2023).
"""

from __future__ import annotations

import hashlib
import shutil

import pytest
from bs4 import BeautifulSoup
from helpers import figures as section_figures
from helpers import population, row

from analysis.build import build, plan
from analysis.cli import main
from analysis.paths import PROJECT_ROOT

pytestmark = pytest.mark.notebook
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"
SECTIONS = {("CALL", 2019), ("CAVM", 2021), ("CAVM", 2025), ("CAPH", 2021), ("CABBALR", 2022)}


def figures(out, territory, year):
    return section_figures(out, territory, year, "energy")


def text_of(out, territory, year):
    html = (out / territory / str(year) / "energy.html").read_text(encoding="utf-8")
    soup = BeautifulSoup(html, "html.parser")
    # French number formatting uses narrow no-break spaces: compare with plain spaces
    text = soup.get_text(" ").replace("\u202f", " ").replace("\xa0", " ")
    return soup, " ".join(text.split())


def test_every_territory_year_with_energy_data_is_built(built):
    out, results = built
    mine = [r for r in results if r.spec.section.name == "energy"]
    assert {(r.spec.territory.short, r.spec.year) for r in mine} == SECTIONS
    assert all(r.ok for r in mine), [r.error for r in mine if not r.ok]
    for territory, year in SECTIONS:
        for suffix in ("html", "ipynb", "figures.csv"):
            assert (out / territory / str(year) / f"energy.{suffix}").is_file()


def test_call_solar_yield_boilers_and_ademe_contract(built):
    df = figures(built[0], "CALL", 2019)
    assert row(df, "solar_yield_kwh_per_kwc", "site_11_19")["value"] == pytest.approx(
        78_000 / 82.6)
    assert row(df, "solar_production_per_m2_kwh", "site_11_19")["value"] == pytest.approx(
        78_000 / 450)
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
    assert row(df, "target_per_year", "renewable_production_cavm_l513")["value"] == \
        pytest.approx(347 / 29)  # 2022-2050
    assert row(df, "target_linear_pace_pts_per_year", "energy_consumption_cavm_l463")[
        "value"] == pytest.approx(-54 / 34)
    cep = row(df, "cep_communes")
    assert (cep["published_value"], cep["status"]) == (13, "match")  # printed again l. 539
    assert row(df, "cep_communes_share_pct")["value"] == pytest.approx(100 * 13 / 35)
    assert row(df, "cep_inhabitants_share_pct")["value"] == pytest.approx(100 * 55_358 / pop)
    _, text = text_of(built[0], "CAVM", 2021)
    assert "Ces deux phrases fixent la consommation d'énergie du territoire" in text
    assert "déduits" in text


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
    assert ("consommation constante » du plan climat : la consommation non fossile "
            "(électricité comprise) est au plus 1 505 kWh/hab./an ; l'équivalence de parc "
            "solaire de l'aérodrome de Valenciennes est au-dessus, même aux arrondis près"
            ) in text
    assert "est en dessous : la lecture est compatible" in text


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
        assert alts and all(a.startswith("Graphique : ") for a in alts)
        assert any("trajectoires" in a for a in alts)
    _, text = text_of(built[0], "CABBALR", 2022)
    assert "émissions de gaz à effet de serre du territoire (inventaire" in text


def _drop(data_dir, declare=True):
    for folder, name in (("enedis_production", "enedis_production_synthetic.csv"),
                         ("consumption", "energy_consumption_synthetic.csv")):
        target = data_dir / "energy" / folder
        target.mkdir(parents=True)
        shutil.copy(FIXTURES / name, target)
        if declare:
            digest = hashlib.sha256((FIXTURES / name).read_bytes()).hexdigest()
            with open(data_dir / "sources.csv", "a", encoding="utf-8") as f:
                f.write(f"{name.removesuffix('.csv')},FICHIER SYNTHÉTIQUE pour les tests,"
                        f"tests,,2024-09,2016-2023,aucune,data/energy/{folder}/{name},"
                        f"{digest},tests,Valeurs fictives.\n")


def test_next_year_drill_dropped_energy_files_add_a_year_for_every_territory(data_copy,
                                                                            tmp_path):
    _drop(data_copy)
    specs = plan(None, [2023], ["energy"], tmp_path / "out", data_copy)
    assert {s.territory.short for s in specs} == {"CAVM", "CAPH", "CALL", "CABBALR"}
    out = tmp_path / "out"
    results = build(plan(["CAVM", "CABBALR"], [2023], ["energy"], out, data_copy),
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
    assert "1 ligne(s) de nos communes portent un autre code EPCI" in text
    alts = [i["alt"] for i in soup.find_all("img")]
    assert any(a.startswith("Graphique : Production d'électricité Enedis par habitant") for a in
               alts)


def test_an_undeclared_energy_file_stops_the_build_with_the_line_to_add(data_copy, tmp_path,
                                                                       capsys):
    _drop(data_copy, declare=False)
    out = tmp_path / "out"
    assert main(["build", "-t", "CALL", "-y", "2023", "-s", "energy", "-o", str(out),
                 "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "absente de sources.csv" in err
    assert "data/energy/" in err
