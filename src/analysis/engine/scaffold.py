"""``analysis new-section NAME --label LABEL``: a new, working, empty section and its test.

The files come from ``section_template/`` (beside this module), with ``${name}``,
``${label}``, ``${class_name}``, ``${order}``, ``${territory}`` and ``${year}`` replaced
(:class:`string.Template`); :data:`PLACES` says where each goes. The section is found by
discovery (its ``section.toml``): nothing else in the repository is edited. It has no page
until its ``data/<name>/observations.csv`` has a row.
"""

from __future__ import annotations

import csv
import datetime as dt
import keyword
import re
from pathlib import Path
from string import Template

from analysis.core.errors import AnalysisError
from analysis.core.paths import PROJECT_ROOT
from analysis.core.specs import section_specs

TEMPLATE_DIR = Path(__file__).with_name("section_template")
# template file -> where it goes, relative to the project's root
PLACES = {
    "__init__.py.tmpl": "src/analysis/sections/{name}/__init__.py",
    "model.py.tmpl": "src/analysis/sections/{name}/model.py",
    "steps.py.tmpl": "src/analysis/sections/{name}/steps.py",
    "text.py.tmpl": "src/analysis/sections/{name}/text.py",
    "display.py.tmpl": "src/analysis/sections/{name}/display.py",
    "section.toml.tmpl": "src/analysis/sections/{name}/section.toml",
    "indicators.toml.tmpl": "src/analysis/sections/{name}/indicators.toml",
    "methodology.md.tmpl": "src/analysis/sections/{name}/methodology.md",
    "notebook.ipynb.tmpl": "notebooks/{name}.ipynb",
    "observations.csv.tmpl": "data/{name}/observations.csv",
    "published.csv.tmpl": "data/{name}/published.csv",
    "targets.csv.tmpl": "data/{name}/targets.csv",
    "data_README.md.tmpl": "data/{name}/README.md",
    "test_section.py.tmpl": "tests/test_{name}.py",
}
NAME_PATTERN = re.compile(r"^[a-z][a-z0-9_]{1,30}$")
# folders of data/ that are not sections: a section may not take their name
RESERVED = {"reference", "perimeter", "documents", "sources", "base", "synthesis"}


class ScaffoldError(AnalysisError):
    """A section that cannot be created (its name, or files already there)."""


def check_name(name: str, root: Path) -> None:
    """Refuse a name that is not a lower-case identifier, is taken, or has files already.

    Raises
    ------
    ScaffoldError
        Saying why, in French.
    """
    if not NAME_PATTERN.match(name) or keyword.iskeyword(name):
        raise ScaffoldError(f"nom de section « {name} » : lettres minuscules, chiffres et _, "
                            f"commençant par une lettre (exemple : qualite_air)")
    if name in RESERVED or name in section_specs():
        raise ScaffoldError(f"la section « {name} » existe déjà ou ce nom est réservé")
    present = [place.format(name=name) for place in PLACES.values()
               if (root / place.format(name=name)).exists()]
    if present:
        raise ScaffoldError(f"fichier(s) déjà présent(s) : {', '.join(present)} ; rien n'a été "
                            f"créé")


def new_section(name: str, label: str, root: Path = PROJECT_ROOT) -> list[Path]:
    """Create section ``name`` (French title ``label``) under ``root``: its package, notebook,
    data tables (headers only), data dictionary and test. Returns the files created.

    Raises
    ------
    ScaffoldError
        For a bad or taken name, an empty label, or files already there (nothing is written).
    """
    check_name(name, root)
    if not label.strip():
        raise ScaffoldError("--label : le titre français de la section est obligatoire")
    existing = section_specs()
    first = _first_territory_year(root)
    values = {"name": name, "label": label.strip().replace('"', "'"),
              "class_name": "".join(p.capitalize() for p in name.split("_")),
              "order": str(max((s.order for s in existing.values() if s.scope == "territory"),
                               default=0) + 1),
              "territory": first[0], "year": str(first[1])}
    created = []
    for template, place in PLACES.items():
        target = root / place.format(name=name)
        text = Template((TEMPLATE_DIR / template).read_text(encoding="utf-8"))
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text.substitute(values), encoding="utf-8")
        created.append(target)
    return created


def _first_territory_year(root: Path) -> tuple[str, int]:
    """The notebook's default parameters: the first territory of the reference, and the
    current year's predecessor (the latest a yearly report usually covers)."""
    with open(root / "data" / "reference" / "epci.csv", encoding="utf-8", newline="") as f:
        first = next(csv.DictReader(f))
    return first["short"], dt.date.today().year - 1

