"""French typography of a whole page: every text of its ``<main>`` goes through
:func:`analysis.core.fmt.fr_text` (minus sign, no-break spaces in « 10 000 habitants »), so
that labels typed by hand in the catalogue and the sentences of each section follow the same
rule as the numbers :mod:`analysis.core.fmt` writes. Markup, attributes, scripts, styles and
code are left as they are."""

from __future__ import annotations

import re

from analysis.core.fmt import fr_text

_TAG = re.compile(r"(<[^>]*>)")
_RAW = re.compile(r"<(script|style|code|pre|svg)\b", re.IGNORECASE)


def typeset_text_nodes(html: str) -> str:
    """``html`` with :func:`fr_text` applied to the text between its tags (never inside a
    tag, nor inside ``<script>``, ``<style>``, ``<code>``, ``<pre>`` or ``<svg>``)."""
    out: list[str] = []
    raw_until = ""
    for piece in _TAG.split(html):
        if piece.startswith("<"):
            out.append(piece)
            if raw_until:
                if piece.lower().startswith(raw_until):
                    raw_until = ""
            elif (opening := _RAW.match(piece)) and not piece.endswith("/>"):
                raw_until = f"</{opening.group(1).lower()}"
        else:
            out.append(piece if raw_until else fr_text(piece))
    return "".join(out)


def typeset_page(html: str) -> str:
    """A page with its ``<main>`` typeset (:func:`typeset_text_nodes`); a page without
    ``<main>`` is typeset whole after its ``<body>``."""
    for opening, closing in (("<main", "</main>"), ("<body", "</body>")):
        start, end = html.find(opening), html.rfind(closing)
        if start != -1 and end > start:
            return html[:start] + typeset_text_nodes(html[start:end]) + html[end:]
    return html
