"""Any EPCI of France (issue 21): two EPCI outside the four agglomerations — Douaisis Agglo
(Hauts-de-France) and La Rochelle (Nouvelle-Aquitaine) — built end to end from the committed
data by the command line, by name and by SIREN: the pages the national files allow, their
report and the index; their census figures equal an independent sum of the committed census
extract (csv module); their rank among their peers equals a count made here on the national
table; no regional target of Hauts-de-France on La Rochelle's page; the sections only their
own documents would give are named with what they would hold."""

from __future__ import annotations

import csv
import gzip
from collections import defaultdict

import pandas as pd
import pytest
from bs4 import BeautifulSoup

from analysis.core.paths import PROJECT_ROOT
from analysis.engine.cli import main
from analysis.engine.plan import plan
from analysis.figures.record import read_figures_csv

pytestmark = pytest.mark.notebook

REFERENCE = PROJECT_ROOT / "data" / "reference"
OUTSIDE = {"200044618": "Douaisis", "241700434": "241700434"}  # asked by name, by SIREN
YEAR = 2021


@pytest.fixture(scope="module")
def outside_build(tmp_path_factory):
    out = tmp_path_factory.mktemp("any_epci")
    argv = ["build", "--no-pdf", "-y", str(YEAR), "-o", str(out), "--no-progress"]
    for asked in OUTSIDE.values():
        argv += ["-t", asked]
    assert main(argv) == 0
    return out


def _text(path) -> str:
    return " ".join(BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
                    .get_text(" ").split())


def _census(siren: str) -> dict[str, float]:
    with open(REFERENCE / "communes.csv", encoding="utf-8") as f:
        codes = {r["commune_code"] for r in csv.DictReader(f) if r["epci_siren"] == siren}
    sums: dict[str, float] = defaultdict(float)
    with gzip.open(REFERENCE / "census_2021_by_commune.csv.gz", "rt", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            if r["commune_code"] in codes:
                sums[r["indicator"]] += float(r["value"])
    return sums


def test_every_page_the_plan_gives_is_built_with_its_report(outside_build):
    for siren in OUTSIDE:
        planned = {s.section.name for s in plan([siren], [YEAR], output_dir=outside_build)}
        assert {"housing", "peers"} <= planned  # census and LOVAC cover every commune
        folder = outside_build / siren / str(YEAR)
        assert {p.stem for p in folder.glob("*.html")} == planned | {"rapport"}
    index = BeautifulSoup((outside_build / "index.html").read_text(encoding="utf-8"),
                          "html.parser")
    assert all(index.select_one(f'section[id="{siren}"]') for siren in OUTSIDE)


def test_census_figures_equal_an_independent_sum_of_the_census_extract(outside_build):
    for siren in OUTSIDE:
        df = read_figures_csv(outside_build / siren / str(YEAR) / "housing.figures.csv")
        census = _census(siren)
        dwellings = df[(df["indicator"] == "dwellings") & (df["breakdown"] == "")]
        assert dwellings["value"].tolist() == [census["dwellings"]]
        rate = df[(df["indicator"] == "vacancy_rate_pct") & (df["breakdown"] == "census")]
        assert rate["value"].iloc[0] == pytest.approx(
            100 * census["vacant_dwellings"] / census["dwellings"])
        population = df[df["indicator"] == "population"]["value"].iloc[0]
        assert population == census["population"]


def test_the_rank_among_peers_is_the_count_of_higher_peers_in_the_national_table(
        outside_build):
    table = pd.read_csv(outside_build / "national" / f"epci_{YEAR}.csv",
                        dtype={"epci_siren": str, "code": str, "region_code": str})
    for siren in OUTSIDE:
        mine = table[table["epci_siren"] == siren].iloc[0]
        peers = table[(table["kind"] == mine["kind"])
                      & (table["population"] >= mine["population"] / 2)
                      & (table["population"] <= mine["population"] * 2)]
        values = peers["private_vacancy_rate_pct"].dropna()
        expected = int((values > mine["private_vacancy_rate_pct"]).sum()) + 1
        df = read_figures_csv(outside_build / siren / str(YEAR) / "peers.figures.csv")
        rank = df[(df["indicator"] == "peer_rank")
                  & (df["breakdown"] == "private_vacancy_rate_pct")]["value"]
        assert rank.tolist() == [expected]
        page = _text(outside_build / siren / str(YEAR) / "peers.html")
        assert f"sur {len(values)} pairs" in page
        assert "entre la moitié et le double de la sienne" in page


def test_a_regional_target_applies_in_its_region_only(outside_build):
    douaisis = _text(outside_build / "200044618" / str(YEAR) / "energy.html")
    rochelle = _text(outside_build / "241700434" / str(YEAR) / "energy.html")
    assert "Hauts-de-France —" in douaisis
    assert "Hauts-de-France —" not in rochelle and "France —" in rochelle


def test_what_only_its_own_documents_would_give_is_said(outside_build):
    report = _text(outside_build / "241700434" / str(YEAR) / "rapport.html")
    assert ("Déchets : pas de données de ce thème pour cette agglomération dans les documents "
            "ni les fichiers nationaux ; ces chiffres viennent des documents ou des services "
            "de l'agglomération : tonnages collectés") in report
    assert "(SIREN 241700434)" in report  # its code is its SIREN: said once
