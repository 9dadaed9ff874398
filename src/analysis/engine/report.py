"""The report of an agglomeration-year: ``outputs/<CODE>/<year>/rapport.html`` (and ``.pdf``).

Written at the end of a build (:func:`analysis.engine.run.finish`) from the section pages
already built: a cover (agglomeration, year, perimeter, date of the data), a summary
(:mod:`analysis.engine.report_summary`), each built section in report order (the ``<main>`` of
its page, its ids prefixed by the section's name so that they stay unique, its headings one
level down under the section's heading), and an appendix: each section's method as its page
states it, the sources the report cites with their vintage, the glossary. A section without
data that year is named in the summary with the reason.

Section pages are our own template's output, so their parts are found with regular
expressions rather than a full HTML parse.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from jinja2 import Environment, FileSystemLoader, select_autoescape

from analysis.core.paths import write_atomic
from analysis.core.stamp import date_line, latest_date
from analysis.display.glossary import acronyms_used, glossary_html
from analysis.engine.navigation import REPORT_PAGE, SectionYears, report_nav, report_years
from analysis.engine.pdf import write_pdf
from analysis.engine.plan import page_sections, territory_sections
from analysis.engine.render import (
    PAGE_ONLY,
    TEMPLATES_DIR,
    add_table_of_contents,
    report_css,
)
from analysis.engine.report_summary import section_summary, strong_html
from analysis.engine.workers import run_tasks
from analysis.figures.record import read_figures_csv
from analysis.inputs.perimeter import perimeter
from analysis.inputs.sources import cite
from analysis.inputs.tables import load_table
from analysis.inputs.territories import Territory, built_territories

NO_DATA_YEAR = ("pas de données de ce thème pour cette année dans les documents ni les "
                "fichiers nationaux")
NO_DATA_EVER = ("pas de données de ce thème pour cette agglomération dans les documents ni "
                "les fichiers nationaux")
PDF_TIMEOUT_SECONDS = 600  # a report of a hundred pages lays out in well under a minute
NOT_BUILT = "la page de la section n'a pas pu être construite (voir l'index)"
_MAIN = re.compile(r"<main>(.*)</main>", re.S)
_ID_ATTR = re.compile(r"""(?<![\w-])(id|aria-labelledby|aria-describedby|for)=(["'])(.*?)\2""")
_HREF_ANCHOR = re.compile(r"""(?<![\w-])href=(["'])#(.*?)\1""")
_HEADING_TAG = re.compile(r"<(/?)h([1-6])\b")
_METHOD = re.compile(r"<h2\b[^>]*>\s*M(?:é|&#233;|&eacute;)thode.*?</h2>(.*?)</div>", re.S)
_ANCHOR_LINK = re.compile(r'<a class="anchor-link"[^>]*>.*?</a>', re.S)


def main_content(page_html: str) -> str:
    """What a section page shows inside ``<main>`` ("" without one)."""
    found = _MAIN.search(page_html)
    return found.group(1) if found else ""


def prefix_ids(fragment: str, prefix: str) -> str:
    """Every id of ``fragment`` (and what points to one: ``href="#…"``, ``for``, ARIA
    references) prefixed by ``<prefix>-``, so that two sections' ids never meet."""
    def one_attribute(match: re.Match) -> str:
        name, quote, value = match.groups()
        values = " ".join(f"{prefix}-{v}" for v in value.split())
        return f"{name}={quote}{values}{quote}"

    fragment = _ID_ATTR.sub(one_attribute, fragment)
    return _HREF_ANCHOR.sub(lambda m: f"href={m.group(1)}#{prefix}-{m.group(2)}{m.group(1)}",
                            fragment)


def shift_headings(fragment: str) -> str:
    """Every heading one level down (``h2`` → ``h3``…; ``h6`` stays ``h6``)."""
    return _HEADING_TAG.sub(lambda m: f"<{m.group(1)}h{min(int(m.group(2)) + 1, 6)}",
                            fragment)


_PAGE_ONLY = re.compile(re.escape(PAGE_ONLY[0]) + ".*?" + re.escape(PAGE_ONLY[1]), re.S)


def embedded_section(page_html: str, name: str) -> str:
    """A section page's content as a part of the report, without what only the page shows
    (its full figures table, in the downloads, and its glossary, in the appendix)."""
    content = _PAGE_ONLY.sub("", main_content(page_html))
    return shift_headings(prefix_ids(content, name))


def method_text(page_html: str) -> str:
    """The method a section page states (what follows its « Méthode » heading in that
    cell), without the heading; "" when the page has none."""
    found = _METHOD.search(main_content(page_html))
    return _ANCHOR_LINK.sub("", found.group(1)).strip() if found else ""


def perimeter_sentence(territory: str, year: int, data=None) -> str:
    """The perimeter as the section pages state it (HTML)."""
    found = perimeter(load_table("reference/communes", data),
                      load_table("perimeter/observations", data), territory, year)
    return strong_html(found.sentence())


def cited_sources(figure_files: list[Path], data=None) -> tuple[list[dict], str | None]:
    """The sources the report's figures cite, in the order of ``sources.csv``, each with
    its period and publication date, and the latest of those dates (the data's date)."""
    used: set[str] = set()
    for path in figure_files:
        for ids in read_figures_csv(path)["source_ids"]:
            used.update(str(ids).split())
    sources = load_table("sources", data)
    rows = [r for r in sources.itertuples() if r.source_id in used]
    listed = [{"citation": cite(sources, r.source_id), "period": r.period} for r in rows]
    return listed, latest_date(r.published for r in rows)


def own_documents_note(section: str) -> str:
    """What only the agglomeration's documents or services would give for ``section``
    (its ``section.toml``), as the end of a sentence; "" when it does not say."""
    from analysis.engine.plan import get_section

    text = get_section(section).SPEC.from_documents
    return (f" ; ces chiffres viennent des documents ou des services de l'agglomération : "
            f"{text}") if text else ""


def missing_sections(sections: SectionYears, year: int, built: set[str]) -> list[dict]:
    """The sections the report of ``year`` does not have, each with why."""
    missing = []
    for name, label, years in sections:
        if name in built:
            continue
        reason = NOT_BUILT if year in years else NO_DATA_YEAR if years else NO_DATA_EVER
        if years and year not in years:
            reason += f" (années disponibles : {', '.join(map(str, years))})"
        if not years:  # no document nor national file gives this section: say whose would
            reason += own_documents_note(name)
        missing.append({"label": label, "reason": reason})
    return missing


def _glossary(parts: list[dict]) -> str:
    """The glossary of the acronyms the report's sections use."""
    return glossary_html(acronyms_used("<main>" + "".join(p["html"] for p in parts)
                                       + "</main>"))


def _environment() -> Environment:
    return Environment(loader=FileSystemLoader(str(TEMPLATES_DIR)),
                       autoescape=select_autoescape(["html", "j2"]))


def render_report(territory: Territory, year: int, folder: Path, sections: SectionYears,
                  data=None) -> str:
    """The HTML of the report of ``territory`` for ``year`` from the pages in ``folder``."""
    specs = {name: module.SPEC for name, module in page_sections().items()}
    parts, summaries, methods, files = [], [], [], []
    for name, _label, years in sections:
        page = folder / f"{name}.html"
        if year not in years or not page.exists():
            continue
        page_html = page.read_text(encoding="utf-8")
        files.append(folder / f"{name}.figures.csv")
        summaries.append(section_summary(specs[name], files[-1], year))
        parts.append({"name": name, "label": specs[name].label, "href": page.name,
                      "html": embedded_section(page_html, name)})
        methods.append({"label": specs[name].label, "html": method_text(page_html)})
    listed, data_date = cited_sources(files, data)
    html = _environment().get_template("report_page.html.j2").render(
        css=report_css(), territory=territory, year=year, date_line=date_line(data_date),
        perimeter=perimeter_sentence(territory.short, year, data), summaries=summaries,
        parts=parts, methods=methods, sources=listed, glossary=_glossary(parts),
        missing=missing_sections(sections, year, {p["name"] for p in parts}),
        nav=[link for link in report_nav(sections, year)  # a section that failed: no link
             if link["href"].startswith("../") or (folder / link["href"]).exists()])
    return add_table_of_contents(html)


def write_reports(output_dir: Path, data=None, pdf: bool = True,
                  jobs: int | None = None) -> list[Path]:
    """The report of every territory-year the plan has a section page for (the pages'
    links point to it even when none of its sections could be built), then their PDFs,
    ``jobs`` at a time (default: the number of cores). Returns the HTML paths written."""
    written = []
    for territory in built_territories(output_dir, data):
        sections = territory_sections(territory.short, data)
        for year in report_years(sections):
            folder = output_dir / territory.short / str(year)
            if not folder.is_dir():  # a build of other territories or years
                continue
            written.append(write_atomic(folder / REPORT_PAGE,
                                        render_report(territory, year, folder, sections, data)))
    if pdf and written:
        write_report_pdfs(written, jobs or os.cpu_count() or 1)
    for path in written if not pdf else []:
        path.with_suffix(".pdf").unlink(missing_ok=True)  # it would show an older report
    return written


def write_report_pdfs(html_paths: list[Path], jobs: int) -> None:
    """``rapport.pdf`` beside each report, in child processes (a report takes one to five
    seconds to lay out); the first failure is raised once the others are done."""
    tasks = [(path, write_pdf, (path, path.with_suffix(".pdf"))) for path in html_paths]
    errors = [f"{outcome.key.parent} : {outcome.error}"
              for outcome in run_tasks(tasks, min(jobs, len(tasks)), PDF_TIMEOUT_SECONDS)
              if outcome.error]
    if errors:
        raise RuntimeError("PDF du rapport impossible — " + " ; ".join(errors))
