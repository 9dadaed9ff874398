"""Repository-wide checks: clean notebooks, environments that agree, sources that hold."""

from __future__ import annotations

import hashlib
import json
import re
import tomllib

import nbformat
import pandas as pd
import pyarrow.parquet as pq
import yaml

from analysis.core.paths import NOTEBOOKS_DIR, PROJECT_ROOT
from analysis.engine.plan import drop_folders
from analysis.inputs.tables import load_table
from analysis.inputs.territories import scope_communes


def test_committed_notebooks_have_no_outputs_nor_execution_counts():
    notebooks = sorted(NOTEBOOKS_DIR.glob("*.ipynb"))
    assert notebooks
    for path in notebooks:
        nb = nbformat.read(path, as_version=4)
        for cell in nb.cells:
            if cell.cell_type == "code":
                assert cell.outputs == [] and cell.execution_count is None, path.name


def test_each_notebook_has_exactly_one_parameters_cell_with_text_territory():
    for path in NOTEBOOKS_DIR.glob("*.ipynb"):
        nb = nbformat.read(path, as_version=4)
        cells = [c for c in nb.cells if "parameters" in c.metadata.get("tags", [])]
        assert len(cells) == 1, path.name
        # every notebook takes the same parameters (the Section protocol), codes as text
        for name in ("territory: str", "year: int", "data_dir: str", "outputs_dir: str",
                     "figures_path: str"):
            assert re.search(rf"^{name} = ", cells[0].source, re.M), (path.name, name)


def _requirement_names(requirements: list[str]) -> dict[str, str]:
    pairs = {}
    for requirement in requirements:
        match = re.match(r"^([A-Za-z0-9_.-]+)\s*(.*)$", requirement.strip())
        pairs[match.group(1).lower()] = match.group(2).replace(" ", "")
    return pairs


def test_environment_yml_lists_the_same_dependencies_as_pyproject():
    pyproject = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))
    project = pyproject["project"]
    pip_side = _requirement_names(project["dependencies"]
                                  + project["optional-dependencies"]["dev"])
    env = yaml.safe_load((PROJECT_ROOT / "environment.yml").read_text(encoding="utf-8"))
    conda_side = _requirement_names([d for d in env["dependencies"] if isinstance(d, str)
                                     and re.match(r"[A-Za-z0-9_.-]+", d).group(0)
                                     not in ("python", "pip")])
    assert conda_side == pip_side
    python = next(d for d in env["dependencies"]
                  if isinstance(d, str) and re.match(r"python[<>=]", d))
    assert python.removeprefix("python") == project["requires-python"]


def test_the_lock_file_pins_every_requirement_within_its_bounds():
    """requirements.lock (pip-compile, ``make lock``) pins each library of pyproject.toml,
    run-time and dev, to one version its bounds admit: ``make`` and CI install from it."""
    from packaging.requirements import Requirement
    from packaging.utils import canonicalize_name

    pins = {}
    for line in (PROJECT_ROOT / "requirements.lock").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith((" ", "#", "-")):
            name, _, version = line.partition("==")
            pins[canonicalize_name(name)] = version.split()[0]
    project = tomllib.loads((PROJECT_ROOT / "pyproject.toml").read_text(encoding="utf-8"))[
        "project"]
    for text in project["dependencies"] + project["optional-dependencies"]["dev"]:
        requirement = Requirement(text)
        pinned = pins.get(canonicalize_name(requirement.name))
        assert pinned is not None, f"{requirement.name} absent de requirements.lock"
        assert requirement.specifier.contains(pinned), (requirement, pinned)


def test_documents_match_the_checksums_in_sources_csv():
    sources = load_table("sources")
    documents = sources[sources["path"].str.startswith("data/documents/")]
    # every document of the folder is declared (however many an analyst has added)
    on_disk = {f"data/documents/{p.name}" for p in (PROJECT_ROOT / "data" / "documents").iterdir()
               if p.name != "README.md"}
    assert on_disk and set(documents["path"]) == on_disk
    for row in documents.itertuples():
        digest = hashlib.sha256((PROJECT_ROOT / row.path).read_bytes()).hexdigest()
        assert digest == row.sha256, row.path


def _normalise(text: str) -> str:
    """Only the OCR's bold markers and spacing are ignored: a quote keeps the document's own
    characters (« ’ » is not « ' »)."""
    text = text.replace("*", "").replace("\u00a0", " ")
    return re.sub(r"\s+", " ", text).strip()


def test_every_quote_is_found_on_the_line_its_locator_names():
    sources = load_table("sources").set_index("source_id")
    for table in ("waste/observations", "waste/published", "waste/targets",
                  "housing/observations", "housing/published", "housing/targets",
                  "mobility/observations", "mobility/published", "mobility/targets",
                  "energy/observations", "energy/published", "energy/targets",
                  "perimeter/observations"):
        df = load_table(table)
        for row in df.itertuples():
            if row.source_id not in sources.index:
                continue
            lines = (PROJECT_ROOT / sources.loc[row.source_id, "path"]).read_text(
                encoding="utf-8").split("\n")
            number = int(row.locator.removeprefix("l. "))
            assert _normalise(row.quote) in _normalise(lines[number - 1]), (table, row.Index)


def test_reference_extract_matches_its_manifest():
    reference = PROJECT_ROOT / "data" / "reference"
    manifest = json.loads((reference / "MANIFEST.json").read_text(encoding="utf-8"))
    for name, entry in manifest["files"].items():
        digest = hashlib.sha256((reference / name).read_bytes()).hexdigest()
        assert digest == entry["sha256"], name


def test_reference_data_covers_the_four_epci_with_both_population_vintages():
    communes = scope_communes(load_table("reference/communes"))
    counts = communes.groupby("epci_short").size().to_dict()
    assert counts == {"CAVM": 35, "CAPH": 47, "CALL": 36, "CABBALR": 100}
    population = load_table("reference/population")
    mine = population[population["commune_code"].isin(communes["commune_code"])]
    assert set(mine.groupby("commune_code").size()) == {2}
    outlines = pq.read_table(PROJECT_ROOT / "data/reference/communes_outlines.parquet",
                             columns=["commune_code"]).column("commune_code").to_pylist()
    assert set(communes["commune_code"]) <= set(outlines)


def test_outputs_are_ignored_by_git_and_data_csv_are_not():
    ignored = (PROJECT_ROOT / ".gitignore").read_text(encoding="utf-8").split()
    assert "/outputs/" in ignored
    assert not any(line.endswith(".csv") for line in ignored)


def test_ci_runs_the_readme_test_command():
    readme = (PROJECT_ROOT / "README.md").read_text(encoding="utf-8")
    assert "make test" in readme
    assert "make test" in (PROJECT_ROOT / ".ci" / "run").read_text(encoding="utf-8")


def test_data_readme_documents_every_table_and_column():
    """Each table and column is in data/README.md or in its folder's README.md (a section
    made by ``analysis new-section`` brings its own); the official files dropped by the
    analyst have their publishers' dictionaries."""
    data = PROJECT_ROOT / "data"
    readme = (data / "README.md").read_text(encoding="utf-8")
    dropped = tuple(f"{folder.rstrip('/')}/" for folder in drop_folders())
    for csv in sorted(data.rglob("*.csv")):
        name = csv.relative_to(data).as_posix()
        if name.startswith(dropped):
            continue
        own = data / name.split("/")[0] / "README.md"
        text = readme + (own.read_text(encoding="utf-8") if "/" in name and own.is_file()
                         else "")
        assert f"`{name}`" in text, name
        for column in pd.read_csv(csv, nrows=0).columns:
            assert f"`{column}`" in text, (name, column)


def test_the_module_names_the_documentation_gives_exist():
    """Every ``analysis.<module>[.<name>]`` that the README, the data dictionary and the docs
    name can be imported: a module moved or renamed is a documentation to update."""
    import importlib

    texts = [PROJECT_ROOT / "README.md", PROJECT_ROOT / "data" / "README.md",
             *sorted((PROJECT_ROOT / "docs").glob("*.md"))]
    for path in texts:
        for dotted in sorted(set(re.findall(r"`(analysis(?:\.[A-Za-z_][A-Za-z0-9_]*)+)",
                                            path.read_text(encoding="utf-8")))):
            parts = dotted.split(".")
            for cut in range(len(parts), 0, -1):  # the longest importable module, then names
                try:
                    found = importlib.import_module(".".join(parts[:cut]))
                    break
                except ModuleNotFoundError:
                    continue
            for name in parts[cut:]:
                assert hasattr(found, name), f"{path.name} : {dotted} n'existe pas"
                found = getattr(found, name)
