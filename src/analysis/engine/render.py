"""HTML rendering: report pages through the project's nbconvert template, and the index page.

Pages are French (``lang="fr"``), show no code, load nothing from the network (CSS inline,
images embedded) and carry a table of contents; every chart has its alt text.
"""

from __future__ import annotations

import functools
import re
from html import escape as html_escape
from html import unescape as html_unescape
from pathlib import Path
from urllib.parse import unquote

import nbformat
from jinja2 import Environment, FileSystemLoader, select_autoescape
from nbconvert import HTMLExporter

from analysis.display.glossary import acronyms_used, explain_acronyms, glossary_html
from analysis.display.typography import typeset_page

TEMPLATES_DIR = Path(__file__).parent / "templates"
PLACEHOLDER_ALT = "No description has been provided for this image"
# what a section page shows that its report leaves out (the report_fr template marks cells
# tagged page-only the same way)
PAGE_ONLY = ("<!--page-only-->", "<!--/page-only-->")
CALCULATION_TAG = "calcul"  # a notebook cell for the analyst only: left out of the page
# the most a section page may weigh, charts included (issue 7): checked by the tests and the
# benchmark
MAX_SECTION_PAGE_BYTES = 250_000


def report_css() -> str:
    return (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")


class _ReportExporter(HTMLExporter):
    """nbconvert's HTML exporter without its last step, a BeautifulSoup parse of the whole
    page that only adds placeholder alt texts and the JupyterLab template's tabindex: our
    template writes every chart's alt text itself, and that parse took half of a render."""

    def from_notebook_node(self, nb, resources=None, **kw):
        from nbconvert.exporters.templateexporter import TemplateExporter
        from nbconvert.filters.highlight import Highlight2HTML
        from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

        resources = self._init_resources(resources)
        # the template compiles the code-cell block even though no input is shown
        self.register_filter("highlight_code", Highlight2HTML(parent=self))
        self.register_filter("filter_data_type", WidgetsDataTypeFilter(
            notebook_metadata=self._nb_metadata, parent=self, resources=resources))
        return TemplateExporter.from_notebook_node(self, nb, resources, **kw)


@functools.cache
def _exporter() -> HTMLExporter:
    """One exporter per process: building it compiles the templates (a third of a render)."""
    return _ReportExporter(
        template_name="report_fr",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
        # validate the notebook once, after the preprocessors, not after each of the twelve
        optimistic_validation=True,
    )


def warm_up() -> None:
    """Compile the report template once, when a build's worker process starts, rather than
    during its first page."""
    _exporter().from_notebook_node(nbformat.v4.new_notebook(), resources={"report": {
        "title": "", "subtitle": "", "footer": "", "section_label": "", "css": ""}})


def _drop_stderr(nb: nbformat.NotebookNode) -> None:
    """Warnings printed by libraries are for developers, not for the report's readers."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]


_HEADING = re.compile(r"<h([23])\b([^>]*)>(.*?)</h\1>", re.S)
_ID = re.compile(r"""\bid=(["'])(.*?)\1""")
_TAG = re.compile(r"<[^>]+>")
_TOC_NAV = re.compile(r"""<nav\b[^>]*\bid=["']toc["'][^>]*>\s*</nav>""")


def _decoded_id(raw: str) -> str:
    """A heading's id without nbconvert's percent-encoding (``M%C3%A9thode`` → ``Méthode``):
    WeasyPrint finds a link's target by the decoded name only (the PDF's contents then had
    no page number for an accented heading), a browser by either. Idempotent: an id
    decoded already (a section page's, in its report) is left as it is."""
    return html_escape(unquote(html_unescape(raw)), quote=True)


def add_table_of_contents(html: str) -> str:
    """Insert a list of the page's h2/h3 headings (those inside ``<main>``) into
    ``<nav id="toc">``; a heading without an id gets ``section-<n>``.

    The page is our own template's output, so the headings are found with a regular
    expression rather than a full HTML parse (a tenth of the time on a page with charts).
    """
    nav = _TOC_NAV.search(html)
    if nav is None or "<main>" not in html[nav.end():]:
        return html
    head, body = html.split("<main>", 1)
    items: list[tuple[str, str, str]] = []  # (level, id, text)

    def collect(match: re.Match) -> str:
        level, attributes, inner = match.groups()
        found = _ID.search(attributes)
        anchor = _decoded_id(found.group(2)) if found else f"section-{len(items)}"
        if not found:
            attributes = f' id="{anchor}"{attributes}'
        elif anchor != found.group(2):
            attributes = attributes.replace(found.group(0), f'id="{anchor}"', 1)
        text = _TAG.sub("", inner).replace("¶", "").replace("&#182;", "").strip()
        items.append((level, anchor, " ".join(text.split())))
        return f"<h{level}{attributes}>{inner}</h{level}>"

    body = _HEADING.sub(collect, body)
    parts, open_sub = ["<p>Sommaire</p><ol>"], False
    for index, (level, anchor, text) in enumerate(items):
        link = f'<a href="#{anchor}">{text}</a>'
        if level == "2":
            parts.append("</ol></li>" if open_sub else ("</li>" if index else ""))
            parts.append(f"<li>{link}")
            open_sub = False
        else:
            if not open_sub:
                parts.append("<ol>")
                open_sub = True
            parts.append(f"<li>{link}</li>")
    parts.append(("</ol></li>" if open_sub else "</li>" if items else "") + "</ol>")
    toc = f'<nav id="toc" aria-label="Sommaire">{"".join(parts)}</nav>'
    return head.replace(nav.group(0), toc, 1) + "<main>" + body


def add_glossary(html: str) -> str:
    """A « Glossaire » at the end of the page's ``<main>``: the acronyms the page uses."""
    used = acronyms_used(html)
    if not used or "</main>" not in html:
        return html
    # page-only: a report has one glossary, in its appendix (analysis.engine.report)
    section = (f'{PAGE_ONLY[0]}<section class="glossary-section"><h2 id="glossaire">'
               f'Glossaire</h2>{glossary_html(used)}</section>{PAGE_ONLY[1]}\n')
    head, tail = html.rsplit("</main>", 1)
    return head + section + "</main>" + tail


def check_offline(html: str) -> list[str]:
    """Scripts, stylesheets or images the page would load from the network (should be none)."""
    pattern = r'<(?:script|link|img|iframe)[^>]+(?:src|href)=["\'](?:https?:)?//[^"\']+'
    return re.findall(pattern, html)


def render_notebook_html(
    nb: nbformat.NotebookNode, *, title: str, subtitle: str, section_label: str, footer: str,
    nav: list[dict] | None = None, figures_href: str = "", index_href: str = "../../index.html",
) -> str:
    """HTML of an executed notebook, through the ``report_fr`` template; ``nav``: the links
    to its report and neighbours (:func:`analysis.engine.navigation.section_nav`);
    ``figures_href``: the relative link to its figures (CSV), in its footer; ``index_href``:
    the index from where the page is (the synthesis sits beside it)."""
    nb = nbformat.from_dict(nb)
    _drop_stderr(nb)
    # the computing cells (loading, steps, audit, export) are the analyst's, not the reader's
    nb.cells = [c for c in nb.cells if CALCULATION_TAG not in c.metadata.get("tags", [])]
    resources = {
        "report": {
            "title": title,
            "subtitle": subtitle,
            "footer": footer,
            "section_label": section_label,
            "css": report_css(),
            "nav": nav or [],
            "figures_href": figures_href,
            "index_href": index_href,
        }
    }
    html, _ = _exporter().from_notebook_node(nb, resources=resources)
    html = add_glossary(explain_acronyms(html))
    html = typeset_page(html)  # « −1,7 % », « 10 000 habitants »
    html = add_table_of_contents(html)
    html = html.replace(f'alt="{PLACEHOLDER_ALT}"', 'alt=""')  # never the placeholder
    remote = check_offline(html)
    if remote:
        raise RuntimeError(f"la page chargerait des ressources distantes : {remote[:3]}")
    return html


def render_index(territories: list[dict], *, generated: str, extras: dict[str, str]) -> str:
    """The index page: by agglomeration then year, each report and its sections, with key
    figures and mismatches (see :func:`analysis.engine.pages.write_index`)."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html", "j2"])
    )
    return env.get_template("index_page.html.j2").render(
        territories=territories, css=report_css(), generated=generated, extras=extras
    )
