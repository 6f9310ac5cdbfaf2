"""The codebase's shape: small modules, and no import cycle (type-only included)."""

from __future__ import annotations

import ast
from pathlib import Path

PACKAGE = Path(__file__).parent.parent / "custom_components" / "timetrack"
MAX_LINES = 400


def _modules() -> dict[str, Path]:
    """Every module of the integration, by dotted name below the package."""
    return {
        ".".join(path.relative_to(PACKAGE).with_suffix("").parts): path
        for path in PACKAGE.rglob("*.py")
    }


def _imports(name: str, path: Path, known: set[str]) -> set[str]:
    """The package's modules `name` imports, at run time or for type checking."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = name.split(".")[:-1]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.level:
            base = package[: len(package) - (node.level - 1)]
            target = ".".join([*base, *(node.module or "").split(".")]).strip(".")
            candidates = [target] + [
                f"{target}.{alias.name}".strip(".") for alias in node.names
            ]
            found |= {
                candidate if candidate in known else f"{candidate}.__init__"
                for candidate in candidates
                if candidate in known or f"{candidate}.__init__" in known
            }
    found.discard(name)
    return found


def test_no_module_is_longer_than_one_person_holds() -> None:
    lengths = {
        name: len(path.read_text(encoding="utf-8").splitlines())
        for name, path in _modules().items()
    }
    assert {name: n for name, n in lengths.items() if n > MAX_LINES} == {}


def test_no_import_cycle() -> None:
    modules = _modules()
    known = set(modules)
    graph = {name: _imports(name, path, known) for name, path in modules.items()}
    assert graph["runner"], "the scan found no imports"
    assert graph["timers"], "the scan found no imports"

    cycles: list[list[str]] = []
    state: dict[str, int] = {}
    stack: list[str] = []

    def visit(node: str) -> None:
        state[node] = 1
        stack.append(node)
        for target in sorted(graph[node]):
            if state.get(target) == 1:
                cycles.append([*stack[stack.index(target) :], target])
            elif target not in state:
                visit(target)
        stack.pop()
        state[node] = 2

    for name in sorted(graph):
        if name not in state:
            visit(name)
    # A package's __init__ importing its own modules is no cycle.
    cycles = [cycle for cycle in cycles if not _package_init(cycle)]
    assert cycles == []


def _package_init(cycle: list[str]) -> bool:
    """A cycle through a subpackage's __init__ and that subpackage's modules."""
    return any(
        name.endswith(".__init__")
        and all(other.startswith(name.removesuffix("__init__")) for other in cycle)
        for name in cycle
    )
