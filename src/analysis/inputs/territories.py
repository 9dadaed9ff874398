"""One lookup for the territories (EPCI): short code, SIREN, name, kind, communes.

``data/reference/epci.csv`` lists every EPCI of France (``make reference-data``). The
agglomerations the project reports by default — those whose documents are in ``data/`` —
carry a short code of letters (``CALL``); every other EPCI is known by its SIREN, which is
also its code in the outputs (``outputs/200041960/2021/``).

Codes are always text: a SIREN such as ``200042190`` or an INSEE code such as ``02691``
must never go through an integer.
"""

from __future__ import annotations

import contextlib
import re
import unicodedata
from collections.abc import Iterable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import pandas as pd

from analysis.core.errors import UnknownTerritoryError
from analysis.core.paths import data_dir
from analysis.inputs.tables import load_table

KIND_LABELS = {"CA": "communauté d'agglomération", "CU": "communauté urbaine",
               "CC": "communauté de communes", "ME": "métropole"}
MAX_CANDIDATES = 8  # names listed when a name matches several EPCI


@dataclass(frozen=True)
class Territory:
    """An EPCI: its code in the outputs (``short``), SIREN, name, number of communes, kind
    (CA, CC, CU, ME), 2021 census population and region."""

    short: str
    siren: str
    name: str
    n_communes: int
    kind: str = ""
    population: int | None = None
    region_code: str = ""
    region_name: str = ""

    @property
    def reported_by_default(self) -> bool:
        """An agglomeration of the project (its documents are in ``data/``): a short code
        of letters, not its SIREN."""
        return self.short != self.siren


@cache
def _every_epci(reference_dir: Path) -> tuple[Territory, ...]:
    df = load_table("reference/epci", reference_dir.parent)
    return tuple(
        Territory(r.short, r.epci_siren, r.name, int(r.n_communes), r.kind,
                  None if pd.isna(r.population) else int(r.population), r.region_code,
                  r.region_name)
        for r in df.itertuples())


def every_epci(data: str | Path | None = None) -> tuple[Territory, ...]:
    """Every EPCI of France in ``data/reference/epci.csv``, in file order."""
    return _every_epci(data_dir(data) / "reference")


def all_territories(data: str | Path | None = None) -> tuple[Territory, ...]:
    """The agglomerations reported by default (a short code of letters), in file order:
    what ``analysis build`` builds without ``-t``."""
    return tuple(t for t in every_epci(data) if t.reported_by_default)


def name_key(text: str) -> str:
    """A name to compare: lower case, no accents, words separated by one space."""
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", plain).split())


def get_territory(code: str | int, data: str | Path | None = None) -> Territory:
    """Find an EPCI by short code (case-insensitive), SIREN or name (accents and case
    ignored; the whole name, or words found in one name only).

    Raises
    ------
    UnknownTerritoryError
        If ``code`` matches nothing (or a name matches several EPCI: they are listed).
    """
    if not isinstance(code, str):
        raise UnknownTerritoryError(
            f"Code territoire {code!r} : il doit être passé comme texte (code court, SIREN "
            f"ou nom)."
        )
    wanted = code.strip().upper()
    epci = every_epci(data)
    for territory in epci:
        if wanted in (territory.short, territory.siren):
            return territory
    key = name_key(code)
    if key and not key.isdigit():
        exact = [t for t in epci if name_key(t.name) == key]
        found = exact or [t for t in epci if f" {key} " in f" {name_key(t.name)} "]
        if len(found) == 1:
            return found[0]
        if found:
            listed = " ; ".join(f"{t.name} ({t.siren})" for t in found[:MAX_CANDIDATES])
            more = f" ; et {len(found) - MAX_CANDIDATES} autres" if len(
                found) > MAX_CANDIDATES else ""
            raise UnknownTerritoryError(
                f"Territoire ambigu : {code!r} désigne {len(found)} EPCI : {listed}{more}. "
                f"Préciser le nom ou donner le SIREN.")
    known = ", ".join(f"{t.short} ({t.siren})" for t in all_territories(data))
    raise UnknownTerritoryError(
        f"Territoire inconnu : {code!r}. Territoires connus : {known} ; ou le SIREN ou le "
        f"nom de tout EPCI de France ({len(epci)} dans le référentiel).")


def region_territories(code: str, data: str | Path | None = None) -> list[Territory]:
    """Every EPCI of region ``code`` (INSEE code of the region, text: « 32 »), in file order.

    Raises
    ------
    UnknownTerritoryError
        If no EPCI of the reference is in that region (the regions are listed).
    """
    epci = every_epci(data)
    found = [t for t in epci if t.region_code == str(code).strip()]
    if not found:
        regions = sorted({(t.region_code, t.region_name) for t in epci if t.region_code})
        listed = ", ".join(f"{c} ({n})" for c, n in regions)
        raise UnknownTerritoryError(
            f"Région inconnue : {code!r}. Régions du référentiel : {listed}.")
    return found


# the territories a plan of many EPCI reads the files for at once (:func:`planning_scope`)
_PLANNED: ContextVar[frozenset[str]] = ContextVar("planned", default=frozenset())


@contextlib.contextmanager
def planning_scope(shorts: Iterable[str]) -> Iterator[None]:
    """Within the block, :func:`scope_communes` adds the communes of ``shorts`` (short
    codes): the plan of a region reads each national file once for all its EPCI, not once
    per EPCI (the pages still read theirs for their own territory)."""
    token = _PLANNED.set(frozenset(shorts))
    try:
        yield
    finally:
        _PLANNED.reset(token)


def scope_communes(communes: pd.DataFrame, data: str | Path | None = None,
                   territories: Iterable[str] = ()) -> pd.DataFrame:
    """The communes a page works on: those of the agglomerations reported by default (a
    section compares them) and of ``territories`` (codes), out of every commune of France;
    within :func:`planning_scope`, those of the territories planned too.

    National files are read for these communes only: locating every charging point of
    France in 35,000 outlines would cost a page a minute."""
    codes = {t.short for t in all_territories(data)} | {
        get_territory(t, data).short for t in territories if t} | _PLANNED.get()
    return communes[communes["epci_short"].isin(codes)].reset_index(drop=True)


def built_territories(output_dir: Path, data: str | Path | None = None
                      ) -> tuple[Territory, ...]:
    """The agglomerations reported by default, then every other EPCI with a folder in
    ``output_dir`` (built with ``-t <SIREN or name>``), in the order of the reference."""
    return tuple(t for t in every_epci(data)
                 if t.reported_by_default or (Path(output_dir) / t.short).is_dir())
