"""Regression tests: the housing notebook executed on the committed data, against the documents.

Expected values come from the documents (data/documents/…), worked out by hand, and from the
committed census extract summed here with the csv module (independently of analysis.housing):
CAVM PLH 2023 (003, l. 183-187, 840): 8 700 (INSEE) / 11 500 (LOVAC) vacant = 9 % / 12 %,
3 870 vacant for more than 2 years = 6 % of the stock and 39 % of the vacant; 780 a year = 4 680.
CALL 2019 (002, l. 1855-1917): 726 290,50 € for 488 dwellings « subventionnés ou agréés »;
3 114 000 € + 2 134 000 € (printed to the euro) for 346.
CRTE 2021 (001, l. 485-487): CAVM 763 social dwellings renovated in 2016-2018, target 495 in 2021;
211 + 40 = 251 private dwellings funded in 2020; CAPH 361 + 198 renovated in 2020, and 2 000 a
year « il faudrait » (a need, never a target); PLH CAPH 150 social dwellings a year.
"""

from __future__ import annotations

import csv
import functools
import gzip
import hashlib
import re
import zipfile

import pytest
from bs4 import BeautifulSoup
from helpers import drop_file, reported_rows, row
from helpers import figures as section_figures

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.cli import main
from analysis.engine.plan import plan
from analysis.engine.render import MAX_SECTION_PAGE_BYTES
from analysis.engine.run import build
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes

pytestmark = pytest.mark.notebook
FIXTURES = PROJECT_ROOT / "tests" / "fixtures"


def figures(out, territory, year):
    return section_figures(out, territory, year, "housing")


DATA = PROJECT_ROOT / "data"
LOVAC_FILES = sorted((DATA / "housing" / "lovac").glob("*.xlsx"))
TERRITORIES = ("CAVM", "CAPH", "CALL", "CABBALR")


@functools.cache
def members() -> dict[str, str]:
    with open(DATA / "reference" / "communes.csv", encoding="utf-8") as f:
        return {r["commune_code"]: r["epci_short"] for r in reported_rows(csv.DictReader(f))}


@functools.cache
def lovac_sheet(path) -> tuple[list[str], dict[str, tuple], list[int]]:
    """Header, rows by commune code and 1 January years of a LOVAC xlsx: openpyxl only."""
    from openpyxl import load_workbook

    book = load_workbook(path, read_only=True, data_only=True)
    rows = list(book["Données"].iter_rows(values_only=True))
    book.close()
    header = [str(c) for c in rows[0]]
    by_code = {str(r[0]).zfill(5): r for r in rows[1:] if r[0] is not None}
    years = sorted(2000 + int(m.group(1)) for c in header
                   if (m := re.fullmatch(r"Nb_logvac_pp_0101(\d\d)", c)))
    return header, by_code, years


def lovac_expected(territory: str, report_year: int) -> dict[str, tuple[float, float, int]]:
    """« 01/01/D » → (vacant private, vacant ≥ 2 years, communes with a value) for a page:
    each date from the latest file ending no later than the report year, else the first
    file that publishes it — the rule of data/README.md, applied to plain openpyxl sums."""
    ends = {path: max(lovac_sheet(path)[2]) for path in LOVAC_FILES}
    codes = {c for c, t in members().items() if t == territory}
    out = {}
    for date in sorted({y for p in LOVAC_FILES for y in lovac_sheet(p)[2]}):
        if date > report_year:
            continue
        holding = [p for p in LOVAC_FILES if date in lovac_sheet(p)[2]]
        before = [p for p in holding if ends[p] <= report_year]
        path = max(before, key=ends.get) if before else min(holding, key=ends.get)
        header, by_code, _ = lovac_sheet(path)
        vacant = header.index(f"Nb_logvac_pp_0101{date % 100:02d}")
        long_term = header.index(f"Nb_logvac_2A_0101{date % 100:02d}")
        known = [by_code[c] for c in codes if c in by_code and by_code[c][vacant] is not None]
        out[f"01/01/{date}"] = (sum(r[vacant] for r in known),
                                sum(r[long_term] for r in known), len(known))
    return out


def census_total(territory: str, indicator: str) -> float:
    """Sum of the committed census extract for a territory, read with the csv module."""
    with open(PROJECT_ROOT / "data/reference/communes.csv", encoding="utf-8") as f:
        codes = {r["commune_code"] for r in csv.DictReader(f) if r["epci_short"] == territory}
    with gzip.open(PROJECT_ROOT / "data/reference/census_2021_by_commune.csv.gz", "rt",
                   encoding="utf-8") as f:
        return sum(float(r["value"]) for r in csv.DictReader(f)
                   if r["commune_code"] in codes and r["indicator"] == indicator)


def file_years() -> set[int]:
    """The years the committed national files give a page: each LOVAC date and Filosofi
    year, read from the files' headers (not the 2018 rent map: no page of its own)."""
    years = {year for path in LOVAC_FILES for year in lovac_sheet(path)[2]}
    for path in (DATA / "housing" / "filosofi").glob("*.csv"):
        header = path.read_text(encoding="utf-8").split("\n")[0].split(";")
        years |= {2000 + int(m.group(1)) for c in header if (m := re.fullmatch(r"MED(\d\d)", c))}
    return years


def test_every_territory_year_with_housing_data_is_built(built):
    out, results = built
    observations = load_table("housing/observations")
    expected = set(zip(observations["territory"], observations["year"].astype(int),
                       strict=True))
    expected |= {(t, y) for t in ("CAVM", "CAPH", "CALL", "CABBALR") for y in file_years()}
    mine = [r for r in results if r.spec.section.name == "housing"]
    assert {(r.spec.territory.short, r.spec.year) for r in mine} == expected
    assert all(r.ok for r in mine), [r.error for r in mine if not r.ok]
    for territory, year in expected:
        for suffix in ("html", "ipynb", "figures.csv"):
            assert (out / territory / str(year) / f"housing.{suffix}").is_file()


def test_census_stock_and_vacancy_are_the_sums_of_the_communes(built):
    df = figures(built[0], "CALL", 2019)
    dwellings = census_total("CALL", "dwellings")
    assert row(df, "dwellings")["value"] == dwellings
    vacancy = row(df, "vacancy_rate_pct", "census")
    assert vacancy["value"] == pytest.approx(100 * census_total("CALL", "vacant_dwellings")
                                             / dwellings)
    assert row(df, "flats_share_pct")["value"] == pytest.approx(
        100 * census_total("CALL", "flats") / dwellings)
    assert "millésime 2021 postérieur" in row(df, "dwellings")["note"]


def test_cavm_plh_vacancy_rates_match_the_census_and_the_long_term_figures_do_not(built):
    df = figures(built[0], "CAVM", 2023)
    dwellings = census_total("CAVM", "dwellings")
    insee = row(df, "vacancy_rate_pct", "insee")
    assert insee["value"] == pytest.approx(100 * 8700 / dwellings)
    assert insee["published_value"] == 9 and insee["status"] == "match"
    lovac = row(df, "vacancy_rate_pct", "lovac")
    assert lovac["value"] == pytest.approx(100 * 11500 / dwellings) and lovac["status"] == "match"
    long_term = row(df, "long_term_vacancy_rate_pct")
    assert long_term["value"] == pytest.approx(100 * 3870 / dwellings)
    assert long_term["published_value"] == 6 and long_term["status"] == "mismatch"
    share = row(df, "vacant_over_2_years_share_pct")
    assert share["value"] == pytest.approx(100 * 3870 / 11500) and share["status"] == "mismatch"
    stock = row(df, "stock_implied_by_vacancy_rate", "insee")
    assert stock["value"] == pytest.approx(8700 / 9 * 100)


def test_cavm_production_target_and_its_split_by_sector(built):
    df = figures(built[0], "CAVM", 2023)
    total = row(df, "production_target_total", period="2024-2029")
    assert total["value"] == 4680 and total["status"] == "match"
    assert row(df, "production_target_per_year", "valenciennes")["value"] == pytest.approx(
        780 * 0.33)
    assert row(df, "production_target_share_pct", "sum_of_sectors")["value"] == 100
    # 733 dwellings authorised a year in 2016-2021 (l. 814) against 780 (this PLH), 900 (SCoT,
    # l. 851) and 880 (previous PLH, l. 814)
    paces = df[(df["indicator"] == "pace_vs_target_pct") & (df["period"] == "2016-2021")
               & (df["breakdown"] == "")]
    assert sorted(paces["value"]) == pytest.approx(sorted(100 * 733 / t for t in (780, 900, 880)))


def test_call_amounts_per_dwelling(built):
    df = figures(built[0], "CALL", 2019)
    assert row(df, "social_housing_funding_per_dwelling_eur")["value"] == pytest.approx(
        726290.50 / 488)
    state = row(df, "mining_housing_state_credits_per_dwelling_eur")
    assert state["value"] == pytest.approx(9000)
    # « 3 114 000 € » printed to the euro (data/README.md: last printed digit), 346 dwellings:
    # an exact count
    assert state["low"] == pytest.approx(3_113_999.5 / 346)
    assert "subventionné ou agréé" in row(df, "social_housing_funding_per_dwelling_eur")["label"]
    assert row(df, "mining_housing_public_credits_per_dwelling_eur")["value"] == pytest.approx(
        (3_114_000 + 2_134_000) / 346)
    assert row(df, "npnru_projects")["status"] == "match"


def test_crte_renovation_paces_against_the_targets(built):
    cavm = figures(built[0], "CAVM", 2021)
    assert row(cavm, "dwellings_renovation_funded", "private")["status"] == "match"
    social = cavm[(cavm["indicator"] == "pace_vs_target_pct") & (cavm["breakdown"] == "social")]
    assert social["value"].tolist() == [pytest.approx(100 * (763 / 3) / 495)]
    caph = figures(built[0], "CAPH", 2021)
    # « il faudrait agir sur 2000 logements par an » is a need: shown as printed, never a
    # target that the 361 + 198 renovations of 2020 are compared with
    overall = caph[(caph["indicator"] == "pace_vs_target_pct") & (caph["breakdown"] == "")]
    assert overall.empty
    need = row(caph, "dwellings_renovation_needs_per_year", period="2020-2050")
    assert (need["value"], need["unit"], need["status"]) == (2000, "count/an", "printed")
    assert not (caph["label"].str.startswith("Objectif") & (caph["value"] == 2000)).any()
    social = caph[(caph["indicator"] == "pace_vs_target_pct") & (caph["breakdown"] == "social")]
    assert social["value"].tolist() == [pytest.approx(100 * 361 / 150)]  # PLH CAPH, 150 a year


def test_housing_pages_have_the_maps_with_alt_text_and_the_audit(built):
    """Every map of the communes in one image (display/maps.py), its alt text
    naming each map with its extremes; pages under the size limit."""
    out, results = built
    for r in [r for r in results if r.spec.section.name == "housing"]:
        page = out / r.spec.territory.short / str(r.spec.year) / "housing.html"
        html = page.read_text(encoding="utf-8")
        assert page.stat().st_size <= MAX_SECTION_PAGE_BYTES
        soup = BeautifulSoup(html, "html.parser")
        alts = [img.get("alt", "") for img in soup.find_all("img")]
        maps = [a for a in alts if a.startswith(
            f"Carte : Les {r.spec.territory.n_communes} communes, carte par carte")]
        assert len(maps) == 1
        for name in ("Taux de vacance, recensement", "Part des appartements, recensement",
                     "Vacance du parc privé, LOVAC au 01/01/",
                     "Loyer d'annonce des appartements, 2018", "Loyer d'annonce des maisons"):
            assert name in maps[0], (page, name)
        assert ("Revenu médian par UC, Filosofi" in maps[0]) == (r.spec.year >= 2021)
        text = soup.get_text(" ")
        assert "Audit des chiffres publiés" in text and "Indicateurs manquants" in text
        assert len(soup.select("table.communes tbody tr")) == r.spec.territory.n_communes
    text = BeautifulSoup((out / "CAVM" / "2023" / "housing.html").read_text(encoding="utf-8"),
                         "html.parser").get_text(" ")
    assert "Vacance de longue durée" in text and "écart" in text
    assert "9,2\u00a0%" in text  # 8 700 on the census stock, beside the published 9 %


def _drop_lovac(data_dir, declare=True):
    drop_file(data_dir, "lovac_synthetic_2024.csv", declare)


def test_next_year_drill_a_dropped_lovac_file_adds_a_year_with_a_lower_bound(data_copy,
                                                                            tmp_path):
    _drop_lovac(data_copy)
    specs = plan(["CAVM"], None, ["housing"], tmp_path / "out", data_copy, pdf=False)
    assert 2024 in {s.year for s in specs}
    out = tmp_path / "out"
    results = build(plan(["CAVM"], [2024], ["housing"], out, data_copy, pdf=False), progress=False)
    assert results[0].ok, results[0].error
    df = figures(out, "CAVM", 2024)
    vacant = row(df, "vacant_private", "lovac_file", "01/01/2024")
    assert vacant["value"] == 2500 + 460 + 610 + 310
    assert "minorant" in vacant["label"]
    assert vacant["note"].startswith("minorant : 4 communes sur 35 (1\u00a0secrète, "
                                     "30\u00a0absentes du fichier)")
    assert row(df, "vacancy_rate_pct", "lovac_file", "01/01/2024")["value"] == pytest.approx(
        100 * 3880 / 33650)
    html = (out / "CAVM" / "2024" / "housing.html").read_text(encoding="utf-8")
    assert "secret statistique" in html and "au 1er janvier 2024 (LOVAC)" in html


def test_an_undeclared_lovac_file_stops_the_build_with_the_line_to_add(data_copy, tmp_path,
                                                                      capsys):
    _drop_lovac(data_copy, declare=False)
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", "-t", "CAVM", "-s", "housing", "-o", str(out),
                 "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "source 'lovac_synthetic_2024' absente de sources.csv" in err
    assert "data/housing/lovac/lovac_synthetic_2024.csv" in err
    assert not out.exists()


def test_next_year_drill_a_dropped_census_file_replaces_the_2021_vintage(data_copy, tmp_path):
    """A SYNTHETIC base-ic-logement 2022 (official layout, one IRIS per commune, every value of
    the committed 2021 extract plus 1 %), dropped and declared: the 2022 section uses it."""
    import hashlib

    import pandas as pd

    census = pd.read_csv(data_copy / "reference" / "census_2021_by_commune.csv.gz", dtype=str)
    wide = census.pivot(index="commune_code", columns="indicator", values="value").astype(float)
    fields = {"dwellings": "LOG", "main_residences": "RP", "secondary_residences": "RSECOCC",
              "vacant_dwellings": "LOGVAC", "houses": "MAISON", "flats": "APPART"}
    target = data_copy / "housing" / "census"
    target.mkdir(parents=True)
    path = target / "base-ic-logement-2022.csv"
    lines = ["IRIS;COM;LIBCOM;" + ";".join(f"P22_{f}" for f in fields.values())]
    for code, values in wide.iterrows():
        lines.append(f"{code}0000;{code};Commune;" + ";".join(
            f"{values[name] * 1.01:.2f}" for name in fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with open(data_copy / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"base_ic_logement_2022,Recensement SYNTHÉTIQUE pour les tests,tests,,2026,"
                f"RP 2022,aucune,data/housing/census/base-ic-logement-2022.csv,{digest},"
                f"tests,Valeurs fictives.\n")
    assert 2022 in {s.year for s in plan(["CALL"], None, ["housing"], tmp_path, data_copy)}
    out = tmp_path / "out"
    results = build(plan(["CALL"], [2022], ["housing"], out, data_copy, pdf=False), progress=False)
    assert results[0].ok, results[0].error
    df = figures(out, "CALL", 2022)
    communes = scope_communes(load_table("reference/communes"))
    call = communes.loc[communes["epci_short"] == "CALL", "commune_code"]
    dwellings = row(df, "dwellings")
    assert dwellings["value"] == pytest.approx(
        sum(round(v * 1.01, 2) for v in wide.loc[call, "dwellings"]))
    assert dwellings["period"] == "INSEE, recensement 2022"


def test_every_observation_is_shown_whatever_its_period(built):
    """A second period of the same indicator is a second printed figure (CAPH: 635 social
    dwellings renovated in 2016-2019 and 361 in 2020, CRTE l. 485): every row of
    housing/observations.csv is on its page, with its period (read with the csv module)."""
    with open(PROJECT_ROOT / "data/housing/observations.csv", encoding="utf-8") as f:
        rows = list(csv.DictReader(f))
    by_page = {}
    for r in rows:
        by_page.setdefault((r["territory"], int(r["year"])), []).append(r)
    for (territory, year), expected in by_page.items():
        df = figures(built[0], territory, year)
        shown = set(zip(df["indicator"], df["breakdown"], df["period"], strict=True))
        for r in expected:
            assert (r["indicator"], r["breakdown"], r["period"]) in shown, (territory, year, r)
    caph = figures(built[0], "CAPH", 2021)
    assert row(caph, "dwellings_renovated", "social", period="2020")["value"] == 361
    assert row(caph, "dwellings_renovated", "private", period="2020")["value"] == 198
    share = row(figures(built[0], "CAVM", 2023), "population_75plus_share_pct",
                "projection_omphale", period="2050")
    assert (share["value"], share["decimals"]) == (21, 0)  # « 21 % » (PLH l. 2069)


def test_the_prefectoral_order_total_is_computed_and_labelled_as_not_printed(built):
    """PLH l. 37-38: 214 « au titre de l'insalubrité », 175 « au titre de l'urgence (danger
    imminent) »; 389 is printed nowhere."""
    out = built[0]
    df = figures(out, "CAVM", 2023)
    total = row(df, "dwellings_under_prefectoral_order", "total")
    assert total["value"] == 214 + 175
    assert (total["kind"], total["status"]) == ("computed", "not_published")
    assert "non imprimé" in total["label"]
    urgence = row(df, "dwellings_under_prefectoral_order", "urgence")
    assert (urgence["value"], urgence["status"]) == (175, "printed")
    text = BeautifulSoup((out / "CAVM" / "2023" / "housing.html").read_text(encoding="utf-8"),
                         "html.parser").get_text(" ")
    assert "péril" not in text and "au titre de l'urgence (danger imminent)" in text


def test_the_pppi_keeps_the_decimals_the_documents_printed(built):
    """PLH l. 27-28: « 7,45 % », « 7 % », « 10 a 19 % »; CRTE l. 1113: « 10,4 % »."""
    out = built[0]
    text = " ".join(BeautifulSoup((out / "CAVM" / "2023" / "housing.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ").split())
    assert "7,45 %" in text
    for more in ("7,00 %", "10,00 %", "19,00 %"):
        assert more not in text, more
    df = figures(out, "CAVM", 2023)
    assert row(df, "pppi_share_pct", "valenciennes")["decimals"] == 0
    assert row(df, "pppi_share_pct")["decimals"] == 2
    assert "ensemble des logements" in row(df, "pppi_share_pct")["label"]
    crte = figures(out, "CAVM", 2021)
    assert row(crte, "pppi_share_pct", "valenciennois")["decimals"] == 1  # « 10,4 % »


def test_renovations_of_no_published_level_are_not_compared_with_bbc_targets(built):
    """CRTE l. 487: 763 + 633 dwellings « réhabilités » in 2016-2018 (no level printed) and
    « 6 500 logements en BBC ou 11 000 à un niveau intermédiaire » d'ici 2030."""
    df = figures(built[0], "CAVM", 2021)
    compared = df[df["indicator"].isin(["annual_pace", "pace_vs_target_pct"])]
    assert not compared["breakdown"].isin(["bbc", "intermediate_level"]).any()
    assert (compared["unit"][compared["indicator"] == "annual_pace"] == "count/an").all()


def test_erbm_envelopes_are_the_basins_or_unstated_and_shown_as_envelopes(built):
    """CALL report l. 1963-1968 and CRTE l. 493: the State's 100 M€ (10 M€ a year) is for the
    whole mining basin; the Region's and the Department's areas are not stated."""
    out = built[0]
    call = figures(out, "CALL", 2019)
    envelopes = call[(call["indicator"] == "target_total") & (call["unit"] == "EUR")]
    by_value = {r.value: r for r in envelopes.itertuples()}
    assert by_value[100e6].breakdown == "bassin_minier"
    assert by_value[20e6].breakdown == "erbm_perimetre_non_precise"
    own = envelopes[envelopes["breakdown"] == ""]
    assert sorted(own["value"]) == [30e6, 180e6]  # the CALL's own 30 M€, NPNRU CALL
    assert envelopes["label"].str.startswith("Enveloppe").all()
    cavm = figures(out, "CAVM", 2021)
    state = cavm[(cavm["indicator"] == "target_per_year") & (cavm["unit"] == "EUR/an")]
    assert state["breakdown"].tolist() == ["bassin_minier"]
    doubling = call[call["source"].str.endswith("l. 1922") & (call["indicator"] == "target_level")]
    assert doubling["label"].str.contains("évolution relative visée").all()
    assert doubling["decimals"].tolist() == [0]
    text = " ".join(BeautifulSoup((out / "CALL" / "2019" / "housing.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ").split())
    assert "variation +100 %" in text and "100,0 %" not in text
    assert "Part du parc au niveau BBC — France" in text  # a national objective (l. 2404)


def test_no_usual_pace_of_hlm_sales_only_the_previous_target(built):
    """PLH l. 610-612: 70 sales a year was the previous PLH's aim; 106 in 2020 and 91 in 2021."""
    df = figures(built[0], "CAVM", 2023)
    assert not df["indicator"].isin(["hlm_sales_usual_per_year", "hlm_sales_vs_usual_pct"]).any()
    hlm = df[(df["indicator"] == "pace_vs_target_pct") & (df["period"] == "2021")]
    assert hlm["value"].tolist() == [pytest.approx(100 * 91 / 70)]


def test_the_production_total_says_which_duration_it_assumes(built):
    """CALL report l. 1849 « pour la période 2014 – 2020 » but l. 1874 « sur une durée de
    6 ans »: 1 310 × 7 is not the document's total, and the page says so."""
    total = row(figures(built[0], "CALL", 2019), "production_target_total")
    assert total["value"] == 1310 * 7 and total["status"] == "not_published"
    assert "7 années civiles" in total["note"] and "6 ans" in total["note"]
    cavm = figures(built[0], "CAVM", 2023)  # the previous PLH's sector share (l. 817) is shown
    share = row(cavm, "target_level", "valenciennes", period="2016-2021")
    assert share["value"] == 26


# --- the national files by commune: LOVAC, Filosofi, rent map --------------------------------


def test_lovac_counts_of_every_page_match_an_openpyxl_read(built):
    """Vacant private dwellings and those vacant for 2 years or more, at each date a page
    shows, with the communes counted: summed here from the sheet « Données »."""
    out, results = built
    pages = [(r.spec.territory.short, r.spec.year) for r in results
             if r.spec.section.name == "housing"]
    for territory, year in pages:
        df = figures(out, territory, year)
        expected = lovac_expected(territory, year)
        shown = df[(df["breakdown"] == "lovac_file") & (df["indicator"] == "vacant_private")]
        assert sorted(shown["period"]) == sorted(expected), (territory, year)
        for period, (vacant, long_term, known) in expected.items():
            assert row(df, "vacant_private", "lovac_file", period)["value"] == vacant
            assert row(df, "vacant_2y_plus", "lovac_file", period)["value"] == long_term
            note = row(df, "vacant_private", "lovac_file", period)["note"]
            n_communes = sum(1 for t in members().values() if t == territory)
            assert note.startswith(f"minorant : {known} communes sur {n_communes} (" if known
                                   < n_communes else f"les {n_communes} communes publiées")


@functools.cache
def _filosofi_rows() -> list[dict]:
    path = next((DATA / "housing" / "filosofi").glob("*.csv"))
    with open(path, encoding="utf-8") as f:
        return list(csv.DictReader(f, delimiter=";"))


def filosofi_expected(territory: str) -> dict[str, tuple[float, float]]:
    """Lowest and highest MED and TP60 of the territory's communes: the csv module."""
    rows = _filosofi_rows()
    yy = next(c[3:] for c in rows[0] if c.startswith("MED"))
    mine = [r for r in rows if members().get(r["CODGEO"]) == territory]
    out = {}
    for indicator, field in (("median_disposable_income_eur", "MED"),
                             ("poverty_rate_pct", "TP60")):
        values = [float(r[field + yy].replace(",", ".")) for r in mine if r[field + yy] != "s"]
        out[indicator] = (min(values), max(values))
    return out


@pytest.mark.parametrize("territory", TERRITORIES)
def test_filosofi_ranges_on_the_2021_pages(built, territory):
    df = figures(built[0], territory, 2021)
    for indicator, (low, high) in filosofi_expected(territory).items():
        assert row(df, indicator, "commune_min", "2021")["value"] == low
        assert row(df, indicator, "commune_max", "2021")["value"] == high
    assert not ((df["indicator"] == "median_disposable_income_eur")
                & (df["breakdown"] == "")).any()
    text = BeautifulSoup((built[0] / territory / "2021" / "housing.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ")
    assert "ne peut pas être recalculé à partir de ceux de ses communes" in text
    assert "Filosofi 2021" in text and "INSEE" in text


def test_rents_of_2018_on_the_pages_of_2019_with_the_weighted_average_labelled(built):
    df = figures(built[0], "CALL", 2019)
    path = DATA / "housing" / "rents" / "indicateurs-loyers-appartements.csv"
    with open(path, encoding="latin-1") as f:
        mine = [r for r in csv.DictReader(f, delimiter=";")
                if members().get(r["INSEE"].zfill(5)) == "CALL"]
    rents = [float(r["loypredm2"].replace(",", ".")) for r in mine]
    ads = [int(r["NBobs_commune"]) for r in mine]
    assert row(df, "advertised_rent_eur_m2", "flats_commune_min", "2018")["value"] == min(rents)
    weighted = row(df, "advertised_rent_eur_m2", "flats_ads_weighted", "2018")
    assert weighted["value"] == pytest.approx(
        sum(x * n for x, n in zip(rents, ads, strict=True)) / sum(ads))
    assert "pondérée par les annonces" in weighted["label"]
    assert "pas le loyer de l'agglomération" in weighted["note"]
    text = BeautifulSoup((built[0] / "CALL" / "2019" / "housing.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ")
    assert "DHUP / ANIL" in text and "carte des loyers" in text


def test_the_cavm_2023_page_explains_lovac_against_the_census_and_the_plh(built):
    out = built[0]
    df = figures(out, "CAVM", 2023)
    checks = df[df["check"] == "national_file"]
    assert set(checks["published_value"]) == {11500, 3870, 16}
    assert checks["note"].str.contains("écart admis à l'audit").all()
    text = " ".join(BeautifulSoup((out / "CAVM" / "2023" / "housing.html").read_text(
        encoding="utf-8"), "html.parser").get_text(" ").split())
    for words in ("Face au recensement 2021", "champ — LOVAC ne compte que le parc privé",
                  "définition — LOVAC retient", "date — 1er janvier", "périmètre —",
                  "Face aux chiffres des documents", "parc privé de l'année suivante"):
        assert words in text, words
    share = row(df, "lovac_vacant_share_of_census_pct")
    assert "recensement 2021" in share["method"]


def lovac_copy(source, target):
    """A SYNTHETIC LOVAC file « au 01/01/2022 »: the published 2021 xlsx with every date
    and stock year moved one year later (the headers are shared strings; no cell changes)."""
    def later(m):
        return (f"{m.group(1)}{int(m.group(2)) + 1:02d}" if m.group(1)
                else f"Nb_log_pp_{int(m.group(4)) + 1}")
    pattern = re.compile(r"((?:Nb|Prop)_logvac_(?:pp_|pp_C_|2A_|pp_2A_)0101)(\d\d)"
                         r"|(Nb_log_pp_)(\d{4})")
    with zipfile.ZipFile(source) as src, zipfile.ZipFile(target, "w",
                                                         zipfile.ZIP_DEFLATED) as out:
        for item in src.infolist():
            data = src.read(item.filename)
            if item.filename == "xl/sharedStrings.xml":
                data = pattern.sub(later, data.decode("utf-8")).encode("utf-8")
            out.writestr(item, data)
    return target


def test_next_year_drill_a_lovac_xlsx_adds_its_year_and_leaves_2021_unchanged(built, data_copy,
                                                                           tmp_path):
    """An analyst drops next year's LOVAC file as published (here a SYNTHETIC copy of the
    2021 file, dates moved to 2020-2022) and declares it with its sha256: a 2022 page
    appears without touching code, no date is counted twice, and the 2021 page is
    byte-for-byte the same figures."""
    name = "logements-vacants-du-parc-prive-par-commune-synthetique-au-01012022-lovac.xlsx"
    latest = max(LOVAC_FILES, key=lambda p: max(lovac_sheet(p)[2]))
    path = lovac_copy(latest, data_copy / "housing" / "lovac" / name)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    with open(data_copy / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"{name.removesuffix('.xlsx').replace('-', '_')},LOVAC SYNTHÉTIQUE pour les "
                f"tests,tests,,2022,vacance au 01/01/2020 à 2022,aucune,"
                f"data/housing/lovac/{name},{digest},tests,Valeurs fictives (fichier 2021 "
                f"décalé d'un an).\n")
    assert 2022 in {s.year for s in plan(["CAVM"], None, ["housing"], tmp_path, data_copy)}
    out = tmp_path / "out"
    results = build(plan(["CAVM"], [2021, 2022], ["housing"], out, data_copy, pdf=False),
                    progress=False)
    assert all(r.ok for r in results), [r.error for r in results]
    before = (built[0] / "CAVM" / "2021" / "housing.figures.csv").read_bytes()
    assert (out / "CAVM" / "2021" / "housing.figures.csv").read_bytes() == before
    df = figures(out, "CAVM", 2022)
    assert df["figure_id"].is_unique
    lovac = df[(df["indicator"] == "vacant_private") & (df["breakdown"] == "lovac_file")]
    assert sorted(lovac["period"]) == ["01/01/2019", "01/01/2020", "01/01/2021", "01/01/2022"]
    new = row(df, "vacant_private", "lovac_file", "01/01/2022")
    assert "SYNTHÉTIQUE" in new["source"]
    # the copy's 01/01/2022 is the published 01/01/2021, summed over the same communes
    assert new["value"] == lovac_expected("CAVM", 2021)["01/01/2021"][0]
    # 01/01/2021 is in both files: counted once, from the latest (the copy)
    assert "SYNTHÉTIQUE" in row(df, "vacant_private", "lovac_file", "01/01/2021")["source"]
