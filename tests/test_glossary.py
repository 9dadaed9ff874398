"""The glossary of acronyms: first use explained in a page's <main>, and the « Glossaire »."""

from __future__ import annotations

import pytest

from analysis.display.glossary import GLOSSARY, acronyms_used, explain_acronyms, glossary_html

DMA = '<abbr title="déchets ménagers et assimilés">DMA</abbr>'
OMR = '<abbr title="ordures ménagères résiduelles">OMR</abbr>'


def page(main: str) -> str:
    return f"<html><head><title>DMA</title></head><body><main>{main}</main></body></html>"


def test_the_glossary_has_the_acronyms_of_the_issue():
    assert {"DMA", "OMR", "CVE", "TEOM", "PLPDMA", "PLH", "LOVAC", "IRVE", "PCAET", "kWc",
            "EPCI", "INSEE", "SIREN", "CRTE", "SDES", "MWh", "REOM", "ADEME"} <= set(GLOSSARY)
    assert GLOSSARY["DMA"] == "déchets ménagers et assimilés"


def test_expansions_are_definitions_without_figures():
    assert [a for a, text in GLOSSARY.items() if any(c.isdigit() for c in text)] == []


def test_only_the_first_use_is_explained():
    assert explain_acronyms(page("<p>Les DMA baissent.</p><p>Les DMA, encore.</p>")) == page(
        f"<p>Les {DMA} (déchets ménagers et assimilés) baissent.</p><p>Les DMA, encore.</p>")


def test_nothing_outside_main_is_touched():
    html = "<nav>DMA</nav><main><p>OMR</p></main><footer>DMA</footer>"
    assert explain_acronyms(html) == (
        f"<nav>DMA</nav><main><p>{OMR} (ordures ménagères résiduelles)</p></main>"
        "<footer>DMA</footer>")


def test_attributes_links_and_headings_are_left_alone():
    main = ('<h2>Les DMA</h2><p><a href="#x" title="DMA">DMA</a></p>'
            '<img alt="DMA par habitant"><p>Tonnage de DMA</p>')
    assert explain_acronyms(page(main)) == page(
        '<h2>Les DMA</h2><p><a href="#x" title="DMA">DMA</a></p>'
        f'<img alt="DMA par habitant"><p>Tonnage de {DMA} (déchets ménagers et assimilés)</p>')


def test_an_expansion_already_next_to_it_is_not_doubled():
    main = "<p>les ordures ménagères résiduelles (OMR) et les OMR</p>"
    assert explain_acronyms(page(main)) == page(
        f"<p>les ordures ménagères résiduelles ({OMR}) et les OMR</p>")


def test_a_longer_acronym_is_not_read_as_a_shorter_one():
    out = explain_acronyms(page("<p>Le PLPDMA</p>"))
    assert DMA not in out
    assert "</abbr> (programme local de prévention des déchets ménagers et assimilés)" in out


def test_acronyms_used_in_order_of_first_use_not_in_headings():
    assert acronyms_used(page("<h2>CVE</h2><p>OMR puis DMA puis OMR</p>")) == ["OMR", "DMA"]


def test_glossary_html_is_alphabetical_and_escapes_nothing_needed():
    assert glossary_html(["OMR", "DMA", "OMR"]) == (
        '<dl class="glossary"><dt>DMA</dt><dd>déchets ménagers et assimilés</dd>'
        "<dt>OMR</dt><dd>ordures ménagères résiduelles</dd></dl>")


def test_glossary_html_by_default_lists_every_acronym():
    assert glossary_html().count("<dt>") == len(GLOSSARY)


def test_glossary_html_refuses_an_unknown_acronym():
    with pytest.raises(ValueError) as error:
        glossary_html(["DMA", "XYZ"])
    assert str(error.value) == "acronymes absents du glossaire : XYZ"


def test_an_acronym_in_brackets_after_its_words_gets_only_its_abbr():
    html = "<main><p>bornes de recharge (IRVE) puis IRVE</p></main>"
    assert explain_acronyms(html) == (
        '<main><p>bornes de recharge (<abbr title="infrastructure de recharge pour véhicules '
        'électriques">IRVE</abbr>) puis IRVE</p></main>')
