"""District heating (SDES files) and the Enedis extract in the energy section, computed with
:func:`analysis.sections.base.compute` on the committed files.

Every expected value is computed here by another route from the raw files: a plain pandas read
(the first header row of an SDES file skipped by hand; the Enedis zip opened with zipfile), a
filter on the commune codes of ``data/reference/communes.csv``, a sum; the population is summed
with the csv module (``helpers.population``). Expectations are read from the data, so a file
added next year changes them without breaking the tests. The overlap tests make SYNTHETIC
files in a copy of the data."""

from __future__ import annotations

import hashlib
import zipfile
from pathlib import Path

import pandas as pd
import pytest
from helpers import population, reported_frame

from analysis.core.fmt import fr_count
from analysis.core.paths import PROJECT_ROOT
from analysis.inputs.official.reading import source_id_for
from analysis.sections import energy
from analysis.sections.base import compute
from analysis.sections.energy import heat_text

DATA = PROJECT_ROOT / "data"
HEAT_DIR = Path("energy") / "district_heating"
TERRITORIES = ("CAVM", "CAPH", "CALL", "CABBALR")


@pytest.fixture(scope="module")
def inputs():
    return energy.load_inputs()


def epci_of(data: Path = DATA) -> dict[str, str]:
    ref = reported_frame(pd.read_csv(data / "reference" / "communes.csv", dtype=str))
    return dict(zip(ref["commune_code"], ref["epci_short"], strict=True))


def raw_heat(data: Path = DATA) -> pd.DataFrame:
    """Every SDES file read by hand (labels row skipped), a line repeated identically in a
    file kept once, with the file's publication date and latest data year."""
    sources = pd.read_csv(data / "sources.csv", dtype=str, keep_default_na=False)
    published = dict(zip(sources["path"], sources["published"], strict=True))
    frames = []
    for path in sorted((data / HEAT_DIR).glob("*.csv")):
        df = pd.read_csv(path, sep=";", skiprows=1, dtype=str, keep_default_na=False)
        df = df.rename(columns={"IRIS_CODE": "IRIS"}).drop_duplicates()
        frames.append(df.assign(file=path.name,
                                published=published[f"data/{HEAT_DIR.as_posix()}/{path.name}"],
                                vintage=df["ANNEE"].astype(int).max()))
    df = pd.concat(frames, ignore_index=True)
    return df.assign(year=df["ANNEE"].astype(int),
                     territory=df["IRIS"].str[:5].map(epci_of(data)),
                     mwh=pd.to_numeric(df["CONSO"], errors="coerce"),
                     points=pd.to_numeric(df["PDL"], errors="coerce"))


def heat_rows(raw: pd.DataFrame, territory: str, page_year: int) -> pd.DataFrame:
    """The heat rows (filière C) of a territory a page of ``page_year`` reads: files whose
    latest year is not after it, each data year from the latest published of them."""
    df = raw[(raw["vintage"] <= page_year) & (raw["year"] <= page_year)]
    latest = df.groupby("year")["published"].max()
    df = df[df["published"] == df["year"].map(latest)]
    return df[(df["FILIERE"] == "C") & (df["territory"] == territory)]


def expected_heat(raw: pd.DataFrame, territory: str, page_year: int) -> pd.DataFrame:
    rows = heat_rows(raw, territory, page_year)
    return rows.groupby("year").agg(mwh=("mwh", lambda s: s.sum(min_count=1)),
                                    points=("points", lambda s: s.sum(min_count=1)))


def vintage_for(year: int) -> int:
    vintages = sorted({int(v) for v in pd.read_csv(DATA / "reference" / "population.csv.gz",
                                                   usecols=["vintage"])["vintage"]})
    before = [v for v in vintages if v <= year]
    return max(before) if before else min(vintages)


def figure(df: pd.DataFrame, indicator: str, period: int, breakdown: str = "") -> pd.Series:
    rows = df[(df["indicator"] == indicator) & (df["breakdown"] == breakdown)
              & (df["period"] == str(period))]
    assert len(rows) <= 1
    return rows.iloc[0] if len(rows) else None


# --- district heating on the committed files -------------------------------------------------


@pytest.mark.parametrize("territory", TERRITORIES)
def test_heat_consumption_and_delivery_points_by_year_match_the_raw_files(inputs, territory):
    raw = raw_heat()
    page = max(energy.years(inputs, territory))
    df = compute(energy, inputs, territory, page).df_figures
    expected = expected_heat(raw, territory, page)
    shown = df[(df["indicator"] == "district_heating_mwh") & (df["breakdown"] == "")]
    assert set(shown["period"]) == {str(y) for y, r in expected.iterrows() if r.mwh == r.mwh}
    for year, r in expected.iterrows():
        mwh = figure(df, "district_heating_mwh", year)
        if r.mwh != r.mwh:  # every cell secret or nd: no figure
            assert mwh is None
            continue
        assert mwh["value"] == pytest.approx(r.mwh)
        assert figure(df, "district_heating_points", year)["value"] == pytest.approx(r.points)
        per_inhabitant = figure(df, "district_heating_per_inhabitant_kwh", year)
        assert per_inhabitant["value"] == pytest.approx(
            1000 * r.mwh / population(territory, vintage_for(year)))


def test_every_territory_with_a_heat_network_gets_the_years_of_its_rows(inputs):
    raw = raw_heat()
    for territory in TERRITORIES:
        years = energy.years(inputs, territory)
        mine = set(raw.loc[raw["territory"] == territory, "year"])
        assert mine <= set(years), territory
        assert 2016 not in years  # the Enedis extract is shown on later pages, never its own
    assert raw["year"].nunique() >= 5 and 2019 not in set(raw["year"])


def test_by_network_and_by_sector_sum_to_the_total(inputs):
    raw = raw_heat()
    for territory in ("CALL", "CABBALR"):
        page = max(energy.years(inputs, territory))
        result = compute(energy, inputs, territory, page)
        df = result.df_figures
        rows = heat_rows(raw, territory, page)
        for year, group in rows.groupby("year"):
            total = figure(df, "district_heating_mwh", year)
            if total is None:
                continue
            parts = df[(df["indicator"] == "district_heating_mwh")
                       & (df["period"] == str(year))]
            networks = parts[parts["breakdown"].str.startswith("network_")]
            sectors = parts[~parts["breakdown"].str.startswith("network_")
                            & (parts["breakdown"] != "")]
            assert networks["value"].sum() == pytest.approx(total["value"])
            assert sectors["value"].sum() == pytest.approx(total["value"])
            # one figure per sector code with a value in the raw rows
            known = group[group["mwh"].notna()]
            assert len(sectors) == known["CODE_GRAND_SECTEUR"].nunique()


def test_a_report_shows_only_years_up_to_its_own_and_older_years_never_change(inputs):
    for territory in ("CALL", "CABBALR", "CAPH"):
        pages = {y: compute(energy, inputs, territory, y).df_figures
                 for y in energy.years(inputs, territory)}
        values: dict[tuple, float] = {}
        for year, df in pages.items():
            heat = df[df["indicator"].str.startswith("district_heating")]
            assert (heat["period"].astype(int) <= year).all()
            for r in heat.itertuples():
                key = (r.indicator, r.breakdown, r.period)
                assert values.setdefault(key, r.value) == pytest.approx(r.value), key


def test_a_secret_or_nd_cell_and_an_absent_commune_make_a_lower_bound(inputs):
    raw = raw_heat()
    territory = "CALL"
    page = max(energy.years(inputs, territory))
    df = compute(energy, inputs, territory, page).df_figures
    rows = heat_rows(raw, territory, page)
    communes = reported_frame(pd.read_csv(DATA / "reference" / "communes.csv", dtype=str))
    names = dict(zip(communes["commune_code"], communes["commune_name"], strict=True))
    seen = rows.groupby(rows["IRIS"].str[:5])["year"].agg(set)
    for year, group in rows.groupby("year"):
        total = figure(df, "district_heating_mwh", year)
        if total is None:
            continue
        secret = (group["CONSO"] == "secret").sum()
        nd = (group["CONSO"] == "nd").sum()
        absent = [names[c] for c, years in seen.items() if year not in years]
        assert (f"{fr_count(secret, 'case')} « secret »" in total["note"]) == bool(secret)
        assert (f"{fr_count(nd, 'case')} « nd »" in total["note"]) == bool(nd)
        for commune in absent:
            assert commune in total["note"]
        assert total["note"].startswith("minorant") == bool(secret or nd or absent)


def test_a_year_whose_rows_are_all_nd_has_no_figure_and_the_page_says_why(inputs):
    raw = raw_heat()
    for territory in ("CALL", "CABBALR", "CAPH"):
        page = max(energy.years(inputs, territory))
        result = compute(energy, inputs, territory, page)
        sentence = heat_text.territory_sentence(result)
        for year, group in heat_rows(raw, territory, page).groupby("year"):
            if group["mwh"].isna().all():
                assert f"{year} : les {len(group)} lignes du territoire sont" in sentence


def test_the_page_names_the_file_of_each_year_and_the_missing_years(inputs):
    raw = raw_heat()
    result = compute(energy, inputs, "CALL", max(energy.years(inputs, "CALL")))
    sentence = heat_text.files_sentence(result).replace("\u202f", " ")
    for year, group in raw.groupby("year"):
        assert f"{year} : fichier publié en {group['published'].max()}" in sentence
    held = set(raw["year"])
    for year in range(min(held), max(held) + 1):
        if year not in held:
            assert f"**{year}** : absente de tous les fichiers déposés" in sentence


def test_overlapping_committed_files_agree_or_the_page_names_both(inputs):
    raw = raw_heat()
    for year, group in raw.groupby("year"):
        files = group.drop_duplicates("file").sort_values("published")
        if len(files) < 2:
            continue  # today every year is in one file: nothing to compare
        for territory in TERRITORIES:
            mine = group[(group["territory"] == territory) & (group["FILIERE"] == "C")]
            sums = mine.groupby("published")["mwh"].sum(min_count=1)
            if sums.nunique() > 1:
                page = max(energy.years(inputs, territory))
                sentence = heat_text.files_sentence(compute(energy, inputs, territory, page))
                assert (f"{year} : fichier publié en {files['published'].iloc[-1]} (l'année "
                        f"figure aussi dans le") in sentence


# --- SYNTHETIC files in a copy of the data ----------------------------------------------------


def drop_heat_file(data: Path, name: str, text: str, published: str) -> Path:
    """Write an SDES file into the copy's drop folder and declare it in sources.csv with its
    sha256, as an analyst would."""
    path = data / HEAT_DIR / name
    path.write_text(text, encoding="utf-8")
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    source_id = source_id_for(path)
    assert source_id not in (data / "sources.csv").read_text(encoding="utf-8")
    with open(data / "sources.csv", "a", encoding="utf-8") as f:
        f.write(f"{source_id},FICHIER SDES SYNTHÉTIQUE pour les tests,tests,,{published},"
                f"ANNEE,aucune,data/{HEAT_DIR.as_posix()}/{name},{digest},tests,"
                f"Valeurs fictives.\n")
    return path


def latest_real_file() -> Path:
    return sorted((DATA / HEAT_DIR).glob("*.csv"))[-1]


def test_a_year_in_two_files_is_taken_once_from_the_latest_published(data_copy):
    # SYNTHETIC: the 2023-09 file republished « 2023-12 » with every known value doubled
    source = latest_real_file()
    lines = source.read_text(encoding="utf-8").split("\n")
    year = int(lines[2].split(";")[2].strip('"'))
    doubled = []
    for line in lines[2:]:
        cells = line.split(";")
        if len(cells) > 7 and cells[7].replace(".", "", 1).isdigit():
            cells[7] = str(2 * float(cells[7]))
        doubled.append(";".join(cells))
    name = source.name.replace(source.suffixes[-2], ".2099-12")
    drop_heat_file(data_copy, name, "\n".join(lines[:2] + doubled), "2099-12")
    inputs = energy.load_inputs(data_copy)
    raw = raw_heat(data_copy)
    for territory in ("CALL", "CABBALR"):
        result = compute(energy, inputs, territory, year)
        total = figure(result.df_figures, "district_heating_mwh", year)
        original = raw[(raw["published"] != "2099-12") & (raw["year"] == year)
                       & (raw["territory"] == territory) & (raw["FILIERE"] == "C")]
        assert total["value"] == pytest.approx(2 * original["mwh"].sum())  # not 3 ×
        sentence = heat_text.files_sentence(result)
        assert f"{year} : fichier publié en 2099-12 (l'année figure aussi dans" in sentence


# --- the Enedis extract -----------------------------------------------------------------------


def raw_enedis() -> pd.DataFrame:
    path = next((DATA / "energy" / "enedis_production").glob("*.csv.zip"))
    with zipfile.ZipFile(path) as archive:
        (member,) = archive.namelist()
        with archive.open(member) as f:
            df = pd.read_csv(f, sep=";", dtype=str, keep_default_na=False, encoding="utf-8")
    energy_columns = [c for c in df.columns if c.startswith("Energie produite annuelle")]
    return df.assign(
        commune_code=df["Code commune"].str.zfill(5), year=df["Année"].astype(int),
        mwh=df[energy_columns].apply(pd.to_numeric).sum(axis=1),
        territory=df["Code commune"].str.zfill(5).map(epci_of()))


@pytest.mark.parametrize("territory", TERRITORIES)
def test_enedis_production_and_coverage_match_the_zip(inputs, territory):
    raw = raw_enedis()
    latest = raw["year"].max()
    mine = raw[(raw["territory"] == territory) & (raw["year"] == latest)]
    page = min(y for y in energy.years(inputs, territory) if y >= latest)
    result = compute(energy, inputs, territory, page)
    df = result.df_figures
    total = figure(df, "enedis_production_mwh", latest, "enedis")
    assert total["value"] == pytest.approx(mine["mwh"].sum())
    communes = set(mine["commune_code"])
    covered = figure(df, "enedis_covered_communes", latest, "enedis")
    assert covered["value"] == len(communes)
    pop = pd.read_csv(DATA / "reference" / "population.csv.gz", dtype={"commune_code": str})
    pop = pop[pop["vintage"] == vintage_for(latest)]
    inhabitants = pop.loc[pop["commune_code"].isin(communes), "population"].sum()
    assert figure(df, "enedis_covered_inhabitants", latest, "enedis")["value"] == inhabitants
    all_communes = sum(1 for t in epci_of().values() if t == territory)
    if len(communes) < all_communes:  # an extract: the total says what it covers
        assert total["note"].startswith(f"minorant : le fichier couvre {len(communes)} des "
                                        f"{all_communes} communes du territoire")
    by_commune = result.frames["production_communes"]
    assert by_commune["present"].sum() == len(communes)
    assert by_commune.loc[~by_commune["present"], "mwh"].isna().all()  # absent, not zero


def test_a_page_year_before_every_heat_file_has_no_heat_figure_and_no_error():
    """An EPCI outside the four whose earliest energy page comes from the Enedis extract
    (Hautes Terres Communauté, Cantal): no heat file holds a year up to that page's, so the
    page has no heat figure — and is built (a missing column made it fail)."""
    territory = "200066637"
    inputs = energy.load_inputs(territory=territory)
    year = min(energy.years(inputs, territory))
    assert all(min(f.years) > year for f in inputs.heat)  # the case this test is about
    result = compute(energy, inputs, territory, year)
    assert not result.df_figures["indicator"].str.startswith("district_heating").any()
    assert result.df_figures["indicator"].str.startswith("enedis").any()
