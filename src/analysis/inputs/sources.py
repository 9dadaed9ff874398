"""Citations built from ``data/sources.csv``: every shown figure names its document and line."""

from __future__ import annotations

import pandas as pd

from analysis.core.errors import SourceMissingError

# (publisher, title, published) by source id, for the last few sources frames: a section cites
# a hundred figures, and a pandas lookup per citation took a third of its computing
_INDEXES: dict[int, tuple[pd.DataFrame, dict[str, tuple[str, str, str]]]] = {}


def _index(sources: pd.DataFrame) -> dict[str, tuple[str, str, str]]:
    kept = _INDEXES.get(id(sources))
    if kept is None or kept[0] is not sources:
        if len(_INDEXES) >= 8:
            _INDEXES.pop(next(iter(_INDEXES)))
        index = {r.source_id: (r.publisher, r.title, r.published)
                 for r in sources.itertuples()}
        kept = _INDEXES[id(sources)] = (sources, index)
    return kept[1]


def source_row(sources: pd.DataFrame, source_id: str) -> pd.Series:
    """The row of ``sources`` for ``source_id``.

    Raises
    ------
    SourceMissingError
        If the id is not in the table.
    """
    match = sources[sources["source_id"] == source_id]
    if match.empty:
        raise SourceMissingError(f"source {source_id!r} absente de sources.csv")
    return match.iloc[0]


def cite(sources: pd.DataFrame, source_id: str, locator: str = "") -> str:
    """Short French citation: publisher, title (date), locator.

    Raises
    ------
    SourceMissingError
        If the id is not in the table.
    """
    found = _index(sources).get(source_id)
    if found is None:
        raise SourceMissingError(f"source {source_id!r} absente de sources.csv")
    publisher, title, published = found
    text = f"{publisher}, {title} ({published})"
    return f"{text}, {locator}" if locator else text


def cited_source_ids(text: str, sources: pd.DataFrame) -> list[str]:
    """Ids of the sources a citation text names (citations start with "publisher, title"),
    in the order of ``sources``: how a figure's vintages are found again from its citation."""
    return [source_id for source_id, (publisher, title, _) in _index(sources).items()
            if f"{publisher}, {title}" in text]


def cite_many(sources: pd.DataFrame, pairs: list[tuple[str, str]]) -> str:
    """Citation of several (source_id, locator) pairs, grouped by source."""
    by_source: dict[str, list[str]] = {}
    for source_id, locator in pairs:
        by_source.setdefault(source_id, [])
        if locator and locator not in by_source[source_id]:
            by_source[source_id].append(locator)
    parts = []
    for source_id, locators in by_source.items():
        numbers = [loc.removeprefix("l. ") for loc in locators]
        locator = ("l. " if len(numbers) == 1 else "l. ") + ", ".join(numbers) if numbers else ""
        parts.append(cite(sources, source_id, locator))
    return " ; ".join(parts)
