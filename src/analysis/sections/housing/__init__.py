"""Housing: the stock (census), vacancy (census, LOVAC, documents), incomes, rents,
renovation, production, targets and programmes.

The section follows the protocol of :mod:`analysis.sections.base`: :func:`load_inputs`,
:func:`years`, :func:`start`, the steps of :data:`STEPS` (:func:`stock`,
:func:`private_vacancy`, :func:`vacancy`, :func:`substandard`, :func:`hlm_sales`,
:func:`printed_sums`, :func:`long_term_vacancy`, :func:`needs`, :func:`amounts_per_dwelling`,
:func:`production`, :func:`targets`, :func:`remaining`, :func:`incomes`, :func:`rents`),
then :func:`finish`, which audits every figure against what the documents publish, and the
documents' vacancy figures against the LOVAC file. Formulas: :mod:`.model`; the page:
:mod:`.display` and :mod:`.text`. The official files of ``data/housing/`` — LOVAC
(``lovac/``), INSEE base-ic-logement (``census/``), Filosofi (``filosofi/``) and the rent
map (``rents/``) — are read by :mod:`analysis.inputs.official`, once per build.

Year rule: a page of year Y shows the files of year Y or before — each LOVAC date 01/01/D
with D ≤ Y (:func:`analysis.inputs.official.lovac.rows_for_report`), the latest Filosofi
year ≤ Y, the latest rent map ≤ Y. :func:`years` adds a page for each LOVAC date and
Filosofi year (not for a rent map alone: it is shown on the pages of its year and after).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pandas as pd

from analysis.core.errors import NoDataError
from analysis.core.paths import data_dir as data_root
from analysis.core.specs import read_spec
from analysis.figures.audit import audit
from analysis.figures.record import FigureCollector
from analysis.inputs.geography import load_commune_shapes
from analysis.inputs.official.census import load_census_logement
from analysis.inputs.official.filosofi import FilosofiFile, load_filosofi
from analysis.inputs.official.lovac import combine_files, lovac_files
from analysis.inputs.official.reading import KNOWN, check_declared, official_files
from analysis.inputs.official.rents import RentsFile, load_rents
from analysis.inputs.official.shared import parsed_once
from analysis.inputs.population import choose_vintage, territory_population
from analysis.inputs.tables import load_inputs as load_tables
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes
from analysis.sections.base import Context, Result
from analysis.sections.housing.incomes_rents import incomes, rents
from analysis.sections.housing.model import (
    CENSUS_DIR,
    CORE,
    FILOSOFI_DIR,
    LOVAC_DIR,
    PACE_PROXIES,
    REFERENCE_CENSUS,
    RENTS_DIR,
    available_years,
    census_wide,
    decimals_of,
    label_of,
)
from analysis.sections.housing.objectives import production, remaining, targets
from analysis.sections.housing.private_vacancy import national_printings, private_vacancy
from analysis.sections.housing.programmes import (
    amounts_per_dwelling,
    hlm_sales,
    needs,
    printed_sums,
    substandard,
)
from analysis.sections.housing.stock import long_term_vacancy, stock, vacancy

SPEC = read_spec(Path(__file__).parent)
STEPS = (stock, private_vacancy, vacancy, substandard, hlm_sales, printed_sums,
         long_term_vacancy, needs, amounts_per_dwelling, production, targets, remaining,
         incomes, rents)

__all__ = ["SPEC", "STEPS", "HousingInputs", "amounts_per_dwelling", "finish", "hlm_sales",
           "incomes", "load_inputs", "long_term_vacancy", "needs", "printed_sums",
           "private_vacancy", "production", "remaining", "rents", "start", "stock",
           "substandard", "targets", "vacancy", "years"]


@dataclass
class HousingInputs:
    """Everything the housing section reads (``SPEC.tables`` and ``SPEC.drop_folders``),
    validated."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    census: dict[int, pd.DataFrame]  # vintage -> commune_code, indicator, value, source_id
    lovac: pd.DataFrame  # official.lovac.LOVAC_COLUMNS of every file, possibly empty
    shapes: dict = field(default_factory=dict)  # GeoJSON of the communes
    # LOVAC rows under a territory's EPCI code whose commune is not in the perimeter
    lovac_outside: pd.DataFrame = field(default_factory=pd.DataFrame)
    filosofi: list[FilosofiFile] = field(default_factory=list)
    rents: list[RentsFile] = field(default_factory=list)

    @property
    def observations(self) -> pd.DataFrame:
        return self.tables["housing/observations"]

    @property
    def published(self) -> pd.DataFrame:
        return self.tables["housing/published"]

    @property
    def targets(self) -> pd.DataFrame:
        return self.tables["housing/targets"]


def load_inputs(data_dir: str | Path | None = None, outputs_dir: str | Path | None = None,
                territory: str = "") -> HousingInputs:
    """The section's tables and the official files dropped for it, validated, for the
    communes of the agglomerations reported by default and of ``territory``
    (:func:`analysis.inputs.territories.scope_communes`; ``outputs_dir``: unused here).

    Raises
    ------
    DataValidationError, SourceMissingError
        From the table loaders and those of :mod:`analysis.inputs.official`, naming the file.
    """
    data = data_dir or None
    tables = load_tables(SPEC.tables, data)
    sources = load_table("sources", data)
    communes = scope_communes(tables["reference/communes"], data, [territory])
    tables["reference/communes"] = communes
    census = tables[REFERENCE_CENSUS[0]]
    tables[REFERENCE_CENSUS[0]] = census[census["commune_code"].isin(communes["commune_code"])]
    root = data_root(data)
    lovac, outside = combine_files(lovac_files(root, sources, communes,
                                               _suffixes(LOVAC_DIR)))
    return HousingInputs(
        tables, sources, _census(root, sources, communes, tables[REFERENCE_CENSUS[0]]), lovac,
        load_commune_shapes(data, communes["commune_code"]), outside,
        _filosofi_files(root, sources, communes), _rent_files(root, sources, communes))


LICENCE = "Licence Ouverte 2.0"


def _suffixes(folder: Path) -> tuple[str, ...]:
    """The file types ``section.toml`` says a drop folder receives (LOVAC: .xlsx and .csv)."""
    return next(d.suffixes for d in SPEC.drop_folders if d.path == folder.as_posix())


def _census(root: Path, sources: pd.DataFrame, communes: pd.DataFrame,
            reference: pd.DataFrame) -> dict[int, pd.DataFrame]:
    """Census vintages: the committed 2021 extract plus dropped files."""
    census = {REFERENCE_CENSUS[1]: reference}
    for path in official_files(root / CENSUS_DIR):
        source_id = check_declared(path, sources, "Recensement, logements par IRIS "
                                   "(base-ic-logement)", "INSEE", LICENCE, root)
        loaded = parsed_once(load_census_logement, path, communes, source_id)
        census[loaded.vintage] = loaded.df_by_commune
    return census





def _filosofi_files(root: Path, sources: pd.DataFrame, communes: pd.DataFrame
                    ) -> list[FilosofiFile]:
    return [parsed_once(load_filosofi, path, communes, check_declared(
        path, sources, "Filosofi, revenus et pauvreté par commune", "INSEE", LICENCE, root))
        for path in official_files(root / FILOSOFI_DIR)]


def _rent_files(root: Path, sources: pd.DataFrame, communes: pd.DataFrame
                ) -> list[RentsFile]:
    """Each file of the rent map, with the year ``sources.csv`` declares it with (the file
    itself does not say it)."""
    files = []
    for path in official_files(root / RENTS_DIR):
        source_id = check_declared(path, sources, "Carte des loyers, indicateurs par commune",
                                   "DHUP / ANIL", LICENCE, root)
        published = sources.loc[sources["source_id"] == source_id, "published"].iloc[0]
        files.append(parsed_once(load_rents, path, communes, source_id,
                                 int(str(published)[:4])))
    return files


def _codes(inputs: HousingInputs, territory: str) -> set[str]:
    communes = inputs.tables["reference/communes"]
    return set(communes.loc[communes["epci_short"] == territory, "commune_code"])


def years(inputs: HousingInputs, territory: str) -> list[int]:
    """The editions of the documents with the territory's rows, the census vintages of
    dropped files, and the years of the official files: each LOVAC date (01/01/D gives D)
    and each Filosofi year with at least one known commune of the territory. A rent map adds
    no page: it is shown on the pages of its year and after."""
    found = set(available_years(inputs.observations, territory))
    found |= {int(v) for v in inputs.census if v != REFERENCE_CENSUS[1]}
    return sorted(found | _file_years(inputs, territory))


def _file_years(inputs: HousingInputs, territory: str) -> set[int]:
    codes = _codes(inputs, territory)
    lovac = inputs.lovac
    found = {int(y) for y in lovac.loc[lovac["commune_code"].isin(codes)
                                       & (lovac["status"] == KNOWN), "year"].unique()}
    for file in inputs.filosofi:
        mine = file.communes[file.communes["commune_code"].isin(codes)]
        if (mine["median_status"] == KNOWN).any():
            found.add(file.year)
    return found


def start(inputs: HousingInputs, territory: str, year: int) -> Context:
    """The context of one page: the territory-year's rows, its population, an empty record;
    in ``values``, the territory's communes, their LOVAC rows (every file and date: the
    LOVAC step chooses), the census vintage of the year (the latest not after it, else
    the earliest) with its table by commune, and the communes that vintage lacks
    (``census_absent``: the census sums are then lower bounds, said on the page).

    Raises
    ------
    NoDataError
        If the territory has neither observations nor an official file of ``year``,
        or if the census vintage has none of its communes.
    """
    df_obs = inputs.observations
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    codes = _codes(inputs, territory)
    lovac = inputs.lovac[inputs.lovac["commune_code"].isin(codes)]
    if obs.empty and year not in inputs.census and year not in _file_years(inputs, territory):
        known = years(inputs, territory)
        raise NoDataError(
            f"pas de données habitat pour {territory} en {year} "
            f"(années disponibles : {', '.join(map(str, known)) or 'aucune'})")
    communes = inputs.tables["reference/communes"]
    population = territory_population(inputs.tables["reference/population"], communes,
                                      territory, year, inputs.tables["perimeter/observations"])
    collector = FigureCollector(obs, inputs.sources, population, label_of, decimals_of)
    collector.add_population()
    vintage = choose_vintage(sorted(inputs.census), year)
    wide = census_wide(inputs.census[vintage], codes)
    if wide.empty:
        raise NoDataError(f"recensement {vintage} : aucune commune de {territory}")
    mine = communes[communes["epci_short"] == territory]
    ctx = Context(SPEC, territory, year, inputs, collector)
    ctx.values.update(communes=mine, lovac=lovac, census_vintage=vintage, census_wide=wide,
                      census_absent=mine[~mine["commune_code"].isin(wide.index)])
    return ctx


def finish(ctx: Context) -> Result:
    """Audit every figure against what the documents publish — the documents' vacancy
    figures that the LOVAC file also gives included (:func:`.private_vacancy.
    national_printings`) —; what a complete section would show and the documents do not
    give."""
    published = pd.concat([ctx.inputs.published, national_printings(ctx)], ignore_index=True)
    df_figures = audit(ctx.collector.figures, published, ctx.inputs.sources,
                       ctx.territory, ctx.year, SPEC.name)
    return Result(SPEC, ctx.territory, ctx.year, ctx.population, df_figures, ctx.frames,
                  _missing(ctx), ctx.values)


def _missing(ctx: Context) -> list[str]:
    """The labels of :data:`.model.CORE` that neither the data nor the figures give."""
    col = ctx.collector
    present = set(col.obs["indicator"]) | {f.indicator for f in col.figures
                                           if f.kind != "reference"}
    if (ctx.values.get("lovac_year") is not None
            or col.observed("vacant_dwellings", "lovac") is not None):
        present.add("vacant_private")
    df_targets = ctx.frames.get("targets", pd.DataFrame(columns=["what"]))
    if (col.observed(PACE_PROXIES["dwellings_produced"][0]) is not None
            or "production_target_total" in present
            or (df_targets["what"] == label_of("dwellings_produced")).any()):
        present.add("dwellings_produced")
    return [label for key, label in CORE.items() if key not in present]
