"""Unit tests of analysis.sections.housing (its formulas, its tables against the documents,
its steps); expected values are worked out by hand in each test."""

from __future__ import annotations

import pandas as pd
import pytest

from analysis.core.errors import NoDataError
from analysis.core.fmt import printed_decimals
from analysis.core.paths import data_dir
from analysis.core.uncertainty import Estimate
from analysis.figures import catalogue
from analysis.figures.record import figures_frame
from analysis.inputs.territories import scope_communes
from analysis.sections import housing as section_module
from analysis.sections.base import compute
from analysis.sections.housing import model as housing


def test_per_dwelling_is_bounded_by_the_rounding_of_both_inputs():
    amount = housing.per_dwelling(Estimate.rounded(3_114_000, 1000), Estimate.rounded(346, 1))
    assert amount.value == pytest.approx(9000)
    assert amount.low == pytest.approx(3_113_500 / 346.5)
    assert amount.high == pytest.approx(3_114_500 / 345.5)


def test_implied_stock_of_a_published_count_and_rate():
    stock = housing.implied_stock(Estimate.rounded(8700, 100), Estimate.rounded(9, 1))
    assert stock.value == pytest.approx(8700 / 9 * 100)
    assert stock.low == pytest.approx(8650 / 9.5 * 100)
    assert stock.high == pytest.approx(8750 / 8.5 * 100)


WIDE = pd.DataFrame(
    {"dwellings": [100.0, 200.0, 0.0], "main_residences": [85.0, 140.0, 0.0],
     "secondary_residences": [5.0, 10.0, 0.0], "vacant_dwellings": [10.0, 50.0, 0.0],
     "houses": [90.0, 40.0, 0.0], "flats": [8.0, 160.0, 0.0]},
    index=pd.Index(["00001", "00002", "00003"], name="commune_code"),
)


def test_stock_structure_rates_per_commune_and_nan_without_dwellings():
    df = housing.stock_structure(WIDE)
    assert df.loc["00001", "vacancy_rate_pct"] == 10
    assert df.loc["00002", "flats_share_pct"] == 80
    assert df.loc["00002", "main_residences_share_pct"] == 70
    assert pd.isna(df.loc["00003", "vacancy_rate_pct"])


def test_territory_totals_recompute_rates_on_the_sums_not_the_mean_of_rates():
    totals = housing.territory_totals(WIDE)
    assert totals["dwellings"] == 300 and totals["vacant_dwellings"] == 60
    assert totals["vacancy_rate_pct"] == 20  # the mean of the commune rates would be 17.5
    assert totals["flats_share_pct"] == pytest.approx(100 * 168 / 300)


def test_census_wide_keeps_the_communes_asked_for():
    long = pd.DataFrame({"commune_code": ["00001", "00001", "00002"],
                         "indicator": ["dwellings", "flats", "dwellings"],
                         "value": [10.0, 4.0, 7.0], "source_id": ["s"] * 3})
    wide = housing.census_wide(long, {"00001"})
    assert list(wide.index) == ["00001"] and wide.loc["00001", "flats"] == 4
    assert list(wide.columns) == housing.CENSUS_INDICATORS


def test_every_indicator_and_breakdown_of_the_housing_data_has_a_french_label():
    for table in ("observations", "published", "targets"):
        df = pd.read_csv(data_dir() / "housing" / f"{table}.csv", dtype=str,
                         keep_default_na=False)
        assert set(df["indicator"]) <= set(catalogue.CATALOGUE), table
        assert {b for b in df["breakdown"] if b} <= set(housing.BREAKDOWNS), table


def test_label_of_joins_indicator_and_breakdown():
    assert housing.label_of("vacancy_rate_pct", "lovac") == (
        "Taux de vacance — chiffre LOVAC du document")
    assert housing.label_of("dwellings") == "Logements"


def test_section_totals_equal_the_committed_epci_aggregates():
    """The section sums the communes; make reference-data summed them independently."""
    from analysis.inputs.tables import load_table

    epci = load_table("reference/census_2021_by_epci")
    communes = scope_communes(load_table("reference/communes"))
    census = load_table("reference/census_2021_by_commune")
    for territory in ("CAVM", "CAPH", "CALL", "CABBALR"):
        codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
        totals = housing.territory_totals(housing.census_wide(census, codes))
        expected = epci[epci["epci_short"] == territory].set_index("indicator")["value"]
        for indicator in housing.CENSUS_INDICATORS:
            assert totals[indicator] == expected[indicator], (territory, indicator)
        assert set(epci.loc[epci["epci_short"] == territory, "n_communes"]) == {len(codes)}


# --- the housing tables against the documents (expectations read from the documents) -------


def _document(source_id: str) -> list[str]:
    """Lines of a source document (line N of the locator is item N - 1)."""
    from analysis.inputs.tables import load_table

    sources = load_table("sources").set_index("source_id")
    path = data_dir().parent / sources.loc[source_id, "path"]
    return path.read_text(encoding="utf-8").split("\n")


def _table(name: str) -> pd.DataFrame:
    from analysis.inputs.tables import load_table

    return load_table(f"housing/{name}")


def _at(df: pd.DataFrame, source_id: str, line: int) -> pd.DataFrame:
    return df[(df["source_id"] == source_id) & (df["locator"] == f"l. {line}")]


CRTE, CALL_RDD, PLH = "crte_valenciennois_2021", "call_rdd_2019_2020", "cavm_plh_2023"


def test_the_states_erbm_envelope_is_the_mining_basins_not_an_agglomerations():
    """CRTE l. 493: « à l'échelle de ce contrat » (the ERBM) the State finances 10 M€ a year
    for 10 years, i.e. the « 100 millions d'euros sur 10 ans » of the CALL report (l. 1965)."""
    crte, call = _document(CRTE), _document(CALL_RDD)
    assert "pendant 10 ans" in crte[492] and "10 M€ par an" in crte[492]
    assert "l'Etat : 100 millions d'euros sur 10 ans" in call[1964]
    targets = _table("targets")
    state = targets[targets["indicator"] == "mining_housing_state_credits_eur"]
    assert sorted(state["territory"]) == ["CALL", "CAVM"]
    assert set(state["breakdown"]) == {"bassin_minier"}  # the README's tag for the basin
    assert "bassin_minier_erbm" not in housing.BREAKDOWNS


def test_the_erbm_partners_envelopes_are_not_filed_as_the_calls_own():
    """CALL report l. 1963-1968: the ERBM's « Partenaires financiers » (State, Region,
    Department, CALL); only « la CALL : 30 millions d'euros sur 10 ans » is the CALL's."""
    call = _document(CALL_RDD)
    assert "Partenaires financiers" in call[1962] and "la CALL : 30 millions" in call[1967]
    targets = _table("targets")
    envelopes = targets[(targets["source_id"] == CALL_RDD)
                        & targets["locator"].isin(["l. 1965", "l. 1966", "l. 1967", "l. 1968"])]
    assert len(envelopes) == 4
    own = envelopes[envelopes["breakdown"] == ""]
    assert own["locator"].tolist() == ["l. 1968"] and own["target_value"].tolist() == [30e6]
    for r in envelopes[envelopes["locator"].isin(["l. 1966", "l. 1967"])].itertuples():
        assert "non précisé" in housing.BREAKDOWNS[r.breakdown], r.locator


def test_urgence_orders_are_not_labelled_peril_and_their_total_is_never_printed():
    """PLH l. 37-38: 214 dwellings « au titre de l'insalubrité » and 175 « au titre de
    l'urgence (danger imminent) » in 2019; the document prints no total and never « péril »."""
    plh = _document(PLH)
    text = plh[36] + " " + plh[37]
    assert "214 logements" in text and "175 logements au titre de I'urgence" in text
    assert "(danger imminent)" in text
    assert not any("péril" in line.lower() or "389" in line for line in plh)
    orders = _table("observations")
    orders = orders[orders["indicator"] == "dwellings_under_prefectoral_order"]
    labels = {r.value: housing.label_of(r.indicator, r.breakdown) for r in orders.itertuples()}
    assert "urgence (danger imminent)" in labels[175]
    assert "péril" not in labels[175] and "sécurité" not in labels[175]
    assert "insalubrité" in labels[214]
    published = _table("published")
    assert published[published["indicator"] == "dwellings_under_prefectoral_order"].empty
    assert "non imprimé" in housing.label_of("dwellings_under_prefectoral_order", "total")


def test_a_need_the_document_estimates_is_not_filed_as_a_target():
    """CRTE l. 485: « il faudrait agir sur 2000 logements par an pendant 30 ans (2020-2050) »
    is a need (for the whole stock), not a target the CAPH adopted."""
    line = _document(CRTE)[484]
    assert "il faudrait agir sur 2000 logements par an pendant 30 ans (2020-2050)" in line
    targets = _table("targets")
    assert not targets["quote"].str.contains("il faudrait").any()
    need = _at(_table("observations"), CRTE, 485)
    need = need[need["indicator"] == "dwellings_renovation_needs_per_year"]
    assert need[["territory", "period", "value", "unit"]].values.tolist() == [
        ["CAPH", "2020-2050", 2000.0, "count/an"]]
    assert "besoin" in catalogue.get("dwellings_renovation_needs_per_year").label.lower()


def test_the_previous_programmes_70_sales_a_year_is_a_target_not_an_observed_pace():
    """PLH l. 610-611: the previous PLH set out « pour atteindre une moyenne de 70 logements
    vendus par an »; the average achieved is not printed (« Si ce résultat a été atteint »)."""
    plh = _document(PLH)
    assert "pour atteindre une moyenne de 70 logements vendus par" in plh[609]
    assert _at(_table("observations"), PLH, 610).empty
    target = _at(_table("targets"), PLH, 610)
    assert target[["indicator", "target_kind", "target_value"]].values.tolist() == [
        ["hlm_sales", "per_year", 70.0]]
    assert not {"hlm_sales_usual_per_year", "hlm_sales_vs_usual_pct"} & set(catalogue.CATALOGUE)


def test_national_objectives_cited_by_a_document_are_tagged_national():
    """CALL report l. 2404 « Objectifs - Contexte national » (BBC in 2050, l. 2419); PLH
    l. 1566-1567: « La loi climat et résilience … entre 2021 et 2031 »."""
    call, plh = _document(CALL_RDD), _document(PLH)
    assert "Contexte national" in call[2403] and "critère « BBC » en 2050" in call[2418]
    assert "loi climat et résilience" in plh[1565] and "entre 2021 et 2031" in plh[1566]
    targets = _table("targets")
    bbc = _at(targets, CALL_RDD, 2419).iloc[0]
    assert bbc["breakdown"] == "france"
    zan = _at(targets, PLH, 1566).iloc[0]
    assert zan["breakdown"] == "france" and (zan["base_year"], zan["target_year"]) == (2021, 2031)


def test_doubling_a_pace_is_a_change_of_the_pace_not_a_level_of_dwellings():
    """CALL report l. 1922: the ERBM « vise à doubler le rythme de réhabilitation du patrimoine
    minier »: +100 % of a pace, not 100 % of the 346 subsidised dwellings (l. 1917)."""
    assert "doubler le rythme de réhabilitation du patrimoine minier" in _document(CALL_RDD)[1921]
    target = _at(_table("targets"), CALL_RDD, 1922).iloc[0]
    assert (target["target_kind"], target["target_value"]) == ("relative_change_pct", 100)
    assert target["indicator"] != "mining_dwellings_renovated"
    assert "rythme" in catalogue.get(target["indicator"]).label.lower()
    assert "évolution relative" in housing.KIND_SUFFIXES["relative_change_pct"]


def test_periods_and_labels_say_no_more_than_the_documents():
    crte, call, plh = _document(CRTE), _document(CALL_RDD), _document(PLH)
    obs = _table("observations")
    # « Pour le Valenciennois, depuis 2017, 6,7 M€ ont été déployés » (CRTE l. 493)
    assert "depuis 2017, 6,7 M€" in crte[492]
    assert _at(obs, CRTE, 493)["period"].tolist() == ["depuis 2017"]
    # « investiront 397 M€ sur 10 ans » (CRTE l. 1077): programmed money, over 10 years
    assert "investiront 397 M€ sur 10 ans" in crte[1076]
    npnru = _at(obs, CRTE, 1077)
    assert len(npnru) == 5 and set(npnru["period"]) == {"10 ans"}
    for indicator in set(npnru["indicator"]):
        assert "programmé" in catalogue.get(indicator).label, indicator
    # « quatre connaîtront un démarrage de travaux en 2021 » (CRTE l. 1085): announced
    assert "connaîtront un démarrage de travaux en 2021" in crte[1084]
    for indicator in ("mining_cites_works_started", "mining_cites_studies_started"):
        assert "annoncé" in catalogue.get(indicator).label, indicator
    # « 488 logements subventionnés ou agréés » (CALL report l. 1857)
    assert "logements subventionnés ou agréés" in call[1856].replace("**", "")
    dwellings = _at(obs, CALL_RDD, 1857)["indicator"].iloc[0]
    assert catalogue.get(dwellings).label == "Logements sociaux subventionnés ou agréés"
    assert housing.PER_DWELLING["social_housing_funding_per_dwelling_eur"][1] == dwellings
    assert "subventionné ou agréé" in catalogue.get(
        "social_housing_funding_per_dwelling_eur").label
    # « 1000 logements attributaires du permis de louer » (CABBALR l. 144)
    assert "attributaires du permis de louer" in _document("cabbalr_projet_2022")[143]
    assert "attributaires" in catalogue.get("rental_permit_dwellings").label
    # « contre 9,4 % en France métropolitaine » (PLH l. 2067-2068)
    assert plh[2067].startswith("métropolitaine")
    assert housing.BREAKDOWNS["france_metropolitaine"] == "France métropolitaine"
    # « Selon les projections démographiques Omphale … d'ici 2050 » (PLH l. 2068)
    assert "projections démographiques Omphale" in plh[2067]
    projected = obs[(obs["source_id"] == PLH) & (obs["period"] == "2050")]
    assert len(projected) == 2 and set(projected["breakdown"]) == {"projection_omphale"}


APPROXIMATE = ("près", "environ", "quelque", "plus de", "plus ", "moins de")


def test_precision_follows_the_rule_of_the_data_dictionary():
    """data/README.md: precision = place of the last printed digit, or of the last non-zero
    digit for a number the document gives as approximate; « 6 000 habitants » → 1."""
    for name in ("observations", "published"):
        for r in _table(name).itertuples():
            if r.precision <= 1:
                continue
            quote = r.quote.lower()
            assert any(w in quote for w in APPROXIMATE) or "m€" in quote, (name, r.locator,
                                                                            r.indicator)
    obs = _table("observations")
    assert "environ 1 000 ha" in _document(PLH)[1051]
    assert _at(obs, PLH, 1052)["precision"].tolist() == [1000]  # « environ 1 000 ha »
    assert _at(obs, "cabbalr_projet_2022", 144)["precision"].tolist() == [1]  # « 1000 »


def test_figures_are_shown_with_the_decimals_the_document_printed():
    assert [printed_decimals(p) for p in (0.01, 0.1, 1, 10, 1000)] == [2, 1, 0, 0, 0]
    assert [housing.value_decimals(v) for v in (100, 26, 7.45, 10.4, -50)] == [0, 0, 2, 1, 0]


# --- the section on the committed data: its steps, its tables, its refusals ------------------


@pytest.fixture(scope="module")
def inputs():
    return section_module.load_inputs()


@pytest.fixture(scope="module")
def cavm_2023(inputs):
    return compute(section_module, inputs, "CAVM", 2023)


def test_the_steps_run_one_by_one_give_the_figures_of_compute(inputs, cavm_2023):
    ctx = section_module.start(inputs, "CAVM", 2023)
    tables = [each(ctx) for each in section_module.STEPS]
    # every figure but the population (recorded by start) comes from one step, in order
    stepped = pd.concat(tables, ignore_index=True)
    pd.testing.assert_frame_equal(stepped, figures_frame(ctx.collector.figures[1:]),
                                  check_dtype=False)  # empty steps concatenate as object
    result = section_module.finish(ctx)
    pd.testing.assert_frame_equal(result.df_figures, cavm_2023.df_figures)
    assert result.missing == cavm_2023.missing
    shown = cavm_2023.df_figures.drop_duplicates("figure_id")
    assert shown["indicator"].tolist() == ["population"] + stepped["indicator"].tolist()
    assert shown["label"].tolist()[1:] == stepped["label"].tolist()
    assert shown["value"].tolist()[1:] == pytest.approx(stepped["value"].tolist())


def test_a_step_returns_the_figures_it_added(inputs):
    ctx = section_module.start(inputs, "CAVM", 2023)
    assert [f.indicator for f in ctx.collector.figures] == ["population"]
    added = section_module.stock(ctx)
    # six census counts, five rates recomputed on the sums, dwellings per 1 000 inhabitants
    assert added["indicator"].tolist() == housing.CENSUS_INDICATORS + list(
        housing.CENSUS_RATES) + ["dwellings_per_1000_inhabitants"]
    assert len(ctx.collector.figures) == 1 + len(added)
    dwellings = added.loc[added["indicator"] == "dwellings", "value"].iloc[0]
    vacant = added.loc[added["indicator"] == "vacant_dwellings", "value"].iloc[0]
    rate = added.loc[added["indicator"] == "vacancy_rate_pct", "value"].iloc[0]
    assert rate == pytest.approx(100 * vacant / dwellings)
    lovac = section_module.private_vacancy(ctx)
    assert set(lovac["breakdown"]) <= {"lovac_file", ""}
    assert section_module.vacancy(ctx).shape[0] == (
        len(ctx.collector.figures) - 1 - len(added) - len(lovac))


def test_the_page_tables_of_cavm_2023(cavm_2023):
    communes = cavm_2023.frames["communes"]
    assert len(communes) == 35 and "commune_code" in communes
    assert communes["commune_name"].notna().all()
    vacancy = cavm_2023.frames["vacancy"]
    assert vacancy["what"].iloc[0] == "Recensement 2021 (INSEE, tous logements)"
    # PLH l. 183-187: 8 700 (INSEE) and 11 500 (LOVAC) vacant dwellings, 9 % and 12 %
    printed = vacancy.set_index("vacant")["published_rate_pct"]
    assert (printed[8700], printed[11500]) == (9, 12)
    production = cavm_2023.frames["production"]
    assert production["target_share_pct"].sum() == 100
    assert production["per_year"].sum() == pytest.approx(780)
    assert not cavm_2023.frames["targets"].empty
    assert cavm_2023.values["census_vintage"] == 2021
    assert cavm_2023.values["lovac_year"] == max(d for d in lovac_dates() if d <= 2023)


def lovac_dates() -> set[int]:
    """The 1 January years of the committed LOVAC files, from their headers (openpyxl)."""
    import re

    from openpyxl import load_workbook

    dates = set()
    for path in (data_dir() / "housing" / "lovac").glob("*.xlsx"):
        book = load_workbook(path, read_only=True)
        header = next(book["Données"].iter_rows(values_only=True))
        book.close()
        dates |= {2000 + int(m.group(1)) for c in header
                  if (m := re.fullmatch(r"Nb_logvac_pp_0101(\d\d)", str(c)))}
    return dates


def filosofi_years() -> set[int]:
    """The income years of the committed Filosofi files, from their headers."""
    import re

    years = set()
    for path in (data_dir() / "housing" / "filosofi").glob("*.csv"):
        header = path.read_text(encoding="utf-8").split("\n")[0].split(";")
        years |= {2000 + int(m.group(1)) for c in header if (m := re.fullmatch(r"MED(\d\d)", c))}
    return years


def test_a_year_without_housing_data_is_a_no_data_error_naming_the_available_years(inputs):
    """A page for every edition of the documents, every LOVAC date and Filosofi year (each
    territory has known communes in them); none for the 2018 rent map alone."""
    obs = inputs.observations
    documents = {int(y) for y in obs.loc[obs["territory"] == "CAVM", "year"]}
    years = sorted(documents | lovac_dates() | filosofi_years())
    with pytest.raises(NoDataError) as info:
        section_module.start(inputs, "CAVM", 2099)
    assert str(info.value) == (f"pas de données habitat pour CAVM en 2099 (années "
                               f"disponibles : {', '.join(map(str, years))})")
    assert section_module.years(inputs, "CAVM") == years
    assert 2018 not in section_module.years(inputs, "CAVM")  # the rent map adds no page


# --- the official files by commune: year rule, audit against the documents, maps ------------


@pytest.fixture(scope="module")
def cavm_2019(inputs):
    return compute(section_module, inputs, "CAVM", 2019)


def test_a_2019_page_shows_only_data_of_2019_or_before(cavm_2019):
    df = cavm_2019.df_figures
    lovac = df[df["breakdown"] == "lovac_file"]
    assert set(lovac["period"]) == {"01/01/2019"}
    # the first file to publish 01/01/2019 is the one « au 01/01/2020 »
    assert lovac["source"].str.contains("fichier au 01/01/2020").all()
    assert not df["indicator"].isin(["median_disposable_income_eur", "poverty_rate_pct"]).any()
    assert set(df.loc[df["indicator"] == "advertised_rent_eur_m2", "period"]) == {"2018"}
    assert cavm_2019.values["filosofi_year"] is None


def test_every_date_is_shown_once_from_one_file(cavm_2023):
    df = cavm_2023.df_figures.drop_duplicates("figure_id")
    lovac = df[(df["indicator"] == "vacant_private") & (df["breakdown"] == "lovac_file")]
    assert lovac["period"].is_unique
    assert set(lovac["period"]) == {f"01/01/{d}" for d in lovac_dates() if d <= 2023}
    assert cavm_2023.frames["lovac_series"]["year"].is_unique


def test_no_epci_median_income_is_computed(cavm_2023):
    df = cavm_2023.df_figures
    incomes = df[df["indicator"] == "median_disposable_income_eur"]
    assert sorted(incomes["breakdown"]) == ["commune_max", "commune_min"]
    assert (incomes["kind"] == "reference").all()


def test_a_filosofi_file_without_any_commune_of_the_territory_is_said_not_shown(inputs):
    """SYNTHETIC: every CAVM commune marked absent from the Filosofi files (as the communes
    of Guadeloupe in the committed one). The page has no income figure and says why; it
    used to stop on the missing range."""
    import dataclasses

    from analysis.sections.housing import text

    files = []
    for file in inputs.filosofi:
        df = file.communes.copy()
        df[["median_status", "poverty_status"]] = "absent"
        files.append(dataclasses.replace(file, communes=df))
    result = compute(section_module, dataclasses.replace(inputs, filosofi=files), "CAVM", 2021)
    assert not result.df_figures["indicator"].isin(
        ["median_disposable_income_eur", "poverty_rate_pct"]).any()
    n = (result.frames["incomes"]["commune_code"]).nunique()
    assert text.incomes_markdown(result).startswith(
        f"Revenus {result.values['filosofi_year']} (INSEE, Filosofi) : le fichier ne publie le "
        f"revenu médian d'aucune commune de ce territoire (0 communes publiées sur {n} "
        f"({n} absentes du fichier)) : pas de revenus ici.")


def test_the_plh_lovac_figures_are_audited_against_the_file_with_a_stated_tolerance(cavm_2023):
    """PLH l. 183-186: 11 500 « LOVAC » vacant dwellings, 16 % of the private stock and
    3 870 vacant for more than 2 years, compared with the file at its latest date."""
    df = cavm_2023.df_figures
    checked = df[df["check"] == "national_file"].set_index("indicator")
    assert set(checked.index) == {"vacant_private", "vacant_2y_plus", "vacancy_rate_pct"}
    assert (checked["breakdown"] == "lovac_file").all()
    assert checked.loc["vacant_private", "published_value"] == 11500
    assert checked.loc["vacant_2y_plus", "published_value"] == 3870
    assert checked.loc["vacancy_rate_pct", "published_value"] == 16
    assert checked["note"].str.contains("écart admis à l'audit").all()
    assert checked["published_source"].str.contains("l. 18").all()
    # the documents' own figures are still shown as printed
    printed = df[(df["indicator"] == "vacant_dwellings") & (df["breakdown"] == "lovac")]
    assert printed["status"].tolist() == ["printed"]


def test_the_tolerance_is_the_files_variation_and_its_uncounted_communes(cavm_2023):
    df = cavm_2023.df_figures
    series = cavm_2023.frames["lovac_series"]
    row = df[(df["check"] == "national_file") & (df["indicator"] == "vacant_2y_plus")].iloc[0]
    communes = cavm_2023.frames["communes"]
    latest = communes[communes["vacant_2y_plus"].isna()]
    expected = 100 * (series["vacant_2y_plus"].max() - series["vacant_2y_plus"].min()) / 3870 \
        + 100 * latest["vacant_dwellings"].sum() / 3870
    allowed = float(row["note"].split("écart admis à l'audit : ")[1].split(" %")[0]
                    .replace(",", "."))
    assert allowed == pytest.approx(round(expected, 1))
    assert row["status"] == ("match" if abs(row["gap_pct"]) <= allowed else "mismatch")


def test_small_multiples_write_each_outline_once_and_a_use_per_map():
    from xml.etree import ElementTree

    from analysis.display.maps import Panel, class_breaks, class_of, small_multiples

    polygons = {"00001": [[[0, 0], [1, 0], [1, 1], [0, 0]]],
                "00002": [[[1, 0], [2, 0], [2, 1], [1, 0]]]}
    panels = [Panel("A", {"00001": 1.0, "00002": float("nan")}, missing="secret"),
              Panel("B", {"00001": 1.0, "00002": 3.0}, 1, " %")]
    svg = small_multiples("Titre & carte", panels, polygons)
    root = ElementTree.fromstring(svg)  # well-formed, text escaped
    ns = "{http://www.w3.org/2000/svg}"
    assert len(root.findall(f"{ns}defs/{ns}path")) == 2
    assert len(root.findall(f".//{ns}use")) == 4
    assert "url(#h)" in svg and "secret" in svg and "Titre &amp; carte" in svg
    assert class_breaks([1.0, float("nan"), 3.0], 2) == [1.0, 2.0, 3.0]
    assert [class_of(v, [1.0, 2.0, 3.0]) for v in (1.0, 1.5, 2.0, 3.0)] == [0, 0, 1, 1]


def test_a_merged_commune_secret_and_absent_communes_on_a_page(data_copy):
    """The SYNTHETIC xlsx of tests/fixtures (declared with its sha256) in place of the
    published files: its fictitious merged commune, filed under the CAVM's EPCI code, is
    named on the page and never counted; secret and absent communes are told apart."""
    import hashlib
    import shutil

    from analysis.core.paths import PROJECT_ROOT
    from analysis.sections.housing import text

    folder = data_copy / "housing" / "lovac"
    for path in folder.glob("*"):
        path.unlink()
    fixture = PROJECT_ROOT / "tests" / "fixtures" / "lovac_synthetic_edge_2021.xlsx"
    shutil.copy(fixture, folder)
    digest = hashlib.sha256(fixture.read_bytes()).hexdigest()
    with open(data_copy / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"lovac_synthetic_edge_2021,LOVAC SYNTHÉTIQUE pour les tests,tests,,2021,"
                f"2020-2021,aucune,data/housing/lovac/{fixture.name},{digest},tests,"
                f"Valeurs fictives.\n")
    inputs = section_module.load_inputs(data_copy)
    result = compute(section_module, inputs, "CAVM", 2021)
    vacant = result.df_figures[(result.df_figures["indicator"] == "vacant_private")
                               & (result.df_figures["period"] == "01/01/2021")].iloc[0]
    assert vacant["value"] == 2500 + 460
    assert vacant["note"].startswith("minorant : 2 communes sur 35 (1\u00a0secrète, "
                                     "32\u00a0absentes du fichier)")
    assert "Commune-Nouvelle-Fictive (59999)" in text.private_vacancy_markdown(result)
    long_term = result.df_figures[(result.df_figures["indicator"] == "vacant_2y_plus")
                                  & (result.df_figures["period"] == "01/01/2021")].iloc[0]
    assert long_term["value"] == 950 and "durée de vacance secrète dans 1" in long_term["note"]


@pytest.fixture(scope="module")
def cavm_2021(inputs):
    return compute(section_module, inputs, "CAVM", 2021)


def test_a_commune_absent_from_the_census_makes_its_sums_stated_lower_bounds(inputs,
                                                                               cavm_2021):
    """SYNTHETIC gap: the rows of the CAVM commune with the most LOVAC vacant dwellings are
    taken out of the census. The page is built; its census counts are the sums of the other
    communes (summed here from the census table), said to be lower bounds with the commune
    named; its rates are those of the communes present; the commune stays in the communes
    table with empty census cells; LOVAC is set against the census without it."""
    import dataclasses

    from analysis.sections.housing import text

    communes = cavm_2021.frames["communes"].set_index("commune_code")
    code = communes["vacant_private"].idxmax()
    name = communes.loc[code, "commune_name"]
    census = {v: df[df["commune_code"] != code] for v, df in inputs.census.items()}
    gapped = dataclasses.replace(inputs, census=census)
    result = compute(section_module, gapped, "CAVM", 2021)
    df = (result.df_figures.drop_duplicates("figure_id")
          .query("breakdown in ['', 'census'] and period == 'INSEE, recensement 2021'")
          .set_index("indicator"))
    kept = census[2021][census[2021]["commune_code"].isin(communes.index)]
    sums = kept.groupby("indicator")["value"].sum()
    assert df.loc["dwellings", "value"] == sums["dwellings"]
    assert df.loc["dwellings", "note"] == (
        f"minorant : 1\u00a0commune sur {len(communes)} absente du recensement 2021 "
        f"({name} ({code}))")
    assert df.loc["vacancy_rate_pct", "value"] == pytest.approx(
        100 * sums["vacant_dwellings"] / sums["dwellings"])
    assert df.loc["vacancy_rate_pct", "note"] == (
        f"taux des {len(communes) - 1} communes présentes au recensement")
    assert "minorant" in df.loc["dwellings_per_1000_inhabitants", "note"]
    table = result.frames["communes"].set_index("commune_code")
    assert len(table) == len(communes) and pd.isna(table.loc[code, "dwellings"])
    assert (f"1\u00a0commune sur {len(communes)} n'a pas de ligne dans ce recensement** "
            f"({name} ({code}))") in text.intro_markdown(result)
    lovac = result.frames["lovac_census"]["vacant"]
    assert lovac.iloc[2] == (cavm_2021.frames["lovac_census"]["vacant"].iloc[2]
                             - communes.loc[code, "vacant_private"])
    # the complete census says nothing of the kind
    complete = cavm_2021.df_figures.set_index("indicator")
    assert "minorant" not in complete.loc["dwellings", "note"]
