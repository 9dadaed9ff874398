"""Regression tests: the waste notebook executed on the committed data, against the documents.

Expected values come from the CALL 2019 report (data/documents/002_…txt, lines 823-858):
streams 65 800 + 37 134 + 7 071 + 17 067 + 15 469 t, total 142 541 t, 1,6 kg/j/hab,
+0,37 % vs 2018, 29,4 M€ and 100,74 €/hab; recovery (l. 825, 885, 891, 950-951): 42 %, 48 %,
« près de 90% », 44 %, 72 022 t, 40 880 + 22 494 t; and from the CABBALR projet de territoire
(data/documents/004_…txt, l. 66-68): « -15% de déchets d'ici à 2030 », 770 and 500 kg.
"""

from __future__ import annotations

import hashlib
import re

import pandas as pd
import pytest
from bs4 import BeautifulSoup
from helpers import index_cell

from analysis.core.errors import DataValidationError
from analysis.core.statuses import STATUSES
from analysis.engine.cli import main
from analysis.engine.pages import write_index
from analysis.engine.plan import plan
from analysis.engine.run import build
from analysis.figures.record import read_figures_csv
from analysis.inputs.tables import load_table

pytestmark = pytest.mark.notebook

REQUIRED_COLUMNS = ["territory", "year", "section", "indicator", "label", "value", "unit",
                    "source", "published_value", "status"]
CALL_STREAMS_2019 = {"omr": 65800, "bulky_recycling_centres": 37134, "glass": 7071,
                     "green_waste": 17067, "selective": 15469}


def figures(out, territory, year, section="waste") -> pd.DataFrame:
    return read_figures_csv(out / territory / str(year) / f"{section}.figures.csv")


def of_section(results, name):
    return [r for r in results if r.spec.section.name == name]


def row(df, indicator, breakdown="", published=None) -> pd.Series:
    rows = df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)]
    if published is not None:
        rows = rows[rows["published_value"] == published]
    assert len(rows) == 1, (indicator, breakdown, rows)
    return rows.iloc[0]


def test_every_territory_year_with_waste_data_is_built(built):
    out, results = built
    observations = load_table("waste/observations")
    expected = {(t, int(y)) for t, y in zip(observations["territory"], observations["year"],
                                            strict=True) if t != "FR"}
    assert {(r.spec.territory.short, r.spec.year) for r in of_section(results, "waste")
            } == expected
    assert all(r.ok for r in results), [r.error for r in results if not r.ok]
    for territory, year in expected:
        for suffix in ("html", "ipynb", "figures.csv"):
            assert (out / territory / str(year) / f"waste.{suffix}").is_file()


def test_figures_csv_has_the_audit_columns_and_statuses(built):
    out, results = built
    for r in results:
        df = figures(out, r.spec.territory.short, r.spec.year, r.spec.section.name)
        assert set(REQUIRED_COLUMNS) <= set(df.columns)
        assert set(df["status"]) <= set(STATUSES)
        assert (df["source"].str.len() > 0).all()


def test_call_2019_total_equals_the_published_total_and_the_sum_of_the_streams(built):
    df = figures(built[0], "CALL", 2019)
    total = row(df, "dma_total_t")
    assert total["value"] == sum(CALL_STREAMS_2019.values()) == 142541
    assert total["published_value"] == 142541 and total["status"] == "match"
    for stream, tonnes in CALL_STREAMS_2019.items():
        assert row(df, "collected_t", stream, published=None if stream != "glass" else 7175
                   )["value"] == tonnes


def test_call_2019_kg_per_day_matches_1_6_at_the_population_used(built):
    df = figures(built[0], "CALL", 2019)
    population = row(df, "population")["value"]
    kg_day = row(df, "dma_per_inhabitant_kg_day")
    assert kg_day["value"] == pytest.approx(142541 * 1000 / 365 / population)
    assert round(kg_day["value"], 1) == 1.6
    assert kg_day["status"] == "match"
    assert "2017" in kg_day["population_vintage"]


def test_call_2019_total_change_matches_the_published_0_37_percent(built):
    df = figures(built[0], "CALL", 2019)
    change = row(df, "dma_total_change_pct")
    published_changes = {"omr": -1.7, "bulky_recycling_centres": 11.2, "glass": -2,
                         "green_waste": -8.8, "selective": -1.7}
    previous = sum(t / (1 + published_changes[s] / 100) for s, t in CALL_STREAMS_2019.items())
    assert change["value"] == pytest.approx(100 * (142541 / previous - 1))
    assert change["published_value"] == 0.37 and change["status"] == "match"
    assert change["low"] < 0.35 and change["high"] > 0.43  # glass printed to 1 %: wide bounds


def test_call_2019_cost_per_inhabitant_is_flagged_with_the_implied_population(built):
    df = figures(built[0], "CALL", 2019)
    cost = row(df, "service_cost_per_inhabitant_eur")
    assert cost["status"] == "mismatch" and cost["published_value"] == 100.74
    assert cost["gap_pct"] > 15
    implied = row(df, "population_implied_by_cost")
    assert implied["value"] == pytest.approx(29.4e6 / 100.74)


def test_call_2019_recovery_shares_say_their_base(built):
    df = figures(built[0], "CALL", 2019)
    # material + organic share of the collected DMA, compared with the 44 % of l. 885
    share = row(df, "dma_recovered_share_pct", "material_organic")
    assert share["value"] == pytest.approx(100 * (40880 + 22494) / 142541)
    assert (share["published_value"], share["status"]) == (44, "match")
    # no energy or total share of the collected DMA: the 72 022 t are not a part of it
    assert set(df.loc[df["indicator"] == "dma_recovered_share_pct", "breakdown"]) == {
        "material", "organic", "material_organic"}
    # 42 % and 48 % (l. 825) shown as printed, with the base each implies; 42 + 48 = 90
    assert row(df, "recovered_share_pct", "material_organic")["status"] == "printed"
    assert row(df, "recovered_share_pct", "energy")["status"] == "printed"
    assert row(df, "recovered_share_base_implied_t", "energy")["value"] == pytest.approx(
        72022 * 100 / 48)
    total = row(df, "recovered_share_pct", "total")
    assert (total["value"], total["published_value"], total["status"]) == (42 + 48, 90, "match")
    assert "mismatch" not in set(df.loc[df["indicator"].str.contains("recover"), "status"])


def test_call_2019_page_says_in_french_which_base_each_share_uses(built):
    html = (built[0] / "CALL" / "2019" / "waste.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "Sur quelle base ces parts sont-elles calculées ?" in text
    assert "142 541 t de DMA collectés" in text  # spaces normalised by split()
    assert "ne dit pas sur quel tonnage elles sont calculées" in text
    assert "150 890 t" in text  # 63 374 × 100 / 42
    assert "aucune part énergétique ni totale des DMA n'est calculée" in text
    assert "Part des DMA valorisée — énergétique" not in text
    assert "95,0 %" not in text and "50,5 %" not in text  # 135 396 or 72 022 / 142 541
    # plans are said to be planned
    assert "Budget prévu du PLPDMA par an" in text


def test_cabbalr_2022_page_shows_its_targets_as_printed_and_its_waste_not_as_dma(built):
    html = (built[0] / "CABBALR" / "2022" / "waste.html").read_text(encoding="utf-8")
    text = " ".join(BeautifulSoup(html, "html.parser").get_text(" ").split())
    assert "« -15% de déchets d'ici à 2030 »" in text
    assert "aucun niveau cible n'est calculé" in text
    assert "654" not in text  # 770 × 0,85: the document gives no base for its -15 %
    assert "matière et organique" not in text  # « Un taux de valorisation de 67% »
    assert "67 %" in text and "67,0" not in text
    assert "DMA par habitant" not in text and "DMA implicites" not in text
    assert "périmètre non précisé par le document" in text
    df = figures(built[0], "CABBALR", 2022)
    assert row(df, "waste_per_inhabitant_kg_year")["value"] == 770


def test_every_published_figure_of_a_territory_year_is_audited_or_shown_as_printed(built):
    """A figure the document computes itself is compared with its recomputation, or, when
    nothing can recompute it (a change whose previous year is not in the data), shown as
    printed, citing its own line: never left out."""
    out, results = built
    for r in results:
        published = load_table(f"{r.spec.section.name}/published")
        df = figures(out, r.spec.territory.short, r.spec.year, r.spec.section.name)
        mine = published[(published["territory"] == r.spec.territory.short)
                          & (published["year"] == r.spec.year)]
        for p in mine.itertuples():
            same = df[(df["indicator"] == p.indicator) & (df["breakdown"] == p.breakdown)
                      & (df["period"] == getattr(p, "period", ""))]
            compared = same[same["status"].isin(["match", "mismatch"])
                            & (same["published_value"] == p.value)
                            & same["published_source"].str.endswith(p.locator)]
            printed = same[(same["status"] == "printed") & (same["value"] == p.value)
                           & same["source"].str.endswith(p.locator)]
            assert len(compared) + len(printed) >= 1, (r.spec.section.name, p.indicator,
                                                       p.breakdown, p.value)


def test_partial_territory_year_says_what_is_missing(built):
    html = (built[0] / "CAPH" / "2021" / "waste.html").read_text(encoding="utf-8")
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert "Indicateurs manquants" in text
    assert "coût du service" in text
    assert "ne sont pas publiés" in text


def test_html_pages_are_french_offline_without_code_and_with_alt_text(built):
    out, results = built
    for r in results:
        html = (out / r.spec.territory.short / str(r.spec.year)
                / f"{r.spec.section.name}.html").read_text(encoding="utf-8")
        soup = BeautifulSoup(html, "html.parser")
        assert soup.html["lang"] == "fr"
        assert not soup.select(".input_area, .jp-InputArea, div.input")
        assert "import " not in soup.get_text() and "_report." not in soup.get_text()
        for tag in soup.find_all(["script", "link"]):
            assert not re.match(r"(https?:)?//", tag.get("src") or tag.get("href") or "")
        assert soup.find("nav", id="toc").find_all("a")
        for img in soup.find_all("img"):
            alt = img.get("alt", "")
            assert alt.startswith(("Graphique : ", "Carte : ")) and len(alt) > 20
            assert "No description" not in alt


def test_call_page_shows_french_numbers_charts_and_the_audit(built):
    html = (built[0] / "CALL" / "2019" / "waste.html").read_text(encoding="utf-8")
    text = BeautifulSoup(html, "html.parser").get_text(" ")
    assert "142\u202f541\u00a0t" in text
    assert "0,37\u00a0%" in text
    assert "291\u202f840" in text  # population implied by 29,4 M€ at 100,74 €/hab
    assert len(BeautifulSoup(html, "html.parser").find_all("img")) >= 2


def test_index_lists_every_territory_with_links_and_mismatch_counts(built):
    out, _ = built
    soup = BeautifulSoup((out / "index.html").read_text(encoding="utf-8"), "html.parser")
    assert soup.html["lang"] == "fr"
    text = soup.get_text(" ")
    for code in ("CAVM", "CAPH", "CALL", "CABBALR"):
        assert f"({code})" in text
    for link in soup.find_all("a"):
        target = link["href"].split("#")[0]
        if target:  # « #CALL »: a heading of the index itself
            assert (out / target).is_file(), link["href"]
        else:
            assert soup.find(id=link["href"][1:]), link["href"]
    call_cell = index_cell(soup, "CALL", 2019, "Déchets")
    df = figures(out, "CALL", 2019)
    mismatches = int((df["status"] == "mismatch").sum())
    assert mismatches == 2  # glass 7 071 / 7 175 t, cost 121,52 / 100,74 €/hab
    assert f"{mismatches} écarts" in call_cell.get_text(" ", strip=True)


DRILL_YEAR = 2099  # years no analyst will add: the drill never collides with real rows
DRILL_STREAMS = {  # SYNTHETIC tonnages of the two drill years, never shown as real
    DRILL_YEAR - 1: {"omr": 65000, "bulky_recycling_centres": 37000, "glass": 7200,
                     "green_waste": 17000, "selective": 15500},
    DRILL_YEAR: {"omr": 64000, "bulky_recycling_centres": 38000, "glass": 7300,
                 "green_waste": 16000, "selective": 15800},
}


def _add_synthetic_years(data_dir) -> None:
    """Two SYNTHETIC years, added as the README tells an analyst to add a year: a document,
    its line in sources.csv with its sha256, and rows."""
    document = data_dir / "documents" / "synthetic_drill.txt"
    document.write_text("valeur synthétique\n", encoding="utf-8")
    digest = hashlib.sha256(document.read_bytes()).hexdigest()
    with open(data_dir / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"synthetic_test,Jeu SYNTHÉTIQUE pour les tests,tests,CALL,2026,{DRILL_YEAR},"
                f"aucune,data/documents/synthetic_drill.txt,{digest},tests,Valeurs fictives.\n")
    with open(data_dir / "waste" / "observations.csv", "a", encoding="utf-8") as f:
        for year, streams in DRILL_STREAMS.items():
            for stream, tonnes in streams.items():
                f.write(f"CALL,{year},collected_t,{stream},{tonnes},t,1,synthetic_test,l. 1,"
                        f"valeur synthétique,SYNTHÉTIQUE\n")


def test_next_year_drill_reports_changes_against_the_observed_previous_year(data_copy,
                                                                          tmp_path):
    _add_synthetic_years(data_copy)
    previous, current = DRILL_STREAMS[DRILL_YEAR - 1], DRILL_STREAMS[DRILL_YEAR]
    out = tmp_path / "out"
    results = build(plan(["CALL"], [DRILL_YEAR], ["waste"], out, data_copy, pdf=False),
                    progress=False)
    assert results[0].ok, results[0].error
    df = figures(out, "CALL", DRILL_YEAR)
    for stream, tonnes in current.items():
        change = row(df, "collected_change_pct", stream)
        assert change["value"] == pytest.approx(100 * (tonnes / previous[stream] - 1))
        assert str(DRILL_YEAR - 1) in change["method"]
    total = row(df, "dma_total_change_pct")
    assert total["value"] == pytest.approx(100 * (sum(current.values())
                                                  / sum(previous.values()) - 1))
    html = (out / "CALL" / str(DRILL_YEAR) / "waste.html").read_text(encoding="utf-8")
    assert f"observé en {DRILL_YEAR - 1}" in html


def test_a_bad_observations_file_stops_the_build_before_any_kernel(data_copy, tmp_path, capsys):
    path = data_copy / "waste" / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[1] = lines[1].replace(",65800,", ",beaucoup,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    assert main(["build", "--no-pdf", "-t", "CALL", "-o", str(out), "--data-dir",
                 str(data_copy)]) == 2
    assert (f"{path}: ligne 2, colonne « value » : règle « coerce_dtype('float64') » non "
            "respectée (valeur : 'beaucoup')") in capsys.readouterr().err
    assert not out.exists()


def test_a_bad_file_that_only_a_notebook_reads_is_refused_before_any_kernel(data_copy,
                                                                            tmp_path):
    # waste/targets.csv is not needed to plan the run: the check of every table catches it
    path = data_copy / "waste" / "targets.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[2] = lines[2].replace(",level,65,", ",level,soixante,")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    out = tmp_path / "out"
    with pytest.raises(DataValidationError) as raised:
        plan(["CALL"], [2019], ["waste"], out, data_copy)
    assert str(raised.value) == (
        f"{path}: ligne 3, colonne « target_value » : règle « coerce_dtype('float64') » non "
        f"respectée (valeur : 'soixante')")
    assert not out.exists()


def test_a_territory_without_waste_data_is_listed_as_pas_de_donnees(data_copy, tmp_path):
    path = data_copy / "waste" / "observations.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(line for line in lines if not line.startswith("CAPH,")) + "\n",
                    encoding="utf-8")
    out = tmp_path / "out"
    index = write_index(out, [], data_copy).read_text(encoding="utf-8")
    caph = BeautifulSoup(index, "html.parser").select_one("section#CAPH")
    text = " ".join(caph.get_text(" ").split())
    assert "Jamais disponibles : Déchets" in text and "pas de données" in text
    assert not any("waste" in a["href"] for a in caph.find_all("a"))
