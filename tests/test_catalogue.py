"""The indicator catalogue: one definition per indicator, complete, enforced on figures."""

from __future__ import annotations

import pytest

from analysis.core.errors import AnalysisError
from analysis.core.fmt import UNIT_LABELS
from analysis.core.specs import section_specs
from analysis.figures import catalogue
from analysis.inputs.tables import load_table


def _extra(tmp_path, text: str):
    """A SYNTHETIC section's indicators file beside the real catalogue."""
    path = tmp_path / "indicators.toml"
    path.write_text(text, encoding="utf-8")
    return catalogue.catalogue_files() | {"extra": path}, path


def test_an_indicator_declared_twice_is_refused(tmp_path):
    files, _ = _extra(tmp_path, '[indicators.population]\nlabel = "Doublon"\n'
                                'kind = "published"\nunits = ["hab"]\ndecimals = 0\n')
    with pytest.raises(catalogue.CatalogueError,
                       match=r"^indicateur déclaré deux fois : population \(common et extra\)$"):
        catalogue.assemble(files)


@pytest.mark.parametrize("entry, message", [
    ('label = "X"\nkind = "published"\nunits = ["t"]\n',
     "indicateur « x_t » : champ « decimals » absent"),
    ('label = "X"\nkind = "published"\nunits = ["t"]\ndecimals = "0"\n',
     "indicateur « x_t » : champ « decimals » : int attendu, '0' trouvé"),
    ('label = "X"\nkind = "guessed"\nunits = ["t"]\ndecimals = 0\n',
     "indicateur « x_t » : kind « guessed » (admis : published, computed, reference, "
     "official)"),
    ('label = "X"\nkind = "published"\nunits = ["t"]\ndecimals = 0\nlibelle = "Y"\n',
     "indicateur « x_t » : champ(s) inconnu(s) libelle (champs admis : label, kind, units, "
     "decimals, definition, formula, periodicity, sources, comparable)"),
])
def test_an_indicators_file_that_breaks_the_schema_is_refused_with_its_field(tmp_path, entry,
                                                                              message):
    files, path = _extra(tmp_path, f"[indicators.x_t]\n{entry}")
    with pytest.raises(AnalysisError) as error:
        catalogue.assemble(files)
    assert str(error.value).startswith(f"{path}, ") and str(error.value).endswith(message)


def test_the_catalogue_is_read_from_the_sections_folders():
    files = catalogue.catalogue_files()
    # every section with an indicators file (the synthesis only restates the sections')
    assert set(files) == {"common"} | {name for name, spec in section_specs().items()
                                       if (spec.folder / "indicators.toml").is_file()}
    assert {"waste", "housing", "mobility", "energy"} <= set(files)
    assert catalogue.SECTION_OF["dma_total_t"] == "waste"
    assert catalogue.breakdowns("waste")["omr"] == "Ordures ménagères résiduelles"
    assert "dma_total_t" in catalogue.groups("waste")["streams"]


def test_an_unknown_indicator_names_the_file_to_edit():
    with pytest.raises(catalogue.CatalogueError) as error:
        catalogue.get("kwh_per_unicorn")
    assert str(error.value) == ("indicateur absent du catalogue : 'kwh_per_unicorn' (le "
                                "déclarer dans src/analysis/sections/<section>/indicators.toml)")


def test_a_figure_in_an_undeclared_unit_is_refused():
    catalogue.check_figure("dma_per_inhabitant_kg_year", "kg/hab/an")
    with pytest.raises(catalogue.CatalogueError) as error:
        catalogue.check_figure("dma_per_inhabitant_kg_year", "t")
    assert str(error.value) == ("unité 't' non déclarée pour l'indicateur "
                                "'dma_per_inhabitant_kg_year' (catalogue : kg/hab/an)")


def test_generic_targets_take_the_unit_of_their_target():
    catalogue.check_figure("target_level", "kg/hab/an")
    catalogue.check_figure("target_level", "%")


def test_labels_come_with_the_breakdown_of_the_section():
    assert catalogue.label("collected_t", "glass", {"glass": "Verre"}) == "Tonnage collecté — Verre"
    assert catalogue.label("collected_t") == "Tonnage collecté"
    assert catalogue.label("collected_t", "site_b") == "Tonnage collecté — site b"


def test_every_entry_is_complete():
    for indicator in catalogue.CATALOGUE.values():
        assert indicator.label and indicator.definition and indicator.periodicity, indicator.id
        assert indicator.kind in catalogue.KINDS, indicator.id
        assert not {"TODO", "UNIT?", "KIND?"} & {indicator.definition, indicator.formula,
                                                  *indicator.units, indicator.kind}
        if indicator.kind == "published":
            assert indicator.formula == catalogue.PUBLISHED_FORMULA, indicator.id
        else:  # what the project computes says how
            assert indicator.formula not in ("", catalogue.PUBLISHED_FORMULA), indicator.id
        for unit in indicator.units:
            assert unit == catalogue.ANY_UNIT or unit in UNIT_LABELS, (indicator.id, unit)


def test_every_indicator_of_every_table_is_declared_with_the_unit_of_its_rows():
    for section in ("waste", "housing", "mobility", "energy"):
        for table in ("observations", "published"):
            df = load_table(f"{section}/{table}")
            for r in df.itertuples():
                catalogue.check_figure(r.indicator, r.unit)
        targets = load_table(f"{section}/targets")
        assert set(targets["indicator"]) <= set(catalogue.CATALOGUE), section


def test_every_ratio_says_in_its_unit_what_it_divides_by():
    """A figure « per » something (per inhabitant, per 10 000 inhabitants, per year, per
    commune) carries a unit that names the divisor, and the page prints it."""
    import re

    from analysis.core.fmt import fr_unit
    from analysis.figures.catalogue import ANY_UNIT, CATALOGUE

    ratios = [i for i in CATALOGUE.values() if re.search(r"(^|_)per_", i.id)]
    assert ratios
    for indicator in ratios:
        for unit in indicator.units:
            if unit in (ANY_UNIT, "%"):  # a share « per operation » is a % of each operation
                continue
            assert "/" in unit, (indicator.id, unit)
            assert fr_unit(unit).strip(), (indicator.id, unit)
    assert fr_unit("count/10000 hab") == "pour 10\u202f000 hab."
    assert fr_unit("t CO2e/an") == "t CO₂e/an" and fr_unit("count/an") == "par an"


def test_a_yearly_target_without_a_yearly_unit_is_refused():
    import pytest

    from analysis.figures.catalogue import CatalogueError, check_figure

    check_figure("target_per_year", "count/an")
    with pytest.raises(CatalogueError, match="un objectif annuel a une unité « …/an »"):
        check_figure("target_per_year", "count")
