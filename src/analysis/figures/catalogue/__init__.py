"""The indicator catalogue: one definition per indicator, for every section and the synthesis.

Each domain declares its indicators in its own module (``waste``, ``housing``, ``mobility``,
``energy``; ``common`` for those every section shows). Sections take their labels, units and
decimals from here, :func:`check_figure` refuses a figure whose indicator or unit is not
declared, and :mod:`analysis.methodology` turns the catalogue into the methodology page.
"""

from __future__ import annotations

from collections.abc import Callable
from types import ModuleType

from analysis.core.errors import AnalysisError

from . import common, energy, housing, mobility, waste
from .model import ANY_UNIT, KINDS, PUBLISHED_FORMULA, Indicator, computed, published

__all__ = ["ANY_UNIT", "CATALOGUE", "KINDS", "PUBLISHED_FORMULA", "SECTION_OF", "CatalogueError",
           "Indicator", "check_figure", "computed", "decimals", "get", "label", "labeller",
           "published"]

DOMAINS: dict[str, ModuleType] = {"common": common, "waste": waste, "housing": housing,
                                  "mobility": mobility, "energy": energy}


# indicators of yearly targets: their unit, taken from the target, must end with "/an"
PER_YEAR_TARGETS = ("target_per_year",)


class CatalogueError(AnalysisError):
    """An indicator or a unit that the catalogue does not declare."""


def _assemble() -> tuple[dict[str, Indicator], dict[str, str]]:
    catalogue: dict[str, Indicator] = {}
    section_of: dict[str, str] = {}
    for domain, module in DOMAINS.items():
        for indicator in module.INDICATORS:
            if indicator.id in catalogue:
                raise CatalogueError(f"indicateur déclaré deux fois : {indicator.id} "
                                     f"({section_of[indicator.id]} et {domain})")
            catalogue[indicator.id] = indicator
            section_of[indicator.id] = domain
    return catalogue, section_of


CATALOGUE, SECTION_OF = _assemble()


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
            f"src/analysis/catalogue/<section>.py)") from None


def breakdown_label(breakdown: str, breakdowns: dict[str, str]) -> str:
    """French label of a breakdown code from a section's list (readable if it is missing)."""
    if not breakdown:
        return ""
    return breakdowns.get(breakdown, breakdown.upper() if breakdown.isalpha()
                          else breakdown.replace("_", " "))


def label(indicator: str, breakdown: str = "", breakdowns: dict[str, str] | None = None) -> str:
    """French label of an indicator, with its breakdown if any."""
    text = get(indicator).label
    part = breakdown_label(breakdown, breakdowns or {})
    return f"{text} — {part}" if part else text


def labeller(breakdowns: dict[str, str]) -> Callable[[str, str], str]:
    """``label_of(indicator, breakdown="")`` for a section with these breakdown labels."""
    def label_of(indicator: str, breakdown: str = "") -> str:
        return label(indicator, breakdown, breakdowns)

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
