"""The peers section on the committed data: its page years, the figures of a page against
the national table (read here from the table and counted with pandas), and a ranking a
document prints, audited (a SYNTHETIC row, labelled so)."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import NoDataError
from analysis.core.specs import section_specs
from analysis.inputs.territories import all_territories
from analysis.national.table import national_table
from analysis.sections import peers
from analysis.sections.base import compute

SYNTHETIC_SOURCE = {"source_id": "synthetique_peers", "title": "DONNÉES SYNTHÉTIQUES (tests)",
                    "publisher": "tests", "territory": "", "published": "2021",
                    "period": "2021", "licence": "aucune", "path": "", "sha256": "",
                    "origin": "tests", "note": ""}


@pytest.fixture(scope="module")
def inputs():
    return peers.load_inputs()


@pytest.fixture(scope="module")
def page(inputs):
    territory, year = all_territories()[0].short, min(inputs.years)
    return territory, year, compute(peers, inputs, territory, year)


def test_the_section_reads_the_national_files_and_no_document_table():
    spec = section_specs()["peers"]
    assert "peers/published" in spec.tables and "peers/observations" not in spec.tables
    assert {f.path for f in spec.drop_folders} == {
        "housing/lovac", "mobility/irve", "mobility/irve_derived", "energy/district_heating"}


def test_every_agglomeration_has_a_page_each_year_of_a_national_file(inputs):
    for territory in all_territories():
        assert peers.years(inputs, territory.short) == inputs.years
    assert min(inputs.years) == 2021  # the census every row needs
    with pytest.raises(NoDataError, match="années disponibles"):
        peers.start(inputs, all_territories()[0].short, min(inputs.years) - 1)


def test_the_page_s_figures_are_the_national_table_s(page, inputs):
    territory, year, result = page
    table, _ = national_table(year, inputs.root)
    mine = table[table["code"] == territory].iloc[0]
    standing = result.frames["standing"].set_index("indicator")
    for indicator, row in standing.iterrows():
        assert row["value"] == pytest.approx(mine[indicator])
        peers_values = table[(table["kind"] == mine["kind"])
                             & table["population"].between(mine["population"] / 2,
                                                           mine["population"] * 2)][indicator]
        assert row["peers_median"] == pytest.approx(peers_values.median())
        assert row["ranked"] == peers_values.notna().sum()


def test_a_ranking_a_document_prints_is_audited(inputs):
    territory, year = all_territories()[0].short, min(inputs.years)
    result = compute(peers, inputs, territory, year)
    rank = result.df_figures[(result.df_figures["indicator"] == "peer_rank")
                             & (result.df_figures["breakdown"] == "vacancy_rate_pct")]
    printed = int(rank["value"].iloc[0]) + 3  # SYNTHETIC: a rank the data do not give
    changed = peers.PeersInputs(dict(inputs.tables), pd.concat(
        [inputs.sources, pd.DataFrame([SYNTHETIC_SOURCE])], ignore_index=True), inputs.root,
        inputs.years)
    published = inputs.tables["peers/published"]
    row = {"territory": territory, "year": year, "indicator": "peer_rank",
           "breakdown": "vacancy_rate_pct", "value": float(printed), "unit": "rang",
           "precision": 1.0, "source_id": "synthetique_peers", "locator": "l. 1",
           "quote": f"{printed}e", "note": "rang SYNTHÉTIQUE"}
    changed.tables["peers/published"] = pd.concat(
        [published, pd.DataFrame([row]).astype(published.dtypes.to_dict())], ignore_index=True)
    audited = compute(peers, changed, territory, year).df_figures
    line = audited[(audited["indicator"] == "peer_rank")
                   & (audited["breakdown"] == "vacancy_rate_pct")].iloc[0]
    assert line["status"] == "mismatch" and line["published_value"] == printed


def test_a_standing_reads_as_french_whatever_the_rank_s_type():
    """SYNTHETIC row: the rank arrives as a float from a table with NaN (« 58.0e » was
    printed), and a unit that ends with a full stop takes no second one."""
    from collections import namedtuple

    from analysis.sections.peers.text import standing_sentence

    row = dict(label="Points de recharge", period="2025", value=21.0, unit="count/10000 hab",
               decimals=1, rank=58.0, ranked=97, percentile=41.0, peers_median=23.0,
               region_median=15.6, france_median=22.5)
    sentence = standing_sentence(namedtuple("Row", row)(**row))
    assert "58e sur 97 pairs" in sentence and ".0e" not in sentence
    assert sentence.endswith("pour 10\u202f000 hab.") and not sentence.endswith("..")
    first = standing_sentence(namedtuple("Row", row)(**(row | {"rank": 1.0, "unit": "%"})))
    assert "1er sur 97 pairs" in first and first.endswith("%.")


def test_what_an_epci_s_row_covers_is_said_by_indicator():
    """SYNTHETIC rows of the national table: the flags, set, unset or missing."""
    from analysis.national.table import coverage_notes

    both = coverage_notes(pd.Series({"census_lower_bound": True,
                                     "private_vacancy_lower_bound": True}))
    assert both["vacancy_rate_pct"] == "taux des seules communes présentes au recensement"
    assert both["dwellings"].startswith("minorant")
    assert both["charging_points_per_10k"].startswith("majorant")
    assert both["district_heating_kwh_per_inhabitant"].startswith("majorant")
    assert both["private_vacancy_rate_pct"] == "taux des seules communes que LOVAC publie"
    assert coverage_notes(pd.Series({"census_lower_bound": float("nan"),
                                     "private_vacancy_lower_bound": False})) == {}


def test_an_epci_with_communes_outside_the_census_has_its_values_marked(inputs):
    from analysis.sections.peers.text import intro_markdown

    year = max(inputs.years)  # the latest: every national file the table reads
    table, _ = national_table(year, inputs.root)
    flagged = table[table["census_lower_bound"].fillna(False).astype(bool)]
    if flagged.empty:
        pytest.skip("every commune of the reference is in the census")
    result = compute(peers, inputs, flagged["code"].iloc[0], year)
    standing = result.frames["standing"].set_index("indicator")
    assert standing.loc["vacancy_rate_pct", "note"] == (
        "taux des seules communes présentes au recensement")
    per_inhabitant = standing[standing["unit"].str.contains("hab")]
    assert not per_inhabitant.empty and all(per_inhabitant["note"].str.startswith("majorant"))
    figures = result.df_figures.set_index(["indicator", "breakdown"])
    assert figures.loc[("epci_value", "vacancy_rate_pct"), "note"] == (
        "taux des seules communes présentes au recensement")
    assert figures.loc[("peers_median", "vacancy_rate_pct"), "note"] == ""
    intro = intro_markdown(result, "x")
    assert "n'a pas de ligne pour une partie de ses communes (" in intro
    # each commune named is one of the EPCI's without census row, recounted here
    code = flagged["code"].iloc[0]
    communes = inputs.tables["reference/communes"]
    census_codes = set(inputs.tables["reference/census_2021_by_commune"]["commune_code"])
    absent = communes[(communes["epci_short"] == code)
                      & ~communes["commune_code"].isin(census_codes)]
    assert not absent.empty
    for commune in absent.itertuples():
        assert f"{commune.commune_name} ({commune.commune_code})" in intro
    # an agglomeration whose communes are all in the census: no such sentence
    other = compute(peers, inputs, all_territories()[0].short, year)
    assert "n'a pas de ligne" not in intro_markdown(other, "x")
    assert set(other.frames["standing"].set_index("indicator").loc[
        ["vacancy_rate_pct", "flats_share_pct"], "note"]) == {""}
