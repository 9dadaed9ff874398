"""Housing: the stock (census), vacancy, renovation, production, targets and programmes.

The section follows the protocol of :mod:`analysis.sections.base` (see ``SPEC``,
:func:`load_inputs`, :func:`years`).
"""

from __future__ import annotations

from pathlib import Path

from analysis.core.specs import read_spec
from analysis.sections.housing.compute import (
    REFERENCE_CENSUS,
    HousingInputs,
    load_housing_inputs,
)

SPEC = read_spec(Path(__file__).parent)


def load_inputs(data_dir: str | Path | None = None,
                outputs_dir: str | Path | None = None) -> HousingInputs:
    """The section's tables and the official files dropped for it, validated."""
    return load_housing_inputs(data_dir or None)


def years(inputs: HousingInputs, territory: str) -> list[int]:
    """The editions of the documents with the territory's rows, the census vintages of
    dropped files, and the LOVAC vintages with at least one known commune of the territory."""
    obs = inputs.tables["housing/observations"]
    found = {int(y) for y in obs.loc[obs["territory"] == territory, "year"].unique()}
    found |= {int(v) for v in inputs.census if v != REFERENCE_CENSUS[1]}
    communes = inputs.tables["reference/communes"]
    codes = set(communes.loc[communes["epci_short"] == territory, "commune_code"])
    lovac = inputs.lovac
    mine = lovac[lovac["commune_code"].isin(codes) & ~lovac["secret"].astype(bool)]
    found |= {int(v) for v in mine["vintage"].unique()}
    return sorted(found)
