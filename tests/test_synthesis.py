"""The synthesis chooses, never recomputes: unit tests on a SYNTHETIC export."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import AnalysisError
from analysis.core.uncertainty import Estimate
from analysis.figures.export import write_export
from analysis.figures.record import FIGURE_COLUMNS
from analysis.sections import synthesis
from analysis.sections.base import compute
from analysis.sections.synthesis import model

TERRITORIES = ["CALL", "CAVM", "CAPH", "CABBALR"]


def row(territory, year, section, indicator, value, breakdown="", period="", vintage=""):
    base = dict.fromkeys(FIGURE_COLUMNS, "")
    return base | {"figure_id": f"{territory}/{year}/{section}/{indicator}/{breakdown or '-'}",
                   "territory": territory, "year": year, "section": section,
                   "indicator": indicator, "breakdown": breakdown, "period": period,
                   "population_vintage": vintage, "label": indicator, "value": value,
                   "unit": "hab", "decimals": 0, "status": "not_published"}


def export(*rows) -> pd.DataFrame:
    return pd.DataFrame(list(rows), columns=FIGURE_COLUMNS)


def test_each_agglomeration_gets_its_latest_value_by_vintage_then_report_year():
    df = export(
        row("CALL", 2019, "waste", "population", 241934, vintage="population INSEE 2017"),
        row("CAVM", 2021, "waste", "population", 1, vintage="recensement 2021"),
        row("CAVM", 2025, "energy", "population", 2, vintage="recensement 2021"),
        row("CAVM", 2025, "housing", "population", 3, vintage="population INSEE 2017"),
    )
    chosen = model.comparison(df, TERRITORIES)
    assert chosen[["territory", "value", "reference_year"]].values.tolist() == [
        ["CALL", 241934, 2017], ["CAVM", 2, 2021]]


def test_an_indicator_of_national_files_is_compared_on_one_vintage():
    # synthetic: three agglomerations have the 2021 vintage, one also has 2022 (a newer file
    # dropped before its report was rebuilt for the others): 2021 for all, never 2022 beside
    # 2021; a document's figure keeps each agglomeration's latest
    national = [row(t, y, "housing", "population", v, vintage=f"recensement {y}")
                | {"source_ids": "insee_rp2021_iris"}
                for t, y, v in (("CALL", 2021, 1), ("CAVM", 2021, 2), ("CAPH", 2021, 3),
                                ("CAVM", 2022, 20))]
    printed = [row("CALL", 2019, "waste", "population", 5, vintage="population 2017")
               | {"source_ids": "call_rdd"},
               row("CAVM", 2025, "waste", "population", 6, vintage="population 2022")
               | {"source_ids": "cavm_rdd insee_rp2021_iris"}]
    documents = {"call_rdd", "cavm_rdd"}
    chosen = model.comparison(export(*national), TERRITORIES, documents)
    assert chosen[["territory", "value", "reference_year", "national"]].values.tolist() == [
        ["CALL", 1, 2021, True], ["CAVM", 2, 2021, True], ["CAPH", 3, 2021, True]]
    mixed = model.comparison(export(*national[:1], *printed), TERRITORIES, documents)
    assert mixed[["territory", "value", "national"]].values.tolist() == [
        ["CALL", 1, False], ["CAVM", 6, False]]  # a document among them: each one's latest


def test_a_national_row_cites_sources_and_no_document():
    assert model.is_national("insee_rp2021_iris lovac_2021", {"call_rdd"})
    assert not model.is_national("insee_rp2021_iris call_rdd", {"call_rdd"})
    assert not model.is_national("", {"call_rdd"})


def test_an_indicator_only_one_agglomeration_has_is_not_compared_but_listed():
    df = export(row("CALL", 2019, "housing", "vacancy_rate_pct", 9, "census"),
                row("CALL", 2019, "waste", "population", 1),
                row("CAPH", 2021, "waste", "population", 2))
    assert set(model.comparison(df, TERRITORIES)["indicator"]) == {"population"}
    missing = model.not_compared(df, TERRITORIES)
    assert missing[["indicator", "territories"]].values.tolist() == [
        ["vacancy_rate_pct", "CALL"]]


def test_indicators_the_catalogue_does_not_call_comparable_are_left_out():
    df = export(row("CALL", 2019, "waste", "collected_previous_t", 1),
                row("CAPH", 2021, "waste", "collected_previous_t", 2))
    assert model.comparison(df, TERRITORIES).empty


def test_a_figure_quoted_for_another_agglomeration_is_not_the_sections_own():
    df = export(row("CAPH", 2021, "mobility", "charging_points_per_10000_inhabitants", 1.9,
                    breakdown="cavm"),
                row("CABBALR", 2022, "mobility", "charging_points_per_10000_inhabitants", 1.9,
                    breakdown="cavm"))
    assert model.own_rows(df, TERRITORIES).empty
    assert model.comparison(df, TERRITORIES).empty


def test_reference_year_reads_the_vintage_then_the_period_then_the_report_year():
    assert model.reference_year(pd.Series({"population_vintage": "recensement 2021",
                                               "period": "2016-2018", "year": 2023})) == 2021
    assert model.reference_year(pd.Series({"population_vintage": "", "period": "2016-2018",
                                               "year": 2023})) == 2018
    assert model.reference_year(pd.Series({"population_vintage": "", "period": "",
                                               "year": 2023})) == 2023


@pytest.fixture
def exported(tmp_path):
    """A synthetic export in an outputs folder, read with the committed reference data."""
    write_export(export(
        row("CALL", 2019, "waste", "population", 241934, vintage="population INSEE 2017"),
        row("CAPH", 2021, "waste", "population", 244000, vintage="population INSEE 2018"),
        row("CALL", 2019, "housing", "vacancy_rate_pct", 9, "census")), tmp_path)
    return synthesis.load_inputs(None, tmp_path)


def test_the_synthesis_has_one_page_for_the_set_and_no_year_per_territory(exported):
    assert synthesis.SPEC.scope == "all"
    assert exported.territories == ["CAPH", "CABBALR", "CAVM", "CALL"]
    assert all(synthesis.years(exported, t) == [] for t in exported.territories)


def test_the_steps_one_by_one_give_the_figures_of_compute(exported):
    ctx = synthesis.start(exported)
    tables = [each(ctx) for each in synthesis.STEPS]
    section = synthesis.finish(ctx)
    whole = compute(synthesis, exported, "", 0)
    pd.testing.assert_frame_equal(section.df_figures, whole.df_figures)
    pd.testing.assert_frame_equal(
        pd.concat([t for t in tables if not t.empty], ignore_index=True), whole.df_figures)
    # the export's rows, unchanged, in the page's order (agglomerations as in the reference)
    assert whole.df_figures[["territory", "value"]].values.tolist() == [
        ["CAPH", 244000], ["CALL", 241934]]
    assert set(whole.df_figures.columns) == set(FIGURE_COLUMNS)


def test_a_step_returns_the_export_rows_it_chose(exported):
    ctx = synthesis.start(exported)
    chosen = synthesis.comparison(ctx)
    assert chosen["figure_id"].tolist() == ctx.frames["figures"]["figure_id"].tolist() == [
        "CAPH/2021/waste/population/-", "CALL/2019/waste/population/-"]
    assert ctx.frames["not_compared"]["indicator"].tolist() == ["vacancy_rate_pct"]
    assert synthesis.perimeters(ctx).empty  # no figure: the perimeters are the data's
    perimeters = ctx.frames["perimeters"].set_index("territory")
    assert perimeters.loc["CALL", "years"] == [2019] and perimeters.loc["CALL", "communes"] == 36
    assert perimeters.loc["CAVM", "years"] == []  # no section of CAVM in this export


def test_a_figure_computed_in_the_synthesis_is_refused(exported):
    ctx = synthesis.start(exported)
    for each in synthesis.STEPS:
        each(ctx)
    ctx.collector.add_computed_with_source("population", Estimate.exact(1), "hab", "m", "s")
    with pytest.raises(AnalysisError, match="la synthèse ne calcule aucun chiffre"):
        synthesis.finish(ctx)


def test_without_an_export_the_synthesis_says_to_build_the_sections_first(tmp_path):
    with pytest.raises(FileNotFoundError, match="construire d'abord les sections"):
        synthesis.load_inputs(None, tmp_path)


def test_the_synthesis_notebook_runs_from_the_notebooks_folder(built, tmp_path):
    """As an analyst opens it in JupyterLab: working directory notebooks/, no data folder
    given; the export's default is the project's, whatever the working directory."""
    import papermill as pm

    from analysis.core.paths import DEFAULT_OUTPUT_DIR, NOTEBOOKS_DIR
    assert synthesis.export_path_in("") == DEFAULT_OUTPUT_DIR / "figures.csv"
    assert synthesis.export_path_in("").is_absolute()
    from analysis.engine.notebook import project_kernel

    out, _ = built
    with project_kernel() as kernel:
        pm.execute_notebook(str(NOTEBOOKS_DIR / "synthesis.ipynb"), str(tmp_path / "s.ipynb"),
                            parameters={"outputs_dir": str(out)},
                            cwd=str(NOTEBOOKS_DIR), progress_bar=False, kernel_name=kernel)


def test_a_section_notebook_runs_from_the_notebooks_folder_with_its_defaults(tmp_path):
    import papermill as pm

    from analysis.core.paths import NOTEBOOKS_DIR
    from analysis.engine.notebook import project_kernel

    with project_kernel() as kernel:
        pm.execute_notebook(str(NOTEBOOKS_DIR / "waste.ipynb"), str(tmp_path / "w.ipynb"),
                            cwd=str(NOTEBOOKS_DIR), progress_bar=False, kernel_name=kernel)


def test_a_national_chart_cites_each_file_once():
    from analysis.sections.synthesis import text

    sources = pd.Series(["Calcul : INSEE, Recensement 2021 ; somme des 47 communes",
                         "Calcul : INSEE, Recensement 2021 ; population 2021 ; somme des 36 "
                         "communes"])
    assert text.national_chart_source(sources) == (
        "Même fichier national, même millésime pour toutes : INSEE, Recensement 2021 ; "
        "population 2021")
