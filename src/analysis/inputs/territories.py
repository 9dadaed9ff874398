"""One lookup for the territories (EPCI): short code, SIREN, name, communes.

Codes are always text: a SIREN such as ``200042190`` or an INSEE code such as ``02691``
must never go through an integer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from analysis.core.errors import UnknownTerritoryError
from analysis.core.paths import data_dir
from analysis.inputs.tables import load_table


@dataclass(frozen=True)
class Territory:
    """An EPCI covered by the reports."""

    short: str
    siren: str
    name: str
    n_communes: int


@cache
def _territories(reference_dir: Path) -> tuple[Territory, ...]:
    df = load_table("reference/epci", reference_dir.parent)
    return tuple(
        Territory(r.short, r.epci_siren, r.name, int(r.n_communes)) for r in df.itertuples()
    )


def all_territories(data: str | Path | None = None) -> tuple[Territory, ...]:
    """Every territory of ``data/reference/epci.csv``, in file order."""
    return _territories(data_dir(data) / "reference")


def get_territory(code: str | int, data: str | Path | None = None) -> Territory:
    """Find a territory by short code (case-insensitive) or SIREN.

    Raises
    ------
    UnknownTerritoryError
        If ``code`` matches nothing; the message lists the known codes.
    """
    if not isinstance(code, str):
        raise UnknownTerritoryError(
            f"Code territoire {code!r} : il doit être passé comme texte (code court ou SIREN)."
        )
    wanted = code.strip().upper()
    for territory in all_territories(data):
        if wanted in (territory.short, territory.siren):
            return territory
    known = ", ".join(f"{t.short} ({t.siren})" for t in all_territories(data))
    raise UnknownTerritoryError(f"Territoire inconnu : {code!r}. Territoires connus : {known}.")
