"""Every French sentence of the energy page that depends on the data, in one place.

Each function takes the page's :class:`~analysis.sections.base.Result` (or one of its rows)
and returns Markdown; :mod:`.display` shows them; the constants at the end say a part is
empty. A document's own wording (its lists, its section names) is printed only on the pages
of the territories the document is about (:func:`targets_markdown`)."""

from __future__ import annotations

import pandas as pd

from analysis.core.fmt import fr_count, fr_number, fr_percent, fr_value
from analysis.display import text as report
from analysis.sections.base import Result
from analysis.sections.energy import heat_text
from analysis.sections.energy.model import (
    BREAKDOWNS,
    SHARED_KINDS,
    SHARED_SCOPES,
    label_of,
    target_decimals,
)

# words that mark a reading the document does not settle, in a figure's note
ASSUMPTION_MARKERS = ("hypothèse", "lu comme", "lue comme", "lus comme")
NUMBER_WORDS = {2: "deux", 3: "trois", 4: "quatre"}


def _figure(figures: pd.DataFrame, indicator: str, breakdown: str) -> float:
    """Value of a figure of the record (computed by the steps, never here)."""
    rows = figures[(figures["indicator"] == indicator) & (figures["breakdown"] == breakdown)]
    return rows["value"].iloc[0] if not rows.empty else float("nan")


def intro_markdown(section: Result) -> str:
    """Population used, the files dropped, what the data hold and the page's readings."""
    text = report.population_sentence(section.population)
    for name, key in (("production d'électricité (Enedis)", "production_file"),
                      ("consommation d'électricité et de gaz", "consumption_file")):
        file = section.values.get(key)
        if file is not None:
            span = sorted({min(file.years), max(file.years)})
            text += f" Fichier de {name} déposé : {' à '.join(map(str, span))}."
    enedis = section.df_figures.query("indicator == 'enedis_production_mwh' and "
                                      "breakdown == 'enedis'")["note"]
    if not enedis.empty and enedis.iloc[0].startswith("minorant"):  # an extract: its cover
        text += f" Production Enedis : {enedis.iloc[0]}."
    text += heat_text.intro_sentence(section)
    text += "\n\n" + report.counts_sentence(section.df_figures)
    found = assumptions_markdown(section)
    return text + ("\n\n" + found if found else "")


def assumptions(section: Result) -> list[str]:
    """Every reading the page makes that the documents do not settle, once each, as the
    figures' notes state it (a clause with « hypothèse » or « lu comme »)."""
    found: list[str] = []
    figures = section.df_figures
    # a target's own note transcribes the document; the figures computed from it carry the
    # reading the page makes
    figures = figures[~(figures["kind"].eq("observed")
                        & figures["indicator"].str.startswith("target_"))]
    for note in figures["note"].fillna(""):
        for clause in note.split(" ; "):
            clause = clause.strip()
            if any(m in clause.lower() for m in ASSUMPTION_MARKERS) and clause not in found:
                found.append(clause)
    return found


def assumptions_markdown(section: Result) -> str:
    """The readings of the page, listed where the reader starts (each figure's note repeats
    the one it depends on)."""
    found = assumptions(section)
    if not found:
        return ""
    items = "\n".join(f"- {a[0].upper()}{a[1:]}" for a in found)
    return ("**Hypothèses de lecture.** Les documents ne tranchent pas les points suivants ; "
            "les chiffres qui en dépendent le disent dans leur remarque :\n\n" + items)


def _implied_power(r) -> str:
    kind = ("productible **prévu** d'une installation en projet" if r.reference_expected
            else "productible d'une installation en service")
    text = (f"la puissance crête n'est pas publiée ; au {kind} ({r.reference}, "
            f"{r.reference_territory}), la production annoncée demanderait environ "
            f"**{fr_value(r.implied_peak_kwc / 1000, 'MWc', 1)}**")
    if r.implied_wc_per_panel == r.implied_wc_per_panel:
        text += f", soit {fr_number(r.implied_wc_per_panel)} Wc par panneau"
    return text + (" : ordre de grandeur déduit d'une autre installation, à confirmer "
                   "auprès de l'exploitant")


def yields_markdown(section: Result) -> str:
    """One line per plant: what its yields are, measured or expected."""
    lines = []
    for r in section.frames["yields"].itertuples():
        parts = []
        if r.expected:
            parts.append("production **attendue** (le document l'annonce : installation prévue "
                         "ou qui « produira »), pas une production mesurée ; les rapports "
                         "ci-dessous sont donc prévus")
        if r.kwh_per_kwc == r.kwh_per_kwc:
            parts.append(f"**{fr_number(r.kwh_per_kwc)} kWh par kWc** et par an "
                         f"(productible spécifique{' prévu' if r.expected else ''})")
        if r.wc_per_m2 == r.wc_per_m2:
            parts.append(f"{fr_number(r.wc_per_m2)} Wc par m² de panneau")
        if r.kwh_per_panel == r.kwh_per_panel:
            parts.append(f"**{fr_number(r.kwh_per_panel)} kWh par panneau** et par an")
        if r.implied_peak_kwc == r.implied_peak_kwc:
            parts.append(_implied_power(r))
        lines.append(f"- **{r.label}** : " + " ; ".join(parts) + ".")
    return "\n".join(lines)


def _own_equivalence(r) -> str:
    bound = "au plus " if r.upper_bound else ""
    what = ("Le document écrit « consommation d'électricité » : c'est une consommation "
            "d'électricité par habitant." if r.electricity_stated else
            "Le document écrit « consommation annuelle » sans dire de quelle énergie ; "
            "**hypothèse** retenue ci-dessous : une consommation d'électricité par "
            "habitant (une consommation de toutes énergies serait bien plus élevée).")
    return (f"- **{r.what}** : « l'équivalent de {fr_number(r.stated)} habitants » suppose "
            f"{bound}**{fr_value(r.kwh_per_inhabitant, 'kWh/hab/an')}**, soit "
            f"{fr_number(r.kwh_per_inhabitant / 1000, 2)} MWh par habitant et par an"
            + (", d'une production **attendue**, non mesurée" if r.expected else "")
            + f". {what}" + (
                " Le document donne une puissance, pas une production : le chiffre est le "
                "maximum, à pleine puissance toute l'année." if r.upper_bound else ""))


def _comparison(r, o, figures: pd.DataFrame) -> str | None:
    """The section's equivalence ``r`` against another document's ``o``."""
    gap = fr_percent(_figure(figures, "equivalence_gap_pct", o.site), 0)
    caveat = ("" if r.electricity_stated or not o.electricity_stated else
              f" (si l'équivalence de {r.what} est bien une consommation "
              f"d'électricité, ce que son document ne dit pas)")
    if o.upper_bound and not r.upper_bound and r.low > o.high:
        return (f"- L'équivalence de {o.what} ({o.territory}) suppose au plus "
                f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} d'électricité : celle de "
                f"{r.what} est au-dessus de ce maximum, même aux arrondis près ; les deux "
                f"documents ne retiennent pas la même consommation par habitant{caveat} "
                f"(écart d'au moins {gap}).")
    if o.upper_bound and not r.upper_bound:
        return (f"- L'équivalence de {o.what} ({o.territory}) suppose au plus "
                f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} (entre "
                f"{fr_number(o.low)} et {fr_number(o.high)} aux arrondis près) : les deux "
                f"documents retiennent une consommation par habitant du même ordre "
                f"seulement si cette installation tourne à pleine puissance toute "
                f"l'année ; sinon celle de {r.what} est plus élevée{caveat}.")
    if not o.upper_bound:
        return (f"- L'équivalence de {o.what} ({o.territory}) suppose "
                f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} (écart de {gap}).")
    return None


def _verdict(r, ceiling) -> str:
    if r.low > 1000 * ceiling.high:
        return ("au-dessus, même aux arrondis près : sous ces hypothèses, l'électricité d'un "
                "habitant dépasserait toute la consommation non fossile du territoire, si bien "
                "que cette lecture et l'équivalence ne peuvent pas être vraies ensemble ; une "
                "des hypothèses (ou un des deux chiffres) ne tient pas")
    if r.high < 1000 * ceiling.low:
        return "en dessous : sous ces hypothèses, la lecture est compatible avec l'équivalence"
    return "du même ordre, aux arrondis près : pas de conclusion"


def _against_readings(r, section: Result) -> list[str]:
    """The section's equivalence against the non-fossil ceilings of the plan's readings."""
    figures, readings = section.df_figures, section.frames["readings"]
    ceilings = figures[figures["indicator"] == "implied_non_fossil_per_inhabitant_mwh"]
    lines = []
    if not ceilings.empty and not readings.empty:
        assumed = ["la part du gaz et du fioul du Valenciennois entier (CAVM + CAPH) vaut "
                   "pour ce territoire",
                   f"la part renouvelable non datée est celle de "
                   f"{int(readings['share_year'].iloc[0])}",
                   "la production « à créer » est une production annuelle"]
        if not r.electricity_stated:
            assumed.append(f"l'équivalence de {r.what} est une consommation d'électricité")
        lines.append("- Confrontation avec les deux lectures du plan climat (section "
                     "suivante), **sous ces hypothèses** : " + " ; ".join(assumed) + ".")
    for c in ceilings.itertuples():
        lines.append(
            f"  - Lecture « {BREAKDOWNS[c.breakdown]} » : la consommation non fossile "
            f"(électricité comprise) serait au plus "
            f"{fr_value(1000 * c.value, 'kWh/hab/an')} ; l'équivalence de {r.what} est "
            f"{_verdict(r, c)}.")
    residential = figures[figures["indicator"] == "residential_electricity_per_inhabitant_kwh"]
    if not residential.empty:
        lines.append(
            f"- Fichier de consommation déposé ({residential['period'].iloc[0]}) : "
            f"l'électricité résidentielle du territoire est de "
            f"{fr_value(residential['value'].iloc[0], 'kWh/hab/an')} ; l'équivalence s'en "
            f"écarte de "
            f"{fr_percent(_figure(figures, 'equivalence_vs_residential_pct', r.site), 0)}.")
    return lines


def equivalences_markdown(section: Result) -> str:
    """What each equivalence means, and whether the documents agree with one another."""
    df, figures = section.frames["equivalences"], section.df_figures
    own = df[df["own"]]
    lines = [_own_equivalence(r) for r in own.itertuples()]
    for r in own.itertuples():
        lines += [line for line in (_comparison(r, o, figures)
                                    for o in df[~df["own"]].itertuples()) if line]
        lines += _against_readings(r, section)
    for r in figures[figures["indicator"] == "equivalence_t_co2_per_car"].itertuples():
        lines.append(
            f"- **{BREAKDOWNS.get(r.breakdown, r.breakdown)}** (projet en travaux) : « "
            f"l'équivalent de N voitures en moins » rapporté à la réduction attendue du projet "
            f"suppose **{fr_value(r.value, r.unit, 2)}** ; le document ne publie pas cette "
            f"hypothèse.")
    return "\n".join(lines)


def _reading_line(r, section: Result) -> str:
    figures = section.df_figures
    method = figures[(figures["indicator"] == "implied_consumption_gwh")
                     & (figures["breakdown"] == r.reading)]["method"].iloc[0]
    text = (f"- **{r.label}** : {method} = **{fr_value(r.consumption_gwh, 'GWh')}** par "
            f"an, soit **{fr_value(r.per_inhabitant_mwh, 'MWh/hab', 1)}** par an ; "
            f"production renouvelable de {r.share_year} "
            f"{fr_value(r.renewables_now_gwh, 'GWh')}, en {r.target_year} "
            f"{fr_value(r.renewables_target_gwh, 'GWh')}")
    if r.reading == "reduced":
        text += f" pour une consommation ramenée à {fr_value(r.consumption_target_gwh, 'GWh')}"
    fossils = figures[figures["indicator"] == "fossil_share_pct"]
    if r.non_fossil_per_inhabitant_mwh == r.non_fossil_per_inhabitant_mwh:
        text += (f" ; si la part du gaz et du fioul du Valenciennois entier (près de "
                 f"{fr_percent(fossils['value'].iloc[0], 0)}, CAVM + CAPH : "
                 f"{fossils['source'].iloc[0]}) valait pour ce territoire (**hypothèse**), il "
                 f"resterait au plus {fr_value(r.non_fossil_per_inhabitant_mwh, 'MWh/hab', 1)} "
                 f"d'énergie non fossile (électricité comprise)")
    return text + "."


def readings_markdown(section: Result) -> str:
    """The two sentences of the plan (as the document prints them), the readings they need,
    the consumption each reading gives, and how far apart the readings are."""
    df, figures = section.frames["readings"], section.df_figures
    first = df.iloc[0]
    share = figures[figures["indicator"] == "renewable_share_pct"].iloc[0]
    quotes = (f"« {first['share_quote']} » et « {first['goal_quote']} » ({first['goal_source']})"
              if first["share_source"] == first["goal_source"] else
              f"« {first['share_quote']} » ({first['share_source']}) et « {first['goal_quote']} » "
              f"({first['goal_source']})")
    lines = [
        f"Le document écrit {quotes}. Ces deux phrases fixent la consommation d'énergie du "
        f"territoire, que le document ne publie pas, à condition de les lire ainsi "
        f"(**hypothèses de lecture**, le document ne les tranche pas) :",
        f"- {first['added_note'].removeprefix('hypothèse : ')} ;",
        f"- {first['share_note'].removeprefix('hypothèse : ')}." if first["share_note"] else
        f"- la part de {fr_percent(share['value'], 0)} est celle de {first['share_year']}.",
        f"\nCalcul (C : consommation de {first['share_year']}) :"]
    lines += [_reading_line(r, section) for r in df.itertuples()]
    if len(df) == 2:
        ratio = _figure(figures, "implied_consumption_readings_ratio", "")
        lines.append(
            f"\nLes deux lectures diffèrent d'un facteur {fr_number(ratio, 1)} : la phrase du "
            f"document ne suffit pas à connaître la consommation du territoire. Ce sont des "
            f"chiffres **déduits**, non publiés ; le fichier de consommation de l'Agence ORE, "
            f"une fois déposé, donne la consommation d'électricité et de gaz mesurée.")
    equivalences = section.frames["equivalences"]
    if equivalences[~equivalences["upper_bound"]].empty:
        lines.append(
            "\nAucune équivalence « N habitants » publiée dans les documents connus à cette "
            "date ne donne une électricité par habitant qui permette de trancher entre les "
            "deux lectures.")
    else:
        lines.append("\nLa section « Équivalences publiées, vérifiées » confronte les deux "
                     "lectures à l'électricité par habitant que supposent les équivalences.")
    return "\n".join(lines)


def _variant(r) -> str:
    """« −30 % depuis 2012 »: one printing of a target, for a list of printings."""
    text = fr_value(r.target, r.unit, target_decimals(r.target))
    return text + (f" depuis {int(r.base_year)}" if r.base_year == r.base_year
                   and r.base_year is not None else "")


def printed_twice(shared: pd.DataFrame) -> tuple[list[str], int]:
    """« consommation d'énergies fossiles : -30 % depuis 2012 ou -40 % depuis 2013, en 2030 »:
    each quoted target printed more than once with different values, one item each; and the
    most printings of one target."""
    items, most = [], 0
    for (_, indicator), same in shared.groupby(["scope", "indicator"], sort=False):
        printed = same.drop_duplicates(["target", "base_year", "target_year"])
        if len(printed) < 2:
            continue
        most = max(most, len(printed))
        years = {int(y) for y in printed["target_year"] if y == y and y is not None}
        when = f", en {years.pop()}" if len(years) == 1 else ""
        items.append(f"{label_of(indicator).lower()} : "
                     + " ou ".join(_variant(r) for r in printed.itertuples()) + when)
    return items, most


def _shared_sentence(shared: pd.DataFrame, territory: str) -> str:
    """Whose document quotes the national and regional targets, that they are context, and,
    on the pages of that document's territories only, its printing them twice."""
    mine = shared[shared["own_document"]]
    others = sorted({t for ts in shared.loc[~shared["own_document"], "document_territories"]
                     for t in ts.split(";") if t})
    whose = "un document du territoire" if not others else (
        ("un document d'un autre territoire" if mine.empty else
         "des documents du territoire et d'autres territoires") + f" ({', '.join(others)})")
    text = (f" Les objectifs **nationaux** et **régionaux** sont ceux que cite {whose}, "
            f"nommé dans la source de chaque ligne : ils sont rappelés ici comme contexte, ce "
            f"ne sont pas des objectifs adoptés par {territory} ; le rythme calculé pour eux "
            f"dit ce que ferait {territory} s'il suivait {SHARED_KINDS['FR']} ou "
            f"{SHARED_KINDS['HDF']} (**hypothèse**).")
    twice, most = printed_twice(mine)
    if twice:  # the document's own lists, on its own territories' pages only
        word = NUMBER_WORDS.get(most, str(most))
        return text + (f" Ce document en donne **{word} listes différentes** ("
                       + " ; ".join(twice) + f") : les {word} sont gardées, chacune avec sa "
                       "ligne.")
    if printed_twice(shared)[0]:
        text += (" Quand un même objectif est cité plusieurs fois avec des valeurs différentes, "
                 "chaque valeur est gardée, avec sa ligne.")
    return text


def targets_markdown(section: Result) -> str:
    """What the targets of the page are, whose they are, and how their pace is computed."""
    territory, trajectories = section.territory, section.frames["trajectories"]
    shared = trajectories[trajectories["scope"].isin(SHARED_SCOPES)]
    own = trajectories[trajectories["scope"] == "territorial"]
    others = trajectories[trajectories["scope"].isin(["contrat", "projet"])]
    text = ("Chaque objectif tel que le document l'imprime, avec le rythme annuel qu'il "
            "demande entre son année de référence et son échéance : en points de l'indice 100 "
            "de l'année de référence (droite) et en taux annuel constant.")
    if not own.empty:
        plans = ", ".join(sorted(set(own["framework"])))
        text += (f" Les objectifs du **plan de {territory}** ({plans}) sont ceux que le "
                 f"territoire s'est fixés.")
    else:
        text += (f" Aucun document connu à cette date ne donne d'objectif chiffré du plan "
                 f"climat (PCAET) ou du projet de territoire de {territory}.")
    if not others.empty:
        text += (" Les objectifs d'un **contrat** (obligations d'un délégataire) ou d'un "
                 "**projet** (effet attendu) ne sont pas des objectifs du territoire.")
    if not shared.empty:
        text += _shared_sentence(shared, territory)
    return text + (" Sans année de référence publiée, le calcul part de l'année du document "
                   "(pointillés), ce qui est dit dans la table.")


def files_markdown(section: Result) -> str:
    """What was read in each dropped file, and how its rows were matched to the communes."""
    lines = []
    for name, key in (("production Enedis", "production_file"),
                      ("consommation", "consumption_file")):
        file = section.values.get(key)
        if file is None:
            continue
        lines.append(
            f"- Fichier de {name} : {fr_number(file.rows_read)} lignes lues, "
            f"{fr_number(file.rows_kept)} pour les communes des quatre agglomérations, "
            f"rattachées par leur code commune au périmètre actuel ; "
            f"{fr_count(file.former_epci_rows, 'ligne')} de nos communes portent un autre "
            f"code EPCI (intercommunalité de l'époque), "
            f"{fr_count(file.unknown_commune_rows, 'ligne')} d'une "
            f"commune inconnue du référentiel sous le code d'une de nos agglomérations "
            f"(commune fusionnée depuis : non comptée) ; "
            + ("domaines de tension : " if file.kind == "production" else "opérateurs : ")
            + ", ".join(file.details) + ".")
    return "\n".join(lines)


CONSUMPTION_CAPTION = "Consommation {} par énergie et par secteur :"  # the latest year
NO_PLANTS = ("Les documents de ce territoire ne donnent, pour cette année, aucune installation "
             "avec sa production et sa puissance, ses panneaux ou sa surface : pas de "
             "productible calculable.")
NO_OTHER_PLANTS = "Aucune autre installation de production n'est chiffrée."
NO_EQUIVALENCES = ("Les documents de ce territoire ne donnent pas d'équivalence (« la "
                   "consommation de N habitants », « N voitures ») pour cette année.")
NO_READINGS = ("Les documents de ce territoire ne donnent pas à la fois une part d'énergies "
               "renouvelables, son objectif et la production à créer : la consommation qu'ils "
               "supposent ne peut pas être déduite.")
NO_TARGETS = ("Aucun objectif chiffré ne s'applique à ce territoire dans les documents connus "
              "à cette date.")
NO_PROJECTS = ("Aucun projet de production chiffré n'est publié pour ce territoire et cette "
               "année.")
NO_BUILDINGS = ("Aucun chiffre sur les bâtiments publics n'est publié pour ce territoire et "
                "cette année.")
NO_FUNDING = ("Aucun contrat ni financement chiffré n'est publié pour ce territoire et cette "
              "année.")
NO_FILES = ("Aucun fichier de production (Enedis) ni de consommation (Agence ORE) n'est "
            "disponible pour cette année : la production et la consommation mesurées du "
            "territoire ne peuvent pas être données (la page de méthode dit comment les "
            "ajouter).")
NO_OTHER = "Aucun autre chiffre n'est publié pour ce territoire et cette année."
RECALLED_NOTES = ("Un objectif national ou régional que cite le document d'un autre territoire "
                  "n'a ici pour remarque que son statut de rappel de contexte ; le tableau à "
                  "télécharger garde aussi les remarques de transcription de ce document.")
