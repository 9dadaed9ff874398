"""What the housing page shows of the official files by commune: the maps of the communes
(census, LOVAC, Filosofi, rent map), the LOVAC series and its comparison with the census,
incomes and rents. Shows figures already computed (a :class:`~analysis.sections.base.Result`);
the sentences are in :mod:`.text`, the maps are drawn by :mod:`analysis.display.maps`.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import display

from analysis.core.fmt import fr_count, fr_number, fr_percent, fr_value
from analysis.display.charts import commune_polygons, show_svg
from analysis.display.maps import Panel, main_communes, small_multiples
from analysis.display.tables import html_table
from analysis.display.text import say
from analysis.sections.base import Result
from analysis.sections.housing import text

CONTOURS = "contours des communes simplifiés (référentiel des communes)"
LOVAC_MISSING = "secret statistique ou absente du fichier"


def map_panels(section: Result) -> list[tuple[Panel, pd.DataFrame, str]]:
    """Each map of the page with the communes' table it is drawn from and its column."""
    communes, vintage = section.frames["communes"], section.values["census_vintage"]
    panels = [
        (Panel(f"Taux de vacance, recensement {vintage}", {}, 1, " %"), communes,
         "vacancy_rate_pct"),
        (Panel(f"Part des appartements, recensement {vintage}", {}, 0, " %", "PuBu"),
         communes, "flats_share_pct"),
    ]
    if section.values["lovac_year"] is not None:
        panels.append((Panel(f"Vacance du parc privé, LOVAC au 01/01/"
                             f"{section.values['lovac_year']}", {}, 1, " %",
                             missing=LOVAC_MISSING), communes, "lovac_vacancy_rate_pct"))
    if section.values["filosofi_year"] is not None:
        year, incomes = section.values["filosofi_year"], section.frames["incomes"]
        panels += [
            (Panel(f"Revenu médian par UC, Filosofi {year}", {}, 0, " €", "YlGnBu",
                   "secret statistique"), incomes, "median_income_eur"),
            (Panel(f"Taux de pauvreté, Filosofi {year}", {}, 0, " %", "OrRd",
                   "secret statistique"), incomes, "poverty_rate_pct")]
    rents = section.frames["rents"]
    for kind, name in (("flats", "appartements"), ("houses", "maisons")):
        if f"rent_eur_m2_{kind}" in rents:
            panels.append((Panel(f"Loyer d'annonce des {name}, {section.values['rents_year']}"
                                 f" (€/m²)", {}, 2, "", "BuPu"), rents, f"rent_eur_m2_{kind}"))
    return [(Panel(p.title, dict(zip(df["commune_code"], df[column], strict=True)),
                   p.decimals, p.suffix, p.cmap, p.missing), df, column)
            for p, df, column in panels]


def _describe(panel: Panel, df: pd.DataFrame, column: str) -> str:
    """« Taux de vacance… : de 3,1 % (Estreux) à 14,2 % (Anzin), 2 sans valeur »."""
    known = df.dropna(subset=[column]).sort_values(column)
    if known.empty:
        return f"{panel.title} : aucune valeur"
    low, high = known.iloc[0], known.iloc[-1]
    text = (f"{panel.title} : de {fr_number(low[column], panel.decimals)}{panel.suffix} "
            f"({low['commune_name']}) à {fr_number(high[column], panel.decimals)}"
            f"{panel.suffix} ({high['commune_name']})")
    missing = len(df) - len(known)
    return text + (f", {missing} sans valeur ({panel.missing})" if missing else "")


def show_commune_maps(section: Result) -> None:
    """Every map of the communes in one image (see :mod:`.maps`), with its alt text and its
    sources under it."""
    panels = map_panels(section)
    polygons = commune_polygons(section.values["shapes"])
    codes = set(section.frames["communes"]["commune_code"])
    mine = {code: rings for code, rings in polygons.items() if code in codes}
    title = f"Les {len(codes)} communes, carte par carte"
    # the largest communes (most dwellings in the census) named on each map
    communes = section.frames["communes"]
    named = main_communes(dict(zip(communes["commune_code"], communes["dwellings"],
                                   strict=True)))
    names = dict(zip(communes["commune_code"], communes["commune_name"], strict=True))
    svg = small_multiples(title, [p for p, _, _ in panels], mine,
                          names={code: names[code] for code in named})
    description = " ; ".join(_describe(p, df, column) for p, df, column in panels)
    sources = [section.values["census_source"]] + [
        s for s in (section.values.get("lovac_source"), section.values.get("filosofi_source"),
                    section.values.get("rents_source")) if s]
    show_svg(svg, title, " ; ".join([*sources, CONTOURS]), description, kind="Carte")


# --- LOVAC ----------------------------------------------------------------------------------


def series_table(section: Result):
    """One row per LOVAC date: its file, the counts, the rate, the communes counted."""
    rows = []
    for r in section.frames["lovac_series"].itertuples():
        rows.append([
            f"01/01/{r.year}", f"fichier au 01/01/{r.file_year}",
            fr_value(r.vacant_private, "count"), fr_value(r.vacant_2y_plus, "count"),
            f"{fr_value(r.private_dwellings, 'count')} ({r.stock_year})",
            fr_percent(r.vacancy_rate_pct),
            f"{r.communes_known} / {r.communes} ({fr_count(r.communes_secret, 'secrète')}, "
            f"{fr_count(r.communes_absent, 'absente')})",
            fr_percent(100 * r.inhabitants_counted / r.inhabitants, 0)])
    return html_table(["Date", "Fichier", "Vacants du parc privé", "dont 2 ans ou plus",
                       "Parc privé (année)", "Taux de vacance", "Communes comptées",
                       "Habitants couverts"], rows)


def census_table(section: Result):
    rows = [[r.what, fr_value(r.vacant, "count"), fr_value(r.stock, "count"),
             fr_percent(r.rate_pct)] for r in section.frames["lovac_census"].itertuples()]
    return html_table(["Source et champ", "Logements vacants", "Logements", "Taux"], rows)


def show_private_vacancy(section: Result) -> None:
    if section.values["lovac_year"] is None:
        say(text.no_lovac(section))
        return
    say(text.private_vacancy_markdown(section))
    display(series_table(section))
    say(text.lovac_census_markdown(section))
    display(census_table(section))
    checks = text.national_checks_markdown(section)
    if checks:
        say(checks)


# --- incomes and rents ----------------------------------------------------------------------


def show_incomes(section: Result) -> None:
    if section.values["filosofi_year"] is None:
        say(text.no_filosofi(section))
        return
    say(text.incomes_markdown(section))  # the figures: in « Tous les chiffres »


def show_rents(section: Result) -> None:
    if section.values["rents_year"] is None:
        say(text.no_rents(section))
        return
    say(text.rents_markdown(section))  # the figures: in « Tous les chiffres »
