"""Unit tests of analysis.engine.reproducible on SYNTHETIC notebooks and tables: what an
executed notebook loses before it is published, and the date a page states."""

from __future__ import annotations

import nbformat
import pandas as pd
import pytest

from analysis.engine import reproducible


def _executed() -> nbformat.NotebookNode:
    """A SYNTHETIC notebook as papermill leaves it: times, absolute folders."""
    nb = nbformat.v4.new_notebook()
    injected = nbformat.v4.new_code_cell(
        '# Parameters\ndata_dir = "/srv/run/data"\nfigures_path = '
        '"/srv/run/out/CALL/2019/.build-waste-x1/waste.figures.csv"\n')
    injected.metadata = {"tags": ["injected-parameters"],
                         "execution": {"iopub.status.busy": "2026-12-05T17:26:17.797653Z"},
                         "papermill": {"start_time": "t0", "end_time": "t1",
                                       "duration": 0.25, "status": "completed",
                                       "exception": False}}
    other = nbformat.v4.new_code_cell("x = 1")
    other.metadata = {"papermill": {"duration": 1.5, "status": "completed"}}
    nb.cells = [injected, other, nbformat.v4.new_markdown_cell("texte")]
    nb.metadata["papermill"] = {"start_time": "t0", "end_time": "t2", "duration": 2.0,
                                "input_path": "/srv/project/notebooks/waste.ipynb",
                                "output_path": "/srv/run/out/CALL/2019/waste.ipynb",
                                "parameters": {"data_dir": "/srv/run/data"},
                                "version": "2.7.0"}
    return nb


def test_strip_timings_keeps_the_status_and_drops_every_time():
    nb = _executed()
    reproducible.strip_timings(nb)
    assert nb.cells[0].metadata == {"tags": ["injected-parameters"],
                                    "papermill": {"status": "completed", "exception": False}}
    assert nb.cells[1].metadata == {"papermill": {"status": "completed"}}
    assert "start_time" not in nb.metadata["papermill"]
    assert nb.metadata["papermill"]["version"] == "2.7.0"


def test_publishable_writes_the_folders_relative_and_returns_the_cells_time(monkeypatch):
    monkeypatch.setattr("analysis.engine.cache.PROJECT_ROOT", "/srv/project")
    nb = _executed()
    parameters = {"territory": "CALL", "year": 2019, "data_dir": "/srv/run/data",
                  "outputs_dir": "/srv/run/out",
                  "figures_path": "/srv/run/out/CALL/2019/waste.figures.csv"}
    seconds = reproducible.publishable(
        nb, reproducible.Path("/srv/project/notebooks/waste.ipynb"),
        reproducible.Path("/srv/run/out/CALL/2019/waste.ipynb"), parameters)
    assert seconds == 1.75  # 0.25 + 1.5, the code cells
    assert nb.cells[0].source == ('# Parameters\nterritory = "CALL"\nyear = 2019\n'
                                  'data_dir = "data"\noutputs_dir = "outputs"\n'
                                  'figures_path = "outputs/CALL/2019/waste.figures.csv"\n')
    papermill = nb.metadata["papermill"]
    assert papermill["input_path"] == "notebooks/waste.ipynb"
    assert papermill["output_path"] == "outputs/CALL/2019/waste.ipynb"
    assert papermill["parameters"]["data_dir"] == "data"
    assert "/srv" not in nbformat.writes(nb)


SOURCES = ("source_id,published\n"
           "doc_2019,2021-02-02\n"
           "insee,2023\n"
           "ads,2022-09\n"
           "undated,\n")


@pytest.fixture
def sources_csv(tmp_path):
    path = tmp_path / "sources.csv"
    path.write_text(SOURCES, encoding="utf-8")
    return path


def test_sources_date_is_the_latest_date_of_the_cited_sources(sources_csv):
    assert reproducible.sources_date(["doc_2019", "insee ads"], sources_csv) == "2023"
    assert reproducible.sources_date(["doc_2019;undated"], sources_csv) == "2021-02-02"
    assert reproducible.sources_date(["undated", ""], sources_csv) is None
    assert reproducible.sources_date(None, sources_csv) == "2023"


def test_dated_footer_states_the_date_of_the_page_figures(tmp_path, sources_csv,
                                                          monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    figures = tmp_path / "page.figures.csv"
    figures.write_text("figure_id,source_ids\na,doc_2019\nb,ads\n", encoding="utf-8")
    footer = f"{reproducible.DATE_MARK}. Page établie à partir des documents cités."
    assert reproducible.dated_footer(footer, figures, tmp_path) == (
        "Données arrêtées en septembre 2022. Page établie à partir des documents cités.")
    monkeypatch.setenv("SOURCE_DATE_EPOCH", "1700000000")
    assert reproducible.dated_footer(footer, figures, tmp_path) == (
        "Construit le 14/11/2023. Page établie à partir des documents cités.")
    assert reproducible.dated_footer("Sans date.", figures, tmp_path) == "Sans date."


def test_dated_footer_without_figures_says_the_date_is_unknown(tmp_path, sources_csv,
                                                               monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    assert reproducible.dated_footer(reproducible.DATE_MARK, tmp_path / "none.csv",
                                     tmp_path) == "Date des données non précisée"


def test_export_date_line_reads_the_sources_of_the_export(tmp_path, sources_csv,
                                                          monkeypatch):
    monkeypatch.delenv("SOURCE_DATE_EPOCH", raising=False)
    df = pd.DataFrame({"source_ids": ["doc_2019", None]})
    assert reproducible.export_date_line(tmp_path, df) == "Données arrêtées au 02/02/2021"
    assert reproducible.export_date_line(tmp_path) == "Données arrêtées en 2023"


@pytest.mark.parametrize("target, expected", [
    ("file:///srv/out/CALL/2019/.build-waste-x1/waste.figures.csv", "waste.figures.csv"),
    ("file:///srv/out/CALL/2019/2018/rapport.html", "../2018/rapport.html"),
    ("file:///srv/out/CALL/2019/.build-waste-x1/rapport.html#D%C3%A9chets",
     "rapport.html#D%C3%A9chets"),
    ("file:///srv/out/m%C3%A9thode.html", "../../../m%C3%A9thode.html"),
    ("https://www.insee.fr/fr/statistiques", "https://www.insee.fr/fr/statistiques"),
])
def test_a_pdf_link_is_written_back_relative_to_the_page_folder(target, expected):
    from analysis.engine.pdf import relative_link

    # WeasyPrint resolves « ../2018/rapport.html » against the (staging) folder of the page
    assert relative_link(target, reproducible.Path("/srv/out/CALL/2019/.build-waste-x1")) == \
        expected
