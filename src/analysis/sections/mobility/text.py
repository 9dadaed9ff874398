"""Every French sentence of the mobility page that depends on the data, in one place.

Each function takes the page's :class:`~analysis.sections.base.Result` and returns Markdown;
:mod:`.display` shows them. Sentences that do not depend on the data (empty sections, the
lines that introduce a table) are the constants at the end.
"""

from __future__ import annotations

from analysis.core.fmt import fr_number, fr_percent, fr_value
from analysis.display import text as report
from analysis.sections.base import Result


def intro_markdown(section: Result) -> str:
    """Population used, the national file read if any, and what the data hold."""
    text = report.population_sentence(section.population)
    irve = section.values["irve"]
    if irve is not None:
        text += (f" Bornes de recharge : fichier national consolidé (IRVE), instantané du "
                 f"{irve.snapshot}.")
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
                     f"{fr_number(r.years_to_finish, 1)} an(s) de travaux")
        lines.append(line + ".")
    return "\n".join(lines)


# --- charging points ------------------------------------------------------------------------


def charging_used(section: Result) -> str:
    """« 37 bornes en service (2021, source) »: the count the section uses, or ""."""
    chosen = section.values["charging_used"]
    if chosen is None:
        return ""
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
            f"installées ni dans le parc en service.")


def no_comparison(section: Result) -> str:
    return (f"Aucun document connu en {section.year} ne donne de bornes de recharge pour les "
            f"quatre agglomérations : la comparaison n'est pas possible. Le fichier national "
            f"IRVE, une fois déposé, la fournit pour toutes.")


def irve_quality_markdown(section: Result) -> str:
    """What the national file held and what reading it fixed."""
    irve = section.values["irve"]
    return (
        f"Fichier national du {irve.snapshot} : {fr_number(irve.rows_read)} lignes lues pour "
        f"la France entière ; pour les quatre agglomérations, {fr_number(len(irve.points))} "
        f"points distincts après retrait de {irve.duplicates_removed} doublon(s) (même "
        f"identifiant de point, version la plus récente gardée). "
        f"{irve.located_by_coordinates} point(s) rattaché(s) à leur commune par leurs "
        f"coordonnées (code INSEE absent ou erroné), {irve.swapped_coordinates} couple(s) de "
        f"coordonnées inversé(s) corrigé(s), {irve.watts_converted} puissance(s) écrite(s) en "
        f"watts ramenée(s) en kW."
    )


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
                text += f", soit {fr_number(r.required_pts_per_year, 2)} point(s) par an"
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
NO_IRVE = ("Aucun fichier national des bornes de recharge (IRVE) n'est déposé pour cette "
           "année : les chiffres de bornes sont ceux des documents. Pour compter les points "
           "de recharge commune par commune, par puissance et par année de mise en service, "
           "déposez le fichier consolidé dans `data/mobility/irve/` (voir le README).")
PER_COMMUNE = "Points de recharge par commune :"
NO_MODAL = "Les documents de ce territoire ne publient pas de part modale pour cette année."
NO_TRANSIT = ("Aucun chiffre sur les transports collectifs n'est publié pour ce territoire et "
              "cette année.")
NO_FLEET = ("Aucun chiffre sur la flotte de véhicules n'est publié pour ce territoire et cette "
            "année.")
NO_TARGETS = ("Aucun objectif ni plan chiffré n'est publié pour ce territoire dans les "
              "documents disponibles.")
NO_OTHER = "Aucun autre chiffre n'est publié pour ce territoire et cette année."
