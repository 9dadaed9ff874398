"""Mobility: cycle routes, charging points, modal shares, public transport, plans and budgets.

The section follows the protocol of :mod:`analysis.sections.base` (see ``SPEC``,
:func:`load_inputs`, :func:`years`).
"""

from __future__ import annotations

from pathlib import Path

from analysis.core.specs import read_spec
from analysis.inputs.tables import editions
from analysis.sections.mobility.compute import MobilityInputs, load_mobility_inputs

SPEC = read_spec(Path(__file__).parent)


def load_inputs(data_dir: str | Path | None = None,
                outputs_dir: str | Path | None = None) -> MobilityInputs:
    """The section's tables and the charging-point files dropped for it, validated."""
    return load_mobility_inputs(data_dir or None)


def years(inputs: MobilityInputs, territory: str) -> list[int]:
    """The editions with the territory's rows or targets, and the year of every dropped
    charging-point file (a national file covers every territory)."""
    obs = inputs.tables["mobility/observations"]
    targets = inputs.tables["mobility/targets"]
    found = {int(y) for y in obs.loc[obs["territory"] == territory, "year"].unique()}
    edition = editions(obs)
    found |= {int(edition[s]) for s in targets.loc[targets["territory"] == territory,
                                                    "source_id"] if s in edition.index}
    return sorted(found | set(inputs.irve))
