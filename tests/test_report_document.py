"""The report of an agglomeration-year (rapport.html), the navigation between pages and the
index grouped by agglomeration then year (issue 20, part C)."""

from __future__ import annotations

import re
from collections import Counter
from html import unescape
from urllib.parse import unquote

import pytest
from bs4 import BeautifulSoup

from analysis.core.specs import section_specs
from analysis.engine.navigation import neighbour_year, report_nav, section_nav
from analysis.engine.navigation import report_years as plan_years
from analysis.engine.plan import page_sections, territory_sections
from analysis.engine.report import (
    NO_DATA_EVER,
    NO_DATA_YEAR,
    NOT_BUILT,
    main_content,
    missing_sections,
    own_documents_note,
    prefix_ids,
    shift_headings,
)
from analysis.engine.report_summary import change_text, signed
from analysis.figures.record import read_figures_csv
from analysis.inputs.territories import all_territories

# a made-up territory: waste in 2019 only, energy 2018-2020, housing never
SECTIONS = (("waste", "Déchets", (2019,)), ("housing", "Habitat", ()),
            ("energy", "Énergie", (2018, 2019, 2020)))


def soup(path):
    return BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")


# --- pure functions ----------------------------------------------------------------------


def test_prefix_ids_prefixes_ids_and_the_links_to_them_only():
    fragment = ('<h2 id="M%C3%A9thode">M</h2><a href="#M%C3%A9thode">x</a>'
                '<tr data-figure-id="A/1"><a href="other.html">y</a>'
                '<label for="f">z</label><div aria-labelledby="a b"></div>')
    assert prefix_ids(fragment, "waste") == (
        '<h2 id="waste-M%C3%A9thode">M</h2><a href="#waste-M%C3%A9thode">x</a>'
        '<tr data-figure-id="A/1"><a href="other.html">y</a>'
        '<label for="waste-f">z</label><div aria-labelledby="waste-a waste-b"></div>')


def test_shift_headings_moves_each_level_down_and_stops_at_h6():
    assert shift_headings('<h2 id="a">A</h2><h3>B</h3><h6>C</h6><hr>') == (
        '<h3 id="a">A</h3><h4>B</h4><h6>C</h6><hr>')


def test_main_content_is_what_main_holds_and_empty_without_main():
    assert main_content("<header>h</header><main>\n<p>x</p>\n</main><footer>") == "\n<p>x</p>\n"
    assert main_content("<p>no main</p>") == ""


def test_signed_uses_the_minus_sign_and_no_sign_for_zero():
    assert signed(-0.44, 1) == "\u22120,4"
    assert signed(2.0, 0) == "+2"
    assert signed(-0.04, 1) == "0,0"


def test_change_text_is_points_for_a_rate_and_percent_otherwise():
    assert change_text(44.5, 42.0, "%", 1) == "+2,5 points"
    assert change_text(41.0, 42.0, "%", 0) == "\u22121 point"
    assert change_text(90.0, 100.0, "t", 0) == "\u221210,0 %"
    assert change_text(5.0, 0.0, "t", 0) == ""
    assert change_text(float("nan"), 3.0, "t", 0) == ""


def test_section_nav_links_report_sections_and_neighbour_years():
    links = section_nav(SECTIONS, "energy", 2019)
    assert [(link["label"], link["href"], link["current"]) for link in links] == [
        ("Rapport complet", "rapport.html", False),
        ("Déchets", "waste.html", False),
        ("Énergie", "energy.html", True),
        ("Année précédente : 2018 (Énergie)", "../2018/energy.html", False),
        ("Année suivante : 2020 (Énergie)", "../2020/energy.html", False)]


def test_section_nav_points_to_the_report_of_a_year_without_the_section():
    sections = (("waste", "Déchets", (2019, 2021)), ("energy", "Énergie", (2020,)))
    links = section_nav(sections, "waste", 2019)
    assert links[-1] == {"label": "Année suivante : 2020 (rapport)",
                         "href": "../2020/rapport.html", "current": False}


def test_section_nav_refuses_a_page_the_plan_does_not_make():
    with pytest.raises(ValueError) as raised:
        section_nav(SECTIONS, "waste", 2018)
    assert str(raised.value) == "pas de page « waste » en 2018 dans le plan"


def test_neighbour_year_and_report_nav():
    assert neighbour_year(SECTIONS, 2018, -1) is None
    assert neighbour_year(SECTIONS, 2018, 1) == 2019
    assert [link["href"] for link in report_nav(SECTIONS, 2019)] == [
        "waste.html", "energy.html", "../2018/rapport.html", "../2020/rapport.html"]


def test_missing_sections_say_why():
    missing = missing_sections(SECTIONS, 2018, {"energy"})
    assert missing == [
        {"label": "Déchets", "reason": f"{NO_DATA_YEAR} (années disponibles : 2019)"},
        {"label": "Habitat", "reason": NO_DATA_EVER + own_documents_note("housing")}]
    # what only the agglomeration's documents would give: its section.toml's words
    assert own_documents_note("housing").startswith(
        " ; ces chiffres viennent des documents ou des services de l'agglomération : "
        + section_specs()["housing"].from_documents[:20])
    assert missing_sections(SECTIONS, 2019, {"energy"})[0] == {"label": "Déchets",
                                                                "reason": NOT_BUILT}


# --- on the full build -------------------------------------------------------------------


def report_years(out):
    """Every territory-year with a built section page, and its sections in report order."""
    found = {}
    for territory in all_territories():
        for year_dir in sorted((out / territory.short).glob("*")):
            names = [n for n in page_sections() if (year_dir / f"{n}.html").exists()]
            if names:
                found[(territory.short, int(year_dir.name))] = names
    return found


def test_every_territory_year_has_a_report_with_its_parts_in_order(built):
    out, _ = built
    years = report_years(out)
    assert len(years) >= 10
    for (code, year), names in years.items():
        page = soup(out / code / str(year) / "rapport.html")
        cover = page.select_one("header.report-cover")
        assert str(year) in cover.h1.get_text() and code in cover.get_text()
        assert "communes" in cover.get_text() and "Périmètre" in cover.get_text()
        assert page.select_one("main h2#synthese") is not None
        parts = [s["id"].removeprefix("partie-") for s in page.select("section.report-part")]
        assert parts == names, (code, year)
        assert page.select_one("h2#annexe") is not None
        assert page.select("ol.sources li")
        toc = [a["href"] for a in page.select("nav#toc a")]
        assert "#synthese" in toc and "#annexe" in toc and f"#{names[0]}" in toc


def test_ids_are_unique_and_anchors_resolve_in_every_report(built):
    out, _ = built
    for path in sorted(out.glob("*/*/rapport.html")):
        html = path.read_text(encoding="utf-8")
        ids = [unescape(m[1]) for m in re.findall(r"""(?<![\w-])id=(["'])(.*?)\1""", html)]
        assert [i for i, n in Counter(ids).items() if n > 1] == [], path
        # a browser decodes a link's fragment before it looks for the id
        anchors = {unquote(unescape(a))
                   for _, a in re.findall(r"""href=(["'])#(.*?)\1""", html)}
        targets = set(ids) | {unquote(i) for i in ids}
        assert anchors <= targets, (path, sorted(anchors - targets)[:3])


def test_navigation_links_of_sections_and_reports_resolve(built):
    out, _ = built
    pages = sorted(out.glob("*/*/*.html"))
    for path in pages:
        nav = soup(path).select_one("nav.report-nav")
        assert nav is not None, path
        for link in nav.select("a"):
            assert (path.parent / link["href"]).resolve().is_file(), (path, link["href"])
    waste = soup(out / "CALL" / "2019" / "waste.html").select_one("nav.report-nav")
    assert waste.select_one("a")["href"] == "rapport.html"
    assert waste.select_one("[aria-current=page]").get_text() == "Déchets"


def test_the_summary_change_equals_the_two_figures_files(built):
    out, _ = built
    # the heat networks' consumption: a yearly series of the SDES files, the 2022 and 2023
    # values read here from the figures file of CALL 2023, the change recomputed
    df = read_figures_csv(out / "CALL" / "2023" / "energy.figures.csv")
    total = df[(df["indicator"] == "district_heating_mwh") & (df["breakdown"] == "")]
    by_period = dict(zip(total["period"].astype(str), total["value"].astype(float),
                         strict=True))
    change = (by_period["2023"] - by_period["2022"]) / by_period["2022"] * 100
    sign = "+" if change > 0 else "\u2212"
    expected = f"{sign}{abs(change):.1f}".replace(".", ",") + " % par rapport à 2022"
    summary = soup(out / "CALL" / "2023" / "rapport.html").select_one("h3#synthese-energy")
    items = [" ".join(li.get_text(" ", strip=True).split())
             for li in summary.find_next("ul").select("li")]
    line = next(text for text in items if text.startswith(total["label"].iloc[0]))
    assert expected in line, line
    # a figure of one vintage in two reports (the Enedis extract, 2016) has no change
    text = " ".join(soup(out / "CALL" / "2019" / "rapport.html").get_text(" ").split())
    assert re.search(r"\(2016\) : [^()]+ \(même millésime que le rapport 2018\)", text), text


def test_the_index_groups_by_agglomeration_then_year_and_names_missing_sections(built):
    out, _ = built
    index = soup(out / "index.html")
    blocks = index.select("section.index-territory")
    codes = [b["id"] for b in blocks]
    assert sorted(codes) == sorted(t.short for t in all_territories())
    for block in blocks:
        rows = block.select("tr.index-year")
        shown = [int(tr["id"].split("-")[-1]) for tr in rows]
        assert shown == sorted(plan_years(territory_sections(block["id"])), reverse=True)
        headers = [th.get_text(strip=True) for th in block.select("thead th")]
        sections = {label: years for _, label, years in territory_sections(block["id"])}
        # one column per section the agglomeration has in some year, in report order
        assert headers == ["Année", "Rapport"] + [label for label, years in sections.items()
                                                  if years]
        for tr in rows:
            year = int(tr["id"].split("-")[-1])
            cells = tr.find_all(["th", "td"], recursive=False)
            assert cells[1].a["href"] == f"{block['id']}/{year}/rapport.html"
            for header, cell in zip(headers[2:], cells[2:], strict=True):
                if year in sections[header]:
                    assert cell.a["href"].endswith(".html"), (block["id"], year, header)
                else:  # missing that year: says why, with the years that have it
                    text = cell.get_text(" ", strip=True)
                    assert text.startswith(f"{header} : pas de données pour {year}"), text
                    assert ", ".join(map(str, sections[header])) in text


def test_index_and_methodology_keep_their_fonts(built):
    out, _ = built
    for name in ("index.html", "methodologie.html"):
        style = soup(out / name).style.string
        assert '"DejaVu Sans"' in style and "&#34;" not in style, name
