"""The French sentences of the district heating part of the energy page (SDES files).

Each function takes the page's :class:`~analysis.sections.base.Result` and returns Markdown
from what :func:`analysis.sections.energy.heat.district_heating` kept; :mod:`.display`
shows them. Nothing here computes a figure.
"""

from __future__ import annotations

import pandas as pd

from analysis.core.fmt import fr_count, fr_number, fr_value
from analysis.sections.base import Result

SECTOR_CODES = ("Grands secteurs : R, T, I et A sont les codes de grand secteur du SDES "
                "(résidentiel, tertiaire, industrie, agriculture), ceux des fichiers "
                "d'électricité et de gaz ; **X** n'est documenté dans aucun des fichiers "
                "déposés : il est montré comme « code X », sans libellé inventé.")
MARKS = ("Une case « secret » est couverte par le secret statistique, une case « nd » n'est "
         "pas donnée par le fichier, une commune « absente » n'a aucune ligne dans le fichier de "
         "l'année alors qu'elle en a d'autres années : ce sont trois cas distincts, et un "
         "total qui en rencontre un est un **minorant** (dit dans la remarque de chaque "
         "chiffre).")
NO_HEAT_FILES = ("Aucun fichier SDES des réseaux de chaleur et de froid n'est disponible "
                 "pour cette année.")


def _years(years) -> str:
    return ", ".join(str(int(y)) for y in years)


def intro_sentence(section: Result) -> str:
    """« Fichiers SDES des réseaux de chaleur : années … » for the page's introduction."""
    heat = section.values.get("heat")
    if not heat or heat["chosen"].empty:
        return ""
    missing = heat["missing_years"]
    return (f" Fichiers SDES des réseaux de chaleur déposés : années "
            f"{_years(heat['chosen']['year'])}"
            + (f" ({_years(missing)} absente de tous les fichiers)" if missing else "") + ".")


def files_sentence(section: Result) -> str:
    """Which file each data year is read from (one file a year), and the years none holds."""
    heat = section.values["heat"]
    published = heat["published"]
    parts = []
    for r in heat["chosen"].itertuples():
        text = f"{r.year} : fichier publié en {published.get(r.source_id, '?')}"
        if r.also_in:
            text += (f" (l'année figure aussi dans "
                     f"{'le fichier publié' if len(r.also_in) < 2 else 'les fichiers publiés'} en "
                     + ", ".join(published.get(s, s) for s in r.also_in)
                     + " : non comptés, le plus récent l'emporte)")
        parts.append(text)
    sentence = ("SDES, données locales de l'énergie, consommation et points de livraison des "
                "réseaux de chaleur et de froid à la maille IRIS. Chaque année de données "
                "(colonne ANNEE) est lue dans **un seul fichier**, le dernier publié parmi ceux "
                f"que cette page peut lire : {' ; '.join(parts)}.")
    if heat["missing_years"]:
        sentence += (f" **{_years(heat['missing_years'])}** : absente de tous les fichiers "
                     "déposés ; la série a un trou.")
    return sentence


def territory_sentence(section: Result) -> str:
    """What the files hold for the territory: nothing, or the years without a value."""
    df, territory = section.frames["heat"], section.territory
    if df.empty:
        return ""
    if (df["rows"] == 0).all():
        return (f"Aucune ligne de ces fichiers ne concerne une commune de {territory} "
                f"({_years(df['year'])}) : le SDES n'y recense pas de réseau de chaleur ou "
                f"de froid.")
    lines = []
    without = df[df["rows"] == 0]
    if not without.empty:
        lines.append(f"Aucune ligne pour les communes de {territory} dans le fichier de "
                     f"{_years(without['year'])}.")
    unknown = df[(df["rows"] > 0) & df["mwh"].isna()]
    for r in unknown.itertuples():
        lines.append(f"{r.year} : les {int(r.rows)} lignes du territoire sont « nd » ou "
                     f"« secret » ({int(r.nd)} « nd », {int(r.secret)} « secret ») : "
                     f"consommation inconnue, aucun chiffre.")
    return " ".join(lines)


def caveats(section: Result) -> list[str]:
    """How the files are built where it matters for the territory's figures."""
    heat = section.values["heat"]
    items = []
    for year, group in heat["prorated"].groupby("year"):
        ratios = " ; ".join(f"{r.network} : {fr_value(r.mwh_per_point, 'MWh', 1)} par point"
                           for r in group.itertuples())
        items.append(f"En {year}, dans chaque réseau du territoire, la consommation d'une IRIS "
                     f"est proportionnelle à son nombre de points de livraison (même "
                     f"consommation par point dans toutes ses IRIS : {ratios}) : le fichier "
                     f"répartit le total du réseau entre ses IRIS, la part de chaque commune "
                     f"en dépend.")
    for r in heat["shared"].itertuples():
        items.append(f"En {r.year}, le fichier range sous le nom « {r.network} » des IRIS de "
                     f"{' et de '.join(r.territories)} : chaque IRIS est comptée dans "
                     f"l'agglomération de sa commune.")
    items += _names(section)
    if heat["other_filieres"]:
        items.append(f"{fr_count(heat['other_filieres'], 'ligne')} de froid (filière F) ou "
                     f"de filière non donnée dans les communes du territoire : non comptées "
                     f"dans la chaleur.")
    return items


def _names(section: Result) -> list[str]:
    """What was done to the operator names and lines of the territory's rows."""
    names, published = section.values["heat"]["names"], section.values["heat"]["published"]
    items = []
    repaired = names[names["repaired"] > 0]
    if not repaired.empty:
        items.append("Noms d'opérateur réparés (texte UTF-8 relu en Windows-1252 dans le "
                     "fichier, « BÃ©thune ») : " + ", ".join(
                         f"{fr_count(int(r.repaired), 'ligne')} du fichier publié en "
                         f"{published.get(r.source_id, '?')}" for r in repaired.itertuples())
                     + ".")
    lost = names[names["unreadable"] > 0]
    if not lost.empty:
        items.append("Le fichier publié en " + ", ".join(
            published.get(s, "?") for s in lost["source_id"]) + " remplace les accents des "
            "noms d'opérateur par « ? » : un réseau y prend le nom que son identifiant (ID) a "
            "dans un autre fichier.")
    repeated = int(names["repeated"].sum())
    if repeated:
        items.append(f"{fr_count(repeated, 'ligne répétée', 'lignes répétées')} à "
                     f"l'identique dans un fichier : {'comptée' if repeated < 2 else 'comptées'}"
                     f" une fois.")
    return items


def heat_markdown(section: Result) -> str:
    """The part's text: files and years, what they hold for the territory, how to read it."""
    text = files_sentence(section)
    found = territory_sentence(section)
    if found:
        text += "\n\n" + found
    if (section.frames["heat"]["rows"] > 0).any():
        text += "\n\n" + MARKS + " " + SECTOR_CODES
        items = caveats(section)
        if items:
            text += "\n\n" + "\n".join(f"- {item}" for item in items)
    return text


def heat_cell(r) -> str:
    """A network's cell of the table: MWh and delivery points, and what makes it partial."""
    if r is None:
        return "absent du fichier"
    marks = [fr_count(int(n), *label) for n, label in (
        (r.secret, ("secret", "secret")), (r.nd, ("« nd »", "« nd »")), (r.empty, ("vide",))) if n]
    if r.mwh != r.mwh:
        return "valeur inconnue (" + ", ".join(marks) + ")"
    text = fr_value(r.mwh, "MWh")
    if r.points == r.points:
        text += f", {fr_number(r.points)} PDL"
    return text + (f" (minorant : {', '.join(marks)})" if marks else "")


def chart_description(totals: pd.DataFrame, missing: list[int]) -> str:
    """The chart's text alternative: each year's total, or why there is none."""
    parts = {y: f"{y} : absente des fichiers" for y in missing}
    for r in totals.itertuples():
        if r.mwh == r.mwh:
            bound = " (minorant)" if r.secret or r.nd or r.empty or r.absent else ""
            parts[r.year] = f"{r.year} : {fr_value(r.mwh, 'MWh')}{bound}"
        else:
            parts[r.year] = f"{r.year} : {'valeur inconnue' if r.rows else 'aucune ligne'}"
    return " ; ".join(parts[y] for y in sorted(parts))
