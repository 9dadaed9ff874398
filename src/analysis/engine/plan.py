"""The plan of a build: which pages to make, each a territory, a year and a section.

The sections are found, not listed: every package of :mod:`analysis.sections` with a
``section.toml`` of scope ``territory`` (see :mod:`analysis.core.specs`). Territories, years
and sections are checked, and every file of the data folder, before any kernel starts.
"""

from __future__ import annotations

import functools
import importlib
from dataclasses import dataclass
from pathlib import Path
from types import ModuleType

import pandas as pd

from analysis.core.errors import NoDataError, UnknownSectionError
from analysis.core.paths import DEFAULT_OUTPUT_DIR, data_dir
from analysis.core.specs import DropFolder, SectionSpec, section_specs
from analysis.engine import cache
from analysis.engine.navigation import SectionYears, section_nav
from analysis.inputs.territories import (
    Territory,
    all_territories,
    get_territory,
    planning_scope,
)

# a section registered by a test (a synthetic notebook): name -> an object with SPEC,
# load_inputs and years, like a section package
EXTRA_SECTIONS: dict[str, object] = {}
# what a page publishes (the PDF: analysis.engine.pdf); the build record goes last
PAGE_SUFFIXES = (".ipynb", ".html", ".pdf", ".figures.csv", cache.MANIFEST_SUFFIX)


def page_suffixes(pdf: bool = True) -> tuple[str, ...]:
    """The files of a page: all of :data:`PAGE_SUFFIXES`, without the PDF when the build
    is asked for none (``analysis build --no-pdf``)."""
    return PAGE_SUFFIXES if pdf else tuple(s for s in PAGE_SUFFIXES if s != ".pdf")


def page_sections() -> dict[str, ModuleType]:
    """Every section with a page per territory-year, in report order."""
    found = {name: importlib.import_module(f"analysis.sections.{name}")
             for name in section_specs(scope="territory")}
    return found | EXTRA_SECTIONS


def get_section(name: str):
    """The section package called ``name``.

    Raises
    ------
    UnknownSectionError
        If no section has that name; the message lists the known ones.
    """
    sections = page_sections()
    if name not in sections:
        raise UnknownSectionError(
            f"Section inconnue : {name!r}. Sections connues : {', '.join(sections)}.")
    return sections[name]


def drop_folders() -> dict[str, DropFolder]:
    """Every folder of dropped official files (what it receives, its file types), by path."""
    return {folder.path: folder for section in page_sections().values()
            for folder in section.SPEC.drop_folders}


@functools.lru_cache(maxsize=32)
def _inputs(name: str, root: Path, digest: str, territory: str | tuple[str, ...] = ""):
    """A section's inputs for ``territory`` (a code), or for a plan's territories (a tuple:
    read within their :func:`planning_scope`)."""
    return get_section(name).load_inputs(
        root, territory="" if isinstance(territory, tuple) else territory)


def _scope(territory: str, root: Path) -> str:
    """The territory a section's inputs must add to those reported by default ("" for one
    of them: their inputs are shared)."""
    return "" if territory in {t.short for t in all_territories(root)} else territory


def section_inputs(name: str, data: str | Path | None = None, territory: str = ""):
    """A section's inputs, read once per version of the data folder in this process."""
    root = data_dir(data)
    return _inputs(name, root, cache.tree_digest(root), _scope(territory, root))


# years found, by section, territory and content of the data folder (not its path: the same
# data copied elsewhere has the same years; every page's links to its neighbours need them)
_YEARS: dict[tuple[str, str, str], tuple[int, ...]] = {}


def years_with_data(name: str, territory: str, data: str | Path | None = None,
                    planned: tuple[str, ...] = ()) -> list[int]:
    """The years ``territory`` has a page of section ``name`` for. ``planned``: the other
    territories of the plan (short codes), whose inputs are read with its own, once for all
    (:func:`analysis.inputs.territories.planning_scope`)."""
    root = data_dir(data)
    key = (name, territory, cache.tree_digest(root))
    if key not in _YEARS:
        scope = _scope(territory, root)
        if scope and len(planned) > 1:
            with planning_scope(planned):
                inputs = _inputs(name, root, key[2], planned)
        else:
            inputs = _inputs(name, root, key[2], scope)
        _YEARS[key] = tuple(get_section(name).years(inputs, territory))
    return list(_YEARS[key])


@functools.lru_cache(maxsize=4)
def _population_tables(root: Path, digest: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    from analysis.inputs.tables import load_table

    return load_table("reference/population", root), load_table("reference/communes", root)


def population_gap(territory: str, data: str | Path | None = None) -> str:
    """Why ``territory`` (short code) has no page: the reference data give it no population
    (:func:`analysis.inputs.population.population_gap`), or ""."""
    from analysis.inputs.population import population_gap as gap

    root = data_dir(data)
    return gap(*_population_tables(root, cache.tree_digest(root)), territory)


def availability(data: str | Path | None = None) -> pd.DataFrame:
    """Every (territory, section, year) with data; ``year`` is missing where there is none."""
    rows = []
    for name in page_sections():
        for territory in all_territories(data):
            found = years_with_data(name, territory.short, data)
            rows += [{"territory": territory.short, "section": name, "year": y}
                     for y in found] or [{"territory": territory.short, "section": name,
                                          "year": None}]
    return pd.DataFrame(rows, columns=["territory", "section", "year"])


@dataclass(frozen=True)
class RunSpec:
    """One notebook to execute: a territory, a year, a section, where to write."""

    territory: Territory
    year: int
    section: SectionSpec
    output_dir: Path
    data_dir: Path
    # every section's years for the territory (the plan's): the page's links to its report,
    # the other sections and the other years (analysis.engine.navigation)
    neighbours: SectionYears = ()
    pdf: bool = True  # a PDF beside the page (False: ``--no-pdf``, the HTML only)

    @property
    def target_dir(self) -> Path:
        return self.output_dir / self.territory.short / str(self.year)

    def path(self, suffix: str) -> Path:
        return self.target_dir / f"{self.section.name}{suffix}"

    def parameters(self) -> dict:
        return {"territory": self.territory.short, "year": int(self.year),
                "data_dir": str(self.data_dir), "outputs_dir": str(self.output_dir)}

    def nav(self) -> list[dict]:
        """The page's links to its report, the other sections and years (none without
        ``neighbours``)."""
        if not self.neighbours:
            return []
        return section_nav(self.neighbours, self.section.name, self.year)

    def key(self) -> dict:
        """What the page depends on: see :func:`analysis.engine.cache.page_key`; its links
        count as a parameter (a page whose neighbours change is rebuilt)."""
        return cache.page_key(self.section.notebook, self.key_parameters(),
                              cache.declared_inputs(self.section, self.data_dir))

    def key_parameters(self) -> dict:
        """The notebook's parameters and, for the key only, the page's links."""
        return self.parameters() | ({"report_nav": self.nav()} if self.neighbours else {})

    def stale_reason(self) -> str | None:
        """Why this page must be (re)built, or None if its build record is current."""
        return cache.stale_reason(self.path(cache.MANIFEST_SUFFIX), self.key(),
                                  [self.path(suffix) for suffix in page_suffixes(self.pdf)])


def plan(territories: list[str] | None = None, years: list[int] | None = None,
         sections: list[str] | None = None, output_dir: str | Path | None = None,
         data: str | Path | None = None, pdf: bool = True,
         listed: list[str] | None = None) -> list[RunSpec]:
    """Check the parameters and list the notebooks to run (each page with its PDF unless
    ``pdf`` is False).

    Without territories (nor ``listed``), every territory; without years, every year with
    data; without sections, every section with data for that territory-year. ``listed``:
    territories of a list (a region): one without page (no population, no data in the years
    asked for) is left out, and :func:`left_out` says why.

    Raises
    ------
    UnknownTerritoryError, UnknownSectionError
        For an unknown code or section name.
    NoDataError
        If a territory named in ``territories`` has no population in the reference data
        (every page reports its figures against it), or if an explicitly requested year
        has no data for it (and sections).
    DataValidationError, SourceMissingError
        If any file of the data folder breaks a rule: every file is checked first
        (:func:`analysis.inputs.datacheck.check_data_tree`: links, readability, files nobody
        reads, declared sources and their sha256), then every table
        (:func:`analysis.inputs.tables.check_all_tables`), so that a bad file stops the build
        before a kernel starts or a file is written.
    """
    from analysis.inputs.datacheck import check_data_tree
    from analysis.inputs.tables import check_all_tables

    root = data_dir(data)
    check_data_tree(root, drop_folders())
    check_all_tables(root)
    named = [get_territory(code, root) for code in territories or []]
    from_list = [get_territory(code, root) for code in listed or []]
    chosen = list(dict.fromkeys(named + from_list)) or list(all_territories(root))
    names = [get_section(name).SPEC.name for name in sections] if sections else list(
        page_sections())
    out = Path(output_dir or DEFAULT_OUTPUT_DIR).resolve()
    specs: list[RunSpec] = []
    available_years: dict[str, set[int]] = {}  # by territory, any section
    planned = tuple(t.short for t in chosen if not t.reported_by_default)
    for territory in chosen:
        if not _has_population(territory, territory in named, root):
            continue
        found, available_years[territory.short] = _territory_pages(
            territory, names, years, bool(sections), out, root, pdf, planned)
        specs += found
        # a territory named on the command line must have the year; without -t, the
        # territories that have it are built and the others left out
        if years and not found and not sections and territory in named:
            raise NoDataError(f"Aucune donnée pour {territory.short} en "
                              f"{', '.join(map(str, years))} (années disponibles : "
                              f"{_years_text(available_years[territory.short])}).")
    if years and not specs:
        by_territory = " ; ".join(f"{code} : {_years_text(found)}"
                                  for code, found in available_years.items())
        raise NoDataError(f"Aucune donnée en {', '.join(map(str, years))}, pour aucun "
                          f"territoire (années disponibles — {by_territory}).")
    return specs


def _has_population(territory: Territory, named: bool, root: Path) -> bool:
    """Whether the reference data give ``territory`` a population (every page reports its
    figures against it); one without is left out, or, ``named`` on the command line, stops
    the plan with why.

    Raises
    ------
    NoDataError
        For a territory ``named`` without population.
    """
    gap = population_gap(territory.short, root)
    if gap and named:
        raise NoDataError(f"Aucune page pour {territory.short} ({territory.name}) : {gap} ; "
                          f"chaque page rapporte ses chiffres à la population du territoire.")
    return not gap


def left_out(territories: list[str], specs: list[RunSpec], years: list[int] | None = None,
             data: str | Path | None = None) -> list[tuple[Territory, str]]:
    """The territories of ``territories`` (codes) that have no page in ``specs``, each with
    why: its population gap, or no data in ``years``."""
    root = data_dir(data)
    planned = {s.territory.short for s in specs}
    out = []
    for code in dict.fromkeys(territories):
        territory = get_territory(code, root)
        if territory.short not in planned:
            out.append((territory, population_gap(territory.short, root) or (
                f"aucune donnée en {', '.join(map(str, years))}" if years else
                "aucune donnée")))
    return out


def _territory_pages(territory: Territory, names: list[str], years: list[int] | None,
                     sections_asked: bool, out: Path, root: Path, pdf: bool = True,
                     planned: tuple[str, ...] = ()) -> tuple[list[RunSpec], set[int]]:
    """A territory's pages among ``names`` and ``years`` (all its years if none), and every
    year it has in any of these sections (``planned``: the plan's territories, whose
    inputs are read once for all).

    Raises
    ------
    NoDataError
        If a section asked for by name has not one of the years asked for.
    """
    specs, every_year = [], set()
    neighbours = territory_sections(territory.short, root, planned)
    for name in names:
        spec = get_section(name).SPEC
        available = next(list(y) for n, _, y in neighbours if n == name)
        every_year.update(available)
        for year in years or available:
            if year in available:
                specs.append(RunSpec(territory, int(year), spec, out, root, neighbours, pdf))
            elif sections_asked:  # an explicitly requested section must have the year
                raise NoDataError(
                    f"Pas de données « {spec.label} » pour {territory.short} en {year} "
                    f"(années disponibles : {_years_text(set(available))}).")
    return specs, every_year


def territory_sections(territory: str, data: str | Path | None = None,
                       planned: tuple[str, ...] = ()) -> SectionYears:
    """Every section with a page per territory-year, its label and the years ``territory``
    has a page of it for, in report order (``planned``: see :func:`years_with_data`)."""
    return tuple((name, section.SPEC.label,
                  tuple(int(y) for y in years_with_data(name, territory, data, planned)))
                 for name, section in page_sections().items())


def _years_text(years: set[int]) -> str:
    return ", ".join(map(str, sorted(years))) or "aucune"
