"""The computing step of the peers section: the agglomeration among its peers and its
region, for each indicator of the national table (:mod:`analysis.national.peers`)."""

from __future__ import annotations

import pandas as pd

from analysis.core.uncertainty import Estimate
from analysis.figures.record import Figure
from analysis.inputs.sources import cite
from analysis.national.peers import peer_group, peer_rule_text, region_group, standing
from analysis.national.table import INDICATORS, coverage_notes
from analysis.sections.base import Context, step
from analysis.sections.peers.model import label_of

STANDING_COLUMNS = ["indicator", "label", "unit", "decimals", "value", "rank", "ranked",
                    "percentile", "peers_median", "region_median", "region_ranked",
                    "france_median", "france_ranked", "period", "source_id", "note"]


def census_absent_communes(communes: pd.DataFrame, census: pd.DataFrame,
                           code: str) -> pd.DataFrame:
    """The communes of EPCI ``code`` (``commune_code``, ``commune_name``) that have no row in
    the census the national table sums (those ``census_lower_bound`` marks)."""
    mine = communes[communes["epci_short"] == code]
    # the census's rows of these communes, then those without: the other way round (each of
    # the census's quarter of a million codes looked up) took 0.8 s per page
    present = set(census.loc[census["commune_code"].isin(set(mine["commune_code"])),
                             "commune_code"])
    return mine[~mine["commune_code"].isin(present)][["commune_code", "commune_name"]]


@step
def place_among_peers(ctx: Context) -> None:
    """For each indicator of the national table of the page's year: the agglomeration's
    value, its rank and percentile among its peers, the medians of its peers, region and
    France (same kind of EPCI), each a figure with its source and period."""
    table, described = ctx.values["national"], ctx.values["described"]
    code = ctx.territory
    ctx.values["rule"] = peer_rule_text(table, code)
    ctx.frames["peers"] = peer_group(table, code)
    ctx.frames["region"] = region_group(table, code)
    # what the agglomeration's own values cover when some of its communes are not counted
    notes = ctx.values["coverage_notes"] = coverage_notes(
        table.loc[table["code"] == code].iloc[0])
    ctx.values["census_absent"] = census_absent_communes(
        ctx.inputs.tables["reference/communes"],
        ctx.inputs.tables["reference/census_2021_by_commune"], code)
    rows = []
    for indicator in [i for i in INDICATORS
                      if i.compared and i.name in set(described["indicator"])]:
        info = described.set_index("indicator").loc[indicator.name]
        found = standing(table, code, indicator.name)
        source = cite(ctx.collector.sources, info["source_id"])
        period = str(info["period"])
        values = {"epci_value": (found.value, indicator.unit, indicator.decimals,
                                 indicator.method),
                  "peers_median": (found.peers_median, indicator.unit, indicator.decimals,
                                   f"Médiane de {found.ranked} pairs"),
                  "region_median": (found.region_median, indicator.unit, indicator.decimals,
                                    f"Médiane de {found.region_ranked} EPCI de la région"),
                  "france_median": (found.france_median, indicator.unit, indicator.decimals,
                                    f"Médiane de {found.france_ranked} EPCI de même nature"),
                  "peer_rank": (found.rank if found.rank is not None else float("nan"),
                                "rang", 0, f"Rang sur {found.ranked} pairs"),
                  "peer_percentile": (found.percentile, "%", 0,
                                      f"Part des {found.ranked - 1} autres pairs plus bas")}
        for stat, (value, unit, decimals, method) in values.items():
            if value != value:
                continue
            ctx.collector.figures.append(Figure(
                indicator=stat, breakdown=indicator.name, label=label_of(stat, indicator.name),
                estimate=Estimate.exact(float(value)), unit=unit, kind="computed",
                source="Calcul : " + source, period=period, decimals=decimals,
                method=method,
                note=notes.get(indicator.name, "") if stat == "epci_value" else ""))
        rows.append({"indicator": indicator.name, "label": indicator.label,
                     "unit": indicator.unit, "decimals": indicator.decimals,
                     "value": found.value, "rank": found.rank, "ranked": found.ranked,
                     "percentile": found.percentile, "peers_median": found.peers_median,
                     "region_median": found.region_median,
                     "region_ranked": found.region_ranked, "france_median": found.france_median,
                     "france_ranked": found.france_ranked, "period": period,
                     "source_id": info["source_id"], "note": notes.get(indicator.name, "")})
    ctx.frames["standing"] = pd.DataFrame(rows, columns=STANDING_COLUMNS)
