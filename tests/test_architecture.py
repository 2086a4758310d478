"""The layout the code promises (docs/architecture.md): layers import downwards only, no
import hides inside a function, no circle between modules, no catch-all module."""

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
# Lowest first: each may import those before it, never those after.
LAYERS = [
    "core",
    "trust",
    "notifications",
    "stakeholders",
    "interventions",
    "exchange",
    "capture",
    "scorecard",
    "relmap",
]
MAX_LINES = 500


def _modules() -> dict[str, Path]:
    found = {}
    for layer in LAYERS:
        for path in sorted((ROOT / layer).rglob("*.py")):
            if "migrations" in path.parts:
                continue
            parts = list(path.relative_to(ROOT).with_suffix("").parts)
            if parts[-1] == "__init__":
                parts.pop()
            found[".".join(parts)] = path
    return found


MODULES = _modules()


def _imports(path: Path) -> list[tuple[str, bool]]:
    """(imported module, inside a function?) for every import of a project module."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found = []

    def visit(node, nested):
        for child in ast.iter_child_nodes(node):
            inner = nested or isinstance(child, ast.FunctionDef | ast.AsyncFunctionDef)
            if isinstance(child, ast.Import):
                found.extend((alias.name, inner) for alias in child.names)
            elif isinstance(child, ast.ImportFrom) and child.level == 0 and child.module:
                for alias in child.names:
                    submodule = f"{child.module}.{alias.name}"
                    found.append((submodule if submodule in MODULES else child.module, inner))
            visit(child, inner)

    visit(tree, False)
    return [(name, inner) for name, inner in found if name.split(".")[0] in LAYERS]


def _layer(module: str) -> int:
    return LAYERS.index(module.split(".")[0])


def test_every_import_points_down_the_layers():
    upward = [
        f"{module} imports {target}"
        for module, path in MODULES.items()
        for target, _ in _imports(path)
        if _layer(target) > _layer(module)
    ]
    assert upward == []


def test_no_import_of_another_module_hides_inside_a_function():
    # An app's ready() loading its own registrations is the one place Django asks for it.
    hidden = [
        f"{module} imports {target} inside a function"
        for module, path in MODULES.items()
        for target, nested in _imports(path)
        if nested and path.name != "apps.py"
    ]
    assert hidden == []


def test_modules_import_each_other_without_circles():
    graph = {
        module: {target for target, _ in _imports(path) if target in MODULES and target != module}
        for module, path in MODULES.items()
    }
    circles, state = [], {}

    def walk(module, trail):
        state[module] = "open"
        for target in sorted(graph[module]):
            if state.get(target) == "open":
                circles.append(" -> ".join([*trail[trail.index(target) :], target]))
            elif target not in state:
                walk(target, [*trail, target])
        state[module] = "done"

    for module in sorted(graph):
        if module not in state:
            walk(module, [module])
    assert circles == []


@pytest.mark.parametrize("module", sorted(MODULES))
def test_no_module_is_a_catch_all(module):
    lines = len(MODULES[module].read_text().splitlines())
    assert lines <= MAX_LINES, f"{module} has {lines} lines: split it by concern"
