"""The architecture, checked (docs/architecture.md): layers that only point down, no import
circle, sections that never import the engine nor each other, modules and functions of a
readable size, and every section following the one protocol of analysis.sections.base."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from analysis.core.specs import section_specs

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "analysis"
# what each layer may import (besides itself): downwards only
LAYERS = {
    "core": set(),
    "inputs": {"core"},
    "figures": {"core", "inputs"},
    "display": {"core"},
    "national": {"core", "inputs"},
    "sections": {"core", "inputs", "figures", "display", "national"},
    "engine": {"core", "inputs", "figures", "display", "national", "sections"},
}
MAX_MODULE_LINES = 400
MAX_FUNCTION_LINES = 60


def _modules() -> dict[str, Path]:
    """Every module of the package by dotted name (a package is its ``__init__``)."""
    found = {}
    for path in sorted(PACKAGE.rglob("*.py")):
        parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path, top_level_only: bool = False) -> set[str]:
    """The ``analysis`` modules a module imports (in a function too, unless
    ``top_level_only``): ``from analysis.x import y`` counts as analysis.x.y when y is a
    module, else analysis.x."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    nodes = tree.body if top_level_only else ast.walk(tree)
    names = set()
    for node in nodes:
        if isinstance(node, ast.Import):
            names |= {a.name for a in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names |= {f"{node.module}.{a.name}" if f"{node.module}.{a.name}" in MODULES
                      else node.module for a in node.names}
    return {n for n in names if n == "analysis" or n.startswith("analysis.")}


def _layer(module: str) -> str:
    return module.split(".")[1] if module.count(".") else ""


def test_every_module_belongs_to_a_layer():
    assert {_layer(m) for m in MODULES} - {""} == set(LAYERS)


def test_layers_only_import_downwards():
    wrong = [f"{module} ({_layer(module)}) importe {name}"
             for module, path in MODULES.items() if _layer(module)
             for name in _imports(path)
             if _layer(name) not in LAYERS[_layer(module)] | {_layer(module)}]
    assert wrong == []


def test_a_section_imports_only_itself_and_the_protocol():
    wrong = []
    for module, path in MODULES.items():
        parts = module.split(".")
        if len(parts) < 3 or parts[1] != "sections" or parts[2] == "base":
            continue
        own = ".".join(parts[:3])
        wrong += [f"{module} importe {name}" for name in _imports(path)
                  if name.startswith("analysis.sections")
                  and not (name == own or name.startswith(own + ".")
                           or name == "analysis.sections.base")]
    assert wrong == []


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected components of more than one module (Tarjan)."""
    index, low, stack, on_stack, found = {}, {}, [], set(), []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in graph.get(node, ()):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in graph:
        if node not in index:
            visit(node)
    return found


def test_no_import_circle():
    graph = {m: {n for n in _imports(p, top_level_only=True) if n in MODULES and n != m}
             for m, p in MODULES.items()}
    # a package imports its modules to export them: that is no circle
    graph = {m: {n for n in targets if not n.startswith(m + ".")} for m, targets in graph.items()}
    assert _cycles(graph) == []


def test_the_circle_detector_finds_a_circle():
    assert _cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_is_longer_than_the_limit():
    long = {m: n for m, p in MODULES.items()
            if (n := len(p.read_text(encoding="utf-8").splitlines())) > MAX_MODULE_LINES}
    assert long == {}


def test_no_function_is_longer_than_the_limit():
    long = {}
    for module, path in MODULES.items():
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                length = node.end_lineno - node.lineno + 1
                if length > MAX_FUNCTION_LINES:
                    long[f"{module}.{node.name}"] = length
    assert long == {}


@pytest.mark.parametrize("name", list(section_specs()))
def test_every_section_follows_the_protocol(name):
    section = importlib.import_module(f"analysis.sections.{name}")
    spec = section_specs()[name]
    assert section.SPEC == spec
    assert list(inspect.signature(section.load_inputs).parameters) == [
        "data_dir", "outputs_dir", "territory"]
    assert list(inspect.signature(section.years).parameters) == ["inputs", "territory"]
    assert list(inspect.signature(section.start).parameters) == ["inputs", "territory", "year"]
    assert list(inspect.signature(section.finish).parameters) == ["ctx"]
    assert section.STEPS and all(getattr(step, "is_step", False) for step in section.STEPS)
    assert all(list(inspect.signature(step).parameters) == ["ctx"] for step in section.STEPS)
    assert (spec.folder / "methodology.md").is_file()
    assert spec.notebook.is_file()
