"""The sentences of the peers page, in French: every data-dependent sentence is here."""

from __future__ import annotations

from analysis.core.fmt import commune_names, fr_count, fr_number, fr_value
from analysis.display.text import counts_sentence, population_sentence
from analysis.sections.base import Result

NO_VALUE = "sans valeur"


def no_data(label: str, territory: str, year: int, known: list[int]) -> str:
    """Why there is no page: the years that have one."""
    return (f"pas de données « {label} » pour {territory} en {year} (années disponibles : "
            f"{', '.join(map(str, known)) or 'aucune'})")


def intro_markdown(section: Result, name: str) -> str:
    """What the page holds and the rule of the peers, written out."""
    peers, region = section.frames["peers"], section.frames["region"]
    coverage = coverage_sentence(section.values.get("coverage_notes", {}),
                                 section.values.get("census_absent"))
    return (f"Chaque indicateur que les fichiers nationaux donnent pour tous les EPCI de France "
            f"situe l'agglomération ({name}) parmi ses pairs et dans sa région. Règle : "
            f"{section.values['rule']} ; soit {fr_count(len(peers), 'EPCI', 'EPCI')}. Sa région "
            f"({region['region_name'].iloc[0]}) compte {fr_count(len(region), 'EPCI', 'EPCI')}. "
            f"Les sommes et les taux de chaque EPCI sont faits de la même façon pour tous, "
            f"à partir des mêmes fichiers et de la même année : ils sont comparables entre "
            f"eux.{coverage} "
            f"{counts_sentence(section.df_figures)} {population_sentence(section.population)}")


def coverage_sentence(notes: dict[str, str], census_absent=None) -> str:
    """Why some of the agglomeration's values are marked (a space first), or "";
    ``census_absent``: its communes without census row, named."""
    said = set(notes.values())
    parts = []
    if any("recensement" in note for note in said):
        named = (f" ({commune_names(census_absent)})" if census_absent is not None
                 and len(census_absent) else "")
        parts.append(
            " Le recensement n'a pas de ligne pour une partie de ses communes" + named
            + " : le découpage communal du recensement est plus ancien que celui du "
            "référentiel. Ses taux "
            "du recensement sont ceux des communes présentes, et sa population, celle du "
            "recensement, est un minorant ; ses chiffres par habitant sont donc des "
            "majorants.")
    if any("LOVAC" in note for note in said):
        parts.append(" LOVAC ne publie pas certaines de ses communes (secret statistique) : "
                     "ses taux LOVAC sont ceux des communes publiées.")
    return "".join(parts)


def standing_sentence(r) -> str:
    """One indicator in a sentence: value, rank, medians."""
    if r.value != r.value:
        return f"**{r.label}** ({r.period}) : {NO_VALUE} pour l'agglomération."
    value = fr_value(r.value, r.unit, int(r.decimals))
    if getattr(r, "note", ""):
        value += f" ({r.note})"
    # the rank travels in a table that has NaN for an EPCI without a value: a float here
    rank = int(r.rank) if r.rank == r.rank and r.rank else None
    ranked = (f"{'1er' if rank == 1 else f'{rank}e'} sur {int(r.ranked)} pairs "
              f"(plus haut que {fr_number(r.percentile, 0)} % des autres)" if rank else "")
    france = fr_value(r.france_median, r.unit, int(r.decimals))
    return (f"**{r.label}** ({r.period}) : {value}, {ranked} ; médiane des pairs "
            f"{fr_value(r.peers_median, r.unit, int(r.decimals))}, de la région "
            f"{fr_value(r.region_median, r.unit, int(r.decimals))}, de la France (même nature "
            f"d'EPCI) {france}" + ("" if france.endswith(".") else "."))


def standing_markdown(section: Result) -> str:
    return "\n".join(f"- {standing_sentence(r)}"
                     for r in section.frames["standing"].itertuples())


def missing_markdown(section: Result) -> str:
    return ("Ce que les fichiers nationaux ne permettent pas de comparer par EPCI : "
            + " ; ".join(section.missing) + ".")
