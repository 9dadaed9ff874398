"""What an indicator of the catalogue is, and the two ways of declaring one.

An indicator is either *published* (a figure the documents print, transcribed as printed,
never recalculated), *computed* (by a tested function of ``analysis``, from published figures
or reference data), *reference* (census or population) or *official* (read from an official
file an analyst drops in ``data/``). Targets and the documents that print an indicator are not
written here: the methodology page reads them from the data tables, so they cannot drift.
"""

from __future__ import annotations

from dataclasses import dataclass

KINDS = {"published": "chiffre publié, repris tel quel",
         "computed": "chiffre calculé par le projet",
         "reference": "donnée de référence (INSEE)",
         "official": "fichier officiel déposé"}
ANY_UNIT = "*"  # generic target indicators take the unit of the target they restate
PUBLISHED_FORMULA = "—"  # a transcribed figure has no formula: it is the document's number


@dataclass(frozen=True)
class Indicator:
    """One indicator: its single French label, units, definition and formula."""

    id: str
    label: str
    units: tuple[str, ...]  # unit codes of fmt.UNIT_LABELS; several when printed that way
    decimals: int
    kind: str
    definition: str
    formula: str
    periodicity: str
    sources: tuple[str, ...]  # source ids of data/sources.csv, or "documents"
    comparable: bool = False  # same definition in every territory: compared in the synthesis

    @property
    def unit(self) -> str:
        return self.units[0]


def published(id: str, label: str, unit: str | tuple[str, ...], decimals: int = 0, *,
              definition: str = "", periodicity: str = "ponctuelle (date du document)",
              comparable: bool = False) -> Indicator:
    """A figure the documents print: its definition is the document's own."""
    units = (unit,) if isinstance(unit, str) else unit
    return Indicator(
        id, label, units, decimals, "published",
        definition or f"{label}, tel que le document source l'imprime (définition du document).",
        PUBLISHED_FORMULA, periodicity, ("documents",), comparable)


def computed(id: str, label: str, unit: str | tuple[str, ...], decimals: int, *,
             definition: str, formula: str, periodicity: str = "à chaque édition du rapport",
             sources: tuple[str, ...] = ("documents",), kind: str = "computed",
             comparable: bool = False) -> Indicator:
    """A figure the project computes (or reads from reference data or an official file)."""
    units = (unit,) if isinstance(unit, str) else unit
    return Indicator(id, label, units, decimals, kind, definition, formula, periodicity,
                     sources, comparable)
