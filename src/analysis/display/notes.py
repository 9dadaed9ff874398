"""Sources as numbered notes: a table's cells cite « [1] », « [2] », and the notes are listed
once under it, each document once with its numbered locators
(« Document : [1] l. 825 · [2] l. 906 »).

A citation (:func:`analysis.inputs.sources.cite`, :func:`~analysis.inputs.sources.cite_many`)
is « publisher, title (date), l. 831, 844 », several of them joined by « ; », perhaps after
« Calcul : ». One note is one document and one locator: the same document and line cited by
two rows is one note, with one number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from markupsafe import Markup

COMPUTED_PREFIX = "Calcul : "
# « document, l. 831, 844 » (lines) or « document, p. 12 » (pages), then perhaps more text
_LOCATED = re.compile(r"^(?P<doc>.+?), (?P<kind>[lp])\. (?P<numbers>\d+(?:, \d+)*)(?P<rest>.*)$")


def split_citation(citation: str) -> tuple[str, list[tuple[str, str]]]:
    """``(prefix, [(document, locator), …])`` of a citation: the prefix is « Calcul : » or
    empty; each line or page cited is its own pair; a part without a locator is
    ``(part, "")``: « Calcul : Doc, l. 844, 846 ; somme des 35 communes » gives
    « Calcul : » and (Doc, l. 844), (Doc, l. 846), (somme des 35 communes, "")."""
    prefix = COMPUTED_PREFIX if citation.startswith(COMPUTED_PREFIX) else ""
    pairs: list[tuple[str, str]] = []
    pending = [part.strip() for part in citation.removeprefix(prefix).split(" ; ")]
    while pending:
        part = pending.pop(0)
        match = _LOCATED.match(part)
        if match is None:
            if part:
                pairs.append((part, ""))
            continue
        kind = match["kind"]
        pairs.extend((match["doc"], f"{kind}. {n.strip()}") for n in match["numbers"].split(","))
        rest = match["rest"].strip().lstrip(";").strip()
        if rest:
            pending.insert(0, rest)
    return prefix, pairs


def _locator_key(locator: str) -> tuple[str, int]:
    kind, _, number = locator.partition(". ")
    return (kind, int(number)) if number.isdigit() else (locator, 0)


@dataclass
class Notes:
    """The numbered notes of one table, built from every citation its cells show.

    Numbers follow the list under the table: documents in the order the table first cites
    them, each document's lines in increasing order.
    """

    numbers: dict[tuple[str, str], int] = field(default_factory=dict)

    @classmethod
    def of(cls, citations) -> Notes:
        seen: dict[str, list[str]] = {}
        for citation in citations:
            if isinstance(citation, str):
                for document, locator in split_citation(citation)[1]:
                    locators = seen.setdefault(document, [])
                    if locator not in locators:
                        locators.append(locator)
        numbers: dict[tuple[str, str], int] = {}
        for document, locators in seen.items():
            for locator in sorted(locators, key=_locator_key):
                numbers[(document, locator)] = len(numbers) + 1
        return cls(numbers)

    def cite(self, citation) -> str:
        """« [1] », « Calcul : [2–4, 7] »: the notes of a citation, in place of its text."""
        if not isinstance(citation, str) or not citation:
            return ""
        prefix, pairs = split_citation(citation)
        return prefix + marks(sorted({self.numbers[pair] for pair in pairs}))

    def html(self) -> str:
        """The list under the table: one item per document, its numbered locators, then the
        document; empty when nothing is cited."""
        if not self.numbers:
            return ""
        by_document: dict[str, list[tuple[int, str]]] = {}
        for (document, locator), number in self.numbers.items():
            by_document.setdefault(document, []).append((number, locator))
        items = []
        for document, located in by_document.items():
            numbered = Markup(" · ").join(
                Markup("[{}]{}").format(n, f" {locator}" if locator else "")
                for n, locator in located)
            items.append(Markup("<li>{} : {}</li>").format(document, numbered)
                         if any(locator for _, locator in located)
                         else Markup("<li>{} {}</li>").format(numbered, document))
        return str(Markup('<ul class="table-notes">{}</ul>').format(Markup("").join(items)))


def marks(numbers: list[int]) -> str:
    """``[1, 2, 3, 5]`` → « [1–3, 5] »: runs of three or more notes as a range."""
    if not numbers:
        return ""
    runs: list[list[int]] = []
    for n in numbers:
        if runs and n == runs[-1][-1] + 1:
            runs[-1].append(n)
        else:
            runs.append([n])
    parts = [f"{run[0]}–{run[-1]}" if len(run) >= 3 else ", ".join(map(str, run))
             for run in runs]
    return f"[{', '.join(parts)}]"
