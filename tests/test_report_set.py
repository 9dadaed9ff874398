"""The report set read as one: index, export, synthesis and methodology on the full build
of the committed data (the session fixture ``built`` runs ``analysis build``'s steps)."""

from __future__ import annotations

import json
from pathlib import Path

import openpyxl
import pandas as pd
from bs4 import BeautifulSoup
from helpers import index_cell

from analysis.engine.navigation import REPORT_PAGE
from analysis.figures import catalogue
from analysis.figures.export import read_export
from analysis.figures.record import read_figures_csv


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


def section_pages(out):
    return sorted(p for p in out.glob("*/*/*.html") if p.name != REPORT_PAGE)


def test_the_index_links_exactly_the_sections_built(built):
    out, results = built
    index = soup(out / "index.html")
    linked = {a["href"] for a in index.select("table.index a")
              if a["href"].endswith(".html") and not a["href"].endswith(REPORT_PAGE)}
    on_disk = {p.relative_to(out).as_posix() for p in section_pages(out)}
    planned = {f"{r.spec.territory.short}/{r.spec.year}/{r.spec.section.name}.html"
               for r in results}
    assert linked == on_disk == planned
    # one report per agglomeration-year that has a section, linked with its PDF when there
    # is one (this build has none: --no-pdf; tests/test_build_engine.py builds both)
    reports = {a["href"] for a in index.select("table.index a")
               if a["href"].endswith(REPORT_PAGE)}
    assert reports == {f"{Path(p).parent.as_posix()}/{REPORT_PAGE}" for p in planned}
    pdfs = {a["href"] for a in index.select("table.index a") if a["href"].endswith(".pdf")}
    assert pdfs == {str(Path(href).with_suffix(".pdf")) for href in reports
                    if (out / href).with_suffix(".pdf").is_file()}
    extras = {a["href"] for a in index.select("ul.extras a")}
    peers_years = [r.spec.year for r in results if r.spec.section.name == "peers"]
    national = {f"national/epci_{max(peers_years)}.csv"} if peers_years else set()
    assert extras == {"synthese.html", "methodologie.html", "figures.csv", "figures.json",
                      "figures.xlsx", "figures_fr.csv"} | national
    assert all((out / href).is_file() for href in extras)


def test_each_index_row_gives_key_figures_verifications_and_vintages(built):
    out, _ = built
    index = soup(out / "index.html")
    cell = index_cell(index, "CALL", 2019, "Déchets")
    text = " ".join(cell.get_text(" ", strip=True).split())
    assert text.startswith("Déchets 2019 Déchets ménagers et assimilés (DMA) collectés : 142")
    # counted from the section's own figures record: only comparisons count, never a figure
    # shown as printed
    df = read_figures_csv(out / "CALL" / "2019" / "waste.figures.csv")
    verified = int(df["status"].isin(["match", "mismatch"]).sum())
    mismatches = int((df["status"] == "mismatch").sum())
    assert verified > 0 and mismatches > 0
    assert f"{verified} vérifications, {mismatches} écarts" in text
    vintages = index.select_one("section#CALL details.index-vintages").get_text(" ")
    assert "Rapport développement durable" in vintages and "millésime 2017" in vintages


def test_every_figure_shown_anywhere_is_in_the_export_and_the_catalogue(built):
    out, _ = built
    df = read_export(out / "figures.csv")
    ids = set(df["figure_id"])
    for page in [*section_pages(out), out / "synthese.html"]:
        shown = {tr["data-figure-id"] for tr in soup(page).select("tr[data-figure-id]")}
        assert shown and shown <= ids, page
    for r in df.itertuples():
        catalogue.check_figure(r.indicator, r.unit)


def test_the_export_has_one_row_per_figure_of_the_pages_all_figures_tables(built):
    out, _ = built
    df = read_export(out / "figures.csv")
    assert df["figure_id"].is_unique
    for page in section_pages(out):
        territory, year = page.parent.parent.name, int(page.parent.name)
        tables = soup(page).select("table.figures")
        last = [tr["data-figure-id"] for tr in tables[-1].select("tr[data-figure-id]")]
        own = df[(df["territory"] == territory) & (df["year"] == year)
                 & (df["section"] == page.stem)]
        assert sorted(last) == sorted(own["figure_id"]), page
    records = json.loads((out / "figures.json").read_text(encoding="utf-8"))
    assert [r["figure_id"] for r in records] == df["figure_id"].tolist()


def test_the_synthesis_shows_the_sections_own_values(built):
    out, _ = built
    df = read_export(out / "figures.csv").set_index("figure_id")
    shown = read_figures_csv(out / "synthese.figures.csv")
    assert not shown.empty
    for r in shown.itertuples():
        section = read_figures_csv(out / r.territory / str(r.year) / f"{r.section}.figures.csv")
        same = section[section["figure_id"] == r.figure_id].iloc[0]
        assert (same["value"], same["unit"], same["status"]) == (r.value, r.unit, r.status)
        assert df.loc[r.figure_id, "value"] == r.value


def test_the_synthesis_compares_the_census_stock_of_the_four_agglomerations(built):
    out, _ = built
    shown = read_figures_csv(out / "synthese.figures.csv")
    vacancy = shown[(shown["indicator"] == "vacancy_rate_pct")
                    & (shown["breakdown"] == "census")]
    assert sorted(vacancy["territory"]) == ["CABBALR", "CALL", "CAPH", "CAVM"]
    for r in vacancy.itertuples():  # the census rate of each agglomeration's housing section
        housing = read_figures_csv(out / r.territory / str(r.year) / "housing.figures.csv")
        rate = housing[(housing["indicator"] == "vacancy_rate_pct")
                       & (housing["breakdown"] == "census")]["value"]
        assert rate.tolist() == [r.value]
    page = soup(out / "synthese.html")
    assert page.find("img", alt=lambda a: a and a.startswith(
        "Graphique : Les 218 communes des 4 agglomérations"))


def test_an_indicator_one_agglomeration_has_is_listed_as_not_compared(built):
    out, _ = built
    shown = read_figures_csv(out / "synthese.figures.csv")
    assert "renewable_share_pct" not in set(shown["indicator"])  # only CAVM publishes it
    text = soup(out / "synthese.html").get_text(" ")
    assert "Part des énergies renouvelables dans la consommation CAVM" in text


def test_the_methodology_page_lists_every_indicator_of_the_catalogue(built):
    out, _ = built
    rows = {tr["id"] for tr in soup(out / "methodologie.html").select("tr[id]")}
    assert rows == set(catalogue.CATALOGUE)
    dma = soup(out / "methodologie.html").find("tr", id="dma_per_inhabitant_kg_year")
    text = dma.get_text(" ", strip=True)
    assert "dma_total_t" in text and "kg/hab./an" in text
    # the CABBALR target of data/waste/targets.csv, with its line, under the indicator the
    # document's words give (« -15% de déchets » : which waste, which quantity, not said)
    target = soup(out / "methodologie.html").find("tr", id="waste_amount_unspecified")
    text = target.get_text(" ", strip=True)
    assert "CABBALR : \u221215 % (variation, 2030) — Projet de territoire 2022-2032" in text
    assert "l. 66" in text


def test_each_section_states_the_perimeter_it_sums(built):
    out, _ = built
    text = " ".join(soup(out / "CALL" / "2019" / "waste.html").get_text(" ").split())
    # EPCI is explained at its first use, between the two halves of the sentence
    assert "Périmètre : 36 communes , composition des EPCI" in text
    assert "intercommunale) du référentiel des communes" in text
    assert "le document de 2019 compte 36 communes (conforme)" in text
    caph = " ".join(soup(out / "CAPH" / "2021" / "housing.html").get_text(" ").split())
    # the two agglomerations' codes are explained at their first use
    assert "le document de 2021 compte 82 communes pour CAVM (communauté d'agglomération " \
        "Valenciennes Métropole) + CAPH (communauté d'agglomération de la Porte du Hainaut) " \
        "(conforme)" in caph


def test_two_builds_of_the_export_are_identical(built, tmp_path):
    from analysis.engine.run import built_figure_files
    from analysis.figures.export import collect, write_export

    out, _ = built
    df = collect(built_figure_files(out))
    csv_path, json_path = write_export(df, tmp_path)
    assert csv_path.read_bytes() == (out / "figures.csv").read_bytes()
    assert json_path.read_bytes() == (out / "figures.json").read_bytes()
    assert pd.read_csv(csv_path).shape[0] == len(df)


def test_the_spreadsheets_of_the_build_hold_every_figure_and_are_rebuilt_identical(built,
                                                                                    tmp_path):
    from analysis.engine.run import built_figure_files
    from analysis.figures.export import collect
    from analysis.figures.spreadsheet import write_spreadsheets

    out, _ = built
    df = collect(built_figure_files(out))
    xlsx, fr_csv = write_spreadsheets(df, tmp_path)
    assert xlsx.read_bytes() == (out / "figures.xlsx").read_bytes()
    assert fr_csv.read_bytes() == (out / "figures_fr.csv").read_bytes()
    workbook = openpyxl.load_workbook(xlsx, read_only=True)
    assert workbook.sheetnames == ["Lisez-moi", "Déchets", "Habitat", "Mobilité",
                                   "Énergie et climat", "Parmi ses pairs"]
    ids = [row[-1] for name in workbook.sheetnames[1:]
           for row in workbook[name].iter_rows(min_row=2, values_only=True)]
    assert sorted(ids) == sorted(df["figure_id"])
    back = pd.read_csv(fr_csv, sep=";", decimal=",", encoding="utf-8-sig")
    assert back["identifiant du chiffre"].tolist() == df["figure_id"].tolist()
