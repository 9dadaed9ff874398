"""The links between the pages of one agglomeration's reports (``<nav class="report-nav">``).

A section page links to the report of its agglomeration-year (``rapport.html``), to the other
sections of that year, and to the same section the previous and next year when it has a page
then (else to that year's report). The links depend only on which pages the plan makes: the
years each section has data for the territory (:func:`analysis.engine.plan.years_with_data`),
so that they are part of a page's key and a page whose neighbours change is rebuilt.

Standard library only; nothing here reads a file.
"""

from __future__ import annotations

REPORT_PAGE = "rapport.html"

# ((section name, its French label, the years it has a page for), ...) in report order
SectionYears = tuple[tuple[str, str, tuple[int, ...]], ...]


def _link(label: str, href: str, current: bool = False) -> dict:
    return {"label": label, "href": href, "current": current}


def report_years(sections: SectionYears) -> list[int]:
    """Every year the territory has a report for: a year with at least one section."""
    return sorted({year for _, _, years in sections for year in years})


def neighbour_year(sections: SectionYears, year: int, step: int) -> int | None:
    """The nearest report year before (``step`` −1) or after (+1) ``year``, or None."""
    years = [y for y in report_years(sections) if (y - year) * step > 0]
    if not years:
        return None
    return max(years) if step < 0 else min(years)


def section_nav(sections: SectionYears, name: str, year: int) -> list[dict]:
    """The links of section ``name``'s page for ``year`` (relative to its folder): the
    report, each section of that year (the page itself marked current), then the previous
    and next years.

    Raises
    ------
    ValueError
        If section ``name`` has no page for ``year`` in ``sections``.
    """
    by_name = {n: (label, years) for n, label, years in sections}
    if name not in by_name or year not in by_name[name][1]:
        raise ValueError(f"pas de page « {name} » en {year} dans le plan")
    links = [_link("Rapport complet", REPORT_PAGE)]
    links += [_link(label, f"{n}.html", n == name)
              for n, label, years in sections if year in years]
    for step, word in ((-1, "Année précédente"), (1, "Année suivante")):
        other = neighbour_year(sections, year, step)
        if other is None:
            continue
        page = f"{name}.html" if other in by_name[name][1] else REPORT_PAGE
        label = by_name[name][0] if page != REPORT_PAGE else "rapport"
        links.append(_link(f"{word} : {other} ({label})", f"../{other}/{page}"))
    return links


def report_nav(sections: SectionYears, year: int) -> list[dict]:
    """The links of the report of ``year``: its sections' own pages, then the reports of the
    previous and next years."""
    links = [_link(label, f"{n}.html") for n, label, years in sections if year in years]
    for step, word in ((-1, "Rapport précédent"), (1, "Rapport suivant")):
        other = neighbour_year(sections, year, step)
        if other is not None:
            links.append(_link(f"{word} : {other}", f"../{other}/{REPORT_PAGE}"))
    return links
