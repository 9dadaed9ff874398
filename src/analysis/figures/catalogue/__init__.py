"""The indicator catalogue: one definition per indicator, for every section and the synthesis.

The definitions are data, beside the code that computes them: each section's
``sections/<name>/indicators.toml`` (and ``common.toml`` here for the indicators every
section shows), checked against :data:`INDICATOR_SCHEMA` when read. A section's file has
three tables:

``[indicators.<id>]``
    ``label``, ``kind`` (published, computed, reference, official), ``units`` (codes of
    :data:`analysis.core.fmt.UNIT_LABELS`; ``*`` = the unit of the target it restates),
    ``decimals``, and optionally ``definition``, ``formula``, ``periodicity``, ``sources``
    (source ids of ``sources.csv``, or ``documents``) and ``comparable`` (same definition
    everywhere: compared in the synthesis);
``[breakdowns]``
    the French label of each breakdown code (flows, sites, perimeters…);
``[groups]``
    the indicators of each table of the section's page, in order.

Sections take their labels, units and decimals from here; :func:`check_figure` refuses a
figure whose indicator or unit is not declared; the methodology page is made from it.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from analysis.core.errors import AnalysisError
from analysis.core.specs import check_fields, read_toml, section_specs

from .model import ANY_UNIT, KINDS, PUBLISHED_FORMULA, Indicator, computed, published

__all__ = ["ANY_UNIT", "CATALOGUE", "KINDS", "PUBLISHED_FORMULA", "SECTION_OF", "CatalogueError",
           "Indicator", "breakdowns", "check_figure", "computed", "decimals", "get", "groups",
           "label", "labeller", "published"]

COMMON_FILE = Path(__file__).with_name("common.toml")
INDICATORS_FILE = "indicators.toml"
INDICATOR_SCHEMA = {
    "label": (str, True), "kind": (str, True), "units": (list, True), "decimals": (int, True),
    "definition": (str, False), "formula": (str, False), "periodicity": (str, False),
    "sources": (list, False), "comparable": (bool, False),
}
FILE_SCHEMA = {"indicators": (dict, True), "breakdowns": (dict, False), "groups": (dict, False)}
# indicators of yearly targets: their unit, taken from the target, must end with "/an"
PER_YEAR_TARGETS = ("target_per_year",)


class CatalogueError(AnalysisError):
    """An indicator or a unit that the catalogue does not declare."""


def _indicator(id: str, entry: dict, where: str) -> Indicator:
    check_fields(entry, INDICATOR_SCHEMA, f"{where}, indicateur « {id} »")
    if entry["kind"] not in KINDS:
        raise CatalogueError(f"{where}, indicateur « {id} » : kind « {entry['kind']} » (admis "
                             f": {', '.join(KINDS)})")
    if not entry["units"] or not all(isinstance(u, str) for u in entry["units"]):
        raise CatalogueError(f"{where}, indicateur « {id} » : units, une liste d'unités")
    make = published if entry["kind"] == "published" else computed
    options = {k: entry[k] for k in ("definition", "periodicity", "comparable") if k in entry}
    if make is computed:
        options |= {"kind": entry["kind"], "formula": entry.get("formula", PUBLISHED_FORMULA),
                    "definition": entry.get("definition", "")}
        if "sources" in entry:
            options["sources"] = tuple(entry["sources"])
    return make(id, entry["label"], tuple(entry["units"]), entry["decimals"], **options)


def read_file(path: Path) -> tuple[list[Indicator], dict[str, str], dict[str, list[str]]]:
    """The indicators, breakdown labels and page groups of one TOML file, checked."""
    data = read_toml(path)
    check_fields(data, FILE_SCHEMA, str(path))
    indicators = [_indicator(id, entry, str(path)) for id, entry in data["indicators"].items()]
    labels = data.get("breakdowns", {})
    if not all(isinstance(v, str) for v in labels.values()):
        raise CatalogueError(f"{path} : [breakdowns] : chaque libellé est un texte")
    page_groups = data.get("groups", {})
    for name, members in page_groups.items():
        if not isinstance(members, list) or not all(isinstance(m, str) for m in members):
            raise CatalogueError(f"{path} : [groups] {name} : une liste d'indicateurs")
    return indicators, labels, page_groups


def catalogue_files() -> dict[str, Path]:
    """The files that make the catalogue: ``common.toml``, then every section's."""
    return {"common": COMMON_FILE} | {
        name: spec.folder / INDICATORS_FILE for name, spec in section_specs().items()
        if (spec.folder / INDICATORS_FILE).is_file()}


def assemble(files: dict[str, Path]
             ) -> tuple[dict[str, Indicator], dict[str, str], dict[str, dict], dict[str, dict]]:
    """Read the catalogue's files (domain -> path): the indicators by id, the domain of
    each, the breakdown labels and the page groups of each domain.

    Raises
    ------
    CatalogueError, SpecError
        For a file that breaks the schema, or an indicator declared twice.
    """
    catalogue: dict[str, Indicator] = {}
    section_of: dict[str, str] = {}
    labels: dict[str, dict] = {}
    page_groups: dict[str, dict] = {}
    for domain, path in files.items():
        indicators, labels[domain], page_groups[domain] = read_file(path)
        for indicator in indicators:
            if indicator.id in catalogue:
                raise CatalogueError(f"indicateur déclaré deux fois : {indicator.id} "
                                     f"({section_of[indicator.id]} et {domain})")
            catalogue[indicator.id] = indicator
            section_of[indicator.id] = domain
    return catalogue, section_of, labels, page_groups


CATALOGUE, SECTION_OF, _BREAKDOWNS, _GROUPS = assemble(catalogue_files())


def get(indicator: str) -> Indicator:
    """The catalogue entry of ``indicator``.

    Raises
    ------
    CatalogueError
        If the catalogue does not declare it.
    """
    try:
        return CATALOGUE[indicator]
    except KeyError:
        raise CatalogueError(
            f"indicateur absent du catalogue : {indicator!r} (le déclarer dans "
            f"src/analysis/sections/<section>/{INDICATORS_FILE})") from None


def breakdowns(section: str) -> dict[str, str]:
    """The breakdown labels a section declares (``[breakdowns]`` of its indicators file)."""
    return dict(_BREAKDOWNS.get(section, {}))


def groups(section: str) -> dict[str, list[str]]:
    """The tables of a section's page: group name -> indicators, in order."""
    return {name: list(members) for name, members in _GROUPS.get(section, {}).items()}


def breakdown_label(breakdown: str, labels: dict[str, str]) -> str:
    """French label of a breakdown code from a section's list (readable if it is missing)."""
    if not breakdown:
        return ""
    return labels.get(breakdown, breakdown.upper() if breakdown.isalpha()
                      else breakdown.replace("_", " "))


def label(indicator: str, breakdown: str = "", labels: dict[str, str] | None = None) -> str:
    """French label of an indicator, with its breakdown if any."""
    text = get(indicator).label
    part = breakdown_label(breakdown, labels or {})
    return f"{text} — {part}" if part else text


def labeller(labels: dict[str, str]) -> Callable[[str, str], str]:
    """``label_of(indicator, breakdown="")`` for a section with these breakdown labels."""
    def label_of(indicator: str, breakdown: str = "") -> str:
        return label(indicator, breakdown, labels)

    return label_of


def decimals(indicator: str) -> int:
    return get(indicator).decimals


def check_figure(indicator: str, unit: str) -> None:
    """Refuse a figure whose indicator is not declared or whose unit is not the declared one.

    Raises
    ------
    CatalogueError
        With the indicator, the unit found and the units declared.
    """
    entry = get(indicator)
    if indicator in PER_YEAR_TARGETS and not unit.endswith("/an"):
        # a yearly target says so in its unit (« 150 logements par an », never « 150 »)
        raise CatalogueError(f"unité {unit!r} pour l'indicateur {indicator!r} : un objectif "
                             f"annuel a une unité « …/an »")
    if ANY_UNIT in entry.units or unit in entry.units:
        return
    raise CatalogueError(f"unité {unit!r} non déclarée pour l'indicateur {indicator!r} "
                         f"(catalogue : {', '.join(entry.units)})")
