"""Housing: the stock (census), vacancy, renovation, production, targets and programmes.

The section follows the protocol of :mod:`analysis.sections.base`: :func:`load_inputs`,
:func:`years`, :func:`start`, the steps of :data:`STEPS` (:func:`stock`, :func:`vacancy`,
:func:`substandard`, :func:`hlm_sales`, :func:`printed_sums`, :func:`long_term_vacancy`,
:func:`needs`, :func:`amounts_per_dwelling`, :func:`production`, :func:`targets`,
:func:`remaining`), then :func:`finish`, which audits every figure against what the documents
publish. Formulas: :mod:`.model`; the page: :mod:`.display` and :mod:`.text`. Official files
an analyst drops in ``data/housing/lovac/`` (LOVAC) and ``data/housing/census/`` (INSEE
base-ic-logement) are read by :mod:`analysis.inputs.official`.
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
from analysis.inputs.official.lovac import LOVAC_COLUMNS, load_lovac
from analysis.inputs.official.reading import check_declared, official_files
from analysis.inputs.official.shared import parsed_once
from analysis.inputs.population import choose_vintage, territory_population
from analysis.inputs.tables import load_inputs as load_tables
from analysis.inputs.tables import load_table
from analysis.sections.base import Context, Result
from analysis.sections.housing.model import (
    CENSUS_DIR,
    CORE,
    LOVAC_DIR,
    PACE_PROXIES,
    REFERENCE_CENSUS,
    available_years,
    census_wide,
    decimals_of,
    label_of,
)
from analysis.sections.housing.objectives import production, remaining, targets
from analysis.sections.housing.programmes import (
    amounts_per_dwelling,
    hlm_sales,
    needs,
    printed_sums,
    substandard,
)
from analysis.sections.housing.stock import long_term_vacancy, stock, vacancy

SPEC = read_spec(Path(__file__).parent)
STEPS = (stock, vacancy, substandard, hlm_sales, printed_sums, long_term_vacancy, needs,
         amounts_per_dwelling, production, targets, remaining)

__all__ = ["SPEC", "STEPS", "HousingInputs", "amounts_per_dwelling", "finish", "hlm_sales",
           "load_inputs", "long_term_vacancy", "needs", "printed_sums", "production",
           "remaining", "start", "stock", "substandard", "targets", "vacancy", "years"]


@dataclass
class HousingInputs:
    """Everything the housing section reads (``SPEC.tables`` and ``SPEC.drop_folders``),
    validated."""

    tables: dict[str, pd.DataFrame]
    sources: pd.DataFrame
    census: dict[int, pd.DataFrame]  # vintage -> commune_code, indicator, value, source_id
    lovac: pd.DataFrame  # official.LOVAC_COLUMNS, possibly empty
    shapes: dict = field(default_factory=dict)  # GeoJSON of the communes

    @property
    def observations(self) -> pd.DataFrame:
        return self.tables["housing/observations"]

    @property
    def published(self) -> pd.DataFrame:
        return self.tables["housing/published"]

    @property
    def targets(self) -> pd.DataFrame:
        return self.tables["housing/targets"]


def load_inputs(data_dir: str | Path | None = None,
                outputs_dir: str | Path | None = None) -> HousingInputs:
    """The section's tables and the official files dropped for it, validated
    (``outputs_dir``: unused by this section).

    Raises
    ------
    DataValidationError, SourceMissingError
        From the table loaders and those of :mod:`analysis.inputs.official`, naming the file.
    """
    data = data_dir or None
    tables = load_tables(SPEC.tables, data)
    sources = load_table("sources", data)
    census, lovac = _official_files(data_root(data), sources, tables["reference/communes"],
                                    tables[REFERENCE_CENSUS[0]])
    return HousingInputs(tables, sources, census, lovac, load_commune_shapes(data))


def _official_files(root: Path, sources: pd.DataFrame, communes: pd.DataFrame,
                    reference: pd.DataFrame) -> tuple[dict[int, pd.DataFrame], pd.DataFrame]:
    """Census vintages (the committed 2021 extract plus dropped files) and LOVAC rows."""
    census = {REFERENCE_CENSUS[1]: reference}
    for path in official_files(root / CENSUS_DIR):
        source_id = check_declared(path, sources, "Recensement, logements par IRIS "
                                   "(base-ic-logement)", "INSEE", "Licence Ouverte 2.0", root)
        loaded = parsed_once(load_census_logement, path, communes, source_id)
        census[loaded.vintage] = loaded.df_by_commune
    frames = []
    for path in official_files(root / LOVAC_DIR):
        source_id = check_declared(path, sources, "LOVAC, logements vacants du parc privé "
                                   "par commune", "CEREMA / DGALN", "Licence Ouverte 2.0", root)
        frames.append(parsed_once(load_lovac, path, communes, source_id))
    lovac = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=LOVAC_COLUMNS)
    return census, lovac


def _codes(inputs: HousingInputs, territory: str) -> set[str]:
    communes = inputs.tables["reference/communes"]
    return set(communes.loc[communes["epci_short"] == territory, "commune_code"])


def years(inputs: HousingInputs, territory: str) -> list[int]:
    """The editions of the documents with the territory's rows, the census vintages of
    dropped files, and the LOVAC vintages with at least one known commune of the territory."""
    found = set(available_years(inputs.observations, territory))
    found |= {int(v) for v in inputs.census if v != REFERENCE_CENSUS[1]}
    lovac = inputs.lovac
    mine = lovac[lovac["commune_code"].isin(_codes(inputs, territory))
                 & ~lovac["secret"].astype(bool)]
    found |= {int(v) for v in mine["vintage"].unique()}
    return sorted(found)


def start(inputs: HousingInputs, territory: str, year: int) -> Context:
    """The context of one page: the territory-year's rows, its population, an empty record;
    in ``values``, the territory's communes, their LOVAC rows, and the census vintage of the
    year (the latest not after it, else the earliest) with its table by commune.

    Raises
    ------
    NoDataError
        If the territory has neither observations nor a dropped official file for ``year``,
        or if the census vintage lacks one of its communes.
    """
    df_obs = inputs.observations
    obs = df_obs[(df_obs["territory"] == territory) & (df_obs["year"] == year)]
    codes = _codes(inputs, territory)
    lovac = inputs.lovac[inputs.lovac["commune_code"].isin(codes)]
    lovac_year = lovac[(lovac["vintage"] == year) & ~lovac["secret"].astype(bool)]
    if obs.empty and lovac_year.empty and year not in inputs.census:
        known = available_years(df_obs, territory)
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
    absent = codes - set(wide.index)
    if absent:
        raise NoDataError(f"recensement {vintage} incomplet pour {territory} : "
                          f"{', '.join(sorted(absent)[:5])}")
    ctx = Context(SPEC, territory, year, inputs, collector)
    ctx.values.update(communes=communes[communes["epci_short"] == territory], lovac=lovac,
                      census_vintage=vintage, census_wide=wide)
    return ctx


def finish(ctx: Context) -> Result:
    """Audit every figure against what the documents publish; what a complete section would
    show and the documents do not give."""
    df_figures = audit(ctx.collector.figures, ctx.inputs.published, ctx.inputs.sources,
                       ctx.territory, ctx.year, SPEC.name)
    return Result(SPEC, ctx.territory, ctx.year, ctx.population, df_figures, ctx.frames,
                  _missing(ctx), ctx.values)


def _missing(ctx: Context) -> list[str]:
    """The labels of :data:`.model.CORE` that neither the data nor the figures give."""
    col = ctx.collector
    present = set(col.obs["indicator"]) | {f.indicator for f in col.figures
                                           if f.kind != "reference"}
    if (ctx.values.get("lovac_vintage") is not None
            or col.observed("vacant_dwellings", "lovac") is not None):
        present.add("vacant_private")
    df_targets = ctx.frames.get("targets", pd.DataFrame(columns=["what"]))
    if (col.observed(PACE_PROXIES["dwellings_produced"][0]) is not None
            or "production_target_total" in present
            or (df_targets["what"] == label_of("dwellings_produced")).any()):
        present.add("dwellings_produced")
    return [label for key, label in CORE.items() if key not in present]
