"""Every French sentence of the mobility page that depends on the data, in one place.

Each function takes the page's :class:`~analysis.sections.base.Result` and returns Markdown;
:mod:`.display` shows them. Sentences that do not depend on the data (empty sections, the
lines that introduce a table) are the constants at the end.
"""

from __future__ import annotations

from analysis.core.fmt import fr_count, fr_number, fr_percent, fr_points, fr_value
from analysis.display import text as report
from analysis.sections.base import Result
from analysis.sections.mobility.model import MIN_COMMISSIONING_YEAR, is_derived


def fr_date(iso: str) -> str:
    """« 2025-10-25 » → « 25/10/2025 »."""
    year, month, day = iso.split("-")
    return f"{day}/{month}/{year}"


def intro_markdown(section: Result) -> str:
    """Population used, the national file read if any (a derivative: what it dropped; a
    derivative set aside for the consolidated file), and what the data hold."""
    text = report.population_sentence(section.population)
    irve, values = section.values["irve"], section.values
    if irve is not None and is_derived(irve):
        text += (f" Bornes de recharge : fichier **dérivé** du fichier national consolidé "
                 f"(IRVE), instantané du {fr_date(irve.snapshot)} "
                 f"({values['irve_derivation'] or 'lignes retirées non précisées'}) : ses "
                 f"chiffres sont des minimums (« au moins N points »).")
    elif irve is not None:
        text += (f" Bornes de recharge : fichier national consolidé (IRVE), instantané du "
                 f"{irve.snapshot}.")
    if irve is not None and values.get("irve_set_aside"):
        text += (f" Un fichier dérivé de la même année ({values['irve_set_aside']}) est "
                 f"déposé aussi : le fichier consolidé officiel passe avant lui, les deux ne "
                 f"sont jamais additionnés.")
    return text + "\n\n" + report.counts_sentence(section.df_figures)


def missing_markdown(section: Result) -> str:
    """What a complete section would show and the documents do not give."""
    return report.missing_markdown(section.missing)


# --- cycle routes ---------------------------------------------------------------------------


def network_markdown(section: Result) -> str:
    """One line per route: built, still to build, the share built, the paces, the years
    left."""
    lines = []
    for r in section.frames["network"].itertuples():
        line = (f"- **{r.label}** : {fr_value(r.built_km, 'km')} aménagés, "
                f"{fr_value(r.to_build_km, 'km')} restant à aménager ou programmés")
        if r.built_share_pct == r.built_share_pct:
            line += f" ({fr_percent(r.built_share_pct, 0)} de l'itinéraire aménagé)"
        if r.observed_pace_km_per_year == r.observed_pace_km_per_year:
            line += (f" ; rythme observé {fr_value(r.observed_pace_km_per_year, 'km/an', 1)} "
                     f"({r.observed_period})")
        if r.required_pace_km_per_year == r.required_pace_km_per_year:
            line += (f" ; pour finir d'ici {int(r.target_year)} (échéance de l'objectif : voir "
                     f"sa note dans « Plans, budgets et objectifs chiffrés »), il faut "
                     f"**{fr_value(r.required_pace_km_per_year, 'km/an', 1)}**")
        if r.years_to_finish == r.years_to_finish:
            line += (f" ; au rythme observé, il reste environ "
                     f"{fr_count(r.years_to_finish, 'an', decimals=1)} de travaux")
        lines.append(line + ".")
    return "\n".join(lines)


# --- charging points ------------------------------------------------------------------------


def charging_used(section: Result) -> str:
    """« 37 bornes en service (2021, source) »: the count the section uses, or ""."""
    chosen = section.values["charging_used"]
    if chosen is None:
        return ""
    if chosen["origin"] == "irve_derived":
        return (f"au moins {fr_number(chosen['count'])} points de recharge en service "
                f"({chosen['date']}, fichier dérivé : {chosen['source']})")
    return f"{fr_number(chosen['count'])} bornes en service ({chosen['date']}, {chosen['source']})"


def charging_choice_markdown(section: Result) -> str:
    """Which count the section uses and why, or that no stock in service is known."""
    used = charging_used(section)
    if not used:
        return NO_STOCK
    return (f"La section retient **{used}** : le parc en service le plus "
            f"récent connu à cette date ; le fichier national IRVE, compté point par point, "
            f"passe avant un document de même année. Les bornes installées sur une période "
            f"sont des ajouts, pas un parc : elles sont listées mais ne servent pas au ratio "
            f"par habitant. Les bornes en cours de déploiement ne sont comptées ni comme "
            f"installées ni dans le parc en service."
            + (DERIVED_MINIMUM if section.values["charging_used"]["origin"] == "irve_derived"
               else ""))


def no_comparison(section: Result) -> str:
    return (f"Aucun document connu en {section.year} ne donne de bornes de recharge pour les "
            f"quatre agglomérations : la comparaison n'est pas possible. Le fichier national "
            f"IRVE, une fois déposé, la fournit pour toutes.")


def irve_quality_markdown(section: Result) -> str:
    """What the national file held and what reading it fixed; then what stays doubtful."""
    irve = section.values["irve"]
    if is_derived(irve):
        text = _derived_quality(section)
    else:
        text = (
            f"Fichier national du {irve.snapshot} : {fr_number(irve.rows_read)} lignes lues "
            f"pour la France entière ; pour les quatre agglomérations, "
            f"{fr_number(len(irve.points))} points distincts après retrait de "
            f"{fr_count(irve.duplicates_removed, 'doublon')} (même identifiant de point, "
            f"version la plus récente gardée). Rattachés à leur commune par leurs coordonnées "
            f"(code INSEE absent ou erroné) : {fr_count(irve.located_by_coordinates, 'point')} ;"
            f" coordonnées inversées corrigées : {fr_count(irve.swapped_coordinates, 'point')} ;"
            f" puissances écrites en watts ramenées en kW : "
            f"{fr_count(irve.watts_converted, 'point')}."
        )
    return text + _doubtful(section)


def _derived_quality(section: Result) -> str:
    irve, here = section.values["irve"], section.values["irve_here"]
    return (
        f"Fichier dérivé du fichier consolidé du {fr_date(irve.snapshot)} : "
        f"{fr_number(irve.rows_read)} lignes pour la France entière, une par point de "
        f"recharge ; pour cette agglomération, **au moins {fr_number(here['points'])} points**, "
        f"chacun placé dans sa commune par ses coordonnées (contours simplifiés des communes : "
        f"un point à quelques centaines de mètres d'une limite peut changer de commune). Le "
        f"fichier n'a ni code commune ni identifiant : aucun doublon ne peut en être retiré. "
        f"Coordonnées inversées remises dans l'ordre : "
        f"{fr_count(irve.swapped_coordinates, 'point')}."
    )


def _doubtful(section: Result) -> str:
    """Points not counted (address here, coordinates elsewhere), points counted with an
    address in another département, points without a plausible commissioning date."""
    here, lines = section.values["irve_here"], []
    for r in here["unplaced"].itertuples():
        lines.append(f"- non compté : « {r.station_name} », {r.address} — coordonnées "
                     f"({fr_number(r.lat, 6)} ; {fr_number(r.lon, 6)}) hors de l'agglomération")
    for r in here["address_elsewhere"].itertuples():
        lines.append(f"- compté à {r.commune_name} par ses coordonnées, mais "
                     f"adresse dans un autre département : « {r.station_name} », {r.address}")
    undated, implausible = here["unknown_dates"]
    text = (f" {fr_count(undated + implausible, 'point')} sans date de mise en service "
            f"exploitable ({undated} sans date, {implausible} avec une date avant "
            f"{MIN_COMMISSIONING_YEAR} ou après l'instantané) : comptés dans le total, à part "
            f"dans la série par année.")
    if lines:
        text += ("\n\nPoints douteux (les coordonnées décident ; l'adresse ne sert qu'à "
                 "repérer ces cas) :\n\n" + "\n".join(lines))
    return text


def comparison_markdown(section: Result) -> str:
    """How far the agglomerations' counts compare: same file or different dates."""
    origins = set(section.frames["comparison"]["origin"]) - {""}
    if origins == {"irve_derived"}:
        return ("Chaque agglomération avec les points de recharge du même fichier dérivé, à la "
                "même date, rapportés à sa population : des minimums (« au moins »), tirés du "
                "même fichier par la même méthode, donc comparables entre eux.")
    if origins == {"irve_file"}:
        return ("Chaque agglomération avec les points de recharge du même fichier national, à "
                "la même date, rapportés à sa population.")
    return COMPARISON


READINGS = {
    "other_date": ("non comparable par définition : un parc à la date du document face à "
                   "l'instantané du fichier (les points retirés depuis n'y sont plus ; « borne » "
                   "peut désigner une station). Pour mémoire, le fichier compte encore "
                   "{file_points} mis en service jusqu'en {year}, et {undated} sans "
                   "date exploitable"),
    "subset_confirmed": ("compatible : le fichier compte au moins autant de points mis en "
                         "service en {year} dans l'agglomération ({file_count}, tous "
                         "aménageurs confondus) ; les bornes du document peuvent en faire "
                         "partie, rien ne dit lesquelles"),
    "subset_possible": ("compatible seulement si des points sans date exploitable en font "
                        "partie : le fichier compte {file_points} mis en service en "
                        "{year}, et {undated} sans date exploitable"),
    "subset_short": ("le fichier compte moins de points mis en service en {year} "
                     "({file_count}, plus {undated} sans date exploitable) que le document "
                     "n'en dit installés : bornes retirées depuis, ou « bornes » qui ne sont "
                     "pas des points de recharge ; à vérifier"),
    "not_confirmed": ("non comparable : le document ne dit pas leur mise en service ; pour "
                      "mémoire, le fichier compte {file_points} mis en service en "
                      "{year}"),
    "plan": ("un projet, pas un parc : non comparable ; pour mémoire, le fichier compte "
             "{file_points} à l'instantané"),
}


def reading_markdown(section: Result) -> str:
    """Each document's charging-point count beside what the file holds (never audited)."""
    lines = [f"- **{fr_number(r.count)} bornes — {r.kind_label}** ({r.date} ; {r.source}) : "
             + READINGS[r.verdict].format(file_count=fr_number(r.file_count),
                                          file_points=fr_count(r.file_count, "point"),
                                          undated=fr_number(r.undated), year=r.count_year)
             + "." for r in section.frames["file_reading"].itertuples()]
    return READING_INTRO + "\n\n" + "\n".join(lines)


# --- modal shares, targets ------------------------------------------------------------------


def modal_lines(section: Result) -> list[str]:
    """One paragraph per mode: its share, and its target, gap and pace if any."""
    lines = []
    for r in section.frames["modal"].itertuples():
        text = f"- **{r.mode}** : {fr_percent(r.share_pct, 0)} des déplacements ({r.period})"
        if r.target_pct == r.target_pct:
            text += (f" ; objectif {fr_percent(r.target_pct, 0)} "
                     f"{'en ' + str(r.target_year) if r.target_year else ''}, écart "
                     f"{fr_number(r.gap_pts, 1)} points")
            if r.required_pts_per_year == r.required_pts_per_year:
                text += f", soit {fr_points(r.required_pts_per_year, 2)} par an"
        else:
            text += " ; aucun objectif de part modale n'est publié dans les documents"
        lines.append(text + f". *{r.source}.* {r.note}")
    return lines


def targets_markdown(section: Result) -> str:
    """One line per target or plan: as printed, its yearly average over its years, its
    amount per inhabitant, the source and the note."""
    lines = []
    for t in section.frames["targets"].itertuples():
        line = (f"- **{t.what}** — {t.kind} {fr_value(t.target, t.unit)} ({t.period} ; "
                f"{t.framework})")
        if t.per_year == t.per_year and t.kind != "par an":
            # an even spread over the years, not a yearly amount the document gives; the unit
            # says « par an » (« 6 km/an », « 3 par an »): never added twice
            line += (f", soit en moyenne {fr_value(t.per_year, f'{t.unit}/an')} sur "
                     f"{t.per_year_period}")
            remarks = [fr_value(t.per_inhabitant_per_year, 'EUR/hab/an', 2)] \
                if t.per_inhabitant_per_year == t.per_inhabitant_per_year else []
            remarks += [t.per_year_note] if t.per_year_note else []
            if remarks:
                line += f" ({' ; '.join(remarks)})"
        line += f". *{t.source}.*"
        if t.note:
            line += f" {t.note}"
        lines.append(line)
    return "\n".join(lines)


NO_NETWORK = ("Les documents de ce territoire ne donnent pas de kilomètres d'itinéraires "
              "cyclables aménagés ou programmés pour cette année.")
NO_CYCLING = "Aucun autre chiffre sur le vélo n'est publié pour ce territoire et cette année."
NO_CHARGING = ("Aucun document ni fichier national ne donne de bornes de recharge pour ce "
               "territoire à cette date.")
NO_STOCK = ("Aucun parc de bornes en service n'est connu pour ce territoire à cette date : les "
            "chiffres ci-dessous sont des installations, des déploiements en cours ou des "
            "projets.")
CHARGING_SOURCES = "Les chiffres de bornes des différentes sources, avec leur date :"
COMPARISON = ("Chaque agglomération avec son dernier chiffre connu à cette date, rapporté à la "
              "population du millésime le plus proche de la date du chiffre. Les dates "
              "diffèrent : la comparaison est indicative tant que le fichier national n'est pas "
              "déposé.")
NO_IRVE = ("Aucun fichier national des bornes de recharge (IRVE) de cette année ou d'une "
           "année antérieure n'est déposé : les chiffres de bornes sont ceux des documents. "
           "Avec ce fichier, les points de recharge seraient comptés commune par commune, par "
           "puissance et par année de mise en service (la page de méthode dit comment "
           "l'ajouter).")
PER_COMMUNE = "Points de recharge par commune :"
DERIVED_MINIMUM = (" Le chiffre retenu est un minimum : le fichier dérivé a retiré des lignes du "
                   "fichier consolidé.")
READING_INTRO = ("Les chiffres de bornes des documents face au fichier. Aucun n'est audité "
                 "contre lui : un parc à une autre date, des bornes d'un seul aménageur ou un "
                 "projet ne sont pas le même chiffre que les points du fichier (voir la "
                 "méthodologie) ; la lecture dit ce qui est comparable.")
NO_OPERATORS = ("Le fichier consolidé tel que le chargeur le lit ne garde pas l'opérateur des "
                "points : pas de répartition par opérateur.")
NO_MODAL = "Les documents de ce territoire ne publient pas de part modale pour cette année."
NO_TRANSIT = ("Aucun chiffre sur les transports collectifs n'est publié pour ce territoire et "
              "cette année.")
NO_FLEET = ("Aucun chiffre sur la flotte de véhicules n'est publié pour ce territoire et cette "
            "année.")
NO_TARGETS = ("Aucun objectif ni plan chiffré n'est publié pour ce territoire dans les "
              "documents disponibles.")
NO_OTHER = "Aucun autre chiffre n'est publié pour ce territoire et cette année."
