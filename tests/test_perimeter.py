"""Perimeters: the composition used, and the documents' counts checked against it."""

from __future__ import annotations

import pandas as pd

from analysis.inputs.perimeter import membership_by_year, perimeter, stated_counts

# SYNTHETIC: three communes in two fictitious agglomerations
COMMUNES = pd.DataFrame({"commune_code": ["01001", "01002", "01003"],
                         "commune_name": ["A", "B", "C"],
                         "epci_siren": ["111111111", "111111111", "222222222"],
                         "epci_short": ["CAVM", "CAVM", "CAPH"]})


def stated(*rows) -> pd.DataFrame:
    return pd.DataFrame([{"territory": t, "year": y, "indicator": "member_communes",
                          "breakdown": b, "value": v, "source_id": "doc", "locator": "l. 1"}
                         for t, y, b, v in rows])


def test_a_count_for_two_agglomerations_is_checked_against_their_sum():
    df = stated_counts(stated(("CAVM", 2021, "valenciennois", 3)), COMMUNES)
    assert df[["territory", "stated", "expected", "scope", "status"]].values.tolist() == [
        ["CAVM", 3, 3, "CAVM + CAPH", "match"], ["CAPH", 3, 3, "CAVM + CAPH", "match"]]


def test_a_document_counting_other_communes_is_a_stated_difference():
    p = perimeter(COMMUNES, stated(("CAVM", 2019, "", 36), ("CAVM", 2025, "", 2)), "CAVM",
                  2019)
    assert p.n_communes == 2
    assert p.confirmed_years == [2025]
    text = p.sentence()
    assert "le document de 2025 compte 2 communes (conforme)" in text
    assert "**écart** : le document de 2019 compte 36 communes, la composition utilisée 2" in text


def test_a_year_before_any_confirmation_says_the_perimeter_is_applied_backwards():
    text = perimeter(COMMUNES, stated(("CAPH", 2022, "", 1)), "CAPH", 2016).sentence()
    assert "aucun document ne confirme le périmètre avant 2022" in text


def test_without_any_count_the_page_says_so():
    text = perimeter(COMMUNES, None, "CAPH", 2020).sentence()
    assert text.endswith("aucun document ne donne le nombre de communes de ce territoire.")


def test_membership_by_year_lists_every_commune_with_its_basis():
    df = membership_by_year(COMMUNES, stated(("CAVM", 2021, "", 2), ("CAPH", 2021, "", 5)),
                            {"CAVM": [2021, 2023], "CAPH": [2021]})
    assert df.groupby(["epci_short", "year"])["basis"].agg(set).to_dict() == {
        ("CAPH", 2021): {"écart"}, ("CAVM", 2021): {"confirmé"}, ("CAVM", 2023): {"appliqué"}}
    assert len(df) == 2 + 2 + 1
