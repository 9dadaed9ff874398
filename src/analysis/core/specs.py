"""What each report section declares about itself, as data: ``sections/<name>/section.toml``.

A section is a folder of :mod:`analysis.sections` with a ``section.toml``: its name, French
label, place in the report, the data tables it reads, the folders where an analyst drops
official files for it, its key figures for the index. The engine, the command line, the
data check and the methodology page read these files; nothing lists the sections by hand,
so adding a section is adding its folder (and its notebook).

Reading a spec needs no pandas: the command line lists the sections at once.
Standard library only.
"""

from __future__ import annotations

import functools
import tomllib
from dataclasses import dataclass
from pathlib import Path

from analysis.core.errors import AnalysisError
from analysis.core.paths import NOTEBOOKS_DIR

SECTIONS_DIR = Path(__file__).resolve().parents[1] / "sections"
SPEC_FILE = "section.toml"
SCOPES = ("territory", "all")  # a page per territory-year, or one page for the whole set
# the tables every section reads besides its own: the sources its rows cite and the
# territories they name (the checks across tables of analysis.inputs.tables.load_inputs)
COMMON_TABLES = ("sources", "reference/epci")


class SpecError(AnalysisError):
    """A ``section.toml`` or an ``indicators.toml`` that breaks its schema."""


@dataclass(frozen=True)
class DropFolder:
    """A folder of ``data/`` where the analyst drops official files for a section."""

    path: str  # relative to the data folder: "housing/lovac"
    holds: str  # what it receives, in French: "les fichiers LOVAC par commune"
    suffixes: tuple[str, ...] = (".csv",)  # the file types its loader reads, lower case


@dataclass(frozen=True)
class SectionSpec:
    """A section as ``section.toml`` declares it."""

    name: str
    label: str  # French title
    order: int  # place in the report
    scope: str  # "territory" or "all" (see SCOPES)
    tables: tuple[str, ...]  # data tables it reads, besides sources.csv
    files: tuple[str, ...]  # other data files it reads (relative to data/: a GeoJSON…)
    drop_folders: tuple[DropFolder, ...]
    key_indicators: tuple[tuple[str, str], ...]  # (indicator, breakdown) shown in the index
    folder: Path
    notebook_path: Path | None = None  # default: notebooks/<name>.ipynb
    # the figures only the agglomeration's own documents or services give (said where an
    # EPCI has no page of this section: no national file covers them)
    from_documents: str = ""

    @property
    def notebook(self) -> Path:
        return self.notebook_path or NOTEBOOKS_DIR / f"{self.name}.ipynb"


# field -> (type, required); a field not listed here is refused (a misspelt key is an error)
SECTION_SCHEMA = {
    "name": (str, True), "label": (str, True), "order": (int, True), "scope": (str, True),
    "tables": (list, True), "files": (list, False), "key_indicators": (list, False),
    "drop_folders": (list, False), "from_documents": (str, False),
}
DROP_FOLDER_SCHEMA = {"path": (str, True), "holds": (str, True), "suffixes": (list, False)}


def check_fields(values: dict, schema: dict, where: str) -> None:
    """Refuse a missing field, an unknown one, or a value of the wrong type.

    Raises
    ------
    SpecError
        Naming the file (and entry) and the field.
    """
    for key, (kind, required) in schema.items():
        if key not in values:
            if required:
                raise SpecError(f"{where} : champ « {key} » absent")
            continue
        if not isinstance(values[key], kind) or (kind is int and isinstance(values[key], bool)):
            raise SpecError(f"{where} : champ « {key} » : {kind.__name__} attendu, "
                            f"{values[key]!r} trouvé")
    unknown = sorted(set(values) - set(schema))
    if unknown:
        raise SpecError(f"{where} : champ(s) inconnu(s) {', '.join(unknown)} (champs admis : "
                        f"{', '.join(schema)})")


def read_toml(path: Path) -> dict:
    try:
        with open(path, "rb") as f:
            return tomllib.load(f)
    except tomllib.TOMLDecodeError as exc:
        raise SpecError(f"{path} : TOML illisible ({exc})") from None


def read_spec(folder: Path) -> SectionSpec:
    """The spec of the section in ``folder`` (its ``section.toml``), checked."""
    path = folder / SPEC_FILE
    data = read_toml(path)
    check_fields(data, SECTION_SCHEMA, str(path))
    if data["name"] != folder.name:
        raise SpecError(f"{path} : name « {data['name']} » différent du dossier « "
                        f"{folder.name} »")
    if data["scope"] not in SCOPES:
        raise SpecError(f"{path} : scope « {data['scope']} » (admis : {', '.join(SCOPES)})")
    drops = []
    for position, entry in enumerate(data.get("drop_folders", []), start=1):
        where = f"{path}, drop_folders n° {position}"
        check_fields(entry, DROP_FOLDER_SCHEMA, where)
        suffixes = entry.get("suffixes", [".csv"])
        if not suffixes or not all(isinstance(s, str) and s.startswith(".") for s in suffixes):
            raise SpecError(f"{where} : suffixes : une liste d'extensions (\".csv\", \".xlsx\")")
        drops.append(DropFolder(entry["path"], entry["holds"],
                                tuple(s.lower() for s in suffixes)))
    keys = []
    for entry in data.get("key_indicators", []):
        if not (isinstance(entry, list) and len(entry) == 2
                and all(isinstance(x, str) for x in entry)):
            raise SpecError(f"{path} : key_indicators : [indicateur, ventilation] attendu, "
                            f"{entry!r} trouvé")
        keys.append((entry[0], entry[1]))
    for field in ("tables", "files"):
        if not all(isinstance(t, str) for t in data.get(field, [])):
            raise SpecError(f"{path} : {field} : une liste de noms attendue")
    return SectionSpec(data["name"], data["label"], data["order"], data["scope"],
                       tuple(data["tables"]), tuple(data.get("files", [])), tuple(drops),
                       tuple(keys), folder, from_documents=data.get("from_documents", ""))


@functools.cache
def _specs(sections_dir: Path) -> tuple[SectionSpec, ...]:
    found = [read_spec(folder) for folder in sorted(sections_dir.iterdir())
             if (folder / SPEC_FILE).is_file()]
    return tuple(sorted(found, key=lambda s: (s.order, s.name)))


def section_specs(scope: str | None = None) -> dict[str, SectionSpec]:
    """Every section found under ``analysis/sections``, in report order (``scope``: only
    the sections of that scope)."""
    return {s.name: s for s in _specs(SECTIONS_DIR) if scope is None or s.scope == scope}


def section_labels() -> dict[str, str]:
    """French label of every section, in report order."""
    return {name: spec.label for name, spec in section_specs().items()}
