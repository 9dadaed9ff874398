"""What the energy page shows: its parts (``show_…``), tables over a computed section.

Every function here shows figures already computed and audited (a
:class:`~analysis.sections.base.Result` of :mod:`analysis.sections.energy`); none computes a
new figure. The sentences are in :mod:`.text`, the charts and the map in :mod:`.charts`.
"""

from __future__ import annotations

import pandas as pd
from IPython.display import display

from analysis.core.fmt import fr_number, fr_points, fr_value
from analysis.display import text as report
from analysis.display.tables import figures_table, html_table
from analysis.display.text import say
from analysis.figures import catalogue
from analysis.inputs.schemas import TARGET_KIND_LABELS
from analysis.sections.base import Result
from analysis.sections.energy import charts, heat_text, text
from analysis.sections.energy.model import (
    PRODUCTION_INDICATORS,
    SCOPE_NAMES,
    SHARED_SCOPES,
    TARGET_INDICATORS,
    target_decimals,
)

# indicators shown in each sub-section; anything else goes to "other"
GROUPS = catalogue.groups("energy")  # the page's tables: sections/energy/indicators.toml


def group_rows(section: Result, group: str) -> pd.DataFrame:
    """Figures of one sub-section; ``other`` holds every figure no other group shows."""
    df = section.df_figures
    if group == "other":
        shown = {name for names in GROUPS.values() for name in names} | {"population"}
        return df[~df["indicator"].isin(shown)]
    rows = section.rows(GROUPS[group])
    if group == "plants":  # a plant's production is shown here, an equivalence's power there
        rows = rows[rows["breakdown"].isin(set(section.frames["yields"]["site"]))
                    | (rows["indicator"] == "share_of_renewable_target_pct")
                    | (rows["indicator"].isin(PRODUCTION_INDICATORS)
                       & ~rows["breakdown"].isin(set(_equivalence_sites(section))))]
    return rows


def _equivalence_sites(section: Result) -> list[str]:
    df = section.df_figures
    return list(df.loc[df["indicator"].isin(["equivalence_kwh_per_inhabitant",
                                             "equivalence_max_kwh_per_inhabitant"]),
                       "breakdown"])


def _recalled(section: Result) -> dict[str, str]:
    """Key -> context sentence of each national or regional target of the page that another
    territory's document quotes."""
    trajectories = section.frames["trajectories"]
    recalled = trajectories[trajectories["scope"].isin(SHARED_SCOPES)
                            & ~trajectories["own_document"].astype(bool)]
    return dict(zip(recalled["key"], recalled["context"], strict=True))


def page_figures(section: Result) -> pd.DataFrame:
    """The figures as the page lists them: a national or regional target quoted by another
    territory's document keeps, as its note, only the page's sentence that it is context
    (the document's own remarks — its lists, its section names — stay in the figures file)."""
    df, context = section.df_figures, _recalled(section)
    rows = (df["indicator"].isin(TARGET_INDICATORS) & df["kind"].eq("observed")
            & df["breakdown"].isin(context))
    if not rows.any():
        return df
    df = df.copy()
    df.loc[rows, "note"] = df.loc[rows, "breakdown"].map(context)
    return df


def heading(ctx) -> None:
    """The page's heading in a notebook: section, territory, year."""
    say(f"## {ctx.spec.label} — {ctx.territory}, {ctx.year}")


def show_intro(section: Result) -> None:
    say(text.intro_markdown(section))


def show_group(section: Result, group: str, empty_text: str) -> None:
    report.show_table(group_rows(section, group), empty_text)


# --- plants and equivalences --------------------------------------------------------------------


def yields_table(section: Result):
    rows = []
    for r in section.frames["yields"].itertuples():
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


def show_plants(section: Result) -> None:
    if section.frames["yields"].empty:
        say(text.NO_PLANTS)
    else:
        say(text.yields_markdown(section))
        display(yields_table(section))
    report.show_table(group_rows(section, "plants"), text.NO_OTHER_PLANTS)


def show_equivalences(section: Result) -> None:
    has_cars = (section.df_figures["indicator"] == "equivalence_t_co2_per_car").any()
    if section.frames["equivalences"].empty and not has_cars:
        say(text.NO_EQUIVALENCES)
        return
    say(text.equivalences_markdown(section))
    if not section.frames["equivalences"].empty:
        charts.plot_equivalences(section)
    display(figures_table(group_rows(section, "equivalences")))


def show_readings(section: Result) -> None:
    if section.frames["readings"].empty:
        say(section.values.get("readings_note") or text.NO_READINGS)
        return
    say(text.readings_markdown(section))
    display(figures_table(group_rows(section, "readings")))


# --- targets and trajectories -------------------------------------------------------------------


def _period(r) -> str:
    """« 2016-2050 », « d'ici 2050 » or « sans échéance »: a target's period as printed."""
    has_base = r.base_year == r.base_year and r.base_year is not None
    has_last = r.target_year == r.target_year and r.target_year is not None
    if has_base and has_last:
        return f"{int(r.base_year)}-{int(r.target_year)}"
    return f"d'ici {int(r.target_year)}" if has_last else "sans échéance"


def _pace(r, territory: str) -> str:
    """The pace a target requires, for the targets table (« – » when none is computed)."""
    if r.linear_pts_per_year == r.linear_pts_per_year:
        pace = f"{fr_points(r.linear_pts_per_year, 2)} par an"
        if r.compound_pct_per_year == r.compound_pct_per_year:
            pace += f", soit {fr_number(r.compound_pct_per_year, 2)} % par an"
        if r.base_assumed and r.kind == TARGET_KIND_LABELS["level"]:
            pace += (f" (depuis {int(r.from_year)} : année du niveau observé non publiée, "
                     f"hypothèse)")
        elif r.base_assumed:
            pace += f" (depuis {int(r.from_year)}, année du document)"
        return (f"si {territory} suivait cet objectif : {pace}" if r.scope in SHARED_SCOPES
                else pace)
    if r.per_year == r.per_year:
        return fr_value(r.per_year, f"{r.unit}/an", 1) + f" (depuis {int(r.from_year)})"
    return "–"


def _printed_value(r) -> str:
    """« variation -54 % »: a target's kind and value as printed."""
    return f"{r.kind} {fr_value(r.target, r.unit, target_decimals(r.target))}"


def _framework(r) -> str:
    """A target's framework; for a target another territory's document quotes, without that
    document's gloss (« (contexte national cité par le PCAET) »)."""
    return (r.framework.split(" (")[0] if r.scope in SHARED_SCOPES and not r.own_document
            else r.framework)


def trajectories_table(section: Result):
    rows = [[r.what, SCOPE_NAMES.get(r.scope, r.scope), _framework(r), _printed_value(r),
             _period(r), _pace(r, section.territory), r.source]
            for r in section.frames["trajectories"].itertuples()]
    return html_table(["Objectif", "Portée", "Cadre", "Valeur", "Période",
                       "Rythme par an", "Source"], rows)


def show_trajectories(section: Result) -> None:
    if section.frames["trajectories"].empty:
        say(text.NO_TARGETS)
        return
    say(text.targets_markdown(section))
    charts.plot_trajectories(section)
    charts.plot_levels(section)
    display(trajectories_table(section))
    display(figures_table(group_rows(section, "targets")))


def show_projects(section: Result) -> None:
    show_group(section, "projects", text.NO_PROJECTS)


def show_buildings(section: Result) -> None:
    show_group(section, "buildings", text.NO_BUILDINGS)


def show_funding(section: Result) -> None:
    show_group(section, "funding", text.NO_FUNDING)


# --- the dropped files --------------------------------------------------------------------------


def consumption_table(now: pd.DataFrame):
    rows = [[r.label, fr_value(r.mwh, "MWh"), fr_number(r.points),
             "oui" if r.empty_cells or r.secret_cells else "non"] for r in now.itertuples()]
    return html_table(["Énergie, secteur", "Consommation", "Points de livraison",
                       "Incomplet (secret ou vide)"], rows)


def show_files(section: Result) -> None:
    if section.values.get("production_file") is None \
            and section.values.get("consumption_file") is None:
        say(text.NO_FILES)
        return
    say(text.files_markdown(section))
    if not section.frames["production"].empty:
        charts.plot_production(section)
        charts.plot_production_map(section)
    consumption = section.frames["consumption"]
    if not consumption.empty:
        latest = int(consumption["year"].max())
        say(text.CONSUMPTION_CAPTION.format(latest))
        display(consumption_table(consumption[consumption["year"] == latest]))
    display(figures_table(group_rows(section, "files")))


def heat_networks_table(section: Result):
    """One row per network and commune, one column per data year (« absent du fichier »
    where the commune has no row of that network that year)."""
    df, years = section.frames["heat_networks"], list(section.frames["heat"]["year"])
    rows = []
    for (network, commune), group in df.groupby(["network", "commune"], sort=True):
        by_year = {int(r.year): r for r in group.itertuples()}
        rows.append([network, commune, *(heat_text.heat_cell(by_year.get(int(y)))
                                         for y in years)])
    return html_table(["Réseau (opérateur)", "Commune", *map(str, years)], rows)


def heat_sectors_table(section: Result, year: int):
    df = section.frames["heat_sectors"]
    rows = [[r.label, heat_text.heat_cell(r)] for r in df[df["year"] == year].itertuples()]
    return html_table(["Grand secteur", f"Consommation et points de livraison, {year}"], rows)


def show_heat(section: Result) -> None:
    """District heating: files and years, the series by network, the latest year by sector,
    the figures (every year's totals, the latest year's networks and sectors)."""
    totals = section.frames["heat"]
    if totals.empty:
        say(heat_text.NO_HEAT_FILES)
        return
    say(heat_text.heat_markdown(section))
    if totals["mwh"].notna().any():
        charts.plot_heat(section, heat_text.chart_description(
            totals, section.values["heat"]["missing_years"]))
        display(heat_networks_table(section))
        latest = int(totals.dropna(subset=["mwh"])["year"].max())
        display(heat_sectors_table(section, latest))
        rows = group_rows(section, "heat")
        display(figures_table(rows[(rows["breakdown"] == "")
                                   | (rows["period"] == str(latest))]))


# --- the end of the page ------------------------------------------------------------------------


def show_other(section: Result) -> None:
    show_group(section, "other", text.NO_OTHER)


def show_audit(section: Result) -> None:
    report.show_audit(section.df_figures)


def show_missing(section: Result) -> None:
    say(report.missing_markdown(section.missing))


def show_all_figures(section: Result) -> None:
    figures = page_figures(section)
    if not figures["note"].equals(section.df_figures["note"]):
        say(text.RECALLED_NOTES)
    report.show_all_figures(figures)
