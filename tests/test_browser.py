"""Every page of a full build opened in headless Chromium, at 1280 px and at 390 px (a phone):
no console error or uncaught exception, no request outside the file, no horizontal overflow of
the page, every local link and anchor working, every table-of-contents entry on a heading.

The pages come from the ``built`` fixture; ``BROWSER_OUTPUTS=/path/to/outputs`` checks an
existing build instead (quicker while working on the stylesheet). Without a browser the tests
are skipped, except under CI (``CI`` set) where a missing browser is a failure."""

from __future__ import annotations

import importlib.util
import os
import re
import sys
from concurrent.futures import ThreadPoolExecutor
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

from analysis.core.paths import PROJECT_ROOT

_spec = importlib.util.spec_from_file_location("chromium", PROJECT_ROOT / "tools" / "chromium.py")
chromium = sys.modules.setdefault("chromium", importlib.util.module_from_spec(_spec))
_spec.loader.exec_module(chromium)

WIDTHS = (1280, 390)
TABS = 3
LOCAL_SCHEMES = ("file", "data", "about")

# Run in the page: widths, every link (attribute and resolved URL), ids, the table of contents
# with the tag of the element each entry points to, and the widest elements past the viewport.
PROBE = r"""(() => {
  const byFragment = (raw) => {
    let found = document.getElementById(raw) || document.getElementsByName(raw)[0];
    if (!found) { try { const d = decodeURIComponent(raw);
      found = document.getElementById(d) || document.getElementsByName(d)[0]; } catch (e) {} }
    return found || null;
  };
  const scrolled = (el) => {
    for (let up = el.parentElement; up && up !== document.body; up = up.parentElement) {
      if (getComputedStyle(up).overflowX !== 'visible') return true;
    }
    return false;
  };
  const width = document.documentElement.clientWidth;
  const wide = [];
  for (const el of document.body.querySelectorAll('*')) {
    const box = el.getBoundingClientRect();
    if (box.right > width + 1 && wide.length < 5 && !scrolled(el)) {
      const cls = el.getAttribute('class');
      wide.push(el.tagName.toLowerCase() + (cls ? '.' + cls.split(' ')[0] : '')
                + ' ' + Math.round(box.right) + ' px');
    }
  }
  return {
    scrollWidth: document.documentElement.scrollWidth, innerWidth: window.innerWidth,
    wide: wide,
    links: [...document.querySelectorAll('a[href]')].map(a => [a.getAttribute('href'), a.href]),
    ids: [...document.querySelectorAll('[id]')].map(e => e.id)
         .concat([...document.querySelectorAll('a[name]')].map(e => e.name)),
    toc: [...document.querySelectorAll('#toc a[href]')].map(a => {
      const raw = a.getAttribute('href');
      const target = raw.startsWith('#') ? byFragment(raw.slice(1)) : null;
      return [raw, target ? target.tagName.toLowerCase() : null];
    }),
  };
})()"""


def visit(browser, path: Path) -> dict[int, dict]:
    """Open ``path`` in a new tab, probe it at each width; errors and requests of the visit."""
    page = browser.open_page(WIDTHS[0])
    try:
        page.goto(path.resolve().as_uri())
        probes = {}
        for width in WIDTHS:
            page.set_width(width)
            probes[width] = page.evaluate(PROBE)
        return {"probes": probes, "errors": list(page.events.errors),
                "requests": list(page.events.requests)}
    finally:
        page.close()


def overflow_problems(width: int, probe: dict) -> list[str]:
    """The page is wider than the screen (a table may scroll in its own box, not the page)."""
    if probe["scrollWidth"] <= width:
        return []
    return [f"{width} px : page large de {probe['scrollWidth']} px ({', '.join(probe['wide'])})"]


def outside_requests(requests: list[str]) -> list[str]:
    """Requests for anything but the file itself or inline data."""
    return [url for url in requests if urlparse(url).scheme not in LOCAL_SCHEMES]


class _Ids(HTMLParser):
    def __init__(self):
        super().__init__()
        self.ids: set[str] = set()

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name == "id" or (tag == "a" and name == "name"):
                self.ids.add(value or "")


def ids_of(path: Path, known: dict[Path, set[str]]) -> set[str]:
    """The ids of a page: as the browser saw them if it was visited, else parsed from the file."""
    if path not in known:
        parser = _Ids()
        parser.feed(path.read_text(encoding="utf-8", errors="replace"))
        known[path] = parser.ids
    return known[path]


def link_problems(page: Path, links: list[list[str]], known: dict[Path, set[str]]) -> list[str]:
    """Local links whose file is missing, or whose #anchor is not in the target page."""
    problems = []
    for raw, resolved in links:
        url, fragment = urldefrag(resolved)
        parts = urlparse(url)
        if parts.scheme != "file":
            continue
        target = Path(unquote(parts.path))
        if not target.exists():
            problems.append(f"{raw} : fichier absent")
        elif fragment and target.suffix == ".html" and not (
                {fragment, unquote(fragment)} & ids_of(target, known)):
            problems.append(f"{raw} : ancre absente de {target.name}")
    return problems


def toc_problems(toc: list[list]) -> list[str]:
    """Table-of-contents entries that do not lead to a heading of the page."""
    return [f"sommaire {href} → {tag or 'rien'}" for href, tag in toc
            if not (tag and re.fullmatch(r"h[1-6]", tag))]


def problems_of(page: Path, visit_result: dict, known: dict[Path, set[str]]) -> list[str]:
    """Every problem the browser found on one page, each as one French line."""
    found = [f"erreur : {e}" for e in visit_result["errors"]]
    found += [f"requête externe : {u}" for u in outside_requests(visit_result["requests"])]
    for width, probe in visit_result["probes"].items():
        found += overflow_problems(width, probe)
    probe = visit_result["probes"][WIDTHS[0]]
    found += link_problems(page, probe["links"], known)
    found += toc_problems(probe["toc"])
    return found


def browser_or_skip():
    """A started browser, or a skip (a failure under CI) saying which one is missing."""
    executable = chromium.find_chromium()
    if executable is None or not Path(executable).exists():
        message = ("chromium introuvable : installer le paquet Debian chromium "
                   "(apt-get install chromium) ou donner son chemin dans $CHROMIUM")
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    return chromium.Browser(executable)


@pytest.fixture(scope="session")
def browser():
    started = browser_or_skip()
    yield started
    started.close()


@pytest.fixture(scope="session")
def pages_dir(request) -> Path:
    if os.environ.get("BROWSER_OUTPUTS"):
        return Path(os.environ["BROWSER_OUTPUTS"])
    return request.getfixturevalue("built")[0]


@pytest.fixture(scope="session")
def site_problems(browser, pages_dir) -> dict[str, list[str]]:
    """Every HTML page of the build visited once: its problems by relative path."""
    pages = sorted(pages_dir.rglob("*.html"))
    with ThreadPoolExecutor(max_workers=TABS) as pool:  # a few tabs open at once
        results = dict(zip(pages, pool.map(lambda page: visit(browser, page), pages),
                           strict=True))
    known = {page.resolve(): set(r["probes"][WIDTHS[0]]["ids"]) for page, r in results.items()}
    return {str(page.relative_to(pages_dir)): problems_of(page.resolve(), result, known)
            for page, result in results.items()}


def test_every_page_is_opened(site_problems, pages_dir):
    """Reports, sections, synthesis, index and methodology are all among the visited pages."""
    names = set(site_problems)
    assert {"index.html", "methodologie.html", "synthese.html"} <= names
    assert "CALL/2019/waste.html" in names
    reports = sorted(pages_dir.glob("*/*/rapport.html"))
    assert all(str(r.relative_to(pages_dir)) in names for r in reports)


def test_pages_open_cleanly_at_both_widths(site_problems):
    failing = [f"{page} — {line}" for page, found in site_problems.items() for line in found]
    assert not failing, "\n".join(failing)


# -- the checks themselves, on SYNTHETIC pages written here -----------------------------------
SYNTHETIC = """<!doctype html><html><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1.0"></head>
<body style="margin: 0">
<nav id="toc"><a href="#a">A</a><a href="#b">B</a><a href="#nulle-part">?</a></nav>
<h2 id="a">A</h2><p id="b">pas un titre</p>
<a href="autre.html#ici">bon</a> <a href="autre.html#la">ancre absente</a>
<a href="absent.html">absent</a> <a href="https://example.org/">externe, non suivi</a>
<div style="width: 600px">large</div>
<img src="http://127.0.0.1:9/image.png" alt="">
<script>console.error("boum"); undefinedFunction();</script>
</body></html>"""


def test_checks_find_each_planted_problem(browser, tmp_path):
    (tmp_path / "page.html").write_text(SYNTHETIC, encoding="utf-8")
    (tmp_path / "autre.html").write_text('<p id="ici">ici</p>', encoding="utf-8")
    result = visit(browser, tmp_path / "page.html")
    found = problems_of((tmp_path / "page.html").resolve(), result, {})
    assert "erreur : console.error : boum" in found
    assert any(line.startswith("erreur : exception : ReferenceError: undefinedFunction")
               for line in found)
    assert "requête externe : http://127.0.0.1:9/image.png" in found
    assert [line for line in found if line.startswith("390 px")] == [
        "390 px : page large de 600 px (div 600 px)"]
    assert not any(line.startswith("1280 px") for line in found)
    assert "autre.html#la : ancre absente de autre.html" in found
    assert "absent.html : fichier absent" in found
    assert not any("autre.html#ici" in line or "example.org" in line for line in found)
    assert [line for line in found if line.startswith("sommaire")] == [
        "sommaire #b → p", "sommaire #nulle-part → rien"]


def test_a_missing_browser_is_a_skip_with_its_reason(monkeypatch):
    monkeypatch.setattr(chromium, "find_chromium", lambda: None)
    monkeypatch.delenv("CI", raising=False)
    with pytest.raises(pytest.skip.Exception, match="^chromium introuvable : "):
        browser_or_skip()


def test_a_missing_browser_fails_under_ci(monkeypatch):
    monkeypatch.setattr(chromium, "find_chromium", lambda: None)
    monkeypatch.setenv("CI", "true")
    with pytest.raises(pytest.fail.Exception, match="^chromium introuvable : "):
        browser_or_skip()
