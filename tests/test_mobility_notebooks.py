"""Regression tests: the mobility notebook executed on the committed data, against the documents.

Expected values come from the documents, worked out by hand, and from the committed population
extract summed here with the csv module (independently of analysis.sections.mobility):
CALL 2019 (002, l. 463-467): EuroVelo 5 = 6 + 5 + 14 km built + 12 km in study = "37 km".
CRTE 2021 (001, l. 616): 37 charging points in service in the CAVM; 28 to deploy in the CAPH.
CAVM report 2025 (000, l. 632, 685, 687, 803): more than 300 then 600 bike grants (2021, 2022),
8 charging points being deployed (2022, « Déploiement en cours ») then 4 more deployed (2023):
never 12 installed.
IRVE derivative (data/mobility/irve_derived/, snapshot 2025): the points of each agglomeration
are counted in the tests from the raw Parquet file (helpers.irve_derived_points: pyarrow,
matplotlib.path, csv), never read off the pages.
"""

from __future__ import annotations

import csv
import gzip
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers import drop_file, irve_derived_points, population, row
from helpers import figures as section_figures

from analysis.core.fmt import fr_number
from analysis.core.paths import PROJECT_ROOT
from analysis.engine.cli import main
from analysis.engine.plan import plan
from analysis.engine.run import build
from analysis.inputs.official.shared import PARSE_LOG, PARSED_DIR_VARIABLE

pytestmark = pytest.mark.notebook
FIXTURE = PROJECT_ROOT / "tests" / "fixtures" / "irve_synthetic_20250301.csv"
# the documents' editions, and the year of the committed IRVE derivative's snapshot (2025)
# for every agglomeration
SECTIONS = {("CALL", 2019), ("CAVM", 2021), ("CAVM", 2025), ("CAPH", 2021), ("CABBALR", 2022),
            ("CAPH", 2025), ("CALL", 2025), ("CABBALR", 2025)}
AGGLOMERATIONS = ("CAVM", "CAPH", "CALL", "CABBALR")


def figures(out, territory, year):
    return section_figures(out, territory, year, "mobility")


def page(out, territory, year):
    html = (out / territory / str(year) / "mobility.html").read_text(encoding="utf-8")
    return BeautifulSoup(html, "html.parser")


def test_every_territory_year_with_mobility_data_is_built(built):
    out, results = built
    mine = [r for r in results if r.spec.section.name == "mobility"]
    assert {(r.spec.territory.short, r.spec.year) for r in mine} == SECTIONS
    assert all(r.ok for r in mine), [r.error for r in mine if not r.ok]
    for territory, year in SECTIONS:
        for suffix in ("html", "ipynb", "figures.csv"):
            assert (out / territory / str(year) / f"mobility.{suffix}").is_file()


def test_call_eurovelo_5_is_audited_against_the_published_length(built):
    df = figures(built[0], "CALL", 2019)
    total = row(df, "cycle_route_total_km", "eurovelo_5")
    assert (total["value"], total["published_value"], total["status"]) == (37, 37, "match")
    assert row(df, "cycle_route_built_km", "eurovelo_5")["value"] == 6 + 5 + 14
    assert row(df, "cycle_route_observed_pace_km_per_year", "eurovelo_5")["value"] == 14


def test_charging_points_per_10000_inhabitants_with_the_population_vintage(built):
    cavm = figures(built[0], "CAVM", 2021)
    density = row(cavm, "charging_points_per_10000_inhabitants")
    assert density["value"] == pytest.approx(37 * 10_000 / population("CAVM", 2021))
    assert "recensement 2021" in density["population_vintage"]
    planned = row(cavm, "charging_points_planned_per_10000_inhabitants", "caph")
    assert planned["value"] == pytest.approx(28 * 10_000 / population("CAPH", 2021))
    # the CAPH page compares itself with the CAVM's 37 points
    caph = figures(built[0], "CAPH", 2021)
    assert row(caph, "charging_points_per_10000_inhabitants", "cavm")["value"] == \
        pytest.approx(density["value"])


def test_the_2025_page_shows_both_documents_and_which_one_it_uses(built, independent):
    soup = page(built[0], "CAVM", 2025)
    text = " ".join(soup.get_text(" ").split())
    # the derivative's snapshot (2025) is the latest count not after 2025: it is used, as a
    # minimum; the CRTE's 37 (2021) are listed beside it
    n = int((independent["epci_short"] == "CAVM").sum())
    assert f"La section retient au moins {n} points de recharge en service (2025-10-25" in text
    table = soup.find("th", string="Utilisé").find_parent("table")
    cells = [[c.get_text() for c in tr.find_all(["th", "td"])] for tr in
             table.select("tbody tr")]
    assert [(c[2], c[3], c[4]) for c in cells] == [
        ("8", "2022", "non"), ("4", "2023", "non"), ("37", "2021", "non"),
        (f"au moins {n}", "2025-10-25", "oui")]
    assert cells[3][0] == "fichier IRVE dérivé (au moins)"
    # 000 l. 687 « Déploiement en cours de 8 nouvelles bornes » is shown as such
    assert cells[0][1].startswith("en cours de déploiement")
    assert cells[1][1] == "installées sur la période"
    assert "ne sont comptées ni comme installées ni dans le parc en service" in text
    df = figures(built[0], "CAVM", 2025)
    assert df[df["indicator"] == "charging_points_installed_total"].empty
    assert row(df, "public_charging_points", "being_deployed")["value"] == 8
    assert row(df, "bike_purchase_grants_change_pct")["value"] == pytest.approx(100)
    # 000 l. 152 (section 2025): « 22 communes sur les 35 de l'agglomération »
    assert "le document de 2025 compte 35 communes (conforme)" in text


def test_the_pages_say_no_more_than_the_documents(built):
    out = built[0]
    for territory, year in SECTIONS:
        text = " ".join(page(out, territory, year).get_text(" ").split())
        assert "par an par an" not in text and "/an par an" not in text, (territory, year)
        assert "€/trajet" not in text and "ensemble des itinéraires" not in text
    call = " ".join(page(out, "CALL", 2019).get_text(" ").split())
    # 002 l. 467 « travaux envisagés fin 2021 »: a start, not a deadline
    assert "pour finir d'ici 2021" not in call
    df = figures(out, "CALL", 2019)
    # 002 l. 530: the SMT Artois-Gohelle network's figure, not the CALL's
    assert row(df, "youth_subscriptions_change_pct", "smtd_artois_gohelle")["value"] == 9.7
    assert df[(df["indicator"] == "youth_subscriptions_change_pct")
              & (df["breakdown"] == "")].empty
    # 002 l. 2194 (path) and l. 2199 (canal) are two quantities: no second printing
    assert row(df, "greenway_path_km", "berges_souchez")["status"] == "printed"
    # 001 l. 844 and l. 589: figures of the Valenciennois, not the CAVM's own
    cavm = figures(out, "CAVM", 2021)
    lines = cavm[cavm["source"].str.contains("l. 844")]
    assert set(lines["breakdown"]) == {"valenciennois"} and len(lines) >= 4
    assert row(cavm, "poirier_universite_station_passengers", "valenciennois")["value"] == \
        160_000
    # 000 l. 177 and 348: programmes being defined in 2025, finalised in 2026
    cavm_2025 = " ".join(page(out, "CAVM", 2025).get_text(" ").split())
    assert "structurants dont le programme d'aménagement est en cours de définition" in \
        cavm_2025 and "structurants programmés" not in cavm_2025


def test_mobility_pages_have_charts_with_alt_text_and_the_audit(built):
    for territory, year in SECTIONS:
        soup = page(built[0], territory, year)
        text = soup.get_text(" ")
        assert "Audit des chiffres publiés" in text and "Indicateurs manquants" in text
        assert "Traceback" not in text
        for img in soup.find_all("img"):
            assert img.get("alt", "").startswith(("Graphique : ", "Carte : "))
    alts = [i["alt"] for i in page(built[0], "CALL", 2019).find_all("img")]
    assert any(a.startswith("Graphique : Itinéraires cyclables") for a in alts)
    cabbalr = page(built[0], "CABBALR", 2022).get_text(" ")
    assert "71\u00a0% des déplacements" in cabbalr
    assert "aucun objectif de part modale" in cabbalr


@pytest.fixture(scope="module")
def independent():
    """The committed derivative's points in the territories, found by the tests' own route
    (pyarrow, matplotlib.path, csv)."""
    return irve_derived_points()


def _latest_vintage(year: int) -> int:
    with gzip.open(PROJECT_ROOT / "data/reference/population.csv.gz", "rt",
                   encoding="utf-8") as f:
        return max(int(r["vintage"]) for r in csv.DictReader(f) if int(r["vintage"]) <= year)


def test_each_2025_page_counts_the_derivative_s_points_as_a_minimum(built, independent):
    """Charging points of the committed derivative per agglomeration, computed in the test
    from the raw file, are the pages' figures; per 10,000 inhabitants of the latest census
    not after 2025; labelled « dérivé », « au moins »."""
    vintage = _latest_vintage(2025)
    for territory in AGGLOMERATIONS:
        df = figures(built[0], territory, 2025)
        n = int((independent["epci_short"] == territory).sum())
        points = row(df, "public_charging_points", "irve_derived")
        assert (points["value"], points["period"]) == (n, "2025-10-25"), territory
        assert "DÉRIVÉ" in points["source"] and points["note"].startswith("au moins")
        density = row(df, "charging_points_per_10000_inhabitants")
        assert density["value"] == pytest.approx(n * 10_000 / population(territory, vintage))
        assert str(vintage) in density["population_vintage"]
        # every other agglomeration, from the same file
        for other in set(AGGLOMERATIONS) - {territory}:
            m = int((independent["epci_short"] == other).sum())
            assert row(df, "charging_points_per_10000_inhabitants", other.lower())["value"] \
                == pytest.approx(m * 10_000 / population(other, vintage))
        text = " ".join(page(built[0], territory, 2025).get_text(" ").split())
        assert "fichier **dérivé**" not in text and "fichier dérivé du fichier national" in text
        assert " ".join(f"au moins {fr_number(n)} points".split()) in text


def test_the_2025_page_shows_dates_apart_operators_and_the_documents_reading(built,
                                                                           independent):
    cavm = independent[independent["epci_short"] == "CAVM"]
    dates = cavm["date_mise_en_service"]
    plausible = (dates.dt.year >= 2000) & (dates <= pd.Timestamp("2025-10-25"))
    df = figures(built[0], "CAVM", 2025)
    unknown = row(df, "charging_points_commissioning_unknown", "irve_derived")
    assert unknown["value"] == int((~plausible).sum())  # counted apart, not dropped
    in_2023 = int((dates[plausible].dt.year == 2023).sum())
    assert row(df, "charging_points_commissioned", "irve_derived", "2023")["value"] == in_2023
    operators = df[df["indicator"] == "charging_points_by_operator"]
    assert operators["value"].sum() == len(cavm)
    soup = page(built[0], "CAVM", 2025)
    text = " ".join(soup.get_text(" ").split())
    # 001 l. 616: a stock in 2021 against a 2025 snapshot: not compared
    assert "37 bornes — en service (2021 ;" in text
    assert "non comparable par définition" in text
    # 000 l. 803: 4 installed in 2023, a subset of the file's points of 2023
    verdict = "compatible : le fichier compte au moins autant" if in_2023 >= 4 else \
        "4 bornes — installées sur la période (2023"
    assert verdict in text
    alts = [i["alt"] for i in soup.find_all("img")]
    assert any(a.startswith("Graphique : Points de recharge par opérateur") for a in alts)
    years = next(a for a in alts if a.startswith("Graphique : Points de recharge par année"))
    assert f"sans date exploitable : {int((~plausible).sum())}" in years
    # nothing audited against the file: no national_file check on the charging figures
    assert not (df["check"] == "national_file").any()


def test_older_reports_do_not_change_with_the_derivative(built):
    for territory, year in SECTIONS:
        if year >= 2025:
            continue
        df = figures(built[0], territory, year)
        assert not df["breakdown"].isin(["irve_derived", "irve_file"]).any(), (territory, year)
        text = " ".join(page(built[0], territory, year).get_text(" ").split())
        # the acronym is an <abbr>: the text around it is split at its tags
        assert re.search(r"Aucun fichier national des bornes de recharge \( ?IRVE ?\) de "
                         r"cette année", text)


def _drop_irve(data_dir, declare=True):
    drop_file(data_dir, FIXTURE.name, declare)


def test_next_year_drill_a_dropped_irve_file_adds_a_year_for_every_territory(
        data_copy, tmp_path, monkeypatch):
    _drop_irve(data_copy)
    specs = plan(None, [2025], ["mobility"], tmp_path / "out", data_copy, pdf=False)
    assert {s.territory.short for s in specs} == {"CAVM", "CAPH", "CALL", "CABBALR"}
    out = tmp_path / "out"
    parsed = tmp_path / "parsed"  # the build's shared folder, kept to read its log
    parsed.mkdir()
    monkeypatch.setenv(PARSED_DIR_VARIABLE, str(parsed))
    results = build(plan(["CAVM", "CALL"], [2025], ["mobility"], out, data_copy, pdf=False),
                    progress=False)
    assert all(r.ok for r in results), [r.error for r in results]
    # two notebooks, two kernels: each file was parsed once (by the plan or the first
    # notebook), then reused
    assert sorted(line.split("\t")[:2] for line in (parsed / PARSE_LOG).read_text(
        ).splitlines()) == [["load_irve", FIXTURE.name],
                            ["load_irve_derived", "irve_clean.parquet"]]
    cavm = figures(out, "CAVM", 2025)
    # the consolidated file of 2025 wins over the derivative of the same year: never both
    point = row(cavm, "public_charging_points", "irve_file")
    assert point["value"] == 4 and point["period"] == "2025-03-01"  # 3 Valenciennes + Estreux
    assert cavm[cavm["breakdown"] == "irve_derived"].empty
    assert row(cavm, "charging_points_per_10000_inhabitants")["value"] == pytest.approx(
        4 * 10_000 / population("CAVM", 2021))
    shares = cavm[cavm["indicator"] == "charging_points_power_share_pct"].set_index(
        "breakdown")["value"]
    assert shares["over_50kw"] == 25 and shares["power_unknown"] == 0
    assert row(cavm, "charging_points_per_10000_inhabitants", "call")["value"] == \
        pytest.approx(2 * 10_000 / population("CALL", 2021))
    soup = page(out, "CAVM", 2025)
    assert len(soup.select("table.communes tbody tr")) == 35
    assert "après retrait de 1 doublon (même identifiant" in " ".join(
        soup.get_text(" ").split())
    assert "Un fichier dérivé de la même année (irve_clean) est déposé aussi" in \
        " ".join(soup.get_text(" ").split())
    alts = [i["alt"] for i in soup.find_all("img")]
    assert any(a.startswith("Carte : Points de recharge par commune") for a in alts)


def test_an_undeclared_irve_file_stops_the_build_with_the_line_to_add(data_copy, tmp_path,
                                                                     capsys):
    _drop_irve(data_copy, declare=False)
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", "-t", "CALL", "-y", "2025", "-s", "mobility", "-o", str(out),
                 "--data-dir", str(data_copy)]) == 2
    err = capsys.readouterr().err
    assert "source 'irve_synthetic_20250301' absente de sources.csv" in err
    assert "data/mobility/irve/irve_synthetic_20250301.csv" in err
