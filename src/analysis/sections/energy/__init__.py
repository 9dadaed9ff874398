"""Energy and climate: production sites, equivalences, consumption, targets and trajectories.

The section follows the protocol of :mod:`analysis.sections.base` (see ``SPEC``,
:func:`load_inputs`, :func:`years`).
"""

from __future__ import annotations

from pathlib import Path

from analysis.core.specs import read_spec
from analysis.inputs.tables import editions
from analysis.sections.energy.compute import EnergyInputs, load_energy_inputs

SPEC = read_spec(Path(__file__).parent)


def load_inputs(data_dir: str | Path | None = None,
                outputs_dir: str | Path | None = None) -> EnergyInputs:
    """The section's tables and the energy files dropped for it, validated."""
    return load_energy_inputs(data_dir or None)


def years(inputs: EnergyInputs, territory: str) -> list[int]:
    """The editions with the territory's rows or targets, and the latest year of every
    dropped file (a national file covers every territory)."""
    obs = inputs.tables["energy/observations"]
    targets = inputs.tables["energy/targets"]
    found = {int(y) for y in obs.loc[obs["territory"] == territory, "year"].unique()}
    edition = editions(obs, inputs.sources)
    found |= {int(edition[s]) for s in targets.loc[targets["territory"] == territory,
                                                    "source_id"] if s in edition.index}
    return sorted(found | set(inputs.production) | set(inputs.consumption))
