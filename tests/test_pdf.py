"""The PDFs (analysis.engine.pdf) and the print stylesheet: A4, text that reads back, the same
bytes for the same HTML, nothing fetched from the network, no render when nothing changed;
on the full build, a PDF beside every section page with all its charts."""

from __future__ import annotations

import base64
import datetime as dt
import html as html_lib
import http.server
import re
import threading
from pathlib import Path

import pytest
from pypdf import PdfReader

from analysis.engine import pdf
from analysis.engine.pdf import local_only_fetcher, state_path, write_pdf
from analysis.engine.render import add_table_of_contents, report_css
from analysis.engine.workers import run_tasks

A4_POINTS = (595.3, 841.9)  # 210 × 297 mm
MAX_SECTION_PAGES = 12  # issue 20: a section prints in about a dozen pages at most
SENTENCE = "Les déchets ménagers collectés à Liévin ont baissé de 3 % en un an."


def _page(body: str, title: str = "Déchets — CALL — 2019") -> str:
    return (f'<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8"><title>t</title>'
            f"<style>{report_css()}</style></head><body>"
            f'<header class="report-header"><h1>{title}</h1>'
            f'<p class="back"><a href="../../index.html">Tous les rapports</a></p></header>'
            f"{body}</body></html>")


def _write(tmp_path: Path, body: str, name: str = "page.html") -> Path:
    path = tmp_path / name
    path.write_text(_page(body), encoding="utf-8")
    return path


def _text(path: Path) -> list[str]:
    return [" ".join(page.extract_text().split()) for page in PdfReader(path).pages]


def test_a_small_page_gives_an_a4_pdf_whose_french_text_reads_back(tmp_path):
    html = _write(tmp_path, f"<main><p>{SENTENCE}</p></main>")
    pages = write_pdf(html, tmp_path / "page.pdf")
    reader = PdfReader(tmp_path / "page.pdf")
    assert pages == len(reader.pages) == 1
    box = reader.pages[0].mediabox
    assert float(box.width) == pytest.approx(A4_POINTS[0], abs=1)
    assert float(box.height) == pytest.approx(A4_POINTS[1], abs=1)
    assert SENTENCE in _text(tmp_path / "page.pdf")[0]


def test_the_same_html_gives_the_same_bytes_dated_by_source_date_epoch(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")  # 14/11/2023 22:13:20 UTC
    html = _write(tmp_path, f"<main><p>{SENTENCE}</p></main>")
    write_pdf(html, tmp_path / "one.pdf")
    write_pdf(html, tmp_path / "two.pdf")
    assert (tmp_path / "one.pdf").read_bytes() == (tmp_path / "two.pdf").read_bytes()
    meta = PdfReader(tmp_path / "one.pdf").metadata
    expected = dt.datetime(2023, 11, 14, 22, 13, 20, tzinfo=dt.UTC)
    assert meta.creation_date == expected and meta.modification_date == expected


def test_without_source_date_epoch_the_date_is_a_constant(tmp_path, monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    html = _write(tmp_path, "<main><p>Texte.</p></main>")
    write_pdf(html, tmp_path / "page.pdf")
    assert PdfReader(tmp_path / "page.pdf").metadata.creation_date == dt.datetime(
        1980, 1, 1, tzinfo=dt.UTC)


def test_an_unreadable_source_date_epoch_is_refused(tmp_path, monkeypatch):
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "hier")
    html = _write(tmp_path, "<main><p>Texte.</p></main>")
    with pytest.raises(ValueError) as error:
        write_pdf(html, tmp_path / "page.pdf")
    assert str(error.value) == ("SOURCE_DATE_EPOCH doit être un nombre entier de secondes, "
                                "pas « hier »")
    assert not (tmp_path / "page.pdf").exists()


def test_a_missing_html_file_is_an_error(tmp_path):
    with pytest.raises(FileNotFoundError):
        write_pdf(tmp_path / "absent.html", tmp_path / "absent.pdf")
    assert not (tmp_path / "absent.pdf").exists()


class _Counting(http.server.BaseHTTPRequestHandler):
    requests: list[str] = []

    def do_GET(self):  # noqa: N802 (http.server's name)
        _Counting.requests.append(self.path)
        self.send_response(404)
        self.end_headers()

    def log_message(self, *args):
        pass


def test_a_remote_image_is_not_fetched(tmp_path):
    server = http.server.HTTPServer(("127.0.0.1", 0), _Counting)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        url = f"http://127.0.0.1:{server.server_address[1]}/chart.png"
        html = _write(tmp_path, f'<main><p>Texte.</p><img src="{url}" alt="x"></main>')
        assert write_pdf(html, tmp_path / "page.pdf") == 1
    finally:
        server.shutdown()
        server.server_close()
    assert _Counting.requests == []


def test_the_fetcher_refuses_anything_but_data_and_local_files(tmp_path):
    fetcher = local_only_fetcher()
    with pytest.raises(ValueError) as error:
        fetcher.fetch("https://example.org/logo.png")
    assert str(error.value) == ("ressource refusée (ni data: ni fichier local) : "
                                "https://example.org/logo.png")
    local = tmp_path / "note.txt"
    local.write_text("ok", encoding="utf-8")
    assert fetcher.fetch(local.as_uri()).read() == b"ok"
    assert fetcher.fetch("data:text/plain;base64," + base64.b64encode(b"oui").decode()
                         ).read() == b"oui"
    assert fetcher.refused == ["https://example.org/logo.png"]


def test_an_unchanged_page_is_not_rendered_again(tmp_path, monkeypatch):
    html = _write(tmp_path, f"<main><p>{SENTENCE}</p></main>")
    target = tmp_path / "page.pdf"
    assert write_pdf(html, target) == 1
    assert state_path(target).parent.name.startswith(".")  # hidden: not a reader file
    renders = []
    real = pdf.render_pdf
    monkeypatch.setattr(pdf, "render_pdf", lambda path: renders.append(path) or real(path))
    assert write_pdf(html, target) == 1
    assert renders == []
    target.write_bytes(target.read_bytes() + b"\n")  # the PDF touched by hand
    write_pdf(html, target)
    assert renders == [html]
    html.write_text(_page("<main><p>Autre texte.</p></main>"), encoding="utf-8")
    write_pdf(html, target)
    assert renders == [html, html]
    assert "Autre texte." in _text(target)[0]


def test_the_print_stylesheet_numbers_pages_and_repeats_the_title(tmp_path):
    filler = "".join(f"<p>{SENTENCE}</p>" for _ in range(120))
    body = (f'<nav class="report-nav"><a href="waste.html">Navigation</a></nav>'
            f'<nav id="toc"><p>Sommaire</p><ol><li><a href="#fin">Conclusion</a></li></ol></nav>'
            f'<main>{filler}<h2 id="fin">Conclusion</h2><p>Fin.</p>'
            f"<details><summary>Tableau détaillé</summary><table><tr><td>Ligne cachée</td>"
            f"</tr></table></details></main>")
    html = _write(tmp_path, body)
    pages = write_pdf(html, tmp_path / "page.pdf")
    text = _text(tmp_path / "page.pdf")
    assert pages >= 2
    assert all(f"page {n} / {pages}" in page for n, page in enumerate(text, start=1))
    assert all("Déchets — CALL — 2019" in page for page in text[1:])
    assert re.search(rf"Conclusion \.+ ?{pages}\b", text[0])  # the contents, with its page
    assert "Navigation" not in " ".join(text)
    assert "Ligne cachée" not in " ".join(text)
    assert "Tableau détaillé — tableau complet dans les téléchargements" in text[-1]


def test_the_printed_contents_give_the_page_of_an_accented_heading(tmp_path):
    # nbconvert writes the id percent-encoded; the page's contents are made by render.py
    filler = "".join(f"<p>{SENTENCE}</p>" for _ in range(60))
    body = add_table_of_contents(
        f'<nav id="toc"></nav><main>{filler}<h2 id="Co%C3%BBt-du-service">Coût du service'
        f"</h2><p>Fin.</p></main>")
    html = _write(tmp_path, body)
    pages = write_pdf(html, tmp_path / "page.pdf")
    assert pages == 2
    assert re.search(r"Coût du service \.+ ?2\b", _text(tmp_path / "page.pdf")[0])


def test_a_short_table_is_not_split_across_pages(tmp_path):
    # 29 paragraphs: without the rule, the table's first row ends page 1 and its last
    # opens page 2 (27 to 31 paragraphs split it)
    filler = "".join(f"<p>{SENTENCE}</p>" for _ in range(29))
    rows = "".join(f"<tr><td>Ligne {n}</td><td>{n} t</td></tr>" for n in range(1, 9))
    html = _write(tmp_path, f"<main>{filler}<table><tbody>{rows}</tbody></table></main>")
    write_pdf(html, tmp_path / "page.pdf")
    text = _text(tmp_path / "page.pdf")
    first = [n for n, page in enumerate(text) if "Ligne 1 " in page]
    last = [n for n, page in enumerate(text) if "Ligne 8 " in page]
    assert first == last == [1]


# --- on the full build (the ``built`` fixture of conftest.py, built without its PDFs: the
# longest page of each section of each agglomeration is laid out here, as the build does,
# two at a time; the other years' pages are the same layout with less in it) -------------


def _section_pages(out: Path) -> list[Path]:
    """The longest page (in bytes) of each section of each agglomeration of the build."""
    longest: dict[tuple[str, str], Path] = {}
    for page in out.glob("*/*/*.html"):
        if page.name.startswith("rapport") or not page.parent.name.isdigit():
            continue
        key = (page.parent.parent.name, page.stem)
        if key not in longest or page.stat().st_size > longest[key].stat().st_size:
            longest[key] = page
    return sorted(longest.values())


@pytest.fixture(scope="module")
def section_pdfs(built, tmp_path_factory) -> dict[Path, Path]:
    """The longest page of each section of each agglomeration of the full build, and its
    PDF made by the build's function."""
    out, _results = built
    folder = tmp_path_factory.mktemp("section_pdfs")
    pdfs = {html: folder / html.relative_to(out).with_suffix(".pdf").as_posix().replace("/", "-")
            for html in _section_pages(out)}
    tasks = [(html, write_pdf, (html, target)) for html, target in pdfs.items()]
    errors = [f"{o.key}: {o.error}" for o in run_tasks(tasks, 2, 600) if o.error]
    assert not errors, errors
    return pdfs


def _chart_labels(html: str) -> list[str]:
    """The longest text of each chart of the page's ``<main>`` (its title, as a rule)."""
    main = html[html.find("<main>"):]
    labels = []
    for encoded in re.findall(r'<img src="data:image/svg\+xml;base64,([^"]+)"', main):
        svg = base64.b64decode(encoded).decode("utf-8")
        texts = [html_lib.unescape(t) for t in re.findall(r"<text[^>]*>([^<]*)</text>", svg)
                 if t.strip()]
        labels.append(max(texts, key=len) if texts else "")
    return labels


def _squeezed(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.notebook
def test_each_section_s_longest_page_has_an_a4_pdf_with_all_its_charts(built, section_pdfs):
    out, _results = built
    assert section_pdfs
    for html, target in section_pdfs.items():
        reader = PdfReader(target)
        assert float(reader.pages[0].mediabox.width) == pytest.approx(A4_POINTS[0], abs=1)
        text = _squeezed(" ".join(page.extract_text() for page in reader.pages))
        charts = _chart_labels(html.read_text(encoding="utf-8"))
        missing = [label for label in charts if _squeezed(label) not in text]
        assert "" not in charts and not missing, (html.relative_to(out), missing)


@pytest.mark.notebook
def test_every_section_prints_in_at_most_a_dozen_pages(built, section_pdfs):
    out, _results = built
    counts = {str(html.relative_to(out)): len(PdfReader(target).pages)
              for html, target in section_pdfs.items()}
    over = {page: count for page, count in counts.items() if count > MAX_SECTION_PAGES}
    assert not over, f"plus de {MAX_SECTION_PAGES} pages : {over}"


@pytest.mark.notebook
def test_the_report_and_its_sections_are_built_with_their_a4_pdfs(two_builds):
    """A build with its PDFs (CALL 2019, the build of tests/test_same_bytes.py): a PDF
    beside each section page and the report, A4, the report's contents printed with the
    page of each section."""
    one, _two, _folders = two_builds
    folder = one / "CALL" / "2019"
    sections = sorted(p.stem for p in folder.glob("*.html") if p.stem != "rapport")
    assert sorted(p.stem for p in folder.glob("*.pdf")) == sorted([*sections, "rapport"])
    reader = PdfReader(folder / "rapport.pdf")
    assert float(reader.pages[0].mediabox.width) == pytest.approx(A4_POINTS[0], abs=1)
    assert len(reader.pages) > sum(len(PdfReader(folder / f"{s}.pdf").pages) for s in sections) / 2
    contents = _squeezed(" ".join(page.extract_text() for page in reader.pages[:3]))
    assert _squeezed("Sommaire") in contents
