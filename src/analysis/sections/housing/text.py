"""Every French sentence of the housing page that depends on the data, in one place.

Each function takes the page's :class:`~analysis.sections.base.Result` (or one of its rows)
and returns Markdown; :mod:`.display` shows them. Sentences that do not depend on the data
(empty sections) are the constants at the end.
"""

from __future__ import annotations

from analysis.core.fmt import fr_number, fr_percent, fr_signed_percent, fr_value
from analysis.display import text as report
from analysis.sections.base import Result


def intro_markdown(section: Result) -> str:
    """Population, census vintage, LOVAC vintage and what the data hold, in French."""
    vintage, lovac_vintage = section.values["census_vintage"], section.values["lovac_vintage"]
    text = (
        report.population_sentence(section.population) + f" Parc de logements : **recensement "
        f"{vintage}** de l'INSEE ({section.values['census_source']}), le millésime le "
        f"plus récent qui ne dépasse pas l'année {section.year}"
    )
    if vintage > section.year:
        text += " — faute de millésime antérieur, un recensement postérieur à l'année du rapport"
    text += ".\n\n"
    if lovac_vintage is not None:
        text += (f"Logements vacants du parc privé : fichier LOVAC au 1er janvier "
                 f"{lovac_vintage}.\n\n")
    return text + report.counts_sentence(section.df_figures)


def communes_lead(section: Result) -> str:
    """The sentence before the table of the communes."""
    return (f"Les {len(section.frames['communes'])} communes, de la plus forte à la plus faible "
            f"vacance (recensement {section.values['census_vintage']}) :")


def vacancy_markdown(section: Result) -> str:
    """The census's vacancy, and why the census and LOVAC figures need not coincide."""
    census = section.frames["vacancy"].iloc[0]
    return (
        f"Au recensement {section.values['census_vintage']}, "
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


NO_VACANCY = ("Les documents de ce territoire ne publient pas de chiffre de vacance : seul le "
              "recensement est disponible.")
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
