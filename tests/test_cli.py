"""The runner checks its parameters before any kernel starts (exit code 2)."""

from __future__ import annotations

import pytest

from analysis.build import plan
from analysis.cli import main
from analysis.errors import NoDataError, UnknownSectionError, UnknownTerritoryError


@pytest.mark.parametrize("argv, message", [
    (["build", "-t", "XYZ"], "Territoire inconnu : 'XYZ'"),
    (["build", "-t", "02691"], "Territoire inconnu : '02691'"),
    (["build", "-t", "CALL", "-s", "dechets"], "Section inconnue : 'dechets'"),
    (["build", "-t", "CALL", "-y", "2018", "-s", "waste"],
     "Pas de données « Déchets » pour CALL en 2018 (années disponibles : 2019)."),
    (["build", "-t", "CALL", "-y", "2031"], "Aucune donnée pour CALL en 2031."),
])
def test_invalid_parameters_exit_with_code_2_and_a_clear_message(argv, message, capsys,
                                                                 tmp_path):
    assert main(argv + ["-o", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # nothing was executed


def test_territory_codes_are_accepted_as_short_code_or_siren_text():
    by_short = plan(["call"], [2019], ["waste"])
    by_siren = plan(["246200364"], [2019], ["waste"])
    assert by_short == by_siren
    assert by_short[0].parameters() == {"territory": "CALL", "year": 2019,
                                        "data_dir": str(by_short[0].data_dir)}


def test_plan_raises_the_specific_errors():
    with pytest.raises(UnknownTerritoryError):
        plan(["2691"])
    with pytest.raises(UnknownSectionError):
        plan(["CALL"], sections=["mobilite"])
    with pytest.raises(NoDataError):
        plan(["CAPH"], [2019], ["waste"])


def test_default_plan_builds_every_section_that_has_data():
    specs = plan()
    waste = {("CALL", 2019), ("CAVM", 2021), ("CAVM", 2022), ("CAVM", 2023), ("CAPH", 2021),
             ("CABBALR", 2022)}
    # housing: one section per document edition (CRTE 2021, PLH 2023, CAVM report 2025, …)
    housing = {("CALL", 2019), ("CAVM", 2021), ("CAVM", 2023), ("CAVM", 2025),
               ("CAPH", 2021), ("CABBALR", 2022)}
    # mobility: the CAPH has no observation but targets in the CRTE 2021
    mobility = {("CALL", 2019), ("CAVM", 2021), ("CAVM", 2025), ("CAPH", 2021),
                ("CABBALR", 2022)}
    # energy: the CABBALR has only a target (-78 % GHG), filed under its project's year
    energy = {("CALL", 2019), ("CAVM", 2021), ("CAVM", 2025), ("CAPH", 2021),
              ("CABBALR", 2022)}
    assert {(s.territory.short, s.section.name, s.year) for s in specs} == (
        {(t, "waste", y) for t, y in waste} | {(t, "housing", y) for t, y in housing}
        | {(t, "mobility", y) for t, y in mobility} | {(t, "energy", y) for t, y in energy})


def test_list_command_prints_availability(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "CALL" in out and "2019" in out


def test_the_help_names_every_registered_section_and_only_those(capsys):
    from analysis.cli import SECTION_NAMES
    from analysis.sections import SECTIONS

    assert list(SECTION_NAMES) == list(SECTIONS)
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    assert f"section ({', '.join(SECTIONS)})" in " ".join(capsys.readouterr().out.split())
