"""Every French sentence of the housing page that depends on the data, in one place.

Each function takes the page's :class:`~analysis.sections.base.Result` (or one of its rows)
and returns Markdown; :mod:`.display` shows them. Sentences that do not depend on the data
(empty sections) are the constants at the end.
"""

from __future__ import annotations

from analysis.core.fmt import (
    commune_names,
    fr_count,
    fr_number,
    fr_percent,
    fr_signed_percent,
    fr_value,
    gap_text,
    printed_decimals,
)
from analysis.display import text as report
from analysis.sections.base import Result


def intro_markdown(section: Result) -> str:
    """Population, census vintage, the official files' years and what the data hold."""
    vintage, lovac_year = section.values["census_vintage"], section.values["lovac_year"]
    text = (
        report.population_sentence(section.population) + f" Parc de logements : **recensement "
        f"{vintage}** de l'INSEE ({section.values['census_source']}), le millésime le "
        f"plus récent qui ne dépasse pas l'année {section.year}"
    )
    if vintage > section.year:
        text += " — faute de millésime antérieur, un recensement postérieur à l'année du rapport"
    text += "." + census_absent_sentence(section) + "\n\n"
    files = []
    if lovac_year is not None:
        files.append(f"vacance du parc privé au 1er janvier {lovac_year} (LOVAC)")
    if section.values.get("filosofi_year") is not None:
        files.append(f"revenus {section.values['filosofi_year']} (Filosofi)")
    if section.values.get("rents_year") is not None:
        files.append(f"loyers d'annonce {section.values['rents_year']} (carte des loyers)")
    if files:
        text += (f"Fichiers nationaux par commune, données de {section.year} ou avant : "
                 f"{' ; '.join(files)}.\n\n")
    return text + report.counts_sentence(section.df_figures)


def census_absent_sentence(section: Result) -> str:
    """« 4 communes sur 39 n'ont pas de ligne dans ce recensement (…) : … », or "" when the
    census vintage has every commune of the territory."""
    absent = section.values["census_absent"]
    if absent.empty:
        return ""
    names = commune_names(absent)
    n, verb = len(section.frames["communes"]), "n'a" if len(absent) < 2 else "n'ont"
    return (f" **{fr_count(len(absent), 'commune')} sur {n} {verb} pas de ligne dans ce "
            f"recensement** "
            f"({names}) : il suit sa propre géographie communale, et une commune créée, rétablie "
            f"ou recodée depuis y est comptée dans une autre, que ces chiffres ne permettent "
            f"pas de désigner. Ses sommes sont donc des minorants, et ses taux ceux des "
            f"communes recensées.")


def communes_lead(section: Result) -> str:
    """The sentence before the table of the communes."""
    absent = len(section.values["census_absent"])
    return (f"Les {len(section.frames['communes'])} communes, de la plus forte à la plus faible "
            f"vacance (recensement {section.values['census_vintage']})"
            + (f" ; {fr_count(absent, 'commune')} sans ligne dans ce recensement en fin de "
               f"tableau" if absent else "") + " :")


def vacancy_markdown(section: Result) -> str:
    """The census's vacancy, and why the census and LOVAC figures need not coincide."""
    census = section.frames["vacancy"].iloc[0]
    absent = section.values["census_absent"]
    counted = len(section.frames["communes"]) - len(absent)
    return (
        f"Au recensement {section.values['census_vintage']}"
        + (f", sur les {counted} communes recensées" if len(absent) else "") + ", "
        f"**{fr_value(census['vacant'], 'count')}** "
        f"logements sont vacants sur {fr_value(census['census_dwellings'], 'count')}, soit "
        f"**{fr_percent(census['rate_on_census_pct'])}**. Définition INSEE : logement "
        f"inoccupé le jour du recensement (à vendre, à louer, en attente, sans affectation), "
        f"quel qu'en soit le motif ou la durée ; LOVAC (fichiers fiscaux) compte les "
        f"logements du parc privé vacants au 1er janvier, et distingue la vacance de plus de "
        f"deux ans. Les deux sources n'ont ni le même champ ni la même date : leurs chiffres "
        f"ne doivent pas coïncider.")


def target_value_text(t) -> str:
    """A target as written, with no more decimals than transcribed; a relative change with
    its sign (« doubler » → « +100 % »)."""
    decimals = int(t.decimals)
    if t.target_kind == "relative_change_pct":
        return fr_signed_percent(t.target, decimals)
    return fr_value(t.target, t.unit, decimals)


def targets_markdown(section: Result) -> str:
    """One line per target or envelope: as printed, the yearly pace it asks for, the observed
    pace and its share of the target's, the source and the note."""
    lines = []
    for t in section.frames["targets"].itertuples():
        target = target_value_text(t)
        kind = "cumulée" if t.noun == "Enveloppe" and t.kind == "cumulé" else t.kind
        line = (f"- **{t.what}** — {t.noun.lower()} {kind} {target} ({t.period} ; "
                f"{t.framework})")
        if t.required_per_year == t.required_per_year and t.kind != "par an":
            line += f", soit {fr_number(t.required_per_year)} par an"
        if t.observed_per_year == t.observed_per_year:
            line += (f" ; rythme observé {fr_number(t.observed_per_year)} par an "
                     f"({t.observed_period})")
            if t.pace_vs_target_pct == t.pace_vs_target_pct:
                line += f", **{fr_percent(t.pace_vs_target_pct, 0)}** du rythme de l'objectif"
        line += f". *{t.source}.*"
        if t.note:
            line += f" {t.note}"
        lines.append(line)
    return "\n".join(lines)


def missing_markdown(section: Result) -> str:
    """What a complete section would show and the documents do not give."""
    return report.missing_markdown(section.missing)


NO_VACANCY = ("Les documents de ce territoire ne publient pas de chiffre de vacance pour cette "
              "édition : seuls les fichiers nationaux en donnent (le recensement, et LOVAC "
              "quand un fichier couvre l'année).")
NO_TARGETS = ("Aucun objectif chiffré n'est publié pour ce territoire dans les documents "
              "disponibles.")
NO_PRODUCTION = ("Aucun objectif de production de logements n'est publié pour ce territoire et "
                 "cette année.")
NO_PRIVATE_STOCK = ("Aucun chiffre sur le parc privé n'est publié pour ce territoire et cette "
                    "année.")
NO_SOCIAL = "Aucun chiffre sur le parc social n'est publié pour ce territoire et cette année."
NO_PROGRAMMES = ("Aucun chiffre de programme de renouvellement urbain ou minier n'est publié "
                 "pour ce territoire et cette année.")
NO_OTHER = "Aucun autre chiffre n'est publié pour ce territoire et cette année."


# --- the official files by commune (LOVAC, Filosofi, rent map) --------------------------------


def _figure(section: Result, indicator: str, breakdown: str, period: str | None = None):
    df = section.df_figures.drop_duplicates("figure_id")
    rows = df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)]
    if period is not None:
        rows = rows[rows["period"] == period]
    return rows.iloc[0] if len(rows) else None


def _commune(row) -> str:
    """The commune a range figure names (its note starts « Denain (59172) ; … »)."""
    return str(row["note"]).split(" (")[0]


def no_lovac(section: Result) -> str:
    return (f"Aucun fichier LOVAC déposé ne donne la vacance au 1er janvier d'une année "
            f"antérieure ou égale à {section.year}.")


def private_vacancy_markdown(section: Result) -> str:
    """The latest LOVAC date in one sentence, then the rules the series follows."""
    series = section.frames["lovac_series"]
    latest = series.iloc[-1]
    period = f"01/01/{int(latest['year'])}"
    share = _figure(section, "vacancy_2y_plus_share_pct", "lovac_file", period)
    text = (
        f"Au 1er janvier {int(latest['year'])}, le fichier LOVAC (DGALN / CEREMA) compte "
        f"**{fr_value(latest['vacant_private'], 'count')}** logements vacants dans le parc "
        f"privé des communes qu'il publie, dont "
        f"**{fr_value(latest['vacant_2y_plus'], 'count')}** depuis deux ans ou plus"
        + (f" ({fr_percent(share['value'])})" if share is not None else "")
        + f" ; taux de vacance du parc privé **{fr_percent(latest['vacancy_rate_pct'])}**. "
        f"Les sommes ne comptent que les communes publiées : une commune listée sans valeur "
        f"(secret statistique) ou absente du fichier n'est pas comptée, la somme est alors un "
        f"minorant (colonnes « Communes comptées » et « Habitants couverts »), et le taux est "
        f"celui des communes comptées.\n\n"
        f"La vacance au 1er janvier 20AA est rapportée, comme le fait le fichier lui-même "
        f"(feuille « Description des données »), au parc privé de l'année suivante "
        f"(Fichiers fonciers 20AA+1). Chaque date n'est prise que dans un seul fichier : le "
        f"plus récent qui ne dépasse pas {section.year} ; une date que seuls des fichiers "
        f"postérieurs publient est prise dans le premier d'entre eux, qu'un fichier plus "
        f"récent ne remplace pas. Un chiffre présent dans deux fichiers n'est donc jamais "
        f"compté deux fois, et un nouveau fichier ajoute sa date sans changer les rapports "
        f"des années antérieures.")
    outside = section.values.get("lovac_outside")
    if outside is not None and not outside.empty:
        names = ", ".join(f"{r.commune_name} ({r.commune_code})" for r in outside.itertuples())
        text += (f"\n\nLe fichier rattache à l'EPCI {fr_count(len(outside), 'ligne')} de "
                 f"communes hors "
                 f"du périmètre retenu ({names}) : commune fusionnée ou autre géographie, "
                 f"elles ne sont pas comptées.")
    return text


def lovac_census_markdown(section: Result) -> str:
    """LOVAC beside the census, and why the two counts differ."""
    c = section.frames["lovac_census"]
    vintage, year = section.values["census_vintage"], section.values["lovac_year"]
    share = _figure(section, "lovac_vacant_share_of_census_pct", "", f"01/01/{year}")
    return (
        f"**Face au recensement {vintage}.** Sur les communes que LOVAC publie, le "
        f"recensement compte {fr_value(c['vacant'].iloc[1], 'count')} logements vacants et "
        f"LOVAC {fr_value(c['vacant'].iloc[2], 'count')} au 01/01/{year}, soit "
        f"{fr_percent(share['value'])} du chiffre du recensement. Les deux ne mesurent pas la "
        f"même chose : *champ* — LOVAC ne compte que le parc privé (hors bailleurs sociaux), "
        f"le recensement tous les logements ; *définition* — LOVAC retient la vacance des "
        f"fichiers fiscaux (taxe d'habitation) au 1er janvier, le recensement un logement "
        f"inoccupé le jour de l'enquête, quel qu'en soit le motif ; *date* — 1er janvier "
        f"{year} pour LOVAC, recensement {vintage} (enquêtes annuelles de {vintage - 2} à "
        f"{vintage + 2}) ; *périmètre* — les communes que LOVAC ne publie pas sont retirées "
        f"des deux côtés (le recensement compte "
        f"{fr_value(c['vacant'].iloc[0], 'count')} logements vacants sur toutes les "
        f"communes).")


def national_checks_markdown(section: Result) -> str:
    """The documents' vacancy figures set against the LOVAC file (``national_file``)."""
    df = section.df_figures
    rows = df[df["check"] == "national_file"]
    if rows.empty:
        return ""
    lines = [
        "**Face aux chiffres des documents.** Un chiffre de vacance qu'un document attribue à "
        "LOVAC est confronté au fichier publié. Le document ne dit pas toujours la date de "
        "son chiffre ni son champ : l'écart admis couvre la variation du fichier entre ses "
        "dates et les communes qu'il ne compte pas (leurs logements vacants au recensement) ; "
        "un écart qui le dépasse signale un autre champ ou une autre source (autre millésime, "
        "autre parc, autre périmètre), non une erreur de calcul."]
    for r in rows.itertuples():
        allowed = str(r.note).partition("écart admis à l'audit : ")[2].split(" du chiffre")[0]
        verdict = "conforme, dans" if r.status == "match" else (
            f"écart {gap_text(r.gap, r.gap_pct, r.unit, int(r.decimals))}, au-delà")
        printed = (printed_decimals(r.published_high - r.published_low)
                   if r.published_high > r.published_low else int(r.decimals))
        lines.append(
            f"- **{r.label}** au {r.period} : {fr_value(r.value, r.unit, int(r.decimals))} "
            f"dans le fichier, {fr_value(r.published_value, r.unit, printed)} dans le "
            f"document ({r.published_source}) : {verdict} de l'écart admis ({allowed}).")
    return "\n".join(lines)


def no_filosofi(section: Result) -> str:
    years = section.values.get("filosofi_years") or []
    if not years:
        return "Aucun fichier Filosofi n'est déposé : pas de revenus par commune."
    return (f"Le fichier Filosofi déposé (revenus {', '.join(map(str, years))}) ne sert "
            f"qu'aux rapports de {min(years)} et après : pas de revenus pour {section.year}.")


def incomes_markdown(section: Result) -> str:
    """The range of the communes' medians and poverty rates, and why no EPCI median."""
    year = section.values["filosofi_year"]
    low = _figure(section, "median_disposable_income_eur", "commune_min")
    high = _figure(section, "median_disposable_income_eur", "commune_max")
    if low is None:  # the file covers none of the communes (or keeps them all secret)
        return (f"Revenus {year} (INSEE, Filosofi) : le fichier ne publie le revenu médian "
                f"d'aucune commune de ce territoire ({section.values['filosofi_cover']}) : "
                f"pas de revenus ici. *Source : {section.values['filosofi_source']}.*")
    text = (f"Revenus {year} (INSEE, Filosofi) : le revenu disponible médian par unité de "
            f"consommation va de **{fr_value(low['value'], 'EUR')}** ({_commune(low)}) à "
            f"**{fr_value(high['value'], 'EUR')}** ({_commune(high)}) selon les communes "
            f"({str(low['note']).split(' ; ', 1)[1]})")
    poor_low = _figure(section, "poverty_rate_pct", "commune_min")
    if poor_low is not None:
        poor_high = _figure(section, "poverty_rate_pct", "commune_max")
        text += (f" ; le taux de pauvreté, de **{fr_percent(poor_low['value'])}** "
                 f"({_commune(poor_low)}) à **{fr_percent(poor_high['value'])}** "
                 f"({_commune(poor_high)}) — {str(poor_low['note']).split(' ; ', 1)[1]}")
    return text + (
        ". **Le revenu médian de l'agglomération ne peut pas être recalculé à partir de ceux "
        "de ses communes** : la médiane d'un ensemble n'est ni la moyenne ni la médiane des "
        "médianes de ses parties ; seul l'INSEE peut la calculer, sur les ménages eux-mêmes "
        "(son fichier par EPCI n'est pas déposé ici). Aucun taux de pauvreté de "
        "l'agglomération n'est non plus tiré des communes. "
        f"*Source : {section.values['filosofi_source']}.*")


def no_rents(section: Result) -> str:
    years = section.values.get("rents_years") or []
    if not years:
        return "Aucun fichier de la carte des loyers n'est déposé."
    return (f"La carte des loyers déposée ({', '.join(map(str, years))}) ne sert qu'aux "
            f"rapports de {min(years)} et après.")


def rents_markdown(section: Result) -> str:
    """The communes' predicted rents: ranges, weighted averages, what they are not."""
    parts = []
    for kind, name in (("flats", "appartements"), ("houses", "maisons")):
        low = _figure(section, "advertised_rent_eur_m2", f"{kind}_commune_min")
        if low is None:
            continue
        high = _figure(section, "advertised_rent_eur_m2", f"{kind}_commune_max")
        mean = _figure(section, "advertised_rent_eur_m2", f"{kind}_ads_weighted")
        parts.append(f"{name} de **{fr_number(low['value'], 2)}** à "
                     f"**{fr_number(high['value'], 2)} €** le m² selon les communes "
                     f"(moyenne pondérée par les annonces : {fr_number(mean['value'], 2)} €)")
    own = " ; ".join(f"{fr_count(n, 'commune')} sur {total} pour les {name}"
                    for kind, name in (("flats", "appartements"), ("houses", "maisons"))
                    if kind in section.values["rents_own_level"]
                    for n, total in [section.values["rents_own_level"][kind]])
    return (f"Loyers d'annonce {section.values['rents_year']} (carte des loyers, DHUP / ANIL),"
            f" prédits par m² et par mois pour chaque commune à partir des annonces : "
            f"{' ; '.join(parts)}. Une moyenne pondérée par le nombre d'annonces de chaque "
            f"commune est une moyenne de loyers prédits, non le loyer moyen de "
            f"l'agglomération. Une commune avec trop peu d'annonces reçoit la prédiction de sa "
            f"maille de communes ou de l'EPCI (colonne TYPPRED du fichier) ; prédiction propre "
            f"à la commune : {own}. Chaque prédiction a un intervalle (lwr.IPm2 – upr.IPm2), "
            f"qui vaut pour un logement, non pour une moyenne. *Sources : "
            f"{section.values['rents_source']}.*")
