"""Tests of the peers section, created with it by ``analysis new-section``.

The row of :func:`test_a_row_of_the_section_reaches_its_figures` is SYNTHETIC, under a source
labelled so; add here, with the first real rows, the regression tests against what the
documents publish (expected values worked out from the documents, never from the output).
"""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import NoDataError
from analysis.core.specs import section_specs
from analysis.figures import catalogue
from analysis.inputs.territories import all_territories
from analysis.sections import peers
from analysis.sections.base import compute

SYNTHETIC_SOURCE = {"source_id": "synthetique_peers", "title": "DONNÉES SYNTHÉTIQUES (tests)",
                    "publisher": "tests", "territory": "", "published": "2099",
                    "period": "2099", "licence": "aucune", "path": "", "sha256": "",
                    "origin": "tests", "note": ""}


def test_the_section_is_found_with_its_tables_and_steps():
    spec = section_specs()["peers"]
    assert spec.label == "Parmi ses pairs"
    assert {"peers/observations", "peers/published"} <= set(spec.tables)
    assert peers.STEPS and all(getattr(s, "is_step", False) for s in peers.STEPS)


def test_a_year_without_rows_has_no_page():
    inputs = peers.load_inputs()
    territory = all_territories()[0].short
    empty_year = max([2000, *peers.years(inputs, territory)]) + 1
    assert empty_year not in peers.years(inputs, territory)
    with pytest.raises(NoDataError, match=f"pour {territory} en {empty_year}"):
        peers.start(inputs, territory, empty_year)


def test_a_row_of_the_section_reaches_its_figures():
    declared = [i for i, domain in catalogue.SECTION_OF.items() if domain == "peers"]
    if not declared:
        pytest.skip("aucun indicateur déclaré dans sections/peers/indicators.toml")
    indicator = catalogue.get(declared[0])
    inputs = peers.load_inputs()
    territory = all_territories()[0].short
    inputs.sources = pd.concat([inputs.sources, pd.DataFrame([SYNTHETIC_SOURCE])],
                               ignore_index=True)
    observations = inputs.tables["peers/observations"]
    synthetic = {"territory": territory, "year": 2099, "indicator": indicator.id,
                 "breakdown": "", "value": 12.0, "unit": indicator.units[0],
                 "precision": 1.0, "source_id": "synthetique_peers", "locator": "l. 1",
                 "quote": "12", "note": "valeur synthétique"}
    inputs.tables["peers/observations"] = pd.concat(
        [observations, pd.DataFrame([synthetic]).astype(observations.dtypes.to_dict())],
        ignore_index=True)
    assert 2099 in peers.years(inputs, territory)
    result = compute(peers, inputs, territory, 2099)
    shown = result.df_figures[result.df_figures["indicator"] == indicator.id]
    assert list(shown["value"]) == [12.0]
    assert "DONNÉES SYNTHÉTIQUES" in shown["source"].iloc[0]
