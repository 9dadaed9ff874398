"""PDF of a page: WeasyPrint renders the HTML file with the print stylesheet (A4).

:func:`write_pdf` is the only way the build makes a PDF. The render fetches nothing from the
network (only ``data:`` URLs and local files: :class:`LocalOnlyFetcher`), the PDF's creation
and modification dates are fixed (``SOURCE_DATE_EPOCH`` when it is set, else a constant), so
the same HTML gives the same bytes, and the file is replaced atomically. The HTML's sha256,
the PDF's and its page count are kept in a hidden folder beside the PDF
(``.build/<name>.pdf.json``, not a reader file): an unchanged HTML is not rendered again.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import os
import urllib.parse
from pathlib import Path

from analysis.core.paths import write_atomic
from analysis.figures.spreadsheet import build_date

STATE_FOLDER = ".build"  # beside the PDF: what each PDF was made from (hidden, not published)
ALLOWED_SCHEMES = ("data", "file")
LOGGER = logging.getLogger(__name__)


def _fetcher_class():
    """WeasyPrint's fetcher, imported late: WeasyPrint loads Pango when imported."""
    from weasyprint import URLFetcher

    class LocalOnlyFetcher(URLFetcher):
        """Fetches ``data:`` URLs and local files only; every other URL is refused (and
        noted in ``refused``) before any connection is opened."""

        def __init__(self) -> None:
            super().__init__(allowed_protocols=set(ALLOWED_SCHEMES))
            self.refused: list[str] = []

        def fetch(self, url, headers=None):
            scheme = url.split(":", 1)[0].lower() if ":" in url else ""
            if scheme not in ALLOWED_SCHEMES:
                self.refused.append(url)
                raise ValueError(f"ressource refusée (ni data: ni fichier local) : {url}")
            return super().fetch(url, headers)

    return LocalOnlyFetcher


def local_only_fetcher():
    """A WeasyPrint URL fetcher that opens only ``data:`` URLs and local files."""
    return _fetcher_class()()


def pdf_date(environ: dict | None = None) -> str:
    """The PDF's creation and modification date, W3C format (UTC): ``SOURCE_DATE_EPOCH``
    when it is set, else a constant (see :func:`analysis.figures.spreadsheet.build_date`).

    Raises
    ------
    ValueError
        If ``SOURCE_DATE_EPOCH`` is not a whole number of seconds.
    """
    return build_date(environ).replace(tzinfo=dt.UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def state_path(pdf_path: Path) -> Path:
    """Where the build keeps what ``pdf_path`` was made from (hidden, beside it)."""
    return pdf_path.parent / STATE_FOLDER / f"{pdf_path.name}.json"


def _unchanged_pages(pdf_path: Path, html_sha: str) -> int | None:
    """The page count of ``pdf_path`` when it is there, untouched, and was made from HTML of
    sha256 ``html_sha``; None otherwise (it must be rendered)."""
    try:
        state = json.loads(state_path(pdf_path).read_text(encoding="utf-8"))
        if state["html"] != html_sha or state["pdf"] != _sha256(pdf_path.read_bytes()):
            return None
        return int(state["pages"])
    except (OSError, ValueError, KeyError, TypeError):
        return None


def relative_link(target: str, base: Path) -> str:
    """A link WeasyPrint resolved against the page's folder (``file:///…/x.csv``) written
    back relative to it (``x.csv``): a PDF must not name the folder it was built in (the
    same inputs give the same bytes, and the build's staging folder is gone)."""
    parts = urllib.parse.urlsplit(target)
    if parts.scheme != "file":
        return target
    path = os.path.relpath(urllib.parse.unquote(parts.path), base)
    return urllib.parse.quote(Path(path).as_posix()) + (f"#{parts.fragment}"
                                                       if parts.fragment else "")


def relative_links(document, base: Path) -> None:
    """Every local link of a rendered ``document`` relative to ``base`` (in place)."""
    for page in document.pages:
        page.links = [(kind, relative_link(target, base) if kind == "external" else target,
                       *rest) for kind, target, *rest in page.links]


def render_pdf(html_path: Path) -> tuple[bytes, int]:
    """The PDF bytes of the HTML file ``html_path`` (its folder as base URL) and its page
    count. URLs other than ``data:`` and local files are not fetched (a warning names
    them)."""
    from weasyprint import HTML

    fetcher = local_only_fetcher()
    document = HTML(filename=str(html_path), base_url=str(html_path.parent.resolve()),
                    url_fetcher=fetcher).render()
    relative_links(document, html_path.parent.resolve())
    date = pdf_date()
    document.metadata.created = date
    document.metadata.modified = date
    data = document.write_pdf()
    if fetcher.refused:
        LOGGER.warning("%s : ressources non chargées dans le PDF : %s", html_path.name,
                       ", ".join(fetcher.refused[:3]))
    return data, len(document.pages)


def write_pdf(html_path: Path, pdf_path: Path) -> int:
    """Render ``html_path`` to ``pdf_path`` (A4 through the page's print stylesheet) and
    return its page count. Byte-identical for the same HTML; nothing is rendered when
    ``pdf_path`` is already the PDF of these very HTML bytes.

    Raises
    ------
    FileNotFoundError
        If ``html_path`` does not exist.
    """
    html_path, pdf_path = Path(html_path), Path(pdf_path)
    html_sha = _sha256(html_path.read_bytes())
    pages = _unchanged_pages(pdf_path, html_sha)
    if pages is not None:
        return pages
    data, pages = render_pdf(html_path)
    state_path(pdf_path).unlink(missing_ok=True)  # a PDF replaced half-way is not trusted
    write_atomic(pdf_path, data)
    state = {"html": html_sha, "pdf": _sha256(data), "pages": pages}
    write_atomic(state_path(pdf_path), json.dumps(state, indent=1, sort_keys=True))
    return pages
