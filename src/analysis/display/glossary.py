"""The glossary of acronyms: each reader page explains an acronym at its first use and lists
those it uses in a « Glossaire » at its end.

The acronyms and their French expansions are in ``glossary.toml`` beside this module.
Pages are our own templates' output, so text and tags are told apart with a regular
expression rather than a full HTML parse.
"""

from __future__ import annotations

import html as html_lib
import re
import tomllib
from pathlib import Path

GLOSSARY_FILE = Path(__file__).with_name("glossary.toml")
GLOSSARY: dict[str, str] = tomllib.loads(GLOSSARY_FILE.read_text(encoding="utf-8"))["acronyms"]

# text inside these elements is never explained: a link, a heading, a table header, code,
# an already explained acronym, the table of contents or the glossary itself
SKIPPED = {"a", "abbr", "h1", "h2", "h3", "h4", "h5", "h6", "th", "summary", "caption",
           "script", "style", "svg", "code", "pre", "title", "nav", "dl", "button", "figcaption"}
_TAG = re.compile(r"<(/?)([a-zA-Z][a-zA-Z0-9]*)\b[^>]*?(/?)>|<!--.*?-->", re.S)
# the longest first, so that « PLPDMA » is never read as « DMA »
_ACRONYM = re.compile(
    r"(?<![\w-])(" + "|".join(re.escape(a) for a in sorted(GLOSSARY, key=len, reverse=True))
    + r")(?![\w-])")
NEARBY = 160  # characters either side of an acronym where its expansion may already stand


def _key(text: str) -> str:
    """Text compared for « already explained »: entities decoded, one kind of apostrophe,
    spaces collapsed, lower case."""
    text = html_lib.unescape(text).replace("\u2019", "'")
    return " ".join(text.split()).lower()


def glossary_html(acronyms=None) -> str:
    """A ``<dl class="glossary">`` of the given acronyms (all by default), in alphabetical
    order; an acronym the glossary does not have is an error."""
    chosen = list(GLOSSARY) if acronyms is None else list(dict.fromkeys(acronyms))
    unknown = [a for a in chosen if a not in GLOSSARY]
    if unknown:
        raise ValueError(f"acronymes absents du glossaire : {', '.join(unknown)}")
    items = "".join(
        f"<dt>{html_lib.escape(a)}</dt><dd>{html_lib.escape(GLOSSARY[a], quote=False)}</dd>"
        for a in sorted(chosen, key=str.lower))
    return f'<dl class="glossary">{items}</dl>'


def _segments(html: str):
    """``(text, readable)`` pieces of ``html`` in order: a tag is never readable, text is
    readable unless it stands inside one of the SKIPPED elements."""
    depth: dict[str, int] = {}
    position = 0
    for match in _TAG.finditer(html):
        if match.start() > position:
            yield html[position:match.start()], not any(depth.values())
        closing, name, self_closing = match.group(1), (match.group(2) or "").lower(), \
            match.group(3)
        if name in SKIPPED and not self_closing:
            depth[name] = max(0, depth.get(name, 0) + (-1 if closing else 1))
        yield match.group(0), False
        position = match.end()
    if position < len(html):
        yield html[position:], not any(depth.values())


def _split_main(html: str) -> tuple[str, str, str]:
    """(before, inside, after) the page's ``<main>``; a fragment without one is all inside."""
    start, end = html.find("<main"), html.rfind("</main>")
    if start < 0 or end < start:
        return "", html, ""
    start = html.index(">", start) + 1
    return html[:start], html[start:end], html[end:]


def acronyms_used(html: str) -> list[str]:
    """The glossary's acronyms that the readable text of the page's ``<main>`` uses, in the
    order of their first use."""
    found: dict[str, None] = {}
    for text, readable in _segments(_split_main(html)[1]):
        if readable:
            found.update(dict.fromkeys(m.group(1) for m in _ACRONYM.finditer(text)))
    return list(found)


def explain_acronyms(html: str) -> str:
    """In the page's ``<main>``, the first use of each acronym in readable text becomes
    ``<abbr title="…">DMA</abbr> (déchets ménagers et assimilés)``; when the expansion
    already stands next to it, only the ``<abbr>`` is added."""
    before, main, after = _split_main(html)
    explained: set[str] = set()
    pieces = []
    for text, readable in _segments(main):
        pieces.append(_explain_text(text, explained) if readable else text)
    return before + "".join(pieces) + after


def _explain_text(text: str, explained: set[str]) -> str:
    """One piece of readable text with the acronyms not yet explained explained."""
    def replace(match: re.Match) -> str:
        acronym = match.group(1)
        if acronym in explained:
            return acronym
        explained.add(acronym)
        expansion = GLOSSARY[acronym]
        abbr = f'<abbr title="{html_lib.escape(expansion, quote=True)}">{acronym}</abbr>'
        nearby = _key(text[max(0, match.start() - NEARBY):match.end() + NEARBY])
        # « bornes de recharge (IRVE) »: the words before the brackets explain it already
        bracketed = text[match.start() - 1:match.start()] == "(" and \
            text[match.end():match.end() + 1] == ")"
        if bracketed or _key(expansion) in nearby:
            return abbr
        return f"{abbr} ({html_lib.escape(expansion, quote=False)})"

    return _ACRONYM.sub(replace, text)
