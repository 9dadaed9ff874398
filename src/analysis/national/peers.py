"""One EPCI among its peers and its region, on the national figures table.

The rule (written on the page, :data:`PEER_RULE`): the peers of an EPCI are the EPCI of the
same kind (communauté d'agglomération, urbaine, de communes, métropole) whose population is
between half and twice its own, itself included; its region is every EPCI of its region.
For each indicator: its rank among the peers (1 = the highest value), its percentile (the
share of the other peers with a lower value), the median of the peers, of the region and
of France (the EPCI of the same kind). An EPCI without a value is left out of a ranking.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd

LOW, HIGH = 0.5, 2.0  # the population band of the peers, as multiples of the EPCI's own
KIND_PLURALS = {"CA": "communautés d'agglomération", "CU": "communautés urbaines",
                "CC": "communautés de communes", "ME": "métropoles"}
PEER_RULE = ("ses pairs sont les EPCI de même nature ({kind}) dont la population est comprise "
             "entre la moitié et le double de la sienne (de {low} à {high} habitants, "
             "recensement 2021), lui compris")


def peer_group(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """The rows of ``table`` (the national table) that are the peers of EPCI ``code``: the
    same ``kind``, a ``population`` within [LOW, HIGH] times its own (itself included).

    Raises
    ------
    KeyError
        If ``code`` is not a row of the table.
    """
    row = table.loc[table["code"] == code]
    if row.empty:
        raise KeyError(f"EPCI {code!r} absent de la table nationale")
    kind, population = row["kind"].iloc[0], float(row["population"].iloc[0])
    band = table["population"].between(LOW * population, HIGH * population)
    return table[(table["kind"] == kind) & band].reset_index(drop=True)


def region_group(table: pd.DataFrame, code: str) -> pd.DataFrame:
    """Every EPCI of the region of ``code`` (any kind), itself included."""
    region = table.loc[table["code"] == code, "region_code"].iloc[0]
    return table[table["region_code"] == region].reset_index(drop=True)


@dataclass(frozen=True)
class Standing:
    """Where an EPCI stands for one indicator."""

    indicator: str
    value: float
    rank: int | None  # 1 = the highest value among the peers with a value
    ranked: int  # peers with a value, itself included
    percentile: float  # share of the other ranked peers below it, in %
    peers_median: float
    region_median: float
    region_ranked: int
    france_median: float  # EPCI of the same kind
    france_ranked: int


def standing(table: pd.DataFrame, code: str, indicator: str) -> Standing:
    """The standing of ``code`` for ``indicator`` (see the module's rule)."""
    row = table.loc[table["code"] == code].iloc[0]
    value = float(row[indicator])
    peers = peer_group(table, code)[indicator].dropna()
    region = region_group(table, code)[indicator].dropna()
    france = table.loc[table["kind"] == row["kind"], indicator].dropna()
    ranked = len(peers)
    if value != value:
        rank, percentile = None, np.nan
    else:
        rank = int((peers > value).sum()) + 1
        others = ranked - 1
        percentile = 100 * float((peers < value).sum()) / others if others else np.nan
    return Standing(indicator, value, rank, ranked, percentile,
                    float(peers.median()) if ranked else np.nan,
                    float(region.median()) if len(region) else np.nan, len(region),
                    float(france.median()) if len(france) else np.nan, len(france))


def peer_rule_text(table: pd.DataFrame, code: str) -> str:
    """The rule in French with the EPCI's numbers (« … de 74 291 à 297 162 habitants … »)."""
    from analysis.core.fmt import fr_number

    row = table.loc[table["code"] == code].iloc[0]
    return PEER_RULE.format(kind=KIND_PLURALS.get(row["kind"], row["kind"]),
                            low=fr_number(np.ceil(LOW * row["population"])),
                            high=fr_number(np.floor(HIGH * row["population"])))
