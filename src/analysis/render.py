"""HTML rendering: report pages through the project's nbconvert template, and the index page.

Pages are French (``lang="fr"``), show no code, load nothing from the network (CSS inline,
images embedded) and carry a table of contents; every chart has its alt text.
"""

from __future__ import annotations

import re
from pathlib import Path

import nbformat
from bs4 import BeautifulSoup
from jinja2 import Environment, FileSystemLoader, select_autoescape
from nbconvert import HTMLExporter

TEMPLATES_DIR = Path(__file__).parent / "templates"
PLACEHOLDER_ALT = "No description has been provided for this image"


def report_css() -> str:
    return (TEMPLATES_DIR / "report.css").read_text(encoding="utf-8")


def _exporter() -> HTMLExporter:
    exporter = HTMLExporter(
        template_name="report_fr",
        extra_template_basedirs=[str(TEMPLATES_DIR)],
        exclude_input=True,
        exclude_input_prompt=True,
        exclude_output_prompt=True,
    )
    return exporter


def _drop_stderr(nb: nbformat.NotebookNode) -> None:
    """Warnings printed by libraries are for developers, not for the report's readers."""
    for cell in nb.cells:
        if cell.get("cell_type") == "code":
            cell["outputs"] = [
                o
                for o in cell.get("outputs", [])
                if not (o.get("output_type") == "stream" and o.get("name") == "stderr")
            ]


def add_table_of_contents(html: str) -> str:
    """Insert a list of the page's h2/h3 headings into ``<nav id="toc">``."""
    soup = BeautifulSoup(html, "html.parser")
    nav = soup.find("nav", id="toc")
    main = soup.find("main")
    if nav is None or main is None:
        return html
    nav.append(soup.new_tag("p"))
    nav.p.string = "Sommaire"
    top = soup.new_tag("ol")
    nav.append(top)
    current_sub = None
    for index, heading in enumerate(main.find_all(["h2", "h3"])):
        if not heading.get("id"):
            heading["id"] = f"section-{index}"
        text = heading.get_text(" ", strip=True).rstrip("¶").strip()
        item = soup.new_tag("li")
        link = soup.new_tag("a", href=f"#{heading['id']}")
        link.string = text
        item.append(link)
        if heading.name == "h2":
            top.append(item)
            current_sub = None
        else:
            if current_sub is None:
                current_sub = soup.new_tag("ol")
                (top.find_all("li", recursive=False) or [top])[-1].append(current_sub)
            current_sub.append(item)
    return str(soup)


def check_offline(html: str) -> list[str]:
    """Scripts, stylesheets or images the page would load from the network (should be none)."""
    pattern = r'<(?:script|link|img|iframe)[^>]+(?:src|href)=["\'](?:https?:)?//[^"\']+'
    return re.findall(pattern, html)


def render_notebook_html(
    nb: nbformat.NotebookNode, *, title: str, subtitle: str, section_label: str, footer: str
) -> str:
    """HTML of an executed notebook, through the ``report_fr`` template."""
    nb = nbformat.from_dict(nb)
    _drop_stderr(nb)
    resources = {
        "report": {
            "title": title,
            "subtitle": subtitle,
            "footer": footer,
            "section_label": section_label,
            "css": report_css(),
        }
    }
    html, _ = _exporter().from_notebook_node(nb, resources=resources)
    html = add_table_of_contents(html)
    html = html.replace(f'alt="{PLACEHOLDER_ALT}"', 'alt=""')  # never the placeholder
    remote = check_offline(html)
    if remote:
        raise RuntimeError(f"la page chargerait des ressources distantes : {remote[:3]}")
    return html


def render_index(entries: list[dict], *, generated: str, extras: dict[str, str]) -> str:
    """The index page: every territory × year × section, with key figures and mismatches."""
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES_DIR)), autoescape=select_autoescape(["html", "j2"])
    )
    return env.get_template("index_page.html.j2").render(
        entries=entries, css=report_css(), generated=generated, extras=extras
    )
