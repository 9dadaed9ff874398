"""The runner checks its parameters before any kernel starts (exit code 2)."""

from __future__ import annotations

import csv

import pytest
from helpers import national_file_pages

from analysis.core.errors import NoDataError, UnknownSectionError, UnknownTerritoryError
from analysis.core.paths import PROJECT_ROOT
from analysis.core.specs import section_specs
from analysis.engine.cli import main
from analysis.engine.plan import plan

PAGE_SECTIONS = list(section_specs(scope="territory"))
# the sections that transcribe documents (peers reads national files only)
DOCUMENTED = [s for s in PAGE_SECTIONS
              if (PROJECT_ROOT / "data" / s / "observations.csv").is_file()]


@pytest.mark.parametrize("argv, message", [
    (["build", "-t", "XYZ"], "Territoire inconnu : 'XYZ'"),
    (["build", "-t", "02691"], "Territoire inconnu : '02691'"),
    (["build", "-t", "CALL", "-s", "dechets"], "Section inconnue : 'dechets'"),
    # 2099: a year nobody will add; the years that exist are read from the data
    (["build", "-t", "CALL", "-y", "2099", "-s", "waste"],
     "Pas de données « Déchets » pour CALL en 2099 (années disponibles : {waste})."),
    (["build", "-t", "CALL", "-y", "2099"],
     "Aucune donnée pour CALL en 2099 (années disponibles : {any})."),
])
def test_invalid_parameters_exit_with_code_2_and_a_clear_message(argv, message, capsys,
                                                                 tmp_path):
    waste = _observed_years("waste", "CALL")
    every = set().union(*(_observed_years(s, "CALL") for s in DOCUMENTED)) | {
        year for territory, _, year in national_file_pages() if territory == "CALL"}
    message = message.format(waste=", ".join(map(str, sorted(waste))),
                             any=", ".join(map(str, sorted(every))))
    assert main(argv + ["-o", str(tmp_path)]) == 2
    assert message in capsys.readouterr().err
    assert not any(tmp_path.iterdir())  # nothing was executed


def test_territory_codes_are_accepted_as_short_code_or_siren_text():
    by_short = plan(["call"], [2019], ["waste"])
    by_siren = plan(["246200364"], [2019], ["waste"])
    assert by_short == by_siren
    assert by_short[0].parameters() == {"territory": "CALL", "year": 2019,
                                        "data_dir": str(by_short[0].data_dir),
                                        "outputs_dir": str(by_short[0].output_dir)}


def test_plan_raises_the_specific_errors():
    with pytest.raises(UnknownTerritoryError):
        plan(["2691"])
    with pytest.raises(UnknownSectionError):
        plan(["CALL"], sections=["mobilite"])
    with pytest.raises(NoDataError):
        plan(["CAPH"], [2099], ["waste"])


def _rows(table: str) -> list[dict]:
    with open(PROJECT_ROOT / "data" / f"{table}.csv", encoding="utf-8", newline="") as f:
        return list(csv.DictReader(f))


def _observed_years(section: str, territory: str) -> set[int]:
    """Years of a territory's rows in a section's observations (read with the csv module)."""
    return {int(r["year"]) for r in _rows(f"{section}/observations")
            if r["territory"] == territory}


def test_default_plan_builds_every_section_that_has_data():
    planned = {(s.territory.short, s.section.name, s.year) for s in plan()}
    observed = {(r["territory"], section, int(r["year"])) for section in DOCUMENTED
                for r in _rows(f"{section}/observations") if r["territory"] not in ("FR", "HDF")}
    assert observed <= planned  # every territory-year with observations has its page
    official = national_file_pages()
    assert official <= planned  # and every year a national file covers for it
    # any other page is a year that a document sets the territory targets in
    editions = {}
    for section in DOCUMENTED:
        for r in _rows(f"{section}/observations"):
            editions[r["source_id"]] = min(editions.get(r["source_id"], 9999), int(r["year"]))
    published = {r["source_id"]: int(r["published"][:4]) for r in _rows("sources")}
    targeted = {(r["territory"], section, editions.get(r["source_id"], published.get(
        r["source_id"]))) for section in DOCUMENTED for r in _rows(f"{section}/targets")}
    assert planned - observed - official <= targeted


def test_list_command_prints_availability(capsys):
    assert main(["list"]) == 0
    out = capsys.readouterr().out
    assert "CALL" in out and "2019" in out


def test_the_help_names_every_section_found_and_only_those(capsys):
    assert {"waste", "housing", "mobility", "energy"} <= set(PAGE_SECTIONS)
    with pytest.raises(SystemExit):
        main(["build", "--help"])
    help_text = " ".join(capsys.readouterr().out.split())
    assert f"section ({', '.join(PAGE_SECTIONS)})" in help_text



def test_the_help_is_french_without_markup(capsys):
    with pytest.raises(SystemExit):
        main(["--help"])
    text = capsys.readouterr().out
    assert text.startswith("utilisation : analysis")
    assert "Codes de sortie" in text and "afficher cette aide" in text
    assert "``" not in text and "Command line" not in text and "show this help" not in text


def _without_population() -> dict[str, tuple[str, int]]:
    """EPCI of the committed reference none of whose communes has a population row (read
    here with csv and gzip): SIREN -> (name, number of communes)."""
    import gzip

    reference = PROJECT_ROOT / "data" / "reference"
    with gzip.open(reference / "population.csv.gz", "rt", encoding="utf-8") as f:
        with_population = {r["commune_code"] for r in csv.DictReader(f)}
    members: dict[str, set[str]] = {}
    with open(reference / "communes.csv", encoding="utf-8") as f:
        for r in csv.DictReader(f):
            members.setdefault(r["epci_siren"], set()).add(r["commune_code"])
    with open(reference / "epci.csv", encoding="utf-8") as f:
        names = {r["epci_siren"]: r["name"] for r in csv.DictReader(f)}
    return {siren: (names[siren], len(codes)) for siren, codes in members.items()
            if not codes & with_population}


@pytest.fixture(scope="module")
def without_population():
    found = _without_population()
    if not found:
        pytest.skip("every EPCI of the reference has a population")
    return found


def test_a_named_territory_without_population_stops_the_plan_with_why(
        without_population, capsys, tmp_path):
    siren, (name, n) = sorted(without_population.items())[0]
    assert main(["build", "-t", siren, "--no-pdf", "-o", str(tmp_path)]) == 2
    assert capsys.readouterr().err == (
        f"erreur : Aucune page pour {siren} ({name}) : aucune commune de {siren} "
        f"({n}\u00a0commune{'s' if n > 1 else ''}) n'a de population dans les données de "
        f"référence, à aucun millésime ; chaque page rapporte ses chiffres à la population "
        f"du territoire.\n")
    assert not any(tmp_path.iterdir())


def test_territories_of_a_list_without_population_are_left_out_and_said(
        without_population, tmp_path):
    from analysis.engine.plan import left_out

    listed = [*sorted(without_population), "CALL"]
    specs = plan(None, [2021], ["peers"], tmp_path, listed=listed)
    assert {s.territory.short for s in specs} == {"CALL"}
    reasons = {t.siren: reason for t, reason in left_out(listed, specs, [2021])}
    assert set(reasons) == set(without_population)
    assert all(r.startswith(f"aucune commune de {siren} (") for siren, r in reasons.items())


def test_a_plan_of_many_territories_is_the_plan_of_each_one(tmp_path):
    """Planning a region's EPCI together reads the national files once for all of them;
    the pages, their years and their navigation are those each EPCI gets when planned
    alone. Three EPCI of Hauts-de-France outside the four, taken from the reference."""
    with open(PROJECT_ROOT / "data" / "reference" / "epci.csv", encoding="utf-8") as f:
        listed = [r["epci_siren"] for r in csv.DictReader(f)
                  if r["region_code"] == "32" and r["short"] == r["epci_siren"]
                  and r["population"]][:3]

    def pages(specs):
        return [(s.territory.short, s.year, s.section.name, s.neighbours) for s in specs]

    from analysis.engine import plan as plan_module

    def fresh_plan(*args, **kwargs):  # the years of each territory found again
        plan_module._YEARS.clear()
        plan_module._inputs.cache_clear()
        return pages(plan(*args, **kwargs))

    together = fresh_plan(None, None, None, tmp_path, listed=listed)
    alone = [page for siren in listed for page in fresh_plan([siren], None, None, tmp_path)]
    assert together == alone and len({p[0] for p in together}) == 3
