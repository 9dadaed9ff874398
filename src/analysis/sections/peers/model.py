"""The peers domain: its breakdowns (the indicators of the national table) and what a
complete page would show.

The formulas (the peer rule, ranks, medians) are shared: :mod:`analysis.national.peers`;
the national table: :mod:`analysis.national.table`.
"""

from __future__ import annotations

from analysis.figures import catalogue
from analysis.national.table import INDICATORS

SECTION = "peers"
# each figure's breakdown is the national indicator it describes, labelled as in the table
BREAKDOWNS = catalogue.breakdowns(SECTION) | {i.name: i.label for i in INDICATORS}
# what the national files cannot give by EPCI, said on the page as missing
NOT_NATIONAL = [
    "Revenu médian et taux de pauvreté (Filosofi publie des médianes par commune, dont on ne "
    "peut pas tirer la médiane d'un EPCI)",
    "Loyers (la carte des loyers prédit un loyer par commune, pas un loyer de l'EPCI)",
    "Production d'électricité (l'extrait Enedis ne couvre que quelques départements)",
    "Déchets ménagers (aucun fichier national par commune : rapports annuels des services)",
]
STATS = ("epci_value", "peers_median", "region_median", "france_median", "peer_rank",
         "peer_percentile")

label_of = catalogue.labeller(BREAKDOWNS)
decimals_of = catalogue.decimals
